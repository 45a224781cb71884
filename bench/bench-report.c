/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Report latency of awareness-server over a large store: STAFF staff in
 * DEPARTMENTS departments, with 1,000,000 statements as learners make
 * them (per module: launched, one answer per question, then passed or
 * failed, with retakes).  The store is filled through the server's own
 * storage code, not through HTTP (that is bench-ingest), and kept in the
 * build directory for the next run.
 *
 * The modules are those of the shipped catalog, which the server loads
 * as published content, so that the dashboard's overview and department
 * data (GET /admin/dashboard/…) judge the passes by its assignments.
 *
 * Measured over HTTPS on one keep-alive connection: the completion report
 * of one department and of the whole organisation, as JSON and CSV; the
 * dashboard's overview, department and item analysis.
 * Baseline, in the same run: GET of the About resource on the same
 * connection, which reads nothing; the ratio is the report's own cost.
 *
 * Usage: bench-report [STATEMENTS]   (AWARENESS_SERVER names the server,
 * AWARENESS_BENCH_DIR where the store is kept)
 */
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "awareness.h"
#include "bench-fill.h"
#include "lrs-store.h"

#define HOME_PAGE   "https://lrs.example.org/"
#define STAFF       10000
#define DEPARTMENTS 20
#define MODULES     9
#define QUESTIONS   10
#define BATCH       1000
#define ADMIN_KEY   "bench-admin"
#define ADMIN_SECRET "bench-admin-secret-not-for-production"
#define RUNS        20

static const char verb_prefix[] = "http://adlnet.gov/expapi/verbs/";

/* The modules of the shipped catalog (content/catalog.xml). */
static const char * const module_ids[MODULES] = {
  "policy-purpose", "definitions", "threats", "scope", "staff-obligations", "network-segments",
  "security-measures", "outsourcing-external-services", "audit-review",
};

typedef struct {
  BenchFiller fill;
  guint       target;
} Filler;

static void
add_statement (Filler     *filler,
               guint       staff,
               const char *verb,
               const char *activity,
               const char *extra,
               GDateTime  *when)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *timestamp = g_date_time_format_iso8601 (when);

  if (filler->fill.total >= filler->target)
    return;
  g_string_append_printf (
      bench_filler_next (&filler->fill),
      "{\"id\":\"%s\",\"actor\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"" HOME_PAGE
      "\",\"name\":\"s%05u\"}},\"verb\":{\"id\":\"%s%s\",\"display\":{\"en-US\":\"%s\"}},"
      "\"object\":{\"objectType\":\"Activity\",\"id\":\"https://awareness.example/activities/"
      "minamikyushu/%s\"}%s,\"timestamp\":\"%s\",\"stored\":\"%s\","
      "\"authority\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"" HOME_PAGE
      "\",\"name\":\"s%05u\"}},\"version\":\"1.0.0\"}",
      id, staff, verb_prefix, verb, verb, activity, extra, timestamp, timestamp, staff);
  bench_filler_added (&filler->fill);
}

/* One try of one module by one member of staff, the @round-th. */
static void
add_attempt (Filler    *filler,
             guint      staff,
             guint      module,
             guint      round,
             gboolean   passed,
             GDateTime *start)
{
  const char *module_id = module_ids[module];
  g_autofree char *verdict = NULL;
  g_autofree char *registration = g_strdup_printf ("%08x-%04x-4000-8000-%012x", staff, round,
                                                   module);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 12);

  add_statement (filler, staff, "launched", module_id, "", start);
  for (guint q = 0; q < QUESTIONS; q++)
    {
      g_autofree char *question = g_strdup_printf ("%s/questions/q%u", module_id, q);
      g_autoptr(GDateTime) at = g_date_time_add_minutes (start, (gint) q + 1);
      g_autofree char *answer = g_strdup_printf (",\"result\":{\"success\":%s,\"response\":\"%s\"},"
                                                 "\"context\":{\"registration\":\"%s\"}",
                                                 (q + staff) % 3 == 0 ? "false" : "true",
                                                 (q + staff) % 3 == 0 ? "b" : "a", registration);

      add_statement (filler, staff, "answered", question, answer, at);
    }
  verdict = g_strdup_printf (
      ",\"result\":{\"score\":{\"scaled\":%s},\"success\":%s,\"completion\":true},"
      "\"context\":{\"registration\":\"%s\",\"extensions\":{\"" AWARENESS_XAPI_EXT_MODULE_VERSION
      "\":\"2026.1\"}}",
      passed ? "0.9" : "0.5", passed ? "true" : "false", registration);
  add_statement (filler, staff, passed ? "passed" : "failed", module_id, verdict, end);
}

