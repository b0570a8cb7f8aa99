#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-date-row.h"
#include "qc-driver-editor.h"
#include "qc-labels.h"
#include "qc-pdsa-editor.h"
#include "qc-record-chooser.h"
#include "qc-record-list.h"
#include "qc-text-row.h"
#include "qc-window.h"

struct _QcPdsaEditor
{
  GtkWidget            parent_instance;

  QcAutosave          *autosave;
  QcRecord            *record;
  gboolean             loading;
  GPtrArray           *idea_ids;       /* parallel to idea_model; [0] is NULL */
  GPtrArray           *question_rows;
  GPtrArray           *study_rows;
  GPtrArray           *task_rows;

  AdwPreferencesPage  *page;
  AdwPreferencesGroup *header_group;
  AdwEntryRow         *title_row;
  AdwActionRow        *project_row;
  QcRecordChooser     *project_chooser;
  AdwComboRow         *idea_row;
  GtkStringList       *idea_model;
  GtkSpinButton       *number_spin;
  AdwComboRow         *purpose_row;
  GtkStringList       *purpose_model;
  AdwComboRow         *stage_row;
  GtkStringList       *stage_model;
  QcDateRow           *start_row;
  QcDateRow           *end_row;
  QcTextRow           *objective_row;
  QcTextRow           *plan_row;
  QcTextRow           *data_plan_row;
  AdwPreferencesGroup *questions_group;
  AdwPreferencesGroup *tasks_group;
  QcTextRow           *do_row;
  AdwPreferencesGroup *study_group;
  QcTextRow           *study_row;
  GtkToggleButton     *adopt_button;
  GtkToggleButton     *adapt_button;
  GtkToggleButton     *abandon_button;
  QcTextRow           *act_row;
  GtkLabel            *footer_label;
};

G_DEFINE_FINAL_TYPE (QcPdsaEditor, qc_pdsa_editor, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ADDED, OPEN_RECORD, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *const *
choices_of (const char *field)
{
  return qc_kind_find_field (&qc_kind_pdsa, field, NULL)->choices;
}

static void
fill_choices (GtkStringList *model, const char *field)
{
  const char *const *values = choices_of (field);

  gtk_string_list_append (model, _("Not set"));
  for (guint i = 0; values[i]; i++)
    gtk_string_list_append (model, qc_choice_label (values[i]));
}

static guint
choice_index (const char *field, const char *value)
{
  const char *const *values = choices_of (field);

  for (guint i = 0; value && values[i]; i++)
    if (g_str_equal (values[i], value))
      return i + 1;
  return 0;
}

/* Keeping edits */

static void
update_required (QcPdsaEditor *self)
{
  gboolean no_title = self->record && qc_record_get (self->record, "title") == NULL;
  gboolean no_project = self->record && qc_record_get (self->record, "project") == NULL;
  const char *text = NULL;

  if (no_title)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
  if (no_project)
    gtk_widget_add_css_class (GTK_WIDGET (self->project_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->project_row), "error");

  if (no_title && no_project)
    text = _("A cycle needs a title and a project: it is saved as soon as it has both.");
  else if (no_title)
    text = _("A cycle needs a title: it is saved as soon as it has one.");
  else if (no_project)
    text = _("A cycle belongs to a project: choose one and it is saved.");
  adw_preferences_group_set_description (self->header_group, text);
}

static void
edited (QcPdsaEditor *self)
{
  update_required (self);
  qc_autosave_queue (self->autosave);
}

static void
set_field (QcPdsaEditor *self, const char *field, const char *value)
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
on_entry_changed (GtkEditable *entry, QcPdsaEditor *self)
{
  set_field (self, g_object_get_data (G_OBJECT (entry), "qc-field"), gtk_editable_get_text (entry));
}

static void
on_text_row_changed (QcTextRow *row, QcPdsaEditor *self)
{
  g_autofree char *text = qc_text_row_dup_text (row);

  set_field (self, g_object_get_data (G_OBJECT (row), "qc-field"), text);
}

static void
on_date_changed (QcDateRow *row, QcPdsaEditor *self)
{
  set_field (self, g_object_get_data (G_OBJECT (row), "qc-field"), qc_date_row_get_date (row));
}

static void
on_combo_changed (AdwComboRow *row, GParamSpec *pspec, QcPdsaEditor *self)
{
  const char *field = g_object_get_data (G_OBJECT (row), "qc-field");
  guint selected = adw_combo_row_get_selected (row);

  set_field (self, field, selected > 0 && selected != GTK_INVALID_LIST_POSITION
                            ? choices_of (field)[selected - 1] : NULL);
}

static void
on_number_changed (QcPdsaEditor *self)
{
  g_autofree char *text = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->number_spin));

  set_field (self, "number", text);
}

