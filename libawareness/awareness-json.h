/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <json-glib/json-glib.h>
#include "awareness-version-macros.h"

G_BEGIN_DECLS

#define AWARENESS_JSON_ERROR (awareness_json_error_quark ())

/**
 * AwarenessJsonError:
 * @AWARENESS_JSON_ERROR_INVALID: the text is not JSON
 * @AWARENESS_JSON_ERROR_TOO_LARGE: the text, or one of its strings, is over
 *   the size limit
 * @AWARENESS_JSON_ERROR_TOO_DEEP: arrays and objects are nested deeper than
 *   the limit
 * @AWARENESS_JSON_ERROR_TOO_MANY: more values than the limit
 *
 * Errors from [func@json_parse_bounded].
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_JSON_ERROR_INVALID,
  AWARENESS_JSON_ERROR_TOO_LARGE,
  AWARENESS_JSON_ERROR_TOO_DEEP,
  AWARENESS_JSON_ERROR_TOO_MANY,
} AwarenessJsonError;

/**
 * AwarenessJsonLimits:
 * @max_bytes: the longest text
 * @max_depth: the deepest nesting of arrays and objects
 * @max_values: the most values (members and elements, at every level)
 * @max_string: the longest string, in bytes as written
 *
 * What [func@json_parse_bounded] accepts; zero in a field takes the
 * default of [func@json_default_limits].
 *
 * Since: 0.2
 */
typedef struct {
  gsize max_bytes;
  guint max_depth;
  gsize max_values;
  gsize max_string;
} AwarenessJsonLimits;

AWARENESS_AVAILABLE_IN_ALL
GQuark                     awareness_json_error_quark    (void);
AWARENESS_AVAILABLE_IN_ALL
const AwarenessJsonLimits *awareness_json_default_limits (void);
AWARENESS_AVAILABLE_IN_ALL
gboolean                   awareness_json_check_bounds   (const char                 *data,
                                                          gssize                      length,
                                                          const AwarenessJsonLimits  *limits,
                                                          GError                    **error);
AWARENESS_AVAILABLE_IN_ALL
JsonNode                  *awareness_json_parse_bounded  (const char                 *data,
                                                          gssize                      length,
                                                          const AwarenessJsonLimits  *limits,
                                                          GError                    **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean                   awareness_json_parser_load    (JsonParser                 *parser,
                                                          const char                 *data,
                                                          gssize                      length,
                                                          GError                    **error);

G_END_DECLS
