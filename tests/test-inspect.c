/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `awareness inspect` through the real CLI and a real SQLite file: the
 * shipped staff checklist answered from piped input and through a
 * pseudo-terminal, in English and Japanese; refused answers and comments;
 * stop and resume; --json; status and history; the statements in the
 * outbox.
 */
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "awareness.h"
#include "cli-fixture.h"

#define CHECKLIST "staff-self-inspection"
#define N_ITEMS 20

/* The staff checklist's items that cannot be answered not applicable. */
static const guint applies_to_everyone[] = { 1, 2, 3, 4, 5, 10, 11, 12, 15, 16, 17, 18 };

/* Answers to items @first to N_ITEMS: yes, or - where an item allows it
 * and @na is set. */
static void
append_answers (GString  *input,
                guint     first,
                gboolean  na)
{
  for (guint i = first; i <= N_ITEMS; i++)
    {
      gboolean everyone = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (applies_to_everyone); j++)
        everyone |= applies_to_everyone[j] == i;
      g_string_append (input, na && !everyone ? "-\n" : "y\n");
    }
}

/* The piped session of the English and Japanese cases: item 1 a word that
 * is no answer, then yes; item 2 not applicable (refused), then no without
 * the comment it requires, then with it; item 6 no with a comment over
 * the limit, then none; the rest yes or not applicable. */
static char *
piped_input (void)
{
  GString *input = g_string_new ("maybe\ny\n-\nn\n\n手順を知らない\ny\ny\ny\nn\n");

  for (guint i = 0; i <= AWARENESS_CHECKLIST_COMMENT_MAX; i++)
    g_string_append_c (input, 'x');
  g_string_append (input, "\n\n");
  for (guint i = 7; i <= N_ITEMS; i++)
    g_string_append (input, i == 13 || i == 19 || i == 20 ? "-\n" : "y\n");
  return g_string_free (input, FALSE);
}

static JsonObject *
find_inspection (JsonNode *history)
{
  JsonArray *array = json_node_get_array (history);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "kind", NULL),
                     "self-inspection") == 0)
        return object;
    }
  return NULL;
}

static void
assert_recorded (Fixture *fixture,
                 guint    n_yes,
                 guint    n_no,
                 guint    n_na)
{
  g_autofree char *history = NULL;
  g_autofree char *status = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) status_parser = json_parser_new ();
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *inspection, *first;

  g_assert_cmpint (run (fixture, NULL, NULL, &history, "history", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, history, -1, NULL));
  inspection = find_inspection (json_parser_get_root (parser));
  g_assert_nonnull (inspection);
  g_assert_cmpstr (json_object_get_string_member (inspection, "state"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (inspection, "checklist"), ==, CHECKLIST);
  g_assert_cmpint (json_object_get_int_member (inspection, "yes"), ==, n_yes);
  g_assert_cmpint (json_object_get_int_member (inspection, "no"), ==, n_no);
  g_assert_cmpint (json_object_get_int_member (inspection, "not_applicable"), ==, n_na);

  g_assert_cmpint (run (fixture, NULL, NULL, &status, "status", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (status_parser, status, -1, NULL));
  first = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (json_parser_get_root (status_parser)),
                                    "self_inspections"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, CHECKLIST);
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (first, "due_state"), ==, "completed");

  /* One statement per item and the completion, waiting to be sent. */
  store = awareness_store_new_for_path (fixture->store, &error);
  g_assert_no_error (error);
  outbox = awareness_store_list_outbox (store, AWARENESS_OUTBOX_PENDING, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, N_ITEMS + 1);
}

typedef struct {
  const char *locale;
  const char *not_an_answer;
  const char *everyone;
  const char *comment_needed;
  const char *too_long;
  const char *submitted;
  const char *title;
} PipedText;

static void
inspect_piped (Fixture         *fixture,
               const PipedText *text)
{
  g_autofree char *input = piped_input ();
  g_autofree char *out = NULL;

  g_assert_cmpint (run (fixture, text->locale, input, &out, "inspect", CHECKLIST, NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, text->title));
  g_assert_nonnull (strstr (out, text->not_an_answer));
  g_assert_nonnull (strstr (out, text->everyone));
  g_assert_nonnull (strstr (out, text->comment_needed));
  g_assert_nonnull (strstr (out, text->too_long));
  g_assert_nonnull (strstr (out, text->submitted));
  g_assert_nonnull (strstr (out, "手順を知らない"));
  assert_recorded (fixture, 15, 2, 3);
}

static void
test_piped (Fixture       *fixture,
            gconstpointer  data)
{
  const PipedText text = {
    NULL, "Type y for yes or n for no.",
    "Type y for yes or n for no: this item applies to everyone.",
    "a “no” needs a comment",
    "the comment has 1001 characters; write at most 1000",
    "Submitted: 15 yes, 2 no, 3 not applicable.",
    "Information security self-inspection for staff",
  };

  inspect_piped (fixture, &text);
}

static void
test_japanese (Fixture       *fixture,
               gconstpointer  data)
{
  const PipedText text = {
    "ja_JP.UTF-8", "「はい」は y、「いいえ」は n を入力してください。",
    "この項目は全員が対象です。「はい」は y、「いいえ」は n を入力してください。",
    "「いいえ」にはコメントが必要です",
    "コメントが 1001 文字あります。1000 文字以内にしてください",
    "提出しました：はい 15、いいえ 2、該当なし 3。",
    "職員等の情報セキュリティ自己点検",
  };

  inspect_piped (fixture, &text);
}

