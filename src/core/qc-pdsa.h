#pragma once

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_PDSA (qc_pdsa_get_type ())
G_DECLARE_FINAL_TYPE (QcPdsa, qc_pdsa, QC, PDSA, QcRecord)

QcPdsa *qc_pdsa_new (void);

G_END_DECLS
