#pragma once

#include <gio/gio.h>

#include "qc-store.h"

G_BEGIN_DECLS

/* Conflicts: records that two coaches edited at the same time. An import
 * makes the later version current and keeps the other one whole in the
 * record's history (docs/exchange-format.md, merge rule 5); each such pair
 * is listed here until the coach reviews it and keeps one of the two. */

typedef struct
{
  gint64          seq;             /* the conflict's number */
  const QcKind   *kind;
  char           *record_id;
  char           *title;           /* what a person calls the record; NULL if unknown */
  char           *detected;        /* when the import found it (RFC 3339 UTC) */
  gint64          history_seq;     /* the set-aside version in the record's history */
  /* Filled in by qc_conflicts_get () only (NULL / FALSE in lists): */
  QcHistoryEntry *other;           /* the version set aside (entry->deleted: a deletion) */
  QcRecord       *current;         /* the current version; metadata only when deleted */
  gboolean        current_deleted; /* the current version is a deletion */
} QcConflict;

#define QC_TYPE_CONFLICT (qc_conflict_get_type ())
GType       qc_conflict_get_type (void) G_GNUC_CONST;
QcConflict *qc_conflict_copy     (const QcConflict *conflict);
void        qc_conflict_free     (QcConflict       *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcConflict, qc_conflict_free)

typedef enum
{
  QC_CONFLICT_KEEP_CURRENT,  /* the current version stays; nothing is edited */
  QC_CONFLICT_KEEP_OTHER,    /* the set-aside version becomes current, as a new edit */
} QcConflictChoice;

/* The conflicts not reviewed yet, oldest first, of every record or only of
 * @record_id: QcConflict with seq, kind, record_id, title, detected and
 * history_seq. */
GPtrArray  *qc_conflicts_list    (QcStore          *store,
                                  const char       *record_id,
                                  GError          **error);
/* How many conflicts are waiting (of @record_id, or of every record when
 * NULL); -1 with @error set when the database fails. */
gint64      qc_conflicts_count   (QcStore          *store,
                                  const char       *record_id,
                                  GError          **error);
/* One conflict with both versions, to compare them field by field. */
QcConflict *qc_conflicts_get     (QcStore          *store,
                                  gint64            seq,
                                  GError          **error);
/* Keeps one of the two versions and marks the conflict reviewed, in one
 * transaction. Keeping the set-aside version is an ordinary edit (a
 * restore, or a delete when that version was a deletion), so it travels
 * with the next export like any other edit. "changed::KIND" is emitted. */
gboolean    qc_conflicts_resolve (QcStore          *store,
                                  gint64            seq,
                                  QcConflictChoice  choice,
                                  GError          **error);

G_END_DECLS