static void
add_account (LrsStore   *store,
             const char *key,
             const char *staff_id,
             const char *department,
             LrsRole     role,
             const char *hash)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("職員 %s", staff_id);
  LrsAccount account = {
    .key = (char *) key, .staff_id = (char *) staff_id, .display_name = name,
    .department = (char *) department, .segment = (char *) "", .role = role, .active = TRUE,
  };

  if (!lrs_store_add_account (store, &account, hash, &error))
    g_error ("account %s: %s", staff_id, error->message);
}

static char *
department_name (guint d)
{
  return g_strdup_printf ("部署%02u", d);
}

static void
fill (const char *path,
      guint       target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrsStore) store = lrs_store_open (path, &error);
  g_autoptr(GDateTime) year = g_date_time_new_utc (2026, 4, 1, 0, 0, 0);
  char hash[crypto_pwhash_STRBYTES];
  Filler filler = { .target = target };
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  bench_filler_init (&filler.fill, store, BATCH);
  if (crypto_pwhash_str (hash, ADMIN_SECRET, strlen (ADMIN_SECRET),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE)
      != 0)
    g_error ("argon2id: out of memory");
  add_account (store, ADMIN_KEY, "admin", "情報政策課", LRS_ROLE_ADMIN, hash);
  for (guint s = 0; s < STAFF; s++)
    {
      g_autofree char *key = g_strdup_printf ("key-%05u", s);
      g_autofree char *staff_id = g_strdup_printf ("s%05u", s);
      g_autofree char *department = department_name (s % DEPARTMENTS);

      /* Nobody signs in as them here: the hash only has to be there. */
      add_account (store, key, staff_id, department, LRS_ROLE_LEARNER, "$argon2id$unused");
    }

  /* Round after round over all staff, until the statements are there:
   * every module, a fifth of the tries failed and taken again. */
  for (guint round = 0; filler.fill.total < target; round++)
    for (guint s = 0; s < STAFF && filler.fill.total < target; s++)
      {
        guint module = (s + round) % MODULES;
        g_autoptr(GDateTime) when = g_date_time_add_minutes (year, (gint) (round * 600 + s % 500));

        add_attempt (&filler, s, module, round, (s + round) % 5 != 0, when);
      }
  bench_filler_clear (&filler.fill);
  g_print ("filled %s: %u statements, %u staff, %.1f s\n", path, filler.fill.total, STAFF,
           (g_get_monotonic_time () - start) / 1e6);
}

/* Runs one SQL command on @database of the cluster. */
static void
psql_run (const char *psql,
          const char *database,
          const char *sql)
{
  const char *argv[] = { psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql,
                         NULL };
  int wait_status = 0;
  g_autoptr(GError) error = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &wait_status, &error)
      || !g_spawn_check_wait_status (wait_status, &error))
    g_error ("psql -c “%s”: %s", sql, error->message);
}

/* Median wall time of RUNS GETs of @path as the administrator, in
 * milliseconds. */
static double
time_get (SoupSession *session,
          const char  *base,
          const char  *path,
          gsize       *size)
{
  return bench_time_get (session, base, ADMIN_KEY ":" ADMIN_SECRET, path, RUNS, size);
}

