#include "config.h"

#include "qc-record-list.h"
#include "qc-store-private.h"

#define PAGE_SIZE 64
#define MAX_CACHED_PAGES 32

struct _QcRecordList
{
  GObject       parent_instance;
  QcStore      *store;
  const QcKind *kind;
  char         *text;
  GHashTable   *filters;   /* field name -> value */
  char         *sort_field;
  gboolean      descending;
  guint         n_items;
  GHashTable   *pages;     /* page number -> GPtrArray of QcRecord */
  gulong        changed_handler;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (QcRecordList, qc_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* The WHERE clause and its values, always with bound parameters. */
static char *
build_where (QcRecordList *self, GPtrArray *values)
{
  g_autoptr(GString) where = g_string_new (" WHERE 1");
  GHashTableIter iter;
  gpointer key, value;

  if (self->text && *self->text)
    {
      g_autofree char *query = qc_store_fts_query (self->text);
      if (*query)
        {
          g_string_append (where, " AND id IN (SELECT r.id FROM search_index "
                                  "JOIN records r ON r.seq = search_index.rowid "
                                  "WHERE search_index MATCH ?)");
          g_ptr_array_add (values, g_steal_pointer (&query));
        }
    }

  g_hash_table_iter_init (&iter, self->filters);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const QcField *field = qc_kind_find_field (self->kind, key, NULL);
      const QcCollection *collection = qc_kind_find_collection (self->kind, key, NULL);

      if (field != NULL)
        g_string_append_printf (where, " AND %s = ?", field->column);
      else if (collection != NULL)
        g_string_append_printf (where, " AND id IN (SELECT record_id FROM %s WHERE %s = ?)",
                                collection->table, collection->fields[0].column);
      else
        continue;
      g_ptr_array_add (values, g_strdup (value));
    }
  return g_string_free (g_steal_pointer (&where), FALSE);
}

static char *
build_order (QcRecordList *self)
{
  const char *direction = self->descending ? "DESC" : "ASC";
  const char *field_name = self->sort_field ? self->sort_field : self->kind->title_field;
  const QcField *field = qc_kind_find_field (self->kind, field_name, NULL);

  if (g_strcmp0 (field_name, "modified") == 0)
    return g_strdup_printf (" ORDER BY modified %s, id", direction);
  if (field == NULL)
    field = qc_kind_find_field (self->kind, self->kind->title_field, NULL);
  if (field->type == QC_FIELD_PROGRESS || field->type == QC_FIELD_INT || field->type == QC_FIELD_DECIMAL)
    return g_strdup_printf (" ORDER BY CAST (%s AS REAL) %s, id", field->column, direction);
  /* Dates, times and choices are ASCII in a fixed form: their plain order
   * is right, and it is the order of their indexes. */
  if (field->type != QC_FIELD_TEXT)
    return g_strdup_printf (" ORDER BY %s %s, id", field->column, direction);
  return g_strdup_printf (" ORDER BY %s COLLATE NOCASE %s, id", field->column, direction);
}

static sqlite3_stmt *
prepare_with_values (QcRecordList *self, const char *sql, GPtrArray *values)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = qc_store_prepare (self->store, sql, &error);

  if (stmt == NULL)
    {
      g_warning ("Could not list %s: %s", self->kind->plural, error->message);
      return NULL;
    }
  for (guint i = 0; i < values->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, g_ptr_array_index (values, i), -1, SQLITE_TRANSIENT);
  return stmt;
}

static guint
count_items (QcRecordList *self)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = build_where (self, values);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s%s", self->kind->table, where);
  sqlite3_stmt *stmt = prepare_with_values (self, sql, values);
  guint n = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static GPtrArray *
load_page (QcRecordList *self, guint page)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = build_where (self, values);
  g_autofree char *order = build_order (self);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s%s%s LIMIT %d OFFSET ?",
                                          qc_store_select_columns (self->kind),
                                          self->kind->table, where, order, PAGE_SIZE);
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = prepare_with_values (self, sql, values);

  if (stmt == NULL)
    return records;
  sqlite3_bind_int64 (stmt, (int) values->len + 1, (gint64) page * PAGE_SIZE);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      QcRecord *record = qc_store_record_from_row (self->store, self->kind, stmt,
                                                   QC_LOAD_SUMMARY, NULL);
      if (record)
        g_ptr_array_add (records, record);
    }
  sqlite3_reset (stmt);
  return records;
}

