/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the report benchmarks share: filling a store with statements in
 * batches, and the median time of GETs on one connection.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "bench-fill.h"

void
bench_filler_init (BenchFiller *filler,
                   LrsStore    *store,
                   guint        batch_size)
{
  filler->store = store;
  filler->batch = g_string_new ("[");
  filler->in_batch = 0;
  filler->total = 0;
  filler->batch_size = batch_size;
}

/* The batch to append the next statement's JSON text to. */
GString *
bench_filler_next (BenchFiller *filler)
{
  if (filler->in_batch > 0)
    g_string_append_c (filler->batch, ',');
  return filler->batch;
}

/* Counts the statement just appended; a full batch is inserted. */
void
bench_filler_added (BenchFiller *filler)
{
  filler->total++;
  if (++filler->in_batch == filler->batch_size)
    bench_filler_flush (filler);
}

void
bench_filler_flush (BenchFiller *filler)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (
      (GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (filler->in_batch == 0)
    return;
  g_string_append_c (filler->batch, ']');
  if (!json_parser_load_from_data (parser, filler->batch->str, (gssize) filler->batch->len, &error))
    g_error ("generated batch: %s", error->message);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (statements, json_node_ref (json_array_get_element (array, i)));
  if (!lrs_store_insert_statements (filler->store, statements, ids, &error))
    g_error ("insert: %s", error->message);
  g_string_assign (filler->batch, "[");
  filler->in_batch = 0;
}

void
bench_filler_clear (BenchFiller *filler)
{
  bench_filler_flush (filler);
  g_string_free (filler->batch, TRUE);
  filler->batch = NULL;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median wall time of @runs GETs of @path as @credentials (key:secret),
 * in milliseconds; @size is the last body's. */
double
bench_time_get (SoupSession *session,
                const char  *base,
                const char  *credentials,
                const char  *path,
                guint        runs,
                gsize       *size)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *uri = g_strconcat (base, path, NULL);
  g_autofree double *times = g_new0 (double, runs);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start;

      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "X-Experience-API-Version", "1.0.3");
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
      start = g_get_monotonic_time ();
      body = soup_session_send_and_read (session, msg, NULL, &error);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (body == NULL || soup_message_get_status (msg) != 200)
        g_error ("GET %s: %u %s", path, soup_message_get_status (msg),
                 error != NULL ? error->message : "");
      *size = g_bytes_get_size (body);
    }
  qsort (times, runs, sizeof times[0], compare_doubles);
  return times[runs / 2];
}

/* Copies the content of the source tree @source to @content, where the
 * server keeps published content, unless it is there: whether it was
 * copied. */
gboolean
bench_copy_content (const char *source,
                    const char *content)
{
  g_autofree char *parent = g_path_get_dirname (content);
  g_autofree char *command = g_strdup_printf ("cp -r '%s/content' '%s'",
                                              source != NULL ? source : ".", content);
  int wait_status = 0;

  if (g_file_test (content, G_FILE_TEST_IS_DIR))
    return FALSE;
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &wait_status, NULL));
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  return TRUE;
}

/* The server goes when the benchmark does, even on an assertion. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* awareness-server (@binary) on the configuration @config, with its xAPI
 * base, and a session of one keep-alive connection that trusts @cert
 * only, without a time limit (a first report may read a whole store). */
GSubprocess *
bench_spawn_server (const char   *binary,
                    const char   *config,
                    const char   *cert,
                    char        **base,
                    SoupSession **session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *line = NULL;
  GSubprocess *server;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, binary, "-c", config, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "https://"));
  *base = g_strdup (strstr (line, "https://"));

  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  *session = soup_session_new_with_options ("proxy-resolver", direct, "max-conns-per-host", 1,
                                            "timeout", 0, "idle-timeout", 0, NULL);
  soup_session_set_tls_database (*session, database);
  return server;
}
