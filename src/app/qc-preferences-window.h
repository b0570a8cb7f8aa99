#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_PREFERENCES_WINDOW (qc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (QcPreferencesWindow, qc_preferences_window, QC, PREFERENCES_WINDOW, AdwPreferencesWindow)

QcPreferencesWindow *qc_preferences_window_new (GtkWindow *parent);

G_END_DECLS
