/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The local records: a real SQLite file.  Attempts recorded, resumed and
 * finished once only; statements valid for xAPI 1.0.3; migration from a
 * hand-made older schema; refusal of a newer schema, of another program's
 * database and of a damaged file, each left untouched; two processes
 * writing at once without losing a write.
 */
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "awareness.h"

static char *
temp_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("awareness-store-XXXXXX", NULL);

  return g_build_filename (dir, name, NULL);
}

static AwarenessCatalog *
load_good (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
  g_autoptr(GError) error = NULL;
  AwarenessCatalog *catalog = awareness_catalog_new_for_directory (dir, NULL, &error);

  g_assert_no_error (error);
  return catalog;
}

/* Answers every question of @attempt, right when @right, and records it. */
static void
answer_all (AwarenessStore   *store,
            AwarenessAttempt *attempt,
            gboolean          right)
{
  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
      GPtrArray *choices = awareness_question_get_choices (question);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;

      if (awareness_attempt_get_answer (attempt, awareness_question_get_id (question)) != NULL)
        continue;

      for (guint c = 0; c < choices->len; c++)
        if (awareness_choice_get_correct (g_ptr_array_index (choices, c)) == right)
          {
            g_ptr_array_add (ids,
                             (gpointer) awareness_choice_get_id (g_ptr_array_index (choices, c)));
            if (!right)
              break;
          }
      g_ptr_array_add (ids, NULL);

      g_assert_true (awareness_attempt_answer (attempt, awareness_question_get_id (question),
                                               (const char * const *) ids->pdata, &error));
      g_assert_true (awareness_store_record_answer (store, attempt,
                                                    awareness_question_get_id (question), &error));
      g_assert_no_error (error);
    }
}

static void
finish (AwarenessStore   *store,
        AwarenessCatalog *catalog,
        AwarenessAttempt *attempt,
        const char       *user,
        const char       *lang)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (awareness_attempt_finish (attempt, NULL, &error));
  statements = awareness_xapi_build_attempt_statements (attempt, catalog, "https://lrs.example/",
                                                        user, lang);
  g_assert_true (awareness_store_finish_attempt (store, attempt, statements, &error));
  g_assert_no_error (error);
}

static gboolean
is_uuid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}

/* The MUSTs of xAPI 1.0.3 that these statements touch (Data, 2.4). */
static void
assert_valid_statement (JsonObject *s,
                        const char *registration)
{
  JsonObject *actor = json_object_get_object_member (s, "actor");
  JsonObject *account = json_object_get_object_member (actor, "account");
  JsonObject *verb = json_object_get_object_member (s, "verb");
  JsonObject *object = json_object_get_object_member (s, "object");
  JsonObject *context = json_object_get_object_member (s, "context");
  g_autoptr(GDateTime) timestamp = NULL;
  g_autoptr(GUri) home = NULL;

  g_assert_true (is_uuid (json_object_get_string_member (s, "id")));
  g_assert_cmpstr (json_object_get_string_member (actor, "objectType"), ==, "Agent");
  /* Exactly one inverse functional identifier: the account, no mbox. */
  g_assert_false (json_object_has_member (actor, "mbox"));
  g_assert_false (json_object_has_member (actor, "mbox_sha1sum"));
  g_assert_false (json_object_has_member (actor, "openid"));
  home = g_uri_parse (json_object_get_string_member (account, "homePage"), G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (home);
  g_assert_cmpstr (json_object_get_string_member (account, "name"), ==, "tanaka");

  g_assert_true (g_str_has_prefix (json_object_get_string_member (verb, "id"),
                                   "http://adlnet.gov/expapi/verbs/"));
  g_assert_nonnull (json_object_get_object_member (verb, "display"));

  g_assert_cmpstr (json_object_get_string_member (object, "objectType"), ==, "Activity");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "id"),
                                   "https://awareness.example/activities/test/basics"));

  timestamp = g_date_time_new_from_iso8601 (json_object_get_string_member (s, "timestamp"), NULL);
  g_assert_nonnull (timestamp);

  g_assert_cmpstr (json_object_get_string_member (context, "registration"), ==, registration);
  g_assert_nonnull (json_object_get_object_member (context, "extensions"));

  /* The LRS sets these. */
  g_assert_false (json_object_has_member (s, "stored"));
  g_assert_false (json_object_has_member (s, "authority"));

  if (json_object_has_member (s, "result") &&
      json_object_has_member (json_object_get_object_member (s, "result"), "score"))
    {
      JsonObject *score =
        json_object_get_object_member (json_object_get_object_member (s, "result"), "score");
      double scaled = json_object_get_double_member (score, "scaled");
      gint64 raw = json_object_get_int_member (score, "raw");

      g_assert_cmpfloat (scaled, >=, -1.0);
      g_assert_cmpfloat (scaled, <=, 1.0);
      g_assert_cmpint (raw, >=, json_object_get_int_member (score, "min"));
      g_assert_cmpint (raw, <=, json_object_get_int_member (score, "max"));
    }
}

