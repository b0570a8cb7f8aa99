#pragma once

#include <adwaita.h>

#include "qc-store.h"

G_BEGIN_DECLS

#define QC_TYPE_APPLICATION (qc_application_get_type ())
G_DECLARE_FINAL_TYPE (QcApplication, qc_application, QC, APPLICATION, AdwApplication)

QcApplication *qc_application_new       (void);
/* The database every window shows; opened at startup. */
QcStore       *qc_application_get_store (QcApplication *self);

G_END_DECLS
