#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define QC_ERROR (qc_error_quark ())

/* Errors the core reports; every message is written for a coach to act on. */
typedef enum
{
  QC_ERROR_FAILED,          /* anything else */
  QC_ERROR_NOT_FOUND,       /* unknown id */
  QC_ERROR_INVALID,         /* a field value or input file is refused */
  QC_ERROR_CONSTRAINT,      /* the database refused: reference, uniqueness */
  QC_ERROR_DATABASE,        /* the database could not be opened or written */
  QC_ERROR_CORRUPT,         /* the database file is damaged */
  QC_ERROR_TOO_NEW,         /* database or file from a newer version */
  QC_ERROR_CANCELLED,
} QcErrorCode;

GQuark qc_error_quark (void);

G_END_DECLS