static void
test_roundtrip (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autofree char *path = temp_path ("records.db");
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessStore) other = NULL;
  g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, 5, NULL);
  g_autoptr(AwarenessAttempt) resumed = NULL;
  g_autoptr(AwarenessAttemptRecord) record = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *presentation = NULL;
  g_autofree char *prefix = NULL;
  const char *first;
  struct stat st;

  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (awareness_store_begin_attempt (store, attempt, "tanaka", "ja", &error));
  first = awareness_question_get_id (awareness_attempt_get_question (attempt, 0));
  g_assert_true (
    awareness_attempt_answer (attempt, first,
                              (const char *[]){
                                awareness_choice_get_id (
                                  g_ptr_array_index (awareness_attempt_get_choices (attempt, 0),
                                                     0)),
                                NULL },
                              &error));
  g_assert_true (awareness_store_record_answer (store, attempt, first, &error));
  g_assert_no_error (error);

  g_assert_cmpint (awareness_store_get_module_status (store, "tanaka", "basics", NULL, NULL), ==,
                   AWARENESS_ATTEMPT_STATE_IN_PROGRESS);
  g_assert_cmpint (awareness_store_get_module_status (store, "suzuki", "basics", NULL, NULL), ==,
                   AWARENESS_ATTEMPT_STATE_NOT_STARTED);

  /* Another connection, as after a restart: the same attempt comes back. */
  other = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  resumed = awareness_store_resume_attempt (other, module, "tanaka", &error);
  g_assert_no_error (error);
  g_assert_nonnull (resumed);
  g_assert_cmpstr (awareness_attempt_get_id (resumed), ==, awareness_attempt_get_id (attempt));
  g_assert_cmpuint (awareness_attempt_get_n_answered (resumed), ==, 1);
  g_assert_cmpint (awareness_attempt_get_next_unanswered (resumed), ==, 1);
  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      g_autofree char *a = awareness_attempt_dup_choice_order (attempt, i);
      g_autofree char *b = awareness_attempt_dup_choice_order (resumed, i);

      g_assert_true (awareness_attempt_get_question (attempt, i)
                     == awareness_attempt_get_question (resumed, i));
      g_assert_cmpstr (a, ==, b);
    }
  g_assert_null (awareness_store_resume_attempt (other, module, "suzuki", &error));
  g_assert_no_error (error);

  answer_all (other, resumed, TRUE);
  finish (other, catalog, resumed, "tanaka", "ja");

  /* Finishing again counts nothing twice. */
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();

    g_assert_false (awareness_store_finish_attempt (store, resumed, none, &error));
  }
  g_assert_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE);
  g_clear_error (&error);

  g_assert_cmpint (awareness_store_get_module_status (store, "tanaka", "basics", &record, NULL), ==,
                   awareness_attempt_get_passed (resumed) ? AWARENESS_ATTEMPT_STATE_PASSED
                                                          : AWARENESS_ATTEMPT_STATE_FAILED);
  g_assert_cmpstr (record->id, ==, awareness_attempt_get_id (attempt));
  g_assert_cmpstr (record->module_version, ==, "2026.1");
  g_assert_cmpstr (record->content_digest, ==, awareness_module_get_digest (module));
  g_assert_cmpstr (record->language, ==, "ja");
  g_assert_nonnull (record->finished);
  g_assert_cmpuint (record->n_answered, ==, 2);

  /* The statements: one per question, completed, passed or failed. */
  statements = awareness_store_dup_statements (store, record->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statements->len, ==, 4);
  g_assert_cmpint (awareness_store_count_pending (store, NULL), ==, 4);
  for (guint i = 0; i < statements->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *s;
      const char *verb;

      g_assert_true (
        json_parser_load_from_data (parser, g_ptr_array_index (statements, i), -1, &error));
      s = json_node_get_object (json_parser_get_root (parser));
      assert_valid_statement (s, record->id);
      verb = json_object_get_string_member (json_object_get_object_member (s, "verb"), "id");
      if (i < 2)
        g_assert_cmpstr (verb, ==, AWARENESS_XAPI_VERB_ANSWERED);
      else if (i == 2)
        g_assert_cmpstr (verb, ==, AWARENESS_XAPI_VERB_COMPLETED);
      else
        g_assert_cmpstr (verb, ==, AWARENESS_XAPI_VERB_PASSED);
    }

  records = awareness_store_list_attempts (store, "tanaka", NULL, 0, &error);
  g_assert_cmpuint (records->len, ==, 1);
  prefix = g_strndup (record->id, 8);
  g_clear_pointer (&record, awareness_attempt_record_free);
  record = awareness_store_lookup_attempt (store, prefix, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_null (awareness_store_lookup_attempt (store, "ffffffff-none", &error));
  g_assert_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (awareness_store_lookup_attempt (store, "%", &error));
  g_assert_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  presentation = awareness_store_dup_presentation (store, record->id, &error);
  g_assert_nonnull (strstr (presentation, "\"prompt\""));
  g_assert_true (awareness_store_check_integrity (store, &error));
}

