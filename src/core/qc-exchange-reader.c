/* Import: reads an exchange file with libxml2's SAX2 push parser, fed from
 * the file in chunks (constant memory, and never libxml2's own file
 * loading, which would gunzip), checks every element, attribute and value
 * against the format as data/exchange-1.rng states it, and the limits,
 * and hands each record to the merge (qc-merge.c) as soon as it is
 * complete. The merge runs in one transaction that is rolled back on the
 * first problem, so a refused file changes nothing.
 *
 * Why SAX rather than xmlTextReader: the reader reads ahead, so it cannot
 * say on which line and column the element it returns starts, and every
 * message here names one; and not building nodes makes it faster. The
 * parser options and the deny-all entity loader are those of
 * docs/exchange-implementation.md. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/xmlreader.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qc-error.h"
#include "qc-exchange-reader.h"
#include "qc-store-private.h"

#define CHUNK (256 * 1024)
#define MAX_SLOTS 32

/* Parser safety */

static xmlExternalEntityLoader previous_loader;
static GPrivate inside_reader;

/* Denies every external entity, DTD or other file while this thread reads
 * an exchange file; other users of libxml2 keep the loader they had. */
static xmlParserInputPtr
deny_loader (const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
  if (g_private_get (&inside_reader) != NULL)
    return NULL;
  return previous_loader ? previous_loader (url, id, ctxt) : NULL;
}

static void
init_libxml (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      xmlInitParser ();
      previous_loader = xmlGetExternalEntityLoader ();
      xmlSetExternalEntityLoader (deny_loader);
      g_once_init_leave (&once, 1);
    }
}

/* Ids seen in the file: 16 bytes each, open addressing. An all-zero key
 * (not a valid UUID: version 0) marks a free slot. */
typedef struct
{
  guint8  key[16];
  guint32 line;
} IdEntry;

typedef struct
{
  IdEntry *entries;
  gsize    size;
  gsize    used;
} IdSet;

static int
hex_value (char c)
{
  return c <= '9' ? c - '0' : c - 'a' + 10;
}

static guint64
id_hash (const guint8 *key)
{
  guint64 a, b;
  memcpy (&a, key, 8);
  memcpy (&b, key + 8, 8);
  a ^= b * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  a ^= a >> 31;
  a *= G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  return a ^ (a >> 29);
}

static IdEntry *
id_set_slot (IdEntry *entries, gsize size, const guint8 *key)
{
  static const guint8 zero[16];
  gsize i = (gsize) id_hash (key) & (size - 1);

  while (memcmp (entries[i].key, zero, 16) != 0 && memcmp (entries[i].key, key, 16) != 0)
    i = (i + 1) & (size - 1);
  return &entries[i];
}

/* Adds @uuid (already checked to be a UUID); returns the line it was first
 * seen on if it is already there, else 0. */
static guint
id_set_add (IdSet *set, const char *uuid, guint line)
{
  static const guint8 zero[16];
  guint8 key[16];
  IdEntry *slot;

  for (guint i = 0, j = 0; i < 16; j++)
    {
      if (uuid[j] == '-')
        continue;
      key[i++] = (guint8) (hex_value (uuid[j]) << 4 | hex_value (uuid[j + 1]));
      j++;
    }

  if ((set->used + 1) * 10 > set->size * 7)
    {
      gsize size = set->size ? set->size * 2 : 1024;
      IdEntry *entries = g_new0 (IdEntry, size);
      for (gsize i = 0; i < set->size; i++)
        if (memcmp (set->entries[i].key, zero, 16) != 0)
          *id_set_slot (entries, size, set->entries[i].key) = set->entries[i];
      g_free (set->entries);
      set->entries = entries;
      set->size = size;
    }
  slot = id_set_slot (set->entries, set->size, key);
  if (memcmp (slot->key, key, 16) == 0)
    return MAX (slot->line, 1);
  memcpy (slot->key, key, 16);
  slot->line = line;
  set->used++;
  return 0;
}

/* The reader */

typedef enum
{
  FRAME_ROOT,
  FRAME_SENDER,
  FRAME_RECORD,
  FRAME_TOMBSTONE,
  FRAME_VALUE,           /* <name>text</name> */
  FRAME_REF,             /* <name ref="id"/> */
  FRAME_ACT,             /* <act decision="...">text</act> */
  FRAME_ITEM,            /* a collection item: attributes, and text or nothing */
  FRAME_QUESTION,        /* a collection item with child elements */
  FRAME_QUESTION_VALUE,  /* one of those */
  FRAME_FOREIGN,         /* an extension: ignored, whatever it holds */
} FrameType;

typedef struct
{
  FrameType               type;
  int                     line;
  int                     column;
  const char             *element;
  /* FRAME_RECORD */
  const QcExchangeLayout *layout;
  guint                   cursor;       /* the first slot still allowed */
  guint32                 seen;         /* slots seen */
  const char             *last_child;   /* the previous child element */
  QcRecord               *record;       /* being built, when the merge needs it */
  QcMergeAction           action;
  gboolean                merged;
  char                   *id;
  /* FRAME_TOMBSTONE */
  const QcKind           *tombstone_kind;
  char                   *meta[6];      /* id, created, modified, modified-by, rev, revs */
  /* values and items */
  const QcExchangeSlot   *slot;
  char                   *values[8];
  gboolean                present[8];
  guint                   question_cursor;
  guint                   question_field;
} Frame;

typedef struct
{
  const char        *path;
  xmlParserCtxtPtr   ctxt;
  GError            *error;
  QcMerge           *merge;
  QcImportReport    *report;

  Frame              frames[QC_EXCHANGE_MAX_DEPTH + 1];
  int                depth;
  GString           *text;
  gsize              text_run;
  gboolean           root_seen;
  gboolean           root_done;
  gboolean           sender_seen;
  guint              rank;          /* of the last top-level record */
  const char        *rank_element;
  guint              n_records;
  IdSet              ids;
} Reader;

static void
frame_clear (Frame *f)
{
  g_clear_object (&f->record);
  g_clear_pointer (&f->id, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (f->meta); i++)
    g_clear_pointer (&f->meta[i], g_free);
  for (guint i = 0; i < G_N_ELEMENTS (f->values); i++)
    g_clear_pointer (&f->values[i], g_free);
}

/* Positions. At a start tag the parser stands on its closing '>' (or
 * "/>"); at an end tag just after it. Going back to the '<' gives where
 * the tag starts. */
static void
current_position (Reader *r, int *line, int *column)
{
  xmlParserInputPtr in = r->ctxt->input;
  *line = in ? in->line : 0;
  *column = in ? in->col : 0;
}

