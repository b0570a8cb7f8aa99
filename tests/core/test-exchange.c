/* Exchange: export, validated import and merge (docs/exchange-format.md).
 * Every field of every kind round-trips; re-export is byte-identical;
 * re-import changes nothing; the merge rules; refused files change
 * nothing; the importer refuses everything the RELAX NG schema refuses. */
#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "qc-error.h"
#include "qc-exchange-reader.h"
#include "qc-exchange-writer.h"
#include "qc-store-private.h"

/* Databases and files */

typedef struct
{
  char *dir;
  guint n;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("qc-exchange-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
new_path (Fixture *f, const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("%u%s", ++f->n, suffix);
  return g_build_filename (f->dir, name, NULL);
}

static QcStore *
new_store (Fixture *f, const char *author)
{
  g_autofree char *path = new_path (f, ".db");
  g_autoptr(GError) error = NULL;
  QcStore *store = qc_store_open (path, &error);

  g_assert_no_error (error);
  qc_store_set_author (store, author);
  return store;
}

static char *
export (Fixture *f, QcStore *store, const QcExportOptions *options)
{
  g_autofree char *path = new_path (f, ".qicoach");
  g_autoptr(GError) error = NULL;

  g_assert_true (qc_exchange_export_file (store, path, options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static QcImportReport *
import (QcStore *store, const char *path, gboolean dry_run)
{
  QcImportOptions options = { dry_run };
  QcImportReport *report = NULL;
  g_autoptr(GError) error = NULL;

  gboolean ok = qc_exchange_import_file (store, path, &options, NULL, NULL, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_nonnull (report);
  return report;
}

/* The file without its root's `exported`, which is the time of export. */
static char *
file_text (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = g_regex_new (" exported=\"[^\"]*\"", 0, 0, NULL);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_regex_replace_literal (regex, contents, -1, 0, "", 0, NULL);
}

static void
assert_same_file (const char *a, const char *b)
{
  g_autofree char *ta = file_text (a);
  g_autofree char *tb = file_text (b);
  g_assert_cmpstr (ta, ==, tb);
}

/* Every row of every table: what "nothing changed" is measured by. */
static char *
dump (QcStore *store)
{
  sqlite3 *db = qc_store_get_db (store);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *tables;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name <> 'search_index' AND name NOT LIKE 'sqlite_%' "
                                       "ORDER BY name", -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1, 2",
                                              sqlite3_column_text (tables, 0));
      sqlite3_stmt *rows;
      g_string_append_printf (out, "== %s\n", sqlite3_column_text (tables, 0));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            {
              const unsigned char *text = sqlite3_column_text (rows, c);
              g_string_append_printf (out, "%s|", text ? (const char *) text : "NULL");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  return g_string_free (out, FALSE);
}

static void
write_file (const char *path, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static QcRecord *
add (QcStore *store, const QcKind *kind, const char *first_field, ...)
{
  g_autoptr(QcRecord) record = qc_record_new (kind);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first_field);
  for (const char *name = first_field; name; name = va_arg (args, const char *))
    qc_record_set (record, name, va_arg (args, const char *));
  va_end (args);
  qc_store_add (store, record, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&record);
}

static void
set_field (QcStore *store, const char *id, const char *field, const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcRecord) record = qc_store_load (store, id, &error);

  g_assert_no_error (error);
  qc_record_set (record, field, value);
  qc_store_save (store, record, &error);
  g_assert_no_error (error);
  /* Edits a millisecond apart, so "later modified" is well defined. */
  g_usleep (2000);
}

static char *
current_json (QcStore *store, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcRecord) record = qc_store_load (store, id, &error);
  g_autoptr(JsonNode) node = NULL;

  if (record == NULL)
    return g_strdup ("(none)");
  node = qc_record_to_json (record, QC_JSON_META);
  return json_to_string (node, TRUE);
}

static gint64
count (QcStore *store, const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (qc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A database with one record of every kind, every field and list set */

typedef struct
{
  char *organisation;
  char *person;
  char *project;
  char *measure;
  char *pdsa;
  char *driver;
  char *session;
} Ids;

static void
ids_clear (Ids *ids)
{
  g_free (ids->organisation);
  g_free (ids->person);
  g_free (ids->project);
  g_free (ids->measure);
  g_free (ids->pdsa);
  g_free (ids->driver);
  g_free (ids->session);
}

static const char *
target (const Ids *ids, const char *ref_kind)
{
  if (g_str_equal (ref_kind, "organisation")) return ids->organisation;
  if (g_str_equal (ref_kind, "person")) return ids->person;
  if (g_str_equal (ref_kind, "project")) return ids->project;
  if (g_str_equal (ref_kind, "measure")) return ids->measure;
  if (g_str_equal (ref_kind, "pdsa")) return ids->pdsa;
  if (g_str_equal (ref_kind, "driver")) return ids->driver;
  g_assert_not_reached ();
}

/* Text that XML must escape, keep and give back exactly. */
static char *
value_for (const QcField *field, const Ids *ids, guint n)
{
  switch (field->type)
    {
    case QC_FIELD_TEXT:
      return g_strdup_printf ("%s %u: <b>&amp; \"quoted\" 'x' naïve ✓ 😀\r\nsecond\tline  ", field->name, n);
    case QC_FIELD_ENUM: return g_strdup (field->choices[n % g_strv_length ((char **) field->choices)]);
    case QC_FIELD_DATE: return g_strdup_printf ("2026-0%u-1%u", 1 + n % 9, n % 10);
    case QC_FIELD_DATETIME: return g_strdup_printf ("2026-02-0%uT10:1%u:00.123Z", 1 + n % 9, n % 10);
    case QC_FIELD_BOOL: return g_strdup (n % 2 ? "true" : "false");
    case QC_FIELD_INT: return g_strdup_printf ("%u", 40 + n);
    case QC_FIELD_DECIMAL: return g_strdup (n % 2 ? "1e-05" : "-2.5");
    case QC_FIELD_PROGRESS: return g_strdup_printf ("%u.5", 1 + n % 4);
    case QC_FIELD_UUID: return qc_uuid_new ();
    case QC_FIELD_REF: return g_strdup (target (ids, field->ref_kind));
    default: g_assert_not_reached ();
    }
}

static void
fill (QcRecord *record, const Ids *ids)
{
  const QcKind *kind = qc_record_get_kind (record);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      g_autofree char *value = value_for (&kind->fields[i], ids, i);
      qc_record_set (record, kind->fields[i].name, value);
    }
  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      qc_record_clear_items (record, collection->name);
      for (guint j = 0; j < 2; j++)
        {
          QcItem *item = qc_record_add_item (record, collection->name);
          for (guint f = 0; f < collection->n_fields; f++)
            {
              const QcField *field = &collection->fields[f];
              if (g_strcmp0 (field->ref_kind, "driver") == 0 && g_str_equal (collection->name, "driver"))
                item->values[f] = j == 0 ? NULL : g_strdup (((QcItem *) g_ptr_array_index (
                    qc_record_get_items (record, "driver"), 0))->values[0]);
              else if (g_str_equal (collection->name, "point") && field->type == QC_FIELD_DECIMAL)
                item->values[f] = g_strdup (j == 0 ? "31" : "52");
              else
                item->values[f] = value_for (field, ids, j + f);
            }
          if (g_str_equal (collection->name, "point"))
            {
              qc_item_set (item, j == 0 ? "numerator" : "value", NULL);
              if (j == 0)
                qc_item_set (item, "denominator", NULL);
            }
        }
    }
}

static void
save_full (QcStore *store, const QcKind *kind, const char *id, const Ids *ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcRecord) record = qc_store_load (store, id, &error);

  g_assert_no_error (error);
  fill (record, ids);
  /* Keep the project a measure or cycle belongs to. */
  if (kind == &qc_kind_measure || kind == &qc_kind_pdsa)
    qc_record_set (record, "project", ids->project);
  qc_store_save (store, record, &error);
  g_assert_no_error (error);
}

static void
make_full_database (QcStore *store, Ids *ids)
{
  g_autoptr(QcRecord) organisation = add (store, &qc_kind_organisation, "name", "Bedford Hospital", NULL);
  g_autoptr(QcRecord) person = add (store, &qc_kind_person, "name", "Priya Shah", NULL);
  g_autoptr(QcRecord) project = qc_record_new (&qc_kind_project);
  g_autoptr(GError) error = NULL;
  QcItem *driver;

  ids->organisation = g_strdup (qc_record_get_id (organisation));
  ids->person = g_strdup (qc_record_get_id (person));
  qc_record_set (project, "title", "Sepsis");
  driver = qc_record_add_item (project, "driver");
  qc_item_set (driver, "kind", "change-idea");
  qc_item_set (driver, "text", "Prompt");
  qc_store_add (store, project, &error);
  g_assert_no_error (error);
  ids->project = g_strdup (qc_record_get_id (project));
  ids->driver = g_strdup (qc_item_get (driver, "id"));
  {
    g_autoptr(QcRecord) measure = add (store, &qc_kind_measure, "project", ids->project, "name", "m", NULL);
    g_autoptr(QcRecord) pdsa = add (store, &qc_kind_pdsa, "project", ids->project, "title", "c", NULL);
    g_autoptr(QcRecord) session = add (store, &qc_kind_session, "date", "2026-02-02T10:00:00.000Z", NULL);
    ids->measure = g_strdup (qc_record_get_id (measure));
    ids->pdsa = g_strdup (qc_record_get_id (pdsa));
    ids->session = g_strdup (qc_record_get_id (session));
  }

  /* Now every field and list of each, pointing at the others; the
   * project's own driver list is replaced, so the change idea follows. */
  save_full (store, &qc_kind_organisation, ids->organisation, ids);
  save_full (store, &qc_kind_person, ids->person, ids);
  {
    g_autoptr(QcRecord) p = qc_store_load (store, ids->project, &error);
    g_assert_no_error (error);
    fill (p, ids);
    qc_item_set (g_ptr_array_index (qc_record_get_items (p, "driver"), 0), "id", ids->driver);
    qc_item_set (g_ptr_array_index (qc_record_get_items (p, "driver"), 1), "parent", ids->driver);
    qc_store_save (store, p, &error);
    g_assert_no_error (error);
  }
  save_full (store, &qc_kind_measure, ids->measure, ids);
  save_full (store, &qc_kind_pdsa, ids->pdsa, ids);
  save_full (store, &qc_kind_session, ids->session, ids);
  {
    g_autoptr(QcRecord) resource = qc_record_new (&qc_kind_resource);
    fill (resource, ids);
    qc_store_add (store, resource, &error);
    g_assert_no_error (error);
  }
}

/* Tests */

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file1 = NULL;
  g_autofree char *file2 = NULL;
  g_autofree char *text = NULL;
  Ids ids = { 0 };
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);

  make_full_database (a, &ids);
  file1 = export (f, a, &(QcExportOptions) { .sender_name = "Alex <A&B>", .sender_email = "a@example.org" });
  g_assert_true (qc_exchange_validate_file (file1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (qc_exchange_validate_with_schema (file1, &error));
  g_assert_no_error (error);

  /* The private reflection never leaves the database. */
  g_file_get_contents (file1, &text, NULL, NULL);
  g_assert_null (strstr (text, "reflection"));
  g_assert_nonnull (strstr (text, "<sender name=\"Alex &lt;A&amp;B&gt;\" email=\"a@example.org\"/>"));

  report = import (b, file1, FALSE);
  g_assert_cmpuint (qc_import_report_get_total (report, QC_IMPORT_ADDED), ==, n_kinds);
  g_assert_cmpstr (qc_import_report_get_sender_name (report), ==, "Alex <A&B>");

  /* Every field of every kind, exactly. */
  for (guint k = 0; k < n_kinds; k++)
    {
      const char *id = NULL;
      if (kinds[k] == &qc_kind_organisation) id = ids.organisation;
      else if (kinds[k] == &qc_kind_person) id = ids.person;
      else if (kinds[k] == &qc_kind_project) id = ids.project;
      else if (kinds[k] == &qc_kind_measure) id = ids.measure;
      else if (kinds[k] == &qc_kind_pdsa) id = ids.pdsa;
      else if (kinds[k] == &qc_kind_session) id = ids.session;
      if (id == NULL)
        continue;
      {
        g_autofree char *want = current_json (a, id);
        g_autofree char *got = current_json (b, id);
        g_autoptr(QcRecord) loaded = qc_store_load (a, id, NULL);
        g_assert_cmpstr (got, ==, want);
        for (guint i = 0; i < kinds[k]->n_fields; i++)
          if (!kinds[k]->fields[i].is_private)
            g_assert_nonnull (qc_record_get (loaded, kinds[k]->fields[i].name));
      }
    }
  {
    g_autoptr(QcRecord) session = qc_store_load (b, ids.session, NULL);
    g_assert_null (qc_record_get (session, "reflection"));
  }

  /* Export, import into an empty database, export: the same bytes. */
  file2 = export (f, b, &(QcExportOptions) { .sender_name = "Alex <A&B>", .sender_email = "a@example.org" });
  assert_same_file (file1, file2);
  ids_clear (&ids);
}

static void
test_reimport_changes_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcImportReport) first = NULL;
  g_autoptr(QcImportReport) second = NULL;
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Ids ids = { 0 };

  make_full_database (a, &ids);
  qc_store_delete (a, ids.project, NULL);
  file = export (f, a, NULL);
  first = import (b, file, FALSE);
  before = dump (b);
  second = import (b, file, FALSE);
  after = dump (b);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (qc_import_report_get_total (second, QC_IMPORT_UNCHANGED), ==,
                    qc_import_report_get_n_records (second));
  g_assert_cmpuint (qc_import_report_get_n_records (second), ==, qc_import_report_get_n_records (first));
  g_assert_cmpuint (qc_import_report_get_items (second)->len, ==, 0);
  ids_clear (&ids);
}

static void
test_dry_run_changes_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcImportReport) dry = NULL;
  g_autoptr(QcImportReport) real = NULL;
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) dry_json = NULL;
  g_autoptr(JsonNode) real_json = NULL;
  Ids ids = { 0 };

  make_full_database (a, &ids);
  file = export (f, a, NULL);
  before = dump (b);
  dry = import (b, file, TRUE);
  after = dump (b);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (qc_import_report_get_dry_run (dry));
  g_assert_cmpuint (qc_import_report_get_count (dry, &qc_kind_project, QC_IMPORT_ADDED), ==, 1);

  /* The preview says what the import then does. */
  real = import (b, file, FALSE);
  dry_json = qc_import_report_to_json (dry);
  real_json = qc_import_report_to_json (real);
  json_object_remove_member (json_node_get_object (dry_json), "dry_run");
  json_object_remove_member (json_node_get_object (real_json), "dry_run");
  g_assert_true (json_node_equal (dry_json, real_json));
  ids_clear (&ids);
}

