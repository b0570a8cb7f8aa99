#pragma once

#include <gtk/gtk.h>

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_DRIVER_DIAGRAM (qc_driver_diagram_get_type ())
G_DECLARE_FINAL_TYPE (QcDriverDiagram, qc_driver_diagram, QC, DRIVER_DIAGRAM, GtkDrawingArea)

/* Draws a project's driver diagram the way teams draw it on paper: the aim
 * on the left, then primary drivers, secondary drivers and change ideas,
 * joined by lines. Call update() after the drivers change. */
void qc_driver_diagram_set_record (QcDriverDiagram *self,
                                   QcRecord        *project);
void qc_driver_diagram_update     (QcDriverDiagram *self);

G_END_DECLS