static void
on_decision_toggled (GtkToggleButton *button, QcPdsaEditor *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  set_field (self, "act-decision", g_object_get_data (G_OBJECT (button), "qc-value"));
}

/* The change ideas of the chosen project */

static guint
next_number (QcPdsaEditor *self)
{
  g_autoptr(QcRecordList) cycles = NULL;
  g_autoptr(QcRecord) last = NULL;
  const char *project = qc_record_get (self->record, "project");
  const char *idea = qc_record_get (self->record, "change-idea");
  guint n;

  if (project == NULL)
    return 1;
  cycles = qc_record_list_new (qc_app_store (), &qc_kind_pdsa);
  qc_record_list_set_filter (cycles, "project", project);
  if (idea)
    qc_record_list_set_filter (cycles, "change-idea", idea);
  qc_record_list_set_sort (cycles, "number", TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (cycles));
  last = n ? g_list_model_get_item (G_LIST_MODEL (cycles), 0) : NULL;
  return last ? (guint) qc_record_get_double (last, "number", 0) + 1 : 1;
}

static void
rebuild_ideas (QcPdsaEditor *self)
{
  const char *project_id = self->record ? qc_record_get (self->record, "project") : NULL;
  const char *current = self->record ? qc_record_get (self->record, "change-idea") : NULL;
  g_autoptr(QcRecord) project = NULL;
  g_autoptr(GArray) nodes = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->idea_model));
  guint selected = 0;
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  g_ptr_array_set_size (self->idea_ids, 0);
  gtk_string_list_splice (self->idea_model, 0, n, NULL);
  gtk_string_list_append (self->idea_model, _("None"));
  g_ptr_array_add (self->idea_ids, NULL);

  if (project_id != NULL)
    project = qc_store_load (qc_app_store (), project_id, NULL);
  if (project != NULL)
    nodes = qc_driver_tree (project);
  for (guint i = 0; nodes && i < nodes->len; i++)
    {
      QcItem *item = g_array_index (nodes, QcDriverNode, i).item;
      const char *text = qc_item_get (item, "text");
      if (g_strcmp0 (qc_item_get (item, "kind"), "change-idea") != 0)
        continue;
      gtk_string_list_append (self->idea_model, text ? text : _("(unnamed change idea)"));
      g_ptr_array_add (self->idea_ids, g_strdup (qc_item_get (item, "id")));
      if (g_strcmp0 (current, qc_item_get (item, "id")) == 0)
        selected = self->idea_ids->len - 1;
    }
  adw_combo_row_set_selected (self->idea_row, selected);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->idea_row),
                               self->idea_ids->len > 1 || project == NULL ? NULL
                               : _("The project has no change ideas yet: add them to its driver diagram"));
  self->loading = was_loading;
}

static void
on_idea_selected (QcPdsaEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->idea_row);

  if (self->loading || self->record == NULL || selected >= self->idea_ids->len)
    return;
  set_field (self, "change-idea", g_ptr_array_index (self->idea_ids, selected));
  if (qc_autosave_is_new (self->autosave))
    gtk_spin_button_set_value (self->number_spin, next_number (self));
}

