#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "qc-application.h"
#include "qc-coaching-labels.h"
#include "qc-coaching-queries.h"
#include "qc-date-row.h"
#include "qc-labels.h"
#include "qc-record-chooser.h"
#include "qc-session-editor.h"
#include "qc-text-row.h"
#include "qc-time-row.h"
#include "qc-window.h"

struct _QcSessionEditor
{
  QcEditorPage          parent_instance;

  GPtrArray            *project_rows;
  GPtrArray            *attendee_rows;
  GPtrArray            *topic_rows;
  GPtrArray            *resource_rows;
  GPtrArray            *action_rows;

  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *session_group;
  QcDateRow            *date_row;
  QcTimeRow            *time_row;
  GtkSpinButton        *minutes_spin;
  AdwComboRow          *mode_row;
  AdwComboRow          *phase_row;
  GtkStringList        *mode_model;
  GtkStringList        *phase_model;
  QcRecordChooser      *coach_chooser;
  AdwPreferencesGroup  *projects_group;
  QcRecordChooser      *project_chooser;
  AdwPreferencesGroup  *attendees_group;
  QcRecordChooser      *attendee_chooser;
  AdwPreferencesGroup  *topics_group;
  AdwPreferencesGroup  *resources_group;
  QcRecordChooser      *resource_chooser;
  QcTextRow            *notes_row;
  QcTextRow            *strengths_row;
  QcTextRow            *barriers_row;
  GtkSwitch            *escalate_switch;
  AdwPreferencesGroup  *actions_group;
  QcDateRow            *next_date_row;
  QcTimeRow            *next_time_row;
  QcTextRow            *reflection_row;
  GtkLabel             *footer_label;
};

G_DEFINE_FINAL_TYPE (QcSessionEditor, qc_session_editor, QC_TYPE_EDITOR_PAGE)

#define EDITOR(self) QC_EDITOR_PAGE (self)

static const char *const *
choices_of (const char *field)
{
  return qc_kind_find_field (&qc_kind_session, field, NULL)->choices;
}

static const char *
phase_meaning (const char *phase)
{
  if (g_strcmp0 (phase, "pre") == 0)
    return _("Agree expectations with the team");
  if (g_strcmp0 (phase, "action") == 0)
    return _("Regular meetings, PDSA cycles, measurement");
  if (g_strcmp0 (phase, "transition") == 0)
    return _("The coach steps back; the team carries on");
  return NULL;
}

static QcRecord *
record_of (QcSessionEditor *self)
{
  return qc_editor_page_get_record (EDITOR (self));
}

static gboolean
loading (QcSessionEditor *self)
{
  return qc_editor_page_is_loading (EDITOR (self));
}

/* When */

static void
update_required (QcSessionEditor *self)
{
  QcRecord *record = record_of (self);
  gboolean missing = record != NULL && qc_record_get (record, "date") == NULL;

  adw_preferences_group_set_description (self->session_group,
                                         missing ? _("A session needs a date and a start time: it is saved once it has both.")
                                                 : NULL);
  if (missing && qc_date_row_get_date (self->date_row) == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
  else if (qc_date_row_get_date (self->date_row) != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  if (missing && qc_time_row_get_time (self->time_row) == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->time_row), "error");
}

static void
on_when_changed (QcSessionEditor *self)
{
  g_autofree char *timestamp = qc_local_to_timestamp (qc_date_row_get_date (self->date_row),
                                                      qc_time_row_get_time (self->time_row));
  if (loading (self))
    return;
  qc_editor_page_set_field (EDITOR (self), "date", timestamp);
  update_required (self);
}

static void
on_next_changed (QcSessionEditor *self)
{
  const char *date = qc_date_row_get_date (self->next_date_row);
  const char *time = qc_time_row_get_time (self->next_time_row);
  g_autofree char *timestamp = NULL;

  if (loading (self))
    return;
  if (date != NULL)
    {
      g_autofree char *own_date = NULL;
      g_autofree char *own_time = NULL;

      /* Without a time, the next meeting is at this session's time. */
      if (time == NULL)
        qc_timestamp_to_local (qc_record_get (record_of (self), "date"), &own_date, &own_time);
      timestamp = qc_local_to_timestamp (date, time ? time : own_time ? own_time : "09:00");
    }
  qc_editor_page_set_field (EDITOR (self), "next", timestamp);
}

static void
on_minutes_changed (QcSessionEditor *self)
{
  int minutes = gtk_spin_button_get_value_as_int (self->minutes_spin);
  g_autofree char *value = minutes > 0 ? g_strdup_printf ("%d", minutes) : NULL;

  qc_editor_page_set_field (EDITOR (self), "minutes", value);
}

static void
on_choice_selected (AdwComboRow *row, GParamSpec *pspec, QcSessionEditor *self)
{
  const char *field = g_object_get_data (G_OBJECT (row), "qc-field");
  guint selected = adw_combo_row_get_selected (row);
  const char *value = selected > 0 && selected != GTK_INVALID_LIST_POSITION ? choices_of (field)[selected - 1] : NULL;

  if (row == self->phase_row)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), phase_meaning (value));
  qc_editor_page_set_field (EDITOR (self), field, value);
}

