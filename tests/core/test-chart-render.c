/* The chart renderer and the measure → chart mapping: every output format
 * gives a valid file, no series crashes it, and the words and hit tests the
 * app shows agree with the analysis.
 *
 * Set QC_CHART_RENDER_OUTPUT=DIR to keep the rendered files for a look. */
#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <string.h>

#include "qc-chart-render.h"
#include "qc-error.h"
#include "qc-measure-chart.h"
#include "qc-record.h"

static char *tmp_dir;

static char *
out_path (const char *name)
{
  const char *keep = g_getenv ("QC_CHART_RENDER_OUTPUT");

  if (keep != NULL && *keep != '\0')
    {
      g_mkdir_with_parents (keep, 0755);
      return g_build_filename (keep, name, NULL);
    }
  return g_build_filename (tmp_dir, name, NULL);
}

/* ---- fixtures -------------------------------------------------------------- */

static void
add_point (QcRecord   *measure,
           const char *date,
           const char *value,
           const char *note)
{
  QcItem *item = qc_record_add_item (measure, "point");

  qc_item_set (item, "date", date);
  qc_item_set (item, "value", value);
  qc_item_set (item, "text", note);
}

static void
add_ratio (QcRecord   *measure,
           const char *date,
           const char *numerator,
           const char *denominator)
{
  QcItem *item = qc_record_add_item (measure, "point");

  qc_item_set (item, "date", date);
  qc_item_set (item, "numerator", numerator);
  qc_item_set (item, "denominator", denominator);
}

static void
add_phase (QcRecord   *measure,
           const char *start,
           const char *label)
{
  QcItem *item = qc_record_add_item (measure, "phase");

  qc_item_set (item, "start", start);
  qc_item_set (item, "label", label);
}

static char *
week_date (guint week)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 5, 0, 0, 0);
  g_autoptr(GDateTime) d = g_date_time_add_weeks (start, (int) week);

  return g_date_time_format (d, "%Y-%m-%d");
}

/* A run chart with a shift: 14 points around 70, then 10 below 60. */
static QcRecord *
make_run_measure (void)
{
  static const double values[] = { 72, 65, 80, 70, 68, 75, 77, 62, 74, 69, 71, 66, 78, 73,
                                   58, 55, 60, 52, 57, 54, 50, 56, 53, 51 };
  QcRecord *m = qc_record_new (&qc_kind_measure);

  qc_record_set (m, "name", "Minutes from arrival to antibiotics");
  qc_record_set (m, "definition", "Median minutes from arrival in ED to first antibiotic dose, each week.");
  qc_record_set (m, "unit", "minutes");
  qc_record_set (m, "direction", "decrease");
  qc_record_set (m, "chart", "run");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *date = week_date (i);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      add_point (m, date, g_ascii_dtostr (buf, sizeof buf, values[i]),
                 i == 14 ? "Prompt added to triage form" : NULL);
    }
  return m;
}

/* A p chart with varying denominators and two phases. */
static QcRecord *
make_p_measure (void)
{
  QcRecord *m = qc_record_new (&qc_kind_measure);
  GRand *rand = g_rand_new_with_seed (7);

  qc_record_set (m, "name", "Patients screened within 1 hour");
  qc_record_set (m, "direction", "increase");
  qc_record_set (m, "target", "0.9");
  qc_record_set (m, "chart", "p");
  add_phase (m, "2026-03-02", "New screening tool");
  add_phase (m, "2026-06-01", "Sepsis nurse on every shift");
  for (guint i = 0; i < 36; i++)
    {
      g_autofree char *date = week_date (i);
      int den = g_rand_int_range (rand, 25, 90);
      double p = i < 8 ? 0.55 : (i < 21 ? 0.72 : 0.86);
      int num = (int) round (p * den + g_rand_double_range (rand, -3, 3));
      g_autofree char *n = g_strdup_printf ("%d", CLAMP (num, 0, den));
      g_autofree char *d = g_strdup_printf ("%d", den);

      add_ratio (m, date, n, d);
    }
  g_rand_free (rand);
  return m;
}

