#include "qc-pdsa.h"

/* A pdsa record: its properties are the fields of qc_kind_pdsa
 * (see qc-kind.c), installed by QcRecord. */
struct _QcPdsa
{
  QcRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (QcPdsa, qc_pdsa, QC_TYPE_RECORD)

static void
qc_pdsa_class_init (QcPdsaClass *klass)
{
  qc_record_class_set_kind (QC_RECORD_CLASS (klass), &qc_kind_pdsa);
}

static void
qc_pdsa_init (QcPdsa *self)
{
}

QcPdsa *
qc_pdsa_new (void)
{
  return g_object_new (QC_TYPE_PDSA, NULL);
}
