#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "qc-kind.h"

G_BEGIN_DECLS

/* One item of a record's collection (a tag, a team member, a data point...):
 * its values indexed like the collection's fields. */
typedef struct
{
  const QcCollection *collection;
  char              **values;
} QcItem;

#define QC_TYPE_ITEM (qc_item_get_type ())
GType       qc_item_get_type (void) G_GNUC_CONST;
QcItem     *qc_item_new      (const QcCollection *collection);
QcItem     *qc_item_copy     (const QcItem       *item);
void        qc_item_free     (QcItem             *item);
const char *qc_item_get      (const QcItem       *item,
                              const char         *field);
void        qc_item_set      (QcItem             *item,
                              const char         *field,
                              const char         *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcItem, qc_item_free)

#define QC_TYPE_RECORD (qc_record_get_type ())
G_DECLARE_DERIVABLE_TYPE (QcRecord, qc_record, QC, RECORD, GObject)

struct _QcRecordClass
{
  GObjectClass  parent_class;
  const QcKind *kind;
  GParamSpec  **field_pspecs;  /* one per field of kind, for fast notify */
};

/* Installs one property per field and collection of @kind on a subclass. */
void          qc_record_class_set_kind   (QcRecordClass *klass,
                                          const QcKind  *kind);

QcRecord     *qc_record_new              (const QcKind  *kind);
const QcKind *qc_record_get_kind         (QcRecord      *self);
QcRecord     *qc_record_copy             (QcRecord      *self);

const char   *qc_record_get_id           (QcRecord      *self);
void          qc_record_set_id           (QcRecord      *self,
                                          const char    *id);
const char   *qc_record_get_created      (QcRecord      *self);
void          qc_record_set_created      (QcRecord      *self,
                                          const char    *created);
const char   *qc_record_get_modified     (QcRecord      *self);
void          qc_record_set_modified     (QcRecord      *self,
                                          const char    *modified);
const char   *qc_record_get_modified_by  (QcRecord      *self);
void          qc_record_set_modified_by  (QcRecord      *self,
                                          const char    *modified_by);
const char   *qc_record_get_rev          (QcRecord      *self);
void          qc_record_set_rev          (QcRecord      *self,
                                          const char    *rev);
/* Earlier revisions, newest first, space-separated (at most 20). */
const char   *qc_record_get_revs         (QcRecord      *self);
void          qc_record_set_revs         (QcRecord      *self,
                                          const char    *revs);

/* Field values in their canonical text form; NULL when unset. */
const char   *qc_record_get            (QcRecord      *self,
                                        const char    *field);
void          qc_record_set            (QcRecord      *self,
                                        const char    *field,
                                        const char    *value);
/* The same by the field's index in the kind's table (no name look-up). */
const char   *qc_record_get_at         (QcRecord      *self,
                                        guint          index);
void          qc_record_set_at         (QcRecord      *self,
                                        guint          index,
                                        const char    *value);
double        qc_record_get_double     (QcRecord      *self,
                                        const char    *field,
                                        double         fallback);
gboolean      qc_record_get_boolean    (QcRecord      *self,
                                        const char    *field);
/* What a person calls this record: its title, name or date. */
char         *qc_record_dup_title      (QcRecord      *self);

/* Collections: a GPtrArray of QcItem owned by the record. */
GPtrArray    *qc_record_get_items      (QcRecord      *self,
                                        const char    *collection);
QcItem       *qc_record_add_item       (QcRecord      *self,
                                        const char    *collection);
void          qc_record_clear_items    (QcRecord      *self,
                                        const char    *collection);

/* A list row holds only the record's fields; the collections are loaded
 * when the record is opened. */
gboolean      qc_record_is_complete    (QcRecord      *self);
void          qc_record_set_complete   (QcRecord      *self,
                                        gboolean       complete);

/* Checks every field and item and the required fields. */
gboolean      qc_record_validate       (QcRecord      *self,
                                        GError       **error);

/* The record's content as JSON: fields in table order, collections as
 * arrays of objects. The canonical form (no metadata, no private fields) is
 * what revisions hash. */
typedef enum
{
  QC_JSON_CONTENT  = 0,
  QC_JSON_META     = 1 << 0,
  QC_JSON_PRIVATE  = 1 << 1,
} QcJsonFlags;

JsonNode     *qc_record_to_json        (QcRecord      *self,
                                        QcJsonFlags    flags);
QcRecord     *qc_record_new_from_json  (const QcKind  *kind,
                                        JsonNode      *node,
                                        GError       **error);
char         *qc_record_canonical_text (QcRecord      *self);
/* N-HASH for the next version: N one more than the parent's, HASH the first
 * 16 hex digits of SHA-256 over the parent's rev, a newline and the
 * canonical content. */
char         *qc_record_compute_rev    (QcRecord      *self,
                                        const char    *parent_rev);
gboolean      qc_record_content_equal  (QcRecord      *a,
                                        QcRecord      *b);
guint         qc_rev_generation        (const char    *rev);

G_END_DECLS

G_BEGIN_DECLS

/* Sets a field from text, or appends an item to a collection: a plain
 * value fills the item's text (or its single field); a JSON object gives
 * several, e.g. {"kind":"primary","text":"Reliable triage"}. */
gboolean      qc_record_apply_text     (QcRecord      *self,
                                        const char    *name,
                                        const char    *value,
                                        GError       **error);

G_END_DECLS
