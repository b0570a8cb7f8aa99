#include "qc-resource.h"

/* A resource record: its properties are the fields of qc_kind_resource
 * (see qc-kind.c), installed by QcRecord. */
struct _QcResource
{
  QcRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (QcResource, qc_resource, QC_TYPE_RECORD)

static void
qc_resource_class_init (QcResourceClass *klass)
{
  qc_record_class_set_kind (QC_RECORD_CLASS (klass), &qc_kind_resource);
}

static void
qc_resource_init (QcResource *self)
{
}

QcResource *
qc_resource_new (void)
{
  return g_object_new (QC_TYPE_RESOURCE, NULL);
}
