/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The sync as it meets the world: real records in a SQLite file, real
 * libcurl over TLS, the real awareness-server on loopback, Learning
 * Locker's LRS (npm xapi-statements) that nobody here wrote, and a proxy
 * that the tests control to cut connections, answer 500 and 429 and be
 * slow.  Whatever happens, every statement reaches the server exactly
 * once, nothing leaves the outbox that the server does not hold, and
 * nothing stays that it does.
 */
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <libsecret/secret.h>
#include <sqlite3.h>

#include "awareness.h"
#include "lrs-fixture.h"

#define FAULT_RUNS 20
#define PEER_FAULT_RUNS 5

/* Records on a machine: @n_attempts finished attempts of @user. */
static char *
make_records (const char *dir,
              const char *name,
              const char *user,
              const char *home_page,
              guint       n_attempts)
{
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GListModel *modules;

  catalog = awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  g_assert_no_error (error);
  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  modules = awareness_catalog_get_modules (catalog);

  for (guint a = 0; a < n_attempts; a++)
    {
      g_autoptr(AwarenessModule) module =
        g_list_model_get_item (modules, a % g_list_model_get_n_items (modules));
      g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new_random (module, NULL);
      g_autoptr(GPtrArray) statements = NULL;

      g_assert_true (awareness_store_begin_attempt (store, attempt, user, "ja", &error));
      for (guint q = 0; q < awareness_attempt_get_n_questions (attempt); q++)
        {
          AwarenessQuestion *question = awareness_attempt_get_question (attempt, q);
          AwarenessChoice *first = g_ptr_array_index (awareness_question_get_choices (question), 0);
          const char *ids[] = { awareness_choice_get_id (first), NULL };

          g_assert_true (
            awareness_attempt_answer (attempt, awareness_question_get_id (question), ids, &error));
          g_assert_true (awareness_store_record_answer (store, attempt,
                                                        awareness_question_get_id (question),
                                                        &error));
        }
      g_assert_true (awareness_attempt_finish (attempt, NULL, &error));
      statements = awareness_xapi_build_attempt_statements (attempt, catalog, home_page, user,
                                                            "ja");
      g_assert_true (awareness_store_finish_attempt (store, attempt, statements, &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&path);
}

static AwarenessClient *
make_client (const char *base,
             const char *credentials,
             const char *ca_file)
{
  g_autofree char *key = g_strndup (credentials, (gsize) (strchr (credentials, ':') - credentials));
  AwarenessConfig config = { 0 };
  g_autoptr(GError) error = NULL;
  AwarenessClient *client;

  config.server_url = (char *) base;
  config.account_key = key;
  config.ca_file = (char *) ca_file;
  client = awareness_client_new (&config, strchr (credentials, ':') + 1, &error);
  g_assert_no_error (error);
  return client;
}

static char *
test_cert (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem", NULL);
}

static char *
test_key (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "server", "test-key.pem", NULL);
}

static GPtrArray *
outbox (const char           *path,
        AwarenessOutboxState  state)
{
  g_autoptr(AwarenessStore) store = awareness_store_new_for_path (path, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  g_assert_nonnull (store);
  items = awareness_store_list_outbox (store, state, 0, &error);
  g_assert_no_error (error);
  return items;
}

static gboolean
push (const char           *records,
      AwarenessClient      *client,
      AwarenessSyncOptions *options,
      AwarenessSyncSummary *summary,
      GError              **error)
{
  g_autoptr(AwarenessStore) store = awareness_store_new_for_path (records, NULL);

  g_assert_nonnull (store);
  return awareness_sync_push (store, client, options, NULL, NULL, summary, NULL, error);
}

/* The ids of the statements the LRS at @base holds about @name, paging
 * through `more`; asked directly, not through any proxy. */
static GHashTable *
ids_on_server (const char *base,
               const char *credentials,
               const char *name)
{
  g_autoptr(AwarenessClient) client = NULL;
  g_autofree char *cert = test_cert ();
  g_autofree char *agent =
    g_strdup_printf ("{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"%s\",\"name\":\"%s\"}}",
                     HOME_PAGE, name);
  g_autofree char *escaped = g_uri_escape_string (agent, NULL, FALSE);
  g_autofree char *path = g_strconcat ("statements?limit=100&agent=", escaped, NULL);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint total = 0;

  client = make_client (base, credentials, cert);
  while (path != NULL)
    {
      g_auto(AwarenessResponse) response = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *result;
      JsonArray *statements;
      const char *more;

      g_assert_true (awareness_client_request (client, "GET", path, NULL, &response, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (response.status, ==, 200);
      g_assert_true (json_parser_load_from_data (parser, response.body, -1, NULL));
      result = json_node_get_object (json_parser_get_root (parser));
      statements = json_object_get_array_member (result, "statements");
      for (guint i = 0; i < json_array_get_length (statements); i++)
        {
          total++;
          g_hash_table_add (ids, g_strdup (json_object_get_string_member (
                                   json_array_get_object_element (statements, i), "id")));
        }
      more = json_object_get_string_member_with_default (result, "more", "");
      g_clear_pointer (&path, g_free);
      if (more[0] != '\0')
        {
          g_autoptr(GUri) base_uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);
          g_autoptr(GUri) next = g_uri_parse_relative (base_uri, more, G_URI_FLAGS_NONE, NULL);
          g_autofree char *absolute = g_uri_to_string (next);

          path = g_strdup (absolute);
        }
    }
  /* Exactly once: no id twice in what the server returns. */
  g_assert_cmpuint (total, ==, g_hash_table_size (ids));
  return ids;
}

/* Every statement of the records is on the server once, the outbox has
 * nothing pending nor put aside, and the server holds nothing else. */
static void
assert_delivered (const char *records,
                  const char *base,
                  const char *credentials,
                  const char *name)
{
  g_autoptr(GPtrArray) sent = outbox (records, AWARENESS_OUTBOX_SENT);
  g_autoptr(GPtrArray) pending = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_autoptr(GPtrArray) rejected = outbox (records, AWARENESS_OUTBOX_REJECTED);
  g_autoptr(GHashTable) on_server = ids_on_server (base, credentials, name);

  g_assert_cmpuint (pending->len, ==, 0);
  g_assert_cmpuint (rejected->len, ==, 0);
  g_assert_cmpuint (sent->len, >, 0);
  g_assert_cmpuint (g_hash_table_size (on_server), ==, sent->len);
  for (guint i = 0; i < sent->len; i++)
    g_assert_true (
      g_hash_table_contains (on_server,
                             ((AwarenessOutboxItem *) g_ptr_array_index (sent, i))->statement_id));
}

/* A node process that prints “LISTENING PORT” when ready. */
static GSubprocess *
spawn_node (char       **port,
            const char  *script,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *module = g_test_build_filename (G_TEST_DIST, "peers", "node_modules",
                                                   "xapi-statements", NULL);
  GSubprocess *process;
  const char *arg;
  va_list args;

  if (node == NULL || !g_file_test (module, G_FILE_TEST_IS_DIR))
    g_error (
      "The npm peers are not installed: run “npm ci --prefix tests/peers” (scripts/test does)");
  g_ptr_array_add (argv, g_strdup (node));
  g_ptr_array_add (argv, g_test_build_filename (G_TEST_DIST, "peers", script, NULL));
  va_start (args, script);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "LRS_KEY", "peer", TRUE);
  g_subprocess_launcher_setenv (launcher, "LRS_SECRET", "peer-secret", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "LISTENING "));
  *port = g_strdup (line + strlen ("LISTENING "));
  return process;
}

static void
stop_node (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

static GSubprocess *
start_proxy (const char *upstream,
             guint       seed,
             const char *rate,
             const char *cert,
             const char *key,
             char      **base)
{
  g_autofree char *ca = test_cert ();
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  g_autofree char *port = NULL;
  g_autoptr(GUri) uri = g_uri_parse (upstream, G_URI_FLAGS_NONE, NULL);
  GSubprocess *proxy = spawn_node (&port, "fault-proxy.js", "--upstream", upstream, "--key", key,
                                   "--cert", cert, "--ca", ca, "--seed", seed_text, "--rate", rate,
                                   NULL);

  *base = g_strdup_printf ("https://127.0.0.1:%s%s", port, g_uri_get_path (uri));
  return proxy;
}

static JsonObject *
proxy_stats (const char *proxy_base,
             const char *cert,
             JsonParser *parser)
{
  g_autoptr(AwarenessClient) client = make_client (proxy_base, "x:y", cert);
  g_auto(AwarenessResponse) response = { 0 };

  g_assert_true (
    awareness_client_request (client, "GET", "/__proxy/stats", NULL, &response, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, response.body, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* The server checks a credential's argon2id hash once, slowly under the
 * sanitizers: not within the short timeouts of the fault tests. */
static void
warm_up (const char *base,
         const char *credentials)
{
  g_autofree char *cert = test_cert ();
  g_autoptr(AwarenessClient) client = make_client (base, credentials, cert);
  g_auto(AwarenessResponse) response = { 0 };

  g_assert_true (
    awareness_client_request (client, "GET", "statements?limit=1", NULL, &response, NULL, NULL));
  g_assert_cmpuint (response.status, ==, 200);
}

static void
fast_options (AwarenessSyncOptions *options)
{
  awareness_sync_options_init (options);
  options->batch_size = 8;
  options->max_tries = 3;
  options->base_delay_ms = 10;
  options->max_delay_ms = 200;
  options->timeout_s = 2;
}

/* A self-inspection of the staff checklist, submitted: every item yes
 * but the first, no with a comment. */
static char *
make_inspection (const char *dir,
                 const char *user)
{
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessInspection) inspection = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "inspection.db", NULL);
  AwarenessChecklist *checklist;
  GPtrArray *items;

  catalog = awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  g_assert_no_error (error);
  store = awareness_store_new_for_path (path, &error);
  g_assert_no_error (error);
  checklist = awareness_catalog_lookup_checklist (catalog, "staff-self-inspection");
  items = awareness_checklist_get_items (checklist);
  inspection = awareness_inspection_new (checklist);
  g_assert_true (awareness_store_begin_inspection (store, inspection, user, "ja", &error));
  for (guint i = 0; i < items->len; i++)
    {
      const char *id = awareness_checklist_item_get_id (g_ptr_array_index (items, i));

      g_assert_true (awareness_inspection_set_answer (inspection, id,
                                                      i == 0 ? AWARENESS_CHECK_ANSWER_NO
                                                             : AWARENESS_CHECK_ANSWER_YES,
                                                      i == 0 ? "研修の機会がない" : NULL, &error));
      g_assert_true (awareness_store_record_inspection_answer (store, inspection, id, &error));
    }
  g_assert_true (awareness_inspection_finish (inspection, &error));
  statements = awareness_xapi_build_inspection_statements (inspection, catalog, HOME_PAGE, user,
                                                           "ja");
  g_assert_true (awareness_store_finish_inspection (store, inspection, statements, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* A self-inspection's statements reach the real server like the rest,
 * and read back as the library reads them: the answer and its comment. */
static void
test_self_inspection (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_inspection (fixture->dir, "tanaka");
  g_autoptr(AwarenessClient) client = make_client (fixture->base, fixture->learner, cert);
  g_autoptr(AwarenessClient) admin = make_client (fixture->base, fixture->admin, cert);
  g_autoptr(GPtrArray) before = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  AwarenessSyncSummary summary;
  JsonArray *statements;
  guint n_answers = 0, n_completed = 0;

  g_assert_cmpuint (before->len, ==, 21);
  g_assert_true (push (records, client, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.sent, ==, 21);
  assert_delivered (records, fixture->base, fixture->admin, "tanaka");

  g_assert_true (awareness_client_request (admin, "GET", "statements?limit=100", NULL, &response,
                                           NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_true (json_parser_load_from_data (parser, response.body, -1, NULL));
  statements = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                             "statements");
  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      g_autoptr(AwarenessVerdict) verdict =
          awareness_verdict_new_from_statement (json_array_get_object_element (statements, i),
                                                &error);

      g_assert_no_error (error);
      g_assert_cmpstr (verdict->checklist_id, ==, "staff-self-inspection");
      g_assert_cmpstr (verdict->checklist_version, ==, "2026.1");
      if (verdict->kind == AWARENESS_VERDICT_COMPLETED)
        n_completed++;
      else if (g_strcmp0 (verdict->item_id, "common-understanding") == 0)
        {
          g_assert_cmpstr (verdict->response, ==, "no");
          g_assert_cmpstr (verdict->comment, ==, "研修の機会がない");
          n_answers++;
        }
      else
        {
          g_assert_cmpstr (verdict->response, ==, "yes");
          n_answers++;
        }
    }
  g_assert_cmpuint (n_answers, ==, 20);
  g_assert_cmpuint (n_completed, ==, 1);
}

/* Plain: a whole outbox reaches the server; a second sync sends nothing. */
static void
test_push (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 3);
  g_autoptr(AwarenessClient) client = make_client (fixture->base, fixture->learner, cert);
  g_autoptr(GPtrArray) before = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_autoptr(GError) error = NULL;
  AwarenessSyncSummary summary;
  guint n = before->len;

  g_assert_cmpuint (n, >, 10);
  g_assert_true (push (records, client, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.sent, ==, n);
  g_assert_cmpuint (summary.remaining, ==, 0);
  assert_delivered (records, fixture->base, fixture->admin, "tanaka");

  g_assert_true (push (records, client, NULL, &summary, &error));
  g_assert_cmpuint (summary.sent, ==, 0);
  g_assert_cmpuint (summary.already, ==, 0);
}

/* Runs of syncs through the fault proxy until the outbox is empty; then
 * every statement is on the upstream LRS exactly once. */
static void
fault_runs (const char *upstream,
            const char *credentials,
            const char *reader,
            const char *dir,
            guint       runs,
            guint       first_seed)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *key = test_key ();
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint requests = 0;

  warm_up (upstream, credentials);

  for (guint run = 0; run < runs; run++)
    {
      guint seed = first_seed + run;
      g_autofree char *name = g_strdup_printf ("run-%u", seed);
      g_autofree char *file = g_strdup_printf ("records-%u.db", seed);
      g_autofree char *records = make_records (dir, file, name, HOME_PAGE, 2 + seed % 4);
      g_autofree char *proxy_base = NULL;
      GSubprocess *proxy = start_proxy (upstream, seed, "0.4", cert, key, &proxy_base);
      g_autoptr(AwarenessClient) client = make_client (proxy_base, credentials, cert);
      g_autoptr(JsonParser) parser = json_parser_new ();
      AwarenessSyncOptions options;
      AwarenessSyncSummary summary;
      gboolean done = FALSE;
      JsonObject *stats;
      GList *members;

      g_test_message ("fault run %u (seed %u) against %s", run, seed, upstream);
      fast_options (&options);
      /* Each sync either empties the outbox or stops with what is left
       * pending; the next one carries on, as the next start would. */
      for (guint round = 0; round < 30 && !done; round++)
        {
          g_autoptr(GError) error = NULL;

          done = push (records, client, &options, &summary, &error);
          if (!done)
            {
              g_test_message ("round %u: %s", round, error->message);
              g_assert_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE);
            }
          g_assert_cmpuint (summary.rejected, ==, 0);
        }
      g_assert_true (done);
      assert_delivered (records, upstream, reader, name);

      stats = proxy_stats (proxy_base, cert, parser);
      requests += (guint) json_object_get_int_member (stats, "requests");
      members = json_object_get_members (stats);
      for (GList *l = members; l != NULL; l = l->next)
        if (json_object_get_int_member (stats, l->data) > 0)
          g_hash_table_add (kinds, g_strdup (l->data));
      g_list_free (members);
      stop_node (proxy);
    }

  /* The runs met every kind of fault, or they proved little. */
  g_test_message ("%u requests through the proxy", requests);
  if (runs >= FAULT_RUNS)
    {
      static const char * const all[] = { "drop-before", "drop-after", "500-before",
                                          "500-after",   "429",        "slow" };

      for (guint i = 0; i < G_N_ELEMENTS (all); i++)
        g_assert_true (g_hash_table_contains (kinds, all[i]));
    }
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  fault_runs (fixture->base, fixture->admin, fixture->admin, fixture->dir, FAULT_RUNS, 1);
}

/* The same against Learning Locker's LRS, which nobody here wrote. */
static void
test_peer (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *key = test_key ();
  g_autofree char *port = NULL;
  g_autofree char *base = NULL;
  GSubprocess *peer = spawn_node (&port, "xapi-statements-lrs.js", "0", "--tls", key, cert, NULL);
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 3);
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(GError) error = NULL;
  AwarenessSyncSummary summary;

  base = g_strdup_printf ("https://127.0.0.1:%s/xAPI/", port);
  client = make_client (base, "peer:peer-secret", cert);
  g_assert_true (push (records, client, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.remaining, ==, 0);
  assert_delivered (records, base, "peer:peer-secret", "tanaka");

  fault_runs (base, "peer:peer-secret", "peer:peer-secret", fixture->dir, PEER_FAULT_RUNS, 101);
  stop_node (peer);
}

/* libcurl's pin of a certificate's public key: sha256//BASE64. */
static char *
public_key_pin (const char *cert)
{
  g_autofree char *command =
    g_strdup_printf ("sh -c \"openssl x509 -in '%s' -pubkey -noout | openssl pkey -pubin "
                     "-outform der | openssl dgst -sha256 -binary | base64\"",
                     cert);
  g_autofree char *out = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strconcat ("sha256//", g_strstrip (out), NULL);
}

/* A server whose certificate this machine does not trust gets nothing. */
static void
test_wrong_ca (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *other_key = g_build_filename (fixture->dir, "other-key.pem", NULL);
  g_autofree char *other_cert = g_build_filename (fixture->dir, "other-cert.pem", NULL);
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 1);
  g_autofree char *proxy_base = NULL;
  g_autoptr(GPtrArray) before = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *command =
    g_strdup_printf ("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                     "-addext subjectAltName=IP:127.0.0.1 -keyout '%s' -out '%s'",
                     other_key, other_cert);
  g_autofree char *openssl_out = NULL;
  g_autofree char *openssl_err = NULL;
  GSubprocess *proxy;
  AwarenessSyncSummary summary;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, &openssl_out, &openssl_err, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  proxy = start_proxy (fixture->base, 1, "0", other_cert, other_key, &proxy_base);
  client = make_client (proxy_base, fixture->learner, cert);

  g_assert_false (push (records, client, NULL, &summary, &error));
  g_assert_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "could not prove its identity"));
  g_assert_cmpuint (summary.sent, ==, 0);
  g_assert_cmpuint (summary.remaining, ==, before->len);
  after = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_assert_cmpuint (after->len, ==, before->len);
  /* Not one request got through the TLS handshake. */
  g_assert_cmpint (json_object_get_int_member (proxy_stats (proxy_base, other_cert, parser),
                                               "requests"),
                   ==, 0);
  stop_node (proxy);

  /* A pinned key: the server's own is accepted, another refused, even
   * from a certificate the CA file trusts. */
  {
    g_autofree char *pin_of_server = public_key_pin (cert);
    g_autofree char *pin_of_other = public_key_pin (other_cert);
    g_autofree char *key = key_of (fixture->learner);
    AwarenessConfig pinned = { 0 };
    g_autoptr(AwarenessClient) good = NULL;
    g_autoptr(AwarenessClient) bad = NULL;
    g_auto(AwarenessResponse) response = { 0 };
    g_autoptr(GError) pin_error = NULL;

    pinned.server_url = fixture->base;
    pinned.account_key = key;
    pinned.ca_file = cert;
    pinned.pinned_key = pin_of_server;
    good = awareness_client_new (&pinned, strchr (fixture->learner, ':') + 1, NULL);
    g_assert_true (
      awareness_client_request (good, "GET", "about", NULL, &response, NULL, &pin_error));
    g_assert_no_error (pin_error);
    g_assert_cmpuint (response.status, ==, 200);

    pinned.pinned_key = pin_of_other;
    bad = awareness_client_new (&pinned, strchr (fixture->learner, ':') + 1, NULL);
    g_assert_false (
      awareness_client_request (bad, "GET", "about", NULL, &response, NULL, &pin_error));
    g_assert_error (pin_error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_TLS);
  }
}

/* A server that is down: everything stays, and is counted as tried. */
static void
test_server_down (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 1);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  AwarenessSyncOptions options;
  AwarenessSyncSummary summary;
  guint16 port;

  /* A port that was free a moment ago, and closed now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  base = g_strdup_printf ("https://127.0.0.1:%u/xapi/", port);
  client = make_client (base, fixture->learner, cert);
  fast_options (&options);

  g_assert_false (push (records, client, &options, &summary, &error));
  g_assert_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE);
  g_assert_cmpuint (summary.sent, ==, 0);
  g_assert_cmpuint (summary.retries, ==, options.max_tries - 1);
  after = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_assert_cmpuint (summary.remaining, ==, after->len);
  g_assert_cmpuint (((AwarenessOutboxItem *) g_ptr_array_index (after, 0))->tries, ==,
                    options.max_tries);
  g_assert_nonnull (((AwarenessOutboxItem *) g_ptr_array_index (after, 0))->last_error);

  /* When it is back, the same outbox goes through, each once. */
  {
    g_autoptr(AwarenessClient) back = make_client (fixture->base, fixture->learner, cert);

    g_clear_error (&error);
    g_assert_true (push (records, back, NULL, &summary, &error));
    g_assert_no_error (error);
    assert_delivered (records, fixture->base, fixture->admin, "tanaka");
  }
}

/* The loss of one of two instances on one database (SIGKILL: no clean
 * shutdown), as a load balancer sees it.  What the lost instance
 * acknowledged is in the database; what it had stored but never answered
 * (its answers lost with it: here, the first sync's outbox marked pending
 * again) is sent again through the other and counted once; what the
 * learner recorded meanwhile waits in the outbox while the lost address
 * refuses, then goes through the other.  Every statement is on the server
 * once, and the restarted instance serves it all. */
static void
test_instance_loss (Fixture       *fixture,
                    gconstpointer  data)
{
  Fixture second = { .dir = fixture->dir, .config = fixture->config, .session = fixture->session };
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 2);
  g_autoptr(AwarenessClient) first_client = make_client (fixture->base, fixture->learner, cert);
  g_autoptr(AwarenessClient) second_client = NULL;
  g_autoptr(GPtrArray) acknowledged = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  AwarenessSyncOptions options;
  AwarenessSyncSummary summary;

  start_server (&second);
  second_client = make_client (second.base, fixture->learner, cert);

  g_assert_true (push (records, first_client, NULL, &summary, &error));
  g_assert_no_error (error);
  acknowledged = outbox (records, AWARENESS_OUTBOX_SENT);
  g_assert_cmpuint (summary.sent, ==, acknowledged->len);
  /* The answers of the first instance lost with it. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (records, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE outbox SET state = 'pending', sent_at = NULL",
                                   NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (db);
  }

  g_subprocess_force_exit (fixture->server);
  g_assert_true (g_subprocess_wait (fixture->server, NULL, NULL));
  g_assert_false (g_subprocess_get_if_exited (fixture->server));
  g_clear_object (&fixture->server);

  /* Recorded while the instance is gone: kept, not lost. */
  g_free (make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 2));
  waiting = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_assert_cmpuint (waiting->len, >, acknowledged->len);
  fast_options (&options);
  g_assert_false (push (records, first_client, &options, &summary, &error));
  g_assert_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_cmpuint (summary.remaining, ==, waiting->len);

  /* Through the other instance: everything, the lost answers included
   * (found held, or sent again and stored once). */
  g_assert_true (push (records, second_client, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.sent + summary.already, ==, waiting->len);
  g_assert_cmpuint (summary.rejected, ==, 0);
  assert_delivered (records, second.base, fixture->admin, "tanaka");

  /* The lost instance back: the same records, each once. */
  start_server (fixture);
  assert_delivered (records, fixture->base, fixture->admin, "tanaka");
  stop_server (&second);
  g_free (second.base);
}

