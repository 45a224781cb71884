/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness-server as a client meets it: the real server on loopback over
 * HTTPS with a real certificate, checked by the client against that
 * certificate, and a real SQLite database.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "awareness.h"
#include "lrs-fixture.h"

static void
request_with_type (Fixture    *fixture,
                   Response   *response,
                   const char *method,
                   const char *path,
                   const char *credentials,
                   const char *content_type,
                   const char *body,
                   gsize       length);

static void
request (Fixture    *fixture,
         Response   *response,
         const char *method,
         const char *path,
         const char *credentials,
         const char *body)
{
  request_with_type (fixture, response, method, path, credentials, "application/json", body,
                     body != NULL ? strlen (body) : 0);
}

/* A request of a table of cases, by an administrator or a learner. */
typedef struct {
  const char *method;
  const char *path;
  gboolean    admin;
} Call;

/* @call, with @body, by whom it says. */
static void
request_call (Fixture    *fixture,
              Response   *response,
              const Call *call,
              const char *body)
{
  g_test_message ("%s %s", call->method, call->path);
  request (fixture, response, call->method, call->path,
           call->admin ? fixture->admin : fixture->learner, body);
}

static void
request_in_language (Fixture    *fixture,
                     Response   *response,
                     const char *method,
                     const char *path,
                     const char *credentials,
                     const char *content_type,
                     const char *body,
                     gsize       length,
                     const char *accept_language);

static void
request_with_type (Fixture    *fixture,
                   Response   *response,
                   const char *method,
                   const char *path,
                   const char *credentials,
                   const char *content_type,
                   const char *body,
                   gsize       length)
{
  request_in_language (fixture, response, method, path, credentials, content_type, body, length,
                       NULL);
}

/* A request with an Accept-Language header, unless @accept_language is NULL. */
static void
request_in_language (Fixture    *fixture,
                     Response   *response,
                     const char *method,
                     const char *path,
                     const char *credentials,
                     const char *content_type,
                     const char *body,
                     gsize       length,
                     const char *accept_language)
{
  g_autofree char *uri = g_strconcat (fixture->base, path, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  gsize size;

  response->msg = fixture_message_new (method, uri);
  g_assert_nonnull (response->msg);
  headers = soup_message_get_request_headers (response->msg);
  soup_message_headers_replace (headers, "X-Experience-API-Version", "1.0.3");
  if (accept_language != NULL)
    soup_message_headers_replace (headers, "Accept-Language", accept_language);
  if (credentials != NULL)
    {
      g_autofree char *value = basic_authorization (credentials);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) content = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (response->msg, content_type, content);
    }

  bytes = soup_session_send_and_read (fixture->session, response->msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (response->msg);
  response->body = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
  if (g_strcmp0 (soup_message_headers_get_one (soup_message_get_response_headers (response->msg),
                                               "X-Experience-API-Version"), "1.0.3") != 0)
    g_error ("%s %s: HTTP %u without X-Experience-API-Version 1.0.3", method, path,
             response->status);
}

static char *
statement_for (const char *staff_id,
               const char *id,
               const char *verb)
{
  g_autofree char *id_member = id != NULL ? g_strdup_printf ("\"id\":\"%s\",", id) : g_strdup ("");

  return g_strdup_printf (
    "{%s\"actor\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"" HOME_PAGE "\","
    "\"name\":\"%s\"}},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/%s\","
    "\"display\":{\"en-US\":\"%s\"}},\"object\":{\"id\":\"https://awareness.example/"
    "activities/minamikyushu/scope\",\"objectType\":\"Activity\"}}",
    id_member, staff_id, verb, verb);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_refuses_without_tls (void)
{
  g_autofree char *dir = g_dir_make_tmp ("awareness-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plain.conf", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("AWARENESS_SERVER"), "-c", path, NULL };

  /* Not loopback: never without TLS, development or not. */
  g_assert_true (g_file_set_contents (path,
                                      "[server]\nlisten=0.0.0.0\nport=0\ndatabase=lrs.db\n"
                                      "account-home-page=" HOME_PAGE "\ndevelopment=true\n",
                                      -1, NULL));
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "refusing to start without TLS"));
  g_clear_object (&process);
  g_clear_pointer (&err, g_free);

  /* Loopback, but without the explicit development setting. */
  g_assert_true (g_file_set_contents (path, "[server]\nlisten=127.0.0.1\nport=0\ndatabase=lrs.db\n"
                                      "account-home-page=" HOME_PAGE "\n", -1, NULL));
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "refusing to start without TLS"));

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
}

static void
test_about (Fixture       *fixture,
            gconstpointer  data)
{
  g_auto(Response) r = { 0 };
  g_autoptr(JsonNode) root = NULL;

  request (fixture, &r, "GET", "about", NULL, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  root = parse (r.body);
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_node_get_object (root), "version"), 0),
                   ==, "1.0.3");
}

/* The health check answers without credentials, and says nothing but
 * whether the database is reachable. */
static void
test_health (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto(Response) health = { 0 };
  g_auto(Response) ready = { 0 };
  g_auto(Response) post = { 0 };

  request (fixture, &health, "GET", "../healthz", NULL, NULL);
  g_assert_cmpuint (health.status, ==, 200);
  g_assert_cmpstr (health.body, ==, "ok\n");
  request (fixture, &ready, "GET", "../readyz", NULL, NULL);
  g_assert_cmpuint (ready.status, ==, 200);
  g_assert_cmpstr (ready.body, ==, "ok\n");
  request (fixture, &post, "POST", "../healthz", NULL, "{}");
  g_assert_cmpuint (post.status, ==, 405);
}

static void
test_authentication (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Response) none = { 0 };
  g_auto(Response) wrong = { 0 };
  g_auto(Response) unknown = { 0 };
  g_auto(Response) right = { 0 };
  g_autofree char *bad = g_strconcat (fixture->learner, "x", NULL);

  request (fixture, &none, "GET", "statements", NULL, NULL);
  g_assert_cmpuint (none.status, ==, 401);
  g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (none.msg),
                                                  "WWW-Authenticate"));
  request (fixture, &wrong, "GET", "statements", bad, NULL);
  g_assert_cmpuint (wrong.status, ==, 401);
  request (fixture, &unknown, "GET", "statements", "nobody:nothing", NULL);
  g_assert_cmpuint (unknown.status, ==, 401);
  /* The secret is in no response. */
  g_assert_null (strstr (wrong.body, strchr (fixture->learner, ':') + 1));
  request (fixture, &right, "GET", "statements", fixture->learner, NULL);
  g_assert_cmpuint (right.status, ==, 200);
}

static void
test_version_header (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *uri = g_strconcat (fixture->base, "statements", NULL);
  g_autoptr(SoupMessage) msg = fixture_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *value = basic_authorization (fixture->learner);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
  body = soup_session_send_and_read (fixture->session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "X-Experience-API-Version"));
}

static void
test_post_and_get (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *statement = statement_for ("tanaka", NULL, "completed");
  g_auto(Response) post = { 0 };
  g_auto(Response) get = { 0 };
  g_autoptr(JsonNode) ids = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *path = NULL;
  JsonObject *s;

  request (fixture, &post, "POST", "statements", fixture->learner, statement);
  g_assert_cmpuint (post.status, ==, 200);
  ids = parse (post.body);
  g_assert_true (
    g_uuid_string_is_valid (json_array_get_string_element (json_node_get_array (ids), 0)));

  path = g_strdup_printf ("statements?statementId=%s",
                          json_array_get_string_element (json_node_get_array (ids), 0));
  request (fixture, &get, "GET", path, fixture->learner, NULL);
  g_assert_cmpuint (get.status, ==, 200);
  g_assert_nonnull (
    soup_message_headers_get_one (soup_message_get_response_headers (get.msg), "Last-Modified"));
  g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (get.msg),
                                                  "X-Experience-API-Consistent-Through"));
  stored = parse (get.body);
  s = json_node_get_object (stored);
  g_assert_true (json_object_has_member (s, "stored"));
  g_assert_true (json_object_has_member (s, "timestamp"));
  g_assert_cmpstr (json_object_get_string_member (s, "version"), ==, "1.0.0");
  /* format=ids keeps only the identifiers. */
  {
    g_auto(Response) ids_only = { 0 };
    g_autofree char *ids_path = g_strconcat (path, "&format=ids", NULL);
    g_autoptr(JsonNode) reduced = NULL;
    JsonObject *verb;

    request (fixture, &ids_only, "GET", ids_path, fixture->learner, NULL);
    g_assert_cmpuint (ids_only.status, ==, 200);
    reduced = parse (ids_only.body);
    verb = json_object_get_object_member (json_node_get_object (reduced), "verb");
    g_assert_true (json_object_has_member (verb, "id"));
    g_assert_false (json_object_has_member (verb, "display"));
  }
  {
    g_auto(Response) bad_format = { 0 };
    g_autofree char *bad_path = g_strconcat (path, "&format=everything", NULL);

    request (fixture, &bad_format, "GET", bad_path, fixture->learner, NULL);
    g_assert_cmpuint (bad_format.status, ==, 400);
  }

  /* The server vouches for the credential that sent it. */
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (s, "authority"),
                                                    "account"),
                     "name"),
                   ==, "tanaka");
}

static void
test_put_idempotent (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *id = "0f0e8a52-6b39-4b3f-9d3c-1f2a3b4c5d6e";
  g_autofree char *statement = statement_for ("tanaka", NULL, "completed");
  g_autofree char *changed = statement_for ("tanaka", NULL, "passed");
  g_autofree char *path = g_strdup_printf ("statements?statementId=%s", id);
  g_auto(Response) first = { 0 };
  g_auto(Response) again = { 0 };
  g_auto(Response) conflict = { 0 };
  g_auto(Response) noid = { 0 };

  request (fixture, &first, "PUT", path, fixture->learner, statement);
  g_assert_cmpuint (first.status, ==, 204);
  /* The same content again: no change. */
  request (fixture, &again, "PUT", path, fixture->learner, statement);
  g_assert_cmpuint (again.status, ==, 204);
  /* Other content under the same id: a conflict. */
  request (fixture, &conflict, "PUT", path, fixture->learner, changed);
  g_assert_cmpuint (conflict.status, ==, 409);
  request (fixture, &noid, "PUT", "statements", fixture->learner, statement);
  g_assert_cmpuint (noid.status, ==, 400);
}

static void
test_batch_all_or_nothing (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *id = "1a2b3c4d-0000-4000-8000-000000000001";
  g_autofree char *good = statement_for ("tanaka", id, "completed");
  g_autofree char *dup = g_strdup_printf ("[%s,%s]", good, good);
  g_autofree char *bad = g_strdup_printf ("[%s,{\"actor\":{\"mbox\":\"tanaka@example\"}}]", good);
  g_autofree char *path = g_strdup_printf ("statements?statementId=%s", id);
  g_auto(Response) r1 = { 0 };
  g_auto(Response) r2 = { 0 };
  g_auto(Response) r3 = { 0 };

  request (fixture, &r1, "POST", "statements", fixture->learner, dup);
  g_assert_cmpuint (r1.status, ==, 400);
  g_assert_nonnull (strstr (r1.body, "appears twice"));
  request (fixture, &r2, "POST", "statements", fixture->learner, bad);
  g_assert_cmpuint (r2.status, ==, 400);
  g_assert_nonnull (strstr (r2.body, "statement 1"));
  /* Nothing of either batch was stored. */
  request (fixture, &r3, "GET", path, fixture->learner, NULL);
  g_assert_cmpuint (r3.status, ==, 404);
}

static void
test_access (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *spoof = statement_for ("suzuki", NULL, "completed");
  g_autofree char *mine = statement_for ("suzuki", "2b2b2b2b-0000-4000-8000-000000000002",
                                         "completed");
  g_autofree char *agent = g_uri_escape_string ("{\"account\":{\"homePage\":\"" HOME_PAGE
                                                "\",\"name\":\"suzuki\"}}",
                                                NULL, TRUE);
  g_autofree char *by_agent = g_strconcat ("statements?agent=", agent, NULL);
  g_auto(Response) r1 = { 0 };
  g_auto(Response) r2 = { 0 };
  g_auto(Response) r3 = { 0 };
  g_auto(Response) r4 = { 0 };
  g_auto(Response) r5 = { 0 };

  /* tanaka may not record statements about suzuki. */
  request (fixture, &r1, "POST", "statements", fixture->learner, spoof);
  g_assert_cmpuint (r1.status, ==, 403);
  /* suzuki records his own; tanaka cannot read it. */
  request (fixture, &r2, "POST", "statements", fixture->other, mine);
  g_assert_cmpuint (r2.status, ==, 200);
  request (fixture, &r3, "GET", "statements?statementId=2b2b2b2b-0000-4000-8000-000000000002",
           fixture->learner, NULL);
  g_assert_cmpuint (r3.status, ==, 404);
  request (fixture, &r4, "GET", by_agent, fixture->learner, NULL);
  g_assert_cmpuint (r4.status, ==, 403);
  /* The administrator reads everyone's. */
  request (fixture, &r5, "GET", by_agent, fixture->admin, NULL);
  g_assert_cmpuint (r5.status, ==, 200);
  g_assert_nonnull (strstr (r5.body, "2b2b2b2b-0000-4000-8000-000000000002"));
}

