/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static void
print_inspections (GPtrArray        *inspections,
                   AwarenessCatalog *catalog,
                   const char       *lang)
{
  guint title_width = 0;

  if (inspections->len == 0)
    return;
  for (guint i = 0; i < inspections->len; i++)
    {
      AwarenessInspectionRecord *record = g_ptr_array_index (inspections, i);
      AwarenessChecklist *checklist =
          catalog != NULL ? awareness_catalog_lookup_checklist (catalog, record->checklist_id)
                          : NULL;

      title_width = MAX (title_width,
                         cli_display_width (checklist != NULL
                                            ? awareness_checklist_get_title (checklist, lang)
                                            : record->checklist_id));
    }

  g_print ("\n%s\n", _("Self-inspections:"));
  for (guint i = 0; i < inspections->len; i++)
    {
      AwarenessInspectionRecord *record = g_ptr_array_index (inspections, i);
      AwarenessChecklist *checklist =
          catalog != NULL ? awareness_catalog_lookup_checklist (catalog, record->checklist_id)
                          : NULL;
      g_autofree char *date = awareness_format_date (record->finished != NULL ? record->finished
                                                                               : record->started);
      g_autofree char *short_id = g_strndup (record->id, 8);
      g_autoptr(GString) line = g_string_new (NULL);
      const char *state;

      switch (record->state)
        {
        case AWARENESS_INSPECTION_STATE_COMPLETED:
          state = _("submitted");
          break;
        case AWARENESS_INSPECTION_STATE_ABANDONED:
          state = _("abandoned");
          break;
        case AWARENESS_INSPECTION_STATE_IN_PROGRESS:
        case AWARENESS_INSPECTION_STATE_NOT_STARTED:
        default:
          state = _("in progress");
          break;
        }
      cli_pad (line, date, 18);
      cli_pad (line, short_id, 10);
      cli_pad (line, checklist != NULL ? awareness_checklist_get_title (checklist, lang)
                                       : record->checklist_id, title_width + 2);
      cli_pad (line, state, 12);
      /* Translators: the answers of a self-inspection: “18 yes, 1 no, 1 n/a”. */
      g_string_append_printf (line, _("%u yes, %u no, %u n/a"), record->n_yes, record->n_no,
                              record->n_not_applicable);
      g_print ("%s\n", line->str);
    }
}

int
cmd_history (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[MODULE]"));
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) inspections = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *content = NULL;
  const char *lang = awareness_get_content_language ();
  guint title_width = 0;
  g_autofree char *user = awareness_dup_default_user ();
  gboolean json = FALSE;
  gboolean all = FALSE;
  gint limit = 50;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Read the records in FILE"),
      N_("FILE") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N attempts (default 50)"),
      N_("N") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Show every attempt"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("List your attempts and self-inspections, newest first, for "
                                  "all modules and checklists or one."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 2)
    return cli_usage_error (context, _("Too many arguments"));
  if (limit < 1)
    return cli_usage_error (context, _("--limit takes a number of at least 1"));

  store = cli_open_store (store_path, &error);
  if (store == NULL)
    goto fail;

  records = awareness_store_list_attempts (store, user, argc == 2 ? argv[1] : NULL,
                                          all ? 0 : (guint) limit, &error);
  if (records == NULL)
    goto fail;
  inspections = awareness_store_list_inspections (store, user, argc == 2 ? argv[1] : NULL,
                                                  all ? 0 : (guint) limit, &error);
  if (inspections == NULL)
    goto fail;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < records->len; i++)
        {
          json_builder_begin_object (builder);
          cli_json_add_record (builder, g_ptr_array_index (records, i));
          json_builder_end_object (builder);
        }
      /* Self-inspections follow, marked as such. */
      for (guint i = 0; i < inspections->len; i++)
        {
          json_builder_begin_object (builder);
          cli_json_add_string (builder, "kind", "self-inspection");
          cli_json_add_inspection (builder, g_ptr_array_index (inspections, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      cli_print_json (builder);
      return EXIT_SUCCESS;
    }

  if (records->len == 0 && inspections->len == 0)
    {
      g_print ("%s\n", _("No attempts yet."));
      return EXIT_SUCCESS;
    }

  /* Modules by their titles, as status names them. */
  catalog = cli_open_catalog_quietly (content);
  for (guint i = 0; i < records->len; i++)
    {
      AwarenessAttemptRecord *record = g_ptr_array_index (records, i);
      const char *title = cli_module_title (catalog, record->module_id, NULL, lang);

      title_width = MAX (title_width, cli_display_width (title));
    }

  for (guint i = 0; i < records->len; i++)
    {
      AwarenessAttemptRecord *record = g_ptr_array_index (records, i);
      g_autofree char *date = awareness_attempt_record_dup_date (record);
      g_autofree char *short_id = g_strndup (record->id, 8);
      g_autoptr(GString) line = g_string_new (NULL);

      cli_pad (line, date, 18);
      cli_pad (line, short_id, 10);
      cli_pad (line, cli_module_title (catalog, record->module_id, NULL, lang), title_width + 2);
      cli_pad (line, awareness_attempt_state_label (record->state), 12);
      if (record->state == AWARENESS_ATTEMPT_STATE_PASSED
          || record->state == AWARENESS_ATTEMPT_STATE_FAILED)
        {
          g_autofree char *percent = awareness_format_percent (record->score, record->max_score);

          g_string_append_printf (line, "%u/%u (%s)", record->score, record->max_score, percent);
        }
      else
        g_string_append_printf (line, "%u/%u", record->n_answered, record->max_score);
      g_print ("%s\n", line->str);
    }

  print_inspections (inspections, catalog, lang);

  if (!all && (records->len == (guint) limit || inspections->len == (guint) limit))
    g_print ("%s\n", _("(older attempts not shown: use --all)"));
  if (records->len > 0)
    g_print ("%s\n", _("Review an attempt with “awareness review ID”."));
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}
