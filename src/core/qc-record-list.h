#pragma once

#include <gio/gio.h>

#include "qc-store.h"

G_BEGIN_DECLS

#define QC_TYPE_RECORD_LIST (qc_record_list_get_type ())
G_DECLARE_FINAL_TYPE (QcRecordList, qc_record_list, QC, RECORD_LIST, GObject)

/* A GListModel of the records of one kind that reads rows on demand, a page
 * at a time, so 100,000 records open as fast as ten. Items are QcRecords
 * holding their fields (not their collections): load the record to edit it. */
QcRecordList *qc_record_list_new        (QcStore      *store,
                                         const QcKind *kind);
const QcKind *qc_record_list_get_kind   (QcRecordList *self);
/* Words that must all appear (full-text, prefix match); NULL for all. */
void          qc_record_list_set_text   (QcRecordList *self,
                                         const char   *text);
/* Only records whose @field equals @value (a field of the kind, or a list
 * of references such as a session's "project"); NULL value removes it. */
void          qc_record_list_set_filter (QcRecordList *self,
                                         const char   *field,
                                         const char   *value);
/* Sort by a field of the kind or "modified"; "progress" sorts by number. */
void          qc_record_list_set_sort   (QcRecordList *self,
                                         const char   *field,
                                         gboolean      descending);
/* Position of the record with @id, or -1 (reads ids, not whole rows). */
gint          qc_record_list_find       (QcRecordList *self,
                                         const char   *id);

G_END_DECLS