/* Characters in [start, end) of valid UTF-8: the bytes that do not
 * continue a character. */
static int
count_chars (const xmlChar *start, const xmlChar *end)
{
  int n = 0;
  for (const xmlChar *p = start; p < end; p++)
    n += (*p & 0xC0) != 0x80;
  return n;
}

static void
tag_position (Reader *r, int *line, int *column)
{
  xmlParserInputPtr in = r->ctxt->input;
  const xmlChar *lt, *p;
  int newlines = 0;

  current_position (r, line, column);
  if (in == NULL || in->cur == NULL || in->base == NULL || in->cur <= in->base)
    return;
  for (lt = in->cur - 1; lt > in->base && *lt != '<'; lt--)
    ;
  if (*lt != '<')
    return;
  for (p = lt; p < in->cur; p++)
    if (*p == '\n')
      newlines++;
  if (newlines == 0)
    {
      *column -= count_chars (lt, in->cur);
      return;
    }
  *line -= newlines;
  for (p = lt; p > in->base && p[-1] != '\n'; p--)
    ;
  if (p > in->base || in->consumed == 0)
    *column = count_chars (p, lt) + 1;
  else
    *column = 1;
}

static void fail_at (Reader *r, int line, int column, QcErrorCode code, const char *format, ...) G_GNUC_PRINTF (5, 6);

static void
fail_at (Reader *r, int line, int column, QcErrorCode code, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (r->error)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  r->error = g_error_new (QC_ERROR, code, "%s:%d:%d: %s", r->path, MAX (line, 1), MAX (column, 1),
                          message);
  xmlStopParser (r->ctxt);
}

static void
fail_with (Reader *r, int line, int column, GError *error)
{
  QcErrorCode code = error->domain == QC_ERROR ? (QcErrorCode) error->code : QC_ERROR_FAILED;
  fail_at (r, line, column, code, "%s", error->message);
}

/* Attributes: SAX2 gives localname, prefix, URI, value, end per attribute. */
typedef struct
{
  const char *name;
  char       *value;
} Attr;

typedef struct
{
  Attr  attrs[16];
  guint n;
} Attrs;

static void
attrs_clear (Attrs *a)
{
  for (guint i = 0; i < a->n; i++)
    g_free (a->attrs[i].value);
  a->n = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Attrs, attrs_clear)

/* An attribute's value. Without entity substitution (never asked for),
 * libxml2 hands every '&' of an attribute value over as "&#38;", for a
 * tree builder to decode later: decode it here. No other '&' can occur. */
static char *
attr_value (const xmlChar *value, const xmlChar *end)
{
  char *text = g_strndup ((const char *) value, end - value);
  char *in, *out;

  if (strchr (text, '&') == NULL)
    return text;
  for (in = out = text; *in; )
    {
      if (strncmp (in, "&#38;", 5) == 0)
        {
          *out++ = '&';
          in += 5;
        }
      else
        *out++ = *in++;
    }
  *out = '\0';
  return text;
}

/* Reads the attributes of one of our elements: every one must be in
 * @allowed, without a namespace. */
static gboolean
read_attrs (Reader            *r,
            Frame             *f,
            int                n,
            const xmlChar    **attributes,
            const char *const *allowed,
            Attrs             *out)
{
  for (int i = 0; i < n; i++)
    {
      const char *name = (const char *) attributes[i * 5];
      const char *uri = (const char *) attributes[i * 5 + 2];
      const xmlChar *value = attributes[i * 5 + 3];
      const xmlChar *end = attributes[i * 5 + 4];
      guint k;

      if (uri != NULL)
        {
          fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                   _("<%s> has an attribute %s:%s that the format does not have"),
                   f->element, attributes[i * 5 + 1] ? (const char *) attributes[i * 5 + 1] : "",
                   name);
          return FALSE;
        }
      for (k = 0; allowed[k]; k++)
        if (strcmp (allowed[k], name) == 0)
          break;
      if (allowed[k] == NULL || out->n >= G_N_ELEMENTS (out->attrs))
        {
          fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                   _("<%s> has no attribute “%s”"), f->element, name);
          return FALSE;
        }
      out->attrs[out->n].name = allowed[k];
      out->attrs[out->n].value = attr_value (value, end);
      out->n++;
    }
  return TRUE;
}

static const char *
attr_get (Attrs *a, const char *name)
{
  for (guint i = 0; i < a->n; i++)
    if (a->attrs[i].name == name || strcmp (a->attrs[i].name, name) == 0)
      return a->attrs[i].value;
  return NULL;
}

static char *
attr_steal (Attrs *a, const char *name)
{
  for (guint i = 0; i < a->n; i++)
    if (strcmp (a->attrs[i].name, name) == 0)
      return g_steal_pointer (&a->attrs[i].value);
  return NULL;
}

static gboolean
check_value (Reader *r, Frame *f, QcLex lex, const char * const *choices, const char *subject,
             const char *value)
{
  g_autoptr(GError) error = NULL;

  if (qc_exchange_check_value (lex, choices, subject, value, &error))
    return TRUE;
  fail_with (r, f->line, f->column, error);
  return FALSE;
}

static gboolean
require_attr (Reader *r, Frame *f, Attrs *a, const char *name)
{
  if (attr_get (a, name) != NULL)
    return TRUE;
  fail_at (r, f->line, f->column, QC_ERROR_INVALID, _("<%s> needs the attribute %s"), f->element, name);
  return FALSE;
}

static gboolean
check_id (Reader *r, Frame *f, const char *id)
{
  guint first = id_set_add (&r->ids, id, (guint) f->line);
  if (first == 0)
    return TRUE;
  fail_at (r, f->line, f->column, QC_ERROR_INVALID,
           _("the id %s appears more than once in this file (first on line %u)"), id, first);
  return FALSE;
}

static const char *const metadata_names[] = {
  "id", "created", "modified", "modified-by", "rev", "revs", NULL };
static const char *const tombstone_names[] = {
  "kind", "id", "created", "modified", "modified-by", "rev", "revs", NULL };
static const char *const record_kinds[] = {
  "organisation", "person", "resource", "project", "measure", "pdsa", "session", NULL };

