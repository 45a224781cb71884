/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Signed content packages.  Content tells staff what the rules are, so a
 * machine installs only content signed by a key it trusts, that
 * validates, and that cannot write outside its directory.
 *
 *   "AWARENESS-PACKAGE-1\n"
 *   u32 big-endian length, then the header, JSON:
 *     {"created": "...", "files": [{"path", "type": "file", "size", "sha256"}, ...]}
 *   the files' bytes, one after the other, in the header's order
 *   the signer's Ed25519 public key (32 bytes) and the signature
 *   (64 bytes) of everything before them
 *
 * The signature is checked before anything else is believed; then every
 * entry must be a plain file with a plain relative path (no "..", no
 * absolute path, no link of any kind) within the size limits, and match
 * its digest.  Installation unpacks into a fresh directory, validates the
 * content with the loader, and switches the `current` link with one
 * rename(): an interrupted install leaves the previous content in place.
 * A package signed before the content installed now is refused, so that
 * an old package (with the errors it corrected) cannot be played back: to
 * go back to older content, it is packed and signed again.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "awareness-json.h"
#include "awareness-catalog.h"
#include "awareness-package.h"
#include "awareness-problem.h"
#include "awareness-environment.h"
#include "awareness-xapi.h"

#define MAGIC          "AWARENESS-PACKAGE-1\n"
#define MAGIC_LENGTH   (sizeof MAGIC - 1)
#define PUBLIC_PREFIX  "awareness-ed25519:"
#define SECRET_PREFIX  "awareness-ed25519-secret:"
#define TRAILER_LENGTH (crypto_sign_PUBLICKEYBYTES + crypto_sign_BYTES)
#define MAX_HEADER     (1024 * 1024)
#define MAX_FILE       (8 * 1024 * 1024)
#define MAX_TOTAL      (64 * 1024 * 1024)
#define MAX_FILES      1024
#define MAX_PATH       255
#define MAX_DEPTH      8

/**
 * awareness_package_error_quark:
 *
 * The error domain of #AwarenessPackageError.
 *
 * Returns: the #GQuark of %AWARENESS_PACKAGE_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-package-error-quark, awareness_package_error)

typedef struct {
  char  *path;
  gsize  offset;
  gsize  size;
} Entry;

struct _AwarenessPackage
{
  GBytes  *data;
  char    *key;
  char    *digest;
  GArray  *entries;
  gint64   created;       /* µs since the epoch, as signed */
  gboolean allow_older;
};

static gboolean
init_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_KEY,
                           _("The cryptography library could not start"));
      return FALSE;
    }
  return TRUE;
}

/**
 * awareness_package_keygen:
 * @public_key: (out): the public key, to give to the machines that trust it
 * @secret_key: (out): the secret key, to sign packages with; keep it safe
 *
 * Makes an Ed25519 key pair.
 *
 * Returns: whether a key pair was made
 *
 * Since: 0.2
 */
gboolean
awareness_package_keygen (char **public_key,
                          char **secret_key)
{
  guchar pk[crypto_sign_PUBLICKEYBYTES];
  guchar sk[crypto_sign_SECRETKEYBYTES];
  g_autofree char *pk64 = NULL;
  g_autofree char *sk64 = NULL;

  if (!init_sodium (NULL) || crypto_sign_keypair (pk, sk) != 0)
    return FALSE;
  pk64 = g_base64_encode (pk, sizeof pk);
  sk64 = g_base64_encode (sk, sizeof sk);
  sodium_memzero (sk, sizeof sk);
  *public_key = g_strconcat (PUBLIC_PREFIX, pk64, NULL);
  *secret_key = g_strconcat (SECRET_PREFIX, sk64, NULL);
  sodium_memzero (sk64, strlen (sk64));
  return TRUE;
}

