#pragma once

#include "qc-store.h"

G_BEGIN_DECLS

/* Read-only questions the app asks that a QcRecordList cannot answer. */

/* The distinct non-empty values of @field among the records of @kind,
 * sorted without regard to case (e.g. the themes projects use). */
char      **qc_store_dup_distinct_values (QcStore      *self,
                                          const QcKind *kind,
                                          const char   *field,
                                          GError      **error);
/* Ids of the PDSA cycles that concern person @person_id: cycles of the
 * projects they coach, and cycles with a task for them. */
GHashTable *qc_store_dup_pdsa_for_person (QcStore      *self,
                                          const char   *person_id,
                                          GError      **error);

G_END_DECLS
