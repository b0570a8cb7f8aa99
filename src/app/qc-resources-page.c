#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-coaching-labels.h"
#include "qc-coaching-queries.h"
#include "qc-delete-toast.h"
#include "qc-history-dialog.h"
#include "qc-record-list.h"
#include "qc-resource-editor.h"
#include "qc-resources-page.h"
#include "qc-summary-row.h"
#include "qc-window.h"

struct _QcResourcesPage
{
  GtkWidget           parent_instance;

  QcRecordList       *records;
  GtkSingleSelection *selection;
  gboolean            restoring;

  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *sort_dropdown;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *tag_dropdown;
  GtkStringList      *sort_choices;
  GtkStringList      *kind_choices;
  GtkStringList      *tag_choices;
  GtkRevealer        *filter_revealer;
  GtkLabel           *filter_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkWidget          *back_button;
  GtkWidget          *detail_bar;
  GtkLabel           *save_label;
  GtkStack           *detail_stack;
  QcResourceEditor   *editor;
};

G_DEFINE_FINAL_TYPE (QcResourcesPage, qc_resources_page, GTK_TYPE_WIDGET)

#define EDITOR_PAGE(self) QC_EDITOR_PAGE ((self)->editor)

static const struct { const char *field; gboolean descending; const char *label; } sorts[] = {
  { "title", FALSE, N_("Title") },
  { "modified", TRUE, N_("Last change") },
  { "kind", FALSE, N_("Kind") },
};

static const char *const *
kind_values (void)
{
  return qc_kind_find_field (&qc_kind_resource, "kind", NULL)->choices;
}

/* The editor and the toolbar above it */

static void
update_actions (QcResourcesPage *self)
{
  QcRecord *record = qc_editor_page_get_record (EDITOR_PAGE (self));
  gboolean stored = record != NULL && !qc_editor_page_is_new (EDITOR_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "resources.delete", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "resources.history", stored);
}

static void
on_editor_state_changed (QcResourcesPage *self)
{
  QcAutosaveState state = qc_editor_page_get_state (EDITOR_PAGE (self));
  g_autofree char *text = NULL;

  if (qc_editor_page_get_record (EDITOR_PAGE (self)) == NULL)
    text = g_strdup ("");
  else if (state == QC_AUTOSAVE_PENDING)
    text = g_strdup (_("Editing…"));
  else if (state == QC_AUTOSAVE_INVALID)
    text = g_strdup (qc_editor_page_is_new (EDITOR_PAGE (self))
                       ? _("New resource: not saved until it has a title")
                       : _("Not saved: the resource needs a title"));
  else if (state == QC_AUTOSAVE_FAILED)
    text = g_strdup_printf (_("Not saved: %s"), qc_editor_page_get_problem (EDITOR_PAGE (self)));
  else
    text = g_strdup (_("All changes saved"));
  gtk_label_set_label (self->save_label, text);
  gtk_widget_set_visible (self->detail_bar, *text != '\0' || adw_leaflet_get_folded (self->leaflet));
  update_actions (self);
}

static void
show_editor (QcResourcesPage *self, gboolean visible)
{
  gtk_stack_set_visible_child_name (self->detail_stack, visible ? "editor" : "none");
  if (visible)
    qc_leaflet_show_detail (self->leaflet);
  on_editor_state_changed (self);
}

static void
open_resource (QcResourcesPage *self, const char *id)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (qc_editor_page_get_id (EDITOR_PAGE (self)), id) == 0 &&
      !qc_editor_page_is_new (EDITOR_PAGE (self)))
    {
      show_editor (self, TRUE);
      return;
    }
  if (!qc_editor_page_load (EDITOR_PAGE (self), id, &error))
    {
      qc_widget_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  show_editor (self, TRUE);
}

