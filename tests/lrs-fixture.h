/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The real awareness-server on loopback, for the tests that talk to it:
 * a test certificate, a SQLite database copied from a template made once
 * (argon2id is slow by design), an administrator and two learners.
 */
#pragma once

#include <libsoup/soup.h>

#define HOME_PAGE "https://lrs.example.org/"

typedef struct {
  char        *dir;
  char        *config;
  GSubprocess *server;
  char        *base;        /* https://127.0.0.1:PORT/xapi/ */
  SoupSession *session;
  char        *admin;       /* key:secret */
  char        *learner;     /* key:secret of staff id “tanaka” */
  char        *other;       /* key:secret of staff id “suzuki” */
} Fixture;

/* A response to a test's request. */
typedef struct {
  guint        status;
  char        *body;
  SoupMessage *msg;
} Response;

void  response_clear     (Response      *response);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

gboolean fixture_uses_pg  (void);
void  fixture_psql       (const char    *sql);
char *fixture_database   (const char    *dir);
char *basic_authorization (const char   *credentials);
SoupMessage *fixture_message_new (const char *method,
                                  const char *uri);
char *write_config       (const char    *dir,
                          const char    *extra);
char *run_server_command (const char    *config,
                          ...) G_GNUC_NULL_TERMINATED;
void  start_server       (Fixture       *fixture);
void  start_server_with_asan (Fixture   *fixture,
                              const char *asan_options);
void  stop_server        (Fixture       *fixture);
void  fixture_setup      (Fixture       *fixture,
                          gconstpointer  data);
void  fixture_teardown   (Fixture       *fixture,
                          gconstpointer  data);
void  fixture_template_clear (void);
void  die_with_parent    (gpointer       user_data);

int   run_cli            (Fixture       *fixture,
                          const char    *input,
                          char         **out,
                          char         **err,
                          ...) G_GNUC_NULL_TERMINATED;
int   run_cli_in_locale  (Fixture       *fixture,
                          const char    *locale,
                          const char    *input,
                          char         **out,
                          char         **err,
                          ...) G_GNUC_NULL_TERMINATED;
char *secret_line        (const char    *credentials);
char *fixture_run_peer   (Fixture       *fixture,
                          const char    *script,
                          const char    *credentials,
                          const char    *staff_id);
void  fixture_publish_content (Fixture  *fixture);
char *fixture_pack_revised_content (Fixture *fixture);
char *key_of             (const char    *credentials);
char *fixture_publish_config  (void);
GPtrArray *fixture_attempt_statements (const char *tree,
                                       const char *module_id,
                                       const char *user,
                                       const char *finished,
                                       gboolean    right);
