#pragma once

#include <gtk/gtk.h>

#include "qc-autosave.h"

G_BEGIN_DECLS

#define QC_TYPE_PDSA_EDITOR (qc_pdsa_editor_get_type ())
G_DECLARE_FINAL_TYPE (QcPdsaEditor, qc_pdsa_editor, QC, PDSA_EDITOR, GtkWidget)

/* One PDSA cycle laid out as the IHI worksheet: header, Plan (with its
 * questions, predictions and tasks), Do, Study, Act. Saved as you type. */
gboolean         qc_pdsa_editor_load        (QcPdsaEditor *self,
                                             const char   *id,
                                             GError      **error);
/* A new cycle, added once it has a title and a project. */
void             qc_pdsa_editor_new_draft   (QcPdsaEditor *self,
                                             const char   *project_id,
                                             const char   *change_idea);
void             qc_pdsa_editor_clear       (QcPdsaEditor *self);
gboolean         qc_pdsa_editor_flush       (QcPdsaEditor *self);
QcRecord        *qc_pdsa_editor_get_record  (QcPdsaEditor *self);
gboolean         qc_pdsa_editor_is_new      (QcPdsaEditor *self);
QcAutosaveState  qc_pdsa_editor_get_state   (QcPdsaEditor *self);
const char      *qc_pdsa_editor_get_problem (QcPdsaEditor *self);
void             qc_pdsa_editor_focus_title (QcPdsaEditor *self);

G_END_DECLS