/* id, created, modified, modified-by, rev, revs: checked, and taken. */
static gboolean
read_metadata (Reader *r, Frame *f, Attrs *a)
{
  static const QcLex lexes[] = { QC_LEX_UUID, QC_LEX_TIMESTAMP, QC_LEX_TIMESTAMP, QC_LEX_TEXT,
                                 QC_LEX_REV, QC_LEX_REVS };

  for (guint i = 0; i < G_N_ELEMENTS (lexes); i++)
    {
      const char *value = attr_get (a, metadata_names[i]);
      gboolean optional = i == 3 || i == 5;
      if (value == NULL)
        {
          if (!optional && !require_attr (r, f, a, metadata_names[i]))
            return FALSE;
          continue;
        }
      if (!check_value (r, f, lexes[i], NULL, metadata_names[i], value))
        return FALSE;
      f->meta[i] = attr_steal (a, metadata_names[i]);
    }
  if (++r->n_records > QC_EXCHANGE_MAX_RECORDS)
    {
      fail_at (r, f->line, f->column, QC_ERROR_INVALID,
               _("the file has more than 1,000,000 records, more than QI Coach reads from one file"));
      return FALSE;
    }
  return check_id (r, f, f->meta[0]);
}

static void
set_metadata (QcRecord *record, Frame *f)
{
  qc_record_set_id (record, f->meta[0]);
  qc_record_set_created (record, f->meta[1]);
  qc_record_set_modified (record, f->meta[2]);
  qc_record_set_modified_by (record, f->meta[3] && *f->meta[3] ? f->meta[3] : NULL);
  qc_record_set_rev (record, f->meta[4]);
  qc_record_set_revs (record, f->meta[5]);
}

static gboolean
decide (Reader *r, Frame *f, const QcKind *kind, gboolean deletion)
{
  g_autoptr(GError) error = NULL;

  if (r->merge == NULL)
    return TRUE;
  if (!qc_merge_decide (r->merge, kind, f->meta[0], f->meta[4], f->meta[5], f->meta[2],
                        deletion, &f->action, &error))
    {
      fail_with (r, f->line, f->column, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply (Reader *r, Frame *f, QcRecord *record, gboolean deletion)
{
  g_autoptr(GError) error = NULL;

  if (r->merge == NULL)
    return TRUE;
  if (!qc_merge_apply (r->merge, record, deletion, f->action, &error))
    {
      fail_with (r, f->line, f->column, error);
      return FALSE;
    }
  return TRUE;
}

/* A record element starts: its metadata, then the merge's decision, which
 * says whether the content needs to be kept (an unchanged record's does
 * not; it is still checked). */
static void
start_record (Reader *r, Frame *f, const QcKind *kind, Frame *parent, int n_attrs,
              const xmlChar **attributes)
{
  g_auto(Attrs) attrs = { 0 };

  f->type = FRAME_RECORD;
  f->layout = qc_exchange_layout (kind);
  if (!read_attrs (r, f, n_attrs, attributes, metadata_names, &attrs) ||
      !read_metadata (r, f, &attrs) ||
      !decide (r, f, kind, FALSE))
    return;
  f->id = g_strdup (f->meta[0]);
  if (r->merge && f->action != QC_MERGE_UNCHANGED)
    {
      f->record = qc_record_new (kind);
      set_metadata (f->record, f);
      if (parent != NULL && f->layout->parent_field >= 0)
        qc_record_set (f->record, kind->fields[f->layout->parent_field].name, parent->id);
    }
}

/* An unchanged record is not built (its content is only checked), so it
 * is reported here rather than by qc_merge_apply. */
static void
finish_record (Reader *r, Frame *f, const QcKind *kind)
{
  if (r->merge == NULL || f->merged)
    return;
  f->merged = TRUE;
  if (f->record == NULL)
    {
      qc_import_report_add (r->report, kind, f->id, NULL, QC_IMPORT_UNCHANGED, FALSE, FALSE);
      return;
    }
  apply (r, f, f->record, FALSE);
  /* A project's content is no longer needed once merged. */
  g_clear_object (&f->record);
}

static void
start_top (Reader *r, Frame *f, const char *name, int n_attrs, const xmlChar **attributes)
{
  static const char *const sender_names[] = { "name", "email", "organisation", NULL };
  guint n_top, rank;
  const QcKind * const *top = qc_exchange_top_kinds (&n_top);
  const QcKind *kind = NULL;

  if (strcmp (name, "sender") == 0)
    {
      g_auto(Attrs) attrs = { 0 };
      f->type = FRAME_SENDER;
      f->element = "sender";
      if (r->sender_seen || r->rank_element != NULL)
        {
          fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                   _("<sender> must come once, before the records"));
          return;
        }
      r->sender_seen = TRUE;
      if (!read_attrs (r, f, n_attrs, attributes, sender_names, &attrs) ||
          !require_attr (r, f, &attrs, "name"))
        return;
      if (r->report)
        qc_import_report_set_sender (r->report, attr_get (&attrs, "name"),
                                     attr_get (&attrs, "email"), attr_get (&attrs, "organisation"));
      return;
    }

  if (strcmp (name, "tombstone") == 0)
    rank = n_top;
  else
    {
      for (rank = 0; rank < n_top; rank++)
        if (strcmp (top[rank]->name, name) == 0)
          break;
      if (rank == n_top)
        {
          if (strcmp (name, "measure") == 0 || strcmp (name, "pdsa") == 0)
            fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                     _("<%s> must be inside its <project>"), name);
          else
            fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                     _("<%s> is not a kind of record: the file holds <sender>, <organisation>, "
                       "<person>, <resource>, <project>, <session> and <tombstone>"), name);
          return;
        }
      kind = top[rank];
    }
  f->element = kind ? kind->name : "tombstone";
  if (rank < r->rank)
    {
      fail_at (r, f->line, f->column, QC_ERROR_INVALID,
               _("<%s> cannot come after <%s>: records are in the order organisation, person, "
                 "resource, project, session, tombstone"), f->element, r->rank_element);
      return;
    }
  r->rank = rank;
  r->rank_element = f->element;

  if (kind)
    {
      start_record (r, f, kind, NULL, n_attrs, attributes);
      return;
    }

  {
    g_auto(Attrs) attrs = { 0 };
    const char *kind_name;

    f->type = FRAME_TOMBSTONE;
    if (!read_attrs (r, f, n_attrs, attributes, tombstone_names, &attrs) ||
        !require_attr (r, f, &attrs, "kind"))
      return;
    kind_name = attr_get (&attrs, "kind");
    if (!check_value (r, f, QC_LEX_ENUM, record_kinds, "tombstone kind", kind_name) ||
        !read_metadata (r, f, &attrs))
      return;
    f->tombstone_kind = qc_kind_lookup (kind_name);
    decide (r, f, f->tombstone_kind, TRUE);
  }
}

