#include "config.h"

#include <glib/gi18n.h>

#include "qc-labels.h"

static const struct { const char *value; const char *label; } choices[] = {
  /* project status */
  { "idea", N_("Idea") },
  { "active", N_("Active") },
  { "on-hold", N_("On hold") },
  { "completed", N_("Completed") },
  { "abandoned", N_("Abandoned") },
  /* drivers */
  { "primary", N_("Primary driver") },
  { "secondary", N_("Secondary driver") },
  { "change-idea", N_("Change idea") },
  /* PDSA */
  { "information", N_("Collect information") },
  { "test", N_("Test a change") },
  { "implement", N_("Implement a change") },
  { "adopt", N_("Adopt") },
  { "adapt", N_("Adapt") },
  { "abandon", N_("Abandon") },
  { "plan", N_("Plan") },
  { "do", N_("Do") },
  { "study", N_("Study") },
  { "act", N_("Act") },
  { "done", N_("Done") },
  /* measures */
  { "outcome", N_("Outcome") },
  { "process", N_("Process") },
  { "balancing", N_("Balancing") },
  /* sessions */
  { "in-person", N_("In person") },
  { "video", N_("Video") },
  { "phone", N_("Phone") },
  { "email", N_("Email") },
  { "pre", N_("Pre-phase") },
  { "action", N_("Action phase") },
  { "transition", N_("Transition") },
};

const char *
qc_choice_label (const char *value)
{
  if (value == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    if (g_str_equal (choices[i].value, value))
      return _(choices[i].label);
  return value;
}

/* The IHI scale with each level's meaning (docs: qi-domain.md). */
static const struct { const char *value; const char *title; const char *meaning; } levels[] = {
  { "0.5", N_("Intent to participate"), N_("Project identified, no charter or team yet") },
  { "1.0", N_("Charter and team established"), N_("No work yet") },
  { "1.5", N_("Planning has begun"), N_("Resources, first focus, tools, meeting schedule") },
  { "2.0", N_("Activity but no changes"), N_("Baseline data, process study, surveys") },
  { "2.5", N_("Changes tested but no improvement"), N_("Measures graphed with targets") },
  { "3.0", N_("Modest improvement"), N_("Some successful tests, small-scale implementation") },
  { "3.5", N_("Improvement"), N_("Testing and implementation continue, measures improving") },
  { "4.0", N_("Significant improvement"), N_("Expected results for major parts; implementation begun") },
  { "4.5", N_("Sustainable improvement"), N_("Key measures show the impact is sustained") },
  { "5.0", N_("Outstanding sustainable results"), N_("All goals met, change made permanent") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (levels) == QC_N_PROGRESS_LEVELS);

const char *
qc_progress_value (guint level)
{
  g_return_val_if_fail (level < QC_N_PROGRESS_LEVELS, NULL);
  return levels[level].value;
}

const char *
qc_progress_title (guint level)
{
  g_return_val_if_fail (level < QC_N_PROGRESS_LEVELS, NULL);
  return _(levels[level].title);
}

const char *
qc_progress_meaning (guint level)
{
  g_return_val_if_fail (level < QC_N_PROGRESS_LEVELS, NULL);
  return _(levels[level].meaning);
}

int
qc_progress_level (const char *value)
{
  for (guint i = 0; value && i < QC_N_PROGRESS_LEVELS; i++)
    if (g_str_equal (levels[i].value, value))
      return (int) i;
  return -1;
}

char *
qc_date_to_display (const char *iso_date)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (iso_date == NULL)
    return NULL;
  text = g_strdup_printf ("%.10sT00:00:00Z", iso_date);
  date = g_date_time_new_from_iso8601 (text, NULL);
  if (date == NULL)
    return g_strdup (iso_date);
  /* TRANSLATORS: a date, see g_date_time_format(); e.g. "31 Mar 2026" */
  return g_date_time_format (date, _("%-d %b %Y"));
}

char *
qc_timestamp_to_display (const char *timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (utc == NULL)
    return g_strdup (timestamp);
  local = g_date_time_to_local (utc);
  /* TRANSLATORS: a date and time, see g_date_time_format(); e.g. "31 Mar 2026, 14:05" */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
qc_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}
