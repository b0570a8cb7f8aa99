#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "qc-autosave.h"
#include "qc-chart-widget.h"
#include "qc-labels.h"
#include "qc-measure-chart.h"
#include "qc-measure-page.h"
#include "qc-points-csv.h"
#include "qc-text-row.h"

/* ---- one row of the data table --------------------------------------------- */

enum
{
  CELL_DATE,
  CELL_VALUE,
  CELL_NUMERATOR,
  CELL_DENOMINATOR,
  CELL_NOTE,
  CELL_PDSA,
  N_CELLS,
};

/* The point's field behind each cell. */
static const char *const cell_fields[N_CELLS] = {
  "date", "value", "numerator", "denominator", "text", "pdsa",
};

#define QC_TYPE_POINT_ROW (qc_point_row_get_type ())
G_DECLARE_FINAL_TYPE (QcPointRow, qc_point_row, QC, POINT_ROW, GObject)

/* What is typed in each cell, and the point as it was when every cell was
 * last valid: a half-typed date never reaches the database. */
struct _QcPointRow
{
  GObject  parent_instance;
  char    *text[N_CELLS];
  QcItem  *item;
  guint    invalid;   /* a bit per cell */
};

G_DEFINE_FINAL_TYPE (QcPointRow, qc_point_row, G_TYPE_OBJECT)

static void
qc_point_row_finalize (GObject *object)
{
  QcPointRow *self = QC_POINT_ROW (object);

  for (guint i = 0; i < N_CELLS; i++)
    g_free (self->text[i]);
  g_clear_pointer (&self->item, qc_item_free);
  G_OBJECT_CLASS (qc_point_row_parent_class)->finalize (object);
}

static void
qc_point_row_class_init (QcPointRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = qc_point_row_finalize;
}

static void
qc_point_row_init (QcPointRow *self)
{
}

static const QcCollection *
points_collection (void)
{
  return qc_kind_find_collection (&qc_kind_measure, "point", NULL);
}

/* A stored number as a person writes it: 0.9, not 0.90000000000000002. */
static char *
display_number (const char *text)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE], format[8];
  char *end = NULL;
  double d;

  if (text == NULL)
    return NULL;
  d = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (d))
    return g_strdup (text);
  for (int digits = 1; digits <= 17; digits++)
    {
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }
  return g_strdup (buf);
}

static QcPointRow *
qc_point_row_new (const QcItem *item)
{
  QcPointRow *self = g_object_new (QC_TYPE_POINT_ROW, NULL);

  self->item = item ? qc_item_copy (item) : qc_item_new (points_collection ());
  for (guint i = 0; i < N_CELLS; i++)
    {
      const char *value = qc_item_get (self->item, cell_fields[i]);

      if (i == CELL_VALUE || i == CELL_NUMERATOR || i == CELL_DENOMINATOR)
        self->text[i] = display_number (value);
      else
        self->text[i] = g_strdup (value);
    }
  if (qc_item_get (self->item, "date") == NULL)
    self->invalid |= 1u << CELL_DATE;
  return self;
}

/* Checks what was typed in a cell; on success *value is what to store
 * (NULL for an empty optional cell). */
static gboolean
parse_cell (guint        cell,
            const char  *text,
            char       **value)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  const QcField *field;

  *value = NULL;
  switch (cell)
    {
    case CELL_DATE:
      *value = qc_measure_parse_date (stripped);
      return *value != NULL;

    case CELL_VALUE:
    case CELL_NUMERATOR:
    case CELL_DENOMINATOR:
      if (*stripped == '\0')
        return TRUE;
      field = qc_collection_find_field (points_collection (), cell_fields[cell], NULL);
      if (!qc_field_validate (field, stripped, NULL))
        return FALSE;
      if (cell == CELL_DENOMINATOR && g_ascii_strtod (stripped, NULL) <= 0)
        return FALSE;
      *value = qc_field_normalize (field, stripped);
      return TRUE;

    case CELL_NOTE:
    case CELL_PDSA:
    default:
      *value = *stripped ? g_steal_pointer (&stripped) : NULL;
      return TRUE;
    }
}

/* ---- the page ------------------------------------------------------------------ */

struct _QcMeasurePage
{
  GtkWidget            parent_instance;

  QcStore             *store;
  char                *measure_id;
  QcRecord            *record;
  QcAutosave          *autosave;
  gboolean             loading;
  GListStore          *rows;
  GtkSingleSelection  *selection;
  GtkStringList       *pdsa_model;     /* "None", then the project's cycles */
  GPtrArray           *pdsa_ids;       /* parallel to pdsa_model; [0] is NULL */
  GPtrArray           *phase_rows;
  GtkColumnViewColumn *columns[N_CELLS];
  gulong               changed_id;

  GtkLabel            *title_label;
  GtkLabel            *status_label;
  GtkLabel            *count_label;
  QcChartWidget       *chart;
  AdwViewStack        *stack;
  GtkScrolledWindow   *points_scroller;
  GtkColumnView       *points_view;
  AdwPreferencesGroup *definition_group;
  AdwPreferencesGroup *phases_group;
  AdwEntryRow         *name_row;
  AdwComboRow         *kind_row;
  QcTextRow           *definition_row;
  AdwEntryRow         *unit_row;
  AdwComboRow         *direction_row;
  AdwEntryRow         *target_row;
  AdwComboRow         *chart_row;
  AdwComboRow         *rules_row;
  GtkStringList       *kind_model;
  GtkStringList       *direction_model;
  GtkStringList       *chart_model;
  GtkStringList       *rules_model;
};

