#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_NETWORK_PAGE (qc_network_page_get_type ())
G_DECLARE_FINAL_TYPE (QcNetworkPage, qc_network_page, QC, NETWORK_PAGE, GtkWidget)

/* People and organisations across the region beside the one being
 * edited: who is on what project, champions and coaches, skills. */

/* A new person, or a new organisation when the organisations list shows. */
void qc_network_page_new_record (QcNetworkPage *self);
/* Shows person or organisation @id, clearing filters that hide it. */
void qc_network_page_select     (QcNetworkPage *self,
                                 const char    *id);
void qc_network_page_flush      (QcNetworkPage *self);

G_END_DECLS
