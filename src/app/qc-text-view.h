#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_TEXT_VIEW (qc_text_view_get_type ())
G_DECLARE_FINAL_TYPE (QcTextView, qc_text_view, QC, TEXT_VIEW, GtkTextView)

/* A GtkTextView that asks for the height its wrapped text needs at the
 * width it is given (GTK 4.8's text view answers with the height at its
 * last width, so rows around it come out too short or too tall). */

G_END_DECLS
