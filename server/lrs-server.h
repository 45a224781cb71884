/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The state of a running awareness-server, which every resource's
 * handlers get as their user data, and the routes they are reached by.
 */
#pragma once

#include <libsoup/soup.h>

#include "awareness.h"
#include "lrs-auth.h"
#include "lrs-config.h"
#include "lrs-connections.h"
#include "lrs-store.h"

G_BEGIN_DECLS

typedef struct {
  LrsConfig         config;
  LrsStore         *store;
  SoupServer       *server;
  char             *content_root;  /* the latest published content, unpacked */
  AwarenessCatalog *catalog;       /* its catalog, for the assignments */
  LrsAuth          *auth;          /* verified secrets and dashboard sessions */
  LrsConnections   *connections;   /* slow and many connections cut off */
} Lrs;

/* A resource: the handler of the requests under @path, and the early
 * handler that may refuse their bodies before they are read (or NULL).
 * Both get the Lrs as user data. */
typedef struct {
  const char         *path;
  SoupServerCallback  handler;
  SoupServerCallback  early;
} LrsRoute;

/* The handler of a resource: its requests, with the Lrs as user data. */
#define LRS_DECLARE_HANDLER(name) \
  void name (SoupServer        *server, \
             SoupServerMessage *msg, \
             const char        *path, \
             GHashTable        *params, \
             gpointer           user_data)

/* The resources, one file each (the route table in lrs-server.c). */
LRS_DECLARE_HANDLER (lrs_about_cb);              /* lrs-server.c */
LRS_DECLARE_HANDLER (lrs_statements_cb);         /* lrs-statements.c */
LRS_DECLARE_HANDLER (lrs_account_cb);            /* lrs-accounts.c */
LRS_DECLARE_HANDLER (lrs_admin_accounts_cb);     /* lrs-accounts.c */
LRS_DECLARE_HANDLER (lrs_assignments_cb);        /* lrs-assignments.c */
LRS_DECLARE_HANDLER (lrs_admin_reports_cb);      /* lrs-admin-reports.c */
LRS_DECLARE_HANDLER (lrs_transfers_cb);          /* lrs-transfers.c */
LRS_DECLARE_HANDLER (lrs_content_cb);            /* lrs-content.c */
LRS_DECLARE_HANDLER (lrs_dashboard_pages_cb);    /* lrs-dashboard.c */
LRS_DECLARE_HANDLER (lrs_dashboard_data_cb);     /* lrs-dashboard.c */
LRS_DECLARE_HANDLER (lrs_dashboard_early_cb);    /* lrs-dashboard.c */
LRS_DECLARE_HANDLER (lrs_health_cb);             /* lrs-health.c */

JsonNode *lrs_account_agent       (Lrs               *lrs,
                                   LrsAccount        *account);
char     *lrs_account_key         (Lrs               *lrs,
                                   LrsAccount        *account);
int       lrs_server_run          (LrsConfig         *config);

G_END_DECLS