/* Something that is not an LRS at the address (a wrong path: 404): the
 * sync stops and nothing is put aside; a link to another server is not
 * followed with the credential. */
static void
test_not_an_lrs (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 1);
  g_autofree char *wrong = g_strconcat (fixture->base, "not-here/", NULL);
  g_autoptr(AwarenessClient) client = make_client (wrong, fixture->learner, cert);
  g_autoptr(AwarenessClient) right = make_client (fixture->base, fixture->learner, cert);
  g_autoptr(GPtrArray) before = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) elsewhere = NULL;
  g_auto(AwarenessResponse) response = { 0 };
  AwarenessSyncSummary summary;

  g_assert_false (push (records, client, NULL, &summary, &error));
  g_assert_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "HTTP 404"));
  after = outbox (records, AWARENESS_OUTBOX_PENDING);
  rejected = outbox (records, AWARENESS_OUTBOX_REJECTED);
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_cmpuint (rejected->len, ==, 0);

  g_assert_false (awareness_client_request (right, "GET", "https://example.org/xapi/statements",
                                            NULL, &response, NULL, &elsewhere));
  g_assert_error (elsewhere, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED);
}

/* A server that answers every request with one fixed page and status
 * (200 unless set), in a thread of its own (the client's calls block). */
typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base;
  char         *body;
  guint         status;
  GMutex        lock;
  GCond         ready;
  GThread      *thread;
} Untrusted;

