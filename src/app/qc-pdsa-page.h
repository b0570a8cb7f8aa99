#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_PDSA_PAGE (qc_pdsa_page_get_type ())
G_DECLARE_FINAL_TYPE (QcPdsaPage, qc_pdsa_page, QC, PDSA_PAGE, GtkWidget)

/* Every PDSA cycle across projects beside the cycle being edited. */
/* A new cycle, of @project_id and @change_idea when given (else of the
 * project the list is filtered by). */
void qc_pdsa_page_new_cycle (QcPdsaPage *self,
                             const char *project_id,
                             const char *change_idea);
void qc_pdsa_page_select    (QcPdsaPage *self,
                             const char *id);
void qc_pdsa_page_flush     (QcPdsaPage *self);

G_END_DECLS
