#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Deletes record @id (a project with its measures and PDSA cycles) and
 * shows a toast with Undo, which restores the versions just deleted from
 * history. Store errors are shown in a toast too. */
gboolean qc_delete_with_undo (GtkWidget  *widget,
                              const char *id);

G_END_DECLS