/* An XmR chart for the Making Data Count rules, with a target. */
static QcRecord *
make_mdc_measure (void)
{
  static const double values[] = { 6.1, 5.8, 6.5, 5.2, 6.9, 6.0, 5.5, 6.3, 7.9, 6.2, 5.9, 6.4,
                                   5.1, 5.0, 4.9, 4.6, 4.2, 4.0, 3.8, 4.6, 5.1, 4.4, 4.8, 4.3,
                                   4.7, 9.6 };
  QcRecord *m = qc_record_new (&qc_kind_measure);

  qc_record_set (m, "name", "Falls per 1,000 bed days");
  qc_record_set (m, "direction", "decrease");
  qc_record_set (m, "target", "4.5");
  qc_record_set (m, "chart", "i");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *date = g_strdup_printf ("%04u-%02u-01", 2024 + i / 12, i % 12 + 1);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      add_point (m, date, g_ascii_dtostr (buf, sizeof buf, values[i]), NULL);
    }
  return m;
}

static QcChartRender *
render_for (QcRecord     *measure,
            QcChartRules  rules)
{
  g_autoptr(GError) error = NULL;
  QcChartRender *render = qc_chart_render_new (qc_measure_chart_new (measure, rules), &error);

  g_assert_no_error (error);
  g_assert_nonnull (render);
  return render;
}

static QcChartRender *
render_series (QcChartSeries *series,
               QcChartType    type,
               QcChartRules   rules)
{
  g_autoptr(GError) error = NULL;
  QcChartOptions options;
  QcChartRender *render;

  qc_chart_options_init (&options, type);
  options.rules = rules;
  render = qc_chart_render_new (qc_measure_chart_new_for_series (series, &options), &error);
  g_assert_no_error (error);
  g_assert_nonnull (render);
  return render;
}

/* Draws to an image and counts the pixels that are not background. */
static guint
draw_and_count_ink (QcChartRender      *render,
                    int                 width,
                    int                 height,
                    QcChartRenderFlags  flags)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  const guchar *data;
  int stride;
  guint ink = 0;

  qc_chart_render_draw (render, cr, width, height, flags);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + x * 4);
        /* neither transparent nor white */
        if ((px >> 24) != 0 && (px & 0xffffff) != 0xffffff)
          ink++;
      }
  cairo_surface_destroy (surface);
  return ink;
}

/* ---- files ----------------------------------------------------------------- */

static void
check_no_temporary_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      const char *dot = strrchr (name, '.');
      g_assert_true (dot != NULL && (g_str_equal (dot, ".png") || g_str_equal (dot, ".svg") ||
                                     g_str_equal (dot, ".pdf") || g_str_equal (dot, ".txt")));
    }
}

static void
test_png (void)
{
  g_autoptr(QcRecord) m = make_run_measure ();
  g_autoptr(QcChartRender) render = render_for (m, QC_CHART_RULES_ANHOEJ);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = out_path ("run-1280x800.png");
  g_autofree char *small = out_path ("run-480x300.png");
  cairo_surface_t *png;

  g_assert_true (qc_chart_render_to_file (render, path, QC_CHART_FORMAT_PNG, 1280, 800, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 800);
  cairo_surface_destroy (png);

  g_assert_true (qc_chart_render_to_file (render, small, QC_CHART_FORMAT_PNG, 480, 300, &error));
  png = cairo_image_surface_create_from_png (small);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 480);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 300);
  cairo_surface_destroy (png);
  check_no_temporary_files (tmp_dir);
}

static void
test_svg (void)
{
  g_autoptr(QcRecord) m = make_p_measure ();
  g_autoptr(QcChartRender) render = render_for (m, QC_CHART_RULES_ANHOEJ);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = out_path ("p-phases.svg");
  xmlDocPtr doc;
  xmlNodePtr root;
  xmlChar *width;

  g_assert_true (qc_chart_render_to_file (render, path, QC_CHART_FORMAT_SVG, 1280, 800, &error));
  g_assert_no_error (error);
  doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_nonnull (root);
  g_assert_cmpstr ((const char *) root->name, ==, "svg");
  width = xmlGetProp (root, (const xmlChar *) "width");
  g_assert_nonnull (width);
  g_assert_true (g_str_has_prefix ((const char *) width, "1280"));
  xmlFree (width);
  xmlFreeDoc (doc);
}

