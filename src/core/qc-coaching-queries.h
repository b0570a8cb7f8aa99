#pragma once

#include "qc-store.h"

G_BEGIN_DECLS

/* Read-only questions of the Coaching, Resources and Network pages that a
 * QcRecordList cannot answer. Every value is bound, never spliced into SQL. */

/* An agreed action of a session that is not done yet. */
typedef struct
{
  char *session_id;
  char *session_date;  /* the session's UTC timestamp */
  char *action_id;
  char *text;
  char *owner;         /* a person id, or NULL */
  char *due;           /* YYYY-MM-DD, or NULL */
} QcOpenAction;

void       qc_open_action_free            (QcOpenAction *action);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcOpenAction, qc_open_action_free)

/* Every open action across all sessions: the earliest due date first (so
 * overdue ones lead), then those without a due date, oldest session first. */
GPtrArray *qc_store_dup_open_actions      (QcStore      *self,
                                           GError      **error);

/* What a row of the sessions list shows besides the session's fields: its
 * projects (ids in their order), how many actions are open and how many of
 * those were due before @today (YYYY-MM-DD). */
gboolean   qc_store_get_session_summary   (QcStore      *self,
                                           const char   *session_id,
                                           const char   *today,
                                           GStrv        *project_ids,
                                           guint        *n_open,
                                           guint        *n_overdue,
                                           GError      **error);

typedef enum
{
  QC_PROJECT_ROLE_LEAD    = 1 << 0,
  QC_PROJECT_ROLE_SPONSOR = 1 << 1,
  QC_PROJECT_ROLE_COACH   = 1 << 2,
  QC_PROJECT_ROLE_MEMBER  = 1 << 3,
} QcProjectRole;

/* One project a person is on, with every part they play in it. */
typedef struct
{
  char          *project_id;
  char          *title;
  char          *status;       /* or NULL */
  QcProjectRole  roles;
  char          *member_role;  /* their role as a team member, or NULL */
} QcInvolvement;

void       qc_involvement_free            (QcInvolvement *involvement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcInvolvement, qc_involvement_free)

/* The projects person @person_id leads, sponsors, coaches or is a member
 * of, by title: "who is on what project across the network". */
GPtrArray *qc_store_dup_person_projects   (QcStore      *self,
                                           const char   *person_id,
                                           GError      **error);

/* One coaching session a person took part in. */
typedef struct
{
  char     *session_id;
  char     *date;        /* UTC timestamp */
  gboolean  as_coach;    /* else as an attendee */
} QcPersonSession;

void       qc_person_session_free         (QcPersonSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QcPersonSession, qc_person_session_free)

/* The sessions person @person_id coached or attended, newest first. */
GPtrArray *qc_store_dup_person_sessions   (QcStore      *self,
                                           const char   *person_id,
                                           GError      **error);

/* The distinct tags of the records of @kind (resources or projects),
 * sorted without regard to case. */
char     **qc_store_dup_tags              (QcStore      *self,
                                           const QcKind *kind,
                                           GError      **error);

/* Ids of the records of @kind with a tag (projects, resources) or a topic
 * (sessions) equal, ignoring case, to one of @words: projects and
 * resources by title, sessions newest first. @exclude_id is left out. */
GPtrArray *qc_store_dup_ids_sharing_words (QcStore      *self,
                                           const QcKind *kind,
                                           const char * const *words,
                                           const char   *exclude_id,
                                           GError      **error);

G_END_DECLS
