#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "qc-core-resources.h"
#include "qc-error.h"
#include "qc-store-private.h"

#define DEFAULT_RESOURCES_PATH "/io/github/qicoach/QICoach/core/default-resources.json"
#define MAX_REVS 20
#define ITEM_BATCH 16
#define SEARCH_BATCH 4096

struct _QcStore
{
  GObject     parent_instance;
  sqlite3    *db;
  char       *path;
  char       *author;
  char       *last_backup;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt */
  GHashTable *sql_text;     /* kind or list -> GPtrArray of its SQL, by variant */
  GHashTable *pending;      /* kind names changed in the open transaction */
  guint       depth;        /* open transactions (outermost + savepoints) */
  guint       schema_version;
  gboolean    defer_search; /* full-text updates go to temp.search_pending */
  guint       search_pending;
};

G_DEFINE_FINAL_TYPE (QcStore, qc_store, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Boxed helpers */

G_DEFINE_BOXED_TYPE (QcHistoryEntry, qc_history_entry, qc_history_entry_copy, qc_history_entry_free)
G_DEFINE_BOXED_TYPE (QcSearchHit, qc_search_hit, qc_search_hit_copy, qc_search_hit_free)

QcHistoryEntry *
qc_history_entry_copy (const QcHistoryEntry *entry)
{
  QcHistoryEntry *copy = g_new0 (QcHistoryEntry, 1);
  copy->seq = entry->seq;
  copy->rev = g_strdup (entry->rev);
  copy->modified = g_strdup (entry->modified);
  copy->modified_by = g_strdup (entry->modified_by);
  copy->reason = g_strdup (entry->reason);
  copy->saved = g_strdup (entry->saved);
  copy->deleted = entry->deleted;
  copy->version = entry->version ? g_object_ref (entry->version) : NULL;
  return copy;
}

void
qc_history_entry_free (QcHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->rev);
  g_free (entry->modified);
  g_free (entry->modified_by);
  g_free (entry->reason);
  g_free (entry->saved);
  g_clear_object (&entry->version);
  g_free (entry);
}

QcSearchHit *
qc_search_hit_copy (const QcSearchHit *hit)
{
  QcSearchHit *copy = g_new0 (QcSearchHit, 1);
  copy->kind = hit->kind;
  copy->id = g_strdup (hit->id);
  copy->title = g_strdup (hit->title);
  copy->snippet = g_strdup (hit->snippet);
  copy->rank = hit->rank;
  return copy;
}

void
qc_search_hit_free (QcSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->id);
  g_free (hit->title);
  g_free (hit->snippet);
  g_free (hit);
}

/* GObject */

static void
qc_store_finalize (GObject *object)
{
  QcStore *self = QC_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->sql_text, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  if (self->db)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->author);
  g_free (self->last_backup);

  G_OBJECT_CLASS (qc_store_parent_class)->finalize (object);
}

static void
qc_store_class_init (QcStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = qc_store_finalize;

  /* Emitted after a committed change, once per kind; the detail is the
   * kind's name. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
qc_store_init (QcStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
  self->sql_text = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

/* SQLite plumbing */

sqlite3 *
qc_store_get_db (QcStore *self)
{
  return self->db;
}

gboolean
qc_store_set_sqlite_error (QcStore *self, int rc, GError **error)
{
  int primary = rc & 0xff;
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (primary)
    {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        g_set_error (error, QC_ERROR, QC_ERROR_CONSTRAINT,
                     _("The change refers to a record that does not exist (%s)"), detail);
      else
        g_set_error (error, QC_ERROR, QC_ERROR_CONSTRAINT,
                     _("The database refused the change (%s)"), detail);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, QC_ERROR, QC_ERROR_CORRUPT,
                   _("The database file %s is damaged or is not a QI Coach database (%s)"),
                   self->path, detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, QC_ERROR, QC_ERROR_DATABASE,
                   _("The disk is full: nothing was saved (%s)"), self->path);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, QC_ERROR, QC_ERROR_DATABASE,
                   _("The database %s is busy in another program; try again"), self->path);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      g_set_error (error, QC_ERROR, QC_ERROR_DATABASE,
                   _("The database %s could not be opened or written (%s)"), self->path, detail);
      break;
    default:
      g_set_error (error, QC_ERROR, QC_ERROR_DATABASE,
                   _("Database error in %s: %s"), self->path, detail);
      break;
    }
  return FALSE;
}

