#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Splits one CSV line into fields (RFC 4180 quoting); NULL when a quote is
 * left open. */
GStrv      qc_csv_split_line        (const char  *line);

/* Reads data points from a CSV file with a header row naming its columns:
 * date, and value or numerator and denominator; optionally note and pdsa.
 * Returns a GPtrArray of QcItem of the measure's "point" list. Errors name
 * FILE:LINE and what is wrong. */
GPtrArray *qc_points_from_csv_file  (const char  *path,
                                     GError     **error);

G_END_DECLS
