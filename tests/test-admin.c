/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Administration from the command line against the real awareness-server
 * on loopback (HTTPS, a real database): `awareness admin accounts`,
 * `roster import`, `assignments` and `audit`, each change asserted in the
 * server's audit log with who did it and from where; a refused roster or
 * a dry run changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lrs-fixture.h"
#include "smtp-sink.h"

/* Signs the command line in as the administrator. */
static void
login_admin (Fixture *fixture)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *key = key_of (fixture->admin);
  g_autofree char *secret = secret_line (fixture->admin);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (fixture, secret, &out, &err, "login", "--server", fixture->base,
                            "--user", key,
                            "--ca-file", cert, NULL), ==, 0);
}

/* The audit log, read with the command line as JSON, as lines
 * "event|actor|subject|detail|address" (a dash for none). */
static char *
audit_lines (Fixture *fixture)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GString *lines = g_string_new (NULL);
  JsonArray *entries;

  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "admin", "audit", "--format", "json", NULL),
                   ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  entries = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *names[] = { "event", "actor", "subject", "detail", "address" };

      for (guint f = 0; f < G_N_ELEMENTS (names); f++)
        {
          const char *value = json_object_get_string_member_with_default (entry, names[f], NULL);

          g_string_append_printf (lines, f > 0 ? "|%s" : "%s", value != NULL ? value : "-");
        }
      g_string_append_c (lines, '\n');
    }
  g_test_message ("audit log:\n%s", lines->str);
  return g_string_free (lines, FALSE);
}

/* Asserts that @log has each of @expected, in that order. */
static void
assert_in_order (const char         *log,
                 const char * const *expected)
{
  const char *p = log;

  for (guint i = 0; expected[i] != NULL; i++)
    {
      const char *found = strstr (p, expected[i]);

      if (found == NULL)
        g_error ("not in the audit log after the entries before it: %s", expected[i]);
      p = found + strlen (expected[i]);
    }
}

static char *
cli_out (Fixture *fixture,
         int      expected_status,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list args;
  int status;

  va_start (args, expected_status);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_assert_cmpuint (argv->len, <=, 16);
  g_ptr_array_set_size (argv, 16);
  status = run_cli (fixture, NULL, &out, &err, argv->pdata[0], argv->pdata[1], argv->pdata[2],
                    argv->pdata[3],
                    argv->pdata[4], argv->pdata[5], argv->pdata[6], argv->pdata[7], argv->pdata[8],
                    argv->pdata[9], argv->pdata[10], argv->pdata[11], argv->pdata[12],
                    argv->pdata[13],
                    argv->pdata[14], argv->pdata[15], NULL);
  if (status != expected_status)
    g_error ("exit status %d, not %d: %s%s", status, expected_status, out, err);
  /* What went wrong is on the standard error, after what was shown. */
  return g_strconcat (out, err, NULL);
}

/* accounts add, list, set, disable, enable and reset-secret; each change
 * in the audit log, and a refused change neither made nor logged. */
