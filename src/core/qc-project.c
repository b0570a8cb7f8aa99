#include "qc-project.h"

/* A project record: its properties are the fields of qc_kind_project
 * (see qc-kind.c), installed by QcRecord. */
struct _QcProject
{
  QcRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (QcProject, qc_project, QC_TYPE_RECORD)

static void
qc_project_class_init (QcProjectClass *klass)
{
  qc_record_class_set_kind (QC_RECORD_CLASS (klass), &qc_kind_project);
}

static void
qc_project_init (QcProject *self)
{
}

QcProject *
qc_project_new (void)
{
  return g_object_new (QC_TYPE_PROJECT, NULL);
}
