#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "qc-application.h"
#include "qc-email-sender.h"
#include "qc-exchange-writer.h"
#include "qc-export-dialog.h"
#include "qc-labels.h"
#include "qc-record-list.h"
#include "qc-window.h"

#define MAX_RECENT_COLLEAGUES 5

typedef enum
{
  SCOPE_EVERYTHING,
  SCOPE_PROJECTS,
  SCOPE_SINCE,
} Scope;

struct _QcExportDialog
{
  AdwWindow             parent_instance;

  QcExportDestination   destination;
  GtkWindow            *parent;

  AdwWindowTitle       *window_title;
  GtkButton            *run_button;
  GtkButton            *cancel_button;
  GtkStack             *stack;
  AdwEntryRow          *name_row;
  AdwActionRow         *sender_row;
  GtkCheckButton       *everything_check;
  GtkCheckButton       *projects_check;
  GtkCheckButton       *since_check;
  AdwPreferencesGroup  *projects_group;
  GtkSearchEntry       *project_search;
  GtkListView          *projects_list;
  GtkLabel             *projects_label;
  AdwPreferencesGroup  *colleague_group;
  AdwEntryRow          *colleague_row;
  AdwActionRow         *last_export_row;
  AdwPreferencesGroup  *recent_group;
  AdwStatusPage        *progress_page;
  GtkProgressBar       *progress_bar;

  QcRecordList         *projects;
  GHashTable           *chosen;        /* project id -> title */
  GHashTable           *bound_checks;  /* GtkCheckButton -> GtkListItem, rows on screen */
  GPtrArray            *recent_rows;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  char                 *path;
  char                 *started;       /* when the export began, for the next "since" */
  char                 *colleague;     /* the address the export is for, if any */
  Scope                 scope;
  guint                 n_records;
  gboolean              running;
  gboolean              binding;
};

G_DEFINE_FINAL_TYPE (QcExportDialog, qc_export_dialog, ADW_TYPE_WINDOW)

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

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Settings */

static char *
dup_setting (const char *key)
{
  g_autofree char *value = g_settings_get_string (qc_app_settings (), key);

  g_strstrip (value);
  return *value ? g_steal_pointer (&value) : NULL;
}

static char *
normalize_email (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  return *copy ? g_utf8_strdown (copy, -1) : NULL;
}

/* When the coach last sent records to @email, or NULL. */
static char *
dup_last_export (const char *email)
{
  g_autoptr(GVariant) times = NULL;
  const char *when = NULL;

  if (email == NULL)
    return NULL;
  times = g_settings_get_value (qc_app_settings (), "last-export-times");
  if (g_variant_lookup (times, email, "&s", &when) && qc_is_timestamp (when))
    return g_strdup (when);
  return NULL;
}

static void
remember_export (const char *email, const char *when)
{
  GSettings *settings = qc_app_settings ();
  g_autoptr(GVariant) times = g_settings_get_value (settings, "last-export-times");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, times);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, email))
      g_variant_builder_add (&builder, "{ss}", key, value);
  g_variant_builder_add (&builder, "{ss}", email, when);
  g_settings_set_value (settings, "last-export-times", g_variant_builder_end (&builder));
}

/* State */

static gboolean
has_colleague (QcExportDialog *self)
{
  g_autofree char *email = normalize_email (gtk_editable_get_text (GTK_EDITABLE (self->colleague_row)));

  return email != NULL;
}

static gboolean
can_run (QcExportDialog *self)
{
  g_autofree char *name = dup_setting ("coach-name");

  if (self->running || name == NULL)
    return FALSE;
  if (self->scope == SCOPE_PROJECTS)
    return g_hash_table_size (self->chosen) > 0;
  if (self->scope == SCOPE_SINCE)
    return has_colleague (self);
  return TRUE;
}

static void
update_last_export (QcExportDialog *self)
{
  g_autofree char *email = normalize_email (gtk_editable_get_text (GTK_EDITABLE (self->colleague_row)));
  g_autofree char *when = dup_last_export (email);

  if (email == NULL)
    adw_action_row_set_subtitle (self->last_export_row, _("Type the email address of the colleague you send to"));
  else if (when == NULL)
    adw_action_row_set_subtitle (self->last_export_row,
                                 _("Nothing sent to this colleague yet: everything will be exported"));
  else
    {
      g_autofree char *display = qc_timestamp_to_display (when);
      g_autofree char *text = g_strdup_printf (_("%s: only what changed since then will be exported"), display);
      adw_action_row_set_subtitle (self->last_export_row, text);
    }
}