static void
test_statement_content (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autofree char *path = temp_path ("records.db");
  g_autoptr(AwarenessStore) store = awareness_store_new_for_path (path, NULL);
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  guint32 seed = 0;

  /* A draw with the multiple-choice question. */
  do
    {
      g_clear_object (&attempt);
      attempt = awareness_attempt_new (module, seed++, NULL);
    }
  while (awareness_module_lookup_question (module, "q2")
         != awareness_attempt_get_question (attempt, 0));

  g_assert_true (awareness_store_begin_attempt (store, attempt, "tanaka", "en", NULL));
  answer_all (store, attempt, FALSE);
  finish (store, catalog, attempt, "tanaka", "en");
  statements = awareness_store_dup_statements (store, awareness_attempt_get_id (attempt), NULL);

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *s, *definition, *result;

    g_assert_true (
      json_parser_load_from_data (parser, g_ptr_array_index (statements, 0), -1, NULL));
    s = json_node_get_object (json_parser_get_root (parser));
    definition = json_object_get_object_member (json_object_get_object_member (s, "object"),
                                                "definition");
    result = json_object_get_object_member (s, "result");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (s, "object"),
                                                    "id"),
                     ==, "https://awareness.example/activities/test/basics/questions/q2");
    g_assert_cmpstr (json_object_get_string_member (definition, "interactionType"), ==, "choice");
    g_assert_cmpstr (json_array_get_string_element (
                       json_object_get_array_member (definition, "correctResponsesPattern"), 0),
                     ==, "a[,]b");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (definition,
                                                                                   "description"),
                                                    "ja-JP"),
                     ==, "正しいものを選ぶ。");
    g_assert_false (json_object_get_boolean_member (result, "success"));
    g_assert_cmpstr (json_object_get_string_member (result, "response"), ==, "c");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (s, "context"),
                                                    "language"),
                     ==, "en-US");
  }

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *s, *result, *extensions;

    g_assert_true (
      json_parser_load_from_data (parser, g_ptr_array_index (statements, 3), -1, NULL));
    s = json_node_get_object (json_parser_get_root (parser));
    result = json_object_get_object_member (s, "result");
    extensions = json_object_get_object_member (json_object_get_object_member (s, "context"),
                                                "extensions");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (s, "verb"),
                                                    "id"),
                     ==, AWARENESS_XAPI_VERB_FAILED);
    g_assert_false (json_object_get_boolean_member (result, "success"));
    g_assert_true (json_object_get_boolean_member (result, "completion"));
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (result,
                                                                                     "score"),
                                                      "scaled"),
                       ==, 0.0);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "duration"), "PT"));
    g_assert_cmpstr (json_object_get_string_member (extensions, AWARENESS_XAPI_EXT_MODULE_VERSION),
                     ==, "2026.1");
    g_assert_true (
      g_str_has_prefix (json_object_get_string_member (extensions,
                                                       AWARENESS_XAPI_EXT_CONTENT_DIGEST),
                        "sha256:"));
  }
}

static void
test_duration_format (void)
{
  g_autofree char *a = awareness_xapi_format_duration (0);
  g_autofree char *b = awareness_xapi_format_duration (G_TIME_SPAN_SECOND * 75 + 120000);
  g_autofree char *c = awareness_xapi_format_duration (G_TIME_SPAN_HOUR * 2
                                                       + G_TIME_SPAN_SECOND * 3);

  g_assert_cmpstr (a, ==, "PT0.00S");
  g_assert_cmpstr (b, ==, "PT1M15.12S");
  g_assert_cmpstr (c, ==, "PT2H3.00S");
}

static const char schema_v1[] =
  "CREATE TABLE attempts (id TEXT PRIMARY KEY, user TEXT NOT NULL, module_id TEXT NOT NULL,"
  " module_version TEXT NOT NULL, content_digest TEXT NOT NULL, language TEXT NOT NULL,"
  " started_at TEXT NOT NULL, finished_at TEXT, state TEXT NOT NULL CHECK (state IN"
  " ('in-progress', 'passed', 'failed', 'abandoned')), score INTEGER, max_score INTEGER NOT NULL,"
  " pass_percent INTEGER NOT NULL, question_order TEXT NOT NULL, choice_orders TEXT NOT NULL,"
  " presentation TEXT NOT NULL);"
  "CREATE INDEX attempts_by_module ON attempts (user, module_id, state, started_at);"
  "CREATE TABLE answers (attempt_id TEXT NOT NULL REFERENCES attempts (id), question_id TEXT NOT "
  "NULL,"
  " choices TEXT NOT NULL, answered_at TEXT NOT NULL, PRIMARY KEY (attempt_id, question_id));"
  "CREATE TABLE outbox (statement_id TEXT PRIMARY KEY, attempt_id TEXT NOT NULL REFERENCES "
  "attempts (id),"
  " seq INTEGER NOT NULL, statement TEXT NOT NULL, created_at TEXT NOT NULL);"
  "INSERT INTO attempts VALUES ('11111111-1111-4111-8111-111111111111', 'tanaka', 'basics', "
  "'2026.1',"
  " 'abc', 'ja', '2026-04-01T09:00:00.000Z', '2026-04-01T09:05:00.000Z', 'passed', 2, 2, 50,"
  " 'q1,q2', 'a,b,z;a,b,c', '{}');"
  "INSERT INTO answers VALUES ('11111111-1111-4111-8111-111111111111', 'q1', 'a', "
  "'2026-04-01T09:01:00.000Z');"
  "INSERT INTO outbox VALUES ('22222222-2222-4222-8222-222222222222', "
  "'11111111-1111-4111-8111-111111111111',"
  " 0, '{\"id\":\"22222222-2222-4222-8222-222222222222\"}', '2026-04-01T09:05:00.000Z');"
  "PRAGMA application_id = 1096237394;"
  "PRAGMA user_version = 1;";

