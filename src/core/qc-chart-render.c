#include "config.h"

#include "qc-chart-render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "qc-error.h"

/* ---- colours: the NHS "Making Data Count" palette ------------------------ */

typedef struct
{
  double r, g, b;
} Rgb;

#define HEX(h) { (((h) >> 16) & 0xff) / 255.0, (((h) >> 8) & 0xff) / 255.0, ((h) & 0xff) / 255.0 }

static const Rgb C_WHITE       = HEX (0xFFFFFF);
static const Rgb C_TEXT        = HEX (0x231F20);
static const Rgb C_TEXT_SOFT   = HEX (0x425563);
static const Rgb C_AXIS        = HEX (0x768692);
static const Rgb C_GRID        = HEX (0xE8EDEE);
static const Rgb C_LINE        = HEX (0x9AA0A6);
static const Rgb C_COMMON      = HEX (0x7B7D7D);
static const Rgb C_IMPROVEMENT = HEX (0x289DE0);
static const Rgb C_CONCERN     = HEX (0xFAB428);
static const Rgb C_CONCERN_EDGE = HEX (0xB87A00);
static const Rgb C_NEUTRAL     = HEX (0x490092);
static const Rgb C_CENTRE      = HEX (0x231F20);
static const Rgb C_RUNS_SIGNAL = HEX (0xD5281B);
static const Rgb C_LIMIT       = HEX (0x5C6670);
static const Rgb C_NEAR        = HEX (0xAEB7BD);
static const Rgb C_TARGET      = HEX (0x007F3B);
static const Rgb C_PDSA        = HEX (0x330072);
static const Rgb C_NOTE        = HEX (0x425563);
static const Rgb C_PHASE       = HEX (0x768692);

#define FONT_FAMILY "Cantarell, DejaVu Sans, sans-serif"

/* Files: below this a chart cannot be read, above it a PNG is too big. */
#define MIN_FILE_SIZE 100
#define MAX_FILE_SIZE 10000

