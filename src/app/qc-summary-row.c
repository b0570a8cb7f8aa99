#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-coaching-labels.h"
#include "qc-coaching-queries.h"
#include "qc-editor-page.h"
#include "qc-labels.h"
#include "qc-summary-row.h"

struct _QcSummaryRow
{
  GtkWidget  parent_instance;
  GObject   *item;
  GtkWidget *box;
  GtkLabel  *heading_label;
  GtkWidget *content_box;
  GtkLabel  *title_label;
  GtkLabel  *subtitle_label;
  GtkLabel  *detail_label;
  GtkBox    *badge_box;
};

G_DEFINE_FINAL_TYPE (QcSummaryRow, qc_summary_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ITEM, N_PROPS };
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

/* @accessible says in words what a short @text shows ("2 open"). */
static void
add_badge (QcSummaryRow *self, GString *badges_text, const char *text, const char *accessible,
           const char *css_class)
{
  gtk_box_append (self->badge_box, qc_badge_new (text, css_class));
  join (badges_text, accessible ? accessible : text);
}

static void
clear_badges (QcSummaryRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badge_box))) != NULL)
    gtk_box_remove (self->badge_box, child);
}

static void
describe_session (QcSummaryRow *self, QcRecord *record, GString *title, GString *subtitle,
                  GString *badges_text)
{
  g_autofree char *when = qc_session_when_short (qc_record_get (record, "date"));
  g_autofree char *today = qc_date_today ();
  g_auto(GStrv) projects = NULL;
  guint n_open = 0, n_overdue = 0;
  g_autoptr(GString) titles = g_string_new (NULL);
  const char *minutes = qc_record_get (record, "minutes");

  g_string_append (title, when);
  qc_store_get_session_summary (qc_app_store (), qc_record_get_id (record), today,
                                &projects, &n_open, &n_overdue, NULL);
  for (guint i = 0; projects && projects[i]; i++)
    {
      const char *name = qc_app_lookup_title (projects[i]);
      if (name)
        g_string_append_printf (titles, "%s%s", titles->len ? ", " : "", name);
    }
  join (subtitle, titles->len ? titles->str : _("No project"));
  if (qc_record_get (record, "mode"))
    join (subtitle, qc_choice_label (qc_record_get (record, "mode")));
  if (minutes != NULL)
    {
      /* TRANSLATORS: a session's duration in minutes */
      g_autofree char *duration = g_strdup_printf (_("%s min"), minutes);
      join (subtitle, duration);
    }

  if (n_overdue > 0)
    {
      /* TRANSLATORS: a short badge: how many actions are overdue */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue",
                                                            n_overdue), n_overdue);
      g_autofree char *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action overdue",
                                                             "%u actions overdue", n_overdue), n_overdue);
      add_badge (self, badges_text, text, words, "qc-badge-overdue");
    }
  if (n_open > n_overdue)
    {
      guint n = n_open - n_overdue;
      /* TRANSLATORS: a short badge: how many actions are open (not done) */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", n), n);
      g_autofree char *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open action",
                                                             "%u open actions", n), n);
      add_badge (self, badges_text, text, words, "qc-badge-open");
    }
}

