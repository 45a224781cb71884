/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <string.h>

#include "bench-server.h"

void
bench_server_start (BenchServer *server,
                    const char  *dir)
{
  bench_server_start_on (server, dir, "lrs.db", NULL);
}

/* An instance on @database (a SQLite path or a PostgreSQL URI), with the
 * configuration in @dir; a new database gets its administrator, and
 * another instance on the same one gives its @credentials. */
void
bench_server_start_on (BenchServer *server,
                       const char  *dir,
                       const char  *database,
                       const char  *credentials)
{
  const char *binary = g_getenv ("AWARENESS_SERVER");
  const char *source = g_getenv ("AWARENESS_SOURCE_DIR");
  g_autofree char *config = g_build_filename (dir, "server.conf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GSubprocess) init = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *init_out = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) lines = NULL;
  const char *key = NULL, *secret = NULL;

  server->cert = g_build_filename (source != NULL ? source : ".", "tests", "data", "server",
                                   "test-cert.pem", NULL);
  server->key = g_build_filename (source != NULL ? source : ".", "tests", "data", "server",
                                  "test-key.pem", NULL);
  text = g_strdup_printf ("[server]\nlisten=127.0.0.1\nport=0\ncertificate=%s\nkey=%s\n"
                          "database=%s\naccount-home-page=" BENCH_HOME_PAGE "\n"
                          "[limits]\nmax-batch=50\n"
                          /* No lockout: bench-auth makes every wrong secret cost argon2id. */
                          "auth-failures-per-key=1000000\nauth-failures-per-address=1000000\n",
                          server->cert, server->key, database);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_assert_true (g_file_set_contents (config, text, -1, NULL));

  if (credentials != NULL)
    server->credentials = g_strdup (credentials);
  else
    {
      init = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "-c", config, "init",
                               NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (init, NULL, NULL, &init_out, NULL, &error);
      g_assert_no_error (error);
      lines = g_strsplit (init_out, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (g_str_has_prefix (lines[i], "key:"))
            key = g_strstrip (lines[i] + 4);
          if (g_str_has_prefix (lines[i], "secret:"))
            secret = g_strstrip (lines[i] + 7);
        }
      g_assert_nonnull (key);
      g_assert_nonnull (secret);
      server->credentials = g_strdup_printf ("%s:%s", key, secret);
    }

  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "-c", config,
                                      NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "https://"));
  server->base = g_strdup (strstr (line, "https://"));
}

void
bench_server_stop (BenchServer *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  g_clear_pointer (&server->base, g_free);
  g_clear_pointer (&server->credentials, g_free);
  g_clear_pointer (&server->cert, g_free);
  g_clear_pointer (&server->key, g_free);
}
