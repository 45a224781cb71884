/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Who a request comes from, the dashboard's side: its sign-in and session
 * cookie, and which accounts may use it (administrators, and department
 * heads who only read the reports of their own department).
 *
 * A session is a random token (libsodium) in a cookie that is HttpOnly,
 * Secure and SameSite=Strict, kept in the store (so that every instance
 * on the database honours it) only as the SHA-256 of the token, found by
 * that digest; it expires, and signing out ends it.  Each session has a
 * CSRF token that every state-changing request made with the cookie must
 * carry in X-CSRF-Token, from the server's own origin.  The sign-in
 * itself is refused from another origin.  Basic credentials, their cache
 * and the throttling of wrong secrets are in lrs-auth.c.
 */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "lrs-auth-private.h"
#include "lrs-http.h"
#include "lrs-security-log.h"

#define COOKIE_NAME     "__Host-awareness-session"
#define TOKEN_BYTES     32

/* A session as the store keeps it, by the SHA-256 of its token. */
typedef struct {
  char   *digest;       /* SHA-256 of the token, hex */
  char   *csrf;         /* hex */
  char   *account_key;
  gint64  expires;      /* real time, Unix microseconds */
} Session;

static void
session_free (Session *session)
{
  if (session->csrf != NULL)
    sodium_memzero (session->csrf, strlen (session->csrf));
  g_free (session->digest);
  g_free (session->csrf);
  g_free (session->account_key);
  g_free (session);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Session, session_free)

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


/* The session token of the request's cookie, or NULL. */
static char *
dup_cookie_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Cookie");
  g_autoptr(GHashTable) cookies = NULL;

  if (header == NULL)
    return NULL;
  cookies = soup_header_parse_semi_param_list (header);
  return g_strdup (g_hash_table_lookup (cookies, COOKIE_NAME));
}

static gboolean
has_session_cookie (SoupServerMessage *msg)
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

/* The session of the request's cookie, if it is valid and unexpired:
 * found in the store by the digest of its token. */
static Session *
lookup_session (LrsAuth           *self,
                SoupServerMessage *msg)
{
  g_autofree char *token = dup_cookie_token (msg);
  g_autoptr(Session) session = NULL;

  if (token == NULL || strlen (token) != TOKEN_BYTES * 2)
    return NULL;
  session = g_new0 (Session, 1);
  session->digest = token_digest (token);
  session->account_key = lrs_store_get_session (self->store, session->digest, &session->csrf,
                                                &session->expires, NULL);
  if (session->account_key == NULL)
    return NULL;
  if (g_get_real_time () > session->expires)
    {
      lrs_store_delete_sessions (self->store, session->digest, 0, NULL);
      return NULL;
    }
  return g_steal_pointer (&session);
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
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "X-CSRF-Token");

  if (is_safe_method (soup_server_message_get_method (msg)))
    return TRUE;
  return same_origin (msg) && token != NULL && strlen (token) == TOKEN_BYTES * 2 &&
         sodium_memcmp (token, session->csrf, TOKEN_BYTES * 2) == 0;
}

/* Whether @account may sign in to the dashboard: administrators, and
 * department heads (who only read). */
static gboolean
may_use_dashboard (LrsAccount *account)
{
  return account->role == LRS_ROLE_ADMIN || account->role == LRS_ROLE_DEPARTMENT_HEAD;
}

/* The account of a session that may still use the dashboard. */
static LrsAccount *
session_account (LrsAuth *self,
                 Session *session)
{
  g_autoptr(LrsAccount) account = lrs_store_lookup_account (self->store, session->account_key,
                                                             NULL, NULL);

  if (account == NULL || !account->active || !may_use_dashboard (account))
    return NULL;
  return g_steal_pointer (&account);
}

/* Refuses a department head a request (403), in the audit log. */
static void
refuse_department_head (LrsAuth           *self,
                        SoupServerMessage *msg,
                        LrsAccount        *account)
{
  lrs_security_log (self->store, "request-refused", account->staff_id,
                    g_uri_get_path (soup_server_message_get_uri (msg)),
                    "%s by a department head, who only reads",
                    soup_server_message_get_method (msg));
  lrs_respond_error (msg, LRS_ERROR_FORBIDDEN,
                     "Refused: a department head reads the reports of their department only");
}

/**
 * lrs_authenticate_session:
 *
 * The account of the request's session cookie (an administrator or a
 * department head), or NULL with the response set: 401 without a valid
 * session, 403 for a state-changing request without the session's CSRF
 * token or from another origin.
 */
