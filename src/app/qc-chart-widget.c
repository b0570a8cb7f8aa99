#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "qc-chart-widget.h"
#include "qc-measure-chart.h"

#define SCHEMA_ID "io.github.qicoach.QICoach"

struct _QcChartWidget
{
  GtkDrawingArea  parent_instance;

  QcStore        *store;
  char           *measure_id;
  QcRecord       *record;      /* being edited; NULL: follow the store */
  gboolean        compact;
  gboolean        rules_set;
  QcChartRules    rules;

  QcChartRender  *render;
  char           *problem;     /* why nothing is drawn */
  int             hover;       /* point under the pointer, or -1 */
  int             selected;    /* point chosen with the keyboard, or -1 */
  gulong          changed_id;
};

G_DEFINE_FINAL_TYPE (QcChartWidget, qc_chart_widget, GTK_TYPE_DRAWING_AREA)

enum { PROP_0, PROP_STORE, PROP_MEASURE_ID, PROP_COMPACT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ACTIVATE, POINT_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- the rule set, a display choice kept in GSettings ---------------------- */

/* QC_CHART_RULES_ANHOEJ is 0, so a missing entry reads as the default. */
G_STATIC_ASSERT (QC_CHART_RULES_ANHOEJ == 0);

static GSettings *
chart_settings (void)
{
  static GSettings *settings;
  static gsize checked;

  /* Without the key (an older schema, or none installed) every chart uses
   * the default rules rather than aborting. */
  if (g_once_init_enter (&checked))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      GSettingsSchema *schema = source ? g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE) : NULL;

      if (schema != NULL && g_settings_schema_has_key (schema, "chart-rules"))
        settings = g_settings_new_full (schema, NULL, NULL);
      g_clear_pointer (&schema, g_settings_schema_unref);
      g_once_init_leave (&checked, 1);
    }
  return settings;
}

/* Without the key, choices last as long as the app runs. */
static GHashTable *
session_rules (void)
{
  static GHashTable *table;

  if (table == NULL)
    table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return table;
}

QcChartRules
qc_chart_rules_for_measure (const char *measure_id)
{
  GSettings *settings = chart_settings ();
  g_autoptr(GVariant) map = NULL;
  const char *name = NULL;
  QcChartRules rules = QC_CHART_RULES_ANHOEJ;

  if (measure_id == NULL)
    return rules;
  if (settings == NULL)
    return GPOINTER_TO_UINT (g_hash_table_lookup (session_rules (), measure_id));
  map = g_settings_get_value (settings, "chart-rules");
  if (g_variant_lookup (map, measure_id, "&s", &name))
    qc_chart_rules_from_string (name, &rules);
  return rules;
}

void
qc_chart_rules_remember (const char   *measure_id,
                         QcChartRules  rules)
{
  GSettings *settings = chart_settings ();
  g_autoptr(GVariant) map = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  g_return_if_fail (measure_id != NULL);
  if (settings == NULL)
    {
      g_hash_table_insert (session_rules (), g_strdup (measure_id), GUINT_TO_POINTER (rules));
      return;
    }

  map = g_settings_get_value (settings, "chart-rules");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, measure_id))
      g_variant_builder_add (&builder, "{ss}", key, value);
  /* The default is not stored: the map only lists choices made. */
  if (rules != QC_CHART_RULES_ANHOEJ)
    g_variant_builder_add (&builder, "{ss}", measure_id, qc_chart_rules_to_string (rules));
  g_settings_set_value (settings, "chart-rules", g_variant_builder_end (&builder));
}

/* ---- building what is drawn ----------------------------------------------- */

static QcChartRenderFlags
render_flags (QcChartWidget *self)
{
  return self->compact ? QC_CHART_RENDER_COMPACT : QC_CHART_RENDER_FULL;
}