G_DEFINE_FINAL_TYPE (QcMeasurePage, qc_measure_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STORE, PROP_MEASURE_ID, PROP_TITLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The combo rows' choices, in the order shown. */
static const char *const kind_values[] = { NULL, "outcome", "process", "balancing" };
static const char *const direction_values[] = { NULL, "increase", "decrease", "neutral" };
static const char *const chart_values[] = { "run", "i", "p", "u", "c" };

static GtkWindow *
parent_window (QcMeasurePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (QcMeasurePage *self,
            const char    *heading,
            const char    *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_toast (QcMeasurePage *self,
            const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    gtk_label_set_text (self->status_label, text);
}

/* ---- saving ----------------------------------------------------------------------- */

static void
update_status (QcMeasurePage *self)
{
  const char *text = "";

  if (self->autosave == NULL || self->record == NULL)
    return;
  switch (qc_autosave_get_state (self->autosave))
    {
    case QC_AUTOSAVE_SAVED:
      text = _("All changes saved");
      break;
    case QC_AUTOSAVE_PENDING:
      text = _("Saving…");
      break;
    case QC_AUTOSAVE_INVALID:
    case QC_AUTOSAVE_FAILED:
    default:
      text = qc_autosave_get_problem (self->autosave);
      break;
    }
  gtk_label_set_text (self->status_label, text ? text : "");
  if (qc_autosave_get_state (self->autosave) == QC_AUTOSAVE_FAILED ||
      qc_autosave_get_state (self->autosave) == QC_AUTOSAVE_INVALID)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
update_title (QcMeasurePage *self)
{
  const char *name = self->record ? qc_record_get (self->record, "name") : NULL;

  gtk_label_set_text (self->title_label, name ? name : _("Untitled measure"));
  if (name == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
update_count (QcMeasurePage *self)
{
  guint n = self->record ? qc_record_get_items (self->record, "point")->len : 0;
  guint rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint invalid = 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point", "%u points", n), n);

  for (guint i = 0; i < rows; i++)
    {
      g_autoptr(QcPointRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      invalid += row->invalid != 0;
    }
  if (invalid > 0)
    {
      /* What is typed there waits: the point keeps its last valid values. */
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s; %u row has an entry to correct",
                                                            "%s; %u rows have an entry to correct",
                                                            invalid),
                                               text, invalid);
      gtk_label_set_text (self->count_label, more);
      gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "error");
    }
  else
    {
      gtk_label_set_text (self->count_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "error");
    }
}

/* The record changed: redraw now, save after a pause. */
static void
edited (QcMeasurePage *self)
{
  if (self->loading || self->record == NULL)
    return;
  qc_chart_widget_set_record (self->chart, self->record);
  update_title (self);
  update_count (self);
  qc_autosave_queue (self->autosave);
}

static void
set_field (QcMeasurePage *self,
           const char    *field,
           const char    *value)
{
  g_autofree char *stripped = value ? g_strstrip (g_strdup (value)) : NULL;

  if (self->loading || self->record == NULL)
    return;
  if (stripped != NULL && *stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  if (g_strcmp0 (qc_record_get (self->record, field), stripped) == 0)
    return;
  qc_record_set (self->record, field, stripped);
  edited (self);
}

/* The record's points are the rows with a valid date, in table order. */
static void
points_changed (QcMeasurePage *self)
{
  GPtrArray *items;
  guint n;

  if (self->record == NULL)
    return;
  qc_record_clear_items (self->record, "point");
  items = qc_record_get_items (self->record, "point");
  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(QcPointRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (qc_item_get (row->item, "date") != NULL)
        g_ptr_array_add (items, qc_item_copy (row->item));
    }
  edited (self);
}

/* ---- the definition --------------------------------------------------------------- */

static guint
index_of (const char *const *values,
          guint              n_values,
          const char        *value)
{
  for (guint i = 0; i < n_values; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return 0;
}

static QcChartType
current_type (QcMeasurePage *self)
{
  return self->record ? qc_measure_chart_type_of (self->record) : QC_CHART_TYPE_RUN;
}

/* Value, or numerator and denominator, as the chart type takes them; a
 * column with data in it stays visible whatever the type. */
static void
update_columns (QcMeasurePage *self)
{
  QcChartType type = current_type (self);
  gboolean has_value = FALSE, has_ratio = FALSE;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(QcPointRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      has_value |= row->text[CELL_VALUE] != NULL && *row->text[CELL_VALUE] != '\0';
      has_ratio |= (row->text[CELL_NUMERATOR] != NULL && *row->text[CELL_NUMERATOR] != '\0') ||
                   (row->text[CELL_DENOMINATOR] != NULL && *row->text[CELL_DENOMINATOR] != '\0');
    }
  gtk_column_view_column_set_visible (self->columns[CELL_VALUE],
                                      !qc_chart_type_needs_denominators (type) || has_value);
  gtk_column_view_column_set_visible (self->columns[CELL_NUMERATOR],
                                      qc_chart_type_allows_denominators (type) || has_ratio);
  gtk_column_view_column_set_visible (self->columns[CELL_DENOMINATOR],
                                      qc_chart_type_allows_denominators (type) || has_ratio);
}

static void
on_entry_row_changed (GtkEditable   *editable,
                      QcMeasurePage *self)
{
  set_field (self, g_object_get_data (G_OBJECT (editable), "qc-field"), gtk_editable_get_text (editable));
}

static void
on_definition_changed (QcTextRow     *row,
                       QcMeasurePage *self)
{
  g_autofree char *text = qc_text_row_dup_text (row);

  set_field (self, "definition", text);
}

static void
on_target_changed (GtkEditable   *editable,
                   QcMeasurePage *self)
{
  const QcField *field = qc_kind_find_field (&qc_kind_measure, "target", NULL);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  g_autofree char *value = NULL;

  if (*text != '\0' && !qc_field_validate (field, text, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->target_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->target_row), "error");
  value = *text != '\0' ? qc_field_normalize (field, text) : NULL;
  set_field (self, "target", value);
}

static void
on_combo_changed (AdwComboRow   *row,
                  GParamSpec    *pspec,
                  QcMeasurePage *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->loading || self->record == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (row == self->kind_row && selected < G_N_ELEMENTS (kind_values))
    set_field (self, "kind", kind_values[selected]);
  else if (row == self->direction_row && selected < G_N_ELEMENTS (direction_values))
    set_field (self, "direction", direction_values[selected]);
  else if (row == self->chart_row && selected < G_N_ELEMENTS (chart_values))
    {
      set_field (self, "chart", chart_values[selected]);
      update_columns (self);
    }
  else if (row == self->rules_row && selected < QC_CHART_N_RULES)
    {
      /* A display choice of this computer: not an edit of the measure. */
      qc_chart_rules_remember (self->measure_id, (QcChartRules) selected);
      qc_chart_widget_set_rules (self->chart, (QcChartRules) selected);
    }
}

static void
load_definition (QcMeasurePage *self)
{
  QcRecord *r = self->record;
  const char *chart = r ? qc_record_get (r, "chart") : NULL;
  g_autofree char *target = NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), r && qc_record_get (r, "name") ? qc_record_get (r, "name") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->unit_row), r && qc_record_get (r, "unit") ? qc_record_get (r, "unit") : "");
  target = r ? display_number (qc_record_get (r, "target")) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->target_row), target ? target : "");
  qc_text_row_set_text (self->definition_row, r ? qc_record_get (r, "definition") : NULL);
  adw_combo_row_set_selected (self->kind_row,
                              index_of (kind_values, G_N_ELEMENTS (kind_values), r ? qc_record_get (r, "kind") : NULL));
  adw_combo_row_set_selected (self->direction_row,
                              index_of (direction_values, G_N_ELEMENTS (direction_values),
                                        r ? qc_record_get (r, "direction") : NULL));
  adw_combo_row_set_selected (self->chart_row,
                              index_of (chart_values, G_N_ELEMENTS (chart_values), chart ? chart : "run"));
  adw_combo_row_set_selected (self->rules_row, qc_chart_rules_for_measure (self->measure_id));
}

/* ---- the project's PDSA cycles ---------------------------------------------------- */

static int
pdsa_index (QcMeasurePage *self,
            const char    *id)
{
  for (guint i = 1; id != NULL && i < self->pdsa_ids->len; i++)
    if (g_strcmp0 (self->pdsa_ids->pdata[i], id) == 0)
      return (int) i;
  return 0;
}

static void
rebuild_pdsa (QcMeasurePage *self)
{
  const char *project = self->record ? qc_record_get (self->record, "project") : NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  gboolean was_loading;
  guint n;

  g_ptr_array_set_size (self->pdsa_ids, 0);
  g_ptr_array_add (self->pdsa_ids, NULL);
  g_strv_builder_add (labels, _("None"));
  if (project != NULL && self->store != NULL)
    ids = qc_store_list_ids (self->store, &qc_kind_pdsa, project, NULL);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr(QcRecord) pdsa = qc_store_load (self->store, ids->pdata[i], NULL);
      g_autofree char *label = NULL;

      if (pdsa == NULL)
        continue;
      label = qc_measure_chart_pdsa_label (pdsa);
      g_strv_builder_add (labels, label);
      g_ptr_array_add (self->pdsa_ids, g_strdup (ids->pdata[i]));
    }
  strv = g_strv_builder_end (labels);
  /* Dropdowns bound to rows follow the model; keep them from reading the
   * change as a choice. */
  was_loading = self->loading;
  self->loading = TRUE;
  gtk_string_list_splice (self->pdsa_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->pdsa_model)),
                          (const char * const *) strv);
  self->loading = was_loading;
  /* Rows shown choose their cycle again from the new list. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self->rows), 0, n, n);
}

/* ---- the data table --------------------------------------------------------------- */

