/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The LRS's storage itself, on the engine the run names (a SQLite file,
 * or a database of the throwaway PostgreSQL cluster of pg-cluster.sh):
 * statements with their conflict and paging rules, what a second store
 * object on the same database sees at once, the same statement stored
 * by two writers at the same moment, and the schema made once by several
 * stores opening an empty database together.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "awareness.h"
#include "lrs-fixture.h"
#include "lrs-drills-store.h"
#include "lrs-store.h"

#define PASSED "http://adlnet.gov/expapi/verbs/passed"

typedef struct {
  char *dir;
  char *database;
} StoreFixture;

static guint counter;

static void
store_setup (StoreFixture  *fixture,
             gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("awareness-lrs-store-XXXXXX", NULL);
  if (fixture_uses_pg ())
    {
      g_autofree char *name = g_strdup_printf ("store_%d_%u", (int) getpid (), ++counter);
      g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

      fixture_psql (sql);
      fixture->database = g_strdup_printf ("postgresql:///%s", name);
    }
  else
    fixture->database = g_build_filename (fixture->dir, "lrs.db", NULL);
}

static void
store_teardown (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  if (fixture_uses_pg ())
    {
      g_autofree char *sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)",
                                              fixture->database + strlen ("postgresql:///"));

      fixture_psql (sql);
    }
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (fixture->dir);
  g_free (fixture->database);
}

static LrsStore *
open_store (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  LrsStore *store = lrs_store_open (fixture->database, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* A statement as the HTTP layer hands it to the store: id and stored set. */
static JsonNode *
statement (const char *id,
           const char *name,
           const char *verb,
           const char *activity,
           const char *timestamp)
{
  g_autofree char *json =
    g_strdup_printf ("{\"id\":\"%s\",\"actor\":{\"account\":{\"homePage\":\"" HOME_PAGE
                     "\",\"name\":\"%s\"}},\"verb\":{\"id\":\"%s\"},"
                     "\"object\":{\"id\":\"%s\"},\"timestamp\":\"%s\","
                     "\"stored\":\"2026-05-01T00:00:00.000Z\","
                     "\"result\":{\"score\":{\"scaled\":0.8}}}",
                     id, name, verb, activity, timestamp);

  return json_from_string (json, NULL);
}

static gboolean
insert (LrsStore  *store,
        JsonNode  *node,
        GError   **error)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (batch, node);
  return lrs_store_insert_statements (store, batch, ids, error);
}

static void
test_statements (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr(LrsStore) store = open_store (fixture);
  g_autoptr(LrsStore) other = open_store (fixture);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *held = NULL;
  g_auto(LrsQuery) query = { 0 };
  LrsVerdictQuery verdict_query = { HOME_PAGE };
  gint64 next = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-00000000000%u", i);
      g_autofree char *when = g_strdup_printf ("2026-05-0%uT09:00:00.000Z", i + 1);

      g_ptr_array_add (batch, statement (id, i % 2 == 0 ? "tanaka" : "suzuki", PASSED,
                                         "https://awareness.example/activities/m/scope", when));
    }
  g_assert_true (lrs_store_insert_statements (store, batch, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 5);

  /* Another store object on the same database sees them at once. */
  held = lrs_store_get_statement (other, "00000000-0000-4000-8000-000000000002", FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (held, "tanaka"));

  /* The same id with the same content: accepted; with other content: a
   * conflict, and nothing of its batch is stored. */
  g_assert_true (insert (other, statement ("00000000-0000-4000-8000-000000000002", "tanaka", PASSED,
                                           "https://awareness.example/activities/m/scope",
                                           "2026-05-03T09:00:00.000Z"), &error));
  g_assert_no_error (error);
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_set_size (ids, 0);
  g_ptr_array_add (batch, statement ("00000000-0000-4000-8000-000000000009", "tanaka", PASSED,
                                     "https://awareness.example/activities/m/other",
                                     "2026-05-09T09:00:00.000Z"));
  g_ptr_array_add (batch, statement ("00000000-0000-4000-8000-000000000002", "suzuki", PASSED,
                                     "https://awareness.example/activities/m/scope",
                                     "2026-05-03T09:00:00.000Z"));
  g_assert_false (lrs_store_insert_statements (other, batch, ids, &error));
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_null (
    lrs_store_get_statement (store, "00000000-0000-4000-8000-000000000009", FALSE, NULL));

  /* Newest first, two by two, the cursor going on where the page ended. */
  query.limit = 2;
  page = lrs_store_query_statements (store, &query, &next, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (page, 0), "000000000004"));
  g_assert_cmpint (next, >, 0);
  query.after = next;
  query.limit = 10;
  rest = lrs_store_query_statements (other, &query, &next, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (rest, 0), "000000000002"));
  g_assert_cmpint (next, ==, 0);

  /* The latest verdict of each: tanaka's on 5 May, with the score. */
  verdicts = lrs_store_latest_verdicts (other, &verdict_query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (verdicts->len, ==, 2);
  g_assert_cmpstr (((LrsVerdict *) g_ptr_array_index (verdicts, 1))->staff_id, ==, "tanaka");
  g_assert_cmpstr (((LrsVerdict *) g_ptr_array_index (verdicts, 1))->timestamp, ==,
                   "2026-05-05T09:00:00.000Z");
  g_assert_cmpint (((LrsVerdict *) g_ptr_array_index (verdicts, 1))->score, ==, 80);
  g_ptr_array_unref (verdicts);
  verdicts = NULL;
}

