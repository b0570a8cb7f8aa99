#pragma once

#include <gtk/gtk.h>

#include "qc-chart-render.h"
#include "qc-store.h"

G_BEGIN_DECLS

#define QC_TYPE_CHART_WIDGET (qc_chart_widget_get_type ())
G_DECLARE_FINAL_TYPE (QcChartWidget, qc_chart_widget, QC, CHART_WIDGET, GtkDrawingArea)

/*
 * A measure's run or control chart, drawn by qc-chart-render. Hovering a
 * point (or choosing it with the arrow keys) tells its date, value, lines
 * and the rules it breaks. Compact: a sparkline for lists, which emits
 * "activate" when clicked or on Enter.
 *
 * It follows measure @measure_id in @store, redrawing when the store
 * changes, until qc_chart_widget_set_record() gives it a record being
 * edited.
 */
QcChartWidget *qc_chart_widget_new_for_measure (QcStore       *store,
                                                const char    *measure_id,
                                                gboolean       compact);
QcChartWidget *qc_chart_widget_new             (QcStore       *store,
                                                gboolean       compact);

void           qc_chart_widget_set_measure_id  (QcChartWidget *self,
                                                const char    *measure_id);
const char    *qc_chart_widget_get_measure_id  (QcChartWidget *self);
/* Draws @measure as it is now (not yet saved); NULL follows the store. */
void           qc_chart_widget_set_record      (QcChartWidget *self,
                                                QcRecord      *measure);
gboolean       qc_chart_widget_get_compact     (QcChartWidget *self);
void           qc_chart_widget_set_compact     (QcChartWidget *self,
                                                gboolean       compact);
QcChartRules   qc_chart_widget_get_rules       (QcChartWidget *self);
/* Overrides the rules remembered for the measure (see below). */
void           qc_chart_widget_set_rules       (QcChartWidget *self,
                                                QcChartRules   rules);
/* What is drawn now, or NULL (no measure, or it could not be read). */
QcChartRender *qc_chart_widget_get_render      (QcChartWidget *self);
/* Writes the chart as drawn to a PNG, SVG or PDF file. */
gboolean       qc_chart_widget_export          (QcChartWidget *self,
                                                const char    *path,
                                                QcChartFormat  format,
                                                GError       **error);

/* The rule set a measure's chart is judged by: a display choice kept per
 * measure in GSettings (key "chart-rules", a{ss} measure id → rules name)
 * when the schema has that key, else for as long as the app runs; Anhøj
 * when none was made. */
QcChartRules   qc_chart_rules_for_measure      (const char    *measure_id);
void           qc_chart_rules_remember         (const char    *measure_id,
                                                QcChartRules   rules);

G_END_DECLS