static void
update_projects_label (QcExportDialog *self)
{
  guint n = g_hash_table_size (self->chosen);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("Choose at least one project"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u project chosen", "%u projects chosen", n), n);
  gtk_label_set_text (self->projects_label, text);
}

static void
update_state (QcExportDialog *self)
{
  gboolean email = self->destination == QC_EXPORT_BY_EMAIL;
  gboolean show_colleague = self->scope == SCOPE_SINCE || email;

  gtk_widget_set_visible (GTK_WIDGET (self->projects_group), self->scope == SCOPE_PROJECTS);
  gtk_widget_set_visible (GTK_WIDGET (self->colleague_group), show_colleague);
  gtk_widget_set_visible (GTK_WIDGET (self->last_export_row), self->scope == SCOPE_SINCE);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), show_colleague && self->recent_rows->len > 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->colleague_row),
                                 self->scope == SCOPE_SINCE ? _("Colleague’s email")
                                                            : _("Colleague’s email (optional)"));
  update_projects_label (self);
  update_last_export (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.run", can_run (self));
}

static void
refresh_sender (QcExportDialog *self)
{
  g_autofree char *name = dup_setting ("coach-name");
  g_autofree char *email = dup_setting ("coach-email");
  g_autofree char *organisation = dup_setting ("coach-organisation");
  g_autofree char *subtitle = NULL;

  /* Asked for here when missing; then the row below shows the rest. */
  if (name == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->name_row), TRUE);
  if (email && organisation)
    subtitle = g_strdup_printf ("%s · %s", email, organisation);
  else
    subtitle = g_strdup (email ? email : organisation);
  if (gtk_widget_get_visible (GTK_WIDGET (self->name_row)))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sender_row),
                                     name ? _("Email and organisation") : _("Your name is not set yet"));
      adw_action_row_set_subtitle (self->sender_row,
                                   subtitle ? subtitle
                                            : _("Colleagues see your name as the sender; add your email and organisation in Preferences"));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sender_row), name);
      adw_action_row_set_subtitle (self->sender_row,
                                   subtitle ? subtitle : _("Add your email and organisation in Preferences"));
    }
}

static void
on_settings_changed (QcExportDialog *self, const char *key)
{
  refresh_sender (self);
  update_state (self);
}

/* Scrolls the page so that @widget, just shown, is in view: on a later
 * frame, once it has its size and the page has grown. */
static gboolean
scroll_to_widget (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  guint *tries = data;
  GtkAdjustment *adjustment;
  graphene_point_t top = GRAPHENE_POINT_INIT (0, 0), in_page;
  double page, bottom;

  if (scrolled == NULL || ++*tries > 30)
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (gtk_widget_get_height (widget) <= 0 ||
      !gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                 &top, &in_page))
    return G_SOURCE_CONTINUE;
  page = gtk_adjustment_get_page_size (adjustment);
  bottom = in_page.y + gtk_widget_get_height (widget) + 12;
  if (bottom > gtk_adjustment_get_upper (adjustment))
    return G_SOURCE_CONTINUE;
  if (bottom > gtk_adjustment_get_value (adjustment) + page)
    gtk_adjustment_set_value (adjustment, MIN (in_page.y - 12, bottom - page));
  return G_SOURCE_REMOVE;
}

static void
scroll_to (GtkWidget *widget)
{
  gtk_widget_add_tick_callback (widget, scroll_to_widget, g_new0 (guint, 1), g_free);
}

static void
on_scope_toggled (QcExportDialog *self)
{
  Scope old = self->scope;

  if (gtk_check_button_get_active (self->projects_check))
    self->scope = SCOPE_PROJECTS;
  else if (gtk_check_button_get_active (self->since_check))
    self->scope = SCOPE_SINCE;
  else
    self->scope = SCOPE_EVERYTHING;
  update_state (self);
  if (self->scope != old && self->scope == SCOPE_PROJECTS)
    scroll_to (GTK_WIDGET (self->projects_group));
  else if (self->scope != old && self->scope == SCOPE_SINCE)
    scroll_to (GTK_WIDGET (self->colleague_group));
}

