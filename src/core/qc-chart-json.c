#include "qc-chart-json.h"

#include <math.h>
#include <string.h>

/*
 * json-glib 1.6 prints doubles with "%.17g" and appends ".0" when there is
 * no point, which turns 1e+17 into the invalid "1e+17.0". Doubles that
 * large are integers, so print them as integers while they fit; NAN and
 * infinities become null.
 */
static void
add_number (JsonBuilder *builder,
            double       v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    json_builder_add_null_value (builder);
  else if (fabs (v) < 1e17)
    json_builder_add_double_value (builder, v == 0 ? 0.0 : v);  /* no -0.0 */
  else if (fabs (v) < 9e18)
    json_builder_add_int_value (builder, (gint64) v);
  else if (strchr (g_ascii_formatd (buf, sizeof buf, "%.17g", v), '.') != NULL)
    json_builder_add_double_value (builder, v);
  else
    json_builder_add_null_value (builder);  /* beyond any measure */
}

static void
add_member_number (JsonBuilder *builder,
                   const char  *name,
                   double       v)
{
  json_builder_set_member_name (builder, name);
  add_number (builder, v);
}

static void
add_member_uint_or_null (JsonBuilder *builder,
                         const char  *name,
                         gboolean     present,
                         gint64       v)
{
  json_builder_set_member_name (builder, name);
  if (present)
    json_builder_add_int_value (builder, v);
  else
    json_builder_add_null_value (builder);
}

static void
add_runs (JsonBuilder       *builder,
          const QcChartRuns *runs,
          QcChartRules       rules)
{
  gboolean v = runs->valid;

  json_builder_begin_object (builder);
  add_member_uint_or_null (builder, "n_useful", v, runs->n_useful);
  add_member_uint_or_null (builder, "longest_run", v, runs->longest_run);
  add_member_uint_or_null (builder, "longest_run_max", v, runs->longest_run_max);
  add_member_uint_or_null (builder, "crossings", v, runs->crossings);
  add_member_uint_or_null (builder, "crossings_min", v && runs->crossings_min >= 0, runs->crossings_min);
  /* IHI judges too many runs as well. */
  if (rules == QC_CHART_RULES_IHI)
    add_member_uint_or_null (builder, "crossings_max", v && runs->crossings_max >= 0, runs->crossings_max);
  json_builder_set_member_name (builder, "signal");
  json_builder_add_boolean_value (builder, runs->signal);
  json_builder_end_object (builder);
}

JsonNode *
qc_chart_result_to_json (const QcChartResult *result)
{
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean mdc;

  g_return_val_if_fail (result != NULL, NULL);

  mdc = result->rules == QC_CHART_RULES_MDC;
  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, qc_chart_type_to_string (result->type));
  json_builder_set_member_name (builder, "rules");
  json_builder_add_string_value (builder, qc_chart_rules_to_string (result->rules));
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, result->n);

  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->n_points; i++)
    {
      const QcChartPoint *pt = &result->points[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, pt->date);
      add_member_number (builder, "y", pt->y);
      add_member_number (builder, "cl", pt->cl);
      add_member_number (builder, "lcl", pt->lcl);
      add_member_number (builder, "ucl", pt->ucl);
      json_builder_set_member_name (builder, "signals");
      json_builder_begin_array (builder);
      for (guint s = 0; s < QC_CHART_N_SIGNALS; s++)
        if (pt->signals & (1u << s))
          json_builder_add_string_value (builder, qc_chart_signal_to_string ((QcChartSignal) (1u << s)));
      json_builder_end_array (builder);
      if (mdc)
        {
          const char *variation = qc_chart_variation_to_string (pt->variation);

          json_builder_set_member_name (builder, "variation");
          if (variation != NULL)
            json_builder_add_string_value (builder, variation);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "runs");
  add_runs (builder, &result->runs, result->rules);

  json_builder_set_member_name (builder, "sigma_signal");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->n_points; i++)
    if (result->points[i].signals & QC_CHART_SIGNAL_OUTSIDE_LIMITS)
      json_builder_add_int_value (builder, i);
  json_builder_end_array (builder);

  if (mdc && isfinite (result->target))
    {
      const char *assurance = qc_chart_assurance_to_string (result->assurance);

      json_builder_set_member_name (builder, "assurance");
      if (assurance != NULL)
        json_builder_add_string_value (builder, assurance);
      else
        json_builder_add_null_value (builder);
    }
  if (mdc)
    {
      json_builder_set_member_name (builder, "trial_limits");
      json_builder_add_boolean_value (builder, result->trial_limits);
    }

  /* Per-phase detail only when there is more than one phase. */
  if (result->n_phases > 1)
    {
      json_builder_set_member_name (builder, "phases");
      json_builder_begin_array (builder);
      for (guint k = 0; k < result->n_phases; k++)
        {
          const QcChartPhase *ph = &result->phases[k];

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "first");
          json_builder_add_int_value (builder, ph->first);
          json_builder_set_member_name (builder, "last");
          json_builder_add_int_value (builder, ph->last);
          json_builder_set_member_name (builder, "n");
          json_builder_add_int_value (builder, ph->n);
          add_member_number (builder, "cl", ph->centre);
          json_builder_set_member_name (builder, "runs");
          add_runs (builder, &ph->runs, result->rules);
          if (mdc)
            {
              json_builder_set_member_name (builder, "trial_limits");
              json_builder_add_boolean_value (builder, ph->trial_limits);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
qc_chart_result_to_json_string (const QcChartResult *result,
                                gboolean             pretty)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  root = qc_chart_result_to_json (result);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
