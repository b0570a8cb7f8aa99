#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-coaching-labels.h"
#include "qc-labels.h"
#include "qc-organisation-page.h"
#include "qc-record-list.h"
#include "qc-window.h"

/* Rows listed per group; the rest are counted. */
#define MAX_ROWS 50

struct _QcOrganisationPage
{
  QcEditorPage         parent_instance;

  GPtrArray           *people_rows;
  GPtrArray           *project_rows;

  AdwPreferencesPage  *page;
  AdwPreferencesGroup *about_group;
  AdwEntryRow         *name_row;
  AdwComboRow         *kind_row;
  GtkStringList       *kind_model;
  AdwEntryRow         *locality_row;
  AdwPreferencesGroup *people_group;
  AdwPreferencesGroup *projects_group;
  GtkLabel            *footer_label;
};

G_DEFINE_FINAL_TYPE (QcOrganisationPage, qc_organisation_page, QC_TYPE_EDITOR_PAGE)

enum { NEW_PERSON, N_SIGNALS };
static guint signals[N_SIGNALS];

#define EDITOR(self) QC_EDITOR_PAGE (self)

static const char *const *
kind_values (void)
{
  return qc_kind_find_field (&qc_kind_organisation, "kind", NULL)->choices;
}

static void
update_required (QcOrganisationPage *self)
{
  QcRecord *record = qc_editor_page_get_record (EDITOR (self));
  gboolean missing = record != NULL && qc_record_get (record, "name") == NULL;

  if (missing)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  adw_preferences_group_set_description (self->about_group,
                                         missing ? _("An organisation needs a name: it is saved as soon as it has one.")
                                                 : NULL);
}

/* Who and what belongs to it */

static void
rebuild_group (QcOrganisationPage *self, const QcKind *kind, AdwPreferencesGroup *group,
               GPtrArray *rows, const char *empty_text)
{
  const char *id = qc_editor_page_get_id (EDITOR (self));
  g_autoptr(QcRecordList) records = NULL;
  guint n;

  qc_link_rows_clear (group, rows);
  if (id == NULL || qc_editor_page_is_new (EDITOR (self)))
    {
      qc_link_row_add_empty (group, rows, empty_text);
      return;
    }
  records = qc_record_list_new (qc_app_store (), kind);
  qc_record_list_set_filter (records, "organisation", id);
  n = g_list_model_get_n_items (G_LIST_MODEL (records));
  for (guint i = 0; i < n && i < MAX_ROWS; i++)
    {
      g_autoptr(QcRecord) record = g_list_model_get_item (G_LIST_MODEL (records), i);
      g_autofree char *title = qc_record_dup_title (record);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      GtkWidget *badge = NULL;

      if (kind == &qc_kind_person)
        {
          if (qc_record_get (record, "role"))
            g_string_append (subtitle, qc_record_get (record, "role"));
          if (qc_record_get_boolean (record, "coach"))
            badge = qc_badge_new (_("Coach"), "qc-badge-coach");
          else if (qc_record_get_boolean (record, "champion"))
            badge = qc_badge_new (_("Champion"), "qc-badge-champion");
        }
      else
        {
          const char *status = qc_record_get (record, "status");
          if (qc_record_get (record, "theme"))
            g_string_append (subtitle, qc_record_get (record, "theme"));
          if (status != NULL)
            {
              g_autofree char *css = g_strconcat ("qc-badge-", status, NULL);
              badge = qc_badge_new (qc_choice_label (status), css);
            }
        }
      qc_link_row_add (group, rows, title, subtitle->str, qc_record_get_id (record), badge);
    }
  if (n > MAX_ROWS)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                            n - MAX_ROWS), n - MAX_ROWS);
      qc_link_row_add_empty (group, rows, text);
    }
  if (n == 0)
    qc_link_row_add_empty (group, rows, empty_text);
}

static void
rebuild_people (QcOrganisationPage *self)
{
  rebuild_group (self, &qc_kind_person, self->people_group, self->people_rows,
                 _("Nobody from this organisation yet"));
}

static void
rebuild_projects (QcOrganisationPage *self)
{
  rebuild_group (self, &qc_kind_project, self->projects_group, self->project_rows,
                 _("No projects in this organisation yet"));
}

/* Edits */

static void
on_entry_changed (GtkEditable *entry, QcOrganisationPage *self)
{
  qc_editor_page_set_field (EDITOR (self), g_object_get_data (G_OBJECT (entry), "qc-field"),
                            gtk_editable_get_text (entry));
  update_required (self);
}

static void
on_kind_selected (QcOrganisationPage *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  qc_editor_page_set_field (EDITOR (self), "kind",
                            selected > 0 && selected != GTK_INVALID_LIST_POSITION ? kind_values ()[selected - 1] : NULL);
}

