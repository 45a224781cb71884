/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The learner's flow through the real CLI and a real SQLite file: take a
 * module from piped input and through a pseudo-terminal, in English and
 * Japanese; stop and resume; status, history and review; and a crash test
 * that kills `awareness take` at random points and then checks that every
 * completion the CLI reported is in the records, with its statements.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "awareness.h"
#include "cli-fixture.h"

/* Each question of a review says whether the learner's answer was right
 * in words that an explanation beginning “False.” cannot contradict. */
static void
assert_verdicts (const char *review,
                 const char *right,
                 const char *wrong,
                 const char *bare_right,
                 const char *bare_wrong)
{
  g_assert_true (strstr (review, right) != NULL || strstr (review, wrong) != NULL);
  g_assert_null (strstr (review, bare_right));
  g_assert_null (strstr (review, bare_wrong));
}

static void
test_take_piped (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autofree char *status = NULL;
  g_autofree char *history = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *attempts;
  int rc;

  /* A wrong number and a word are asked again, with a hint. */
  rc = run (fixture, NULL, "9\nyes\n1\n1\n1\n1\n1\n1\n", &out, "take", "--seed", "1",
            "staff-obligations", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "Lesson 1 of 3"));
  g_assert_nonnull (strstr (out, "Question 1 of 6"));
  /* A single-choice or a multiple-choice question asks again, as the draw has it. */
  g_assert_true (strstr (out, "Type the number of your answer, 1 to ") != NULL ||
                 strstr (out, "Type the numbers of your answers, 1 to ") != NULL);
  g_assert_nonnull (strstr (out, "Score: "));
  g_assert_nonnull (strstr (out, "Policy: Chapter 1, "));
  /* The result speaks of the attempt and of the City's server, not of
   * the database or of statements. */
  g_assert_nonnull (
    strstr (out, "Your result is saved on this computer.\n"
                 "It has not reached the City’s server yet: sign in with “awareness login”,"));
  g_assert_null (strstr (out, fixture->store));
  g_assert_null (strstr (out, "Recorded as"));

  rc = run (fixture, NULL, NULL, &status, "status", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (status, "Obligations of staff, and training"));
  g_assert_true (strstr (status, "passed on ") != NULL || strstr (status, "failed on ") != NULL);

  {
    g_autofree char *status_json = NULL;
    g_autoptr(JsonParser) status_parser = json_parser_new ();
    JsonArray *modules;
    guint found = 0;

    rc = run (fixture, NULL, NULL, &status_json, "status", "--json", NULL);
    g_assert_cmpint (rc, ==, 0);
    g_assert_true (json_parser_load_from_data (status_parser, status_json, -1, &error));
    modules =
      json_object_get_array_member (json_node_get_object (json_parser_get_root (status_parser)),
                                    "modules");
    for (guint i = 0; i < json_array_get_length (modules); i++)
      {
        JsonObject *module = json_array_get_object_element (modules, i);

        if (g_strcmp0 (json_object_get_string_member (module, "id"), "staff-obligations") != 0)
          {
            g_assert_cmpstr (json_object_get_string_member (module, "state"), ==, "not-started");
            continue;
          }
        found++;
        g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (module,
                                                                                    "attempt"),
                                                     "answered"),
                         ==, 6);
      }
    g_assert_cmpuint (found, ==, 1);
  }

  rc = run (fixture, NULL, NULL, &history, "history", "--json", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, history, -1, &error));
  attempts = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (attempts), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (attempts, 0),
                                               "answered"),
                   ==, 6);
  /* No attempt id on the result screen. */
  g_assert_null (
    strstr (out, json_object_get_string_member (json_array_get_object_element (attempts, 0),
                                                "attempt")));

  /* A retake asks other questions of the pool of 12. */
  rc = run (fixture, NULL, "1\n1\n1\n1\n1\n1\n", &again, "take", "--skip-lessons",
            "staff-obligations", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_null (strstr (again, "Lesson 1 of 3"));
}

