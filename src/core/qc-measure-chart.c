#include "config.h"

#include "qc-measure-chart.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qc-error.h"
#include "qc-points-csv.h"

QcChartType
qc_measure_chart_type_of (QcRecord *measure)
{
  QcChartType type = QC_CHART_TYPE_RUN;

  g_return_val_if_fail (QC_IS_RECORD (measure), QC_CHART_TYPE_RUN);

  if (!qc_chart_type_from_string (qc_record_get (measure, "chart"), &type))
    type = QC_CHART_TYPE_RUN;
  return type;
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end = NULL;
  double d;

  if (text == NULL || *text == '\0')
    return FALSE;
  d = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

static double
item_number (const QcItem *item,
             const char   *field)
{
  double d;

  return parse_number (qc_item_get (item, field), &d) ? d : NAN;
}

static char *
dup_nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

typedef struct
{
  const QcItem *item;
  guint         index;
} SortedItem;

static int
compare_by_date (gconstpointer a,
                 gconstpointer b)
{
  const SortedItem *x = a, *y = b;
  int c = g_strcmp0 (qc_item_get (x->item, "date"), qc_item_get (y->item, "date"));

  if (c != 0)
    return c;
  return (x->index > y->index) - (x->index < y->index);
}

static void
alloc_point_arrays (QcMeasureChart *self,
                    guint           len)
{
  self->notes = g_new0 (char *, len + 1);
  self->pdsa_ids = g_new0 (char *, len + 1);
  self->pdsa_labels = g_new0 (char *, len + 1);
  self->item_index = g_new0 (guint, MAX (len, 1));
}

/* Index of the first point dated on or after @date (len when none). */
static guint
lower_bound (const QcChartSeries *series,
             const char          *date)
{
  guint lo = 0, hi = series->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_strcmp0 (series->dates[mid], date) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

typedef struct
{
  const char *start;
  const char *label;
  guint       order;
} PhaseItem;

static int
compare_phase_items (gconstpointer a,
                     gconstpointer b)
{
  const PhaseItem *x = a, *y = b;
  int c = g_strcmp0 (x->start, y->start);

  if (c != 0)
    return c;
  return (x->order > y->order) - (x->order < y->order);
}

/* Takes @label; returns "label; more" (or either alone). */
static char *
join_labels (char       *label,
             const char *more)
{
  char *joined;

  if (more == NULL || *more == '\0')
    return label;
  if (label == NULL)
    return g_strdup (more);
  joined = g_strdup_printf ("%s; %s", label, more);
  g_free (label);
  return joined;
}

/* Phase items become phase starts: each starts at the first point dated on
 * or after its start date. Two that land on the same point are one phase
 * with both reasons; one on or before the first point names the first
 * phase; one after the last point has nothing to start. */
static void
build_phases (QcMeasureChart *self,
              GPtrArray      *items)
{
  g_autofree PhaseItem *phases = NULL;
  guint len = self->series->len, n = 0;
  GPtrArray *labels = g_ptr_array_new ();
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  char *first_label = NULL;

  if (items != NULL && items->len > 0)
    {
      phases = g_new0 (PhaseItem, items->len);
      for (guint i = 0; i < items->len; i++)
        {
          const QcItem *item = g_ptr_array_index (items, i);

          if (qc_item_get (item, "start") == NULL)
            continue;
          phases[n].start = qc_item_get (item, "start");
          phases[n].label = qc_item_get (item, "label");
          phases[n].order = i;
          n++;
        }
      qsort (phases, n, sizeof (PhaseItem), compare_phase_items);
    }

  for (guint i = 0; i < n && len > 0; i++)
    {
      guint at = lower_bound (self->series, phases[i].start);

      if (at >= len)
        continue;
      if (at == 0)
        {
          first_label = join_labels (first_label, phases[i].label);
          continue;
        }
      if (starts->len > 0 && g_array_index (starts, guint, starts->len - 1) == at)
        {
          labels->pdata[labels->len - 1] = join_labels (labels->pdata[labels->len - 1], phases[i].label);
          continue;
        }
      g_array_append_val (starts, at);
      g_ptr_array_add (labels, dup_nonempty (phases[i].label));
    }

  self->n_phase_starts = starts->len;
  self->phase_starts = g_new0 (guint, MAX (starts->len, 1));
  if (starts->len > 0)
    memcpy (self->phase_starts, starts->data, starts->len * sizeof (guint));
  self->phase_labels = g_new0 (char *, starts->len + 2);
  self->phase_labels[0] = first_label;
  for (guint i = 0; i < labels->len; i++)
    self->phase_labels[i + 1] = labels->pdata[i];
  g_ptr_array_free (labels, TRUE);
}

QcMeasureChart *
qc_measure_chart_new (QcRecord     *measure,
                      QcChartRules  rules)
{
  QcMeasureChart *self;
  GPtrArray *points;
  g_autofree SortedItem *sorted = NULL;
  QcChartType type;
  QcChartDirection direction;
  gboolean ratio = FALSE;
  double target = NAN;

  g_return_val_if_fail (QC_IS_RECORD (measure), NULL);
  g_return_val_if_fail ((guint) rules < QC_CHART_N_RULES, NULL);

  self = g_new0 (QcMeasureChart, 1);
  type = qc_measure_chart_type_of (measure);
  /* No better direction stated: judge no point good or bad. */
  if (!qc_chart_direction_from_string (qc_record_get (measure, "direction"), &direction))
    direction = QC_CHART_DIRECTION_NEUTRAL;
  parse_number (qc_record_get (measure, "target"), &target);

  self->name = dup_nonempty (qc_record_get (measure, "name"));
  self->definition = dup_nonempty (qc_record_get (measure, "definition"));
  self->unit = dup_nonempty (qc_record_get (measure, "unit"));

  points = qc_record_get_items (measure, "point");
  sorted = g_new0 (SortedItem, MAX (points->len, 1));
  for (guint i = 0; i < points->len; i++)
    {
      sorted[i].item = g_ptr_array_index (points, i);
      sorted[i].index = i;
    }
  qsort (sorted, points->len, sizeof (SortedItem), compare_by_date);

  /* A p or u chart plots ratios; a run chart does when its points are
   * given as numerator and denominator only. */
  if (qc_chart_type_needs_denominators (type))
    ratio = TRUE;
  else if (type == QC_CHART_TYPE_RUN)
    {
      gboolean any_ratio = FALSE, any_value = FALSE;

      for (guint i = 0; i < points->len; i++)
        {
          const QcItem *item = g_ptr_array_index (points, i);

          any_value |= qc_item_get (item, "value") != NULL;
          any_ratio |= qc_item_get (item, "numerator") != NULL &&
                       qc_item_get (item, "denominator") != NULL;
        }
      ratio = any_ratio && !any_value;
    }

  self->series = qc_chart_series_new (ratio);
  alloc_point_arrays (self, points->len);
  for (guint i = 0; i < points->len; i++)
    {
      const QcItem *item = sorted[i].item;
      const char *date = qc_item_get (item, "date");
      double num = item_number (item, "numerator");
      double den = item_number (item, "denominator");

      if (ratio)
        {
          if (!(isfinite (num) && isfinite (den) && den > 0))
            num = den = NAN;
          qc_chart_series_add_ratio (self->series, date, num, den);
        }
      else
        {
          double value = item_number (item, "value");

          /* Data entered as ratios, charted as values (an i chart of a
           * percentage): plot the ratio. */
          if (!isfinite (value) && isfinite (num) && isfinite (den) && den > 0)
            value = num / den;
          qc_chart_series_add (self->series, date, value);
        }
      self->notes[i] = dup_nonempty (qc_item_get (item, "text"));
      self->pdsa_ids[i] = dup_nonempty (qc_item_get (item, "pdsa"));
      self->item_index[i] = sorted[i].index;
    }

  build_phases (self, qc_record_get_items (measure, "phase"));

  qc_chart_options_init (&self->options, type);
  self->requested_rules = rules;
  if (rules == QC_CHART_RULES_MDC && type != QC_CHART_TYPE_I)
    {
      self->rules_fell_back = TRUE;
      rules = QC_CHART_RULES_ANHOEJ;
    }
  self->options.rules = rules;
  self->options.direction = direction;
  self->options.target = target;
  self->options.phase_starts = self->phase_starts;
  self->options.n_phase_starts = self->n_phase_starts;

  return self;
}

static int
compare_uints (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

QcMeasureChart *
qc_measure_chart_new_for_series (const QcChartSeries  *series,
                                 const QcChartOptions *options)
{
  QcMeasureChart *self;
  guint len, n = 0;

  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_new0 (QcMeasureChart, 1);
  self->series = qc_chart_series_copy (series);
  len = self->series->len;
  alloc_point_arrays (self, len);
  for (guint i = 0; i < len; i++)
    self->item_index[i] = i;

  /* The same phases as the analysis makes of them, so labels line up. */
  self->phase_starts = g_new0 (guint, options->n_phase_starts + 1);
  for (guint i = 0; i < options->n_phase_starts; i++)
    if (options->phase_starts[i] > 0 && options->phase_starts[i] < len)
      self->phase_starts[n++] = options->phase_starts[i];
  qsort (self->phase_starts, n, sizeof (guint), compare_uints);
  self->n_phase_starts = 0;
  for (guint i = 0; i < n; i++)
    if (i == 0 || self->phase_starts[i] != self->phase_starts[self->n_phase_starts - 1])
      self->phase_starts[self->n_phase_starts++] = self->phase_starts[i];
  self->phase_labels = g_new0 (char *, self->n_phase_starts + 2);

  self->options = *options;
  self->requested_rules = options->rules;
  if (options->rules == QC_CHART_RULES_MDC && options->type != QC_CHART_TYPE_I)
    {
      self->rules_fell_back = TRUE;
      self->options.rules = QC_CHART_RULES_ANHOEJ;
    }
  self->options.phase_starts = self->phase_starts;
  self->options.n_phase_starts = self->n_phase_starts;
  return self;
}

char *
qc_measure_chart_pdsa_label (QcRecord *pdsa)
{
  const char *number, *title;

  g_return_val_if_fail (QC_IS_RECORD (pdsa), NULL);

  number = qc_record_get (pdsa, "number");
  title = qc_record_get (pdsa, "title");
  if (number != NULL && title != NULL)
    /* Translators: a PDSA cycle on a chart: its number and title */
    return g_strdup_printf (_("Cycle %s: %s"), number, title);
  if (number != NULL)
    return g_strdup_printf (_("Cycle %s"), number);
  return g_strdup (title != NULL ? title : _("PDSA cycle"));
}

void
qc_measure_chart_resolve_pdsa (QcMeasureChart *self,
                               QcStore        *store)
{
  g_autoptr(GHashTable) labels = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (QC_IS_STORE (store));

  labels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < self->series->len; i++)
    {
      const char *id = self->pdsa_ids[i];
      char *label;

      g_clear_pointer (&self->pdsa_labels[i], g_free);
      if (id == NULL)
        continue;
      if (!g_hash_table_lookup_extended (labels, id, NULL, (gpointer *) &label))
        {
          g_autoptr(QcRecord) pdsa = NULL;

          if (qc_store_lookup_kind (store, id) == &qc_kind_pdsa)
            pdsa = qc_store_load (store, id, NULL);
          label = pdsa != NULL ? qc_measure_chart_pdsa_label (pdsa) : NULL;
          g_hash_table_insert (labels, (gpointer) id, label);
        }
      self->pdsa_labels[i] = g_strdup (label);
    }
}

QcMeasureChart *
qc_measure_chart_load (QcStore      *store,
                       const char   *id,
                       QcChartRules  rules,
                       GError      **error)
{
  g_autoptr(QcRecord) record = NULL;
  QcMeasureChart *self;

  g_return_val_if_fail (QC_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (qc_store_lookup_kind (store, id) != &qc_kind_measure)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND,
                   _("There is no measure with id %s"), id);
      return NULL;
    }
  record = qc_store_load (store, id, error);
  if (record == NULL)
    return NULL;
  self = qc_measure_chart_new (record, rules);
  qc_measure_chart_resolve_pdsa (self, store);
  return self;
}

static void
free_sparse (char  **strv,
             guint   len)
{
  if (strv == NULL)
    return;
  for (guint i = 0; i < len; i++)
    g_free (strv[i]);
  g_free (strv);
}

void
qc_measure_chart_free (QcMeasureChart *self)
{
  guint len;

  if (self == NULL)
    return;
  len = self->series != NULL ? self->series->len : 0;
  free_sparse (self->notes, len);
  free_sparse (self->pdsa_ids, len);
  free_sparse (self->pdsa_labels, len);
  free_sparse (self->phase_labels, self->n_phase_starts + 1);
  g_free (self->item_index);
  g_free (self->phase_starts);
  qc_chart_series_free (self->series);
  g_free (self->name);
  g_free (self->definition);
  g_free (self->unit);
  g_free (self);
}

/* ---- pasted points -------------------------------------------------------- */

char *
qc_measure_parse_date (const char *text)
{
  g_auto(GStrv) parts = NULL;
  gint64 day, month, year;

  if (text == NULL)
    return NULL;
  if (qc_is_date (text))
    return g_strdup (text);

  parts = g_regex_split_simple ("[/.-]", text, 0, 0);
  if (g_strv_length (parts) != 3 ||
      !g_ascii_string_to_signed (parts[0], 10, 1, 31, &day, NULL) ||
      !g_ascii_string_to_signed (parts[1], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_signed (parts[2], 10, 0, 9999, &year, NULL))
    return NULL;
  if (strlen (parts[2]) <= 2)
    year += 2000;
  if (year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", (int) year, (int) month, (int) day);
}

enum { COL_DATE, COL_VALUE, COL_NUMERATOR, COL_DENOMINATOR, COL_NOTE, N_COLS };
static const char *const column_names[N_COLS] = {
  "date", "value", "numerator", "denominator", "note",
};

static GStrv
split_pasted_line (const char *line,
                   gboolean    tabs)
{
  GStrv cells;

  if (!tabs)
    return qc_csv_split_line (line);
  cells = g_strsplit (line, "\t", -1);
  for (guint i = 0; cells[i]; i++)
    g_strstrip (cells[i]);
  return cells;
}

static gboolean
is_header (GStrv cells,
           int  *column_of)
{
  for (guint c = 0; cells[c]; c++)
    {
      g_autofree char *name = g_ascii_strdown (cells[c], -1);
      guint k;

      if (g_str_equal (name, "text"))
        k = COL_NOTE;
      else
        for (k = 0; k < N_COLS; k++)
          if (g_str_equal (name, column_names[k]))
            break;
      if (k == N_COLS)
        return FALSE;
      column_of[k] = (int) c;
    }
  return TRUE;
}

static gboolean
pasted_number (const char  *cell,
               const char  *what,
               guint        line_no,
               gboolean     positive,
               char       **out,
               GError     **error)
{
  double d;

  if (cell == NULL || *cell == '\0')
    return TRUE;
  if (!parse_number (cell, &d))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("line %u: the %s “%s” is not a number (write decimals with a point, e.g. 2.5)"),
                   line_no, what, cell);
      return FALSE;
    }
  if (positive && d <= 0)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("line %u: the %s must be greater than 0 (found %s)"),
                   line_no, what, cell);
      return FALSE;
    }
  *out = g_strdup (cell);
  return TRUE;
}

