/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * /admin/staff: the staff as administrators manage them from the
 * dashboard and the command line: the list with e-mail addresses,
 * filtered; a change of name, department, segment, role, e-mail address
 * or language; and a roster import that is previewed (new, changed,
 * disabled and refused rows, by line) before anything changes.  Every
 * change is in the audit log.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "lrs-accounts.h"
#include "lrs-http.h"
#include "lrs-report.h"
#include "lrs-roster.h"
#include "lrs-security-log.h"
#include "lrs-server.h"

static gboolean
matches (LrsAccount *account,
         LrsContact *contact,
         GHashTable *params)
{
  const char *department = params != NULL ? g_hash_table_lookup (params, "department") : NULL;
  const char *role = params != NULL ? g_hash_table_lookup (params, "role") : NULL;
  const char *state = params != NULL ? g_hash_table_lookup (params, "state") : NULL;
  const char *text = params != NULL ? g_hash_table_lookup (params, "q") : NULL;

  if (department != NULL && g_strcmp0 (department, account->department) != 0)
    return FALSE;
  if (role != NULL && g_strcmp0 (role, lrs_role_to_string (account->role)) != 0)
    return FALSE;
  if (state != NULL && g_strcmp0 (state, account->active ? "active" : "disabled") != 0)
    return FALSE;
  if (text != NULL && text[0] != '\0')
    {
      g_autofree char *wanted = g_utf8_casefold (text, -1);
      const char *fields[] = { account->staff_id, account->display_name, account->department,
                               contact != NULL ? contact->email : NULL };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          g_autofree char *field = fields[i] != NULL ? g_utf8_casefold (fields[i], -1) : NULL;

          if (field != NULL && strstr (field, wanted) != NULL)
            return TRUE;
        }
      return FALSE;
    }
  return TRUE;
}

/* GET /admin/staff?department=&role=&state=active|disabled&q=TEXT */
static void
list_staff (Lrs               *lrs,
            SoupServerMessage *msg,
            GHashTable        *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = lrs_store_list_accounts (lrs->store, &error);
  g_autoptr(GHashTable) contacts = accounts != NULL ? lrs_store_get_contacts (lrs->store,
                                                                              &error) : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (contacts == NULL)
    {
      g_warning ("Listing the staff failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The staff could not be read");
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      LrsAccount *account = g_ptr_array_index (accounts, i);
      LrsContact *contact = g_hash_table_lookup (contacts, account->staff_id);

      if (!matches (account, contact, params))
        continue;
      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "staff_id", account->staff_id);
      lrs_json_add_nullable (builder, "display_name", account->display_name);
      lrs_json_add_nullable (builder, "department", account->department);
      lrs_json_add_nullable (builder, "segment", account->segment);
      lrs_json_add_nullable (builder, "role", lrs_role_to_string (account->role));
      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, account->active);
      lrs_json_add_nullable (builder, "start_date", account->start_date);
      lrs_json_add_nullable (builder, "email", contact != NULL ? contact->email : NULL);
      lrs_json_add_nullable (builder, "language", contact != NULL ? contact->language : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* A string member of @fields, NULL when absent; FALSE when it is there
 * but not a string. */
static gboolean
string_member (JsonObject  *fields,
               const char  *name,
               const char **value)
{
  JsonNode *node = json_object_get_member (fields, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

/* Whether @staff_id, with @role (-1: unchanged) and @department (NULL:
 * unchanged), is not a department head without a department: a
 * department head sees their own department and needs one. */
static gboolean
department_head_has_department (Lrs         *lrs,
                                const char  *staff_id,
                                int          role,
                                const char  *department,
                                GError     **error)
{
  g_autoptr(GPtrArray) accounts = NULL;

  if (department == NULL || role < 0)
    {
      accounts = lrs_store_list_accounts (lrs->store, error);
      if (accounts == NULL)
        return FALSE;
      for (guint i = 0; i < accounts->len; i++)
        {
          LrsAccount *account = g_ptr_array_index (accounts, i);

          if (g_strcmp0 (account->staff_id, staff_id) != 0)
            continue;
          if (role < 0)
            role = account->role;
          if (department == NULL)
            department = account->department;
        }
    }
  if (role == LRS_ROLE_DEPARTMENT_HEAD && (department == NULL || department[0] == '\0'))
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                           "department: a department head needs one");
      return FALSE;
    }
  return TRUE;
}

/* PATCH /admin/staff/STAFF-ID with any of display_name, department,
 * segment, role, email (empty to remove) and language (ja or en). */
static void
change_staff (Lrs               *lrs,
              SoupServerMessage *msg,
              LrsAccount        *admin,
              const char        *staff_id)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = lrs_parse_body (msg, bytes, &error);
  g_autoptr(GString) what = g_string_new (NULL);
  g_autofree char *key = NULL;
  const char *names[] = { "display_name", "department", "segment", "role", "email", "language" };
  const char *values[G_N_ELEMENTS (names)] = { NULL };
  LrsContact contact = { 0 };
  int role = -1;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error != NULL ? error->message
                                                                   : "A change is a JSON object");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (!string_member (json_node_get_object (root), names[i], &values[i]))
      {
        g_autofree char *message = g_strdup_printf ("%s: a string", names[i]);

        lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, message);
        return;
      }
  for (guint i = 0; i < 4; i++)
    if (lrs_cell_is_formula (values[i]))
      {
        g_autofree char *message = g_strdup_printf ("%s: looks like a spreadsheet formula",
                                                    names[i]);

        lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, message);
        return;
      }
  if (values[3] != NULL && !lrs_role_from_string (values[3], (LrsRole *) &role))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "role: learner, admin or department-head");
      return;
    }
  if (values[4] != NULL && values[4][0] != '\0' && !lrs_email_is_valid (values[4]))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "email: not an e-mail address");
      return;
    }
  if (values[5] != NULL && values[5][0] != '\0' && g_strcmp0 (values[5], "ja") != 0 &&
      g_strcmp0 (values[5], "en") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "language: ja or en");
      return;
    }
  if (!department_head_has_department (lrs, staff_id, role, values[1], &error))
    {
      lrs_respond_gerror (msg, error);
      return;
    }

  if (!lrs_store_change_account (lrs->store, staff_id, values[0], values[1], values[2], role, &key,
                                 &error))
    {
      if (g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND))
        lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No account with this staff id");
      else
        lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The account could not be changed");
      return;
    }
  contact.email = (char *) values[4];
  contact.language = (char *) values[5];
  if ((contact.email != NULL || contact.language != NULL) &&
      !lrs_store_set_contact (lrs->store, staff_id, &contact, &error))
    {
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The e-mail address could not be stored");
      return;
    }
  /* A role taken away takes the sessions with it. */
  if (role >= 0)
    lrs_auth_forget (lrs->auth, key);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (values[i] != NULL)
      g_string_append_printf (what, "%s%s=%s", what->len > 0 ? ", " : "", names[i], values[i]);
  lrs_security_log (lrs->store, "account-changed", admin->staff_id, staff_id, "%s", what->str);
  lrs_respond (msg, SOUP_STATUS_NO_CONTENT, NULL, NULL);
}