static void
test_accounts (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *added = NULL, *listed = NULL, *filtered = NULL, *changed = NULL;
  g_autofree char *bad_email = NULL;
  g_autofree char *disabled = NULL, *enabled = NULL, *reset = NULL, *missing = NULL, *json = NULL;
  g_autofree char *log = NULL, *csv = NULL, *table = NULL;
  const char *expected[] = {
    "account-created|admin|2001|role learner|127.0.0.1\n",
    "account-changed|admin|2001|email=yamada@city.example|127.0.0.1\n",
    "account-changed|admin|2001|department=総務課, role=admin, language=en|127.0.0.1\n",
    "account-disabled|admin|2001|-|127.0.0.1\n",
    "account-enabled|admin|2001|-|127.0.0.1\n",
    "secret-reset|admin|2001|-|127.0.0.1\n",
    NULL,
  };

  login_admin (fixture);
  added = cli_out (fixture, 0, "admin", "accounts", "add", "2001", "--name", "山田 太郎",
                   "--department",
                   "財政課", "--email", "yamada@city.example", NULL);
  g_assert_nonnull (strstr (added, "Secret: "));
  g_assert_nonnull (strstr (added, "shown this once"));

  listed = cli_out (fixture, 0, "admin", "accounts", "list", NULL);
  g_assert_nonnull (strstr (listed, "山田 太郎"));
  g_assert_nonnull (strstr (listed, "yamada@city.example"));
  g_assert_nonnull (strstr (listed, "4 accounts"));
  filtered = cli_out (fixture, 0, "admin", "accounts", "list", "--department", "財政課", NULL);
  g_assert_nonnull (strstr (filtered, "1 account\n"));
  g_assert_null (strstr (filtered, "tanaka"));

  changed = cli_out (fixture, 0, "admin", "accounts", "set", "2001", "--department", "総務課",
                     "--role", "admin",
                     "--language", "en", NULL);
  g_assert_nonnull (strstr (changed, "Changed the account of 2001"));
  bad_email = cli_out (fixture, 1, "admin", "accounts", "set", "2001", "--email", "not an address",
                       NULL);
  g_assert_nonnull (strstr (bad_email, "email: not an e-mail address"));
  disabled = cli_out (fixture, 0, "admin", "accounts", "disable", "2001", NULL);
  enabled = cli_out (fixture, 0, "admin", "accounts", "enable", "2001", NULL);
  reset = cli_out (fixture, 0, "admin", "accounts", "reset-secret", "2001", NULL);
  g_assert_nonnull (strstr (reset, "Secret: "));
  missing = cli_out (fixture, 1, "admin", "accounts", "disable", "nobody", NULL);
  g_assert_nonnull (strstr (missing, "No account with this staff id"));

  /* In Japanese, as the city's administrators read it. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli_in_locale (fixture, "ja_JP.UTF-8", NULL, &out, &err, "admin",
                                        "accounts", "list", "--state", "active", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "職員番号"));
    g_assert_nonnull (strstr (out, "有効"));
    g_assert_nonnull (strstr (out, "4 件のアカウント"));
  }
  json = cli_out (fixture, 0, "admin", "accounts", "list", "--search", "YAMADA@", "--format",
                  "json", NULL);
  g_assert_nonnull (strstr (json, "\"department\":\"総務課\""));
  g_assert_nonnull (strstr (json, "\"role\":\"admin\""));
  g_assert_nonnull (strstr (json, "\"language\":\"en\""));

  log = audit_lines (fixture);
  assert_in_order (log, expected);
  g_assert_null (strstr (log, "not an address"));
  /* The secret is never in the log. */
  g_assert_null (strstr (log, strstr (reset, "Secret: ") + strlen ("Secret: ")));

  csv = cli_out (fixture, 0, "admin", "audit", "--format", "csv", "--bom", "--japanese-headers",
                 NULL);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "番号,日時,操作,実行者,対象,詳細,接続元\r\n"));
  table = cli_out (fixture, 0, "admin", "audit", "--since", "2000-01-01", NULL);
  g_assert_nonnull (strstr (table, "secret-reset"));
  g_assert_nonnull (strstr (table, "127.0.0.1"));
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static char *
account_json (Fixture *fixture)
{
  return cli_out (fixture, 0, "admin", "accounts", "list", "--format", "json", NULL);
}

/* roster import: a refused roster and a dry run change nothing; a good
 * one (UTF-8 with BOM and CRLF, or Shift_JIS) adds, changes and disables,
 * each row in the audit log. */
