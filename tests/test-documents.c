/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Document resources of awareness-server (State, Activity Profile,
 * Agent Profile: xAPI 1.0.3 Communication 2.2, 2.3, 2.6, 2.7 and 3.1), the
 * Agents and Activities resources (2.4, 2.5) and HEAD (1.1), as a client
 * meets them: the real server on loopback over HTTPS, on a real database.
 * One case per requirement; who may do what, with 401 and 403.
 */
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "awareness.h"
#include "lrs-fixture.h"

#define ACTIVITY "https://awareness.example/activities/minamikyushu/resume"
#define OTHER_ACTIVITY "https://awareness.example/activities/minamikyushu/other"
#define AGENT(name) \
  "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"" name "\"}}"
#define TANAKA AGENT ("tanaka")
#define SUZUKI AGENT ("suzuki")
#define REGISTRATION "6c8c0b1e-2f5a-4c3e-9d55-1b0f4c1e7a10"

/*
 * A request: @method on @path (relative to the xAPI base), with
 * @credentials (or none), a body of @length bytes of @content_type (or
 * none), and more request headers as name and value pairs ending in NULL.
 */
static void
call (Fixture    *fixture,
      Response   *response,
      const char *method,
      const char *path,
      const char *credentials,
      const char *content_type,
      const char *body,
      gssize      length,
      ...)
{
  g_autofree char *uri = g_strconcat (fixture->base, path, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *name;
  va_list args;

  response->msg = fixture_message_new (method, uri);
  headers = soup_message_get_request_headers (response->msg);
  soup_message_headers_replace (headers, "X-Experience-API-Version", "1.0.3");
  if (credentials != NULL)
    {
      g_autofree char *value = basic_authorization (credentials);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  va_start (args, length);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (args, const char *));
  va_end (args);
  if (body != NULL)
    {
      g_autoptr(GBytes) content = g_bytes_new (body, length >= 0 ? (gsize) length : strlen (body));

      soup_message_set_request_body_from_bytes (response->msg, content_type, content);
    }

  bytes = soup_session_send_and_read (fixture->session, response->msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (response->msg);
  /* The whole body, zero bytes and all, and one more to end it. */
  response->body = g_malloc0 (g_bytes_get_size (bytes) + 1);
  if (g_bytes_get_size (bytes) > 0)
    memcpy (response->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (response->msg),
                                                 "X-Experience-API-Version"), ==, "1.0.3");
}

static const char *
header (Response   *response,
        const char *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (response->msg), name);
}

/* The path of a document resource with its parameters: @first is the
 * resource, then names and values (the values escaped here) up to NULL. */
static char *
path_of (const char *first,
         ...)
{
  GString *path = g_string_new (first);
  const char *name;
  va_list args;
  char separator = '?';

  va_start (args, first);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *value = g_uri_escape_string (va_arg (args, const char *), NULL, TRUE);

      g_string_append_printf (path, "%c%s=%s", separator, name, value);
      separator = '&';
    }
  va_end (args);
  return g_string_free (path, FALSE);
}

static char *
state_path (const char *agent,
            const char *state_id)
{
  if (state_id == NULL)
    return path_of ("activities/state", "activityId", ACTIVITY, "agent", agent, NULL);
  return path_of ("activities/state", "activityId", ACTIVITY, "agent", agent, "stateId", state_id,
                  NULL);
}

static char *
quoted_sha1 (const char *content,
             gssize      length)
{
  gsize size = length >= 0 ? (gsize) length : strlen (content);
  g_autofree char *digest = g_compute_checksum_for_data (G_CHECKSUM_SHA1, (const guchar *) content,
                                                         size);

  return g_strdup_printf ("\"%s\"", digest);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_node_copy (json_parser_get_root (parser));
}

/* Stores @body as @path, by @credentials, expecting 204. */
static void
put (Fixture    *fixture,
     const char *path,
     const char *credentials,
     const char *content_type,
     const char *body)
{
  g_auto(Response) r = { 0 };

  call (fixture, &r, "PUT", path, credentials, content_type, body, -1, NULL);
  g_assert_cmpuint (r.status, ==, 204);
}

/* GET of @path by the administrator: @expected (or 404 when NULL). */
static void
assert_document (Fixture    *fixture,
                 const char *path,
                 const char *expected)
{
  g_auto(Response) r = { 0 };

  call (fixture, &r, "GET", path, fixture->admin, NULL, NULL, 0, NULL);
  if (expected == NULL)
    {
      g_assert_cmpuint (r.status, ==, 404);
      return;
    }
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, expected);
}

/* PUT and GET: the content and its type as sent, whatever they are (here
 * binary, with a zero byte), the ETag the quoted SHA-1 of the content in
 * lower case, and Last-Modified (2.2, 2.3, 3.1). */
