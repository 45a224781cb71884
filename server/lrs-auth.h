/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Authentication, for every resource of awareness-server: HTTP Basic
 * credentials and the dashboard's session cookie (see lrs-auth.c).
 */
#pragma once

#include <libsoup/soup.h>

#include "lrs-store.h"

G_BEGIN_DECLS

/* The largest sign-in body the dashboard takes. */
#define LRS_AUTH_MAX_SIGN_IN 4096

typedef struct _LrsAuth LrsAuth;

/* How secrets are verified: by how many threads, and how many failures
 * lock a key or an address for how long. */
typedef struct {
  guint workers;
  guint failures_per_key;
  guint failures_per_address;
  guint lockout_seconds;
} LrsAuthLimits;

/* Called on the main loop once the credentials of a request are judged. */
typedef void (*LrsAuthReady) (SoupServerMessage *msg,
                              gpointer           user_data);

LrsAuth    *lrs_auth_new               (LrsStore          *store,
                                        guint              session_seconds);
void        lrs_auth_run               (LrsAuth           *self,
                                        GFunc              work,
                                        GSourceFunc        done,
                                        gpointer           data);
void        lrs_auth_set_limits        (LrsAuth             *self,
                                        const LrsAuthLimits *limits);
gboolean    lrs_auth_prepare           (LrsAuth           *self,
                                        SoupServerMessage *msg,
                                        LrsAuthReady       ready,
                                        gpointer           user_data,
                                        GDestroyNotify     destroy);
void        lrs_auth_free              (LrsAuth           *self);
LrsAccount *lrs_auth_check_credentials (LrsAuth           *self,
                                        const char        *key,
                                        const char        *secret);
void        lrs_auth_forget            (LrsAuth           *self,
                                        const char        *key);
LrsAccount *lrs_authenticate           (LrsAuth           *self,
                                        SoupServerMessage *msg);
LrsAccount *lrs_authenticate_admin     (LrsAuth           *self,
                                        SoupServerMessage *msg);
LrsAccount *lrs_authenticate_session   (LrsAuth           *self,
                                        SoupServerMessage *msg);
LrsAccount *lrs_authenticate_reader    (LrsAuth           *self,
                                        SoupServerMessage *msg);
gboolean    lrs_auth_report_scope      (LrsAuth           *self,
                                        SoupServerMessage *msg,
                                        LrsAccount        *account,
                                        const char        *asked,
                                        const char       **department);
void        lrs_auth_handle_session    (LrsAuth           *self,
                                        SoupServerMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsAuth, lrs_auth_free)

G_END_DECLS
