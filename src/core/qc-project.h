#pragma once

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_PROJECT (qc_project_get_type ())
G_DECLARE_FINAL_TYPE (QcProject, qc_project, QC, PROJECT, QcRecord)

QcProject *qc_project_new (void);

G_END_DECLS
