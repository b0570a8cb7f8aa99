#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_RESOURCES_PAGE (qc_resources_page_get_type ())
G_DECLARE_FINAL_TYPE (QcResourcesPage, qc_resources_page, QC, RESOURCES_PAGE, GtkWidget)

/* The resources library (the region's shared list and the coach's own)
 * beside the resource being edited; one column on a narrow window. */
void qc_resources_page_new_resource (QcResourcesPage *self);
/* Shows resource @id, clearing the search and filters if they hide it. */
void qc_resources_page_select       (QcResourcesPage *self,
                                     const char      *id);
void qc_resources_page_flush        (QcResourcesPage *self);

G_END_DECLS
