/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Signed content packages: only content signed by a trusted key, intact,
 * valid and confined to its directory is installed, and an install cut
 * short at any point leaves the previous content whole.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "awareness.h"

#define MAGIC "AWARENESS-PACKAGE-1\n"

typedef struct {
  char *dir;
  char *root;
  char *public_key;
  char *secret_key;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("awareness-package-XXXXXX", NULL);
  fixture->root = g_build_filename (fixture->dir, "root", NULL);
  g_assert_true (awareness_package_keygen (&fixture->public_key, &fixture->secret_key));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (fixture->dir);
  g_free (fixture->root);
  g_free (fixture->public_key);
  g_free (fixture->secret_key);
}

static char *
good_content (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
}

static GBytes *
build (Fixture    *fixture,
       const char *content)
{
  g_autoptr(GError) error = NULL;
  GBytes *package = awareness_package_build (content, fixture->secret_key, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (package);
  return package;
}

static AwarenessPackage *
open_package (Fixture  *fixture,
              GBytes   *bytes,
              GError  **error)
{
  const char *trusted[] = { fixture->public_key, NULL };

  return awareness_package_open (bytes, trusted, error);
}

/* Where `current` points, or NULL. */
static char *
current_target (Fixture *fixture)
{
  g_autofree char *current = g_build_filename (fixture->root, "current", NULL);

  return g_file_read_link (current, NULL);
}

static void
assert_current_loads (Fixture *fixture)
{
  g_autofree char *current = g_build_filename (fixture->root, "current", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (current, &problems,
                                                                              NULL);

  g_assert_nonnull (catalog);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_assert_cmpint (awareness_problem_get_severity (g_ptr_array_index (problems, i)), !=,
                     AWARENESS_SEVERITY_ERROR);
}

static void
install_good (Fixture *fixture)
{
  g_autofree char *content = good_content ();
  g_autoptr(GBytes) bytes = build (fixture, content);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessPackage) package = open_package (fixture, bytes, &error);
  g_autofree char *installed = NULL;

  g_assert_no_error (error);
  installed = awareness_package_install (package, fixture->root, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (installed);
  assert_current_loads (fixture);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *content = good_content ();
  g_autoptr(GBytes) bytes = build (fixture, content);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessPackage) package = open_package (fixture, bytes, &error);
  g_autofree char *installed = NULL;
  g_autofree char *target = NULL;
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (awareness_package_get_key (package), ==, fixture->public_key);
  g_assert_cmpuint (awareness_package_get_n_files (package), >=, 3);
  installed = awareness_package_install (package, fixture->root, NULL, &error);
  g_assert_no_error (error);
  target = current_target (fixture);
  g_assert_true (g_str_has_suffix (installed, target));
  g_assert_true (g_str_has_prefix (target, "versions/"));
  g_assert_true (g_str_has_suffix (target, awareness_package_get_digest (package)));
  assert_current_loads (fixture);

  /* The same package again: nothing changes. */
  again = awareness_package_install (package, fixture->root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, installed);
}

/* A package of invalid content cannot be built. */
static void
test_invalid_content (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *content = good_content ();
  g_autofree char *copy = g_build_filename (fixture->dir, "content", NULL);
  g_autofree char *command = g_strdup_printf ("cp -r '%s' '%s'", content, copy);
  g_autofree char *policy = g_build_filename (copy, "policy.xml", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) package = NULL;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_assert_true (g_file_set_contents (policy, "<policy><unclosed></policy>", -1, NULL));
  package = awareness_package_build (copy, fixture->secret_key, &problems, &error);
  g_assert_null (package);
  g_assert_nonnull (error);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >, 0);
}

