/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Administration on SQLite: the audit log (the security_log table, with
 * the client's address, append-only: triggers refuse UPDATE and DELETE,
 * and nothing in the server asks for either), changes to accounts, and
 * the staff's contacts.
 */
#include "config.h"

#include "lrs-store-admin.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static const char audit_schema[] =
  "CREATE INDEX IF NOT EXISTS security_log_by_at ON security_log (at, seq);"
  "CREATE TRIGGER IF NOT EXISTS security_log_no_update BEFORE UPDATE ON security_log "
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS security_log_no_delete BEFORE DELETE ON security_log "
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TABLE IF NOT EXISTS account_contacts ("
  "  staff_id TEXT PRIMARY KEY,"
  "  email TEXT,"
  "  language TEXT);"
  /* Who was reminded of what on which day: never twice the same day. */
  "CREATE TABLE IF NOT EXISTS reminders_sent ("
  "  staff_id TEXT NOT NULL,"
  "  item TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  PRIMARY KEY (staff_id, item, day));";

static gboolean
fail (sqlite3  *db,
      GError  **error)
{
  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "Database “%s”: %s",
               sqlite3_db_filename (db, "main"), sqlite3_errmsg (db));
  return FALSE;
}

/* The accounts table of a store made before department heads, rebuilt
 * with the role among those its CHECK takes (SQLite cannot alter a
 * CHECK). */
static const char department_head_schema[] =
  "BEGIN IMMEDIATE;"
  "CREATE TABLE accounts_with_roles (" LRS_SQLITE_ACCOUNTS_COLUMNS
  "INSERT INTO accounts_with_roles (key, secret_hash, staff_id, display_name, department, "
  "  segment, role, active, transfer_key, start_date) "
  "  SELECT key, secret_hash, staff_id, display_name, department, segment, role, active, "
  "  transfer_key, start_date FROM accounts;"
  "DROP TABLE accounts;"
  "ALTER TABLE accounts_with_roles RENAME TO accounts;"
  "CREATE INDEX accounts_by_department ON accounts (department, staff_id);"
  "COMMIT;";

/* Brings the security_log table of @db (made by the store's schema) up to
 * the audit log's: the address column, the index by time, the triggers;
 * and the accounts table to one that takes department heads. */