static gboolean
is_blank (const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
      return FALSE;
  return TRUE;
}

static const char *
article (const char *word)
{
  return strchr ("aeiou", word[0]) ? "an" : "a";
}

static void
start_item (Reader *r, Frame *f, const QcExchangeSlot *slot, int n_attrs, const xmlChar **attributes)
{
  const QcCollection *collection = slot->collection;
  const char *allowed[G_N_ELEMENTS (slot->item_lex) + 1] = { NULL };
  g_auto(Attrs) attrs = { 0 };
  guint n = 0;

  f->slot = slot;
  f->type = slot->has_element_fields ? FRAME_QUESTION : FRAME_ITEM;
  for (guint i = 0; i < collection->n_fields; i++)
    if (collection->fields[i].place == QC_PLACE_ATTRIBUTE)
      allowed[n++] = collection->fields[i].name;
  if (!read_attrs (r, f, n_attrs, attributes, allowed, &attrs))
    return;
  for (guint i = 0; i < collection->n_fields; i++)
    if (collection->fields[i].place == QC_PLACE_ATTRIBUTE)
      {
        f->values[i] = attr_steal (&attrs, collection->fields[i].name);
        f->present[i] = f->values[i] != NULL;
      }
  g_string_truncate (r->text, 0);
}

static void
start_record_child (Reader *r, Frame *parent, Frame *f, const char *name, int n_attrs,
                    const xmlChar **attributes)
{
  const QcExchangeLayout *layout = parent->layout;
  const QcExchangeSlot *slot;
  guint index;

  f->element = name;
  slot = qc_exchange_layout_lookup (layout, name, &index);
  if (slot == NULL)
    {
      fail_at (r, f->line, f->column, QC_ERROR_INVALID,
               _("%s %s has no element <%s>"), article (layout->kind->name), layout->kind->name, name);
      return;
    }
  f->element = slot->element;
  if (index < parent->cursor)
    {
      if (parent->seen & (1u << index))
        fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                 _("<%s> comes twice in %s %s: it can be there only once"),
                 slot->element, article (layout->kind->name), layout->kind->name);
      else
        fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                 _("<%s> must come before <%s> in %s %s"), slot->element, parent->last_child,
                 article (layout->kind->name), layout->kind->name);
      return;
    }
  for (guint i = parent->cursor; i < index; i++)
    if (layout->slots[i].required && !(parent->seen & (1u << i)))
      {
        fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                 _("%s %s needs a <%s> before its <%s>"), article (layout->kind->name),
                 layout->kind->name, layout->slots[i].element, slot->element);
        return;
      }
  parent->cursor = (slot->type == QC_SLOT_FIELD || slot->type == QC_SLOT_ACT) ? index + 1 : index;
  parent->seen |= 1u << index;
  parent->last_child = slot->element;
  f->slot = slot;

  switch (slot->type)
    {
    case QC_SLOT_FIELD:
      if (slot->field->ref_as_attr)
        {
          static const char *const ref_names[] = { "ref", NULL };
          g_auto(Attrs) attrs = { 0 };
          const char *ref;

          f->type = FRAME_REF;
          if (!read_attrs (r, f, n_attrs, attributes, ref_names, &attrs) ||
              !require_attr (r, f, &attrs, "ref"))
            return;
          ref = attr_get (&attrs, "ref");
          if (check_value (r, f, slot->lex, NULL, slot->element, ref) && parent->record)
            qc_record_set (parent->record, slot->field->name, ref);
        }
      else
        {
          static const char *const none[] = { NULL };
          g_auto(Attrs) attrs = { 0 };
          f->type = FRAME_VALUE;
          read_attrs (r, f, n_attrs, attributes, none, &attrs);
          g_string_truncate (r->text, 0);
        }
      break;

    case QC_SLOT_ACT:
      {
        static const char *const act_names[] = { "decision", NULL };
        g_auto(Attrs) attrs = { 0 };
        const char *decision;

        f->type = FRAME_ACT;
        if (!read_attrs (r, f, n_attrs, attributes, act_names, &attrs))
          return;
        decision = attr_get (&attrs, "decision");
        if (decision && check_value (r, f, QC_LEX_ENUM, slot->decision->choices, "act decision",
                                     decision) && parent->record)
          qc_record_set (parent->record, slot->decision->name, decision);
        g_string_truncate (r->text, 0);
      }
      break;

    case QC_SLOT_COLLECTION:
      start_item (r, f, slot, n_attrs, attributes);
      break;

    case QC_SLOT_RECORDS:
      /* The project is complete: merge it before its measures and cycles. */
      finish_record (r, parent, layout->kind);
      if (r->error == NULL)
        start_record (r, f, slot->child_kind, parent, n_attrs, attributes);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
start_question_child (Reader *r, Frame *parent, Frame *f, const char *name, int n_attrs,
                      const xmlChar **attributes)
{
  static const char *const none[] = { NULL };
  const QcCollection *collection = parent->slot->collection;
  g_auto(Attrs) attrs = { 0 };
  guint index;

  f->element = name;
  if (qc_collection_find_field (collection, name, &index) == NULL ||
      collection->fields[index].place != QC_PLACE_ELEMENT)
    {
      fail_at (r, f->line, f->column, QC_ERROR_INVALID,
               _("<%s> has no element <%s>"), parent->element, name);
      return;
    }
  f->element = collection->fields[index].name;
  if (index < parent->question_cursor)
    {
      fail_at (r, f->line, f->column, QC_ERROR_INVALID,
               _("<%s> of a <%s> is out of place: the order is text, prediction, finding, each once"),
               f->element, parent->element);
      return;
    }
  parent->question_cursor = index + 1;
  f->type = FRAME_QUESTION_VALUE;
  f->question_field = index;
  read_attrs (r, f, n_attrs, attributes, none, &attrs);
  g_string_truncate (r->text, 0);
}

static void
start_root (Reader *r, Frame *f, const char *name, const char *uri, int n_attrs,
            const xmlChar **attributes)
{
  static const char *const root_names[] = { "format", "exported", "generator", NULL };
  g_auto(Attrs) attrs = { 0 };

  f->type = FRAME_ROOT;
  f->element = "qicoach";
  r->root_seen = TRUE;
  if (strcmp (name, "qicoach") != 0)
    {
      fail_at (r, f->line, f->column, QC_ERROR_INVALID,
               _("This is not a QI Coach file: it starts with <%s>, not <qicoach>"), name);
      return;
    }
  /* The format first, in any namespace, for the spec's message. */
  for (int i = 0; i < n_attrs; i++)
    if (strcmp ((const char *) attributes[i * 5], "format") == 0 && attributes[i * 5 + 2] == NULL)
      {
        g_autofree char *format = attr_value (attributes[i * 5 + 3], attributes[i * 5 + 4]);
        if (strcmp (format, QC_EXCHANGE_FORMAT) != 0)
          {
            g_autofree char *shown = g_utf8_make_valid (format, MIN (strlen (format), 20));
            fail_at (r, f->line, f->column, QC_ERROR_TOO_NEW,
                     _("This file was written by a newer version of QI Coach (format %s)."), shown);
            return;
          }
      }
  if (uri == NULL || strcmp (uri, QC_EXCHANGE_NS) != 0)
    {
      fail_at (r, f->line, f->column, QC_ERROR_INVALID,
               _("<qicoach> must be in the namespace %s, not %s"), QC_EXCHANGE_NS,
               uri ? uri : _("in no namespace"));
      return;
    }
  if (!read_attrs (r, f, n_attrs, attributes, root_names, &attrs) ||
      !require_attr (r, f, &attrs, "format") ||
      !require_attr (r, f, &attrs, "exported") ||
      !require_attr (r, f, &attrs, "generator") ||
      !check_value (r, f, QC_LEX_TIMESTAMP, NULL, "exported", attr_get (&attrs, "exported")))
    return;
  if (r->report)
    qc_import_report_set_source (r->report, attr_get (&attrs, "exported"),
                                 attr_get (&attrs, "generator"));
}

static void
on_start_element (void           *data,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             n_namespaces,
                  const xmlChar **namespaces,
                  int             n_attrs,
                  int             n_defaulted,
                  const xmlChar **attributes)
{
  Reader *r = data;
  const char *name = (const char *) localname;
  Frame *parent, *f;

  if (r->error)
    return;
  r->text_run = 0;
  if (r->depth >= QC_EXCHANGE_MAX_DEPTH)
    {
      int line, column;
      tag_position (r, &line, &column);
      fail_at (r, line, column, QC_ERROR_INVALID,
               _("elements are nested deeper than 32 levels, more than QI Coach reads"));
      return;
    }
  parent = r->depth > 0 ? &r->frames[r->depth - 1] : NULL;
  f = &r->frames[r->depth++];
  memset (f, 0, sizeof *f);
  f->element = name;
  tag_position (r, &f->line, &f->column);

  for (int i = 0; i < n_attrs; i++)
    if (attributes[i * 5 + 4] - attributes[i * 5 + 3] > QC_EXCHANGE_MAX_TEXT)
      {
        fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                 _("the attribute %s is longer than 1 MiB, more than QI Coach reads"),
                 (const char *) attributes[i * 5]);
        return;
      }

  if (parent == NULL)
    {
      if (r->root_done)
        return;  /* libxml2 reports the second root */
      start_root (r, f, name, (const char *) uri, n_attrs, attributes);
      return;
    }
  if (parent->type == FRAME_FOREIGN)
    {
      f->type = FRAME_FOREIGN;
      return;
    }
  if (uri == NULL || strcmp ((const char *) uri, QC_EXCHANGE_NS) != 0)
    {
      if (uri == NULL)
        fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                 _("<%s> is in no namespace: the format has no such element, and extensions "
                   "must be in a namespace of their own"), name);
      else if (parent->type == FRAME_SENDER || parent->type == FRAME_RECORD ||
               parent->type == FRAME_TOMBSTONE || parent->type == FRAME_QUESTION)
        f->type = FRAME_FOREIGN;
      else
        fail_at (r, f->line, f->column, QC_ERROR_INVALID,
                 _("the extension <%s:%s> cannot be inside <%s>: extensions go only in "
                   "records, <question> and <sender>"),
                 prefix ? (const char *) prefix : "", name, parent->element);
      return;
    }

  switch (parent->type)
    {
    case FRAME_ROOT:
      start_top (r, f, name, n_attrs, attributes);
      break;
    case FRAME_RECORD:
      start_record_child (r, parent, f, name, n_attrs, attributes);
      break;
    case FRAME_QUESTION:
      start_question_child (r, parent, f, name, n_attrs, attributes);
      break;
    case FRAME_SENDER:
    case FRAME_TOMBSTONE:
      fail_at (r, f->line, f->column, QC_ERROR_INVALID,
               _("<%s> cannot hold <%s>"), parent->element, name);
      break;
    default:
      fail_at (r, f->line, f->column, QC_ERROR_INVALID,
               _("<%s> cannot hold other elements, such as <%s>"), parent->element, name);
      break;
    }
}

