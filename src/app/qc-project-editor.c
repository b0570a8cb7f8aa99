#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-chart-widget.h"
#include "qc-cycle-ramps.h"
#include "qc-date-row.h"
#include "qc-driver-diagram.h"
#include "qc-driver-editor.h"
#include "qc-labels.h"
#include "qc-progress-row.h"
#include "qc-project-editor.h"
#include "qc-record-chooser.h"
#include "qc-record-list.h"
#include "qc-text-row.h"
#include "qc-window.h"

struct _QcProjectEditor
{
  GtkWidget             parent_instance;

  QcAutosave           *autosave;
  QcRecord             *record;      /* the working copy being edited */
  gboolean              loading;     /* filling the widgets: not an edit */
  GPtrArray            *member_rows;
  GPtrArray            *score_rows;
  GPtrArray            *measure_rows;
  GPtrArray            *session_rows;

  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *about_group;
  AdwEntryRow          *title_row;
  QcTextRow            *aim_row;
  QcTextRow            *problem_row;
  AdwComboRow          *status_row;
  GtkStringList        *status_model;
  AdwEntryRow          *theme_row;
  QcDateRow            *start_row;
  QcDateRow            *target_row;
  AdwEntryRow          *tags_row;
  QcRecordChooser      *organisation_chooser;
  QcRecordChooser      *lead_chooser;
  QcRecordChooser      *sponsor_chooser;
  QcRecordChooser      *coach_chooser;
  AdwPreferencesGroup  *members_group;
  QcRecordChooser      *member_chooser;
  QcProgressRow        *progress_row;
  AdwExpanderRow       *score_history_row;
  QcDriverDiagram      *diagram;
  QcDriverEditor       *driver_editor;
  QcCycleRamps         *ramps;
  GtkWidget            *ramps_empty_label;
  AdwPreferencesGroup  *measures_group;
  AdwPreferencesGroup  *sessions_group;
  GtkLabel             *footer_label;
};

G_DEFINE_FINAL_TYPE (QcProjectEditor, qc_project_editor, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ADDED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *const *
status_values (void)
{
  return qc_kind_find_field (&qc_kind_project, "status", NULL)->choices;
}

/* Keeping edits */

static void
update_required (QcProjectEditor *self)
{
  gboolean missing = self->record && qc_record_get (self->record, "title") == NULL;

  if (missing)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
  adw_preferences_group_set_description (self->about_group,
                                         missing ? _("A project needs a title: it is saved as soon as it has one.")
                                                 : NULL);
}

static void
edited (QcProjectEditor *self)
{
  update_required (self);
  qc_autosave_queue (self->autosave);
}

static void
set_field (QcProjectEditor *self, const char *field, const char *value)
{
  g_autofree char *stripped = value ? g_strstrip (g_strdup (value)) : NULL;

  if (self->loading || self->record == NULL)
    return;
  if (stripped && *stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  if (g_strcmp0 (qc_record_get (self->record, field), stripped) == 0)
    return;
  qc_record_set (self->record, field, stripped);
  edited (self);
}

static void
on_entry_changed (GtkEditable *entry, QcProjectEditor *self)
{
  set_field (self, g_object_get_data (G_OBJECT (entry), "qc-field"), gtk_editable_get_text (entry));
}

static void
on_text_row_changed (QcTextRow *row, QcProjectEditor *self)
{
  g_autofree char *text = qc_text_row_dup_text (row);

  set_field (self, g_object_get_data (G_OBJECT (row), "qc-field"), text);
  if (row == self->aim_row)
    qc_driver_diagram_update (self->diagram);
}

static void
on_date_changed (QcDateRow *row, QcProjectEditor *self)
{
  set_field (self, g_object_get_data (G_OBJECT (row), "qc-field"), qc_date_row_get_date (row));
}

static void
on_chooser_changed (QcRecordChooser *chooser, QcProjectEditor *self)
{
  set_field (self, g_object_get_data (G_OBJECT (chooser), "qc-field"),
             qc_record_chooser_get_record_id (chooser));
}

static void
on_status_selected (QcProjectEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  set_field (self, "status", selected > 0 && selected != GTK_INVALID_LIST_POSITION
                               ? status_values ()[selected - 1] : NULL);
}

static void
on_tags_changed (GtkEditable *entry, QcProjectEditor *self)
{
  g_auto(GStrv) tags = g_strsplit (gtk_editable_get_text (entry), ",", -1);
  GPtrArray *items;

  if (self->loading || self->record == NULL)
    return;
  items = qc_record_get_items (self->record, "tag");
  g_ptr_array_set_size (items, 0);
  for (guint i = 0; tags[i]; i++)
    {
      g_strstrip (tags[i]);
      if (*tags[i])
        qc_item_set (qc_record_add_item (self->record, "tag"), "text", tags[i]);
    }
  edited (self);
}

static void rebuild_scores (QcProjectEditor *self);

/* A new score goes into the history with today's date; a second change on
 * the same day corrects that day's entry rather than adding another. */
static void
on_progress_changed (QcProjectEditor *self)
{
  const char *value = qc_progress_row_get_value (self->progress_row);
  g_autofree char *today = qc_date_today ();
  GPtrArray *scores;
  QcItem *last = NULL;

  if (self->loading || self->record == NULL)
    return;
  qc_record_set (self->record, "progress", value);
  scores = qc_record_get_items (self->record, "score");
  if (scores->len > 0)
    last = g_ptr_array_index (scores, scores->len - 1);
  if (last == NULL || g_strcmp0 (qc_item_get (last, "date"), today) != 0)
    {
      last = qc_record_add_item (self->record, "score");
      qc_item_set (last, "date", today);
    }
  qc_item_set (last, "value", value);
  rebuild_scores (self);
  edited (self);
}

static void rebuild_ramps (QcProjectEditor *self);

static void
on_drivers_changed (QcProjectEditor *self)
{
  qc_driver_diagram_update (self->diagram);
  if (self->loading || self->record == NULL)
    return;
  /* A change idea gets its ramp as soon as it is written down. */
  rebuild_ramps (self);
  edited (self);
}

/* Team members */

static void rebuild_members (QcProjectEditor *self);

static void
on_member_role_changed (GtkEditable *row, QcProjectEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (row), "qc-item");
  g_autofree char *role = g_strstrip (g_strdup (gtk_editable_get_text (row)));

  if (self->loading || g_strcmp0 (qc_item_get (item, "role"), *role ? role : NULL) == 0)
    return;
  qc_item_set (item, "role", role);
  edited (self);
}

static void
on_member_remove (GtkButton *button, QcProjectEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (button), "qc-item");

  g_ptr_array_remove (qc_record_get_items (self->record, "member"), item);
  rebuild_members (self);
  edited (self);
}

