/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Phishing-drill campaigns against the real server on loopback over
 * HTTPS, through the CLI an administrator uses and the admin API: made
 * for a department with an exclusion, each recipient at a random time in
 * the window, shown, reported per department as JSON and as CSV with a
 * BOM and Japanese headers, cancelled, and the kill switch; refused to
 * staff and for a template the published content does not hold.
 */
#include <string.h>

#include "awareness.h"
#include "lrs-fixture.h"
#include "smtp-sink.h"

/* The relay drills are sent through, for the whole run. */
static SmtpSink sink;

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static int
cli (Fixture     *fixture,
     char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  /* run_cli takes a NULL-terminated list: at most fourteen here. */
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_assert_cmpuint (args->len, <=, 14);
  while (args->len < 14)
    g_ptr_array_add (args, NULL);
  return run_cli (fixture, NULL, out, err, "admin", "drill",
                  g_ptr_array_index (args, 0), g_ptr_array_index (args, 1),
                  g_ptr_array_index (args, 2), g_ptr_array_index (args, 3),
                  g_ptr_array_index (args, 4), g_ptr_array_index (args, 5),
                  g_ptr_array_index (args, 6), g_ptr_array_index (args, 7),
                  g_ptr_array_index (args, 8), g_ptr_array_index (args, 9),
                  g_ptr_array_index (args, 10), g_ptr_array_index (args, 11),
                  g_ptr_array_index (args, 12), g_ptr_array_index (args, 13), NULL);
}

static gint64
unix_of (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

static void
test_campaign (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) results = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autofree char *id = NULL;
  JsonArray *recipients;
  gint64 from, until;
  int status;
  static const char * const somu[] = { "s01", "s02", "s03" };

  fixture_publish_content (fixture);
  /* Three more in 総務課 (tanaka is there already), one elsewhere. */
  for (guint i = 0; i < G_N_ELEMENTS (somu); i++)
    g_free (run_server_command (fixture->config, "add-account", "--staff-id", somu[i],
                                "--department", "総務課", NULL));
  g_free (run_server_command (fixture->config, "add-account", "--staff-id", "z01",
                              "--department", "税務課", NULL));

  status = cli (fixture, &out, &err, "create", "list-request", "--department", "総務課",
                "--from", "2026-12-07", "--until", "2026-12-11", "--ends", "2026-12-25",
                "--exclude", "s02", NULL);
  if (status != 0)
    g_error ("create (%d): %s[%s]", status, out, err);
  created = parse (out);
  id = g_strdup (json_object_get_string_member (json_node_get_object (created), "id"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (created), "state"), ==,
                   "scheduled");
  /* tanaka, s01 and s03: not s02 (excluded), not z01 (another department). */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (created), "recipients"),
                   ==, 3);
  from = unix_of (json_object_get_string_member (json_node_get_object (created), "send_from"));
  until = unix_of (json_object_get_string_member (json_node_get_object (created), "send_until"));
  /* Days in Japan time. */
  g_assert_cmpint (from, ==, unix_of ("2026-12-07T00:00:00+09:00"));
  g_assert_cmpint (until, ==, unix_of ("2026-12-11T00:00:00+09:00"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "show", id, NULL), ==, 0);
  shown = parse (out);
  recipients = json_object_get_array_member (json_node_get_object (shown), "recipients");
  g_assert_cmpuint (json_array_get_length (recipients), ==, 3);
  for (guint i = 0; i < json_array_get_length (recipients); i++)
    {
      JsonObject *r = json_array_get_object_element (recipients, i);
      gint64 at = unix_of (json_object_get_string_member (r, "send_at"));

      g_assert_cmpstr (json_object_get_string_member (r, "staff_id"), !=, "s02");
      g_assert_cmpstr (json_object_get_string_member (r, "department"), ==, "総務課");
      g_assert_cmpint (at, >=, from);
      g_assert_cmpint (at, <, until);
      /* Not sent: the SMTP sender is not connected yet. */
      g_assert_true (json_node_is_null (json_object_get_member (r, "sent_at")));
    }
  g_assert_cmpstr (json_array_get_string_element (
                       json_object_get_array_member (json_node_get_object (shown), "exclude"), 0),
                   ==, "s02");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "report", id, NULL), ==, 0);
  results = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (results)), ==, 2);
  {
    JsonObject *row = json_array_get_object_element (json_node_get_array (results), 0);
    JsonObject *all = json_array_get_object_element (json_node_get_array (results), 1);

    g_assert_cmpstr (json_object_get_string_member (row, "department"), ==, "総務課");
    g_assert_cmpint (json_object_get_int_member (row, "recipients"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (row, "sent"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (row, "clicked"), ==, 0);
    g_assert_true (json_node_is_null (json_object_get_member (row, "first_report_seconds")));
    g_assert_true (json_node_is_null (json_object_get_member (all, "department")));
  }

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "report", id, "--format", "csv", "--bom",
                        "--japanese-headers", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "\xEF\xBB\xBF所属,対象者数,送信数,配信数,クリック数,報告数,"
                                        "クリック前の報告数,最初の報告までの分数\r\n"));
  g_assert_nonnull (strstr (out, "\r\n総務課,3,0,0,0,0,0,\r\n全体,3,0,0,0,0,0,\r\n"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "list", NULL), ==, 0);
  listed = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);

  /* The kill switch, then resumed. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "stop", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"stopped\":true"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "resume", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"stopped\":false"));

  /* Cancelled: kept, with its state. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "cancel", id, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"state\":\"cancelled\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "cancel", "no-such-drill", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "There is no drill with this id"));
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;

  fixture_publish_content (fixture);

  g_assert_cmpint (cli (fixture, &out, &err, "create", "no-such-template", "--from",
                        "2026-12-07", "--until", "2026-12-11", "--ends", "2026-12-25", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "must name a drill template of the published content"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "create", "list-request", "--from", "2026-12-11",
                        "--until", "2026-12-07", "--ends", "2026-12-25", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "The send window must begin before it ends"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "create", "list-request", "--from", "2026-12-07",
                        NULL),
                   ==, 2);

  /* Staff cannot see or make drills: signed in as tanaka. */
  {
    g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server",
                                                   "test-cert.pem", NULL);
    g_autofree char *key = key_of (fixture->learner);
    g_autofree char *secret = secret_line (fixture->learner);
    g_autofree char *out2 = NULL, *err2 = NULL;

    g_assert_cmpint (run_cli (fixture, secret, &out2, &err2, "login", "--server", fixture->base,
                              "--user", key, "--ca-file", cert, NULL),
                     ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (cli (fixture, &out, &err, "list", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "Only administrators can run drills"));
  }
}

