#include "qc-chart-series.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "qc-error.h"

/* Far beyond any QI measure; keeps every computed value printable. */
#define MAX_ABS_VALUE 1e15
/* A series of a million points is well under this. */
#define MAX_CSV_BYTES (64 * 1024 * 1024)

static const char * const type_names[QC_CHART_N_TYPES] = {
  [QC_CHART_TYPE_RUN] = "run",
  [QC_CHART_TYPE_I] = "i",
  [QC_CHART_TYPE_MR] = "mr",
  [QC_CHART_TYPE_P] = "p",
  [QC_CHART_TYPE_U] = "u",
  [QC_CHART_TYPE_C] = "c",
};

const char *
qc_chart_type_to_string (QcChartType type)
{
  g_return_val_if_fail ((guint) type < QC_CHART_N_TYPES, NULL);
  return type_names[type];
}

gboolean
qc_chart_type_from_string (const char  *string,
                           QcChartType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  if (string == NULL)
    return FALSE;
  for (guint i = 0; i < QC_CHART_N_TYPES; i++)
    if (g_strcmp0 (string, type_names[i]) == 0)
      {
        *type = (QcChartType) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
qc_chart_type_needs_denominators (QcChartType type)
{
  return type == QC_CHART_TYPE_P || type == QC_CHART_TYPE_U;
}

gboolean
qc_chart_type_allows_denominators (QcChartType type)
{
  return type == QC_CHART_TYPE_P || type == QC_CHART_TYPE_U || type == QC_CHART_TYPE_RUN;
}

QcChartSeries *
qc_chart_series_new (gboolean with_denominators)
{
  QcChartSeries *self = g_new0 (QcChartSeries, 1);

  self->allocated = 16;
  self->dates = g_new0 (gchar *, self->allocated + 1);
  self->values = g_new (gdouble, self->allocated);
  if (with_denominators)
    self->denominators = g_new (gdouble, self->allocated);
  return self;
}

void
qc_chart_series_free (QcChartSeries *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->dates);
  g_free (self->values);
  g_free (self->denominators);
  g_free (self);
}

QcChartSeries *
qc_chart_series_copy (const QcChartSeries *self)
{
  QcChartSeries *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = qc_chart_series_new (self->denominators != NULL);
  for (guint i = 0; i < self->len; i++)
    {
      if (self->denominators != NULL)
        qc_chart_series_add_ratio (copy, self->dates[i], self->values[i], self->denominators[i]);
      else
        qc_chart_series_add (copy, self->dates[i], self->values[i]);
    }
  return copy;
}

static void
series_grow (QcChartSeries *self)
{
  if (self->len < self->allocated)
    return;
  g_return_if_fail (self->allocated < G_MAXUINT / 2);
  self->allocated *= 2;
  self->dates = g_renew (gchar *, self->dates, self->allocated + 1);
  self->values = g_renew (gdouble, self->values, self->allocated);
  if (self->denominators != NULL)
    self->denominators = g_renew (gdouble, self->denominators, self->allocated);
}

static void
series_append (QcChartSeries *self,
               const char    *date,
               double         value,
               double         denominator)
{
  series_grow (self);
  self->dates[self->len] = g_strdup (date != NULL ? date : "");
  self->values[self->len] = isfinite (value) ? value : NAN;
  if (self->denominators != NULL)
    self->denominators[self->len] = isfinite (denominator) ? denominator : NAN;
  self->len++;
  self->dates[self->len] = NULL;
}

void
qc_chart_series_add (QcChartSeries *self,
                     const char    *date,
                     double         value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->denominators == NULL);

  series_append (self, date, value, NAN);
}

void
qc_chart_series_add_ratio (QcChartSeries *self,
                           const char    *date,
                           double         numerator,
                           double         denominator)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->denominators != NULL);

  series_append (self, date, numerator, denominator);
}

gboolean
qc_chart_series_has_denominators (const QcChartSeries *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->denominators != NULL;
}

double
qc_chart_series_get_y (const QcChartSeries *self,
                       guint                index)
{
  double y;

  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (index < self->len, NAN);

  if (self->denominators == NULL)
    return self->values[index];
  y = self->values[index] / self->denominators[index];
  /* A zero denominator given through the API counts as a missing point. */
  return isfinite (y) ? y : NAN;
}

/* ---- CSV ---------------------------------------------------------------- */

typedef struct
{
  const char *name;    /* for messages */
  QcChartType type;
  guint       line_no;
  const char *line;    /* start of the current line, for columns */
  guint       n_columns;
  gint        col_date;
  gint        col_value;
  gint        col_numerator;
  gint        col_denominator;
} CsvContext;

