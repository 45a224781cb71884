/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A real SMTP server for the tests: npm smtp-server, run by
 * tests/peers/smtp-sink.js on an address of this machine; the messages it
 * receives are read back as JSON.
 */
#include <string.h>

#include "smtp-sink.h"

gboolean
smtp_sink_start (SmtpSink   *sink,
                 const char *host,
                 const char *refuse)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "peers", NULL);
  g_autofree char *script = g_build_filename (dir, "smtp-sink.js", NULL);
  g_autofree char *module = g_build_filename (dir, "node_modules", "smtp-server", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (node == NULL || !g_file_test (module, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("The npm peers are not installed: run “npm ci --prefix tests/peers” "
                   "(scripts/test does)");
      return FALSE;
    }
  sink->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    &error,
                                    node, script, "--host", host, "--refuse", refuse, NULL);
  g_assert_no_error (error);
  sink->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sink->process));
  line = g_data_input_stream_read_line_utf8 (sink->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening "));
  sink->port = (guint) g_ascii_strtoull (line + strlen ("listening "), NULL, 10);
  return TRUE;
}

void
smtp_sink_stop (SmtpSink *sink)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (sink->process), NULL, NULL);
  g_subprocess_wait (sink->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&sink->out);
  g_clear_object (&sink->process);
}

/* The next message the sink received, as JSON. */
JsonNode *
smtp_sink_next (SmtpSink *sink)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_utf8 (sink->out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return json_from_string (line, &error);
}

