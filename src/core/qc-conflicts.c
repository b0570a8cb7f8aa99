#include "config.h"

#include <glib/gi18n.h>

#include "qc-conflicts.h"
#include "qc-error.h"
#include "qc-store-private.h"

G_DEFINE_BOXED_TYPE (QcConflict, qc_conflict, qc_conflict_copy, qc_conflict_free)

QcConflict *
qc_conflict_copy (const QcConflict *conflict)
{
  QcConflict *copy = g_new0 (QcConflict, 1);

  copy->seq = conflict->seq;
  copy->kind = conflict->kind;
  copy->record_id = g_strdup (conflict->record_id);
  copy->title = g_strdup (conflict->title);
  copy->detected = g_strdup (conflict->detected);
  copy->history_seq = conflict->history_seq;
  copy->other = conflict->other ? qc_history_entry_copy (conflict->other) : NULL;
  copy->current = conflict->current ? g_object_ref (conflict->current) : NULL;
  copy->current_deleted = conflict->current_deleted;
  return copy;
}

void
qc_conflict_free (QcConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->record_id);
  g_free (conflict->title);
  g_free (conflict->detected);
  g_clear_pointer (&conflict->other, qc_history_entry_free);
  g_clear_object (&conflict->current);
  g_free (conflict);
}

static char *
column_dup (sqlite3_stmt *stmt, int index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);
  return (text && *text) ? g_strdup (text) : NULL;
}

static void
bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* One version from the record's history, whole. */
static QcHistoryEntry *
load_history_entry (QcStore *store, gint64 seq, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (store,
    "SELECT seq, kind, rev, modified, modified_by, reason, saved, deleted, content, record_id "
    "FROM history WHERE seq = ?", error);
  g_autoptr(QcHistoryEntry) entry = NULL;
  g_autoptr(JsonNode) node = NULL;
  const QcKind *kind;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, QC_ERROR, QC_ERROR_CORRUPT,
                     _("The version set aside by a conflict is missing from the history"));
      else
        qc_store_set_sqlite_error (store, rc, error);
      return NULL;
    }
  entry = g_new0 (QcHistoryEntry, 1);
  entry->seq = sqlite3_column_int64 (stmt, 0);
  kind = qc_kind_lookup ((const char *) sqlite3_column_text (stmt, 1));
  entry->rev = column_dup (stmt, 2);
  entry->modified = column_dup (stmt, 3);
  entry->modified_by = column_dup (stmt, 4);
  entry->reason = column_dup (stmt, 5);
  entry->saved = column_dup (stmt, 6);
  entry->deleted = sqlite3_column_int (stmt, 7) != 0;
  node = json_from_string ((const char *) sqlite3_column_text (stmt, 8), NULL);
  if (kind == NULL || node == NULL ||
      (entry->version = qc_record_new_from_json (kind, node, error)) == NULL)
    {
      g_autofree char *id = column_dup (stmt, 9);
      sqlite3_reset (stmt);
      if (error && *error == NULL)
        g_set_error (error, QC_ERROR, QC_ERROR_CORRUPT, _("A stored version of %s is damaged"), id);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&entry);
}

/* The title of the current version, or of the set-aside one when the
 * record is deleted now. */
static char *
dup_title (QcStore *store, const QcKind *kind, const char *id, gint64 history_seq)
{
  g_autoptr(QcRecord) record = NULL;
  g_autoptr(QcHistoryEntry) entry = NULL;

  if (!qc_store_is_deleted (store, id))
    record = qc_store_load_current (store, kind, id, QC_LOAD_SUMMARY, NULL);
  if (record != NULL)
    return qc_record_dup_title (record);
  entry = load_history_entry (store, history_seq, NULL);
  if (entry != NULL && !entry->deleted)
    return qc_record_dup_title (entry->version);
  return NULL;
}

static QcConflict *
conflict_from_row (QcStore *store, sqlite3_stmt *stmt)
{
  QcConflict *conflict = g_new0 (QcConflict, 1);

  conflict->seq = sqlite3_column_int64 (stmt, 0);
  conflict->record_id = column_dup (stmt, 1);
  conflict->kind = qc_kind_lookup ((const char *) sqlite3_column_text (stmt, 2));
  conflict->history_seq = sqlite3_column_int64 (stmt, 3);
  conflict->detected = column_dup (stmt, 4);
  return conflict;
}

