#pragma once

#include "qc-store.h"

G_BEGIN_DECLS

#define QC_TYPE_AUTOSAVE (qc_autosave_get_type ())
G_DECLARE_FINAL_TYPE (QcAutosave, qc_autosave, QC, AUTOSAVE, GObject)

typedef enum
{
  QC_AUTOSAVE_SAVED,    /* nothing waiting */
  QC_AUTOSAVE_PENDING,  /* edits wait for the pause after the last one */
  QC_AUTOSAVE_INVALID,  /* edits wait for a required field */
  QC_AUTOSAVE_FAILED,   /* the store refused the last save */
} QcAutosaveState;

/* Saves an edited record a moment after the last edit, so a burst of
 * keystrokes becomes one version in the record's history. A new record is
 * added to the store once it is valid (e.g. has its title). */
QcAutosave      *qc_autosave_new         (QcStore    *store);
QcStore         *qc_autosave_get_store   (QcAutosave *self);
/* Saves what waits for the previous record, then follows @record. */
void             qc_autosave_set_record  (QcAutosave *self,
                                          QcRecord   *record,
                                          gboolean    is_new);
QcRecord        *qc_autosave_get_record  (QcAutosave *self);
gboolean         qc_autosave_is_new      (QcAutosave *self);
/* The record changed: save it after a pause. */
void             qc_autosave_queue       (QcAutosave *self);
/* Saves now if anything waits; FALSE if it could not be saved. */
gboolean         qc_autosave_flush       (QcAutosave *self);
QcAutosaveState  qc_autosave_get_state   (QcAutosave *self);
/* Why the record is not saved (INVALID or FAILED), for people. */
const char      *qc_autosave_get_problem (QcAutosave *self);

G_END_DECLS