static void
on_cell_changed (GtkEditable   *editable,
                 QcMeasurePage *self)
{
  QcPointRow *row = g_object_get_data (G_OBJECT (editable), "qc-row");
  guint cell = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editable), "qc-cell"));
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *value = NULL;

  if (row == NULL || self->loading)
    return;
  g_free (row->text[cell]);
  row->text[cell] = g_strdup (text);
  if (!parse_cell (cell, text, &value))
    {
      row->invalid |= 1u << cell;
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      update_count (self);
      return;
    }
  row->invalid &= ~(1u << cell);
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  if (g_strcmp0 (qc_item_get (row->item, cell_fields[cell]), value) == 0)
    {
      update_count (self);
      return;
    }
  qc_item_set (row->item, cell_fields[cell], value);
  points_changed (self);
}

static const char *
cell_title (guint cell)
{
  switch (cell)
    {
    case CELL_DATE:
      return _("Date");
    case CELL_VALUE:
      return _("Value");
    case CELL_NUMERATOR:
      return _("Numerator");
    case CELL_DENOMINATOR:
      return _("Denominator");
    case CELL_NOTE:
      return _("Note");
    case CELL_PDSA:
      return _("PDSA cycle");
    default:
      return "";
    }
}

static void
setup_entry_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  QcMeasurePage            *self)
{
  guint cell = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "qc-cell"));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_has_frame (GTK_ENTRY (entry), FALSE);
  g_object_set_data (G_OBJECT (entry), "qc-cell", GUINT_TO_POINTER (cell));
  switch (cell)
    {
    case CELL_DATE:
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 11);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("2026-03-31"));
      break;
    case CELL_NOTE:
      gtk_widget_set_hexpand (entry, TRUE);
      break;
    default:
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      break;
    }
  g_signal_connect (entry, "changed", G_CALLBACK (on_cell_changed), self);
  gtk_list_item_set_child (item, entry);
}