static void
on_project_changed (QcRecordChooser *chooser, QcPdsaEditor *self)
{
  const char *project = qc_record_chooser_get_record_id (chooser);

  if (self->record == NULL)
    return;
  qc_record_set (self->record, "project", project);
  /* A change idea belongs to one project. */
  qc_record_set (self->record, "change-idea", NULL);
  rebuild_ideas (self);
  if (qc_autosave_is_new (self->autosave))
    gtk_spin_button_set_value (self->number_spin, next_number (self));
  edited (self);
}

/* Questions and predictions, and their findings under Study */

static void rebuild_questions (QcPdsaEditor *self, int focus);
static void rebuild_study (QcPdsaEditor *self);

static void
clear_rows (AdwPreferencesGroup *group, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
on_item_text_changed (GtkEditable *row, QcPdsaEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (row), "qc-item");
  const char *field = g_object_get_data (G_OBJECT (row), "qc-field");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (row)));

  if (self->loading || g_strcmp0 (qc_item_get (item, field), *text ? text : NULL) == 0)
    return;
  qc_item_set (item, field, text);
  if (!g_str_equal (field, "finding"))
    rebuild_study (self);
  edited (self);
}

static void
on_remove_question (GtkButton *button, QcPdsaEditor *self)
{
  g_ptr_array_remove (qc_record_get_items (self->record, "question"),
                      g_object_get_data (G_OBJECT (button), "qc-item"));
  rebuild_questions (self, -1);
  rebuild_study (self);
  edited (self);
}

static GtkWidget *
item_entry_row (QcPdsaEditor *self, QcItem *item, const char *field, const char *title)
{
  GtkWidget *row = adw_entry_row_new ();
  const char *value = qc_item_get (item, field);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  g_object_set_data (G_OBJECT (row), "qc-item", item);
  g_object_set_data (G_OBJECT (row), "qc-field", (gpointer) field);
  g_signal_connect (row, "changed", G_CALLBACK (on_item_text_changed), self);
  return row;
}

static GtkWidget *
remove_button (const char *label, QcItem *item, GCallback callback, gpointer data)
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

static void
rebuild_questions (QcPdsaEditor *self, int focus)
{
  GPtrArray *questions = qc_record_get_items (self->record, "question");
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  clear_rows (self->questions_group, self->question_rows);
  for (guint i = 0; i < questions->len; i++)
    {
      QcItem *item = g_ptr_array_index (questions, i);
      g_autofree char *title = g_strdup_printf (_("Question %u"), i + 1);
      g_autofree char *prediction = g_strdup_printf (_("Prediction for question %u"), i + 1);
      g_autofree char *remove_label = g_strdup_printf (_("Remove question %u"), i + 1);
      GtkWidget *question_row = item_entry_row (self, item, "text", title);
      GtkWidget *prediction_row = item_entry_row (self, item, "prediction", prediction);

      adw_entry_row_add_suffix (ADW_ENTRY_ROW (question_row),
                                remove_button (remove_label, item, G_CALLBACK (on_remove_question), self));
      gtk_widget_add_css_class (prediction_row, "qc-prediction-row");
      adw_preferences_group_add (self->questions_group, question_row);
      adw_preferences_group_add (self->questions_group, prediction_row);
      g_ptr_array_add (self->question_rows, question_row);
      g_ptr_array_add (self->question_rows, prediction_row);
      if ((int) i == focus)
        gtk_widget_grab_focus (question_row);
    }
  self->loading = was_loading;
}

