/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static void
print_question (AwarenessQuestion *question,
                guint              index,
                const char        *lang)
{
  g_autofree char *prompt = awareness_question_dup_prompt (question, lang,
                                                           AWARENESS_TEXT_FORMAT_PLAIN);
  g_autofree char *explanation = awareness_question_dup_explanation (question, lang,
                                                                     AWARENESS_TEXT_FORMAT_PLAIN);
  g_autofree char *lead = g_strdup_printf ("%u. ", index);
  GPtrArray *choices = awareness_question_get_choices (question);
  GPtrArray *clauses = awareness_question_get_clauses (question);
  g_autoptr(GString) cited = g_string_new (NULL);

  cli_print_wrapped (prompt, lead, "   ");
  for (guint i = 0; i < choices->len; i++)
    {
      AwarenessChoice *choice = g_ptr_array_index (choices, i);
      g_autofree char *text = awareness_choice_dup_text (choice, lang, AWARENESS_TEXT_FORMAT_PLAIN);
      g_autofree char *mark = g_strdup_printf ("   %s %s) ",
                                               awareness_choice_get_correct (choice) ? "✔" : " ",
                                               awareness_choice_get_id (choice));

      cli_print_wrapped (text, mark, "        ");
    }

  for (guint i = 0; i < clauses->len; i++)
    {
      g_autofree char *label = awareness_clause_dup_label (g_ptr_array_index (clauses, i), lang);

      if (cited->len > 0)
        g_string_append (cited, ", ");
      g_string_append (cited, label);
    }

  {
    g_autofree char *why = g_strdup_printf (_("Why: %s"), explanation);
    g_autofree char *tests = g_strdup_printf (_("Tests: %s [%s]"), cited->str,
                                              awareness_question_get_id (question));

    cli_print_wrapped (why, "   ", "   ");
    cli_print_wrapped (tests, "   ", "   ");
  }
  g_print ("\n");
}

