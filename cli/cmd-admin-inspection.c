/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness admin report --self-inspection: the server's self-inspection
 * report (server/lrs-report-inspection.c) as tables in the user's
 * language, or as the server's CSV or JSON.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

/* A share as a percentage, or "-" without answers. */
static char *
percent (JsonObject *object,
         const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("-");
  return g_strdup_printf ("%.0f%%", json_node_get_double (node) * 100);
}

static char **
share_row (const char *first,
           const char *second,
           JsonObject *tally)
{
  /* Six columns, a seventh for the caller, and the NULL that ends it. */
  char **row = g_new0 (char *, 8);

  row[0] = g_strdup (first != NULL ? first : "");
  row[1] = g_strdup (second != NULL ? second : "");
  row[2] = g_strdup_printf ("%" G_GINT64_FORMAT,
                            json_object_get_int_member_with_default (tally, "answers", 0));
  row[3] = percent (tally, "yes_share");
  row[4] = percent (tally, "no_share");
  row[5] = percent (tally, "not_applicable_share");
  return row;
}

static void
print_checklist (JsonObject *checklist)
{
  const char *share_headers[] = {
    _("Item"), _("Text"), _("Answers"), _("Yes"), _("No"), _("N/A"), _("Previous no"),
  };
  const char *department_headers[] = {
    _("Department"), _("Item"), _("Answers"), _("Yes"), _("No"), _("N/A"),
  };
  const char *follow_up_headers[] = {
    _("Staff ID"), _("Name"), _("Department"), _("Item"), _("Comment"), _("Date"),
  };
  const char *not_answered_headers[] = { _("Staff ID"), _("Name"), _("Department") };
  JsonArray *items = json_object_get_array_member (checklist, "items");
  JsonArray *departments = json_object_get_array_member (checklist, "departments");
  JsonArray *follow_ups = json_object_get_array_member (checklist, "follow_up");
  JsonArray *missing = json_object_get_array_member (checklist, "not_answered");
  JsonNode *cycle = json_object_get_member (checklist, "cycle");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_print ("%s (%s %s)\n", member (checklist, "title") != NULL ? member (checklist, "title") : "",
           member (checklist, "checklist"), member (checklist, "version"));
  if (cycle != NULL && JSON_NODE_HOLDS_OBJECT (cycle))
    /* Translators: the first and last day of the cycle of a self-inspection. */
    g_print (_("Cycle: %s to %s\n"), member (json_node_get_object (cycle), "first"),
             member (json_node_get_object (cycle), "last"));
  /* Translators: how many of the staff the checklist is assigned to completed it. */
  g_print (_("Answered: %u of %u\n"),
           (guint) json_object_get_int_member_with_default (checklist, "answered", 0),
           (guint) json_object_get_int_member_with_default (checklist, "audience", 0));

  /* Translators: a heading; the items answered “no” by most departments come first. */
  g_print ("\n%s\n", _("Items, those answered “no” by most departments first:"));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonNode *previous = json_object_get_member (item, "previous");
      char **row = share_row (member (item, "item"), member (item, "text"), item);

      row[6] = previous != NULL && JSON_NODE_HOLDS_OBJECT (previous)
                 ? percent (json_node_get_object (previous), "no_share")
                 : g_strdup ("-");
      g_ptr_array_add (rows, row);
    }
  cli_print_columns (share_headers, G_N_ELEMENTS (share_headers), rows);

  g_ptr_array_set_size (rows, 0);
  g_print ("\n%s\n", _("By department:"));
  for (guint d = 0; d < json_array_get_length (departments); d++)
    {
      JsonObject *department = json_array_get_object_element (departments, d);
      JsonArray *tallies = json_object_get_array_member (department, "items");
      const char *name = member (department, "department");

      for (guint i = 0; i < json_array_get_length (tallies); i++)
        {
          JsonObject *tally = json_array_get_object_element (tallies, i);

          g_ptr_array_add (rows, share_row (name != NULL && name[0] != '\0' ? name : "-",
                                            member (tally, "item"), tally));
        }
    }
  cli_print_columns (department_headers, G_N_ELEMENTS (department_headers), rows);

  g_ptr_array_set_size (rows, 0);
  /* Translators: a heading; the answers “no” with their comments. */
  g_print ("\n%s\n", _("Follow-up (answers “no”):"));
  for (guint i = 0; i < json_array_get_length (follow_ups); i++)
    {
      JsonObject *follow_up = json_array_get_object_element (follow_ups, i);
      const char *date = member (follow_up, "date");
      /* Six columns, a seventh for the caller, and the NULL that ends it. */
  char **row = g_new0 (char *, 8);

      row[0] = g_strdup (member (follow_up, "staff_id"));
      row[1] = g_strdup (member (follow_up, "name") != NULL ? member (follow_up, "name") : "");
      row[2] = g_strdup (member (follow_up, "department"));
      row[3] = g_strdup (member (follow_up, "item"));
      row[4] = g_strdup (member (follow_up, "comment") != NULL ? member (follow_up, "comment")
                                                               : "");
      row[5] = date != NULL ? g_strndup (date, 10) : g_strdup ("");
      g_ptr_array_add (rows, row);
    }
  cli_print_columns (follow_up_headers, G_N_ELEMENTS (follow_up_headers), rows);

  g_ptr_array_set_size (rows, 0);
  g_print ("\n%s\n", _("Not answered yet:"));
  for (guint i = 0; i < json_array_get_length (missing); i++)
    {
      JsonObject *person = json_array_get_object_element (missing, i);
      char **row = g_new0 (char *, 4);

      row[0] = g_strdup (member (person, "staff_id"));
      row[1] = g_strdup (member (person, "name") != NULL ? member (person, "name") : "");
      row[2] = g_strdup (member (person, "department"));
      g_ptr_array_add (rows, row);
    }
  cli_print_columns (not_answered_headers, G_N_ELEMENTS (not_answered_headers), rows);
}

