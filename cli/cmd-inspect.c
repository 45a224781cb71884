/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness inspect [CHECKLIST]: the self-inspection (自己点検) the policy
 * asks for in 6(9) and 7, one item at a time, answered y, n or - (not
 * applicable), with a comment where the item asks for one.  Every answer
 * is written to the records before the next item is shown; the end of
 * input or Ctrl-C leaves the inspection in progress, to be resumed by
 * running the same command again.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli-common.h"

/* y, n or -, as typed; a Japanese input method may type them full-width,
 * or in words. */
static AwarenessCheckAnswer
parse_answer (const char *line)
{
  static const char * const yes[] = { "y", "yes", "ｙ", "Ｙ", "はい", NULL };
  static const char * const no[] = { "n", "no", "ｎ", "Ｎ", "いいえ", NULL };
  static const char * const na[] = { "-", "na", "n/a", "－", "ー", "―", "該当なし", NULL };
  g_autofree char *folded = g_utf8_strdown (line, -1);

  g_strstrip (folded);
  if (g_strv_contains (yes, folded))
    return AWARENESS_CHECK_ANSWER_YES;
  if (g_strv_contains (no, folded))
    return AWARENESS_CHECK_ANSWER_NO;
  if (g_strv_contains (na, folded))
    return AWARENESS_CHECK_ANSWER_NOT_APPLICABLE;
  return AWARENESS_CHECK_ANSWER_NONE;
}

static const char *
answer_label (AwarenessCheckAnswer answer)
{
  switch (answer)
    {
    case AWARENESS_CHECK_ANSWER_YES:
      return _("yes");
    case AWARENESS_CHECK_ANSWER_NO:
      return _("no");
    case AWARENESS_CHECK_ANSWER_NOT_APPLICABLE:
      return _("not applicable");
    case AWARENESS_CHECK_ANSWER_NONE:
    default:
      return "-";
    }
}

static void
print_item (AwarenessInspection    *inspection,
            AwarenessChecklistItem *item,
            guint                   index,
            const char             *lang)
{
  AwarenessChecklist *checklist = awareness_inspection_get_checklist (inspection);
  GPtrArray *items = awareness_checklist_get_items (checklist);
  g_autofree char *text = awareness_checklist_item_dup_text (item, lang, cli_text_format ());
  g_autofree char *guidance = awareness_checklist_item_dup_guidance (item, lang,
                                                                     cli_text_format ());
  GPtrArray *clauses = awareness_checklist_item_get_clauses (item);
  g_autoptr(GPtrArray) citations = g_ptr_array_new_with_free_func (g_free);

  g_print ("\n");
  /* Translators: “Item 2 of 20”. */
  g_print (_("Item %u of %u"), index + 1, items->len);
  g_print ("\n");
  cli_print_wrapped (text, "  ", "  ");
  if (guidance != NULL)
    cli_print_wrapped (guidance, "  ", "  ");
  for (guint c = 0; c < clauses->len; c++)
    g_ptr_array_add (citations,
                     awareness_clause_dup_citation (g_ptr_array_index (clauses, c), lang));
  cli_print_citations (citations, "  ");
}

static void
print_paused (AwarenessInspection *inspection)
{
  AwarenessChecklist *checklist = awareness_inspection_get_checklist (inspection);

  g_print ("\n");
  g_print (_("Your answers are saved (%u of %u answered). Run “awareness inspect %s” to continue "
             "where you left off.\n"),
           awareness_inspection_get_n_answered (inspection),
           awareness_checklist_get_items (checklist)->len,
           awareness_checklist_get_id (checklist));
}

typedef enum {
  ASK_ANSWERED,
  ASK_KEPT,
  ASK_BACK,
  ASK_END,
} AskResult;

/* The comment for @answer; NULL at the end of input. */
static char *
ask_comment (AwarenessChecklistItem *item,
             AwarenessCheckAnswer    answer,
             gboolean               *ended)
{
  char *line = NULL;

  *ended = FALSE;
  if (awareness_checklist_item_get_comment_required (item, answer))
    g_print ("%s ", answer == AWARENESS_CHECK_ANSWER_NO
                    ? _("Comment (required: what is not done, and why):")
                    : _("Comment (required: why it does not apply):"));
  else
    g_print ("%s ", _("Comment (optional; press Enter to skip):"));
  if (cli_read_line (&line) == CLI_READ_END)
    {
      *ended = TRUE;
      return NULL;
    }
  return g_strdup (line);
}