static void
label_cell (GtkWidget   *widget,
            guint        cell,
            GtkListItem *item)
{
  g_autofree char *label =
    /* Translators: the accessible name of a cell: its column, then the row */
    g_strdup_printf (_("%s, point %u"), cell_title (cell), gtk_list_item_get_position (item) + 1);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
bind_entry_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 QcMeasurePage            *self)
{
  GtkWidget *entry = gtk_list_item_get_child (item);
  QcPointRow *row = gtk_list_item_get_item (item);
  guint cell = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "qc-cell"));

  g_object_set_data (G_OBJECT (entry), "qc-row", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), row->text[cell] ? row->text[cell] : "");
  g_object_set_data (G_OBJECT (entry), "qc-row", row);
  if (row->invalid & (1u << cell))
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
  label_cell (entry, cell, item);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             QcMeasurePage            *self)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "qc-row", NULL);
}

static void
on_pdsa_selected (GtkDropDown   *dropdown,
                  GParamSpec    *pspec,
                  QcMeasurePage *self)
{
  QcPointRow *row = g_object_get_data (G_OBJECT (dropdown), "qc-row");
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *id;

  if (row == NULL || self->loading || selected >= self->pdsa_ids->len)
    return;
  id = self->pdsa_ids->pdata[selected];
  if (g_strcmp0 (qc_item_get (row->item, "pdsa"), id) == 0)
    return;
  /* A cycle of another project (from an import) stays until changed. */
  if (id == NULL && qc_item_get (row->item, "pdsa") != NULL && pdsa_index (self, qc_item_get (row->item, "pdsa")) == 0)
    return;
  g_free (row->text[CELL_PDSA]);
  row->text[CELL_PDSA] = g_strdup (id);
  qc_item_set (row->item, "pdsa", id);
  points_changed (self);
}

static void
setup_pdsa_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 QcMeasurePage            *self)
{
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->pdsa_model)), NULL);

  gtk_widget_add_css_class (dropdown, "flat");
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_pdsa_selected), self);
  gtk_list_item_set_child (item, dropdown);
}

static void
bind_pdsa_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                QcMeasurePage            *self)
{
  GtkWidget *dropdown = gtk_list_item_get_child (item);
  QcPointRow *row = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (dropdown), "qc-row", NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), pdsa_index (self, qc_item_get (row->item, "pdsa")));
  g_object_set_data (G_OBJECT (dropdown), "qc-row", row);
  label_cell (dropdown, CELL_PDSA, item);
}

static void
on_remove_clicked (GtkButton     *button,
                   QcMeasurePage *self)
{
  QcPointRow *row = g_object_get_data (G_OBJECT (button), "qc-row");
  guint position;

  if (row != NULL && g_list_store_find (self->rows, row, &position))
    {
      g_list_store_remove (self->rows, position);
      points_changed (self);
    }
}

static void
setup_remove_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   QcMeasurePage            *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove this point"));
  g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked), self);
  gtk_list_item_set_child (item, button);
}

