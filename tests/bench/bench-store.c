/* Times what a coach waits for on a large database, in one process:
 * opening the store, stats, a search, and the first screenful of each
 * list model.   bench-store PATH */
#include "config.h"

#include "qc-record-list.h"
#include "qc-store.h"

#define SCREENFUL 30

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcStore) store = NULL;
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);
  QcStats stats;
  gint64 start;

  if (argc < 2)
    {
      g_printerr ("Usage: bench-store PATH\n");
      return 2;
    }

  start = g_get_monotonic_time ();
  store = qc_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  g_print ("open store                 %8.2f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  if (!qc_store_get_stats (store, &stats, &error))
    g_error ("%s", error->message);
  g_print ("stats                      %8.2f ms  (%" G_GINT64_FORMAT " projects, %" G_GINT64_FORMAT " points)\n",
           ms_since (start), stats.records[3], stats.points);

  start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) hits = qc_store_search (store, "sepsis screening", 100, &error);
  if (hits == NULL)
    g_error ("%s", error->message);
  g_print ("search \"sepsis screening\"  %8.2f ms  (%u hits shown)\n", ms_since (start), hits->len);

  for (guint k = 0; k < n_kinds; k++)
    {
      g_autoptr(QcRecordList) list = NULL;
      guint n;

      start = g_get_monotonic_time ();
      list = qc_record_list_new (store, kinds[k]);
      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      for (guint i = 0; i < MIN (n, SCREENFUL); i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
      g_print ("list %-14s first %d %8.2f ms  (of %u)\n", kinds[k]->plural, SCREENFUL, ms_since (start), n);
    }

  {
    g_autoptr(QcRecordList) list = qc_record_list_new (store, &qc_kind_project);
    start = g_get_monotonic_time ();
    qc_record_list_set_sort (list, "progress", TRUE);
    for (guint i = 0; i < SCREENFUL; i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
    g_print ("projects by progress, first %d %6.2f ms\n", SCREENFUL, ms_since (start));
    start = g_get_monotonic_time ();
    qc_record_list_set_text (list, "sepsis");
    for (guint i = 0; i < SCREENFUL; i++)
      g_clear_object (&(GObject *){ g_list_model_get_item (G_LIST_MODEL (list), i) });
    g_print ("projects matching \"sepsis\" %8.2f ms  (%u)\n", ms_since (start),
             g_list_model_get_n_items (G_LIST_MODEL (list)));
  }
  return 0;
}
