/* Fills a database for the benchmarks: N projects (default 10,000), each
 * with 3 measures of 24 points, 4 PDSA cycles on its change ideas, a
 * session; plus people and organisations. About 100,000 records and
 * 720,000 data points for N = 10,000.
 *
 *   make-bench-db PATH [N] */
#include "config.h"

#include <stdlib.h>

#include "qc-store.h"

static const char *const themes[] = {
  "Sepsis", "Antimicrobial stewardship", "Admissions avoidance", "End of life care",
  "Children and young people", "Dementia", "Falls", "Pressure ulcers",
};
static const char *const statuses[] = { "idea", "active", "active", "active", "on-hold", "completed" };
static const char *const words[] = {
  "screening", "huddle", "discharge", "handover", "prompt", "checklist", "ward", "clinic",
  "referral", "medication", "review", "pathway", "triage", "community", "bundle", "safety",
};

static void
add_or_die (QcStore *store, QcRecord *record)
{
  g_autoptr(GError) error = NULL;
  if (!qc_store_add (store, record, &error))
    g_error ("%s", error->message);
}

static char *
random_title (GRand *rand, const char *theme)
{
  return g_strdup_printf ("%s %s %s %u", theme,
                          words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                          words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                          g_rand_int_range (rand, 1, 1000));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) organisations = g_ptr_array_new_with_free_func (g_free);
  guint n_projects = argc > 2 ? (guint) atoi (argv[2]) : 10000;

  if (argc < 2)
    {
      g_printerr ("Usage: make-bench-db PATH [N_PROJECTS]\n");
      return 2;
    }
  store = qc_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  qc_store_set_author (store, "Bench Coach");

  if (!qc_store_begin (store, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(QcRecord) org = qc_record_new (&qc_kind_organisation);
      g_autofree char *name = g_strdup_printf ("Trust %u", i);
      qc_record_set (org, "name", name);
      qc_record_set (org, "kind", "acute");
      add_or_die (store, org);
      g_ptr_array_add (organisations, g_strdup (qc_record_get_id (org)));
    }
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(QcRecord) person = qc_record_new (&qc_kind_person);
      g_autofree char *name = g_strdup_printf ("Person %u", i);
      qc_record_set (person, "name", name);
      qc_record_set (person, "organisation", g_ptr_array_index (organisations, i % 50));
      qc_record_set (person, "coach", i % 10 == 0 ? "true" : "false");
      add_or_die (store, person);
      g_ptr_array_add (people, g_strdup (qc_record_get_id (person)));
    }

  for (guint p = 0; p < n_projects; p++)
    {
      const char *theme = themes[p % G_N_ELEMENTS (themes)];
      g_autoptr(QcRecord) project = qc_record_new (&qc_kind_project);
      g_autofree char *title = random_title (rand, theme);
      g_autofree char *aim = g_strdup_printf ("Improve %s by %u%% by March 2027", title,
                                              g_rand_int_range (rand, 10, 90));
      g_autofree char *progress = g_strdup_printf ("%.1f", g_rand_int_range (rand, 1, 11) / 2.0);
      const char *change_ideas[2];

      qc_record_set (project, "title", title);
      qc_record_set (project, "aim", aim);
      qc_record_set (project, "theme", theme);
      qc_record_set (project, "status", statuses[p % G_N_ELEMENTS (statuses)]);
      qc_record_set (project, "progress", progress);
      qc_record_set (project, "organisation", g_ptr_array_index (organisations, p % 50));
      qc_record_set (project, "coach", g_ptr_array_index (people, (p % 100) * 10));
      qc_record_set (project, "lead", g_ptr_array_index (people, p % 1000));
      qc_record_set (project, "start", "2026-01-05");
      QcItem *primary = qc_record_add_item (project, "driver");
      qc_item_set (primary, "kind", "primary");
      qc_item_set (primary, "text", "Reliable process");
      g_autofree char *primary_id = qc_uuid_new ();
      qc_item_set (primary, "id", primary_id);
      for (guint c = 0; c < 2; c++)
        {
          QcItem *idea = qc_record_add_item (project, "driver");
          g_autofree char *idea_id = qc_uuid_new ();
          qc_item_set (idea, "id", idea_id);
          qc_item_set (idea, "kind", "change-idea");
          qc_item_set (idea, "parent", primary_id);
          qc_item_set (idea, "text", words[(p + c) % G_N_ELEMENTS (words)]);
        }
      add_or_die (store, project);
      {
        GPtrArray *drivers = qc_record_get_items (project, "driver");
        change_ideas[0] = qc_item_get (g_ptr_array_index (drivers, 1), "id");
        change_ideas[1] = qc_item_get (g_ptr_array_index (drivers, 2), "id");
      }

      for (guint m = 0; m < 3; m++)
        {
          g_autoptr(QcRecord) measure = qc_record_new (&qc_kind_measure);
          qc_record_set (measure, "project", qc_record_get_id (project));
          qc_record_set (measure, "name", m == 0 ? "Patients screened" : m == 1 ? "Time to antibiotics" : "Falls");
          qc_record_set (measure, "chart", m == 0 ? "p" : m == 1 ? "i" : "c");
          for (guint d = 0; d < 24; d++)
            {
              QcItem *point = qc_record_add_item (measure, "point");
              g_autofree char *date = g_strdup_printf ("2026-%02u-%02u", 1 + d / 2, 1 + (d % 2) * 14);
              g_autofree char *a = g_strdup_printf ("%d", g_rand_int_range (rand, 10, 40));
              g_autofree char *b = g_strdup_printf ("%d", g_rand_int_range (rand, 40, 60));
              qc_item_set (point, "date", date);
              if (m == 0)
                {
                  qc_item_set (point, "numerator", a);
                  qc_item_set (point, "denominator", b);
                }
              else
                qc_item_set (point, "value", a);
            }
          add_or_die (store, measure);
        }

      for (guint c = 0; c < 4; c++)
        {
          g_autoptr(QcRecord) pdsa = qc_record_new (&qc_kind_pdsa);
          g_autofree char *cycle_title = g_strdup_printf ("Test %s, cycle %u", words[(p + c) % G_N_ELEMENTS (words)], c / 2 + 1);
          g_autofree char *number = g_strdup_printf ("%u", c / 2 + 1);
          qc_record_set (pdsa, "project", qc_record_get_id (project));
          qc_record_set (pdsa, "title", cycle_title);
          qc_record_set (pdsa, "number", number);
          qc_record_set (pdsa, "change-idea", change_ideas[c % 2]);
          qc_record_set (pdsa, "purpose", "test");
          qc_record_set (pdsa, "objective", "See whether the change is used on one ward.");
          qc_record_set (pdsa, "stage", c < 2 ? "done" : "plan");
          QcItem *question = qc_record_add_item (pdsa, "question");
          qc_item_set (question, "text", "Will staff use it?");
          qc_item_set (question, "prediction", "8 of 10");
          add_or_die (store, pdsa);
        }

      g_autoptr(QcRecord) session = qc_record_new (&qc_kind_session);
      g_autofree char *when = g_strdup_printf ("2026-%02u-%02uT10:00:00.000Z", 1 + p % 12, 1 + p % 28);
      qc_record_set (session, "date", when);
      qc_record_set (session, "minutes", "45");
      qc_record_set (session, "mode", "video");
      qc_record_set (session, "notes", "Reviewed the run chart and planned the next cycle.");
      QcItem *ref = qc_record_add_item (session, "project");
      qc_item_set (ref, "ref", qc_record_get_id (project));
      add_or_die (store, session);
    }

  if (!qc_store_commit (store, &error))
    g_error ("%s", error->message);
  return 0;
}