typedef struct
{
  char  *text;         /* unquoted, trimmed */
  gsize  offset;       /* byte offset of the cell in its line */
} CsvCell;

static void
csv_cells_clear (GArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    g_free (g_array_index (cells, CsvCell, i).text);
  g_array_set_size (cells, 0);
}

static guint
csv_column (const CsvContext *ctx,
            gsize             offset)
{
  /* Columns count characters, as an editor shows them. */
  return (guint) g_utf8_strlen (ctx->line, (gssize) offset) + 1;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Splits one line (without its end of line) into cells; RFC 4180 quotes. */
static gboolean
csv_split (const CsvContext  *ctx,
           const char        *line,
           gsize              len,
           GArray            *cells,
           GError           **error)
{
  gsize pos = 0;

  for (;;)
    {
      CsvCell cell;
      gsize start;

      while (pos < len && is_blank (line[pos]))
        pos++;
      cell.offset = pos;

      if (pos < len && line[pos] == '"')
        {
          GString *text = g_string_new (NULL);
          gboolean closed = FALSE;

          pos++;
          while (pos < len)
            {
              if (line[pos] == '"')
                {
                  if (pos + 1 < len && line[pos + 1] == '"')
                    {
                      g_string_append_c (text, '"');
                      pos += 2;
                      continue;
                    }
                  pos++;
                  closed = TRUE;
                  break;
                }
              g_string_append_c (text, line[pos++]);
            }
          if (!closed)
            {
              g_string_free (text, TRUE);
              g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                           _("%s:%u:%u: the quoted cell has no closing quote on this line"),
                           ctx->name, ctx->line_no, csv_column (ctx, cell.offset));
              return FALSE;
            }
          while (pos < len && is_blank (line[pos]))
            pos++;
          if (pos < len && line[pos] != ',')
            {
              g_string_free (text, TRUE);
              g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                           _("%s:%u:%u: unexpected text after a quoted cell"),
                           ctx->name, ctx->line_no, csv_column (ctx, pos));
              return FALSE;
            }
          cell.text = g_strstrip (g_string_free (text, FALSE));
        }
      else
        {
          start = pos;
          while (pos < len && line[pos] != ',')
            pos++;
          cell.text = g_strstrip (g_strndup (line + start, pos - start));
        }

      g_array_append_val (cells, cell);

      if (pos >= len)
        return TRUE;
      pos++; /* the comma */
    }
}

/* Plain decimal notation only: no hex, inf or nan, which strtod would take. */
static gboolean
looks_like_number (const char *s)
{
  gboolean digits = FALSE;

  if (*s == '+' || *s == '-')
    s++;
  while (g_ascii_isdigit (*s))
    s++, digits = TRUE;
  if (*s == '.')
    {
      s++;
      while (g_ascii_isdigit (*s))
        s++, digits = TRUE;
    }
  if (!digits)
    return FALSE;
  if (*s == 'e' || *s == 'E')
    {
      s++;
      if (*s == '+' || *s == '-')
        s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }
  return *s == '\0';
}

/* Empty cell: NAN (a missing point). */
static gboolean
csv_number (const CsvContext  *ctx,
            const CsvCell     *cell,
            const char        *what,
            double            *out,
            GError           **error)
{
  double v;

  if (cell->text[0] == '\0')
    {
      *out = NAN;
      return TRUE;
    }

  if (!looks_like_number (cell->text))
    {
      if (strchr (cell->text, ',') != NULL || strchr (cell->text, ';') != NULL)
        g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                     _("%s:%u:%u: the %s “%s” is not a number (write decimals with a point, e.g. 2.5)"),
                     ctx->name, ctx->line_no, csv_column (ctx, cell->offset), what, cell->text);
      else
        g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                     _("%s:%u:%u: the %s “%s” is not a number"),
                     ctx->name, ctx->line_no, csv_column (ctx, cell->offset), what, cell->text);
      return FALSE;
    }

  v = g_ascii_strtod (cell->text, NULL);
  if (!isfinite (v) || fabs (v) > MAX_ABS_VALUE)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s:%u:%u: the %s “%s” is too large"),
                   ctx->name, ctx->line_no, csv_column (ctx, cell->offset), what, cell->text);
      return FALSE;
    }
  /* Underflow to a subnormal or zero is harmless. */
  *out = v == 0.0 ? 0.0 : v;
  return TRUE;
}