static void
test_state_put_get (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char binary[] = { 'r', 'e', 's', '\0', 'u', 'm', 'e', (char) 0xff };
  g_autofree char *path = state_path (TANAKA, "bookmark");
  g_autofree char *text_path = state_path (TANAKA, "note");
  g_autofree char *etag = quoted_sha1 (binary, sizeof binary);
  g_auto(Response) r = { 0 };
  g_auto(Response) get = { 0 };
  g_auto(Response) text = { 0 };
  g_autoptr(GDateTime) modified = NULL;

  call (fixture, &r, "PUT", path, fixture->learner, "application/octet-stream", binary,
        sizeof binary, NULL);
  g_assert_cmpuint (r.status, ==, 204);
  call (fixture, &get, "GET", path, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (get.status, ==, 200);
  g_assert_cmpint (soup_message_headers_get_content_length (
                     soup_message_get_response_headers (get.msg)), ==, sizeof binary);
  g_assert_cmpmem (get.body, sizeof binary, binary, sizeof binary);
  g_assert_cmpstr (header (&get, "Content-Type"), ==, "application/octet-stream");
  g_assert_cmpstr (header (&get, "ETag"), ==, etag);
  g_assert_nonnull (header (&get, "Last-Modified"));
  modified = soup_date_time_new_from_http_string (header (&get, "Last-Modified"));
  g_assert_nonnull (modified);
  g_assert_cmpint (ABS (g_date_time_to_unix (modified) - g_get_real_time () / G_USEC_PER_SEC), <,
                   600);

  /* A type with parameters, returned as it was sent. */
  put (fixture, text_path, fixture->learner, "text/plain; charset=utf-8", "しおり: 3 ページ");
  call (fixture, &text, "GET", text_path, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (text.status, ==, 200);
  g_assert_cmpstr (text.body, ==, "しおり: 3 ページ");
  g_assert_cmpstr (header (&text, "Content-Type"), ==, "text/plain; charset=utf-8");

  /* A second PUT of a State replaces it, without concurrency headers. */
  put (fixture, text_path, fixture->learner, "text/plain", "4");
  assert_document (fixture, text_path, "4");
}

/* POST merges the top-level properties of JSON objects (2.2). */
static void
test_state_post_merge (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = state_path (TANAKA, "variables");
  g_autofree char *fresh = state_path (TANAKA, "fresh");
  g_auto(Response) r = { 0 };
  g_auto(Response) get = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  put (fixture, path, fixture->learner, "application/json",
       "{\"x\":\"foo\",\"y\":\"bar\",\"n\":{\"a\":1,\"b\":2}}");
  call (fixture, &r, "POST", path, fixture->learner, "application/json",
        "{\"x\":\"bash\",\"z\":\"faz\",\"n\":{\"c\":3}}", -1, NULL);
  g_assert_cmpuint (r.status, ==, 204);
  call (fixture, &get, "GET", path, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (get.status, ==, 200);
  root = parse (get.body);
  object = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (object), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "x"), ==, "bash");
  g_assert_cmpstr (json_object_get_string_member (object, "y"), ==, "bar");
  g_assert_cmpstr (json_object_get_string_member (object, "z"), ==, "faz");
  /* Top-level only: an object property is replaced whole. */
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "n")), ==, 1);
  {
    g_autofree char *etag = quoted_sha1 (get.body, -1);

    g_assert_cmpstr (header (&get, "ETag"), ==, etag);
  }

  /* A POST where there is no document stores it. */
  {
    g_auto(Response) created = { 0 };

    call (fixture, &created, "POST", fresh, fixture->learner, "application/json", "{\"a\":1}", -1,
          NULL);
    g_assert_cmpuint (created.status, ==, 204);
    assert_document (fixture, fresh, "{\"a\":1}");
  }
}

/* A merge with a side that is not a JSON object is refused with 400 and
 * changes nothing (2.2). */
static void
test_state_post_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *json = state_path (TANAKA, "json");
  g_autofree char *text = state_path (TANAKA, "text");
  struct {
    const char *path, *type, *body;
  } cases[] = {
    { json, "text/plain", "{\"x\":1}" },          /* posted: not application/json */
    { json, "application/json", "[1,2]" },        /* posted: not an object */
    { json, "application/json", "{\"x\":" },      /* posted: not JSON */
    { text, "application/json", "{\"x\":1}" },    /* stored: not application/json */
  };

  put (fixture, json, fixture->learner, "application/json", "{\"kept\":true}");
  put (fixture, text, fixture->learner, "text/plain", "plain");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Response) r = { 0 };

      call (fixture, &r, "POST", cases[i].path, fixture->learner, cases[i].type, cases[i].body, -1,
            NULL);
      g_assert_cmpuint (r.status, ==, 400);
    }
  assert_document (fixture, json, "{\"kept\":true}");
  assert_document (fixture, text, "plain");

  /* Nor is a JSON object posted over one that became text. */
  {
    g_auto(Response) r = { 0 };
    g_autofree char *fresh = state_path (TANAKA, "fresh");

    call (fixture, &r, "POST", fresh, fixture->learner, "application/json", "\"string\"", -1,
          NULL);
    g_assert_cmpuint (r.status, ==, 400);
    assert_document (fixture, fresh, NULL);
  }
}

