#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-search-popover.h"

#define MAX_RESULTS 50

struct _QcSearchPopover
{
  GtkPopover      parent_instance;
  GtkSearchEntry *entry;
  GtkStack       *results_stack;
  GtkListBox     *results;
};

G_DEFINE_FINAL_TYPE (QcSearchPopover, qc_search_popover, GTK_TYPE_POPOVER)

enum { OPEN_RECORD, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
kind_icon (const QcKind *kind)
{
  if (kind == &qc_kind_project)
    return "folder-documents-symbolic";
  if (kind == &qc_kind_pdsa)
    return "view-refresh-symbolic";
  if (kind == &qc_kind_session)
    return "system-users-symbolic";
  if (kind == &qc_kind_person)
    return "avatar-default-symbolic";
  if (kind == &qc_kind_organisation)
    return "x-office-address-book-symbolic";
  if (kind == &qc_kind_measure)
    return "x-office-spreadsheet-symbolic";
  return "user-bookmarks-symbolic";
}

/* "…the [sepsis] screen…" with the matched words in bold. */
static char *
snippet_markup (const char *snippet)
{
  g_autofree char *escaped = g_markup_escape_text (snippet ? snippet : "", -1);
  g_autoptr(GString) markup = g_string_new (escaped);

  g_string_replace (markup, "[", "<b>", 0);
  g_string_replace (markup, "]", "</b>", 0);
  g_string_replace (markup, "\n", " ", 0);
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static GtkWidget *
create_row (QcSearchHit *hit)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (hit->kind));
  GtkWidget *title = gtk_label_new (hit->title);
  GtkWidget *detail = gtk_label_new (NULL);
  g_autofree char *markup = snippet_markup (hit->snippet);
  g_autoptr(GString) plain = g_string_new (hit->snippet);
  g_autofree char *detail_markup = NULL;

  /* A match in the title needs no snippet: the title shows it. */
  g_string_replace (plain, "[", "", 0);
  g_string_replace (plain, "]", "", 0);
  if (g_strcmp0 (plain->str, hit->title) == 0)
    detail_markup = g_markup_escape_text (_(hit->kind->label), -1);
  else
    detail_markup = g_strdup_printf ("%s · %s", _(hit->kind->label), markup);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", _(hit->kind->label), hit->title);

  gtk_label_set_markup (GTK_LABEL (detail), detail_markup);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), detail);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "record-id", g_strdup (hit->id), g_free);
  return row;
}

static void
on_search_changed (QcSearchPopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))))
    gtk_list_box_remove (self->results, child);

  if (*text == '\0' || qc_app_store () == NULL)
    {
      gtk_stack_set_visible_child_name (self->results_stack, "hint");
      return;
    }
  hits = qc_store_search (qc_app_store (), text, MAX_RESULTS, &error);
  if (hits == NULL)
    {
      g_warning ("Search failed: %s", error->message);
      gtk_stack_set_visible_child_name (self->results_stack, "none");
      return;
    }
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->results, create_row (g_ptr_array_index (hits, i)));
  gtk_list_box_select_row (self->results, gtk_list_box_get_row_at_index (self->results, 0));
  gtk_stack_set_visible_child_name (self->results_stack, hits->len ? "results" : "none");
}

static void
open_row (QcSearchPopover *self, GtkListBoxRow *row)
{
  const char *id;

  if (row == NULL)
    return;
  id = g_object_get_data (G_OBJECT (row), "record-id");
  g_signal_emit (self, signals[OPEN_RECORD], 0, id);
}

static void
on_row_activated (QcSearchPopover *self, GtkListBoxRow *row)
{
  open_row (self, row);
}

static void
on_entry_activate (QcSearchPopover *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results);

  open_row (self, row ? row : gtk_list_box_get_row_at_index (self->results, 0));
}

/* Down and Up move through the results while the focus stays in the entry. */
static gboolean
on_entry_key (GtkEventControllerKey *controller, guint keyval, guint keycode,
              GdkModifierType state, QcSearchPopover *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results);
  int index = row ? gtk_list_box_row_get_index (row) : -1;
  GtkListBoxRow *next = NULL;

  if (keyval == GDK_KEY_Down)
    next = gtk_list_box_get_row_at_index (self->results, index + 1);
  else if (keyval == GDK_KEY_Up && index > 0)
    next = gtk_list_box_get_row_at_index (self->results, index - 1);
  else
    return FALSE;
  if (next != NULL)
    gtk_list_box_select_row (self->results, next);
  return TRUE;
}

static void
on_stop_search (QcSearchPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
on_show (QcSearchPopover *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  /* Results may be stale after edits elsewhere. */
  on_search_changed (self);
}

static void
qc_search_popover_class_init (QcSearchPopoverClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* A search result was chosen; the argument is the record's id. */
  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-search-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, QcSearchPopover, entry);
  gtk_widget_class_bind_template_child (widget_class, QcSearchPopover, results_stack);
  gtk_widget_class_bind_template_child (widget_class, QcSearchPopover, results);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_show);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
}

static void
qc_search_popover_init (QcSearchPopover *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}