/* A GET of @path (relative to the xAPI base) with @headers (name, value,
 * …, NULL); the body returned. */
static char *
get (Fixture     *fixture,
     const char  *path,
     guint       *status,
     char       **csp,
     ...)
{
  g_autofree char *uri = g_strconcat (fixture->base, path, NULL);
  g_autoptr(SoupMessage) msg = fixture_message_new ("GET", uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  va_list ap;

  va_start (ap, csp);
  while ((name = va_arg (ap, const char *)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), name,
                                  va_arg (ap, const char *));
  va_end (ap);
  bytes = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (csp != NULL)
    *csp = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "Content-Security-Policy"));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
assert_no_form (const char *page)
{
  g_assert_null (strstr (page, "<form"));
  g_assert_null (strstr (page, "<input"));
  g_assert_null (strstr (page, "<textarea"));
  g_assert_null (strstr (page, "<script"));
}

static JsonObject *
report_row (Fixture    *fixture,
            const char *id,
            JsonNode  **holder)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (cli (fixture, &out, &err, "report", id, NULL), ==, 0);
  *holder = parse (out);
  return json_array_get_object_element (json_node_get_array (*holder), 0);
}

/* A send window that has just closed, so that every message is due now,
 * and an end tomorrow. */
static void
due_window (char **from,
            char **until,
            char **ends)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_hours (now, -2);
  g_autoptr(GDateTime) just = g_date_time_add_seconds (now, -5);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  *from = g_date_time_format_iso8601 (before);
  *until = g_date_time_format_iso8601 (just);
  *ends = g_date_time_format_iso8601 (tomorrow);
}

