#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "qc-coaching-labels.h"
#include "qc-kind.h"
#include "qc-labels.h"
#include "qc-window.h"

static const struct { const char *value; const char *label; } kind_values[] = {
  /* resources */
  { "article", N_("Article") },
  { "video", N_("Video") },
  { "website", N_("Website") },
  { "toolkit", N_("Toolkit") },
  { "template", N_("Template") },
  { "course", N_("Course") },
  { "book", N_("Book") },
  { "other", N_("Other") },
  /* organisations */
  { "acute", N_("Acute trust") },
  { "community", N_("Community services") },
  { "mental-health", N_("Mental health") },
  { "primary-care", N_("Primary care") },
  { "social-care", N_("Social care") },
  { "voluntary", N_("Voluntary sector") },
  { "commissioner", N_("Commissioner") },
};

const char *
qc_kind_value_label (const char *value)
{
  for (guint i = 0; value && i < G_N_ELEMENTS (kind_values); i++)
    if (g_str_equal (kind_values[i].value, value))
      return _(kind_values[i].label);
  return qc_choice_label (value);
}

char *
qc_session_when (const char *timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (utc == NULL)
    return g_strdup (timestamp);
  local = g_date_time_to_local (utc);
  /* TRANSLATORS: a session's date and time, see g_date_time_format(); e.g. "Mon 2 Feb 2026, 10:00" */
  return g_date_time_format (local, _("%a %-d %b %Y, %H:%M"));
}

char *
qc_session_when_short (const char *timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (timestamp == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (utc == NULL)
    return g_strdup (timestamp);
  local = g_date_time_to_local (utc);
  if (g_date_time_get_year (local) != g_date_time_get_year (now))
    return qc_session_when (timestamp);
  /* TRANSLATORS: a session's date and time this year, see g_date_time_format(); e.g. "Mon 2 Feb, 10:00" */
  return g_date_time_format (local, _("%a %-d %b, %H:%M"));
}

char *
qc_project_roles_text (QcProjectRole roles, const char *member_role)
{
  g_autoptr(GString) text = g_string_new (NULL);

#define ADD_ROLE(s) g_string_append_printf (text, "%s%s", text->len ? " · " : "", (s))
  if (roles & QC_PROJECT_ROLE_LEAD)
    ADD_ROLE (_("Lead"));
  if (roles & QC_PROJECT_ROLE_SPONSOR)
    ADD_ROLE (_("Sponsor"));
  if (roles & QC_PROJECT_ROLE_COACH)
    ADD_ROLE (_("Coach"));
  if (roles & QC_PROJECT_ROLE_MEMBER)
    {
      if (member_role != NULL && *member_role)
        {
          /* TRANSLATORS: a team member and their role in the team, e.g. "Member (data lead)" */
          g_autofree char *member = g_strdup_printf (_("Member (%s)"), member_role);
          ADD_ROLE (member);
        }
      else
        ADD_ROLE (_("Member"));
    }
#undef ADD_ROLE
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
qc_local_to_timestamp (const char *date, const char *time)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *base = NULL;
  int year, month, day, hour, minute;

  if (!qc_is_date (date) || time == NULL ||
      sscanf (date, "%d-%d-%d", &year, &month, &day) != 3 ||
      sscanf (time, "%d:%d", &hour, &minute) != 2 ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return NULL;
  local = g_date_time_new (tz, year, month, day, hour, minute, 0);
  if (local == NULL)
    return NULL;
  utc = g_date_time_to_utc (local);
  base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.000Z", base);
}

gboolean
qc_timestamp_to_local (const char *timestamp, char **date, char **time)
{
  g_autoptr(GDateTime) utc = timestamp ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    {
      *date = NULL;
      *time = NULL;
      return FALSE;
    }
  local = g_date_time_to_local (utc);
  *date = g_date_time_format (local, "%Y-%m-%d");
  *time = g_date_time_format (local, "%H:%M");
  return TRUE;
}

gboolean
qc_link_is_openable (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static void
on_shown (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GtkWidget) widget = data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the link: %s"), error->message);
      qc_widget_show_toast (widget, text);
    }
}

void
qc_open_link (GtkWidget *widget, const char *url)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!qc_link_is_openable (url))
    {
      qc_widget_show_toast (widget, _("Only web links (http: or https:) can be opened"));
      return;
    }
  /* gtk_show_uri_full() is the GTK 4.8 way; GtkUriLauncher is 4.10. */
  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME, NULL,
                     on_shown, g_object_ref (widget));
}