static void
on_colleague_changed (QcExportDialog *self)
{
  update_state (self);
}

static void
on_recent_activated (AdwActionRow *row, QcExportDialog *self)
{
  const char *email = g_object_get_data (G_OBJECT (row), "email");

  gtk_editable_set_text (GTK_EDITABLE (self->colleague_row), email);
  gtk_widget_grab_focus (GTK_WIDGET (self->colleague_row));
}

typedef struct
{
  const char *email;
  const char *when;
} Recent;

static int
compare_recent (gconstpointer a, gconstpointer b)
{
  /* Newest first: the timestamps sort as text. */
  return -g_strcmp0 (((const Recent *) a)->when, ((const Recent *) b)->when);
}

static void
fill_recent (QcExportDialog *self)
{
  g_autoptr(GVariant) times = g_settings_get_value (qc_app_settings (), "last-export-times");
  g_autoptr(GArray) recent = g_array_new (FALSE, FALSE, sizeof (Recent));
  GVariantIter iter;
  const char *email, *when;

  g_variant_iter_init (&iter, times);
  while (g_variant_iter_next (&iter, "{&s&s}", &email, &when))
    {
      Recent r = { email, when };
      if (qc_is_timestamp (when))
        g_array_append_val (recent, r);
    }
  g_array_sort (recent, compare_recent);
  for (guint i = 0; i < recent->len && i < MAX_RECENT_COLLEAGUES; i++)
    {
      Recent *r = &g_array_index (recent, Recent, i);
      g_autofree char *display = qc_timestamp_to_display (r->when);
      g_autofree char *subtitle = g_strdup_printf (_("Last sent %s"), display);
      g_autofree char *label = g_strdup_printf (_("Send to this colleague, last sent %s"), display);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->email);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
      g_object_set_data_full (G_OBJECT (row), "email", g_strdup (r->email), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_recent_activated), self);
      adw_preferences_group_add (self->recent_group, row);
      g_ptr_array_add (self->recent_rows, row);
    }
}

/* The projects list: a check button per project */

static void
on_project_check_toggled (GtkCheckButton *check, QcExportDialog *self)
{
  GtkListItem *item = g_hash_table_lookup (self->bound_checks, check);
  QcRecord *record;

  if (self->binding || item == NULL || (record = gtk_list_item_get_item (item)) == NULL)
    return;
  if (gtk_check_button_get_active (check))
    g_hash_table_insert (self->chosen, g_strdup (qc_record_get_id (record)), qc_record_dup_title (record));
  else
    g_hash_table_remove (self->chosen, qc_record_get_id (record));
  update_state (self);
}

static void
on_project_setup (GtkSignalListItemFactory *factory, GtkListItem *item, QcExportDialog *self)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_margin_start (check, 6);
  gtk_widget_set_margin_end (check, 6);
  gtk_widget_set_margin_top (check, 3);
  gtk_widget_set_margin_bottom (check, 3);
  g_signal_connect (check, "toggled", G_CALLBACK (on_project_check_toggled), self);
  gtk_list_item_set_child (item, check);
}

static void
on_project_bind (GtkSignalListItemFactory *factory, GtkListItem *item, QcExportDialog *self)
{
  GtkWidget *check = gtk_list_item_get_child (item);
  QcRecord *record = gtk_list_item_get_item (item);
  g_autofree char *title = qc_record_dup_title (record);

  g_hash_table_insert (self->bound_checks, check, item);
  self->binding = TRUE;
  gtk_check_button_set_label (GTK_CHECK_BUTTON (check), title ? title : _("Untitled project"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_hash_table_contains (self->chosen, qc_record_get_id (record)));
  self->binding = FALSE;
}

static void
on_project_unbind (GtkSignalListItemFactory *factory, GtkListItem *item, QcExportDialog *self)
{
  g_hash_table_remove (self->bound_checks, gtk_list_item_get_child (item));
}

/* Enter on a row toggles its check button. */
static void
on_project_activated (QcExportDialog *self, guint position)
{
  GHashTableIter iter;
  gpointer check, item;

  g_hash_table_iter_init (&iter, self->bound_checks);
  while (g_hash_table_iter_next (&iter, &check, &item))
    if (gtk_list_item_get_position (item) == position)
      {
        gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
        return;
      }
}

static void
on_project_search_changed (QcExportDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->project_search));

  qc_record_list_set_text (self->projects, *text ? text : NULL);
}

