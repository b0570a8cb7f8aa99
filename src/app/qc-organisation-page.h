#pragma once

#include "qc-editor-page.h"

G_BEGIN_DECLS

#define QC_TYPE_ORGANISATION_PAGE (qc_organisation_page_get_type ())
G_DECLARE_FINAL_TYPE (QcOrganisationPage, qc_organisation_page, QC, ORGANISATION_PAGE, QcEditorPage)

/* One organisation, saved as you type, with its people and projects.
 * "new-person" (organisation id) asks for a new person there. */

/* A new organisation, added once named. */
void qc_organisation_page_new_draft  (QcOrganisationPage *self);
void qc_organisation_page_focus_name (QcOrganisationPage *self);

G_END_DECLS
