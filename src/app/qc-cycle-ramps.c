#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-cycle-ramps.h"
#include "qc-driver-editor.h"
#include "qc-labels.h"
#include "qc-record-list.h"
#include "qc-window.h"

struct _QcCycleRamps
{
  GtkWidget   parent_instance;
  QcRecord   *project;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (QcCycleRamps, qc_cycle_ramps, GTK_TYPE_WIDGET)

static void
on_chip_clicked (GtkButton *button, QcCycleRamps *self)
{
  qc_widget_open_record (GTK_WIDGET (self), g_object_get_data (G_OBJECT (button), "record-id"));
}

static void
on_new_clicked (GtkButton *button, QcCycleRamps *self)
{
  qc_widget_new_cycle (GTK_WIDGET (self), qc_record_get_id (self->project),
                       g_object_get_data (G_OBJECT (button), "change-idea"));
}

static GtkWidget *
create_chip (QcCycleRamps *self, QcRecord *cycle)
{
  const char *number = qc_record_get (cycle, "number");
  const char *stage = qc_record_get (cycle, "stage");
  g_autofree char *label = g_strdup_printf (_("Cycle %s"), number ? number : "?");
  g_autofree char *tooltip = g_strdup_printf ("%s%s%s", qc_record_get (cycle, "title"),
                                              stage ? " · " : "", stage ? qc_choice_label (stage) : "");
  g_autofree char *accessible = g_strdup_printf ("%s: %s", label, tooltip);
  GtkWidget *chip = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (chip, "qc-chip");
  if (stage != NULL)
    {
      g_autofree char *css = g_strconcat ("qc-badge-", stage, NULL);
      gtk_widget_add_css_class (chip, css);
    }
  gtk_widget_set_tooltip_text (chip, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (chip), "record-id", g_strdup (qc_record_get_id (cycle)), g_free);
  g_signal_connect (chip, "clicked", G_CALLBACK (on_chip_clicked), self);
  return chip;
}

static void
add_ramp (QcCycleRamps *self, const char *change_idea, const char *title, GPtrArray *cycles)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *chips = gtk_flow_box_new ();
  GtkWidget *new_button;
  g_autofree char *accessible = NULL;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (chips), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (chips), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (chips), 4);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (chips), 4);

  for (guint i = 0; i < cycles->len; i++)
    {
      if (i > 0)
        {
          GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
          gtk_widget_add_css_class (arrow, "dim-label");
          gtk_flow_box_append (GTK_FLOW_BOX (chips), arrow);
        }
      gtk_flow_box_append (GTK_FLOW_BOX (chips), create_chip (self, g_ptr_array_index (cycles, i)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (chips); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  new_button = gtk_button_new_with_label (cycles->len ? _("Next Cycle") : _("First Cycle"));
  gtk_widget_add_css_class (new_button, "flat");
  accessible = g_strdup_printf (cycles->len ? _("Next cycle on %s") : _("First cycle on %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (new_button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (new_button), "change-idea", g_strdup (change_idea), g_free);
  g_signal_connect (new_button, "clicked", G_CALLBACK (on_new_clicked), self);
  gtk_flow_box_append (GTK_FLOW_BOX (chips), new_button);
  gtk_widget_set_focusable (gtk_widget_get_parent (new_button), FALSE);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), chips);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (self->list, row);
}

void
qc_cycle_ramps_update (QcCycleRamps *self)
{
  g_autoptr(QcRecordList) cycles = NULL;
  g_autoptr(GHashTable) by_idea = NULL;
  g_autoptr(GArray) nodes = NULL;
  g_autoptr(GPtrArray) unlinked = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  if (self->project == NULL || qc_record_get_id (self->project) == NULL || qc_app_store () == NULL)
    return;

  by_idea = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  cycles = qc_record_list_new (qc_app_store (), &qc_kind_pdsa);
  qc_record_list_set_filter (cycles, "project", qc_record_get_id (self->project));
  qc_record_list_set_sort (cycles, "number", FALSE);
  n = g_list_model_get_n_items (G_LIST_MODEL (cycles));
  for (guint i = 0; i < n; i++)
    {
      QcRecord *cycle = g_list_model_get_item (G_LIST_MODEL (cycles), i);
      const char *idea = qc_record_get (cycle, "change-idea");
      GPtrArray *ramp;

      if (idea == NULL)
        {
          g_ptr_array_add (unlinked, cycle);
          continue;
        }
      ramp = g_hash_table_lookup (by_idea, idea);
      if (ramp == NULL)
        {
          ramp = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (by_idea, g_strdup (idea), ramp);
        }
      g_ptr_array_add (ramp, cycle);
    }

  /* Every change idea has a ramp, even before its first cycle. */
  nodes = qc_driver_tree (self->project);
  for (guint i = 0; i < nodes->len; i++)
    {
      QcItem *item = g_array_index (nodes, QcDriverNode, i).item;
      const char *id = qc_item_get (item, "id");
      const char *text = qc_item_get (item, "text");
      g_autoptr(GPtrArray) none = g_ptr_array_new ();
      GPtrArray *ramp;

      if (g_strcmp0 (qc_item_get (item, "kind"), "change-idea") != 0)
        continue;
      ramp = g_hash_table_lookup (by_idea, id);
      add_ramp (self, id, text ? text : _("(unnamed change idea)"), ramp ? ramp : none);
    }
  if (unlinked->len > 0)
    add_ramp (self, NULL, _("Not linked to a change idea"), unlinked);

  gtk_widget_set_visible (GTK_WIDGET (self->list), gtk_widget_get_first_child (GTK_WIDGET (self->list)) != NULL);
}

void
qc_cycle_ramps_set_project (QcCycleRamps *self, QcRecord *project)
{
  g_set_object (&self->project, project);
  qc_cycle_ramps_update (self);
}

static void
qc_cycle_ramps_dispose (GObject *object)
{
  QcCycleRamps *self = QC_CYCLE_RAMPS (object);

  if (self->list)
    gtk_widget_unparent (GTK_WIDGET (self->list));
  self->list = NULL;
  g_clear_object (&self->project);
  G_OBJECT_CLASS (qc_cycle_ramps_parent_class)->dispose (object);
}

static void
qc_cycle_ramps_class_init (QcCycleRampsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qc_cycle_ramps_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
qc_cycle_ramps_init (QcCycleRamps *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("PDSA ramps"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
}
