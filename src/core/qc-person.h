#pragma once

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_PERSON (qc_person_get_type ())
G_DECLARE_FINAL_TYPE (QcPerson, qc_person, QC, PERSON, QcRecord)

QcPerson *qc_person_new (void);

G_END_DECLS
