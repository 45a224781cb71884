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
  g_autofree char *subject = NULL;
  g_autofree char *pasted = NULL;
  g_autofree char *token = NULL;
  gboolean drill = FALSE;
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

  if (subject != NULL)
    {
      g_strstrip (subject);
      if (subject[0] == '\0')
        g_clear_pointer (&subject, g_free);
    }
  else
    {
      pasted = read_stdin ();
      awareness_drill_parse_report (pasted, &token, &subject);
    }
  if (token == NULL && subject == NULL)
    return cli_usage_error (context, _("Paste the message's headers or give its subject"));

  client = cli_open_client (NULL, &error);
  if (client == NULL || !awareness_drill_report (client, token, subject, &drill, &error))
    goto fail;

  if (drill)
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
