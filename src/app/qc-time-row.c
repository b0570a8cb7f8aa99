#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qc-time-row.h"

struct _QcTimeRow
{
  AdwEntryRow  parent_instance;
  char        *time;      /* HH:MM or NULL */
  gboolean     updating;
};

G_DEFINE_FINAL_TYPE (QcTimeRow, qc_time_row, ADW_TYPE_ENTRY_ROW)

enum { CHANGED_TIME, N_SIGNALS };
static guint signals[N_SIGNALS];

/* "14:30", "14.30", "9:05" and "0930" all read as a time. */
static char *
parse_time (const char *text)
{
  int hour = -1, minute = -1;
  char sep;
  size_t len = strlen (text);

  if (sscanf (text, "%d%c%d", &hour, &sep, &minute) == 3 && (sep == ':' || sep == '.'))
    ;
  else if ((len == 3 || len == 4) && strspn (text, "0123456789") == len)
    {
      int n = atoi (text);
      hour = n / 100;
      minute = n % 100;
    }
  else
    return NULL;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return NULL;
  return g_strdup_printf ("%02d:%02d", hour, minute);
}

static void
on_changed (QcTimeRow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  g_autofree char *time = NULL;

  if (self->updating)
    return;
  if (*text != '\0')
    {
      time = parse_time (text);
      if (time == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self), "error");
          return;
        }
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  if (g_strcmp0 (self->time, time) == 0)
    return;
  g_free (self->time);
  self->time = g_steal_pointer (&time);
  g_signal_emit (self, signals[CHANGED_TIME], 0);
}

const char *
qc_time_row_get_time (QcTimeRow *self)
{
  return self->time;
}

void
qc_time_row_set_time (QcTimeRow *self, const char *time)
{
  g_free (self->time);
  self->time = g_strdup (time);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), time ? time : "");
  self->updating = FALSE;
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
}

static void
qc_time_row_finalize (GObject *object)
{
  g_free (QC_TIME_ROW (object)->time);
  G_OBJECT_CLASS (qc_time_row_parent_class)->finalize (object);
}

static void
qc_time_row_class_init (QcTimeRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = qc_time_row_finalize;

  /* The user entered another valid time, or cleared it. */
  signals[CHANGED_TIME] = g_signal_new ("changed-time", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
qc_time_row_init (QcTimeRow *self)
{
  g_signal_connect (self, "changed", G_CALLBACK (on_changed), NULL);
}
