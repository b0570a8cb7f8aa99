#pragma once

#include <gtk/gtk.h>

#include "qc-coaching-queries.h"

G_BEGIN_DECLS

/* Words people read on the Coaching, Resources and Network pages (the
 * shared ones are in qc-labels.h). */

/* A resource's or an organisation's kind ("mental-health" is "Mental
 * health"); other values as qc_choice_label (). */
const char *qc_kind_value_label   (const char    *value);

/* A session's time as local time with the weekday: "Mon 2 Feb 2026, 10:00". */
char       *qc_session_when       (const char    *timestamp);
/* The same without the year when it is this year: "Mon 2 Feb, 10:00". */
char       *qc_session_when_short (const char    *timestamp);

/* What someone does on a project: "Lead · Member (data lead)". */
char       *qc_project_roles_text (QcProjectRole  roles,
                                   const char    *member_role);

/* A UTC timestamp from a local date (YYYY-MM-DD) and time (HH:MM); NULL
 * if either is missing or invalid. */
char       *qc_local_to_timestamp (const char    *date,
                                   const char    *time);
/* The local date (YYYY-MM-DD) and time (HH:MM) of a UTC timestamp. */
gboolean    qc_timestamp_to_local (const char    *timestamp,
                                   char         **date,
                                   char         **time);

/* TRUE for the links a resource may open: http: and https: only. */
gboolean    qc_link_is_openable   (const char    *url);
/* Opens @url in the browser, or says in a toast why not. */
void        qc_open_link          (GtkWidget     *widget,
                                   const char    *url);

G_END_DECLS
