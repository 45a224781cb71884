/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness lint: the item-writing checks of the library (see
 * awareness-lint.c and content/AUTHORING.md), one warning a line.
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

int
cmd_lint (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  g_autofree char *rules = g_strjoinv (", ", (char **) awareness_lint_get_rules ());
  g_autofree char *summary = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  summary = g_strdup_printf (_("Check the questions against the item-writing rules: %s. Each "
                               "warning names its file, line, column and rule.\n\nExit status: 0 "
                               "clean, 1 warnings or invalid content, 2 usage error."), rules);
  g_option_context_set_summary (context, summary);
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

  warnings = awareness_lint_catalog (catalog);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < warnings->len; i++)
        {
          AwarenessLintWarning *warning = g_ptr_array_index (warnings, i);

          json_builder_begin_object (builder);
          cli_json_add_string (builder, "file", awareness_lint_warning_get_file (warning));
          json_builder_set_member_name (builder, "line");
          json_builder_add_int_value (builder, awareness_lint_warning_get_line (warning));
          json_builder_set_member_name (builder, "column");
          json_builder_add_int_value (builder, awareness_lint_warning_get_column (warning));
          cli_json_add_string (builder, "rule", awareness_lint_warning_get_rule (warning));
          cli_json_add_string (builder, "message", awareness_lint_warning_get_message (warning));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      cli_print_json (builder);
      return warnings->len == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    }

  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *line = awareness_lint_warning_to_string (g_ptr_array_index (warnings, i));

      g_print ("%s\n", line);
    }
  if (warnings->len == 0)
    g_print ("%s\n", _("Clean: no item-writing warnings."));
  else
    g_print (ngettext ("%u warning.\n", "%u warnings.\n", warnings->len), warnings->len);

  return warnings->len == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
