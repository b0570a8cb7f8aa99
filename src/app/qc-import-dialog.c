#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "qc-application.h"
#include "qc-error.h"
#include "qc-exchange-reader.h"
#include "qc-import-dialog.h"
#include "qc-labels.h"
#include "qc-window.h"

/* Rows listed per kind in the preview; the rest are counted. */
#define MAX_ROWS_PER_KIND 200
#define DIALOG_KEY "qc-import-dialog"

typedef enum
{
  STATE_PREVIEWING,
  STATE_PREVIEW,
  STATE_IMPORTING,
} State;

struct _QcImportDialog
{
  AdwWindow             parent_instance;

  GtkWindow            *parent;
  AdwWindowTitle       *window_title;
  GtkButton            *cancel_button;
  GtkButton            *import_button;
  GtkStack             *stack;
  AdwStatusPage        *progress_page;
  GtkProgressBar       *progress_bar;
  AdwPreferencesPage   *preview_page;
  AdwActionRow         *sender_row;
  AdwActionRow         *exported_row;
  AdwPreferencesGroup  *summary_group;
  GPtrArray            *summary_rows;

  GQueue               *files;        /* GFile: waiting their turn */
  GFile                *file;
  QcImportReport       *preview;
  GCancellable         *cancellable;
  State                 state;
};

G_DEFINE_FINAL_TYPE (QcImportDialog, qc_import_dialog, ADW_TYPE_WINDOW)

/* On a narrow screen (a phone, 360 px) the dialog is no wider or taller
 * than the window it belongs to. */
static void
fit_to_parent (GtkWindow *window, GtkWindow *parent)
{
  int width, height;
  int parent_width = parent ? gtk_widget_get_width (GTK_WIDGET (parent)) : 0;
  int parent_height = parent ? gtk_widget_get_height (GTK_WIDGET (parent)) : 0;

  gtk_window_get_default_size (window, &width, &height);
  if (parent_width > 0 && parent_width < width)
    width = parent_width;
  if (parent_height > 0 && parent_height < height)
    height = parent_height;
  gtk_window_set_default_size (window, width, height);
}

static void start_preview (QcImportDialog *self);

static void
ensure_style (GtkWidget *widget)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/qc-exchange.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (widget), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* Words */

static const char *
kind_plural (const QcKind *kind)
{
  if (kind == &qc_kind_organisation) return _("Organisations");
  if (kind == &qc_kind_person)       return _("People");
  if (kind == &qc_kind_resource)     return _("Resources");
  if (kind == &qc_kind_project)      return _("Projects");
  if (kind == &qc_kind_measure)      return _("Measures");
  if (kind == &qc_kind_pdsa)         return _("PDSA cycles");
  if (kind == &qc_kind_session)      return _("Coaching sessions");
  return kind->name;
}

static const char *
outcome_badge (const QcImportItem *item)
{
  switch (item->outcome)
    {
    case QC_IMPORT_ADDED:     return item->deletion ? _("Deletion") : _("New");
    case QC_IMPORT_UPDATED:   return _("Updated");
    case QC_IMPORT_UNCHANGED: return _("Unchanged");
    case QC_IMPORT_OLDER:     return _("Older");
    case QC_IMPORT_DELETED:   return _("Deleted");
    case QC_IMPORT_CONFLICT:  return _("Conflict");
    case QC_IMPORT_N_OUTCOMES:
    default:                  return "";
    }
}

static const char *
outcome_css (QcImportOutcome outcome)
{
  switch (outcome)
    {
    case QC_IMPORT_ADDED:    return "qc-outcome-added";
    case QC_IMPORT_UPDATED:  return "qc-outcome-updated";
    case QC_IMPORT_DELETED:  return "qc-outcome-deleted";
    case QC_IMPORT_CONFLICT: return "qc-outcome-conflict";
    case QC_IMPORT_UNCHANGED:
    case QC_IMPORT_OLDER:
    case QC_IMPORT_N_OUTCOMES:
    default:                 return "qc-outcome-older";
    }
}

static const char *
outcome_explanation (const QcImportItem *item, gboolean dry_run)
{
  switch (item->outcome)
    {
    case QC_IMPORT_ADDED:
      return item->deletion ? _("Deleted by the sender; you do not have it") : NULL;
    case QC_IMPORT_OLDER:
      return _("You already have a newer version: it is left as it is");
    case QC_IMPORT_DELETED:
      return _("Deleted by the sender; your last version stays in its history");
    case QC_IMPORT_CONFLICT:
      if (item->incoming_kept)
        return _("Both of you changed it: their later version becomes current; yours is kept for you to review");
      return _("Both of you changed it: your later version stays; theirs is kept for you to review");
    case QC_IMPORT_UPDATED:
    case QC_IMPORT_UNCHANGED:
    case QC_IMPORT_N_OUTCOMES:
    default:
      return NULL;
    }
}

