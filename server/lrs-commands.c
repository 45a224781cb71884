/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The subcommands of awareness-server: `init` (the database and its first
 * administrator) and `add-account`.  They print to an administrator at
 * the command line, in their language.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "lrs-accounts.h"
#include "lrs-commands.h"
#include "lrs-security-log.h"

/* Creates an account and prints its key and secret, once. */
int
lrs_command_add_account (LrsConfig  *config,
                         const char *staff_id,
                         const char *name,
                         const char *department,
                         LrsRole     role)
{
  g_autoptr(LrsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  LrsAccount account = { 0 };

  store = lrs_store_open (config->database, &error);
  if (store == NULL)
    goto fail;

  account.staff_id = (char *) staff_id;
  account.display_name = (char *) name;
  account.department = (char *) department;
  account.role = role;
  if (!lrs_account_create (store, config->server_key, &account, &key, &secret, &error))
    goto fail;
  /* By whoever runs the server's command on its host. */
  lrs_security_log (store, "account-created", "awareness-server", staff_id, "role %s",
                    lrs_role_to_string (role));

  g_print ("staff id: %s\nkey:      %s\nsecret:   %s\n", staff_id, key, secret);
  g_print ("%s\n", _("The secret is shown this once and stored only as a hash: keep it now."));
  sodium_memzero (secret, strlen (secret));
  return EXIT_SUCCESS;

fail:
  g_printerr ("awareness-server: %s\n", error->message);
  return EXIT_FAILURE;
}

/* Creates the database and its first administrator; refuses an existing
 * database. */
int
lrs_command_init (LrsConfig *config)
{
  if (lrs_store_exists (config->database))
    {
      g_autofree char *shown = lrs_store_display_name (config->database);

      g_printerr (_("awareness-server: %s exists already; init creates a new database only\n"),
                  shown);
      return EXIT_FAILURE;
    }
  return lrs_command_add_account (config, "admin", "Administrator", "", LRS_ROLE_ADMIN);
}

/* Copies a SQLite store into PostgreSQL; no configuration needed. */
int
lrs_command_migrate (const char *from,
                     const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *rows = NULL;
  guint64 copied;

  if (from == NULL || to == NULL)
    {
      g_printerr ("awareness-server: %s\n",
                  _("migrate needs --from sqlite:FILE and --to postgresql://…"));
      return 2;
    }
  if (!lrs_store_migrate (from, to, &copied, &error))
    {
      g_printerr ("awareness-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  shown = lrs_store_display_name (to);
  rows = g_strdup_printf ("%" G_GUINT64_FORMAT, copied);
  /* TRANSLATORS: the number of rows, then the database. */
  g_print (_("Copied %s rows into %s.\n"), rows, shown);
  return EXIT_SUCCESS;
}
