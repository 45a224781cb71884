/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness-server: the central xAPI 1.0.3 Learning Record Store.
 *
 * This file holds the server itself: its state, the route table that
 * gives each resource its handler, the About resource, and the life of
 * the process from listening to a signal to stop.  The resources are in
 * files of their own: lrs-statements.c (with lrs-attachments.c and
 * lrs-statement-format.c), lrs-documents.c (State, Activity Profile and
 * Agent Profile), lrs-agents.c, lrs-activities.c, lrs-accounts.c, lrs-assignments.c,
 * lrs-admin-reports.c, lrs-transfers.c, lrs-content.c and lrs-dashboard.c;
 * authentication is lrs-auth.c, the HTTP helpers lrs-http.c, and the one
 * path by which statements are stored lrs-ingest.c (with the store writer,
 * lrs-store-writer.c, which commits concurrent requests together).
 *
 * Messages to administrators at the command line are translated; the
 * messages of HTTP responses are in the language each request asks for
 * (see lrs_request_language()): every handler runs in that language.
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <libsoup/soup.h>

#include "lrs-drills.h"
#include "lrs-content-store.h"
#include "lrs-drills-store.h"
#include "lrs-http.h"
#include "lrs-keys.h"
#include "lrs-reminders.h"
#include "lrs-security-log.h"
#include "lrs-server.h"
#include "lrs-content-sync.h"

/*
 * The resources of the server.  libsoup sends a request to the handler
 * of the longest path that prefixes it; an early handler sees the headers
 * before the body is read (every request, on any path, has its body
 * limited before that: see got_headers_cb()).  Adding a resource is one new file
 * (lrs-NOUN.c, its handler taking the Lrs as user data, declared with
 * LRS_DECLARE_HANDLER in lrs-server.h) and one line here.
 */
static const LrsRoute routes[] = {
  { "/xapi/about",        lrs_about_cb,           NULL },
  { "/xapi/statements",   lrs_statements_cb,      NULL },
  { "/xapi/activities/state",   lrs_state_cb,            NULL },
  { "/xapi/activities/profile", lrs_activity_profile_cb, NULL },
  { "/xapi/activities",         lrs_activities_cb,       NULL },
  { "/xapi/agents/profile",     lrs_agent_profile_cb,    NULL },
  { "/xapi/agents",             lrs_agents_cb,           NULL },
  { "/account",           lrs_account_cb,         NULL },
  { "/transfers",         lrs_transfers_cb,       NULL },
  { "/content",           lrs_content_cb,         NULL },
  { "/assignments",       lrs_assignments_cb,     NULL },
  { "/admin/accounts",    lrs_admin_accounts_cb,  NULL },
  { "/admin/reports",     lrs_admin_reports_cb,   NULL },
  { "/admin/assignments", lrs_assignments_cb,     NULL },
  { "/admin/drills",      lrs_drills_cb,          NULL },
  { "/drill/",            lrs_drill_landing_cb,   NULL },
  { "/drill-reports",     lrs_drill_reports_cb,   NULL },
  { "/admin/dashboard",   lrs_dashboard_data_cb,  NULL },
  { "/admin/audit",       lrs_admin_audit_cb,     NULL },
  { "/admin/staff",       lrs_admin_staff_cb,     NULL },
  { "/admin/reminders",   lrs_admin_reminders_cb, NULL },
  { "/admin/content",     lrs_admin_content_cb,   NULL },
  { "/dashboard",         lrs_dashboard_pages_cb, lrs_dashboard_early_cb },
  { "/healthz",           lrs_health_cb,          NULL },
  { "/readyz",            lrs_health_cb,          NULL },
};

/* A handler with its server, run in the language of the request, its
 * client's address given to the security log. */
typedef struct {
  Lrs                *lrs;
  SoupServerCallback  callback;
} LrsBinding;

static void
in_request_language_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  const LrsBinding *binding = user_data;
  locale_t previous = lrs_use_request_language (msg);
  const char *address = lrs_security_log_set_address (soup_server_message_get_remote_host (msg));

  binding->callback (server, msg, path, query, binding->lrs);
  lrs_security_log_set_address (address);
  lrs_restore_language (previous);
}

static gboolean
is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

/* The agent that names @account in statements. */
JsonNode *
lrs_account_agent (Lrs        *lrs,
                   LrsAccount *account)
{
  return awareness_xapi_build_account_agent (lrs->config.home_page, account->staff_id);
}

/* The canonical key of that agent (see lrs_agent_key()). */
char *
lrs_account_key (Lrs        *lrs,
                 LrsAccount *account)
{
  g_autoptr(JsonNode) agent = lrs_account_agent (lrs, account);

  return lrs_agent_key (json_node_get_object (agent));
}

/* About */

