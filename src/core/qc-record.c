#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "qc-error.h"
#include "qc-record.h"

/* QcItem */

G_DEFINE_BOXED_TYPE (QcItem, qc_item, qc_item_copy, qc_item_free)

QcItem *
qc_item_new (const QcCollection *collection)
{
  QcItem *item = g_new0 (QcItem, 1);
  item->collection = collection;
  item->values = g_new0 (char *, collection->n_fields + 1);
  return item;
}

QcItem *
qc_item_copy (const QcItem *item)
{
  QcItem *copy = qc_item_new (item->collection);
  for (guint i = 0; i < item->collection->n_fields; i++)
    copy->values[i] = g_strdup (item->values[i]);
  return copy;
}

void
qc_item_free (QcItem *item)
{
  if (item == NULL)
    return;
  for (guint i = 0; i < item->collection->n_fields; i++)
    g_free (item->values[i]);
  g_free (item->values);
  g_free (item);
}

const char *
qc_item_get (const QcItem *item, const char *field)
{
  guint index;
  if (qc_collection_find_field (item->collection, field, &index) == NULL)
    g_return_val_if_reached (NULL);
  return item->values[index];
}

void
qc_item_set (QcItem *item, const char *field, const char *value)
{
  guint index;
  if (qc_collection_find_field (item->collection, field, &index) == NULL)
    g_return_if_reached ();
  g_free (item->values[index]);
  item->values[index] = (value && *value) ? g_strdup (value) : NULL;
}

/* QcRecord */

/* g_set_str() arrived in GLib 2.76; this is the same for 2.74. */
static gboolean
set_str (char **slot, const char *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

typedef struct
{
  const QcKind *kind;
  char         *id;
  char         *created;
  char         *modified;
  char         *modified_by;
  char         *rev;
  char         *revs;
  char        **values;
  GPtrArray   **items;
  gboolean      complete;
} QcRecordPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (QcRecord, qc_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CREATED,
  PROP_MODIFIED,
  PROP_MODIFIED_BY,
  PROP_REV,
  PROP_REVS,
  PROP_TITLE,
  N_BASE_PROPS
};

static GParamSpec *base_properties[N_BASE_PROPS];

static const QcKind *
record_kind (QcRecord *self)
{
  return QC_RECORD_GET_CLASS (self)->kind;
}

static void
qc_record_constructed (GObject *object)
{
  QcRecord *self = QC_RECORD (object);
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  const QcKind *kind = record_kind (self);

  G_OBJECT_CLASS (qc_record_parent_class)->constructed (object);

  g_assert (kind != NULL);
  priv->kind = kind;
  priv->values = g_new0 (char *, kind->n_fields + 1);
  priv->items = g_new0 (GPtrArray *, kind->n_collections + 1);
  for (guint i = 0; i < kind->n_collections; i++)
    priv->items[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) qc_item_free);
  priv->complete = TRUE;
}

static void
qc_record_finalize (GObject *object)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (QC_RECORD (object));

  g_free (priv->id);
  g_free (priv->created);
  g_free (priv->modified);
  g_free (priv->modified_by);
  g_free (priv->rev);
  g_free (priv->revs);
  if (priv->kind)
    {
      for (guint i = 0; i < priv->kind->n_fields; i++)
        g_free (priv->values[i]);
      for (guint i = 0; i < priv->kind->n_collections; i++)
        g_ptr_array_unref (priv->items[i]);
    }
  g_free (priv->values);
  g_free (priv->items);

  G_OBJECT_CLASS (qc_record_parent_class)->finalize (object);
}

static void
qc_record_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  QcRecord *self = QC_RECORD (object);
  QcRecordPrivate *priv = qc_record_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, priv->id); return;
    case PROP_CREATED: g_value_set_string (value, priv->created); return;
    case PROP_MODIFIED: g_value_set_string (value, priv->modified); return;
    case PROP_MODIFIED_BY: g_value_set_string (value, priv->modified_by); return;
    case PROP_REV: g_value_set_string (value, priv->rev); return;
    case PROP_REVS: g_value_set_string (value, priv->revs); return;
    case PROP_TITLE: g_value_take_string (value, qc_record_dup_title (self)); return;
    default:
      break;
    }

  prop_id -= N_BASE_PROPS;
  if (prop_id < priv->kind->n_fields)
    g_value_set_string (value, priv->values[prop_id]);
  else if (prop_id - priv->kind->n_fields < priv->kind->n_collections)
    g_value_set_boxed (value, priv->items[prop_id - priv->kind->n_fields]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id + N_BASE_PROPS, pspec);
}

