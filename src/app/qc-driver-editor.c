#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-driver-editor.h"
#include "qc-labels.h"
#include "qc-record-list.h"
#include "qc-window.h"

struct _QcDriverEditor
{
  GtkWidget   parent_instance;
  QcRecord   *project;
  GtkWidget  *box;
  GtkListBox *list;
  GtkWidget  *add_button;
};

G_DEFINE_FINAL_TYPE (QcDriverEditor, qc_driver_editor, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
add_subtree (GArray *nodes, GPtrArray *items, const char *parent, guint depth, GHashTable *seen)
{
  for (guint i = 0; i < items->len; i++)
    {
      QcItem *item = g_ptr_array_index (items, i);
      const char *id = qc_item_get (item, "id");
      QcDriverNode node = { item, depth };

      if (g_strcmp0 (qc_item_get (item, "parent"), parent) != 0 || g_hash_table_contains (seen, item))
        continue;
      g_hash_table_add (seen, item);
      g_array_append_val (nodes, node);
      if (id != NULL)
        add_subtree (nodes, items, id, depth + 1, seen);
    }
}

GArray *
qc_driver_tree (QcRecord *project)
{
  GPtrArray *items = qc_record_get_items (project, "driver");
  GArray *nodes = g_array_new (FALSE, FALSE, sizeof (QcDriverNode));
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  add_subtree (nodes, items, NULL, 0, seen);
  /* Drivers whose parent is missing (e.g. from an old import) still show. */
  for (guint i = 0; i < items->len; i++)
    {
      QcItem *item = g_ptr_array_index (items, i);
      if (!g_hash_table_contains (seen, item))
        {
          QcDriverNode node = { item, 0 };
          g_hash_table_add (seen, item);
          g_array_append_val (nodes, node);
          add_subtree (nodes, items, qc_item_get (item, "id"), 1, seen);
        }
    }
  return nodes;
}

static void rebuild (QcDriverEditor *self, const char *focus_id);

static void
emit_changed (QcDriverEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static QcItem *
add_driver (QcDriverEditor *self, const char *kind, const char *parent)
{
  QcItem *item = qc_record_add_item (self->project, "driver");
  g_autofree char *id = qc_uuid_new ();

  qc_item_set (item, "id", id);
  qc_item_set (item, "kind", kind);
  qc_item_set (item, "parent", parent);
  return item;
}

static void
on_add_primary (QcDriverEditor *self)
{
  QcItem *item = add_driver (self, "primary", NULL);

  rebuild (self, qc_item_get (item, "id"));
  emit_changed (self);
}

static void
on_add_child (GtkButton *button, QcDriverEditor *self)
{
  QcItem *parent = g_object_get_data (G_OBJECT (button), "qc-item");
  const char *kind = g_str_equal (qc_item_get (parent, "kind"), "primary") ? "secondary" : "change-idea";
  QcItem *item = add_driver (self, kind, qc_item_get (parent, "id"));

  rebuild (self, qc_item_get (item, "id"));
  emit_changed (self);
}

static void
collect_subtree (GPtrArray *items, const char *id, GHashTable *ids)
{
  g_hash_table_add (ids, g_strdup (id));
  for (guint i = 0; i < items->len; i++)
    {
      QcItem *item = g_ptr_array_index (items, i);
      if (g_strcmp0 (qc_item_get (item, "parent"), id) == 0 && qc_item_get (item, "id") &&
          !g_hash_table_contains (ids, qc_item_get (item, "id")))
        collect_subtree (items, qc_item_get (item, "id"), ids);
    }
}

static guint
count_cycles_testing (QcDriverEditor *self, GHashTable *ids)
{
  g_autoptr(QcRecordList) cycles = NULL;
  GHashTableIter iter;
  gpointer id;
  guint n = 0;

  if (qc_record_get_id (self->project) == NULL || qc_app_store () == NULL)
    return 0;
  cycles = qc_record_list_new (qc_app_store (), &qc_kind_pdsa);
  qc_record_list_set_filter (cycles, "project", qc_record_get_id (self->project));
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      qc_record_list_set_filter (cycles, "change-idea", id);
      n += g_list_model_get_n_items (G_LIST_MODEL (cycles));
    }
  return n;
}

static void
on_remove (GtkButton *button, QcDriverEditor *self)
{
  QcItem *target = g_object_get_data (G_OBJECT (button), "qc-item");
  GPtrArray *items = qc_record_get_items (self->project, "driver");
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_cycles;

  collect_subtree (items, qc_item_get (target, "id"), ids);
  /* A change idea under test keeps its cycles meaningful: refuse. */
  n_cycles = count_cycles_testing (self, ids);
  if (n_cycles > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u PDSA cycle tests this driver: delete the cycle or move it to another change idea first",
                                      "%u PDSA cycles test this driver: delete the cycles or move them to another change idea first",
                                      n_cycles), n_cycles);
      qc_widget_show_toast (GTK_WIDGET (self), text);
      return;
    }
  for (guint i = items->len; i > 0; i--)
    {
      QcItem *item = g_ptr_array_index (items, i - 1);
      if (g_hash_table_contains (ids, qc_item_get (item, "id")))
        g_ptr_array_remove_index (items, i - 1);
    }
  rebuild (self, NULL);
  emit_changed (self);
}

