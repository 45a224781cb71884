/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * /admin/content: the published content as administrators manage it from
 * the dashboard and the command line.  A package is first previewed: the
 * server verifies it as POST /content would (signature, trusted key,
 * content that validates, not older than what is published), says what
 * it changes against the published content (new, revised and removed
 * modules and checklists, and whether earlier passes of a revised one
 * still count), and keeps it in the database under a random token.  Only
 * a preview that passed verification can then be published, by its
 * token.  The list of published versions says who published each and
 * how many staff accounts have fetched it.  Previews, publishing and
 * refusals are in the audit log.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "lrs-assignments.h"
#include "lrs-content.h"
#include "lrs-content-store.h"
#include "lrs-http.h"
#include "lrs-report.h"
#include "lrs-security-log.h"
#include "lrs-server.h"

/* How long a preview can be published. */
#define PREVIEW_SECONDS (60 * 60)
#define TOKEN_BYTES 32

static char *
token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Removes @path and what it holds, never following a link. */
static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

/* When the published package was signed (Unix microseconds), or 0. */
static gint64
published_created (Lrs *lrs)
{
  g_autoptr(GBytes) data = lrs_store_get_package (lrs->store, NULL, NULL, NULL, NULL);
  g_autoptr(AwarenessPackage) package = NULL;

  if (data != NULL)
    package = awareness_package_open (data, (const char * const *) lrs->config.trusted_keys,
                                      NULL);
  return package != NULL ? awareness_package_get_created (package) : 0;
}

/*
 * The package verified as publishing would verify it, its content loaded
 * from a scratch install; NULL with @error set (and @problems, when the
 * content does not validate) if it would be refused.
 */
static AwarenessCatalog *
verify (Lrs               *lrs,
        AwarenessPackage  *package,
        GPtrArray        **problems,
        GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *scratch = g_dir_make_tmp ("awareness-preview-XXXXXX", &local_error);
  g_autofree char *installed = NULL;
  AwarenessCatalog *catalog = NULL;
  gint64 published = published_created (lrs);

  if (scratch == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (published > awareness_package_get_created (package))
    {
      g_autoptr(GDateTime) signed_at =
        g_date_time_new_from_unix_utc (awareness_package_get_created (package) / G_USEC_PER_SEC);
      g_autoptr(GDateTime) published_at = g_date_time_new_from_unix_utc (published /
                                                                         G_USEC_PER_SEC);
      g_autofree char *a = g_date_time_format_iso8601 (signed_at);
      g_autofree char *b = g_date_time_format_iso8601 (published_at);

      g_set_error (error, AWARENESS_PACKAGE_ERROR, AWARENESS_PACKAGE_ERROR_OLDER,
                   _("The package was signed on %s, before the published content (signed on %s): "
                     "it would not be installed over it. To go back to that content, pack and "
                     "sign it again."), a, b);
    }
  else
    {
      installed = awareness_package_install (package, scratch, problems, error);
      if (installed != NULL)
        catalog = awareness_catalog_new_for_directory (installed, NULL, error);
    }
  remove_tree (scratch);
  return catalog;
}

/* One line of the preview's changes. */
static void
add_change (JsonBuilder *builder,
            const char  *id,
            const char  *title,
            const char  *kind,
            const char  *old_version,
            const char  *new_version,
            int          passes_count)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  lrs_json_add_nullable (builder, "title", title);
  json_builder_set_member_name (builder, "change");
  json_builder_add_string_value (builder, kind);
  lrs_json_add_nullable (builder, "old_version", old_version);
  lrs_json_add_nullable (builder, "new_version", new_version);
  if (passes_count >= 0)
    {
      json_builder_set_member_name (builder, "passes_count");
      json_builder_add_boolean_value (builder, passes_count);
    }
  json_builder_end_object (builder);
}

/* A module or a checklist: what the preview compares of either. */
typedef struct {
  const char                *id;
  const char                *version;
  const char                *title;
  const AwarenessAssignment *assignment;  /* effective, with the server's overrides */
} Item;

static Item
item_of (GObject    *object,
         GHashTable *overrides,
         const char *lang)
{
  if (AWARENESS_IS_MODULE (object))
    {
      AwarenessModule *module = AWARENESS_MODULE (object);

      return (Item) { awareness_module_get_id (module), awareness_module_get_version (module),
                      awareness_module_get_title (module, lang),
                      awareness_module_get_effective_assignment (module, overrides) };
    }
  return (Item) { awareness_checklist_get_id (AWARENESS_CHECKLIST (object)),
                  awareness_checklist_get_version (AWARENESS_CHECKLIST (object)),
                  awareness_checklist_get_title (AWARENESS_CHECKLIST (object), lang),
                  awareness_checklist_get_effective_assignment (AWARENESS_CHECKLIST (object),
                                                                overrides) };
}

