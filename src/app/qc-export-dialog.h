#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  QC_EXPORT_TO_FILE,   /* the file chooser, then the file */
  QC_EXPORT_BY_EMAIL,  /* a file in the outbox, attached to a new email */
} QcExportDestination;

#define QC_TYPE_EXPORT_DIALOG (qc_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (QcExportDialog, qc_export_dialog, QC, EXPORT_DIALOG, AdwWindow)

/* Asks what to send (everything, chosen projects, or the changes since the
 * last export to a colleague), then exports in a worker with progress and
 * a way to cancel, and says what happened in a toast on @parent.
 *
 * For tests, QI_COACH_TEST_EXPORT_PATH (read only when set) is used as the
 * file instead of asking with the file chooser. */
QcExportDialog *qc_export_dialog_new (GtkWindow           *parent,
                                      QcExportDestination  destination);

G_END_DECLS
