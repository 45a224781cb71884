/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness take MODULE: the lessons, then the quiz, one question at a
 * time.  Every answer is written to the records before the next question
 * is shown; the result is shown only once it is committed.  End of input
 * or Ctrl-C leaves the attempt in progress, to be resumed by running the
 * same command again.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli-common.h"

/* Full-width digits and separators, as a Japanese input method types them. */
static char *
normalize_input (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF10 && c <= 0xFF19)
        g_string_append_c (s, (char) ('0' + (c - 0xFF10)));
      else if (c == 0xFF0C || c == 0x3001 || c == 0x3000 || c == ' ' || c == '\t')
        g_string_append_c (s, ',');
      else
        g_string_append_unichar (s, c);
    }

  return g_string_free (s, FALSE);
}

/* Parses “2” or “1,3” into choice ids; returns NULL with a hint. */
static char **
parse_answer (const char         *line,
              AwarenessQuestion  *question,
              GPtrArray          *shown,
              char              **hint)
{
  g_autofree char *normal = normalize_input (line);
  g_auto(GStrv) parts = g_strsplit (normal, ",", -1);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  gboolean multiple = awareness_question_get_kind (question) == AWARENESS_QUESTION_MULTIPLE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 n;
      const char *id;

      if (parts[i][0] == '\0')
        continue;

      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, shown->len, &n, NULL))
        {
          *hint = g_strdup_printf (
            multiple ? _(
              "Type the numbers of your answers, 1 to %u, separated by commas (for example 1,3).")
                     : _("Type the number of your answer, 1 to %u."),
            shown->len);
          return NULL;
        }

      id = awareness_choice_get_id (g_ptr_array_index (shown, n - 1));
      if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, (gpointer) id);
    }

  if (ids->len == 0)
    {
      *hint = g_strdup_printf (
        multiple
          ? _("Type the numbers of your answers, 1 to %u, separated by commas (for example 1,3).")
          : _("Type the number of your answer, 1 to %u."),
        shown->len);
      return NULL;
    }

  if (ids->len > 1 && !multiple)
    {
      *hint = g_strdup (_("This question takes one answer: type a single number."));
      return NULL;
    }

  g_ptr_array_add (ids, NULL);
  return g_strdupv ((char **) ids->pdata);
}

static void
print_question (AwarenessAttempt *attempt,
                guint             index,
                const char       *lang)
{
  AwarenessQuestion *question = awareness_attempt_get_question (attempt, index);
  GPtrArray *shown = awareness_attempt_get_choices (attempt, index);
  g_autofree char *prompt = awareness_question_dup_prompt (question, lang, cli_text_format ());

  g_print ("\n");
  /* Translators: “Question 2 of 5”. */
  g_print (_("Question %u of %u"), index + 1, awareness_attempt_get_n_questions (attempt));
  g_print ("\n");
  if (awareness_question_get_exhibit (question) != NULL)
    cli_print_exhibit (awareness_question_get_exhibit (question), lang);
  cli_print_wrapped (prompt, "  ", "  ");
  if (awareness_question_get_kind (question) == AWARENESS_QUESTION_MULTIPLE)
    cli_print_wrapped (_("Select all that apply."), "  ", "  ");
  for (guint c = 0; c < shown->len; c++)
    {
      g_autofree char *text = awareness_choice_dup_text (g_ptr_array_index (shown, c), lang,
                                                         AWARENESS_TEXT_FORMAT_PLAIN);
      g_autofree char *lead = g_strdup_printf ("  %u) ", c + 1);

      cli_print_wrapped (text, lead, "     ");
    }
}

/* The numbers, as shown, of the choices the learner has given to the
 * question at @index so far; NULL if it is not answered. */
