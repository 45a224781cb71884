/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness-server: the central xAPI 1.0.3 Learning Record Store.
 *
 * This first part serves the About resource and the Statements resource
 * (PUT, POST of one statement or a batch, GET by id, by voided id, and
 * with the agent, verb, activity, registration, since, until, limit and
 * ascending filters and `more` paging), over HTTPS with HTTP Basic
 * authentication of accounts whose secrets are kept as argon2id hashes.
 * Statement validation is the library's (awareness_xapi_validate_statement).
 *
 * Messages to administrators at the command line are translated; the
 * messages of HTTP responses are not: they go to xAPI clients, whose
 * logs and developers expect one language.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "awareness.h"
#include "lrs-dashboard.h"
#include "lrs-report.h"
#include "lrs-roster.h"
#include "lrs-server-private.h"
#include "lrs-signature.h"
#include "lrs-store.h"

#define XAPI_VERSION "1.0.3"


static void
config_clear (LrsConfig *config)
{
  g_free (config->listen);
  g_free (config->certificate);
  g_free (config->key);
  g_free (config->database);
  g_free (config->home_page);
  g_strfreev (config->trusted_keys);
}

static char *
config_path (GKeyFile   *file,
             const char *config_file,
             const char *key)
{
  g_autofree char *value = g_key_file_get_string (file, "server", key, NULL);
  g_autofree char *dir = NULL;

  if (value == NULL || value[0] == '\0')
    return NULL;
  if (g_path_is_absolute (value))
    return g_steal_pointer (&value);

  /* Relative paths are relative to the configuration file. */
  dir = g_path_get_dirname (config_file);
  return g_build_filename (dir, value, NULL);
}

static gboolean
config_load (LrsConfig   *config,
             const char  *path,
             GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  config->listen = g_key_file_get_string (file, "server", "listen", NULL);
  if (config->listen == NULL)
    config->listen = g_strdup ("127.0.0.1");
  config->port = (guint) g_key_file_get_integer (file, "server", "port", &local_error);
  if (local_error != NULL)
    {
      config->port = 8443;
      g_clear_error (&local_error);
    }
  config->certificate = config_path (file, path, "certificate");
  config->key = config_path (file, path, "key");
  config->database = config_path (file, path, "database");
  config->home_page = g_key_file_get_string (file, "server", "account-home-page", NULL);
  config->development = g_key_file_get_boolean (file, "server", "development", NULL);
  config->max_body = (gsize) g_key_file_get_uint64 (file, "limits", "max-body-bytes", &local_error);
  if (local_error != NULL || config->max_body == 0)
    config->max_body = 4 * 1024 * 1024;
  g_clear_error (&local_error);
  config->max_batch = (guint) g_key_file_get_integer (file, "limits", "max-batch", &local_error);
  if (local_error != NULL || config->max_batch == 0)
    config->max_batch = 1000;
  g_clear_error (&local_error);
  config->max_limit = 500;
  config->trusted_keys = g_key_file_get_string_list (file, "content", "trusted-keys", NULL, NULL);
  config->client_timeout = (guint) g_key_file_get_integer (file, "limits", "client-timeout-seconds", &local_error);
  if (local_error != NULL || config->client_timeout == 0)
    config->client_timeout = 30;
  g_clear_error (&local_error);
  config->session_seconds = (guint) g_key_file_get_integer (file, "dashboard", "session-seconds", &local_error);
  if (local_error != NULL || config->session_seconds == 0)
    config->session_seconds = 8 * 60 * 60;
  g_clear_error (&local_error);

  if (config->database == NULL || config->home_page == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                   _("%s: [server] needs “database” and “account-home-page”"), path);
      return FALSE;
    }
  if (!awareness_xapi_validate_iri (config->home_page))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: account-home-page “%s” is not an IRL"), path, config->home_page);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

/* Responses */

void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "X-Experience-API-Version", XAPI_VERSION);
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

/* Answers with @root (which it takes) as JSON. */
void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *root)
{
  g_autofree char *body = to_json (root);

  respond (msg, status, "application/json", body);
  json_node_unref (root);
}

void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Basic realm=\"xAPI\"");
  respond (msg, status, "application/json", body);
}

/* Authentication */

static char *
secret_digest (const char *secret)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

/*
 * The account of the request's Basic credentials, or NULL with the
 * response set (401).  Argon2id verification is slow by design; a secret
 * once verified is remembered as its SHA-256 until it fails or the server
 * restarts.  Nothing about the credentials is ever logged.
 */
/*
 * The active account of @key if @secret is its secret, or NULL.  Argon2id
 * verification is slow by design; a secret once verified is remembered as
 * its SHA-256 until it fails or the server restarts.  Nothing about the
 * credentials is ever logged.
 */
LrsAccount *
check_credentials (Lrs        *lrs,
                   const char *key,
                   const char *secret)
{
  g_autofree char *hash = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(LrsAccount) account = NULL;
  const char *remembered;

  account = lrs_store_lookup_account (lrs->store, key, &hash, NULL);
  if (account == NULL || !account->active)
    return NULL;

  digest = secret_digest (secret);
  remembered = g_hash_table_lookup (lrs->verified, account->key);
  if (remembered == NULL || sodium_memcmp (remembered, digest, strlen (digest)) != 0)
    {
      if (crypto_pwhash_str_verify (hash, secret, strlen (secret)) != 0)
        {
          g_hash_table_remove (lrs->verified, account->key);
          return NULL;
        }
      g_hash_table_insert (lrs->verified, g_strdup (account->key), g_steal_pointer (&digest));
    }
  return g_steal_pointer (&account);
}

/* The account of the request's Basic credentials, or NULL with the
 * response set (401). */
static LrsAccount *
authenticate (Lrs               *lrs,
              SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *credentials = NULL;
  g_autoptr(LrsAccount) account = NULL;
  char *colon;
  gsize length;

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    goto refused;

  decoded = g_base64_decode (header + 6, &length);
  credentials = g_strndup ((const char *) decoded, length);
  sodium_memzero (decoded, length);
  colon = strchr (credentials, ':');
  if (colon == NULL)
    goto refused;
  *colon = '\0';

  account = check_credentials (lrs, credentials, colon + 1);
  sodium_memzero (credentials, strlen (credentials) + strlen (colon + 1) + 1);
  if (account == NULL)
    goto refused;
  return g_steal_pointer (&account);

refused:
  if (credentials != NULL)
    sodium_memzero (credentials, strlen (credentials));
  respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "Missing or wrong credentials");
  return NULL;
}

/* The administrator of the request, or NULL with the response set (401
 * or 403): by Basic credentials, or by the session cookie of the
 * dashboard (whose state-changing requests need its CSRF token). */
LrsAccount *
authenticate_admin (Lrs               *lrs,
                    SoupServerMessage *msg)
{
  g_autoptr(LrsAccount) account = NULL;

  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization") == NULL &&
      lrs_dashboard_has_session_cookie (msg))
    return lrs_dashboard_authenticate (lrs, msg);
  account = authenticate (lrs, msg);

  if (account != NULL && account->role != LRS_ROLE_ADMIN)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "Administrators only");
      return NULL;
    }

  return g_steal_pointer (&account);
}

static JsonNode *
account_agent (Lrs        *lrs,
               LrsAccount *account)
{
  return awareness_xapi_build_account_agent (lrs->config.home_page, account->staff_id);
}

static char *
account_key (Lrs        *lrs,
             LrsAccount *account)
{
  g_autoptr(JsonNode) agent = account_agent (lrs, account);

  return lrs_agent_key (json_node_get_object (agent));
}

static gboolean
check_version_header (SoupServerMessage *msg)
{
  const char *version = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "X-Experience-API-Version");

  if (version == NULL || !g_str_has_prefix (version, "1.0."))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                     "X-Experience-API-Version: missing or not a 1.0.x version");
      return FALSE;
    }

  return TRUE;
}

/* About */

static void
about_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0 &&
      g_strcmp0 (soup_server_message_get_method (msg), "HEAD") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "The About resource takes GET");
      return;
    }

  respond (msg, SOUP_STATUS_OK, "application/json",
           "{\"version\":[\"1.0.3\",\"1.0.2\",\"1.0.1\",\"1.0.0\"],"
           "\"extensions\":{\"" AWARENESS_XAPI_EXTENSION_BASE "server\":\"awareness-server " PACKAGE_VERSION "\"}}");
}

/* Statements */

char *
to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* What the admin API tells of an account; never its key or secret. */
static void
add_account_members (JsonBuilder *builder,
                     LrsAccount  *account)
{
  json_builder_set_member_name (builder, "staff_id");
  json_builder_add_string_value (builder, account->staff_id);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, account->display_name);
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, account->department);
  json_builder_set_member_name (builder, "segment");
  json_builder_add_string_value (builder, account->segment);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, account->role == LRS_ROLE_ADMIN ? "admin" : "learner");
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, account->active);
  json_builder_set_member_name (builder, "start_date");
  if (account->start_date != NULL)
    json_builder_add_string_value (builder, account->start_date);
  else
    json_builder_add_null_value (builder);
}

/* The signed-in account, as statements name it: what a client checks its
 * credential with and learns its identity from (any role, GET). */
