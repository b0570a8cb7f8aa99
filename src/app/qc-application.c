#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "qc-application.h"
#include "qc-conflicts-page.h"
#include "qc-error.h"
#include "qc-export-dialog.h"
#include "qc-import-dialog.h"
#include "qc-preferences-window.h"
#include "qc-record-list.h"
#include "qc-window.h"

struct _QcApplication
{
  AdwApplication  parent_instance;
  QcStore        *store;
  GError         *open_error;
  GSettings      *settings;
  GHashTable     *titles;   /* id -> title, or "" for no such record */
};

G_DEFINE_FINAL_TYPE (QcApplication, qc_application, ADW_TYPE_APPLICATION)

static void
on_store_changed (QcStore *store, const char *kind, QcApplication *self)
{
  g_hash_table_remove_all (self->titles);
}

static void
update_author (QcApplication *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "coach-name");

  if (self->store == NULL)
    return;
  /* Edits are signed with the coach's own name once it is set. */
  qc_store_set_author (self->store, *name ? name : g_get_real_name ());
}

static gboolean
open_store (QcApplication *self)
{
  g_autofree char *path = qc_store_dup_default_path ();

  g_clear_error (&self->open_error);
  self->store = qc_store_open (path, &self->open_error);
  if (self->store == NULL)
    return FALSE;
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self, 0);
  update_author (self);
  return TRUE;
}

/* The newest "qi-coach.db.vN-DATE.backup" beside the database. */
static char *
find_newest_backup (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (basename, ".v", NULL);
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  g_autofree char *newest = NULL;
  gint64 newest_time = 0;
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *full = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".backup"))
        continue;
      full = g_build_filename (dirname, name, NULL);
      if (g_stat (full, &st) == 0 && (newest == NULL || st.st_mtime > newest_time))
        {
          newest_time = st.st_mtime;
          g_free (newest);
          newest = g_steal_pointer (&full);
        }
    }
  return g_steal_pointer (&newest);
}

/* Keeps the damaged file (renamed) and puts a copy of the backup in its
 * place: nothing is thrown away. */
static gboolean
restore_backup (const char *path, const char *backup, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *kept = g_strdup_printf ("%s.damaged-%s", path, stamp);
  g_autoptr(GFile) from = g_file_new_for_path (backup);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  const char *suffixes[] = { "-wal", "-shm" };

  if (g_rename (path, kept) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not move the damaged database aside: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *side_kept = g_strconcat (kept, suffixes[i], NULL);
      if (g_file_test (side, G_FILE_TEST_EXISTS))
        g_rename (side, side_kept);
    }
  return g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, error);
}

static void show_open_error (QcApplication *self);

static void
on_open_error_response (AdwMessageDialog *dialog, const char *response, QcApplication *self)
{
  g_autofree char *path = qc_store_dup_default_path ();
  g_autofree char *backup = find_newest_backup (path);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "restore") == 0 && backup != NULL)
    {
      if (!restore_backup (path, backup, &error))
        {
          g_clear_error (&self->open_error);
          self->open_error = g_steal_pointer (&error);
          show_open_error (self);
          return;
        }
      if (open_store (self))
        {
          g_application_activate (G_APPLICATION (self));
          return;
        }
      show_open_error (self);
      return;
    }
  g_application_quit (G_APPLICATION (self));
}

/* A damaged or newer database is explained, never silently replaced. */
static void
show_open_error (QcApplication *self)
{
  g_autofree char *path = qc_store_dup_default_path ();
  g_autofree char *backup = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (g_error_matches (self->open_error, QC_ERROR, QC_ERROR_CORRUPT))
    backup = find_newest_backup (path);

  if (backup != NULL)
    body = g_strdup_printf (_("%s\n\nYou can restore the backup made on the last upgrade (%s). "
                              "The damaged file is kept beside it."),
                            self->open_error->message, backup);
  else
    body = g_strdup_printf (_("%s\n\nThe file has not been changed."), self->open_error->message);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL,
                                                       g_error_matches (self->open_error, QC_ERROR, QC_ERROR_TOO_NEW)
                                                         ? _("Database From a Newer Version")
                                                         : _("Could Not Open the Database"),
                                                       body));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  adw_message_dialog_add_response (dialog, "quit", _("_Quit"));
  if (backup != NULL)
    {
      adw_message_dialog_add_response (dialog, "restore", _("_Restore Backup"));
      adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "restore");
    }
  adw_message_dialog_set_close_response (dialog, "quit");
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_error_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkApplication *app = data;
  /* A copy with a reference each: closing one window may destroy another
   * (a dialog of it) while the application's own list changes. */
  g_autolist(GtkWindow) windows = g_list_copy_deep (gtk_application_get_windows (app),
                                                    (GCopyFunc) g_object_ref, NULL);

  /* Closing each window saves what it still holds. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (app));
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkApplication *app = data;
  const char *developers[] = { _("The QI Coach developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("QI Coach"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The QI Coach developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Record quality-improvement projects, PDSA cycles and "
                                      "coaching sessions, and share them with colleagues."),
                        "website", "https://github.com/qicoach/qi-coach",
                        "issue-url", "https://github.com/qicoach/qi-coach/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkApplication *app = data;
  QcPreferencesWindow *window = qc_preferences_window_new (gtk_application_get_active_window (app));

  gtk_window_present (GTK_WINDOW (window));
}

/* The exchange (docs/user-guide-exchange.md): the dialogs are their own
 * classes; these open them over the main window. */
static GtkWindow *
main_window (GtkApplication *app)
{
  GtkWindow *active = gtk_application_get_active_window (app);

  for (GList *l = gtk_application_get_windows (app); l; l = l->next)
    if (QC_IS_WINDOW (l->data))
      return l->data;
  return active;
}

