#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_PROJECTS_PAGE (qc_projects_page_get_type ())
G_DECLARE_FINAL_TYPE (QcProjectsPage, qc_projects_page, QC, PROJECTS_PAGE, GtkWidget)

/* The list of projects beside the project being edited; they fold into
 * one column with a back button on a narrow window. */
void qc_projects_page_new_project (QcProjectsPage *self);
/* Shows project @id, clearing the search and filters if they hide it. */
void qc_projects_page_select      (QcProjectsPage *self,
                                   const char     *id);
/* Saves the edits that wait for a pause. */
void qc_projects_page_flush       (QcProjectsPage *self);

G_END_DECLS
