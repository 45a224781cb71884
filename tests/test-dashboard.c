/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The administrators' web dashboard of the real awareness-server on
 * loopback over HTTPS: the session (sign-in, cookie, CSRF, expiry,
 * sign-out) and every refusal of hostile requests, the dashboard's data
 * against what the test seeded through the API, and the pages in real
 * headless Chromium (tests/peers/dashboard-browser.js, with
 * playwright-core), which save screenshots of every page in Japanese and
 * English to dashboard-screenshots/ in the build directory.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "awareness.h"
#include "lrs-fixture.h"

#define COOKIE_NAME "__Host-awareness-session"

/* https://127.0.0.1:PORT, the server's own origin. */
static char *
origin_of (Fixture *fixture)
{
  const char *port = fixture->base + strlen ("https://127.0.0.1:");

  return g_strndup (fixture->base, (gsize) (port - fixture->base) + strspn (port, "0123456789"));
}

/* A request with the given headers (name, value, …, NULL); a NULL value
 * leaves its header out. */
static void
send_request_va (Fixture    *fixture,
                 Response   *response,
                 const char *method,
                 const char *path,
                 const char *content_type,
                 GBytes     *body,
                 va_list     args)
{
  g_autofree char *origin = origin_of (fixture);
  g_autofree char *uri = g_strconcat (origin, path, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *name;

  response->msg = fixture_message_new (method, uri);
  g_assert_nonnull (response->msg);
  headers = soup_message_get_request_headers (response->msg);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        soup_message_headers_replace (headers, name, value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (response->msg, content_type, body);
  bytes = soup_session_send_and_read (fixture->session, response->msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (response->msg);
  response->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* send_request_va() with a text body, or none. */
static void
send_request (Fixture    *fixture,
              Response   *response,
              const char *method,
              const char *path,
              const char *content_type,
              const char *body,
              ...)
{
  g_autoptr(GBytes) content = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  va_list args;

  va_start (args, body);
  send_request_va (fixture, response, method, path, content_type, content, args);
  va_end (args);
}

/* send_request_va() with a binary body. */
static void
send_bytes (Fixture    *fixture,
            Response   *response,
            const char *method,
            const char *path,
            const char *content_type,
            GBytes     *body,
            ...)
{
  va_list args;

  va_start (args, body);
  send_request_va (fixture, response, method, path, content_type, body, args);
  va_end (args);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static const char *
response_header (Response   *response,
                 const char *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (response->msg), name);
}

static void
assert_error (Response   *response,
              guint       status,
              const char *message)
{
  g_autoptr(JsonNode) root = NULL;

  if (response->status != status)
    g_error ("expected %u, got %u: %s", status, response->status, response->body);
  root = parse (response->body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "error"), ==,
                   message);
  /* A refusal never opens a session. */
  g_assert_null (response_header (response, "Set-Cookie"));
}

/* The JSON body of a sign-in with @credentials (key:secret). */
static char *
sign_in_body (const char *credentials)
{
  g_autofree char *key = key_of (credentials);
  g_autofree char *secret = secret_line (credentials);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, g_strchomp (secret));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

typedef struct {
  char *cookie;   /* NAME=TOKEN, for a Cookie header */
  char *csrf;
} Session;

static void
session_clear (Session *session)
{
  g_free (session->cookie);
  g_free (session->csrf);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

static void
sign_in_as (Fixture    *fixture,
            const char *credentials,
            const char *staff_id,
            Session    *session)
{
  g_auto(Response) response = { 0 };
  g_autofree char *origin = origin_of (fixture);
  g_autofree char *body = sign_in_body (credentials);
  g_autoptr(JsonNode) root = NULL;
  const char *set_cookie;
  const char *end;

  send_request (fixture, &response, "POST", "/dashboard/api/session", "application/json", body,
                "Origin", origin, "Sec-Fetch-Site", "same-origin", NULL);
  g_assert_cmpuint (response.status, ==, 200);
  set_cookie = response_header (&response, "Set-Cookie");
  g_assert_nonnull (set_cookie);
  g_assert_true (g_str_has_prefix (set_cookie, COOKIE_NAME "="));
  g_assert_nonnull (strstr (set_cookie, "HttpOnly"));
  g_assert_nonnull (strstr (set_cookie, "Secure"));
  g_assert_nonnull (strstr (set_cookie, "SameSite=Strict"));
  g_assert_nonnull (strstr (set_cookie, "Path=/"));
  g_assert_null (strstr (set_cookie, "Domain"));
  end = strchr (set_cookie, ';');
  session->cookie = g_strndup (set_cookie, (gsize) (end - set_cookie));
  /* 32 random bytes, in hex. */
  g_assert_cmpuint (strlen (session->cookie), ==, strlen (COOKIE_NAME "=") + 64);

  root = parse (response.body);
  session->csrf = g_strdup (json_object_get_string_member (json_node_get_object (root), "csrf"));
  g_assert_cmpuint (strlen (session->csrf), ==, 64);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "staff_id"), ==,
                   staff_id);
  /* Neither the secret nor the token is in the body. */
  g_assert_null (strstr (response.body, end - 64));
}

static void
sign_in (Fixture *fixture,
         Session *session)
{
  sign_in_as (fixture, fixture->admin, "admin", session);
}

/* The audit log, read through the admin API, as lines
 * "event|actor|subject|address" (a dash for none). */
static char *
audit_lines (Fixture *fixture)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (fixture->admin);
  g_autoptr(JsonNode) root = NULL;
  GString *lines = g_string_new (NULL);
  JsonArray *entries;

  send_request (fixture, &response, "GET", "/admin/audit", NULL, NULL,
                "Authorization", authorization, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  root = parse (response.body);
  entries = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *names[] = { "event", "actor", "subject", "address" };

      for (guint f = 0; f < G_N_ELEMENTS (names); f++)
        {
          const char *value = json_object_get_string_member_with_default (entry, names[f], NULL);

          g_string_append_printf (lines, f > 0 ? "|%s" : "%s", value != NULL ? value : "-");
        }
      g_string_append_c (lines, '\n');
    }
  g_test_message ("audit log:\n%s", lines->str);
  return g_string_free (lines, FALSE);
}

/* The sign-in refuses what is not a same-origin JSON sign-in of an
 * administrator, with a clear message, and opens no session. */
static void
test_sign_in_refusals (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *origin = origin_of (fixture);
  g_autofree char *admin = sign_in_body (fixture->admin);
  g_autofree char *learner = sign_in_body (fixture->learner);
  g_autofree char *admin_key = key_of (fixture->admin);
  g_autofree char *wrong = g_strdup_printf ("{\"key\":\"%s\",\"secret\":\"not-the-secret\"}",
                                            admin_key);
  g_autofree char *large = g_strnfill (5000, ' ');
  g_autofree char *oversized = g_strconcat (admin, large, NULL);

  const struct {
    const char *what;
    const char *content_type;
    const char *body;
    const char *origin;
    const char *fetch_site;
    guint       status;
    const char *message;
  } refusals[] = {
    /* A browser always sends an Origin with a POST. */
    { "no Origin", "application/json", admin, NULL, NULL, 403,
      "Refused: sign in from the dashboard's own page" },
    { "another Origin", "application/json", admin, "https://attacker.example", NULL, 403,
      "Refused: sign in from the dashboard's own page" },
    { "a cross-site fetch", "application/json", admin, origin, "cross-site", 403,
      "Refused: sign in from the dashboard's own page" },
    /* What a cross-site form could send. */
    { "a form", "application/x-www-form-urlencoded", "key=a&secret=b", origin, NULL, 415,
      "Send the sign-in as application/json" },
    { "a large body", "application/json", oversized, origin, NULL, 413, "The body is too large" },
    { "broken JSON", "application/json", "{\"key\":", origin, NULL, 400,
      "The sign-in is a JSON object with key and secret" },
    { "not an object", "application/json", "[1,2]", origin, NULL, 400,
      "The sign-in is a JSON object with key and secret" },
    { "no secret", "application/json", "{\"key\":\"admin\"}", origin, NULL, 400,
      "The sign-in is a JSON object with key and secret" },
    { "a wrong secret", "application/json", wrong, origin, NULL, 403, "Wrong key or secret" },
    { "a learner", "application/json", learner, origin, "same-origin", 403, "Administrators only" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_auto(Response) response = { 0 };

      g_test_message ("sign-in with %s", refusals[i].what);
      send_request (fixture, &response, "POST", "/dashboard/api/session", refusals[i].content_type,
                    refusals[i].body, "Origin", refusals[i].origin, "Sec-Fetch-Site",
                    refusals[i].fetch_site, NULL);
      assert_error (&response, refusals[i].status, refusals[i].message);
    }
  {
    g_auto(Response) response = { 0 };
    g_autofree char *authorization = basic_authorization (fixture->learner);

    /* Nor may a learner read the dashboard's data with Basic credentials. */
    send_request (fixture, &response, "GET", "/admin/dashboard/overview", NULL, NULL,
                  "Authorization", authorization, NULL);
    assert_error (&response, 403, "Administrators only");
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "PUT", "/dashboard/api/session", "application/json", admin,
                  "Origin", origin, NULL);
    assert_error (&response, 405, "The session takes GET, POST and DELETE");
  }
  /* Each refusal of another origin, and of a learner, is in the audit
   * log with the client's address. */
  {
    g_autofree char *log = audit_lines (fixture);
    const char *p = log;
    guint origins = 0;

    while ((p = strstr (p, "dashboard-sign-in-refused|-|-|127.0.0.1\n")) != NULL)
      origins++, p++;
    g_assert_cmpuint (origins, ==, 3);
    g_assert_nonnull (strstr (log, "dashboard-sign-in-refused|tanaka|-|127.0.0.1\n"));
    g_assert_false (g_str_has_prefix (log, "dashboard-sign-in|"));
    g_assert_null (strstr (log, "\ndashboard-sign-in|"));
  }
}

/* A session made through one instance on the database opens the other
 * (as behind a load balancer), and signing out through the other ends it
 * on both. */
static void
test_session_two_instances (Fixture       *fixture,
                            gconstpointer  data)
{
  Fixture second = { .dir = fixture->dir, .config = fixture->config, .session = fixture->session };
  g_auto(Session) session = { 0 };

  start_server (&second);
  sign_in (fixture, &session);
  {
    g_auto(Response) response = { 0 };

    send_request (&second, &response, "GET", "/admin/reports/completion", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    g_assert_cmpuint (response.status, ==, 200);
  }
  {
    g_auto(Response) response = { 0 };
    g_autofree char *origin = origin_of (&second);

    send_request (&second, &response, "DELETE", "/dashboard/api/session", NULL, NULL, "Cookie",
                  session.cookie, "X-CSRF-Token", session.csrf, "Origin", origin, "Sec-Fetch-Site",
                  "same-origin", NULL);
    g_assert_cmpuint (response.status, ==, 204);
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/admin/reports/completion", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    assert_error (&response, 401, "Sign in again: no valid session");
  }
  stop_server (&second);
  g_free (second.base);
}

/* The session cookie opens the admin API to reading; a change needs the
 * session's CSRF token, from the server's own origin; a forged or ended
 * session opens nothing. */
static void
test_session (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Session) session = { 0 };
  g_autofree char *origin = origin_of (fixture);
  g_autofree char *forged = g_strconcat (COOKIE_NAME "=", "0123456789abcdef0123456789abcdef",
                                         "0123456789abcdef0123456789abcdef", NULL);
  g_autofree char *wrong_csrf = g_strnfill (64, 'a');
  static const char rule[] =
    "{\"audience\":\"everyone\",\"recurrence\":\"annual\",\"due\":\"06-30\"}";

  sign_in (fixture, &session);
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/dashboard/api/session", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_nonnull (strstr (response.body, session.csrf));
  }
  {
    g_auto(Response) response = { 0 };

    /* The existing admin API, read with the session. */
    send_request (fixture, &response, "GET", "/admin/reports/completion", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_nonnull (strstr (response.body, "tanaka"));
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/admin/reports/completion", NULL, NULL, "Cookie",
                  forged, NULL);
    assert_error (&response, 401, "Sign in again: no valid session");
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/admin/reports/completion", NULL, NULL,
                  "Cookie", COOKIE_NAME "=short", NULL);
    assert_error (&response, 401, "Sign in again: no valid session");
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/admin/dashboard/overview", NULL, NULL, NULL);
    assert_error (&response, 401, "Sign in again: no valid session");
    g_assert_null (response_header (&response, "WWW-Authenticate"));
  }

  /* A change without the CSRF token, with a wrong one, or from another
   * origin: refused, and nothing changed. */
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "PUT", "/admin/assignments/threats", "application/json", rule,
                  "Cookie", session.cookie, "Origin", origin, NULL);
    assert_error (&response, 403, "Refused: a missing or wrong CSRF token, or another origin");
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "PUT", "/admin/assignments/threats", "application/json", rule,
                  "Cookie", session.cookie, "Origin", origin, "X-CSRF-Token", wrong_csrf, NULL);
    assert_error (&response, 403, "Refused: a missing or wrong CSRF token, or another origin");
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "PUT", "/admin/assignments/threats", "application/json", rule,
                  "Cookie", session.cookie, "Origin", "https://127.0.0.1.attacker.example",
                  "X-CSRF-Token", session.csrf, NULL);
    assert_error (&response, 403, "Refused: a missing or wrong CSRF token, or another origin");
  }
  {
    g_auto(Response) response = { 0 };
    g_autofree char *authorization = basic_authorization (fixture->admin);

    send_request (fixture, &response, "GET", "/assignments", NULL, NULL, "Authorization",
                  authorization, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_cmpstr (response.body, ==, "{}");
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "PUT", "/admin/assignments/threats", "application/json", rule,
                  "Cookie", session.cookie, "Origin", origin, "X-CSRF-Token", session.csrf, NULL);
    g_assert_cmpuint (response.status, ==, 200);
  }

  /* The administration's changes: refused without the token, with a
   * wrong one or from another origin, and nothing changed. */
  {
    const struct {
      const char *method;
      const char *path;
      const char *content_type;
      const char *body;
    } changes[] = {
      { "PATCH", "/admin/staff/tanaka", "application/json", "{\"department\":\"財政課\"}" },
      { "POST", "/admin/staff/roster", "text/csv", "職員番号,氏名\r\n9001,攻撃者\r\n" },
      { "POST", "/admin/reminders?overdue=true", NULL, NULL },
      { "POST", "/admin/accounts/suzuki/disable", NULL, NULL },
    };
    const char *origins[] = { origin, origin, "https://attacker.example" };
    const char *tokens[] = { NULL, wrong_csrf, session.csrf };

    for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
      for (guint k = 0; k < G_N_ELEMENTS (tokens); k++)
        {
          g_auto(Response) response = { 0 };

          g_test_message ("%s %s, refusal %u", changes[i].method, changes[i].path, k);
          send_request (fixture, &response, changes[i].method, changes[i].path,
                        changes[i].content_type, changes[i].body, "Cookie", session.cookie,
                        "Origin", origins[k], "X-CSRF-Token", tokens[k], NULL);
          assert_error (&response, 403,
                        "Refused: a missing or wrong CSRF token, or another origin");
        }
    {
      g_auto(Response) response = { 0 };
      g_autofree char *authorization = basic_authorization (fixture->admin);

      send_request (fixture, &response, "GET", "/admin/staff?q=9001", NULL, NULL,
                    "Authorization", authorization, NULL);
      g_assert_cmpstr (response.body, ==, "[]");
    }
    {
      g_auto(Response) response = { 0 };
      g_autofree char *authorization = basic_authorization (fixture->admin);

      send_request (fixture, &response, "GET", "/admin/staff?state=active", NULL, NULL,
                    "Authorization", authorization, NULL);
      g_assert_nonnull (strstr (response.body, "\"staff_id\":\"tanaka\""));
      g_assert_nonnull (strstr (response.body, "\"staff_id\":\"suzuki\""));
    }
  }

  /* Signing out needs the token too, then ends the session. */
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "DELETE", "/dashboard/api/session", NULL, NULL,
                  "Cookie", session.cookie, "Origin", origin, NULL);
    assert_error (&response, 403, "Refused: a missing or wrong CSRF token, or another origin");
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "DELETE", "/dashboard/api/session", NULL, NULL,
                  "Cookie", session.cookie, "Origin", origin, "X-CSRF-Token", session.csrf, NULL);
    g_assert_cmpuint (response.status, ==, 204);
    g_assert_true (g_str_has_prefix (response_header (&response, "Set-Cookie"), COOKIE_NAME "=;"));
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/admin/reports/completion", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    assert_error (&response, 401, "Sign in again: no valid session");
  }
  /* The audit log has the sign-in, the four refused changes, the change
   * made and the sign-out, in that order, each from the client's address. */
  {
    g_autofree char *log = audit_lines (fixture);
    const char *expected[] = {
      "dashboard-sign-in|admin|-|127.0.0.1\n",
      "request-refused|admin|/admin/assignments/threats|127.0.0.1\n",
      "request-refused|admin|/admin/assignments/threats|127.0.0.1\n",
      "request-refused|admin|/admin/assignments/threats|127.0.0.1\n",
      "assignment-set|admin|threats|127.0.0.1\n",
      "request-refused|admin|/dashboard/api/session|127.0.0.1\n",
      "dashboard-sign-out|admin|-|127.0.0.1\n",
    };
    const char *p = log;

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        p = strstr (p, expected[i]);
        g_assert_nonnull (p);
        p += strlen (expected[i]);
      }
  }
}