static void
make_db (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migrate_v1 (void)
{
  g_autofree char *path = temp_path ("old.db");
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessAttemptRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  make_db (path, schema_v1);

  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* The data of schema 1 survives, and the new columns have defaults. */
  g_assert_cmpint (awareness_store_get_module_status (store, "tanaka", "basics", &record, NULL), ==,
                   AWARENESS_ATTEMPT_STATE_PASSED);
  g_assert_cmpuint (record->n_answered, ==, 1);
  g_assert_cmpint (awareness_store_count_pending (store, NULL), ==, 1);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, AWARENESS_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT state, tries FROM outbox", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "pending");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  sqlite3_finalize (stmt);
  /* Schema 4: the self-inspections, and an outbox that holds their
   * statements too (no reference to attempts left). */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM inspection_answers", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM pragma_foreign_key_list('outbox')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static char *
file_digest (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static void
assert_refused (const char *path,
                gint        code,
                const char *message)
{
  g_autofree char *before = file_digest (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessStore) store = awareness_store_new_for_path (path, &error);

  g_assert_null (store);
  g_assert_error (error, AWARENESS_STORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, message));
  g_assert_nonnull (strstr (error->message, path));

  after = file_digest (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuse_newer (void)
{
  g_autofree char *path = temp_path ("newer.db");

  make_db (path,
           "CREATE TABLE future (x); PRAGMA application_id = 1096237394; PRAGMA user_version = 7;");
  assert_refused (path, AWARENESS_STORE_ERROR_TOO_NEW, "newer version of Awareness (schema 7");
}

static void
test_refuse_foreign (void)
{
  g_autofree char *path = temp_path ("foreign.db");

  make_db (path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');");
  assert_refused (path, AWARENESS_STORE_ERROR_CORRUPT, "database of another program");
}

static void
test_refuse_corrupt (void)
{
  g_autofree char *path = temp_path ("corrupt.db");
  g_autofree char *good = temp_path ("good.db");
  g_autoptr(AwarenessStore) store = NULL;
  g_autofree char *data = NULL;
  gsize length;

  /* Not a database at all. */
  g_assert_true (g_file_set_contents (path, "This is a text file, not a database.\n", -1, NULL));
  assert_refused (path, AWARENESS_STORE_ERROR_CORRUPT, "is not an Awareness records database");

  /* A real database whose header was overwritten. */
  store = awareness_store_new_for_path (good, NULL);
  g_assert_nonnull (store);
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (good, &data, &length, NULL));
  memset (data, 'X', 100);
  g_assert_true (g_file_set_contents (path, data, (gssize) length, NULL));
  assert_refused (path, AWARENESS_STORE_ERROR_CORRUPT, "is not an Awareness records database");
}

static void
test_refuse_unopenable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("awareness-store-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "dir", "records.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessStore) store = NULL;

  store = awareness_store_new_for_path (dir, &error);
  g_assert_null (store);
  g_assert_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_OPEN);
  g_clear_error (&error);

  store = awareness_store_new_for_path (missing, &error);
  g_assert_null (store);
  g_assert_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "No such file or directory"));
}

/* The other process: records @n finished attempts into @path. */
static int
run_writer (const char *path,
            guint       n,
            const char *user)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new_random (module, NULL);

      g_assert_true (awareness_store_begin_attempt (store, attempt, user, "ja", &error));
      g_assert_no_error (error);
      answer_all (store, attempt, i % 2 == 0);
      finish (store, catalog, attempt, user, "ja");
    }

  return 0;
}

static void
test_concurrent_writers (void)
{
  g_autofree char *path = temp_path ("shared.db");
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GError) error = NULL;
  const guint n = 25;
  GPid pids[2];
  int status;

  /* Create it first, so that both writers find the current schema. */
  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *count = g_strdup_printf ("%u", n);
      const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-store", NULL),
                             "--writer",
                             path,
                             count,
                             "tanaka",
                             NULL };

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                    NULL, &pids[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_true (awareness_store_check_integrity (store, &error));
  a = awareness_store_list_attempts (store, "tanaka", "basics", 0, &error);
  g_assert_cmpuint (a->len, ==, 2 * n);
  for (guint i = 0; i < a->len; i++)
    {
      AwarenessAttemptRecord *record = g_ptr_array_index (a, i);
      g_autoptr(GPtrArray) statements = awareness_store_dup_statements (store, record->id, &error);

      g_assert_true (record->state == AWARENESS_ATTEMPT_STATE_PASSED ||
                     record->state == AWARENESS_ATTEMPT_STATE_FAILED);
      g_assert_cmpuint (statements->len, ==, 4);
    }
  g_assert_cmpint (awareness_store_count_pending (store, NULL), ==, 2 * n * 4);
}

/* The other process: opens @path, reads it and closes it, as
 * `awareness status` does beside the open desktop app. */
static int
run_reader (const char *path)
{
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GError) error = NULL;

  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  attempts = awareness_store_list_attempts (store, "tanaka", NULL, 0, &error);
  g_assert_no_error (error);
  g_print ("attempts=%u\n", attempts->len);
  return 0;
}

static guint
count_in_other_process (const char *path)
{
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-store", NULL), "--reader", path,
                         NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  /* GTest may say its seed first. */
  g_assert_nonnull (strstr (out, "attempts="));
  return (guint) g_ascii_strtoull (strstr (out, "attempts=") + strlen ("attempts="), NULL, 10);
}

/* One process holds two stores of one file and writes through both while
 * another process opens, reads and closes the same file.  Nothing of the
 * first process may be lost: opening a store must not drop the POSIX
 * locks SQLite holds on the file (closing any descriptor of it does), or
 * the reader, finding no other user, deletes the WAL under the writer. */