static void
on_coach_changed (QcSessionEditor *self)
{
  qc_editor_page_set_field (EDITOR (self), "coach", qc_record_chooser_get_record_id (self->coach_chooser));
}

static void
on_text_row_changed (QcTextRow *row, QcSessionEditor *self)
{
  g_autofree char *text = qc_text_row_dup_text (row);
  qc_editor_page_set_field (EDITOR (self), g_object_get_data (G_OBJECT (row), "qc-field"), text);
}

static void
on_escalate_changed (QcSessionEditor *self)
{
  if (loading (self))
    return;
  qc_editor_page_set_field (EDITOR (self), "escalate",
                            gtk_switch_get_active (self->escalate_switch) ? "true" : "false");
}

/* Lists of references: projects and attendees */

static GtkWidget *
remove_button (const char *label, gpointer item, GCallback callback, gpointer data)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (button), "qc-item", item);
  g_signal_connect (button, "clicked", callback, data);
  return button;
}

static gboolean
has_ref (QcRecord *record, const char *collection, const char *id)
{
  GPtrArray *items = qc_record_get_items (record, collection);

  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (qc_item_get (g_ptr_array_index (items, i), "ref"), id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
add_ref (QcRecord *record, const char *collection, const char *id)
{
  if (id == NULL || has_ref (record, collection, id))
    return FALSE;
  qc_item_set (qc_record_add_item (record, collection), "ref", id);
  return TRUE;
}

/* Adds the project's lead and team members (not the coach, who has a
 * field of their own); returns how many were added. */
static guint
add_team (QcRecord *session, const char *project_id)
{
  g_autoptr(QcRecord) project = qc_store_load (qc_app_store (), project_id, NULL);
  const char *coach = qc_record_get (session, "coach");
  GPtrArray *members;
  guint added = 0;

  if (project == NULL)
    return 0;
  if (g_strcmp0 (qc_record_get (project, "lead"), coach) != 0)
    added += add_ref (session, "attendee", qc_record_get (project, "lead"));
  members = qc_record_get_items (project, "member");
  for (guint i = 0; i < members->len; i++)
    {
      const char *ref = qc_item_get (g_ptr_array_index (members, i), "ref");
      if (g_strcmp0 (ref, coach) != 0)
        added += add_ref (session, "attendee", ref);
    }
  return added;
}

static void rebuild_projects (QcSessionEditor *self);
static void rebuild_attendees (QcSessionEditor *self);

static void
on_remove_ref (GtkButton *button, QcSessionEditor *self)
{
  const char *collection = g_object_get_data (G_OBJECT (button), "qc-collection");

  g_ptr_array_remove (qc_record_get_items (record_of (self), collection),
                      g_object_get_data (G_OBJECT (button), "qc-item"));
  if (g_str_equal (collection, "project"))
    rebuild_projects (self);
  else
    rebuild_attendees (self);
  qc_editor_page_edited (EDITOR (self));
}

static void
on_add_team (GtkButton *button, QcSessionEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (button), "qc-item");
  guint added = add_team (record_of (self), qc_item_get (item, "ref"));
  g_autofree char *text = NULL;

  if (added == 0)
    text = g_strdup (_("Everyone on the project’s team is already an attendee"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attendee added", "%u attendees added", added),
                            added);
  qc_widget_show_toast (GTK_WIDGET (self), text);
  if (added > 0)
    {
      rebuild_attendees (self);
      qc_editor_page_edited (EDITOR (self));
    }
}

static void
rebuild_refs (QcSessionEditor *self, const char *collection, AdwPreferencesGroup *group,
              GPtrArray *rows, const char *empty_text)
{
  GPtrArray *items = qc_record_get_items (record_of (self), collection);
  gboolean is_project = g_str_equal (collection, "project");

  qc_link_rows_clear (group, rows);
  for (guint i = 0; i < items->len; i++)
    {
      QcItem *item = g_ptr_array_index (items, i);
      const char *ref = qc_item_get (item, "ref");
      const char *name = qc_app_lookup_title (ref);
      g_autofree char *remove_label = NULL;
      GtkWidget *row;

      row = qc_link_row_add (group, rows, name ? name : _("Unknown record"), NULL, NULL, NULL);
      if (is_project)
        {
          g_autofree char *team_label = g_strdup_printf (_("Add the team of %s to the attendees"),
                                                         name ? name : "");
          GtkWidget *team = gtk_button_new_from_icon_name ("system-users-symbolic");

          gtk_widget_set_valign (team, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (team, "flat");
          gtk_widget_set_tooltip_text (team, team_label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (team), GTK_ACCESSIBLE_PROPERTY_LABEL, team_label, -1);
          g_object_set_data (G_OBJECT (team), "qc-item", item);
          g_signal_connect (team, "clicked", G_CALLBACK (on_add_team), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), team);
          /* TRANSLATORS: %s is a project's title */
          remove_label = g_strdup_printf (_("Remove %s from this session"), name ? name : "");
        }
      else
        /* TRANSLATORS: %s is a person's name */
        remove_label = g_strdup_printf (_("Remove %s from the attendees"), name ? name : "");
      {
        GtkWidget *remove = remove_button (remove_label, item, G_CALLBACK (on_remove_ref), self);
        g_object_set_data (G_OBJECT (remove), "qc-collection", (gpointer) (is_project ? "project" : "attendee"));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      }
    }
  if (items->len == 0)
    qc_link_row_add_empty (group, rows, empty_text);
}

static void
rebuild_projects (QcSessionEditor *self)
{
  rebuild_refs (self, "project", self->projects_group, self->project_rows, _("No project chosen"));
}

static void
rebuild_attendees (QcSessionEditor *self)
{
  rebuild_refs (self, "attendee", self->attendees_group, self->attendee_rows, _("Nobody added yet"));
}

static void
on_project_chosen (QcSessionEditor *self)
{
  const char *id = qc_record_chooser_get_record_id (self->project_chooser);
  QcRecord *record = record_of (self);

  if (id == NULL || record == NULL)
    return;
  if (add_ref (record, "project", id))
    {
      /* The first project brings its team along. */
      if (qc_record_get_items (record, "attendee")->len == 0)
        add_team (record, id);
      rebuild_projects (self);
      rebuild_attendees (self);
      qc_editor_page_edited (EDITOR (self));
    }
  qc_record_chooser_set_record_id (self->project_chooser, NULL);
}

static void
on_attendee_chosen (QcSessionEditor *self)
{
  const char *id = qc_record_chooser_get_record_id (self->attendee_chooser);
  QcRecord *record = record_of (self);

  if (id == NULL || record == NULL)
    return;
  if (add_ref (record, "attendee", id))
    {
      rebuild_attendees (self);
      qc_editor_page_edited (EDITOR (self));
    }
  qc_record_chooser_set_record_id (self->attendee_chooser, NULL);
}

/* Topics and the resources that go with them */

static void rebuild_topics (QcSessionEditor *self, int focus);
static void rebuild_resources (QcSessionEditor *self);

static void
on_topic_changed (GtkEditable *entry, QcSessionEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (entry), "qc-item");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (loading (self) || g_strcmp0 (qc_item_get (item, "text"), *text ? text : NULL) == 0)
    return;
  qc_item_set (item, "text", text);
  qc_editor_page_edited (EDITOR (self));
}

static void
on_remove_topic (GtkButton *button, QcSessionEditor *self)
{
  g_ptr_array_remove (qc_record_get_items (record_of (self), "topic"),
                      g_object_get_data (G_OBJECT (button), "qc-item"));
  rebuild_topics (self, -1);
  rebuild_resources (self);
  qc_editor_page_edited (EDITOR (self));
}

static void
rebuild_topics (QcSessionEditor *self, int focus)
{
  GPtrArray *topics = qc_record_get_items (record_of (self), "topic");

  qc_link_rows_clear (self->topics_group, self->topic_rows);
  for (guint i = 0; i < topics->len; i++)
    {
      QcItem *item = g_ptr_array_index (topics, i);
      const char *text = qc_item_get (item, "text");
      g_autofree char *title = g_strdup_printf (_("Topic %u"), i + 1);
      g_autofree char *remove_label = g_strdup_printf (_("Remove topic %u"), i + 1);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
      g_object_set_data (G_OBJECT (row), "qc-item", item);
      g_signal_connect (row, "changed", G_CALLBACK (on_topic_changed), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                remove_button (remove_label, item, G_CALLBACK (on_remove_topic), self));
      adw_preferences_group_add (self->topics_group, row);
      g_ptr_array_add (self->topic_rows, row);
      if ((int) i == focus)
        gtk_widget_grab_focus (row);
    }
}

static void
add_topic_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcSessionEditor *self = QC_SESSION_EDITOR (widget);

  if (record_of (self) == NULL)
    return;
  qc_record_add_item (record_of (self), "topic");
  rebuild_topics (self, (int) qc_record_get_items (record_of (self), "topic")->len - 1);
}

