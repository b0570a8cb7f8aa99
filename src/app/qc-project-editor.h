#pragma once

#include <gtk/gtk.h>

#include "qc-autosave.h"

G_BEGIN_DECLS

#define QC_TYPE_PROJECT_EDITOR (qc_project_editor_get_type ())
G_DECLARE_FINAL_TYPE (QcProjectEditor, qc_project_editor, QC, PROJECT_EDITOR, GtkWidget)

/* Every field of one project, saved as you type (see QcAutosave). */
gboolean         qc_project_editor_load        (QcProjectEditor *self,
                                                const char      *id,
                                                GError         **error);
/* A new project that is added once it has a title. */
void             qc_project_editor_new_draft   (QcProjectEditor *self);
/* Shows nothing; what waited is saved first. */
void             qc_project_editor_clear       (QcProjectEditor *self);
gboolean         qc_project_editor_flush       (QcProjectEditor *self);
QcRecord        *qc_project_editor_get_record  (QcProjectEditor *self);
gboolean         qc_project_editor_is_new      (QcProjectEditor *self);
QcAutosaveState  qc_project_editor_get_state   (QcProjectEditor *self);
const char      *qc_project_editor_get_problem (QcProjectEditor *self);
void             qc_project_editor_focus_title (QcProjectEditor *self);

G_END_DECLS
