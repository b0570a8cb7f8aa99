#pragma once

#include <adwaita.h>

#include "qc-store.h"

G_BEGIN_DECLS

#define QC_TYPE_MEASURE_WINDOW (qc_measure_window_get_type ())
G_DECLARE_FINAL_TYPE (QcMeasureWindow, qc_measure_window, QC, MEASURE_WINDOW, AdwWindow)

/* A measure's page in a window of its own beside the project, so the chart
 * has room and the project stays in view. */
QcMeasureWindow *qc_measure_window_new (GtkWindow  *parent,
                                        QcStore    *store,
                                        const char *measure_id);

G_END_DECLS