gboolean
lrs_sqlite_admin_upgrade (sqlite3  *db,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) roles = NULL;
  gboolean has_address, has_department_heads;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM pragma_table_info('security_log') "
                          "WHERE name = 'address'", -1, &stmt, NULL) != SQLITE_OK)
    return fail (db, error);
  has_address = sqlite3_step (stmt) == SQLITE_ROW;
  if ((!has_address && sqlite3_exec (db, "ALTER TABLE security_log ADD COLUMN address TEXT",
                                     NULL, NULL, NULL) != SQLITE_OK) ||
      sqlite3_exec (db, audit_schema, NULL, NULL, NULL) != SQLITE_OK)
    return fail (db, error);
  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                          "name = 'accounts' AND sql LIKE '%department-head%'", -1, &roles,
                          NULL) != SQLITE_OK)
    return fail (db, error);
  has_department_heads = sqlite3_step (roles) == SQLITE_ROW;
  if (!has_department_heads && sqlite3_exec (db, department_head_schema, NULL, NULL, NULL)
                                 != SQLITE_OK)
    {
      fail (db, error);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_add_security_event (LrsStore               *store,
                           const LrsSecurityEvent *event,
                           GError                **error)
{
  sqlite3 *db = lrs_sqlite_store_get_db (LRS_SQLITE_STORE (store));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "INSERT INTO security_log "
                          "(at, event, actor, subject, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return fail (db, error);
  sqlite3_bind_text (stmt, 1, event->at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, event->event, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, event->actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, event->subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, event->detail, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, event->address, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (db, error);
  return TRUE;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static GPtrArray *
sqlite_list_security_events (LrsStore    *store,
                             const char  *since,
                             guint        limit,
                             GError     **error)
{
  sqlite3 *db = lrs_sqlite_store_get_db (LRS_SQLITE_STORE (store));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT seq, at, event, actor, subject, detail, address FROM ("
                          "  SELECT * FROM security_log WHERE at >= ? ORDER BY seq DESC LIMIT ?) "
                          "ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
    {
      fail (db, error);
      return NULL;
    }
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_security_event_free);
  sqlite3_bind_text (stmt, 1, since != NULL ? since : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LrsSecurityEvent *event = g_new0 (LrsSecurityEvent, 1);

      event->seq = sqlite3_column_int64 (stmt, 0);
      event->at = column_dup (stmt, 1);
      event->event = column_dup (stmt, 2);
      event->actor = column_dup (stmt, 3);
      event->subject = column_dup (stmt, 4);
      event->detail = column_dup (stmt, 5);
      event->address = column_dup (stmt, 6);
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&events);
}


/* Accounts and contacts */

/**
 * lrs_store_change_account:
 * @staff_id: the account
 * @display_name: (nullable): the new name, or NULL to keep it
 * @department: (nullable): likewise
 * @segment: (nullable): likewise
 * @role: an #LrsRole, or -1 to keep it
 * @key: (out) (optional): the account's key, to forget its sessions
 *
 * Returns: whether the account was changed (LRS_STORE_ERROR_NOT_FOUND
 *   when there is none with @staff_id)
 */
gboolean
lrs_store_change_account (LrsStore    *self,
                          const char  *staff_id,
                          const char  *display_name,
                          const char  *department,
                          const char  *segment,
                          int          role,
                          char       **key,
                          GError     **error)
{
  g_autofree char *found = NULL;

  if (!LRS_STORE_GET_IFACE (self)->change_account (self, staff_id, display_name, department,
                                                   segment, role,
                                                   &found, error))
    return FALSE;
  if (key != NULL)
    *key = g_steal_pointer (&found);
  return TRUE;
}

/* Sets the e-mail address and language of @staff_id (a NULL member is
 * kept as it is, an empty one removed). */
gboolean
lrs_store_set_contact (LrsStore         *self,
                       const char       *staff_id,
                       const LrsContact *contact,
                       GError          **error)
{
  return LRS_STORE_GET_IFACE (self)->set_contact (self, staff_id, contact, error);
}

/* Returns: (transfer full): staff id → #LrsContact, for those who have one */
GHashTable *
lrs_store_get_contacts (LrsStore  *self,
                        GError   **error)
{
  return LRS_STORE_GET_IFACE (self)->get_contacts (self, error);
}

/* The key of lrs_store_reminded_on()'s set for @staff_id and @item. */
char *
lrs_reminded_key (const char *staff_id,
                  const char *item)
{
  return g_strconcat (staff_id, "\x1f", item, NULL);
}

/* Returns: (transfer full): the set of lrs_reminded_key() of those
 * reminded of an item on @day (YYYY-MM-DD) */
GHashTable *
lrs_store_reminded_on (LrsStore    *self,
                       const char  *day,
                       GError     **error)
{
  return LRS_STORE_GET_IFACE (self)->reminded_on (self, day, error);
}

/* Records that @staff_id was reminded of @item on @day. */
gboolean
lrs_store_add_reminded (LrsStore    *self,
                        const char  *staff_id,
                        const char  *item,
                        const char  *day,
                        GError     **error)
{
  return LRS_STORE_GET_IFACE (self)->add_reminded (self, staff_id, item, day, error);
}

void
lrs_contact_free (LrsContact *contact)
{
  g_free (contact->email);
  g_free (contact->language);
  g_free (contact);
}

static const char *
role_name (int role)
{
  return role < 0 ? NULL : lrs_role_to_string (role);
}

static gboolean
sqlite_change_account (LrsStore    *store,
                       const char  *staff_id,
                       const char  *display_name,
                       const char  *department,
                       const char  *segment,
                       int          role,
                       char       **key,
                       GError     **error)
{
  sqlite3 *db = lrs_sqlite_store_get_db (LRS_SQLITE_STORE (store));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "UPDATE accounts SET display_name = coalesce (?2, display_name), "
                          "department = coalesce (?3, department), "
                          "segment = coalesce (?4, segment), "
                          "role = coalesce (?5, role) WHERE staff_id = ?1 RETURNING key",
                          -1, &stmt, NULL) != SQLITE_OK)
    return fail (db, error);
  sqlite3_bind_text (stmt, 1, staff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, display_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, department, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, segment, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, role_name (role), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *key = column_dup (stmt, 0);
      return sqlite3_step (stmt) == SQLITE_DONE || fail (db, error);
    }
  if (rc != SQLITE_DONE)
    return fail (db, error);
  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No account with staff id “%s”",
               staff_id);
  return FALSE;
}

