/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SQLite store's accounts and dashboard sessions (see
 * lrs-store-sqlite.c for the schema and the connection).
 */
#include "config.h"

#include <string.h>

#include "lrs-store.h"
#include "lrs-store-admin.h"
#include "lrs-store-private.h"
#include "lrs-store-sqlite-private.h"

static const char *
column_text (gpointer stmt,
             int      column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static LrsAccount *
account_from_row (sqlite3_stmt *stmt)
{
  return lrs_account_from_row (column_text, stmt);
}

static GPtrArray *
sqlite_list_accounts (LrsStore  *store,
                      GError   **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lrs_account_free);
  int rc;

  if (sqlite3_prepare_v2 (
        self->db,
        "SELECT key, staff_id, display_name, department, segment, role, active, NULL, start_date "
        "FROM accounts ORDER BY department, staff_id",
        -1, &stmt, NULL)
      != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&accounts);
}

static gboolean
sqlite_update_account (LrsStore   *store,
                       const char *staff_id,
                       int         active,
                       const char *secret_hash,
                       const char *transfer_key,
                       char      **key,
                       GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (
        self->db,
        "UPDATE accounts SET active = CASE WHEN ?2 < 0 THEN active ELSE ?2 END, "
        "secret_hash = coalesce(?3, secret_hash), transfer_key = coalesce(?4, transfer_key) "
        "WHERE staff_id = ?1 RETURNING key",
        -1, &stmt, NULL)
      != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, staff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, active);
  sqlite3_bind_text (stmt, 3, secret_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, transfer_key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No account with staff id %s",
                   staff_id);
      return FALSE;
    }
  if (key != NULL)
    *key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

static LrsAccount *
sqlite_lookup_account (LrsStore   *store,
                       const char *key,
                       char      **secret_hash,
                       GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LrsAccount *account;

  if (sqlite3_prepare_v2 (
        self->db,
        "SELECT key, staff_id, display_name, department, segment, role, active, transfer_key, "
        "start_date, secret_hash FROM accounts WHERE key = ?",
        -1, &stmt, NULL)
      != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No such account");
      return NULL;
    }

  account = account_from_row (stmt);
  if (secret_hash != NULL)
    *secret_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  return account;
}

static gboolean
sqlite_add_account (LrsStore         *store,
                    const LrsAccount *account,
                    const char       *secret_hash,
                    GError          **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (
        self->db,
        "INSERT INTO accounts (key, secret_hash, staff_id, display_name, department, "
        "segment, role, active, transfer_key, start_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        -1, &stmt, NULL)
      != SQLITE_OK)
    return lrs_sqlite_fail (self, error);

  sqlite3_bind_text (stmt, 1, account->key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, secret_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, account->staff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, account->display_name != NULL ? account->display_name : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, account->department != NULL ? account->department : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, account->segment != NULL ? account->segment : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, lrs_role_to_string (account->role), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, account->active ? 1 : 0);
  sqlite3_bind_text (stmt, 9, account->transfer_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, account->start_date, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);

  return TRUE;
}

static gboolean
sqlite_put_session (LrsStore   *store,
                    const char *digest,
                    const char *account_key,
                    const char *csrf,
                    gint64      expires,
                    GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (
        self->db, "INSERT INTO sessions (digest, account_key, csrf, expires) VALUES (?, ?, ?, ?)",
        -1, &stmt, NULL)
      != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, csrf, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, expires);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static char *
sqlite_get_session (LrsStore   *store,
                    const char *digest,
                    char      **csrf,
                    gint64     *expires,
                    GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT account_key, csrf, expires FROM sessions WHERE digest = ?", -1,
                          &stmt, NULL)
      != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No such session");
      else
        lrs_sqlite_fail (self, error);
      return NULL;
    }
  *csrf = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  *expires = sqlite3_column_int64 (stmt, 2);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
sqlite_delete_sessions (LrsStore   *store,
                        const char *digest,
                        gint64      before,
                        GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, digest != NULL ? "DELETE FROM sessions WHERE digest = ?1"
                                                   : "DELETE FROM sessions WHERE expires < ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, before);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static gboolean
sqlite_delete_account_sessions (LrsStore   *store,
                                const char *account_key,
                                GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM sessions WHERE account_key = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, account_key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

void
lrs_sqlite_accounts_iface_init (LrsStoreInterface *iface)
{
  iface->lookup_account = sqlite_lookup_account;
  iface->add_account = sqlite_add_account;
  iface->list_accounts = sqlite_list_accounts;
  iface->update_account = sqlite_update_account;
  iface->put_session = sqlite_put_session;
  iface->get_session = sqlite_get_session;
  iface->delete_sessions = sqlite_delete_sessions;
  iface->delete_account_sessions = sqlite_delete_account_sessions;
}