static void
test_roster (Fixture       *fixture,
             gconstpointer  data)
{
  static const char refused[] =
    "職員番号,氏名,所属,役割,メールアドレス\r\n"
    "3001,=HYPERLINK(\"http://x\"),財政課,受講者,a@city.example\r\n"   /* line 2 */
    "3002,木村,財政課,部長,b@city.example\r\n"                         /* line 3 */
    "3003,高橋,財政課,受講者,not-an-address\r\n"                      /* line 4 */
    "3004,伊藤,財政課,受講者,c@city.example\r\n"                       /* line 5 */
    "3004,伊藤,財政課,受講者,c@city.example\r\n"                       /* line 6 */
    "3006,森,財務課,受講者,d@city.example\r\n"                         /* line 7 */
    "3007,林,,所属長,e@city.example\r\n";                              /* line 8 */
  static const char good[] =
    "\xEF\xBB\xBF職員番号,氏名,所属,役割,メールアドレス,状態\r\n"
    "3001,佐藤 一郎,財政課,受講者,sato@city.example,有効\r\n"
    "tanaka,田中 花子,企画課,受講者,tanaka@city.example,有効\r\n"
    "suzuki,鈴木 次郎,総務課,受講者,,無効\r\n";
  static const char sjis_utf8[] = "職員番号,氏名,所属\r\n3005,渡辺 恵,税務課\r\n";
  g_autofree char *refused_path = write_file (fixture, "refused.csv", refused, -1);
  g_autofree char *good_path = write_file (fixture, "good.csv", good, -1);
  g_autofree char *sjis = NULL;
  g_autofree char *sjis_path = NULL;
  g_autofree char *before = NULL, *after_refused = NULL, *after_dry = NULL, *after = NULL;
  g_autofree char *refusal = NULL, *dry = NULL, *imported = NULL, *sjis_out = NULL, *log = NULL;
  gsize sjis_length;
  const char *expected[] = {
    "account-created|admin|9001|role department-head|127.0.0.1\n",
    "roster-refused|admin|-|6 rows refused; nothing changed|127.0.0.1\n",
    "account-created|admin|3001|role learner, roster line 2|127.0.0.1\n",
    "account-changed|admin|tanaka|department: 総務課 → 企画課, email:  → tanaka@city.example, "
    "roster line 3|127.0.0.1\n",
    "account-disabled|admin|suzuki|roster line 4|127.0.0.1\n",
    "roster-imported|admin|-|1 new, 1 changed, 1 disabled, 0 enabled, 0 unchanged|127.0.0.1\n",
    "account-created|admin|3005|role learner, roster line 2|127.0.0.1\n",
    NULL,
  };

  login_admin (fixture);
  /* The departments the rosters name are known by their first accounts,
   * added one by one (a department head of 財政課 among them); 財務課 is
   * not. */
  g_free (cli_out (fixture, 0, "admin", "accounts", "add", "9001", "--department", "財政課",
                   "--role", "department-head", NULL));
  g_free (cli_out (fixture, 0, "admin", "accounts", "add", "9002", "--department", "企画課", NULL));
  g_free (cli_out (fixture, 0, "admin", "accounts", "add", "9003", "--department", "税務課", NULL));
  before = account_json (fixture);
  g_assert_nonnull (strstr (before, "\"staff_id\":\"9001\",\"display_name\":\"\","
                                    "\"department\":\"財政課\",\"segment\":\"\","
                                    "\"role\":\"department-head\""));

  /* Every refused row with its line and reason; nothing changed. */
  refusal = cli_out (fixture, 1, "admin", "roster", "import", refused_path, NULL);
  g_test_message ("%s", refusal);
  g_assert_nonnull (strstr (refusal, "looks like a spreadsheet formula"));
  g_assert_nonnull (strstr (refusal, "role must be learner"));
  g_assert_nonnull (strstr (refusal, "is not an e-mail address"));
  g_assert_nonnull (strstr (refusal, "appears twice"));
  g_assert_nonnull (strstr (refusal, "the department “財務課” is unknown"));
  g_assert_nonnull (strstr (refusal, "did you mean “財政課”"));
  g_assert_nonnull (strstr (refusal, "a department head (所属長) needs a department"));
  g_assert_nonnull (strstr (refusal, "nothing was changed"));
  after_refused = account_json (fixture);
  g_assert_cmpstr (after_refused, ==, before);

  dry = cli_out (fixture, 0, "admin", "roster", "import", "--dry-run", good_path, NULL);
  g_test_message ("%s", dry);
  g_assert_nonnull (strstr (dry,
                            "1 new, 1 changed, 1 disabled, 0 enabled, 0 unchanged, 0 refused"));
  g_assert_nonnull (strstr (dry, "department: 総務課 → 企画課"));
  g_assert_nonnull (strstr (dry, "A dry run"));
  after_dry = account_json (fixture);
  g_assert_cmpstr (after_dry, ==, before);

  imported = cli_out (fixture, 0, "admin", "roster", "import", good_path, NULL);
  g_assert_nonnull (strstr (imported, "3001\t"));
  g_assert_nonnull (strstr (imported, "The roster was imported"));
  after = account_json (fixture);
  g_assert_nonnull (strstr (after, "\"staff_id\":\"3001\",\"display_name\":\"佐藤 一郎\""));
  g_assert_nonnull (strstr (after, "\"email\":\"tanaka@city.example\""));
  g_assert_nonnull (strstr (after, "\"staff_id\":\"suzuki\",\"display_name\":\"鈴木 次郎\","
                                   "\"department\":\"総務課\","
                                   "\"segment\":\"\",\"role\":\"learner\",\"active\":false"));

  /* As Excel saves CSV in Japan: Shift_JIS (CP932), told apart from
   * UTF-8 by its bytes. */
  sjis = g_convert (sjis_utf8, -1, "CP932", "UTF-8", NULL, &sjis_length, NULL);
  g_assert_nonnull (sjis);
  g_assert_false (g_utf8_validate (sjis, (gssize) sjis_length, NULL));
  sjis_path = write_file (fixture, "sjis.csv", sjis, (gssize) sjis_length);
  sjis_out = cli_out (fixture, 0, "admin", "roster", "import", sjis_path, NULL);
  g_clear_pointer (&after, g_free);
  after = account_json (fixture);
  g_assert_nonnull (strstr (after, "\"staff_id\":\"3005\",\"display_name\":\"渡辺 恵\","
                                   "\"department\":\"税務課\""));

  log = audit_lines (fixture);
  assert_in_order (log, expected);
}

