#include "config.h"

#include <glib/gi18n.h>

#include "qc-driver-diagram.h"
#include "qc-driver-editor.h"

#define N_COLUMNS   4
#define SLOT_HEIGHT 64
#define BOX_HEIGHT  52
#define HEADER      28
#define GAP         24
#define MIN_COLUMN  110
/* Narrower than four columns need: one column, indented like a tree. */
#define WIDE_ENOUGH (N_COLUMNS * MIN_COLUMN + (N_COLUMNS - 1) * GAP)
#define INDENT      20

struct _QcDriverDiagram
{
  GtkDrawingArea  parent_instance;
  QcRecord       *project;
  int             width;
};

G_DEFINE_FINAL_TYPE (QcDriverDiagram, qc_driver_diagram, GTK_TYPE_DRAWING_AREA)

typedef struct
{
  QcItem *item;
  int     column;
  double  slot;     /* vertical centre, in slots */
  int     parent;   /* index in the node array, or -1 for the aim */
} Box;

static int
column_of (QcItem *item)
{
  const char *kind = qc_item_get (item, "kind");

  if (g_strcmp0 (kind, "primary") == 0)
    return 1;
  if (g_strcmp0 (kind, "secondary") == 0)
    return 2;
  return 3;
}

/* Gives each leaf one slot and centres every parent on its children. */
static double
place (GArray *boxes, GArray *nodes, guint index, double *next_slot)
{
  QcDriverNode *node = &g_array_index (nodes, QcDriverNode, index);
  Box *box = &g_array_index (boxes, Box, index);
  double first = -1, last = -1;

  for (guint j = index + 1; j < nodes->len; j++)
    {
      QcDriverNode *child = &g_array_index (nodes, QcDriverNode, j);
      if (child->depth <= node->depth)
        break;
      if (child->depth == node->depth + 1)
        {
          double slot = place (boxes, nodes, j, next_slot);
          g_array_index (boxes, Box, j).parent = (int) index;
          if (first < 0)
            first = slot;
          last = slot;
        }
    }
  if (first < 0)
    {
      box->slot = *next_slot;
      *next_slot += 1;
    }
  else
    box->slot = (first + last) / 2;
  return box->slot;
}

static GArray *
layout_boxes (QcDriverDiagram *self, double *n_slots)
{
  g_autoptr(GArray) nodes = qc_driver_tree (self->project);
  GArray *boxes = g_array_sized_new (FALSE, TRUE, sizeof (Box), nodes->len);
  double next_slot = 0;

  g_array_set_size (boxes, nodes->len);
  for (guint i = 0; i < nodes->len; i++)
    {
      QcDriverNode *node = &g_array_index (nodes, QcDriverNode, i);
      Box *box = &g_array_index (boxes, Box, i);
      box->item = node->item;
      box->column = column_of (node->item);
      box->parent = -1;
    }
  for (guint i = 0; i < nodes->len; i++)
    if (g_array_index (nodes, QcDriverNode, i).depth == 0)
      place (boxes, nodes, i, &next_slot);
  *n_slots = MAX (next_slot, 1);
  return boxes;
}

static void
draw_box (cairo_t *cr, GtkWidget *widget, double x, double y, double w, double h,
          const char *text, const GdkRGBA *fill, const GdkRGBA *stroke, const GdkRGBA *fg)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text ? text : "");
  int text_w, text_h;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - 6, y + 6, 6, -G_PI / 2, 0);
  cairo_arc (cr, x + w - 6, y + h - 6, 6, 0, G_PI / 2);
  cairo_arc (cr, x + 6, y + h - 6, 6, G_PI / 2, G_PI);
  cairo_arc (cr, x + 6, y + 6, 6, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, fill);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, stroke);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  pango_layout_set_width (layout, (int) ((w - 12) * PANGO_SCALE));
  pango_layout_set_height (layout, (int) ((h - 8) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &text_w, &text_h);
  gdk_cairo_set_source_rgba (cr, fg);
  cairo_move_to (cr, x + 6, y + (h - text_h) / 2);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw_link (cairo_t *cr, double x1, double y1, double x2, double y2)
{
  double mid = (x1 + x2) / 2;

  cairo_move_to (cr, x1, y1);
  cairo_curve_to (cr, mid, y1, mid, y2, x2, y2);
  cairo_stroke (cr);
}

static void
get_colors (GtkWidget *widget, GdkRGBA *fg, GdkRGBA *accent)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (style, fg);
  if (!gtk_style_context_lookup_color (style, "accent_color", accent))
    *accent = *fg;
}

