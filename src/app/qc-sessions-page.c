#include "config.h"

#include <glib/gi18n.h>

#include "qc-actions-page.h"
#include "qc-application.h"
#include "qc-delete-toast.h"
#include "qc-history-dialog.h"
#include "qc-labels.h"
#include "qc-record-chooser.h"
#include "qc-record-list.h"
#include "qc-session-editor.h"
#include "qc-sessions-page.h"
#include "qc-summary-row.h"
#include "qc-window.h"

struct _QcSessionsPage
{
  GtkWidget            parent_instance;

  /* Upcoming sessions are the tail of the list in date order, soonest
   * first; past ones the tail of the reverse order, latest first. Both
   * lists read lazily; slices cut them where "now" falls. */
  QcRecordList        *ascending;
  QcRecordList        *descending;
  GtkSliceListModel   *upcoming;
  GtkSliceListModel   *past;
  GtkStringList       *upcoming_heading;
  GtkStringList       *past_heading;
  GtkSingleSelection  *selection;
  guint                n_upcoming;
  guint                n_past;
  gboolean             restoring;

  AdwLeaflet          *leaflet;
  GtkSearchEntry      *search_entry;
  GtkMenuButton       *filter_button;
  QcRecordChooser     *project_filter;
  QcRecordChooser     *coach_filter;
  GtkDropDown         *phase_dropdown;
  GtkStringList       *phase_choices;
  GtkRevealer         *filter_revealer;
  GtkLabel            *filter_label;
  GtkStack            *mode_stack;
  GtkStack            *list_stack;
  GtkListView         *list_view;
  QcActionsPage       *actions_page;
  GtkWidget           *back_button;
  GtkWidget           *detail_bar;
  GtkLabel            *save_label;
  GtkStack            *detail_stack;
  QcSessionEditor     *editor;
};

G_DEFINE_FINAL_TYPE (QcSessionsPage, qc_sessions_page, GTK_TYPE_WIDGET)

#define EDITOR_PAGE(self) QC_EDITOR_PAGE ((self)->editor)

static const char *const *
phase_values (void)
{
  return qc_kind_find_field (&qc_kind_session, "phase", NULL)->choices;
}

/* The split between upcoming and past */

/* The first position of @list (dates ascending) at or after @now. */
static guint
first_upcoming (GListModel *list, const char *now)
{
  guint low = 0, high = g_list_model_get_n_items (list);

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      g_autoptr(QcRecord) record = g_list_model_get_item (list, mid);

      if (record != NULL && g_strcmp0 (qc_record_get (record, "date"), now) < 0)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

static void
set_heading (GtkStringList *heading, const char *text, gboolean shown)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (heading));

  if (shown && n == 0)
    gtk_string_list_append (heading, text);
  else if (!shown && n > 0)
    gtk_string_list_remove (heading, 0);
}

static void
update_split (QcSessionsPage *self)
{
  g_autofree char *now = qc_timestamp_now ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ascending));
  guint k = first_upcoming (G_LIST_MODEL (self->ascending), now);

  self->n_upcoming = n - k;
  self->n_past = k;
  gtk_slice_list_model_set_offset (self->upcoming, k);
  gtk_slice_list_model_set_size (self->upcoming, n - k);
  gtk_slice_list_model_set_offset (self->past, n - k);
  gtk_slice_list_model_set_size (self->past, k);
  set_heading (self->upcoming_heading, _("Upcoming"), self->n_upcoming > 0);
  set_heading (self->past_heading, _("Past"), self->n_past > 0);
}

/* Where session @id is in the list shown, or -1. */
static gint
find_position (QcSessionsPage *self, const char *id)
{
  gint p, q;

  if (id == NULL)
    return -1;
  p = qc_record_list_find (self->ascending, id);
  if (p < 0)
    return -1;
  if ((guint) p >= self->n_past)
    return (self->n_upcoming > 0 ? 1 : 0) + (p - (gint) self->n_past);
  q = qc_record_list_find (self->descending, id);
  if (q < 0)
    return -1;
  return (self->n_upcoming > 0 ? 1 + (gint) self->n_upcoming : 0) + 1 + (q - (gint) self->n_upcoming);
}