static void
new_person_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcOrganisationPage *self = QC_ORGANISATION_PAGE (widget);

  if (qc_editor_page_is_new (EDITOR (self)) || !qc_editor_page_flush (EDITOR (self)))
    {
      qc_widget_show_toast (widget, _("Give the organisation a name first"));
      return;
    }
  g_signal_emit (self, signals[NEW_PERSON], 0, qc_editor_page_get_id (EDITOR (self)));
}

/* QcEditorPage */

static void
update_footer (QcOrganisationPage *self)
{
  g_autofree char *text = qc_editor_page_dup_footer (EDITOR (self));

  gtk_label_set_label (self->footer_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->footer_label), text != NULL);
}

static void
qc_organisation_page_show_record (QcEditorPage *page, QcRecord *record)
{
  QcOrganisationPage *self = QC_ORGANISATION_PAGE (page);
  const char *kind = qc_record_get (record, "kind");
  guint kind_index = 0;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), qc_record_get (record, "name") ?: "");
  for (guint i = 0; kind && kind_values ()[i]; i++)
    if (g_str_equal (kind_values ()[i], kind))
      kind_index = i + 1;
  adw_combo_row_set_selected (self->kind_row, kind_index);
  gtk_editable_set_text (GTK_EDITABLE (self->locality_row), qc_record_get (record, "locality") ?: "");
  rebuild_people (self);
  rebuild_projects (self);
  update_footer (self);
  update_required (self);
}

static void
qc_organisation_page_store_changed (QcEditorPage *page, const char *kind)
{
  QcOrganisationPage *self = QC_ORGANISATION_PAGE (page);

  if (g_str_equal (kind, "person"))
    rebuild_people (self);
  else if (g_str_equal (kind, "project"))
    rebuild_projects (self);
}

static void
qc_organisation_page_saved (QcEditorPage *page, gboolean added)
{
  QcOrganisationPage *self = QC_ORGANISATION_PAGE (page);

  update_footer (self);
  if (added)
    {
      rebuild_people (self);
      rebuild_projects (self);
    }
}

/* Public API */

void
qc_organisation_page_new_draft (QcOrganisationPage *self)
{
  g_autoptr(QcRecord) record = qc_record_new (&qc_kind_organisation);

  g_return_if_fail (QC_IS_ORGANISATION_PAGE (self));
  qc_editor_page_set_draft (EDITOR (self), record);
}

void
qc_organisation_page_focus_name (QcOrganisationPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* GObject */

static void
qc_organisation_page_dispose (GObject *object)
{
  QcOrganisationPage *self = QC_ORGANISATION_PAGE (object);

  qc_editor_page_flush (EDITOR (self));
  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_ORGANISATION_PAGE);
  g_clear_pointer (&self->people_rows, g_ptr_array_unref);
  g_clear_pointer (&self->project_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (qc_organisation_page_parent_class)->dispose (object);
}

static void
qc_organisation_page_class_init (QcOrganisationPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  QcEditorPageClass *page_class = QC_EDITOR_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_organisation_page_dispose;
  page_class->show_record = qc_organisation_page_show_record;
  page_class->store_changed = qc_organisation_page_store_changed;
  page_class->saved = qc_organisation_page_saved;

  /* The user asked for a new person in organisation (id). */
  signals[NEW_PERSON] = g_signal_new ("new-person", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-organisation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcOrganisationPage, page);
  gtk_widget_class_bind_template_child (widget_class, QcOrganisationPage, about_group);
  gtk_widget_class_bind_template_child (widget_class, QcOrganisationPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, QcOrganisationPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, QcOrganisationPage, kind_model);
  gtk_widget_class_bind_template_child (widget_class, QcOrganisationPage, locality_row);
  gtk_widget_class_bind_template_child (widget_class, QcOrganisationPage, people_group);
  gtk_widget_class_bind_template_child (widget_class, QcOrganisationPage, projects_group);
  gtk_widget_class_bind_template_child (widget_class, QcOrganisationPage, footer_label);

  gtk_widget_class_install_action (widget_class, "organisation-page.new-person", NULL, new_person_activated);
}

static void
qc_organisation_page_init (QcOrganisationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  qc_editor_page_set_scroller (EDITOR (self), self->page);

  self->people_rows = g_ptr_array_new ();
  self->project_rows = g_ptr_array_new ();

  gtk_string_list_append (self->kind_model, _("Not set"));
  for (guint i = 0; kind_values ()[i]; i++)
    gtk_string_list_append (self->kind_model, qc_kind_value_label (kind_values ()[i]));

  g_object_set_data (G_OBJECT (self->name_row), "qc-field", (gpointer) "name");
  g_object_set_data (G_OBJECT (self->locality_row), "qc-field", (gpointer) "locality");
  g_signal_connect (self->name_row, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (self->locality_row, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected), self);
}
