#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Words people read for the values the database stores. */

/* The label of an enumeration value such as "on-hold" ("On hold"). */
const char  *qc_choice_label         (const char *value);

/* The IHI progress scale: 0.5 to 5.0 in steps of 0.5. */
#define QC_N_PROGRESS_LEVELS 10
const char  *qc_progress_value       (guint       level);
const char  *qc_progress_title       (guint       level);
const char  *qc_progress_meaning     (guint       level);
/* The level of a stored score, or -1 when unset or off the scale. */
int          qc_progress_level       (const char *value);

/* A date as people read it ("31 Mar 2026"); NULL stays NULL. */
char        *qc_date_to_display      (const char *iso_date);
/* A timestamp as local time ("31 Mar 2026, 14:05"). */
char        *qc_timestamp_to_display (const char *timestamp);
/* Today as YYYY-MM-DD. */
char        *qc_date_today           (void);

G_END_DECLS
