/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading the configuration of awareness-server: a key file whose
 * relative paths are relative to it.  Its messages go to administrators
 * at the command line, so they are translated.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "awareness.h"
#include "lrs-config.h"
#include "lrs-store.h"

void
lrs_config_clear (LrsConfig *config)
{
  g_free (config->listen);
  g_free (config->drill_from);
  g_free (config->drill_outbox);
  g_free (config->certificate);
  g_free (config->key);
  g_free (config->database);
  g_free (config->state_dir);
  g_free (config->server_key_file);
  sodium_memzero (config->server_key, sizeof config->server_key);
  g_free (config->home_page);
  g_strfreev (config->trusted_keys);
  lrs_mail_config_clear (&config->mail);
}

static char *
config_path (GKeyFile   *file,
             const char *config_file,
             const char *key)
{
  g_autofree char *value = g_key_file_get_string (file, "server", key, NULL);
  g_autofree char *dir = NULL;

  if (value == NULL || value[0] == '\0')
    return NULL;
  /* A PostgreSQL database is named by a URI, not a path. */
  if (g_path_is_absolute (value) || lrs_store_is_uri (value))
    return g_steal_pointer (&value);

  /* Relative paths are relative to the configuration file. */
  dir = g_path_get_dirname (config_file);
  return g_build_filename (dir, value, NULL);
}

gboolean
lrs_config_load (LrsConfig   *config,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  config->listen = g_key_file_get_string (file, "server", "listen", NULL);
  if (config->listen == NULL)
    config->listen = g_strdup ("127.0.0.1");
  config->port = (guint) g_key_file_get_integer (file, "server", "port", &local_error);
  if (local_error != NULL)
    {
      config->port = 8443;
      g_clear_error (&local_error);
    }
  config->certificate = config_path (file, path, "certificate");
  config->key = config_path (file, path, "key");
  config->database = config_path (file, path, "database");
  /* Where the instance keeps the content it unpacks: next to a SQLite
   * database, or for PostgreSQL in [server] state-directory (by default
   * next to the configuration). */
  config->state_dir = config_path (file, path, "state-directory");
  if (config->state_dir == NULL && config->database != NULL)
    config->state_dir = g_path_get_dirname (lrs_store_is_uri (config->database) ? path
                                                                                : config->database);
  config->server_key_file = config_path (file, path, "server-key");
  if (config->server_key_file == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      /* Beside the configuration, away from the database's backups. */
      config->server_key_file = g_build_filename (dir, "server.key", NULL);
    }
  config->home_page = g_key_file_get_string (file, "server", "account-home-page", NULL);
  config->drill_from = g_key_file_get_string (file, "drills", "from", NULL);
  {
    g_autofree char *outbox = g_key_file_get_string (file, "drills", "outbox", NULL);
    g_autofree char *dir = g_path_get_dirname (path);

    if (outbox != NULL && outbox[0] != '\0')
      config->drill_outbox = g_path_is_absolute (outbox) ? g_steal_pointer (&outbox)
                                                         : g_build_filename (dir, outbox, NULL);
  }
  config->development = g_key_file_get_boolean (file, "server", "development", NULL);
  config->max_body = (gsize) g_key_file_get_uint64 (file, "limits", "max-body-bytes", &local_error);
  if (local_error != NULL || config->max_body == 0)
    config->max_body = 4 * 1024 * 1024;
  g_clear_error (&local_error);
  config->max_batch = (guint) g_key_file_get_integer (file, "limits", "max-batch", &local_error);
  if (local_error != NULL || config->max_batch == 0)
    config->max_batch = 1000;
  g_clear_error (&local_error);
  config->max_limit = 500;
  config->trusted_keys = g_key_file_get_string_list (file, "content", "trusted-keys", NULL, NULL);
  config->client_timeout = (guint) g_key_file_get_integer (file, "limits", "client-timeout-seconds",
                                                           &local_error);
  if (local_error != NULL || config->client_timeout == 0)
    config->client_timeout = 30;
  g_clear_error (&local_error);
  {
    static const struct {
      const char *name;
      gsize       offset;
      guint       fallback;
    } limits[] = {
      { "auth-workers", G_STRUCT_OFFSET (LrsConfig, auth_workers), 2 },
      { "auth-failures-per-key", G_STRUCT_OFFSET (LrsConfig, auth_failures_per_key), 5 },
      { "auth-failures-per-address", G_STRUCT_OFFSET (LrsConfig, auth_failures_per_address), 50 },
      { "auth-lockout-seconds", G_STRUCT_OFFSET (LrsConfig, auth_lockout), 300 },
      { "max-import-rows", G_STRUCT_OFFSET (LrsConfig, max_import_rows), 500 },
      { "max-attachments", G_STRUCT_OFFSET (LrsConfig, max_attachments), 10 },
      { "header-timeout-seconds", G_STRUCT_OFFSET (LrsConfig, header_timeout), 20 },
      { "request-timeout-seconds", G_STRUCT_OFFSET (LrsConfig, request_timeout), 300 },
      { "max-connections-per-address", G_STRUCT_OFFSET (LrsConfig, max_connections_per_address),
        64 },
      /* [drills]: one round a minute keeps to the relay's per-minute rate; a
       * follow-up within two weeks; a fiscal year's drills kept for the
       * next year's comparison, then removed. */
      { "drills:send-interval-seconds", G_STRUCT_OFFSET (LrsConfig, drill_interval), 60 },
      { "drills:follow-up-days", G_STRUCT_OFFSET (LrsConfig, drill_follow_up_days), 14 },
      { "drills:keep-days", G_STRUCT_OFFSET (LrsConfig, drill_keep_days), 400 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
      {
        const char *colon = strchr (limits[i].name, ':');
        g_autofree char *group = colon != NULL ? g_strndup (limits[i].name,
                                                            (gsize) (colon - limits[i].name))
                                               : g_strdup ("limits");
        int value = g_key_file_get_integer (file, group,
                                            colon != NULL ? colon + 1 : limits[i].name,
                                            &local_error);

        G_STRUCT_MEMBER (guint, config, limits[i].offset) = local_error != NULL || value <= 0
                                                            ? limits[i].fallback : (guint) value;
        g_clear_error (&local_error);
      }
  }
  config->attachment_quota = g_key_file_get_uint64 (file, "limits", "attachment-quota-bytes",
                                                    &local_error);
  if (local_error != NULL || config->attachment_quota == 0)
    config->attachment_quota = 100 * 1024 * 1024;
  g_clear_error (&local_error);
  config->max_response = g_key_file_get_uint64 (file, "limits", "max-response-bytes", &local_error);
  if (local_error != NULL || config->max_response == 0)
    config->max_response = 32 * 1024 * 1024;
  g_clear_error (&local_error);
  config->session_seconds = (guint) g_key_file_get_integer (file, "dashboard", "session-seconds",
                                                            &local_error);
  if (local_error != NULL || config->session_seconds == 0)
    config->session_seconds = 8 * 60 * 60;
  g_clear_error (&local_error);

  if (config->database == NULL || config->home_page == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                   _("%s: [server] needs “database” and “account-home-page”"), path);
      return FALSE;
    }
  if (!awareness_xapi_validate_iri (config->home_page))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: account-home-page “%s” is not an IRL"), path, config->home_page);
      return FALSE;
    }

  return lrs_mail_config_load (&config->mail, file, path, error);
}
