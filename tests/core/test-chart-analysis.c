/*
 * Chart analysis: hand-worked examples for every chart type and rule set,
 * and the published examples of qicharts2 and NHSRplotthedots.
 *
 * Expected values are literal numbers worked out by hand (shown in the
 * comments), published reference values, or a small independent
 * computation in this file (plain loops, no code shared with the module).
 */

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "qc-chart-analysis.h"
#include "qc-chart-json.h"
#include "qc-chart-series.h"
#include "qc-error.h"

#define EPS 1e-9

#define assert_near(a, b) assert_near_tol ((a), (b), EPS, #a, __FILE__, __LINE__)
#define assert_near_abs(a, b, tol) assert_near_abs_impl ((a), (b), (tol), #a, __FILE__, __LINE__)
#define assert_nan(a) G_STMT_START { if (!isnan (a)) assert_fail_num (#a " is not NAN", (a), NAN, __FILE__, __LINE__); } G_STMT_END

static void
assert_fail_num (const char *what,
                 double      got,
                 double      expected,
                 const char *file,
                 int         line)
{
  g_autofree char *msg = g_strdup_printf ("%s: got %.17g, expected %.17g", what, got, expected);

  g_assertion_message ("qc-chart", file, line, "", msg);
}

static void
assert_near_tol (double      got,
                 double      expected,
                 double      tol,
                 const char *what,
                 const char *file,
                 int         line)
{
  if (!(fabs (got - expected) <= tol))
    assert_fail_num (what, got, expected, file, line);
}

static void
assert_near_abs_impl (double      got,
                      double      expected,
                      double      tol,
                      const char *what,
                      const char *file,
                      int         line)
{
  if (!(fabs (got - expected) <= tol))
    assert_fail_num (what, got, expected, file, line);
}

/* ---- building series and results ---------------------------------------- */

static QcChartSeries *
make_series (const double *v,
             guint         n)
{
  QcChartSeries *s = qc_chart_series_new (FALSE);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *date = g_strdup_printf ("d%02u", i + 1);
      qc_chart_series_add (s, date, v[i]);
    }
  return s;
}

static QcChartSeries *
make_ratio_series (const double *num,
                   const double *den,
                   guint         n)
{
  QcChartSeries *s = qc_chart_series_new (TRUE);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *date = g_strdup_printf ("d%02u", i + 1);
      qc_chart_series_add_ratio (s, date, num[i], den[i]);
    }
  return s;
}

typedef struct
{
  QcChartRules      rules;
  gboolean          no_screen;
  QcChartDirection  direction;
  gboolean          has_target;
  double            target;
  const guint      *phases;
  guint             n_phases;
} Opts;

static QcChartResult *
analyse_opts (const QcChartSeries *s,
              QcChartType          type,
              const Opts          *opts)
{
  g_autoptr(GError) error = NULL;
  QcChartOptions o;
  QcChartResult *r;

  qc_chart_options_init (&o, type);
  if (opts != NULL)
    {
      o.rules = opts->rules;
      o.screen = !opts->no_screen;
      o.direction = opts->direction;
      if (opts->has_target)
        o.target = opts->target;
      o.phase_starts = opts->phases;
      o.n_phase_starts = opts->n_phases;
    }
  r = qc_chart_analyse (s, &o, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->n_points, ==, s->len);
  return r;
}

static QcChartResult *
analyse (const QcChartSeries *s,
         QcChartType          type,
         QcChartRules         rules)
{
  Opts o = { .rules = rules };

  return analyse_opts (s, type, &o);
}

/* "0,3,4": the points that have @signal. */
static char *
flagged (const QcChartResult *r,
         QcChartSignal        signal)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < r->n_points; i++)
    if (r->points[i].signals & signal)
      g_string_append_printf (s, "%s%u", s->len ? "," : "", i);
  return g_string_free (s, FALSE);
}

#define assert_flagged(r, signal, expected) G_STMT_START { \
    g_autofree char *_f = flagged ((r), (signal)); \
    g_assert_cmpstr (_f, ==, (expected)); \
  } G_STMT_END

/* One letter per point: - none, c common, i improvement, x concern, n neutral. */
static char *
variations (const QcChartResult *r)
{
  static const char letters[] = { '-', 'c', 'i', 'x', 'n' };
  char *s = g_new0 (char, r->n_points + 1);

  for (guint i = 0; i < r->n_points; i++)
    s[i] = letters[r->points[i].variation];
  return s;
}

#define assert_variations(r, expected) G_STMT_START { \
    g_autofree char *_v = variations (r); \
    g_assert_cmpstr (_v, ==, (expected)); \
  } G_STMT_END

static void
assert_runs (const QcChartRuns *runs,
             guint              n_useful,
             guint              longest,
             guint              longest_max,
             guint              crossings,
             gint               crossings_min,
             gboolean           signal)
{
  g_assert_true (runs->valid);
  g_assert_cmpuint (runs->n_useful, ==, n_useful);
  g_assert_cmpuint (runs->longest_run, ==, longest);
  g_assert_cmpuint (runs->longest_run_max, ==, longest_max);
  g_assert_cmpuint (runs->crossings, ==, crossings);
  g_assert_cmpint (runs->crossings_min, ==, crossings_min);
  g_assert_cmpint (runs->signal, ==, signal);
}

/* ---- independent reference computations --------------------------------- */

static double
ref_mean (const double *v,
          guint         n)
{
  double s = 0;
  guint m = 0;

  for (guint i = 0; i < n; i++)
    if (!isnan (v[i]))
      s += v[i], m++;
  return s / m;
}

/* Moving ranges of neighbours that both have a value; screened once. */
static double
ref_amr (const double *v,
         guint         n,
         gboolean      screen)
{
  double s = 0, amr, kept = 0;
  guint m = 0, mk = 0;

  for (guint i = 1; i < n; i++)
    if (!isnan (v[i]) && !isnan (v[i - 1]))
      s += fabs (v[i] - v[i - 1]), m++;
  amr = s / m;
  if (!screen)
    return amr;
  for (guint i = 1; i < n; i++)
    if (!isnan (v[i]) && !isnan (v[i - 1]) && fabs (v[i] - v[i - 1]) < 3.267 * amr)
      kept += fabs (v[i] - v[i - 1]), mk++;
  return mk ? kept / mk : NAN;
}

/* ---- names -------------------------------------------------------------- */