/* The editor and the toolbar above it */

static void
update_actions (QcSessionsPage *self)
{
  QcRecord *record = qc_editor_page_get_record (EDITOR_PAGE (self));
  gboolean stored = record != NULL && !qc_editor_page_is_new (EDITOR_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sessions.delete", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sessions.history", stored);
}

static void
on_editor_state_changed (QcSessionsPage *self)
{
  QcAutosaveState state = qc_editor_page_get_state (EDITOR_PAGE (self));
  g_autofree char *text = NULL;

  if (qc_editor_page_get_record (EDITOR_PAGE (self)) == NULL)
    text = g_strdup ("");
  else if (state == QC_AUTOSAVE_PENDING)
    text = g_strdup (_("Editing…"));
  else if (state == QC_AUTOSAVE_INVALID && qc_editor_page_get_problem (EDITOR_PAGE (self)) == NULL)
    text = g_strdup (_("New session: saved when you change something"));
  else if (state == QC_AUTOSAVE_INVALID &&
           qc_record_get (qc_editor_page_get_record (EDITOR_PAGE (self)), "date") == NULL)
    text = g_strdup (_("Not saved: the session needs a date and a start time"));
  else if (state == QC_AUTOSAVE_INVALID)
    text = g_strdup_printf (_("Not saved: %s"), qc_editor_page_get_problem (EDITOR_PAGE (self)));
  else if (state == QC_AUTOSAVE_FAILED)
    text = g_strdup_printf (_("Not saved: %s"), qc_editor_page_get_problem (EDITOR_PAGE (self)));
  else
    text = g_strdup (_("All changes saved"));
  gtk_label_set_label (self->save_label, text);
  gtk_widget_set_visible (self->detail_bar, *text != '\0' || adw_leaflet_get_folded (self->leaflet));
  update_actions (self);
}

static void
show_editor (QcSessionsPage *self, gboolean visible)
{
  gtk_stack_set_visible_child_name (self->detail_stack, visible ? "editor" : "none");
  if (visible)
    qc_leaflet_show_detail (self->leaflet);
  on_editor_state_changed (self);
}

static void
open_session (QcSessionsPage *self, const char *id)
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
select_row (QcSessionsPage *self, const char *id)
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
on_selection_changed (QcSessionsPage *self)
{
  gpointer item;

  if (self->restoring)
    return;
  item = gtk_single_selection_get_selected_item (self->selection);
  if (QC_IS_RECORD (item))
    open_session (self, qc_record_get_id (item));
}

static void
on_list_activate (QcSessionsPage *self, guint position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (QC_IS_RECORD (item))
    open_session (self, qc_record_get_id (QC_RECORD (item)));
}

static gboolean
any_filter (QcSessionsPage *self)
{
  return gtk_drop_down_get_selected (self->phase_dropdown) > 0 ||
         qc_record_chooser_get_record_id (self->project_filter) != NULL ||
         qc_record_chooser_get_record_id (self->coach_filter) != NULL;
}

