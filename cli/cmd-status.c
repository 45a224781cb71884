/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static void
add_inspections_json (JsonBuilder       *builder,
                      AwarenessProgress *progress,
                      const char        *lang)
{
  json_builder_set_member_name (builder, "self_inspections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < progress->inspections->len; i++)
    {
      AwarenessInspectionProgress *item = g_ptr_array_index (progress->inspections, i);
      AwarenessInspectionRecord *record = item->record;

      json_builder_begin_object (builder);
      cli_json_add_string (builder, "id", awareness_checklist_get_id (item->checklist));
      cli_json_add_string (builder, "title", awareness_checklist_get_title (item->checklist, lang));
      json_builder_set_member_name (builder, "sample");
      json_builder_add_boolean_value (builder, awareness_checklist_get_sample (item->checklist));
      cli_json_add_string (builder, "state", awareness_inspection_state_to_string (item->state));
      cli_json_add_string (builder, "due_state", awareness_due_state_to_string (item->due_state));
      if (g_date_valid (&item->due))
        {
          char date[16];

          g_date_strftime (date, sizeof date, "%Y-%m-%d", &item->due);
          cli_json_add_string (builder, "due", date);
        }
      if (record != NULL)
        {
          json_builder_set_member_name (builder, "inspection");
          json_builder_begin_object (builder);
          cli_json_add_inspection (builder, record);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_inspections (AwarenessProgress *progress,
                   const GDate       *today,
                   const char        *lang)
{
  guint title_width = 0;

  if (progress->inspections->len == 0)
    return;
  for (guint i = 0; i < progress->inspections->len; i++)
    {
      AwarenessInspectionProgress *item = g_ptr_array_index (progress->inspections, i);

      title_width = MAX (title_width,
                         cli_display_width (awareness_checklist_get_title (item->checklist, lang)));
    }

  g_print ("\n%s\n", _("Self-inspection:"));
  for (guint i = 0; i < progress->inspections->len; i++)
    {
      AwarenessInspectionProgress *item = g_ptr_array_index (progress->inspections, i);
      g_autoptr(GString) line = g_string_new ("  ");
      g_autofree char *text = awareness_inspection_progress_dup_state_text (item);
      g_autofree char *due_text = awareness_inspection_progress_dup_due_text (item, today, lang);

      cli_pad (line, item->due_state == AWARENESS_DUE_COMPLETED ? "✔"
                     : item->due_state == AWARENESS_DUE_OVERDUE ? "!" : " ", 2);
      cli_pad (line, awareness_checklist_get_title (item->checklist, lang), title_width + 2);
      g_string_append (line, text);
      if (due_text != NULL)
        g_string_append_printf (line, " — %s", due_text);
      g_print ("%s\n", line->str);
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
  guint title_width = 0;
  g_autoptr(AwarenessProgress) progress = NULL;
  GDate today;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Read the records in FILE"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Show where you stand in each module and "
                                           "self-inspection checklist of the catalog."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));

  awareness_get_today (&today);
  if (!cli_open_learner (content, store_path, user, &today, &catalog, &store, &progress, &error))
    goto fail;

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
      for (guint i = 0; i < progress->items->len; i++)
        {
          AwarenessProgressItem *item = g_ptr_array_index (progress->items, i);

          title_width = MAX (title_width,
                             cli_display_width (awareness_module_get_title (item->module, lang)));
        }
    }

  for (guint i = 0; i < progress->items->len; i++)
    {
      AwarenessProgressItem *item = g_ptr_array_index (progress->items, i);
      AwarenessModule *module = item->module;
      AwarenessAttemptRecord *record = item->record;
      AwarenessAttemptState state = item->state;
      AwarenessDueState due_state = item->due_state;
      const GDate *due = &item->due;

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
          json_builder_set_member_name (builder, "due_state");
          json_builder_add_string_value (builder, awareness_due_state_to_string (due_state));
          if (g_date_valid (due))
            {
              char date[16];

              g_date_strftime (date, sizeof date, "%Y-%m-%d", due);
              json_builder_set_member_name (builder, "due");
              json_builder_add_string_value (builder, date);
            }
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
          g_autofree char *text = awareness_progress_item_dup_state_text (item);
          g_autofree char *due_text = awareness_progress_item_dup_due_text (item, &today, lang);

          cli_pad (line,
                   state == AWARENESS_ATTEMPT_STATE_PASSED ? "✔"
                   : due_state == AWARENESS_DUE_OVERDUE    ? "!"
                                                           : " ",
                   2);
          cli_pad (line, awareness_module_get_title (module, lang), title_width + 2);
          g_string_append (line, text);
          if (due_text != NULL)
            g_string_append_printf (line, " — %s", due_text);
          g_print ("%s\n", line->str);
        }
    }

  if (json)
    {
      json_builder_end_array (builder);
      add_inspections_json (builder, progress, lang);
      json_builder_set_member_name (builder, "required");
      json_builder_add_int_value (builder, progress->n_required);
      json_builder_set_member_name (builder, "passed");
      json_builder_add_int_value (builder, progress->n_passed);
      json_builder_set_member_name (builder, "overdue");
      json_builder_add_int_value (builder, progress->n_overdue);
      json_builder_end_object (builder);
      cli_print_json (builder);
    }
  else
    {
      print_inspections (progress, &today, lang);
      g_print ("\n");
      g_print (_("Passed %u of %u required modules."), progress->n_passed, progress->n_required);
      g_print ("\n");
      if (progress->n_overdue > 0)
        {
          g_print (ngettext ("%u module is overdue.", "%u modules are overdue.",
                             progress->n_overdue),
                   progress->n_overdue);
          g_print ("\n");
        }
    }

  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}
