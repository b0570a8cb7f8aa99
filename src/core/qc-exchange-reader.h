#pragma once

#include <gio/gio.h>

#include "qc-exchange-format.h"
#include "qc-merge.h"
#include "qc-store.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean dry_run;   /* report what would happen; change nothing */
} QcImportOptions;

/* Checks a file against the format, the schema's rules and the limits,
 * without a database. A refused file gives a QC_ERROR_INVALID (or
 * QC_ERROR_TOO_NEW for a newer format) whose message is
 * "FILE:LINE:COLUMN: what is wrong". */
gboolean        qc_exchange_validate_file      (const char            *path,
                                                GCancellable          *cancellable,
                                                GError               **error);

/* The same check with libxml2's RELAX NG validator and the compiled-in
 * schema, streaming. Slow (ten times the parse): for tests, and for a
 * second opinion (`qi-coach-cli validate --schema`). Never opens another
 * file or the network. */
gboolean        qc_exchange_validate_with_schema (const char          *path,
                                                  GError             **error);

/* Imports a file: the whole file is checked as it is merged in one
 * transaction, which is rolled back on the first problem, on
 * cancellation, or at the end of a dry run, so a refused file changes
 * nothing. @report: what was (or would be) done. */
gboolean        qc_exchange_import_file        (QcStore               *store,
                                                const char            *path,
                                                const QcImportOptions *options,
                                                GCancellable          *cancellable,
                                                QcProgressFunc         progress,
                                                gpointer               progress_data,
                                                QcImportReport       **report,
                                                GError               **error);

/* The same in a worker thread with its own connection to the store's
 * database; @store emits "changed" for the kinds the import changed when
 * it finishes. Cancelling rolls back: nothing changes. */
void            qc_exchange_import_file_async  (QcStore               *store,
                                                const char            *path,
                                                const QcImportOptions *options,
                                                GCancellable          *cancellable,
                                                QcProgressFunc         progress,
                                                gpointer               progress_data,
                                                GDestroyNotify         progress_data_free,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
QcImportReport *qc_exchange_import_file_finish (QcStore               *store,
                                                GAsyncResult          *result,
                                                GError               **error);

G_END_DECLS
