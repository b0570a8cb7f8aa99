#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_RECORD_DIALOG (qc_record_dialog_get_type ())
G_DECLARE_FINAL_TYPE (QcRecordDialog, qc_record_dialog, QC, RECORD_DIALOG, AdwWindow)

/* Shows every field of a record whose kind has no page of its own yet
 * (a measure, a session, a person...). NULL if @id is unknown. */
QcRecordDialog *qc_record_dialog_new (GtkWindow  *parent,
                                      const char *id);

G_END_DECLS
