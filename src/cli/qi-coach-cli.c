/* qi-coach-cli: the headless interface. Argument parsing and printing only;
 * the work is done by libqicoach-core. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "qc-chart-json.h"
#include "qc-chart-render.h"
#include "qc-error.h"
#include "qc-exchange-reader.h"
#include "qc-exchange-writer.h"
#include "qc-points-csv.h"
#include "qc-record-list.h"
#include "qc-store.h"

enum
{
  EXIT_DONE = 0,
  EXIT_REFUSED = 1,
  EXIT_USAGE = 2,
  EXIT_DATABASE = 3,
};

typedef struct
{
  const char *db_path;
  gboolean    json;
  int         argc;
  char      **argv;   /* the command's own arguments, after the command */
} Invocation;

typedef int (*CommandFunc) (Invocation *inv);

static int
fail_with (GError *error)
{
  g_printerr ("qi-coach-cli: %s\n", error->message);
  if (error->domain == QC_ERROR &&
      (error->code == QC_ERROR_DATABASE || error->code == QC_ERROR_CORRUPT ||
       error->code == QC_ERROR_TOO_NEW))
    return EXIT_DATABASE;
  return EXIT_REFUSED;
}

static int
usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("qi-coach-cli: %s\n", message);
  g_printerr (_("Try “qi-coach-cli --help”.\n"));
  return EXIT_USAGE;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);
  g_print ("%s\n", text);
}

static void
print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  print_json (root);
}

