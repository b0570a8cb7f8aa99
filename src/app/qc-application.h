#pragma once

#include <adwaita.h>

#include "qc-store.h"

G_BEGIN_DECLS

#define QC_TYPE_APPLICATION (qc_application_get_type ())
G_DECLARE_FINAL_TYPE (QcApplication, qc_application, QC, APPLICATION, AdwApplication)

QcApplication *qc_application_new       (void);
/* The database every window shows; opened at startup, NULL if it could
 * not be opened (the app then explains why and offers a way out). */
QcStore       *qc_application_get_store (QcApplication *self);
GSettings     *qc_application_get_settings (QcApplication *self);

/* Shorthands for widgets, which all belong to the one application. */
QcStore       *qc_app_store             (void);
GSettings     *qc_app_settings          (void);
/* What a person calls record @id (cached until the next change), or NULL
 * when there is no such record. */
const char    *qc_app_lookup_title      (const char    *id);
/* The person record that stands for the coach using the app, found by
 * the email or name in Preferences; NULL if none. */
char          *qc_app_dup_coach_id      (void);

G_END_DECLS