static void
on_open_link (GtkButton *button)
{
  qc_open_link (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "qc-url"));
}

static void
rebuild_resources (QcSessionEditor *self)
{
  g_auto(GStrv) topics = qc_items_dup_texts (record_of (self), "topic");
  g_autoptr(GPtrArray) ids = qc_store_dup_ids_sharing_words (qc_app_store (), &qc_kind_resource,
                                                             (const char * const *) topics, NULL, NULL);

  qc_link_rows_clear (self->resources_group, self->resource_rows);
  for (guint i = 0; ids && i < ids->len; i++)
    {
      g_autoptr(QcRecord) resource = qc_store_load (qc_app_store (), g_ptr_array_index (ids, i), NULL);
      g_autofree char *tags = NULL;
      g_autofree char *title = NULL;
      GtkWidget *open = NULL;
      const char *url;

      if (resource == NULL)
        continue;
      tags = qc_items_to_text (resource, "tag");
      title = qc_record_dup_title (resource);
      url = qc_record_get (resource, "url");
      if (qc_link_is_openable (url))
        {
          /* TRANSLATORS: %s is a resource's title */
          g_autofree char *label = g_strdup_printf (_("Open %s in the browser"), title);

          open = gtk_button_new_from_icon_name ("adw-external-link-symbolic");
          gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (open, "flat");
          gtk_widget_set_tooltip_text (open, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          g_object_set_data_full (G_OBJECT (open), "qc-url", g_strdup (url), g_free);
          g_signal_connect (open, "clicked", G_CALLBACK (on_open_link), NULL);
        }
      qc_link_row_add (self->resources_group, self->resource_rows, title, tags,
                       qc_record_get_id (resource), open);
    }
  if (ids == NULL || ids->len == 0)
    qc_link_row_add_empty (self->resources_group, self->resource_rows,
                           topics[0] ? _("No resource in the library has these topics as tags")
                                     : _("Add topics to see the resources that cover them"));
}

static void
on_resource_chosen (QcSessionEditor *self)
{
  const char *id = qc_record_chooser_get_record_id (self->resource_chooser);
  g_autoptr(QcRecord) resource = NULL;
  QcRecord *record = record_of (self);
  GPtrArray *tags;
  guint added = 0;

  if (id == NULL || record == NULL)
    return;
  qc_record_chooser_set_record_id (self->resource_chooser, NULL);
  resource = qc_store_load (qc_app_store (), id, NULL);
  if (resource == NULL)
    return;
  tags = qc_record_get_items (resource, "tag");
  for (guint i = 0; i < tags->len; i++)
    {
      const char *tag = qc_item_get (g_ptr_array_index (tags, i), "text");
      GPtrArray *topics = qc_record_get_items (record, "topic");
      gboolean known = FALSE;

      for (guint j = 0; tag && j < topics->len; j++)
        {
          const char *topic = qc_item_get (g_ptr_array_index (topics, j), "text");
          if (topic && g_utf8_collate (topic, tag) == 0)
            known = TRUE;
          if (topic && !known)
            {
              g_autofree char *a = g_utf8_casefold (topic, -1);
              g_autofree char *b = g_utf8_casefold (tag, -1);
              known = g_str_equal (a, b);
            }
        }
      if (tag && !known)
        {
          qc_item_set (qc_record_add_item (record, "topic"), "text", tag);
          added++;
        }
    }
  if (added == 0)
    {
      qc_widget_show_toast (GTK_WIDGET (self), tags->len ? _("The session already has all of its tags as topics")
                                                         : _("That resource has no tags to add"));
      return;
    }
  rebuild_topics (self, -1);
  rebuild_resources (self);
  qc_editor_page_edited (EDITOR (self));
}

/* Agreed actions */

static void rebuild_actions (QcSessionEditor *self, int expand);

static gboolean
is_overdue (QcItem *item)
{
  g_autofree char *today = qc_date_today ();
  const char *due = qc_item_get (item, "due");

  return due != NULL && strcmp (due, today) < 0 && g_strcmp0 (qc_item_get (item, "done"), "true") != 0;
}

static void
update_action_row (AdwExpanderRow *row, QcItem *item)
{
  const char *text = qc_item_get (item, "text");
  const char *owner = qc_app_lookup_title (qc_item_get (item, "owner"));
  g_autofree char *due = qc_date_to_display (qc_item_get (item, "due"));
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *overdue = g_object_get_data (G_OBJECT (row), "qc-overdue");

  if (owner)
    g_string_append (subtitle, owner);
  if (due)
    {
      g_autofree char *by = g_strdup_printf (_("by %s"), due);
      g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", by);
    }
  if (g_strcmp0 (qc_item_get (item, "done"), "true") == 0)
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", _("done"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text ? text : _("New action"));
  adw_expander_row_set_subtitle (row, subtitle->len ? subtitle->str : _("No owner or due date yet"));
  gtk_widget_set_visible (overdue, is_overdue (item));
}

static void
on_action_text_changed (GtkEditable *entry, QcSessionEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (entry), "qc-item");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (loading (self) || g_strcmp0 (qc_item_get (item, "text"), *text ? text : NULL) == 0)
    return;
  qc_item_set (item, "text", text);
  update_action_row (g_object_get_data (G_OBJECT (entry), "qc-row"), item);
  qc_editor_page_edited (EDITOR (self));
}