static void
test_take_japanese (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *review = NULL;
  g_autofree char *history = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *id;
  int rc;

  /* Full-width digits, as a Japanese input method types them. */
  rc = run (fixture, "ja_JP.UTF-8", "１\n1\n１\n1\n2\n1\n", &out, "take", "--skip-lessons",
            "--seed", "2", "network-segments", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "設問 1/6"));
  g_assert_nonnull (strstr (out, "得点："));
  g_assert_nonnull (strstr (out, "ポリシー：第1章 "));
  g_assert_null (strstr (out, "Question"));

  rc = run (fixture, NULL, NULL, &history, "history", "--json", NULL);
  g_assert_true (json_parser_load_from_data (parser, history, -1, NULL));
  id =
    json_object_get_string_member (json_array_get_object_element (json_node_get_array (
                                                                    json_parser_get_root (parser)),
                                                                  0),
                                   "attempt");
  g_assert_cmpstr (
    json_object_get_string_member (json_array_get_object_element (json_node_get_array (
                                                                    json_parser_get_root (parser)),
                                                                  0),
                                   "language"),
    ==, "ja");

  rc = run (fixture, "ja_JP.UTF-8", NULL, &review, "review", id, NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (review, "三つの系統"));
  g_assert_nonnull (strstr (review, "▶"));
  assert_verdicts (review, "   あなたの回答は正解です。\n", "   あなたの回答は不正解です。\n",
                   "   正解です。\n", "   不正解です。\n");
}

/* Dates an attempt a week before it was finished, in the records. */
static void
backdate_start (Fixture *fixture)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->store, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE attempts SET started_at = '2026-01-05T09:00:00Z'",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* status, history and review name the module by the same title, the
 * clauses by label and title, and date the attempt by its finish. */
static void
test_listed_alike (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *history_json = NULL;
  g_autofree char *history = NULL;
  g_autofree char *status = NULL;
  g_autofree char *review = NULL;
  g_autofree char *finished = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  JsonObject *attempt;
  const char *title = "Obligations of staff, and training";

  g_assert_cmpint (run (fixture, NULL, "1\n1\n1\n1\n1\n1\n", &out, "take", "--skip-lessons",
                        "--seed", "1", "staff-obligations", NULL),
                   ==, 0);
  backdate_start (fixture);

  g_assert_cmpint (run (fixture, NULL, NULL, &history_json, "history", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, history_json, -1, NULL));
  attempt = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  when = g_date_time_new_from_iso8601 (json_object_get_string_member (attempt, "finished"), NULL);
  g_assert_nonnull (when);
  local = g_date_time_to_local (when);
  finished = g_date_time_format (local, "%Y-%m-%d %H:%M");

  g_assert_cmpint (run (fixture, NULL, NULL, &history, "history", NULL), ==, 0);
  g_assert_cmpint (run (fixture, NULL, NULL, &status, "status", NULL), ==, 0);
  g_assert_cmpint (run (fixture, NULL, NULL, &review, "review",
                        json_object_get_string_member (attempt, "attempt"), NULL), ==, 0);
  g_test_message ("%s\n%s\n%s", history, status, review);

  /* The title, not the id. */
  g_assert_nonnull (strstr (history, title));
  g_assert_null (strstr (history, "staff-obligations"));
  g_assert_nonnull (strstr (status, title));
  g_assert_nonnull (strstr (review, title));
  /* The finish, not the start. */
  g_assert_nonnull (strstr (history, finished));
  g_assert_nonnull (strstr (status, finished));
  g_assert_nonnull (strstr (review, finished));
  g_assert_null (strstr (history, "2026-01-05"));
  g_assert_null (strstr (review, "2026-01-05"));
  /* Clauses by label and title, in the result and in the review alike. */
  g_assert_nonnull (strstr (out, "Policy: Chapter 1, 5 Obligation of staff to comply"));
  g_assert_nonnull (strstr (review, "Policy: Chapter 1, 5 Obligation of staff to comply"));
  assert_verdicts (review, "   Your answer is right.\n", "   Your answer is wrong.\n",
                   "   Right.\n", "   Wrong.\n");
}

/* Every line of the exhibit's frame is as wide as its top, counting a
 * Japanese character as two columns. */
static void
assert_frame (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint width = 0, n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint w = 0;

      if (!g_str_has_prefix (lines[i], "  ┌") && !g_str_has_prefix (lines[i], "  │") &&
          !g_str_has_prefix (lines[i], "  ├") && !g_str_has_prefix (lines[i], "  └"))
        continue;
      for (const char *p = lines[i]; *p != '\0'; p = g_utf8_next_char (p))
        w += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
      if (width == 0)
        width = w;
      g_assert_cmpuint (w, ==, width);
      g_assert_cmpuint (w, <=, 80);
      n++;
    }
  g_assert_cmpuint (n, >=, 8);
}