static void
untrusted_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Untrusted *untrusted = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "X-Experience-API-Version", "1.0.3");
  soup_message_headers_replace (headers, "Retry-After", "3600");
  if (untrusted->status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Basic realm=\"LRS\"");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, untrusted->body,
                                    strlen (untrusted->body));
  soup_server_message_set_status (msg, untrusted->status != 0 ? untrusted->status : SOUP_STATUS_OK,
                                  NULL);
}

static gpointer
untrusted_thread (gpointer data)
{
  Untrusted *untrusted = data;
  g_autofree char *cert = test_cert ();
  g_autofree char *key = test_key ();
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (untrusted->context);
  untrusted->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (untrusted->server, NULL, untrusted_cb, untrusted, NULL);
  g_assert_true (soup_server_listen_local (untrusted->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY |
                                           SOUP_SERVER_LISTEN_HTTPS, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (untrusted->server);
  g_mutex_lock (&untrusted->lock);
  untrusted->base = g_strdup_printf ("https://127.0.0.1:%d/xapi/", g_uri_get_port (uris->data));
  g_cond_signal (&untrusted->ready);
  g_mutex_unlock (&untrusted->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (untrusted->loop);
  /* Close the listener and the client's connections, and let their
   * sources finish, or the accepted sockets outlive the server. */
  soup_server_disconnect (untrusted->server);
  while (g_main_context_iteration (untrusted->context, FALSE))
    ;
  g_object_unref (untrusted->server);
  while (g_main_context_iteration (untrusted->context, FALSE))
    ;
  g_main_context_pop_thread_default (untrusted->context);
  return NULL;
}

/* Starts @untrusted answering @body with @status; its base is set. */
static void
untrusted_start (Untrusted  *untrusted,
                 const char *body,
                 guint       status)
{
  untrusted->context = g_main_context_new ();
  untrusted->loop = g_main_loop_new (untrusted->context, FALSE);
  untrusted->body = g_strdup (body);
  untrusted->status = status;
  g_mutex_init (&untrusted->lock);
  g_cond_init (&untrusted->ready);
  untrusted->thread = g_thread_new ("untrusted-server", untrusted_thread, untrusted);
  g_mutex_lock (&untrusted->lock);
  while (untrusted->base == NULL)
    g_cond_wait (&untrusted->ready, &untrusted->lock);
  g_mutex_unlock (&untrusted->lock);
}

static void
untrusted_stop (Untrusted *untrusted)
{
  g_main_loop_quit (untrusted->loop);
  g_main_context_wakeup (untrusted->context);
  g_thread_join (g_steal_pointer (&untrusted->thread));
  g_main_loop_unref (untrusted->loop);
  g_main_context_unref (untrusted->context);
  g_free (untrusted->base);
  g_free (untrusted->body);
  g_mutex_clear (&untrusted->lock);
  g_cond_clear (&untrusted->ready);
}

/* Signs in as @credentials at @url, trusting @ca_file, with the
 * configuration file in @dir. */
static gboolean
sign_in_at (const char       *dir,
            const char       *url,
            const char       *credentials,
            const char       *secret,
            const char       *ca_file,
            AwarenessConfig **signed_in,
            GError          **error)
{
  g_autofree char *path = g_build_filename (dir, "awareness.conf", NULL);
  g_autoptr(AwarenessConfig) config = awareness_config_load (path, error);
  g_autofree char *records = g_build_filename (dir, "records.db", NULL);
  g_autoptr(AwarenessStore) store = awareness_store_new_for_path (records, error);
  gboolean ok;

  g_assert_nonnull (config);
  g_assert_nonnull (store);
  config->server_url = g_strdup (url);
  config->account_key = key_of (credentials);
  config->ca_file = g_strdup (ca_file);
  ok = awareness_sign_in (config, secret, store, NULL, NULL, error);
  if (signed_in != NULL)
    *signed_in = g_steal_pointer (&config);
  return ok;
}

/* The address is checked with the xAPI About resource before anything
 * else: the server's root finds /xapi/ by itself, and a wrong address,
 * a refused connection, an untrusted certificate and a wrong secret each
 * say what really happened, with nothing saved. */
static void
test_sign_in_address (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *dir = g_build_filename (fixture->dir, "client", NULL);
  g_autofree char *conf = g_build_filename (dir, "awareness.conf", NULL);
  g_autofree char *root = g_strndup (fixture->base, strlen (fixture->base) - strlen ("xapi/"));
  g_autofree char *wrong = g_strconcat (root, "lrs/", NULL);
  g_autofree char *wrong_about = g_strconcat (wrong, "about", NULL);
  const char *secret = strchr (fixture->learner, ':') + 1;
  g_autoptr(AwarenessConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_suffix (fixture->base, "/xapi/"));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_setenv ("AWARENESS_SECRET_STORE", "file", TRUE);
  g_setenv ("AWARENESS_USER", "tanaka", TRUE);

  /* An address that is no LRS: its answer, 404, and where it came from. */
  g_assert_false (sign_in_at (dir, wrong, fixture->learner, secret, cert, NULL, &error));
  g_assert_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "HTTP 404"));
  g_assert_nonnull (strstr (error->message, wrong_about));
  g_assert_false (g_file_test (conf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Nothing listens: the connection's own failure. */
  g_assert_false (
    sign_in_at (dir, "https://127.0.0.1:1/xapi/", fixture->learner, secret, cert, NULL, &error));
  g_assert_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "port 1"));
  g_clear_error (&error);

  /* A CA that did not sign the server's certificate. */
  {
    g_autofree char *other_key = g_build_filename (fixture->dir, "other-key.pem", NULL);
    g_autofree char *other_cert = g_build_filename (fixture->dir, "other-cert.pem", NULL);
    g_autofree char *command = g_strdup_printf ("openssl req -x509 -newkey rsa:2048 -nodes -days 1 "
                                                "-subj /CN=127.0.0.1 -keyout '%s' -out '%s'",
                                                other_key, other_cert);
    int status;

    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
    g_assert_cmpint (status, ==, 0);
    g_assert_false (
      sign_in_at (dir, fixture->base, fixture->learner, secret, other_cert, NULL, &error));
    g_assert_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, "could not prove its identity"));
    g_clear_error (&error);
  }

  /* The right address, the wrong secret. */
  g_assert_false (sign_in_at (dir, root, fixture->learner, "not-the-secret", cert, NULL, &error));
  g_assert_nonnull (strstr (error->message, "refused the account key or the secret"));
  g_assert_false (g_file_test (conf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* An LRS that asks for a credential before its About resource, and
   * refuses this one: the credential is named, not the address. */
  {
    Untrusted guarded = { 0 };

    untrusted_start (&guarded, "{\"error\":\"authentication required\"}",
                     SOUP_STATUS_UNAUTHORIZED);
    g_assert_false (sign_in_at (dir, guarded.base, fixture->learner, secret, cert, NULL, &error));
    g_assert_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "refused the account key or the secret"));
    g_assert_nonnull (strstr (error->message, "HTTP 401"));
    g_assert_null (strstr (error->message, "not the address"));
    g_assert_false (g_file_test (conf, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
    untrusted_stop (&guarded);
  }

  /* The server's root: /xapi/ is found, and saved. */
  g_assert_true (sign_in_at (dir, root, fixture->learner, secret, cert, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->server_url, ==, fixture->base);
  g_assert_cmpstr (config->staff_id, ==, "tanaka");
  g_clear_pointer (&config, awareness_config_free);
  config = awareness_config_load (conf, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->server_url, ==, fixture->base);

  /* The same through `awareness login`, without the trailing slash. */
  {
    g_autofree char *key = key_of (fixture->learner);
    g_autofree char *line = secret_line (fixture->learner);
    g_autofree char *bare = g_strndup (root, strlen (root) - 1);
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *expected = g_strdup_printf ("Signed in to %s as tanaka", fixture->base);

    g_assert_cmpint (run_cli (fixture, line, &out, &err, "login", "--server", bare, "--user", key,
                              "--ca-file", cert, NULL), ==, 0);
    g_assert_nonnull (strstr (out, expected));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (fixture, line, &out, &err, "login", "--server", wrong, "--user", key,
                              "--ca-file", cert, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "HTTP 404"));
  }
  g_unsetenv ("AWARENESS_USER");
}

/* IT provisions the server, the account and the CA for every user of a
 * machine in the system-wide file: the user's file reads over it, a
 * sign-in (in the library and with `awareness login`) needs only the
 * secret, and what the machine provides is left to it when the user's
 * file is saved. */
static void
test_provisioned (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *dir = g_build_filename (fixture->dir, "client", NULL);
  g_autofree char *conf = g_build_filename (dir, "awareness.conf", NULL);
  g_autofree char *system = g_build_filename (fixture->dir, "system.conf", NULL);
  g_autofree char *key = key_of (fixture->learner);
  g_autofree char *text = g_strdup_printf ("[server]\nurl=%s\nkey=%s\nca-file=%s\n", fixture->base,
                                           key, cert);
  g_autofree char *saved = NULL;
  g_autoptr(AwarenessConfig) config = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *records = g_build_filename (dir, "records.db", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (system, text, -1, NULL));
  g_setenv ("AWARENESS_SYSTEM_CONFIG", system, TRUE);
  g_setenv ("AWARENESS_SECRET_STORE", "file", TRUE);
  g_setenv ("AWARENESS_USER", "tanaka", TRUE);

  config = awareness_config_load (conf, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->server_url, ==, fixture->base);
  g_assert_cmpstr (config->account_key, ==, key);
  g_assert_cmpstr (config->ca_file, ==, cert);
  store = awareness_store_new_for_path (records, &error);
  g_assert_no_error (error);
  g_assert_true (
    awareness_sign_in (config, strchr (fixture->learner, ':') + 1, store, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (conf, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "staff-id=tanaka"));
  g_assert_null (strstr (saved, "url="));
  g_assert_null (strstr (saved, "ca-file="));

  /* `awareness login` with the secret alone. */
  {
    g_autofree char *line = secret_line (fixture->learner);
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, line, &out, &err, "login", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Signed in to"));
  }

  /* A broken machine file is named. */
  g_assert_true (g_file_set_contents (system, "[server\n", -1, NULL));
  g_clear_pointer (&config, awareness_config_free);
  config = awareness_config_load (conf, &error);
  g_assert_null (config);
  g_assert_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, system));
  g_unsetenv ("AWARENESS_SYSTEM_CONFIG");
  g_unsetenv ("AWARENESS_USER");
}

