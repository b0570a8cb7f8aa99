/* Conflicts (src/core/qc-conflicts.c): two coaches edit the same record;
 * the import lists the conflict; the coach keeps one of the two versions;
 * the choice is an ordinary edit that travels with the next export. */
#include "config.h"

#include <glib/gstdio.h>

#include "qc-conflicts.h"
#include "qc-error.h"
#include "qc-exchange-reader.h"
#include "qc-exchange-writer.h"
#include "qc-store-private.h"

typedef struct
{
  char *dir;
  guint n;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("qc-conflicts-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
new_path (Fixture *f, const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("%u%s", ++f->n, suffix);
  return g_build_filename (f->dir, name, NULL);
}

static QcStore *
new_store (Fixture *f, const char *author)
{
  g_autofree char *path = new_path (f, ".db");
  g_autoptr(GError) error = NULL;
  QcStore *store = qc_store_open (path, &error);

  g_assert_no_error (error);
  qc_store_set_author (store, author);
  return store;
}

static char *
export (Fixture *f, QcStore *store)
{
  g_autofree char *path = new_path (f, ".qicoach");
  g_autoptr(GError) error = NULL;

  g_assert_true (qc_exchange_export_file (store, path, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static QcImportReport *
import (QcStore *store, const char *path)
{
  QcImportOptions options = { FALSE };
  QcImportReport *report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (qc_exchange_import_file (store, path, &options, NULL, NULL, NULL, &report, &error));
  g_assert_no_error (error);
  return report;
}

static char *
add_project (QcStore *store, const char *title)
{
  g_autoptr(QcRecord) record = qc_record_new (&qc_kind_project);
  g_autoptr(GError) error = NULL;

  qc_record_set (record, "title", title);
  qc_store_add (store, record, &error);
  g_assert_no_error (error);
  return g_strdup (qc_record_get_id (record));
}

static void
set_field (QcStore *store, const char *id, const char *field, const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QcRecord) record = qc_store_load (store, id, &error);

  g_assert_no_error (error);
  qc_record_set (record, field, value);
  qc_store_save (store, record, &error);
  g_assert_no_error (error);
  /* Edits a few milliseconds apart, so "later" is well defined. */
  g_usleep (3000);
}

static char *
get_field (QcStore *store, const char *id, const char *field)
{
  g_autoptr(QcRecord) record = qc_store_load (store, id, NULL);

  return record ? g_strdup (qc_record_get (record, field)) : NULL;
}

static void
on_changed (QcStore *store, const char *kind, GPtrArray *seen)
{
  g_ptr_array_add (seen, g_strdup (kind));
}

/* A and B share a project, then both change its title (B later) and its
 * aim (only A). Returns the project id; @a has the conflict (B's later
 * edit won) and so does @b (A's edit is set aside). */
static char *
make_conflict (Fixture *f, QcStore *a, QcStore *b)
{
  g_autofree char *id = add_project (a, "Shared project");
  g_autofree char *base = export (f, a);
  g_autoptr(QcImportReport) r0 = import (b, base);
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autoptr(QcImportReport) r1 = NULL;
  g_autoptr(QcImportReport) r2 = NULL;

  set_field (a, id, "title", "Alex's title");
  set_field (a, id, "aim", "Alex's aim");
  set_field (b, id, "title", "Bo's title, later");
  from_a = export (f, a);
  from_b = export (f, b);
  r1 = import (b, from_a);
  g_assert_cmpuint (qc_import_report_get_total (r1, QC_IMPORT_CONFLICT), ==, 1);
  r2 = import (a, from_b);
  g_assert_cmpuint (qc_import_report_get_total (r2, QC_IMPORT_CONFLICT), ==, 1);
  return g_steal_pointer (&id);
}

static void
test_list_and_get (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *id = make_conflict (f, a, b);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(QcConflict) conflict = NULL;
  g_autoptr(GError) error = NULL;
  QcConflict *item;

  list = qc_conflicts_list (a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  item = g_ptr_array_index (list, 0);
  g_assert_true (item->kind == &qc_kind_project);
  g_assert_cmpstr (item->record_id, ==, id);
  g_assert_cmpstr (item->title, ==, "Bo's title, later");
  g_assert_nonnull (item->detected);
  g_assert_null (item->other);
  g_assert_cmpint (qc_conflicts_count (a, NULL, NULL), ==, 1);
  g_assert_cmpint (qc_conflicts_count (a, id, NULL), ==, 1);
  g_assert_cmpint (qc_conflicts_count (a, "00000000-0000-4000-8000-000000000000", NULL), ==, 0);
  none = qc_conflicts_list (a, "00000000-0000-4000-8000-000000000000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  /* Both versions, whole: in A, B's later title is current; A's own
   * version (with its aim) is the one set aside. */
  conflict = qc_conflicts_get (a, item->seq, &error);
  g_assert_no_error (error);
  g_assert_false (conflict->current_deleted);
  g_assert_cmpstr (qc_record_get (conflict->current, "title"), ==, "Bo's title, later");
  g_assert_null (qc_record_get (conflict->current, "aim"));
  g_assert_false (conflict->other->deleted);
  g_assert_cmpstr (qc_record_get (conflict->other->version, "title"), ==, "Alex's title");
  g_assert_cmpstr (qc_record_get (conflict->other->version, "aim"), ==, "Alex's aim");
  g_assert_cmpstr (conflict->other->modified_by, ==, "Alex");
  g_assert_cmpstr (conflict->other->reason, ==, "conflict");

  /* A copy is a deep copy. */
  {
    g_autoptr(QcConflict) copy = qc_conflict_copy (conflict);
    g_assert_cmpint (copy->seq, ==, conflict->seq);
    g_assert_cmpstr (copy->record_id, ==, conflict->record_id);
    g_assert_true (copy->current == conflict->current);
    g_assert_cmpstr (copy->other->rev, ==, conflict->other->rev);
  }

  g_assert_null (qc_conflicts_get (a, 999999, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_NOT_FOUND);
}

static void
test_keep_current (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *id = make_conflict (f, a, b);
  g_autoptr(GPtrArray) list = qc_conflicts_list (a, NULL, NULL);
  g_autoptr(GPtrArray) history_before = qc_store_history (a, id, NULL);
  g_autoptr(GPtrArray) history_after = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 seq = ((QcConflict *) g_ptr_array_index (list, 0))->seq;

  g_signal_connect (a, "changed", G_CALLBACK (on_changed), seen);
  g_assert_true (qc_conflicts_resolve (a, seq, QC_CONFLICT_KEEP_CURRENT, &error));
  g_assert_no_error (error);
  g_assert_cmpint (qc_conflicts_count (a, NULL, NULL), ==, 0);
  /* Nothing edited: the same current version, no new history. */
  title = get_field (a, id, "title");
  g_assert_cmpstr (title, ==, "Bo's title, later");
  history_after = qc_store_history (a, id, NULL);
  g_assert_cmpuint (history_after->len, ==, history_before->len);
  /* Listeners (the banner) hear about it. */
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "project");

  /* Twice: refused, nothing happens. */
  g_assert_false (qc_conflicts_resolve (a, seq, QC_CONFLICT_KEEP_OTHER, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_NOT_FOUND);
  g_free (title);
  title = get_field (a, id, "title");
  g_assert_cmpstr (title, ==, "Bo's title, later");
}

static void
test_keep_other_travels (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *id = make_conflict (f, a, b);
  g_autoptr(GPtrArray) list = qc_conflicts_list (a, id, NULL);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(QcImportReport) report = NULL;
  g_autofree char *title = NULL;
  g_autofree char *aim = NULL;
  g_autofree char *file = NULL;
  g_autofree char *b_title = NULL;
  g_autofree char *b_aim = NULL;
  g_autoptr(QcRecord) mine = NULL;

  /* In A, the coach keeps A's own version after all. */
  g_assert_true (qc_conflicts_resolve (a, ((QcConflict *) g_ptr_array_index (list, 0))->seq,
                                       QC_CONFLICT_KEEP_OTHER, &error));
  g_assert_no_error (error);
  g_assert_cmpint (qc_conflicts_count (a, NULL, NULL), ==, 0);
  title = get_field (a, id, "title");
  aim = get_field (a, id, "aim");
  g_assert_cmpstr (title, ==, "Alex's title");
  g_assert_cmpstr (aim, ==, "Alex's aim");
  /* As a new edit, signed by A, whose replaced version is in history. */
  mine = qc_store_load (a, id, NULL);
  g_assert_cmpstr (qc_record_get_modified_by (mine), ==, "Alex");
  history = qc_store_history (a, id, NULL);
  g_assert_cmpstr (((QcHistoryEntry *) g_ptr_array_index (history, 0))->reason, ==, "restore");

  /* The choice travels: B fast-forwards to it, with no new conflict, and
   * both databases agree. */
  file = export (f, a);
  report = import (b, file);
  g_assert_cmpuint (qc_import_report_get_count (report, &qc_kind_project, QC_IMPORT_UPDATED), ==, 1);
  g_assert_cmpuint (qc_import_report_get_total (report, QC_IMPORT_CONFLICT), ==, 0);
  b_title = get_field (b, id, "title");
  b_aim = get_field (b, id, "aim");
  g_assert_cmpstr (b_title, ==, "Alex's title");
  g_assert_cmpstr (b_aim, ==, "Alex's aim");
  /* B still has its own conflict to review (it saw the same pair). */
  g_assert_cmpint (qc_conflicts_count (b, NULL, NULL), ==, 1);
}

static void
test_keep_other_when_same (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *id = make_conflict (f, a, b);
  g_autoptr(GPtrArray) list = qc_conflicts_list (a, id, NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  QcConflict *item = g_ptr_array_index (list, 0);

  /* The coach already restored the set-aside version from the history. */
  g_assert_true (qc_store_restore (a, id, item->history_seq, &error));
  g_assert_no_error (error);
  before = qc_store_history (a, id, NULL);
  /* Keeping it again is no new edit. */
  g_assert_true (qc_conflicts_resolve (a, item->seq, QC_CONFLICT_KEEP_OTHER, &error));
  g_assert_no_error (error);
  after = qc_store_history (a, id, NULL);
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_cmpint (qc_conflicts_count (a, NULL, NULL), ==, 0);
}

/* One side deletes the record while the other edits it. */
static void
test_deletion_against_edit (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *id = add_project (a, "Shared project");
  g_autofree char *base = export (f, a);
  g_autoptr(QcImportReport) r0 = import (b, base);
  g_autoptr(QcImportReport) r1 = NULL;
  g_autoptr(QcImportReport) r2 = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autoptr(GPtrArray) list_a = NULL;
  g_autoptr(GPtrArray) list_b = NULL;
  g_autoptr(QcConflict) in_a = NULL;
  g_autoptr(QcConflict) in_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  /* A deletes; B edits later, so B's edit wins everywhere. */
  g_assert_true (qc_store_delete (a, id, &error));
  g_assert_no_error (error);
  g_usleep (3000);
  set_field (b, id, "title", "Still going");
  from_a = export (f, a);
  from_b = export (f, b);
  r1 = import (a, from_b);
  r2 = import (b, from_a);
  g_assert_cmpuint (qc_import_report_get_total (r1, QC_IMPORT_CONFLICT), ==, 1);
  g_assert_cmpuint (qc_import_report_get_total (r2, QC_IMPORT_CONFLICT), ==, 1);

  /* In A: the edit is current, A's deletion set aside. */
  list_a = qc_conflicts_list (a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list_a->len, ==, 1);
  g_assert_cmpstr (((QcConflict *) g_ptr_array_index (list_a, 0))->title, ==, "Still going");
  in_a = qc_conflicts_get (a, ((QcConflict *) g_ptr_array_index (list_a, 0))->seq, &error);
  g_assert_no_error (error);
  g_assert_false (in_a->current_deleted);
  g_assert_true (in_a->other->deleted);

  /* Keeping the deletion deletes the record, as an edit. */
  g_assert_true (qc_conflicts_resolve (a, in_a->seq, QC_CONFLICT_KEEP_OTHER, &error));
  g_assert_no_error (error);
  g_assert_true (qc_store_is_deleted (a, id));
  g_assert_cmpint (qc_conflicts_count (a, NULL, NULL), ==, 0);

  /* In B: B's edit is current too (later), the deletion set aside. */
  list_b = qc_conflicts_list (b, NULL, &error);
  g_assert_no_error (error);
  in_b = qc_conflicts_get (b, ((QcConflict *) g_ptr_array_index (list_b, 0))->seq, &error);
  g_assert_no_error (error);
  g_assert_true (in_b->other->deleted);
  g_assert_cmpstr (in_b->title, ==, "Still going");
  g_assert_true (qc_conflicts_resolve (b, in_b->seq, QC_CONFLICT_KEEP_CURRENT, &error));
  g_assert_no_error (error);
  title = get_field (b, id, "title");
  g_assert_cmpstr (title, ==, "Still going");
}

/* The deletion is current; keeping the edit brings the record back. */
static void
test_restore_over_deletion (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *id = add_project (a, "Shared project");
  g_autofree char *base = export (f, a);
  g_autoptr(QcImportReport) r0 = import (b, base);
  g_autoptr(QcImportReport) r1 = NULL;
  g_autofree char *from_b = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(QcConflict) conflict = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  set_field (a, id, "title", "Edited by Alex");
  g_assert_true (qc_store_delete (b, id, &error));
  g_assert_no_error (error);
  from_b = export (f, b);
  r1 = import (a, from_b);
  g_assert_cmpuint (qc_import_report_get_total (r1, QC_IMPORT_CONFLICT), ==, 1);
  g_assert_true (qc_store_is_deleted (a, id));

  list = qc_conflicts_list (a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  /* The record is deleted now: its title comes from the version set aside. */
  g_assert_cmpstr (((QcConflict *) g_ptr_array_index (list, 0))->title, ==, "Edited by Alex");
  conflict = qc_conflicts_get (a, ((QcConflict *) g_ptr_array_index (list, 0))->seq, &error);
  g_assert_no_error (error);
  g_assert_true (conflict->current_deleted);
  g_assert_false (conflict->other->deleted);
  g_assert_true (qc_conflicts_resolve (a, conflict->seq, QC_CONFLICT_KEEP_OTHER, &error));
  g_assert_no_error (error);
  g_assert_false (qc_store_is_deleted (a, id));
  title = get_field (a, id, "title");
  g_assert_cmpstr (title, ==, "Edited by Alex");
}

/* A failure inside resolve leaves everything as it was. */
static void
test_failure_changes_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(QcStore) a = new_store (f, "Alex");
  g_autoptr(QcStore) b = new_store (f, "Bo");
  g_autofree char *id = make_conflict (f, a, b);
  g_autoptr(GPtrArray) list = qc_conflicts_list (a, id, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  sqlite3_stmt *stmt;
  QcConflict *item = g_ptr_array_index (list, 0);

  /* Damage the stored version: the restore cannot read it. */
  g_assert_cmpint (sqlite3_prepare_v2 (qc_store_get_db (a), "UPDATE history SET content = 'not json' WHERE seq = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, item->history_seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_false (qc_conflicts_resolve (a, item->seq, QC_CONFLICT_KEEP_OTHER, &error));
  g_assert_error (error, QC_ERROR, QC_ERROR_CORRUPT);
  g_assert_cmpint (qc_conflicts_count (a, NULL, NULL), ==, 1);
  title = get_field (a, id, "title");
  g_assert_cmpstr (title, ==, "Bo's title, later");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/conflicts/list-and-get", test_list_and_get);
  ADD ("/conflicts/keep-current", test_keep_current);
  ADD ("/conflicts/keep-other-travels", test_keep_other_travels);
  ADD ("/conflicts/keep-other-when-same", test_keep_other_when_same);
  ADD ("/conflicts/deletion-against-edit", test_deletion_against_edit);
  ADD ("/conflicts/restore-over-deletion", test_restore_over_deletion);
  ADD ("/conflicts/failure-changes-nothing", test_failure_changes_nothing);
  return g_test_run ();
}
