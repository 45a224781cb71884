/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Who a request comes from: the one owner of authentication in
 * awareness-server.
 *
 * xAPI clients, the command line and scripts send HTTP Basic credentials:
 * an account key and its secret, kept as an argon2id hash.  A secret once
 * verified is remembered as its SHA-256 until it fails or the server
 * restarts, since argon2id is slow by design.  Nothing about credentials
 * is ever logged.
 *
 * The administrators' web dashboard signs in once and then sends a
 * session cookie.  A session is a random token (libsodium) in a cookie
 * that is HttpOnly, Secure and SameSite=Strict, kept in the store (so
 * that every instance on the database honours it) only as the SHA-256 of
 * the token, found by that digest; it expires, and signing out ends it.
 * Each session has a CSRF token that every state-changing request made
 * with the cookie must carry in X-CSRF-Token, from the server's own
 * origin.  The sign-in itself is
 * refused from another origin.
 */
/*
 * Argon2id takes 64 MiB and tens of milliseconds: it never runs on the
 * main loop.  Before a request reaches its handler, lrs_auth_prepare()
 * judges its credentials: a secret remembered needs nothing; any other
 * goes to a bounded pool of worker threads while the request is paused,
 * and the handler runs when the verdict is back (remembered if right,
 * refused without argon2id if wrong).  Wrong secrets lock the key and the
 * address they come from for a while (429 with Retry-After).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "lrs-auth.h"
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

/* Requests waiting for a worker, beyond which the server is busy. */
#define MAX_QUEUED      64
/* Failures remembered per table, beyond which expired ones are dropped. */
#define MAX_TRACKED     10000

/* The wrong secrets of a key or an address. */
typedef struct {
  guint  count;
  gint64 first;         /* monotonic time of the first in the window */
  gint64 locked_until;  /* monotonic time, or 0 */
} Failures;

struct _LrsAuth
{
  LrsStore      *store;            /* borrowed */
  guint          session_seconds;
  GHashTable    *verified;         /* account key → SHA-256 of the secret last verified */
  GHashTable    *refused;          /* account key → SHA-256 of the secret last refused */
  GHashTable    *key_failures;     /* account key → Failures */
  GHashTable    *address_failures; /* remote address → Failures */
  LrsAuthLimits  limits;
  GThreadPool   *pool;             /* verifies secrets off the main loop */
  GMainContext  *context;          /* the main loop's, where verdicts return */
};

/* A secret being verified by a worker, for a paused request. */
typedef struct {
  LrsAuth           *auth;
  SoupServerMessage *msg;
  char              *key;
  char              *address;
  char              *hash;
  char              *secret;
  char              *digest;
  gboolean           right;
  LrsAuthReady       ready;
  gpointer           user_data;
  GDestroyNotify     destroy;
} Job;

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
static gboolean
sign_in_credentials (SoupServerMessage *msg,
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
  if (!sign_in_credentials (msg, parser, &key, &secret))
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

static char *
secret_digest (const char *secret,
               const char *hash)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) hash, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) secret, -1);
  return g_strdup (g_checksum_get_string (checksum));
}

/*
 * The active account of @key if @secret is its secret, or NULL.  Argon2id
 * verification is slow by design; a secret once verified is remembered as
 * its SHA-256 until it fails or the server restarts.  Nothing about the
 * credentials is ever logged.
 */
LrsAccount *
lrs_auth_check_credentials (LrsAuth    *self,
                            const char *key,
                            const char *secret)
{
  g_autofree char *hash = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(LrsAccount) account = NULL;
  const char *remembered;

  account = lrs_store_lookup_account (self->store, key, &hash, NULL);
  if (account == NULL || !account->active)
    {
      lrs_security_log (self->store, "sign-in-failed", key,
                        account != NULL ? account->staff_id : NULL,
                        account != NULL ? "the account is disabled" : "no account has this key");
      return NULL;
    }

  /* With the stored hash: a secret reset through another instance on
   * the database no longer matches what this one remembers. */
  digest = secret_digest (secret, hash);
  remembered = g_hash_table_lookup (self->verified, account->key);
  if (remembered == NULL || sodium_memcmp (remembered, digest, strlen (digest)) != 0)
    {
      const char *refused = g_hash_table_lookup (self->refused, account->key);

      /* A secret a worker refused is not verified again (see lrs_auth_prepare()). */
      if ((refused != NULL && sodium_memcmp (refused, digest, strlen (digest)) == 0) ||
          crypto_pwhash_str_verify (hash, secret, strlen (secret)) != 0)
        {
          lrs_security_log (self->store, "sign-in-failed", key, account->staff_id, "wrong secret");
          return NULL;
        }
      g_hash_table_insert (self->verified, g_strdup (account->key), g_steal_pointer (&digest));
    }
  return g_steal_pointer (&account);
}