static char *
verdict_for (const char *name,
             const char *verb,
             const char *registration)
{
  return g_strdup_printf (
    "{\"id\":\"%s\",\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"%s\"}},"
    "\"verb\":{\"id\":\"%s\"},\"object\":{\"id\":\"https://awareness.example/activities/"
    "minamikyushu/scope\"},\"context\":{\"registration\":\"%s\"},"
    "\"timestamp\":\"2026-05-02T09:00:00Z\"}",
    registration, name, verb, registration);
}

/* The client does not take a server's word for more than it asked: only
 * the signed-in learner's verdicts by the exact verbs, a page no longer
 * than asked, a Retry-After of two minutes at most, and messages without
 * control characters. */
static void
test_untrusted_server (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 0);
  g_autofree char *own = verdict_for ("tanaka", "http://adlnet.gov/expapi/verbs/passed",
                                      "11111111-0000-4000-8000-000000000001");
  g_autofree char *other = verdict_for ("suzuki", "http://adlnet.gov/expapi/verbs/passed",
                                        "22222222-0000-4000-8000-000000000002");
  g_autofree char *odd_verb = verdict_for ("tanaka", "https://evil.example/verbs/passed",
                                           "33333333-0000-4000-8000-000000000003");
  g_autofree char *first = g_strdup_printf ("{\"statements\":[%s,%s,%s]}", own, other, odd_verb);
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) page = g_string_new ("{\"statements\":[");
  AwarenessSyncSummary summary = { 0 };
  Untrusted untrusted = { 0 };

  untrusted_start (&untrusted, first, SOUP_STATUS_OK);

  client = make_client (untrusted.base, fixture->learner, cert);
  store = awareness_store_new_for_path (records, &error);
  g_assert_no_error (error);
  g_assert_true (
    awareness_sync_pull (store, client, NULL, "tanaka", HOME_PAGE, &summary, NULL, &error));
  g_assert_no_error (error);
  /* Asked for passed, then failed: the same page twice, one verdict taken. */
  g_assert_cmpuint (summary.pulled, ==, 1);

  {
    g_auto(AwarenessResponse) response = { 0 };

    g_assert_true (
      awareness_client_request (client, "GET", "statements", NULL, &response, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (response.retry_after, ==, 120);
  }

  /* A page longer than asked is refused. */
  for (guint i = 0; i < 101; i++)
    {
      g_autofree char *id = g_strdup_printf ("44444444-0000-4000-8000-%012u", i);
      g_autofree char *verdict = verdict_for ("tanaka", "http://adlnet.gov/expapi/verbs/passed",
                                              id);

      g_string_append_printf (page, "%s%s", i > 0 ? "," : "", verdict);
    }
  g_string_append (page, "]}");
  g_mutex_lock (&untrusted.lock);
  g_free (untrusted.body);
  untrusted.body = g_strdup (page->str);
  g_mutex_unlock (&untrusted.lock);
  g_assert_false (
    awareness_sync_pull (store, client, NULL, "tanaka", HOME_PAGE, &summary, NULL, &error));
  g_assert_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE);

  untrusted_stop (&untrusted);

  /* What a server says is printed without control characters. */
  {
    static const char body[] = "{\"error\":\"Refused\\u001b[2J\\u0007 now\"}";
    AwarenessResponse response = { 0 };
    g_autofree char *message = NULL;

    response.body = (char *) body;
    response.length = strlen (body);
    response.status = 400;
    message = awareness_response_message (&response);
    g_assert_cmpstr (message, ==, "Refused [2J  now");
  }
}

/* Records of another account on the machine wait for that account; they
 * never block the signed-in account's own. */
static void
test_foreign (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "someone-else", HOME_PAGE,
                                           1);
  g_autoptr(AwarenessClient) client = make_client (fixture->base, fixture->learner, cert);
  g_autoptr(GPtrArray) theirs = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  AwarenessSyncOptions options;
  AwarenessSyncSummary summary;

  /* Then the learner's own, in the same file, after the other's. */
  g_free (make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 1));
  awareness_sync_options_init (&options);
  options.staff_id = "tanaka";
  options.home_page = HOME_PAGE;
  g_assert_true (push (records, client, &options, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.foreign, ==, theirs->len);
  g_assert_cmpuint (summary.sent, >, 0);
  g_assert_cmpuint (summary.rejected, ==, 0);
  left = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_assert_cmpuint (left->len, ==, theirs->len);
}

/* Wrong credentials stop the sync at once; nothing is marked. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 1);
  g_autofree char *key = g_strndup (fixture->learner,
                                    (gsize) (strchr (fixture->learner, ':') - fixture->learner));
  g_autofree char *wrong = g_strconcat (key, ":not-the-secret", NULL);
  g_autoptr(AwarenessClient) client = make_client (fixture->base, wrong, cert);
  g_autoptr(AwarenessClient) other = make_client (fixture->base, fixture->other, cert);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  AwarenessSyncSummary summary;

  g_assert_false (push (records, client, NULL, &summary, &error));
  g_assert_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "awareness login"));
  g_assert_null (strstr (error->message, "not-the-secret"));

  /* Another learner's credential may not record tanaka's results. */
  g_assert_false (push (records, other, NULL, &summary, &error2));
  g_assert_error (error2, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_REFUSED);
  after = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_assert_cmpuint (after->len, ==, summary.remaining);
  g_assert_cmpuint (summary.sent + summary.rejected, ==, 0);
}