sqlite3_stmt *
qc_store_prepare (QcStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      qc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
exec (QcStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return qc_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return TRUE;
}

/* Steps a statement that returns no rows. */
static gboolean
step_done (QcStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return qc_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* For values that outlive the statement's next step (a record's own). */
static void
bind_static (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static char *
column_dup (sqlite3_stmt *stmt, int index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);
  return (text && *text) ? g_strdup (text) : NULL;
}

/* Transactions */

gboolean
qc_store_begin (QcStore *self, GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (QC_IS_STORE (self), FALSE);
  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT qc_%u", self->depth);
  if (!exec (self, sql, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

static void
emit_pending (QcStore *self)
{
  guint n_kinds;
  g_autofree gpointer *kinds = g_hash_table_get_keys_as_array (self->pending, &n_kinds);

  g_hash_table_steal_all (self->pending);
  for (guint i = 0; i < n_kinds; i++)
    {
      const char *name = kinds[i];
      g_signal_emit (self, signals[SIGNAL_CHANGED], g_quark_from_string (name), name);
    }
}

gboolean
qc_store_commit (QcStore *self, GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);
  if (self->depth == 1)
    {
      if (!exec (self, "COMMIT", error))
        {
          /* A deferred foreign key failing at COMMIT leaves the transaction
           * open: undo it whole so nothing half-done remains. */
          qc_store_rollback (self);
          return FALSE;
        }
      self->depth = 0;
      emit_pending (self);
      return TRUE;
    }
  sql = g_strdup_printf ("RELEASE qc_%u", self->depth - 1);
  if (!exec (self, sql, error))
    return FALSE;
  self->depth--;
  return TRUE;
}

void
qc_store_rollback (QcStore *self)
{
  g_return_if_fail (self->depth > 0);
  if (self->depth == 1)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_hash_table_remove_all (self->pending);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO qc_%u; RELEASE qc_%u",
                                              self->depth - 1, self->depth - 1);
      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
  self->depth--;
}

void
qc_store_note_change (QcStore *self, const QcKind *kind, const char *id)
{
  g_hash_table_add (self->pending, (gpointer) kind->name);
}

/* Opening and upgrading */

char *
qc_store_dup_default_path (void)
{
  const char *env = g_getenv ("QI_COACH_DB");
  if (env && *env)
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "qi-coach", "qi-coach.db", NULL);
}

static gboolean
read_user_version (QcStore *self, guint *version, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (self, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return qc_store_set_sqlite_error (self, rc, error);
    }
  *version = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
database_is_empty (QcStore *self, gboolean *empty, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (self, "SELECT count(*) FROM sqlite_master", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return qc_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
    }
  *empty = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Copies the database, consistently, before an upgrade changes it. */
static gboolean
backup_before_upgrade (QcStore *self, guint from_version, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *backup = g_strdup_printf ("%s.v%u-%s.backup", self->path, from_version, stamp);
  sqlite3_stmt *stmt;

  for (guint n = 2; g_file_test (backup, G_FILE_TEST_EXISTS); n++)
    {
      g_free (backup);
      backup = g_strdup_printf ("%s.v%u-%s-%u.backup", self->path, from_version, stamp, n);
    }

  stmt = qc_store_prepare (self, "VACUUM INTO ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, backup);
  if (!step_done (self, stmt, error))
    {
      g_prefix_error (error, _("Could not back up the database before upgrading it: "));
      return FALSE;
    }
  g_free (self->last_backup);
  self->last_backup = g_steal_pointer (&backup);
  return TRUE;
}

static gboolean seed_default_records (QcStore *self, GError **error);

static gboolean
migrate (QcStore *self, guint from_version, guint to_version, GError **error)
{
  g_autofree char *set_version = NULL;

  if (!qc_store_begin (self, error))
    return FALSE;
  for (guint v = from_version + 1; v <= to_version; v++)
    if (!exec (self, qc_store_schema_step (v), error))
      {
        g_prefix_error (error, _("Upgrading the database to version %u failed: "), v);
        qc_store_rollback (self);
        return FALSE;
      }
  set_version = g_strdup_printf ("PRAGMA user_version = %u", to_version);
  if (!exec (self, set_version, error) ||
      (from_version == 0 && !seed_default_records (self, error)))
    {
      qc_store_rollback (self);
      return FALSE;
    }
  if (!qc_store_commit (self, error))
    return FALSE;
  self->schema_version = to_version;
  return TRUE;
}

/* QI_COACH_TRACE_SQL=1 prints each statement and its time: for finding
 * what a slow view waits for. */
static int
trace_statement (unsigned type, void *data, void *statement, void *nanoseconds)
{
  char *sql = sqlite3_expanded_sql (statement);
  g_printerr ("sql %8.3f ms  %s\n", *(sqlite3_int64 *) nanoseconds / 1e6, sql ? sql : "");
  sqlite3_free (sql);
  return 0;
}

static QcStore *
open_store (const char *path, guint target_version, GError **error)
{
  g_autoptr(QcStore) self = g_object_new (QC_TYPE_STORE, NULL);
  g_autofree char *dir = NULL;
  guint version = 0;
  gboolean empty = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, QC_ERROR, QC_ERROR_DATABASE,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      qc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  if (g_getenv ("QI_COACH_TRACE_SQL") != NULL)
    sqlite3_trace_v2 (self->db, SQLITE_TRACE_PROFILE, trace_statement, NULL);
  sqlite3_busy_timeout (self->db, 5000);

  if (!read_user_version (self, &version, error) ||
      !database_is_empty (self, &empty, error))
    return NULL;

  if (version == 0 && !empty)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_CORRUPT,
                   _("%s is an SQLite file but not a QI Coach database; choose another file"),
                   path);
      return NULL;
    }
  if (version > qc_store_schema_latest ())
    {
      g_set_error (error, QC_ERROR, QC_ERROR_TOO_NEW,
                   _("%s was written by a newer version of QI Coach (database version %u); "
                     "update QI Coach to open it"), path, version);
      return NULL;
    }

  /* A coach's data outlives a power cut. */
  /* One connection per thread (a worker opens its own), so no mutexes;
   * 16 MiB of page cache keeps the id indexes of a large import in memory. */
  if (!exec (self, "PRAGMA cache_size = -16384", error) ||
      !exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  self->schema_version = version;
  if (version < target_version)
    {
      if (version > 0 && !backup_before_upgrade (self, version, error))
        return NULL;
      if (!migrate (self, version, target_version, error))
        return NULL;
    }

  self->author = g_strdup (g_get_real_name ());
  return g_steal_pointer (&self);
}

QcStore *
qc_store_open (const char *path, GError **error)
{
  return open_store (path, qc_store_schema_latest (), error);
}

QcStore *
qc_store_open_at_version (const char *path, guint version, GError **error)
{
  return open_store (path, version, error);
}

const char *
qc_store_get_path (QcStore *self)
{
  return self->path;
}

const char *
qc_store_get_last_backup (QcStore *self)
{
  return self->last_backup;
}

guint
qc_store_get_schema_version (QcStore *self)
{
  return self->schema_version;
}

void
qc_store_set_author (QcStore *self, const char *author)
{
  g_free (self->author);
  self->author = (author && *author) ? g_strdup (author) : NULL;
}

const char *
qc_store_get_author (QcStore *self)
{
  return self->author;
}

/* Reading and writing rows */

const char *
qc_store_select_columns (const QcKind *kind)
{
  static GHashTable *cache;
  static GMutex lock;
  const char *columns;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new (NULL, NULL);
  columns = g_hash_table_lookup (cache, kind);
  if (columns == NULL)
    {
      GString *text = g_string_new ("id, created, modified, modified_by, rev, revs");
      for (guint i = 0; i < kind->n_fields; i++)
        g_string_append_printf (text, ", %s", kind->fields[i].column);
      for (guint c = 0; c < kind->n_collections; c++)
        if (kind->collections[c].packed)
          g_string_append_printf (text, ", %s", kind->collections[c].table);
      columns = g_intern_string (text->str);
      g_string_free (text, TRUE);
      g_hash_table_insert (cache, (gpointer) kind, (gpointer) columns);
    }
  g_mutex_unlock (&lock);
  return columns;
}

/* The SQL of a kind's table and of its lists is built from the constant
 * tables of qc-kind.c once per store, not for every record written. */
enum { KIND_SQL_EXISTS, KIND_SQL_UPSERT, KIND_SQL_SELECT, KIND_SQL_DELETE };
enum { LIST_SQL_DELETE, LIST_SQL_INSERT_1 /* + n - 1 for n rows */ };

typedef char *(*SqlBuilder) (gconstpointer owner, guint variant);

static const char *
cached_sql (QcStore *self, gconstpointer owner, guint variant, SqlBuilder build)
{
  GPtrArray *variants = g_hash_table_lookup (self->sql_text, owner);

  if (variants == NULL)
    {
      variants = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->sql_text, (gpointer) owner, variants);
    }
  if (variants->len <= variant)
    g_ptr_array_set_size (variants, (int) variant + 1);
  if (g_ptr_array_index (variants, variant) == NULL)
    g_ptr_array_index (variants, variant) = build (owner, variant);
  return g_ptr_array_index (variants, variant);
}

static char *
build_kind_sql (gconstpointer owner, guint variant)
{
  const QcKind *kind = owner;
  GString *sql = g_string_new (NULL);

  switch (variant)
    {
    case KIND_SQL_EXISTS:
      g_string_printf (sql, "SELECT 1 FROM %s WHERE id = ?", kind->table);
      break;
    case KIND_SQL_SELECT:
      g_string_printf (sql, "SELECT %s FROM %s WHERE id = ?", qc_store_select_columns (kind), kind->table);
      break;
    case KIND_SQL_DELETE:
      g_string_printf (sql, "DELETE FROM %s WHERE id = ?", kind->table);
      break;
    case KIND_SQL_UPSERT:
      g_string_printf (sql, "INSERT INTO %s (%s) VALUES (?, ?, ?, ?, ?, ?",
                       kind->table, qc_store_select_columns (kind));
      for (guint i = 0; i < kind->n_fields; i++)
        g_string_append (sql, ", ?");
      for (guint c = 0; c < kind->n_collections; c++)
        if (kind->collections[c].packed)
          g_string_append (sql, ", ?");
      g_string_append (sql, ") ON CONFLICT (id) DO UPDATE SET created = excluded.created, "
                            "modified = excluded.modified, modified_by = excluded.modified_by, "
                            "rev = excluded.rev, revs = excluded.revs");
      for (guint i = 0; i < kind->n_fields; i++)
        g_string_append_printf (sql, ", %s = excluded.%s", kind->fields[i].column, kind->fields[i].column);
      for (guint c = 0; c < kind->n_collections; c++)
        if (kind->collections[c].packed)
          g_string_append_printf (sql, ", %s = excluded.%s",
                                  kind->collections[c].table, kind->collections[c].table);
      break;
    default:
      g_assert_not_reached ();
    }
  return g_string_free (sql, FALSE);
}

static char *
build_list_sql (gconstpointer owner, guint variant)
{
  const QcCollection *collection = owner;
  GString *sql = g_string_new (NULL);

  if (variant == LIST_SQL_DELETE)
    {
      g_string_printf (sql, "DELETE FROM %s WHERE record_id = ?", collection->table);
      return g_string_free (sql, FALSE);
    }
  g_string_printf (sql, "INSERT INTO %s (record_id, pos", collection->table);
  for (guint f = 0; f < collection->n_fields; f++)
    g_string_append_printf (sql, ", %s", collection->fields[f].column);
  g_string_append (sql, ") VALUES ");
  for (guint r = 0; r < variant - LIST_SQL_INSERT_1 + 1; r++)
    {
      g_string_append (sql, r ? ", (?, ?" : "(?, ?");
      for (guint f = 0; f < collection->n_fields; f++)
        g_string_append (sql, ", ?");
      g_string_append_c (sql, ')');
    }
  return g_string_free (sql, FALSE);
}

static gboolean
load_collections (QcStore *self, QcRecord *record, GError **error)
{
  const QcKind *kind = qc_record_get_kind (record);

  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      g_autoptr(GString) sql = g_string_new ("SELECT ");
      GPtrArray *items = qc_record_get_items (record, collection->name);
      sqlite3_stmt *stmt;
      int rc;

      if (collection->packed)
        continue;
      for (guint f = 0; f < collection->n_fields; f++)
        g_string_append_printf (sql, "%s%s", f ? ", " : "", collection->fields[f].column);
      g_string_append_printf (sql, " FROM %s WHERE record_id = ? ORDER BY pos", collection->table);

      stmt = qc_store_prepare (self, sql->str, error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, qc_record_get_id (record));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          QcItem *item = qc_item_new (collection);
          for (guint f = 0; f < collection->n_fields; f++)
            item->values[f] = column_dup (stmt, f);
          g_ptr_array_add (items, item);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return qc_store_set_sqlite_error (self, rc, error);
    }
  return TRUE;
}

/* A packed list is a JSON array of objects, one member per set field,
 * as in the record's canonical JSON. */
static char *
encode_packed (const QcCollection *collection, GPtrArray *items)
{
  GString *text;

  if (items->len == 0)
    return NULL;
  text = g_string_sized_new (items->len * 64);
  g_string_append_c (text, '[');
  for (guint j = 0; j < items->len; j++)
    {
      QcItem *item = g_ptr_array_index (items, j);
      gboolean first = TRUE;

      g_string_append (text, j ? ",{" : "{");
      for (guint f = 0; f < collection->n_fields; f++)
        {
          const char *value = item->values[f];
          if (value == NULL)
            continue;
          g_string_append_printf (text, first ? "\"%s\":\"" : ",\"%s\":\"", collection->fields[f].name);
          first = FALSE;
          for (const char *p = value; *p; p++)
            {
              if (*p == '"' || *p == '\\')
                {
                  g_string_append_c (text, '\\');
                  g_string_append_c (text, *p);
                }
              else if ((guchar) *p < 0x20)
                g_string_append_printf (text, "\\u%04x", (guchar) *p);
              else
                g_string_append_c (text, *p);
            }
          g_string_append_c (text, '"');
        }
      g_string_append_c (text, '}');
    }
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

/* Reads a JSON string at *p (just after its opening quote) into @out. */
static gboolean
scan_string (const char **p, GString *out)
{
  const char *c = *p;

  g_string_truncate (out, 0);
  for (;;)
    {
      const char *run = c;
      while (*c != '"' && *c != '\\' && *c != '\0')
        c++;
      g_string_append_len (out, run, c - run);
      if (*c == '"')
        break;
      if (*c == '\0' || c[1] == '\0')
        return FALSE;
      c++;
      switch (*c)
        {
        case '"': case '\\': case '/': g_string_append_c (out, *c); c++; break;
        case 'n': g_string_append_c (out, '\n'); c++; break;
        case 't': g_string_append_c (out, '\t'); c++; break;
        case 'r': g_string_append_c (out, '\r'); c++; break;
        case 'b': g_string_append_c (out, '\b'); c++; break;
        case 'f': g_string_append_c (out, '\f'); c++; break;
        case 'u':
          {
            char hex[5] = { 0 };
            guint64 code;
            memcpy (hex, c + 1, 4);
            if (strlen (hex) != 4 || !g_ascii_string_to_unsigned (hex, 16, 0, 0xffff, &code, NULL) ||
                (code >= 0xd800 && code <= 0xdfff))
              return FALSE;
            g_string_append_unichar (out, (gunichar) code);
            c += 5;
            break;
          }
        default:
          return FALSE;
        }
    }
  *p = c + 1;
  return TRUE;
}

/* The packed lists this store writes: [{"name":"text",...},...] with
 * string values only. Faster than a general parser by a wide margin on a
 * measure's hundreds of points; anything else is refused. */
static gboolean
scan_packed (const QcCollection *collection, const char *text, GPtrArray *items)
{
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);
  const char *p = text;

  if (*p++ != '[')
    return FALSE;
  if (*p == ']')
    return p[1] == '\0';
  for (;;)
    {
      QcItem *item;

      if (*p++ != '{')
        return FALSE;
      item = qc_item_new (collection);
      g_ptr_array_add (items, item);
      while (*p != '}')
        {
          guint index;
          if (*p++ != '"' || !scan_string (&p, key) || *p++ != ':' ||
              *p++ != '"' || !scan_string (&p, value))
            return FALSE;
          if (qc_collection_find_field (collection, key->str, &index) != NULL)
            {
              g_free (item->values[index]);
              item->values[index] = g_strndup (value->str, value->len);
            }
          if (*p == ',')
            p++;
          else if (*p != '}')
            return FALSE;
        }
      p++;
      if (*p == ']')
        return p[1] == '\0';
      if (*p++ != ',')
        return FALSE;
    }
}

static gboolean
decode_packed (QcStore *self, const QcCollection *collection, const char *text,
               GPtrArray *items, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *array;

  if (text == NULL || *text == '\0')
    return TRUE;
  if (scan_packed (collection, text, items))
    return TRUE;

  /* Not in the form this store writes: read it as any JSON. */
  g_ptr_array_set_size (items, 0);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_CORRUPT,
                   _("The %s stored in %s are damaged"), _(collection->label), self->path);
      return FALSE;
    }
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint j = 0; j < json_array_get_length (array); j++)
    {
      JsonNode *node = json_array_get_element (array, j);
      QcItem *item = qc_item_new (collection);
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);
          for (guint f = 0; f < collection->n_fields; f++)
            {
              JsonNode *member = json_object_get_member (object, collection->fields[f].name);
              if (member && JSON_NODE_HOLDS_VALUE (member) &&
                  json_node_get_value_type (member) == G_TYPE_STRING)
                item->values[f] = g_strdup (json_node_get_string (member));
            }
        }
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

