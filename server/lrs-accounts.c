/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Accounts: GET /account (the signed-in account, as statements name it),
 * and the administrators' /admin/accounts (list, add, import a roster,
 * disable, enable, reset a secret).  New accounts get a random key and
 * secret; the secret is shown once and kept only as an argon2id hash.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "lrs-accounts.h"
#include "lrs-http.h"
#include "lrs-keys.h"
#include "lrs-roster.h"
#include "lrs-security-log.h"
#include "lrs-server.h"

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
  json_builder_add_string_value (builder, lrs_role_to_string (account->role));
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
void
lrs_account_cb (SoupServer        *server,
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
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The account takes GET");
      return;
    }
  account = lrs_authenticate (lrs->auth, msg);
  if (account == NULL)
    return;

  json_builder_begin_object (builder);
  add_account_members (builder, account);
  json_builder_set_member_name (builder, "agent");
  json_builder_add_value (builder, lrs_account_agent (lrs, account));
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
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
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory to hash the secret"));
      return FALSE;
    }
  return TRUE;
}

/* Adds an account with a new key, whose secret @secret is hashed
 * already (@hash). */
static gboolean
add_hashed (LrsStore          *store,
            const guchar      *server_key,
            const LrsAccount  *fields,
            const char        *secret,
            const char        *hash,
            char             **key,
            GError           **error)
{
  g_autofree char *new_key = random_token (15);
  g_autofree char *derived = awareness_transfer_derive_key (secret);
  g_autofree char *transfer_key = lrs_transfer_key_wrap (server_key, derived);
  LrsAccount account = *fields;

  sodium_memzero (derived, strlen (derived));
  account.key = new_key;
  account.transfer_key = transfer_key;
  account.active = TRUE;
  if (!lrs_store_add_account (store, &account, hash, error))
    return FALSE;
  *key = g_steal_pointer (&new_key);
  return TRUE;
}

/* Adds an account with a new key and secret; the secret is returned to be
 * shown once and is kept only as a hash. */
gboolean
lrs_account_create (LrsStore          *store,
                    const guchar      *server_key,
                    const LrsAccount  *fields,
                    char             **key,
                    char             **secret,
                    GError           **error)
{
  g_autofree char *new_secret = random_token (24);
  char hash[crypto_pwhash_STRBYTES];

  if (!hash_secret (new_secret, hash, error) ||
      !add_hashed (store, server_key, fields, new_secret, hash, key, error))
    return FALSE;
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
  body = lrs_to_json (root);

  /* Shown once: no cache may keep it. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  lrs_respond (msg, status, "application/json", body);
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
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The accounts could not be read");
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
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
add_account_from_request (Lrs               *lrs,
                          SoupServerMessage *msg,
                          LrsAccount        *admin)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  LrsAccount account = { 0 };
  JsonObject *fields;
  const char *role;

  root = lrs_parse_body (msg, bytes, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                         error != NULL ? error->message : "An account is a JSON object");
      return;
    }

  fields = json_node_get_object (root);
  account.staff_id = (char *) json_object_get_string_member_with_default (fields, "staff_id", NULL);
  account.display_name = (char *) json_object_get_string_member_with_default (fields,
                                                                              "display_name", "");
  account.department = (char *) json_object_get_string_member_with_default (fields, "department",
                                                                            "");
  account.segment = (char *) json_object_get_string_member_with_default (fields, "segment", "");
  account.start_date = (char *) json_object_get_string_member_with_default (fields, "start_date",
                                                                            NULL);
  role = json_object_get_string_member_with_default (fields, "role", "learner");
  if (account.staff_id == NULL || account.staff_id[0] == '\0'
      || !g_utf8_validate (account.staff_id, -1, NULL))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "staff_id: missing");
      return;
    }
  if (!lrs_role_from_string (role, &account.role))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "role: learner, admin or department-head");
      return;
    }
  if (account.role == LRS_ROLE_DEPARTMENT_HEAD && account.department[0] == '\0')
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "department: a department head needs one");
      return;
    }
  {
    GDate start;

    if (account.start_date != NULL && !awareness_date_parse (account.start_date, &start))
      {
        lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "start_date: a date, YYYY-MM-DD");
        return;
      }
  }

  if (!lrs_account_create (lrs->store, lrs->config.server_key, &account, &key, &secret, &error))
    {
      /* The only way to fail with valid fields is a staff id in use. */
      lrs_respond_error (msg, LRS_ERROR_CONFLICT, "staff_id: an account with this staff id exists");
      return;
    }

  lrs_security_log (lrs->store, "account-created", admin->staff_id, account.staff_id, "role %s",
                    lrs_role_to_string (account.role));
  respond_credentials (msg, SOUP_STATUS_CREATED, account.staff_id, key, secret);
  sodium_memzero (secret, strlen (secret));
}