static void
test_accounts (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(LrsStore) store = open_store (fixture);
  g_autoptr(LrsStore) other = open_store (fixture);
  g_autoptr(LrsAccount) seen = NULL;
  g_autoptr(LrsAccount) disabled = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *key = NULL;
  LrsAccount account = { .key = (char *) "k1",
                         .staff_id = (char *) "tanaka",
                         .display_name = (char *) "田中 花子",
                         .department = (char *) "総務課",
                         .role = LRS_ROLE_LEARNER,
                         .active = TRUE,
                         .transfer_key = (char *) "t1" };
  LrsAccount admin = { .key = (char *) "k2",
                       .staff_id = (char *) "admin",
                       .role = LRS_ROLE_ADMIN,
                       .active = TRUE };

  g_assert_true (lrs_store_add_account (store, &account, "hash-1", &error));
  g_assert_true (lrs_store_add_account (store, &admin, "hash-2", &error));
  g_assert_no_error (error);
  /* A staff id is one account. */
  account.key = (char *) "k3";
  g_assert_false (lrs_store_add_account (other, &account, "hash-3", &error));
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED);
  g_clear_error (&error);

  seen = lrs_store_lookup_account (other, "k1", &hash, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen->display_name, ==, "田中 花子");
  g_assert_cmpstr (hash, ==, "hash-1");
  g_assert_true (seen->active);

  /* Disabled through one, refused through the other at once. */
  g_assert_true (lrs_store_update_account (store, "tanaka", 0, NULL, NULL, &key, &error));
  g_assert_cmpstr (key, ==, "k1");
  disabled = lrs_store_lookup_account (other, "k1", NULL, &error);
  g_assert_false (disabled->active);
  g_assert_false (lrs_store_update_account (other, "nobody", 1, NULL, NULL, NULL, &error));
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* By department, then staff id: the administrator (no department) first. */
  accounts = lrs_store_list_accounts (other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (((LrsAccount *) g_ptr_array_index (accounts, 0))->staff_id, ==, "admin");
}

static void
test_blobs (StoreFixture  *fixture,
            gconstpointer  data)
{
  g_autoptr(LrsStore) store = open_store (fixture);
  g_autoptr(GBytes) content = g_bytes_new_static ("\0binary\xff", 8);
  g_autoptr(GBytes) read = NULL;
  g_autoptr(GBytes) package = NULL;
  g_autoptr(GHashTable) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *published = NULL;

  g_assert_true (
    lrs_store_put_attachment (store, "ABCDEF", "application/octet-stream", content, &error));
  g_assert_true (
    lrs_store_put_attachment (store, "abcdef", "application/octet-stream", content, &error));
  g_assert_no_error (error);
  /* Data is served only with the statement that carried it. */
  g_assert_null (lrs_store_get_attachment (store, "abcdef", "s-1", &type));
  g_assert_true (lrs_store_bind_attachment (store, "s-1", "ABCDEF", "k1", 8, &error));
  g_assert_no_error (error);
  g_assert_null (lrs_store_get_attachment (store, "abcdef", "s-2", &type));
  g_assert_cmpint (lrs_store_attachment_usage (store, "k1", &error), ==, 8);
  g_assert_cmpint (lrs_store_attachment_usage (store, "k2", &error), ==, 0);
  read = lrs_store_get_attachment (store, "abcdef", "s-1", &type);
  g_assert_true (g_bytes_equal (read, content));
  /* Bound data stays; unbound data goes. */
  g_assert_true (lrs_store_delete_unused_attachment (store, "abcdef", &error));
  g_assert_true (lrs_store_put_attachment (store, "fedcba", "text/plain", content, &error));
  g_assert_true (lrs_store_delete_unused_attachment (store, "fedcba", &error));
  g_assert_no_error (error);
  g_clear_pointer (&type, g_free);
  {
    g_autoptr(GBytes) kept = lrs_store_get_attachment (store, "abcdef", "s-1", &type);

    g_assert_nonnull (kept);
  }
  g_assert_true (lrs_store_bind_attachment (store, "s-3", "fedcba", "k1", 8, &error));
  g_assert_null (lrs_store_get_attachment (store, "fedcba", "s-3", &type));
  g_assert_cmpstr (type, ==, "application/octet-stream");

  g_assert_true (
    lrs_store_put_package (store, "d1", "signer", "2026-05-01T00:00:00Z", content, &error));
  g_assert_true (
    lrs_store_put_package (store, "d2", "signer", "2026-05-02T00:00:00Z", content, &error));
  g_assert_true (
    lrs_store_put_package (store, "d1", "signer", "2026-05-03T00:00:00Z", content, &error));
  g_assert_no_error (error);
  package = lrs_store_get_package (store, NULL, &latest, &published, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (package, content));
  g_assert_cmpstr (latest, ==, "d1");
  g_assert_cmpstr (published, ==, "2026-05-03T00:00:00Z");
  g_assert_null (lrs_store_get_package (store, "d9", NULL, NULL, &error));
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (lrs_store_set_override (store, "scope", "{\"due\":\"2026-06-30\"}", &error));
  g_assert_true (lrs_store_set_override (store, "scope", "{\"due\":\"2026-07-31\"}", &error));
  g_assert_true (lrs_store_set_override (store, "other", "{}", &error));
  g_assert_true (lrs_store_set_override (store, "other", NULL, &error));
  rules = lrs_store_get_overrides (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (rules), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (rules, "scope"), ==, "{\"due\":\"2026-07-31\"}");
}