static GObject *
lookup (AwarenessCatalog *catalog,
        gboolean          modules,
        const char       *id)
{
  if (catalog == NULL)
    return NULL;
  return modules ? G_OBJECT (awareness_catalog_lookup_module (catalog, id))
                 : G_OBJECT (awareness_catalog_lookup_checklist (catalog, id));
}

static GListModel *
list (AwarenessCatalog *catalog,
      gboolean          modules)
{
  return modules ? awareness_catalog_get_modules (catalog)
                 : awareness_catalog_get_checklists (catalog);
}

/*
 * The modules (or checklists) of @next against @current (NULL: nothing
 * published): new, revised (another version) and removed, by id.  Of a
 * revised one with an assignment, whether passes of the earlier version
 * still count, by the rule the due dates follow.
 */
static void
add_changes (JsonBuilder      *builder,
             AwarenessCatalog *current,
             AwarenessCatalog *next,
             gboolean          modules,
             GHashTable       *overrides,
             const char       *lang)
{
  GListModel *items = list (next, modules);

  json_builder_set_member_name (builder, modules ? "modules" : "checklists");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (items, i);
      Item item = item_of (object, overrides, lang);
      GObject *old_object = lookup (current, modules, item.id);
      Item old;

      if (old_object == NULL)
        {
          add_change (builder, item.id, item.title, "new", NULL, item.version, -1);
          continue;
        }
      old = item_of (old_object, overrides, lang);
      if (g_strcmp0 (old.version, item.version) != 0)
        add_change (builder, item.id, item.title, "revised", old.version, item.version,
                    item.assignment != NULL
                      ? awareness_assignment_pass_counts (item.assignment, old.version)
                      : -1);
    }
  for (guint i = 0; current != NULL && i < g_list_model_get_n_items (list (current, modules)); i++)
    {
      g_autoptr(GObject) old_object = g_list_model_get_item (list (current, modules), i);
      Item old = item_of (old_object, overrides, lang);

      if (lookup (next, modules, old.id) == NULL)
        add_change (builder, old.id, old.title, "removed", old.version, NULL, -1);
    }
  json_builder_end_array (builder);
}

/*
 * POST /admin/content/preview, the package as the body: 200 with
 * "verified" true (the signer, the digest, the changes and the token to
 * publish it by) or false (the reason, and the content's problems).
 * Nothing is published.
 */
static void
preview_content (Lrs               *lrs,
                 SoupServerMessage *msg,
                 LrsAccount        *admin)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(AwarenessPackage) package = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) overrides = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *lang = lrs_request_language (msg);
  guchar raw[TOKEN_BYTES];
  char token[TOKEN_BYTES * 2 + 1];
  g_autofree char *hash = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *digest = NULL;

  if (lrs->config.trusted_keys == NULL || lrs->config.trusted_keys[0] == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_CONFLICT,
                         "The server trusts no content key: set [content] trusted-keys");
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "The body must be a content package");
      return;
    }
  if (g_bytes_get_size (bytes) > lrs->config.max_body)
    {
      lrs_respond_error (msg, LRS_ERROR_TOO_LARGE, "The body is too large");
      return;
    }
  if (!lrs_content_store_expire_previews (lrs->store, now - PREVIEW_SECONDS, &error))
    {
      g_warning ("Forgetting old content previews failed: %s", error->message);
      g_clear_error (&error);
    }

  package = awareness_package_open (bytes, (const char * const *) lrs->config.trusted_keys,
                                    &error);
  if (package != NULL)
    catalog = verify (lrs, package, &problems, &error);
  if (catalog != NULL)
    overrides = lrs_assignments_load_overrides (lrs->store, &error);
  /* The digest of what was uploaded, verified or not, for the audit log. */
  digest = package != NULL ? g_strdup (awareness_package_get_digest (package))
                           : g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  randombytes_buf (raw, sizeof raw);
  sodium_bin2hex (token, sizeof token, raw, sizeof raw);
  hash = token_hash (token);
  {
    g_autoptr(GError) store_error = NULL;

    if (!lrs_content_store_put_preview (lrs->store, hash, admin->staff_id, digest,
                                        overrides != NULL, now, bytes, &store_error))
      {
        g_warning ("Storing a content preview failed: %s", store_error->message);
        lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The preview could not be stored");
        return;
      }
  }
  if (overrides != NULL)
    lrs_security_log (lrs->store, "content-previewed", admin->staff_id, digest, "signed by %s",
                      awareness_package_get_key (package));
  else
    lrs_security_log (lrs->store, "content-preview-refused", admin->staff_id, digest, "%s",
                      error->message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "verified");
  json_builder_add_boolean_value (builder, overrides != NULL);
  json_builder_set_member_name (builder, "digest");
  json_builder_add_string_value (builder, digest);
  lrs_json_add_nullable (builder, "signer",
                         package != NULL ? awareness_package_get_key (package) : NULL);
  if (package != NULL)
    {
      g_autoptr(GDateTime) created =
        g_date_time_new_from_unix_utc (awareness_package_get_created (package) / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format_iso8601 (created);

      json_builder_set_member_name (builder, "signed");
      json_builder_add_string_value (builder, text);
    }
  lrs_json_add_nullable (builder, "reason", overrides == NULL ? error->message : NULL);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      g_autofree char *text = awareness_problem_to_string (g_ptr_array_index (problems, i));

      json_builder_add_string_value (builder, text);
    }
  json_builder_end_array (builder);
  if (overrides != NULL)
    {
      g_autofree char *current = NULL;
      g_autoptr(GBytes) latest = lrs_store_get_package (lrs->store, NULL, &current, NULL, NULL);

      lrs_json_add_nullable (builder, "current", current);
      add_changes (builder, lrs->catalog, catalog, TRUE, overrides, lang);
      add_changes (builder, lrs->catalog, catalog, FALSE, overrides, lang);
    }
  json_builder_end_object (builder);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
  sodium_memzero (token, sizeof token);
  sodium_memzero (raw, sizeof raw);
}