static void admin_post (Fixture    *fixture,
                        const char *path,
                        const char *body,
                        guint       status);

/* A second administrator, "kimura", as key:secret. */
static char *
add_admin (Fixture *fixture)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (fixture->admin);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  send_request (fixture, &response, "POST", "/admin/accounts", "application/json",
                "{\"staff_id\":\"kimura\",\"role\":\"admin\"}", "Authorization", authorization,
                NULL);
  g_assert_cmpuint (response.status, ==, 201);
  root = parse (response.body);
  object = json_node_get_object (root);
  return g_strconcat (json_object_get_string_member (object, "key"), ":",
                      json_object_get_string_member (object, "secret"), NULL);
}

static void
assert_session_ended (Fixture *fixture,
                      Session *session)
{
  g_auto(Response) response = { 0 };
  g_autofree char *origin = origin_of (fixture);

  send_request (fixture, &response, "GET", "/dashboard/api/session", NULL, NULL, "Cookie",
                session->cookie, NULL);
  assert_error (&response, 401, "Sign in again: no valid session");
  {
    g_auto(Response) created = { 0 };

    /* The old cookie and its CSRF token create nobody. */
    send_request (fixture, &created, "POST", "/admin/accounts", "application/json",
                  "{\"staff_id\":\"intruder\",\"role\":\"admin\"}", "Cookie", session->cookie,
                  "Origin", origin, "X-CSRF-Token", session->csrf, NULL);
    assert_error (&created, 401, "Sign in again: no valid session");
  }
}

/* A secret reset and a disable end the account's sessions at once, and
 * enabling the account again does not bring them back. */
static void
test_session_ends_with_credential (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *kimura = add_admin (fixture);
  g_auto(Session) first = { 0 };
  g_auto(Session) second = { 0 };
  g_auto(Session) other = { 0 };

  sign_in_as (fixture, kimura, "kimura", &first);
  sign_in (fixture, &other);
  g_clear_pointer (&kimura, g_free);
  {
    g_auto(Response) response = { 0 };
    g_autofree char *authorization = basic_authorization (fixture->admin);
    g_autoptr(JsonNode) root = NULL;
    JsonObject *object;

    send_request (fixture, &response, "POST", "/admin/accounts/kimura/reset-secret", NULL, NULL,
                  "Authorization", authorization, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    root = parse (response.body);
    object = json_node_get_object (root);
    kimura = g_strconcat (json_object_get_string_member (object, "key"), ":",
                          json_object_get_string_member (object, "secret"), NULL);
  }
  assert_session_ended (fixture, &first);
  {
    g_auto(Response) response = { 0 };

    /* Another administrator's session goes on. */
    send_request (fixture, &response, "GET", "/dashboard/api/session", NULL, NULL, "Cookie",
                  other.cookie, NULL);
    g_assert_cmpuint (response.status, ==, 200);
  }

  sign_in_as (fixture, kimura, "kimura", &second);
  admin_post (fixture, "/admin/accounts/kimura/disable", NULL, 204);
  admin_post (fixture, "/admin/accounts/kimura/enable", NULL, 204);
  assert_session_ended (fixture, &second);
}

/* A session ends by itself after [dashboard] session-seconds. */
static void
test_session_expires (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(Session) session = { 0 };

  sign_in (fixture, &session);
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/dashboard/api/session", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    g_assert_cmpuint (response.status, ==, 200);
  }
  g_usleep (2200 * 1000);
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/dashboard/api/session", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    assert_error (&response, 401, "Sign in again: no valid session");
  }
}