static void
reload (QcRecordList *self)
{
  guint old_n = self->n_items;

  g_hash_table_remove_all (self->pages);
  self->n_items = count_items (self);
  if (old_n || self->n_items)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

static void
on_store_changed (QcStore *store, const char *kind_name, QcRecordList *self)
{
  reload (self);
}

static GType
qc_record_list_get_item_type (GListModel *model)
{
  return QC_RECORD_LIST (model)->kind->get_type ();
}

static guint
qc_record_list_get_n_items (GListModel *model)
{
  return QC_RECORD_LIST (model)->n_items;
}

static gpointer
qc_record_list_get_item (GListModel *model, guint position)
{
  QcRecordList *self = QC_RECORD_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *records;

  if (position >= self->n_items)
    return NULL;
  records = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (records == NULL)
    {
      if (g_hash_table_size (self->pages) >= MAX_CACHED_PAGES)
        g_hash_table_remove_all (self->pages);
      records = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), records);
    }
  if (position % PAGE_SIZE >= records->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (records, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = qc_record_list_get_item_type;
  iface->get_n_items = qc_record_list_get_n_items;
  iface->get_item = qc_record_list_get_item;
}

static void
qc_record_list_dispose (GObject *object)
{
  QcRecordList *self = QC_RECORD_LIST (object);

  g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (qc_record_list_parent_class)->dispose (object);
}

static void
qc_record_list_finalize (GObject *object)
{
  QcRecordList *self = QC_RECORD_LIST (object);

  g_free (self->text);
  g_free (self->sort_field);
  g_hash_table_unref (self->filters);
  g_hash_table_unref (self->pages);
  G_OBJECT_CLASS (qc_record_list_parent_class)->finalize (object);
}

static void
qc_record_list_class_init (QcRecordListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qc_record_list_dispose;
  G_OBJECT_CLASS (klass)->finalize = qc_record_list_finalize;
}

static void
qc_record_list_init (QcRecordList *self)
{
  self->filters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

QcRecordList *
qc_record_list_new (QcStore *store, const QcKind *kind)
{
  QcRecordList *self;
  g_autofree char *signal = NULL;

  g_return_val_if_fail (QC_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (QC_TYPE_RECORD_LIST, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  signal = g_strconcat ("changed::", kind->name, NULL);
  self->changed_handler = g_signal_connect (store, signal, G_CALLBACK (on_store_changed), self);
  self->n_items = count_items (self);
  return self;
}

const QcKind *
qc_record_list_get_kind (QcRecordList *self)
{
  return self->kind;
}

void
qc_record_list_set_text (QcRecordList *self, const char *text)
{
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  reload (self);
}

void
qc_record_list_set_filter (QcRecordList *self, const char *field, const char *value)
{
  g_return_if_fail (qc_kind_find_field (self->kind, field, NULL) != NULL ||
                    qc_kind_find_collection (self->kind, field, NULL) != NULL);
  if (g_strcmp0 (g_hash_table_lookup (self->filters, field), value) == 0)
    return;
  if (value == NULL)
    g_hash_table_remove (self->filters, field);
  else
    g_hash_table_insert (self->filters, g_strdup (field), g_strdup (value));
  reload (self);
}

void
qc_record_list_set_sort (QcRecordList *self, const char *field, gboolean descending)
{
  if (g_strcmp0 (self->sort_field, field) == 0 && self->descending == descending)
    return;
  g_free (self->sort_field);
  self->sort_field = g_strdup (field);
  self->descending = descending;
  reload (self);
}

gint
qc_record_list_find (QcRecordList *self, const char *id)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = build_where (self, values);
  g_autofree char *order = build_order (self);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s%s%s", self->kind->table, where, order);
  sqlite3_stmt *stmt = prepare_with_values (self, sql, values);
  gint position = -1, i = 0;

  if (stmt == NULL)
    return -1;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), id) == 0)
        {
          position = i;
          break;
        }
      i++;
    }
  sqlite3_reset (stmt);
  return position;
}
