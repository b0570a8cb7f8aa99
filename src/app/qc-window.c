#include "config.h"

#include <glib/gi18n.h>

#include "qc-conflicts-banner.h"
#include "qc-import-dialog.h"
#include "qc-network-page.h"
#include "qc-pdsa-page.h"
#include "qc-projects-page.h"
#include "qc-record-dialog.h"
#include "qc-resources-page.h"
#include "qc-search-popover.h"
#include "qc-sessions-page.h"
#include "qc-window.h"
#include "qc-measure-window.h"

struct _QcWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  GtkMenuButton        *search_button;
  QcSearchPopover      *search_popover;
  QcProjectsPage       *projects_page;
  QcPdsaPage           *pdsa_page;
  QcSessionsPage       *sessions_page;
  QcResourcesPage      *resources_page;
  QcNetworkPage        *network_page;
};

G_DEFINE_FINAL_TYPE (QcWindow, qc_window, ADW_TYPE_APPLICATION_WINDOW)

void
qc_window_add_toast (QcWindow *self, AdwToast *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
qc_window_show_toast (QcWindow *self, const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  qc_window_add_toast (self, toast);
}

void
qc_window_open_record (QcWindow *self, const char *id)
{
  const QcKind *kind = qc_store_lookup_kind (qc_app_store (), id);

  if (kind == &qc_kind_project)
    {
      adw_view_stack_set_visible_child_name (self->stack, "projects");
      qc_projects_page_select (self->projects_page, id);
    }
  else if (kind == &qc_kind_pdsa)
    {
      adw_view_stack_set_visible_child_name (self->stack, "pdsa");
      qc_pdsa_page_select (self->pdsa_page, id);
    }
  else if (kind == &qc_kind_session)
    {
      adw_view_stack_set_visible_child_name (self->stack, "coaching");
      qc_sessions_page_select (self->sessions_page, id);
    }
  else if (kind == &qc_kind_resource)
    {
      adw_view_stack_set_visible_child_name (self->stack, "resources");
      qc_resources_page_select (self->resources_page, id);
    }
  else if (kind == &qc_kind_person || kind == &qc_kind_organisation)
    {
      adw_view_stack_set_visible_child_name (self->stack, "network");
      qc_network_page_select (self->network_page, id);
    }
  else if (kind == &qc_kind_measure)
    {
      QcMeasureWindow *window = qc_measure_window_new (GTK_WINDOW (self), qc_app_store (), id);
      gtk_window_present (GTK_WINDOW (window));
    }
  else if (kind != NULL)
    {
      /* Kinds without a page of their own yet open in a dialog. */
      QcRecordDialog *dialog = qc_record_dialog_new (GTK_WINDOW (self), id);
      if (dialog != NULL)
        gtk_window_present (GTK_WINDOW (dialog));
    }
}

static QcWindow *
window_of (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (QC_IS_WINDOW (root))
    return QC_WINDOW (root);
  /* A dialog: its parent window. */
  if (GTK_IS_WINDOW (root) && QC_IS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (root))))
    return QC_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (root)));
  return NULL;
}

void
qc_widget_show_toast (GtkWidget *widget, const char *text)
{
  QcWindow *window = window_of (widget);

  if (window != NULL)
    qc_window_show_toast (window, text);
  else
    g_warning ("%s", text);
}