LrsAccount *
lrs_authenticate_session (LrsAuth           *self,
                          SoupServerMessage *msg)
{
  g_autoptr(Session) session = lookup_session (self, msg);
  g_autoptr(LrsAccount) account = NULL;

  lrs_set_security_headers (msg);
  if (session == NULL || (account = session_account (self, session)) == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_UNAUTHORIZED, "Sign in again: no valid session");
      /* No Basic challenge: a browser would ask for credentials itself. */
      soup_message_headers_remove (soup_server_message_get_response_headers (msg),
                                   "WWW-Authenticate");
      return NULL;
    }
  if (!csrf_ok (session, msg))
    {
      lrs_security_log (self->store, "request-refused", account->staff_id,
                        g_uri_get_path (soup_server_message_get_uri (msg)),
                        "%s without the session's CSRF token or from another origin",
                        soup_server_message_get_method (msg));
      lrs_respond_error (msg, LRS_ERROR_FORBIDDEN,
                         "Refused: a missing or wrong CSRF token, or another origin");
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
  g_autofree char *header =
    g_strdup_printf (COOKIE_NAME "=%s; Path=/; Max-Age=%d; Secure; HttpOnly; SameSite=Strict",
                     token, max_age);

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               header);
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
  json_builder_add_string_value (builder,
                                 account->display_name != NULL ? account->display_name : "");
  json_builder_set_member_name (builder, "csrf");
  json_builder_add_string_value (builder, session->csrf);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, lrs_role_to_string (account->role));
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder,
                                 account->department != NULL ? account->department : "");
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* The key and secret of a dashboard sign-in's body ({"key", "secret"}),
 * borrowed from @parser; FALSE if it holds none. */
gboolean
lrs_auth_sign_in_credentials (SoupServerMessage *msg,
                              JsonParser        *parser,
                              const char       **key,
                              const char       **secret)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonObject *object;

  if (size == 0 || size > LRS_AUTH_MAX_SIGN_IN ||
      !awareness_json_parser_load (parser, data, (gssize) size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  *key = json_object_get_string_member_with_default (object, "key", NULL);
  *secret = json_object_get_string_member_with_default (object, "secret", NULL);
  return *key != NULL && *secret != NULL;
}

/* POST /dashboard/api/session with {"key", "secret"} (JSON, from the
 * server's own origin): an administrator's session. */
static void
sign_in (LrsAuth           *self,
         SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(Session) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  const char *key, *secret;
  gsize size;

  g_bytes_get_data (bytes, &size);

  if (!same_origin (msg))
    {
      lrs_security_log (self->store, "dashboard-sign-in-refused", NULL, NULL, "another origin");
      lrs_respond_error (msg, LRS_ERROR_FORBIDDEN,
                         "Refused: sign in from the dashboard's own page");
      return;
    }
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_UNSUPPORTED, "Send the sign-in as application/json");
      return;
    }
  if (size > LRS_AUTH_MAX_SIGN_IN)
    {
      lrs_respond_error (msg, LRS_ERROR_TOO_LARGE, "The body is too large");
      return;
    }
  if (!lrs_auth_sign_in_credentials (msg, parser, &key, &secret))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                         "The sign-in is a JSON object with key and secret");
      return;
    }
  account = lrs_auth_check_credentials (self, key, secret);
  sodium_memzero ((char *) secret, strlen (secret));
  if (account == NULL)
    {
      /* Not 401: a browser would ask for Basic credentials itself. */
      lrs_respond_error (msg, LRS_ERROR_FORBIDDEN, "Wrong key or secret");
      return;
    }
  if (!may_use_dashboard (account))
    {
      lrs_security_log (self->store, "dashboard-sign-in-refused", account->staff_id, NULL,
                        "not an administrator or a department head");
      lrs_respond_error (msg, LRS_ERROR_FORBIDDEN, "Administrators only");
      return;
    }

  /* Sessions nobody came back to end here. */
  lrs_store_delete_sessions (self->store, NULL, g_get_real_time (), NULL);
  token = random_hex ();
  session = g_new0 (Session, 1);
  session->digest = token_digest (token);
  session->csrf = random_hex ();
  session->account_key = g_strdup (account->key);
  session->expires = g_get_real_time () + (gint64) self->session_seconds * G_USEC_PER_SEC;
  if (!lrs_store_put_session (self->store, session->digest, session->account_key, session->csrf,
                              session->expires, &error))
    {
      g_message ("Keeping a dashboard session failed: %s", error->message);
      sodium_memzero (token, strlen (token));
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The session could not be kept; try again");
      return;
    }
  set_cookie (msg, token, (int) self->session_seconds);
  sodium_memzero (token, strlen (token));
  lrs_security_log (self->store, "dashboard-sign-in", account->staff_id, NULL, NULL);
  respond_session (msg, account, session);
}