/* A session made through one store is found through another, until it
 * is deleted or expires. */
static void
test_sessions (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(LrsStore) store = open_store (fixture);
  g_autoptr(LrsStore) other = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *csrf = NULL;
  gint64 expires = 0;

  g_assert_true (lrs_store_ping (other, &error));
  g_assert_true (lrs_store_put_session (store, "d1", "k1", "c1", 2000, &error));
  g_assert_true (lrs_store_put_session (store, "d2", "k2", "c2", 1000, &error));
  g_assert_true (lrs_store_put_session (store, "d3", "k3", "c3", 3000, &error));
  g_assert_no_error (error);
  key = lrs_store_get_session (other, "d1", &csrf, &expires, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "k1");
  g_assert_cmpstr (csrf, ==, "c1");
  g_assert_cmpint (expires, ==, 2000);

  g_assert_true (lrs_store_delete_sessions (other, NULL, 1500, &error));
  g_assert_true (lrs_store_delete_sessions (other, "d3", 0, &error));
  g_assert_no_error (error);
  g_assert_null (lrs_store_get_session (store, "d2", &csrf, &expires, &error));
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (lrs_store_get_session (store, "d3", &csrf, &expires, NULL));
  g_free (key);
  g_free (csrf);
  key = lrs_store_get_session (store, "d1", &csrf, &expires, &error);
  g_assert_cmpstr (key, ==, "k1");
}

typedef struct {
  StoreFixture *fixture;
  const char   *name;    /* whose statement this writer sends */
  GCond        *cond;
  GMutex       *mutex;
  gboolean     *go;
  gboolean      ok;
  GError       *error;
} Writer;

static gpointer
write_thread (gpointer data)
{
  Writer *writer = data;
  g_autoptr(LrsStore) store = open_store (writer->fixture);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  /* Twenty statements in one batch, the same ids for every writer. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("10000000-0000-4000-8000-0000000000%02u", i);

      g_ptr_array_add (batch, statement (id, writer->name, PASSED,
                                         "https://awareness.example/activities/m/scope",
                                         "2026-05-01T09:00:00.000Z"));
    }
  g_mutex_lock (writer->mutex);
  while (!*writer->go)
    g_cond_wait (writer->cond, writer->mutex);
  g_mutex_unlock (writer->mutex);
  writer->ok = lrs_store_insert_statements (store, batch, ids, &writer->error);
  return NULL;
}

/* Writers on their own connections send the same batch at the same
 * moment: each id is stored once, every writer told it is stored; a
 * writer with other content under the same ids gets a conflict. */
static void
run_writers (StoreFixture *fixture,
             const char  **names,
             guint         n,
             Writer       *writers)
{
  GThread *threads[8];
  GCond cond;
  GMutex mutex;
  gboolean go = FALSE;

  g_cond_init (&cond);
  g_mutex_init (&mutex);
  for (guint i = 0; i < n; i++)
    {
      writers[i] = (Writer) { fixture, names[i], &cond, &mutex, &go };
      threads[i] = g_thread_new ("writer", write_thread, &writers[i]);
    }
  /* Let every writer connect, then start them together. */
  g_usleep (G_USEC_PER_SEC / 2);
  g_mutex_lock (&mutex);
  go = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&mutex);
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);
  g_cond_clear (&cond);
  g_mutex_clear (&mutex);
}

static void
test_concurrent_writers (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(LrsStore) store = open_store (fixture);
  const char *same[] = { "tanaka", "tanaka", "tanaka", "tanaka" };
  const char *different[] = { "suzuki", "sato" };
  Writer writers[4];
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(LrsQuery) query = { 0 };
  gint64 next;
  guint conflicts = 0;

  run_writers (fixture, same, 4, writers);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_no_error (writers[i].error);
      g_assert_true (writers[i].ok);
    }
  query.limit = 100;
  all = lrs_store_query_statements (store, &query, &next, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 20);

  /* Two writers, each with other content than what is held: both refused. */
  run_writers (fixture, different, 2, writers);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (writers[i].ok);
      conflicts += g_error_matches (writers[i].error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT);
      g_clear_error (&writers[i].error);
    }
  g_assert_cmpuint (conflicts, ==, 2);
}

static gpointer
open_thread (gpointer data)
{
  StoreFixture *fixture = data;
  g_autoptr(GError) error = NULL;
  LrsStore *store = lrs_store_open (fixture->database, &error);

  g_assert_no_error (error);
  return store;
}

/* Instances starting together on an empty database: the schema is made
 * once, and every one of them opens it. */