/* The raw bytes of a key in our text form, of exactly @length bytes. */
static gboolean
decode_key (const char *text,
            const char *prefix,
            guchar     *key,
            gsize       length,
            GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree guchar *raw = NULL;
  gsize n = 0;

  if (!g_str_has_prefix (trimmed, prefix))
    {
      g_set_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_KEY,
                   _("Not an Awareness Ed25519 key: expected it to begin with “%s”"), prefix);
      return FALSE;
    }
  raw = g_base64_decode (trimmed + strlen (prefix), &n);
  if (n != length)
    {
      if (raw != NULL)
        sodium_memzero (raw, n);
      g_set_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_KEY,
                   _("Not an Ed25519 key: it holds %zu bytes instead of %zu"), n, length);
      return FALSE;
    }
  memcpy (key, raw, length);
  sodium_memzero (raw, n);
  return TRUE;
}

static gboolean
safe_path (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || path[0] == '\0' || path[0] == '/' || strlen (path) > MAX_PATH ||
      strstr (path, "//") != NULL || g_str_has_suffix (path, "/"))
    return FALSE;
  for (const char *p = path; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._-/", *p) == NULL)
      return FALSE;
  parts = g_strsplit (path, "/", -1);
  if (g_strv_length (parts) > MAX_DEPTH)
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '.')
      return FALSE;   /* "..", ".", and hidden files */
  return TRUE;
}

static void
collect_files (GFile      *root,
               GFile      *dir,
               GPtrArray  *paths,
               GError    **error)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children =
      g_file_enumerate_children (dir,
                                 G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  while (children != NULL && (error == NULL || *error == NULL))
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, error) || info == NULL)
        break;
      if (g_file_info_get_name (info)[0] == '.')
        continue;
      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          collect_files (root, child, paths, error);
          break;
        case G_FILE_TYPE_REGULAR:
          g_ptr_array_add (paths, g_file_get_relative_path (root, child));
          break;
        case G_FILE_TYPE_UNKNOWN:
        case G_FILE_TYPE_SYMBOLIC_LINK:
        case G_FILE_TYPE_SPECIAL:
        case G_FILE_TYPE_SHORTCUT:
        case G_FILE_TYPE_MOUNTABLE:
        default:
          {
            g_autofree char *name = g_file_get_path (child);

            g_set_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_UNSAFE,
                         _("“%s” is not a plain file: links and special files are not packaged"),
                         name);
          }
          break;
        }
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/**
 * awareness_package_build:
 * @content_dir: (type filename): a content tree: catalog, policy, modules
 * @secret_key: the signer's secret key, as awareness_package_keygen() gave
 * @problems: (out) (optional) (element-type AwarenessProblem): what is
 *   wrong with the content, if it does not validate
 * @error: return location for an error
 *
 * Validates the content, then packs and signs it.  Content that does not
 * validate is not packed.
 *
 * Returns: (transfer full): the package
 *
 * Since: 0.2
 */