static void
bind_remove_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  QcMeasurePage            *self)
{
  GtkWidget *button = gtk_list_item_get_child (item);
  g_autofree char *label = g_strdup_printf (_("Remove point %u"), gtk_list_item_get_position (item) + 1);

  g_object_set_data (G_OBJECT (button), "qc-row", gtk_list_item_get_item (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static GtkColumnViewColumn *
add_column (QcMeasurePage *self,
            guint          cell,
            const char    *title,
            GCallback      setup,
            GCallback      bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "qc-cell", GUINT_TO_POINTER (cell));
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_append_column (self->points_view, column);
  g_object_unref (column);
  return column;
}

static void
build_columns (QcMeasurePage *self)
{
  GtkColumnViewColumn *remove;

  for (guint cell = 0; cell < N_CELLS; cell++)
    {
      if (cell == CELL_PDSA)
        self->columns[cell] = add_column (self, cell, cell_title (cell),
                                          G_CALLBACK (setup_pdsa_cell), G_CALLBACK (bind_pdsa_cell));
      else
        self->columns[cell] = add_column (self, cell, cell_title (cell),
                                          G_CALLBACK (setup_entry_cell), G_CALLBACK (bind_entry_cell));
    }
  gtk_column_view_column_set_expand (self->columns[CELL_NOTE], TRUE);
  remove = add_column (self, N_CELLS, "", G_CALLBACK (setup_remove_cell), G_CALLBACK (bind_remove_cell));
  gtk_column_view_column_set_fixed_width (remove, 48);
}

static void
load_rows (QcMeasurePage *self)
{
  GPtrArray *items = self->record ? qc_record_get_items (self->record, "point") : NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (rows, qc_point_row_new (g_ptr_array_index (items, i)));
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
  update_columns (self);
  update_count (self);
}

/* ---- phases ------------------------------------------------------------------------- */

static void rebuild_phases (QcMeasurePage *self);

static void
on_remove_phase (GtkButton     *button,
                 QcMeasurePage *self)
{
  QcItem *item = g_object_get_data (G_OBJECT (button), "qc-item");
  GPtrArray *phases = qc_record_get_items (self->record, "phase");

  if (item != NULL && g_ptr_array_remove (phases, item))
    {
      rebuild_phases (self);
      edited (self);
    }
}

static int
compare_phase_items (gconstpointer a,
                     gconstpointer b)
{
  const QcItem *x = *(QcItem * const *) a, *y = *(QcItem * const *) b;

  return g_strcmp0 (qc_item_get (x, "start"), qc_item_get (y, "start"));
}

static void
rebuild_phases (QcMeasurePage *self)
{
  GPtrArray *phases = self->record ? qc_record_get_items (self->record, "phase") : NULL;
  g_autoptr(GPtrArray) sorted = NULL;

  for (guint i = 0; i < self->phase_rows->len; i++)
    adw_preferences_group_remove (self->phases_group, self->phase_rows->pdata[i]);
  g_ptr_array_set_size (self->phase_rows, 0);
  if (phases == NULL)
    return;

  /* Shown in date order; the record keeps its own (a copy would free
   * the items with it). */
  sorted = g_ptr_array_sized_new (phases->len);
  for (guint i = 0; i < phases->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (phases, i));
  g_ptr_array_sort (sorted, compare_phase_items);
  for (guint i = 0; i < sorted->len; i++)
    {
      QcItem *item = g_ptr_array_index (sorted, i);
      const char *label = qc_item_get (item, "label");
      g_autofree char *date = qc_date_to_display (qc_item_get (item, "start"));
      g_autofree char *subtitle = g_strdup_printf (_("From %s"), date ? date : "");
      g_autofree char *remove_label = g_strdup_printf (_("Remove the phase from %s"), date ? date : "");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label ? label : _("No reason given"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      g_object_set_data (G_OBJECT (button), "qc-item", item);
      g_signal_connect (button, "clicked", G_CALLBACK (on_remove_phase), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->phases_group, row);
      g_ptr_array_add (self->phase_rows, row);
    }
}

typedef struct
{
  QcMeasurePage *page;
  GtkWidget     *dialog;
  AdwEntryRow   *date_row;
  AdwEntryRow   *reason_row;
} PhaseDialog;

static void
phase_dialog_free (gpointer data)
{
  PhaseDialog *d = data;

  g_object_unref (d->page);
  g_free (d);
}

static void
on_phase_date_changed (GtkEditable *editable,
                       PhaseDialog *d)
{
  g_autofree char *date = qc_measure_parse_date (gtk_editable_get_text (editable));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (d->dialog), "add", date != NULL);
  if (date == NULL && *gtk_editable_get_text (editable) != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (d->date_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (d->date_row), "error");
}

static void
on_phase_response (AdwMessageDialog *dialog,
                   const char       *response,
                   PhaseDialog      *d)
{
  QcMeasurePage *self = d->page;
  g_autofree char *date = NULL;
  g_autofree char *reason = NULL;
  QcItem *item;

  if (!g_str_equal (response, "add") || self->record == NULL)
    return;
  date = qc_measure_parse_date (gtk_editable_get_text (GTK_EDITABLE (d->date_row)));
  if (date == NULL)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->reason_row))));
  item = qc_record_add_item (self->record, "phase");
  qc_item_set (item, "start", date);
  qc_item_set (item, "label", *reason ? reason : NULL);
  rebuild_phases (self);
  edited (self);
}

/* The date of the chosen row, else of the last row. */
static char *
suggested_phase_date (QcMeasurePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint selected = gtk_single_selection_get_selected (self->selection);
  g_autoptr(QcPointRow) row = NULL;

  if (n == 0)
    return qc_date_today ();
  row = g_list_model_get_item (G_LIST_MODEL (self->rows), selected < n ? selected : n - 1);
  return g_strdup (qc_item_get (row->item, "date") ? qc_item_get (row->item, "date") : "");
}

