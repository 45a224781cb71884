/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sending phishing-drill messages: MESSAGES recipients of one campaign,
 * all due, sent by one round of the server's drill timer
 * (lrs_drills_tick(): token, hash kept, message composed by the library,
 * sent through libcurl to the relay, recorded as sent) to the real SMTP
 * server of the tests (tests/peers/smtp-sink.js, npm smtp-server) on
 * loopback.  The server's modules are called in this process, on a
 * SQLite store in a temporary directory, as tests/test-server-units.c
 * does.
 *
 * Baseline, in the same run and to the same sink: the same number of
 * messages, composed beforehand, sent by a plain libcurl loop (one
 * connection per message, as lrs_mail_send() and `curl --mail-rcpt` do),
 * with nothing stored.  The ratio is the cost of the drill's own work.
 * Peak RSS (getrusage) is read after each part.
 *
 * Usage: bench-drills [MESSAGES]  (AWARENESS_SOURCE_DIR, AWARENESS_CONTENT_DIR)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <curl/curl.h>
#include <glib/gstdio.h>

#include "awareness.h"
#include "lrs-drills.h"
#include "lrs-drills-store.h"
#include "lrs-server.h"

#define HOME_PAGE "https://lrs.city.example/"
/* A token's length: 256 bits in base64url. */
#define TOKEN     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

/* The sink, and a thread that reads what it prints so that it never
 * waits on a full pipe. */
typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  guint             port;
  gint              received;
} Sink;

static gpointer
drain (gpointer data)
{
  Sink *sink = data;
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (sink->out, NULL, NULL, NULL)) != NULL)
    {
      g_atomic_int_inc (&sink->received);
      g_free (line);
    }
  return NULL;
}

static void
wait_for (Sink *sink,
          gint  count)
{
  while (g_atomic_int_get (&sink->received) < count)
    g_usleep (10000);
}

static double
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

