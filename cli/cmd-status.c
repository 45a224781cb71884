/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static char *
describe (AwarenessAttemptState   state,
          AwarenessAttemptRecord *record)
{
  g_autofree char *date = NULL;
  g_autofree char *percent = NULL;

  if (record == NULL)
    return g_strdup (cli_state_label (state));

  switch (state)
    {
    case AWARENESS_ATTEMPT_STATE_IN_PROGRESS:
      /* Translators: “in progress (2 of 5 answered)”. */
      return g_strdup_printf (_("in progress (%u of %u answered)"), record->n_answered, record->max_score);

    case AWARENESS_ATTEMPT_STATE_PASSED:
    case AWARENESS_ATTEMPT_STATE_FAILED:
      date = cli_format_date (record->finished);
      percent = cli_format_percent (record->score, record->max_score);
      /* Translators: “passed on 2026-11-25 10:31 (80%)”. */
      return g_strdup_printf (_("%s on %s (%s)"), cli_state_label (state), date, percent);

    case AWARENESS_ATTEMPT_STATE_NOT_STARTED:
    case AWARENESS_ATTEMPT_STATE_ABANDONED:
    default:
      return g_strdup (cli_state_label (state));
    }
}

int
cmd_status (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *user = awareness_dup_default_user ();
  gboolean json = FALSE;
  const char *lang = awareness_get_content_language ();
  GListModel *modules;
  guint n, n_required = 0, n_passed = 0, title_width = 0;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Read the records in FILE"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Show where you stand in each module of the catalog."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));

  catalog = cli_load_catalog (content, &error);
  if (catalog == NULL)
    goto fail;
  store = cli_open_store (store_path, &error);
  if (store == NULL)
    goto fail;

  modules = awareness_catalog_get_modules (catalog);
  n = g_list_model_get_n_items (modules);

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, user);
      json_builder_set_member_name (builder, "modules");
      json_builder_begin_array (builder);
    }
  else
    {
      g_print ("%s\n", awareness_catalog_get_title (catalog, lang));
      g_print (_("Learner: %s"), user);
      g_print ("\n\n");
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);

          title_width = MAX (title_width, cli_display_width (awareness_module_get_title (module, lang)));
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);
      g_autoptr(AwarenessAttemptRecord) record = NULL;
      AwarenessAttemptState state;

      state = awareness_store_get_module_status (store, user, awareness_module_get_id (module),
                                                 &record, &error);
      if (error != NULL)
        goto fail;

      if (awareness_module_get_required (module))
        {
          n_required++;
          if (state == AWARENESS_ATTEMPT_STATE_PASSED)
            n_passed++;
        }

      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, awareness_module_get_id (module));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, awareness_module_get_title (module, lang));
          json_builder_set_member_name (builder, "required");
          json_builder_add_boolean_value (builder, awareness_module_get_required (module));
          json_builder_set_member_name (builder, "state");
          json_builder_add_string_value (builder, awareness_attempt_state_to_string (state));
          if (record != NULL)
            {
              /* The attempt that decides the state. */
              json_builder_set_member_name (builder, "attempt");
              json_builder_begin_object (builder);
              cli_json_add_record (builder, record);
              json_builder_end_object (builder);
            }
          json_builder_end_object (builder);
        }
      else
        {
          g_autoptr(GString) line = g_string_new ("  ");
          g_autofree char *text = describe (state, record);

          cli_pad (line, state == AWARENESS_ATTEMPT_STATE_PASSED ? "✔" : " ", 2);
          cli_pad (line, awareness_module_get_title (module, lang), title_width + 2);
          g_string_append (line, text);
          g_print ("%s\n", line->str);
        }
    }

  if (json)
    {
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "required");
      json_builder_add_int_value (builder, n_required);
      json_builder_set_member_name (builder, "passed");
      json_builder_add_int_value (builder, n_passed);
      json_builder_end_object (builder);
      cli_print_json (builder);
    }
  else
    {
      g_print ("\n");
      g_print (_("Passed %u of %u required modules."), n_passed, n_required);
      g_print ("\n");
    }

  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}