/* assignments set, list and clear, with the rule checked before it is
 * sent, and each change in the audit log. */
static void
test_assignments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *set = NULL, *listed = NULL, *bad = NULL;
  g_autofree char *cleared = NULL, *empty = NULL, *log = NULL;
  const char *expected[] = {
    "assignment-set|admin|scope|{\"audience\":\"department\",\"audience_value\":\"財政課\","
    "\"recurrence\":\"annual\",\"due\":\"06-30\",\"new_staff_days\":30}|127.0.0.1\n",
    "assignment-cleared|admin|scope|-|127.0.0.1\n",
    NULL,
  };

  login_admin (fixture);
  set = cli_out (fixture, 0, "admin", "assignments", "set", "scope", "--audience", "department",
                 "--audience-value", "財政課", "--recurrence", "annual", "--due", "06-30",
                 "--new-staff-days", "30", NULL);
  listed = cli_out (fixture, 0, "admin", "assignments", "list", NULL);
  g_assert_nonnull (strstr (listed, "scope"));
  g_assert_nonnull (strstr (listed, "department: 財政課"));
  bad = cli_out (fixture, 2, "admin", "assignments", "set", "scope", "--recurrence", "weekly",
                 NULL);
  g_assert_nonnull (strstr (bad, "recurrence"));
  cleared = cli_out (fixture, 0, "admin", "assignments", "clear", "scope", NULL);
  empty = cli_out (fixture, 0, "admin", "assignments", "list", NULL);
  g_assert_null (strstr (empty, "scope"));

  log = audit_lines (fixture);
  assert_in_order (log, expected);
  g_assert_null (strstr (log, "weekly"));
}

/* A learner may run none of them. */
static void
test_learner_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *key = key_of (fixture->learner);
  g_autofree char *secret = secret_line (fixture->learner);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *list = NULL, *disable = NULL, *audit = NULL;

  g_assert_cmpint (run_cli (fixture, secret, &out, &err, "login", "--server", fixture->base,
                            "--user", key,
                            "--ca-file", cert, NULL), ==, 0);
  list = cli_out (fixture, 1, "admin", "accounts", "list", NULL);
  disable = cli_out (fixture, 1, "admin", "accounts", "disable", "suzuki", NULL);
  audit = cli_out (fixture, 1, "admin", "audit", NULL);
  g_assert_nonnull (strstr (list, "Administrators only"));
  g_assert_nonnull (strstr (disable, "Administrators only"));
  g_assert_nonnull (strstr (audit, "HTTP 403"));
}

/* content list, preview and publish --preview: a tampered package
 * refused and never published; the revised one previewed with what it
 * changes, published by its token and listed; each in the audit log. */
