#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "qc-email-sender.h"

#define PORTAL_BUS_NAME     "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH  "/org/freedesktop/portal/desktop"
#define PORTAL_EMAIL        "org.freedesktop.portal.Email"
#define PORTAL_REQUEST      "org.freedesktop.portal.Request"
/* xdg-email waits for some mail programs to exit; once it has run this
 * long without failing, the composer is open. */
#define XDG_EMAIL_GRACE_SECONDS 5
#define OUTBOX_MAX_AGE_DAYS 30

typedef struct
{
  char            *address;
  char            *subject;
  char            *body;
  char            *attachment;
  GDBusConnection *connection;
  char            *request_path;
  guint            response_id;
  guint            grace_id;
  gboolean         done;
} Compose;

static void
compose_free (gpointer data)
{
  Compose *c = data;

  g_assert (c->response_id == 0);
  g_clear_handle_id (&c->grace_id, g_source_remove);
  g_free (c->address);
  g_free (c->subject);
  g_free (c->body);
  g_free (c->attachment);
  g_free (c->request_path);
  g_clear_object (&c->connection);
  g_free (c);
}

/* Returns the task's result once, whichever comes first. */
static void
compose_return (GTask *task, GError *error)
{
  Compose *c = g_task_get_task_data (task);

  if (c->done)
    {
      g_clear_error (&error);
      return;
    }
  c->done = TRUE;
  g_clear_handle_id (&c->grace_id, g_source_remove);
  if (c->response_id != 0)
    {
      guint id = c->response_id;
      c->response_id = 0;
      /* Drops the subscription's reference to @task: the caller holds one. */
      g_dbus_connection_signal_unsubscribe (c->connection, id);
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The Email portal (inside Flatpak) */

static void
on_portal_response (GDBusConnection *connection,
                    const char      *sender,
                    const char      *path,
                    const char      *interface,
                    const char      *signal,
                    GVariant        *parameters,
                    gpointer         data)
{
  g_autoptr(GTask) task = g_object_ref (data);
  guint32 response = 2;

  g_variant_get (parameters, "(u@a{sv})", &response, NULL);
  if (response == 0)
    compose_return (task, NULL);
  else if (response == 1)
    compose_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The email was not written")));
  else
    compose_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                               _("Your email program could not be opened")));
}

static void
subscribe_response (GTask *task, const char *path)
{
  Compose *c = g_task_get_task_data (task);

  if (c->response_id != 0)
    g_dbus_connection_signal_unsubscribe (c->connection, c->response_id);
  g_free (c->request_path);
  c->request_path = g_strdup (path);
  c->response_id = g_dbus_connection_signal_subscribe (c->connection, PORTAL_BUS_NAME, PORTAL_REQUEST,
                                                       "Response", path, NULL,
                                                       G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE,
                                                       on_portal_response, g_object_ref (task),
                                                       g_object_unref);
}

static void
on_compose_called (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  Compose *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *handle = NULL;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), NULL, result, &error);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      compose_return (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                         _("Your email program could not be opened: %s"), error->message));
      return;
    }
  g_variant_get (reply, "(&o)", &handle);
  /* Portals older than the handle_token option answer elsewhere. */
  if (!c->done && g_strcmp0 (handle, c->request_path) != 0)
    subscribe_response (task, handle);
}

static void
on_session_bus (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  Compose *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autofree char *token = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *path = NULL;
  GVariantBuilder options;
  GVariantBuilder attachments;
  int fd, index;

  c->connection = g_bus_get_finish (result, &error);
  if (c->connection == NULL)
    {
      compose_return (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                         _("Your email program could not be opened: %s"), error->message));
      return;
    }

  fd = g_open (c->attachment, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      compose_return (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                         _("Could not attach %s: %s"), c->attachment, g_strerror (saved_errno)));
      return;
    }
  fds = g_unix_fd_list_new ();
  index = g_unix_fd_list_append (fds, fd, &error);
  close (fd);
  if (index < 0)
    {
      compose_return (task, g_steal_pointer (&error));
      return;
    }

  /* Listen for the answer before asking (the request path is known). */
  token = g_strdup_printf ("qicoach%u", g_random_int ());
  sender = g_strdelimit (g_strdup (g_dbus_connection_get_unique_name (c->connection) + 1), ".", '_');
  path = g_strconcat (PORTAL_OBJECT_PATH "/request/", sender, "/", token, NULL);
  subscribe_response (task, path);

  g_variant_builder_init (&attachments, G_VARIANT_TYPE ("ah"));
  g_variant_builder_add (&attachments, "h", index);
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  if (c->address != NULL && *c->address)
    g_variant_builder_add (&options, "{sv}", "address", g_variant_new_string (c->address));
  g_variant_builder_add (&options, "{sv}", "subject", g_variant_new_string (c->subject));
  g_variant_builder_add (&options, "{sv}", "body", g_variant_new_string (c->body));
  g_variant_builder_add (&options, "{sv}", "attachment_fds", g_variant_builder_end (&attachments));

  g_dbus_connection_call_with_unix_fd_list (c->connection, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH,
                                            PORTAL_EMAIL, "ComposeEmail",
                                            g_variant_new ("(sa{sv})", "", &options),
                                            G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                            fds, g_task_get_cancellable (task),
                                            on_compose_called, g_object_ref (task));
}

