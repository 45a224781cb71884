/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The self-inspection report against the real server (on SQLite, and on
 * PostgreSQL as inspection-report-pg): a learner answers the shipped
 * staff checklist through the real command line and syncs; others'
 * answers, in this cycle and the previous one, are built by the library
 * and sent as those learners.  The report by department is read as JSON
 * and CSV over HTTP and through `awareness admin report`.  One server
 * serves every case.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "awareness.h"
#include "lrs-fixture.h"

#define CHECKLIST "staff-self-inspection"
#define FORMULA "=HYPERLINK(\"http://x\")"

static Fixture fixture;
static AwarenessCatalog *catalog;   /* the shipped content, loaded once */
static char *yamada, *sato;   /* key:secret of learners made for these tests */
static char *this_cycle, *previous_cycle;   /* a day in each, YYYY-MM-DD */
static JsonNode *sent_ids;   /* the ids of the statements of the last POST */

static guint
get (const char  *path,
     const char  *credentials,
     char       **body)
{
  g_autofree char *uri = g_strconcat (fixture.base, path, NULL);
  g_autoptr(SoupMessage) msg = fixture_message_new ("GET", uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (credentials != NULL)
    {
      g_autofree char *authorization = basic_authorization (credentials);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", "ja");
  bytes = soup_session_send_and_read (fixture.session, msg, NULL, &error);
  g_assert_no_error (error);
  *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_message_get_status (msg);
}

static JsonNode *
get_json (const char *path)
{
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_cmpuint (get (path, fixture.admin, &body), ==, 200);
  root = json_from_string (body, &error);
  g_assert_no_error (error);
  return root;
}

/* The checklist's report, of a report of every checklist. */
static JsonObject *
staff_checklist (JsonNode *report)
{
  JsonArray *checklists = json_object_get_array_member (json_node_get_object (report),
                                                        "checklists");

  for (guint i = 0; i < json_array_get_length (checklists); i++)
    {
      JsonObject *checklist = json_array_get_object_element (checklists, i);

      if (g_strcmp0 (json_object_get_string_member (checklist, "checklist"), CHECKLIST) == 0)
        return checklist;
    }
  g_assert_not_reached ();
}

static JsonObject *
find (JsonArray  *array,
      const char *member,
      const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, member, NULL), value)
          == 0)
        return object;
    }
  return NULL;
}

static void
assert_counts (JsonObject *tally,
               gint64      answers,
               gint64      yes,
               gint64      no,
               gint64      not_applicable)
{
  g_assert_nonnull (tally);
  g_assert_cmpint (json_object_get_int_member (tally, "answers"), ==, answers);
  g_assert_cmpint (json_object_get_int_member (tally, "yes"), ==, yes);
  g_assert_cmpint (json_object_get_int_member (tally, "no"), ==, no);
  g_assert_cmpint (json_object_get_int_member (tally, "not_applicable"), ==, not_applicable);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (tally, "no_share"),
                                  (double) no / answers, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (tally, "yes_share"),
                                  (double) yes / answers, 1e-9);
}

/* POSTs @body (a statement or an array of them) as @credentials; keeps
 * the ids the server returns in sent_ids. */
static void
post_statements (const char *credentials,
                 const char *body)
{
  g_autofree char *uri = g_strconcat (fixture.base, "statements", NULL);
  g_autofree char *authorization = basic_authorization (credentials);
  g_autoptr(SoupMessage) msg = fixture_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "X-Experience-API-Version", "1.0.3");
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  response = soup_session_send_and_read (fixture.session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_clear_pointer (&sent_ids, json_node_unref);
  sent_ids = json_from_string (g_bytes_get_data (response, NULL), &error);
  g_assert_no_error (error);
}

/* Sends a self-inspection of @user built by the library, dated @day: yes
 * to every item but those of @answers (item, answer, comment, …). */
