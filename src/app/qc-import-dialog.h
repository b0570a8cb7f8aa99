#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_IMPORT_DIALOG (qc_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (QcImportDialog, qc_import_dialog, QC, IMPORT_DIALOG, AdwWindow)

/* Shows what importing @file would do (a dry run in a worker: counts per
 * kind and outcome with the records' titles, the sender and the export
 * time); "Import" then imports it with progress and a way to cancel that
 * changes nothing, and a toast on @parent says what was done. A file that
 * cannot be imported is explained in a message dialog. While a dialog is
 * open on @parent, further files wait their turn in it. */
void qc_import_dialog_open_file     (GtkWindow *parent,
                                     GFile     *file);
/* Asks for a file with the file chooser, then as above. For tests,
 * QI_COACH_TEST_IMPORT_PATH (read only when set) is used instead. */
void qc_import_dialog_choose_file   (GtkWindow *parent);
/* Makes @window import the .qicoach files dropped on it. */
void qc_import_dialog_attach_drop_target (GtkWindow *window);

G_END_DECLS