/* The pages: compiled in, with a strict Content Security Policy. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  static const char * const pages[] = {
    "/dashboard/", "/dashboard/dashboard.js", "/dashboard/dashboard.css", "/dashboard/i18n/ja.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_auto(Response) response = { 0 };

      send_request (fixture, &response, "GET", pages[i], NULL, NULL, NULL);
      g_assert_cmpuint (response.status, ==, 200);
      g_assert_cmpstr (
        response_header (&response, "Content-Security-Policy"), ==,
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      g_assert_cmpstr (response_header (&response, "X-Content-Type-Options"), ==, "nosniff");
      g_assert_cmpstr (response_header (&response, "Referrer-Policy"), ==, "no-referrer");
      /* Nothing from elsewhere (the SVG namespace is a name, not a
       * place), and no inline script or style. */
      {
        g_autoptr(GString) body = g_string_new (response.body);

        g_string_replace (body, "\"http://www.w3.org/2000/svg\"", "", 0);
        g_assert_null (strstr (body->str, "http://"));
        g_assert_null (strstr (body->str, "https://"));
      }
      g_assert_null (strstr (response.body, "<script>"));
      g_assert_null (strstr (response.body, "style=\""));
      g_assert_null (strstr (response.body, "innerHTML"));
    }
  {
    g_auto(Response) response = { 0 };
    g_autoptr(JsonNode) catalog = NULL;

    send_request (fixture, &response, "GET", "/dashboard/i18n/ja.json", NULL, NULL, NULL);
    catalog = parse (response.body);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (catalog),
                                                    "Discrimination"),
                     ==, "識別指数");
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/dashboard/../lrs.db", NULL, NULL, NULL);
    g_assert_cmpuint (response.status, !=, 200);
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/dashboard/secret.txt", NULL, NULL, NULL);
    assert_error (&response, 404, "No such page");
  }
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "POST", "/dashboard/", "text/plain", "x", NULL);
    assert_error (&response, 405, "The pages take GET");
  }
}

/* Seeding: the shipped content published, staff in two departments and
 * their results, as the API takes them. */

typedef struct {
  const char *staff_id;
  const char *name;
  const char *department;
  guint       passed;     /* modules passed: a bit per module of the catalog */
  guint       failed;     /* modules failed */
} Staff;

/* The campaign module, due yesterday: everyone without a pass of it is
 * overdue. */
#define CAMPAIGN 2

#define INSPECTION_COMMENT "<img src=x onerror=\"window.__xss=2\">研修日程が合わない"

static const Staff staff[] = {
  { "a01", "<img src=x onerror=\"window.__xss=1\">", "総務課", 0x1f, 0 },
  { "a02", "佐藤 一郎", "総務課", 0, 0x01 },
  { "b01", "Ines \"Excel\" =SUM(A1)", "税務課", 0x7fff & ~(1u << CAMPAIGN), 0 },
  { "b02", "高橋 三郎", "税務課", 0, 0 },
};

static void
admin_post (Fixture    *fixture,
            const char *path,
            const char *body,
            guint       status)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (fixture->admin);

  send_request (fixture, &response, g_str_has_prefix (path, "/admin/assignments/") ? "PUT" : "POST",
                path, "application/json", body, "Authorization", authorization,
                "X-Experience-API-Version", "1.0.3", NULL);
  if (response.status != status)
    g_error ("%s: %u %s", path, response.status, response.body);
}

static char *
timestamp_ago (gint minutes)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_minutes (now, -minutes);

  return g_date_time_format_iso8601 (then);
}

/* An attempt of @staff_id on @module as the client records it: every
 * question answered right (@passed) or wrong, so that the server's own
 * re-scoring finds the verdict earned; posted by the administrator. */
static void
post_verdict (Fixture          *fixture,
              AwarenessCatalog *catalog,
              AwarenessModule  *module,
              const char       *staff_id,
              gboolean          passed)
{
  g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new_random (module, NULL);
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GString) batch = g_string_new ("[");
  g_autoptr(GError) error = NULL;

  for (guint q = 0; q < awareness_attempt_get_n_questions (attempt); q++)
    {
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, q);
      GPtrArray *choices = awareness_question_get_choices (question);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      for (guint c = 0; c < choices->len; c++)
        if (awareness_choice_get_correct (g_ptr_array_index (choices, c)) == passed)
          g_ptr_array_add (ids,
                           (gpointer) awareness_choice_get_id (g_ptr_array_index (choices, c)));
      /* Wrong: one wrong choice, or one of several right ones. */
      if (!passed && ids->len == 0)
        g_ptr_array_add (ids, (gpointer) awareness_choice_get_id (g_ptr_array_index (choices, 0)));
      if (!passed)
        g_ptr_array_set_size (ids, 1);
      g_ptr_array_add (ids, NULL);
      g_assert_true (awareness_attempt_answer (attempt, awareness_question_get_id (question),
                                               (const char * const *) ids->pdata, &error));
    }
  g_assert_true (awareness_attempt_finish (attempt, NULL, &error));
  g_assert_cmpint (awareness_attempt_get_passed (attempt), ==, passed);
  statements = awareness_xapi_build_attempt_statements (attempt, catalog, HOME_PAGE, staff_id,
                                                        "ja");
  for (guint i = 0; i < statements->len; i++)
    {
      g_autofree char *text = json_to_string (g_ptr_array_index (statements, i), FALSE);

      g_string_append_printf (batch, "%s%s", i > 0 ? "," : "", text);
    }
  g_string_append_c (batch, ']');
  admin_post (fixture, "/xapi/statements", batch->str, 200);
}

/* A self-inspection of @staff_id, as the client records it: yes to every
 * item but education, “no” with @comment when one is given; posted by
 * the administrator. */
static void
post_inspection (Fixture          *fixture,
                 AwarenessCatalog *catalog,
                 const char       *staff_id,
                 const char       *comment)
{
  AwarenessChecklist *checklist = awareness_catalog_lookup_checklist (catalog,
                                                                      "staff-self-inspection");
  GPtrArray *items = awareness_checklist_get_items (checklist);
  g_autoptr(AwarenessInspection) inspection = awareness_inspection_new (checklist);
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GString) batch = g_string_new ("[");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      const char *id = awareness_checklist_item_get_id (g_ptr_array_index (items, i));
      gboolean no = comment != NULL && g_strcmp0 (id, "education") == 0;

      g_assert_true (awareness_inspection_set_answer (inspection, id,
                                                      no ? AWARENESS_CHECK_ANSWER_NO
                                                         : AWARENESS_CHECK_ANSWER_YES,
                                                      no ? comment : NULL, &error));
    }
  g_assert_true (awareness_inspection_finish (inspection, &error));
  statements = awareness_xapi_build_inspection_statements (inspection, catalog, HOME_PAGE,
                                                           staff_id, "ja");
  for (guint i = 0; i < statements->len; i++)
    {
      g_autofree char *text = json_to_string (g_ptr_array_index (statements, i), FALSE);

      g_string_append_printf (batch, "%s%s", i > 0 ? "," : "", text);
    }
  g_string_append_c (batch, ']');
  admin_post (fixture, "/xapi/statements", batch->str, 200);
}

static void
post_answer (Fixture    *fixture,
             const char *id,
             const char *staff_id,
             const char *registration,
             const char *question_iri,
             const char *response,
             gboolean    success)
{
  g_autofree char *when = timestamp_ago (90);
  g_autofree char *statement_id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  g_autofree char *statement = g_strdup_printf (
    "{\"id\":\"%s\",\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"%s\"}},"
    "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
    "\"object\":{\"id\":\"%s\",\"definition\":{"
    "\"type\":\"http://adlnet.gov/expapi/activities/cmi.interaction\","
    "\"interactionType\":\"choice\"}},"
    "\"result\":{\"success\":%s,\"response\":\"%s\"},"
    "\"context\":{\"registration\":\"%s\"},\"timestamp\":\"%s\"}",
    statement_id, staff_id, question_iri, success ? "true" : "false", response, registration, when);

  admin_post (fixture, "/xapi/statements", statement, 200);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static const char *
first_choice (AwarenessQuestion *question,
              gboolean           correct,
              guint              skip)
{
  GPtrArray *choices = awareness_question_get_choices (question);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint c = 0; c < choices->len; c++)
    if (awareness_choice_get_correct (g_ptr_array_index (choices, c)) == correct)
      g_ptr_array_add (ids, (gpointer) awareness_choice_get_id (g_ptr_array_index (choices, c)));
  g_ptr_array_sort (ids, compare_ids);
  g_assert_cmpuint (ids->len, >, skip);
  return g_ptr_array_index (ids, skip);
}

static JsonObject *
find_department (JsonArray  *departments,
                 const char *name)
{
  for (guint i = 0; i < json_array_get_length (departments); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (departments, i),
                                                  "department"),
                   name)
        == 0)
      return json_array_get_object_element (departments, i);
  g_error ("no department “%s” in the overview", name);
  return NULL;
}

/* Runs @script_name (in tests/peers) in Node against the fixture's
 * server, with headless Chromium through playwright-core, with the
 * environment @env (name, value, …, NULL) besides the origin, the test
 * certificate and where screenshots go; asserts that every check passed. */