static void
on_text_changed (GtkEditable *row, QcDriverEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (row), "qc-item");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (row)));

  if (g_strcmp0 (qc_item_get (item, "text"), *text ? text : NULL) == 0)
    return;
  qc_item_set (item, "text", text);
  emit_changed (self);
}

static GtkWidget *
create_row (QcDriverEditor *self, QcItem *item, guint depth)
{
  const char *kind = qc_item_get (item, "kind");
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *indent = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  const char *text = qc_item_get (item, "text");
  g_autofree char *remove_label = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), qc_choice_label (kind));
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  gtk_widget_set_size_request (indent, depth * 20, -1);
  adw_entry_row_add_prefix (ADW_ENTRY_ROW (row), indent);
  gtk_widget_add_css_class (row, "qc-driver-row");
  g_object_set_data (G_OBJECT (row), "qc-item", item);
  g_signal_connect (row, "changed", G_CALLBACK (on_text_changed), self);

  if (!g_str_equal (kind, "change-idea"))
    {
      gboolean primary = g_str_equal (kind, "primary");
      GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
      const char *add_label = primary ? _("Add secondary driver") : _("Add change idea");

      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (add, "flat");
      gtk_widget_set_tooltip_text (add, add_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
      g_object_set_data (G_OBJECT (add), "qc-item", item);
      g_signal_connect (add, "clicked", G_CALLBACK (on_add_child), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), add);
    }

  remove_label = g_strdup_printf (_("Remove %s"), qc_choice_label (kind));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data (G_OBJECT (remove), "qc-item", item);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  return row;
}

static void
rebuild (QcDriverEditor *self, const char *focus_id)
{
  g_autoptr(GArray) nodes = NULL;
  GtkWidget *child;
  GtkWidget *focus = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  if (self->project == NULL)
    return;

  nodes = qc_driver_tree (self->project);
  for (guint i = 0; i < nodes->len; i++)
    {
      QcDriverNode *node = &g_array_index (nodes, QcDriverNode, i);
      GtkWidget *row = create_row (self, node->item, node->depth);
      gtk_list_box_append (self->list, row);
      if (focus_id && g_strcmp0 (qc_item_get (node->item, "id"), focus_id) == 0)
        focus = row;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), nodes->len > 0);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

void
qc_driver_editor_set_record (QcDriverEditor *self, QcRecord *project)
{
  g_set_object (&self->project, project);
  rebuild (self, NULL);
}

static void
qc_driver_editor_dispose (GObject *object)
{
  QcDriverEditor *self = QC_DRIVER_EDITOR (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->project);
  G_OBJECT_CLASS (qc_driver_editor_parent_class)->dispose (object);
}

static void
qc_driver_editor_class_init (QcDriverEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_driver_editor_dispose;

  /* The project's drivers were edited. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
qc_driver_editor_init (QcDriverEditor *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Drivers and change ideas"), -1);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->list));

  /* No mnemonic: in GTK 4.8 it would make the accessible name read twice. */
  self->add_button = gtk_button_new_with_label (_("Add Primary Driver"));
  gtk_widget_set_halign (self->add_button, GTK_ALIGN_START);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_primary), self);
  gtk_box_append (GTK_BOX (self->box), self->add_button);
}