/* A statement the server refuses is put aside with its reason; the
 * others of its batch still go; an id the server holds with other
 * content is a conflict, not a success. */
static void
test_rejected (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 2);
  g_autoptr(GPtrArray) pending = outbox (records, AWARENESS_OUTBOX_PENDING);
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(AwarenessClient) client = make_client (fixture->base, fixture->learner, cert);
  g_autoptr(GError) error = NULL;
  AwarenessOutboxItem *bad = g_ptr_array_index (pending, 1);
  AwarenessOutboxItem *taken = g_ptr_array_index (pending, 2);
  g_autofree char *squatter =
    g_strdup_printf ("{\"id\":\"%s\",\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE
                     "\",\"name\":\"tanaka\"}},\"verb\":{\"id\":\"http://adlnet.gov/"
                     "expapi/verbs/experienced\"},\"object\":{\"id\":\"https://"
                     "example.org/other\"}}",
                     taken->statement_id);
  g_autofree char *bad_json = NULL;
  sqlite3 *db = NULL;
  AwarenessSyncSummary summary;

  /* A statement damaged on this machine: a timestamp no LRS accepts. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    sqlite3_stmt *stmt = NULL;

    g_assert_true (json_parser_load_from_data (parser, bad->statement, -1, NULL));
    json_object_set_string_member (json_node_get_object (json_parser_get_root (parser)),
                                   "timestamp", "2026-13-45T25:00:00Z");
    json_generator_set_root (generator, json_parser_get_root (parser));
    bad_json = json_generator_to_data (generator, NULL);
    g_assert_cmpint (sqlite3_open (records, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
                                         "UPDATE outbox SET statement = ? WHERE statement_id = ?",
                                         -1, &stmt, NULL),
                     ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, bad_json, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, bad->statement_id, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  /* Another statement already holds one of the ids. */
  {
    g_autoptr(AwarenessClient) direct = make_client (fixture->base, fixture->learner, cert);
    g_auto(AwarenessResponse) response = { 0 };

    g_assert_true (
      awareness_client_request (direct, "POST", "statements", squatter, &response, NULL, NULL));
    g_assert_cmpuint (response.status, ==, 200);
  }

  g_assert_true (push (records, client, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rejected, ==, 2);
  g_assert_cmpuint (summary.sent, ==, pending->len - 2);
  g_assert_cmpuint (summary.remaining, ==, 0);

  rejected = outbox (records, AWARENESS_OUTBOX_REJECTED);
  g_assert_cmpuint (rejected->len, ==, 2);
  for (guint i = 0; i < rejected->len; i++)
    {
      AwarenessOutboxItem *item = g_ptr_array_index (rejected, i);

      if (g_strcmp0 (item->statement_id, bad->statement_id) == 0)
        {
          g_assert_nonnull (strstr (item->last_error, "HTTP 400"));
          g_assert_nonnull (strstr (item->last_error, "timestamp"));
        }
      else
        {
          g_assert_cmpstr (item->statement_id, ==, taken->statement_id);
          g_assert_nonnull (strstr (item->last_error, "HTTP 409"));
        }
    }
  sent = outbox (records, AWARENESS_OUTBOX_SENT);
  g_assert_cmpuint (sent->len, ==, pending->len - 2);
}

typedef struct {
  GMainLoop           *loop;
  gboolean             ok;
  GError              *error;
  AwarenessSyncSummary summary;
  guint                ticks;
} AsyncRun;

static void
pushed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->ok = awareness_sync_push_finish (result, &run->summary, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
tick_cb (gpointer user_data)
{
  ((AsyncRun *) user_data)->ticks++;
  return G_SOURCE_CONTINUE;
}

/* The asynchronous sync leaves the main loop free: a slow server does not
 * stop a timer of the caller's main context. */
static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *key = test_key ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 2);
  g_autofree char *proxy_base = NULL;
  g_autofree char *account_key =
    g_strndup (fixture->learner, (gsize) (strchr (fixture->learner, ':') - fixture->learner));
  g_autofree char *config_dir = g_build_filename (fixture->dir, "client", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GSubprocess *proxy = NULL;
  AwarenessConfig config = { 0 };
  AsyncRun run = { loop, FALSE, NULL, { 0 }, 0 };
  guint timer;

  /* Every request waits 3 s at the proxy; the client waits longer. */
  warm_up (fixture->base, fixture->learner);
  {
    g_autofree char *ca = test_cert ();
    g_autofree char *port = NULL;

    proxy = spawn_node (&port, "fault-proxy.js", "--upstream", fixture->base, "--key", key,
                        "--cert", cert, "--ca", ca, "--rate", "1", "--kinds", "slow", NULL);
    proxy_base = g_strdup_printf ("https://127.0.0.1:%s/xapi/", port);
  }
  config.path = g_build_filename (config_dir, "awareness.conf", NULL);
  config.server_url = proxy_base;
  config.account_key = account_key;
  config.ca_file = cert;
  g_setenv ("AWARENESS_SECRET_STORE", "file", TRUE);
  g_assert_true (awareness_config_store_secret (&config, strchr (fixture->learner, ':') + 1, NULL));

  {
    AwarenessSyncOptions options;
    g_autoptr(AwarenessStore) store = awareness_store_new_for_path (records, NULL);

    awareness_sync_options_init (&options);
    options.timeout_s = 20;
    options.batch_size = 100;
    awareness_sync_push_async (store, &config, &options, NULL, pushed_cb, &run);
  }
  timer = g_timeout_add (50, tick_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (timer);

  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.summary.remaining, ==, 0);
  /* At least 3 s at 50 ms a tick while the sync ran. */
  g_assert_cmpuint (run.ticks, >=, 20);
  assert_delivered (records, fixture->base, fixture->admin, "tanaka");

  /* Cancelled halfway (the window closes): it stops at once, and what it
   * had not sent stays pending. */
  {
    g_autofree char *more = make_records (fixture->dir, "more.db", "tanaka", HOME_PAGE, 1);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GPtrArray) left = NULL;
    AsyncRun cancelled = { loop, FALSE, NULL, { 0 }, 0 };
    g_autoptr(AwarenessStore) store = awareness_store_new_for_path (more, NULL);
    gint64 start = g_get_monotonic_time ();

    awareness_sync_push_async (store, &config, NULL, cancellable, pushed_cb, &cancelled);
    g_timeout_add_once (500, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
    g_main_loop_run (loop);
    g_assert_false (cancelled.ok);
    g_assert_true (
      g_error_matches (cancelled.error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_CANCELLED)
      || g_error_matches (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_TIME_SPAN_SECOND);
    left = outbox (more, AWARENESS_OUTBOX_PENDING);
    g_assert_cmpuint (left->len, >, 0);
    g_clear_error (&cancelled.error);
  }
  g_free (config.path);
  stop_node (proxy);
}

/* The command line: sign in, sync with a summary, see what waits and
 * what was refused and why. */
static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *client_dir = g_build_filename (fixture->dir, "client", NULL);
  g_autofree char *key = key_of (fixture->learner);
  g_autofree char *secret = secret_line (fixture->learner);
  g_autofree char *placeholder_user = NULL;
  g_autofree char *placeholder_home = NULL;
  g_autofree char *records = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autofree char *n_text = NULL;

  g_assert_cmpint (g_mkdir_with_parents (client_dir, 0700), ==, 0);
  /* Training done before the first sign-in, as the machine's user. */
  g_unsetenv ("AWARENESS_USER");
  placeholder_user = awareness_dup_default_user ();
  placeholder_home = awareness_dup_default_account_home_page ();
  records = make_records (client_dir, "records.db", placeholder_user, placeholder_home, 2);
  pending = outbox (records, AWARENESS_OUTBOX_PENDING);

  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "sync", "--status", NULL), ==, 0);
    n_text = g_strdup_printf ("%u records are waiting to be sent", pending->len);
    g_assert_nonnull (strstr (out, n_text));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "sync", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "awareness login"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *adopted =
      g_strdup_printf ("%u records made on this machine will be sent as tanaka", pending->len);

    g_assert_cmpint (run_cli (fixture, secret, &out, &err, "login", "--server", fixture->base,
                              "--user", key, "--ca-file", cert, NULL),
                     ==, 0);
    g_assert_nonnull (strstr (out, adopted));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *summary =
      g_strdup_printf ("Sent: %u, already on the server: 0, refused: 0, still to send: 0",
                       pending->len);

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "sync", NULL), ==, 0);
    g_assert_nonnull (strstr (out, summary));
    assert_delivered (records, fixture->base, fixture->admin, "tanaka");
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "sync", "--status", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Nothing is waiting to be sent."));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "sync", "--json", NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (
                                                   json_parser_get_root (parser)),
                                                 "sent"),
                     ==, 0);
  }
}

/* A machine that cannot reach the server writes its records to a file;
 * a connected machine uploads it.  The server refuses a changed file and
 * another learner's file, stores each statement once however often the
 * file comes, and the machine's next sync finds them there. */
static void
test_transfer (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *client_dir = g_build_filename (fixture->dir, "client", NULL);
  g_autofree char *file = g_build_filename (fixture->dir, "transfer.json", NULL);
  g_autofree char *tampered = g_build_filename (fixture->dir, "tampered.json", NULL);
  g_autofree char *records = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GHashTable) none = NULL;
  GStatBuf st;
  const char *accounts[][2] = { { "tanaka", fixture->learner },
                                { "suzuki", fixture->other },
                                { "admin", fixture->admin } };

  g_assert_cmpint (g_mkdir_with_parents (client_dir, 0700), ==, 0);
  records = make_records (client_dir, "records.db", "tanaka", HOME_PAGE, 2);
  pending = outbox (records, AWARENESS_OUTBOX_PENDING);

