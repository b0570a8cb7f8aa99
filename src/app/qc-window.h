#pragma once

#include <adwaita.h>

#include "qc-application.h"

G_BEGIN_DECLS

#define QC_TYPE_WINDOW (qc_window_get_type ())
G_DECLARE_FINAL_TYPE (QcWindow, qc_window, QC, WINDOW, AdwApplicationWindow)

QcWindow *qc_window_new (QcApplication *application);

G_END_DECLS
