/* The queries of the Coaching, Resources and Network pages: open actions,
 * who is on what project, sessions per person, tags shared across kinds. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "qc-coaching-queries.h"
#include "qc-record-list.h"

typedef struct
{
  char    *dir;
  char    *path;
  QcStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("qc-coaching-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = qc_store_open (f->path, &error);
  g_assert_no_error (error);
  qc_store_set_author (f->store, "Test Coach");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
add (QcStore *store, const QcKind *kind, const char *first_field, ...)
{
  g_autoptr(QcRecord) record = qc_record_new (kind);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first_field);
  for (const char *name = first_field; name; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      qc_record_apply_text (record, name, value, &error);
      g_assert_no_error (error);
    }
  va_end (args);
  qc_store_add (store, record, &error);
  g_assert_no_error (error);
  return g_strdup (qc_record_get_id (record));
}

static void
test_open_actions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ann = add (f->store, &qc_kind_person, "name", "Ann", NULL);
  g_autofree char *owner = g_strdup_printf ("{\"text\":\"Print forms\",\"owner\":\"%s\",\"due\":\"2026-01-10\",\"done\":\"false\"}", ann);
  g_autofree char *s1 = add (f->store, &qc_kind_session, "date", "2026-01-05T10:00:00.000Z",
                             "action", owner,
                             "action", "{\"text\":\"Done already\",\"due\":\"2026-01-01\",\"done\":\"true\"}",
                             "action", "{\"text\":\"Someday\"}", NULL);
  g_autofree char *s2 = add (f->store, &qc_kind_session, "date", "2026-01-02T09:00:00.000Z",
                             "action", "{\"text\":\"Baseline data\",\"due\":\"2025-12-20\"}", NULL);
  g_autoptr(GPtrArray) actions = qc_store_dup_open_actions (f->store, &error);
  g_auto(GStrv) projects = NULL;
  guint n_open = 0, n_overdue = 0;
  QcOpenAction *a;

  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 3);
  /* Earliest due first, then no due date. */
  a = g_ptr_array_index (actions, 0);
  g_assert_cmpstr (a->text, ==, "Baseline data");
  g_assert_cmpstr (a->session_id, ==, s2);
  a = g_ptr_array_index (actions, 1);
  g_assert_cmpstr (a->text, ==, "Print forms");
  g_assert_cmpstr (a->owner, ==, ann);
  g_assert_cmpstr (a->due, ==, "2026-01-10");
  g_assert_nonnull (a->action_id);
  a = g_ptr_array_index (actions, 2);
  g_assert_cmpstr (a->text, ==, "Someday");
  g_assert_null (a->due);

  g_assert_true (qc_store_get_session_summary (f->store, s1, "2026-01-11", &projects,
                                               &n_open, &n_overdue, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_open, ==, 2);
  g_assert_cmpuint (n_overdue, ==, 1);
  g_assert_cmpuint (g_strv_length (projects), ==, 0);
}

