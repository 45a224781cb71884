/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: any bytes given as the body of a multipart/mixed
 * statements request (with a fixed boundary), as the server reads it
 * (lrs_attachments_parse_multipart_bytes(): the parts, their hashes, the
 * statements of the first part), must give statements and parts or a
 * clean error, never a crash, a leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>

#include "lrs-attachments.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (headers, "Content-Type",
                                "multipart/mixed; boundary=abcABC0123456789");
  root = lrs_attachments_parse_multipart_bytes (headers, body, &parts, &error);
  g_assert ((root != NULL) == (error == NULL));
  return 0;
}