static void
test_voiding (Fixture       *fixture,
              gconstpointer  data)
{
  const char *target = "3c3c3c3c-0000-4000-8000-000000000003";
  g_autofree char *statement = statement_for ("tanaka", target, "completed");
  g_autofree char *voiding =
    g_strdup_printf ("{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE
                     "\",\"name\":\"tanaka\"}},"
                     "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\","
                     "\"display\":{\"en-US\":\"voided\"}},"
                     "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"%s\"}}",
                     target);
  g_auto(Response) r1 = { 0 };
  g_auto(Response) r2 = { 0 };
  g_auto(Response) r3 = { 0 };
  g_auto(Response) r4 = { 0 };
  g_auto(Response) theirs = { 0 };
  g_autofree char *foreign_voiding =
    g_strdup_printf ("{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE
                     "\",\"name\":\"suzuki\"}},\"verb\":{\"id\":\"http://adlnet.gov/"
                     "expapi/verbs/voided\"},\"object\":{\"objectType\":"
                     "\"StatementRef\",\"id\":\"%s\"}}",
                     target);

  request (fixture, &r1, "POST", "statements", fixture->learner, statement);
  g_assert_cmpuint (r1.status, ==, 200);
  /* Another learner cannot void tanaka's statement, even as themselves. */
  request (fixture, &theirs, "POST", "statements", fixture->other, foreign_voiding);
  g_assert_cmpuint (theirs.status, ==, 403);
  g_assert_nonnull (strstr (theirs.body, "void their own statements only"));
  {
    g_autofree char *upper = g_ascii_strup (foreign_voiding, -1);
    g_autofree char *shouted = NULL;
    g_autofree char *nothing =
      g_strdup_printf ("{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE
                       "\",\"name\":\"suzuki\"}},\"verb\":{\"id\":\"http://adlnet.gov/"
                       "expapi/verbs/voided\"},\"object\":{\"objectType\":"
                       "\"StatementRef\",\"id\":\"%s\"}}",
                       "4d4d4d4d-0000-4000-8000-000000000004");
    g_auto(Response) foreign_upper = { 0 };
    g_auto(Response) unknown = { 0 };
    g_auto(Response) still = { 0 };
    char *at;

    /* Nor with the id in upper case: ids compare as lower case. */
    shouted = g_strdup (foreign_voiding);
    at = strstr (shouted, target);
    memcpy (at, strstr (upper, "3C3C3C3C-0000-4000-8000-000000000003"), strlen (target));
    request (fixture, &foreign_upper, "POST", "statements", fixture->other, shouted);
    g_assert_cmpuint (foreign_upper.status, ==, 403);
    request (fixture, &still, "GET", "statements?statementId=3c3c3c3c-0000-4000-8000-000000000003",
             fixture->learner, NULL);
    g_assert_cmpuint (still.status, ==, 200);
    /* A learner cannot void what is not stored. */
    request (fixture, &unknown, "POST", "statements", fixture->other, nothing);
    g_assert_cmpuint (unknown.status, ==, 403);
    g_assert_nonnull (strstr (unknown.body, "object.id"));
  }
  /* tanaka voids it, naming it in upper case. */
  {
    char *at = strstr (voiding, target);

    for (gsize i = 0; i < strlen (target); i++)
      at[i] = g_ascii_toupper (at[i]);
  }
  request (fixture, &r2, "POST", "statements", fixture->learner, voiding);
  g_assert_cmpuint (r2.status, ==, 200);
  request (fixture, &r3, "GET", "statements?statementId=3c3c3c3c-0000-4000-8000-000000000003",
           fixture->learner, NULL);
  g_assert_cmpuint (r3.status, ==, 404);
  request (fixture, &r4, "GET", "statements?voidedStatementId=3c3c3c3c-0000-4000-8000-000000000003",
           fixture->learner, NULL);
  g_assert_cmpuint (r4.status, ==, 200);
}

/* The permission bits of @dir/@name, which must exist. */
static guint
file_mode (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    g_error ("%s: missing", path);
  return buf.st_mode & 0777;
}

/* The database, its WAL and the server key are the server's alone, even
 * a database made readable before; and what the database holds of a
 * transfer key does not make a transfer file the server takes. */
static void
test_private_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *statement = statement_for ("tanaka", NULL, "completed");
  g_autofree char *database = g_build_filename (fixture->dir, "lrs.db", NULL);
  g_autofree char *secret = secret_line (fixture->learner);
  g_autofree char *account_key = key_of (fixture->learner);
  g_autofree char *derived = awareness_transfer_derive_key (g_strchomp (secret));
  g_autofree char *stored = NULL;
  g_autofree char *forged = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new ();
  g_auto(Response) posted = { 0 };
  g_auto(Response) imported = { 0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* The SQLite file is what this test reads. */
  if (fixture_uses_pg ())
    {
      g_test_skip ("reads the SQLite database");
      return;
    }
  request (fixture, &posted, "POST", "statements", fixture->learner, statement);
  g_assert_cmpuint (posted.status, ==, 200);
  g_assert_cmpuint (file_mode (fixture->dir, "lrs.db"), ==, 0600);
  g_assert_cmpuint (file_mode (fixture->dir, "lrs.db-wal"), ==, 0600);
  g_assert_cmpuint (file_mode (fixture->dir, "lrs.db-shm"), ==, 0600);
  g_assert_cmpuint (file_mode (fixture->dir, "server.key"), ==, 0600);

  /* A copy of the database alone. */
  g_assert_cmpint (sqlite3_open_v2 (database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_prepare_v2 (db, "SELECT transfer_key FROM accounts WHERE staff_id = 'tanaka'", -1,
                        &stmt, NULL),
    ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  stored = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_nonnull (stored);
  g_assert_null (strstr (stored, derived));

  /* Statements as JSON text, as the client keeps them. */
  g_ptr_array_add (statements, statement);
  forged = awareness_transfer_write (account_key, "tanaka", HOME_PAGE, statements, stored);
  request (fixture, &imported, "POST", "../transfers", fixture->admin, forged);
  g_assert_cmpuint (imported.status, ==, 400);

  /* The learner's own transfer file is still taken. */
  {
    g_auto(Response) genuine = { 0 };
    g_autofree char *file = awareness_transfer_write (account_key, "tanaka", HOME_PAGE, statements,
                                                      derived);

    request (fixture, &genuine, "POST", "../transfers", fixture->admin, file);
    g_assert_cmpuint (genuine.status, ==, 200);
  }
}

/* Failed sign-ins and account changes are in the security log (the
 * store's security_log table), escaped, and without any secret. */
static void
test_security_log (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *database = g_build_filename (fixture->dir, "lrs.db", NULL);
  g_autofree char *tanaka_key = key_of (fixture->learner);
  g_autofree char *wrong = g_strconcat (tanaka_key, ":not-the-secret-0123", NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_auto(Response) unknown = { 0 };
  g_auto(Response) wrong_secret = { 0 };
  g_auto(Response) reset = { 0 };
  g_autoptr(JsonNode) credentials = NULL;
  const char *new_secret;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (fixture_uses_pg ())
    {
      g_test_skip ("reads the SQLite database");
      return;
    }
  request (fixture, &unknown, "GET", "statements", "evil\x1b[2Jkey:some-secret-4567", NULL);
  g_assert_cmpuint (unknown.status, ==, 401);
  request (fixture, &wrong_secret, "GET", "statements", wrong, NULL);
  g_assert_cmpuint (wrong_secret.status, ==, 401);
  request (fixture, &reset, "POST", "../admin/accounts/suzuki/reset-secret", fixture->admin, NULL);
  g_assert_cmpuint (reset.status, ==, 200);
  credentials = parse (reset.body);
  new_secret = json_object_get_string_member (json_node_get_object (credentials), "secret");

  g_assert_cmpint (sqlite3_open_v2 (database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT event, ifnull(actor, '-'), ifnull(subject, '-'), "
                                       "ifnull(detail, '-') FROM security_log ORDER BY seq",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (log, "%s|%s|%s|%s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                            sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_test_message ("%s", log->str);
  g_assert_nonnull (
    strstr (log->str, "sign-in-failed|evil\\x1b[2Jkey|-|no account has this key\n"));
  {
    g_autofree char *line = g_strdup_printf ("sign-in-failed|%s|tanaka|wrong secret\n", tanaka_key);

    g_assert_nonnull (strstr (log->str, line));
  }
  g_assert_nonnull (strstr (log->str, "secret-reset|admin|suzuki|-\n"));
  g_assert_null (strchr (log->str, '\x1b'));
  g_assert_null (strstr (log->str, "some-secret-4567"));
  g_assert_null (strstr (log->str, "not-the-secret-0123"));
  g_assert_null (strstr (log->str, new_secret));
}

/* The audit log through the admin API: every change by an administrator
 * (accounts, assignments) with who, when, what and from where; as JSON,
 * and as CSV for Excel (BOM, Japanese headers, a formula-looking staff id
 * defused); from a time on; readable by administrators only, and never
 * changed through the API. */
static void
test_audit_log (Fixture       *fixture,
                gconstpointer  data)
{
  static const char rule[] = "{\"audience\":\"everyone\",\"recurrence\":\"annual\","
                             "\"due\":\"06-30\"}";
  const struct {
    const char *method;
    const char *path;
    const char *body;
    guint       status;
  } changes[] = {
    { "POST", "../admin/accounts",
      "{\"staff_id\":\"=HYPERLINK(\\\"x\\\")\",\"display_name\":\"x\"}", 201 },
    { "POST", "../admin/accounts/suzuki/disable", NULL, 204 },
    { "POST", "../admin/accounts/suzuki/enable", NULL, 204 },
    { "POST", "../admin/accounts/suzuki/reset-secret", NULL, 200 },
    { "PUT", "../admin/assignments/scope", rule, 200 },
    { "DELETE", "../admin/assignments/scope", NULL, 204 },
  };
  const char *expected[] = {
    "account-created|admin|=HYPERLINK(\"x\")|role learner|127.0.0.1\n",
    "account-disabled|admin|suzuki|-|127.0.0.1\n",
    "account-enabled|admin|suzuki|-|127.0.0.1\n",
    "secret-reset|admin|suzuki|-|127.0.0.1\n",
    "assignment-set|admin|scope|{\"audience\":\"everyone\",\"recurrence\":\"annual\","
    "\"due\":\"06-30\",\"new_staff_days\":0}|127.0.0.1\n",
    "assignment-cleared|admin|scope|-|127.0.0.1\n",
  };
  g_autoptr(GString) lines = g_string_new (NULL);
  g_auto(Response) json = { 0 };
  g_auto(Response) csv = { 0 };
  g_auto(Response) future = { 0 };
  g_auto(Response) learner = { 0 };
  g_auto(Response) post = { 0 };
  g_auto(Response) bad_limit = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *entries;
  const char *p;

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_auto(Response) r = { 0 };

      request (fixture, &r, changes[i].method, changes[i].path, fixture->admin, changes[i].body);
      g_assert_cmpuint (r.status, ==, changes[i].status);
    }

  request (fixture, &json, "GET", "../admin/audit", fixture->admin, NULL);
  g_assert_cmpuint (json.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (json.msg),
                                                 "Cache-Control"), ==, "no-store");
  root = parse (json.body);
  entries = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *names[] = { "event", "actor", "subject", "detail", "address" };
      const char *at_text = json_object_get_string_member (entry, "at");
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (at_text, NULL);

      g_assert_nonnull (at);
      for (guint f = 0; f < G_N_ELEMENTS (names); f++)
        {
          const char *value = json_object_get_string_member_with_default (entry, names[f], NULL);

          g_string_append_printf (lines, f > 0 ? "|%s" : "%s", value != NULL ? value : "-");
        }
      g_string_append_c (lines, '\n');
    }
  g_test_message ("%s", lines->str);
  /* In the order they were made. */
  p = lines->str;
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      p = strstr (p, expected[i]);
      g_assert_nonnull (p);
      p += strlen (expected[i]);
    }

  request (fixture, &csv, "GET", "../admin/audit?format=csv&bom=true&headers=ja", fixture->admin,
           NULL);
  g_assert_cmpuint (csv.status, ==, 200);
  g_assert_true (g_str_has_prefix (csv.body, "\xEF\xBB\xBF" "番号,日時,操作,実行者,対象,詳細,接続元\r\n"));
  g_assert_nonnull (strstr (csv.body, ",account-created,admin,\"'=HYPERLINK(\"\"x\"\")\","
                                      "role learner,127.0.0.1\r\n"));
  g_assert_nonnull (strstr (csv.body, ",secret-reset,admin,suzuki,,127.0.0.1\r\n"));

  request (fixture, &future, "GET", "../admin/audit?since=2999-01-01", fixture->admin, NULL);
  g_assert_cmpuint (future.status, ==, 200);
  g_assert_cmpstr (future.body, ==, "[]");
  request (fixture, &bad_limit, "GET", "../admin/audit?limit=0", fixture->admin, NULL);
  g_assert_cmpuint (bad_limit.status, ==, 400);
  request (fixture, &learner, "GET", "../admin/audit", fixture->learner, NULL);
  g_assert_cmpuint (learner.status, ==, 403);
  request (fixture, &post, "DELETE", "../admin/audit", fixture->admin, NULL);
  g_assert_cmpuint (post.status, ==, 405);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GString) batch = g_string_new ("[");
  g_auto(Response) post = { 0 };
  g_autofree char *next = g_strdup (
    "statements?limit=2&verb=http%3A%2F%2Fadlnet.gov%2Fexpapi%2Fverbs%2Fexperienced");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint pages = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *s = statement_for ("tanaka", NULL, "experienced");

      g_string_append_printf (batch, "%s%s", i > 0 ? "," : "", s);
    }
  g_string_append (batch, "]");
  request (fixture, &post, "POST", "statements", fixture->learner, batch->str);
  g_assert_cmpuint (post.status, ==, 200);

  while (next != NULL && next[0] != '\0')
    {
      g_auto(Response) page = { 0 };
      g_autoptr(JsonNode) root = NULL;
      JsonArray *statements;
      const char *more;

      request (fixture, &page, "GET", next, fixture->learner, NULL);
      g_assert_cmpuint (page.status, ==, 200);
      root = parse (page.body);
      statements = json_object_get_array_member (json_node_get_object (root), "statements");
      g_assert_cmpuint (json_array_get_length (statements), <=, 2);
      for (guint i = 0; i < json_array_get_length (statements); i++)
        g_assert_true (
          g_hash_table_add (seen, g_strdup (json_object_get_string_member (
                                    json_array_get_object_element (statements, i), "id"))));
      more = json_object_get_string_member (json_node_get_object (root), "more");
      g_free (next);
      /* “more” is relative to the server: /xapi/statements?…  */
      next = more[0] != '\0' ? g_strdup (strstr (more, "statements")) : NULL;
      pages++;
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
  g_assert_cmpuint (pages, ==, 3);
}

static void
test_body_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GString) big = g_string_new ("[");
  g_auto(Response) r = { 0 };

  while (big->len < 100000)
    g_string_append (big, "{\"x\":\"0123456789012345678901234567890123456789\"},");
  g_string_append (big, "{}]");
  request (fixture, &r, "POST", "statements", fixture->learner, big->str);
  g_assert_cmpuint (r.status, ==, 413);

  /* A chunked body has no length to check first: refused before it is
   * read, before any credential (curl, as any client might send it). */
  {
    g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                   NULL);
    g_autofree char *url = g_strconcat (fixture->base, "../content", NULL);
    g_autoptr(GSubprocess) curl = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;

    curl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                             &error, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                             "--cacert", cert, "-H", "Transfer-Encoding: chunked", "-H",
                             "X-Experience-API-Version: 1.0.3", "--data-binary", "@-", url, NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (curl, "a body of unknown length", NULL, &out, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, "411");
  }
}

/* JSON nested 10^3..10^6 deep, on every path that reads JSON: refused
 * with a clear error, and the server still answers after (json-glib's
 * recursive parser overflowed the stack at 100,000). */
static void
test_json_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  static const Call paths[] = {
    { "POST", "statements", FALSE },
    { "PUT", "statements?statementId=12345678-1234-4678-9234-567812345678", FALSE },
    { "POST", "../admin/accounts", TRUE },
    { "PUT", "../admin/assignments/scope", TRUE },
    { "POST", "../transfers", FALSE },
  };

  for (guint depth = 1000; depth <= 1000000; depth *= 10)
    {
      g_autoptr(GString) deep = g_string_sized_new (2 * depth + 2);
      g_autoptr(GString) payload = g_string_new (
        "{\"format\":\"awareness-transfer-1\",\"payload\":\"");

      for (guint i = 0; i < depth; i++)
        g_string_append_c (deep, '[');
      g_string_append (payload, deep->str);
      for (guint i = 0; i < depth; i++)
        g_string_append_c (deep, ']');
      g_string_append (payload, "\",\"hmac-sha256\":\"00\"}");

      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        {
          g_auto(Response) r = { 0 };
          g_auto(Response) about = { 0 };

          g_test_message ("nested %u deep:", depth);
          request_call (fixture, &r, &paths[i], deep->str);
          g_assert_cmpuint (r.status, ==, 400);
          if (!g_str_has_prefix (paths[i].path, "../transfers"))
            g_assert_nonnull (strstr (r.body, "nested deeper than"));
          request (fixture, &about, "GET", "about", NULL, NULL);
          g_assert_cmpuint (about.status, ==, 200);
        }

      /* A transfer file whose signed payload is the deep one. */
      {
        g_auto(Response) r = { 0 };
        g_auto(Response) about = { 0 };

        request (fixture, &r, "POST", "../transfers", fixture->learner, payload->str);
        g_assert_cmpuint (r.status, ==, 400);
        request (fixture, &about, "GET", "about", NULL, NULL);
        g_assert_cmpuint (about.status, ==, 200);
      }
    }
}

