#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qc-error.h"
#include "qc-kind.h"
#include "qc-organisation.h"
#include "qc-person.h"
#include "qc-resource.h"
#include "qc-project.h"
#include "qc-measure.h"
#include "qc-pdsa.h"
#include "qc-session.h"

#define N_ELEMENTS G_N_ELEMENTS

/* Shorthands that keep the tables below readable. */
#define TEXT(n, c, l)        { .name = n, .column = c, .type = QC_FIELD_TEXT, .label = l, .searchable = 1 }
#define REQUIRED_TEXT(n, c, l) { .name = n, .column = c, .type = QC_FIELD_TEXT, .label = l, .searchable = 1, .required = 1 }
#define ENUM(n, c, ch, l)    { .name = n, .column = c, .type = QC_FIELD_ENUM, .choices = ch, .label = l }
#define DATE(n, c, l)        { .name = n, .column = c, .type = QC_FIELD_DATE, .label = l }
#define DATETIME(n, c, l)    { .name = n, .column = c, .type = QC_FIELD_DATETIME, .label = l }
#define BOOL(n, c, l)        { .name = n, .column = c, .type = QC_FIELD_BOOL, .label = l }
#define INT(n, c, l)         { .name = n, .column = c, .type = QC_FIELD_INT, .label = l }
#define DECIMAL(n, c, l)     { .name = n, .column = c, .type = QC_FIELD_DECIMAL, .label = l }
#define REF(n, c, k, l)      { .name = n, .column = c, .type = QC_FIELD_REF, .ref_kind = k, .label = l, .ref_as_attr = 1 }
#define PARENT(n, c, k, l)   { .name = n, .column = c, .type = QC_FIELD_REF, .ref_kind = k, .label = l, .is_parent = 1, .required = 1 }

#define ATTR(n, c, t, l)     { .name = n, .column = c, .type = t, .place = QC_PLACE_ATTRIBUTE, .label = l }
#define ATTR_REQ(n, c, t, l) { .name = n, .column = c, .type = t, .place = QC_PLACE_ATTRIBUTE, .label = l, .required = 1 }
#define ATTR_REF(n, c, k, l) { .name = n, .column = c, .type = QC_FIELD_REF, .ref_kind = k, .place = QC_PLACE_ATTRIBUTE, .label = l }
#define ATTR_REF_REQ(n, c, k, l) { .name = n, .column = c, .type = QC_FIELD_REF, .ref_kind = k, .place = QC_PLACE_ATTRIBUTE, .label = l, .required = 1 }
#define ATTR_ENUM(n, c, ch, l, r) { .name = n, .column = c, .type = QC_FIELD_ENUM, .choices = ch, .place = QC_PLACE_ATTRIBUTE, .label = l, .required = r }
#define BODY(l)              { .name = "text", .column = "text", .type = QC_FIELD_TEXT, .place = QC_PLACE_TEXT, .label = l, .searchable = 1 }
#define BODY_REQ(l)          { .name = "text", .column = "text", .type = QC_FIELD_TEXT, .place = QC_PLACE_TEXT, .label = l, .searchable = 1, .required = 1 }

#define COLLECTION(n, t, f, l) { .name = n, .table = t, .fields = f, .n_fields = N_ELEMENTS (f), .label = l }

static const char *const organisation_kinds[] = {
  "acute", "community", "mental-health", "primary-care", "social-care",
  "voluntary", "commissioner", "other", NULL };
static const char *const resource_kinds[] = {
  "article", "video", "website", "toolkit", "template", "course", "book", "other", NULL };
static const char *const project_statuses[] = {
  "idea", "active", "on-hold", "completed", "abandoned", NULL };
static const char *const driver_kinds[] = { "primary", "secondary", "change-idea", NULL };
static const char *const measure_kinds[] = { "outcome", "process", "balancing", NULL };
static const char *const directions[] = { "increase", "decrease", "neutral", NULL };
static const char *const chart_types[] = { "run", "i", "p", "u", "c", NULL };
static const char *const purposes[] = { "information", "test", "implement", NULL };
static const char *const decisions[] = { "adopt", "adapt", "abandon", NULL };
static const char *const stages[] = { "plan", "do", "study", "act", "done", NULL };
static const char *const modes[] = { "in-person", "video", "phone", "email", NULL };
static const char *const phases[] = { "pre", "action", "transition", NULL };