static void
send_inspection (const char *credentials,
                 const char *user,
                 const char *day,
                 const char *time,
                 ...)
{
  g_autoptr(AwarenessInspection) inspection = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *timestamp = g_strdup_printf ("%sT%s+09:00", day, time);
  g_autofree char *body = NULL;
  AwarenessChecklist *checklist;
  GPtrArray *items;
  const char *item;
  va_list args;

  checklist = awareness_catalog_lookup_checklist (catalog, CHECKLIST);
  items = awareness_checklist_get_items (checklist);
  inspection = awareness_inspection_new (checklist);
  for (guint i = 0; i < items->len; i++)
    g_assert_true (awareness_inspection_set_answer (
      inspection, awareness_checklist_item_get_id (g_ptr_array_index (items, i)),
      AWARENESS_CHECK_ANSWER_YES, NULL, &error));
  va_start (args, time);
  while ((item = va_arg (args, const char *)) != NULL)
    {
      AwarenessCheckAnswer answer = va_arg (args, AwarenessCheckAnswer);
      const char *comment = va_arg (args, const char *);

      g_assert_true (awareness_inspection_set_answer (inspection, item, answer, comment, &error));
      g_assert_no_error (error);
    }
  va_end (args);
  g_assert_true (awareness_inspection_finish (inspection, &error));
  statements = awareness_xapi_build_inspection_statements (inspection, catalog, HOME_PAGE, user,
                                                           "ja");

  /* Dated as the test needs: in this cycle or the previous one. */
  json_builder_begin_array (builder);
  for (guint i = 0; i < statements->len; i++)
    {
      JsonNode *statement = g_ptr_array_index (statements, i);

      json_object_set_string_member (json_node_get_object (statement), "timestamp", timestamp);
      json_builder_add_value (builder, json_node_ref (statement));
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  post_statements (credentials, body);
}

/* The report of this cycle, by department, as JSON: shares, who has not
 * answered, the follow-up list with the comments, the order of the items
 * and the trend from the previous cycle. */
static void
test_json (void)
{
  g_autofree char *path = g_strdup_printf ("../admin/reports/self-inspection?as-of=%s",
                                           this_cycle);
  g_autoptr(JsonNode) report = get_json (path);
  JsonObject *checklist = staff_checklist (report);
  JsonArray *items = json_object_get_array_member (checklist, "items");
  JsonArray *departments = json_object_get_array_member (checklist, "departments");
  JsonArray *not_answered = json_object_get_array_member (checklist, "not_answered");
  JsonArray *follow_up = json_object_get_array_member (checklist, "follow_up");
  JsonObject *item, *department, *previous, *row;

  g_assert_cmpint (json_object_get_int_member (checklist, "audience"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (checklist, "answered"), ==, 3);

  /* Answered “no” in two departments, though later in the checklist. */
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "item"), ==, "education");
  g_assert_cmpint (json_object_get_int_member (item, "departments_with_no"), ==, 2);
  assert_counts (item, 3, 1, 2, 0);
  item = json_array_get_object_element (items, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "item"), ==, "common-understanding");
  g_assert_cmpint (json_object_get_int_member (item, "departments_with_no"), ==, 1);
  assert_counts (item, 3, 1, 2, 0);
  g_assert_nonnull (json_object_get_string_member (item, "text"));
  item = find (items, "item", "printed-documents");
  assert_counts (item, 3, 2, 0, 1);
  g_assert_cmpint (json_array_get_length (items), ==, 20);

  /* The trend: in the previous cycle everyone answered yes. */
  item = json_array_get_object_element (items, 0);
  previous = json_object_get_object_member (item, "previous");
  assert_counts (previous, 2, 2, 0, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (item, "no_share_change"),
                                  2.0 / 3, 1e-9);

  /* Per department: 総務課 answered “no” to the common understanding
   * twice; 財政課 once to education, its latest answer. */
  g_assert_cmpint (json_array_get_length (departments), ==, 3);
  department = find (departments, "department", "総務課");
  g_assert_cmpint (json_object_get_int_member (department, "audience"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (department, "answered"), ==, 2);
  assert_counts (find (json_object_get_array_member (department, "items"), "item",
                       "common-understanding"), 2, 0, 2, 0);
  department = find (departments, "department", "財政課");
  g_assert_cmpint (json_object_get_int_member (department, "audience"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (department, "answered"), ==, 1);
  assert_counts (find (json_object_get_array_member (department, "items"), "item", "education"),
                 1, 0, 1, 0);

  /* Who has not answered: 伊藤 of 財政課, and suzuki without a department. */
  g_assert_cmpint (json_array_get_length (not_answered), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (not_answered, 0),
                                                  "staff_id"), ==, "suzuki");
  row = json_array_get_object_element (not_answered, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "staff_id"), ==, "ito");
  g_assert_cmpstr (json_object_get_string_member (row, "department"), ==, "財政課");

  /* The follow-up list: each “no”, with its comment, by department. */
  g_assert_cmpint (json_array_get_length (follow_up), ==, 4);
  row = json_array_get_object_element (follow_up, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "staff_id"), ==, "tanaka");
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "田中 花子");
  g_assert_cmpstr (json_object_get_string_member (row, "item"), ==, "common-understanding");
  g_assert_cmpstr (json_object_get_string_member (row, "comment"), ==, "研修の機会がない");
  g_assert_cmpstr (json_object_get_string_member (row, "version"), ==, "2026.1");
  row = json_array_get_object_element (follow_up, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "staff_id"), ==, "yamada");
  g_assert_cmpstr (json_object_get_string_member (row, "comment"), ==, FORMULA);
  row = json_array_get_object_element (follow_up, 3);
  g_assert_cmpstr (json_object_get_string_member (row, "staff_id"), ==, "sato");
  g_assert_cmpstr (json_object_get_string_member (row, "department"), ==, "財政課");
  g_assert_cmpstr (json_object_get_string_member (row, "item"), ==, "education");
  g_assert_cmpstr (json_object_get_string_member (row, "comment"), ==, "未受講");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (row, "date"), this_cycle));
}