static void
qc_record_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  QcRecord *self = QC_RECORD (object);
  QcRecordPrivate *priv = qc_record_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID: qc_record_set_id (self, g_value_get_string (value)); return;
    case PROP_CREATED: qc_record_set_created (self, g_value_get_string (value)); return;
    case PROP_MODIFIED: qc_record_set_modified (self, g_value_get_string (value)); return;
    case PROP_MODIFIED_BY: qc_record_set_modified_by (self, g_value_get_string (value)); return;
    case PROP_REV: qc_record_set_rev (self, g_value_get_string (value)); return;
    case PROP_REVS: qc_record_set_revs (self, g_value_get_string (value)); return;
    default:
      break;
    }

  prop_id -= N_BASE_PROPS;
  if (priv->kind != NULL && prop_id < priv->kind->n_fields)
    qc_record_set (self, priv->kind->fields[prop_id].name, g_value_get_string (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id + N_BASE_PROPS, pspec);
}

static void
qc_record_class_init (QcRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = qc_record_constructed;
  object_class->finalize = qc_record_finalize;
  object_class->get_property = qc_record_get_property;
  object_class->set_property = qc_record_set_property;

  base_properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  base_properties[PROP_CREATED] = g_param_spec_string ("created", NULL, NULL, NULL, flags);
  base_properties[PROP_MODIFIED] = g_param_spec_string ("modified", NULL, NULL, NULL, flags);
  base_properties[PROP_MODIFIED_BY] = g_param_spec_string ("modified-by", NULL, NULL, NULL, flags);
  base_properties[PROP_REV] = g_param_spec_string ("rev", NULL, NULL, NULL, flags);
  base_properties[PROP_REVS] = g_param_spec_string ("revs", NULL, NULL, NULL, flags);
  base_properties[PROP_TITLE] = g_param_spec_string ("display-title", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_BASE_PROPS, base_properties);
}

static void
qc_record_init (QcRecord *self)
{
}

void
qc_record_class_set_kind (QcRecordClass *klass, const QcKind *kind)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  klass->kind = kind;
  /* GObject does not inherit these two: each class that installs
   * properties names its own. */
  object_class->get_property = qc_record_get_property;
  object_class->set_property = qc_record_set_property;
  klass->field_pspecs = g_new0 (GParamSpec *, kind->n_fields + 1);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      klass->field_pspecs[i] = g_param_spec_string (kind->fields[i].name, NULL, NULL, NULL, flags);
      g_object_class_install_property (object_class, N_BASE_PROPS + i, klass->field_pspecs[i]);
    }
  for (guint i = 0; i < kind->n_collections; i++)
    {
      /* Field and collection names never coincide within a kind. */
      const char *name = kind->collections[i].name;
      g_assert (qc_kind_find_field (kind, name, NULL) == NULL);
      g_object_class_install_property (object_class, N_BASE_PROPS + kind->n_fields + i,
                                       g_param_spec_boxed (name,
                                                           NULL, NULL, G_TYPE_PTR_ARRAY,
                                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
    }
}

QcRecord *
qc_record_new (const QcKind *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);
  return g_object_new (kind->get_type (), NULL);
}

const QcKind *
qc_record_get_kind (QcRecord *self)
{
  g_return_val_if_fail (QC_IS_RECORD (self), NULL);
  return record_kind (self);
}

QcRecord *
qc_record_copy (QcRecord *self)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  QcRecord *copy = qc_record_new (priv->kind);
  QcRecordPrivate *cpriv = qc_record_get_instance_private (copy);

  cpriv->id = g_strdup (priv->id);
  cpriv->created = g_strdup (priv->created);
  cpriv->modified = g_strdup (priv->modified);
  cpriv->modified_by = g_strdup (priv->modified_by);
  cpriv->rev = g_strdup (priv->rev);
  cpriv->revs = g_strdup (priv->revs);
  cpriv->complete = priv->complete;
  for (guint i = 0; i < priv->kind->n_fields; i++)
    cpriv->values[i] = g_strdup (priv->values[i]);
  for (guint i = 0; i < priv->kind->n_collections; i++)
    for (guint j = 0; j < priv->items[i]->len; j++)
      g_ptr_array_add (cpriv->items[i], qc_item_copy (g_ptr_array_index (priv->items[i], j)));
  return copy;
}