/* "2 new · 1 updated · 3 unchanged" */
static char *
describe_counts (QcImportReport *report, const QcKind *kind)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n;

#define PART(outcome, singular, plural) \
  if ((n = kind ? qc_import_report_get_count (report, kind, outcome) \
                : qc_import_report_get_total (report, outcome)) > 0) \
    { \
      if (text->len) \
        g_string_append (text, " · "); \
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, singular, plural, n), n); \
    }
  PART (QC_IMPORT_ADDED, "%u new", "%u new")
  PART (QC_IMPORT_UPDATED, "%u updated", "%u updated")
  PART (QC_IMPORT_DELETED, "%u deleted", "%u deleted")
  PART (QC_IMPORT_CONFLICT, "%u conflict", "%u conflicts")
  PART (QC_IMPORT_UNCHANGED, "%u unchanged", "%u unchanged")
  PART (QC_IMPORT_OLDER, "%u older", "%u older")
#undef PART
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The toast after an import: "12 records added, 3 updated, 1 conflict". */
static char *
describe_result (QcImportReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint added = qc_import_report_get_total (report, QC_IMPORT_ADDED);
  guint updated = qc_import_report_get_total (report, QC_IMPORT_UPDATED);
  guint deleted = qc_import_report_get_total (report, QC_IMPORT_DELETED);
  guint conflicts = qc_import_report_get_total (report, QC_IMPORT_CONFLICT);

  if (added + updated + deleted + conflicts == 0)
    return g_strdup (_("Nothing new: you already had every record in the file"));
  if (added > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u record added", "%u records added", added),
                            added);
  if (updated > 0)
    {
      if (text->len)
        g_string_append (text, ", ");
      g_string_append_printf (text, text->len
                                ? g_dngettext (GETTEXT_PACKAGE, "%u updated", "%u updated", updated)
                                : g_dngettext (GETTEXT_PACKAGE, "%u record updated", "%u records updated", updated),
                              updated);
    }
  if (deleted > 0)
    {
      if (text->len)
        g_string_append (text, ", ");
      g_string_append_printf (text, text->len
                                ? g_dngettext (GETTEXT_PACKAGE, "%u deleted", "%u deleted", deleted)
                                : g_dngettext (GETTEXT_PACKAGE, "%u record deleted", "%u records deleted", deleted),
                              deleted);
    }
  if (conflicts > 0)
    {
      if (text->len)
        g_string_append (text, ", ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u conflict", "%u conflicts", conflicts),
                              conflicts);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* States */

static void
set_state (QcImportDialog *self, State state)
{
  self->state = state;
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), state == STATE_PREVIEW);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), state == STATE_PREVIEW);
  gtk_stack_set_visible_child_name (self->stack, state == STATE_PREVIEW ? "preview" : "progress");
  if (state == STATE_PREVIEWING)
    {
      adw_status_page_set_title (self->progress_page, _("Reading the File…"));
      adw_status_page_set_description (self->progress_page, NULL);
    }
  else if (state == STATE_IMPORTING)
    {
      adw_status_page_set_title (self->progress_page, _("Importing…"));
      adw_status_page_set_description (self->progress_page,
                                       _("Cancelling now leaves your records exactly as they were."));
    }
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
}

static QcWindow *
main_window (QcImportDialog *self)
{
  return QC_IS_WINDOW (self->parent) ? QC_WINDOW (self->parent) : NULL;
}

