#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-labels.h"
#include "qc-record-row.h"

struct _QcRecordRow
{
  GtkWidget  parent_instance;
  QcRecord  *record;
  GtkWidget *box;
  GtkLabel  *title_label;
  GtkLabel  *subtitle_label;
  GtkLabel  *score_label;
  GtkLabel  *badge_label;
};

G_DEFINE_FINAL_TYPE (QcRecordRow, qc_record_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_RECORD, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
join (GString *text, const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (text->len)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

static void
set_badge (QcRecordRow *self, const char *value)
{
  static const char *const badges[] = { "idea", "active", "on-hold", "completed", "abandoned",
                                        "plan", "do", "study", "act", "done" };
  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    {
      g_autofree char *css = g_strconcat ("qc-badge-", badges[i], NULL);
      if (g_strcmp0 (value, badges[i]) == 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->badge_label), css);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), css);
    }
  gtk_label_set_label (self->badge_label, qc_choice_label (value));
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), value != NULL);
}

static void
update (QcRecordRow *self)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GString) accessible = g_string_new (NULL);
  g_autofree char *title = NULL;
  const char *score = NULL;
  const char *badge = NULL;

  if (self->record == NULL)
    return;

  if (qc_record_get_kind (self->record) == &qc_kind_pdsa)
    {
      const char *number = qc_record_get (self->record, "number");
      title = number ? g_strdup_printf (_("Cycle %s: %s"), number, qc_record_get (self->record, "title"))
                     : qc_record_dup_title (self->record);
      join (subtitle, qc_app_lookup_title (qc_record_get (self->record, "project")));
      join (subtitle, qc_record_get (self->record, "purpose")
                        ? qc_choice_label (qc_record_get (self->record, "purpose")) : NULL);
      badge = qc_record_get (self->record, "stage");
    }
  else
    {
      title = qc_record_dup_title (self->record);
      join (subtitle, qc_record_get (self->record, "theme"));
      join (subtitle, qc_app_lookup_title (qc_record_get (self->record, "organisation")));
      badge = qc_record_get (self->record, "status");
      score = qc_record_get (self->record, "progress");
    }

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle->str);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle->len > 0);
  gtk_label_set_label (self->score_label, score);
  gtk_widget_set_visible (GTK_WIDGET (self->score_label), score != NULL);
  if (score != NULL)
    {
      int level = qc_progress_level (score);
      g_autofree char *tooltip = level >= 0 ? g_strdup_printf (_("Progress score %s: %s"), score,
                                                               qc_progress_title (level)) : NULL;
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->score_label), tooltip);
    }
  set_badge (self, badge);

  /* Screen readers hear the row as one sentence. */
  join (accessible, title);
  join (accessible, subtitle->str);
  join (accessible, badge ? qc_choice_label (badge) : NULL);
  if (score)
    {
      g_autofree char *score_text = g_strdup_printf (_("progress %s"), score);
      join (accessible, score_text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str, -1);
}

QcRecord *
qc_record_row_get_record (QcRecordRow *self)
{
  return self->record;
}

void
qc_record_row_set_record (QcRecordRow *self, QcRecord *record)
{
  if (!g_set_object (&self->record, record))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
}

static void
qc_record_row_dispose (GObject *object)
{
  QcRecordRow *self = QC_RECORD_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_RECORD_ROW);
  g_clear_object (&self->record);
  G_OBJECT_CLASS (qc_record_row_parent_class)->dispose (object);
}

static void
qc_record_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, QC_RECORD_ROW (object)->record);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_record_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RECORD:
      qc_record_row_set_record (QC_RECORD_ROW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_record_row_class_init (QcRecordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qc_record_row_dispose;
  object_class->get_property = qc_record_row_get_property;
  object_class->set_property = qc_record_row_set_property;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, QC_TYPE_RECORD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-record-row.ui");
  gtk_widget_class_bind_template_child (widget_class, QcRecordRow, box);
  gtk_widget_class_bind_template_child (widget_class, QcRecordRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, QcRecordRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, QcRecordRow, score_label);
  gtk_widget_class_bind_template_child (widget_class, QcRecordRow, badge_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qc_record_row_init (QcRecordRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