static void
test_take_exhibit (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "exhibit", NULL);
  g_autofree char *out = NULL;
  g_autofree char *ja = NULL;
  g_autofree char *review = NULL;
  g_autofree char *history = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *id;
  int rc;

  rc = run (fixture, NULL, "1\n", &out, "take", "--content", dir, "--skip-lessons", "inbox", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "  ┌─ E-mail ─"));
  g_assert_nonnull (strstr (out, "│ From:    System admin <helpdesk@examp1e.com>"));
  g_assert_nonnull (strstr (out, "│ Subject: Your password expires today"));
  g_assert_nonnull (strstr (out, "│ Update your password today with the link below."));
  /* The body's own indentation is kept. */
  g_assert_nonnull (strstr (out, "│   (Otherwise you cannot log in.)"));
  g_assert_nonnull (strstr (out, "│ Attachment: how-to-update.html"));
  g_assert_nonnull (strstr (out, "  └─"));
  assert_frame (out);
  /* Piped, no escape sequences. */
  g_assert_null (strchr (out, '\033'));

  /* In Japanese, wide characters are two columns. */
  rc = run (fixture, "ja_JP.UTF-8", "1\n", &ja, "take", "--content", dir, "--skip-lessons", "inbox",
            NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (ja, "  ┌─ メール ─"));
  g_assert_nonnull (strstr (ja, "│ 差出人： システム管理 <helpdesk@examp1e.com>"));
  g_assert_nonnull (strstr (ja, "│ 添付： 更新手順.html"));
  assert_frame (ja);

  /* The review shows the exhibit as it was seen. */
  rc = run (fixture, NULL, NULL, &history, "history", "--json", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, history, -1, NULL));
  id =
    json_object_get_string_member (json_array_get_object_element (json_node_get_array (
                                                                    json_parser_get_root (parser)),
                                                                  0),
                                   "attempt");
  rc = run (fixture, NULL, NULL, &review, "review", id, NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (review, "│ Subject: Your password expires today"));
  assert_frame (review);
}

/* A multiple-choice question says so under its prompt; a negative word
 * in <em> is bold at a terminal. */
static void
test_take_multiple_hint (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "exhibit", NULL);
  g_autofree char *seed = NULL;
  g_auto(GStrv) envp = make_env (fixture, NULL);
  g_autoptr(GString) seen = g_string_new (NULL);
  int master;
  pid_t pid;

  /* A seed whose draw has the multiple-choice question. */
  for (guint i = 0; seed == NULL && i < 50; i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *text = g_strdup_printf ("%u", i);
      g_autofree char *store = g_strdup_printf ("%s/seed-%u.db", fixture->dir, i);
      char *saved = fixture->store;

      fixture->store = store;
      run (fixture, NULL, "1\n1\n", &out, "take", "--content", dir, "--skip-lessons", "--seed",
           text, "mail", NULL);
      fixture->store = saved;
      if (strstr (out, "Which of these are not appropriate?") != NULL)
        {
          g_assert_nonnull (
            strstr (out, "Which of these are not appropriate?\n  Select all that apply.\n"));
          seed = g_steal_pointer (&text);
        }
    }
  g_assert_nonnull (seed);

  pid = terminal_spawn (envp, &master, "take", "--content", dir, "--skip-lessons", "--seed", seed,
                        "mail", NULL);
  expect (master, seen, "Which of these are \033[1mnot\033[22m appropriate?");
  expect (master, seen, "Select all that apply.");
  for (guint i = 0; i < 2; i++)
    type (master, "1\n");
  expect (master, seen, "Press Enter to submit your answers");
  type (master, "\n");
  expect (master, seen, "Your result is saved on this computer.");
  terminal_wait (pid, master, 0);
}

