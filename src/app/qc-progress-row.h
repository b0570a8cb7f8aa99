#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_PROGRESS_ROW (qc_progress_row_get_type ())
G_DECLARE_FINAL_TYPE (QcProgressRow, qc_progress_row, QC, PROGRESS_ROW, AdwExpanderRow)

/* The IHI progress scale as a list of levels, each with its meaning; the
 * row's subtitle shows the chosen one. "changed" is emitted on user choice. */
const char *qc_progress_row_get_value (QcProgressRow *self);
void        qc_progress_row_set_value (QcProgressRow *self,
                                       const char    *value);

G_END_DECLS