static void
test_pdf (void)
{
  g_autoptr(QcRecord) m = make_mdc_measure ();
  g_autoptr(QcChartRender) render = render_for (m, QC_CHART_RULES_MDC);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = out_path ("mdc.pdf");
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (qc_chart_render_to_file (render, path, QC_CHART_FORMAT_PDF, 842, 595, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (g_strstr_len (contents + len - 32, 32, "%%EOF"));
}

static void
test_file_errors (void)
{
  g_autoptr(QcRecord) m = make_run_measure ();
  g_autoptr(QcChartRender) render = render_for (m, QC_CHART_RULES_ANHOEJ);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmp_dir, "no-such-dir", "x.png", NULL);
  g_autofree char *existing = g_build_filename (tmp_dir, "existing.png", NULL);
  g_autofree char *contents = NULL;
  cairo_surface_t *png;

  g_assert_false (qc_chart_render_to_file (render, missing, QC_CHART_FORMAT_PNG, 640, 400, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "x.png"));
  g_clear_error (&error);

  g_assert_false (qc_chart_render_to_file (render, existing, QC_CHART_FORMAT_PNG, 20, 400, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_clear_error (&error);

  /* A file that exists is replaced whole. */
  g_assert_true (g_file_set_contents (existing, "not a png", -1, NULL));
  g_assert_true (qc_chart_render_to_file (render, existing, QC_CHART_FORMAT_PNG, 640, 400, &error));
  png = cairo_image_surface_create_from_png (existing);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 640);
  cairo_surface_destroy (png);
  check_no_temporary_files (tmp_dir);
}

static void
test_formats (void)
{
  QcChartFormat f;
  double w, h;

  g_assert_true (qc_chart_format_from_string ("svg", &f));
  g_assert_cmpint (f, ==, QC_CHART_FORMAT_SVG);
  g_assert_true (qc_chart_format_from_string ("PNG", &f));
  g_assert_cmpint (f, ==, QC_CHART_FORMAT_PNG);
  g_assert_false (qc_chart_format_from_string ("gif", &f));
  g_assert_false (qc_chart_format_from_string (NULL, &f));
  g_assert_true (qc_chart_format_from_path ("/tmp/a.chart.PDF", &f));
  g_assert_cmpint (f, ==, QC_CHART_FORMAT_PDF);
  g_assert_false (qc_chart_format_from_path ("/tmp/a.d/chart", &f));
  g_assert_cmpstr (qc_chart_format_to_string (QC_CHART_FORMAT_SVG), ==, "svg");
  qc_chart_format_default_size (QC_CHART_FORMAT_PDF, &w, &h);
  g_assert_cmpfloat (w, >, h);
}

/* ---- series that could break it --------------------------------------------- */

static void
test_empty_measure (void)
{
  g_autoptr(QcRecord) m = qc_record_new (&qc_kind_measure);
  g_autoptr(QcChartRender) render = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = out_path ("empty.png");
  g_autofree char *summary = NULL;

  qc_record_set (m, "name", "Nothing measured yet");
  render = render_for (m, QC_CHART_RULES_ANHOEJ);
  g_assert_cmpuint (qc_chart_render_get_result (render)->n_points, ==, 0);
  g_assert_cmpuint (draw_and_count_ink (render, 640, 400, QC_CHART_RENDER_FULL), >, 0);
  draw_and_count_ink (render, 120, 32, QC_CHART_RENDER_COMPACT);
  g_assert_true (qc_chart_render_to_file (render, path, QC_CHART_FORMAT_PNG, 640, 400, &error));
  g_assert_no_error (error);
  g_assert_cmpint (qc_chart_render_point_at (render, 320, 200, 640, 400, 0), ==, -1);
  summary = qc_chart_render_describe (render);
  g_assert_nonnull (summary);

  /* Every chart type, every rule set, with nothing in it. */
  for (guint t = 0; t < QC_CHART_N_TYPES; t++)
    for (guint r = 0; r < QC_CHART_N_RULES; r++)
      {
        g_autoptr(QcChartSeries) s = qc_chart_series_new (qc_chart_type_allows_denominators (t) &&
                                                          t != QC_CHART_TYPE_RUN);
        g_autoptr(QcChartRender) e = render_series (s, t, r);

        draw_and_count_ink (e, 300, 200, QC_CHART_RENDER_FULL);
        draw_and_count_ink (e, 100, 30, QC_CHART_RENDER_COMPACT);
      }
}

static void
test_one_point (void)
{
  for (guint t = 0; t < QC_CHART_N_TYPES; t++)
    for (guint r = 0; r < QC_CHART_N_RULES; r++)
      {
        gboolean ratio = qc_chart_type_needs_denominators (t);
        g_autoptr(QcChartSeries) s = qc_chart_series_new (ratio);
        g_autoptr(QcChartRender) render = NULL;
        g_autofree char *words = NULL;
        double x, y;

        if (ratio)
          qc_chart_series_add_ratio (s, "2026-01-05", 3, 10);
        else
          qc_chart_series_add (s, "2026-01-05", 7);
        render = render_series (s, t, r);
        g_assert_cmpuint (draw_and_count_ink (render, 640, 400, QC_CHART_RENDER_FULL), >, 0);
        draw_and_count_ink (render, 120, 32, QC_CHART_RENDER_COMPACT);
        if (t != QC_CHART_TYPE_MR)
          {
            g_assert_true (qc_chart_render_point_position (render, 0, 640, 400, 0, &x, &y));
            g_assert_cmpint (qc_chart_render_point_at (render, x, y, 640, 400, 0), ==, 0);
            words = qc_chart_render_describe_point (render, 0);
            g_assert_nonnull (strstr (words, "2026"));
          }
      }
}

static void
test_thousand_points (void)
{
  g_autoptr(QcChartSeries) s = qc_chart_series_new (TRUE);
  g_autoptr(QcChartRender) render = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = out_path ("p-1000.png");
  g_autofree guint *starts = g_new (guint, 2);
  GRand *rand = g_rand_new_with_seed (1);
  QcChartOptions options;
  cairo_surface_t *surface;
  cairo_t *cr;
  gint64 t0, t1;

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(GDateTime) start = g_date_time_new_utc (2020, 1, 1, 0, 0, 0);
      g_autoptr(GDateTime) d = g_date_time_add_days (start, (int) i);
      g_autofree char *date = g_date_time_format (d, "%Y-%m-%d");
      double den = g_rand_int_range (rand, 20, 200);
      double p = i < 600 ? 0.6 : 0.7;

      if (i % 97 == 5)
        qc_chart_series_add_ratio (s, date, NAN, NAN);
      else
        qc_chart_series_add_ratio (s, date, round (den * p + g_rand_double_range (rand, -6, 6)), den);
    }
  g_rand_free (rand);

  qc_chart_options_init (&options, QC_CHART_TYPE_P);
  starts[0] = 600;
  options.phase_starts = starts;
  options.n_phase_starts = 1;
  render = qc_chart_render_new (qc_measure_chart_new_for_series (s, &options), &error);
  g_assert_no_error (error);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 800);
  cr = cairo_create (surface);
  t0 = g_get_monotonic_time ();
  qc_chart_render_draw (render, cr, 1280, 800, QC_CHART_RENDER_FULL);
  t1 = g_get_monotonic_time ();
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_test_message ("1,000 points drawn in %.1f ms", (t1 - t0) / 1000.0);

  g_assert_true (qc_chart_render_to_file (render, path, QC_CHART_FORMAT_PNG, 1280, 800, &error));
  g_assert_no_error (error);
  draw_and_count_ink (render, 160, 40, QC_CHART_RENDER_COMPACT);

  /* Every point is found where it is drawn. */
  for (guint i = 0; i < 1000; i += 37)
    {
      double x, y;

      if (!qc_chart_render_point_position (render, i, 1280, 800, 0, &x, &y))
        continue;
      g_assert_cmpint (qc_chart_render_point_at (render, x, y, 1280, 800, 0), ==, (int) i);
    }
}