/* Running the export */

static void
show_options (QcExportDialog *self)
{
  self->running = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "options");
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  update_state (self);
}

static void
show_error (QcExportDialog *self, const char *heading, const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toast_parent (QcExportDialog *self, const char *text)
{
  if (QC_IS_WINDOW (self->parent))
    qc_window_show_toast (QC_WINDOW (self->parent), text);
}

static void
finish (QcExportDialog *self, const char *toast)
{
  self->running = FALSE;
  if (toast != NULL)
    toast_parent (self, toast);
  gtk_window_destroy (GTK_WINDOW (self));
}

static char *
describe_scope (QcExportDialog *self, const char *since)
{
  if (self->scope == SCOPE_PROJECTS)
    {
      g_autoptr(GPtrArray) titles = g_ptr_array_new ();
      g_autofree char *joined = NULL;
      GHashTableIter iter;
      gpointer title;

      g_hash_table_iter_init (&iter, self->chosen);
      while (g_hash_table_iter_next (&iter, NULL, &title))
        g_ptr_array_add (titles, title);

      g_ptr_array_sort (titles, compare_strings);
      g_ptr_array_add (titles, NULL);
      joined = g_strjoinv (", ", (char **) titles->pdata);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the project %s", "the projects %s",
                                           g_hash_table_size (self->chosen)), joined);
    }
  if (since != NULL)
    {
      g_autofree char *display = qc_timestamp_to_display (since);
      return g_strdup_printf (_("the changes since %s"), display);
    }
  return g_strdup (_("all my records"));
}

/* Shows the outbox folder, to attach the file by hand. */
static void
on_outbox_response (AdwMessageDialog *dialog, const char *response, QcExportDialog *self)
{
  g_autofree char *folder = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (g_strcmp0 (response, "folder") != 0 || self->path == NULL)
    return;
  folder = g_path_get_dirname (self->path);
  file = g_file_new_for_path (folder);
  uri = g_file_get_uri (file);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
on_email_composed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(QcExportDialog) self = data;
  g_autoptr(GError) error = NULL;

  if (!qc_email_sender_compose_finish (result, &error))
    {
      g_autofree char *folder = g_path_get_dirname (self->path);
      g_autofree char *body = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish (self, _("No email was written; the file is in your outbox folder"));
          return;
        }
      body = g_strdup_printf (_("%s.\n\nThe file is ready in %s: attach it to an email to your colleague yourself."),
                              error->message, self->path);
      show_options (self);
      {
        AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                               _("Could Not Open Your Email Program"),
                                                                               body));
        adw_message_dialog_add_response (dialog, "close", _("_Close"));
        adw_message_dialog_add_response (dialog, "folder", _("_Open Folder"));
        adw_message_dialog_set_default_response (dialog, "folder");
        adw_message_dialog_set_close_response (dialog, "close");
        g_signal_connect_object (dialog, "response", G_CALLBACK (on_outbox_response), self, 0);
        gtk_window_present (GTK_WINDOW (dialog));
      }
      return;
    }
  if (self->colleague != NULL && self->scope != SCOPE_PROJECTS)
    remember_export (self->colleague, self->started);
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Email with %u record ready to send",
                                                          "Email with %u records ready to send",
                                                          self->n_records), self->n_records);
    finish (self, text);
  }
}

static void
compose_email (QcExportDialog *self, const char *since)
{
  g_autofree char *name = dup_setting ("coach-name");
  g_autofree char *organisation = dup_setting ("coach-organisation");
  g_autofree char *basename = g_path_get_basename (self->path);
  g_autofree char *what = describe_scope (self, since);
  g_autofree char *subject = g_strdup_printf (_("QI Coach records from %s"), name);
  g_autofree char *signature = organisation ? g_strdup_printf ("%s\n%s", name, organisation) : g_strdup (name);
  g_autofree char *body = NULL;

  body = g_strdup_printf (_("Hello,\n\n"
                            "Attached are %s from QI Coach.\n\n"
                            "To add them to your own QI Coach, open the attached file “%s” with QI Coach, "
                            "drag it onto the QI Coach window, or choose Import… in the QI Coach main menu. "
                            "QI Coach shows you what the file contains before anything is changed.\n\n"
                            "%s\n"), what, basename, signature);
  adw_status_page_set_title (self->progress_page, _("Opening Your Email Program…"));
  qc_email_sender_compose_async (self->colleague, subject, body, self->path, NULL,
                                 on_email_composed, g_object_ref (self));
}

