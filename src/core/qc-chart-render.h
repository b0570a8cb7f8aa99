#pragma once

#include <cairo.h>
#include <glib.h>

#include "qc-chart-analysis.h"
#include "qc-measure-chart.h"

G_BEGIN_DECLS

/*
 * Drawing a measure's chart with cairo (text with PangoCairo), the one
 * routine behind the app's chart widget, its sparklines and the files of
 * `qi-coach-cli chart render`. No GTK. docs/charts-rendering.md shows what
 * is drawn and why.
 */

typedef enum
{
  QC_CHART_RENDER_FULL    = 0,
  QC_CHART_RENDER_COMPACT = 1 << 0,  /* a sparkline: no text, axes or legend */
} QcChartRenderFlags;

typedef enum
{
  QC_CHART_FORMAT_PNG,
  QC_CHART_FORMAT_SVG,
  QC_CHART_FORMAT_PDF,
} QcChartFormat;

#define QC_CHART_N_FORMATS 3

/* How a point is drawn: a colour and a shape for each. */
typedef enum
{
  QC_CHART_MARK_NONE,         /* no value */
  QC_CHART_MARK_COMMON,       /* grey circle */
  QC_CHART_MARK_IMPROVEMENT,  /* blue diamond */
  QC_CHART_MARK_CONCERN,      /* orange square */
  QC_CHART_MARK_NEUTRAL,      /* purple triangle: special cause, no better direction */
} QcChartMark;

typedef struct _QcChartRender QcChartRender;

const char    *qc_chart_format_to_string   (QcChartFormat  format);
gboolean       qc_chart_format_from_string (const char    *string,
                                            QcChartFormat *format);
/* By the file name's extension (.png, .svg, .pdf, any case). */
gboolean       qc_chart_format_from_path   (const char    *path,
                                            QcChartFormat *format);
/* 1280 × 800 pixels; a PDF is an A4 landscape page, 842 × 595 points. */
void           qc_chart_format_default_size (QcChartFormat  format,
                                             double        *width,
                                             double        *height);

/* Analyses @chart (taken over) and keeps what the drawing needs. NULL with
 * QC_ERROR_INVALID when the analysis refuses the series. */
QcChartRender *qc_chart_render_new          (QcMeasureChart     *chart,
                                             GError            **error);
void           qc_chart_render_free         (QcChartRender      *self);
const QcMeasureChart *qc_chart_render_get_chart  (QcChartRender *self);
const QcChartResult  *qc_chart_render_get_result (QcChartRender *self);

/* Draws the whole chart into (0, 0, @width, @height) of @cr. */
void           qc_chart_render_draw         (QcChartRender      *self,
                                             cairo_t            *cr,
                                             double              width,
                                             double              height,
                                             QcChartRenderFlags  flags);
/* Writes the chart to @path: to a temporary file beside it, renamed over
 * @path only once complete, so a failure never leaves half a file. */
gboolean       qc_chart_render_to_file      (QcChartRender      *self,
                                             const char         *path,
                                             QcChartFormat       format,
                                             double              width,
                                             double              height,
                                             GError            **error);

/* The point drawn at (@x, @y) of a chart drawn at this size, or -1. */
int            qc_chart_render_point_at     (QcChartRender      *self,
                                             double              x,
                                             double              y,
                                             double              width,
                                             double              height,
                                             QcChartRenderFlags  flags);
/* Where point @index is drawn; FALSE when it has no value. */
gboolean       qc_chart_render_point_position (QcChartRender      *self,
                                               guint               index,
                                               double              width,
                                               double              height,
                                               QcChartRenderFlags  flags,
                                               double             *x,
                                               double             *y);
QcChartMark    qc_chart_render_point_mark   (QcChartRender      *self,
                                             guint               index);
/* For a tooltip: date, value, centre line, limits, the rules the point
 * breaks in words ("8 points in a row above the median: a shift"), its
 * note and PDSA cycle. Plain text, several lines. */
char          *qc_chart_render_describe_point (QcChartRender    *self,
                                               guint             index);
/* The rules point @index breaks, one sentence each (NULL-terminated). */
GStrv          qc_chart_render_point_reasons  (QcChartRender    *self,
                                               guint             index);
/* A few sentences saying what the chart shows, for screen readers. */
char          *qc_chart_render_describe     (QcChartRender      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcChartRender, qc_chart_render_free)

G_END_DECLS