/* One item: its answer, and its comment where one is asked for, until the
 * item's rules accept them. */
static AskResult
ask (AwarenessInspection    *inspection,
     AwarenessChecklistItem *item,
     gboolean                can_go_back)
{
  const char *id = awareness_checklist_item_get_id (item);
  AwarenessCheckAnswer given = awareness_inspection_get_answer (inspection, id, NULL);
  gboolean allows_na = awareness_checklist_item_get_allows_not_applicable (item);

  if (given != AWARENESS_CHECK_ANSWER_NONE)
    {
      /* Translators: an answer given before: “Your answer so far: no”. */
      g_autofree char *text = g_strdup_printf (_("Your answer so far: %s (press Enter to keep it)"),
                                               answer_label (given));

      cli_print_wrapped (text, "  ", "  ");
    }

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *comment = NULL;
      AwarenessCheckAnswer answer;
      gboolean ended;
      char *line = NULL;

      g_print ("%s ", allows_na ? _("Answer (y = yes, n = no, - = not applicable):")
                                : _("Answer (y = yes, n = no):"));
      if (cli_read_line (&line) == CLI_READ_END)
        return ASK_END;
      if (cli_is_back (line))
        {
          if (can_go_back)
            return ASK_BACK;
          g_print ("  %s\n", _("This is the first item."));
          continue;
        }
      if (line[0] == '\0' && given != AWARENESS_CHECK_ANSWER_NONE)
        return ASK_KEPT;

      answer = parse_answer (line);
      if (answer == AWARENESS_CHECK_ANSWER_NONE)
        {
          g_print ("  %s\n", allows_na
                             ? _("Type y for yes, n for no or - for not applicable.")
                             : _("Type y for yes or n for no."));
          continue;
        }
      if (answer == AWARENESS_CHECK_ANSWER_NOT_APPLICABLE && !allows_na)
        {
          g_print ("  %s\n", _("Type y for yes or n for no: this item applies to everyone."));
          continue;
        }

      /* A “no” may always say why; some answers must. */
      while (answer == AWARENESS_CHECK_ANSWER_NO ||
             awareness_checklist_item_get_comment_required (item, answer))
        {
          g_clear_pointer (&comment, g_free);
          g_clear_error (&error);
          comment = ask_comment (item, answer, &ended);
          if (ended)
            return ASK_END;
          if (awareness_inspection_set_answer (inspection, id, answer, comment, &error))
            return ASK_ANSWERED;
          g_print ("  %s\n", error->message);
        }

      if (awareness_inspection_set_answer (inspection, id, answer, NULL, &error))
        return ASK_ANSWERED;
      g_print ("  %s\n", error->message);
    }
}

typedef enum {
  CONFIRM_SUBMIT,
  CONFIRM_BACK,
  CONFIRM_END,
} ConfirmResult;

static ConfirmResult
confirm_submit (void)
{
  g_print ("\n");
  cli_print_wrapped (_("You have answered every item. Once submitted, the answers cannot be "
                       "changed."), "", "");
  for (;;)
    {
      char *line = NULL;

      g_print ("%s ", _("Press Enter to submit your answers, or type b to go back to the last "
                        "item:"));
      if (cli_read_line (&line) == CLI_READ_END)
        return CONFIRM_END;
      if (line[0] == '\0' || parse_answer (line) == AWARENESS_CHECK_ANSWER_YES)
        return CONFIRM_SUBMIT;
      if (cli_is_back (line))
        return CONFIRM_BACK;
    }
}

