/* The merge rules of the exchange format (docs/exchange-format.md, "Merge
 * rules"), applied one record at a time inside the importer's transaction,
 * with the store's building blocks. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "qc-error.h"
#include "qc-merge.h"
#include "qc-store-private.h"

#define MAX_KINDS 8
#define MAX_REVS 20

/* Report */

struct _QcImportReport
{
  gint       ref_count;
  char      *path;
  gboolean   dry_run;
  char      *exported;
  char      *generator;
  char      *sender_name;
  char      *sender_email;
  char      *sender_organisation;
  guint      n_records;
  guint      counts[MAX_KINDS][QC_IMPORT_N_OUTCOMES];
  gboolean   truncated;
  GPtrArray *items;
};

G_DEFINE_BOXED_TYPE (QcImportReport, qc_import_report, qc_import_report_ref, qc_import_report_unref)

static const char *const outcome_names[QC_IMPORT_N_OUTCOMES] = {
  "added", "updated", "unchanged", "older", "deleted", "conflict",
};
/* The counts' names, as docs/cli.md lists them. */
static const char *const count_names[QC_IMPORT_N_OUTCOMES] = {
  "added", "updated", "unchanged", "older", "deleted", "conflicts",
};

const char *
qc_import_outcome_to_string (QcImportOutcome outcome)
{
  g_return_val_if_fail (outcome < QC_IMPORT_N_OUTCOMES, NULL);
  return outcome_names[outcome];
}

static void
import_item_free (gpointer data)
{
  QcImportItem *item = data;
  g_free (item->id);
  g_free (item->title);
  g_free (item);
}

QcImportReport *
qc_import_report_new (const char *path, gboolean dry_run)
{
  QcImportReport *report = g_new0 (QcImportReport, 1);

  report->ref_count = 1;
  report->path = g_strdup (path);
  report->dry_run = dry_run;
  report->items = g_ptr_array_new_with_free_func (import_item_free);
  return report;
}

QcImportReport *
qc_import_report_ref (QcImportReport *report)
{
  g_atomic_int_inc (&report->ref_count);
  return report;
}

void
qc_import_report_unref (QcImportReport *report)
{
  if (report == NULL || !g_atomic_int_dec_and_test (&report->ref_count))
    return;
  g_free (report->path);
  g_free (report->exported);
  g_free (report->generator);
  g_free (report->sender_name);
  g_free (report->sender_email);
  g_free (report->sender_organisation);
  g_ptr_array_unref (report->items);
  g_free (report);
}

static guint
kind_index (const QcKind *kind)
{
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds && i < MAX_KINDS; i++)
    if (kinds[i] == kind)
      return i;
  g_return_val_if_reached (0);
}

const char *qc_import_report_get_path (QcImportReport *report) { return report->path; }
gboolean qc_import_report_get_dry_run (QcImportReport *report) { return report->dry_run; }
guint qc_import_report_get_n_records (QcImportReport *report) { return report->n_records; }
GPtrArray *qc_import_report_get_items (QcImportReport *report) { return report->items; }
const char *qc_import_report_get_sender_name (QcImportReport *report) { return report->sender_name; }
const char *qc_import_report_get_sender_email (QcImportReport *report) { return report->sender_email; }
const char *qc_import_report_get_sender_organisation (QcImportReport *report) { return report->sender_organisation; }
const char *qc_import_report_get_exported (QcImportReport *report) { return report->exported; }
const char *qc_import_report_get_generator (QcImportReport *report) { return report->generator; }

guint
qc_import_report_get_count (QcImportReport *report, const QcKind *kind, QcImportOutcome outcome)
{
  g_return_val_if_fail (outcome < QC_IMPORT_N_OUTCOMES, 0);
  return report->counts[kind_index (kind)][outcome];
}

guint
qc_import_report_get_total (QcImportReport *report, QcImportOutcome outcome)
{
  guint total = 0;

  g_return_val_if_fail (outcome < QC_IMPORT_N_OUTCOMES, 0);
  for (guint k = 0; k < MAX_KINDS; k++)
    total += report->counts[k][outcome];
  return total;
}