static void
on_member_chosen (QcProjectEditor *self)
{
  const char *person = qc_record_chooser_get_record_id (self->member_chooser);
  QcItem *item;

  if (person == NULL || self->record == NULL)
    return;
  item = qc_record_add_item (self->record, "member");
  qc_item_set (item, "ref", person);
  qc_record_chooser_set_record_id (self->member_chooser, NULL);
  rebuild_members (self);
  edited (self);
}

static void
clear_rows (AdwPreferencesGroup *group, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
rebuild_members (QcProjectEditor *self)
{
  GPtrArray *members = qc_record_get_items (self->record, "member");
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  clear_rows (self->members_group, self->member_rows);
  for (guint i = 0; i < members->len; i++)
    {
      QcItem *item = g_ptr_array_index (members, i);
      const char *name = qc_app_lookup_title (qc_item_get (item, "ref"));
      const char *role = qc_item_get (item, "role");
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *title = g_strdup_printf (_("%s’s role"), name ? name : _("Unknown person"));
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s from the team"), name ? name : "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), role ? role : "");
      g_object_set_data (G_OBJECT (row), "qc-item", item);
      g_signal_connect (row, "changed", G_CALLBACK (on_member_role_changed), self);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      g_object_set_data (G_OBJECT (remove), "qc-item", item);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_member_remove), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
      adw_preferences_group_add (self->members_group, row);
      g_ptr_array_add (self->member_rows, row);
    }
  self->loading = was_loading;
}

