/* Export: writes the store's records as an exchange file, in the
 * canonical order of docs/exchange-format.md (rule 9), with xmlTextWriter,
 * streaming into a temporary file beside the target that is synced and
 * renamed over it at the end. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "qc-error.h"
#include "qc-exchange-writer.h"
#include "qc-store-private.h"

#define OUTPUT_BUFFER (1024 * 1024)

typedef struct
{
  QcStore          *store;
  const char       *path;
  const char       *since;
  GCancellable     *cancellable;
  QcProgressFunc    progress;
  gpointer          progress_data;
  guint64           done;
  guint64           total;
  guint             n_written;

  FILE             *file;
  int               write_errno;
  xmlTextWriterPtr  writer;
  gboolean          writer_failed;
} Export;

/* Output */

static int
output_write (void *context, const char *buffer, int len)
{
  Export *e = context;

  if (len > 0 && fwrite (buffer, 1, (size_t) len, e->file) != (size_t) len)
    {
      e->write_errno = errno ? errno : EIO;
      return -1;
    }
  return len;
}

static int
output_close (void *context)
{
  return 0;
}

/* xmlTextWriter returns -1 on failure; remember it and carry on quietly. */
#define W(call) G_STMT_START { if ((call) < 0) e->writer_failed = TRUE; } G_STMT_END

static const char *
clean (const char *value, char **to_free)
{
  *to_free = qc_exchange_clean_text (value);
  return *to_free ? *to_free : value;
}

/* Values of records were cleaned by clean_record() already. */
static void
write_attribute (Export *e, const char *name, const char *value)
{
  if (value == NULL)
    return;
  W (xmlTextWriterWriteAttribute (e->writer, (const xmlChar *) name, (const xmlChar *) value));
}

static void
write_clean_attribute (Export *e, const char *name, const char *value)
{
  g_autofree char *owned = NULL;

  if (value == NULL)
    return;
  write_attribute (e, name, clean (value, &owned));
}

static void
write_text (Export *e, const char *value)
{
  if (value == NULL)
    return;
  W (xmlTextWriterWriteString (e->writer, (const xmlChar *) value));
}

static void
write_text_element (Export *e, const char *name, const char *value)
{
  W (xmlTextWriterStartElement (e->writer, (const xmlChar *) name));
  write_text (e, value);
  W (xmlTextWriterEndElement (e->writer));
}

static void
write_metadata (Export *e, QcRecord *record)
{
  write_attribute (e, "id", qc_record_get_id (record));
  write_attribute (e, "created", qc_record_get_created (record));
  write_attribute (e, "modified", qc_record_get_modified (record));
  write_attribute (e, "modified-by", qc_record_get_modified_by (record));
  write_attribute (e, "rev", qc_record_get_rev (record));
  write_attribute (e, "revs", qc_record_get_revs (record));
}

static void
write_item (Export *e, const QcExchangeSlot *slot, QcItem *item)
{
  const QcCollection *collection = slot->collection;

  W (xmlTextWriterStartElement (e->writer, (const xmlChar *) slot->element));
  for (guint f = 0; f < collection->n_fields; f++)
    if (collection->fields[f].place == QC_PLACE_ATTRIBUTE)
      write_attribute (e, collection->fields[f].name, item->values[f]);
  for (guint f = 0; f < collection->n_fields; f++)
    {
      if (item->values[f] == NULL)
        continue;
      if (collection->fields[f].place == QC_PLACE_ELEMENT)
        write_text_element (e, collection->fields[f].name, item->values[f]);
      else if (collection->fields[f].place == QC_PLACE_TEXT)
        write_text (e, item->values[f]);
    }
  W (xmlTextWriterEndElement (e->writer));
}

static gboolean write_children (Export *e, QcRecord *project, GPtrArray **children, GError **error);

/* The values as the file will carry them, so that the check below sees
 * exactly what a reader will. */
static void
clean_record (QcRecord *record)
{
  const QcKind *kind = qc_record_get_kind (record);
  g_autofree char *modified_by = qc_exchange_clean_text (qc_record_get_modified_by (record));

  if (modified_by)
    qc_record_set_modified_by (record, modified_by);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      g_autofree char *value = qc_exchange_clean_text (qc_record_get (record, kind->fields[i].name));
      if (value)
        qc_record_set (record, kind->fields[i].name, value);
    }
  for (guint c = 0; c < kind->n_collections; c++)
    {
      GPtrArray *items = qc_record_get_items (record, kind->collections[c].name);
      for (guint j = 0; j < items->len; j++)
        {
          QcItem *item = g_ptr_array_index (items, j);
          for (guint f = 0; f < kind->collections[c].n_fields; f++)
            {
              char *value = qc_exchange_clean_text (item->values[f]);
              if (value)
                {
                  g_free (item->values[f]);
                  item->values[f] = *value ? value : (g_free (value), NULL);
                }
            }
        }
    }
}