/* The narrow layout: the aim, then each driver below its parent. */
static void
draw_tree (QcDriverDiagram *self, cairo_t *cr, int width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GArray) nodes = qc_driver_tree (self->project);
  GdkRGBA fg, accent, fill, stroke, line, accent_fill, dim;
  const char *aim = qc_record_get (self->project, "aim");

  get_colors (widget, &fg, &accent);
  fill = fg; fill.alpha = 0.05;
  stroke = fg; stroke.alpha = 0.22;
  line = fg; line.alpha = 0.35;
  dim = fg; dim.alpha = 0.6;
  accent_fill = accent; accent_fill.alpha = 0.14;

  draw_box (cr, widget, 0, 0, width, BOX_HEIGHT, aim ? aim : _("Write the SMART aim above"),
            &accent_fill, &accent, &fg);
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < nodes->len; i++)
    {
      QcDriverNode *node = &g_array_index (nodes, QcDriverNode, i);
      int column = column_of (node->item);
      double x = column * INDENT;
      double y = (i + 1) * SLOT_HEIGHT;
      const char *text = qc_item_get (node->item, "text");
      gboolean idea = column == 3;

      /* An elbow from the parent's column down to this box. */
      gdk_cairo_set_source_rgba (cr, &line);
      cairo_move_to (cr, x - INDENT / 2.0, y - (SLOT_HEIGHT - BOX_HEIGHT));
      cairo_line_to (cr, x - INDENT / 2.0, y + BOX_HEIGHT / 2.0);
      cairo_line_to (cr, x, y + BOX_HEIGHT / 2.0);
      cairo_stroke (cr);
      draw_box (cr, widget, x, y, width - x, BOX_HEIGHT, text ? text : _("(no text yet)"),
                idea ? &accent_fill : &fill, idea ? &accent : &stroke, text ? &fg : &dim);
    }
}