static void
test_newer_replaces_older_to_history (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcRecord) project = add (a, &qc_kind_project, "title", "First", NULL);
  const char *id = qc_record_get_id (project);
  g_autofree char *old_file = export (f, a, NULL);
  g_autofree char *new_file = NULL;
  g_autoptr(QcImportReport) r1 = import (b, old_file, FALSE);
  g_autoptr(QcImportReport) r2 = NULL;
  g_autoptr(QcImportReport) r3 = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  QcHistoryEntry *entry;

  set_field (a, id, "title", "Second");
  new_file = export (f, a, NULL);
  r2 = import (b, new_file, FALSE);
  g_assert_cmpuint (qc_import_report_get_count (r2, &qc_kind_project, QC_IMPORT_UPDATED), ==, 1);
  want = current_json (a, id);
  got = current_json (b, id);
  g_assert_cmpstr (got, ==, want);

  history = qc_store_history (b, id, NULL);
  g_assert_cmpuint (history->len, ==, 1);
  entry = g_ptr_array_index (history, 0);
  g_assert_cmpstr (entry->reason, ==, "import");
  g_assert_cmpstr (qc_record_get (entry->version, "title"), ==, "First");

  /* The older file again: ignored. */
  r3 = import (b, old_file, FALSE);
  g_assert_cmpuint (qc_import_report_get_count (r3, &qc_kind_project, QC_IMPORT_OLDER), ==, 1);
  g_free (got);
  got = current_json (b, id);
  g_assert_cmpstr (got, ==, want);
}