static void
test_missing_values (void)
{
  g_autoptr(QcRecord) m = qc_record_new (&qc_kind_measure);
  g_autoptr(QcChartRender) render = NULL;
  g_autofree char *path = out_path ("missing.png");
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;
  const QcChartResult *r;

  qc_record_set (m, "name", "Gaps");
  qc_record_set (m, "chart", "i");
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *date = week_date (i);
      g_autofree char *value = g_strdup_printf ("%u", 10 + (i * 7) % 5);

      add_point (m, date, i % 6 == 2 ? NULL : value, NULL);
    }
  render = render_for (m, QC_CHART_RULES_IHI);
  r = qc_chart_render_get_result (render);
  g_assert_cmpuint (r->n_points, ==, 20);
  g_assert_cmpuint (r->n, ==, 17);
  g_assert_true (isnan (r->points[2].y));
  g_assert_cmpint (qc_chart_render_point_mark (render, 2), ==, QC_CHART_MARK_NONE);
  g_assert_false (qc_chart_render_point_position (render, 2, 640, 400, 0, NULL, NULL));
  words = qc_chart_render_describe_point (render, 2);
  g_assert_nonnull (strstr (words, "No value"));
  g_assert_true (qc_chart_render_to_file (render, path, QC_CHART_FORMAT_PNG, 640, 400, &error));
  g_assert_no_error (error);

  /* All missing */
  {
    g_autoptr(QcRecord) gaps = qc_record_new (&qc_kind_measure);
    g_autoptr(QcChartRender) g = NULL;

    qc_record_set (gaps, "name", "All gaps");
    add_point (gaps, "2026-01-05", NULL, "no audit");
    add_point (gaps, "2026-01-12", NULL, NULL);
    g = render_for (gaps, QC_CHART_RULES_ANHOEJ);
    g_assert_cmpuint (draw_and_count_ink (g, 640, 400, 0), >, 0);
    draw_and_count_ink (g, 100, 30, QC_CHART_RENDER_COMPACT);
    g_assert_cmpint (qc_chart_render_point_at (g, 320, 200, 640, 400, 0), ==, -1);
  }
}