static void
add_phase_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (widget);
  PhaseDialog *d = g_new0 (PhaseDialog, 1);
  g_autofree char *date = suggested_phase_date (self);
  GtkWidget *list = gtk_list_box_new ();

  d->page = g_object_ref (self);
  d->dialog = adw_message_dialog_new (parent_window (self), _("Add a Phase"),
                                      _("From the first point on or after this date the chart gets new "
                                        "centre line and limits. Say what changed in the process."));
  d->date_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->date_row), _("Start date"));
  gtk_editable_set_text (GTK_EDITABLE (d->date_row), date);
  d->reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->reason_row), _("Reason, e.g. new triage form in use"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->date_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->reason_row));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (d->dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (d->dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Phase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (d->dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (d->dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (d->dialog), "cancel");
  g_signal_connect (d->date_row, "changed", G_CALLBACK (on_phase_date_changed), d);
  on_phase_date_changed (GTK_EDITABLE (d->date_row), d);
  g_signal_connect_data (d->dialog, "response", G_CALLBACK (on_phase_response), d,
                         (GClosureNotify) (void (*) (void)) phase_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (d->dialog));
  gtk_widget_grab_focus (GTK_WIDGET (d->reason_row));
}

/* ---- adding points ---------------------------------------------------------------- */

static void
scroll_to_row (QcMeasurePage *self,
               guint          position)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->points_scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  double upper = gtk_adjustment_get_upper (adj), page = gtk_adjustment_get_page_size (adj);

  if (n == 0)
    return;
  /* Rows are of equal height; GTK 4.8 has no scroll-to for column views. */
  gtk_adjustment_set_value (adj, CLAMP (upper * position / n - page / 2, 0, upper - page));
}

static gboolean
scroll_to_end_idle (gpointer data)
{
  QcMeasurePage *self = data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->points_scroller);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* The next date in the measure's rhythm: a month, a week, a day... */
static char *
next_date (QcMeasurePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  GDate dates[2];
  guint found = 0;

  for (guint i = n; i > 0 && found < 2; i--)
    {
      g_autoptr(QcPointRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i - 1);
      const char *date = qc_item_get (row->item, "date");

      int y, m, d;

      if (date != NULL && sscanf (date, "%d-%d-%d", &y, &m, &d) == 3 &&
          g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        {
          g_date_clear (&dates[found], 1);
          g_date_set_dmy (&dates[found], (GDateDay) d, (GDateMonth) m, (GDateYear) y);
          found++;
        }
    }
  if (found == 0)
    return qc_date_today ();
  {
    GDate next = dates[0];
    char buf[16];

    if (found == 2 && g_date_get_day (&dates[0]) == 1 && g_date_get_day (&dates[1]) == 1 &&
        g_date_compare (&dates[0], &dates[1]) > 0)
      g_date_add_months (&next, 1);
    else if (found == 2 && g_date_compare (&dates[0], &dates[1]) > 0)
      g_date_add_days (&next, (guint) g_date_days_between (&dates[1], &dates[0]));
    else
      g_date_add_days (&next, 7);
    g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &next);
    return g_strdup (buf);
  }
}

static void
add_point_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (widget);
  g_autoptr(QcItem) item = qc_item_new (points_collection ());
  g_autofree char *date = next_date (self);
  g_autoptr(QcPointRow) row = NULL;

  qc_item_set (item, "date", date);
  row = qc_point_row_new (item);
  g_list_store_append (self->rows, row);
  points_changed (self);
  adw_view_stack_set_visible_child_name (self->stack, "data");
  g_idle_add (scroll_to_end_idle, g_object_ref (self));
}

static void
append_points (QcMeasurePage *self,
               GPtrArray     *points,
               gboolean       replace)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  for (guint i = 0; i < points->len; i++)
    g_ptr_array_add (rows, qc_point_row_new (g_ptr_array_index (points, i)));
  g_list_store_splice (self->rows, replace ? 0 : n, replace ? n : 0, rows->pdata, rows->len);
  update_columns (self);
  points_changed (self);
  /* One version in the history for the whole paste or import. */
  qc_autosave_flush (self->autosave);
  update_status (self);
  adw_view_stack_set_visible_child_name (self->stack, "data");
  if (!replace)
    g_idle_add (scroll_to_end_idle, g_object_ref (self));
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(QcMeasurePage) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_autoptr(GPtrArray) points = NULL;
  g_autofree char *done = NULL;

  if (self->record == NULL)
    return;
  if (text == NULL)
    {
      show_error (self, _("Nothing to Paste"),
                  _("Copy the rows of a spreadsheet first: a date, then the value (or the numerator and "
                    "denominator), then an optional note."));
      return;
    }
  points = qc_measure_points_from_text (text, qc_chart_type_needs_denominators (current_type (self)), &error);
  if (points == NULL)
    {
      show_error (self, _("These Rows Cannot Be Added"), error->message);
      return;
    }
  append_points (self, points, FALSE);
  done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point added", "%u points added", points->len),
                          points->len);
  show_toast (self, done);
}

static void
paste_points_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (widget);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 on_clipboard_text, g_object_ref (self));
}

typedef struct
{
  QcMeasurePage *page;
  GPtrArray     *points;
} ImportData;

static void
import_data_free (gpointer data)
{
  ImportData *d = data;

  g_object_unref (d->page);
  g_ptr_array_unref (d->points);
  g_free (d);
}

static void
on_replace_response (AdwMessageDialog *dialog,
                     const char       *response,
                     ImportData       *d)
{
  g_autofree char *done = NULL;

  if (g_str_equal (response, "cancel") || d->page->record == NULL)
    return;
  append_points (d->page, d->points, g_str_equal (response, "replace"));
  done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point imported",
                                       "%u points imported", d->points->len), d->points->len);
  show_toast (d->page, done);
}

static void
on_import_response (GtkNativeDialog *native,
                    int              response,
                    QcMeasurePage   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) points = NULL;
  guint existing;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_object_unref (native);
  if (file == NULL || self->record == NULL)
    {
      g_object_unref (self);
      return;
    }
  path = g_file_get_path (file);
  points = path ? qc_points_from_csv_file (path, &error) : NULL;
  if (points == NULL)
    {
      show_error (self, _("This File Cannot Be Imported"),
                  error ? error->message : _("Only files on this computer can be imported."));
      g_object_unref (self);
      return;
    }

  existing = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  if (existing == 0)
    {
      g_autofree char *done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point imported",
                                                            "%u points imported", points->len), points->len);
      append_points (self, points, TRUE);
      show_toast (self, done);
    }
  else
    {
      g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The measure has %u data point. Replace it with the %u from the file, or add those after it? The measure’s history keeps the earlier version either way.",
                                                            "The measure has %u data points. Replace them with the %u from the file, or add those after them? The measure’s history keeps the earlier version either way.",
                                                            existing),
                                               existing, points->len);
      GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Replace the Data Points?"), body);
      ImportData *d = g_new0 (ImportData, 1);

      d->page = g_object_ref (self);
      d->points = g_ptr_array_ref (points);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "append", _("_Add After"),
                                        "replace", _("_Replace"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_data (dialog, "response", G_CALLBACK (on_replace_response), d,
                             (GClosureNotify) (void (*) (void)) import_data_free, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_object_unref (self);
}

static void
import_csv_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Import Data Points"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_import_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- exporting the chart -------------------------------------------------------- */

static void
on_export_response (GtkNativeDialog *native,
                    int              response,
                    QcMeasurePage   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  QcChartFormat format;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL && !qc_chart_format_from_path (path, &format))
    {
      /* No known extension: the chosen type's. */
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (native));
      const char *ext = filter ? g_object_get_data (G_OBJECT (filter), "qc-format") : NULL;
      char *with;

      if (ext == NULL || !qc_chart_format_from_string (ext, &format))
        format = QC_CHART_FORMAT_PNG;
      with = g_strdup_printf ("%s.%s", path, qc_chart_format_to_string (format));
      g_free (path);
      path = with;
    }
  g_object_unref (native);

  if (path != NULL)
    {
      if (qc_chart_widget_export (self->chart, path, format, &error))
        {
          g_autofree char *base = g_path_get_basename (path);
          g_autofree char *done = g_strdup_printf (_("Chart saved as %s"), base);
          show_toast (self, done);
        }
      else
        show_error (self, _("The Chart Could Not Be Saved"), error->message);
    }
  g_object_unref (self);
}