static void
test_conflict_later_wins_and_is_listed (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcRecord) project = add (a, &qc_kind_project, "title", "Shared", NULL);
  const char *id = qc_record_get_id (project);
  g_autofree char *base = export (f, a, NULL);
  g_autoptr(QcImportReport) r0 = import (b, base, FALSE);
  g_autoptr(QcImportReport) r1 = NULL;
  g_autoptr(QcImportReport) r2 = NULL;
  g_autoptr(QcImportReport) r3 = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *end_a = NULL;
  g_autofree char *end_b = NULL;
  g_autoptr(GPtrArray) history = NULL;
  QcImportItem *item;

  set_field (a, id, "title", "Alex's title");
  set_field (b, id, "title", "Bo's title, later");
  from_a = export (f, a, NULL);
  from_b = export (f, b, NULL);

  /* In B, B's later edit stays; A's is kept whole and listed. */
  r1 = import (b, from_a, FALSE);
  g_assert_cmpuint (qc_import_report_get_count (r1, &qc_kind_project, QC_IMPORT_CONFLICT), ==, 1);
  item = g_ptr_array_index (qc_import_report_get_items (r1), 0);
  g_assert_cmpint (item->outcome, ==, QC_IMPORT_CONFLICT);
  g_assert_false (item->incoming_kept);
  g_assert_cmpint (count (b, "SELECT count(*) FROM conflicts"), ==, 1);
  history = qc_store_history (b, id, NULL);
  g_assert_cmpstr (((QcHistoryEntry *) g_ptr_array_index (history, 0))->reason, ==, "conflict");
  g_assert_cmpstr (qc_record_get (((QcHistoryEntry *) g_ptr_array_index (history, 0))->version, "title"),
                   ==, "Alex's title");

  /* In A, the file's later edit wins; A's goes to history as a conflict. */
  r2 = import (a, from_b, FALSE);
  item = g_ptr_array_index (qc_import_report_get_items (r2), 0);
  g_assert_cmpint (item->outcome, ==, QC_IMPORT_CONFLICT);
  g_assert_true (item->incoming_kept);
  g_assert_cmpint (count (a, "SELECT count(*) FROM conflicts"), ==, 1);

  /* The same file twice: nothing new, no second conflict. */
  r3 = import (b, from_a, FALSE);
  g_assert_cmpuint (qc_import_report_get_count (r3, &qc_kind_project, QC_IMPORT_OLDER), ==, 1);
  g_assert_cmpint (count (b, "SELECT count(*) FROM conflicts"), ==, 1);

  /* Both databases agree. */
  end_a = export (f, a, NULL);
  end_b = export (f, b, NULL);
  assert_same_file (end_a, end_b);
}

