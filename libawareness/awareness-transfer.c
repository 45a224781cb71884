/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Transfer files: the pending statements of a machine that cannot reach
 * the server (the My Number segment), carried to one that can.
 *
 *   {"format": "awareness-transfer-1",
 *    "payload": "<JSON text: account, staff_id, home_page, created, statements>",
 *    "hmac-sha256": "<hex>"}
 *
 * The MAC covers the payload's exact bytes, with a key derived from the
 * account's secret (HMAC-SHA256 of a fixed label): the machine derives it
 * from the secret it holds, the server keeps it when it makes or resets
 * the secret.  Whoever changes a byte on the way cannot make a matching
 * MAC without the account's secret.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "awareness-json.h"
#include "awareness-transfer.h"
#include "awareness-xapi.h"

#define FORMAT "awareness-transfer-1"
#define KEY_LABEL "awareness transfer file key 1"

/**
 * awareness_transfer_error_quark:
 *
 * The error domain of #AwarenessTransferError.
 *
 * Returns: the #GQuark of %AWARENESS_TRANSFER_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-transfer-error-quark, awareness_transfer_error)

/**
 * awareness_transfer_derive_key:
 * @secret: an account's secret
 *
 * Returns: (transfer full): the key that authenticates the account's
 *   transfer files, in hexadecimal
 *
 * Since: 0.2
 */
char *
awareness_transfer_derive_key (const char *secret)
{
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret),
                                    KEY_LABEL, -1);
}

static char *
mac_of (const char *transfer_key,
        const char *payload)
{
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) transfer_key,
                                    strlen (transfer_key), payload, -1);
}

static char *
to_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * awareness_transfer_write:
 * @account_key: the account's key
 * @staff_id: its staff id
 * @home_page: its home page
 * @statements: (element-type utf8): the statements, as JSON text
 * @transfer_key: the account's transfer key
 *
 * Returns: (transfer full): the text of the transfer file
 *
 * Since: 0.2
 */
char *
awareness_transfer_write (const char *account_key,
                          const char *staff_id,
                          const char *home_page,
                          GPtrArray  *statements,
                          const char *transfer_key)
{
  g_autoptr(JsonBuilder) payload = json_builder_new ();
  g_autoptr(JsonBuilder) file = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = awareness_xapi_format_timestamp (now);
  g_autofree char *payload_text = NULL;
  g_autofree char *mac = NULL;

  json_builder_begin_object (payload);
  json_builder_set_member_name (payload, "account");
  json_builder_add_string_value (payload, account_key);
  json_builder_set_member_name (payload, "staff_id");
  json_builder_add_string_value (payload, staff_id);
  json_builder_set_member_name (payload, "home_page");
  json_builder_add_string_value (payload, home_page);
  json_builder_set_member_name (payload, "created");
  json_builder_add_string_value (payload, created);
  json_builder_set_member_name (payload, "statements");
  json_builder_begin_array (payload);
  for (guint i = 0; i < statements->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (awareness_json_parser_load (parser, g_ptr_array_index (statements, i), -1, NULL))
        json_builder_add_value (payload, json_node_copy (json_parser_get_root (parser)));
    }
  json_builder_end_array (payload);
  json_builder_end_object (payload);
  payload_text = to_json (payload);
  mac = mac_of (transfer_key, payload_text);

  json_builder_begin_object (file);
  json_builder_set_member_name (file, "format");
  json_builder_add_string_value (file, FORMAT);
  json_builder_set_member_name (file, "payload");
  json_builder_add_string_value (file, payload_text);
  json_builder_set_member_name (file, "hmac-sha256");
  json_builder_add_string_value (file, mac);
  json_builder_end_object (file);
  return to_json (file);
}

/**
 * awareness_transfer_free:
 * @self: (nullable) (transfer full): a transfer
 *
 * Frees the transfer.
 *
 * Since: 0.2
 */
