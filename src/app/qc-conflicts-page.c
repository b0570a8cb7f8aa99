#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-conflicts-page.h"
#include "qc-conflicts.h"
#include "qc-labels.h"

#define PAGE_KEY "qc-conflicts-page"
/* Longer lists (a measure's data points) are summed up, not listed. */
#define MAX_ITEMS_SHOWN 30

struct _QcConflictsPage
{
  AdwWindow            parent_instance;

  GtkWindow           *parent;
  AdwToastOverlay     *toast_overlay;
  AdwLeaflet          *leaflet;
  GtkStack            *list_stack;
  AdwStatusPage       *empty_page;
  AdwPreferencesGroup *list_group;
  AdwWindowTitle      *compare_title;
  GtkToggleButton     *differences_button;
  GtkLabel            *explanation_label;
  GtkGrid             *grid;

  GPtrArray           *list_rows;
  QcConflict          *conflict;      /* the one compared */
  gboolean             reviewed_any;
};

G_DEFINE_FINAL_TYPE (QcConflictsPage, qc_conflicts_page, ADW_TYPE_WINDOW)

/* On a narrow screen (a phone, 360 px) the dialog is no wider or taller
 * than the window it belongs to. */
static void
fit_to_parent (GtkWindow *window, GtkWindow *parent)
{
  int width, height;
  int parent_width = parent ? gtk_widget_get_width (GTK_WIDGET (parent)) : 0;
  int parent_height = parent ? gtk_widget_get_height (GTK_WIDGET (parent)) : 0;

  gtk_window_get_default_size (window, &width, &height);
  if (parent_width > 0 && parent_width < width)
    width = parent_width;
  if (parent_height > 0 && parent_height < height)
    height = parent_height;
  gtk_window_set_default_size (window, width, height);
}

static void
ensure_style (GtkWidget *widget)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/qc-exchange.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (widget), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* Values as people read them */

static const char *
driver_text (GPtrArray *drivers, const char *id)
{
  for (guint i = 0; drivers && i < drivers->len; i++)
    {
      QcItem *item = g_ptr_array_index (drivers, i);
      if (g_strcmp0 (qc_item_get (item, "id"), id) == 0)
        return qc_item_get (item, "text");
    }
  return NULL;
}

/* A driver named by a cycle's change idea or a driver's parent: looked up
 * in @record's own diagram, else in its project's. */
static char *
describe_driver (QcRecord *record, const char *id)
{
  const char *text = NULL;
  g_autoptr(QcRecord) project = NULL;

  if (qc_record_get_kind (record) == &qc_kind_project)
    text = driver_text (qc_record_get_items (record, "driver"), id);
  else if (qc_record_get (record, "project") != NULL &&
           qc_store_lookup_kind (qc_app_store (), qc_record_get (record, "project")) == &qc_kind_project &&
           !qc_store_is_deleted (qc_app_store (), qc_record_get (record, "project")))
    {
      project = qc_store_load (qc_app_store (), qc_record_get (record, "project"), NULL);
      if (project != NULL)
        text = driver_text (qc_record_get_items (project, "driver"), id);
    }
  return g_strdup (text ? text : _("a driver not in the diagram"));
}

static char *
describe_value (QcRecord *record, const QcField *field, const char *value)
{
  const char *title;

  if (value == NULL || *value == '\0')
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
      if (g_strcmp0 (field->ref_kind, "driver") == 0)
        return describe_driver (record, value);
      title = qc_app_lookup_title (value);
      return g_strdup (title ? title : _("(unknown record)"));
    case QC_FIELD_PROGRESS:
      {
        int level = qc_progress_level (value);
        return level >= 0 ? g_strdup (qc_progress_title (level)) : g_strdup (value);
      }
    case QC_FIELD_UUID:
      return NULL;
    case QC_FIELD_TEXT:
    case QC_FIELD_INT:
    case QC_FIELD_DECIMAL:
    default:
      return g_strdup (value);
    }
}

