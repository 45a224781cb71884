/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Transfer files (POST /transfers): the records of a machine in an
 * isolated segment, authenticated with its account's transfer key, stored
 * as that account's statements through lrs-ingest.c.  A learner imports
 * their own files; an administrator any.
 */
#include "config.h"

#include "lrs-http.h"
#include "lrs-ingest.h"
#include "lrs-keys.h"
#include "lrs-security-log.h"
#include "lrs-server.h"

void
lrs_transfers_cb (SoupServer        *server,
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
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *transfer_key = NULL;
  g_autoptr(GDateTime) exported = NULL;
  const char *data;
  gsize size;
  guint already = 0;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Transfer files take POST");
      return;
    }
  requester = lrs_authenticate (lrs->auth, msg);
  if (requester == NULL)
    return;

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &size);
  /* A chunked body has no Content-Length for the early check. */
  if (size > lrs->config.max_body)
    {
      lrs_respond_error (msg, LRS_ERROR_TOO_LARGE, "The body is too large");
      return;
    }
  transfer = awareness_transfer_read (data != NULL ? data : "", size, &error);
  if (transfer == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error->message);
      return;
    }
  owner = lrs_store_lookup_account (lrs->store, transfer->account_key, NULL, NULL);
  if (owner == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                         "The transfer file names an account this server does not know");
      return;
    }
  if (requester->role != LRS_ROLE_ADMIN && g_strcmp0 (requester->key, owner->key) != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_FORBIDDEN,
                         "A learner may import their own transfer files only");
      return;
    }
  if (owner->transfer_key == NULL)
    {
      lrs_respond_error (
        msg, LRS_ERROR_CONFLICT,
        "The account has no transfer key yet: reset its secret, then export again");
      return;
    }
  transfer_key = lrs_transfer_key_unwrap (lrs->config.server_key, owner->transfer_key);
  if (transfer_key == NULL)
    {
      lrs_respond_error (
        msg, LRS_ERROR_CONFLICT,
        "The account's transfer key cannot be read with this server's key: reset its secret, "
        "then export again");
      return;
    }
  if (!awareness_transfer_verify (transfer, transfer_key, &error))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error->message);
      return;
    }
  if (!owner->active)
    {
      lrs_respond_error (msg, LRS_ERROR_FORBIDDEN, "The account of the transfer file is disabled");
      return;
    }

  if (transfer->created != NULL)
    exported = g_date_time_new_from_iso8601 (transfer->created, NULL);
  if (!lrs_ingest_statements (lrs, owner, transfer->statements, NULL, LRS_INGEST_TRANSFER_FILE,
                              exported, ids, &already, &error))
    {
      lrs_respond_gerror (msg, error);
      return;
    }

  lrs_security_log (lrs->store, "transfer-imported", requester->staff_id, owner->staff_id,
                    "%u statements, %u held already", ids->len, already);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "staff_id");
  json_builder_add_string_value (builder, owner->staff_id);
  json_builder_set_member_name (builder, "stored");
  json_builder_add_int_value (builder, ids->len - already);
  json_builder_set_member_name (builder, "already");
  json_builder_add_int_value (builder, already);
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}