/* Reads the record's own row; with @packed, also the lists kept in it. */
static QcRecord *
read_row (QcStore *self, const QcKind *kind, sqlite3_stmt *stmt, gboolean packed, GError **error)
{
  g_autoptr(QcRecord) record = qc_record_new (kind);
  int column = 6 + (int) kind->n_fields;
  g_autofree char *id = column_dup (stmt, 0);
  g_autofree char *created = column_dup (stmt, 1);
  g_autofree char *modified = column_dup (stmt, 2);
  g_autofree char *modified_by = column_dup (stmt, 3);
  g_autofree char *rev = column_dup (stmt, 4);
  g_autofree char *revs = column_dup (stmt, 5);

  qc_record_set_id (record, id);
  qc_record_set_created (record, created);
  qc_record_set_modified (record, modified);
  qc_record_set_modified_by (record, modified_by);
  qc_record_set_rev (record, rev);
  qc_record_set_revs (record, revs);
  for (guint i = 0; i < kind->n_fields; i++)
    qc_record_set_at (record, i, (const char *) sqlite3_column_text (stmt, 6 + i));

  for (guint c = 0; packed && c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      if (!collection->packed)
        continue;
      if (!decode_packed (self, collection, (const char *) sqlite3_column_text (stmt, column++),
                          qc_record_get_items (record, collection->name), error))
        return NULL;
    }
  return g_steal_pointer (&record);
}