static void
test_order_free (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) base = new_store (f, "Base");
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcStore) c = new_store (f, "Cy");
  g_autoptr(QcStore) d = new_store (f, "Di");
  g_autoptr(QcRecord) p = add (base, &qc_kind_project, "title", "P", NULL);
  g_autoptr(QcRecord) q = add (base, &qc_kind_project, "title", "Q", NULL);
  g_autoptr(QcRecord) r = add (base, &qc_kind_person, "name", "R", NULL);
  g_autoptr(QcRecord) s = add (base, &qc_kind_organisation, "name", "S", NULL);
  g_autofree char *base_file = export (f, base, NULL);
  g_autofree char *file_a = NULL;
  g_autofree char *file_b = NULL;
  g_autofree char *end_c = NULL;
  g_autofree char *end_d = NULL;
  g_autoptr(GError) error = NULL;
  QcStore *all[] = { a, b, c, d };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    qc_import_report_unref (import (all[i], base_file, FALSE));

  /* Overlapping edits at different times, a deletion against an edit, and
   * records only one side has. */
  set_field (a, qc_record_get_id (p), "aim", "A's aim");
  set_field (b, qc_record_get_id (p), "aim", "B's aim, later");
  set_field (b, qc_record_get_id (q), "aim", "B edits Q");
  qc_store_delete (a, qc_record_get_id (q), &error);
  g_assert_no_error (error);
  g_usleep (2000);
  set_field (a, qc_record_get_id (r), "role", "A's role, last");
  qc_store_delete (b, qc_record_get_id (s), &error);
  g_assert_no_error (error);
  g_object_unref (add (a, &qc_kind_resource, "title", "Only in A", NULL));
  g_object_unref (add (b, &qc_kind_resource, "title", "Only in B", NULL));
  file_a = export (f, a, NULL);
  file_b = export (f, b, NULL);

  qc_import_report_unref (import (c, file_a, FALSE));
  qc_import_report_unref (import (c, file_b, FALSE));
  qc_import_report_unref (import (d, file_b, FALSE));
  qc_import_report_unref (import (d, file_a, FALSE));
  end_c = export (f, c, NULL);
  end_d = export (f, d, NULL);
  assert_same_file (end_c, end_d);

  /* And the two who edited end the same once each has the other's file. */
  qc_import_report_unref (import (a, file_b, FALSE));
  qc_import_report_unref (import (b, file_a, FALSE));
  {
    g_autofree char *end_a = export (f, a, NULL);
    g_autofree char *end_b = export (f, b, NULL);
    assert_same_file (end_a, end_b);
    assert_same_file (end_a, end_c);
  }
  {
    g_autoptr(QcRecord) loaded = qc_store_load (c, qc_record_get_id (p), NULL);
    g_assert_cmpstr (qc_record_get (loaded, "aim"), ==, "B's aim, later");
  }
  /* Q: deleted by A after B's edit: the deletion is later and wins. */
  g_assert_true (qc_store_is_deleted (c, qc_record_get_id (q)));
  g_assert_true (qc_store_is_deleted (d, qc_record_get_id (s)));
}

static void
test_tombstone_travels_and_newer_record_returns (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcRecord) gone = add (a, &qc_kind_resource, "title", "Gone", NULL);
  g_autoptr(QcRecord) back = add (a, &qc_kind_resource, "title", "Comes back", NULL);
  g_autofree char *base = export (f, a, NULL);
  g_autoptr(QcImportReport) r1 = import (b, base, FALSE);
  g_autoptr(QcImportReport) r2 = NULL;
  g_autoptr(QcImportReport) r3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *end_a = NULL;
  g_autofree char *end_b = NULL;

  qc_store_delete (a, qc_record_get_id (gone), &error);
  g_assert_no_error (error);
  qc_store_delete (a, qc_record_get_id (back), &error);
  g_assert_no_error (error);
  g_usleep (2000);
  set_field (b, qc_record_get_id (back), "description", "edited after the deletion");
  from_a = export (f, a, NULL);
  from_b = export (f, b, NULL);

  r2 = import (b, from_a, FALSE);
  g_assert_cmpuint (qc_import_report_get_count (r2, &qc_kind_resource, QC_IMPORT_DELETED), ==, 1);
  g_assert_cmpuint (qc_import_report_get_count (r2, &qc_kind_resource, QC_IMPORT_CONFLICT), ==, 1);
  g_assert_true (qc_store_is_deleted (b, qc_record_get_id (gone)));
  g_assert_false (qc_store_is_deleted (b, qc_record_get_id (back)));

  /* The edit is newer than A's deletion: it comes back in A. */
  r3 = import (a, from_b, FALSE);
  g_assert_false (qc_store_is_deleted (a, qc_record_get_id (back)));
  g_assert_true (qc_store_is_deleted (a, qc_record_get_id (gone)));

  end_a = export (f, a, NULL);
  end_b = export (f, b, NULL);
  assert_same_file (end_a, end_b);
  {
    g_autofree char *text = file_text (end_a);
    g_autofree char *tombstone = g_strdup_printf ("<tombstone kind=\"resource\" id=\"%s\"",
                                                  qc_record_get_id (gone));
    g_assert_nonnull (strstr (text, tombstone));
  }
}