static void
toast (QcImportDialog *self, AdwToast *toast)
{
  if (main_window (self) != NULL)
    qc_window_add_toast (main_window (self), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* The next file waiting, or close. */
static void
next_file (QcImportDialog *self)
{
  g_clear_object (&self->file);
  g_clear_pointer (&self->preview, qc_import_report_unref);
  self->file = g_queue_pop_head (self->files);
  if (self->file == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  start_preview (self);
}

static void
on_refused_response (AdwMessageDialog *dialog, const char *response, QcImportDialog *self)
{
  next_file (self);
}

/* A file the reader refuses: its message, and the promise. */
static void
show_refused (QcImportDialog *self, const GError *error)
{
  g_autofree char *body = NULL;
  g_autofree char *path = self->file ? g_file_get_path (self->file) : NULL;
  g_autofree char *basename = self->file ? g_file_get_basename (self->file) : NULL;
  g_autofree char *message = NULL;
  AdwMessageDialog *dialog;

  /* "FILE:LINE:COLUMN: what is wrong", with the file's name, not its
   * whole path, which a narrow dialog cannot show well. */
  if (path != NULL && g_str_has_prefix (error->message, path) && error->message[strlen (path)] == ':')
    message = g_strconcat (basename, error->message + strlen (path), NULL);
  else
    message = g_strdup (error->message);
  if (g_error_matches (error, QC_ERROR, QC_ERROR_TOO_NEW))
    body = g_strdup_printf (_("%s\n\nUpdate QI Coach to import it. Nothing was changed."), message);
  else
    body = g_strdup_printf (_("%s\n\nNothing was changed."), message);

  /* The dialog of the file makes way for the message. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->parent, _("This File Cannot Be Imported"), body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_refused_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The preview */

static GtkWidget *
badge_new (const QcImportItem *item)
{
  GtkWidget *label = gtk_label_new (outcome_badge (item));

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "qc-badge");
  gtk_widget_add_css_class (label, outcome_css (item->outcome));
  gtk_widget_add_css_class (label, "caption");
  return label;
}

static GtkWidget *
item_row_new (const QcImportItem *item, gboolean dry_run)
{
  GtkWidget *row = adw_action_row_new ();
  const char *explanation = outcome_explanation (item, dry_run);
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;

  if (item->title != NULL)
    title = g_strdup (item->title);
  else
    title = g_strdup_printf (_("A deleted %s"), _(item->kind->label));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (explanation != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), explanation);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge_new (item));
  /* The row's name is its title; what happens to it is its description. */
  label = explanation ? g_strdup_printf ("%s: %s", outcome_badge (item), explanation)
                      : g_strdup (outcome_badge (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
  return row;
}

static void
clear_summary (QcImportDialog *self)
{
  for (guint i = 0; i < self->summary_rows->len; i++)
    adw_preferences_group_remove (self->summary_group, g_ptr_array_index (self->summary_rows, i));
  g_ptr_array_set_size (self->summary_rows, 0);
}

static void
add_summary_row (QcImportDialog *self, GtkWidget *row)
{
  adw_preferences_group_add (self->summary_group, row);
  g_ptr_array_add (self->summary_rows, row);
}

static gboolean
has_listed_items (GPtrArray *items, const QcKind *kind)
{
  for (guint i = 0; i < items->len; i++)
    {
      QcImportItem *item = g_ptr_array_index (items, i);
      if (item->kind == kind && item->outcome != QC_IMPORT_UNCHANGED)
        return TRUE;
    }
  return FALSE;
}

static void
show_preview (QcImportDialog *self)
{
  QcImportReport *report = self->preview;
  const char *name = qc_import_report_get_sender_name (report);
  const char *email = qc_import_report_get_sender_email (report);
  const char *organisation = qc_import_report_get_sender_organisation (report);
  const char *exported = qc_import_report_get_exported (report);
  GPtrArray *items = qc_import_report_get_items (report);
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;
  g_autofree char *summary = NULL;
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);
  guint changes = 0;

  clear_summary (self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sender_row),
                                 name ? name : _("The sender did not give their name"));
  if (email && organisation)
    subtitle = g_strdup_printf ("%s · %s", email, organisation);
  else
    subtitle = g_strdup (email ? email : organisation);
  adw_action_row_set_subtitle (self->sender_row, subtitle ? subtitle : "");
  when = exported ? qc_timestamp_to_display (exported) : NULL;
  {
    g_autofree char *text = when ? g_strdup_printf (_("Exported %s"), when) : g_strdup (_("Export time unknown"));
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->exported_row), text);
  }
  {
    g_autofree char *records = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record in the file",
                                                             "%u records in the file",
                                                             qc_import_report_get_n_records (report)),
                                                qc_import_report_get_n_records (report));
    adw_action_row_set_subtitle (self->exported_row, records);
  }

  for (guint o = 0; o < QC_IMPORT_N_OUTCOMES; o++)
    if (o != QC_IMPORT_UNCHANGED && o != QC_IMPORT_OLDER)
      changes += qc_import_report_get_total (report, o);

  if (changes == 0)
    summary = g_strdup (_("Nothing new: you already have every record in this file. Importing it would change nothing."));
  else
    {
      g_autofree char *counts = describe_counts (report, NULL);
      summary = g_strdup_printf (_("%s. Nothing changes until you choose Import."), counts);
    }
  adw_preferences_group_set_description (self->summary_group, summary);

  for (guint k = 0; k < n_kinds; k++)
    {
      const QcKind *kind = kinds[k];
      g_autofree char *counts = describe_counts (report, kind);
      GtkWidget *expander;
      guint listed = 0, hidden = 0;

      if (*counts == '\0')
        continue;
      if (!has_listed_items (items, kind))
        {
          /* Only counted (unchanged): nothing to open. */
          GtkWidget *row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kind_plural (kind));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), counts);
          add_summary_row (self, row);
          continue;
        }
      expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), kind_plural (kind));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), counts);
      for (guint i = 0; i < items->len; i++)
        {
          QcImportItem *item = g_ptr_array_index (items, i);
          if (item->kind != kind || item->outcome == QC_IMPORT_UNCHANGED)
            continue;
          if (listed++ < MAX_ROWS_PER_KIND)
            adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), item_row_new (item, TRUE));
          else
            hidden++;
        }
      if (hidden > 0)
        {
          GtkWidget *more = adw_action_row_new ();
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more",
                                                                "And %u more", hidden), hidden);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), text);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), more);
        }
      /* Conflicts deserve a look before importing. */
      if (qc_import_report_get_count (report, kind, QC_IMPORT_CONFLICT) > 0 ||
          (listed > 0 && listed <= 5))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      add_summary_row (self, expander);
    }

  gtk_button_set_label (self->cancel_button, changes == 0 ? _("Close") : _("Cancel"));
  set_state (self, STATE_PREVIEW);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), changes > 0);
  if (changes > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->import_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
}

