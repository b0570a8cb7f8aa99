#include "config.h"

#include "qc-store-private.h"
#include "qc-store-queries.h"

char **
qc_store_dup_distinct_values (QcStore *self, const QcKind *kind, const char *field, GError **error)
{
  const QcField *f = qc_kind_find_field (kind, field, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (self), NULL);
  g_return_val_if_fail (f != NULL, NULL);

  /* The column name comes from the kind table, never from input. */
  sql = g_strdup_printf ("SELECT DISTINCT %s FROM %s WHERE %s IS NOT NULL AND %s <> '' "
                         "ORDER BY %s COLLATE NOCASE", f->column, kind->table, f->column, f->column, f->column);
  stmt = qc_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      qc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

GHashTable *
qc_store_dup_pdsa_for_person (QcStore *self, const char *person_id, GError **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (self), NULL);

  stmt = qc_store_prepare (self,
    "SELECT c.id FROM pdsa_cycles c JOIN projects p ON p.id = c.project_id WHERE p.coach = ?1 "
    "UNION SELECT t.record_id FROM pdsa_tasks t WHERE t.who = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      qc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