QcRecord *
qc_store_record_from_row (QcStore      *self,
                          const QcKind *kind,
                          sqlite3_stmt *stmt,
                          QcLoadMode    mode,
                          GError      **error)
{
  g_autoptr(QcRecord) record = read_row (self, kind, stmt, mode == QC_LOAD_FULL, error);

  if (record == NULL)
    return NULL;
  if (mode == QC_LOAD_FULL)
    {
      if (!load_collections (self, record, error))
        return NULL;
    }
  qc_record_set_complete (record, mode == QC_LOAD_FULL);
  return g_steal_pointer (&record);
}

QcRecord *
qc_store_load_current (QcStore      *self,
                       const QcKind *kind,
                       const char   *id,
                       QcLoadMode    mode,
                       GError      **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (self, cached_sql (self, kind, KIND_SQL_SELECT, build_kind_sql),
                                         error);
  QcRecord *record;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND,
                   _("There is no %s with id %s"), _(kind->label), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      qc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  /* Lists in tables are read with other statements: copy this row first. */
  record = read_row (self, kind, stmt, mode == QC_LOAD_FULL, error);
  sqlite3_reset (stmt);
  if (record != NULL)
    qc_record_set_complete (record, FALSE);
  if (record != NULL && mode == QC_LOAD_FULL)
    {
      if (!load_collections (self, record, error))
        {
          g_object_unref (record);
          return NULL;
        }
      qc_record_set_complete (record, TRUE);
    }
  return record;
}

static void
append_search_text (GString *body, const QcField *field, const char *value)
{
  if (value == NULL || !field->searchable)
    return;
  if (body->len)
    g_string_append_c (body, '\n');
  g_string_append (body, value);
}

static gint64
registry_seq (QcStore *self, const QcKind *kind, const char *id, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (self,
    "INSERT INTO records (id, kind) VALUES (?, ?) "
    "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind RETURNING seq", error);
  gint64 seq;

  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, kind->name);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      qc_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return -1;
    }
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

static gboolean
flush_search_index (QcStore *self, GError **error)
{
  self->search_pending = 0;
  return exec (self, "DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM temp.search_pending);"
                     "INSERT INTO search_index (rowid, title, body) "
                     "  SELECT rowid, title, body FROM temp.search_pending WHERE title IS NOT NULL;"
                     "DELETE FROM temp.search_pending", error);
}

static gboolean
index_for_search (QcStore *self, QcRecord *record, gint64 seq, GError **error)
{
  const QcKind *kind = qc_record_get_kind (record);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = qc_record_dup_title (record);
  sqlite3_stmt *stmt;

  for (guint i = 0; i < kind->n_fields; i++)
    if (!g_str_equal (kind->fields[i].name, kind->title_field))
      append_search_text (body, &kind->fields[i], qc_record_get (record, kind->fields[i].name));
  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      GPtrArray *items = qc_record_get_items (record, collection->name);
      for (guint j = 0; j < items->len; j++)
        {
          QcItem *item = g_ptr_array_index (items, j);
          for (guint f = 0; f < collection->n_fields; f++)
            append_search_text (body, &collection->fields[f], item->values[f]);
        }
    }

  if (self->defer_search)
    {
      stmt = qc_store_prepare (self, "INSERT OR REPLACE INTO temp.search_pending (rowid, title, body) "
                                     "VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, seq);
      bind_text (stmt, 2, title);
      bind_text (stmt, 3, body->str);
      if (!step_done (self, stmt, error))
        return FALSE;
      /* Applied in batches, so the pending table stays small. */
      if (++self->search_pending < SEARCH_BATCH)
        return TRUE;
      return flush_search_index (self, error);
    }

  stmt = qc_store_prepare (self, "DELETE FROM search_index WHERE rowid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = qc_store_prepare (self, "INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  bind_text (stmt, 2, title);
  bind_text (stmt, 3, body->str);
  return step_done (self, stmt, error);
}

gboolean
qc_store_write_current (QcStore *self, QcRecord *record, GError **error)
{
  const QcKind *kind = qc_record_get_kind (record);
  const char *id = qc_record_get_id (record);
  sqlite3_stmt *stmt;
  gboolean existed;
  gint64 seq;

  g_return_val_if_fail (qc_record_is_complete (record), FALSE);

  stmt = qc_store_prepare (self, cached_sql (self, kind, KIND_SQL_EXISTS, build_kind_sql), error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  existed = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  stmt = qc_store_prepare (self, cached_sql (self, kind, KIND_SQL_UPSERT, build_kind_sql), error);
  if (stmt == NULL)
    return FALSE;
  bind_static (stmt, 1, id);
  bind_static (stmt, 2, qc_record_get_created (record));
  bind_static (stmt, 3, qc_record_get_modified (record));
  bind_static (stmt, 4, qc_record_get_modified_by (record));
  bind_static (stmt, 5, qc_record_get_rev (record));
  bind_static (stmt, 6, qc_record_get_revs (record));
  for (guint i = 0; i < kind->n_fields; i++)
    bind_static (stmt, 7 + i, qc_record_get_at (record, i));
  for (guint c = 0, column = 7 + kind->n_fields; c < kind->n_collections; c++)
    if (kind->collections[c].packed)
      {
        const QcCollection *collection = &kind->collections[c];
        char *packed = encode_packed (collection, qc_record_get_items (record, collection->name));
        if (packed)
          sqlite3_bind_text (stmt, (int) column++, packed, -1, g_free);
        else
          sqlite3_bind_null (stmt, (int) column++);
      }
  if (!step_done (self, stmt, error))
    return FALSE;

  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      GPtrArray *items = qc_record_get_items (record, collection->name);

      if (collection->packed)
        continue;

      /* A record that was not there has no list rows yet (they cascade
       * with it): no need to delete them. */
      if (existed)
        {
          stmt = qc_store_prepare (self, cached_sql (self, collection, LIST_SQL_DELETE, build_list_sql),
                                   error);
          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, id);
          if (!step_done (self, stmt, error))
            return FALSE;
        }

      /* Up to ITEM_BATCH items per statement: far fewer statements (and
       * statement journals) for a measure's points. */
      for (guint start = 0; start < items->len; start += ITEM_BATCH)
        {
          guint n = MIN (ITEM_BATCH, items->len - start);
          int param = 1;

          stmt = qc_store_prepare (self, cached_sql (self, collection, LIST_SQL_INSERT_1 + n - 1,
                                                     build_list_sql), error);
          if (stmt == NULL)
            return FALSE;
          for (guint r = 0; r < n; r++)
            {
              QcItem *item = g_ptr_array_index (items, start + r);
              bind_static (stmt, param++, id);
              sqlite3_bind_int (stmt, param++, (int) (start + r));
              for (guint f = 0; f < collection->n_fields; f++)
                bind_static (stmt, param++, item->values[f]);
            }
          if (!step_done (self, stmt, error))
            return FALSE;
        }
    }

  seq = registry_seq (self, kind, id, error);
  if (seq < 0 || !index_for_search (self, record, seq, error))
    return FALSE;
  qc_store_note_change (self, kind, id);
  return TRUE;
}

