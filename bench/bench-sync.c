/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sync benchmark: N pending statements (10,000 by default) in a real
 * outbox, made as `awareness take` makes them, sent by awareness_sync_push
 * to awareness-server on loopback over HTTPS.  Baseline, in the same run
 * against the same server: one curl process POSTing the same statements
 * (with other ids, so that both are stored) in batches of the same size
 * over one kept-alive connection.  The ratio is what the sync's
 * bookkeeping (reading the outbox, marking each batch sent durably) costs
 * over the bare transfer.
 *
 * Usage: bench-sync [N]   (AWARENESS_SERVER, AWARENESS_SOURCE_DIR,
 * AWARENESS_CONTENT_DIR)
 */
#include <stdlib.h>
#include <string.h>

#include "awareness.h"
#include "bench-server.h"

#define BATCH 50

/* Finished attempts of “bench” until the outbox holds @n statements. */
static guint
fill_outbox (const char *path,
             guint       n)
{
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *modules;
  gint64 pending = 0;

  catalog = awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  g_assert_no_error (error);
  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  modules = awareness_catalog_get_modules (catalog);

  for (guint a = 0; pending < n; a++)
    {
      g_autoptr(AwarenessModule) module =
        g_list_model_get_item (modules, a % g_list_model_get_n_items (modules));
      g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new_random (module, NULL);
      g_autoptr(GPtrArray) statements = NULL;

      g_assert_true (awareness_store_begin_attempt (store, attempt, "bench", "ja", &error));
      for (guint q = 0; q < awareness_attempt_get_n_questions (attempt); q++)
        {
          AwarenessQuestion *question = awareness_attempt_get_question (attempt, q);
          AwarenessChoice *first = g_ptr_array_index (awareness_question_get_choices (question), 0);
          const char *ids[] = { awareness_choice_get_id (first), NULL };

          g_assert_true (
            awareness_attempt_answer (attempt, awareness_question_get_id (question), ids, &error));
        }
      g_assert_true (awareness_attempt_finish (attempt, NULL, &error));
      statements = awareness_xapi_build_attempt_statements (attempt, catalog, BENCH_HOME_PAGE,
                                                            "bench", "ja");
      g_assert_true (awareness_store_finish_attempt (store, attempt, statements, &error));
      pending = awareness_store_count_pending (store, &error);
    }
  return (guint) pending;
}

/* The outbox's statements with new ids and another learner, in batch
 * files, and a curl config that POSTs them one after the other. */
static char *
write_curl_config (const char  *records,
                   const char  *dir,
                   BenchServer *server)
{
  g_autoptr(AwarenessStore) store = awareness_store_new_for_path (records, NULL);
  g_autoptr(GPtrArray) pending = awareness_store_list_outbox (store, AWARENESS_OUTBOX_PENDING, 0,
                                                               NULL);
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *path = g_build_filename (dir, "curl.conf", NULL);
  g_autofree char *url = g_strconcat (server->base, "statements", NULL);

  for (guint i = 0; i < pending->len; i += BATCH)
    {
      g_autoptr(GString) batch = g_string_new ("[");
      g_autofree char *name = g_strdup_printf ("batch-%05u.json", i / BATCH);
      g_autofree char *file = g_build_filename (dir, name, NULL);

      for (guint j = i; j < pending->len && j < i + BATCH; j++)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autofree char *id = g_uuid_string_random ();
          g_autofree char *text = NULL;
          JsonObject *statement;

          g_assert_true (
            json_parser_load_from_data (parser,
                                        ((AwarenessOutboxItem *) g_ptr_array_index (pending, j))
                                          ->statement,
                                        -1, NULL));
          statement = json_node_get_object (json_parser_get_root (parser));
          json_object_set_string_member (statement, "id", id);
          json_object_set_member (statement, "actor",
                                  awareness_xapi_build_account_agent (BENCH_HOME_PAGE, "curl"));
          json_generator_set_root (generator, json_parser_get_root (parser));
          text = json_generator_to_data (generator, NULL);
          g_string_append_printf (batch, "%s%s", j > i ? "," : "", text);
        }
      g_string_append_c (batch, ']');
      g_assert_true (g_file_set_contents (file, batch->str, (gssize) batch->len, NULL));

      if (i > 0)
        g_string_append (config, "next\n");
      g_string_append_printf (
        config,
        "url = \"%s\"\nuser = \"%s\"\ncacert = \"%s\"\nheader = \"X-Experience-API-Version: "
        "1.0.3\"\n"
        "header = \"Content-Type: application/json\"\ndata-binary = \"@%s\"\nfail\nsilent\n"
        "show-error\noutput = \"/dev/null\"\n",
        url, server->credentials, server->cert, file);
    }
  g_assert_true (g_file_set_contents_full (path, config->str, (gssize) config->len,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  return g_steal_pointer (&path);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 10000;
  g_autofree char *dir = g_dir_make_tmp ("awareness-bench-sync-XXXXXX", NULL);
  g_autofree char *records = g_build_filename (dir, "records.db", NULL);
  g_autofree char *command = NULL;
  g_autofree char *curl_config = NULL;
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(GError) error = NULL;
  BenchServer server = { 0 };
  AwarenessConfig config = { 0 };
  AwarenessSyncSummary summary;
  gint64 start, sync_us, curl_us;
  guint pending;
  int status;

  if (curl == NULL)
    g_error ("curl is missing: it is the baseline (apt-get install curl)");
  pending = fill_outbox (records, n);
  bench_server_start (&server, dir);
  curl_config = write_curl_config (records, dir, &server);

  /* The administrator may record for any learner: one credential for both. */
  config.server_url = server.base;
  config.account_key = g_strndup (server.credentials,
                                  (gsize) (strchr (server.credentials, ':') - server.credentials));
  config.ca_file = server.cert;
  client = awareness_client_new (&config, strchr (server.credentials, ':') + 1, &error);
  g_assert_no_error (error);
  store = awareness_store_new_for_path (records, &error);
  g_assert_no_error (error);

  /* Warm up: the server verifies the credential's argon2id hash once. */
  {
    g_auto(AwarenessResponse) response = { 0 };

    g_assert_true (awareness_client_request (client, "GET", "about", NULL, &response, NULL, NULL));
  }

  {
    g_autofree char *argv_text = g_strdup_printf ("'%s' --config '%s'", curl, curl_config);

    start = g_get_monotonic_time ();
    g_assert_true (g_spawn_command_line_sync (argv_text, NULL, NULL, &status, NULL));
    curl_us = g_get_monotonic_time () - start;
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  start = g_get_monotonic_time ();
  g_assert_true (awareness_sync_push (store, client, NULL, NULL, NULL, &summary, NULL, &error));
  sync_us = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpuint (summary.sent, ==, pending);
  g_assert_cmpuint (summary.remaining, ==, 0);

  g_print (
    "%u statements in batches of %d, HTTPS keep-alive to awareness-server on loopback (durable "
    "SQLite)\n",
    pending, BATCH);
  g_print ("baseline: one curl process, same statements   %8.1f ms  %8.0f statements/s\n",
           curl_us / 1000.0, pending * 1e6 / (double) curl_us);
  g_print ("sync:     awareness_sync_push from the outbox  %8.1f ms  %8.0f statements/s\n",
           sync_us / 1000.0, pending * 1e6 / (double) sync_us);
  g_print ("ratio sync / curl: %.2f (target: at most 1.5)\n", (double) sync_us / (double) curl_us);

  g_free (config.account_key);
  bench_server_stop (&server);
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  return EXIT_SUCCESS;
}
