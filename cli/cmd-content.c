/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness content: signed content packages.  Authors make a key and
 * sign packages of validated content; machines install only packages
 * signed by a key of their configuration ([content] trusted-keys).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static int
fail (GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}

static int
content_keygen (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *secret_key = NULL;
  g_autofree char *text = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the secret key to FILE (readable by you only)"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (
    context, _("Make an Ed25519 key pair to sign content packages. The public key is "
                "printed: add it to the trusted-keys of the machines that install them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (output == NULL || argc > 1)
    return cli_usage_error (context, _("Give the file for the secret key with -o"));
  if (g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("%s: “%s” exists: a key is never overwritten\n"), g_get_prgname (), output);
      return EXIT_FAILURE;
    }
  if (!awareness_package_keygen (&public_key, &secret_key))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("No key could be made"));
      return EXIT_FAILURE;
    }
  text = g_strconcat (secret_key, "\n", NULL);
  explicit_bzero (secret_key, strlen (secret_key));
  if (!g_file_set_contents_full (output, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      explicit_bzero (text, strlen (text));
      return fail (error);
    }
  explicit_bzero (text, strlen (text));
  g_print ("%s\n", public_key);
  return EXIT_SUCCESS;
}

static int
content_pack (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DIR"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GBytes) package = NULL;
  g_autofree char *output = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *secret_key = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the package to FILE"),
      N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, N_("Sign with the secret key in FILE"),
      N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (
    context, _("Validate a content tree (catalog, policy, modules), then pack and sign it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2 || output == NULL || key_file == NULL)
    return cli_usage_error (context, _("Give the content directory, -o FILE and --key FILE"));

  if (!g_file_get_contents (key_file, &secret_key, NULL, &error))
    return fail (error);
  package = awareness_package_build (argv[1], secret_key, &problems, &error);
  explicit_bzero (secret_key, strlen (secret_key));
  if (package == NULL)
    {
      cli_print_problems (problems, TRUE);
      return fail (error);
    }
  if (!g_file_set_contents (output, g_bytes_get_data (package, NULL),
                            (gssize) g_bytes_get_size (package), &error))
    return fail (error);
  /* Translators: “Signed content-2026.pkg (12 files, 84,213 bytes).” */
  g_print (_("Signed %s (%zu bytes).\n"), output, g_bytes_get_size (package));
  return EXIT_SUCCESS;
}

/* The package in @path, if it is signed by a key this machine trusts. */
static AwarenessPackage *
open_trusted (const char *path,
              GError    **error)
{
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, error);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  if (config == NULL)
    return NULL;
  /* Read once into private memory, then verified and unpacked from
   * there: a mapping of a file others can write (a shared folder, a USB
   * stick) could change between the check and the install. */
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return awareness_package_open (bytes, (const char * const *) config->trusted_keys, error);
}

static int
content_verify_or_install (int      argc,
                           char   **argv,
                           gboolean install)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessPackage) package = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *installed = NULL;
  gboolean allow_older = FALSE;
  const GOptionEntry entries[] = {
    { "allow-older", 0, 0, G_OPTION_ARG_NONE, &allow_older,
      N_(
        "Put back content signed before the content installed now (recovery on this machine only)"),
      NULL },
    { NULL }
  };

  g_option_context_set_summary (
    context, install
               ? _("Install a content package signed by a trusted key: verified, validated, then "
                    "made current at once. The previous content stays if anything fails.")
               : _("Check that a content package is signed by a trusted key and intact."));
  g_option_context_add_main_entries (context, install ? entries : (GOptionEntry[]){ { NULL } },
                                     GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Give one package file"));

  package = open_trusted (argv[1], &error);
  if (package == NULL)
    return fail (error);
  if (!install)
    {
      /* Translators: “content.pkg: 12 files, signed by awareness-ed25519:…”. */
      g_print (_("%s: %u files, signed by %s\n"), argv[1], awareness_package_get_n_files (package),
               awareness_package_get_key (package));
      return EXIT_SUCCESS;
    }
  {
    /* For the tests only: a command run between the check and the
     * install, as a writer of a shared folder could act. */
    const char *hook = g_getenv ("AWARENESS_TEST_AFTER_VERIFY");

    if (hook != NULL)
      g_spawn_command_line_sync (hook, NULL, NULL, NULL, NULL);
  }
  awareness_package_set_allow_older (package, allow_older);
  installed = awareness_package_install (package, NULL, &problems, &error);
  if (installed == NULL)
    {
      cli_print_problems (problems, TRUE);
      return fail (error);
    }
  g_print (_("Installed %s in %s.\n"), argv[1], installed);
  return EXIT_SUCCESS;
}

int
cmd_content (int    argc,
             char **argv)
{
  static const struct {
    const char *name;
    const char *summary;
  } subcommands[] = {
    { "keygen", N_("Make a key pair to sign content packages") },
    { "pack", N_("Validate, pack and sign a content tree") },
    { "verify", N_("Check a package's signature and integrity") },
    { "install", N_("Install a signed package as the current content") },
  };

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (subcommands); i++)
    if (g_strcmp0 (argv[1], subcommands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("%s %s", g_get_prgname (), argv[1]);

        g_set_prgname (prgname);
        switch (i)
          {
          case 0: return content_keygen (argc - 1, argv + 1);
          case 1: return content_pack (argc - 1, argv + 1);
          case 2: return content_verify_or_install (argc - 1, argv + 1, FALSE);
          default: return content_verify_or_install (argc - 1, argv + 1, TRUE);
          }
      }

  g_printerr (_("Usage: %s keygen|pack|verify|install [OPTION…]\n"), g_get_prgname ());
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      g_autoptr(GString) line = g_string_new ("  ");

      cli_pad (line, subcommands[i].name, 10);
      g_string_append (line, _(subcommands[i].summary));
      g_printerr ("%s\n", line->str);
    }
  return argc >= 2 && (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
         ? EXIT_SUCCESS : CLI_EXIT_USAGE;
}