static void
rebuild_scores (QcProjectEditor *self)
{
  GPtrArray *scores = qc_record_get_items (self->record, "score");
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < self->score_rows->len; i++)
    adw_expander_row_remove (self->score_history_row, g_ptr_array_index (self->score_rows, i));
  g_ptr_array_set_size (self->score_rows, 0);

  /* Newest first: the question is usually "how has it moved lately". */
  for (guint i = scores->len; i > 0; i--)
    {
      QcItem *item = g_ptr_array_index (scores, i - 1);
      const char *value = qc_item_get (item, "value");
      const char *note = qc_item_get (item, "note");
      int level = qc_progress_level (value);
      g_autofree char *date = qc_date_to_display (qc_item_get (item, "date"));
      g_autofree char *title = g_strdup_printf ("%s — %s", value ? value : "?",
                                                level >= 0 ? qc_progress_title (level) : "");
      g_autofree char *detail = note ? g_strdup_printf ("%s · %s", date, note) : g_strdup (date);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
      adw_expander_row_add_row (self->score_history_row, row);
      g_ptr_array_add (self->score_rows, row);
    }
  if (scores->len == 0)
    subtitle = g_strdup (_("No scores yet"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u score", "%u scores", scores->len),
                                scores->len);
  adw_expander_row_set_subtitle (self->score_history_row, subtitle);
  adw_expander_row_set_enable_expansion (self->score_history_row, scores->len > 0);
}

/* Records that belong to the project */

static void
on_record_row_activated (AdwActionRow *row, QcProjectEditor *self)
{
  qc_widget_open_record (GTK_WIDGET (self), g_object_get_data (G_OBJECT (row), "record-id"));
}

static void
on_sparkline_activated (QcChartWidget *chart, AdwActionRow *row)
{
  g_signal_emit_by_name (row, "activated");
}

static void
rebuild_related (QcProjectEditor *self, AdwPreferencesGroup *group, GPtrArray *rows,
                 const QcKind *kind, const char *empty_text)
{
  g_autoptr(GPtrArray) ids = NULL;
  const char *project_id = self->record ? qc_record_get_id (self->record) : NULL;

  clear_rows (group, rows);
  if (project_id != NULL && !qc_project_editor_is_new (self))
    ids = qc_store_list_ids (qc_app_store (), kind, project_id, NULL);

  for (guint i = 0; ids && i < ids->len; i++)
    {
      g_autoptr(QcRecord) record = qc_store_load (qc_app_store (), g_ptr_array_index (ids, i), NULL);
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      GtkWidget *row;

      if (record == NULL)
        continue;
      title = qc_record_dup_title (record);
      row = adw_action_row_new ();
      if (kind == &qc_kind_measure)
        {
          /* A small chart of the measure beside its name; clicking it opens
           * the measure as the row does. */
          QcChartWidget *chart = qc_chart_widget_new_for_measure (qc_app_store (),
                                                                  qc_record_get_id (record), TRUE);
          gtk_widget_set_size_request (GTK_WIDGET (chart), 160, 40);
          gtk_widget_set_valign (GTK_WIDGET (chart), GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (chart));
          g_signal_connect_object (chart, "activate", G_CALLBACK (on_sparkline_activated), row, 0);
        }
      if (kind == &qc_kind_measure)
        {
          const char *measure_kind = qc_record_get (record, "kind");
          const char *unit = qc_record_get (record, "unit");
          guint n_points = qc_record_get_items (record, "point")->len;
          if (measure_kind)
            g_string_append (subtitle, qc_choice_label (measure_kind));
          if (unit)
            g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", unit);
          g_string_append_printf (subtitle, "%s", subtitle->len ? " · " : "");
          g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%u data point", "%u data points",
                                                         n_points), n_points);
        }
      else
        {
          const char *mode = qc_record_get (record, "mode");
          const char *phase = qc_record_get (record, "phase");
          if (mode)
            g_string_append (subtitle, qc_choice_label (mode));
          if (phase)
            g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", qc_choice_label (phase));
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "record-id", g_strdup (qc_record_get_id (record)), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_record_row_activated), self);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (rows, row);
    }

  if (rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), empty_text);
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (group, row);
      g_ptr_array_add (rows, row);
    }
}

/* A measure needs a name: it starts as "New measure", a run chart, and
 * opens at once for the coach to define it. */