static void
test_names (void)
{
  static const char * const types[] = { "run", "i", "mr", "p", "u", "c" };
  static const char * const rules[] = { "anhoej", "ihi", "mdc" };
  static const char * const dirs[] = { "increase", "decrease", "neutral" };
  static const char * const signals[] = { "outside-limits", "shift", "trend", "two-of-three", "astronomical" };
  QcChartType t;
  QcChartRules ru;
  QcChartDirection d;
  QcChartSignal s;
  QcChartVariation v;
  QcChartAssurance a;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_assert_true (qc_chart_type_from_string (types[i], &t));
      g_assert_cmpint (t, ==, (QcChartType) i);
      g_assert_cmpstr (qc_chart_type_to_string (t), ==, types[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_assert_true (qc_chart_rules_from_string (rules[i], &ru));
      g_assert_cmpstr (qc_chart_rules_to_string (ru), ==, rules[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_assert_true (qc_chart_direction_from_string (dirs[i], &d));
      g_assert_cmpstr (qc_chart_direction_to_string (d), ==, dirs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_assert_true (qc_chart_signal_from_string (signals[i], &s));
      g_assert_cmpint (s, ==, 1 << i);
      g_assert_cmpstr (qc_chart_signal_to_string (s), ==, signals[i]);
    }
  g_assert_true (qc_chart_variation_from_string ("concern", &v));
  g_assert_cmpint (v, ==, QC_CHART_VARIATION_CONCERN);
  g_assert_cmpstr (qc_chart_variation_to_string (QC_CHART_VARIATION_COMMON), ==, "common");
  g_assert_cmpstr (qc_chart_variation_to_string (QC_CHART_VARIATION_IMPROVEMENT), ==, "improvement");
  g_assert_cmpstr (qc_chart_variation_to_string (QC_CHART_VARIATION_NEUTRAL), ==, "neutral");
  g_assert_null (qc_chart_variation_to_string (QC_CHART_VARIATION_NONE));
  g_assert_true (qc_chart_assurance_from_string ("inconsistent", &a));
  g_assert_cmpint (a, ==, QC_CHART_ASSURANCE_INCONSISTENT);
  g_assert_cmpstr (qc_chart_assurance_to_string (QC_CHART_ASSURANCE_PASSES), ==, "passes");
  g_assert_cmpstr (qc_chart_assurance_to_string (QC_CHART_ASSURANCE_FAILS), ==, "fails");
  g_assert_null (qc_chart_assurance_to_string (QC_CHART_ASSURANCE_NONE));

  g_assert_false (qc_chart_type_from_string ("xbar", &t));
  g_assert_false (qc_chart_type_from_string ("I", &t));
  g_assert_false (qc_chart_type_from_string (NULL, &t));
  g_assert_false (qc_chart_rules_from_string ("anhøj", &ru));
  g_assert_false (qc_chart_direction_from_string ("up", &d));
  g_assert_false (qc_chart_signal_from_string ("outside", &s));
  g_assert_false (qc_chart_variation_from_string ("", &v));
  g_assert_false (qc_chart_assurance_from_string ("pass", &a));

  g_assert_true (qc_chart_type_needs_denominators (QC_CHART_TYPE_P));
  g_assert_true (qc_chart_type_needs_denominators (QC_CHART_TYPE_U));
  g_assert_false (qc_chart_type_needs_denominators (QC_CHART_TYPE_RUN));
  g_assert_true (qc_chart_type_allows_denominators (QC_CHART_TYPE_RUN));
  g_assert_false (qc_chart_type_allows_denominators (QC_CHART_TYPE_C));
}

/* ---- Anhøj limits ------------------------------------------------------- */

static void
test_anhoej_limits (void)
{
  /* Published by qicharts2 (its reference outputs for Montgomery's
   * examples and the hospital infections data): n, longest run max,
   * crossings min. */
  static const guint published[][3] = {
    { 20, 7, 6 }, { 24, 8, 8 }, { 25, 8, 8 }, { 39, 8, 14 }, { 40, 8, 14 }, { 44, 8, 16 },
  };
  /* Computed once with R's qbinom(0.05, n - 1, 0.5); too large for the
   * 64-bit check below. */
  static const guint large[][2] = {
    { 100, 41 }, { 200, 88 }, { 1000, 474 }, { 5000, 2441 },
    { 20001, 9884 }, { 20002, 9884 }, { 30000, 14857 }, { 100000, 49739 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (published); i++)
    {
      g_assert_cmpuint (qc_chart_anhoej_longest_run_max (published[i][0]), ==, published[i][1]);
      g_assert_cmpuint (qc_chart_anhoej_crossings_min (published[i][0]), ==, published[i][2]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (large); i++)
    g_assert_cmpuint (qc_chart_anhoej_crossings_min (large[i][0]), ==, large[i][1]);

  /* Small n by hand: qbinom(0.05, 7, 0.5) = 1 since P(X <= 0) = 1/128 and
   * P(X <= 1) = 8/128 >= 0.05; n = 1 and 2 give 0. */
  g_assert_cmpuint (qc_chart_anhoej_crossings_min (1), ==, 0);
  g_assert_cmpuint (qc_chart_anhoej_crossings_min (2), ==, 0);
  g_assert_cmpuint (qc_chart_anhoej_crossings_min (8), ==, 1);
  g_assert_cmpuint (qc_chart_anhoej_longest_run_max (8), ==, 6);
  g_assert_cmpuint (qc_chart_anhoej_longest_run_max (1), ==, 3);
  g_assert_cmpuint (qc_chart_anhoej_longest_run_max (0), ==, 0);

  /* Independently: exact Pascal's triangle in 64 bits for n <= 60
   * (20 * 2^59 still fits), and round() written as floor(x + 0.5). */
  for (guint n = 2; n <= 60; n++)
    {
      guint m = n - 1, k;
      guint64 c = 1, sum = 0, total = G_GUINT64_CONSTANT (1) << m;

      for (k = 0; k <= m; k++)
        {
          sum += c;
          if (20 * sum >= total)
            break;
          c = c * (m - k) / (k + 1);
        }
      g_assert_cmpuint (qc_chart_anhoej_crossings_min (n), ==, k);
      g_assert_cmpuint (qc_chart_anhoej_longest_run_max (n), ==, (guint) floor (log2 (n) + 3 + 0.5));
    }
}

/* ---- Swed–Eisenhart ----------------------------------------------------- */

/*
 * The published two-sided 5 % critical values of the runs test (Swed &
 * Eisenhart 1943, as reprinted in statistics textbooks) for n1 = 2..10 and
 * n2 = 2..20: reject when runs <= lower or runs >= upper. Where no number
 * of runs is rejected the tables print a placeholder (1, or an upper value
 * above the largest possible number of runs).
 */
static const guint swed_eisenhart[9][19][2] = {
  /* n1 = 2 */
  { {1,6},{1,6},{1,6},{1,6},{1,6},{1,6},{1,6},{1,6},{1,6},{1,6},{2,6},{2,6},{2,6},{2,6},{2,6},{2,6},{2,6},{2,6},{2,6} },
  /* n1 = 3 */
  { {1,6},{1,8},{1,8},{1,8},{2,8},{2,8},{2,8},{2,8},{2,8},{2,8},{2,8},{2,8},{2,8},{3,8},{3,8},{3,8},{3,8},{3,8},{3,8} },
  /* n1 = 4 */
  { {1,6},{1,8},{1,9},{2,9},{2,9},{2,10},{3,10},{3,10},{3,10},{3,10},{3,10},{3,10},{3,10},{3,10},{4,10},{4,10},{4,10},{4,10},{4,10} },
  /* n1 = 5 */
  { {1,6},{1,8},{2,9},{2,10},{3,10},{3,11},{3,11},{3,12},{3,12},{4,12},{4,12},{4,12},{4,12},{4,12},{4,12},{4,12},{5,12},{5,12},{5,12} },
  /* n1 = 6 */
  { {1,6},{2,8},{2,9},{3,10},{3,11},{3,12},{3,12},{4,13},{4,13},{4,13},{4,13},{5,14},{5,14},{5,14},{5,14},{5,14},{5,14},{6,14},{6,14} },
  /* n1 = 7 */
  { {1,6},{2,8},{2,10},{3,11},{3,12},{3,13},{4,13},{4,14},{5,14},{5,14},{5,14},{5,15},{5,15},{6,15},{6,16},{6,16},{6,16},{6,16},{6,16} },
  /* n1 = 8 */
  { {1,6},{2,8},{3,10},{3,11},{3,12},{4,13},{4,14},{5,14},{5,15},{5,15},{6,16},{6,16},{6,16},{6,16},{6,17},{7,17},{7,17},{7,17},{7,17} },
  /* n1 = 9 */
  { {1,6},{2,8},{3,10},{3,12},{4,13},{4,14},{5,14},{5,15},{5,16},{6,16},{6,16},{6,17},{7,17},{7,18},{7,18},{7,18},{8,18},{8,18},{8,18} },
  /* n1 = 10 */
  { {1,6},{2,8},{3,10},{3,12},{4,13},{5,14},{5,15},{5,16},{6,16},{6,17},{7,17},{7,18},{7,18},{7,18},{8,19},{8,19},{8,19},{8,20},{9,20} },
};

static void
test_ihi_runs_table (void)
{
  guint lo, hi;

  for (guint n1 = 2; n1 <= 10; n1++)
    for (guint n2 = 2; n2 <= 20; n2++)
      {
        guint lower = swed_eisenhart[n1 - 2][n2 - 2][0];
        guint upper = swed_eisenhart[n1 - 2][n2 - 2][1];
        guint r_top = n1 == n2 ? 2 * n1 : 2 * MIN (n1, n2) + 1;

        for (guint swap = 0; swap <= 1; swap++)
          {
            if (swap)
              qc_chart_ihi_runs_limits (n2, n1, &lo, &hi);
            else
              qc_chart_ihi_runs_limits (n1, n2, &lo, &hi);
            /* Fewest runs not rejected is lower + 1. */
            g_assert_cmpuint (lo, ==, lower + 1);
            if (upper <= r_top)
              g_assert_cmpuint (hi, ==, upper - 1);
            else
              g_assert_cmpuint (hi, ==, r_top);
          }
      }

  /* The tie: P(R <= 3) = 17/680 = 0.025 exactly for (3, 14); the tables
   * do not reject 3 runs there. */
  qc_chart_ihi_runs_limits (3, 14, &lo, &hi);
  g_assert_cmpuint (lo, ==, 3);

  /* Degenerate: one side only. */
  qc_chart_ihi_runs_limits (0, 7, &lo, &hi);
  g_assert_cmpuint (lo, ==, 1);
  g_assert_cmpuint (hi, ==, 1);
  qc_chart_ihi_runs_limits (0, 0, &lo, &hi);
  g_assert_cmpuint (lo, ==, 0);
  g_assert_cmpuint (hi, ==, 0);

  /* Large: computed once with R from lchoose (the double path here). */
  qc_chart_ihi_runs_limits (10001, 10000, &lo, &hi);
  g_assert_cmpuint (lo, ==, 9863);
  g_assert_cmpuint (hi, ==, 10140);
  qc_chart_ihi_runs_limits (12000, 9000, &lo, &hi);
  g_assert_cmpuint (lo, ==, 10148);
  g_assert_cmpuint (hi, ==, 10426);
}

/* Counts runs over every arrangement of n1 ones and n2 zeros. */
static void
test_ihi_runs_bruteforce (void)
{
  for (guint n = 2; n <= 16; n++)
    {
      guint64 counts[17][18] = { { 0 } };   /* [n1][runs] */
      guint64 totals[17] = { 0 };

      for (guint bits = 0; bits < (1u << n); bits++)
        {
          guint n1 = (guint) __builtin_popcount (bits), runs = 1;

          for (guint i = 1; i < n; i++)
            runs += ((bits >> i) & 1) != ((bits >> (i - 1)) & 1);
          counts[n1][runs]++;
          totals[n1]++;
        }

      for (guint n1 = 1; n1 < n; n1++)
        {
          guint lo, hi, exp_lo = 0, exp_hi = 0;
          guint64 cum = 0;

          /* Not too few: P(R <= r) >= 1/40; not too many: P(R >= r) >= 1/40. */
          for (guint r = 1; r <= n; r++)
            {
              cum += counts[n1][r];
              if (exp_lo == 0 && 40 * cum >= totals[n1])
                exp_lo = r;
            }
          cum = 0;
          for (guint r = n; r >= 1; r--)
            {
              cum += counts[n1][r];
              if (exp_hi == 0 && 40 * cum >= totals[n1])
                exp_hi = r;
            }
          qc_chart_ihi_runs_limits (n1, n - n1, &lo, &hi);
          g_assert_cmpuint (lo, ==, exp_lo);
          g_assert_cmpuint (hi, ==, exp_hi);
        }
    }
}

/* ---- run charts --------------------------------------------------------- */

static void
test_run_eight_points (void)
{
  /* Sorted: 2 3 4 5 6 7 8 9, median (5 + 6) / 2 = 5.5.
   * Sides - - - + + + - +: runs 3,3,1,1; longest 3, crossings 3.
   * n = 8: longest max round(log2 8 + 3) = 6, crossings min 1. */
  static const double y[] = { 3, 5, 4, 7, 8, 6, 2, 9 };
  g_autoptr(QcChartSeries) s = make_series (y, 8);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);
  guint n_sigma;
  g_autofree guint *sigma = qc_chart_result_sigma_signal (r, &n_sigma);

  g_assert_cmpuint (r->n, ==, 8);
  g_assert_cmpuint (r->n_phases, ==, 1);
  for (guint i = 0; i < 8; i++)
    {
      assert_near (r->points[i].y, y[i]);
      assert_near (r->points[i].cl, 5.5);
      assert_nan (r->points[i].lcl);
      assert_nan (r->points[i].ucl);
      g_assert_cmpint (r->points[i].signals, ==, QC_CHART_SIGNAL_NONE);
      g_assert_cmpint (r->points[i].variation, ==, QC_CHART_VARIATION_NONE);
    }
  g_assert_cmpstr (r->points[0].date, ==, "d01");
  assert_runs (&r->runs, 8, 3, 6, 3, 1, FALSE);
  g_assert_cmpint (r->runs.crossings_max, ==, -1);
  g_assert_cmpuint (n_sigma, ==, 0);
  g_assert_nonnull (sigma);
}

static void
test_run_ties_on_median (void)
{
  /* Sorted 3 4 5 5 5 6 7: median 5; the three 5s are not useful.
   * Useful: 4 - , 6 + , 3 - , 7 +: 4 runs of 1, crossings 3.
   * n = 4: longest max round(2 + 3) = 5; qbinom(0.05, 3, 0.5) = 0
   * since P(X <= 0) = 1/8 >= 0.05. */
  static const double y[] = { 4, 6, 5, 5, 3, 7, 5 };
  g_autoptr(QcChartSeries) s = make_series (y, 7);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);

  assert_near (r->points[0].cl, 5);
  assert_runs (&r->runs, 4, 1, 5, 3, 0, FALSE);
  g_assert_cmpuint (r->n, ==, 7);
}

static void
test_run_missing (void)
{
  /* Present 1 3 2 5: median 2.5; - + - +, crossings 3. Missing points
   * keep their place, have no y but still the centre line. */
  static const double y[] = { 1, NAN, 3, 2, NAN, 5 };
  g_autoptr(QcChartSeries) s = make_series (y, 6);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);

  g_assert_cmpuint (r->n, ==, 4);
  g_assert_cmpuint (r->n_points, ==, 6);
  assert_nan (r->points[1].y);
  assert_nan (r->points[4].y);
  assert_near (r->points[1].cl, 2.5);
  assert_runs (&r->runs, 4, 1, 5, 3, 0, FALSE);

  /* Everything missing: no centre line, runs invalid. */
  {
    static const double none[] = { NAN, NAN, NAN };
    g_autoptr(QcChartSeries) s2 = make_series (none, 3);
    g_autoptr(QcChartResult) r2 = analyse (s2, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);

    g_assert_cmpuint (r2->n, ==, 0);
    assert_nan (r2->points[0].cl);
    g_assert_false (r2->runs.valid);
    g_assert_false (r2->runs.signal);
  }
}

static void
test_run_anhoej_shift (void)
{
  /* 12 lows (< 10) and 12 highs (>= 10): median (9 + 10) / 2 = 9.5.
   * Sides: H L H L H L H, then 9 L, then 8 H: 9 runs, crossings 8.
   * n = 24: longest max 8, crossings min 8. The run of 9 (points 7..15)
   * is a shift; the run of 8 is not. */
  static const double y[] = {
    10, 1, 11, 2, 12, 3, 13,
    4, 5, 6, 7, 8, 9, 4, 5, 6,
    14, 15, 16, 17, 18, 19, 20, 21,
  };
  g_autoptr(QcChartSeries) s = make_series (y, G_N_ELEMENTS (y));
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);

  assert_near (r->points[0].cl, 9.5);
  assert_runs (&r->runs, 24, 9, 8, 8, 8, TRUE);
  assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "7,8,9,10,11,12,13,14,15");
  assert_flagged (r, QC_CHART_SIGNAL_TREND, "");
}

static void
test_run_anhoej_crossings (void)
{
  /* Five low, five high, five low, five high: median 8; 4 runs of 5,
   * crossings 3. n = 20: longest max 7 (no shift), crossings min 6. */
  static const double y[] = {
    1, 2, 3, 4, 5, 11, 12, 13, 14, 15,
    1, 2, 3, 4, 5, 11, 12, 13, 14, 15,
  };
  g_autoptr(QcChartSeries) s = make_series (y, 20);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);

  assert_near (r->points[0].cl, 8);
  assert_runs (&r->runs, 20, 5, 7, 3, 6, TRUE);
  assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "");
}

static void
test_run_proportion (void)
{
  /* y = numerator / denominator: 0.25 0.5 0.75 0.5 1/3 - ; median of the
   * five values 0.25 1/3 0.5 0.5 0.75 is 0.5 (two points on it). */
  static const double num[] = { 1, 2, 3, 1, 1, NAN };
  static const double den[] = { 4, 4, 4, 2, 3, 5 };
  g_autoptr(QcChartSeries) s = make_ratio_series (num, den, 6);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);

  assert_near (r->points[0].y, 0.25);
  assert_near (r->points[4].y, 1.0 / 3.0);
  assert_nan (r->points[5].y);
  assert_near (r->points[0].cl, 0.5);
  /* Useful: 0.25 -, 0.75 +, 1/3 -: crossings 2. */
  assert_runs (&r->runs, 3, 1, 5, 2, 0, FALSE);
}

/* qicharts2's cdi data set: hospital acquired C. difficile infections per
 * month, intervention after month 24 (vignette "Case 2"). */
static const double cdi[] = {
  17, 12, 27, 20, 20, 18, 22, 19, 19, 24, 17, 16, 24, 19, 19, 22, 25, 19, 17, 6, 25, 17, 11, 14,
  9, 11, 7, 13, 5, 5, 3, 5, 9, 4, 5, 9,
};

static void
test_run_cdi (void)
{
  static const guint part[] = { 24 };
  Opts o = { .phases = part, .n_phases = 1 };
  g_autoptr(QcChartSeries) s = make_series (cdi, G_N_ELEMENTS (cdi));
  g_autoptr(QcChartResult) whole = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);
  g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_RUN, &o);

  /* Whole series: median 17 (18th and 19th of 36 sorted values); the four
   * 17s are skipped, n = 32, longest max 8. From month 22 (index 22) on,
   * every value is below 17: a run of 14, so the shift the vignette shows. */
  assert_near (whole->points[0].cl, 17);
  g_assert_true (whole->runs.signal);
  g_assert_cmpuint (whole->runs.n_useful, ==, 32);
  g_assert_cmpuint (whole->runs.longest_run, ==, 14);
  g_assert_cmpuint (whole->runs.longest_run_max, ==, 8);
  assert_flagged (whole, QC_CHART_SIGNAL_SHIFT, "22,23,24,25,26,27,28,29,30,31,32,33,34,35");

  /* Split at 24 ("part = 24"): the vignette says the median before is 19
   * and both periods show only random variation.
   * Before: five 19s skipped, n = 19, runs - - + + + - + + - - + + + - -
   * + - - -: 9 runs, longest 3, crossings 8; max round(log2 19 + 3) = 7,
   * min qbinom(0.05, 18, 0.5) = 6 (P(X <= 5) = 12616/262144 < 0.05).
   * After: median (5 + 7) / 2 = 6; + + + + - - - - + - - +: 5 runs,
   * longest 4, crossings 4; n = 12: max 7, min 3. */
  g_assert_cmpuint (r->n_phases, ==, 2);
  g_assert_cmpuint (r->phases[0].first, ==, 0);
  g_assert_cmpuint (r->phases[0].last, ==, 23);
  g_assert_cmpuint (r->phases[1].first, ==, 24);
  g_assert_cmpuint (r->phases[1].last, ==, 35);
  assert_near (r->phases[0].centre, 19);
  assert_near (r->points[23].cl, 19);
  assert_near (r->points[24].cl, 6);
  assert_runs (&r->phases[0].runs, 19, 3, 7, 8, 6, FALSE);
  assert_runs (&r->phases[1].runs, 12, 4, 7, 4, 3, FALSE);
  /* The top-level runs are the last phase's. */
  assert_runs (&r->runs, 12, 4, 7, 4, 3, FALSE);
  g_assert_cmpuint (r->points[23].phase, ==, 0);
  g_assert_cmpuint (r->points[24].phase, ==, 1);
  assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "");
}