gboolean
qc_store_remove_current (QcStore *self, const QcKind *kind, const char *id, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (self, cached_sql (self, kind, KIND_SQL_DELETE, build_kind_sql),
                                         error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (self->defer_search)
    stmt = qc_store_prepare (self, "INSERT OR REPLACE INTO temp.search_pending (rowid, title, body) "
                                   "SELECT seq, NULL, NULL FROM records WHERE id = ?", error);
  else
    stmt = qc_store_prepare (self, "DELETE FROM search_index WHERE rowid = "
                                   "(SELECT seq FROM records WHERE id = ?)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;
  qc_store_note_change (self, kind, id);
  return TRUE;
}

/* Bulk writes (an import) inside one transaction: FTS5 writes a new index
 * segment whenever a statement of a long transaction opens a savepoint,
 * that is for almost every row. Deferred, the index updates are kept in a
 * temporary table and applied in two statements when @defer is turned off
 * before the transaction ends. */
gboolean
qc_store_defer_search_index (QcStore *self, gboolean defer, GError **error)
{
  if (defer)
    {
      if (!exec (self, "CREATE TEMP TABLE IF NOT EXISTS search_pending ("
                       "rowid INTEGER PRIMARY KEY, title TEXT, body TEXT)", error))
        return FALSE;
      self->defer_search = TRUE;
      self->search_pending = 0;
      return TRUE;
    }
  if (!self->defer_search)
    return TRUE;
  self->defer_search = FALSE;
  /* After a rollback there is nothing left to apply. */
  if (self->depth == 0)
    return TRUE;
  return flush_search_index (self, error);
}

QcRecord *
qc_store_load_tombstone (QcStore *self, const char *id, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (self,
    "SELECT kind, created, modified, modified_by, rev, revs FROM tombstones WHERE id = ?", error);
  g_autoptr(QcRecord) tombstone = NULL;
  const QcKind *kind;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND, _("No deleted record has id %s"), id);
      else
        qc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  kind = qc_kind_lookup ((const char *) sqlite3_column_text (stmt, 0));
  if (kind == NULL)
    {
      sqlite3_reset (stmt);
      g_set_error (error, QC_ERROR, QC_ERROR_CORRUPT, _("The deleted record %s has an unknown kind"), id);
      return NULL;
    }
  tombstone = qc_record_new (kind);
  qc_record_set_id (tombstone, id);
  qc_record_set_created (tombstone, (const char *) sqlite3_column_text (stmt, 1));
  qc_record_set_modified (tombstone, (const char *) sqlite3_column_text (stmt, 2));
  qc_record_set_modified_by (tombstone, (const char *) sqlite3_column_text (stmt, 3));
  qc_record_set_rev (tombstone, (const char *) sqlite3_column_text (stmt, 4));
  qc_record_set_revs (tombstone, (const char *) sqlite3_column_text (stmt, 5));
  sqlite3_reset (stmt);
  return g_steal_pointer (&tombstone);
}

gboolean
qc_store_write_tombstone (QcStore *self, QcRecord *tombstone, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (self,
    "INSERT OR REPLACE INTO tombstones (id, kind, created, modified, modified_by, rev, revs) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  const QcKind *kind = qc_record_get_kind (tombstone);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, qc_record_get_id (tombstone));
  bind_text (stmt, 2, kind->name);
  bind_text (stmt, 3, qc_record_get_created (tombstone));
  bind_text (stmt, 4, qc_record_get_modified (tombstone));
  bind_text (stmt, 5, qc_record_get_modified_by (tombstone));
  bind_text (stmt, 6, qc_record_get_rev (tombstone));
  bind_text (stmt, 7, qc_record_get_revs (tombstone));
  if (!step_done (self, stmt, error))
    return FALSE;
  if (registry_seq (self, kind, qc_record_get_id (tombstone), error) < 0)
    return FALSE;
  qc_store_note_change (self, kind, qc_record_get_id (tombstone));
  return TRUE;
}

gboolean
qc_store_remove_tombstone (QcStore *self, const char *id, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (self, "DELETE FROM tombstones WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  return step_done (self, stmt, error);
}

gint64
qc_store_add_history (QcStore    *self,
                      QcRecord   *version,
                      gboolean    deleted,
                      const char *reason,
                      GError    **error)
{
  g_autoptr(JsonNode) node = qc_record_to_json (version, QC_JSON_META | QC_JSON_PRIVATE);
  g_autofree char *content = json_to_string (node, FALSE);
  g_autofree char *now = qc_timestamp_now ();
  sqlite3_stmt *stmt = qc_store_prepare (self,
    "INSERT INTO history (record_id, kind, rev, modified, modified_by, deleted, reason, saved, content) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, qc_record_get_id (version));
  bind_text (stmt, 2, qc_record_get_kind (version)->name);
  bind_text (stmt, 3, qc_record_get_rev (version));
  bind_text (stmt, 4, qc_record_get_modified (version));
  bind_text (stmt, 5, qc_record_get_modified_by (version));
  sqlite3_bind_int (stmt, 6, deleted ? 1 : 0);
  bind_text (stmt, 7, reason);
  bind_text (stmt, 8, now);
  bind_text (stmt, 9, content);
  if (!step_done (self, stmt, error))
    return -1;
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
qc_store_add_conflict (QcStore *self, QcRecord *record, gint64 history_seq, GError **error)
{
  g_autofree char *now = qc_timestamp_now ();
  sqlite3_stmt *stmt = qc_store_prepare (self,
    "INSERT INTO conflicts (record_id, kind, history_seq, detected) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, qc_record_get_id (record));
  bind_text (stmt, 2, qc_record_get_kind (record)->name);
  sqlite3_bind_int64 (stmt, 3, history_seq);
  bind_text (stmt, 4, now);
  return step_done (self, stmt, error);
}

/* Public record API */

const QcKind *
qc_store_lookup_kind (QcStore *self, const char *id)
{
  sqlite3_stmt *stmt = qc_store_prepare (self, "SELECT kind FROM records WHERE id = ?", NULL);
  const QcKind *kind = NULL;

  if (stmt == NULL || id == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    kind = qc_kind_lookup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return kind;
}

gboolean
qc_store_is_deleted (QcStore *self, const char *id)
{
  sqlite3_stmt *stmt = qc_store_prepare (self, "SELECT 1 FROM tombstones WHERE id = ?", NULL);
  gboolean deleted;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  deleted = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return deleted;
}

/* The kind of a record that exists and is not deleted. */
static const QcKind *
lookup_live_kind (QcStore *self, const char *id, GError **error)
{
  const QcKind *kind = qc_store_lookup_kind (self, id);

  if (kind == NULL)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND, _("No record has id “%s”"), id);
      return NULL;
    }
  if (qc_store_is_deleted (self, id))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND,
                   _("The %s %s was deleted; its versions are in its history"), _(kind->label), id);
      return NULL;
    }
  return kind;
}

QcRecord *
qc_store_load (QcStore *self, const char *id, GError **error)
{
  const QcKind *kind;

  g_return_val_if_fail (QC_IS_STORE (self), NULL);

  kind = lookup_live_kind (self, id, error);
  if (kind == NULL)
    return NULL;
  return qc_store_load_current (self, kind, id, QC_LOAD_FULL, error);
}

/* Local edits must point at records that exist; imported files may carry
 * references to records the coach does not have, which are kept. */
static gboolean
check_reference (QcStore *self, QcRecord *record, const QcField *field, const char *value,
                 GError **error)
{
  const QcKind *target;

  if (value == NULL || g_strcmp0 (field->ref_kind, "driver") == 0)
    return TRUE;
  target = qc_store_lookup_kind (self, value);
  if (target == NULL || !g_str_equal (target->name, field->ref_kind) ||
      qc_store_is_deleted (self, value))
    {
      const QcKind *wanted = qc_kind_lookup (field->ref_kind);
      g_set_error (error, QC_ERROR, QC_ERROR_CONSTRAINT,
                   _("Field “%s”: there is no %s with id %s"),
                   field->name, wanted ? _(wanted->label) : field->ref_kind, value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
item_value_in (GPtrArray *items, guint field, const char *value)
{
  for (guint j = 0; items && j < items->len; j++)
    if (g_strcmp0 (((QcItem *) g_ptr_array_index (items, j))->values[field], value) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
check_driver_reference (QcStore *self, QcRecord *record, QcRecord *old, GError **error)
{
  const char *change_idea;
  g_autoptr(QcRecord) project = NULL;
  GPtrArray *drivers;

  if (qc_record_get_kind (record) != &qc_kind_pdsa)
    return TRUE;
  change_idea = qc_record_get (record, "change-idea");
  if (change_idea == NULL || (old && g_strcmp0 (qc_record_get (old, "change-idea"), change_idea) == 0))
    return TRUE;
  project = qc_store_load_current (self, &qc_kind_project, qc_record_get (record, "project"),
                                   QC_LOAD_FULL, NULL);
  drivers = project ? qc_record_get_items (project, "driver") : NULL;
  if (!item_value_in (drivers, 0, change_idea))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_CONSTRAINT,
                   _("Field “change-idea”: the project has no driver with id %s"), change_idea);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_references (QcStore *self, QcRecord *record, QcRecord *old, GError **error)
{
  const QcKind *kind = qc_record_get_kind (record);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const QcField *field = &kind->fields[i];
      const char *value = qc_record_get (record, field->name);
      if (field->type != QC_FIELD_REF)
        continue;
      if (old && g_strcmp0 (value, qc_record_get (old, field->name)) == 0)
        continue;
      if (!check_reference (self, record, field, value, error))
        return FALSE;
    }
  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      GPtrArray *items = qc_record_get_items (record, collection->name);
      GPtrArray *old_items = old ? qc_record_get_items (old, collection->name) : NULL;
      for (guint f = 0; f < collection->n_fields; f++)
        {
          const QcField *field = &collection->fields[f];
          if (field->type != QC_FIELD_REF)
            continue;
          for (guint j = 0; j < items->len; j++)
            {
              const char *value = ((QcItem *) g_ptr_array_index (items, j))->values[f];
              if (item_value_in (old_items, f, value))
                continue;
              if (g_str_equal (field->ref_kind, "driver"))
                {
                  /* A driver's parent must be another driver of the same project. */
                  if (value && !item_value_in (items, 0, value))
                    {
                      g_set_error (error, QC_ERROR, QC_ERROR_CONSTRAINT,
                                   _("Driver %u: its parent %s is not a driver of this project"),
                                   j + 1, value);
                      return FALSE;
                    }
                  continue;
                }
              if (!check_reference (self, record, field, value, error))
                return FALSE;
            }
        }
    }
  return check_driver_reference (self, record, old, error);
}

/* Items that are records in all but name (drivers, actions) need ids. */
static void
fill_item_ids (QcRecord *record)
{
  const QcKind *kind = qc_record_get_kind (record);

  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      GPtrArray *items = qc_record_get_items (record, collection->name);
      for (guint f = 0; f < collection->n_fields; f++)
        {
          if (collection->fields[f].type != QC_FIELD_UUID)
            continue;
          for (guint j = 0; j < items->len; j++)
            {
              QcItem *item = g_ptr_array_index (items, j);
              if (item->values[f] == NULL)
                item->values[f] = qc_uuid_new ();
            }
        }
    }
}

static void
normalize_values (QcRecord *record)
{
  const QcKind *kind = qc_record_get_kind (record);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const QcField *field = &kind->fields[i];
      const char *value = qc_record_get (record, field->name);
      if (value && qc_field_validate (field, value, NULL))
        {
          g_autofree char *normal = qc_field_normalize (field, value);
          qc_record_set (record, field->name, normal);
        }
    }
  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      GPtrArray *items = qc_record_get_items (record, collection->name);
      for (guint j = 0; j < items->len; j++)
        {
          QcItem *item = g_ptr_array_index (items, j);
          for (guint f = 0; f < collection->n_fields; f++)
            if (item->values[f] && qc_field_validate (&collection->fields[f], item->values[f], NULL))
              {
                char *normal = qc_field_normalize (&collection->fields[f], item->values[f]);
                g_free (item->values[f]);
                item->values[f] = normal;
              }
        }
    }
}

static char *
revs_after (QcRecord *parent)
{
  const char *rev = qc_record_get_rev (parent);
  const char *revs = qc_record_get_revs (parent);
  g_autofree char *joined = revs ? g_strconcat (rev, " ", revs, NULL) : g_strdup (rev);
  g_auto(GStrv) parts = g_strsplit (joined, " ", MAX_REVS + 1);

  if (g_strv_length (parts) > MAX_REVS)
    {
      g_free (parts[MAX_REVS]);
      parts[MAX_REVS] = NULL;
    }
  return g_strjoinv (" ", parts);
}

gboolean
qc_store_add (QcStore *self, QcRecord *record, GError **error)
{
  g_autofree char *now = qc_timestamp_now ();
  g_autofree char *rev = NULL;
  const char *id;

  g_return_val_if_fail (QC_IS_STORE (self), FALSE);
  g_return_val_if_fail (QC_IS_RECORD (record), FALSE);

  if (qc_record_get_id (record) == NULL)
    {
      g_autofree char *new_id = qc_uuid_new ();
      qc_record_set_id (record, new_id);
    }
  id = qc_record_get_id (record);
  if (!qc_is_uuid (id))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("“%s” is not a record id (a lower-case UUID)"), id);
      return FALSE;
    }
  fill_item_ids (record);
  normalize_values (record);
  if (!qc_record_validate (record, error))
    return FALSE;

  if (!qc_store_begin (self, error))
    return FALSE;
  if (qc_store_lookup_kind (self, id) != NULL)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_CONSTRAINT,
                   _("A record with id %s already exists"), id);
      qc_store_rollback (self);
      return FALSE;
    }
  if (!check_references (self, record, NULL, error))
    {
      qc_store_rollback (self);
      return FALSE;
    }

  qc_record_set_created (record, now);
  qc_record_set_modified (record, now);
  qc_record_set_modified_by (record, self->author);
  rev = qc_record_compute_rev (record, NULL);
  qc_record_set_rev (record, rev);
  qc_record_set_revs (record, NULL);

  if (!qc_store_write_current (self, record, error))
    {
      qc_store_rollback (self);
      return FALSE;
    }
  return qc_store_commit (self, error);
}