static gboolean
csv_row_values (const CsvContext  *ctx,
                GArray            *cells,
                QcChartSeries     *series,
                GError           **error)
{
  const CsvCell *date = &g_array_index (cells, CsvCell, ctx->col_date);
  QcChartType type = ctx->type;
  double value, denominator = NAN;

  if (date->text[0] == '\0')
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s:%u:%u: the date is empty"),
                   ctx->name, ctx->line_no, csv_column (ctx, date->offset));
      return FALSE;
    }

  if (series->denominators == NULL)
    {
      const CsvCell *cell = &g_array_index (cells, CsvCell, ctx->col_value);

      if (!csv_number (ctx, cell, _("value"), &value, error))
        return FALSE;
      if (type == QC_CHART_TYPE_C && value < 0)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s:%u:%u: a count cannot be negative (found %s)"),
                       ctx->name, ctx->line_no, csv_column (ctx, cell->offset), cell->text);
          return FALSE;
        }
      qc_chart_series_add (series, date->text, value);
      return TRUE;
    }
  else
    {
      const CsvCell *num = &g_array_index (cells, CsvCell, ctx->col_numerator);
      const CsvCell *den = &g_array_index (cells, CsvCell, ctx->col_denominator);

      if (!csv_number (ctx, num, _("numerator"), &value, error) ||
          !csv_number (ctx, den, _("denominator"), &denominator, error))
        return FALSE;

      if (!isnan (denominator) && denominator <= 0)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s:%u:%u: the denominator must be greater than 0 (found %s); leave both cells empty for a missing point"),
                       ctx->name, ctx->line_no, csv_column (ctx, den->offset), den->text);
          return FALSE;
        }
      if (!isnan (value) && value < 0 && type != QC_CHART_TYPE_RUN)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s:%u:%u: the numerator cannot be negative (found %s)"),
                       ctx->name, ctx->line_no, csv_column (ctx, num->offset), num->text);
          return FALSE;
        }
      if (type == QC_CHART_TYPE_P && !isnan (value) && !isnan (denominator) && value > denominator)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s:%u:%u: the numerator (%s) is larger than the denominator (%s), which a proportion cannot be"),
                       ctx->name, ctx->line_no, csv_column (ctx, num->offset), num->text, den->text);
          return FALSE;
        }
      /* Either cell empty: a missing point; a known denominator still gives the limits. */
      if (isnan (denominator))
        value = NAN;
      qc_chart_series_add_ratio (series, date->text, value, denominator);
      return TRUE;
    }
}

static gboolean
cells_all_empty (GArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    if (g_array_index (cells, CsvCell, i).text[0] != '\0')
      return FALSE;
  return TRUE;
}

/*
 * The header names the columns, in any order and any case: date, and value
 * or numerator and denominator; note and pdsa, which the store's points
 * files carry, are allowed and ignored here.
 */
static void
set_header_error (const CsvContext  *ctx,
                  GError           **error)
{
  const char *type = qc_chart_type_to_string (ctx->type);

  if (ctx->type == QC_CHART_TYPE_RUN)
    g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                 _("%s:%u: the header must name the columns “date,value” or “date,numerator,denominator” for chart type run"),
                 ctx->name, ctx->line_no);
  else if (qc_chart_type_needs_denominators (ctx->type))
    g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                 _("%s:%u: the header must name the columns “date,numerator,denominator” for chart type %s"),
                 ctx->name, ctx->line_no, type);
  else
    g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                 _("%s:%u: the header must name the columns “date,value” for chart type %s"),
                 ctx->name, ctx->line_no, type);
}

static gboolean
csv_header (CsvContext  *ctx,
            GArray      *cells,
            gboolean    *ratios,
            GError     **error)
{
  ctx->n_columns = cells->len;
  ctx->col_date = ctx->col_value = ctx->col_numerator = ctx->col_denominator = -1;

  for (guint i = 0; i < cells->len; i++)
    {
      const CsvCell *cell = &g_array_index (cells, CsvCell, i);
      gint *col = NULL;

      if (g_ascii_strcasecmp (cell->text, "date") == 0)
        col = &ctx->col_date;
      else if (g_ascii_strcasecmp (cell->text, "value") == 0)
        col = &ctx->col_value;
      else if (g_ascii_strcasecmp (cell->text, "numerator") == 0)
        col = &ctx->col_numerator;
      else if (g_ascii_strcasecmp (cell->text, "denominator") == 0)
        col = &ctx->col_denominator;
      else if (g_ascii_strcasecmp (cell->text, "note") == 0 ||
               g_ascii_strcasecmp (cell->text, "pdsa") == 0 ||
               cell->text[0] == '\0')  /* a spreadsheet's trailing comma */
        continue;
      else
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s:%u:%u: unknown column “%s” (use date, value, numerator, denominator, note, pdsa)"),
                       ctx->name, ctx->line_no, csv_column (ctx, cell->offset), cell->text);
          return FALSE;
        }
      if (*col >= 0)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s:%u:%u: the column “%s” appears twice"),
                       ctx->name, ctx->line_no, csv_column (ctx, cell->offset), cell->text);
          return FALSE;
        }
      *col = (gint) i;
    }

  if (ctx->col_date >= 0 && ctx->col_value >= 0 &&
      ctx->col_numerator < 0 && ctx->col_denominator < 0 &&
      !qc_chart_type_needs_denominators (ctx->type))
    *ratios = FALSE;
  else if (ctx->col_date >= 0 && ctx->col_value < 0 &&
           ctx->col_numerator >= 0 && ctx->col_denominator >= 0 &&
           qc_chart_type_allows_denominators (ctx->type))
    *ratios = TRUE;
  else
    {
      set_header_error (ctx, error);
      return FALSE;
    }
  return TRUE;
}