static void
change_account (Lrs               *lrs,
                SoupServerMessage *msg,
                LrsAccount        *admin,
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
          lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The secret could not be made");
          return;
        }
    }
  else
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_FOUND,
                         "Accounts take disable, enable and reset-secret");
      return;
    }

  if (secret != NULL)
    {
      g_autofree char *derived = awareness_transfer_derive_key (secret);

      transfer_key = lrs_transfer_key_wrap (lrs->config.server_key, derived);
      sodium_memzero (derived, strlen (derived));
    }
  if (!lrs_store_update_account (lrs->store, staff_id, active, secret != NULL ? hash : NULL,
                                 transfer_key, &key, &error))
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No account with this staff id");
      return;
    }

  /* The old secret must not be honoured from memory. */
  lrs_auth_forget (lrs->auth, key);
  lrs_security_log (lrs->store, g_strcmp0 (action, "reset-secret") == 0 ? "secret-reset"
                                : active == 0 ? "account-disabled" : "account-enabled",
                    admin->staff_id, staff_id, NULL);

  if (secret != NULL)
    {
      respond_credentials (msg, SOUP_STATUS_OK, staff_id, key, secret);
      sodium_memzero (secret, strlen (secret));
    }
  else
    lrs_respond (msg, SOUP_STATUS_NO_CONTENT, NULL, NULL);
}

/* A roster import while a worker hashes the new secrets. */
typedef struct {
  Lrs               *lrs;
  SoupServerMessage *msg;
  char              *admin;       /* the staff id of the administrator */
  GPtrArray         *rows;        /* LrsRosterRow */
  GPtrArray         *rejections;  /* LrsRosterRejection */
  char             **secrets;     /* one per row */
  char             **hashes;      /* one per row, or NULL if it failed */
} Import;

static void
import_free (Import *import)
{
  for (guint i = 0; i < import->rows->len; i++)
    {
      if (import->secrets[i] != NULL)
        sodium_memzero (import->secrets[i], strlen (import->secrets[i]));
      g_free (import->secrets[i]);
      g_free (import->hashes[i]);
    }
  g_free (import->secrets);
  g_free (import->hashes);
  g_ptr_array_unref (import->rows);
  g_ptr_array_unref (import->rejections);
  g_free (import->admin);
  g_object_unref (import->msg);
  g_free (import);
}

/* In a worker: a secret and its argon2id hash for every row. */
static void
hash_rows_work (gpointer data,
                gpointer user_data)
{
  Import *import = data;

  for (guint i = 0; i < import->rows->len; i++)
    {
      char hash[crypto_pwhash_STRBYTES];

      import->secrets[i] = random_token (24);
      if (hash_secret (import->secrets[i], hash, NULL))
        import->hashes[i] = g_strdup (hash);
    }
}