void
lrs_about_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0 &&
      g_strcmp0 (soup_server_message_get_method (msg), "HEAD") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The About resource takes GET");
      return;
    }

  lrs_respond (msg, SOUP_STATUS_OK, "application/json",
               "{\"version\":[\"1.0.3\",\"1.0.2\",\"1.0.1\",\"1.0.0\"],"
               "\"extensions\":{\"" AWARENESS_XAPI_EXTENSION_BASE
               "server\":\"awareness-server " PACKAGE_VERSION "\"}}");
}

/* Every request, on any path known or not, has its body refused over the
 * limit (or chunked) before it is read: an early handler covers only its
 * own paths.  This runs after the early handler of the path, which may
 * have refused the request already with a smaller limit. */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  Lrs *lrs = user_data;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;
  lrs_refuse_large_body (msg, lrs->config.max_body);
}

/* A client that sends nothing for client-timeout-seconds, halfway
 * through a request or between requests, loses its connection; one that
 * sends too slowly, or opens too many, too (see lrs-connections.c): slow
 * clients cannot hold the server's connections. */
static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  Lrs *lrs = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_set_timeout (socket, lrs->config.client_timeout);
  lrs_connections_request_started (lrs->connections, msg);
  /* The xAPI version on every response (Communication 3.3), set once
   * here: a body refused before it is read, the 404 of a path without a
   * resource, and every handler's answer. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Experience-API-Version", LRS_XAPI_VERSION);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), lrs);
}

/* Every response gets the headers that keep personal data out of caches,
 * set once its request is read, before its handler answers. */
static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  lrs_set_private_headers (msg);
}

/* A request on its way to its resource's handler, while its credentials
 * are verified (see lrs_auth_prepare()). */
typedef struct {
  Lrs                *lrs;
  SoupServerCallback  handler;
  char               *path;
  GHashTable         *params;
} Dispatch;

static void
dispatch_free (gpointer data)
{
  Dispatch *dispatch = data;

  g_free (dispatch->path);
  g_clear_pointer (&dispatch->params, g_hash_table_unref);
  g_free (dispatch);
}

/* The handler runs in the language of the request (see lrs_use_request_language()). */
static void
dispatch_ready_cb (SoupServerMessage *msg,
                   gpointer           user_data)
{
  Dispatch *dispatch = user_data;
  locale_t previous = lrs_use_request_language (msg);
  const char *address = lrs_security_log_set_address (soup_server_message_get_remote_host (msg));

  dispatch->handler (dispatch->lrs->server, msg, dispatch->path, dispatch->params, dispatch->lrs);
  lrs_security_log_set_address (address);
  lrs_restore_language (previous);
}

/* Every resource's handler runs once the request's secret is verified,
 * off the main loop: argon2id never stalls other requests. */
