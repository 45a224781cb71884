/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The content model through its public API, on the test tree and on the
 * content we ship: the shipped content is product and must validate.
 */
#include <string.h>

#include "awareness.h"

static AwarenessCatalog *
load (const char *dir,
      GPtrArray **problems)
{
  g_autoptr(GError) error = NULL;
  AwarenessCatalog *catalog = awareness_catalog_new_for_directory (dir, problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static AwarenessCatalog *
load_good (GPtrArray **problems)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);

  return load (dir, problems);
}

static void
test_catalog (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AwarenessCatalog) catalog = load_good (&problems);
  AwarenessModule *module;
  g_autofree char *iri = NULL;

  /* The test module lacks one translation: a warning, not an error. */
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (awareness_problem_get_severity (g_ptr_array_index (problems, 0)), ==,
                   AWARENESS_SEVERITY_WARNING);

  g_assert_cmpstr (awareness_catalog_get_id (catalog), ==, "test");
  g_assert_cmpuint (g_list_model_get_n_items (awareness_catalog_get_modules (catalog)), ==, 1);
  module = awareness_catalog_lookup_module (catalog, "basics");
  g_assert_nonnull (module);
  g_assert_null (awareness_catalog_lookup_module (catalog, "nope"));

  iri = awareness_catalog_dup_module_iri (catalog, module);
  g_assert_cmpstr (iri, ==, "https://awareness.example/activities/test/basics");

  g_assert_cmpstr (awareness_module_get_version (module), ==, "2026.1");
  g_assert_cmpuint (awareness_module_get_minutes (module), ==, 3);
  g_assert_cmpuint (awareness_module_get_pass_percent (module), ==, 50);
  g_assert_cmpuint (awareness_module_get_draw (module), ==, 2);
  g_assert_true (awareness_module_get_shuffle (module));
  g_assert_true (awareness_module_get_required (module));
  g_assert_cmpuint (strlen (awareness_module_get_digest (module)), ==, 64);
  g_assert_true (awareness_module_get_policy (module) == awareness_catalog_get_policy (catalog));
}

static void
test_languages (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good (NULL);
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");

  g_assert_cmpstr (awareness_module_get_title (module, "ja"), ==, "基本");
  g_assert_cmpstr (awareness_module_get_title (module, "en"), ==, "Basics");
  g_assert_cmpstr (awareness_module_get_title (module, "en_US.UTF-8"), ==, "Basics");
  g_assert_cmpstr (awareness_module_get_title (module, NULL), ==, "基本");
  /* No French: the source language. */
  g_assert_cmpstr (awareness_module_get_title (module, "fr"), ==, "基本");
  /* The summary has no English: the source language. */
  g_assert_cmpstr (awareness_module_get_summary (module, "en"), ==, "基本を学ぶ。");
}

static void
test_lessons (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good (NULL);
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  AwarenessLesson *lesson = awareness_module_lookup_lesson (module, "one");
  g_auto(GStrv) para_ja = NULL;
  g_auto(GStrv) para_en = NULL;
  g_auto(GStrv) markup = NULL;
  g_auto(GStrv) cite = NULL;
  g_auto(GStrv) items = NULL;
  GPtrArray *clauses;

  g_assert_nonnull (lesson);
  g_assert_true (awareness_lesson_get_module (lesson) == module);
  g_assert_cmpuint (awareness_lesson_get_n_blocks (lesson), ==, 3);

  g_assert_cmpint (awareness_lesson_get_block_kind (lesson, 0), ==, AWARENESS_BLOCK_PARAGRAPH);
  para_ja = awareness_lesson_dup_block_text (lesson, 0, "ja", AWARENESS_TEXT_FORMAT_PLAIN);
  g_assert_cmpstr (para_ja[0], ==, "情報資産を守ります（第1章 1）。");
  para_en = awareness_lesson_dup_block_text (lesson, 0, "en", AWARENESS_TEXT_FORMAT_PLAIN);
  g_assert_cmpstr (para_en[0], ==, "We protect information assets (Chapter 1, 1).");
  markup = awareness_lesson_dup_block_text (lesson, 0, "en", AWARENESS_TEXT_FORMAT_MARKUP);
  g_assert_cmpstr (markup[0], ==, "We protect information assets <small>(Chapter 1, 1)</small>.");

  g_assert_cmpint (awareness_lesson_get_block_kind (lesson, 1), ==, AWARENESS_BLOCK_CITE);
  g_assert_cmpstr (awareness_clause_get_id (awareness_lesson_get_block_clause (lesson, 1)), ==,
                   "basic.2");
  cite = awareness_lesson_dup_block_text (lesson, 1, "en", AWARENESS_TEXT_FORMAT_PLAIN);
  g_assert_cmpstr (cite[0], ==, "(1) Confidentiality\nOnly authorised persons can see it.\n"
                                "(2) A clause that does not concern staff.");

  g_assert_cmpint (awareness_lesson_get_block_kind (lesson, 2), ==, AWARENESS_BLOCK_LIST);
  items = awareness_lesson_dup_block_text (lesson, 2, "ja", AWARENESS_TEXT_FORMAT_MARKUP);
  g_assert_cmpuint (g_strv_length (items), ==, 1);
  g_assert_cmpstr (items[0], ==, "<b>機密性</b>を守る");

  clauses = awareness_lesson_get_clauses (lesson);
  g_assert_cmpuint (clauses->len, ==, 2);
}

