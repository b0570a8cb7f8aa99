#pragma once

#include <json-glib/json-glib.h>

#include "qc-chart-analysis.h"

G_BEGIN_DECLS

/* The object of cli.md "chart analyse", keys in its order; null where a
 * value is absent. docs/charts.md lists the keys added beyond cli.md. */
JsonNode *qc_chart_result_to_json        (const QcChartResult *result);
char     *qc_chart_result_to_json_string (const QcChartResult *result,
                                          gboolean             pretty);

G_END_DECLS
