/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Self-inspection report latency of awareness-server: STAFF staff in
 * DEPARTMENTS departments, each of whom answered a checklist of ITEMS
 * items in this cycle and in the previous one (ITEMS answers and a
 * completion each time: 620,000 statements), some "no" with a comment.
 * The checklist is generated into a copy of the shipped content, which
 * the server loads as published content; the store is filled through the
 * server's own storage code and kept in the build directory.
 *
 * Measured: the server's start on a copy of the store without the
 * report's table (as after an upgrade: it reads every statement into the
 * table before it serves); then over HTTPS on one keep-alive connection,
 * the first report, the report of
 * one department as JSON and as CSV, and of the whole organisation.
 * Baseline, in the same run: GET of the About resource on the same
 * connection; the ratio is the report's own cost.
 *
 * Usage: bench-inspection   (AWARENESS_SERVER names the server,
 * AWARENESS_SOURCE_DIR the source tree, AWARENESS_BENCH_DIR where the
 * store is kept)
 */
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sodium.h>
#include <sqlite3.h>

#include "awareness.h"
#include "bench-fill.h"
#include "lrs-store.h"

#define HOME_PAGE    "https://lrs.example.org/"
#define IRI_BASE     "https://awareness.example/activities/minamikyushu/self-inspection/"
#define CHECKLIST    "bench-self-inspection"
#define STAFF        10000
#define DEPARTMENTS  20
#define ITEMS        30
#define BATCH        2000
#define ADMIN_KEY    "bench-admin"
#define ADMIN_SECRET "bench-admin-secret-not-for-production"
#define RUNS         20

static void
add_statement (BenchFiller *filler,
               guint        staff,
               const char  *verb,
               const char  *activity,
               const char  *rest,
               const char  *timestamp)
{
  g_autofree char *id = g_uuid_string_random ();

  g_string_append_printf (
      bench_filler_next (filler),
      "{\"id\":\"%s\",\"actor\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"" HOME_PAGE
      "\",\"name\":\"s%05u\"}},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/%s\"},"
      "\"object\":{\"objectType\":\"Activity\",\"id\":\"" IRI_BASE "%s\"},%s,"
      "\"timestamp\":\"%s\",\"stored\":\"%s\","
      "\"authority\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"" HOME_PAGE
      "\",\"name\":\"s%05u\"}},\"version\":\"1.0.0\"}",
      id, staff, verb, activity, rest, timestamp, timestamp, staff);
  bench_filler_added (filler);
}

/* One submitted inspection: an answer per item, then the completion.
 * About one answer in twelve is "no", with a comment; one in twenty not
 * applicable. */
static void
add_inspection (BenchFiller *filler,
                guint        staff,
                guint        cycle,
                const char  *timestamp)
{
  g_autofree char *registration = g_strdup_printf ("%08x-%04x-4000-8000-000000000000", staff,
                                                   cycle);
  g_autofree char *context = g_strdup_printf (
      "\"context\":{\"registration\":\"%s\",\"extensions\":{\""
      AWARENESS_XAPI_EXT_CHECKLIST_VERSION "\":\"2026.1\"}}", registration);

  for (guint i = 0; i < ITEMS; i++)
    {
      guint roll = (staff * 7 + i * 13 + cycle * 5) % 60;
      g_autofree char *item = g_strdup_printf (CHECKLIST "/items/item-%02u", i);
      g_autofree char *rest = g_strdup_printf (
          "\"result\":{\"response\":\"%s\"%s},%s",
          roll < 5 ? "no" : roll < 8 ? "not-applicable" : "yes",
          roll < 5 ? ",\"extensions\":{\"" AWARENESS_XAPI_EXT_COMMENT "\":\"手順を確認できていない\"}"
                   : "",
          context);

      add_statement (filler, staff, "answered", item, rest, timestamp);
    }
  {
    g_autofree char *rest = g_strdup_printf ("\"result\":{\"completion\":true},%s", context);

    add_statement (filler, staff, "completed", CHECKLIST, rest, timestamp);
  }
}

static char *
department_name (guint d)
{
  return g_strdup_printf ("部署%02u", d);
}