static void
print_json (AwarenessModule *module,
            const char      *lang,
            gboolean         answers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *lessons = awareness_module_get_lessons (module);
  GPtrArray *questions = awareness_module_get_questions (module);

  json_builder_begin_object (builder);
  cli_json_add_string (builder, "id", awareness_module_get_id (module));
  cli_json_add_string (builder, "version", awareness_module_get_version (module));
  cli_json_add_string (builder, "language", lang);
  cli_json_add_string (builder, "title", awareness_module_get_title (module, lang));
  cli_json_add_string (builder, "summary", awareness_module_get_summary (module, lang));
  json_builder_set_member_name (builder, "lessons");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lessons->len; i++)
    {
      AwarenessLesson *lesson = g_ptr_array_index (lessons, i);

      json_builder_begin_object (builder);
      cli_json_add_string (builder, "id", awareness_lesson_get_id (lesson));
      cli_json_add_string (builder, "title", awareness_lesson_get_title (lesson, lang));
      json_builder_set_member_name (builder, "blocks");
      json_builder_begin_array (builder);
      for (guint b = 0; b < awareness_lesson_get_n_blocks (lesson); b++)
        {
          g_auto(GStrv) texts = awareness_lesson_dup_block_text (lesson, b, lang,
                                                                 AWARENESS_TEXT_FORMAT_PLAIN);
          static const char * const kinds[] = { "paragraph", "list", "cite" };
          AwarenessClause *clause = awareness_lesson_get_block_clause (lesson, b);

          json_builder_begin_object (builder);
          cli_json_add_string (builder, "kind", kinds[awareness_lesson_get_block_kind (lesson, b)]);
          if (clause != NULL)
            cli_json_add_string (builder, "clause", awareness_clause_get_id (clause));
          json_builder_set_member_name (builder, "text");
          json_builder_begin_array (builder);
          for (guint t = 0; texts[t] != NULL; t++)
            json_builder_add_string_value (builder, texts[t]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "quiz");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pool");
  json_builder_add_int_value (builder, questions->len);
  json_builder_set_member_name (builder, "draw");
  json_builder_add_int_value (builder, awareness_module_get_draw (module));
  json_builder_set_member_name (builder, "pass_percent");
  json_builder_add_int_value (builder, awareness_module_get_pass_percent (module));
  if (answers)
    {
      static const char * const kinds[] = { "single", "multiple", "true-false" };

      json_builder_set_member_name (builder, "questions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < questions->len; i++)
        {
          AwarenessQuestion *question = g_ptr_array_index (questions, i);
          GPtrArray *choices = awareness_question_get_choices (question);
          GPtrArray *clauses = awareness_question_get_clauses (question);
          g_autofree char *prompt = awareness_question_dup_prompt (question, lang,
                                                                   AWARENESS_TEXT_FORMAT_PLAIN);
          g_autofree char *explanation =
            awareness_question_dup_explanation (question, lang, AWARENESS_TEXT_FORMAT_PLAIN);

          json_builder_begin_object (builder);
          cli_json_add_string (builder, "id", awareness_question_get_id (question));
          cli_json_add_string (builder, "type", kinds[awareness_question_get_kind (question)]);
          cli_json_add_string (builder, "prompt", prompt);
          json_builder_set_member_name (builder, "clauses");
          json_builder_begin_array (builder);
          for (guint c = 0; c < clauses->len; c++)
            json_builder_add_string_value (builder, awareness_clause_get_id (
                                                      g_ptr_array_index (clauses, c)));
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "choices");
          json_builder_begin_array (builder);
          for (guint c = 0; c < choices->len; c++)
            {
              AwarenessChoice *choice = g_ptr_array_index (choices, c);
              g_autofree char *text = awareness_choice_dup_text (choice, lang,
                                                                 AWARENESS_TEXT_FORMAT_PLAIN);

              json_builder_begin_object (builder);
              cli_json_add_string (builder, "id", awareness_choice_get_id (choice));
              cli_json_add_string (builder, "text", text);
              json_builder_set_member_name (builder, "correct");
              json_builder_add_boolean_value (builder, awareness_choice_get_correct (choice));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          cli_json_add_string (builder, "explanation", explanation);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  cli_print_json (builder);
}

int
cmd_show (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("MODULE"));
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  gboolean json = FALSE;
  gboolean answers = FALSE;
  const char *lang = awareness_get_content_language ();
  AwarenessModule *module;
  GPtrArray *lessons;
  const char *summary;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "answers", 0, 0, G_OPTION_ARG_NONE, &answers,
      N_("Also show the question pool with the answers (for authors)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Show the lessons of a training module."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Name one module, as listed by “awareness list”"));

  catalog = cli_load_catalog_for_preview (content, &error);
  if (catalog == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  module = awareness_catalog_lookup_module (catalog, argv[1]);
  if (module == NULL)
    {
      g_printerr (_("%s: there is no module “%s”; “awareness list” shows the modules\n"),
                  g_get_prgname (), argv[1]);
      return EXIT_FAILURE;
    }

  if (json)
    {
      print_json (module, lang, answers);
      return EXIT_SUCCESS;
    }

  lessons = awareness_module_get_lessons (module);
  cli_print_rule ();
  g_print ("%s\n", awareness_module_get_title (module, lang));
  summary = awareness_module_get_summary (module, lang);
  if (summary != NULL)
    cli_print_wrapped (summary, "", "");
  cli_print_rule ();
  g_print ("\n");
  cli_print_catalog_notice (catalog);

  for (guint i = 0; i < lessons->len; i++)
    cli_print_lesson (g_ptr_array_index (lessons, i), i + 1, lessons->len, lang);

  cli_print_rule ();
  g_print (_("Quiz: %u questions drawn from a pool of %u; pass mark %u%%."),
           awareness_module_get_draw (module), awareness_module_get_questions (module)->len,
           awareness_module_get_pass_percent (module));
  g_print ("\n");

  if (answers)
    {
      GPtrArray *questions = awareness_module_get_questions (module);

      g_print ("\n");
      for (guint i = 0; i < questions->len; i++)
        print_question (g_ptr_array_index (questions, i), i + 1, lang);
    }

  return EXIT_SUCCESS;
}