/* Roster import */

typedef enum {
  ROW_NEW,
  ROW_CHANGED,
  ROW_DISABLED,
  ROW_ENABLED,
  ROW_UNCHANGED,
} RowKind;

static const char * const kind_names[] = { "new", "changed", "disabled", "enabled", "unchanged" };

/* What @row changes in @account (NULL for a new one), as text; empty
 * when nothing. */
static char *
describe_changes (LrsRosterRow *row,
                  LrsAccount   *account,
                  LrsContact   *contact)
{
  GString *changes = g_string_new (NULL);
  const char *email = contact != NULL && contact->email != NULL ? contact->email : "";
  const struct {
    const char *name;
    const char *before;
    const char *after;
  } fields[] = {
    { "display_name", account->display_name, row->display_name },
    { "department", account->department, row->department },
    { "segment", account->segment, row->segment },
    { "role", lrs_role_to_string (account->role), row->role },
    { "email", email, row->email },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].after != NULL && g_strcmp0 (fields[i].before != NULL ? fields[i].before : "",
                                              fields[i].after) != 0)
      g_string_append_printf (changes, "%s%s: %s → %s", changes->len > 0 ? ", " : "",
                              fields[i].name,
                              fields[i].before != NULL ? fields[i].before : "", fields[i].after);
  return g_string_free (changes, FALSE);
}

static void
add_preview_row (JsonBuilder  *builder,
                 LrsRosterRow *row,
                 RowKind       kind,
                 const char   *changes)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, row->line);
  lrs_json_add_nullable (builder, "staff_id", row->staff_id);
  lrs_json_add_nullable (builder, "display_name", row->display_name);
  lrs_json_add_nullable (builder, "department", row->department);
  lrs_json_add_nullable (builder, "kind", kind_names[kind]);
  lrs_json_add_nullable (builder, "changes", changes);
  json_builder_end_object (builder);
}

/* Applies one row of a confirmed import; new accounts' credentials go to
 * @created, once. */
