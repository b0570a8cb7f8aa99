#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-editor-page.h"
#include "qc-labels.h"
#include "qc-window.h"

typedef struct
{
  guint               relayout_id;
  int                 width;      /* when last drawn */
  QcAutosave         *autosave;
  QcRecord           *record;     /* the working copy being edited */
  gboolean            loading;    /* filling the widgets: not an edit */
  gboolean            untouched;  /* a draft nobody edited: not stored, even on leaving */
  AdwPreferencesPage *scroller;
} QcEditorPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (QcEditorPage, qc_editor_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATE, PROP_RECORD, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ADDED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* adw_preferences_page_scroll_to_top() is libadwaita 1.3; the page's
 * first child is its scrolled window. */
static void
scroll_to_top (AdwPreferencesPage *page)
{
  GtkWidget *child = page ? gtk_widget_get_first_child (GTK_WIDGET (page)) : NULL;

  if (GTK_IS_SCROLLED_WINDOW (child))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child)), 0);
}

static void
show_record (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  QcEditorPageClass *klass = QC_EDITOR_PAGE_GET_CLASS (self);

  priv->loading = TRUE;
  if (klass->show_record)
    klass->show_record (self, priv->record);
  priv->loading = FALSE;
}

static void
set_record (QcEditorPage *self, QcRecord *record, gboolean is_new)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);

  /* A draft goes to the autosave with its first edit, so one that was
   * only looked at is never stored (a session's draft is valid as it is). */
  qc_autosave_set_record (priv->autosave, is_new ? NULL : record, FALSE);
  priv->untouched = is_new;
  g_set_object (&priv->record, record);
  if (record != NULL)
    show_record (self);
  scroll_to_top (priv->scroller);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

gboolean
qc_editor_page_load (QcEditorPage *self, const char *id, GError **error)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  g_autoptr(QcRecord) record = NULL;

  g_return_val_if_fail (QC_IS_EDITOR_PAGE (self), FALSE);

  qc_autosave_flush (priv->autosave);
  record = qc_store_load (qc_app_store (), id, error);
  if (record == NULL)
    return FALSE;
  set_record (self, record, FALSE);
  return TRUE;
}

void
qc_editor_page_set_draft (QcEditorPage *self, QcRecord *record)
{
  g_return_if_fail (QC_IS_EDITOR_PAGE (self));
  set_record (self, record, TRUE);
}

void
qc_editor_page_clear (QcEditorPage *self)
{
  g_return_if_fail (QC_IS_EDITOR_PAGE (self));
  set_record (self, NULL, FALSE);
}

gboolean
qc_editor_page_flush (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);

  if (priv->untouched)
    return TRUE;
  return qc_autosave_flush (priv->autosave);
}

QcRecord *
qc_editor_page_get_record (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  return priv->record;
}

const char *
qc_editor_page_get_id (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  return priv->record ? qc_record_get_id (priv->record) : NULL;
}

gboolean
qc_editor_page_is_new (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  return priv->record != NULL && (priv->untouched || qc_autosave_is_new (priv->autosave));
}

QcAutosaveState
qc_editor_page_get_state (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);

  if (priv->untouched)
    return QC_AUTOSAVE_INVALID;
  return qc_autosave_get_state (priv->autosave);
}

const char *
qc_editor_page_get_problem (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);

  if (priv->untouched)
    return NULL;
  return qc_autosave_get_problem (priv->autosave);
}

gboolean
qc_editor_page_is_loading (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  return priv->loading || priv->record == NULL;
}

void
qc_editor_page_set_scroller (QcEditorPage *self, AdwPreferencesPage *page)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  priv->scroller = page;
}

void
qc_editor_page_edited (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);

  if (priv->loading || priv->record == NULL)
    return;
  if (priv->untouched)
    {
      priv->untouched = FALSE;
      qc_autosave_set_record (priv->autosave, priv->record, TRUE);
    }
  qc_autosave_queue (priv->autosave);
}

void
qc_editor_page_set_field (QcEditorPage *self, const char *field, const char *value)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  g_autofree char *stripped = value ? g_strstrip (g_strdup (value)) : NULL;

  if (priv->loading || priv->record == NULL)
    return;
  if (stripped && *stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  if (g_strcmp0 (qc_record_get (priv->record, field), stripped) == 0)
    return;
  qc_record_set (priv->record, field, stripped);
  qc_editor_page_edited (self);
}