GPtrArray *
qc_measure_points_from_text (const char  *text,
                             gboolean     ratio,
                             GError     **error)
{
  const QcCollection *points_list = qc_kind_find_collection (&qc_kind_measure, "point", NULL);
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) qc_item_free);
  g_auto(GStrv) lines = NULL;
  int column_of[N_COLS];
  gboolean tabs = FALSE, first = TRUE;
  guint max_cells;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID, _("The pasted text is not UTF-8 text"));
      return NULL;
    }

  /* Columns in the order a spreadsheet of this chart type has them. */
  for (guint k = 0; k < N_COLS; k++)
    column_of[k] = -1;
  column_of[COL_DATE] = 0;
  if (ratio)
    {
      column_of[COL_NUMERATOR] = 1;
      column_of[COL_DENOMINATOR] = 2;
      column_of[COL_NOTE] = 3;
    }
  else
    {
      column_of[COL_VALUE] = 1;
      column_of[COL_NOTE] = 2;
    }
  max_cells = ratio ? 4 : 3;

  lines = g_strsplit (text, "\n", -1);
  for (guint n = 0; lines[n]; n++)
    {
      guint line_no = n + 1;
      g_auto(GStrv) cells = NULL;
      g_autoptr(QcItem) point = NULL;
      g_autofree char *date = NULL;
      char *value = NULL, *numerator = NULL, *denominator = NULL;
      guint n_cells;

      g_strchomp (lines[n]);
      if (*lines[n] == '\0')
        continue;
      if (first)
        tabs = strchr (lines[n], '\t') != NULL;

      cells = split_pasted_line (lines[n], tabs);
      if (cells == NULL)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID, _("line %u: a quote is not closed"), line_no);
          return NULL;
        }
      n_cells = g_strv_length (cells);

      if (first)
        {
          g_autofree char *first_date = qc_measure_parse_date (cells[0]);
          int named[N_COLS];

          first = FALSE;
          for (guint k = 0; k < N_COLS; k++)
            named[k] = -1;
          if (first_date == NULL && is_header (cells, named))
            {
              if (named[COL_DATE] < 0 ||
                  (named[COL_VALUE] < 0 && (named[COL_NUMERATOR] < 0 || named[COL_DENOMINATOR] < 0)))
                {
                  g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                               _("line %u: the columns must include date and value, or date, numerator and denominator"),
                               line_no);
                  return NULL;
                }
              memcpy (column_of, named, sizeof column_of);
              max_cells = n_cells;
              continue;
            }
        }

      if (n_cells > max_cells)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("line %u: expected at most %u cells, found %u"),
                       line_no, max_cells, n_cells);
          return NULL;
        }

