#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The chart types of qi-domain.md "Charts". */
typedef enum
{
  QC_CHART_TYPE_RUN,
  QC_CHART_TYPE_I,
  QC_CHART_TYPE_MR,
  QC_CHART_TYPE_P,
  QC_CHART_TYPE_U,
  QC_CHART_TYPE_C,
} QcChartType;

#define QC_CHART_N_TYPES 6

const char *qc_chart_type_to_string   (QcChartType  type);
gboolean    qc_chart_type_from_string (const char  *string,
                                       QcChartType *type);
/* p and u need numerator and denominator; run takes either form. */
gboolean    qc_chart_type_needs_denominators (QcChartType type);
gboolean    qc_chart_type_allows_denominators (QcChartType type);

/*
 * A measure's data points in time order, as the chart code reads them.
 * Plain arrays so that the renderer and the app can index them directly.
 * A missing point has NAN as its value (or numerator).
 */
typedef struct _QcChartSeries QcChartSeries;

struct _QcChartSeries
{
  guint    len;
  gchar  **dates;        /* len labels, then NULL */
  gdouble *values;       /* the value, or the numerator; NAN when missing */
  gdouble *denominators; /* NULL for plain values; NAN when missing */

  /*< private >*/
  guint    allocated;
};

QcChartSeries *qc_chart_series_new               (gboolean             with_denominators);
void           qc_chart_series_free              (QcChartSeries       *self);
QcChartSeries *qc_chart_series_copy              (const QcChartSeries *self);
void           qc_chart_series_add               (QcChartSeries       *self,
                                                  const char          *date,
                                                  double               value);
void           qc_chart_series_add_ratio         (QcChartSeries       *self,
                                                  const char          *date,
                                                  double               numerator,
                                                  double               denominator);
gboolean       qc_chart_series_has_denominators  (const QcChartSeries *self);
double         qc_chart_series_get_y             (const QcChartSeries *self,
                                                  guint                index);

/*
 * CSV as cli.md "chart analyse" describes: a header row, then one row per
 * point. Errors are QC_ERROR_INVALID, worded "FILE:LINE: what is wrong"
 * (with ":COLUMN" after LINE when one cell is at fault).
 */
QcChartSeries *qc_chart_series_new_from_csv      (const char          *path,
                                                  QcChartType          type,
                                                  GError             **error);
QcChartSeries *qc_chart_series_new_from_csv_data (const char          *data,
                                                  gssize               length,
                                                  const char          *display_name,
                                                  QcChartType          type,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcChartSeries, qc_chart_series_free)

G_END_DECLS
