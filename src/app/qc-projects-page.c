#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-delete-toast.h"
#include "qc-history-dialog.h"
#include "qc-labels.h"
#include "qc-project-editor.h"
#include "qc-projects-page.h"
#include "qc-record-chooser.h"
#include "qc-record-list.h"
#include "qc-record-row.h"
#include "qc-store-queries.h"
#include "qc-window.h"

struct _QcProjectsPage
{
  GtkWidget           parent_instance;

  QcRecordList       *records;
  GtkSingleSelection *selection;
  gboolean            restoring;   /* the list reloaded: not a user choice */
  gulong              bench_handler;

  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *sort_dropdown;
  GtkDropDown        *status_dropdown;
  GtkDropDown        *theme_dropdown;
  GtkStringList      *sort_choices;
  GtkStringList      *status_choices;
  GtkStringList      *theme_choices;
  QcRecordChooser    *organisation_filter;
  QcRecordChooser    *coach_filter;
  GtkRevealer        *filter_revealer;
  GtkLabel           *filter_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkWidget          *back_button;
  GtkWidget          *detail_bar;
  GtkLabel           *save_label;
  GtkStack           *detail_stack;
  QcProjectEditor    *editor;
};

G_DEFINE_FINAL_TYPE (QcProjectsPage, qc_projects_page, GTK_TYPE_WIDGET)

static const struct { const char *field; gboolean descending; const char *label; } sorts[] = {
  { "title", FALSE, N_("Title") },
  { "modified", TRUE, N_("Last change") },
  { "progress", TRUE, N_("Progress") },
};

static const char *const *
status_values (void)
{
  return qc_kind_find_field (&qc_kind_project, "status", NULL)->choices;
}

/* The editor and the toolbar above it */

static void
update_actions (QcProjectsPage *self)
{
  QcRecord *record = qc_project_editor_get_record (self->editor);
  gboolean stored = record != NULL && !qc_project_editor_is_new (self->editor);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "projects.delete", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "projects.history", stored);
}

static void
on_editor_state_changed (QcProjectsPage *self)
{
  QcAutosaveState state = qc_project_editor_get_state (self->editor);
  g_autofree char *text = NULL;

  if (qc_project_editor_get_record (self->editor) == NULL)
    text = g_strdup ("");
  else if (state == QC_AUTOSAVE_PENDING)
    text = g_strdup (_("Editing…"));
  else if (state == QC_AUTOSAVE_INVALID)
    text = g_strdup (qc_project_editor_is_new (self->editor)
                       ? _("New project: not saved until it has a title")
                       : _("Not saved: the project needs a title"));
  else if (state == QC_AUTOSAVE_FAILED)
    text = g_strdup_printf (_("Not saved: %s"), qc_project_editor_get_problem (self->editor));
  else
    text = g_strdup (_("All changes saved"));
  gtk_label_set_label (self->save_label, text);
  /* The bar only makes sense with a record (or to go back). */
  gtk_widget_set_visible (self->detail_bar, *text != '\0' || adw_leaflet_get_folded (self->leaflet));
  update_actions (self);
}

