#pragma once

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_ORGANISATION (qc_organisation_get_type ())
G_DECLARE_FINAL_TYPE (QcOrganisation, qc_organisation, QC, ORGANISATION, QcRecord)

QcOrganisation *qc_organisation_new (void);

G_END_DECLS