static char *
dup_answer_numbers (AwarenessAttempt *attempt,
                    guint             index)
{
  AwarenessQuestion *question = awareness_attempt_get_question (attempt, index);
  const char *id = awareness_question_get_id (question);
  const char * const *answer = awareness_attempt_get_answer (attempt, id);
  GPtrArray *shown = awareness_attempt_get_choices (attempt, index);
  GString *numbers;

  if (answer == NULL)
    return NULL;
  numbers = g_string_new (NULL);
  for (guint c = 0; c < shown->len; c++)
    if (g_strv_contains (answer, awareness_choice_get_id (g_ptr_array_index (shown, c))))
      g_string_append_printf (numbers, numbers->len > 0 ? ",%u" : "%u", c + 1);
  return g_string_free (numbers, FALSE);
}

typedef enum {
  CONFIRM_SUBMIT,
  CONFIRM_BACK,
  CONFIRM_END,
} ConfirmResult;

/* Asks before the answers are submitted, as the desktop app does. */
static ConfirmResult
confirm_submit (AwarenessAttempt *attempt)
{
  guint n = awareness_attempt_get_n_questions (attempt);
  g_autofree char *body = NULL;

  body = g_strdup_printf (ngettext ("You have answered the question. Once submitted, the answer "
                                    "cannot be changed.",
                                    "You have answered all %u questions. Once submitted, the "
                                    "answers cannot be changed.", n), n);

  g_print ("\n");
  cli_print_wrapped (body, "", "");
  for (;;)
    {
      char *line = NULL;

      g_print ("%s ", _("Press Enter to submit your answers, or type b to go back to the last "
                        "question:"));
      if (cli_read_line (&line) == CLI_READ_END)
        return CONFIRM_END;
      if (line[0] == '\0' || g_ascii_strcasecmp (line, "y") == 0 ||
          g_ascii_strcasecmp (line, "yes") == 0)
        return CONFIRM_SUBMIT;
      if (cli_is_back (line))
        return CONFIRM_BACK;
    }
}

static void
print_result (AwarenessAttempt *attempt,
              AwarenessStore   *store,
              const char       *lang)
{
  AwarenessModule *module = awareness_attempt_get_module (attempt);
  guint n = awareness_attempt_get_n_questions (attempt);
  guint score = awareness_attempt_get_score (attempt);
  g_autofree char *percent = awareness_format_percent (score, n);

  g_print ("\n");
  cli_print_rule ();
  /* Translators: “Score: 4 of 5 (80%)”. */
  g_print (_("Score: %u of %u (%s)"), score, n, percent);
  g_print ("\n");
  if (awareness_attempt_get_passed (attempt))
    g_print (_("Passed. The pass mark is %u%%.\n"), awareness_module_get_pass_percent (module));
  else
    g_print (_("Not passed. The pass mark is %u%%.\n"), awareness_module_get_pass_percent (module));
  cli_print_rule ();

  for (guint i = 0; i < n; i++)
    {
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
      const char *qid = awareness_question_get_id (question);
      gboolean right = awareness_attempt_is_correct (attempt, qid);
      g_autofree char *prompt = awareness_question_dup_prompt (question, lang,
                                                               AWARENESS_TEXT_FORMAT_PLAIN);
      g_autofree char *explanation =
        awareness_question_dup_explanation (question, lang, AWARENESS_TEXT_FORMAT_PLAIN);
      g_autofree char *yours =
        awareness_attempt_dup_choices_text (attempt, i, awareness_attempt_get_answer (attempt, qid),
                                            FALSE, lang, AWARENESS_TEXT_FORMAT_PLAIN, TRUE);
      g_autofree char *lead = g_strdup_printf ("%s %u. ", right ? "✔" : "✘", i + 1);
      GPtrArray *clauses = awareness_question_get_clauses (question);
      g_autoptr(GPtrArray) citations = g_ptr_array_new_with_free_func (g_free);

      g_print ("\n");
      cli_print_wrapped (prompt, lead, "     ");
      {
        g_autofree char *line = g_strdup_printf (_("Your answer: %s"), yours);
        cli_print_wrapped (line, "     ", "     ");
      }
      if (!right)
        {
          g_autofree char *correct =
            awareness_attempt_dup_choices_text (attempt, i, NULL, TRUE, lang,
                                                AWARENESS_TEXT_FORMAT_PLAIN, TRUE);
          g_autofree char *line = g_strdup_printf (_("Correct answer: %s"), correct);

          cli_print_wrapped (line, "     ", "     ");
        }
      cli_print_wrapped (explanation, "     ", "     ");

      for (guint c = 0; c < clauses->len; c++)
        g_ptr_array_add (citations,
                         awareness_clause_dup_citation (g_ptr_array_index (clauses, c), lang));
      cli_print_citations (citations, "     ");
    }

  g_print ("\n");
  cli_print_delivery (store, awareness_attempt_get_id (attempt),
                      _("Your result is saved on this computer."));
  if (!awareness_attempt_get_passed (attempt))
    g_print (_("You can take the module again: awareness take %s\n"),
             awareness_module_get_id (module));
}