static gsize
server_rss_kib (Fixture *fixture)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status",
                                           g_subprocess_get_identifier (fixture->server));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return (gsize) g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10);
}

/* curl streams the output of @source (a shell command) as the body of a
 * POST to @path, with the request header @header if not %NULL; the status
 * it got. */
static char *
curl_post (Fixture    *fixture,
           const char *path,
           const char *source,
           const char *header)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *url = g_strconcat (fixture->base, path, NULL);
  g_autofree char *command =
    g_strdup_printf ("%s | curl -s -o /dev/null -w '%%{http_code}' --cacert '%s' "
                     "-H 'X-Experience-API-Version: 1.0.3' %s %s "
                     "-X POST -T - '%s'",
                     source, cert, header != NULL ? "-H" : "", header != NULL ? header : "", url);
  g_autoptr(GSubprocess) curl = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  curl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error, "sh", "-c", command, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (curl, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  return out;
}

/* Every path, known or not, refuses a body over the limit, or without a
 * length, before reading it: 600 MB to /xapi/about was read whole. */
static void
test_body_limit_every_path (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char *paths[] = { "about", "nowhere", "../nowhere/at/all", "../admin/reports",
                                 "../assignments", "../account" };
  gsize before = server_rss_kib (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *large = NULL;
      g_autofree char *chunked = NULL;
      g_auto(Response) about = { 0 };

      g_test_message ("600 MB to %s", paths[i]);
      large = curl_post (fixture, paths[i], "head -c 600000000 /dev/zero",
                         "'Content-Length: 600000000' -H 'Transfer-Encoding:'");
      g_assert_cmpstr (large, ==, "413");
      /* Without a length, curl sends it chunked. */
      chunked = curl_post (fixture, paths[i], "echo a body of unknown length", NULL);
      g_assert_cmpstr (chunked, ==, "411");
      request (fixture, &about, "GET", "about", NULL, NULL);
      g_assert_cmpuint (about.status, ==, 200);
    }
  g_test_message ("server RSS %" G_GSIZE_FORMAT " KiB before, %" G_GSIZE_FORMAT " KiB after",
                  before, server_rss_kib (fixture));
  g_assert_cmpuint (server_rss_kib (fixture), <, before + 100 * 1024);
}

/* Filter parameters are checked: verb and activity are IRIs, agent an
 * Agent; a malformed one is refused naming the parameter. */
static void
test_filter_parameters (Fixture       *fixture,
                        gconstpointer  data)
{
  static const struct {
    const char *query;
    const char *parameter;
  } refusals[] = {
    { "verb=%27%20OR%201%3D1%20--", "verb" },
    { "activity=%27%3B%20DROP%20TABLE%20statements%3B--", "activity" },
    { "verb=not%20an%20iri", "verb" },
    { "agent=%7B%22name%22%3A%22x%22%7D", "agent" },
    { "agent=tanaka", "agent" },
  };
  g_auto(Response) fine = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strconcat ("statements?", refusals[i].query, NULL);
      g_autofree char *prefix = g_strconcat ("{\"error\":\"", refusals[i].parameter, ": ", NULL);
      g_auto(Response) r = { 0 };

      request (fixture, &r, "GET", path, fixture->admin, NULL);
      g_assert_cmpuint (r.status, ==, 400);
      g_assert_true (g_str_has_prefix (r.body, prefix));
    }

  request (fixture, &fine, "GET",
           "statements?verb=http%3A%2F%2Fadlnet.gov%2Fexpapi%2Fverbs%2Fpassed"
           "&activity=https%3A%2F%2Fawareness.example%2Factivities%2Fminamikyushu%2Fscope",
           fixture->admin, NULL);
  g_assert_cmpuint (fine.status, ==, 200);
}

/* Every response, the Basic-auth ones under /admin and the errors included,
 * carries the headers that keep personal data out of caches. */
static void
test_private_headers (Fixture       *fixture,
                      gconstpointer  data)
{
  static const Call requests[] = {
    { "GET", "../admin/accounts", TRUE },
    { "GET", "../admin/reports/completion", TRUE },
    { "GET", "statements", FALSE },
    { "GET", "about", FALSE },
    { "GET", "../admin/accounts", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_auto(Response) r = { 0 };
      SoupMessageHeaders *headers;

      request_call (fixture, &r, &requests[i], NULL);
      g_test_message ("HTTP %u", r.status);
      headers = soup_message_get_response_headers (r.msg);
      g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");
      g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Content-Type-Options"), ==,
                       "nosniff");
      g_assert_true (
        g_str_has_prefix (soup_message_headers_get_one (headers, "Strict-Transport-Security"),
                          "max-age="));
    }
}

/* The plan of the query behind a learner's listing (the server's own SQL,
 * from lrs-store.c): indexes for both halves, no scan of the table. */
static void
test_listing_plan (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char *queries[] = {
    "SELECT seq, statement FROM statements WHERE voided = 0 AND (actor = ?1 OR object_agent = ?1) "
    "ORDER BY seq DESC LIMIT ?8",
    "SELECT seq, statement FROM statements WHERE voided = 0 AND (actor = ?1 OR object_agent = ?1) "
    "AND verb = ?2 ORDER BY seq DESC LIMIT ?8",
  };
  g_autofree char *db = g_build_filename (fixture->dir, "lrs.db", NULL);
  g_auto(Response) r = { 0 };
  sqlite3 *handle = NULL;

  if (fixture_uses_pg ())
    {
      g_test_skip ("The plan checked is SQLite's");
      return;
    }
  /* The server has created its schema. */
  request (fixture, &r, "GET", "statements", fixture->learner, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", queries[i], NULL);
      g_autoptr(GString) plan = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (handle, explain, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      g_test_message ("%s", plan->str);
      g_assert_null (strstr (plan->str, "SCAN statements"));
      g_assert_nonnull (strstr (plan->str, "SEARCH statements USING"));
      if (i == 0)
        g_assert_nonnull (strstr (plan->str, "statements_by_object_agent"));
    }
  sqlite3_close (handle);
}

/* The statements our own client records are accepted as they are. */
static void
test_client_statements (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
  g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (dir, NULL, NULL);
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, 3, NULL);
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *body = NULL;
  g_auto(Response) r = { 0 };
  g_auto(Response) again = { 0 };

  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
      const char *choice = awareness_choice_get_id (
        g_ptr_array_index (awareness_attempt_get_choices (attempt, i), 0));

      g_assert_true (awareness_attempt_answer (attempt, awareness_question_get_id (question),
                                               (const char *[]) { choice, NULL }, NULL));
    }
  g_assert_true (awareness_attempt_finish (attempt, NULL, NULL));
  statements = awareness_xapi_build_attempt_statements (attempt, catalog, HOME_PAGE, "tanaka",
                                                        "ja");
  for (guint i = 0; i < statements->len; i++)
    json_array_add_element (array, json_node_copy (g_ptr_array_index (statements, i)));
  json_node_set_array (root, array);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  request (fixture, &r, "POST", "statements", fixture->learner, body);
  g_assert_cmpuint (r.status, ==, 200);
  /* Sent again, as a sync after a lost response would: accepted, unchanged. */
  request (fixture, &again, "POST", "statements", fixture->learner, body);
  g_assert_cmpuint (again.status, ==, 200);
}

static void
test_related (Fixture       *fixture,
              gconstpointer  data)
{
  const char *parent = "https://awareness.example/activities/minamikyushu/parent-course";
  g_autofree char *statement =
    g_strdup_printf ("{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE
                     "\",\"name\":\"tanaka\"}},"
                     "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
                     "\"object\":{\"id\":\"https://awareness.example/q/1\"},"
                     "\"context\":{\"instructor\":{\"mbox\":\"mailto:sensei@example.jp\"},"
                     "\"contextActivities\":{\"parent\":[{\"id\":\"%s\"}]}}}",
                     parent);
  g_autofree char *activity = g_uri_escape_string (parent, NULL, TRUE);
  g_autofree char *instructor = g_uri_escape_string ("{\"mbox\":\"mailto:sensei@example.jp\"}",
                                                     NULL, TRUE);
  g_autofree char *narrow = g_strconcat ("statements?activity=", activity, NULL);
  g_autofree char *broad = g_strconcat ("statements?related_activities=true&activity=", activity,
                                        NULL);
  g_autofree char *by_instructor = g_strconcat ("statements?related_agents=true&agent=", instructor,
                                                NULL);
  g_autofree char *plain_instructor = g_strconcat ("statements?agent=", instructor, NULL);
  g_auto(Response) post = { 0 };
  g_auto(Response) r1 = { 0 };
  g_auto(Response) r2 = { 0 };
  g_auto(Response) r3 = { 0 };
  g_auto(Response) r4 = { 0 };

  request (fixture, &post, "POST", "statements", fixture->learner, statement);
  g_assert_cmpuint (post.status, ==, 200);

  /* The parent activity matches only with related_activities. */
  request (fixture, &r1, "GET", narrow, fixture->admin, NULL);
  g_assert_cmpuint (r1.status, ==, 200);
  g_assert_null (strstr (r1.body, "q/1"));
  request (fixture, &r2, "GET", broad, fixture->admin, NULL);
  g_assert_nonnull (strstr (r2.body, "q/1"));

  /* The instructor matches only with related_agents. */
  request (fixture, &r3, "GET", plain_instructor, fixture->admin, NULL);
  g_assert_null (strstr (r3.body, "q/1"));
  request (fixture, &r4, "GET", by_instructor, fixture->admin, NULL);
  g_assert_nonnull (strstr (r4.body, "q/1"));
}

static void
test_admin_accounts (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Response) list = { 0 };
  g_auto(Response) forbidden = { 0 };
  g_auto(Response) added = { 0 };
  g_auto(Response) duplicate = { 0 };
  g_auto(Response) use_new = { 0 };
  g_auto(Response) disabled = { 0 };
  g_auto(Response) refused = { 0 };
  g_auto(Response) enabled = { 0 };
  g_auto(Response) reset = { 0 };
  g_auto(Response) old_secret = { 0 };
  g_auto(Response) new_secret = { 0 };
  g_autoptr(JsonNode) accounts = NULL;
  g_autoptr(JsonNode) credentials = NULL;
  g_autoptr(JsonNode) reset_credentials = NULL;
  g_autofree char *pair = NULL;
  g_autofree char *reset_pair = NULL;
  gboolean found = FALSE;

  /* Learners may not administer. */
  request (fixture, &forbidden, "GET", "../admin/accounts", fixture->learner, NULL);
  g_assert_cmpuint (forbidden.status, ==, 403);

  request (fixture, &list, "GET", "../admin/accounts", fixture->admin, NULL);
  g_assert_cmpuint (list.status, ==, 200);
  g_assert_null (strstr (list.body, "secret"));
  accounts = parse (list.body);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (accounts)); i++)
    {
      JsonObject *a = json_array_get_object_element (json_node_get_array (accounts), i);

      if (g_strcmp0 (json_object_get_string_member (a, "staff_id"), "tanaka") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (a, "display_name"), ==, "田中 花子");
          g_assert_cmpstr (json_object_get_string_member (a, "department"), ==, "総務課");
          found = TRUE;
        }
    }
  g_assert_true (found);

  request (fixture, &added, "POST", "../admin/accounts", fixture->admin,
           "{\"staff_id\":\"sato\",\"display_name\":\"佐藤 一郎\",\"department\":\"税務課\","
           "\"segment\":\"my-number\",\"role\":\"learner\"}");
  g_assert_cmpuint (added.status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (added.msg),
                                                 "Cache-Control"),
                   ==, "no-store");
  credentials = parse (added.body);
  pair = g_strdup_printf ("%s:%s",
                          json_object_get_string_member (json_node_get_object (credentials), "key"),
                          json_object_get_string_member (json_node_get_object (credentials),
                                                         "secret"));
  request (fixture, &duplicate, "POST", "../admin/accounts", fixture->admin,
           "{\"staff_id\":\"sato\"}");
  g_assert_cmpuint (duplicate.status, ==, 409);
  request (fixture, &use_new, "GET", "statements", pair, NULL);
  g_assert_cmpuint (use_new.status, ==, 200);

  /* Disabled: refused at once, even though the secret was just verified. */
  request (fixture, &disabled, "POST", "../admin/accounts/sato/disable", fixture->admin, NULL);
  g_assert_cmpuint (disabled.status, ==, 204);
  request (fixture, &refused, "GET", "statements", pair, NULL);
  g_assert_cmpuint (refused.status, ==, 401);
  request (fixture, &enabled, "POST", "../admin/accounts/sato/enable", fixture->admin, NULL);
  g_assert_cmpuint (enabled.status, ==, 204);

  /* A reset secret replaces the old one at once. */
  request (fixture, &reset, "POST", "../admin/accounts/sato/reset-secret", fixture->admin, NULL);
  g_assert_cmpuint (reset.status, ==, 200);
  reset_credentials = parse (reset.body);
  reset_pair =
    g_strdup_printf ("%s:%s",
                     json_object_get_string_member (json_node_get_object (reset_credentials),
                                                    "key"),
                     json_object_get_string_member (json_node_get_object (reset_credentials),
                                                    "secret"));
  request (fixture, &old_secret, "GET", "statements", pair, NULL);
  g_assert_cmpuint (old_secret.status, ==, 401);
  request (fixture, &new_secret, "GET", "statements", reset_pair, NULL);
  g_assert_cmpuint (new_secret.status, ==, 200);
}

static JsonObject *
rejection_at (JsonArray *rejected,
              guint      line)
{
  for (guint i = 0; i < json_array_get_length (rejected); i++)
    if (json_object_get_int_member (json_array_get_object_element (rejected, i), "line") == line)
      return json_array_get_object_element (rejected, i);
  return NULL;
}

