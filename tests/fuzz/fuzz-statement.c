/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: any bytes given as a statement body, as the server
 * reads it (awareness_json_parse_bounded(), then the xAPI validator, for
 * one statement or a batch), must produce statements or a clean error,
 * never a crash, a leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>

#include "awareness.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_utf8_validate_len ((const char *) data, size, NULL))
    return 0;
  root = awareness_json_parse_bounded ((const char *) data, (gssize) size, NULL, &error);
  if (root == NULL)
    return 0;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *batch = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (batch); i++)
        {
          g_autoptr(GError) item_error = NULL;

          awareness_xapi_validate_statement (json_array_get_element (batch, i),
                                             AWARENESS_XAPI_VALIDATE_NONE, &item_error);
        }
    }
  else
    {
      awareness_xapi_validate_statement (root, AWARENESS_XAPI_VALIDATE_ALLOW_LRS_PROPERTIES,
                                         &error);
    }

  return 0;
}