static gboolean
apply_row (Lrs          *lrs,
           LrsAccount   *admin,
           LrsRosterRow *row,
           RowKind       kind,
           const char   *changes,
           JsonBuilder  *created,
           GError      **error)
{
  g_autofree char *key = NULL;
  LrsRole role = LRS_ROLE_LEARNER;
  LrsContact contact = { row->email, NULL };

  lrs_role_from_string (row->role, &role);
  if (kind == ROW_NEW)
    {
      g_autofree char *secret = NULL;
      LrsAccount account = { 0 };

      account.staff_id = row->staff_id;
      account.display_name = row->display_name;
      account.department = row->department;
      account.segment = row->segment;
      account.start_date = row->start_date;
      account.role = role;
      if (!lrs_account_create (lrs->store, lrs->config.server_key, &account, &key, &secret, error))
        return FALSE;
      lrs_security_log (lrs->store, "account-created", admin->staff_id, row->staff_id,
                        "role %s, roster line %u",
                        row->role, row->line);
      json_builder_begin_object (created);
      json_builder_set_member_name (created, "line");
      json_builder_add_int_value (created, row->line);
      lrs_json_add_nullable (created, "staff_id", row->staff_id);
      lrs_json_add_nullable (created, "key", key);
      lrs_json_add_nullable (created, "secret", secret);
      json_builder_end_object (created);
      sodium_memzero (secret, strlen (secret));
      if (row->active == 0 &&
          !lrs_store_update_account (lrs->store, row->staff_id, 0, NULL, NULL, NULL, error))
        return FALSE;
    }
  else if (changes != NULL && changes[0] != '\0')
    {
      if (!lrs_store_change_account (lrs->store, row->staff_id, row->display_name, row->department,
                                     row->segment, role, &key, error))
        return FALSE;
      lrs_auth_forget (lrs->auth, key);
      lrs_security_log (lrs->store, "account-changed", admin->staff_id, row->staff_id,
                        "%s, roster line %u",
                        changes, row->line);
    }
  if (kind == ROW_DISABLED || kind == ROW_ENABLED)
    {
      g_clear_pointer (&key, g_free);
      if (!lrs_store_update_account (lrs->store, row->staff_id, kind == ROW_ENABLED, NULL, NULL,
                                     &key, error))
        return FALSE;
      lrs_auth_forget (lrs->auth, key);
      lrs_security_log (lrs->store, kind == ROW_ENABLED ? "account-enabled" : "account-disabled",
                        admin->staff_id, row->staff_id, "roster line %u", row->line);
    }
  if (row->email != NULL && !lrs_store_set_contact (lrs->store, row->staff_id, &contact, error))
    return FALSE;
  return TRUE;
}

/*
 * POST /admin/staff/roster[?dry-run=true][&encoding=utf-8|shift_jis]: a
 * roster as CSV.  The answer previews every row (new, changed, disabled,
 * enabled, unchanged) and the refused ones with line and reason; a dry
 * run or a roster with a refused row changes nothing (422 for the
 * latter).  Otherwise every row is applied and the answer has the new
 * accounts' keys and secrets, once.
 */
