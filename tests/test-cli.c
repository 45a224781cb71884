/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The awareness command as a user runs it: exit codes, messages with
 * positions, JSON that parses, and both languages of the interface.
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "awareness.h"
#include "../cli/cli-common.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* The terminal width the CLI is run with. */
static const char *columns = "80";

/* Runs the CLI with @locale (NULL for C.UTF-8) and the given arguments. */
static void
run_cli (Run        *run,
         const char *locale,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("AWARENESS_CLI"));
  va_start (args, locale);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "LANGUAGE");
  envp = g_environ_unsetenv (envp, "LC_MESSAGES");
  envp = g_environ_setenv (envp, "LC_ALL", locale != NULL ? locale : "C.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "COLUMNS", columns, TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (run->status));
  run->status = WEXITSTATUS (run->status);
}

static char *
data_path (const char *first,
           ...)
{
  /* Built by hand: g_test_build_filename takes no va_list. */
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "data");
  g_ptr_array_add (parts, (gpointer) first);
  va_start (args, first);
  while ((part = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

static void
test_validate_good (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *dir = data_path ("good", NULL);

  run_cli (&run, NULL, "validate", dir, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (
    strstr (run.out, "modules/basics.xml:5:3: warning: <summary> has no English translation"));
  g_assert_nonnull (strstr (run.out, "Valid, with 1 warning."));
}

static void
test_validate_shipped (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, NULL, "validate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Valid: no problems found.\n");
}

static void
test_validate_bad (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *good = data_path ("good", NULL);
  g_autofree char *bad = data_path ("bad", "many.xml", NULL);
  g_autofree char *expected = g_strdup_printf ("%s:17:3: error: pass-percent=\"0\" is out of range",
                                               bad);

  run_cli (&run, NULL, "validate", "--content", good, bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, expected));
  g_assert_nonnull (strstr (run.out, "Invalid: 3 errors, 1 warning."));
}

static void
test_validate_json (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *good = data_path ("good", NULL);
  g_autofree char *bad = data_path ("bad", "many.xml", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *problems;

  run_cli (&run, NULL, "validate", "--json", "--content", good, bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (root, "valid"));
  g_assert_cmpint (json_object_get_int_member (root, "errors"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "warnings"), ==, 1);
  problems = json_object_get_array_member (root, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 2),
                                                  "code"),
                   ==, "duplicate-id");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (problems, 2), "line"),
                   ==, 27);
}

static void
test_validate_hostile (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *xxe = data_path ("hostile", "xxe-file.xml", NULL);
  g_autofree char *lol = data_path ("hostile", "billion-laughs.xml", NULL);
  g_autofree char *utf8 = data_path ("hostile", "invalid-utf8.xml", NULL);

  /* Several files: every one is checked and reported. */
  run_cli (&run, NULL, "validate", xxe, lol, utf8, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strstr (run.out, "root:"));
  g_assert_nonnull (strstr (run.out, "xxe-file.xml:2:1: error: A document type declaration"));
  g_assert_nonnull (strstr (run.out, "billion-laughs.xml:2:1: error: A document type declaration"));
  g_assert_nonnull (strstr (run.out, "invalid-utf8.xml:3:10: error: Invalid UTF-8"));
}

static void
test_usage (void)
{
  g_auto(Run) run1 = { 0 };
  g_auto(Run) run2 = { 0 };
  g_auto(Run) run3 = { 0 };
  g_auto(Run) run4 = { 0 };

  run_cli (&run1, NULL, NULL);
  g_assert_cmpint (run1.status, ==, 2);
  run_cli (&run2, NULL, "frobnicate", NULL);
  g_assert_cmpint (run2.status, ==, 2);
  g_assert_nonnull (strstr (run2.err, "unknown command “frobnicate”"));
  run_cli (&run3, NULL, "validate", "/nonexistent/file.xml", NULL);
  g_assert_cmpint (run3.status, ==, 2);
  g_assert_nonnull (strstr (run3.err, "“/nonexistent/file.xml” does not exist"));
  run_cli (&run4, NULL, "show", "--bogus", NULL);
  g_assert_cmpint (run4.status, ==, 2);
}