/* organisation */
static const QcField organisation_fields[] = {
  REQUIRED_TEXT ("name", "name", N_("Name")),
  ENUM ("kind", "kind", organisation_kinds, N_("Kind")),
  TEXT ("locality", "locality", N_("Locality")),
};
const QcKind qc_kind_organisation = {
  .name = "organisation", .plural = "organisations", .table = "organisations",
  .label = N_("Organisation"), .title_field = "name",
  .fields = organisation_fields, .n_fields = N_ELEMENTS (organisation_fields),
  .get_type = qc_organisation_get_type,
};

/* person */
static const QcField person_fields[] = {
  REQUIRED_TEXT ("name", "name", N_("Name")),
  TEXT ("role", "role", N_("Role")),
  TEXT ("email", "email", N_("Email")),
  REF ("organisation", "organisation", "organisation", N_("Organisation")),
  BOOL ("champion", "champion", N_("QI champion")),
  BOOL ("coach", "coach", N_("Coach")),
};
static const QcField skill_fields[] = { BODY_REQ (N_("Skill")) };
static const QcCollection person_collections[] = {
  COLLECTION ("skill", "person_skills", skill_fields, N_("Skills")),
};
const QcKind qc_kind_person = {
  .name = "person", .plural = "people", .table = "people",
  .label = N_("Person"), .title_field = "name",
  .fields = person_fields, .n_fields = N_ELEMENTS (person_fields),
  .collections = person_collections, .n_collections = N_ELEMENTS (person_collections),
  .get_type = qc_person_get_type,
};

/* resource */
static const QcField resource_fields[] = {
  REQUIRED_TEXT ("title", "title", N_("Title")),
  TEXT ("url", "url", N_("Link")),
  ENUM ("kind", "kind", resource_kinds, N_("Kind")),
  TEXT ("description", "description", N_("Description")),
};
static const QcField tag_fields[] = { BODY_REQ (N_("Tag")) };
static const QcCollection resource_collections[] = {
  COLLECTION ("tag", "resource_tags", tag_fields, N_("Tags")),
};
const QcKind qc_kind_resource = {
  .name = "resource", .plural = "resources", .table = "resources",
  .label = N_("Resource"), .title_field = "title",
  .fields = resource_fields, .n_fields = N_ELEMENTS (resource_fields),
  .collections = resource_collections, .n_collections = N_ELEMENTS (resource_collections),
  .get_type = qc_resource_get_type,
};

/* project */
static const QcField project_fields[] = {
  REQUIRED_TEXT ("title", "title", N_("Title")),
  TEXT ("aim", "aim", N_("SMART aim")),
  TEXT ("problem", "problem", N_("Problem")),
  ENUM ("status", "status", project_statuses, N_("Status")),
  { .name = "progress", .column = "progress", .type = QC_FIELD_PROGRESS, .label = N_("Progress score") },
  TEXT ("theme", "theme", N_("Theme")),
  REF ("organisation", "organisation", "organisation", N_("Organisation")),
  REF ("lead", "lead", "person", N_("Lead")),
  REF ("sponsor", "sponsor", "person", N_("Sponsor")),
  REF ("coach", "coach", "person", N_("Coach")),
  DATE ("start", "start_date", N_("Start")),
  DATE ("target", "target_date", N_("Target date")),
};
static const QcField member_fields[] = {
  ATTR_REF_REQ ("ref", "ref", "person", N_("Person")),
  ATTR ("role", "role", QC_FIELD_TEXT, N_("Role")),
};
static const QcField score_fields[] = {
  ATTR_REQ ("date", "date", QC_FIELD_DATE, N_("Date")),
  { .name = "value", .column = "value", .type = QC_FIELD_PROGRESS, .place = QC_PLACE_ATTRIBUTE, .label = N_("Score"), .required = 1 },
  { .name = "note", .column = "note", .type = QC_FIELD_TEXT, .place = QC_PLACE_ATTRIBUTE, .label = N_("Note"), .searchable = 1 },
};
static const QcField driver_fields[] = {
  { .name = "id", .column = "driver_id", .type = QC_FIELD_UUID, .place = QC_PLACE_ATTRIBUTE, .label = N_("Id"), .required = 1 },
  ATTR_ENUM ("kind", "kind", driver_kinds, N_("Kind"), 1),
  { .name = "parent", .column = "parent", .type = QC_FIELD_REF, .ref_kind = "driver", .place = QC_PLACE_ATTRIBUTE, .label = N_("Parent") },
  BODY (N_("Driver")),
};
static const QcCollection project_collections[] = {
  COLLECTION ("tag", "project_tags", tag_fields, N_("Tags")),
  COLLECTION ("member", "project_members", member_fields, N_("Team members")),
  COLLECTION ("score", "project_scores", score_fields, N_("Progress history")),
  COLLECTION ("driver", "project_drivers", driver_fields, N_("Driver diagram")),
};
const QcKind qc_kind_project = {
  .name = "project", .plural = "projects", .table = "projects",
  .label = N_("Project"), .title_field = "title",
  .fields = project_fields, .n_fields = N_ELEMENTS (project_fields),
  .collections = project_collections, .n_collections = N_ELEMENTS (project_collections),
  .get_type = qc_project_get_type,
};

