#pragma once

#include "qc-editor-page.h"

G_BEGIN_DECLS

#define QC_TYPE_SESSION_EDITOR (qc_session_editor_get_type ())
G_DECLARE_FINAL_TYPE (QcSessionEditor, qc_session_editor, QC, SESSION_EDITOR, QcEditorPage)

/* Every field of one coaching session, saved as you type: when and how,
 * projects and attendees, topics, what was reviewed, agreed actions, the
 * next meeting and the coach's private reflection (never exported). */

/* A new session at the next full hour, coached by you. With @project_id
 * it is about that project: the project's lead and team attend, and the
 * phase and mode follow the project's last session. Added on the first
 * change. */
void     qc_session_editor_new_draft       (QcSessionEditor *self,
                                            const char      *project_id);
/* Marks action @action_id of the session being edited done (or not). */
gboolean qc_session_editor_set_action_done (QcSessionEditor *self,
                                            const char      *action_id,
                                            gboolean         done);
void     qc_session_editor_focus_date      (QcSessionEditor *self);

G_END_DECLS
