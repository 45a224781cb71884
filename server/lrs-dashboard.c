/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The administrators' web dashboard: its pages (HTML, CSS, JavaScript and
 * the translations, compiled in as a GResource), the sign-in that makes a
 * session, and the JSON the pages show, made by lrs-report.c.
 *
 * A session is a random token (libsodium) in a cookie that is HttpOnly,
 * Secure and SameSite=Strict, kept only in memory as a SHA-256 key with
 * the token compared in constant time; it expires, and signing out ends
 * it.  Each session has a CSRF token that every state-changing request
 * made with the cookie must carry in X-CSRF-Token, from the server's own
 * origin.  The sign-in itself is refused from another origin.  Every
 * dashboard response forbids inline scripts, framing and sniffing.
 */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "lrs-dashboard.h"
#include "lrs-report.h"

#define COOKIE_NAME     "__Host-awareness-session"
#define TOKEN_BYTES     32
#define MAX_SIGN_IN     4096
#define RESOURCE_PREFIX "/org/example/Awareness/dashboard/"

#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

typedef struct {
  char   *token;        /* hex */
  char   *csrf;         /* hex */
  char   *account_key;
  gint64  expires;      /* monotonic microseconds */
} Session;

struct _LrsDashboard
{
  Lrs        *lrs;
  GHashTable *sessions;  /* SHA-256 of the token → Session */
};

static void
session_free (Session *session)
{
  sodium_memzero (session->token, strlen (session->token));
  sodium_memzero (session->csrf, strlen (session->csrf));
  g_free (session->token);
  g_free (session->csrf);
  g_free (session->account_key);
  g_free (session);
}

static char *
random_hex (void)
{
  guchar bytes[TOKEN_BYTES];
  char hex[TOKEN_BYTES * 2 + 1];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (hex);
}

static char *
token_digest (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Headers */

static void
set_security_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Content-Security-Policy", CSP);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
}

/* The session token of the request's cookie, or NULL. */
static char *
dup_cookie_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Cookie");
  g_autoptr(GHashTable) cookies = NULL;

  if (header == NULL)
    return NULL;
  cookies = soup_header_parse_semi_param_list (header);
  return g_strdup (g_hash_table_lookup (cookies, COOKIE_NAME));
}

gboolean
lrs_dashboard_has_session_cookie (SoupServerMessage *msg)
{
  g_autofree char *token = dup_cookie_token (msg);

  return token != NULL;
}

/* Whether the request comes from this server's own origin: its Origin
 * header names the host it was sent to, over the scheme the server
 * speaks, and the browser does not call it cross-site. */
static gboolean
same_origin (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  const char *fetch_site = soup_message_headers_get_one (headers, "Sec-Fetch-Site");
  const char *host = soup_message_headers_get_one (headers, "Host");
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *expected = NULL;

  if (fetch_site != NULL && g_strcmp0 (fetch_site, "same-origin") != 0)
    return FALSE;
  if (origin == NULL || host == NULL)
    return FALSE;
  expected = g_strconcat (g_uri_get_scheme (uri), "://", host, NULL);
  return g_ascii_strcasecmp (origin, expected) == 0;
}

/* The session of the request's cookie, if it is valid and unexpired. */
static Session *
lookup_session (LrsDashboard      *self,
                SoupServerMessage *msg)
{
  g_autofree char *token = dup_cookie_token (msg);
  g_autofree char *digest = NULL;
  Session *session;

  if (token == NULL || strlen (token) != TOKEN_BYTES * 2)
    return NULL;
  digest = token_digest (token);
  session = g_hash_table_lookup (self->sessions, digest);
  if (session == NULL || sodium_memcmp (session->token, token, TOKEN_BYTES * 2) != 0)
    return NULL;
  if (g_get_monotonic_time () > session->expires)
    {
      g_hash_table_remove (self->sessions, digest);
      return NULL;
    }
  return session;
}

static gboolean
is_safe_method (const char *method)
{
  return g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0;
}

/* Whether a state-changing request made with the session's cookie
 * carries its CSRF token and comes from the server's own origin. */
static gboolean
csrf_ok (Session           *session,
         SoupServerMessage *msg)
{
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-CSRF-Token");

  if (is_safe_method (soup_server_message_get_method (msg)))
    return TRUE;
  return same_origin (msg) && token != NULL && strlen (token) == TOKEN_BYTES * 2 &&
         sodium_memcmp (token, session->csrf, TOKEN_BYTES * 2) == 0;
}

/* The account of a session that is still an active administrator. */
static LrsAccount *
session_admin (Lrs     *lrs,
               Session *session)
{
  g_autoptr(LrsAccount) account = lrs_store_lookup_account (lrs->store, session->account_key, NULL, NULL);

  if (account == NULL || !account->active || account->role != LRS_ROLE_ADMIN)
    return NULL;
  return g_steal_pointer (&account);
}