static char *
take_text (Reader *r)
{
  return g_strndup (r->text->str, r->text->len);
}

static void
end_item (Reader *r, Frame *f, Frame *parent)
{
  const QcExchangeSlot *slot = f->slot;
  const QcCollection *collection = slot->collection;
  g_autoptr(GError) error = NULL;

  if (f->type == FRAME_ITEM)
    for (guint i = 0; i < collection->n_fields; i++)
      if (collection->fields[i].place == QC_PLACE_TEXT)
        {
          f->values[i] = take_text (r);
          f->present[i] = TRUE;
        }
  if (!qc_exchange_check_item (slot, f->values, f->present, &error))
    {
      fail_with (r, f->line, f->column, error);
      return;
    }
  for (guint i = 0; i < collection->n_fields; i++)
    if (collection->fields[i].type == QC_FIELD_UUID && f->values[i] && !check_id (r, f, f->values[i]))
      return;
  if (parent->record)
    {
      QcItem *item = qc_record_add_item (parent->record, collection->name);
      for (guint i = 0; i < collection->n_fields; i++)
        if (f->values[i] && *f->values[i])
          item->values[i] = g_steal_pointer (&f->values[i]);
    }
}

static void
end_record (Reader *r, Frame *f)
{
  const QcExchangeLayout *layout = f->layout;

  for (guint i = f->cursor; i < layout->n_slots; i++)
    if (layout->slots[i].required && !(f->seen & (1u << i)))
      {
        int line, column;
        tag_position (r, &line, &column);
        if (layout->slots[i].type == QC_SLOT_COLLECTION)
          fail_at (r, line, column, QC_ERROR_INVALID, _("%s %s needs at least one <%s>"),
                   article (layout->kind->name), layout->kind->name, layout->slots[i].element);
        else
          fail_at (r, line, column, QC_ERROR_INVALID, _("%s %s needs a <%s>"),
                   article (layout->kind->name), layout->kind->name, layout->slots[i].element);
        return;
      }
  finish_record (r, f, layout->kind);
}

