#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_HISTORY_DIALOG (qc_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (QcHistoryDialog, qc_history_dialog, QC, HISTORY_DIALOG, AdwWindow)

/* The earlier versions of a record, newest first, each with what differs
 * from the current one and a button to restore it. Emits "restored". */
QcHistoryDialog *qc_history_dialog_new (GtkWindow  *parent,
                                        const char *id);

G_END_DECLS