#define LOGIN(i)                                                                                   \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *key_ = key_of (accounts[i][1]);                                               \
    g_autofree char *secret_ = secret_line (accounts[i][1]);                                       \
    g_autofree char *out_ = NULL, *err_ = NULL;                                                    \
    g_assert_cmpint (run_cli (fixture, secret_, &out_, &err_, "login", "--server", fixture->base,  \
                              "--user", key_, "--ca-file", cert, NULL),                            \
                     ==, 0);                                                                       \
  }                                                                                                \
  G_STMT_END

  LOGIN (0);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *written = g_strdup_printf ("%u records written to", pending->len);

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "export", "-o", file, NULL), ==, 0);
    g_assert_nonnull (strstr (out, written));
    g_assert_cmpint (g_stat (file, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0077, ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "sync", "--status", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "written to a transfer file"));
  }

  /* One byte of the payload changed on the way: refused, nothing stored. */
  {
    g_autofree char *out = NULL, *err = NULL;
    char *at;

    g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
    at = strstr (contents, "ja-JP");
    g_assert_nonnull (at);
    memcpy (at, "en-US", 5);
    g_assert_true (g_file_set_contents (tampered, contents, -1, NULL));
    LOGIN (2);
    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "import", tampered, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "changed after it was written"));
    none = ids_on_server (fixture->base, fixture->admin, "tanaka");
    g_assert_cmpuint (g_hash_table_size (none), ==, 0);
  }
  /* Not a transfer file at all: named before anything is uploaded. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "import", records, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "Not an Awareness transfer file"));
  }
  /* Another learner may not upload tanaka's records. */
  LOGIN (1);
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "import", file, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "own transfer files only"));
  }
  /* An administrator may; twice changes nothing. */
  LOGIN (2);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *first = g_strdup_printf ("tanaka: %u records stored, 0 already on the server.",
                                              pending->len);

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "import", file, NULL), ==, 0);
    g_assert_nonnull (strstr (out, first));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *again = g_strdup_printf ("tanaka: 0 records stored, %u already on the server.",
                                              pending->len);
    g_autoptr(GHashTable) on_server = ids_on_server (fixture->base, fixture->admin, "tanaka");

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "import", file, NULL), ==, 0);
    g_assert_nonnull (strstr (out, again));
    g_assert_cmpuint (g_hash_table_size (on_server), ==, pending->len);
  }
  /* The learner's machine, connected at last: the server holds them. */
  LOGIN (0);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *summary =
      g_strdup_printf ("Sent: 0, already on the server: %u, refused: 0, still to send: 0",
                       pending->len);

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "sync", NULL), ==, 0);
    g_assert_nonnull (strstr (out, summary));
    assert_delivered (records, fixture->base, fixture->admin, "tanaka");
  }
#undef LOGIN
}

/* A member of staff who changes machines sees their results: the second
 * machine fetches them, once, whatever the number of syncs. */
static void
test_pull (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *first = make_records (fixture->dir, "first.db", "tanaka", HOME_PAGE, 3);
  g_autofree char *client_dir = g_build_filename (fixture->dir, "client", NULL);
  g_autofree char *key = key_of (fixture->learner);
  g_autofree char *secret = secret_line (fixture->learner);
  g_autoptr(AwarenessClient) client = make_client (fixture->base, fixture->learner, cert);
  g_autoptr(AwarenessStore) first_store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  AwarenessSyncSummary summary = { 0 };

  g_assert_true (push (first, client, NULL, &summary, &error));
  g_assert_no_error (error);

  /* The first machine already has them all: nothing new. */
  first_store = awareness_store_new_for_path (first, &error);
  g_assert_true (
    awareness_sync_pull (first_store, client, NULL, "tanaka", HOME_PAGE, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.pulled, ==, 0);
  attempts = awareness_store_list_attempts (first_store, "tanaka", NULL, 0, &error);
  g_assert_cmpuint (attempts->len, ==, 3);

  /* The second machine, signed in as the same learner. */
  g_assert_cmpint (g_mkdir_with_parents (client_dir, 0700), ==, 0);
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, secret, &out, &err, "login", "--server", fixture->base,
                              "--user", key, "--ca-file", cert, NULL),
                     ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "sync", NULL), ==, 0);
    g_assert_nonnull (
      strstr (out, "3 results made on other machines were fetched from the server."));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "sync", "--json", NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (
                                                   json_parser_get_root (parser)),
                                                 "pulled"),
                     ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *rows;
    guint finished = 0;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "history", "--json", NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    rows = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (rows), ==, 3);
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);
        const char *state = json_object_get_string_member (row, "state");
        g_autoptr(AwarenessAttemptRecord) same = NULL;

        if (g_strcmp0 (state, "passed") == 0 || g_strcmp0 (state, "failed") == 0)
          finished++;
        /* The same attempt ids as on the first machine. */
        same = awareness_store_lookup_attempt (first_store,
                                               json_object_get_string_member (row, "attempt"),
                                               NULL);
        g_assert_nonnull (same);
      }
    g_assert_cmpuint (finished, ==, 3);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    AwarenessAttemptRecord *any = g_ptr_array_index (attempts, 0);

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "review", any->id, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "on another machine"));
  }
}

/* In a desktop session, the secret goes to the keyring, not to a file;
 * the sync finds it there; signing out removes it. */
static void
test_keyring (Fixture       *fixture,
              gconstpointer  data)
{
  static const SecretSchema schema = {
    "org.awareness.Account", SECRET_SCHEMA_NONE,
    { { "server", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 } },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  g_autofree char *cert = test_cert ();
  g_autofree char *records = make_records (fixture->dir, "records.db", "tanaka", HOME_PAGE, 1);
  g_autofree char *config_path = g_build_filename (fixture->dir, "client", "awareness.conf", NULL);
  g_autofree char *secret_file = g_build_filename (fixture->dir, "client", "awareness.conf.secret",
                                                   NULL);
  g_autofree char *key = key_of (fixture->learner);
  g_autofree char *in_keyring = NULL;
  g_autofree char *found = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  AwarenessConfig config = { 0 };
  AsyncRun run = { loop, FALSE, NULL, { 0 }, 0 };

  g_unsetenv ("AWARENESS_SECRET_STORE");

  config.path = config_path;
  config.server_url = fixture->base;
  config.account_key = key;
  config.ca_file = cert;
  g_assert_true (
    awareness_config_store_secret (&config, strchr (fixture->learner, ':') + 1, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (secret_file, G_FILE_TEST_EXISTS));

  in_keyring = secret_password_lookup_sync (&schema, NULL, &error, "server", fixture->base, "key",
                                            key, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (in_keyring, ==, strchr (fixture->learner, ':') + 1);

  store = awareness_store_new_for_path (records, &error);
  g_assert_no_error (error);
  awareness_sync_push_async (store, &config, NULL, NULL, pushed_cb, &run);
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  assert_delivered (records, fixture->base, fixture->admin, "tanaka");

  g_assert_true (awareness_config_clear_secret (&config, &error));
  found = awareness_config_lookup_secret (&config, &error);
  g_assert_null (found);
  g_assert_error (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_NOT_SIGNED_IN);
  /* libsecret keeps its connection to the keyring for the process. */
  secret_service_disconnect ();
}

/* An administrator publishes signed content; staff machines that trust
 * the signer install it at their next sync and are told what changed;
 * forged or unknown packages are refused at publication. */
static void
test_publish (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *key_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.key", NULL);
  g_autofree char *pub_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.pub", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
  g_autofree char *client_dir = g_build_filename (fixture->dir, "client", NULL);
  g_autofree char *config = g_build_filename (client_dir, "awareness.conf", NULL);
  g_autofree char *root = g_build_filename (client_dir, "content", NULL);
  g_autofree char *current = g_build_filename (root, "current", NULL);
  g_autofree char *first = g_build_filename (fixture->dir, "first.pkg", NULL);
  g_autofree char *second = g_build_filename (fixture->dir, "second.pkg", NULL);
  g_autofree char *forged = g_build_filename (fixture->dir, "forged.pkg", NULL);
  g_autofree char *other_key = g_build_filename (fixture->dir, "other.key", NULL);
  g_autofree char *theirs = g_build_filename (fixture->dir, "theirs.pkg", NULL);
  g_autofree char *public_key = NULL;
  g_autofree char *config_text = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  const char *accounts[][2] = { { "tanaka", fixture->learner }, { "admin", fixture->admin } };

  g_assert_true (g_file_get_contents (pub_file, &public_key, NULL, NULL));
  g_strstrip (public_key);
  g_assert_cmpint (g_mkdir_with_parents (client_dir, 0700), ==, 0);
  config_text = g_strdup_printf ("[content]\ntrusted-keys=%s;\n", public_key);
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));
  g_setenv ("AWARENESS_CONTENT_ROOT", root, TRUE);

#define LOGIN(i)                                                                                   \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *key_ = key_of (accounts[i][1]);                                               \
    g_autofree char *secret_ = secret_line (accounts[i][1]);                                       \
    g_autofree char *out_ = NULL, *err_ = NULL;                                                    \
    g_assert_cmpint (run_cli (fixture, secret_, &out_, &err_, "login", "--server", fixture->base,  \
                              "--user", key_, "--ca-file", cert, NULL),                            \
                     ==, 0);                                                                       \
  }                                                                                                \
  G_STMT_END
#define RUN(status, out, err, ...) \
  g_assert_cmpint (run_cli (fixture, NULL, out, err, __VA_ARGS__, NULL), ==, status)

  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *out2 = NULL, *err2 = NULL;
    g_autofree char *out3 = NULL, *err3 = NULL;

    RUN (0, &out, &err, "content", "pack", good, "-o", first, "--key", key_file);
    RUN (0, &out2, &err2, "content", "pack", g_getenv ("AWARENESS_CONTENT_DIR"), "-o", second,
         "--key", key_file);
    RUN (0, &out3, &err3, "content", "keygen", "-o", other_key);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    RUN (0, &out, &err, "content", "pack", good, "-o", theirs, "--key", other_key);
  }
  g_assert_true (g_file_get_contents (first, &contents, &length, NULL));
  contents[length / 2] ^= 0x01;
  g_assert_true (g_file_set_contents (forged, contents, (gssize) length, NULL));

  /* A learner may not publish. */
  LOGIN (0);
  {
    g_autofree char *out = NULL, *err = NULL;

    RUN (1, &out, &err, "admin", "content", "publish", first);
    g_assert_nonnull (strstr (err, "HTTP 403"));
  }
  /* The administrator: forged and foreign packages are refused. */
  LOGIN (1);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *out2 = NULL, *err2 = NULL;

    RUN (1, &out, &err, "admin", "content", "publish", forged);
    g_assert_nonnull (strstr (err, "signature does not match"));
    RUN (1, &out2, &err2, "admin", "content", "publish", theirs);
    g_assert_nonnull (strstr (err2, "does not trust"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    RUN (0, &out, &err, "admin", "content", "publish", first);
    g_assert_nonnull (strstr (out, "Published"));
  }

  /* A staff machine fetches, verifies and installs it. */
  LOGIN (0);
  {
    g_autofree char *out = NULL, *err = NULL;

    RUN (0, &out, &err, "sync");
    g_assert_nonnull (strstr (out, "New training content was installed:"));
    g_assert_nonnull (strstr (out, "New module:"));
    g_assert_true (g_file_test (current, G_FILE_TEST_IS_DIR));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    RUN (0, &out, &err, "sync");
    g_assert_null (strstr (out, "New training content"));
  }
  /* A newer package: installed at the next sync, with what changed. */
  LOGIN (1);
  {
    g_autofree char *out = NULL, *err = NULL;

    RUN (0, &out, &err, "admin", "content", "publish", second);
  }
  LOGIN (0);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *target = NULL;
    g_autoptr(AwarenessStore) store = NULL;

    RUN (0, &out, &err, "sync");
    g_assert_nonnull (strstr (out, "New training content was installed:"));
    g_assert_nonnull (strstr (out, "is no longer part of the training"));
    target = g_file_read_link (current, NULL);
    g_assert_nonnull (target);
  }
  g_unsetenv ("AWARENESS_CONTENT_ROOT");
