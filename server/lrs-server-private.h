/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the parts of awareness-server share: its configuration and state,
 * and the response and authentication helpers of lrs-server.c that the
 * dashboard (lrs-dashboard.c) uses too, so that both answer alike.
 */
#pragma once

#include <libsoup/soup.h>

#include "awareness.h"
#include "lrs-store.h"

G_BEGIN_DECLS

typedef struct _LrsDashboard LrsDashboard;

typedef struct {
  char     *listen;
  guint     port;
  char     *certificate;
  char     *key;
  char     *database;
  char     *home_page;
  gboolean  development;
  gsize     max_body;
  guint     max_batch;
  guint     max_limit;
  guint     client_timeout;
  char    **trusted_keys;   /* content packages the server accepts */
  guint     session_seconds; /* lifetime of a dashboard session */
} LrsConfig;

typedef struct {
  LrsConfig         config;
  LrsStore         *store;
  SoupServer       *server;
  char             *content_root;  /* the latest published content, unpacked */
  AwarenessCatalog *catalog;       /* its catalog, for the assignments */
  GHashTable *verified;   /* account key → SHA-256 of the secret last verified */
  LrsDashboard     *dashboard;     /* the sessions of the web dashboard */
} Lrs;

void        respond            (SoupServerMessage *msg,
                                guint              status,
                                const char        *content_type,
                                const char        *body);
void        respond_json       (SoupServerMessage *msg,
                                guint              status,
                                JsonNode          *root);
void        respond_error      (SoupServerMessage *msg,
                                guint              status,
                                const char        *message);
char       *to_json            (JsonNode          *node);
void        refuse_large_body  (SoupServerMessage *msg,
                                gsize              limit);
LrsAccount *check_credentials  (Lrs               *lrs,
                                const char        *key,
                                const char        *secret);
LrsAccount *authenticate_admin (Lrs               *lrs,
                                SoupServerMessage *msg);
GHashTable *load_overrides     (Lrs               *lrs,
                                GError           **error);
gboolean    parse_today        (const char        *as_of,
                                GDate             *today);

G_END_DECLS
