/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The configuration of the connection to the city's server, shared by the
 * command line and the desktop app, and the keeping of the account's
 * secret: in the desktop keyring (libsecret) when the session has one,
 * otherwise in a file only the user can read.  The secret never goes in
 * the configuration file, a log, a message or a process argument.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "awareness-private.h"
#include "awareness-environment.h"
#include "awareness-config.h"

#define GROUP "server"

/**
 * awareness_config_error_quark:
 *
 * The error domain of #AwarenessConfigError.
 *
 * Returns: the #GQuark of %AWARENESS_CONFIG_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-config-error-quark, awareness_config_error)

static const SecretSchema secret_schema = {
  "org.awareness.Account", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

/**
 * awareness_config_free:
 * @self: (nullable) (transfer full): a configuration
 *
 * Frees the configuration.
 *
 * Since: 0.2
 */
void
awareness_config_free (AwarenessConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_free (self->server_url);
  g_free (self->account_key);
  g_free (self->staff_id);
  g_free (self->home_page);
  g_free (self->ca_file);
  g_free (self->pinned_key);
  g_strfreev (self->trusted_keys);
  g_free (self->department);
  g_free (self->role);
  g_free (self->segment);
  g_free (self->start_date);
  g_free (self);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * awareness_config_check_url:
 * @url: a server URL
 * @allow_http_loopback: whether `http://` to loopback is allowed
 * @error: return location for an error
 *
 * Checks that @url can be used as the server: `https://`, or `http://` to
 * a loopback address when explicitly allowed for development; without
 * credentials in it.
 *
 * Returns: whether it can
 *
 * Since: 0.2
 */
gboolean
awareness_config_check_url (const char *url,
                            gboolean    allow_http_loopback,
                            GError    **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
                   _("“%s” is not a server address (such as https://lrs.city.example/xapi/)"), url);
      return FALSE;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
                           _("The server address must not hold a user name or secret"));
      return FALSE;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    {
      if (allow_http_loopback && is_loopback_host (g_uri_get_host (uri)))
        return TRUE;
      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
                   is_loopback_host (g_uri_get_host (uri))
                   ? _("“%s” is not encrypted: use https://, or allow http:// to this "
                       "computer for development")
                   : _("“%s” is not encrypted: records and credentials go to the server "
                       "over https:// only"),
                   url);
      return FALSE;
    }
  g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
               _("“%s”: the server address must begin with https://"), url);
  return FALSE;
}

/* The user's value of @key, else the one IT provisioned for the machine
 * in @system (when there is one). */