static void
on_new_measure_clicked (QcProjectEditor *self)
{
  g_autoptr(QcRecord) measure = qc_record_new (&qc_kind_measure);
  g_autoptr(GError) error = NULL;

  if (self->record == NULL || qc_project_editor_is_new (self))
    return;
  qc_record_set (measure, "project", qc_record_get_id (self->record));
  qc_record_set (measure, "name", _("New measure"));
  qc_record_set (measure, "chart", "run");
  if (!qc_store_add (qc_app_store (), measure, &error))
    {
      qc_widget_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  qc_widget_open_record (GTK_WIDGET (self), qc_record_get_id (measure));
}

/* A session about this project, pre-filled with it and its team. */
static void
on_new_session_clicked (QcProjectEditor *self)
{
  if (self->record == NULL || qc_project_editor_is_new (self))
    return;
  qc_widget_new_session (GTK_WIDGET (self), qc_record_get_id (self->record));
}

static void
rebuild_measures (QcProjectEditor *self)
{
  rebuild_related (self, self->measures_group, self->measure_rows, &qc_kind_measure,
                   _("No measures yet"));
}

static void
rebuild_sessions (QcProjectEditor *self)
{
  rebuild_related (self, self->sessions_group, self->session_rows, &qc_kind_session,
                   _("No coaching sessions yet"));
}

static void
rebuild_ramps (QcProjectEditor *self)
{
  qc_cycle_ramps_set_project (self->ramps, qc_project_editor_is_new (self) ? NULL : self->record);
  gtk_widget_set_visible (self->ramps_empty_label,
                          gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (self->ramps))) == NULL);
}

static void
update_footer (QcProjectEditor *self)
{
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *text = NULL;
  const char *by;

  if (self->record == NULL || qc_project_editor_is_new (self))
    {
      gtk_label_set_label (self->footer_label, NULL);
      return;
    }
  created = qc_timestamp_to_display (qc_record_get_created (self->record));
  modified = qc_timestamp_to_display (qc_record_get_modified (self->record));
  by = qc_record_get_modified_by (self->record);
  if (by != NULL)
    text = g_strdup_printf (_("Created %s. Last changed %s by %s."), created, modified, by);
  else
    text = g_strdup_printf (_("Created %s. Last changed %s."), created, modified);
  gtk_label_set_label (self->footer_label, text);
}

static void
on_store_changed (QcStore *store, const char *kind, QcProjectEditor *self)
{
  if (self->record == NULL)
    return;
  if (g_str_equal (kind, "pdsa"))
    rebuild_ramps (self);
  else if (g_str_equal (kind, "measure"))
    rebuild_measures (self);
  else if (g_str_equal (kind, "session"))
    rebuild_sessions (self);
}

/* Filling the widgets */

static void
show_record (QcProjectEditor *self)
{
  QcRecord *record = self->record;
  GPtrArray *tags = qc_record_get_items (record, "tag");
  g_autoptr(GString) tag_text = g_string_new (NULL);
  const char *status = qc_record_get (record, "status");
  guint status_index = 0;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), qc_record_get (record, "title") ?: "");
  qc_text_row_set_text (self->aim_row, qc_record_get (record, "aim"));
  qc_text_row_set_text (self->problem_row, qc_record_get (record, "problem"));
  for (guint i = 0; status && status_values ()[i]; i++)
    if (g_str_equal (status_values ()[i], status))
      status_index = i + 1;
  adw_combo_row_set_selected (self->status_row, status_index);
  gtk_editable_set_text (GTK_EDITABLE (self->theme_row), qc_record_get (record, "theme") ?: "");
  qc_date_row_set_date (self->start_row, qc_record_get (record, "start"));
  qc_date_row_set_date (self->target_row, qc_record_get (record, "target"));
  for (guint i = 0; i < tags->len; i++)
    {
      const char *tag = qc_item_get (g_ptr_array_index (tags, i), "text");
      if (tag)
        g_string_append_printf (tag_text, "%s%s", tag_text->len ? ", " : "", tag);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tag_text->str);
  qc_record_chooser_set_record_id (self->organisation_chooser, qc_record_get (record, "organisation"));
  qc_record_chooser_set_record_id (self->lead_chooser, qc_record_get (record, "lead"));
  qc_record_chooser_set_record_id (self->sponsor_chooser, qc_record_get (record, "sponsor"));
  qc_record_chooser_set_record_id (self->coach_chooser, qc_record_get (record, "coach"));
  qc_progress_row_set_value (self->progress_row, qc_record_get (record, "progress"));
  rebuild_members (self);
  rebuild_scores (self);
  qc_driver_diagram_set_record (self->diagram, record);
  qc_driver_editor_set_record (self->driver_editor, record);
  rebuild_ramps (self);
  rebuild_measures (self);
  rebuild_sessions (self);
  update_footer (self);
  update_required (self);
  self->loading = FALSE;
}

