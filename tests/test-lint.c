/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The item-writing checks: each rule flags the one module of tests/data/lint
 * that plants its flaw, and nothing else; the CLI prints them with
 * file:line:column and the rule, or as JSON, and exits 1; and the shipped
 * content is clean.
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "awareness.h"

static AwarenessCatalog *
load (const char *dir)
{
  g_autoptr(GError) error = NULL;
  AwarenessCatalog *catalog = awareness_catalog_new_for_directory (dir, NULL, &error);

  g_assert_no_error (error);
  return catalog;
}

static void
test_planted_flaws (void)
{
  static const struct { const char *rule; const char *file; } expected[] = {
    { "longest-right", "longest.xml" },
    { "unequal-options", "unequal.xml" },
    { "fixed-right-count", "fixedcount.xml" },
    { "absolute-in-distractor", "absolute.xml" },
    { "negative-unemphasised", "negative.xml" },
    { "near-duplicate", "dup-b.xml" },
    { "letter-reference", "letters.xml" },
    { "clause-tested-once", "clause.xml" },
    { "translation-mismatch", "translation.xml" },
    { "drill-few-signs", "few-signs.xml" },
  };
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "lint", NULL);
  g_autoptr(AwarenessCatalog) catalog = load (dir);
  g_autoptr(GPtrArray) warnings = awareness_lint_catalog (catalog);
  guint found[G_N_ELEMENTS (expected)] = { 0 };
  const char * const *rules = awareness_lint_get_rules ();

  /* One planted case for every rule. */
  g_assert_cmpuint (g_strv_length ((char **) rules), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < warnings->len; i++)
    {
      AwarenessLintWarning *warning = g_ptr_array_index (warnings, i);
      g_autofree char *base = g_path_get_basename (awareness_lint_warning_get_file (warning));
      gboolean known = FALSE;
      g_autofree char *text = awareness_lint_warning_to_string (warning);

      g_test_message ("%s", text);
      g_assert_true (g_strv_contains (rules, awareness_lint_warning_get_rule (warning)));
      g_assert_cmpuint (awareness_lint_warning_get_line (warning), >, 0);
      g_assert_cmpuint (awareness_lint_warning_get_column (warning), >, 0);
      for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
        if (strcmp (expected[e].rule, awareness_lint_warning_get_rule (warning)) == 0 &&
            strcmp (expected[e].file, base) == 0)
          {
            found[e]++;
            known = TRUE;
          }
      if (!known)
        g_error ("unexpected warning: %s", text);
    }
  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    if (found[e] == 0)
      g_error ("rule %s did not flag %s", expected[e].rule, expected[e].file);
}

/* Each explanation of tests/data/lint/modules/letters.xml that names a
 * choice by its letter (“dは誤り”, “(a)”, “選択肢b”, “eも”, “Ｃの”,
 * “Choice B”) or its place (“２番目の選択肢”, “Answer 2”, “the last
 * option”) is flagged, in both languages, at its own line; question r8,
 * which says “LGWAN”, “e-mail”, “A社” and “6(3)”, is not. */
static void
test_letter_references (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "lint", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "lint", "modules",
                                                 "letters.xml", NULL);
  g_autoptr(AwarenessCatalog) catalog = load (dir);
  g_autoptr(GPtrArray) warnings = awareness_lint_catalog (catalog);
  g_autoptr(GHashTable) expected = g_hash_table_new (NULL, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean clean = FALSE;
  guint flagged = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "<question ") != NULL)
        clean = strstr (lines[i], "id=\"r8\"") != NULL;
      if (strstr (lines[i], "<explanation") != NULL && !clean)
        g_hash_table_add (expected, GUINT_TO_POINTER (i + 1));
    }
  g_assert_cmpuint (g_hash_table_size (expected), ==, 14);

  for (guint i = 0; i < warnings->len; i++)
    {
      AwarenessLintWarning *warning = g_ptr_array_index (warnings, i);
      g_autofree char *base = g_path_get_basename (awareness_lint_warning_get_file (warning));
      g_autofree char *message = awareness_lint_warning_to_string (warning);

      if (strcmp (awareness_lint_warning_get_rule (warning), "letter-reference") != 0)
        continue;
      g_test_message ("%s", message);
      g_assert_cmpstr (base, ==, "letters.xml");
      if (!g_hash_table_remove (expected,
                                GUINT_TO_POINTER (awareness_lint_warning_get_line (warning))))
        g_error ("unexpected: %s", message);
      flagged++;
    }
  g_assert_cmpuint (flagged, ==, 14);
  g_assert_cmpuint (g_hash_table_size (expected), ==, 0);
}

/* The rules that must not fire: emphasis, varied right counts, words in
 * right answers too.  The exhibit test module is written to the rules. */
static void
test_clean (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "exhibit", NULL);
  g_autoptr(AwarenessCatalog) catalog = load (dir);
  g_autoptr(GPtrArray) warnings = awareness_lint_catalog (catalog);

  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *text = awareness_lint_warning_to_string (g_ptr_array_index (warnings, i));

      if (strcmp (awareness_lint_warning_get_rule (g_ptr_array_index (warnings, i)),
                  "clause-tested-once")
          != 0)
        g_error ("unexpected warning: %s", text);
    }
}

static int
run_cli (const char  *content,
         gboolean     json,
         char       **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("AWARENESS_CLI"),
                              "lint", "--content", content, json ? "--json" : NULL, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_cli (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "lint", NULL);
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *where = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *list;

  g_assert_cmpint (run_cli (dir, FALSE, &out), ==, 1);
  where = g_strdup_printf ("%s/modules/negative.xml:13:7: negative-unemphasised: ", dir);
  g_assert_nonnull (strstr (out, where));

  g_assert_cmpint (run_cli (dir, TRUE, &json), ==, 1);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  list = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (list), >=, 9);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *warning = json_array_get_object_element (list, i);

      g_assert_true (json_object_has_member (warning, "file"));
      g_assert_cmpint (json_object_get_int_member (warning, "line"), >, 0);
      g_assert_cmpint (json_object_get_int_member (warning, "column"), >, 0);
      g_assert_nonnull (json_object_get_string_member (warning, "rule"));
      g_assert_nonnull (json_object_get_string_member (warning, "message"));
    }
}

/* The content that ships passes with no warning. */
static void
test_shipped_content (void)
{
  g_autoptr(AwarenessCatalog) catalog = load (g_getenv ("AWARENESS_CONTENT_DIR"));
  g_autoptr(GPtrArray) warnings = awareness_lint_catalog (catalog);

  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *text = awareness_lint_warning_to_string (g_ptr_array_index (warnings, i));

      g_test_message ("%s", text);
    }
  g_assert_cmpuint (warnings->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/awareness/lint/planted-flaws", test_planted_flaws);
  g_test_add_func ("/awareness/lint/letter-references", test_letter_references);
  g_test_add_func ("/awareness/lint/clean", test_clean);
  g_test_add_func ("/awareness/lint/cli", test_cli);
  g_test_add_func ("/awareness/lint/shipped-content", test_shipped_content);
  return g_test_run ();
}