static void
test_content (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *revised = NULL;
  g_autofree char *tampered = g_build_filename (fixture->dir, "tampered.pkg", NULL);
  g_autofree char *text = NULL;
  g_autofree char *before = NULL, *refused = NULL, *preview = NULL, *published = NULL;
  g_autofree char *after = NULL, *unknown = NULL, *log = NULL, *token = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *versions;
  const char *at;
  gsize size;
  const char *expected[] = { "content-published|admin|", "content-preview-refused|admin|",
                             "content-previewed|admin|", "content-publish-refused|admin|",
                             "content-published|admin|", NULL };

  fixture_publish_content (fixture);
  revised = fixture_pack_revised_content (fixture);
  g_assert_true (g_file_get_contents (revised, &text, &size, NULL));
  text[size / 3] ^= 0x01;
  g_assert_true (g_file_set_contents (tampered, text, (gssize) size, NULL));

  before = cli_out (fixture, 0, "admin", "content", "list", NULL);
  g_assert_nonnull (strstr (before, "1*"));
  g_assert_nonnull (strstr (before, "admin"));

  refused = cli_out (fixture, 1, "admin", "content", "preview", tampered, NULL);
  g_assert_nonnull (strstr (refused, "verification failed"));
  g_assert_null (strstr (refused, "--preview"));

  preview = cli_out (fixture, 0, "admin", "content", "preview", revised, NULL);
  g_assert_nonnull (strstr (preview, "threats  revised  2026.2 → 2026.3  (staff must take it "
                                     "again)"));
  g_assert_nonnull (strstr (preview, "definitions  revised  2026.2 → 2026.2.1  (earlier passes "
                                     "still count)"));
  g_assert_nonnull (strstr (preview, "when-something-goes-wrong  removed  2026.1"));
  at = strstr (preview, "--preview ");
  g_assert_nonnull (at);
  token = g_strndup (at + strlen ("--preview "), 64);

  unknown = cli_out (fixture, 1, "admin", "content", "publish", "--preview", "0123", NULL);
  g_assert_nonnull (strstr (unknown, "No such preview"));
  published = cli_out (fixture, 0, "admin", "content", "publish", "--preview", token, NULL);
  g_assert_nonnull (strstr (published, "Published the previewed package"));

  after = cli_out (fixture, 0, "admin", "content", "list", "--format", "json", NULL);
  json_parser_load_from_data (parser, after, -1, &error);
  g_assert_no_error (error);
  versions = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "versions");
  g_assert_cmpuint (json_array_get_length (versions), ==, 2);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (versions, 0),
                                                 "current"));

  log = audit_lines (fixture);
  assert_in_order (log, expected);
}

/* Reminders by e-mail through a real SMTP server (npm smtp-server): a dry
 * run sends nothing; each person gets one message in their language with
 * what is overdue; a refused recipient is reported and logged, and tried
 * again at the next run, while those reminded are not reminded twice the
 * same day of the same item; each in the audit log. */
static SmtpSink sink;

/* What both reminder tests remind of: the content, tanaka's address, and
 * two campaigns, one overdue and one due soon as of 2026-12-05. */
static void
seed_reminders (Fixture *fixture)
{
  fixture_publish_content (fixture);
  g_free (cli_out (fixture, 0, "admin", "accounts", "set", "tanaka", "--email",
                   "tanaka@city.example", NULL));
  g_free (cli_out (fixture, 0, "admin", "assignments", "set", "scope", "--audience", "everyone",
                   "--recurrence", "once", "--due-date", "2026-04-30", NULL));
  g_free (cli_out (fixture, 0, "admin", "assignments", "set", "threats", "--audience", "everyone",
                   "--recurrence", "once", "--due-date", "2026-12-10", NULL));
}

