#include "config.h"

#include <json-glib/json-glib.h>

#include "qc-coaching-queries.h"
#include "qc-store-private.h"

static char *
column_dup (sqlite3_stmt *stmt, int index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);
  return (text && *text) ? g_strdup (text) : NULL;
}

/* Ends a SELECT loop: TRUE when every row was read. */
static gboolean
finish (QcStore *self, sqlite3_stmt *stmt, int rc, GError **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return qc_store_set_sqlite_error (self, rc, error);
  return TRUE;
}

/* Open actions */

void
qc_open_action_free (QcOpenAction *action)
{
  if (action == NULL)
    return;
  g_free (action->session_id);
  g_free (action->session_date);
  g_free (action->action_id);
  g_free (action->text);
  g_free (action->owner);
  g_free (action->due);
  g_free (action);
}

GPtrArray *
qc_store_dup_open_actions (QcStore *self, GError **error)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) qc_open_action_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (self), NULL);

  stmt = qc_store_prepare (self,
    "SELECT a.record_id, s.date, a.action_id, a.text, a.owner, a.due "
    "FROM session_actions a JOIN sessions s ON s.id = a.record_id "
    "WHERE a.done IS NULL OR a.done <> 'true' "
    "ORDER BY a.due IS NULL, a.due, s.date, s.id, a.pos", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      QcOpenAction *action = g_new0 (QcOpenAction, 1);
      action->session_id = column_dup (stmt, 0);
      action->session_date = column_dup (stmt, 1);
      action->action_id = column_dup (stmt, 2);
      action->text = column_dup (stmt, 3);
      action->owner = column_dup (stmt, 4);
      action->due = column_dup (stmt, 5);
      g_ptr_array_add (actions, action);
    }
  if (!finish (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&actions);
}

gboolean
qc_store_get_session_summary (QcStore *self, const char *session_id, const char *today,
                              GStrv *project_ids, guint *n_open, guint *n_overdue, GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);

  if (project_ids != NULL)
    {
      stmt = qc_store_prepare (self,
        "SELECT ref FROM session_projects WHERE record_id = ?1 AND ref IS NOT NULL ORDER BY pos", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
      if (!finish (self, stmt, rc, error))
        return FALSE;
    }

  stmt = qc_store_prepare (self,
    "SELECT count(*), coalesce (sum (due IS NOT NULL AND due < ?2), 0) "
    "FROM session_actions WHERE record_id = ?1 AND (done IS NULL OR done <> 'true')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, today ? today : "", -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return finish (self, stmt, rc, error);
  if (n_open)
    *n_open = (guint) sqlite3_column_int (stmt, 0);
  if (n_overdue)
    *n_overdue = (guint) sqlite3_column_int (stmt, 1);
  sqlite3_reset (stmt);

  if (project_ids != NULL)
    *project_ids = g_strv_builder_end (builder);
  return TRUE;
}

/* People across the network */

void
qc_involvement_free (QcInvolvement *involvement)
{
  if (involvement == NULL)
    return;
  g_free (involvement->project_id);
  g_free (involvement->title);
  g_free (involvement->status);
  g_free (involvement->member_role);
  g_free (involvement);
}

GPtrArray *
qc_store_dup_person_projects (QcStore *self, const char *person_id, GError **error)
{
  g_autoptr(GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) qc_involvement_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (self), NULL);
  g_return_val_if_fail (person_id != NULL, NULL);

  /* Membership goes through the index on project_members (ref). */
  stmt = qc_store_prepare (self,
    "SELECT p.id, p.title, p.status, "
    "       (p.lead IS ?1) | ((p.sponsor IS ?1) << 1) | ((p.coach IS ?1) << 2) | "
    "       (EXISTS (SELECT 1 FROM project_members m WHERE m.record_id = p.id AND m.ref = ?1) << 3), "
    "       (SELECT m.role FROM project_members m WHERE m.record_id = p.id AND m.ref = ?1 "
    "          AND m.role IS NOT NULL AND m.role <> '' ORDER BY m.pos LIMIT 1) "
    "FROM projects p "
    "WHERE p.lead = ?1 OR p.sponsor = ?1 OR p.coach = ?1 "
    "   OR p.id IN (SELECT record_id FROM project_members WHERE ref = ?1) "
    "ORDER BY p.title COLLATE NOCASE, p.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      QcInvolvement *involvement = g_new0 (QcInvolvement, 1);
      involvement->project_id = column_dup (stmt, 0);
      involvement->title = column_dup (stmt, 1);
      involvement->status = column_dup (stmt, 2);
      involvement->roles = (QcProjectRole) sqlite3_column_int (stmt, 3);
      involvement->member_role = column_dup (stmt, 4);
      g_ptr_array_add (projects, involvement);
    }
  if (!finish (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&projects);
}

void
qc_person_session_free (QcPersonSession *session)
{
  if (session == NULL)
    return;
  g_free (session->session_id);
  g_free (session->date);
  g_free (session);
}

GPtrArray *
qc_store_dup_person_sessions (QcStore *self, const char *person_id, GError **error)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) qc_person_session_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (self), NULL);
  g_return_val_if_fail (person_id != NULL, NULL);

  stmt = qc_store_prepare (self,
    "SELECT s.id, s.date, s.coach IS ?1 FROM sessions s "
    "WHERE s.coach = ?1 OR s.id IN (SELECT record_id FROM session_attendees WHERE ref = ?1) "
    "ORDER BY s.date DESC, s.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      QcPersonSession *session = g_new0 (QcPersonSession, 1);
      session->session_id = column_dup (stmt, 0);
      session->date = column_dup (stmt, 1);
      session->as_coach = sqlite3_column_int (stmt, 2) != 0;
      g_ptr_array_add (sessions, session);
    }
  if (!finish (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&sessions);
}