static void
on_autosave_state (QcProjectEditor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
on_autosave_saved (QcAutosave *autosave, gboolean added, QcProjectEditor *self)
{
  QcRecord *record = qc_autosave_get_record (autosave);

  if (record != self->record)
    return;
  update_footer (self);
  if (added)
    {
      rebuild_ramps (self);
      rebuild_measures (self);
      rebuild_sessions (self);
      g_signal_emit (self, signals[ADDED], 0, qc_record_get_id (record));
    }
}

static void
on_autosave_failed (QcAutosave *autosave, const char *message, QcProjectEditor *self)
{
  g_autofree char *text = g_strdup_printf (_("The project was not saved: %s"), message);
  qc_widget_show_toast (GTK_WIDGET (self), text);
}

/* adw_preferences_page_scroll_to_top() is libadwaita 1.3; the page's
 * first child is its scrolled window. */
static void
scroll_to_top (AdwPreferencesPage *page)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (page));

  if (GTK_IS_SCROLLED_WINDOW (child))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child)), 0);
}

/* Public API */

static void
set_record (QcProjectEditor *self, QcRecord *record, gboolean is_new)
{
  qc_autosave_set_record (self->autosave, record, is_new);
  g_set_object (&self->record, record);
  if (record != NULL)
    show_record (self);
  scroll_to_top (self->page);
}

gboolean
qc_project_editor_load (QcProjectEditor *self, const char *id, GError **error)
{
  g_autoptr(QcRecord) record = NULL;

  g_return_val_if_fail (QC_IS_PROJECT_EDITOR (self), FALSE);

  qc_autosave_flush (self->autosave);
  record = qc_store_load (qc_app_store (), id, error);
  if (record == NULL)
    return FALSE;
  set_record (self, record, FALSE);
  return TRUE;
}

void
qc_project_editor_new_draft (QcProjectEditor *self)
{
  g_autoptr(QcRecord) record = qc_record_new (&qc_kind_project);
  g_autofree char *today = qc_date_today ();
  g_autofree char *coach = qc_app_dup_coach_id ();

  /* Sensible starting values: an idea, starting today, coached by you. */
  qc_record_set (record, "status", "idea");
  qc_record_set (record, "start", today);
  qc_record_set (record, "coach", coach);
  set_record (self, record, TRUE);
}

void
qc_project_editor_clear (QcProjectEditor *self)
{
  set_record (self, NULL, FALSE);
}

gboolean
qc_project_editor_flush (QcProjectEditor *self)
{
  return qc_autosave_flush (self->autosave);
}

QcRecord *
qc_project_editor_get_record (QcProjectEditor *self)
{
  return self->record;
}

gboolean
qc_project_editor_is_new (QcProjectEditor *self)
{
  return self->record != NULL && qc_autosave_is_new (self->autosave);
}

QcAutosaveState
qc_project_editor_get_state (QcProjectEditor *self)
{
  return qc_autosave_get_state (self->autosave);
}

const char *
qc_project_editor_get_problem (QcProjectEditor *self)
{
  return qc_autosave_get_problem (self->autosave);
}