static void
print_paused (AwarenessAttempt *attempt)
{
  g_print ("\n");
  g_print (_("Your answers are saved (%u of %u answered). Run “awareness take %s” to continue "
             "where you left off.\n"),
           awareness_attempt_get_n_answered (attempt), awareness_attempt_get_n_questions (attempt),
           awareness_module_get_id (awareness_attempt_get_module (attempt)));
}

static GString *captured;

static void
capture_print_cb (const char *text)
{
  g_string_append (captured, text);
}

/* The lines that printing the lesson at @index writes (with the module's
 * heading before the first), to be shown a page at a time. */
static GPtrArray *
dup_lesson_lines (AwarenessModule *module,
                  guint            index,
                  const char      *lang)
{
  GPtrArray *lessons = awareness_module_get_lessons (module);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = NULL;
  GPrintFunc old;

  captured = g_string_new (NULL);
  old = g_set_print_handler (capture_print_cb);
  if (index == 0)
    {
      cli_print_rule ();
      g_print ("%s\n", awareness_module_get_title (module, lang));
      cli_print_rule ();
      g_print ("\n");
    }
  cli_print_lesson (g_ptr_array_index (lessons, index), index + 1, lessons->len, lang);
  g_set_print_handler (old);

  split = g_strsplit (captured->str, "\n", -1);
  g_string_free (g_steal_pointer (&captured), TRUE);
  for (guint i = 0; split[i] != NULL; i++)
    if (split[i + 1] != NULL || split[i][0] != '\0')
      g_ptr_array_add (lines, g_strdup (split[i]));
  return lines;
}

typedef struct {
  guint lesson;
  guint first;
  guint n_lines;
  gboolean last_of_lesson;
} Page;

/*
 * The lessons.  At a terminal each lesson is shown a page at a time, a
 * page being the terminal's height less two rows (the prompt, and the
 * previous prompt left at the top); Enter turns the page and “b” goes
 * back one, into the previous lesson too.  Piped, everything is printed
 * whole.
 */
