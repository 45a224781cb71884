/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every environment variable Awareness reads and every default path, in
 * one place:
 *
 *   AWARENESS_STORE             the records (SQLite)
 *   AWARENESS_USER              the learner
 *   AWARENESS_ACCOUNT_HOMEPAGE  the home page of the learner's account
 *   AWARENESS_CONFIG            the configuration file
 *   AWARENESS_SECRET_STORE      `file`: keep the secret in a file, not the keyring
 *   AWARENESS_CONTENT_DIR       the content tree
 *   AWARENESS_CONTENT_ROOT      where signed content packages are installed
 *   AWARENESS_ASSIGNMENTS       the assignments the server sets
 *   AWARENESS_TODAY             today (YYYY-MM-DD), for tests of deadlines
 *   AWARENESS_LOCALEDIR         the message catalogs, for uninstalled runs
 *   AWARENESS_SYNC_BASE_DELAY_MS, AWARENESS_SYNC_MAX_TRIES, AWARENESS_SYNC_TIMEOUT
 *                               the retries of the sync, for tests
 *
 * The server's own settings are in its configuration file.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "awareness-private.h"

/* A variable's value, unless unset or empty. */
static const char *
getenv_nonempty (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* Whether `$AWARENESS_SECRET_STORE` keeps the secret in a file. */
gboolean
_awareness_env_secrets_in_file (void)
{
  return g_strcmp0 (g_getenv ("AWARENESS_SECRET_STORE"), "file") == 0;
}

/* Whether `$AWARENESS_USER` names the learner. */
gboolean
_awareness_env_names_user (void)
{
  return g_getenv ("AWARENESS_USER") != NULL;
}

/**
 * awareness_get_locale_dir:
 *
 * Returns: (transfer none) (type filename): where the message catalogs are:
 *   `$AWARENESS_LOCALEDIR` if set, else the installed ones
 *
 * Since: 0.2
 */
const char *
awareness_get_locale_dir (void)
{
  const char *env = getenv_nonempty ("AWARENESS_LOCALEDIR");

  return env != NULL ? env : LOCALEDIR;
}

/**
 * awareness_sync_options_apply_environment:
 * @options: options to change
 *
 * Applies the test and development settings of the retries:
 * `$AWARENESS_SYNC_BASE_DELAY_MS`, `$AWARENESS_SYNC_MAX_TRIES` and
 * `$AWARENESS_SYNC_TIMEOUT` (seconds).
 *
 * Since: 0.2
 */
void
awareness_sync_options_apply_environment (AwarenessSyncOptions *options)
{
  const char *base = g_getenv ("AWARENESS_SYNC_BASE_DELAY_MS");
  const char *tries = g_getenv ("AWARENESS_SYNC_MAX_TRIES");
  const char *timeout = g_getenv ("AWARENESS_SYNC_TIMEOUT");

  if (base != NULL)
    options->base_delay_ms = (guint) g_ascii_strtoull (base, NULL, 10);
  if (tries != NULL && g_ascii_strtoull (tries, NULL, 10) > 0)
    options->max_tries = (guint) g_ascii_strtoull (tries, NULL, 10);
  if (timeout != NULL && g_ascii_strtoull (timeout, NULL, 10) > 0)
    options->timeout_s = (guint) g_ascii_strtoull (timeout, NULL, 10);
}

/**
 * awareness_get_today:
 * @today: (out caller-allocates): today in the learner's time zone
 *
 * `$AWARENESS_TODAY` (YYYY-MM-DD) stands in for today in tests of deadlines.
 *
 * Since: 0.2
 */
void
awareness_get_today (GDate *today)
{
  const char *forced = g_getenv ("AWARENESS_TODAY");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (!awareness_date_parse (forced, today))
    g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                    (GDateMonth) g_date_time_get_month (now),
                    (GDateYear) g_date_time_get_year (now));
}