#define CELL(k) (column_of[k] >= 0 && (guint) column_of[k] < n_cells ? cells[column_of[k]] : NULL)
      date = qc_measure_parse_date (CELL (COL_DATE));
      if (date == NULL)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("line %u: “%s” is not a date (write 2026-03-31 or 31/03/2026)"),
                       line_no, CELL (COL_DATE) ? CELL (COL_DATE) : "");
          return NULL;
        }
      point = qc_item_new (points_list);
      qc_item_set (point, "date", date);
      if (!pasted_number (CELL (COL_VALUE), _("value"), line_no, FALSE, &value, error) ||
          !pasted_number (CELL (COL_NUMERATOR), _("numerator"), line_no, FALSE, &numerator, error) ||
          !pasted_number (CELL (COL_DENOMINATOR), _("denominator"), line_no, TRUE, &denominator, error))
        {
          g_free (value);
          g_free (numerator);
          return NULL;
        }
      qc_item_set (point, "value", value);
      qc_item_set (point, "numerator", numerator);
      qc_item_set (point, "denominator", denominator);
      g_free (value);
      g_free (numerator);
      g_free (denominator);
      if (CELL (COL_NOTE) != NULL && *CELL (COL_NOTE) != '\0')
        qc_item_set (point, "text", CELL (COL_NOTE));
#undef CELL
      g_ptr_array_add (points, g_steal_pointer (&point));
    }

  if (points->len == 0)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("The pasted text has no data points: one line per point, with its date first"));
      return NULL;
    }
  return g_steal_pointer (&points);
}