static gboolean
sqlite_set_contact (LrsStore         *store,
                    const char       *staff_id,
                    const LrsContact *contact,
                    GError          **error)
{
  sqlite3 *db = lrs_sqlite_store_get_db (LRS_SQLITE_STORE (store));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "INSERT INTO account_contacts (staff_id, email, language) "
                          "VALUES (?1, nullif (?2, ''), nullif (?3, '')) "
                          "ON CONFLICT (staff_id) DO UPDATE SET "
                          "email = CASE WHEN ?2 IS NULL THEN email ELSE nullif (?2, '') END, "
                          "language = CASE WHEN ?3 IS NULL THEN language ELSE nullif (?3, '') END",
                          -1, &stmt, NULL) != SQLITE_OK)
    return fail (db, error);
  sqlite3_bind_text (stmt, 1, staff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, contact->email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, contact->language, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (db, error);
  return TRUE;
}

static GHashTable *
sqlite_get_contacts (LrsStore  *store,
                     GError   **error)
{
  sqlite3 *db = lrs_sqlite_store_get_db (LRS_SQLITE_STORE (store));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) contacts = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT staff_id, email, language FROM account_contacts", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      fail (db, error);
      return NULL;
    }
  contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) lrs_contact_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LrsContact *contact = g_new0 (LrsContact, 1);

      contact->email = column_dup (stmt, 1);
      contact->language = column_dup (stmt, 2);
      g_hash_table_insert (contacts, column_dup (stmt, 0), contact);
    }
  if (rc != SQLITE_DONE)
    {
      fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&contacts);
}

static GHashTable *
sqlite_reminded_on (LrsStore    *store,
                    const char  *day,
                    GError     **error)
{
  sqlite3 *db = lrs_sqlite_store_get_db (LRS_SQLITE_STORE (store));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) reminded = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT staff_id, item FROM reminders_sent WHERE day = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      fail (db, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  reminded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (reminded, lrs_reminded_key ((const char *) sqlite3_column_text (stmt, 0),
                                                  (const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&reminded);
}

static gboolean
sqlite_add_reminded (LrsStore    *store,
                     const char  *staff_id,
                     const char  *item,
                     const char  *day,
                     GError     **error)
{
  sqlite3 *db = lrs_sqlite_store_get_db (LRS_SQLITE_STORE (store));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO reminders_sent (staff_id, item, day) "
                          "VALUES (?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return fail (db, error);
  sqlite3_bind_text (stmt, 1, staff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, item, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, day, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (db, error);
  return TRUE;
}

void
lrs_sqlite_audit_iface_init (LrsStoreInterface *iface)
{
  iface->add_security_event = sqlite_add_security_event;
  iface->list_security_events = sqlite_list_security_events;
  iface->change_account = sqlite_change_account;
  iface->set_contact = sqlite_set_contact;
  iface->get_contacts = sqlite_get_contacts;
  iface->reminded_on = sqlite_reminded_on;
  iface->add_reminded = sqlite_add_reminded;
}
