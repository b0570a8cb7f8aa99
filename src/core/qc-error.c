#include "qc-error.h"

G_DEFINE_QUARK (qc-error-quark, qc_error)
