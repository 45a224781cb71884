/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

int
cmd_list (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  gboolean json = FALSE;
  const char *lang = awareness_get_content_language ();
  GListModel *modules;
  guint n, title_width = 0;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("List the training modules of the catalog."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));

  catalog = cli_load_catalog (content, &error);
  if (catalog == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  modules = awareness_catalog_get_modules (catalog);
  n = g_list_model_get_n_items (modules);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);
          g_autofree char *iri = awareness_catalog_dup_module_iri (catalog, module);
          const char *summary = awareness_module_get_summary (module, lang);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, awareness_module_get_id (module));
          json_builder_set_member_name (builder, "version");
          json_builder_add_string_value (builder, awareness_module_get_version (module));
          json_builder_set_member_name (builder, "iri");
          json_builder_add_string_value (builder, iri);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, awareness_module_get_title (module, lang));
          json_builder_set_member_name (builder, "summary");
          if (summary != NULL)
            json_builder_add_string_value (builder, summary);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "minutes");
          json_builder_add_int_value (builder, awareness_module_get_minutes (module));
          json_builder_set_member_name (builder, "required");
          json_builder_add_boolean_value (builder, awareness_module_get_required (module));
          json_builder_set_member_name (builder, "lessons");
          json_builder_add_int_value (builder, awareness_module_get_lessons (module)->len);
          json_builder_set_member_name (builder, "questions");
          json_builder_add_int_value (builder, awareness_module_get_questions (module)->len);
          json_builder_set_member_name (builder, "draw");
          json_builder_add_int_value (builder, awareness_module_get_draw (module));
          json_builder_set_member_name (builder, "pass_percent");
          json_builder_add_int_value (builder, awareness_module_get_pass_percent (module));
          json_builder_set_member_name (builder, "digest");
          json_builder_add_string_value (builder, awareness_module_get_digest (module));
          json_builder_set_member_name (builder, "internal");
          json_builder_add_boolean_value (builder, awareness_catalog_get_internal (catalog));
          json_builder_set_member_name (builder, "sample");
          json_builder_add_boolean_value (builder, awareness_catalog_get_sample (catalog));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      cli_print_json (builder);
      return EXIT_SUCCESS;
    }

  g_print ("%s\n", awareness_catalog_get_title (catalog, lang));
  g_print ("%s\n\n", awareness_policy_get_title (awareness_catalog_get_policy (catalog), lang));
  cli_print_catalog_notice (catalog);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);

      title_width = MAX (title_width,
                         cli_display_width (awareness_module_get_title (module, lang)));
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);
      g_autoptr(GString) line = g_string_new ("  ");
      g_autofree char *minutes = NULL;
      g_autofree char *questions = NULL;

      /* Translators: estimated time to complete a module. */
      minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u min", "%u min",
                                              awareness_module_get_minutes (module)),
                                 awareness_module_get_minutes (module));
      questions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u of %u question", "%u of %u questions",
                                                awareness_module_get_questions (module)->len),
                                   awareness_module_get_draw (module),
                                   awareness_module_get_questions (module)->len);

      cli_pad (line, awareness_module_get_id (module), 32);
      cli_pad (line, awareness_module_get_title (module, lang), title_width + 2);
      cli_pad (line, minutes, 8);
      g_string_append (line, questions);
      if (!awareness_module_get_required (module))
        g_string_append_printf (line, "  %s", _("(optional)"));
      if (awareness_catalog_get_sample (catalog))
        /* Translators: marks a module of a sample catalog in “awareness list”. */
        g_string_append_printf (line, "  %s", _("[SAMPLE]"));
      else if (awareness_catalog_get_internal (catalog))
        /* Translators: marks a module of the City's internal training in “awareness list”. */
        g_string_append_printf (line, "  %s", _("[internal]"));
      g_print ("%s\n", line->str);
    }

  g_print ("\n%s\n", _("Show a module with “awareness show MODULE”."));
  return EXIT_SUCCESS;
}