static void
rebuild_study (QcPdsaEditor *self)
{
  GPtrArray *questions = qc_record_get_items (self->record, "question");
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  clear_rows (self->study_group, self->study_rows);
  for (guint i = 0; i < questions->len; i++)
    {
      QcItem *item = g_ptr_array_index (questions, i);
      const char *question = qc_item_get (item, "text");
      const char *prediction = qc_item_get (item, "prediction");
      g_autofree char *title = g_strdup_printf (_("Question %u: %s"), i + 1, question ? question : "");
      g_autofree char *subtitle = g_strdup_printf (_("Predicted: %s"), prediction ? prediction : _("no prediction"));
      g_autofree char *finding = g_strdup_printf (_("Finding for question %u"), i + 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *finding_row = item_entry_row (self, item, "finding", finding);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (row, "qc-question-row");
      gtk_widget_set_focusable (row, FALSE);
      adw_preferences_group_add (self->study_group, row);
      adw_preferences_group_add (self->study_group, finding_row);
      g_ptr_array_add (self->study_rows, row);
      g_ptr_array_add (self->study_rows, finding_row);
    }
  /* What was learned sums up the findings: it comes after them. */
  g_object_ref (self->study_row);
  adw_preferences_group_remove (self->study_group, GTK_WIDGET (self->study_row));
  adw_preferences_group_add (self->study_group, GTK_WIDGET (self->study_row));
  g_object_unref (self->study_row);
  self->loading = was_loading;
}

static void
add_question_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcPdsaEditor *self = QC_PDSA_EDITOR (widget);

  if (self->record == NULL)
    return;
  qc_record_add_item (self->record, "question");
  rebuild_questions (self, (int) qc_record_get_items (self->record, "question")->len - 1);
  rebuild_study (self);
}

/* Tasks */

static void rebuild_tasks (QcPdsaEditor *self, int expand);

static void
update_task_row (AdwExpanderRow *row, QcItem *item)
{
  const char *text = qc_item_get (item, "text");
  const char *owner = qc_app_lookup_title (qc_item_get (item, "who"));
  g_autofree char *due = qc_date_to_display (qc_item_get (item, "due"));
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (owner)
    g_string_append (subtitle, owner);
  if (due)
    {
      g_autofree char *by = g_strdup_printf (_("by %s"), due);
      g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", by);
    }
  if (g_strcmp0 (qc_item_get (item, "done"), "true") == 0)
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", _("done"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text ? text : _("New task"));
  adw_expander_row_set_subtitle (row, subtitle->str);
}

static void
on_task_text_changed (GtkEditable *entry, QcPdsaEditor *self)
{
  on_item_text_changed (entry, self);
  update_task_row (g_object_get_data (G_OBJECT (entry), "qc-task-row"),
                   g_object_get_data (G_OBJECT (entry), "qc-item"));
}

static void
on_task_done_toggled (GtkCheckButton *check, QcPdsaEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (check), "qc-item");

  if (self->loading)
    return;
  qc_item_set (item, "done", gtk_check_button_get_active (check) ? "true" : "false");
  update_task_row (g_object_get_data (G_OBJECT (check), "qc-task-row"), item);
  edited (self);
}

static void
on_task_owner_changed (QcRecordChooser *chooser, QcPdsaEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (chooser), "qc-item");

  qc_item_set (item, "who", qc_record_chooser_get_record_id (chooser));
  update_task_row (g_object_get_data (G_OBJECT (chooser), "qc-task-row"), item);
  edited (self);
}

static void
on_task_due_changed (QcDateRow *row, QcPdsaEditor *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (row), "qc-item");

  qc_item_set (item, "due", qc_date_row_get_date (row));
  update_task_row (g_object_get_data (G_OBJECT (row), "qc-task-row"), item);
  edited (self);
}

static void
on_remove_task (GtkButton *button, QcPdsaEditor *self)
{
  g_ptr_array_remove (qc_record_get_items (self->record, "task"),
                      g_object_get_data (G_OBJECT (button), "qc-item"));
  rebuild_tasks (self, -1);
  edited (self);
}