/* Sent to the outbox ([drills] outbox, a dry run), each message
 * with its own token; the link's first page records a scan, the second a
 * click, once, with its statement; unknown and cancelled tokens show the
 * neutral page and record nothing. */
static void
test_landing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *from = NULL, *until = NULL, *ends = NULL;
  g_autofree char *out = NULL, *err = NULL, *id = NULL;
  g_autofree char *outbox = g_build_filename (fixture->dir, "outbox", NULL);
  g_autofree char *token_a = NULL, *token_b = NULL, *staff_a = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog =
      awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  AwarenessDrill *template = awareness_catalog_lookup_drill (catalog, "list-request");
  const char *name;
  guint n_files = 0;

  g_assert_no_error (error);
  due_window (&from, &until, &ends);
  fixture_publish_content (fixture);
  g_free (run_server_command (fixture->config, "add-account", "--staff-id", "s01",
                              "--department", "総務課", NULL));
  g_assert_cmpint (cli (fixture, &out, &err, "create", "list-request", "--department", "総務課",
                        "--from", from, "--until", until, "--ends", ends, NULL), ==, 0);
  created = parse (out);
  id = g_strdup (json_object_get_string_member (json_node_get_object (created), "id"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "send", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"sent\":2"));
  /* Sent once: nothing is due any more. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "send", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"sent\":0"));

  dir = g_dir_open (outbox, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (outbox, name, NULL);
      g_autofree char *message = NULL;
      g_autofree char *token = NULL;

      g_assert_true (g_file_get_contents (path, &message, NULL, NULL));
      token = awareness_drill_find_token (message);
      g_assert_nonnull (token);
      /* 256 bits in base64url. */
      g_assert_cmpuint (strlen (token), ==, 43);
      g_assert_nonnull (strstr (message, "\r\nSubject: =?UTF-8?B?"));
      g_assert_true (g_str_has_prefix (message, "From: =?UTF-8?B?"));
      n_files++;
      /* s01's link is clicked, tanaka's message reported first. */
      if (g_str_has_suffix (name, "-s01.eml"))
        token_a = g_steal_pointer (&token);
      else if (g_str_has_suffix (name, "-tanaka.eml"))
        token_b = g_steal_pointer (&token);
    }
  staff_a = g_strdup ("s01");
  g_assert_cmpuint (n_files, ==, 2);
  g_assert_nonnull (token_a);
  g_assert_nonnull (token_b);
  g_assert_cmpstr (token_a, !=, token_b);

  /* The link in the message: a neutral page, no form, a scan only. */
  {
    g_autofree char *path = g_strconcat ("../drill/", token_a, NULL);
    g_autofree char *csp = NULL;
    g_autofree char *page = NULL;
    g_autoptr(JsonNode) holder = NULL;
    JsonObject *row;
    guint status;

    page = get (fixture, path, &status, &csp, "Accept-Language", "ja", NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (strstr (page, "<html lang=\"ja\">"));
    g_assert_nonnull (strstr (page, "/open?lang=ja\""));
    g_assert_null (strstr (page, "訓練"));
    assert_no_form (page);
    g_assert_nonnull (strstr (csp, "default-src 'none'"));
    g_assert_null (strstr (csp, "script-src"));
    row = report_row (fixture, id, &holder);
    g_assert_cmpint (json_object_get_int_member (row, "sent"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (row, "clicked"), ==, 0);
  }

  /* The deliberate click: in English, the signs of this message. */
  {
    g_autofree char *path = g_strconcat ("../drill/", token_a, "/open?lang=en", NULL);
    g_autofree char *page = NULL;
    g_autofree char *again = NULL;
    g_autofree char *statements = NULL;
    g_autofree char *authorization = basic_authorization (fixture->admin);
    g_autofree char *agent = NULL;
    g_autofree char *query = NULL;
    g_autofree char *escaped = NULL;
    g_auto(GStrv) signs = awareness_drill_dup_signs (template, "en",
                                                     AWARENESS_TEXT_FORMAT_MARKUP);
    g_autoptr(JsonNode) holder = NULL;
    g_autoptr(JsonNode) result = NULL;
    JsonObject *row;
    guint status;

    page = get (fixture, path, &status, NULL, "Accept-Language", "ja", NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (strstr (page, "This was a drill"));
    g_assert_nonnull (strstr (page, signs[0]));
    g_assert_nonnull (strstr (page, "What to do next time"));
    assert_no_form (page);
    again = get (fixture, path, &status, NULL, NULL);
    g_assert_cmpuint (status, ==, 200);
    row = report_row (fixture, id, &holder);
    g_assert_cmpint (json_object_get_int_member (row, "clicked"), ==, 1);

    /* One statement about that member of staff. */
    agent = g_strdup_printf ("{\"account\":{\"homePage\":\"" HOME_PAGE
                             "\",\"name\":\"%s\"}}", staff_a);
    escaped = g_uri_escape_string (agent, NULL, FALSE);
    query = g_strdup_printf ("statements?verb=%s&agent=%s",
                             "http%3A%2F%2Fadlnet.gov%2Fexpapi%2Fverbs%2Finteracted", escaped);
    statements = get (fixture, query, &status, NULL, "Authorization", authorization,
                      "X-Experience-API-Version", "1.0.3", NULL);
    g_assert_cmpuint (status, ==, 200);
    result = parse (statements);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                          json_node_get_object (result), "statements")), ==, 1);
  }

  /* tanaka reports the message before clicking: by its headers, then
   * again by its subject alone (recorded once); a message that is no
   * drill is not. */
  {
    g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server",
                                                   "test-cert.pem", NULL);
    g_autofree char *key = key_of (fixture->learner);
    g_autofree char *secret = secret_line (fixture->learner);
    g_autofree char *headers = g_strdup_printf ("Received: by relay\nSubject: x\n"
                                                "X-Awareness-Drill: %s\n", token_b);
    g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
    g_autofree char *o4 = NULL, *e4 = NULL;
    g_autoptr(JsonNode) holder = NULL;
    JsonObject *row;

    g_assert_cmpint (run_cli (fixture, secret, &o1, &e1, "login", "--server", fixture->base,
                              "--user", key, "--ca-file", cert, NULL),
                     ==, 0);
    g_assert_cmpint (run_cli (fixture, headers, &o2, &e2, "report-mail", NULL), ==, 0);
    g_assert_nonnull (strstr (o2, "this message was a drill"));
    g_assert_cmpint (run_cli (fixture, NULL, &o3, &e3, "report-mail", "--subject",
                              awareness_drill_get_subject (template, "ja"), NULL),
                     ==, 0);
    g_assert_nonnull (strstr (o3, "this message was a drill"));
    g_assert_cmpint (run_cli (fixture, "Subject: Lunch on Friday\n", &o4, &e4, "report-mail",
                              NULL),
                     ==, 0);
    g_assert_nonnull (strstr (o4, "not one of Awareness's drills"));
    g_assert_nonnull (strstr (o4, "as the City's procedures say"));
    /* Back to the administrator. */
    {
      g_autofree char *admin_key = key_of (fixture->admin);
      g_autofree char *admin_secret = secret_line (fixture->admin);
      g_autofree char *o5 = NULL, *e5 = NULL;

      g_assert_cmpint (run_cli (fixture, admin_secret, &o5, &e5, "login", "--server",
                                fixture->base, "--user", admin_key, "--ca-file", cert, NULL),
                       ==, 0);
    }
    row = report_row (fixture, id, &holder);
    g_assert_cmpint (json_object_get_int_member (row, "reported"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (row, "reported_before_click"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (row, "clicked"), ==, 1);
    g_assert_false (json_node_is_null (json_object_get_member (row, "first_report_seconds")));
  }

  /* Unknown, and cancelled: the neutral page, nothing recorded. */
  {
    g_autofree char *unknown = NULL;
    g_autofree char *cancelled = NULL;
    g_autofree char *path = g_strconcat ("../drill/", token_b, "/open", NULL);
    g_autoptr(JsonNode) holder = NULL;
    JsonObject *row;
    guint status;

    unknown = get (fixture, "../drill/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/open", &status,
                   NULL, NULL);
    g_assert_cmpuint (status, ==, 404);
    assert_no_form (unknown);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (cli (fixture, &out, &err, "cancel", id, NULL), ==, 0);
    cancelled = get (fixture, path, &status, NULL, NULL);
    g_assert_cmpuint (status, ==, 404);
    g_assert_null (strstr (cancelled, "drill"));
    row = report_row (fixture, id, &holder);
    g_assert_cmpint (json_object_get_int_member (row, "clicked"), ==, 1);
  }
}

