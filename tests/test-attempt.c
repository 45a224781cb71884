/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The quiz engine: draws, shuffles with fixed choices, scoring of every
 * question type, pass mark edges, answers that do not fit, resume and
 * retakes that avoid the previous questions.
 */
#include <string.h>

#include "awareness.h"

static AwarenessCatalog *
load_catalog (const char *dir)
{
  g_autoptr(GError) error = NULL;
  AwarenessCatalog *catalog = awareness_catalog_new_for_directory (dir, NULL, &error);

  g_assert_no_error (error);
  return catalog;
}

static AwarenessCatalog *
load_good (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);

  return load_catalog (dir);
}

static gboolean
answer (AwarenessAttempt *attempt,
        const char       *question,
        const char       *choices)
{
  g_auto(GStrv) ids = g_strsplit (choices, ",", -1);

  return awareness_attempt_answer (attempt, question, (const char * const *) ids, NULL);
}

static gboolean
has_question (AwarenessAttempt *attempt,
              const char       *id)
{
  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    if (g_strcmp0 (awareness_question_get_id (awareness_attempt_get_question (attempt, i)), id)
        == 0)
      return TRUE;
  return FALSE;
}

static void
test_scoring (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  AwarenessQuestion *single = awareness_module_lookup_question (module, "q1");
  AwarenessQuestion *multiple = awareness_module_lookup_question (module, "q2");
  AwarenessQuestion *tf = awareness_module_lookup_question (module, "q3");

  g_assert_true (awareness_question_check_answer (single, (const char *[]) { "a", NULL }));
  g_assert_false (awareness_question_check_answer (single, (const char *[]) { "b", NULL }));
  g_assert_false (awareness_question_check_answer (single, (const char *[]) { "z", NULL }));
  g_assert_false (awareness_question_check_answer (single, NULL));

  /* Multiple choice: all the correct choices and nothing else. */
  g_assert_true (awareness_question_check_answer (multiple, (const char *[]) { "a", "b", NULL }));
  g_assert_true (awareness_question_check_answer (multiple, (const char *[]) { "b", "a", NULL }));
  g_assert_false (awareness_question_check_answer (multiple, (const char *[]) { "a", NULL }));
  g_assert_false (
    awareness_question_check_answer (multiple, (const char *[]){ "a", "b", "c", NULL }));
  g_assert_false (awareness_question_check_answer (multiple, (const char *[]) { "c", NULL }));

  g_assert_true (awareness_question_check_answer (tf, (const char *[]) { "false", NULL }));
  g_assert_false (awareness_question_check_answer (tf, (const char *[]) { "true", NULL }));
}

static void
test_draw_deterministic (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(GHashTable) orders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint32 seed = 0; seed < 40; seed++)
    {
      g_autoptr(AwarenessAttempt) a = awareness_attempt_new (module, seed, NULL);
      g_autoptr(AwarenessAttempt) b = awareness_attempt_new (module, seed, NULL);
      g_autoptr(GString) order = g_string_new (NULL);

      /* A pool of 3, a draw of 2. */
      g_assert_cmpuint (awareness_attempt_get_n_questions (a), ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *ca = awareness_attempt_dup_choice_order (a, i);
          g_autofree char *cb = awareness_attempt_dup_choice_order (b, i);

          g_assert_true (awareness_attempt_get_question (a, i)
                         == awareness_attempt_get_question (b, i));
          g_assert_cmpstr (ca, ==, cb);
          g_string_append_printf (order, "%s:%s;",
                                  awareness_question_get_id (awareness_attempt_get_question (a, i)),
                                  ca);
        }
      g_assert_cmpstr (awareness_attempt_get_id (a), !=, awareness_attempt_get_id (b));
      g_hash_table_add (orders, g_string_free (g_steal_pointer (&order), FALSE));
    }

  /* Different seeds give different draws and orders. */
  g_assert_cmpuint (g_hash_table_size (orders), >, 5);
}

