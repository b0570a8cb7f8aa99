#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-delete-toast.h"
#include "qc-driver-editor.h"
#include "qc-history-dialog.h"
#include "qc-labels.h"
#include "qc-pdsa-editor.h"
#include "qc-pdsa-page.h"
#include "qc-record-chooser.h"
#include "qc-record-list.h"
#include "qc-record-row.h"
#include "qc-store-queries.h"
#include "qc-window.h"

struct _QcPdsaPage
{
  GtkWidget           parent_instance;

  QcRecordList       *records;
  GtkFilterListModel *filtered;     /* "mine only" */
  GtkSingleSelection *selection;
  GHashTable         *mine;         /* ids of my cycles while the filter is on */
  GPtrArray          *idea_ids;     /* parallel to idea_choices; [0] is NULL */
  gboolean            restoring;

  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *sort_dropdown;
  GtkDropDown        *stage_dropdown;
  GtkDropDown        *idea_dropdown;
  GtkStringList      *sort_choices;
  GtkStringList      *stage_choices;
  GtkStringList      *idea_choices;
  QcRecordChooser    *project_filter;
  GtkCheckButton     *mine_check;
  GtkRevealer        *filter_revealer;
  GtkLabel           *filter_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkWidget          *back_button;
  GtkWidget          *detail_bar;
  GtkLabel           *save_label;
  GtkStack           *detail_stack;
  QcPdsaEditor       *editor;
};

G_DEFINE_FINAL_TYPE (QcPdsaPage, qc_pdsa_page, GTK_TYPE_WIDGET)

static const struct { const char *field; gboolean descending; const char *label; } sorts[] = {
  { "title", FALSE, N_("Title") },
  { "modified", TRUE, N_("Last change") },
  { "start", TRUE, N_("Start date") },
};

static const char *const *
stage_values (void)
{
  return qc_kind_find_field (&qc_kind_pdsa, "stage", NULL)->choices;
}

static void
update_actions (QcPdsaPage *self)
{
  QcRecord *record = qc_pdsa_editor_get_record (self->editor);
  gboolean stored = record != NULL && !qc_pdsa_editor_is_new (self->editor);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdsa.delete", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdsa.history", stored);
}

static void
on_editor_state_changed (QcPdsaPage *self)
{
  QcAutosaveState state = qc_pdsa_editor_get_state (self->editor);
  g_autofree char *text = NULL;

  if (qc_pdsa_editor_get_record (self->editor) == NULL)
    text = g_strdup ("");
  else if (state == QC_AUTOSAVE_PENDING)
    text = g_strdup (_("Editing…"));
  else if (state == QC_AUTOSAVE_INVALID)
    text = g_strdup (_("New cycle: not saved until it has a title and a project"));
  else if (state == QC_AUTOSAVE_FAILED)
    text = g_strdup_printf (_("Not saved: %s"), qc_pdsa_editor_get_problem (self->editor));
  else
    text = g_strdup (_("All changes saved"));
  gtk_label_set_label (self->save_label, text);
  /* The bar only makes sense with a record (or to go back). */
  gtk_widget_set_visible (self->detail_bar, *text != '\0' || adw_leaflet_get_folded (self->leaflet));
  update_actions (self);
}

