#include "config.h"

#include "qc-application.h"
#include "qc-preferences-window.h"

struct _QcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;
  AdwEntryRow          *name_row;
  AdwEntryRow          *email_row;
  AdwEntryRow          *organisation_row;
  AdwComboRow          *export_scope_row;
};

G_DEFINE_FINAL_TYPE (QcPreferencesWindow, qc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* default-export-scope's nicks, in the order of the combo row's items. */
static const char *const export_scopes[] = { "everything", "changes-since-last-export" };

static gboolean
scope_to_row (GValue *value, GVariant *variant, gpointer data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (export_scopes); i++)
    if (g_str_equal (nick, export_scopes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
row_to_scope (const GValue *value, const GVariantType *type, gpointer data)
{
  guint i = g_value_get_uint (value);

  return i < G_N_ELEMENTS (export_scopes) ? g_variant_new_string (export_scopes[i]) : NULL;
}

static void
qc_preferences_window_class_init (QcPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, QcPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, QcPreferencesWindow, email_row);
  gtk_widget_class_bind_template_child (widget_class, QcPreferencesWindow, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, QcPreferencesWindow, export_scope_row);
}

static void
qc_preferences_window_init (QcPreferencesWindow *self)
{
  GSettings *settings = qc_app_settings ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_settings_bind (settings, "coach-name", self->name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "coach-email", self->email_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "coach-organisation", self->organisation_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "default-export-scope", self->export_scope_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, scope_to_row, row_to_scope, NULL, NULL);
}

QcPreferencesWindow *
qc_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (QC_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