static void
test_private_field_kept_on_import (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcRecord) session = add (a, &qc_kind_session, "date", "2026-02-02T10:00:00.000Z",
                                     "reflection", "Alex's own thoughts", NULL);
  const char *id = qc_record_get_id (session);
  g_autofree char *first = export (f, a, NULL);
  g_autofree char *second = NULL;
  g_autofree char *text = NULL;
  g_autoptr(QcImportReport) r1 = import (b, first, FALSE);
  g_autoptr(QcImportReport) r2 = NULL;
  g_autoptr(QcRecord) loaded = NULL;

  g_file_get_contents (first, &text, NULL, NULL);
  g_assert_null (strstr (text, "Alex's own thoughts"));
  set_field (b, id, "reflection", "Bo's own thoughts");
  set_field (a, id, "notes", "New notes from Alex");
  second = export (f, a, NULL);
  r2 = import (b, second, FALSE);
  g_assert_cmpuint (qc_import_report_get_count (r2, &qc_kind_session, QC_IMPORT_UPDATED), ==, 1);
  loaded = qc_store_load (b, id, NULL);
  g_assert_cmpstr (qc_record_get (loaded, "notes"), ==, "New notes from Alex");
  g_assert_cmpstr (qc_record_get (loaded, "reflection"), ==, "Bo's own thoughts");
}

static const char *const header =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<qicoach xmlns=\"urn:x-qicoach:exchange:1\" format=\"1\" exported=\"2026-11-26T13:00:00.000Z\" "
  "generator=\"test\">\n";

static void
test_unknown_references_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *path = new_path (f, ".qicoach");
  g_autofree char *again = NULL;
  g_autofree char *text = NULL;
  g_autoptr(QcImportReport) report = NULL;
  g_autoptr(QcRecord) project = NULL;
  g_autofree char *xml = g_strconcat (header,
    "<project id=\"2d7e8f90-3a4b-4c5d-9e6f-7a8b9c0d1e2f\" created=\"2026-01-10T10:00:00.000Z\" "
    "modified=\"2026-03-02T16:20:00.000Z\" rev=\"3-a1b2c3d4e5f60718\">\n"
    "<title>Refers to strangers</title><lead ref=\"0e4b9c1d-7a2f-4e6b-8c3d-5f1a2b3c4d5e\"/>\n"
    "<member ref=\"1e4b9c1d-7a2f-4e6b-8c3d-5f1a2b3c4d5e\" role=\"nurse\"/>\n"
    "<pdsa id=\"d3e4f5a6-b7c8-4d9e-8f0a-2b3c4d5e6f70\" created=\"2026-01-14T11:00:00.000Z\" "
    "modified=\"2026-01-28T15:00:00.000Z\" rev=\"1-0123456789abcdef\"><title>t</title>"
    "<change-idea ref=\"b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e\"/></pdsa>\n"
    "</project></qicoach>\n", NULL);

  write_file (path, xml);
  report = import (b, path, FALSE);
  project = qc_store_load (b, "2d7e8f90-3a4b-4c5d-9e6f-7a8b9c0d1e2f", NULL);
  g_assert_cmpstr (qc_record_get (project, "lead"), ==, "0e4b9c1d-7a2f-4e6b-8c3d-5f1a2b3c4d5e");
  g_assert_cmpstr (qc_item_get (g_ptr_array_index (qc_record_get_items (project, "member"), 0), "ref"),
                   ==, "1e4b9c1d-7a2f-4e6b-8c3d-5f1a2b3c4d5e");
  again = export (f, b, NULL);
  g_file_get_contents (again, &text, NULL, NULL);
  g_assert_nonnull (strstr (text, "<lead ref=\"0e4b9c1d-7a2f-4e6b-8c3d-5f1a2b3c4d5e\"/>"));
  g_assert_nonnull (strstr (text, "<change-idea ref=\"b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e\"/>"));
}

static void
test_orphans_follow_their_project (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcRecord) project = add (a, &qc_kind_project, "title", "P", NULL);
  g_autofree char *base = export (f, a, NULL);
  g_autoptr(QcImportReport) r1 = import (b, base, FALSE);
  g_autoptr(QcImportReport) r2 = NULL;
  g_autoptr(QcImportReport) r3 = NULL;
  g_autoptr(QcRecord) measure = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *end_a = NULL;
  g_autofree char *end_b = NULL;

  /* A deletes the project while B adds a measure to it. */
  measure = add (b, &qc_kind_measure, "project", qc_record_get_id (project), "name", "B's measure", NULL);
  g_usleep (2000);
  qc_store_delete (a, qc_record_get_id (project), &error);
  g_assert_no_error (error);
  from_a = export (f, a, NULL);
  from_b = export (f, b, NULL);

  r2 = import (b, from_a, FALSE);
  g_assert_true (qc_store_is_deleted (b, qc_record_get_id (project)));
  g_assert_true (qc_store_is_deleted (b, qc_record_get_id (measure)));
  g_assert_cmpuint (qc_import_report_get_count (r2, &qc_kind_measure, QC_IMPORT_DELETED), ==, 1);
  /* The measure is not lost: it is in B's history. */
  g_assert_cmpint (count (b, "SELECT count(*) FROM history WHERE kind = 'measure'"), ==, 1);

  r3 = import (a, from_b, FALSE);
  g_assert_true (qc_store_is_deleted (a, qc_record_get_id (measure)));
  end_a = export (f, a, NULL);
  end_b = export (f, b, NULL);
  assert_same_file (end_a, end_b);
}

static void
test_refused_file_changes_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "data", "spec-example.qicoach", NULL);
  g_autofree char *bad_dir = g_test_build_filename (G_TEST_DIST, "data", "bad", NULL);
  g_autoptr(GDir) dir = g_dir_open (bad_dir, 0, NULL);
  g_autofree char *before = NULL;
  const char *name;
  guint n = 0;

  qc_import_report_unref (import (b, example, FALSE));
  before = dump (b);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (bad_dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(QcImportReport) report = NULL;
      g_autofree char *after = NULL;
      g_autofree char *prefix = g_strdup_printf ("%s:", path);

      if (!g_str_has_suffix (name, ".qicoach"))
        continue;
      g_assert_false (qc_exchange_import_file (b, path, NULL, NULL, NULL, NULL, &report, &error));
      g_assert_nonnull (error);
      g_assert_null (report);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_null (strchr (error->message, '\n'));
      after = dump (b);
      g_assert_cmpstr (after, ==, before);
      n++;
    }
  g_assert_cmpuint (n, >=, 50);
}