static gboolean
show_lessons (AwarenessModule *module,
              const char      *lang,
              gboolean         interactive)
{
  guint n_lessons = awareness_module_get_lessons (module)->len;
  g_autoptr(GPtrArray) lessons = NULL;
  g_autoptr(GArray) pages = g_array_new (FALSE, TRUE, sizeof (Page));
  guint height = cli_terminal_height ();
  guint rows = interactive && height > 0 ? height - 2 : G_MAXUINT;
  guint p = 0;

  lessons = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint l = 0; l < n_lessons; l++)
    {
      GPtrArray *lines = dup_lesson_lines (module, l, lang);

      g_ptr_array_add (lessons, lines);
      for (guint first = 0; first == 0 || first < lines->len; first += rows)
        {
          Page page = { l, first, MIN (rows, lines->len - first), first + rows >= lines->len };

          g_array_append_val (pages, page);
          if (page.last_of_lesson)
            break;
        }
    }

  while (p < pages->len)
    {
      Page *page = &g_array_index (pages, Page, p);
      GPtrArray *lines = g_ptr_array_index (lessons, page->lesson);
      GString *text = g_string_new (NULL);
      const char *prompt;
      char *line = NULL;

      for (guint i = page->first; i < page->first + page->n_lines; i++)
        g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (lines, i));
      g_print ("%s", text->str);
      g_string_free (text, TRUE);

      if (!interactive)
        {
          p++;
          continue;
        }

      if (!page->last_of_lesson)
        prompt = _("Press Enter to read on.");
      else if (page->lesson + 1 < n_lessons)
        prompt = _("Press Enter for the next lesson.");
      else
        prompt = _("Press Enter to start the quiz.");
      if (p > 0)
        /* Translators: after “Press Enter to read on.” and the like, on a terminal. */
        g_print ("%s %s ", prompt, _("(b: back a page)"));
      else
        g_print ("%s ", prompt);

      if (cli_read_line (&line) == CLI_READ_END)
        return FALSE;
      if (cli_is_back (line))
        p = p > 0 ? p - 1 : 0;
      else
        p++;
    }

  return TRUE;
}