/* One department only; and a department that does not exist. */
static void
test_department (void)
{
  g_autofree char *path = g_strdup_printf ("../admin/reports/self-inspection?as-of=%s&"
                                           "department=%%E8%%B2%%A1%%E6%%94%%BF%%E8%%AA%%B2&"
                                           "checklist=" CHECKLIST, this_cycle);
  g_autoptr(JsonNode) report = get_json (path);
  JsonObject *checklist = staff_checklist (report);
  JsonArray *items = json_object_get_array_member (checklist, "items");
  JsonArray *follow_up = json_object_get_array_member (checklist, "follow_up");
  g_autofree char *body = NULL;

  g_assert_cmpint (json_array_get_length (json_object_get_array_member (
                     json_node_get_object (report), "checklists")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (checklist, "audience"), ==, 2);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (checklist,
                                                                        "departments")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "item"), ==, "education");
  assert_counts (json_array_get_object_element (items, 0), 1, 0, 1, 0);
  g_assert_cmpint (json_array_get_length (follow_up), ==, 1);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (checklist,
                                                                        "not_answered")), ==, 1);

  g_assert_cmpuint (get ("../admin/reports/self-inspection?department=nowhere", fixture.admin,
                         &body), ==, 404);
  g_clear_pointer (&body, g_free);
  g_assert_cmpuint (get ("../admin/reports/self-inspection?checklist=staff-self-inspectio",
                         fixture.admin, &body), ==, 404);
  g_assert_nonnull (strstr (body, CHECKLIST));
}

/* The CSV for Excel: a byte order mark, Japanese headers, the comments,
 * and a formula a member of staff typed defused. */
static void
test_csv (void)
{
  g_autofree char *path = g_strdup_printf ("../admin/reports/self-inspection?as-of=%s&format=csv&"
                                           "bom=true&headers=ja", this_cycle);
  g_autofree char *shares_path = g_strdup_printf ("../admin/reports/self-inspection?as-of=%s&"
                                                  "format=csv&list=shares&headers=ja",
                                                  this_cycle);
  g_autofree char *csv = NULL, *shares = NULL;

  g_assert_cmpuint (get (path, fixture.admin, &csv), ==, 200);
  g_test_message ("%s", csv);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "職員番号,氏名,所属,点検表,項目,点検内容,"
                                        "コメント,回答日時,版\r\n"));
  g_assert_nonnull (strstr (csv, "\r\ntanaka,田中 花子,総務課," CHECKLIST ",common-understanding,"));
  g_assert_nonnull (strstr (csv, ",研修の機会がない,"));
  g_assert_nonnull (strstr (csv, ",\"'=HYPERLINK(\"\"http://x\"\")\","));
  g_assert_null (strstr (csv, ",=HYPERLINK"));
  g_assert_nonnull (strstr (csv, "\r\nsato,,財政課," CHECKLIST ",education,"));

  g_assert_cmpuint (get (shares_path, fixture.admin, &shares), ==, 200);
  g_test_message ("%s", shares);
  g_assert_true (g_str_has_prefix (shares, "所属,点検表,項目,点検内容,回答数,はい,いいえ,"));
  g_assert_nonnull (strstr (shares, "\r\n財政課," CHECKLIST ",education,"));
  g_assert_nonnull (strstr (shares, ",1,0,1,0,0.0,100.0,0.0,\r\n"));
  /* All departments: two of three “no”, none the cycle before. */
  g_assert_nonnull (strstr (shares, "\r\n," CHECKLIST ",education,"));
  g_assert_nonnull (strstr (shares, ",3,1,2,0,33.3,66.7,0.0,0.0\r\n"));
}