/* The next timestamp for an edit: never earlier than the version it
 * replaces, so "later modified wins" agrees with the order of edits even
 * when clocks differ a little. */
static char *
next_timestamp (QcRecord *old)
{
  g_autofree char *now = qc_timestamp_now ();
  const char *previous = qc_record_get_modified (old);
  if (previous && strcmp (now, previous) <= 0)
    return g_strdup (previous);
  return g_steal_pointer (&now);
}

gboolean
qc_store_save (QcStore *self, QcRecord *record, GError **error)
{
  g_autoptr(QcRecord) old = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  const QcKind *kind;
  const char *id;

  g_return_val_if_fail (QC_IS_STORE (self), FALSE);
  g_return_val_if_fail (QC_IS_RECORD (record), FALSE);
  g_return_val_if_fail (qc_record_is_complete (record), FALSE);

  kind = qc_record_get_kind (record);
  id = qc_record_get_id (record);
  fill_item_ids (record);
  normalize_values (record);
  if (!qc_record_validate (record, error))
    return FALSE;

  if (!qc_store_begin (self, error))
    return FALSE;
  old = qc_store_load_current (self, kind, id, QC_LOAD_FULL, error);
  if (old == NULL)
    {
      if (qc_store_is_deleted (self, id))
        {
          g_clear_error (error);
          g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND,
                       _("This %s was deleted meanwhile; restore it from its history first"),
                       _(kind->label));
        }
      qc_store_rollback (self);
      return FALSE;
    }
  if (qc_record_content_equal (old, record))
    {
      qc_store_rollback (self);
      return TRUE;
    }
  if (!check_references (self, record, old, error) ||
      qc_store_add_history (self, old, FALSE, "edit", error) < 0)
    {
      qc_store_rollback (self);
      return FALSE;
    }

  qc_record_set_created (record, qc_record_get_created (old));
  old_text = qc_record_canonical_text (old);
  new_text = qc_record_canonical_text (record);
  if (g_str_equal (old_text, new_text))
    {
      /* Only private fields changed: they never travel, so the shared
       * version (rev, modified) stays as it is. */
      qc_record_set_modified (record, qc_record_get_modified (old));
      qc_record_set_modified_by (record, qc_record_get_modified_by (old));
      qc_record_set_rev (record, qc_record_get_rev (old));
      qc_record_set_revs (record, qc_record_get_revs (old));
    }
  else
    {
      g_autofree char *modified = next_timestamp (old);
      g_autofree char *rev = qc_record_compute_rev (record, qc_record_get_rev (old));
      g_autofree char *revs = revs_after (old);
      qc_record_set_modified (record, modified);
      qc_record_set_modified_by (record, self->author);
      qc_record_set_rev (record, rev);
      qc_record_set_revs (record, revs);
    }

  if (!qc_store_write_current (self, record, error))
    {
      qc_store_rollback (self);
      return FALSE;
    }
  return qc_store_commit (self, error);
}