static void
fill (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrsStore) store = lrs_store_open (path, &error);
  char hash[crypto_pwhash_STRBYTES];
  BenchFiller filler;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  bench_filler_init (&filler, store, BATCH);
  if (crypto_pwhash_str (hash, ADMIN_SECRET, strlen (ADMIN_SECRET),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE)
      != 0)
    g_error ("argon2id: out of memory");
  {
    LrsAccount admin = {
      .key = (char *) ADMIN_KEY, .staff_id = (char *) "admin", .display_name = (char *) "管理者",
      .department = (char *) "情報政策課", .segment = (char *) "", .role = LRS_ROLE_ADMIN,
      .active = TRUE,
    };

    if (!lrs_store_add_account (store, &admin, hash, &error))
      g_error ("admin: %s", error->message);
  }
  for (guint s = 0; s < STAFF; s++)
    {
      g_autofree char *key = g_strdup_printf ("key-%05u", s);
      g_autofree char *staff_id = g_strdup_printf ("s%05u", s);
      g_autofree char *name = g_strdup_printf ("職員 %05u", s);
      g_autofree char *department = department_name (s % DEPARTMENTS);
      LrsAccount account = {
        .key = key, .staff_id = staff_id, .display_name = name, .department = department,
        .segment = (char *) "", .role = LRS_ROLE_LEARNER, .active = TRUE,
      };

      if (!lrs_store_add_account (store, &account, "$argon2id$unused", &error))
        g_error ("account %s: %s", staff_id, error->message);
    }

  /* The previous fiscal year, then this one; one in fifty has not
   * answered yet this year. */
  for (guint cycle = 0; cycle < 2; cycle++)
    for (guint s = 0; s < STAFF; s++)
      {
        g_autofree char *timestamp = g_strdup_printf ("%u-06-%02uT%02u:%02u:00+09:00",
                                                      2025 + cycle, 1 + s % 28, 9 + s % 8,
                                                      s % 60);

        if (cycle == 1 && s % 50 == 49)
          continue;
        add_inspection (&filler, s, cycle, timestamp);
      }
  bench_filler_clear (&filler);
  g_print ("filled %s: %u statements, %u staff, %.1f s\n", path, filler.total, STAFF,
           (g_get_monotonic_time () - start) / 1e6);
}

/* The checklist of ITEMS items, into the content at @content. */
static void
write_checklist (const char *content)
{
  g_autofree char *catalog_path = g_build_filename (content, "catalog.xml", NULL);
  g_autofree char *path = g_build_filename (content, "checklists", "bench.xml", NULL);
  g_autofree char *catalog = NULL;
  g_autoptr(GString) xml = g_string_new (
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<checklist xmlns=\"urn:x-awareness:content:1\" id=\"" CHECKLIST "\" version=\"2026.1\" "
      "xml:lang=\"ja\">\n"
      "  <title>ベンチマーク用の自己点検</title>\n"
      "  <title xml:lang=\"en\">Benchmark self-inspection</title>\n"
      "  <guidance>ベンチマーク用です <clause-ref clause=\"basic.7\"/>。</guidance>\n"
      "  <guidance xml:lang=\"en\">For the benchmark <clause-ref clause=\"basic.7\"/>."
      "</guidance>\n");
  g_autoptr(GString) edited = NULL;

  for (guint i = 0; i < ITEMS; i++)
    g_string_append_printf (xml,
                            "  <check id=\"item-%02u\" clause=\"basic.5\">\n"
                            "    <text>点検項目 %u を実施している。</text>\n"
                            "    <text xml:lang=\"en\">I carry out practice %u.</text>\n"
                            "  </check>\n",
                            i, i + 1, i + 1);
  g_string_append (xml, "</checklist>\n");
  g_assert_true (g_file_set_contents (path, xml->str, -1, NULL));

  g_assert_true (g_file_get_contents (catalog_path, &catalog, NULL, NULL));
  /* Checklists come before the drills in a catalog. */
  edited = g_string_new (catalog);
  g_string_insert (edited,
                   strstr (catalog, "<drill-file") != NULL
                     ? strstr (catalog, "<drill-file") - catalog
                     : strstr (catalog, "</catalog>") - catalog,
                   "<checklist-file href=\"checklists/bench.xml\"/>\n  ");
  g_assert_true (g_file_set_contents (catalog_path, edited->str, -1, NULL));
}

static double
time_get (SoupSession *session,
          const char  *base,
          const char  *path,
          guint        runs,
          gsize       *size)
{
  return bench_time_get (session, base, ADMIN_KEY ":" ADMIN_SECRET, path, runs, size);
}