static void
on_action_done_toggled (GtkCheckButton *check, QcSessionEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (check), "qc-item");
  const char *done = gtk_check_button_get_active (check) ? "true" : "false";

  if (loading (self) || g_strcmp0 (qc_item_get (item, "done"), done) == 0)
    return;
  qc_item_set (item, "done", done);
  update_action_row (g_object_get_data (G_OBJECT (check), "qc-row"), item);
  qc_editor_page_edited (EDITOR (self));
}

static void
on_action_owner_changed (QcRecordChooser *chooser, QcSessionEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (chooser), "qc-item");

  qc_item_set (item, "owner", qc_record_chooser_get_record_id (chooser));
  update_action_row (g_object_get_data (G_OBJECT (chooser), "qc-row"), item);
  qc_editor_page_edited (EDITOR (self));
}

static void
on_action_due_changed (QcDateRow *due_row, QcSessionEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (due_row), "qc-item");

  qc_item_set (item, "due", qc_date_row_get_date (due_row));
  update_action_row (g_object_get_data (G_OBJECT (due_row), "qc-row"), item);
  qc_editor_page_edited (EDITOR (self));
}

static void
on_remove_action (GtkButton *button, QcSessionEditor *self)
{
  g_ptr_array_remove (qc_record_get_items (record_of (self), "action"),
                      g_object_get_data (G_OBJECT (button), "qc-item"));
  rebuild_actions (self, -1);
  qc_editor_page_edited (EDITOR (self));
}