/* Every kind of forgery is refused, and the installed content stays. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *content = good_content ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *before = NULL;
  g_autofree char *other_public = NULL;
  g_autofree char *other_secret = NULL;
  gsize length;
  const guint8 *original;

  install_good (fixture);
  before = current_target (fixture);
  bytes = build (fixture, content);
  original = g_bytes_get_data (bytes, &length);
  g_assert_true (awareness_package_keygen (&other_public, &other_secret));

  /* A changed byte of a file, then of the signature. */
  for (guint which = 0; which < 2; which++)
    {
      g_autofree guint8 *copy = g_memdup2 (original, length);
      g_autoptr(GBytes) tampered = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(AwarenessPackage) package = NULL;

      copy[which == 0 ? length - 200 : length - 1] ^= 0x20;
      tampered = g_bytes_new (copy, length);
      package = open_package (fixture, tampered, &error);
      g_assert_null (package);
      g_assert_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_SIGNATURE);
    }

  /* Signed by a key this machine does not trust. */
  {
    g_autoptr(GBytes) theirs = awareness_package_build (content, other_secret, NULL, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(AwarenessPackage) package = open_package (fixture, theirs, &error);

    g_assert_null (package);
    g_assert_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_UNTRUSTED);
  }

  /* Keys of the wrong type: a public key to sign with, an SSH key, a
   * key of the wrong length. */
  {
    const char *wrong[] = {
      fixture->public_key,
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGnWbbqg2dPzVUfbE4nPb1l0j6CY6xV5Q3X0fI8L9XyZ user@host",
      "awareness-ed25519-secret:c2hvcnQ=",
    };

    for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) package = awareness_package_build (content, wrong[i], NULL, &error);

        g_assert_null (package);
        g_assert_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_KEY);
      }
  }

  /* Truncated anywhere. */
  for (gsize cut = 0; cut < length; cut += length / 37 + 1)
    {
      g_autoptr(GBytes) truncated = g_bytes_new (original, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(AwarenessPackage) package = open_package (fixture, truncated, &error);

      g_assert_null (package);
      g_assert_nonnull (error);
    }

  /* Not one of them touched the installed content. */
  {
    g_autofree char *after = current_target (fixture);

    g_assert_cmpstr (after, ==, before);
    assert_current_loads (fixture);
  }
}

/* A package made by hand, as an attacker with a trusted key's signature
 * (a stolen key, or a signer's mistake) might: each entry as given. */
typedef struct {
  const char *path;
  const char *type;
  const char *content;
  gint64      size;     /* -1: the content's length */
} CraftedEntry;

/* A package signed by the fixture's key, as a hostile packer would make
 * it: @created may be NULL, to leave it out. */
static GBytes *
craft_full (Fixture            *fixture,
            const CraftedEntry *entries,
            guint               n_entries,
            const char         *created)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *header = NULL;
  g_autofree guchar *sk = NULL;
  guchar signature[crypto_sign_BYTES];
  gsize sk_length;
  guint32 length_be;

  json_builder_begin_object (builder);
  if (created != NULL)
    {
      json_builder_set_member_name (builder, "created");
      json_builder_add_string_value (builder, created);
    }
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, entries[i].content,
                                                            -1);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, entries[i].path);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, entries[i].type);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, entries[i].size >= 0
                                             ? entries[i].size
                                             : (gint64) strlen (entries[i].content));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, sha);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  header = json_generator_to_data (generator, NULL);

  length_be = GUINT32_TO_BE ((guint32) strlen (header));
  g_byte_array_append (out, (const guint8 *) MAGIC, strlen (MAGIC));
  g_byte_array_append (out, (const guint8 *) &length_be, 4);
  g_byte_array_append (out, (const guint8 *) header, (guint) strlen (header));
  for (guint i = 0; i < n_entries; i++)
    g_byte_array_append (out, (const guint8 *) entries[i].content,
                         (guint) strlen (entries[i].content));

  sk = g_base64_decode (fixture->secret_key + strlen ("awareness-ed25519-secret:"), &sk_length);
  g_assert_cmpuint (sk_length, ==, crypto_sign_SECRETKEYBYTES);
  crypto_sign_detached (signature, NULL, out->data, out->len, sk);
  g_byte_array_append (out, sk + crypto_sign_SECRETKEYBYTES - crypto_sign_PUBLICKEYBYTES,
                       crypto_sign_PUBLICKEYBYTES);
  g_byte_array_append (out, signature, sizeof signature);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static GBytes *
craft (Fixture            *fixture,
       const CraftedEntry *entries,
       guint               n_entries)
{
  /* Newer than anything installed, so that every other check is reached. */
  return craft_full (fixture, entries, n_entries, "2099-04-01T09:00:00Z");
}