static void
rebuild_tasks (QcPdsaEditor *self, int expand)
{
  GPtrArray *tasks = qc_record_get_items (self->record, "task");
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  clear_rows (self->tasks_group, self->task_rows);
  for (guint i = 0; i < tasks->len; i++)
    {
      QcItem *item = g_ptr_array_index (tasks, i);
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *done = gtk_check_button_new ();
      GtkWidget *text_row = adw_entry_row_new ();
      GtkWidget *owner_row = adw_action_row_new ();
      GtkWidget *owner = g_object_new (QC_TYPE_RECORD_CHOOSER, "kind-name", "person",
                                       "label", _("Owner"), "valign", GTK_ALIGN_CENTER, NULL);
      GtkWidget *due_row = g_object_new (QC_TYPE_DATE_ROW, "title", _("Due date"), NULL);
      g_autofree char *remove_label = g_strdup_printf (_("Remove task %u"), i + 1);
      g_autofree char *done_label = g_strdup_printf (_("Task %u done"), i + 1);
      g_autofree char *task_label = g_strdup_printf (_("Task %u"), i + 1);
      const char *text = qc_item_get (item, "text");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (text_row), FALSE);
      gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (done), g_strcmp0 (qc_item_get (item, "done"), "true") == 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (done), GTK_ACCESSIBLE_PROPERTY_LABEL, done_label, -1);
      g_object_set_data (G_OBJECT (done), "qc-item", item);
      g_object_set_data (G_OBJECT (done), "qc-task-row", row);
      g_signal_connect (done, "toggled", G_CALLBACK (on_task_done_toggled), self);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), done);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (text_row), task_label);
      gtk_editable_set_text (GTK_EDITABLE (text_row), text ? text : "");
      g_object_set_data (G_OBJECT (text_row), "qc-item", item);
      g_object_set_data (G_OBJECT (text_row), "qc-field", (gpointer) "text");
      g_object_set_data (G_OBJECT (text_row), "qc-task-row", row);
      g_signal_connect (text_row, "changed", G_CALLBACK (on_task_text_changed), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), text_row);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (owner_row), _("Owner"));
      qc_record_chooser_set_record_id (QC_RECORD_CHOOSER (owner), qc_item_get (item, "who"));
      g_object_set_data (G_OBJECT (owner), "qc-item", item);
      g_object_set_data (G_OBJECT (owner), "qc-task-row", row);
      g_signal_connect (owner, "changed", G_CALLBACK (on_task_owner_changed), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (owner_row), owner);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (owner_row), owner);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), owner_row);

      qc_date_row_set_date (QC_DATE_ROW (due_row), qc_item_get (item, "due"));
      g_object_set_data (G_OBJECT (due_row), "qc-item", item);
      g_object_set_data (G_OBJECT (due_row), "qc-task-row", row);
      g_signal_connect (due_row, "changed-date", G_CALLBACK (on_task_due_changed), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), due_row);

      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   remove_button (remove_label, item, G_CALLBACK (on_remove_task), self));
      update_task_row (ADW_EXPANDER_ROW (row), item);
      adw_preferences_group_add (self->tasks_group, row);
      g_ptr_array_add (self->task_rows, row);
      if ((int) i == expand)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
          gtk_widget_grab_focus (text_row);
        }
    }
  self->loading = was_loading;
}

static void
add_task_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcPdsaEditor *self = QC_PDSA_EDITOR (widget);
  QcItem *item;

  if (self->record == NULL)
    return;
  item = qc_record_add_item (self->record, "task");
  qc_item_set (item, "done", "false");
  rebuild_tasks (self, (int) qc_record_get_items (self->record, "task")->len - 1);
}

/* Next cycle */

static void
next_cycle_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcPdsaEditor *self = QC_PDSA_EDITOR (widget);
  g_autoptr(QcRecord) next = NULL;
  g_autoptr(GError) error = NULL;
  const char *fields[] = { "project", "change-idea", "purpose", "title" };
  GPtrArray *questions;

  if (self->record == NULL || !qc_autosave_flush (self->autosave) || qc_autosave_is_new (self->autosave))
    {
      qc_widget_show_toast (widget, _("Give this cycle a title and a project first"));
      return;
    }

  next = qc_record_new (&qc_kind_pdsa);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    qc_record_set (next, fields[i], qc_record_get (self->record, fields[i]));
  qc_record_set (next, "stage", "plan");
  {
    g_autofree char *number = g_strdup_printf ("%u", next_number (self));
    qc_record_set (next, "number", number);
  }
  /* The questions carry forward; the findings belong to this cycle. */
  questions = qc_record_get_items (self->record, "question");
  for (guint i = 0; i < questions->len; i++)
    {
      QcItem *from = g_ptr_array_index (questions, i);
      QcItem *to = qc_record_add_item (next, "question");
      qc_item_set (to, "text", qc_item_get (from, "text"));
      qc_item_set (to, "prediction", qc_item_get (from, "prediction"));
    }
  if (!qc_store_add (qc_app_store (), next, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not start the next cycle: %s"), error->message);
      qc_widget_show_toast (widget, text);
      return;
    }
  g_signal_emit (self, signals[OPEN_RECORD], 0, qc_record_get_id (next));
}

