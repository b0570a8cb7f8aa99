#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_ACTIONS_PAGE (qc_actions_page_get_type ())
G_DECLARE_FINAL_TYPE (QcActionsPage, qc_actions_page, QC, ACTIONS_PAGE, GtkWidget)

/* The agreed actions of every session that are not done yet, overdue
 * first. "open-session" (session id) when one is activated; "done"
 * (session id, action id) when its box is ticked. */
void  qc_actions_page_refresh     (QcActionsPage *self);
guint qc_actions_page_get_n_open  (QcActionsPage *self);

G_END_DECLS