static void
account_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "The account takes GET");
      return;
    }
  account = authenticate (lrs, msg);
  if (account == NULL)
    return;

  json_builder_begin_object (builder);
  add_account_members (builder, account);
  json_builder_set_member_name (builder, "agent");
  json_builder_add_value (builder, account_agent (lrs, account));
  json_builder_end_object (builder);
  respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* Validates @node as a statement from @account and completes it as the
 * LRS stores it: id, stored, authority, version. */
static gboolean
prepare_statement (Lrs         *lrs,
                   LrsAccount  *account,
                   JsonNode    *node,
                   const char  *stored,
                   guint       *status,
                   GError     **error)
{
  JsonObject *statement;
  g_autofree char *actor = NULL;
  g_autofree char *own = NULL;

  if (!awareness_xapi_validate_statement (node, AWARENESS_XAPI_VALIDATE_NONE, error))
    {
      *status = SOUP_STATUS_BAD_REQUEST;
      return FALSE;
    }

  statement = json_node_get_object (node);
  if (json_object_has_member (statement, "authority") && account->role != LRS_ROLE_ADMIN)
    {
      /* The LRS vouches for the credential; a learner cannot name another authority. */
      json_object_remove_member (statement, "authority");
    }

  actor = lrs_agent_key (json_object_get_object_member (statement, "actor"));
  own = account_key (lrs, account);
  if (account->role == LRS_ROLE_LEARNER && g_strcmp0 (actor, own) != 0)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_INVALID,
                   "actor: a learner may record statements about their own account only");
      *status = SOUP_STATUS_FORBIDDEN;
      return FALSE;
    }
  /* Nor void anyone else's: a voided result leaves the reports. */
  if (account->role == LRS_ROLE_LEARNER &&
      g_strcmp0 (json_object_get_string_member (json_object_get_object_member (statement, "verb"), "id"),
                 "http://adlnet.gov/expapi/verbs/voided") == 0)
    {
      const char *target = json_object_get_string_member (json_object_get_object_member (statement, "object"), "id");
      g_autofree char *held = lrs_store_get_statement (lrs->store, target, FALSE, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *target_actor = NULL;

      if (held != NULL && json_parser_load_from_data (parser, held, -1, NULL))
        target_actor = lrs_agent_key (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                     "actor"));
      if (held != NULL && g_strcmp0 (target_actor, own) != 0)
        {
          g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_INVALID,
                       "object.id: a learner may void their own statements only");
          *status = SOUP_STATUS_FORBIDDEN;
          return FALSE;
        }
    }

  if (!json_object_has_member (statement, "id"))
    {
      g_autofree char *id = g_uuid_string_random ();
      json_object_set_string_member (statement, "id", id);
    }
  else
    {
      /* UUIDs compare as lower case. */
      g_autofree char *lower = g_ascii_strdown (json_object_get_string_member (statement, "id"), -1);
      json_object_set_string_member (statement, "id", lower);
    }

  /* The timestamp, when missing, is set by the store once it knows the
   * statement is new: a resent statement is compared as it was sent. */
  json_object_set_string_member (statement, "stored", stored);
  if (!json_object_has_member (statement, "version"))
    json_object_set_string_member (statement, "version", "1.0.0");
  if (!json_object_has_member (statement, "authority"))
    json_object_set_member (statement, "authority", account_agent (lrs, account));

  return TRUE;
}

static JsonNode *
parse_json (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (data == NULL)
    data = "";
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The body is not UTF-8");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    {
      g_prefix_error (error, "The body is not JSON: ");
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
parse_body (SoupServerMessage *msg,
            GBytes            *bytes,
            GError           **error)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Content-Type: statements are sent as application/json, or as multipart/mixed "
                   "with attachments");
      return NULL;
    }

  return parse_json (bytes, error);
}

/* Attachments */

typedef struct {
  char   *content_type;
  GBytes *content;
  gboolean used;
} Part;

static void
part_free (gpointer data)
{
  Part *part = data;

  g_free (part->content_type);
  g_bytes_unref (part->content);
  g_free (part);
}

/* The SHA-2 of @content in the length of @declared (SHA-256, -384 or -512). */
static char *
sha2_like (const char *declared,
           GBytes     *content)
{
  gsize n = strlen (declared);
  GChecksumType type = n == 64 ? G_CHECKSUM_SHA256 : n == 96 ? G_CHECKSUM_SHA384
                     : n == 128 ? G_CHECKSUM_SHA512 : (GChecksumType) -1;

  if ((int) type < 0)
    return NULL;
  return g_compute_checksum_for_bytes (type, content);
}

/*
 * A multipart/mixed request (Communication 1.5.2): the statements in the
 * first part, then one part per attachment, matched by the SHA-2 of its
 * data and nothing else.
 */
static JsonNode *
parse_multipart (SoupServerMessage  *msg,
                 GBytes             *body,
                 GHashTable        **parts,
                 GError            **error)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg),
                                                                        body);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, part_free);
  SoupMessageHeaders *headers;
  GBytes *content;
  const char *type;

  if (multipart == NULL || soup_multipart_get_length (multipart) < 1 ||
      !soup_multipart_get_part (multipart, 0, &headers, &content))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The multipart/mixed body cannot be read");
      return NULL;
    }

  type = soup_message_headers_get_content_type (headers, NULL);
  if (g_ascii_strcasecmp (type != NULL ? type : "", "application/json") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The first part of a multipart/mixed request holds the statements as application/json");
      return NULL;
    }

  for (int i = 1; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_content;
      const char *hash, *encoding;
      g_autofree char *actual = NULL;
      g_autofree char *lower = NULL;
      Part *part;

      soup_multipart_get_part (multipart, i, &part_headers, &part_content);
      hash = soup_message_headers_get_one (part_headers, "X-Experience-API-Hash");
      encoding = soup_message_headers_get_one (part_headers, "Content-Transfer-Encoding");
      if (hash == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Part %d: an attachment part needs an X-Experience-API-Hash header", i + 1);
          return NULL;
        }
      if (encoding != NULL && g_ascii_strcasecmp (encoding, "binary") != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Part %d: Content-Transfer-Encoding must be binary", i + 1);
          return NULL;
        }
      lower = g_ascii_strdown (hash, -1);
      actual = sha2_like (lower, part_content);
      if (actual == NULL || g_strcmp0 (actual, lower) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Part %d: the data does not have the SHA-2 its X-Experience-API-Hash declares", i + 1);
          return NULL;
        }

      part = g_new0 (Part, 1);
      type = soup_message_headers_get_content_type (part_headers, NULL);
      part->content_type = g_strdup (type != NULL ? type : "application/octet-stream");
      part->content = g_bytes_ref (part_content);
      g_hash_table_replace (found, g_steal_pointer (&lower), part);
    }

  *parts = g_steal_pointer (&found);
  return parse_json (content, error);
}

/* Every attachment must have a fileUrl or a part with its data; every
 * part must belong to an attachment. */
static gboolean
check_attachments (GPtrArray  *nodes,
                   GHashTable *parts,
                   GError    **error)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      JsonObject *statement = json_node_get_object (g_ptr_array_index (nodes, i));
      JsonArray *attachments;

      if (!json_object_has_member (statement, "attachments"))
        continue;
      attachments = json_object_get_array_member (statement, "attachments");
      for (guint a = 0; a < json_array_get_length (attachments); a++)
        {
          JsonObject *attachment = json_array_get_object_element (attachments, a);
          g_autofree char *sha2 = g_ascii_strdown (json_object_get_string_member (attachment, "sha2"), -1);
          Part *part = parts != NULL ? g_hash_table_lookup (parts, sha2) : NULL;

          if (part != NULL)
            {
              part->used = TRUE;
              continue;
            }
          if (json_object_has_member (attachment, "fileUrl"))
            continue;

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       parts != NULL
                       ? "statement %u: attachments[%u]: no part carries data with sha2 %s"
                       : "statement %u: attachments[%u]: without a fileUrl, the data must come as a part "
                         "of a multipart/mixed request (sha2 %s)",
                       i, a, sha2);
          return FALSE;
        }
    }

  if (parts != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, parts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!((Part *) value)->used)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "The part with SHA-2 %s belongs to no attachment of the statements",
                         (const char *) key);
            return FALSE;
          }
    }

  return TRUE;
}

