#include "config.h"

#include <glib/gi18n.h>

#include "qc-labels.h"
#include "qc-progress-row.h"

struct _QcProgressRow
{
  AdwExpanderRow  parent_instance;
  GtkCheckButton *checks[QC_N_PROGRESS_LEVELS];
  int             level;
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (QcProgressRow, qc_progress_row, ADW_TYPE_EXPANDER_ROW)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update_subtitle (QcProgressRow *self)
{
  g_autofree char *subtitle = NULL;

  if (self->level < 0)
    subtitle = g_strdup (_("Not scored yet: choose the level that describes the project now"));
  else
    subtitle = g_strdup_printf ("%s — %s", qc_progress_value (self->level), qc_progress_title (self->level));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
}

static void
on_toggled (GtkCheckButton *check, QcProgressRow *self)
{
  if (self->updating || !gtk_check_button_get_active (check))
    return;
  for (int i = 0; i < QC_N_PROGRESS_LEVELS; i++)
    if (self->checks[i] == check)
      self->level = i;
  update_subtitle (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
qc_progress_row_get_value (QcProgressRow *self)
{
  return self->level >= 0 ? qc_progress_value (self->level) : NULL;
}

void
qc_progress_row_set_value (QcProgressRow *self, const char *value)
{
  self->level = qc_progress_level (value);
  self->updating = TRUE;
  for (int i = 0; i < QC_N_PROGRESS_LEVELS; i++)
    gtk_check_button_set_active (self->checks[i], i == self->level);
  self->updating = FALSE;
  update_subtitle (self);
}

static void
qc_progress_row_class_init (QcProgressRowClass *klass)
{
  /* The user chose another level. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
qc_progress_row_init (QcProgressRow *self)
{
  self->level = -1;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Progress score"));

  /* One row per level, built from the scale so the meanings are written once. */
  for (int i = 0; i < QC_N_PROGRESS_LEVELS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *title = g_strdup_printf ("%s — %s", qc_progress_value (i), qc_progress_title (i));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), qc_progress_meaning (i));
      if (i > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->checks[0]);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* The row's title labels the check button; the meaning describes it. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      qc_progress_meaning (i), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_toggled), self);
      self->checks[i] = GTK_CHECK_BUTTON (check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
    }
  update_subtitle (self);
}