static void
run_browser (Fixture            *fixture,
             const char         *script_name,
             const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) browser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "peers", script_name, NULL);
  g_autofree char *module = g_test_build_filename (G_TEST_DIST, "peers", "node_modules",
                                                   "playwright-core", NULL);
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *shots = g_test_build_filename (G_TEST_BUILT, "dashboard-screenshots", NULL);
  g_autofree char *origin = origin_of (fixture);

  if (node == NULL || !g_file_test (module, G_FILE_TEST_IS_DIR))
    g_error (
      "The npm peers are not installed: run “npm ci --prefix tests/peers” (scripts/test does)");
  g_mkdir_with_parents (shots, 0755);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* Chromium links GLib too: the tests' fatal warnings and malloc
   * checks are for our code, not for it. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  g_subprocess_launcher_setenv (launcher, "DASHBOARD_ORIGIN", origin, TRUE);
  g_subprocess_launcher_setenv (launcher, "DASHBOARD_CA", cert, TRUE);
  g_subprocess_launcher_setenv (launcher, "DASHBOARD_SCREENSHOTS", shots, TRUE);
  for (guint i = 0; env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  browser = g_subprocess_launcher_spawn (launcher, &error, node, script, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (browser, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (browser));
  g_assert_cmpint (g_subprocess_get_exit_status (browser), ==, 0);
}

static double
rate_of (guint completed,
         guint required)
{
  return (double) (guint) (completed * 1000.0 / required + 0.5) / 10.0;
}

/* Seeds, checks the dashboard's data against the seed, then drives the
 * pages in Chromium, which checks them against the same numbers. */
static void
test_dashboard (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog =
    awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  GListModel *modules;
  guint n_modules;
  g_autoptr(GHashTable) required = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) completed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) overdue = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) expected = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) expected_root = NULL;
  g_autofree char *expected_json = NULL;
  g_autofree char *yesterday = NULL;
  g_autofree char *campaign_path = NULL;
  g_autofree char *campaign_rule = NULL;
  g_autoptr(AwarenessModule) campaign = NULL;
  g_autoptr(AwarenessModule) item_module = NULL;
  AwarenessQuestion *qa, *qb;
  g_autofree char *qa_iri = NULL, *qb_iri = NULL, *item_module_iri = NULL;
  const char *right_a, *right_b, *w2, *wb1, *wb2;
  guint total_required = 0, total_completed = 0, total_overdue = 0;
  guint n_seeded = 0;   /* the attempts behind the verdicts */
  static const char * const departments[] = { "総務課", "税務課", "" };

  g_assert_no_error (error);
  fixture_publish_content (fixture);
  modules = awareness_catalog_get_modules (catalog);
  n_modules = g_list_model_get_n_items (modules);
  g_assert_cmpuint (n_modules, ==, 16);
  /* The last, the drills' follow-up module, is assigned by a click only:
   * the seed and the counts are about the 15 required of everyone. */
  {
    g_autoptr(AwarenessModule) follow_up = g_list_model_get_item (modules, n_modules - 1);

    g_assert_false (awareness_module_get_required (follow_up));
    n_modules--;
  }

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autofree char *body = NULL;
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "staff_id");
      json_builder_add_string_value (builder, staff[i].staff_id);
      json_builder_set_member_name (builder, "display_name");
      json_builder_add_string_value (builder, staff[i].name);
      json_builder_set_member_name (builder, "department");
      json_builder_add_string_value (builder, staff[i].department);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      json_generator_set_root (generator, node);
      body = json_generator_to_data (generator, NULL);
      admin_post (fixture, "/admin/accounts", body, 201);
    }

  /* The campaign: one module due yesterday, for everyone. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) before = g_date_time_add_days (now, -1);

    yesterday = g_date_time_format (before, "%Y-%m-%d");
  }
  campaign = g_list_model_get_item (modules, CAMPAIGN);
  campaign_path = g_strconcat ("/admin/assignments/", awareness_module_get_id (campaign), NULL);
  campaign_rule =
    g_strdup_printf ("{\"audience\":\"everyone\",\"recurrence\":\"once\",\"due_date\":\"%s\"}",
                     yesterday);
  admin_post (fixture, campaign_path, campaign_rule, 200);

  /* Results: tanaka (総務課, from the fixture) passed everything; suzuki
   * (no department) nothing. */
  for (guint m = 0; m < n_modules; m++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, m);

      post_verdict (fixture, catalog, module, "tanaka", TRUE);
      n_seeded++;
      for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
        {
          if (staff[i].failed & (1u << m))
            post_verdict (fixture, catalog, module, staff[i].staff_id, FALSE);
          if (staff[i].passed & (1u << m))
            post_verdict (fixture, catalog, module, staff[i].staff_id, TRUE);
          n_seeded += ((staff[i].failed >> m) & 1) + ((staff[i].passed >> m) & 1);
        }
    }

  /* The self-inspection: a01 (総務課) answers “no” to education with a
   * comment that is markup; b01 (税務課) yes to everything. */
  post_inspection (fixture, catalog, staff[0].staff_id, INSPECTION_COMMENT);
  post_inspection (fixture, catalog, staff[2].staff_id, NULL);

  /* What the overview must say, counted from the seed. */
  for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
    {
      guint req = 0, done = 0, late = 0;

      if (d == 0)
        {
          req += n_modules;    /* tanaka */
          done += n_modules;
        }
      if (d == 2)
        {
          req += n_modules;    /* suzuki */
          late += 1;
        }
      for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
        {
          if (g_strcmp0 (staff[i].department, departments[d]) != 0)
            continue;
          req += n_modules;
          for (guint m = 0; m < n_modules; m++)
            done += (staff[i].passed >> m) & 1;
          late += (staff[i].passed & (1u << CAMPAIGN)) ? 0 : 1;
        }
      g_hash_table_insert (required, (gpointer) departments[d], GUINT_TO_POINTER (req));
      g_hash_table_insert (completed, (gpointer) departments[d], GUINT_TO_POINTER (done));
      g_hash_table_insert (overdue, (gpointer) departments[d], GUINT_TO_POINTER (late));
      total_required += req;
      total_completed += done;
      total_overdue += late;
    }

  /* The overview, as the API gives it. */
  {
    g_auto(Response) response = { 0 };
    g_autofree char *authorization = basic_authorization (fixture->admin);
    g_autoptr(JsonNode) root = NULL;
    JsonObject *overview;
    JsonArray *by_department, *trend;

    send_request (fixture, &response, "GET", "/admin/dashboard/overview", NULL, NULL,
                  "Authorization", authorization, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    root = parse (response.body);
    overview = json_node_get_object (root);
    g_assert_cmpint (json_object_get_int_member (overview, "required"), ==, total_required);
    g_assert_cmpint (json_object_get_int_member (overview, "completed"), ==, total_completed);
    g_assert_cmpint (json_object_get_int_member (overview, "overdue"), ==, total_overdue);
    g_assert_cmpint (json_object_get_int_member (overview, "pending"), ==,
                     total_required - total_completed - total_overdue);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (overview, "rate"),
                                    rate_of (total_completed, total_required), 1e-9);
    by_department = json_object_get_array_member (overview, "departments");
    g_assert_cmpuint (json_array_get_length (by_department), ==, G_N_ELEMENTS (departments));
    for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
      {
        JsonObject *row = find_department (by_department, departments[d]);

        g_assert_cmpint (json_object_get_int_member (row, "required"), ==,
                         GPOINTER_TO_UINT (g_hash_table_lookup (required, departments[d])));
        g_assert_cmpint (json_object_get_int_member (row, "completed"), ==,
                         GPOINTER_TO_UINT (g_hash_table_lookup (completed, departments[d])));
        g_assert_cmpint (json_object_get_int_member (row, "overdue"), ==,
                         GPOINTER_TO_UINT (g_hash_table_lookup (overdue, departments[d])));
      }
    /* Every completion happened this month: the last point of the trend
     * is the rate now. */
    trend = json_object_get_array_member (overview, "trend");
    g_assert_cmpuint (json_array_get_length (trend), >=, 1);
    g_assert_cmpint (json_object_get_int_member (
                       json_array_get_object_element (trend, json_array_get_length (trend) - 1),
                       "completed"),
                     ==, total_completed);
  }

  /* The item analysis: four attempts at two questions of one module, by
   * suzuki, the one learner without a department and without results:
   * the analysis of that department holds these four alone (the whole
   * analysis holds the answers of every seeded verdict too). */
  item_module = g_list_model_get_item (modules, 3);
  item_module_iri = awareness_catalog_dup_module_iri (catalog, item_module);
  qa = g_ptr_array_index (awareness_module_get_questions (item_module), 0);
  qb = g_ptr_array_index (awareness_module_get_questions (item_module), 1);
  qa_iri = g_strconcat (item_module_iri, "/questions/", awareness_question_get_id (qa), NULL);
  qb_iri = g_strconcat (item_module_iri, "/questions/", awareness_question_get_id (qb), NULL);
  right_a = first_choice (qa, TRUE, 0);
  right_b = first_choice (qb, TRUE, 0);
  w2 = first_choice (qa, FALSE, 1);
  wb1 = first_choice (qb, FALSE, 0);
  wb2 = first_choice (qb, FALSE, 1);
  {
    /* Both right; A right, B wrong (wb1); A wrong (w2), B right; both
     * wrong (w2, wb2).  The upper 27% is the first attempt, the lower
     * the last: D = 1 for both; p = 0.5 for both; A's most chosen wrong
     * answer is w2 (twice); B's a tie of wb1 and wb2, the first by id. */
    const struct { gboolean a, b; const char *ra, *rb; } attempts[] = {
      { TRUE, TRUE, right_a, right_b },
      { TRUE, FALSE, right_a, wb1 },
      { FALSE, TRUE, w2, right_b },
      { FALSE, FALSE, w2, wb2 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
      {
        g_autofree char *registration = g_uuid_string_random ();

        post_answer (fixture, NULL, "suzuki", registration, qa_iri, attempts[i].ra, attempts[i].a);
        post_answer (fixture, NULL, "suzuki", registration, qb_iri, attempts[i].rb, attempts[i].b);
      }
  }
  {
    g_auto(Response) response = { 0 };
    g_autofree char *authorization = basic_authorization (fixture->admin);
    g_autoptr(JsonNode) root = NULL;
    JsonArray *questions, *clauses;
    AwarenessChoice *choice = awareness_question_lookup_choice (qa, w2);
    g_autofree char *w2_text = awareness_choice_dup_text (choice, "en",
                                                          AWARENESS_TEXT_FORMAT_PLAIN);
    GPtrArray *cited = awareness_question_get_clauses (qa);

    send_request (fixture, &response, "GET", "/admin/dashboard/items?lang=en&department=", NULL,
                  NULL, "Authorization", authorization, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    root = parse (response.body);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "attempts"), ==, 4);
    /* The fewest answers a figure is judged from, for the page to say. */
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "min_answers"), ==,
                     5);
    questions = json_object_get_array_member (json_node_get_object (root), "questions");
    g_assert_cmpuint (json_array_get_length (questions), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *item = json_array_get_object_element (questions, i);
        JsonObject *wrong = json_object_get_object_member (item, "wrong");
        gboolean is_a = g_strcmp0 (json_object_get_string_member (item, "activity"), qa_iri) == 0;

        g_assert_cmpint (json_object_get_int_member (item, "answers"), ==, 4);
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (item, "p"), 0.5, 1e-9);
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (item, "discrimination"), 1.0,
                                        1e-9);
        g_assert_cmpstr (json_object_get_string_member (wrong, "response"), ==, is_a ? w2 : wb1);
        g_assert_cmpint (json_object_get_int_member (wrong, "count"), ==, is_a ? 2 : 1);
        if (is_a)
          {
            g_assert_cmpstr (json_object_get_string_member (wrong, "text"), ==, w2_text);
            g_assert_cmpstr (json_object_get_string_member (item, "module"), ==,
                             awareness_module_get_id (item_module));
          }
      }
    /* Rolled up per clause: A's clause holds A's answers (and B's if B
     * tests it too). */
    clauses = json_object_get_array_member (json_node_get_object (root), "clauses");
    g_assert_cmpuint (json_array_get_length (clauses), >=, 1);
    for (guint i = 0; i < json_array_get_length (clauses); i++)
      {
        JsonObject *clause = json_array_get_object_element (clauses, i);

        if (g_strcmp0 (json_object_get_string_member (clause, "clause"),
                       awareness_clause_get_id (g_ptr_array_index (cited, 0))) != 0)
          continue;
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (clause, "p"), 0.5, 1e-9);
        g_assert_cmpuint (json_object_get_int_member (clause, "answers") % 4, ==, 0);
      }
  }
  /* The whole analysis: every seeded verdict's attempt, and the four. */
  {
    g_auto(Response) response = { 0 };
    g_autofree char *authorization = basic_authorization (fixture->admin);
    g_autoptr(JsonNode) root = NULL;

    send_request (fixture, &response, "GET", "/admin/dashboard/items?lang=en", NULL, NULL,
                  "Authorization", authorization, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    root = parse (response.body);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "attempts"), ==,
                     n_seeded + 4);
  }
  {
    g_auto(Response) response = { 0 };
    g_autofree char *authorization = basic_authorization (fixture->admin);
    GPtrArray *cited = awareness_question_get_clauses (qa);
    g_autofree char *path = g_strconcat ("/admin/dashboard/clause?lang=ja&id=",
                                         awareness_clause_get_id (g_ptr_array_index (cited, 0)),
                                         NULL);
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *label = awareness_clause_dup_label (g_ptr_array_index (cited, 0), "ja");

    send_request (fixture, &response, "GET", path, NULL, NULL, "Authorization", authorization,
                  NULL);
    g_assert_cmpuint (response.status, ==, 200);
    root = parse (response.body);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "label"), ==,
                     label);
    g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (root), "text")),
                      >, 0);
  }
  {
    g_auto(Response) response = { 0 };
    g_autofree char *authorization = basic_authorization (fixture->admin);

    send_request (fixture, &response, "GET", "/admin/dashboard/clause?id=no.such.clause", NULL,
                  NULL, "Authorization", authorization, NULL);
    assert_error (&response, 404, "No such clause in the published policy");
  }

  /* The pages in Chromium, against the same numbers. */
  json_builder_begin_object (expected);
  json_builder_set_member_name (expected, "required");
  json_builder_add_int_value (expected, total_required);
  json_builder_set_member_name (expected, "completed");
  json_builder_add_int_value (expected, total_completed);
  json_builder_set_member_name (expected, "overdue");
  json_builder_add_int_value (expected, total_overdue);
  json_builder_set_member_name (expected, "pending");
  json_builder_add_int_value (expected, total_required - total_completed - total_overdue);
  json_builder_set_member_name (expected, "rate");
  json_builder_add_double_value (expected, rate_of (total_completed, total_required));
  json_builder_set_member_name (expected, "departments");
  json_builder_begin_object (expected);
  for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
    {
      guint req = GPOINTER_TO_UINT (g_hash_table_lookup (required, departments[d]));
      guint done = GPOINTER_TO_UINT (g_hash_table_lookup (completed, departments[d]));
      guint late = GPOINTER_TO_UINT (g_hash_table_lookup (overdue, departments[d]));

      json_builder_set_member_name (expected, departments[d]);
      json_builder_begin_object (expected);
      json_builder_set_member_name (expected, "required");
      json_builder_add_int_value (expected, req);
      json_builder_set_member_name (expected, "completed");
      json_builder_add_int_value (expected, done);
      json_builder_set_member_name (expected, "overdue");
      json_builder_add_int_value (expected, late);
      json_builder_set_member_name (expected, "rate");
      json_builder_add_double_value (expected, rate_of (done, req));
      json_builder_end_object (expected);
    }
  json_builder_end_object (expected);
  json_builder_set_member_name (expected, "modules");
  json_builder_add_int_value (expected, n_modules);
  json_builder_set_member_name (expected, "department");
  json_builder_add_string_value (expected, "総務課");
  json_builder_set_member_name (expected, "xss_name");
  json_builder_add_string_value (expected, staff[0].name);
  json_builder_set_member_name (expected, "inspection_comment");
  json_builder_add_string_value (expected, INSPECTION_COMMENT);
  json_builder_set_member_name (expected, "item_question");
  json_builder_add_string_value (expected, awareness_question_get_id (qa));
  json_builder_set_member_name (expected, "item_clause");
  json_builder_add_string_value (expected,
                                 awareness_clause_get_id (
                                   g_ptr_array_index (awareness_question_get_clauses (qa), 0)));
  json_builder_end_object (expected);
  expected_root = json_builder_get_root (expected);
  json_generator_set_root (generator, expected_root);
  expected_json = json_generator_to_data (generator, NULL);

  {
    g_autofree char *admin_key = key_of (fixture->admin);
    g_autofree char *admin_secret = secret_line (fixture->admin);
    g_autofree char *learner_key = key_of (fixture->learner);
    g_autofree char *learner_secret = secret_line (fixture->learner);
    const char *env[] = {
      "DASHBOARD_EXPECTED", expected_json,
      "ADMIN_KEY", admin_key,
      "ADMIN_SECRET", g_strchomp (admin_secret),
      "LEARNER_KEY", learner_key,
      "LEARNER_SECRET", g_strchomp (learner_secret),
      NULL,
    };

    run_browser (fixture, "dashboard-browser.js", env);
  }
}