#define META_ACCESSORS(field, PROP)                                            \
  const char *                                                                 \
  qc_record_get_##field (QcRecord *self)                                       \
  {                                                                            \
    QcRecordPrivate *priv = qc_record_get_instance_private (self);             \
    return priv->field;                                                        \
  }                                                                            \
  void                                                                         \
  qc_record_set_##field (QcRecord *self, const char *value)                    \
  {                                                                            \
    QcRecordPrivate *priv = qc_record_get_instance_private (self);             \
    if (set_str (&priv->field, (value && *value) ? value : NULL))            \
      g_object_notify_by_pspec (G_OBJECT (self), base_properties[PROP]);      \
  }

META_ACCESSORS (id, PROP_ID)
META_ACCESSORS (created, PROP_CREATED)
META_ACCESSORS (modified, PROP_MODIFIED)
META_ACCESSORS (modified_by, PROP_MODIFIED_BY)
META_ACCESSORS (rev, PROP_REV)
META_ACCESSORS (revs, PROP_REVS)

const char *
qc_record_get (QcRecord *self, const char *field)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  guint index;

  if (qc_kind_find_field (priv->kind, field, &index) == NULL)
    {
      g_critical ("A %s has no field “%s”", priv->kind->name, field);
      return NULL;
    }
  return priv->values[index];
}

const char *
qc_record_get_at (QcRecord *self, guint index)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  g_return_val_if_fail (index < priv->kind->n_fields, NULL);
  return priv->values[index];
}

void
qc_record_set (QcRecord *self, const char *field, const char *value)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  guint index;

  if (qc_kind_find_field (priv->kind, field, &index) == NULL)
    {
      g_critical ("A %s has no field “%s”", priv->kind->name, field);
      return;
    }
  qc_record_set_at (self, index, value);
}

void
qc_record_set_at (QcRecord *self, guint index, const char *value)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  const char *field;

  g_return_if_fail (index < priv->kind->n_fields);
  field = priv->kind->fields[index].name;
  if (set_str (&priv->values[index], (value && *value) ? value : NULL))
    {
      /* By pspec: records are filled field by field by the thousand on
       * import and export, and a lookup by name would dominate. */
      g_object_notify_by_pspec (G_OBJECT (self), QC_RECORD_GET_CLASS (self)->field_pspecs[index]);
      if (g_str_equal (field, priv->kind->title_field))
        g_object_notify_by_pspec (G_OBJECT (self), base_properties[PROP_TITLE]);
    }
}

double
qc_record_get_double (QcRecord *self, const char *field, double fallback)
{
  const char *value = qc_record_get (self, field);
  return value ? g_ascii_strtod (value, NULL) : fallback;
}

gboolean
qc_record_get_boolean (QcRecord *self, const char *field)
{
  return g_strcmp0 (qc_record_get (self, field), "true") == 0;
}

char *
qc_record_dup_title (QcRecord *self)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  const char *title = qc_record_get (self, priv->kind->title_field);

  if (priv->kind == &qc_kind_session && title != NULL)
    {
      /* "2026-02-02T10:00:00.000Z" reads as "Session 2026-02-02 10:00". */
      g_autofree char *day = g_strndup (title, 10);
      g_autofree char *time = g_strndup (title + 11, 5);
      return g_strdup_printf (_("Session %s %s"), day, time);
    }
  if (title == NULL)
    return g_strdup (_("(untitled)"));
  return g_strdup (title);
}

GPtrArray *
qc_record_get_items (QcRecord *self, const char *collection)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  guint index;

  if (qc_kind_find_collection (priv->kind, collection, &index) == NULL)
    {
      g_critical ("A %s has no list “%s”", priv->kind->name, collection);
      return NULL;
    }
  return priv->items[index];
}

QcItem *
qc_record_add_item (QcRecord *self, const char *collection)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  guint index;
  QcItem *item;

  if (qc_kind_find_collection (priv->kind, collection, &index) == NULL)
    g_return_val_if_reached (NULL);
  item = qc_item_new (&priv->kind->collections[index]);
  g_ptr_array_add (priv->items[index], item);
  return item;
}

void
qc_record_clear_items (QcRecord *self, const char *collection)
{
  GPtrArray *items = qc_record_get_items (self, collection);
  if (items)
    g_ptr_array_set_size (items, 0);
}

gboolean
qc_record_is_complete (QcRecord *self)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  return priv->complete;
}

void
qc_record_set_complete (QcRecord *self, gboolean complete)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  priv->complete = complete;
}

