#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "qc-core-resources.h"
#include "qc-error.h"
#include "qc-exchange-format.h"

#define SCHEMA_RESOURCE "/io/github/qicoach/QICoach/core/exchange-1.rng"

/* Element order within each record, as in the table of
 * docs/exchange-format.md and data/exchange-1.rng. Element names are the
 * field or collection names, except <act>, which carries two fields. */
typedef struct
{
  const char *element;
  QcSlotType  type;
  gboolean    required;      /* collections: at least one item */
  const char *child_kind;    /* QC_SLOT_RECORDS */
} SlotSpec;

#define F(n)        { n, QC_SLOT_FIELD, FALSE, NULL }
#define C(n)        { n, QC_SLOT_COLLECTION, FALSE, NULL }
#define C_REQ(n)    { n, QC_SLOT_COLLECTION, TRUE, NULL }
#define R(n)        { n, QC_SLOT_RECORDS, FALSE, n }

static const SlotSpec organisation_spec[] = {
  F ("name"), F ("kind"), F ("locality"),
};
static const SlotSpec person_spec[] = {
  F ("name"), F ("role"), F ("email"), F ("organisation"), F ("champion"), F ("coach"),
  C ("skill"),   /* optional: docs/exchange-format.md decision 17 */
};
static const SlotSpec resource_spec[] = {
  F ("title"), F ("url"), F ("kind"), F ("description"), C ("tag"),
};
static const SlotSpec project_spec[] = {
  F ("title"), F ("aim"), F ("problem"), F ("status"), F ("progress"), F ("theme"),
  F ("organisation"), F ("lead"), F ("sponsor"), F ("coach"), F ("start"), F ("target"),
  C ("tag"), C ("member"), C ("score"), C ("driver"), R ("measure"), R ("pdsa"),
};
static const SlotSpec measure_spec[] = {
  F ("name"), F ("kind"), F ("definition"), F ("unit"), F ("direction"), F ("target"),
  F ("chart"), C ("phase"), C ("point"),
};
static const SlotSpec pdsa_spec[] = {
  F ("title"), F ("number"), F ("change-idea"), F ("purpose"), F ("objective"), C ("question"),
  F ("plan"), C ("task"), F ("data-plan"), F ("do"), F ("study"),
  { "act", QC_SLOT_ACT, FALSE, NULL },
  F ("start"), F ("end"), F ("stage"), C ("measure"),
};
static const SlotSpec session_spec[] = {
  F ("date"), F ("minutes"), F ("mode"), F ("phase"), F ("coach"), C ("project"),
  C ("attendee"), C ("topic"), F ("notes"), F ("strengths"), F ("barriers"), F ("escalate"),
  C ("action"), F ("next"),
};

#undef F
#undef C
#undef C_REQ
#undef R

static const struct
{
  const QcKind   *kind;
  const SlotSpec *spec;
  guint           n_spec;
} specs[] = {
  { &qc_kind_organisation, organisation_spec, G_N_ELEMENTS (organisation_spec) },
  { &qc_kind_person, person_spec, G_N_ELEMENTS (person_spec) },
  { &qc_kind_resource, resource_spec, G_N_ELEMENTS (resource_spec) },
  { &qc_kind_project, project_spec, G_N_ELEMENTS (project_spec) },
  { &qc_kind_measure, measure_spec, G_N_ELEMENTS (measure_spec) },
  { &qc_kind_pdsa, pdsa_spec, G_N_ELEMENTS (pdsa_spec) },
  { &qc_kind_session, session_spec, G_N_ELEMENTS (session_spec) },
};

static QcExchangeLayout layouts[G_N_ELEMENTS (specs)];

static const QcKind *const top_kinds[] = {
  &qc_kind_organisation, &qc_kind_person, &qc_kind_resource, &qc_kind_project,
  &qc_kind_session,
};

const QcKind * const *
qc_exchange_top_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (top_kinds);
  return top_kinds;
}

guint
qc_exchange_kind_rank (const QcKind *kind)
{
  if (kind == &qc_kind_measure || kind == &qc_kind_pdsa)
    kind = &qc_kind_project;
  for (guint i = 0; i < G_N_ELEMENTS (top_kinds); i++)
    if (top_kinds[i] == kind)
      return i;
  return G_N_ELEMENTS (top_kinds);
}

