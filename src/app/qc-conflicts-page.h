#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_CONFLICTS_PAGE (qc_conflicts_page_get_type ())
G_DECLARE_FINAL_TYPE (QcConflictsPage, qc_conflicts_page, QC, CONFLICTS_PAGE, AdwWindow)

/* The records with conflicting versions, each opening both versions side
 * by side, field by field, differences highlighted, with "Keep This" on
 * either side. With @record_id (may be NULL), that record's first conflict
 * opens straight away. One window per @parent: presenting it again shows
 * the same one. */
QcConflictsPage *qc_conflicts_page_present (GtkWindow  *parent,
                                            const char *record_id);

G_END_DECLS
