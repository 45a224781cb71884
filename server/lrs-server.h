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
#include "lrs-store-writer.h"

G_BEGIN_DECLS

typedef struct {
  LrsConfig         config;
  LrsStore         *store;
  SoupServer       *server;
  char             *content_root;  /* the latest published content, unpacked */
  AwarenessCatalog *catalog;       /* its catalog, for the assignments */
  LrsAuth          *auth;          /* verified secrets and dashboard sessions */
  LrsConnections   *connections;   /* slow and many connections cut off */
  guint             reminder_timer;        /* the daily reminders' (lrs-reminder-schedule.c) */
  GTimeSpan         reminder_clock_offset; /* the tests' move of its clock */
  LrsStoreWriter   *writer;        /* stores the statements of the Statements resource, or
                                    * NULL to store them on the main loop */
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
LRS_DECLARE_HANDLER (lrs_state_cb);              /* lrs-documents.c */
LRS_DECLARE_HANDLER (lrs_activity_profile_cb);   /* lrs-documents.c */
LRS_DECLARE_HANDLER (lrs_agent_profile_cb);      /* lrs-documents.c */
LRS_DECLARE_HANDLER (lrs_agents_cb);             /* lrs-agents.c */
LRS_DECLARE_HANDLER (lrs_activities_cb);         /* lrs-activities.c */
LRS_DECLARE_HANDLER (lrs_admin_audit_cb);        /* lrs-audit.c */
LRS_DECLARE_HANDLER (lrs_admin_staff_cb);        /* lrs-staff.c */
LRS_DECLARE_HANDLER (lrs_admin_reminders_cb);    /* lrs-reminders.c */
LRS_DECLARE_HANDLER (lrs_admin_content_cb);      /* lrs-admin-content.c */
LRS_DECLARE_HANDLER (lrs_drills_cb);             /* lrs-drills.c */
LRS_DECLARE_HANDLER (lrs_drill_landing_cb);      /* lrs-drill-landing.c */
LRS_DECLARE_HANDLER (lrs_drill_reports_cb);      /* lrs-drill-reports.c */

JsonNode *lrs_account_agent       (Lrs               *lrs,
                                   LrsAccount        *account);
char     *lrs_account_key         (Lrs               *lrs,
                                   LrsAccount        *account);
JsonNode *lrs_parse_agent_parameter (const char       *text,
                                     GError          **error);
LrsAccount *lrs_begin_xapi_request (Lrs                *lrs,
                                    SoupServerMessage  *msg,
                                    GHashTable        **params,
                                    GHashTable        **form,
                                    char              **method,
                                    GBytes            **body);
LrsAccount *lrs_begin_xapi_read    (Lrs                *lrs,
                                    SoupServerMessage  *msg,
                                    const char         *path,
                                    const char         *own_path,
                                    GHashTable        **params,
                                    GHashTable        **form,
                                    const char * const *known,
                                    gsize               n_known);
int       lrs_server_run          (LrsConfig         *config);

G_END_DECLS