/* Fewer values than this in a control chart's phase: trial limits. */
#define TRIAL_LIMIT_POINTS 13

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static void
set_rgba (cairo_t   *cr,
          const Rgb *c,
          double     alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

/* ---- formats -------------------------------------------------------------- */

static const char * const format_names[QC_CHART_N_FORMATS] = { "png", "svg", "pdf" };

const char *
qc_chart_format_to_string (QcChartFormat format)
{
  g_return_val_if_fail ((guint) format < QC_CHART_N_FORMATS, NULL);
  return format_names[format];
}

gboolean
qc_chart_format_from_string (const char    *string,
                             QcChartFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; string != NULL && i < QC_CHART_N_FORMATS; i++)
    if (g_ascii_strcasecmp (string, format_names[i]) == 0)
      {
        *format = (QcChartFormat) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
qc_chart_format_from_path (const char    *path,
                           QcChartFormat *format)
{
  const char *dot;

  g_return_val_if_fail (format != NULL, FALSE);

  if (path == NULL)
    return FALSE;
  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;
  return qc_chart_format_from_string (dot + 1, format);
}

void
qc_chart_format_default_size (QcChartFormat  format,
                              double        *width,
                              double        *height)
{
  if (format == QC_CHART_FORMAT_PDF)
    {
      *width = 842;
      *height = 595;
    }
  else
    {
      *width = 1280;
      *height = 800;
    }
}

/* ---- the renderer --------------------------------------------------------- */

typedef enum
{
  LEGEND_COMMON,
  LEGEND_IMPROVEMENT,
  LEGEND_CONCERN,
  LEGEND_NEUTRAL,
  LEGEND_CENTRE,
  LEGEND_RUNS_SIGNAL,
  LEGEND_LIMITS,
  LEGEND_NEAR,
  LEGEND_TARGET,
  LEGEND_PDSA,
  LEGEND_NOTE,
  N_LEGEND,
} LegendItem;

typedef struct
{
  guint       index;      /* the point */
  gboolean    pdsa;       /* a PDSA flag, else a note */
  const char *text;
  double      text_w;     /* as drawn, after ellipsizing */
  int         row;        /* -1: no room in any row */
  gboolean    labelled;   /* its label fitted beside it */
  gboolean    left;       /* label to the left of the mark */
} Annotation;

typedef struct
{
  const char *text;
  double      value;
  const Rgb  *colour;
  double      y;          /* where its label is drawn, after spreading */
} ValueLabel;

typedef struct
{
  gboolean            valid;
  double              width;
  double              height;
  QcChartRenderFlags  flags;

  double              font;       /* base text size, user units */
  double              pad;

  /* title block */
  double              title_h;
  double              def_h;
  double              title_w;
  double              icon_d;     /* 0: no icons */
  guint               n_icons;
  double              header_h;

  /* annotations */
  double              band_y;
  double              row_h;
  guint               n_rows;
  GArray             *annotations;

  /* plot */
  double              px, py, pw, ph;
  double              dx;
  gboolean            limits_band; /* dense stepped limits drawn as a band */
  double              ymin, ymax, ystep;
  int                 decimals;   /* of the tick labels */
  double              left_w;     /* tick labels */
  guint               label_step; /* an x label every label_step points */

  /* right-hand value labels */
  ValueLabel          values[4];
  guint               n_values;
  double              values_w;

  /* legend and notes */
  gboolean            legend[N_LEGEND];
  double              legend_y;
  double              legend_h;
  double              footer_y;
  GPtrArray          *footer;     /* strings */
} Layout;

struct _QcChartRender
{
  QcMeasureChart *chart;
  QcChartResult  *result;
  QcChartMark    *marks;
  int            *dirs;       /* +1 high, -1 low, 0 none: side or trend direction */
  guint          *run_len;    /* length of the run a point is in, 0 if none */
  guint          *trend_len;  /* length of the trend a point is in, 0 if none */
  gboolean        percent;    /* a p chart: values shown as percentages */
  double          ylo, yhi;   /* the data's range, before ticks */
  Layout          layout;     /* of the last drawing */
};

static gboolean
uses_control_limits (QcChartType type)
{
  return type != QC_CHART_TYPE_RUN;
}

static const char *
centre_name (const QcChartResult *result)
{
  switch (result->type)
    {
    case QC_CHART_TYPE_RUN:
      return _("Median");
    case QC_CHART_TYPE_P:
      return _("Mean proportion");
    case QC_CHART_TYPE_U:
      return _("Mean rate");
    case QC_CHART_TYPE_I:
    case QC_CHART_TYPE_MR:
    case QC_CHART_TYPE_C:
    default:
      return _("Mean");
    }
}

static const char *
chart_type_name (QcChartType type)
{
  switch (type)
    {
    case QC_CHART_TYPE_RUN:
      return _("Run chart");
    case QC_CHART_TYPE_I:
      return _("I chart (XmR)");
    case QC_CHART_TYPE_MR:
      return _("Moving range chart");
    case QC_CHART_TYPE_P:
      return _("P chart (proportions)");
    case QC_CHART_TYPE_U:
      return _("U chart (rates)");
    case QC_CHART_TYPE_C:
      return _("C chart (counts)");
    default:
      return "";
    }
}

static const char *
rules_name (QcChartRules rules)
{
  switch (rules)
    {
    case QC_CHART_RULES_ANHOEJ:
      return _("Anhøj rules");
    case QC_CHART_RULES_IHI:
      return _("IHI rules");
    case QC_CHART_RULES_MDC:
      return _("Making Data Count rules");
    default:
      return "";
    }
}

/* The present points of one phase, in order. */
static guint
phase_present (const QcChartResult *result,
               const QcChartPhase  *phase,
               guint               *idx)
{
  guint m = 0;

  for (guint i = phase->first; i <= phase->last; i++)
    if (isfinite (result->points[i].y))
      idx[m++] = i;
  return m;
}

static int
sign_of (double d)
{
  return (d > 0) - (d < 0);
}

/* Lines the run rules look at: a value within a few ulps counts as on it. */
static int
side_of (double y,
         double line)
{
  double tol = 4 * DBL_EPSILON * MAX (fabs (y), fabs (line));

  if (!isfinite (y) || !isfinite (line))
    return 0;
  if (y - line > tol)
    return 1;
  if (line - y > tol)
    return -1;
  return 0;
}

/* Run lengths, trend lengths and the side or direction of each point's
 * signal, which the analysis result does not keep but the drawing and the
 * words need. */
static void
compute_point_details (QcChartRender *self)
{
  const QcChartResult *r = self->result;
  gboolean mdc = r->rules == QC_CHART_RULES_MDC;
  g_autofree guint *idx = g_new (guint, MAX (r->n_points, 1));

  for (guint k = 0; k < r->n_phases; k++)
    {
      const QcChartPhase *phase = &r->phases[k];
      guint m = phase_present (r, phase, idx);
      guint start = 0, len = 0;
      int run_side = 0;

      /* Runs on one side of the centre line. Anhøj and IHI skip points on
       * the line; Making Data Count lets them break a run. */
      for (guint j = 0; j <= m; j++)
        {
          int side = j < m ? side_of (r->points[idx[j]].y, phase->centre) : 0;

          if (j < m && side == 0 && !mdc)
            continue;
          if (j == m || side != run_side)
            {
              for (guint q = start; q < j; q++)
                if (side_of (r->points[idx[q]].y, phase->centre) != 0)
                  self->run_len[idx[q]] = len;
              start = j;
              len = 0;
              run_side = side;
            }
          if (side != 0)
            len++;
        }

      /* Trends: a stretch of flagged points going one way. */
      for (guint j = 0; j < m; j++)
        {
          guint i = idx[j], a = j, b = j;
          int dir = 0;

          if (!(r->points[i].signals & QC_CHART_SIGNAL_TREND))
            continue;
          /* The direction at this point: towards the next flagged one,
           * else from the previous one; equal values look further. */
          for (guint q = j; q + 1 < m && dir == 0 && (r->points[idx[q + 1]].signals & QC_CHART_SIGNAL_TREND); q++)
            dir = sign_of (r->points[idx[q + 1]].y - r->points[idx[q]].y);
          for (guint q = j; q > 0 && dir == 0 && (r->points[idx[q - 1]].signals & QC_CHART_SIGNAL_TREND); q--)
            dir = sign_of (r->points[idx[q]].y - r->points[idx[q - 1]].y);
          while (b + 1 < m && (r->points[idx[b + 1]].signals & QC_CHART_SIGNAL_TREND))
            {
              int s = sign_of (r->points[idx[b + 1]].y - r->points[idx[b]].y);
              if (s != 0 && s != dir)
                break;
              b++;
            }
          while (a > 0 && (r->points[idx[a - 1]].signals & QC_CHART_SIGNAL_TREND))
            {
              int s = sign_of (r->points[idx[a]].y - r->points[idx[a - 1]].y);
              if (s != 0 && s != dir)
                break;
              a--;
            }
          self->trend_len[i] = b - a + 1;
          self->dirs[i] = dir;
        }
    }

  for (guint i = 0; i < r->n_points; i++)
    {
      const QcChartPoint *pt = &r->points[i];
      QcChartMark mark;
      int dir;

      if (!isfinite (pt->y))
        {
          self->marks[i] = QC_CHART_MARK_NONE;
          self->dirs[i] = 0;
          continue;
        }

      /* The side or direction of the first rule that applies, in the
       * order Making Data Count takes them. */
      if (pt->signals & QC_CHART_SIGNAL_OUTSIDE_LIMITS)
        dir = isfinite (pt->ucl) && pt->y > pt->ucl ? 1 : -1;
      else if ((pt->signals & QC_CHART_SIGNAL_TREND) && self->dirs[i] != 0)
        dir = self->dirs[i];
      else
        dir = side_of (pt->y, pt->cl);
      self->dirs[i] = dir;

      if (mdc)
        {
          switch (pt->variation)
            {
            case QC_CHART_VARIATION_IMPROVEMENT:
              mark = QC_CHART_MARK_IMPROVEMENT;
              break;
            case QC_CHART_VARIATION_CONCERN:
              mark = QC_CHART_MARK_CONCERN;
              break;
            case QC_CHART_VARIATION_NEUTRAL:
              mark = QC_CHART_MARK_NEUTRAL;
              break;
            case QC_CHART_VARIATION_COMMON:
            case QC_CHART_VARIATION_NONE:
            default:
              mark = QC_CHART_MARK_COMMON;
              break;
            }
        }
      else if (pt->signals == QC_CHART_SIGNAL_NONE)
        mark = QC_CHART_MARK_COMMON;
      else if (r->direction == QC_CHART_DIRECTION_NEUTRAL || dir == 0)
        mark = QC_CHART_MARK_NEUTRAL;
      else if ((dir > 0) == (r->direction == QC_CHART_DIRECTION_INCREASE))
        mark = QC_CHART_MARK_IMPROVEMENT;
      else
        mark = QC_CHART_MARK_CONCERN;
      self->marks[i] = mark;
    }
}

QcChartRender *
qc_chart_render_new (QcMeasureChart  *chart,
                     GError         **error)
{
  g_autoptr(QcChartRender) self = NULL;
  const QcChartResult *r;
  guint n;

  g_return_val_if_fail (chart != NULL, NULL);

  self = g_new0 (QcChartRender, 1);
  self->chart = chart;
  self->result = qc_chart_analyse (chart->series, &chart->options, error);
  if (self->result == NULL)
    return NULL;
  r = self->result;
  n = MAX (r->n_points, 1);
  self->marks = g_new0 (QcChartMark, n);
  self->dirs = g_new0 (int, n);
  self->run_len = g_new0 (guint, n);
  self->trend_len = g_new0 (guint, n);
  self->percent = r->type == QC_CHART_TYPE_P;
  compute_point_details (self);

  /* The range every line and point needs. */
  self->ylo = INFINITY;
  self->yhi = -INFINITY;
  for (guint i = 0; i < r->n_points; i++)
    {
      const QcChartPoint *pt = &r->points[i];
      const double v[] = { pt->y, pt->cl, pt->lcl, pt->ucl, pt->lower_near, pt->upper_near };

      for (guint j = 0; j < G_N_ELEMENTS (v); j++)
        if (isfinite (v[j]))
          {
            self->ylo = MIN (self->ylo, v[j]);
            self->yhi = MAX (self->yhi, v[j]);
          }
    }
  if (isfinite (r->target))
    {
      self->ylo = MIN (self->ylo, r->target);
      self->yhi = MAX (self->yhi, r->target);
    }
  if (!isfinite (self->ylo))
    {
      self->ylo = 0;
      self->yhi = 1;
    }

  return g_steal_pointer (&self);
}

static void
layout_clear (Layout *l)
{
  g_clear_pointer (&l->annotations, g_array_unref);
  g_clear_pointer (&l->footer, g_ptr_array_unref);
  memset (l, 0, sizeof *l);
}

void
qc_chart_render_free (QcChartRender *self)
{
  if (self == NULL)
    return;
  layout_clear (&self->layout);
  qc_chart_result_free (self->result);
  qc_measure_chart_free (self->chart);
  g_free (self->marks);
  g_free (self->dirs);
  g_free (self->run_len);
  g_free (self->trend_len);
  g_free (self);
}

const QcMeasureChart *
qc_chart_render_get_chart (QcChartRender *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->chart;
}

const QcChartResult *
qc_chart_render_get_result (QcChartRender *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->result;
}

QcChartMark
qc_chart_render_point_mark (QcChartRender *self,
                            guint          index)
{
  g_return_val_if_fail (self != NULL, QC_CHART_MARK_NONE);
  g_return_val_if_fail (index < self->result->n_points, QC_CHART_MARK_NONE);
  return self->marks[index];
}

/* ---- numbers and dates ---------------------------------------------------- */

/* Decimals that show @step exactly (up to 6). */
static int
decimals_for_step (double step)
{
  int d = 0;

  while (d < 6 && fabs (step * pow (10, d) - round (step * pow (10, d))) > 1e-6 * pow (10, d))
    d++;
  return d;
}

static char *
format_number (double   v,
               int      decimals,
               gboolean percent)
{
  if (!isfinite (v))
    return g_strdup ("–");
  if (v == 0)
    v = 0;  /* no "-0" */
  if (percent)
    return g_strdup_printf ("%.*f%%", MAX (decimals - 2, 0), v * 100);
  return g_strdup_printf ("%.*f", decimals, v);
}

/* Values carry one more decimal than the axis ticks, and enough to tell a
 * small proportion from zero. */
static int
value_decimals (QcChartRender *self)
{
  double range = self->yhi - self->ylo;
  int d;

  if (range <= 0 || !isfinite (range))
    range = fabs (self->yhi) > 0 ? fabs (self->yhi) : 1;
  d = (int) ceil (-log10 (range)) + 2;
  if (self->percent)
    d = MAX (d, 3);   /* 45.2% */
  return CLAMP (d, 0, 6);
}

static char *
format_value (QcChartRender *self,
              double         v)
{
  return format_number (v, value_decimals (self), self->percent);
}

static gboolean
parse_iso_date (const char *text,
                GDate      *date)
{
  guint y, m, d;
  char tail;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static char *
format_date (const char *text,
             gboolean    monthly)
{
  GDate date;
  char buf[64];

  if (!parse_iso_date (text, &date))
    return g_strdup (text != NULL ? text : "");
  /* Translators: strftime formats of dates on a chart's axis: a month
   * ("Jan 2026") and a day ("5 Jan 2026") */
  if (g_date_strftime (buf, sizeof buf, monthly ? _("%b %Y") : _("%-d %b %Y"), &date) == 0)
    return g_strdup (text);
  return g_strdup (buf);
}

/* All dates on the first of a month: a monthly measure. */
static gboolean
dates_are_monthly (const QcChartResult *r)
{
  if (r->n_points == 0)
    return FALSE;
  for (guint i = 0; i < r->n_points; i++)
    {
      GDate date;

      if (!parse_iso_date (r->points[i].date, &date) || g_date_get_day (&date) != 1)
        return FALSE;
    }
  return TRUE;
}

static double
nice_step (double range,
           double n)
{
  double raw = range / MAX (n, 1), mag, frac;

  if (!(raw > 0) || !isfinite (raw))
    return 1;
  mag = pow (10, floor (log10 (raw)));
  frac = raw / mag;
  if (frac <= 1)
    return mag;
  if (frac <= 2)
    return 2 * mag;
  if (frac <= 2.5)
    return 2.5 * mag;
  if (frac <= 5)
    return 5 * mag;
  return 10 * mag;
}

/* ---- text ----------------------------------------------------------------- */

typedef struct
{
  cairo_t     *cr;
  PangoLayout *layout;
} Text;

static void
text_init (Text    *t,
           cairo_t *cr)
{
  t->cr = cr;
  t->layout = pango_cairo_create_layout (cr);
}

static void
text_clear (Text *t)
{
  g_clear_object (&t->layout);
}

enum
{
  T_PLAIN  = 0,
  T_BOLD   = 1 << 0,
  T_ITALIC = 1 << 1,
};

/* Sets the text and style; @wrap > 0 wraps (or with @lines > 0 ellipsizes
 * after that many lines); @wrap < 0 ellipsizes one line at -@wrap. */
static void
text_set (Text       *t,
          const char *text,
          double      size,
          int         style,
          double      wrap,
          int         lines)
{
  PangoFontDescription *desc = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (style & T_BOLD)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  if (style & T_ITALIC)
    pango_font_description_set_style (desc, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description (t->layout, desc);
  pango_font_description_free (desc);

  pango_layout_set_text (t->layout, text, -1);
  pango_layout_set_alignment (t->layout, PANGO_ALIGN_LEFT);
  if (wrap > 0)
    {
      pango_layout_set_width (t->layout, (int) (wrap * PANGO_SCALE));
      pango_layout_set_wrap (t->layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (t->layout, lines > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
      pango_layout_set_height (t->layout, lines > 0 ? -lines : -1);
    }
  else if (wrap < 0)
    {
      pango_layout_set_width (t->layout, (int) (-wrap * PANGO_SCALE));
      pango_layout_set_ellipsize (t->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (t->layout, -1);
    }
  else
    {
      pango_layout_set_width (t->layout, -1);
      pango_layout_set_ellipsize (t->layout, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_height (t->layout, -1);
    }
}

static void
text_size (Text   *t,
           double *w,
           double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (t->layout, NULL, &logical);
  if (w)
    *w = (double) logical.width / PANGO_SCALE;
  if (h)
    *h = (double) logical.height / PANGO_SCALE;
}

static double
text_width (Text       *t,
            const char *text,
            double      size,
            int         style)
{
  double w;

  text_set (t, text, size, style, 0, 0);
  text_size (t, &w, NULL);
  return w;
}

static void
text_draw (Text      *t,
           double     x,
           double     y,
           const Rgb *c)
{
  cairo_move_to (t->cr, x, y);
  set_rgb (t->cr, c);
  pango_cairo_show_layout (t->cr, t->layout);
}

/* Text on a light backing, so lines behind it do not cross it. */
static void
text_draw_backed (Text      *t,
                  double     x,
                  double     y,
                  const Rgb *c)
{
  double w, h;

  text_size (t, &w, &h);
  cairo_rectangle (t->cr, x - 2, y, w + 4, h);
  cairo_set_source_rgba (t->cr, 1, 1, 1, 0.85);
  cairo_fill (t->cr);
  text_draw (t, x, y, c);
}

/* ---- layout --------------------------------------------------------------- */

static double
base_font (double width,
           double height)
{
  return CLAMP (sqrt (width * height) / 68.0, 9.5, 15.0);
}

/* The definition gives way to the data on a small chart. */
static int
definition_lines (const Layout *l)
{
  if (l->height >= 45 * l->font)
    return 3;
  return l->height >= 36 * l->font ? 2 : 1;
}

static gboolean
has_icons (QcChartRender *self)
{
  return self->result->rules == QC_CHART_RULES_MDC && self->result->n > 0;
}

static const char *
legend_text (QcChartRender *self,
             LegendItem     item)
{
  gboolean mdc = self->result->rules == QC_CHART_RULES_MDC;

  switch (item)
    {
    case LEGEND_COMMON:
      return _("Common cause");
    case LEGEND_IMPROVEMENT:
      return _("Special cause: improvement");
    case LEGEND_CONCERN:
      return _("Special cause: concern");
    case LEGEND_NEUTRAL:
      return _("Special cause: neither better nor worse");
    case LEGEND_CENTRE:
      return centre_name (self->result);
    case LEGEND_RUNS_SIGNAL:
      return _("Dashed centre line: runs not random");
    case LEGEND_LIMITS:
      return mdc ? _("Process limits") : _("Control limits");
    case LEGEND_NEAR:
      return _("Two-thirds of the way to a limit");
    case LEGEND_TARGET:
      return _("Target");
    case LEGEND_PDSA:
      return _("PDSA cycle");
    case LEGEND_NOTE:
      return _("Note");
    case N_LEGEND:
    default:
      return "";
    }
}

static const char *
variation_caption (QcChartRender *self,
                   QcChartMark    mark,
                   int            dir)
{
  switch (mark)
    {
    case QC_CHART_MARK_IMPROVEMENT:
      return dir > 0 ? _("Improvement: high") : _("Improvement: low");
    case QC_CHART_MARK_CONCERN:
      return dir > 0 ? _("Concern: high") : _("Concern: low");
    case QC_CHART_MARK_NEUTRAL:
      return dir > 0 ? _("Special cause: high") : _("Special cause: low");
    case QC_CHART_MARK_COMMON:
    case QC_CHART_MARK_NONE:
    default:
      return _("Common cause");
    }
}

static const char *
assurance_caption (QcChartAssurance assurance)
{
  switch (assurance)
    {
    case QC_CHART_ASSURANCE_PASSES:
      return _("Passes the target");
    case QC_CHART_ASSURANCE_FAILS:
      return _("Fails the target");
    case QC_CHART_ASSURANCE_INCONSISTENT:
      return _("Hit and miss");
    case QC_CHART_ASSURANCE_NONE:
    default:
      return NULL;
    }
}

static int
last_present (const QcChartResult *r)
{
  for (guint i = r->n_points; i > 0; i--)
    if (isfinite (r->points[i - 1].y))
      return (int) i - 1;
  return -1;
}

static gboolean
phase_is_trial (QcChartRender      *self,
                const QcChartPhase *phase)
{
  const QcChartResult *r = self->result;

  if (!uses_control_limits (r->type) || phase->n == 0)
    return FALSE;
  if (r->rules == QC_CHART_RULES_MDC)
    return phase->trial_limits;
  return phase->n < TRIAL_LIMIT_POINTS;
}

static char *
runs_sentence (QcChartRender *self)
{
  const QcChartResult *r = self->result;
  const QcChartRuns *runs = &r->runs;
  g_autoptr(GString) s = g_string_new (NULL);

  if (r->rules == QC_CHART_RULES_MDC || !runs->valid)
    return NULL;

  g_string_append_printf (s, _("Runs in the last phase: longest run %u (a shift if longer than %u)"),
                          runs->longest_run, runs->longest_run_max);
  if (runs->crossings_min >= 0 && runs->crossings_max >= 0)
    g_string_append_printf (s, _(", %u crossings (random: %d to %d)"),
                            runs->crossings, runs->crossings_min, runs->crossings_max);
  else if (runs->crossings_min >= 0)
    g_string_append_printf (s, _(", %u crossings (too few if under %d)"),
                            runs->crossings, runs->crossings_min);
  g_string_append (s, runs->signal ? _(": non-random variation.") : _(": no signal from the runs."));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
layout_footer (QcChartRender *self,
               Layout        *l)
{
  const QcChartResult *r = self->result;
  const QcMeasureChart *c = self->chart;
  char *runs;

  l->footer = g_ptr_array_new_with_free_func (g_free);
  if (r->n_points == 0)
    return;

  if (r->n_phases > 0 && phase_is_trial (self, &r->phases[r->n_phases - 1]))
    g_ptr_array_add (l->footer,
                     g_strdup_printf (_("Trial limits: the last phase has fewer than %u points, so its limits may still change."),
                                      TRIAL_LIMIT_POINTS));
  if (c->rules_fell_back)
    g_ptr_array_add (l->footer,
                     g_strdup (_("The Making Data Count rules apply to i charts only; this chart uses the Anhøj rules.")));
  runs = runs_sentence (self);
  g_ptr_array_add (l->footer,
                   g_strdup_printf ("%s · %s%s%s", chart_type_name (r->type), rules_name (r->rules),
                                    runs ? " · " : "", runs ? runs : ""));
  g_free (runs);
}

static void
layout_legend_items (QcChartRender *self,
                     Layout        *l)
{
  const QcChartResult *r = self->result;
  const QcMeasureChart *c = self->chart;

  memset (l->legend, 0, sizeof l->legend);
  if (r->n == 0)
    return;
  for (guint i = 0; i < r->n_points; i++)
    switch (self->marks[i])
      {
      case QC_CHART_MARK_COMMON:
        l->legend[LEGEND_COMMON] = TRUE;
        break;
      case QC_CHART_MARK_IMPROVEMENT:
        l->legend[LEGEND_IMPROVEMENT] = TRUE;
        break;
      case QC_CHART_MARK_CONCERN:
        l->legend[LEGEND_CONCERN] = TRUE;
        break;
      case QC_CHART_MARK_NEUTRAL:
        l->legend[LEGEND_NEUTRAL] = TRUE;
        break;
      case QC_CHART_MARK_NONE:
      default:
        break;
      }
  l->legend[LEGEND_CENTRE] = TRUE;
  for (guint k = 0; k < r->n_phases; k++)
    if (r->rules != QC_CHART_RULES_MDC && r->phases[k].runs.signal)
      l->legend[LEGEND_RUNS_SIGNAL] = TRUE;
  for (guint i = 0; i < r->n_points; i++)
    {
      if (isfinite (r->points[i].ucl) || isfinite (r->points[i].lcl))
        l->legend[LEGEND_LIMITS] = TRUE;
      if (isfinite (r->points[i].upper_near))
        l->legend[LEGEND_NEAR] = TRUE;
      if (c->pdsa_ids[i] != NULL)
        l->legend[LEGEND_PDSA] = TRUE;
      if (c->notes[i] != NULL)
        l->legend[LEGEND_NOTE] = TRUE;
    }
  l->legend[LEGEND_TARGET] = isfinite (r->target);
}

static gboolean limits_as_band (const Layout *l, const QcChartResult *r);

/* Legend rows at @width: returns the height; draws when @draw. */
static double legend_run (QcChartRender *self, Layout *l, Text *t, double x, double y,
                          double width, gboolean draw);

static double
x_of (const Layout *l,
      guint         i)
{
  return l->px + (i + 0.5) * l->dx;
}

static double
y_of (const Layout *l,
      double        v)
{
  return l->py + l->ph - (v - l->ymin) / (l->ymax - l->ymin) * l->ph;
}

static int
compare_annotations (gconstpointer a,
                     gconstpointer b)
{
  const Annotation *x = a, *y = b;

  if (x->index != y->index)
    return (x->index > y->index) - (x->index < y->index);
  return (int) y->pdsa - (int) x->pdsa;
}

static void
layout_annotations (QcChartRender *self,
                    Layout        *l,
                    Text          *t)
{
  const QcMeasureChart *c = self->chart;
  const QcChartResult *r = self->result;
  double size = l->font * 0.85, mark_w = l->font * 0.9, gap = l->font * 0.8;
  double max_text = CLAMP (l->pw * 0.28, 60, 22 * l->font);
  guint max_rows = l->height >= 40 * l->font ? 3 : (l->height >= 28 * l->font ? 2 : 1);
  double ends[3] = { -INFINITY, -INFINITY, -INFINITY };
  int last_in_row[3] = { -1, -1, -1 };

  l->annotations = g_array_new (FALSE, FALSE, sizeof (Annotation));
  l->n_rows = 0;
  for (guint i = 0; i < r->n_points; i++)
    {
      if (c->pdsa_ids[i] != NULL)
        {
          Annotation a = { .index = i, .pdsa = TRUE, .row = -1 };
          a.text = c->pdsa_labels[i] != NULL ? c->pdsa_labels[i] : _("PDSA cycle");
          g_array_append_val (l->annotations, a);
        }
      if (c->notes[i] != NULL)
        {
          Annotation a = { .index = i, .pdsa = FALSE, .row = -1, .text = c->notes[i] };
          g_array_append_val (l->annotations, a);
        }
    }
  g_array_sort (l->annotations, compare_annotations);

  for (guint n = 0; n < l->annotations->len; n++)
    {
      Annotation *a = &g_array_index (l->annotations, Annotation, n);
      double x = x_of (l, a->index), left, right;
      guint best = 0;

      text_set (t, a->text, size, a->pdsa ? T_PLAIN : T_ITALIC, -max_text, 0);
      text_size (t, &a->text_w, NULL);
      /* The label right of its mark, else left of it, in the first row
       * with room. */
      for (guint side = 0; side < 2 && a->row < 0; side++)
        {
          gboolean on_left = side == 1;

          if (on_left)
            {
              left = x - mark_w - a->text_w;
              right = x + l->font * 0.2;
            }
          else
            {
              left = x - l->font * 0.2;
              right = x + mark_w + a->text_w;
            }
          if (left < 0 || right > l->width - l->pad * 0.5)
            continue;
          for (guint row = 0; row < max_rows; row++)
            if (ends[row] + gap <= left)
              {
                a->row = (int) row;
                a->labelled = TRUE;
                a->left = on_left;
                ends[row] = right;
                last_in_row[row] = (int) n;
                l->n_rows = MAX (l->n_rows, row + 1);
                break;
              }
        }
      if (a->row >= 0)
        continue;

      /* No room: shorten the label in the row that ends soonest so this
       * mark stands clear of it, with as much of its own label as fits. */
      for (guint row = 1; row < max_rows; row++)
        if (ends[row] < ends[best])
          best = row;
      if (last_in_row[best] >= 0)
        {
          Annotation *prev = &g_array_index (l->annotations, Annotation, last_in_row[best]);
          double prev_x = x_of (l, prev->index);
          double room = x - l->font * 0.5 - (prev_x + mark_w);

          if (prev->labelled && !prev->left && room >= 3 * l->font)
            {
              prev->text_w = room;
              ends[best] = prev_x + mark_w + room;
            }
          else if (prev->labelled && !prev->left)
            {
              prev->labelled = FALSE;
              ends[best] = prev_x + mark_w * 0.7;
            }
        }
      a->row = (int) best;
      last_in_row[best] = (int) n;
      l->n_rows = MAX (l->n_rows, best + 1);
      right = l->width - l->pad * 0.5;
      if (ends[best] + l->font * 0.3 <= x - l->font * 0.2 && right - (x + mark_w) >= 3 * l->font)
        {
          a->labelled = TRUE;
          a->text_w = MIN (a->text_w, right - (x + mark_w));
          ends[best] = x + mark_w + a->text_w;
        }
      else
        ends[best] = MAX (ends[best], x + mark_w * 0.7);
    }
  if (l->annotations->len > 0 && l->n_rows == 0)
    l->n_rows = 1;
}

/* Labels of the last phase's lines at the right of the plot. */
static void
layout_values (QcChartRender *self,
               Layout        *l,
               Text          *t)
{
  const QcChartResult *r = self->result;
  double size = l->font * 0.85;
  int last = r->n_points > 0 ? (int) r->n_points - 1 : -1;
  const QcChartPoint *pt;
  gboolean mdc = r->rules == QC_CHART_RULES_MDC;

  l->n_values = 0;
  l->values_w = 0;
  /* The last point with lines: a missing last value still has them. */
  while (last >= 0 && !isfinite (r->points[last].cl))
    last--;
  if (last >= 0)
    {
      pt = &r->points[last];
      if (isfinite (pt->ucl))
        l->values[l->n_values++] = (ValueLabel) { mdc ? _("UPL") : _("UCL"), pt->ucl, &C_LIMIT, 0 };
      l->values[l->n_values++] = (ValueLabel) { r->type == QC_CHART_TYPE_RUN ? _("Median") : _("Mean"), pt->cl, &C_CENTRE, 0 };
      if (isfinite (pt->lcl))
        l->values[l->n_values++] = (ValueLabel) { mdc ? _("LPL") : _("LCL"), pt->lcl, &C_LIMIT, 0 };
    }
  if (isfinite (r->target))
    l->values[l->n_values++] = (ValueLabel) { _("Target"), r->target, &C_TARGET, 0 };

  for (guint i = 0; i < l->n_values; i++)
    {
      g_autofree char *v = format_value (self, l->values[i].value);
      g_autofree char *s = g_strdup_printf ("%s %s", l->values[i].text, v);

      l->values_w = MAX (l->values_w, text_width (t, s, size, T_PLAIN));
    }
  if (l->n_values > 0)
    l->values_w += l->font * 0.6;
}

static int
compare_value_labels (gconstpointer a,
                      gconstpointer b)
{
  const ValueLabel *x = a, *y = b;

  return (x->y > y->y) - (x->y < y->y);
}

/* Spreads the value labels so none overlaps another. */
static void
spread_values (Layout *l)
{
  double h = l->font * 1.1;

  for (guint i = 0; i < l->n_values; i++)
    l->values[i].y = y_of (l, l->values[i].value);
  qsort (l->values, l->n_values, sizeof (ValueLabel), compare_value_labels);
  for (guint i = 1; i < l->n_values; i++)
    if (l->values[i].y - l->values[i - 1].y < h)
      l->values[i].y = l->values[i - 1].y + h;
  /* Pushed off the bottom: push back up. */
  if (l->n_values > 0 && l->values[l->n_values - 1].y > l->py + l->ph + h / 2)
    {
      l->values[l->n_values - 1].y = l->py + l->ph + h / 2;
      for (guint i = l->n_values - 1; i > 0; i--)
        if (l->values[i].y - l->values[i - 1].y < h)
          l->values[i - 1].y = l->values[i].y - h;
    }
}

static void
layout_ticks (QcChartRender *self,
              Layout        *l,
              double         plot_h)
{
  double lo = self->ylo, hi = self->yhi, range = hi - lo;
  double n = CLAMP (plot_h / (l->font * 3.2), 2, 10);

  if (range <= 0)
    {
      double pad = fabs (lo) > 0 ? fabs (lo) * 0.1 : 1;
      lo -= pad;
      hi += pad;
      range = hi - lo;
    }
  else
    {
      lo -= range * 0.04;
      hi += range * 0.04;
      range = hi - lo;
    }
  /* A proportion's axis stays within 0 to 100%, a count's above 0. */
  if (self->percent)
    {
      lo = MAX (lo, 0);
      hi = MIN (hi, 1);
      if (hi <= lo)
        hi = lo + 0.01;
      range = hi - lo;
    }
  else if (self->ylo >= 0 && lo < 0)
    lo = 0;

  l->ystep = nice_step (range, n);
  l->ymin = floor (lo / l->ystep + 1e-9) * l->ystep;
  l->ymax = ceil (hi / l->ystep - 1e-9) * l->ystep;
  if (l->ymax <= l->ymin)
    l->ymax = l->ymin + l->ystep;
  l->decimals = decimals_for_step (l->ystep * (self->percent ? 100 : 1)) + (self->percent ? 2 : 0);
}

static char *
tick_label (QcChartRender *self,
            const Layout  *l,
            double         v)
{
  if (fabs (v) < l->ystep * 1e-9)
    v = 0;
  return format_number (v, l->decimals, self->percent);
}

/* Too small for words: a sparkline, whatever was asked. */
static gboolean
is_compact (double              width,
            double              height,
            QcChartRenderFlags  flags)
{
  return (flags & QC_CHART_RENDER_COMPACT) != 0 || width < 240 || height < 150;
}

static void
layout_compute (QcChartRender      *self,
                Layout             *l,
                cairo_t            *cr,
                double              width,
                double              height,
                QcChartRenderFlags  flags)
{
  const QcChartResult *r = self->result;
  const QcMeasureChart *c = self->chart;
  gboolean compact = is_compact (width, height, flags);
  Text t;
  double top, bottom, x_label_h, max_label_w = 0, unit_h = 0;
  guint len = MAX (r->n_points, 1);

  layout_clear (l);
  l->valid = TRUE;
  l->width = width;
  l->height = height;
  l->flags = flags;

  if (compact)
    {
      l->font = CLAMP (height / 5, 7, 11);
      l->pad = MIN (3, height / 10);
      l->px = l->pad;
      l->py = l->pad;
      l->pw = MAX (width - 2 * l->pad, 1);
      l->ph = MAX (height - 2 * l->pad, 1);
      l->dx = l->pw / len;
      l->limits_band = limits_as_band (l, r);
      l->footer = g_ptr_array_new_with_free_func (g_free);
      l->annotations = g_array_new (FALSE, FALSE, sizeof (Annotation));
      layout_ticks (self, l, l->ph);
      /* A sparkline uses all its height for the data. */
      l->ymin = self->ylo;
      l->ymax = self->yhi;
      if (l->ymax - l->ymin <= 0)
        {
          l->ymin -= 1;
          l->ymax += 1;
        }
      else
        {
          double m = (l->ymax - l->ymin) * 0.08;
          l->ymin -= m;
          l->ymax += m;
        }
      return;
    }

  text_init (&t, cr);
  l->font = base_font (width, height);
  l->pad = l->font * 1.1;

  /* Title block: name, definition; the icons on the right. */
  l->n_icons = 0;
  if (has_icons (self))
    {
      l->n_icons = r->assurance != QC_CHART_ASSURANCE_NONE ? 2 : 1;
      l->icon_d = l->font * 3.0;
    }
  l->title_w = width - 2 * l->pad - (l->n_icons > 0 ? l->n_icons * (l->icon_d * 2.0) : 0);
  l->title_w = MAX (l->title_w, width * 0.3);
  text_set (&t, c->name ? c->name : _("Untitled measure"), l->font * 1.45, T_BOLD, l->title_w, 2);
  text_size (&t, NULL, &l->title_h);
  l->def_h = 0;
  if (c->definition != NULL)
    {
      text_set (&t, c->definition, l->font * 0.95, T_PLAIN, l->title_w, definition_lines (l));
      text_size (&t, NULL, &l->def_h);
    }
  l->header_h = l->title_h + (l->def_h > 0 ? l->def_h + l->font * 0.2 : 0);
  if (l->n_icons > 0)
    l->header_h = MAX (l->header_h, l->icon_d + l->font * 2.4);
  top = l->pad + l->header_h + l->font * 0.6;

  /* Legend and notes at the bottom, full width. */
  layout_legend_items (self, l);
  layout_footer (self, l);
  l->legend_h = legend_run (self, l, &t, l->pad, 0, width - 2 * l->pad, FALSE);
  bottom = height - l->pad;
  for (guint i = l->footer->len; i > 0; i--)
    {
      double h;

      text_set (&t, l->footer->pdata[i - 1], l->font * 0.85, T_PLAIN, width - 2 * l->pad, 2);
      text_size (&t, NULL, &h);
      bottom -= h;
    }
  l->footer_y = bottom;
  bottom -= l->legend_h + (l->legend_h > 0 ? l->font * 0.4 : 0);
  l->legend_y = bottom;

  /* Date labels under the plot. */
  text_set (&t, "0", l->font * 0.85, T_PLAIN, 0, 0);
  text_size (&t, NULL, &x_label_h);
  bottom -= x_label_h + l->font * 0.7;

  /* The unit above the axis. */
  if (c->unit != NULL)
    {
      text_set (&t, c->unit, l->font * 0.85, T_ITALIC, 0, 0);
      text_size (&t, NULL, &unit_h);
      top += unit_h + l->font * 0.3;
    }

  /* Ticks for a first guess at the plot's height, then the margins. */
  layout_ticks (self, l, bottom - top - 3 * l->font);
  l->left_w = 0;
  for (double v = l->ymin; v <= l->ymax + l->ystep * 1e-6; v += l->ystep)
    {
      g_autofree char *s = tick_label (self, l, v);
      l->left_w = MAX (l->left_w, text_width (&t, s, l->font * 0.85, T_PLAIN));
    }
  l->px = l->pad + l->left_w + l->font * 0.6;
  layout_values (self, l, &t);
  l->pw = MAX (width - l->pad - l->px - l->values_w, 10);
  l->dx = l->pw / len;
  l->limits_band = limits_as_band (l, r);

  /* PDSA flags and notes in a band above the plot. */
  layout_annotations (self, l, &t);
  l->row_h = l->font * 1.35;
  l->band_y = top;
  top += l->n_rows * l->row_h + (l->n_rows > 0 ? l->font * 0.3 : 0);

  l->py = top;
  l->ph = MAX (bottom - top, 10);

  /* Date labels: as many as fit without touching. */
  if (r->n_points > 0)
    {
      gboolean monthly = dates_are_monthly (r);
      static const guint steps[] = { 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 25, 30, 40, 50, 52, 60, 100 };
      guint sample = MAX (1, r->n_points / 50);

      for (guint i = 0; i < r->n_points; i += sample)
        {
          g_autofree char *s = format_date (r->points[i].date, monthly);
          max_label_w = MAX (max_label_w, text_width (&t, s, l->font * 0.85, T_PLAIN));
        }
      l->label_step = 0;
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        if (steps[i] * l->dx >= max_label_w + l->font * 1.2)
          {
            l->label_step = steps[i];
            break;
          }
      if (l->label_step == 0)
        l->label_step = 100 * (guint) ceil ((max_label_w + l->font * 1.2) / (100 * l->dx));
    }
  spread_values (l);
  text_clear (&t);
}

static const Layout *
get_layout (QcChartRender      *self,
            cairo_t            *cr,
            double              width,
            double              height,
            QcChartRenderFlags  flags)
{
  Layout *l = &self->layout;

  if (l->valid && l->width == width && l->height == height && l->flags == flags)
    return l;
  if (cr == NULL)
    {
      /* Measure text on a scratch surface: the same fonts as any. */
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
      cairo_t *scratch = cairo_create (surface);

      layout_compute (self, l, scratch, width, height, flags);
      cairo_destroy (scratch);
      cairo_surface_destroy (surface);
    }
  else
    layout_compute (self, l, cr, width, height, flags);
  return l;
}

/* ---- marks ---------------------------------------------------------------- */

static const Rgb *
mark_colour (QcChartMark mark)
{
  switch (mark)
    {
    case QC_CHART_MARK_IMPROVEMENT:
      return &C_IMPROVEMENT;
    case QC_CHART_MARK_CONCERN:
      return &C_CONCERN;
    case QC_CHART_MARK_NEUTRAL:
      return &C_NEUTRAL;
    case QC_CHART_MARK_COMMON:
    case QC_CHART_MARK_NONE:
    default:
      return &C_COMMON;
    }
}

/* A point's mark, @r its radius for a common-cause circle: special causes
 * are larger and each has its own shape. */
static void
mark_path (cairo_t     *cr,
           QcChartMark  mark,
           double       x,
           double       y,
           double       r)
{
  double s;

  switch (mark)
    {
    case QC_CHART_MARK_IMPROVEMENT:
      s = r * 1.9;
      cairo_move_to (cr, x, y - s);
      cairo_line_to (cr, x + s, y);
      cairo_line_to (cr, x, y + s);
      cairo_line_to (cr, x - s, y);
      cairo_close_path (cr);
      break;
    case QC_CHART_MARK_CONCERN:
      s = r * 1.4;
      cairo_rectangle (cr, x - s, y - s, 2 * s, 2 * s);
      break;
    case QC_CHART_MARK_NEUTRAL:
      s = r * 1.9;
      cairo_move_to (cr, x, y - s);
      cairo_line_to (cr, x + s * 0.95, y + s * 0.65);
      cairo_line_to (cr, x - s * 0.95, y + s * 0.65);
      cairo_close_path (cr);
      break;
    case QC_CHART_MARK_COMMON:
    case QC_CHART_MARK_NONE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

static void
draw_mark (cairo_t     *cr,
           QcChartMark  mark,
           double       x,
           double       y,
           double       r,
           gboolean     outline)
{
  mark_path (cr, mark, x, y, r);
  set_rgb (cr, mark_colour (mark));
  if (outline)
    {
      cairo_fill_preserve (cr);
      set_rgb (cr, mark == QC_CHART_MARK_CONCERN ? &C_CONCERN_EDGE : &C_WHITE);
      cairo_set_line_width (cr, MAX (r * 0.35, 0.75));
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
}

static void
draw_flag (cairo_t *cr,
           double   x,
           double   top,
           double   h)
{
  cairo_set_line_width (cr, MAX (h * 0.08, 1));
  set_rgb (cr, &C_PDSA);
  cairo_move_to (cr, x, top);
  cairo_line_to (cr, x, top + h);
  cairo_stroke (cr);
  cairo_move_to (cr, x, top);
  cairo_line_to (cr, x + h * 0.6, top + h * 0.22);
  cairo_line_to (cr, x, top + h * 0.44);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_note_mark (cairo_t *cr,
                double   x,
                double   top,
                double   h)
{
  double r = h * 0.22;

  cairo_set_line_width (cr, MAX (h * 0.08, 1));
  set_rgb (cr, &C_NOTE);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, top + r + h * 0.05, r, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_move_to (cr, x, top + 2 * r + h * 0.05);
  cairo_line_to (cr, x, top + h);
  cairo_stroke (cr);
}

/* ---- drawing -------------------------------------------------------------- */

/* A line that steps with each point's value, broken where it is missing or
 * the phase ends: control limits that vary with the denominator. Equal
 * neighbours make one segment. */
static void
draw_stepped (cairo_t             *cr,
              const Layout        *l,
              const QcChartResult *r,
              gsize                offset)
{
  for (guint k = 0; k < r->n_phases; k++)
    {
      const QcChartPhase *phase = &r->phases[k];
      gboolean drawing = FALSE;
      double last = NAN;

      for (guint i = phase->first; i <= phase->last + 1; i++)
        {
          double v = i <= phase->last ? G_STRUCT_MEMBER (double, &r->points[i], offset) : NAN;
          double x0 = l->px + i * l->dx;

          if (drawing && v == last)
            continue;
          if (drawing)
            cairo_line_to (cr, x0, y_of (l, last));
          if (!isfinite (v))
            {
              drawing = FALSE;
              continue;
            }
          if (drawing)
            cairo_line_to (cr, x0, y_of (l, v));
          else
            cairo_move_to (cr, x0, y_of (l, v));
          drawing = TRUE;
          last = v;
        }
    }
}

/* Limits that step with the denominator, too dense to read as lines: a
 * band between them. */
static gboolean
limits_as_band (const Layout        *l,
                const QcChartResult *r)
{
  /* On a sparkline, always: steps there are only noise. */
  if (l->dx >= 5 && !is_compact (l->width, l->height, l->flags))
    return FALSE;
  for (guint i = 1; i < r->n_points; i++)
    if (r->points[i].phase == r->points[i - 1].phase &&
        isfinite (r->points[i].ucl) && isfinite (r->points[i - 1].ucl) &&
        r->points[i].ucl != r->points[i - 1].ucl)
      return TRUE;
  return FALSE;
}

static void
fill_limit_band (cairo_t             *cr,
                 const Layout        *l,
                 const QcChartResult *r)
{
  guint i = 0;

  while (i < r->n_points)
    {
      guint a = i, b;

      if (!isfinite (r->points[i].ucl) || !isfinite (r->points[i].lcl))
        {
          i++;
          continue;
        }
      b = a;
      while (b + 1 < r->n_points && r->points[b + 1].phase == r->points[a].phase &&
             isfinite (r->points[b + 1].ucl) && isfinite (r->points[b + 1].lcl))
        b++;
      cairo_move_to (cr, l->px + a * l->dx, y_of (l, r->points[a].ucl));
      for (guint j = a; j <= b; j++)
        {
          cairo_line_to (cr, l->px + j * l->dx, y_of (l, r->points[j].ucl));
          cairo_line_to (cr, l->px + (j + 1) * l->dx, y_of (l, r->points[j].ucl));
        }
      for (guint j = b + 1; j > a; j--)
        {
          cairo_line_to (cr, l->px + j * l->dx, y_of (l, r->points[j - 1].lcl));
          cairo_line_to (cr, l->px + (j - 1) * l->dx, y_of (l, r->points[j - 1].lcl));
        }
      cairo_close_path (cr);
      i = b + 1;
    }
  set_rgba (cr, &C_LIMIT, 0.16);
  cairo_fill (cr);
}

static void
draw_centre_lines (cairo_t             *cr,
                   const Layout        *l,
                   const QcChartResult *r,
                   double               lw)
{
  for (guint k = 0; k < r->n_phases; k++)
    {
      const QcChartPhase *phase = &r->phases[k];
      gboolean signal = r->rules != QC_CHART_RULES_MDC && phase->runs.signal;
      double y;

      if (!isfinite (phase->centre))
        continue;
      y = y_of (l, phase->centre);
      cairo_move_to (cr, l->px + phase->first * l->dx, y);
      cairo_line_to (cr, l->px + (phase->last + 1) * l->dx, y);
      if (signal)
        {
          const double dash[] = { lw * 4, lw * 2.5 };
          cairo_set_dash (cr, dash, 2, 0);
          set_rgb (cr, &C_RUNS_SIGNAL);
          cairo_set_line_width (cr, lw * 1.3);
        }
      else
        {
          cairo_set_dash (cr, NULL, 0, 0);
          set_rgb (cr, &C_CENTRE);
          cairo_set_line_width (cr, lw);
        }
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

/* The line through the values, broken at gaps and phases. Stroked a few
 * segments at a time: cairo rasterizes one long zig-zag path many times
 * slower than short pieces, and round caps hide the joins. */
#define LINE_CHUNK 16

static void
draw_data_line (cairo_t             *cr,
                const Layout        *l,
                const QcChartResult *r)
{
  cairo_line_cap_t cap = cairo_get_line_cap (cr);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < r->n_phases; k++)
    {
      const QcChartPhase *phase = &r->phases[k];
      guint n = 0;

      for (guint i = phase->first; i <= phase->last; i++)
        {
          double v = r->points[i].y, x, y;

          if (!isfinite (v))
            {
              if (n > 1)
                cairo_stroke (cr);
              else
                cairo_new_path (cr);
              n = 0;
              continue;
            }
          x = x_of (l, i);
          y = y_of (l, v);
          if (n == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          n++;
          if (n == LINE_CHUNK)
            {
              cairo_stroke (cr);
              cairo_move_to (cr, x, y);
              n = 1;
            }
        }
      if (n > 1)
        cairo_stroke (cr);
      else
        cairo_new_path (cr);
    }
  cairo_set_line_cap (cr, cap);
}

static void
draw_lines (QcChartRender *self,
            cairo_t       *cr,
            const Layout  *l,
            double         lw)
{
  const QcChartResult *r = self->result;

  /* Near-limit lines (not on a sparkline), then limits, centre, target. */
  if (!is_compact (l->width, l->height, l->flags))
    {
      const double dots[] = { lw * 0.8, lw * 2.5 };

      cairo_set_line_width (cr, lw * 0.8);
      cairo_set_dash (cr, dots, 2, 0);
      set_rgb (cr, &C_NEAR);
      draw_stepped (cr, l, r, G_STRUCT_OFFSET (QcChartPoint, upper_near));
      draw_stepped (cr, l, r, G_STRUCT_OFFSET (QcChartPoint, lower_near));
      cairo_stroke (cr);
    }

  if (l->limits_band)
    fill_limit_band (cr, l, r);
  else
    {
      const double dash[] = { lw * 4, lw * 2.5 };

      cairo_set_line_width (cr, lw);
      cairo_set_dash (cr, dash, 2, 0);
      set_rgb (cr, &C_LIMIT);
      draw_stepped (cr, l, r, G_STRUCT_OFFSET (QcChartPoint, ucl));
      draw_stepped (cr, l, r, G_STRUCT_OFFSET (QcChartPoint, lcl));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  draw_centre_lines (cr, l, r, lw * 1.2);

  if (isfinite (r->target))
    {
      const double dash[] = { lw * 7, lw * 3, lw * 1.5, lw * 3 };
      double y = y_of (l, r->target);

      cairo_set_dash (cr, dash, 4, 0);
      cairo_set_line_width (cr, lw * 1.2);
      set_rgb (cr, &C_TARGET);
      cairo_move_to (cr, l->px, y);
      cairo_line_to (cr, l->px + l->pw, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
draw_points (QcChartRender *self,
             cairo_t       *cr,
             const Layout  *l,
             double         r_common,
             gboolean       compact)
{
  const QcChartResult *r = self->result;
  int last = last_present (r);
  /* Dense data: common-cause points would only blur the line. */
  gboolean show_common = !compact && l->dx >= 3 * r_common;
  double r_special;

  if (show_common)
    for (guint i = 0; i < r->n_points; i++)
      if (self->marks[i] == QC_CHART_MARK_COMMON)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, x_of (l, i), y_of (l, r->points[i].y), r_common, 0, 2 * G_PI);
        }
  set_rgb (cr, &C_COMMON);
  cairo_fill (cr);

  if (compact && last >= 0 && self->marks[last] == QC_CHART_MARK_COMMON)
    draw_mark (cr, QC_CHART_MARK_COMMON, x_of (l, last), y_of (l, r->points[last].y), r_common * 1.2, FALSE);

  r_special = MAX (r_common, compact ? 1.2 : 2.2);
  if (l->dx >= 3 * r_special)
    {
      for (guint i = 0; i < r->n_points; i++)
        if (self->marks[i] > QC_CHART_MARK_COMMON)
          draw_mark (cr, self->marks[i], x_of (l, i), y_of (l, r->points[i].y),
                     r_special, !compact || r_common >= 2);
      return;
    }
  /* Marks that touch: one fill per kind, without outlines, which would
   * only cut them into each other. */
  for (QcChartMark mark = QC_CHART_MARK_IMPROVEMENT; mark <= QC_CHART_MARK_NEUTRAL; mark++)
    {
      for (guint i = 0; i < r->n_points; i++)
        if (self->marks[i] == mark)
          mark_path (cr, mark, x_of (l, i), y_of (l, r->points[i].y), r_special);
      set_rgb (cr, mark_colour (mark));
      cairo_fill (cr);
    }
}

static double
common_radius (const Layout *l,
               gboolean      compact)
{
  if (compact)
    return CLAMP (l->dx * 0.22, 1.0, 1.8);
  return CLAMP (l->dx * 0.22, 1.5, l->font * 0.3);
}

static void
draw_compact (QcChartRender *self,
              cairo_t       *cr,
              const Layout  *l)
{
  const QcChartResult *r = self->result;
  double lw = CLAMP (l->height / 40, 0.8, 1.5);

  if (r->n == 0)
    {
      const double dash[] = { 2, 3 };

      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_line_width (cr, 1);
      set_rgba (cr, &C_AXIS, 0.7);
      cairo_move_to (cr, l->px, l->py + l->ph / 2);
      cairo_line_to (cr, l->px + l->pw, l->py + l->ph / 2);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      return;
    }

  /* Phase separators. */
  cairo_set_line_width (cr, 1);
  set_rgba (cr, &C_PHASE, 0.6);
  for (guint k = 1; k < r->n_phases; k++)
    {
      double x = l->px + r->phases[k].first * l->dx;
      cairo_move_to (cr, x, l->py);
      cairo_line_to (cr, x, l->py + l->ph);
    }
  cairo_stroke (cr);

  draw_lines (self, cr, l, lw * 0.8);
  cairo_set_line_width (cr, lw);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  set_rgb (cr, &C_LINE);
  draw_data_line (cr, l, r);
  draw_points (self, cr, l, common_radius (l, TRUE), TRUE);
}

static void
draw_icon_ring (cairo_t   *cr,
                double     cx,
                double     cy,
                double     d,
                const Rgb *colour)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, cx, cy, d / 2 - d * 0.05, 0, 2 * G_PI);
  set_rgb (cr, &C_WHITE);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, d * 0.1);
  set_rgb (cr, colour);
  cairo_stroke (cr);
}

static void
draw_icon_letter (Text       *t,
                  const char *letter,
                  double      cx,
                  double      cy,
                  double      d,
                  const Rgb  *colour)
{
  double w, h;

  text_set (t, letter, d * 0.5, T_BOLD, 0, 0);
  text_size (t, &w, &h);
  text_draw (t, cx - w / 2, cy - h / 2, colour);
}

/* Making Data Count's icons, drawn: the variation of the latest point and,
 * with a target, the assurance. */
static void
draw_icons (QcChartRender *self,
            cairo_t       *cr,
            Text          *t,
            const Layout  *l)
{
  const QcChartResult *r = self->result;
  int last = last_present (r);
  double d = l->icon_d, slot = d * 2.0;
  double x = l->width - l->pad - l->n_icons * slot;
  double cy = l->pad + d / 2;
  QcChartMark mark = last >= 0 ? self->marks[last] : QC_CHART_MARK_COMMON;
  int dir = last >= 0 ? self->dirs[last] : 0;
  const char *caption;
  double w;

  /* Variation */
  {
    double cx = x + slot / 2;

    draw_icon_ring (cr, cx, cy, d, mark_colour (mark));
    if (mark == QC_CHART_MARK_COMMON)
      {
        /* A flat line of dots: nothing special. */
        set_rgb (cr, &C_COMMON);
        cairo_set_line_width (cr, d * 0.05);
        cairo_move_to (cr, cx - d * 0.28, cy);
        cairo_line_to (cr, cx + d * 0.28, cy);
        cairo_stroke (cr);
        for (int j = -2; j <= 2; j++)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, cx + j * d * 0.14, cy + (j % 2 ? -d * 0.06 : d * 0.04), d * 0.045, 0, 2 * G_PI);
          }
        cairo_fill (cr);
      }
    else
      draw_icon_letter (t, dir > 0 ? C_("variation icon, high", "H") : C_("variation icon, low", "L"),
                        cx, cy, d, mark_colour (mark));
    caption = variation_caption (self, mark, dir);
    text_set (t, caption, l->font * 0.75, T_PLAIN, slot, 2);
    pango_layout_set_alignment (t->layout, PANGO_ALIGN_CENTER);
    text_size (t, &w, NULL);
    text_draw (t, cx - slot / 2, cy + d / 2 + l->font * 0.25, &C_TEXT_SOFT);
    x += slot;
  }

  /* Assurance */
  if (l->n_icons > 1)
    {
      double cx = x + slot / 2;
      const Rgb *colour;
      const char *letter;

      switch (r->assurance)
        {
        case QC_CHART_ASSURANCE_PASSES:
          colour = &C_IMPROVEMENT;
          letter = C_("assurance icon, passes", "P");
          break;
        case QC_CHART_ASSURANCE_FAILS:
          colour = &C_CONCERN;
          letter = C_("assurance icon, fails", "F");
          break;
        case QC_CHART_ASSURANCE_INCONSISTENT:
        case QC_CHART_ASSURANCE_NONE:
        default:
          colour = &C_COMMON;
          letter = "?";
          break;
        }
      draw_icon_ring (cr, cx, cy, d, colour);
      draw_icon_letter (t, letter, cx, cy, d, colour == &C_CONCERN ? &C_CONCERN_EDGE : colour);
      caption = assurance_caption (r->assurance);
      text_set (t, caption ? caption : "", l->font * 0.75, T_PLAIN, slot, 2);
      pango_layout_set_alignment (t->layout, PANGO_ALIGN_CENTER);
      text_draw (t, cx - slot / 2, cy + d / 2 + l->font * 0.25, &C_TEXT_SOFT);
    }
}

static void
legend_swatch (const Layout  *l,
               cairo_t       *cr,
               LegendItem     item,
               double         x,
               double         cy,
               double         w,
               double         font)
{
  double lw = MAX (font / 9, 1);
  double r = font * 0.3;

  cairo_save (cr);
  switch (item)
    {
    case LEGEND_COMMON:
      draw_mark (cr, QC_CHART_MARK_COMMON, x + w / 2, cy, r, FALSE);
      break;
    case LEGEND_IMPROVEMENT:
      draw_mark (cr, QC_CHART_MARK_IMPROVEMENT, x + w / 2, cy, r, TRUE);
      break;
    case LEGEND_CONCERN:
      draw_mark (cr, QC_CHART_MARK_CONCERN, x + w / 2, cy, r, TRUE);
      break;
    case LEGEND_NEUTRAL:
      draw_mark (cr, QC_CHART_MARK_NEUTRAL, x + w / 2, cy, r, TRUE);
      break;
    case LEGEND_CENTRE:
      cairo_set_line_width (cr, lw * 1.2);
      set_rgb (cr, &C_CENTRE);
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + w, cy);
      cairo_stroke (cr);
      break;
    case LEGEND_RUNS_SIGNAL:
      {
        const double dash[] = { lw * 4, lw * 2.5 };
        cairo_set_dash (cr, dash, 2, 0);
        cairo_set_line_width (cr, lw * 1.5);
        set_rgb (cr, &C_RUNS_SIGNAL);
        cairo_move_to (cr, x, cy);
        cairo_line_to (cr, x + w, cy);
        cairo_stroke (cr);
      }
      break;
    case LEGEND_LIMITS:
      if (l->limits_band)
        {
          set_rgba (cr, &C_LIMIT, 0.16);
          cairo_rectangle (cr, x, cy - font * 0.35, w, font * 0.7);
          cairo_fill (cr);
          break;
        }
      {
        const double dash[] = { lw * 4, lw * 2.5 };
        cairo_set_dash (cr, dash, 2, 0);
        cairo_set_line_width (cr, lw);
        set_rgb (cr, &C_LIMIT);
        cairo_move_to (cr, x, cy);
        cairo_line_to (cr, x + w, cy);
        cairo_stroke (cr);
      }
      break;
    case LEGEND_NEAR:
      {
        const double dots[] = { lw * 0.8, lw * 2.5 };
        cairo_set_dash (cr, dots, 2, 0);
        cairo_set_line_width (cr, lw * 0.8);
        set_rgb (cr, &C_NEAR);
        cairo_move_to (cr, x, cy);
        cairo_line_to (cr, x + w, cy);
        cairo_stroke (cr);
      }
      break;
    case LEGEND_TARGET:
      {
        const double dash[] = { lw * 7, lw * 3, lw * 1.5, lw * 3 };
        cairo_set_dash (cr, dash, 4, 0);
        cairo_set_line_width (cr, lw * 1.2);
        set_rgb (cr, &C_TARGET);
        cairo_move_to (cr, x, cy);
        cairo_line_to (cr, x + w, cy);
        cairo_stroke (cr);
      }
      break;
    case LEGEND_PDSA:
      draw_flag (cr, x + w / 2 - font * 0.2, cy - font * 0.45, font * 0.9);
      break;
    case LEGEND_NOTE:
      draw_note_mark (cr, x + w / 2, cy - font * 0.45, font * 0.9);
      break;
    case N_LEGEND:
    default:
      break;
    }
  cairo_restore (cr);
}

static double
legend_run (QcChartRender *self,
            Layout        *l,
            Text          *t,
            double         x0,
            double         y0,
            double         width,
            gboolean       draw)
{
  double size = l->font * 0.85, sw = l->font * 1.8, gap = l->font * 1.2;
  double x = x0, y = y0, row_h = l->font * 1.4;
  gboolean any = FALSE;

  for (guint item = 0; item < N_LEGEND; item++)
    {
      double w;

      if (!l->legend[item])
        continue;
      text_set (t, legend_text (self, item), size, T_PLAIN, 0, 0);
      text_size (t, &w, NULL);
      w += sw + l->font * 0.4;
      if (any && x + w > x0 + width)
        {
          x = x0;
          y += row_h;
        }
      if (draw)
        {
          double th;

          text_size (t, NULL, &th);
          legend_swatch (l, t->cr, item, x, y + row_h / 2, sw, l->font);
          text_draw (t, x + sw + l->font * 0.4, y + (row_h - th) / 2, &C_TEXT);
        }
      x += w + gap;
      any = TRUE;
    }
  return any ? y - y0 + row_h : 0;
}

static void
draw_annotations (QcChartRender *self,
                  cairo_t       *cr,
                  Text          *t,
                  const Layout  *l)
{
  const QcChartResult *r = self->result;
  double mark_h = l->font * 1.05, size = l->font * 0.85;
  gboolean guides = l->annotations->len <= 80;

  /* Guides from each mark down to its point. */
  if (guides)
    {
      const double dots[] = { 1, 3 };

      cairo_save (cr);
      cairo_set_dash (cr, dots, 2, 0);
      cairo_set_line_width (cr, 1);
      for (guint n = 0; n < l->annotations->len; n++)
        {
          const Annotation *a = &g_array_index (l->annotations, Annotation, n);
          double x = x_of (l, a->index);
          double top = l->band_y + MAX (a->row, 0) * l->row_h + mark_h;
          double y = isfinite (r->points[a->index].y) ? y_of (l, r->points[a->index].y) : l->py + l->ph;

          set_rgba (cr, a->pdsa ? &C_PDSA : &C_NOTE, 0.45);
          cairo_move_to (cr, x, top);
          cairo_line_to (cr, x, y);
          cairo_stroke (cr);
        }
      cairo_restore (cr);
    }

  for (guint n = 0; n < l->annotations->len; n++)
    {
      const Annotation *a = &g_array_index (l->annotations, Annotation, n);
      double x = x_of (l, a->index);
      double top = l->band_y + MAX (a->row, 0) * l->row_h;
      double th, ty;

      if (a->pdsa)
        draw_flag (cr, x, top, mark_h);
      else
        draw_note_mark (cr, x, top, mark_h);
      if (!a->labelled)
        continue;
      text_set (t, a->text, size, a->pdsa ? T_PLAIN : T_ITALIC, -a->text_w, 0);
      text_size (t, NULL, &th);
      ty = top + (mark_h - th) / 2 - l->font * 0.1;
      if (a->left)
        text_draw_backed (t, x - l->font * 0.3 - a->text_w, ty, a->pdsa ? &C_PDSA : &C_NOTE);
      else
        text_draw_backed (t, x + l->font * (a->pdsa ? 0.7 : 0.45), ty, a->pdsa ? &C_PDSA : &C_NOTE);
    }
}

static void
draw_full (QcChartRender *self,
           cairo_t       *cr,
           const Layout  *l)
{
  const QcChartResult *r = self->result;
  const QcMeasureChart *c = self->chart;
  double lw = MAX (l->font / 9, 1);
  double small = l->font * 0.85;
  double y;
  Text t;

  text_init (&t, cr);

  /* Paper */
  set_rgb (cr, &C_WHITE);
  cairo_rectangle (cr, 0, 0, l->width, l->height);
  cairo_fill (cr);

  /* Title and definition */
  text_set (&t, c->name ? c->name : _("Untitled measure"), l->font * 1.45, T_BOLD, l->title_w, 2);
  text_draw (&t, l->pad, l->pad, &C_TEXT);
  if (c->definition != NULL)
    {
      text_set (&t, c->definition, l->font * 0.95, T_PLAIN, l->title_w, definition_lines (l));
      text_draw (&t, l->pad, l->pad + l->title_h + l->font * 0.2, &C_TEXT_SOFT);
    }
  if (l->n_icons > 0)
    draw_icons (self, cr, &t, l);

  if (c->unit != NULL)
    {
      double h;

      text_set (&t, c->unit, small, T_ITALIC, -(l->px + l->pw * 0.5), 0);
      text_size (&t, NULL, &h);
      text_draw (&t, l->pad, l->band_y - h - l->font * 0.3, &C_TEXT_SOFT);
    }

  if (r->n_points == 0 || r->n == 0)
    {
      double w, h;

      cairo_set_line_width (cr, 1);
      set_rgb (cr, &C_GRID);
      cairo_rectangle (cr, l->px + 0.5, l->py + 0.5, l->pw - 1, l->ph - 1);
      cairo_stroke (cr);
      text_set (&t, r->n_points == 0 ? _("No data points yet") : _("No values yet: every point is missing"),
                l->font * 1.1, T_PLAIN, 0, 0);
      text_size (&t, &w, &h);
      text_draw (&t, l->px + (l->pw - w) / 2, l->py + (l->ph - h) / 2, &C_TEXT_SOFT);
      text_clear (&t);
      return;
    }

  /* Grid and y ticks */
  cairo_set_line_width (cr, 1);
  for (double v = l->ymin; v <= l->ymax + l->ystep * 1e-6; v += l->ystep)
    {
      g_autofree char *s = tick_label (self, l, v);
      double w, h, yy = round (y_of (l, v)) + 0.5;

      set_rgb (cr, &C_GRID);
      cairo_move_to (cr, l->px, yy);
      cairo_line_to (cr, l->px + l->pw, yy);
      cairo_stroke (cr);
      text_set (&t, s, small, T_PLAIN, 0, 0);
      text_size (&t, &w, &h);
      text_draw (&t, l->px - l->font * 0.5 - w, yy - h / 2, &C_AXIS);
    }

  /* Phase separators and labels */
  cairo_set_line_width (cr, lw);
  for (guint k = 1; k < r->n_phases; k++)
    {
      const double dash[] = { lw * 2, lw * 2 };
      double x = round (l->px + r->phases[k].first * l->dx) + 0.5;

      cairo_set_dash (cr, dash, 2, 0);
      set_rgb (cr, &C_PHASE);
      cairo_move_to (cr, x, l->py);
      cairo_line_to (cr, x, l->py + l->ph);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);

  /* Lines and points, clipped to the plot (with room for marks). */
  cairo_save (cr);
  cairo_rectangle (cr, l->px - l->font, l->py - l->font * 0.5, l->pw + 2 * l->font, l->ph + l->font);
  cairo_clip (cr);
  draw_lines (self, cr, l, lw);
  cairo_set_line_width (cr, lw * 1.2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  set_rgb (cr, &C_LINE);
  draw_data_line (cr, l, r);
  draw_points (self, cr, l, common_radius (l, FALSE), FALSE);
  cairo_restore (cr);

  /* Phase labels, over the lines */
  if (r->n_phases > 1)
    for (guint k = 0; k < r->n_phases; k++)
      {
        const QcChartPhase *phase = &r->phases[k];
        const char *label = c->phase_labels[k];
        double x = l->px + phase->first * l->dx + l->font * 0.4;
        double w = (phase->last - phase->first + 1) * l->dx - l->font * 0.8;
        g_autofree char *text = NULL;

        if (w < l->font * 2.5)
          continue;
        if (label == NULL)
          label = k == 0 ? _("Baseline") : NULL;
        text = label ? g_strdup (label) : g_strdup_printf (_("Phase %u"), k + 1);
        if (phase_is_trial (self, phase))
          {
            char *with = g_strdup_printf (_("%s (trial limits)"), text);
            g_free (text);
            text = with;
          }
        text_set (&t, text, small, T_BOLD, -w, 0);
        text_draw_backed (&t, x, l->py + l->font * 0.2, &C_PHASE);
      }

  /* Axes */
  cairo_set_line_width (cr, 1);
  set_rgb (cr, &C_AXIS);
  y = round (l->py + l->ph) + 0.5;
  cairo_move_to (cr, l->px, y);
  cairo_line_to (cr, l->px + l->pw, y);
  cairo_stroke (cr);
  if (l->label_step > 0)
    {
      gboolean monthly = dates_are_monthly (r);
      double right_end = -INFINITY;

      for (guint i = 0; i < r->n_points; i += l->label_step)
        {
          g_autofree char *s = format_date (r->points[i].date, monthly);
          double w, h, x = x_of (l, i), lx;

          set_rgb (cr, &C_AXIS);
          cairo_move_to (cr, round (x) + 0.5, y);
          cairo_line_to (cr, round (x) + 0.5, y + l->font * 0.35);
          cairo_stroke (cr);
          text_set (&t, s, small, T_PLAIN, 0, 0);
          text_size (&t, &w, &h);
          lx = CLAMP (x - w / 2, l->pad, l->width - l->pad - w);
          if (lx < right_end + l->font * 0.5)
            continue;
          text_draw (&t, lx, y + l->font * 0.45, &C_AXIS);
          right_end = lx + w;
        }
    }

  /* Values of the lines at the right */
  for (guint i = 0; i < l->n_values; i++)
    {
      g_autofree char *v = format_value (self, l->values[i].value);
      g_autofree char *s = g_strdup_printf ("%s %s", l->values[i].text, v);
      double h;

      text_set (&t, s, small, l->values[i].colour == &C_TARGET ? T_BOLD : T_PLAIN, 0, 0);
      text_size (&t, NULL, &h);
      text_draw (&t, l->px + l->pw + l->font * 0.5, l->values[i].y - h / 2, l->values[i].colour);
    }

  draw_annotations (self, cr, &t, l);

  /* Legend and notes */
  legend_run (self, (Layout *) l, &t, l->pad, l->legend_y, l->width - 2 * l->pad, TRUE);
  y = l->footer_y;
  for (guint i = 0; i < l->footer->len; i++)
    {
      double h;

      text_set (&t, l->footer->pdata[i], small, T_PLAIN, l->width - 2 * l->pad, 2);
      text_size (&t, NULL, &h);
      text_draw (&t, l->pad, y, i == 0 && phase_is_trial (self, &r->phases[r->n_phases - 1]) ? &C_TEXT : &C_TEXT_SOFT);
      y += h;
    }

  text_clear (&t);
}

void
qc_chart_render_draw (QcChartRender      *self,
                      cairo_t            *cr,
                      double              width,
                      double              height,
                      QcChartRenderFlags  flags)
{
  const Layout *l;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (!(width >= 1 && height >= 1))
    return;
  /* Each drawing lays out again: the cairo context decides text metrics. */
  self->layout.valid = FALSE;
  l = get_layout (self, cr, width, height, flags);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (is_compact (width, height, flags))
    draw_compact (self, cr, l);
  else
    draw_full (self, cr, l);
  cairo_restore (cr);
}

/* ---- files ---------------------------------------------------------------- */

typedef struct
{
  int  fd;
  int  saved_errno;
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
render_to_sink (QcChartRender *self,
                Sink          *sink,
                QcChartFormat  format,
                double         width,
                double         height)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  switch (format)
    {
    case QC_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, sink, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case QC_CHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "QI Coach");
      if (self->chart->name != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->chart->name);
      break;
    case QC_CHART_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width), (int) ceil (height));
      break;
    }
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return status;
    }

  cr = cairo_create (surface);
  qc_chart_render_draw (self, cr, width, height, QC_CHART_RENDER_FULL);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == QC_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, sink_write, sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}

gboolean
qc_chart_render_to_file (QcChartRender  *self,
                         const char     *path,
                         QcChartFormat   format,
                         double          width,
                         double          height,
                         GError        **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *display = NULL;
  cairo_status_t status;
  Sink sink = { -1, 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail ((guint) format < QC_CHART_N_FORMATS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (!(width >= MIN_FILE_SIZE && width <= MAX_FILE_SIZE &&
        height >= MIN_FILE_SIZE && height <= MAX_FILE_SIZE))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("A chart must be between %d and %d units wide and high, not %g × %g"),
                   MIN_FILE_SIZE, MAX_FILE_SIZE, width, height);
      return FALSE;
    }

  tmp = g_strdup_printf ("%s.XXXXXX", path);
  sink.fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0644);
  if (sink.fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, QC_ERROR, QC_ERROR_FAILED,
                   _("%s: cannot write the chart: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  status = render_to_sink (self, &sink, format, width, height);
  if (status == CAIRO_STATUS_SUCCESS && fsync (sink.fd) != 0)
    sink.saved_errno = errno;
  if (close (sink.fd) != 0 && sink.saved_errno == 0)
    sink.saved_errno = errno;

  if (status != CAIRO_STATUS_SUCCESS || sink.saved_errno != 0)
    {
      g_unlink (tmp);
      g_set_error (error, QC_ERROR, QC_ERROR_FAILED,
                   _("%s: cannot write the chart: %s"), display,
                   sink.saved_errno != 0 ? g_strerror (sink.saved_errno) : cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved_errno = errno;
      g_unlink (tmp);
      g_set_error (error, QC_ERROR, QC_ERROR_FAILED,
                   _("%s: cannot write the chart: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* ---- hit tests and words -------------------------------------------------- */

int
qc_chart_render_point_at (QcChartRender      *self,
                          double              x,
                          double              y,
                          double              width,
                          double              height,
                          QcChartRenderFlags  flags)
{
  const QcChartResult *r;
  const Layout *l;
  double best = INFINITY, reach;
  int found = -1;
  int i0, i1;

  g_return_val_if_fail (self != NULL, -1);

  r = self->result;
  if (r->n == 0 || !(width >= 1 && height >= 1))
    return -1;
  l = get_layout (self, NULL, width, height, flags);
  if (x < l->px - l->font || x > l->px + l->pw + l->font ||
      y < l->py - l->font || y > l->py + l->ph + l->font)
    return -1;

  /* The nearest point within a finger's reach. */
  reach = MAX (l->font * 1.2, l->dx * 0.5);
  i0 = (int) floor ((x - reach - l->px) / l->dx);
  i1 = (int) ceil ((x + reach - l->px) / l->dx);
  i0 = MAX (i0, 0);
  i1 = MIN (i1, (int) r->n_points - 1);
  for (int i = i0; i <= i1; i++)
    {
      double px, py, d;

      if (!isfinite (r->points[i].y))
        continue;
      px = x_of (l, (guint) i);
      py = y_of (l, r->points[i].y);
      /* Horizontal distance counts most: dense charts are read by date. */
      d = hypot (x - px, (y - py) * 0.35);
      if (d < best && fabs (x - px) <= reach && fabs (y - py) <= MAX (reach * 2, l->ph * 0.15))
        {
          best = d;
          found = i;
        }
    }
  return found;
}

gboolean
qc_chart_render_point_position (QcChartRender      *self,
                                guint               index,
                                double              width,
                                double              height,
                                QcChartRenderFlags  flags,
                                double             *x,
                                double             *y)
{
  const Layout *l;

  g_return_val_if_fail (self != NULL, FALSE);

  if (index >= self->result->n_points || !isfinite (self->result->points[index].y) ||
      !(width >= 1 && height >= 1))
    return FALSE;
  l = get_layout (self, NULL, width, height, flags);
  if (x)
    *x = x_of (l, index);
  if (y)
    *y = y_of (l, self->result->points[index].y);
  return TRUE;
}

static const char *
centre_phrase (const QcChartResult *r,
               int                  side)
{
  if (r->type == QC_CHART_TYPE_RUN)
    return side > 0 ? _("above the median") : _("below the median");
  if (r->type == QC_CHART_TYPE_P || r->type == QC_CHART_TYPE_U)
    return side > 0 ? _("above the centre line") : _("below the centre line");
  return side > 0 ? _("above the mean") : _("below the mean");
}

GStrv
qc_chart_render_point_reasons (QcChartRender *self,
                               guint          index)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  const QcChartResult *r;
  const QcChartPoint *pt;
  gboolean mdc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->result->n_points, NULL);

  r = self->result;
  pt = &r->points[index];
  mdc = r->rules == QC_CHART_RULES_MDC;

  if (pt->signals & QC_CHART_SIGNAL_OUTSIDE_LIMITS)
    {
      gboolean above = isfinite (pt->ucl) && pt->y > pt->ucl;

      if (mdc)
        g_strv_builder_add (b, above ? _("Above the upper process limit: outside the limits")
                                     : _("Below the lower process limit: outside the limits"));
      else
        g_strv_builder_add (b, above ? _("Above the upper control limit: outside the limits")
                                     : _("Below the lower control limit: outside the limits"));
    }
  else if (pt->signals & QC_CHART_SIGNAL_ASTRONOMICAL)
    g_strv_builder_add (b, _("An astronomical point: far from all the others"));

  if (pt->signals & QC_CHART_SIGNAL_SHIFT)
    {
      guint n = self->run_len[index];
      int side = side_of (pt->y, pt->cl);
      g_autofree char *s =
        /* Translators: %u is a count of points, %s "above the median" etc. */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point in a row %s: a shift",
                                      "%u points in a row %s: a shift", n),
                         n, centre_phrase (r, side));
      g_strv_builder_add (b, s);
    }

  if (pt->signals & QC_CHART_SIGNAL_TREND)
    {
      guint n = self->trend_len[index];
      g_autofree char *s =
        self->dirs[index] >= 0
          ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point in a row going up: a trend",
                                          "%u points in a row going up: a trend", n), n)
          : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point in a row going down: a trend",
                                          "%u points in a row going down: a trend", n), n);
      g_strv_builder_add (b, s);
    }

  if (pt->signals & QC_CHART_SIGNAL_TWO_OF_THREE)
    g_strv_builder_add (b, side_of (pt->y, pt->cl) > 0
                             ? _("2 of 3 points near the upper limit")
                             : _("2 of 3 points near the lower limit"));

  return g_strv_builder_end (b);
}

static char *
describe_value (QcChartRender *self,
                guint          index)
{
  const QcChartSeries *s = self->chart->series;
  const QcChartPoint *pt = &self->result->points[index];
  g_autofree char *v = format_value (self, pt->y);
  double den = s->denominators != NULL ? s->denominators[index] : NAN;

  if (!isfinite (pt->y))
    return g_strdup (_("No value"));
  if (self->result->type == QC_CHART_TYPE_MR)
    return g_strdup_printf (_("Moving range %s"), v);
  if (isfinite (den))
    {
      char num_buf[G_ASCII_DTOSTR_BUF_SIZE], den_buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (num_buf, sizeof num_buf, "%g", s->values[index]);
      g_snprintf (den_buf, sizeof den_buf, "%g", den);
      /* Translators: a proportion's value, then its numerator and denominator */
      return g_strdup_printf (_("Value %s (%s of %s)"), v, num_buf, den_buf);
    }
  return g_strdup_printf (_("Value %s"), v);
}

char *
qc_chart_render_describe_point (QcChartRender *self,
                                guint          index)
{
  const QcChartResult *r;
  const QcChartPoint *pt;
  const QcMeasureChart *c;
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *date = NULL;
  g_autofree char *value = NULL;
  g_auto(GStrv) reasons = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->result->n_points, NULL);

  r = self->result;
  c = self->chart;
  pt = &r->points[index];

  date = format_date (pt->date, FALSE);
  value = describe_value (self, index);
  g_string_append_printf (s, "%s\n%s", date, value);
  if (c->series->denominators == NULL && c->unit != NULL && isfinite (pt->y))
    g_string_append_printf (s, " %s", c->unit);

  if (isfinite (pt->cl))
    {
      g_autofree char *cl = format_value (self, pt->cl);

      g_string_append_printf (s, "\n%s %s", centre_name (r), cl);
    }
  if (isfinite (pt->lcl) && isfinite (pt->ucl))
    {
      g_autofree char *lcl = format_value (self, pt->lcl);
      g_autofree char *ucl = format_value (self, pt->ucl);

      g_string_append_c (s, '\n');
      g_string_append_printf (s, r->rules == QC_CHART_RULES_MDC ? _("Process limits %s to %s")
                                                                : _("Control limits %s to %s"),
                              lcl, ucl);
    }

  switch (self->marks[index])
    {
    case QC_CHART_MARK_IMPROVEMENT:
      g_string_append_printf (s, "\n%s", _("Special cause: improvement"));
      break;
    case QC_CHART_MARK_CONCERN:
      g_string_append_printf (s, "\n%s", _("Special cause: concern"));
      break;
    case QC_CHART_MARK_NEUTRAL:
      g_string_append_printf (s, "\n%s", _("Special cause"));
      break;
    case QC_CHART_MARK_COMMON:
      g_string_append_printf (s, "\n%s", _("Common cause variation"));
      break;
    case QC_CHART_MARK_NONE:
    default:
      break;
    }
  reasons = qc_chart_render_point_reasons (self, index);
  for (guint i = 0; reasons[i]; i++)
    g_string_append_printf (s, "\n• %s", reasons[i]);

  if (c->notes[index] != NULL)
    g_string_append_printf (s, "\n%s %s", _("Note:"), c->notes[index]);
  if (c->pdsa_ids[index] != NULL)
    g_string_append_printf (s, "\n%s %s", _("PDSA:"),
                            c->pdsa_labels[index] ? c->pdsa_labels[index] : _("a cycle that no longer exists"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
qc_chart_render_describe (QcChartRender *self)
{
  const QcChartResult *r;
  const QcMeasureChart *c;
  g_autoptr(GString) s = g_string_new (NULL);
  guint counts[QC_CHART_MARK_NEUTRAL + 1] = { 0 };
  int last;
  g_autofree char *runs = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  r = self->result;
  c = self->chart;
  g_string_append_printf (s, "%s, %s.", chart_type_name (r->type), rules_name (r->rules));
  if (r->n == 0)
    {
      g_string_append_printf (s, " %s", _("No data points yet."));
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  for (guint i = 0; i < r->n_points; i++)
    counts[self->marks[i]]++;
  last = last_present (r);
  {
    g_autofree char *first_date = format_date (r->points[0].date, FALSE);
    g_autofree char *last_date = format_date (r->points[r->n_points - 1].date, FALSE);
    g_autofree char *n = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u value", "%u values", r->n), r->n);

    g_string_append_printf (s, " %s, %s – %s.", n, first_date, last_date);
  }
  if (last >= 0 && isfinite (r->points[last].cl))
    {
      g_autofree char *cl = format_value (self, r->points[last].cl);
      g_string_append_printf (s, " %s %s.", centre_name (r), cl);
    }
  if (counts[QC_CHART_MARK_IMPROVEMENT] + counts[QC_CHART_MARK_CONCERN] + counts[QC_CHART_MARK_NEUTRAL] > 0)
    {
      g_string_append_c (s, ' ');
      g_string_append_printf (s, _("Special cause: %u improvement, %u concern, %u neither."),
                              counts[QC_CHART_MARK_IMPROVEMENT], counts[QC_CHART_MARK_CONCERN],
                              counts[QC_CHART_MARK_NEUTRAL]);
    }
  else
    g_string_append_printf (s, " %s", _("Only common cause variation."));
  runs = runs_sentence (self);
  if (runs != NULL)
    g_string_append_printf (s, " %s", runs);
  if (r->assurance != QC_CHART_ASSURANCE_NONE)
    g_string_append_printf (s, " %s.", assurance_caption (r->assurance));
  if (c->rules_fell_back)
    g_string_append_printf (s, " %s", _("The Making Data Count rules apply to i charts only; this chart uses the Anhøj rules."));
  return g_string_free (g_steal_pointer (&s), FALSE);
}
