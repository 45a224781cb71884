/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The configuration file of awareness-server (data/awareness-server.conf
 * documents it), with the defaults filled in. */
typedef struct {
  char     *listen;
  guint     port;
  char     *certificate;
  char     *key;
  char     *database;
  char     *state_dir;       /* the content this instance unpacked */
  char     *home_page;
  gboolean  development;
  gsize     max_body;
  guint     max_batch;
  guint     max_limit;
  guint     client_timeout;
  char    **trusted_keys;    /* content packages the server accepts */
  guint     session_seconds; /* lifetime of a dashboard session */
  char     *server_key_file; /* the server key, never in the database */
  guchar    server_key[32];  /* read from it by lrs_server_key_load() */
  char     *drill_from;      /* [drills] from: the drill messages' sender */
  char     *drill_outbox;    /* [drills] outbox: a directory the messages are written to,
                              * one file each, instead of being sent */
} LrsConfig;

gboolean lrs_config_load  (LrsConfig   *config,
                           const char  *path,
                           GError     **error);
void     lrs_config_clear (LrsConfig   *config);

G_END_DECLS