/* measure */
static const QcField measure_fields[] = {
  PARENT ("project", "project_id", "project", N_("Project")),
  REQUIRED_TEXT ("name", "name", N_("Name")),
  ENUM ("kind", "kind", measure_kinds, N_("Kind")),
  TEXT ("definition", "definition", N_("Operational definition")),
  TEXT ("unit", "unit", N_("Unit")),
  ENUM ("direction", "direction", directions, N_("Better direction")),
  DECIMAL ("target", "target", N_("Target")),
  ENUM ("chart", "chart", chart_types, N_("Chart")),
};
static const QcField phase_fields[] = {
  ATTR_REQ ("start", "start_date", QC_FIELD_DATE, N_("Start")),
  { .name = "label", .column = "label", .type = QC_FIELD_TEXT, .place = QC_PLACE_ATTRIBUTE, .label = N_("Reason"), .searchable = 1 },
};
static const QcField point_fields[] = {
  ATTR_REQ ("date", "date", QC_FIELD_DATE, N_("Date")),
  ATTR ("value", "value", QC_FIELD_DECIMAL, N_("Value")),
  ATTR ("numerator", "numerator", QC_FIELD_DECIMAL, N_("Numerator")),
  ATTR ("denominator", "denominator", QC_FIELD_DECIMAL, N_("Denominator")),
  ATTR_REF ("pdsa", "pdsa", "pdsa", N_("PDSA cycle")),
  { .name = "text", .column = "note", .type = QC_FIELD_TEXT, .place = QC_PLACE_TEXT, .label = N_("Note") },
};
static const QcCollection measure_collections[] = {
  COLLECTION ("phase", "measure_phases", phase_fields, N_("Phases")),
  { .name = "point", .table = "points", .fields = point_fields, .n_fields = N_ELEMENTS (point_fields),
    .label = N_("Data points"), .packed = 1 },
};
const QcKind qc_kind_measure = {
  .name = "measure", .plural = "measures", .table = "measures",
  .label = N_("Measure"), .title_field = "name",
  .fields = measure_fields, .n_fields = N_ELEMENTS (measure_fields),
  .collections = measure_collections, .n_collections = N_ELEMENTS (measure_collections),
  .get_type = qc_measure_get_type,
};

