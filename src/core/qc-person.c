#include "qc-person.h"

/* A person record: its properties are the fields of qc_kind_person
 * (see qc-kind.c), installed by QcRecord. */
struct _QcPerson
{
  QcRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (QcPerson, qc_person, QC_TYPE_RECORD)

static void
qc_person_class_init (QcPersonClass *klass)
{
  qc_record_class_set_kind (QC_RECORD_CLASS (klass), &qc_kind_person);
}

static void
qc_person_init (QcPerson *self)
{
}

QcPerson *
qc_person_new (void)
{
  return g_object_new (QC_TYPE_PERSON, NULL);
}