/* xdg-email (outside Flatpak) */

static gboolean
on_grace_over (gpointer data)
{
  GTask *task = data;
  Compose *c = g_task_get_task_data (task);

  c->grace_id = 0;
  /* Still running without complaint: the mail program is open. */
  compose_return (task, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_xdg_email_exited (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_subprocess_wait_finish (process, result, &error))
    {
      compose_return (task, g_steal_pointer (&error));
      return;
    }
  if (!g_subprocess_get_if_exited (process))
    {
      compose_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                 _("Your email program stopped before the email was written")));
      return;
    }
  status = g_subprocess_get_exit_status (process);
  if (status == 0)
    compose_return (task, NULL);
  else if (status == 3)
    compose_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                               _("No email program is set up on this computer")));
  else
    compose_return (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                       _("Your email program could not be opened (xdg-email ended with status %d)"),
                                       status));
}

static void
compose_with_xdg_email (GTask *task)
{
  Compose *c = g_task_get_task_data (task);
  g_autofree char *program = g_find_program_in_path ("xdg-email");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (program == NULL)
    {
      compose_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                 _("No email program could be found (xdg-email is not installed)")));
      return;
    }
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (char *) "--utf8");
  g_ptr_array_add (argv, (char *) "--subject");
  g_ptr_array_add (argv, c->subject);
  g_ptr_array_add (argv, (char *) "--body");
  g_ptr_array_add (argv, c->body);
  g_ptr_array_add (argv, (char *) "--attach");
  g_ptr_array_add (argv, c->attachment);
  if (c->address != NULL && *c->address)
    g_ptr_array_add (argv, c->address);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  if (process == NULL)
    {
      compose_return (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                         _("Your email program could not be opened: %s"), error->message));
      return;
    }
  c->grace_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, XDG_EMAIL_GRACE_SECONDS, on_grace_over,
                                            g_object_ref (task), g_object_unref);
  g_subprocess_wait_async (process, NULL, on_xdg_email_exited, g_object_ref (task));
}

void
qc_email_sender_compose_async (const char          *address,
                               const char          *subject,
                               const char          *body,
                               const char          *attachment,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Compose *c;

  g_return_if_fail (subject != NULL && body != NULL && attachment != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, qc_email_sender_compose_async);
  c = g_new0 (Compose, 1);
  c->address = g_strdup (address);
  c->subject = g_strdup (subject);
  c->body = g_strdup (body);
  c->attachment = g_strdup (attachment);
  g_task_set_task_data (task, c, compose_free);

  if (!g_file_test (attachment, G_FILE_TEST_IS_REGULAR))
    {
      compose_return (task, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                         _("The file to attach is missing: %s"), attachment));
      return;
    }
  /* QI_COACH_EMAIL_PORTAL=1 uses the portal outside Flatpak too (tests). */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
      g_strcmp0 (g_getenv ("QI_COACH_EMAIL_PORTAL"), "1") == 0)
    g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_session_bus, g_object_ref (task));
  else
    compose_with_xdg_email (task);
}

gboolean
qc_email_sender_compose_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The outbox */

static void
clean_outbox (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  gint64 limit = g_get_real_time () / G_USEC_PER_SEC - OUTBOX_MAX_AGE_DAYS * 24 * 3600;
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_str_has_suffix (name, ".qicoach") && g_stat (path, &st) == 0 &&
          S_ISREG (st.st_mode) && st.st_mtime < limit)
        g_remove (path);
    }
}

char *
qc_email_sender_dup_outbox_path (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "qi-coach", "outbox", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  clean_outbox (dir);
  /* Never overwrite a file an email being written may still attach. */
  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("qi-coach-%s.qicoach", date)
                                     : g_strdup_printf ("qi-coach-%s-%u.qicoach", date, n);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("The folder %s is full"), dir);
  return NULL;
}
