/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>

#include "awareness.h"
#include "lrs-fixture.h"

void
response_clear (Response *response)
{
  g_free (response->body);
  g_clear_object (&response->msg);
}

/* The Authorization header of HTTP Basic for “key:secret”. */
/* A request on the fixture's session.  libsoup sends a POST or a PUT
 * on a new connection unless told it may be repeated, and each new TLS
 * connection loads the system's trust store, which costs seconds under
 * the sanitizers: the tests' requests reuse the kept-alive connection, as
 * the app's clients do. */
SoupMessage *
fixture_message_new (const char *method,
                     const char *uri)
{
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  return msg;
}

char *
basic_authorization (const char *credentials)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));

  return g_strconcat ("Basic ", encoded, NULL);
}

/* Whether the tests run on PostgreSQL (tests/pg-cluster.sh) rather than
 * on SQLite. */
gboolean
fixture_uses_pg (void)
{
  return g_strcmp0 (g_getenv ("AWARENESS_TEST_DATABASE"), "pg") == 0;
}

/* Runs SQL on the test cluster's maintenance database. */
void
fixture_psql (const char *sql)
{
  g_autofree char *psql = g_build_filename (g_getenv ("AWARENESS_PG_BINDIR"), "psql", NULL);
  const char *argv[] = { psql, "-X",       "-q", "-v", "ON_ERROR_STOP=1",
                         "-d", "postgres", "-c", sql,  NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("psql -c '%s': %s", sql, err);
}

/* The database of the fixture in @dir: a SQLite file there, or on
 * PostgreSQL a database named after it. */
char *
fixture_database (const char *dir)
{
  g_autofree char *name = g_path_get_basename (dir);

  if (fixture_uses_pg ())
    return g_strdup_printf ("postgresql:///%s", name);
  return g_strdup ("lrs.db");
}

static void
create_database (const char *dir,
                 const char *template_dir)
{
  g_autofree char *name = g_path_get_basename (dir);
  g_autofree char *template_name = template_dir != NULL ? g_path_get_basename (template_dir) : NULL;
  g_autofree char *sql = NULL;

  if (template_name != NULL)
    sql = g_strdup_printf ("CREATE DATABASE \"%s\" TEMPLATE \"%s\"", name, template_name);
  else
    sql = g_strdup_printf ("CREATE DATABASE \"%s\"", name);
  fixture_psql (sql);
}

static void
drop_database (const char *dir)
{
  g_autofree char *name = g_path_get_basename (dir);
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);

  fixture_psql (sql);
}

char *
write_config (const char *dir,
              const char *extra)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data", "server", "test-key.pem",
                                                NULL);
  g_autofree char *path = g_build_filename (dir, "server.conf", NULL);
  g_autofree char *database = fixture_database (dir);
  g_autofree char *text =
    g_strdup_printf ("[server]\nlisten=127.0.0.1\nport=0\ncertificate=%s\nkey=%s\n"
                     "database=%s\naccount-home-page=" HOME_PAGE "\n"
                     "[limits]\nmax-body-bytes=65536\nmax-batch=50\n%s",
                     cert, key, database, extra);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_steal_pointer (&path);
}

char *
run_server_command (const char *config,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *arg;
  va_list args;
  char *key = NULL, *secret = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("AWARENESS_SERVER"));
  g_ptr_array_add (argv, (gpointer) "-c");
  g_ptr_array_add (argv, (gpointer) config);
  va_start (args, config);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "key:"))
        key = g_strstrip (lines[i] + 4);
      if (g_str_has_prefix (lines[i], "secret:"))
        secret = g_strstrip (lines[i] + 7);
    }
  g_assert_nonnull (key);
  g_assert_nonnull (secret);
  return g_strdup_printf ("%s:%s", key, secret);
}

/* One database with three accounts, made once: argon2id is slow by design,
 * and slower still under the sanitizers.  Each test gets a copy. */
static struct {
  char *dir;
  char *database;
  char *admin;
  char *learner;
  char *other;
} template;

static void
make_template (void)
{
  g_autofree char *config = NULL;

  template.dir = g_dir_make_tmp ("awareness-server-template-XXXXXX", NULL);
  config = write_config (template.dir, "");
  if (fixture_uses_pg ())
    create_database (template.dir, NULL);
  template.admin = run_server_command (config, "init", NULL);
  template.learner = run_server_command (config, "add-account", "--staff-id", "tanaka",
                                         "--name", "田中 花子", "--department", "総務課", NULL);
  template.other = run_server_command (config, "add-account", "--staff-id", "suzuki", NULL);
  template.database = g_build_filename (template.dir, "lrs.db", NULL);
}