/* qicharts2 vignette: set.seed(19); y <- rnorm(24) (values from R). */
static const double seed19[] = {
  -1.1894537452597227, 0.38858122963255254, -0.34433334921072467, -0.54789613841829499,
  0.98066221575019152, -0.2366460072728519, 0.80973970434771492, -0.74477952866404118,
  -0.25978701312709895, -0.18308383041021475, 0.51862998761290513, 0.88346510072031359,
  0.58982907263260764, -0.19670465084379096, 0.65959377792856666, -0.26058462744697514,
  -0.5725055096507331, 1.4065584069617985, 0.50427050782622684, -0.70028092568535127,
  1.4234234788673712, -1.0426581198574914, 0.0011691946936697203, 1.0904551661120985,
};
/* then y[13:24] <- rnorm(12, mean = 2) */
static const double seed19_shift[] = {
  1.0012847525821891, 2.5348299922874111, 1.8762320483140942, 4.1193033079270958,
  0.48652412607601336, 2.2551948706224385, 3.5047414384306554, 1.6099195252991163,
  2.5793581701267252, 2.2103558396869403, 2.944042775533132, 0.17330676638891696,
};

static void
test_qicharts2_vignette (void)
{
  double y[24];

  /* qic(y) and qic(y, chart = 'i'): random variation only. Reference
   * values from qicharts2's own functions. */
  {
    g_autoptr(QcChartSeries) s = make_series (seed19, 24);
    g_autoptr(QcChartResult) run = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);
    g_autoptr(QcChartResult) i = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);

    assert_near (run->points[0].cl, -0.090957317858272518);
    assert_runs (&run->runs, 24, 3, 8, 15, 8, FALSE);
    assert_near (i->points[0].cl, 0.1240693498849469);
    assert_near (i->points[0].lcl, -2.5894943065181466);
    assert_near (i->points[0].ucl, 2.8376330062880402);
    assert_flagged (i, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
    g_assert_false (i->runs.signal);
  }

  /* y[22] <- 4: "a large, transient shift", found by the 3-sigma rule. */
  memcpy (y, seed19, sizeof y);
  y[21] = 4;
  {
    g_autoptr(QcChartSeries) s = make_series (y, 24);
    g_autoptr(QcChartResult) i = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);

    assert_near (i->points[0].cl, 0.33418010487900907);
    assert_near (i->points[0].lcl, -2.3898970358887079);
    assert_near (i->points[0].ucl, 3.0582572456467259);
    assert_flagged (i, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "21");
    g_assert_false (i->runs.signal);
  }

  /* y[13:24] <- rnorm(12, mean = 2): "too small to be picked up by the
   * 3-sigma rule, both Anhøj rules detect the signal". */
  memcpy (y + 12, seed19_shift, sizeof seed19_shift);
  {
    g_autoptr(QcChartSeries) s = make_series (y, 24);
    g_autoptr(QcChartResult) i = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);
    g_autoptr(QcChartResult) run = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);

    assert_near (i->points[0].cl, 1.0570913432906441);
    assert_near (i->points[0].lcl, -2.1148842483952737);
    assert_near (i->points[0].ucl, 4.2290669349765615);
    assert_flagged (i, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
    assert_runs (&i->runs, 24, 13, 8, 4, 8, TRUE);
    /* The first 12 values and the first shifted one (1.001) lie below. */
    assert_flagged (i, QC_CHART_SIGNAL_SHIFT, "0,1,2,3,4,5,6,7,8,9,10,11,12");
    assert_near (run->points[0].cl, 0.8466024025340142);
    assert_runs (&run->runs, 24, 6, 8, 6, 8, TRUE);
    assert_flagged (run, QC_CHART_SIGNAL_SHIFT, "");
  }
}

/* ---- IHI rules ---------------------------------------------------------- */

static void
test_ihi_shift (void)
{
  /* Lows all <= 4, highs all >= 11: median 7.5; zigzags so no trend.
   * L6 | H L H L H L H L | H6: 10 runs, crossings 9, n1 = n2 = 10:
   * runs allowed 7..15 (table: reject <= 6 or >= 16). */
  static const double y[] = {
    2, 4, 1, 3, 2, 4,
    12, 3, 13, 2, 14, 1, 12, 3,
    15, 11, 16, 12, 17, 13,
  };
  g_autoptr(QcChartSeries) s = make_series (y, G_N_ELEMENTS (y));
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);

  assert_near (r->points[0].cl, 7.5);
  assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "0,1,2,3,4,5,14,15,16,17,18,19");
  assert_flagged (r, QC_CHART_SIGNAL_TREND, "");
  g_assert_true (r->runs.valid);
  g_assert_cmpuint (r->runs.n_useful, ==, 20);
  g_assert_cmpuint (r->runs.longest_run, ==, 6);
  g_assert_cmpuint (r->runs.longest_run_max, ==, 5);
  g_assert_cmpuint (r->runs.crossings, ==, 9);
  g_assert_cmpint (r->runs.crossings_min, ==, 6);
  g_assert_cmpint (r->runs.crossings_max, ==, 14);
  g_assert_true (r->runs.signal);
}

static void
test_ihi_no_signal (void)
{
  /* L5 H L H L H5, zigzag: longest run 5 (no shift), 6 runs with
   * n1 = n2 = 7 (allowed 4..12), no trend, no astronomical point. */
  static const double y[] = { 1, 3, 2, 4, 1, 12, 2, 13, 3, 14, 11, 15, 12, 16 };
  g_autoptr(QcChartSeries) s = make_series (y, G_N_ELEMENTS (y));
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);

  assert_near (r->points[0].cl, 7.5);
  for (guint i = 0; i < r->n_points; i++)
    g_assert_cmpint (r->points[i].signals, ==, QC_CHART_SIGNAL_NONE);
  g_assert_cmpuint (r->runs.longest_run, ==, 5);
  g_assert_cmpuint (r->runs.crossings, ==, 5);
  g_assert_cmpint (r->runs.crossings_min, ==, 3);
  g_assert_cmpint (r->runs.crossings_max, ==, 11);
  g_assert_false (r->runs.signal);
}

static void
test_ihi_shift_skips_median (void)
{
  /* Median of 13 values is 8 (index 2): it neither breaks nor extends the
   * run of six lows. Runs L6 H6: 2 runs < 4 (n1 = n2 = 6: reject <= 3). */
  static const double y[] = { 1, 3, 8, 2, 4, 1, 3, 12, 14, 13, 15, 12, 14 };
  g_autoptr(QcChartSeries) s = make_series (y, G_N_ELEMENTS (y));
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);

  assert_near (r->points[0].cl, 8);
  assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "0,1,3,4,5,6,7,8,9,10,11,12");
  /* 1 3 8 | 2 4 | 1 3 12 14 | 13 15 | 12 14: no five-group chain. */
  assert_flagged (r, QC_CHART_SIGNAL_TREND, "");
  g_assert_cmpuint (r->runs.n_useful, ==, 12);
  g_assert_cmpuint (r->runs.crossings, ==, 1);
  g_assert_cmpint (r->runs.crossings_min, ==, 3);
  g_assert_cmpint (r->runs.crossings_max, ==, 9);
  g_assert_true (r->runs.signal);
}

static void
test_ihi_trend (void)
{
  struct { double y[12]; guint n; const char *trend; } cases[] = {
    /* 1 2 2 3 4 5: the tie counts once, five values: a trend, all flagged */
    { { 1, 2, 2, 3, 4, 5 }, 6, "0,1,2,3,4,5" },
    /* 1 2 2 3 4: only four distinct steps */
    { { 1, 2, 2, 3, 4 }, 5, "" },
    /* four rising, then a fall: no trend */
    { { 3, 4, 5, 6, 1, 2 }, 6, "" },
    /* falling with ties */
    { { 9, 8, 8, 8, 7, 6, 5 }, 7, "0,1,2,3,4,5,6" },
    /* up five, down five, sharing the peak */
    { { 1, 2, 3, 4, 5, 4, 3, 2, 1 }, 9, "0,1,2,3,4,5,6,7,8" },
    /* a plateau at a turn: 1 2 3 3 2 1 is 3 groups up, 3 down */
    { { 1, 2, 3, 3, 2, 1 }, 6, "" },
    /* trend among other points */
    { { 5, 9, 1, 2, 3, 4, 6, 2 }, 8, "2,3,4,5,6" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(QcChartSeries) s = make_series (cases[c].y, cases[c].n);
      g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);

      assert_flagged (r, QC_CHART_SIGNAL_TREND, cases[c].trend);
    }

  /* A missing value neither breaks nor extends a trend. */
  {
    static const double y[] = { 1, 2, NAN, 3, 4, 5 };
    g_autoptr(QcChartSeries) s = make_series (y, 6);
    g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);

    assert_flagged (r, QC_CHART_SIGNAL_TREND, "0,1,3,4,5");
  }

  /* Anhøj rules have no trend rule. */
  {
    static const double y[] = { 1, 2, 3, 4, 5, 6, 7 };
    g_autoptr(QcChartSeries) s = make_series (y, 7);
    g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);

    assert_flagged (r, QC_CHART_SIGNAL_TREND, "");
  }
}

static void
test_ihi_runs_count (void)
{
  /* Alternating: 12 runs with n1 = n2 = 6; more than 10 is too many. */
  {
    static const double y[] = { 1, 11, 2, 12, 1, 11, 2, 12, 1, 11, 2, 12 };
    g_autoptr(QcChartSeries) s = make_series (y, 12);
    g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);

    g_assert_cmpuint (r->runs.crossings, ==, 11);
    g_assert_cmpint (r->runs.crossings_max, ==, 9);
    g_assert_true (r->runs.signal);
    assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "");
  }
  /* Points on the median do not count towards the runs either. */
  {
    static const double y[] = { 1, 2, 1, 2, 9, 8, 9, 8, 1, 2, 1, 2 };
    g_autoptr(QcChartSeries) s = make_series (y, 12);
    g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);

    /* median (2 + 2) / 2 = 2: the four 2s are on it, so only 1 1 9 8 9 8
     * 1 1 are useful: runs L2 H4 L2, n1 = 4 above, n2 = 4 below: (4, 4)
     * rejects nothing. */
    assert_near (r->points[0].cl, 2);
    g_assert_cmpuint (r->runs.n_useful, ==, 8);
    g_assert_cmpuint (r->runs.crossings, ==, 2);
    g_assert_cmpint (r->runs.crossings_min, ==, 1);
    g_assert_false (r->runs.signal);
  }
}

static void
test_ihi_astronomical_run (void)
{
  /* 10 11 9 six times, 10, then 40. Yardstick: i chart limits of the
   * phase. Mean 230 / 20 = 11.5. Moving ranges (19): 1 2 1 ... sum 24
   * over 18, and 30; AMR 54 / 19, cut-off 3.267 * 54 / 19 = 9.29 drops
   * the 30; screened AMR 24 / 18 = 4 / 3. Limits 11.5 -+ 3 * (4/3) /
   * 1.128 = [7.95, 15.05]: only 40 is astronomical. */
  double y[20];

  for (guint i = 0; i < 18; i++)
    y[i] = (double[]) { 10, 11, 9 }[i % 3];
  y[18] = 10;
  y[19] = 40;
  {
    g_autoptr(QcChartSeries) s = make_series (y, 20);
    g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);

    assert_flagged (r, QC_CHART_SIGNAL_ASTRONOMICAL, "19");
    assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
    assert_near (r->phases[0].amr, 4.0 / 3.0);
    assert_nan (r->points[19].ucl);
  }
  /* Without the outlier: nothing. */
  {
    g_autoptr(QcChartSeries) s = make_series (y, 19);
    g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);

    assert_flagged (r, QC_CHART_SIGNAL_ASTRONOMICAL, "");
  }
  /* Anhøj rules have no astronomical rule. */
  {
    g_autoptr(QcChartSeries) s = make_series (y, 20);
    g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);

    assert_flagged (r, QC_CHART_SIGNAL_ASTRONOMICAL, "");
  }
}

static void
test_ihi_astronomical_control (void)
{
  /* On a control chart an astronomical point is one outside the limits. */
  static const double y[] = { 1, 2, 1, 2, 1, 20, 1, 2, 1, 2 };
  g_autoptr(QcChartSeries) s = make_series (y, 10);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_IHI);

  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "5");
  assert_flagged (r, QC_CHART_SIGNAL_ASTRONOMICAL, "5");
}

/* ---- i charts ----------------------------------------------------------- */

/* Montgomery, Example 6.5 (qicharts2's reference test data), first 20. */
static const double montgomery_6_5[] = {
  310, 288, 297, 298, 307, 303, 294, 297, 308, 306,
  294, 299, 297, 299, 314, 295, 293, 306, 301, 304,
};

static void
test_i_montgomery (void)
{
  g_autoptr(QcChartSeries) s = make_series (montgomery_6_5, 20);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);

  /* Sum 6010: mean 300.5. Moving ranges sum 148 over 19, none above
   * 3.267 * 148 / 19 = 25.4, so AMR 148 / 19. Published limits
   * 279.78331466965284 and 321.21668533034716. */
  assert_near (r->points[0].cl, 300.5);
  assert_near (r->phases[0].amr, 148.0 / 19.0);
  assert_near (r->points[7].lcl, 300.5 - 3 * (148.0 / 19.0) / 1.128);
  assert_near (r->points[7].ucl, 300.5 + 3 * (148.0 / 19.0) / 1.128);
  assert_near (r->points[7].lcl, 279.78331466965284);
  assert_near (r->points[7].ucl, 321.21668533034716);
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
}

static void
test_i_screening (void)
{
  /* Mean 33 / 10 = 3.3. Moving ranges 1 1 1 1 19 19 1 1 1: AMR 45 / 9 = 5,
   * cut-off 16.335 drops both 19s: screened AMR 1. */
  static const double y[] = { 1, 2, 1, 2, 1, 20, 1, 2, 1, 2 };
  g_autoptr(QcChartSeries) s = make_series (y, 10);
  Opts no_screen = { .no_screen = TRUE };
  g_autoptr(QcChartResult) on = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);
  g_autoptr(QcChartResult) off = analyse_opts (s, QC_CHART_TYPE_I, &no_screen);

  assert_near (on->points[0].cl, 3.3);
  assert_near (on->phases[0].amr, 1);
  assert_near (on->points[0].lcl, 3.3 - 3 / 1.128);
  assert_near (on->points[0].ucl, 3.3 + 3 / 1.128);
  assert_near (on->points[0].ucl, 5.9595744680851064);
  assert_flagged (on, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "5");
  g_assert_true (on->screen);
  {
    guint n_sigma;
    g_autofree guint *sigma = qc_chart_result_sigma_signal (on, &n_sigma);

    g_assert_cmpuint (n_sigma, ==, 1);
    g_assert_cmpuint (sigma[0], ==, 5);
  }

  assert_near (off->phases[0].amr, 5);
  assert_near (off->points[0].lcl, 3.3 - 15 / 1.128);
  assert_near (off->points[0].ucl, 3.3 + 15 / 1.128);
  assert_flagged (off, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "5");
  g_assert_false (off->screen);

  /* The same with the independent reference. */
  assert_near (on->phases[0].amr, ref_amr (y, 10, TRUE));
  assert_near (off->phases[0].amr, ref_amr (y, 10, FALSE));

  /* The cut-off is strict and applied once: 1 1 1 1 1 then 16.335 would
   * be kept only if below; here MRs 1 x4 and 4: AMR 8/5 = 1.6, cut-off
   * 5.2272, 4 is kept. */
  {
    static const double z[] = { 0, 1, 0, 1, 0, 4 };
    g_autoptr(QcChartSeries) s2 = make_series (z, 6);
    g_autoptr(QcChartResult) r2 = analyse (s2, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);

    assert_near (r2->phases[0].amr, 1.6);
  }
}