/* One item of a list: its text first, then its other values. */
static char *
describe_item (QcRecord *record, const QcItem *item)
{
  const QcCollection *collection = item->collection;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) rest = g_string_new (NULL);

  for (guint f = 0; f < collection->n_fields; f++)
    {
      const QcField *field = &collection->fields[f];
      g_autofree char *value = describe_value (record, field, item->values[f]);

      if (value == NULL)
        continue;
      if (field->place == QC_PLACE_TEXT || g_str_equal (field->name, "text"))
        g_string_prepend (text, value);
      else if (field->type == QC_FIELD_REF && field->place == QC_PLACE_ATTRIBUTE && text->len == 0 &&
               rest->len == 0 && g_strcmp0 (field->ref_kind, "driver") != 0)
        g_string_append (text, value);
      else
        g_string_append_printf (rest, "%s%s: %s", rest->len ? ", " : "", _(field->label), value);
    }
  if (rest->len > 0)
    g_string_append_printf (text, text->len ? " (%s)" : "%s", rest->str);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_items (QcRecord *record, GPtrArray *items)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (items == NULL || items->len == 0)
    return NULL;
  if (items->len > MAX_ITEMS_SHOWN)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", items->len), items->len);
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *line = describe_item (record, g_ptr_array_index (items, i));
      g_string_append_printf (text, "%s• %s", i ? "\n" : "", line);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
items_equal (GPtrArray *a, GPtrArray *b)
{
  guint na = a ? a->len : 0, nb = b ? b->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    {
      QcItem *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);
      for (guint f = 0; f < x->collection->n_fields; f++)
        if (g_strcmp0 (x->values[f], y->values[f]) != 0)
          return FALSE;
    }
  return TRUE;
}

static char *
describe_version (const char *who, const char *when, gboolean deleted)
{
  g_autofree char *display = when ? qc_timestamp_to_display (when) : g_strdup (_("an unknown time"));

  if (deleted)
    return who ? g_strdup_printf (_("Deleted by %s, %s"), who, display)
               : g_strdup_printf (_("Deleted %s"), display);
  return who ? g_strdup_printf (_("Changed by %s, %s"), who, display)
             : g_strdup_printf (_("Changed %s"), display);
}

/* The comparison */

static void
clear_grid (QcConflictsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
}

static void on_keep_clicked (GtkButton *button, QcConflictsPage *self);

static GtkWidget *
side_header (QcConflictsPage *self, gboolean current)
{
  QcConflict *c = self->conflict;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (current ? _("Current Version") : _("Set-Aside Version"));
  g_autofree char *by = current
    ? describe_version (qc_record_get_modified_by (c->current), qc_record_get_modified (c->current), c->current_deleted)
    : describe_version (c->other->modified_by, c->other->modified, c->other->deleted);
  GtkWidget *caption = gtk_label_new (by);
  GtkWidget *button = gtk_button_new_with_label (_("Keep This"));

  gtk_widget_add_css_class (box, "qc-conflict-side");
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_yalign (GTK_LABEL (caption), 0);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  /* The buttons of both sides line up at the bottom. */
  gtk_widget_set_vexpand (caption, TRUE);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "pill");
  if (current)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  current ? _("Keep the current version") : _("Keep the set-aside version"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, by, -1);
  g_object_set_data (G_OBJECT (button), "choice",
                     GINT_TO_POINTER (current ? QC_CONFLICT_KEEP_CURRENT : QC_CONFLICT_KEEP_OTHER));
  g_signal_connect (button, "clicked", G_CALLBACK (on_keep_clicked), self);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static GtkWidget *
value_label (const char *text, gboolean differs, gboolean deleted)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (deleted)
    gtk_label_set_text (GTK_LABEL (label), _("(deleted)"));
  else
    gtk_label_set_text (GTK_LABEL (label), text ? text : "—");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_valign (label, GTK_ALIGN_FILL);
  gtk_widget_add_css_class (label, "qc-conflict-value");
  if (differs)
    gtk_widget_add_css_class (label, "qc-conflict-differs");
  if (text == NULL || deleted)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
add_comparison_row (QcConflictsPage *self, int *row, const char *name, const char *left,
                    const char *right, gboolean differs)
{
  QcConflict *c = self->conflict;
  GtkWidget *heading;
  GtkWidget *left_label, *right_label;
  g_autofree char *heading_text = NULL;

  if (gtk_toggle_button_get_active (self->differences_button) && !differs)
    return;
  if (left == NULL && right == NULL && !c->current_deleted && !c->other->deleted)
    return;
  heading_text = differs ? g_strdup_printf (_("%s — differs"), name) : g_strdup (name);
  heading = gtk_label_new (heading_text);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_widget_add_css_class (heading, "qc-conflict-field");
  if (differs)
    gtk_widget_add_css_class (heading, "qc-conflict-field-differs");
  else
    gtk_widget_add_css_class (heading, "dim-label");
  gtk_grid_attach (self->grid, heading, 0, (*row)++, 2, 1);
  left_label = value_label (left, differs, c->current_deleted);
  right_label = value_label (right, differs, c->other->deleted);
  gtk_grid_attach (self->grid, left_label, 0, *row, 1, 1);
  gtk_grid_attach (self->grid, right_label, 1, *row, 1, 1);
  (*row)++;
}

