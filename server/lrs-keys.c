/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The server key and the transfer keys it wraps.
 *
 * A transfer file is authenticated with a key derived from its account's
 * secret (awareness_transfer_derive_key()); the server keeps that key to
 * verify the files.  Kept in plain in the database, a copy of the
 * database or of a backup would let anyone forge transfer files for any
 * account.  So the server keeps it wrapped (XSalsa20-Poly1305, libsodium's
 * secretbox) by a server key held in a file of its own, created 0600 and
 * never in the database: "wrapped1:" and the base64 of the nonce and the
 * box.  Keys stored in plain by earlier versions are wrapped at start.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lrs-keys.h"

#define WRAPPED_PREFIX "wrapped1:"

/* Reads the server key from @path, or creates it there (0600) with a new
 * random key if the file does not exist yet. */
gboolean
lrs_server_key_load (const char  *path,
                     guchar       key[LRS_SERVER_KEY_BYTES],
                     GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      g_autofree char *hex = NULL;
      char buffer[LRS_SERVER_KEY_BYTES * 2 + 2];

      randombytes_buf (key, LRS_SERVER_KEY_BYTES);
      sodium_bin2hex (buffer, sizeof buffer - 1, key, LRS_SERVER_KEY_BYTES);
      strcat (buffer, "\n");
      if (write (fd, buffer, strlen (buffer)) != (ssize_t) strlen (buffer) || fsync (fd) != 0)
        {
          int saved = errno;

          close (fd);
          g_unlink (path);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("%s: the server key cannot be written: %s"), path, g_strerror (saved));
          return FALSE;
        }
      sodium_memzero (buffer, sizeof buffer);
      close (fd);
      return TRUE;
    }
  if (errno != EEXIST)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("%s: the server key cannot be created: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  g_strstrip (contents);
  if (sodium_hex2bin (key, LRS_SERVER_KEY_BYTES, contents, strlen (contents), NULL, &length, NULL)
        != 0
      || length != LRS_SERVER_KEY_BYTES)
    {
      sodium_memzero (contents, strlen (contents));
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s: not a server key (64 hexadecimal digits)"), path);
      return FALSE;
    }
  sodium_memzero (contents, strlen (contents));
  /* Only the server's own user may read it. */
  g_chmod (path, 0600);
  return TRUE;
}

/* @transfer_key wrapped by @server_key, as it is stored. */
char *
lrs_transfer_key_wrap (const guchar *server_key,
                       const char   *transfer_key)
{
  gsize length = strlen (transfer_key);
  g_autofree guchar *sealed = g_malloc (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES
                                        + length);
  g_autofree char *encoded = NULL;

  randombytes_buf (sealed, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (sealed + crypto_secretbox_NONCEBYTES, (const guchar *) transfer_key,
                         length, sealed, server_key);
  encoded = g_base64_encode (sealed,
                             crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + length);
  return g_strconcat (WRAPPED_PREFIX, encoded, NULL);
}

/* The transfer key of @stored (wrapped, or plain as earlier versions
 * stored it), or NULL if it cannot be unwrapped with @server_key. */
char *
lrs_transfer_key_unwrap (const guchar *server_key,
                         const char   *stored)
{
  g_autofree guchar *sealed = NULL;
  char *plain;
  gsize length;

  if (stored == NULL)
    return NULL;
  if (!g_str_has_prefix (stored, WRAPPED_PREFIX))
    return g_strdup (stored);
  sealed = g_base64_decode (stored + strlen (WRAPPED_PREFIX), &length);
  if (length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return NULL;
  length -= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  plain = g_malloc0 (length + 1);
  if (crypto_secretbox_open_easy ((guchar *) plain, sealed + crypto_secretbox_NONCEBYTES,
                                  length + crypto_secretbox_MACBYTES, sealed, server_key) != 0)
    {
      g_free (plain);
      return NULL;
    }
  return plain;
}

/* Wraps the transfer keys still stored in plain. */
gboolean
lrs_transfer_keys_migrate (LrsStore      *store,
                           const guchar  *server_key,
                           GError       **error)
{
  g_autoptr(GPtrArray) accounts = lrs_store_list_accounts (store, error);

  if (accounts == NULL)
    return FALSE;
  for (guint i = 0; i < accounts->len; i++)
    {
      LrsAccount *listed = g_ptr_array_index (accounts, i);
      g_autoptr(LrsAccount) account = lrs_store_lookup_account (store, listed->key, NULL, NULL);
      g_autofree char *wrapped = NULL;
      g_autofree char *key = NULL;

      /* The list leaves the transfer keys out. */
      if (account == NULL || account->transfer_key == NULL ||
          g_str_has_prefix (account->transfer_key, WRAPPED_PREFIX))
        continue;
      wrapped = lrs_transfer_key_wrap (server_key, account->transfer_key);
      if (!lrs_store_update_account (store, account->staff_id, -1, NULL, wrapped, &key, error))
        return FALSE;
    }
  return TRUE;
}