static void
add_string_member (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int_member (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_boolean_member (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static const char *
author_name (void)
{
  const char *env = g_getenv ("QI_COACH_AUTHOR");
  return (env && *env) ? env : g_get_real_name ();
}

static QcStore *
open_store (Invocation *inv, int *status)
{
  g_autofree char *path = inv->db_path ? g_strdup (inv->db_path) : qc_store_dup_default_path ();
  g_autoptr(GError) error = NULL;
  QcStore *store = qc_store_open (path, &error);

  if (store == NULL)
    {
      *status = fail_with (error);
      return NULL;
    }
  qc_store_set_author (store, author_name ());
  return store;
}

/* Takes --json out of the command's arguments wherever it stands. */
static void
take_json_flag (Invocation *inv)
{
  int out = 0;
  for (int i = 0; i < inv->argc; i++)
    {
      if (g_str_equal (inv->argv[i], "--json"))
        inv->json = TRUE;
      else
        inv->argv[out++] = inv->argv[i];
    }
  inv->argc = out;
  inv->argv[out] = NULL;
}

static int
cmd_init (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;

  if (inv->argc != 0)
    return usage_error (_("“init” takes no arguments"));
  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  g_print ("%s\n", qc_store_get_path (store));
  return EXIT_DONE;
}

static int
cmd_stats (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  QcStats stats;
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);
  const struct { const char *name; gint64 *value; } extras[] = {
    { "tombstones", &stats.tombstones },
    { "history", &stats.history },
    { "conflicts", &stats.conflicts },
    { "points", &stats.points },
  };

  take_json_flag (inv);
  if (inv->argc != 0)
    return usage_error (_("“stats” takes only --json"));
  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  if (!qc_store_get_stats (store, &stats, &error))
    return fail_with (error);

  json_builder_begin_object (builder);
  for (guint i = 0; i < n_kinds; i++)
    {
      if (inv->json)
        {
          json_builder_set_member_name (builder, kinds[i]->plural);
          json_builder_add_int_value (builder, stats.records[i]);
        }
      else
        g_print ("%-14s %" G_GINT64_FORMAT "\n", kinds[i]->plural, stats.records[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      if (inv->json)
        {
          json_builder_set_member_name (builder, extras[i].name);
          json_builder_add_int_value (builder, *extras[i].value);
        }
      else
        g_print ("%-14s %" G_GINT64_FORMAT "\n", extras[i].name, *extras[i].value);
    }
  json_builder_end_object (builder);
  if (inv->json)
      print_builder (builder);
  return EXIT_DONE;
}

static const QcKind *
kind_from_plural (const char *name)
{
  const QcKind *kind = qc_kind_lookup_plural (name);
  if (kind == NULL)
    kind = qc_kind_lookup (name);
  return kind;
}

static int
cmd_list (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(QcRecordList) list = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const QcKind *kind;
  guint n;

  take_json_flag (inv);
  if (inv->argc != 1)
    return usage_error (_("Usage: list KIND [--json], KIND one of projects, pdsa, sessions, "
                          "resources, people, organisations, measures"));
  kind = kind_from_plural (inv->argv[0]);
  if (kind == NULL)
    return usage_error (_("Unknown kind “%s”: use projects, pdsa, sessions, resources, "
                          "people, organisations or measures"), inv->argv[0]);
  store = open_store (inv, &status);
  if (store == NULL)
    return status;

  list = qc_record_list_new (store, kind);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(QcRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *title = qc_record_dup_title (record);
      if (inv->json)
        {
          json_builder_begin_object (builder);
          add_string_member (builder, "id", qc_record_get_id (record));
          add_string_member (builder, "kind", kind->name);
          add_string_member (builder, "title", title);
          add_string_member (builder, "modified", qc_record_get_modified (record));
          json_builder_end_object (builder);
        }
      else
        g_print ("%s\t%s\n", qc_record_get_id (record), title);
    }
  json_builder_end_array (builder);
  if (inv->json)
      print_builder (builder);
  return EXIT_DONE;
}

static void
print_record_text (QcRecord *record)
{
  const QcKind *kind = qc_record_get_kind (record);

  g_print ("%s %s\n", kind->name, qc_record_get_id (record));
  g_print ("  %-14s %s\n", "created", qc_record_get_created (record));
  g_print ("  %-14s %s\n", "modified", qc_record_get_modified (record));
  if (qc_record_get_modified_by (record))
    g_print ("  %-14s %s\n", "modified-by", qc_record_get_modified_by (record));
  g_print ("  %-14s %s\n", "rev", qc_record_get_rev (record));
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const char *value = qc_record_get (record, kind->fields[i].name);
      if (value)
        g_print ("  %-14s %s\n", kind->fields[i].name, value);
    }
  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      GPtrArray *items = qc_record_get_items (record, collection->name);
      for (guint j = 0; j < items->len; j++)
        {
          QcItem *item = g_ptr_array_index (items, j);
          g_autoptr(GString) line = g_string_new (NULL);
          for (guint f = 0; f < collection->n_fields; f++)
            if (item->values[f])
              g_string_append_printf (line, "%s%s=%s", line->len ? " " : "",
                                      collection->fields[f].name, item->values[f]);
          g_print ("  %-14s %s\n", collection->name, line->str);
        }
    }
}

static int
cmd_show (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(QcRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  take_json_flag (inv);
  if (inv->argc != 1)
    return usage_error (_("Usage: show ID [--json]"));
  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  record = qc_store_load (store, inv->argv[0], &error);
  if (record == NULL)
    return fail_with (error);
  if (inv->json)
    {
      g_autoptr(JsonNode) node = qc_record_to_json (record, QC_JSON_META | QC_JSON_PRIVATE);
      print_json (node);
    }
  else
    print_record_text (record);
  return EXIT_DONE;
}

static int
cmd_search (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  take_json_flag (inv);
  if (inv->argc < 1)
    return usage_error (_("Usage: search QUERY [--json]"));
  query = g_strjoinv (" ", inv->argv);
  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  hits = qc_store_search (store, query, 100, &error);
  if (hits == NULL)
    return fail_with (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < hits->len; i++)
    {
      QcSearchHit *hit = g_ptr_array_index (hits, i);
      if (inv->json)
        {
          json_builder_begin_object (builder);
          add_string_member (builder, "kind", hit->kind->name);
          add_string_member (builder, "id", hit->id);
          add_string_member (builder, "title", hit->title);
          add_string_member (builder, "snippet", hit->snippet);
          json_builder_end_object (builder);
        }
      else
        g_print ("%s\t%s\t%s\n", hit->kind->name, hit->id, hit->title);
    }
  json_builder_end_array (builder);
  if (inv->json)
      print_builder (builder);
  return EXIT_DONE;
}

/* Reads --FIELD VALUE pairs into @record. Collections named here are
 * replaced by the items given. */
static int
apply_field_options (QcRecord *record, int argc, char **argv)
{
  g_autoptr(GHashTable) cleared = g_hash_table_new (g_str_hash, g_str_equal);
  const QcKind *kind = qc_record_get_kind (record);

  for (int i = 0; i < argc; i += 2)
    {
      g_autoptr(GError) error = NULL;
      const char *name;

      if (!g_str_has_prefix (argv[i], "--") || argv[i][2] == '\0')
        return usage_error (_("Expected --FIELD VALUE, found “%s”"), argv[i]);
      name = argv[i] + 2;
      if (i + 1 >= argc)
        return usage_error (_("--%s needs a value"), name);
      if (qc_kind_find_field (kind, name, NULL) == NULL &&
          qc_kind_find_collection (kind, name, NULL) == NULL)
        {
          g_autoptr(GString) names = g_string_new (NULL);
          for (guint f = 0; f < kind->n_fields; f++)
            g_string_append_printf (names, " --%s", kind->fields[f].name);
          for (guint c = 0; c < kind->n_collections; c++)
            g_string_append_printf (names, " --%s", kind->collections[c].name);
          return usage_error (_("A %s has no field “%s”; its fields are:%s"),
                              kind->name, name, names->str);
        }
      if (qc_kind_find_collection (kind, name, NULL) && !g_hash_table_contains (cleared, name))
        {
          qc_record_clear_items (record, name);
          g_hash_table_add (cleared, (gpointer) name);
        }
      if (!qc_record_apply_text (record, name, argv[i + 1], &error))
        return fail_with (error);
    }
  return EXIT_DONE;
}

static int
cmd_add (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(QcRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const QcKind *kind;

  if (inv->argc < 1)
    return usage_error (_("Usage: add KIND --FIELD VALUE ..."));
  kind = qc_kind_lookup (inv->argv[0]);
  if (kind == NULL)
    return usage_error (_("Unknown kind “%s”: use project, pdsa, session, resource, person, "
                          "organisation or measure"), inv->argv[0]);
  record = qc_record_new (kind);
  status = apply_field_options (record, inv->argc - 1, inv->argv + 1);
  if (status != EXIT_DONE)
    return status;
  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  if (!qc_store_add (store, record, &error))
    return fail_with (error);
  g_print ("%s\n", qc_record_get_id (record));
  return EXIT_DONE;
}

static int
cmd_set (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(QcRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (inv->argc < 3)
    return usage_error (_("Usage: set ID --FIELD VALUE ..."));
  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  record = qc_store_load (store, inv->argv[0], &error);
  if (record == NULL)
    return fail_with (error);
  status = apply_field_options (record, inv->argc - 1, inv->argv + 1);
  if (status != EXIT_DONE)
    return status;
  if (!qc_store_save (store, record, &error))
    return fail_with (error);
  g_print ("%s\n", qc_record_get_rev (record));
  return EXIT_DONE;
}

static int
cmd_delete (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (inv->argc != 1)
    return usage_error (_("Usage: delete ID"));
  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  if (!qc_store_delete (store, inv->argv[0], &error))
    return fail_with (error);
  return EXIT_DONE;
}

static int
cmd_history (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  take_json_flag (inv);
  if (inv->argc != 1)
    return usage_error (_("Usage: history ID [--json]"));
  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  entries = qc_store_history (store, inv->argv[0], &error);
  if (entries == NULL)
    return fail_with (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      QcHistoryEntry *entry = g_ptr_array_index (entries, i);
      if (inv->json)
        {
          json_builder_begin_object (builder);
          add_int_member (builder, "seq", entry->seq);
          add_string_member (builder, "rev", entry->rev);
          add_string_member (builder, "modified", entry->modified);
          add_string_member (builder, "modified_by", entry->modified_by);
          add_string_member (builder, "reason", entry->reason);
          add_string_member (builder, "saved", entry->saved);
          add_boolean_member (builder, "deleted", entry->deleted);
          json_builder_set_member_name (builder, "version");
          json_builder_add_value (builder, qc_record_to_json (entry->version,
                                                              QC_JSON_META | QC_JSON_PRIVATE));
          json_builder_end_object (builder);
        }
      else
        g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s%s\n", entry->seq, entry->rev,
                 entry->modified, entry->modified_by ? entry->modified_by : "-",
                 entry->reason, entry->deleted ? " (deleted)" : "");
    }
  json_builder_end_array (builder);
  if (inv->json)
      print_builder (builder);
  return EXIT_DONE;
}

static int
cmd_points (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(GPtrArray) points = NULL;
  g_autoptr(GError) error = NULL;

  if (inv->argc != 3 || !g_str_equal (inv->argv[1], "--csv"))
    return usage_error (_("Usage: points ID --csv FILE"));
  points = qc_points_from_csv_file (inv->argv[2], &error);
  if (points == NULL)
    return fail_with (error);
  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  if (!qc_store_set_points (store, inv->argv[0], points, &error))
    return fail_with (error);
  g_print (ngettext ("%u point\n", "%u points\n", points->len), points->len);
  return EXIT_DONE;
}

/* chart analyse / chart render: parsing and printing; the work is in
 * qc-chart-analysis, qc-measure-chart and qc-chart-render. */

static gboolean
parse_chart_number (const char *text,
                    double     *out)
{
  char *end = NULL;
  double d;

  if (text == NULL || *text == '\0')
    return FALSE;
  d = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

/* The value of option @argv[*i] (--name VALUE or --name=VALUE), or NULL
 * when @argv[*i] is not --name. *missing is set when it has no value. */
static const char *
chart_option (Invocation *inv,
              int        *i,
              const char *name,
              gboolean   *missing)
{
  const char *arg = inv->argv[*i];
  gsize len = strlen (name);

  if (strncmp (arg, name, len) != 0)
    return NULL;
  if (arg[len] == '=')
    return arg + len + 1;
  if (arg[len] != '\0')
    return NULL;
  if (*i + 1 >= inv->argc)
    {
      *missing = TRUE;
      return NULL;
    }
  (*i)++;
  return inv->argv[*i];
}

static char *
chart_cell (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    return g_strdup ("-");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

static void
print_chart_table (const QcChartResult *result)
{
  gboolean mdc = result->rules == QC_CHART_RULES_MDC;
  const QcChartRuns *runs = &result->runs;

  g_print ("%-12s %12s %12s %12s %12s  %s%s\n", "date", "y", "cl", "lcl", "ucl",
           mdc ? "variation   " : "", "signals");
  for (guint i = 0; i < result->n_points; i++)
    {
      const QcChartPoint *pt = &result->points[i];
      g_autofree char *y = chart_cell (pt->y);
      g_autofree char *cl = chart_cell (pt->cl);
      g_autofree char *lcl = chart_cell (pt->lcl);
      g_autofree char *ucl = chart_cell (pt->ucl);
      g_autoptr(GString) signals = g_string_new (NULL);

      for (guint s = 0; s < QC_CHART_N_SIGNALS; s++)
        if (pt->signals & (1u << s))
          g_string_append_printf (signals, "%s%s", signals->len ? "," : "",
                                  qc_chart_signal_to_string ((QcChartSignal) (1u << s)));
      if (mdc)
        {
          const char *variation = qc_chart_variation_to_string (pt->variation);
          g_print ("%-12s %12s %12s %12s %12s  %-12s%s\n", pt->date, y, cl, lcl, ucl,
                   variation ? variation : "-", signals->len ? signals->str : "-");
        }
      else
        g_print ("%-12s %12s %12s %12s %12s  %s\n", pt->date, y, cl, lcl, ucl,
                 signals->len ? signals->str : "-");
    }

  if (!runs->valid)
    g_print (_("runs: no point off the centre line\n"));
  else
    {
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, _("runs: %u useful points, longest run %u (signal above %u), %u crossings"),
                              runs->n_useful, runs->longest_run, runs->longest_run_max, runs->crossings);
      if (runs->crossings_min >= 0 && runs->crossings_max >= 0)
        g_string_append_printf (line, _(" (expected %d to %d)"), runs->crossings_min, runs->crossings_max);
      else if (runs->crossings_min >= 0)
        g_string_append_printf (line, _(" (signal below %d)"), runs->crossings_min);
      g_string_append (line, runs->signal ? _(": non-random variation") : _(": no runs signal"));
      g_print ("%s\n", line->str);
    }
  if (mdc && isfinite (result->target))
    {
      const char *assurance = qc_chart_assurance_to_string (result->assurance);
      g_print (_("assurance: %s\n"), assurance ? assurance : "-");
    }
  if (mdc && result->trial_limits)
    g_print (_("trial limits: fewer than %u points in the last phase\n"), QC_CHART_MDC_MIN_POINTS);
}

static int
cmd_chart_analyse (Invocation *inv)
{
  g_autoptr(QcChartSeries) series = NULL;
  g_autoptr(QcChartResult) result = NULL;
  g_autoptr(GError) error = NULL;
  QcChartOptions options;
  const char *type_arg = NULL, *csv = NULL, *rules_arg = NULL, *direction_arg = NULL;
  const char *target_arg = NULL;
  gboolean no_screen = FALSE;
  QcChartType type;
  QcChartRules rules = QC_CHART_RULES_ANHOEJ;
  QcChartDirection direction = QC_CHART_DIRECTION_INCREASE;
  double target = NAN;

  take_json_flag (inv);
  for (int i = 0; i < inv->argc; i++)
    {
      gboolean missing = FALSE;
      const char *value;

      if (g_str_equal (inv->argv[i], "--no-screen"))
        {
          no_screen = TRUE;
          continue;
        }
      if ((value = chart_option (inv, &i, "--type", &missing)))
        type_arg = value;
      else if ((value = chart_option (inv, &i, "--csv", &missing)))
        csv = value;
      else if ((value = chart_option (inv, &i, "--rules", &missing)))
        rules_arg = value;
      else if ((value = chart_option (inv, &i, "--direction", &missing)))
        direction_arg = value;
      else if ((value = chart_option (inv, &i, "--target", &missing)))
        target_arg = value;
      else if (missing)
        return usage_error (_("%s needs a value"), inv->argv[i]);
      else
        return usage_error (_("Unknown option “%s” for chart analyse"), inv->argv[i]);
    }

  if (type_arg == NULL || csv == NULL)
    return usage_error (_("Usage: chart analyse --type TYPE --csv FILE [--rules anhoej|ihi|mdc] "
                          "[--direction increase|decrease|neutral] [--no-screen] [--target X] [--json]"));
  if (!qc_chart_type_from_string (type_arg, &type))
    return usage_error (_("Unknown chart type “%s”: use run, i, mr, p, u or c"), type_arg);
  if (rules_arg != NULL && !qc_chart_rules_from_string (rules_arg, &rules))
    return usage_error (_("Unknown rules “%s”: use anhoej, ihi or mdc"), rules_arg);
  if (direction_arg != NULL && !qc_chart_direction_from_string (direction_arg, &direction))
    return usage_error (_("Unknown direction “%s”: use increase, decrease or neutral"), direction_arg);
  if (target_arg != NULL && !parse_chart_number (target_arg, &target))
    return usage_error (_("--target needs a number, not “%s”"), target_arg);
  if (rules == QC_CHART_RULES_MDC && type != QC_CHART_TYPE_I)
    return usage_error (_("--rules mdc applies to i charts only, not to a %s chart"), type_arg);

  series = qc_chart_series_new_from_csv (csv, type, &error);
  if (series == NULL)
    return fail_with (error);

  qc_chart_options_init (&options, type);
  options.rules = rules;
  options.direction = direction;
  options.screen = !no_screen;
  options.target = target;
  result = qc_chart_analyse (series, &options, &error);
  if (result == NULL)
    return fail_with (error);

  if (inv->json)
    {
      g_autofree char *text = qc_chart_result_to_json_string (result, TRUE);
      g_print ("%s\n", text);
    }
  else
    print_chart_table (result);
  return EXIT_DONE;
}

static int
cmd_chart_render (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(QcChartRender) render = NULL;
  QcMeasureChart *chart;
  const char *id = NULL, *format_arg = NULL, *output = NULL, *rules_arg = NULL;
  const char *width_arg = NULL, *height_arg = NULL;
  QcChartFormat format;
  QcChartRules rules = QC_CHART_RULES_ANHOEJ;
  double width, height;

  for (int i = 0; i < inv->argc; i++)
    {
      gboolean missing = FALSE;
      const char *value;

      if ((value = chart_option (inv, &i, "--format", &missing)))
        format_arg = value;
      else if ((value = chart_option (inv, &i, "-o", &missing)) ||
               (value = chart_option (inv, &i, "--output", &missing)))
        output = value;
      else if ((value = chart_option (inv, &i, "--rules", &missing)))
        rules_arg = value;
      else if ((value = chart_option (inv, &i, "--width", &missing)))
        width_arg = value;
      else if ((value = chart_option (inv, &i, "--height", &missing)))
        height_arg = value;
      else if (missing)
        return usage_error (_("%s needs a value"), inv->argv[i]);
      else if (inv->argv[i][0] == '-' || id != NULL)
        return usage_error (_("Unknown argument “%s” for chart render"), inv->argv[i]);
      else
        id = inv->argv[i];
    }

  if (id == NULL || output == NULL)
    return usage_error (_("Usage: chart render ID --format svg|png|pdf -o FILE "
                          "[--width W --height H] [--rules anhoej|ihi|mdc]"));
  if (format_arg != NULL ? !qc_chart_format_from_string (format_arg, &format)
                         : !qc_chart_format_from_path (output, &format))
    return usage_error (_("Unknown format “%s”: use svg, png or pdf"),
                        format_arg ? format_arg : output);
  if (rules_arg != NULL && !qc_chart_rules_from_string (rules_arg, &rules))
    return usage_error (_("Unknown rules “%s”: use anhoej, ihi or mdc"), rules_arg);
  qc_chart_format_default_size (format, &width, &height);
  if ((width_arg != NULL && !parse_chart_number (width_arg, &width)) ||
      (height_arg != NULL && !parse_chart_number (height_arg, &height)) ||
      width < 100 || width > 10000 || height < 100 || height > 10000)
    return usage_error (_("--width and --height must be numbers from 100 to 10000"));

  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  chart = qc_measure_chart_load (store, id, rules, &error);
  if (chart == NULL)
    return fail_with (error);
  if (chart->rules_fell_back)
    g_printerr (_("qi-coach-cli: note: the Making Data Count rules apply to i charts only; "
                  "drawing this %s chart with the Anhøj rules\n"),
                qc_chart_type_to_string (chart->options.type));
  render = qc_chart_render_new (chart, &error);
  if (render == NULL)
    return fail_with (error);
  if (!qc_chart_render_to_file (render, output, format, width, height, &error))
    return fail_with (error);
  return EXIT_DONE;
}

static int
cmd_chart (Invocation *inv)
{
  const char *sub = inv->argc > 0 ? inv->argv[0] : NULL;

  if (sub == NULL)
    return usage_error (_("Usage: chart analyse ... or chart render ..."));
  inv->argc--;
  inv->argv++;
  if (g_str_equal (sub, "analyse") || g_str_equal (sub, "analyze"))
    return cmd_chart_analyse (inv);
  if (g_str_equal (sub, "render"))
    return cmd_chart_render (inv);
  return usage_error (_("Unknown chart command “%s”: use analyse or render"), sub);
}

static int
cmd_export (Invocation *inv)
{
  int status = EXIT_DONE;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = g_ptr_array_new ();
  QcExportOptions options = { NULL };
  const char *output = NULL;
  guint n_records = 0;

  for (int i = 0; i < inv->argc; i++)
    {
      const char *arg = inv->argv[i];
      if ((g_str_equal (arg, "--project") || g_str_equal (arg, "--since") ||
           g_str_equal (arg, "-o") || g_str_equal (arg, "--output")) && i + 1 >= inv->argc)
        return usage_error (_("%s needs a value"), arg);
      if (g_str_equal (arg, "--project"))
        g_ptr_array_add (projects, inv->argv[++i]);
      else if (g_str_equal (arg, "--since"))
        options.since = inv->argv[++i];
      else if (g_str_equal (arg, "-o") || g_str_equal (arg, "--output"))
        output = inv->argv[++i];
      else
        return usage_error (_("Usage: export [--project ID]... [--since TIME] -o FILE"));
    }
  if (output == NULL)
    return usage_error (_("Usage: export [--project ID]... [--since TIME] -o FILE"));
  g_ptr_array_add (projects, NULL);
  options.projects = (const char * const *) projects->pdata;
  options.sender_name = author_name ();
  options.sender_email = g_getenv ("QI_COACH_EMAIL");
  options.sender_organisation = g_getenv ("QI_COACH_ORGANISATION");

  store = open_store (inv, &status);
  if (store == NULL)
    return status;
  if (!qc_exchange_export_file (store, output, &options, NULL, NULL, NULL, &n_records, &error))
    return fail_with (error);
  g_print (ngettext ("%u record written to %s\n", "%u records written to %s\n", n_records),
           n_records, output);
  return EXIT_DONE;
}

static int
cmd_validate (Invocation *inv)
{
  gboolean schema = FALSE;
  int status = EXIT_DONE, n_files = 0;

  for (int i = 0; i < inv->argc; i++)
    if (g_str_equal (inv->argv[i], "--schema"))
      schema = TRUE;
    else if (g_str_has_prefix (inv->argv[i], "-"))
      return usage_error (_("Usage: validate [--schema] FILE..."));
    else
      n_files++;
  if (n_files == 0)
    return usage_error (_("Usage: validate [--schema] FILE..."));

  for (int i = 0; i < inv->argc; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *path = inv->argv[i];

      if (g_str_equal (path, "--schema"))
        continue;
      if (qc_exchange_validate_file (path, NULL, &error) &&
          (!schema || qc_exchange_validate_with_schema (path, &error)))
        g_print (_("%s: valid\n"), path);
      else
        {
          g_printerr ("qi-coach-cli: %s\n", error->message);
          status = EXIT_REFUSED;
        }
    }
  return status;
}

static int
cmd_import (Invocation *inv)
{
  int status = EXIT_DONE, n_files = 0;
  g_autoptr(QcStore) store = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  QcImportOptions options = { FALSE };
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);

  take_json_flag (inv);
  for (int i = 0; i < inv->argc; i++)
    if (g_str_equal (inv->argv[i], "--dry-run"))
      options.dry_run = TRUE;
    else if (g_str_has_prefix (inv->argv[i], "-"))
      return usage_error (_("Usage: import [--dry-run] [--json] FILE..."));
    else
      n_files++;
  if (n_files == 0)
    return usage_error (_("Usage: import [--dry-run] [--json] FILE..."));
  store = open_store (inv, &status);
  if (store == NULL)
    return status;

  json_builder_begin_array (builder);
  for (int i = 0; i < inv->argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(QcImportReport) report = NULL;
      const char *path = inv->argv[i];

      if (g_str_equal (path, "--dry-run"))
        continue;
      if (!qc_exchange_import_file (store, path, &options, NULL, NULL, NULL, &report, &error))
        {
          g_printerr ("qi-coach-cli: %s\n", error->message);
          if (error->domain == QC_ERROR &&
              (error->code == QC_ERROR_DATABASE || error->code == QC_ERROR_CORRUPT))
            return EXIT_DATABASE;
          status = EXIT_REFUSED;
          json_builder_begin_object (builder);
          add_string_member (builder, "file", path);
          add_string_member (builder, "error", error->message);
          json_builder_end_object (builder);
          continue;
        }
      if (inv->json)
        {
          json_builder_add_value (builder, qc_import_report_to_json (report));
          continue;
        }

      g_print (options.dry_run ? _("%s (dry run, nothing changed):") : "%s:", path);
      for (guint o = 0; o < QC_IMPORT_N_OUTCOMES; o++)
        g_print (" %s %u", o == QC_IMPORT_CONFLICT ? "conflicts" : qc_import_outcome_to_string (o),
                 qc_import_report_get_total (report, o));
      g_print ("\n");
      for (guint k = 0; k < n_kinds; k++)
        {
          guint sum = 0;
          for (guint o = 0; o < QC_IMPORT_N_OUTCOMES; o++)
            sum += qc_import_report_get_count (report, kinds[k], o);
          if (sum == 0)
            continue;
          g_print ("  %-13s", kinds[k]->name);
          for (guint o = 0; o < QC_IMPORT_N_OUTCOMES; o++)
            g_print (" %s %u", o == QC_IMPORT_CONFLICT ? "conflicts" : qc_import_outcome_to_string (o),
                     qc_import_report_get_count (report, kinds[k], o));
          g_print ("\n");
        }
      {
        GPtrArray *items = qc_import_report_get_items (report);
        for (guint j = 0; j < items->len; j++)
          {
            QcImportItem *item = g_ptr_array_index (items, j);
            if (item->outcome != QC_IMPORT_CONFLICT)
              continue;
            g_print ("  conflict %s %s “%s”: %s\n", item->kind->name, item->id,
                     item->title ? item->title : "",
                     item->incoming_kept ? _("the file's version is current, yours is in history")
                                         : _("yours stays current, the file's version is in history"));
          }
      }
    }
  json_builder_end_array (builder);
  if (inv->json)
      print_builder (builder);
  return status;
}

static const struct
{
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} commands[] = {
  { "init", cmd_init, N_("create (or upgrade) the database; print its path") },
  { "stats", cmd_stats, N_("[--json]  count the records of each kind") },
  { "list", cmd_list, N_("KIND [--json]  list projects, pdsa, sessions, resources, people, organisations, measures") },
  { "show", cmd_show, N_("ID [--json]  one record with all its fields") },
  { "search", cmd_search, N_("QUERY [--json]  full-text search over every kind, best first") },
  { "add", cmd_add, N_("KIND --FIELD VALUE ...  add a record; prints its id") },
  { "set", cmd_set, N_("ID --FIELD VALUE ...  change fields (the old version stays in history)") },
  { "delete", cmd_delete, N_("ID  delete a record (its last version stays in history)") },
  { "history", cmd_history, N_("ID [--json]  earlier versions, newest first") },
  { "points", cmd_points, N_("ID --csv FILE  replace a measure's data points from a CSV file") },
  { "export", cmd_export, N_("[--project ID]... [--since TIME] -o FILE  write an exchange file") },
  { "validate", cmd_validate, N_("[--schema] FILE...  check exchange files; changes nothing") },
  { "import", cmd_import, N_("[--dry-run] [--json] FILE...  merge exchange files") },
  { "chart", cmd_chart, N_("analyse --type TYPE --csv FILE [--rules R] [--direction D] [--no-screen]\n"
                          "           [--target X] [--json]  analyse a series (rules and limits)\n"
                          "  chart    render ID [--format svg|png|pdf] -o FILE [--width W --height H]\n"
                          "           [--rules R]  draw a measure's chart") },
};

static void
print_help (void)
{
  g_print (_("Usage: qi-coach-cli [--db PATH] COMMAND [ARGS...]\n\n"
             "The database is --db PATH, else $QI_COACH_DB, else\n"
             "$XDG_DATA_HOME/qi-coach/qi-coach.db.\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-8s %s\n", commands[i].name, _(commands[i].summary));
  g_print (_("\nExit status: 0 done, 1 input refused (nothing changed), 2 wrong usage,\n"
             "3 the database could not be opened or written.\n"));
}

int
main (int argc, char **argv)
{
  Invocation inv = { 0 };
  int i = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  while (i < argc && g_str_has_prefix (argv[i], "-"))
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_help ();
          return EXIT_DONE;
        }
      if (g_str_equal (argv[i], "--version"))
        {
          g_print ("qi-coach-cli %s\n", PACKAGE_VERSION);
          return EXIT_DONE;
        }
      if (g_str_equal (argv[i], "--db"))
        {
          if (i + 1 >= argc)
            return usage_error (_("--db needs a path"));
          inv.db_path = argv[i + 1];
          i += 2;
          continue;
        }
      if (g_str_has_prefix (argv[i], "--db="))
        {
          inv.db_path = argv[i] + 5;
          i++;
          continue;
        }
      return usage_error (_("Unknown option “%s”"), argv[i]);
    }

  if (i >= argc)
    return usage_error (_("No command given"));

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      {
        inv.argc = argc - i - 1;
        inv.argv = argv + i + 1;
        return commands[c].func (&inv);
      }
  return usage_error (_("Unknown command “%s”"), argv[i]);
}
