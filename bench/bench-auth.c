/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Failed sign-ins against everyone else: the latency of an unrelated
 * request (an administrator's GET of one statement, whose secret the
 * server remembers) when the server is idle, then while ATTACKERS
 * clients send wrong secrets as fast as they can, each on its own
 * keep-alive connection.  The lockout is off in this server's
 * configuration, so that every wrong secret costs argon2id (64 MiB,
 * t=2) in the workers; the main loop must stay free.
 *
 * Usage: bench-auth [ATTACKERS [SAMPLES]]   (AWARENESS_SERVER names the
 * server binary; tests/data/server holds the certificate)
 */
#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>

#include "bench-server.h"

typedef struct {
  const char *uri;
  const char *credentials;
  const char *cert;
  gint       *stop;
  guint       requests;
} Attacker;

static SoupSession *
new_session (const char *cert)
{
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (cert, NULL);
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
  SoupSession *session = soup_session_new_with_options ("proxy-resolver", direct,
                                                        "max-conns-per-host", 1,
                                                        NULL);

  soup_session_set_tls_database (session, database);
  return session;
}

/* One GET with @credentials; its status. */
static guint
get (SoupSession *session,
     const char  *uri,
     const char  *credentials)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Experience-API-Version",
                                "1.0.3");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  return soup_message_get_status (msg);
}

static gpointer
attack (gpointer data)
{
  Attacker *attacker = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;

  g_main_context_push_thread_default (context);
  session = new_session (attacker->cert);
  while (!g_atomic_int_get (attacker->stop))
    {
      if (get (session, attacker->uri, attacker->credentials) != 401)
        g_error ("a wrong secret was not refused with 401");
      attacker->requests++;
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The median and the 95th percentile of @samples unrelated requests, in
 * microseconds. */
static void
measure (SoupSession *session,
         const char  *uri,
         const char  *credentials,
         guint        samples,
         gint64      *median,
         gint64      *p95)
{
  g_autofree gint64 *times = g_new0 (gint64, samples);

  for (guint i = 0; i < samples; i++)
    {
      gint64 start = g_get_monotonic_time ();

      if (get (session, uri, credentials) != 200)
        g_error ("the unrelated request failed");
      times[i] = g_get_monotonic_time () - start;
      g_usleep (20000);
    }
  qsort (times, samples, sizeof *times, compare_times);
  *median = times[samples / 2];
  *p95 = times[MIN (samples - 1, samples * 95 / 100)];
}

int
main (int    argc,
      char **argv)
{
  guint attackers = argc > 1 ? (guint) atoi (argv[1]) : 20;
  guint samples = argc > 2 ? (guint) atoi (argv[2]) : 50;
  g_autofree char *dir = g_dir_make_tmp ("awareness-bench-auth-XXXXXX", NULL);
  g_autofree char *command = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *wrong = NULL;
  g_autofree Attacker *all = g_new0 (Attacker, attackers);
  g_autofree GThread **threads = g_new0 (GThread *, attackers);
  g_autoptr(SoupSession) session = NULL;
  BenchServer server = { 0 };
  gint64 idle_median, idle_p95, busy_median, busy_p95;
  gint64 start, elapsed;
  gint stop = 0;
  guint wrong_secrets = 0;

  bench_server_start (&server, dir);
  uri = g_strconcat (server.base, "statements?limit=1", NULL);
  wrong = g_strdup_printf ("%.*s:not-the-secret",
                           (int) (strchr (server.credentials, ':') - server.credentials),
                           server.credentials);
  session = new_session (server.cert);
  /* Warm up: the server verifies the administrator's secret once. */
  get (session, uri, server.credentials);
  measure (session, uri, server.credentials, samples, &idle_median, &idle_p95);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < attackers; i++)
    {
      all[i] = (Attacker) { uri, wrong, server.cert, &stop, 0 };
      threads[i] = g_thread_new ("attacker", attack, &all[i]);
    }
  g_usleep (G_USEC_PER_SEC);
  measure (session, uri, server.credentials, samples, &busy_median, &busy_p95);
  g_atomic_int_set (&stop, 1);
  for (guint i = 0; i < attackers; i++)
    {
      g_thread_join (threads[i]);
      wrong_secrets += all[i].requests;
    }
  elapsed = g_get_monotonic_time () - start;

  g_print ("an unrelated request (GET of one statement, secret remembered), %u samples:\n",
           samples);
  g_print ("auth:     idle                              median %7.1f ms  p95 %7.1f ms\n",
           idle_median / 1000.0, idle_p95 / 1000.0);
  g_print ("auth:     %2u clients sending wrong secrets  median %7.1f ms  p95 %7.1f ms  "
           "(%u wrong secrets verified, "
           "%.1f/s)\n", attackers, busy_median / 1000.0, busy_p95 / 1000.0,
           wrong_secrets, wrong_secrets * 1e6 / (double) elapsed);
  g_print ("auth:     ratio busy / idle (median)         %.2f\n",
           (double) busy_median / (double) idle_median);

  bench_server_stop (&server);
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  return 0;
}