static void
update_list_state (QcSessionsPage *self)
{
  guint n = self->n_upcoming + self->n_past;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (*text || any_filter (self))
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
on_list_changed (QcSessionsPage *self)
{
  update_split (self);
  update_list_state (self);
  /* The store reloads the whole list on every change: keep the row of
   * the session being edited selected. */
  if (!qc_editor_page_is_new (EDITOR_PAGE (self)))
    select_row (self, qc_editor_page_get_id (EDITOR_PAGE (self)));
}

/* Search and filters */

static void
on_search_changed (QcSessionsPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  qc_record_list_set_text (self->ascending, *text ? text : NULL);
  qc_record_list_set_text (self->descending, *text ? text : NULL);
}

static void
on_filters_changed (QcSessionsPage *self)
{
  guint phase = gtk_drop_down_get_selected (self->phase_dropdown);
  const char *phase_value = phase > 0 && phase != GTK_INVALID_LIST_POSITION ? phase_values ()[phase - 1] : NULL;
  const char *project = qc_record_chooser_get_record_id (self->project_filter);
  const char *coach = qc_record_chooser_get_record_id (self->coach_filter);
  g_autoptr(GString) summary = g_string_new (NULL);
  QcRecordList *lists[2] = { self->ascending, self->descending };

  if (self->ascending == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      qc_record_list_set_filter (lists[i], "project", project);
      qc_record_list_set_filter (lists[i], "coach", coach);
      qc_record_list_set_filter (lists[i], "phase", phase_value);
    }

  if (project)
    g_string_append (summary, qc_app_lookup_title (project) ?: "");
  if (coach)
    {
      g_autofree char *text = g_strdup_printf (_("coached by %s"), qc_app_lookup_title (coach));
      g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", text);
    }
  if (phase_value)
    g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", qc_choice_label (phase_value));
  {
    g_autofree char *label = g_strdup_printf (_("Only %s"), summary->str);
    gtk_label_set_label (self->filter_label, label);
  }
  gtk_revealer_set_reveal_child (self->filter_revealer, summary->len > 0);
  update_list_state (self);
}

static void
clear_filters_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcSessionsPage *self = QC_SESSIONS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->phase_dropdown, 0);
  qc_record_chooser_set_record_id (self->project_filter, NULL);
  qc_record_chooser_set_record_id (self->coach_filter, NULL);
  on_search_changed (self);
  on_filters_changed (self);
}

static void
on_mode_changed (QcSessionsPage *self)
{
  gboolean sessions = g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "sessions") == 0;

  /* Search and filters apply to the sessions list. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), sessions);
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_button), sessions);
  gtk_revealer_set_reveal_child (self->filter_revealer, sessions && any_filter (self));
}

/* Open actions */

typedef struct
{
  QcSessionsPage *self;   /* weak */
  char           *session_id;
  char           *action_id;
} DoneAction;

static void
done_action_free (DoneAction *done)
{
  g_clear_weak_pointer (&done->self);
  g_free (done->session_id);
  g_free (done->action_id);
  g_free (done);
}

