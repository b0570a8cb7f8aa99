#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-coaching-labels.h"
#include "qc-coaching-queries.h"
#include "qc-labels.h"
#include "qc-person-page.h"
#include "qc-record-chooser.h"
#include "qc-window.h"

/* Sessions listed on the page; the rest are counted. */
#define MAX_SESSIONS 25

struct _QcPersonPage
{
  QcEditorPage         parent_instance;

  GPtrArray           *project_rows;
  GPtrArray           *session_rows;

  AdwPreferencesPage  *page;
  AdwPreferencesGroup *about_group;
  GtkWidget           *badge_box;
  GtkWidget           *champion_badge;
  GtkWidget           *coach_badge;
  AdwEntryRow         *name_row;
  AdwEntryRow         *role_row;
  AdwEntryRow         *email_row;
  QcRecordChooser     *organisation_chooser;
  GtkSwitch           *champion_switch;
  GtkSwitch           *coach_switch;
  AdwEntryRow         *skills_row;
  AdwPreferencesGroup *projects_group;
  AdwPreferencesGroup *sessions_group;
  GtkLabel            *footer_label;
};

G_DEFINE_FINAL_TYPE (QcPersonPage, qc_person_page, QC_TYPE_EDITOR_PAGE)

#define EDITOR(self) QC_EDITOR_PAGE (self)

static void
update_header (QcPersonPage *self)
{
  QcRecord *record = qc_editor_page_get_record (EDITOR (self));
  gboolean missing = record != NULL && qc_record_get (record, "name") == NULL;
  gboolean champion = record != NULL && qc_record_get_boolean (record, "champion");
  gboolean coach = record != NULL && qc_record_get_boolean (record, "coach");

  if (missing)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  adw_preferences_group_set_description (self->about_group,
                                         missing ? _("A person needs a name: they are saved as soon as they have one.")
                                                 : NULL);
  gtk_widget_set_visible (self->champion_badge, champion);
  gtk_widget_set_visible (self->coach_badge, coach);
}

/* Who is on what */

static void
rebuild_projects (QcPersonPage *self)
{
  const char *id = qc_editor_page_get_id (EDITOR (self));
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;

  qc_link_rows_clear (self->projects_group, self->project_rows);
  if (id != NULL && !qc_editor_page_is_new (EDITOR (self)))
    projects = qc_store_dup_person_projects (qc_app_store (), id, &error);
  if (error != NULL)
    qc_widget_show_toast (GTK_WIDGET (self), error->message);
  for (guint i = 0; projects && i < projects->len; i++)
    {
      QcInvolvement *involvement = g_ptr_array_index (projects, i);
      g_autofree char *roles = qc_project_roles_text (involvement->roles, involvement->member_role);
      GtkWidget *badge = NULL;

      if (involvement->status != NULL)
        {
          g_autofree char *css = g_strconcat ("qc-badge-", involvement->status, NULL);
          badge = qc_badge_new (qc_choice_label (involvement->status), css);
        }
      qc_link_row_add (self->projects_group, self->project_rows, involvement->title, roles,
                       involvement->project_id, badge);
    }
  if (self->project_rows->len == 0)
    qc_link_row_add_empty (self->projects_group, self->project_rows, _("Not on any project yet"));
}

static void
rebuild_sessions (QcPersonPage *self)
{
  const char *id = qc_editor_page_get_id (EDITOR (self));
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = qc_date_today ();

  qc_link_rows_clear (self->sessions_group, self->session_rows);
  if (id != NULL && !qc_editor_page_is_new (EDITOR (self)))
    sessions = qc_store_dup_person_sessions (qc_app_store (), id, &error);
  if (error != NULL)
    qc_widget_show_toast (GTK_WIDGET (self), error->message);
  for (guint i = 0; sessions && i < sessions->len && i < MAX_SESSIONS; i++)
    {
      QcPersonSession *session = g_ptr_array_index (sessions, i);
      g_autofree char *when = qc_session_when (session->date);
      g_auto(GStrv) projects = NULL;
      g_autoptr(GString) subtitle = g_string_new (session->as_coach ? _("As coach") : _("Attended"));

      qc_store_get_session_summary (qc_app_store (), session->session_id, today, &projects, NULL, NULL, NULL);
      for (guint p = 0; projects && projects[p]; p++)
        {
          const char *title = qc_app_lookup_title (projects[p]);
          if (title)
            g_string_append_printf (subtitle, "%s%s", p == 0 ? " · " : ", ", title);
        }
      qc_link_row_add (self->sessions_group, self->session_rows, when, subtitle->str,
                       session->session_id, NULL);
    }
  if (sessions && sessions->len > MAX_SESSIONS)
    {
      guint more = sessions->len - MAX_SESSIONS;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u earlier session",
                                                            "and %u earlier sessions", more), more);
      qc_link_row_add_empty (self->sessions_group, self->session_rows, text);
    }
  if (self->session_rows->len == 0)
    qc_link_row_add_empty (self->sessions_group, self->session_rows, _("No coaching sessions yet"));
}

/* Edits */

static void
on_entry_changed (GtkEditable *entry, QcPersonPage *self)
{
  qc_editor_page_set_field (EDITOR (self), g_object_get_data (G_OBJECT (entry), "qc-field"),
                            gtk_editable_get_text (entry));
  update_header (self);
}