static void
test_i_zero_moving_ranges (void)
{
  static const double y[] = { 5, 5, 5, 5, 5 };
  g_autoptr(QcChartSeries) s = make_series (y, 5);
  Opts no_screen = { .no_screen = TRUE };
  g_autoptr(QcChartResult) on = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);
  g_autoptr(QcChartResult) off = analyse_opts (s, QC_CHART_TYPE_I, &no_screen);
  Opts mdc = { .rules = QC_CHART_RULES_MDC };
  g_autoptr(QcChartResult) m = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

  /* Screening keeps only MRs below 3.267 * 0 = 0: none, so no limits. */
  assert_near (on->points[0].cl, 5);
  assert_nan (on->points[0].lcl);
  assert_nan (on->points[0].ucl);
  assert_nan (on->phases[0].amr);
  assert_flagged (on, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
  /* Every point on the centre line: runs fields absent. */
  g_assert_false (on->runs.valid);
  g_assert_false (on->runs.signal);

  /* Unscreened: AMR 0, limits on the centre line, nothing strictly outside. */
  assert_near (off->points[0].lcl, 5);
  assert_near (off->points[0].ucl, 5);
  assert_flagged (off, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");

  /* mdc: no limits either, every point common cause. */
  assert_nan (m->points[0].ucl);
  assert_nan (m->points[0].upper_near);
  assert_variations (m, "ccccc");
}

static void
test_i_missing (void)
{
  /* Moving ranges only between neighbours that both have a value:
   * |3-1| = 2 and |6-4| = 2 (the 5 follows a gap): AMR 2.
   * Mean (1+3+4+6+5) / 5 = 3.8. */
  static const double y[] = { 1, 3, NAN, 4, 6, NAN, 5 };
  g_autoptr(QcChartSeries) s = make_series (y, 7);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);

  g_assert_cmpuint (r->n, ==, 5);
  assert_near (r->points[0].cl, 3.8);
  assert_near (r->phases[0].amr, 2);
  assert_nan (r->points[2].y);
  assert_near (r->points[2].cl, 3.8);
  assert_near (r->points[2].ucl, 3.8 + 6 / 1.128);
  assert_near (r->points[5].lcl, 3.8 - 6 / 1.128);
  assert_near (r->points[0].cl, ref_mean (y, 7));
  assert_near (r->phases[0].amr, ref_amr (y, 7, TRUE));
  /* Sides - - . + + . +: crossings 1, useful 5. */
  g_assert_cmpuint (r->runs.n_useful, ==, 5);
  g_assert_cmpuint (r->runs.crossings, ==, 1);
  g_assert_cmpuint (r->runs.longest_run, ==, 3);
}

static void
test_i_on_centre_line (void)
{
  /* (0.1 + 0.2 + 0.3) / 3 is 0.2 to a coach: the middle point is on it. */
  static const double y[] = { 0.1, 0.2, 0.3 };
  g_autoptr(QcChartSeries) s = make_series (y, 3);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);

  assert_near (r->points[0].cl, 0.2);
  g_assert_cmpuint (r->runs.n_useful, ==, 2);
}

/* ---- mr charts ---------------------------------------------------------- */

static void
test_mr_montgomery (void)
{
  g_autoptr(QcChartSeries) s = make_series (montgomery_6_5, 20);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_MR, QC_CHART_RULES_ANHOEJ);
  Opts no_screen = { .no_screen = TRUE };
  g_autoptr(QcChartResult) r2 = analyse_opts (s, QC_CHART_TYPE_MR, &no_screen);

  /* y: null, then 22 9 1 9 4 ...; centre AMR 148 / 19, published as
   * 7.78947368421053 and 25.4482105263158. */
  assert_nan (r->points[0].y);
  assert_near (r->points[1].y, 22);
  assert_near (r->points[19].y, 3);
  g_assert_cmpuint (r->n, ==, 19);
  assert_near (r->points[0].cl, 148.0 / 19.0);
  assert_near (r->points[5].ucl, 3.267 * 148.0 / 19.0);
  assert_near_abs (r->points[5].ucl, 25.4482105263158, 1e-12);
  assert_near (r->points[5].lcl, 0);
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
  /* No runs analysis on an mr chart, whatever the rules. */
  g_assert_false (r->runs.valid);
  g_assert_false (r->runs.signal);
  assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "");
  /* Never screened: the same either way. */
  assert_near (r2->points[0].cl, r->points[0].cl);
}

static void
test_mr_outside_and_gaps (void)
{
  /* Values 1 2 1 2 1 20 1: MRs - 1 1 1 1 19 19; AMR 42 / 6 = 7,
   * UCL 22.869: nothing outside. With 1 2 1 2 1 2 1 2 1 30: MRs 1 x8 and
   * 29: AMR 37 / 9, UCL 13.43: the 29 is outside. */
  static const double y[] = { 1, 2, 1, 2, 1, 2, 1, 2, 1, 30 };
  g_autoptr(QcChartSeries) s = make_series (y, 10);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_MR, QC_CHART_RULES_IHI);

  assert_near (r->points[0].cl, 37.0 / 9.0);
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "9");
  assert_flagged (r, QC_CHART_SIGNAL_ASTRONOMICAL, "9");
  assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "");
  assert_flagged (r, QC_CHART_SIGNAL_TREND, "");

  /* A gap and a new phase both leave a point without a moving range. */
  {
    static const double z[] = { 1, 3, NAN, 4, 8, 7, 9 };
    static const guint part[] = { 5 };
    Opts o = { .phases = part, .n_phases = 1 };
    g_autoptr(QcChartSeries) s2 = make_series (z, 7);
    g_autoptr(QcChartResult) r2 = analyse_opts (s2, QC_CHART_TYPE_MR, &o);

    assert_nan (r2->points[0].y);
    assert_near (r2->points[1].y, 2);
    assert_nan (r2->points[2].y);
    assert_nan (r2->points[3].y);
    assert_near (r2->points[4].y, 4);
    assert_nan (r2->points[5].y);   /* first of phase 2 */
    assert_near (r2->points[6].y, 2);
    g_assert_cmpuint (r2->n, ==, 3);
    assert_near (r2->points[0].cl, 3);
    assert_near (r2->points[6].cl, 2);
    assert_near (r2->points[6].ucl, 3.267 * 2);
  }
}

/* ---- p charts ----------------------------------------------------------- */

static void
test_p_montgomery (void)
{
  /* Montgomery Table 7.4, qicharts2's reference output tbl_7.4_1. */
  static const double num[] = { 12, 8, 6, 9, 10, 12, 11, 16, 10, 6, 20, 15, 9, 8, 6, 8, 10, 7, 5, 8, 5, 8, 10, 6, 9 };
  static const double den[] = { 100, 80, 80, 100, 110, 110, 100, 100, 90, 90, 110, 120, 120, 120, 110, 80, 80, 80, 90, 100, 100, 100, 100, 90, 90 };
  static const struct { double n, lcl, ucl; } published[] = {
    { 100, 0.0073346947277730667, 0.18368571343549223 },
    { 80, 0, 0.19409342051458195 },
    { 110, 0.011438154625052752, 0.17958225353821256 },
    { 90, 0.0025650562804066107, 0.18845535188285867 },
    { 120, 0.015017344927271539, 0.17600306323599374 },
  };
  g_autoptr(QcChartSeries) s = make_ratio_series (num, den, 25);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_P, QC_CHART_RULES_ANHOEJ);
  double sn = 0, sd = 0, pbar;

  for (guint i = 0; i < 25; i++)
    sn += num[i], sd += den[i];
  g_assert_cmpfloat (sn, ==, 234);
  g_assert_cmpfloat (sd, ==, 2450);
  pbar = sn / sd;
  assert_near (r->points[0].cl, 0.095510204081632646);
  assert_near (r->points[0].cl, pbar);

  for (guint i = 0; i < 25; i++)
    {
      double sdev = sqrt (pbar * (1 - pbar) / den[i]);

      assert_near (r->points[i].y, num[i] / den[i]);
      assert_near (r->points[i].lcl, MAX (0, pbar - 3 * sdev));
      assert_near (r->points[i].ucl, MIN (1, pbar + 3 * sdev));
      for (guint k = 0; k < G_N_ELEMENTS (published); k++)
        if (published[k].n == den[i])
          {
            assert_near (r->points[i].lcl, published[k].lcl);
            assert_near (r->points[i].ucl, published[k].ucl);
          }
    }
  /* Published: point 11 (20 / 110) above its limit; runs useful 25,
   * longest 5, max 8, crossings 10, min 8, no runs signal. */
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "10");
  assert_runs (&r->runs, 25, 5, 8, 10, 8, FALSE);
}

static void
test_p_clipping (void)
{
  /* p = 8 / 16 = 0.5. n = 4: 0.5 -+ 3 * 0.25 = [-0.25, 1.25], clipped to
   * [0, 1]; n = 100: 0.5 -+ 0.15. */
  static const double num[] = { 0, 4, 4, 0 };
  static const double den[] = { 4, 4, 4, 4 };
  g_autoptr(QcChartSeries) s = make_ratio_series (num, den, 4);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_P, QC_CHART_RULES_ANHOEJ);

  assert_near (r->points[0].cl, 0.5);
  g_assert_cmpfloat (r->points[0].lcl, ==, 0);
  g_assert_cmpfloat (r->points[0].ucl, ==, 1);
  /* 0 and 1 lie on the clipped limits, not beyond them. */
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");

  {
    static const double num2[] = { 50, 30, 70, NAN };
    static const double den2[] = { 100, 100, 100, 64 };
    g_autoptr(QcChartSeries) s2 = make_ratio_series (num2, den2, 4);
    g_autoptr(QcChartResult) r2 = analyse (s2, QC_CHART_TYPE_P, QC_CHART_RULES_ANHOEJ);

    assert_near (r2->points[0].cl, 0.5);
    assert_near (r2->points[0].lcl, 0.35);
    assert_near (r2->points[0].ucl, 0.65);
    assert_flagged (r2, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "1,2");
    /* A known denominator without a numerator: missing, with limits. */
    assert_nan (r2->points[3].y);
    assert_near (r2->points[3].lcl, 0.5 - 3 * 0.0625);
    assert_near (r2->points[3].ucl, 0.5 + 3 * 0.0625);
    g_assert_cmpuint (r2->n, ==, 3);
  }
}

static void
test_p_nhs_accidents (void)
{
  /* qicharts2's nhs_accidents: attendances seen within 4 hours. */
  static const double r_[] = { 266501, 264225, 276532, 281461, 269071, 261215, 270409, 279778, 270483, 270320, 267923, 271478, 255353, 256820, 261835, 259144, 255910, 260863, 264465, 260989 };
  static const double n_[] = { 280443, 276823, 291681, 296155, 282343, 275888, 283867, 295251, 284468, 282529, 279618, 283932, 266629, 268091, 276803, 271578, 266005, 273520, 278574, 273772 };
  g_autoptr(QcChartSeries) s = make_ratio_series (r_, n_, 20);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_P, QC_CHART_RULES_ANHOEJ);
  double sr = 0, sn = 0, pbar;
  GString *outside = g_string_new (NULL);
  g_autofree char *got = NULL;

  for (guint i = 0; i < 20; i++)
    sr += r_[i], sn += n_[i];
  pbar = sr / sn;
  assert_near (r->points[0].cl, pbar);
  for (guint i = 0; i < 20; i++)
    {
      double sdev = sqrt (pbar * (1 - pbar) / n_[i]);
      double y = r_[i] / n_[i];

      assert_near (r->points[i].lcl, pbar - 3 * sdev);
      assert_near (r->points[i].ucl, pbar + 3 * sdev);
      if (y > pbar + 3 * sdev || y < pbar - 3 * sdev)
        g_string_append_printf (outside, "%s%u", outside->len ? "," : "", i);
    }
  got = flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS);
  g_assert_cmpstr (got, ==, outside->str);
  /* Huge denominators: narrow limits, most points outside. */
  g_assert_cmpuint (strlen (outside->str), >, 0);
  g_string_free (outside, TRUE);
}

/* ---- u charts ----------------------------------------------------------- */

static void
test_u_montgomery (void)
{
  /* Montgomery Example 7.4 (qicharts2 reference ex_7.4_1): 20 units of
   * 50. u = 74 / 1000 = 0.074, UCL 0.074 + 3 sqrt(0.074 / 50) =
   * 0.1894123043700281, LCL negative, clipped to 0. */
  static const double num[] = { 2, 3, 8, 1, 1, 4, 1, 4, 5, 1, 8, 2, 4, 3, 4, 1, 8, 3, 7, 4 };
  double den[20];
  g_autoptr(QcChartSeries) s = NULL;
  g_autoptr(QcChartResult) r = NULL;

  for (guint i = 0; i < 20; i++)
    den[i] = 50;
  s = make_ratio_series (num, den, 20);
  r = analyse (s, QC_CHART_TYPE_U, QC_CHART_RULES_ANHOEJ);

  assert_near (r->points[0].cl, 0.074);
  assert_near (r->points[0].ucl, 0.1894123043700281);
  assert_near (r->points[0].ucl, 0.074 + 3 * sqrt (0.074 / 50));
  g_assert_cmpfloat (r->points[0].lcl, ==, 0);
  assert_near (r->points[2].y, 0.16);
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
  assert_runs (&r->runs, 20, 2, 7, 15, 6, FALSE);
}