/* The schema's type for a field, which is sometimes narrower than the
 * core's (a cycle number is at least 1; tags and skills are not blank). */
static QcLex
lex_for_field (const QcKind *kind, const QcCollection *collection, const QcField *field)
{
  switch (field->type)
    {
    case QC_FIELD_TEXT:
      if (field->required)
        return QC_LEX_REQUIRED_TEXT;
      if (collection && field->place == QC_PLACE_TEXT &&
          (g_str_equal (collection->name, "tag") || g_str_equal (collection->name, "skill")))
        return QC_LEX_REQUIRED_TEXT;
      return QC_LEX_TEXT;
    case QC_FIELD_ENUM:
      return QC_LEX_ENUM;
    case QC_FIELD_DATE:
      return QC_LEX_DATE;
    case QC_FIELD_DATETIME:
      return QC_LEX_TIMESTAMP;
    case QC_FIELD_BOOL:
      return QC_LEX_BOOLEAN;
    case QC_FIELD_INT:
      return (kind == &qc_kind_pdsa && g_str_equal (field->name, "number"))
             ? QC_LEX_POSITIVE_INT : QC_LEX_NON_NEGATIVE_INT;
    case QC_FIELD_DECIMAL:
      if (g_str_equal (field->name, "numerator"))
        return QC_LEX_NUMERATOR;
      if (g_str_equal (field->name, "denominator"))
        return QC_LEX_DENOMINATOR;
      return QC_LEX_NUMBER;
    case QC_FIELD_PROGRESS:
      return QC_LEX_PROGRESS;
    case QC_FIELD_REF:
    case QC_FIELD_UUID:
      return QC_LEX_UUID;
    default:
      g_assert_not_reached ();
    }
}