/**
 * lrs_dashboard_authenticate:
 *
 * The administrator of the request's session cookie, or NULL with the
 * response set: 401 without a valid session, 403 for a state-changing
 * request without the session's CSRF token or from another origin.
 */
LrsAccount *
lrs_dashboard_authenticate (Lrs               *lrs,
                            SoupServerMessage *msg)
{
  Session *session = lookup_session (lrs->dashboard, msg);
  g_autoptr(LrsAccount) account = NULL;

  set_security_headers (msg);
  if (session == NULL || (account = session_admin (lrs, session)) == NULL)
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "Sign in again: no valid session");
      /* No Basic challenge: a browser would ask for credentials itself. */
      soup_message_headers_remove (soup_server_message_get_response_headers (msg), "WWW-Authenticate");
      return NULL;
    }
  if (!csrf_ok (session, msg))
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "Refused: a missing or wrong CSRF token, or another origin");
      return NULL;
    }
  return g_steal_pointer (&account);
}

/* Sessions */

/* The session cookie: a __Host- cookie (Secure, Path=/, no Domain), out
 * of reach of scripts and of other sites' requests. */
static void
set_cookie (SoupServerMessage *msg,
            const char        *token,
            int                max_age)
{
  g_autofree char *header = g_strdup_printf (COOKIE_NAME "=%s; Path=/; Max-Age=%d; Secure; HttpOnly; SameSite=Strict",
                                             token, max_age);

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", header);
}

static void
respond_session (SoupServerMessage *msg,
                 LrsAccount        *account,
                 Session           *session)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "staff_id");
  json_builder_add_string_value (builder, account->staff_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, account->display_name != NULL ? account->display_name : "");
  json_builder_set_member_name (builder, "csrf");
  json_builder_add_string_value (builder, session->csrf);
  json_builder_end_object (builder);
  respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static gboolean
session_expired_cb (gpointer key,
                    gpointer value,
                    gpointer user_data)
{
  Session *session = value;

  return g_get_monotonic_time () > session->expires;
}

/* POST /dashboard/api/session with {"key", "secret"} (JSON, from the
 * server's own origin): an administrator's session. */
static void
sign_in (LrsDashboard      *self,
         SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LrsAccount) account = NULL;
  g_autofree char *digest = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  JsonObject *object;
  const char *key, *secret;
  Session *session;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!same_origin (msg))
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "Refused: sign in from the dashboard's own page");
      return;
    }
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "Send the sign-in as application/json");
      return;
    }
  if (size > MAX_SIGN_IN)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "The body is too large");
      return;
    }
  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "The sign-in is a JSON object with key and secret");
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  key = json_object_get_string_member_with_default (object, "key", NULL);
  secret = json_object_get_string_member_with_default (object, "secret", NULL);
  if (key == NULL || secret == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "The sign-in is a JSON object with key and secret");
      return;
    }
  account = check_credentials (self->lrs, key, secret);
  sodium_memzero ((char *) secret, strlen (secret));
  if (account == NULL)
    {
      /* Not 401: a browser would ask for Basic credentials itself. */
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "Wrong key or secret");
      return;
    }
  if (account->role != LRS_ROLE_ADMIN)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "Administrators only");
      return;
    }

  /* Sessions nobody came back to end here. */
  g_hash_table_foreach_remove (self->sessions, session_expired_cb, NULL);
  session = g_new0 (Session, 1);
  session->token = random_hex ();
  session->csrf = random_hex ();
  session->account_key = g_strdup (account->key);
  session->expires = g_get_monotonic_time () + (gint64) self->lrs->config.session_seconds * G_USEC_PER_SEC;
  digest = token_digest (session->token);
  g_hash_table_replace (self->sessions, g_steal_pointer (&digest), session);
  set_cookie (msg, session->token, (int) self->lrs->config.session_seconds);
  respond_session (msg, account, session);
}

/* /dashboard/api/session: GET tells who is signed in (and the CSRF
 * token), POST signs in, DELETE signs out. */
static void
session_cb (LrsDashboard      *self,
            SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(LrsAccount) account = NULL;
  Session *session;

  if (g_strcmp0 (method, "POST") == 0)
    {
      sign_in (self, msg);
      return;
    }
  if (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "DELETE") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "The session takes GET, POST and DELETE");
      return;
    }
  account = lrs_dashboard_authenticate (self->lrs, msg);
  if (account == NULL)
    return;
  session = lookup_session (self, msg);
  if (g_strcmp0 (method, "GET") == 0)
    {
      respond_session (msg, account, session);
      return;
    }
  {
    g_autofree char *digest = token_digest (session->token);

    g_hash_table_remove (self->sessions, digest);
    set_cookie (msg, "", 0);
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  }
}

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
  respond_error (msg, SOUP_STATUS_NOT_FOUND, "No such page");
}

