#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "qc-error.h"
#include "qc-points-csv.h"
#include "qc-record.h"

#define MAX_CSV_BYTES (64 * 1024 * 1024)

GStrv
qc_csv_split_line (const char *line)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; ; p++)
    {
      if (quoted)
        {
          if (*p == '\0')
            return NULL;
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }
      if (*p == '"' && field->len == 0)
        quoted = TRUE;
      else if (*p == ',' || *p == '\0' || *p == '\r')
        {
          g_strv_builder_add (fields, g_strstrip (field->str));
          g_string_truncate (field, 0);
          if (*p != ',')
            break;
        }
      else
        g_string_append_c (field, *p);
    }
  return g_strv_builder_end (fields);
}

GPtrArray *
qc_points_from_csv_file (const char *path, GError **error)
{
  const QcCollection *points_list = qc_kind_find_collection (&qc_kind_measure, "point", NULL);
  static const char *const known[] = { "date", "value", "numerator", "denominator", "note", "pdsa", NULL };
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) qc_item_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  gsize length = 0;
  int column_of[6] = { -1, -1, -1, -1, -1, -1 };

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID, "%s", local_error->message);
      return NULL;
    }
  if (length > MAX_CSV_BYTES || !g_utf8_validate (contents, (gssize) length, NULL) ||
      memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s: not a CSV text file (UTF-8, at most 64 MiB)"), path);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  header = lines[0] ? qc_csv_split_line (lines[0]) : NULL;
  if (header == NULL || header[0] == NULL || *header[0] == '\0')
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s:1: the first line must name the columns, e.g. date,value"), path);
      return NULL;
    }
  for (guint c = 0; header[c]; c++)
    {
      g_autofree char *name = g_ascii_strdown (g_str_has_prefix (header[c], "\xEF\xBB\xBF") ? header[c] + 3 : header[c], -1);
      guint k;
      for (k = 0; known[k]; k++)
        if (g_str_equal (name, known[k]))
          break;
      if (known[k] == NULL)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s:1: unknown column “%s” (use date, value, numerator, denominator, note, pdsa)"),
                       path, header[c]);
          return NULL;
        }
      column_of[k] = (int) c;
    }
  if (column_of[0] < 0 || (column_of[1] < 0 && (column_of[2] < 0 || column_of[3] < 0)))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s:1: the columns must include date and value, or date, numerator and denominator"),
                   path);
      return NULL;
    }

  for (guint n = 1; lines[n]; n++)
    {
      g_auto(GStrv) cells = NULL;
      g_autoptr(QcItem) point = NULL;

      if (*g_strstrip (lines[n]) == '\0')
        continue;
      cells = qc_csv_split_line (lines[n]);
      if (cells == NULL)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID, _("%s:%u: a quote is not closed"), path, n + 1);
          return NULL;
        }
      if (g_strv_length (cells) != g_strv_length (header))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID, _("%s:%u: expected %u columns, found %u"),
                       path, n + 1, g_strv_length (header), g_strv_length (cells));
          return NULL;
        }
      point = qc_item_new (points_list);
      for (guint k = 0; known[k]; k++)
        if (column_of[k] >= 0)
          qc_item_set (point, g_str_equal (known[k], "note") ? "text" : known[k], cells[column_of[k]]);

      for (guint f = 0; f < points_list->n_fields; f++)
        {
          const QcField *field = &points_list->fields[f];
          if (field->required && point->values[f] == NULL)
            {
              g_set_error (error, QC_ERROR, QC_ERROR_INVALID, _("%s:%u: the %s is missing"),
                           path, n + 1, field->name);
              return NULL;
            }
          if (!qc_field_validate (field, point->values[f], &local_error))
            {
              g_set_error (error, QC_ERROR, QC_ERROR_INVALID, "%s:%u: %s", path, n + 1, local_error->message);
              return NULL;
            }
        }
      g_ptr_array_add (points, g_steal_pointer (&point));
    }
  return g_steal_pointer (&points);
}