static void
on_progress (double fraction, gpointer data)
{
  QcImportDialog *self = data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
on_previewed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(QcImportDialog) self = data;
  g_autoptr(GError) error = NULL;
  QcImportReport *report;

  g_clear_object (&self->cancellable);
  report = qc_exchange_import_file_finish (QC_STORE (source), result, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        next_file (self);
      else
        show_refused (self, error);
      return;
    }
  self->preview = report;
  show_preview (self);
}

static void
start_preview (QcImportDialog *self)
{
  g_autofree char *path = g_file_get_path (self->file);
  g_autofree char *basename = g_file_get_basename (self->file);
  QcImportOptions options = { TRUE };

  adw_window_title_set_subtitle (self->window_title, basename);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  set_state (self, STATE_PREVIEWING);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new (QC_ERROR, QC_ERROR_NOT_FOUND,
                                             _("%s: only files on this computer can be imported"), basename);
      show_refused (self, error);
      return;
    }
  self->cancellable = g_cancellable_new ();
  qc_exchange_import_file_async (qc_app_store (), path, &options, self->cancellable,
                                 on_progress, g_object_ref (self), g_object_unref,
                                 on_previewed, g_object_ref (self));
}

/* The import */

static void
on_imported (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(QcImportDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(QcImportReport) report = NULL;
  g_autofree char *text = NULL;
  AdwToast *result_toast;

  g_clear_object (&self->cancellable);
  report = qc_exchange_import_file_finish (QC_STORE (source), result, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          result_toast = adw_toast_new (_("Import cancelled: nothing was changed"));
          adw_toast_set_timeout (result_toast, 5);
          toast (self, result_toast);
          next_file (self);
        }
      else
        show_refused (self, error);
      return;
    }

  text = describe_result (report);
  result_toast = adw_toast_new (text);
  adw_toast_set_timeout (result_toast, 8);
  if (qc_import_report_get_total (report, QC_IMPORT_CONFLICT) > 0)
    {
      adw_toast_set_button_label (result_toast, _("_Review"));
      adw_toast_set_action_name (result_toast, "app.review-conflicts");
      adw_toast_set_action_target_value (result_toast, g_variant_new_string (""));
    }
  toast (self, result_toast);
  next_file (self);
}

