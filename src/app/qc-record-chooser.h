#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_RECORD_CHOOSER (qc_record_chooser_get_type ())
G_DECLARE_FINAL_TYPE (QcRecordChooser, qc_record_chooser, QC, RECORD_CHOOSER, GtkWidget)

/* A button showing the chosen person, organisation or project; it opens a
 * searchable list with "New…" to create one by name. "changed" is emitted
 * only when the user picks another. */
const char *qc_record_chooser_get_record_id (QcRecordChooser *self);
void        qc_record_chooser_set_record_id (QcRecordChooser *self,
                                             const char      *id);
void        qc_record_chooser_popup         (QcRecordChooser *self);

G_END_DECLS