static void
test_migrations_once (StoreFixture  *fixture,
                      gconstpointer  data)
{
  GThread *threads[4];
  g_autofree char *psql = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dbname = NULL;
  g_auto(GStrv) versions = NULL;
  int status;

  if (!fixture_uses_pg ())
    {
      g_test_skip ("PostgreSQL only: SQLite has one writer and makes its schema at once");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("open", open_thread, fixture);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_object_unref (g_thread_join (threads[i]));

  psql = g_build_filename (g_getenv ("AWARENESS_PG_BINDIR"), "psql", NULL);
  dbname = g_strdup (fixture->database + strlen ("postgresql:///"));
  {
    const char *argv[] = { psql, "-X", "-A", "-t", "-d", dbname, "-c",
                           "SELECT count(*), count(DISTINCT version) FROM schema_version", NULL };

    g_assert_true (
      g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL));
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_strstrip (out);
  /* Each version once: as many rows as distinct versions. */
  versions = g_strsplit (out, "|", 2);
  g_assert_cmpuint (g_strv_length (versions), ==, 2);
  g_assert_cmpint (atoi (versions[0]), >=, 1);
  g_assert_cmpstr (versions[0], ==, versions[1]);
}

/* Runs a program of the test cluster's (psql, pg_dump) or the server on
 * @argv; returns its standard output. */
static char *
run_tool (const char * const *argv,
          gboolean            success)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (success && !g_spawn_check_wait_status (status, NULL))
    g_error ("%s: %s", argv[0], err);
  if (!success)
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  return out;
}

static char *
pg_tool (const char *name)
{
  return g_build_filename (g_getenv ("AWARENESS_PG_BINDIR"), name, NULL);
}

static guint
count_statements (LrsStore *store)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(LrsQuery) query = { 0 };
  gint64 next;

  query.limit = 1000;
  all = lrs_store_query_statements (store, &query, &next, &error);
  g_assert_no_error (error);
  return all->len;
}

/* A city's SQLite store moved to PostgreSQL by awareness-server migrate:
 * every table, and nothing twice when run again; a database holding other
 * statements is refused.  Then a backup by pg_dump restored into another
 * database holds the same. */
