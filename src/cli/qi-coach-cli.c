/* qi-coach-cli: the headless interface. Argument parsing and printing only;
 * the work is done by libqicoach-core. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "qc-error.h"
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
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      print_json (root);
    }
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
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, qc_record_get_id (record));
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, kind->name);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, title);
          json_builder_set_member_name (builder, "modified");
          json_builder_add_string_value (builder, qc_record_get_modified (record));
          json_builder_end_object (builder);
        }
      else
        g_print ("%s\t%s\n", qc_record_get_id (record), title);
    }
  json_builder_end_array (builder);
  if (inv->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      print_json (root);
    }
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
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, hit->kind->name);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, hit->id);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, hit->title);
          json_builder_set_member_name (builder, "snippet");
          json_builder_add_string_value (builder, hit->snippet);
          json_builder_end_object (builder);
        }
      else
        g_print ("%s\t%s\t%s\n", hit->kind->name, hit->id, hit->title);
    }
  json_builder_end_array (builder);
  if (inv->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      print_json (root);
    }
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
          json_builder_set_member_name (builder, "seq");
          json_builder_add_int_value (builder, entry->seq);
          json_builder_set_member_name (builder, "rev");
          json_builder_add_string_value (builder, entry->rev);
          json_builder_set_member_name (builder, "modified");
          json_builder_add_string_value (builder, entry->modified);
          json_builder_set_member_name (builder, "modified_by");
          json_builder_add_string_value (builder, entry->modified_by);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, entry->reason);
          json_builder_set_member_name (builder, "saved");
          json_builder_add_string_value (builder, entry->saved);
          json_builder_set_member_name (builder, "deleted");
          json_builder_add_boolean_value (builder, entry->deleted);
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
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      print_json (root);
    }
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
