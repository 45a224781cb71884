/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

/* A lone module's citations are checked against the policy of the content
 * tree it lies in, or else against the policy of --content. */
static AwarenessPolicy *
find_policy (const char *path,
             const char *content)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *fallback = NULL;

  for (guint level = 0; level < 3; level++)
    {
      g_autofree char *candidate = g_build_filename (dir, "policy.xml", NULL);
      g_autofree char *parent = NULL;

      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        return awareness_policy_new_for_path (candidate, NULL, NULL);

      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }

  fallback = content != NULL ? g_build_filename (content, "policy.xml", NULL) : NULL;
  if (fallback == NULL)
    {
      g_autofree char *default_dir = awareness_dup_default_content_dir ();

      fallback = g_build_filename (default_dir, "policy.xml", NULL);
    }

  return awareness_policy_new_for_path (fallback, NULL, NULL);
}

int
cmd_validate (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[PATH…]"));
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  g_autofree char *default_dir = NULL;
  gboolean json = FALSE;
  guint n_errors = 0, n_warnings = 0;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content,
      N_("Check lone modules against the policy in DIR"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (
    context, _("Check content against the schema and the rules of content: "
                "a directory as a whole content tree, a file as a module, "
                "self-inspection checklist, drill, policy or catalog. Every problem is "
                "reported with its file, line and column.\n\nExit status: 0 valid, 1 invalid, "
                "2 usage error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);

  if (argc < 2)
    {
      default_dir = content != NULL ? g_strdup (content) : awareness_dup_default_content_dir ();
      awareness_content_validate_path (default_dir, NULL, problems);
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(AwarenessPolicy) policy = NULL;

      if (!g_file_test (argv[i], G_FILE_TEST_EXISTS))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” does not exist"), argv[i]);

          return cli_usage_error (context, message);
        }

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        policy = find_policy (argv[i], content);

      awareness_content_validate_path (argv[i], policy, problems);
    }

  for (guint i = 0; i < problems->len; i++)
    {
      if (awareness_problem_get_severity (g_ptr_array_index (problems, i))
          == AWARENESS_SEVERITY_ERROR)
        n_errors++;
      else
        n_warnings++;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "valid");
      json_builder_add_boolean_value (builder, n_errors == 0);
      json_builder_set_member_name (builder, "errors");
      json_builder_add_int_value (builder, n_errors);
      json_builder_set_member_name (builder, "warnings");
      json_builder_add_int_value (builder, n_warnings);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < problems->len; i++)
        {
          AwarenessProblem *problem = g_ptr_array_index (problems, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "file");
          json_builder_add_string_value (builder, awareness_problem_get_file (problem));
          json_builder_set_member_name (builder, "line");
          json_builder_add_int_value (builder, awareness_problem_get_line (problem));
          json_builder_set_member_name (builder, "column");
          json_builder_add_int_value (builder, awareness_problem_get_column (problem));
          json_builder_set_member_name (builder, "severity");
          json_builder_add_string_value (builder, awareness_problem_get_severity (problem)
                                                      == AWARENESS_SEVERITY_ERROR
                                                    ? "error"
                                                    : "warning");
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, awareness_problem_get_code_name (problem));
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, awareness_problem_get_message (problem));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      cli_print_json (builder);
    }
  else
    {
      for (guint i = 0; i < problems->len; i++)
        {
          g_autofree char *text = awareness_problem_to_string (g_ptr_array_index (problems, i));

          g_print ("%s\n", text);
        }

      if (n_errors == 0 && n_warnings == 0)
        g_print ("%s\n", _("Valid: no problems found."));
      else if (n_errors == 0)
        g_print (g_dngettext (GETTEXT_PACKAGE, "Valid, with %u warning.\n",
                              "Valid, with %u warnings.\n", n_warnings), n_warnings);
      else
        {
          g_autofree char *errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error",
                                                                  "%u errors", n_errors), n_errors);
          g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning",
                                                                    "%u warnings", n_warnings),
                                                       n_warnings);

          /* Translators: “Invalid: 3 errors, 1 warning.” */
          g_print (_("Invalid: %s, %s.\n"), errors, warnings);
        }
    }

  return n_errors == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
