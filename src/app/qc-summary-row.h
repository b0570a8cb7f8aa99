#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_SUMMARY_ROW (qc_summary_row_get_type ())
G_DECLARE_FINAL_TYPE (QcSummaryRow, qc_summary_row, QC, SUMMARY_ROW, GtkWidget)

/* One row of the sessions, resources, people or organisations list: what
 * the record is, a line about it and its badges (open actions, a kind,
 * champion or coach). A GtkStringObject item makes a section heading
 * ("Upcoming", "Past"). */
GObject *qc_summary_row_get_item (QcSummaryRow *self);
void     qc_summary_row_set_item (QcSummaryRow *self,
                                  GObject      *item);

G_END_DECLS