static void
build_layout (QcExchangeLayout *layout, const QcKind *kind, const SlotSpec *spec, guint n_spec)
{
  QcExchangeSlot *slots = g_new0 (QcExchangeSlot, n_spec);
  g_autofree guint *field_uses = g_new0 (guint, kind->n_fields);
  g_autofree guint *collection_uses = g_new0 (guint, kind->n_collections + 1);

  layout->kind = kind;
  layout->slots = slots;
  layout->n_slots = n_spec;
  layout->parent_field = -1;

  for (guint i = 0; i < n_spec; i++)
    {
      QcExchangeSlot *slot = &slots[i];
      guint index;

      slot->element = spec[i].element;
      slot->type = spec[i].type;
      slot->required = spec[i].required;
      switch (slot->type)
        {
        case QC_SLOT_FIELD:
          slot->field = qc_kind_find_field (kind, spec[i].element, &index);
          g_assert (slot->field != NULL);
          slot->field_index = index;
          slot->lex = lex_for_field (kind, NULL, slot->field);
          slot->required = slot->field->required;
          field_uses[index]++;
          break;
        case QC_SLOT_ACT:
          slot->field = qc_kind_find_field (kind, "act", &index);
          g_assert (slot->field != NULL);
          slot->field_index = index;
          slot->lex = QC_LEX_TEXT;
          field_uses[index]++;
          slot->decision = qc_kind_find_field (kind, "act-decision", &index);
          g_assert (slot->decision != NULL);
          slot->decision_index = index;
          field_uses[index]++;
          break;
        case QC_SLOT_COLLECTION:
          slot->collection = qc_kind_find_collection (kind, spec[i].element, &index);
          g_assert (slot->collection != NULL);
          g_assert (slot->collection->n_fields <= G_N_ELEMENTS (slot->item_lex));
          slot->collection_index = index;
          collection_uses[index]++;
          for (guint f = 0; f < slot->collection->n_fields; f++)
            {
              const QcField *field = &slot->collection->fields[f];
              slot->item_lex[f] = lex_for_field (kind, slot->collection, field);
              /* A reference element is nothing but its ref. */
              if (field->required || g_str_equal (field->name, "ref"))
                slot->item_required |= 1u << f;
              if (field->place == QC_PLACE_ELEMENT)
                slot->has_element_fields = TRUE;
            }
          slot->point_rule = g_str_equal (slot->collection->name, "point");
          break;
        case QC_SLOT_RECORDS:
          slot->child_kind = qc_kind_lookup (spec[i].child_kind);
          g_assert (slot->child_kind != NULL);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* Every shared field and every collection has exactly one place. */
  for (guint f = 0; f < kind->n_fields; f++)
    {
      const QcField *field = &kind->fields[f];
      if (field->is_parent)
        layout->parent_field = (gint) f;
      if (field->is_private || field->is_parent)
        g_assert (field_uses[f] == 0);
      else if (field_uses[f] != 1)
        g_error ("exchange layout of %s: field %s appears %u times", kind->name,
                 field->name, field_uses[f]);
    }
  for (guint c = 0; c < kind->n_collections; c++)
    if (collection_uses[c] != 1)
      g_error ("exchange layout of %s: list %s appears %u times", kind->name,
               kind->collections[c].name, collection_uses[c]);
}

static gsize layouts_ready;

static void
ensure_layouts (void)
{
  if (g_once_init_enter (&layouts_ready))
    {
      for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
        build_layout (&layouts[i], specs[i].kind, specs[i].spec, specs[i].n_spec);
      g_once_init_leave (&layouts_ready, 1);
    }
}

const QcExchangeLayout *
qc_exchange_layout (const QcKind *kind)
{
  ensure_layouts ();
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (layouts[i].kind == kind)
      return &layouts[i];
  g_return_val_if_reached (NULL);
}

const QcExchangeSlot *
qc_exchange_layout_lookup (const QcExchangeLayout *layout, const char *element, guint *index)
{
  for (guint i = 0; i < layout->n_slots; i++)
    if (strcmp (layout->slots[i].element, element) == 0)
      {
        if (index)
          *index = i;
        return &layout->slots[i];
      }
  return NULL;
}

/* Lexical checks */

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_hex (char c)
{
  return is_digit (c) || (c >= 'a' && c <= 'f');
}

static gboolean
all_hex (const char *s, guint n)
{
  for (guint i = 0; i < n; i++)
    if (!is_hex (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
lex_uuid (const char *s)
{
  /* [0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} */
  return strlen (s) == 36 &&
         all_hex (s, 8) && s[8] == '-' &&
         all_hex (s + 9, 4) && s[13] == '-' &&
         s[14] >= '1' && s[14] <= '5' && all_hex (s + 15, 3) && s[18] == '-' &&
         strchr ("89ab", s[19]) != NULL && s[19] != '\0' && all_hex (s + 20, 3) && s[23] == '-' &&
         all_hex (s + 24, 12);
}

/* [1-9][0-9]{0,8}, or with @zero also 0; returns the characters read. */
static gsize
lex_count (const char *s, gboolean zero)
{
  gsize n = 0;

  if (zero && s[0] == '0')
    return 1;
  if (s[0] < '1' || s[0] > '9')
    return 0;
  for (n = 1; n < 9 && is_digit (s[n]); n++)
    ;
  return n;
}

static gsize
lex_rev (const char *s)
{
  gsize n = lex_count (s, FALSE);

  if (n == 0 || is_digit (s[n]) || s[n] != '-' || !all_hex (s + n + 1, 16))
    return 0;
  return n + 17;
}

static gboolean
lex_revs (const char *s)
{
  for (guint i = 0; i < QC_EXCHANGE_MAX_REVS; i++)
    {
      gsize n = lex_rev (s);
      if (n == 0)
        return FALSE;
      s += n;
      if (*s == '\0')
        return TRUE;
      if (*s != ' ')
        return FALSE;
      s++;
    }
  return FALSE;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+\-]?[0-9]+)? and a finite double. */
static gboolean
lex_number (const char *s, gboolean allow_minus, double *out)
{
  const char *p = s;
  char *end = NULL;
  double d;

  if (*p == '-' && allow_minus)
    p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (is_digit (*p))
      p++;
  else
    return FALSE;
  if (*p == '.')
    {
      p++;
      if (!is_digit (*p))
        return FALSE;
      while (is_digit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!is_digit (*p))
        return FALSE;
      while (is_digit (*p))
        p++;
    }
  if (*p != '\0')
    return FALSE;
  d = g_ascii_strtod (s, &end);
  if (end != p || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

static gboolean
lex_required_text (const char *s)
{
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
      return TRUE;
  return FALSE;
}

static const char *const progress_values[] = {
  "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0", NULL };

/* The value as a message shows it: at most 40 characters. */
static char *
shown (const char *value)
{
  if (g_utf8_strlen (value, -1) <= 40)
    return g_strdup (value);
  g_autofree char *start = g_utf8_substring (value, 0, 39);
  return g_strconcat (start, "…", NULL);
}

gboolean
qc_exchange_check_value (QcLex               lex,
                         const char * const *choices,
                         const char         *subject,
                         const char         *value,
                         GError            **error)
{
  g_autofree char *found = NULL;
  double d = 0;

  switch (lex)
    {
    case QC_LEX_TEXT:
      return TRUE;
    case QC_LEX_REQUIRED_TEXT:
      if (lex_required_text (value))
        return TRUE;
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must not be empty or only spaces"), subject);
      return FALSE;
    case QC_LEX_ENUM:
      if (g_strv_contains (choices, value))
        return TRUE;
      {
        g_autofree char *list = g_strjoinv (", ", (char **) choices);
        found = shown (value);
        g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                     _("%s must be one of %s, found “%s”"), subject, list, found);
      }
      return FALSE;
    case QC_LEX_DATE:
      if (qc_is_date (value))
        return TRUE;
      found = shown (value);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must be a date like 2026-03-31, found “%s”"), subject, found);
      return FALSE;
    case QC_LEX_TIMESTAMP:
      if (qc_is_timestamp (value))
        return TRUE;
      found = shown (value);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must be a UTC time like 2026-03-31T14:00:00.000Z, found “%s”"),
                   subject, found);
      return FALSE;
    case QC_LEX_BOOLEAN:
      if (strcmp (value, "true") == 0 || strcmp (value, "false") == 0)
        return TRUE;
      found = shown (value);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must be true or false, found “%s”"), subject, found);
      return FALSE;
    case QC_LEX_UUID:
      if (lex_uuid (value))
        return TRUE;
      found = shown (value);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must be a record id (a lower-case UUID like "
                     "6f0c2a52-1b7e-4d38-9a3e-0c5d7b1e2f10), found “%s”"), subject, found);
      return FALSE;
    case QC_LEX_NUMBER:
      if (lex_number (value, TRUE, &d))
        return TRUE;
      found = shown (value);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must be a number like 12, -2.5 or 0.95, found “%s”"), subject, found);
      return FALSE;
    case QC_LEX_NUMERATOR:
      if (lex_number (value, FALSE, &d) && d >= 0)
        return TRUE;
      found = shown (value);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must be a number, zero or more, found “%s”"), subject, found);
      return FALSE;
    case QC_LEX_DENOMINATOR:
      if (lex_number (value, FALSE, &d) && d > 0)
        return TRUE;
      found = shown (value);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must be a number more than zero, found “%s”"), subject, found);
      return FALSE;
    case QC_LEX_POSITIVE_INT:
    case QC_LEX_NON_NEGATIVE_INT:
      {
        gboolean zero = lex == QC_LEX_NON_NEGATIVE_INT;
        gsize n = lex_count (value, zero);
        if (n > 0 && value[n] == '\0')
          return TRUE;
        found = shown (value);
        g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                     _("%s must be a whole number from %d to 999999999, found “%s”"),
                     subject, zero ? 0 : 1, found);
        return FALSE;
      }
    case QC_LEX_PROGRESS:
      if (g_strv_contains (progress_values, value))
        return TRUE;
      found = shown (value);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must be between 0.5 and 5.0 in steps of 0.5, found %s"), subject, found);
      return FALSE;
    case QC_LEX_REV:
      {
        gsize n = lex_rev (value);
        if (n > 0 && value[n] == '\0')
          return TRUE;
        found = shown (value);
        g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                     _("%s must be a revision like 3-a1b2c3d4e5f60718 (a number from 1, "
                       "a dash and 16 hex digits), found “%s”"), subject, found);
        return FALSE;
      }
    case QC_LEX_REVS:
      if (lex_revs (value))
        return TRUE;
      found = shown (value);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s must be 1 to 20 revisions like 2-0f1e2d3c4b5a6978 separated by "
                     "single spaces, found “%s”"), subject, found);
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

gboolean
qc_exchange_check_item (const QcExchangeSlot *slot,
                        char * const         *values,
                        const gboolean       *present,
                        GError              **error)
{
  const QcCollection *collection = slot->collection;

  for (guint f = 0; f < collection->n_fields; f++)
    {
      const QcField *field = &collection->fields[f];
      g_autofree char *subject = NULL;

      /* The common case, a good value, without building a message. */
      if (present[f] && qc_exchange_check_value (slot->item_lex[f], field->choices, "",
                                                 values[f] ? values[f] : "", NULL))
        continue;
      if (field->place == QC_PLACE_TEXT)
        subject = g_strdup (slot->element);
      else
        subject = g_strdup_printf ("%s %s", slot->element, field->name);

      if (!present[f])
        {
          if (slot->item_required & (1u << f))
            {
              g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                           _("%s needs %s"), slot->element,
                           field->place == QC_PLACE_ATTRIBUTE ? field->name : subject);
              return FALSE;
            }
          if (field->place == QC_PLACE_TEXT && slot->item_lex[f] == QC_LEX_REQUIRED_TEXT &&
              !qc_exchange_check_value (QC_LEX_REQUIRED_TEXT, NULL, subject, "", error))
            return FALSE;
          continue;
        }
      if (!qc_exchange_check_value (slot->item_lex[f], field->choices, subject,
                                    values[f] ? values[f] : "", error))
        return FALSE;
    }

  if (slot->point_rule)
    {
      guint value, numerator, denominator;
      qc_collection_find_field (collection, "value", &value);
      qc_collection_find_field (collection, "numerator", &numerator);
      qc_collection_find_field (collection, "denominator", &denominator);
      if (present[value] && (present[numerator] || present[denominator]))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("a point has either a value or a numerator and a denominator, not both"));
          return FALSE;
        }
      if (!present[value] && !(present[numerator] && present[denominator]))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("a point needs a value, or a numerator and a denominator"));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