void
awareness_transfer_free (AwarenessTransfer *self)
{
  if (self == NULL)
    return;

  g_free (self->account_key);
  g_free (self->staff_id);
  g_free (self->home_page);
  g_free (self->created);
  g_clear_pointer (&self->statements, g_ptr_array_unref);
  g_free (self->payload);
  g_free (self->mac);
  g_free (self);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gpointer
malformed (GError    **error,
           const char *why)
{
  g_set_error (error, AWARENESS_TRANSFER_ERROR, AWARENESS_TRANSFER_ERROR_MALFORMED,
               _("Not an Awareness transfer file, or a damaged one: %s"), why);
  return NULL;
}

/**
 * awareness_transfer_read:
 * @data: the file's contents
 * @length: their length
 * @error: return location for an error
 *
 * Reads a transfer file without trusting it yet: see
 * awareness_transfer_verify().
 *
 * Returns: (transfer full) (nullable) (skip): the transfer, or %NULL if it is malformed
 *
 * Since: 0.2
 */
AwarenessTransfer *
awareness_transfer_read (const char *data,
                         gsize       length,
                         GError    **error)
{
  g_autoptr(JsonParser) outer = json_parser_new ();
  g_autoptr(JsonParser) inner = json_parser_new ();
  g_autoptr(AwarenessTransfer) self = g_new0 (AwarenessTransfer, 1);
  JsonObject *file, *payload;
  JsonNode *statements;

  if (!g_utf8_validate_len (data, length, NULL))
    return malformed (error, _("it is not UTF-8"));
  if (!awareness_json_parser_load (outer, data, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (outer)))
    return malformed (error, _("it is not a JSON object"));
  file = json_node_get_object (json_parser_get_root (outer));
  if (g_strcmp0 (string_member (file, "format"), FORMAT) != 0)
    return malformed (error, _("format: expected awareness-transfer-1"));
  if (string_member (file, "payload") == NULL || string_member (file, "hmac-sha256") == NULL)
    return malformed (error, _("payload or hmac-sha256 is missing"));
  self->payload = g_strdup (string_member (file, "payload"));
  self->mac = g_strdup (string_member (file, "hmac-sha256"));

  if (!awareness_json_parser_load (inner, self->payload, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (inner)))
    return malformed (error, _("payload: not a JSON object"));
  payload = json_node_get_object (json_parser_get_root (inner));
  statements = json_object_get_member (payload, "statements");
  if (string_member (payload, "account") == NULL || string_member (payload, "staff_id") == NULL ||
      string_member (payload, "home_page") == NULL || statements == NULL ||
      !JSON_NODE_HOLDS_ARRAY (statements))
    return malformed (error, _("payload: account, staff_id, home_page or statements is missing"));

  self->account_key = g_strdup (string_member (payload, "account"));
  self->staff_id = g_strdup (string_member (payload, "staff_id"));
  self->home_page = g_strdup (string_member (payload, "home_page"));
  self->created = g_strdup (string_member (payload, "created"));
  self->statements = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (statements)); i++)
    g_ptr_array_add (self->statements,
                     json_node_copy (json_array_get_element (json_node_get_array (statements), i)));
  return g_steal_pointer (&self);
}

/**
 * awareness_transfer_verify:
 * @self: a transfer read from a file
 * @transfer_key: the transfer key of the account it names
 * @error: return location for an error
 *
 * Returns: whether the file is as the account's machine wrote it
 *
 * Since: 0.2
 */
gboolean
awareness_transfer_verify (AwarenessTransfer *self,
                           const char        *transfer_key,
                           GError           **error)
{
  g_autofree char *expected = mac_of (transfer_key, self->payload);
  gsize n = strlen (expected);
  guint8 diff = (guint8) (strlen (self->mac) != n);

  /* In constant time: the comparison tells nothing of the right MAC. */
  for (gsize i = 0; i < n; i++)
    diff |= (guint8) (expected[i] ^ (i < strlen (self->mac) ? self->mac[i] : 0));
  if (diff != 0)
    {
      g_set_error_literal (error, AWARENESS_TRANSFER_ERROR, AWARENESS_TRANSFER_ERROR_TAMPERED,
                           _("The transfer file was changed after it was written, or not written "
                             "with this account's key: it is refused"));
      return FALSE;
    }
  return TRUE;
}
