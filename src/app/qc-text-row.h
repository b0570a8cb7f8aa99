#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_TEXT_ROW (qc_text_row_get_type ())
G_DECLARE_FINAL_TYPE (QcTextRow, qc_text_row, QC, TEXT_ROW, AdwPreferencesRow)

/* A row for a few sentences (an aim, a plan, what was learned): its title
 * above text that wraps and grows. "changed" is emitted on user edits. */
char *qc_text_row_dup_text (QcTextRow  *self);
void  qc_text_row_set_text (QcTextRow  *self,
                            const char *text);

G_END_DECLS
