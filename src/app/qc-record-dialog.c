#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-labels.h"
#include "qc-record-dialog.h"

struct _QcRecordDialog
{
  AdwWindow           parent_instance;
  AdwWindowTitle     *window_title;
  AdwPreferencesPage *page;
};

G_DEFINE_FINAL_TYPE (QcRecordDialog, qc_record_dialog, ADW_TYPE_WINDOW)

/* A stored value as people read it. */
static char *
display_value (const QcField *field, const char *value)
{
  if (value == NULL)
    return NULL;
  switch (field->type)
    {
    case QC_FIELD_ENUM:
      return g_strdup (qc_choice_label (value));
    case QC_FIELD_DATE:
      return qc_date_to_display (value);
    case QC_FIELD_DATETIME:
      return qc_timestamp_to_display (value);
    case QC_FIELD_BOOL:
      return g_strdup (g_str_equal (value, "true") ? _("Yes") : _("No"));
    case QC_FIELD_REF:
      if (qc_app_lookup_title (value))
        return g_strdup (qc_app_lookup_title (value));
      return g_strdup (value);
    default:
      return g_strdup (value);
    }
}

static void
add_row (AdwPreferencesGroup *group, const char *title, const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  /* User text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}

static void
qc_record_dialog_class_init (QcRecordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-record-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, QcRecordDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, QcRecordDialog, page);
}

static void
qc_record_dialog_init (QcRecordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

QcRecordDialog *
qc_record_dialog_new (GtkWindow *parent, const char *id)
{
  g_autoptr(QcRecord) record = qc_store_load (qc_app_store (), id, NULL);
  g_autofree char *title = NULL;
  const QcKind *kind;
  QcRecordDialog *self;
  AdwPreferencesGroup *fields;

  if (record == NULL)
    return NULL;
  kind = qc_record_get_kind (record);
  self = g_object_new (QC_TYPE_RECORD_DIALOG, "transient-for", parent, NULL);
  title = qc_record_dup_title (record);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, _(kind->label));

  fields = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_description (fields, _("Editing this kind of record comes in the next version of QI Coach."));
  for (guint i = 0; i < kind->n_fields; i++)
    {
      g_autofree char *value = display_value (&kind->fields[i], qc_record_get (record, kind->fields[i].name));
      if (value != NULL)
        add_row (fields, _(kind->fields[i].label), value);
    }
  adw_preferences_page_add (self->page, fields);

  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      GPtrArray *items = qc_record_get_items (record, collection->name);
      AdwPreferencesGroup *group;

      if (items->len == 0)
        continue;
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _(collection->label));
      for (guint j = 0; j < items->len; j++)
        {
          QcItem *item = g_ptr_array_index (items, j);
          g_autoptr(GString) text = g_string_new (NULL);
          for (guint f = 0; f < collection->n_fields; f++)
            {
              g_autofree char *value = NULL;
              if (collection->fields[f].type == QC_FIELD_UUID)
                continue;
              value = display_value (&collection->fields[f], item->values[f]);
              if (value)
                g_string_append_printf (text, "%s%s", text->len ? " · " : "", value);
            }
          add_row (group, text->str, NULL);
        }
      adw_preferences_page_add (self->page, group);
    }
  return self;
}