static void
show_editor (QcProjectsPage *self, gboolean visible)
{
  gtk_stack_set_visible_child_name (self->detail_stack, visible ? "editor" : "none");
  /* Unfolded, both show already: moving would take the focus from the list. */
  if (visible && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  on_editor_state_changed (self);
}

static void select_row (QcProjectsPage *self, const char *id);

static void
open_project (QcProjectsPage *self, const char *id)
{
  QcRecord *current = qc_project_editor_get_record (self->editor);
  g_autoptr(GError) error = NULL;

  if (current != NULL && g_strcmp0 (qc_record_get_id (current), id) == 0 &&
      !qc_project_editor_is_new (self->editor))
    {
      show_editor (self, TRUE);
      return;
    }
  if (!qc_project_editor_load (self->editor, id, &error))
    {
      qc_widget_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* Saving the record shown before may have reloaded the list. */
  select_row (self, id);
  show_editor (self, TRUE);
}

/* Selects the row of @id without opening it again. */
static void
select_row (QcProjectsPage *self, const char *id)
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
on_selection_changed (QcProjectsPage *self)
{
  QcRecord *record;

  if (self->restoring)
    return;
  record = gtk_single_selection_get_selected_item (self->selection);
  /* A reload drops the selection for a moment; the editor stays. */
  if (record != NULL)
    open_project (self, qc_record_get_id (record));
}

static void
on_list_activate (QcProjectsPage *self, guint position)
{
  g_autoptr(QcRecord) record = g_list_model_get_item (G_LIST_MODEL (self->records), position);

  if (record != NULL)
    open_project (self, qc_record_get_id (record));
}

static gboolean
any_filter (QcProjectsPage *self)
{
  return gtk_drop_down_get_selected (self->status_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->theme_dropdown) > 0 ||
         qc_record_chooser_get_record_id (self->organisation_filter) != NULL ||
         qc_record_chooser_get_record_id (self->coach_filter) != NULL;
}

static void
update_list_state (QcProjectsPage *self)
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
on_items_changed (QcProjectsPage *self)
{
  QcRecord *record = qc_project_editor_get_record (self->editor);

  update_list_state (self);
  /* The store reloads the whole list on every change: keep the row of the
   * project being edited selected. */
  if (record != NULL && !qc_project_editor_is_new (self->editor))
    select_row (self, qc_record_get_id (record));
}

/* Search, filters and sort */

static void
on_search_changed (QcProjectsPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  qc_record_list_set_text (self->records, *text ? text : NULL);
}

static void
on_filters_changed (QcProjectsPage *self)
{
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint theme = gtk_drop_down_get_selected (self->theme_dropdown);
  const char *theme_value = theme > 0 ? gtk_string_list_get_string (self->theme_choices, theme) : NULL;
  const char *organisation = qc_record_chooser_get_record_id (self->organisation_filter);
  const char *coach = qc_record_chooser_get_record_id (self->coach_filter);
  g_autoptr(GString) summary = g_string_new (NULL);

  if (self->records == NULL)
    return;
  if (sort >= G_N_ELEMENTS (sorts))
    sort = 0;
  qc_record_list_set_sort (self->records, sorts[sort].field, sorts[sort].descending);
  qc_record_list_set_filter (self->records, "status", status > 0 ? status_values ()[status - 1] : NULL);
  qc_record_list_set_filter (self->records, "theme", theme_value);
  qc_record_list_set_filter (self->records, "organisation", organisation);
  qc_record_list_set_filter (self->records, "coach", coach);

  if (status > 0)
    g_string_append (summary, qc_choice_label (status_values ()[status - 1]));
  if (theme_value)
    g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", theme_value);
  if (organisation)
    g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", qc_app_lookup_title (organisation));
  if (coach)
    {
      g_autofree char *text = g_strdup_printf (_("coached by %s"), qc_app_lookup_title (coach));
      g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", text);
    }
  {
    g_autofree char *label = g_strdup_printf (_("Filters: %s"), summary->str);
    gtk_label_set_label (self->filter_label, label);
  }
  gtk_revealer_set_reveal_child (self->filter_revealer, summary->len > 0);
  update_list_state (self);
}

/* Themes are free text: offer the ones projects use. */
static void
on_filter_popover_show (QcProjectsPage *self)
{
  g_autofree char *current = NULL;
  g_auto(GStrv) themes = NULL;
  guint selected = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->theme_choices));

  if (gtk_drop_down_get_selected (self->theme_dropdown) > 0)
    current = g_strdup (gtk_string_list_get_string (self->theme_choices,
                                                    gtk_drop_down_get_selected (self->theme_dropdown)));
  themes = qc_store_dup_distinct_values (qc_app_store (), &qc_kind_project, "theme", NULL);
  gtk_string_list_splice (self->theme_choices, 1, n - 1, (const char * const *) themes);
  for (guint i = 0; themes && themes[i]; i++)
    if (g_strcmp0 (themes[i], current) == 0)
      selected = i + 1;
  gtk_drop_down_set_selected (self->theme_dropdown, selected);
}

static void
clear_filters_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcProjectsPage *self = QC_PROJECTS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->theme_dropdown, 0);
  qc_record_chooser_set_record_id (self->organisation_filter, NULL);
  qc_record_chooser_set_record_id (self->coach_filter, NULL);
  on_search_changed (self);
  on_filters_changed (self);
}

/* Actions */

static void
new_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  qc_projects_page_new_project (QC_PROJECTS_PAGE (widget));
}