static void
copy_template (Fixture *fixture)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "lrs.db", NULL);
  gsize length;

  if (template.dir == NULL)
    make_template ();
  fixture->admin = g_strdup (template.admin);
  fixture->learner = g_strdup (template.learner);
  fixture->other = g_strdup (template.other);
  /* The key that wraps the transfer keys of the database. */
  {
    g_autofree char *key = g_build_filename (template.dir, "server.key", NULL);
    g_autofree char *copy = g_build_filename (fixture->dir, "server.key", NULL);
    g_autofree char *text = NULL;

    if (g_file_get_contents (key, &text, &length, NULL))
      g_assert_true (g_file_set_contents_full (copy, text, (gssize) length,
                                               G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  }
  if (fixture_uses_pg ())
    {
      create_database (fixture->dir, template.dir);
      return;
    }
  g_assert_true (g_file_get_contents (template.database, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
}

/* The server must not outlive a test that fails. */
void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
start_server (Fixture *fixture)
{
  start_server_with_asan (fixture, "detect_leaks=0");
}

/* start_server() with @asan_options for the server's AddressSanitizer
 * (without the leak check: see below). */
void
start_server_with_asan (Fixture    *fixture,
                        const char *asan_options)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { g_getenv ("AWARENESS_SERVER"), "-c", fixture->config, NULL };

  /* GCC 12's LeakSanitizer crashes at exit (“Tracer caught signal 11”
   * after a “DTLS” line) when it scans the dynamic TLS of a module loaded
   * with dlopen(), here GIO's GnuTLS backend once a TLS connection was
   * served; and without TLS scanning, GLib's thread-local caches look
   * leaked.  The server keeps AddressSanitizer and UBSan, without the leak
   * check at exit. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan_options, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fixture->server = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "awareness-server: listening on https://127.0.0.1:"));
  g_free (fixture->base);
  fixture->base = g_strdup (line + strlen ("awareness-server: listening on "));
}

void
stop_server (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_subprocess_wait (fixture->server, NULL, &error);
  g_assert_no_error (error);
  /* A clean exit, with no leak reported under the sanitizers. */
  g_assert_true (g_subprocess_get_if_exited (fixture->server));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->server), ==, 0);
  g_clear_object (&fixture->server);
}

void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("awareness-server-XXXXXX", NULL);
  fixture->config = write_config (fixture->dir, data != NULL ? data : "");
  copy_template (fixture);
  start_server (fixture);

  /* The client trusts the test certificate, and nothing else. */
  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  /* And the default for every other connection of the test program: the
   * system's trust store, parsed under the sanitizers' slow unwinder,
   * cost seconds of each program's time. */
  g_tls_backend_set_default_database (g_tls_backend_get_default (), database);
  /* Loopback only: no proxy, whatever the environment says. */
  fixture->session = soup_session_new_with_options ("proxy-resolver", direct, NULL);
  soup_session_set_tls_database (fixture->session, database);
}

void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_clear_object (&fixture->session);
  stop_server (fixture);
  if (fixture_uses_pg ())
    drop_database (fixture->dir);

  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (fixture->dir);
  g_free (fixture->config);
  g_free (fixture->base);
  g_free (fixture->admin);
  g_free (fixture->learner);
  g_free (fixture->other);
}


/* Removes the template database; for the end of main(). */
void
fixture_template_clear (void)
{
  g_autofree char *command = NULL;

  if (template.dir == NULL)
    return;
  if (fixture_uses_pg ())
    drop_database (template.dir);
  command = g_strdup_printf ("rm -rf '%s'", template.dir);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_clear_pointer (&template.dir, g_free);
  g_clear_pointer (&template.database, g_free);
  g_clear_pointer (&template.admin, g_free);
  g_clear_pointer (&template.learner, g_free);
  g_clear_pointer (&template.other, g_free);
}

/* Runs the awareness command line with its configuration in the
 * fixture's directory, @input on its standard input; returns the exit
 * status and fills @out and @err. */