static void
store_statements (Lrs               *lrs,
                  SoupServerMessage *msg,
                  LrsAccount        *account,
                  GPtrArray         *nodes,
                  GHashTable        *parts,
                  gboolean           put)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stored = awareness_xapi_format_timestamp (now);
  g_autoptr(GError) error = NULL;

  if (nodes->len > lrs->config.max_batch)
    {
      g_autofree char *message = g_strdup_printf ("A batch holds at most %u statements", lrs->config.max_batch);
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, message);
      return;
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      JsonNode *node = g_ptr_array_index (nodes, i);
      guint status = SOUP_STATUS_BAD_REQUEST;
      const char *id;

      if (!prepare_statement (lrs, account, node, stored, &status, &error))
        {
          g_autofree char *message = nodes->len > 1
                                     ? g_strdup_printf ("statement %u: %s", i, error->message)
                                     : g_strdup (error->message);
          respond_error (msg, status, message);
          return;
        }

      id = json_object_get_string_member (json_node_get_object (node), "id");
      if (g_hash_table_contains (seen, id))
        {
          g_autofree char *message = g_strdup_printf ("statement %u: id %s appears twice in the batch", i, id);
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, message);
          return;
        }
      g_hash_table_add (seen, (gpointer) id);
    }

  if (!check_attachments (nodes, parts, &error))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  /* Signed statements: the signature must be well formed (Data 2.6). */
  for (guint i = 0; i < nodes->len; i++)
    {
      JsonObject *statement = json_node_get_object (g_ptr_array_index (nodes, i));
      JsonArray *attachments = json_object_has_member (statement, "attachments")
                               ? json_object_get_array_member (statement, "attachments") : NULL;

      for (guint a = 0; attachments != NULL && a < json_array_get_length (attachments); a++)
        {
          JsonObject *attachment = json_array_get_object_element (attachments, a);
          g_autofree char *sha2 = NULL;
          Part *part;

          if (g_strcmp0 (json_object_get_string_member (attachment, "usageType"), LRS_SIGNATURE_USAGE) != 0)
            continue;
          sha2 = g_ascii_strdown (json_object_get_string_member (attachment, "sha2"), -1);
          part = parts != NULL ? g_hash_table_lookup (parts, sha2) : NULL;
          if (part == NULL)
            {
              g_autofree char *message =
                g_strdup_printf ("statement %u: attachments[%u]: a signature comes as a part of the "
                                 "request, to be checked", i, a);
              respond_error (msg, SOUP_STATUS_BAD_REQUEST, message);
              return;
            }
          if (!lrs_signature_check (g_ptr_array_index (nodes, i), part->content, &error))
            {
              g_autofree char *message = g_strdup_printf ("statement %u: %s", i, error->message);
              respond_error (msg, SOUP_STATUS_BAD_REQUEST, message);
              return;
            }
        }
    }

  /* The data first: a statement is never stored without its attachments. */
  if (parts != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, parts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!lrs_store_put_attachment (lrs->store, key, ((Part *) value)->content_type,
                                       ((Part *) value)->content, &error))
          {
            g_warning ("Storing an attachment failed: %s", error->message);
            respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The attachments could not be stored");
            return;
          }
    }

  if (!lrs_store_insert_statements (lrs->store, nodes, ids, &error))
    {
      respond_error (msg,
                     g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT) ? SOUP_STATUS_CONFLICT
                     : g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_INVALID) ? SOUP_STATUS_BAD_REQUEST
                     : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                     g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED)
                     ? "The statements could not be stored" : error->message);
      if (g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED))
        g_warning ("Storing statements failed: %s", error->message);
      return;
    }

  if (put)
    respond (msg, SOUP_STATUS_NO_CONTENT, NULL, NULL);
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < ids->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (ids, i));
      json_builder_end_array (builder);
      respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
    }
}

static gboolean
statement_readable (Lrs        *lrs,
                    LrsAccount *account,
                    const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *actor = NULL;
  g_autofree char *own = NULL;

  if (account->role == LRS_ROLE_ADMIN)
    return TRUE;
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return FALSE;

  actor = lrs_agent_key (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                        "actor"));
  own = account_key (lrs, account);
  return g_strcmp0 (actor, own) == 0;
}

static void reduce_to_ids (JsonObject *object, const char *kind);

/* An agent or group with only what identifies it (format=ids). */
static void
reduce_agent (JsonObject *agent)
{
  static const char * const keep[] = { "objectType", "mbox", "mbox_sha1sum", "openid", "account", "member", NULL };
  GList *members = json_object_get_members (agent);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (keep, l->data))
      json_object_remove_member (agent, l->data);
  g_list_free (members);

  /* An anonymous group is identified by its members. */
  if (json_object_has_member (agent, "member") &&
      (json_object_has_member (agent, "mbox") || json_object_has_member (agent, "mbox_sha1sum") ||
       json_object_has_member (agent, "openid") || json_object_has_member (agent, "account")))
    json_object_remove_member (agent, "member");
  else if (json_object_has_member (agent, "member"))
    {
      JsonArray *array = json_object_get_array_member (agent, "member");

      for (guint i = 0; i < json_array_get_length (array); i++)
        reduce_agent (json_array_get_object_element (array, i));
    }
}

/*
 * format=ids (Communication 2.1.3): agents, groups, activities and verbs
 * keep only what identifies them.
 */
static void
reduce_to_ids (JsonObject *object,
               const char *kind)
{
  if (g_strcmp0 (kind, "agent") == 0)
    reduce_agent (object);
  else if (g_strcmp0 (kind, "verb") == 0 || g_strcmp0 (kind, "activity") == 0)
    {
      GList *members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        if (g_strcmp0 (l->data, "id") != 0 && g_strcmp0 (l->data, "objectType") != 0)
          json_object_remove_member (object, l->data);
      g_list_free (members);
    }
  else if (g_strcmp0 (kind, "statement") == 0)
    {
      JsonObject *object_member = json_object_get_object_member (object, "object");
      const char *type = json_object_get_string_member_with_default (object_member, "objectType", "Activity");

      reduce_to_ids (json_object_get_object_member (object, "actor"), "agent");
      reduce_to_ids (json_object_get_object_member (object, "verb"), "verb");
      if (g_strcmp0 (type, "Activity") == 0)
        reduce_to_ids (object_member, "activity");
      else if (g_strcmp0 (type, "Agent") == 0 || g_strcmp0 (type, "Group") == 0)
        reduce_to_ids (object_member, "agent");
      else if (g_strcmp0 (type, "SubStatement") == 0)
        reduce_to_ids (object_member, "statement");
      if (json_object_has_member (object, "authority"))
        reduce_to_ids (json_object_get_object_member (object, "authority"), "agent");
      if (json_object_has_member (object, "context"))
        {
          JsonObject *context = json_object_get_object_member (object, "context");

          if (json_object_has_member (context, "instructor"))
            reduce_to_ids (json_object_get_object_member (context, "instructor"), "agent");
          if (json_object_has_member (context, "team"))
            reduce_to_ids (json_object_get_object_member (context, "team"), "agent");
          if (json_object_has_member (context, "contextActivities"))
            {
              JsonObject *activities = json_object_get_object_member (context, "contextActivities");
              GList *members = json_object_get_members (activities);

              for (GList *l = members; l != NULL; l = l->next)
                {
                  JsonNode *node = json_object_get_member (activities, l->data);

                  if (JSON_NODE_HOLDS_ARRAY (node))
                    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
                      reduce_to_ids (json_array_get_object_element (json_node_get_array (node), i), "activity");
                  else if (JSON_NODE_HOLDS_OBJECT (node))
                    reduce_to_ids (json_node_get_object (node), "activity");
                }
              g_list_free (members);
            }
        }
    }
}

/* The languages of an Accept-Language header, most wanted first. */
static char **
accepted_languages (const char *header)
{
  g_auto(GStrv) ranges = g_strsplit (header != NULL ? header : "", ",", -1);
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; ranges[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (ranges[i], ";", 2);
      char *tag = g_strstrip (parts[0]);
      double q = 1.0;
      guint at;

      if (tag[0] == '\0' || g_strcmp0 (tag, "*") == 0)
        continue;
      if (parts[1] != NULL && g_str_has_prefix (g_strstrip (parts[1]), "q="))
        q = g_ascii_strtod (g_strstrip (parts[1]) + 2, NULL);
      /* Stable: equal weights keep the order given. */
      for (at = 0; at < weights->len && g_array_index (weights, double, at) >= q; at++)
        ;
      g_array_insert_val (weights, at, q);
      g_ptr_array_insert (tags, (gint) at, g_strdup (tag));
    }
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

static gboolean
is_language_map (JsonNode *node)
{
  JsonObject *object;
  GList *members;
  gboolean all_strings = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL && all_strings; l = l->next)
    all_strings = JSON_NODE_HOLDS_VALUE (json_object_get_member (object, l->data)) &&
                  json_node_get_value_type (json_object_get_member (object, l->data)) == G_TYPE_STRING;
  g_list_free (members);
  return members != NULL && all_strings;
}

/* Keeps one language in a language map: the first wanted one it has
 * (exactly, or by primary language), else its first. */
static void
filter_language_map (JsonObject         *map,
                     const char * const *wanted)
{
  g_autoptr(GList) members = json_object_get_members (map);
  const char *keep = members != NULL ? members->data : NULL;
  gboolean found = FALSE;

  for (guint w = 0; wanted[w] != NULL && !found; w++)
    for (GList *l = members; l != NULL && !found; l = l->next)
      {
        gsize n = strcspn (wanted[w], "-");

        if (g_ascii_strcasecmp (l->data, wanted[w]) == 0 ||
            (g_ascii_strncasecmp (l->data, wanted[w], n) == 0 && strcspn (l->data, "-") == n))
          {
            keep = l->data;
            found = TRUE;
          }
      }

  for (GList *l = members; l != NULL; l = l->next)
    if (l->data != keep)
      json_object_remove_member (map, l->data);
}

/* format=canonical (Communication 2.1.3): every language map reduced to
 * the language the client prefers. */
static void
filter_languages (JsonNode           *node,
                  const char * const *wanted)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        filter_languages (json_array_get_element (array, i), wanted);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          if (g_strcmp0 (l->data, "extensions") == 0)
            continue;   /* extensions are not ours to change */
          if ((g_strcmp0 (l->data, "display") == 0 || g_strcmp0 (l->data, "name") == 0 ||
               g_strcmp0 (l->data, "description") == 0) && is_language_map (member))
            filter_language_map (json_node_get_object (member), wanted);
          else
            filter_languages (member, wanted);
        }
    }
}