/* Filling the widgets */

static void
update_footer (QcPdsaEditor *self)
{
  g_autofree char *modified = NULL;
  g_autofree char *text = NULL;
  const char *by;

  if (self->record == NULL || qc_autosave_is_new (self->autosave))
    {
      gtk_label_set_label (self->footer_label, NULL);
      return;
    }
  modified = qc_timestamp_to_display (qc_record_get_modified (self->record));
  by = qc_record_get_modified_by (self->record);
  text = by ? g_strdup_printf (_("Last changed %s by %s."), modified, by)
            : g_strdup_printf (_("Last changed %s."), modified);
  gtk_label_set_label (self->footer_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdsa-editor.next-cycle", TRUE);
}

static void
show_record (QcPdsaEditor *self)
{
  QcRecord *record = self->record;
  const char *decision = qc_record_get (record, "act-decision");

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), qc_record_get (record, "title") ?: "");
  qc_record_chooser_set_record_id (self->project_chooser, qc_record_get (record, "project"));
  rebuild_ideas (self);
  gtk_spin_button_set_value (self->number_spin, qc_record_get_double (record, "number", 1));
  adw_combo_row_set_selected (self->purpose_row, choice_index ("purpose", qc_record_get (record, "purpose")));
  adw_combo_row_set_selected (self->stage_row, choice_index ("stage", qc_record_get (record, "stage")));
  qc_date_row_set_date (self->start_row, qc_record_get (record, "start"));
  qc_date_row_set_date (self->end_row, qc_record_get (record, "end"));
  qc_text_row_set_text (self->objective_row, qc_record_get (record, "objective"));
  qc_text_row_set_text (self->plan_row, qc_record_get (record, "plan"));
  qc_text_row_set_text (self->data_plan_row, qc_record_get (record, "data-plan"));
  qc_text_row_set_text (self->do_row, qc_record_get (record, "do"));
  qc_text_row_set_text (self->study_row, qc_record_get (record, "study"));
  qc_text_row_set_text (self->act_row, qc_record_get (record, "act"));
  gtk_toggle_button_set_active (self->adopt_button, g_strcmp0 (decision, "adopt") == 0);
  gtk_toggle_button_set_active (self->adapt_button, g_strcmp0 (decision, "adapt") == 0);
  gtk_toggle_button_set_active (self->abandon_button, g_strcmp0 (decision, "abandon") == 0);
  rebuild_questions (self, -1);
  rebuild_study (self);
  rebuild_tasks (self, -1);
  update_footer (self);
  update_required (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdsa-editor.next-cycle",
                                 !qc_autosave_is_new (self->autosave));
  self->loading = FALSE;
}

