/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The loader and validator: one bad document per kind of error, each with
 * the code, line, column and message it must report; hostile documents;
 * catalogs that try to read outside the content tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "awareness.h"

typedef struct {
  const char           *file;
  AwarenessContentError code;
  AwarenessSeverity     severity;
  guint                 line;
  guint                 column;
  const char           *message;
} Expected;

static const Expected bad_cases[] = {
  { "bad/duplicate-question.xml", AWARENESS_CONTENT_ERROR_DUPLICATE_ID, AWARENESS_SEVERITY_ERROR,
    27, 5, "Duplicate question id “q1” (first used at line 18)" },
  { "bad/duplicate-choice.xml", AWARENESS_CONTENT_ERROR_DUPLICATE_ID, AWARENESS_SEVERITY_ERROR, 22,
    7, "Duplicate choice id “a” (first used at line 21)" },
  { "bad/duplicate-lesson.xml", AWARENESS_CONTENT_ERROR_DUPLICATE_ID, AWARENESS_SEVERITY_ERROR, 17,
    3, "Duplicate lesson id “one” (first used at line 6)" },
  { "bad/no-correct.xml", AWARENESS_CONTENT_ERROR_NO_CORRECT_CHOICE, AWARENESS_SEVERITY_ERROR, 18,
    5, "Question “q1” has no correct choice" },
  { "bad/several-correct.xml", AWARENESS_CONTENT_ERROR_SEVERAL_CORRECT, AWARENESS_SEVERITY_ERROR,
    18, 5, "Single-choice question “q1” has 2 correct choices" },
  { "bad/pass-mark.xml", AWARENESS_CONTENT_ERROR_PASS_MARK, AWARENESS_SEVERITY_ERROR, 17, 3,
    "pass-percent=\"120\" is out of range" },
  { "bad/draw.xml", AWARENESS_CONTENT_ERROR_DRAW, AWARENESS_SEVERITY_ERROR, 17, 3,
    "draw=\"7\" is out of range: it must be a whole number from 1 to 3" },
  { "bad/unresolved-clause.xml", AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE,
    AWARENESS_SEVERITY_ERROR, 27, 5,
    "Clause “basic.99” does not exist in the policy “test-policy”" },
  { "bad/unresolved-clause-ref.xml", AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE,
    AWARENESS_SEVERITY_ERROR, 9, 18, "Clause “nowhere.1” does not exist" },
  { "bad/missing-translation.xml", AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION,
    AWARENESS_SEVERITY_WARNING, 19, 7, "<prompt> has no English translation" },
  { "bad/schema.xml", AWARENESS_CONTENT_ERROR_SCHEMA, AWARENESS_SEVERITY_ERROR, 17, 3,
    "Invalid attribute grade for element quiz" },
  /* What is wrong in our words, then libxml2's. */
  { "bad/malformed.xml", AWARENESS_CONTENT_ERROR_MALFORMED, AWARENESS_SEVERITY_ERROR, 8, 44,
    "An end tag does not match the element it closes (libxml2: Opening and ending tag mismatch: "
    "title line 8 and titel)" },
  /* The nearest ids of the policy, nearest first. */
  { "bad/clause-typo.xml", AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE, AWARENESS_SEVERITY_ERROR, 27,
    5,
    "Clause “basic2.1” does not exist in the policy “test-policy”; did you mean “basic.1”, "
    "“basic.2.1”, “basic.2”?" },
  { "bad/namespace.xml", AWARENESS_CONTENT_ERROR_UNEXPECTED_DOCUMENT, AWARENESS_SEVERITY_ERROR, 2,
    1, "not in the Awareness content namespace" },
  { "bad/exhibit-control.xml", AWARENESS_CONTENT_ERROR_FORBIDDEN, AWARENESS_SEVERITY_ERROR, 22, 9,
    "<subject> contains the control character U+009B" },
  { "bad/exhibit-no-body.xml", AWARENESS_CONTENT_ERROR_SCHEMA, AWARENESS_SEVERITY_ERROR, 19, 7,
    "The exhibit has no <body>" },
  { "bad/encoding-declared.xml", AWARENESS_CONTENT_ERROR_ENCODING, AWARENESS_SEVERITY_ERROR, 1, 1,
    "encoding other than UTF-8" },
  /* Self-inspection checklists: a missing language is an error there. */
  { "bad/checklist-unknown-clause.xml", AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE,
    AWARENESS_SEVERITY_ERROR, 5, 3,
    "Clause “basic.99” does not exist in the policy “test-policy”" },
  { "bad/checklist-duplicate-item.xml", AWARENESS_CONTENT_ERROR_DUPLICATE_ID,
    AWARENESS_SEVERITY_ERROR, 9, 3, "Duplicate item id “a” (first used at line 5)" },
  { "bad/checklist-missing-language.xml", AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION,
    AWARENESS_SEVERITY_ERROR, 6, 5, "<text> has no English translation" },
  { "bad/checklist-comment-na.xml", AWARENESS_CONTENT_ERROR_SCHEMA, AWARENESS_SEVERITY_ERROR,
    5, 3, "Item “a” requires a comment for “na” but does not allow that answer (na=\"false\")" },
  { "bad/checklist-comment-answer.xml", AWARENESS_CONTENT_ERROR_SCHEMA, AWARENESS_SEVERITY_ERROR,
    5, 3, "an answer that needs a comment is “no” or “na”, not “perhaps”" },
  { "hostile/xxe-file.xml", AWARENESS_CONTENT_ERROR_FORBIDDEN, AWARENESS_SEVERITY_ERROR, 2, 1,
    "A document type declaration (<!DOCTYPE>) is not allowed" },
  { "hostile/billion-laughs.xml", AWARENESS_CONTENT_ERROR_FORBIDDEN, AWARENESS_SEVERITY_ERROR, 2, 1,
    "A document type declaration (<!DOCTYPE>) is not allowed" },
  { "hostile/external-dtd.xml", AWARENESS_CONTENT_ERROR_FORBIDDEN, AWARENESS_SEVERITY_ERROR, 2, 1,
    "A document type declaration (<!DOCTYPE>) is not allowed" },
  { "hostile/parameter-entity.xml", AWARENESS_CONTENT_ERROR_FORBIDDEN, AWARENESS_SEVERITY_ERROR, 2,
    1, "A document type declaration (<!DOCTYPE>) is not allowed" },
  { "hostile/undeclared-entity.xml", AWARENESS_CONTENT_ERROR_FORBIDDEN, AWARENESS_SEVERITY_ERROR, 3,
    16, "Entity 'nbsp' not defined" },
  { "hostile/xinclude.xml", AWARENESS_CONTENT_ERROR_SCHEMA, AWARENESS_SEVERITY_ERROR, 3, 10,
    "Element title failed to validate content" },
  { "hostile/invalid-utf8.xml", AWARENESS_CONTENT_ERROR_ENCODING, AWARENESS_SEVERITY_ERROR, 3, 10,
    "Invalid UTF-8 (byte 0xFF)" },
  { "hostile/empty.xml", AWARENESS_CONTENT_ERROR_MALFORMED, AWARENESS_SEVERITY_ERROR, 1, 1,
    "The file is empty" },
};

