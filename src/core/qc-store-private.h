#pragma once

#include <sqlite3.h>

#include "qc-store.h"

G_BEGIN_DECLS

guint         qc_store_schema_latest     (void);
const char   *qc_store_schema_step       (guint         version);

/* For tests: create a database at an older schema version. */
QcStore      *qc_store_open_at_version   (const char   *path,
                                          guint         version,
                                          GError      **error);

sqlite3      *qc_store_get_db            (QcStore      *self);
/* A cached prepared statement, reset and with bindings cleared. */
sqlite3_stmt *qc_store_prepare           (QcStore      *self,
                                          const char   *sql,
                                          GError      **error);
gboolean      qc_store_set_sqlite_error  (QcStore      *self,
                                          int           rc,
                                          GError      **error);

/* The building blocks of edits and merges; callers hold a transaction. */
typedef enum
{
  QC_LOAD_FULL,
  QC_LOAD_SUMMARY,  /* fields only, no collections */
} QcLoadMode;

QcRecord     *qc_store_load_current      (QcStore      *self,
                                          const QcKind *kind,
                                          const char   *id,
                                          QcLoadMode    mode,
                                          GError      **error);
QcRecord     *qc_store_record_from_row   (QcStore      *self,
                                          const QcKind *kind,
                                          sqlite3_stmt *stmt,
                                          QcLoadMode    mode,
                                          GError      **error);
/* The SELECT column list of a kind's table, in qc_store_record_from_row's order. */
const char   *qc_store_select_columns    (const QcKind *kind);
gboolean      qc_store_write_current     (QcStore      *self,
                                          QcRecord     *record,
                                          GError      **error);
gboolean      qc_store_remove_current    (QcStore      *self,
                                          const QcKind *kind,
                                          const char   *id,
                                          GError      **error);
/* A tombstone is a QcRecord of its kind with only the metadata set. */
QcRecord     *qc_store_load_tombstone    (QcStore      *self,
                                          const char   *id,
                                          GError      **error);
gboolean      qc_store_write_tombstone   (QcStore      *self,
                                          QcRecord     *tombstone,
                                          GError      **error);
gboolean      qc_store_remove_tombstone  (QcStore      *self,
                                          const char   *id,
                                          GError      **error);
gint64        qc_store_add_history       (QcStore      *self,
                                          QcRecord     *version,
                                          gboolean      deleted,
                                          const char   *reason,
                                          GError      **error);
gboolean      qc_store_add_conflict      (QcStore      *self,
                                          QcRecord     *record,
                                          gint64        history_seq,
                                          GError      **error);
/* For bulk writes in one transaction (an import): full-text index updates
 * are kept aside and applied when @defer is turned off again, which must
 * happen before the transaction commits. */
gboolean      qc_store_defer_search_index (QcStore     *self,
                                           gboolean     defer,
                                           GError     **error);
/* What a person typed, as an FTS5 query over search_index. */
char         *qc_store_fts_query         (const char   *text);

/* Marks @kind as changed; "changed" is emitted when the outermost
 * transaction commits. */
void          qc_store_note_change       (QcStore      *self,
                                          const QcKind *kind,
                                          const char   *id);

G_END_DECLS
