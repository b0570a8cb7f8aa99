/* The store: every kind round-trips every field; history; search;
 * migrations; clear errors; awkward text; lazy lists. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "qc-error.h"
#include "qc-record-list.h"
#include "qc-store-private.h"

typedef struct
{
  char    *dir;
  char    *path;
  QcStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("qc-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = qc_store_open (f->path, &error);
  g_assert_no_error (error);
  qc_store_set_author (f->store, "Test Coach");
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static QcRecord *
add_record (QcStore *store, const QcKind *kind, const char *first_field, ...)
{
  g_autoptr(QcRecord) record = qc_record_new (kind);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first_field);
  for (const char *name = first_field; name; name = va_arg (args, const char *))
    qc_record_set (record, name, va_arg (args, const char *));
  va_end (args);
  qc_store_add (store, record, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&record);
}

/* Ids that references in the full records point at. */
typedef struct
{
  const char *organisation;
  const char *person;
  const char *project;
  const char *measure;
  const char *pdsa;
  const char *driver;
} Targets;

static const char *
target_for (const Targets *t, const char *ref_kind)
{
  if (g_str_equal (ref_kind, "organisation")) return t->organisation;
  if (g_str_equal (ref_kind, "person")) return t->person;
  if (g_str_equal (ref_kind, "project")) return t->project;
  if (g_str_equal (ref_kind, "measure")) return t->measure;
  if (g_str_equal (ref_kind, "pdsa")) return t->pdsa;
  if (g_str_equal (ref_kind, "driver")) return t->driver;
  g_assert_not_reached ();
}

static char *
value_for (const QcField *field, const Targets *t, guint n)
{
  switch (field->type)
    {
    case QC_FIELD_TEXT: return g_strdup_printf ("%s %u: naïve café ✓\nsecond line", field->name, n);
    case QC_FIELD_ENUM: return g_strdup (field->choices[n % g_strv_length ((char **) field->choices)]);
    case QC_FIELD_DATE: return g_strdup_printf ("2026-0%u-1%u", 1 + n % 9, n % 10);
    case QC_FIELD_DATETIME: return g_strdup_printf ("2026-02-0%uT10:1%u:00.000Z", 1 + n % 9, n % 10);
    case QC_FIELD_BOOL: return g_strdup (n % 2 ? "true" : "false");
    case QC_FIELD_INT: return g_strdup_printf ("%u", 40 + n);
    case QC_FIELD_DECIMAL: return g_strdup_printf ("%u.25", 3 + n);
    case QC_FIELD_PROGRESS: return g_strdup_printf ("%u.5", 1 + n % 4);
    case QC_FIELD_UUID: return qc_uuid_new ();
    case QC_FIELD_REF: return g_strdup (target_for (t, field->ref_kind));
    default: g_assert_not_reached ();
    }
}

/* A record of @kind with every field and two items in every list. */
static QcRecord *
full_record (const QcKind *kind, const Targets *t)
{
  QcRecord *record = qc_record_new (kind);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      g_autofree char *value = value_for (&kind->fields[i], t, i);
      qc_record_set (record, kind->fields[i].name, value);
    }
  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      for (guint j = 0; j < 2; j++)
        {
          QcItem *item = qc_record_add_item (record, collection->name);
          for (guint f = 0; f < collection->n_fields; f++)
            {
              /* A driver's parent is another driver of the same project. */
              if (g_strcmp0 (collection->fields[f].ref_kind, "driver") == 0 &&
                  g_str_equal (collection->name, "driver"))
                item->values[f] = j == 0 ? NULL : g_strdup (((QcItem *) g_ptr_array_index (
                    qc_record_get_items (record, "driver"), 0))->values[0]);
              else
                item->values[f] = value_for (&collection->fields[f], t, j + f);
            }
          /* A point is a value, or a numerator and a denominator. */
          if (g_str_equal (collection->name, "point"))
            {
              qc_item_set (item, j == 0 ? "numerator" : "value", NULL);
              if (j == 0)
                qc_item_set (item, "denominator", NULL);
            }
        }
    }
  return record;
}

