/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>

#include "lrs-error.h"

G_DEFINE_QUARK (lrs-error-quark, lrs_error)

/*
 * The HTTP status of @error: the one place where the server's errors
 * become statuses.  An error of another domain is the server's own
 * failure (500): modules convert what they can answer for to LRS_ERROR.
 */
guint
lrs_http_status_for_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, SOUP_STATUS_INTERNAL_SERVER_ERROR);

  if (error->domain != LRS_ERROR)
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;

  switch ((LrsError) error->code)
    {
    case LRS_ERROR_BAD_REQUEST:
      return SOUP_STATUS_BAD_REQUEST;
    case LRS_ERROR_UNAUTHORIZED:
      return SOUP_STATUS_UNAUTHORIZED;
    case LRS_ERROR_FORBIDDEN:
      return SOUP_STATUS_FORBIDDEN;
    case LRS_ERROR_NOT_FOUND:
      return SOUP_STATUS_NOT_FOUND;
    case LRS_ERROR_NOT_ALLOWED:
      return SOUP_STATUS_METHOD_NOT_ALLOWED;
    case LRS_ERROR_CONFLICT:
      return SOUP_STATUS_CONFLICT;
    case LRS_ERROR_LENGTH_REQUIRED:
      return SOUP_STATUS_LENGTH_REQUIRED;
    case LRS_ERROR_PRECONDITION_FAILED:
      return SOUP_STATUS_PRECONDITION_FAILED;
    case LRS_ERROR_TOO_LARGE:
      return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
    case LRS_ERROR_UNSUPPORTED:
      return SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
    case LRS_ERROR_TOO_MANY:
      return 429;   /* Too Many Requests (RFC 6585): not in SoupStatus */
    case LRS_ERROR_INTERNAL:
    default:
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
}