static void
show_editor (QcPdsaPage *self, gboolean visible)
{
  gtk_stack_set_visible_child_name (self->detail_stack, visible ? "editor" : "none");
  /* Unfolded, both show already: moving would take the focus from the list. */
  if (visible && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  on_editor_state_changed (self);
}

static void select_row (QcPdsaPage *self, const char *id);

static void
open_cycle (QcPdsaPage *self, const char *id)
{
  QcRecord *current = qc_pdsa_editor_get_record (self->editor);
  g_autoptr(GError) error = NULL;

  if (current != NULL && g_strcmp0 (qc_record_get_id (current), id) == 0 &&
      !qc_pdsa_editor_is_new (self->editor))
    {
      show_editor (self, TRUE);
      return;
    }
  if (!qc_pdsa_editor_load (self->editor, id, &error))
    {
      qc_widget_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* Saving the record shown before may have reloaded the list. */
  select_row (self, id);
  show_editor (self, TRUE);
}

static gint
find_position (QcPdsaPage *self, const char *id)
{
  GListModel *model = G_LIST_MODEL (self->filtered);
  guint n;

  if (id == NULL)
    return -1;
  if (self->mine == NULL)
    return qc_record_list_find (self->records, id);
  /* "Mine" holds few cycles: look through them. */
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(QcRecord) record = g_list_model_get_item (model, i);
      if (g_strcmp0 (qc_record_get_id (record), id) == 0)
        return (gint) i;
    }
  return -1;
}

static void
select_row (QcPdsaPage *self, const char *id)
{
  gint position = find_position (self, id);

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
on_selection_changed (QcPdsaPage *self)
{
  QcRecord *record;

  if (self->restoring)
    return;
  record = gtk_single_selection_get_selected_item (self->selection);
  if (record != NULL)
    open_cycle (self, qc_record_get_id (record));
}

static void
on_list_activate (QcPdsaPage *self, guint position)
{
  g_autoptr(QcRecord) record = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (record != NULL)
    open_cycle (self, qc_record_get_id (record));
}

static gboolean
any_filter (QcPdsaPage *self)
{
  return gtk_drop_down_get_selected (self->stage_dropdown) > 0 ||
         qc_record_chooser_get_record_id (self->project_filter) != NULL ||
         gtk_check_button_get_active (self->mine_check);
}

static void
update_list_state (QcPdsaPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (*text || any_filter (self))
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
on_items_changed (QcPdsaPage *self)
{
  QcRecord *record = qc_pdsa_editor_get_record (self->editor);

  update_list_state (self);
  if (record != NULL && !qc_pdsa_editor_is_new (self->editor))
    select_row (self, qc_record_get_id (record));
}

/* Search and filters */

static void
on_search_changed (QcPdsaPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  qc_record_list_set_text (self->records, *text ? text : NULL);
}

static void
on_filters_changed (QcPdsaPage *self)
{
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);
  guint stage = gtk_drop_down_get_selected (self->stage_dropdown);
  guint idea = gtk_drop_down_get_selected (self->idea_dropdown);
  const char *project = qc_record_chooser_get_record_id (self->project_filter);
  const char *idea_id = idea > 0 && idea < self->idea_ids->len ? g_ptr_array_index (self->idea_ids, idea) : NULL;
  g_autoptr(GString) summary = g_string_new (NULL);

  if (self->records == NULL)
    return;
  if (sort >= G_N_ELEMENTS (sorts))
    sort = 0;
  qc_record_list_set_sort (self->records, sorts[sort].field, sorts[sort].descending);
  qc_record_list_set_filter (self->records, "stage", stage > 0 ? stage_values ()[stage - 1] : NULL);
  qc_record_list_set_filter (self->records, "project", project);
  qc_record_list_set_filter (self->records, "change-idea", idea_id);

  if (gtk_check_button_get_active (self->mine_check))
    g_string_append (summary, _("Mine"));
  if (project)
    g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", qc_app_lookup_title (project));
  if (idea_id)
    g_string_append_printf (summary, "%s%s", summary->len ? " · " : "",
                            gtk_string_list_get_string (self->idea_choices, idea));
  if (stage > 0)
    g_string_append_printf (summary, "%s%s", summary->len ? " · " : "",
                            qc_choice_label (stage_values ()[stage - 1]));
  {
    g_autofree char *label = g_strdup_printf (_("Filters: %s"), summary->str);
    gtk_label_set_label (self->filter_label, label);
  }
  gtk_revealer_set_reveal_child (self->filter_revealer, summary->len > 0);
  update_list_state (self);
}

/* The change ideas to filter by are those of the chosen project. */
static void
on_project_filter_changed (QcPdsaPage *self)
{
  const char *project_id = qc_record_chooser_get_record_id (self->project_filter);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->idea_choices));
  g_autoptr(QcRecord) project = project_id ? qc_store_load (qc_app_store (), project_id, NULL) : NULL;
  g_autoptr(GArray) nodes = project ? qc_driver_tree (project) : NULL;

  g_ptr_array_set_size (self->idea_ids, 1);
  gtk_string_list_splice (self->idea_choices, 1, n - 1, NULL);
  for (guint i = 0; nodes && i < nodes->len; i++)
    {
      QcItem *item = g_array_index (nodes, QcDriverNode, i).item;
      if (g_strcmp0 (qc_item_get (item, "kind"), "change-idea") != 0)
        continue;
      gtk_string_list_append (self->idea_choices, qc_item_get (item, "text") ?: _("(unnamed change idea)"));
      g_ptr_array_add (self->idea_ids, g_strdup (qc_item_get (item, "id")));
    }
  gtk_drop_down_set_selected (self->idea_dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->idea_dropdown), self->idea_ids->len > 1);
  on_filters_changed (self);
}