int
main (int    argc,
      char **argv)
{
  guint target = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  const char *server_binary = g_getenv ("AWARENESS_SERVER");
  const char *source = g_getenv ("AWARENESS_SOURCE_DIR");
  const char *keep = g_getenv ("AWARENESS_BENCH_DIR");
  g_autofree char *cert = g_build_filename (source != NULL ? source : ".", "tests", "data",
                                            "server", "test-cert.pem", NULL);
  g_autofree char *key = g_build_filename (source != NULL ? source : ".", "tests", "data", "server",
                                           "test-key.pem", NULL);
  /* v2: the catalog's module ids, and answers within their attempt. */
  g_autofree char *db_name = g_strdup_printf ("bench-report-v2-%u.db", target);
  g_autofree char *db = g_build_filename (keep != NULL ? keep : g_get_tmp_dir (), db_name, NULL);
  g_autofree char *dir = g_dir_make_tmp ("awareness-bench-report-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "server.conf", NULL);
  g_autofree char *text =
      g_strdup_printf ("[server]\nlisten=127.0.0.1\nport=0\ncertificate=%s\nkey=%s\n"
                       "database=%s\naccount-home-page=" HOME_PAGE "\n",
                       cert, key, db);
  g_autofree char *department = department_name (7);
  g_autofree char *escaped = g_uri_escape_string (department, NULL, TRUE);
  g_autofree char *by_department = g_strconcat ("../admin/reports/completion?department=", escaped,
                                                NULL);
  g_autofree char *by_department_csv = g_strconcat (by_department,
                                                    "&format=csv&bom=true&headers=ja", NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
  g_autofree char *content = g_build_filename (keep != NULL ? keep : g_get_tmp_dir (), "content",
                                               "current", NULL);
  g_autofree char *as_of = g_strdup ("as-of=2026-11-30");
  g_autofree char *overview_path = g_strconcat ("../admin/dashboard/overview?", as_of, NULL);
  g_autofree char *department_path = g_strconcat ("../admin/dashboard/department?lang=ja&", as_of,
                                                  "&name=", escaped, NULL);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *base = NULL;
  double about, dept, dept_csv, org, overview, dashboard_dept, items;
  gsize size_about, size_dept, size_dept_csv, size_org, size_overview, size_dashboard_dept,
      size_items;

  if (sodium_init () < 0)
    g_error ("libsodium does not start");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (g_strcmp0 (g_getenv ("AWARENESS_TEST_DATABASE"), "pg") == 0)
    {
      /* On a database of the cluster of tests/pg-cluster.sh, filled
       * through the PostgreSQL store under another name and renamed
       * once complete (a kept cluster, AWARENESS_PG_KEEP, reuses it);
       * the published content in the state directory. */
      g_autofree char *psql = g_build_filename (g_getenv ("AWARENESS_PG_BINDIR"), "psql", NULL);
      g_autofree char *name = g_strdup_printf ("bench_report_%u", target);
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s_partial", name);
      g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s_partial", name);
      g_autofree char *rename = g_strdup_printf ("ALTER DATABASE %s_partial RENAME TO %s", name,
                                                 name);
      g_autofree char *partial = g_strdup_printf ("postgresql:///%s_partial", name);

      g_free (db);
      db = g_strdup_printf ("postgresql:///%s", name);
      if (!lrs_store_exists (db))
        {
          g_autofree char *partial_name = g_strconcat (name, "_partial", NULL);

          psql_run (psql, "postgres", drop);
          psql_run (psql, "postgres", create);
          fill (partial, target);
          /* The planner's statistics, as a database in service has them. */
          psql_run (psql, partial_name, "VACUUM ANALYZE");
          psql_run (psql, "postgres", rename);
        }
      else
        g_print ("reusing %s\n", db);
      g_free (text);
      text = g_strdup_printf ("[server]\nlisten=127.0.0.1\nport=0\ncertificate=%s\nkey=%s\n"
                              "database=%s\nstate-directory=%s\naccount-home-page=" HOME_PAGE "\n",
                              cert, key, db, keep != NULL ? keep : g_get_tmp_dir ());
    }
  else if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_autofree char *partial = g_strconcat (db, ".partial", NULL);

      g_unlink (partial);
      fill (partial, target);
      g_assert_cmpint (g_rename (partial, db), ==, 0);
    }
  else
    g_print ("reusing %s\n", db);

  /* The shipped content, as the server keeps published content next to
   * its database. */
  bench_copy_content (source, content);
  g_assert_true (g_file_set_contents (config, text, -1, NULL));
  server = bench_spawn_server (server_binary, config, cert, &base, &session);

  /* Warm up: the first request verifies the argon2id hash; the first
   * report brings the store's pages into the cache. */
  time_get (session, base, "about", &size_about);
  time_get (session, base, by_department, &size_dept);

  about = time_get (session, base, "about", &size_about);
  dept = time_get (session, base, by_department, &size_dept);
  dept_csv = time_get (session, base, by_department_csv, &size_dept_csv);
  org = time_get (session, base, "../admin/reports/completion", &size_org);
  overview = time_get (session, base, overview_path, &size_overview);
  dashboard_dept = time_get (session, base, department_path, &size_dashboard_dept);
  items = time_get (session, base, "../admin/dashboard/items?lang=ja", &size_items);

  g_print (
      "store: %u statements, %d staff in %d departments; median of %d HTTPS GETs on one "
      "connection\n",
      target, STAFF, DEPARTMENTS, RUNS);
  g_print ("baseline: GET /xapi/about                  %8.2f ms  %8zu bytes\n", about, size_about);
  g_print ("report:   one department, JSON             %8.2f ms  %8zu bytes\n", dept, size_dept);
  g_print ("report:   one department, CSV (BOM, ja)    %8.2f ms  %8zu bytes\n", dept_csv,
           size_dept_csv);
  g_print ("report:   whole organisation, JSON         %8.2f ms  %8zu bytes\n", org, size_org);
  g_print ("dashboard: overview (10,000 staff)        %8.2f ms  %8zu bytes\n", overview,
           size_overview);
  g_print ("dashboard: one department                 %8.2f ms  %8zu bytes\n", dashboard_dept,
           size_dashboard_dept);
  g_print ("dashboard: item analysis (all answers)    %8.2f ms  %8zu bytes\n", items, size_items);
  g_print ("ratio department report / baseline: %.1f (target: department report under 200 ms)\n",
           dept / about);
  g_print ("ratio dashboard overview / baseline: %.1f, department / baseline: %.1f "
           "(target: each under 200 ms)\n", overview / about, dashboard_dept / about);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  return EXIT_SUCCESS;
}