static void
test_kind_mismatch_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcRecord) organisation = add (b, &qc_kind_organisation, "name", "Org", NULL);
  g_autofree char *path = new_path (f, ".qicoach");
  g_autofree char *before = dump (b);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = g_strdup_printf ("%s<person id=\"%s\" created=\"2026-01-05T09:01:00.000Z\" "
                                          "modified=\"2026-01-05T09:01:00.000Z\" rev=\"1-9c2d4e6f8a0b1c3d\">"
                                          "<name>Same id</name></person></qicoach>", header,
                                          qc_record_get_id (organisation));

  write_file (path, xml);
  g_assert_false (qc_exchange_import_file (b, path, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, ":3:1: the id"));
  after = dump (b);
  g_assert_cmpstr (after, ==, before);
}

static void
test_cancel_changes_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = new_path (f, ".qicoach");
  Ids ids = { 0 };

  make_full_database (a, &ids);
  file = export (f, a, NULL);
  before = dump (b);
  g_cancellable_cancel (cancellable);
  g_assert_false (qc_exchange_import_file (b, file, NULL, cancellable, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = dump (b);
  g_assert_cmpstr (after, ==, before);

  g_clear_error (&error);
  g_assert_false (qc_exchange_export_file (a, out, NULL, cancellable, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  ids_clear (&ids);
}

typedef struct
{
  GMainLoop      *loop;
  QcImportReport *report;
  GError         *error;
  guint           progress_calls;
  double          last_fraction;
  guint           changed;
  gboolean        exported;
} AsyncState;

static void
on_progress (double fraction, gpointer data)
{
  AsyncState *state = data;
  g_assert_cmpfloat (fraction, >=, state->last_fraction);
  state->last_fraction = fraction;
  state->progress_calls++;
}

static void
on_imported (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;
  state->report = qc_exchange_import_file_finish (QC_STORE (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
on_exported (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;
  state->exported = qc_exchange_export_file_finish (QC_STORE (source), result, NULL, &state->error);
  g_main_loop_quit (state->loop);
}

static void
on_changed (QcStore *store, const char *kind, gpointer data)
{
  ((AsyncState *) data)->changed++;
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *file = new_path (f, ".qicoach");
  AsyncState state = { 0 };
  Ids ids = { 0 };

  make_full_database (a, &ids);
  state.loop = g_main_loop_new (NULL, FALSE);
  qc_exchange_export_file_async (a, file, NULL, NULL, on_progress, &state, NULL, on_exported, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.exported);
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));

  state.last_fraction = 0;
  state.progress_calls = 0;
  g_signal_connect (b, "changed", G_CALLBACK (on_changed), &state);
  qc_exchange_import_file_async (b, file, NULL, NULL, on_progress, &state, NULL, on_imported, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.report);
  g_assert_cmpuint (qc_import_report_get_count (state.report, &qc_kind_project, QC_IMPORT_ADDED), ==, 1);
  /* Progress arrives in this thread; the lists hear of the change. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (state.progress_calls, >=, 1);
  g_assert_cmpfloat (state.last_fraction, ==, 1.0);
  g_assert_cmpuint (state.changed, >=, 6);
  {
    g_autofree char *want = current_json (a, ids.project);
    g_autofree char *got = current_json (b, ids.project);
    g_assert_cmpstr (got, ==, want);
  }
  qc_import_report_unref (state.report);
  g_main_loop_unref (state.loop);
  ids_clear (&ids);
}

static void
test_export_scopes (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcRecord) org = add (a, &qc_kind_organisation, "name", "Org of lead", NULL);
  g_autoptr(QcRecord) other_org = add (a, &qc_kind_organisation, "name", "Other org", NULL);
  g_autoptr(QcRecord) lead = add (a, &qc_kind_person, "name", "Lead", "organisation", qc_record_get_id (org), NULL);
  g_autoptr(QcRecord) stranger = add (a, &qc_kind_person, "name", "Stranger", NULL);
  g_autoptr(QcRecord) chosen = add (a, &qc_kind_project, "title", "Chosen", "lead", qc_record_get_id (lead), NULL);
  g_autoptr(QcRecord) other = add (a, &qc_kind_project, "title", "Other", NULL);
  g_autoptr(QcRecord) measure = add (a, &qc_kind_measure, "project", qc_record_get_id (chosen), "name", "M", NULL);
  g_autoptr(QcRecord) session = qc_record_new (&qc_kind_session);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  g_autofree char *since = NULL;
  g_autofree char *changes = NULL;
  const char *projects[] = { qc_record_get_id (chosen), NULL };

  qc_record_set (session, "date", "2026-02-02T10:00:00.000Z");
  qc_item_set (qc_record_add_item (session, "project"), "ref", qc_record_get_id (chosen));
  qc_store_add (a, session, &error);
  g_assert_no_error (error);

  file = export (f, a, &(QcExportOptions) { .projects = projects });
  g_file_get_contents (file, &text, NULL, NULL);
  g_assert_nonnull (strstr (text, "<title>Chosen</title>"));
  g_assert_nonnull (strstr (text, "<name>M</name>"));
  g_assert_nonnull (strstr (text, "<name>Lead</name>"));
  g_assert_nonnull (strstr (text, "<name>Org of lead</name>"));
  g_assert_nonnull (strstr (text, qc_record_get_id (session)));
  g_assert_null (strstr (text, "Other"));
  g_assert_null (strstr (text, "Stranger"));
  g_assert_null (strstr (text, "<resource"));
  g_assert_true (qc_exchange_validate_with_schema (file, &error));
  g_assert_no_error (error);

  /* An unknown project is refused, and no file is left. */
  {
    const char *unknown[] = { "2d7e8f90-3a4b-4c5d-9e6f-7a8b9c0d1e2f", NULL };
    g_autofree char *path = new_path (f, ".qicoach");
    g_assert_false (qc_exchange_export_file (a, path, &(QcExportOptions) { .projects = unknown },
                                             NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, QC_ERROR, QC_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  /* Changes since a time: a changed measure brings its project along;
   * a deletion travels. */
  g_usleep (2000);
  since = qc_timestamp_now ();
  g_usleep (2000);
  set_field (a, qc_record_get_id (measure), "unit", "%");
  qc_store_delete (a, qc_record_get_id (stranger), &error);
  g_assert_no_error (error);
  changes = export (f, a, &(QcExportOptions) { .since = since });
  g_free (text);
  g_file_get_contents (changes, &text, NULL, NULL);
  g_assert_nonnull (strstr (text, "<title>Chosen</title>"));
  g_assert_nonnull (strstr (text, "<unit>%</unit>"));
  g_assert_nonnull (strstr (text, "<tombstone kind=\"person\""));
  g_assert_null (strstr (text, "Other"));
  g_assert_null (strstr (text, "<session"));
  g_assert_null (strstr (text, "<name>Lead</name>"));
  (void) other_org;
  (void) other;
}

static void
test_writer_refuses_what_readers_refuse (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcRecord) project = add (a, &qc_kind_project, "title", "P", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = new_path (f, ".qicoach");

  /* A value the store's own checks would refuse, written behind their
   * back as another program (or an older version) might have. */
  qc_record_set (project, "progress", "7");
  g_assert_true (qc_store_begin (a, &error));
  g_assert_true (qc_store_write_current (a, project, &error));
  g_assert_true (qc_store_commit (a, &error));
  g_assert_false (qc_exchange_export_file (a, path, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, qc_record_get_id (project)));
  g_assert_nonnull (strstr (error->message, "progress"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_text_cleaned_for_xml (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autoptr(QcRecord) project = add (a, &qc_kind_project, "title", "P", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autoptr(QcRecord) loaded = NULL;

  /* Control characters and broken UTF-8, as a damaged database may hold. */
  qc_record_set (project, "aim", "bell\x07 nul-free \x1b[0m and \xff\xfe broken, tab\tkept");
  g_assert_true (qc_store_begin (a, &error));
  g_assert_true (qc_store_write_current (a, project, &error));
  g_assert_true (qc_store_commit (a, &error));
  file = export (f, a, NULL);
  g_assert_true (qc_exchange_validate_with_schema (file, &error));
  g_assert_no_error (error);
  qc_import_report_unref (import (b, file, FALSE));
  loaded = qc_store_load (b, qc_record_get_id (project), NULL);
  g_assert_cmpstr (qc_record_get (loaded, "aim"), ==,
                   "bell nul-free [0m and \xef\xbf\xbd\xef\xbf\xbd broken, tab\tkept");
}

/* The importer refuses everything the schema refuses: the whole corpus,
 * then mutations of the valid samples, through both validators. */

static gboolean
has_doctype (const char *path)
{
  g_autofree char *contents = NULL;
  g_file_get_contents (path, &contents, NULL, NULL);
  return contents && strstr (contents, "<!DOCTYPE") != NULL;
}

typedef struct
{
  guint checked;
  guint schema_refused;
  guint stricter;   /* refused by the importer only */
} Agreement;

static void
check_agreement (const char *path, Agreement *agreement)
{
  g_autoptr(GError) schema_error = NULL;
  g_autoptr(GError) own_error = NULL;
  gboolean by_schema, by_importer;

  by_importer = qc_exchange_validate_file (path, NULL, &own_error);
  /* libxml2's validator is not given a DOCTYPE (the importer refuses it
   * before anything else). */
  if (has_doctype (path))
    {
      g_assert_false (by_importer);
      agreement->checked++;
      return;
    }
  by_schema = qc_exchange_validate_with_schema (path, &schema_error);
  agreement->checked++;
  if (!by_schema)
    agreement->schema_refused++;
  if (!by_schema && by_importer)
    g_error ("%s: the schema refuses it (%s) but the importer accepts it", path, schema_error->message);
  if (by_schema && !by_importer)
    {
      agreement->stricter++;
      g_test_message ("importer only: %s", own_error->message);
    }
}

static void
test_corpus_agrees_with_schema (Fixture *f, gconstpointer data)
{
  const char *dirs[] = { "data", "data/bad" };
  Agreement agreement = { 0 };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autoptr(GError) error = NULL;
          if (!g_str_has_suffix (name, ".qicoach"))
            continue;
          check_agreement (path, &agreement);
          /* The valid samples are valid to both; every bad file is refused. */
          if (d == 0)
            {
              g_assert_true (qc_exchange_validate_file (path, NULL, &error));
              g_assert_no_error (error);
            }
          else
            g_assert_false (qc_exchange_validate_file (path, NULL, NULL));
        }
    }
  g_test_message ("%u files, %u refused by the schema, %u by the importer only",
                  agreement.checked, agreement.schema_refused, agreement.stricter);
  g_assert_cmpuint (agreement.checked, >=, 60);
}

static void
save_doc (xmlDocPtr doc, const char *path)
{
  xmlChar *text = NULL;
  int len = 0;
  xmlDocDumpMemoryEnc (doc, &text, &len, "UTF-8");
  g_assert_nonnull (text);
  write_file (path, (const char *) text);
  xmlFree (text);
}

static void
collect_nodes (xmlNodePtr node, GPtrArray *elements)
{
  for (xmlNodePtr child = node->children; child; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      {
        g_ptr_array_add (elements, child);
        collect_nodes (child, elements);
      }
}

/* Mutation number @m of the document: remove, duplicate or move an
 * element, change or remove an attribute, add text or an extension. */
static gboolean
mutate (xmlDocPtr doc, guint m, GRand *rand)
{
  g_autoptr(GPtrArray) elements = g_ptr_array_new ();
  static const char *const odd_values[] = {
    "", " ", "x", "0", "-1", "1.0", "2.5", "true", "TRUE", "5.5", "1e999", "NaN",
    "2026-02-30", "2026-01-10", "2026-01-10T10:00:00.000Z", "2026-01-10T10:00:00Z",
    "0e4b9c1d-7a2f-4e6b-8c3d-5f1a2b3c4d5e", "0E4B9C1D-7A2F-4E6B-8C3D-5F1A2B3C4D5E",
    "1-0123456789abcdef", "0-0123456789abcdef", "1-0123456789abcdef 2-0123456789abcdef",
    "primary", "adopt", "acute", "hospital", "999999999", "1000000000", "07",
  };
  xmlNodePtr node;
  xmlAttrPtr attr;

  collect_nodes (xmlDocGetRootElement (doc), elements);
  g_ptr_array_add (elements, xmlDocGetRootElement (doc));
  node = g_ptr_array_index (elements, g_rand_int_range (rand, 0, (gint32) elements->len));

  switch (m % 9)
    {
    case 0: /* remove the element */
      if (node == xmlDocGetRootElement (doc))
        return FALSE;
      xmlUnlinkNode (node);
      xmlFreeNode (node);
      return TRUE;
    case 1: /* duplicate it */
      if (node == xmlDocGetRootElement (doc))
        return FALSE;
      xmlAddNextSibling (node, xmlCopyNode (node, 1));
      return TRUE;
    case 2: /* move it before its previous element sibling */
      {
        xmlNodePtr prev = xmlPreviousElementSibling (node);
        if (prev == NULL)
          return FALSE;
        xmlUnlinkNode (node);
        xmlAddPrevSibling (prev, node);
        return TRUE;
      }
    case 3: /* remove an attribute */
      {
        guint n = 0;
        for (attr = node->properties; attr; attr = attr->next)
          n++;
        if (n == 0)
          return FALSE;
        attr = node->properties;
        for (guint i = g_rand_int_range (rand, 0, (gint32) n); i > 0; i--)
          attr = attr->next;
        xmlRemoveProp (attr);
        return TRUE;
      }
    case 4: /* give an attribute an odd value */
    case 5:
      {
        guint n = 0;
        for (attr = node->properties; attr; attr = attr->next)
          n++;
        if (n == 0)
          return FALSE;
        attr = node->properties;
        for (guint i = g_rand_int_range (rand, 0, (gint32) n); i > 0; i--)
          attr = attr->next;
        xmlSetProp (node, attr->name,
                    (const xmlChar *) odd_values[g_rand_int_range (rand, 0, G_N_ELEMENTS (odd_values))]);
        return TRUE;
      }
    case 6: /* give a leaf odd text */
      if (node->children == NULL || node->children->type != XML_TEXT_NODE || node->children->next)
        return FALSE;
      xmlNodeSetContent (node, (const xmlChar *)
                         odd_values[g_rand_int_range (rand, 0, G_N_ELEMENTS (odd_values))]);
      return TRUE;
    case 7: /* add text */
      xmlAddChild (node, xmlNewText ((const xmlChar *) (g_rand_boolean (rand) ? "x" : " \n ")));
      return TRUE;
    case 8: /* add an extension element, or an element of ours */
      {
        xmlNsPtr ns = xmlNewNs (node, (const xmlChar *) "urn:example:ext", (const xmlChar *) "ext");
        xmlNodePtr child = g_rand_boolean (rand)
          ? xmlNewNode (ns, (const xmlChar *) "note")
          : xmlNewNode (node->ns, (const xmlChar *) "tag");
        xmlNodeSetContent (child, (const xmlChar *) "extra");
        if (node->children && g_rand_boolean (rand))
          xmlAddPrevSibling (node->children, child);
        else
          xmlAddChild (node, child);
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
test_mutations_agree_with_schema (Fixture *f, gconstpointer data)
{
  const char *samples[] = { "every-field.qicoach", "spec-example.qicoach", "tombstones.qicoach" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  guint rounds = g_test_slow () ? 3000 : 600;
  Agreement agreement = { 0 };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", samples[s], NULL);
      for (guint m = 0; m < rounds / G_N_ELEMENTS (samples); m++)
        {
          xmlDocPtr doc = xmlReadFile (source, NULL, XML_PARSE_NONET);
          g_autofree char *path = new_path (f, ".qicoach");

          g_assert_nonnull (doc);
          if (mutate (doc, m, rand))
            {
              save_doc (doc, path);
              check_agreement (path, &agreement);
              g_remove (path);
            }
          xmlFreeDoc (doc);
        }
    }
  g_test_message ("%u mutations, %u refused by the schema, %u by the importer only",
                  agreement.checked, agreement.schema_refused, agreement.stricter);
  g_assert_cmpuint (agreement.schema_refused, >=, agreement.checked / 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/exchange/round-trip-every-field", test_round_trip);
  ADD ("/exchange/reimport-changes-nothing", test_reimport_changes_nothing);
  ADD ("/exchange/dry-run-changes-nothing", test_dry_run_changes_nothing);
  ADD ("/exchange/newer-replaces-older-to-history", test_newer_replaces_older_to_history);
  ADD ("/exchange/conflict-later-wins-and-is-listed", test_conflict_later_wins_and_is_listed);
  ADD ("/exchange/order-free", test_order_free);
  ADD ("/exchange/tombstone-travels-newer-record-returns", test_tombstone_travels_and_newer_record_returns);
  ADD ("/exchange/private-field-kept", test_private_field_kept_on_import);
  ADD ("/exchange/unknown-references-kept", test_unknown_references_kept);
  ADD ("/exchange/orphans-follow-their-project", test_orphans_follow_their_project);
  ADD ("/exchange/refused-file-changes-nothing", test_refused_file_changes_nothing);
  ADD ("/exchange/kind-mismatch-refused", test_kind_mismatch_refused);
  ADD ("/exchange/cancel-changes-nothing", test_cancel_changes_nothing);
  ADD ("/exchange/async", test_async);
  ADD ("/exchange/export-scopes", test_export_scopes);
  ADD ("/exchange/writer-refuses-what-readers-refuse", test_writer_refuses_what_readers_refuse);
  ADD ("/exchange/text-cleaned-for-xml", test_text_cleaned_for_xml);
  ADD ("/exchange/corpus-agrees-with-schema", test_corpus_agrees_with_schema);
  ADD ("/exchange/mutations-agree-with-schema", test_mutations_agree_with_schema);
#undef ADD

  return g_test_run ();
}
