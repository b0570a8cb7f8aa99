#pragma once

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_MEASURE (qc_measure_get_type ())
G_DECLARE_FINAL_TYPE (QcMeasure, qc_measure, QC, MEASURE, QcRecord)

QcMeasure *qc_measure_new (void);

G_END_DECLS
