#include "config.h"

#include <glib/gi18n.h>

#include "qc-window.h"

struct _QcWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (QcWindow, qc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
qc_window_class_init (QcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-window.ui");
}

static void
qc_window_init (QcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

QcWindow *
qc_window_new (QcApplication *application)
{
  return g_object_new (QC_TYPE_WINDOW, "application", application, NULL);
}