static void
test_unsafe_entries (Fixture       *fixture,
                     gconstpointer  data)
{
  static const CraftedEntry cases[][1] = {
    { { "../evil.xml", "file", "<evil/>", -1 } },
    { { "modules/../../evil.xml", "file", "<evil/>", -1 } },
    { { "/tmp/evil.xml", "file", "<evil/>", -1 } },
    { { "evil.xml", "symlink", "/etc/passwd", -1 } },
    { { "evil.xml", "hardlink", "../../outside", -1 } },
    { { ".hidden", "file", "x", -1 } },
    { { "a\\\\..\\\\evil", "file", "x", -1 } },
    { { "big.xml", "file", "x", 100 * 1024 * 1024 } },
  };
  g_autofree char *outside = g_build_filename (fixture->dir, "evil.xml", NULL);
  g_autofree char *before = NULL;

  install_good (fixture);
  before = current_target (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = craft (fixture, cases[i], 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(AwarenessPackage) package = open_package (fixture, bytes, &error);

      g_test_message ("entry %s (%s)", cases[i][0].path, cases[i][0].type);
      g_assert_null (package);
      g_assert_true (
        g_error_matches (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_UNSAFE)
        || g_error_matches (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_MALFORMED));
      g_assert_nonnull (strstr (error->message, cases[i][0].path));
    }

  /* Twice the same path; a size that disagrees with the bytes. */
  {
    const CraftedEntry twice[] = { { "catalog.xml", "file", "a", -1 },
                                   { "catalog.xml", "file", "b", -1 } };
    const CraftedEntry short_size[] = { { "catalog.xml", "file", "abcdef", 3 } };
    g_autoptr(GBytes) b1 = craft (fixture, twice, 2);
    g_autoptr(GBytes) b2 = craft (fixture, short_size, 1);
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(AwarenessPackage) p1 = open_package (fixture, b1, &e1);
    g_autoptr(AwarenessPackage) p2 = open_package (fixture, b2, &e2);

    g_assert_error (e1, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_MALFORMED);
    g_assert_error (e2, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_MALFORMED);
  }

  /* Signed and safe, but not valid content: not installed. */
  {
    const CraftedEntry junk[] = { { "catalog.xml", "file", "<catalog>", -1 } };
    g_autoptr(GBytes) bytes = craft (fixture, junk, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(AwarenessPackage) package = open_package (fixture, bytes, &error);
    g_autofree char *installed = NULL;

    g_assert_no_error (error);
    installed = awareness_package_install (package, fixture->root, NULL, &error);
    g_assert_null (installed);
    g_assert_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_INVALID);
  }

  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
  {
    g_autofree char *after = current_target (fixture);

    g_assert_cmpstr (after, ==, before);
    assert_current_loads (fixture);
  }
}

/* `awareness content install`, killed at random points: `current` is
 * always a whole, valid tree, the old one or the new one. */
static void
test_interrupted_install (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *good = good_content ();
  g_autoptr(GBytes) first = build (fixture, good);
  g_autoptr(GBytes) second = build (fixture, g_getenv ("AWARENESS_CONTENT_DIR"));
  g_autofree char *first_path = g_build_filename (fixture->dir, "first.pkg", NULL);
  g_autofree char *second_path = g_build_filename (fixture->dir, "second.pkg", NULL);
  g_autofree char *config = g_build_filename (fixture->dir, "awareness.conf", NULL);
  g_autofree char *config_text = g_strdup_printf ("[content]\ntrusted-keys=%s;\n",
                                                  fixture->public_key);
  guint completed = 0, cut = 0;

  g_assert_true (g_file_set_contents (first_path, g_bytes_get_data (first, NULL),
                                      (gssize) g_bytes_get_size (first), NULL));
  g_assert_true (g_file_set_contents (second_path, g_bytes_get_data (second, NULL),
                                      (gssize) g_bytes_get_size (second), NULL));
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));
  install_good (fixture);

  for (guint run = 0; run < 24; run++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
        G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      guint delay = (guint) g_test_rand_int_range (0, 120000);

      g_subprocess_launcher_setenv (launcher, "AWARENESS_CONFIG", config, TRUE);
      g_subprocess_launcher_setenv (launcher, "AWARENESS_CONTENT_ROOT", fixture->root, TRUE);
      process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("AWARENESS_CLI"),
                                             "content", "install",
                                             run % 2 == 0 ? second_path : first_path, NULL);
      g_assert_no_error (error);
      g_usleep (delay);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
        completed++;
      else
        cut++;
      assert_current_loads (fixture);
    }
  g_test_message ("%u installs completed, %u cut short", completed, cut);
  /* Both happened, or the test proved little. */
  g_assert_cmpuint (cut, >, 0);
}

/* `awareness content install FILE` installs exactly what it verified:
 * the file rewritten with another signed package after the check (a
 * shared folder, a USB stick) changes nothing that is installed. */
