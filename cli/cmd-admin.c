/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness admin: what administrators ask of the server, with the same
 * configuration and credential as every other command.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static const char *
result_label (const char *result)
{
  if (g_strcmp0 (result, "passed") == 0)
    return awareness_attempt_state_label (AWARENESS_ATTEMPT_STATE_PASSED);
  if (g_strcmp0 (result, "failed") == 0)
    return awareness_attempt_state_label (AWARENESS_ATTEMPT_STATE_FAILED);
  return awareness_attempt_state_label (AWARENESS_ATTEMPT_STATE_NOT_STARTED);
}

static const char *
member (JsonObject *row,
        const char *name)
{
  JsonNode *node = row != NULL ? json_object_get_member (row, name) : NULL;

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

/* The report as a table that lines up in a terminal, Japanese included. */
static const CliLabel due_labels[] = {
  { "completed", N_("completed") },
  { "pending",   N_("pending") },
  { "overdue",   N_("OVERDUE") },
  { NULL, NULL },
};

static void
print_summary (JsonArray *rows,
               gboolean   by_person)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(GString) line = g_string_new (NULL);

      if (row == NULL)
        continue;
      if (by_person)
        {
          cli_pad (line, member (row, "staff_id"), 10);
          g_string_append (line, "  ");
          cli_pad (line, member (row, "name"), 16);
          g_string_append (line, "  ");
        }
      cli_pad (line, member (row, "department") != NULL && member (row, "department")[0] != '\0'
                     ? member (row, "department") : "-", 16);
      /* Translators: a line of the assignments summary. */
      g_string_append_printf (line, _("  required %u, completed %u, pending %u, overdue %u"),
                              (guint) json_object_get_int_member_with_default (row, "required", 0),
                              (guint) json_object_get_int_member_with_default (row, "completed", 0),
                              (guint) json_object_get_int_member_with_default (row, "pending", 0),
                              (guint) json_object_get_int_member_with_default (row, "overdue", 0));
      g_print ("%s\n", line->str);
    }
}

static void
print_table (JsonArray *rows,
             gboolean   assignments)
{
  const char *headers[] = {
    _("Staff ID"), _("Name"), _("Department"), _("Module"), assignments ? _("State") : _("Result"),
    assignments ? _("Due") : _("Date"), assignments ? _("Last passed") : _("Score"), _("Version"),
  };
  guint n = json_array_get_length (rows);
  guint widths[G_N_ELEMENTS (headers)] = { 0 };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    widths[c] = cli_display_width (headers[c]);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *score = row != NULL ? json_object_get_member (row, "score") : NULL;
      const char *date = member (row, "date");
      char **line = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

      line[0] = g_strdup (member (row, "staff_id"));
      line[1] = g_strdup (member (row, "name"));
      line[2] = g_strdup (member (row, "department"));
      line[3] = g_strdup (member (row, "module_title") != NULL ? member (row, "module_title")
                                                               : member (row, "module"));
      if (assignments)
        {
          const char *passed = member (row, "last_passed");

          line[4] = g_strdup (cli_label (due_labels, member (row, "state")));
          line[5] = g_strdup (member (row, "due"));
          line[6] = passed != NULL ? g_strndup (passed, 10) : g_strdup ("");
        }
      else
        {
          JsonNode *verified = json_object_get_member (row, "verified");
          const char *recorded = member (row, "recorded");

          /* A verdict its answers do not earn counts for nothing. */
          if (verified != NULL && JSON_NODE_HOLDS_VALUE (verified) &&
              json_node_get_value_type (verified) == G_TYPE_BOOLEAN &&
              !json_node_get_boolean (verified))
            /* Translators: a result (passed, failed) whose answers do not earn it. */
            line[4] = g_strdup_printf (_("%s (unverified)"), result_label (member (row, "result")));
          else
            line[4] = g_strdup (result_label (member (row, "result")));
          /* The learner's date, and beside it the day the server received it. */
          if (date != NULL && recorded != NULL && strncmp (date, recorded, 10) != 0)
            /* Translators: the date a learner's machine wrote, then the day the
             * server received it. */
            line[5] = g_strdup_printf (_("%.10s (received %.10s)"), date, recorded);
          else
            line[5] = date != NULL ? g_strndup (date, 10) : g_strdup ("");
          line[6] = score != NULL && json_node_get_value_type (score) == G_TYPE_INT64
                      ? g_strdup_printf ("%" G_GINT64_FORMAT "%%", json_node_get_int (score))
                      : g_strdup ("");
        }
      line[7] = g_strdup (member (row, "version"));
      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        {
          if (line[c] == NULL)
            line[c] = g_strdup ("");
          widths[c] = MAX (widths[c], cli_display_width (line[c]));
        }
      g_ptr_array_add (cells, line);
    }

  for (guint i = 0; i <= n; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        {
          const char *cell = i == 0 ? headers[c] : ((char **) g_ptr_array_index (cells, i - 1))[c];

          if (c + 1 < G_N_ELEMENTS (headers))
            {
              cli_pad (text, cell, widths[c]);
              g_string_append (text, "  ");
            }
          else
            g_string_append (text, cell);
        }
      g_print ("%s\n", g_strchomp (text->str));
    }
  /* Translators: the number of lines of the completion report. */
  g_print (ngettext ("%u line\n", "%u lines\n", n), n);
}