static int
run_cli_valist (Fixture     *fixture,
                const char  *locale,
                const char  *input,
                char       **out,
                char       **err,
                va_list      args);

int
run_cli (Fixture     *fixture,
         const char  *input,
         char       **out,
         char       **err,
         ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = run_cli_valist (fixture, "C.UTF-8", input, out, err, args);
  va_end (args);
  return status;
}

/* run_cli() in @locale, such as ja_JP.UTF-8. */
int
run_cli_in_locale (Fixture     *fixture,
                   const char  *locale,
                   const char  *input,
                   char       **out,
                   char       **err,
                   ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = run_cli_valist (fixture, locale, input, out, err, args);
  va_end (args);
  return status;
}

static int
run_cli_valist (Fixture     *fixture,
                const char  *locale,
                const char  *input,
                char       **out,
                char       **err,
                va_list      args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
    | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (fixture->dir, "client", "awareness.conf", NULL);
  g_autofree char *records = g_build_filename (fixture->dir, "client", "records.db", NULL);
  g_autofree char *assignments = g_build_filename (fixture->dir, "client", "assignments.json",
                                                   NULL);
  const char *arg;

  g_ptr_array_add (argv, (gpointer) g_getenv ("AWARENESS_CLI"));
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "AWARENESS_CONFIG", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWARENESS_STORE", records, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWARENESS_ASSIGNMENTS", assignments, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWARENESS_SECRET_STORE", "file", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The secret of “key:secret”, with a newline, as typed. */
char *
secret_line (const char *credentials)
{
  return g_strconcat (strchr (credentials, ':') + 1, "\n", NULL);
}

char *
key_of (const char *credentials)
{
  return g_strndup (credentials, (gsize) (strchr (credentials, ':') - credentials));
}

/* Runs the npm peer @script (in tests/peers) against the fixture's server
 * as @credentials (key:secret), for the staff id @staff_id, and checks
 * that it succeeded: its output, for the test to look into. */
char *
fixture_run_peer (Fixture    *fixture,
                  const char *script,
                  const char *credentials,
                  const char *staff_id)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "peers", NULL);
  g_autofree char *path = g_build_filename (dir, script, NULL);
  g_autofree char *modules = g_build_filename (dir, "node_modules", "@xapi", "xapi", NULL);
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) node = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) key_secret = g_strsplit (credentials, ":", 2);
  const char *argv[] = { "node", path, fixture->base, key_secret[0], key_secret[1], HOME_PAGE,
                         staff_id, NULL };
  char *out = NULL;

  if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
    g_error ("The npm peers are not installed: run “npm ci --prefix tests/peers” "
             "(scripts/test does)");

  /* Node trusts the test certificate, as our own client does. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "NODE_EXTRA_CA_CERTS", cert, TRUE);
  node = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (node, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", out);
  g_assert_true (g_subprocess_get_if_exited (node));
  g_assert_cmpint (g_subprocess_get_exit_status (node), ==, 0);
  return out;
}

/* Packs the shipped content, signs it with the test key and publishes it
 * as the administrator, through the command line (which stays signed in
 * as the administrator). */
void
fixture_publish_content (Fixture *fixture)
{
  g_autofree char *content = g_build_filename (g_getenv ("AWARENESS_CONTENT_DIR"), NULL);
  g_autofree char *key_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.key", NULL);
  g_autofree char *package = g_build_filename (fixture->dir, "content.pkg", NULL);
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autofree char *admin_key = key_of (fixture->admin);
  g_autofree char *admin_secret = secret_line (fixture->admin);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;

  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "content", "pack", content, "-o", package,
                            "--key", key_file, NULL),
                   ==, 0);
  g_assert_cmpint (run_cli (fixture, admin_secret, &out2, &err2, "login", "--server", fixture->base,
                            "--user", admin_key, "--ca-file", cert, NULL),
                   ==, 0);
  if (run_cli (fixture, NULL, &out3, &err3, "admin", "content", "publish", package, NULL) != 0)
    g_error ("publish: %s%s", out3, err3);
}

/* Replaces @from by @to in the file @path, once; asserts it was there. */
static void
edit_file (const char *path,
           const char *from,
           const char *to)
{
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL;
  const char *at;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  at = strstr (text, from);
  if (at == NULL)
    g_error ("%s: no “%s”", path, from);
  edited = g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
  g_assert_true (g_file_set_contents (path, edited, -1, NULL));
}