/* An account made by the administrator through the API, as key:secret;
 * NULL when refused with @status. */
static char *
create_account (Fixture    *fixture,
                const char *staff_id,
                const char *department,
                const char *role,
                guint       status)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (fixture->admin);
  g_autofree char *body = g_strdup_printf ("{\"staff_id\":\"%s\",\"display_name\":\"%s\","
                                           "\"department\":\"%s\",\"role\":\"%s\"}",
                                           staff_id, staff_id, department, role);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  send_request (fixture, &response, "POST", "/admin/accounts", "application/json", body,
                "Authorization", authorization, NULL);
  if (response.status != status)
    g_error ("creating %s: %u %s", staff_id, response.status, response.body);
  if (status != 201)
    return NULL;
  root = parse (response.body);
  object = json_node_get_object (root);
  return g_strconcat (json_object_get_string_member (object, "key"), ":",
                      json_object_get_string_member (object, "secret"), NULL);
}

/* A department head signs in to the dashboard and reads the reports of
 * their own department only (overview, department, items, completion and
 * assignments, as JSON and CSV); every other department, what only
 * administrators read and every change (with a valid CSRF token, from the
 * dashboard's origin) is refused, in the audit log; nothing changes.  Then
 * the same in Chromium. */
static void
test_department_head (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *origin = origin_of (fixture);
  g_autofree char *head = NULL, *other = NULL, *log = NULL;
  g_autofree char *head_authorization = NULL;
  g_autofree char *admin_authorization = basic_authorization (fixture->admin);
  g_auto(Session) session = { 0 };
  const char *refused = "Refused: a department head sees their own department only";
  const char *read_only = "Refused: a department head reads the reports of their department only";
  const char *expected[] = {
    "dashboard-sign-in|head-somu|-|127.0.0.1\n",
    "request-refused|head-somu|/admin/dashboard/department|127.0.0.1\n",
    "request-refused|head-somu|/admin/reports/completion|127.0.0.1\n",
    "request-refused|head-somu|/admin/staff|127.0.0.1\n",
    "request-refused|head-somu|/admin/accounts|127.0.0.1\n",
    "request-refused|head-somu|/admin/staff/tanaka|127.0.0.1\n",
    "request-refused|head-somu|/admin/assignments/scope|127.0.0.1\n",
    "request-refused|head-somu|/admin/staff/roster|127.0.0.1\n",
    NULL,
  };

  fixture_publish_content (fixture);
  head = create_account (fixture, "head-somu", "総務課", "department-head", 201);
  other = create_account (fixture, "zaimu", "財政課", "learner", 201);
  /* A department head without a department sees nothing: refused. */
  g_assert_null (create_account (fixture, "head-none", "", "department-head", 400));
  g_assert_null (create_account (fixture, "boss", "総務課", "boss", 400));
  head_authorization = basic_authorization (head);

  sign_in_as (fixture, head, "head-somu", &session);
  {
    g_auto(Response) response = { 0 };
    g_autoptr(JsonNode) root = NULL;

    send_request (fixture, &response, "GET", "/dashboard/api/session", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    root = parse (response.body);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "role"), ==,
                     "department-head");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "department"),
                     ==, "総務課");
  }

  /* The overview of their department alone. */
  {
    g_auto(Response) response = { 0 };
    g_auto(Response) all = { 0 };
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(JsonNode) all_root = NULL;
    JsonArray *departments;

    send_request (fixture, &response, "GET", "/admin/dashboard/overview", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    root = parse (response.body);
    departments = json_object_get_array_member (json_node_get_object (root), "departments");
    g_assert_cmpuint (json_array_get_length (departments), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (departments, 0),
                                                    "department"), ==, "総務課");
    /* tanaka and the head: what the administrator sees of 総務課. */
    send_request (fixture, &all, "GET", "/admin/dashboard/overview", NULL, NULL, "Authorization",
                  admin_authorization, NULL);
    all_root = parse (all.body);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (all_root), "departments")), ==, 3);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "required"), <,
                     json_object_get_int_member (json_node_get_object (all_root), "required"));
  }
  {
    g_auto(Response) own = { 0 };
    g_auto(Response) another = { 0 };

    send_request (fixture, &own, "GET",
                  "/admin/dashboard/department?name=%E7%B7%8F%E5%8B%99%E8%AA%B2", NULL, NULL,
                  "Cookie", session.cookie, NULL);
    g_assert_cmpuint (own.status, ==, 200);
    g_assert_nonnull (strstr (own.body, "tanaka"));
    send_request (fixture, &another, "GET",
                  "/admin/dashboard/department?name=%E8%B2%A1%E6%94%BF%E8%AA%B2", NULL, NULL,
                  "Cookie", session.cookie, NULL);
    assert_error (&another, 403, refused);
  }
  /* The reports and their CSVs, by Basic credentials as well. */
  {
    g_auto(Response) completion = { 0 };
    g_auto(Response) assignments = { 0 };
    g_auto(Response) items = { 0 };
    g_auto(Response) another = { 0 };

    send_request (fixture, &completion, "GET", "/admin/reports/completion?format=csv", NULL, NULL,
                  "Authorization", head_authorization, NULL);
    g_assert_cmpuint (completion.status, ==, 200);
    g_assert_null (strstr (completion.body, "zaimu"));
    send_request (fixture, &assignments, "GET", "/admin/reports/assignments?format=csv", NULL,
                  NULL, "Cookie", session.cookie, NULL);
    g_assert_cmpuint (assignments.status, ==, 200);
    g_assert_nonnull (strstr (assignments.body, "tanaka"));
    g_assert_null (strstr (assignments.body, "zaimu"));
    g_assert_null (strstr (assignments.body, "suzuki"));
    send_request (fixture, &items, "GET", "/admin/dashboard/items", NULL, NULL, "Cookie",
                  session.cookie, NULL);
    g_assert_cmpuint (items.status, ==, 200);
    send_request (fixture, &another, "GET",
                  "/admin/reports/completion?department=%E8%B2%A1%E6%94%BF%E8%AA%B2", NULL, NULL,
                  "Authorization", head_authorization, NULL);
    assert_error (&another, 403, refused);
  }

  /* What only administrators read, and every change, refused: forged
   * with the session's own CSRF token, from the dashboard's origin. */
  {
    const struct {
      const char *method;
      const char *path;
      const char *content_type;
      const char *body;
    } forged[] = {
      { "GET", "/admin/staff", NULL, NULL },
      { "GET", "/admin/assignments", NULL, NULL },
      { "POST", "/admin/accounts", "application/json",
        "{\"staff_id\":\"forged\",\"department\":\"総務課\"}" },
      { "PATCH", "/admin/staff/tanaka", "application/json", "{\"department\":\"財政課\"}" },
      { "PUT", "/admin/assignments/scope", "application/json",
        "{\"audience\":\"everyone\",\"recurrence\":\"once\",\"due_date\":\"2026-04-30\"}" },
      { "POST", "/admin/staff/roster?dry-run=false", "text/csv",
        "staff_id,department\r\nforged,総務課\r\n" },
      { "POST", "/admin/reports/completion", "application/json", "{}" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
      {
        g_auto(Response) response = { 0 };

        send_request (fixture, &response, forged[i].method, forged[i].path, forged[i].content_type,
                      forged[i].body, "Cookie", session.cookie, "X-CSRF-Token", session.csrf,
                      "Origin", origin, "Sec-Fetch-Site", "same-origin", NULL);
        g_test_message ("%s %s: %u", forged[i].method, forged[i].path, response.status);
        assert_error (&response, 403, read_only);
      }
  }
  /* Nothing changed. */
  {
    g_auto(Response) response = { 0 };

    send_request (fixture, &response, "GET", "/admin/staff", NULL, NULL, "Authorization",
                  admin_authorization, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_null (strstr (response.body, "forged"));
    g_assert_nonnull (strstr (response.body, "\"staff_id\":\"tanaka\",\"display_name\":\"田中 花子\","
                                             "\"department\":\"総務課\""));
  }
  log = audit_lines (fixture);
  {
    const char *p = log;

    for (guint i = 0; expected[i] != NULL; i++)
      {
        p = strstr (p, expected[i]);
        if (p == NULL)
          g_error ("not in the audit log in this order: %s", expected[i]);
        p += strlen (expected[i]);
      }
  }

  {
    g_autofree char *key = key_of (head);
    g_autofree char *secret = secret_line (head);
    const char *env[] = {
      "HEAD_KEY", key,
      "HEAD_SECRET", g_strchomp (secret),
      "HEAD_DEPARTMENT", "総務課",
      "OTHER_DEPARTMENT", "財政課",
      NULL,
    };

    run_browser (fixture, "dashboard-department-head.js", env);
  }
}

/* The item of @id in the list of GET /admin/assignments (@root). */
static JsonObject *
assignment_item (JsonNode   *root,
                 const char *id)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (root), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "id"),
                   id) == 0)
      return json_array_get_object_element (items, i);
  g_error ("no item %s in the assignments", id);
}

