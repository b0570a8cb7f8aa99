#pragma once

#include "qc-chart-analysis.h"
#include "qc-record.h"
#include "qc-store.h"

G_BEGIN_DECLS

/*
 * What a chart draws for one measure: the series in date order, the
 * analysis options, and the words around it (title, definition, phase
 * reasons, point notes, PDSA cycles). Built from a measure record; the
 * renderer (qc-chart-render.h) takes it as it is.
 *
 * The rule set is not a field of the measure (the exchange format has
 * none): it is a display choice passed in by the caller. The app keeps it
 * per measure in GSettings (key "chart-rules"), the CLI takes --rules;
 * both default to Anhøj. The Making Data Count rules apply to i charts
 * only: asked for another chart type they fall back to Anhøj, and
 * @rules_fell_back says so.
 */
typedef struct
{
  QcChartSeries   *series;
  QcChartOptions   options;          /* phase_starts points into this struct */
  QcChartRules     requested_rules;  /* what the caller asked for */
  gboolean         rules_fell_back;  /* mdc asked for a chart that is not i */

  char            *name;             /* the measure's name, or NULL */
  char            *definition;       /* its operational definition, or NULL */
  char            *unit;             /* its unit, or NULL */

  guint           *phase_starts;     /* sorted, unique, each in 1..len-1 */
  guint            n_phase_starts;
  /* One per phase of the analysis (n_phase_starts + 1): the reason given
   * for the re-baselining, or NULL (the first phase usually has none). */
  char           **phase_labels;

  /* One per point of the series (series->len), NULL where there is none. */
  char           **notes;
  char           **pdsa_ids;
  char           **pdsa_labels;      /* "Cycle 3: Triage form" once resolved */
  guint           *item_index;       /* index in the record's "point" list */
} QcMeasureChart;

/* The chart type a measure record asks for (run when unset). */
QcChartType     qc_measure_chart_type_of         (QcRecord             *measure);

QcMeasureChart *qc_measure_chart_new             (QcRecord             *measure,
                                                  QcChartRules          rules);
/* A chart of a bare series, as `chart analyse` reads one. Copies both. */
QcMeasureChart *qc_measure_chart_new_for_series  (const QcChartSeries  *series,
                                                  const QcChartOptions *options);
/* Loads measure @id and the titles of the PDSA cycles its points name. */
QcMeasureChart *qc_measure_chart_load            (QcStore              *store,
                                                  const char           *id,
                                                  QcChartRules          rules,
                                                  GError              **error);
/* Fills pdsa_labels from the store (unknown or deleted cycles: none). */
void            qc_measure_chart_resolve_pdsa    (QcMeasureChart       *self,
                                                  QcStore              *store);
/* What a PDSA flag on a chart says: "Cycle 3: Triage form". */
char           *qc_measure_chart_pdsa_label      (QcRecord             *pdsa);
void            qc_measure_chart_free            (QcMeasureChart       *self);

/*
 * Data points pasted as text, as a spreadsheet copies them: one line per
 * point, cells separated by tabs (or else commas, RFC 4180 quoting).
 * Columns: date, then value (or numerator and denominator when @ratio),
 * then an optional note. A first line naming its columns (date, value,
 * numerator, denominator, note) may reorder them. Dates are 2026-03-31 or
 * 31/03/2026. Returns a GPtrArray of QcItem of the measure's "point" list;
 * errors name "line N".
 */
GPtrArray      *qc_measure_points_from_text      (const char           *text,
                                                  gboolean              ratio,
                                                  GError              **error);
/* 31/03/2026, 31/3/26 or 2026-03-31 as 2026-03-31; NULL if not a date. */
char           *qc_measure_parse_date            (const char           *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcMeasureChart, qc_measure_chart_free)

G_END_DECLS
