#pragma once

#include <adwaita.h>

#include "qc-application.h"

G_BEGIN_DECLS

#define QC_TYPE_WINDOW (qc_window_get_type ())
G_DECLARE_FINAL_TYPE (QcWindow, qc_window, QC, WINDOW, AdwApplicationWindow)

QcWindow *qc_window_new          (QcApplication *application);
void      qc_window_add_toast    (QcWindow      *self,
                                  AdwToast      *toast);
void      qc_window_show_toast   (QcWindow      *self,
                                  const char    *text);
/* Shows record @id on its page (a project, a PDSA cycle...). */
void      qc_window_open_record  (QcWindow      *self,
                                  const char    *id);

/* For widgets inside a window: toasts and navigation through it. */
void      qc_widget_show_toast   (GtkWidget     *widget,
                                  const char    *text);
void      qc_widget_add_toast    (GtkWidget     *widget,
                                  AdwToast      *toast);
void      qc_widget_open_record  (GtkWidget     *widget,
                                  const char    *id);
/* Starts a new PDSA cycle of @project_id on @change_idea (may be NULL). */
void      qc_widget_new_cycle    (GtkWidget     *widget,
                                  const char    *project_id,
                                  const char    *change_idea);
/* Starts a new coaching session about @project_id (may be NULL), with the
 * project's lead and team as attendees, on the Coaching page. */
void      qc_widget_new_session  (GtkWidget     *widget,
                                  const char    *project_id);

G_END_DECLS
