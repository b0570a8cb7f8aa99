#pragma once

#include "qc-editor-page.h"

G_BEGIN_DECLS

#define QC_TYPE_PERSON_PAGE (qc_person_page_get_type ())
G_DECLARE_FINAL_TYPE (QcPersonPage, qc_person_page, QC, PERSON_PAGE, QcEditorPage)

/* One person, saved as you type, with every project they are on and in
 * what role, and the coaching sessions they coached or attended. */

/* A new person (of @organisation_id when given), added once named. */
void qc_person_page_new_draft  (QcPersonPage *self,
                                const char   *organisation_id);
void qc_person_page_focus_name (QcPersonPage *self);

G_END_DECLS
