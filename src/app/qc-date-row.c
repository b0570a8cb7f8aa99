#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "qc-date-row.h"
#include "qc-kind.h"

struct _QcDateRow
{
  AdwEntryRow    parent_instance;
  char          *date;
  gboolean       updating;
  GtkPopover    *popover;
  GtkCalendar   *calendar;
};

G_DEFINE_FINAL_TYPE (QcDateRow, qc_date_row, ADW_TYPE_ENTRY_ROW)

enum { CHANGED_DATE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Accepts 2026-03-31 and the British 31/03/2026 (or 31.03.2026). */
static char *
parse_date (const char *text)
{
  int a, b, c;
  char sep1, sep2;
  g_autofree char *iso = NULL;

  if (sscanf (text, "%d%c%d%c%d", &a, &sep1, &b, &sep2, &c) != 5 || sep1 != sep2)
    return NULL;
  if (sep1 == '-' && a > 31)
    iso = g_strdup_printf ("%04d-%02d-%02d", a, b, c);
  else if ((sep1 == '/' || sep1 == '.') && c > 31)
    iso = g_strdup_printf ("%04d-%02d-%02d", c, b, a);
  return qc_is_date (iso) ? g_steal_pointer (&iso) : NULL;
}

static void
set_date_from_user (QcDateRow *self, const char *date)
{
  if (g_strcmp0 (self->date, date) == 0)
    return;
  g_free (self->date);
  self->date = g_strdup (date);
  g_signal_emit (self, signals[CHANGED_DATE], 0);
}

static void
on_text_changed (QcDateRow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  g_autofree char *date = NULL;

  if (self->updating)
    return;
  if (*text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      set_date_from_user (self, NULL);
      return;
    }
  date = parse_date (text);
  if (date == NULL)
    {
      /* Half-typed dates are normal; the row says so until it parses. */
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  set_date_from_user (self, date);
}

static void
show_text (QcDateRow *self)
{
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), self->date ? self->date : "");
  self->updating = FALSE;
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
}

static void
on_popover_show (QcDateRow *self)
{
  g_autoptr(GDateTime) when = NULL;

  if (self->date != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%sT00:00:00", self->date);
      g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
      when = g_date_time_new_from_iso8601 (text, tz);
    }
  if (when == NULL)
    when = g_date_time_new_now_local ();
  self->updating = TRUE;
  gtk_calendar_select_day (self->calendar, when);
  self->updating = FALSE;
}

static void
on_day_selected (QcDateRow *self)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;

  if (self->updating)
    return;
  when = gtk_calendar_get_date (self->calendar);
  date = g_date_time_format (when, "%Y-%m-%d");
  set_date_from_user (self, date);
  show_text (self);
  gtk_popover_popdown (self->popover);
}

static void
on_today_clicked (QcDateRow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  set_date_from_user (self, date);
  show_text (self);
  gtk_popover_popdown (self->popover);
}

static void
on_clear_clicked (QcDateRow *self)
{
  set_date_from_user (self, NULL);
  show_text (self);
  gtk_popover_popdown (self->popover);
}

const char *
qc_date_row_get_date (QcDateRow *self)
{
  return self->date;
}

void
qc_date_row_set_date (QcDateRow *self, const char *date)
{
  g_free (self->date);
  self->date = g_strdup (date);
  show_text (self);
}

static void
qc_date_row_finalize (GObject *object)
{
  g_free (QC_DATE_ROW (object)->date);
  G_OBJECT_CLASS (qc_date_row_parent_class)->finalize (object);
}

static void
qc_date_row_class_init (QcDateRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = qc_date_row_finalize;

  /* The user entered another date, or cleared it. */
  signals[CHANGED_DATE] = g_signal_new ("changed-date", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, QcDateRow, popover);
  gtk_widget_class_bind_template_child (widget_class, QcDateRow, calendar);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_today_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
}

static void
qc_date_row_init (QcDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