static void
fill_comparison (QcConflictsPage *self)
{
  QcConflict *c = self->conflict;
  const QcKind *kind = c->kind;
  QcRecord *left = c->current, *right = c->other->version;
  guint n_differences = 0;
  int row = 0;

  clear_grid (self);
  gtk_grid_attach (self->grid, side_header (self, TRUE), 0, row, 1, 1);
  gtk_grid_attach (self->grid, side_header (self, FALSE), 1, row, 1, 1);
  row++;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const QcField *field = &kind->fields[i];
      const char *a = c->current_deleted ? NULL : qc_record_get (left, field->name);
      const char *b = c->other->deleted ? NULL : qc_record_get (right, field->name);
      g_autofree char *da = NULL;
      g_autofree char *db = NULL;
      gboolean differs;

      /* Private fields never travel, so they never conflict. */
      if (field->is_private || field->type == QC_FIELD_UUID)
        continue;
      differs = g_strcmp0 (a, b) != 0;
      n_differences += differs;
      da = describe_value (left, field, a);
      db = describe_value (right, field, b);
      add_comparison_row (self, &row, _(field->label), da, db, differs);
    }
  for (guint i = 0; i < kind->n_collections; i++)
    {
      const QcCollection *collection = &kind->collections[i];
      GPtrArray *a = c->current_deleted ? NULL : qc_record_get_items (left, collection->name);
      GPtrArray *b = c->other->deleted ? NULL : qc_record_get_items (right, collection->name);
      g_autofree char *da = describe_items (left, a);
      g_autofree char *db = describe_items (right, b);
      gboolean differs = !items_equal (a, b);

      n_differences += differs;
      add_comparison_row (self, &row, _(collection->label), da, db, differs);
    }

  {
    g_autofree char *what = g_utf8_strdown (_(kind->label), -1);
    g_autofree char *text = NULL;

    if (c->current_deleted || c->other->deleted)
      text = g_strdup_printf (_("You and a colleague changed this %s at the same time, and one of you deleted it. "
                                "Keep the version you want: your choice is an ordinary edit that reaches "
                                "your colleagues with your next export."), what);
    else if (n_differences == 0)
      text = g_strdup_printf (_("Both versions of this %s are the same now. Keep either to close the conflict."),
                              what);
    else
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "You and a colleague changed this %s at the same time; %u part differs. "
                                           "The current version has the later edit. Keep the version you want: "
                                           "your choice is an ordinary edit that reaches your colleagues with "
                                           "your next export.",
                                           "You and a colleague changed this %s at the same time; %u parts differ. "
                                           "The current version has the later edit. Keep the version you want: "
                                           "your choice is an ordinary edit that reaches your colleagues with "
                                           "your next export.", n_differences),
                              what, n_differences);
    gtk_label_set_text (self->explanation_label, text);
  }
}

static void
on_differences_toggled (QcConflictsPage *self)
{
  if (self->conflict != NULL)
    fill_comparison (self);
}

static void
show_error (QcConflictsPage *self, const char *heading, const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_conflict (QcConflictsPage *self, gint64 seq)
{
  g_autoptr(GError) error = NULL;
  QcConflict *conflict = qc_conflicts_get (qc_app_store (), seq, &error);
  g_autofree char *subtitle = NULL;

  if (conflict == NULL)
    {
      show_error (self, _("Could Not Open the Conflict"), error->message);
      return;
    }
  g_clear_pointer (&self->conflict, qc_conflict_free);
  self->conflict = conflict;
  adw_window_title_set_title (self->compare_title, conflict->title ? conflict->title : _("Deleted Record"));
  subtitle = g_strdup (_(conflict->kind->label));
  adw_window_title_set_subtitle (self->compare_title, subtitle);
  gtk_toggle_button_set_active (self->differences_button, FALSE);
  fill_comparison (self);
  adw_leaflet_set_visible_child_name (self->leaflet, "compare");
}

/* The list */

static void
on_row_activated (AdwActionRow *row, QcConflictsPage *self)
{
  open_conflict (self, *(gint64 *) g_object_get_data (G_OBJECT (row), "seq"));
}

static void
fill_list (QcConflictsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = qc_conflicts_list (qc_app_store (), NULL, &error);

  for (guint i = 0; i < self->list_rows->len; i++)
    adw_preferences_group_remove (self->list_group, g_ptr_array_index (self->list_rows, i));
  g_ptr_array_set_size (self->list_rows, 0);

  if (conflicts == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Could Not List the Conflicts"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      QcConflict *c = g_ptr_array_index (conflicts, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = qc_timestamp_to_display (c->detected);
      g_autofree char *subtitle = g_strdup_printf (_("%s · found %s"), _(c->kind->label), when);
      g_autofree char *label = NULL;
      const char *title = c->title ? c->title : _("Deleted record");
      gint64 *seq = g_new (gint64, 1);

      *seq = c->seq;
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      label = g_strdup_printf (_("Compare the two versions of this %s"), _(c->kind->label));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
      g_object_set_data_full (G_OBJECT (row), "seq", seq, g_free);
      g_object_set_data_full (G_OBJECT (row), "record-id", g_strdup (c->record_id), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_row_activated), self);
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->list_rows, row);
    }
  if (conflicts->len == 0 && self->reviewed_any)
    {
      adw_status_page_set_title (self->empty_page, _("All Conflicts Reviewed"));
      adw_status_page_set_description (self->empty_page,
                                       _("The versions you kept reach your colleagues with your next export."));
    }
  gtk_stack_set_visible_child_name (self->list_stack, conflicts->len ? "list" : "empty");
}

