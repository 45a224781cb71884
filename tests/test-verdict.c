/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The statement reader and the IRI scheme: the statements the library
 * writes read back as what they say, and hostile or foreign statements
 * and IRIs are refused, never half read.
 */
#include <string.h>

#include "awareness.h"

static void
test_iri_build (void)
{
  g_autofree char *a = awareness_iri_build_module ("https://x.example/act", "m1");
  g_autofree char *b = awareness_iri_build_module ("https://x.example/act/", "m1");
  g_autofree char *q = awareness_iri_build_question ("https://x.example/act/", "m1", "q-2");

  g_assert_cmpstr (a, ==, "https://x.example/act/m1");
  g_assert_cmpstr (b, ==, a);
  g_assert_cmpstr (q, ==, "https://x.example/act/m1/questions/q-2");
}

static void
test_iri_parse (void)
{
  static const struct {
    const char      *iri;
    const char      *base;
    AwarenessIriKind kind;
    const char      *module;
    const char      *question;
  } cases[] = {
    { "https://x.example/act/m1", NULL, AWARENESS_IRI_MODULE, "m1", NULL },
    { "https://x.example/act/m1", "https://x.example/act", AWARENESS_IRI_MODULE, "m1", NULL },
    { "https://x.example/act/m1", "https://x.example/act/", AWARENESS_IRI_MODULE, "m1", NULL },
    { "https://x.example/act/m1/questions/q-2", NULL, AWARENESS_IRI_QUESTION, "m1", "q-2" },
    { "https://x.example/act/m1/questions/q-2", "https://x.example/act/", AWARENESS_IRI_QUESTION,
      "m1", "q-2" },
    { "https://x.example/m1", NULL, AWARENESS_IRI_MODULE, "m1", NULL },
    /* Outside the base, or with more or less than the scheme has. */
    { "https://x.example/act/m1", "https://x.example/other", AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example/act/sub/m1", "https://x.example/act", AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example/act/m1/questions/q/extra", "https://x.example/act", AWARENESS_IRI_NONE,
      NULL, NULL },
    { "https://x.example/act/", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example/act/m1/questions/", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example/act/m1?q=1", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example/act/m1#f", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "m1", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "/m1", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "://x/m1", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example/act/../m1", NULL, AWARENESS_IRI_MODULE, "m1", NULL },
    { "https://x.example/act/-m1", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example/act/m%201", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example/act/モジュール", NULL, AWARENESS_IRI_NONE, NULL, NULL },
    { "https://x.example/act/"
      "m123456789012345678901234567890123456789012345678901234567890123",
      NULL, AWARENESS_IRI_MODULE,
      "m123456789012345678901234567890123456789012345678901234567890123", NULL },
    { "https://x.example/act/"
      "m1234567890123456789012345678901234567890123456789012345678901234",
      NULL, AWARENESS_IRI_NONE, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *module = NULL;
      g_autofree char *question = NULL;
      AwarenessIriKind kind;

      kind = awareness_iri_parse (cases[i].iri, cases[i].base, &module, &question);
      g_test_message ("%s", cases[i].iri);
      g_assert_cmpint (kind, ==, cases[i].kind);
      g_assert_cmpstr (module, ==, cases[i].module);
      g_assert_cmpstr (question, ==, cases[i].question);
    }
  g_assert_cmpint (awareness_iri_parse (NULL, NULL, NULL, NULL), ==, AWARENESS_IRI_NONE);
  g_assert_cmpint (awareness_iri_parse ("https://x.example/a/m", NULL, NULL, NULL), ==,
                   AWARENESS_IRI_MODULE);
}

static AwarenessCatalog *
load_good (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  AwarenessCatalog *catalog = awareness_catalog_new_for_directory (dir, &problems, &error);

  g_assert_no_error (error);
  return catalog;
}

/* The statements of an attempt answered right but for its first
 * question, read back. */
static void
test_round_trip (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, 7, NULL);
  g_autoptr(GDateTime) finished = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  guint n = awareness_attempt_get_n_questions (attempt);
  guint answered = 0, verdicts = 0;

  for (guint i = 0; i < n; i++)
    {
      GPtrArray *shown = awareness_attempt_get_choices (attempt, i);
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      for (guint c = 0; c < shown->len; c++)
        if (awareness_choice_get_correct (g_ptr_array_index (shown, c)) == (i > 0))
          g_ptr_array_add (ids, (gpointer) awareness_choice_get_id (g_ptr_array_index (shown, c)));
      g_ptr_array_add (ids, NULL);
      if (i == 0 && awareness_question_get_kind (question) != AWARENESS_QUESTION_MULTIPLE)
        ids->pdata[1] = NULL;
      g_assert_true (awareness_attempt_answer (attempt, awareness_question_get_id (question),
                                               (const char * const *) ids->pdata, &error));
      g_assert_no_error (error);
    }
  finished = g_date_time_add_seconds (awareness_attempt_get_started (attempt), 65);
  g_assert_true (awareness_attempt_finish (attempt, finished, &error));
  statements = awareness_xapi_build_attempt_statements (attempt, catalog, "https://lrs.example",
                                                        "t-01", "ja");

  for (guint i = 0; i < statements->len; i++)
    {
      JsonObject *statement = json_node_get_object (g_ptr_array_index (statements, i));
      g_autoptr(AwarenessVerdict) verdict = awareness_verdict_new_from_statement (statement,
                                                                                   &error);
      g_autoptr(AwarenessVerdict) copy = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (verdict->home_page, ==, "https://lrs.example");
      g_assert_cmpstr (verdict->name, ==, "t-01");
      g_assert_cmpstr (verdict->module_id, ==, "basics");
      g_assert_cmpstr (verdict->registration, ==, awareness_attempt_get_id (attempt));
      g_assert_cmpstr (verdict->module_version, ==, "2026.1");
      g_assert_nonnull (verdict->instant);
      /* Written to the millisecond. */
      g_assert_cmpint (ABS (g_date_time_difference (verdict->instant, finished)), <, 1000);
      if (verdict->kind == AWARENESS_VERDICT_ANSWERED)
        {
          AwarenessQuestion *question = awareness_attempt_get_question (attempt, answered);

          g_assert_cmpstr (verdict->question_id, ==, awareness_question_get_id (question));
          g_assert_cmpint (verdict->success, ==, answered > 0);
          g_assert_nonnull (verdict->response);
          answered++;
          continue;
        }
      g_assert_null (verdict->question_id);
      g_assert_cmpint (verdict->raw, ==, (int) n - 1);
      g_assert_cmpint (verdict->max, ==, (int) n);
      g_assert_cmpint (verdict->score, ==, (int) ((n - 1) * 100.0 / n + 0.5));
      g_assert_cmpint (verdict->duration, ==, 65 * G_USEC_PER_SEC);
      copy = awareness_verdict_copy (verdict);
      g_assert_cmpstr (copy->activity, ==, verdict->activity);
      g_assert_true (copy->instant == verdict->instant);
      if (verdict->kind != AWARENESS_VERDICT_COMPLETED)
        {
          g_assert_cmpint (verdict->kind, ==,
                           awareness_attempt_get_passed (attempt) ? AWARENESS_VERDICT_PASSED
                                                                  : AWARENESS_VERDICT_FAILED);
          g_assert_cmpint (verdict->success, ==, awareness_attempt_get_passed (attempt));
          verdicts++;
        }
    }
  g_assert_cmpuint (answered, ==, n);
  g_assert_cmpuint (verdicts, ==, 1);
}

static AwarenessVerdict *
read_json (const char *json,
           GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return awareness_verdict_new_from_statement (json_node_get_object (json_parser_get_root (parser)),
                                               error);
}

#define ACTOR "\"actor\":{\"account\":{\"homePage\":\"https://lrs.example\",\"name\":\"t-01\"}}"
#define PASSED "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/passed\"}"
#define MODULE "\"object\":{\"id\":\"https://x.example/act/m1\"}"
#define WHEN "\"timestamp\":\"2026-05-01T09:00:00Z\""

/* One rule: scaled × 100 rounded, else raw / max, else none. */
static void
test_score_rule (void)
{
  static const struct {
    const char *score;
    int         percent, raw, max;
  } cases[] = {
    { "{\"scaled\":0.8,\"raw\":4,\"max\":5}", 80, 4, 5 },
    { "{\"scaled\":0.666666}", 67, -1, -1 },
    { "{\"scaled\":0.005}", 1, -1, -1 },
    { "{\"raw\":2,\"max\":3}", 67, 2, 3 },
    { "{\"raw\":1,\"max\":8}", 13, 1, 8 },
    /* Disagreeing: scaled wins. */
    { "{\"scaled\":0.5,\"raw\":4,\"max\":5}", 50, 4, 5 },
    /* Out of range or not numbers. */
    { "{\"scaled\":1.5,\"raw\":6,\"max\":5}", -1, 6, 5 },
    { "{\"scaled\":-0.5}", -1, -1, -1 },
    { "{\"scaled\":\"0.8\",\"raw\":\"4\",\"max\":5}", -1, -1, -1 },
    { "{\"raw\":0,\"max\":0}", -1, 0, 0 },
    { "{\"raw\":-1,\"max\":5}", -1, -1, -1 },
    { "{\"raw\":4,\"max\":1e300}", -1, -1, -1 },
    { "{}", -1, -1, -1 },
    { "\"high\"", -1, -1, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{" ACTOR "," PASSED "," MODULE "," WHEN
                                               ",\"result\":{\"score\":%s}}", cases[i].score);
      g_autoptr(GError) error = NULL;
      g_autoptr(AwarenessVerdict) verdict = read_json (json, &error);

      g_test_message ("%s", cases[i].score);
      g_assert_no_error (error);
      g_assert_cmpint (verdict->score, ==, cases[i].percent);
      g_assert_cmpint (verdict->raw, ==, cases[i].raw);
      g_assert_cmpint (verdict->max, ==, cases[i].max);
    }
}

static void
test_hostile (void)
{
  static const struct {
    const char *json;
    int         code;
  } cases[] = {
    /* Verbs by exact IRI: a suffix is not enough. */
    { "{" ACTOR ",\"verb\":{\"id\":\"https://evil.example/passed\"}," MODULE "," WHEN "}",
      AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    { "{" ACTOR ",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/passed/\"}," MODULE "," WHEN
      "}",
      AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    { "{" ACTOR ",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"}," MODULE "," WHEN "}",
      AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    { "{" ACTOR ",\"verb\":\"passed\"," MODULE "," WHEN "}", AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    /* Actors and objects of the wrong kind or shape. */
    { "{\"actor\":{\"mbox\":\"mailto:a@example.org\"}," PASSED "," MODULE "," WHEN "}",
      AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    { "{\"actor\":{\"account\":{\"homePage\":1,\"name\":\"t\"}}," PASSED "," MODULE "," WHEN "}",
      AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    { "{\"actor\":[]," PASSED "," MODULE "," WHEN "}", AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    { "{" ACTOR "," PASSED
      ",\"object\":{\"objectType\":\"Agent\",\"id\":\"https://x.example/a/m\"}," WHEN "}",
      AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    { "{" ACTOR "," PASSED ",\"object\":{\"id\":7}," WHEN "}",
      AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    { "{" ACTOR "," PASSED "," WHEN "}", AWARENESS_VERDICT_ERROR_NOT_VERDICT },
    /* A verdict that lacks what one needs. */
    { "{" ACTOR "," PASSED "," MODULE "}", AWARENESS_VERDICT_ERROR_INVALID },
    { "{" ACTOR "," PASSED "," MODULE ",\"timestamp\":\"yesterday\"}",
      AWARENESS_VERDICT_ERROR_INVALID },
    { "{" ACTOR "," PASSED "," MODULE ",\"timestamp\":12}", AWARENESS_VERDICT_ERROR_INVALID },
    { "{" ACTOR "," PASSED ",\"object\":{\"id\":\"https://x.example/act/m1/questions/q\"}," WHEN
      "}",
      AWARENESS_VERDICT_ERROR_INVALID },
    { "{" ACTOR "," PASSED ",\"object\":{\"id\":\"urn:x:m1\"}," WHEN "}",
      AWARENESS_VERDICT_ERROR_INVALID },
    /* Answers without success or registration. */
    { "{" ACTOR ",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"}," MODULE
      ",\"context\":{\"registration\":\"A-B\"}}",
      AWARENESS_VERDICT_ERROR_INVALID },
    { "{" ACTOR ",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"}," MODULE
      ",\"result\":{\"success\":\"yes\"},\"context\":{\"registration\":\"A-B\"}}",
      AWARENESS_VERDICT_ERROR_INVALID },
    { "{" ACTOR ",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"}," MODULE
      ",\"result\":{\"success\":true}}",
      AWARENESS_VERDICT_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AwarenessVerdict) verdict = read_json (cases[i].json, &error);

      g_test_message ("%s", cases[i].json);
      g_assert_null (verdict);
      g_assert_error (error, AWARENESS_VERDICT_ERROR, cases[i].code);
    }
}

/* An answer to an activity outside the scheme is still an answer; its
 * registration is read in lower case; a long duration is unknown. */
static void
test_foreign_answer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessVerdict) answer = read_json (
    "{" ACTOR ",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
    "\"object\":{\"id\":\"urn:x:item\"},\"result\":{\"success\":false,\"response\":\"a[,]b\","
    "\"duration\":\"PT25H\"},\"context\":{\"registration\":\"ABCD-EF\",\"language\":\"ja-JP\"}}",
    &error);

  g_assert_no_error (error);
  g_assert_cmpint (answer->kind, ==, AWARENESS_VERDICT_ANSWERED);
  g_assert_null (answer->module_id);
  g_assert_null (answer->question_id);
  g_assert_false (answer->success);
  g_assert_cmpstr (answer->response, ==, "a[,]b");
  g_assert_cmpstr (answer->registration, ==, "abcd-ef");
  g_assert_cmpstr (answer->language, ==, "ja-JP");
  g_assert_cmpint (answer->duration, ==, 0);
  g_assert_null (answer->instant);
  g_assert_cmpstr (awareness_verdict_kind_to_verb (AWARENESS_VERDICT_FAILED), ==,
                   AWARENESS_XAPI_VERB_FAILED);
}

/* A verdict stands only when its attempt's answers score to it against
 * the module: not without them, not with one missing or repeated, not
 * with a wrong answer that claims success, not on another version. */
static void
test_check_attempt (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, 3, NULL);
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) answers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_verdict_free);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) fewer = g_ptr_array_new ();
  g_autoptr(GPtrArray) twice = g_ptr_array_new ();
  g_autoptr(AwarenessVerdict) passed = NULL;
  g_autoptr(AwarenessVerdict) completed = NULL;
  g_autoptr(AwarenessVerdict) failed = NULL;
  g_autoptr(AwarenessVerdict) forged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *right_response = NULL;

  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
      GPtrArray *choices = awareness_question_get_choices (question);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      for (guint c = 0; c < choices->len; c++)
        if (awareness_choice_get_correct (g_ptr_array_index (choices, c)))
          g_ptr_array_add (ids,
                           (gpointer) awareness_choice_get_id (g_ptr_array_index (choices, c)));
      g_ptr_array_add (ids, NULL);
      g_assert_true (awareness_attempt_answer (attempt, awareness_question_get_id (question),
                                               (const char * const *) ids->pdata, &error));
    }
  g_assert_true (awareness_attempt_finish (attempt, NULL, &error));
  g_assert_true (awareness_attempt_get_passed (attempt));
  statements = awareness_xapi_build_attempt_statements (attempt, catalog, "https://lrs.example",
                                                        "t-01", "ja");
  for (guint i = 0; i < statements->len; i++)
    {
      AwarenessVerdict *verdict = awareness_verdict_new_from_statement (
        json_node_get_object (g_ptr_array_index (statements, i)), &error);

      g_assert_no_error (error);
      if (verdict->kind == AWARENESS_VERDICT_ANSWERED)
        g_ptr_array_add (answers, verdict);
      else if (verdict->kind == AWARENESS_VERDICT_PASSED)
        passed = verdict;
      else
        completed = verdict;
    }
  g_assert_nonnull (passed);

  g_assert_true (awareness_verdict_check_attempt (passed, module, answers, &error));
  g_assert_no_error (error);
  g_assert_true (awareness_verdict_check_attempt (completed, module, answers, &error));

  /* A bare pass. */
  g_assert_false (awareness_verdict_check_attempt (passed, module, none, &error));
  g_assert_error (error, AWARENESS_VERDICT_ERROR, AWARENESS_VERDICT_ERROR_UNEARNED);
  g_clear_error (&error);

  /* One answer missing; one answer twice. */
  for (guint i = 1; i < answers->len; i++)
    g_ptr_array_add (fewer, g_ptr_array_index (answers, i));
  g_assert_false (awareness_verdict_check_attempt (passed, module, fewer, NULL));
  g_ptr_array_extend (twice, fewer, NULL, NULL);
  g_ptr_array_add (twice, g_ptr_array_index (answers, 1));
  g_assert_false (awareness_verdict_check_attempt (passed, module, twice, NULL));

  /* The same answers cannot make a failure. */
  failed = awareness_verdict_copy (passed);
  failed->kind = AWARENESS_VERDICT_FAILED;
  g_assert_false (awareness_verdict_check_attempt (failed, module, answers, NULL));

  /* Another version of the module than the one published. */
  forged = awareness_verdict_copy (passed);
  g_free (forged->module_version);
  forged->module_version = g_strdup ("1999.1");
  g_assert_false (awareness_verdict_check_attempt (forged, module, answers, NULL));

  /* Wrong answers that claim success: re-scored, they fail the pass. */
  for (guint i = 0; i < answers->len; i++)
    {
      AwarenessVerdict *answer = g_ptr_array_index (answers, i);
      AwarenessQuestion *question = awareness_module_lookup_question (module, answer->question_id);
      GPtrArray *choices = awareness_question_get_choices (question);

      for (guint c = 0; c < choices->len; c++)
        if (!awareness_choice_get_correct (g_ptr_array_index (choices, c)))
          {
            g_free (answer->response);
            answer->response = g_strdup (awareness_choice_get_id (g_ptr_array_index (choices, c)));
            break;
          }
      g_assert_true (answer->success);
    }
  g_assert_false (awareness_verdict_check_attempt (passed, module, answers, &error));
  g_assert_error (error, AWARENESS_VERDICT_ERROR, AWARENESS_VERDICT_ERROR_UNEARNED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/awareness/iri/build", test_iri_build);
  g_test_add_func ("/awareness/iri/parse", test_iri_parse);
  g_test_add_func ("/awareness/verdict/round-trip", test_round_trip);
  g_test_add_func ("/awareness/verdict/score-rule", test_score_rule);
  g_test_add_func ("/awareness/verdict/hostile", test_hostile);
  g_test_add_func ("/awareness/verdict/foreign-answer", test_foreign_answer);
  g_test_add_func ("/awareness/verdict/check-attempt", test_check_attempt);

  return g_test_run ();
}