static gboolean
is_blank (const char *text)
{
  for (; text && *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* A data point has a value, or a numerator and a denominator, never both:
 * a count cannot be negative and a denominator must be above zero. */
static gboolean
validate_point (QcItem *point, guint position, GError **error)
{
  const char *value = qc_item_get (point, "value");
  const char *numerator = qc_item_get (point, "numerator");
  const char *denominator = qc_item_get (point, "denominator");

  if ((value != NULL) == (numerator != NULL || denominator != NULL) ||
      (numerator != NULL) != (denominator != NULL))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("Data point %u needs a value, or a numerator and a denominator"), position);
      return FALSE;
    }
  if (numerator && (g_ascii_strtod (numerator, NULL) < 0 || g_ascii_strtod (denominator, NULL) <= 0))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("Data point %u: the numerator cannot be negative and the denominator must be above 0"),
                   position);
      return FALSE;
    }
  return TRUE;
}

gboolean
qc_record_validate (QcRecord *self, GError **error)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  const QcKind *kind = priv->kind;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const QcField *field = &kind->fields[i];
      if (field->required && is_blank (priv->values[i]))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("A %s needs a %s (field “%s”)"),
                       _(kind->label), _(field->label), field->name);
          return FALSE;
        }
      if (!qc_field_validate (field, priv->values[i], error))
        {
          g_prefix_error (error, _("Field “%s”: "), field->name);
          return FALSE;
        }
    }

  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      for (guint j = 0; j < priv->items[c]->len; j++)
        {
          QcItem *item = g_ptr_array_index (priv->items[c], j);
          for (guint f = 0; f < collection->n_fields; f++)
            {
              const QcField *field = &collection->fields[f];
              if (field->required && is_blank (item->values[f]))
                {
                  g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                               _("%s %u needs a %s (field “%s”)"),
                               _(collection->label), j + 1, _(field->label), field->name);
                  return FALSE;
                }
              if (!qc_field_validate (field, item->values[f], error))
                {
                  g_prefix_error (error, _("%s %u: "), _(collection->label), j + 1);
                  return FALSE;
                }
            }
          if (g_str_equal (collection->name, "point") && !validate_point (item, j + 1, error))
            return FALSE;
        }
    }
  return TRUE;
}

JsonNode *
qc_record_to_json (QcRecord *self, QcJsonFlags flags)
{
  QcRecordPrivate *priv = qc_record_get_instance_private (self);
  const QcKind *kind = priv->kind;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (flags & QC_JSON_META)
    {
      /* "record_kind" and "display_title" never clash with a field name
       * (resources have a "kind", projects a "title"). */
      json_builder_set_member_name (builder, "record_kind");
      json_builder_add_string_value (builder, kind->name);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, priv->id);
      g_autofree char *title = qc_record_dup_title (self);
      json_builder_set_member_name (builder, "display_title");
      json_builder_add_string_value (builder, title);
      json_builder_set_member_name (builder, "created");
      json_builder_add_string_value (builder, priv->created);
      json_builder_set_member_name (builder, "modified");
      json_builder_add_string_value (builder, priv->modified);
      json_builder_set_member_name (builder, "modified_by");
      json_builder_add_string_value (builder, priv->modified_by);
      json_builder_set_member_name (builder, "rev");
      json_builder_add_string_value (builder, priv->rev);
      json_builder_set_member_name (builder, "revs");
      json_builder_begin_array (builder);
      if (priv->revs)
        {
          g_auto(GStrv) revs = g_strsplit (priv->revs, " ", -1);
          for (guint i = 0; revs[i]; i++)
            if (*revs[i])
              json_builder_add_string_value (builder, revs[i]);
        }
      json_builder_end_array (builder);
    }

  for (guint i = 0; i < kind->n_fields; i++)
    {
      if (priv->values[i] == NULL)
        continue;
      if (kind->fields[i].is_private && !(flags & QC_JSON_PRIVATE))
        continue;
      json_builder_set_member_name (builder, kind->fields[i].name);
      json_builder_add_string_value (builder, priv->values[i]);
    }

  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      if (priv->items[c]->len == 0)
        continue;
      json_builder_set_member_name (builder, collection->name);
      json_builder_begin_array (builder);
      for (guint j = 0; j < priv->items[c]->len; j++)
        {
          QcItem *item = g_ptr_array_index (priv->items[c], j);
          json_builder_begin_object (builder);
          for (guint f = 0; f < collection->n_fields; f++)
            {
              if (item->values[f] == NULL)
                continue;
              json_builder_set_member_name (builder, collection->fields[f].name);
              json_builder_add_string_value (builder, item->values[f]);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
json_member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

QcRecord *
qc_record_new_from_json (const QcKind *kind, JsonNode *node, GError **error)
{
  g_autoptr(QcRecord) record = NULL;
  QcRecordPrivate *priv;
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID, _("A stored version is damaged"));
      return NULL;
    }
  object = json_node_get_object (node);
  record = qc_record_new (kind);
  priv = qc_record_get_instance_private (record);

  qc_record_set_id (record, json_member_string (object, "id"));
  qc_record_set_created (record, json_member_string (object, "created"));
  qc_record_set_modified (record, json_member_string (object, "modified"));
  qc_record_set_modified_by (record, json_member_string (object, "modified_by"));
  qc_record_set_rev (record, json_member_string (object, "rev"));
  if (json_object_has_member (object, "revs") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "revs")))
    {
      JsonArray *revs = json_object_get_array_member (object, "revs");
      g_autoptr(GString) text = g_string_new (NULL);
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          if (i > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, json_array_get_string_element (revs, i));
        }
      priv->revs = text->len ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
    }

  for (guint i = 0; i < kind->n_fields; i++)
    qc_record_set (record, kind->fields[i].name, json_member_string (object, kind->fields[i].name));

  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      JsonNode *list = json_object_get_member (object, collection->name);

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        continue;
      JsonArray *array = json_node_get_array (list);
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          JsonNode *element = json_array_get_element (array, j);
          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          QcItem *item = qc_item_new (collection);
          for (guint f = 0; f < collection->n_fields; f++)
            item->values[f] = g_strdup (json_member_string (json_node_get_object (element),
                                                            collection->fields[f].name));
          g_ptr_array_add (priv->items[c], item);
        }
    }
  return g_steal_pointer (&record);
}

