/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The administrators' reports over HTTP: /admin/reports/completion and
 * /admin/reports/assignments, as JSON or CSV.  The reports themselves
 * are made by lrs-report.c, which knows nothing of HTTP.
 */
#include "config.h"

#include "lrs-assignments.h"
#include "lrs-http.h"
#include "lrs-report.h"
#include "lrs-server.h"

/* Who must complete what by when, and where they stand: per person and
 * module, only the overdue (for reminders), or summed per department or
 * person; as of a day (as-of=YYYY-MM-DD, today by default). */
static void
assignments_report (Lrs               *lrs,
                    SoupServerMessage *msg,
                    GHashTable        *params)
{
  const char *department = params != NULL ? g_hash_table_lookup (params, "department") : NULL;
  const char *as_of = params != NULL ? g_hash_table_lookup (params, "as-of") : NULL;
  const char *format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;
  const char *summary = params != NULL ? g_hash_table_lookup (params, "summary") : NULL;
  gboolean overdue = params != NULL && g_strcmp0 (g_hash_table_lookup (params, "overdue"), "true") == 0;
  g_autoptr(GHashTable) overrides = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Reports take GET");
      return;
    }
  if (lrs->catalog == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_CONFLICT,
                         "No content has been published: assignments come from the published catalog");
      return;
    }
  if (!lrs_parse_today (as_of, &today))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "as-of: a date, YYYY-MM-DD");
      return;
    }

  overrides = lrs_assignments_load_overrides (lrs->store, &error);
  if (overrides == NULL)
    {
      g_warning ("The assignments could not be read: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The report could not be made");
      return;
    }
  rows = lrs_report_assignments (lrs->store, lrs->catalog, overrides, lrs->config.home_page, department, &today,
                                 overdue, &error);
  if (rows == NULL)
    {
      g_warning ("The assignment report failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The report could not be made");
      return;
    }

  if (summary != NULL)
    {
      if (g_strcmp0 (summary, "department") != 0 && g_strcmp0 (summary, "person") != 0)
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "summary: department or person");
          return;
        }
      lrs_respond_json (msg, SOUP_STATUS_OK, lrs_report_assignments_summary (rows, g_strcmp0 (summary, "person") == 0));
    }
  else if (g_strcmp0 (format, "csv") == 0)
    {
      g_autofree char *csv = lrs_report_assignments_to_csv (rows,
                                                            g_strcmp0 (g_hash_table_lookup (params, "bom"), "true") == 0,
                                                            g_strcmp0 (g_hash_table_lookup (params, "headers"), "ja") == 0);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Disposition",
                                    overdue ? "attachment; filename=\"overdue.csv\""
                                            : "attachment; filename=\"assignments.csv\"");
      lrs_respond (msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", csv);
    }
  else if (format == NULL || g_strcmp0 (format, "json") == 0)
    {
      lrs_respond_json (msg, SOUP_STATUS_OK, lrs_report_assignments_to_json (rows));
    }
  else
    lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "format: json or csv");
}

/*
 * GET /admin/reports/completion: each staff member's latest verdict per
 * module, with department, module, since and until filters; as JSON, or
 * as CSV (format=csv) with bom=true for Excel and headers=ja for Japanese
 * column names.  GET /admin/reports/assignments: see above.
 * Administrators only.
 */
void
lrs_admin_reports_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *params,
                      gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(LrsAccount) account = lrs_authenticate_admin (lrs->auth, msg);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  LrsReportFilter filter = { 0 };
  const char *format;

  if (account == NULL)
    return;
  if (g_strcmp0 (path, "/admin/reports/assignments") == 0)
    {
      assignments_report (lrs, msg, params);
      return;
    }
  if (g_strcmp0 (path, "/admin/reports/completion") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such report");
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Reports take GET");
      return;
    }

  if (params != NULL)
    {
      filter.department = g_hash_table_lookup (params, "department");
      filter.module = g_hash_table_lookup (params, "module");
      filter.since = g_hash_table_lookup (params, "since");
      filter.until = g_hash_table_lookup (params, "until");
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *bound = i == 0 ? filter.since : filter.until;

      if (bound != NULL && !awareness_xapi_validate_timestamp (bound))
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                             i == 0 ? "since: not an ISO 8601 timestamp" : "until: not an ISO 8601 timestamp");
          return;
        }
    }

  rows = lrs_report_completion (lrs->store, lrs->config.home_page, &filter, &error);
  if (rows == NULL)
    {
      g_warning ("The completion report failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The report could not be made");
      return;
    }

  format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;
  if (g_strcmp0 (format, "csv") == 0)
    {
      g_autofree char *csv = lrs_report_to_csv (rows,
                                                g_strcmp0 (g_hash_table_lookup (params, "bom"), "true") == 0,
                                                g_strcmp0 (g_hash_table_lookup (params, "headers"), "ja") == 0);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Disposition",
                                    "attachment; filename=\"completion.csv\"");
      lrs_respond (msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", csv);
    }
  else if (format == NULL || g_strcmp0 (format, "json") == 0)
    {
      lrs_respond_json (msg, SOUP_STATUS_OK, lrs_report_to_json (rows));
    }
  else
    lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "format: json or csv");
}