static void
test_u_varying (void)
{
  /* u = 30 / 200 = 0.15; stepped limits 0.15 -+ 3 sqrt(0.15 / n_i);
   * lower clipped at 0 for n = 10 (0.15 - 0.367), not for n = 100
   * (0.15 - 0.1162). The upper limit is not clipped. */
  static const double num[] = { 1, 9, 20 };
  static const double den[] = { 10, 90, 100 };
  g_autoptr(QcChartSeries) s = make_ratio_series (num, den, 3);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_U, QC_CHART_RULES_ANHOEJ);

  assert_near (r->points[0].cl, 0.15);
  g_assert_cmpfloat (r->points[0].lcl, ==, 0);
  assert_near (r->points[0].ucl, 0.15 + 3 * sqrt (0.015));
  assert_near (r->points[1].lcl, 0.15 - 3 * sqrt (0.15 / 90));
  assert_near (r->points[2].lcl, 0.15 - 3 * sqrt (0.0015));
  assert_near (r->points[2].ucl, 0.15 + 3 * sqrt (0.0015));
  assert_near (r->points[2].y, 0.2);
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
  g_assert_cmpfloat (r->points[1].lcl, !=, r->points[2].lcl);

  /* Counts may exceed exposure in a u chart (rates), e.g. 30 falls in 10
   * bed-days: u = 3, UCL = 3 + 3 sqrt(0.3) unclipped. */
  {
    static const double n2[] = { 30 };
    static const double d2[] = { 10 };
    g_autoptr(QcChartSeries) s2 = make_ratio_series (n2, d2, 1);
    g_autoptr(QcChartResult) r2 = analyse (s2, QC_CHART_TYPE_U, QC_CHART_RULES_ANHOEJ);

    assert_near (r2->points[0].ucl, 3 + 3 * sqrt (0.3));
  }
}

/* ---- c charts ----------------------------------------------------------- */

static void
test_c_cdi (void)
{
  /* qicharts2 vignette: qic(month, n, data = cdi, chart = 'c', part = 24).
   * Before: 449 / 24, limits c -+ 3 sqrt(c): [5.73, 31.68]; after:
   * 85 / 12, lower limit 7.08 - 7.98 clipped to 0. No point outside;
   * runs: before 9 runs around 18.71 (longest 6, crossings 8), after 7
   * runs around 7.08 (longest 4, crossings 6). */
  static const guint part[] = { 24 };
  Opts o = { .phases = part, .n_phases = 1 };
  g_autoptr(QcChartSeries) s = make_series (cdi, G_N_ELEMENTS (cdi));
  g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_C, &o);
  double c1 = 449.0 / 24, c2 = 85.0 / 12;

  assert_near (r->points[0].cl, c1);
  assert_near (r->points[0].lcl, c1 - 3 * sqrt (c1));
  assert_near (r->points[0].ucl, c1 + 3 * sqrt (c1));
  assert_near (r->points[30].cl, c2);
  g_assert_cmpfloat (r->points[30].lcl, ==, 0);
  assert_near (r->points[30].ucl, c2 + 3 * sqrt (c2));
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
  assert_runs (&r->phases[0].runs, 24, 6, 8, 8, 8, FALSE);
  assert_runs (&r->phases[1].runs, 12, 4, 7, 6, 3, FALSE);
  assert_runs (&r->runs, 12, 4, 7, 6, 3, FALSE);
}

static void
test_c_signal (void)
{
  /* Mean 4: limits 4 -+ 6 = [0 (clipped), 10]; 11 is above. Mean of
   * 1 1 1 1 11 is 3, UCL 3 + 3 sqrt 3 = 8.196. */
  static const double y[] = { 1, 1, 1, 1, 11 };
  g_autoptr(QcChartSeries) s = make_series (y, 5);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_C, QC_CHART_RULES_ANHOEJ);

  assert_near (r->points[0].cl, 3);
  g_assert_cmpfloat (r->points[0].lcl, ==, 0);
  assert_near (r->points[0].ucl, 3 + 3 * sqrt (3));
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "4");

  {
    /* c = 100: limits [70, 130] not clipped; 69 below, 70 on it. */
    static const double z[] = { 100, 70, 131, 99 };
    g_autoptr(QcChartSeries) s2 = make_series (z, 4);
    g_autoptr(QcChartResult) r2 = analyse (s2, QC_CHART_TYPE_C, QC_CHART_RULES_ANHOEJ);

    assert_near (r2->points[0].cl, 100);
    assert_near (r2->points[0].lcl, 70);
    assert_near (r2->points[0].ucl, 130);
    assert_flagged (r2, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "2");
  }
}

/* ---- Making Data Count -------------------------------------------------- */

/* NHSRplotthedots tests: set.seed(123); rnorm(20). */
static const double seed123[] = {
  -0.5604756465522126, -0.23017748948327996, 1.558708314149124, 0.070508391424576003,
  0.12928773516094624, 1.715064986883281, 0.4609162059892023, -1.265061234606534,
  -0.68685285189352607, -0.44566197009995806, 1.2240817974394615, 0.35981382705736381,
  0.40077145059405217, 0.11068271594511971, -0.55584113475407493, 1.7869131368030782,
  0.49785047822923939, -1.9666171566296382, 0.70135590156368555, -0.47279140772793404,
};

static void
test_mdc_nhsr_example (void)
{
  Opts mdc = { .rules = QC_CHART_RULES_MDC };
  Opts mdc_off = { .rules = QC_CHART_RULES_MDC, .no_screen = TRUE };
  double y[20];

  /* Published snapshot: mean 0.1416238, lpl -3.01138, upl 3.294627. */
  {
    g_autoptr(QcChartSeries) s = make_series (seed123, 20);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);
    double mean = ref_mean (seed123, 20), amr = ref_amr (seed123, 20, TRUE);

    assert_near_abs (r->points[0].cl, 0.1416238, 5e-8);
    assert_near_abs (r->points[0].lcl, -3.01138, 5e-6);
    assert_near_abs (r->points[0].ucl, 3.294627, 5e-7);
    assert_near (r->points[0].cl, mean);
    assert_near (r->points[0].lcl, mean - 2.66 * amr);
    assert_near (r->points[0].ucl, mean + 2.66 * amr);
    assert_near (r->points[0].lower_near, mean - 2.0 / 3.0 * 2.66 * amr);
    assert_near (r->points[0].upper_near, mean + 2.0 / 3.0 * 2.66 * amr);
  }

  /* data$y[15] <- 10: screened mean 0.6694159, lpl -2.383666, upl
   * 3.722497; unscreened lpl -4.596625, upl 5.935457. */
  memcpy (y, seed123, sizeof y);
  y[14] = 10;
  {
    g_autoptr(QcChartSeries) s = make_series (y, 20);
    g_autoptr(QcChartResult) on = analyse_opts (s, QC_CHART_TYPE_I, &mdc);
    g_autoptr(QcChartResult) off = analyse_opts (s, QC_CHART_TYPE_I, &mdc_off);

    assert_near_abs (on->points[0].cl, 0.6694159, 5e-8);
    assert_near_abs (on->points[0].lcl, -2.383666, 5e-7);
    assert_near_abs (on->points[0].ucl, 3.722497, 5e-7);
    assert_near_abs (off->points[0].lcl, -4.596625, 5e-7);
    assert_near_abs (off->points[0].ucl, 5.935457, 5e-7);
    assert_near (on->points[0].ucl, ref_mean (y, 20) + 2.66 * ref_amr (y, 20, TRUE));
    assert_near (off->points[0].ucl, ref_mean (y, 20) + 2.66 * ref_amr (y, 20, FALSE));
    /* The 10 is outside the limits either way. */
    assert_flagged (on, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "14");
    assert_flagged (off, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "14");
  }
}

static void
test_mdc_rules (void)
{
  /* Mean 3.3, screened AMR 1 (as test_i_screening): limits 3.3 -+ 2.66 =
   * [0.64, 5.96] (the i chart has 5.9596), near-limit lines 3.3 -+ 1.7733
   * = [1.52667, 5.07333]. The 1s lie beyond the lower near line, the 2s
   * do not; all but the 20 are below the mean. Windows 1 2 1 (0-2, 2-4,
   * 6-8) have two near points: two-of-three at 0 2 4 6 8. 20: outside. */
  static const double y[] = { 1, 2, 1, 2, 1, 20, 1, 2, 1, 2 };
  g_autoptr(QcChartSeries) s = make_series (y, 10);
  Opts mdc = { .rules = QC_CHART_RULES_MDC };
  g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

  assert_near (r->points[0].cl, 3.3);
  assert_near (r->points[0].lcl, 0.64);
  assert_near (r->points[0].ucl, 5.96);
  assert_near (r->points[0].lower_near, 3.3 - 2 * 2.66 / 3);
  assert_near (r->points[0].upper_near, 3.3 + 2 * 2.66 / 3);
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "5");
  assert_flagged (r, QC_CHART_SIGNAL_TWO_OF_THREE, "0,2,4,6,8");
  assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "");
  assert_flagged (r, QC_CHART_SIGNAL_TREND, "");
  assert_flagged (r, QC_CHART_SIGNAL_ASTRONOMICAL, "");
  assert_variations (r, "xcxcxixcxc");
  g_assert_true (r->trial_limits);
  g_assert_true (r->phases[0].trial_limits);
  /* Runs under mdc: a point on the mean breaks a run, limit 6. */
  g_assert_cmpuint (r->runs.longest_run, ==, 5);
  g_assert_cmpuint (r->runs.longest_run_max, ==, 6);
  g_assert_cmpint (r->runs.crossings_min, ==, -1);
  g_assert_false (r->runs.signal);
}

static void
test_mdc_trend (void)
{
  Opts mdc = { .rules = QC_CHART_RULES_MDC };

  /* 1..7 rising from index 1: six differences > 0, all 7 flagged.
   * Mean 4; AMR 14 / 8 = 1.75: limits 4 -+ 4.655, near 4 -+ 3.103: no
   * other rule. Points 1..3 lie below the mean but the trend rises: with
   * "increase" they are improvement. */
  {
    static const double y[] = { 5, 1, 2, 3, 4, 5, 6, 7, 3 };
    g_autoptr(QcChartSeries) s = make_series (y, 9);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    assert_near (r->points[0].cl, 4);
    assert_near (r->phases[0].amr, 1.75);
    assert_flagged (r, QC_CHART_SIGNAL_TREND, "1,2,3,4,5,6,7");
    assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
    assert_flagged (r, QC_CHART_SIGNAL_TWO_OF_THREE, "");
    assert_variations (r, "ciiiiiiic");
  }
  /* Six rising points (five differences): no trend. */
  {
    static const double y[] = { 5, 1, 2, 3, 4, 5, 6, 3 };
    g_autoptr(QcChartSeries) s = make_series (y, 8);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    assert_flagged (r, QC_CHART_SIGNAL_TREND, "");
  }
  /* A tie breaks it (unlike IHI). */
  {
    static const double y[] = { 1, 2, 3, 3, 4, 5, 6, 7 };
    g_autoptr(QcChartSeries) s = make_series (y, 8);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);
    g_autoptr(QcChartResult) ihi = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_IHI);

    assert_flagged (r, QC_CHART_SIGNAL_TREND, "");
    assert_flagged (ihi, QC_CHART_SIGNAL_TREND, "0,1,2,3,4,5,6,7");
  }
  /* Falling: concern when increase is better. Mean 6.3, AMR 24 / 9:
   * nothing outside or near. */
  {
    static const double y[] = { 9, 8, 7, 6, 5, 4, 3, 9, 3, 9 };
    g_autoptr(QcChartSeries) s = make_series (y, 10);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    assert_flagged (r, QC_CHART_SIGNAL_TREND, "0,1,2,3,4,5,6");
    g_assert_cmpint (r->points[0].variation, ==, QC_CHART_VARIATION_CONCERN);
    g_assert_cmpint (r->points[6].variation, ==, QC_CHART_VARIATION_CONCERN);
  }
}

static void
test_mdc_trend_turning (void)
{
  /* 0 20 0 20 0 20, then 4..10 rising (6..12), then 9..4 falling
   * (12..18). Mean 148 / 19; AMR 128 / 18; no limits crossed, no near
   * point, no shift of 7. The peak (12) belongs to both trends and takes
   * the later one's direction, as NHSRplotthedots does. */
  static const double y[] = { 0, 20, 0, 20, 0, 20, 4, 5, 6, 7, 8, 9, 10, 9, 8, 7, 6, 5, 4 };
  g_autoptr(QcChartSeries) s = make_series (y, G_N_ELEMENTS (y));
  Opts mdc = { .rules = QC_CHART_RULES_MDC };
  g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

  assert_near (r->points[0].cl, 148.0 / 19);
  assert_near (r->phases[0].amr, 128.0 / 18);
  assert_flagged (r, QC_CHART_SIGNAL_TREND, "6,7,8,9,10,11,12,13,14,15,16,17,18");
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
  assert_flagged (r, QC_CHART_SIGNAL_TWO_OF_THREE, "");
  assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "");
  assert_variations (r, "cccccciiiiiixxxxxxx");
}

