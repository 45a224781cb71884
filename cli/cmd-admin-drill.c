/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness admin drill: phishing drills (標的型攻撃メール訓練) on the
 * server: create, list, show, cancel, report, and the kill switch (stop,
 * resume).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"

/* Sends one request; prints the body (JSON or CSV) on success. */
static int
request (const char *method,
         const char *path,
         const char *body)
{
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AwarenessResponse) response = { 0 };

  client = cli_open_client (NULL, &error);
  if (client == NULL
      || !awareness_client_request (client, method, path, body, &response, NULL, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }
  if (response.status == 403)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("Only administrators can run drills"));
      return EXIT_FAILURE;
    }
  if (response.status < 200 || response.status >= 300)
    return cli_print_refusal (&response);
  fwrite (response.body, 1, response.length, stdout);
  if (response.length > 0 && response.body[response.length - 1] != '\n')
    g_print ("\n");
  return EXIT_SUCCESS;
}

static int
drill_create (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TEMPLATE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *department = NULL;
  g_autofree char *role = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *ends = NULL;
  g_auto(GStrv) exclude = NULL;
  int days = 14;
  const GOptionEntry entries[] = {
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Only staff of this department"),
      N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("Only staff of this role"), N_("ROLE") },
    { "segment", 0, 0, G_OPTION_ARG_STRING, &segment, N_("Only staff of this network segment"),
      N_("SEGMENT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("Send from this day (YYYY-MM-DD, Japan time) or time (ISO 8601)"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until,
      N_("Send until this day or time, at random times in between"), N_("DATE") },
    { "ends", 0, 0, G_OPTION_ARG_STRING, &ends,
      N_("Count clicks and reports until this day or time"), N_("DATE") },
    { "follow-up-days", 0, 0, G_OPTION_ARG_INT, &days,
      N_("A click assigns the follow-up module, due in this many days (14)"), N_("DAYS") },
    { "exclude", 0, 0, G_OPTION_ARG_STRING_ARRAY, &exclude,
      N_("Leave this staff member out (leave, long absence); repeat for several"), N_("ID") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Create a phishing drill from a drill template of "
                                           "the published content."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Name one drill template"));
  if (from == NULL || until == NULL || ends == NULL)
    return cli_usage_error (context, _("--from, --until and --ends are needed"));
  if ((department != NULL) + (role != NULL) + (segment != NULL) > 1)
    return cli_usage_error (context, _("Choose one of --department, --role and --segment"));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "template");
  json_builder_add_string_value (builder, argv[1]);
  json_builder_set_member_name (builder, "audience");
  json_builder_add_string_value (builder, department != NULL ? "department"
                                          : role != NULL     ? "role"
                                          : segment != NULL  ? "segment"
                                                             : "everyone");
  json_builder_set_member_name (builder, "audience_value");
  json_builder_add_string_value (builder, department != NULL ? department
                                          : role != NULL     ? role
                                          : segment != NULL  ? segment
                                                             : "");
  json_builder_set_member_name (builder, "send_from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "send_until");
  json_builder_add_string_value (builder, until);
  json_builder_set_member_name (builder, "ends");
  json_builder_add_string_value (builder, ends);
  json_builder_set_member_name (builder, "follow_up_days");
  json_builder_add_int_value (builder, days);
  json_builder_set_member_name (builder, "exclude");
  json_builder_begin_array (builder);
  for (guint i = 0; exclude != NULL && exclude[i] != NULL; i++)
    json_builder_add_string_value (builder, exclude[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  return request ("POST", "../admin/drills", body);
}

static int
drill_report (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DRILL"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *escaped = NULL;
  gboolean bom = FALSE, japanese = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("json (the default) or csv"),
      N_("FORMAT") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("Begin the CSV with a byte order mark, for Excel"),
      NULL },
    { "japanese-headers", 0, 0, G_OPTION_ARG_NONE, &japanese,
      N_("Name the CSV columns in Japanese"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Show a drill's results per department: sent, "
                                           "clicked, reported, reported before clicking, time "
                                           "to the first report."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Name one drill"));
  if (format != NULL && g_strcmp0 (format, "json") != 0 && g_strcmp0 (format, "csv") != 0)
    return cli_usage_error (context, _("--format: json or csv"));

  escaped = g_uri_escape_string (argv[1], NULL, FALSE);
  path = g_string_new (NULL);
  g_string_printf (path, "../admin/drills/%s/report", escaped);
  cli_append_param (path, "format", format);
  if (bom)
    cli_append_param (path, "bom", "true");
  if (japanese)
    cli_append_param (path, "headers", "ja");
  return request ("GET", path->str, NULL);
}

/* list, show, cancel, stop and resume: no option, at most one argument. */
static int
drill_simple (const char  *verb,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (
      g_strcmp0 (verb, "show") == 0 || g_strcmp0 (verb, "cancel") == 0 ? _("DRILL") : NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  gboolean one = g_strcmp0 (verb, "show") == 0 || g_strcmp0 (verb, "cancel") == 0;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (one && argc != 2)
    return cli_usage_error (context, _("Name one drill"));
  if (!one && argc != 1)
    return cli_usage_error (context, _("Too many arguments"));

  if (g_strcmp0 (verb, "list") == 0)
    return request ("GET", "../admin/drills", NULL);
  if (g_strcmp0 (verb, "stop") == 0)
    return request ("PUT", "../admin/drills/stop", NULL);
  if (g_strcmp0 (verb, "resume") == 0)
    return request ("DELETE", "../admin/drills/stop", NULL);
  if (g_strcmp0 (verb, "send") == 0)
    return request ("POST", "../admin/drills/send", NULL);
  escaped = g_uri_escape_string (argv[1], NULL, FALSE);
  path = g_strdup_printf ("../admin/drills/%s", escaped);
  return request (g_strcmp0 (verb, "show") == 0 ? "GET" : "DELETE", path, NULL);
}

int
cmd_admin_drill (int    argc,
                 char **argv)
{
  static const char * const simple[] = {
    "list", "show", "cancel", "stop", "resume", "send", NULL,
  };
  g_autofree char *prgname = NULL;

  if (argc >= 2 && (g_strcmp0 (argv[1], "create") == 0 || g_strcmp0 (argv[1], "report") == 0 ||
                    g_strv_contains (simple, argv[1])))
    {
      prgname = g_strdup_printf ("%s drill %s", g_get_prgname (), argv[1]);
      g_set_prgname (prgname);
      if (g_strcmp0 (argv[1], "create") == 0)
        return drill_create (argc - 1, argv + 1);
      if (g_strcmp0 (argv[1], "report") == 0)
        return drill_report (argc - 1, argv + 1);
      return drill_simple (argv[1], argc - 1, argv + 1);
    }

  g_printerr (_("Usage: %s drill create|list|show|cancel|report|stop|resume|send [OPTION…]\n"),
              g_get_prgname ());
  g_printerr ("  create  %s\n", _("Create a drill from a template, for an audience and a window"));
  g_printerr ("  list    %s\n", _("List the drills"));
  g_printerr ("  show    %s\n", _("Show a drill and its recipients"));
  g_printerr ("  cancel  %s\n", _("Cancel a drill: nothing more is sent"));
  g_printerr ("  report  %s\n", _("Show a drill's results per department"));
  g_printerr ("  stop    %s\n", _("Stop all drill sending at once (the kill switch)"));
  g_printerr ("  resume  %s\n", _("Let drill sending resume"));
  g_printerr ("  send    %s\n", _("Send the drill messages that are due now"));
  return argc >= 2 && (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
         ? EXIT_SUCCESS : CLI_EXIT_USAGE;
}
