/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness-server's main: the options, the locale, and the choice
 * between serving (lrs-server.c) and a subcommand (lrs-commands.c).
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "lrs-commands.h"
#include "lrs-config.h"
#include "lrs-http.h"
#include "lrs-keys.h"
#include "lrs-server.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[init | add-account]");
  g_autoptr(GError) error = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *department = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean admin = FALSE;
  LrsConfig config = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file, N_("Configuration file"), N_("FILE") },
    { "staff-id", 0, 0, G_OPTION_ARG_STRING, &staff_id,
      N_("Staff id of the new account (add-account)"), N_("ID") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Display name of the new account (add-account)"),
      N_("NAME") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department,
      N_("Department of the new account (add-account)"), N_("NAME") },
    { "admin", 0, 0, G_OPTION_ARG_NONE, &admin,
      N_("Make the new account an administrator (add-account)"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The SQLite store to copy (migrate)"),
      N_("sqlite:FILE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The PostgreSQL database to copy into (migrate)"),
      N_("URI") },
    { NULL }
  };

  /* Whatever the server creates (the database, its WAL, the content it
   * unpacks, the server key) is its own user's alone. */
  umask (077);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("AWARENESS_LOCALEDIR") != NULL
                                     ? g_getenv ("AWARENESS_LOCALEDIR")
                                     : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  lrs_init_languages ();
  g_set_prgname ("awareness-server");

  g_option_context_set_summary (
    context,
    _(
      "The Awareness xAPI 1.0.3 Learning Record Store.\n\n"
      "  awareness-server -c FILE               serve\n"
      "  awareness-server -c FILE init          create the database and the first administrator\n"
      "  awareness-server -c FILE add-account --staff-id ID [--name N] [--department D] [--admin]\n"
      "  awareness-server migrate --from sqlite:FILE --to postgresql://…"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (g_option_context_parse (context, &argc, &argv, &error) && argc == 2
      && g_strcmp0 (argv[1], "migrate") == 0)
    return lrs_command_migrate (from, to);
  if (error != NULL || config_file == NULL || argc > 2)
    {
      g_printerr ("awareness-server: %s\n", error != NULL
                                              ? error->message
                                              : _("give --config FILE and at most one command"));
      return 2;
    }

  if (sodium_init () < 0)
    {
      g_printerr ("awareness-server: %s\n", _("libsodium cannot be initialised"));
      return EXIT_FAILURE;
    }

  if (!lrs_config_load (&config, config_file, &error))
    {
      g_printerr ("awareness-server: %s\n", error->message);
      lrs_config_clear (&config);
      return EXIT_FAILURE;
    }

  if (!lrs_server_key_load (config.server_key_file, config.server_key, &error))
    {
      g_printerr ("awareness-server: %s\n", error->message);
      lrs_config_clear (&config);
      return EXIT_FAILURE;
    }

  if (argc == 2 && g_strcmp0 (argv[1], "init") == 0)
    status = lrs_command_init (&config);
  else if (argc == 2 && g_strcmp0 (argv[1], "add-account") == 0)
    {
      if (staff_id == NULL)
        {
          g_printerr ("awareness-server: %s\n", _("add-account needs --staff-id"));
          status = 2;
        }
      else
        status = lrs_command_add_account (&config, staff_id, name, department,
                                          admin ? LRS_ROLE_ADMIN : LRS_ROLE_LEARNER);
    }
  else if (argc == 2)
    {
      g_printerr (_("awareness-server: unknown command “%s”\n"), argv[1]);
      status = 2;
    }
  else
    status = lrs_server_run (&config);

  lrs_config_clear (&config);
  return status;
}