/* A stored statement in the requested format: exact as stored, ids, or
 * canonical for the languages of @accept_language. */
static char *
format_statement (const char *json,
                  const char *format,
                  const char *accept_language)
{
  g_autoptr(JsonParser) parser = NULL;

  if (g_strcmp0 (format, "ids") != 0 && g_strcmp0 (format, "canonical") != 0)
    return g_strdup (json);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return g_strdup (json);
  if (g_strcmp0 (format, "ids") == 0)
    reduce_to_ids (json_node_get_object (json_parser_get_root (parser)), "statement");
  else
    {
      g_auto(GStrv) wanted = accepted_languages (accept_language);

      filter_languages (json_parser_get_root (parser), (const char * const *) wanted);
    }
  return to_json (json_parser_get_root (parser));
}

/*
 * Answers statements; with attachments=true as multipart/mixed: the JSON
 * first, then the data of every attachment they reference that the store
 * holds (Communication 1.5.2).
 */
static void
respond_statements (Lrs               *lrs,
                    SoupServerMessage *msg,
                    const char        *json,
                    GPtrArray         *statements,
                    gboolean           attachments)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GHashTable) added = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) out = NULL;
  SoupMessageHeaders *headers;
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (!attachments)
    {
      respond (msg, SOUP_STATUS_OK, "application/json", json);
      return;
    }

  multipart = soup_multipart_new ("multipart/mixed");
  added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_message_headers_replace (headers, "Content-Type", "application/json");
  first = g_bytes_new (json, strlen (json));
  soup_multipart_append_part (multipart, headers, first);
  soup_message_headers_unref (headers);

  for (guint i = 0; i < statements->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *statement;
      JsonArray *list;

      if (!json_parser_load_from_data (parser, g_ptr_array_index (statements, i), -1, NULL))
        continue;
      statement = json_node_get_object (json_parser_get_root (parser));
      if (!json_object_has_member (statement, "attachments"))
        continue;
      list = json_object_get_array_member (statement, "attachments");
      for (guint a = 0; a < json_array_get_length (list); a++)
        {
          g_autofree char *sha2 = g_ascii_strdown (json_object_get_string_member (json_array_get_object_element (list, a),
                                                                                  "sha2"), -1);
          g_autofree char *type = NULL;
          g_autoptr(GBytes) data = NULL;

          if (g_hash_table_contains (added, sha2))
            continue;
          data = lrs_store_get_attachment (lrs->store, sha2, &type);
          if (data == NULL)
            continue;   /* sent with a fileUrl only */

          headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
          soup_message_headers_replace (headers, "Content-Type", type);
          soup_message_headers_replace (headers, "Content-Transfer-Encoding", "binary");
          soup_message_headers_replace (headers, "X-Experience-API-Hash", sha2);
          soup_multipart_append_part (multipart, headers, data);
          soup_message_headers_unref (headers);
          g_hash_table_add (added, g_steal_pointer (&sha2));
        }
    }

  soup_multipart_to_message (multipart, response, &out);
  soup_message_headers_replace (response, "X-Experience-API-Version", XAPI_VERSION);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), out);
}

static const char * const query_parameters[] = {
  "statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
  "related_activities", "related_agents", "since", "until", "limit", "format", "attachments",
  "ascending", "more", NULL,
};

static void
get_statements (Lrs               *lrs,
                SoupServerMessage *msg,
                LrsAccount        *account,
                GHashTable        *params)
{
  const char *id = params != NULL ? g_hash_table_lookup (params, "statementId") : NULL;
  const char *voided_id = params != NULL ? g_hash_table_lookup (params, "voidedStatementId") : NULL;
  const char *format;
  const char *accept_language = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                              "Accept-Language");
  gboolean with_attachments;
  g_autofree char *consistent = lrs_store_consistent_through (lrs->store);
  g_auto(LrsQuery) query = { 0 };
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const char *text;
  gint64 next = 0;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Experience-API-Consistent-Through", consistent);

  /* ids strips to identifiers; canonical keeps one language per map. */
  format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;
  if (format != NULL && !g_strv_contains ((const char *[]) { "exact", "ids", "canonical", NULL }, format))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "format: exact, ids or canonical");
      return;
    }
  text = params != NULL ? g_hash_table_lookup (params, "attachments") : NULL;
  if (text != NULL && g_strcmp0 (text, "true") != 0 && g_strcmp0 (text, "false") != 0)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "attachments: true or false");
      return;
    }
  with_attachments = g_strcmp0 (text, "true") == 0;

  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_strv_contains (query_parameters, key))
          {
            g_autofree char *message = g_strdup_printf ("Unknown parameter “%s”", (const char *) key);
            respond_error (msg, SOUP_STATUS_BAD_REQUEST, message);
            return;
          }
    }

  if (id != NULL || voided_id != NULL)
    {
      g_autofree char *json = NULL;
      g_autofree char *lower = g_ascii_strdown (id != NULL ? id : voided_id, -1);

      if (id != NULL && voided_id != NULL)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "statementId and voidedStatementId exclude each other");
          return;
        }
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_strv_contains ((const char *[]) { "statementId", "voidedStatementId", "format", "attachments", NULL },
                              key))
          {
            respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                           "With statementId or voidedStatementId, only format and attachments may be given");
            return;
          }

      json = lrs_store_get_statement (lrs->store, lower, voided_id != NULL, NULL);
      if (json == NULL || !statement_readable (lrs, account, json))
        {
          respond_error (msg, SOUP_STATUS_NOT_FOUND, "No such statement");
          return;
        }

      {
        g_autoptr(JsonParser) parser = json_parser_new ();

        if (json_parser_load_from_data (parser, json, -1, NULL))
          {
            g_autoptr(GDateTime) stored = g_date_time_new_from_iso8601 (
              json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "stored"), NULL);

            if (stored != NULL)
              {
                g_autoptr(GDateTime) local = g_date_time_to_utc (stored);
                g_autofree char *date = g_date_time_format (local, "%a, %d %b %Y %H:%M:%S GMT");

                soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Last-Modified", date);
              }
          }
      }
      {
        g_autofree char *formatted = format_statement (json, format, accept_language);
        g_autoptr(GPtrArray) one = g_ptr_array_new ();

        g_ptr_array_add (one, json);
        respond_statements (lrs, msg, formatted, one, with_attachments);
      }
      return;
    }

  query.limit = lrs->config.max_limit;
  if (params != NULL && (text = g_hash_table_lookup (params, "limit")) != NULL)
    {
      guint64 limit;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &limit, NULL))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "limit: not a non-negative integer");
          return;
        }
      if (limit > 0 && limit < query.limit)
        query.limit = (guint) limit;
    }

  if (params != NULL && (text = g_hash_table_lookup (params, "agent")) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, text, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
          (query.agent_key = lrs_agent_key (json_node_get_object (json_parser_get_root (parser)))) == NULL)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "agent: not an Agent or identified Group in JSON");
          return;
        }
    }

  if (params != NULL)
    {
      query.verb = g_strdup (g_hash_table_lookup (params, "verb"));
      query.activity = g_strdup (g_hash_table_lookup (params, "activity"));
      query.registration = g_strdup (g_hash_table_lookup (params, "registration"));
      query.ascending = g_strcmp0 (g_hash_table_lookup (params, "ascending"), "true") == 0;
      query.related_agents = g_strcmp0 (g_hash_table_lookup (params, "related_agents"), "true") == 0;
      query.related_activities = g_strcmp0 (g_hash_table_lookup (params, "related_activities"), "true") == 0;
      if ((text = g_hash_table_lookup (params, "more")) != NULL)
        query.after = g_ascii_strtoll (text, NULL, 10);
      for (guint i = 0; i < 2; i++)
        {
          const char *name = i == 0 ? "since" : "until";

          if ((text = g_hash_table_lookup (params, name)) != NULL)
            {
              g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, NULL);
              g_autofree char *message = g_strdup_printf ("%s: not an ISO 8601 timestamp", name);

              if (when == NULL)
                {
                  respond_error (msg, SOUP_STATUS_BAD_REQUEST, message);
                  return;
                }
              if (i == 0)
                query.since = awareness_xapi_format_timestamp (when);
              else
                query.until = awareness_xapi_format_timestamp (when);
            }
        }
    }

  /* Learners read their own statements only. */
  if (account->role == LRS_ROLE_LEARNER)
    {
      g_autofree char *own = account_key (lrs, account);

      if (query.agent_key != NULL && g_strcmp0 (query.agent_key, own) != 0)
        {
          respond_error (msg, SOUP_STATUS_FORBIDDEN, "agent: a learner may read their own statements only");
          return;
        }
      g_free (query.agent_key);
      query.agent_key = g_steal_pointer (&own);
      /* Their own: as actor or object, not as an instructor of others. */
      query.related_agents = FALSE;
    }

  results = lrs_store_query_statements (lrs->store, &query, &next, &error);
  if (results == NULL)
    {
      g_warning ("Querying statements failed: %s", error->message);
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The statements could not be read");
      return;
    }

  body = g_string_new ("{\"statements\":[");
  for (guint i = 0; i < results->len; i++)
    {
      g_autofree char *formatted = format_statement (g_ptr_array_index (results, i), format, accept_language);

      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, formatted);
    }
  g_string_append (body, "],\"more\":\"");
  if (next > 0)
    {
      /* The same query, continued: a relative IRL, as the specification allows. */
      GUri *uri = soup_server_message_get_uri (msg);
      g_autoptr(GString) more = g_string_new (g_uri_get_path (uri));

      g_string_append_c (more, '?');
      if (params != NULL)
        g_hash_table_iter_init (&iter, params);
      while (params != NULL && g_hash_table_iter_next (&iter, &key, &value))
        if (g_strcmp0 (key, "more") != 0)
          {
            g_autofree char *k = g_uri_escape_string (key, NULL, TRUE);
            g_autofree char *v = g_uri_escape_string (value, NULL, TRUE);

            g_string_append_printf (more, "%s=%s&", k, v);
          }
      g_string_append_printf (more, "more=%" G_GINT64_FORMAT, next);
      g_string_append (body, more->str);
    }
  g_string_append (body, "\"}");

  respond_statements (lrs, msg, body->str, results, with_attachments);
}