static AwarenessPolicy *
load_test_policy (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "good", "policy.xml", NULL);
  g_autoptr(GError) error = NULL;
  AwarenessPolicy *policy = awareness_policy_new_for_path (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (policy);
  return policy;
}

static AwarenessProblem *
find_problem (GPtrArray            *problems,
              AwarenessContentError code)
{
  for (guint i = 0; i < problems->len; i++)
    if (awareness_problem_get_code (g_ptr_array_index (problems, i)) == code)
      return g_ptr_array_index (problems, i);

  return NULL;
}

static void
test_bad_document (gconstpointer data)
{
  const Expected *expected = data;
  g_autoptr(AwarenessPolicy) policy = load_test_policy ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", expected->file, NULL);
  AwarenessProblem *problem;
  gboolean valid;

  valid = awareness_content_validate_path (path, policy, problems);

  problem = NULL;
  for (guint i = 0; i < problems->len && problem == NULL; i++)
    {
      AwarenessProblem *p = g_ptr_array_index (problems, i);

      if (awareness_problem_get_code (p) == expected->code &&
          strstr (awareness_problem_get_message (p), expected->message) != NULL)
        problem = p;
    }
  if (problem == NULL)
    {
      for (guint i = 0; i < problems->len; i++)
        g_test_message ("got: %s", awareness_problem_to_string (g_ptr_array_index (problems, i)));
      g_error ("%s: no problem with code %d and message “%s”", expected->file, expected->code,
               expected->message);
    }

  g_assert_cmpint (awareness_problem_get_severity (problem), ==, expected->severity);
  g_assert_cmpstr (awareness_problem_get_file (problem), ==, path);
  g_assert_cmpuint (awareness_problem_get_line (problem), ==, expected->line);
  g_assert_cmpuint (awareness_problem_get_column (problem), ==, expected->column);
  g_assert_cmpint (valid, ==, expected->severity == AWARENESS_SEVERITY_WARNING);
}