void
qc_import_report_set_source (QcImportReport *report, const char *exported, const char *generator)
{
  g_free (report->exported);
  g_free (report->generator);
  report->exported = g_strdup (exported);
  report->generator = g_strdup (generator);
}

void
qc_import_report_set_sender (QcImportReport *report,
                             const char     *name,
                             const char     *email,
                             const char     *organisation)
{
  g_free (report->sender_name);
  g_free (report->sender_email);
  g_free (report->sender_organisation);
  report->sender_name = g_strdup (name);
  report->sender_email = g_strdup (email);
  report->sender_organisation = g_strdup (organisation);
}

void
qc_import_report_add (QcImportReport  *report,
                      const QcKind    *kind,
                      const char      *id,
                      const char      *title,
                      QcImportOutcome  outcome,
                      gboolean         deletion,
                      gboolean         incoming_kept)
{
  guint *count = &report->counts[kind_index (kind)][outcome];
  QcImportItem *item;

  (*count)++;
  report->n_records++;
  if (outcome == QC_IMPORT_UNCHANGED)
    return;
  if (outcome != QC_IMPORT_CONFLICT && *count > QC_IMPORT_MAX_LISTED)
    {
      report->truncated = TRUE;
      return;
    }
  item = g_new0 (QcImportItem, 1);
  item->kind = kind;
  item->id = g_strdup (id);
  item->title = g_strdup (title);
  item->outcome = outcome;
  item->deletion = deletion;
  item->incoming_kept = incoming_kept;
  g_ptr_array_add (report->items, item);
}

static void
add_counts (JsonBuilder *builder, const guint *counts)
{
  json_builder_begin_object (builder);
  for (guint o = 0; o < QC_IMPORT_N_OUTCOMES; o++)
    {
      json_builder_set_member_name (builder, count_names[o]);
      json_builder_add_int_value (builder, counts[o]);
    }
  json_builder_end_object (builder);
}