static void
test_reminders (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *dry = NULL, *first = NULL, *again = NULL, *soon = NULL, *log = NULL;
  g_autofree char *set2 = NULL;
  g_autoptr(JsonNode) message = NULL;
  g_autoptr(JsonNode) due_soon = NULL;
  JsonObject *received;
  const char *expected[] = {
    "reminder-failed|admin|suzuki|to nobody@city.example: RCPT failed: 550|127.0.0.1\n",
    "reminder-sent|admin|tanaka|1 items to tanaka@city.example|127.0.0.1\n",
    "reminders-sent|admin|-|1 sent, 1 failed|127.0.0.1\n",
    "reminder-failed|admin|suzuki|to nobody@city.example: RCPT failed: 550|127.0.0.1\n",
    "reminders-sent|admin|-|0 sent, 1 failed|127.0.0.1\n",
    "reminder-sent|admin|tanaka|1 items to tanaka@city.example|127.0.0.1\n",
    "reminders-sent|admin|-|1 sent, 1 failed|127.0.0.1\n",
    NULL,
  };

  if (sink.process == NULL)
    {
      g_test_skip ("The npm peers are not installed: run “npm ci --prefix tests/peers”");
      return;
    }
  seed_reminders (fixture);
  set2 = cli_out (fixture, 0, "admin", "accounts", "set", "suzuki", "--email",
                  "nobody@city.example",
                  "--language", "en", NULL);

  dry = cli_out (fixture, 0, "admin", "remind", "--overdue", "--as-of", "2026-12-05", "--dry-run",
                 NULL);
  g_test_message ("%s", dry);
  g_assert_nonnull (strstr (dry, "to send"));
  g_assert_nonnull (strstr (dry, "A dry run"));

  first = cli_out (fixture, 1, "admin", "remind", "--overdue", "--as-of", "2026-12-05", NULL);
  g_test_message ("%s", first);
  g_assert_nonnull (strstr (first, "tanaka@city.example"));
  g_assert_nonnull (strstr (first, "FAILED: RCPT failed: 550"));
  g_assert_nonnull (strstr (first, "1 sent, 1 failed"));

  /* The first message the server received is this run's: the dry run
   * sent nothing. */
  message = smtp_sink_next (&sink);
  received = json_node_get_object (message);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (received, "to"), 0),
                   ==,
                   "tanaka@city.example");
  g_assert_cmpstr (json_object_get_string_member (received, "from"), ==, "training@city.example");
  g_assert_cmpstr (json_object_get_string_member (received, "subject"), ==,
                   "【情報セキュリティ研修】受講期限を過ぎています");
  g_assert_cmpstr (json_object_get_string_member (received, "charset"), ==, "UTF-8");
  g_assert_nonnull (strstr (json_object_get_string_member (received, "text"), "田中 花子 様"));
  g_assert_nonnull (strstr (json_object_get_string_member (received, "text"), "（期限：2026-04-30）"));
  g_assert_null (strstr (json_object_get_string_member (received, "text"), "2026-12-10"));

  /* The same day again: tanaka is not reminded twice, suzuki is tried
   * again. */
  again = cli_out (fixture, 1, "admin", "remind", "--overdue", "--as-of", "2026-12-05", NULL);
  g_assert_nonnull (strstr (again, "reminded today already"));
  g_assert_nonnull (strstr (again, "0 sent, 1 failed"));

  /* What is due within a week is another item: sent. */
  soon = cli_out (fixture, 1, "admin", "remind", "--due-within", "7", "--as-of", "2026-12-05",
                  NULL);
  g_test_message ("%s", soon);
  due_soon = smtp_sink_next (&sink);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (due_soon), "subject"), ==,
                   "【情報セキュリティ研修】受講期限が近づいています");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (due_soon), "text"),
                            "（期限：2026-12-10）"));

  log = audit_lines (fixture);
  assert_in_order (log, expected);
}

/* The audit log once it holds @count entries that begin with @prefix:
 * the server writes those of its own runs when they end. */
static char *
audit_lines_once (Fixture    *fixture,
                  const char *prefix,
                  guint       count)
{
  for (;;)
    {
      g_autofree char *log = audit_lines (fixture);
      guint found = 0;

      for (const char *p = strstr (log, prefix); p != NULL; p = strstr (p + 1, prefix))
        found++;
      if (found >= count)
        return g_steal_pointer (&log);
      g_usleep (100 * 1000);
    }
}