static void
test_round_trip_every_kind (Fixture *f, gconstpointer data)
{
  g_autoptr(QcRecord) organisation = add_record (f->store, &qc_kind_organisation, "name", "Bedford Hospital", NULL);
  g_autoptr(QcRecord) person = add_record (f->store, &qc_kind_person, "name", "Priya Shah", NULL);
  g_autoptr(QcRecord) project = qc_record_new (&qc_kind_project);
  g_autoptr(GError) error = NULL;
  Targets t = { 0 };
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);
  QcItem *driver;

  t.organisation = qc_record_get_id (organisation);
  t.person = qc_record_get_id (person);
  qc_record_set (project, "title", "Sepsis");
  driver = qc_record_add_item (project, "driver");
  qc_item_set (driver, "kind", "change-idea");
  qc_item_set (driver, "text", "Prompt");
  qc_store_add (f->store, project, &error);
  g_assert_no_error (error);
  t.project = qc_record_get_id (project);
  t.driver = qc_item_get (driver, "id");
  g_assert_true (qc_is_uuid (t.driver));

  g_autoptr(QcRecord) measure = add_record (f->store, &qc_kind_measure, "project", t.project, "name", "m", NULL);
  g_autoptr(QcRecord) pdsa = add_record (f->store, &qc_kind_pdsa, "project", t.project, "title", "c", NULL);
  t.measure = qc_record_get_id (measure);
  t.pdsa = qc_record_get_id (pdsa);

  for (guint k = 0; k < n_kinds; k++)
    {
      g_autoptr(QcRecord) record = full_record (kinds[k], &t);
      g_autoptr(QcRecord) loaded = NULL;
      g_autoptr(JsonNode) want = NULL;
      g_autoptr(JsonNode) got = NULL;
      g_autofree char *want_text = NULL;
      g_autofree char *got_text = NULL;

      qc_store_add (f->store, record, &error);
      g_assert_no_error (error);
      loaded = qc_store_load (f->store, qc_record_get_id (record), &error);
      g_assert_no_error (error);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (loaded, kinds[k]->get_type ()));

      want = qc_record_to_json (record, QC_JSON_META | QC_JSON_PRIVATE);
      got = qc_record_to_json (loaded, QC_JSON_META | QC_JSON_PRIVATE);
      want_text = json_to_string (want, TRUE);
      got_text = json_to_string (got, TRUE);
      g_assert_cmpstr (got_text, ==, want_text);

      /* Every field and list was really set. */
      for (guint i = 0; i < kinds[k]->n_fields; i++)
        g_assert_nonnull (qc_record_get (loaded, kinds[k]->fields[i].name));
      for (guint c = 0; c < kinds[k]->n_collections; c++)
        g_assert_cmpuint (qc_record_get_items (loaded, kinds[k]->collections[c].name)->len, ==, 2);

      /* Properties are the fields. */
      for (guint i = 0; i < kinds[k]->n_fields; i++)
        {
          g_autofree char *value = NULL;
          g_object_get (loaded, kinds[k]->fields[i].name, &value, NULL);
          g_assert_cmpstr (value, ==, qc_record_get (loaded, kinds[k]->fields[i].name));
        }
    }
}

