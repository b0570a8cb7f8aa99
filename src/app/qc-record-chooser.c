#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-record-chooser.h"
#include "qc-record-list.h"
#include "qc-window.h"

struct _QcRecordChooser
{
  GtkWidget       parent_instance;

  const QcKind   *kind;
  char           *record_id;
  char           *label;
  char           *empty_text;
  gboolean        allow_new;
  QcRecordList   *records;     /* made when the list first opens */

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkSearchEntry *entry;
  GtkListView    *list;
  GtkButton      *new_button;
  GtkButton      *clear_button;
  GtkLabel       *value_label;
};

G_DEFINE_FINAL_TYPE (QcRecordChooser, qc_record_chooser, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_KIND_NAME, PROP_RECORD_ID, PROP_LABEL, PROP_EMPTY_TEXT, PROP_ALLOW_NEW, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update_label (QcRecordChooser *self)
{
  const char *title = qc_app_lookup_title (self->record_id);
  g_autofree char *accessible = NULL;

  gtk_label_set_label (self->value_label, title ? title : self->empty_text);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button), self->record_id != NULL);
  gtk_button_set_label (self->clear_button, self->empty_text);
  accessible = g_strdup_printf ("%s: %s", self->label ? self->label : "", title ? title : self->empty_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->label ? self->label : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  accessible, -1);
}

static void
choose (QcRecordChooser *self, const char *id)
{
  gtk_popover_popdown (self->popover);
  if (g_strcmp0 (self->record_id, id) == 0)
    return;
  qc_record_chooser_set_record_id (self, id);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Rows are plain labels with each record's title. */
static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  QcRecord *record = gtk_list_item_get_item (item);
  g_autofree char *title = record ? qc_record_dup_title (record) : NULL;

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), title);
}

static void
on_popover_show (QcRecordChooser *self)
{
  if (self->records == NULL && qc_app_store () != NULL)
    {
      g_autoptr(GtkNoSelection) selection = NULL;

      self->records = qc_record_list_new (qc_app_store (), self->kind);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->records)));
      gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
on_search_changed (QcRecordChooser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (self->records)
    qc_record_list_set_text (self->records, *stripped ? stripped : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->new_button), self->allow_new && *stripped);
  if (*stripped)
    {
      /* TRANSLATORS: %s is a kind of record (Person, Organisation), then a name */
      g_autofree char *label = g_strdup_printf (_("New %s “%s”"), _(self->kind->label), stripped);
      gtk_button_set_label (self->new_button, label);
    }
}

static void
on_list_activate (QcRecordChooser *self, guint position)
{
  g_autoptr(QcRecord) record = g_list_model_get_item (G_LIST_MODEL (self->records), position);

  if (record != NULL)
    choose (self, qc_record_get_id (record));
}

static void
on_new_clicked (QcRecordChooser *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  g_autoptr(QcRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (*name == '\0')
    return;
  record = qc_record_new (self->kind);
  qc_record_set (record, self->kind->title_field, name);
  if (!qc_store_add (qc_app_store (), record, &error))
    {
      qc_widget_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  choose (self, qc_record_get_id (record));
}

static void
on_entry_activate (QcRecordChooser *self)
{
  /* Enter picks the first match, or creates one when nothing matches. */
  if (self->records && g_list_model_get_n_items (G_LIST_MODEL (self->records)) > 0)
    on_list_activate (self, 0);
  else if (gtk_widget_get_visible (GTK_WIDGET (self->new_button)))
    on_new_clicked (self);
}

static void
on_clear_clicked (QcRecordChooser *self)
{
  choose (self, NULL);
}

const char *
qc_record_chooser_get_record_id (QcRecordChooser *self)
{
  g_return_val_if_fail (QC_IS_RECORD_CHOOSER (self), NULL);
  return self->record_id;
}

void
qc_record_chooser_set_record_id (QcRecordChooser *self, const char *id)
{
  g_return_if_fail (QC_IS_RECORD_CHOOSER (self));

  if (id != NULL && *id == '\0')
    id = NULL;
  if (g_strcmp0 (self->record_id, id) != 0)
    {
      g_free (self->record_id);
      self->record_id = g_strdup (id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_ID]);
    }
  update_label (self);
}

void
qc_record_chooser_popup (QcRecordChooser *self)
{
  gtk_menu_button_popup (self->button);
}

static void
qc_record_chooser_dispose (GObject *object)
{
  QcRecordChooser *self = QC_RECORD_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_RECORD_CHOOSER);
  g_clear_object (&self->records);
  G_OBJECT_CLASS (qc_record_chooser_parent_class)->dispose (object);
}