static void
show_list (QcConflictsPage *self)
{
  fill_list (self);
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  g_clear_pointer (&self->conflict, qc_conflict_free);
  if (self->list_rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->list_rows, 0));
}

static void
on_keep_clicked (GtkButton *button, QcConflictsPage *self)
{
  QcConflictChoice choice = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "choice"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *title;
  AdwToast *toast;

  if (self->conflict == NULL)
    return;
  if (!qc_conflicts_resolve (qc_app_store (), self->conflict->seq, choice, &error))
    {
      show_error (self, _("Could Not Keep This Version"), error->message);
      return;
    }
  self->reviewed_any = TRUE;
  title = self->conflict->title ? self->conflict->title : _("the deleted record");
  text = choice == QC_CONFLICT_KEEP_CURRENT
    ? g_strdup_printf (_("Kept the current version of “%s”"), title)
    : g_strdup_printf (_("Kept the set-aside version of “%s”"), title);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  show_list (self);
}

static void
back_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  QcConflictsPage *self = QC_CONFLICTS_PAGE (widget);

  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "compare") == 0)
    show_list (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* GObject */

static void
qc_conflicts_page_dispose (GObject *object)
{
  QcConflictsPage *self = QC_CONFLICTS_PAGE (object);

  if (self->parent != NULL && g_object_get_data (G_OBJECT (self->parent), PAGE_KEY) == self)
    g_object_set_data (G_OBJECT (self->parent), PAGE_KEY, NULL);
  g_clear_object (&self->parent);
  g_clear_pointer (&self->list_rows, g_ptr_array_unref);
  g_clear_pointer (&self->conflict, qc_conflict_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), QC_TYPE_CONFLICTS_PAGE);
  G_OBJECT_CLASS (qc_conflicts_page_parent_class)->dispose (object);
}

static void
qc_conflicts_page_class_init (QcConflictsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_conflicts_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-conflicts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcConflictsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, QcConflictsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, QcConflictsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, QcConflictsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, QcConflictsPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, QcConflictsPage, compare_title);
  gtk_widget_class_bind_template_child (widget_class, QcConflictsPage, differences_button);
  gtk_widget_class_bind_template_child (widget_class, QcConflictsPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, QcConflictsPage, grid);
  gtk_widget_class_bind_template_callback (widget_class, on_differences_toggled);

  gtk_widget_class_install_action (widget_class, "conflicts.back", NULL, back_activated);
}

static void
qc_conflicts_page_init (QcConflictsPage *self)
{
  self->list_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_style (GTK_WIDGET (self));
}

QcConflictsPage *
qc_conflicts_page_present (GtkWindow *parent, const char *record_id)
{
  QcConflictsPage *self = parent ? g_object_get_data (G_OBJECT (parent), PAGE_KEY) : NULL;

  if (self == NULL)
    {
      self = g_object_new (QC_TYPE_CONFLICTS_PAGE,
                       "application", g_application_get_default (),
                       "transient-for", parent, NULL);
      self->parent = parent ? g_object_ref (parent) : NULL;
      fit_to_parent (GTK_WINDOW (self), parent);
      if (parent != NULL)
        g_object_set_data (G_OBJECT (parent), PAGE_KEY, self);
    }
  show_list (self);
  if (record_id != NULL && *record_id)
    for (guint i = 0; i < self->list_rows->len; i++)
      {
        GObject *row = g_ptr_array_index (self->list_rows, i);
        if (g_strcmp0 (g_object_get_data (row, "record-id"), record_id) == 0)
          {
            open_conflict (self, *(gint64 *) g_object_get_data (row, "seq"));
            break;
          }
      }
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
