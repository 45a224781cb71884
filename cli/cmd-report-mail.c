/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness report-mail: report a suspicious e-mail.  Paste its headers
 * (or its whole source), or its subject alone, on standard input or with
 * --subject.  A drill message is recorded as reported on the server; for
 * any other message the command says to report it as the City's
 * procedures say: Awareness is not the City's reporting route.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"

/* At most this much is read of what is pasted. */
#define MAX_PASTED (256 * 1024)

static char *
read_stdin (void)
{
  GString *data = g_string_new (NULL);
  char buffer[4096];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0 && data->len + n <= MAX_PASTED)
    g_string_append_len (data, buffer, (gssize) n);
  return g_string_free (data, FALSE);
}

int
cmd_report_mail (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *subject = NULL;
  g_autofree char *pasted = NULL;
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  const GOptionEntry entries[] = {
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject,
      N_("The message's subject, when its headers are not at hand"), N_("TEXT") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Report a suspicious e-mail: paste its headers (in your mail "
                                  "program, “show source” or “headers”) on standard input, or "
                                  "give its subject with --subject."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));

  if (subject == NULL)
    {
      pasted = read_stdin ();
      token = awareness_drill_find_token (pasted);
      if (token == NULL)
        {
          g_auto(GStrv) lines = g_strsplit (pasted, "\n", -1);

          /* A subject alone, or a Subject: header without a token. */
          for (guint i = 0; lines[i] != NULL && subject == NULL; i++)
            if (g_ascii_strncasecmp (g_strstrip (lines[i]), "subject:", 8) == 0)
              subject = g_strstrip (g_strdup (lines[i] + 8));
          if (subject == NULL)
            subject = g_strstrip (g_strdup (pasted));
        }
    }
  if (token == NULL && (subject == NULL || subject[0] == '\0'))
    return cli_usage_error (context, _("Paste the message's headers or give its subject"));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, token != NULL ? "token" : "subject");
  json_builder_add_string_value (builder, token != NULL ? token : subject);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  client = cli_open_client (NULL, &error);
  if (client == NULL
      || !awareness_client_request (client, "POST", "../drill-reports", body, &response, NULL,
                                    &error))
    goto fail;
  if (response.status != 200)
    return cli_print_refusal (&response);
  if (!awareness_json_parser_load (parser, response.body, (gssize) response.length, &error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto fail;

  if (json_object_get_boolean_member_with_default (
          json_node_get_object (json_parser_get_root (parser)), "drill", FALSE))
    g_print ("%s\n", _("Well spotted: this message was a drill, and your report is recorded. "
                       "When a real one comes, report it as the City's procedures say."));
  else
    g_print ("%s\n", _("This message is not one of Awareness's drills. If it is suspicious, do "
                       "not open its links or attachments, and report it as the City's "
                       "procedures say."));
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}