static void
rebuild_actions (QcSessionEditor *self, int expand)
{
  GPtrArray *actions = qc_record_get_items (record_of (self), "action");

  qc_link_rows_clear (self->actions_group, self->action_rows);
  for (guint i = 0; i < actions->len; i++)
    {
      QcItem *item = g_ptr_array_index (actions, i);
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *done = gtk_check_button_new ();
      GtkWidget *overdue = qc_badge_new (_("Overdue"), "qc-badge-overdue");
      GtkWidget *text_row = adw_entry_row_new ();
      GtkWidget *owner_row = adw_action_row_new ();
      g_autofree char *owner_label = g_strdup_printf (_("Owner of action %u"), i + 1);
      GtkWidget *owner = g_object_new (QC_TYPE_RECORD_CHOOSER, "kind-name", "person",
                                       "label", owner_label, "valign", GTK_ALIGN_CENTER, NULL);
      GtkWidget *due_row = g_object_new (QC_TYPE_DATE_ROW, "title", _("Due date"), NULL);
      g_autofree char *remove_label = g_strdup_printf (_("Remove action %u"), i + 1);
      g_autofree char *done_label = g_strdup_printf (_("Action %u done"), i + 1);
      g_autofree char *text_label = g_strdup_printf (_("Action %u"), i + 1);
      const char *text = qc_item_get (item, "text");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (text_row), FALSE);
      g_object_set_data (G_OBJECT (row), "qc-overdue", overdue);

      gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (done), g_strcmp0 (qc_item_get (item, "done"), "true") == 0);
      gtk_widget_set_tooltip_text (done, _("Done"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (done), GTK_ACCESSIBLE_PROPERTY_LABEL, done_label, -1);
      g_object_set_data (G_OBJECT (done), "qc-item", item);
      g_object_set_data (G_OBJECT (done), "qc-row", row);
      g_signal_connect (done, "toggled", G_CALLBACK (on_action_done_toggled), self);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), done);
      /* Actions are packed from the end: the badge shows before the bin. */
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   remove_button (remove_label, item, G_CALLBACK (on_remove_action), self));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), overdue);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (text_row), text_label);
      gtk_editable_set_text (GTK_EDITABLE (text_row), text ? text : "");
      g_object_set_data (G_OBJECT (text_row), "qc-item", item);
      g_object_set_data (G_OBJECT (text_row), "qc-row", row);
      g_signal_connect (text_row, "changed", G_CALLBACK (on_action_text_changed), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), text_row);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (owner_row), _("Owner"));
      qc_record_chooser_set_record_id (QC_RECORD_CHOOSER (owner), qc_item_get (item, "owner"));
      g_object_set_data (G_OBJECT (owner), "qc-item", item);
      g_object_set_data (G_OBJECT (owner), "qc-row", row);
      g_signal_connect (owner, "changed", G_CALLBACK (on_action_owner_changed), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (owner_row), owner);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (owner_row), owner);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), owner_row);

      qc_date_row_set_date (QC_DATE_ROW (due_row), qc_item_get (item, "due"));
      g_object_set_data (G_OBJECT (due_row), "qc-item", item);
      g_object_set_data (G_OBJECT (due_row), "qc-row", row);
      g_signal_connect (due_row, "changed-date", G_CALLBACK (on_action_due_changed), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), due_row);

      update_action_row (ADW_EXPANDER_ROW (row), item);
      adw_preferences_group_add (self->actions_group, row);
      g_ptr_array_add (self->action_rows, row);
      if ((int) i == expand)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
          gtk_widget_grab_focus (text_row);
        }
    }
  if (actions->len == 0)
    qc_link_row_add_empty (self->actions_group, self->action_rows, _("No actions agreed yet"));
}

