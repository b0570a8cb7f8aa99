#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-coaching-labels.h"
#include "qc-delete-toast.h"
#include "qc-history-dialog.h"
#include "qc-network-page.h"
#include "qc-organisation-page.h"
#include "qc-person-page.h"
#include "qc-record-chooser.h"
#include "qc-record-list.h"
#include "qc-summary-row.h"
#include "qc-window.h"

/* One of the two lists: people or organisations. */
typedef struct
{
  const QcKind       *kind;
  QcRecordList       *records;
  GtkSingleSelection *selection;
  GtkListView        *view;
  GtkStack           *stack;
} List;

struct _QcNetworkPage
{
  GtkWidget           parent_instance;

  List                people;
  List                organisations;
  gboolean            restoring;

  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkWidget          *new_button;
  QcRecordChooser    *organisation_filter;
  GtkCheckButton     *champion_check;
  GtkCheckButton     *coach_check;
  GtkDropDown        *kind_dropdown;
  GtkStringList      *kind_choices;
  GtkRevealer        *filter_revealer;
  GtkLabel           *filter_label;
  GtkStack           *mode_stack;
  GtkStack           *people_stack;
  GtkListView        *people_list;
  GtkStack           *organisations_stack;
  GtkListView        *organisations_list;
  GtkWidget          *back_button;
  GtkWidget          *detail_bar;
  GtkLabel           *save_label;
  GtkStack           *detail_stack;
  QcPersonPage       *person_page;
  QcOrganisationPage *organisation_page;
};

G_DEFINE_FINAL_TYPE (QcNetworkPage, qc_network_page, GTK_TYPE_WIDGET)

static const char *const *
kind_values (void)
{
  return qc_kind_find_field (&qc_kind_organisation, "kind", NULL)->choices;
}

static gboolean
showing_people (QcNetworkPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "organisations") != 0;
}

/* The editor showing, or NULL. */
static QcEditorPage *
current_editor (QcNetworkPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->detail_stack);

  if (g_strcmp0 (name, "person") == 0)
    return QC_EDITOR_PAGE (self->person_page);
  if (g_strcmp0 (name, "organisation") == 0)
    return QC_EDITOR_PAGE (self->organisation_page);
  return NULL;
}

static List *
list_of_kind (QcNetworkPage *self, const QcKind *kind)
{
  return kind == &qc_kind_organisation ? &self->organisations : &self->people;
}

/* The toolbar above the editor */

static void
update_actions (QcNetworkPage *self)
{
  QcEditorPage *editor = current_editor (self);
  gboolean shown = editor != NULL && qc_editor_page_get_record (editor) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "network.delete", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "network.history", shown && !qc_editor_page_is_new (editor));
}

static void
on_editor_state_changed (QcNetworkPage *self)
{
  QcEditorPage *editor = current_editor (self);
  g_autofree char *text = NULL;

  if (editor == NULL || qc_editor_page_get_record (editor) == NULL)
    text = g_strdup ("");
  else
    {
      QcAutosaveState state = qc_editor_page_get_state (editor);
      gboolean person = editor == QC_EDITOR_PAGE (self->person_page);

      if (state == QC_AUTOSAVE_PENDING)
        text = g_strdup (_("Editing…"));
      else if (state == QC_AUTOSAVE_INVALID && qc_editor_page_is_new (editor))
        text = g_strdup (person ? _("New person: not saved until they have a name")
                                : _("New organisation: not saved until it has a name"));
      else if (state == QC_AUTOSAVE_INVALID)
        text = g_strdup (_("Not saved: a name is needed"));
      else if (state == QC_AUTOSAVE_FAILED)
        text = g_strdup_printf (_("Not saved: %s"), qc_editor_page_get_problem (editor));
      else
        text = g_strdup (_("All changes saved"));
    }
  gtk_label_set_label (self->save_label, text);
  gtk_widget_set_visible (self->detail_bar, *text != '\0' || adw_leaflet_get_folded (self->leaflet));
  update_actions (self);
}

static void
show_editor (QcNetworkPage *self, const char *name)
{
  gtk_stack_set_visible_child_name (self->detail_stack, name);
  if (!g_str_equal (name, "none"))
    qc_leaflet_show_detail (self->leaflet);
  on_editor_state_changed (self);
}

static void
select_row (QcNetworkPage *self, List *list, const char *id)
{
  gint position = id ? qc_record_list_find (list->records, id) : -1;

  self->restoring = TRUE;
  if (position >= 0)
    {
      gtk_single_selection_set_selected (list->selection, (guint) position);
      gtk_widget_activate_action (GTK_WIDGET (list->view), "list.scroll-to-item", "u", (guint) position);
    }
  else
    gtk_single_selection_set_selected (list->selection, GTK_INVALID_LIST_POSITION);
  self->restoring = FALSE;
}

