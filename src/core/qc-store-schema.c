#include "qc-store-private.h"

/* The schema, one step per version. A step is frozen once released: later
 * changes are new steps, so every old database upgrades the same way. */

static const char schema_v1[] =
  "CREATE TABLE records ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL);"

  "CREATE TABLE organisations ("
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 36),"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, modified_by TEXT,"
  "  rev TEXT NOT NULL, revs TEXT,"
  "  name TEXT NOT NULL CHECK (name <> ''), kind TEXT, locality TEXT);"

  "CREATE TABLE people ("
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 36),"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, modified_by TEXT,"
  "  rev TEXT NOT NULL, revs TEXT,"
  "  name TEXT NOT NULL CHECK (name <> ''), role TEXT, email TEXT,"
  "  organisation TEXT, champion TEXT, coach TEXT);"
  "CREATE TABLE person_skills ("
  "  record_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, text TEXT, PRIMARY KEY (record_id, pos));"

  "CREATE TABLE resources ("
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 36),"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, modified_by TEXT,"
  "  rev TEXT NOT NULL, revs TEXT,"
  "  title TEXT NOT NULL CHECK (title <> ''), url TEXT, kind TEXT, description TEXT);"
  "CREATE TABLE resource_tags ("
  "  record_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, text TEXT, PRIMARY KEY (record_id, pos));"

  "CREATE TABLE projects ("
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 36),"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, modified_by TEXT,"
  "  rev TEXT NOT NULL, revs TEXT,"
  "  title TEXT NOT NULL CHECK (title <> ''), aim TEXT, problem TEXT, status TEXT,"
  "  progress TEXT, theme TEXT, organisation TEXT, lead TEXT, sponsor TEXT,"
  "  coach TEXT, start_date TEXT, target_date TEXT);"
  "CREATE INDEX projects_title ON projects (title COLLATE NOCASE, id);"
  "CREATE INDEX projects_modified ON projects (modified);"
  "CREATE TABLE project_tags ("
  "  record_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, text TEXT, PRIMARY KEY (record_id, pos));"
  "CREATE TABLE project_members ("
  "  record_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, ref TEXT, role TEXT, PRIMARY KEY (record_id, pos));"
  "CREATE INDEX project_members_ref ON project_members (ref);"
  "CREATE TABLE project_scores ("
  "  record_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, date TEXT NOT NULL, value TEXT NOT NULL, note TEXT,"
  "  PRIMARY KEY (record_id, pos));"
  "CREATE TABLE project_drivers ("
  "  record_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, driver_id TEXT NOT NULL, kind TEXT NOT NULL, parent TEXT,"
  "  text TEXT, PRIMARY KEY (record_id, pos));"

  "CREATE TABLE measures ("
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 36),"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, modified_by TEXT,"
  "  rev TEXT NOT NULL, revs TEXT,"
  "  project_id TEXT NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,"
  "  name TEXT NOT NULL CHECK (name <> ''), kind TEXT, definition TEXT, unit TEXT,"
  "  direction TEXT, target TEXT, chart TEXT,"
  /* The data points, whole, as a JSON array of objects (see qc-kind.c). */
  "  points TEXT);"
  "CREATE INDEX measures_project ON measures (project_id);"
  "CREATE TABLE measure_phases ("
  "  record_id TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, start_date TEXT NOT NULL, label TEXT,"
  "  PRIMARY KEY (record_id, pos));"


  "CREATE TABLE pdsa_cycles ("
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 36),"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, modified_by TEXT,"
  "  rev TEXT NOT NULL, revs TEXT,"
  "  project_id TEXT NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,"
  "  title TEXT NOT NULL CHECK (title <> ''), number TEXT, change_idea TEXT, purpose TEXT,"
  "  objective TEXT, plan TEXT, data_plan TEXT, do_text TEXT, study TEXT,"
  "  act_decision TEXT, act TEXT, start_date TEXT, end_date TEXT, stage TEXT);"
  "CREATE INDEX pdsa_cycles_project ON pdsa_cycles (project_id);"
  "CREATE TABLE pdsa_questions ("
  "  record_id TEXT NOT NULL REFERENCES pdsa_cycles (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, text TEXT, prediction TEXT, finding TEXT,"
  "  PRIMARY KEY (record_id, pos));"
  "CREATE TABLE pdsa_tasks ("
  "  record_id TEXT NOT NULL REFERENCES pdsa_cycles (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, who TEXT, due TEXT, done TEXT, text TEXT,"
  "  PRIMARY KEY (record_id, pos));"
  "CREATE TABLE pdsa_measures ("
  "  record_id TEXT NOT NULL REFERENCES pdsa_cycles (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, ref TEXT, PRIMARY KEY (record_id, pos));"

  "CREATE TABLE sessions ("
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 36),"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, modified_by TEXT,"
  "  rev TEXT NOT NULL, revs TEXT,"
  "  date TEXT NOT NULL, minutes TEXT, mode TEXT, phase TEXT, coach TEXT,"
  "  notes TEXT, strengths TEXT, barriers TEXT, escalate TEXT, next_meeting TEXT,"
  "  reflection TEXT);"
  "CREATE INDEX sessions_date ON sessions (date, id);"
  "CREATE TABLE session_projects ("
  "  record_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, ref TEXT, PRIMARY KEY (record_id, pos));"
  "CREATE INDEX session_projects_ref ON session_projects (ref);"
  "CREATE TABLE session_attendees ("
  "  record_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, ref TEXT, PRIMARY KEY (record_id, pos));"
  "CREATE TABLE session_topics ("
  "  record_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, text TEXT, PRIMARY KEY (record_id, pos));"
  "CREATE TABLE session_actions ("
  "  record_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  pos INTEGER NOT NULL, action_id TEXT NOT NULL, owner TEXT, due TEXT, done TEXT,"
  "  text TEXT, PRIMARY KEY (record_id, pos));"

  "CREATE TABLE tombstones ("
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 36),"
  "  kind TEXT NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL,"
  "  modified_by TEXT, rev TEXT NOT NULL, revs TEXT);"

  /* Every version that stopped being current, whole, as JSON. */
  "CREATE TABLE history ("
  "  seq INTEGER PRIMARY KEY,"
  "  record_id TEXT NOT NULL, kind TEXT NOT NULL, rev TEXT NOT NULL,"
  "  modified TEXT NOT NULL, modified_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,"
  "  reason TEXT NOT NULL, saved TEXT NOT NULL, content TEXT NOT NULL);"
  "CREATE INDEX history_record ON history (record_id, seq);"

  "CREATE TABLE conflicts ("
  "  seq INTEGER PRIMARY KEY,"
  "  record_id TEXT NOT NULL, kind TEXT NOT NULL,"
  "  history_seq INTEGER NOT NULL REFERENCES history (seq),"
  "  detected TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX conflicts_record ON conflicts (record_id);"

  "CREATE VIRTUAL TABLE search_index USING fts5 ("
  "  title, body, tokenize = 'unicode61 remove_diacritics 2');";

/* Version 2 remembers when the coach last sent changes to each colleague,
 * for "changes since the last export", and indexes the columns lists sort
 * by, so a page of a long list is read without sorting the whole table. */
static const char schema_v2[] =
  "CREATE TABLE exports ("
  "  colleague TEXT PRIMARY KEY NOT NULL,"
  "  exported TEXT NOT NULL);"
  "CREATE INDEX organisations_name ON organisations (name COLLATE NOCASE, id);"
  "CREATE INDEX people_name ON people (name COLLATE NOCASE, id);"
  "CREATE INDEX resources_title ON resources (title COLLATE NOCASE, id);"
  "CREATE INDEX measures_name ON measures (name COLLATE NOCASE, id);"
  "CREATE INDEX pdsa_cycles_title ON pdsa_cycles (title COLLATE NOCASE, id);";

static const char *const steps[] = { schema_v1, schema_v2 };

guint
qc_store_schema_latest (void)
{
  return G_N_ELEMENTS (steps);
}

const char *
qc_store_schema_step (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= G_N_ELEMENTS (steps), NULL);
  return steps[version - 1];
}