static void
end_tombstone (Reader *r, Frame *f)
{
  g_autoptr(QcRecord) tombstone = NULL;

  if (r->merge == NULL)
    return;
  tombstone = qc_record_new (f->tombstone_kind);
  set_metadata (tombstone, f);
  apply (r, f, tombstone, TRUE);
}

static void
on_end_element (void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
  Reader *r = data;
  Frame *f, *parent;

  if (r->error || r->depth == 0)
    return;
  f = &r->frames[r->depth - 1];
  parent = r->depth > 1 ? &r->frames[r->depth - 2] : NULL;
  r->text_run = 0;

  switch (f->type)
    {
    case FRAME_ROOT:
      r->root_done = TRUE;
      break;
    case FRAME_RECORD:
      end_record (r, f);
      break;
    case FRAME_TOMBSTONE:
      end_tombstone (r, f);
      break;
    case FRAME_VALUE:
      {
        g_autofree char *value = take_text (r);
        if (check_value (r, f, f->slot->lex, f->slot->field->choices, f->slot->element, value) &&
            parent->record)
          qc_record_set (parent->record, f->slot->field->name, value);
      }
      break;
    case FRAME_ACT:
      if (parent->record && r->text->len > 0)
        {
          g_autofree char *value = take_text (r);
          qc_record_set (parent->record, f->slot->field->name, value);
        }
      break;
    case FRAME_ITEM:
    case FRAME_QUESTION:
      end_item (r, f, parent);
      break;
    case FRAME_QUESTION_VALUE:
      g_free (parent->values[f->question_field]);
      parent->values[f->question_field] = take_text (r);
      parent->present[f->question_field] = TRUE;
      break;
    case FRAME_SENDER:
    case FRAME_REF:
    case FRAME_FOREIGN:
      break;
    default:
      g_assert_not_reached ();
    }
  frame_clear (f);
  r->depth--;
}

static void
on_characters (void *data, const xmlChar *text, int len)
{
  Reader *r = data;
  Frame *f;

  if (r->error || r->depth == 0)
    return;
  r->text_run += (gsize) len;
  if (r->text_run > QC_EXCHANGE_MAX_TEXT)
    {
      int line, column;
      current_position (r, &line, &column);
      fail_at (r, line, column, QC_ERROR_INVALID,
               _("a text is longer than 1 MiB, more than QI Coach reads"));
      return;
    }
  f = &r->frames[r->depth - 1];
  switch (f->type)
    {
    case FRAME_VALUE:
    case FRAME_ACT:
    case FRAME_QUESTION_VALUE:
      g_string_append_len (r->text, (const char *) text, len);
      return;
    case FRAME_ITEM:
      for (guint i = 0; i < f->slot->collection->n_fields; i++)
        if (f->slot->collection->fields[i].place == QC_PLACE_TEXT)
          {
            g_string_append_len (r->text, (const char *) text, len);
            return;
          }
      break;
    case FRAME_FOREIGN:
      return;
    default:
      break;
    }
  if (!is_blank ((const char *) text, (gsize) len))
    {
      int line, column;
      current_position (r, &line, &column);
      fail_at (r, line, column, QC_ERROR_INVALID,
               _("<%s> holds text, where only elements (or nothing) may be"), f->element);
    }
}

static void
on_doctype (void *data, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
  Reader *r = data;
  int line, column;

  tag_position (r, &line, &column);
  fail_at (r, line, column, QC_ERROR_INVALID,
           _("the file has a DOCTYPE, which QI Coach files never have (it could make a reader "
             "open other files)"));
}

static void
on_entity_decl (void *data, const xmlChar *name, int type, const xmlChar *public_id,
                const xmlChar *system_id, xmlChar *content)
{
  Reader *r = data;
  int line, column;

  current_position (r, &line, &column);
  fail_at (r, line, column, QC_ERROR_INVALID, _("the file declares an entity (in a DOCTYPE)"));
}

static xmlEntityPtr
on_get_entity (void *data, const xmlChar *name)
{
  return xmlGetPredefinedEntity (name);
}

static void
on_start_document (void *data)
{
  Reader *r = data;
  const char *encoding = (const char *) r->ctxt->encoding;

  if (encoding == NULL && r->ctxt->input)
    encoding = (const char *) r->ctxt->input->encoding;
  if (encoding && g_ascii_strcasecmp (encoding, "UTF-8") != 0)
    {
      int line, column;
      current_position (r, &line, &column);
      fail_at (r, line, column, QC_ERROR_INVALID,
               _("the file is in the %s encoding; QI Coach files are UTF-8"), encoding);
    }
}

#if LIBXML_VERSION >= 21200
static void
on_error (void *data, const xmlError *error)
#else
static void
on_error (void *data, xmlErrorPtr error)
#endif
{
  Reader *r = data;
  g_autofree char *message = NULL;

  if (error->level < XML_ERR_ERROR || r->error)
    return;
  /* One line: libxml2 adds the offending bytes on a second one. */
  message = g_strdup (error->message ? error->message : "");
  message[strcspn (message, "\n")] = '\0';
  g_strstrip (message);
  if (error->code == XML_ERR_DOCUMENT_EMPTY || error->code == XML_ERR_DOCUMENT_END ||
      (error->code == XML_ERR_DOCUMENT_START && !r->root_seen))
    {
      if (!r->root_seen)
        fail_at (r, error->line, error->int2, QC_ERROR_INVALID,
                 _("This is not a QI Coach file: it has no <qicoach> element (%s)"), message);
      else
        fail_at (r, error->line, error->int2, QC_ERROR_INVALID,
                 _("the file is cut off, or goes on after its end (%s)"), message);
    }
  else if (strstr (message, "UTF-8") != NULL)
    fail_at (r, error->line, error->int2, QC_ERROR_INVALID,
             _("the file is not UTF-8 text, as QI Coach files are (%s)"), message);
  else
    fail_at (r, error->line, error->int2, QC_ERROR_INVALID,
             _("the file is damaged or not well-formed XML: %s"), message);
}