/**
 * cli_admin_fetch_report:
 * @path: the report's path and query, relative to the xAPI base
 * @format: table, csv or json
 * @response: (out caller-allocates): the server's response
 *
 * Asks the server for a report as the signed-in account.  CSV and JSON
 * are written out as they come; a refusal is explained.
 *
 * Returns: the exit status, or -1 when @response holds the JSON of a
 *   report to print as a table
 */
int
cli_admin_fetch_report (const char        *path,
                        const char        *format,
                        AwarenessResponse *response)
{
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = cli_open_client (NULL, &error);
  if (client == NULL
      || !awareness_client_request (client, "GET", path, NULL, response, NULL, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }
  if (response->status != 200)
    {
      if (response->status == 403)
        g_printerr ("%s: %s\n", g_get_prgname (), _("Only administrators can see reports"));
      else
        cli_print_refusal (response);
      return EXIT_FAILURE;
    }

  if (g_strcmp0 (format, "csv") == 0 || g_strcmp0 (format, "json") == 0)
    {
      fwrite (response->body, 1, response->length, stdout);
      if (g_strcmp0 (format, "json") == 0)
        g_print ("\n");
      return EXIT_SUCCESS;
    }
  return -1;
}

static int
admin_report (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GString) path = g_string_new ("../admin/reports/completion");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *department = NULL;
  g_autofree char *module = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  g_autofree char *fiscal_year = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *format = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *summary = NULL;
  gboolean bom = FALSE, japanese = FALSE, assignments = FALSE, overdue = FALSE;
  gboolean self_inspection = FALSE;   /* handled by cli_admin_inspection_report() */
  int status;
  const GOptionEntry entries[] = {
    { "self-inspection", 0, 0, G_OPTION_ARG_NONE, &self_inspection,
      N_("The self-inspection report (see --self-inspection --help)"), NULL },
    { "assignments", 0, 0, G_OPTION_ARG_NONE, &assignments,
      N_("Who must complete which module by when, and where they stand"), NULL },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue,
      N_("Only what is overdue, for reminders (with --assignments)"), NULL },
    { "summary", 0, 0, G_OPTION_ARG_STRING, &summary,
      N_("Sum per department or person (with --assignments)"), N_("BY") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("As of this day, YYYY-MM-DD (with --assignments)"), N_("DATE") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Only staff of this department"),
      N_("NAME") },
    { "module", 0, 0, G_OPTION_ARG_STRING, &module, N_("Only this module"), N_("ID") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      N_("Only results from this day (YYYY-MM-DD, Japan time) or time (ISO 8601) on"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until,
      N_("Only results up to this day (to its end) or time"), N_("DATE") },
    { "fiscal-year", 0, 0, G_OPTION_ARG_STRING, &fiscal_year,
      N_("Only results of this fiscal year, April to March: 2026 or 令和8"), N_("YEAR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (the default), csv or json"),
      N_("FORMAT") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("Begin the CSV with a byte order mark, for Excel"),
      NULL },
    { "japanese-headers", 0, 0, G_OPTION_ARG_NONE, &japanese,
      N_("Name the CSV columns in Japanese"), NULL },
    { NULL }
  };

  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--self-inspection") == 0)
      return cli_admin_inspection_report (argc, argv);

  g_option_context_set_summary (
    context, _("Show the completion of each staff member and module, from the server."));
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

  /* The server reads them the same way; checked here to say which option
   * is wrong before anything is sent. */
  if (!awareness_period_parse (since, until, fiscal_year, &start, &end, &error))
    return cli_usage_error (context, error->message);
  if (assignments && (since != NULL || until != NULL || fiscal_year != NULL))
    return cli_usage_error (
      context, _("--since, --until and --fiscal-year are for results, not with --assignments"));

  if (assignments)
    g_string_assign (path, "../admin/reports/assignments");
  else if (overdue || summary != NULL || as_of != NULL)
    return cli_usage_error (context, _("--overdue, --summary and --as-of go with --assignments"));
  if (summary != NULL && g_strcmp0 (format, "csv") == 0)
    return cli_usage_error (context, _("--summary is a table or JSON"));
  if (overdue)
    cli_append_param (path, "overdue", "true");
  cli_append_param (path, "summary", summary);
  cli_append_param (path, "as-of", as_of);
  cli_append_param (path, "department", department);
  cli_append_param (path, "module", module);
  cli_append_param (path, "since", since);
  cli_append_param (path, "until", until);
  cli_append_param (path, "fiscal-year", fiscal_year);
  cli_append_param (path, "format", g_strcmp0 (format, "csv") == 0 ? "csv" : "json");
  if (bom)
    cli_append_param (path, "bom", "true");
  if (japanese)
    cli_append_param (path, "headers", "ja");

  status = cli_admin_fetch_report (path->str, format, &response);
  if (status >= 0)
    return status;

  if (!awareness_json_parser_load (parser, response.body, (gssize) response.length, &error)
      || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("The server's report is not a JSON array"));
      return EXIT_FAILURE;
    }
  if (summary != NULL)
    print_summary (json_node_get_array (json_parser_get_root (parser)),
                   g_strcmp0 (summary, "person") == 0);
  else
    print_table (json_node_get_array (json_parser_get_root (parser)), assignments);
  return EXIT_SUCCESS;
}