static guint
line_of_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;
  return line;
}

QcChartSeries *
qc_chart_series_new_from_csv_data (const char   *data,
                                   gssize        length,
                                   const char   *display_name,
                                   QcChartType   type,
                                   GError      **error)
{
  g_autoptr(QcChartSeries) series = NULL;
  g_autoptr(GArray) cells = NULL;
  CsvContext ctx = { 0 };
  const char *end, *invalid = NULL;
  const char *p;
  gboolean have_header = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail ((guint) type < QC_CHART_N_TYPES, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (data);

  ctx.name = display_name != NULL ? display_name : "-";
  ctx.type = type;

  if ((gsize) length > MAX_CSV_BYTES)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s: the file is larger than %u MiB; split it or remove unused columns"),
                   ctx.name, (guint) (MAX_CSV_BYTES / (1024 * 1024)));
      return NULL;
    }

  invalid = memchr (data, '\0', (gsize) length);
  if (invalid != NULL)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s:%u: the line contains a NUL byte; this is not a text file"),
                   ctx.name, line_of_offset (data, (gsize) (invalid - data)));
      return NULL;
    }
  if (!g_utf8_validate (data, length, &invalid))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s:%u: the text is not UTF-8; save the file as “CSV UTF-8”"),
                   ctx.name, line_of_offset (data, (gsize) (invalid - data)));
      return NULL;
    }

  p = data;
  end = data + length;
  /* Spreadsheets often start a UTF-8 CSV with a byte order mark. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  cells = g_array_new (FALSE, FALSE, sizeof (CsvCell));

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;
      gsize len = (gsize) (line_end - p);

      ctx.line_no++;
      ctx.line = p;
      if (len > 0 && p[len - 1] == '\r')
        len--;

      csv_cells_clear (cells);
      if (!csv_split (&ctx, p, len, cells, error))
        {
          csv_cells_clear (cells);
          return NULL;
        }

      /* Blank lines, and rows of empty cells that spreadsheets append, carry nothing. */
      if (!cells_all_empty (cells))
        {
          if (!have_header)
            {
              gboolean ratios = FALSE;

              if (!csv_header (&ctx, cells, &ratios, error))
                {
                  csv_cells_clear (cells);
                  return NULL;
                }
              series = qc_chart_series_new (ratios);
              have_header = TRUE;
            }
          else
            {
              guint expected = ctx.n_columns;

              if (cells->len != expected)
                {
                  g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                               _("%s:%u: expected %u cells as in the header, found %u"),
                               ctx.name, ctx.line_no, expected, cells->len);
                  csv_cells_clear (cells);
                  return NULL;
                }
              if (!csv_row_values (&ctx, cells, series, error))
                {
                  csv_cells_clear (cells);
                  return NULL;
                }
            }
        }

      p = nl != NULL ? nl + 1 : end;
    }
  csv_cells_clear (cells);

  if (!have_header)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s:1: the file is empty; it needs a header row and one row per point"),
                   ctx.name);
      return NULL;
    }
  if (series->len == 0)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s:%u: the file has a header but no data rows"),
                   ctx.name, MAX (ctx.line_no, 1));
      return NULL;
    }

  return g_steal_pointer (&series);
}

QcChartSeries *
qc_chart_series_new_from_csv (const char  *path,
                              QcChartType  type,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s: cannot read the file: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s: this is a folder, not a CSV file"), path);
      return NULL;
    }
  /* Refuse a huge file before reading it into memory. */
  if (S_ISREG (st.st_mode) && st.st_size > MAX_CSV_BYTES)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s: the file is larger than %u MiB; split it or remove unused columns"),
                   path, (guint) (MAX_CSV_BYTES / (1024 * 1024)));
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s: cannot read the file: %s"), path, local_error->message);
      return NULL;
    }

  return qc_chart_series_new_from_csv_data (contents, (gssize) length, path, type, error);
}