static void
test_questions (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good (NULL);
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
  AwarenessQuestion *q1 = awareness_module_lookup_question (module, "q1");
  AwarenessQuestion *q2 = awareness_module_lookup_question (module, "q2");
  AwarenessQuestion *q3 = awareness_module_lookup_question (module, "q3");
  g_autofree char *prompt = NULL;
  g_autofree char *true_text = NULL;
  AwarenessChoice *choice;

  g_assert_cmpuint (awareness_module_get_questions (module)->len, ==, 3);
  g_assert_cmpint (awareness_question_get_kind (q1), ==, AWARENESS_QUESTION_SINGLE);
  g_assert_cmpint (awareness_question_get_kind (q2), ==, AWARENESS_QUESTION_MULTIPLE);
  g_assert_cmpint (awareness_question_get_kind (q3), ==, AWARENESS_QUESTION_TRUE_FALSE);

  prompt = awareness_question_dup_prompt (q1, "en", AWARENESS_TEXT_FORMAT_PLAIN);
  g_assert_cmpstr (prompt, ==, "What is the purpose?");

  choice = awareness_question_lookup_choice (q1, "a");
  g_assert_true (awareness_choice_get_correct (choice));
  g_assert_false (awareness_choice_get_fixed (choice));
  g_assert_true (awareness_choice_get_question (choice) == q1);
  g_assert_true (awareness_choice_get_fixed (awareness_question_lookup_choice (q1, "z")));
  g_assert_false (awareness_choice_get_correct (awareness_question_lookup_choice (q1, "b")));

  g_assert_cmpuint (awareness_question_get_clauses (q2)->len, ==, 2);
  g_assert_true (awareness_choice_get_correct (awareness_question_lookup_choice (q2, "b")));

  /* True/false questions have the choices “true” and “false”. */
  g_assert_cmpuint (awareness_question_get_choices (q3)->len, ==, 2);
  g_assert_false (awareness_choice_get_correct (awareness_question_lookup_choice (q3, "true")));
  g_assert_true (awareness_choice_get_correct (awareness_question_lookup_choice (q3, "false")));
  true_text = awareness_choice_dup_text (awareness_question_lookup_choice (q3, "true"), "en",
                                         AWARENESS_TEXT_FORMAT_PLAIN);
  g_assert_cmpstr (true_text, ==, "True");
}

static void
test_clauses (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good (NULL);
  AwarenessPolicy *policy = awareness_catalog_get_policy (catalog);
  AwarenessClause *clause = awareness_catalog_lookup_clause (catalog, "basic.2.1");
  AwarenessClause *part = awareness_policy_lookup_clause (policy, "basic");
  g_autofree char *ja = awareness_clause_dup_label (clause, "ja");
  g_autofree char *en = awareness_clause_dup_label (clause, "en");
  g_autofree char *part_label = awareness_clause_dup_label (part, "en");

  g_assert_cmpstr (ja, ==, "第1章 2(1)");
  g_assert_cmpstr (en, ==, "Chapter 1, 2(1)");
  g_assert_cmpstr (part_label, ==, "Chapter 1");
  g_assert_cmpstr (awareness_clause_get_title (clause, "en"), ==, "Confidentiality");
  g_assert_cmpstr (awareness_clause_get_number (clause), ==, "(1)");
  g_assert_cmpuint (awareness_clause_get_depth (clause), ==, 2);
  g_assert_true (awareness_clause_get_staff (clause));
  g_assert_false (
    awareness_clause_get_staff (awareness_policy_lookup_clause (policy, "basic.2.2")));
  g_assert_true (awareness_clause_is_ancestor_of (part, clause));
  g_assert_false (awareness_clause_is_ancestor_of (clause, part));
  g_assert_cmpuint (awareness_policy_get_parts (policy)->len, ==, 1);
  g_assert_cmpuint (awareness_policy_get_clauses (policy)->len, ==, 5);
  g_assert_null (awareness_policy_lookup_clause (policy, "basic.9"));
}