/* GET /admin/assignments: every module and checklist of the published
 * content with the catalog's rule, the server's override and the due date
 * that follows; an override with a wrong date or for an unknown module is
 * refused and changes nothing; one set then cleared, both in the audit
 * log. */
static void
test_assignments_list (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog =
    awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  g_autofree char *authorization = basic_authorization (fixture->admin);
  g_autoptr(AwarenessModule) module = NULL;
  g_autofree char *path = NULL, *log = NULL, *set_line = NULL, *cleared_line = NULL;
  const char *id;
  guint expected_items;

  g_assert_no_error (error);
  fixture_publish_content (fixture);
  module = g_list_model_get_item (awareness_catalog_get_modules (catalog), 0);
  id = awareness_module_get_id (module);
  path = g_strconcat ("/admin/assignments/", id, NULL);
  expected_items = g_list_model_get_n_items (awareness_catalog_get_modules (catalog)) +
                   g_list_model_get_n_items (awareness_catalog_get_checklists (catalog));
  {
    g_auto(Response) response = { 0 };
    g_autoptr(JsonNode) root = NULL;
    JsonObject *item;

    send_request (fixture, &response, "GET", "/admin/assignments?lang=en&as-of=2026-05-01", NULL,
                  NULL, "Authorization", authorization, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    root = parse (response.body);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (root), "items")), ==, expected_items);
    item = assignment_item (root, id);
    g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "module");
    g_assert_cmpstr (json_object_get_string_member (item, "title"), ==,
                     awareness_module_get_title (module, "en"));
    g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "catalog")));
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (item, "override")));
  }
  {
    g_auto(Response) bad_date = { 0 };
    g_auto(Response) unknown = { 0 };

    send_request (fixture, &bad_date, "PUT", path, "application/json",
                  "{\"audience\":\"everyone\",\"recurrence\":\"once\",\"due_date\":\"2026-02-30\"}",
                  "Authorization", authorization, NULL);
    assert_error (&bad_date, 400, "due_date: YYYY-MM-DD, needed by recurrence once");
    send_request (fixture, &unknown, "PUT", "/admin/assignments/no-such-module",
                  "application/json", "{\"audience\":\"everyone\"}", "Authorization",
                  authorization, NULL);
    g_assert_cmpuint (unknown.status, ==, 404);
    g_assert_nonnull (strstr (unknown.body, "No module or checklist “no-such-module”"));
  }
  {
    g_auto(Response) put = { 0 };
    g_auto(Response) response = { 0 };
    g_auto(Response) cleared = { 0 };
    g_auto(Response) after = { 0 };
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(JsonNode) after_root = NULL;
    JsonObject *override;

    send_request (fixture, &put, "PUT", path, "application/json",
                  "{\"audience\":\"department\",\"audience_value\":\"総務課\","
                  "\"recurrence\":\"once\",\"due_date\":\"2026-06-30\"}",
                  "Authorization", authorization, NULL);
    g_assert_cmpuint (put.status, ==, 200);
    send_request (fixture, &response, "GET", "/admin/assignments?as-of=2026-05-01", NULL, NULL,
                  "Authorization", authorization, NULL);
    root = parse (response.body);
    override = json_object_get_object_member (assignment_item (root, id), "override");
    g_assert_cmpstr (json_object_get_string_member (override, "audience_value"), ==, "総務課");
    g_assert_cmpstr (json_object_get_string_member (override, "due_date"), ==, "2026-06-30");
    g_assert_cmpstr (json_object_get_string_member (assignment_item (root, id), "due"), ==,
                     "2026-06-30");
    send_request (fixture, &cleared, "DELETE", path, NULL, NULL, "Authorization", authorization,
                  NULL);
    g_assert_cmpuint (cleared.status, ==, 204);
    send_request (fixture, &after, "GET", "/admin/assignments", NULL, NULL, "Authorization",
                  authorization, NULL);
    after_root = parse (after.body);
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (assignment_item (after_root, id),
                                                                 "override")));
  }
  log = audit_lines (fixture);
  set_line = g_strdup_printf ("assignment-set|admin|%s|127.0.0.1\n", id);
  cleared_line = g_strdup_printf ("assignment-cleared|admin|%s|127.0.0.1\n", id);
  g_assert_nonnull (strstr (log, set_line));
  g_assert_nonnull (strstr (strstr (log, set_line), cleared_line));
  /* Only the one that was set: the refused ones are not. */
  g_assert_true (strstr (log, set_line) == g_strrstr (log, set_line));
  g_assert_null (strstr (log, "no-such-module"));
}

/* The answers (not voided) of the item analysis, as the API counts them. */
static gint64
answers_counted (Fixture *fixture)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (fixture->admin);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *questions;
  gint64 answers = 0;

  send_request (fixture, &response, "GET", "/admin/dashboard/items", NULL, NULL, "Authorization",
                authorization, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  root = parse (response.body);
  questions = json_object_get_array_member (json_node_get_object (root), "questions");
  for (guint i = 0; i < json_array_get_length (questions); i++)
    answers += json_object_get_int_member (json_array_get_object_element (questions, i), "answers");
  return answers;
}

/* The answers table: a voided answer leaves the item analysis; a store
 * made before the table has it filled when opened. */
