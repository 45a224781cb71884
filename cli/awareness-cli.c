/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"

typedef struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "list", cmd_list, N_("List the training modules") },
  { "take", cmd_take, N_("Take a module: read its lessons, then answer its quiz") },
  { "inspect", cmd_inspect, N_("Answer a self-inspection checklist of the policy") },
  { "status", cmd_status, N_("Show where you stand in each module") },
  { "history", cmd_history, N_("List your past attempts") },
  { "review", cmd_review, N_("Show an attempt as it was seen, with the answers") },
  { "show", cmd_show, N_("Show a module's lessons") },
  { "validate", cmd_validate, N_("Check content files and report every problem") },
  { "lint", cmd_lint, N_("Check the questions against the item-writing rules") },
  { "coverage", cmd_coverage, N_("Show which lessons and questions cover each policy clause") },
  { "login", cmd_login, N_("Sign in to the city's server") },
  { "logout", cmd_logout, N_("Forget the account's secret on this machine") },
  { "sync", cmd_sync, N_("Send your records to the city's server") },
  { "report-mail", cmd_report_mail, N_("Report a suspicious e-mail (paste its headers)") },
  { "export", cmd_export,
    N_("Write your records into a file, for a machine that cannot reach the server") },
  { "content", cmd_content, N_("Signed content packages: make a key, pack, verify, install") },
  { "admin", cmd_admin, N_("Reports and transfer files, with the server") },
};

static void
print_usage (void)
{
  g_print (_("Usage: %s COMMAND [OPTION…]\n\n"), g_get_prgname ());
  g_print ("%s\n", _("Security awareness training on the city's information security policy."));
  g_print ("\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GString) line = g_string_new ("  ");

      cli_pad (line, commands[i].name, 12);
      g_string_append (line, _(commands[i].summary));
      g_print ("%s\n", line->str);
    }
  g_print ("\n%s\n", _("Run “awareness COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, awareness_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("awareness");

  if (argc < 2)
    {
      print_usage ();
      return CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage ();
      return EXIT_SUCCESS;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("awareness %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("awareness %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  g_printerr (_("%s: unknown command “%s”\n\n"), g_get_prgname (), argv[1]);
  print_usage ();
  return CLI_EXIT_USAGE;
}