/* On the main loop: the accounts, with the secrets hashed; the answer. */
static gboolean
import_hashed_cb (gpointer data)
{
  Import *import = data;
  Lrs *lrs = import->lrs;
  SoupServerMessage *msg = import->msg;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "created");
  json_builder_begin_array (builder);
  for (guint i = 0; i < import->rows->len; i++)
    {
      LrsRosterRow *row = g_ptr_array_index (import->rows, i);
      g_autofree char *key = NULL;
      LrsAccount account = { 0 };
      const char *reason = NULL;
      locale_t previous;

      account.staff_id = row->staff_id;
      account.display_name = row->display_name;
      account.department = row->department;
      account.segment = row->segment;
      account.start_date = row->start_date;
      lrs_role_from_string (row->role, &account.role);
      if (import->hashes[i] == NULL)
        reason = N_("the secret could not be made");
      else if (!add_hashed (lrs->store, lrs->config.server_key, &account, import->secrets[i],
                            import->hashes[i], &key, NULL))
        reason = N_("an account with this staff id exists");
      if (reason != NULL)
        {
          LrsRosterRejection *rejection = g_new0 (LrsRosterRejection, 1);

          rejection->line = row->line;
          rejection->staff_id = g_strdup (row->staff_id);
          previous = lrs_use_request_language (msg);
          rejection->reason = g_strdup (_(reason));
          lrs_restore_language (previous);
          g_ptr_array_add (import->rejections, rejection);
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
      json_builder_add_string_value (builder, import->secrets[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  lrs_security_log (lrs->store, "roster-imported", import->admin, NULL, "%u rows, %u refused",
                    import->rows->len + import->rejections->len, import->rejections->len);
  json_builder_set_member_name (builder, "rejected");
  json_builder_begin_array (builder);
  for (guint i = 0; i < import->rejections->len; i++)
    {
      LrsRosterRejection *rejection = g_ptr_array_index (import->rejections, i);

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
  body = lrs_to_json (root);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  lrs_respond (msg, SOUP_STATUS_OK, "application/json", body);
  sodium_memzero (body, strlen (body));
  soup_server_message_unpause (msg);
  import_free (import);
  return G_SOURCE_REMOVE;
}

/*
 * POST /admin/accounts/import: a roster as CSV, of at most [limits]
 * max-import-rows rows.  Every row that can become an account does; the
 * answer lists the new keys and secrets, once, and the rows refused with
 * their line and reason.  The secrets are hashed by the workers of
 * lrs_auth_run() while the request waits: other requests go on.
 */
static void
import_roster (Lrs               *lrs,
               SoupServerMessage *msg,
               LrsAccount        *admin)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GError) error = NULL;
  Import *import;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!lrs_roster_parse (data != NULL ? data : "", size, &rows, &rejections, &error))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error->message);
      return;
    }
  known = lrs_roster_known_departments (lrs->store, lrs->catalog, &error);
  if (known == NULL)
    {
      g_warning ("Reading the departments for a roster failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The departments could not be read");
      return;
    }
  lrs_roster_refuse_unknown_departments (rows, rejections, known);
  /* Each new account's secret is hashed with argon2id: a bounded cost. */
  if (rows->len + rejections->len > lrs->config.max_import_rows)
    {
      g_autofree char *message = g_strdup_printf (_("The roster has %u rows; an import takes at "
                                                    "most %u ([limits] max-import-rows): split the "
                                                    "file and import each part"),
                                                  rows->len + rejections->len,
                                                  lrs->config.max_import_rows);

      lrs_respond_error (msg, LRS_ERROR_TOO_LARGE, message);
      return;
    }

  import = g_new0 (Import, 1);
  import->lrs = lrs;
  import->msg = g_object_ref (msg);
  import->admin = g_strdup (admin->staff_id);
  import->rows = g_steal_pointer (&rows);
  import->rejections = g_steal_pointer (&rejections);
  import->secrets = g_new0 (char *, import->rows->len + 1);
  import->hashes = g_new0 (char *, import->rows->len + 1);
  soup_server_message_pause (msg);
  lrs_auth_run (lrs->auth, hash_rows_work, import_hashed_cb, import);
}

/*
 * /admin/accounts: GET lists, POST adds (the secret is in the answer,
 * once); POST /admin/accounts/import takes a roster as CSV;
 * POST /admin/accounts/STAFF-ID/{disable,enable,reset-secret}.
 * Administrators only.
 */
void
lrs_admin_accounts_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *params,
                       gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(LrsAccount) account = lrs_authenticate_admin (lrs->auth, msg);
  g_auto(GStrv) parts = NULL;

  if (account == NULL)
    return;

  parts = g_strsplit (path + strlen ("/admin/accounts"), "/", -1);
  if (g_strv_length (parts) <= 1 || (g_strv_length (parts) == 2 && parts[1][0] == '\0'))
    {
      if (g_strcmp0 (method, "GET") == 0)
        list_accounts (lrs, msg);
      else if (g_strcmp0 (method, "POST") == 0)
        add_account_from_request (lrs, msg, account);
      else
        lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Accounts take GET and POST");
      return;
    }

  if (g_strv_length (parts) == 2 && g_strcmp0 (parts[1], "import") == 0
      && g_strcmp0 (method, "POST") == 0)
    {
      import_roster (lrs, msg, account);
      return;
    }

  if (g_strv_length (parts) == 3 && g_strcmp0 (method, "POST") == 0)
    {
      g_autofree char *staff_id = g_uri_unescape_string (parts[1], NULL);

      if (staff_id != NULL)
        {
          change_account (lrs, msg, account, staff_id, parts[2]);
          return;
        }
    }

  lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such resource");
}