static void
test_history_on_update_and_delete (Fixture *f, gconstpointer data)
{
  g_autoptr(QcRecord) project = add_record (f->store, &qc_kind_project, "title", "First title", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *rev1 = g_strdup (qc_record_get_rev (project));
  g_autofree char *rev2 = NULL;
  const char *id = qc_record_get_id (project);
  QcHistoryEntry *entry;
  QcStats stats;

  g_assert_true (g_str_has_prefix (rev1, "1-"));
  g_assert_null (qc_record_get_revs (project));

  /* Saving unchanged content makes no version. */
  qc_store_save (f->store, project, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (qc_record_get_rev (project), ==, rev1);

  qc_record_set (project, "title", "Second title");
  qc_store_save (f->store, project, &error);
  g_assert_no_error (error);
  rev2 = g_strdup (qc_record_get_rev (project));
  g_assert_true (g_str_has_prefix (rev2, "2-"));
  g_assert_cmpstr (qc_record_get_revs (project), ==, rev1);
  g_assert_cmpstr (qc_record_get_modified_by (project), ==, "Test Coach");

  history = qc_store_history (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  entry = g_ptr_array_index (history, 0);
  g_assert_cmpstr (entry->rev, ==, rev1);
  g_assert_cmpstr (entry->reason, ==, "edit");
  g_assert_cmpstr (qc_record_get (entry->version, "title"), ==, "First title");
  g_clear_pointer (&history, g_ptr_array_unref);

  qc_store_delete (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (qc_store_is_deleted (f->store, id));
  g_assert_null (qc_store_load (f->store, id, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_autoptr(QcRecord) tombstone = qc_store_load_tombstone (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (qc_record_get_rev (tombstone), "3-"));
  g_assert_true (g_str_has_prefix (qc_record_get_revs (tombstone), rev2));

  history = qc_store_history (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  entry = g_ptr_array_index (history, 0);
  g_assert_cmpstr (entry->reason, ==, "delete");
  g_assert_cmpstr (qc_record_get (entry->version, "title"), ==, "Second title");

  qc_store_get_stats (f->store, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats.tombstones, ==, 1);
  g_assert_cmpint (stats.history, ==, 2);

  /* Restoring brings it back as a new version. */
  qc_store_restore (f->store, id, entry->seq, &error);
  g_assert_no_error (error);
  g_assert_false (qc_store_is_deleted (f->store, id));
  g_autoptr(QcRecord) back = qc_store_load (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (qc_record_get (back, "title"), ==, "Second title");
  g_assert_true (g_str_has_prefix (qc_record_get_rev (back), "4-"));
}

static void
test_delete_project_takes_its_measures (Fixture *f, gconstpointer data)
{
  g_autoptr(QcRecord) project = add_record (f->store, &qc_kind_project, "title", "P", NULL);
  g_autoptr(QcRecord) measure = add_record (f->store, &qc_kind_measure, "project", qc_record_get_id (project), "name", "M", NULL);
  g_autoptr(QcRecord) pdsa = add_record (f->store, &qc_kind_pdsa, "project", qc_record_get_id (project), "title", "C", NULL);
  g_autoptr(GError) error = NULL;

  qc_store_delete (f->store, qc_record_get_id (project), &error);
  g_assert_no_error (error);
  g_assert_true (qc_store_is_deleted (f->store, qc_record_get_id (measure)));
  g_assert_true (qc_store_is_deleted (f->store, qc_record_get_id (pdsa)));
}

static void
test_private_edit_keeps_rev (Fixture *f, gconstpointer data)
{
  g_autoptr(QcRecord) session = add_record (f->store, &qc_kind_session, "date", "2026-02-02T10:00:00.000Z", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = g_strdup (qc_record_get_rev (session));

  qc_record_set (session, "reflection", "I talked too much.");
  qc_store_save (f->store, session, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (qc_record_get_rev (session), ==, rev);
  g_autoptr(QcRecord) loaded = qc_store_load (f->store, qc_record_get_id (session), &error);
  g_assert_cmpstr (qc_record_get (loaded, "reflection"), ==, "I talked too much.");

  /* The canonical content that revisions hash has no private field. */
  g_autofree char *canonical = qc_record_canonical_text (loaded);
  g_assert_null (strstr (canonical, "talked"));
}

static void
test_search_every_kind (Fixture *f, gconstpointer data)
{
  g_autoptr(QcRecord) project = add_record (f->store, &qc_kind_project, "title", "Falls", "aim", "Reduce zebrafall by half", NULL);
  const char *pid = qc_record_get_id (project);
  g_autoptr(QcRecord) o = add_record (f->store, &qc_kind_organisation, "name", "Zebraorg Trust", NULL);
  g_autoptr(QcRecord) p = add_record (f->store, &qc_kind_person, "name", "Zebraperson Jones", NULL);
  g_autoptr(QcRecord) r = add_record (f->store, &qc_kind_resource, "title", "Guide", "description", "about zebraresource", NULL);
  g_autoptr(QcRecord) m = add_record (f->store, &qc_kind_measure, "project", pid, "name", "x", "definition", "zebrameasure count", NULL);
  g_autoptr(QcRecord) c = add_record (f->store, &qc_kind_pdsa, "project", pid, "title", "t", "study", "learned zebrapdsa", NULL);
  g_autoptr(QcRecord) s = add_record (f->store, &qc_kind_session, "date", "2026-02-02T10:00:00.000Z", "notes", "zebrasession notes", NULL);
  const struct { const char *word; const QcKind *kind; } cases[] = {
    { "zebrafall", &qc_kind_project }, { "zebraorg", &qc_kind_organisation },
    { "zebraperson", &qc_kind_person }, { "zebraresource", &qc_kind_resource },
    { "zebrameasure", &qc_kind_measure }, { "zebrapdsa", &qc_kind_pdsa },
    { "zebrasession", &qc_kind_session },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = qc_store_search (f->store, cases[i].word, 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, 1);
      g_assert_true (((QcSearchHit *) g_ptr_array_index (hits, 0))->kind == cases[i].kind);
    }

  /* Prefixes, several words, punctuation that is FTS syntax, nothing. */
  g_autoptr(GPtrArray) prefix = qc_store_search (f->store, "zebra", 10, NULL);
  g_assert_cmpuint (prefix->len, ==, 7);
  g_autoptr(GPtrArray) two = qc_store_search (f->store, "reduce zebraf", 10, NULL);
  g_assert_cmpuint (two->len, ==, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) odd = qc_store_search (f->store, "\"zebra* OR NEAR( -", 10, &error);
  g_assert_no_error (error);
  g_autoptr(GPtrArray) none = qc_store_search (f->store, "   ", 10, &error);
  g_assert_cmpuint (none->len, ==, 0);

  /* An edit re-indexes; a delete removes. */
  qc_record_set (project, "aim", "Reduce falls");
  qc_store_save (f->store, project, &error);
  g_assert_no_error (error);
  g_autoptr(GPtrArray) gone = qc_store_search (f->store, "zebrafall", 10, NULL);
  g_assert_cmpuint (gone->len, ==, 0);
  qc_store_delete (f->store, qc_record_get_id (o), &error);
  g_autoptr(GPtrArray) deleted = qc_store_search (f->store, "zebraorg", 10, NULL);
  g_assert_cmpuint (deleted->len, ==, 0);
}

static void
test_clear_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcRecord) pdsa = qc_record_new (&qc_kind_pdsa);
  g_autoptr(QcRecord) project = qc_record_new (&qc_kind_project);
  g_autoptr(QcRecord) bad_enum = qc_record_new (&qc_kind_project);
  g_autoptr(QcRecord) bad_date = qc_record_new (&qc_kind_project);
  QcStats before, after;

  qc_store_get_stats (f->store, &before, NULL);

  /* A reference to a project that does not exist. */
  qc_record_set (pdsa, "title", "Cycle");
  qc_record_set (pdsa, "project", "00000000-0000-4000-8000-000000000000");
  g_assert_false (qc_store_add (f->store, pdsa, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "project"));
  g_clear_error (&error);

  /* A missing required field. */
  g_assert_false (qc_store_add (f->store, project, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "title"));
  g_clear_error (&error);

  qc_record_set (bad_enum, "title", "x");
  qc_record_set (bad_enum, "status", "finished");
  g_assert_false (qc_store_add (f->store, bad_enum, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "finished"));
  g_clear_error (&error);

  qc_record_set (bad_date, "title", "x");
  qc_record_set (bad_date, "start", "2026-02-30");
  g_assert_false (qc_store_add (f->store, bad_date, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
  g_clear_error (&error);

  /* Blank required text, a point with both a value and a ratio, a member
   * with no person, an id that is not an RFC 4122 UUID: all refused as the
   * exchange schema would refuse them. */
  {
    g_autoptr(QcRecord) blank = qc_record_new (&qc_kind_project);
    qc_record_set (blank, "title", "   ");
    g_assert_false (qc_store_add (f->store, blank, &error));
    g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
    g_clear_error (&error);

    g_autoptr(QcRecord) host = add_record (f->store, &qc_kind_project, "title", "Host", NULL);
    g_autoptr(QcRecord) measure = qc_record_new (&qc_kind_measure);
    qc_record_set (measure, "project", qc_record_get_id (host));
    qc_record_set (measure, "name", "M");
    QcItem *point = qc_record_add_item (measure, "point");
    qc_item_set (point, "date", "2026-01-01");
    qc_item_set (point, "value", "3");
    qc_item_set (point, "numerator", "3");
    qc_item_set (point, "denominator", "4");
    g_assert_false (qc_store_add (f->store, measure, &error));
    g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "point 1"));
    g_clear_error (&error);
    qc_item_set (point, "value", NULL);
    qc_item_set (point, "denominator", "0");
    g_assert_false (qc_store_add (f->store, measure, &error));
    g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
    g_clear_error (&error);

    g_autoptr(QcRecord) team = qc_record_new (&qc_kind_project);
    qc_record_set (team, "title", "Team");
    qc_item_set (qc_record_add_item (team, "member"), "role", "Lead");
    g_assert_false (qc_store_add (f->store, team, &error));
    g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
    g_clear_error (&error);

    g_assert_false (qc_is_uuid ("00000000-0000-0000-0000-000000000000"));
    g_assert_false (qc_is_uuid ("6F0C2A52-1B7E-4D38-9A3E-0C5D7B1E2F10"));
    g_assert_true (qc_is_uuid ("6f0c2a52-1b7e-4d38-9a3e-0c5d7b1e2f10"));
    before.records[3]++; /* the host project */
  }

  /* Decimals are kept in their shortest exact form. */
  {
    const QcField *target = qc_kind_find_field (&qc_kind_measure, "target", NULL);
    g_autofree char *a = qc_field_normalize (target, "0.9");
    g_autofree char *b = qc_field_normalize (target, "3.90");
    g_autofree char *c = qc_field_normalize (target, "12");
    g_autofree char *d = qc_field_normalize (target, "0.1234567890123456789");
    g_assert_cmpstr (a, ==, "0.9");
    g_assert_cmpstr (b, ==, "3.9");
    g_assert_cmpstr (c, ==, "12");
    g_assert_cmpfloat (g_ascii_strtod (d, NULL), ==, 0.1234567890123456789);
  }

  /* The same id twice. */
  g_autoptr(QcRecord) first = add_record (f->store, &qc_kind_project, "title", "One", NULL);
  g_autoptr(QcRecord) twin = qc_record_new (&qc_kind_project);
  qc_record_set_id (twin, qc_record_get_id (first));
  qc_record_set (twin, "title", "Two");
  g_assert_false (qc_store_add (f->store, twin, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* A constraint the database itself enforces comes back as a GError
   * and leaves nothing half-written. */
  g_assert_true (qc_store_begin (f->store, NULL));
  g_autoptr(QcRecord) orphan = qc_record_new (&qc_kind_measure);
  g_autofree char *orphan_id = qc_uuid_new ();
  qc_record_set_id (orphan, orphan_id);
  qc_record_set_created (orphan, "2026-01-01T00:00:00.000Z");
  qc_record_set_modified (orphan, "2026-01-01T00:00:00.000Z");
  qc_record_set_rev (orphan, "1-0000000000000000");
  qc_record_set (orphan, "name", "Orphan");
  qc_record_set (orphan, "project", "00000000-0000-4000-8000-000000000000");
  g_assert_true (qc_store_write_current (f->store, orphan, NULL));
  g_assert_false (qc_store_commit (f->store, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_CONSTRAINT);
  g_clear_error (&error);

  qc_store_get_stats (f->store, &after, NULL);
  after.records[3]--; /* the one good project */
  g_assert_cmpmem (&before, sizeof before, &after, sizeof after);

  /* An unknown id. */
  g_assert_null (qc_store_load (f->store, "no-such-id", &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_NOT_FOUND);
}

static void
test_awkward_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  const char *unicode = "Ошибки ✓ 🚑 مرحبا \"quotes\" 'single' <tags> & \\ back\nline\ttab";

  for (guint i = 0; i < 100000; i++)
    g_string_append (long_text, "0123456789");

  g_autoptr(QcRecord) project = add_record (f->store, &qc_kind_project,
                                            "title", unicode, "aim", long_text->str,
                                            "problem", "", NULL);
  g_autoptr(QcRecord) loaded = qc_store_load (f->store, qc_record_get_id (project), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (qc_record_get (loaded, "title"), ==, unicode);
  g_assert_cmpuint (strlen (qc_record_get (loaded, "aim")), ==, 1000000);
  /* Empty text is "not set". */
  g_assert_null (qc_record_get (loaded, "problem"));

  g_autoptr(GPtrArray) hits = qc_store_search (f->store, "🚑", 10, &error);
  g_assert_no_error (error);

  /* Data points are stored packed: awkward notes survive the trip. */
  {
    g_autoptr(QcRecord) measure = qc_record_new (&qc_kind_measure);
    const char *note = "quote \" backslash \\ tab\t newline\n bell\a ✓ {\"not\":\"json\"}]";
    qc_record_set (measure, "project", qc_record_get_id (project));
    qc_record_set (measure, "name", "Awkward");
    for (guint i = 0; i < 300; i++)
      {
        QcItem *point = qc_record_add_item (measure, "point");
        g_autofree char *date = g_strdup_printf ("2026-01-%02u", 1 + i % 28);
        qc_item_set (point, "date", date);
        qc_item_set (point, "value", "1.5");
        if (i % 7 == 0)
          qc_item_set (point, "text", note);
      }
    qc_store_add (f->store, measure, &error);
    g_assert_no_error (error);
    g_autoptr(QcRecord) back = qc_store_load (f->store, qc_record_get_id (measure), &error);
    g_assert_no_error (error);
    g_assert_true (qc_record_content_equal (measure, back));
    GPtrArray *points = qc_record_get_items (back, "point");
    g_assert_cmpuint (points->len, ==, 300);
    g_assert_cmpstr (qc_item_get (g_ptr_array_index (points, 7), "text"), ==, note);
    g_assert_null (qc_item_get (g_ptr_array_index (points, 8), "text"));
    QcStats stats;
    g_assert_true (qc_store_get_stats (f->store, &stats, NULL));
    g_assert_cmpint (stats.points, ==, 300);
  }

  /* Invalid UTF-8 is refused. */
  qc_record_set (loaded, "aim", "bad \xff\xfe");
  g_assert_false (qc_store_save (f->store, loaded, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_INVALID);
}

static void
test_default_resources (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcRecord) ihi = qc_store_load (f->store, "7ff41eed-48d5-5db5-b57b-7d362834d429", &error);
  g_autoptr(QcRecordList) list = qc_record_list_new (f->store, &qc_kind_resource);

  g_assert_no_error (error);
  g_assert_cmpstr (qc_record_get (ihi, "url"), ==, "http://www.ihi.org/");
  g_assert_cmpstr (qc_record_get_rev (ihi), ==, "1-267703e6f89ce133");
  g_assert_cmpstr (qc_record_get_created (ihi), ==, "2026-11-26T00:00:00.000Z");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
}

static void
test_migration_keeps_data_and_backup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("qc-migrate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *id = NULL;
  g_autofree char *backup = NULL;
  QcStore *store;

  store = qc_store_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (qc_store_get_schema_version (store), ==, 1);
  {
    g_autoptr(QcRecord) project = add_record (store, &qc_kind_project, "title", "Kept", NULL);
    id = g_strdup (qc_record_get_id (project));
  }
  g_object_unref (store);

  store = qc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (qc_store_get_schema_version (store), ==, qc_store_schema_latest ());
  g_assert_nonnull (qc_store_get_last_backup (store));
  backup = g_strdup (qc_store_get_last_backup (store));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr(QcRecord) project = qc_store_load (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (qc_record_get (project, "title"), ==, "Kept");
  }
  g_object_unref (store);

  /* The backup is the old database, whole. */
  store = qc_store_open_at_version (backup, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (qc_store_get_schema_version (store), ==, 1);
  {
    g_autoptr(QcRecord) project = qc_store_load (store, id, &error);
    g_assert_no_error (error);
  }
  g_object_unref (store);
  remove_tree (dir);
}

static void
test_refuses_damaged_and_newer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("qc-damaged-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *contents = NULL;
  QcStore *store;
  sqlite3 *db;

  g_file_set_contents (junk, "This is not a database at all, it is a text file. ....", -1, NULL);
  g_assert_null (qc_store_open (junk, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, junk));
  g_clear_error (&error);
  /* Nothing was reset. */
  g_file_get_contents (junk, &contents, NULL, NULL);
  g_assert_true (g_str_has_prefix (contents, "This is not"));

  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE t (x); PRAGMA user_version = 99", NULL, NULL, NULL);
  sqlite3_close (db);
  g_assert_null (qc_store_open (newer, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_TOO_NEW);
  g_clear_error (&error);

  /* An SQLite file that is not ours. */
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE t (x)", NULL, NULL, NULL);
  sqlite3_close (db);
  store = qc_store_open (other, &error);
  g_assert_null (store);
  g_assert_error (error, QC_ERROR, QC_ERROR_CORRUPT);
  remove_tree (dir);
}

static void
count_changes (GListModel *model, guint position, guint removed, guint added, guint *changes)
{
  (*changes)++;
}

static void
test_lazy_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcRecordList) list = NULL;
  guint changes = 0;

  qc_store_begin (f->store, &error);
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(QcRecord) project = qc_record_new (&qc_kind_project);
      g_autofree char *title = g_strdup_printf ("Project %03u", i);
      g_autofree char *progress = g_strdup_printf ("%u.%u", 1 + i % 4, (i % 2) * 5);
      qc_record_set (project, "title", title);
      qc_record_set (project, "status", i % 5 == 0 ? "idea" : "active");
      qc_record_set (project, "progress", progress);
      qc_record_set (project, "aim", i == 123 ? "unique needle" : "ordinary aim");
      qc_store_add (f->store, project, &error);
      g_assert_no_error (error);
    }
  qc_store_commit (f->store, &error);
  g_assert_no_error (error);

  list = qc_record_list_new (f->store, &qc_kind_project);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 500);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == qc_kind_project.get_type ());
  {
    g_autoptr(QcRecord) last = g_list_model_get_item (G_LIST_MODEL (list), 499);
    g_autoptr(QcRecord) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpstr (qc_record_get (last, "title"), ==, "Project 499");
    g_assert_cmpstr (qc_record_get (first, "title"), ==, "Project 000");
    g_assert_false (qc_record_is_complete (first));
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 500));
  }

  qc_record_list_set_filter (list, "status", "idea");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100);
  qc_record_list_set_filter (list, "status", NULL);

  qc_record_list_set_sort (list, "progress", TRUE);
  {
    g_autoptr(QcRecord) top = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpstr (qc_record_get (top, "progress"), ==, "4.5");
  }

  qc_record_list_set_text (list, "needle");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  qc_record_list_set_text (list, NULL);
  g_assert_cmpint (qc_record_list_find (list, "nope"), ==, -1);

  /* A change in the store reaches the model. */
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &changes);
  g_autoptr(QcRecord) extra = add_record (f->store, &qc_kind_project, "title", "Extra", NULL);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 501);
  /* Other kinds do not disturb it. */
  g_autoptr(QcRecord) person = add_record (f->store, &qc_kind_person, "name", "P", NULL);
  g_assert_cmpuint (changes, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/round-trip-every-kind", test_round_trip_every_kind);
  ADD ("/store/history-update-delete-restore", test_history_on_update_and_delete);
  ADD ("/store/delete-project-takes-measures", test_delete_project_takes_its_measures);
  ADD ("/store/private-edit-keeps-rev", test_private_edit_keeps_rev);
  ADD ("/store/search-every-kind", test_search_every_kind);
  ADD ("/store/clear-errors", test_clear_errors);
  ADD ("/store/awkward-text", test_awkward_text);
  ADD ("/store/default-resources", test_default_resources);
  ADD ("/store/lazy-list", test_lazy_list);
#undef ADD
  g_test_add_func ("/store/migration-keeps-data-and-backup", test_migration_keeps_data_and_backup);
  g_test_add_func ("/store/refuses-damaged-and-newer", test_refuses_damaged_and_newer);

  return g_test_run ();
}
