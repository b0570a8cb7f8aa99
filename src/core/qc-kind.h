#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Describes the record kinds of the exchange format once, so that storage,
 * properties, JSON, validation and the CLI all follow the same table. */

typedef enum
{
  QC_FIELD_TEXT,
  QC_FIELD_ENUM,
  QC_FIELD_DATE,
  QC_FIELD_DATETIME,
  QC_FIELD_BOOL,
  QC_FIELD_INT,
  QC_FIELD_DECIMAL,
  QC_FIELD_PROGRESS,
  QC_FIELD_REF,
  QC_FIELD_UUID,
} QcFieldType;

/* Where a collection item's field lives in the XML element. */
typedef enum
{
  QC_PLACE_ELEMENT,   /* a child element <name>text</name> (record fields always) */
  QC_PLACE_ATTRIBUTE, /* an attribute name="..." */
  QC_PLACE_TEXT,      /* the element's own text */
} QcFieldPlace;

typedef struct
{
  const char         *name;      /* exchange-format name, e.g. "data-plan" */
  const char         *column;    /* SQL column */
  QcFieldType         type;
  QcFieldPlace        place;
  const char *const  *choices;   /* QC_FIELD_ENUM values */
  const char         *ref_kind;  /* QC_FIELD_REF target kind ("driver" too) */
  const char         *label;     /* N_() label for people */
  guint               required : 1;
  guint               searchable : 1;
  guint               is_private : 1; /* never leaves the database */
  guint               is_parent : 1;  /* the owning project: carried by nesting */
  guint               ref_as_attr : 1; /* record field written as <name ref="..."/> */
} QcField;

typedef struct
{
  const char    *name;     /* element name, e.g. "member" */
  const char    *table;    /* SQL table; for a packed list, the column of the
                            * record's own table that holds it as JSON */
  const char    *label;    /* N_() */
  const QcField *fields;
  guint          n_fields;
  /* Kept whole in one column (a measure's data points: hundreds of rows a
   * record, always read and written together, never searched one by one). */
  guint          packed : 1;
} QcCollection;

typedef struct _QcKind QcKind;
struct _QcKind
{
  const char         *name;        /* "project" */
  const char         *plural;      /* "projects" (CLI list) */
  const char         *table;
  const char         *label;       /* N_() singular, for people */
  const char         *title_field; /* field shown as the record's title */
  const QcField      *fields;
  guint               n_fields;
  const QcCollection *collections;
  guint               n_collections;
  GType             (*get_type) (void);
};

extern const QcKind qc_kind_organisation;
extern const QcKind qc_kind_person;
extern const QcKind qc_kind_resource;
extern const QcKind qc_kind_project;
extern const QcKind qc_kind_measure;
extern const QcKind qc_kind_pdsa;
extern const QcKind qc_kind_session;

/* All kinds, in the exchange file's order (measure and pdsa after project). */
const QcKind * const *qc_kinds             (guint         *n_kinds);
const QcKind         *qc_kind_lookup       (const char    *name);
const QcKind         *qc_kind_lookup_plural(const char    *plural);
const QcField        *qc_kind_find_field   (const QcKind  *kind,
                                            const char    *name,
                                            guint         *index);
const QcCollection   *qc_kind_find_collection (const QcKind *kind,
                                               const char   *name,
                                               guint        *index);
const QcField        *qc_collection_find_field (const QcCollection *collection,
                                                const char         *name,
                                                guint              *index);

/* Checks one value against its field; NULL or "" is always acceptable here
 * (required fields are checked on the whole record). */
gboolean              qc_field_validate    (const QcField *field,
                                            const char    *value,
                                            GError       **error);
/* Rewrites a valid value to its canonical lexical form (e.g. "2" -> "2.0"). */
char                 *qc_field_normalize   (const QcField *field,
                                            const char    *value);

gboolean              qc_is_uuid           (const char    *text);
gboolean              qc_is_date           (const char    *text);
gboolean              qc_is_timestamp      (const char    *text);
char                 *qc_uuid_new          (void);
char                 *qc_timestamp_now     (void);

G_END_DECLS
