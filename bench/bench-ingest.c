/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Ingest benchmark of awareness-server: CLIENTS concurrent HTTPS
 * keep-alive connections, each POSTing BATCHES batches of 50 statements
 * to the durable SQLite store.  Baseline, in the same run: the same
 * number of HTTPS requests, on the same connections, to the About
 * resource, which stores nothing; the ratio is what storing and
 * validating costs over the round trips alone.  Peer, in the same run
 * and under the same load: Learning Locker's LRS, the npm package
 * xapi-statements, in memory behind HTTPS with the same certificate
 * (tests/peers, installed by scripts/test), when node and it are there.
 *
 * Usage: bench-ingest [CLIENTS [BATCHES]]   (AWARENESS_SERVER names the
 * server binary; tests/data/server holds the certificate)
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "awareness.h"
#include "bench-server.h"

#define BATCH 50
#define HOME_PAGE BENCH_HOME_PAGE

typedef struct {
  const char *base;
  const char *credentials;
  const char *cert;
  guint       batches;
  gboolean    about;
  guint       failures;
} Client;

static char *
make_batch (guint client,
            guint batch)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < BATCH; i++)
    {
      g_autofree char *id = g_uuid_string_random ();

      g_string_append_printf (
        s,
        "%s{\"id\":\"%s\",\"actor\":{\"objectType\":\"Agent\","
          "\"account\":{\"homePage\":\"" HOME_PAGE
        "\",\"name\":\"staff-%05u\"}},\"verb\":{\"id\":"
        "\"http://adlnet.gov/expapi/verbs/answered\",\"display\":{\"en-US\":\"answered\","
        "\"ja-JP\":\"回答した\"}},\"object\":{\"objectType\":\"Activity\",\"id\":"
        "\"https://awareness.example/activities/minamikyushu/scope/questions/q-%u\","
        "\"definition\":{\"type\":\"http://adlnet.gov/expapi/activities/cmi.interaction\","
        "\"interactionType\":\"choice\",\"correctResponsesPattern\":[\"a\"],\"choices\":"
        "[{\"id\":\"a\",\"description\":{\"ja-JP\":\"はい\"}},{\"id\":\"b\",\"description\":"
        "{\"ja-JP\":\"いいえ\"}}]}},\"result\":{\"success\":true,\"response\":\"a\"},"
        "\"context\":{\"registration\":\"%s\",\"language\":\"ja-JP\"},"
        "\"timestamp\":\"2026-11-25T10:00:00.000Z\"}",
        i > 0 ? "," : "", id, (client * 1000 + batch) % 10000, i % 9, id);
    }
  g_string_append (s, "]");
  return g_string_free (s, FALSE);
}

static gpointer
run_client (gpointer data)
{
  Client *client = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) client->credentials,
                                              strlen (client->credentials));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *uri = g_strconcat (client->base, client->about ? "about" : "statements", NULL);

  g_main_context_push_thread_default (context);
  database = g_tls_file_database_new (client->cert, NULL);
  session = soup_session_new_with_options ("proxy-resolver", direct, "max-conns-per-host", 1, NULL);
  soup_session_set_tls_database (session, database);

  for (guint b = 0; b < client->batches; b++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new (client->about ? "GET" : "POST", uri);
      g_autoptr(GBytes) reply = NULL;
      SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

      /* A kept-alive client: libsoup would open a new connection for
       * every POST that it is not told it may repeat. */
      soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
      soup_message_headers_replace (headers, "X-Experience-API-Version", "1.0.3");
      soup_message_headers_replace (headers, "Authorization", authorization);
      if (!client->about)
        {
          g_autofree char *body = make_batch (GPOINTER_TO_UINT (client) & 0xffff, b);
          g_autoptr(GBytes) content = g_bytes_new_take (g_steal_pointer (&body), strlen (body));

          soup_message_set_request_body_from_bytes (msg, "application/json", content);
        }
      reply = soup_session_send_and_read (session, msg, NULL, NULL);
      if (soup_message_get_status (msg) != 200)
        client->failures++;
    }

  g_main_context_pop_thread_default (context);
  return NULL;
}