static void
delete_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcProjectsPage *self = QC_PROJECTS_PAGE (widget);
  QcRecord *record = qc_project_editor_get_record (self->editor);
  g_autofree char *id = NULL;

  if (record == NULL)
    return;
  if (qc_project_editor_is_new (self->editor))
    {
      /* Never saved: nothing to keep. */
      qc_project_editor_clear (self->editor);
      show_editor (self, FALSE);
      return;
    }
  qc_project_editor_flush (self->editor);
  id = g_strdup (qc_record_get_id (record));
  qc_project_editor_clear (self->editor);
  if (!qc_delete_with_undo (widget, id))
    {
      qc_projects_page_select (self, id);
      return;
    }
  show_editor (self, FALSE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_history_restored (QcProjectsPage *self, const char *id)
{
  g_autoptr(GError) error = NULL;

  /* The editor shows the restored version, not the copy it held. */
  qc_project_editor_clear (self->editor);
  if (!qc_project_editor_load (self->editor, id, &error))
    qc_widget_show_toast (GTK_WIDGET (self), error->message);
  show_editor (self, TRUE);
}

static void
history_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcProjectsPage *self = QC_PROJECTS_PAGE (widget);
  QcRecord *record = qc_project_editor_get_record (self->editor);
  QcHistoryDialog *dialog;

  if (record == NULL || qc_project_editor_is_new (self->editor))
    return;
  qc_project_editor_flush (self->editor);
  dialog = qc_history_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), qc_record_get_id (record));
  g_signal_connect_object (dialog, "restored", G_CALLBACK (on_history_restored), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcProjectsPage *self = QC_PROJECTS_PAGE (widget);

  qc_project_editor_flush (self->editor);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_folded_changed (QcProjectsPage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
  on_editor_state_changed (self);
}

static void
on_editor_added (QcProjectsPage *self, const char *id)
{
  /* A search or filter may hide the new project; show it anyway. */
  if (qc_record_list_find (self->records, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  select_row (self, id);
  update_actions (self);
}

/* Benchmark: report when the first rows (or the empty state) are painted. */
static gboolean
rows_painted (QcProjectsPage *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->list_stack);

  if (g_strcmp0 (visible, "list") != 0)
    return gtk_widget_get_mapped (gtk_stack_get_visible_child (self->list_stack));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      if (QC_IS_RECORD_ROW (row) && gtk_widget_get_mapped (row) &&
          qc_record_row_get_record (QC_RECORD_ROW (row)) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
on_after_paint (GdkFrameClock *clock, QcProjectsPage *self)
{
  if (!rows_painted (self))
    return;
  g_printerr ("qi-coach-bench: list-painted %.6f rows=%u\n", g_get_real_time () / 1e6,
              g_list_model_get_n_items (G_LIST_MODEL (self->records)));
  g_clear_signal_handler (&self->bench_handler, clock);
}

static void
qc_projects_page_realize (GtkWidget *widget)
{
  QcProjectsPage *self = QC_PROJECTS_PAGE (widget);

  GTK_WIDGET_CLASS (qc_projects_page_parent_class)->realize (widget);
  if (g_getenv ("QI_COACH_BENCH") != NULL && self->bench_handler == 0)
    self->bench_handler = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                            G_CALLBACK (on_after_paint), self);
}

static void
qc_projects_page_unrealize (GtkWidget *widget)
{
  QcProjectsPage *self = QC_PROJECTS_PAGE (widget);

  g_clear_signal_handler (&self->bench_handler, gtk_widget_get_frame_clock (widget));
  GTK_WIDGET_CLASS (qc_projects_page_parent_class)->unrealize (widget);
}

/* Public API */

void
qc_projects_page_new_project (QcProjectsPage *self)
{
  qc_project_editor_new_draft (self->editor);
  select_row (self, NULL);
  show_editor (self, TRUE);
  qc_project_editor_focus_title (self->editor);
}

void
qc_projects_page_select (QcProjectsPage *self, const char *id)
{
  if (qc_record_list_find (self->records, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  open_project (self, id);
  select_row (self, id);
}

void
qc_projects_page_flush (QcProjectsPage *self)
{
  qc_project_editor_flush (self->editor);
}

/* GObject */

static void
qc_projects_page_dispose (GObject *object)
{
  QcProjectsPage *self = QC_PROJECTS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_PROJECTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->records);
  G_OBJECT_CLASS (qc_projects_page_parent_class)->dispose (object);
}

static void
qc_projects_page_class_init (QcProjectsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_projects_page_dispose;
  widget_class->realize = qc_projects_page_realize;
  widget_class->unrealize = qc_projects_page_unrealize;

  g_type_ensure (QC_TYPE_RECORD_ROW);
  g_type_ensure (QC_TYPE_RECORD_CHOOSER);
  g_type_ensure (QC_TYPE_PROJECT_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-projects-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, theme_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, sort_choices);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, status_choices);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, theme_choices);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, organisation_filter);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, coach_filter);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, filter_label);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, detail_bar);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, save_label);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, QcProjectsPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_state_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_added);

  gtk_widget_class_install_action (widget_class, "projects.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "projects.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "projects.history", NULL, history_activated);
  gtk_widget_class_install_action (widget_class, "projects.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "projects.clear-filters", NULL, clear_filters_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qc_projects_page_init (QcProjectsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    gtk_string_list_append (self->sort_choices, _(sorts[i].label));
  gtk_string_list_append (self->status_choices, _("Any"));
  for (guint i = 0; status_values ()[i]; i++)
    gtk_string_list_append (self->status_choices, qc_choice_label (status_values ()[i]));
  gtk_string_list_append (self->theme_choices, _("Any"));

  if (qc_app_store () == NULL)
    return;
  self->records = qc_record_list_new (qc_app_store (), &qc_kind_project);
  /* Sorted before the list looks, so the first rows are read once. */
  qc_record_list_set_sort (self->records, sorts[0].field, sorts[0].descending);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->records)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  /* Made with autoselect on, it chose the first row: nothing is chosen yet. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  on_filters_changed (self);
  update_list_state (self);
  on_editor_state_changed (self);
}