static void
test_roster_import (Fixture       *fixture,
                    gconstpointer  data)
{
  /* As a spreadsheet saves “CSV UTF-8”: a BOM, CRLF, Japanese headers. */
  static const char roster[] =
    "\xEF\xBB\xBF職員番号,氏名,所属,役割,系統\r\n"
    "1001,山田 太郎,\"総務課, 文書係\",受講者,LGWAN\r\n"      /* line 2: created */
    "1002,\"鈴木 \"\"ハナ\"\"\",税務課,,マイナンバー\r\n"   /* line 3: created, quotes in the name */
    ",名無し,税務課,受講者,\r\n"                              /* line 4: no staff id */
    "1001,山田 二郎,総務課,受講者,\r\n"                       /* line 5: twice in the file */
    "tanaka,田中 花子,総務課,受講者,\r\n"                      /* line 6: exists already */
    "1003,佐藤,財政課,部長,\r\n"                              /* line 7: unknown role */
    "1004,高橋,財政課\r\n"                                    /* line 8: too few fields */
    "1005,伊藤,情報政策課,管理者,インターネット\r\n"          /* line 9: created, an administrator */
    "1006,森,情報制作課,受講者,\r\n"                         /* line 10: unknown department */
    "\r\n";
  static const char shift_jis[] = "staff_id,name\n1,\x93\x63\x92\x86\n";
  g_auto(Response) r = { 0 };
  g_auto(Response) bad = { 0 };
  g_auto(Response) list = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *created, *rejected;

  /* The departments the roster names are known by an account each; the
   * misspelt one is not. */
  for (guint i = 0; i < 3; i++)
    {
      static const char * const departments[] = { "総務課, 文書係", "税務課", "情報政策課" };
      g_auto(Response) added = { 0 };
      g_autofree char *body = g_strdup_printf ("{\"staff_id\":\"first-%u\",\"department\":\"%s\"}",
                                               i, departments[i]);

      request_with_type (fixture, &added, "POST", "../admin/accounts", fixture->admin,
                         "application/json", body, strlen (body));
      g_assert_cmpuint (added.status, ==, 201);
    }
  request_with_type (fixture, &r, "POST", "../admin/accounts/import", fixture->admin, "text/csv",
                     roster, sizeof roster - 1);
  g_assert_cmpuint (r.status, ==, 200);
  root = parse (r.body);
  created = json_object_get_array_member (json_node_get_object (root), "created");
  rejected = json_object_get_array_member (json_node_get_object (root), "rejected");
  g_assert_cmpuint (json_array_get_length (created), ==, 3);
  g_assert_cmpuint (json_array_get_length (rejected), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (rejection_at (rejected, 4), "reason"), ==,
                   "no staff id");
  g_assert_nonnull (
    strstr (json_object_get_string_member (rejection_at (rejected, 5), "reason"), "twice"));
  g_assert_nonnull (
    strstr (json_object_get_string_member (rejection_at (rejected, 6), "reason"), "exists"));
  g_assert_nonnull (
    strstr (json_object_get_string_member (rejection_at (rejected, 7), "reason"), "role"));
  g_assert_nonnull (
    strstr (json_object_get_string_member (rejection_at (rejected, 8), "reason"), "fields"));
  g_assert_nonnull (strstr (json_object_get_string_member (rejection_at (rejected, 10), "reason"),
                            "the department “情報制作課” is unknown"));
  g_assert_nonnull (strstr (json_object_get_string_member (rejection_at (rejected, 10), "reason"),
                            "“情報政策課”"));

  request (fixture, &list, "GET", "../admin/accounts", fixture->admin, NULL);
  g_assert_nonnull (strstr (list.body, "総務課, 文書係"));
  g_assert_nonnull (strstr (list.body, "鈴木 \\\"ハナ\\\""));
  g_assert_nonnull (strstr (list.body, "\"staff_id\":\"1005\""));

  /* Not UTF-8: refused as a whole, with the reason. */
  request_with_type (fixture, &bad, "POST", "../admin/accounts/import", fixture->admin, "text/csv",
                     shift_jis, sizeof shift_jis - 1);
  g_assert_cmpuint (bad.status, ==, 400);
  g_assert_nonnull (strstr (bad.body, "UTF-8"));
}

static char *
verdict (const char *staff_id,
         const char *module,
         const char *verb,
         double      scaled,
         const char *timestamp)
{
  return g_strdup_printf (
    "{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"%s\"}},"
    "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/%s\"},"
    "\"object\":{\"id\":\"https://awareness.example/activities/minamikyushu/%s\"},"
    "\"result\":{\"score\":{\"scaled\":%.2f},\"success\":%s,\"completion\":true},"
    "\"context\":{\"extensions\":{\"" AWARENESS_XAPI_EXT_MODULE_VERSION "\":\"2026.1\"}},"
    "\"timestamp\":\"%s\"}",
    staff_id, verb, module, scaled, g_strcmp0 (verb, "passed") == 0 ? "true" : "false", timestamp);
}

static void
test_completion_report (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *failed = verdict ("tanaka", "scope", "failed", 0.4, "2026-05-01T09:00:00.000Z");
  g_autofree char *retake = verdict ("tanaka", "scope", "passed", 0.8, "2026-05-02T09:00:00.000Z");
  g_autofree char *other = verdict ("tanaka", "threats", "passed", 1.0, "2026-05-03T09:00:00.000Z");
  g_autofree char *theirs = verdict ("suzuki", "scope", "failed", 0.2, "2026-05-04T09:00:00.000Z");
  g_auto(Response) p1 = { 0 };
  g_auto(Response) p2 = { 0 };
  g_auto(Response) all = { 0 };
  g_auto(Response) dept = { 0 };
  g_auto(Response) csv = { 0 };
  g_auto(Response) learner = { 0 };
  g_autofree char *batch = g_strdup_printf ("[%s,%s,%s]", failed, retake, other);
  g_autofree char *department = g_uri_escape_string ("総務課", NULL, TRUE);
  g_autofree char *by_department =
    g_strconcat ("../admin/reports/completion?department=", department, NULL);
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(JsonNode) filtered = NULL;
  guint n_tanaka = 0;

  request (fixture, &p1, "POST", "statements", fixture->learner, batch);
  g_assert_cmpuint (p1.status, ==, 200);
  request (fixture, &p2, "POST", "statements", fixture->other, theirs);
  g_assert_cmpuint (p2.status, ==, 200);

  request (fixture, &learner, "GET", "../admin/reports/completion", fixture->learner, NULL);
  g_assert_cmpuint (learner.status, ==, 403);

  request (fixture, &all, "GET", "../admin/reports/completion", fixture->admin, NULL);
  g_assert_cmpuint (all.status, ==, 200);
  rows = parse (all.body);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rows)); i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (rows), i);

      if (g_strcmp0 (json_object_get_string_member (row, "staff_id"), "tanaka") != 0)
        continue;
      n_tanaka++;
      /* The retake, not the earlier failure, is the latest verdict. */
      if (g_strcmp0 (json_object_get_string_member (row, "module"), "scope") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (row, "result"), ==, "passed");
          g_assert_cmpint (json_object_get_int_member (row, "score"), ==, 80);
          g_assert_cmpstr (json_object_get_string_member (row, "version"), ==, "2026.1");
          g_assert_cmpstr (json_object_get_string_member (row, "department"), ==, "総務課");
        }
    }
  g_assert_cmpuint (n_tanaka, ==, 2);

  request (fixture, &dept, "GET", by_department, fixture->admin, NULL);
  filtered = parse (dept.body);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (filtered)), ==, 2);
  g_assert_null (strstr (dept.body, "suzuki"));

  /* A name that a spreadsheet would run as a formula is defused. */
  {
    g_auto(Response) evil = { 0 };

    request (
      fixture, &evil, "POST", "../admin/accounts", fixture->admin,
      "{\"staff_id\":\"evil\",\"display_name\":\"=HYPERLINK(\\\"http://x\\\")\","
      "\"department\":\"検査課\"}");
    g_assert_cmpuint (evil.status, ==, 201);
  }

  request (fixture, &csv, "GET", "../admin/reports/completion?format=csv&bom=true&headers=ja",
           fixture->admin, NULL);
  g_assert_cmpuint (csv.status, ==, 200);
  g_assert_true (g_str_has_prefix (csv.body, "\xEF\xBB\xBF職員番号,氏名,所属,モジュール,結果,日時,得点,版,"
                                              "検証,受信日時\r\n"));
  g_assert_nonnull (strstr (csv.body, "tanaka,田中 花子,総務課,scope,passed,"
                                      "2026-05-02T09:00:00.000Z,80,2026.1,unverified,"));
  g_assert_nonnull (strstr (csv.body, "suzuki,,,scope,failed,2026-05-04T09:00:00.000Z,20,2026.1,"
                                      "unverified,"));
  /* Staff without any result are listed, so that an audit sees them. */
  g_assert_nonnull (strstr (csv.body, "evil,\"'=HYPERLINK(\"\"http://x\"\")\",検査課,,,,,,,\r\n"));

}

/* The row of one staff member and module in a JSON completion report. */
static JsonObject *
report_row (JsonNode   *rows,
            const char *staff_id,
            const char *module)
{
  JsonArray *array = json_node_get_array (rows);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (row, "staff_id"), staff_id) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (row, "module", NULL), module) == 0)
        return row;
    }
  return NULL;
}

/*
 * Two instances on one database (SQLite or PostgreSQL), as behind a load
 * balancer: a learner's results sent through one are in the report of the
 * other; an account disabled through one is refused by the other at once,
 * and a secret reset through one no longer opens the other.
 */
static void
test_two_instances (Fixture       *fixture,
                    gconstpointer  data)
{
  Fixture second = { .dir = fixture->dir, .config = fixture->config, .session = fixture->session };
  g_autofree char *passed = verdict ("tanaka", "scope", "passed", 0.9, "2026-05-01T09:00:00.000Z");
  g_auto(Response) post = { 0 };
  g_auto(Response) report = { 0 };
  g_auto(Response) before = { 0 };
  g_auto(Response) disabled = { 0 };
  g_auto(Response) refused = { 0 };
  g_auto(Response) enabled = { 0 };
  g_auto(Response) reset = { 0 };
  g_auto(Response) old_secret = { 0 };
  g_auto(Response) new_secret = { 0 };
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(JsonNode) credentials = NULL;
  g_autofree char *reset_pair = NULL;
  JsonObject *row;

  start_server (&second);
  g_assert_cmpstr (second.base, !=, fixture->base);

  request (fixture, &post, "POST", "statements", fixture->learner, passed);
  g_assert_cmpuint (post.status, ==, 200);
  request (&second, &report, "GET", "../admin/reports/completion", fixture->admin, NULL);
  g_assert_cmpuint (report.status, ==, 200);
  rows = parse (report.body);
  row = report_row (rows, "tanaka", "scope");
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "result"), ==, "passed");

  /* The learner's secret is verified (and remembered) by the first. */
  request (fixture, &before, "GET", "statements", fixture->learner, NULL);
  g_assert_cmpuint (before.status, ==, 200);
  request (&second, &disabled, "POST", "../admin/accounts/tanaka/disable", fixture->admin, NULL);
  g_assert_cmpuint (disabled.status, ==, 204);
  request (fixture, &refused, "GET", "statements", fixture->learner, NULL);
  g_assert_cmpuint (refused.status, ==, 401);
  request (&second, &enabled, "POST", "../admin/accounts/tanaka/enable", fixture->admin, NULL);
  g_assert_cmpuint (enabled.status, ==, 204);

  request (&second, &reset, "POST", "../admin/accounts/tanaka/reset-secret", fixture->admin, NULL);
  g_assert_cmpuint (reset.status, ==, 200);
  credentials = parse (reset.body);
  reset_pair =
    g_strdup_printf ("%s:%s",
                     json_object_get_string_member (json_node_get_object (credentials), "key"),
                     json_object_get_string_member (json_node_get_object (credentials), "secret"));
  request (fixture, &old_secret, "GET", "statements", fixture->learner, NULL);
  g_assert_cmpuint (old_secret.status, ==, 401);
  request (fixture, &new_secret, "GET", "statements", reset_pair, NULL);
  g_assert_cmpuint (new_secret.status, ==, 200);

  stop_server (&second);
  g_free (second.base);
}

/* The latest verdict is the latest in time, whatever the offset it was
 * written with or the order it arrived in; a voided verdict no longer
 * counts; and a store made before the report's index rebuilds it. */
static void
test_completion_report_latest (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *first = verdict ("tanaka", "scope", "failed", 0.4, "2026-05-01T09:00:00.000Z");
  g_autofree char *retake = verdict ("tanaka", "scope", "passed", 0.8, "2026-05-02T09:00:00.000Z");
  /* 08:30 UTC: before the retake, though its text sorts after it. */
  g_autofree char *late_arrival = verdict ("tanaka", "scope", "failed", 0.5,
                                           "2026-05-02T17:30:00+09:00");
  g_autofree char *batch = g_strdup_printf ("[%s,%s,%s]", first, retake, late_arrival);
  g_autofree char *voiding = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "lrs.db", NULL);
  g_auto(Response) post = { 0 };
  g_auto(Response) before = { 0 };
  g_auto(Response) void_post = { 0 };
  g_auto(Response) after = { 0 };
  g_auto(Response) period = { 0 };
  g_auto(Response) rebuilt = { 0 };
  g_autoptr(JsonNode) ids = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(JsonNode) voided_rows = NULL;
  g_autoptr(JsonNode) period_rows = NULL;
  sqlite3 *handle = NULL;
  JsonObject *row;

  request (fixture, &post, "POST", "statements", fixture->learner, batch);
  g_assert_cmpuint (post.status, ==, 200);
  ids = parse (post.body);

  request (fixture, &before, "GET", "../admin/reports/completion", fixture->admin, NULL);
  rows = parse (before.body);
  row = report_row (rows, "tanaka", "scope");
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "result"), ==, "passed");
  g_assert_cmpstr (json_object_get_string_member (row, "date"), ==, "2026-05-02T09:00:00.000Z");

  voiding = g_strdup_printf ("{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE
                             "\",\"name\":\"tanaka\"}},"
                             "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"},"
                             "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"%s\"}}",
                             json_array_get_string_element (json_node_get_array (ids), 1));
  request (fixture, &void_post, "POST", "statements", fixture->learner, voiding);
  g_assert_cmpuint (void_post.status, ==, 200);
  request (fixture, &after, "GET", "../admin/reports/completion", fixture->admin, NULL);
  voided_rows = parse (after.body);
  row = report_row (voided_rows, "tanaka", "scope");
  g_assert_cmpstr (json_object_get_string_member (row, "result"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (row, "date"), ==, "2026-05-02T17:30:00+09:00");
  g_assert_cmpint (json_object_get_int_member (row, "score"), ==, 50);

  /* Bounds compare instants: 08:00 UTC on 2 May excludes the first try. */
  request (
    fixture, &period, "GET",
    "../admin/reports/completion?module=scope&since=2026-05-02T17:00:00%2B09:00"
    "&until=2026-05-02T08:45:00Z",
    fixture->admin, NULL);
  g_assert_cmpuint (period.status, ==, 200);
  period_rows = parse (period.body);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (period_rows)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (report_row (period_rows, "tanaka", "scope"),
                                                  "date"),
                   ==, "2026-05-02T17:30:00+09:00");

  /* A store of the version before the index: rebuilt when opened. */
  /* PostgreSQL has its tables from the first version of its schema. */
  if (fixture_uses_pg ())
    return;
  stop_server (fixture);
  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "DROP TABLE verdicts", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  start_server (fixture);
  request (fixture, &rebuilt, "GET", "../admin/reports/completion", fixture->admin, NULL);
  g_assert_cmpuint (rebuilt.status, ==, 200);
  g_assert_cmpstr (rebuilt.body, ==, after.body);
}