/**
 * cli_admin_inspection_report:
 *
 * awareness admin report --self-inspection [--department D]
 * [--checklist ID] [--as-of DATE] [--format table|csv|json] [--list L]
 * [--bom] [--japanese-headers]
 */
int
cli_admin_inspection_report (int    argc,
                             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GString) path = g_string_new ("../admin/reports/self-inspection");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *department = NULL;
  g_autofree char *checklist = NULL;
  g_autofree char *format = NULL;
  g_autofree char *list = NULL;
  g_autofree char *as_of = NULL;
  gboolean self_inspection = FALSE, bom = FALSE, japanese = FALSE;
  JsonNode *root;
  JsonArray *checklists;
  int status;
  const GOptionEntry entries[] = {
    { "self-inspection", 0, 0, G_OPTION_ARG_NONE, &self_inspection,
      N_("The self-inspection: answers per department and item, follow-up, who has not answered"),
      NULL },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Only staff of this department"),
      N_("NAME") },
    { "checklist", 0, 0, G_OPTION_ARG_STRING, &checklist, N_("Only this checklist"), N_("ID") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("The cycle of this day, YYYY-MM-DD (today by default)"), N_("DATE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (the default), csv or json"),
      N_("FORMAT") },
    { "list", 0, 0, G_OPTION_ARG_STRING, &list,
      N_("The list of the CSV: follow-up (the default), shares or not-answered"), N_("LIST") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("Begin the CSV with a byte order mark, for Excel"),
      NULL },
    { "japanese-headers", 0, 0, G_OPTION_ARG_NONE, &japanese,
      N_("Name the CSV columns in Japanese"), NULL },
    { NULL }
  };

  g_option_context_set_summary (
    context, _("Show the self-inspection of each department and item, from the server."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));
  if (format == NULL)
    format = g_strdup ("table");
  if (g_strcmp0 (format, "table") != 0 && g_strcmp0 (format, "csv") != 0
      && g_strcmp0 (format, "json") != 0)
    return cli_usage_error (context, _("--format: table, csv or json"));
  if (list != NULL && g_strcmp0 (format, "csv") != 0)
    return cli_usage_error (context, _("--list goes with --format csv"));

  cli_append_param (path, "checklist", checklist);
  cli_append_param (path, "department", department);
  cli_append_param (path, "as-of", as_of);
  cli_append_param (path, "format", g_strcmp0 (format, "csv") == 0 ? "csv" : "json");
  cli_append_param (path, "list", list);
  if (bom)
    cli_append_param (path, "bom", "true");
  if (japanese)
    cli_append_param (path, "headers", "ja");

  status = cli_admin_fetch_report (path->str, format, &response);
  if (status >= 0)
    return status;

  root = awareness_json_parser_load (parser, response.body, (gssize) response.length, &error)
           ? json_parser_get_root (parser)
           : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "checklists"))
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("The server's self-inspection report is not a JSON object"));
      return EXIT_FAILURE;
    }
  checklists = json_object_get_array_member (json_node_get_object (root), "checklists");
  for (guint i = 0; i < json_array_get_length (checklists); i++)
    {
      if (i > 0)
        g_print ("\n");
      print_checklist (json_array_get_object_element (checklists, i));
    }
  return EXIT_SUCCESS;
}