int
main (int    argc,
      char **argv)
{
  const char *server_binary = g_getenv ("AWARENESS_SERVER");
  const char *source = g_getenv ("AWARENESS_SOURCE_DIR");
  const char *keep = g_getenv ("AWARENESS_BENCH_DIR");
  g_autofree char *cert = g_build_filename (source != NULL ? source : ".", "tests", "data",
                                            "server", "test-cert.pem", NULL);
  g_autofree char *key = g_build_filename (source != NULL ? source : ".", "tests", "data", "server",
                                           "test-key.pem", NULL);
  g_autofree char *home = g_build_filename (keep != NULL ? keep : g_get_tmp_dir (),
                                            "bench-inspection-v1", NULL);
  g_autofree char *db = g_build_filename (home, "lrs.db", NULL);
  g_autofree char *fresh = g_build_filename (home, "fresh.db", NULL);
  g_autofree char *content = g_build_filename (home, "content", "current", NULL);
  g_autofree char *dir = g_dir_make_tmp ("awareness-bench-inspection-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "server.conf", NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
  g_autofree char *text = NULL;
  g_autofree char *department = department_name (7);
  g_autofree char *escaped = g_uri_escape_string (department, NULL, TRUE);
  g_autofree char *report = g_strdup ("../admin/reports/self-inspection?as-of=2026-11-30&"
                                      "checklist=" CHECKLIST);
  g_autofree char *by_department = g_strconcat (report, "&department=", escaped, NULL);
  g_autofree char *by_department_csv = g_strconcat (by_department,
                                                    "&format=csv&list=shares&bom=true&headers=ja",
                                                    NULL);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *base = NULL;
  double about, first, dept, dept_csv, org, backfill;
  gint64 started;
  gsize size_about, size_first, size_dept, size_dept_csv, size_org;

  (void) argc;
  (void) argv;
  if (sodium_init () < 0)
    g_error ("libsodium does not start");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);

  /* The filled store is kept; each run reads the statements into the
   * report's table afresh at the server's start, from a copy. */
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_autofree char *partial = g_strconcat (db, ".partial", NULL);

      g_unlink (partial);
      fill (partial);
      g_assert_cmpint (g_rename (partial, db), ==, 0);
    }
  else
    g_print ("reusing %s\n", db);
  {
    g_autofree char *copy = g_strdup_printf ("cp '%s' '%s'", db, fresh);
    g_autofree char *wal = g_strconcat (fresh, "-wal", NULL);
    g_autofree char *shm = g_strconcat (fresh, "-shm", NULL);
    int wait_status = 0;

    g_unlink (fresh);
    g_unlink (wal);
    g_unlink (shm);
    g_assert_true (g_spawn_command_line_sync (copy, NULL, NULL, &wait_status, NULL));
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }
  {
    sqlite3 *handle = NULL;

    g_assert_cmpint (sqlite3_open (fresh, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "DROP TABLE IF EXISTS inspection_records", NULL, NULL,
                                   NULL), ==, SQLITE_OK);
    sqlite3_close (handle);
  }
  if (bench_copy_content (source, content))
    write_checklist (content);

  text = g_strdup_printf ("[server]\nlisten=127.0.0.1\nport=0\ncertificate=%s\nkey=%s\n"
                          "database=%s\naccount-home-page=" HOME_PAGE "\n",
                          cert, key, fresh);
  g_assert_true (g_file_set_contents (config, text, -1, NULL));
  started = g_get_monotonic_time ();
  server = bench_spawn_server (server_binary, config, cert, &base, &session);
  backfill = (g_get_monotonic_time () - started) / 1000.0;

  /* Warm up: the first request verifies the argon2id hash. */
  time_get (session, base, "about", 2, &size_about);
  first = time_get (session, base, by_department, 1, &size_first);
  time_get (session, base, by_department, 2, &size_dept);

  about = time_get (session, base, "about", RUNS, &size_about);
  dept = time_get (session, base, by_department, RUNS, &size_dept);
  dept_csv = time_get (session, base, by_department_csv, RUNS, &size_dept_csv);
  org = time_get (session, base, report, 5, &size_org);

  g_print ("store: %d staff in %d departments, a checklist of %d items answered in two cycles; "
           "median of %d HTTPS GETs on one connection\n", STAFF, DEPARTMENTS, ITEMS, RUNS);
  g_print ("baseline: GET /xapi/about                      %8.2f ms  %8zu bytes\n", about,
           size_about);
  g_print ("server start, reading the statements in once   %8.2f ms\n", backfill);
  g_print ("first report after the start                  %8.2f ms  %8zu bytes\n", first,
           size_first);
  g_print ("self-inspection: one department, JSON         %8.2f ms  %8zu bytes\n", dept,
           size_dept);
  g_print ("self-inspection: one department, CSV (shares) %8.2f ms  %8zu bytes\n", dept_csv,
           size_dept_csv);
  g_print ("self-inspection: whole organisation, JSON     %8.2f ms  %8zu bytes (median of 5)\n",
           org, size_org);
  g_print ("ratio department report / baseline: %.1f (target: department report under 200 ms)\n",
           dept / about);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_unlink (fresh);
  {
    g_autofree char *wal = g_strconcat (fresh, "-wal", NULL);
    g_autofree char *shm = g_strconcat (fresh, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  return EXIT_SUCCESS;
}