char *
qc_record_canonical_text (QcRecord *self)
{
  g_autoptr(JsonNode) node = qc_record_to_json (self, QC_JSON_CONTENT);
  return json_to_string (node, FALSE);
}

guint
qc_rev_generation (const char *rev)
{
  guint64 n = 0;
  if (rev == NULL)
    return 0;
  n = g_ascii_strtoull (rev, NULL, 10);
  return (guint) MIN (n, G_MAXUINT);
}

char *
qc_record_compute_rev (QcRecord *self, const char *parent_rev)
{
  g_autofree char *content = qc_record_canonical_text (self);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *parent = parent_rev ? parent_rev : "";

  g_checksum_update (checksum, (const guchar *) parent, strlen (parent));
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) content, strlen (content));
  return g_strdup_printf ("%u-%.16s", qc_rev_generation (parent_rev) + 1,
                          g_checksum_get_string (checksum));
}

gboolean
qc_record_content_equal (QcRecord *a, QcRecord *b)
{
  g_autoptr(JsonNode) ja = qc_record_to_json (a, QC_JSON_PRIVATE);
  g_autoptr(JsonNode) jb = qc_record_to_json (b, QC_JSON_PRIVATE);
  return json_node_equal (ja, jb);
}

static gboolean
fill_item_from_json (QcItem *item, const char *value, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!json_parser_load_from_data (parser, value, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("“%s” is not a JSON object like {\"kind\":\"primary\",\"text\":\"…\"}"), value);
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      guint index;
      JsonNode *node = json_object_get_member (object, name);

      if (qc_collection_find_field (item->collection, name, &index) == NULL)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s has no field “%s”"), _(item->collection->label), name);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_VALUE (node))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("Field “%s” must be text, a number or true/false"), name);
          return FALSE;
        }
      g_free (item->values[index]);
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        item->values[index] = g_strdup (json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        item->values[index] = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        item->values[index] = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          item->values[index] = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
        }
    }
  return TRUE;
}

gboolean
qc_record_apply_text (QcRecord *self, const char *name, const char *value, GError **error)
{
  const QcKind *kind = qc_record_get_kind (self);
  const QcCollection *collection;

  if (qc_kind_find_field (kind, name, NULL) != NULL)
    {
      qc_record_set (self, name, value);
      return TRUE;
    }
  collection = qc_kind_find_collection (kind, name, NULL);
  if (collection == NULL)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("A %s has no field “%s”"), _(kind->label), name);
      return FALSE;
    }
  if (value == NULL || *value == '\0')
    return TRUE;

  g_autoptr(QcItem) item = qc_item_new (collection);
  if (value[0] == '{')
    {
      if (!fill_item_from_json (item, value, error))
        return FALSE;
    }
  else
    {
      guint index = 0;
      /* A plain value is the item's text, or its only field (a reference). */
      if (qc_collection_find_field (collection, "text", &index) == NULL && collection->n_fields > 1)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s needs several fields: give a JSON object"), _(collection->label));
          return FALSE;
        }
      item->values[index] = g_strdup (value);
    }
  g_ptr_array_add (qc_record_get_items (self, name), g_steal_pointer (&item));
  return TRUE;
}