/* Tags and topics */

/* The collection that holds a kind's words, and the order of its list. */
static gboolean
words_of_kind (const QcKind *kind, const QcCollection **collection, const char **order)
{
  if (kind == &qc_kind_resource || kind == &qc_kind_project)
    {
      *collection = qc_kind_find_collection (kind, "tag", NULL);
      *order = "r.title COLLATE NOCASE, r.id";
      return TRUE;
    }
  if (kind == &qc_kind_session)
    {
      *collection = qc_kind_find_collection (kind, "topic", NULL);
      *order = "r.date DESC, r.id";
      return TRUE;
    }
  return FALSE;
}

char **
qc_store_dup_tags (QcStore *self, const QcKind *kind, GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const QcCollection *collection;
  const char *order;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (self), NULL);
  g_return_val_if_fail (words_of_kind (kind, &collection, &order), NULL);

  /* The table name comes from the kind table, never from input. */
  sql = g_strdup_printf ("SELECT DISTINCT text FROM %s WHERE text IS NOT NULL AND text <> '' "
                         "ORDER BY text COLLATE NOCASE, text", collection->table);
  stmt = qc_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (!finish (self, stmt, rc, error))
    return NULL;
  return g_strv_builder_end (builder);
}

GPtrArray *
qc_store_dup_ids_sharing_words (QcStore *self, const QcKind *kind, const char * const *words,
                                const char *exclude_id, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) array = NULL;
  g_autofree char *words_json = NULL;
  g_autofree char *sql = NULL;
  const QcCollection *collection;
  const char *order;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (QC_IS_STORE (self), NULL);
  g_return_val_if_fail (words_of_kind (kind, &collection, &order), NULL);

  if (words == NULL || words[0] == NULL)
    return g_steal_pointer (&ids);

  /* The words travel as one bound JSON array, however many there are. */
  json_builder_begin_array (builder);
  for (guint i = 0; words[i]; i++)
    json_builder_add_string_value (builder, words[i]);
  json_builder_end_array (builder);
  array = json_builder_get_root (builder);
  words_json = json_to_string (array, FALSE);

  sql = g_strdup_printf ("SELECT r.id FROM %s r WHERE r.id IS NOT ?2 AND EXISTS ("
                         "  SELECT 1 FROM %s t JOIN json_each (?1) w "
                         "  ON t.text = w.value COLLATE NOCASE WHERE t.record_id = r.id) "
                         "ORDER BY %s", kind->table, collection->table, order);
  stmt = qc_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, words_json, -1, SQLITE_TRANSIENT);
  if (exclude_id != NULL)
    sqlite3_bind_text (stmt, 2, exclude_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  if (!finish (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}