static char *
get_string (GKeyFile   *file,
            GKeyFile   *system,
            const char *key)
{
  g_autofree char *value = g_key_file_get_string (file, GROUP, key, NULL);

  if (value == NULL && system != NULL)
    value = g_key_file_get_string (system, GROUP, key, NULL);
  if (value == NULL || value[0] == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

/* The machine's configuration, provisioned by IT for every user:
 * `$sysconfdir/awareness/awareness.conf`, or `$AWARENESS_SYSTEM_CONFIG`.
 * %NULL without one; an unreadable one is an error. */
static GKeyFile *
load_system (GError **error)
{
  const char *env = g_getenv ("AWARENESS_SYSTEM_CONFIG");
  const char *path = env != NULL ? env : SYSTEM_CONFIG;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (path[0] == '\0')
    return NULL;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
                   _("Configuration “%s”: %s"), path, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&file);
}

/**
 * awareness_config_load:
 * @path: (nullable) (type filename): the file, or %NULL for the default
 * @error: return location for an error
 *
 * Reads the configuration: the user's file over the machine's, which IT
 * provisions for every user (`$sysconfdir/awareness/awareness.conf`,
 * or `$AWARENESS_SYSTEM_CONFIG`; its `[server]` and `[content]` keys).  A
 * file that does not exist is an empty configuration (not signed in), not
 * an error.
 *
 * Returns: (transfer full) (nullable) (skip): the configuration, or %NULL with @error set
 *
 * Since: 0.2
 */
AwarenessConfig *
awareness_config_load (const char *path,
                       GError    **error)
{
  g_autoptr(AwarenessConfig) self = g_new0 (AwarenessConfig, 1);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GKeyFile) system = load_system (&local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  self->path = path != NULL ? g_strdup (path) : awareness_dup_default_config_path ();
  if (!g_key_file_load_from_file (file, self->path, G_KEY_FILE_NONE, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
                   _("Configuration “%s”: %s"), self->path, local_error->message);
      return NULL;
    }
  g_clear_error (&local_error);

  self->server_url = get_string (file, system, "url");
  self->account_key = get_string (file, system, "key");
  self->staff_id = get_string (file, system, "staff-id");
  self->home_page = get_string (file, system, "home-page");
  self->ca_file = get_string (file, system, "ca-file");
  self->pinned_key = get_string (file, system, "pinned-public-key");
  self->allow_http_loopback = g_key_file_get_boolean (file, GROUP, "allow-http-loopback", NULL);
  self->trusted_keys = g_key_file_get_string_list (file, "content", "trusted-keys", NULL, NULL);
  if (self->trusted_keys == NULL && system != NULL)
    self->trusted_keys = g_key_file_get_string_list (system, "content", "trusted-keys", NULL, NULL);
  self->department = g_key_file_get_string (file, "account", "department", NULL);
  self->role = g_key_file_get_string (file, "account", "role", NULL);
  self->segment = g_key_file_get_string (file, "account", "segment", NULL);
  self->start_date = g_key_file_get_string (file, "account", "start-date", NULL);
  self->offline_chosen = g_key_file_get_boolean (file, "app", "offline-chosen", NULL);

  if (self->server_url != NULL &&
      !awareness_config_check_url (self->server_url, self->allow_http_loopback, &local_error))
    {
      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
                   _("Configuration “%s”: url: %s"), self->path, local_error->message);
      return NULL;
    }
  if (self->pinned_key != NULL && !g_str_has_prefix (self->pinned_key, "sha256//"))
    {
      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
                   _("Configuration “%s”: pinned-public-key: expected sha256// followed by the "
                     "key's digest in base64"), self->path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* What the machine's configuration already says is left to it, so that
 * IT can change it for everyone later. */
static void
set_string (GKeyFile   *file,
            GKeyFile   *system,
            const char *key,
            const char *value)
{
  g_autofree char *provided = system != NULL ? g_key_file_get_string (system, GROUP, key, NULL)
                                              : NULL;

  if (value != NULL && g_strcmp0 (value, provided) != 0)
    g_key_file_set_string (file, GROUP, key, value);
}

/**
 * awareness_config_save:
 * @self: a configuration
 * @error: return location for an error
 *
 * Writes the configuration to its file, readable by the user only, at
 * once (a reader never sees half a file).
 *
 * Returns: whether it was written
 *
 * Since: 0.2
 */
gboolean
awareness_config_save (const AwarenessConfig *self,
                       GError               **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  g_autoptr(GKeyFile) system = load_system (NULL);
  gsize length;

  set_string (file, system, "url", self->server_url);
  set_string (file, system, "key", self->account_key);
  set_string (file, system, "staff-id", self->staff_id);
  set_string (file, system, "home-page", self->home_page);
  set_string (file, system, "ca-file", self->ca_file);
  set_string (file, system, "pinned-public-key", self->pinned_key);
  if (self->allow_http_loopback)
    g_key_file_set_boolean (file, GROUP, "allow-http-loopback", TRUE);
  if (self->department != NULL)
    g_key_file_set_string (file, "account", "department", self->department);
  if (self->role != NULL)
    g_key_file_set_string (file, "account", "role", self->role);
  if (self->segment != NULL)
    g_key_file_set_string (file, "account", "segment", self->segment);
  if (self->start_date != NULL)
    g_key_file_set_string (file, "account", "start-date", self->start_date);
  if (self->offline_chosen)
    g_key_file_set_boolean (file, "app", "offline-chosen", TRUE);
  if (self->trusted_keys != NULL)
    g_key_file_set_string_list (file, "content", "trusted-keys",
                                (const char * const *) self->trusted_keys,
                                g_strv_length (self->trusted_keys));
  data = g_key_file_to_data (file, &length, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (self->path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Next to the configuration, named after it: two configurations in one
 * folder (an administrator's and a learner's) keep two secrets. */
static char *
secret_file_path (const AwarenessConfig *self)
{
  return g_strconcat (self->path, ".secret", NULL);
}

/* The desktop keyring, only where a session bus says there may be one:
 * without it, libsecret would try to start a bus and fail slowly. */
static gboolean
keyring_available (void)
{
  if (_awareness_env_secrets_in_file ())
    return FALSE;
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
}

static gboolean
check_signed_in (const AwarenessConfig *self,
                 GError               **error)
{
  if (self->server_url == NULL || self->account_key == NULL)
    {
      g_set_error_literal (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_NOT_SIGNED_IN,
                           _("Not signed in to a server: run “awareness login” first"));
      return FALSE;
    }
  return TRUE;
}

/**
 * awareness_config_store_secret:
 * @self: a configuration with a server and an account key
 * @secret: the account's secret
 * @error: return location for an error
 *
 * Keeps @secret in the desktop keyring, or, without one, in a file next
 * to the configuration that only the user can read.
 *
 * Returns: whether it was kept
 *
 * Since: 0.2
 */
gboolean
awareness_config_store_secret (const AwarenessConfig *self,
                               const char            *secret,
                               GError               **error)
{
  g_autofree char *file = secret_file_path (self);
  g_autofree char *dir = g_path_get_dirname (file);
  g_autoptr(GError) keyring_error = NULL;

  if (!check_signed_in (self, error))
    return FALSE;

  if (keyring_available () &&
      secret_password_store_sync (&secret_schema, SECRET_COLLECTION_DEFAULT,
                                  _("Awareness server account"), secret, NULL, &keyring_error,
                                  "server", self->server_url, "key", self->account_key, NULL))
    {
      /* No copy left behind in a file. */
      g_unlink (file);
      return TRUE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_SECRET,
                   _("Cannot create “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents_full (file, secret, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
    {
      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_SECRET,
                   _("The secret could not be saved in “%s”"), file);
      return FALSE;
    }
  return TRUE;
}

/**
 * awareness_config_lookup_secret:
 * @self: a configuration
 * @error: return location for an error
 *
 * Returns: (transfer full): the secret; free it with
 *   g_free() after clearing it
 *
 * Since: 0.2
 */
char *
awareness_config_lookup_secret (const AwarenessConfig *self,
                                GError               **error)
{
  g_autofree char *file = secret_file_path (self);
  g_autofree char *contents = NULL;
  char buffer[1024];
  struct stat st;
  gssize n;
  int fd;

  if (!check_signed_in (self, error))
    return NULL;

  if (keyring_available ())
    {
      char *secret = secret_password_lookup_sync (&secret_schema, NULL, NULL, "server",
                                                  self->server_url, "key", self->account_key, NULL);

      if (secret != NULL)
        {
          char *copy = g_strdup (secret);

          secret_password_free (secret);
          return copy;
        }
    }

  /* One descriptor for the check and the read: the file checked is the
   * file read. */
  fd = g_open (file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      if (fd >= 0)
        close (fd);
      g_set_error_literal (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_NOT_SIGNED_IN,
                           _("No secret is saved for this account: run “awareness login” again"));
      return NULL;
    }
  /* A secret others could read, or someone else's, is no longer a secret:
   * refuse to use it. */
  if ((st.st_mode & 0077) != 0 || st.st_uid != getuid ())
    {
      close (fd);
      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_SECRET,
                   _("“%s” can be read by other users: run “chmod 600” on it, or sign in again"),
                   file);
      return NULL;
    }
  n = read (fd, buffer, sizeof buffer - 1);
  close (fd);
  if (n <= 0)
    {
      g_set_error_literal (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_NOT_SIGNED_IN,
                           _("No secret is saved for this account: run “awareness login” again"));
      return NULL;
    }
  buffer[n] = '\0';
  contents = g_strdup (g_strchomp (buffer));
  explicit_bzero (buffer, sizeof buffer);
  return g_steal_pointer (&contents);
}

/**
 * awareness_config_clear_secret:
 * @self: a configuration
 * @error: return location for an error
 *
 * Forgets the secret, wherever it was kept.
 *
 * Returns: whether nothing of it is left
 *
 * Since: 0.2
 */
gboolean
awareness_config_clear_secret (const AwarenessConfig *self,
                               GError               **error)
{
  g_autofree char *file = secret_file_path (self);

  if (keyring_available () && self->server_url != NULL && self->account_key != NULL)
    secret_password_clear_sync (&secret_schema, NULL, NULL,
                                "server", self->server_url, "key", self->account_key, NULL);
  if (g_unlink (file) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_SECRET,
                   _("Cannot remove “%s”: %s"), file, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
