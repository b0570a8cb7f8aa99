#pragma once

#include <gio/gio.h>

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_STORE (qc_store_get_type ())
G_DECLARE_FINAL_TYPE (QcStore, qc_store, QC, STORE, GObject)

/* One version of a record that stopped being current. */
typedef struct
{
  gint64    seq;
  char     *rev;
  char     *modified;
  char     *modified_by;
  char     *reason;    /* "edit", "delete", "import", "conflict", "restore" */
  char     *saved;     /* when it stopped being current */
  gboolean  deleted;   /* the version was a deletion (tombstone) */
  QcRecord *version;
} QcHistoryEntry;

#define QC_TYPE_HISTORY_ENTRY (qc_history_entry_get_type ())
GType qc_history_entry_get_type (void) G_GNUC_CONST;
QcHistoryEntry *qc_history_entry_copy (const QcHistoryEntry *entry);
void            qc_history_entry_free (QcHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcHistoryEntry, qc_history_entry_free)

typedef struct
{
  const QcKind *kind;
  char         *id;
  char         *title;
  char         *snippet;  /* the matching words in context, [brackets] marked */
  double        rank;     /* lower is better */
} QcSearchHit;

#define QC_TYPE_SEARCH_HIT (qc_search_hit_get_type ())
GType qc_search_hit_get_type (void) G_GNUC_CONST;
QcSearchHit *qc_search_hit_copy (const QcSearchHit *hit);
void         qc_search_hit_free (QcSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcSearchHit, qc_search_hit_free)

typedef struct
{
  gint64 records[16];   /* by the index of qc_kinds() */
  gint64 tombstones;
  gint64 history;
  gint64 conflicts;
  gint64 points;
} QcStats;

char         *qc_store_dup_default_path (void);
QcStore      *qc_store_open             (const char   *path,
                                         GError      **error);
const char   *qc_store_get_path         (QcStore      *self);
/* The newest backup made before a schema upgrade, if any. */
const char   *qc_store_get_last_backup  (QcStore      *self);
guint         qc_store_get_schema_version (QcStore    *self);

/* The name written as modified-by on local edits. */
void          qc_store_set_author       (QcStore      *self,
                                         const char   *author);
const char   *qc_store_get_author       (QcStore      *self);

QcRecord     *qc_store_load             (QcStore      *self,
                                         const char   *id,
                                         GError      **error);
const QcKind *qc_store_lookup_kind      (QcStore      *self,
                                         const char   *id);
gboolean      qc_store_is_deleted       (QcStore      *self,
                                         const char   *id);

/* Adds a new record: gives it an id (unless it has one), timestamps and
 * its first revision. */
gboolean      qc_store_add              (QcStore      *self,
                                         QcRecord     *record,
                                         GError      **error);
/* Saves an edited record: the version it replaces goes to history and the
 * record gets a new revision. Saving unchanged content does nothing. */
gboolean      qc_store_save             (QcStore      *self,
                                         QcRecord     *record,
                                         GError      **error);
/* Deletes a record (and a project's measures and PDSA cycles): a tombstone
 * replaces it and its last version stays in history. */
gboolean      qc_store_delete           (QcStore      *self,
                                         const char   *id,
                                         GError      **error);
GPtrArray    *qc_store_history          (QcStore      *self,
                                         const char   *id,
                                         GError      **error);
/* Makes an earlier version current again, as a new edit. */
gboolean      qc_store_restore          (QcStore      *self,
                                         const char   *id,
                                         gint64        history_seq,
                                         GError      **error);
/* Replaces a measure's data points in one edit. */
gboolean      qc_store_set_points       (QcStore      *self,
                                         const char   *measure_id,
                                         GPtrArray    *points,
                                         GError      **error);

GPtrArray    *qc_store_search           (QcStore      *self,
                                         const char   *query,
                                         guint         limit,
                                         GError      **error);
gboolean      qc_store_get_stats        (QcStore      *self,
                                         QcStats      *stats,
                                         GError      **error);
/* Ids of the records of @kind that belong to project @project_id
 * (measures, PDSA cycles, sessions), in a stable order. */
GPtrArray    *qc_store_list_ids         (QcStore      *self,
                                         const QcKind *kind,
                                         const char   *project_id,
                                         GError      **error);

/* Transactions nest; a failed inner step rolls back to its start. */
gboolean      qc_store_begin            (QcStore      *self,
                                         GError      **error);
gboolean      qc_store_commit           (QcStore      *self,
                                         GError      **error);
void          qc_store_rollback         (QcStore      *self);

G_END_DECLS