/* Header parameters that the alternate request syntax sends as form fields. */
static const char * const form_headers[] = {
  "Authorization", "X-Experience-API-Version", "Content-Type", "Content-Length", "If-Match",
  "If-None-Match", NULL,
};

/*
 * The alternate request syntax (Communication 1.3): a POST whose query
 * string holds only `method`, and whose form fields hold the headers, the
 * content and the query parameters of the intended request.
 */
static gboolean
unwrap_alternate (SoupServerMessage  *msg,
                  GHashTable         *params,
                  GBytes            **body,
                  GHashTable        **query,
                  char              **method,
                  GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *text = NULL;
  GHashTable *form;
  const char *content;
  gsize size;
  const char *data = g_bytes_get_data (*body, &size);

  if (g_hash_table_size (params) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "With the alternate request syntax, the query string holds “method” only");
      return FALSE;
    }

  text = g_strndup (data != NULL ? data : "", size);
  form = soup_form_decode (text);
  for (guint i = 0; form_headers[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (form, form_headers[i]);

      if (value != NULL)
        {
          soup_message_headers_replace (headers, form_headers[i], value);
          g_hash_table_remove (form, form_headers[i]);
        }
    }

  /* The content, as UTF-8 text. */
  content = g_hash_table_lookup (form, "content");
  g_bytes_unref (*body);
  *body = g_bytes_new (content != NULL ? content : "", content != NULL ? strlen (content) : 0);
  g_hash_table_remove (form, "content");

  *method = g_ascii_strup (g_hash_table_lookup (params, "method"), -1);
  *query = form;
  return TRUE;
}

static void
statements_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *params,
               gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autofree char *method = g_strdup (soup_server_message_get_method (msg));
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GError) error = NULL;

  if (g_bytes_get_size (body) > lrs->config.max_body)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "The body is too large");
      return;
    }

  if (g_strcmp0 (method, "POST") == 0 && params != NULL && g_hash_table_contains (params, "method"))
    {
      g_clear_pointer (&method, g_free);
      if (!unwrap_alternate (msg, params, &body, &form, &method, &error))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
      params = form;
    }

  if (!check_version_header (msg))
    return;

  account = authenticate (lrs, msg);
  if (account == NULL)
    return;

  if (g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0)
    {
      get_statements (lrs, msg, account, params);
      return;
    }

  if (g_strcmp0 (method, "PUT") != 0 && g_strcmp0 (method, "POST") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Statements take GET, PUT and POST");
      return;
    }

  {
    const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

    if (type != NULL && g_ascii_strcasecmp (type, "multipart/mixed") == 0)
      root = parse_multipart (msg, body, &parts, &error);
    else
      root = parse_body (msg, body, &error);
  }
  if (root == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (g_strcmp0 (method, "PUT") == 0)
    {
      const char *id = params != NULL ? g_hash_table_lookup (params, "statementId") : NULL;
      JsonObject *statement;

      if (id == NULL || !g_uuid_string_is_valid (id))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "statementId: PUT needs a statementId that is a UUID");
          return;
        }
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "PUT takes one statement, as a JSON object");
          return;
        }
      statement = json_node_get_object (root);
      if (json_object_has_member (statement, "id") &&
          (!JSON_NODE_HOLDS_VALUE (json_object_get_member (statement, "id")) ||
           g_ascii_strcasecmp (json_object_get_string_member (statement, "id"), id) != 0))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "id: differs from the statementId parameter");
          return;
        }
      json_object_set_string_member (statement, "id", id);
      g_ptr_array_add (nodes, g_steal_pointer (&root));
      store_statements (lrs, msg, account, nodes, parts, TRUE);
      return;
    }

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      if (json_array_get_length (array) == 0)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "The batch is empty");
          return;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (nodes, json_node_copy (json_array_get_element (array, i)));
    }
  else
    g_ptr_array_add (nodes, g_steal_pointer (&root));

  store_statements (lrs, msg, account, nodes, parts, FALSE);
}

static char *
random_token (gsize bytes)
{
  g_autofree guchar *buffer = g_malloc (bytes);
  char *text;

  randombytes_buf (buffer, bytes);
  text = g_base64_encode (buffer, bytes);
  /* URL-safe, so that it can be typed and pasted anywhere. */
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');
  return text;
}

/* Hashes @secret for storage: argon2id, salted, as slow as interactive
 * logins allow. */
static gboolean
hash_secret (const char  *secret,
             char         hash[crypto_pwhash_STRBYTES],
             GError     **error)
{
  if (crypto_pwhash_str (hash, secret, strlen (secret), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory to hash the secret"));
      return FALSE;
    }
  return TRUE;
}

/* Adds an account with a new key and secret; the secret is returned to be
 * shown once and is kept only as a hash. */
static gboolean
create_account (LrsStore          *store,
                const LrsAccount  *fields,
                char             **key,
                char             **secret,
                GError           **error)
{
  g_autofree char *new_secret = random_token (24);
  g_autofree char *new_key = random_token (15);
  g_autofree char *transfer_key = awareness_transfer_derive_key (new_secret);
  char hash[crypto_pwhash_STRBYTES];
  LrsAccount account = *fields;

  if (!hash_secret (new_secret, hash, error))
    return FALSE;

  account.key = new_key;
  account.transfer_key = transfer_key;
  account.active = TRUE;
  if (!lrs_store_add_account (store, &account, hash, error))
    return FALSE;

  *key = g_steal_pointer (&new_key);
  *secret = g_steal_pointer (&new_secret);
  return TRUE;
}

/* Admin API: accounts */

static void
respond_credentials (SoupServerMessage *msg,
                     guint              status,
                     const char        *staff_id,
                     const char        *key,
                     const char        *secret)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "staff_id");
  json_builder_add_string_value (builder, staff_id);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, secret);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = to_json (root);

  /* Shown once: no cache may keep it. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  respond (msg, status, "application/json", body);
  sodium_memzero (body, strlen (body));
}

static void
list_accounts (Lrs               *lrs,
               SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = lrs_store_list_accounts (lrs->store, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (accounts == NULL)
    {
      g_warning ("Listing accounts failed: %s", error->message);
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The accounts could not be read");
      return;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      json_builder_begin_object (builder);
      add_account_members (builder, g_ptr_array_index (accounts, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
add_account_from_request (Lrs               *lrs,
                          SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  LrsAccount account = { 0 };
  JsonObject *fields;
  const char *role;

  root = parse_body (msg, bytes, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error != NULL ? error->message : "An account is a JSON object");
      return;
    }

  fields = json_node_get_object (root);
  account.staff_id = (char *) json_object_get_string_member_with_default (fields, "staff_id", NULL);
  account.display_name = (char *) json_object_get_string_member_with_default (fields, "display_name", "");
  account.department = (char *) json_object_get_string_member_with_default (fields, "department", "");
  account.segment = (char *) json_object_get_string_member_with_default (fields, "segment", "");
  account.start_date = (char *) json_object_get_string_member_with_default (fields, "start_date", NULL);
  role = json_object_get_string_member_with_default (fields, "role", "learner");
  if (account.staff_id == NULL || account.staff_id[0] == '\0' || !g_utf8_validate (account.staff_id, -1, NULL))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "staff_id: missing");
      return;
    }
  if (g_strcmp0 (role, "learner") != 0 && g_strcmp0 (role, "admin") != 0)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "role: learner or admin");
      return;
    }
  {
    GDate start;

    if (account.start_date != NULL && !awareness_date_parse (account.start_date, &start))
      {
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "start_date: a date, YYYY-MM-DD");
        return;
      }
  }
  account.role = g_strcmp0 (role, "admin") == 0 ? LRS_ROLE_ADMIN : LRS_ROLE_LEARNER;

  if (!create_account (lrs->store, &account, &key, &secret, &error))
    {
      /* The only way to fail with valid fields is a staff id in use. */
      respond_error (msg, SOUP_STATUS_CONFLICT, "staff_id: an account with this staff id exists");
      return;
    }

  respond_credentials (msg, SOUP_STATUS_CREATED, account.staff_id, key, secret);
  sodium_memzero (secret, strlen (secret));
}

