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

/* Who the credential belongs to, as statements will name the learner:
 * from our server's account resource, or, on another LRS, as given and
 * checked by reading that agent's statements. */
static gboolean
verify (AwarenessClient *client,
        AwarenessConfig *config,
        GError         **error)
{
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!awareness_client_request (client, "GET", "../account", NULL, &response, NULL, error))
    return FALSE;

  if (response.status == 200 && json_parser_load_from_data (parser, response.body, (gssize) response.length, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      JsonNode *agent = json_object_get_member (object, "agent");
      JsonNode *account = agent != NULL && JSON_NODE_HOLDS_OBJECT (agent)
                          ? json_object_get_member (json_node_get_object (agent), "account") : NULL;
      JsonNode *name = account != NULL && JSON_NODE_HOLDS_OBJECT (account)
                       ? json_object_get_member (json_node_get_object (account), "name") : NULL;
      JsonNode *home_page = account != NULL && JSON_NODE_HOLDS_OBJECT (account)
                            ? json_object_get_member (json_node_get_object (account), "homePage") : NULL;

      if (name != NULL && json_node_get_value_type (name) == G_TYPE_STRING && json_node_get_string (name)[0] != '\0' &&
          home_page != NULL && json_node_get_value_type (home_page) == G_TYPE_STRING &&
          awareness_xapi_validate_iri (json_node_get_string (home_page)))
        {
          g_free (config->staff_id);
          g_free (config->home_page);
          config->staff_id = g_strdup (json_node_get_string (name));
          config->home_page = g_strdup (json_node_get_string (home_page));
          /* For the modules required of the account. */
          g_free (config->department);
          g_free (config->role);
          g_free (config->segment);
          config->department = json_object_get_member (object, "department") != NULL &&
                               json_node_get_value_type (json_object_get_member (object, "department")) == G_TYPE_STRING
                               ? g_strdup (json_object_get_string_member (object, "department")) : NULL;
          config->role = json_object_get_member (object, "role") != NULL &&
                         json_node_get_value_type (json_object_get_member (object, "role")) == G_TYPE_STRING
                         ? g_strdup (json_object_get_string_member (object, "role")) : NULL;
          config->segment = json_object_get_member (object, "segment") != NULL &&
                            json_node_get_value_type (json_object_get_member (object, "segment")) == G_TYPE_STRING
                            ? g_strdup (json_object_get_string_member (object, "segment")) : NULL;
          g_free (config->start_date);
          config->start_date = json_object_get_member (object, "start_date") != NULL &&
                               json_node_get_value_type (json_object_get_member (object, "start_date")) == G_TYPE_STRING
                               ? g_strdup (json_object_get_string_member (object, "start_date")) : NULL;
          return TRUE;
        }
    }
  if (response.status == 401)
    {
      g_set_error_literal (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                           _("The server refused the account key or the secret"));
      return FALSE;
    }

  /* Another LRS: the learner's identity must be given, and the
   * credential must be allowed to read that learner's statements. */
  if (config->staff_id == NULL || config->home_page == NULL)
    {
      g_set_error_literal (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                           _("This server does not say whose account this is: give --staff-id and --home-page"));
      return FALSE;
    }
  {
    g_autoptr(JsonNode) agent = awareness_xapi_build_account_agent (config->home_page, config->staff_id);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *agent_json = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *path = NULL;
    g_auto(AwarenessResponse) check = { 0 };

    json_generator_set_root (generator, agent);
    agent_json = json_generator_to_data (generator, NULL);
    escaped = g_uri_escape_string (agent_json, NULL, FALSE);
    path = g_strconcat ("statements?limit=1&agent=", escaped, NULL);
    if (!awareness_client_request (client, "GET", path, NULL, &check, NULL, error))
      return FALSE;
    if (check.status == 200)
      return TRUE;
    if (check.status == 401)
      g_set_error_literal (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                           _("The server refused the account key or the secret"));
    else
      {
        g_autofree char *message = awareness_response_message (&check);

        g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                     _("The server did not accept this account (HTTP %u): %s"), check.status, message);
      }
    return FALSE;
  }
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
  g_autofree char *old_user = NULL;
  g_autofree char *old_home_page = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  gint64 adopted;
  gboolean first_sign_in;
  gboolean allow_http = FALSE;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The server's xAPI address, such as https://lrs.city.example/xapi/"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Your account key"), N_("KEY") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("Trust the certificate authorities in FILE (a city's own CA)"), N_("FILE") },
    { "pinned-public-key", 0, 0, G_OPTION_ARG_STRING, &pin, N_("Accept only the server key with this pin (sha256//…)"), N_("PIN") },
    { "staff-id", 0, 0, G_OPTION_ARG_STRING, &staff_id, N_("Your name in statements, for a server that does not say it"), N_("ID") },
    { "home-page", 0, 0, G_OPTION_ARG_STRING, &home_page, N_("Your account's home page, for a server that does not say it"), N_("IRI") },
    { "allow-http-loopback", 0, 0, G_OPTION_ARG_NONE, &allow_http, N_("Allow http:// to this computer (development only)"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Sign in to the city's server. The secret is read from the terminal "
                                           "without echo, or from standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));
  if (server == NULL || user == NULL)
    return cli_usage_error (context, _("Give the server with --server and your account key with --user"));

  config = awareness_config_load (NULL, &error);
  if (config == NULL)
    goto fail;
  /* Records are adopted at the first sign-in only: after that they are
   * someone's, and another account signing in does not take them. */
  first_sign_in = config->staff_id == NULL;
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
  g_free (config->ca_file);
  config->ca_file = g_steal_pointer (&ca_file);
  g_free (config->pinned_key);
  config->pinned_key = g_steal_pointer (&pin);
  g_free (config->staff_id);
  config->staff_id = g_steal_pointer (&staff_id);
  g_free (config->home_page);
  config->home_page = g_steal_pointer (&home_page);
  config->allow_http_loopback = allow_http;
  if (config->pinned_key != NULL && !g_str_has_prefix (config->pinned_key, "sha256//"))
    return cli_usage_error (context, _("--pinned-public-key: expected sha256// followed by the key's digest in base64"));

  secret = read_secret ();
  if (secret == NULL || secret[0] == '\0')
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("No secret was given"));
      return EXIT_FAILURE;
    }

  /* Who the records on this machine were made as until now. */
  old_user = awareness_dup_default_user ();
  old_home_page = awareness_dup_default_account_home_page ();

  client = awareness_client_new (config, secret, &error);
  if (client == NULL || !verify (client, config, &error))
    goto fail;
  /* The secret first: a configuration never names an account whose
   * secret was not kept. */
  if (!awareness_config_store_secret (config, secret, &error) || !awareness_config_save (config, &error))
    goto fail;
  explicit_bzero (secret, strlen (secret));

  /* Translators: “Signed in to https://… as 1001.” */
  g_print (_("Signed in to %s as %s.\n"), config->server_url, config->staff_id);

  /* Training done on this machine before signing in is the account's. */
  if (first_sign_in && g_getenv ("AWARENESS_USER") == NULL)
    {
      store = cli_open_store (NULL, &error);
      if (store == NULL)
        goto fail;
      adopted = awareness_store_adopt (store, old_user, old_home_page, config->staff_id, config->home_page, &error);
      if (adopted < 0)
        goto fail;
      if (adopted > 0)
        /* Translators: records made before signing in now belong to the account. */
        g_print (ngettext ("%u record made on this machine will be sent as %s.\n",
                           "%u records made on this machine will be sent as %s.\n", (gulong) adopted),
                 (guint) adopted, config->staff_id);
    }
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

  g_option_context_set_summary (context, _("Forget the account's secret on this machine. Records that are not "
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