/* pdsa */
static const QcField pdsa_fields[] = {
  PARENT ("project", "project_id", "project", N_("Project")),
  REQUIRED_TEXT ("title", "title", N_("Title")),
  INT ("number", "number", N_("Cycle number")),
  REF ("change-idea", "change_idea", "driver", N_("Change idea")),
  ENUM ("purpose", "purpose", purposes, N_("Purpose")),
  TEXT ("objective", "objective", N_("Objective")),
  TEXT ("plan", "plan", N_("Plan")),
  TEXT ("data-plan", "data_plan", N_("Data plan")),
  TEXT ("do", "do_text", N_("Do")),
  TEXT ("study", "study", N_("Study")),
  ENUM ("act-decision", "act_decision", decisions, N_("Decision")),
  TEXT ("act", "act", N_("Act")),
  DATE ("start", "start_date", N_("Start")),
  DATE ("end", "end_date", N_("End")),
  ENUM ("stage", "stage", stages, N_("Stage")),
};
static const QcField question_fields[] = {
  { .name = "text", .column = "text", .type = QC_FIELD_TEXT, .place = QC_PLACE_ELEMENT, .label = N_("Question"), .searchable = 1 },
  { .name = "prediction", .column = "prediction", .type = QC_FIELD_TEXT, .place = QC_PLACE_ELEMENT, .label = N_("Prediction"), .searchable = 1 },
  { .name = "finding", .column = "finding", .type = QC_FIELD_TEXT, .place = QC_PLACE_ELEMENT, .label = N_("Finding"), .searchable = 1 },
};
static const QcField task_fields[] = {
  ATTR_REF ("who", "who", "person", N_("Owner")),
  ATTR ("due", "due", QC_FIELD_DATE, N_("Due")),
  ATTR ("done", "done", QC_FIELD_BOOL, N_("Done")),
  BODY (N_("Task")),
};
static const QcField measure_ref_fields[] = {
  ATTR_REF_REQ ("ref", "ref", "measure", N_("Measure")),
};
static const QcCollection pdsa_collections[] = {
  COLLECTION ("question", "pdsa_questions", question_fields, N_("Questions")),
  COLLECTION ("task", "pdsa_tasks", task_fields, N_("Tasks")),
  COLLECTION ("measure", "pdsa_measures", measure_ref_fields, N_("Measures")),
};
const QcKind qc_kind_pdsa = {
  .name = "pdsa", .plural = "pdsa", .table = "pdsa_cycles",
  .label = N_("PDSA cycle"), .title_field = "title",
  .fields = pdsa_fields, .n_fields = N_ELEMENTS (pdsa_fields),
  .collections = pdsa_collections, .n_collections = N_ELEMENTS (pdsa_collections),
  .get_type = qc_pdsa_get_type,
};

/* session */
static const QcField session_fields[] = {
  { .name = "date", .column = "date", .type = QC_FIELD_DATETIME, .label = N_("Date and time"), .required = 1 },
  INT ("minutes", "minutes", N_("Duration (minutes)")),
  ENUM ("mode", "mode", modes, N_("Mode")),
  ENUM ("phase", "phase", phases, N_("Coaching phase")),
  REF ("coach", "coach", "person", N_("Coach")),
  TEXT ("notes", "notes", N_("Notes")),
  TEXT ("strengths", "strengths", N_("Strengths")),
  TEXT ("barriers", "barriers", N_("Barriers")),
  BOOL ("escalate", "escalate", N_("Escalate to sponsor")),
  DATETIME ("next", "next_meeting", N_("Next meeting")),
  { .name = "reflection", .column = "reflection", .type = QC_FIELD_TEXT, .label = N_("Private reflection"), .searchable = 1, .is_private = 1 },
};
static const QcField project_ref_fields[] = { ATTR_REF_REQ ("ref", "ref", "project", N_("Project")) };
static const QcField attendee_fields[] = { ATTR_REF_REQ ("ref", "ref", "person", N_("Attendee")) };
static const QcField topic_fields[] = { BODY (N_("Topic")) };
static const QcField action_fields[] = {
  { .name = "id", .column = "action_id", .type = QC_FIELD_UUID, .place = QC_PLACE_ATTRIBUTE, .label = N_("Id"), .required = 1 },
  ATTR_REF ("owner", "owner", "person", N_("Owner")),
  ATTR ("due", "due", QC_FIELD_DATE, N_("Due")),
  ATTR ("done", "done", QC_FIELD_BOOL, N_("Done")),
  BODY (N_("Action")),
};
static const QcCollection session_collections[] = {
  COLLECTION ("project", "session_projects", project_ref_fields, N_("Projects")),
  COLLECTION ("attendee", "session_attendees", attendee_fields, N_("Attendees")),
  COLLECTION ("topic", "session_topics", topic_fields, N_("Topics")),
  COLLECTION ("action", "session_actions", action_fields, N_("Agreed actions")),
};
const QcKind qc_kind_session = {
  .name = "session", .plural = "sessions", .table = "sessions",
  .label = N_("Coaching session"), .title_field = "date",
  .fields = session_fields, .n_fields = N_ELEMENTS (session_fields),
  .collections = session_collections, .n_collections = N_ELEMENTS (session_collections),
  .get_type = qc_session_get_type,
};