static void
export_chart_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (widget);
  GtkFileChooserNative *native;
  const char *name = self->record ? qc_record_get (self->record, "name") : NULL;
  g_autofree char *file_name = NULL;
  static const struct { const char *format; const char *pattern; const char *mime; const char *label; } types[] = {
    { "png", "*.png", "image/png", N_("PNG image") },
    { "svg", "*.svg", "image/svg+xml", N_("SVG drawing") },
    { "pdf", "*.pdf", "application/pdf", N_("PDF document") },
  };

  native = gtk_file_chooser_native_new (_("Export Chart"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(types[i].label));
      gtk_file_filter_add_pattern (filter, types[i].pattern);
      gtk_file_filter_add_mime_type (filter, types[i].mime);
      g_object_set_data (G_OBJECT (filter), "qc-format", (gpointer) types[i].format);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  /* A file name without characters other systems refuse. */
  file_name = g_strdup_printf ("%s.png", name ? name : _("chart"));
  g_strdelimit (file_name, "/\\:*?\"<>|", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- the chart talks back ----------------------------------------------------------- */

static void
on_point_activated (QcChartWidget *chart,
                    guint          item_index,
                    QcMeasurePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint seen = 0;

  /* The record's points are the dated rows in order. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(QcPointRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (qc_item_get (row->item, "date") == NULL)
        continue;
      if (seen++ == item_index)
        {
          adw_view_stack_set_visible_child_name (self->stack, "data");
          gtk_single_selection_set_selected (self->selection, i);
          scroll_to_row (self, i);
          return;
        }
    }
}

static void
on_store_changed (QcStore       *store,
                  const char    *kind,
                  QcMeasurePage *self)
{
  if (g_strcmp0 (kind, "pdsa") == 0)
    rebuild_pdsa (self);
}

/* ---- loading ------------------------------------------------------------------------ */

static void
load (QcMeasurePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcRecord) record = NULL;

  if (self->store == NULL || self->measure_id == NULL)
    return;
  if (qc_store_lookup_kind (self->store, self->measure_id) == &qc_kind_measure)
    record = qc_store_load (self->store, self->measure_id, &error);
  else
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no measure with id %s"), self->measure_id);

  self->loading = TRUE;
  g_set_object (&self->record, record);
  if (record == NULL)
    {
      gtk_label_set_text (self->title_label, _("This measure cannot be opened"));
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "measure.add-point", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "measure.paste-points", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "measure.import-csv", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "measure.add-phase", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "measure.export-chart", FALSE);
      self->loading = FALSE;
      return;
    }

  qc_autosave_set_record (self->autosave, record, FALSE);
  load_definition (self);
  rebuild_pdsa (self);
  load_rows (self);
  rebuild_phases (self);
  self->loading = FALSE;

  qc_chart_widget_set_record (self->chart, record);
  update_title (self);
  update_status (self);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
on_autosave_state (QcAutosave    *autosave,
                   GParamSpec    *pspec,
                   QcMeasurePage *self)
{
  update_status (self);
}

static void
qc_measure_page_constructed (GObject *object)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (object);

  G_OBJECT_CLASS (qc_measure_page_parent_class)->constructed (object);

  if (self->store != NULL)
    {
      self->autosave = qc_autosave_new (self->store);
      g_signal_connect (self->autosave, "notify::state", G_CALLBACK (on_autosave_state), self);
      self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (on_store_changed), self);
      g_object_set (self->chart, "store", self->store, NULL);
    }
  load (self);
}