static void
change_account (Lrs               *lrs,
                SoupServerMessage *msg,
                const char        *staff_id,
                const char        *action)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *transfer_key = NULL;
  char hash[crypto_pwhash_STRBYTES];
  int active = -1;

  if (g_strcmp0 (action, "disable") == 0)
    active = 0;
  else if (g_strcmp0 (action, "enable") == 0)
    active = 1;
  else if (g_strcmp0 (action, "reset-secret") == 0)
    {
      secret = random_token (24);
      if (!hash_secret (secret, hash, &error))
        {
          respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The secret could not be made");
          return;
        }
    }
  else
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "Accounts take disable, enable and reset-secret");
      return;
    }

  if (secret != NULL)
    transfer_key = awareness_transfer_derive_key (secret);
  if (!lrs_store_update_account (lrs->store, staff_id, active, secret != NULL ? hash : NULL, transfer_key, &key,
                                 &error))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "No account with this staff id");
      return;
    }

  /* The old secret must not be honoured from memory. */
  g_hash_table_remove (lrs->verified, key);

  if (secret != NULL)
    {
      respond_credentials (msg, SOUP_STATUS_OK, staff_id, key, secret);
      sodium_memzero (secret, strlen (secret));
    }
  else
    respond (msg, SOUP_STATUS_NO_CONTENT, NULL, NULL);
}

/*
 * POST /admin/accounts/import: a roster as CSV.  Every row that can become
 * an account does; the answer lists the new keys and secrets, once, and
 * the rows refused with their line and reason.
 */
static void
import_roster (Lrs               *lrs,
               SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!lrs_roster_parse (data != NULL ? data : "", size, &rows, &rejections, &error))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "created");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsRosterRow *row = g_ptr_array_index (rows, i);
      g_autofree char *key = NULL;
      g_autofree char *secret = NULL;
      LrsAccount account = { 0 };

      account.staff_id = row->staff_id;
      account.display_name = row->display_name;
      account.department = row->department;
      account.segment = row->segment;
      account.start_date = row->start_date;
      account.role = g_strcmp0 (row->role, "admin") == 0 ? LRS_ROLE_ADMIN : LRS_ROLE_LEARNER;
      if (!create_account (lrs->store, &account, &key, &secret, NULL))
        {
          LrsRosterRejection *rejection = g_new0 (LrsRosterRejection, 1);

          rejection->line = row->line;
          rejection->staff_id = g_strdup (row->staff_id);
          rejection->reason = g_strdup ("an account with this staff id exists");
          g_ptr_array_add (rejections, rejection);
          continue;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, row->line);
      json_builder_set_member_name (builder, "staff_id");
      json_builder_add_string_value (builder, row->staff_id);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, key);
      json_builder_set_member_name (builder, "secret");
      json_builder_add_string_value (builder, secret);
      json_builder_end_object (builder);
      sodium_memzero (secret, strlen (secret));
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rejected");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rejections->len; i++)
    {
      LrsRosterRejection *rejection = g_ptr_array_index (rejections, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, rejection->line);
      json_builder_set_member_name (builder, "staff_id");
      json_builder_add_string_value (builder, rejection->staff_id);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, rejection->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  body = to_json (root);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  respond (msg, SOUP_STATUS_OK, "application/json", body);
  sodium_memzero (body, strlen (body));
}

/*
 * /admin/accounts: GET lists, POST adds (the secret is in the answer,
 * once); POST /admin/accounts/import takes a roster as CSV;
 * POST /admin/accounts/STAFF-ID/{disable,enable,reset-secret}.
 * Administrators only.
 */
static void
admin_accounts_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *params,
                   gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(LrsAccount) account = authenticate_admin (lrs, msg);
  g_auto(GStrv) parts = NULL;

  if (account == NULL)
    return;

  parts = g_strsplit (path + strlen ("/admin/accounts"), "/", -1);
  if (g_strv_length (parts) <= 1 || (g_strv_length (parts) == 2 && parts[1][0] == '\0'))
    {
      if (g_strcmp0 (method, "GET") == 0)
        list_accounts (lrs, msg);
      else if (g_strcmp0 (method, "POST") == 0)
        add_account_from_request (lrs, msg);
      else
        respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Accounts take GET and POST");
      return;
    }

  if (g_strv_length (parts) == 2 && g_strcmp0 (parts[1], "import") == 0 && g_strcmp0 (method, "POST") == 0)
    {
      import_roster (lrs, msg);
      return;
    }

  if (g_strv_length (parts) == 3 && g_strcmp0 (method, "POST") == 0)
    {
      g_autofree char *staff_id = g_uri_unescape_string (parts[1], NULL);

      if (staff_id != NULL)
        {
          change_account (lrs, msg, staff_id, parts[2]);
          return;
        }
    }

  respond_error (msg, SOUP_STATUS_NOT_FOUND, "No such resource");
}

/*
 * GET /admin/reports/completion: each staff member's latest verdict per
 * module, with department, module, since and until filters; as JSON, or
 * as CSV (format=csv) with bom=true for Excel and headers=ja for Japanese
 * column names.  Administrators only.
 */
/* The assignments the server sets over the catalog's, by module id. */
GHashTable *
load_overrides (Lrs     *lrs,
                GError **error)
{
  g_autoptr(GHashTable) stored = lrs_store_get_overrides (lrs->store, error);
  GHashTable *rules;
  GHashTableIter iter;
  gpointer module, rule;

  if (stored == NULL)
    return NULL;
  rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) awareness_assignment_free);
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &module, &rule))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      AwarenessAssignment *assignment = g_new0 (AwarenessAssignment, 1);

      if (json_parser_load_from_data (parser, rule, -1, NULL) &&
          awareness_assignment_from_json (json_parser_get_root (parser), assignment, NULL))
        g_hash_table_insert (rules, g_strdup (module), assignment);
      else
        g_free (assignment);
    }
  return rules;
}

/* The assignments the server sets: GET /assignments for every account
 * (their machines show due dates with them), PUT and DELETE
 * /admin/assignments/MODULE for administrators. */
static void
assignments_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_has_prefix (path, "/admin/assignments/"))
    {
      const char *module = path + strlen ("/admin/assignments/");
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) normal = NULL;
      g_autofree char *rule = NULL;
      AwarenessAssignment assignment;

      account = authenticate_admin (lrs, msg);
      if (account == NULL)
        return;
      if (module[0] == '\0' || strchr (module, '/') != NULL)
        {
          respond_error (msg, SOUP_STATUS_NOT_FOUND, "Name one module: /admin/assignments/MODULE");
          return;
        }
      if (g_strcmp0 (method, "DELETE") == 0)
        {
          if (!lrs_store_set_override (lrs->store, module, NULL, &error))
            respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The assignment could not be removed");
          else
            soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
          return;
        }
      if (g_strcmp0 (method, "PUT") != 0)
        {
          respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "An assignment takes PUT or DELETE");
          return;
        }
      bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      root = parse_body (msg, bytes, &error);
      if (root == NULL || !awareness_assignment_from_json (root, &assignment, &error))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, error != NULL ? error->message : "Not an assignment");
          return;
        }
      normal = awareness_assignment_to_json (&assignment);
      awareness_assignment_clear (&assignment);
      rule = to_json (normal);
      if (!lrs_store_set_override (lrs->store, module, rule, &error))
        {
          respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The assignment could not be stored");
          return;
        }
      respond (msg, SOUP_STATUS_OK, "application/json", rule);
      return;
    }

  if (g_strcmp0 (method, "GET") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "The assignments take GET");
      return;
    }
  account = authenticate (lrs, msg);
  if (account == NULL)
    return;
  {
    g_autoptr(GHashTable) rules = load_overrides (lrs, &error);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    GHashTableIter iter;
    gpointer module, rule;

    if (rules == NULL)
      {
        respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The assignments could not be read");
        return;
      }
    json_builder_begin_object (builder);
    g_hash_table_iter_init (&iter, rules);
    while (g_hash_table_iter_next (&iter, &module, &rule))
      {
        json_builder_set_member_name (builder, module);
        json_builder_add_value (builder, awareness_assignment_to_json (rule));
      }
    json_builder_end_object (builder);
    respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
  }
}

/* The day a report is as of: @as_of (YYYY-MM-DD), or today when NULL;
 * FALSE if @as_of is not a date. */
gboolean
parse_today (const char *as_of,
             GDate      *today)
{
  g_autoptr(GDateTime) now = NULL;

  if (as_of != NULL)
    return awareness_date_parse (as_of, today);
  now = g_date_time_new_now_local ();
  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now), (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  return TRUE;
}

/* Who must complete what by when, and where they stand: per person and
 * module, only the overdue (for reminders), or summed per department or
 * person; as of a day (as-of=YYYY-MM-DD, today by default). */