static void
update_accessible (QcChartWidget *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  const QcMeasureChart *chart = self->render ? qc_chart_render_get_chart (self->render) : NULL;

  if (chart != NULL && chart->name != NULL)
    label = g_strdup_printf (_("Chart of %s"), chart->name);
  else
    label = g_strdup (_("Chart"));

  if (self->render != NULL && self->selected >= 0)
    description = qc_chart_render_describe_point (self->render, (guint) self->selected);
  else if (self->render != NULL)
    description = qc_chart_render_describe (self->render);
  else
    description = g_strdup (self->problem ? self->problem : "");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
rebuild (QcChartWidget *self)
{
  g_autoptr(GError) error = NULL;
  QcMeasureChart *chart = NULL;
  QcChartRules rules;
  guint n_points = 0;

  g_clear_pointer (&self->render, qc_chart_render_free);
  g_clear_pointer (&self->problem, g_free);

  rules = self->rules_set ? self->rules : qc_chart_rules_for_measure (self->measure_id);
  if (self->record != NULL)
    {
      chart = qc_measure_chart_new (self->record, rules);
      if (self->store != NULL)
        qc_measure_chart_resolve_pdsa (chart, self->store);
    }
  else if (self->store != NULL && self->measure_id != NULL)
    chart = qc_measure_chart_load (self->store, self->measure_id, rules, &error);

  if (chart != NULL)
    self->render = qc_chart_render_new (chart, &error);
  if (self->render == NULL)
    self->problem = g_strdup (error ? error->message : _("No measure chosen"));
  else
    n_points = qc_chart_render_get_result (self->render)->n_points;

  if (self->hover >= (int) n_points)
    self->hover = -1;
  if (self->selected >= (int) n_points)
    self->selected = -1;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_store_changed (QcStore       *store,
                  const char    *kind,
                  QcChartWidget *self)
{
  /* A measure or a PDSA cycle changed: this chart may show either. */
  if (g_strcmp0 (kind, "measure") == 0 || g_strcmp0 (kind, "pdsa") == 0)
    rebuild (self);
}

static void
set_store (QcChartWidget *self,
           QcStore       *store)
{
  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
}

/* ---- drawing ---------------------------------------------------------------- */

static void
draw_message (QcChartWidget *self,
              cairo_t       *cr,
              int            width,
              int            height)
{
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA colour;
  int w, h;

  if (self->problem == NULL || self->compact)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->problem);
  pango_layout_set_width (layout, (width - 24) * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &colour);
  colour.alpha *= 0.6;
  gdk_cairo_set_source_rgba (cr, &colour);
  cairo_move_to (cr, 12, (height - h) / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_card (cairo_t *cr,
           int      width,
           int      height,
           double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - radius, radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, width - radius, height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, radius, height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, radius, radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
}

static void
draw_func (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  QcChartWidget *self = QC_CHART_WIDGET (area);
  int highlight = self->hover >= 0 ? self->hover : self->selected;
  double x, y;

  if (self->render == NULL)
    {
      draw_message (self, cr, width, height);
      return;
    }

  /* The chart is a figure on paper, in a light or a dark style alike. */
  cairo_save (cr);
  draw_card (cr, width, height, self->compact ? 4 : 8);
  qc_chart_render_draw (self->render, cr, width, height, render_flags (self));
  cairo_restore (cr);

  if (highlight >= 0 &&
      qc_chart_render_point_position (self->render, (guint) highlight, width, height,
                                      render_flags (self), &x, &y))
    {
      double r = self->compact ? 4 : 9;

      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0, 0.37, 0.72, 0.9);   /* NHS blue */
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

/* ---- pointer and keyboard ----------------------------------------------------- */

static int
point_at (QcChartWidget *self,
          double         x,
          double         y)
{
  if (self->render == NULL)
    return -1;
  return qc_chart_render_point_at (self->render, x, y,
                                   gtk_widget_get_width (GTK_WIDGET (self)),
                                   gtk_widget_get_height (GTK_WIDGET (self)),
                                   render_flags (self));
}

static void
set_hover (QcChartWidget *self,
           int            hover)
{
  if (self->hover == hover)
    return;
  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           QcChartWidget            *self)
{
  set_hover (self, point_at (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          QcChartWidget            *self)
{
  set_hover (self, -1);
}

static gboolean
on_query_tooltip (GtkWidget     *widget,
                  int            x,
                  int            y,
                  gboolean       keyboard_mode,
                  GtkTooltip    *tooltip,
                  QcChartWidget *self)
{
  g_autofree char *text = NULL;
  int index = keyboard_mode ? self->selected : point_at (self, x, y);
  double px, py;

  if (index < 0 || self->render == NULL)
    {
      if (self->compact && self->render != NULL)
        {
          text = qc_chart_render_describe (self->render);
          gtk_tooltip_set_text (tooltip, text);
          return TRUE;
        }
      return FALSE;
    }
  text = qc_chart_render_describe_point (self->render, (guint) index);
  gtk_tooltip_set_text (tooltip, text);
  /* A new tooltip as soon as the pointer leaves this point. */
  if (qc_chart_render_point_position (self->render, (guint) index,
                                      gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                                      render_flags (self), &px, &py))
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) px - 6, (int) py - 6, 12, 12 });
  return TRUE;
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   QcChartWidget   *self)
{
  int index;

  if (self->compact)
    {
      g_signal_emit (self, signals[ACTIVATE], 0);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  index = point_at (self, x, y);
  if (index >= 0)
    {
      const QcMeasureChart *chart = qc_chart_render_get_chart (self->render);

      self->selected = index;
      update_accessible (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_signal_emit (self, signals[POINT_ACTIVATED], 0, chart->item_index[index]);
    }
}

/* The next point with a value from @from, going @step. */
static int
next_present (QcChartWidget *self,
              int            from,
              int            step)
{
  const QcChartResult *r = qc_chart_render_get_result (self->render);

  for (int i = from; i >= 0 && i < (int) r->n_points; i += step)
    if (isfinite (r->points[i].y))
      return i;
  return -1;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                QcChartWidget         *self)
{
  const QcChartResult *r;
  int n, next = -2;

  if (self->render == NULL)
    return FALSE;
  r = qc_chart_render_get_result (self->render);
  n = (int) r->n_points;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (self->compact)
        {
          g_signal_emit (self, signals[ACTIVATE], 0);
          return TRUE;
        }
      if (self->selected >= 0)
        {
          g_signal_emit (self, signals[POINT_ACTIVATED], 0,
                         qc_chart_render_get_chart (self->render)->item_index[self->selected]);
          return TRUE;
        }
      return FALSE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      next = next_present (self, self->selected < 0 ? n - 1 : self->selected - 1, -1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      next = next_present (self, self->selected < 0 ? 0 : self->selected + 1, 1);
      break;
    case GDK_KEY_Home:
      next = next_present (self, 0, 1);
      break;
    case GDK_KEY_End:
      next = next_present (self, n - 1, -1);
      break;
    case GDK_KEY_Escape:
      if (self->selected < 0)
        return FALSE;
      next = -1;
      break;
    default:
      return FALSE;
    }
  if (self->compact)
    return FALSE;
  if (next == -2 || (next < 0 && keyval != GDK_KEY_Escape))
    return TRUE;
  self->selected = next;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------------ */

static void
apply_compact (QcChartWidget *self)
{
  if (self->compact)
    {
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 160);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 40);
      gtk_widget_set_size_request (GTK_WIDGET (self), 80, 24);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
    }
  else
    {
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 720);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 420);
      gtk_widget_set_size_request (GTK_WIDGET (self), 320, 220);
      gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
qc_chart_widget_dispose (GObject *object)
{
  QcChartWidget *self = QC_CHART_WIDGET (object);

  set_store (self, NULL);
  g_clear_object (&self->record);
  g_clear_pointer (&self->render, qc_chart_render_free);

  G_OBJECT_CLASS (qc_chart_widget_parent_class)->dispose (object);
}

static void
qc_chart_widget_finalize (GObject *object)
{
  QcChartWidget *self = QC_CHART_WIDGET (object);

  g_free (self->measure_id);
  g_free (self->problem);

  G_OBJECT_CLASS (qc_chart_widget_parent_class)->finalize (object);
}

static void
qc_chart_widget_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  QcChartWidget *self = QC_CHART_WIDGET (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_MEASURE_ID:
      g_value_set_string (value, self->measure_id);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_chart_widget_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  QcChartWidget *self = QC_CHART_WIDGET (object);

  switch (prop_id)
    {
    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      rebuild (self);
      break;
    case PROP_MEASURE_ID:
      qc_chart_widget_set_measure_id (self, g_value_get_string (value));
      break;
    case PROP_COMPACT:
      qc_chart_widget_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_chart_widget_class_init (QcChartWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qc_chart_widget_dispose;
  object_class->finalize = qc_chart_widget_finalize;
  object_class->get_property = qc_chart_widget_get_property;
  object_class->set_property = qc_chart_widget_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, QC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEASURE_ID] =
    g_param_spec_string ("measure-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A compact chart was clicked or activated with the keyboard. */
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A point of a full chart was clicked: its index in the record's list. */
  signals[POINT_ACTIVATED] =
    g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_activate_signal (widget_class, signals[ACTIVATE]);

  gtk_widget_class_set_css_name (widget_class, "qc-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
qc_chart_widget_init (QcChartWidget *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->hover = -1;
  self->selected = -1;
  self->rules = QC_CHART_RULES_ANHOEJ;

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_func, NULL, NULL);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  apply_compact (self);
  update_accessible (self);
}

/* ---- public ------------------------------------------------------------------- */

QcChartWidget *
qc_chart_widget_new (QcStore  *store,
                     gboolean  compact)
{
  g_return_val_if_fail (store == NULL || QC_IS_STORE (store), NULL);

  /* A sparkline opens its measure: a button to assistive technologies. */
  return g_object_new (QC_TYPE_CHART_WIDGET,
                       "store", store,
                       "compact", compact,
                       "accessible-role", compact ? GTK_ACCESSIBLE_ROLE_BUTTON : GTK_ACCESSIBLE_ROLE_IMG,
                       NULL);
}

QcChartWidget *
qc_chart_widget_new_for_measure (QcStore    *store,
                                 const char *measure_id,
                                 gboolean    compact)
{
  QcChartWidget *self;

  g_return_val_if_fail (QC_IS_STORE (store), NULL);

  self = qc_chart_widget_new (store, compact);
  qc_chart_widget_set_measure_id (self, measure_id);
  return self;
}

void
qc_chart_widget_set_measure_id (QcChartWidget *self,
                                const char    *measure_id)
{
  g_return_if_fail (QC_IS_CHART_WIDGET (self));

  if (g_strcmp0 (self->measure_id, measure_id) == 0)
    return;
  g_free (self->measure_id);
  self->measure_id = g_strdup (measure_id);
  self->hover = self->selected = -1;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEASURE_ID]);
}

const char *
qc_chart_widget_get_measure_id (QcChartWidget *self)
{
  g_return_val_if_fail (QC_IS_CHART_WIDGET (self), NULL);
  return self->measure_id;
}

void
qc_chart_widget_set_record (QcChartWidget *self,
                            QcRecord      *measure)
{
  g_return_if_fail (QC_IS_CHART_WIDGET (self));
  g_return_if_fail (measure == NULL || QC_IS_RECORD (measure));

  g_set_object (&self->record, measure);
  if (measure != NULL && qc_record_get_id (measure) != NULL &&
      g_strcmp0 (self->measure_id, qc_record_get_id (measure)) != 0)
    {
      g_free (self->measure_id);
      self->measure_id = g_strdup (qc_record_get_id (measure));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEASURE_ID]);
    }
  rebuild (self);
}

gboolean
qc_chart_widget_get_compact (QcChartWidget *self)
{
  g_return_val_if_fail (QC_IS_CHART_WIDGET (self), FALSE);
  return self->compact;
}

void
qc_chart_widget_set_compact (QcChartWidget *self,
                             gboolean       compact)
{
  g_return_if_fail (QC_IS_CHART_WIDGET (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  apply_compact (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

QcChartRules
qc_chart_widget_get_rules (QcChartWidget *self)
{
  g_return_val_if_fail (QC_IS_CHART_WIDGET (self), QC_CHART_RULES_ANHOEJ);
  return self->rules_set ? self->rules : qc_chart_rules_for_measure (self->measure_id);
}

void
qc_chart_widget_set_rules (QcChartWidget *self,
                           QcChartRules   rules)
{
  g_return_if_fail (QC_IS_CHART_WIDGET (self));
  g_return_if_fail ((guint) rules < QC_CHART_N_RULES);

  self->rules_set = TRUE;
  self->rules = rules;
  rebuild (self);
}

QcChartRender *
qc_chart_widget_get_render (QcChartWidget *self)
{
  g_return_val_if_fail (QC_IS_CHART_WIDGET (self), NULL);
  return self->render;
}

gboolean
qc_chart_widget_export (QcChartWidget  *self,
                        const char     *path,
                        QcChartFormat   format,
                        GError        **error)
{
  double width, height;

  g_return_val_if_fail (QC_IS_CHART_WIDGET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->render == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           self->problem ? self->problem : _("There is no chart to save"));
      return FALSE;
    }
  qc_chart_format_default_size (format, &width, &height);
  return qc_chart_render_to_file (self->render, path, format, width, height, error);
}