/* Through the City's relay: one message per person with an address in
 * the roster, in their language, each with its own link; someone without
 * an address is recorded as failed, not sent. */
static void
test_smtp (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *from = NULL, *until = NULL, *ends = NULL;
  g_autofree char *out = NULL, *err = NULL, *set_out = NULL, *set_err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog =
    awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  AwarenessDrill *template = awareness_catalog_lookup_drill (catalog, "list-request");
  g_autoptr(JsonNode) received = NULL;
  JsonObject *message;
  const char *text;

  if (sink.process == NULL)
    {
      g_test_skip ("The npm peers are not installed: run “npm ci --prefix tests/peers”");
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (template);
  due_window (&from, &until, &ends);
  fixture_publish_content (fixture);
  g_free (run_server_command (fixture->config, "add-account", "--staff-id", "s01",
                              "--department", "総務課", NULL));
  g_assert_cmpint (run_cli (fixture, NULL, &set_out, &set_err, "admin", "accounts", "set", "s01",
                            "--email", "s01@city.example", "--language", "en", NULL), ==, 0);
  g_assert_cmpint (cli (fixture, &out, &err, "create", "list-request", "--department", "総務課",
                        "--from", from, "--until", until, "--ends", ends, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* tanaka (総務課 too) has no address in the roster. */
  g_assert_cmpint (cli (fixture, &out, &err, "send", NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "\"sent\":1"));

  received = smtp_sink_next (&sink);
  g_assert_nonnull (received);
  message = json_node_get_object (received);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (message, "to"), 0),
                   ==, "s01@city.example");
  g_assert_cmpstr (json_object_get_string_member (message, "subject"), ==,
                   awareness_drill_get_subject (template, "en"));
  g_assert_cmpstr (json_object_get_string_member (message, "charset"), ==, "UTF-8");
  text = json_object_get_string_member (message, "text");
  g_assert_nonnull (strstr (text, "/drill/"));
  g_assert_null (strstr (text, "{link}"));

  /* tanaka's failure is kept, with its reason, and tried again. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "send", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"sent\":0"));
}

/* The server's own timer sends what is due, without anyone asking: the
 * message arrives at the relay and the drill counts it as sent. */
static void
test_timer (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *from = NULL, *until = NULL, *ends = NULL;
  g_autofree char *out = NULL, *err = NULL, *set_out = NULL, *set_err = NULL, *id = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) received = NULL;
  g_autoptr(JsonNode) holder = NULL;

  if (sink.process == NULL)
    {
      g_test_skip ("The npm peers are not installed: run “npm ci --prefix tests/peers”");
      return;
    }
  due_window (&from, &until, &ends);
  fixture_publish_content (fixture);
  g_assert_cmpint (run_cli (fixture, NULL, &set_out, &set_err, "admin", "accounts", "set",
                            "tanaka", "--email", "tanaka@city.example", NULL), ==, 0);
  g_assert_cmpint (cli (fixture, &out, &err, "create", "list-request", "--department", "総務課",
                        "--from", from, "--until", until, "--ends", ends, NULL), ==, 0);
  created = parse (out);
  id = g_strdup (json_object_get_string_member (json_node_get_object (created), "id"));

  /* No "send": the next round of the timer (every second here). */
  received = smtp_sink_next (&sink);
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_node_get_object (received), "to"), 0),
                   ==, "tanaka@city.example");
  g_assert_cmpint (json_object_get_int_member (report_row (fixture, id, &holder), "sent"), ==, 1);
}