static void
test_phases_and_labels (void)
{
  g_autoptr(QcRecord) m = make_p_measure ();
  g_autoptr(QcChartRender) render = NULL;
  const QcMeasureChart *c;
  const QcChartResult *r;

  /* A phase before the first point names the first phase; one after the
   * last is dropped; two on the same point are one. */
  add_phase (m, "2025-01-01", "Baseline audit");
  add_phase (m, "2030-01-01", "Future");
  add_phase (m, "2026-03-01", "Same point as the new tool");
  render = render_for (m, QC_CHART_RULES_ANHOEJ);
  c = qc_chart_render_get_chart (render);
  r = qc_chart_render_get_result (render);
  g_assert_cmpuint (c->n_phase_starts, ==, 2);
  g_assert_cmpuint (c->phase_starts[0], ==, 8);   /* 2026-03-02 is week 8 */
  g_assert_cmpuint (c->phase_starts[1], ==, 21);  /* 2026-06-01 is week 21 */
  g_assert_cmpstr (c->phase_labels[0], ==, "Baseline audit");
  g_assert_cmpstr (c->phase_labels[1], ==, "Same point as the new tool; New screening tool");
  g_assert_cmpstr (c->phase_labels[2], ==, "Sepsis nurse on every shift");
  g_assert_cmpuint (r->n_phases, ==, 3);
  g_assert_cmpuint (r->phases[1].first, ==, 8);
  /* Limits step with the denominator. */
  g_assert_cmpfloat (r->points[22].ucl, !=, r->points[23].ucl);
  g_assert_true (c->options.type == QC_CHART_TYPE_P);
  g_assert_cmpfloat (c->options.target, ==, 0.9);
  g_assert_cmpuint (draw_and_count_ink (render, 1280, 800, 0), >, 0);
}

/* ---- measure records ------------------------------------------------------- */

static void
test_measure_mapping (void)
{
  g_autoptr(QcRecord) m = qc_record_new (&qc_kind_measure);
  g_autoptr(QcMeasureChart) c = NULL;
  QcItem *item;

  qc_record_set (m, "name", "Out of order");
  /* Entered out of date order, one with a PDSA cycle. */
  add_point (m, "2026-02-01", "3", "third");
  add_point (m, "2026-01-01", "1", NULL);
  item = qc_record_add_item (m, "point");
  qc_item_set (item, "date", "2026-01-15");
  qc_item_set (item, "value", "2");
  qc_item_set (item, "pdsa", "0b8f7ad2-5a43-4a8e-9a52-1e7c3f2b9d10");

  c = qc_measure_chart_new (m, QC_CHART_RULES_MDC);
  /* No chart type: a run chart; mdc does not apply to it. */
  g_assert_cmpint (c->options.type, ==, QC_CHART_TYPE_RUN);
  g_assert_true (c->rules_fell_back);
  g_assert_cmpint (c->options.rules, ==, QC_CHART_RULES_ANHOEJ);
  g_assert_cmpint (c->requested_rules, ==, QC_CHART_RULES_MDC);
  g_assert_cmpint (c->options.direction, ==, QC_CHART_DIRECTION_NEUTRAL);
  g_assert_true (isnan (c->options.target));
  g_assert_null (c->series->denominators);
  g_assert_cmpuint (c->series->len, ==, 3);
  g_assert_cmpstr (c->series->dates[0], ==, "2026-01-01");
  g_assert_cmpstr (c->series->dates[2], ==, "2026-02-01");
  g_assert_cmpfloat (c->series->values[1], ==, 2);
  g_assert_cmpuint (c->item_index[0], ==, 1);
  g_assert_cmpuint (c->item_index[2], ==, 0);
  g_assert_cmpstr (c->notes[2], ==, "third");
  g_assert_null (c->notes[0]);
  g_assert_cmpstr (c->pdsa_ids[1], ==, "0b8f7ad2-5a43-4a8e-9a52-1e7c3f2b9d10");
  g_assert_cmpuint (c->n_phase_starts, ==, 0);
  g_clear_pointer (&c, qc_measure_chart_free);

  /* An i chart keeps mdc; a run chart of ratios plots them. */
  qc_record_set (m, "chart", "i");
  c = qc_measure_chart_new (m, QC_CHART_RULES_MDC);
  g_assert_false (c->rules_fell_back);
  g_assert_cmpint (c->options.rules, ==, QC_CHART_RULES_MDC);
  g_clear_pointer (&c, qc_measure_chart_free);

  {
    g_autoptr(QcRecord) ratios = qc_record_new (&qc_kind_measure);

    qc_record_set (ratios, "name", "Ratios");
    add_ratio (ratios, "2026-01-01", "3", "10");
    add_ratio (ratios, "2026-01-08", "4", "0");
    add_ratio (ratios, "2026-01-15", NULL, NULL);
    c = qc_measure_chart_new (ratios, QC_CHART_RULES_ANHOEJ);
    g_assert_nonnull (c->series->denominators);
    g_assert_cmpfloat (qc_chart_series_get_y (c->series, 0), ==, 0.3);
    g_assert_true (isnan (qc_chart_series_get_y (c->series, 1)));
    g_assert_true (isnan (qc_chart_series_get_y (c->series, 2)));
    g_clear_pointer (&c, qc_measure_chart_free);

    /* The same points on an i chart: the ratio as the value. */
    qc_record_set (ratios, "chart", "i");
    c = qc_measure_chart_new (ratios, QC_CHART_RULES_ANHOEJ);
    g_assert_null (c->series->denominators);
    g_assert_cmpfloat (c->series->values[0], ==, 0.3);
    g_clear_pointer (&c, qc_measure_chart_free);

    /* A p chart whose points have plain values: they are missing. */
    qc_record_set (m, "chart", "p");
    c = qc_measure_chart_new (m, QC_CHART_RULES_ANHOEJ);
    g_assert_nonnull (c->series->denominators);
    g_assert_true (isnan (qc_chart_series_get_y (c->series, 0)));
  }
}