static gboolean
is_mine (gpointer item, gpointer data)
{
  QcPdsaPage *self = data;

  return self->mine != NULL && g_hash_table_contains (self->mine, qc_record_get_id (item));
}

static void
update_mine (QcPdsaPage *self)
{
  g_autofree char *me = NULL;

  g_clear_pointer (&self->mine, g_hash_table_unref);
  if (!gtk_check_button_get_active (self->mine_check))
    {
      gtk_filter_list_model_set_filter (self->filtered, NULL);
      return;
    }
  me = qc_app_dup_coach_id ();
  self->mine = me ? qc_store_dup_pdsa_for_person (qc_app_store (), me, NULL) : NULL;
  if (self->mine == NULL)
    self->mine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (me == NULL)
    qc_widget_show_toast (GTK_WIDGET (self),
                          _("Set your name or email in Preferences, as on your person record, to see your cycles"));
  {
    g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (is_mine, self, NULL);
    gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (filter));
  }
}

static void
on_mine_toggled (QcPdsaPage *self)
{
  update_mine (self);
  on_filters_changed (self);
}

static void
on_store_changed (QcStore *store, const char *kind, QcPdsaPage *self)
{
  /* A new cycle or task may be mine now. */
  if (self->mine != NULL && g_str_equal (kind, "pdsa"))
    update_mine (self);
}

static void
clear_filters_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcPdsaPage *self = QC_PDSA_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->stage_dropdown, 0);
  qc_record_chooser_set_record_id (self->project_filter, NULL);
  gtk_check_button_set_active (self->mine_check, FALSE);
  on_search_changed (self);
  on_project_filter_changed (self);
}

/* Actions */

static void
new_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  qc_pdsa_page_new_cycle (QC_PDSA_PAGE (widget), NULL, NULL);
}