static void
add_string_member (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
qc_import_report_to_json (QcImportReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);
  guint totals[QC_IMPORT_N_OUTCOMES] = { 0 };

  json_builder_begin_object (builder);
  add_string_member (builder, "file", report->path);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, report->dry_run);
  json_builder_set_member_name (builder, "sender");
  if (report->sender_name)
    {
      json_builder_begin_object (builder);
      add_string_member (builder, "name", report->sender_name);
      add_string_member (builder, "email", report->sender_email);
      add_string_member (builder, "organisation", report->sender_organisation);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  add_string_member (builder, "exported", report->exported);
  add_string_member (builder, "generator", report->generator);
  json_builder_set_member_name (builder, "records");
  json_builder_add_int_value (builder, report->n_records);

  for (guint k = 0; k < n_kinds && k < MAX_KINDS; k++)
    for (guint o = 0; o < QC_IMPORT_N_OUTCOMES; o++)
      totals[o] += report->counts[k][o];
  json_builder_set_member_name (builder, "totals");
  add_counts (builder, totals);

  json_builder_set_member_name (builder, "kinds");
  json_builder_begin_object (builder);
  for (guint k = 0; k < n_kinds && k < MAX_KINDS; k++)
    {
      json_builder_set_member_name (builder, kinds[k]->name);
      add_counts (builder, report->counts[k]);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->items->len; i++)
    {
      QcImportItem *item = g_ptr_array_index (report->items, i);
      json_builder_begin_object (builder);
      add_string_member (builder, "kind", item->kind->name);
      add_string_member (builder, "id", item->id);
      add_string_member (builder, "title", item->title);
      add_string_member (builder, "outcome", outcome_names[item->outcome]);
      json_builder_set_member_name (builder, "deletion");
      json_builder_add_boolean_value (builder, item->deletion);
      if (item->outcome == QC_IMPORT_CONFLICT)
        add_string_member (builder, "kept", item->incoming_kept ? "file" : "local");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, report->truncated);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Merge */

typedef enum
{
  LOCAL_NONE,
  LOCAL_CURRENT,
  LOCAL_DELETED,
} LocalState;

struct _QcMerge
{
  QcStore        *store;
  QcImportReport *report;
  /* What qc_merge_decide found, for qc_merge_apply. */
  char           *decided_id;
  LocalState      local;
};

QcMerge *
qc_merge_new (QcStore *store, QcImportReport *report)
{
  QcMerge *merge = g_new0 (QcMerge, 1);

  merge->store = g_object_ref (store);
  merge->report = qc_import_report_ref (report);
  return merge;
}

void
qc_merge_free (QcMerge *merge)
{
  if (merge == NULL)
    return;
  g_object_unref (merge->store);
  qc_import_report_unref (merge->report);
  g_free (merge->decided_id);
  g_free (merge);
}

/* Is @rev one of the space-separated @revs? */
static gboolean
revs_contain (const char *revs, const char *rev)
{
  gsize len = strlen (rev);

  for (const char *p = revs; p && *p; )
    {
      const char *end = strchr (p, ' ');
      gsize n = end ? (gsize) (end - p) : strlen (p);
      if (n == len && memcmp (p, rev, len) == 0)
        return TRUE;
      p = end ? end + 1 : NULL;
    }
  return FALSE;
}

/* The order every database agrees on: later modified, then more edits,
 * then the greater rev text. */
static int
compare_versions (const char *modified_a, const char *rev_a, const char *modified_b, const char *rev_b)
{
  int c = g_strcmp0 (modified_a, modified_b);
  guint ga, gb;

  if (c != 0)
    return c;
  ga = qc_rev_generation (rev_a);
  gb = qc_rev_generation (rev_b);
  if (ga != gb)
    return ga < gb ? -1 : 1;
  return g_strcmp0 (rev_a, rev_b);
}

static gboolean
in_history (QcStore *store, const char *id, const char *rev, gboolean *found, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (store,
    "SELECT 1 FROM history WHERE record_id = ? AND rev = ? LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return qc_store_set_sqlite_error (store, rc, error);
  return TRUE;
}

gboolean
qc_merge_decide (QcMerge        *merge,
                 const QcKind   *kind,
                 const char     *id,
                 const char     *rev,
                 const char     *revs,
                 const char     *modified,
                 gboolean        deletion,
                 QcMergeAction  *action,
                 GError        **error)
{
  QcStore *store = merge->store;
  sqlite3_stmt *stmt;
  g_autofree char *local_kind = NULL;
  g_autofree char *local_rev = NULL;
  g_autofree char *local_revs = NULL;
  g_autofree char *local_modified = NULL;
  gboolean known = FALSE;
  int rc;

  g_free (merge->decided_id);
  merge->decided_id = g_strdup (id);
  merge->local = LOCAL_NONE;

  stmt = qc_store_prepare (store,
    "SELECT r.kind, t.rev, t.revs, t.modified FROM records r "
    "LEFT JOIN tombstones t ON t.id = r.id WHERE r.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      local_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          merge->local = LOCAL_DELETED;
          local_rev = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          local_revs = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          local_modified = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return qc_store_set_sqlite_error (store, rc, error);

  if (local_kind && !g_str_equal (local_kind, kind->name))
    {
      const QcKind *here = qc_kind_lookup (local_kind);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("the id %s belongs to a %s in this database, but to a %s in the file"),
                   id, here ? here->name : local_kind, kind->name);
      return FALSE;
    }

  if (local_kind && merge->local == LOCAL_NONE)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT rev, revs, modified FROM %s WHERE id = ?",
                                              kind->table);
      stmt = qc_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          merge->local = LOCAL_CURRENT;
          local_rev = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          local_revs = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          local_modified = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return qc_store_set_sqlite_error (store, rc, error);
    }

  if (merge->local == LOCAL_NONE)
    *action = QC_MERGE_ADD;
  else if (g_strcmp0 (rev, local_rev) == 0)
    *action = QC_MERGE_UNCHANGED;
  else if (revs_contain (local_revs, rev))
    *action = QC_MERGE_OLDER;
  else if (revs_contain (revs, local_rev))
    *action = QC_MERGE_FAST_FORWARD;
  else
    {
      /* A version we already keep in history (one that lost a conflict, or
       * that we edited past beyond the 20 revs) is nothing new. */
      if (!in_history (store, id, rev, &known, error))
        return FALSE;
      if (known)
        *action = QC_MERGE_OLDER;
      else if (compare_versions (modified, rev, local_modified, local_rev) > 0)
        *action = QC_MERGE_CONFLICT_INCOMING_WINS;
      else
        *action = QC_MERGE_CONFLICT_LOCAL_WINS;
    }
  return TRUE;
}

