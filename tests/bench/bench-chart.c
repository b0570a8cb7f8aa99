/* Times drawing a chart of 1,000 points, as the app's widget and
 * `qi-coach-cli chart render` do: analysis, a full chart on an image
 * surface, a sparkline, and the three file formats. Median of 21 runs.
 *   bench-chart [OUTPUT_DIR] */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>

#include "qc-chart-render.h"

#define RUNS 21
#define N_POINTS 1000

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *t)
{
  qsort (t, RUNS, sizeof (double), compare_doubles);
  return t[RUNS / 2];
}

/* A p chart with varying denominators, notes and two phases: the most
 * drawing any series of this length needs. */
static QcMeasureChart *
make_chart (QcChartType type)
{
  gboolean ratio = type == QC_CHART_TYPE_P;
  g_autoptr(QcChartSeries) s = qc_chart_series_new (ratio);
  GRand *rand = g_rand_new_with_seed (42);
  QcChartOptions options;
  const guint starts[] = { 400, 700 };
  QcMeasureChart *chart;

  for (guint i = 0; i < N_POINTS; i++)
    {
      g_autoptr(GDateTime) start = g_date_time_new_utc (2022, 1, 1, 0, 0, 0);
      g_autoptr(GDateTime) d = g_date_time_add_days (start, (int) i);
      g_autofree char *date = g_date_time_format (d, "%Y-%m-%d");
      double den = g_rand_int_range (rand, 20, 200);
      double p = i < 400 ? 0.6 : (i < 700 ? 0.7 : 0.75);
      double num = round (den * p + g_rand_double_range (rand, -8, 8));

      if (ratio)
        qc_chart_series_add_ratio (s, date, CLAMP (num, 0, den), den);
      else
        qc_chart_series_add (s, date, 50 + 10 * p + g_rand_double_range (rand, -3, 3));
    }
  g_rand_free (rand);

  qc_chart_options_init (&options, type);
  options.phase_starts = starts;
  options.n_phase_starts = G_N_ELEMENTS (starts);
  if (type == QC_CHART_TYPE_I)
    {
      options.rules = QC_CHART_RULES_MDC;
      options.target = 58;
    }
  chart = qc_measure_chart_new_for_series (s, &options);
  chart->name = g_strdup ("Benchmark: 1,000 daily points");
  chart->definition = g_strdup ("A measure with a point every day for almost three years, in three phases.");
  for (guint i = 50; i < N_POINTS; i += 100)
    chart->notes[i] = g_strdup_printf ("Note on point %u", i);
  return chart;
}

static void
bench_one (QcChartType  type,
           const char  *out_dir)
{
  double analyse[RUNS], full[RUNS], spark[RUNS], files[QC_CHART_N_FORMATS][RUNS];
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 800);
  cairo_surface_t *small = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 40);
  g_autofree char *dir = out_dir ? g_strdup (out_dir) : g_dir_make_tmp ("bench-chart-XXXXXX", NULL);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      QcMeasureChart *chart = make_chart (type);
      g_autoptr(QcChartRender) render = NULL;
      gint64 t0 = g_get_monotonic_time ();
      cairo_t *cr;

      render = qc_chart_render_new (chart, &error);
      g_assert_no_error (error);
      analyse[run] = (g_get_monotonic_time () - t0) / 1000.0;

      cr = cairo_create (surface);
      t0 = g_get_monotonic_time ();
      qc_chart_render_draw (render, cr, 1280, 800, QC_CHART_RENDER_FULL);
      cairo_surface_flush (surface);
      full[run] = (g_get_monotonic_time () - t0) / 1000.0;
      cairo_destroy (cr);

      cr = cairo_create (small);
      t0 = g_get_monotonic_time ();
      qc_chart_render_draw (render, cr, 160, 40, QC_CHART_RENDER_COMPACT);
      cairo_surface_flush (small);
      spark[run] = (g_get_monotonic_time () - t0) / 1000.0;
      cairo_destroy (cr);

      for (guint f = 0; f < QC_CHART_N_FORMATS; f++)
        {
          g_autofree char *name = g_strdup_printf ("bench-%s.%s", qc_chart_type_to_string (type),
                                                   qc_chart_format_to_string (f));
          g_autofree char *path = g_build_filename (dir, name, NULL);
          double w, h;

          qc_chart_format_default_size (f, &w, &h);
          t0 = g_get_monotonic_time ();
          if (!qc_chart_render_to_file (render, path, f, w, h, &error))
            g_error ("%s", error->message);
          files[f][run] = (g_get_monotonic_time () - t0) / 1000.0;
          if (out_dir == NULL)
            g_unlink (path);
        }
    }
  if (out_dir == NULL)
    g_rmdir (dir);
  cairo_surface_destroy (surface);
  cairo_surface_destroy (small);

  g_print ("%s chart, %u points (median of %u)\n", type == QC_CHART_TYPE_P ? "p" : "i (mdc)", N_POINTS, RUNS);
  g_print ("  analyse                         %8.2f ms\n", median (analyse));
  g_print ("  draw 1280x800 image surface     %8.2f ms\n", median (full));
  g_print ("  draw 160x40 sparkline           %8.2f ms\n", median (spark));
  g_print ("  write PNG 1280x800              %8.2f ms\n", median (files[QC_CHART_FORMAT_PNG]));
  g_print ("  write SVG 1280x800              %8.2f ms\n", median (files[QC_CHART_FORMAT_SVG]));
  g_print ("  write PDF A4                    %8.2f ms\n", median (files[QC_CHART_FORMAT_PDF]));
}

int
main (int argc, char **argv)
{
  bench_one (QC_CHART_TYPE_P, argc > 1 ? argv[1] : NULL);
  bench_one (QC_CHART_TYPE_I, argc > 1 ? argv[1] : NULL);
  return 0;
}