static void
test_pasted_points (void)
{
  g_autoptr(GPtrArray) points = NULL;
  g_autoptr(GError) error = NULL;
  QcItem *item;
  char *date;

  points = qc_measure_points_from_text ("2026-01-05\t12\n05/01/2026\t13.5\tafter audit\r\n\n12/1/26\t\n", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 3);
  item = points->pdata[1];
  g_assert_cmpstr (qc_item_get (item, "date"), ==, "2026-01-05");
  g_assert_cmpstr (qc_item_get (item, "value"), ==, "13.5");
  g_assert_cmpstr (qc_item_get (item, "text"), ==, "after audit");
  item = points->pdata[2];
  g_assert_cmpstr (qc_item_get (item, "date"), ==, "2026-01-12");
  g_assert_null (qc_item_get (item, "value"));
  g_clear_pointer (&points, g_ptr_array_unref);

  /* Commas, a header that reorders, quotes. */
  points = qc_measure_points_from_text ("Denominator,Date,Numerator,Note\n"
                                        "40,2026-01-05,31,\"late, then fixed\"\n", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 1);
  item = points->pdata[0];
  g_assert_cmpstr (qc_item_get (item, "numerator"), ==, "31");
  g_assert_cmpstr (qc_item_get (item, "denominator"), ==, "40");
  g_assert_cmpstr (qc_item_get (item, "text"), ==, "late, then fixed");
  g_clear_pointer (&points, g_ptr_array_unref);

  /* Ratios by position */
  points = qc_measure_points_from_text ("2026-01-05,31,40\n", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (qc_item_get (points->pdata[0], "denominator"), ==, "40");
  g_clear_pointer (&points, g_ptr_array_unref);

  /* Errors name the line. */
  points = qc_measure_points_from_text ("2026-01-05\t12\n2026-02-30\t4\n", FALSE, &error);
  g_assert_null (points);
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "line 2:"));
  g_clear_error (&error);
  points = qc_measure_points_from_text ("2026-01-05\ttwelve\n", FALSE, &error);
  g_assert_null (points);
  g_assert_true (g_str_has_prefix (error->message, "line 1:"));
  g_clear_error (&error);
  points = qc_measure_points_from_text ("2026-01-05,3,0\n", TRUE, &error);
  g_assert_null (points);
  g_clear_error (&error);
  points = qc_measure_points_from_text ("\n\n", FALSE, &error);
  g_assert_null (points);
  g_clear_error (&error);
  points = qc_measure_points_from_text ("2026-01-05\t1\t2\t3\t4\n", FALSE, &error);
  g_assert_null (points);
  g_clear_error (&error);

  date = qc_measure_parse_date ("31/12/2025");
  g_assert_cmpstr (date, ==, "2025-12-31");
  g_free (date);
  g_assert_null (qc_measure_parse_date ("12/31/2025"));
  g_assert_null (qc_measure_parse_date ("yesterday"));
  g_assert_null (qc_measure_parse_date (NULL));
}