/* The shipped sample of an internal package validates, is lint-clean, and
 * is marked as a sample in every listing, never as the City's rules. */
static void
test_internal_sample (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("AWARENESS_CONTENT_DIR"), "internal-sample",
                                           NULL);
  g_autofree char *policy = g_build_filename (dir, "policy.xml", NULL);
  g_autofree char *main_policy = g_build_filename (g_getenv ("AWARENESS_CONTENT_DIR"), "policy.xml",
                                                   NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (dir, NULL, &error);
  g_autoptr(GPtrArray) warnings = NULL;
  g_auto(Run) validate = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) ja = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) show = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *module;

  g_assert_no_error (error);
  g_assert_true (awareness_catalog_get_internal (catalog));
  g_assert_true (awareness_catalog_get_sample (catalog));
  g_assert_nonnull (awareness_catalog_lookup_module (catalog, "city-rules"));
  warnings = awareness_lint_catalog (catalog);
  g_assert_cmpuint (warnings->len, ==, 0);
  /* The sample cites the shipped policy's text, word for word. */
  g_assert_true (g_file_get_contents (policy, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (main_policy, &b, NULL, NULL));
  g_assert_cmpstr (a, ==, b);

  run_cli (&validate, NULL, "validate", dir, NULL);
  g_assert_cmpint (validate.status, ==, 0);

  run_cli (&list, NULL, "list", "--content", dir, NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "SAMPLE: placeholders, not the City's rules."));
  g_assert_nonnull (strstr (list.out, "[SAMPLE]"));
  run_cli (&ja, "ja_JP.UTF-8", "list", "--content", dir, NULL);
  g_assert_nonnull (strstr (ja.out, "サンプル"));
  g_assert_nonnull (strstr (ja.out, "市の実際のルールではありません"));

  run_cli (&show, NULL, "show", "--content", dir, "city-rules", NULL);
  g_assert_cmpint (show.status, ==, 0);
  g_assert_nonnull (strstr (show.out, "SAMPLE: placeholders, not the City's rules."));
  g_assert_nonnull (strstr (show.out, "contact here)"));

  run_cli (&json, NULL, "list", "--json", "--content", dir, NULL);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, NULL));
  module = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_true (json_object_get_boolean_member (module, "internal"));
  g_assert_true (json_object_get_boolean_member (module, "sample"));
}

static void
test_list (void)
{
  g_auto(Run) en = { 0 };
  g_auto(Run) ja = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *modules;

  run_cli (&en, NULL, "list", NULL);
  g_assert_cmpint (en.status, ==, 0);
  g_assert_nonnull (strstr (en.out, "Obligations of staff"));
  g_assert_nonnull (strstr (en.out, "6 of 12 questions"));

  run_cli (&ja, "ja_JP.UTF-8", "list", NULL);
  g_assert_cmpint (ja.status, ==, 0);
  g_assert_nonnull (strstr (ja.out, "職員等の遵守義務と教育"));
  g_assert_nonnull (strstr (ja.out, "12問中6問"));
  g_assert_null (strstr (ja.out, "questions"));

  run_cli (&json, NULL, "list", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  modules = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (modules), >=, 8);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (modules, 0),
                                                  "iri"),
                   ==, "https://awareness.example/activities/minamikyushu/policy-purpose");
}