static void
test_open_beside_writer (void)
{
  g_autofree char *path = temp_path ("records.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessStore) first = NULL;
  g_autoptr(AwarenessStore) second = NULL;
  g_autoptr(GError) error = NULL;
  const guint n = 6;

  first = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  second = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      AwarenessStore *store = i % 2 == 0 ? first : second;
      g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new_random (module, NULL);
      g_autoptr(AwarenessStore) third = NULL;

      g_assert_true (awareness_store_begin_attempt (store, attempt, "tanaka", "ja", &error));
      g_assert_no_error (error);
      answer_all (store, attempt, TRUE);
      finish (store, catalog, attempt, "tanaka", "ja");

      /* A store opened and dropped again in this process, as the app did
       * at every sync; then the other process. */
      third = awareness_store_new_for_path (path, &error);
      g_assert_no_error (error);
      g_clear_object (&third);
      g_assert_cmpuint (count_in_other_process (path), ==, i + 1);
      g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
    }

  g_assert_true (awareness_store_check_integrity (first, &error));
  g_assert_no_error (error);
  g_clear_object (&first);
  g_clear_object (&second);
  g_assert_cmpuint (count_in_other_process (path), ==, n);

  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

/* Records are personal: the file and its WAL are the owner's only, from
 * the moment they exist, and a file left readable by an older version is
 * made private. */
static void
test_private_files (void)
{
  g_autofree char *path = temp_path ("records.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  g_clear_object (&store);

  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* A copy of the test content, whose module can be changed. */
static char *
copy_good (void)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
  g_autofree char *dir = g_dir_make_tmp ("awareness-content-XXXXXX", NULL);
  const char *files[] = { "catalog.xml", "policy.xml", "modules/basics.xml" };
  g_autofree char *modules = g_build_filename (dir, "modules", NULL);

  g_assert_cmpint (g_mkdir (modules, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (src, files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);
      g_autofree char *text = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &text, &length, NULL));
      g_assert_true (g_file_set_contents (to, text, (gssize) length, NULL));
    }
  return g_steal_pointer (&dir);
}

/* Start or resume: a new attempt is recorded before it is shown; the one
 * in progress resumes; a changed module abandons it, as a typed outcome. */
static void
test_start_attempt (void)
{
  g_autofree char *path = temp_path ("records.db");
  g_autofree char *content = copy_good ();
  g_autofree char *module_path = g_build_filename (content, "modules", "basics.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessStore) store = awareness_store_new_for_path (path, &error);
  g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (content, NULL, &error);
  g_autoptr(AwarenessCatalog) changed = NULL;
  g_autoptr(AwarenessAttempt) first = NULL;
  g_autoptr(AwarenessAttempt) again = NULL;
  g_autoptr(AwarenessAttempt) none = NULL;
  g_autoptr(AwarenessAttempt) anew = NULL;
  g_autoptr(AwarenessAttemptRecord) record = NULL;
  g_autofree char *text = NULL;
  AwarenessModule *module;
  AwarenessQuestion *question;
  AwarenessStartOutcome outcome;
  const char *choice[2] = { NULL, NULL };

  g_assert_no_error (error);
  module = awareness_catalog_lookup_module (catalog, "basics");

  /* Nothing to resume, and only resuming: nothing is recorded. */
  none = awareness_start_attempt (store, module, "sato", "ja", AWARENESS_START_RESUME_ONLY, -1,
                                  &outcome, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_cmpint (outcome, ==, AWARENESS_START_NOTHING_TO_RESUME);
  g_assert_cmpint (awareness_store_count_pending (store, NULL), ==, 0);

  first = awareness_start_attempt (store, module, "sato", "ja", AWARENESS_START_DEFAULT, 5,
                                   &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, AWARENESS_START_BEGUN);
  question = awareness_attempt_get_question (first, 0);
  choice[0] = awareness_choice_get_id (
    g_ptr_array_index (awareness_attempt_get_choices (first, 0), 0));
  g_assert_true (
    awareness_attempt_answer (first, awareness_question_get_id (question), choice, &error));
  g_assert_true (
    awareness_store_record_answer (store, first, awareness_question_get_id (question), &error));

  /* Resumed with its answer, whatever the flags. */
  again = awareness_start_attempt (store, module, "sato", "ja", AWARENESS_START_RESUME_ONLY, -1,
                                   &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, AWARENESS_START_RESUMED);
  g_assert_cmpstr (awareness_attempt_get_id (again), ==, awareness_attempt_get_id (first));
  g_assert_cmpuint (awareness_attempt_get_n_answered (again), ==, 1);
  g_clear_object (&again);
  again = awareness_start_attempt (store, module, "sato", "ja", AWARENESS_START_DEFAULT, -1,
                                   &outcome, &error);
  g_assert_cmpint (outcome, ==, AWARENESS_START_RESUMED);
  g_assert_cmpstr (awareness_attempt_get_id (again), ==, awareness_attempt_get_id (first));
  g_clear_object (&again);

  /* The module changes: the unfinished attempt is abandoned. */
  g_assert_true (g_file_get_contents (module_path, &text, NULL, NULL));
  {
    g_autofree char *edited = g_strconcat (text, "<!-- revised -->\n", NULL);

    g_assert_true (g_file_set_contents (module_path, edited, -1, NULL));
  }
  changed = awareness_catalog_new_for_directory (content, NULL, &error);
  g_assert_no_error (error);
  module = awareness_catalog_lookup_module (changed, "basics");
  none = awareness_start_attempt (store, module, "sato", "ja", AWARENESS_START_RESUME_ONLY, -1,
                                  &outcome, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_cmpint (outcome, ==, AWARENESS_START_CONTENT_CHANGED);
  record = awareness_store_lookup_attempt (store, awareness_attempt_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->state, ==, AWARENESS_ATTEMPT_STATE_ABANDONED);

  anew = awareness_start_attempt (store, module, "sato", "ja", AWARENESS_START_DEFAULT, -1,
                                  &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, AWARENESS_START_BEGUN);
  g_assert_cmpstr (awareness_attempt_get_id (anew), !=, awareness_attempt_get_id (first));
  g_assert_cmpuint (awareness_attempt_get_n_answered (anew), ==, 0);
}

/* One wording of a module's progress for the CLI and the app. */
static void
test_progress_text (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessProgressItem item = { 0 };
  AwarenessAttemptRecord record = { 0 };
  g_autoptr(GDateTime) finished = g_date_time_new_utc (2026, 11, 25, 1, 31, 0);
  g_autofree char *state = NULL;
  g_autofree char *due = NULL;
  g_autofree char *summary = NULL;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, 7, 2026);
  item.module = awareness_catalog_lookup_module (catalog, "basics");
  g_date_clear (&item.due, 1);
  g_date_set_dmy (&item.due, 30, 6, 2026);

  item.state = AWARENESS_ATTEMPT_STATE_NOT_STARTED;
  item.due_state = AWARENESS_DUE_OVERDUE;
  state = awareness_progress_item_dup_state_text (&item);
  due = awareness_progress_item_dup_due_text (&item, &today, "en");
  summary = awareness_progress_item_dup_summary (&item, &today, "en");
  g_assert_cmpstr (state, ==, "not started");
  g_assert_cmpstr (due, ==, "overdue since 2026-06-30");
  g_assert_cmpstr (summary, ==, "not started · overdue since 2026-06-30 · about 3 min");
  g_clear_pointer (&state, g_free);
  g_clear_pointer (&due, g_free);

  record.n_answered = 2;
  record.max_score = 5;
  record.score = 4;
  record.finished = finished;
  item.record = &record;
  item.state = AWARENESS_ATTEMPT_STATE_IN_PROGRESS;
  item.due_state = AWARENESS_DUE_PENDING;
  state = awareness_progress_item_dup_state_text (&item);
  due = awareness_progress_item_dup_due_text (&item, &today, "en");
  g_assert_cmpstr (state, ==, "in progress (2 of 5 answered)");
  g_assert_cmpstr (due, ==, "due by 2026-06-30");
  g_clear_pointer (&state, g_free);
  g_clear_pointer (&due, g_free);

  item.state = AWARENESS_ATTEMPT_STATE_PASSED;
  item.due_state = AWARENESS_DUE_COMPLETED;
  state = awareness_progress_item_dup_state_text (&item);
  due = awareness_progress_item_dup_due_text (&item, &today, "en");
  g_assert_true (g_str_has_prefix (state, "passed on 2026-11-25 "));
  g_assert_true (g_str_has_suffix (state, " (80%)"));
  g_assert_true (g_str_has_prefix (due, "done for "));
  g_clear_pointer (&due, g_free);

  item.due_state = AWARENESS_DUE_NOT_REQUIRED;
  g_assert_null (awareness_progress_item_dup_due_text (&item, &today, "en"));
}

/* The review of an attempt: the questions and choices as shown, the
 * learner's answer and the right one, from the records. */
static void
test_review (void)
{
  g_autofree char *path = temp_path ("records.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessStore) store = awareness_store_new_for_path (path, &error);
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, 11, NULL);
  g_autoptr(AwarenessReview) review = NULL;
  g_autoptr(AwarenessReview) english = NULL;
  g_autoptr(AwarenessReview) copy = NULL;
  AwarenessReviewQuestion *first;
  const char *wrong[2] = { NULL, NULL };

  g_assert_true (awareness_store_begin_attempt (store, attempt, "sato", "ja", &error));
  g_assert_no_error (error);
  /* The first question answered wrong, the others not yet. */
  {
    GPtrArray *shown = awareness_attempt_get_choices (attempt, 0);
    AwarenessQuestion *question = awareness_attempt_get_question (attempt, 0);

    for (guint c = 0; c < shown->len && wrong[0] == NULL; c++)
      if (!awareness_choice_get_correct (g_ptr_array_index (shown, c)))
        wrong[0] = awareness_choice_get_id (g_ptr_array_index (shown, c));
    g_assert_true (
      awareness_attempt_answer (attempt, awareness_question_get_id (question), wrong, &error));
    g_assert_true (
      awareness_store_record_answer (store, attempt, awareness_question_get_id (question), &error));
  }

  review = awareness_review_new_from_store (store, awareness_attempt_get_id (attempt), "ja",
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpstr (review->module_id, ==, "basics");
  g_assert_cmpstr (review->title, ==, awareness_module_get_title (module, "ja"));
  g_assert_cmpuint (review->questions->len, ==, awareness_attempt_get_n_questions (attempt));
  for (guint i = 0; i < review->questions->len; i++)
    {
      AwarenessReviewQuestion *question = g_ptr_array_index (review->questions, i);
      AwarenessQuestion *asked = awareness_attempt_get_question (attempt, i);
      GPtrArray *shown = awareness_attempt_get_choices (attempt, i);
      g_autofree char *prompt = awareness_question_dup_prompt (asked, "ja",
                                                               AWARENESS_TEXT_FORMAT_PLAIN);

      g_assert_cmpstr (question->id, ==, awareness_question_get_id (asked));
      g_assert_cmpint (question->kind, ==, awareness_question_get_kind (asked));
      g_assert_cmpstr (question->prompt, ==, prompt);
      g_assert_cmpuint (question->clauses->len, ==, awareness_question_get_clauses (asked)->len);
      g_assert_cmpuint (question->choices->len, ==, shown->len);
      for (guint c = 0; c < shown->len; c++)
        {
          AwarenessReviewChoice *choice = g_ptr_array_index (question->choices, c);

          /* In the order shown. */
          g_assert_cmpstr (choice->id, ==, awareness_choice_get_id (g_ptr_array_index (shown, c)));
          g_assert_cmpint (choice->correct, ==,
                           awareness_choice_get_correct (g_ptr_array_index (shown, c)));
          g_assert_cmpint (choice->chosen, ==, i == 0 && g_strcmp0 (choice->id, wrong[0]) == 0);
        }
      g_assert_false (question->right);
      if (i > 0)
        g_assert_null (question->answer);
    }
  first = g_ptr_array_index (review->questions, 0);
  g_assert_cmpstrv (first->answer, wrong);
  g_assert_true (((AwarenessReviewClause *) g_ptr_array_index (first->clauses, 0))->label[0]
                 != '\0');
  /* Clauses are cited by label and title, as everywhere else. */
  {
    AwarenessClause *asked = g_ptr_array_index (awareness_question_get_clauses (
                                                  awareness_attempt_get_question (attempt, 0)),
                                                0);
    g_autofree char *citation = awareness_clause_dup_citation (asked, "ja");

    g_assert_nonnull (awareness_clause_get_title (asked, "ja"));
    g_assert_cmpstr (((AwarenessReviewClause *) g_ptr_array_index (first->clauses, 0))->citation,
                     ==, citation);
  }

  english = awareness_review_new_from_store (store, awareness_attempt_get_id (attempt), "en",
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpstr (english->title, ==, awareness_module_get_title (module, "en"));
  copy = awareness_review_copy (english);
  g_assert_cmpstr (((AwarenessReviewQuestion *) g_ptr_array_index (copy->questions, 0))->prompt, ==,
                   ((AwarenessReviewQuestion *) g_ptr_array_index (english->questions, 0))->prompt);
}

/* Completes an attempt at “basics” for tanaka, every question answered
 * with its first choice as shown. */
static AwarenessAttempt *
complete_basics (AwarenessStore   *store,
                 AwarenessCatalog *catalog,
                 guint64           seed)
{
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  AwarenessAttempt *attempt = awareness_attempt_new (module, seed, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (awareness_store_begin_attempt (store, attempt, "tanaka", "ja", &error));
  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      const char *id = awareness_question_get_id (awareness_attempt_get_question (attempt, i));
      const char *choice = awareness_choice_get_id (
        g_ptr_array_index (awareness_attempt_get_choices (attempt, i), 0));

      g_assert_true (
        awareness_attempt_answer (attempt, id, (const char *[]){ choice, NULL }, &error));
      g_assert_true (awareness_store_record_answer (store, attempt, id, &error));
    }
  g_assert_true (awareness_complete_attempt (store, attempt, catalog, "tanaka", "ja", &error));
  g_assert_no_error (error);
  return attempt;
}

static AwarenessDelivery
delivery_of (AwarenessStore   *store,
             AwarenessAttempt *attempt)
{
  g_autoptr(GError) error = NULL;
  AwarenessDelivery delivery = AWARENESS_DELIVERY_NONE;

  g_assert_true (
    awareness_store_get_delivery (store, awareness_attempt_get_id (attempt), &delivery, &error));
  g_assert_no_error (error);
  return delivery;
}

/* The statement ids of @attempt waiting in the outbox. */
static GPtrArray *
pending_ids (AwarenessStore   *store,
             AwarenessAttempt *attempt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = awareness_store_list_outbox (store, AWARENESS_OUTBOX_PENDING, 0,
                                                             &error);
  g_autoptr(GPtrArray) mine =
    awareness_store_dup_statements (store, awareness_attempt_get_id (attempt), &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      AwarenessOutboxItem *item = g_ptr_array_index (items, i);

      for (guint s = 0; s < mine->len; s++)
        if (strstr (g_ptr_array_index (mine, s), item->statement_id) != NULL)
          {
            g_ptr_array_add (ids, g_strdup (item->statement_id));
            break;
          }
    }
  return ids;
}

/* Whether an attempt's result has reached the server: one answer for
 * the attempt, whatever the number of its statements. */
static void
test_delivery (void)
{
  g_autofree char *path = temp_path ("records.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessStore) store = awareness_store_new_for_path (path, &error);
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  g_autoptr(AwarenessAttempt) unfinished =
    awareness_attempt_new (awareness_catalog_lookup_module (catalog, "basics"), 3, NULL);
  g_autoptr(AwarenessAttempt) sent = NULL;
  g_autoptr(AwarenessAttempt) refused = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) refused_ids = NULL;

  g_assert_no_error (error);
  g_assert_true (awareness_store_begin_attempt (store, unfinished, "tanaka", "ja", &error));
  g_assert_cmpint (delivery_of (store, unfinished), ==, AWARENESS_DELIVERY_NONE);

  sent = complete_basics (store, catalog, 5);
  g_assert_cmpint (delivery_of (store, sent), ==, AWARENESS_DELIVERY_WAITING);
  ids = pending_ids (store, sent);
  g_assert_cmpuint (ids->len, >, 2);

  /* Part of it in a transfer file is still waiting to be sent. */
  g_assert_true (
    awareness_store_mark_exported (store, (const char * const *) ids->pdata, 1, &error));
  g_assert_cmpint (delivery_of (store, sent), ==, AWARENESS_DELIVERY_WAITING);
  g_assert_true (
    awareness_store_mark_exported (store, (const char * const *) ids->pdata, ids->len, &error));
  g_assert_cmpint (delivery_of (store, sent), ==, AWARENESS_DELIVERY_EXPORTED);
  /* Part of it sent is not sent. */
  g_assert_true (
    awareness_store_mark_sent (store, (const char * const *) ids->pdata, ids->len - 1, &error));
  g_assert_cmpint (delivery_of (store, sent), ==, AWARENESS_DELIVERY_EXPORTED);
  g_assert_true (
    awareness_store_mark_sent (store, (const char * const *) ids->pdata, ids->len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (delivery_of (store, sent), ==, AWARENESS_DELIVERY_SENT);

  /* One statement refused outweighs the others sent. */
  refused = complete_basics (store, catalog, 7);
  refused_ids = pending_ids (store, refused);
  g_assert_true (awareness_store_mark_sent (store, (const char * const *) refused_ids->pdata + 1,
                                            refused_ids->len - 1, &error));
  g_assert_true (
    awareness_store_mark_rejected (store, g_ptr_array_index (refused_ids, 0), "refused", &error));
  g_assert_no_error (error);
  g_assert_cmpint (delivery_of (store, refused), ==, AWARENESS_DELIVERY_REJECTED);
  /* The first is untouched. */
  g_assert_cmpint (delivery_of (store, sent), ==, AWARENESS_DELIVERY_SENT);
}

/* A damaged presentation is an error, never half shown; one without
 * questions (fetched from the server) has none. */
static void
test_review_damaged (void)
{
  static const char * const damaged[] = {
    "", "[]", "{", "{\"questions\": 3}", "{\"questions\": [1]}",
    "{\"questions\": [{\"id\": \"q\"}]}", "{\"questions\": [{\"choices\": []}]}",
    "{\"questions\": [{\"id\": \"q\", \"choices\": [{\"text\": {}}]}]}",
    "{\"questions\": [{\"id\": \"q\", \"choices\": [], \"clauses\": [\"x\"]}]}",
  };
  g_autoptr(AwarenessReview) remote = NULL;
  g_autoptr(AwarenessReview) odd = NULL;
  g_autoptr(GError) error = NULL;
  AwarenessReviewQuestion *question;

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(AwarenessReview) review = awareness_review_new (damaged[i], NULL, "ja", &error);

      g_test_message ("%s", damaged[i]);
      g_assert_null (review);
      g_assert_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_CORRUPT);
      g_clear_error (&error);
    }

  remote = awareness_review_new ("{\"module\": \"basics\", \"title\": {\"ja\": \"基本\"}}", NULL,
                                 "en", &error);
  g_assert_no_error (error);
  g_assert_null (remote->questions);
  g_assert_cmpstr (remote->title, ==, "基本");

  /* Texts of the wrong type read as empty; an unknown kind as single. */
  odd = awareness_review_new (
    "{\"questions\": [{\"id\": \"q\", \"kind\": \"essay\", \"prompt\": 5,"
    " \"choices\": [{\"id\": \"a\", \"correct\": \"yes\", \"text\": {\"en\": 1}}]}]}",
    NULL, "en", &error);
  g_assert_no_error (error);
  question = g_ptr_array_index (odd->questions, 0);
  g_assert_cmpint (question->kind, ==, AWARENESS_QUESTION_SINGLE);
  g_assert_cmpstr (question->prompt, ==, "");
  g_assert_false (((AwarenessReviewChoice *) g_ptr_array_index (question->choices, 0))->correct);
  g_assert_false (question->right);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_strcmp0 (argv[1], "--reader") == 0)
    {
      g_test_init (&argc, &argv, NULL);
      return run_reader (argv[2]);
    }
  if (argc == 5 && g_strcmp0 (argv[1], "--writer") == 0)
    {
      g_test_init (&argc, &argv, NULL);
      return run_writer (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10), argv[4]);
    }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/awareness/store/roundtrip", test_roundtrip);
  g_test_add_func ("/awareness/store/statement-content", test_statement_content);
  g_test_add_func ("/awareness/store/duration-format", test_duration_format);
  g_test_add_func ("/awareness/store/migrate-v1", test_migrate_v1);
  g_test_add_func ("/awareness/store/refuse-newer", test_refuse_newer);
  g_test_add_func ("/awareness/store/refuse-foreign", test_refuse_foreign);
  g_test_add_func ("/awareness/store/refuse-corrupt", test_refuse_corrupt);
  g_test_add_func ("/awareness/store/refuse-unopenable", test_refuse_unopenable);
  g_test_add_func ("/awareness/store/concurrent-writers", test_concurrent_writers);
  g_test_add_func ("/awareness/store/open-beside-writer", test_open_beside_writer);
  g_test_add_func ("/awareness/store/private-files", test_private_files);
  g_test_add_func ("/awareness/store/start-attempt", test_start_attempt);
  g_test_add_func ("/awareness/store/progress-text", test_progress_text);
  g_test_add_func ("/awareness/store/review", test_review);
  g_test_add_func ("/awareness/store/review-damaged", test_review_damaged);
  g_test_add_func ("/awareness/store/delivery", test_delivery);

  return g_test_run ();
}
