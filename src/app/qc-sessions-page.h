#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_SESSIONS_PAGE (qc_sessions_page_get_type ())
G_DECLARE_FINAL_TYPE (QcSessionsPage, qc_sessions_page, QC, SESSIONS_PAGE, GtkWidget)

/* Coaching sessions, upcoming then past, and the open actions of them
 * all, beside the session being edited; one column with a back button on
 * a narrow window. */

/* A new session; with @project_id (or while the list is filtered by a
 * project) about that project, its team attending. */
void qc_sessions_page_new_session (QcSessionsPage *self,
                                   const char     *project_id);
/* Shows session @id, clearing the search and filters if they hide it. */
void qc_sessions_page_select      (QcSessionsPage *self,
                                   const char     *id);
/* Saves the edits that wait for a pause. */
void qc_sessions_page_flush       (QcSessionsPage *self);

G_END_DECLS
