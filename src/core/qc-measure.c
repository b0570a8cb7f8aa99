#include "qc-measure.h"

/* A measure record: its properties are the fields of qc_kind_measure
 * (see qc-kind.c), installed by QcRecord. */
struct _QcMeasure
{
  QcRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (QcMeasure, qc_measure, QC_TYPE_RECORD)

static void
qc_measure_class_init (QcMeasureClass *klass)
{
  qc_record_class_set_kind (QC_RECORD_CLASS (klass), &qc_kind_measure);
}

static void
qc_measure_init (QcMeasure *self)
{
}

QcMeasure *
qc_measure_new (void)
{
  return g_object_new (QC_TYPE_MEASURE, NULL);
}