GPtrArray *
qc_conflicts_list (QcStore *store, const char *record_id, GError **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) qc_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (store), NULL);

  stmt = qc_store_prepare (store,
    "SELECT seq, record_id, kind, history_seq, detected FROM conflicts "
    "WHERE resolved = 0 AND (?1 IS NULL OR record_id = ?1) ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, record_id);
  /* Read the rows first: titles are looked up with other statements. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      QcConflict *conflict = conflict_from_row (store, stmt);
      if (conflict->kind == NULL || conflict->record_id == NULL)
        {
          qc_conflict_free (conflict);
          continue;
        }
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      qc_store_set_sqlite_error (store, rc, error);
      return NULL;
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      QcConflict *conflict = g_ptr_array_index (conflicts, i);
      conflict->title = dup_title (store, conflict->kind, conflict->record_id, conflict->history_seq);
    }
  return g_steal_pointer (&conflicts);
}

gint64
qc_conflicts_count (QcStore *store, const char *record_id, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (store), -1);

  stmt = qc_store_prepare (store,
    "SELECT count(*) FROM conflicts WHERE resolved = 0 AND (?1 IS NULL OR record_id = ?1)", error);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, record_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    qc_store_set_sqlite_error (store, rc, error);
  return n;
}

static QcConflict *
load_conflict (QcStore *store, gint64 seq, gboolean *resolved, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (store,
    "SELECT seq, record_id, kind, history_seq, detected, resolved FROM conflicts WHERE seq = ?", error);
  g_autoptr(QcConflict) conflict = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      conflict = conflict_from_row (store, stmt);
      *resolved = sqlite3_column_int (stmt, 5) != 0;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
      g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND, _("There is no conflict number %s"), number);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      qc_store_set_sqlite_error (store, rc, error);
      return NULL;
    }
  if (conflict->kind == NULL)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_CORRUPT,
                   _("The conflict of record %s names an unknown kind of record"), conflict->record_id);
      return NULL;
    }

  conflict->other = load_history_entry (store, conflict->history_seq, error);
  if (conflict->other == NULL)
    return NULL;
  conflict->current_deleted = qc_store_is_deleted (store, conflict->record_id);
  conflict->current = conflict->current_deleted
    ? qc_store_load_tombstone (store, conflict->record_id, error)
    : qc_store_load_current (store, conflict->kind, conflict->record_id, QC_LOAD_FULL, error);
  if (conflict->current == NULL)
    return NULL;
  if (!conflict->current_deleted)
    conflict->title = qc_record_dup_title (conflict->current);
  else if (!conflict->other->deleted)
    conflict->title = qc_record_dup_title (conflict->other->version);
  return g_steal_pointer (&conflict);
}

QcConflict *
qc_conflicts_get (QcStore *store, gint64 seq, GError **error)
{
  gboolean resolved = FALSE;

  g_return_val_if_fail (QC_IS_STORE (store), NULL);
  return load_conflict (store, seq, &resolved, error);
}

gboolean
qc_conflicts_resolve (QcStore *store, gint64 seq, QcConflictChoice choice, GError **error)
{
  g_autoptr(QcConflict) conflict = NULL;
  gboolean resolved = FALSE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (QC_IS_STORE (store), FALSE);
  g_return_val_if_fail (choice == QC_CONFLICT_KEEP_CURRENT || choice == QC_CONFLICT_KEEP_OTHER, FALSE);

  if (!qc_store_begin (store, error))
    return FALSE;
  conflict = load_conflict (store, seq, &resolved, error);
  if (conflict == NULL)
    goto fail;
  if (resolved)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND,
                   _("This conflict has already been reviewed"));
      goto fail;
    }

  if (choice == QC_CONFLICT_KEEP_OTHER)
    {
      if (conflict->other->deleted)
        {
          /* The set-aside version deleted the record: delete it again. */
          if (!conflict->current_deleted && !qc_store_delete (store, conflict->record_id, error))
            goto fail;
        }
      else if (conflict->current_deleted ||
               !qc_record_content_equal (conflict->current, conflict->other->version))
        {
          /* A new edit on top of the current version, so it travels. */
          if (!qc_store_restore (store, conflict->record_id, conflict->history_seq, error))
            goto fail;
        }
    }

  stmt = qc_store_prepare (store, "UPDATE conflicts SET resolved = 1 WHERE seq = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      int rc = sqlite3_extended_errcode (qc_store_get_db (store));
      sqlite3_reset (stmt);
      qc_store_set_sqlite_error (store, rc, error);
      goto fail;
    }
  sqlite3_reset (stmt);
  /* Lists and the conflicts banner reload. */
  qc_store_note_change (store, conflict->kind, conflict->record_id);
  return qc_store_commit (store, error);

fail:
  qc_store_rollback (store);
  return FALSE;
}