static void
test_migrate_and_restore (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autofree char *sqlite_path = g_build_filename (fixture->dir, "city.db", NULL);
  g_autofree char *from = g_strconcat ("sqlite:", sqlite_path, NULL);
  g_autofree char *dump = g_build_filename (fixture->dir, "backup.dump", NULL);
  g_autofree char *restored_name = g_strdup_printf ("restored_%d", (int) getpid ());
  g_autofree char *restored = g_strdup_printf ("postgresql:///%s", restored_name);
  g_autofree char *pg_dump = NULL;
  g_autofree char *pg_restore = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *dumped = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GBytes) content = g_bytes_new_static ("\0package\xff", 9);
  g_autoptr(GError) error = NULL;
  LrsAccount account = { .key = (char *) "k1",
                         .staff_id = (char *) "tanaka",
                         .role = LRS_ROLE_LEARNER,
                         .active = TRUE };

  if (!fixture_uses_pg ())
    {
      g_test_skip ("PostgreSQL only");
      return;
    }
  {
    g_autoptr(LrsStore) city = lrs_sqlite_store_new (sqlite_path, &error);
    g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

    g_assert_no_error (error);
    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *id = g_strdup_printf ("20000000-0000-4000-8000-00000000000%u", i);

        g_ptr_array_add (batch, statement (id, "tanaka", PASSED,
                                           "https://awareness.example/activities/m/scope",
                                           "2026-05-01T09:00:00.000Z"));
      }
    g_assert_true (lrs_store_insert_statements (city, batch, ids, &error));
    g_assert_true (lrs_store_add_account (city, &account, "hash-1", &error));
    g_assert_true (
      lrs_store_put_package (city, "d1", "signer", "2026-05-01T00:00:00Z", content, &error));
    g_assert_true (lrs_store_put_attachment (city, "abc", "text/plain", content, &error));
    g_assert_true (lrs_store_bind_attachment (city, "20000000-0000-4000-8000-000000000000", "abc",
                                              "k1", 9,
                                              &error));
    g_assert_true (lrs_store_set_override (city, "scope", "{}", &error));
    g_assert_true (lrs_store_put_session (city, "s1", "k1", "c1", G_MAXINT64, &error));
    g_assert_true (lrs_store_put_document (city, &(LrsDocumentKey) { LRS_DOCUMENT_ACTIVITY_PROFILE,
                                                                    "https://a.example/x", NULL,
                                                                    NULL, "p" },
                                           "application/octet-stream", content, NULL, &error));
    g_assert_no_error (error);
    /* A drill, its recipient with a click and the follow-up it assigned,
     * and the kill switch on. */
    {
      LrsDrill drill = { (char *) "drill-1", (char *) "list-request", (char *) "everyone",
                         (char *) "", 100, 200, 300, 14, NULL, 50, (char *) "admin", NULL };
      LrsDrillRecipient recipient = { (char *) "drill-1", (char *) "tanaka", (char *) "総務課",
                                      150 };
      LrsFollowUp follow_up = { (char *) "drill-1", (char *) "tanaka",
                                (char *) "drill-follow-up", 170, (char *) "2026-05-15" };
      g_autoptr(GPtrArray) recipients = g_ptr_array_new ();
      gboolean first_click = FALSE;

      g_ptr_array_add (recipients, &recipient);
      g_assert_true (lrs_drills_store_init (city, &error));
      g_assert_true (lrs_drills_store_create (city, &drill, recipients, &error));
      g_assert_true (lrs_drills_store_mark_sent (city, "drill-1", "tanaka", "hash-1", 160, NULL,
                                                 &error));
      g_assert_true (lrs_drills_store_set_clicked (city, &recipient, 170, &first_click, &error));
      g_assert_true (lrs_drills_store_assign_follow_up (city, &follow_up, &error));
      g_assert_true (lrs_drills_store_set_stopped (city, TRUE, &error));
      g_assert_no_error (error);
    }
  }

  {
    const char *argv[] = {
      g_getenv ("AWARENESS_SERVER"), "migrate", "--from", from, "--to", fixture->database, NULL
    };

    first = run_tool (argv, TRUE);
    again = run_tool (argv, TRUE);
  }
  g_assert_nonnull (strstr (first, "Copied "));
  g_assert_null (strstr (first, "Copied 0 "));
  g_assert_nonnull (strstr (again, "Copied 0 rows"));

  {
    g_autoptr(LrsStore) store = open_store (fixture);
    g_autoptr(LrsAccount) moved = lrs_store_lookup_account (store, "k1", NULL, &error);
    g_autoptr(GBytes) package = lrs_store_get_package (store, NULL, NULL, NULL, &error);
    g_autoptr(GPtrArray) verdicts = NULL;
    g_autofree char *type = NULL;
    g_autoptr(GBytes) attachment = lrs_store_get_attachment (store, "abc",
                                                             "20000000-0000-4000-8000-000000000000",
                                                             &type);
    LrsVerdictQuery verdict_query = { HOME_PAGE };

    g_assert_no_error (error);
    g_assert_cmpstr (moved->staff_id, ==, "tanaka");
    g_assert_true (g_bytes_equal (package, content));
    g_assert_true (g_bytes_equal (attachment, content));
    {
      g_autoptr(LrsDocument) document = lrs_store_get_document (
        store, &(LrsDocumentKey) { LRS_DOCUMENT_ACTIVITY_PROFILE, "https://a.example/x", NULL, NULL,
                                   "p" }, &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (document->content, content));
    }
    g_assert_cmpuint (count_statements (store), ==, 3);
    /* The drill, as it was: its recipient, the click by its token, the
     * follow-up and the kill switch. */
    {
      g_autoptr(LrsDrill) drill = lrs_drills_store_get (store, "drill-1", &error);
      g_autoptr(LrsDrill) of_token = NULL;
      g_autoptr(LrsDrillRecipient) clicked = lrs_drills_store_lookup_token (store, "hash-1",
                                                                            &of_token, &error);
      g_autoptr(GPtrArray) follow_ups = lrs_drills_store_follow_ups (store, "tanaka", &error);
      gboolean stopped = FALSE;

      g_assert_no_error (error);
      g_assert_cmpstr (drill->template, ==, "list-request");
      g_assert_cmpint (drill->ends, ==, 300);
      g_assert_cmpstr (clicked->department, ==, "総務課");
      g_assert_cmpint (clicked->clicked_at, ==, 170);
      g_assert_cmpuint (follow_ups->len, ==, 1);
      g_assert_cmpstr (((LrsFollowUp *) follow_ups->pdata[0])->due, ==, "2026-05-15");
      g_assert_true (lrs_drills_store_get_stopped (store, &stopped, &error));
      g_assert_true (stopped);
    }
    verdicts = lrs_store_latest_verdicts (store, &verdict_query, &error);
    g_assert_cmpuint (verdicts->len, ==, 1);
    /* New statements continue after the moved ones. */
    g_assert_true (insert (store,
                           statement ("20000000-0000-4000-8000-000000000009", "tanaka", PASSED,
                                      "https://awareness.example/activities/m/other",
                                      "2026-05-02T09:00:00.000Z"),
                           &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_statements (store), ==, 4);
  }

  /* Into a database that holds other statements: refused, nothing copied. */
  {
    g_autofree char *other_dir = g_build_filename (fixture->dir, "other.db", NULL);
    g_autofree char *other_from = g_strconcat ("sqlite:", other_dir, NULL);
    const char *argv[] = { g_getenv ("AWARENESS_SERVER"), "migrate", "--from", other_from, "--to",
                           fixture->database, NULL };
    g_autoptr(LrsStore) other = lrs_sqlite_store_new (other_dir, &error);

    g_assert_true (insert (other,
                           statement ("30000000-0000-4000-8000-000000000000", "suzuki", PASSED,
                                      "https://awareness.example/activities/m/scope",
                                      "2026-05-01T09:00:00.000Z"),
                           &error));
    g_assert_no_error (error);
    refused = run_tool (argv, FALSE);
  }

  /* Backup and restore. */
  pg_dump = pg_tool ("pg_dump");
  pg_restore = pg_tool ("pg_restore");
  {
    const char *dump_argv[] = { pg_dump, "-Fc", "-f",
                                dump,    "-d",  fixture->database + strlen ("postgresql:///"),
                                NULL };
    const char *restore_argv[] = { pg_restore, "--no-owner", "-d", restored_name, dump, NULL };

    dumped = run_tool (dump_argv, TRUE);
    sql = g_strdup_printf ("CREATE DATABASE %s", restored_name);
    fixture_psql (sql);
    loaded = run_tool (restore_argv, TRUE);
  }
  {
    g_autoptr(LrsStore) back = lrs_store_open (restored, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (count_statements (back), ==, 4);
    g_assert_true (insert (back,
                           statement ("20000000-0000-4000-8000-000000000010", "tanaka", PASSED,
                                      "https://awareness.example/activities/m/other",
                                      "2026-05-03T09:00:00.000Z"),
                           &error));
    g_assert_no_error (error);
  }
  g_free (sql);
  sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", restored_name);
  fixture_psql (sql);
}

/* Documents: one per kind, activity, agent, registration and id; the
 * writes conditional on the ETag, each condition and write one step; the
 * ids since a time, of one registration or of all; the deletions. */
static void
test_documents (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(LrsStore) store = open_store (fixture);
  g_autoptr(LrsStore) second = open_store (fixture);
  g_autoptr(GBytes) first = g_bytes_new_static ("\0first\xff", 7);
  g_autoptr(GBytes) other = g_bytes_new_static ("other", 5);
  g_autoptr(LrsDocument) read = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = lrs_document_etag (first);
  LrsDocumentKey key = { LRS_DOCUMENT_STATE, "https://a.example/x", "account\th\ttanaka", NULL,
                         "s" };
  LrsDocumentKey registered = key;
  LrsDocumentKey place = key;
  LrsDocumentKey profile = { LRS_DOCUMENT_ACTIVITY_PROFILE, "https://a.example/x", NULL, NULL,
                             "s" };
  gint64 before;

  registered.registration = "6c8c0b1e-2f5a-4c3e-9d55-1b0f4c1e7a10";
  place.id = NULL;
  g_assert_null (lrs_store_get_document (store, &key, &error));
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Only where there is none: once. */
  g_assert_true (lrs_store_put_document (store, &key, "application/octet-stream", first, "",
                                         &error));
  g_assert_false (lrs_store_put_document (second, &key, "text/plain", other, "", &error));
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  read = lrs_store_get_document (second, &key, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read->content, first));
  g_assert_cmpstr (read->etag, ==, "bacbe196c5e21ec59fc2317732e7e95df72e7b1b");
  g_assert_cmpstr (read->etag, ==, etag);
  g_assert_cmpstr (read->content_type, ==, "application/octet-stream");
  g_clear_pointer (&read, lrs_document_free);

  /* Over the ETag it has; not over another. */
  g_assert_false (lrs_store_put_document (store, &key, "text/plain", other, "0000", &error));
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (lrs_store_delete_documents (store, &key, "0000", &error));
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (lrs_store_put_document (store, &key, "text/plain", other, etag, &error));
  g_assert_no_error (error);

  /* Other places: a registration, another kind. */
  g_usleep (2000);
  before = g_get_real_time ();
  g_usleep (2000);
  g_assert_true (lrs_store_put_document (store, &registered, "text/plain", first, NULL, &error));
  g_assert_true (lrs_store_put_document (store, &profile, "text/plain", first, NULL, &error));
  g_assert_no_error (error);
  ids = lrs_store_list_documents (store, &place, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (((LrsDocument *) g_ptr_array_index (ids, 0))->id, ==, "s");
  g_assert_cmpint (((LrsDocument *) g_ptr_array_index (ids, 0))->updated, >, before);
  g_clear_pointer (&ids, g_ptr_array_unref);
  place.registration = registered.registration;
  ids = lrs_store_list_documents (store, &place, 0, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_ptr_array_unref);
  place.registration = NULL;
  ids = lrs_store_list_documents (store, &place, g_get_real_time (), &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* Every State of the place, of every registration; not the profile. */
  g_assert_true (lrs_store_delete_documents (store, &place, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (lrs_store_get_document (store, &key, NULL));
  g_assert_null (lrs_store_get_document (store, &registered, NULL));
  read = lrs_store_get_document (store, &profile, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read->content, first));
}

/* A URI's password is never shown: not when the database cannot be
 * opened, not when the copy is reported. */
static void
test_password_not_shown (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autofree char *sqlite_path = g_build_filename (fixture->dir, "city.db", NULL);
  g_autofree char *from = g_strconcat ("sqlite:", sqlite_path, NULL);
  g_autofree char *missing =
    g_strdup_printf ("postgresql://awareness:Secret-Pw-42@/no_such_database?host=%s",
                     g_getenv ("PGHOST"));
  g_autofree char *with_password =
    g_strdup_printf ("postgresql://awareness:Secret-Pw-42@/%s?host=%s",
                     fixture->database + strlen ("postgresql:///"), g_getenv ("PGHOST"));
  g_autoptr(GError) error = NULL;
  g_autoptr(LrsStore) city = NULL;

  if (!fixture_uses_pg ())
    {
      g_test_skip ("PostgreSQL only");
      return;
    }
  g_assert_null (lrs_store_open (missing, &error));
  g_assert_nonnull (strstr (error->message, "no_such_database"));
  g_assert_null (strstr (error->message, "Secret-Pw-42"));

  city = lrs_sqlite_store_new (sqlite_path, NULL);
  g_clear_object (&city);
  {
    const char *refused_argv[] = {
      g_getenv ("AWARENESS_SERVER"), "migrate", "--from", from, "--to", missing, NULL
    };
    const char *argv[] = {
      g_getenv ("AWARENESS_SERVER"), "migrate", "--from", from, "--to", with_password, NULL
    };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;
    int status;

    g_assert_true (
      g_spawn_sync (NULL, (char **) refused_argv, NULL, 0, NULL, NULL, &out, &err, &status, NULL));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "no_such_database"));
    g_assert_null (strstr (err, "Secret-Pw-42"));
    g_assert_true (
      g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out2, &err2, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out2, "Copied "));
    g_assert_null (strstr (out2, "Secret-Pw-42"));
  }
}