/* Reads the file into the parser, chunk by chunk. */
static gboolean
parse_file (Reader *r, GCancellable *cancellable, QcProgressFunc progress, gpointer progress_data)
{
  xmlSAXHandler sax;
  g_autofree char *buffer = NULL;
  struct stat st;
  goffset total = 0;
  gssize n;
  int fd, options;

  fd = g_open (r->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (&r->error, QC_ERROR, QC_ERROR_NOT_FOUND, _("%s: cannot read the file: %s"),
                   r->path, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (&r->error, QC_ERROR, QC_ERROR_INVALID, _("%s:1:1: this is not a file but a folder or a device"),
                   r->path);
      close (fd);
      return FALSE;
    }
  if (st.st_size > QC_EXCHANGE_MAX_BYTES)
    {
      g_set_error (&r->error, QC_ERROR, QC_ERROR_INVALID,
                   _("%s:1:1: the file is larger than 256 MiB (%.0f MiB), more than QI Coach reads"),
                   r->path, st.st_size / 1048576.0);
      close (fd);
      return FALSE;
    }

  buffer = g_malloc (CHUNK);
  n = read (fd, buffer, CHUNK);
  if (n < 0)
    {
      int saved = errno;
      g_set_error (&r->error, QC_ERROR, QC_ERROR_INVALID, _("%s: cannot read the file: %s"),
                   r->path, g_strerror (saved));
      close (fd);
      return FALSE;
    }

  /* What the first bytes say, in words a coach understands. */
  {
    const guchar *b = (const guchar *) buffer;
    const char *problem = NULL;
    if (n == 0)
      problem = _("the file is empty, not a QI Coach file");
    else if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
      problem = _("this is a compressed (gzip) file, not a QI Coach file");
    else if (n >= 4 && memcmp (b, "%PDF", 4) == 0)
      problem = _("this is a PDF document, not a QI Coach file");
    else if (n >= 2 && ((b[0] == 0xfe && b[1] == 0xff) || (b[0] == 0xff && b[1] == 0xfe) ||
                        b[0] == 0 || b[1] == 0))
      problem = _("the file is in UTF-16 (or is binary); QI Coach files are UTF-8");
    if (problem)
      {
        g_set_error (&r->error, QC_ERROR, QC_ERROR_INVALID, "%s:1:1: %s", r->path, problem);
        close (fd);
        return FALSE;
      }
  }

  memset (&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startDocument = on_start_document;
  sax.startElementNs = on_start_element;
  sax.endElementNs = on_end_element;
  sax.characters = on_characters;
  sax.ignorableWhitespace = on_characters;
  sax.cdataBlock = on_characters;
  sax.internalSubset = on_doctype;
  sax.externalSubset = on_doctype;
  sax.entityDecl = on_entity_decl;
  sax.getEntity = on_get_entity;
  sax.getParameterEntity = on_get_entity;
  sax.serror = on_error;

  r->ctxt = xmlCreatePushParserCtxt (&sax, r, NULL, 0, r->path);
  if (r->ctxt == NULL)
    {
      g_set_error (&r->error, QC_ERROR, QC_ERROR_FAILED, _("%s: out of memory"), r->path);
      close (fd);
      return FALSE;
    }
  /* Never NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE. */
  options = XML_PARSE_NONET | XML_PARSE_NOWARNING;
#if LIBXML_VERSION >= 21300
  options |= XML_PARSE_NO_XXE;
#endif
  xmlCtxtUseOptions (r->ctxt, options);

  g_private_set (&inside_reader, GINT_TO_POINTER (1));
  while (r->error == NULL)
    {
      total += n;
      if (total > QC_EXCHANGE_MAX_BYTES)
        {
          g_set_error (&r->error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s:1:1: the file is larger than 256 MiB, more than QI Coach reads"), r->path);
          break;
        }
      xmlParseChunk (r->ctxt, buffer, (int) n, n == 0);
      if (r->error || n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, &r->error))
        break;
      if (progress && st.st_size > 0)
        progress (0.99 * MIN (1.0, (double) total / (double) st.st_size), progress_data);
      n = read (fd, buffer, CHUNK);
      if (n < 0)
        {
          int saved = errno;
          g_set_error (&r->error, QC_ERROR, QC_ERROR_INVALID, _("%s: cannot read the file: %s"),
                       r->path, g_strerror (saved));
        }
    }
  g_private_set (&inside_reader, NULL);
  close (fd);

  if (r->error == NULL && (!r->ctxt->wellFormed || !r->root_done))
    {
      int line, column;
      current_position (r, &line, &column);
      fail_at (r, line, column, QC_ERROR_INVALID,
               r->root_seen ? _("the file ends too early: it is cut off or damaged")
                            : _("This is not a QI Coach file: it has no <qicoach> element"));
    }

  for (int i = 0; i < r->depth; i++)
    frame_clear (&r->frames[i]);
  r->depth = 0;
  xmlFreeParserCtxt (r->ctxt);
  r->ctxt = NULL;
  return r->error == NULL;
}

static void
reader_init (Reader *r, const char *path)
{
  memset (r, 0, sizeof *r);
  r->path = path;
  r->text = g_string_sized_new (4096);
}

static void
reader_clear (Reader *r)
{
  g_string_free (r->text, TRUE);
  g_free (r->ids.entries);
  g_clear_error (&r->error);
}

gboolean
qc_exchange_validate_file (const char *path, GCancellable *cancellable, GError **error)
{
  Reader r;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  init_libxml ();
  reader_init (&r, path);
  ok = parse_file (&r, cancellable, NULL, NULL);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&r.error));
  reader_clear (&r);
  return ok;
}

static gboolean
set_pragma (QcStore *store, const char *sql)
{
  return sqlite3_exec (qc_store_get_db (store), sql, NULL, NULL, NULL) == SQLITE_OK;
}

gboolean
qc_exchange_import_file (QcStore               *store,
                         const char            *path,
                         const QcImportOptions *options,
                         GCancellable          *cancellable,
                         QcProgressFunc         progress,
                         gpointer               progress_data,
                         QcImportReport       **report_out,
                         GError               **error)
{
  g_autoptr(QcImportReport) report = NULL;
  gboolean dry_run = options && options->dry_run;
  Reader r;
  gboolean ok;

  g_return_val_if_fail (QC_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  init_libxml ();
  report = qc_import_report_new (path, dry_run);
  reader_init (&r, path);
  r.report = report;

  /* Statement journals and the pending full-text rows in memory. */
  set_pragma (store, "PRAGMA temp_store = MEMORY");
  if (!qc_store_begin (store, error))
    {
      reader_clear (&r);
      return FALSE;
    }
  /* A larger page cache for the one big transaction. */
  set_pragma (store, "PRAGMA cache_size = -16384");
  r.merge = qc_merge_new (store, report);
  ok = qc_store_defer_search_index (store, TRUE, &r.error) &&
       parse_file (&r, cancellable, progress, progress_data);
  if (ok && (!qc_merge_finish (r.merge, &r.error) ||
             !qc_store_defer_search_index (store, FALSE, &r.error)))
    {
      g_prefix_error (&r.error, "%s: ", path);
      ok = FALSE;
    }
  g_clear_pointer (&r.merge, qc_merge_free);

  if (ok && !dry_run)
    ok = qc_store_commit (store, &r.error);   /* rolls back itself if it fails */
  else
    qc_store_rollback (store);
  qc_store_defer_search_index (store, FALSE, NULL);
  set_pragma (store, "PRAGMA cache_size = -2000");
  set_pragma (store, "PRAGMA temp_store = DEFAULT");

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      reader_clear (&r);
      return FALSE;
    }
  reader_clear (&r);
  if (progress)
    progress (1.0, progress_data);
  if (report_out)
    *report_out = g_steal_pointer (&report);
  return TRUE;
}

