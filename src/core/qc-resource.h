#pragma once

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_RESOURCE (qc_resource_get_type ())
G_DECLARE_FINAL_TYPE (QcResource, qc_resource, QC, RESOURCE, QcRecord)

QcResource *qc_resource_new (void);

G_END_DECLS