#undef RUN
#undef LOGIN
}

static JsonNode *
get_json (AwarenessClient *client,
          const char      *path,
          guint            expected)
{
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (awareness_client_request (client, "GET", path, NULL, &response, NULL, NULL));
  g_assert_cmpuint (response.status, ==, expected);
  g_assert_true (json_parser_load_from_data (parser, response.body, -1, NULL));
  return json_node_copy (json_parser_get_root (parser));
}

static const char *
state_of (JsonNode   *rows,
          const char *staff_id)
{
  JsonArray *array = json_node_get_array (rows);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (row, "staff_id"), staff_id) == 0)
        return json_object_get_string_member (row, "state");
    }
  return NULL;
}

/* A transfer file as the client writes it, but exported at @created:
 * its payload's time set, and signed again with @transfer_key. */
static char *
transfer_file_at (const char *account_key,
                  const char *staff_id,
                  GPtrArray  *statements,
                  const char *transfer_key,
                  GDateTime  *created)
{
  g_autofree char *written = awareness_transfer_write (account_key, staff_id, HOME_PAGE, statements,
                                                       transfer_key);
  g_autoptr(JsonNode) file = json_from_string (written, NULL);
  JsonObject *object = json_node_get_object (file);
  g_autoptr(JsonNode) payload = json_from_string (json_object_get_string_member (object, "payload"),
                                                  NULL);
  g_autofree char *timestamp = awareness_xapi_format_timestamp (created);
  g_autofree char *payload_text = NULL;
  g_autofree char *mac = NULL;

  json_object_set_string_member (json_node_get_object (payload), "created", timestamp);
  payload_text = json_to_string (payload, FALSE);
  mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) transfer_key,
                                   strlen (transfer_key), payload_text, -1);
  json_object_set_string_member (object, "payload", payload_text);
  json_object_set_string_member (object, "hmac-sha256", mac);
  return json_to_string (file, FALSE);
}

/* Whether the completion report @rows says that the result of @staff_id
 * on @module is earned by its answers. */
static gboolean
verified_of (JsonNode   *rows,
             const char *staff_id,
             const char *module)
{
  JsonArray *array = json_node_get_array (rows);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (row, "staff_id"), staff_id) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (row, "module", NULL), module) == 0)
        return json_object_get_boolean_member (row, "verified");
    }
  g_assert_not_reached ();
}

/* The server's assignment reports come from the published catalog and
 * the latest passes: per person and module, the overdue list for
 * reminders (CSV), and sums per department, as of a day. */