static void
qc_measure_page_dispose (GObject *object)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (object);
  GtkWidget *child;

  /* What waits is saved before the page goes. */
  if (self->autosave != NULL)
    {
      qc_autosave_flush (self->autosave);
      g_signal_handlers_disconnect_by_data (self->autosave, self);
      g_clear_object (&self->autosave);
    }
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  if (self->chart != NULL)
    g_signal_handlers_disconnect_by_data (self->chart, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), QC_TYPE_MEASURE_PAGE);
  /* The template's root box is not a bound child: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->record);
  g_clear_object (&self->store);
  g_clear_object (&self->rows);
  g_clear_object (&self->selection);
  g_clear_object (&self->pdsa_model);

  G_OBJECT_CLASS (qc_measure_page_parent_class)->dispose (object);
}

static void
qc_measure_page_finalize (GObject *object)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (object);

  g_free (self->measure_id);
  g_ptr_array_unref (self->pdsa_ids);
  g_ptr_array_unref (self->phase_rows);

  G_OBJECT_CLASS (qc_measure_page_parent_class)->finalize (object);
}

static void
qc_measure_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_MEASURE_ID:
      g_value_set_string (value, self->measure_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, qc_measure_page_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_measure_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  QcMeasurePage *self = QC_MEASURE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_MEASURE_ID:
      self->measure_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_measure_page_class_init (QcMeasurePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = qc_measure_page_constructed;
  object_class->dispose = qc_measure_page_dispose;
  object_class->finalize = qc_measure_page_finalize;
  object_class->get_property = qc_measure_page_get_property;
  object_class->set_property = qc_measure_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, QC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEASURE_ID] =
    g_param_spec_string ("measure-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (QC_TYPE_CHART_WIDGET);
  g_type_ensure (QC_TYPE_TEXT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/qc-measure-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, chart);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, stack);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, points_scroller);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, points_view);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, definition_group);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, phases_group);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, definition_row);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, unit_row);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, direction_row);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, target_row);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, chart_row);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, rules_row);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, kind_model);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, direction_model);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, chart_model);
  gtk_widget_class_bind_template_child (widget_class, QcMeasurePage, rules_model);

  gtk_widget_class_install_action (widget_class, "measure.add-point", NULL, add_point_activated);
  gtk_widget_class_install_action (widget_class, "measure.paste-points", NULL, paste_points_activated);
  gtk_widget_class_install_action (widget_class, "measure.import-csv", NULL, import_csv_activated);
  gtk_widget_class_install_action (widget_class, "measure.export-chart", NULL, export_chart_activated);
  gtk_widget_class_install_action (widget_class, "measure.add-phase", NULL, add_phase_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "measure.paste-points", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "measure.add-point", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qc_measure_page_init (QcMeasurePage *self)
{
  const char *const chart_labels[] = {
    _("Run chart (median)"), _("I chart (XmR, individual values)"), _("P chart (proportions)"),
    _("U chart (rates)"), _("C chart (counts)"), NULL,
  };
  const char *const direction_labels[] = {
    _("Not set"), _("Higher is better"), _("Lower is better"), _("Neither is better"), NULL,
  };
  const char *const rules_labels[] = {
    _("Anhøj rules (as qicharts2)"), _("IHI run chart rules"), _("NHS Making Data Count (i charts)"), NULL,
  };

  self->pdsa_ids = g_ptr_array_new_with_free_func (g_free);
  self->phase_rows = g_ptr_array_new ();
  self->pdsa_model = gtk_string_list_new (NULL);
  self->rows = g_list_store_new (QC_TYPE_POINT_ROW);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (self->kind_model, _("Not set"));
  for (guint i = 1; i < G_N_ELEMENTS (kind_values); i++)
    gtk_string_list_append (self->kind_model, qc_choice_label (kind_values[i]));
  gtk_string_list_splice (self->direction_model, 0, 0, direction_labels);
  gtk_string_list_splice (self->chart_model, 0, 0, chart_labels);
  gtk_string_list_splice (self->rules_model, 0, 0, rules_labels);

  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->points_view, GTK_SELECTION_MODEL (self->selection));
  build_columns (self);

  g_object_set_data (G_OBJECT (self->name_row), "qc-field", (gpointer) "name");
  g_object_set_data (G_OBJECT (self->unit_row), "qc-field", (gpointer) "unit");
  g_signal_connect (self->name_row, "changed", G_CALLBACK (on_entry_row_changed), self);
  g_signal_connect (self->unit_row, "changed", G_CALLBACK (on_entry_row_changed), self);
  g_signal_connect (self->target_row, "changed", G_CALLBACK (on_target_changed), self);
  g_signal_connect (self->definition_row, "changed", G_CALLBACK (on_definition_changed), self);
  g_signal_connect (self->kind_row, "notify::selected", G_CALLBACK (on_combo_changed), self);
  g_signal_connect (self->direction_row, "notify::selected", G_CALLBACK (on_combo_changed), self);
  g_signal_connect (self->chart_row, "notify::selected", G_CALLBACK (on_combo_changed), self);
  g_signal_connect (self->rules_row, "notify::selected", G_CALLBACK (on_combo_changed), self);
  g_signal_connect (self->chart, "point-activated", G_CALLBACK (on_point_activated), self);
}

/* ---- public ------------------------------------------------------------------------- */

GtkWidget *
qc_measure_page_new (QcStore    *store,
                     const char *measure_id)
{
  g_return_val_if_fail (QC_IS_STORE (store), NULL);
  g_return_val_if_fail (measure_id != NULL, NULL);

  return g_object_new (QC_TYPE_MEASURE_PAGE, "store", store, "measure-id", measure_id, NULL);
}

const char *
qc_measure_page_get_measure_id (QcMeasurePage *self)
{
  g_return_val_if_fail (QC_IS_MEASURE_PAGE (self), NULL);
  return self->measure_id;
}

const char *
qc_measure_page_get_title (QcMeasurePage *self)
{
  const char *name;

  g_return_val_if_fail (QC_IS_MEASURE_PAGE (self), NULL);
  name = self->record ? qc_record_get (self->record, "name") : NULL;
  return name ? name : "";
}

QcChartWidget *
qc_measure_page_get_chart (QcMeasurePage *self)
{
  g_return_val_if_fail (QC_IS_MEASURE_PAGE (self), NULL);
  return self->chart;
}

gboolean
qc_measure_page_flush (QcMeasurePage *self)
{
  g_return_val_if_fail (QC_IS_MEASURE_PAGE (self), FALSE);

  if (self->autosave == NULL)
    return TRUE;
  return qc_autosave_flush (self->autosave);
}