static void
open_record (QcNetworkPage *self, const char *id)
{
  const QcKind *kind = qc_store_lookup_kind (qc_app_store (), id);
  QcEditorPage *editor;
  g_autoptr(GError) error = NULL;

  if (kind != &qc_kind_person && kind != &qc_kind_organisation)
    return;
  editor = kind == &qc_kind_person ? QC_EDITOR_PAGE (self->person_page) : QC_EDITOR_PAGE (self->organisation_page);
  /* Whatever waits in the other editor is saved before it is hidden. */
  if (current_editor (self) != NULL && current_editor (self) != editor)
    qc_editor_page_flush (current_editor (self));
  if (g_strcmp0 (qc_editor_page_get_id (editor), id) != 0 || qc_editor_page_is_new (editor))
    {
      if (!qc_editor_page_load (editor, id, &error))
        {
          qc_widget_show_toast (GTK_WIDGET (self), error->message);
          return;
        }
    }
  show_editor (self, kind == &qc_kind_person ? "person" : "organisation");
}

static void
on_selection_changed (GtkSingleSelection *selection, GParamSpec *pspec, QcNetworkPage *self)
{
  QcRecord *record;

  if (self->restoring)
    return;
  record = gtk_single_selection_get_selected_item (selection);
  if (record != NULL)
    open_record (self, qc_record_get_id (record));
}

static void
activate_position (QcNetworkPage *self, List *list, guint position)
{
  g_autoptr(QcRecord) record = g_list_model_get_item (G_LIST_MODEL (list->records), position);

  if (record != NULL)
    open_record (self, qc_record_get_id (record));
}

static void
on_people_activate (QcNetworkPage *self, guint position)
{
  activate_position (self, &self->people, position);
}

static void
on_organisations_activate (QcNetworkPage *self, guint position)
{
  activate_position (self, &self->organisations, position);
}

static gboolean
any_filter (QcNetworkPage *self, List *list)
{
  if (list == &self->people)
    return qc_record_chooser_get_record_id (self->organisation_filter) != NULL ||
           gtk_check_button_get_active (self->champion_check) ||
           gtk_check_button_get_active (self->coach_check);
  return gtk_drop_down_get_selected (self->kind_dropdown) > 0;
}

static void
update_list_state (QcNetworkPage *self, List *list)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (list->records == NULL || g_list_model_get_n_items (G_LIST_MODEL (list->records)) > 0)
    gtk_stack_set_visible_child_name (list->stack, "list");
  else if (*text || any_filter (self, list))
    gtk_stack_set_visible_child_name (list->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (list->stack, "empty");
}

static void
on_items_changed (GtkSingleSelection *selection, guint position, guint removed, guint added,
                  QcNetworkPage *self)
{
  List *list = selection == self->people.selection ? &self->people : &self->organisations;
  QcEditorPage *editor = list == &self->people ? QC_EDITOR_PAGE (self->person_page)
                                               : QC_EDITOR_PAGE (self->organisation_page);

  update_list_state (self, list);
  if (!qc_editor_page_is_new (editor))
    select_row (self, list, qc_editor_page_get_id (editor));
}

/* Search and filters */

static void
on_search_changed (QcNetworkPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  /* The full-text search covers skills: "run charts" finds who has them. */
  qc_record_list_set_text (self->people.records, *text ? text : NULL);
  qc_record_list_set_text (self->organisations.records, *text ? text : NULL);
}

static void
on_filters_changed (QcNetworkPage *self)
{
  const char *organisation = qc_record_chooser_get_record_id (self->organisation_filter);
  gboolean champions = gtk_check_button_get_active (self->champion_check);
  gboolean coaches = gtk_check_button_get_active (self->coach_check);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  const char *kind_value = kind > 0 && kind != GTK_INVALID_LIST_POSITION ? kind_values ()[kind - 1] : NULL;
  g_autoptr(GString) summary = g_string_new (NULL);

  if (self->people.records == NULL)
    return;
  qc_record_list_set_filter (self->people.records, "organisation", organisation);
  qc_record_list_set_filter (self->people.records, "champion", champions ? "true" : NULL);
  qc_record_list_set_filter (self->people.records, "coach", coaches ? "true" : NULL);
  qc_record_list_set_filter (self->organisations.records, "kind", kind_value);

  if (showing_people (self))
    {
      if (champions)
        g_string_append (summary, _("champions"));
      if (coaches)
        g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", _("coaches"));
      if (organisation)
        g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", qc_app_lookup_title (organisation) ?: "");
    }
  else if (kind_value)
    g_string_append (summary, qc_kind_value_label (kind_value));
  {
    g_autofree char *label = g_strdup_printf (_("Only %s"), summary->str);
    gtk_label_set_label (self->filter_label, label);
  }
  gtk_revealer_set_reveal_child (self->filter_revealer, summary->len > 0);
  update_list_state (self, &self->people);
  update_list_state (self, &self->organisations);
}

