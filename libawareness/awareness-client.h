/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-version-macros.h"
#include <gio/gio.h>

#include "awareness-config.h"

G_BEGIN_DECLS

#define AWARENESS_CLIENT_ERROR (awareness_client_error_quark ())

/**
 * AwarenessClientError:
 * @AWARENESS_CLIENT_ERROR_NETWORK: the server could not be reached or the
 *   connection broke; trying again later may work
 * @AWARENESS_CLIENT_ERROR_TLS: the server's certificate is not trusted,
 *   or does not match its pinned key
 * @AWARENESS_CLIENT_ERROR_CANCELLED: the request was cancelled
 * @AWARENESS_CLIENT_ERROR_FAILED: anything else
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_CLIENT_ERROR_NETWORK,
  AWARENESS_CLIENT_ERROR_TLS,
  AWARENESS_CLIENT_ERROR_CANCELLED,
  AWARENESS_CLIENT_ERROR_FAILED,
} AwarenessClientError;

/**
 * AwarenessResponse:
 * @status: the HTTP status
 * @body: the body, NUL-terminated
 * @length: its length
 * @retry_after: seconds from a Retry-After header, or -1
 *
 * What the server answered.
 *
 * Since: 0.2
 */
typedef struct {
  guint  status;
  char  *body;
  gsize  length;
  gint   retry_after;
} AwarenessResponse;

/**
 * AwarenessClient:
 *
 * An HTTPS connection to the xAPI server of a configuration, authenticated
 * with the account's key and secret.  Make one with awareness_client_new().
 *
 * Since: 0.2
 */
typedef struct _AwarenessClient AwarenessClient;

AWARENESS_AVAILABLE_IN_ALL
GQuark           awareness_client_error_quark (void);
AWARENESS_AVAILABLE_IN_ALL
AwarenessClient *awareness_client_new         (const AwarenessConfig *config,
                                               const char            *secret,
                                               GError               **error);
AWARENESS_AVAILABLE_IN_ALL
void             awareness_client_free        (AwarenessClient       *self);
AWARENESS_AVAILABLE_IN_ALL
void             awareness_client_set_timeout (AwarenessClient       *self,
                                               guint                  seconds);
AWARENESS_AVAILABLE_IN_ALL
gboolean         awareness_client_request     (AwarenessClient       *self,
                                               const char            *method,
                                               const char            *path,
                                               const char            *body,
                                               AwarenessResponse     *response,
                                               GCancellable          *cancellable,
                                               GError               **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean         awareness_client_request_bytes (AwarenessClient     *self,
                                                 const char          *method,
                                                 const char          *path,
                                                 const char          *content_type,
                                                 GBytes              *body,
                                                 AwarenessResponse   *response,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_response_message   (const AwarenessResponse *response);
AWARENESS_AVAILABLE_IN_ALL
void             awareness_response_clear     (AwarenessResponse     *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessClient, awareness_client_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AwarenessResponse, awareness_response_clear)

G_END_DECLS