static gboolean
check_record (QcRecord *record, gboolean tombstone, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  clean_record (record);
  if (qc_exchange_check_record (record, tombstone, &local_error))
    return TRUE;
  if (tombstone)
    g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                 _("Cannot export the deletion of %s: %s"),
                 qc_record_get_id (record), local_error->message);
  else
    {
      g_autofree char *title = qc_record_dup_title (record);
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("Cannot export the %s “%s” (%s): %s; correct it and export again"),
                   qc_record_get_kind (record)->name, title, qc_record_get_id (record),
                   local_error->message);
    }
  return FALSE;
}

static void
note_progress (Export *e)
{
  e->done++;
  if (e->progress && e->total > 0 && (e->done & 255) == 0)
    e->progress (MIN (1.0, (double) e->done / (double) e->total), e->progress_data);
}

static gboolean
write_record (Export *e, QcRecord *record, GPtrArray **children, GError **error)
{
  const QcExchangeLayout *layout = qc_exchange_layout (qc_record_get_kind (record));

  if (!check_record (record, FALSE, error))
    return FALSE;

  W (xmlTextWriterStartElement (e->writer, (const xmlChar *) layout->kind->name));
  write_metadata (e, record);
  for (guint i = 0; i < layout->n_slots; i++)
    {
      const QcExchangeSlot *slot = &layout->slots[i];

      switch (slot->type)
        {
        case QC_SLOT_FIELD:
          {
            const char *value = qc_record_get (record, slot->field->name);
            if (value == NULL)
              break;
            if (slot->field->ref_as_attr)
              {
                W (xmlTextWriterStartElement (e->writer, (const xmlChar *) slot->element));
                write_attribute (e, "ref", value);
                W (xmlTextWriterEndElement (e->writer));
              }
            else
              write_text_element (e, slot->element, value);
          }
          break;
        case QC_SLOT_ACT:
          {
            const char *text = qc_record_get (record, slot->field->name);
            const char *decision = qc_record_get (record, slot->decision->name);
            if (text == NULL && decision == NULL)
              break;
            W (xmlTextWriterStartElement (e->writer, (const xmlChar *) slot->element));
            write_attribute (e, "decision", decision);
            write_text (e, text);
            W (xmlTextWriterEndElement (e->writer));
          }
          break;
        case QC_SLOT_COLLECTION:
          {
            GPtrArray *items = qc_record_get_items (record, slot->collection->name);
            for (guint j = 0; j < items->len; j++)
              write_item (e, slot, g_ptr_array_index (items, j));
          }
          break;
        case QC_SLOT_RECORDS:
          /* Measures then cycles, in the layout's order. */
          if (slot->child_kind == &qc_kind_measure && !write_children (e, record, children, error))
            return FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  W (xmlTextWriterEndElement (e->writer));
  e->n_written++;
  note_progress (e);

  if (e->writer_failed || e->write_errno)
    {
      int saved = e->write_errno ? e->write_errno : EIO;
      g_set_error (error, QC_ERROR, QC_ERROR_FAILED, _("Could not write %s: %s"),
                   e->path, g_strerror (saved));
      return FALSE;
    }
  return !g_cancellable_set_error_if_cancelled (e->cancellable, error);
}

static gboolean
write_children (Export *e, QcRecord *project, GPtrArray **children, GError **error)
{
  const QcKind *kinds[] = { &qc_kind_measure, &qc_kind_pdsa };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint i = 0; i < children[k]->len; i++)
      {
        g_autoptr(QcRecord) child = qc_store_load_current (e->store, kinds[k],
                                                           g_ptr_array_index (children[k], i),
                                                           QC_LOAD_FULL, error);
        if (child == NULL || !write_record (e, child, NULL, error))
          return FALSE;
      }
  return TRUE;
}

/* Selection */

static GPtrArray *
query_ids (QcStore *store, const char *sql, const char *arg1, const char *arg2, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = qc_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (arg1)
    sqlite3_bind_text (stmt, 1, arg1, -1, SQLITE_TRANSIENT);
  if (arg2)
    sqlite3_bind_text (stmt, 2, arg2, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      qc_store_set_sqlite_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* The ids of a top-level kind, sorted: all, or those changed since. */
static GPtrArray *
kind_ids (Export *e, const QcKind *kind, GError **error)
{
  g_autofree char *sql = NULL;

  if (e->since == NULL)
    sql = g_strdup_printf ("SELECT id FROM %s ORDER BY id", kind->table);
  else if (kind == &qc_kind_project)
    sql = g_strdup ("SELECT id FROM projects WHERE modified > ?1 "
                    "UNION SELECT project_id FROM measures WHERE modified > ?1 "
                    "UNION SELECT project_id FROM pdsa_cycles WHERE modified > ?1 ORDER BY 1");
  else
    sql = g_strdup_printf ("SELECT id FROM %s WHERE modified > ? ORDER BY id", kind->table);
  return query_ids (e->store, sql, e->since, NULL, error);
}

static GPtrArray *
child_ids (Export *e, const QcKind *kind, const char *project_id, GError **error)
{
  g_autofree char *sql = NULL;

  if (e->since == NULL)
    sql = g_strdup_printf ("SELECT id FROM %s WHERE project_id = ? ORDER BY id", kind->table);
  else
    sql = g_strdup_printf ("SELECT id FROM %s WHERE project_id = ? AND modified > ? ORDER BY id",
                           kind->table);
  return query_ids (e->store, sql, project_id, e->since, error);
}

static void
add_reference (QcStore *store, GHashTable **sets, const QcField *field, const char *value)
{
  const QcKind *target;

  if (value == NULL || field->type != QC_FIELD_REF || field->ref_kind == NULL)
    return;
  target = qc_kind_lookup (field->ref_kind);
  if (target != &qc_kind_person && target != &qc_kind_organisation)
    return;
  if (qc_store_lookup_kind (store, value) != target || qc_store_is_deleted (store, value))
    return;
  g_hash_table_add (sets[qc_exchange_kind_rank (target)], g_strdup (value));
}

/* The people and organisations @record refers to. */
static void
add_references (QcStore *store, GHashTable **sets, QcRecord *record)
{
  const QcKind *kind = qc_record_get_kind (record);

  for (guint i = 0; i < kind->n_fields; i++)
    add_reference (store, sets, &kind->fields[i], qc_record_get (record, kind->fields[i].name));
  for (guint c = 0; c < kind->n_collections; c++)
    {
      const QcCollection *collection = &kind->collections[c];
      GPtrArray *items = qc_record_get_items (record, collection->name);
      for (guint j = 0; j < items->len; j++)
        for (guint f = 0; f < collection->n_fields; f++)
          add_reference (store, sets, &collection->fields[f],
                         ((QcItem *) g_ptr_array_index (items, j))->values[f]);
    }
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Chosen projects, with what they hold and refer to: one sorted id list
 * per top-level kind. */
static gboolean
select_projects (Export *e, const char * const *projects, GPtrArray **lists, GError **error)
{
  guint n_top;
  const QcKind * const *top = qc_exchange_top_kinds (&n_top);
  GHashTable *sets[8] = { NULL };
  guint person_rank = qc_exchange_kind_rank (&qc_kind_person);
  gboolean ok = FALSE;

  for (guint k = 0; k < n_top; k++)
    sets[k] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint p = 0; projects[p]; p++)
    {
      const char *id = projects[p];
      g_autoptr(QcRecord) project = NULL;
      g_autoptr(GPtrArray) sessions = NULL;
      const QcKind *children[] = { &qc_kind_measure, &qc_kind_pdsa };

      if (qc_store_lookup_kind (e->store, id) != &qc_kind_project || qc_store_is_deleted (e->store, id))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_NOT_FOUND, _("There is no project with id %s"), id);
          goto out;
        }
      project = qc_store_load_current (e->store, &qc_kind_project, id, QC_LOAD_FULL, error);
      if (project == NULL)
        goto out;
      g_hash_table_add (sets[qc_exchange_kind_rank (&qc_kind_project)], g_strdup (id));
      add_references (e->store, sets, project);

      for (guint k = 0; k < G_N_ELEMENTS (children); k++)
        {
          g_autoptr(GPtrArray) ids = qc_store_list_ids (e->store, children[k], id, error);
          if (ids == NULL)
            goto out;
          for (guint i = 0; i < ids->len; i++)
            {
              g_autoptr(QcRecord) child = qc_store_load_current (e->store, children[k],
                                                                 g_ptr_array_index (ids, i),
                                                                 QC_LOAD_FULL, error);
              if (child == NULL)
                goto out;
              add_references (e->store, sets, child);
            }
        }

      sessions = qc_store_list_ids (e->store, &qc_kind_session, id, error);
      if (sessions == NULL)
        goto out;
      for (guint i = 0; i < sessions->len; i++)
        {
          const char *session_id = g_ptr_array_index (sessions, i);
          g_autoptr(QcRecord) session = qc_store_load_current (e->store, &qc_kind_session,
                                                               session_id, QC_LOAD_FULL, error);
          if (session == NULL)
            goto out;
          g_hash_table_add (sets[qc_exchange_kind_rank (&qc_kind_session)], g_strdup (session_id));
          add_references (e->store, sets, session);
        }
    }

  /* The organisations of the people. */
  {
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, sets[person_rank]);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_autoptr(QcRecord) person = qc_store_load_current (e->store, &qc_kind_person, key,
                                                            QC_LOAD_SUMMARY, error);
        if (person == NULL)
          goto out;
        add_reference (e->store, sets, qc_kind_find_field (&qc_kind_person, "organisation", NULL),
                       qc_record_get (person, "organisation"));
      }
  }

  for (guint k = 0; k < n_top; k++)
    {
      lists[k] = g_ptr_array_new_with_free_func (g_free);
      GHashTableIter iter;
      gpointer key;
      g_hash_table_iter_init (&iter, sets[k]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          g_hash_table_iter_steal (&iter);
          g_ptr_array_add (lists[k], key);
        }
      g_ptr_array_sort (lists[k], compare_ids);
      (void) top;
    }
  ok = TRUE;