static void
delete_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcPdsaPage *self = QC_PDSA_PAGE (widget);
  QcRecord *record = qc_pdsa_editor_get_record (self->editor);
  g_autofree char *id = NULL;

  if (record == NULL)
    return;
  if (qc_pdsa_editor_is_new (self->editor))
    {
      qc_pdsa_editor_clear (self->editor);
      show_editor (self, FALSE);
      return;
    }
  qc_pdsa_editor_flush (self->editor);
  id = g_strdup (qc_record_get_id (record));
  qc_pdsa_editor_clear (self->editor);
  if (!qc_delete_with_undo (widget, id))
    {
      qc_pdsa_page_select (self, id);
      return;
    }
  show_editor (self, FALSE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_history_restored (QcPdsaPage *self, const char *id)
{
  g_autoptr(GError) error = NULL;

  qc_pdsa_editor_clear (self->editor);
  if (!qc_pdsa_editor_load (self->editor, id, &error))
    qc_widget_show_toast (GTK_WIDGET (self), error->message);
  show_editor (self, TRUE);
}

static void
history_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcPdsaPage *self = QC_PDSA_PAGE (widget);
  QcRecord *record = qc_pdsa_editor_get_record (self->editor);
  QcHistoryDialog *dialog;

  if (record == NULL || qc_pdsa_editor_is_new (self->editor))
    return;
  qc_pdsa_editor_flush (self->editor);
  dialog = qc_history_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), qc_record_get_id (record));
  g_signal_connect_object (dialog, "restored", G_CALLBACK (on_history_restored), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcPdsaPage *self = QC_PDSA_PAGE (widget);

  qc_pdsa_editor_flush (self->editor);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_folded_changed (QcPdsaPage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
  on_editor_state_changed (self);
}

static void
on_editor_added (QcPdsaPage *self, const char *id)
{
  if (find_position (self, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  select_row (self, id);
  update_actions (self);
}

static void
on_editor_open_record (QcPdsaPage *self, const char *id)
{
  qc_pdsa_page_select (self, id);
}

/* Public API */

void
qc_pdsa_page_new_cycle (QcPdsaPage *self, const char *project_id, const char *change_idea)
{
  if (project_id == NULL)
    project_id = qc_record_chooser_get_record_id (self->project_filter);
  qc_pdsa_editor_new_draft (self->editor, project_id, change_idea);
  select_row (self, NULL);
  show_editor (self, TRUE);
  qc_pdsa_editor_focus_title (self->editor);
}

void
qc_pdsa_page_select (QcPdsaPage *self, const char *id)
{
  if (find_position (self, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  open_cycle (self, id);
  select_row (self, id);
}

void
qc_pdsa_page_flush (QcPdsaPage *self)
{
  qc_pdsa_editor_flush (self->editor);
}

/* GObject */

static void
qc_pdsa_page_dispose (GObject *object)
{
  QcPdsaPage *self = QC_PDSA_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_PDSA_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->records);
  g_clear_pointer (&self->mine, g_hash_table_unref);
  g_clear_pointer (&self->idea_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (qc_pdsa_page_parent_class)->dispose (object);
}

/* The page is hidden at start: its list reads no rows until it shows. */
static void
qc_pdsa_page_map (GtkWidget *widget)
{
  QcPdsaPage *self = QC_PDSA_PAGE (widget);

  if (self->selection != NULL && gtk_list_view_get_model (self->list_view) == NULL)
    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  GTK_WIDGET_CLASS (qc_pdsa_page_parent_class)->map (widget);
}

static void
qc_pdsa_page_class_init (QcPdsaPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_pdsa_page_dispose;
  widget_class->map = qc_pdsa_page_map;

  g_type_ensure (QC_TYPE_RECORD_ROW);
  g_type_ensure (QC_TYPE_RECORD_CHOOSER);
  g_type_ensure (QC_TYPE_PDSA_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-pdsa-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, stage_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, idea_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, sort_choices);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, stage_choices);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, idea_choices);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, project_filter);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, mine_check);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, filter_label);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, detail_bar);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, save_label);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_project_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_mine_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_state_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_added);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_open_record);

  gtk_widget_class_install_action (widget_class, "pdsa.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "pdsa.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "pdsa.history", NULL, history_activated);
  gtk_widget_class_install_action (widget_class, "pdsa.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "pdsa.clear-filters", NULL, clear_filters_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qc_pdsa_page_init (QcPdsaPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->idea_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->idea_ids, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    gtk_string_list_append (self->sort_choices, _(sorts[i].label));
  gtk_string_list_append (self->stage_choices, _("Any"));
  for (guint i = 0; stage_values ()[i]; i++)
    gtk_string_list_append (self->stage_choices, qc_choice_label (stage_values ()[i]));
  gtk_string_list_append (self->idea_choices, _("Any"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->idea_dropdown), FALSE);

  if (qc_app_store () == NULL)
    return;
  self->records = qc_record_list_new (qc_app_store (), &qc_kind_pdsa);
  /* Sorted before anyone looks, so the first rows are read once. */
  qc_record_list_set_sort (self->records, sorts[0].field, sorts[0].descending);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->records)), NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  /* Made with autoselect on, it chose the first row: nothing is chosen yet. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (qc_app_store (), "changed", G_CALLBACK (on_store_changed), self, 0);
  on_filters_changed (self);
  update_list_state (self);
  on_editor_state_changed (self);
}