static void
test_mdc_two_of_three (void)
{
  Opts mdc = { .rules = QC_CHART_RULES_MDC };
  double y[17];

  for (guint i = 0; i < 14; i++)
    y[i] = i % 2 ? -1 : 1;

  /* ... 6.5 1.5 7.5: mean 15.5 / 17, MRs 2 x13, 7.5, 5, 6: AMR 44.5 / 16,
   * none screened. Near line 0.912 + 4.932 = 5.844, UCL 8.310: 6.5 and
   * 7.5 are near, 1.5 is above the mean but not near: 14 and 16 only. */
  y[14] = 6.5, y[15] = 1.5, y[16] = 7.5;
  {
    g_autoptr(QcChartSeries) s = make_series (y, 17);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    assert_near (r->points[0].cl, 15.5 / 17);
    assert_near (r->phases[0].amr, 44.5 / 16);
    assert_flagged (r, QC_CHART_SIGNAL_TWO_OF_THREE, "14,16");
    assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
    g_assert_cmpint (r->points[14].variation, ==, QC_CHART_VARIATION_IMPROVEMENT);
    g_assert_cmpint (r->points[15].variation, ==, QC_CHART_VARIATION_COMMON);
  }

  /* ... 6.5 1.5 12: the 12 is outside (screened AMR 38.5 / 15, UCL
   * 20/17 + 2.66 * 38.5 / 15 = 8.004), so it does not count as near: only
   * one near point, no two-of-three. */
  y[16] = 12;
  {
    g_autoptr(QcChartSeries) s = make_series (y, 17);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    assert_near (r->phases[0].amr, 38.5 / 15);
    assert_near (r->points[0].ucl, 20.0 / 17 + 2.66 * 38.5 / 15);
    assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "16");
    assert_flagged (r, QC_CHART_SIGNAL_TWO_OF_THREE, "");
  }
}

static void
test_mdc_two_of_three_opposite (void)
{
  /* NHSRplotthedots: "it only reports special cause for 2of3 points close
   * to limits when they are on the same side of the mean": 1 -1 x8, the
   * last two 5.5 and -5.5, both near their lines on opposite sides. */
  double y[16];
  Opts mdc = { .rules = QC_CHART_RULES_MDC };

  for (guint i = 0; i < 16; i++)
    y[i] = i % 2 ? -1 : 1;
  y[14] = 5.5;
  y[15] = -5.5;
  {
    g_autoptr(QcChartSeries) s = make_series (y, 16);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    /* Mean 0, screened AMR 32.5 / 14: near 4.12, limits 6.18. */
    assert_near (r->points[0].cl, 0);
    assert_near (r->phases[0].amr, 32.5 / 14);
    g_assert_cmpint (r->points[14].variation, ==, QC_CHART_VARIATION_COMMON);
    g_assert_cmpint (r->points[15].variation, ==, QC_CHART_VARIATION_COMMON);
    assert_flagged (r, QC_CHART_SIGNAL_TWO_OF_THREE, "");
  }
}

static void
test_mdc_shift (void)
{
  Opts mdc = { .rules = QC_CHART_RULES_MDC };

  /* Seven below, seven above; mean 1.5 / 14; AMR 29 / 13; near lines
   * -+3.956 around the mean: nothing near, nothing outside, zigzags. */
  {
    static const double y[] = { -0.5, -3, -1, -2.5, -0.5, -3, -1, 3, 0.5, 2.5, 1, 3, 0.5, 2.5 };
    g_autoptr(QcChartSeries) s = make_series (y, 14);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    assert_near (r->points[0].cl, 1.5 / 14);
    assert_near (r->phases[0].amr, 29.0 / 13);
    assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "0,1,2,3,4,5,6,7,8,9,10,11,12,13");
    assert_flagged (r, QC_CHART_SIGNAL_TWO_OF_THREE, "");
    assert_flagged (r, QC_CHART_SIGNAL_TREND, "");
    assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
    assert_variations (r, "xxxxxxxiiiiiii");
    g_assert_cmpuint (r->runs.longest_run, ==, 7);
    g_assert_true (r->runs.signal);
  }
  /* Six and six: no shift. */
  {
    static const double y[] = { -0.5, -3, -1, -2.5, -0.5, -3, 3, 0.5, 2.5, 1, 3, 0.5 };
    g_autoptr(QcChartSeries) s = make_series (y, 12);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "");
    assert_variations (r, "cccccccccccc");
    g_assert_false (r->runs.signal);
  }
  /* A point exactly on the mean (0) breaks the run of lows (3 + 4); the
   * seven highs still shift. Anhøj skips the point instead: a run of 7. */
  {
    static const double y[] = { -0.5, -3, -1, 0, -2.5, -0.5, -3, -1, 3, 0.5, 2.5, 1, 3, 0.5, 1 };
    g_autoptr(QcChartSeries) s = make_series (y, 15);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);
    g_autoptr(QcChartResult) a = analyse (s, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);

    g_assert_cmpfloat (r->points[0].cl, ==, 0);
    assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "8,9,10,11,12,13,14");
    g_assert_cmpuint (r->runs.longest_run, ==, 7);
    g_assert_cmpuint (r->runs.n_useful, ==, 14);
    g_assert_cmpuint (a->runs.longest_run, ==, 7);
    g_assert_cmpuint (a->runs.longest_run_max, ==, 7);
    assert_flagged (a, QC_CHART_SIGNAL_SHIFT, "");
  }
}

static void
test_mdc_direction (void)
{
  static const double y[] = { 1, 2, 1, 2, 1, 20, 1, 2, 1, 2 };
  g_autoptr(QcChartSeries) s = make_series (y, 10);
  Opts dec = { .rules = QC_CHART_RULES_MDC, .direction = QC_CHART_DIRECTION_DECREASE };
  Opts neu = { .rules = QC_CHART_RULES_MDC, .direction = QC_CHART_DIRECTION_NEUTRAL };
  g_autoptr(QcChartResult) rd = analyse_opts (s, QC_CHART_TYPE_I, &dec);
  g_autoptr(QcChartResult) rn = analyse_opts (s, QC_CHART_TYPE_I, &neu);

  assert_variations (rd, "icicixicic");
  assert_variations (rn, "ncncnnncnc");

  /* Precedence and a missing point. Mean 84 / 9; MRs 4 x6 and 55 (none
   * across the gap), the 55 screened out: AMR 4, limits [-1.31, 19.97],
   * near lines [2.24, 16.43]. The 1s are near: two-of-three at 0 2 4 6;
   * seven lows in a row: shift 0..6; 60 outside. A missing point has no
   * variation. */
  {
    static const double z[] = { 1, 5, 1, 5, 1, 5, 1, NAN, 60, 5 };
    g_autoptr(QcChartSeries) s2 = make_series (z, 10);
    Opts mdc = { .rules = QC_CHART_RULES_MDC };
    g_autoptr(QcChartResult) r = analyse_opts (s2, QC_CHART_TYPE_I, &mdc);

    assert_near (r->points[0].cl, 84.0 / 9);
    assert_near (r->phases[0].amr, 4);
    assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "8");
    assert_flagged (r, QC_CHART_SIGNAL_TWO_OF_THREE, "0,2,4,6");
    assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "0,1,2,3,4,5,6");
    assert_variations (r, "xxxxxxx-ic");
  }
  /* Outside comes before trend: -100 starts a rising trend of seven but
   * lies below the lower limit, so it is concern; the rest of the trend is
   * improvement. Mean -13 / 13 = -1; MRs 30 x5, 130, 97, 1 x5: the 130
   * screened out, AMR 252 / 11; LCL -1 - 2.66 * 252 / 11 = -61.9. */
  {
    static const double z[] = { 0, 30, 0, 30, 0, 30, -100, -3, -2, -1, 0, 1, 2 };
    g_autoptr(QcChartSeries) s3 = make_series (z, 13);
    Opts mdc = { .rules = QC_CHART_RULES_MDC };
    g_autoptr(QcChartResult) r = analyse_opts (s3, QC_CHART_TYPE_I, &mdc);

    assert_near (r->points[0].cl, -1);
    assert_near (r->phases[0].amr, 252.0 / 11);
    assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "6");
    assert_flagged (r, QC_CHART_SIGNAL_TREND, "6,7,8,9,10,11,12");
    assert_flagged (r, QC_CHART_SIGNAL_SHIFT, "");
    assert_flagged (r, QC_CHART_SIGNAL_TWO_OF_THREE, "");
    assert_variations (r, "ccccccxiiiiii");
  }
}

static void
test_mdc_assurance (void)
{
  /* Limits [0.64, 5.96]. */
  static const double y[] = { 1, 2, 1, 2, 1, 20, 1, 2, 1, 2 };
  static const struct { QcChartDirection dir; double target; QcChartAssurance expected; } cases[] = {
    { QC_CHART_DIRECTION_INCREASE, 7, QC_CHART_ASSURANCE_FAILS },
    { QC_CHART_DIRECTION_DECREASE, 7, QC_CHART_ASSURANCE_PASSES },
    { QC_CHART_DIRECTION_INCREASE, 0, QC_CHART_ASSURANCE_PASSES },
    { QC_CHART_DIRECTION_DECREASE, 0, QC_CHART_ASSURANCE_FAILS },
    { QC_CHART_DIRECTION_INCREASE, 3, QC_CHART_ASSURANCE_INCONSISTENT },
    { QC_CHART_DIRECTION_DECREASE, 5.96, QC_CHART_ASSURANCE_INCONSISTENT },  /* on the limit */
    { QC_CHART_DIRECTION_NEUTRAL, 7, QC_CHART_ASSURANCE_NONE },
  };
  g_autoptr(QcChartSeries) s = make_series (y, 10);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      Opts o = { .rules = QC_CHART_RULES_MDC, .direction = cases[c].dir,
                 .has_target = TRUE, .target = cases[c].target };
      g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &o);

      g_assert_cmpint (r->assurance, ==, cases[c].expected);
      assert_near (r->target, cases[c].target);
    }

  /* No target: none. Against the last phase's limits. */
  {
    Opts o = { .rules = QC_CHART_RULES_MDC };
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &o);

    g_assert_cmpint (r->assurance, ==, QC_CHART_ASSURANCE_NONE);
    assert_nan (r->target);
  }
  {
    static const double z[] = { 1, 2, 1, 2, 11, 12, 11, 12 };
    static const guint part[] = { 4 };
    Opts o = { .rules = QC_CHART_RULES_MDC, .has_target = TRUE, .target = 5,
               .phases = part, .n_phases = 1 };
    g_autoptr(QcChartSeries) s2 = make_series (z, 8);
    g_autoptr(QcChartResult) r = analyse_opts (s2, QC_CHART_TYPE_I, &o);

    /* Last phase: mean 11.5, AMR 1: [8.84, 14.16]; target 5 below: passes. */
    assert_near (r->points[7].lcl, 11.5 - 2.66);
    g_assert_cmpint (r->assurance, ==, QC_CHART_ASSURANCE_PASSES);
  }
}

static void
test_mdc_trial_limits (void)
{
  double y[13];
  Opts mdc = { .rules = QC_CHART_RULES_MDC };

  for (guint i = 0; i < 13; i++)
    y[i] = i % 3;
  {
    g_autoptr(QcChartSeries) s = make_series (y, 12);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    g_assert_true (r->trial_limits);
  }
  {
    g_autoptr(QcChartSeries) s = make_series (y, 13);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    g_assert_false (r->trial_limits);
  }
  /* Missing points do not count. */
  y[5] = NAN;
  {
    g_autoptr(QcChartSeries) s = make_series (y, 13);
    g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &mdc);

    g_assert_true (r->trial_limits);
  }
}

/* ---- phases ------------------------------------------------------------- */

static void
test_phases (void)
{
  /* Phase 1: 1 2 1 2 (mean 1.5, AMR 1); phase 2: 10 14 10 14 10 (mean
   * 11.6, AMR 4). Each phase only from its own points: the jump 2 -> 10
   * is no moving range. */
  static const double y[] = { 1, 2, 1, 2, 10, 14, 10, 14, 10 };
  static const guint part[] = { 4 };
  Opts o = { .phases = part, .n_phases = 1 };
  g_autoptr(QcChartSeries) s = make_series (y, 9);
  g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &o);

  g_assert_cmpuint (r->n_phases, ==, 2);
  assert_near (r->points[3].cl, 1.5);
  assert_near (r->points[3].ucl, 1.5 + 3 / 1.128);
  assert_near (r->points[4].cl, 11.6);
  assert_near (r->phases[1].amr, 4);
  assert_near (r->points[8].lcl, 11.6 - 12 / 1.128);
  g_assert_cmpuint (r->phases[0].n, ==, 4);
  g_assert_cmpuint (r->phases[1].n, ==, 5);
  assert_flagged (r, QC_CHART_SIGNAL_OUTSIDE_LIMITS, "");
  /* Runs per phase: phase 2 has - + - + -, crossings 4. */
  g_assert_cmpuint (r->runs.crossings, ==, 4);
  g_assert_cmpuint (r->phases[0].runs.crossings, ==, 3);
}

static void
test_phases_normalise (void)
{
  /* Unsorted, repeated, 0 and past-the-end starts: phases 0-2, 3-5, 6-7. */
  static const double y[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  static const guint part[] = { 6, 3, 0, 6, 99, 3 };
  Opts o = { .phases = part, .n_phases = G_N_ELEMENTS (part) };
  g_autoptr(QcChartSeries) s = make_series (y, 8);
  g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_RUN, &o);

  g_assert_cmpuint (r->n_phases, ==, 3);
  g_assert_cmpuint (r->phases[0].last, ==, 2);
  g_assert_cmpuint (r->phases[1].first, ==, 3);
  g_assert_cmpuint (r->phases[2].first, ==, 6);
  g_assert_cmpuint (r->phases[2].last, ==, 7);
  assert_near (r->points[0].cl, 2);
  assert_near (r->points[4].cl, 5);
  assert_near (r->points[7].cl, 7.5);
}

/* ---- errors and edge cases ---------------------------------------------- */

static void
test_analyse_errors (void)
{
  static const double v[] = { 1, 2, 3 };
  g_autoptr(QcChartSeries) plain = make_series (v, 3);
  g_autoptr(QcChartSeries) ratio = make_ratio_series (v, v, 3);
  QcChartOptions o;
  QcChartResult *r;
  GError *error = NULL;

  qc_chart_options_init (&o, QC_CHART_TYPE_P);
  g_assert_cmpint (o.rules, ==, QC_CHART_RULES_ANHOEJ);
  g_assert_cmpint (o.direction, ==, QC_CHART_DIRECTION_INCREASE);
  g_assert_true (o.screen);
  assert_nan (o.target);
  g_assert_cmpuint (o.n_phase_starts, ==, 0);

  r = qc_chart_analyse (plain, &o, &error);
  g_assert_null (r);
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Chart type p needs a numerator and a denominator for each point");
  g_clear_error (&error);

  o.type = QC_CHART_TYPE_C;
  r = qc_chart_analyse (ratio, &o, &error);
  g_assert_null (r);
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_clear_error (&error);

  o.type = QC_CHART_TYPE_C;
  o.rules = QC_CHART_RULES_MDC;
  r = qc_chart_analyse (plain, &o, &error);
  g_assert_null (r);
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The Making Data Count rules apply to i charts only, not to chart type c");
  g_clear_error (&error);
}

