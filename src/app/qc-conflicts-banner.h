#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QC_TYPE_CONFLICTS_BANNER (qc_conflicts_banner_get_type ())
G_DECLARE_FINAL_TYPE (QcConflictsBanner, qc_conflicts_banner, QC, CONFLICTS_BANNER, AdwBin)

/* A bar under the header bar that appears while conflicts wait for review
 * ("2 conflicts to review"), with a Review button (app.review-conflicts).
 * It counts them again whenever the store changes. */
GtkWidget *qc_conflicts_banner_new (void);

G_END_DECLS