static void
test_assignments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *cert = test_cert ();
  g_autofree char *key_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.key", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
  g_autofree char *tree = g_build_filename (fixture->dir, "content", NULL);
  g_autofree char *copy = g_strdup_printf ("cp -r '%s' '%s'", good, tree);
  g_autofree char *catalog = g_build_filename (tree, "catalog.xml", NULL);
  g_autofree char *package = g_build_filename (fixture->dir, "content.pkg", NULL);
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *admin_key = key_of (fixture->admin);
  g_autofree char *admin_secret = secret_line (fixture->admin);
  g_autoptr(AwarenessClient) admin = make_client (fixture->base, fixture->admin, cert);
  g_autoptr(AwarenessClient) learner = make_client (fixture->base, fixture->learner, cert);
  g_autofree char *passed = g_strdup_printf (
    "{\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"tanaka\"}},"
    "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/passed\"},"
    "\"object\":{\"id\":\"https://awareness.example/activities/test/basics\"},"
    "\"result\":{\"success\":true,\"score\":{\"scaled\":0.9}},"
    "\"context\":{\"extensions\":{\"" AWARENESS_XAPI_EXT_MODULE_VERSION
    "\":\"1\"}},\"timestamp\":\"2026-05-01T10:00:00+09:00\"}");

  /* Before any content is published: nothing to report on. */
  json_node_unref (get_json (admin, "../admin/reports/assignments", 409));

  g_assert_true (g_spawn_command_line_sync (copy, NULL, NULL, NULL, NULL));
  g_assert_true (g_file_get_contents (catalog, &text, NULL, NULL));
  {
    GString *edited = g_string_new (text);

    g_assert_cmpuint (g_string_replace (edited, "<module-file href=\"modules/basics.xml\"/>",
                                        "<module-file href=\"modules/basics.xml\" due=\"06-30\" "
                                        "new-staff-days=\"30\"/>", 1), ==, 1);
    changed = g_string_free (edited, FALSE);
  }
  g_assert_true (g_file_set_contents (catalog, changed, -1, NULL));
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *out2 = NULL, *err2 = NULL;
    g_autofree char *out3 = NULL, *err3 = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "content", "pack", tree, "-o", package,
                              "--key", key_file, NULL),
                     ==, 0);
    g_assert_cmpint (run_cli (fixture, admin_secret, &out2, &err2, "login", "--server",
                              fixture->base, "--user", admin_key, "--ca-file", cert, NULL),
                     ==, 0);
    g_assert_cmpint (run_cli (fixture, NULL, &out3, &err3, "admin", "content", "publish", package,
                              NULL),
                     ==, 0);
  }
  /* A bare pass, without the answers that earn it (a learner certifying
   * themself): reported as unverified, and it completes nothing. */
  {
    g_auto(AwarenessResponse) response = { 0 };
    g_autoptr(JsonNode) completion = NULL;
    g_autoptr(JsonNode) rows = NULL;

    g_assert_true (
      awareness_client_request (learner, "POST", "statements", passed, &response, NULL, NULL));
    g_assert_cmpuint (response.status, ==, 200);
    completion = get_json (admin, "../admin/reports/completion", 200);
    g_assert_false (verified_of (completion, "tanaka", "basics"));
    rows = get_json (admin, "../admin/reports/assignments?as-of=2026-07-01", 200);
    g_assert_cmpstr (state_of (rows, "tanaka"), ==, "overdue");
  }
  /* A real attempt dated 1 May but sent today: verified, yet its lateness
   * is judged by when the server received it, not by its timestamp. */
  {
    g_autoptr(GPtrArray) texts = fixture_attempt_statements (tree, "basics", "suzuki",
                                                             "2026-05-01T09:00:00+09:00",
                                                             TRUE);
    g_autoptr(AwarenessClient) other = make_client (fixture->base, fixture->other, cert);
    g_autoptr(GString) batch = g_string_new ("[");
    g_auto(AwarenessResponse) response = { 0 };
    g_autoptr(JsonNode) completion = NULL;
    g_autoptr(JsonNode) rows = NULL;

    for (guint i = 0; i < texts->len; i++)
      g_string_append_printf (batch, "%s%s", i > 0 ? "," : "",
                              (char *) g_ptr_array_index (texts, i));
    g_string_append_c (batch, ']');
    g_assert_true (awareness_client_request (other, "POST", "statements", batch->str, &response,
                                             NULL, NULL));
    g_assert_cmpuint (response.status, ==, 200);
    completion = get_json (admin, "../admin/reports/completion", 200);
    g_assert_true (verified_of (completion, "suzuki", "basics"));
    rows = get_json (admin, "../admin/reports/assignments?as-of=2026-07-01", 200);
    g_assert_cmpstr (state_of (rows, "suzuki"), ==, "overdue");
  }
  /* The learner's own records of a real attempt, carried out of an
   * isolated segment in a transfer file exported on 1 May: verified,
   * and on time by the file's signed export time. */
  {
    g_autoptr(GPtrArray) texts = fixture_attempt_statements (tree, "basics", "tanaka",
                                                             "2026-05-01T11:00:00+09:00",
                                                             TRUE);
    g_autoptr(GDateTime) exported = g_date_time_new_from_iso8601 ("2026-05-01T12:00:00+09:00",
                                                                  NULL);
    g_autofree char *learner_key = key_of (fixture->learner);
    const char *secret = strchr (fixture->learner, ':') + 1;
    g_autofree char *transfer_key = awareness_transfer_derive_key (secret);
    g_autofree char *file = transfer_file_at (learner_key, "tanaka", texts, transfer_key, exported);
    g_auto(AwarenessResponse) response = { 0 };
    g_autoptr(JsonNode) completion = NULL;

    g_assert_true (awareness_client_request (learner, "POST", "../transfers", file, &response, NULL,
                                             NULL));
    g_assert_cmpuint (response.status, ==, 200);
    completion = get_json (admin, "../admin/reports/completion", 200);
    g_assert_true (verified_of (completion, "tanaka", "basics"));
  }

  /* A roster with start dates, as a spreadsheet writes them. */
  {
    static const char roster[] = "職員番号,氏名,所属,着任日\r\n"
                                 "2001,新人 一郎,総務課,2026/10/1\r\n"
                                 "2002,誤記,総務課,2026-13-01\r\n";
    g_autoptr(GBytes) body = g_bytes_new_static (roster, sizeof roster - 1);
    g_auto(AwarenessResponse) response = { 0 };

    g_assert_true (awareness_client_request_bytes (admin, "POST", "../admin/accounts/import",
                                                   "text/csv", body, &response, NULL, NULL));
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_nonnull (strstr (response.body, "start_date must be a date"));
  }
  {
    g_autoptr(JsonNode) before_start =
      get_json (admin, "../admin/reports/assignments?as-of=2026-09-01", 200);
    g_autoptr(JsonNode) window = get_json (admin, "../admin/reports/assignments?as-of=2026-10-15",
                                            200);
    g_autoptr(JsonNode) after_window =
      get_json (admin, "../admin/reports/assignments?as-of=2026-11-01", 200);

    /* Not yet on the staff; then the 30 days of a mid-year start. */
    g_assert_null (state_of (before_start, "2001"));
    g_assert_cmpstr (state_of (window, "2001"), ==, "pending");
    g_assert_cmpstr (state_of (after_window, "2001"), ==, "overdue");
  }
  {
    g_autoptr(JsonNode) rows = get_json (admin, "../admin/reports/assignments?as-of=2026-07-01",
                                          200);
    g_autoptr(JsonNode) june = get_json (admin, "../admin/reports/assignments?as-of=2026-06-30",
                                          200);
    g_autoptr(JsonNode) before_pass =
      get_json (admin, "../admin/reports/assignments?as-of=2026-04-30", 200);
    g_autoptr(JsonNode) next_year =
      get_json (admin, "../admin/reports/assignments?as-of=2027-04-02", 200);

    g_assert_cmpstr (state_of (rows, "tanaka"), ==, "completed");
    g_assert_cmpstr (state_of (rows, "suzuki"), ==, "overdue");
    g_assert_cmpstr (state_of (june, "suzuki"), ==, "pending");
    /* As of a day before the pass, it had not happened yet. */
    g_assert_cmpstr (state_of (before_pass, "tanaka"), ==, "pending");
    /* A new fiscal year: due again. */
    g_assert_cmpstr (state_of (next_year, "tanaka"), ==, "pending");
  }
  {
    g_auto(AwarenessResponse) response = { 0 };

    g_assert_true (awareness_client_request (
      admin, "GET",
      "../admin/reports/assignments?as-of=2026-07-01&overdue=true&format=csv"
      "&bom=true&headers=ja",
      NULL, &response, NULL, NULL));
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_true (g_str_has_prefix (response.body, "\xEF\xBB\xBF職員番号,氏名,所属,モジュール,状況,期限"));
    g_assert_nonnull (strstr (response.body, "suzuki,,,basics,overdue,2026-06-30"));
    g_assert_null (strstr (response.body, "tanaka"));
  }
  {
    g_autoptr(JsonNode) summary =
      get_json (admin, "../admin/reports/assignments?as-of=2026-07-01&summary=department", 200);
    JsonArray *array = json_node_get_array (summary);
    guint overdue = 0, completed = 0;

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *department = json_array_get_object_element (array, i);

        overdue += (guint) json_object_get_int_member (department, "overdue");
        completed += (guint) json_object_get_int_member (department, "completed");
        if (g_strcmp0 (json_object_get_string_member (department, "department"), "総務課") == 0)
          g_assert_cmpint (json_object_get_int_member (department, "completed"), ==, 1);
      }
    g_assert_cmpuint (overdue, ==, 1);
    g_assert_cmpuint (completed, ==, 1);
  }
  /* The same from the command line, signed in as the administrator. */
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *csv = NULL, *csv_err = NULL;
    g_autofree char *sum = NULL, *sum_err = NULL;

    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "report", "--assignments",
                              "--as-of", "2026-07-01", NULL),
                     ==, 0);
    g_assert_nonnull (strstr (out, "OVERDUE"));
    g_assert_nonnull (strstr (out, "completed"));
    g_assert_cmpint (run_cli (fixture, NULL, &csv, &csv_err, "admin", "report", "--assignments",
                              "--overdue", "--as-of", "2026-07-01", "--format", "csv", NULL),
                     ==, 0);
    g_assert_nonnull (strstr (csv, "suzuki"));
    g_assert_null (strstr (csv, "tanaka"));
    g_assert_cmpint (run_cli (fixture, NULL, &sum, &sum_err, "admin", "report", "--assignments",
                              "--summary", "department", "--as-of", "2026-07-01", NULL),
                     ==, 0);
    g_assert_nonnull (strstr (sum, "required 1, completed 1, pending 0, overdue 0"));
    g_assert_nonnull (strstr (sum, "required 1, completed 0, pending 0, overdue 1"));
  }
  /* Learners do not see reports. */
  json_node_unref (get_json (learner, "../admin/reports/assignments", 403));

  /* The server sets a module's assignment over the catalog's: the reports
   * and the learners' machines follow it; removing it goes back. */
  {
    g_autoptr(GBytes) rule = g_bytes_new_static ("{\"due\":\"09-30\"}",
                                                  strlen ("{\"due\":\"09-30\"}"));
    g_autoptr(GBytes) bad = g_bytes_new_static ("{\"recurrence\":\"once\"}",
                                                 strlen ("{\"recurrence\":\"once\"}"));
    g_auto(AwarenessResponse) put = { 0 };
    g_auto(AwarenessResponse) refused = { 0 };
    g_auto(AwarenessResponse) forbidden = { 0 };
    g_auto(AwarenessResponse) removed = { 0 };
    g_autoptr(JsonNode) later = NULL;
    g_autoptr(JsonNode) back = NULL;
    g_autoptr(JsonNode) listed = NULL;

    g_assert_true (awareness_client_request_bytes (admin, "PUT", "../admin/assignments/basics",
                                                   "application/json", rule, &put, NULL, NULL));
    g_assert_cmpuint (put.status, ==, 200);
    g_assert_true (awareness_client_request_bytes (admin, "PUT", "../admin/assignments/basics",
                                                   "application/json", bad, &refused, NULL, NULL));
    g_assert_cmpuint (refused.status, ==, 400);
    g_assert_nonnull (strstr (refused.body, "due_date"));
    g_assert_true (awareness_client_request_bytes (learner, "PUT", "../admin/assignments/basics",
                                                   "application/json", rule, &forbidden, NULL,
                                                   NULL));
    g_assert_cmpuint (forbidden.status, ==, 403);

    later = get_json (admin, "../admin/reports/assignments?as-of=2026-07-01", 200);
    g_assert_cmpstr (state_of (later, "suzuki"), ==, "pending");
    listed = get_json (learner, "../assignments", 200);
    g_assert_true (json_object_has_member (json_node_get_object (listed), "basics"));

    /* A learner's machine brings them home at sync and shows them. */
    {
      g_autofree char *key = key_of (fixture->learner);
      g_autofree char *secret = secret_line (fixture->learner);
      g_autofree char *out = NULL, *err = NULL;
      g_autofree char *sync_out = NULL, *sync_err = NULL;
      g_autofree char *status = NULL, *status_err = NULL;

      g_assert_cmpint (run_cli (fixture, secret, &out, &err, "login", "--server", fixture->base,
                                "--user", key, "--ca-file", cert, NULL),
                       ==, 0);
      if (run_cli (fixture, NULL, &sync_out, &sync_err, "sync", NULL) != 0)
        g_error ("sync: %s%s", sync_out, sync_err);
      g_setenv ("AWARENESS_TODAY", "2026-07-01", TRUE);
      g_assert_cmpint (run_cli (fixture, NULL, &status, &status_err, "status", "--json",
                                "--content", tree, NULL),
                       ==, 0);
      g_unsetenv ("AWARENESS_TODAY");
      /* Passed in May (the attempt pulled), and due by the server's date. */
      g_assert_nonnull (strstr (status, "2026-09-30"));
    }

    g_assert_true (awareness_client_request (admin, "DELETE", "../admin/assignments/basics", NULL,
                                             &removed, NULL, NULL));
    g_assert_cmpuint (removed.status, ==, 204);
    back = get_json (admin, "../admin/reports/assignments?as-of=2026-07-01", 200);
    g_assert_cmpstr (state_of (back, "suzuki"), ==, "overdue");
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *pub_file = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *publish_config = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The test server trusts the tests' content key. */
  pub_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.pub", NULL);
  g_assert_true (g_file_get_contents (pub_file, &public_key, NULL, NULL));
  publish_config =
    g_strdup_printf ("[content]\ntrusted-keys=%s;\n[limits]\nmax-body-bytes=4194304\n",
                     g_strstrip (public_key));

#define ADD(name, func) \
  g_test_add ("/awareness/sync/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("push", test_push);
  ADD ("self-inspection", test_self_inspection);
  ADD ("refused", test_refused);
  ADD ("not-an-lrs", test_not_an_lrs);
  ADD ("sign-in-address", test_sign_in_address);
  ADD ("provisioned", test_provisioned);
  ADD ("foreign", test_foreign);
  ADD ("rejected", test_rejected);
  ADD ("server-down", test_server_down);
  ADD ("instance-loss", test_instance_loss);
  ADD ("wrong-ca", test_wrong_ca);
  ADD ("async", test_async);
  ADD ("cli", test_cli);
  ADD ("transfer", test_transfer);
  ADD ("pull", test_pull);
  ADD ("untrusted-server", test_untrusted_server);
  g_test_add ("/awareness/sync/publish", Fixture, publish_config, fixture_setup, test_publish,
              fixture_teardown);
  g_test_add ("/awareness/sync/assignments", Fixture, publish_config, fixture_setup,
              test_assignments, fixture_teardown);
  /* Only in a session with a keyring: the sync-keyring test runs it so,
   * under tests/with-keyring.sh. */
  if (g_getenv ("AWARENESS_TEST_KEYRING") != NULL)
    ADD ("keyring", test_keyring);
  ADD ("faults", test_faults);
  ADD ("peer", test_peer);
#undef ADD

  {
    int status = g_test_run ();

    fixture_template_clear ();
    return status;
  }
}