static void
test_shuffle_fixed (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_with_q1 = 0;

  for (guint32 seed = 0; seed < 200; seed++)
    {
      g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, seed, NULL);

      for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
        {
          AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
          GPtrArray *shown = awareness_attempt_get_choices (attempt, i);
          g_autofree char *order = awareness_attempt_dup_choice_order (attempt, i);

          g_assert_cmpuint (shown->len, ==, awareness_question_get_choices (question)->len);
          if (g_strcmp0 (awareness_question_get_id (question), "q1") == 0)
            {
              /* “z” is fixed in third place; a and b move. */
              g_assert_cmpstr (awareness_choice_get_id (g_ptr_array_index (shown, 2)), ==, "z");
              g_hash_table_add (seen, g_steal_pointer (&order));
              n_with_q1++;
            }
          if (g_strcmp0 (awareness_question_get_id (question), "q3") == 0)
            g_assert_cmpstr (order, ==, "true,false");
        }
    }

  g_assert_cmpuint (n_with_q1, >, 0);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2);
  g_assert_true (g_hash_table_contains (seen, "a,b,z"));
  g_assert_true (g_hash_table_contains (seen, "b,a,z"));
}

static void
test_pass_mark (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_catalog (g_getenv ("AWARENESS_CONTENT_DIR"));
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "staff-obligations");

  g_assert_cmpuint (awareness_module_get_pass_percent (module), ==, 80);

  /* 6 questions at 80 %: 5 right passes, 4 right fails. */
  for (guint right = 0; right <= 6; right++)
    {
      g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, 7, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (awareness_attempt_get_n_questions (attempt), ==, 6);
      for (guint i = 0; i < 6; i++)
        {
          AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
          GPtrArray *choices = awareness_question_get_choices (question);
          g_autoptr(GPtrArray) ids = g_ptr_array_new ();

          for (guint c = 0; c < choices->len; c++)
            {
              AwarenessChoice *choice = g_ptr_array_index (choices, c);

              /* The correct set, or one wrong choice. */
              if ((i < right) == awareness_choice_get_correct (choice))
                {
                  g_ptr_array_add (ids, (gpointer) awareness_choice_get_id (choice));
                  if (i >= right)
                    break;
                }
            }
          /* Every option right: one of them alone is wrong. */
          if (ids->len == 0)
            g_ptr_array_add (ids,
                             (gpointer) awareness_choice_get_id (g_ptr_array_index (choices, 0)));
          g_ptr_array_add (ids, NULL);
          g_assert_true (awareness_attempt_answer (attempt, awareness_question_get_id (question),
                                                   (const char * const *) ids->pdata, &error));
          g_assert_no_error (error);
        }

      g_assert_true (awareness_attempt_finish (attempt, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (awareness_attempt_get_score (attempt), ==, right);
      g_assert_cmpint (awareness_attempt_get_passed (attempt), ==, right >= 5);
    }
}

static void
test_pass_mark_half (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, 1, NULL);
  const char *right[] = { "q1", "a", "q2", "a,b", "q3", "false" };
  guint answered = 0;

  /* Pass mark 50 % over 2 questions: exactly one right passes. */
  for (guint i = 0; i < 2; i++)
    {
      const char *id = awareness_question_get_id (awareness_attempt_get_question (attempt, i));

      for (guint r = 0; r < G_N_ELEMENTS (right); r += 2)
        if (g_strcmp0 (id, right[r]) == 0)
          g_assert_true (answer (attempt, id, answered == 0 ? right[r + 1]
                                 : (g_strcmp0 (id, "q3") == 0 ? "true" : "b")));
      answered++;
    }

  g_assert_true (awareness_attempt_finish (attempt, NULL, NULL));
  g_assert_cmpuint (awareness_attempt_get_score (attempt), ==, 1);
  g_assert_true (awareness_attempt_get_passed (attempt));
}