char *
qc_editor_page_dup_footer (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  const char *by;

  if (priv->record == NULL || priv->untouched || qc_autosave_is_new (priv->autosave))
    return NULL;
  created = qc_timestamp_to_display (qc_record_get_created (priv->record));
  modified = qc_timestamp_to_display (qc_record_get_modified (priv->record));
  by = qc_record_get_modified_by (priv->record);
  if (by != NULL)
    return g_strdup_printf (_("Created %s. Last changed %s by %s."), created, modified, by);
  return g_strdup_printf (_("Created %s. Last changed %s."), created, modified);
}

/* Collections of words */

char *
qc_items_to_text (QcRecord *record, const char *collection)
{
  GPtrArray *items = qc_record_get_items (record, collection);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; items && i < items->len; i++)
    {
      const char *word = qc_item_get (g_ptr_array_index (items, i), "text");
      if (word != NULL)
        g_string_append_printf (text, "%s%s", text->len ? ", " : "", word);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

GStrv
qc_items_dup_texts (QcRecord *record, const char *collection)
{
  GPtrArray *items = qc_record_get_items (record, collection);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; items && i < items->len; i++)
    {
      const char *word = qc_item_get (g_ptr_array_index (items, i), "text");
      if (word != NULL)
        g_strv_builder_add (builder, word);
    }
  return g_strv_builder_end (builder);
}

gboolean
qc_items_from_text (QcRecord *record, const char *collection, const char *text)
{
  g_auto(GStrv) words = g_strsplit (text ? text : "", ",", -1);
  g_auto(GStrv) before = qc_items_dup_texts (record, collection);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) after = NULL;

  for (guint i = 0; words[i]; i++)
    {
      g_strstrip (words[i]);
      if (*words[i])
        g_strv_builder_add (builder, words[i]);
    }
  after = g_strv_builder_end (builder);
  if (g_strv_equal ((const char * const *) before, (const char * const *) after))
    return FALSE;
  qc_record_clear_items (record, collection);
  for (guint i = 0; after[i]; i++)
    qc_item_set (qc_record_add_item (record, collection), "text", after[i]);
  return TRUE;
}

/* Rows linking to other records */

void
qc_link_rows_clear (AdwPreferencesGroup *group, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
on_link_row_activated (AdwActionRow *row)
{
  qc_widget_open_record (GTK_WIDGET (row), g_object_get_data (G_OBJECT (row), "record-id"));
}

GtkWidget *
qc_link_row_add (AdwPreferencesGroup *group, GPtrArray *rows, const char *title,
                 const char *subtitle, const char *record_id, GtkWidget *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  if (record_id != NULL)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "record-id", g_strdup (record_id), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_link_row_activated), NULL);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

void
qc_link_row_add_empty (AdwPreferencesGroup *group, GPtrArray *rows, const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_widget_set_focusable (row, FALSE);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

void
qc_leaflet_show_detail (AdwLeaflet *leaflet)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (leaflet));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL)
    g_object_add_weak_pointer (G_OBJECT (focus), (gpointer *) &focus);
  adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  if (focus != NULL)
    {
      if (!adw_leaflet_get_folded (leaflet) && gtk_root_get_focus (root) != focus &&
          gtk_widget_get_mapped (focus))
        gtk_widget_grab_focus (focus);
      g_object_remove_weak_pointer (G_OBJECT (focus), (gpointer *) &focus);
    }
}

GtkWidget *
qc_badge_new (const char *text, const char *css_class)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_add_css_class (badge, "qc-badge");
  gtk_widget_add_css_class (badge, "caption");
  if (css_class != NULL)
    gtk_widget_add_css_class (badge, css_class);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

/* GObject */

