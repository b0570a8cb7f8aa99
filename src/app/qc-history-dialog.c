#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-conflicts.h"
#include "qc-history-dialog.h"
#include "qc-labels.h"

struct _QcHistoryDialog
{
  AdwWindow            parent_instance;
  char                *id;
  GtkStack            *stack;
  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *group;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (QcHistoryDialog, qc_history_dialog, ADW_TYPE_WINDOW)

enum { RESTORED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
items_equal (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      QcItem *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);
      for (guint f = 0; f < x->collection->n_fields; f++)
        if (g_strcmp0 (x->values[f], y->values[f]) != 0)
          return FALSE;
    }
  return TRUE;
}

/* "Title, SMART aim": what a version has that the current one does not. */
static char *
describe_difference (QcRecord *version, QcRecord *current)
{
  const QcKind *kind = qc_record_get_kind (version);
  g_autoptr(GString) text = g_string_new (NULL);

  if (current == NULL)
    return g_strdup (_("The record is deleted now"));
  for (guint i = 0; i < kind->n_fields; i++)
    if (g_strcmp0 (qc_record_get (version, kind->fields[i].name),
                   qc_record_get (current, kind->fields[i].name)) != 0)
      g_string_append_printf (text, "%s%s", text->len ? ", " : "", _(kind->fields[i].label));
  for (guint c = 0; c < kind->n_collections; c++)
    if (!items_equal (qc_record_get_items (version, kind->collections[c].name),
                      qc_record_get_items (current, kind->collections[c].name)))
      g_string_append_printf (text, "%s%s", text->len ? ", " : "", _(kind->collections[c].label));
  if (text->len == 0)
    return g_strdup (_("Same as the current version"));
  return g_strdup_printf (_("Differs from now in: %s"), text->str);
}

static void populate (QcHistoryDialog *self);

/* A version set aside by a conflict is compared with the current one on
 * the conflicts page. */
static void
on_review_conflict_clicked (GtkButton *button, QcHistoryDialog *self)
{
  g_autofree char *id = g_strdup (self->id);

  /* This window is not the application's: ask the application itself. */
  gtk_window_close (GTK_WINDOW (self));
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "review-conflicts",
                                  g_variant_new_string (id));
}

static gboolean
show_conflict_button (QcHistoryDialog *self, QcStore *store)
{
  GtkWidget *button;

  if (qc_conflicts_count (store, self->id, NULL) <= 0)
    {
      adw_preferences_group_set_header_suffix (self->group, NULL);
      return FALSE;
    }
  button = gtk_button_new_with_label (_("Review Conflict"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("A colleague changed this record at the same time as you"));
  g_signal_connect (button, "clicked", G_CALLBACK (on_review_conflict_clicked), self);
  adw_preferences_group_set_header_suffix (self->group, button);
  return TRUE;
}

static void
on_restore_clicked (GtkButton *button, QcHistoryDialog *self)
{
  gint64 seq = *(gint64 *) g_object_get_data (G_OBJECT (button), "seq");
  g_autoptr(GError) error = NULL;

  if (!qc_store_restore (qc_app_store (), self->id, seq, &error))
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                             _("Could Not Restore"),
                                                                             error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  g_signal_emit (self, signals[RESTORED], 0, self->id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
populate (QcHistoryDialog *self)
{
  QcStore *store = qc_app_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = qc_store_history (store, self->id, &error);
  g_autoptr(QcRecord) current = qc_store_load (store, self->id, NULL);
  g_autofree char *title = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (current != NULL)
    {
      title = qc_record_dup_title (current);
      adw_window_title_set_subtitle (self->window_title, title);
    }
  if (entries == NULL)
    {
      adw_preferences_group_set_description (self->group, error->message);
      gtk_stack_set_visible_child_name (self->stack, "versions");
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      QcHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *when = qc_timestamp_to_display (entry->modified);
      g_autofree char *row_title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *button;
      gint64 *seq;

      if (entry->deleted)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      row_title = entry->modified_by ? g_strdup_printf (_("%s, by %s"), when, entry->modified_by)
                                     : g_strdup (when);
      subtitle = describe_difference (entry->version, current);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      button = gtk_button_new_with_label (_("Restore"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      {
        g_autofree char *label = g_strdup_printf (_("Restore the version of %s"), when);
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      }
      seq = g_new (gint64, 1);
      *seq = entry->seq;
      g_object_set_data_full (G_OBJECT (button), "seq", seq, g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_restore_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_stack_set_visible_child_name (self->stack, (show_conflict_button (self, store) || self->rows->len)
                                                   ? "versions" : "empty");
}

static void
qc_history_dialog_dispose (GObject *object)
{
  QcHistoryDialog *self = QC_HISTORY_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (qc_history_dialog_parent_class)->dispose (object);
}

static void
qc_history_dialog_finalize (GObject *object)
{
  g_free (QC_HISTORY_DIALOG (object)->id);
  G_OBJECT_CLASS (qc_history_dialog_parent_class)->finalize (object);
}

static void
qc_history_dialog_class_init (QcHistoryDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_history_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = qc_history_dialog_finalize;

  /* An earlier version was made current; the argument is the record id. */
  signals[RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, QcHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, QcHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, QcHistoryDialog, group);
}

static void
qc_history_dialog_init (QcHistoryDialog *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

QcHistoryDialog *
qc_history_dialog_new (GtkWindow *parent, const char *id)
{
  QcHistoryDialog *self = g_object_new (QC_TYPE_HISTORY_DIALOG, "transient-for", parent, NULL);

  self->id = g_strdup (id);
  populate (self);
  return self;
}
