/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Content packages.  An administrator publishes a package signed by a
 * key the server trusts and whose content validates (POST /content);
 * every account can ask for the latest (GET /content) and fetch it
 * (GET /content/DIGEST), and installs it only if its own configuration
 * trusts the signer too.
 */
#include "config.h"

#include <string.h>

#include "lrs-content.h"
#include "lrs-content-store.h"
#include "lrs-http.h"
#include "lrs-security-log.h"
#include "lrs-server.h"

/**
 * lrs_content_publish:
 * @lrs: the server
 * @msg: the request, answered here
 * @account: the administrator who publishes
 * @bytes: the package
 *
 * Publishes @bytes if it is a package signed by a key the server trusts
 * and its content validates, and answers @msg (201 with its digest, or
 * the refusal); a refusal is in the audit log.  POST /content and the
 * dashboard's POST /admin/content/publish both publish through this.
 *
 * Returns: whether the package was published
 */
gboolean
lrs_content_publish (Lrs               *lrs,
                     SoupServerMessage *msg,
                     LrsAccount        *account,
                     GBytes            *bytes)
{
  g_autoptr(AwarenessPackage) package = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *published = awareness_xapi_format_timestamp (now);
  g_autofree char *installed = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (lrs->config.trusted_keys == NULL || lrs->config.trusted_keys[0] == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_CONFLICT,
                         "The server trusts no content key: set [content] trusted-keys");
      return FALSE;
    }
  if (g_bytes_get_size (bytes) > lrs->config.max_body)
    {
      lrs_respond_error (msg, LRS_ERROR_TOO_LARGE, "The body is too large");
      return FALSE;
    }
  package = awareness_package_open (bytes, (const char * const *) lrs->config.trusted_keys, &error);
  if (package == NULL)
    {
      lrs_security_log (lrs->store, "content-publish-refused", account->staff_id, NULL, "%s",
                        error->message);
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error->message);
      return FALSE;
    }

  /* What staff machines will install must validate: the server installs
   * it first, for its own assignment reports. */
  installed = awareness_package_install (package, lrs->content_root, NULL, &error);
  if (installed == NULL)
    {
      lrs_security_log (lrs->store, "content-publish-refused", account->staff_id,
                        awareness_package_get_digest (package), "%s", error->message);
      /* Staff machines would refuse it too. */
      lrs_respond_error (msg,
                         g_error_matches (error, AWARENESS_PACKAGE_ERROR,
                                          AWARENESS_PACKAGE_ERROR_OLDER)
                           ? LRS_ERROR_CONFLICT
                           : LRS_ERROR_BAD_REQUEST,
                         error->message);
      return FALSE;
    }
  g_clear_object (&lrs->catalog);
  lrs->catalog = awareness_catalog_new_for_directory (installed, NULL, NULL);

  if (!lrs_store_put_package (lrs->store, awareness_package_get_digest (package),
                              awareness_package_get_key (package), published, bytes, &error))
    {
      g_warning ("Publishing content failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The package could not be stored");
      return FALSE;
    }
  lrs_security_log (lrs->store, "content-published", account->staff_id,
                    awareness_package_get_digest (package), "signed by %s",
                    awareness_package_get_key (package));

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
  lrs_respond_json (msg, SOUP_STATUS_CREATED, json_builder_get_root (builder));
  return TRUE;
}

static void
publish_content (Lrs               *lrs,
                 SoupServerMessage *msg)
{
  g_autoptr(LrsAccount) account = lrs_authenticate_admin (lrs->auth, msg);
  g_autoptr(GBytes) bytes = NULL;

  if (account == NULL)
    return;
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  lrs_content_publish (lrs, msg, account, bytes);
}

void
lrs_content_cb (SoupServer        *server,
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
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Content takes GET, and POST to publish");
      return;
    }
  account = lrs_authenticate (lrs->auth, msg);
  if (account == NULL)
    return;

  data = lrs_store_get_package (lrs->store, digest != NULL && digest[0] != '\0' ? digest : NULL,
                                &latest, &published, NULL);
  if (data == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, digest != NULL ? "No such content package"
                                                                : "No content has been published");
      return;
    }
  if (digest != NULL && digest[0] != '\0')
    {
      g_autoptr(GError) error = NULL;

      /* Which staff accounts have this version: the dashboard counts them. */
      if (!lrs_content_store_record_fetch (lrs->store, digest, account->staff_id,
                                           g_get_real_time () / G_USEC_PER_SEC, &error))
        g_warning ("Recording a content fetch failed: %s", error->message);
      /* The store's copy, sent as it is: a slow reader holds one copy of
       * the package, not two. */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                             "application/octet-stream", NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), data);
      return;
    }
  {
    g_autofree char *body =
      g_strdup_printf ("{\"digest\":\"%s\",\"published\":\"%s\",\"size\":%zu}", latest, published,
                       g_bytes_get_size (data));

    lrs_respond (msg, SOUP_STATUS_OK, "application/json", body);
  }
}