static void
select_row (QcResourcesPage *self, const char *id)
{
  gint position = id ? qc_record_list_find (self->records, id) : -1;

  self->restoring = TRUE;
  if (position >= 0)
    {
      gtk_single_selection_set_selected (self->selection, (guint) position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", (guint) position);
    }
  else
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->restoring = FALSE;
}

static void
on_selection_changed (QcResourcesPage *self)
{
  QcRecord *record;

  if (self->restoring)
    return;
  record = gtk_single_selection_get_selected_item (self->selection);
  if (record != NULL)
    open_resource (self, qc_record_get_id (record));
}

static void
on_list_activate (QcResourcesPage *self, guint position)
{
  g_autoptr(QcRecord) record = g_list_model_get_item (G_LIST_MODEL (self->records), position);

  if (record != NULL)
    open_resource (self, qc_record_get_id (record));
}

static gboolean
any_filter (QcResourcesPage *self)
{
  return gtk_drop_down_get_selected (self->kind_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->tag_dropdown) > 0;
}

static void
update_list_state (QcResourcesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->records));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (*text || any_filter (self))
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
on_items_changed (QcResourcesPage *self)
{
  update_list_state (self);
  if (!qc_editor_page_is_new (EDITOR_PAGE (self)))
    select_row (self, qc_editor_page_get_id (EDITOR_PAGE (self)));
}

/* Search, filters and sort */

static void
on_search_changed (QcResourcesPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  qc_record_list_set_text (self->records, *text ? text : NULL);
}

static const char *
selected_tag (QcResourcesPage *self)
{
  guint tag = gtk_drop_down_get_selected (self->tag_dropdown);

  if (tag == 0 || tag == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->tag_choices, tag);
}

static void
on_filters_changed (QcResourcesPage *self)
{
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  const char *kind_value = kind > 0 && kind != GTK_INVALID_LIST_POSITION ? kind_values ()[kind - 1] : NULL;
  const char *tag = selected_tag (self);
  g_autoptr(GString) summary = g_string_new (NULL);

  if (self->records == NULL)
    return;
  if (sort >= G_N_ELEMENTS (sorts))
    sort = 0;
  qc_record_list_set_sort (self->records, sorts[sort].field, sorts[sort].descending);
  qc_record_list_set_filter (self->records, "kind", kind_value);
  qc_record_list_set_filter (self->records, "tag", tag);

  if (kind_value)
    g_string_append (summary, qc_kind_value_label (kind_value));
  if (tag)
    {
      /* TRANSLATORS: resources with this tag, in the filter summary */
      g_autofree char *text = g_strdup_printf (_("tagged “%s”"), tag);
      g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", text);
    }
  {
    g_autofree char *label = g_strdup_printf (_("Only %s"), summary->str);
    gtk_label_set_label (self->filter_label, label);
  }
  gtk_revealer_set_reveal_child (self->filter_revealer, summary->len > 0);
  update_list_state (self);
}

/* Tags are free text: offer the ones resources use. */
static void
on_filter_popover_show (QcResourcesPage *self)
{
  g_autofree char *current = g_strdup (selected_tag (self));
  g_auto(GStrv) tags = qc_store_dup_tags (qc_app_store (), &qc_kind_resource, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tag_choices));
  guint selected = 0;

  gtk_string_list_splice (self->tag_choices, 1, n - 1, (const char * const *) tags);
  for (guint i = 0; tags && tags[i]; i++)
    if (g_strcmp0 (tags[i], current) == 0)
      selected = i + 1;
  gtk_drop_down_set_selected (self->tag_dropdown, selected);
}

static void
clear_filters_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcResourcesPage *self = QC_RESOURCES_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  gtk_drop_down_set_selected (self->tag_dropdown, 0);
  on_search_changed (self);
  on_filters_changed (self);
}

/* Actions */

static void
new_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  qc_resources_page_new_resource (QC_RESOURCES_PAGE (widget));
}

