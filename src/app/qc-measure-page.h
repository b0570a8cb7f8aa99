#pragma once

#include <gtk/gtk.h>

#include "qc-chart-widget.h"
#include "qc-store.h"

G_BEGIN_DECLS

#define QC_TYPE_MEASURE_PAGE (qc_measure_page_get_type ())
G_DECLARE_FINAL_TYPE (QcMeasurePage, qc_measure_page, QC, MEASURE_PAGE, GtkWidget)

/*
 * One measure: its chart above, and below it the data points (typed,
 * pasted from a spreadsheet or imported from CSV), its definition and its
 * phases. Edits are saved a moment after the last one (one version in the
 * measure's history per burst) and redraw the chart at once.
 *
 * A plain widget with its own header area, to be put in a project
 * editor's leaflet, a navigation page or a window of its own.
 */
GtkWidget     *qc_measure_page_new            (QcStore       *store,
                                               const char    *measure_id);
const char    *qc_measure_page_get_measure_id (QcMeasurePage *self);
/* The measure's name, for a title bar ("" when it has none yet). */
const char    *qc_measure_page_get_title      (QcMeasurePage *self);
QcChartWidget *qc_measure_page_get_chart      (QcMeasurePage *self);
/* Saves what waits now; FALSE if it cannot be saved (see the page). */
gboolean       qc_measure_page_flush          (QcMeasurePage *self);

G_END_DECLS