static void
assert_ids (Fixture    *fixture,
            const char *path,
            const char *expected)
{
  g_auto(Response) r = { 0 };

  call (fixture, &r, "GET", path, fixture->admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (header (&r, "Content-Type"), ==, "application/json");
  g_assert_cmpstr (r.body, ==, expected);
}

/* GET without stateId: the ids of the place, those changed since a time
 * only with `since` (exclusive), with Last-Modified of the latest (2.3). */
static void
test_state_ids_since (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *a = state_path (TANAKA, "a");
  g_autofree char *b = state_path (TANAKA, "b");
  g_autofree char *all = state_path (TANAKA, NULL);
  g_autofree char *elsewhere = path_of ("activities/state", "activityId", OTHER_ACTIVITY,
                                        "agent", TANAKA, "stateId", "c", NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *between = NULL;
  g_autofree char *since = NULL;
  g_autofree char *bad = path_of ("activities/state", "activityId", ACTIVITY, "agent", TANAKA,
                                  "since", "yesterday", NULL);
  g_auto(Response) r = { 0 };
  g_auto(Response) refused = { 0 };

  assert_ids (fixture, all, "[]");
  put (fixture, a, fixture->learner, "text/plain", "1");
  put (fixture, elsewhere, fixture->learner, "text/plain", "1");
  g_usleep (20000);
  now = g_date_time_new_now_utc ();
  between = g_date_time_format_iso8601 (now);
  g_usleep (20000);
  put (fixture, b, fixture->learner, "text/plain", "2");

  assert_ids (fixture, all, "[\"a\",\"b\"]");
  since = path_of ("activities/state", "activityId", ACTIVITY, "agent", TANAKA, "since", between,
                   NULL);
  call (fixture, &r, "GET", since, fixture->admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, "[\"b\"]");
  g_assert_nonnull (header (&r, "Last-Modified"));
  g_assert_nonnull (header (&r, "ETag"));

  call (fixture, &refused, "GET", bad, fixture->admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (refused.status, ==, 400);
}

/* DELETE of one State, and of every State of an activity and agent, and
 * of no other (2.3). */
static void
test_state_delete (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *a = state_path (TANAKA, "a");
  g_autofree char *b = state_path (TANAKA, "b");
  g_autofree char *all = state_path (TANAKA, NULL);
  g_autofree char *elsewhere = path_of ("activities/state", "activityId", OTHER_ACTIVITY,
                                        "agent", TANAKA, "stateId", "a", NULL);
  g_autofree char *someone = state_path (SUZUKI, "a");
  g_autofree char *registered = path_of ("activities/state", "activityId", ACTIVITY,
                                         "agent", TANAKA, "registration", REGISTRATION,
                                         "stateId", "r", NULL);
  g_auto(Response) one = { 0 };
  g_auto(Response) again = { 0 };
  g_auto(Response) every = { 0 };

  put (fixture, a, fixture->learner, "text/plain", "a");
  put (fixture, b, fixture->learner, "text/plain", "b");
  put (fixture, registered, fixture->learner, "text/plain", "r");
  put (fixture, elsewhere, fixture->learner, "text/plain", "elsewhere");
  put (fixture, someone, fixture->other, "text/plain", "someone");

  call (fixture, &one, "DELETE", a, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (one.status, ==, 204);
  assert_document (fixture, a, NULL);
  assert_document (fixture, b, "b");
  /* A document that is not there is deleted already. */
  call (fixture, &again, "DELETE", a, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (again.status, ==, 204);

  call (fixture, &every, "DELETE", all, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (every.status, ==, 204);
  assert_document (fixture, b, NULL);
  assert_document (fixture, registered, NULL);
  assert_ids (fixture, all, "[]");
  assert_document (fixture, elsewhere, "elsewhere");
  assert_document (fixture, someone, "someone");
}

/* The registration is part of a State's place: one document per
 * registration, the ids of one registration, and a UUID only (2.3). */
static void
test_state_registration (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *plain = state_path (TANAKA, "resume");
  g_autofree char *registered = path_of ("activities/state", "activityId", ACTIVITY,
                                         "agent", TANAKA, "registration", REGISTRATION,
                                         "stateId", "resume", NULL);
  g_autofree char *upper = g_ascii_strup (REGISTRATION, -1);
  g_autofree char *registered_upper = path_of ("activities/state", "activityId", ACTIVITY,
                                               "agent", TANAKA, "registration", upper,
                                               "stateId", "resume", NULL);
  g_autofree char *only = path_of ("activities/state", "activityId", ACTIVITY, "agent", TANAKA,
                                   "registration", REGISTRATION, "stateId", "only", NULL);
  g_autofree char *ids = path_of ("activities/state", "activityId", ACTIVITY, "agent", TANAKA,
                                  "registration", REGISTRATION, NULL);
  g_autofree char *all = state_path (TANAKA, NULL);
  g_autofree char *bad = path_of ("activities/state", "activityId", ACTIVITY, "agent", TANAKA,
                                  "registration", "not-a-uuid", "stateId", "resume", NULL);
  g_auto(Response) refused = { 0 };

  put (fixture, plain, fixture->learner, "text/plain", "page 1");
  put (fixture, registered, fixture->learner, "text/plain", "page 7");
  put (fixture, only, fixture->learner, "text/plain", "x");
  assert_document (fixture, plain, "page 1");
  assert_document (fixture, registered, "page 7");
  assert_document (fixture, registered_upper, "page 7");
  assert_ids (fixture, ids, "[\"only\",\"resume\"]");
  assert_ids (fixture, all, "[\"only\",\"resume\"]");
  {
    g_autofree char *plain_only = state_path (TANAKA, "only");

    assert_document (fixture, plain_only, NULL);
  }

  call (fixture, &refused, "PUT", bad, fixture->learner, "text/plain", "x", -1, NULL);
  g_assert_cmpuint (refused.status, ==, 400);
}

/* If-Match and If-None-Match on every document resource: 412 and no
 * change when they fail (3.1). */
static void
test_concurrency (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(GStrv) paths = g_new0 (char *, 4);

  paths[0] = state_path (TANAKA, "c");
  paths[1] = path_of ("activities/profile", "activityId", ACTIVITY, "profileId", "c", NULL);
  paths[2] = path_of ("agents/profile", "agent", TANAKA, "profileId", "c", NULL);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *first = quoted_sha1 ("first", -1);
      g_auto(Response) absent = { 0 };
      g_auto(Response) created = { 0 };
      g_auto(Response) exists = { 0 };
      g_auto(Response) stale = { 0 };
      g_auto(Response) matched = { 0 };
      g_auto(Response) listed = { 0 };
      g_auto(Response) post_stale = { 0 };
      g_auto(Response) delete_stale = { 0 };
      g_auto(Response) deleted = { 0 };

      /* If-Match on a document that is not there. */
      call (fixture, &absent, "PUT", paths[i], fixture->admin, "text/plain", "first", -1,
            "If-Match", first, NULL);
      g_assert_cmpuint (absent.status, ==, 412);
      assert_document (fixture, paths[i], NULL);

      call (fixture, &created, "PUT", paths[i], fixture->admin, "text/plain", "first", -1,
            "If-None-Match", "*", NULL);
      g_assert_cmpuint (created.status, ==, 204);
      call (fixture, &exists, "PUT", paths[i], fixture->admin, "text/plain", "second", -1,
            "If-None-Match", "*", NULL);
      g_assert_cmpuint (exists.status, ==, 412);
      assert_document (fixture, paths[i], "first");

      call (fixture, &stale, "PUT", paths[i], fixture->admin, "text/plain", "second", -1,
            "If-Match", "\"0000000000000000000000000000000000000000\"", NULL);
      g_assert_cmpuint (stale.status, ==, 412);
      assert_document (fixture, paths[i], "first");

      call (fixture, &matched, "PUT", paths[i], fixture->admin, "text/plain", "second", -1,
            "If-Match", first, NULL);
      g_assert_cmpuint (matched.status, ==, 204);
      assert_document (fixture, paths[i], "second");

      /* A list of ETags, and an If-None-Match naming the current one. */
      {
        g_autofree char *second = quoted_sha1 ("second", -1);
        g_autofree char *list = g_strdup_printf ("\"abc\", %s", second);

        call (fixture, &listed, "PUT", paths[i], fixture->admin, "application/json", "{\"a\":1}",
              -1, "If-Match", list, NULL);
        g_assert_cmpuint (listed.status, ==, 204);
      }

      call (fixture, &post_stale, "POST", paths[i], fixture->admin, "application/json", "{\"b\":2}",
            -1, "If-Match", first, NULL);
      g_assert_cmpuint (post_stale.status, ==, 412);
      assert_document (fixture, paths[i], "{\"a\":1}");

      call (fixture, &delete_stale, "DELETE", paths[i], fixture->admin, NULL, NULL, 0,
            "If-Match", first, NULL);
      g_assert_cmpuint (delete_stale.status, ==, 412);
      assert_document (fixture, paths[i], "{\"a\":1}");
      {
        g_autofree char *current = quoted_sha1 ("{\"a\":1}", -1);

        call (fixture, &deleted, "DELETE", paths[i], fixture->admin, NULL, NULL, 0,
              "If-Match", current, NULL);
        g_assert_cmpuint (deleted.status, ==, 204);
      }
      assert_document (fixture, paths[i], NULL);
    }
}

/* A PUT of a profile over one that exists, without If-Match or
 * If-None-Match: 409, an explanation, and no change (3.1); a State may. */
static void
test_profile_conflict (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(GStrv) paths = g_new0 (char *, 3);

  paths[0] = path_of ("activities/profile", "activityId", ACTIVITY, "profileId", "p", NULL);
  paths[1] = path_of ("agents/profile", "agent", TANAKA, "profileId", "p", NULL);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_auto(Response) r = { 0 };
      g_autoptr(JsonNode) root = NULL;

      /* Without headers where there is nothing: stored. */
      put (fixture, paths[i], fixture->admin, "text/plain", "first");
      call (fixture, &r, "PUT", paths[i], fixture->admin, "text/plain", "second", -1, NULL);
      g_assert_cmpuint (r.status, ==, 409);
      root = parse (r.body);
      g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (root),
                                                               "error"), "If-Match"));
      assert_document (fixture, paths[i], "first");
    }
}

/* The Activity Profile resource: a document, the ids with since, a merge
 * and a deletion; no deletion of all (2.7). */
static void
test_activity_profile (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = path_of ("activities/profile", "activityId", ACTIVITY, "profileId",
                                   "settings", NULL);
  g_autofree char *ids = path_of ("activities/profile", "activityId", ACTIVITY, NULL);
  g_autofree char *other = path_of ("activities/profile", "activityId", OTHER_ACTIVITY, NULL);
  g_autofree char *future = path_of ("activities/profile", "activityId", ACTIVITY,
                                     "since", "2999-01-01T00:00:00Z", NULL);
  g_autofree char *etag = NULL;
  g_auto(Response) get = { 0 };
  g_auto(Response) merged = { 0 };
  g_auto(Response) all = { 0 };
  g_auto(Response) deleted = { 0 };

  call (fixture, &get, "PUT", path, fixture->admin, "application/json", "{\"lang\":\"ja\"}", -1,
        "If-None-Match", "*", NULL);
  g_assert_cmpuint (get.status, ==, 204);
  assert_ids (fixture, ids, "[\"settings\"]");
  assert_ids (fixture, other, "[]");
  assert_ids (fixture, future, "[]");

  etag = quoted_sha1 ("{\"lang\":\"ja\"}", -1);
  call (fixture, &merged, "POST", path, fixture->admin, "application/json", "{\"size\":2}", -1,
        "If-Match", etag, NULL);
  g_assert_cmpuint (merged.status, ==, 204);
  assert_document (fixture, path, "{\"lang\":\"ja\",\"size\":2}");

  call (fixture, &all, "DELETE", ids, fixture->admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (all.status, ==, 400);
  assert_document (fixture, path, "{\"lang\":\"ja\",\"size\":2}");
  call (fixture, &deleted, "DELETE", path, fixture->admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (deleted.status, ==, 204);
  assert_document (fixture, path, NULL);
}

/* The Agent Profile resource, the same for an agent (2.6); the agent is
 * matched by its identifier, not by its name. */
static void
test_agent_profile (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = path_of ("agents/profile", "agent", TANAKA, "profileId", "prefs", NULL);
  g_autofree char *named = path_of ("agents/profile", "agent",
                                    "{\"name\":\"田中\",\"account\":{\"homePage\":\"" HOME_PAGE "\","
                                    "\"name\":\"tanaka\"}}", "profileId", "prefs", NULL);
  g_autofree char *ids = path_of ("agents/profile", "agent", TANAKA, NULL);
  g_autofree char *group = path_of ("agents/profile", "agent",
                                    "{\"objectType\":\"Group\",\"account\":{\"homePage\":\""
                                    HOME_PAGE "\",\"name\":\"team\"}}", "profileId", "p", NULL);
  g_auto(Response) merged = { 0 };
  g_auto(Response) refused = { 0 };
  g_auto(Response) deleted = { 0 };

  put (fixture, path, fixture->learner, "application/json", "{\"theme\":\"dark\"}");
  assert_document (fixture, named, "{\"theme\":\"dark\"}");
  assert_ids (fixture, ids, "[\"prefs\"]");
  call (fixture, &merged, "POST", named, fixture->learner, "application/json",
        "{\"font\":\"large\"}", -1, NULL);
  g_assert_cmpuint (merged.status, ==, 204);
  assert_document (fixture, path, "{\"theme\":\"dark\",\"font\":\"large\"}");

  /* A Group is not an Agent here. */
  call (fixture, &refused, "PUT", group, fixture->admin, "text/plain", "x", -1, NULL);
  g_assert_cmpuint (refused.status, ==, 400);

  call (fixture, &deleted, "DELETE", path, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (deleted.status, ==, 204);
  assert_ids (fixture, ids, "[]");
}

/* Parameters: the required ones, well formed, and no others (400). */
static void
test_parameters (Fixture       *fixture,
                 gconstpointer  data)
{
  GString *nested = g_string_new (NULL);
  const char *methods[] = { "GET", "PUT", "POST", "DELETE" };
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (cases, path_of ("activities/state", "agent", TANAKA, "stateId", "s", NULL));
  g_ptr_array_add (cases, path_of ("activities/state", "activityId", ACTIVITY, "stateId", "s",
                                   NULL));
  g_ptr_array_add (cases, path_of ("activities/state", "activityId", "not an iri", "agent", TANAKA,
                                   "stateId", "s", NULL));
  g_ptr_array_add (cases, path_of ("activities/state", "activityId", ACTIVITY,
                                   "agent", "{\"name\":\"no id\"}", "stateId", "s", NULL));
  g_ptr_array_add (cases, path_of ("activities/state", "activityId", ACTIVITY, "agent", "{not json",
                                   "stateId", "s", NULL));
  g_ptr_array_add (cases, path_of ("activities/state", "activityId", ACTIVITY, "agent",
                                   "{\"mbox\":\"mailto:a@example.org\","
                                   "\"openid\":\"https://example.org/a\"}", "stateId", "s", NULL));
  g_ptr_array_add (cases, path_of ("activities/state", "activityId", ACTIVITY, "agent", TANAKA,
                                   "stateId", "s", "unknown", "1", NULL));
  g_ptr_array_add (cases, path_of ("activities/profile", "profileId", "p", NULL));
  g_ptr_array_add (cases, path_of ("activities/profile", "activityId", ACTIVITY, "agent", TANAKA,
                                   "profileId", "p", NULL));
  g_ptr_array_add (cases, path_of ("agents/profile", "profileId", "p", NULL));
  g_ptr_array_add (cases, path_of ("agents/profile", "agent", TANAKA, "activityId", ACTIVITY,
                                   "profileId", "p", NULL));
  /* An agent nested deeper than bodies may be: refused, not parsed. */
  for (guint i = 0; i < 200; i++)
    g_string_append (nested, "{\"a\":");
  g_ptr_array_add (cases, path_of ("activities/state", "activityId", ACTIVITY, "agent", nested->str,
                                   "stateId", "s", NULL));
  g_string_free (nested, TRUE);

  for (guint i = 0; i < cases->len; i++)
    for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
      {
        g_auto(Response) r = { 0 };
        gboolean body = m == 1 || m == 2;
        const char *path = g_ptr_array_index (cases, i);

        call (fixture, &r, methods[m], path, fixture->admin, body ? "application/json" : NULL,
              body ? "{}" : NULL, -1, NULL);
        if (r.status != 400)
          g_error ("%s %s: %u, not 400", methods[m], path, r.status);
      }

  /* A PUT or POST without the id, and since with an id. */
  {
    g_autofree char *no_id = state_path (TANAKA, NULL);
    g_autofree char *since_one = path_of ("activities/state", "activityId", ACTIVITY,
                                          "agent", TANAKA, "stateId", "s",
                                          "since", "2020-01-01T00:00:00Z", NULL);
    g_auto(Response) put_r = { 0 };
    g_auto(Response) post_r = { 0 };
    g_auto(Response) since_r = { 0 };

    call (fixture, &put_r, "PUT", no_id, fixture->admin, "text/plain", "x", -1, NULL);
    g_assert_cmpuint (put_r.status, ==, 400);
    call (fixture, &post_r, "POST", no_id, fixture->admin, "application/json", "{}", -1, NULL);
    g_assert_cmpuint (post_r.status, ==, 400);
    call (fixture, &since_r, "GET", since_one, fixture->admin, NULL, NULL, 0, NULL);
    g_assert_cmpuint (since_r.status, ==, 400);
  }
  /* And no resource under a resource's path. */
  {
    g_auto(Response) r = { 0 };

    call (fixture, &r, "GET", "activities/state/more", fixture->admin, NULL, NULL, 0, NULL);
    g_assert_cmpuint (r.status, ==, 404);
  }
}

/* Who may do what: credentials on every resource (401), learners their
 * own agent's State and Agent Profile, and read Activity Profiles (403);
 * administrators everything. */
static void
test_access (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *own_state = state_path (TANAKA, "s");
  g_autofree char *other_state = state_path (SUZUKI, "s");
  g_autofree char *other_states = state_path (SUZUKI, NULL);
  g_autofree char *own_profile = path_of ("agents/profile", "agent", TANAKA, "profileId", "p",
                                          NULL);
  g_autofree char *other_profile = path_of ("agents/profile", "agent", SUZUKI, "profileId", "p",
                                            NULL);
  g_autofree char *other_profiles = path_of ("agents/profile", "agent", SUZUKI, NULL);
  g_autofree char *activity_profile = path_of ("activities/profile", "activityId", ACTIVITY,
                                               "profileId", "p", NULL);
  g_autofree char *activity_profiles = path_of ("activities/profile", "activityId", ACTIVITY, NULL);
  g_autofree char *other_person = path_of ("agents", "agent", SUZUKI, NULL);
  g_autofree char *own_person = path_of ("agents", "agent", TANAKA, NULL);
  g_autofree char *activity = path_of ("activities", "activityId", ACTIVITY, NULL);
  g_autofree char *wrong = g_strconcat (fixture->learner, "x", NULL);
  /* Past a few wrong secrets the key is locked (429): the other resources
   * get a key no account has, which is refused as it is. */
  const char *unknown = "no-such-key:no-such-secret";
  const char *all[] = {
    own_state, own_profile, activity_profile, activity_profiles, own_person, activity, "statements",
  };
  const char *methods[] = { "GET", "HEAD", "PUT", "POST", "DELETE" };
  struct {
    const char *method, *path;
    guint learner;
  } rules[] = {
    { "PUT", own_state, 204 }, { "POST", own_state, 204 }, { "GET", own_state, 200 },
    { "DELETE", own_state, 204 },
    { "PUT", other_state, 403 }, { "POST", other_state, 403 }, { "GET", other_state, 403 },
    { "HEAD", other_state, 403 }, { "DELETE", other_state, 403 }, { "GET", other_states, 403 },
    { "DELETE", other_states, 403 },
    { "PUT", own_profile, 204 }, { "GET", own_profile, 200 }, { "DELETE", own_profile, 204 },
    { "PUT", other_profile, 403 }, { "POST", other_profile, 403 }, { "GET", other_profile, 403 },
    { "DELETE", other_profile, 403 }, { "GET", other_profiles, 403 },
    { "PUT", activity_profile, 403 }, { "POST", activity_profile, 403 },
    { "DELETE", activity_profile, 403 }, { "GET", activity_profile, 404 },
    { "GET", activity_profiles, 200 },
    { "GET", other_person, 403 }, { "GET", own_person, 200 }, { "GET", activity, 200 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
      {
        g_auto(Response) none = { 0 };
        g_auto(Response) bad = { 0 };

        call (fixture, &none, methods[m], all[i], NULL, "application/json", "{}", -1, NULL);
        g_assert_cmpuint (none.status, ==, 401);
        /* A wrong secret costs a hash by design: once per resource. */
        if (m > 0)
          continue;
        call (fixture, &bad, methods[m], all[i], i == 0 ? wrong : unknown, "application/json",
              "{}", -1, NULL);
        g_assert_cmpuint (bad.status, ==, 401);
      }

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_auto(Response) learner = { 0 };
      gboolean body = g_str_equal (rules[i].method, "PUT") || g_str_equal (rules[i].method, "POST");

      call (fixture, &learner, rules[i].method, rules[i].path, fixture->learner,
            body ? "application/json" : NULL, body ? "{}" : NULL, -1, NULL);
      if (learner.status != rules[i].learner)
        g_error ("learner %s %s: %u, not %u", rules[i].method, rules[i].path, learner.status,
                 rules[i].learner);
    }

  /* The administrator may do all of it, a profile PUT with If-None-Match. */
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_auto(Response) admin = { 0 };
      gboolean body = g_str_equal (rules[i].method, "PUT") || g_str_equal (rules[i].method, "POST");

      call (fixture, &admin, rules[i].method, rules[i].path, fixture->admin,
            body ? "application/json" : NULL, body ? "{}" : NULL, -1, NULL);
      if (admin.status == 401 || admin.status == 403 || admin.status >= 500)
        g_error ("admin %s %s: %u", rules[i].method, rules[i].path, admin.status);
    }
}

/* HEAD on every xAPI resource: as GET, without the body (1.1). */
static void
test_head (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *state = state_path (TANAKA, "s");
  g_autofree char *states = state_path (TANAKA, NULL);
  g_autofree char *activity_profile = path_of ("activities/profile", "activityId", ACTIVITY,
                                               "profileId", "p", NULL);
  g_autofree char *agent_profile = path_of ("agents/profile", "agent", TANAKA, "profileId", "p",
                                            NULL);
  g_autofree char *person = path_of ("agents", "agent", TANAKA, NULL);
  g_autofree char *activity = path_of ("activities", "activityId", ACTIVITY, NULL);
  g_autofree char *missing = state_path (TANAKA, "missing");
  const char *paths[] = {
    "about", "statements", state, states, activity_profile, agent_profile, person, activity,
    missing,
  };

  put (fixture, state, fixture->admin, "text/plain", "state");
  put (fixture, activity_profile, fixture->admin, "text/plain", "activity profile");
  put (fixture, agent_profile, fixture->admin, "text/plain", "agent profile");

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Response) get = { 0 };
      g_auto(Response) head = { 0 };

      call (fixture, &get, "GET", paths[i], fixture->admin, NULL, NULL, 0, NULL);
      call (fixture, &head, "HEAD", paths[i], fixture->admin, NULL, NULL, 0, NULL);
      g_assert_cmpuint (head.status, ==, get.status);
      g_assert_cmpstr (head.body, ==, "");
      g_assert_cmpstr (header (&head, "Content-Type"), ==, header (&get, "Content-Type"));
      g_assert_cmpstr (header (&head, "ETag"), ==, header (&get, "ETag"));
      g_assert_cmpstr (header (&head, "Last-Modified"), ==, header (&get, "Last-Modified"));
      if (i != G_N_ELEMENTS (paths) - 1)
        {
          g_assert_cmpuint (get.status, ==, 200);
          g_assert_cmpstr (get.body, !=, "");
        }
      else
        g_assert_cmpuint (get.status, ==, 404);
    }
}

/* The Agents resource: a Person object, of arrays, for any Agent, and
 * only for an Agent (2.4). */
static void
test_agents (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *known = path_of ("agents", "agent",
                                    "{\"name\":\"田中\",\"account\":{\"homePage\":\""
                                    HOME_PAGE "\",\"name\":\"tanaka\"}}", NULL);
  g_autofree char *unknown = path_of ("agents", "agent",
                                      "{\"mbox\":\"mailto:visitor@example.org\"}", NULL);
  g_autofree char *group = path_of ("agents", "agent", "{\"objectType\":\"Group\",\"mbox\":"
                                    "\"mailto:team@example.org\"}", NULL);
  g_auto(Response) r = { 0 };
  g_auto(Response) visitor = { 0 };
  g_auto(Response) refused = { 0 };
  g_auto(Response) missing = { 0 };
  g_auto(Response) put_r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) other = NULL;
  JsonObject *person;

  call (fixture, &r, "GET", known, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  root = parse (r.body);
  person = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (person, "objectType"), ==, "Person");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (person, "name"), 0),
                   ==, "田中");
  {
    JsonArray *accounts = json_object_get_array_member (person, "account");

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 0),
                                                    "name"), ==, "tanaka");
  }
  g_assert_cmpuint (json_object_get_size (person), ==, 3);

  call (fixture, &visitor, "GET", unknown, fixture->admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (visitor.status, ==, 200);
  other = parse (visitor.body);
  person = json_node_get_object (other);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (person, "mbox"), 0),
                   ==, "mailto:visitor@example.org");

  call (fixture, &refused, "GET", group, fixture->admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (refused.status, ==, 400);
  call (fixture, &missing, "GET", "agents", fixture->admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (missing.status, ==, 400);
  call (fixture, &put_r, "PUT", known, fixture->admin, "application/json", "{}", -1, NULL);
  g_assert_cmpuint (put_r.status, ==, 405);
}

/* The Activities resource: the definition statements gave the activity,
 * and an Activity object for one the server does not know (2.5). */
static void
test_activities (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = path_of ("activities", "activityId", ACTIVITY, NULL);
  g_autofree char *unknown = path_of ("activities", "activityId", OTHER_ACTIVITY, NULL);
  g_autofree char *statement = g_strdup_printf (
    "{\"actor\":%s,\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\"},"
    "\"object\":{\"id\":\"" ACTIVITY "\",\"definition\":{\"name\":{\"ja-JP\":\"再開\","
    "\"en-US\":\"Resume\"},\"type\":\"http://adlnet.gov/expapi/activities/lesson\"}}}", TANAKA);
  g_auto(Response) stored = { 0 };
  g_auto(Response) r = { 0 };
  g_auto(Response) bare = { 0 };
  g_auto(Response) refused = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) bare_root = NULL;
  JsonObject *activity, *definition;

  call (fixture, &stored, "POST", "statements", fixture->learner, "application/json", statement, -1,
        NULL);
  g_assert_cmpuint (stored.status, ==, 200);

  call (fixture, &r, "GET", path, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  root = parse (r.body);
  activity = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (activity, "id"), ==, ACTIVITY);
  g_assert_cmpstr (json_object_get_string_member (activity, "objectType"), ==, "Activity");
  definition = json_object_get_object_member (activity, "definition");
  g_assert_nonnull (definition);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (definition, "name"), "ja-JP"), ==, "再開");
  g_assert_cmpstr (json_object_get_string_member (definition, "type"), ==,
                   "http://adlnet.gov/expapi/activities/lesson");

  call (fixture, &bare, "GET", unknown, fixture->learner, NULL, NULL, 0, NULL);
  g_assert_cmpuint (bare.status, ==, 200);
  bare_root = parse (bare.body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (bare_root), "id"), ==,
                   OTHER_ACTIVITY);
  g_assert_false (json_object_has_member (json_node_get_object (bare_root), "definition"));

  call (fixture, &refused, "GET", "activities?activityId=not%20an%20iri", fixture->admin, NULL,
        NULL, 0, NULL);
  g_assert_cmpuint (refused.status, ==, 400);
}