/* A file with several problems reports all of them, in file order. */
static void
test_all_problems (void)
{
  g_autoptr(AwarenessPolicy) policy = load_test_policy ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "bad", "many.xml", NULL);
  static const struct { AwarenessContentError code; guint line; } want[] = {
    { AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION, 5 },
    { AWARENESS_CONTENT_ERROR_PASS_MARK, 17 },
    { AWARENESS_CONTENT_ERROR_DUPLICATE_ID, 27 },
    { AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE, 36 },
  };

  g_assert_false (awareness_content_validate_path (path, policy, problems));
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      AwarenessProblem *problem = g_ptr_array_index (problems, i);

      g_assert_cmpint (awareness_problem_get_code (problem), ==, want[i].code);
      g_assert_cmpuint (awareness_problem_get_line (problem), ==, want[i].line);
    }
}

/* The XXE entity names a file that exists: its content must appear
 * nowhere, because the loader never reads it. */
static void
test_xxe_reads_nothing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("awareness-xxe-XXXXXX", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *doc = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessModule) module = NULL;

  g_assert_true (g_file_set_contents (secret, "TOP-SECRET-CANARY", -1, NULL));
  doc = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE module [<!ENTITY s SYSTEM \"file://%s\">]>\n"
                         "<module xmlns=\"urn:x-awareness:content:1\" id=\"x\" version=\"1\" "
                         "xml:lang=\"ja\"><title>&s;</title></module>\n", secret);

  module = awareness_module_new_from_data (doc, strlen (doc), "xxe.xml", NULL, problems, &error);
  g_assert_null (module);
  g_assert_error (error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_FORBIDDEN);
  g_assert_null (strstr (error->message, "CANARY"));
  for (guint i = 0; i < problems->len; i++)
    g_assert_null (
      strstr (awareness_problem_get_message (g_ptr_array_index (problems, i)), "CANARY"));

  g_unlink (secret);
  g_rmdir (dir);
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) doc = g_string_new ("<module xmlns=\"urn:x-awareness:content:1\" id=\"d\" "
                                         "version=\"1\" xml:lang=\"ja\">");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessModule) module = NULL;
  AwarenessProblem *problem;

  for (guint i = 0; i < 100000; i++)
    g_string_append (doc, "<lesson>");

  module = awareness_module_new_from_data (doc->str, doc->len, "deep.xml", NULL, problems, &error);
  g_assert_null (module);
  g_assert_error (error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_TOO_DEEP);
  problem = find_problem (problems, AWARENESS_CONTENT_ERROR_TOO_DEEP);
  g_assert_nonnull (problem);
  g_assert_cmpuint (awareness_problem_get_line (problem), ==, 1);
  /* The 32nd element is the first too deep: 31 lessons after the module. */
  g_assert_cmpuint (awareness_problem_get_column (problem), ==,
                    strlen ("<module xmlns=\"urn:x-awareness:content:1\" id=\"d\" "
                            "version=\"1\" xml:lang=\"ja\">") + 31 * strlen ("<lesson>") + 1);
  g_assert_cmpuint (problems->len, ==, 1);
}