static void
dashboard_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *params,
              gpointer           user_data)
{
  LrsDashboard *self = user_data;

  set_security_headers (msg);
  if (g_strcmp0 (path, "/dashboard/api/session") == 0)
    {
      session_cb (self, msg);
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "The pages take GET");
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
  respond_error (msg, SOUP_STATUS_CONFLICT,
                 "No content has been published: assignments come from the published catalog");
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
  overrides = load_overrides (lrs, &error);
  if (overrides != NULL)
    rows = lrs_report_assignments (lrs->store, lrs->catalog, overrides, lrs->config.home_page, department, today,
                                   FALSE, &error);
  if (overrides == NULL || rows == NULL)
    {
      g_warning ("The dashboard's report failed: %s", error->message);
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The report could not be made");
      return NULL;
    }
  return rows;
}

static void
data_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *params,
         gpointer           user_data)
{
  LrsDashboard *self = user_data;
  Lrs *lrs = self->lrs;
  /* The pages' requests have the session cookie; other clients, Basic
   * credentials. */
  g_autoptr(LrsAccount) account = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                "Authorization") != NULL
                                  ? authenticate_admin (lrs, msg) : lrs_dashboard_authenticate (lrs, msg);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  if (account == NULL)
    return;
  set_security_headers (msg);
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "The dashboard's data take GET");
      return;
    }
  if (!parse_today (param (params, "as-of"), &today))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "as-of: a date, YYYY-MM-DD");
      return;
    }

  if (g_strcmp0 (path, "/admin/dashboard/overview") == 0)
    {
      g_autoptr(GHashTable) overrides = NULL;
      JsonNode *overview = NULL;

      if (!have_catalog (lrs, msg))
        return;
      overrides = load_overrides (lrs, &error);
      if (overrides != NULL)
        overview = lrs_report_overview (lrs->store, lrs->catalog, overrides, lrs->config.home_page, &today, &error);
      if (overview == NULL)
        {
          g_warning ("The overview failed: %s", error->message);
          respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The report could not be made");
          return;
        }
      respond_json (msg, SOUP_STATUS_OK, overview);
    }
  else if (g_strcmp0 (path, "/admin/dashboard/department") == 0)
    {
      const char *name = param (params, "name");

      if (name == NULL)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "name: the department");
          return;
        }
      rows = assignment_rows (lrs, msg, name, &today);
      if (rows == NULL)
        return;
      if (!lrs_report_add_last_results (lrs->store, lrs->config.home_page, name, rows, &error))
        {
          g_warning ("The department report failed: %s", error->message);
          respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The report could not be made");
          return;
        }
      respond_json (msg, SOUP_STATUS_OK, lrs_report_department (rows, lrs->catalog, name, &today, language (params)));
    }
  else if (g_strcmp0 (path, "/admin/dashboard/items") == 0)
    {
      JsonNode *items;

      if (!have_catalog (lrs, msg))
        return;
      items = lrs_report_items (lrs->store, lrs->catalog, lrs->config.home_page, param (params, "department"),
                                language (params), &error);
      if (items == NULL)
        {
          g_warning ("The item analysis failed: %s", error->message);
          respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The item analysis could not be made");
          return;
        }
      respond_json (msg, SOUP_STATUS_OK, items);
    }
  else if (g_strcmp0 (path, "/admin/dashboard/clause") == 0)
    {
      AwarenessClause *clause = lrs->catalog != NULL && param (params, "id") != NULL
                                ? awareness_catalog_lookup_clause (lrs->catalog, param (params, "id")) : NULL;

      if (clause == NULL)
        {
          respond_error (msg, SOUP_STATUS_NOT_FOUND, "No such clause in the published policy");
          return;
        }
      respond_json (msg, SOUP_STATUS_OK, lrs_report_clause (clause, language (params)));
    }
  else
    respond_error (msg, SOUP_STATUS_NOT_FOUND, "No such data");
}

/* Refuses large bodies to the sign-in before they are read. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *params,
          gpointer           user_data)
{
  refuse_large_body (msg, MAX_SIGN_IN);
}

LrsDashboard *
lrs_dashboard_new (Lrs *lrs)
{
  LrsDashboard *self = g_new0 (LrsDashboard, 1);

  self->lrs = lrs;
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) session_free);
  soup_server_add_early_handler (lrs->server, "/dashboard", early_cb, self, NULL);
  soup_server_add_handler (lrs->server, "/dashboard", dashboard_cb, self, NULL);
  soup_server_add_handler (lrs->server, "/admin/dashboard", data_cb, self, NULL);
  return self;
}

void
lrs_dashboard_free (LrsDashboard *self)
{
  g_hash_table_unref (self->sessions);
  g_free (self);
}
