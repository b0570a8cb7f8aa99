#include "qc-session.h"

/* A session record: its properties are the fields of qc_kind_session
 * (see qc-kind.c), installed by QcRecord. */
struct _QcSession
{
  QcRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (QcSession, qc_session, QC_TYPE_RECORD)

static void
qc_session_class_init (QcSessionClass *klass)
{
  qc_record_class_set_kind (QC_RECORD_CLASS (klass), &qc_kind_session);
}

static void
qc_session_init (QcSession *self)
{
}

QcSession *
qc_session_new (void)
{
  return g_object_new (QC_TYPE_SESSION, NULL);
}