out:
  for (guint k = 0; k < n_top; k++)
    g_hash_table_unref (sets[k]);
  return ok;
}

static gboolean
count_rows (QcStore *store, const char *sql, guint64 *count, GError **error)
{
  sqlite3_stmt *stmt = qc_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count += (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return qc_store_set_sqlite_error (store, rc, error);
  return TRUE;
}

static gboolean
write_top_kind (Export *e, const QcKind *kind, GPtrArray *ids, gboolean project_scope, GError **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(QcRecord) record = NULL;
      GPtrArray *children[2] = { NULL, NULL };
      gboolean ok = TRUE, changed;

      /* In a project selection, a reference may name a deleted record. */
      if (project_scope && qc_store_is_deleted (e->store, id))
        continue;
      record = qc_store_load_current (e->store, kind, id, QC_LOAD_FULL, error);
      if (record == NULL)
        return FALSE;
      changed = e->since == NULL || g_strcmp0 (qc_record_get_modified (record), e->since) > 0;

      if (kind == &qc_kind_project)
        {
          children[0] = child_ids (e, &qc_kind_measure, id, error);
          children[1] = children[0] ? child_ids (e, &qc_kind_pdsa, id, error) : NULL;
          if (children[1] == NULL)
            ok = FALSE;
          else if (changed || children[0]->len > 0 || children[1]->len > 0)
            ok = write_record (e, record, children, error);
        }
      else if (changed)
        ok = write_record (e, record, NULL, error);

      g_clear_pointer (&children[0], g_ptr_array_unref);
      g_clear_pointer (&children[1], g_ptr_array_unref);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_tombstones (Export *e, GError **error)
{
  g_autoptr(GPtrArray) ids = NULL;

  if (e->since)
    ids = query_ids (e->store, "SELECT id FROM tombstones WHERE modified > ? ORDER BY id",
                     e->since, NULL, error);
  else
    ids = query_ids (e->store, "SELECT id FROM tombstones ORDER BY id", NULL, NULL, error);
  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(QcRecord) tombstone = qc_store_load_tombstone (e->store, g_ptr_array_index (ids, i),
                                                               error);
      if (tombstone == NULL || !check_record (tombstone, TRUE, error))
        return FALSE;
      W (xmlTextWriterStartElement (e->writer, (const xmlChar *) "tombstone"));
      write_attribute (e, "kind", qc_record_get_kind (tombstone)->name);
      write_metadata (e, tombstone);
      W (xmlTextWriterEndElement (e->writer));
      e->n_written++;
      note_progress (e);
      if (g_cancellable_set_error_if_cancelled (e->cancellable, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_document (Export *e, const QcExportOptions *options, GError **error)
{
  guint n_top;
  const QcKind * const *top = qc_exchange_top_kinds (&n_top);
  GPtrArray *lists[8] = { NULL };
  gboolean project_scope = options->projects != NULL && options->projects[0] != NULL;
  g_autofree char *exported = qc_timestamp_now ();
  gboolean ok = FALSE;

  if (project_scope)
    {
      if (!select_projects (e, options->projects, lists, error))
        return FALSE;
    }
  else
    {
      for (guint k = 0; k < n_top; k++)
        if ((lists[k] = kind_ids (e, top[k], error)) == NULL)
          goto out;
    }

  for (guint k = 0; k < n_top; k++)
    e->total += lists[k]->len;
  if (!project_scope &&
      (!count_rows (e->store, "SELECT count(*) FROM measures", &e->total, error) ||
       !count_rows (e->store, "SELECT count(*) FROM pdsa_cycles", &e->total, error) ||
       !count_rows (e->store, "SELECT count(*) FROM tombstones", &e->total, error)))
    goto out;

  W (xmlTextWriterSetIndent (e->writer, 1));
  W (xmlTextWriterSetIndentString (e->writer, (const xmlChar *) "  "));
  W (xmlTextWriterStartDocument (e->writer, "1.0", "UTF-8", NULL));
  W (xmlTextWriterStartElement (e->writer, (const xmlChar *) "qicoach"));
  write_attribute (e, "xmlns", QC_EXCHANGE_NS);
  write_attribute (e, "format", QC_EXCHANGE_FORMAT);
  write_attribute (e, "exported", exported);
  write_attribute (e, "generator", "QI Coach " PACKAGE_VERSION);
  if (options->sender_name && *options->sender_name)
    {
      W (xmlTextWriterStartElement (e->writer, (const xmlChar *) "sender"));
      write_clean_attribute (e, "name", options->sender_name);
      if (options->sender_email && *options->sender_email)
        write_clean_attribute (e, "email", options->sender_email);
      if (options->sender_organisation && *options->sender_organisation)
        write_clean_attribute (e, "organisation", options->sender_organisation);
      W (xmlTextWriterEndElement (e->writer));
    }

  for (guint k = 0; k < n_top; k++)
    if (!write_top_kind (e, top[k], lists[k], project_scope, error))
      goto out;
  /* A project selection carries no deletions: their projects are unknown. */
  if (!project_scope && !write_tombstones (e, error))
    goto out;

  W (xmlTextWriterEndElement (e->writer));
  W (xmlTextWriterEndDocument (e->writer));
  W (xmlTextWriterFlush (e->writer));
  if (e->writer_failed || e->write_errno)
    {
      g_set_error (error, QC_ERROR, QC_ERROR_FAILED, _("Could not write %s: %s"), e->path,
                   g_strerror (e->write_errno ? e->write_errno : EIO));
      goto out;
    }
  ok = TRUE;

out:
  for (guint k = 0; k < n_top; k++)
    g_clear_pointer (&lists[k], g_ptr_array_unref);
  return ok;
}

static gboolean
set_io_error (GError **error, const char *path, int saved_errno)
{
  g_set_error (error, QC_ERROR, QC_ERROR_FAILED, _("Could not write %s: %s"), path,
               g_strerror (saved_errno));
  return FALSE;
}

/* fsync()s the folder, so the rename itself survives a power cut. */
static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

gboolean
qc_exchange_export_file (QcStore                *store,
                         const char             *path,
                         const QcExportOptions  *options,
                         GCancellable           *cancellable,
                         QcProgressFunc          progress,
                         gpointer                progress_data,
                         guint                  *n_records,
                         GError                **error)
{
  static const QcExportOptions no_options = { NULL };
  Export e = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *buffer = NULL;
  xmlOutputBufferPtr output;
  sqlite3 *db;
  gboolean own_transaction, ok;
  int fd;

  g_return_val_if_fail (QC_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    options = &no_options;
  if (options->since && !qc_is_timestamp (options->since))
    {
      g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                   _("The time to export changes since must look like 2026-11-26T13:00:00.000Z, "
                     "not “%s”"), options->since);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  e.store = store;
  e.path = path;
  e.since = options->since;
  e.cancellable = cancellable;
  e.progress = progress;
  e.progress_data = progress_data;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  temp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    return set_io_error (error, path, errno);
  e.file = fdopen (fd, "w");
  if (e.file == NULL)
    {
      int saved = errno;
      close (fd);
      g_unlink (temp);
      return set_io_error (error, path, saved);
    }
  buffer = g_malloc (OUTPUT_BUFFER);
  setvbuf (e.file, buffer, _IOFBF, OUTPUT_BUFFER);
  output = xmlOutputBufferCreateIO (output_write, output_close, &e, NULL);
  e.writer = output ? xmlNewTextWriter (output) : NULL;

  /* One read transaction: a consistent snapshot, without blocking writers. */
  db = qc_store_get_db (store);
  own_transaction = sqlite3_get_autocommit (db) != 0;
  if (own_transaction && sqlite3_exec (db, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
    {
      qc_store_set_sqlite_error (store, sqlite3_extended_errcode (db), error);
      ok = FALSE;
    }
  else
    {
      ok = e.writer != NULL && write_document (&e, options, error);
      if (e.writer == NULL)
        g_set_error (error, QC_ERROR, QC_ERROR_FAILED, _("Could not write %s: %s"), path,
                     g_strerror (ENOMEM));
      if (own_transaction)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }

  if (e.writer)
    xmlFreeTextWriter (e.writer);   /* frees the output buffer too */
  else if (output)
    xmlOutputBufferClose (output);

  if (ok && (fflush (e.file) != 0 || fsync (fileno (e.file)) != 0))
    {
      ok = set_io_error (error, path, errno);
    }
  if (fclose (e.file) != 0 && ok)
    ok = set_io_error (error, path, errno);
  if (ok && g_rename (temp, path) != 0)
    ok = set_io_error (error, path, errno);
  if (!ok)
    {
      g_unlink (temp);
      return FALSE;
    }
  sync_folder (path);
  if (progress)
    progress (1.0, progress_data);
  if (n_records)
    *n_records = e.n_written;
  return TRUE;
}

/* Async */

typedef struct
{
  char            *db_path;
  char            *author;
  char            *path;
  char           **projects;
  char            *since;
  char            *sender_name;
  char            *sender_email;
  char            *sender_organisation;
  QcProgressRelay *relay;
  guint            n_records;
} ExportTask;

static void
export_task_free (gpointer data)
{
  ExportTask *t = data;

  g_free (t->db_path);
  g_free (t->author);
  g_free (t->path);
  g_strfreev (t->projects);
  g_free (t->since);
  g_free (t->sender_name);
  g_free (t->sender_email);
  g_free (t->sender_organisation);
  qc_progress_relay_unref (t->relay);
  g_free (t);
}

static void
export_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExportTask *t = data;
  g_autoptr(QcStore) store = NULL;
  GError *error = NULL;
  QcExportOptions options = {
    .projects = (const char * const *) t->projects,
    .since = t->since,
    .sender_name = t->sender_name,
    .sender_email = t->sender_email,
    .sender_organisation = t->sender_organisation,
  };

  store = qc_store_open (t->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  qc_store_set_author (store, t->author);
  if (!qc_exchange_export_file (store, t->path, &options, cancellable,
                                qc_progress_relay_report, t->relay, &t->n_records, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
qc_exchange_export_file_async (QcStore                *store,
                               const char             *path,
                               const QcExportOptions  *options,
                               GCancellable           *cancellable,
                               QcProgressFunc          progress,
                               gpointer                progress_data,
                               GDestroyNotify          progress_data_free,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *t;

  g_return_if_fail (QC_IS_STORE (store));
  g_return_if_fail (path != NULL);

  t = g_new0 (ExportTask, 1);
  t->db_path = g_strdup (qc_store_get_path (store));
  t->author = g_strdup (qc_store_get_author (store));
  t->path = g_strdup (path);
  if (options)
    {
      t->projects = g_strdupv ((char **) options->projects);
      t->since = g_strdup (options->since);
      t->sender_name = g_strdup (options->sender_name);
      t->sender_email = g_strdup (options->sender_email);
      t->sender_organisation = g_strdup (options->sender_organisation);
    }
  t->relay = qc_progress_relay_new (progress, progress_data, progress_data_free);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, qc_exchange_export_file_async);
  g_task_set_task_data (task, t, export_task_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
qc_exchange_export_file_finish (QcStore       *store,
                                GAsyncResult  *result,
                                guint         *n_records,
                                GError       **error)
{
  ExportTask *t;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  t = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_records)
    *n_records = t->n_records;
  return TRUE;
}
