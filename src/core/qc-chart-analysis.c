#include "qc-chart-analysis.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "qc-error.h"

/* Constants of qi-domain.md "Charts". */
#define D2          1.128   /* sigma = AMR / d2 */
#define D4          3.267   /* upper limit of a moving range, screening cut-off */
#define MDC_LIMIT   2.66    /* Making Data Count: the constant itself, not 3 / d2 */
#define IHI_SHIFT   6
#define IHI_TREND   5
#define MDC_SHIFT   7
#define MDC_TREND   7

/* Above these sizes the tail sums run in doubles, exact only near a tie. */
#define EXACT_BINOMIAL_MAX 20000
#define EXACT_RUNS_MAX     20000

/* ---- names -------------------------------------------------------------- */

static const char * const rules_names[QC_CHART_N_RULES] = { "anhoej", "ihi", "mdc" };
static const char * const direction_names[QC_CHART_N_DIRECTIONS] = { "increase", "decrease", "neutral" };
static const char * const signal_names[QC_CHART_N_SIGNALS] = {
  "outside-limits", "shift", "trend", "two-of-three", "astronomical",
};
static const char * const variation_names[QC_CHART_N_VARIATIONS] = {
  NULL, "common", "improvement", "concern", "neutral",
};
static const char * const assurance_names[QC_CHART_N_ASSURANCES] = {
  NULL, "passes", "fails", "inconsistent",
};

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *string,
             guint              *index)
{
  if (string == NULL)
    return FALSE;
  for (guint i = 0; i < n_names; i++)
    if (names[i] != NULL && strcmp (names[i], string) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

const char *
qc_chart_rules_to_string (QcChartRules rules)
{
  g_return_val_if_fail ((guint) rules < QC_CHART_N_RULES, NULL);
  return rules_names[rules];
}

gboolean
qc_chart_rules_from_string (const char   *string,
                            QcChartRules *rules)
{
  guint i;

  g_return_val_if_fail (rules != NULL, FALSE);
  if (!lookup_name (rules_names, QC_CHART_N_RULES, string, &i))
    return FALSE;
  *rules = (QcChartRules) i;
  return TRUE;
}

const char *
qc_chart_direction_to_string (QcChartDirection direction)
{
  g_return_val_if_fail ((guint) direction < QC_CHART_N_DIRECTIONS, NULL);
  return direction_names[direction];
}

gboolean
qc_chart_direction_from_string (const char       *string,
                                QcChartDirection *direction)
{
  guint i;

  g_return_val_if_fail (direction != NULL, FALSE);
  if (!lookup_name (direction_names, QC_CHART_N_DIRECTIONS, string, &i))
    return FALSE;
  *direction = (QcChartDirection) i;
  return TRUE;
}

const char *
qc_chart_signal_to_string (QcChartSignal signal)
{
  for (guint i = 0; i < QC_CHART_N_SIGNALS; i++)
    if (signal == (QcChartSignal) (1u << i))
      return signal_names[i];
  g_return_val_if_reached (NULL);
}

gboolean
qc_chart_signal_from_string (const char    *string,
                             QcChartSignal *signal)
{
  guint i;

  g_return_val_if_fail (signal != NULL, FALSE);
  if (!lookup_name (signal_names, QC_CHART_N_SIGNALS, string, &i))
    return FALSE;
  *signal = (QcChartSignal) (1u << i);
  return TRUE;
}

const char *
qc_chart_variation_to_string (QcChartVariation variation)
{
  g_return_val_if_fail ((guint) variation < QC_CHART_N_VARIATIONS, NULL);
  return variation_names[variation];
}

gboolean
qc_chart_variation_from_string (const char       *string,
                                QcChartVariation *variation)
{
  guint i;

  g_return_val_if_fail (variation != NULL, FALSE);
  if (!lookup_name (variation_names, QC_CHART_N_VARIATIONS, string, &i))
    return FALSE;
  *variation = (QcChartVariation) i;
  return TRUE;
}

const char *
qc_chart_assurance_to_string (QcChartAssurance assurance)
{
  g_return_val_if_fail ((guint) assurance < QC_CHART_N_ASSURANCES, NULL);
  return assurance_names[assurance];
}

gboolean
qc_chart_assurance_from_string (const char       *string,
                                QcChartAssurance *assurance)
{
  guint i;

  g_return_val_if_fail (assurance != NULL, FALSE);
  if (!lookup_name (assurance_names, QC_CHART_N_ASSURANCES, string, &i))
    return FALSE;
  *assurance = (QcChartAssurance) i;
  return TRUE;
}

/* ---- exact integers ----------------------------------------------------- */

/*
 * Just enough unsigned big-integer arithmetic to compare binomial and
 * runs-distribution tail sums with 0.05 and 0.025 exactly: probabilities
 * are count / total, so P <= 1/40 becomes 40 * count <= total.
 */
typedef struct
{
  guint32 *d;     /* little-endian limbs */
  gsize    len;   /* significant limbs; 0 for zero */
  gsize    cap;
} Big;

static void
big_reserve (Big   *b,
             gsize  cap)
{
  if (cap <= b->cap)
    return;
  b->cap = MAX (cap, b->cap * 2);
  b->d = g_renew (guint32, b->d, b->cap);
}

static void
big_set_u32 (Big     *b,
             guint32  v)
{
  big_reserve (b, 1);
  b->d[0] = v;
  b->len = v != 0 ? 1 : 0;
}

static void
big_set_pow2 (Big   *b,
              guint  bits)
{
  gsize limbs = bits / 32 + 1;

  big_reserve (b, limbs);
  memset (b->d, 0, limbs * sizeof (guint32));
  b->d[limbs - 1] = 1u << (bits % 32);
  b->len = limbs;
}

static void
big_clear (Big *b)
{
  g_clear_pointer (&b->d, g_free);
  b->len = b->cap = 0;
}

static void
big_copy (Big       *dst,
          const Big *src)
{
  big_reserve (dst, MAX (src->len, 1));
  if (src->len > 0)
    memcpy (dst->d, src->d, src->len * sizeof (guint32));
  dst->len = src->len;
}

static void
big_mul_small (Big     *b,
               guint32  m)
{
  guint64 carry = 0;

  if (m == 0)
    {
      b->len = 0;
      return;
    }
  for (gsize i = 0; i < b->len; i++)
    {
      guint64 t = (guint64) b->d[i] * m + carry;
      b->d[i] = (guint32) t;
      carry = t >> 32;
    }
  if (carry != 0)
    {
      big_reserve (b, b->len + 1);
      b->d[b->len++] = (guint32) carry;
    }
}

/* Only ever used where the quotient is an integer. */
static void
big_div_small (Big     *b,
               guint32  m)
{
  guint64 rem = 0;

  g_assert (m != 0);
  for (gsize i = b->len; i-- > 0;)
    {
      guint64 cur = (rem << 32) | b->d[i];
      b->d[i] = (guint32) (cur / m);
      rem = cur % m;
    }
  g_assert (rem == 0);
  while (b->len > 0 && b->d[b->len - 1] == 0)
    b->len--;
}

static void
big_add (Big       *a,
         const Big *b)
{
  guint64 carry = 0;
  gsize n = MAX (a->len, b->len);

  big_reserve (a, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      guint64 t = carry;

      if (i < a->len)
        t += a->d[i];
      if (i < b->len)
        t += b->d[i];
      a->d[i] = (guint32) t;
      carry = t >> 32;
    }
  a->len = n;
  if (carry != 0)
    a->d[a->len++] = (guint32) carry;
}

static int
big_cmp (const Big *a,
         const Big *b)
{
  if (a->len != b->len)
    return a->len < b->len ? -1 : 1;
  for (gsize i = a->len; i-- > 0;)
    if (a->d[i] != b->d[i])
      return a->d[i] < b->d[i] ? -1 : 1;
  return 0;
}

/* Compares fa * a with fb * b. */
static int
big_cmp_scaled (const Big *a,
                guint32    fa,
                const Big *b,
                guint32    fb,
                Big       *tmp_a,
                Big       *tmp_b)
{
  big_copy (tmp_a, a);
  big_mul_small (tmp_a, fa);
  big_copy (tmp_b, b);
  big_mul_small (tmp_b, fb);
  return big_cmp (tmp_a, tmp_b);
}

static double
lchoose (double n,
         double k)
{
  return lgamma (n + 1) - lgamma (k + 1) - lgamma (n - k + 1);
}

/* ---- Anhøj limits ------------------------------------------------------- */

guint
qc_chart_anhoej_longest_run_max (guint n_useful)
{
  if (n_useful == 0)
    return 0;
  /* log2(n) + 3 is never exactly x.5 for an integer n, so ties cannot occur. */
  return (guint) lround (log2 ((double) n_useful) + 3.0);
}

/* Smallest k with 20 * sum_{i<=k} C(m, i) >= 2^m. */
static guint
binomial_quantile_exact (guint m)
{
  Big term = { 0 }, sum = { 0 }, total = { 0 }, t1 = { 0 }, t2 = { 0 };
  guint k, result = m;

  big_set_u32 (&term, 1);
  big_set_u32 (&sum, 0);
  big_set_pow2 (&total, m);

  for (k = 0; k <= m; k++)
    {
      big_add (&sum, &term);
      if (big_cmp_scaled (&sum, 20, &total, 1, &t1, &t2) >= 0)
        {
          result = k;
          break;
        }
      if (k < m)
        {
          big_mul_small (&term, m - k);
          big_div_small (&term, k + 1);
        }
    }

  big_clear (&term);
  big_clear (&sum);
  big_clear (&total);
  big_clear (&t1);
  big_clear (&t2);
  return result;
}

guint
qc_chart_anhoej_crossings_min (guint n_useful)
{
  guint m;
  double cum = 0, lfull;

  if (n_useful <= 1)
    return 0;
  m = n_useful - 1;
  if (m <= EXACT_BINOMIAL_MAX)
    return binomial_quantile_exact (m);

  /* Large m: sum the lower tail in doubles and only redo a near tie exactly
   * (20 * sum = 2^m has no solution, but doubles could misjudge a close one). */
  lfull = m * log (2.0);
  for (guint k = 0; k <= m; k++)
    {
      cum += exp (lchoose (m, k) - lfull);
      if (fabs (cum - 0.05) < 1e-9)
        return binomial_quantile_exact (m);
      if (cum >= 0.05)
        return k;
    }
  return m;
}

/* ---- Swed–Eisenhart ----------------------------------------------------- */

/*
 * Runs distribution given n1 points above and n2 below (Swed & Eisenhart
 * 1943), with a = n1 - 1, b = n2 - 1 and total = C(n1 + n2, n1):
 *   P(R = 2k)     = 2 C(a, k-1) C(b, k-1) / total
 *   P(R = 2k + 1) = (C(a, k) C(b, k-1) + C(a, k-1) C(b, k)) / total
 * Too few runs: P(R <= r) < 0.025; too many: P(R >= r) < 0.025. Strictly
 * below, as the published tables have it: for n1 = 3, n2 = 14,
 * P(R <= 3) = 17/680 = 0.025 exactly and the tables do not reject 3 runs.
 */
static void
runs_limits_exact (guint  n1,
                   guint  n2,
                   guint  r_top,
                   guint *runs_min,
                   guint *runs_max)
{
  Big total = { 0 }, cum = { 0 }, p = { 0 }, x = { 0 }, y = { 0 }, term = { 0 };
  Big t1 = { 0 }, t2 = { 0 };
  gint64 a = (gint64) n1 - 1, b = (gint64) n2 - 1;
  guint n = n1 + n2, first_too_many = 0, min_found = 0;

  big_set_u32 (&total, 1);
  for (guint j = 0; j < n1; j++)
    {
      big_mul_small (&total, n - j);
      big_div_small (&total, j + 1);
    }
  big_set_u32 (&cum, 0);
  big_set_u32 (&p, 1);   /* C(a, k-1) C(b, k-1) for k = 1 */

  for (guint k = 1; 2 * k <= r_top; k++)
    {
      /* x = C(a, k) C(b, k-1), y = C(a, k-1) C(b, k); exact divisions */
      big_copy (&x, &p);
      big_mul_small (&x, (guint32) MAX (a - k + 1, 0));
      big_div_small (&x, k);
      big_copy (&y, &p);
      big_mul_small (&y, (guint32) MAX (b - k + 1, 0));
      big_div_small (&y, k);

      for (guint r = 2 * k; r <= 2 * k + 1 && r <= r_top; r++)
        {
          if (r % 2 == 0)
            {
              big_copy (&term, &p);
              big_mul_small (&term, 2);
            }
          else
            {
              big_copy (&term, &x);
              big_add (&term, &y);
            }

          /* too many: P(R >= r) = 1 - cum < 1/40  <=>  40 cum > 39 total */
          if (first_too_many == 0 && big_cmp_scaled (&cum, 40, &total, 39, &t1, &t2) > 0)
            first_too_many = r;
          big_add (&cum, &term);
          /* not too few: P(R <= r) = cum >= 1/40 */
          if (min_found == 0 && big_cmp_scaled (&cum, 40, &total, 1, &t1, &t2) >= 0)
            min_found = r;
        }

      /* next p = C(a, k) C(b, k) = x (b - k + 1) / k */
      big_copy (&p, &x);
      big_mul_small (&p, (guint32) MAX (b - k + 1, 0));
      big_div_small (&p, k);
    }

  *runs_min = min_found;
  *runs_max = first_too_many != 0 ? first_too_many - 1 : r_top;

  big_clear (&total);
  big_clear (&cum);
  big_clear (&p);
  big_clear (&x);
  big_clear (&y);
  big_clear (&term);
  big_clear (&t1);
  big_clear (&t2);
}

/* The same in doubles; FALSE when a tail sum comes too close to 0.025. */
static gboolean
runs_limits_double (guint  n1,
                    guint  n2,
                    guint  r_top,
                    guint *runs_min,
                    guint *runs_max)
{
  double a = (double) n1 - 1, b = (double) n2 - 1;
  double ltotal = lchoose (n1 + n2, n1), cum = 0;
  guint first_too_many = 0, min_found = 0;

  for (guint r = 2; r <= r_top; r++)
    {
      guint k = r / 2;
      double term;

      if (r % 2 == 0)
        term = 2 * exp (lchoose (a, k - 1) + lchoose (b, k - 1) - ltotal);
      else
        term = (k <= a ? exp (lchoose (a, k) + lchoose (b, k - 1) - ltotal) : 0) +
               (k <= b ? exp (lchoose (a, k - 1) + lchoose (b, k) - ltotal) : 0);

      if (fabs ((1 - cum) - 0.025) < 1e-9 || fabs ((cum + term) - 0.025) < 1e-9)
        return FALSE;
      if (first_too_many == 0 && 1 - cum < 0.025)
        first_too_many = r;
      cum += term;
      if (min_found == 0 && cum >= 0.025)
        min_found = r;
    }

  *runs_min = min_found;
  *runs_max = first_too_many != 0 ? first_too_many - 1 : r_top;
  return TRUE;
}

void
qc_chart_ihi_runs_limits (guint  n_above,
                          guint  n_below,
                          guint *runs_min,
                          guint *runs_max)
{
  guint r_top;

  g_return_if_fail (runs_min != NULL);
  g_return_if_fail (runs_max != NULL);

  /* All points on one side: exactly one run (none without points). */
  if (n_above == 0 || n_below == 0)
    {
      *runs_min = *runs_max = (n_above + n_below) > 0 ? 1 : 0;
      return;
    }

  r_top = n_above == n_below ? 2 * n_above : 2 * MIN (n_above, n_below) + 1;

  if ((guint64) n_above + n_below > EXACT_RUNS_MAX &&
      runs_limits_double (n_above, n_below, r_top, runs_min, runs_max))
    return;
  runs_limits_exact (n_above, n_below, r_top, runs_min, runs_max);
}

/* ---- helpers ------------------------------------------------------------ */

/*
 * Sign of y against a line, counting values within a few units in the last
 * place as on it: a mean such as (0.1 + 0.2 + 0.3) / 3 should equal 0.2.
 */
static int
side_of (double y,
         double line)
{
  double tol = 4 * DBL_EPSILON * MAX (fabs (y), fabs (line));

  if (y - line > tol)
    return 1;
  if (line - y > tol)
    return -1;
  return 0;
}

/* Neumaier's compensated sum, so means do not drift with long series. */
typedef struct
{
  double sum;
  double c;
} Sum;

static void
sum_add (Sum    *s,
         double  v)
{
  double t = s->sum + v;

  if (fabs (s->sum) >= fabs (v))
    s->c += (s->sum - t) + v;
  else
    s->c += (v - t) + s->sum;
  s->sum = t;
}

static double
sum_get (const Sum *s)
{
  return s->sum + s->c;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  const QcChartOptions *options;
  QcChartResult        *result;
  const QcChartSeries  *series;
  double               *y;        /* plotted values, NAN when missing */
  guint                *idx;      /* scratch: indices of present points */
  int                  *trend_dir;
} Analysis;

/* Average moving range of consecutive present points, screened once if asked. */
static double
phase_amr (const double *y,
           guint         first,
           guint         last,
           gboolean      screen)
{
  Sum all = { 0 }, kept = { 0 };
  guint n = 0, n_kept = 0;
  double amr, cut;

  for (guint i = first + 1; i <= last; i++)
    if (isfinite (y[i]) && isfinite (y[i - 1]))
      {
        sum_add (&all, fabs (y[i] - y[i - 1]));
        n++;
      }
  if (n == 0)
    return NAN;
  amr = sum_get (&all) / n;
  if (!screen)
    return amr;

  cut = D4 * amr;
  for (guint i = first + 1; i <= last; i++)
    if (isfinite (y[i]) && isfinite (y[i - 1]) && fabs (y[i] - y[i - 1]) < cut)
      {
        sum_add (&kept, fabs (y[i] - y[i - 1]));
        n_kept++;
      }
  /* All moving ranges zero: nothing is below the cut-off, so no limits. */
  if (n_kept == 0)
    return NAN;
  return sum_get (&kept) / n_kept;
}

static double
phase_centre (Analysis     *an,
              const guint  *idx,
              guint         m)
{
  const QcChartSeries *s = an->series;
  Sum sum = { 0 }, den = { 0 };

  if (m == 0)
    return NAN;

  switch (an->options->type)
    {
    case QC_CHART_TYPE_RUN:
      {
        g_autofree double *v = g_new (double, m);

        for (guint j = 0; j < m; j++)
          v[j] = an->y[idx[j]];
        qsort (v, m, sizeof (double), compare_doubles);
        return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
      }

    case QC_CHART_TYPE_P:
    case QC_CHART_TYPE_U:
      /* Pooled: sum of numerators over sum of denominators, not a mean of ratios. */
      for (guint j = 0; j < m; j++)
        {
          sum_add (&sum, s->values[idx[j]]);
          sum_add (&den, s->denominators[idx[j]]);
        }
      return sum_get (&sum) / sum_get (&den);

    case QC_CHART_TYPE_I:
    case QC_CHART_TYPE_MR:
    case QC_CHART_TYPE_C:
    default:
      for (guint j = 0; j < m; j++)
        sum_add (&sum, an->y[idx[j]]);
      return sum_get (&sum) / m;
    }
}

/* Centre line and limits of every point of one phase. */
static void
phase_limits (Analysis     *an,
              QcChartPhase *phase,
              const guint  *idx,
              guint         m)
{
  const QcChartOptions *o = an->options;
  const QcChartSeries *s = an->series;
  QcChartPoint *pts = an->result->points;
  double cl = phase_centre (an, idx, m);
  double amr = NAN;

  phase->centre = cl;
  phase->amr = NAN;
  if (!isfinite (cl))
    return;

  if (o->type == QC_CHART_TYPE_I)
    amr = phase_amr (an->y, phase->first, phase->last, o->screen);
  else if (o->type == QC_CHART_TYPE_MR)
    amr = cl;  /* the mr chart is never screened */
  phase->amr = amr;

  for (guint i = phase->first; i <= phase->last; i++)
    {
      QcChartPoint *pt = &pts[i];
      double d, sd;

      pt->cl = cl;
      switch (o->type)
        {
        case QC_CHART_TYPE_RUN:
          break;

        case QC_CHART_TYPE_I:
          if (!isfinite (amr))
            break;
          if (o->rules == QC_CHART_RULES_MDC)
            {
              pt->lcl = cl - MDC_LIMIT * amr;
              pt->ucl = cl + MDC_LIMIT * amr;
              pt->lower_near = cl - (2.0 / 3.0) * MDC_LIMIT * amr;
              pt->upper_near = cl + (2.0 / 3.0) * MDC_LIMIT * amr;
            }
          else
            {
              pt->lcl = cl - 3 * amr / D2;
              pt->ucl = cl + 3 * amr / D2;
            }
          break;

        case QC_CHART_TYPE_MR:
          pt->lcl = 0;
          pt->ucl = D4 * amr;
          break;

        case QC_CHART_TYPE_P:
          d = s->denominators[i];
          if (!isfinite (d) || d <= 0)
            break;
          sd = sqrt (cl * (1 - cl) / d);
          pt->lcl = MAX (0.0, cl - 3 * sd);
          pt->ucl = MIN (1.0, cl + 3 * sd);
          break;

        case QC_CHART_TYPE_U:
          d = s->denominators[i];
          if (!isfinite (d) || d <= 0)
            break;
          sd = sqrt (cl / d);
          pt->lcl = MAX (0.0, cl - 3 * sd);
          pt->ucl = cl + 3 * sd;
          break;

        case QC_CHART_TYPE_C:
          sd = sqrt (cl);
          pt->lcl = MAX (0.0, cl - 3 * sd);
          pt->ucl = cl + 3 * sd;
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static gboolean
is_outside (const QcChartPoint *pt)
{
  if (!isfinite (pt->y))
    return FALSE;
  return (isfinite (pt->ucl) && side_of (pt->y, pt->ucl) > 0) ||
         (isfinite (pt->lcl) && side_of (pt->y, pt->lcl) < 0);
}

/*
 * Runs around the centre line. Anhøj and IHI skip points on the line (they
 * neither break nor extend a run); Making Data Count lets them break a run.
 * Runs at least @flag_at long get the shift signal.
 */
static void
phase_runs (Analysis     *an,
            QcChartPhase *phase,
            const guint  *idx,
            guint         m,
            gboolean      on_line_breaks,
            guint         flag_at,
            QcChartRuns  *runs,
            guint        *n_above,
            guint        *n_below)
{
  QcChartPoint *pts = an->result->points;
  guint run_start = 0, run_len = 0;
  int run_sign = 0, last_sign = 0;

  memset (runs, 0, sizeof *runs);
  *n_above = *n_below = 0;

  for (guint j = 0; j <= m; j++)
    {
      int sign = j < m ? side_of (pts[idx[j]].y, phase->centre) : 0;
      gboolean ends = j == m || (sign != 0 && sign != run_sign) || (sign == 0 && on_line_breaks);

      if (j < m && sign == 0 && !on_line_breaks)
        continue;

      if (ends && run_len > 0)
        {
          runs->longest_run = MAX (runs->longest_run, run_len);
          if (flag_at > 0 && run_len >= flag_at)
            for (guint k = run_start; k < j; k++)
              if (side_of (pts[idx[k]].y, phase->centre) != 0)
                pts[idx[k]].signals |= QC_CHART_SIGNAL_SHIFT;
          run_len = 0;
          run_sign = 0;
        }
      if (j == m || sign == 0)
        continue;

      if (run_len == 0)
        {
          run_start = j;
          run_sign = sign;
        }
      run_len++;

      runs->n_useful++;
      if (sign > 0)
        (*n_above)++;
      else
        (*n_below)++;
      if (last_sign != 0 && sign != last_sign)
        runs->crossings++;
      last_sign = sign;
    }

  runs->valid = runs->n_useful > 0;
  runs->crossings_min = -1;
  runs->crossings_max = -1;
}

/* IHI trend: equal neighbours count once, so they neither break nor extend it. */
static void
phase_ihi_trend (Analysis    *an,
                 const guint *idx,
                 guint        m)
{
  QcChartPoint *pts = an->result->points;
  g_autofree guint *gstart = g_new (guint, m + 1);
  guint n_groups = 0;

  for (guint j = 0; j < m; j++)
    if (j == 0 || pts[idx[j]].y != pts[idx[j - 1]].y)
      gstart[n_groups++] = j;
  gstart[n_groups] = m;

  /* A maximal chain of groups g..h going one way; at least IHI_TREND groups. */
  for (guint g = 0; g + 1 < n_groups;)
    {
      gboolean up = pts[idx[gstart[g + 1]]].y > pts[idx[gstart[g]]].y;
      guint h = g + 1;

      while (h + 1 < n_groups &&
             (pts[idx[gstart[h + 1]]].y > pts[idx[gstart[h]]].y) == up)
        h++;
      if (h - g + 1 >= IHI_TREND)
        for (guint j = gstart[g]; j < gstart[h + 1]; j++)
          pts[idx[j]].signals |= QC_CHART_SIGNAL_TREND;
      g = h;  /* the turning group starts the next chain too */
    }
}

/* MDC trend: MDC_TREND points strictly rising (or falling); a tie breaks it. */
static void
phase_mdc_trend (Analysis    *an,
                 const guint *idx,
                 guint        m)
{
  QcChartPoint *pts = an->result->points;

  for (guint s = 0; s + 1 < m;)
    {
      double d = pts[idx[s + 1]].y - pts[idx[s]].y;
      int dir = (d > 0) - (d < 0);
      guint e = s + 1;

      if (dir == 0)
        {
          s++;
          continue;
        }
      while (e + 1 < m)
        {
          double d2 = pts[idx[e + 1]].y - pts[idx[e]].y;

          if (((d2 > 0) - (d2 < 0)) != dir)
            break;
          e++;
        }
      /* Points s..e; a later trend overwrites the turning point's direction. */
      if (e - s + 1 >= MDC_TREND)
        for (guint j = s; j <= e; j++)
          {
            pts[idx[j]].signals |= QC_CHART_SIGNAL_TREND;
            an->trend_dir[idx[j]] = dir;
          }
      s = e;
    }
}

/* Beyond the near-limit line on @side, but not outside the process limits. */
static gboolean
is_near_limit (const QcChartPoint *pt,
               int                 side)
{
  if (!isfinite (pt->upper_near) || is_outside (pt))
    return FALSE;
  if (side > 0)
    return side_of (pt->y, pt->upper_near) > 0;
  return side_of (pt->y, pt->lower_near) < 0;
}

static void
phase_mdc_two_of_three (Analysis     *an,
                        QcChartPhase *phase,
                        const guint  *idx,
                        guint         m)
{
  QcChartPoint *pts = an->result->points;

  for (guint j = 0; j + 2 < m; j++)
    {
      int side = side_of (pts[idx[j]].y, phase->centre);
      guint near = 0;

      if (side == 0 ||
          side_of (pts[idx[j + 1]].y, phase->centre) != side ||
          side_of (pts[idx[j + 2]].y, phase->centre) != side)
        continue;
      for (guint k = j; k < j + 3; k++)
        near += is_near_limit (&pts[idx[k]], side);
      if (near >= 2)
        for (guint k = j; k < j + 3; k++)
          if (is_near_limit (&pts[idx[k]], side))
            pts[idx[k]].signals |= QC_CHART_SIGNAL_TWO_OF_THREE;
    }
}

/* The first rule in qi-domain.md's order decides; its side or direction and
 * the better direction give the variation. */
static QcChartVariation
mdc_variation (Analysis           *an,
               guint               i,
               const QcChartPhase *phase)
{
  const QcChartPoint *pt = &an->result->points[i];
  int dir;

  if (!isfinite (pt->y))
    return QC_CHART_VARIATION_NONE;

  if (pt->signals & QC_CHART_SIGNAL_OUTSIDE_LIMITS)
    dir = isfinite (pt->ucl) && side_of (pt->y, pt->ucl) > 0 ? 1 : -1;
  else if (pt->signals & QC_CHART_SIGNAL_TREND)
    dir = an->trend_dir[i];
  else if (pt->signals & (QC_CHART_SIGNAL_TWO_OF_THREE | QC_CHART_SIGNAL_SHIFT))
    dir = side_of (pt->y, phase->centre);
  else
    return QC_CHART_VARIATION_COMMON;

  switch (an->options->direction)
    {
    case QC_CHART_DIRECTION_INCREASE:
      return dir > 0 ? QC_CHART_VARIATION_IMPROVEMENT : QC_CHART_VARIATION_CONCERN;
    case QC_CHART_DIRECTION_DECREASE:
      return dir < 0 ? QC_CHART_VARIATION_IMPROVEMENT : QC_CHART_VARIATION_CONCERN;
    case QC_CHART_DIRECTION_NEUTRAL:
    default:
      return QC_CHART_VARIATION_NEUTRAL;
    }
}

/* IHI on a run chart: "astronomical" needs a yardstick, so use the limits an
 * i chart of the same phase would have (docs/charts.md). */
static void
phase_run_astronomical (Analysis     *an,
                        QcChartPhase *phase,
                        const guint  *idx,
                        guint         m)
{
  QcChartPoint *pts = an->result->points;
  Sum sum = { 0 };
  double mean, amr, lo, hi;

  if (m == 0)
    return;
  amr = phase_amr (an->y, phase->first, phase->last, an->options->screen);
  phase->amr = amr;
  if (!isfinite (amr))
    return;
  for (guint j = 0; j < m; j++)
    sum_add (&sum, pts[idx[j]].y);
  mean = sum_get (&sum) / m;
  lo = mean - 3 * amr / D2;
  hi = mean + 3 * amr / D2;
  for (guint j = 0; j < m; j++)
    if (side_of (pts[idx[j]].y, hi) > 0 || side_of (pts[idx[j]].y, lo) < 0)
      pts[idx[j]].signals |= QC_CHART_SIGNAL_ASTRONOMICAL;
}

static void
analyse_phase (Analysis     *an,
               QcChartPhase *phase)
{
  const QcChartOptions *o = an->options;
  QcChartPoint *pts = an->result->points;
  guint *idx = an->idx;
  guint m = 0, n_above, n_below;
  QcChartRuns *runs = &phase->runs;

  for (guint i = phase->first; i <= phase->last; i++)
    if (isfinite (an->y[i]))
      idx[m++] = i;
  phase->n = m;

  phase_limits (an, phase, idx, m);

  for (guint j = 0; j < m; j++)
    if (is_outside (&pts[idx[j]]))
      pts[idx[j]].signals |= QC_CHART_SIGNAL_OUTSIDE_LIMITS;

  if (o->type == QC_CHART_TYPE_MR)
    {
      /* qi-domain.md: an mr chart has no runs signal. */
      memset (runs, 0, sizeof *runs);
      runs->crossings_min = runs->crossings_max = -1;
      if (o->rules == QC_CHART_RULES_IHI)
        for (guint j = 0; j < m; j++)
          if (pts[idx[j]].signals & QC_CHART_SIGNAL_OUTSIDE_LIMITS)
            pts[idx[j]].signals |= QC_CHART_SIGNAL_ASTRONOMICAL;
      return;
    }

  switch (o->rules)
    {
    case QC_CHART_RULES_ANHOEJ:
      {
        guint max;

        /* First count useful points, then flag runs longer than the limit. */
        phase_runs (an, phase, idx, m, FALSE, 0, runs, &n_above, &n_below);
        if (!runs->valid)
          break;
        max = qc_chart_anhoej_longest_run_max (runs->n_useful);
        if (runs->longest_run > max)
          phase_runs (an, phase, idx, m, FALSE, max + 1, runs, &n_above, &n_below);
        runs->longest_run_max = max;
        runs->crossings_min = (gint) qc_chart_anhoej_crossings_min (runs->n_useful);
        runs->signal = runs->longest_run > max || (gint) runs->crossings < runs->crossings_min;
      }
      break;

    case QC_CHART_RULES_IHI:
      {
        guint runs_min, runs_max;

        phase_runs (an, phase, idx, m, FALSE, IHI_SHIFT, runs, &n_above, &n_below);
        phase_ihi_trend (an, idx, m);
        if (o->type == QC_CHART_TYPE_RUN)
          phase_run_astronomical (an, phase, idx, m);
        else
          for (guint j = 0; j < m; j++)
            if (pts[idx[j]].signals & QC_CHART_SIGNAL_OUTSIDE_LIMITS)
              pts[idx[j]].signals |= QC_CHART_SIGNAL_ASTRONOMICAL;
        if (!runs->valid)
          break;
        qc_chart_ihi_runs_limits (n_above, n_below, &runs_min, &runs_max);
        runs->longest_run_max = IHI_SHIFT - 1;
        runs->crossings_min = (gint) runs_min - 1;
        runs->crossings_max = (gint) runs_max - 1;
        runs->signal = runs->longest_run >= IHI_SHIFT ||
                       runs->crossings + 1 < runs_min ||
                       runs->crossings + 1 > runs_max;
      }
      break;

    case QC_CHART_RULES_MDC:
      phase_runs (an, phase, idx, m, TRUE, MDC_SHIFT, runs, &n_above, &n_below);
      phase_mdc_trend (an, idx, m);
      phase_mdc_two_of_three (an, phase, idx, m);
      phase->trial_limits = m < QC_CHART_MDC_MIN_POINTS;
      if (runs->valid)
        {
          runs->longest_run_max = MDC_SHIFT - 1;
          runs->signal = runs->longest_run >= MDC_SHIFT;
        }
      for (guint j = 0; j < m; j++)
        pts[idx[j]].variation = mdc_variation (an, idx[j], phase);
      break;

    default:
      g_assert_not_reached ();
    }

  if (!runs->valid)
    {
      memset (runs, 0, sizeof *runs);
      runs->crossings_min = runs->crossings_max = -1;
    }
}

static QcChartAssurance
mdc_assurance (const QcChartResult *result)
{
  const QcChartPoint *pt;
  gboolean increase;

  if (!isfinite (result->target) || result->n_phases == 0 ||
      result->direction == QC_CHART_DIRECTION_NEUTRAL)
    return QC_CHART_ASSURANCE_NONE;

  /* The limits of the last phase are the current process's. */
  pt = &result->points[result->phases[result->n_phases - 1].last];
  if (!isfinite (pt->lcl) || !isfinite (pt->ucl))
    return QC_CHART_ASSURANCE_NONE;

  increase = result->direction == QC_CHART_DIRECTION_INCREASE;
  if (side_of (result->target, pt->ucl) > 0)
    return increase ? QC_CHART_ASSURANCE_FAILS : QC_CHART_ASSURANCE_PASSES;
  if (side_of (result->target, pt->lcl) < 0)
    return increase ? QC_CHART_ASSURANCE_PASSES : QC_CHART_ASSURANCE_FAILS;
  return QC_CHART_ASSURANCE_INCONSISTENT;
}

/* ---- public ------------------------------------------------------------- */

void
qc_chart_options_init (QcChartOptions *options,
                       QcChartType     type)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->type = type;
  options->rules = QC_CHART_RULES_ANHOEJ;
  options->direction = QC_CHART_DIRECTION_INCREASE;
  options->screen = TRUE;
  options->target = NAN;
  options->phase_starts = NULL;
  options->n_phase_starts = 0;
}

void
qc_chart_result_free (QcChartResult *result)
{
  if (result == NULL)
    return;
  g_free (result->points);
  g_free (result->phases);
  g_strfreev (result->dates);
  g_free (result);
}

guint *
qc_chart_result_sigma_signal (const QcChartResult *result,
                              guint               *n_indices)
{
  guint *out, n = 0;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (n_indices != NULL, NULL);

  out = g_new (guint, result->n_points + 1);
  for (guint i = 0; i < result->n_points; i++)
    if (result->points[i].signals & QC_CHART_SIGNAL_OUTSIDE_LIMITS)
      out[n++] = i;
  *n_indices = n;
  return out;
}

static int
compare_uints (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

/* Phase starts as qicharts2 takes them: sorted, once each, 0 and indices
 * past the end ignored. Returns the starts, the first being 0. */
static guint *
normalise_phases (const QcChartOptions *options,
                  guint                 len,
                  guint                *n_phases)
{
  guint *starts = g_new (guint, options->n_phase_starts + 1);
  guint n = 0;

  starts[n++] = 0;
  for (guint i = 0; i < options->n_phase_starts; i++)
    if (options->phase_starts[i] > 0 && options->phase_starts[i] < len)
      starts[n++] = options->phase_starts[i];
  qsort (starts, n, sizeof (guint), compare_uints);

  *n_phases = 0;
  for (guint i = 0; i < n; i++)
    if (i == 0 || starts[i] != starts[*n_phases - 1])
      starts[(*n_phases)++] = starts[i];
  return starts;
}

QcChartResult *
qc_chart_analyse (const QcChartSeries  *series,
                  const QcChartOptions *options,
                  GError              **error)
{
  g_autoptr(QcChartResult) result = NULL;
  g_autofree guint *starts = NULL;
  g_autofree double *y = NULL;
  g_autofree guint *idx = NULL;
  g_autofree int *trend_dir = NULL;
  gboolean has_den;
  Analysis an = { 0 };
  guint len, n_phases = 0;

  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail ((guint) options->type < QC_CHART_N_TYPES, NULL);
  g_return_val_if_fail ((guint) options->rules < QC_CHART_N_RULES, NULL);
  g_return_val_if_fail ((guint) options->direction < QC_CHART_N_DIRECTIONS, NULL);
  g_return_val_if_fail (options->n_phase_starts == 0 || options->phase_starts != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  has_den = series->denominators != NULL;
  if (qc_chart_type_needs_denominators (options->type) && !has_den)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("Chart type %s needs a numerator and a denominator for each point"),
                   qc_chart_type_to_string (options->type));
      return NULL;
    }
  if (!qc_chart_type_allows_denominators (options->type) && has_den)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("Chart type %s takes one value per point, not a numerator and a denominator"),
                   qc_chart_type_to_string (options->type));
      return NULL;
    }
  if (options->rules == QC_CHART_RULES_MDC && options->type != QC_CHART_TYPE_I)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("The Making Data Count rules apply to i charts only, not to chart type %s"),
                   qc_chart_type_to_string (options->type));
      return NULL;
    }

  len = series->len;
  result = g_new0 (QcChartResult, 1);
  result->type = options->type;
  result->rules = options->rules;
  result->direction = options->direction;
  result->screen = options->screen;
  result->target = isfinite (options->target) ? options->target : NAN;
  result->dates = g_new0 (gchar *, len + 1);
  result->n_points = len;
  result->points = g_new0 (QcChartPoint, MAX (len, 1));

  /* Plotted values. */
  y = g_new (double, MAX (len, 1));
  for (guint i = 0; i < len; i++)
    y[i] = qc_chart_series_get_y (series, i);

  starts = normalise_phases (options, len, &n_phases);
  if (len == 0)
    n_phases = 0;
  result->n_phases = n_phases;
  result->phases = g_new0 (QcChartPhase, MAX (n_phases, 1));
  for (guint k = 0; k < n_phases; k++)
    {
      result->phases[k].first = starts[k];
      result->phases[k].last = k + 1 < n_phases ? starts[k + 1] - 1 : len - 1;
    }

  /* An mr chart plots moving ranges within a phase; the first point of each
   * phase, and a point after a gap, has none. */
  if (options->type == QC_CHART_TYPE_MR)
    {
      g_autofree double *mr = g_new (double, MAX (len, 1));

      for (guint k = 0; k < n_phases; k++)
        {
          const QcChartPhase *ph = &result->phases[k];

          mr[ph->first] = NAN;
          for (guint i = ph->first + 1; i <= ph->last; i++)
            mr[i] = isfinite (y[i]) && isfinite (y[i - 1]) ? fabs (y[i] - y[i - 1]) : NAN;
        }
      memcpy (y, mr, len * sizeof (double));
    }

  for (guint k = 0; k < n_phases; k++)
    for (guint i = result->phases[k].first; i <= result->phases[k].last; i++)
      result->points[i].phase = k;

  for (guint i = 0; i < len; i++)
    {
      QcChartPoint *pt = &result->points[i];

      result->dates[i] = g_strdup (series->dates[i] != NULL ? series->dates[i] : "");
      pt->date = result->dates[i];
      pt->y = y[i];
      pt->cl = pt->lcl = pt->ucl = NAN;
      pt->lower_near = pt->upper_near = NAN;
      pt->signals = QC_CHART_SIGNAL_NONE;
      pt->variation = QC_CHART_VARIATION_NONE;
      if (isfinite (y[i]))
        result->n++;
    }

  idx = g_new (guint, MAX (len, 1));
  trend_dir = g_new0 (int, MAX (len, 1));
  an.options = options;
  an.result = result;
  an.series = series;
  an.y = y;
  an.idx = idx;
  an.trend_dir = trend_dir;

  for (guint k = 0; k < n_phases; k++)
    analyse_phase (&an, &result->phases[k]);

  if (n_phases > 0)
    result->runs = result->phases[n_phases - 1].runs;
  else
    result->runs.crossings_min = result->runs.crossings_max = -1;

  if (options->rules == QC_CHART_RULES_MDC)
    {
      result->assurance = mdc_assurance (result);
      result->trial_limits = n_phases > 0 && result->phases[n_phases - 1].trial_limits;
    }

  return g_steal_pointer (&result);
}
