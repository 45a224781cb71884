/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The attachments of statements (Communication 1.5.2, Data 2.4.11):
 * multipart/mixed requests whose parts carry the data, matched by the
 * SHA-2 of the data and nothing else; signatures (Data 2.6); and
 * multipart/mixed answers with the data the store holds.
 *
 * Data is bound to the statement that carried it and the account that
 * uploaded it: an answer holds a statement's data only if that statement
 * carried it, so naming another's hash in a fileUrl statement fetches
 * nothing.  A statement has at most [limits] max-attachments, an account
 * uploads at most attachment-quota-bytes, and an answer with attachments
 * holds at most max-response-bytes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "lrs-attachments.h"
#include "lrs-error.h"
#include "lrs-http.h"
#include "lrs-signature.h"

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

static JsonNode *
parse_terminated (SoupMessageHeaders  *request_headers,
                  GBytes              *body,
                  GHashTable         **parts,
                  GError             **error);

/*
 * A multipart/mixed request (Communication 1.5.2): the statements in the
 * first part, then one part per attachment, matched by the SHA-2 of its
 * data and nothing else.
 */
JsonNode *
lrs_attachments_parse_multipart (SoupServerMessage  *msg,
                                 GBytes             *body,
                                 GHashTable        **parts,
                                 GError            **error)
{
  /* A flattened body ends in NUL (see lrs_attachments_parse_multipart_bytes()). */
  return parse_terminated (soup_server_message_get_request_headers (msg), body, parts, error);
}

/* The same from the request's headers and body alone (for the fuzzer).
 * libsoup's multipart reader searches the body with strstr(): it reads a
 * copy that ends in NUL, as soup_message_body_flatten() would give, and
 * never past the data. */
JsonNode *
lrs_attachments_parse_multipart_bytes (SoupMessageHeaders  *request_headers,
                                       GBytes              *body,
                                       GHashTable         **parts,
                                       GError             **error)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (body, &size);
  char *terminated = g_malloc (size + 1);
  g_autoptr(GBytes) copy = NULL;

  if (size > 0)
    memcpy (terminated, data, size);
  terminated[size] = '\0';
  copy = g_bytes_new_take (terminated, size);
  return parse_terminated (request_headers, copy, parts, error);
}

static JsonNode *
parse_terminated (SoupMessageHeaders  *request_headers,
                  GBytes              *body,
                  GHashTable         **parts,
                  GError             **error)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new_from_message (request_headers, body);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, part_free);
  SoupMessageHeaders *headers;
  GBytes *content;
  const char *type;

  if (multipart == NULL || soup_multipart_get_length (multipart) < 1 ||
      !soup_multipart_get_part (multipart, 0, &headers, &content))
    {
      g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                   _("The multipart/mixed body cannot be read"));
      return NULL;
    }

  type = soup_message_headers_get_content_type (headers, NULL);
  if (g_ascii_strcasecmp (type != NULL ? type : "", "application/json") != 0)
    {
      g_set_error (
        error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
        _("The first part of a multipart/mixed request holds the statements as application/json"));
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
          g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                       _("Part %d: an attachment part needs an X-Experience-API-Hash header"),
                       i + 1);
          return NULL;
        }
      if (encoding != NULL && g_ascii_strcasecmp (encoding, "binary") != 0)
        {
          g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                       _("Part %d: Content-Transfer-Encoding must be binary"), i + 1);
          return NULL;
        }
      lower = g_ascii_strdown (hash, -1);
      actual = sha2_like (lower, part_content);
      if (actual == NULL || g_strcmp0 (actual, lower) != 0)
        {
          g_set_error (
            error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
            _("Part %d: the data does not have the SHA-2 its X-Experience-API-Hash declares"),
            i + 1);
          return NULL;
        }

      part = g_new0 (Part, 1);
      type = soup_message_headers_get_content_type (part_headers, NULL);
      part->content_type = g_strdup (type != NULL ? type : "application/octet-stream");
      part->content = g_bytes_ref (part_content);
      g_hash_table_replace (found, g_steal_pointer (&lower), part);
    }

  *parts = g_steal_pointer (&found);
  return lrs_parse_json (content, error);
}