/* The error of a response, as the server said it. */
static char *
error_of (Response *response)
{
  g_autoptr(JsonNode) root = parse (response->body);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "error"));
}

/* The server answers in the language the request asks for: Japanese or
 * English by Accept-Language, English when it asks for neither (as xAPI
 * clients do), always as the same JSON error with the same status. */
static void
test_error_language (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    const char *accept_language;
    const char *language;
  } cases[] = {
    { NULL, "en" },
    { "ja", "ja" },
    { "ja-JP,ja;q=0.9,en;q=0.8", "ja" },
    { "fr, ja;q=0.5, en;q=0.4", "ja" },
    { "en-GB, ja;q=0.5", "en" },
    { "en;q=0.2, ja;q=0.9", "ja" },
    { "fr", "en" },
  };
  static const char roster[] = "staff_id,name,role\n,名無し,\n2001,佐藤,部長\n";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Response) bad_date = { 0 };
      g_auto(Response) bad_statement = { 0 };
      g_auto(Response) import = { 0 };
      g_autofree char *message = NULL;
      g_autofree char *statement_message = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonArray *rejected;
      gboolean ja = g_strcmp0 (cases[i].language, "ja") == 0;

      g_test_message ("Accept-Language: %s", cases[i].accept_language);
      request_in_language (fixture, &bad_date, "GET", "../admin/reports/completion?since=yesterday",
                           fixture->admin, NULL, NULL, 0, cases[i].accept_language);
      g_assert_cmpuint (bad_date.status, ==, 400);
      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (
                                                       bad_date.msg),
                                                     "Content-Language"),
                       ==, cases[i].language);
      message = error_of (&bad_date);
      g_assert_nonnull (strstr (message, "yesterday"));
      g_assert_nonnull (strstr (message, ja ? "日付" : "is neither a date"));

      /* An xAPI error: the same status and JSON, the message translated. */
      request_in_language (fixture, &bad_statement, "POST", "statements", fixture->learner,
                           "text/plain", "x", 1, cases[i].accept_language);
      g_assert_cmpuint (bad_statement.status, ==, 400);
      statement_message = error_of (&bad_statement);
      g_assert_nonnull (strstr (statement_message,
                                ja ? "application/json で送信" : "are sent as application/json"));

      /* The reasons of a roster's refused rows. */
      request_in_language (fixture, &import, "POST", "../admin/accounts/import", fixture->admin,
                           "text/csv", roster, sizeof roster - 1, cases[i].accept_language);
      g_assert_cmpuint (import.status, ==, 200);
      root = parse (import.body);
      rejected = json_object_get_array_member (json_node_get_object (root), "rejected");
      g_assert_cmpstr (json_object_get_string_member (rejection_at (rejected, 2), "reason"), ==,
                       ja ? "職員番号がありません" : "no staff id");
      g_assert_nonnull (
        strstr (json_object_get_string_member (rejection_at (rejected, 3), "reason"),
                ja ? "役割" : "role must be"));
    }
}

/* Periods of the completion report as administrators write them: plain
 * dates (whole days in Japan time, whatever the server's zone) and fiscal
 * years, April to March. */
static void
test_report_periods (Fixture       *fixture,
                     gconstpointer  data)
{
  /* 01:00 on 1 April 2026 in Japan: FY2026 there, still 31 March in UTC. */
  g_autofree char *early = verdict ("tanaka", "scope", "passed", 0.9, "2026-03-31T16:00:00Z");
  /* 23:30 on 31 March 2027 in Japan: the last day of FY2026. */
  g_autofree char *late = verdict ("tanaka", "threats", "passed", 0.8, "2027-03-31T23:30:00+09:00");
  /* 1 April 2027 in Japan: FY2027. */
  g_autofree char *next = verdict ("suzuki", "scope", "failed", 0.3, "2027-03-31T15:00:00Z");
  g_autofree char *batch = g_strdup_printf ("[%s,%s]", early, late);
  g_autofree char *reiwa = g_uri_escape_string ("令和8年度", NULL, TRUE);
  g_autofree char *reiwa_path =
    g_strconcat ("../admin/reports/completion?format=json&fiscal-year=", reiwa, NULL);
  g_auto(Response) p1 = { 0 };
  g_auto(Response) p2 = { 0 };
  static const struct {
    const char *query;
    guint       rows;
  } cases[] = {
    { "since=2026-04-01", 3 },
    { "since=2026-04-02", 2 },
    { "until=2026-03-31", 0 },
    { "since=2026-04-01&until=2026-04-01", 1 },
    { "until=2027-03-31", 2 },
    { "since=2027-04-01", 1 },
    { "fiscal-year=2026", 2 },
    { "fiscal-year=2025", 0 },
    { "fiscal-year=2027", 1 },
    { "since=2026-04-01T00:30:00%2B09:00", 3 },
  };

  request (fixture, &p1, "POST", "statements", fixture->learner, batch);
  g_assert_cmpuint (p1.status, ==, 200);
  request (fixture, &p2, "POST", "statements", fixture->other, next);
  g_assert_cmpuint (p2.status, ==, 200);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Response) r = { 0 };
      g_autofree char *path = g_strconcat ("../admin/reports/completion?", cases[i].query, NULL);
      g_autoptr(JsonNode) rows = NULL;

      g_test_message ("%s", cases[i].query);
      request (fixture, &r, "GET", path, fixture->admin, NULL);
      g_assert_cmpuint (r.status, ==, 200);
      rows = parse (r.body);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, cases[i].rows);
    }
  {
    g_auto(Response) r = { 0 };
    g_autoptr(JsonNode) rows = NULL;

    request (fixture, &r, "GET", reiwa_path, fixture->admin, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    rows = parse (r.body);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 2);
  }

  /* Refused, each with what is wrong. */
  {
    static const struct {
      const char *query;
      const char *message;
    } bad[] = {
      { "since=2026-4-1", "since: “2026-4-1”" },
      { "until=2026-02-30", "until: “2026-02-30”" },
      { "since=2026-05-01&until=2026-04-01", "since is later than until" },
      { "fiscal-year=26x", "fiscal-year: “26x”" },
      { "fiscal-year=2026&since=2026-04-01", "without since and until" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(Response) r = { 0 };
        g_autofree char *path = g_strconcat ("../admin/reports/completion?", bad[i].query, NULL);
        g_autofree char *message = NULL;

        request (fixture, &r, "GET", path, fixture->admin, NULL);
        g_assert_cmpuint (r.status, ==, 400);
        message = error_of (&r);
        g_assert_nonnull (strstr (message, bad[i].message));
      }
  }
}

/* A department or module that does not exist is said so, with the
 * nearest names, rather than answered with an empty report. */
static void
test_report_unknown_names (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *passed = verdict ("tanaka", "scope", "passed", 0.9, "2026-06-01T10:00:00+09:00");
  g_autofree char *typo = g_uri_escape_string ("総務", NULL, TRUE);
  g_autofree char *typo_path = g_strconcat ("../admin/reports/completion?department=", typo, NULL);
  g_auto(Response) post = { 0 };
  g_auto(Response) department = { 0 };
  g_auto(Response) department_ja = { 0 };
  g_auto(Response) module = { 0 };
  g_auto(Response) known = { 0 };
  g_auto(Response) empty_period = { 0 };
  g_autofree char *message = NULL;
  g_autofree char *message_ja = NULL;
  g_autofree char *module_message = NULL;

  request (fixture, &post, "POST", "statements", fixture->learner, passed);
  g_assert_cmpuint (post.status, ==, 200);

  request (fixture, &department, "GET", typo_path, fixture->admin, NULL);
  g_assert_cmpuint (department.status, ==, 404);
  message = error_of (&department);
  g_assert_cmpstr (message, ==, "No account belongs to the department “総務”; did you mean “総務課”?");
  request_in_language (fixture, &department_ja, "GET", typo_path, fixture->admin, NULL, NULL, 0,
                       "ja");
  g_assert_cmpuint (department_ja.status, ==, 404);
  message_ja = error_of (&department_ja);
  g_assert_nonnull (strstr (message_ja, "「総務課」"));
  g_assert_null (strstr (message_ja, "did you mean"));

  /* The staff without a department are a department of their own. */
  {
    g_auto(Response) none = { 0 };

    request (fixture, &none, "GET", "../admin/reports/completion?department=", fixture->admin,
             NULL);
    g_assert_cmpuint (none.status, ==, 200);
    g_assert_nonnull (strstr (none.body, "suzuki"));
  }

  request (fixture, &module, "GET", "../admin/reports/completion?module=scopes", fixture->admin,
           NULL);
  g_assert_cmpuint (module.status, ==, 404);
  module_message = error_of (&module);
  g_assert_nonnull (strstr (module_message, "There is no module “scopes”"));

  /* A module with results exists, with or without a catalog; an empty
   * period of it is an empty report, not an error. */
  request (fixture, &known, "GET", "../admin/reports/completion?module=scope", fixture->admin,
           NULL);
  g_assert_cmpuint (known.status, ==, 200);
  request (fixture, &empty_period, "GET",
           "../admin/reports/completion?module=scope&since=2030-01-01", fixture->admin, NULL);
  g_assert_cmpuint (empty_period.status, ==, 200);
  g_assert_cmpstr (empty_period.body, ==, "[]");
}

/* `awareness login` checks the credential and the certificate before it
 * saves anything; `awareness admin report` reads the server's report
 * with the saved credential; `awareness logout` forgets the secret. */
static void
test_cli_login_and_report (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *admin_key = key_of (fixture->admin);
  g_autofree char *admin_secret = secret_line (fixture->admin);
  g_autofree char *learner_key = key_of (fixture->learner);
  g_autofree char *learner_secret = secret_line (fixture->learner);
  g_autofree char *config = g_build_filename (fixture->dir, "client", "awareness.conf", NULL);
  g_autofree char *secret_file = g_build_filename (fixture->dir, "client", "awareness.conf.secret",
                                                   NULL);
  g_autofree char *http = g_strdup_printf ("http://%s", fixture->base + strlen ("https://"));
  g_autofree char *config_text = NULL;
  g_autofree char *passed = verdict ("tanaka", "scope", "passed", 0.9, "2026-06-01T10:00:00+09:00");
  g_auto(Response) post = { 0 };
  GStatBuf st;

  request (fixture, &post, "POST", "statements", fixture->learner, passed);
  g_assert_cmpuint (post.status, ==, 200);

  /* The test certificate is not trusted unless given: nothing is saved. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, admin_secret, &out, &err, "login", "--server", fixture->base,
                              "--user", admin_key, NULL), ==, 1);
    if (strstr (err, "could not prove its identity") == NULL)
      g_error ("login with an untrusted certificate: %s", err);
    g_assert_false (g_file_test (config, G_FILE_TEST_EXISTS));
  }
  /* Not encrypted: refused before anything is sent. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, admin_secret, &out, &err, "login", "--server", http,
                              "--user", admin_key, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "not encrypted"));
  }
  /* A wrong secret: refused, and never echoed in the message. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, "not-the-secret\n", &out, &err, "login", "--server",
                              fixture->base, "--user", admin_key, "--ca-file", cert, NULL),
                     ==, 1);
    g_assert_nonnull (strstr (err, "refused the account key or the secret"));
    g_assert_null (strstr (err, "not-the-secret"));
    g_assert_false (g_file_test (config, G_FILE_TEST_EXISTS));
  }
  /* A learner signs in, but reports are for administrators. */
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *report_out = NULL, *report_err = NULL;

    int status = run_cli (fixture, learner_secret, &out, &err, "login", "--server", fixture->base,
                          "--user", learner_key, "--ca-file", cert, NULL);

    g_assert_cmpstr (err, ==, "");
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "as tanaka"));
    g_assert_cmpint (run_cli (fixture, NULL, &report_out, &report_err, "admin", "report", NULL), ==,
                     1);
    g_assert_nonnull (strstr (report_err, "Only administrators"));
  }
  /* The administrator: the configuration and the secret are the user's
   * alone, and the secret is not in the configuration. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, admin_secret, &out, &err, "login", "--server", fixture->base,
                              "--user", admin_key, "--ca-file", cert, NULL), ==, 0);
    g_assert_cmpint (g_stat (config, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0077, ==, 0);
    g_assert_cmpint (g_stat (secret_file, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0077, ==, 0);
    g_assert_true (g_file_get_contents (config, &config_text, NULL, NULL));
    g_assert_null (strstr (config_text, strchr (fixture->admin, ':') + 1));
    g_assert_nonnull (strstr (config_text, "staff-id=admin"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "report", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Staff ID"));
    g_assert_nonnull (strstr (out, "田中 花子"));
    g_assert_nonnull (strstr (out, "2026-06-01"));
    g_assert_nonnull (strstr (out, "90%"));
    /* A bare verdict, with no answers behind it. */
    g_assert_nonnull (strstr (out, "(unverified)"));
    g_assert_nonnull (strstr (out, "(received "));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *department = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "report", "--department", "総務課",
                              "--format", "csv", "--bom", "--japanese-headers", NULL), ==, 0);
    g_assert_true (g_str_has_prefix (out, "\xEF\xBB\xBF職員番号,氏名,所属"));
    g_assert_nonnull (strstr (out, "tanaka,田中 花子,総務課,scope,passed"));
    g_assert_null (strstr (out, "suzuki"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autoptr(JsonNode) rows = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "report", "--module", "scope",
                              "--format", "json", NULL), ==, 0);
    rows = parse (out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 1);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    /* Checked before anything is sent: a usage error. */
    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "report", "--since", "yesterday",
                              NULL),
                     ==, 2);
    g_assert_nonnull (strstr (err, "since: “yesterday” is neither a date"));
  }

  /* A secret others can read is refused, not used. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (g_chmod (secret_file, 0644), ==, 0);
    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "report", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "can be read by other users"));
    g_assert_cmpint (g_chmod (secret_file, 0600), ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *report_out = NULL, *report_err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "logout", NULL), ==, 0);
    g_assert_false (g_file_test (secret_file, G_FILE_TEST_EXISTS));
    g_assert_cmpint (run_cli (fixture, NULL, &report_out, &report_err, "admin", "report", NULL), ==,
                     1);
    g_assert_nonnull (strstr (report_err, "awareness login"));
  }
}

/* Every invalid statement of the validation fixtures, sent over HTTP, is
 * refused with a 400 whose message names the field, and none is stored. */
static void
test_invalid_over_http (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "xapi", "invalid", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_auto(Response) after = { 0 };
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *body = NULL;
      g_auto(Response) r = { 0 };
      g_autoptr(JsonNode) error = NULL;
      const char *message;

      /* An array holding a statement is no statement, but a fine batch. */
      if (!g_str_has_suffix (name, ".json") || g_strcmp0 (name, "not-an-object.json") == 0)
        continue;
      g_assert_true (g_file_get_contents (path, &body, NULL, NULL));
      request (fixture, &r, "POST", "statements", fixture->admin, body);
      if (r.status != 400)
        g_error ("%s: HTTP %u, expected 400: %s", name, r.status, r.body);
      error = parse (r.body);
      message = json_object_get_string_member (json_node_get_object (error), "error");
      /* “path: why”, as the library says it. */
      g_assert_nonnull (strstr (message, ": "));
      n++;
    }
  g_assert_cmpuint (n, >=, 40);

  request (fixture, &after, "GET", "statements", fixture->admin, NULL);
  g_assert_cmpstr (after.body, ==, "{\"statements\":[],\"more\":\"\"}");
}