GBytes *
awareness_package_build (const char  *content_dir,
                         const char  *secret_key,
                         GPtrArray  **problems,
                         GError     **error)
{
  guchar sk[crypto_sign_SECRETKEYBYTES];
  guchar signature[crypto_sign_BYTES];
  g_autoptr(GFile) root = g_file_new_for_path (content_dir);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) header_node = NULL;
  g_autoptr(GByteArray) package = g_byte_array_new ();
  g_autoptr(GByteArray) files = g_byte_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = awareness_xapi_format_timestamp (now);
  g_autofree char *header = NULL;
  guint32 header_length;

  if (!init_sodium (error) || !decode_key (secret_key, SECRET_PREFIX, sk, sizeof sk, error))
    return NULL;

  /* A package of invalid content cannot be built. */
  catalog = awareness_catalog_new_for_directory (content_dir, &found, error);
  for (guint i = 0; found != NULL && i < found->len; i++)
    if (awareness_problem_get_severity (g_ptr_array_index (found, i)) == AWARENESS_SEVERITY_ERROR)
      g_clear_object (&catalog);
  if (catalog == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_INVALID,
                     _("The content in “%s” does not validate: no package was made"), content_dir);
      if (problems != NULL)
        *problems = g_steal_pointer (&found);
      sodium_memzero (sk, sizeof sk);
      return NULL;
    }

  collect_files (root, root, paths, error);
  if (error != NULL && *error != NULL)
    {
      sodium_memzero (sk, sizeof sk);
      return NULL;
    }
  g_ptr_array_sort (paths, compare_paths);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *full = g_build_filename (content_dir, path, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *sha256 = NULL;
      gsize length;

      if (!safe_path (path))
        {
          g_set_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_UNSAFE,
                       _("“%s”: only letters, digits, “.”, “_” and “-” may name packaged files"),
                       path);
          sodium_memzero (sk, sizeof sk);
          return NULL;
        }
      if (!g_file_get_contents (full, &contents, &length, error))
        {
          sodium_memzero (sk, sizeof sk);
          return NULL;
        }
      sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      g_byte_array_append (files, (const guint8 *) contents, (guint) length);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "file");
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) length);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, sha256);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  header_node = json_builder_get_root (builder);
  json_generator_set_root (generator, header_node);
  header = json_generator_to_data (generator, NULL);

  header_length = GUINT32_TO_BE ((guint32) strlen (header));
  g_byte_array_append (package, (const guint8 *) MAGIC, MAGIC_LENGTH);
  g_byte_array_append (package, (const guint8 *) &header_length, sizeof header_length);
  g_byte_array_append (package, (const guint8 *) header, (guint) strlen (header));
  g_byte_array_append (package, files->data, files->len);
  crypto_sign_detached (signature, NULL, package->data, package->len, sk);
  /* The public key is the second half of libsodium's secret key. */
  g_byte_array_append (package, sk + crypto_sign_SECRETKEYBYTES - crypto_sign_PUBLICKEYBYTES,
                       crypto_sign_PUBLICKEYBYTES);
  g_byte_array_append (package, signature, sizeof signature);
  sodium_memzero (sk, sizeof sk);
  return g_byte_array_free_to_bytes (g_steal_pointer (&package));
}

/**
 * awareness_package_free:
 * @self: (nullable) (transfer full): a package
 *
 * Frees the package.
 *
 * Since: 0.2
 */
void
awareness_package_free (AwarenessPackage *self)
{
  if (self == NULL)
    return;

  g_bytes_unref (self->data);
  g_free (self->key);
  g_free (self->digest);
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    g_free (g_array_index (self->entries, Entry, i).path);
  g_clear_pointer (&self->entries, g_array_unref);
  g_free (self);
}

static gpointer
refuse (GError              **error,
        AwarenessPackageError code,
        const char           *format,
        ...) G_GNUC_PRINTF (3, 4);

static gpointer
refuse (GError              **error,
        AwarenessPackageError code,
        const char           *format,
        ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (AWARENESS_PACKAGE_ERROR, code, format, args);
  va_end (args);
  return NULL;
}

/**
 * awareness_package_open:
 * @data: the package file's bytes
 * @trusted_keys: (array zero-terminated=1): the public keys this machine
 *   trusts
 * @error: return location for an error
 *
 * Checks the signature first, then the header and each file's digest.
 * The content itself is validated when it is installed.  @data is kept
 * and unpacked later: it must be private memory, never a mapping of a
 * file that others can write, or what is installed could differ from
 * what was checked.
 *
 * Returns: (transfer full) (nullable) (skip): the package, or %NULL if it cannot be trusted
 *
 * Since: 0.2
 */