static void
qc_record_chooser_finalize (GObject *object)
{
  QcRecordChooser *self = QC_RECORD_CHOOSER (object);

  g_free (self->record_id);
  g_free (self->label);
  g_free (self->empty_text);
  G_OBJECT_CLASS (qc_record_chooser_parent_class)->finalize (object);
}

static void
qc_record_chooser_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  QcRecordChooser *self = QC_RECORD_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_KIND_NAME:
      g_value_set_string (value, self->kind->name);
      break;
    case PROP_RECORD_ID:
      g_value_set_string (value, self->record_id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_EMPTY_TEXT:
      g_value_set_string (value, self->empty_text);
      break;
    case PROP_ALLOW_NEW:
      g_value_set_boolean (value, self->allow_new);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_record_chooser_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  QcRecordChooser *self = QC_RECORD_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_KIND_NAME:
      self->kind = qc_kind_lookup (g_value_get_string (value));
      if (self->kind == NULL)
        self->kind = &qc_kind_person;
      {
        /* TRANSLATORS: %s is a kind of record, e.g. "Person" */
        g_autofree char *placeholder = g_strdup_printf (_("Search or type a new %s name"),
                                                        _(self->kind->label));
        g_object_set (self->entry, "placeholder-text", placeholder, NULL);
      }
      break;
    case PROP_RECORD_ID:
      qc_record_chooser_set_record_id (self, g_value_get_string (value));
      break;
    case PROP_LABEL:
      g_free (self->label);
      self->label = g_value_dup_string (value);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), self->label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      self->label, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      self->label, -1);
      update_label (self);
      break;
    case PROP_EMPTY_TEXT:
      g_free (self->empty_text);
      self->empty_text = g_value_dup_string (value);
      update_label (self);
      break;
    case PROP_ALLOW_NEW:
      self->allow_new = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_record_chooser_activate (QcRecordChooser *self)
{
  qc_record_chooser_popup (self);
}

static void
qc_record_chooser_class_init (QcRecordChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qc_record_chooser_dispose;
  object_class->finalize = qc_record_chooser_finalize;
  object_class->get_property = qc_record_chooser_get_property;
  object_class->set_property = qc_record_chooser_set_property;

  properties[PROP_KIND_NAME] =
    g_param_spec_string ("kind-name", NULL, NULL, "person",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD_ID] =
    g_param_spec_string ("record-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_TEXT] =
    g_param_spec_string ("empty-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_NEW] =
    g_param_spec_boolean ("allow-new", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user chose another record (or none). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Lets a row (AdwActionRow:activatable-widget) open the list. */
  gtk_widget_class_set_activate_signal (widget_class,
    g_signal_new_class_handler ("activate", G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                G_CALLBACK (qc_record_chooser_activate),
                                NULL, NULL, NULL, G_TYPE_NONE, 0));

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-record-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, QcRecordChooser, button);
  gtk_widget_class_bind_template_child (widget_class, QcRecordChooser, popover);
  gtk_widget_class_bind_template_child (widget_class, QcRecordChooser, entry);
  gtk_widget_class_bind_template_child (widget_class, QcRecordChooser, list);
  gtk_widget_class_bind_template_child (widget_class, QcRecordChooser, new_button);
  gtk_widget_class_bind_template_child (widget_class, QcRecordChooser, clear_button);
  gtk_widget_class_bind_template_child (widget_class, QcRecordChooser, value_label);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_new_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
qc_record_chooser_init (QcRecordChooser *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->allow_new = TRUE;
  self->empty_text = g_strdup (_("None"));
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list, factory);
  update_label (self);
}