static void
clear_filters_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcNetworkPage *self = QC_NETWORK_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  qc_record_chooser_set_record_id (self->organisation_filter, NULL);
  gtk_check_button_set_active (self->champion_check, FALSE);
  gtk_check_button_set_active (self->coach_check, FALSE);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  on_search_changed (self);
  on_filters_changed (self);
}

static void
on_mode_changed (QcNetworkPage *self)
{
  gboolean people = showing_people (self);
  const char *tooltip = people ? _("New Person (Ctrl+N)") : _("New Organisation (Ctrl+N)");

  gtk_widget_set_tooltip_text (self->new_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  people ? _("New person") : _("New organisation"), -1);
  g_object_set (self->search_entry, "placeholder-text",
                people ? _("Name, role or skill") : _("Name or locality"), NULL);
  on_filters_changed (self);
}

/* Actions */

static void
new_person (QcNetworkPage *self, const char *organisation_id)
{
  if (current_editor (self) != NULL)
    qc_editor_page_flush (current_editor (self));
  gtk_stack_set_visible_child_name (self->mode_stack, "people");
  qc_person_page_new_draft (self->person_page, organisation_id);
  select_row (self, &self->people, NULL);
  show_editor (self, "person");
  qc_person_page_focus_name (self->person_page);
}

static void
new_organisation (QcNetworkPage *self)
{
  if (current_editor (self) != NULL)
    qc_editor_page_flush (current_editor (self));
  gtk_stack_set_visible_child_name (self->mode_stack, "organisations");
  qc_organisation_page_new_draft (self->organisation_page);
  select_row (self, &self->organisations, NULL);
  show_editor (self, "organisation");
  qc_organisation_page_focus_name (self->organisation_page);
}

static void
new_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  qc_network_page_new_record (QC_NETWORK_PAGE (widget));
}

static void
new_person_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  new_person (QC_NETWORK_PAGE (widget), NULL);
}

static void
new_organisation_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  new_organisation (QC_NETWORK_PAGE (widget));
}

static void
on_new_person_in (QcNetworkPage *self, const char *organisation_id)
{
  new_person (self, organisation_id);
}

static void
delete_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcNetworkPage *self = QC_NETWORK_PAGE (widget);
  QcEditorPage *editor = current_editor (self);
  g_autofree char *id = NULL;

  if (editor == NULL || qc_editor_page_get_record (editor) == NULL)
    return;
  if (qc_editor_page_is_new (editor))
    {
      qc_editor_page_clear (editor);
      show_editor (self, "none");
      return;
    }
  qc_editor_page_flush (editor);
  id = g_strdup (qc_editor_page_get_id (editor));
  qc_editor_page_clear (editor);
  if (!qc_delete_with_undo (widget, id))
    {
      qc_network_page_select (self, id);
      return;
    }
  show_editor (self, "none");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_history_restored (QcNetworkPage *self, const char *id)
{
  QcEditorPage *editor = current_editor (self);

  if (editor != NULL)
    qc_editor_page_clear (editor);
  open_record (self, id);
}