/* A long run of mixed requests on one kept-alive connection, good and
 * refused, each answered to the end; only a body refused before it was
 * read (over max-body-bytes) ends its connection, and the next request
 * gets a new one.  (A conformance run once saw the server stop answering
 * after about 1,070 requests on one connection.) */
static void
test_keep_alive_mixed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *too_large = g_strnfill (70000, ' ');
  guint64 connection = 0;
  guint new_connections = 0;
  guint n_requests = 1600;

  for (guint i = 0; i < n_requests; i++)
    {
      g_auto(Response) r = { 0 };
      g_autofree char *good = statement_for ("tanaka", NULL, "experienced");
      guint expected;
      guint64 id;

      switch (i % 9)
        {
        case 0:
          request (fixture, &r, "GET", "about", NULL, NULL);
          expected = 200;
          break;
        case 1:
          request (fixture, &r, "POST", "statements", fixture->learner, good);
          expected = 200;
          break;
        case 2:
          request (fixture, &r, "POST", "statements", fixture->learner, "{\"actor\":1}");
          expected = 400;
          break;
        case 3:
          request (fixture, &r, "PUT", "statements", fixture->learner, good);
          expected = 400;
          break;
        case 4:
          request (fixture, &r, "POST", "no-such-resource", fixture->learner, "{}");
          expected = 404;
          break;
        case 5:
          request (fixture, &r, "GET", "statements?limit=1", NULL, NULL);
          expected = 401;
          break;
        case 6:
          request (fixture, &r, "POST", "about", fixture->learner, "{}");
          expected = 405;
          break;
        case 7:
          request (fixture, &r, "GET", "statements?limit=2", fixture->learner, NULL);
          expected = 200;
          break;
        default:
          request (fixture, &r, "POST", "statements", fixture->learner, too_large);
          expected = 413;
          break;
        }
      if (r.status != expected)
        g_error ("request %u (kind %u): HTTP %u, expected %u: %s", i, i % 9, r.status, expected,
                 r.body);
      id = soup_message_get_connection_id (r.msg);
      if (id != connection)
        {
          /* A new connection only after a refused body, and the first. */
          g_assert_true (i == 0 || i % 9 == 0);
          new_connections++;
          connection = id;
        }
    }
  g_assert_cmpuint (new_connections, <=, n_requests / 9 + 1);
}

static void
tls_event_cb (GSocketClient      *client,
              GSocketClientEvent  event,
              GSocketConnectable *connectable,
              GIOStream          *connection,
              gpointer            database)
{
  /* Trust the test certificate, as the other clients of these tests do. */
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    g_tls_connection_set_database (G_TLS_CONNECTION (connection), database);
}

/* Wrong secrets lock their key (429 with Retry-After) without stalling
 * anyone else: another account's correct request is still answered.  A
 * roster import over the cap of rows is refused before anything is
 * hashed. */
static void
test_throttle (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *key = key_of (fixture->learner);
  g_autofree char *wrong = g_strconcat (key, ":not-the-secret", NULL);
  g_autofree char *also_wrong = g_strconcat (key, ":still-not-it", NULL);
  g_autoptr(GString) roster = g_string_new ("staff_id,display_name,department\n");

  for (guint i = 0; i < 3; i++)
    {
      g_auto(Response) refused = { 0 };

      request (fixture, &refused, "GET", "statements?limit=1", i % 2 == 0 ? wrong : also_wrong,
               NULL);
      g_assert_cmpuint (refused.status, ==, 401);
    }
  {
    g_auto(Response) locked = { 0 };
    const char *retry;

    request (fixture, &locked, "GET", "statements?limit=1", wrong, NULL);
    g_assert_cmpuint (locked.status, ==, 429);
    retry = soup_message_headers_get_one (soup_message_get_response_headers (locked.msg),
                                          "Retry-After");
    g_assert_nonnull (retry);
    g_assert_cmpint (atoi (retry), >, 0);
    g_assert_cmpint (atoi (retry), <=, 300);
  }
  {
    g_auto(Response) other = { 0 };

    request (fixture, &other, "GET", "statements?limit=1", fixture->other, NULL);
    g_assert_cmpuint (other.status, ==, 200);
  }
  /* The dashboard's sign-in is throttled the same way. */
  {
    g_auto(Response) locked = { 0 };
    g_autofree char *body = g_strdup_printf ("{\"key\":\"%s\",\"secret\":\"guess\"}", key);

    request (fixture, &locked, "POST", "../dashboard/api/session", NULL, body);
    g_assert_cmpuint (locked.status, ==, 429);
  }

  for (guint i = 0; i < 11; i++)
    g_string_append_printf (roster, "import-%u,Staff %u,Somewhere\n", i, i);
  {
    g_auto(Response) refused = { 0 };
    g_auto(Response) accounts = { 0 };

    request_with_type (fixture, &refused, "POST", "../admin/accounts/import", fixture->admin,
                       "text/csv", roster->str, roster->len);
    g_assert_cmpuint (refused.status, ==, 413);
    g_assert_nonnull (strstr (refused.body, "at most 10"));
    request (fixture, &accounts, "GET", "../admin/accounts", fixture->admin, NULL);
    g_assert_cmpuint (accounts.status, ==, 200);
    g_assert_null (strstr (accounts.body, "import-0"));
  }
}

/* A client that stops halfway through its request headers is cut off. */
static void
test_slow_client (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (cert, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) uri = g_uri_parse (fixture->base, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  const char *partial = "GET /xapi/about HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Experience-API";
  GInputStream *in;
  char buffer[256];
  gssize n;
  gint64 start;

  g_socket_client_set_tls (client, TRUE);
  g_signal_connect (client, "event", G_CALLBACK (tls_event_cb), database);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) g_uri_get_port (uri),
                                                NULL, &error);
  g_assert_no_error (error);
  g_assert_true (
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), partial,
                               strlen (partial), NULL, NULL, &error));
  g_assert_no_error (error);

  /* The server waits 10 seconds (client-timeout-seconds), then closes; the
   * client's TLS set-up (GnuTLS reads the system's trust store for each
   * connection), slow under the sanitizers on a busy machine, fits. */
  start = g_get_monotonic_time ();
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);
  g_assert_cmpint (n, <=, 0);
  /* Not at once (the request was only slow), and not never. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 40 * G_TIME_SPAN_SECOND);
}

/* A TLS connection to the server, trusting the test certificate; NULL
 * with @error if the server closes it before its handshake ends. */
static GIOStream *
connect_tls (Fixture  *fixture,
             GError  **error)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (cert, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (fixture->base, G_URI_FLAGS_NONE, NULL);

  g_socket_client_set_tls (client, TRUE);
  g_signal_connect (client, "event", G_CALLBACK (tls_event_cb), database);
  return G_IO_STREAM (g_socket_client_connect_to_host (client, "127.0.0.1",
                                                       (guint16) g_uri_get_port (uri), NULL,
                                                       error));
}

/* Sends @head, then one byte of @filler every half second (well within
 * client-timeout-seconds: the connection is never idle) until the server
 * closes the connection, for at most a minute.  Returns whether it
 * closed it without an answer. */
static gboolean
trickle_until_closed (GIOStream  *connection,
                      const char *head,
                      char        filler)
{
  GInputStream *in = g_io_stream_get_input_stream (connection);
  GOutputStream *out = g_io_stream_get_output_stream (connection);

  g_assert_true (G_IS_POLLABLE_INPUT_STREAM (in));
  if (!g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL))
    return TRUE;
  for (guint i = 0; i < 120; i++)
    {
      g_autoptr(GError) error = NULL;
      char buffer[256];
      gssize n;

      g_usleep (G_USEC_PER_SEC / 2);
      n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (in), buffer,
                                                    sizeof buffer, NULL, &error);
      if (n > 0)
        return FALSE;   /* an answer: the request was not cut off */
      if (n == 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      if (!g_output_stream_write_all (out, &filler, 1, NULL, NULL, NULL))
        return TRUE;
    }
  return FALSE;
}

static void
assert_cut_off (Fixture    *fixture,
                const char *head,
                char        filler)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) connection = connect_tls (fixture, &error);

  g_assert_no_error (error);
  g_assert_true (trickle_until_closed (connection, head, filler));
}

/* A client that sends its request headers a byte at a time, each byte
 * soon enough to keep the connection from being idle, is cut off at
 * header-timeout-seconds: it cannot hold a connection for long. */
static void
test_slow_headers (Fixture       *fixture,
                   gconstpointer  data)
{
  assert_cut_off (fixture, "GET /xapi/about HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ", 'a');
}

/* The same for a body sent a byte at a time after whole headers: cut off
 * at request-timeout-seconds. */
static void
test_slow_body (Fixture       *fixture,
                gconstpointer  data)
{
  assert_cut_off (fixture, "POST /xapi/about HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Content-Type: application/json\r\nContent-Length: 2000\r\n\r\n", ' ');
}

/* A field of /proc/PID/status, in kB. */
static gint64
proc_status_kb (GSubprocess *process,
                const char  *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status",
                                           g_subprocess_get_identifier (process));
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, field);
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen (field) + 1, NULL, 10);
}

/* A reader that takes a package slowly holds the server to one copy of
 * it: the server's peak memory while it waits grows by less than one and
 * a half times the package (it grew by three copies: the database's, the
 * store's and libsoup's). */
static void
test_download_one_copy (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (fixture->dir, "big", NULL);
  g_autofree char *ballast = g_build_filename (tree, "ballast", NULL);
  g_autofree char *package = g_build_filename (fixture->dir, "big.pkg", NULL);
  g_autofree char *key_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.key", NULL);
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *admin_key = key_of (fixture->admin);
  g_autofree char *admin_secret = secret_line (fixture->admin);
  g_autofree char *authorization = basic_authorization (fixture->learner);
  g_autofree char *clear_refs = g_strdup_printf ("/proc/%s/clear_refs",
                                                 g_subprocess_get_identifier (fixture->server));
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL;
  g_autofree char *err3 = NULL, *head = NULL, *copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) connection = NULL;
  g_autoptr(JsonNode) index = NULL;
  g_auto(Response) latest = { 0 };
  gint64 size, rss, peak;
  char buffer[65536];
  gsize got = 0;

  /* AddressSanitizer keeps freed memory resident for a while (its
   * quarantine): measure without it. */
  stop_server (fixture);
  start_server_with_asan (fixture, "detect_leaks=0:quarantine_size_mb=0");
  g_free (clear_refs);
  clear_refs = g_strdup_printf ("/proc/%s/clear_refs",
                                g_subprocess_get_identifier (fixture->server));

  /* The shipped content and 21 MB of noise. */
  copy = g_strdup_printf ("cp -r '%s' '%s'", g_getenv ("AWARENESS_CONTENT_DIR"), tree);
  g_assert_true (g_spawn_command_line_sync (copy, NULL, NULL, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (ballast, 0700), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%u.bin", ballast, i);
      g_autofree guint32 *words = g_new (guint32, 7 * 1024 * 1024 / 4);

      for (gsize w = 0; w < 7 * 1024 * 1024 / 4; w++)
        words[w] = g_random_int ();
      g_assert_true (g_file_set_contents (name, (char *) words, 7 * 1024 * 1024, NULL));
    }
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "content", "pack", tree, "-o", package,
                            "--key", key_file, NULL), ==, 0);
  g_assert_cmpint (run_cli (fixture, admin_secret, &out2, &err2, "login", "--server", fixture->base,
                            "--user", admin_key, "--ca-file", cert, NULL), ==, 0);
  if (run_cli (fixture, NULL, &out3, &err3, "admin", "content", "publish", package, NULL) != 0)
    g_error ("publish: %s%s", out3, err3);

  /* The learner's secret verified (and remembered) before the measure. */
  request (fixture, &latest, "GET", "../content", fixture->learner, NULL);
  g_assert_cmpuint (latest.status, ==, 200);
  index = parse (latest.body);
  size = json_object_get_int_member (json_node_get_object (index), "size");
  g_assert_cmpint (size, >, 21 * 1024 * 1024);

  /* The peak from now. */
  {
    FILE *file = fopen (clear_refs, "w");

    g_assert_nonnull (file);
    g_assert_cmpint (fputs ("5", file), >=, 0);
    g_assert_cmpint (fclose (file), ==, 0);
  }
  rss = proc_status_kb (fixture->server, "VmRSS:");
  connection = connect_tls (fixture, &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("GET /content/%s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: %s\r\n"
                          "X-Experience-API-Version: 1.0.3\r\n\r\n",
                          json_object_get_string_member (json_node_get_object (index), "digest"),
                          authorization);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (connection), head,
                                            strlen (head), NULL, NULL, &error));
  g_assert_no_error (error);
  /* The answer begins; then the reader stops reading for a while. */
  while (got < sizeof buffer)
    {
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (connection), buffer,
                                      sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      if (got == 0)
        g_assert_true (g_str_has_prefix (buffer, "HTTP/1.1 200 "));
      got += (gsize) n;
    }
  g_usleep (2 * G_USEC_PER_SEC);
  peak = proc_status_kb (fixture->server, "VmHWM:");
  g_test_message ("package %" G_GINT64_FORMAT " kB; server RSS %" G_GINT64_FORMAT " kB, peak while "
                  "serving %" G_GINT64_FORMAT " kB (+%" G_GINT64_FORMAT " kB)", size / 1024, rss,
                  peak, peak - rss);
  g_assert_cmpint (peak - rss, <, size / 1024 * 3 / 2);
}

/* One client address holds at most max-connections-per-address (3
 * here) connections: one more is closed before its TLS handshake ends.
 * A connection closed makes room for another. */
static void
test_connections_per_address (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) refused = NULL;
  GIOStream *connection = NULL;

  /* The fixture's own kept-alive connection may count too: three at most. */
  for (guint i = 0; i < 10 && refused == NULL; i++)
    {
      connection = connect_tls (fixture, &refused);
      if (connection != NULL)
        g_ptr_array_add (open, connection);
    }
  g_assert_nonnull (refused);
  g_assert_cmpuint (open->len, >=, 1);
  g_assert_cmpuint (open->len, <=, 3);

  g_io_stream_close (g_ptr_array_index (open, 0), NULL, NULL);
  g_ptr_array_remove_index (open, 0);
  /* The server forgets the closed connection once it reads its end. */
  connection = NULL;
  for (guint i = 0; i < 50 && connection == NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      connection = connect_tls (fixture, &error);
      if (connection == NULL)
        g_usleep (G_USEC_PER_SEC / 5);
    }
  g_assert_nonnull (connection);
  g_object_unref (connection);
}