/* The account of the request's Basic credentials, or NULL with the
 * response set (401). */
LrsAccount *
lrs_authenticate (LrsAuth           *self,
                  SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *credentials = NULL;
  g_autoptr(LrsAccount) account = NULL;
  char *colon;
  gsize length;

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    goto refused;

  decoded = g_base64_decode (header + 6, &length);
  credentials = g_strndup ((const char *) decoded, length);
  sodium_memzero (decoded, length);
  colon = strchr (credentials, ':');
  if (colon == NULL)
    goto refused;
  *colon = '\0';

  account = lrs_auth_check_credentials (self, credentials, colon + 1);
  sodium_memzero (credentials, strlen (credentials) + strlen (colon + 1) + 1);
  if (account == NULL)
    goto refused;
  return g_steal_pointer (&account);

refused:
  if (credentials != NULL)
    sodium_memzero (credentials, strlen (credentials));
  lrs_respond_error (msg, LRS_ERROR_UNAUTHORIZED, "Missing or wrong credentials");
  return NULL;
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

/* Forgets the credentials of @key after its secret, its state or its role
 * changed: the old secret is not honoured from memory, and every
 * dashboard session of the account ends at once (so enabling a disabled
 * account does not bring them back). */
void
lrs_auth_forget (LrsAuth    *self,
                 const char *key)
{
  g_hash_table_remove (self->verified, key);
  g_hash_table_remove (self->refused, key);
  lrs_store_delete_account_sessions (self->store, key, NULL);
}

/* Throttling */

/* How long @name must wait, in seconds (0: not locked). */
static guint
locked_for (GHashTable *table,
            const char *name)
{
  Failures *failures = name != NULL ? g_hash_table_lookup (table, name) : NULL;
  gint64 now = g_get_monotonic_time ();

  if (failures == NULL || failures->locked_until <= now)
    return 0;
  return (guint) ((failures->locked_until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static gboolean
expired_cb (gpointer key,
            gpointer value,
            gpointer user_data)
{
  Failures *failures = value;
  gint64 horizon = *(gint64 *) user_data;

  return failures->locked_until < g_get_monotonic_time () && failures->first < horizon;
}

/* Counts a wrong secret of @name: @limit of them within the lockout lock
 * it for the lockout. */
static void
note_failure (LrsAuth    *self,
              GHashTable *table,
              const char *name,
              guint       limit)
{
  gint64 now = g_get_monotonic_time ();
  gint64 lockout = (gint64) self->limits.lockout_seconds * G_USEC_PER_SEC;
  Failures *failures;

  if (name == NULL)
    return;
  if (g_hash_table_size (table) >= MAX_TRACKED)
    {
      gint64 horizon = now - lockout;

      g_hash_table_foreach_remove (table, expired_cb, &horizon);
    }
  failures = g_hash_table_lookup (table, name);
  if (failures == NULL)
    {
      failures = g_new0 (Failures, 1);
      g_hash_table_insert (table, g_strdup (name), failures);
    }
  if (failures->count == 0 || now - failures->first > lockout)
    {
      failures->count = 0;
      failures->first = now;
    }
  if (++failures->count >= limit)
    {
      failures->locked_until = now + lockout;
      failures->count = 0;
    }
}

static void
note_wrong_secret (LrsAuth    *self,
                   const char *key,
                   const char *address)
{
  note_failure (self, self->key_failures, key, self->limits.failures_per_key);
  note_failure (self, self->address_failures, address, self->limits.failures_per_address);
}

/* 429, to be tried again in @seconds. */
static void
respond_later (SoupServerMessage *msg,
               guint              seconds,
               const char        *message)
{
  g_autofree char *retry = g_strdup_printf ("%u", MAX (seconds, 1));

  lrs_respond_error (msg, LRS_ERROR_TOO_MANY, message);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                retry);
}

/* Verifying off the main loop */

static void
job_free (Job *job)
{
  if (job->secret != NULL)
    sodium_memzero (job->secret, strlen (job->secret));
  g_free (job->secret);
  g_free (job->key);
  g_free (job->address);
  g_free (job->hash);
  g_free (job->digest);
  g_clear_object (&job->msg);
  if (job->destroy != NULL)
    job->destroy (job->user_data);
  g_free (job);
}

/* On the main loop: the verdict of a worker; the request goes on. */
static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  LrsAuth *self = job->auth;

  if (job->right)
    {
      g_hash_table_insert (self->verified, g_strdup (job->key), g_steal_pointer (&job->digest));
      g_hash_table_remove (self->refused, job->key);
    }
  else
    {
      g_hash_table_insert (self->refused, g_strdup (job->key), g_steal_pointer (&job->digest));
      note_wrong_secret (self, job->key, job->address);
    }
  sodium_memzero (job->secret, strlen (job->secret));
  job->ready (job->msg, job->user_data);
  /* A handler that answers later (it paused the request again, with no
   * status yet) unpauses it itself. */
  if (soup_server_message_get_status (job->msg) != SOUP_STATUS_NONE)
    soup_server_message_unpause (job->msg);
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* In a worker: argon2id, and nothing else. */
static void
verify_work (gpointer data,
             gpointer user_data)
{
  Job *job = data;

  job->right = crypto_pwhash_str_verify (job->hash, job->secret, strlen (job->secret)) == 0;
}

/* A piece of work for the pool: @work in a worker, then @done on the
 * main loop. */
typedef struct {
  GFunc       work;
  GSourceFunc done;
  gpointer    data;
} Work;

static void
worker_func (gpointer item,
             gpointer user_data)
{
  Work *work = item;
  LrsAuth *self = user_data;

  work->work (work->data, NULL);
  g_main_context_invoke (self->context, work->done, work->data);
  g_free (work);
}

/**
 * lrs_auth_run:
 * @work: what to do in a worker thread (hashing secrets: nothing that
 *   touches the store or the server)
 * @done: then, on the main loop
 *
 * Runs @work in the pool that verifies secrets, so that argon2id, for
 * whatever purpose, takes at most its threads and never the main loop.
 */
void
lrs_auth_run (LrsAuth     *self,
              GFunc        work,
              GSourceFunc  done,
              gpointer     data)
{
  Work *item = g_new0 (Work, 1);

  item->work = work;
  item->done = done;
  item->data = data;
  g_thread_pool_push (self->pool, item, NULL);
}

/* The key and secret of the request: its Basic credentials, or the body
 * of a dashboard sign-in. */
static gboolean
request_credentials (SoupServerMessage *msg,
                     char             **key,
                     char             **secret)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header != NULL && g_ascii_strncasecmp (header, "Basic ", 6) == 0)
    {
      gsize length;
      g_autofree guchar *decoded = g_base64_decode (header + 6, &length);
      g_autofree char *credentials = g_strndup ((const char *) decoded, length);
      char *colon = strchr (credentials, ':');

      sodium_memzero (decoded, length);
      if (colon != NULL)
        {
          *key = g_strndup (credentials, (gsize) (colon - credentials));
          *secret = g_strdup (colon + 1);
        }
      sodium_memzero (credentials, strlen (credentials));
      return colon != NULL;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") == 0 &&
      g_strcmp0 (g_uri_get_path (soup_server_message_get_uri (msg)), "/dashboard/api/session") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *k, *s;

      if (!sign_in_credentials (msg, parser, &k, &s))
        return FALSE;
      *key = g_strdup (k);
      *secret = g_strdup (s);
      return TRUE;
    }
  return FALSE;
}

/**
 * lrs_auth_prepare:
 * @ready: what to do once the credentials are judged (the handler)
 *
 * Judges the credentials of @msg before its handler runs: without any,
 * or with a secret remembered or known wrong, @ready is called at once;
 * a key or address locked by wrong secrets is answered 429 with
 * Retry-After, and so is every request while the workers are full; any
 * other secret is verified by a worker while @msg is paused, and @ready
 * is called on the main loop when the verdict is back, so that the
 * handler's lrs_authenticate() finds it without argon2id.
 *
 * Returns: FALSE if @msg was answered already and @ready will not be called
 */
gboolean
lrs_auth_prepare (LrsAuth           *self,
                  SoupServerMessage *msg,
                  LrsAuthReady       ready,
                  gpointer           user_data,
                  GDestroyNotify     destroy)
{
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(LrsAccount) account = NULL;
  const char *address = soup_server_message_get_remote_host (msg);
  const char *known;
  guint wait;
  Job *job;

  if (!request_credentials (msg, &key, &secret))
    goto go_on;

  account = lrs_store_lookup_account (self->store, key, &hash, NULL);
  if (account == NULL || !account->active)
    {
      /* Nothing to verify: the handler refuses it; the address pays. */
      wait = locked_for (self->address_failures, address);
      if (wait > 0)
        goto locked;
      note_failure (self, self->address_failures, address, self->limits.failures_per_address);
      goto go_on;
    }
  digest = secret_digest (secret, hash);
  known = g_hash_table_lookup (self->verified, account->key);
  /* The secret last verified costs nothing and tells a guesser nothing. */
  if (known != NULL && sodium_memcmp (known, digest, strlen (digest)) == 0)
    goto go_on;
  wait = MAX (locked_for (self->key_failures, account->key),
              locked_for (self->address_failures, address));
  if (wait > 0)
    goto locked;
  known = g_hash_table_lookup (self->refused, account->key);
  if (known != NULL && sodium_memcmp (known, digest, strlen (digest)) == 0)
    {
      note_wrong_secret (self, account->key, address);
      goto go_on;
    }
  if (g_thread_pool_unprocessed (self->pool) >= MAX_QUEUED)
    {
      sodium_memzero (secret, strlen (secret));
      respond_later (msg, 1, N_("The server is busy verifying secrets: try again in a moment"));
      if (destroy != NULL)
        destroy (user_data);
      return FALSE;
    }

  job = g_new0 (Job, 1);
  job->auth = self;
  job->msg = g_object_ref (msg);
  job->key = g_strdup (account->key);
  job->address = g_strdup (address);
  job->hash = g_steal_pointer (&hash);
  job->secret = g_steal_pointer (&secret);
  job->digest = g_steal_pointer (&digest);
  job->ready = ready;
  job->user_data = user_data;
  job->destroy = destroy;
  soup_server_message_pause (msg);
  lrs_auth_run (self, verify_work, job_done_cb, job);
  return TRUE;

locked:
  sodium_memzero (secret, strlen (secret));
  lrs_security_log (self->store, "sign-in-throttled", key,
                    account != NULL ? account->staff_id : NULL, "from %s",
                    address != NULL ? address : "-");
  respond_later (msg, wait, N_("Too many wrong secrets: try again later"));
  if (destroy != NULL)
    destroy (user_data);
  return FALSE;

go_on:
  if (secret != NULL)
    sodium_memzero (secret, strlen (secret));
  ready (msg, user_data);
  if (destroy != NULL)
    destroy (user_data);
  return TRUE;
}

void
lrs_auth_set_limits (LrsAuth             *self,
                     const LrsAuthLimits *limits)
{
  self->limits = *limits;
  g_thread_pool_set_max_threads (self->pool, (gint) MAX (limits->workers, 1), NULL);
}

LrsAuth *
lrs_auth_new (LrsStore *store,
              guint     session_seconds)
{
  LrsAuth *self = g_new0 (LrsAuth, 1);

  self->store = store;
  self->session_seconds = session_seconds;
  self->verified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->key_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->address_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->limits = (LrsAuthLimits) { 2, 5, 50, 300 };
  self->context = g_main_context_ref_thread_default ();
  self->pool = g_thread_pool_new (worker_func, self, (gint) self->limits.workers, FALSE, NULL);
  return self;
}

void
lrs_auth_free (LrsAuth *self)
{
  /* Waits for the workers; their verdicts are not delivered any more. */
  g_thread_pool_free (self->pool, TRUE, TRUE);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->verified);
  g_hash_table_unref (self->refused);
  g_hash_table_unref (self->key_failures);
  g_hash_table_unref (self->address_failures);
  g_free (self);
}