static const QcKind *const all_kinds[] = {
  &qc_kind_organisation, &qc_kind_person, &qc_kind_resource, &qc_kind_project,
  &qc_kind_measure, &qc_kind_pdsa, &qc_kind_session,
};

const QcKind * const *
qc_kinds (guint *n_kinds)
{
  if (n_kinds)
    *n_kinds = G_N_ELEMENTS (all_kinds);
  return all_kinds;
}

const QcKind *
qc_kind_lookup (const char *name)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (all_kinds); i++)
    if (g_str_equal (all_kinds[i]->name, name))
      return all_kinds[i];
  return NULL;
}

const QcKind *
qc_kind_lookup_plural (const char *plural)
{
  for (guint i = 0; plural && i < G_N_ELEMENTS (all_kinds); i++)
    if (g_str_equal (all_kinds[i]->plural, plural))
      return all_kinds[i];
  return NULL;
}

static const QcField *
find_field (const QcField *fields, guint n_fields, const char *name, guint *index)
{
  for (guint i = 0; name && i < n_fields; i++)
    if (g_str_equal (fields[i].name, name))
      {
        if (index)
          *index = i;
        return &fields[i];
      }
  return NULL;
}

const QcField *
qc_kind_find_field (const QcKind *kind, const char *name, guint *index)
{
  return find_field (kind->fields, kind->n_fields, name, index);
}

const QcField *
qc_collection_find_field (const QcCollection *collection, const char *name, guint *index)
{
  return find_field (collection->fields, collection->n_fields, name, index);
}

const QcCollection *
qc_kind_find_collection (const QcKind *kind, const char *name, guint *index)
{
  for (guint i = 0; name && i < kind->n_collections; i++)
    if (g_str_equal (kind->collections[i].name, name))
      {
        if (index)
          *index = i;
        return &kind->collections[i];
      }
  return NULL;
}

static gboolean
all_in (const char *text, gsize start, gsize len, const char *accept)
{
  for (gsize i = start; i < start + len; i++)
    if (text[i] == '\0' || strchr (accept, text[i]) == NULL)
      return FALSE;
  return TRUE;
}

#define DIGITS "0123456789"
#define HEX "0123456789abcdef"

gboolean
qc_is_uuid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  return all_in (text, 0, 8, HEX) && text[8] == '-' &&
         all_in (text, 9, 4, HEX) && text[13] == '-' &&
         all_in (text, 14, 4, HEX) && text[18] == '-' &&
         all_in (text, 19, 4, HEX) && text[23] == '-' &&
         /* RFC 4122: version 1 to 5, variant 10xx, as the exchange schema says. */
         text[14] >= '1' && text[14] <= '5' && strchr ("89ab", text[19]) != NULL &&
         all_in (text, 24, 12, HEX);
}

gboolean
qc_is_date (const char *text)
{
  if (text == NULL || strlen (text) != 10 ||
      !all_in (text, 0, 4, DIGITS) || text[4] != '-' ||
      !all_in (text, 5, 2, DIGITS) || text[7] != '-' ||
      !all_in (text, 8, 2, DIGITS))
    return FALSE;
  int year = atoi (text), month = atoi (text + 5), day = atoi (text + 8);
  return year >= 1 && g_date_valid_dmy (day, month, year);
}

gboolean
qc_is_timestamp (const char *text)
{
  /* 2026-11-26T13:00:00.000Z exactly: one form, so comparisons and sorting
   * work on the text. */
  if (text == NULL || strlen (text) != 24)
    return FALSE;
  g_autofree char *date = g_strndup (text, 10);
  if (!qc_is_date (date) || text[10] != 'T' ||
      !all_in (text, 11, 2, DIGITS) || text[13] != ':' ||
      !all_in (text, 14, 2, DIGITS) || text[16] != ':' ||
      !all_in (text, 17, 2, DIGITS) || text[19] != '.' ||
      !all_in (text, 20, 3, DIGITS) || text[23] != 'Z')
    return FALSE;
  return atoi (text + 11) < 24 && atoi (text + 14) < 60 && atoi (text + 17) < 60;
}