static void
test_large_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("awareness-large-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "large.xml", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);
  AwarenessProblem *problem;
  int fd;

  /* A sparse 2 GiB file: refused from its size, never read. */
  fd = g_open (path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 2 * 1024 * 1024 * 1024), ==, 0);
  close (fd);

  g_assert_false (awareness_content_validate_path (path, NULL, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpint (awareness_problem_get_code (problem), ==, AWARENESS_CONTENT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (awareness_problem_get_message (problem), "2147483648 bytes"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_not_regular (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);

  /* A device would never end; it is refused before reading. */
  g_assert_false (awareness_content_validate_path ("/dev/zero", NULL, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (awareness_problem_get_code (g_ptr_array_index (problems, 0)), ==,
                   AWARENESS_CONTENT_ERROR_IO);
}

static void
test_nul_byte (void)
{
  static const char doc[] = "<module xmlns=\"urn:x-awareness:content:1\">\0</module>";
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessModule) module = NULL;

  module = awareness_module_new_from_data (doc, sizeof doc - 1, "nul.xml", NULL, problems, &error);
  g_assert_null (module);
  g_assert_error (error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_ENCODING);
  g_assert_cmpuint (awareness_problem_get_column (g_ptr_array_index (problems, 0)), ==,
                    strlen (doc) + 1);
}

/* A content tree in a temporary directory, with a catalog of our making. */
static char *
make_tree (const char *catalog_body)
{
  g_autofree char *dir = g_dir_make_tmp ("awareness-tree-XXXXXX", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
  g_autofree char *policy_src = g_build_filename (good, "policy.xml", NULL);
  g_autofree char *module_src = g_build_filename (good, "modules", "basics.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *path = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (policy_src, &contents, &length, NULL));
  path = g_build_filename (dir, "policy.xml", NULL);
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&path, g_free);

  g_assert_true (g_file_get_contents (module_src, &contents, &length, NULL));
  path = g_build_filename (dir, "modules", NULL);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "modules", "basics.xml", NULL);
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));

  catalog =
    g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<catalog xmlns=\"urn:x-awareness:content:1\" id=\"t\" xml:lang=\"ja\" "
                     "iri-base=\"https://awareness.example/t/\">\n"
                     "  <title>T</title>\n  <title xml:lang=\"en\">T</title>\n"
                     "%s</catalog>\n",
                     catalog_body);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "catalog.xml", NULL);
  g_assert_true (g_file_set_contents (path, catalog, -1, NULL));

  return g_steal_pointer (&dir);
}

static void
remove_tree (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_true (g_str_has_prefix (dir, g_get_tmp_dir ()));
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

static void
assert_bad_path (const char *catalog_body,
                 const char *message)
{
  g_autofree char *dir = make_tree (catalog_body);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;
  AwarenessProblem *problem;

  catalog = awareness_catalog_new_for_directory (dir, &problems, &error);
  g_assert_null (catalog);
  g_assert_error (error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_INVALID);
  problem = find_problem (problems, AWARENESS_CONTENT_ERROR_BAD_PATH);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (awareness_problem_get_message (problem), message));
  g_assert_true (g_str_has_suffix (awareness_problem_get_file (problem), "catalog.xml"));
  g_assert_cmpuint (awareness_problem_get_line (problem), >, 0);

  remove_tree (dir);
}

static void
test_catalog_escapes (void)
{
  g_autofree char *outside = g_test_build_filename (G_TEST_DIST, "data", "good", "policy.xml",
                                                    NULL);
  g_autofree char *dir = NULL;
  g_autofree char *link = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;

  assert_bad_path ("<policy-file href=\"../good/policy.xml\"/>\n"
                   "<module-file href=\"modules/basics.xml\"/>\n",
                   "points outside the content directory");
  assert_bad_path ("<policy-file href=\"policy.xml\"/>\n"
                   "<module-file href=\"modules/../../x.xml\"/>\n",
                   "points outside the content directory");
  assert_bad_path ("<policy-file href=\"policy.xml\"/>\n"
                   "<module-file href=\"modules/missing.xml\"/>\n",
                   "does not exist in the content directory");

  /* A symbolic link inside the tree that leads out of it. */
  dir = make_tree (
    "<policy-file href=\"policy.xml\"/>\n<module-file href=\"modules/link.xml\"/>\n");
  link = g_build_filename (dir, "modules", "link.xml", NULL);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  catalog = awareness_catalog_new_for_directory (dir, &problems, NULL);
  g_assert_null (catalog);
  g_assert_nonnull (find_problem (problems, AWARENESS_CONTENT_ERROR_BAD_PATH));
  remove_tree (dir);
}

static void
test_catalog_wrong_documents (void)
{
  g_autofree char *dir = make_tree ("<policy-file href=\"modules/basics.xml\"/>\n"
                                    "<module-file href=\"policy.xml\"/>\n");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;
  guint n = 0;

  catalog = awareness_catalog_new_for_directory (dir, &problems, NULL);
  g_assert_null (catalog);
  for (guint i = 0; i < problems->len; i++)
    if (awareness_problem_get_code (g_ptr_array_index (problems, i)) ==
        AWARENESS_CONTENT_ERROR_UNEXPECTED_DOCUMENT)
      n++;
  g_assert_cmpuint (n, ==, 2);
  remove_tree (dir);
}