/* The token of the message to @staff_id in the outbox. */
static char *
outbox_token (Fixture    *fixture,
              const char *staff_id)
{
  g_autofree char *outbox = g_build_filename (fixture->dir, "outbox", NULL);
  g_autofree char *suffix = g_strconcat ("-", staff_id, ".eml", NULL);
  g_autoptr(GDir) dir = g_dir_open (outbox, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, suffix))
      {
        g_autofree char *path = g_build_filename (outbox, name, NULL);
        g_autofree char *message = NULL;

        g_assert_true (g_file_get_contents (path, &message, NULL, NULL));
        return awareness_drill_find_token (message);
      }
  g_assert_not_reached ();
}

/* POSTs the statements @texts (JSON) as @credentials. */
static void
post_statements (Fixture    *fixture,
                 const char *credentials,
                 GPtrArray  *texts)
{
  g_autofree char *uri = g_strconcat (fixture->base, "statements", NULL);
  g_autofree char *authorization = basic_authorization (credentials);
  g_autoptr(SoupMessage) msg = fixture_message_new ("POST", uri);
  g_autoptr(GString) batch = g_string_new ("[");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (batch, "%s%s", i > 0 ? "," : "", (char *) texts->pdata[i]);
  g_string_append_c (batch, ']');
  body = g_bytes_new (batch->str, batch->len);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  /* Not on the connection of the click, which the server has cut off
   * while the CLI ran (idle past client-timeout-seconds). */
  soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "X-Experience-API-Version", "1.0.3");
  response = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

