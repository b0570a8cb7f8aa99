#pragma once

#include <gtk/gtk.h>

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_RECORD_ROW (qc_record_row_get_type ())
G_DECLARE_FINAL_TYPE (QcRecordRow, qc_record_row, QC, RECORD_ROW, GtkWidget)

/* One row of the projects or PDSA cycles list: title, what it belongs to,
 * its status or stage and, for a project, its progress score. */
QcRecord *qc_record_row_get_record (QcRecordRow *self);
void      qc_record_row_set_record (QcRecordRow *self,
                                    QcRecord    *record);

G_END_DECLS