static void
import_roster (Lrs               *lrs,
               SoupServerMessage *msg,
               LrsAccount        *admin,
               GHashTable        *params)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GHashTable) contacts = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonBuilder) created = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *body = NULL;
  g_autofree RowKind *kinds = NULL;
  g_auto(GStrv) changes = NULL;
  guint counts[G_N_ELEMENTS (kind_names)] = { 0 };
  gboolean dry_run = params != NULL && g_strcmp0 (g_hash_table_lookup (params, "dry-run"),
                                                  "true") == 0;
  gsize size, utf8_size;
  const char *data = g_bytes_get_data (bytes, &size);

  utf8 = lrs_roster_to_utf8 (data != NULL ? data : "", size,
                             params != NULL ? g_hash_table_lookup (params,
                                                                   "encoding") : NULL, &utf8_size,
                             &error);
  if (utf8 == NULL || !lrs_roster_parse (utf8, utf8_size, &rows, &rejections, &error))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error->message);
      return;
    }
  known = lrs_roster_known_departments (lrs->store, lrs->catalog, &error);
  if (known != NULL)
    lrs_roster_refuse_unknown_departments (rows, rejections, known);
  accounts = known != NULL ? lrs_store_list_accounts (lrs->store, &error) : NULL;
  contacts = accounts != NULL ? lrs_store_get_contacts (lrs->store, &error) : NULL;
  if (contacts == NULL)
    {
      g_warning ("Reading the staff for a roster failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The staff could not be read");
      return;
    }
  for (guint i = 0; i < accounts->len; i++)
    g_hash_table_insert (by_id, ((LrsAccount *) accounts->pdata[i])->staff_id, accounts->pdata[i]);

  kinds = g_new0 (RowKind, rows->len);
  changes = g_new0 (char *, rows->len + 1);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsRosterRow *row = g_ptr_array_index (rows, i);
      LrsAccount *account = g_hash_table_lookup (by_id, row->staff_id);

      if (account == NULL)
        kinds[i] = ROW_NEW;
      else
        {
          changes[i] = describe_changes (row, account, g_hash_table_lookup (contacts,
                                                                            row->staff_id));
          kinds[i] = row->active == 0 && account->active ? ROW_DISABLED
                   : row->active == 1 && !account->active ? ROW_ENABLED
                   : changes[i][0] != '\0' ? ROW_CHANGED : ROW_UNCHANGED;
        }
      counts[kinds[i]]++;
      add_preview_row (builder, row, kinds[i], changes[i]);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "refused");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rejections->len; i++)
    {
      LrsRosterRejection *rejection = g_ptr_array_index (rejections, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, rejection->line);
      lrs_json_add_nullable (builder, "staff_id", rejection->staff_id);
      lrs_json_add_nullable (builder, "reason", rejection->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
    {
      json_builder_set_member_name (builder, kind_names[k]);
      json_builder_add_int_value (builder, counts[k]);
    }

  json_builder_begin_array (created);
  if (!dry_run && rejections->len == 0)
    {
      for (guint i = 0; i < rows->len; i++)
        if (!apply_row (lrs, admin, g_ptr_array_index (rows, i), kinds[i], changes[i], created,
                        &error))
          {
            /* Rows before this one are applied, and in the audit log. */
            g_warning ("A roster import stopped at a row: %s", error->message);
            lrs_respond_error (msg, LRS_ERROR_INTERNAL,
                               "The roster could not be applied past a row");
            return;
          }
      lrs_security_log (lrs->store, "roster-imported", admin->staff_id, NULL,
                        "%u new, %u changed, %u disabled, %u enabled, %u unchanged",
                        counts[ROW_NEW], counts[ROW_CHANGED], counts[ROW_DISABLED],
                        counts[ROW_ENABLED],
                        counts[ROW_UNCHANGED]);
    }
  else if (!dry_run)
    lrs_security_log (lrs->store, "roster-refused", admin->staff_id, NULL,
                      "%u rows refused; nothing changed",
                      rejections->len);
  json_builder_end_array (created);
  json_builder_set_member_name (builder, "applied");
  json_builder_add_boolean_value (builder, !dry_run && rejections->len == 0);
  json_builder_set_member_name (builder, "created");
  json_builder_add_value (builder, json_builder_get_root (created));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  body = lrs_to_json (root);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  lrs_respond (msg,
               !dry_run && rejections->len > 0 ? SOUP_STATUS_UNPROCESSABLE_ENTITY : SOUP_STATUS_OK,
               "application/json", body);
  sodium_memzero (body, strlen (body));
}

/*
 * /admin/staff: GET lists the staff with their e-mail addresses (filters
 * department, role, state, q); PATCH /admin/staff/STAFF-ID changes one;
 * POST /admin/staff/roster imports a roster, previewed first.
 * Administrators only.
 */
void
lrs_admin_staff_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *params,
                    gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(LrsAccount) account = lrs_authenticate_admin (lrs->auth, msg);
  const char *rest;

  if (account == NULL)
    return;
  if (g_strcmp0 (path, "/admin/staff") == 0 || g_strcmp0 (path, "/admin/staff/") == 0)
    {
      if (g_strcmp0 (method, "GET") == 0)
        list_staff (lrs, msg, params);
      else
        lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The staff take GET");
      return;
    }
  if (g_strcmp0 (path, "/admin/staff/roster") == 0)
    {
      if (g_strcmp0 (method, "POST") == 0)
        import_roster (lrs, msg, account, params);
      else
        lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "A roster takes POST");
      return;
    }
  rest = path + strlen ("/admin/staff/");
  if (g_str_has_prefix (path, "/admin/staff/") && rest[0] != '\0' && strchr (rest, '/') == NULL)
    {
      g_autofree char *staff_id = g_uri_unescape_string (rest, NULL);

      if (g_strcmp0 (method, "PATCH") != 0)
        lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "A member of staff takes PATCH");
      else if (staff_id != NULL)
        change_staff (lrs, msg, account, staff_id);
      else
        lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such resource");
      return;
    }
  lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such resource");
}