static void
print_summary (AwarenessInspection *inspection,
               AwarenessStore      *store,
               const char          *lang)
{
  AwarenessChecklist *checklist = awareness_inspection_get_checklist (inspection);
  GPtrArray *items = awareness_checklist_get_items (checklist);
  guint n_no = awareness_inspection_count_answers (inspection, AWARENESS_CHECK_ANSWER_NO);
  g_autofree char *counts = NULL;

  g_print ("\n");
  cli_print_rule ();
  /* Translators: “Submitted: 18 yes, 1 no, 1 not applicable.” */
  counts = g_strdup_printf (_("Submitted: %u yes, %u no, %u not applicable."),
                            awareness_inspection_count_answers (inspection,
                                                                AWARENESS_CHECK_ANSWER_YES),
                            n_no,
                            awareness_inspection_count_answers (
                                inspection, AWARENESS_CHECK_ANSWER_NOT_APPLICABLE));
  cli_print_wrapped (counts, "", "");
  cli_print_rule ();

  if (n_no > 0)
    {
      g_print ("\n");
      cli_print_wrapped (_("Answered no (the City follows these up):"), "", "");
      for (guint i = 0; i < items->len; i++)
        {
          AwarenessChecklistItem *item = g_ptr_array_index (items, i);
          const char *comment = NULL;
          g_autofree char *text = NULL;
          g_autofree char *lead = NULL;

          if (awareness_inspection_get_answer (inspection, awareness_checklist_item_get_id (item),
                                               &comment) != AWARENESS_CHECK_ANSWER_NO)
            continue;
          text = awareness_checklist_item_dup_text (item, lang, AWARENESS_TEXT_FORMAT_PLAIN);
          lead = g_strdup_printf ("✘ %u. ", i + 1);
          cli_print_wrapped (text, lead, "     ");
          if (comment != NULL)
            {
              g_autofree char *line = g_strdup_printf (_("Comment: %s"), comment);

              cli_print_wrapped (line, "     ", "     ");
            }
        }
    }

  g_print ("\n");
  cli_print_delivery (store, awareness_inspection_get_id (inspection),
                      _("Your answers are saved on this computer."));
}

static void
print_json (AwarenessInspection *inspection,
            AwarenessStore      *store)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  AwarenessChecklist *checklist = awareness_inspection_get_checklist (inspection);
  GPtrArray *items = awareness_checklist_get_items (checklist);
  g_autofree char *finished = NULL;
  AwarenessDelivery delivery = AWARENESS_DELIVERY_NONE;
  static const AwarenessCheckAnswer answers[] = {
    AWARENESS_CHECK_ANSWER_YES, AWARENESS_CHECK_ANSWER_NO, AWARENESS_CHECK_ANSWER_NOT_APPLICABLE,
  };

  finished = awareness_xapi_format_timestamp (awareness_inspection_get_finished (inspection));
  awareness_store_get_delivery (store, awareness_inspection_get_id (inspection), &delivery, NULL);

  json_builder_begin_object (builder);
  cli_json_add_string (builder, "id", awareness_inspection_get_id (inspection));
  cli_json_add_string (builder, "checklist", awareness_checklist_get_id (checklist));
  cli_json_add_string (builder, "version", awareness_checklist_get_version (checklist));
  cli_json_add_string (builder, "finished", finished);
  cli_json_add_string (builder, "delivery",
                       delivery == AWARENESS_DELIVERY_SENT ? "sent" : "waiting");
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      json_builder_set_member_name (builder, awareness_check_answer_to_string (answers[i]));
      json_builder_add_int_value (builder,
                                  awareness_inspection_count_answers (inspection, answers[i]));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      const char *id = awareness_checklist_item_get_id (g_ptr_array_index (items, i));
      const char *comment = NULL;
      AwarenessCheckAnswer answer = awareness_inspection_get_answer (inspection, id, &comment);

      json_builder_begin_object (builder);
      cli_json_add_string (builder, "item", id);
      cli_json_add_string (builder, "answer", awareness_check_answer_to_string (answer));
      cli_json_add_string (builder, "comment", comment);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  cli_print_json (builder);
}

static void
print_to_stderr_cb (const char *text)
{
  fputs (text, stderr);
}