static void
history_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcNetworkPage *self = QC_NETWORK_PAGE (widget);
  QcEditorPage *editor = current_editor (self);
  QcHistoryDialog *dialog;

  if (editor == NULL || qc_editor_page_get_record (editor) == NULL || qc_editor_page_is_new (editor))
    return;
  qc_editor_page_flush (editor);
  dialog = qc_history_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), qc_editor_page_get_id (editor));
  g_signal_connect_object (dialog, "restored", G_CALLBACK (on_history_restored), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcNetworkPage *self = QC_NETWORK_PAGE (widget);

  if (current_editor (self) != NULL)
    qc_editor_page_flush (current_editor (self));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_folded_changed (QcNetworkPage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
  on_editor_state_changed (self);
}

static void
on_editor_added (QcNetworkPage *self, const char *id)
{
  List *list = list_of_kind (self, qc_store_lookup_kind (qc_app_store (), id));

  if (qc_record_list_find (list->records, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  select_row (self, list, id);
  update_actions (self);
}

/* Public API */

void
qc_network_page_new_record (QcNetworkPage *self)
{
  g_return_if_fail (QC_IS_NETWORK_PAGE (self));

  if (showing_people (self))
    new_person (self, NULL);
  else
    new_organisation (self);
}

void
qc_network_page_select (QcNetworkPage *self, const char *id)
{
  const QcKind *kind;
  List *list;

  g_return_if_fail (QC_IS_NETWORK_PAGE (self));

  kind = qc_store_lookup_kind (qc_app_store (), id);
  if (kind != &qc_kind_person && kind != &qc_kind_organisation)
    return;
  list = list_of_kind (self, kind);
  gtk_stack_set_visible_child_name (self->mode_stack, kind == &qc_kind_person ? "people" : "organisations");
  if (qc_record_list_find (list->records, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  open_record (self, id);
  select_row (self, list, id);
}

void
qc_network_page_flush (QcNetworkPage *self)
{
  qc_editor_page_flush (QC_EDITOR_PAGE (self->person_page));
  qc_editor_page_flush (QC_EDITOR_PAGE (self->organisation_page));
}

/* GObject */

static void
qc_network_page_dispose (GObject *object)
{
  QcNetworkPage *self = QC_NETWORK_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_NETWORK_PAGE);
  g_clear_object (&self->people.selection);
  g_clear_object (&self->people.records);
  g_clear_object (&self->organisations.selection);
  g_clear_object (&self->organisations.records);
  G_OBJECT_CLASS (qc_network_page_parent_class)->dispose (object);
}

static void qc_network_page_map (GtkWidget *widget);

static void
qc_network_page_class_init (QcNetworkPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_network_page_dispose;

  g_type_ensure (QC_TYPE_SUMMARY_ROW);
  g_type_ensure (QC_TYPE_RECORD_CHOOSER);
  g_type_ensure (QC_TYPE_PERSON_PAGE);
  g_type_ensure (QC_TYPE_ORGANISATION_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-network-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, organisation_filter);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, champion_check);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, coach_check);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, kind_choices);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, filter_label);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, people_stack);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, people_list);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, organisations_stack);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, organisations_list);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, detail_bar);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, save_label);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, person_page);
  gtk_widget_class_bind_template_child (widget_class, QcNetworkPage, organisation_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_people_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_organisations_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_state_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_added);
  gtk_widget_class_bind_template_callback (widget_class, on_new_person_in);

  gtk_widget_class_install_action (widget_class, "network.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "network.new-person", NULL, new_person_activated);
  gtk_widget_class_install_action (widget_class, "network.new-organisation", NULL, new_organisation_activated);
  gtk_widget_class_install_action (widget_class, "network.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "network.history", NULL, history_activated);
  gtk_widget_class_install_action (widget_class, "network.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "network.clear-filters", NULL, clear_filters_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  widget_class->map = qc_network_page_map;
}

/* The page is hidden at start: a list view given its model builds rows at
 * once, so the lists are attached when the page first shows. */
static void
attach_list (List *list)
{
  if (list->selection != NULL && gtk_list_view_get_model (list->view) == NULL)
    gtk_list_view_set_model (list->view, GTK_SELECTION_MODEL (list->selection));
}

static void
qc_network_page_map (GtkWidget *widget)
{
  QcNetworkPage *self = QC_NETWORK_PAGE (widget);

  attach_list (&self->people);
  attach_list (&self->organisations);
  GTK_WIDGET_CLASS (qc_network_page_parent_class)->map (widget);
}

static void
setup_list (QcNetworkPage *self, List *list, const QcKind *kind, GtkListView *view, GtkStack *stack)
{
  list->kind = kind;
  list->view = view;
  list->stack = stack;
  list->records = qc_record_list_new (qc_app_store (), kind);
  list->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (list->records)));
  gtk_single_selection_set_autoselect (list->selection, FALSE);
  gtk_single_selection_set_can_unselect (list->selection, TRUE);
  /* Created with autoselect on, it chose the first row: nothing is chosen yet. */
  gtk_single_selection_set_selected (list->selection, GTK_INVALID_LIST_POSITION);
  /* The view gets its model when the page first shows (see map). */
  g_signal_connect (list->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_object (list->selection, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_AFTER);
}

static void
qc_network_page_init (QcNetworkPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (self->kind_choices, _("Any"));
  for (guint i = 0; kind_values ()[i]; i++)
    gtk_string_list_append (self->kind_choices, qc_kind_value_label (kind_values ()[i]));

  if (qc_app_store () == NULL)
    return;
  setup_list (self, &self->people, &qc_kind_person, self->people_list, self->people_stack);
  setup_list (self, &self->organisations, &qc_kind_organisation, self->organisations_list,
              self->organisations_stack);
  on_filters_changed (self);
  on_mode_changed (self);
  on_editor_state_changed (self);
}