/* Uploads a transfer file from an isolated machine; the server checks
 * that it is as written and stores each statement once. */
static int
admin_import (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(AwarenessTransfer) transfer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *contents = NULL;
  gsize length;
  JsonObject *result;

  g_option_context_set_summary (
    context, _("Upload a transfer file written by “awareness export” on a machine "
                "that cannot reach the server."));
  g_option_context_add_main_entries (context, (GOptionEntry[]) { { NULL } }, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Give one transfer file"));

  /* Checked here first, so that a wrong file is named before any upload. */
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    goto fail;
  transfer = awareness_transfer_read (contents, length, &error);
  if (transfer == NULL)
    goto fail;

  client = cli_open_client (NULL, &error);
  if (client == NULL
      || !awareness_client_request (client, "POST", "../transfers", contents, &response, NULL,
                                    &error))
    goto fail;
  if (response.status != 200)
    return cli_print_refusal (&response);
  if (!awareness_json_parser_load (parser, response.body, (gssize) response.length, &error))
    goto fail;
  if (json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("The server's answer is not a JSON object"));
      return EXIT_FAILURE;
    }
  result = json_node_get_object (json_parser_get_root (parser));
  /* Translators: the result of importing a transfer file. */
  g_print (_("%s: %u records stored, %u already on the server.\n"),
           json_object_get_string_member_with_default (result, "staff_id", "?"),
           (guint) json_object_get_int_member_with_default (result, "stored", 0),
           (guint) json_object_get_int_member_with_default (result, "already", 0));
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}

int
cmd_admin (int    argc,
           char **argv)
{
  int status = cmd_admin_manage (argc, argv);

  if (status >= 0)
    return status;
  if (argc >= 2 && g_strcmp0 (argv[1], "drill") == 0)
    return cmd_admin_drill (argc - 1, argv + 1);
  if (argc >= 2 && (g_strcmp0 (argv[1], "report") == 0 || g_strcmp0 (argv[1], "import") == 0))
    {
      g_autofree char *prgname = g_strdup_printf ("%s %s", g_get_prgname (), argv[1]);

      g_set_prgname (prgname);
      return g_strcmp0 (argv[1], "report") == 0 ? admin_report (argc - 1, argv + 1)
                                                : admin_import (argc - 1, argv + 1);
    }

  g_printerr (_("Usage: %s accounts|roster|assignments|audit|remind|report|import|content|"
                "drill [OPTION…]\n"), g_get_prgname ());
  g_printerr ("  accounts    %s\n",
              _("List, add, change, disable and enable accounts; reset a secret"));
  g_printerr ("  roster import  %s\n", _("Import a staff roster, previewed first"));
  g_printerr ("  assignments %s\n", _("List, set and clear the server's assignments"));
  g_printerr ("  audit       %s\n", _("Show the audit log"));
  g_printerr ("  remind      %s\n", _("E-mail staff what is overdue or due soon"));
  g_printerr ("  report      %s\n", _("Show the completion of each staff member and module"));
  g_printerr ("  import      %s\n",
              _("Upload a transfer file from a machine that cannot reach the server"));
  g_printerr ("  drill       %s\n", _("Run phishing drills: create, list, show, cancel, report"));
  g_printerr ("  content     %s\n",
              _("Preview, publish and list signed content packages for staff machines"));
  return argc >= 2 && (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
         ? EXIT_SUCCESS : CLI_EXIT_USAGE;
}