static void
test_take_resume (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *status = NULL;
  g_autofree char *question3 = NULL;
  const char *q;
  int rc;

  /* Two answers, then the input ends: progress is saved. */
  rc = run (fixture, NULL, "1\n1\n", &first, "take", "--skip-lessons", "--seed", "3", "threats",
            NULL);
  g_assert_cmpint (rc, ==, 4);
  g_assert_nonnull (strstr (first, "Your answers are saved (2 of 6 answered)"));
  g_assert_nonnull (strstr (first, "awareness take threats"));
  q = strstr (first, "Question 3 of 6");
  g_assert_nonnull (q);
  question3 = g_strndup (q, strchr (strchr (q, '\n') + 1, '\n') - q);

  rc = run (fixture, NULL, NULL, &status, "status", NULL);
  g_assert_nonnull (strstr (status, "in progress (2 of 6 answered)"));

  /* The same attempt continues at question 3, as it was shown. */
  rc = run (fixture, NULL, "1\n1\n1\n1\n", &second, "take", "threats", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (second, "Resuming your attempt"));
  g_assert_null (strstr (second, "Question 1 of 6"));
  g_assert_nonnull (strstr (second, question3));
  g_assert_nonnull (strstr (second, "Your result is saved on this computer."));
}

static void
test_take_next (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autofree char *history = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int rc;

  /* Without a module: the first required module not passed… */
  rc = run (fixture, NULL, "1\n", &out, "take", "--skip-lessons", NULL);
  g_assert_cmpint (rc, ==, 4);
  rc = run (fixture, NULL, NULL, &history, "history", "--json", NULL);
  g_assert_true (json_parser_load_from_data (parser, history, -1, NULL));
  g_assert_cmpstr (
    json_object_get_string_member (json_array_get_object_element (json_node_get_array (
                                                                    json_parser_get_root (parser)),
                                                                  0),
                                   "module"),
    ==, "policy-purpose");

  /* …and the one in progress comes first. */
  rc = run (fixture, NULL, "", &again, "take", NULL);
  g_assert_cmpint (rc, ==, 4);
  g_assert_nonnull (strstr (again, "Resuming your attempt"));
  g_assert_nonnull (strstr (again, "1 of 6 answered"));
}

/* Reads from @fd until @needle appears; fails after 30 seconds. */
/* Like expect(), for whichever of @needles comes first: returns its
 * index, and in @before what came before it. */
static guint
expect_any (int                 fd,
            GString            *seen,
            const char * const *needles,
            char              **before)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      char buffer[4096];
      const char *first = NULL;
      guint which = 0;
      ssize_t n;
      int timeout;

      for (guint i = 0; needles[i] != NULL; i++)
        {
          const char *at = strstr (seen->str, needles[i]);

          if (at != NULL && (first == NULL || at < first))
            {
              first = at;
              which = i;
            }
        }
      if (first != NULL)
        {
          *before = g_strndup (seen->str, first - seen->str);
          g_string_erase (seen, 0, first - seen->str + (gssize) strlen (needles[which]));
          return which;
        }

      timeout = (int) ((deadline - g_get_monotonic_time ()) / 1000);
      if (timeout <= 0 || poll (&pfd, 1, timeout) <= 0)
        g_error ("timed out waiting for “%s”…; got:\n%s", needles[0], seen->str);
      n = read (fd, buffer, sizeof buffer);
      if (n <= 0)
        g_error ("end of output waiting for “%s”…; got:\n%s", needles[0], seen->str);
      g_string_append_len (seen, buffer, n);
    }
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = strchr (text, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    n++;
  return n;
}

typedef struct {
  const char *locale;
  const char *read_on;
  const char *next_lesson;
  const char *start_quiz;
  const char *back_page;
  const char *first_lesson;
  const char *answer_prompt;
  const char *back_question;
  const char *question_1;
  const char *question_6;
  const char *so_far_2;
  const char *so_far_1;
  const char *submit;
  const char *saved;
} TerminalText;

/*
 * The whole flow at a real terminal of 80×24: the long first lesson of
 * security-measures is paged at the terminal's height, “b” turns back a
 * page; “b” goes back a question, whose answer Enter keeps; the answers
 * are submitted only once confirmed, and “b” there goes back too.
 */