static void
add_action_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcSessionEditor *self = QC_SESSION_EDITOR (widget);
  QcItem *item;

  if (record_of (self) == NULL)
    return;
  item = qc_record_add_item (record_of (self), "action");
  {
    /* Actions are referred to by id (e.g. from the open actions list). */
    g_autofree char *id = qc_uuid_new ();
    qc_item_set (item, "id", id);
  }
  qc_item_set (item, "done", "false");
  rebuild_actions (self, (int) qc_record_get_items (record_of (self), "action")->len - 1);
}

gboolean
qc_session_editor_set_action_done (QcSessionEditor *self, const char *action_id, gboolean done)
{
  QcRecord *record = record_of (self);
  GPtrArray *actions;

  g_return_val_if_fail (QC_IS_SESSION_EDITOR (self), FALSE);

  if (record == NULL || action_id == NULL)
    return FALSE;
  actions = qc_record_get_items (record, "action");
  for (guint i = 0; i < actions->len; i++)
    {
      QcItem *item = g_ptr_array_index (actions, i);
      if (g_strcmp0 (qc_item_get (item, "id"), action_id) == 0)
        {
          qc_item_set (item, "done", done ? "true" : "false");
          rebuild_actions (self, -1);
          qc_editor_page_edited (EDITOR (self));
          return qc_editor_page_flush (EDITOR (self));
        }
    }
  return FALSE;
}

/* The next session */

static void
follow_up_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcSessionEditor *self = QC_SESSION_EDITOR (widget);
  QcRecord *record = record_of (self);
  g_autoptr(QcRecord) next = NULL;
  const char *fields[] = { "minutes", "mode", "phase", "coach" };
  const char *collections[] = { "project", "attendee" };

  if (record == NULL)
    return;
  if (qc_record_get (record, "next") == NULL)
    {
      qc_widget_show_toast (widget, _("Enter the next meeting’s date first"));
      return;
    }
  if (!qc_editor_page_flush (EDITOR (self)) || qc_editor_page_is_new (EDITOR (self)))
    {
      qc_widget_show_toast (widget, _("This session is not saved yet: give it a date and a start time first"));
      return;
    }
  next = qc_record_new (&qc_kind_session);
  qc_record_set (next, "date", qc_record_get (record, "next"));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    qc_record_set (next, fields[i], qc_record_get (record, fields[i]));
  for (guint c = 0; c < G_N_ELEMENTS (collections); c++)
    {
      GPtrArray *items = qc_record_get_items (record, collections[c]);
      for (guint i = 0; i < items->len; i++)
        add_ref (next, collections[c], qc_item_get (g_ptr_array_index (items, i), "ref"));
    }
  qc_editor_page_set_draft (EDITOR (self), next);
  qc_widget_show_toast (widget, _("Next session planned: it is saved when you change something"));
}

/* Filling the widgets */

static void
select_choice (QcSessionEditor *self, AdwComboRow *row, const char *field, const char *value)
{
  const char *const *values = choices_of (field);
  guint index = 0;

  for (guint i = 0; value && values[i]; i++)
    if (g_str_equal (values[i], value))
      index = i + 1;
  adw_combo_row_set_selected (row, index);
  if (row == self->phase_row)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), phase_meaning (value));
}

static void
update_footer (QcSessionEditor *self)
{
  g_autofree char *text = qc_editor_page_dup_footer (EDITOR (self));

  gtk_label_set_label (self->footer_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->footer_label), text != NULL);
}