/* Async */

typedef struct
{
  char            *db_path;
  char            *author;
  char            *path;
  QcImportOptions  options;
  QcProgressRelay *relay;
} ImportTask;

static void
import_task_free (gpointer data)
{
  ImportTask *t = data;

  g_free (t->db_path);
  g_free (t->author);
  g_free (t->path);
  qc_progress_relay_unref (t->relay);
  g_free (t);
}

static void
import_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ImportTask *t = data;
  g_autoptr(QcStore) store = NULL;
  QcImportReport *report = NULL;
  GError *error = NULL;

  store = qc_store_open (t->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  qc_store_set_author (store, t->author);
  if (!qc_exchange_import_file (store, t->path, &t->options, cancellable,
                                qc_progress_relay_report, t->relay, &report, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) qc_import_report_unref);
}

void
qc_exchange_import_file_async (QcStore               *store,
                               const char            *path,
                               const QcImportOptions *options,
                               GCancellable          *cancellable,
                               QcProgressFunc         progress,
                               gpointer               progress_data,
                               GDestroyNotify         progress_data_free,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportTask *t;

  g_return_if_fail (QC_IS_STORE (store));
  g_return_if_fail (path != NULL);

  init_libxml ();
  t = g_new0 (ImportTask, 1);
  t->db_path = g_strdup (qc_store_get_path (store));
  t->author = g_strdup (qc_store_get_author (store));
  t->path = g_strdup (path);
  if (options)
    t->options = *options;
  t->relay = qc_progress_relay_new (progress, progress_data, progress_data_free);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, qc_exchange_import_file_async);
  g_task_set_task_data (task, t, import_task_free);
  g_task_run_in_thread (task, import_thread);
}

QcImportReport *
qc_exchange_import_file_finish (QcStore *store, GAsyncResult *result, GError **error)
{
  QcImportReport *report;
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);
  gboolean changed = FALSE;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  report = g_task_propagate_pointer (G_TASK (result), error);
  if (report == NULL || qc_import_report_get_dry_run (report))
    return report;

  /* The worker wrote through its own connection: tell this store's
   * listeners (the lists) which kinds changed, as a commit here would. */
  for (guint k = 0; k < n_kinds; k++)
    for (guint o = 0; o < QC_IMPORT_N_OUTCOMES; o++)
      if (o != QC_IMPORT_UNCHANGED && o != QC_IMPORT_OLDER &&
          qc_import_report_get_count (report, kinds[k], o) > 0)
        {
          if (!changed && !qc_store_begin (store, NULL))
            return report;
          changed = TRUE;
          qc_store_note_change (store, kinds[k], NULL);
          break;
        }
  if (changed)
    qc_store_commit (store, NULL);
  return report;
}

/* RELAX NG, for tests and a second opinion */

typedef struct
{
  const char *path;
  GError     *error;
} SchemaState;

#if LIBXML_VERSION >= 21200
static void
on_schema_error (void *data, const xmlError *error)
#else
static void
on_schema_error (void *data, xmlErrorPtr error)
#endif
{
  SchemaState *state = data;
  g_autofree char *message = NULL;

  if (state->error || error->level < XML_ERR_ERROR)
    return;
  message = g_strstrip (g_strdup (error->message ? error->message : ""));
  state->error = g_error_new (QC_ERROR, QC_ERROR_INVALID, "%s:%d:%d: %s", state->path,
                              MAX (error->line, 1), MAX (error->int2, 1), message);
}

static void
on_schema_parse_error (void *data, const char *format, ...)
{
}

gboolean
qc_exchange_validate_with_schema (const char *path, GError **error)
{
  g_autoptr(GBytes) schema_bytes = NULL;
  g_autofree char *contents = NULL;
  SchemaState state = { path, NULL };
  xmlRelaxNGParserCtxtPtr parser;
  xmlRelaxNGPtr schema;
  xmlTextReaderPtr reader;
  gsize length = 0;
  int ret;

  init_libxml ();
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  if (length > QC_EXCHANGE_MAX_BYTES)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID, _("%s:1:1: the file is larger than 256 MiB"), path);
      return FALSE;
    }

  schema_bytes = qc_exchange_dup_schema ();
  parser = xmlRelaxNGNewMemParserCtxt (g_bytes_get_data (schema_bytes, NULL),
                                       (int) g_bytes_get_size (schema_bytes));
  xmlRelaxNGSetParserErrors (parser, on_schema_parse_error, on_schema_parse_error, NULL);
  schema = xmlRelaxNGParse (parser);
  xmlRelaxNGFreeParserCtxt (parser);
  if (schema == NULL)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_FAILED, "the built-in schema does not compile");
      return FALSE;
    }

  g_private_set (&inside_reader, GINT_TO_POINTER (1));
  /* From memory: no gunzip, no file or network access. */
  reader = xmlReaderForMemory (contents, (int) length, path, NULL, XML_PARSE_NONET);
  if (reader == NULL)
    ret = -1;
  else
    {
      xmlTextReaderSetStructuredErrorHandler (reader, on_schema_error, &state);
      ret = xmlTextReaderRelaxNGSetSchema (reader, schema);
      if (ret == 0)
        while ((ret = xmlTextReaderRead (reader)) == 1)
          ;
      if (ret == 0 && xmlTextReaderIsValid (reader) != 1 && state.error == NULL)
        state.error = g_error_new (QC_ERROR, QC_ERROR_INVALID, "%s:1:1: not valid", path);
      xmlFreeTextReader (reader);
    }
  g_private_set (&inside_reader, NULL);
  xmlRelaxNGFree (schema);

  if (state.error == NULL && ret != 0)
    state.error = g_error_new (QC_ERROR, QC_ERROR_INVALID, "%s:1:1: cannot be read", path);
  if (state.error)
    {
      g_propagate_error (error, state.error);
      return FALSE;
    }
  return TRUE;
}