static void
test_person_projects (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ann = add (f->store, &qc_kind_person, "name", "Ann", NULL);
  g_autofree char *bob = add (f->store, &qc_kind_person, "name", "Bob", NULL);
  g_autofree char *member = g_strdup_printf ("{\"ref\":\"%s\",\"role\":\"Data lead\"}", ann);
  g_autofree char *member_bob = g_strdup_printf ("{\"ref\":\"%s\"}", bob);
  g_autofree char *p1 = add (f->store, &qc_kind_project, "title", "Sepsis", "lead", ann,
                             "member", member, "member", member_bob, NULL);
  g_autofree char *p2 = add (f->store, &qc_kind_project, "title", "Asthma", "coach", ann, NULL);
  g_autofree char *p3 = add (f->store, &qc_kind_project, "title", "Falls", "sponsor", bob, NULL);
  g_autofree char *attendee = g_strdup_printf ("%s", ann);
  g_autofree char *s1 = add (f->store, &qc_kind_session, "date", "2026-01-05T10:00:00.000Z",
                             "coach", ann, NULL);
  g_autofree char *s2 = add (f->store, &qc_kind_session, "date", "2026-02-05T10:00:00.000Z",
                             "attendee", attendee, NULL);
  g_autofree char *s3 = add (f->store, &qc_kind_session, "date", "2026-03-05T10:00:00.000Z",
                             "coach", bob, NULL);
  g_autoptr(GPtrArray) projects = qc_store_dup_person_projects (f->store, ann, &error);
  g_autoptr(GPtrArray) sessions = NULL;
  QcInvolvement *inv;
  QcPersonSession *ps;

  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 2);
  inv = g_ptr_array_index (projects, 0);
  g_assert_cmpstr (inv->project_id, ==, p2);
  g_assert_cmpint (inv->roles, ==, QC_PROJECT_ROLE_COACH);
  inv = g_ptr_array_index (projects, 1);
  g_assert_cmpstr (inv->project_id, ==, p1);
  g_assert_cmpint (inv->roles, ==, QC_PROJECT_ROLE_LEAD | QC_PROJECT_ROLE_MEMBER);
  g_assert_cmpstr (inv->member_role, ==, "Data lead");

  g_clear_pointer (&projects, g_ptr_array_unref);
  projects = qc_store_dup_person_projects (f->store, bob, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 2);
  inv = g_ptr_array_index (projects, 0);
  g_assert_cmpstr (inv->project_id, ==, p3);
  g_assert_cmpint (inv->roles, ==, QC_PROJECT_ROLE_SPONSOR);
  inv = g_ptr_array_index (projects, 1);
  g_assert_cmpint (inv->roles, ==, QC_PROJECT_ROLE_MEMBER);
  g_assert_null (inv->member_role);

  sessions = qc_store_dup_person_sessions (f->store, ann, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);
  ps = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (ps->session_id, ==, s2);
  g_assert_false (ps->as_coach);
  ps = g_ptr_array_index (sessions, 1);
  g_assert_cmpstr (ps->session_id, ==, s1);
  g_assert_true (ps->as_coach);
  (void) s3;
}

static void
test_tags (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *r1 = add (f->store, &qc_kind_resource, "title", "Run chart guide",
                             "tag", "Run charts", "tag", "SPC", NULL);
  g_autofree char *p1 = add (f->store, &qc_kind_project, "title", "Falls", "tag", "run CHARTS", NULL);
  g_autofree char *p2 = add (f->store, &qc_kind_project, "title", "Sepsis", "tag", "sepsis", NULL);
  g_autofree char *s1 = add (f->store, &qc_kind_session, "date", "2026-01-05T10:00:00.000Z",
                             "topic", "spc", NULL);
  g_autofree char *s2 = add (f->store, &qc_kind_session, "date", "2026-02-05T10:00:00.000Z",
                             "topic", "Run charts", "topic", "SPC", NULL);
  const char *tags[] = { "Run charts", "SPC", "it's \"quoted\"", NULL };
  const char *topics[] = { "spc", NULL };
  g_autoptr(GPtrArray) ids = NULL;
  g_auto(GStrv) all = qc_store_dup_tags (f->store, &qc_kind_resource, &error);

  g_assert_no_error (error);
  /* The region's list comes with every new database. */
  g_assert_true (g_strv_contains ((const char * const *) all, "PDSA"));
  g_assert_true (g_strv_contains ((const char * const *) all, "SPC"));

  ids = qc_store_dup_ids_sharing_words (f->store, &qc_kind_project, tags, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, p1);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = qc_store_dup_ids_sharing_words (f->store, &qc_kind_session, tags, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, s2);   /* newest first */
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, s1);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = qc_store_dup_ids_sharing_words (f->store, &qc_kind_resource, topics, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, r1);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = qc_store_dup_ids_sharing_words (f->store, &qc_kind_resource, topics, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  (void) p2;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/coaching/open-actions", test_open_actions);
  ADD ("/coaching/person-projects-and-sessions", test_person_projects);
  ADD ("/coaching/tags-and-topics", test_tags);
  return g_test_run ();
}