static void
route_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *params,
          gpointer           user_data)
{
  const LrsBinding *binding = user_data;
  Lrs *lrs = binding->lrs;
  Dispatch *dispatch = g_new0 (Dispatch, 1);
  const char *address;

  dispatch->lrs = lrs;
  dispatch->handler = binding->callback;
  dispatch->path = g_strdup (path);
  dispatch->params = params != NULL ? g_hash_table_ref (params) : NULL;
  /* A refusal here (a locked key) is logged with the client's address. */
  address = lrs_security_log_set_address (soup_server_message_get_remote_host (msg));
  lrs_auth_prepare (lrs->auth, msg, dispatch_ready_cb, dispatch, dispatch_free);
  lrs_security_log_set_address (address);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Serves until SIGTERM or SIGINT; the exit status. */
int
lrs_server_run (LrsConfig *config)
{
  Lrs lrs = { 0 };
  LrsBinding handlers[G_N_ELEMENTS (routes)], early[G_N_ELEMENTS (routes)];
  LrsAuthLimits limits;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoslist(GUri) uris = NULL;
  gboolean tls = config->certificate != NULL && config->key != NULL;
  guint drill_timer = 0;

  lrs.config = *config;

  if (!tls && !(config->development && is_loopback (config->listen)))
    {
      g_printerr ("awareness-server: %s\n",
                  _("refusing to start without TLS: set “certificate” and “key” in [server], or "
                    "listen on loopback with “development=true” for development only"));
      return EXIT_FAILURE;
    }

  lrs.store = lrs_store_open (config->database, &error);
  if (lrs.store == NULL)
    goto fail;
  /* Its own connection, opened once the schema is there. */
  lrs.writer = lrs_store_writer_new (config->database, &error);
  if (lrs.writer == NULL)
    goto fail;
  /* Transfer keys an earlier version stored in plain get wrapped. */
  if (!lrs_transfer_keys_migrate (lrs.store, config->server_key, &error))
    goto fail;
  /* The latest published content, in the state directory. */
  {
    g_autofree char *current = NULL;

    lrs.content_root = g_build_filename (config->state_dir, "content", NULL);
    /* Made by an earlier version with the default umask: now private. */
    if (g_file_test (lrs.content_root, G_FILE_TEST_IS_DIR))
      g_chmod (lrs.content_root, 0700);
    current = g_build_filename (lrs.content_root, "current", NULL);
    if (g_file_test (current, G_FILE_TEST_IS_DIR))
      lrs.catalog = awareness_catalog_new_for_directory (current, NULL, NULL);
  }
  lrs.auth = lrs_auth_new (lrs.store, config->session_seconds);
  limits = (LrsAuthLimits) { config->auth_workers, config->auth_failures_per_key,
                            config->auth_failures_per_address, config->auth_lockout };
  lrs_auth_set_limits (lrs.auth, &limits);
  lrs.connections = lrs_connections_new (&(LrsConnectionLimits) {
    .max_per_address = config->max_connections_per_address,
    .header_seconds = config->header_timeout,
    .request_seconds = config->request_timeout,
  });

  if (tls)
    {
      certificate = g_tls_certificate_new_from_files (config->certificate, config->key, &error);
      if (certificate == NULL)
        goto fail;
    }

  lrs.server = soup_server_new ("server-header", "awareness-server", "tls-certificate", certificate,
                                NULL);
  g_signal_connect (lrs.server, "request-started", G_CALLBACK (request_started_cb), &lrs);
  g_signal_connect (lrs.server, "request-read", G_CALLBACK (request_read_cb), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      handlers[i] = (LrsBinding) { &lrs, routes[i].handler };
      early[i] = (LrsBinding) { &lrs, routes[i].early };
      if (routes[i].early != NULL)
        soup_server_add_early_handler (lrs.server, routes[i].path, in_request_language_cb,
                                       &early[i], NULL);
      if (routes[i].handler != NULL)
        soup_server_add_handler (lrs.server, routes[i].path, route_cb, &handlers[i], NULL);
    }
  /* The content published through another instance on the database. */
  lrs_content_sync_start (&lrs);
  lrs_reminder_schedule_start (&lrs);
  /* The content page's tables (made by the migrations on PostgreSQL). */
  if (!lrs_content_store_init (lrs.store, &error))
    goto fail;
  /* The drills' tables, then their timer: messages at their times. */
  if (!lrs_drills_store_init (lrs.store, &error))
    goto fail;
  drill_timer = lrs_drills_start_timer (&lrs);

  address = g_inet_address_new_from_string (config->listen);
  if (address == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("listen: “%s” is not an IP address"), config->listen);
      goto fail;
    }
  socket_address = g_inet_socket_address_new (address, (guint16) config->port);
  if (!soup_server_listen (lrs.server, socket_address, tls ? SOUP_SERVER_LISTEN_HTTPS : 0, &error))
    goto fail;

  /* Handled before the server says where it listens: whoever starts it
   * may stop it as soon as it has read that line. */
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  uris = soup_server_get_uris (lrs.server);
  for (GSList *l = uris; l != NULL; l = l->next)
    {
      g_autofree char *uri = g_uri_to_string (l->data);

      /* The only line the server prints: where it listens. */
      g_print (_("awareness-server: listening on %sxapi/\n"), uri);
    }

  g_main_loop_run (loop);

  lrs_reminder_schedule_stop (&lrs);
  g_source_remove (drill_timer);
  /* What was sent before the signal is stored, and answered. */
  g_clear_pointer (&lrs.writer, lrs_store_writer_free);
  g_clear_object (&lrs.server);
  /* Let the idle worker threads of TLS handshakes end before exit. */
  g_thread_pool_set_max_unused_threads (0);
  g_thread_pool_stop_unused_threads ();
  g_clear_object (&lrs.store);
  g_clear_object (&lrs.catalog);
  g_clear_pointer (&lrs.content_root, g_free);
  g_clear_pointer (&lrs.auth, lrs_auth_free);
  g_clear_pointer (&lrs.connections, lrs_connections_free);
  return EXIT_SUCCESS;

fail:
  g_printerr ("awareness-server: %s\n", error->message);
  lrs_reminder_schedule_stop (&lrs);
  if (drill_timer != 0)
    g_source_remove (drill_timer);
  g_clear_pointer (&lrs.writer, lrs_store_writer_free);
  g_clear_object (&lrs.server);
  g_clear_object (&lrs.store);
  g_clear_object (&lrs.catalog);
  g_clear_pointer (&lrs.content_root, g_free);
  g_clear_pointer (&lrs.auth, lrs_auth_free);
  g_clear_pointer (&lrs.connections, lrs_connections_free);
  return EXIT_FAILURE;
}