static void
on_organisation_changed (QcPersonPage *self)
{
  qc_editor_page_set_field (EDITOR (self), "organisation",
                            qc_record_chooser_get_record_id (self->organisation_chooser));
}

static void
on_switch_changed (GtkSwitch *toggle, GParamSpec *pspec, QcPersonPage *self)
{
  if (qc_editor_page_is_loading (EDITOR (self)))
    return;
  qc_editor_page_set_field (EDITOR (self), g_object_get_data (G_OBJECT (toggle), "qc-field"),
                            gtk_switch_get_active (toggle) ? "true" : "false");
  update_header (self);
}

static void
on_skills_changed (QcPersonPage *self)
{
  QcRecord *record = qc_editor_page_get_record (EDITOR (self));

  if (qc_editor_page_is_loading (EDITOR (self)))
    return;
  if (qc_items_from_text (record, "skill", gtk_editable_get_text (GTK_EDITABLE (self->skills_row))))
    qc_editor_page_edited (EDITOR (self));
}

/* QcEditorPage */

static void
update_footer (QcPersonPage *self)
{
  g_autofree char *text = qc_editor_page_dup_footer (EDITOR (self));

  gtk_label_set_label (self->footer_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->footer_label), text != NULL);
}

static void
qc_person_page_show_record (QcEditorPage *page, QcRecord *record)
{
  QcPersonPage *self = QC_PERSON_PAGE (page);
  g_autofree char *skills = qc_items_to_text (record, "skill");

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), qc_record_get (record, "name") ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->role_row), qc_record_get (record, "role") ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), qc_record_get (record, "email") ?: "");
  qc_record_chooser_set_record_id (self->organisation_chooser, qc_record_get (record, "organisation"));
  gtk_switch_set_active (self->champion_switch, qc_record_get_boolean (record, "champion"));
  gtk_switch_set_active (self->coach_switch, qc_record_get_boolean (record, "coach"));
  gtk_editable_set_text (GTK_EDITABLE (self->skills_row), skills);
  rebuild_projects (self);
  rebuild_sessions (self);
  update_footer (self);
  update_header (self);
}

static void
qc_person_page_store_changed (QcEditorPage *page, const char *kind)
{
  QcPersonPage *self = QC_PERSON_PAGE (page);

  if (g_str_equal (kind, "project"))
    rebuild_projects (self);
  else if (g_str_equal (kind, "session"))
    rebuild_sessions (self);
}

static void
qc_person_page_saved (QcEditorPage *page, gboolean added)
{
  QcPersonPage *self = QC_PERSON_PAGE (page);

  update_footer (self);
  if (added)
    {
      rebuild_projects (self);
      rebuild_sessions (self);
    }
}

/* Public API */

void
qc_person_page_new_draft (QcPersonPage *self, const char *organisation_id)
{
  g_autoptr(QcRecord) record = qc_record_new (&qc_kind_person);

  g_return_if_fail (QC_IS_PERSON_PAGE (self));
  qc_record_set (record, "organisation", organisation_id);
  qc_editor_page_set_draft (EDITOR (self), record);
}

void
qc_person_page_focus_name (QcPersonPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* GObject */

static void
qc_person_page_dispose (GObject *object)
{
  QcPersonPage *self = QC_PERSON_PAGE (object);

  qc_editor_page_flush (EDITOR (self));
  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_PERSON_PAGE);
  g_clear_pointer (&self->project_rows, g_ptr_array_unref);
  g_clear_pointer (&self->session_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (qc_person_page_parent_class)->dispose (object);
}

static void
qc_person_page_class_init (QcPersonPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  QcEditorPageClass *page_class = QC_EDITOR_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_person_page_dispose;
  page_class->show_record = qc_person_page_show_record;
  page_class->store_changed = qc_person_page_store_changed;
  page_class->saved = qc_person_page_saved;

  g_type_ensure (QC_TYPE_RECORD_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-person-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, page);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, about_group);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, badge_box);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, champion_badge);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, coach_badge);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, role_row);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, organisation_chooser);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, champion_switch);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, coach_switch);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, skills_row);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, projects_group);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, sessions_group);
  gtk_widget_class_bind_template_child (widget_class, QcPersonPage, footer_label);
}

static void
bind_entry (QcPersonPage *self, AdwEntryRow *row, const char *field)
{
  g_object_set_data (G_OBJECT (row), "qc-field", (gpointer) field);
  g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed), self);
}

static void
qc_person_page_init (QcPersonPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  qc_editor_page_set_scroller (EDITOR (self), self->page);

  self->project_rows = g_ptr_array_new ();
  self->session_rows = g_ptr_array_new ();

  bind_entry (self, self->name_row, "name");
  bind_entry (self, self->role_row, "role");
  bind_entry (self, self->email_row, "email");
  g_signal_connect_swapped (self->organisation_chooser, "changed", G_CALLBACK (on_organisation_changed), self);
  g_object_set_data (G_OBJECT (self->champion_switch), "qc-field", (gpointer) "champion");
  g_object_set_data (G_OBJECT (self->coach_switch), "qc-field", (gpointer) "coach");
  g_signal_connect (self->champion_switch, "notify::active", G_CALLBACK (on_switch_changed), self);
  g_signal_connect (self->coach_switch, "notify::active", G_CALLBACK (on_switch_changed), self);
  g_signal_connect_swapped (self->skills_row, "changed", G_CALLBACK (on_skills_changed), self);
}