/* @clients clients spread over the instances at @bases. */
static gint64
run_clients_on (const char * const *bases,
                guint               n_bases,
                const char         *credentials,
                const char         *cert,
                guint               clients,
                guint               batches,
                gboolean            about)
{
  g_autofree Client *all = g_new0 (Client, clients);
  g_autofree GThread **threads = g_new0 (GThread *, clients);
  gint64 start = g_get_monotonic_time ();
  guint failures = 0;

  for (guint i = 0; i < clients; i++)
    {
      all[i] = (Client) { bases[i % n_bases], credentials, cert, batches, about, 0 };
      threads[i] = g_thread_new ("client", run_client, &all[i]);
    }
  for (guint i = 0; i < clients; i++)
    {
      g_thread_join (threads[i]);
      failures += all[i].failures;
    }
  if (failures > 0)
    g_error ("%u requests failed", failures);

  return g_get_monotonic_time () - start;
}

static gint64
run_clients (const char *base,
             const char *credentials,
             const char *cert,
             guint       clients,
             guint       batches,
             gboolean    about)
{
  return run_clients_on (&base, 1, credentials, cert, clients, batches, about);
}

/* The resident memory of the server, in KiB. */
static gsize
server_rss_kib (BenchServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status",
                                           g_subprocess_get_identifier (server->process));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return (gsize) g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10);
}

#define MEMORY_STATEMENTS 100000

#define INSTANCES 4

/* The same load on 1, 2 and 4 instances on one PostgreSQL database of
 * the cluster that tests/pg-cluster.sh started; statements/s of each,
 * against @sqlite_us for one instance on SQLite. */
static void
run_pg (const char *dir,
        guint       clients,
        guint       batches,
        gint64      sqlite_us)
{
  g_autofree char *psql = g_build_filename (g_getenv ("AWARENESS_PG_BINDIR"), "psql", NULL);
  g_autofree char *database = g_strdup_printf ("postgresql:///bench_ingest_%d", (int) getpid ());
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE bench_ingest_%d", (int) getpid ());
  const char *argv[] = { psql, "-X", "-q", "-d", "postgres", "-c", create, NULL };
  BenchServer servers[INSTANCES] = { { 0 } };
  const char *bases[INSTANCES];
  guint statements = clients * batches * BATCH;
  int status;

  g_assert_true (
    g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (guint i = 0; i < INSTANCES; i++)
    {
      g_autofree char *instance_dir = g_strdup_printf ("%s/instance-%u", dir, i);

      g_assert_cmpint (g_mkdir_with_parents (instance_dir, 0700), ==, 0);
      bench_server_start_on (&servers[i], instance_dir, database,
                             i > 0 ? servers[0].credentials : NULL);
      bases[i] = servers[i].base;
      /* Warm up: each instance verifies the argon2id hash once. */
      run_clients (bases[i], servers[0].credentials, servers[0].cert, 1, 1, TRUE);
    }

  g_print ("PostgreSQL 15, one database, the same %u clients spread over the instances:\n",
           clients);
  for (guint n = 1; n <= INSTANCES; n *= 2)
    {
      gint64 us = run_clients_on (bases, n, servers[0].credentials, servers[0].cert, clients,
                                  batches, FALSE);

      g_print ("ingest:   %u instance%s on PostgreSQL      %8.1f ms  %8.0f statements/s  "
               "(ratio to 1 on SQLite: %.2f)\n", n, n > 1 ? "s" : " ", us / 1000.0,
               statements * 1e6 / (double) us, (double) sqlite_us / (double) us);
    }
  for (guint i = 0; i < INSTANCES; i++)
    bench_server_stop (&servers[i]);
}

/* The same load on the npm peer; 0 when it cannot run here. */
static gint64
run_peer (const char *source,
          const char *cert,
          const char *key,
          guint       clients,
          guint       batches)
{
  g_autofree char *script = g_build_filename (source, "tests", "peers", "xapi-statements-lrs.js",
                                              NULL);
  g_autofree char *module = g_build_filename (source, "tests", "peers", "node_modules",
                                              "xapi-statements", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *base = NULL;
  gint64 us;

  if (node == NULL || !g_file_test (module, G_FILE_TEST_IS_DIR))
    {
      g_print ("peer:     not run: node or tests/peers/node_modules/xapi-statements is missing "
               "(npm ci --prefix tests/peers)\n");
      return 0;
    }
  g_subprocess_launcher_setenv (launcher, "LRS_KEY", "bench", TRUE);
  g_subprocess_launcher_setenv (launcher, "LRS_SECRET", "bench-secret", TRUE);
  peer = g_subprocess_launcher_spawn (launcher, &error, node, script, "0", "--tls", key, cert,
                                      NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (peer));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "LISTENING "))
    g_error ("the peer did not start: %s", error != NULL ? error->message : "no LISTENING line");
  base = g_strdup_printf ("https://127.0.0.1:%s/xAPI/", line + strlen ("LISTENING "));

  run_clients (base, "bench:bench-secret", cert, 1, 1, FALSE);
  us = run_clients (base, "bench:bench-secret", cert, clients, batches, FALSE);

  g_subprocess_send_signal (peer, SIGTERM);
  g_subprocess_wait (peer, NULL, NULL);
  return us;
}

