#pragma once

#include "qc-record.h"

G_BEGIN_DECLS

#define QC_TYPE_SESSION (qc_session_get_type ())
G_DECLARE_FINAL_TYPE (QcSession, qc_session, QC, SESSION, QcRecord)

QcSession *qc_session_new (void);

G_END_DECLS