AwarenessPackage *
awareness_package_open (GBytes             *data,
                        const char * const *trusted_keys,
                        GError            **error)
{
  g_autoptr(AwarenessPackage) self = g_new0 (AwarenessPackage, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  const guint8 *key, *signature;
  g_autofree char *key64 = NULL;
  gboolean trusted = FALSE;
  guint32 header_length;
  JsonNode *files;
  gsize offset, total = 0;

  if (!init_sodium (error))
    return NULL;
  if (bytes == NULL || length < MAGIC_LENGTH + 4 + TRAILER_LENGTH ||
      memcmp (bytes, MAGIC, MAGIC_LENGTH) != 0)
    return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED,
                   _("Not an Awareness content package, or a truncated one"));

  key = bytes + length - TRAILER_LENGTH;
  signature = key + crypto_sign_PUBLICKEYBYTES;
  key64 = g_base64_encode (key, crypto_sign_PUBLICKEYBYTES);
  self->key = g_strconcat (PUBLIC_PREFIX, key64, NULL);
  for (guint i = 0; trusted_keys != NULL && trusted_keys[i] != NULL; i++)
    {
      guchar trusted_key[crypto_sign_PUBLICKEYBYTES];

      if (decode_key (trusted_keys[i], PUBLIC_PREFIX, trusted_key, sizeof trusted_key, NULL) &&
          sodium_memcmp (trusted_key, key, sizeof trusted_key) == 0)
        trusted = TRUE;
    }
  if (!trusted)
    return refuse (error, AWARENESS_PACKAGE_ERROR_UNTRUSTED,
                   _("The package is signed by a key this machine does not trust (%s)"), self->key);
  if (crypto_sign_verify_detached (signature, bytes, length - TRAILER_LENGTH, key) != 0)
    return refuse (error, AWARENESS_PACKAGE_ERROR_SIGNATURE,
                   _("The package's signature does not match: it was changed after it was "
                     "signed, or is truncated"));

  /* Signed: now its structure is read, and still checked. */
  memcpy (&header_length, bytes + MAGIC_LENGTH, sizeof header_length);
  header_length = GUINT32_FROM_BE (header_length);
  offset = MAGIC_LENGTH + 4 + header_length;
  if (header_length > MAX_HEADER || offset > length - TRAILER_LENGTH)
    return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED, _("The package's header is too long"));
  if (!g_utf8_validate_len ((const char *) bytes + MAGIC_LENGTH + 4, header_length, NULL) ||
      !awareness_json_parser_load (parser, (const char *) bytes + MAGIC_LENGTH + 4, header_length,
                                   NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED,
                   _("The package's header is not a JSON object"));
  {
    JsonNode *created =
        json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "created");
    g_autoptr(GDateTime) when =
        created != NULL && json_node_get_value_type (created) == G_TYPE_STRING
            ? g_date_time_new_from_iso8601 (json_node_get_string (created), NULL)
            : NULL;

    if (when == NULL)
      return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED,
                     _("The package does not say when it was signed"));
    self->created =
        g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
  }
  files = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "files");
  if (files == NULL || !JSON_NODE_HOLDS_ARRAY (files) ||
      json_array_get_length (json_node_get_array (files)) > MAX_FILES)
    return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED,
                   _("The package's header lists no files, or too many"));

  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (files)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (files), i);
      JsonObject *file = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *path_node = file != NULL ? json_object_get_member (file, "path") : NULL;
      JsonNode *type_node = file != NULL ? json_object_get_member (file, "type") : NULL;
      JsonNode *size_node = file != NULL ? json_object_get_member (file, "size") : NULL;
      JsonNode *sha_node = file != NULL ? json_object_get_member (file, "sha256") : NULL;
      const char *path, *type, *sha256;
      gint64 size;
      g_autofree char *actual = NULL;
      Entry entry;

      if (path_node == NULL || type_node == NULL || size_node == NULL || sha_node == NULL ||
          json_node_get_value_type (path_node) != G_TYPE_STRING ||
          json_node_get_value_type (type_node) != G_TYPE_STRING ||
          json_node_get_value_type (size_node) != G_TYPE_INT64 ||
          json_node_get_value_type (sha_node) != G_TYPE_STRING)
        return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED,
                       _("Entry %u of the package is malformed"), i);
      path = json_node_get_string (path_node);
      type = json_node_get_string (type_node);
      size = json_node_get_int (size_node);
      sha256 = json_node_get_string (sha_node);

      if (g_strcmp0 (type, "file") != 0)
        return refuse (error, AWARENESS_PACKAGE_ERROR_UNSAFE,
                       _("Entry “%s” is a %s: only plain files are installed, never links"), path,
                       type);
      if (!safe_path (path))
        return refuse (error, AWARENESS_PACKAGE_ERROR_UNSAFE,
                       _("Entry “%s” would be written outside the content directory, or has a "
                         "name that is not allowed"), path);
      if (size < 0 || size > MAX_FILE || total + (gsize) size > MAX_TOTAL)
        return refuse (error, AWARENESS_PACKAGE_ERROR_UNSAFE,
                       _("Entry “%s” is over the size limits"), path);
      if (offset + (gsize) size > length - TRAILER_LENGTH)
        return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED,
                       _("Entry “%s” runs past the end of the package"), path);
      for (guint j = 0; j < self->entries->len; j++)
        if (g_strcmp0 (g_array_index (self->entries, Entry, j).path, path) == 0)
          return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED, _("Entry “%s” appears twice"),
                         path);
      actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes + offset, (gsize) size);
      if (g_ascii_strcasecmp (actual, sha256) != 0)
        return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED,
                       _("Entry “%s” does not match its digest"), path);

      entry.path = g_strdup (path);
      entry.offset = offset;
      entry.size = (gsize) size;
      g_array_append_val (self->entries, entry);
      offset += (gsize) size;
      total += (gsize) size;
    }
  if (offset != length - TRAILER_LENGTH)
    return refuse (error, AWARENESS_PACKAGE_ERROR_MALFORMED,
                   _("The package holds bytes its header does not list"));

  self->data = g_bytes_ref (data);
  self->digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, length - TRAILER_LENGTH);
  return g_steal_pointer (&self);
}

