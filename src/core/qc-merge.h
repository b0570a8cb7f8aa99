#pragma once

#include <json-glib/json-glib.h>

#include "qc-store.h"

G_BEGIN_DECLS

/* What an import did (or, in a dry run, would do) with one record of the
 * file: docs/exchange-format.md, "Merge rules". */
typedef enum
{
  QC_IMPORT_ADDED,      /* unknown id: added (deletions too, so the record never comes back) */
  QC_IMPORT_UPDATED,    /* the file's version descends from ours: it became current */
  QC_IMPORT_UNCHANGED,  /* the same version */
  QC_IMPORT_OLDER,      /* a version we already have or have passed: ignored */
  QC_IMPORT_DELETED,    /* the file deleted a record we had */
  QC_IMPORT_CONFLICT,   /* both sides changed it: the later one is current, the other in history */
  QC_IMPORT_N_OUTCOMES
} QcImportOutcome;

const char *qc_import_outcome_to_string (QcImportOutcome outcome);

typedef struct
{
  const QcKind    *kind;
  char            *id;
  char            *title;          /* what a person calls it; NULL for an unknown deleted record */
  QcImportOutcome  outcome;
  gboolean         deletion;       /* the file's version is a deletion */
  gboolean         incoming_kept;  /* conflicts: the file's version became current */
} QcImportItem;

/* The report of one file. Items are listed in file order, except
 * unchanged records (only counted); at most QC_IMPORT_MAX_LISTED per kind
 * and outcome are listed (conflicts always). */
#define QC_IMPORT_MAX_LISTED 5000

typedef struct _QcImportReport QcImportReport;

#define QC_TYPE_IMPORT_REPORT (qc_import_report_get_type ())
GType           qc_import_report_get_type      (void) G_GNUC_CONST;
QcImportReport *qc_import_report_new           (const char      *path,
                                                gboolean         dry_run);
QcImportReport *qc_import_report_ref           (QcImportReport  *report);
void            qc_import_report_unref         (QcImportReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcImportReport, qc_import_report_unref)

const char     *qc_import_report_get_path      (QcImportReport  *report);
gboolean        qc_import_report_get_dry_run   (QcImportReport  *report);
/* Records in the file, of every kind and outcome. */
guint           qc_import_report_get_n_records (QcImportReport  *report);
guint           qc_import_report_get_count     (QcImportReport  *report,
                                                const QcKind    *kind,
                                                QcImportOutcome  outcome);
guint           qc_import_report_get_total     (QcImportReport  *report,
                                                QcImportOutcome  outcome);
/* QcImportItem, owned by the report. */
GPtrArray      *qc_import_report_get_items     (QcImportReport  *report);
/* The file's <sender> and root attributes (NULL when absent). */
const char     *qc_import_report_get_sender_name         (QcImportReport *report);
const char     *qc_import_report_get_sender_email        (QcImportReport *report);
const char     *qc_import_report_get_sender_organisation (QcImportReport *report);
const char     *qc_import_report_get_exported            (QcImportReport *report);
const char     *qc_import_report_get_generator           (QcImportReport *report);
/* The JSON of `qi-coach-cli import --json` (docs/cli.md). */
JsonNode       *qc_import_report_to_json       (QcImportReport  *report);

/* For the reader. */
void            qc_import_report_set_source    (QcImportReport  *report,
                                                const char      *exported,
                                                const char      *generator);
void            qc_import_report_set_sender    (QcImportReport  *report,
                                                const char      *name,
                                                const char      *email,
                                                const char      *organisation);
void            qc_import_report_add           (QcImportReport  *report,
                                                const QcKind    *kind,
                                                const char      *id,
                                                const char      *title,
                                                QcImportOutcome  outcome,
                                                gboolean         deletion,
                                                gboolean         incoming_kept);

/* The merge of one file into a store, record by record, inside the
 * caller's transaction. */
typedef enum
{
  QC_MERGE_ADD,
  QC_MERGE_UNCHANGED,
  QC_MERGE_OLDER,
  QC_MERGE_FAST_FORWARD,
  QC_MERGE_CONFLICT_INCOMING_WINS,
  QC_MERGE_CONFLICT_LOCAL_WINS,
} QcMergeAction;

typedef struct _QcMerge QcMerge;

QcMerge        *qc_merge_new     (QcStore         *store,
                                  QcImportReport  *report);
void            qc_merge_free    (QcMerge         *merge);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcMerge, qc_merge_free)

/* Decides from the version metadata alone what to do with a record of the
 * file. Fails when the id names a record of another kind here. */
gboolean        qc_merge_decide  (QcMerge         *merge,
                                  const QcKind    *kind,
                                  const char      *id,
                                  const char      *rev,
                                  const char      *revs,
                                  const char      *modified,
                                  gboolean         deletion,
                                  QcMergeAction   *action,
                                  GError         **error);
/* Carries out the decision for @incoming (a complete record, or for a
 * deletion a record with only its metadata), and reports it. */
gboolean        qc_merge_apply   (QcMerge         *merge,
                                  QcRecord        *incoming,
                                  gboolean         deletion,
                                  QcMergeAction    action,
                                  GError         **error);
/* After the last record: a measure or cycle left without its project (the
 * project was deleted on one side while the other added to it) is deleted
 * too, as a local delete of the project would have. */
gboolean        qc_merge_finish  (QcMerge         *merge,
                                  GError         **error);

G_END_DECLS