/* /dashboard/api/session: GET tells who is signed in (and the CSRF
 * token), POST signs in, DELETE signs out. */
void
lrs_auth_handle_session (LrsAuth           *self,
                         SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(Session) session = NULL;

  if (g_strcmp0 (method, "POST") == 0)
    {
      sign_in (self, msg);
      return;
    }
  if (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "DELETE") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The session takes GET, POST and DELETE");
      return;
    }
  account = lrs_authenticate_session (self, msg);
  if (account == NULL)
    return;
  session = lookup_session (self, msg);
  if (session == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_UNAUTHORIZED, "Sign in again: no valid session");
      return;
    }
  if (g_strcmp0 (method, "GET") == 0)
    {
      respond_session (msg, account, session);
      return;
    }
  {
    lrs_store_delete_sessions (self->store, session->digest, 0, NULL);
    lrs_security_log (self->store, "dashboard-sign-out", account->staff_id, NULL, NULL);
    set_cookie (msg, "", 0);
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  }
}

/* The administrator or department head of the request, or NULL with
 * the response set (401 or 403): by Basic credentials, or by the session
 * cookie of the dashboard (whose state-changing requests need its CSRF
 * token). */
static LrsAccount *
authenticate_dashboard_user (LrsAuth           *self,
                             SoupServerMessage *msg)
{
  g_autoptr(LrsAccount) account = NULL;

  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization")
        == NULL
      && has_session_cookie (msg))
    return lrs_authenticate_session (self, msg);
  account = lrs_authenticate (self, msg);

  if (account != NULL && !may_use_dashboard (account))
    {
      lrs_respond_error (msg, LRS_ERROR_FORBIDDEN, "Administrators only");
      return NULL;
    }

  return g_steal_pointer (&account);
}

/* The administrator of the request, or NULL with the response set (401
 * or 403): for everything that changes the server's state and what only
 * administrators read.  A department head is refused, in the audit log. */
LrsAccount *
lrs_authenticate_admin (LrsAuth           *self,
                        SoupServerMessage *msg)
{
  g_autoptr(LrsAccount) account = authenticate_dashboard_user (self, msg);

  if (account != NULL && account->role == LRS_ROLE_DEPARTMENT_HEAD)
    {
      refuse_department_head (self, msg, account);
      return NULL;
    }
  return g_steal_pointer (&account);
}

/**
 * lrs_authenticate_reader:
 *
 * The administrator or department head of a request for a report, or
 * NULL with the response set (401 or 403).  A department head may only
 * read (GET, HEAD): anything else is refused, in the audit log.  What a
 * department head may read is what lrs_auth_report_scope() allows.
 */
LrsAccount *
lrs_authenticate_reader (LrsAuth           *self,
                         SoupServerMessage *msg)
{
  g_autoptr(LrsAccount) account = authenticate_dashboard_user (self, msg);

  if (account != NULL && account->role == LRS_ROLE_DEPARTMENT_HEAD &&
      !is_safe_method (soup_server_message_get_method (msg)))
    {
      refuse_department_head (self, msg, account);
      return NULL;
    }
  return g_steal_pointer (&account);
}

/**
 * lrs_auth_report_scope:
 * @self: the authentication
 * @msg: the request for a report
 * @account: its account, from lrs_authenticate_reader()
 * @asked: (nullable): the department the request asks for, NULL for all
 * @department: (out) (nullable): the department the report may show,
 *   NULL for all, borrowed from @asked or @account
 *
 * The one rule of what a report may show: an administrator sees every
 * department or the one asked for; a department head sees their own
 * department, asked for or not, and is refused any other (403, in the
 * audit log).  Every report that can be filtered by department calls
 * this.
 *
 * Returns: whether the report may be made; if not, the response is set
 */
gboolean
lrs_auth_report_scope (LrsAuth            *self,
                       SoupServerMessage  *msg,
                       LrsAccount         *account,
                       const char         *asked,
                       const char        **department)
{
  if (account->role == LRS_ROLE_ADMIN)
    {
      *department = asked;
      return TRUE;
    }
  if (account->role == LRS_ROLE_DEPARTMENT_HEAD && account->department != NULL &&
      account->department[0] != '\0' &&
      (asked == NULL || g_strcmp0 (asked, account->department) == 0))
    {
      *department = account->department;
      return TRUE;
    }
  *department = NULL;
  lrs_security_log (self->store, "request-refused", account->staff_id,
                    g_uri_get_path (soup_server_message_get_uri (msg)),
                    "the report of department %s, not the account's own",
                    asked != NULL ? asked : "(all)");
  lrs_respond_error (msg, LRS_ERROR_FORBIDDEN,
                     "Refused: a department head sees their own department only");
  return FALSE;
}
