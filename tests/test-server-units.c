/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The server's modules called directly, without HTTP: the error → status
 * mapping, the configuration, the roster, accounts and credentials, the
 * one ingest path, the store under it, the completion report and the
 * assignments.  Each case checks one rule against a real SQLite store in
 * a temporary directory; the HTTP behaviour is test-server.c's.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "awareness.h"
#include "lrs-accounts.h"
#include "lrs-assignments.h"
#include "lrs-auth.h"
#include "lrs-config.h"
#include "lrs-drills.h"
#include "lrs-drills-store.h"
#include "lrs-error.h"
#include "lrs-ingest.h"
#include "lrs-reminders.h"
#include "lrs-report.h"
#include "lrs-roster.h"
#include "lrs-server.h"
#include "lrs-statement-format.h"

#define HOME_PAGE "https://lrs.city.example/"
#define MODULE    "https://awareness.city.example/modules/staff-obligations"
#define PASSED    "http://adlnet.gov/expapi/verbs/passed"

/* Configuration */

static char *
write_config (const char *dir,
              const char *text)
{
  char *path = g_build_filename (dir, "server.conf", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_config_defaults (void)
{
  g_autofree char *dir = g_dir_make_tmp ("units-XXXXXX", NULL);
  g_autofree char *path = write_config (dir, "[server]\ndatabase=/srv/lrs.db\n"
                                             "account-home-page=" HOME_PAGE "\n");
  g_autoptr(GError) error = NULL;
  LrsConfig config = { 0 };

  g_assert_true (lrs_config_load (&config, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config.listen, ==, "127.0.0.1");
  g_assert_cmpuint (config.port, ==, 8443);
  g_assert_cmpuint (config.max_body, ==, 4 * 1024 * 1024);
  g_assert_cmpuint (config.max_batch, ==, 1000);
  g_assert_cmpuint (config.max_limit, ==, 500);
  g_assert_cmpuint (config.client_timeout, ==, 30);
  g_assert_cmpuint (config.auth_workers, ==, 2);
  g_assert_cmpuint (config.auth_failures_per_key, ==, 5);
  g_assert_cmpuint (config.max_import_rows, ==, 500);
  g_assert_cmpuint (config.max_attachments, ==, 10);
  g_assert_cmpuint (config.session_seconds, ==, 8 * 60 * 60);
  g_assert_false (config.development);
  g_assert_null (config.certificate);
  g_assert_null (config.trusted_keys);
  lrs_config_clear (&config);
  g_unlink (path);
  g_rmdir (dir);
}

/* [mail] remind-at: HH:MM, and only with a relay. */
static void
test_config_remind_at (void)
{
  g_autofree char *dir = g_dir_make_tmp ("units-XXXXXX", NULL);
  const struct {
    const char *mail;
    int         remind_at;   /* -2: refused */
  } cases[] = {
    { "", -1 },
    { "smtp-url=smtp://127.0.0.1:25\nfrom=a@city.example\n", -1 },
    { "smtp-url=smtp://127.0.0.1:25\nfrom=a@city.example\nremind-at=08:30\n", 8 * 60 + 30 },
    { "smtp-url=smtp://127.0.0.1:25\nfrom=a@city.example\nremind-at=00:00\n", 0 },
    { "smtp-url=smtp://127.0.0.1:25\nfrom=a@city.example\nremind-at=8:30\n", -2 },
    { "smtp-url=smtp://127.0.0.1:25\nfrom=a@city.example\nremind-at=24:00\n", -2 },
    { "smtp-url=smtp://127.0.0.1:25\nfrom=a@city.example\nremind-at=08:30x\n", -2 },
    { "remind-at=08:30\n", -2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[server]\ndatabase=/srv/lrs.db\n"
                                               "account-home-page=" HOME_PAGE "\n[mail]\n%s",
                                               cases[i].mail);
      g_autofree char *path = write_config (dir, text);
      g_autoptr(GError) error = NULL;
      LrsConfig config = { 0 };
      gboolean loaded = lrs_config_load (&config, path, &error);

      if (cases[i].remind_at == -2)
        {
          g_assert_false (loaded);
          g_assert_nonnull (strstr (error->message, "remind-at"));
          g_assert_nonnull (strstr (error->message, path));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpint (config.mail.remind_at, ==, cases[i].remind_at);
        }
      lrs_config_clear (&config);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The seconds to the next daily run: within its minute at once; later
 * today, or tomorrow once it has passed; over a month's and a year's
 * end. */
static void
test_reminder_schedule_delay (void)
{
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  const struct {
    int         remind_at;
    const char *now;
    guint       delay;
  } cases[] = {
    { 8 * 60 + 30, "2026-12-05T08:29:00", 60 },
    { 8 * 60 + 30, "2026-12-05T08:29:59.5", 1 },
    { 8 * 60 + 30, "2026-12-05T08:30:00", 0 },
    { 8 * 60 + 30, "2026-12-05T08:30:59", 0 },
    { 8 * 60 + 30, "2026-12-05T08:31:00", 24 * 3600 - 60 },
    { 8 * 60 + 30, "2026-12-05T20:30:00", 12 * 3600 },
    { 0, "2026-12-31T23:59:59", 1 },
    { 0, "2026-02-28T00:01:00", 24 * 3600 - 60 },
  };

  g_assert_nonnull (tokyo);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (cases[i].now, tokyo);

      g_assert_nonnull (now);
      g_assert_cmpuint (lrs_reminder_schedule_delay (cases[i].remind_at, now), ==,
                        cases[i].delay);
    }
}

static void
test_config_relative_paths (void)
{
  g_autofree char *dir = g_dir_make_tmp ("units-XXXXXX", NULL);
  g_autofree char *path = write_config (dir, "[server]\ndatabase=data/lrs.db\n"
                                             "certificate=/etc/lrs/cert.pem\n"
                                             "account-home-page=" HOME_PAGE "\n");
  g_autofree char *expected = g_build_filename (dir, "data", "lrs.db", NULL);
  g_autoptr(GError) error = NULL;
  LrsConfig config = { 0 };

  g_assert_true (lrs_config_load (&config, path, &error));
  g_assert_cmpstr (config.database, ==, expected);
  g_assert_cmpstr (config.certificate, ==, "/etc/lrs/cert.pem");
  lrs_config_clear (&config);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_config_needs_database (void)
{
  g_autofree char *dir = g_dir_make_tmp ("units-XXXXXX", NULL);
  g_autofree char *path = write_config (dir, "[server]\naccount-home-page=" HOME_PAGE "\n");
  g_autoptr(GError) error = NULL;
  LrsConfig config = { 0 };

  g_assert_false (lrs_config_load (&config, path, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND);
  lrs_config_clear (&config);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_config_home_page_is_iri (void)
{
  g_autofree char *dir = g_dir_make_tmp ("units-XXXXXX", NULL);
  g_autofree char *path = write_config (dir, "[server]\ndatabase=lrs.db\n"
                                             "account-home-page=not an iri\n");
  g_autoptr(GError) error = NULL;
  LrsConfig config = { 0 };

  g_assert_false (lrs_config_load (&config, path, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
  lrs_config_clear (&config);
  g_unlink (path);
  g_rmdir (dir);
}

/* Errors */

static void
test_error_statuses (void)
{
  static const struct {
    LrsError code;
    guint    status;
  } cases[] = {
    { LRS_ERROR_BAD_REQUEST, 400 },
    { LRS_ERROR_UNAUTHORIZED, 401 },
    { LRS_ERROR_FORBIDDEN, 403 },
    { LRS_ERROR_NOT_FOUND, 404 },
    { LRS_ERROR_NOT_ALLOWED, 405 },
    { LRS_ERROR_CONFLICT, 409 },
    { LRS_ERROR_LENGTH_REQUIRED, 411 },
    { LRS_ERROR_PRECONDITION_FAILED, 412 },
    { LRS_ERROR_TOO_LARGE, 413 },
    { LRS_ERROR_UNSUPPORTED, 415 },
    { LRS_ERROR_TOO_MANY, 429 },
    { LRS_ERROR_INTERNAL, 500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (LRS_ERROR, (gint) cases[i].code, "x");

      g_assert_cmpuint (lrs_http_status_for_error (error), ==, cases[i].status);
    }
}

static void
test_error_foreign_domain (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "x");

  /* Only the server's own codes speak for the client; anything else is
   * the server's failure. */
  g_assert_cmpuint (lrs_http_status_for_error (error), ==, 500);
}

/* Roster */

static void
test_roster_japanese_columns (void)
{
  const char *csv = "\xEF\xBB\xBF職員番号,氏名,所属,役割,着任日\r\n"
                    "1001,田中 花子,総務課,管理者,2026/4/1\r\n"
                    "1002,鈴木 一郎,税務課,受講者,\r\n";
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GError) error = NULL;
  LrsRosterRow *row;

  g_assert_true (lrs_roster_parse (csv, strlen (csv), &rows, &rejections, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (rejections->len, ==, 0);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->staff_id, ==, "1001");
  g_assert_cmpstr (row->department, ==, "総務課");
  g_assert_cmpstr (row->role, ==, "admin");
  g_assert_cmpstr (row->start_date, ==, "2026-04-01");
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row->role, ==, "learner");
  g_assert_null (row->start_date);
}

static void
test_roster_rejects_rows_not_others (void)
{
  const char *csv = "staff_id,display_name,role\n"
                    "2001,A,learner\n"
                    "2002,B,boss\n"
                    "2001,C,learner\n"
                    "2003,D,admin\n";
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GError) error = NULL;
  LrsRosterRejection *rejection;

  g_assert_true (lrs_roster_parse (csv, strlen (csv), &rows, &rejections, &error));
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (rejections->len, ==, 2);
  rejection = g_ptr_array_index (rejections, 0);
  g_assert_cmpuint (rejection->line, ==, 3);
  g_assert_nonnull (strstr (rejection->reason, "role"));
  rejection = g_ptr_array_index (rejections, 1);
  g_assert_cmpuint (rejection->line, ==, 4);
  g_assert_nonnull (strstr (rejection->reason, "twice"));
}

static void
test_roster_needs_staff_id_column (void)
{
  const char *csv = "name,department\nA,B\n";
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (lrs_roster_parse (csv, strlen (csv), &rows, &rejections, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* A server's state over a fresh SQLite store, without HTTP. */

typedef struct {
  char *dir;
  Lrs   lrs;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("units-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "lrs.db", NULL);
  fixture->lrs.config.home_page = g_strdup (HOME_PAGE);
  fixture->lrs.config.database = g_strdup (path);
  fixture->lrs.config.max_batch = 1000;
  fixture->lrs.config.max_limit = 500;
  fixture->lrs.config.max_attachments = 10;
  fixture->lrs.config.attachment_quota = 100 * 1024 * 1024;
  fixture->lrs.config.max_response = 32 * 1024 * 1024;
  fixture->lrs.config.session_seconds = 60;
  fixture->lrs.store = lrs_sqlite_store_new (path, &error);
  g_assert_no_error (error);
  fixture->lrs.auth = lrs_auth_new (fixture->lrs.store, 60);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_clear_pointer (&fixture->lrs.auth, lrs_auth_free);
  g_assert_finalize_object (fixture->lrs.store);
  lrs_config_clear (&fixture->lrs.config);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* Adds an account; returns it as the store holds it. */
static LrsAccount *
add_account (Fixture    *fixture,
             const char *staff_id,
             const char *department,
             LrsRole     role,
             char      **secret)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *new_secret = NULL;
  LrsAccount fields = { 0 };
  LrsAccount *account;

  fields.staff_id = (char *) staff_id;
  fields.display_name = (char *) staff_id;
  fields.department = (char *) department;
  fields.segment = (char *) "";
  fields.role = role;
  g_assert_true (lrs_account_create (fixture->lrs.store, fixture->lrs.config.server_key, &fields,
                                     &key, &new_secret, &error));
  g_assert_no_error (error);
  account = lrs_store_lookup_account (fixture->lrs.store, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  if (secret != NULL)
    *secret = g_steal_pointer (&new_secret);
  return account;
}

/* A verdict statement about @staff_id, as the library records one. */
static JsonNode *
verdict (const char *staff_id,
         const char *verb,
         const char *timestamp)
{
  g_autofree char *text = g_strdup_printf (
    "{\"actor\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"" HOME_PAGE
    "\",\"name\":\"%s\"}},"
    "\"verb\":{\"id\":\"%s\"},"
    "\"object\":{\"objectType\":\"Activity\",\"id\":\"" MODULE "\"},"
    "\"result\":{\"success\":true,\"score\":{\"scaled\":0.8,\"raw\":8,\"min\":0,\"max\":10}},"
    "\"timestamp\":\"%s\"}",
    staff_id, verb, timestamp);

  return json_from_string (text, NULL);
}

static GPtrArray *
batch (JsonNode *first,
       ...)
{
  GPtrArray *nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  va_list args;

  va_start (args, first);
  for (JsonNode *node = first; node != NULL; node = va_arg (args, JsonNode *))
    g_ptr_array_add (nodes, node);
  va_end (args);
  return nodes;
}

/* Accounts and credentials */

static void
test_account_secret_verifies (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autoptr(LrsAccount) account = add_account (fixture, "3001", "総務課", LRS_ROLE_LEARNER, &secret);
  g_autoptr(LrsAccount) checked = NULL;
  g_autoptr(LrsAccount) again = NULL;

  g_assert_true (account->active);
  g_assert_nonnull (account->transfer_key);
  checked = lrs_auth_check_credentials (fixture->lrs.auth, account->key, secret);
  g_assert_nonnull (checked);
  g_assert_cmpstr (checked->staff_id, ==, "3001");
  /* Remembered, and still checked. */
  again = lrs_auth_check_credentials (fixture->lrs.auth, account->key, secret);
  g_assert_nonnull (again);
}

static void
test_account_wrong_secret_refused (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autoptr(LrsAccount) account = add_account (fixture, "3002", "総務課", LRS_ROLE_LEARNER, &secret);

  g_assert_null (lrs_auth_check_credentials (fixture->lrs.auth, account->key, "wrong"));
  g_assert_null (lrs_auth_check_credentials (fixture->lrs.auth, "no-such-key", secret));
}

static void
test_account_disabled_refused (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autoptr(LrsAccount) account = add_account (fixture, "3003", "総務課", LRS_ROLE_LEARNER, &secret);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_assert_true (
    lrs_store_update_account (fixture->lrs.store, "3003", 0, NULL, NULL, &key, &error));
  g_assert_no_error (error);
  g_assert_null (lrs_auth_check_credentials (fixture->lrs.auth, account->key, secret));
}

static void
test_account_staff_id_unique (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(LrsAccount) account = add_account (fixture, "3004", "総務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  LrsAccount fields = { 0 };

  fields.staff_id = (char *) "3004";
  fields.display_name = (char *) "";
  fields.department = (char *) "";
  fields.segment = (char *) "";
  g_assert_false (lrs_account_create (fixture->lrs.store, fixture->lrs.config.server_key, &fields,
                                      &key, &secret, &error));
  g_assert_nonnull (error);
  g_assert_null (key);
}

/* Ingest */

static void
test_ingest_completes_statement (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "4001", "税務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GPtrArray) nodes = batch (verdict ("4001", PASSED, "2026-05-01T09:00:00Z"), NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *held = NULL;
  g_autoptr(JsonNode) stored = NULL;
  JsonObject *statement;

  g_assert_true (lrs_ingest_statements (&fixture->lrs, learner, nodes, NULL, LRS_INGEST_STATEMENTS,
                                        NULL, ids, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  held = lrs_store_get_statement (fixture->lrs.store, g_ptr_array_index (ids, 0), FALSE, &error);
  g_assert_nonnull (held);
  stored = json_from_string (held, &error);
  g_assert_no_error (error);
  statement = json_node_get_object (stored);
  /* The LRS sets id, stored, version and vouches as the authority. */
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (statement, "id")));
  g_assert_true (json_object_has_member (statement, "stored"));
  g_assert_cmpstr (json_object_get_string_member (statement, "version"), ==, "1.0.0");
  g_assert_true (json_object_has_member (statement, "authority"));
}

static void
test_ingest_learner_own_actor_only (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "4002", "税務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GPtrArray) nodes = batch (verdict ("someone-else", PASSED, "2026-05-01T09:00:00Z"),
                                       NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_false (lrs_ingest_statements (&fixture->lrs, learner, nodes, NULL, LRS_INGEST_STATEMENTS,
                                         NULL, ids, NULL, &error));
  g_assert_error (error, LRS_ERROR, LRS_ERROR_FORBIDDEN);
  g_assert_cmpuint (lrs_http_status_for_error (error), ==, SOUP_STATUS_FORBIDDEN);
}

static void
test_ingest_admin_any_actor (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(LrsAccount) admin = add_account (fixture, "4003", "情報政策課", LRS_ROLE_ADMIN, NULL);
  g_autoptr(GPtrArray) nodes = batch (verdict ("someone-else", PASSED, "2026-05-01T09:00:00Z"),
                                       NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (lrs_ingest_statements (&fixture->lrs, admin, nodes, NULL, LRS_INGEST_STATEMENTS,
                                        NULL, ids, NULL, &error));
  g_assert_no_error (error);
}

static void
test_ingest_invalid_statement (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "4004", "税務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GPtrArray) nodes =
    batch (json_from_string ("{\"verb\":{\"id\":\"" PASSED "\"}}", NULL), NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_false (lrs_ingest_statements (&fixture->lrs, learner, nodes, NULL, LRS_INGEST_STATEMENTS,
                                         NULL, ids, NULL, &error));
  g_assert_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST);
}

static void
test_ingest_batch_limit (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "4005", "税務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GPtrArray) nodes = batch (verdict ("4005", PASSED, "2026-05-01T09:00:00Z"),
                                      verdict ("4005", PASSED, "2026-05-02T09:00:00Z"), NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  fixture->lrs.config.max_batch = 1;
  g_assert_false (lrs_ingest_statements (&fixture->lrs, learner, nodes, NULL, LRS_INGEST_STATEMENTS,
                                         NULL, ids, NULL, &error));
  g_assert_error (error, LRS_ERROR, LRS_ERROR_TOO_LARGE);
  g_assert_cmpuint (ids->len, ==, 0);
}

static void
test_ingest_transfer_file_unlimited (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "4006", "税務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GPtrArray) nodes = batch (verdict ("4006", PASSED, "2026-05-01T09:00:00Z"),
                                      verdict ("4006", PASSED, "2026-05-02T09:00:00Z"), NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint already = 99;

  /* A machine's records of months come whole, whatever the batch limit. */
  fixture->lrs.config.max_batch = 1;
  g_assert_true (lrs_ingest_statements (&fixture->lrs, learner, nodes, NULL,
                                        LRS_INGEST_TRANSFER_FILE, NULL, ids, &already, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpuint (already, ==, 0);
}

static void
test_ingest_transfer_file_counts_already (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "4007", "税務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GPtrArray) first = batch (verdict ("4007", PASSED, "2026-05-01T09:00:00Z"), NULL);
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint already = 0;

  g_assert_true (lrs_ingest_statements (&fixture->lrs, learner, first, NULL, LRS_INGEST_STATEMENTS,
                                        NULL, ids, NULL, &error));
  /* The same statement again, and a new one. */
  second = batch (json_node_copy (g_ptr_array_index (first, 0)),
                  verdict ("4007", PASSED, "2026-05-03T09:00:00Z"), NULL);
  json_object_remove_member (json_node_get_object (g_ptr_array_index (second, 0)), "stored");
  json_object_remove_member (json_node_get_object (g_ptr_array_index (second, 0)), "authority");
  json_object_remove_member (json_node_get_object (g_ptr_array_index (second, 0)), "version");
  g_ptr_array_set_size (ids, 0);
  g_assert_true (lrs_ingest_statements (&fixture->lrs, learner, second, NULL,
                                        LRS_INGEST_TRANSFER_FILE, NULL, ids, &already, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (already, ==, 1);
}

static void
test_ingest_duplicate_id_in_batch (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "4008", "税務課", LRS_ROLE_LEARNER, NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GPtrArray) nodes = batch (verdict ("4008", PASSED, "2026-05-01T09:00:00Z"),
                                      verdict ("4008", PASSED, "2026-05-01T09:00:00Z"), NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < nodes->len; i++)
    json_object_set_string_member (json_node_get_object (g_ptr_array_index (nodes, i)), "id", id);
  g_assert_false (lrs_ingest_statements (&fixture->lrs, learner, nodes, NULL, LRS_INGEST_STATEMENTS,
                                         NULL, ids, NULL, &error));
  g_assert_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "appears twice"));
}

static void
test_ingest_same_id_other_content (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "4009", "税務課", LRS_ROLE_LEARNER, NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GPtrArray) first = batch (verdict ("4009", PASSED, "2026-05-01T09:00:00Z"), NULL);
  g_autoptr(GPtrArray) second = batch (verdict ("4009", PASSED, "2026-06-01T09:00:00Z"), NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (json_node_get_object (g_ptr_array_index (first, 0)), "id", id);
  json_object_set_string_member (json_node_get_object (g_ptr_array_index (second, 0)), "id", id);
  g_assert_true (lrs_ingest_statements (&fixture->lrs, learner, first, NULL, LRS_INGEST_STATEMENTS,
                                        NULL, ids, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (lrs_ingest_statements (&fixture->lrs, learner, second, NULL,
                                         LRS_INGEST_STATEMENTS, NULL, ids, NULL, &error));
  g_assert_error (error, LRS_ERROR, LRS_ERROR_CONFLICT);
}

static void
test_ingest_attachment_needs_data (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "4010", "税務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GPtrArray) nodes = batch (verdict ("4010", PASSED, "2026-05-01T09:00:00Z"), NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) attachments = json_from_string (
    "[{\"usageType\":\"https://awareness.city.example/usage/note\",\"display\":{\"en\":\"note\"},"
    "\"contentType\":\"text/plain\",\"length\":2,"
    "\"sha2\":\"" "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae" "\"}]", NULL);

  json_object_set_member (json_node_get_object (g_ptr_array_index (nodes, 0)), "attachments",
                          g_steal_pointer (&attachments));
  /* Without a fileUrl, the data must come as a part: a transfer file has none. */
  g_assert_false (lrs_ingest_statements (&fixture->lrs, learner, nodes, NULL,
                                         LRS_INGEST_TRANSFER_FILE, NULL, ids, NULL, &error));
  g_assert_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "attachments[0]"));
}

/* Reports and assignments */

static void
test_report_latest_verdict (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "5001", "総務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(LrsAccount) idle = add_account (fixture, "5002", "総務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GPtrArray) nodes = batch (verdict ("5001", "http://adlnet.gov/expapi/verbs/failed",
                                               "2026-05-01T09:00:00Z"),
                                      verdict ("5001", PASSED, "2026-05-02T09:00:00Z"), NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  LrsReportFilter filter = { .department = "総務課" };
  LrsReportRow *done = NULL, *none = NULL;

  g_assert_true (lrs_ingest_statements (&fixture->lrs, learner, nodes, NULL, LRS_INGEST_STATEMENTS,
                                        NULL, ids, NULL, &error));
  g_assert_no_error (error);
  rows = lrs_report_completion (fixture->lrs.store, HOME_PAGE, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->staff_id, "5001") == 0)
        done = row;
      else if (g_strcmp0 (row->staff_id, "5002") == 0)
        none = row;
    }
  g_assert_nonnull (done);
  g_assert_cmpstr (done->module, ==, "staff-obligations");
  g_assert_cmpstr (done->result, ==, "passed");
  g_assert_cmpstr (done->date, ==, "2026-05-02T09:00:00Z");
  g_assert_cmpint (done->score, ==, 80);
  /* A member of staff without results is on the report too. */
  g_assert_nonnull (none);
  g_assert_null (none->result);
}

static void
test_report_csv_for_excel (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(LrsAccount) learner = add_account (fixture, "5003", "総務課", LRS_ROLE_LEARNER, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  LrsReportFilter filter = { 0 };

  rows = lrs_report_completion (fixture->lrs.store, HOME_PAGE, &filter, &error);
  g_assert_no_error (error);
  csv = lrs_report_to_csv (rows, TRUE, TRUE);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (csv, "職員番号"));
  g_assert_nonnull (strstr (csv, "5003"));
}

static void
test_assignments_overrides (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GHashTable) rules = NULL;
  g_autoptr(GError) error = NULL;
  AwarenessAssignment *assignment;

  g_assert_true (lrs_store_set_override (fixture->lrs.store, "staff-obligations",
                                         "{\"audience\":\"department\",\"audience_value\":\"総務課\","
                                         "\"due\":\"06-30\"}", &error));
  g_assert_true (lrs_store_set_override (fixture->lrs.store, "broken", "not json", &error));
  g_assert_no_error (error);
  rules = lrs_assignments_load_overrides (fixture->lrs.store, &error);
  g_assert_no_error (error);
  /* A rule that cannot be read is left out, not fatal. */
  g_assert_cmpuint (g_hash_table_size (rules), ==, 1);
  assignment = g_hash_table_lookup (rules, "staff-obligations");
  g_assert_nonnull (assignment);
  g_assert_cmpint (assignment->audience, ==, AWARENESS_AUDIENCE_DEPARTMENT);
  g_assert_cmpstr (assignment->audience_value, ==, "総務課");
  g_assert_cmpuint (assignment->due_month, ==, 6);
  g_assert_cmpuint (assignment->due_day, ==, 30);
}

static void
test_parse_today (void)
{
  GDate day;

  g_assert_true (lrs_parse_today ("2027-03-31", &day));
  g_assert_cmpint (g_date_get_year (&day), ==, 2027);
  g_assert_cmpint (g_date_get_month (&day), ==, 3);
  g_assert_cmpint (g_date_get_day (&day), ==, 31);
  g_assert_false (lrs_parse_today ("2027-02-30", &day));
  g_assert_false (lrs_parse_today ("tomorrow", &day));
  g_assert_true (lrs_parse_today (NULL, &day));
  g_assert_true (g_date_valid (&day));
}

/* Formats */

static void
test_format_ids (void)
{
  const char *json = "{\"actor\":{\"objectType\":\"Agent\",\"name\":\"Hanako\","
                     "\"account\":{\"homePage\":\"" HOME_PAGE "\",\"name\":\"1\"}},"
                     "\"verb\":{\"id\":\"" PASSED "\",\"display\":{\"en\":\"passed\"}},"
                     "\"object\":{\"id\":\"" MODULE "\",\"definition\":{\"name\":{\"en\":\"M\"}}}}";
  g_autofree char *ids = lrs_statement_format (json, "ids", NULL);
  g_autofree char *exact = lrs_statement_format (json, "exact", NULL);

  g_assert_null (strstr (ids, "Hanako"));
  g_assert_null (strstr (ids, "display"));
  g_assert_null (strstr (ids, "definition"));
  g_assert_nonnull (strstr (ids, "homePage"));
  g_assert_cmpstr (exact, ==, json);
}

static void
test_format_canonical (void)
{
  const char *json = "{\"verb\":{\"id\":\"" PASSED
                     "\",\"display\":{\"en-US\":\"passed\",\"ja\":\"合格\"}}}";
  g_autofree char *ja = lrs_statement_format (json, "canonical", "fr;q=0.5, ja-JP, en;q=0.8");
  g_autofree char *first = lrs_statement_format (json, "canonical", "de");

  g_assert_nonnull (strstr (ja, "合格"));
  g_assert_null (strstr (ja, "en-US"));
  /* No language wanted: the map's first. */
  g_assert_nonnull (strstr (first, "en-US"));
  g_assert_null (strstr (first, "合格"));
}

/* A cell a spreadsheet would run as a formula is defused, whether it
 * starts with = + - @ or with their full-width forms ＝ ＋ － ＠. */
static void
test_csv_defuses_formulas (void)
{
  static const char * const names[] = {
    "=1+1", "+1", "-1", "@SUM(A1)", "＝HYPERLINK(\"http://x\")", "＋1", "－1", "＠SUM(A1)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (
        (GDestroyNotify) lrs_report_row_free);
      LrsReportRow *row = g_new0 (LrsReportRow, 1);
      g_autofree char *csv = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GString) quoted = g_string_new (NULL);

      row->staff_id = g_strdup ("s1");
      row->display_name = g_strdup (names[i]);
      row->score = -1;
      g_ptr_array_add (rows, row);
      csv = lrs_report_to_csv (rows, FALSE, FALSE);
      for (const char *p = names[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (quoted, '"');
          g_string_append_c (quoted, *p);
        }
      expected = g_strdup_printf ("\r\ns1,\"'%s\",", quoted->str);
      if (strstr (csv, expected) == NULL)
        g_error ("%s not defused: %s", names[i], csv);
    }
}

/* Drills: the timer's round, on a clock of the test's own */

#define DRILL_START G_GINT64_CONSTANT (1800000000)

/* The messages in @dir, the dry run's outbox. */
static guint
count_messages (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A drill of the shipped "list-request" template for @n staff of 総務課,
 * each due at the time of @offsets after DRILL_START; its window is an
 * hour, and it ends a day after it begins. */
static void
make_drill (Fixture       *fixture,
            const char    *id,
            const gint64  *offsets,
            guint          n)
{
  g_autoptr(LrsDrill) drill = g_new0 (LrsDrill, 1);
  g_autoptr(GPtrArray) recipients =
    g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_drill_recipient_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (lrs_drills_store_init (fixture->lrs.store, &error));
  g_assert_no_error (error);
  drill->id = g_strdup (id);
  drill->template = g_strdup ("list-request");
  drill->audience = g_strdup ("department");
  drill->audience_value = g_strdup ("総務課");
  drill->send_from = DRILL_START;
  drill->send_until = DRILL_START + 3600;
  drill->ends = DRILL_START + 86400;
  drill->follow_up_days = 14;
  drill->created = DRILL_START - 100;
  drill->created_by = g_strdup ("admin");
  drill->excluded = g_new0 (char *, 1);
  for (guint i = 0; i < n; i++)
    {
      LrsDrillRecipient *recipient = g_new0 (LrsDrillRecipient, 1);
      g_autoptr(LrsAccount) account = NULL;

      recipient->staff_id = g_strdup_printf ("%s-s%u", id, i);
      recipient->department = g_strdup ("総務課");
      recipient->send_at = DRILL_START + offsets[i];
      account = add_account (fixture, recipient->staff_id, "総務課", LRS_ROLE_LEARNER, NULL);
      g_ptr_array_add (recipients, recipient);
    }
  g_assert_true (lrs_drills_store_create (fixture->lrs.store, drill, recipients, &error));
  g_assert_no_error (error);
}

static int
tick (Fixture *fixture,
      gint64   now)
{
  g_autoptr(GError) error = NULL;
  int sent = lrs_drills_tick (&fixture->lrs, now, &error);

  g_assert_no_error (error);
  return sent;
}

static LrsDrillRecipient *
recipient_of (GPtrArray  *recipients,
              const char *staff_id)
{
  for (guint i = 0; i < recipients->len; i++)
    if (g_strcmp0 (((LrsDrillRecipient *) recipients->pdata[i])->staff_id, staff_id) == 0)
      return recipients->pdata[i];
  g_assert_not_reached ();
}

/* Each message goes out at its own stored time, by the timer's round
 * alone; none while the kill switch is on; a failure is kept for that
 * recipient and tried again, never sent twice; the times survive a
 * restart; a cancelled campaign sends nothing more. */
static void
test_drills_send_over_window (Fixture       *fixture,
                              gconstpointer  data)
{
  static const gint64 offsets[] = { 600, 1200, 3000 };
  g_autofree char *outbox = g_build_filename (fixture->dir, "outbox", NULL);
  g_autofree char *blocker = g_build_filename (fixture->dir, "not-a-directory", NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "lrs.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) recipients = NULL;

  fixture->lrs.catalog =
    awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);
  g_assert_no_error (error);
  fixture->lrs.config.drill_outbox = g_strdup (outbox);
  make_drill (fixture, "d1", offsets, G_N_ELEMENTS (offsets));

  /* Before the window, then the first one's time. */
  g_assert_cmpint (tick (fixture, DRILL_START - 1), ==, 0);
  g_assert_cmpuint (count_messages (outbox), ==, 0);
  g_assert_cmpint (tick (fixture, DRILL_START + 700), ==, 1);
  g_assert_cmpuint (count_messages (outbox), ==, 1);

  /* The kill switch stops everything due. */
  g_assert_true (lrs_drills_store_set_stopped (fixture->lrs.store, TRUE, &error));
  g_assert_cmpint (tick (fixture, DRILL_START + 1300), ==, 0);
  g_assert_true (lrs_drills_store_set_stopped (fixture->lrs.store, FALSE, &error));

  /* The relay (here the outbox) fails: kept, with why, and tried again. */
  g_assert_true (g_file_set_contents (blocker, "", 0, &error));
  g_free (fixture->lrs.config.drill_outbox);
  fixture->lrs.config.drill_outbox = g_strdup (blocker);
  g_assert_cmpint (tick (fixture, DRILL_START + 1300), ==, 0);
  recipients = lrs_drills_store_recipients (fixture->lrs.store, "d1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (recipient_of (recipients, "d1-s1")->failure, !=, "");
  g_assert_cmpint (recipient_of (recipients, "d1-s1")->sent_at, ==, 0);
  g_clear_pointer (&recipients, g_ptr_array_unref);
  g_free (fixture->lrs.config.drill_outbox);
  fixture->lrs.config.drill_outbox = g_strdup (outbox);
  g_assert_cmpint (tick (fixture, DRILL_START + 1301), ==, 1);
  g_assert_cmpint (tick (fixture, DRILL_START + 1302), ==, 0);
  g_assert_cmpuint (count_messages (outbox), ==, 2);

  /* A restart: the third one's time is still the stored one. */
  g_clear_pointer (&fixture->lrs.auth, lrs_auth_free);
  g_assert_finalize_object (fixture->lrs.store);
  fixture->lrs.store = lrs_sqlite_store_new (path, &error);
  g_assert_no_error (error);
  fixture->lrs.auth = lrs_auth_new (fixture->lrs.store, 60);
  recipients = lrs_drills_store_recipients (fixture->lrs.store, "d1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (recipient_of (recipients, "d1-s1")->sent_at, ==, DRILL_START + 1301);
  g_assert_cmpstr (recipient_of (recipients, "d1-s1")->failure, ==, "");
  g_assert_cmpint (recipient_of (recipients, "d1-s2")->send_at, ==, DRILL_START + 3000);
  g_assert_cmpint (recipient_of (recipients, "d1-s2")->sent_at, ==, 0);

  /* Cancelled: the last one never goes. */
  g_assert_true (lrs_drills_store_cancel (fixture->lrs.store, "d1", &error));
  g_assert_cmpint (tick (fixture, DRILL_START + 3500), ==, 0);
  g_assert_cmpuint (count_messages (outbox), ==, 2);

  g_clear_object (&fixture->lrs.catalog);
  remove_tree (outbox);
}

/* Retention: a drill's data stays [drills] keep-days after its end, then
 * the timer's round removes all of it, follow-ups included. */
static void
test_drills_retention (Fixture       *fixture,
                       gconstpointer  data)
{
  static const gint64 offsets[] = { 600 };
  const gint64 ends = DRILL_START + 86400;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) follow_ups = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(LrsDrill) kept = NULL;
  g_autoptr(LrsDrill) gone = NULL;
  LrsFollowUp follow_up = { (char *) "old", (char *) "old-s0", (char *) "drill-follow-up",
                            DRILL_START + 700, (char *) "2027-01-01" };

  fixture->lrs.config.drill_keep_days = 30;
  make_drill (fixture, "old", offsets, 1);
  g_assert_true (lrs_drills_store_assign_follow_up (fixture->lrs.store, &follow_up, &error));
  g_assert_no_error (error);

  /* The last second of the 30 days: kept. */
  g_assert_cmpint (tick (fixture, ends + 30 * 86400), >=, 0);
  kept = lrs_drills_store_get (fixture->lrs.store, "old", &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);

  g_assert_cmpint (tick (fixture, ends + 30 * 86400 + 1), >=, 0);
  gone = lrs_drills_store_get (fixture->lrs.store, "old", &error);
  g_assert_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_clear_error (&error);
  recipients = lrs_drills_store_recipients (fixture->lrs.store, "old", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recipients->len, ==, 0);
  follow_ups = lrs_drills_store_follow_ups (fixture->lrs.store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (follow_ups->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/awareness/server-units/config/defaults", test_config_defaults);
  g_test_add_func ("/awareness/server-units/config/relative-paths", test_config_relative_paths);
  g_test_add_func ("/awareness/server-units/config/needs-database", test_config_needs_database);
  g_test_add_func ("/awareness/server-units/config/home-page-is-iri", test_config_home_page_is_iri);
  g_test_add_func ("/awareness/server-units/error/statuses", test_error_statuses);
  g_test_add_func ("/awareness/server-units/error/foreign-domain", test_error_foreign_domain);
  g_test_add_func ("/awareness/server-units/roster/japanese-columns", test_roster_japanese_columns);
  g_test_add_func ("/awareness/server-units/roster/rejects-rows-not-others",
                   test_roster_rejects_rows_not_others);
  g_test_add_func ("/awareness/server-units/roster/needs-staff-id-column",
                   test_roster_needs_staff_id_column);
#define ADD(path, func)                                                                            \
  g_test_add ("/awareness/server-units/" path, Fixture, NULL, fixture_set_up, func,                \
              fixture_tear_down)
  ADD ("account/secret-verifies", test_account_secret_verifies);
  ADD ("account/wrong-secret-refused", test_account_wrong_secret_refused);
  ADD ("account/disabled-refused", test_account_disabled_refused);
  ADD ("account/staff-id-unique", test_account_staff_id_unique);
  ADD ("ingest/completes-statement", test_ingest_completes_statement);
  ADD ("ingest/learner-own-actor-only", test_ingest_learner_own_actor_only);
  ADD ("ingest/admin-any-actor", test_ingest_admin_any_actor);
  ADD ("ingest/invalid-statement", test_ingest_invalid_statement);
  ADD ("ingest/batch-limit", test_ingest_batch_limit);
  ADD ("ingest/transfer-file-unlimited", test_ingest_transfer_file_unlimited);
  ADD ("ingest/transfer-file-counts-already", test_ingest_transfer_file_counts_already);
  ADD ("ingest/duplicate-id-in-batch", test_ingest_duplicate_id_in_batch);
  ADD ("ingest/same-id-other-content", test_ingest_same_id_other_content);
  ADD ("ingest/attachment-needs-data", test_ingest_attachment_needs_data);
  ADD ("report/latest-verdict", test_report_latest_verdict);
  ADD ("report/csv-for-excel", test_report_csv_for_excel);
  ADD ("assignments/overrides", test_assignments_overrides);
  ADD ("drills/send-over-window", test_drills_send_over_window);
  ADD ("drills/retention", test_drills_retention);
#undef ADD
  g_test_add_func ("/awareness/server-units/today", test_parse_today);
  g_test_add_func ("/awareness/server-units/csv/defuses-formulas", test_csv_defuses_formulas);
  g_test_add_func ("/awareness/server-units/format/ids", test_format_ids);
  g_test_add_func ("/awareness/server-units/config/remind-at", test_config_remind_at);
  g_test_add_func ("/awareness/server-units/reminders/schedule-delay",
                   test_reminder_schedule_delay);
  g_test_add_func ("/awareness/server-units/format/canonical", test_format_canonical);

  return g_test_run ();
}
