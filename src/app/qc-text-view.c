#include "config.h"

#include "qc-text-view.h"

struct _QcTextView
{
  GtkTextView parent_instance;
};

G_DEFINE_FINAL_TYPE (QcTextView, qc_text_view, GTK_TYPE_TEXT_VIEW)

static GtkSizeRequestMode
qc_text_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
qc_text_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);

  GTK_WIDGET_CLASS (qc_text_view_parent_class)->measure (widget, orientation, for_size, minimum, natural,
                                                         minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Wrapped text fits any width: let the row decide. */
      *minimum = MIN (*minimum, 48);
      *natural = *minimum;
    }
  else if (for_size > 0)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextIter start, end;
      g_autofree char *text = NULL;
      g_autofree char *measured = NULL;
      PangoLayout *layout;
      int width = for_size - gtk_text_view_get_left_margin (view) - gtk_text_view_get_right_margin (view);
      int height;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      /* A last empty line still takes a line. */
      measured = g_str_has_suffix (text, "\n") || *text == '\0' ? g_strconcat (text, " ", NULL) : g_strdup (text);
      layout = gtk_widget_create_pango_layout (widget, measured);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_width (layout, MAX (width, 1) * PANGO_SCALE);
      pango_layout_get_pixel_size (layout, NULL, &height);
      g_object_unref (layout);
      height += gtk_text_view_get_top_margin (view) + gtk_text_view_get_bottom_margin (view);
      *minimum = *natural = height;
      *minimum_baseline = *natural_baseline = -1;
    }
}

static void
on_buffer_changed (QcTextView *self)
{
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
qc_text_view_class_init (QcTextViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->get_request_mode = qc_text_view_get_request_mode;
  widget_class->measure = qc_text_view_measure;
}

static void
qc_text_view_init (QcTextView *self)
{
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), "changed",
                            G_CALLBACK (on_buffer_changed), self);
}