/*
 * POST /admin/content/publish {"token": …}: publishes what the same
 * administrator previewed within the hour, if it passed verification
 * (409 if it did not, 404 for an unknown or expired token).
 */
static void
publish_preview (Lrs               *lrs,
                 SoupServerMessage *msg,
                 LrsAccount        *admin)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LrsContentPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  JsonNode *root;
  const char *token = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), "token");

      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          json_node_get_value_type (member) == G_TYPE_STRING)
        token = json_node_get_string (member);
    }
  if (token == NULL || token[0] == '\0')
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                         "The body must be {\"token\": …}, the token of a preview");
      return;
    }
  hash = token_hash (token);
  preview = lrs_content_store_get_preview (lrs->store, hash, &error);
  if (preview == NULL && error != NULL)
    {
      g_warning ("Reading a content preview failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The preview could not be read");
      return;
    }
  if (preview == NULL || preview->created < now - PREVIEW_SECONDS ||
      g_strcmp0 (preview->staff_id, admin->staff_id) != 0)
    {
      lrs_security_log (lrs->store, "content-publish-refused", admin->staff_id,
                        preview != NULL ? preview->digest : NULL,
                        "no such preview, or expired, or another administrator's");
      lrs_respond_error (msg, LRS_ERROR_NOT_FOUND,
                         "No such preview: upload the package again to preview it");
      return;
    }
  if (!preview->verified)
    {
      lrs_security_log (lrs->store, "content-publish-refused", admin->staff_id, preview->digest,
                        "the package failed verification");
      lrs_respond_error (msg, LRS_ERROR_CONFLICT,
                         "The package failed verification: it cannot be published");
      return;
    }
  /* Verified again: the trusted keys may have changed since. */
  if (lrs_content_publish (lrs, msg, admin, preview->data) &&
      !lrs_content_store_delete_preview (lrs->store, hash, &error))
    g_warning ("Forgetting a published preview failed: %s", error->message);
}

/* GET /admin/content/versions: the published versions, the latest first. */
static void
list_versions (Lrs               *lrs,
               SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = lrs_content_store_list_versions (lrs->store, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (versions == NULL)
    {
      g_warning ("Listing the content versions failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The published versions could not be read");
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "versions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < versions->len; i++)
    {
      LrsContentVersion *version = g_ptr_array_index (versions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, version->seq);
      json_builder_set_member_name (builder, "digest");
      json_builder_add_string_value (builder, version->digest);
      json_builder_set_member_name (builder, "signer");
      json_builder_add_string_value (builder, version->signer);
      json_builder_set_member_name (builder, "published");
      json_builder_add_string_value (builder, version->published);
      lrs_json_add_nullable (builder, "published_by",
                             version->published_by[0] != '\0' ? version->published_by : NULL);
      json_builder_set_member_name (builder, "fetched_by");
      json_builder_add_int_value (builder, version->fetched_by);
      json_builder_set_member_name (builder, "current");
      json_builder_add_boolean_value (builder, i == 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/*
 * /admin/content: GET versions; POST preview (the package); POST
 * publish ({"token"}).  Administrators only; from the dashboard, with
 * its CSRF token and from its origin.
 */
void
lrs_admin_content_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *params,
                      gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(LrsAccount) account = lrs_authenticate_admin (lrs->auth, msg);

  if (account == NULL)
    return;
  lrs_set_security_headers (msg);
  if (g_strcmp0 (path, "/admin/content/versions") == 0)
    {
      if (g_strcmp0 (method, "GET") == 0)
        list_versions (lrs, msg);
      else
        lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The versions take GET");
    }
  else if (g_strcmp0 (path, "/admin/content/preview") == 0)
    {
      if (g_strcmp0 (method, "POST") == 0)
        preview_content (lrs, msg, account);
      else
        lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "A preview takes POST");
    }
  else if (g_strcmp0 (path, "/admin/content/publish") == 0)
    {
      if (g_strcmp0 (method, "POST") == 0)
        publish_preview (lrs, msg, account);
      else
        lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Publishing takes POST");
    }
  else
    lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such resource");
}