static void
on_progress (double fraction, gpointer data)
{
  QcExportDialog *self = data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
on_exported (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(QcExportDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *since = NULL;

  g_clear_object (&self->cancellable);
  if (!qc_exchange_export_file_finish (QC_STORE (source), result, &self->n_records, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish (self, _("Export cancelled: no file was written"));
          return;
        }
      {
        g_autofree char *body = g_strdup_printf (_("%s\n\nNo file was written."), error->message);
        show_options (self);
        show_error (self, _("Could Not Export"), body);
      }
      return;
    }
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);

  if (self->scope == SCOPE_SINCE)
    since = dup_last_export (self->colleague);

  if (self->destination == QC_EXPORT_BY_EMAIL)
    {
      if (self->n_records == 0)
        {
          g_autofree char *body = NULL;
          g_remove (self->path);
          if (since != NULL)
            {
              g_autofree char *display = qc_timestamp_to_display (since);
              body = g_strdup_printf (_("Nothing has changed since your last export to %s on %s."),
                                      self->colleague, display);
            }
          else
            body = g_strdup (_("There are no records to send yet."));
          show_options (self);
          show_error (self, _("Nothing to Send"), body);
          return;
        }
      compose_email (self, since);
      return;
    }

  if (self->colleague != NULL && self->scope != SCOPE_PROJECTS)
    remember_export (self->colleague, self->started);
  {
    g_autofree char *basename = g_path_get_basename (self->path);
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u record exported to “%s”",
                                                          "%u records exported to “%s”",
                                                          self->n_records), self->n_records, basename);
    finish (self, text);
  }
}

static void
start_export (QcExportDialog *self, const char *path)
{
  g_autofree char *name = dup_setting ("coach-name");
  g_autofree char *email = dup_setting ("coach-email");
  g_autofree char *organisation = dup_setting ("coach-organisation");
  g_autofree char *since = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  QcExportOptions options = { 0 };

  g_free (self->path);
  self->path = g_strdup (path);
  g_free (self->started);
  self->started = qc_timestamp_now ();
  g_free (self->colleague);
  self->colleague = normalize_email (gtk_editable_get_text (GTK_EDITABLE (self->colleague_row)));

  if (self->scope == SCOPE_PROJECTS)
    {
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, self->chosen);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_ptr_array_add (ids, id);
      g_ptr_array_sort (ids, compare_strings);
      g_ptr_array_add (ids, NULL);
      options.projects = (const char * const *) ids->pdata;
    }
  else if (self->scope == SCOPE_SINCE)
    {
      since = dup_last_export (self->colleague);
      options.since = since;
    }
  options.sender_name = name;
  options.sender_email = email;
  options.sender_organisation = organisation;

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  adw_status_page_set_title (self->progress_page, _("Exporting…"));
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  update_state (self);
  qc_exchange_export_file_async (qc_app_store (), path, &options, self->cancellable,
                                 on_progress, g_object_ref (self), g_object_unref,
                                 on_exported, g_object_ref (self));
}

static char *
suggested_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  return g_strdup_printf ("qi-coach-%s.qicoach", date);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, QcExportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Could Not Export"), _("Choose a folder on this computer to save the file in."));
      return;
    }
  /* Colleagues' computers open the file by its extension. */
  if (!g_str_has_suffix (path, ".qicoach"))
    {
      g_autofree char *with_suffix = g_strconcat (path, ".qicoach", NULL);
      if (!g_file_test (with_suffix, G_FILE_TEST_EXISTS))
        {
          g_free (path);
          path = g_steal_pointer (&with_suffix);
        }
    }
  start_export (self, path);
}

