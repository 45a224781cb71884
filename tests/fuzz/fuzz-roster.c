/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: any bytes given as a roster (CSV) to import, as the
 * server reads it (lrs_roster_parse()), must give rows and rejections or
 * a clean error, never a crash, a leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>

#include "lrs-roster.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GError) error = NULL;

  if (lrs_roster_parse ((const char *) data, size, &rows, &rejections, &error))
    g_assert (rows != NULL && rejections != NULL);
  else
    g_assert (error != NULL);
  return 0;
}
