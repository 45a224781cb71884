/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The administrators' web dashboard: its pages (HTML, CSS, JavaScript and
 * the translations, compiled in as a GResource) and the JSON the pages
 * show, made by lrs-report.c.  Signing in, the session cookie and its
 * CSRF token are lrs-auth.c's.  Every dashboard response forbids inline
 * scripts, framing and sniffing.
 */
#include "config.h"

#include "lrs-assignments.h"
#include "lrs-http.h"
#include "lrs-report.h"
#include "lrs-server.h"

#define RESOURCE_PREFIX "/org/example/Awareness/dashboard/"

/* Pages */

static const struct {
  const char *path;
  const char *resource;
  const char *content_type;
} assets[] = {
  { "/dashboard/", "index.html", "text/html; charset=utf-8" },
  { "/dashboard/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8" },
  { "/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8" },
  { "/dashboard/i18n/ja.json", "ja.json", "application/json" },
};

static void
serve_asset (SoupServerMessage *msg,
             const char        *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (assets); i++)
    {
      g_autofree char *resource = NULL;
      GBytes *bytes;

      if (g_strcmp0 (path, assets[i].path) != 0)
        continue;
      resource = g_strconcat (RESOURCE_PREFIX, assets[i].resource, NULL);
      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_assert (bytes != NULL);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, assets[i].content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_bytes_unref (bytes);
      return;
    }
  lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such page");
}

void
lrs_dashboard_pages_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *params,
                        gpointer           user_data)
{
  Lrs *lrs = user_data;

  lrs_set_security_headers (msg);
  if (g_strcmp0 (path, "/dashboard/api/session") == 0)
    {
      lrs_auth_handle_session (lrs->auth, msg);
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The pages take GET");
      return;
    }
  if (g_strcmp0 (path, "/dashboard") == 0)
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/dashboard/");
      return;
    }
  serve_asset (msg, path);
}

/* Data: GET /admin/dashboard/{overview,department,items,clause} */

static const char *
param (GHashTable *params,
       const char *name)
{
  return params != NULL ? g_hash_table_lookup (params, name) : NULL;
}

static const char *
language (GHashTable *params)
{
  return g_strcmp0 (param (params, "lang"), "en") == 0 ? "en" : "ja";
}

/* Whether content has been published; if not, the response says so. */
static gboolean
have_catalog (Lrs               *lrs,
              SoupServerMessage *msg)
{
  if (lrs->catalog != NULL)
    return TRUE;
  lrs_respond_error (msg, LRS_ERROR_CONFLICT,
                     LRS_NO_CONTENT_MESSAGE);
  return FALSE;
}

/* The assignment report of @department (or of all) as of the request's
 * day, or NULL with the response set. */
static GPtrArray *
assignment_rows (Lrs               *lrs,
                 SoupServerMessage *msg,
                 const char        *department,
                 GDate             *today)
{
  g_autoptr(GHashTable) overrides = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  if (!have_catalog (lrs, msg))
    return NULL;
  overrides = lrs_assignments_load_overrides (lrs->store, &error);
  if (overrides != NULL)
    rows = lrs_report_assignments (lrs->store, lrs->catalog, overrides, lrs->config.home_page,
                                   department, today, FALSE, &error);
  if (overrides == NULL || rows == NULL)
    {
      g_warning ("The dashboard's report failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The report could not be made");
      return NULL;
    }
  return rows;
}

void
lrs_dashboard_data_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *params,
                       gpointer           user_data)
{
  Lrs *lrs = user_data;
  /* The pages' requests have the session cookie; other clients, Basic
   * credentials.  Department heads read their own department. */
  g_autoptr(LrsAccount) account =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization")
        != NULL
      ? lrs_authenticate_reader (lrs->auth, msg)
      : lrs_authenticate_session (lrs->auth, msg);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *department = NULL;
  GDate today;

  if (account == NULL)
    return;
  lrs_set_security_headers (msg);
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The dashboard's data take GET");
      return;
    }
  if (!lrs_parse_today (param (params, "as-of"), &today))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "as-of: a date, YYYY-MM-DD");
      return;
    }

  if (g_strcmp0 (path, "/admin/dashboard/overview") == 0)
    {
      g_autoptr(GHashTable) overrides = NULL;
      JsonNode *overview = NULL;

      if (!lrs_auth_report_scope (lrs->auth, msg, account, NULL, &department) ||
          !have_catalog (lrs, msg))
        return;
      overrides = lrs_assignments_load_overrides (lrs->store, &error);
      if (overrides != NULL)
        overview = lrs_report_overview (lrs->store, lrs->catalog, overrides, lrs->config.home_page,
                                        department, &today, &error);
      if (overview == NULL)
        {
          g_warning ("The overview failed: %s", error->message);
          lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The report could not be made");
          return;
        }
      lrs_respond_json (msg, SOUP_STATUS_OK, overview);
    }
  else if (g_strcmp0 (path, "/admin/dashboard/department") == 0)
    {
      const char *name = NULL;

      if (param (params, "name") == NULL)
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "name: the department");
          return;
        }
      if (!lrs_auth_report_scope (lrs->auth, msg, account, param (params, "name"), &name))
        return;
      if (!lrs_report_check_names (lrs->store, lrs->catalog, lrs->config.home_page, name, NULL,
                                   &error))
        {
          lrs_respond_gerror (msg, error);
          return;
        }
      rows = assignment_rows (lrs, msg, name, &today);
      if (rows == NULL)
        return;
      if (!lrs_report_add_last_results (lrs->store, lrs->config.home_page, name, rows, &error))
        {
          g_warning ("The department report failed: %s", error->message);
          lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The report could not be made");
          return;
        }
      lrs_respond_json (msg, SOUP_STATUS_OK,
                        lrs_report_department (rows, lrs->catalog, name, &today,
                                               language (params)));
    }
  else if (g_strcmp0 (path, "/admin/dashboard/items") == 0)
    {
      JsonNode *items;

      if (!lrs_auth_report_scope (lrs->auth, msg, account, param (params, "department"),
                                  &department) ||
          !have_catalog (lrs, msg))
        return;
      items = lrs_report_items (lrs->store, lrs->catalog, lrs->config.home_page, department,
                                language (params), &error);
      if (items == NULL)
        {
          g_warning ("The item analysis failed: %s", error->message);
          lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The item analysis could not be made");
          return;
        }
      lrs_respond_json (msg, SOUP_STATUS_OK, items);
    }
  else if (g_strcmp0 (path, "/admin/dashboard/clause") == 0)
    {
      AwarenessClause *clause = lrs->catalog != NULL && param (params, "id") != NULL
                                  ? awareness_catalog_lookup_clause (lrs->catalog,
                                                                     param (params, "id"))
                                  : NULL;

      if (clause == NULL)
        {
          lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such clause in the published policy");
          return;
        }
      lrs_respond_json (msg, SOUP_STATUS_OK, lrs_report_clause (clause, language (params)));
    }
  else
    lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such data");
}

/* Refuses large bodies to the sign-in before they are read. */
void
lrs_dashboard_early_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *params,
                        gpointer           user_data)
{
  lrs_refuse_large_body (msg, LRS_AUTH_MAX_SIGN_IN);
}