typedef struct {
  const char *text;
  size_t      left;
} Upload;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  n,
         void   *data)
{
  Upload *upload = data;
  size_t count = MIN (size * n, upload->left);

  memcpy (buffer, upload->text, count);
  upload->text += count;
  upload->left -= count;
  return count;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  const char *source = g_getenv ("AWARENESS_SOURCE_DIR");
  g_autofree char *script = g_build_filename (source, "tests", "peers", "smtp-sink.js", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-drills-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) recipients =
    g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_drill_recipient_free);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(LrsDrill) drill = g_new0 (LrsDrill, 1);
  g_autoptr(GThread) reader = NULL;
  AwarenessDrill *template;
  Sink sink = { 0 };
  Lrs lrs = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, start;
  double baseline_s, drills_s, baseline_rss, drills_rss;
  int sent;
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  sink.process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                   &error, "node", script, "--host", "127.0.0.1", NULL);
  g_assert_no_error (error);
  sink.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sink.process));
  line = g_data_input_stream_read_line_utf8 (sink.out, NULL, NULL, &error);
  g_assert_nonnull (line);
  sink.port = (guint) g_ascii_strtoull (line + strlen ("listening "), NULL, 10);
  reader = g_thread_new ("sink", drain, &sink);
  url = g_strdup_printf ("smtp://127.0.0.1:%u", sink.port);

  /* The server's state: a store, the shipped catalog, the relay. */
  path = g_build_filename (dir, "lrs.db", NULL);
  lrs.config.home_page = g_strdup (HOME_PAGE);
  lrs.config.database = g_strdup (path);
  lrs.config.mail.smtp_url = g_strdup (url);
  lrs.config.mail.from = g_strdup ("training@city.example");
  lrs.config.drill_keep_days = 400;
  lrs.store = lrs_sqlite_store_new (path, &error);
  g_assert_no_error (error);
  lrs.catalog = awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL,
                                                     &error);
  g_assert_no_error (error);
  template = awareness_catalog_lookup_drill (lrs.catalog, "list-request");
  g_assert_nonnull (template);

  /* N staff with addresses, all due now. */
  g_assert_true (lrs_drills_store_init (lrs.store, &error));
  drill->id = g_strdup ("bench");
  drill->template = g_strdup ("list-request");
  drill->audience = g_strdup ("everyone");
  drill->audience_value = g_strdup ("");
  drill->send_from = now - 3600;
  drill->send_until = now - 1;
  drill->ends = now + 86400;
  drill->follow_up_days = 14;
  drill->created = now - 7200;
  drill->created_by = g_strdup ("admin");
  drill->excluded = g_new0 (char *, 1);
  for (guint i = 0; i < n; i++)
    {
      LrsDrillRecipient *recipient = g_new0 (LrsDrillRecipient, 1);
      LrsAccount account = { 0 };
      LrsContact contact = { 0 };
      g_autofree char *key = g_strdup_printf ("k%05u", i);
      g_autofree char *email = NULL;

      recipient->staff_id = g_strdup_printf ("s%05u", i);
      recipient->department = g_strdup_printf ("課%02u", i % 20);
      recipient->send_at = now - 3600 + i % 3600;
      account.key = key;
      account.staff_id = recipient->staff_id;
      account.department = recipient->department;
      account.role = LRS_ROLE_LEARNER;
      account.active = TRUE;
      g_assert_true (lrs_store_add_account (lrs.store, &account, "not-a-hash", &error));
      email = g_strdup_printf ("%s@city.example", recipient->staff_id);
      contact.email = email;
      contact.language = (char *) (i % 10 == 0 ? "en" : "ja");
      g_assert_true (lrs_store_set_contact (lrs.store, recipient->staff_id, &contact, &error));
      g_ptr_array_add (recipients, recipient);
      /* The baseline's message: the same template and size. */
      g_ptr_array_add (messages,
                       awareness_drill_compose_message (template, contact.language,
                                                        "training@city.example", email,
                                                        HOME_PAGE "drill/" TOKEN, TOKEN,
                                                        NULL, FALSE, &error));
      g_assert_no_error (error);
    }
  g_assert_true (lrs_drills_store_create (lrs.store, drill, recipients, &error));
  g_assert_no_error (error);

  /* Baseline: a plain libcurl loop. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      LrsDrillRecipient *recipient = g_ptr_array_index (recipients, i);
      GBytes *message = g_ptr_array_index (messages, i);
      g_autofree char *to = g_strdup_printf ("<%s@city.example>", recipient->staff_id);
      struct curl_slist *rcpt = curl_slist_append (NULL, to);
      Upload upload = { g_bytes_get_data (message, NULL), g_bytes_get_size (message) };
      CURL *curl = curl_easy_init ();
      CURLcode code;

      curl_easy_setopt (curl, CURLOPT_URL, url);
      curl_easy_setopt (curl, CURLOPT_MAIL_FROM, "<training@city.example>");
      curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, rcpt);
      curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (curl, CURLOPT_READDATA, &upload);
      curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
      code = curl_easy_perform (curl);
      g_assert_cmpint (code, ==, CURLE_OK);
      curl_easy_cleanup (curl);
      curl_slist_free_all (rcpt);
    }
  wait_for (&sink, (gint) n);
  baseline_s = (g_get_monotonic_time () - start) / 1e6;
  baseline_rss = peak_rss_mib ();

  /* The drill: one round of the timer sends everything due. */
  start = g_get_monotonic_time ();
  sent = lrs_drills_tick (&lrs, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent, ==, (int) n);
  wait_for (&sink, (gint) (2 * n));
  drills_s = (g_get_monotonic_time () - start) / 1e6;
  drills_rss = peak_rss_mib ();

  g_print ("messages: %u to the SMTP sink on loopback\n", n);
  g_print ("baseline, plain libcurl loop:   %.2f s, %.0f messages/s, peak RSS %.1f MiB\n",
           baseline_s, n / baseline_s, baseline_rss);
  g_print ("drill round (lrs_drills_tick): %.2f s, %.0f messages/s, peak RSS %.1f MiB\n",
           drills_s, n / drills_s, drills_rss);
  g_print ("ratio drill / baseline, messages/s: %.2f\n", (n / drills_s) / (n / baseline_s));

  g_output_stream_close (g_subprocess_get_stdin_pipe (sink.process), NULL, NULL);
  g_subprocess_wait (sink.process, NULL, NULL);
  g_thread_join (g_steal_pointer (&reader));
  g_clear_object (&sink.out);
  g_clear_object (&sink.process);
  g_clear_object (&lrs.store);
  g_clear_object (&lrs.catalog);
  lrs_config_clear (&lrs.config);
  curl_global_cleanup ();
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return EXIT_SUCCESS;
}