int
cmd_take (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[MODULE]"));
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessProgress) progress = NULL;
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *user = awareness_dup_default_user ();
  gboolean skip_lessons = FALSE;
  gint64 seed = -1;
  const char *lang = awareness_get_content_language ();
  gboolean interactive = isatty (STDIN_FILENO);
  AwarenessModule *module;
  AwarenessStartOutcome outcome;
  gint next;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Keep the records in FILE"),
      N_("FILE") },
    { "skip-lessons", 0, 0, G_OPTION_ARG_NONE, &skip_lessons, N_("Go straight to the quiz"), NULL },
    { "seed", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &seed, "Seed of the draw (for tests)",
      NULL },
    { NULL }
  };

  g_option_context_set_summary (
    context,
    _(
      "Read the lessons of a module, then answer its quiz one question "
      "at a time. Without MODULE, continue with the module in progress "
      "or the first required module not yet passed. Type the number of your answer (several "
      "numbers "
      "separated by commas where a question takes more than one). At a "
      "terminal, type b to go back a page of a lesson or a question; "
      "the answers are submitted once you confirm. Each "
      "answer is saved as you give it: end the input or press Ctrl-C to "
      "stop, and run the same command to continue.\n\nExit status: 0 "
      "finished, 1 error, 2 usage error, 4 stopped with progress saved."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 2)
    return cli_usage_error (context, _("Name one module, as listed by “awareness list”"));

  if (!cli_open_learner (content, store_path, user, NULL, &catalog, &store,
                         argc == 2 ? NULL : &progress, &error))
    goto fail;

  if (argc == 2)
    module = awareness_catalog_lookup_module (catalog, argv[1]);
  else
    {
      /* The catalog keeps the module alive. */
      module = awareness_progress_next_module (progress);
      if (module == NULL)
        {
          g_print ("%s\n", _("You have passed every required module. Well done."));
          return EXIT_SUCCESS;
        }
    }

  if (module == NULL)
    {
      g_printerr (_("%s: there is no module “%s”; “awareness list” shows the modules\n"),
                  g_get_prgname (), argv[1]);
      return EXIT_FAILURE;
    }

  /* A sample or internal module says so before anything else. */
  cli_print_catalog_notice (catalog);

  cli_catch_interrupt ();

  attempt = awareness_start_attempt (store, module, user, lang, AWARENESS_START_RESUME_ONLY, seed,
                                     &outcome, &error);
  if (attempt == NULL && error != NULL)
    goto fail;
  if (outcome == AWARENESS_START_CONTENT_CHANGED)
    g_print (_("The module has changed since your unfinished attempt, so it starts anew.\n"));

  if (attempt != NULL)
    {
      g_autofree char *date = awareness_format_date (awareness_attempt_get_started (attempt));

      g_print ("%s\n", awareness_module_get_title (module, lang));
      g_print (_("Resuming your attempt of %s: %u of %u questions answered.\n"), date,
               awareness_attempt_get_n_answered (attempt),
               awareness_attempt_get_n_questions (attempt));
    }
  else
    {
      if (!skip_lessons && !show_lessons (module, lang, interactive))
        {
          g_print ("\n");
          g_print (_("Stopped before the quiz; nothing was recorded.\n"));
          return CLI_EXIT_PAUSED;
        }

      attempt = awareness_start_attempt (store, module, user, lang, AWARENESS_START_DEFAULT, seed,
                                         &outcome, &error);
      if (attempt == NULL)
        goto fail;

      cli_print_rule ();
      g_print (_("Quiz: %u questions; pass mark %u%%."),
               awareness_attempt_get_n_questions (attempt),
               awareness_module_get_pass_percent (module));
      g_print ("\n");
    }

  /* One question after another, from the first unanswered one; “b” goes
   * back a question and Enter keeps an answer given before.  At a
   * terminal the answers are submitted only once the learner confirms. */
  next = awareness_attempt_get_next_unanswered (attempt);
  for (;;)
    {
      AwarenessQuestion *question;
      GPtrArray *shown;
      g_auto(GStrv) ids = NULL;
      g_autofree char *given = NULL;
      gboolean back = FALSE;

      if (next < 0 || (guint) next >= awareness_attempt_get_n_questions (attempt))
        {
          next = awareness_attempt_get_next_unanswered (attempt);
          if (next >= 0)
            continue;
          if (!interactive)
            break;
          switch (confirm_submit (attempt))
            {
            case CONFIRM_SUBMIT:
              break;
            case CONFIRM_BACK:
              next = (gint) awareness_attempt_get_n_questions (attempt) - 1;
              continue;
            case CONFIRM_END:
            default:
              print_paused (attempt);
              return CLI_EXIT_PAUSED;
            }
          break;
        }

      question = awareness_attempt_get_question (attempt, (guint) next);
      shown = awareness_attempt_get_choices (attempt, (guint) next);
      given = dup_answer_numbers (attempt, (guint) next);
      print_question (attempt, (guint) next, lang);
      if (given != NULL)
        {
          /* Translators: an answer given before, as numbers: “Your answer so far: 2”. */
          g_autofree char *text =
            g_strdup_printf (_("Your answer so far: %s (press Enter to keep it)"), given);

          cli_print_wrapped (text, "  ", "  ");
        }
      if (next > 0 && interactive)
        cli_print_wrapped (_("Type b to go back to the previous question."), "  ", "  ");

      while (ids == NULL && !back)
        {
          g_autofree char *hint = NULL;
          char *line = NULL;

          g_print ("%s ", _("Answer:"));
          if (cli_read_line (&line) == CLI_READ_END)
            {
              print_paused (attempt);
              return CLI_EXIT_PAUSED;
            }

          if (cli_is_back (line) && next > 0)
            back = TRUE;
          else if (cli_is_back (line))
            g_print ("  %s\n", _("This is the first question."));
          else if (line[0] == '\0' && given != NULL)
            break;
          else
            {
              ids = parse_answer (line, question, shown, &hint);
              if (ids == NULL)
                g_print ("  %s\n", hint);
            }
        }

      if (back)
        {
          next--;
          continue;
        }
      if (ids == NULL)
        {
          /* The answer given before is kept. */
          next++;
          continue;
        }

      if (!awareness_attempt_answer (attempt, awareness_question_get_id (question),
                                     (const char * const *) ids, &error)
          || !awareness_store_record_answer (store, attempt, awareness_question_get_id (question),
                                             &error))
        goto fail;

      if (cli_interrupted ())
        {
          print_paused (attempt);
          return CLI_EXIT_PAUSED;
        }
      next++;
    }

  /* Only a committed result is shown. */
  if (!awareness_complete_attempt (store, attempt, catalog, user, lang, &error))
    goto fail;

  print_result (attempt, store, lang);
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}
