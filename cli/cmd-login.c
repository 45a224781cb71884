/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness login / logout: connect this machine to the city's server.
 * The credential is checked against the server before it is saved; the
 * secret is read from the terminal without echo, or from standard input
 * for scripts, never from the command line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli-common.h"

/* One line of standard input, without echo when it is a terminal. */
static char *
read_secret (void)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char buffer[1024];
  char *line;

  if (tty)
    {
      g_printerr ("%s", _("Secret: "));
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  if (line == NULL)
    return NULL;
  if (strchr (buffer, '\n') == NULL && !feof (stdin))
    {
      /* Longer than any secret: refused rather than cut. */
      explicit_bzero (buffer, sizeof buffer);
      return g_strdup ("");
    }
  line = g_strdup (g_strchomp (buffer));
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

int
cmd_login (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AwarenessConfig) config = NULL;
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *home_page = NULL;
  g_autofree char *secret = NULL;
  gint64 adopted = 0;
  gboolean allow_http = FALSE;
  gboolean provisioned;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
      N_("The server's xAPI address, such as https://lrs.city.example/xapi/"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Your account key"), N_("KEY") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the certificate authorities in FILE (a city's own CA)"), N_("FILE") },
    { "pinned-public-key", 0, 0, G_OPTION_ARG_STRING, &pin,
      N_("Accept only the server key with this pin (sha256//…)"), N_("PIN") },
    { "staff-id", 0, 0, G_OPTION_ARG_STRING, &staff_id,
      N_("Your name in statements, for a server that does not say it"), N_("ID") },
    { "home-page", 0, 0, G_OPTION_ARG_STRING, &home_page,
      N_("Your account's home page, for a server that does not say it"), N_("IRI") },
    { "allow-http-loopback", 0, 0, G_OPTION_ARG_NONE, &allow_http,
      N_("Allow http:// to this computer (development only)"), NULL },
    { NULL }
  };

  g_option_context_set_summary (
    context, _("Sign in to the city's server. The secret is read from the terminal "
                "without echo, or from standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));
  config = awareness_config_load (NULL, &error);
  if (config == NULL)
    goto fail;
  /* What IT provisioned for the machine need not be typed: its server,
   * with its certificate file. */
  provisioned = server == NULL;
  if (server == NULL)
    server = g_strdup (config->server_url);
  if (user == NULL)
    user = g_strdup (config->account_key);
  if (server == NULL || user == NULL)
    return cli_usage_error (context,
                            _("Give the server with --server and your account key with --user"));
  if (ca_file != NULL && !g_path_is_absolute (ca_file))
    {
      g_autofree char *cwd = g_get_current_dir ();
      g_autofree char *absolute = g_build_filename (cwd, ca_file, NULL);

      g_free (ca_file);
      ca_file = g_steal_pointer (&absolute);
    }
  g_free (config->server_url);
  config->server_url = g_steal_pointer (&server);
  g_free (config->account_key);
  config->account_key = g_steal_pointer (&user);
  if (ca_file != NULL || !provisioned)
    {
      g_free (config->ca_file);
      config->ca_file = g_steal_pointer (&ca_file);
    }
  g_free (config->pinned_key);
  config->pinned_key = g_steal_pointer (&pin);
  g_free (config->staff_id);
  config->staff_id = g_steal_pointer (&staff_id);
  g_free (config->home_page);
  config->home_page = g_steal_pointer (&home_page);
  config->allow_http_loopback = allow_http;
  if (config->pinned_key != NULL && !g_str_has_prefix (config->pinned_key, "sha256//"))
    return cli_usage_error (
      context, _("--pinned-public-key: expected sha256// followed by the key's digest in base64"));

  secret = read_secret ();
  if (secret == NULL || secret[0] == '\0')
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("No secret was given"));
      return EXIT_FAILURE;
    }

  if (!awareness_sign_in (config, secret, NULL, &adopted, NULL, &error))
    goto fail;
  explicit_bzero (secret, strlen (secret));

  /* Translators: “Signed in to https://… as 1001.” */
  g_print (_("Signed in to %s as %s.\n"), config->server_url, config->staff_id);
  if (adopted > 0)
    /* Translators: records made before signing in now belong to the account. */
    g_print (ngettext ("%u record made on this machine will be sent as %s.\n",
                       "%u records made on this machine will be sent as %s.\n", (gulong) adopted),
             (guint) adopted, config->staff_id);
  return EXIT_SUCCESS;

fail:
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}

int
cmd_logout (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AwarenessConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (
    context, _("Forget the account's secret on this machine. Records that are not "
                "yet sent stay, and are sent after the next sign-in."));
  g_option_context_add_main_entries (context, (GOptionEntry[]) { { NULL } }, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));

  config = awareness_config_load (NULL, &error);
  if (config == NULL || !awareness_config_clear_secret (config, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }
  g_print ("%s\n", _("Signed out."));
  return EXIT_SUCCESS;
}