int
main (int    argc,
      char **argv)
{
  guint clients = argc > 1 ? (guint) atoi (argv[1]) : 4;
  guint batches = argc > 2 ? (guint) atoi (argv[2]) : 50;
  const char *source = g_getenv ("AWARENESS_SOURCE_DIR");
  g_autofree char *dir = g_dir_make_tmp ("awareness-bench-ingest-XXXXXX", NULL);
  g_autofree char *command = NULL;
  BenchServer server = { 0 };
  gint64 ingest_us, about_us, peer_us;
  guint statements = clients * batches * BATCH;
  gsize idle_kib, loaded_kib;
  guint stored;

  bench_server_start (&server, dir);
  /* Warm up: the first request of an account verifies its argon2id hash. */
  run_clients (server.base, server.credentials, server.cert, 1, 1, TRUE);
  about_us = run_clients (server.base, server.credentials, server.cert, clients, batches, TRUE);
  idle_kib = server_rss_kib (&server);
  ingest_us = run_clients (server.base, server.credentials, server.cert, clients, batches, FALSE);

  g_print ("%u clients, %u batches of %d statements each, HTTPS keep-alive, durable SQLite\n",
           clients, batches, BATCH);
  g_print ("baseline: %u GET /xapi/about          %8.1f ms  %8.0f requests/s\n",
           clients * batches, about_us / 1000.0, clients * batches * 1e6 / (double) about_us);
  g_print ("ingest:   %u POST of %d statements   %8.1f ms  %8.0f statements/s (%.0f requests/s)\n",
           clients * batches, BATCH, ingest_us / 1000.0, statements * 1e6 / (double) ingest_us,
           clients * batches * 1e6 / (double) ingest_us);
  g_print ("ratio ingest / baseline, per request: %.1f (target: at most 10)\n",
           (double) ingest_us / (double) about_us);

  /* Memory under load: the same clients until the store holds 100,000. */
  for (stored = statements; stored < MEMORY_STATEMENTS; stored += statements)
    run_clients (server.base, server.credentials, server.cert, clients, batches, FALSE);
  loaded_kib = server_rss_kib (&server);
  g_print ("memory:   RSS idle %" G_GSIZE_FORMAT " KiB, after %u statements %" G_GSIZE_FORMAT
           " KiB (ratio %.2f, target: at most 2)\n",
           idle_kib, stored, loaded_kib, (double) loaded_kib / (double) idle_kib);

  peer_us = run_peer (source != NULL ? source : ".", server.cert, server.key, clients, batches);
  if (peer_us > 0)
    {
      g_print (
        "peer:     %u POST of %d statements   %8.1f ms  %8.0f statements/s (xapi-statements 5.0.1, "
        "in memory)\n",
        clients * batches, BATCH, peer_us / 1000.0, statements * 1e6 / (double) peer_us);
      g_print ("ratio awareness-server / peer, statements per second: %.2f (target: at least 5)\n",
               (double) peer_us / (double) ingest_us);
    }

  bench_server_stop (&server);
  if (g_strcmp0 (g_getenv ("AWARENESS_TEST_DATABASE"), "pg") == 0)
    run_pg (dir, clients, batches, ingest_us);
  else
    g_print ("PostgreSQL: not run (run under tests/pg-cluster.sh, "
             "as meson's ingest-pg benchmark does)\n");
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  return EXIT_SUCCESS;
}