/* Signs the CLI in as @credentials. */
static void
login_as (Fixture    *fixture,
          const char *credentials)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *key = key_of (credentials);
  g_autofree char *secret = secret_line (credentials);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (fixture, secret, &out, &err, "login", "--server", fixture->base,
                            "--user", key, "--ca-file", cert, NULL), ==, 0);
}

/* A deliberate click assigns the follow-up module to that person, due in
 * the campaign's days: the reports and the reminders include it, the
 * learner's machine shows it after a sync, and once they pass it after
 * the click it is gone everywhere. */
static void
test_follow_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *from = NULL, *until = NULL, *ends = NULL;
  g_autofree char *out = NULL, *err = NULL, *token = NULL, *path = NULL, *page = NULL;
  g_autofree char *report = NULL, *report_err = NULL, *remind = NULL, *remind_err = NULL;
  g_autofree char *set_out = NULL, *set_err = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 10);
  g_autofree char *due = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *finished = g_date_time_format_iso8601 (now);
  guint status;

  due_window (&from, &until, &ends);
  fixture_publish_content (fixture);
  g_assert_cmpint (run_cli (fixture, NULL, &set_out, &set_err, "admin", "accounts", "set",
                            "tanaka", "--email", "tanaka@city.example", NULL), ==, 0);
  g_assert_cmpint (cli (fixture, &out, &err, "create", "list-request", "--department", "総務課",
                        "--from", from, "--until", until, "--ends", ends,
                        "--follow-up-days", "10", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fixture, &out, &err, "send", NULL), ==, 0);
  token = outbox_token (fixture, "tanaka");
  path = g_strconcat ("../drill/", token, "/open", NULL);
  page = get (fixture, path, &status, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);

  /* The assignments report and the reminders. */
  g_assert_cmpint (run_cli (fixture, NULL, &report, &report_err, "admin", "report",
                            "--assignments", "--format", "csv", NULL), ==, 0);
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "drill-follow-up"));
  g_assert_nonnull (strstr (report, due));
  g_assert_cmpint (run_cli (fixture, NULL, &remind, &remind_err, "admin", "remind",
                            "--due-within", "30", "--dry-run", "--format", "json", NULL), ==, 0);
  g_test_message ("%s", remind);
  g_assert_nonnull (strstr (remind, "drill-follow-up"));

  /* The learner's machine, through sync. */
  login_as (fixture, fixture->learner);
  {
    g_autofree char *sync_out = NULL, *sync_err = NULL, *shown = NULL, *shown_err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &sync_out, &sync_err, "sync", NULL), ==, 0);
    g_assert_cmpint (run_cli (fixture, NULL, &shown, &shown_err, "status", "--json", NULL), ==,
                     0);
    g_test_message ("%s", shown);
    g_assert_nonnull (strstr (shown, "drill-follow-up"));
    g_assert_nonnull (strstr (shown, due));
  }

  /* Passed after the click: gone from the learner's list, the reports
   * and the reminders. */
  {
    g_autoptr(GPtrArray) texts = fixture_attempt_statements (g_getenv ("AWARENESS_CONTENT_DIR"),
                                                             "drill-follow-up", "tanaka",
                                                             finished, TRUE);
    g_autofree char *sync_out = NULL, *sync_err = NULL, *shown = NULL, *shown_err = NULL;
    g_autofree char *after = NULL, *after_err = NULL, *again = NULL, *again_err = NULL;

    post_statements (fixture, fixture->learner, texts);
    g_assert_cmpint (run_cli (fixture, NULL, &sync_out, &sync_err, "sync", NULL), ==, 0);
    g_assert_cmpint (run_cli (fixture, NULL, &shown, &shown_err, "status", "--json", NULL), ==,
                     0);
    g_test_message ("%s", shown);
    g_assert_null (strstr (shown, due));
    login_as (fixture, fixture->admin);
    g_assert_cmpint (run_cli (fixture, NULL, &after, &after_err, "admin", "report",
                              "--assignments", "--format", "csv", NULL), ==, 0);
    g_assert_null (strstr (after, "drill-follow-up"));
    g_assert_cmpint (run_cli (fixture, NULL, &again, &again_err, "admin", "remind",
                              "--due-within", "30", "--dry-run", "--format", "json", NULL), ==, 0);
    g_assert_null (strstr (again, "drill-follow-up"));
  }
}