/**
 * awareness_package_get_created:
 * @self: a package
 *
 * Returns: when the package was signed, in microseconds since the epoch
 *
 * Since: 0.2
 */
gint64
awareness_package_get_created (AwarenessPackage *self)
{
  return self->created;
}

/**
 * awareness_package_set_allow_older:
 * @self: a package
 * @allow: whether it may replace content signed after it
 *
 * Lets awareness_package_install() put back content older than the
 * content installed now: for an administrator's deliberate recovery on
 * one machine, never for what a sync brings.
 *
 * Since: 0.2
 */
void
awareness_package_set_allow_older (AwarenessPackage *self,
                                   gboolean          allow)
{
  self->allow_older = allow;
}

static char *
format_instant (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

/* When the content installed now under @base was signed, or -1 when it is
 * not known (none yet, or installed before this was kept). */
static gint64
current_created (const char *base)
{
  g_autofree char *current = g_build_filename (base, "current", NULL);
  g_autofree char *target = g_file_read_link (current, NULL);
  g_autofree char *stamp = NULL;
  g_autofree char *text = NULL;
  gint64 value;

  if (target == NULL || strchr (target, '\n') != NULL)
    return -1;
  stamp = g_strconcat (base, "/", target, ".created", NULL);
  if (!g_file_get_contents (stamp, &text, NULL, NULL) ||
      !g_ascii_string_to_signed (g_strstrip (text), 10, 0, G_MAXINT64, &value, NULL))
    return -1;
  return value;
}

/**
 * awareness_package_get_key:
 * @self: a package
 *
 * Returns: (transfer none): the public key that signed it
 *
 * Since: 0.2
 */
const char *
awareness_package_get_key (AwarenessPackage *self)
{
  return self->key;
}

/**
 * awareness_package_get_digest:
 * @self: a package
 *
 * Returns: (transfer none): the SHA-256 digest of its signed part, in hexadecimal
 *
 * Since: 0.2
 */
const char *
awareness_package_get_digest (AwarenessPackage *self)
{
  return self->digest;
}

/**
 * awareness_package_get_n_files:
 * @self: a package
 *
 * Returns: the number of files it holds
 *
 * Since: 0.2
 */
guint
awareness_package_get_n_files (AwarenessPackage *self)
{
  return self->entries->len;
}

static gboolean
write_file (const char   *path,
            const guint8 *data,
            gsize         size,
            GError      **error)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  gsize done = 0;

  if (fd < 0)
    goto failed;
  while (done < size)
    {
      gssize n = write (fd, data + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto failed;
      done += (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      fd = -1;
      goto failed;
    }
  return TRUE;

failed:
  {
    int saved = errno;

    if (fd >= 0)
      close (fd);
    g_set_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_INSTALL,
                 _("Cannot write “%s”: %s"), path, g_strerror (saved));
    return FALSE;
  }
}

static void
sync_directory (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/**
 * awareness_package_unpack:
 * @self: a package opened with awareness_package_open()
 * @directory: (type filename): an empty directory
 * @error: return location for an error
 *
 * Writes the package's files into @directory, and nowhere else, each
 * file and each subdirectory synced to disk (@directory itself is the
 * caller's to sync).
 *
 * Returns: whether every file was written
 *
 * Since: 0.2
 */
gboolean
awareness_package_unpack (AwarenessPackage *self,
                          const char       *directory,
                          GError          **error)
{
  const guint8 *bytes = g_bytes_get_data (self->data, NULL);
  g_autoptr(GHashTable) parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);
      g_autofree char *path = g_build_filename (directory, entry->path, NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      if (g_mkdir_with_parents (parent, 0755) != 0)
        {
          int saved = errno;

          g_set_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_INSTALL,
                       _("Cannot create “%s”: %s"), parent, g_strerror (saved));
          return FALSE;
        }
      if (!write_file (path, bytes + entry->offset, entry->size, error))
        return FALSE;
      /* Each directory the file lies in, up to @directory, is synced
       * below: a file is not durable until its name is. */
      while (g_str_has_prefix (parent, directory) && strlen (parent) > strlen (directory))
        {
          char *up = g_path_get_dirname (parent);

          g_hash_table_add (parents, g_steal_pointer (&parent));
          parent = up;
        }
    }
  g_hash_table_iter_init (&iter, parents);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    sync_directory (key);
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Closing the lock file releases the lock, on every way out. */
static void
close_lock (int *fd)
{
  if (*fd >= 0)
    close (*fd);
}

/**
 * awareness_package_install:
 * @self: a package opened with awareness_package_open()
 * @root: (type filename) (nullable): the install root, or %NULL for
 *   awareness_dup_content_install_root()
 * @problems: (out) (optional) (element-type AwarenessProblem): what is
 *   wrong with the content, if it does not validate
 * @error: return location for an error
 *
 * Unpacks the package into a directory of its own under @root, validates
 * it, and makes it the current content with one atomic rename of the
 * `current` link.  If anything fails or the process dies on the way, the
 * previous content stays current.
 *
 * Returns: (transfer full) (type filename): the installed directory
 *
 * Since: 0.2
 */
char *
awareness_package_install (AwarenessPackage *self,
                           const char       *root,
                           GPtrArray       **problems,
                           GError          **error)
{
  g_autofree char *base = root != NULL ? g_strdup (root) : awareness_dup_content_install_root ();
  g_autofree char *versions = g_build_filename (base, "versions", NULL);
  g_autofree char *staging = g_build_filename (versions, ".staging-XXXXXX", NULL);
  g_autofree char *final = g_build_filename (versions, self->digest, NULL);
  g_autofree char *target = g_build_filename ("versions", self->digest, NULL);
  g_autofree char *link_tmp = g_strdup_printf ("%s/.current-%d", base, (int) getpid ());
  g_autofree char *current = g_build_filename (base, "current", NULL);
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *lock_path = g_build_filename (base, ".lock", NULL);
  const char *name;
  int lock_fd G_GNUC_UNUSED __attribute__ ((cleanup (close_lock))) = -1;

  if (g_mkdir_with_parents (versions, 0755) != 0)
    return refuse (error, AWARENESS_PACKAGE_ERROR_INSTALL, _("Cannot create “%s”: %s"), versions,
                   g_strerror (errno));

  /* One install at a time (the command line and a sync timer, say): the
   * lock ends with the process, however it ends. */
  lock_fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0 || flock (lock_fd, LOCK_EX) != 0)
    {
      int saved = errno;

      return refuse (error, AWARENESS_PACKAGE_ERROR_INSTALL, _("Cannot lock “%s”: %s"), lock_path,
                     g_strerror (saved));
    }

  /* No going back to content signed before the current one. */
  {
    gint64 now_installed = current_created (base);

    if (!self->allow_older && now_installed > self->created)
      {
        g_autofree char *signed_at = format_instant (self->created);
        g_autofree char *installed_at = format_instant (now_installed);

        return refuse (error, AWARENESS_PACKAGE_ERROR_OLDER,
                       _("The package was signed on %s, before the content installed now (signed "
                         "on %s): older content is not installed over newer. To go back to it, "
                         "pack and sign it again."), signed_at, installed_at);
      }
  }

  /* What an interrupted install left behind is never current: clear it
   * (real directories only, never through a link). */
  dir = g_dir_open (versions, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".staging-"))
      {
        g_autofree char *left = g_build_filename (versions, name, NULL);
        GStatBuf st;

        if (g_lstat (left, &st) == 0 && S_ISDIR (st.st_mode))
          remove_tree (left);
      }

  if (g_file_test (final, G_FILE_TEST_IS_DIR))
    {
      /* The same package was installed before: only the link changes. */
      g_clear_pointer (&staging, g_free);
    }
  else
    {
      if (g_mkdtemp_full (staging, 0755) == NULL)
        return refuse (error, AWARENESS_PACKAGE_ERROR_INSTALL, _("Cannot create “%s”: %s"), staging,
                       g_strerror (errno));
      if (!awareness_package_unpack (self, staging, error))
        {
          remove_tree (staging);
          return NULL;
        }

      /* Signed is not enough: the content must also be valid. */
      catalog = awareness_catalog_new_for_directory (staging, &found, NULL);
      for (guint i = 0; found != NULL && i < found->len; i++)
        if (awareness_problem_get_severity (g_ptr_array_index (found, i)) ==
            AWARENESS_SEVERITY_ERROR)
          g_clear_object (&catalog);
      if (catalog == NULL)
        {
          remove_tree (staging);
          if (problems != NULL)
            *problems = g_steal_pointer (&found);
          return refuse (error, AWARENESS_PACKAGE_ERROR_INVALID,
                         _("The package's content does not validate: nothing was installed"));
        }
      sync_directory (staging);
      if (g_rename (staging, final) != 0)
        {
          int saved = errno;

          remove_tree (staging);
          return refuse (error, AWARENESS_PACKAGE_ERROR_INSTALL, _("Cannot install “%s”: %s"),
                         final, g_strerror (saved));
        }
      sync_directory (versions);
    }

  /* When it was signed, kept beside it for the next install to compare. */
  {
    g_autofree char *stamp = g_strconcat (final, ".created", NULL);
    g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", self->created);

    if (!g_file_set_contents_full (stamp, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error))
      return NULL;
  }

  g_unlink (link_tmp);
  if (symlink (target, link_tmp) != 0 || g_rename (link_tmp, current) != 0)
    {
      int saved = errno;

      g_unlink (link_tmp);
      return refuse (error, AWARENESS_PACKAGE_ERROR_INSTALL, _("Cannot make “%s” current: %s"),
                     final, g_strerror (saved));
    }
  sync_directory (base);
  return g_steal_pointer (&final);
}