static char *
statement_with_attachment (const char *sha2,
                           gsize       length)
{
  return g_strdup_printf (
    "{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"tanaka\"}},"
    "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"},"
    "\"object\":{\"id\":\"https://awareness.example/activities/minamikyushu/scope\"},"
    "\"attachments\":[{\"usageType\":\"https://awareness.example/xapi/attachments/certificate\","
    "\"display\":{\"ja-JP\":\"修了証\",\"en-US\":\"Certificate\"},"
    "\"contentType\":\"text/plain\",\"length\":%" G_GSIZE_FORMAT ",\"sha2\":\"%s\"}]}",
    length, sha2);
}

/* A multipart/mixed POST: the statements, then the parts given. */
static void
post_multipart_as (Fixture    *fixture,
                   Response   *response,
                   const char *credentials,
                   const char *statements,
                   const char *data,
                   const char *declared_hash);

static void
post_multipart (Fixture    *fixture,
                Response   *response,
                const char *statements,
                const char *data,
                const char *declared_hash)
{
  post_multipart_as (fixture, response, fixture->learner, statements, data, declared_hash);
}

static void
post_multipart_as (Fixture    *fixture,
                   Response   *response,
                   const char *credentials,
                   const char *statements,
                   const char *data,
                   const char *declared_hash)
{
  g_autofree char *uri = g_strconcat (fixture->base, "statements", NULL);
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/mixed");
  g_autoptr(GBytes) first = g_bytes_new (statements, strlen (statements));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = basic_authorization (credentials);
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);

  soup_message_headers_replace (headers, "Content-Type", "application/json");
  soup_multipart_append_part (multipart, headers, first);
  soup_message_headers_unref (headers);
  if (data != NULL)
    {
      g_autoptr(GBytes) content = g_bytes_new (data, strlen (data));

      headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
      soup_message_headers_replace (headers, "Content-Type",
                                    g_str_has_prefix (data, "ew0K") ? "application/octet-stream"
                                                                    : "text/plain");
      soup_message_headers_replace (headers, "Content-Transfer-Encoding", "binary");
      soup_message_headers_replace (headers, "X-Experience-API-Hash", declared_hash);
      soup_multipart_append_part (multipart, headers, content);
      soup_message_headers_unref (headers);
    }

  response->msg = fixture_message_new ("POST", uri);
  soup_message_headers_replace (soup_message_get_request_headers (response->msg),
                                "X-Experience-API-Version", "1.0.3");
  soup_message_headers_replace (soup_message_get_request_headers (response->msg), "Authorization",
                                authorization);
  soup_multipart_to_message (multipart, soup_message_get_request_headers (response->msg), &body);
  soup_message_set_request_body_from_bytes (response->msg, NULL, body);
  bytes = soup_session_send_and_read (fixture->session, response->msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (response->msg);
  response->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *certificate = "修了証: 田中 花子, 適用範囲, 2026-05-02\n";
  g_autofree char *sha2 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, certificate, -1);
  g_autofree char *wrong = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "something else", -1);
  g_autofree char *statement = statement_with_attachment (sha2, strlen (certificate));
  g_autofree char *orphan = statement_with_attachment (wrong, 14);
  g_autofree char *plain = statement_for ("tanaka", NULL, "completed");
  g_autofree char *path = NULL;
  g_auto(Response) posted = { 0 };
  g_auto(Response) missing = { 0 };
  g_auto(Response) forged = { 0 };
  g_auto(Response) extra = { 0 };
  g_auto(Response) json_only = { 0 };
  g_auto(Response) got = { 0 };
  g_autoptr(JsonNode) ids = NULL;
  g_autoptr(SoupMultipart) reply = NULL;
  g_autoptr(GBytes) reply_body = NULL;
  SoupMessageHeaders *part_headers;
  GBytes *part;

  post_multipart (fixture, &posted, statement, certificate, sha2);
  g_assert_cmpuint (posted.status, ==, 200);
  ids = parse (posted.body);

  /* The data of an attachment must come with it… */
  post_multipart (fixture, &missing, orphan, NULL, NULL);
  g_assert_cmpuint (missing.status, ==, 400);
  g_assert_nonnull (strstr (missing.body, "no part carries data"));
  /* …with the hash it declares… */
  post_multipart (fixture, &forged, statement, "tampered", sha2);
  g_assert_cmpuint (forged.status, ==, 400);
  g_assert_nonnull (strstr (forged.body, "does not have the SHA-2"));
  /* …and no part may belong to nothing. */
  post_multipart (fixture, &extra, plain, certificate, sha2);
  g_assert_cmpuint (extra.status, ==, 400);
  /* Without multipart, an attachment needs a fileUrl. */
  request (fixture, &json_only, "POST", "statements", fixture->learner, statement);
  g_assert_cmpuint (json_only.status, ==, 400);
  g_assert_nonnull (strstr (json_only.body, "fileUrl"));

  /* Read back with attachments=true: the statement, then its data. */
  path = g_strdup_printf ("statements?attachments=true&statementId=%s",
                          json_array_get_string_element (json_node_get_array (ids), 0));
  request (fixture, &got, "GET", path, fixture->learner, NULL);
  g_assert_cmpuint (got.status, ==, 200);
  reply_body = g_bytes_new (got.body, strlen (got.body));
  reply = soup_multipart_new_from_message (soup_message_get_response_headers (got.msg), reply_body);
  g_assert_nonnull (reply);
  g_assert_cmpint (soup_multipart_get_length (reply), ==, 2);
  g_assert_true (soup_multipart_get_part (reply, 1, &part_headers, &part));
  g_assert_cmpstr (soup_message_headers_get_one (part_headers, "X-Experience-API-Hash"), ==, sha2);
  g_assert_cmpmem (g_bytes_get_data (part, NULL), g_bytes_get_size (part), certificate,
                   strlen (certificate));
}

/* Attachment data is bound to the statement and account that uploaded
 * it: another account naming its hash in a fileUrl statement gets no data.
 * A statement has at most max-attachments, an account uploads at most its
 * quota, an answer with attachments holds at most max-response-bytes, and
 * the data of a refused batch does not stay. */
static void
test_attachment_limits (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *a = g_strnfill (1500, 'a');
  g_autofree char *b = g_strnfill (1500, 'b');
  g_autofree char *c = g_strnfill (1500, 'c');
  g_autofree char *d = g_strnfill (100, 'd');
  g_autofree char *sha_a = g_compute_checksum_for_string (G_CHECKSUM_SHA256, a, -1);
  g_autofree char *sha_b = g_compute_checksum_for_string (G_CHECKSUM_SHA256, b, -1);
  g_autofree char *sha_c = g_compute_checksum_for_string (G_CHECKSUM_SHA256, c, -1);
  g_autofree char *sha_d = g_compute_checksum_for_string (G_CHECKSUM_SHA256, d, -1);
  g_autofree char *with_a = statement_with_attachment (sha_a, 1500);
  g_autofree char *with_b = statement_with_attachment (sha_b, 1500);
  g_autofree char *with_c = statement_with_attachment (sha_c, 1500);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *plain = statement_for ("tanaka", id, "experienced");
  g_autofree char *changed = statement_for ("tanaka", id, "attempted");
  g_autofree char *conflicting = NULL;
  g_autofree char *borrowed = g_strdup_printf (
    "{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"suzuki\"}},"
    "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"},"
    "\"object\":{\"id\":\"https://awareness.example/activities/minamikyushu/scope\"},"
    "\"attachments\":[{\"usageType\":\"https://awareness.example/xapi/attachments/certificate\","
    "\"display\":{\"en-US\":\"Not mine\"},\"contentType\":\"text/plain\",\"length\":1500,"
    "\"sha2\":\"%s\",\"fileUrl\":\"https://elsewhere.example/a\"}]}", sha_a);
  GString *many = g_string_new (NULL);
  g_autofree char *many_text = NULL;

  {
    g_auto(Response) posted = { 0 };

    post_multipart (fixture, &posted, with_a, a, sha_a);
    g_assert_cmpuint (posted.status, ==, 200);
  }
  /* Another account names the hash: its statement is stored, the data
   * is not served with it. */
  {
    g_auto(Response) posted = { 0 };
    g_auto(Response) got = { 0 };
    g_autoptr(JsonNode) ids = NULL;
    g_autofree char *path = NULL;
    g_autoptr(GBytes) reply_body = NULL;
    g_autoptr(SoupMultipart) reply = NULL;

    request (fixture, &posted, "POST", "statements", fixture->other, borrowed);
    g_assert_cmpuint (posted.status, ==, 200);
    ids = parse (posted.body);
    path = g_strdup_printf ("statements?attachments=true&statementId=%s",
                            json_array_get_string_element (json_node_get_array (ids), 0));
    request (fixture, &got, "GET", path, fixture->other, NULL);
    g_assert_cmpuint (got.status, ==, 200);
    g_assert_null (strstr (got.body, a));
    reply_body = g_bytes_new (got.body, strlen (got.body));
    reply = soup_multipart_new_from_message (soup_message_get_response_headers (got.msg),
                                             reply_body);
    g_assert_nonnull (reply);
    g_assert_cmpint (soup_multipart_get_length (reply), ==, 1);
  }
  /* At most two attachments a statement here. */
  g_string_append (many,
                   "{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"tanaka\"}},"
                   "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"},"
                   "\"object\":{\"id\":"
                   "\"https://awareness.example/activities/minamikyushu/scope\"},"
                   "\"attachments\":[");
  for (guint i = 0; i < 3; i++)
    g_string_append_printf (many, "%s{\"usageType\":\"https://awareness.example/u\","
                                  "\"display\":{\"en-US\":\"x\"},\"contentType\":\"text/plain\","
                                  "\"length\":1,\"sha2\":\"%s\","
                                  "\"fileUrl\":\"https://elsewhere.example/%u\"}",
                            i > 0 ? "," : "", sha_a, i);
  g_string_append (many, "]}");
  many_text = g_string_free (many, FALSE);
  {
    g_auto(Response) refused = { 0 };

    request (fixture, &refused, "POST", "statements", fixture->learner, many_text);
    g_assert_cmpuint (refused.status, ==, 413);
    g_assert_nonnull (strstr (refused.body, "at most 2 attachments"));
  }
  /* The quota: 1500 + 1500 fit in 3500 bytes, a third 1500 does not. */
  {
    g_auto(Response) second = { 0 };
    g_auto(Response) third = { 0 };

    post_multipart (fixture, &second, with_b, b, sha_b);
    g_assert_cmpuint (second.status, ==, 200);
    post_multipart (fixture, &third, with_c, c, sha_c);
    g_assert_cmpuint (third.status, ==, 413);
    g_assert_nonnull (strstr (third.body, "may upload 3500"));
  }
  /* Two statements' data and JSON exceed the 4000 bytes of an answer:
   * refused, with what to do; one at a time is answered. */
  {
    g_auto(Response) both = { 0 };
    g_auto(Response) one = { 0 };

    request (fixture, &both, "GET", "statements?attachments=true", fixture->learner, NULL);
    g_assert_cmpuint (both.status, ==, 413);
    g_assert_nonnull (strstr (both.body, "ask for fewer statements"));
    request (fixture, &one, "GET", "statements?attachments=true&limit=1", fixture->learner, NULL);
    g_assert_cmpuint (one.status, ==, 200);
  }
  /* A batch refused after its data arrived leaves no data behind. */
  {
    g_auto(Response) first = { 0 };
    g_auto(Response) refused = { 0 };
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    g_autofree char *database = g_build_filename (fixture->dir, "lrs.db", NULL);
    char *tail;

    request (fixture, &first, "POST", "statements", fixture->learner, plain);
    g_assert_cmpuint (first.status, ==, 200);
    /* The same id with other content, and an attachment. */
    tail = strrchr (changed, '}');
    *tail = '\0';
    conflicting = g_strdup_printf ("%s,\"attachments\":["
                                   "{\"usageType\":\"https://awareness.example/u\","
                                   "\"display\":{\"en-US\":\"x\"},\"contentType\":\"text/plain\","
                                   "\"length\":100,\"sha2\":\"%s\"}]}", changed, sha_d);
    post_multipart (fixture, &refused, conflicting, d, sha_d);
    g_assert_cmpuint (refused.status, ==, 409);
    if (fixture_uses_pg ())
      return;
    g_assert_cmpint (sqlite3_open_v2 (database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM attachments WHERE sha2 = ?", -1,
                                         &stmt, NULL),
                     ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, sha_d, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_reset (stmt);
    sqlite3_bind_text (stmt, 1, sha_a, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

/* The signed statement of the specification's Appendix D: accepted as it
 * is; refused when its statement, its payload or its signature is altered. */
static void
test_signed_statement (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *statement_path = g_test_build_filename (G_TEST_DIST, "data", "xapi", "signed",
                                                           "statement.json", NULL);
  g_autofree char *jws_path = g_test_build_filename (G_TEST_DIST, "data", "xapi", "signed",
                                                     "signature.jws", NULL);
  g_autofree char *statement = NULL;
  g_autofree char *jws = NULL;
  g_autofree char *sha2 = NULL;
  g_autofree char *altered = NULL;
  g_autofree char *bad_signature = NULL;
  g_autofree char *bad_sha2 = NULL;
  g_autofree char *altered_sig_statement = NULL;
  g_auto(Response) accepted = { 0 };
  g_auto(Response) changed = { 0 };
  g_auto(Response) forged = { 0 };
  g_auto(Response) garbage = { 0 };
  char *last;

  g_assert_true (g_file_get_contents (statement_path, &statement, NULL, NULL));
  g_assert_true (g_file_get_contents (jws_path, &jws, NULL, NULL));
  sha2 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, jws, -1);

  /* The example names another person: only an administrator records it. */
  post_multipart_as (fixture, &accepted, fixture->admin, statement, jws, sha2);
  g_assert_cmpuint (accepted.status, ==, 200);

  /* The statement says something other than what was signed. */
  altered = g_strdup (statement);
  g_assert_nonnull (strstr (altered, "xh4kIiH3Sm8"));
  strstr (altered, "xh4kIiH3Sm8")[10] = '9';
  post_multipart_as (fixture, &changed, fixture->admin, altered, jws, sha2);
  g_assert_cmpuint (changed.status, ==, 400);
  g_assert_nonnull (strstr (changed.body, "not the statement that was signed"));

  /* One character of the signature changed: it no longer verifies. */
  bad_signature = g_strdup (jws);
  last = bad_signature + strlen (bad_signature) - 3;
  *last = *last == 'A' ? 'B' : 'A';
  bad_sha2 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, bad_signature, -1);
  altered_sig_statement = g_strdup (statement);
  memcpy (strstr (altered_sig_statement, sha2), bad_sha2, strlen (bad_sha2));
  post_multipart_as (fixture, &forged, fixture->admin, altered_sig_statement, bad_signature,
                     bad_sha2);
  g_assert_cmpuint (forged.status, ==, 400);
  g_assert_nonnull (strstr (forged.body, "does not verify"));

  /* Not a JWS at all. */
  {
    const char *junk = "ew0Knot-a-jws";
    g_autofree char *junk_sha2 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, junk, -1);
    g_autofree char *junk_statement = g_strdup (statement);

    memcpy (strstr (junk_statement, sha2), junk_sha2, strlen (junk_sha2));
    post_multipart_as (fixture, &garbage, fixture->admin, junk_statement, junk, junk_sha2);
    g_assert_cmpuint (garbage.status, ==, 400);
    g_assert_nonnull (strstr (garbage.body, "compact serialization"));
  }
}