/* The audit log: entries with their address, read back from a time on,
 * the oldest first; append-only, as the engine itself enforces (an
 * UPDATE, a DELETE, on PostgreSQL a TRUNCATE, all refused). */
static void
test_audit_log (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(LrsStore) store = open_store (fixture);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(GError) error = NULL;
  const char *times[] = { "2026-04-01T00:00:00.000Z", "2026-05-01T09:30:00.000Z",
                          "2026-06-01T12:00:00.000Z" };
  const char *refusals[] = { "UPDATE security_log SET detail = 'rewritten'",
                             "DELETE FROM security_log", "TRUNCATE security_log" };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *subject = g_strdup_printf ("staff-%u", i);
      LrsSecurityEvent event = { 0, (char *) times[i], (char *) "account-disabled",
                                 (char *) "admin", subject, NULL,
                                 i == 0 ? NULL : (char *) "192.0.2.7" };

      g_assert_true (lrs_store_add_security_event (store, &event, &error));
      g_assert_no_error (error);
    }
  all = lrs_store_list_security_events (store, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (((LrsSecurityEvent *) all->pdata[0])->subject, ==, "staff-0");
  g_assert_null (((LrsSecurityEvent *) all->pdata[0])->address);
  g_assert_cmpstr (((LrsSecurityEvent *) all->pdata[2])->address, ==, "192.0.2.7");
  recent = lrs_store_list_security_events (store, "2026-05-01T09:30:00.000Z", 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recent->len, ==, 2);
  g_assert_cmpstr (((LrsSecurityEvent *) recent->pdata[0])->at, ==, times[1]);
  latest = lrs_store_list_security_events (store, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 1);
  g_assert_cmpstr (((LrsSecurityEvent *) latest->pdata[0])->subject, ==, "staff-2");

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      if (fixture_uses_pg ())
        {
          g_autofree char *psql = pg_tool ("psql");
          const char *dbname = fixture->database + strlen ("postgresql:///");
          const char *argv[] = { psql, "-X", "-v", "ON_ERROR_STOP=1", "-d", dbname,
                                 "-c", refusals[i], NULL };
          g_autofree char *out = run_tool (argv, FALSE);
        }
      else if (!g_str_has_prefix (refusals[i], "TRUNCATE"))
        {
          sqlite3 *db = NULL;
          char *message = NULL;

          g_assert_cmpint (sqlite3_open (fixture->database, &db), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_exec (db, refusals[i], NULL, NULL, &message), !=, SQLITE_OK);
          g_assert_nonnull (strstr (message, "append-only"));
          sqlite3_free (message);
          sqlite3_close (db);
        }
    }
  g_clear_pointer (&all, g_ptr_array_unref);
  all = lrs_store_list_security_events (store, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_null (((LrsSecurityEvent *) all->pdata[1])->detail);
}

