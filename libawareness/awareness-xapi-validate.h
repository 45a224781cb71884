/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-version-macros.h"
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AWARENESS_XAPI_ERROR (awareness_xapi_error_quark ())

/**
 * AwarenessXapiError:
 * @AWARENESS_XAPI_ERROR_INVALID: the statement breaks a requirement of
 *   the xAPI 1.0.3 Data part; the message names the JSON path of the
 *   offending value and why it is wrong
 * @AWARENESS_XAPI_ERROR_VERSION: the statement's `version` is not a 1.0.x
 *   version
 *
 * Errors from [func@xapi_validate_statement].
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_XAPI_ERROR_INVALID,
  AWARENESS_XAPI_ERROR_VERSION,
} AwarenessXapiError;

/**
 * AwarenessXapiValidateFlags:
 * @AWARENESS_XAPI_VALIDATE_NONE: validate a statement as sent by a client
 * @AWARENESS_XAPI_VALIDATE_ALLOW_LRS_PROPERTIES: validate a statement as
 *   read back from a Learning Record Store, with `stored` and `authority`
 *
 * How [func@xapi_validate_statement] treats the properties that a
 * Learning Record Store sets.
 *
 * xAPI 1.0.3 lets a client send both `stored` and `authority` (Data
 * 2.4.8 and 2.4.9: the store validates, then overwrites or keeps them), so
 * both are accepted, and checked, with either flag; the flag says which
 * case the caller is in.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_XAPI_VALIDATE_NONE                 = 0,
  AWARENESS_XAPI_VALIDATE_ALLOW_LRS_PROPERTIES = 1 << 0,
} AwarenessXapiValidateFlags;

AWARENESS_AVAILABLE_IN_ALL
GQuark   awareness_xapi_error_quark            (void);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_xapi_validate_statement     (JsonNode                   *statement,
                                                AwarenessXapiValidateFlags  flags,
                                                GError                    **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_xapi_validate_agent         (JsonNode                   *agent,
                                                GError                    **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_xapi_validate_language_tag  (const char                 *tag);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_xapi_validate_iri           (const char                 *iri);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_xapi_validate_timestamp     (const char                 *text);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_xapi_validate_duration      (const char                 *text);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_xapi_statements_equivalent  (JsonNode                   *a,
                                                JsonNode                   *b);

G_END_DECLS