static void
import_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcImportDialog *self = QC_IMPORT_DIALOG (widget);
  g_autofree char *path = NULL;
  QcImportOptions options = { FALSE };

  if (self->state != STATE_PREVIEW || self->file == NULL ||
      !gtk_widget_get_visible (GTK_WIDGET (self->import_button)))
    return;
  path = g_file_get_path (self->file);
  set_state (self, STATE_IMPORTING);
  self->cancellable = g_cancellable_new ();
  qc_exchange_import_file_async (qc_app_store (), path, &options, self->cancellable,
                                 on_progress, g_object_ref (self), g_object_unref,
                                 on_imported, g_object_ref (self));
}

static void
cancel_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcImportDialog *self = QC_IMPORT_DIALOG (widget);

  if (self->cancellable != NULL)
    {
      /* The worker rolls back; its callback moves on. */
      g_cancellable_cancel (self->cancellable);
      return;
    }
  if (self->state == STATE_PREVIEW)
    next_file (self);
}

static gboolean
qc_import_dialog_close_request (GtkWindow *window)
{
  QcImportDialog *self = QC_IMPORT_DIALOG (window);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  /* Closing the window drops the files still waiting too. */
  g_queue_clear_full (self->files, g_object_unref);
  return GTK_WINDOW_CLASS (qc_import_dialog_parent_class)->close_request (window);
}

/* GObject */

static void
qc_import_dialog_dispose (GObject *object)
{
  QcImportDialog *self = QC_IMPORT_DIALOG (object);

  if (self->parent != NULL && g_object_get_data (G_OBJECT (self->parent), DIALOG_KEY) == self)
    g_object_set_data (G_OBJECT (self->parent), DIALOG_KEY, NULL);
  g_clear_object (&self->parent);
  g_clear_pointer (&self->summary_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), QC_TYPE_IMPORT_DIALOG);
  G_OBJECT_CLASS (qc_import_dialog_parent_class)->dispose (object);
}

static void
qc_import_dialog_finalize (GObject *object)
{
  QcImportDialog *self = QC_IMPORT_DIALOG (object);

  g_queue_free_full (self->files, g_object_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->preview, qc_import_report_unref);
  G_OBJECT_CLASS (qc_import_dialog_parent_class)->finalize (object);
}

static void
qc_import_dialog_class_init (QcImportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_import_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = qc_import_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = qc_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, preview_page);
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, sender_row);
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, exported_row);
  gtk_widget_class_bind_template_child (widget_class, QcImportDialog, summary_group);

  gtk_widget_class_install_action (widget_class, "import.run", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_activated);
}

static void
qc_import_dialog_init (QcImportDialog *self)
{
  self->files = g_queue_new ();
  self->summary_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_style (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
}

/* Entry points */

void
qc_import_dialog_open_file (GtkWindow *parent, GFile *file)
{
  QcImportDialog *self;

  g_return_if_fail (G_IS_FILE (file));

  self = parent ? g_object_get_data (G_OBJECT (parent), DIALOG_KEY) : NULL;
  if (self != NULL)
    {
      g_queue_push_tail (self->files, g_object_ref (file));
      return;
    }
  self = g_object_new (QC_TYPE_IMPORT_DIALOG,
                       "application", g_application_get_default (),
                       "transient-for", parent, NULL);
  self->parent = parent ? g_object_ref (parent) : NULL;
  if (parent != NULL)
    g_object_set_data (G_OBJECT (parent), DIALOG_KEY, self);
  fit_to_parent (GTK_WINDOW (self), parent);
  self->file = g_object_ref (file);
  gtk_window_present (GTK_WINDOW (self));
  start_preview (self);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, gpointer data)
{
  g_autoptr(GtkWindow) parent = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          qc_import_dialog_open_file (parent, file);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
qc_import_dialog_choose_file (GtkWindow *parent)
{
  const char *test_path = g_getenv ("QI_COACH_TEST_IMPORT_PATH");
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) ours = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (test_path != NULL && *test_path)
    {
      g_autoptr(GFile) file = g_file_new_for_path (test_path);
      qc_import_dialog_open_file (parent, file);
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Choose a File to Import"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (ours, _("QI Coach files"));
  gtk_file_filter_add_pattern (ours, "*.qicoach");
  gtk_file_filter_add_mime_type (ours, "application/x-qicoach+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), ours);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response),
                    parent ? g_object_ref (parent) : NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, GtkWindow *window)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      gboolean any = files != NULL;

      for (GSList *l = files; l; l = l->next)
        qc_import_dialog_open_file (window, l->data);
      g_slist_free (files);
      return any;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      qc_import_dialog_open_file (window, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

void
qc_import_dialog_attach_drop_target (GtkWindow *window)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), window);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (target));
}
