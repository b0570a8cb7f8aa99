#include "config.h"

#include <glib/gi18n.h>

#include "qc-measure-page.h"
#include "qc-measure-window.h"

struct _QcMeasureWindow
{
  AdwWindow       parent_instance;
  QcMeasurePage  *page;
  AdwWindowTitle *title;
};

G_DEFINE_FINAL_TYPE (QcMeasureWindow, qc_measure_window, ADW_TYPE_WINDOW)

static void
on_page_title_changed (QcMeasurePage *page, GParamSpec *pspec, QcMeasureWindow *self)
{
  const char *title = qc_measure_page_get_title (page);

  adw_window_title_set_title (self->title, (title && *title) ? title : _("Measure"));
  gtk_window_set_title (GTK_WINDOW (self), (title && *title) ? title : _("Measure"));
}

static gboolean
on_close_request (QcMeasureWindow *self)
{
  /* What waits to be saved is saved now; the page shows why if it can't. */
  qc_measure_page_flush (self->page);
  return FALSE;
}

static void
qc_measure_window_class_init (QcMeasureWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
qc_measure_window_init (QcMeasureWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 760);
}

QcMeasureWindow *
qc_measure_window_new (GtkWindow *parent, QcStore *store, const char *measure_id)
{
  QcMeasureWindow *self = g_object_new (QC_TYPE_MEASURE_WINDOW,
                                        "transient-for", parent,
                                        "application", parent ? gtk_window_get_application (parent) : NULL,
                                        NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Measure"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);

  self->page = QC_MEASURE_PAGE (qc_measure_page_new (store, measure_id));
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_object (self->page, "notify::title", G_CALLBACK (on_page_title_changed), self, 0);
  on_page_title_changed (self->page, NULL, self);
  g_signal_connect_swapped (self, "close-request", G_CALLBACK (on_close_request), self);
  return self;
}
