/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Records benchmark:
 *   1. the rate at which the library records whole attempts (begin, five
 *      answers each committed durably, then the result with its seven
 *      statements in one transaction), as `awareness take` does;
 *   2. the baseline: the sqlite3 shell inserting the same rows, 100,000
 *      attempts, in one transaction;
 *   3. `awareness status` and `awareness history` on that store of 100,000
 *      attempts, run as the learner runs them (a new process each time).
 * Target: status under 50 ms on 100,000 attempts.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "awareness.h"

static gint64
time_command (const char * const *argv,
              char * const       *envp,
              const char         *input_file)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (envp != NULL)
    g_subprocess_launcher_set_environ (launcher, (char **) envp);
  if (input_file != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, input_file);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
    g_error ("%s: %s", argv[0], error->message);
  return g_get_monotonic_time () - start;
}

static void
answer_all (AwarenessStore   *store,
            AwarenessAttempt *attempt,
            guint             salt)
{
  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
      GPtrArray *choices = awareness_attempt_get_choices (attempt, i);
      const char *ids[] = {
        awareness_choice_get_id (g_ptr_array_index (choices, (i + salt) % choices->len)), NULL
      };
      g_autoptr(GError) error = NULL;

      if (!awareness_attempt_answer (attempt, awareness_question_get_id (question), ids, &error)
          || !awareness_store_record_answer (store, attempt, awareness_question_get_id (question),
                                             &error))
        g_error ("%s", error->message);
    }
}

/* One attempt's rows, as the library writes them, for the sqlite3 shell. */
static void
append_sql (GString    *sql,
            guint       n,
            const char *module,
            const char *presentation,
            const char *statement)
{
  g_autofree char *id = g_strdup_printf ("%08x-0000-4000-8000-%012x", n, n);
  guint day = n / 300;
  g_autofree char *started = g_strdup_printf ("20%02u-%02u-%02uT%02u:%02u:%02u.000Z",
                                              20 + day / 336, 1 + (day / 28) % 12, 1 + day % 28,
                                              (n / 3600) % 24, (n / 60) % 60, n % 60);

  g_string_append_printf (
    sql,
    "INSERT INTO attempts VALUES ('%s', 'tanaka', '%s', '2026.1', '%064x', 'ja', "
    "'%s', '%s', '%s', %u, 5, 80, 'q-a,q-b,q-c,q-d,q-e', 'a,b,c,d;a,b,c,d;a,b,c,d;"
    "true,false;a,b,c,d', '%s');\n",
    id, module, n, started, started, n % 3 ? "passed" : "failed", 3 + n % 3, presentation);
  for (guint q = 0; q < 5; q++)
    g_string_append_printf (sql, "INSERT INTO answers VALUES ('%s', 'q-%c', 'a', '%s');\n",
                            id, 'a' + q, started);
  for (guint s = 0; s < 7; s++)
    g_string_append_printf (
      sql,
      "INSERT INTO outbox (statement_id, attempt_id, seq, statement, created_at) "
      "VALUES ('%s-%u', '%s', %u, '%s', '%s');\n",
      id, s, id, s, statement, started);
}

