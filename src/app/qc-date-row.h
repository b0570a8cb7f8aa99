#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_DATE_ROW (qc_date_row_get_type ())
G_DECLARE_FINAL_TYPE (QcDateRow, qc_date_row, QC, DATE_ROW, AdwEntryRow)

/* An entry row for a date: type it (2026-03-31 or 31/03/2026) or pick it
 * from a calendar. "changed-date" is emitted when a valid date (or none)
 * was entered by the user. */
const char *qc_date_row_get_date (QcDateRow  *self);
void        qc_date_row_set_date (QcDateRow  *self,
                                  const char *date);

G_END_DECLS