static void
test_show (void)
{
  g_auto(Run) en = { 0 };
  g_auto(Run) ja = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) answers = { 0 };

  run_cli (&en, NULL, "show", "staff-obligations", NULL);
  g_assert_cmpint (en.status, ==, 0);
  g_assert_nonnull (strstr (en.out, "Lesson 1 of 3"));
  /* The cited clause, in the policy's own words. */
  g_assert_nonnull (strstr (en.out, "┃ Policy, Chapter 1, 5"));

  run_cli (&ja, "ja_JP.UTF-8", "show", "staff-obligations", NULL);
  g_assert_cmpint (ja.status, ==, 0);
  g_assert_nonnull (strstr (ja.out, "レッスン 1/3"));
  g_assert_nonnull (strstr (ja.out, "┃ ポリシー 第1章 5 職員等の遵守義務"));
  g_assert_nonnull (strstr (ja.out, "業務の遂行に当たって"));

  run_cli (&missing, NULL, "show", "no-such-module", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "there is no module “no-such-module”"));

  run_cli (&answers, NULL, "show", "--answers", "definitions", NULL);
  g_assert_cmpint (answers.status, ==, 0);
  g_assert_nonnull (strstr (answers.out, "✔"));
  g_assert_nonnull (strstr (answers.out, "Tests: Chapter 1, 2(5)"));
}

static const char *no_start = "、。，．・：；！？）」』】〕〉》］ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー";
static const char *no_end = "（「『【〔〈《［";

/* Checks the lines that one line of text was wrapped into: none begins
 * with closing punctuation, small kana or the prolonged sound mark, none
 * but the last ends with an opening bracket, and “（序文 1）” is never
 * split.  Returns how many asides it saw. */
static guint
check_breaks (GPtrArray  *lines,
              const char *what)
{
  guint asides = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *p = line;
      const char *aside = strstr (line, "（序文");

      /* Past the indentation and the frame of a quotation. */
      while (*p == ' ' || g_str_has_prefix (p, "┃") || g_str_has_prefix (p, "▌"))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        continue;
      if ((i > 0 && g_utf8_strchr (no_start, -1, g_utf8_get_char (p)) != NULL)
          || (i + 1 < lines->len
              && g_utf8_strchr (no_end, -1,
                                g_utf8_get_char (
                                  g_utf8_find_prev_char (line, line + strlen (line))))
                   != NULL))
        g_error ("bad line break (%s):\n%s\n%s", what,
                 i > 0 ? (char *) g_ptr_array_index (lines, i - 1) : "", line);
      if (aside != NULL)
        {
          if (strstr (aside, "）") == NULL)
            g_error ("“（序文 …）” split (%s):\n%s", what, line);
          asides++;
        }
    }
  return asides;
}

static void
add_text (GPtrArray *texts,
          char      *text)
{
  if (text != NULL)
    g_ptr_array_add (texts, text);
}

/* Basic Japanese line breaking (kinsoku shori) in the CLI's wrapping:
 * every Japanese text of the shipped content, wrapped at every width
 * from 10 to 80 columns. */