static void
qc_session_editor_show_record (QcEditorPage *page, QcRecord *record)
{
  QcSessionEditor *self = QC_SESSION_EDITOR (page);
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *next_date = NULL;
  g_autofree char *next_time = NULL;
  const char *minutes = qc_record_get (record, "minutes");

  qc_timestamp_to_local (qc_record_get (record, "date"), &date, &time);
  qc_date_row_set_date (self->date_row, date);
  qc_time_row_set_time (self->time_row, time);
  gtk_spin_button_set_value (self->minutes_spin, minutes ? g_ascii_strtod (minutes, NULL) : 0);
  select_choice (self, self->mode_row, "mode", qc_record_get (record, "mode"));
  select_choice (self, self->phase_row, "phase", qc_record_get (record, "phase"));
  qc_record_chooser_set_record_id (self->coach_chooser, qc_record_get (record, "coach"));
  qc_text_row_set_text (self->notes_row, qc_record_get (record, "notes"));
  qc_text_row_set_text (self->strengths_row, qc_record_get (record, "strengths"));
  qc_text_row_set_text (self->barriers_row, qc_record_get (record, "barriers"));
  gtk_switch_set_active (self->escalate_switch, qc_record_get_boolean (record, "escalate"));
  qc_timestamp_to_local (qc_record_get (record, "next"), &next_date, &next_time);
  qc_date_row_set_date (self->next_date_row, next_date);
  qc_time_row_set_time (self->next_time_row, next_time);
  qc_text_row_set_text (self->reflection_row, qc_record_get (record, "reflection"));
  rebuild_projects (self);
  rebuild_attendees (self);
  rebuild_topics (self, -1);
  rebuild_resources (self);
  rebuild_actions (self, -1);
  update_footer (self);
  update_required (self);
}

static void
qc_session_editor_store_changed (QcEditorPage *page, const char *kind)
{
  QcSessionEditor *self = QC_SESSION_EDITOR (page);

  /* Names shown in the rows may have changed. */
  if (g_str_equal (kind, "project"))
    rebuild_projects (self);
  else if (g_str_equal (kind, "person"))
    {
      rebuild_projects (self);
      rebuild_attendees (self);
    }
  else if (g_str_equal (kind, "resource"))
    rebuild_resources (self);
}

static void
qc_session_editor_saved (QcEditorPage *page, gboolean added)
{
  QcSessionEditor *self = QC_SESSION_EDITOR (page);

  update_footer (self);
  rebuild_resources (self);
}

/* Public API */

void
qc_session_editor_new_draft (QcSessionEditor *self, const char *project_id)
{
  g_autoptr(QcRecord) record = qc_record_new (&qc_kind_session);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) hour = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *base = NULL;
  g_autofree char *timestamp = NULL;
  g_autofree char *coach = qc_app_dup_coach_id ();

  g_return_if_fail (QC_IS_SESSION_EDITOR (self));

  /* The next full hour, today: most sessions are recorded on the day. */
  hour = g_date_time_add_full (now, 0, 0, 0, 1, -g_date_time_get_minute (now),
                               -g_date_time_get_seconds (now));
  utc = g_date_time_to_utc (hour);
  base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:00");
  timestamp = g_strdup_printf ("%s.000Z", base);
  qc_record_set (record, "date", timestamp);
  qc_record_set (record, "minutes", "60");
  qc_record_set (record, "coach", coach);

  if (project_id != NULL && qc_store_lookup_kind (qc_app_store (), project_id) == &qc_kind_project)
    {
      g_autoptr(GPtrArray) earlier = qc_store_list_ids (qc_app_store (), &qc_kind_session, project_id, NULL);

      add_ref (record, "project", project_id);
      add_team (record, project_id);
      /* The phase and mode carry on from the project's latest session
       * that had them; a project's first session is in the pre-phase. */
      for (guint i = 0; earlier != NULL && i < earlier->len; i++)
        {
          g_autoptr(QcRecord) last = qc_store_load (qc_app_store (), g_ptr_array_index (earlier, i), NULL);
          if (last != NULL && (qc_record_get (last, "phase") || qc_record_get (last, "mode")))
            {
              qc_record_set (record, "phase", qc_record_get (last, "phase"));
              qc_record_set (record, "mode", qc_record_get (last, "mode"));
              break;
            }
        }
      if (earlier == NULL || earlier->len == 0)
        qc_record_set (record, "phase", "pre");
    }
  qc_editor_page_set_draft (EDITOR (self), record);
}

void
qc_session_editor_focus_date (QcSessionEditor *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
}

/* GObject */