int
cmd_inspect (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[CHECKLIST]"));
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessProgress) progress = NULL;
  g_autoptr(AwarenessInspection) inspection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *user = awareness_dup_default_user ();
  g_autofree char *guidance = NULL;
  gboolean json = FALSE;
  gboolean resumed = FALSE;
  const char *lang = awareness_get_content_language ();
  gboolean interactive = isatty (STDIN_FILENO);
  AwarenessChecklist *checklist;
  GPtrArray *items;
  GPrintFunc old_print = NULL;
  gint next;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Keep the records in FILE"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the submitted answers as JSON (the session goes to standard error)"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Answer a self-inspection checklist of the policy, one item at "
                                  "a time: y for yes, n for no, - where the item does not apply "
                                  "to you, with a comment where one is asked for. Without "
                                  "CHECKLIST, continue the one in progress or the first one "
                                  "due. Each answer is saved as you give it: end the input or "
                                  "press Ctrl-C to stop, and run the same command to continue. "
                                  "At a terminal, type b to go back an item; the answers are "
                                  "submitted once you confirm.\n\nExit status: 0 submitted, 1 "
                                  "error, 2 usage error, 4 stopped with progress saved."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 2)
    return cli_usage_error (context, _("Name one checklist, as listed by “awareness status”"));

  if (!cli_open_learner (content, store_path, user, NULL, &catalog, &store,
                         argc == 2 ? NULL : &progress, &error))
    goto fail;

  if (argc == 2)
    checklist = awareness_catalog_lookup_checklist (catalog, argv[1]);
  else
    {
      /* The catalog keeps the checklist alive. */
      checklist = awareness_progress_next_checklist (progress);
      if (checklist == NULL)
        {
          g_print ("%s\n", _("No self-inspection is due. Thank you."));
          return EXIT_SUCCESS;
        }
    }
  if (checklist == NULL)
    {
      g_printerr (_("%s: there is no checklist “%s”; “awareness status” shows the "
                    "self-inspection checklists\n"), g_get_prgname (), argv[1]);
      return EXIT_FAILURE;
    }

  /* With --json, standard output holds the JSON alone. */
  if (json)
    old_print = g_set_print_handler (print_to_stderr_cb);

  cli_print_catalog_notice (catalog);
  if (awareness_checklist_get_sample (checklist))
    cli_print_wrapped (_("SAMPLE: this checklist shows how a City may write one; it is not the "
                         "City's own self-inspection."), "", "");
  cli_catch_interrupt ();

  inspection = awareness_start_inspection (store, checklist, user, lang, &resumed, &error);
  if (inspection == NULL)
    goto fail;
  items = awareness_checklist_get_items (checklist);

  cli_print_rule ();
  g_print ("%s\n", awareness_checklist_get_title (checklist, lang));
  cli_print_rule ();
  guidance = awareness_checklist_dup_guidance (checklist, lang, cli_text_format ());
  if (guidance != NULL)
    cli_print_wrapped (guidance, "", "");
  if (resumed)
    {
      g_autofree char *date = awareness_format_date (awareness_inspection_get_started (inspection));

      g_print (_("Resuming your self-inspection of %s: %u of %u items answered.\n"), date,
               awareness_inspection_get_n_answered (inspection), items->len);
    }
  else
    g_print (ngettext ("%u item. For each, answer y (yes), n (no) or - (not applicable).\n",
                       "%u items. For each, answer y (yes), n (no) or - (not applicable).\n",
                       items->len), items->len);

  next = awareness_inspection_get_next_unanswered (inspection);
  for (;;)
    {
      AwarenessChecklistItem *item;

      if (next < 0 || (guint) next >= items->len)
        {
          next = awareness_inspection_get_next_unanswered (inspection);
          if (next >= 0)
            continue;
          if (!interactive)
            break;
          switch (confirm_submit ())
            {
            case CONFIRM_SUBMIT:
              break;
            case CONFIRM_BACK:
              next = (gint) items->len - 1;
              continue;
            case CONFIRM_END:
            default:
              print_paused (inspection);
              return CLI_EXIT_PAUSED;
            }
          break;
        }

      item = g_ptr_array_index (items, next);
      print_item (inspection, item, (guint) next, lang);
      switch (ask (inspection, item, next > 0 && interactive))
        {
        case ASK_BACK:
          next--;
          continue;
        case ASK_KEPT:
          next++;
          continue;
        case ASK_END:
          print_paused (inspection);
          return CLI_EXIT_PAUSED;
        case ASK_ANSWERED:
        default:
          break;
        }

      if (!awareness_store_record_inspection_answer (store, inspection,
                                                     awareness_checklist_item_get_id (item),
                                                     &error))
        goto fail;
      if (cli_interrupted ())
        {
          print_paused (inspection);
          return CLI_EXIT_PAUSED;
        }
      next++;
    }

  /* Only a committed submission is shown as done. */
  if (!awareness_complete_inspection (store, inspection, catalog, user, lang, &error))
    goto fail;

  print_summary (inspection, store, lang);
  if (json)
    {
      g_set_print_handler (old_print);
      print_json (inspection, store);
    }
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}
