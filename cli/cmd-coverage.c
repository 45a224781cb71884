/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

/* What cites a clause: lessons, questions or self-inspection items. */
typedef enum {
  CITED_BY_LESSONS,
  CITED_BY_QUESTIONS,
  CITED_BY_CHECKS,
} CitedBy;

static void
append_ids (GString   *s,
            GPtrArray *items,
            CitedBy    lessons)
{
  for (guint i = 0; i < items->len; i++)
    {
      AwarenessModule *module;
      const char *id;

      if (lessons == CITED_BY_CHECKS)
        {
          AwarenessChecklistItem *item = g_ptr_array_index (items, i);

          if (i > 0)
            g_string_append (s, ", ");
          g_string_append_printf (s, "%s/%s",
                                  awareness_checklist_get_id (
                                      awareness_checklist_item_get_checklist (item)),
                                  awareness_checklist_item_get_id (item));
          continue;
        }

      if (lessons == CITED_BY_LESSONS)
        {
          module = awareness_lesson_get_module (g_ptr_array_index (items, i));
          id = awareness_lesson_get_id (g_ptr_array_index (items, i));
        }
      else
        {
          module = awareness_question_get_module (g_ptr_array_index (items, i));
          id = awareness_question_get_id (g_ptr_array_index (items, i));
        }

      if (i > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "%s/%s", awareness_module_get_id (module), id);
    }
}

static void
add_ids_member (JsonBuilder *builder,
                const char  *name,
                GPtrArray   *items,
                CitedBy      lessons)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, g_ptr_array_index (items, i));
      append_ids (s, one, lessons);
      json_builder_add_string_value (builder, s->str);
    }
  json_builder_end_array (builder);
}

static void
print_drills (AwarenessCatalog *catalog,
              AwarenessClause  *clause)
{
  g_autoptr(GPtrArray) drills = awareness_catalog_list_drills_citing (catalog, clause);
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *text = NULL;

  if (drills->len == 0)
    return;
  for (guint i = 0; i < drills->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                            awareness_drill_get_id (g_ptr_array_index (drills, i)));
  text = g_strdup_printf (_("drills: %s"), ids->str);
  cli_print_wrapped (text, "      ", "        ");
}

/* A line of what cites a clause, if anything does. */
static void
print_cited (GPtrArray  *items,
             CitedBy     by,
             const char *label)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *text = NULL;

  if (items->len == 0)
    return;
  append_ids (ids, items, by);
  text = g_strdup_printf ("%s %s", label, ids->str);
  cli_print_wrapped (text, "      ", "        ");
}

int
cmd_coverage (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(GPtrArray) coverage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  gboolean json = FALSE;
  const char *lang = awareness_get_content_language ();
  guint n_untested = 0, n_staff = 0, n_inspected = 0;
  const GOptionEntry entries[] = {
    { "content", 0, 0, G_OPTION_ARG_FILENAME, &content, N_("Load content from DIR"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("List every clause of the policy with the lessons, questions, "
                                  "self-inspection items and drills that cite it.\n\nExit "
                                  "status: 0 when every clause that concerns staff is tested "
                                  "by a question, 1 otherwise."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));

  catalog = cli_load_catalog_for_preview (content, &error);
  if (catalog == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  coverage = awareness_catalog_compute_coverage (catalog);
  for (guint i = 0; i < coverage->len; i++)
    {
      AwarenessCoverage *entry = g_ptr_array_index (coverage, i);

      if (entry->inspected)
        n_inspected++;
      if (awareness_clause_get_staff (entry->clause))
        {
          n_staff++;
          if (!entry->tested)
            n_untested++;
        }
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "complete");
      json_builder_add_boolean_value (builder, n_untested == 0);
      json_builder_set_member_name (builder, "clauses");
      json_builder_begin_array (builder);
      for (guint i = 0; i < coverage->len; i++)
        {
          AwarenessCoverage *entry = g_ptr_array_index (coverage, i);
          g_autofree char *label = awareness_clause_dup_label (entry->clause, lang);
          const char *title = awareness_clause_get_title (entry->clause, lang);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, awareness_clause_get_id (entry->clause));
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, label);
          json_builder_set_member_name (builder, "title");
          if (title != NULL)
            json_builder_add_string_value (builder, title);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "staff");
          json_builder_add_boolean_value (builder, awareness_clause_get_staff (entry->clause));
          json_builder_set_member_name (builder, "tested");
          json_builder_add_boolean_value (builder, entry->tested);
          json_builder_set_member_name (builder, "inspected");
          json_builder_add_boolean_value (builder, entry->inspected);
          add_ids_member (builder, "lessons", entry->lessons, CITED_BY_LESSONS);
          add_ids_member (builder, "questions", entry->questions, CITED_BY_QUESTIONS);
          add_ids_member (builder, "self_inspection", entry->checks, CITED_BY_CHECKS);
          {
            g_autoptr(GPtrArray) drills =
              awareness_catalog_list_drills_citing (catalog, entry->clause);

            json_builder_set_member_name (builder, "drills");
            json_builder_begin_array (builder);
            for (guint d = 0; d < drills->len; d++)
              json_builder_add_string_value (
                builder, awareness_drill_get_id (g_ptr_array_index (drills, d)));
            json_builder_end_array (builder);
          }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      cli_print_json (builder);
    }
  else
    {
      for (guint i = 0; i < coverage->len; i++)
        {
          AwarenessCoverage *entry = g_ptr_array_index (coverage, i);
          g_autofree char *label = awareness_clause_dup_label (entry->clause, lang);
          const char *title = awareness_clause_get_title (entry->clause, lang);
          g_autoptr(GString) line = g_string_new (NULL);
          const char *mark;

          if (!awareness_clause_get_staff (entry->clause))
            mark = "  ";
          else
            mark = entry->tested ? "✔ " : "✘ ";

          for (guint d = 0; d < awareness_clause_get_depth (entry->clause); d++)
            g_string_append (line, "  ");
          g_string_append_printf (line, "%s%s", mark, label);
          if (title != NULL)
            g_string_append_printf (line, " %s", title);
          g_string_append_printf (line, "  [%s]", awareness_clause_get_id (entry->clause));
          g_print ("%s\n", line->str);

          /* Translators: each label is followed by a list of ids. */
          print_cited (entry->lessons, CITED_BY_LESSONS, _("lessons:"));
          print_cited (entry->questions, CITED_BY_QUESTIONS, _("questions:"));
          print_cited (entry->checks, CITED_BY_CHECKS, _("self-inspection:"));
          print_drills (catalog, entry->clause);
        }

      g_print ("\n");
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "%u clause is checked by self-inspection.\n",
                            "%u clauses are checked by self-inspection.\n", n_inspected),
               n_inspected);
      if (n_untested == 0)
        g_print (_("All %u clauses that concern staff are tested by at least one question.\n"),
                 n_staff);
      else
        {
          g_print (
            g_dngettext (GETTEXT_PACKAGE,
                         "%u of %u clauses that concern staff is not tested by any question:\n",
                         "%u of %u clauses that concern staff are not tested by any question:\n",
                         n_untested),
            n_untested, n_staff);
          for (guint i = 0; i < coverage->len; i++)
            {
              AwarenessCoverage *entry = g_ptr_array_index (coverage, i);
              g_autofree char *label = NULL;

              if (!awareness_clause_get_staff (entry->clause) || entry->tested)
                continue;
              label = awareness_clause_dup_label (entry->clause, lang);
              g_print ("  %s [%s]\n", label, awareness_clause_get_id (entry->clause));
            }
        }
    }

  return n_untested == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
