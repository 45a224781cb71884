/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness review ATTEMPT: an attempt as the learner saw it, from the
 * presentation recorded with it, so that it stays exact after the content
 * changes.
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

int
cmd_review (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ATTEMPT"));
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessAttemptRecord) record = NULL;
  g_autoptr(AwarenessReview) review = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autofree char *content = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *date = NULL;
  gboolean json = FALSE;
  const char *lang = awareness_get_content_language ();
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Read the records in FILE"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Show an attempt as it was seen: each question with its choices "
                                  "in the order shown, your answer, the right answer, the "
                                  "explanation and the clause of the policy it tests. ATTEMPT is "
                                  "an id as “awareness history” shows it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Name one attempt, as listed by “awareness history”"));

  store = cli_open_store (store_path, &error);
  if (store == NULL)
    goto fail;

  record = awareness_store_lookup_attempt (store, argv[1], &error);
  if (record == NULL)
    goto fail;
  review = awareness_review_new_from_store (store, record->id, lang, &error);
  if (review == NULL)
    goto fail;

  if (review->questions == NULL)
    {
      /* Fetched from the server: its questions stayed on the machine
       * where it was taken. */
      g_autofree char *percent = awareness_format_percent (record->score, record->max_score);
      g_autofree char *finished = awareness_attempt_record_dup_date (record);

      /* Translators: “passed on 2026-11-25 10:31 (80%) on another machine; …”. */
      g_print (_("%s on %s (%s), on another machine: its questions and answers are kept there.\n"),
               awareness_attempt_state_label (record->state), finished, percent);
      return EXIT_SUCCESS;
    }
  date = awareness_attempt_record_dup_date (record);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "attempt");
      json_builder_add_string_value (builder, record->id);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, awareness_attempt_state_to_string (record->state));
      json_builder_set_member_name (builder, "score");
      json_builder_add_int_value (builder, record->score);
      json_builder_set_member_name (builder, "questions");
      json_builder_add_int_value (builder, record->max_score);
      json_builder_set_member_name (builder, "presentation");
      json_builder_add_value (builder, json_node_copy (review->presentation));
      json_builder_set_member_name (builder, "answers");
      json_builder_begin_object (builder);
      for (guint i = 0; i < review->questions->len; i++)
        {
          AwarenessReviewQuestion *question = g_ptr_array_index (review->questions, i);

          json_builder_set_member_name (builder, question->id);
          json_builder_begin_array (builder);
          for (guint c = 0; question->answer != NULL && question->answer[c] != NULL; c++)
            json_builder_add_string_value (builder, question->answer[c]);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      cli_print_json (builder);
      return EXIT_SUCCESS;
    }

  /* The same titles as status and history; without the content, the
   * title the attempt recorded. */
  catalog = cli_open_catalog_quietly (content);
  cli_print_rule ();
  g_print ("%s\n", cli_module_title (catalog, record->module_id, review->title, lang));
  if (record->finished != NULL)
    /* Translators: “Attempt 1b2c…, finished on 2026-11-25 10:31, module version 2026.1”. */
    g_print (_("Attempt %s, finished on %s, module version %s"), record->id, date,
             record->module_version);
  else
    /* Translators: “Attempt 1b2c…, started on 2026-11-25 10:31, module version 2026.1”. */
    g_print (_("Attempt %s, started on %s, module version %s"), record->id, date,
             record->module_version);
  g_print ("\n");
  if (record->state == AWARENESS_ATTEMPT_STATE_PASSED
      || record->state == AWARENESS_ATTEMPT_STATE_FAILED)
    {
      g_autofree char *percent = awareness_format_percent (record->score, record->max_score);

      g_print (_("%s: %u of %u (%s)"), awareness_attempt_state_label (record->state), record->score,
               record->max_score, percent);
    }
  else
    g_print (_("%s: %u of %u answered"), awareness_attempt_state_label (record->state),
             record->n_answered, record->max_score);
  g_print ("\n");
  cli_print_rule ();

  for (guint i = 0; i < review->questions->len; i++)
    {
      AwarenessReviewQuestion *question = g_ptr_array_index (review->questions, i);
      g_autofree char *lead = g_strdup_printf ("%u. ", i + 1);
      g_autoptr(GPtrArray) citations = g_ptr_array_new ();

      g_print ("\n");
      if (question->exhibit != NULL)
        cli_print_exhibit (question->exhibit, lang);
      cli_print_wrapped (question->prompt, lead, "   ");
      for (guint c = 0; c < question->choices->len; c++)
        {
          AwarenessReviewChoice *choice = g_ptr_array_index (question->choices, c);
          /* ▶ marks the learner's choice, ✔ the right ones. */
          g_autofree char *mark = g_strdup_printf ("   %s%s %u) ", choice->chosen ? "▶" : " ",
                                                   choice->correct ? "✔" : " ", c + 1);

          cli_print_wrapped (choice->text, mark, "         ");
        }

      if (question->answer == NULL)
        g_print ("   %s\n", _("Not answered."));
      else
        /* Not “Right.”: the explanation of a true/false item may begin
         * “False.”, which would read as a contradiction. */
        g_print ("   %s\n", question->right ? _("Your answer is right.")
                                        : _("Your answer is wrong."));
      cli_print_wrapped (question->explanation, "   ", "   ");

      for (guint c = 0; c < question->clauses->len; c++)
        {
          AwarenessReviewClause *clause = g_ptr_array_index (question->clauses, c);

          g_ptr_array_add (citations, clause->citation);
        }
      cli_print_citations (citations, "   ");
    }

  g_print ("\n%s\n", _("▶ your answer   ✔ right answer"));
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}