static void
test_answers_table (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *registration = g_uuid_string_random ();
  g_autofree char *voided = g_uuid_string_random ();
  g_autofree char *voiding = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "lrs.db", NULL);
  static const char question[] =
    "https://awareness.example/activities/minamikyushu/scope/questions/q-printed-list";
  sqlite3 *handle;

  fixture_publish_content (fixture);
  post_answer (fixture, NULL, "tanaka", registration, question, "a", TRUE);
  post_answer (fixture, voided, "tanaka", registration, question, "b", FALSE);
  /* Without a registration, an answer belongs to no attempt: not counted. */
  admin_post (
    fixture, "/xapi/statements",
    "{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"tanaka\"}},"
    "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
    "\"object\":{\"id\":\"https://awareness.example/activities/minamikyushu/scope/questions/q-x\"},"
    "\"result\":{\"success\":true,\"response\":\"a\"}}",
    200);
  g_assert_cmpint (answers_counted (fixture), ==, 2);

  voiding = g_strdup_printf ("{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE
                             "\",\"name\":\"tanaka\"}},"
                             "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"},"
                             "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"%s\"}}",
                             voided);
  admin_post (fixture, "/xapi/statements", voiding, 200);
  g_assert_cmpint (answers_counted (fixture), ==, 1);

  /* PostgreSQL has its tables from the first version of its schema. */
  if (fixture_uses_pg ())
    return;
  stop_server (fixture);
  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "DROP TABLE answers", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  start_server (fixture);
  g_assert_cmpint (answers_counted (fixture), ==, 1);
}

/* The administrator at a Japanese terminal: the server's messages come
 * in Japanese (the command line asks for its locale's language), the
 * report names modules by their titles, and what does not exist is said
 * so with the nearest names; before any content is published, the
 * message names the command that publishes it. */
static void
test_cli_report_in_japanese (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog =
    awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  g_autofree char *authorization = basic_authorization (fixture->admin);
  g_autofree char *when = timestamp_ago (60);
  g_autofree char *statement = NULL;
  AwarenessModule *scope;

  g_assert_no_error (error);
  scope = awareness_catalog_lookup_module (catalog, "scope");
  g_assert_nonnull (scope);

  {
    g_auto(Response) response = { 0 };
    g_autoptr(JsonNode) root = NULL;
    const char *message;

    send_request (fixture, &response, "GET", "/admin/reports/assignments", NULL, NULL,
                  "Authorization", authorization, "Accept-Language", "ja", NULL);
    g_assert_cmpuint (response.status, ==, 409);
    root = parse (response.body);
    message = json_object_get_string_member (json_node_get_object (root), "error");
    g_assert_nonnull (strstr (message, "コンテンツがまだ公開されていません"));
    g_assert_nonnull (strstr (message, "awareness admin content publish"));
  }

  fixture_publish_content (fixture);
  statement = g_strdup_printf (
    "{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"tanaka\"}},"
    "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/passed\"},"
    "\"object\":{\"id\":\"https://awareness.example/activities/minamikyushu/scope\"},"
    "\"result\":{\"success\":true,\"completion\":true,\"score\":{\"scaled\":0.9}},"
    "\"timestamp\":\"%s\"}",
    when);
  admin_post (fixture, "/xapi/statements", statement, 200);

  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *reiwa = NULL;
    GDate today;

    /* This fiscal year in the Japanese era: the pass of an hour ago in it. */
    g_date_clear (&today, 1);
    g_date_set_time_t (&today, time (NULL));
    reiwa = g_strdup_printf ("令和%u年度", awareness_fiscal_year (&today) - 2018);
    g_assert_cmpint (run_cli_in_locale (fixture, "ja_JP.UTF-8", NULL, &out, &err, "admin", "report",
                                        "--fiscal-year", reiwa, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "職員番号"));
    g_assert_nonnull (strstr (out, awareness_module_get_title (scope, "ja")));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli_in_locale (fixture, "ja_JP.UTF-8", NULL, &out, &err, "admin", "report",
                                        "--since", "2026-04-01", NULL), ==, 0);
    g_assert_nonnull (strstr (out, awareness_module_get_title (scope, "ja")));
    g_assert_null (strstr (out, "  scope  "));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli_in_locale (fixture, "ja_JP.UTF-8", NULL, &out, &err, "admin", "report",
                                        "--module", "scop", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "モジュール「scop」はありません"));
    g_assert_nonnull (strstr (err, "「scope」のことですか？"));
    g_assert_null (strstr (err, "0 行"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli_in_locale (fixture, "ja_JP.UTF-8", NULL, &out, &err, "admin", "report",
                                        "--assignments", "--department", "総務", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "所属「総務」のアカウントはありません。「総務課」のことですか？"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "report", "--module", "scop",
                              NULL),
                     ==, 1);
    g_assert_nonnull (strstr (err, "There is no module “scop”"));
    g_assert_nonnull (strstr (err, "did you mean “scope”?"));
  }
}

/* Content published through one instance is what another instance on
 * the database, with its own state directory, judges by. */
static void
test_content_two_instances (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *state = g_build_filename (fixture->dir, "state-b", NULL);
  g_autofree char *config_b = g_build_filename (fixture->dir, "server-b.conf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *with_state = NULL;
  Fixture second = { .dir = fixture->dir, .config = config_b, .session = fixture->session,
                     .admin = fixture->admin };
  g_auto(Session) session = { 0 };
  g_auto(Response) response = { 0 };

  fixture_publish_content (fixture);
  /* The same configuration, but its own state directory. */
  g_assert_true (g_file_get_contents (fixture->config, &text, NULL, NULL));
  with_state = g_strdup_printf ("%s\n[server]\nstate-directory=%s\n", text, state);
  g_assert_true (g_file_set_contents (config_b, with_state, -1, NULL));
  start_server (&second);

  sign_in (&second, &session);
  send_request (&second, &response, "GET", "/admin/dashboard/overview?as-of=2026-11-30", NULL, NULL,
                "Cookie", session.cookie, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  {
    g_autofree char *current = g_build_filename (state, "content", "current", NULL);

    g_assert_true (g_file_test (current, G_FILE_TEST_IS_SYMLINK));
  }
  stop_server (&second);
  g_free (second.base);
}

/* Content: the Content page's API */

/* The change of @id in the preview's @list ("modules" or "checklists"). */
static JsonObject *
find_change (JsonNode   *preview,
             const char *list,
             const char *id)
{
  JsonArray *changes = json_object_get_array_member (json_node_get_object (preview), list);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_strcmp0 (json_object_get_string_member (change, "id"), id) == 0)
        return change;
    }
  g_error ("%s: no change of %s", list, id);
}

/* The digest of the latest published package, from GET /content. */
static char *
latest_digest (Fixture *fixture)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (fixture->learner);
  g_autoptr(JsonNode) root = NULL;

  send_request (fixture, &response, "GET", "/content", NULL, NULL, "Authorization",
                authorization, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  root = parse (response.body);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "digest"));
}

/* POST /admin/content/preview of @package as the administrator. */
static JsonNode *
preview_package (Fixture *fixture,
                 GBytes  *package)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (fixture->admin);

  send_bytes (fixture, &response, "POST", "/admin/content/preview", "application/octet-stream",
              package, "Authorization", authorization, NULL);
  if (response.status != 200)
    g_error ("preview: %u %s", response.status, response.body);
  return parse (response.body);
}

/* POST /admin/content/publish of the preview @token; the status. */
static guint
publish_preview (Fixture    *fixture,
                 const char *token,
                 char      **body)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (fixture->admin);
  g_autofree char *json = g_strdup_printf ("{\"token\":\"%s\"}", token);

  send_request (fixture, &response, "POST", "/admin/content/publish", "application/json", json,
                "Authorization", authorization, NULL);
  if (body != NULL)
    *body = g_strdup (response.body);
  return response.status;
}

/* GET /admin/content/versions as the administrator. */
static JsonArray *
list_versions (Fixture   *fixture,
               JsonNode **root)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (fixture->admin);

  send_request (fixture, &response, "GET", "/admin/content/versions", NULL, NULL,
                "Authorization", authorization, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  *root = parse (response.body);
  return json_object_get_array_member (json_node_get_object (*root), "versions");
}

/* Fetches the package @digest as @credentials, as the app's sync does. */
static void
fetch_package (Fixture    *fixture,
               const char *credentials,
               const char *digest)
{
  g_auto(Response) response = { 0 };
  g_autofree char *authorization = basic_authorization (credentials);
  g_autofree char *path = g_strconcat ("/content/", digest, NULL);

  send_request (fixture, &response, "GET", path, NULL, NULL, "Authorization", authorization,
                NULL);
  g_assert_cmpuint (response.status, ==, 200);
}

/*
 * A revised package previewed: verified, its signer and what it changes
 * (revised, removed, whether passes count), and nothing published; a
 * tampered one refused, and never publishable; the previewed one
 * published by its token, once; the versions with who published them and
 * how many staff accounts fetched each; every step in the audit log.
 */