static void
test_line_breaking (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog =
    awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GListModel *modules;
  guint checked = 0, asides = 0;

  g_assert_no_error (error);
  modules = awareness_catalog_get_modules (catalog);
  for (guint m = 0; m < g_list_model_get_n_items (modules); m++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, m);
      GPtrArray *lessons = awareness_module_get_lessons (module);
      GPtrArray *pool = awareness_module_get_questions (module);

      for (guint l = 0; l < lessons->len; l++)
        {
          AwarenessLesson *lesson = g_ptr_array_index (lessons, l);

          for (guint b = 0; b < awareness_lesson_get_n_blocks (lesson); b++)
            {
              g_auto(GStrv) block = awareness_lesson_dup_block_text (lesson, b, "ja",
                                                                      AWARENESS_TEXT_FORMAT_PLAIN);

              for (guint i = 0; block[i] != NULL; i++)
                add_text (texts, g_strdup (block[i]));
              if (awareness_lesson_get_block_kind (lesson, b) == AWARENESS_BLOCK_CITE)
                add_text (texts,
                          awareness_clause_dup_text (awareness_lesson_get_block_clause (lesson, b),
                                                     "ja", AWARENESS_TEXT_FORMAT_PLAIN));
            }
        }
      for (guint q = 0; q < pool->len; q++)
        {
          AwarenessQuestion *question = g_ptr_array_index (pool, q);
          GPtrArray *choices = awareness_question_get_choices (question);

          add_text (texts,
                    awareness_question_dup_prompt (question, "ja", AWARENESS_TEXT_FORMAT_PLAIN));
          add_text (texts, awareness_question_dup_explanation (question, "ja",
                                                               AWARENESS_TEXT_FORMAT_PLAIN));
          for (guint c = 0; c < choices->len; c++)
            add_text (texts, awareness_choice_dup_text (g_ptr_array_index (choices, c), "ja",
                                                        AWARENESS_TEXT_FORMAT_PLAIN));
        }
    }
  g_assert_cmpuint (texts->len, >, 500);

  for (guint t = 0; t < texts->len; t++)
    {
      g_auto(GStrv) paragraphs = g_strsplit (g_ptr_array_index (texts, t), "\n", -1);

      for (guint i = 0; paragraphs[i] != NULL; i++)
        for (guint width = 10; width <= 80; width++)
          {
            g_autoptr(GPtrArray) lines = cli_wrap (paragraphs[i], width);
            g_autofree char *what = g_strdup_printf ("%u columns", width);

            asides += check_breaks (lines, what);
            checked += lines->len;
          }
    }
  g_test_message ("%u texts, %u lines, %u asides checked", texts->len, checked, asides);
  g_assert_cmpuint (asides, >, 0);
}

/* The same, through the CLI at a narrow terminal, indentation and quotation
 * frames included. */
static void
test_line_breaking_cli (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_auto(GStrv) split = NULL;

  columns = "24";
  run_cli (&run, "ja_JP.UTF-8", "show", "policy-purpose", NULL);
  columns = "80";
  g_assert_cmpint (run.status, ==, 0);

  split = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    g_ptr_array_add (lines, split[i]);
  g_assert_cmpuint (check_breaks (lines, "show at 24 columns"), >, 0);
}

static void
test_coverage (void)
{
  g_auto(Run) shipped = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) gap = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("awareness-cov-XXXXXX", NULL);
  g_autofree char *policy_src = data_path ("good", "policy.xml", NULL);
  g_autofree char *policy = NULL;
  g_autofree char *module = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run_cli (&shipped, NULL, "coverage", NULL);
  g_assert_cmpint (shipped.status, ==, 0);
  g_assert_nonnull (strstr (shipped.out, "tested by at least one question"));

  run_cli (&json, NULL, "coverage", "--json", NULL);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (
    json_object_get_boolean_member (json_node_get_object (json_parser_get_root (parser)),
                                    "complete"));

  /* A tree whose only question leaves basic.2.1, and so basic.2, untested. */
  g_assert_true (g_file_get_contents (policy_src, &policy, NULL, NULL));
  path = g_build_filename (dir, "policy.xml", NULL);
  g_assert_true (g_file_set_contents (path, policy, -1, NULL));
  g_free (path);
  module = g_strdup (
    "<module xmlns=\"urn:x-awareness:content:1\" id=\"m\" version=\"1\" xml:lang=\"ja\">"
    "<title>M</title><title xml:lang=\"en\">M</title>"
    "<lesson id=\"l\"><title>L</title><title xml:lang=\"en\">L</title>"
    "<p>P</p><p xml:lang=\"en\">P</p></lesson>"
    "<quiz pass-percent=\"80\"><question id=\"q\" type=\"true-false\" answer=\"true\" "
    "clause=\"basic.1\"><prompt>Q</prompt><prompt xml:lang=\"en\">Q</prompt>"
    "<explanation>E</explanation><explanation xml:lang=\"en\">E</explanation>"
    "</question></quiz></module>");
  path = g_build_filename (dir, "m.xml", NULL);
  g_assert_true (g_file_set_contents (path, module, -1, NULL));
  g_free (path);
  path = g_build_filename (dir, "catalog.xml", NULL);
  g_assert_true (
    g_file_set_contents (path,
                         "<catalog xmlns=\"urn:x-awareness:content:1\" id=\"c\" xml:lang=\"ja\" "
                         "iri-base=\"https://awareness.example/c/\"><title>C</title>"
                         "<title xml:lang=\"en\">C</title><policy-file href=\"policy.xml\"/>"
                         "<module-file href=\"m.xml\"/></catalog>",
                         -1, NULL));

  run_cli (&gap, NULL, "coverage", "--content", dir, NULL);
  g_assert_cmpint (gap.status, ==, 1);
  g_assert_nonnull (strstr (gap.out, "2 of 4 clauses that concern staff are not tested"));
  g_assert_nonnull (strstr (gap.out, "Chapter 1, 2 [basic.2]"));
  g_assert_nonnull (strstr (gap.out, "Chapter 1, 2(1) [basic.2.1]"));

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  }
}