/* The end of input keeps the answers given; the same command, without
 * the checklist's name, goes on from there. */
static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *rest_out = NULL;
  g_autoptr(GString) rest = g_string_new (NULL);

  g_assert_cmpint (run (fixture, NULL, "y\ny\ny\ny\ny\n", &out, "inspect", CHECKLIST, NULL), ==,
                   4);
  g_assert_nonnull (strstr (out, "Your answers are saved (5 of 20 answered)"));

  append_answers (rest, 6, TRUE);
  g_assert_cmpint (run (fixture, NULL, rest->str, &rest_out, "inspect", NULL), ==, 0);
  g_test_message ("%s", rest_out);
  g_assert_nonnull (strstr (rest_out, "5 of 20 items answered"));
  g_assert_nonnull (strstr (rest_out, "Item 6 of 20"));
  g_assert_null (strstr (rest_out, "Item 5 of 20"));
  assert_recorded (fixture, 12, 0, 8);

  /* Nothing more is due. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fixture, NULL, "", &out, "inspect", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No self-inspection is due."));
}

/* --json: standard output holds the submitted answers as JSON alone. */
static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_auto(GStrv) envp = make_env (fixture, NULL);
  g_autoptr(GString) input = g_string_new ("n\n置き場所がない\n");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonObject *root, *counts, *first;

  append_answers (input, 2, FALSE);
  g_subprocess_launcher_set_environ (launcher, envp);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("AWARENESS_CLI"), "inspect",
                                         "--json", CHECKLIST, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input->str, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "checklist"), ==, CHECKLIST);
  g_assert_cmpstr (json_object_get_string_member (root, "version"), ==, "2026.1");
  counts = json_object_get_object_member (root, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "yes"), ==, 19);
  g_assert_cmpint (json_object_get_int_member (counts, "no"), ==, 1);
  first = json_array_get_object_element (json_object_get_array_member (root, "answers"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "item"), ==, "common-understanding");
  g_assert_cmpstr (json_object_get_string_member (first, "answer"), ==, "no");
  g_assert_cmpstr (json_object_get_string_member (first, "comment"), ==, "置き場所がない");
}

typedef struct {
  const char *locale;
  const char *answer_prompt;
  const char *item_1;
  const char *item_20;
  const char *so_far_yes;
  const char *submit;
  const char *saved;
} TerminalText;

/* At a terminal: b goes back an item, Enter keeps the answer given; the
 * answers are submitted only once confirmed, and b there goes back too. */
static void
inspect_in_terminal (Fixture            *fixture,
                     const TerminalText *text)
{
  g_auto(GStrv) envp = make_env (fixture, text->locale);
  g_autoptr(GString) seen = g_string_new (NULL);
  int master;
  pid_t pid = terminal_spawn (envp, &master, "inspect", CHECKLIST, NULL);

  expect (master, seen, text->item_1);
  expect (master, seen, text->answer_prompt);
  type (master, "y\n");
  expect (master, seen, text->answer_prompt);
  terminal_go_back (master, seen, text->item_1, text->so_far_yes, text->answer_prompt);
  for (guint i = 2; i <= N_ITEMS; i++)
    {
      expect (master, seen, text->answer_prompt);
      type (master, "y\n");
    }
  terminal_confirm (master, seen, text->submit, text->item_20, text->so_far_yes,
                    text->answer_prompt, text->saved);
  terminal_wait (pid, master, 0);

  assert_recorded (fixture, N_ITEMS, 0, 0);
}

static void
test_terminal (Fixture       *fixture,
               gconstpointer  data)
{
  const TerminalText text = {
    NULL, "Answer (y = yes, n = no", "Item 1 of 20", "Item 20 of 20",
    "Your answer so far: yes (press Enter to keep it)", "Press Enter to submit your answers",
    "Your answers are saved on this computer.",
  };

  inspect_in_terminal (fixture, &text);
}

static void
test_terminal_japanese (Fixture       *fixture,
                        gconstpointer  data)
{
  const TerminalText text = {
    "ja_JP.UTF-8", "回答（y＝はい、n＝いいえ", "項目 1/20", "項目 20/20",
    "現在の回答：はい（そのままでよければ Enter キー）", "Enter キーで回答を提出します。",
    "回答をこのパソコンに保存しました。",
  };

  inspect_in_terminal (fixture, &text);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/awareness/inspect/piped", Fixture, NULL, fixture_setup, test_piped,
              fixture_teardown);
  g_test_add ("/awareness/inspect/japanese", Fixture, NULL, fixture_setup, test_japanese,
              fixture_teardown);
  g_test_add ("/awareness/inspect/resume", Fixture, NULL, fixture_setup, test_resume,
              fixture_teardown);
  g_test_add ("/awareness/inspect/json", Fixture, NULL, fixture_setup, test_json,
              fixture_teardown);
  g_test_add ("/awareness/inspect/terminal", Fixture, NULL, fixture_setup, test_terminal,
              fixture_teardown);
  g_test_add ("/awareness/inspect/terminal-japanese", Fixture, NULL, fixture_setup,
              test_terminal_japanese, fixture_teardown);

  return g_test_run ();
}