/* Administrators only. */
static void
test_refused (void)
{
  g_autofree char *learner = NULL, *anonymous = NULL, *out = NULL, *err = NULL;
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *key = key_of (fixture.learner);
  g_autofree char *secret = secret_line (fixture.learner);

  g_assert_cmpuint (get ("../admin/reports/self-inspection", fixture.learner, &learner), ==, 403);
  g_assert_cmpuint (get ("../admin/reports/self-inspection?format=csv", NULL, &anonymous), ==,
                    401);

  g_assert_cmpint (run_cli (&fixture, secret, &out, &err, "login", "--server", fixture.base,
                            "--user", key, "--ca-file", cert, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&fixture, NULL, &out, &err, "admin", "report", "--self-inspection",
                            NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Only administrators"));
}

/* A department head (of 総務課) reads their own department's report, asked
 * for or not, and is refused another's. */
static void
test_department_head (void)
{
  g_autofree char *uri = g_strconcat (fixture.base, "../admin/accounts", NULL);
  g_autofree char *authorization = basic_authorization (fixture.admin);
  g_autoptr(SoupMessage) msg = fixture_message_new ("POST", uri);
  const char *fields = "{\"staff_id\":\"head-somu\",\"display_name\":\"総務 課長\","
                       "\"department\":\"総務課\",\"role\":\"department-head\"}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (fields, strlen (fields));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonNode) account = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL, *body = NULL, *other = NULL;
  JsonArray *departments;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  response = soup_session_send_and_read (fixture.session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  account = json_from_string (g_bytes_get_data (response, NULL), &error);
  g_assert_no_error (error);
  head = g_strconcat (json_object_get_string_member (json_node_get_object (account), "key"), ":",
                      json_object_get_string_member (json_node_get_object (account), "secret"),
                      NULL);

  g_assert_cmpuint (get ("../admin/reports/self-inspection?checklist=" CHECKLIST, head, &body),
                    ==, 200);
  report = json_from_string (body, &error);
  g_assert_no_error (error);
  departments = json_object_get_array_member (staff_checklist (report), "departments");
  g_assert_cmpuint (json_array_get_length (departments), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (departments, 0),
                                                  "department"), ==, "総務課");
  g_assert_cmpuint (get ("../admin/reports/self-inspection?department="
                         "%E8%B2%A1%E6%94%BF%E8%AA%B2", head, &other), ==, 403);
}

/* The command line: a table in the user's language, CSV and JSON. */
static void
test_cli (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *key = key_of (fixture.admin);
  g_autofree char *secret = secret_line (fixture.admin);
  g_autofree char *out = NULL, *err = NULL, *table = NULL, *csv = NULL, *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_cli (&fixture, secret, &out, &err, "login", "--server", fixture.base,
                            "--user", key, "--ca-file", cert, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_in_locale (&fixture, "ja_JP.UTF-8", NULL, &table, &err, "admin",
                                      "report", "--self-inspection", "--department", "財政課",
                                      "--as-of", this_cycle, NULL), ==, 0);
  g_test_message ("%s", table);
  g_assert_nonnull (strstr (table, "回答済み: 1 / 2"));
  g_assert_nonnull (strstr (table, "フォローアップ"));
  g_assert_nonnull (strstr (table, "未受講"));
  g_assert_nonnull (strstr (table, "ito"));
  g_assert_null (strstr (table, "tanaka"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&fixture, NULL, &csv, &err, "admin", "report", "--self-inspection",
                            "--format", "csv", "--list", "not-answered", "--japanese-headers",
                            "--as-of", this_cycle, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "職員番号,氏名,所属,点検表\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nito,伊藤 次郎,財政課," CHECKLIST "\r\n"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&fixture, NULL, &json, &err, "admin", "report", "--self-inspection",
                            "--checklist", CHECKLIST, "--format", "json", "--as-of", this_cycle,
                            NULL), ==, 0);
  root = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (staff_checklist (root), "answered"), ==, 3);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&fixture, NULL, &out, &err, "admin", "report", "--self-inspection",
                            "--format", "xml", NULL), ==, 2);
}