static char *
canonical_display (Fixture    *fixture,
                   const char *id,
                   const char *accept_language)
{
  g_autofree char *uri = g_strdup_printf ("%sstatements?format=canonical&statementId=%s",
                                          fixture->base, id);
  g_autoptr(SoupMessage) msg = fixture_message_new ("GET", uri);
  g_autofree char *authorization = basic_authorization (fixture->learner);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Experience-API-Version",
                                "1.0.3");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language",
                                accept_language);
  body = soup_session_send_and_read (fixture->session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  root = parse (g_bytes_get_data (body, NULL));
  json_generator_set_root (
    generator,
    json_object_get_member (json_object_get_object_member (json_node_get_object (root), "verb"),
                            "display"));
  return json_generator_to_data (generator, NULL);
}

/* format=canonical keeps one language per map, as Accept-Language asks. */
static void
test_canonical (Fixture       *fixture,
                gconstpointer  data)
{
  const char *id = "5e5e5e5e-0000-4000-8000-000000000005";
  const char *statement =
    "{\"id\":\"5e5e5e5e-0000-4000-8000-000000000005\","
    "\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"tanaka\"}},"
    "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\","
    "\"display\":{\"en-US\":\"completed\",\"ja-JP\":\"完了した\"}},"
    "\"object\":{\"id\":\"https://awareness.example/activities/minamikyushu/scope\"}}";
  g_auto(Response) post = { 0 };
  g_autofree char *ja = NULL;
  g_autofree char *en = NULL;
  g_autofree char *weighted = NULL;
  g_autofree char *other = NULL;

  request (fixture, &post, "POST", "statements", fixture->learner, statement);
  g_assert_cmpuint (post.status, ==, 200);

  ja = canonical_display (fixture, id, "ja");
  g_assert_cmpstr (ja, ==, "{\"ja-JP\":\"完了した\"}");
  en = canonical_display (fixture, id, "en-US,ja;q=0.5");
  g_assert_cmpstr (en, ==, "{\"en-US\":\"completed\"}");
  weighted = canonical_display (fixture, id, "en;q=0.2, ja;q=0.9");
  g_assert_cmpstr (weighted, ==, "{\"ja-JP\":\"完了した\"}");
  /* No language wanted is there: one is kept all the same. */
  other = canonical_display (fixture, id, "fr");
  g_assert_true (g_str_has_prefix (other, "{\"") && strchr (other, ',') == NULL);
}

/* The alternate request syntax: everything in form fields of a POST. */
static void
post_form (Fixture    *fixture,
           Response   *response,
           const char *query,
           GHashTable *form)
{
  g_autofree char *uri = g_strconcat (fixture->base, "statements?", query, NULL);
  g_autofree char *encoded = soup_form_encode_hash (form);
  g_autoptr(GBytes) content = g_bytes_new (encoded, strlen (encoded));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  response->msg = fixture_message_new ("POST", uri);
  soup_message_set_request_body_from_bytes (response->msg, "application/x-www-form-urlencoded",
                                            content);
  bytes = soup_session_send_and_read (fixture->session, response->msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (response->msg);
  response->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_alternate_syntax (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *id = "4d4d4d4d-0000-4000-8000-000000000004";
  g_autofree char *statement = statement_for ("tanaka", NULL, "completed");
  g_autofree char *authorization = basic_authorization (fixture->learner);
  g_autoptr(GHashTable) put = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) get = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(Response) r1 = { 0 };
  g_auto(Response) r2 = { 0 };
  g_auto(Response) r3 = { 0 };
  g_autoptr(JsonNode) root = NULL;

  g_hash_table_insert (put, (gpointer) "Authorization", authorization);
  g_hash_table_insert (put, (gpointer) "X-Experience-API-Version", (gpointer) "1.0.3");
  g_hash_table_insert (put, (gpointer) "Content-Type", (gpointer) "application/json");
  g_hash_table_insert (put, (gpointer) "statementId", (gpointer) id);
  g_hash_table_insert (put, (gpointer) "content", statement);
  post_form (fixture, &r1, "method=PUT", put);
  g_assert_cmpuint (r1.status, ==, 204);

  g_hash_table_insert (get, (gpointer) "Authorization", authorization);
  g_hash_table_insert (get, (gpointer) "X-Experience-API-Version", (gpointer) "1.0.3");
  g_hash_table_insert (get, (gpointer) "statementId", (gpointer) id);
  post_form (fixture, &r2, "method=GET", get);
  g_assert_cmpuint (r2.status, ==, 200);
  root = parse (r2.body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "id"), ==, id);

  /* Other query parameters beside “method” are refused. */
  post_form (fixture, &r3, "method=GET&statementId=x", get);
  g_assert_cmpuint (r3.status, ==, 400);
}

/* Independent xAPI clients from npm: @xapi/xapi, and TinCanJS (1.0.2). */
static void
test_peers (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = fixture_run_peer (fixture, "roundtrip.js", fixture->learner, "tanaka");

  g_assert_nonnull (strstr (out, "ok - @xapi/xapi round trips"));
  g_assert_nonnull (strstr (out, "ok - TinCanJS (xAPI 1.0.2) round trip"));
}

#define CONCURRENT 6
#define PER_BATCH 5

/* The id of statement @i of batch @batch. */
static char *
concurrent_id (guint batch,
               guint i)
{
  return g_strdup_printf ("c0ffee00-0000-4000-8000-%06u%06u", batch, i);
}

/* Sends CONCURRENT batches of PER_BATCH statements of tanaka's at once,
 * each by a curl of its own (a connection each; GnuTLS under the
 * sanitizers makes the test's own handshakes slow); batch @conflicting
 * (if below CONCURRENT) has as its last statement @held_id with other
 * content than the one stored.  Fills @statuses.  The server stores what
 * arrives together in one transaction (the store writer), each request
 * in a savepoint of its own. */
static void
post_concurrently (Fixture    *fixture,
                   guint       conflicting,
                   const char *held_id,
                   guint      *statuses)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *url = g_strconcat (fixture->base, "statements", NULL);
  g_autofree char *authorization = basic_authorization (fixture->learner);
  g_autofree char *header = g_strconcat ("Authorization: ", authorization, NULL);
  GSubprocess *curls[CONCURRENT];

  for (guint b = 0; b < CONCURRENT; b++)
    {
      g_autoptr(GString) batch = g_string_new ("[");
      g_autofree char *name = g_strdup_printf ("batch-%u.json", b);
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *data = g_strconcat ("@", file, NULL);
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < PER_BATCH; i++)
        {
          g_autofree char *id = concurrent_id (b, i);
          g_autofree char *statement =
            statement_for ("tanaka", b == conflicting && i == PER_BATCH - 1 ? held_id : id,
                           b == conflicting && i == PER_BATCH - 1 ? "failed" : "completed");

          g_string_append_printf (batch, "%s%s", i > 0 ? "," : "", statement);
        }
      g_string_append_c (batch, ']');
      g_assert_true (g_file_set_contents (file, batch->str, -1, NULL));
      curls[b] = g_subprocess_new (
        G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, "curl", "-s",
        "-o", "/dev/null", "-w", "%{http_code}", "--cacert", cert, "-H",
        "X-Experience-API-Version: 1.0.3", "-H", "Content-Type: application/json", "-H", header,
        "--data-binary", data, url, NULL);
      g_assert_no_error (error);
    }
  for (guint b = 0; b < CONCURRENT; b++)
    {
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;

      g_subprocess_communicate_utf8 (curls[b], NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      statuses[b] = (guint) g_ascii_strtoull (out, NULL, 10);
      g_object_unref (curls[b]);
    }
}

/* How many times @id is among tanaka's statements, as the LRS lists them. */
static guint
times_listed (Fixture    *fixture,
              const char *id)
{
  g_auto(Response) list = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *statements;
  guint times = 0;

  request (fixture, &list, "GET", "statements?limit=500", fixture->learner, NULL);
  g_assert_cmpuint (list.status, ==, 200);
  root = parse (list.body);
  statements = json_object_get_array_member (json_node_get_object (root), "statements");
  for (guint i = 0; i < json_array_get_length (statements); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (statements, i),
                                                  "id"),
                   id) == 0)
      times++;
  return times;
}

static void
test_concurrent_posts (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *held_id = "c0ffee00-0000-4000-8000-999999999999";
  g_autofree char *held = statement_for ("tanaka", held_id, "completed");
  g_autofree char *held_path = g_strdup_printf ("statements?statementId=%s", held_id);
  g_auto(Response) put = { 0 };
  g_auto(Response) again = { 0 };
  guint statuses[CONCURRENT];
  const guint conflicting = 2;

  request (fixture, &put, "PUT", held_path, fixture->learner, held);
  g_assert_cmpuint (put.status, ==, 204);

  post_concurrently (fixture, conflicting, held_id, statuses);
  for (guint b = 0; b < CONCURRENT; b++)
    {
      g_assert_cmpuint (statuses[b], ==, b == conflicting ? 409 : 200);
      for (guint i = 0; i < PER_BATCH; i++)
        {
          g_autofree char *id = concurrent_id (b, i);

          /* Every other batch stored whole, once; nothing of the conflicting one. */
          g_assert_cmpuint (times_listed (fixture, id), ==, b == conflicting ? 0 : 1);
        }
    }
  g_assert_cmpuint (times_listed (fixture, held_id), ==, 1);

  /* The same batches again: accepted as held, stored no second time. */
  post_concurrently (fixture, CONCURRENT, NULL, statuses);
  for (guint b = 0; b < CONCURRENT; b++)
    {
      g_autofree char *first = concurrent_id (b, 0);

      g_assert_cmpuint (statuses[b], ==, 200);
      g_assert_cmpuint (times_listed (fixture, first), ==, 1);
    }
  /* The statement held kept its content. */
  request (fixture, &again, "GET", held_path, fixture->learner, NULL);
  g_assert_cmpuint (again.status, ==, 200);
  g_assert_nonnull (strstr (again.body, "verbs/completed"));
}

/* A 2xx is sent only once the statements are committed: a server killed
 * as soon as the answers are in, with no chance to finish anything, has
 * every statement it accepted when it starts again. */
static void
test_stored_before_answer (Fixture       *fixture,
                           gconstpointer  data)
{
  guint statuses[CONCURRENT];
  g_autoptr(GError) error = NULL;

  post_concurrently (fixture, CONCURRENT, NULL, statuses);
  g_subprocess_send_signal (fixture->server, SIGKILL);
  g_subprocess_wait (fixture->server, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (fixture->server));
  g_clear_object (&fixture->server);

  start_server (fixture);
  for (guint b = 0; b < CONCURRENT; b++)
    {
      g_assert_cmpuint (statuses[b], ==, 200);
      for (guint i = 0; i < PER_BATCH; i++)
        {
          g_autofree char *id = concurrent_id (b, i);

          g_assert_cmpuint (times_listed (fixture, id), ==, 1);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *download_config = NULL;
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  {
    g_autofree char *pub_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.pub",
                                                       NULL);
    g_autofree char *public_key = NULL;

    g_assert_true (g_file_get_contents (pub_file, &public_key, NULL, NULL));
    download_config = g_strdup_printf ("[content]\ntrusted-keys=%s;\n"
                                       "[limits]\nmax-body-bytes=33554432\n",
                                       g_strstrip (public_key));
  }
  g_test_add_func ("/awareness/server/refuses-without-tls", test_refuses_without_tls);
#define ADD(path, func)                                                                            \
  g_test_add ("/awareness/server/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("about", test_about);
  ADD ("health", test_health);
  ADD ("two-instances", test_two_instances);
  ADD ("authentication", test_authentication);
  ADD ("version-header", test_version_header);
  ADD ("post-and-get", test_post_and_get);
  ADD ("put-idempotent", test_put_idempotent);
  ADD ("batch-all-or-nothing", test_batch_all_or_nothing);
  ADD ("concurrent-posts", test_concurrent_posts);
  ADD ("stored-before-answer", test_stored_before_answer);
  ADD ("access", test_access);
  ADD ("voiding", test_voiding);
  ADD ("paging", test_paging);
  ADD ("body-limit", test_body_limit);
  ADD ("body-limit-every-path", test_body_limit_every_path);
  ADD ("filter-parameters", test_filter_parameters);
  ADD ("private-headers", test_private_headers);
  ADD ("listing-plan", test_listing_plan);
  ADD ("client-statements", test_client_statements);
  ADD ("alternate-syntax", test_alternate_syntax);
  ADD ("peers", test_peers);
  ADD ("related", test_related);
  ADD ("admin-accounts", test_admin_accounts);
  ADD ("roster-import", test_roster_import);
  ADD ("private-files", test_private_files);
  ADD ("security-log", test_security_log);
  ADD ("audit-log", test_audit_log);
  ADD ("completion-report", test_completion_report);
  ADD ("completion-report-latest", test_completion_report_latest);
  ADD ("cli-login-and-report", test_cli_login_and_report);
  ADD ("error-language", test_error_language);
  ADD ("report-periods", test_report_periods);
  ADD ("report-unknown-names", test_report_unknown_names);
  ADD ("invalid-over-http", test_invalid_over_http);
  ADD ("attachments", test_attachments);
  ADD ("signed-statement", test_signed_statement);
  ADD ("canonical", test_canonical);
  g_test_add ("/awareness/server/json-nesting", Fixture, "max-body-bytes=4194304\n", fixture_setup,
              test_json_nesting, fixture_teardown);
  g_test_add ("/awareness/server/keep-alive-mixed", Fixture, "max-body-bytes=65536\n",
              fixture_setup, test_keep_alive_mixed, fixture_teardown);
  g_test_add ("/awareness/server/slow-client", Fixture, "client-timeout-seconds=10\n",
              fixture_setup, test_slow_client, fixture_teardown);
  g_test_add ("/awareness/server/slow-headers", Fixture,
              "client-timeout-seconds=30\nheader-timeout-seconds=5\n",
              fixture_setup, test_slow_headers, fixture_teardown);
  g_test_add ("/awareness/server/slow-body", Fixture,
              "client-timeout-seconds=30\nrequest-timeout-seconds=8\n",
              fixture_setup, test_slow_body, fixture_teardown);
  g_test_add ("/awareness/server/download-one-copy", Fixture, download_config,
              fixture_setup, test_download_one_copy, fixture_teardown);
  g_test_add ("/awareness/server/connections-per-address", Fixture,
              "max-connections-per-address=3\n",
              fixture_setup, test_connections_per_address, fixture_teardown);
  g_test_add ("/awareness/server/attachment-limits", Fixture,
              "max-body-bytes=4096\nmax-response-bytes=4000\nmax-attachments=2\n"
              "attachment-quota-bytes=3500\n",
              fixture_setup, test_attachment_limits, fixture_teardown);
  g_test_add ("/awareness/server/throttle", Fixture,
              "auth-failures-per-key=3\nmax-import-rows=10\n",
              fixture_setup, test_throttle, fixture_teardown);
#undef ADD

  {
    int status = g_test_run ();

    fixture_template_clear ();
    return status;
  }
}
