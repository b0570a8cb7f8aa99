#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-coaching-labels.h"
#include "qc-coaching-queries.h"
#include "qc-labels.h"
#include "qc-resource-editor.h"
#include "qc-text-row.h"
#include "qc-window.h"

struct _QcResourceEditor
{
  QcEditorPage         parent_instance;

  GPtrArray           *project_rows;
  GPtrArray           *session_rows;

  AdwPreferencesPage  *page;
  AdwPreferencesGroup *about_group;
  AdwEntryRow         *title_row;
  AdwEntryRow         *url_row;
  AdwComboRow         *kind_row;
  GtkStringList       *kind_model;
  QcTextRow           *description_row;
  AdwEntryRow         *tags_row;
  AdwPreferencesGroup *projects_group;
  AdwPreferencesGroup *sessions_group;
  GtkLabel            *footer_label;
};

G_DEFINE_FINAL_TYPE (QcResourceEditor, qc_resource_editor, QC_TYPE_EDITOR_PAGE)

#define EDITOR(self) QC_EDITOR_PAGE (self)

static const char *const *
kind_values (void)
{
  return qc_kind_find_field (&qc_kind_resource, "kind", NULL)->choices;
}

/* What the coach sees is wrong */

static void
update_problems (QcResourceEditor *self)
{
  QcRecord *record = qc_editor_page_get_record (EDITOR (self));
  const char *url = record ? qc_record_get (record, "url") : NULL;
  gboolean missing_title = record != NULL && qc_record_get (record, "title") == NULL;
  gboolean bad_link = url != NULL && !qc_link_is_openable (url);
  g_autoptr(GString) text = g_string_new (NULL);

  if (missing_title)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->title_row), "error");
      g_string_append (text, _("A resource needs a title: it is saved as soon as it has one."));
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
  if (bad_link)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "warning");
      g_string_append_printf (text, "%s%s", text->len ? " " : "",
                              _("Only web links starting with https:// or http:// can be opened."));
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "warning");
  adw_preferences_group_set_description (self->about_group, text->len ? text->str : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "resource-editor.open-link", qc_link_is_openable (url));
}

/* Projects and sessions that share a tag */

static void
rebuild_related (QcResourceEditor *self)
{
  QcRecord *record = qc_editor_page_get_record (EDITOR (self));
  g_auto(GStrv) tags = record ? qc_items_dup_texts (record, "tag") : NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) sessions = NULL;

  qc_link_rows_clear (self->projects_group, self->project_rows);
  qc_link_rows_clear (self->sessions_group, self->session_rows);
  if (tags == NULL || tags[0] == NULL)
    {
      qc_link_row_add_empty (self->projects_group, self->project_rows,
                             _("Give the resource tags to see the projects that share them"));
      qc_link_row_add_empty (self->sessions_group, self->session_rows,
                             _("Give the resource tags to see the sessions on them"));
      return;
    }
  projects = qc_store_dup_ids_sharing_words (qc_app_store (), &qc_kind_project,
                                             (const char * const *) tags, NULL, NULL);
  for (guint i = 0; projects && i < projects->len; i++)
    {
      g_autoptr(QcRecord) project = qc_store_load (qc_app_store (), g_ptr_array_index (projects, i), NULL);
      g_autofree char *project_tags = NULL;

      if (project == NULL)
        continue;
      project_tags = qc_items_to_text (project, "tag");
      qc_link_row_add (self->projects_group, self->project_rows, qc_record_get (project, "title"),
                       project_tags, qc_record_get_id (project), NULL);
    }
  if (self->project_rows->len == 0)
    qc_link_row_add_empty (self->projects_group, self->project_rows, _("No project has these tags yet"));

  sessions = qc_store_dup_ids_sharing_words (qc_app_store (), &qc_kind_session,
                                             (const char * const *) tags, NULL, NULL);
  for (guint i = 0; sessions && i < sessions->len; i++)
    {
      g_autoptr(QcRecord) session = qc_store_load (qc_app_store (), g_ptr_array_index (sessions, i), NULL);
      g_autofree char *when = NULL;
      g_autofree char *topics = NULL;

      if (session == NULL)
        continue;
      when = qc_session_when (qc_record_get (session, "date"));
      topics = qc_items_to_text (session, "topic");
      qc_link_row_add (self->sessions_group, self->session_rows, when, topics, qc_record_get_id (session), NULL);
    }
  if (self->session_rows->len == 0)
    qc_link_row_add_empty (self->sessions_group, self->session_rows, _("No session had these topics yet"));
}

/* Edits */

static void
on_entry_changed (GtkEditable *entry, QcResourceEditor *self)
{
  qc_editor_page_set_field (EDITOR (self), g_object_get_data (G_OBJECT (entry), "qc-field"),
                            gtk_editable_get_text (entry));
  update_problems (self);
}

static void
on_description_changed (QcResourceEditor *self)
{
  g_autofree char *text = qc_text_row_dup_text (self->description_row);
  qc_editor_page_set_field (EDITOR (self), "description", text);
}