static void
test_invalid_answers (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autoptr(GError) error = NULL;
  guint32 seed = 0;

  /* A seed whose draw holds q1 and q2. */
  do
    {
      g_clear_object (&attempt);
      attempt = awareness_attempt_new (module, seed++, NULL);
    }
  while (!has_question (attempt, "q1") || !has_question (attempt, "q2"));

  g_assert_false (
    awareness_attempt_answer (attempt, "q1", (const char *[]){ "a", "b", NULL }, &error));
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_INVALID_ANSWER);
  g_clear_error (&error);
  g_assert_false (awareness_attempt_answer (attempt, "q1", (const char *[]) { NULL }, &error));
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_INVALID_ANSWER);
  g_clear_error (&error);
  g_assert_false (
    awareness_attempt_answer (attempt, "q1", (const char *[]){ "nope", NULL }, &error));
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_UNKNOWN_CHOICE);
  g_clear_error (&error);
  g_assert_false (
    awareness_attempt_answer (attempt, "q2", (const char *[]){ "a", "a", NULL }, &error));
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_INVALID_ANSWER);
  g_clear_error (&error);
  g_assert_false (awareness_attempt_answer (attempt, "q9", (const char *[]) { "a", NULL }, &error));
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_UNKNOWN_QUESTION);
  g_clear_error (&error);

  /* Nothing was recorded by the refused answers. */
  g_assert_cmpuint (awareness_attempt_get_n_answered (attempt), ==, 0);
  g_assert_false (awareness_attempt_finish (attempt, NULL, &error));
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_INCOMPLETE);
  g_clear_error (&error);

  /* An answer may be changed until the attempt is finished. */
  g_assert_true (answer (attempt, "q1", "b"));
  g_assert_true (answer (attempt, "q1", "a"));
  g_assert_true (answer (attempt, "q2", "a,b"));
  g_assert_cmpuint (awareness_attempt_get_n_answered (attempt), ==, 2);
  g_assert_true (awareness_attempt_finish (attempt, NULL, &error));
  g_assert_cmpuint (awareness_attempt_get_score (attempt), ==, 2);
  g_assert_false (awareness_attempt_answer (attempt, "q1", (const char *[]) { "b", NULL }, &error));
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_FINISHED);
  g_clear_error (&error);
  g_assert_false (awareness_attempt_finish (attempt, NULL, &error));
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_FINISHED);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The state a UI binds to: properties that follow the getters, notified
 * when they change and only then. */
static void
test_properties (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autofree char *id = NULL;
  guint n_questions = 0, n_answered = 99, answered_notes = 0, finished_notes = 0;
  gboolean finished = TRUE;
  guint32 seed = 0;

  do
    {
      g_clear_object (&attempt);
      attempt = awareness_attempt_new (module, seed++, NULL);
    }
  while (!has_question (attempt, "q1") || !has_question (attempt, "q2"));

  g_object_get (attempt, "id", &id, "n-questions", &n_questions, "n-answered", &n_answered,
                "finished", &finished, NULL);
  g_assert_cmpstr (id, ==, awareness_attempt_get_id (attempt));
  g_assert_cmpuint (n_questions, ==, awareness_attempt_get_n_questions (attempt));
  g_assert_cmpuint (n_answered, ==, 0);
  g_assert_false (finished);

  g_signal_connect (attempt, "notify::n-answered", G_CALLBACK (count_notify_cb), &answered_notes);
  g_signal_connect (attempt, "notify::finished", G_CALLBACK (count_notify_cb), &finished_notes);

  g_assert_false (answer (attempt, "q1", "nope"));
  g_assert_cmpuint (answered_notes, ==, 0);
  g_assert_true (answer (attempt, "q1", "b"));
  g_assert_cmpuint (answered_notes, ==, 1);
  /* A changed answer does not change the count. */
  g_assert_true (answer (attempt, "q1", "a"));
  g_assert_cmpuint (answered_notes, ==, 1);
  g_object_get (attempt, "n-answered", &n_answered, NULL);
  g_assert_cmpuint (n_answered, ==, 1);

  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      AwarenessQuestion *q = awareness_attempt_get_question (attempt, i);
      AwarenessChoice *c = g_ptr_array_index (awareness_question_get_choices (q), 0);

      g_assert_true (awareness_attempt_answer (attempt, awareness_question_get_id (q),
                                               (const char *[]) { awareness_choice_get_id (c),
                                                                  NULL },
                                               NULL));
    }
  g_assert_cmpuint (answered_notes, ==, awareness_attempt_get_n_questions (attempt));
  g_assert_cmpuint (finished_notes, ==, 0);
  g_assert_true (awareness_attempt_finish (attempt, NULL, NULL));
  g_assert_cmpuint (finished_notes, ==, 1);
  g_object_get (attempt, "finished", &finished, NULL);
  g_assert_true (finished);
}

