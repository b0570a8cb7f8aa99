#include "config.h"

#include "qc-text-row.h"
#include "qc-text-view.h"

struct _QcTextRow
{
  AdwPreferencesRow  parent_instance;
  GtkLabel          *title_label;
  GtkTextView       *view;
  gboolean           updating;
};

G_DEFINE_FINAL_TYPE (QcTextRow, qc_text_row, ADW_TYPE_PREFERENCES_ROW)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_buffer_changed (QcTextRow *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_title_changed (QcTextRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_label_set_label (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

/* A click anywhere on the row puts the cursor in the text. */
static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, QcTextRow *self)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self->view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

char *
qc_text_row_dup_text (QcTextRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  return text;
}

void
qc_text_row_set_text (QcTextRow *self, const char *text)
{
  g_autofree char *current = qc_text_row_dup_text (self);

  if (g_strcmp0 (current, text ? text : "") == 0)
    return;
  self->updating = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->view), text ? text : "", -1);
  self->updating = FALSE;
}

static gboolean
qc_text_row_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (QC_TEXT_ROW (widget)->view));
}

static void
qc_text_row_class_init (QcTextRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = qc_text_row_grab_focus;

  /* The user edited the text. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (QC_TYPE_TEXT_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-text-row.ui");
  gtk_widget_class_bind_template_child (widget_class, QcTextRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, QcTextRow, view);
}

static void
qc_text_row_init (QcTextRow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->view), "changed",
                            G_CALLBACK (on_buffer_changed), self);
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_changed), NULL);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