/* A document over the body limit: 413, and nothing stored; a merge that
 * would grow past it neither (2.2, with the server's limits). */
static void
test_size_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = state_path (TANAKA, "large");
  g_autofree char *large = g_strnfill (65537, 'x');
  g_autofree char *half = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_auto(Response) r = { 0 };
  g_auto(Response) merged = { 0 };

  call (fixture, &r, "PUT", path, fixture->learner, "text/plain", large, -1, NULL);
  g_assert_cmpuint (r.status, ==, 413);
  assert_document (fixture, path, NULL);

  half = g_strnfill (40000, 'y');
  first = g_strdup_printf ("{\"a\":\"%s\"}", half);
  second = g_strdup_printf ("{\"b\":\"%s\"}", half);
  put (fixture, path, fixture->learner, "application/json", first);
  call (fixture, &merged, "POST", path, fixture->learner, "application/json", second, -1, NULL);
  g_assert_cmpuint (merged.status, ==, 413);
  assert_document (fixture, path, first);
}

/* The alternate request syntax reaches the documents too (1.3): a PUT and
 * a GET as form posts, headers as form fields. */
static void
test_alternate_syntax (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = state_path (TANAKA, "form");
  g_autofree char *authorization = basic_authorization (fixture->learner);
  g_autofree char *put_form = NULL;
  g_autofree char *get_form = NULL;
  g_auto(Response) put_r = { 0 };
  g_auto(Response) get = { 0 };

  put_form = soup_form_encode ("activityId", ACTIVITY, "agent", TANAKA, "stateId", "form",
                               "Authorization", authorization, "X-Experience-API-Version", "1.0.3",
                               "Content-Type", "application/json", "content", "{\"page\":\"三\"}",
                               NULL);
  get_form = soup_form_encode ("activityId", ACTIVITY, "agent", TANAKA, "stateId", "form",
                               "Authorization", authorization, "X-Experience-API-Version", "1.0.3",
                               NULL);

  call (fixture, &put_r, "POST", "activities/state?method=PUT", NULL,
        "application/x-www-form-urlencoded", put_form, -1, NULL);
  g_assert_cmpuint (put_r.status, ==, 204);
  assert_document (fixture, path, "{\"page\":\"三\"}");
  call (fixture, &get, "POST", "activities/state?method=GET", NULL,
        "application/x-www-form-urlencoded", get_form, -1, NULL);
  g_assert_cmpuint (get.status, ==, 200);
  g_assert_cmpstr (get.body, ==, "{\"page\":\"三\"}");
  g_assert_cmpstr (header (&get, "Content-Type"), ==, "application/json");
}