static void
qc_session_editor_dispose (GObject *object)
{
  QcSessionEditor *self = QC_SESSION_EDITOR (object);

  qc_editor_page_flush (EDITOR (self));
  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_SESSION_EDITOR);
  g_clear_pointer (&self->project_rows, g_ptr_array_unref);
  g_clear_pointer (&self->attendee_rows, g_ptr_array_unref);
  g_clear_pointer (&self->topic_rows, g_ptr_array_unref);
  g_clear_pointer (&self->resource_rows, g_ptr_array_unref);
  g_clear_pointer (&self->action_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (qc_session_editor_parent_class)->dispose (object);
}

static void
qc_session_editor_class_init (QcSessionEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  QcEditorPageClass *page_class = QC_EDITOR_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_session_editor_dispose;
  page_class->show_record = qc_session_editor_show_record;
  page_class->store_changed = qc_session_editor_store_changed;
  page_class->saved = qc_session_editor_saved;

  g_type_ensure (QC_TYPE_TEXT_ROW);
  g_type_ensure (QC_TYPE_DATE_ROW);
  g_type_ensure (QC_TYPE_TIME_ROW);
  g_type_ensure (QC_TYPE_RECORD_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-session-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, page);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, session_group);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, minutes_spin);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, mode_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, phase_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, mode_model);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, phase_model);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, coach_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, projects_group);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, project_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, attendees_group);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, attendee_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, topics_group);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, resources_group);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, resource_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, notes_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, strengths_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, barriers_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, escalate_switch);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, actions_group);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, next_date_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, next_time_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, reflection_row);
  gtk_widget_class_bind_template_child (widget_class, QcSessionEditor, footer_label);

  gtk_widget_class_install_action (widget_class, "session-editor.add-topic", NULL, add_topic_activated);
  gtk_widget_class_install_action (widget_class, "session-editor.add-action", NULL, add_action_activated);
  gtk_widget_class_install_action (widget_class, "session-editor.follow-up", NULL, follow_up_activated);
}

static void
bind_text_row (QcSessionEditor *self, QcTextRow *row, const char *field)
{
  g_object_set_data (G_OBJECT (row), "qc-field", (gpointer) field);
  g_signal_connect (row, "changed", G_CALLBACK (on_text_row_changed), self);
}

static void
qc_session_editor_init (QcSessionEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  qc_editor_page_set_scroller (EDITOR (self), self->page);

  self->project_rows = g_ptr_array_new ();
  self->attendee_rows = g_ptr_array_new ();
  self->topic_rows = g_ptr_array_new ();
  self->resource_rows = g_ptr_array_new ();
  self->action_rows = g_ptr_array_new ();

  gtk_string_list_append (self->mode_model, _("Not set"));
  for (guint i = 0; choices_of ("mode")[i]; i++)
    gtk_string_list_append (self->mode_model, qc_choice_label (choices_of ("mode")[i]));
  gtk_string_list_append (self->phase_model, _("Not set"));
  for (guint i = 0; choices_of ("phase")[i]; i++)
    gtk_string_list_append (self->phase_model, qc_choice_label (choices_of ("phase")[i]));
  g_object_set_data (G_OBJECT (self->mode_row), "qc-field", (gpointer) "mode");
  g_object_set_data (G_OBJECT (self->phase_row), "qc-field", (gpointer) "phase");
  g_signal_connect (self->mode_row, "notify::selected", G_CALLBACK (on_choice_selected), self);
  g_signal_connect (self->phase_row, "notify::selected", G_CALLBACK (on_choice_selected), self);

  g_signal_connect_swapped (self->date_row, "changed-date", G_CALLBACK (on_when_changed), self);
  g_signal_connect_swapped (self->time_row, "changed-time", G_CALLBACK (on_when_changed), self);
  g_signal_connect_swapped (self->next_date_row, "changed-date", G_CALLBACK (on_next_changed), self);
  g_signal_connect_swapped (self->next_time_row, "changed-time", G_CALLBACK (on_next_changed), self);
  g_signal_connect_swapped (self->minutes_spin, "value-changed", G_CALLBACK (on_minutes_changed), self);
  g_signal_connect_swapped (self->coach_chooser, "changed", G_CALLBACK (on_coach_changed), self);
  g_signal_connect_swapped (self->escalate_switch, "notify::active", G_CALLBACK (on_escalate_changed), self);
  g_signal_connect_swapped (self->project_chooser, "changed", G_CALLBACK (on_project_chosen), self);
  g_signal_connect_swapped (self->attendee_chooser, "changed", G_CALLBACK (on_attendee_chosen), self);
  g_signal_connect_swapped (self->resource_chooser, "changed", G_CALLBACK (on_resource_chosen), self);
  bind_text_row (self, self->notes_row, "notes");
  bind_text_row (self, self->strengths_row, "strengths");
  bind_text_row (self, self->barriers_row, "barriers");
  bind_text_row (self, self->reflection_row, "reflection");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reflection_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Private: never exported"), -1);
}