/* [mail] remind-at: the server sends the day's reminders at that time by
 * itself, the overdue then the due-soon, each in the audit log by
 * “awareness-server”.  Its clock is moved to the time (a test hook of the
 * server) rather than waited for; after a run the next is for the next
 * day, and a restart the same day reminds nobody twice. */
static void
test_reminders_scheduled (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autoptr(JsonNode) overdue = NULL;
  g_autoptr(JsonNode) soon = NULL;
  const char *expected[] = {
    "reminder-sent|awareness-server|tanaka|1 items to tanaka@city.example|-\n",
    "reminders-sent|awareness-server|-|1 sent, 0 failed|-\n",
    "reminder-sent|awareness-server|tanaka|1 items to tanaka@city.example|-\n",
    "reminders-sent|awareness-server|-|1 sent, 0 failed|-\n",
    "reminders-sent|awareness-server|-|0 sent, 0 failed|-\n",
    "reminders-sent|awareness-server|-|0 sent, 0 failed|-\n",
    NULL,
  };
  FILE *config;

  if (sink.process == NULL)
    {
      g_test_skip ("The npm peers are not installed: run “npm ci --prefix tests/peers”");
      return;
    }
  seed_reminders (fixture);

  /* The daily time, and the server's clock at it. */
  stop_server (fixture);
  config = fopen (fixture->config, "a");
  g_assert_nonnull (config);
  fputs ("remind-at=08:30\n", config);
  fclose (config);
  g_setenv ("AWARENESS_SERVER_TEST_NOW", "2026-12-05T08:30:00", TRUE);
  start_server (fixture);

  overdue = smtp_sink_next (&sink);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (overdue), "subject"), ==,
                   "【情報セキュリティ研修】受講期限を過ぎています");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (overdue), "text"),
                            "（期限：2026-04-30）"));
  soon = smtp_sink_next (&sink);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (soon), "subject"), ==,
                   "【情報セキュリティ研修】受講期限が近づいています");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (soon), "text"),
                            "（期限：2026-12-10）"));

  /* On another port: signed in again. */
  login_admin (fixture);
  g_free (audit_lines_once (fixture, "reminders-sent|awareness-server|", 2));

  /* Started again within the minute, the same day: a run, nobody
   * reminded twice. */
  stop_server (fixture);
  start_server (fixture);
  g_unsetenv ("AWARENESS_SERVER_TEST_NOW");
  login_admin (fixture);
  log = audit_lines_once (fixture, "reminders-sent|awareness-server|", 4);
  assert_in_order (log, expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add ("/awareness/admin/" path, Fixture, NULL, fixture_setup, func, \
                                    fixture_teardown)
  ADD ("accounts", test_accounts);
  ADD ("roster", test_roster);
  ADD ("assignments", test_assignments);
  ADD ("learner-refused", test_learner_refused);
#undef ADD

  /* The relay the reminders go through, for the whole run. */
  {
    g_autofree char *pub_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.pub",
                                                       NULL);
    g_autofree char *public_key = NULL;
    g_autofree char *mail_config = NULL;
    g_autofree char *content_config = fixture_publish_config ();
    int status;

    g_assert_true (g_file_get_contents (pub_file, &public_key, NULL, NULL));
    if (!smtp_sink_start (&sink, "127.0.0.1", "nobody@city.example"))
      g_clear_object (&sink.process);
    mail_config = g_strdup_printf ("[content]\ntrusted-keys=%s;\n[limits]\nmax-body-bytes=4194304\n"
                                   "[mail]\nsmtp-url=smtp://127.0.0.1:%u\n"
                                   "from=training@city.example\nper-minute=600\n",
                                   g_strstrip (public_key), sink.port);
    g_test_add ("/awareness/admin/content", Fixture, content_config, fixture_setup, test_content,
                fixture_teardown);
    g_test_add ("/awareness/admin/reminders", Fixture, mail_config, fixture_setup, test_reminders,
                fixture_teardown);
    g_test_add ("/awareness/admin/reminders-scheduled", Fixture, mail_config, fixture_setup,
                test_reminders_scheduled, fixture_teardown);
    status = g_test_run ();
    if (sink.process != NULL)
      smtp_sink_stop (&sink);
    fixture_template_clear ();
    return status;
  }
}