static gboolean
delete_one (QcStore *self, const QcKind *kind, const char *id, GError **error)
{
  g_autoptr(QcRecord) old = qc_store_load_current (self, kind, id, QC_LOAD_FULL, error);
  g_autoptr(QcRecord) tombstone = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *revs = NULL;

  if (old == NULL)
    return FALSE;
  if (qc_store_add_history (self, old, FALSE, "delete", error) < 0)
    return FALSE;

  tombstone = qc_record_new (kind);
  qc_record_set_id (tombstone, id);
  modified = next_timestamp (old);
  rev = qc_record_compute_rev (tombstone, qc_record_get_rev (old));
  revs = revs_after (old);
  qc_record_set_created (tombstone, qc_record_get_created (old));
  qc_record_set_modified (tombstone, modified);
  qc_record_set_modified_by (tombstone, self->author);
  qc_record_set_rev (tombstone, rev);
  qc_record_set_revs (tombstone, revs);

  return qc_store_remove_current (self, kind, id, error) &&
         qc_store_write_tombstone (self, tombstone, error);
}

gboolean
qc_store_delete (QcStore *self, const char *id, GError **error)
{
  const QcKind *kind;

  g_return_val_if_fail (QC_IS_STORE (self), FALSE);

  kind = lookup_live_kind (self, id, error);
  if (kind == NULL)
    return FALSE;
  if (!qc_store_begin (self, error))
    return FALSE;

  if (kind == &qc_kind_project)
    {
      /* A project's measures and cycles live inside it. */
      const QcKind *children[] = { &qc_kind_measure, &qc_kind_pdsa };
      for (guint k = 0; k < G_N_ELEMENTS (children); k++)
        {
          g_autoptr(GPtrArray) ids = qc_store_list_ids (self, children[k], id, error);
          if (ids == NULL)
            goto fail;
          for (guint i = 0; i < ids->len; i++)
            if (!delete_one (self, children[k], g_ptr_array_index (ids, i), error))
              goto fail;
        }
    }
  if (!delete_one (self, kind, id, error))
    goto fail;
  return qc_store_commit (self, error);

fail:
  qc_store_rollback (self);
  return FALSE;
}

GPtrArray *
qc_store_history (QcStore *self, const char *id, GError **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) qc_history_entry_free);
  sqlite3_stmt *stmt = qc_store_prepare (self,
    "SELECT seq, kind, rev, modified, modified_by, reason, saved, deleted, content "
    "FROM history WHERE record_id = ? ORDER BY seq DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (qc_store_lookup_kind (self, id) == NULL)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND, _("No record has id “%s”"), id);
      return NULL;
    }
  bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(QcHistoryEntry) entry = g_new0 (QcHistoryEntry, 1);
      const QcKind *kind = qc_kind_lookup ((const char *) sqlite3_column_text (stmt, 1));
      g_autoptr(JsonNode) node = NULL;

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->rev = column_dup (stmt, 2);
      entry->modified = column_dup (stmt, 3);
      entry->modified_by = column_dup (stmt, 4);
      entry->reason = column_dup (stmt, 5);
      entry->saved = column_dup (stmt, 6);
      entry->deleted = sqlite3_column_int (stmt, 7) != 0;
      node = json_from_string ((const char *) sqlite3_column_text (stmt, 8), NULL);
      if (kind == NULL || node == NULL ||
          (entry->version = qc_record_new_from_json (kind, node, error)) == NULL)
        {
          sqlite3_reset (stmt);
          if (error && *error == NULL)
            g_set_error (error, QC_ERROR, QC_ERROR_CORRUPT,
                         _("A stored version of %s is damaged"), id);
          return NULL;
        }
      g_ptr_array_add (entries, g_steal_pointer (&entry));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      qc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