static void
test_restore (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good ();
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  g_autoptr(AwarenessAttempt) original = awareness_attempt_new (module, 11, NULL);
  g_autoptr(AwarenessAttempt) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < awareness_attempt_get_n_questions (original); i++)
    {
      g_ptr_array_add (ids, g_strdup (awareness_question_get_id (
                              awareness_attempt_get_question (original, i))));
      g_ptr_array_add (orders, awareness_attempt_dup_choice_order (original, i));
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (orders, NULL);

  restored = awareness_attempt_restore (module, awareness_attempt_get_id (original),
                                        awareness_module_get_digest (module),
                                        awareness_attempt_get_started (original),
                                        (const char * const *) ids->pdata,
                                        (const char * const *) orders->pdata, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (awareness_attempt_get_id (restored), ==, awareness_attempt_get_id (original));
  for (guint i = 0; i < awareness_attempt_get_n_questions (original); i++)
    {
      g_autofree char *a = awareness_attempt_dup_choice_order (original, i);
      g_autofree char *b = awareness_attempt_dup_choice_order (restored, i);

      g_assert_true (awareness_attempt_get_question (original, i)
                     == awareness_attempt_get_question (restored, i));
      g_assert_cmpstr (a, ==, b);
    }

  /* Another digest: the content changed, the attempt cannot resume. */
  g_clear_object (&restored);
  restored = awareness_attempt_restore (module, "x", "0000",
                                        awareness_attempt_get_started (original),
                                        (const char * const *) ids->pdata,
                                        (const char * const *) orders->pdata, &error);
  g_assert_null (restored);
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED);
  g_clear_error (&error);

  /* A question that no longer exists. */
  g_free (ids->pdata[0]);
  ids->pdata[0] = g_strdup ("gone");
  restored = awareness_attempt_restore (module, "x", awareness_module_get_digest (module),
                                        awareness_attempt_get_started (original),
                                        (const char * const *) ids->pdata,
                                        (const char * const *) orders->pdata, &error);
  g_assert_null (restored);
  g_assert_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED);
}

static void
test_retake_avoids (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_catalog (g_getenv ("AWARENESS_CONTENT_DIR"));
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "staff-obligations");
  g_autoptr(AwarenessCatalog) small = load_good ();
  AwarenessModule *basics = awareness_catalog_lookup_module (small, "basics");

  /* A pool of 12 and a draw of 6: the retake asks six other questions,
   * except one of a clause group that the first attempt used up, since
   * every draw covers every group. */
  for (guint32 seed = 0; seed < 30; seed++)
    {
      g_autoptr(AwarenessAttempt) first = awareness_attempt_new (module, seed, NULL);
      g_autoptr(AwarenessAttempt) second = NULL;
      g_autoptr(GPtrArray) avoid = g_ptr_array_new ();

      for (guint i = 0; i < awareness_attempt_get_n_questions (first); i++)
        g_ptr_array_add (avoid, (gpointer) awareness_question_get_id (
                                  awareness_attempt_get_question (first, i)));
      g_ptr_array_add (avoid, NULL);

      second = awareness_attempt_new (module, seed + 1000, (const char * const *) avoid->pdata);
      g_assert_cmpuint (awareness_attempt_get_n_questions (second), ==, 6);
      for (guint i = 0; i < 6; i++)
        {
          AwarenessQuestion *question = awareness_attempt_get_question (second, i);
          gint group = awareness_module_get_draw_group (module, question, NULL);
          GPtrArray *pool = awareness_module_get_questions (module);
          gboolean used_up = TRUE;
          guint repeats = 0;

          if (!g_strv_contains ((const char * const *) avoid->pdata,
                                awareness_question_get_id (question)))
            continue;
          for (guint q = 0; q < pool->len; q++)
            if (awareness_module_get_draw_group (module, g_ptr_array_index (pool, q), NULL) == group
                && !g_strv_contains ((const char * const *) avoid->pdata,
                                     awareness_question_get_id (g_ptr_array_index (pool, q))))
              used_up = FALSE;
          g_assert_true (used_up);
          /* Only one repeat for that group. */
          for (guint j = 0; j < 6; j++)
            if (awareness_module_get_draw_group (module, awareness_attempt_get_question (second, j),
                                                 NULL)
                  == group
                && g_strv_contains ((const char * const *) avoid->pdata,
                                    awareness_question_get_id (
                                      awareness_attempt_get_question (second, j))))
              repeats++;
          g_assert_cmpuint (repeats, ==, 1);
        }
    }

  /* A pool of 3 and a draw of 2: the one fresh question, then one repeat. */
  for (guint32 seed = 0; seed < 30; seed++)
    {
      const char *avoid[] = { "q1", "q2", NULL };
      g_autoptr(AwarenessAttempt) retake = awareness_attempt_new (basics, seed, avoid);

      g_assert_cmpuint (awareness_attempt_get_n_questions (retake), ==, 2);
      g_assert_true (has_question (retake, "q3"));
    }
}