static void
test_broken_content (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *dir = data_path ("bad", NULL);

  /* A directory without a catalog: a clear error, exit 1. */
  run_cli (&run, NULL, "list", "--content", dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "catalog.xml: error: Cannot open the file"));
}

/* An author editing one module still previews the others: show and
 * coverage leave a broken module out with a warning that says where and
 * why, in the user's language; validate and pack still refuse the tree. */
static void
test_preview_broken_module (void)
{
  g_autofree char *dir = g_dir_make_tmp ("awareness-preview-XXXXXX", NULL);
  g_autofree char *good = data_path ("good", NULL);
  g_autofree char *malformed = data_path ("bad", "malformed.xml", NULL);
  g_autofree char *key = data_path ("content-test.key", NULL);
  g_autofree char *package = g_build_filename (dir, "out.pkg", NULL);
  g_autofree char *copy = g_strdup_printf ("cp -r '%s'/. '%s'", good, dir);
  g_autofree char *broken = g_build_filename (dir, "modules", "broken.xml", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *catalog = NULL;
  g_auto(GStrv) halves = NULL;
  g_auto(Run) show = { 0 };
  g_auto(Run) show_ja = { 0 };
  g_auto(Run) coverage = { 0 };
  g_auto(Run) validate = { 0 };
  g_auto(Run) pack = { 0 };

  g_assert_true (g_spawn_command_line_sync (copy, NULL, NULL, NULL, NULL));
  g_assert_true (g_file_get_contents (malformed, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (broken, contents, -1, NULL));
  g_assert_true (g_file_get_contents (catalog_path, &catalog, NULL, NULL));
  halves = g_strsplit (catalog, "</catalog>", 2);
  g_clear_pointer (&catalog, g_free);
  catalog = g_strconcat (halves[0], "<module-file href=\"modules/broken.xml\"/>\n</catalog>",
                         halves[1], NULL);
  g_assert_true (g_file_set_contents (catalog_path, catalog, -1, NULL));

  run_cli (&show, NULL, "show", "--content", dir, "basics", NULL);
  g_assert_cmpint (show.status, ==, 0);
  g_assert_nonnull (strstr (show.out, "Lesson 1 of"));
  g_assert_nonnull (
    strstr (show.err, "broken.xml:8:44: error: An end tag does not match the element it closes"));
  g_assert_nonnull (strstr (show.err, "warning: 1 file with errors is left out"));

  run_cli (&show_ja, "ja_JP.UTF-8", "show", "--content", dir, "basics", NULL);
  g_assert_cmpint (show_ja.status, ==, 0);
  g_assert_nonnull (strstr (show_ja.err, "broken.xml:8:44: エラー: 終了タグが"));
  g_assert_nonnull (strstr (show_ja.err, "（libxml2：Opening and ending tag mismatch"));
  g_assert_nonnull (strstr (show_ja.err, "1 件を除外しました"));

  run_cli (&coverage, NULL, "coverage", "--content", dir, NULL);
  g_assert_nonnull (strstr (coverage.out, "clauses"));
  g_assert_nonnull (strstr (coverage.err, "left out"));

  run_cli (&validate, NULL, "validate", dir, NULL);
  g_assert_cmpint (validate.status, ==, 1);
  g_assert_nonnull (strstr (validate.out, "broken.xml:8:44"));

  run_cli (&pack, NULL, "content", "pack", dir, "-o", package, "--key", key, NULL);
  g_assert_cmpint (pack.status, ==, 1);
  g_assert_false (g_file_test (package, G_FILE_TEST_EXISTS));

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  }
}

/* Periods of `admin report` are checked before anything is sent: plain
 * dates and fiscal years are taken, a wrong one is a usage error that
 * names the option, in the user's language. */
static void
test_report_period_usage (void)
{
  static const struct {
    const char *option;
    const char *value;
    const char *en;
    const char *ja;
  } cases[] = {
    { "--since", "yesterday", "since: “yesterday” is neither a date (YYYY-MM-DD)",
      "since：「yesterday」は日付" },
    { "--until", "2026-02-30", "until: “2026-02-30” is neither a date", "until：「2026-02-30」は日付" },
    { "--fiscal-year", "26x", "fiscal-year: “26x” is not a fiscal year",
      "fiscal-year：「26x」は年度ではありません" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) en = { 0 };
      g_auto(Run) ja = { 0 };

      run_cli (&en, NULL, "admin", "report", cases[i].option, cases[i].value, NULL);
      g_assert_cmpint (en.status, ==, 2);
      g_assert_nonnull (strstr (en.err, cases[i].en));
      run_cli (&ja, "ja_JP.UTF-8", "admin", "report", cases[i].option, cases[i].value, NULL);
      g_assert_cmpint (ja.status, ==, 2);
      g_assert_nonnull (strstr (ja.err, cases[i].ja));
    }
  {
    g_auto(Run) both = { 0 };
    g_auto(Run) help = { 0 };

    run_cli (&both, NULL, "admin", "report", "--fiscal-year", "2026", "--since", "2026-04-01",
             NULL);
    g_assert_cmpint (both.status, ==, 2);
    g_assert_nonnull (strstr (both.err, "without since and until"));
    run_cli (&help, "ja_JP.UTF-8", "admin", "report", "--help", NULL);
    g_assert_nonnull (strstr (help.out, "--fiscal-year"));
    g_assert_nonnull (strstr (help.out, "令和8"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/awareness/cli/validate/good", test_validate_good);
  g_test_add_func ("/awareness/cli/validate/shipped", test_validate_shipped);
  g_test_add_func ("/awareness/cli/validate/bad", test_validate_bad);
  g_test_add_func ("/awareness/cli/validate/json", test_validate_json);
  g_test_add_func ("/awareness/cli/validate/hostile", test_validate_hostile);
  g_test_add_func ("/awareness/cli/usage", test_usage);
  g_test_add_func ("/awareness/cli/list", test_list);
  g_test_add_func ("/awareness/cli/internal-sample", test_internal_sample);
  g_test_add_func ("/awareness/cli/show", test_show);
  g_test_add_func ("/awareness/cli/line-breaking", test_line_breaking);
  g_test_add_func ("/awareness/cli/line-breaking-cli", test_line_breaking_cli);
  g_test_add_func ("/awareness/cli/coverage", test_coverage);
  g_test_add_func ("/awareness/cli/broken-content", test_broken_content);
  g_test_add_func ("/awareness/cli/preview-broken-module", test_preview_broken_module);
  g_test_add_func ("/awareness/cli/report-period-usage", test_report_period_usage);

  return g_test_run ();
}