static void
test_catalog_duplicate_module (void)
{
  g_autofree char *dir = make_tree ("<policy-file href=\"policy.xml\"/>\n"
                                    "<module-file href=\"modules/basics.xml\"/>\n"
                                    "<module-file href=\"modules/basics.xml\"/>\n");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;
  AwarenessProblem *problem;

  catalog = awareness_catalog_new_for_directory (dir, &problems, NULL);
  g_assert_null (catalog);
  problem = find_problem (problems, AWARENESS_CONTENT_ERROR_DUPLICATE_ID);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (awareness_problem_get_message (problem), "“basics”"));
  remove_tree (dir);
}

/* A preview leaves out a module with errors and keeps the others, with
 * the errors of the one left out; validation still refuses the tree. */
static void
test_catalog_preview (void)
{
  g_autofree char *dir = make_tree ("<policy-file href=\"policy.xml\"/>\n"
                                    "<module-file href=\"modules/basics.xml\"/>\n"
                                    "<module-file href=\"modules/broken.xml\"/>\n"
                                    "<module-file href=\"modules/typo.xml\"/>\n");
  g_autofree char *malformed = g_test_build_filename (G_TEST_DIST, "data", "bad", "malformed.xml",
                                                      NULL);
  g_autofree char *typo = g_test_build_filename (G_TEST_DIST, "data", "bad", "clause-typo.xml",
                                                 NULL);
  g_autofree char *broken_path = g_build_filename (dir, "modules", "broken.xml", NULL);
  g_autofree char *typo_path = g_build_filename (dir, "modules", "typo.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) strict_problems = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) strict = NULL;
  g_autoptr(AwarenessCatalog) preview = NULL;
  g_autoptr(AwarenessModule) module = NULL;
  gboolean broken_named = FALSE, typo_named = FALSE;

  /* The broken module is a copy of the good one with another id. */
  g_assert_true (g_file_get_contents (malformed, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (broken_path, contents, -1, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (typo, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (typo_path, contents, -1, NULL));

  strict = awareness_catalog_new_for_directory (dir, &strict_problems, NULL);
  g_assert_null (strict);

  preview = awareness_catalog_new_for_preview (dir, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview);
  g_assert_cmpuint (g_list_model_get_n_items (awareness_catalog_get_modules (preview)), ==, 1);
  module = g_list_model_get_item (awareness_catalog_get_modules (preview), 0);
  g_assert_cmpstr (awareness_module_get_id (module), ==, "basics");
  for (guint i = 0; i < problems->len; i++)
    {
      AwarenessProblem *problem = g_ptr_array_index (problems, i);

      if (awareness_problem_get_severity (problem) != AWARENESS_SEVERITY_ERROR)
        continue;
      g_assert_cmpuint (awareness_problem_get_line (problem), >, 0);
      broken_named = broken_named
                     || g_str_has_suffix (awareness_problem_get_file (problem), "broken.xml");
      typo_named = typo_named
                   || g_str_has_suffix (awareness_problem_get_file (problem), "typo.xml");
    }
  g_assert_true (broken_named);
  g_assert_true (typo_named);

  /* The catalog itself broken: no preview. */
  {
    g_autofree char *bad_catalog = make_tree (
      "<policy-file href=\"policy.xml\"/>\n"
      "<module-file href=\"modules/basics.xml\"/>\n<oops>\n");
    g_autoptr(GPtrArray) more = NULL;
    g_autoptr(GError) catalog_error = NULL;
    g_autoptr(AwarenessCatalog) none = awareness_catalog_new_for_preview (bad_catalog, &more,
                                                                           &catalog_error);

    g_assert_null (none);
    g_assert_error (catalog_error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_INVALID);
    remove_tree (bad_catalog);
  }
  remove_tree (dir);
}

/* The nearest names, for a “did you mean”: within reach, nearest first,
 * those that begin alike before the others; none when nothing is near. */
static void
test_nearest_names (void)
{
  static const char * const ids[] = { "basic.1", "basic.2", "basic.2.1", "basic.2.2",
                                      "basic.5", "preface", NULL };
  static const char * const departments[] = { "総務課", "", "税務課", "情報政策課", NULL };
  g_auto(GStrv) clause = awareness_nearest_names ("basic.5.x", ids, 3);
  g_auto(GStrv) nothing = awareness_nearest_names ("chapter.9", ids, 3);
  g_auto(GStrv) department = awareness_nearest_names ("総務", departments, 3);
  g_autofree char *text = awareness_format_suggestion ((const char * const *) clause);
  g_autofree char *empty = awareness_format_suggestion ((const char * const *) nothing);

  g_assert_cmpstr (clause[0], ==, "basic.5");
  g_assert_cmpuint (g_strv_length (clause), ==, 3);
  g_assert_cmpuint (g_strv_length (nothing), ==, 0);
  g_assert_cmpstr (department[0], ==, "総務課");
  g_assert_cmpuint (g_strv_length (department), ==, 2);
  g_assert_true (g_str_has_prefix (text, "; did you mean “basic.5”, "));
  g_assert_cmpstr (empty, ==, "");
}

static void
test_missing_directory (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;

  catalog = awareness_catalog_new_for_directory ("/nonexistent/awareness", &problems, &error);
  g_assert_null (catalog);
  g_assert_error (error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_INVALID);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (awareness_problem_get_code (g_ptr_array_index (problems, 0)), ==,
                   AWARENESS_CONTENT_ERROR_IO);
}

/* An e-mail exhibit with every field, in both languages; the body keeps
 * its line breaks and relative indentation, without the common one. */
static void
test_exhibit (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "exhibit", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (dir, &problems,
                                                                              &error);
  AwarenessModule *module;
  AwarenessExhibit *exhibit;

  g_assert_no_error (error);
  g_assert_true (problems == NULL || problems->len == 0);
  module = awareness_catalog_lookup_module (catalog, "mail");
  exhibit = awareness_question_get_exhibit (awareness_module_lookup_question (module, "q-mail"));
  g_assert_nonnull (exhibit);
  g_assert_cmpint (awareness_exhibit_get_kind (exhibit), ==, AWARENESS_EXHIBIT_EMAIL);
  g_assert_cmpstr (awareness_exhibit_kind_to_string (AWARENESS_EXHIBIT_EMAIL), ==, "email");
  g_assert_cmpstr (awareness_exhibit_get_from (exhibit, "ja"), ==,
                   "市長室 <mayor-office@example.net>");
  g_assert_cmpstr (awareness_exhibit_get_from (exhibit, "en"), ==,
                   "Mayor's Office <mayor-office@example.net>");
  g_assert_cmpstr (awareness_exhibit_get_to (exhibit, "ja"), ==, "情報政策課 各位");
  g_assert_cmpstr (awareness_exhibit_get_subject (exhibit, "en"), ==,
                   "[URGENT] Please send the staff list");
  g_assert_cmpstr (awareness_exhibit_get_body (exhibit, "ja"), ==,
                   "お疲れさまです。\n\n本日中に職員名簿を返信で送ってください。\n  （外部の監査で使います）");
  g_assert_cmpstr (
    awareness_exhibit_get_body (exhibit, "en"), ==,
    "Hello,\n\nPlease reply with the staff list by the end of today.\n  (It is for an external "
    "audit.)");
  g_assert_cmpuint (awareness_exhibit_get_n_attachments (exhibit), ==, 2);
  g_assert_cmpstr (awareness_exhibit_get_attachment (exhibit, 0, "ja"), ==, "送付先一覧.xlsm");
  g_assert_cmpstr (awareness_exhibit_get_attachment (exhibit, 1, "en"), ==, "request.pdf");
  /* A language without a translation falls back to the source. */
  g_assert_cmpstr (awareness_exhibit_get_attachment (exhibit, 1, "fr"), ==, "依頼書.pdf");

  exhibit = awareness_question_get_exhibit (awareness_module_lookup_question (module, "q-screen"));
  g_assert_cmpint (awareness_exhibit_get_kind (exhibit), ==, AWARENESS_EXHIBIT_SCREEN);
  g_assert_null (awareness_exhibit_get_from (exhibit, "ja"));
  g_assert_null (awareness_exhibit_get_subject (exhibit, "ja"));
  g_assert_cmpuint (awareness_exhibit_get_n_attachments (exhibit), ==, 0);
  g_assert_null (
    awareness_question_get_exhibit (awareness_module_lookup_question (module, "q-purpose")));

  /* The recorded presentation keeps it, and gives it back. */
  {
    g_autoptr(AwarenessAttempt) attempt = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *json = NULL;
    guint found = 0;

    for (guint32 seed = 0; found == 0 && seed < 50; seed++)
      {
        g_clear_object (&attempt);
        attempt = awareness_attempt_new (module, seed, NULL);
        for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
          if (g_strcmp0 (awareness_question_get_id (awareness_attempt_get_question (attempt, i)),
                         "q-mail")
              == 0)
            found = i + 1;
      }
    g_assert_cmpuint (found, >, 0);
    json = awareness_attempt_dup_presentation (attempt);
    g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
    {
      JsonObject *question =
        json_array_get_object_element (json_object_get_array_member (json_node_get_object (
                                                                       json_parser_get_root (
                                                                         parser)),
                                                                     "questions"),
                                       found - 1);
      g_autoptr(AwarenessExhibit) again =
        awareness_exhibit_new_from_json (json_object_get_object_member (question, "exhibit"));

      g_assert_nonnull (again);
      g_assert_cmpint (awareness_exhibit_get_kind (again), ==, AWARENESS_EXHIBIT_EMAIL);
      g_assert_cmpstr (awareness_exhibit_get_subject (again, "ja"), ==, "【至急】職員名簿の送付のお願い");
      g_assert_cmpstr (awareness_exhibit_get_body (again, "en"), ==,
                       awareness_exhibit_get_body (awareness_question_get_exhibit (
                         awareness_module_lookup_question (module, "q-mail")), "en"));
      g_assert_cmpuint (awareness_exhibit_get_n_attachments (again), ==, 2);
      g_assert_cmpstr (awareness_exhibit_get_attachment (again, 1, "en"), ==, "request.pdf");
    }
  }
}

/* A draw smaller than the module's clause groups is warned about. */
static void
test_draw_groups_warning (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "exhibit", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "exhibit", "modules",
                                                 "mail.xml", NULL);
  g_autofree char *policy_path = g_build_filename (dir, "policy.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);
  g_autoptr(AwarenessPolicy) policy = awareness_policy_new_for_path (policy_path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  AwarenessProblem *problem;
  int fd;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  parts = g_strsplit (text, "draw=\"2\"", 2);
  changed = g_strjoinv ("draw=\"1\"", parts);
  fd = g_file_open_tmp ("awareness-draw-XXXXXX.xml", &tmp, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (tmp, changed, -1, NULL));
  g_assert_true (awareness_content_validate_path (tmp, policy, problems));
  problem = find_problem (problems, AWARENESS_CONTENT_ERROR_DRAW);
  g_assert_nonnull (problem);
  g_assert_cmpint (awareness_problem_get_severity (problem), ==, AWARENESS_SEVERITY_WARNING);
  g_assert_nonnull (
    strstr (awareness_problem_get_message (problem), "less than the 2 clause groups"));
  g_assert_cmpuint (awareness_problem_get_line (problem), ==, 18);
  g_unlink (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_path_get_basename (bad_cases[i].file);
      g_autofree char *dir = g_path_get_dirname (bad_cases[i].file);
      g_autofree char *test_path = g_strdup_printf ("/awareness/loader/%s/%s", dir, name);

      g_test_add_data_func (test_path, &bad_cases[i], test_bad_document);
    }

  g_test_add_func ("/awareness/loader/all-problems", test_all_problems);
  g_test_add_func ("/awareness/loader/exhibit", test_exhibit);
  g_test_add_func ("/awareness/loader/draw-groups-warning", test_draw_groups_warning);
  g_test_add_func ("/awareness/loader/hostile/xxe-reads-nothing", test_xxe_reads_nothing);
  g_test_add_func ("/awareness/loader/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/awareness/loader/hostile/large-file", test_large_file);
  g_test_add_func ("/awareness/loader/hostile/not-regular", test_not_regular);
  g_test_add_func ("/awareness/loader/hostile/nul-byte", test_nul_byte);
  g_test_add_func ("/awareness/loader/catalog/escapes", test_catalog_escapes);
  g_test_add_func ("/awareness/loader/catalog/wrong-documents", test_catalog_wrong_documents);
  g_test_add_func ("/awareness/loader/catalog/duplicate-module", test_catalog_duplicate_module);
  g_test_add_func ("/awareness/loader/catalog/missing-directory", test_missing_directory);
  g_test_add_func ("/awareness/loader/catalog/preview", test_catalog_preview);
  g_test_add_func ("/awareness/loader/nearest-names", test_nearest_names);

  return g_test_run ();
}