static void
keep_private_fields (QcRecord *incoming, QcRecord *local)
{
  const QcKind *kind = qc_record_get_kind (incoming);

  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].is_private)
      qc_record_set (incoming, kind->fields[i].name, qc_record_get (local, kind->fields[i].name));
}

static char *
title_of (QcRecord *record, gboolean deletion)
{
  return deletion ? NULL : qc_record_dup_title (record);
}

gboolean
qc_merge_apply (QcMerge        *merge,
                QcRecord       *incoming,
                gboolean        deletion,
                QcMergeAction   action,
                GError        **error)
{
  QcStore *store = merge->store;
  const QcKind *kind = qc_record_get_kind (incoming);
  const char *id = qc_record_get_id (incoming);
  g_autoptr(QcRecord) local = NULL;
  g_autofree char *title = NULL;
  gboolean conflict, local_deleted;
  gint64 seq;

  g_return_val_if_fail (g_strcmp0 (id, merge->decided_id) == 0, FALSE);

  switch (action)
    {
    case QC_MERGE_UNCHANGED:
      qc_import_report_add (merge->report, kind, id, NULL, QC_IMPORT_UNCHANGED, deletion, FALSE);
      return TRUE;

    case QC_MERGE_OLDER:
      title = title_of (incoming, deletion);
      qc_import_report_add (merge->report, kind, id, title, QC_IMPORT_OLDER, deletion, FALSE);
      return TRUE;

    case QC_MERGE_ADD:
      if (deletion ? !qc_store_write_tombstone (store, incoming, error)
                   : !qc_store_write_current (store, incoming, error))
        return FALSE;
      title = title_of (incoming, deletion);
      qc_import_report_add (merge->report, kind, id, title, QC_IMPORT_ADDED, deletion, FALSE);
      return TRUE;

    case QC_MERGE_CONFLICT_LOCAL_WINS:
      /* Ours stays; the file's version is kept whole, for review. */
      seq = qc_store_add_history (store, incoming, deletion, "conflict", error);
      if (seq < 0 || !qc_store_add_conflict (store, incoming, seq, error))
        return FALSE;
      if (merge->local == LOCAL_CURRENT)
        local = qc_store_load_current (store, kind, id, QC_LOAD_SUMMARY, error);
      title = local ? qc_record_dup_title (local) : title_of (incoming, deletion);
      qc_import_report_add (merge->report, kind, id, title, QC_IMPORT_CONFLICT, deletion, FALSE);
      return TRUE;

    case QC_MERGE_FAST_FORWARD:
    case QC_MERGE_CONFLICT_INCOMING_WINS:
      break;

    default:
      g_assert_not_reached ();
    }

  /* The file's version replaces ours, which goes to history. */
  conflict = action == QC_MERGE_CONFLICT_INCOMING_WINS;
  local_deleted = merge->local == LOCAL_DELETED;
  local = local_deleted ? qc_store_load_tombstone (store, id, error)
                        : qc_store_load_current (store, kind, id, QC_LOAD_FULL, error);
  if (local == NULL)
    return FALSE;
  seq = qc_store_add_history (store, local, local_deleted, conflict ? "conflict" : "import", error);
  if (seq < 0 || (conflict && !qc_store_add_conflict (store, local, seq, error)))
    return FALSE;

  if (deletion)
    {
      if (!local_deleted && !qc_store_remove_current (store, kind, id, error))
        return FALSE;
      if (!qc_store_write_tombstone (store, incoming, error))
        return FALSE;
    }
  else
    {
      if (local_deleted && !qc_store_remove_tombstone (store, id, error))
        return FALSE;
      if (!local_deleted)
        keep_private_fields (incoming, local);
      if (!qc_store_write_current (store, incoming, error))
        return FALSE;
    }

  title = local_deleted ? title_of (incoming, deletion) : qc_record_dup_title (local);
  qc_import_report_add (merge->report, kind, id, title,
                        conflict ? QC_IMPORT_CONFLICT
                        : (deletion && !local_deleted) ? QC_IMPORT_DELETED : QC_IMPORT_UPDATED,
                        deletion, TRUE);
  return TRUE;
}