/* ---- words and hit tests -------------------------------------------------- */

static gboolean
strv_has_substring (GStrv       strv,
                    const char *needle)
{
  for (guint i = 0; strv[i]; i++)
    if (strstr (strv[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_reasons (void)
{
  g_autoptr(QcRecord) run = make_run_measure ();
  g_autoptr(QcChartRender) render = render_for (run, QC_CHART_RULES_ANHOEJ);
  const QcChartResult *r = qc_chart_render_get_result (render);
  g_auto(GStrv) reasons = NULL;
  g_autofree char *words = NULL;

  /* The last 10 points are below the median: a shift, an improvement for a
   * measure that should go down. */
  g_assert_true (r->points[23].signals & QC_CHART_SIGNAL_SHIFT);
  reasons = qc_chart_render_point_reasons (render, 23);
  g_assert_true (strv_has_substring (reasons, "10 points in a row below the median: a shift"));
  g_assert_cmpint (qc_chart_render_point_mark (render, 23), ==, QC_CHART_MARK_IMPROVEMENT);
  g_assert_cmpint (qc_chart_render_point_mark (render, 0), ==, QC_CHART_MARK_COMMON);
  words = qc_chart_render_describe_point (render, 14);
  g_assert_nonnull (strstr (words, "Prompt added to triage form"));
  g_assert_nonnull (strstr (words, "Median"));
  g_assert_nonnull (strstr (words, "minutes"));
  g_clear_pointer (&reasons, g_strfreev);

  /* A trend, IHI: 5 going up. */
  {
    static const double v[] = { 10, 12, 9, 11, 10, 8, 9, 10, 11, 13, 15, 12, 10, 11 };
    g_autoptr(QcChartSeries) s = qc_chart_series_new (FALSE);
    g_autoptr(QcChartRender) t = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (v); i++)
      {
        g_autofree char *date = week_date (i);
        qc_chart_series_add (s, date, v[i]);
      }
    t = render_series (s, QC_CHART_TYPE_RUN, QC_CHART_RULES_IHI);
    g_assert_true (qc_chart_render_get_result (t)->points[8].signals & QC_CHART_SIGNAL_TREND);
    reasons = qc_chart_render_point_reasons (t, 8);
    g_assert_true (strv_has_substring (reasons, "6 points in a row going up: a trend"));
    g_clear_pointer (&reasons, g_strfreev);
    /* Options default to "higher is better": going up is an improvement. */
    g_assert_cmpint (qc_chart_render_point_mark (t, 8), ==, QC_CHART_MARK_IMPROVEMENT);
  }

  /* MDC: outside the limits, and the icons' inputs. */
  {
    g_autoptr(QcRecord) mdc = make_mdc_measure ();
    g_autoptr(QcChartRender) m = render_for (mdc, QC_CHART_RULES_MDC);
    const QcChartResult *mr = qc_chart_render_get_result (m);
    g_autofree char *summary = NULL;

    g_assert_true (mr->points[25].signals & QC_CHART_SIGNAL_OUTSIDE_LIMITS);
    g_assert_cmpint (mr->points[25].variation, ==, QC_CHART_VARIATION_CONCERN);
    g_assert_cmpint (qc_chart_render_point_mark (m, 25), ==, QC_CHART_MARK_CONCERN);
    reasons = qc_chart_render_point_reasons (m, 25);
    g_assert_true (strv_has_substring (reasons, "Above the upper process limit"));
    g_clear_pointer (&reasons, g_strfreev);
    g_clear_pointer (&words, g_free);
    words = qc_chart_render_describe_point (m, 25);
    g_assert_nonnull (strstr (words, "Process limits"));
    g_assert_nonnull (strstr (words, "concern"));
    summary = qc_chart_render_describe (m);
    g_assert_nonnull (strstr (summary, "Making Data Count"));
  }

  /* MDC: two of three near the upper limit. */
  {
    static const double v[] = { 10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 11, 9, 10, 14.5, 10.5, 14.6, 10, 9, 11, 10 };
    g_autoptr(QcChartSeries) s = qc_chart_series_new (FALSE);
    g_autoptr(QcChartRender) t = NULL;
    const QcChartResult *tr;
    gboolean found = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS (v); i++)
      {
        g_autofree char *date = week_date (i);
        qc_chart_series_add (s, date, v[i]);
      }
    t = render_series (s, QC_CHART_TYPE_I, QC_CHART_RULES_MDC);
    tr = qc_chart_render_get_result (t);
    for (guint i = 0; i < tr->n_points; i++)
      if (tr->points[i].signals & QC_CHART_SIGNAL_TWO_OF_THREE)
        {
          reasons = qc_chart_render_point_reasons (t, i);
          g_assert_true (strv_has_substring (reasons, "2 of 3 points near the upper limit"));
          g_clear_pointer (&reasons, g_strfreev);
          found = TRUE;
        }
    g_assert_true (found);
  }
}

static void
test_point_at (void)
{
  g_autoptr(QcRecord) m = make_p_measure ();
  g_autoptr(QcChartRender) render = render_for (m, QC_CHART_RULES_ANHOEJ);
  const QcChartResult *r = qc_chart_render_get_result (render);
  const QcChartRenderFlags sizes_flags[] = { QC_CHART_RENDER_FULL, QC_CHART_RENDER_COMPACT };
  const double sizes[][2] = { { 1280, 800 }, { 480, 300 }, { 160, 40 } };

  for (guint f = 0; f < G_N_ELEMENTS (sizes_flags); f++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint i = 0; i < r->n_points; i++)
        {
          double x, y;

          g_assert_true (qc_chart_render_point_position (render, i, sizes[s][0], sizes[s][1],
                                                         sizes_flags[f], &x, &y));
          g_assert_cmpfloat (x, >=, 0);
          g_assert_cmpfloat (x, <=, sizes[s][0]);
          g_assert_cmpfloat (y, >=, 0);
          g_assert_cmpfloat (y, <=, sizes[s][1]);
          g_assert_cmpint (qc_chart_render_point_at (render, x, y, sizes[s][0], sizes[s][1],
                                                     sizes_flags[f]), ==, (int) i);
        }
  /* Far from any point: nothing. */
  g_assert_cmpint (qc_chart_render_point_at (render, 2, 2, 1280, 800, 0), ==, -1);
}

static void
test_compact_has_ink (void)
{
  g_autoptr(QcRecord) m = make_mdc_measure ();
  g_autoptr(QcChartRender) render = render_for (m, QC_CHART_RULES_MDC);
  const char *keep = g_getenv ("QC_CHART_RENDER_OUTPUT");

  g_assert_cmpuint (draw_and_count_ink (render, 160, 40, QC_CHART_RENDER_COMPACT), >, 50);
  if (keep != NULL && *keep != '\0')
    {
      const double sizes[][2] = { { 160, 40 }, { 240, 64 } };
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_autofree char *name = g_strdup_printf ("spark-%gx%g.png", sizes[s][0], sizes[s][1]);
          g_autofree char *path = out_path (name);
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) sizes[s][0], (int) sizes[s][1]);
          cairo_t *cr = cairo_create (surface);

          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_paint (cr);
          qc_chart_render_draw (render, cr, sizes[s][0], sizes[s][1], QC_CHART_RENDER_COMPACT);
          cairo_destroy (cr);
          cairo_surface_write_to_png (surface, path);
          cairo_surface_destroy (surface);
        }
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("qc-chart-render-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/chart-render/formats", test_formats);
  g_test_add_func ("/chart-render/png", test_png);
  g_test_add_func ("/chart-render/svg", test_svg);
  g_test_add_func ("/chart-render/pdf", test_pdf);
  g_test_add_func ("/chart-render/file-errors", test_file_errors);
  g_test_add_func ("/chart-render/empty", test_empty_measure);
  g_test_add_func ("/chart-render/one-point", test_one_point);
  g_test_add_func ("/chart-render/thousand-points", test_thousand_points);
  g_test_add_func ("/chart-render/missing-values", test_missing_values);
  g_test_add_func ("/chart-render/phases", test_phases_and_labels);
  g_test_add_func ("/chart-render/compact", test_compact_has_ink);
  g_test_add_func ("/chart-render/point-at", test_point_at);
  g_test_add_func ("/chart-render/reasons", test_reasons);
  g_test_add_func ("/measure-chart/mapping", test_measure_mapping);
  g_test_add_func ("/measure-chart/pasted-points", test_pasted_points);

  status = g_test_run ();

  /* Leave nothing behind. */
  {
    g_autoptr(GDir) d = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmp_dir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
