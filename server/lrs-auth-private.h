/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the two halves of authentication share: lrs-auth.c (Basic
 * credentials, their cache, throttling, the workers) and
 * lrs-auth-session.c (the dashboard's sessions and roles).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lrs-auth.h"

G_BEGIN_DECLS

struct _LrsAuth
{
  LrsStore      *store;            /* borrowed */
  guint          session_seconds;
  GHashTable    *verified;         /* account key → SHA-256 of the secret last verified */
  GHashTable    *refused;          /* account key → SHA-256 of the secret last refused */
  GHashTable    *key_failures;     /* account key → Failures */
  GHashTable    *address_failures; /* remote address → Failures */
  LrsAuthLimits  limits;
  GThreadPool   *pool;             /* verifies secrets off the main loop */
  GMainContext  *context;          /* the main loop's, where verdicts return */
};

gboolean lrs_auth_sign_in_credentials (SoupServerMessage *msg,
                                       JsonParser        *parser,
                                       const char       **key,
                                       const char       **secret);

G_END_DECLS
