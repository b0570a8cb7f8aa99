#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-conflicts-banner.h"
#include "qc-conflicts.h"

struct _QcConflictsBanner
{
  AdwBin       parent_instance;
  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *button;
  guint        idle_id;
};

G_DEFINE_FINAL_TYPE (QcConflictsBanner, qc_conflicts_banner, ADW_TYPE_BIN)

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

static gboolean
update (gpointer data)
{
  QcConflictsBanner *self = data;
  QcStore *store = qc_app_store ();
  gint64 n = store ? qc_conflicts_count (store, NULL, NULL) : 0;

  self->idle_id = 0;
  if (n > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u conflict to review: you and a colleague changed the same record",
                                                            "%u conflicts to review: you and colleagues changed the same records",
                                                            (gulong) n), (guint) n);
      gtk_label_set_text (self->label, text);
    }
  gtk_revealer_set_reveal_child (self->revealer, n > 0);
  return G_SOURCE_REMOVE;
}

/* Several kinds change at the end of one import: count once. */
static void
on_store_changed (QcConflictsBanner *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (update, self);
}

static void
qc_conflicts_banner_dispose (GObject *object)
{
  QcConflictsBanner *self = QC_CONFLICTS_BANNER (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  G_OBJECT_CLASS (qc_conflicts_banner_parent_class)->dispose (object);
}

static void
qc_conflicts_banner_class_init (QcConflictsBannerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qc_conflicts_banner_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "qc-conflicts-banner");
}

static void
qc_conflicts_banner_init (QcConflictsBanner *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  QcStore *store = qc_app_store ();

  ensure_style (GTK_WIDGET (self));
  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  self->button = GTK_BUTTON (gtk_button_new_with_label (_("Review")));
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), "app.review-conflicts");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->button), g_variant_new_string (""));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Review conflicts"), -1);
  gtk_widget_add_css_class (box, "qc-conflicts-banner");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->button));
  gtk_revealer_set_child (self->revealer, box);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->revealer));

  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  update (self);
}

GtkWidget *
qc_conflicts_banner_new (void)
{
  return g_object_new (QC_TYPE_CONFLICTS_BANNER, NULL);
}
