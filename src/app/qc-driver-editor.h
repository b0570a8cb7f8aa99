#pragma once

#include <gtk/gtk.h>

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_DRIVER_EDITOR (qc_driver_editor_get_type ())
G_DECLARE_FINAL_TYPE (QcDriverEditor, qc_driver_editor, QC, DRIVER_EDITOR, GtkWidget)

/* Edits a project's driver diagram as a tree: primary drivers, their
 * secondary drivers and the change ideas under those. It changes the
 * project's "driver" items in place and emits "changed". */
void qc_driver_editor_set_record (QcDriverEditor *self,
                                  QcRecord       *project);

/* The drivers of @project in tree order, each with its depth (0 for a
 * primary driver); used by the editor and the diagram. */
typedef struct
{
  QcItem *item;
  guint   depth;
} QcDriverNode;

GArray *qc_driver_tree (QcRecord *project);

G_END_DECLS
