#pragma once

#include <gtk/gtk.h>

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_CYCLE_RAMPS (qc_cycle_ramps_get_type ())
G_DECLARE_FINAL_TYPE (QcCycleRamps, qc_cycle_ramps, QC, CYCLE_RAMPS, GtkWidget)

/* A project's PDSA cycles as ramps: one row per change idea with its
 * cycles in order, each opening the cycle, and a button for the next. */
void qc_cycle_ramps_set_project (QcCycleRamps *self,
                                 QcRecord     *project);
void qc_cycle_ramps_update      (QcCycleRamps *self);

G_END_DECLS