static void
choose_file (QcExportDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = suggested_name ();
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  self->chooser = gtk_file_chooser_native_new (_("Save Records As"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("QI Coach files"));
  gtk_file_filter_add_pattern (filter, "*.qicoach");
  gtk_file_filter_add_mime_type (filter, "application/x-qicoach+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
run_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcExportDialog *self = QC_EXPORT_DIALOG (widget);
  const char *test_path = g_getenv ("QI_COACH_TEST_EXPORT_PATH");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (!can_run (self) || self->chooser != NULL)
    return;
  if (self->destination == QC_EXPORT_BY_EMAIL)
    {
      path = qc_email_sender_dup_outbox_path (&error);
      if (path == NULL)
        show_error (self, _("Could Not Export"), error->message);
      else
        start_export (self, path);
    }
  else if (test_path != NULL && *test_path)
    start_export (self, test_path);
  else
    choose_file (self);
}

static void
cancel_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcExportDialog *self = QC_EXPORT_DIALOG (widget);

  if (self->running)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
qc_export_dialog_close_request (GtkWindow *window)
{
  QcExportDialog *self = QC_EXPORT_DIALOG (window);

  /* Stop the export first; the dialog closes when it has stopped. */
  if (self->running)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (qc_export_dialog_parent_class)->close_request (window);
}

/* GObject */

static void
qc_export_dialog_dispose (GObject *object)
{
  QcExportDialog *self = QC_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->parent);
  g_clear_object (&self->projects);
  g_clear_pointer (&self->recent_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), QC_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (qc_export_dialog_parent_class)->dispose (object);
}

static void
qc_export_dialog_finalize (GObject *object)
{
  QcExportDialog *self = QC_EXPORT_DIALOG (object);

  g_clear_pointer (&self->chosen, g_hash_table_unref);
  g_clear_pointer (&self->bound_checks, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_free (self->path);
  g_free (self->started);
  g_free (self->colleague);
  G_OBJECT_CLASS (qc_export_dialog_parent_class)->finalize (object);
}

static void
qc_export_dialog_class_init (QcExportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_export_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = qc_export_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = qc_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, run_button);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, sender_row);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, everything_check);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, projects_check);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, since_check);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, projects_group);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, project_search);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, projects_list);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, projects_label);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, colleague_group);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, colleague_row);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, last_export_row);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, recent_group);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, QcExportDialog, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_scope_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_colleague_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_project_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_project_activated);

  gtk_widget_class_install_action (widget_class, "export.run", NULL, run_activated);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_activated);
}

static void
qc_export_dialog_init (QcExportDialog *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GSettings *settings = qc_app_settings ();

  self->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->bound_checks = g_hash_table_new (NULL, NULL);
  self->recent_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->projects = qc_record_list_new (qc_app_store (), &qc_kind_project);
  qc_record_list_set_sort (self->projects, "title", FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (on_project_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_project_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_project_unbind), self);
  gtk_list_view_set_factory (self->projects_list, factory);
  g_object_unref (factory);
  {
    GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->projects)));
    gtk_list_view_set_model (self->projects_list, GTK_SELECTION_MODEL (selection));
    g_object_unref (selection);
  }

  g_settings_bind (settings, "coach-name", self->name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  fill_recent (self);
  refresh_sender (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->run_button));

  if (g_settings_get_enum (settings, "default-export-scope") == 1)
    gtk_check_button_set_active (self->since_check, TRUE);
  else
    gtk_check_button_set_active (self->everything_check, TRUE);
  on_scope_toggled (self);
}

QcExportDialog *
qc_export_dialog_new (GtkWindow *parent, QcExportDestination destination)
{
  QcExportDialog *self = g_object_new (QC_TYPE_EXPORT_DIALOG,
                       "application", g_application_get_default (),
                       "transient-for", parent, NULL);

  self->parent = parent ? g_object_ref (parent) : NULL;
  self->destination = destination;
  fit_to_parent (GTK_WINDOW (self), parent);
  if (destination == QC_EXPORT_BY_EMAIL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Send Records by Email"));
      adw_window_title_set_title (self->window_title, _("Send by Email"));
      gtk_button_set_label (self->run_button, _("Send…"));
      adw_status_page_set_icon_name (self->progress_page, "mail-send-symbolic");
    }
  update_state (self);
  return self;
}