static void
test_empty_and_single (void)
{
  g_autoptr(QcChartSeries) empty = qc_chart_series_new (FALSE);
  g_autoptr(QcChartResult) r = analyse (empty, QC_CHART_TYPE_I, QC_CHART_RULES_IHI);
  static const double one[] = { 4 };
  g_autoptr(QcChartSeries) single = make_series (one, 1);
  g_autoptr(QcChartResult) r1 = analyse (single, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);
  g_autoptr(QcChartResult) r2 = analyse (single, QC_CHART_TYPE_C, QC_CHART_RULES_ANHOEJ);
  g_autofree char *json = qc_chart_result_to_json_string (r, FALSE);

  g_assert_cmpuint (r->n, ==, 0);
  g_assert_cmpuint (r->n_points, ==, 0);
  g_assert_cmpuint (r->n_phases, ==, 0);
  g_assert_false (r->runs.valid);
  g_assert_cmpstr (json, ==,
                   "{\"type\":\"i\",\"rules\":\"ihi\",\"n\":0,\"points\":[],"
                   "\"runs\":{\"n_useful\":null,\"longest_run\":null,\"longest_run_max\":null,"
                   "\"crossings\":null,\"crossings_min\":null,\"crossings_max\":null,\"signal\":false},"
                   "\"sigma_signal\":[]}");

  /* One point: a centre line, no moving range so no i limits; on the line. */
  assert_near (r1->points[0].cl, 4);
  assert_nan (r1->points[0].ucl);
  g_assert_false (r1->runs.valid);
  /* A c chart needs no moving range. */
  assert_near (r2->points[0].ucl, 10);
}

/* ---- CSV ---------------------------------------------------------------- */

static QcChartSeries *
parse (const char  *csv,
       QcChartType  type,
       GError     **error)
{
  return qc_chart_series_new_from_csv_data (csv, -1, "data.csv", type, error);
}

static void
test_csv_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcChartSeries) s = NULL;

  /* BOM, CRLF, quotes, spaces, blank lines, a missing value, a spreadsheet's
   * trailing empty row, exponents, a header in another case. */
  s = parse ("\xEF\xBB\xBF" "Date, Value\r\n"
             "2026-01-05,12.5\r\n"
             "\r\n"
             "\"2026-01-12\", 3\r\n"
             "2026-01-19,\r\n"
             "\"Week \"\"4\"\", a\",-1.5e2\r\n"
             " 2026-02-02 , 0 \r\n"
             ",\r\n",
             QC_CHART_TYPE_I, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  g_assert_false (qc_chart_series_has_denominators (s));
  g_assert_cmpuint (s->len, ==, 5);
  g_assert_cmpstr (s->dates[0], ==, "2026-01-05");
  g_assert_cmpstr (s->dates[1], ==, "2026-01-12");
  g_assert_cmpstr (s->dates[3], ==, "Week \"4\", a");
  g_assert_cmpstr (s->dates[4], ==, "2026-02-02");
  g_assert_null (s->dates[5]);
  g_assert_cmpfloat (s->values[0], ==, 12.5);
  g_assert_cmpfloat (s->values[1], ==, 3);
  assert_nan (s->values[2]);
  g_assert_cmpfloat (s->values[3], ==, -150);
  g_assert_cmpfloat (s->values[4], ==, 0);
  assert_nan (qc_chart_series_get_y (s, 2));

  /* Columns in any order; the store's note and pdsa columns are ignored. */
  g_clear_pointer (&s, qc_chart_series_free);
  s = parse ("note,Value,pdsa,date\n\"first, after audit\",7,PDSA 1,2026-03\n", QC_CHART_TYPE_C, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->len, ==, 1);
  g_assert_cmpstr (s->dates[0], ==, "2026-03");
  g_assert_cmpfloat (s->values[0], ==, 7);
  g_clear_pointer (&s, qc_chart_series_free);
  s = parse ("denominator,numerator,date\n8,2,2026-03\n", QC_CHART_TYPE_P, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (qc_chart_series_get_y (s, 0), ==, 0.25);

  /* An empty column from a trailing comma is ignored too. */
  g_clear_pointer (&s, qc_chart_series_free);
  s = parse ("date,value,\n2026-03,7,\n2026-04,8,\n", QC_CHART_TYPE_I, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->len, ==, 2);

  /* A run chart takes either header. */
  g_clear_pointer (&s, qc_chart_series_free);
  s = parse ("date,value\n1,2\n", QC_CHART_TYPE_RUN, &error);
  g_assert_no_error (error);
  g_assert_false (qc_chart_series_has_denominators (s));
  g_clear_pointer (&s, qc_chart_series_free);
  s = parse ("date,numerator,denominator\n1,2,4", QC_CHART_TYPE_RUN, &error);
  g_assert_no_error (error);
  g_assert_true (qc_chart_series_has_denominators (s));
  g_assert_cmpfloat (qc_chart_series_get_y (s, 0), ==, 0.5);
}

static void
test_csv_ratios (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcChartSeries) s = NULL;
  g_autoptr(QcChartSeries) copy = NULL;

  s = parse ("date,numerator,denominator\n"
             "2026-01,3,10\n"
             "2026-02,,12\n"        /* audit pending: missing, denominator kept */
             "2026-03,4,\n"         /* no denominator: missing */
             "2026-04,,\n"
             "2026-05,0,7\n",
             QC_CHART_TYPE_P, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->len, ==, 5);
  g_assert_cmpfloat (qc_chart_series_get_y (s, 0), ==, 0.3);
  assert_nan (s->values[1]);
  g_assert_cmpfloat (s->denominators[1], ==, 12);
  assert_nan (s->values[2]);
  assert_nan (s->denominators[2]);
  assert_nan (qc_chart_series_get_y (s, 3));
  g_assert_cmpfloat (qc_chart_series_get_y (s, 4), ==, 0);

  copy = qc_chart_series_copy (s);
  g_assert_cmpuint (copy->len, ==, 5);
  g_assert_cmpstr (copy->dates[4], ==, "2026-05");
  g_assert_cmpfloat (copy->denominators[1], ==, 12);

  /* u: counts may exceed the exposure. */
  g_clear_pointer (&s, qc_chart_series_free);
  s = parse ("date,numerator,denominator\n2026-01,30,10\n", QC_CHART_TYPE_U, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (qc_chart_series_get_y (s, 0), ==, 3);
}

static void
test_csv_errors (void)
{
  static const struct { const char *csv; QcChartType type; const char *message; } cases[] = {
    { "", QC_CHART_TYPE_I, "data.csv:1: the file is empty; it needs a header row and one row per point" },
    { "\n\n", QC_CHART_TYPE_I, "data.csv:1: the file is empty; it needs a header row and one row per point" },
    { "date,value\n", QC_CHART_TYPE_I, "data.csv:1: the file has a header but no data rows" },
    { "date,count\n1,2\n", QC_CHART_TYPE_C,
      "data.csv:1:6: unknown column “count” (use date, value, numerator, denominator, note, pdsa)" },
    { "date,value\n1,2\n", QC_CHART_TYPE_P,
      "data.csv:1: the header must name the columns “date,numerator,denominator” for chart type p" },
    { "date,numerator,denominator\n1,2,3\n", QC_CHART_TYPE_I,
      "data.csv:1: the header must name the columns “date,value” for chart type i" },
    { "value,numerator\n1,2\n", QC_CHART_TYPE_RUN,
      "data.csv:1: the header must name the columns “date,value” or “date,numerator,denominator” for chart type run" },
    { "date,value,numerator,denominator\n1,2,3,4\n", QC_CHART_TYPE_RUN,
      "data.csv:1: the header must name the columns “date,value” or “date,numerator,denominator” for chart type run" },
    { "date,value,Date\n1,2,3\n", QC_CHART_TYPE_I, "data.csv:1:12: the column “Date” appears twice" },
    { "date,value\n2026-01,1,\n", QC_CHART_TYPE_I,
      "data.csv:2: expected 2 cells as in the header, found 3" },
    { "date,value\n2026-01,1\n2026-02,1,2\n", QC_CHART_TYPE_I,
      "data.csv:3: expected 2 cells as in the header, found 3" },
    { "date,value\n2026-01\n", QC_CHART_TYPE_I,
      "data.csv:2: expected 2 cells as in the header, found 1" },
    { "date,value\n2026-01,abc\n", QC_CHART_TYPE_I,
      "data.csv:2:9: the value “abc” is not a number" },
    { "date,value\n2026-01,\"1,5\"\n", QC_CHART_TYPE_I,
      "data.csv:2:9: the value “1,5” is not a number (write decimals with a point, e.g. 2.5)" },
    { "date,value\n2026-01,0x10\n", QC_CHART_TYPE_I, "data.csv:2:9: the value “0x10” is not a number" },
    { "date,value\n2026-01,inf\n", QC_CHART_TYPE_I, "data.csv:2:9: the value “inf” is not a number" },
    { "date,value\n2026-01,nan\n", QC_CHART_TYPE_I, "data.csv:2:9: the value “nan” is not a number" },
    { "date,value\n2026-01,1e400\n", QC_CHART_TYPE_I, "data.csv:2:9: the value “1e400” is too large" },
    { "date,value\n2026-01,2e15\n", QC_CHART_TYPE_I, "data.csv:2:9: the value “2e15” is too large" },
    { "date,value\n,5\n", QC_CHART_TYPE_I, "data.csv:2:1: the date is empty" },
    { "date,value\n2026-01,-1\n", QC_CHART_TYPE_C, "data.csv:2:9: a count cannot be negative (found -1)" },
    { "date,numerator,denominator\n2026-01,5,0\n", QC_CHART_TYPE_P,
      "data.csv:2:11: the denominator must be greater than 0 (found 0); leave both cells empty for a missing point" },
    { "date,numerator,denominator\n2026-01,-1,4\n", QC_CHART_TYPE_U,
      "data.csv:2:9: the numerator cannot be negative (found -1)" },
    { "date,numerator,denominator\n2026-01,11,10\n", QC_CHART_TYPE_P,
      "data.csv:2:9: the numerator (11) is larger than the denominator (10), which a proportion cannot be" },
    { "date,value\n\"2026-01,5\n", QC_CHART_TYPE_I,
      "data.csv:2:1: the quoted cell has no closing quote on this line" },
    { "date,value\n\"2026\"-01,5\n", QC_CHART_TYPE_I, "data.csv:2:7: unexpected text after a quoted cell" },
    { "date,value\n2026-01,1\n2026-02,\xff\n", QC_CHART_TYPE_I,
      "data.csv:3: the text is not UTF-8; save the file as “CSV UTF-8”" },
    /* Columns count characters, not bytes. */
    { "date,value\nJänner,x\n", QC_CHART_TYPE_I, "data.csv:2:8: the value “x” is not a number" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(QcChartSeries) s = parse (cases[c].csv, cases[c].type, &error);

      g_assert_null (s);
      g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[c].message);
    }

  /* A NUL byte inside the data. */
  {
    static const char data[] = "date,value\n2026-01,1\0\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(QcChartSeries) s =
      qc_chart_series_new_from_csv_data (data, sizeof data - 1, "data.csv", QC_CHART_TYPE_I, &error);

    g_assert_null (s);
    g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "data.csv:2: "));
  }
}

static void
test_csv_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("qc-chart-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(QcChartSeries) s = NULL;
  g_autoptr(QcChartResult) r = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "measure.csv", NULL);
  missing = g_build_filename (dir, "nope.csv", NULL);
  g_file_set_contents (path, "date,value\n2026-01,4\n2026-02,\n2026-03,6\n", -1, &error);
  g_assert_no_error (error);

  s = qc_chart_series_new_from_csv (path, QC_CHART_TYPE_C, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->len, ==, 3);
  r = analyse (s, QC_CHART_TYPE_C, QC_CHART_RULES_ANHOEJ);
  assert_near (r->points[1].cl, 5);
  g_assert_cmpuint (r->n, ==, 2);

  g_clear_pointer (&s, qc_chart_series_free);
  s = qc_chart_series_new_from_csv (missing, QC_CHART_TYPE_C, &error);
  g_assert_null (s);
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, missing));
  g_clear_error (&error);

  s = qc_chart_series_new_from_csv (dir, QC_CHART_TYPE_C, &error);
  g_assert_null (s);
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_clear_error (&error);

  /* A bad row names the file as given. */
  g_file_set_contents (path, "date,value\n2026-01,4\n2026-02,four\n", -1, &error);
  g_assert_no_error (error);
  s = qc_chart_series_new_from_csv (path, QC_CHART_TYPE_C, &error);
  g_assert_null (s);
  {
    g_autofree char *expected = g_strdup_printf ("%s:3:9: the value “four” is not a number", path);
    g_assert_cmpstr (error->message, ==, expected);
  }
  g_clear_error (&error);

  g_unlink (path);
  g_rmdir (dir);
}

/* ---- JSON --------------------------------------------------------------- */

static void
test_json_exact (void)
{
  /* c chart 1 7 4 and a missing point: mean 4, limits [0, 10].
   * Useful 1 (-) and 7 (+): longest 1, crossings 1; n = 2: max
   * round(1 + 3) = 4, min qbinom(0.05, 1, 0.5) = 0. */
  static const double y[] = { 1, 7, 4, NAN };
  g_autoptr(QcChartSeries) s = make_series (y, 4);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_C, QC_CHART_RULES_ANHOEJ);
  g_autofree char *json = qc_chart_result_to_json_string (r, FALSE);

  g_assert_cmpstr (json, ==,
                   "{\"type\":\"c\",\"rules\":\"anhoej\",\"n\":3,\"points\":["
                   "{\"date\":\"d01\",\"y\":1.0,\"cl\":4.0,\"lcl\":0.0,\"ucl\":10.0,\"signals\":[]},"
                   "{\"date\":\"d02\",\"y\":7.0,\"cl\":4.0,\"lcl\":0.0,\"ucl\":10.0,\"signals\":[]},"
                   "{\"date\":\"d03\",\"y\":4.0,\"cl\":4.0,\"lcl\":0.0,\"ucl\":10.0,\"signals\":[]},"
                   "{\"date\":\"d04\",\"y\":null,\"cl\":4.0,\"lcl\":0.0,\"ucl\":10.0,\"signals\":[]}],"
                   "\"runs\":{\"n_useful\":2,\"longest_run\":1,\"longest_run_max\":4,"
                   "\"crossings\":1,\"crossings_min\":0,\"signal\":false},"
                   "\"sigma_signal\":[]}");
}