static void
take_in_terminal (Fixture            *fixture,
                  const TerminalText *text)
{
  g_auto(GStrv) envp = make_env (fixture, text->locale);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *first_page = NULL;
  g_autofree char *history = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char * const lesson_prompts[] = { text->read_on, text->next_lesson, text->start_quiz,
                                          NULL };
  guint pages = 0, paged = 0;
  gboolean went_back = FALSE;
  JsonObject *attempt;
  int master;
  pid_t pid;

  pid = terminal_spawn (envp, &master, "take", "--seed", "4", "security-measures", NULL);

  /* The lessons, a page at a time: each page and its prompt fit the 24
   * rows, with the line typed at the previous prompt. */
  for (;;)
    {
      g_autofree char *page = NULL;
      guint which = expect_any (master, seen, lesson_prompts, &page);

      g_test_message ("page %u: %u lines", pages, count_lines (page));
      g_assert_cmpuint (count_lines (page), <=, 24 - 1);
      if (pages == 0)
        {
          g_assert_nonnull (strstr (page, text->first_lesson));
          first_page = g_strdup (page);
        }
      if (which == 0)
        paged++;
      if (pages == 1)
        {
          /* The second page can go back to the first. */
          g_assert_cmpuint (which, ==, 0);
          expect (master, seen, text->back_page);
          type (master, "b\n");
          went_back = TRUE;
          pages++;
          continue;
        }
      if (went_back && pages == 2)
        {
          /* The first page again, whole. */
          g_assert_nonnull (strstr (page, text->first_lesson));
          g_assert_cmpuint (count_lines (page), ==, count_lines (first_page) + 1);
        }
      pages++;
      type (master, "\n");
      if (which == 2)
        break;
    }
  g_assert_true (went_back);
  /* The first lesson is longer than a screen. */
  g_assert_cmpuint (paged, >=, 3);

  /* Question 1: out of range, asked again, then answered. */
  expect (master, seen, text->answer_prompt);
  type (master, "0\n");
  expect (master, seen, text->answer_prompt);
  type (master, "2\n");
  /* Question 2: back to question 1, whose answer is kept with Enter. */
  expect (master, seen, text->back_question);
  expect (master, seen, text->answer_prompt);
  terminal_go_back (master, seen, text->question_1, text->so_far_2, text->answer_prompt);
  for (guint i = 1; i < 6; i++)
    {
      expect (master, seen, text->answer_prompt);
      type (master, "1\n");
    }

  /* Nothing is submitted before the learner confirms; “b” goes back. */
  terminal_confirm (master, seen, text->submit, text->question_6, text->so_far_1,
                    text->answer_prompt, text->saved);
  terminal_wait (pid, master, 0);

  /* Question 1's answer is the one given first, kept when going back. */
  g_assert_cmpint (run (fixture, NULL, NULL, &history, "history", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, history, -1, NULL));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==,
                    1);
  attempt = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpint (json_object_get_int_member (attempt, "answered"), ==, 6);
  g_assert_nonnull (json_object_get_string_member (attempt, "finished"));
}

static void
test_take_terminal (Fixture       *fixture,
                    gconstpointer  data)
{
  const TerminalText text = {
    NULL,
    "Press Enter to read on.",
    "Press Enter for the next lesson.",
    "Press Enter to start the quiz.",
    "(b: back a page)",
    "Lesson 1 of 3: ",
    "Answer:",
    "Type b to go back to the previous question.",
    "Question 1 of 6",
    "Question 6 of 6",
    "Your answer so far: 2 (press Enter to keep it)",
    "Your answer so far: 1 (press Enter to keep it)",
    "Press Enter to submit your answers",
    "Your result is saved on this computer.",
  };

  take_in_terminal (fixture, &text);
}

static void
test_take_terminal_japanese (Fixture       *fixture,
                             gconstpointer  data)
{
  const TerminalText text = {
    "ja_JP.UTF-8", "Enter キーで続きを表示します。", "Enter キーで次のレッスンへ進みます。",
    "Enter キーで確認テストを始めます。", "（b：前のページへ）", "レッスン 1/3：", "回答：",
    "前の設問に戻るには b を入力してください。", "設問 1/6", "設問 6/6",
    "現在の回答：2（そのままでよければ Enter キー）", "現在の回答：1（そのままでよければ Enter キー）",
    "Enter キーで回答を提出します。", "結果をこのパソコンに保存しました。",
  };

  take_in_terminal (fixture, &text);
}

static char *
read_all (int fd)
{
  GString *s = g_string_new (NULL);
  char buffer[4096];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (s, buffer, n);
  close (fd);
  return g_string_free (s, FALSE);
}

