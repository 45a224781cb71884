/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: any bytes given as a transfer file, as the server
 * reads it (awareness_transfer_read(), then the check of its MAC with a
 * fixed key), must give the file or a clean error, never a crash, a leak
 * or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>

#include "awareness.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(AwarenessTransfer) transfer = NULL;
  g_autoptr(GError) error = NULL;

  transfer = awareness_transfer_read ((const char *) data, size, &error);
  if (transfer == NULL)
    return 0;
  g_assert (transfer->statements != NULL);
  awareness_transfer_verify (transfer,
                             "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                             NULL);
  return 0;
}