static gboolean
set_action_done (QcSessionsPage *self, const char *session_id, const char *action_id,
                 gboolean done, GError **error)
{
  g_autoptr(QcRecord) session = NULL;
  GPtrArray *actions;

  /* The session being edited takes the change itself, so the working
   * copy and the store agree. */
  if (g_strcmp0 (qc_editor_page_get_id (EDITOR_PAGE (self)), session_id) == 0 &&
      !qc_editor_page_is_new (EDITOR_PAGE (self)))
    {
      if (qc_session_editor_set_action_done (self->editor, action_id, done))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                   qc_editor_page_get_problem (EDITOR_PAGE (self)) ?: _("The action is no longer there"));
      return FALSE;
    }
  session = qc_store_load (qc_app_store (), session_id, error);
  if (session == NULL)
    return FALSE;
  actions = qc_record_get_items (session, "action");
  for (guint i = 0; i < actions->len; i++)
    {
      QcItem *item = g_ptr_array_index (actions, i);
      if (g_strcmp0 (qc_item_get (item, "id"), action_id) == 0)
        {
          qc_item_set (item, "done", done ? "true" : "false");
          return qc_store_save (qc_app_store (), session, error);
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The action is no longer there"));
  return FALSE;
}

static void
on_done_undo (AdwToast *toast, DoneAction *done)
{
  g_autoptr(GError) error = NULL;

  if (done->self != NULL && !set_action_done (done->self, done->session_id, done->action_id, FALSE, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not undo: %s"), error->message);
      qc_widget_show_toast (GTK_WIDGET (done->self), text);
    }
}

static void
on_action_done (QcSessionsPage *self, const char *session_id, const char *action_id)
{
  g_autoptr(GError) error = NULL;
  DoneAction *done;
  AdwToast *toast;

  if (!set_action_done (self, session_id, action_id, TRUE, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not mark the action done: %s"), error->message);
      qc_widget_show_toast (GTK_WIDGET (self), text);
      qc_actions_page_refresh (self->actions_page);
      return;
    }
  done = g_new0 (DoneAction, 1);
  g_set_weak_pointer (&done->self, self);
  done->session_id = g_strdup (session_id);
  done->action_id = g_strdup (action_id);
  toast = adw_toast_new (_("Action done"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_done_undo), done);
  g_signal_connect_swapped (toast, "dismissed", G_CALLBACK (done_action_free), done);
  qc_widget_add_toast (GTK_WIDGET (self), toast);
}

static void
on_open_session (QcSessionsPage *self, const char *session_id)
{
  open_session (self, session_id);
  select_row (self, session_id);
}

/* Actions */

static void
new_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  qc_sessions_page_new_session (QC_SESSIONS_PAGE (widget), NULL);
}

static void
delete_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcSessionsPage *self = QC_SESSIONS_PAGE (widget);
  g_autofree char *id = NULL;

  if (qc_editor_page_get_record (EDITOR_PAGE (self)) == NULL)
    return;
  if (qc_editor_page_is_new (EDITOR_PAGE (self)))
    {
      /* Never saved: nothing to keep. */
      qc_editor_page_clear (EDITOR_PAGE (self));
      show_editor (self, FALSE);
      return;
    }
  qc_editor_page_flush (EDITOR_PAGE (self));
  id = g_strdup (qc_editor_page_get_id (EDITOR_PAGE (self)));
  qc_editor_page_clear (EDITOR_PAGE (self));
  if (!qc_delete_with_undo (widget, id))
    {
      qc_sessions_page_select (self, id);
      return;
    }
  show_editor (self, FALSE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_history_restored (QcSessionsPage *self, const char *id)
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
  QcSessionsPage *self = QC_SESSIONS_PAGE (widget);
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
  QcSessionsPage *self = QC_SESSIONS_PAGE (widget);

  qc_editor_page_flush (EDITOR_PAGE (self));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_folded_changed (QcSessionsPage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
  on_editor_state_changed (self);
}

static void
on_editor_added (QcSessionsPage *self, const char *id)
{
  if (find_position (self, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  select_row (self, id);
  update_actions (self);
}

static void
on_editor_record_changed (QcSessionsPage *self)
{
  /* A draft (e.g. the next session planned) has no row yet. */
  if (qc_editor_page_is_new (EDITOR_PAGE (self)))
    select_row (self, NULL);
  on_editor_state_changed (self);
}

/* List rows */

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  gtk_list_item_set_child (item, g_object_new (QC_TYPE_SUMMARY_ROW, NULL));
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GObject *object = gtk_list_item_get_item (item);
  gboolean heading = GTK_IS_STRING_OBJECT (object);

  /* Headings ("Upcoming", "Past") are not sessions to choose. */
  gtk_list_item_set_selectable (item, !heading);
  gtk_list_item_set_activatable (item, !heading);
  qc_summary_row_set_item (QC_SUMMARY_ROW (gtk_list_item_get_child (item)), object);
}

static void
unbind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  qc_summary_row_set_item (QC_SUMMARY_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Time moves on: a session that has begun since the list was read is
 * past when the page is shown again. The page is hidden at start, and a
 * list view given its model builds rows at once, so the list is attached
 * when the page first shows. */
static void
qc_sessions_page_map (GtkWidget *widget)
{
  QcSessionsPage *self = QC_SESSIONS_PAGE (widget);

  if (self->selection != NULL && gtk_list_view_get_model (self->list_view) == NULL)
    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  GTK_WIDGET_CLASS (qc_sessions_page_parent_class)->map (widget);
  if (self->ascending != NULL)
    on_list_changed (self);
}

/* Public API */

void
qc_sessions_page_new_session (QcSessionsPage *self, const char *project_id)
{
  g_return_if_fail (QC_IS_SESSIONS_PAGE (self));

  /* While the list shows one project's sessions, a new one is about it. */
  if (project_id == NULL)
    project_id = qc_record_chooser_get_record_id (self->project_filter);
  qc_session_editor_new_draft (self->editor, project_id);
  select_row (self, NULL);
  show_editor (self, TRUE);
  qc_session_editor_focus_date (self->editor);
}

void
qc_sessions_page_select (QcSessionsPage *self, const char *id)
{
  g_return_if_fail (QC_IS_SESSIONS_PAGE (self));

  if (find_position (self, id) < 0)
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  open_session (self, id);
  select_row (self, id);
}

void
qc_sessions_page_flush (QcSessionsPage *self)
{
  qc_editor_page_flush (EDITOR_PAGE (self));
}

/* GObject */

static void
qc_sessions_page_dispose (GObject *object)
{
  QcSessionsPage *self = QC_SESSIONS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_SESSIONS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->upcoming);
  g_clear_object (&self->past);
  g_clear_object (&self->upcoming_heading);
  g_clear_object (&self->past_heading);
  g_clear_object (&self->ascending);
  g_clear_object (&self->descending);
  G_OBJECT_CLASS (qc_sessions_page_parent_class)->dispose (object);
}

static void
qc_sessions_page_class_init (QcSessionsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_sessions_page_dispose;
  widget_class->map = qc_sessions_page_map;

  g_type_ensure (QC_TYPE_SUMMARY_ROW);
  g_type_ensure (QC_TYPE_RECORD_CHOOSER);
  g_type_ensure (QC_TYPE_SESSION_EDITOR);
  g_type_ensure (QC_TYPE_ACTIONS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-sessions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, project_filter);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, coach_filter);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, phase_dropdown);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, phase_choices);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, filter_label);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, actions_page);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, detail_bar);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, save_label);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, QcSessionsPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_state_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_record_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_added);
  gtk_widget_class_bind_template_callback (widget_class, on_open_session);
  gtk_widget_class_bind_template_callback (widget_class, on_action_done);

  gtk_widget_class_install_action (widget_class, "sessions.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "sessions.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "sessions.history", NULL, history_activated);
  gtk_widget_class_install_action (widget_class, "sessions.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "sessions.clear-filters", NULL, clear_filters_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qc_sessions_page_init (QcSessionsPage *self)
{
  g_autoptr(GListStore) parts = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkFlattenListModel *flat;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (self->phase_choices, _("Any"));
  for (guint i = 0; phase_values ()[i]; i++)
    gtk_string_list_append (self->phase_choices, qc_choice_label (phase_values ()[i]));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  if (qc_app_store () == NULL)
    return;
  self->ascending = qc_record_list_new (qc_app_store (), &qc_kind_session);
  qc_record_list_set_sort (self->ascending, "date", FALSE);
  self->descending = qc_record_list_new (qc_app_store (), &qc_kind_session);
  qc_record_list_set_sort (self->descending, "date", TRUE);
  self->upcoming = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->ascending)), 0, 0);
  self->past = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->descending)), 0, 0);
  self->upcoming_heading = gtk_string_list_new (NULL);
  self->past_heading = gtk_string_list_new (NULL);

  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, self->upcoming_heading);
  g_list_store_append (parts, self->upcoming);
  g_list_store_append (parts, self->past_heading);
  g_list_store_append (parts, self->past);
  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (flat));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  /* Created with autoselect on, it chose the first row: nothing is chosen yet. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* The view gets its model when the page first shows (see map). */
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  /* Both lists reload on each change; the split follows the second. */
  g_signal_connect_object (self->descending, "items-changed", G_CALLBACK (on_list_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->ascending, "items-changed", G_CALLBACK (update_split), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  update_split (self);
  update_list_state (self);
  on_editor_state_changed (self);
  on_mode_changed (self);
}
