/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The administrators' reports over HTTP: /admin/reports/completion,
 * /admin/reports/assignments and /admin/reports/self-inspection, as JSON
 * or CSV.  The reports themselves
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
                    LrsAccount        *account,
                    GHashTable        *params)
{
  const char *department = NULL;
  const char *as_of = params != NULL ? g_hash_table_lookup (params, "as-of") : NULL;
  const char *format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;
  const char *summary = params != NULL ? g_hash_table_lookup (params, "summary") : NULL;
  gboolean overdue = params != NULL
                     && g_strcmp0 (g_hash_table_lookup (params, "overdue"), "true") == 0;
  g_autoptr(GHashTable) overrides = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Reports take GET");
      return;
    }
  if (!lrs_auth_report_scope (lrs->auth, msg, account,
                              params != NULL ? g_hash_table_lookup (params, "department") : NULL,
                              &department))
    return;
  if (lrs->catalog == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_CONFLICT,
                         LRS_NO_CONTENT_MESSAGE);
      return;
    }
  if (!lrs_parse_today (as_of, &today))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "as-of: a date, YYYY-MM-DD");
      return;
    }

  if (!lrs_report_check_names (lrs->store, lrs->catalog, lrs->config.home_page, department, NULL,
                               &error))
    {
      lrs_respond_gerror (msg, error);
      return;
    }

  overrides = lrs_assignments_load_overrides (lrs->store, &error);
  if (overrides == NULL)
    {
      g_warning ("The assignments could not be read: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The report could not be made");
      return;
    }
  rows = lrs_report_assignments (lrs->store, lrs->catalog, overrides, lrs->config.home_page,
                                 department, &today, overdue, &error);
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
      lrs_respond_json (msg, SOUP_STATUS_OK,
                        lrs_report_assignments_summary (rows, g_strcmp0 (summary, "person") == 0));
    }
  else if (g_strcmp0 (format, "csv") == 0)
    {
      g_autofree char *csv =
        lrs_report_assignments_to_csv (rows,
                                       g_strcmp0 (g_hash_table_lookup (params, "bom"), "true") == 0,
                                       g_strcmp0 (g_hash_table_lookup (params, "headers"), "ja")
                                         == 0);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Disposition",
                                    overdue ? "attachment; filename=\"overdue.csv\""
                                            : "attachment; filename=\"assignments.csv\"");
      lrs_respond (msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", csv);
    }
  else if (format == NULL || g_strcmp0 (format, "json") == 0)
    {
      JsonNode *json = lrs_report_assignments_to_json (rows);

      lrs_report_add_titles (json, lrs->catalog, lrs_request_language (msg));
      lrs_respond_json (msg, SOUP_STATUS_OK, json);
    }
  else
    lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "format: json or csv");
}

/* The self-inspection report: per department and item, who has not
 * answered, the follow-up list and the trend, for one checklist
 * (checklist=ID) or every one, one department (department=D) or all, as
 * of a day (as-of=YYYY-MM-DD); as JSON, or as CSV (format=csv) of one
 * list (list=follow-up, shares or not-answered). */