/* Not while the database could not be opened (its message is showing). */
static gboolean
have_store (gpointer app)
{
  return QC_APPLICATION (app)->store != NULL;
}

static void
import_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  if (have_store (data))
    qc_import_dialog_choose_file (main_window (data));
}

static void
import_file_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkApplication *app = data;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (param, NULL));

  if (have_store (app))
    qc_import_dialog_open_file (main_window (app), file);
}

static void
export_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  if (have_store (data))
    gtk_window_present (GTK_WINDOW (qc_export_dialog_new (main_window (data), QC_EXPORT_TO_FILE)));
}

static void
send_email_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  if (have_store (data))
    gtk_window_present (GTK_WINDOW (qc_export_dialog_new (main_window (data), QC_EXPORT_BY_EMAIL)));
}

/* Parameter: a record id, or "" for every conflict. */
static void
review_conflicts_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  if (have_store (data))
    qc_conflicts_page_present (main_window (data), g_variant_get_string (param, NULL));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "import", import_activated },
  { "export", export_activated },
  { "import-file", import_file_activated, "s" },
  { "send-email", send_email_activated },
  { "review-conflicts", review_conflicts_activated, "s" },
};

/* GApplication */

static void
qc_application_startup (GApplication *app)
{
  QcApplication *self = QC_APPLICATION (app);
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.show-help-overlay", { "F1", "<Control>question", NULL } },
    { "win.new", { "<Control>n", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "app.import", { "<Control>o", NULL } },
    { "app.export", { "<Control>e", NULL } },
    { "win.page::projects", { "<Alt>1", NULL } },
    { "win.page::pdsa", { "<Alt>2", NULL } },
    { "win.page::coaching", { "<Alt>3", NULL } },
    { "win.page::resources", { "<Alt>4", NULL } },
  };

  G_APPLICATION_CLASS (qc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);

  g_signal_connect_object (self->settings, "changed::coach-name", G_CALLBACK (update_author), self,
                           G_CONNECT_SWAPPED);
  open_store (self);
}

static void
qc_application_activate (GApplication *app)
{
  QcApplication *self = QC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (self->store == NULL)
    {
      if (window == NULL)
        show_open_error (self);
      else
        gtk_window_present (window);
      return;
    }
  if (!QC_IS_WINDOW (window))
    window = GTK_WINDOW (qc_window_new (self));
  gtk_window_present (window);
}

static void
qc_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  g_application_activate (app);
  if (QC_APPLICATION (app)->store == NULL)
    return;
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autofree char *uri = g_file_get_uri (files[i]);
      g_action_group_activate_action (G_ACTION_GROUP (app), "import-file",
                                      g_variant_new_string (path ? path : uri));
    }
}

static void
qc_application_dispose (GObject *object)
{
  QcApplication *self = QC_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->open_error);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  G_OBJECT_CLASS (qc_application_parent_class)->dispose (object);
}

static void
qc_application_class_init (QcApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qc_application_dispose;
  G_APPLICATION_CLASS (klass)->startup = qc_application_startup;
  G_APPLICATION_CLASS (klass)->activate = qc_application_activate;
  G_APPLICATION_CLASS (klass)->open = qc_application_open;
}

static void
qc_application_init (QcApplication *self)
{
  /* The schema id is the base id in the Devel build too. */
  self->settings = g_settings_new ("io.github.qicoach.QICoach");
  self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

QcApplication *
qc_application_new (void)
{
  return g_object_new (QC_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

QcStore *
qc_application_get_store (QcApplication *self)
{
  return self->store;
}

GSettings *
qc_application_get_settings (QcApplication *self)
{
  return self->settings;
}

QcStore *
qc_app_store (void)
{
  return qc_application_get_store (QC_APPLICATION (g_application_get_default ()));
}

GSettings *
qc_app_settings (void)
{
  return qc_application_get_settings (QC_APPLICATION (g_application_get_default ()));
}

const char *
qc_app_lookup_title (const char *id)
{
  QcApplication *self = QC_APPLICATION (g_application_get_default ());
  const char *title;

  if (id == NULL || self->store == NULL)
    return NULL;
  title = g_hash_table_lookup (self->titles, id);
  if (title == NULL)
    {
      g_autoptr(QcRecord) record = NULL;

      if (qc_store_lookup_kind (self->store, id) != NULL && !qc_store_is_deleted (self->store, id))
        record = qc_store_load (self->store, id, NULL);
      title = record ? qc_record_dup_title (record) : g_strdup ("");
      g_hash_table_insert (self->titles, g_strdup (id), (char *) title);
    }
  return *title ? title : NULL;
}

static char *
find_person (QcStore *store, const char *field, const char *value)
{
  g_autoptr(QcRecordList) people = NULL;
  g_autoptr(QcRecord) person = NULL;

  if (value == NULL || *value == '\0')
    return NULL;
  people = qc_record_list_new (store, &qc_kind_person);
  qc_record_list_set_filter (people, field, value);
  person = g_list_model_get_item (G_LIST_MODEL (people), 0);
  return person ? g_strdup (qc_record_get_id (person)) : NULL;
}

char *
qc_app_dup_coach_id (void)
{
  QcStore *store = qc_app_store ();
  GSettings *settings = qc_app_settings ();
  g_autofree char *email = g_settings_get_string (settings, "coach-email");
  g_autofree char *name = g_settings_get_string (settings, "coach-name");
  char *id;

  if (store == NULL)
    return NULL;
  id = find_person (store, "email", email);
  if (id == NULL)
    id = find_person (store, "name", name);
  return id;
}