/* A server that sends through the sink, its timer's rounds @interval
 * seconds apart. */
static char *
relay_config (const char *publish_config,
              guint       interval)
{
  return g_strdup_printf ("%s[mail]\nsmtp-url=smtp://127.0.0.1:%u\n"
                          "from=training@city.example\nper-minute=600\n"
                          "[drills]\nsend-interval-seconds=%u\n",
                          publish_config, sink.port, interval);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *publish_config = NULL;
  g_autofree char *landing_config = NULL;
  g_autofree char *smtp_config = NULL;
  g_autofree char *timer_config = NULL;
  g_autofree char *quiet_config = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  publish_config = fixture_publish_config ();

  quiet_config = g_strconcat (publish_config, "[drills]\nsend-interval-seconds=86400\n", NULL);
  g_test_add ("/awareness/drill-server/campaign", Fixture, quiet_config, fixture_setup,
              test_campaign, fixture_teardown);
  g_test_add ("/awareness/drill-server/refusals", Fixture, quiet_config, fixture_setup,
              test_refusals, fixture_teardown);
  /* The timer's rounds a day apart: only "send" sends, but in test_timer. */
  landing_config = g_strconcat (publish_config, "[drills]\noutbox=outbox\n"
                                "from=drill@city.example\nsend-interval-seconds=86400\n", NULL);
  g_test_add ("/awareness/drill-server/landing", Fixture, landing_config, fixture_setup,
              test_landing, fixture_teardown);
  g_test_add ("/awareness/drill-server/follow-up", Fixture, landing_config, fixture_setup,
              test_follow_up, fixture_teardown);

  if (!smtp_sink_start (&sink, "127.0.0.1", "nobody@city.example"))
    g_clear_object (&sink.process);
  smtp_config = relay_config (publish_config, 86400);
  g_test_add ("/awareness/drill-server/smtp", Fixture, smtp_config, fixture_setup, test_smtp,
              fixture_teardown);
  timer_config = relay_config (publish_config, 1);
  g_test_add ("/awareness/drill-server/timer", Fixture, timer_config, fixture_setup, test_timer,
              fixture_teardown);

  status = g_test_run ();
  if (sink.process != NULL)
    smtp_sink_stop (&sink);
  fixture_template_clear ();
  return status;
}