static void
assignments_report (Lrs               *lrs,
                    SoupServerMessage *msg,
                    GHashTable        *params)
{
  const char *department = params != NULL ? g_hash_table_lookup (params, "department") : NULL;
  const char *as_of = params != NULL ? g_hash_table_lookup (params, "as-of") : NULL;
  const char *format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;
  const char *summary = params != NULL ? g_hash_table_lookup (params, "summary") : NULL;
  gboolean overdue = params != NULL && g_strcmp0 (g_hash_table_lookup (params, "overdue"), "true") == 0;
  g_autoptr(GHashTable) overrides = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Reports take GET");
      return;
    }
  if (lrs->catalog == NULL)
    {
      respond_error (msg, SOUP_STATUS_CONFLICT,
                     "No content has been published: assignments come from the published catalog");
      return;
    }
  if (!parse_today (as_of, &today))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "as-of: a date, YYYY-MM-DD");
      return;
    }

  overrides = load_overrides (lrs, &error);
  if (overrides == NULL)
    {
      g_warning ("The assignments could not be read: %s", error->message);
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The report could not be made");
      return;
    }
  rows = lrs_report_assignments (lrs->store, lrs->catalog, overrides, lrs->config.home_page, department, &today,
                                 overdue, &error);
  if (rows == NULL)
    {
      g_warning ("The assignment report failed: %s", error->message);
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The report could not be made");
      return;
    }

  if (summary != NULL)
    {
      if (g_strcmp0 (summary, "department") != 0 && g_strcmp0 (summary, "person") != 0)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "summary: department or person");
          return;
        }
      respond_json (msg, SOUP_STATUS_OK, lrs_report_assignments_summary (rows, g_strcmp0 (summary, "person") == 0));
    }
  else if (g_strcmp0 (format, "csv") == 0)
    {
      g_autofree char *csv = lrs_report_assignments_to_csv (rows,
                                                            g_strcmp0 (g_hash_table_lookup (params, "bom"), "true") == 0,
                                                            g_strcmp0 (g_hash_table_lookup (params, "headers"), "ja") == 0);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Disposition",
                                    overdue ? "attachment; filename=\"overdue.csv\""
                                            : "attachment; filename=\"assignments.csv\"");
      respond (msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", csv);
    }
  else if (format == NULL || g_strcmp0 (format, "json") == 0)
    {
      respond_json (msg, SOUP_STATUS_OK, lrs_report_assignments_to_json (rows));
    }
  else
    respond_error (msg, SOUP_STATUS_BAD_REQUEST, "format: json or csv");
}

static void
admin_reports_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *params,
                  gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(LrsAccount) account = authenticate_admin (lrs, msg);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  LrsReportFilter filter = { 0 };
  const char *format;

  if (account == NULL)
    return;
  if (g_strcmp0 (path, "/admin/reports/assignments") == 0)
    {
      assignments_report (lrs, msg, params);
      return;
    }
  if (g_strcmp0 (path, "/admin/reports/completion") != 0)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "No such report");
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Reports take GET");
      return;
    }

  if (params != NULL)
    {
      filter.department = g_hash_table_lookup (params, "department");
      filter.module = g_hash_table_lookup (params, "module");
      filter.since = g_hash_table_lookup (params, "since");
      filter.until = g_hash_table_lookup (params, "until");
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *bound = i == 0 ? filter.since : filter.until;

      if (bound != NULL && !awareness_xapi_validate_timestamp (bound))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                         i == 0 ? "since: not an ISO 8601 timestamp" : "until: not an ISO 8601 timestamp");
          return;
        }
    }

  rows = lrs_report_completion (lrs->store, lrs->config.home_page, &filter, &error);
  if (rows == NULL)
    {
      g_warning ("The completion report failed: %s", error->message);
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The report could not be made");
      return;
    }

  format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;
  if (g_strcmp0 (format, "csv") == 0)
    {
      g_autofree char *csv = lrs_report_to_csv (rows,
                                                g_strcmp0 (g_hash_table_lookup (params, "bom"), "true") == 0,
                                                g_strcmp0 (g_hash_table_lookup (params, "headers"), "ja") == 0);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Disposition",
                                    "attachment; filename=\"completion.csv\"");
      respond (msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", csv);
    }
  else if (format == NULL || g_strcmp0 (format, "json") == 0)
    {
      respond_json (msg, SOUP_STATUS_OK, lrs_report_to_json (rows));
    }
  else
    respond_error (msg, SOUP_STATUS_BAD_REQUEST, "format: json or csv");
}

/* Transfer files: the records of a machine in an isolated segment,
 * authenticated with its account's transfer key, stored as that account's
 * statements.  A learner imports their own files; an administrator any. */
static void
transfers_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(LrsAccount) requester = NULL;
  g_autoptr(LrsAccount) owner = NULL;
  g_autoptr(AwarenessTransfer) transfer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stored = awareness_xapi_format_timestamp (now);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *data;
  gsize size;
  guint already = 0;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Transfer files take POST");
      return;
    }
  requester = authenticate (lrs, msg);
  if (requester == NULL)
    return;

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &size);
  /* A chunked body has no Content-Length for the early check. */
  if (size > lrs->config.max_body)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "The body is too large");
      return;
    }
  transfer = awareness_transfer_read (data != NULL ? data : "", size, &error);
  if (transfer == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  owner = lrs_store_lookup_account (lrs->store, transfer->account_key, NULL, NULL);
  if (owner == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "The transfer file names an account this server does not know");
      return;
    }
  if (requester->role != LRS_ROLE_ADMIN && g_strcmp0 (requester->key, owner->key) != 0)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "A learner may import their own transfer files only");
      return;
    }
  if (owner->transfer_key == NULL)
    {
      respond_error (msg, SOUP_STATUS_CONFLICT,
                     "The account has no transfer key yet: reset its secret, then export again");
      return;
    }
  if (!awareness_transfer_verify (transfer, owner->transfer_key, &error))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  if (!owner->active)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "The account of the transfer file is disabled");
      return;
    }

  for (guint i = 0; i < transfer->statements->len; i++)
    {
      JsonNode *node = g_ptr_array_index (transfer->statements, i);
      g_autofree char *held = NULL;
      guint status = SOUP_STATUS_BAD_REQUEST;

      /* As the account itself would have sent them. */
      if (!prepare_statement (lrs, owner, node, stored, &status, &error))
        {
          g_autofree char *message = g_strdup_printf ("statement %u: %s", i, error->message);

          respond_error (msg, status, message);
          return;
        }
      held = lrs_store_get_statement (lrs->store, json_object_get_string_member (json_node_get_object (node), "id"),
                                      FALSE, NULL);
      if (held != NULL)
        already++;
    }
  /* Transfer files carry no attachment data: a statement that needs
   * some is refused, as on the Statements resource. */
  if (!check_attachments (transfer->statements, NULL, &error))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  if (!lrs_store_insert_statements (lrs->store, transfer->statements, ids, &error))
    {
      if (g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT) ||
          g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_INVALID))
        respond_error (msg, g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT)
                            ? SOUP_STATUS_CONFLICT : SOUP_STATUS_BAD_REQUEST, error->message);
      else
        {
          g_warning ("Storing a transfer file failed: %s", error->message);
          respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The statements could not be stored");
        }
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "staff_id");
  json_builder_add_string_value (builder, owner->staff_id);
  json_builder_set_member_name (builder, "stored");
  json_builder_add_int_value (builder, ids->len - already);
  json_builder_set_member_name (builder, "already");
  json_builder_add_int_value (builder, already);
  json_builder_end_object (builder);
  respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* Content packages.  An administrator publishes a package signed by a
 * key the server trusts and whose content validates; every account can
 * ask for the latest and fetch it, and installs it only if its own
 * configuration trusts the signer too. */
static void
publish_content (Lrs               *lrs,
                 SoupServerMessage *msg)
{
  g_autoptr(LrsAccount) account = authenticate_admin (lrs, msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AwarenessPackage) package = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *published = awareness_xapi_format_timestamp (now);
  g_autofree char *installed = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (account == NULL)
    return;
  if (lrs->config.trusted_keys == NULL || lrs->config.trusted_keys[0] == NULL)
    {
      respond_error (msg, SOUP_STATUS_CONFLICT, "The server trusts no content key: set [content] trusted-keys");
      return;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (bytes) > lrs->config.max_body)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "The body is too large");
      return;
    }
  package = awareness_package_open (bytes, (const char * const *) lrs->config.trusted_keys, &error);
  if (package == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  /* What staff machines will install must validate: the server installs
   * it first, for its own assignment reports. */
  installed = awareness_package_install (package, lrs->content_root, NULL, &error);
  if (installed == NULL)
    {
      /* Staff machines would refuse it too. */
      respond_error (msg, g_error_matches (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_OLDER)
                          ? SOUP_STATUS_CONFLICT : SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  g_clear_object (&lrs->catalog);
  lrs->catalog = awareness_catalog_new_for_directory (installed, NULL, NULL);

  if (!lrs_store_put_package (lrs->store, awareness_package_get_digest (package), awareness_package_get_key (package),
                              published, bytes, &error))
    {
      g_warning ("Publishing content failed: %s", error->message);
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The package could not be stored");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "digest");
  json_builder_add_string_value (builder, awareness_package_get_digest (package));
  json_builder_set_member_name (builder, "signer");
  json_builder_add_string_value (builder, awareness_package_get_key (package));
  json_builder_set_member_name (builder, "files");
  json_builder_add_int_value (builder, awareness_package_get_n_files (package));
  json_builder_set_member_name (builder, "published");
  json_builder_add_string_value (builder, published);
  json_builder_end_object (builder);
  respond_json (msg, SOUP_STATUS_CREATED, json_builder_get_root (builder));
}

static void
content_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *digest = g_str_has_prefix (path, "/content/") ? path + strlen ("/content/") : NULL;
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *published = NULL;

  if (g_strcmp0 (method, "POST") == 0 && digest == NULL)
    {
      publish_content (lrs, msg);
      return;
    }
  if (g_strcmp0 (method, "GET") != 0)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Content takes GET, and POST to publish");
      return;
    }
  account = authenticate (lrs, msg);
  if (account == NULL)
    return;

  data = lrs_store_get_package (lrs->store, digest != NULL && digest[0] != '\0' ? digest : NULL, &latest, &published,
                                NULL);
  if (data == NULL)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, digest != NULL ? "No such content package"
                                                                : "No content has been published");
      return;
    }
  if (digest != NULL && digest[0] != '\0')
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (data, NULL), g_bytes_get_size (data));
      return;
    }
  {
    g_autofree char *body = g_strdup_printf ("{\"digest\":\"%s\",\"published\":\"%s\",\"size\":%zu}", latest, published,
                                             g_bytes_get_size (data));

    respond (msg, SOUP_STATUS_OK, "application/json", body);
  }
}

