/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lrs-mail.h"

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
  guint     header_timeout;        /* seconds for a request's headers */
  guint     request_timeout;       /* seconds for a whole request */
  guint     max_connections_per_address;
  guint     auth_workers;          /* threads that verify and hash secrets */
  guint     auth_failures_per_key; /* wrong secrets before a key is locked */
  guint     auth_failures_per_address;
  guint     auth_lockout;          /* seconds a locked key or address waits */
  guint     max_import_rows;       /* rows of one roster import */
  guint     max_attachments;       /* attachments of one statement */
  guint64   attachment_quota;      /* bytes of attachment data an account uploads */
  guint64   max_response;          /* bytes of a response with attachments */
  char    **trusted_keys;    /* content packages the server accepts */
  guint     session_seconds; /* lifetime of a dashboard session */
  char     *server_key_file; /* the server key, never in the database */
  guchar    server_key[32];  /* read from it by lrs_server_key_load() */
  LrsMailConfig mail;        /* the [mail] section: reminders by e-mail */
  char     *drill_from;      /* [drills] from: the drill messages' sender */
  char     *drill_outbox;    /* [drills] outbox: a directory the messages are written to,
                              * one file each, instead of being sent */
  guint     drill_interval;  /* [drills] send-interval-seconds: how often what is due goes out */
  guint     drill_follow_up_days;  /* [drills] follow-up-days: a click's follow-up is due in */
  guint     drill_keep_days; /* [drills] keep-days: a drill's data is removed this long after
                              * its end */
} LrsConfig;

gboolean lrs_config_load  (LrsConfig   *config,
                           const char  *path,
                           GError     **error);
void     lrs_config_clear (LrsConfig   *config);

G_END_DECLS