static void
delete_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcResourcesPage *self = QC_RESOURCES_PAGE (widget);
  g_autofree char *id = NULL;

  if (qc_editor_page_get_record (EDITOR_PAGE (self)) == NULL)
    return;
  if (qc_editor_page_is_new (EDITOR_PAGE (self)))
    {
      qc_editor_page_clear (EDITOR_PAGE (self));
      show_editor (self, FALSE);
      return;
    }
  qc_editor_page_flush (EDITOR_PAGE (self));
  id = g_strdup (qc_editor_page_get_id (EDITOR_PAGE (self)));
  qc_editor_page_clear (EDITOR_PAGE (self));
  if (!qc_delete_with_undo (widget, id))
    {
      qc_resources_page_select (self, id);
      return;
    }
  show_editor (self, FALSE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_history_restored (QcResourcesPage *self, const char *id)
{
  g_autoptr(GError) error = NULL;

  qc_editor_page_clear (EDITOR_PAGE (self));
  if (!qc_editor_page_load (EDITOR_PAGE (self), id, &error))
    qc_widget_show_toast (GTK_WIDGET (self), error->message);
  show_editor (self, TRUE);
}

static void
history_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcResourcesPage *self = QC_RESOURCES_PAGE (widget);
  QcHistoryDialog *dialog;

  if (qc_editor_page_get_record (EDITOR_PAGE (self)) == NULL || qc_editor_page_is_new (EDITOR_PAGE (self)))
    return;
  qc_editor_page_flush (EDITOR_PAGE (self));
  dialog = qc_history_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                  qc_editor_page_get_id (EDITOR_PAGE (self)));
  g_signal_connect_object (dialog, "restored", G_CALLBACK (on_history_restored), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcResourcesPage *self = QC_RESOURCES_PAGE (widget);

  qc_editor_page_flush (EDITOR_PAGE (self));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_folded_changed (QcResourcesPage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
  on_editor_state_changed (self);
}

static void
on_editor_added (QcResourcesPage *self, const char *id)
{
  if (qc_record_list_find (self->records, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  select_row (self, id);
  update_actions (self);
}

/* Public API */

void
qc_resources_page_new_resource (QcResourcesPage *self)
{
  g_return_if_fail (QC_IS_RESOURCES_PAGE (self));

  qc_resource_editor_new_draft (self->editor);
  select_row (self, NULL);
  show_editor (self, TRUE);
  qc_resource_editor_focus_title (self->editor);
}

void
qc_resources_page_select (QcResourcesPage *self, const char *id)
{
  g_return_if_fail (QC_IS_RESOURCES_PAGE (self));

  if (qc_record_list_find (self->records, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  open_resource (self, id);
  select_row (self, id);
}

void
qc_resources_page_flush (QcResourcesPage *self)
{
  qc_editor_page_flush (EDITOR_PAGE (self));
}

/* GObject */

static void
qc_resources_page_dispose (GObject *object)
{
  QcResourcesPage *self = QC_RESOURCES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_RESOURCES_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->records);
  G_OBJECT_CLASS (qc_resources_page_parent_class)->dispose (object);
}

static void
qc_resources_page_class_init (QcResourcesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_resources_page_dispose;

  g_type_ensure (QC_TYPE_SUMMARY_ROW);
  g_type_ensure (QC_TYPE_RESOURCE_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-resources-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, tag_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, sort_choices);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, kind_choices);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, tag_choices);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, filter_label);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, detail_bar);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, save_label);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, QcResourcesPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_state_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_added);

  gtk_widget_class_install_action (widget_class, "resources.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "resources.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "resources.history", NULL, history_activated);
  gtk_widget_class_install_action (widget_class, "resources.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "resources.clear-filters", NULL, clear_filters_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qc_resources_page_init (QcResourcesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    gtk_string_list_append (self->sort_choices, _(sorts[i].label));
  gtk_string_list_append (self->kind_choices, _("Any"));
  for (guint i = 0; kind_values ()[i]; i++)
    gtk_string_list_append (self->kind_choices, qc_kind_value_label (kind_values ()[i]));
  gtk_string_list_append (self->tag_choices, _("Any"));

  if (qc_app_store () == NULL)
    return;
  self->records = qc_record_list_new (qc_app_store (), &qc_kind_resource);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->records)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  /* Created with autoselect on, it chose the first row: nothing is chosen yet. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  on_filters_changed (self);
  update_list_state (self);
  on_editor_state_changed (self);
}
