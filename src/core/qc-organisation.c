#include "qc-organisation.h"

/* A organisation record: its properties are the fields of qc_kind_organisation
 * (see qc-kind.c), installed by QcRecord. */
struct _QcOrganisation
{
  QcRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (QcOrganisation, qc_organisation, QC_TYPE_RECORD)

static void
qc_organisation_class_init (QcOrganisationClass *klass)
{
  qc_record_class_set_kind (QC_RECORD_CLASS (klass), &qc_kind_organisation);
}

static void
qc_organisation_init (QcOrganisation *self)
{
}

QcOrganisation *
qc_organisation_new (void)
{
  return g_object_new (QC_TYPE_ORGANISATION, NULL);
}