static void
test_coverage (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_good (NULL);
  g_autoptr(GPtrArray) coverage = awareness_catalog_compute_coverage (catalog);
  AwarenessCoverage *entry;

  g_assert_cmpuint (coverage->len, ==, 5);
  /* basic.1: one lesson cites it, q1 and q2 test it. */
  entry = g_ptr_array_index (coverage, 1);
  g_assert_cmpstr (awareness_clause_get_id (entry->clause), ==, "basic.1");
  g_assert_cmpuint (entry->lessons->len, ==, 1);
  g_assert_cmpuint (entry->questions->len, ==, 2);
  g_assert_true (entry->tested);
  /* basic.2 is tested through its sub-clause. */
  entry = g_ptr_array_index (coverage, 2);
  g_assert_cmpuint (entry->questions->len, ==, 0);
  g_assert_true (entry->tested);
  /* basic.2.2 is not tested, and not a staff clause. */
  entry = g_ptr_array_index (coverage, 4);
  g_assert_false (entry->tested);
  g_assert_false (awareness_clause_get_staff (entry->clause));
}

/* The shipped content is product: it must load without error or warning,
 * teach and test every staff clause, and meet the content rules. */
static void
test_shipped_content (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AwarenessCatalog) catalog = load (g_getenv ("AWARENESS_CONTENT_DIR"), &problems);
  g_autoptr(GPtrArray) coverage = awareness_catalog_compute_coverage (catalog);
  GListModel *modules = awareness_catalog_get_modules (catalog);
  AwarenessPolicy *policy = awareness_catalog_get_policy (catalog);
  static const char * const required_clauses[] = {
    "preface.1", "preface.2", "basic.1", "basic.2.5", "basic.2.6", "basic.2.7",
    "basic.3.1", "basic.3.5", "basic.4.1", "basic.4.2.2", "basic.5", "basic.6.3.1",
    "basic.6.3.2", "basic.6.3.3", "basic.6.8.social-media", "basic.7", "basic.8", "basic.10",
  };

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", awareness_problem_to_string (g_ptr_array_index (problems, i)));
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_cmpuint (g_list_model_get_n_items (modules), >=, 8);
  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);
      GPtrArray *questions = awareness_module_get_questions (module);

      g_assert_cmpuint (questions->len, >=, 8);
      g_assert_cmpuint (awareness_module_get_lessons (module)->len, >=, 1);
      g_assert_nonnull (awareness_module_get_summary (module, "en"));
      for (guint q = 0; q < questions->len; q++)
        g_assert_cmpuint (awareness_question_get_clauses (g_ptr_array_index (questions, q))->len,
                          >=, 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (required_clauses); i++)
    g_assert_nonnull (awareness_policy_lookup_clause (policy, required_clauses[i]));

  /* Every clause of the policy concerns staff and is tested. */
  for (guint i = 0; i < coverage->len; i++)
    {
      AwarenessCoverage *entry = g_ptr_array_index (coverage, i);

      g_assert_true (awareness_clause_get_staff (entry->clause));
      if (!entry->tested)
        g_error ("clause %s is not tested", awareness_clause_get_id (entry->clause));
    }

  /* The policy's words, as written in the seed. */
  {
    AwarenessClause *clause = awareness_policy_lookup_clause (policy, "basic.2.6");
    g_auto(GStrv) ja = awareness_clause_dup_paragraphs (clause, "ja", AWARENESS_TEXT_FORMAT_PLAIN);
    g_autofree char *label =
      awareness_clause_dup_label (awareness_policy_lookup_clause (policy, "basic.6.3.2"), "ja");

    g_assert_cmpstr (ja[0], ==, "情報が破壊、改ざん又は消去されていない状態を確保することをいう。");
    g_assert_cmpstr (label, ==, "第1章 6(3)②");
  }

  /* The three unnumbered paragraphs of 6(8) have headings of their own,
   * each in the words of its paragraph. */
  {
    GPtrArray *parts = awareness_clause_get_children (
      awareness_policy_lookup_clause (policy, "basic.6.8"));
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    g_assert_cmpuint (parts->len, ==, 3);
    for (guint i = 0; i < parts->len; i++)
      {
        AwarenessClause *part = g_ptr_array_index (parts, i);
        const char *title = awareness_clause_get_title (part, "ja");
        g_auto(GStrv) ja = awareness_clause_dup_paragraphs (part, "ja",
                                                             AWARENESS_TEXT_FORMAT_PLAIN);
        g_autofree char *words = NULL;

        g_assert_nonnull (title);
        g_assert_nonnull (awareness_clause_get_title (part, "en"));
        g_assert_true (g_hash_table_add (seen, (gpointer) title));
        /* 「外部サービスの利用」: 「外部サービスを利用する場合には」. */
        words = g_str_has_suffix (title, "の利用") ? g_strndup (title, strlen (title) - strlen ("の利用"))
                                                    : g_strdup (title);
        g_assert_nonnull (strstr (ja[0], words));
      }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/awareness/model/catalog", test_catalog);
  g_test_add_func ("/awareness/model/languages", test_languages);
  g_test_add_func ("/awareness/model/lessons", test_lessons);
  g_test_add_func ("/awareness/model/questions", test_questions);
  g_test_add_func ("/awareness/model/clauses", test_clauses);
  g_test_add_func ("/awareness/model/coverage", test_coverage);
  g_test_add_func ("/awareness/model/shipped-content", test_shipped_content);

  return g_test_run ();
}