static void
on_autosave_state (QcEditorPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
on_autosave_saved (QcAutosave *autosave, gboolean added, QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  QcEditorPageClass *klass = QC_EDITOR_PAGE_GET_CLASS (self);
  QcRecord *record = qc_autosave_get_record (autosave);

  if (record != priv->record)
    return;
  if (klass->saved)
    klass->saved (self, added);
  if (added)
    g_signal_emit (self, signals[ADDED], 0, qc_record_get_id (record));
}

static void
on_autosave_failed (QcAutosave *autosave, const char *message, QcEditorPage *self)
{
  g_autofree char *text = g_strdup_printf (_("Not saved: %s"), message);
  qc_widget_show_toast (GTK_WIDGET (self), text);
}

static void
on_store_changed (QcStore *store, const char *kind, QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  QcEditorPageClass *klass = QC_EDITOR_PAGE_GET_CLASS (self);

  if (priv->record == NULL)
    return;
  /* Changed elsewhere (an import, another window, the command line) while
   * nothing waits here: show the stored version. */
  if (g_str_equal (kind, qc_record_get_kind (priv->record)->name) && !priv->untouched &&
      qc_autosave_get_state (priv->autosave) == QC_AUTOSAVE_SAVED)
    {
      g_autoptr(QcRecord) stored = qc_store_load (store, qc_record_get_id (priv->record), NULL);
      if (stored != NULL && g_strcmp0 (qc_record_get_rev (stored), qc_record_get_rev (priv->record)) != 0)
        set_record (self, stored, FALSE);
    }
  if (klass->store_changed)
    klass->store_changed (self, kind);
}

static void
on_focus_leave (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  qc_autosave_flush (priv->autosave);
}

/* A GtkTextView given wrapped text before it had its width reports the
 * height of that text laid out in no width, and GTK 4.8 does not measure it
 * again once the lines are laid out at the real width: ask for that. */
static void
relayout_text_views (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TEXT_VIEW (child))
        gtk_widget_queue_resize (child);
      else
        relayout_text_views (child);
    }
}

static gboolean
on_relayout (gpointer data)
{
  QcEditorPage *self = data;
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);

  priv->relayout_id = 0;
  relayout_text_views (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* The layout manager allocates the page, so notice its width when drawn. */
static void
qc_editor_page_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  QcEditorPage *self = QC_EDITOR_PAGE (widget);
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  int width = gtk_widget_get_width (widget);

  GTK_WIDGET_CLASS (qc_editor_page_parent_class)->snapshot (widget, snapshot);
  if (width != priv->width && priv->record != NULL && priv->relayout_id == 0)
    {
      priv->width = width;
      /* After the text views laid their lines out at this width. */
      priv->relayout_id = g_idle_add (on_relayout, self);
    }
}

static void
qc_editor_page_dispose (GObject *object)
{
  QcEditorPage *self = QC_EDITOR_PAGE (object);
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);

  g_clear_handle_id (&priv->relayout_id, g_source_remove);
  if (priv->autosave)
    qc_autosave_flush (priv->autosave);
  g_clear_object (&priv->autosave);
  g_clear_object (&priv->record);
  G_OBJECT_CLASS (qc_editor_page_parent_class)->dispose (object);
}

static void
qc_editor_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, qc_editor_page_get_state (QC_EDITOR_PAGE (object)));
      break;
    case PROP_RECORD:
      g_value_set_object (value, qc_editor_page_get_record (QC_EDITOR_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_editor_page_class_init (QcEditorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qc_editor_page_dispose;
  object_class->get_property = qc_editor_page_get_property;
  GTK_WIDGET_CLASS (klass)->snapshot = qc_editor_page_snapshot;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, QC_AUTOSAVE_SAVED, QC_AUTOSAVE_FAILED, QC_AUTOSAVE_SAVED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The record shown, replaced by each load, draft or clear. */
  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, QC_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A draft was added to the store; the argument is its id. */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The styles of these pages sit in their own sheet beside style.css. */
static void
ensure_style (GtkWidget *widget)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/qc-coaching.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (widget), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
qc_editor_page_init (QcEditorPage *self)
{
  QcEditorPagePrivate *priv = qc_editor_page_get_instance_private (self);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  QcStore *store = qc_app_store ();

  ensure_style (GTK_WIDGET (self));
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  if (store != NULL)
    {
      priv->autosave = qc_autosave_new (store);
      g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, 0);
    }
  else
    priv->autosave = g_object_new (QC_TYPE_AUTOSAVE, NULL);
  g_signal_connect_swapped (priv->autosave, "notify::state", G_CALLBACK (on_autosave_state), self);
  g_signal_connect (priv->autosave, "saved", G_CALLBACK (on_autosave_saved), self);
  g_signal_connect (priv->autosave, "failed", G_CALLBACK (on_autosave_failed), self);
}
