#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-window.h"

struct _QcApplication
{
  AdwApplication  parent_instance;
  QcStore        *store;
  GError         *open_error;
};

G_DEFINE_FINAL_TYPE (QcApplication, qc_application, ADW_TYPE_APPLICATION)

static void
qc_application_startup (GApplication *app)
{
  QcApplication *self = QC_APPLICATION (app);
  g_autofree char *path = qc_store_dup_default_path ();

  G_APPLICATION_CLASS (qc_application_parent_class)->startup (app);

  self->store = qc_store_open (path, &self->open_error);
}

static void
show_open_error (QcApplication *self, GtkWindow *parent)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Could Not Open the Database"),
                                                       self->open_error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (g_application_quit), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
qc_application_activate (GApplication *app)
{
  QcApplication *self = QC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (qc_window_new (self));
  gtk_window_present (window);
  if (self->store == NULL)
    show_open_error (self, window);
}

static void
qc_application_dispose (GObject *object)
{
  QcApplication *self = QC_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_error (&self->open_error);
  G_OBJECT_CLASS (qc_application_parent_class)->dispose (object);
}

static void
qc_application_class_init (QcApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qc_application_dispose;
  G_APPLICATION_CLASS (klass)->startup = qc_application_startup;
  G_APPLICATION_CLASS (klass)->activate = qc_application_activate;
}

static void
qc_application_init (QcApplication *self)
{
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