/* Ctrl-C (SIGINT) at the answer prompt: the answers so far are kept. */
static void
test_take_interrupt (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(GStrv) envp = make_env (fixture, NULL);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *status = NULL;
  int master;
  pid_t pid;

  pid = terminal_spawn (envp, &master, "take", "--skip-lessons", "audit-review", NULL);

  expect (master, seen, "Answer:");
  type (master, "1\n");
  expect (master, seen, "Answer:");
  type (master, "2\n");
  expect (master, seen, "Answer:");
  /* What the terminal sends on Ctrl-C. */
  g_assert_cmpint (kill (pid, SIGINT), ==, 0);
  expect (master, seen, "Your answers are saved (2 of 6 answered)");

  terminal_wait (pid, master, 4);

  g_assert_cmpint (run (fixture, NULL, NULL, &status, "status", NULL), ==, 0);
  g_assert_nonnull (strstr (status, "in progress (2 of 6 answered)"));
}

/* This process, as the open app would: finishes an attempt at @module_id
 * for "suzuki", answered right, through @store. */
static void
complete_beside (AwarenessStore   *store,
                 AwarenessCatalog *catalog,
                 const char       *module_id)
{
  AwarenessModule *module = awareness_catalog_lookup_module (catalog, module_id);
  g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new_random (module, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (awareness_store_begin_attempt (store, attempt, "suzuki", "ja", &error));
  g_assert_no_error (error);
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
      g_assert_true (awareness_store_record_answer (store, attempt,
                                                    awareness_question_get_id (question), &error));
      g_assert_no_error (error);
    }
  g_assert_true (awareness_complete_attempt (store, attempt, catalog, "suzuki", "ja", &error));
  g_assert_no_error (error);
}

/* The finished attempts of "tanaka" in @store. */
static guint
count_finished (AwarenessStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attempts = awareness_store_list_attempts (store, "tanaka", NULL, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < attempts->len; i++)
    {
      AwarenessAttemptRecord *record = g_ptr_array_index (attempts, i);

      if (record->state == AWARENESS_ATTEMPT_STATE_PASSED
          || record->state == AWARENESS_ATTEMPT_STATE_FAILED)
        n++;
    }
  return n;
}

/* Kills `awareness take` at random points, while this process holds two
 * stores of the same records and completes attempts through them, as the
 * open app does beside the CLI; afterwards every completion reported by
 * either is recorded with its statements, and the database is sound. */