/* Every attachment must have a fileUrl or a part with its data; every
 * part must belong to an attachment. */
gboolean
lrs_attachments_check (GPtrArray   *nodes,
                       GHashTable  *parts,
                       guint        max_per_statement,
                       GError     **error)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      JsonObject *statement = json_node_get_object (g_ptr_array_index (nodes, i));
      JsonArray *attachments;

      if (!json_object_has_member (statement, "attachments"))
        continue;
      attachments = json_object_get_array_member (statement, "attachments");
      if (json_array_get_length (attachments) > max_per_statement)
        {
          g_set_error (error, LRS_ERROR, LRS_ERROR_TOO_LARGE,
                       _("statement %u: a statement has at most %u attachments"), i,
                       max_per_statement);
          return FALSE;
        }
      for (guint a = 0; a < json_array_get_length (attachments); a++)
        {
          JsonObject *attachment = json_array_get_object_element (attachments, a);
          g_autofree char *sha2 =
            g_ascii_strdown (json_object_get_string_member (attachment, "sha2"), -1);
          Part *part = parts != NULL ? g_hash_table_lookup (parts, sha2) : NULL;

          if (part != NULL)
            {
              part->used = TRUE;
              continue;
            }
          if (json_object_has_member (attachment, "fileUrl"))
            continue;

          g_set_error (
            error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
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
            g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                         _("The part with SHA-2 %s belongs to no attachment of the statements"),
                         (const char *) key);
            return FALSE;
          }
    }

  return TRUE;
}

/* Signed statements: the signature must come as a part, and be well
 * formed (Data 2.6). */
