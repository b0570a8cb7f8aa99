#pragma once

#include <glib.h>

#include "qc-chart-series.h"

G_BEGIN_DECLS

/*
 * Run rules and control limits of qi-domain.md "Charts": pure maths, no
 * drawing. docs/charts.md gives every formula and every decision taken
 * where the spec is silent.
 */

typedef enum
{
  QC_CHART_RULES_ANHOEJ,   /* default, as qicharts2 */
  QC_CHART_RULES_IHI,      /* Perla, Provost & Murray 2011 */
  QC_CHART_RULES_MDC,      /* NHS "Making Data Count", i charts only */
} QcChartRules;

#define QC_CHART_N_RULES 3

typedef enum
{
  QC_CHART_DIRECTION_INCREASE,
  QC_CHART_DIRECTION_DECREASE,
  QC_CHART_DIRECTION_NEUTRAL,
} QcChartDirection;

#define QC_CHART_N_DIRECTIONS 3

/* A point's signals, a set of flags, listed in JSON in this order. */
typedef enum
{
  QC_CHART_SIGNAL_NONE           = 0,
  QC_CHART_SIGNAL_OUTSIDE_LIMITS = 1 << 0,
  QC_CHART_SIGNAL_SHIFT          = 1 << 1,
  QC_CHART_SIGNAL_TREND          = 1 << 2,
  QC_CHART_SIGNAL_TWO_OF_THREE   = 1 << 3,
  QC_CHART_SIGNAL_ASTRONOMICAL   = 1 << 4,
} QcChartSignal;

#define QC_CHART_N_SIGNALS 5

typedef enum
{
  QC_CHART_VARIATION_NONE,        /* no value, or not the mdc rules */
  QC_CHART_VARIATION_COMMON,
  QC_CHART_VARIATION_IMPROVEMENT,
  QC_CHART_VARIATION_CONCERN,
  QC_CHART_VARIATION_NEUTRAL,     /* special cause, no better direction */
} QcChartVariation;

#define QC_CHART_N_VARIATIONS 5

typedef enum
{
  QC_CHART_ASSURANCE_NONE,        /* no target, no limits, or neutral direction */
  QC_CHART_ASSURANCE_PASSES,
  QC_CHART_ASSURANCE_FAILS,
  QC_CHART_ASSURANCE_INCONSISTENT,
} QcChartAssurance;

#define QC_CHART_N_ASSURANCES 4

/* Fewer values than this in a phase: mdc limits are trial limits. */
#define QC_CHART_MDC_MIN_POINTS 13

typedef struct
{
  QcChartType       type;
  QcChartRules      rules;          /* QC_CHART_RULES_ANHOEJ */
  QcChartDirection  direction;      /* QC_CHART_DIRECTION_INCREASE; mdc only */
  gboolean          screen;         /* TRUE: moving-range screening */
  double            target;         /* NAN: none; mdc assurance only */
  const guint      *phase_starts;   /* borrowed: indices where a new phase starts */
  guint             n_phase_starts;
} QcChartOptions;

/* The defaults of cli.md for @type. */
void qc_chart_options_init (QcChartOptions *options,
                            QcChartType     type);

/* The runs analysis of one phase, around its centre line. */
typedef struct
{
  gboolean valid;            /* FALSE: no point off the centre line, or an mr chart */
  guint    n_useful;         /* points with a value not on the centre line */
  guint    longest_run;
  guint    longest_run_max;  /* a run longer than this is a shift */
  guint    crossings;
  gint     crossings_min;    /* fewer is a signal; -1: no such rule (mdc) */
  gint     crossings_max;    /* more is a signal; -1: no such rule (all but ihi) */
  gboolean signal;
} QcChartRuns;

typedef struct
{
  guint       first;          /* index of its first point */
  guint       last;           /* index of its last point, inclusive */
  guint       n;              /* points with a value */
  double      centre;         /* NAN when the phase has no value */
  double      amr;            /* average moving range used, NAN if none or not used */
  gboolean    trial_limits;   /* mdc: fewer than QC_CHART_MDC_MIN_POINTS values */
  QcChartRuns runs;
} QcChartPhase;

typedef struct
{
  const char       *date;
  double            y;            /* plotted value, NAN when missing */
  double            cl;           /* NAN where none */
  double            lcl;
  double            ucl;
  double            lower_near;   /* mdc near-limit lines, NAN otherwise */
  double            upper_near;
  QcChartSignal     signals;
  QcChartVariation  variation;    /* mdc only */
  guint             phase;        /* index into phases */
} QcChartPoint;

typedef struct
{
  QcChartType       type;
  QcChartRules      rules;
  QcChartDirection  direction;
  gboolean          screen;
  guint             n;            /* points with a value */
  guint             n_points;
  QcChartPoint     *points;
  guint             n_phases;
  QcChartPhase     *phases;
  QcChartRuns       runs;         /* of the last phase: the current process */
  double            target;       /* NAN: none */
  QcChartAssurance  assurance;    /* mdc with a target, against the last phase */
  gboolean          trial_limits; /* mdc: the last phase has trial limits */

  /*< private >*/
  gchar           **dates;
} QcChartResult;

QcChartResult *qc_chart_analyse          (const QcChartSeries  *series,
                                          const QcChartOptions *options,
                                          GError              **error);
void           qc_chart_result_free      (QcChartResult        *result);
/* Indices of the points strictly outside their limits; free with g_free. */
guint         *qc_chart_result_sigma_signal (const QcChartResult *result,
                                             guint               *n_indices);

/* Anhøj rules: round(log2(n) + 3) and qbinom(0.05, n - 1, 0.5), exactly. */
guint qc_chart_anhoej_longest_run_max (guint n_useful);
guint qc_chart_anhoej_crossings_min   (guint n_useful);
/* Swed–Eisenhart, alpha 0.05 two-sided: fewer runs than *runs_min or more
 * than *runs_max are a signal. */
void  qc_chart_ihi_runs_limits        (guint  n_above,
                                       guint  n_below,
                                       guint *runs_min,
                                       guint *runs_max);

const char *qc_chart_rules_to_string       (QcChartRules      rules);
gboolean    qc_chart_rules_from_string     (const char       *string,
                                            QcChartRules     *rules);
const char *qc_chart_direction_to_string   (QcChartDirection  direction);
gboolean    qc_chart_direction_from_string (const char       *string,
                                            QcChartDirection *direction);
/* @signal: a single flag */
const char *qc_chart_signal_to_string      (QcChartSignal     signal);
gboolean    qc_chart_signal_from_string    (const char       *string,
                                            QcChartSignal    *signal);
/* NULL for QC_CHART_VARIATION_NONE and QC_CHART_ASSURANCE_NONE */
const char *qc_chart_variation_to_string   (QcChartVariation  variation);
gboolean    qc_chart_variation_from_string (const char       *string,
                                            QcChartVariation *variation);
const char *qc_chart_assurance_to_string   (QcChartAssurance  assurance);
gboolean    qc_chart_assurance_from_string (const char       *string,
                                            QcChartAssurance *assurance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcChartResult, qc_chart_result_free)

G_END_DECLS