static void
inspection_report (Lrs               *lrs,
                   SoupServerMessage *msg,
                   LrsAccount        *account,
                   GHashTable        *params)
{
  const char *format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;
  const char *list = params != NULL ? g_hash_table_lookup (params, "list") : NULL;
  g_autoptr(GHashTable) overrides = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;
  LrsInspectionFilter filter = {
    .checklist = params != NULL ? g_hash_table_lookup (params, "checklist") : NULL,
    .today = &today,
    .lang = lrs_request_language (msg),
  };

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Reports take GET");
      return;
    }
  if (!lrs_auth_report_scope (lrs->auth, msg, account,
                              params != NULL ? g_hash_table_lookup (params, "department") : NULL,
                              &filter.department))
    return;
  if (lrs->catalog == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_CONFLICT, LRS_NO_CONTENT_MESSAGE);
      return;
    }
  if (!lrs_parse_today (params != NULL ? g_hash_table_lookup (params, "as-of") : NULL, &today))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "as-of: a date, YYYY-MM-DD");
      return;
    }
  if (format != NULL && g_strcmp0 (format, "json") != 0 && g_strcmp0 (format, "csv") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "format: json or csv");
      return;
    }
  if (list != NULL && g_strcmp0 (list, "follow-up") != 0 && g_strcmp0 (list, "shares") != 0 &&
      g_strcmp0 (list, "not-answered") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "list: follow-up, shares or not-answered");
      return;
    }
  if (!lrs_report_check_names (lrs->store, lrs->catalog, lrs->config.home_page, filter.department,
                               NULL, &error))
    {
      lrs_respond_gerror (msg, error);
      return;
    }

  overrides = lrs_assignments_load_overrides (lrs->store, &error);
  if (overrides != NULL)
    report = lrs_report_inspection (lrs->store, lrs->catalog, overrides, lrs->config.home_page,
                                    &filter, &error);
  if (report == NULL)
    {
      if (error->domain == LRS_ERROR)
        {
          lrs_respond_gerror (msg, error);
          return;
        }
      g_warning ("The self-inspection report failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The report could not be made");
      return;
    }

  if (g_strcmp0 (format, "csv") == 0)
    {
      g_autofree char *csv =
        lrs_report_inspection_to_csv (report, list != NULL ? list : "follow-up",
                                      g_strcmp0 (g_hash_table_lookup (params, "bom"), "true") == 0,
                                      g_strcmp0 (g_hash_table_lookup (params, "headers"), "ja")
                                        == 0);
      g_autofree char *disposition =
        g_strdup_printf ("attachment; filename=\"self-inspection-%s.csv\"",
                         list != NULL ? list : "follow-up");

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Disposition", disposition);
      lrs_respond (msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", csv);
    }
  else
    lrs_respond_json (msg, SOUP_STATUS_OK, g_steal_pointer (&report));
}

/*
 * GET /admin/reports/completion: each staff member's latest verdict per
 * module, with department, module, since and until (dates or ISO 8601
 * times) or fiscal-year filters; a department or module that does not
 * exist is 404, with the nearest names; as JSON, or
 * as CSV (format=csv) with bom=true for Excel and headers=ja for Japanese
 * column names.  GET /admin/reports/assignments: see above.
 * Administrators, and department heads for their own department (see
 * lrs_auth_report_scope()).
 */
void
lrs_admin_reports_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *params,
                      gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(LrsAccount) account = lrs_authenticate_reader (lrs->auth, msg);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) until = NULL;
  LrsReportFilter filter = { 0 };
  const char *format;

  if (account == NULL)
    return;
  if (g_strcmp0 (path, "/admin/reports/assignments") == 0)
    {
      assignments_report (lrs, msg, account, params);
      return;
    }
  if (g_strcmp0 (path, "/admin/reports/self-inspection") == 0)
    {
      inspection_report (lrs, msg, account, params);
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

  if (!lrs_auth_report_scope (lrs->auth, msg, account,
                              params != NULL ? g_hash_table_lookup (params, "department") : NULL,
                              &filter.department))
    return;
  if (params != NULL)
    filter.module = g_hash_table_lookup (params, "module");
  /* Dates, times or a fiscal year, read as the command line reads them. */
  if (!awareness_period_parse (params != NULL ? g_hash_table_lookup (params, "since") : NULL,
                               params != NULL ? g_hash_table_lookup (params, "until") : NULL,
                               params != NULL ? g_hash_table_lookup (params, "fiscal-year") : NULL,
                               &since, &until, &error))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error->message);
      return;
    }
  filter.since = since;
  filter.until = until;
  if (!lrs_report_check_names (lrs->store, lrs->catalog, lrs->config.home_page, filter.department,
                               filter.module, &error))
    {
      lrs_respond_gerror (msg, error);
      return;
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
      g_autofree char *csv =
        lrs_report_to_csv (rows, g_strcmp0 (g_hash_table_lookup (params, "bom"), "true") == 0,
                           g_strcmp0 (g_hash_table_lookup (params, "headers"), "ja") == 0);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Disposition",
                                    "attachment; filename=\"completion.csv\"");
      lrs_respond (msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", csv);
    }
  else if (format == NULL || g_strcmp0 (format, "json") == 0)
    {
      JsonNode *json = lrs_report_to_json (rows);

      lrs_report_add_titles (json, lrs->catalog, lrs_request_language (msg));
      lrs_respond_json (msg, SOUP_STATUS_OK, json);
    }
  else
    lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "format: json or csv");
}