gboolean
lrs_attachments_check_signatures (GPtrArray   *statements,
                                  GHashTable  *parts,
                                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < statements->len; i++)
    {
      JsonObject *statement = json_node_get_object (g_ptr_array_index (statements, i));
      JsonArray *attachments = json_object_has_member (statement, "attachments")
                               ? json_object_get_array_member (statement, "attachments") : NULL;

      for (guint a = 0; attachments != NULL && a < json_array_get_length (attachments); a++)
        {
          JsonObject *attachment = json_array_get_object_element (attachments, a);
          g_autofree char *sha2 = NULL;
          Part *part;

          if (g_strcmp0 (json_object_get_string_member (attachment, "usageType"),
                         LRS_SIGNATURE_USAGE) != 0)
            continue;
          sha2 = g_ascii_strdown (json_object_get_string_member (attachment, "sha2"), -1);
          part = parts != NULL ? g_hash_table_lookup (parts, sha2) : NULL;
          if (part == NULL)
            {
              g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                           _("statement %u: attachments[%u]: a signature comes as a part of the "
                           "request, to be checked"), i, a);
              return FALSE;
            }
          if (!lrs_signature_check (g_ptr_array_index (statements, i), part->content,
                                    &local_error))
            {
              g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST, "statement %u: %s", i,
                           local_error->message);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Whether the account @owner may upload the data of @parts: what it
 * uploaded before and this, at most @quota bytes. */
gboolean
lrs_attachments_check_quota (LrsStore    *store,
                             GHashTable  *parts,
                             const char  *owner,
                             guint64      quota,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GHashTableIter iter;
  gpointer value;
  guint64 adding = 0;
  gint64 used;

  g_hash_table_iter_init (&iter, parts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    adding += g_bytes_get_size (((Part *) value)->content);
  if (adding == 0)
    return TRUE;
  used = lrs_store_attachment_usage (store, owner, &local_error);
  if (used < 0)
    {
      g_warning ("Reading an account's attachment usage failed: %s", local_error->message);
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_INTERNAL,
                           "The attachments could not be stored");
      return FALSE;
    }
  if ((guint64) used + adding > quota)
    {
      g_set_error (error, LRS_ERROR, LRS_ERROR_TOO_LARGE,
                   _("The account's attachments would take %llu bytes; it may upload %llu "
                     "in all"), (unsigned long long) used + adding, (unsigned long long) quota);
      return FALSE;
    }
  return TRUE;
}

/* Binds the data of @parts to the statements (stored now) that carried
 * it, uploaded by @owner. */
gboolean
lrs_attachments_bind (LrsStore    *store,
                      GPtrArray   *statements,
                      GHashTable  *parts,
                      const char  *owner,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < statements->len; i++)
    {
      JsonObject *statement = json_node_get_object (g_ptr_array_index (statements, i));
      JsonArray *attachments = json_object_has_member (statement, "attachments")
                               ? json_object_get_array_member (statement, "attachments") : NULL;

      for (guint a = 0; attachments != NULL && a < json_array_get_length (attachments); a++)
        {
          JsonObject *attachment = json_array_get_object_element (attachments, a);
          const char *declared = json_object_get_string_member (attachment, "sha2");
          g_autofree char *sha2 = g_ascii_strdown (declared, -1);
          Part *part = g_hash_table_lookup (parts, sha2);

          if (part == NULL)
            continue;
          if (!lrs_store_bind_attachment (store, json_object_get_string_member (statement, "id"),
                                          sha2, owner, (gint64) g_bytes_get_size (part->content),
                                          &local_error))
            {
              g_warning ("Binding an attachment failed: %s", local_error->message);
              g_set_error_literal (error, LRS_ERROR, LRS_ERROR_INTERNAL,
                                   "The attachments could not be stored");
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Stores the data of @parts; the failure is the server's own. */
gboolean
lrs_attachments_store (LrsStore    *store,
                       GHashTable  *parts,
                       GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GError) local_error = NULL;

  g_hash_table_iter_init (&iter, parts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!lrs_store_put_attachment (store, key, ((Part *) value)->content_type,
                                   ((Part *) value)->content, &local_error))
      {
        g_warning ("Storing an attachment failed: %s", local_error->message);
        g_set_error_literal (error, LRS_ERROR, LRS_ERROR_INTERNAL,
                             _("The attachments could not be stored"));
        return FALSE;
      }

  return TRUE;
}

/* Deletes the data of @parts that no statement carries: after the batch
 * that brought it was refused. */
void
lrs_attachments_unstore (LrsStore   *store,
                         GHashTable *parts)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, parts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!lrs_store_delete_unused_attachment (store, key, NULL))
      g_warning ("Unused attachment data could not be deleted");
}

/*
 * Answers statements; with attachments=true as multipart/mixed: the JSON
 * first, then the data of every attachment they reference that the store
 * holds (Communication 1.5.2).
 */
void
lrs_attachments_respond (LrsStore          *store,
                         SoupServerMessage *msg,
                         const char        *json,
                         GPtrArray         *statements,
                         gboolean           attachments,
                         guint64            max_response)
{
  guint64 total = strlen (json);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GHashTable) added = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) out = NULL;
  SoupMessageHeaders *headers;
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (!attachments)
    {
      lrs_respond (msg, SOUP_STATUS_OK, "application/json", json);
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
      const char *id;

      if (!awareness_json_parser_load (parser, g_ptr_array_index (statements, i), -1, NULL))
        continue;
      statement = json_node_get_object (json_parser_get_root (parser));
      if (!json_object_has_member (statement, "attachments"))
        continue;
      list = json_object_get_array_member (statement, "attachments");
      id = json_object_get_string_member_with_default (statement, "id", NULL);
      for (guint a = 0; a < json_array_get_length (list); a++)
        {
          g_autofree char *sha2 =
            g_ascii_strdown (json_object_get_string_member (json_array_get_object_element (list, a),
                                                            "sha2"),
                             -1);
          g_autofree char *type = NULL;
          g_autoptr(GBytes) data = NULL;

          if (g_hash_table_contains (added, sha2))
            continue;
          /* Only the data this statement carried. */
          data = lrs_store_get_attachment (store, sha2, id, &type);
          if (data == NULL)
            continue;   /* sent with a fileUrl only */
          total += g_bytes_get_size (data);
          if (total > max_response)
            {
              g_autofree char *message = g_strdup_printf (_("The attachments of these "
                                                            "statements exceed %llu bytes: ask "
                                                            "for fewer statements (limit)"),
                                                          (unsigned long long) max_response);

              lrs_respond_error (msg, LRS_ERROR_TOO_LARGE, message);
              return;
            }

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
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), out);
}