static void
update (QcSummaryRow *self)
{
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autoptr(GString) badges = g_string_new (NULL);
  g_autoptr(GString) accessible = g_string_new (NULL);
  QcRecord *record;
  const QcKind *kind;

  clear_badges (self);
  if (GTK_IS_STRING_OBJECT (self->item))
    {
      const char *heading = gtk_string_object_get_string (GTK_STRING_OBJECT (self->item));
      gtk_label_set_label (self->heading_label, heading);
      gtk_widget_set_visible (GTK_WIDGET (self->heading_label), TRUE);
      gtk_widget_set_visible (self->content_box, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->heading_label), FALSE);
  gtk_widget_set_visible (self->content_box, TRUE);
  if (!QC_IS_RECORD (self->item))
    return;

  record = QC_RECORD (self->item);
  kind = qc_record_get_kind (record);
  if (kind == &qc_kind_session)
    describe_session (self, record, title, subtitle, badges);
  else if (kind == &qc_kind_resource)
    {
      g_autoptr(QcRecord) full = qc_store_load (qc_app_store (), qc_record_get_id (record), NULL);
      g_autofree char *tags = full ? qc_items_to_text (full, "tag") : NULL;

      g_string_append (title, qc_record_get (record, "title") ?: _("(untitled)"));
      if (tags && *tags)
        join (subtitle, tags);
      else
        join (subtitle, qc_record_get (record, "url"));
      if (qc_record_get (record, "kind"))
        add_badge (self, badges, qc_kind_value_label (qc_record_get (record, "kind")), NULL, NULL);
    }
  else if (kind == &qc_kind_person)
    {
      g_autoptr(QcRecord) full = qc_store_load (qc_app_store (), qc_record_get_id (record), NULL);
      g_autofree char *skills = full ? qc_items_to_text (full, "skill") : NULL;

      g_string_append (title, qc_record_get (record, "name") ?: _("(untitled)"));
      join (subtitle, qc_record_get (record, "role"));
      join (subtitle, qc_app_lookup_title (qc_record_get (record, "organisation")));
      if (skills && *skills)
        {
          g_autofree char *text = g_strdup_printf (_("Skills: %s"), skills);
          g_string_append (detail, text);
        }
      if (qc_record_get_boolean (record, "champion"))
        add_badge (self, badges, _("Champion"), NULL, "qc-badge-champion");
      if (qc_record_get_boolean (record, "coach"))
        add_badge (self, badges, _("Coach"), NULL, "qc-badge-coach");
    }
  else if (kind == &qc_kind_organisation)
    {
      g_string_append (title, qc_record_get (record, "name") ?: _("(untitled)"));
      if (qc_record_get (record, "kind"))
        join (subtitle, qc_kind_value_label (qc_record_get (record, "kind")));
      join (subtitle, qc_record_get (record, "locality"));
    }
  else
    {
      g_autofree char *text = qc_record_dup_title (record);
      g_string_append (title, text);
    }

  gtk_label_set_label (self->title_label, title->str);
  gtk_label_set_label (self->subtitle_label, subtitle->str);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle->len > 0);
  gtk_label_set_label (self->detail_label, detail->str);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_box), badges->len > 0);

  /* Screen readers hear the row as one sentence. */
  join (accessible, title->str);
  join (accessible, subtitle->str);
  join (accessible, detail->str);
  join (accessible, badges->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str, -1);
}

GObject *
qc_summary_row_get_item (QcSummaryRow *self)
{
  return self->item;
}

void
qc_summary_row_set_item (QcSummaryRow *self, GObject *item)
{
  /* The list reloads after every change: the same record may come back
   * as a new object with new content, so always update. */
  g_set_object (&self->item, item);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
qc_summary_row_dispose (GObject *object)
{
  QcSummaryRow *self = QC_SUMMARY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_SUMMARY_ROW);
  g_clear_object (&self->item);
  G_OBJECT_CLASS (qc_summary_row_parent_class)->dispose (object);
}

static void
qc_summary_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, QC_SUMMARY_ROW (object)->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_summary_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM:
      qc_summary_row_set_item (QC_SUMMARY_ROW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_summary_row_class_init (QcSummaryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qc_summary_row_dispose;
  object_class->get_property = qc_summary_row_get_property;
  object_class->set_property = qc_summary_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-summary-row.ui");
  gtk_widget_class_bind_template_child (widget_class, QcSummaryRow, box);
  gtk_widget_class_bind_template_child (widget_class, QcSummaryRow, heading_label);
  gtk_widget_class_bind_template_child (widget_class, QcSummaryRow, content_box);
  gtk_widget_class_bind_template_child (widget_class, QcSummaryRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, QcSummaryRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, QcSummaryRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, QcSummaryRow, badge_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qc_summary_row_init (QcSummaryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