char *
qc_uuid_new (void)
{
  return g_uuid_string_random ();
}

char *
qc_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *base = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (now) / 1000);
}

static gboolean
parse_decimal (const char *value, double *out)
{
  char *end = NULL;
  double d;

  if (value == NULL || *value == '\0' || g_ascii_isspace (*value))
    return FALSE;
  d = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

gboolean
qc_field_validate (const QcField *field, const char *value, GError **error)
{
  double d;
  const char *label = _(field->label);

  if (value == NULL || *value == '\0')
    return TRUE;

  switch (field->type)
    {
    case QC_FIELD_TEXT:
      if (!g_utf8_validate (value, -1, NULL))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s is not valid UTF-8 text"), label);
          return FALSE;
        }
      return TRUE;

    case QC_FIELD_ENUM:
      if (!g_strv_contains ((const char * const *) field->choices, value))
        {
          g_autofree char *choices = g_strjoinv (", ", (char **) field->choices);
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s must be one of %s, not “%s”"), label, choices, value);
          return FALSE;
        }
      return TRUE;

    case QC_FIELD_DATE:
      if (!qc_is_date (value))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s must be a date like 2026-03-31, not “%s”"), label, value);
          return FALSE;
        }
      return TRUE;

    case QC_FIELD_DATETIME:
      if (!qc_is_timestamp (value))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s must be a UTC time like 2026-03-31T14:00:00.000Z, not “%s”"),
                       label, value);
          return FALSE;
        }
      return TRUE;

    case QC_FIELD_BOOL:
      if (!g_str_equal (value, "true") && !g_str_equal (value, "false"))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s must be true or false, not “%s”"), label, value);
          return FALSE;
        }
      return TRUE;

    case QC_FIELD_INT:
      {
        gint64 n;
        if (!g_ascii_string_to_signed (value, 10, 0, G_MAXINT32, &n, NULL))
          {
            g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                         _("%s must be a whole number, not “%s”"), label, value);
            return FALSE;
          }
        return TRUE;
      }

    case QC_FIELD_DECIMAL:
      if (!parse_decimal (value, &d))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s must be a number like 12 or 0.95, not “%s”"), label, value);
          return FALSE;
        }
      return TRUE;

    case QC_FIELD_PROGRESS:
      if (!parse_decimal (value, &d) || d < 0.5 || d > 5.0 || fabs (d * 2 - round (d * 2)) > 1e-9)
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s must be on the IHI scale from 0.5 to 5.0 in steps of 0.5, not “%s”"),
                       label, value);
          return FALSE;
        }
      return TRUE;

    case QC_FIELD_REF:
      /* Drivers are ids too; every reference is a UUID. */
    case QC_FIELD_UUID:
      if (!qc_is_uuid (value))
        {
          g_set_error (error, QC_ERROR, QC_ERROR_INVALID,
                       _("%s must be a record id (a lower-case UUID), not “%s”"), label, value);
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

char *
qc_field_normalize (const QcField *field, const char *value)
{
  double d;

  if (value == NULL || *value == '\0')
    return NULL;
  if (field->type == QC_FIELD_PROGRESS && parse_decimal (value, &d))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", round (d * 2) / 2));
    }
  if (field->type == QC_FIELD_INT)
    {
      gint64 n;
      if (g_ascii_string_to_signed (value, 10, 0, G_MAXINT32, &n, NULL))
        return g_strdup_printf ("%" G_GINT64_FORMAT, n);
    }
  if (field->type == QC_FIELD_DECIMAL && parse_decimal (value, &d))
    {
      /* The shortest text that reads back as the same number: 0.9 stays
       * "0.9", not "0.90000000000000002". */
      static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        {
          g_ascii_formatd (buf, sizeof buf, formats[i], d);
          if (g_ascii_strtod (buf, NULL) == d)
            break;
        }
      return g_strdup (buf);
    }
  return g_strdup (value);
}
