#pragma once

#include "qc-editor-page.h"

G_BEGIN_DECLS

#define QC_TYPE_RESOURCE_EDITOR (qc_resource_editor_get_type ())
G_DECLARE_FINAL_TYPE (QcResourceEditor, qc_resource_editor, QC, RESOURCE_EDITOR, QcEditorPage)

/* One resource of the library, saved as you type, with the projects and
 * sessions that share its tags. */

/* A new resource, added once it has a title. */
void qc_resource_editor_new_draft   (QcResourceEditor *self);
void qc_resource_editor_focus_title (QcResourceEditor *self);

G_END_DECLS