static void
test_crash_safety (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(GStrv) envp = make_env (fixture, NULL);
  const char *saved = "Your result is saved on this computer.";
  guint reported = 0;
  g_autoptr(AwarenessStore) store = NULL;
  AwarenessStore *beside[2] = { NULL, NULL };
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->store, "-wal", NULL);
  guint completed_beside = 0;
  const char *cli = g_getenv ("AWARENESS_CLI");
  const char *argv[] = { cli, "take", "--skip-lessons", "definitions", NULL };
  const char *answers = "1\n2\n1\n1,2\n1\n2\n1\n1\n";
  const guint runs = 60;
  guint killed = 0, finished_runs = 0;
  gint64 full_run;
  GPid first_pid;
  int first_in, first_out;

  /* One whole run first: the kills are spread over its duration, which
   * differs much between a sanitizer build and a release build. */
  {
    g_autofree char *out = NULL;
    gint64 start = g_get_monotonic_time ();

    g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                             NULL, NULL, &first_pid, &first_in, &first_out, NULL,
                                             &error));
    g_assert_no_error (error);
    type (first_in, answers);
    close (first_in);
    out = read_all (first_out);
    g_assert_cmpint (waitpid (first_pid, NULL, 0), ==, first_pid);
    full_run = g_get_monotonic_time () - start;
    g_assert_nonnull (strstr (out, saved));
    reported++;
  }

  catalog = awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (beside); i++)
    {
      beside[i] = awareness_store_new_for_path (fixture->store, &error);
      g_assert_no_error (error);
    }

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      GPid pid;
      int in_fd, out_fd, status;
      guint delay = (guint) g_test_rand_int_range (0,
                                                   (gint32) MIN (full_run * 11 / 10, G_MAXINT32));
      guint finished_before = count_finished (beside[0]);

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp,
                                               G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &in_fd,
                                               &out_fd, NULL, &error));
      g_assert_no_error (error);
      type (in_fd, answers);
      close (in_fd);

      g_usleep (delay);
      if (kill (pid, SIGKILL) == 0)
        killed++;
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (WIFEXITED (status))
        finished_runs++;

      {
        g_autofree char *text = read_all (out_fd);
        g_string_append (out, text);
      }

      /* A run that reported its result completed one attempt, which is
       * in the records. */
      if (strstr (out->str, saved) != NULL)
        {
          g_assert_cmpuint (count_finished (beside[0]), ==, finished_before + 1);
          reported++;
        }

      if (r % 6 == 0)
        {
          complete_beside (beside[r % 12 == 0 ? 0 : 1], catalog, "definitions");
          completed_beside++;
        }
      /* The killed and finished runs opened and closed the records: the
       * WAL this process writes to is still there. */
      g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
    }
  g_clear_object (&beside[0]);
  g_clear_object (&beside[1]);

  g_test_message ("%u runs of about %" G_GINT64_FORMAT
                  " ms, %u killed, %u finished before the kill, "
                  "%u completions reported",
                  runs, full_run / 1000, killed, finished_runs, reported);
  /* The kills must land both before and after completions. */
  g_assert_cmpuint (reported, >, 0);
  g_assert_cmpuint (finished_runs, <, runs);

  store = awareness_store_new_for_path (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (awareness_store_check_integrity (store, &error));
  g_assert_no_error (error);

  attempts = awareness_store_list_attempts (store, "tanaka", NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < attempts->len; i++)
    {
      AwarenessAttemptRecord *record = g_ptr_array_index (attempts, i);
      g_autoptr(GPtrArray) statements = awareness_store_dup_statements (store, record->id, &error);
      gboolean finished = record->state == AWARENESS_ATTEMPT_STATE_PASSED ||
                          record->state == AWARENESS_ATTEMPT_STATE_FAILED;

      g_assert_no_error (error);
      /* A result and its statements are written together or not at all. */
      g_assert_cmpuint (statements->len, ==, finished ? record->max_score + 2 : 0);
      if (finished)
        g_assert_cmpuint (record->n_answered, ==, record->max_score);
    }

  /* Every reported completion is there still. */
  g_assert_cmpuint (count_finished (store), >=, reported);

  /* And every completion of this process. */
  g_clear_pointer (&attempts, g_ptr_array_unref);
  attempts = awareness_store_list_attempts (store, "suzuki", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, completed_beside);
  for (guint i = 0; i < attempts->len; i++)
    {
      AwarenessAttemptRecord *record = g_ptr_array_index (attempts, i);

      g_assert_cmpint (record->state, ==, AWARENESS_ATTEMPT_STATE_PASSED);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/awareness/take/piped", Fixture, NULL, fixture_setup, test_take_piped,
              fixture_teardown);
  g_test_add ("/awareness/take/japanese", Fixture, NULL, fixture_setup, test_take_japanese,
              fixture_teardown);
  g_test_add ("/awareness/take/exhibit", Fixture, NULL, fixture_setup, test_take_exhibit,
              fixture_teardown);
  g_test_add ("/awareness/take/multiple-hint", Fixture, NULL, fixture_setup,
              test_take_multiple_hint, fixture_teardown);
  g_test_add ("/awareness/take/listed-alike", Fixture, NULL, fixture_setup, test_listed_alike,
              fixture_teardown);
  g_test_add ("/awareness/take/resume", Fixture, NULL, fixture_setup, test_take_resume,
              fixture_teardown);
  g_test_add ("/awareness/take/next", Fixture, NULL, fixture_setup, test_take_next,
              fixture_teardown);
  g_test_add ("/awareness/take/interrupt", Fixture, NULL, fixture_setup, test_take_interrupt,
              fixture_teardown);
  g_test_add ("/awareness/take/terminal", Fixture, NULL, fixture_setup, test_take_terminal,
              fixture_teardown);
  g_test_add ("/awareness/take/terminal-japanese", Fixture, NULL, fixture_setup,
              test_take_terminal_japanese, fixture_teardown);
  g_test_add ("/awareness/take/crash-safety", Fixture, NULL, fixture_setup, test_crash_safety,
              fixture_teardown);

  return g_test_run ();
}