/**
 * awareness_dup_default_store_path:
 *
 * Returns: (transfer full) (type filename): `$AWARENESS_STORE` if set, else
 *   `records.db` in the user's data directory, whose folder is created
 *
 * Since: 0.2
 */
char *
awareness_dup_default_store_path (void)
{
  const char *env = g_getenv ("AWARENESS_STORE");
  g_autofree char *dir = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  dir = g_build_filename (g_get_user_data_dir (), "awareness", NULL);
  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, "records.db", NULL);
}

/**
 * awareness_dup_default_user:
 *
 * Returns: (transfer full): the learner on this machine: `$AWARENESS_USER`
 *   if set, else the staff id of the account signed in to a server, else
 *   the login name
 *
 * Since: 0.2
 */
char *
awareness_dup_default_user (void)
{
  const char *env = g_getenv ("AWARENESS_USER");
  g_autoptr(AwarenessConfig) config = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  config = awareness_config_load (NULL, NULL);
  if (config != NULL && config->staff_id != NULL)
    return g_strdup (config->staff_id);
  return g_strdup (g_get_user_name ());
}

/**
 * awareness_dup_default_account_home_page:
 *
 * The home page of the learner's account in xAPI statements, until the
 * learner signs in to a server.
 *
 * Returns: (transfer full): `$AWARENESS_ACCOUNT_HOMEPAGE` if set, else the
 *   home page of the account signed in to a server, else a placeholder IRL
 *
 * Since: 0.2
 */
char *
awareness_dup_default_account_home_page (void)
{
  const char *env = g_getenv ("AWARENESS_ACCOUNT_HOMEPAGE");
  g_autoptr(AwarenessConfig) config = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  config = awareness_config_load (NULL, NULL);
  if (config != NULL && config->home_page != NULL)
    return g_strdup (config->home_page);

  return g_strdup ("https://awareness.example/accounts");
}

/**
 * awareness_dup_default_config_path:
 *
 * Returns: (transfer full) (type filename): `$AWARENESS_CONFIG` if set,
 *   else `awareness.conf` in the user's configuration directory
 *
 * Since: 0.2
 */
char *
awareness_dup_default_config_path (void)
{
  const char *env = g_getenv ("AWARENESS_CONFIG");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_config_dir (), "awareness", "awareness.conf", NULL);
}

/**
 * awareness_dup_default_content_dir:
 *
 * Returns: (transfer full) (type filename): the content directory to use:
 *   `$AWARENESS_CONTENT_DIR` if set, else the installed content
 *
 * Since: 0.2
 */
char *
awareness_dup_default_content_dir (void)
{
  const char *env = g_getenv ("AWARENESS_CONTENT_DIR");
  g_autofree char *root = NULL;
  g_autofree char *current = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  /* Content installed from a signed package comes before what came with
   * the program. */
  root = awareness_dup_content_install_root ();
  current = g_build_filename (root, "current", NULL);
  if (g_file_test (current, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&current);
  return g_strdup (CONTENT_DIR);
}

/**
 * awareness_dup_content_install_root:
 *
 * Returns: (transfer full) (type filename): where content packages are
 *   installed: `$AWARENESS_CONTENT_ROOT`, or `content` in the user's data
 *   directory
 *
 * Since: 0.2
 */
char *
awareness_dup_content_install_root (void)
{
  const char *env = g_getenv ("AWARENESS_CONTENT_ROOT");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "awareness", "content", NULL);
}

/**
 * awareness_dup_assignments_path:
 *
 * Returns: (transfer full) (type filename): where the machine keeps the
 *   assignments the server sets: `$AWARENESS_ASSIGNMENTS`, or
 *   `assignments.json` in the user's data directory
 *
 * Since: 0.2
 */
char *
awareness_dup_assignments_path (void)
{
  const char *env = g_getenv ("AWARENESS_ASSIGNMENTS");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "awareness", "assignments.json", NULL);
}