static void
on_kind_selected (QcResourceEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  qc_editor_page_set_field (EDITOR (self), "kind",
                            selected > 0 && selected != GTK_INVALID_LIST_POSITION ? kind_values ()[selected - 1] : NULL);
}

static void
on_tags_changed (QcResourceEditor *self)
{
  QcRecord *record = qc_editor_page_get_record (EDITOR (self));

  if (qc_editor_page_is_loading (EDITOR (self)))
    return;
  if (qc_items_from_text (record, "tag", gtk_editable_get_text (GTK_EDITABLE (self->tags_row))))
    qc_editor_page_edited (EDITOR (self));
}

static void
open_link_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcResourceEditor *self = QC_RESOURCE_EDITOR (widget);
  QcRecord *record = qc_editor_page_get_record (EDITOR (self));

  if (record != NULL)
    qc_open_link (widget, qc_record_get (record, "url"));
}

/* QcEditorPage */

static void
update_footer (QcResourceEditor *self)
{
  g_autofree char *text = qc_editor_page_dup_footer (EDITOR (self));

  gtk_label_set_label (self->footer_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->footer_label), text != NULL);
}

static void
qc_resource_editor_show_record (QcEditorPage *page, QcRecord *record)
{
  QcResourceEditor *self = QC_RESOURCE_EDITOR (page);
  const char *kind = qc_record_get (record, "kind");
  g_autofree char *tags = qc_items_to_text (record, "tag");
  guint kind_index = 0;

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), qc_record_get (record, "title") ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), qc_record_get (record, "url") ?: "");
  for (guint i = 0; kind && kind_values ()[i]; i++)
    if (g_str_equal (kind_values ()[i], kind))
      kind_index = i + 1;
  adw_combo_row_set_selected (self->kind_row, kind_index);
  qc_text_row_set_text (self->description_row, qc_record_get (record, "description"));
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags);
  rebuild_related (self);
  update_footer (self);
  update_problems (self);
}

static void
qc_resource_editor_store_changed (QcEditorPage *page, const char *kind)
{
  if (g_str_equal (kind, "project") || g_str_equal (kind, "session"))
    rebuild_related (QC_RESOURCE_EDITOR (page));
}

static void
qc_resource_editor_saved (QcEditorPage *page, gboolean added)
{
  QcResourceEditor *self = QC_RESOURCE_EDITOR (page);

  update_footer (self);
  rebuild_related (self);
}

/* Public API */

void
qc_resource_editor_new_draft (QcResourceEditor *self)
{
  g_autoptr(QcRecord) record = qc_record_new (&qc_kind_resource);

  g_return_if_fail (QC_IS_RESOURCE_EDITOR (self));
  qc_record_set (record, "kind", "website");
  qc_editor_page_set_draft (EDITOR (self), record);
}

void
qc_resource_editor_focus_title (QcResourceEditor *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

/* GObject */

static void
qc_resource_editor_dispose (GObject *object)
{
  QcResourceEditor *self = QC_RESOURCE_EDITOR (object);

  qc_editor_page_flush (EDITOR (self));
  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_RESOURCE_EDITOR);
  g_clear_pointer (&self->project_rows, g_ptr_array_unref);
  g_clear_pointer (&self->session_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (qc_resource_editor_parent_class)->dispose (object);
}

static void
qc_resource_editor_class_init (QcResourceEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  QcEditorPageClass *page_class = QC_EDITOR_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_resource_editor_dispose;
  page_class->show_record = qc_resource_editor_show_record;
  page_class->store_changed = qc_resource_editor_store_changed;
  page_class->saved = qc_resource_editor_saved;

  g_type_ensure (QC_TYPE_TEXT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-resource-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, page);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, about_group);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, kind_model);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, projects_group);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, sessions_group);
  gtk_widget_class_bind_template_child (widget_class, QcResourceEditor, footer_label);

  gtk_widget_class_install_action (widget_class, "resource-editor.open-link", NULL, open_link_activated);
}

static void
qc_resource_editor_init (QcResourceEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  qc_editor_page_set_scroller (EDITOR (self), self->page);

  self->project_rows = g_ptr_array_new ();
  self->session_rows = g_ptr_array_new ();

  gtk_string_list_append (self->kind_model, _("Not set"));
  for (guint i = 0; kind_values ()[i]; i++)
    gtk_string_list_append (self->kind_model, qc_kind_value_label (kind_values ()[i]));

  g_object_set_data (G_OBJECT (self->title_row), "qc-field", (gpointer) "title");
  g_object_set_data (G_OBJECT (self->url_row), "qc-field", (gpointer) "url");
  g_signal_connect (self->title_row, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (self->url_row, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect_swapped (self->description_row, "changed", G_CALLBACK (on_description_changed), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected), self);
  g_signal_connect_swapped (self->tags_row, "changed", G_CALLBACK (on_tags_changed), self);
}