static void
on_autosave_state (QcPdsaEditor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
on_autosave_saved (QcAutosave *autosave, gboolean added, QcPdsaEditor *self)
{
  QcRecord *record = qc_autosave_get_record (autosave);

  if (record != self->record)
    return;
  update_footer (self);
  if (added)
    g_signal_emit (self, signals[ADDED], 0, qc_record_get_id (record));
}

static void
on_autosave_failed (QcAutosave *autosave, const char *message, QcPdsaEditor *self)
{
  g_autofree char *text = g_strdup_printf (_("The cycle was not saved: %s"), message);
  qc_widget_show_toast (GTK_WIDGET (self), text);
}

static void
on_store_changed (QcStore *store, const char *kind, QcPdsaEditor *self)
{
  /* New change ideas in the project's driver diagram. */
  if (self->record != NULL && g_str_equal (kind, "project"))
    rebuild_ideas (self);
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
set_record (QcPdsaEditor *self, QcRecord *record, gboolean is_new)
{
  qc_autosave_set_record (self->autosave, record, is_new);
  g_set_object (&self->record, record);
  if (record != NULL)
    show_record (self);
  scroll_to_top (self->page);
}

gboolean
qc_pdsa_editor_load (QcPdsaEditor *self, const char *id, GError **error)
{
  g_autoptr(QcRecord) record = NULL;

  qc_autosave_flush (self->autosave);
  record = qc_store_load (qc_app_store (), id, error);
  if (record == NULL)
    return FALSE;
  set_record (self, record, FALSE);
  return TRUE;
}

void
qc_pdsa_editor_new_draft (QcPdsaEditor *self, const char *project_id, const char *change_idea)
{
  g_autoptr(QcRecord) record = qc_record_new (&qc_kind_pdsa);
  g_autofree char *today = qc_date_today ();
  g_autofree char *number = NULL;

  qc_record_set (record, "project", project_id);
  qc_record_set (record, "change-idea", change_idea);
  qc_record_set (record, "stage", "plan");
  qc_record_set (record, "purpose", "test");
  qc_record_set (record, "start", today);
  set_record (self, record, TRUE);
  number = g_strdup_printf ("%u", next_number (self));
  qc_record_set (record, "number", number);
  /* A cycle started from a change idea is named after it. */
  if (change_idea != NULL && self->idea_ids->len > 1)
    {
      guint selected = adw_combo_row_get_selected (self->idea_row);
      if (selected > 0 && selected < self->idea_ids->len)
        qc_record_set (record, "title", gtk_string_list_get_string (self->idea_model, selected));
    }
  show_record (self);
  if (qc_record_validate (record, NULL))
    qc_autosave_queue (self->autosave);
}

void
qc_pdsa_editor_clear (QcPdsaEditor *self)
{
  set_record (self, NULL, FALSE);
}

gboolean
qc_pdsa_editor_flush (QcPdsaEditor *self)
{
  return qc_autosave_flush (self->autosave);
}

QcRecord *
qc_pdsa_editor_get_record (QcPdsaEditor *self)
{
  return self->record;
}

gboolean
qc_pdsa_editor_is_new (QcPdsaEditor *self)
{
  return self->record != NULL && qc_autosave_is_new (self->autosave);
}

QcAutosaveState
qc_pdsa_editor_get_state (QcPdsaEditor *self)
{
  return qc_autosave_get_state (self->autosave);
}

const char *
qc_pdsa_editor_get_problem (QcPdsaEditor *self)
{
  return qc_autosave_get_problem (self->autosave);
}

void
qc_pdsa_editor_focus_title (QcPdsaEditor *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

/* GObject */

static void
qc_pdsa_editor_dispose (GObject *object)
{
  QcPdsaEditor *self = QC_PDSA_EDITOR (object);

  if (self->autosave)
    qc_autosave_flush (self->autosave);
  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_PDSA_EDITOR);
  g_clear_object (&self->autosave);
  g_clear_object (&self->record);
  g_clear_pointer (&self->idea_ids, g_ptr_array_unref);
  g_clear_pointer (&self->question_rows, g_ptr_array_unref);
  g_clear_pointer (&self->study_rows, g_ptr_array_unref);
  g_clear_pointer (&self->task_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (qc_pdsa_editor_parent_class)->dispose (object);
}

static void
qc_pdsa_editor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, qc_pdsa_editor_get_state (QC_PDSA_EDITOR (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_pdsa_editor_class_init (QcPdsaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qc_pdsa_editor_dispose;
  object_class->get_property = qc_pdsa_editor_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, QC_AUTOSAVE_SAVED, QC_AUTOSAVE_FAILED, QC_AUTOSAVE_SAVED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new cycle was added to the store; the argument is its id. */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Another cycle should be shown (the next one was just created). */
  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (QC_TYPE_TEXT_ROW);
  g_type_ensure (QC_TYPE_DATE_ROW);
  g_type_ensure (QC_TYPE_RECORD_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-pdsa-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, page);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, header_group);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, project_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, project_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, idea_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, idea_model);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, number_spin);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, purpose_model);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, stage_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, stage_model);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, end_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, objective_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, plan_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, data_plan_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, questions_group);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, tasks_group);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, do_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, study_group);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, study_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, adopt_button);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, adapt_button);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, abandon_button);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, act_row);
  gtk_widget_class_bind_template_child (widget_class, QcPdsaEditor, footer_label);

  gtk_widget_class_install_action (widget_class, "pdsa-editor.add-question", NULL, add_question_activated);
  gtk_widget_class_install_action (widget_class, "pdsa-editor.add-task", NULL, add_task_activated);
  gtk_widget_class_install_action (widget_class, "pdsa-editor.next-cycle", NULL, next_cycle_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bind_field (QcPdsaEditor *self, gpointer widget, const char *field, const char *signal, GCallback callback)
{
  g_object_set_data (G_OBJECT (widget), "qc-field", (gpointer) field);
  g_signal_connect (widget, signal, callback, self);
}

static void
on_focus_leave (QcPdsaEditor *self)
{
  qc_autosave_flush (self->autosave);
}

static void
qc_pdsa_editor_init (QcPdsaEditor *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  QcStore *store = qc_app_store ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->idea_ids = g_ptr_array_new_with_free_func (g_free);
  self->question_rows = g_ptr_array_new ();
  self->study_rows = g_ptr_array_new ();
  self->task_rows = g_ptr_array_new ();

  fill_choices (self->purpose_model, "purpose");
  fill_choices (self->stage_model, "stage");
  g_object_set_data (G_OBJECT (self->adopt_button), "qc-value", (gpointer) "adopt");
  g_object_set_data (G_OBJECT (self->adapt_button), "qc-value", (gpointer) "adapt");
  g_object_set_data (G_OBJECT (self->abandon_button), "qc-value", (gpointer) "abandon");

  bind_field (self, self->title_row, "title", "changed", G_CALLBACK (on_entry_changed));
  bind_field (self, self->purpose_row, "purpose", "notify::selected", G_CALLBACK (on_combo_changed));
  bind_field (self, self->stage_row, "stage", "notify::selected", G_CALLBACK (on_combo_changed));
  bind_field (self, self->start_row, "start", "changed-date", G_CALLBACK (on_date_changed));
  bind_field (self, self->end_row, "end", "changed-date", G_CALLBACK (on_date_changed));
  bind_field (self, self->objective_row, "objective", "changed", G_CALLBACK (on_text_row_changed));
  bind_field (self, self->plan_row, "plan", "changed", G_CALLBACK (on_text_row_changed));
  bind_field (self, self->data_plan_row, "data-plan", "changed", G_CALLBACK (on_text_row_changed));
  bind_field (self, self->do_row, "do", "changed", G_CALLBACK (on_text_row_changed));
  bind_field (self, self->study_row, "study", "changed", G_CALLBACK (on_text_row_changed));
  bind_field (self, self->act_row, "act", "changed", G_CALLBACK (on_text_row_changed));
  g_signal_connect (self->project_chooser, "changed", G_CALLBACK (on_project_changed), self);
  g_signal_connect_swapped (self->idea_row, "notify::selected", G_CALLBACK (on_idea_selected), self);
  g_signal_connect_swapped (self->number_spin, "value-changed", G_CALLBACK (on_number_changed), self);
  g_signal_connect (self->adopt_button, "toggled", G_CALLBACK (on_decision_toggled), self);
  g_signal_connect (self->adapt_button, "toggled", G_CALLBACK (on_decision_toggled), self);
  g_signal_connect (self->abandon_button, "toggled", G_CALLBACK (on_decision_toggled), self);

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  self->autosave = qc_autosave_new (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, 0);
  g_signal_connect_swapped (self->autosave, "notify::state", G_CALLBACK (on_autosave_state), self);
  g_signal_connect (self->autosave, "saved", G_CALLBACK (on_autosave_saved), self);
  g_signal_connect (self->autosave, "failed", G_CALLBACK (on_autosave_failed), self);
}
