#pragma once

#include <gio/gio.h>

#include "qc-exchange-format.h"
#include "qc-store.h"

G_BEGIN_DECLS

/* What to export. All members may be NULL; the strings are the caller's.
 *
 * - projects: ids of the projects to send, with their measures and PDSA
 *   cycles, the sessions that name them, and the people and organisations
 *   they refer to. NULL or empty: every record and every deletion.
 * - since: an RFC 3339 UTC time (2026-11-26T13:00:00.000Z): only records
 *   and deletions made after it (with the projects that hold a changed
 *   measure or cycle, so the file can nest it).
 * - sender_*: written as <sender>; no <sender> without a name. */
typedef struct
{
  const char * const *projects;
  const char         *since;
  const char         *sender_name;
  const char         *sender_email;
  const char         *sender_organisation;
} QcExportOptions;

/* Writes an exchange file of the store's records in canonical order
 * (docs/exchange-format.md, rule 9). The file appears whole or not at all:
 * it is written to a temporary file beside @path, synced and renamed. A
 * record that a reader would refuse (e.g. a person without a skill) stops
 * the export with a message naming it. @n_records: records and deletions
 * written. */
gboolean qc_exchange_export_file        (QcStore                *store,
                                         const char             *path,
                                         const QcExportOptions  *options,
                                         GCancellable           *cancellable,
                                         QcProgressFunc          progress,
                                         gpointer                progress_data,
                                         guint                  *n_records,
                                         GError                **error);

/* The same in a worker thread with its own connection to the store's
 * database; progress is called in the caller's thread-default main
 * context. Cancelling leaves no file behind. */
void     qc_exchange_export_file_async  (QcStore                *store,
                                         const char             *path,
                                         const QcExportOptions  *options,
                                         GCancellable           *cancellable,
                                         QcProgressFunc          progress,
                                         gpointer                progress_data,
                                         GDestroyNotify          progress_data_free,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data);
gboolean qc_exchange_export_file_finish (QcStore                *store,
                                         GAsyncResult           *result,
                                         guint                  *n_records,
                                         GError                **error);

G_END_DECLS
