#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "qc-actions-page.h"
#include "qc-application.h"
#include "qc-coaching-labels.h"
#include "qc-coaching-queries.h"
#include "qc-labels.h"
#include "qc-window.h"

struct _QcActionsPage
{
  GtkWidget   parent_instance;

  GtkStack   *stack;
  GtkListBox *list_box;
  guint       n_open;
  gboolean    stale;      /* the store changed while hidden */
};

G_DEFINE_FINAL_TYPE (QcActionsPage, qc_actions_page, GTK_TYPE_WIDGET)

enum { OPEN_SESSION, DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef enum { GROUP_OVERDUE, GROUP_DUE, GROUP_UNDATED } Group;

static Group
group_of (const char *due, const char *today)
{
  if (due == NULL)
    return GROUP_UNDATED;
  return strcmp (due, today) < 0 ? GROUP_OVERDUE : GROUP_DUE;
}

static void
on_check_toggled (GtkCheckButton *check, QcActionsPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), GTK_TYPE_LIST_BOX_ROW);

  if (!gtk_check_button_get_active (check))
    return;
  /* The row goes when the store reports the change. */
  gtk_widget_set_sensitive (GTK_WIDGET (check), FALSE);
  g_signal_emit (self, signals[DONE], 0,
                 g_object_get_data (G_OBJECT (row), "qc-session"),
                 g_object_get_data (G_OBJECT (row), "qc-action"));
}

static GtkWidget *
make_row (QcActionsPage *self, QcOpenAction *action, const char *today)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *title = gtk_label_new (action->text ? action->text : _("(no description)"));
  GtkWidget *subtitle;
  const char *owner = qc_app_lookup_title (action->owner);
  g_autofree char *when = qc_session_when_short (action->session_date);
  g_autofree char *due = qc_date_to_display (action->due);
  g_auto(GStrv) projects = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GString) accessible = g_string_new (NULL);
  g_autofree char *check_label = NULL;
  gboolean overdue = group_of (action->due, today) == GROUP_OVERDUE;

  if (owner)
    g_string_append (line, owner);
  if (due)
    {
      g_autofree char *by = g_strdup_printf (_("by %s"), due);
      g_string_append_printf (line, "%s%s", line->len ? " · " : "", by);
    }
  qc_store_get_session_summary (qc_app_store (), action->session_id, today, &projects, NULL, NULL, NULL);
  {
    /* TRANSLATORS: the session an action was agreed in, e.g. "from Mon 2 Feb 2026, 10:00" */
    g_autofree char *from = g_strdup_printf (_("from %s"), when);
    g_string_append_printf (line, "%s%s", line->len ? " · " : "", from);
  }
  if (projects && projects[0] && qc_app_lookup_title (projects[0]))
    g_string_append_printf (line, " · %s", qc_app_lookup_title (projects[0]));

  gtk_widget_add_css_class (row, "qc-action-row");
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  /* TRANSLATORS: %s is what an agreed action is, e.g. "Print the new forms" */
  check_label = g_strdup_printf (_("Mark “%s” done"), action->text ? action->text : "");
  gtk_widget_set_tooltip_text (check, _("Mark done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, check_label, -1);
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), self);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "heading");
  subtitle = gtk_label_new (line->str);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "caption");
  if (overdue)
    gtk_widget_add_css_class (subtitle, "qc-overdue");
  else
    gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_box_append (GTK_BOX (text_box), title);
  gtk_box_append (GTK_BOX (text_box), subtitle);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), text_box);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_string_append (accessible, action->text ? action->text : "");
  if (overdue)
    g_string_append_printf (accessible, ", %s", _("overdue"));
  g_string_append_printf (accessible, ", %s", line->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str, -1);

  g_object_set_data_full (G_OBJECT (row), "qc-session", g_strdup (action->session_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "qc-action", g_strdup (action->action_id), g_free);
  g_object_set_data (G_OBJECT (row), "qc-group", GINT_TO_POINTER (group_of (action->due, today)));
  return row;
}

static void
update_header (GtkListBoxRow *row, GtkListBoxRow *before, gpointer data)
{
  Group group = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "qc-group"));
  const char *text;
  GtkWidget *header;

  if (before != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "qc-group")) == (int) group)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  text = group == GROUP_OVERDUE ? _("Overdue") : group == GROUP_DUE ? _("Due") : _("No Due Date");
  header = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_top (header, before ? 12 : 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_bottom (header, 2);
  gtk_widget_add_css_class (header, "heading");
  if (group == GROUP_OVERDUE)
    gtk_widget_add_css_class (header, "error");
  else
    gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

void
qc_actions_page_refresh (QcActionsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *today = qc_date_today ();
  GtkWidget *child;

  g_return_if_fail (QC_IS_ACTIONS_PAGE (self));

  self->stale = FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  if (qc_app_store () == NULL)
    return;
  actions = qc_store_dup_open_actions (qc_app_store (), &error);
  if (actions == NULL)
    {
      qc_widget_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  for (guint i = 0; i < actions->len; i++)
    gtk_list_box_append (self->list_box, make_row (self, g_ptr_array_index (actions, i), today));
  self->n_open = actions->len;
  gtk_stack_set_visible_child_name (self->stack, actions->len ? "list" : "empty");
}

guint
qc_actions_page_get_n_open (QcActionsPage *self)
{
  return self->n_open;
}

static void
on_row_activated (QcActionsPage *self, GtkListBoxRow *row)
{
  g_signal_emit (self, signals[OPEN_SESSION], 0, g_object_get_data (G_OBJECT (row), "qc-session"));
}

static void
on_store_changed (QcStore *store, const char *kind, QcActionsPage *self)
{
  if (!g_str_equal (kind, "session") && !g_str_equal (kind, "person") && !g_str_equal (kind, "project"))
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    qc_actions_page_refresh (self);
  else
    self->stale = TRUE;
}

static void
qc_actions_page_map (GtkWidget *widget)
{
  QcActionsPage *self = QC_ACTIONS_PAGE (widget);

  GTK_WIDGET_CLASS (qc_actions_page_parent_class)->map (widget);
  if (self->stale)
    qc_actions_page_refresh (self);
}

static void
qc_actions_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), QC_TYPE_ACTIONS_PAGE);
  G_OBJECT_CLASS (qc_actions_page_parent_class)->dispose (object);
}

static void
qc_actions_page_class_init (QcActionsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = qc_actions_page_dispose;
  widget_class->map = qc_actions_page_map;

  /* The user activated an action: show session (id). */
  signals[OPEN_SESSION] = g_signal_new ("open-session", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The user ticked action (session id, action id) as done. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-actions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcActionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, QcActionsPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qc_actions_page_init (QcActionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list_box, update_header, NULL, NULL);
  if (qc_app_store () != NULL)
    g_signal_connect_object (qc_app_store (), "changed", G_CALLBACK (on_store_changed), self, 0);
  qc_actions_page_refresh (self);
}