/* The days the answers are dated: one in this cycle, one in the previous
 * one, as the server reckons them for the shipped assignment. */
static void
find_cycles (void)
{
  g_autoptr(JsonNode) report = get_json ("../admin/reports/self-inspection?checklist=" CHECKLIST);
  JsonObject *checklist = staff_checklist (report);
  JsonObject *cycle = json_object_get_object_member (checklist, "cycle");
  GDate first, day;
  char text[16];

  g_assert_true (awareness_date_parse (json_object_get_string_member (cycle, "first"), &first));
  /* The day after the first: the same day in every time zone of the
   * server's, and never much later than today. */
  day = first;
  g_date_add_days (&day, 1);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
  this_cycle = g_strdup (text);
  day = first;
  g_date_subtract_days (&day, 20);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
  previous_cycle = g_strdup (text);
}

/* 田中 (総務課) answers through the command line and syncs, “no” to two
 * items with comments; the others' answers are built by the library. */
static void
answer_checklists (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *key = key_of (fixture.learner);
  g_autofree char *secret = secret_line (fixture.learner);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GString) input = g_string_new ("n\n研修の機会がない\n");
  g_autofree char *ito = NULL;

  for (guint i = 2; i <= 20; i++)
    g_string_append (input, i == 17 ? "n\n日程が合わない\n" : "y\n");
  g_assert_cmpint (run_cli (&fixture, secret, &out, &err, "login", "--server", fixture.base,
                            "--user", key, "--ca-file", cert, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&fixture, input->str, &out, &err, "inspect", CHECKLIST, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&fixture, NULL, &out, &err, "sync", NULL), ==, 0);

  yamada = run_server_command (fixture.config, "add-account", "--staff-id", "yamada", "--name",
                               "山田 太郎", "--department", "総務課", NULL);
  sato = run_server_command (fixture.config, "add-account", "--staff-id", "sato",
                             "--department", "財政課", NULL);
  ito = run_server_command (fixture.config, "add-account", "--staff-id", "ito", "--name",
                            "伊藤 次郎", "--department", "財政課", NULL);

  find_cycles ();
  /* The previous cycle: yes to everything. */
  send_inspection (fixture.learner, "tanaka", previous_cycle, "10:00:00", NULL);
  send_inspection (sato, "sato", previous_cycle, "10:00:00", NULL);
  /* This cycle: 佐藤 first all yes, then “no” to education; the latest counts. */
  send_inspection (yamada, "yamada", this_cycle, "09:00:00",
                   "common-understanding", AWARENESS_CHECK_ANSWER_NO, FORMULA,
                   "printed-documents", AWARENESS_CHECK_ANSWER_NOT_APPLICABLE, NULL, NULL);
  send_inspection (sato, "sato", this_cycle, "09:00:00", NULL);
  send_inspection (sato, "sato", this_cycle, "11:00:00",
                   "education", AWARENESS_CHECK_ANSWER_NO, "未受講", NULL);
}

/* Runs one statement of SQL on the server's database itself (SQLite file
 * or PostgreSQL): the first column of its first row as an integer. */
static gint64
run_sql (const char *sql)
{
  if (fixture_uses_pg ())
    {
      g_autofree char *psql = g_build_filename (g_getenv ("AWARENESS_PG_BINDIR"), "psql", NULL);
      g_autofree char *database = g_path_get_basename (fixture.dir);
      const char *argv[] = { psql, "-X", "-q", "-A", "-t", "-d", database, "-c", sql, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                    NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      return g_ascii_strtoll (out, NULL, 10);
    }
  else
    {
      g_autofree char *path = g_build_filename (fixture.dir, "lrs.db", NULL);
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      gint64 count;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), !=, SQLITE_ERROR);
      count = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return count;
    }
}

static gint64
count_records (const char *user)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM inspection_records "
                                          "WHERE name = '%s'", user);

  return run_sql (sql);
}

/* The records are written on ingest: 佐藤's three checklists, sent after
 * the last report was read, are in the table before any report asks. */