/* Hostile JSON in a merge is bounded as statements are: refused with 400,
 * the stored document kept. */
static void
test_hostile_json (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = state_path (TANAKA, "hostile");
  GString *deep = g_string_new ("{\"a\":");
  g_auto(Response) r = { 0 };

  for (guint i = 0; i < 20000; i++)
    g_string_append_c (deep, '[');
  put (fixture, path, fixture->learner, "application/json", "{\"kept\":1}");
  call (fixture, &r, "POST", path, fixture->learner, "application/json", deep->str, deep->len,
        NULL);
  g_string_free (deep, TRUE);
  g_assert_cmpuint (r.status, ==, 400);
  assert_document (fixture, path, "{\"kept\":1}");
}

/* Independent xAPI clients from npm, @xapi/xapi and TinCanJS, use State
 * and Activity Profile: set, get, merge, delete. */
static void
test_peers (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = fixture_run_peer (fixture, "documents.js", fixture->admin, "tanaka");

  g_assert_nonnull (strstr (out, "ok - @xapi/xapi State and Activity Profile"));
  g_assert_nonnull (strstr (out, "ok - TinCanJS State and Activity Profile"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/awareness/documents/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("state-put-get", test_state_put_get);
  ADD ("state-post-merge", test_state_post_merge);
  ADD ("state-post-refused", test_state_post_refused);
  ADD ("state-ids-since", test_state_ids_since);
  ADD ("state-delete", test_state_delete);
  ADD ("state-registration", test_state_registration);
  ADD ("concurrency", test_concurrency);
  ADD ("profile-conflict", test_profile_conflict);
  ADD ("activity-profile", test_activity_profile);
  ADD ("agent-profile", test_agent_profile);
  ADD ("parameters", test_parameters);
  ADD ("access", test_access);
  ADD ("head", test_head);
  ADD ("agents", test_agents);
  ADD ("activities", test_activities);
  ADD ("size-limit", test_size_limit);
  ADD ("alternate-syntax", test_alternate_syntax);
  ADD ("hostile-json", test_hostile_json);
  ADD ("peers", test_peers);
#undef ADD

  {
    int status = g_test_run ();

    fixture_template_clear ();
    /* No idle worker thread of the TLS handshakes left at exit: the
     * thread-local storage of one confuses LeakSanitizer's scan. */
    g_thread_pool_set_max_unused_threads (0);
    g_thread_pool_stop_unused_threads ();
    return status;
  }
}
