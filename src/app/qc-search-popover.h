#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QC_TYPE_SEARCH_POPOVER (qc_search_popover_get_type ())
G_DECLARE_FINAL_TYPE (QcSearchPopover, qc_search_popover, QC, SEARCH_POPOVER, GtkPopover)

G_END_DECLS
