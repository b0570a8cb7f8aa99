#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_TIME_ROW (qc_time_row_get_type ())
G_DECLARE_FINAL_TYPE (QcTimeRow, qc_time_row, QC, TIME_ROW, AdwEntryRow)

/* An entry row for a time of day on the 24-hour clock: 14:30, 9.30 or
 * 0930. "changed-time" is emitted when the user entered a valid time (or
 * none); a half-typed time is marked and waits. */
const char *qc_time_row_get_time (QcTimeRow  *self);
void        qc_time_row_set_time (QcTimeRow  *self,
                                  const char *time);

G_END_DECLS