static void
draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  QcDriverDiagram *self = QC_DRIVER_DIAGRAM (area);
  GtkWidget *widget = GTK_WIDGET (area);
  const char *headers[N_COLUMNS] = { _("Aim"), _("Primary drivers"), _("Secondary drivers"), _("Change ideas") };
  g_autoptr(GArray) boxes = NULL;
  GdkRGBA fg, accent, fill, stroke, line, accent_fill, dim;
  double n_slots, column_w, aim_y;

  if (self->project == NULL)
    return;
  if (width < WIDE_ENOUGH)
    {
      draw_tree (self, cr, width);
      return;
    }
  boxes = layout_boxes (self, &n_slots);
  get_colors (widget, &fg, &accent);
  fill = fg; fill.alpha = 0.05;
  stroke = fg; stroke.alpha = 0.22;
  line = fg; line.alpha = 0.35;
  dim = fg; dim.alpha = 0.6;
  accent_fill = accent; accent_fill.alpha = 0.14;

  column_w = (width - GAP * (N_COLUMNS - 1)) / (double) N_COLUMNS;

  for (int c = 0; c < N_COLUMNS; c++)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, headers[c]);
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
      pango_layout_set_attributes (layout, attrs);
      pango_layout_set_width (layout, (int) (column_w * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      gdk_cairo_set_source_rgba (cr, &dim);
      cairo_move_to (cr, c * (column_w + GAP), 4);
      pango_cairo_show_layout (cr, layout);
      pango_attr_list_unref (attrs);
      g_object_unref (layout);
    }

  aim_y = HEADER + MAX (n_slots, 2) * SLOT_HEIGHT / 2;

  /* Lines first, so the boxes sit on top of them. */
  cairo_set_line_width (cr, 1.5);
  gdk_cairo_set_source_rgba (cr, &line);
  for (guint i = 0; i < boxes->len; i++)
    {
      Box *box = &g_array_index (boxes, Box, i);
      double x = box->column * (column_w + GAP);
      double y = HEADER + (box->slot + 0.5) * SLOT_HEIGHT;

      if (box->parent < 0)
        draw_link (cr, column_w, aim_y, x, y);
      else
        {
          Box *parent = &g_array_index (boxes, Box, box->parent);
          draw_link (cr, parent->column * (column_w + GAP) + column_w,
                HEADER + (parent->slot + 0.5) * SLOT_HEIGHT, x, y);
        }
    }

  draw_box (cr, widget, 0, aim_y - BOX_HEIGHT, column_w, BOX_HEIGHT * 2,
            qc_record_get (self->project, "aim") ? qc_record_get (self->project, "aim")
                                                 : _("Write the SMART aim above"),
            &accent_fill, &accent, &fg);

  for (guint i = 0; i < boxes->len; i++)
    {
      Box *box = &g_array_index (boxes, Box, i);
      double y = HEADER + (box->slot + 0.5) * SLOT_HEIGHT - BOX_HEIGHT / 2.0;
      const char *text = qc_item_get (box->item, "text");
      gboolean idea = box->column == 3;

      draw_box (cr, widget, box->column * (column_w + GAP), y, column_w, BOX_HEIGHT,
                text ? text : _("(no text yet)"), idea ? &accent_fill : &fill,
                idea ? &accent : &stroke, text ? &fg : &dim);
    }
}

static void
describe (QcDriverDiagram *self)
{
  g_autoptr(GString) text = g_string_new (_("Driver diagram"));
  g_autoptr(GArray) nodes = qc_driver_tree (self->project);

  for (guint i = 0; i < nodes->len; i++)
    {
      QcDriverNode *node = &g_array_index (nodes, QcDriverNode, i);
      const char *item_text = qc_item_get (node->item, "text");
      g_string_append_printf (text, "; %s", item_text ? item_text : "");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

void
qc_driver_diagram_update (QcDriverDiagram *self)
{
  g_autoptr(GArray) boxes = NULL;
  g_autoptr(GArray) nodes = NULL;
  double n_slots = 1;
  int height;

  if (self->project == NULL)
    return;
  describe (self);
  if (self->width > 0 && self->width < WIDE_ENOUGH)
    {
      nodes = qc_driver_tree (self->project);
      height = (int) (nodes->len + 1) * SLOT_HEIGHT;
    }
  else
    {
      boxes = layout_boxes (self, &n_slots);
      /* The aim box needs two slots of room. */
      height = HEADER + (int) (MAX (n_slots, 2) * SLOT_HEIGHT);
    }
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), height);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The layout, and so the height, depends on the width. */
static void
on_resize (QcDriverDiagram *self, int width, int height)
{
  gboolean was_wide = self->width == 0 || self->width >= WIDE_ENOUGH;

  self->width = width;
  if (was_wide != (width >= WIDE_ENOUGH))
    qc_driver_diagram_update (self);
}

void
qc_driver_diagram_set_record (QcDriverDiagram *self, QcRecord *project)
{
  g_set_object (&self->project, project);
  qc_driver_diagram_update (self);
}

static void
qc_driver_diagram_dispose (GObject *object)
{
  g_clear_object (&QC_DRIVER_DIAGRAM (object)->project);
  G_OBJECT_CLASS (qc_driver_diagram_parent_class)->dispose (object);
}

static void
qc_driver_diagram_class_init (QcDriverDiagramClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qc_driver_diagram_dispose;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "qc-driver-diagram");
}

static void
qc_driver_diagram_init (QcDriverDiagram *self)
{
  g_signal_connect (self, "resize", G_CALLBACK (on_resize), NULL);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Driver diagram"), -1);
}
