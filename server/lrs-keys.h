/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The server key: a random key in a file of its own (0600, beside the
 * configuration, never in the database) that wraps each account's
 * transfer-file key before it is stored (see lrs-keys.c).
 */
#pragma once

#include <sodium.h>

#include "lrs-store.h"

G_BEGIN_DECLS

#define LRS_SERVER_KEY_BYTES crypto_secretbox_KEYBYTES

gboolean  lrs_server_key_load        (const char   *path,
                                      guchar        key[LRS_SERVER_KEY_BYTES],
                                      GError      **error);
char     *lrs_transfer_key_wrap      (const guchar *server_key,
                                      const char   *transfer_key);
char     *lrs_transfer_key_unwrap    (const guchar *server_key,
                                      const char   *stored);
gboolean  lrs_transfer_keys_migrate  (LrsStore     *store,
                                      const guchar *server_key,
                                      GError      **error);

G_END_DECLS
