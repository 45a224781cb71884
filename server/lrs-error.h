/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What can go wrong with a request, whichever part of the server finds
 * it.  Handlers and the modules below them report an LRS_ERROR; the HTTP
 * status it becomes is decided in one place, lrs_http_status_for_error().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LRS_ERROR (lrs_error_quark ())

typedef enum {
  LRS_ERROR_BAD_REQUEST,          /* 400: the request breaks a rule */
  LRS_ERROR_UNAUTHORIZED,         /* 401: no or wrong credentials */
  LRS_ERROR_FORBIDDEN,            /* 403: not for this account */
  LRS_ERROR_NOT_FOUND,            /* 404 */
  LRS_ERROR_NOT_ALLOWED,          /* 405: the resource does not take the method */
  LRS_ERROR_CONFLICT,             /* 409: the state of the server forbids it */
  LRS_ERROR_LENGTH_REQUIRED,      /* 411: a body without a Content-Length */
  LRS_ERROR_PRECONDITION_FAILED,  /* 412: If-Match or If-None-Match not met */
  LRS_ERROR_TOO_LARGE,            /* 413: a body or a batch over the limit */
  LRS_ERROR_UNSUPPORTED,          /* 415: a media type the resource does not take */
  LRS_ERROR_TOO_MANY,             /* 429: too many requests */
  LRS_ERROR_INTERNAL,             /* 500: the server failed; the details are logged */
} LrsError;

GQuark lrs_error_quark           (void);
guint  lrs_http_status_for_error (const GError *error);

G_END_DECLS