/* The groups of tests/data/exhibit's module: the lesson citing basic.1
 * takes the three questions on basic.1; the lesson citing basic.2.1 the
 * other three. */
static void
test_clause_groups (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "exhibit", NULL);
  g_autoptr(AwarenessCatalog) catalog = load_catalog (dir);
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "mail");
  const char *first[] = { "q-mail", "q-chat", "q-purpose" };
  const char *second[] = { "q-see", "q-screen", "q-photo" };

  g_assert_cmpuint (awareness_module_get_n_draw_groups (module), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    {
      AwarenessLesson *lesson = NULL;

      g_assert_cmpint (awareness_module_get_draw_group (module,
                                                        awareness_module_lookup_question (module,
                                                                                          first[i]),
                                                        &lesson),
                       ==, 0);
      g_assert_cmpstr (awareness_lesson_get_id (lesson), ==, "purpose");
      g_assert_cmpint (awareness_module_get_draw_group (module,
                                                        awareness_module_lookup_question (module,
                                                                                          second
                                                                                            [i]),
                                                        &lesson),
                       ==, 1);
      g_assert_cmpstr (awareness_lesson_get_id (lesson), ==, "confidentiality");
    }
}

/* 1,000 seeded draws of 2 from two groups of 3: each has both groups,
 * and a retake never repeats the previous attempt's questions, since
 * each group still has a fresh one. */
static void
test_stratified_draw (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "exhibit", NULL);
  g_autoptr(AwarenessCatalog) catalog = load_catalog (dir);
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "mail");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (awareness_module_get_draw (module), ==, 2);
  for (guint32 seed = 0; seed < 1000; seed++)
    {
      g_autoptr(AwarenessAttempt) first = awareness_attempt_new (module, seed, NULL);
      g_autoptr(AwarenessAttempt) retake = NULL;
      const char *avoid[3] = { NULL, NULL, NULL };
      gboolean groups[2] = { FALSE, FALSE };

      g_assert_cmpuint (awareness_attempt_get_n_questions (first), ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          AwarenessQuestion *question = awareness_attempt_get_question (first, i);
          gint group = awareness_module_get_draw_group (module, question, NULL);

          g_assert_cmpint (group, >=, 0);
          groups[group] = TRUE;
          avoid[i] = awareness_question_get_id (question);
          g_hash_table_add (seen, (gpointer) avoid[i]);
        }
      g_assert_true (groups[0] && groups[1]);

      retake = awareness_attempt_new (module, seed + 7919, avoid);
      groups[0] = groups[1] = FALSE;
      for (guint i = 0; i < 2; i++)
        {
          AwarenessQuestion *question = awareness_attempt_get_question (retake, i);

          g_assert_false (g_strv_contains (avoid, awareness_question_get_id (question)));
          groups[awareness_module_get_draw_group (module, question, NULL)] = TRUE;
        }
      g_assert_true (groups[0] && groups[1]);
    }
  /* And the draws vary: every question is drawn sometime. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/awareness/attempt/scoring", test_scoring);
  g_test_add_func ("/awareness/attempt/draw-deterministic", test_draw_deterministic);
  g_test_add_func ("/awareness/attempt/shuffle-fixed", test_shuffle_fixed);
  g_test_add_func ("/awareness/attempt/pass-mark", test_pass_mark);
  g_test_add_func ("/awareness/attempt/pass-mark-half", test_pass_mark_half);
  g_test_add_func ("/awareness/attempt/invalid-answers", test_invalid_answers);
  g_test_add_func ("/awareness/attempt/properties", test_properties);
  g_test_add_func ("/awareness/attempt/restore", test_restore);
  g_test_add_func ("/awareness/attempt/retake-avoids", test_retake_avoids);
  g_test_add_func ("/awareness/attempt/clause-groups", test_clause_groups);
  g_test_add_func ("/awareness/attempt/stratified-draw", test_stratified_draw);

  return g_test_run ();
}