qc_exchange_check_record (QcRecord *record, gboolean tombstone, GError **error)
{
  const QcKind *kind = qc_record_get_kind (record);
  const QcExchangeLayout *layout = qc_exchange_layout (kind);
  const char *revs = qc_record_get_revs (record);

  if (!qc_exchange_check_value (QC_LEX_UUID, NULL, "id", qc_record_get_id (record) ?: "", error) ||
      !qc_exchange_check_value (QC_LEX_TIMESTAMP, NULL, "created",
                                qc_record_get_created (record) ?: "", error) ||
      !qc_exchange_check_value (QC_LEX_TIMESTAMP, NULL, "modified",
                                qc_record_get_modified (record) ?: "", error) ||
      !qc_exchange_check_value (QC_LEX_REV, NULL, "rev", qc_record_get_rev (record) ?: "", error) ||
      (revs && !qc_exchange_check_value (QC_LEX_REVS, NULL, "revs", revs, error)))
    return FALSE;
  if (tombstone)
    return TRUE;

  for (guint i = 0; i < layout->n_slots; i++)
    {
      const QcExchangeSlot *slot = &layout->slots[i];

      switch (slot->type)
        {
        case QC_SLOT_FIELD:
        case QC_SLOT_ACT:
          {
            const char *value = qc_record_get (record, slot->field->name);
            if (value == NULL && slot->required)
              {
                g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                             _("a %s needs a %s"), kind->name, slot->element);
                return FALSE;
              }
            if (value && !qc_exchange_check_value (slot->lex, slot->field->choices,
                                                   slot->element, value, error))
              return FALSE;
            if (slot->decision)
              {
                const char *decision = qc_record_get (record, slot->decision->name);
                if (decision && !qc_exchange_check_value (QC_LEX_ENUM, slot->decision->choices,
                                                          "act decision", decision, error))
                  return FALSE;
              }
          }
          break;
        case QC_SLOT_COLLECTION:
          {
            GPtrArray *items = qc_record_get_items (record, slot->collection->name);
            if (items->len == 0 && slot->required)
              {
                g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                             _("a %s needs at least one %s"), kind->name, slot->element);
                return FALSE;
              }
            for (guint j = 0; j < items->len; j++)
              {
                QcItem *item = g_ptr_array_index (items, j);
                gboolean present[G_N_ELEMENTS (slot->item_lex)] = { FALSE };
                for (guint f = 0; f < slot->collection->n_fields; f++)
                  present[f] = item->values[f] != NULL;
                if (!qc_exchange_check_item (slot, item->values, present, error))
                  return FALSE;
              }
          }
          break;
        case QC_SLOT_RECORDS:
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

/* XML 1.0: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] */
static gboolean
xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD ||
         (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

char *
qc_exchange_clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  const char *p;
  GString *clean;
  gboolean needed = FALSE;

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    {
      valid = g_utf8_make_valid (text, -1);
      needed = TRUE;
      text = valid;
    }
  /* Fast path: only control characters and U+FFFE, U+FFFF (EF BF BE/BF)
   * are outside XML 1.0 in valid UTF-8. */
  for (p = text; *p; p++)
    {
      guchar b = (guchar) *p;
      if ((b < 0x20 && b != 0x9 && b != 0xA && b != 0xD) ||
          (b == 0xEF && (guchar) p[1] == 0xBF && ((guchar) p[2] == 0xBE || (guchar) p[2] == 0xBF)))
        break;
    }
  if (*p == '\0')
    return needed ? g_steal_pointer (&valid) : NULL;

  clean = g_string_sized_new (strlen (text));
  for (p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (xml_char (c))
        g_string_append_unichar (clean, c);
    }
  return g_string_free (clean, FALSE);
}

GBytes *
qc_exchange_dup_schema (void)
{
  /* Through the core's own resource: a static library's resource
   * constructor is not linked in unless something refers to it. */
  return g_resource_lookup_data (qc_core_get_resource (), SCHEMA_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/* Progress relay */

struct _QcProgressRelay
{
  gint            ref_count;
  QcProgressFunc  func;
  gpointer        data;
  GDestroyNotify  notify;
  GMainContext   *context;
  double          last;     /* the last fraction sent, from the worker */
};

typedef struct
{
  QcProgressRelay *relay;
  double           fraction;
} ProgressMessage;

QcProgressRelay *
qc_progress_relay_new (QcProgressFunc func, gpointer data, GDestroyNotify notify)
{
  QcProgressRelay *relay = g_new0 (QcProgressRelay, 1);

  relay->ref_count = 1;
  relay->func = func;
  relay->data = data;
  relay->notify = notify;
  relay->context = g_main_context_ref_thread_default ();
  relay->last = -1;
  return relay;
}

void
qc_progress_relay_unref (QcProgressRelay *relay)
{
  if (relay == NULL || !g_atomic_int_dec_and_test (&relay->ref_count))
    return;
  if (relay->notify)
    relay->notify (relay->data);
  g_main_context_unref (relay->context);
  g_free (relay);
}

static gboolean
progress_dispatch (gpointer data)
{
  ProgressMessage *message = data;
  if (message->relay->func)
    message->relay->func (message->fraction, message->relay->data);
  return G_SOURCE_REMOVE;
}

static void
progress_message_free (gpointer data)
{
  ProgressMessage *message = data;
  qc_progress_relay_unref (message->relay);
  g_free (message);
}

void
qc_progress_relay_report (double fraction, gpointer data)
{
  QcProgressRelay *relay = data;
  ProgressMessage *message;

  if (relay->func == NULL || (fraction < 1.0 && fraction - relay->last < 0.01))
    return;
  relay->last = fraction;
  message = g_new0 (ProgressMessage, 1);
  g_atomic_int_inc (&relay->ref_count);
  message->relay = relay;
  message->fraction = fraction;
  g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT, progress_dispatch,
                              message, progress_message_free);
}