static void
test_swapped_after_verify (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *good = good_content ();
  g_autoptr(GBytes) first = build (fixture, good);
  g_autoptr(GBytes) second = build (fixture, g_getenv ("AWARENESS_CONTENT_DIR"));
  g_autofree char *path = g_build_filename (fixture->dir, "shared.pkg", NULL);
  g_autofree char *second_path = g_build_filename (fixture->dir, "second.pkg", NULL);
  g_autofree char *config = g_build_filename (fixture->dir, "awareness.conf", NULL);
  g_autofree char *config_text = g_strdup_printf ("[content]\ntrusted-keys=%s;\n",
                                                  fixture->public_key);
  g_autofree char *swap = NULL;
  g_autofree char *expected_root = g_build_filename (fixture->dir, "expected", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *installed = NULL;
  g_autofree char *diff = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessPackage) package = open_package (fixture, first, &error);
  int status;

  g_assert_no_error (error);
  expected = awareness_package_install (package, expected_root, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (first, NULL),
                                      (gssize) g_bytes_get_size (first), NULL));
  g_assert_true (g_file_set_contents (second_path, g_bytes_get_data (second, NULL),
                                      (gssize) g_bytes_get_size (second), NULL));
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));
  /* Rewritten in place, as a writer of the shared folder would. */
  swap = g_strdup_printf ("cp '%s' '%s'", second_path, path);

  g_subprocess_launcher_setenv (launcher, "AWARENESS_CONFIG", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWARENESS_CONTENT_ROOT", fixture->root, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWARENESS_TEST_AFTER_VERIFY", swap, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("AWARENESS_CLI"), "content",
                                         "install", path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
  /* The hook ran: the file now holds the other package. */
  {
    g_autofree char *now = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (path, &now, &length, NULL));
    g_assert_cmpuint (length, ==, g_bytes_get_size (second));
  }

  installed = current_target (fixture);
  g_assert_nonnull (installed);
  g_assert_true (g_str_has_suffix (installed, awareness_package_get_digest (package)));
  diff = g_strdup_printf ("diff -r '%s' '%s/current'", expected, fixture->root);
  g_assert_true (g_spawn_command_line_sync (diff, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* An older package is not installed over newer content, unless an
 * administrator asks for it on this machine. */
static void
test_older_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *content = good_content ();
  g_autoptr(GBytes) old_bytes = build (fixture, content);
  g_autoptr(GBytes) new_bytes = NULL;
  g_autoptr(AwarenessPackage) old_package = NULL;
  g_autoptr(AwarenessPackage) new_package = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *installed = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *target = NULL;
  g_autofree char *after = NULL;

  g_usleep (5000);
  new_bytes = build (fixture, content);
  old_package = open_package (fixture, old_bytes, &error);
  g_assert_no_error (error);
  new_package = open_package (fixture, new_bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (awareness_package_get_created (old_package), <,
                   awareness_package_get_created (new_package));
  g_assert_cmpstr (awareness_package_get_digest (old_package), !=,
                   awareness_package_get_digest (new_package));

  /* The old one first is fine; then the new one. */
  installed = awareness_package_install (old_package, fixture->root, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&installed, g_free);
  installed = awareness_package_install (new_package, fixture->root, NULL, &error);
  g_assert_no_error (error);
  target = current_target (fixture);
  g_assert_true (g_str_has_suffix (target, awareness_package_get_digest (new_package)));

  /* The old one again, though it is still unpacked here: refused, and the
   * new content stays current. */
  refused = awareness_package_install (old_package, fixture->root, NULL, &error);
  g_assert_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_OLDER);
  g_assert_null (refused);
  g_assert_nonnull (strstr (error->message, "pack and sign it again"));
  g_clear_error (&error);
  after = current_target (fixture);
  g_assert_cmpstr (after, ==, target);
  assert_current_loads (fixture);

  /* A package that does not say when it was signed is not believed. */
  {
    const CraftedEntry entry = { "catalog.xml", "file", "x", -1 };
    g_autoptr(GBytes) undated = craft_full (fixture, &entry, 1, NULL);
    g_autoptr(GBytes) misdated = craft_full (fixture, &entry, 1, "yesterday");
    g_autoptr(AwarenessPackage) refused_package = open_package (fixture, undated, &error);

    g_assert_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_MALFORMED);
    g_assert_null (refused_package);
    g_clear_error (&error);
    refused_package = open_package (fixture, misdated, &error);
    g_assert_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_MALFORMED);
    g_assert_null (refused_package);
    g_clear_error (&error);
  }

  /* Asked for on this machine: put back. */
  awareness_package_set_allow_older (old_package, TRUE);
  g_clear_pointer (&installed, g_free);
  installed = awareness_package_install (old_package, fixture->root, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&after, g_free);
  after = current_target (fixture);
  g_assert_true (g_str_has_suffix (after, awareness_package_get_digest (old_package)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

#define ADD(name, func) \
  g_test_add ("/awareness/package/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("round-trip", test_round_trip);
  ADD ("invalid-content", test_invalid_content);
  ADD ("refused", test_refused);
  ADD ("unsafe-entries", test_unsafe_entries);
  ADD ("swapped-after-verify", test_swapped_after_verify);
  ADD ("interrupted-install", test_interrupted_install);
  ADD ("older-refused", test_older_refused);
#undef ADD

  return g_test_run ();
}