/* Department heads: stored and read back with their role, changed to and
 * from it; on SQLite, in a store made before them (whose accounts table
 * took learners and administrators only), with its accounts kept. */
static void
test_department_heads (StoreFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(LrsStore) store = NULL;
  g_autoptr(LrsAccount) head = NULL;
  g_autoptr(LrsAccount) old = NULL;
  g_autoptr(LrsAccount) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  LrsAccount account = { .key = (char *) "k-head",
                         .staff_id = (char *) "head",
                         .department = (char *) "総務課",
                         .role = LRS_ROLE_DEPARTMENT_HEAD,
                         .active = TRUE };
  LrsRole role;

  if (!fixture_uses_pg ())
    {
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (fixture->database, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db,
                                     "CREATE TABLE accounts ("
                                     "  key TEXT PRIMARY KEY,"
                                     "  secret_hash TEXT NOT NULL,"
                                     "  staff_id TEXT NOT NULL UNIQUE,"
                                     "  display_name TEXT NOT NULL DEFAULT '',"
                                     "  department TEXT NOT NULL DEFAULT '',"
                                     "  segment TEXT NOT NULL DEFAULT '',"
                                     "  role TEXT NOT NULL CHECK (role IN ('learner', 'admin')),"
                                     "  active INTEGER NOT NULL DEFAULT 1,"
                                     "  transfer_key TEXT,"
                                     "  start_date TEXT);"
                                     "INSERT INTO accounts (key, secret_hash, staff_id, department,"
                                     "  role) VALUES ('k-old', 'hash-old', 'old', '財政課', 'admin');",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
  store = open_store (fixture);
  g_assert_true (lrs_store_add_account (store, &account, "hash-head", &error));
  g_assert_no_error (error);
  head = lrs_store_lookup_account (store, "k-head", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (head->role, ==, LRS_ROLE_DEPARTMENT_HEAD);
  g_assert_cmpstr (head->department, ==, "総務課");
  if (!fixture_uses_pg ())
    {
      g_autofree char *hash = NULL;

      old = lrs_store_lookup_account (store, "k-old", &hash, &error);
      g_assert_no_error (error);
      g_assert_cmpint (old->role, ==, LRS_ROLE_ADMIN);
      g_assert_cmpstr (hash, ==, "hash-old");
    }
  g_assert_true (lrs_store_change_account (store, "head", NULL, NULL, NULL, LRS_ROLE_LEARNER,
                                           &key, &error));
  g_assert_no_error (error);
  changed = lrs_store_lookup_account (store, key, NULL, &error);
  g_assert_cmpint (changed->role, ==, LRS_ROLE_LEARNER);

  g_assert_true (lrs_role_from_string ("所属長", &role));
  g_assert_cmpint (role, ==, LRS_ROLE_DEPARTMENT_HEAD);
  g_assert_cmpstr (lrs_role_to_string (role), ==, "department-head");
  g_assert_false (lrs_role_from_string ("部長", &role));
}

/* An after function that refuses its group (as a failed attachment
 * binding would), once its statements are in. */
static gboolean
refuse_after_cb (LrsStore       *store,
                 LrsStoreGroup  *group,
                 GError        **error)
{
  g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "refused after");
  return FALSE;
}

/* Several requests in one transaction (the store writer's group commit):
 * a conflict, a rule broken or a failing after function refuses its own
 * group only; the others are stored, and ids repeated across groups are
 * stored once. */
static void
test_groups (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autoptr(LrsStore) store = open_store (fixture);
  const char *activity = "https://awareness.example/activities/m/scope";
  LrsStoreGroup groups[4] = { { 0 } };
  LrsStoreGroup *pointers[4];
  g_autoptr(GError) error = NULL;

  g_assert_true (insert (store, statement ("00000000-0000-4000-8000-0000000000a0", "tanaka",
                                           PASSED, activity, "2026-05-01T09:00:00.000Z"),
                         &error));
  g_assert_no_error (error);
  for (guint g = 0; g < 4; g++)
    {
      groups[g].statements = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      groups[g].accepted_ids = g_ptr_array_new_with_free_func (g_free);
      pointers[g] = &groups[g];
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-0000000000%u%u", g, i);

          g_ptr_array_add (groups[g].statements,
                           statement (id, "tanaka", PASSED, activity, "2026-05-02T09:00:00.000Z"));
        }
    }
  /* Group 1 ends with the held id, other content: a conflict. */
  g_ptr_array_add (groups[1].statements,
                   statement ("00000000-0000-4000-8000-0000000000a0", "suzuki", PASSED, activity,
                              "2026-05-01T09:00:00.000Z"));
  /* Group 2 repeats group 0's first statement, the same: accepted once. */
  g_ptr_array_add (groups[2].statements,
                   statement ("00000000-0000-4000-8000-000000000000", "tanaka", PASSED, activity,
                              "2026-05-02T09:00:00.000Z"));
  groups[3].after = refuse_after_cb;

  g_assert_true (lrs_store_insert_groups (store, pointers, 4, &error));
  g_assert_no_error (error);
  g_assert_no_error (groups[0].error);
  g_assert_cmpuint (groups[0].accepted_ids->len, ==, 2);
  g_assert_error (groups[1].error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT);
  g_assert_cmpuint (groups[1].accepted_ids->len, ==, 0);
  g_assert_no_error (groups[2].error);
  g_assert_cmpuint (groups[2].accepted_ids->len, ==, 3);
  g_assert_error (groups[3].error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED);
  /* PostgreSQL has no group commit yet: a group is committed before its
   * after function runs (lrs_store_insert_groups()). */
  g_assert_cmpuint (groups[3].accepted_ids->len, ==, fixture_uses_pg () ? 2 : 0);

  for (guint g = 0; g < 4; g++)
    {
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-0000000000%u%u", g, i);
          g_autofree char *held = lrs_store_get_statement (store, id, FALSE, NULL);

          /* Stored exactly where its group was. */
          if (g == 0 || g == 2 || (g == 3 && fixture_uses_pg ()))
            g_assert_nonnull (held);
          else
            g_assert_null (held);
        }
      g_ptr_array_unref (groups[g].statements);
      g_ptr_array_unref (groups[g].accepted_ids);
      g_clear_error (&groups[g].error);
    }
  {
    g_autofree char *held =
      lrs_store_get_statement (store, "00000000-0000-4000-8000-0000000000a0", FALSE, NULL);

    g_assert_nonnull (strstr (held, "tanaka"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/awareness/lrs-store/" path, StoreFixture, NULL, store_setup, func, store_teardown)
  ADD ("statements", test_statements);
  ADD ("groups", test_groups);
  ADD ("accounts", test_accounts);
  ADD ("blobs", test_blobs);
  ADD ("documents", test_documents);
  ADD ("sessions", test_sessions);
  ADD ("concurrent-writers", test_concurrent_writers);
  ADD ("migrations-once", test_migrations_once);
  ADD ("migrate-and-restore", test_migrate_and_restore);
  ADD ("password-not-shown", test_password_not_shown);
  ADD ("audit-log", test_audit_log);
  ADD ("department-heads", test_department_heads);
#undef ADD

  return g_test_run ();
}
