#pragma once

#include <gio/gio.h>

#include "qc-kind.h"
#include "qc-record.h"

G_BEGIN_DECLS

/* The layout of exchange format 1 (docs/exchange-format.md), defined once
 * and used by both the writer and the reader: for each record kind, its
 * child elements in file order, and the lexical type of every value as
 * data/exchange-1.rng states it. */

#define QC_EXCHANGE_NS            "urn:x-qicoach:exchange:1"
#define QC_EXCHANGE_FORMAT        "1"
#define QC_EXCHANGE_MAX_BYTES     (256 * 1024 * 1024)
#define QC_EXCHANGE_MAX_DEPTH     32
#define QC_EXCHANGE_MAX_TEXT      (1024 * 1024)
#define QC_EXCHANGE_MAX_RECORDS   1000000
#define QC_EXCHANGE_MAX_REVS      20

/* Lexical types of the schema. Values are exact: nothing is trimmed. */
typedef enum
{
  QC_LEX_TEXT,
  QC_LEX_REQUIRED_TEXT,   /* at least one character that is not white space */
  QC_LEX_ENUM,
  QC_LEX_DATE,
  QC_LEX_TIMESTAMP,
  QC_LEX_BOOLEAN,
  QC_LEX_UUID,            /* RFC 4122, lower case, version 1-5, variant 10xx */
  QC_LEX_NUMBER,
  QC_LEX_NUMERATOR,       /* a number >= 0 */
  QC_LEX_DENOMINATOR,     /* a number > 0 */
  QC_LEX_POSITIVE_INT,
  QC_LEX_NON_NEGATIVE_INT,
  QC_LEX_PROGRESS,
  QC_LEX_REV,
  QC_LEX_REVS,
} QcLex;

typedef enum
{
  QC_SLOT_FIELD,       /* <name>text</name>, or <name ref="id"/> (ref_as_attr) */
  QC_SLOT_ACT,         /* <act decision="...">text</act>: two fields */
  QC_SLOT_COLLECTION,  /* a repeated item of a collection */
  QC_SLOT_RECORDS,     /* nested records of another kind (a project's measures, cycles) */
} QcSlotType;

typedef struct
{
  const char         *element;
  QcSlotType          type;
  gboolean            required;        /* must appear (at least once) */
  /* FIELD and ACT: the field carried as text or ref; ACT: decision too */
  guint               field_index;
  const QcField      *field;
  QcLex               lex;
  guint               decision_index;
  const QcField      *decision;
  /* COLLECTION */
  guint               collection_index;
  const QcCollection *collection;
  QcLex               item_lex[8];     /* per collection field */
  guint               item_required;   /* bit f: field f is required */
  gboolean            point_rule;      /* value, or numerator and denominator */
  gboolean            has_element_fields; /* items have child elements (question) */
  /* RECORDS */
  const QcKind       *child_kind;
} QcExchangeSlot;

typedef struct
{
  const QcKind         *kind;
  const QcExchangeSlot *slots;
  guint                 n_slots;
  gint                  parent_field;   /* index of the is_parent field, or -1 */
} QcExchangeLayout;

/* The kinds at the top level of a file, in file order (no measure, pdsa). */
const QcKind * const   *qc_exchange_top_kinds     (guint                  *n_kinds);
/* Position of @kind in the file's order of records; tombstones come last. */
guint                   qc_exchange_kind_rank     (const QcKind           *kind);
const QcExchangeLayout *qc_exchange_layout        (const QcKind           *kind);
const QcExchangeSlot   *qc_exchange_layout_lookup (const QcExchangeLayout *layout,
                                                   const char             *element,
                                                   guint                  *index);

/* Checks @value against @lex; on failure sets an error whose message reads
 * "@subject must ..., found “VALUE”". @choices for QC_LEX_ENUM. */
gboolean                qc_exchange_check_value   (QcLex                   lex,
                                                   const char * const     *choices,
                                                   const char             *subject,
                                                   const char             *value,
                                                   GError                **error);
/* The record's metadata and every value, as a reader would check them in a
 * file: used by the writer before it writes a record, so that a file it
 * writes is never refused by a reader. */
gboolean                qc_exchange_check_record  (QcRecord               *record,
                                                   gboolean                tombstone,
                                                   GError                **error);
/* Checks an item's fields (point rule included). */
gboolean                qc_exchange_check_item    (const QcExchangeSlot   *slot,
                                                   char * const           *values,
                                                   const gboolean         *present,
                                                   GError                **error);

/* Text as XML 1.0 can carry it: valid UTF-8 (invalid bytes become U+FFFD)
 * without the characters XML 1.0 forbids. Returns NULL when @text needs
 * no change. */
char                   *qc_exchange_clean_text    (const char             *text);

/* The RELAX NG schema (data/exchange-1.rng), compiled into the core. */
GBytes                 *qc_exchange_dup_schema    (void);

/* Progress of an export or import, from 0 to 1. The synchronous functions
 * call it in their own thread; the _async ones in the thread-default main
 * context of the caller, at most about a hundred times in all. */
typedef void (*QcProgressFunc) (double   fraction,
                                gpointer user_data);

/* For the _async functions: carries progress from a worker thread to the
 * main context that was the thread-default when it was made. */
typedef struct _QcProgressRelay QcProgressRelay;
QcProgressRelay        *qc_progress_relay_new     (QcProgressFunc          func,
                                                   gpointer                data,
                                                   GDestroyNotify          notify);
void                    qc_progress_relay_report  (double                  fraction,
                                                   gpointer                relay);
void                    qc_progress_relay_unref   (QcProgressRelay        *relay);

G_END_DECLS