static void
test_ingested (void)
{
  AwarenessChecklist *checklist = awareness_catalog_lookup_checklist (catalog, CHECKLIST);
  guint items = awareness_checklist_get_items (checklist)->len;

  /* Each checklist: an answer per item and the completion. */
  g_assert_cmpint (count_records ("sato"), ==, 3 * (items + 1));
}

/* 伊藤 (財政課) answers, then voids every statement of it: his answers
 * leave the report and the table, and 財政課 is as before. */
static void
test_voided (void)
{
  g_autofree char *path = g_strdup_printf ("../admin/reports/self-inspection?as-of=%s&"
                                           "department=%%E8%%B2%%A1%%E6%%94%%BF%%E8%%AA%%B2&"
                                           "checklist=" CHECKLIST, this_cycle);
  g_autofree char *kato = run_server_command (fixture.config, "add-account", "--staff-id",
                                             "kato", "--department", "財政課", NULL);
  g_autoptr(JsonNode) ids = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonObject *checklist;
  JsonArray *array;

  send_inspection (kato, "kato", this_cycle, "12:00:00",
                   "education", AWARENESS_CHECK_ANSWER_NO, "未定", NULL);
  ids = g_steal_pointer (&sent_ids);
  report = get_json (path);
  checklist = staff_checklist (report);
  assert_counts (json_array_get_object_element (json_object_get_array_member (checklist,
                                                                              "items"), 0),
                 2, 0, 2, 0);
  g_assert_cmpint (count_records ("kato"), >, 0);

  array = json_node_get_array (ids);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *voiding =
        g_strdup_printf ("{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE
                         "\",\"name\":\"kato\"}},"
                         "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"},"
                         "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"%s\"}}",
                         json_array_get_string_element (array, i));

      post_statements (kato, voiding);
    }
  g_assert_cmpint (count_records ("kato"), ==, 0);
  after = get_json (path);
  checklist = staff_checklist (after);
  assert_counts (json_array_get_object_element (json_object_get_array_member (checklist,
                                                                              "items"), 0),
                 1, 0, 1, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (checklist,
                                                                        "not_answered")), ==, 2);
}

/* A store whose statements predate the table: the server reads them
 * into it before it serves (SQLite at open, PostgreSQL by the migration),
 * without the voided ones. */
static void
test_backfill (void)
{
  AwarenessChecklist *checklist = awareness_catalog_lookup_checklist (catalog, CHECKLIST);
  guint items = awareness_checklist_get_items (checklist)->len;

  stop_server (&fixture);
  if (fixture_uses_pg ())
    /* The self-inspection records are migration 12 (lrs-store-pg.c):
     * it runs again with those after it, whose tables go too. */
    run_sql ("DROP TABLE inspection_records, content_previews, content_fetches;"
             "DELETE FROM schema_version WHERE version >= 12");
  else
    run_sql ("DROP TABLE inspection_records");
  start_server (&fixture);
  g_assert_cmpint (count_records ("sato"), ==, 3 * (items + 1));
  g_assert_cmpint (count_records ("kato"), ==, 0);
  g_assert_cmpint (count_records ("yamada"), ==, items + 1);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Loaded before the server starts: no slow work between two requests
   * on a kept-alive connection, which the server closes when idle. */
  catalog = awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, NULL);
  g_assert_nonnull (catalog);
  config = fixture_publish_config ();
  fixture_setup (&fixture, config);
  fixture_publish_content (&fixture);
  answer_checklists ();

  g_test_add_func ("/awareness/inspection-report/ingested", test_ingested);
  g_test_add_func ("/awareness/inspection-report/json", test_json);
  g_test_add_func ("/awareness/inspection-report/department", test_department);
  g_test_add_func ("/awareness/inspection-report/csv", test_csv);
  g_test_add_func ("/awareness/inspection-report/cli", test_cli);
  g_test_add_func ("/awareness/inspection-report/refused", test_refused);
  g_test_add_func ("/awareness/inspection-report/department-head", test_department_head);
  g_test_add_func ("/awareness/inspection-report/voided", test_voided);
  g_test_add_func ("/awareness/inspection-report/backfill", test_backfill);
  status = g_test_run ();

  fixture_teardown (&fixture, config);
  fixture_template_clear ();
  g_free (yamada);
  g_free (sato);
  g_free (this_cycle);
  g_free (previous_cycle);
  g_clear_pointer (&sent_ids, json_node_unref);
  g_object_unref (catalog);
  return status;
}