static void
test_content_publishing (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *revised_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *log = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *pub_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.pub",
                                                     NULL);
  g_autoptr(GBytes) revised = NULL;
  g_autoptr(GBytes) tampered = NULL;
  g_autoptr(JsonNode) preview = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) versions_root = NULL;
  JsonObject *object;
  JsonObject *change;
  JsonArray *versions;
  gsize size;
  const char *token;
  const char *digest;

  g_assert_true (g_file_get_contents (pub_file, &public_key, NULL, NULL));
  g_strstrip (public_key);
  fixture_publish_content (fixture);
  first = latest_digest (fixture);
  revised_path = fixture_pack_revised_content (fixture);
  g_assert_true (g_file_get_contents (revised_path, &text, &size, NULL));
  revised = g_bytes_new (text, size);

  /* The preview: verified, with what changes, and nothing published. */
  preview = preview_package (fixture, revised);
  object = json_node_get_object (preview);
  g_assert_true (json_object_get_boolean_member (object, "verified"));
  g_assert_cmpstr (json_object_get_string_member (object, "signer"), ==, public_key);
  g_assert_cmpstr (json_object_get_string_member (object, "current"), ==, first);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "token")), ==, 64);
  change = find_change (preview, "modules", "threats");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "revised");
  g_assert_cmpstr (json_object_get_string_member (change, "old_version"), ==, "2026.2");
  g_assert_cmpstr (json_object_get_string_member (change, "new_version"), ==, "2026.3");
  g_assert_false (json_object_get_boolean_member (change, "passes_count"));
  change = find_change (preview, "modules", "definitions");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "revised");
  g_assert_true (json_object_get_boolean_member (change, "passes_count"));
  change = find_change (preview, "modules", "when-something-goes-wrong");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "removed");
  change = find_change (preview, "checklists", "staff-self-inspection");
  g_assert_cmpstr (json_object_get_string_member (change, "new_version"), ==, "2026.2");
  g_assert_true (json_object_get_boolean_member (change, "passes_count"));
  /* Unchanged modules are not listed: three changes in all. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "modules")), ==,
                    3);
  {
    g_autofree char *still = latest_digest (fixture);

    g_assert_cmpstr (still, ==, first);
  }

  /* A tampered package: refused with the reason, and never published. */
  {
    guchar *bytes = g_memdup2 (text, size);

    bytes[size / 2] ^= 0x55;
    tampered = g_bytes_new_take (bytes, size);
  }
  refused = preview_package (fixture, tampered);
  object = json_node_get_object (refused);
  g_assert_false (json_object_get_boolean_member (object, "verified"));
  g_assert_nonnull (json_object_get_string_member (object, "reason"));
  g_assert_false (json_object_has_member (object, "modules"));
  g_assert_cmpuint (publish_preview (fixture, json_object_get_string_member (object, "token"),
                                     &body), ==, 409);
  g_clear_pointer (&body, g_free);
  g_assert_cmpuint (publish_preview (fixture, "00", NULL), ==, 404);
  {
    g_autofree char *still = latest_digest (fixture);

    g_assert_cmpstr (still, ==, first);
  }

  /* Published by its token, once. */
  token = json_object_get_string_member (json_node_get_object (preview), "token");
  digest = json_object_get_string_member (json_node_get_object (preview), "digest");
  g_assert_cmpuint (publish_preview (fixture, token, &body), ==, 201);
  g_assert_nonnull (strstr (body, digest));
  {
    g_autofree char *now = latest_digest (fixture);

    g_assert_cmpstr (now, ==, digest);
  }
  g_assert_cmpuint (publish_preview (fixture, token, NULL), ==, 404);

  /* Two accounts fetching twice each: two. */
  versions = list_versions (fixture, &versions_root);
  g_assert_cmpuint (json_array_get_length (versions), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (versions, 0),
                                               "fetched_by"), ==, 0);
  g_clear_pointer (&versions_root, json_node_unref);
  for (guint i = 0; i < 2; i++)
    {
      fetch_package (fixture, fixture->learner, digest);
      fetch_package (fixture, fixture->other, digest);
    }
  fetch_package (fixture, fixture->learner, first);
  versions = list_versions (fixture, &versions_root);
  g_assert_cmpuint (json_array_get_length (versions), ==, 2);
  object = json_array_get_object_element (versions, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "digest"), ==, digest);
  g_assert_cmpint (json_object_get_int_member (object, "fetched_by"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "published_by"), ==, "admin");
  g_assert_cmpstr (json_object_get_string_member (object, "signer"), ==, public_key);
  g_assert_true (json_object_get_boolean_member (object, "current"));
  object = json_array_get_object_element (versions, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "digest"), ==, first);
  g_assert_cmpint (json_object_get_int_member (object, "fetched_by"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "published_by"), ==, "admin");
  g_assert_false (json_object_get_boolean_member (object, "current"));
  g_assert_cmpint (json_object_get_int_member (object, "version"), <,
                   json_object_get_int_member (json_array_get_object_element (versions, 0),
                                               "version"));

  /* Every step in the audit log, in order. */
  log = audit_lines (fixture);
  {
    g_autofree char *previewed = g_strdup_printf ("content-previewed|admin|%s|", digest);
    g_autofree char *published = g_strdup_printf ("content-published|admin|%s|", digest);
    const char *expected[] = { previewed, "content-preview-refused|admin|",
                               "content-publish-refused|admin|", "content-publish-refused|admin|",
                               published, "content-publish-refused|admin|", NULL };
    const char *p = log;

    for (guint i = 0; expected[i] != NULL; i++)
      {
        const char *found = strstr (p, expected[i]);

        if (found == NULL)
          g_error ("not in the audit log in order: %s", expected[i]);
        p = found + strlen (expected[i]);
      }
  }
}

/* The Content page's requests with the session cookie: without the CSRF
 * token or from another origin, refused; a department head is refused
 * everything of it. */
static void
test_content_refusals (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Session) session = { 0 };
  g_autofree char *origin = origin_of (fixture);
  g_autofree char *revised_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) revised = NULL;
  gsize size;
  const char *paths[] = { "/admin/content/preview", "/admin/content/publish" };

  fixture_publish_content (fixture);
  revised_path = fixture_pack_revised_content (fixture);
  g_assert_true (g_file_get_contents (revised_path, &text, &size, NULL));
  revised = g_bytes_new (text, size);
  sign_in (fixture, &session);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Response) no_token = { 0 };
      g_auto(Response) other_origin = { 0 };
      g_auto(Response) cross_site = { 0 };

      send_bytes (fixture, &no_token, "POST", paths[i], "application/octet-stream", revised,
                  "Cookie", session.cookie, "Origin", origin, NULL);
      g_assert_cmpuint (no_token.status, ==, 403);
      send_bytes (fixture, &other_origin, "POST", paths[i], "application/octet-stream", revised,
                  "Cookie", session.cookie, "X-CSRF-Token", session.csrf,
                  "Origin", "https://attacker.example", NULL);
      g_assert_cmpuint (other_origin.status, ==, 403);
      send_bytes (fixture, &cross_site, "POST", paths[i], "application/octet-stream", revised,
                  "Cookie", session.cookie, "X-CSRF-Token", session.csrf, "Origin", origin,
                  "Sec-Fetch-Site", "cross-site", NULL);
      g_assert_cmpuint (cross_site.status, ==, 403);
    }
  /* With both, from the page's origin: the preview is made. */
  {
    g_auto(Response) response = { 0 };

    send_bytes (fixture, &response, "POST", "/admin/content/preview", "application/octet-stream",
                revised, "Cookie", session.cookie, "X-CSRF-Token", session.csrf,
                "Origin", origin, "Sec-Fetch-Site", "same-origin", NULL);
    g_assert_cmpuint (response.status, ==, 200);
  }
  /* The list is an administrator's: a learner is refused. */
  {
    g_auto(Response) response = { 0 };
    g_autofree char *authorization = basic_authorization (fixture->learner);

    send_request (fixture, &response, "GET", "/admin/content/versions", NULL, NULL,
                  "Authorization", authorization, NULL);
    g_assert_cmpuint (response.status, ==, 403);
  }
}

/* The Content page in Chromium (tests/peers/dashboard-content.js): a
 * tampered package refused, the revised one previewed and published. */
static void
test_content_browser (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *revised_path = NULL;
  g_autofree char *tampered_path = g_build_filename (fixture->dir, "tampered.pkg", NULL);
  g_autofree char *text = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *pub_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.pub",
                                                     NULL);
  g_autofree char *admin_key = key_of (fixture->admin);
  g_autofree char *admin_secret = secret_line (fixture->admin);
  g_autofree char *first = NULL;
  g_autofree char *latest = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *versions;
  gsize size;

  g_assert_true (g_file_get_contents (pub_file, &public_key, NULL, NULL));
  fixture_publish_content (fixture);
  first = latest_digest (fixture);
  revised_path = fixture_pack_revised_content (fixture);
  g_assert_true (g_file_get_contents (revised_path, &text, &size, NULL));
  text[size / 2] ^= 0x55;
  g_assert_true (g_file_set_contents (tampered_path, text, (gssize) size, NULL));
  {
    const char *env[] = {
      "ADMIN_KEY", admin_key,
      "ADMIN_SECRET", g_strchomp (admin_secret),
      "CONTENT_SIGNER", g_strstrip (public_key),
      "CONTENT_PACKAGE", revised_path,
      "CONTENT_TAMPERED", tampered_path,
      NULL,
    };

    run_browser (fixture, "dashboard-content.js", env);
  }
  /* The browser published the revised package, once. */
  latest = latest_digest (fixture);
  g_assert_cmpstr (latest, !=, first);
  versions = list_versions (fixture, &root);
  g_assert_cmpuint (json_array_get_length (versions), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *publish_config = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  publish_config = fixture_publish_config ();

  g_test_add ("/awareness/dashboard/sign-in-refusals", Fixture, NULL, fixture_setup,
              test_sign_in_refusals, fixture_teardown);
  g_test_add ("/awareness/dashboard/session", Fixture, NULL, fixture_setup, test_session,
              fixture_teardown);
  g_test_add ("/awareness/dashboard/session-two-instances", Fixture, NULL, fixture_setup,
              test_session_two_instances, fixture_teardown);
  g_test_add ("/awareness/dashboard/session-ends-with-credential", Fixture, NULL, fixture_setup,
              test_session_ends_with_credential, fixture_teardown);
  g_test_add ("/awareness/dashboard/session-expires", Fixture, "[dashboard]\nsession-seconds=2\n",
              fixture_setup, test_session_expires, fixture_teardown);
  g_test_add ("/awareness/dashboard/pages", Fixture, NULL, fixture_setup, test_pages,
              fixture_teardown);
  g_test_add ("/awareness/dashboard/content-two-instances", Fixture, publish_config, fixture_setup,
              test_content_two_instances, fixture_teardown);
  g_test_add ("/awareness/dashboard/cli-report-in-japanese", Fixture, publish_config, fixture_setup,
              test_cli_report_in_japanese, fixture_teardown);
  g_test_add ("/awareness/dashboard/answers-table", Fixture, publish_config, fixture_setup,
              test_answers_table, fixture_teardown);
  g_test_add ("/awareness/dashboard/browser", Fixture, publish_config, fixture_setup,
              test_dashboard, fixture_teardown);
  g_test_add ("/awareness/dashboard/department-head", Fixture, publish_config, fixture_setup,
              test_department_head, fixture_teardown);
  g_test_add ("/awareness/dashboard/assignments", Fixture, publish_config, fixture_setup,
              test_assignments_list, fixture_teardown);
  g_test_add ("/awareness/dashboard/content-publishing", Fixture, publish_config, fixture_setup,
              test_content_publishing, fixture_teardown);
  g_test_add ("/awareness/dashboard/content-refusals", Fixture, publish_config, fixture_setup,
              test_content_refusals, fixture_teardown);
  g_test_add ("/awareness/dashboard/content-browser", Fixture, publish_config, fixture_setup,
              test_content_browser, fixture_teardown);

  status = g_test_run ();
  fixture_template_clear ();
  return status;
}