/* revs of a version made on top of @parent: its rev, then its revs. */
static char *
revs_after (QcRecord *parent)
{
  const char *rev = qc_record_get_rev (parent);
  const char *revs = qc_record_get_revs (parent);
  g_autofree char *joined = revs ? g_strconcat (rev, " ", revs, NULL) : g_strdup (rev);
  g_auto(GStrv) parts = g_strsplit (joined, " ", MAX_REVS + 1);

  if (g_strv_length (parts) > MAX_REVS)
    {
      g_free (parts[MAX_REVS]);
      parts[MAX_REVS] = NULL;
    }
  return g_strjoinv (" ", parts);
}

/* Deletes an orphan as a deletion of its project would have, with a
 * version every database computes alike: the rev from the child's, the
 * time the later of the child's and the project's deletion. */
static gboolean
delete_orphan (QcMerge *merge, const QcKind *kind, const char *id, GError **error)
{
  QcStore *store = merge->store;
  g_autoptr(QcRecord) child = qc_store_load_current (store, kind, id, QC_LOAD_FULL, error);
  g_autoptr(QcRecord) project = NULL;
  g_autoptr(QcRecord) tombstone = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *revs = NULL;
  g_autofree char *title = NULL;
  const char *modified;

  if (child == NULL)
    return FALSE;
  project = qc_store_load_tombstone (store, qc_record_get (child, "project"), NULL);
  modified = qc_record_get_modified (child);
  if (project && g_strcmp0 (qc_record_get_modified (project), modified) > 0)
    modified = qc_record_get_modified (project);

  tombstone = qc_record_new (kind);
  qc_record_set_id (tombstone, id);
  rev = qc_record_compute_rev (tombstone, qc_record_get_rev (child));
  revs = revs_after (child);
  qc_record_set_created (tombstone, qc_record_get_created (child));
  qc_record_set_modified (tombstone, modified);
  qc_record_set_modified_by (tombstone, project ? qc_record_get_modified_by (project) : NULL);
  qc_record_set_rev (tombstone, rev);
  qc_record_set_revs (tombstone, revs);

  if (qc_store_add_history (store, child, FALSE, "import", error) < 0 ||
      !qc_store_remove_current (store, kind, id, error) ||
      !qc_store_write_tombstone (store, tombstone, error))
    return FALSE;
  title = qc_record_dup_title (child);
  qc_import_report_add (merge->report, kind, id, title, QC_IMPORT_DELETED, TRUE, TRUE);
  /* Reported as an extra line: it is not a record of the file. */
  merge->report->n_records--;
  return TRUE;
}

gboolean
qc_merge_finish (QcMerge *merge, GError **error)
{
  const QcKind *kinds[] = { &qc_kind_measure, &qc_kind_pdsa };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT id FROM %s WHERE project_id NOT IN (SELECT id FROM projects) ORDER BY id",
        kinds[k]->table);
      g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt = qc_store_prepare (merge->store, sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (orphans, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return qc_store_set_sqlite_error (merge->store, rc, error);
      for (guint i = 0; i < orphans->len; i++)
        if (!delete_orphan (merge, kinds[k], g_ptr_array_index (orphans, i), error))
          return FALSE;
    }
  return TRUE;
}