/*
 * The test content revised, packed and signed with the test key: the
 * threats module revised so that earlier passes no longer count
 * (retrain-since its new version), the definitions module revised for a
 * typo, the incident module removed, the staff checklist revised.  The
 * package's path.
 */
char *
fixture_pack_revised_content (Fixture *fixture)
{
  g_autofree char *tree = g_build_filename (fixture->dir, "revised", NULL);
  g_autofree char *key_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.key", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GSubprocess) copy = NULL;
  g_autoptr(GError) error = NULL;
  char *package = g_build_filename (fixture->dir, "revised.pkg", NULL);
  struct {
    const char *file, *from, *to;
  } edits[] = {
    { "modules/03-threats.xml", "id=\"threats\" version=\"2026.2\"",
      "id=\"threats\" version=\"2026.3\"" },
    { "catalog.xml", "<module-file href=\"modules/03-threats.xml\"/>",
      "<module-file href=\"modules/03-threats.xml\" retrain-since=\"2026.3\"/>" },
    { "modules/02-definitions.xml", "id=\"definitions\" version=\"2026.2\"",
      "id=\"definitions\" version=\"2026.2.1\"" },
    { "catalog.xml", "<module-file href=\"modules/15-when-something-goes-wrong.xml\"/>", "" },
    { "checklists/staff.xml", "id=\"staff-self-inspection\" version=\"2026.1\"",
      "id=\"staff-self-inspection\" version=\"2026.2\"" },
  };

  copy = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "cp", "-R",
                           g_getenv ("AWARENESS_CONTENT_DIR"), tree, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (copy, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *path = g_build_filename (tree, edits[i].file, NULL);

      edit_file (path, edits[i].from, edits[i].to);
    }
  if (run_cli (fixture, NULL, &out, &err, "content", "pack", tree, "-o", package, "--key",
               key_file, NULL) != 0)
    g_error ("pack: %s%s", out, err);
  return package;
}

/* The extra configuration of a server that accepts the content signed
 * with the test key (tests/data/content-test.key), as
 * fixture_publish_content() packs it; must be called after
 * g_test_init(). */
char *
fixture_publish_config (void)
{
  g_autofree char *pub_file = g_test_build_filename (G_TEST_DIST, "data", "content-test.pub",
                                                     NULL);
  g_autofree char *public_key = NULL;

  g_assert_true (g_file_get_contents (pub_file, &public_key, NULL, NULL));
  return g_strdup_printf ("[content]\ntrusted-keys=%s;\n[limits]\nmax-body-bytes=4194304\n",
                          g_strstrip (public_key));
}

/* The statements (JSON text) of a finished attempt of @user on the module
 * @module of the catalog in @tree, as the client makes them: every
 * question answered right (@right) or wrong, finished at @finished. */
GPtrArray *
fixture_attempt_statements (const char *tree,
                            const char *module_id,
                            const char *user,
                            const char *finished,
                            gboolean    right)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (tree, NULL, &error);
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (finished, NULL);
  g_autoptr(GPtrArray) statements = NULL;
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  AwarenessModule *module;

  g_assert_no_error (error);
  module = awareness_catalog_lookup_module (catalog, module_id);
  g_assert_nonnull (module);
  attempt = awareness_attempt_new_random (module, NULL);
  for (guint q = 0; q < awareness_attempt_get_n_questions (attempt); q++)
    {
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, q);
      GPtrArray *choices = awareness_question_get_choices (question);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      for (guint c = 0; c < choices->len; c++)
        if (awareness_choice_get_correct (g_ptr_array_index (choices, c)) == right)
          g_ptr_array_add (ids,
                           (gpointer) awareness_choice_get_id (g_ptr_array_index (choices, c)));
      if (!right && ids->len > 1)
        g_ptr_array_set_size (ids, 1);
      g_ptr_array_add (ids, NULL);
      g_assert_true (awareness_attempt_answer (attempt, awareness_question_get_id (question),
                                               (const char * const *) ids->pdata, &error));
    }
  g_assert_true (awareness_attempt_finish (attempt, when, &error));
  statements = awareness_xapi_build_attempt_statements (attempt, catalog, HOME_PAGE, user, "ja");
  for (guint i = 0; i < statements->len; i++)
    g_ptr_array_add (texts, json_to_string (g_ptr_array_index (statements, i), FALSE));
  return texts;
}