void
qc_widget_add_toast (GtkWidget *widget, AdwToast *toast)
{
  QcWindow *window = window_of (widget);

  if (window != NULL)
    qc_window_add_toast (window, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

void
qc_widget_open_record (GtkWidget *widget, const char *id)
{
  QcWindow *window = window_of (widget);

  if (window != NULL)
    qc_window_open_record (window, id);
}

void
qc_widget_new_cycle (GtkWidget *widget, const char *project_id, const char *change_idea)
{
  QcWindow *window = window_of (widget);

  if (window == NULL)
    return;
  qc_projects_page_flush (window->projects_page);
  adw_view_stack_set_visible_child_name (window->stack, "pdsa");
  qc_pdsa_page_new_cycle (window->pdsa_page, project_id, change_idea);
}

void
qc_widget_new_session (GtkWidget *widget, const char *project_id)
{
  QcWindow *window = window_of (widget);

  if (window == NULL)
    return;
  /* The project's page saves first, so the session sees its team. */
  qc_projects_page_flush (window->projects_page);
  adw_view_stack_set_visible_child_name (window->stack, "coaching");
  qc_sessions_page_new_session (window->sessions_page, project_id);
}

/* Actions */

static void
on_page_changed (QcWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);
  gboolean can_add = g_strcmp0 (name, "projects") == 0 || g_strcmp0 (name, "pdsa") == 0 ||
                     g_strcmp0 (name, "coaching") == 0 || g_strcmp0 (name, "resources") == 0 ||
                     g_strcmp0 (name, "network") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", can_add);
}

static void
new_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcWindow *self = QC_WINDOW (widget);
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (name, "projects") == 0)
    qc_projects_page_new_project (self->projects_page);
  else if (g_strcmp0 (name, "pdsa") == 0)
    qc_pdsa_page_new_cycle (self->pdsa_page, NULL, NULL);
  else if (g_strcmp0 (name, "coaching") == 0)
    qc_sessions_page_new_session (self->sessions_page, NULL);
  else if (g_strcmp0 (name, "resources") == 0)
    qc_resources_page_new_resource (self->resources_page);
  else if (g_strcmp0 (name, "network") == 0)
    qc_network_page_new_record (self->network_page);
}

static void
search_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcWindow *self = QC_WINDOW (widget);

  gtk_menu_button_popup (self->search_button);
}

static void
page_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcWindow *self = QC_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, g_variant_get_string (param, NULL));
}

static void
on_search_open_record (QcWindow *self, const char *id)
{
  gtk_menu_button_popdown (self->search_button);
  qc_window_open_record (self, id);
}

/* Window size */

static void
restore_size (QcWindow *self)
{
  GSettings *settings = qc_app_settings ();
  const char *forced = g_getenv ("QI_COACH_WINDOW_SIZE");
  int width = g_settings_get_int (settings, "window-width");
  int height = g_settings_get_int (settings, "window-height");

  /* For tests and screenshots: WIDTHxHEIGHT, whatever was saved. */
  if (forced != NULL && sscanf (forced, "%dx%d", &width, &height) == 2)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_size (QcWindow *self)
{
  GSettings *settings = qc_app_settings ();
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (settings);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_apply (settings);
}

static gboolean
qc_window_close_request (GtkWindow *window)
{
  QcWindow *self = QC_WINDOW (window);

  /* Nothing typed is lost: what waits for the pause is saved now. */
  qc_projects_page_flush (self->projects_page);
  qc_pdsa_page_flush (self->pdsa_page);
  qc_sessions_page_flush (self->sessions_page);
  qc_resources_page_flush (self->resources_page);
  qc_network_page_flush (self->network_page);
  save_size (self);
  return GTK_WINDOW_CLASS (qc_window_parent_class)->close_request (window);
}

static void
qc_window_class_init (QcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  GTK_WINDOW_CLASS (klass)->close_request = qc_window_close_request;

  g_type_ensure (QC_TYPE_PROJECTS_PAGE);
  g_type_ensure (QC_TYPE_PDSA_PAGE);
  g_type_ensure (QC_TYPE_SESSIONS_PAGE);
  g_type_ensure (QC_TYPE_RESOURCES_PAGE);
  g_type_ensure (QC_TYPE_NETWORK_PAGE);
  g_type_ensure (QC_TYPE_SEARCH_POPOVER);
  g_type_ensure (QC_TYPE_CONFLICTS_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, QcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, QcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, QcWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, QcWindow, search_popover);
  gtk_widget_class_bind_template_child (widget_class, QcWindow, projects_page);
  gtk_widget_class_bind_template_child (widget_class, QcWindow, pdsa_page);
  gtk_widget_class_bind_template_child (widget_class, QcWindow, sessions_page);
  gtk_widget_class_bind_template_child (widget_class, QcWindow, resources_page);
  gtk_widget_class_bind_template_child (widget_class, QcWindow, network_page);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_open_record);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.page", "s", page_activated);
  /* Alt+1 to Alt+4 are application accelerators; the Network page's is here. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK, "win.page", "s", "network");
}

static void
qc_window_init (QcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A .qicoach file dropped on the window opens the import preview. */
  qc_import_dialog_attach_drop_target (GTK_WINDOW (self));
  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
  restore_size (self);
  on_page_changed (self);
}

QcWindow *
qc_window_new (QcApplication *application)
{
  return g_object_new (QC_TYPE_WINDOW, "application", application, NULL);
}