void
qc_project_editor_focus_title (QcProjectEditor *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

/* GObject */

static void
on_focus_leave (QcProjectEditor *self)
{
  qc_autosave_flush (self->autosave);
}

static void
qc_project_editor_dispose (GObject *object)
{
  QcProjectEditor *self = QC_PROJECT_EDITOR (object);

  if (self->autosave)
    qc_autosave_flush (self->autosave);
  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_PROJECT_EDITOR);
  g_clear_object (&self->autosave);
  g_clear_object (&self->record);
  g_clear_pointer (&self->member_rows, g_ptr_array_unref);
  g_clear_pointer (&self->score_rows, g_ptr_array_unref);
  g_clear_pointer (&self->measure_rows, g_ptr_array_unref);
  g_clear_pointer (&self->session_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (qc_project_editor_parent_class)->dispose (object);
}

static void
qc_project_editor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, qc_project_editor_get_state (QC_PROJECT_EDITOR (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_project_editor_class_init (QcProjectEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qc_project_editor_dispose;
  object_class->get_property = qc_project_editor_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, QC_AUTOSAVE_SAVED, QC_AUTOSAVE_FAILED, QC_AUTOSAVE_SAVED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new project was added to the store; the argument is its id. */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (QC_TYPE_TEXT_ROW);
  g_type_ensure (QC_TYPE_DATE_ROW);
  g_type_ensure (QC_TYPE_RECORD_CHOOSER);
  g_type_ensure (QC_TYPE_PROGRESS_ROW);
  g_type_ensure (QC_TYPE_DRIVER_DIAGRAM);
  g_type_ensure (QC_TYPE_DRIVER_EDITOR);
  g_type_ensure (QC_TYPE_CYCLE_RAMPS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-project-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, page);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, about_group);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, aim_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, problem_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, status_model);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, theme_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, target_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, organisation_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, lead_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, sponsor_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, coach_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, members_group);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, member_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, progress_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, score_history_row);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, diagram);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, driver_editor);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, ramps);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, ramps_empty_label);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, measures_group);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, sessions_group);
  gtk_widget_class_bind_template_child (widget_class, QcProjectEditor, footer_label);
  gtk_widget_class_bind_template_callback (widget_class, on_drivers_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bind_field (QcProjectEditor *self, gpointer widget, const char *field, const char *signal, GCallback callback)
{
  g_object_set_data (G_OBJECT (widget), "qc-field", (gpointer) field);
  g_signal_connect (widget, signal, callback, self);
}

static void
qc_project_editor_init (QcProjectEditor *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  QcStore *store = qc_app_store ();

  gtk_widget_init_template (GTK_WIDGET (self));

  {
    GtkWidget *new_measure = gtk_button_new_from_icon_name ("list-add-symbolic");
    gtk_widget_set_tooltip_text (new_measure, _("New Measure"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (new_measure), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("New Measure"), -1);
    gtk_widget_add_css_class (new_measure, "flat");
    g_signal_connect_swapped (new_measure, "clicked", G_CALLBACK (on_new_measure_clicked), self);
    adw_preferences_group_set_header_suffix (self->measures_group, new_measure);

    GtkWidget *new_session = gtk_button_new_from_icon_name ("list-add-symbolic");
    gtk_widget_set_tooltip_text (new_session, _("New Session"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (new_session), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("New Session"), -1);
    gtk_widget_add_css_class (new_session, "flat");
    g_signal_connect_swapped (new_session, "clicked", G_CALLBACK (on_new_session_clicked), self);
    adw_preferences_group_set_header_suffix (self->sessions_group, new_session);
  }

  self->member_rows = g_ptr_array_new ();
  self->score_rows = g_ptr_array_new ();
  self->measure_rows = g_ptr_array_new ();
  self->session_rows = g_ptr_array_new ();

  gtk_string_list_append (self->status_model, _("Not set"));
  for (guint i = 0; status_values ()[i]; i++)
    gtk_string_list_append (self->status_model, qc_choice_label (status_values ()[i]));

  bind_field (self, self->title_row, "title", "changed", G_CALLBACK (on_entry_changed));
  bind_field (self, self->theme_row, "theme", "changed", G_CALLBACK (on_entry_changed));
  bind_field (self, self->aim_row, "aim", "changed", G_CALLBACK (on_text_row_changed));
  bind_field (self, self->problem_row, "problem", "changed", G_CALLBACK (on_text_row_changed));
  bind_field (self, self->start_row, "start", "changed-date", G_CALLBACK (on_date_changed));
  bind_field (self, self->target_row, "target", "changed-date", G_CALLBACK (on_date_changed));
  bind_field (self, self->organisation_chooser, "organisation", "changed", G_CALLBACK (on_chooser_changed));
  bind_field (self, self->lead_chooser, "lead", "changed", G_CALLBACK (on_chooser_changed));
  bind_field (self, self->sponsor_chooser, "sponsor", "changed", G_CALLBACK (on_chooser_changed));
  bind_field (self, self->coach_chooser, "coach", "changed", G_CALLBACK (on_chooser_changed));
  g_signal_connect (self->tags_row, "changed", G_CALLBACK (on_tags_changed), self);
  g_signal_connect_swapped (self->status_row, "notify::selected", G_CALLBACK (on_status_selected), self);
  g_signal_connect_swapped (self->progress_row, "changed", G_CALLBACK (on_progress_changed), self);
  g_signal_connect_swapped (self->member_chooser, "changed", G_CALLBACK (on_member_chosen), self);

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  if (store != NULL)
    {
      self->autosave = qc_autosave_new (store);
      g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, 0);
    }
  else
    self->autosave = g_object_new (QC_TYPE_AUTOSAVE, NULL);
  g_signal_connect_swapped (self->autosave, "notify::state", G_CALLBACK (on_autosave_state), self);
  g_signal_connect (self->autosave, "saved", G_CALLBACK (on_autosave_saved), self);
  g_signal_connect (self->autosave, "failed", G_CALLBACK (on_autosave_failed), self);
}