static JsonObject *
parse_json (const char  *text,
            JsonParser **parser)
{
  g_autoptr(GError) error = NULL;

  *parser = json_parser_new ();
  json_parser_load_from_data (*parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (*parser));
}

static void
test_json_run_and_signals (void)
{
  /* A run chart: only cl; signals named in the fixed order. */
  static const double y[] = {
    10, 1, 11, 2, 12, 3, 13, 4, 5, 6, 7, 8, 9, 4, 5, 6, 14, 15, 16, 17, 18, 19, 20, 21,
  };
  g_autoptr(QcChartSeries) s = make_series (y, G_N_ELEMENTS (y));
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);
  g_autofree char *json = qc_chart_result_to_json_string (r, TRUE);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = parse_json (json, &parser);
  JsonArray *points = json_object_get_array_member (root, "points");
  JsonObject *p7 = json_array_get_object_element (points, 7);
  JsonObject *runs = json_object_get_object_member (root, "runs");
  g_autoptr(GList) members = json_object_get_members (root);
  static const char * const order[] = { "type", "rules", "n", "points", "runs", "sigma_signal" };
  guint i = 0;

  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, order[i]);
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (order));

  g_assert_cmpint (json_object_get_int_member (root, "n"), ==, 24);
  g_assert_true (json_object_get_null_member (p7, "lcl"));
  g_assert_true (json_object_get_null_member (p7, "ucl"));
  g_assert_cmpfloat (json_object_get_double_member (p7, "cl"), ==, 9.5);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (p7, "signals"), 0), ==, "shift");
  g_assert_false (json_object_has_member (p7, "variation"));
  g_assert_cmpint (json_object_get_int_member (runs, "longest_run"), ==, 9);
  g_assert_true (json_object_get_boolean_member (runs, "signal"));
  g_assert_false (json_object_has_member (runs, "crossings_max"));

  /* Several signals at one point, in the order of cli.md. */
  {
    static const double z[] = { 1, 2, 1, 2, 1, 20, 1, 2, 1, 2 };
    g_autoptr(QcChartSeries) s2 = make_series (z, 10);
    g_autoptr(QcChartResult) r2 = analyse (s2, QC_CHART_TYPE_I, QC_CHART_RULES_IHI);
    g_autofree char *j2 = qc_chart_result_to_json_string (r2, FALSE);

    g_assert_nonnull (strstr (j2, "\"signals\":[\"outside-limits\",\"astronomical\"]"));
    g_assert_nonnull (strstr (j2, "\"sigma_signal\":[5]"));
    g_assert_nonnull (strstr (j2, "\"crossings_max\":"));
  }
}

static void
test_json_mdc_and_phases (void)
{
  static const double y[] = { 1, 2, 1, 2, 1, 20, 1, 2, 1, 2 };
  g_autoptr(QcChartSeries) s = make_series (y, 10);
  Opts o = { .rules = QC_CHART_RULES_MDC, .has_target = TRUE, .target = 7 };
  g_autoptr(QcChartResult) r = analyse_opts (s, QC_CHART_TYPE_I, &o);
  g_autofree char *json = qc_chart_result_to_json_string (r, FALSE);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = parse_json (json, &parser);
  JsonArray *points = json_object_get_array_member (root, "points");
  JsonObject *runs = json_object_get_object_member (root, "runs");
  g_autoptr(GList) members = json_object_get_members (root);
  static const char * const order[] = {
    "type", "rules", "n", "points", "runs", "sigma_signal", "assurance", "trial_limits",
  };
  guint i = 0;

  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, order[i]);
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (order));
  g_assert_cmpstr (json_object_get_string_member (root, "rules"), ==, "mdc");
  g_assert_cmpstr (json_object_get_string_member (root, "assurance"), ==, "fails");
  g_assert_true (json_object_get_boolean_member (root, "trial_limits"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (points, 0), "variation"), ==, "concern");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (points, 1), "variation"), ==, "common");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (points, 5), "variation"), ==, "improvement");
  g_assert_true (json_object_get_null_member (runs, "crossings_min"));
  assert_near (json_object_get_double_member (json_array_get_object_element (points, 0), "ucl"), 5.96);

  /* mdc without a target: no "assurance"; neutral direction with a
   * target: "assurance": null; a missing point: "variation": null. */
  {
    static const double z[] = { 1, 2, NAN, 2 };
    g_autoptr(QcChartSeries) s2 = make_series (z, 4);
    Opts o2 = { .rules = QC_CHART_RULES_MDC };
    Opts o3 = { .rules = QC_CHART_RULES_MDC, .direction = QC_CHART_DIRECTION_NEUTRAL,
                .has_target = TRUE, .target = 1 };
    g_autoptr(QcChartResult) r2 = analyse_opts (s2, QC_CHART_TYPE_I, &o2);
    g_autoptr(QcChartResult) r3 = analyse_opts (s2, QC_CHART_TYPE_I, &o3);
    g_autofree char *j2 = qc_chart_result_to_json_string (r2, FALSE);
    g_autofree char *j3 = qc_chart_result_to_json_string (r3, FALSE);

    g_assert_null (strstr (j2, "assurance"));
    g_assert_nonnull (strstr (j2, "{\"date\":\"d03\",\"y\":null,\"cl\":1.6666666666666667,"));
    g_assert_nonnull (strstr (j2, "\"signals\":[],\"variation\":null}"));
    g_assert_nonnull (strstr (j3, "\"assurance\":null"));
  }

  /* Phases: per-phase detail after everything else. */
  {
    static const guint part[] = { 4 };
    static const double z[] = { 1, 2, 1, 2, 10, 14, 10, 14, 10 };
    Opts o4 = { .rules = QC_CHART_RULES_IHI, .phases = part, .n_phases = 1 };
    g_autoptr(QcChartSeries) s4 = make_series (z, 9);
    g_autoptr(QcChartResult) r4 = analyse_opts (s4, QC_CHART_TYPE_I, &o4);
    g_autofree char *j4 = qc_chart_result_to_json_string (r4, FALSE);
    g_autoptr(JsonParser) p4 = NULL;
    JsonObject *root4 = parse_json (j4, &p4);
    JsonArray *phases = json_object_get_array_member (root4, "phases");
    JsonObject *ph1 = json_array_get_object_element (phases, 1);

    g_assert_cmpuint (json_array_get_length (phases), ==, 2);
    g_assert_cmpint (json_object_get_int_member (ph1, "first"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (ph1, "last"), ==, 8);
    g_assert_cmpint (json_object_get_int_member (ph1, "n"), ==, 5);
    g_assert_cmpfloat (json_object_get_double_member (ph1, "cl"), ==, 11.6);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (ph1, "runs"), "crossings"), ==, 4);
    g_assert_true (json_object_has_member (json_object_get_object_member (ph1, "runs"), "crossings_max"));
  }
}

static void
test_json_nulls (void)
{
  /* Every point on the centre line: runs fields null, signal false. */
  static const double y[] = { 5, 5, 5 };
  g_autoptr(QcChartSeries) s = make_series (y, 3);
  g_autoptr(QcChartResult) r = analyse (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_ANHOEJ);
  g_autofree char *json = qc_chart_result_to_json_string (r, FALSE);

  g_assert_nonnull (strstr (json, "\"runs\":{\"n_useful\":null,\"longest_run\":null,\"longest_run_max\":null,"
                                  "\"crossings\":null,\"crossings_min\":null,\"signal\":false}"));
  g_assert_nonnull (strstr (json, "{\"date\":\"d01\",\"y\":5.0,\"cl\":5.0,\"lcl\":null,\"ucl\":null,\"signals\":[]}"));

  /* An mr chart: null first y, runs null. */
  {
    static const double z[] = { 1, 3, 2 };
    g_autoptr(QcChartSeries) s2 = make_series (z, 3);
    g_autoptr(QcChartResult) r2 = analyse (s2, QC_CHART_TYPE_MR, QC_CHART_RULES_ANHOEJ);
    g_autofree char *j2 = qc_chart_result_to_json_string (r2, FALSE);

    g_assert_nonnull (strstr (j2, "{\"date\":\"d01\",\"y\":null,\"cl\":1.5,\"lcl\":0.0,"));
    g_assert_nonnull (strstr (j2, "\"runs\":{\"n_useful\":null,"));
    g_assert_nonnull (strstr (j2, "\"n\":2,"));
  }

  /* Large values stay valid JSON (json-glib alone prints 1e+17.0). */
  {
    static const double z[] = { 1e14, 1e17, 2e18, 1e19 };
    g_autoptr(QcChartSeries) s3 = make_series (z, 4);
    g_autoptr(QcChartResult) r3 = analyse (s3, QC_CHART_TYPE_I, QC_CHART_RULES_ANHOEJ);
    g_autofree char *j3 = qc_chart_result_to_json_string (r3, FALSE);
    g_autoptr(JsonParser) p3 = NULL;

    (void) parse_json (j3, &p3);
    g_assert_nonnull (strstr (j3, "\"y\":100000000000000.0,"));
    g_assert_nonnull (strstr (j3, "\"y\":100000000000000000,"));
    g_assert_nonnull (strstr (j3, "\"y\":2000000000000000000,"));
    g_assert_nonnull (strstr (j3, "\"y\":null,"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/names", test_names);
  g_test_add_func ("/chart/anhoej/limits", test_anhoej_limits);
  g_test_add_func ("/chart/ihi/runs-table", test_ihi_runs_table);
  g_test_add_func ("/chart/ihi/runs-bruteforce", test_ihi_runs_bruteforce);
  g_test_add_func ("/chart/run/eight-points", test_run_eight_points);
  g_test_add_func ("/chart/run/ties-on-median", test_run_ties_on_median);
  g_test_add_func ("/chart/run/missing", test_run_missing);
  g_test_add_func ("/chart/run/anhoej-shift", test_run_anhoej_shift);
  g_test_add_func ("/chart/run/anhoej-crossings", test_run_anhoej_crossings);
  g_test_add_func ("/chart/run/proportion", test_run_proportion);
  g_test_add_func ("/chart/run/qicharts2-cdi", test_run_cdi);
  g_test_add_func ("/chart/qicharts2-vignette", test_qicharts2_vignette);
  g_test_add_func ("/chart/ihi/shift", test_ihi_shift);
  g_test_add_func ("/chart/ihi/no-signal", test_ihi_no_signal);
  g_test_add_func ("/chart/ihi/shift-skips-median", test_ihi_shift_skips_median);
  g_test_add_func ("/chart/ihi/trend", test_ihi_trend);
  g_test_add_func ("/chart/ihi/runs-count", test_ihi_runs_count);
  g_test_add_func ("/chart/ihi/astronomical-run", test_ihi_astronomical_run);
  g_test_add_func ("/chart/ihi/astronomical-control", test_ihi_astronomical_control);
  g_test_add_func ("/chart/i/montgomery", test_i_montgomery);
  g_test_add_func ("/chart/i/screening", test_i_screening);
  g_test_add_func ("/chart/i/zero-moving-ranges", test_i_zero_moving_ranges);
  g_test_add_func ("/chart/i/missing", test_i_missing);
  g_test_add_func ("/chart/i/on-centre-line", test_i_on_centre_line);
  g_test_add_func ("/chart/mr/montgomery", test_mr_montgomery);
  g_test_add_func ("/chart/mr/outside-and-gaps", test_mr_outside_and_gaps);
  g_test_add_func ("/chart/p/montgomery", test_p_montgomery);
  g_test_add_func ("/chart/p/clipping", test_p_clipping);
  g_test_add_func ("/chart/p/qicharts2-nhs-accidents", test_p_nhs_accidents);
  g_test_add_func ("/chart/u/montgomery", test_u_montgomery);
  g_test_add_func ("/chart/u/varying", test_u_varying);
  g_test_add_func ("/chart/c/qicharts2-cdi", test_c_cdi);
  g_test_add_func ("/chart/c/signal", test_c_signal);
  g_test_add_func ("/chart/mdc/nhsr-example", test_mdc_nhsr_example);
  g_test_add_func ("/chart/mdc/rules", test_mdc_rules);
  g_test_add_func ("/chart/mdc/trend", test_mdc_trend);
  g_test_add_func ("/chart/mdc/trend-turning", test_mdc_trend_turning);
  g_test_add_func ("/chart/mdc/two-of-three", test_mdc_two_of_three);
  g_test_add_func ("/chart/mdc/two-of-three-opposite", test_mdc_two_of_three_opposite);
  g_test_add_func ("/chart/mdc/shift", test_mdc_shift);
  g_test_add_func ("/chart/mdc/direction", test_mdc_direction);
  g_test_add_func ("/chart/mdc/assurance", test_mdc_assurance);
  g_test_add_func ("/chart/mdc/trial-limits", test_mdc_trial_limits);
  g_test_add_func ("/chart/phases/i-chart", test_phases);
  g_test_add_func ("/chart/phases/normalise", test_phases_normalise);
  g_test_add_func ("/chart/errors", test_analyse_errors);
  g_test_add_func ("/chart/empty-and-single", test_empty_and_single);
  g_test_add_func ("/chart/csv/values", test_csv_values);
  g_test_add_func ("/chart/csv/ratios", test_csv_ratios);
  g_test_add_func ("/chart/csv/errors", test_csv_errors);
  g_test_add_func ("/chart/csv/file", test_csv_file);
  g_test_add_func ("/chart/json/exact", test_json_exact);
  g_test_add_func ("/chart/json/run-and-signals", test_json_run_and_signals);
  g_test_add_func ("/chart/json/mdc-and-phases", test_json_mdc_and_phases);
  g_test_add_func ("/chart/json/nulls", test_json_nulls);

  return g_test_run ();
}