gboolean
qc_store_restore (QcStore *self, const char *id, gint64 history_seq, GError **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(QcRecord) current = NULL;
  g_autoptr(QcRecord) restored = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *revs = NULL;
  QcHistoryEntry *chosen = NULL;
  gboolean was_deleted;
  const QcKind *kind;

  entries = qc_store_history (self, id, error);
  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      QcHistoryEntry *entry = g_ptr_array_index (entries, i);
      if (entry->seq == history_seq && !entry->deleted)
        chosen = entry;
    }
  if (chosen == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, history_seq);
      g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND,
                   _("Record %s has no earlier version number %s"), id, number);
      return FALSE;
    }
  kind = qc_record_get_kind (chosen->version);

  if (!qc_store_begin (self, error))
    return FALSE;
  was_deleted = qc_store_is_deleted (self, id);
  current = was_deleted ? qc_store_load_tombstone (self, id, error)
                        : qc_store_load_current (self, kind, id, QC_LOAD_FULL, error);
  if (current == NULL ||
      qc_store_add_history (self, current, was_deleted, "restore", error) < 0)
    goto fail;

  restored = qc_record_copy (chosen->version);
  qc_record_set_complete (restored, TRUE);
  modified = next_timestamp (current);
  rev = qc_record_compute_rev (restored, qc_record_get_rev (current));
  revs = revs_after (current);
  qc_record_set_created (restored, qc_record_get_created (current));
  qc_record_set_modified (restored, modified);
  qc_record_set_modified_by (restored, self->author);
  qc_record_set_rev (restored, rev);
  qc_record_set_revs (restored, revs);

  if ((was_deleted && !qc_store_remove_tombstone (self, id, error)) ||
      !qc_store_write_current (self, restored, error))
    goto fail;
  if (!qc_store_commit (self, error))
    {
      g_prefix_error (error, _("Could not restore this version: "));
      return FALSE;
    }
  return TRUE;

fail:
  qc_store_rollback (self);
  return FALSE;
}

gboolean
qc_store_set_points (QcStore *self, const char *measure_id, GPtrArray *points, GError **error)
{
  g_autoptr(QcRecord) measure = NULL;

  if (qc_store_lookup_kind (self, measure_id) != &qc_kind_measure)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND, _("There is no measure with id %s"), measure_id);
      return FALSE;
    }
  measure = qc_store_load (self, measure_id, error);
  if (measure == NULL)
    return FALSE;
  qc_record_clear_items (measure, "point");
  for (guint i = 0; i < points->len; i++)
    g_ptr_array_add (qc_record_get_items (measure, "point"),
                     qc_item_copy (g_ptr_array_index (points, i)));
  return qc_store_save (self, measure, error);
}

/* Search */

/* Turns what a person typed into an FTS5 query: every word must match, as
 * a prefix, and no character can be read as query syntax. */
char *
qc_store_fts_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_auto(GStrv) words = g_str_tokenize_and_fold (text, NULL, NULL);

  for (guint i = 0; words && words[i]; i++)
    {
      g_autoptr(GString) word = g_string_new (words[i]);
      g_string_replace (word, "\"", "\"\"", 0);
      if (query->len)
        g_string_append_c (query, ' ');
      g_string_append_printf (query, "\"%s\"*", word->str);
    }
  return g_string_free (g_steal_pointer (&query), FALSE);
}

GPtrArray *
qc_store_search (QcStore *self, const char *text, guint limit, GError **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) qc_search_hit_free);
  g_autofree char *query = qc_store_fts_query (text ? text : "");
  sqlite3_stmt *stmt;
  int rc;

  if (*query == '\0')
    return g_steal_pointer (&hits);
  stmt = qc_store_prepare (self,
    "SELECT r.kind, r.id, search_index.title, "
    "       snippet (search_index, -1, '[', ']', '…', 10), "
    "       bm25 (search_index, 10.0, 1.0) AS rank "
    "FROM search_index JOIN records r ON r.seq = search_index.rowid "
    "WHERE search_index MATCH ? ORDER BY rank LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, query);
  sqlite3_bind_int (stmt, 2, limit ? (int) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      QcSearchHit *hit = g_new0 (QcSearchHit, 1);
      hit->kind = qc_kind_lookup ((const char *) sqlite3_column_text (stmt, 0));
      hit->id = column_dup (stmt, 1);
      hit->title = column_dup (stmt, 2);
      hit->snippet = column_dup (stmt, 3);
      hit->rank = sqlite3_column_double (stmt, 4);
      if (hit->kind == NULL)
        qc_search_hit_free (hit);
      else
        g_ptr_array_add (hits, hit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      qc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&hits);
}

static gboolean
count_rows (QcStore *self, const char *sql, gint64 *count, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return qc_store_set_sqlite_error (self, rc, error);
    }
  *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
qc_store_get_stats (QcStore *self, QcStats *stats, GError **error)
{
  guint n_kinds;
  const QcKind * const *kinds = qc_kinds (&n_kinds);

  memset (stats, 0, sizeof *stats);
  for (guint i = 0; i < n_kinds; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", kinds[i]->table);
      if (!count_rows (self, sql, &stats->records[i], error))
        return FALSE;
    }
  return count_rows (self, "SELECT count(*) FROM tombstones", &stats->tombstones, error) &&
         count_rows (self, "SELECT count(*) FROM history", &stats->history, error) &&
         count_rows (self, "SELECT count(*) FROM conflicts WHERE resolved = 0", &stats->conflicts, error) &&
         count_rows (self, "SELECT coalesce (sum (json_array_length (points)), 0) FROM measures",
                     &stats->points, error);
}

GPtrArray *
qc_store_list_ids (QcStore *self, const QcKind *kind, const char *project_id, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const char *sql;
  sqlite3_stmt *stmt;
  int rc;

  if (kind == &qc_kind_measure)
    sql = "SELECT id FROM measures WHERE project_id = ? ORDER BY created, id";
  else if (kind == &qc_kind_pdsa)
    sql = "SELECT id FROM pdsa_cycles WHERE project_id = ? "
          "ORDER BY change_idea, CAST (number AS INTEGER), created, id";
  else if (kind == &qc_kind_session)
    sql = "SELECT s.id FROM sessions s JOIN session_projects p ON p.record_id = s.id "
          "WHERE p.ref = ? ORDER BY s.date DESC, s.id";
  else
    g_return_val_if_reached (NULL);

  stmt = qc_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      qc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* The region's shared resources list: fixed ids, times and revisions, so
 * every coach's copy is the same record. */
static gboolean
seed_default_records (QcStore *self, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  /* Looked up in the core's own resource: a static library's resource
   * constructor is not linked in unless something refers to it. */
  bytes = g_resource_lookup_data (qc_core_get_resource (), DEFAULT_RESOURCES_PATH, 0, error);
  if (bytes == NULL)
    return FALSE;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   (gssize) g_bytes_get_size (bytes), error))
    return FALSE;
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *kind_name = json_object_get_string_member (json_node_get_object (node), "record_kind");
      const QcKind *kind = qc_kind_lookup (kind_name);
      g_autoptr(QcRecord) record = NULL;

      if (kind == NULL)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_FAILED, "default records: unknown kind %s", kind_name);
          return FALSE;
        }
      record = qc_record_new_from_json (kind, node, error);
      if (record == NULL || !qc_record_validate (record, error))
        return FALSE;
      /* The file's revisions must be the honest hash of its content, or
       * two coaches' copies would not be recognised as the same version. */
      g_autofree char *rev = qc_record_compute_rev (record, NULL);
      if (g_strcmp0 (rev, qc_record_get_rev (record)) != 0)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_FAILED,
                       "default record %s: rev is %s, its content gives %s",
                       qc_record_get_id (record), qc_record_get_rev (record), rev);
          return FALSE;
        }
      if (!qc_store_write_current (self, record, error))
        return FALSE;
    }
  return TRUE;
}