int
main (int    argc,
      char **argv)
{
  guint n_attempts = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint n_recorded = argc > 2 ? (guint) atoi (argv[2]) : 300;
  const char *content = g_getenv ("AWARENESS_CONTENT_DIR");
  const char *cli = g_getenv ("AWARENESS_CLI");
  g_autofree char *dir = g_dir_make_tmp ("awareness-bench-store-XXXXXX", NULL);
  g_autofree char *big = g_build_filename (dir, "big.db", NULL);
  g_autofree char *small = g_build_filename (dir, "small.db", NULL);
  g_autofree char *sql_path = g_build_filename (dir, "inserts.sql", NULL);
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) sql = g_string_new ("BEGIN;\n");
  g_autoptr(GPtrArray) statements = NULL;
  g_autofree char *presentation = NULL;
  g_autofree char *statement = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  GListModel *modules;
  gint64 start, library_us, sqlite_us, best_status = G_MAXINT64, best_history = G_MAXINT64;
  gint64 best_all = G_MAXINT64;

  catalog = awareness_catalog_new_for_directory (content != NULL ? content : "content", NULL,
                                                 &error);
  if (catalog == NULL)
    g_error ("%s", error->message);
  modules = awareness_catalog_get_modules (catalog);

  /* 1. The library, durably, as `take` records. */
  store = awareness_store_new_for_path (small, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_recorded; i++)
    {
      g_autoptr(AwarenessModule) module =
        g_list_model_get_item (modules, i % g_list_model_get_n_items (modules));
      g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, i, NULL);
      g_autoptr(GPtrArray) built = NULL;

      if (!awareness_store_begin_attempt (store, attempt, "tanaka", "ja", &error))
        g_error ("%s", error->message);
      answer_all (store, attempt, i);
      awareness_attempt_finish (attempt, NULL, NULL);
      built = awareness_xapi_build_attempt_statements (attempt, catalog, "https://lrs.example/",
                                                       "tanaka", "ja");
      if (!awareness_store_finish_attempt (store, attempt, built, &error))
        g_error ("%s", error->message);

      if (i == 0)
        {
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autofree char *json = NULL;

          /* Real sizes for the baseline's rows. */
          presentation = awareness_attempt_dup_presentation (attempt);
          json_generator_set_root (generator, g_ptr_array_index (built, 0));
          json = json_generator_to_data (generator, NULL);
          statement = g_strdup (json);
        }
    }
  library_us = g_get_monotonic_time () - start;
  g_clear_object (&store);

  /* 2. The baseline: the same rows from the sqlite3 shell, one transaction. */
  store = awareness_store_new_for_path (big, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  {
    g_autofree char *p = NULL;
    g_autofree char *s = NULL;
    GString *escaped = g_string_new (presentation);

    g_string_replace (escaped, "'", "''", 0);
    p = g_string_free (escaped, FALSE);
    escaped = g_string_new (statement);
    g_string_replace (escaped, "'", "''", 0);
    s = g_string_free (escaped, FALSE);

    for (guint i = 0; i < n_attempts; i++)
      {
        g_autoptr(AwarenessModule) module =
          g_list_model_get_item (modules, i % g_list_model_get_n_items (modules));

        append_sql (sql, i, awareness_module_get_id (module), p, s);
      }
  }
  g_string_append (sql, "COMMIT;\nPRAGMA wal_checkpoint(TRUNCATE);\n");
  g_assert_true (g_file_set_contents (sql_path, sql->str, (gssize) sql->len, NULL));
  /* Gigabytes in this process would slow every fork of the timed commands. */
  g_string_free (g_steal_pointer (&sql), TRUE);
  malloc_trim (0);
  {
    const char * const shell[] = { "sqlite3", big, NULL };

    sqlite_us = time_command (shell, NULL, sql_path);
  }

  /* 3. status and history on 100,000 attempts, as new processes. */
  envp = g_environ_setenv (envp, "AWARENESS_STORE", big, TRUE);
  envp = g_environ_setenv (envp, "AWARENESS_USER", "tanaka", TRUE);
  for (guint r = 0; r < 10; r++)
    {
      const char * const status[] = { cli != NULL ? cli : "awareness", "status", NULL };
      const char * const history[] = { cli != NULL ? cli : "awareness", "history", NULL };
      const char * const all[] = { cli != NULL ? cli : "awareness", "history", "--all", "--json",
                                   NULL };

      best_status = MIN (best_status, time_command (status, envp, NULL));
      best_history = MIN (best_history, time_command (history, envp, NULL));
      if (r < 3)
        best_all = MIN (best_all, time_command (all, envp, NULL));
    }

  g_print ("library, durable (begin + 5 answers + result and 7 statements, each committed):\n");
  g_print ("  %u attempts in %.1f ms: %.1f attempts/s, %.2f ms per attempt\n", n_recorded,
           library_us / 1000.0, n_recorded * 1e6 / (double) library_us,
           library_us / 1000.0 / n_recorded);
  g_print ("baseline, sqlite3 shell, the same rows in one transaction:\n");
  g_print ("  %u attempts in %.1f ms: %.0f attempts/s, %.3f ms per attempt\n", n_attempts,
           sqlite_us / 1000.0, n_attempts * 1e6 / (double) sqlite_us,
           sqlite_us / 1000.0 / n_attempts);
  g_print ("ratio per attempt, library (durable) / sqlite3 (one transaction): %.1f\n",
           ((double) library_us / n_recorded) / ((double) sqlite_us / n_attempts));
  g_print ("on %u attempts (best of 10, whole process):\n", n_attempts);
  g_print ("  awareness status:                 %7.1f ms (target < 50 ms)\n", best_status / 1000.0);
  g_print ("  awareness history (latest 50):    %7.1f ms\n", best_history / 1000.0);
  g_print ("  awareness history --all --json:   %7.1f ms (best of 3)\n", best_all / 1000.0);

  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  return EXIT_SUCCESS;
}