/* Refuses a body over @limit bytes before it is read. */
void
refuse_large_body (SoupServerMessage *msg,
                   gsize              limit)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  /* A chunked body has no length to check before it is read: refused, or
   * anyone could make the server hold any amount before signing in. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    respond_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "Send the body with a Content-Length");
  else if (length > (goffset) limit)
    respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "The body is too large");
}

/* Refuses bodies over the limit before they are read. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *params,
          gpointer           user_data)
{
  Lrs *lrs = user_data;

  refuse_large_body (msg, lrs->config.max_body);
}

/* A client that sends nothing for client-timeout-seconds, halfway
 * through a request or between requests, loses its connection: slow
 * clients cannot hold the server's connections. */
static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  Lrs *lrs = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_set_timeout (socket, lrs->config.client_timeout);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
serve (LrsConfig *config)
{
  Lrs lrs = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoslist(GUri) uris = NULL;
  gboolean tls = config->certificate != NULL && config->key != NULL;

  lrs.config = *config;

  if (!tls && !(config->development && is_loopback (config->listen)))
    {
      g_printerr ("awareness-server: %s\n",
                  _("refusing to start without TLS: set “certificate” and “key” in [server], or "
                    "listen on loopback with “development=true” for development only"));
      return EXIT_FAILURE;
    }

  lrs.store = lrs_sqlite_store_new (config->database, &error);
  if (lrs.store == NULL)
    goto fail;
  /* The latest published content, next to the database. */
  {
    g_autofree char *dir = g_path_get_dirname (config->database);
    g_autofree char *current = NULL;

    lrs.content_root = g_build_filename (dir, "content", NULL);
    current = g_build_filename (lrs.content_root, "current", NULL);
    if (g_file_test (current, G_FILE_TEST_IS_DIR))
      lrs.catalog = awareness_catalog_new_for_directory (current, NULL, NULL);
  }
  lrs.verified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (tls)
    {
      certificate = g_tls_certificate_new_from_files (config->certificate, config->key, &error);
      if (certificate == NULL)
        goto fail;
    }

  lrs.server = soup_server_new ("server-header", "awareness-server", "tls-certificate", certificate, NULL);
  g_signal_connect (lrs.server, "request-started", G_CALLBACK (request_started_cb), &lrs);
  soup_server_add_early_handler (lrs.server, "/xapi/statements", early_cb, &lrs, NULL);
  soup_server_add_handler (lrs.server, "/xapi/statements", statements_cb, &lrs, NULL);
  soup_server_add_handler (lrs.server, "/xapi/about", about_cb, &lrs, NULL);
  soup_server_add_handler (lrs.server, "/account", account_cb, &lrs, NULL);
  soup_server_add_early_handler (lrs.server, "/transfers", early_cb, &lrs, NULL);
  soup_server_add_handler (lrs.server, "/transfers", transfers_cb, &lrs, NULL);
  soup_server_add_early_handler (lrs.server, "/content", early_cb, &lrs, NULL);
  soup_server_add_handler (lrs.server, "/content", content_cb, &lrs, NULL);
  soup_server_add_early_handler (lrs.server, "/admin", early_cb, &lrs, NULL);
  soup_server_add_handler (lrs.server, "/admin/accounts", admin_accounts_cb, &lrs, NULL);
  soup_server_add_handler (lrs.server, "/admin/reports", admin_reports_cb, &lrs, NULL);
  soup_server_add_handler (lrs.server, "/admin/assignments", assignments_cb, &lrs, NULL);
  soup_server_add_handler (lrs.server, "/assignments", assignments_cb, &lrs, NULL);
  lrs.dashboard = lrs_dashboard_new (&lrs);

  address = g_inet_address_new_from_string (config->listen);
  if (address == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("listen: “%s” is not an IP address"),
                   config->listen);
      goto fail;
    }
  socket_address = g_inet_socket_address_new (address, (guint16) config->port);
  if (!soup_server_listen (lrs.server, socket_address, tls ? SOUP_SERVER_LISTEN_HTTPS : 0, &error))
    goto fail;

  uris = soup_server_get_uris (lrs.server);
  for (GSList *l = uris; l != NULL; l = l->next)
    {
      g_autofree char *uri = g_uri_to_string (l->data);

      /* The only line the server prints: where it listens. */
      g_print (_("awareness-server: listening on %sxapi/\n"), uri);
    }

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  g_clear_object (&lrs.server);
  /* Let the idle worker threads of TLS handshakes end before exit. */
  g_thread_pool_set_max_unused_threads (0);
  g_thread_pool_stop_unused_threads ();
  g_clear_object (&lrs.store);
  g_clear_object (&lrs.catalog);
  g_clear_pointer (&lrs.content_root, g_free);
  g_clear_pointer (&lrs.verified, g_hash_table_unref);
  g_clear_pointer (&lrs.dashboard, lrs_dashboard_free);
  return EXIT_SUCCESS;

fail:
  g_printerr ("awareness-server: %s\n", error->message);
  g_clear_object (&lrs.server);
  g_clear_object (&lrs.store);
  g_clear_object (&lrs.catalog);
  g_clear_pointer (&lrs.content_root, g_free);
  g_clear_pointer (&lrs.verified, g_hash_table_unref);
  g_clear_pointer (&lrs.dashboard, lrs_dashboard_free);
  return EXIT_FAILURE;
}

/* Creates an account and prints its key and secret, once. */
static int
add_account (LrsConfig  *config,
             const char *staff_id,
             const char *name,
             const char *department,
             LrsRole     role)
{
  g_autoptr(LrsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  LrsAccount account = { 0 };

  store = lrs_sqlite_store_new (config->database, &error);
  if (store == NULL)
    goto fail;

  account.staff_id = (char *) staff_id;
  account.display_name = (char *) name;
  account.department = (char *) department;
  account.role = role;
  if (!create_account (store, &account, &key, &secret, &error))
    goto fail;

  g_print ("staff id: %s\nkey:      %s\nsecret:   %s\n", staff_id, key, secret);
  g_print ("%s\n", _("The secret is shown this once and stored only as a hash: keep it now."));
  sodium_memzero (secret, strlen (secret));
  return EXIT_SUCCESS;

fail:
  g_printerr ("awareness-server: %s\n", error->message);
  return EXIT_FAILURE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[init | add-account]");
  g_autoptr(GError) error = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *department = NULL;
  gboolean admin = FALSE;
  LrsConfig config = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file, N_("Configuration file"), N_("FILE") },
    { "staff-id", 0, 0, G_OPTION_ARG_STRING, &staff_id, N_("Staff id of the new account (add-account)"), N_("ID") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Display name of the new account (add-account)"), N_("NAME") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Department of the new account (add-account)"), N_("NAME") },
    { "admin", 0, 0, G_OPTION_ARG_NONE, &admin, N_("Make the new account an administrator (add-account)"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("AWARENESS_LOCALEDIR") != NULL ? g_getenv ("AWARENESS_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("awareness-server");

  g_option_context_set_summary (context,
                                _("The Awareness xAPI 1.0.3 Learning Record Store.\n\n"
                                  "  awareness-server -c FILE               serve\n"
                                  "  awareness-server -c FILE init          create the database and the first administrator\n"
                                  "  awareness-server -c FILE add-account --staff-id ID [--name N] [--department D] [--admin]"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || config_file == NULL || argc > 2)
    {
      g_printerr ("awareness-server: %s\n", error != NULL ? error->message
                                                       : _("give --config FILE and at most one command"));
      return 2;
    }

  if (sodium_init () < 0)
    {
      g_printerr ("awareness-server: %s\n", _("libsodium cannot be initialised"));
      return EXIT_FAILURE;
    }

  if (!config_load (&config, config_file, &error))
    {
      g_printerr ("awareness-server: %s\n", error->message);
      config_clear (&config);
      return EXIT_FAILURE;
    }

  if (argc == 2 && g_strcmp0 (argv[1], "init") == 0)
    {
      if (g_file_test (config.database, G_FILE_TEST_EXISTS))
        {
          g_printerr (_("awareness-server: %s exists already; init creates a new database only\n"),
                      config.database);
          status = EXIT_FAILURE;
        }
      else
        status = add_account (&config, "admin", "Administrator", "", LRS_ROLE_ADMIN);
    }
  else if (argc == 2 && g_strcmp0 (argv[1], "add-account") == 0)
    {
      if (staff_id == NULL)
        {
          g_printerr ("awareness-server: %s\n", _("add-account needs --staff-id"));
          status = 2;
        }
      else
        status = add_account (&config, staff_id, name, department, admin ? LRS_ROLE_ADMIN : LRS_ROLE_LEARNER);
    }
  else if (argc == 2)
    {
      g_printerr (_("awareness-server: unknown command “%s”\n"), argv[1]);
      status = 2;
    }
  else
    status = serve (&config);

  config_clear (&config);
  return status;
}
