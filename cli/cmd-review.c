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
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *presentation = NULL;
  g_autofree char *started = NULL;
  gboolean json = FALSE;
  const char *lang = awareness_get_content_language ();
  JsonObject *root;
  JsonArray *questions;
  const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Read the records in FILE"), N_("FILE") },
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
  presentation = awareness_store_dup_presentation (store, record->id, &error);
  if (presentation == NULL)
    goto fail;
  answers = awareness_store_dup_answers (store, record->id, &error);
  if (answers == NULL)
    goto fail;
  if (!json_parser_load_from_data (parser, presentation, -1, &error))
    goto fail;

  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "questions"))
    {
      /* Fetched from the server: its questions stayed on the machine
       * where it was taken. */
      g_autofree char *percent = awareness_format_percent (record->score, record->max_score);
      g_autofree char *finished = awareness_format_date (record->finished);

      /* Translators: “passed on 2026-11-25 10:31 (80%) on another machine; …”. */
      g_print (_("%s on %s (%s), on another machine: its questions and answers are kept there.\n"),
               awareness_attempt_state_label (record->state), finished, percent);
      return EXIT_SUCCESS;
    }
  questions = json_object_get_array_member (root, "questions");
  started = awareness_format_date (record->started);

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
      json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
      json_builder_set_member_name (builder, "answers");
      json_builder_begin_object (builder);
      for (guint i = 0; i < json_array_get_length (questions); i++)
        {
          const char *qid = json_object_get_string_member (json_array_get_object_element (questions, i), "id");
          char **ids = g_hash_table_lookup (answers, qid);

          json_builder_set_member_name (builder, qid);
          json_builder_begin_array (builder);
          for (guint c = 0; ids != NULL && ids[c] != NULL; c++)
            json_builder_add_string_value (builder, ids[c]);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      cli_print_json (builder);
      return EXIT_SUCCESS;
    }

  cli_print_rule ();
  g_print ("%s\n", awareness_presentation_text (root, "title", lang));
  /* Translators: “Attempt 1b2c… of 2026-11-25 10:31, module version 2026.1”. */
  g_print (_("Attempt %s of %s, module version %s"), record->id, started, record->module_version);
  g_print ("\n");
  if (record->state == AWARENESS_ATTEMPT_STATE_PASSED || record->state == AWARENESS_ATTEMPT_STATE_FAILED)
    {
      g_autofree char *percent = awareness_format_percent (record->score, record->max_score);

      g_print (_("%s: %u of %u (%s)"), awareness_attempt_state_label (record->state), record->score,
               record->max_score, percent);
    }
  else
    g_print (_("%s: %u of %u answered"), awareness_attempt_state_label (record->state), record->n_answered,
             record->max_score);
  g_print ("\n");
  cli_print_rule ();

  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonObject *question = json_array_get_object_element (questions, i);
      JsonArray *choices = json_object_get_array_member (question, "choices");
      JsonArray *clauses = json_object_get_array_member (question, "clauses");
      const char *qid = json_object_get_string_member (question, "id");
      char **ids = g_hash_table_lookup (answers, qid);
      g_autofree char *lead = g_strdup_printf ("%u. ", i + 1);
      g_autoptr(GString) cited = g_string_new (NULL);
      gboolean right = awareness_presentation_is_right (question, (const char * const *) ids);

      g_print ("\n");
      if (json_object_has_member (question, "exhibit"))
        {
          g_autoptr(AwarenessExhibit) exhibit =
            awareness_exhibit_new_from_json (json_object_get_object_member (question, "exhibit"));

          if (exhibit != NULL)
            cli_print_exhibit (exhibit, lang);
        }
      cli_print_wrapped (awareness_presentation_text (question, "prompt", lang), lead, "   ");
      for (guint c = 0; c < json_array_get_length (choices); c++)
        {
          JsonObject *choice = json_array_get_object_element (choices, c);
          gboolean chosen = ids != NULL && g_strv_contains ((const char * const *) ids,
                                                            json_object_get_string_member (choice, "id"));
          gboolean correct = json_object_get_boolean_member (choice, "correct");
          /* ▶ marks the learner's choice, ✔ the right ones. */
          g_autofree char *mark = g_strdup_printf ("   %s%s %u) ", chosen ? "▶" : " ",
                                                   correct ? "✔" : " ", c + 1);

          cli_print_wrapped (awareness_presentation_text (choice, "text", lang), mark, "         ");
        }

      if (ids == NULL)
        g_print ("   %s\n", _("Not answered."));
      else
        g_print ("   %s\n", right ? _("Right.") : _("Wrong."));
      cli_print_wrapped (awareness_presentation_text (question, "explanation", lang), "   ", "   ");

      for (guint c = 0; c < json_array_get_length (clauses); c++)
        {
          if (cited->len > 0)
            g_string_append (cited, ", ");
          g_string_append (cited, awareness_presentation_text (json_array_get_object_element (clauses, c), "label", lang));
        }
      {
        g_autofree char *line = g_strdup_printf (_("Policy: %s"), cited->str);
        cli_print_wrapped (line, "   ", "   ");
      }
    }

  g_print ("\n%s\n", _("▶ your answer   ✔ right answer"));
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}
