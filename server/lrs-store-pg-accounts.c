/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PostgreSQL store's accounts and dashboard sessions (see
 * lrs-store-pg.c for the schema and the connection).
 */
#include "config.h"

#include <string.h>

#include "lrs-store.h"
#include "lrs-store-admin.h"
#include "lrs-store-private.h"
#include "lrs-store-pg-private.h"

/* A row of a result, for lrs_account_from_row(). */
typedef struct {
  PGresult *result;
  int       i;
} Row;

static const char *
column_text (gpointer data,
             int      column)
{
  Row *row = data;

  return PQgetisnull (row->result, row->i, column) ? NULL
                                                   : PQgetvalue (row->result, row->i, column);
}

static LrsAccount *
account_from_row (PGresult *result,
                  int       i)
{
  Row row = { result, i };

  return lrs_account_from_row (column_text, &row);
}

static LrsAccount *
pg_lookup_account (LrsStore   *store,
                   const char *key,
                   char      **secret_hash,
                   GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result =
    LRS_PG_RUN (self,
                "SELECT key, staff_id, display_name, department, segment, role, active, "
                "transfer_key, start_date, secret_hash FROM accounts WHERE key = $1",
                error, key);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No such account");
      return NULL;
    }
  if (secret_hash != NULL)
    *secret_hash = g_strdup (PQgetvalue (result, 0, 9));
  return account_from_row (result, 0);
}

static gboolean
pg_add_account (LrsStore         *store,
                const LrsAccount *account,
                const char       *secret_hash,
                GError          **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result = NULL;

  result = LRS_PG_RUN (
    self,
    "INSERT INTO accounts (key, secret_hash, staff_id, display_name, department, segment, role, "
    "active, transfer_key, start_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    error, account->key, secret_hash, account->staff_id,
    account->display_name != NULL ? account->display_name : "",
    account->department != NULL ? account->department : "",
    account->segment != NULL ? account->segment : "", lrs_role_to_string (account->role),
    account->active ? "1" : "0", account->transfer_key, account->start_date);
  return result != NULL;
}

static GPtrArray *
pg_list_accounts (LrsStore  *store,
                  GError   **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lrs_account_free);
  g_autoptr(PGresult) result =
    lrs_pg_run (self,
                "SELECT key, staff_id, display_name, department, segment, role, active, "
                "NULL, start_date FROM accounts ORDER BY department, staff_id",
                0, NULL, NULL, NULL, 0, error);

  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (accounts, account_from_row (result, i));
  return g_steal_pointer (&accounts);
}

static gboolean
pg_update_account (LrsStore   *store,
                   const char *staff_id,
                   int         active,
                   const char *secret_hash,
                   const char *transfer_key,
                   char      **key,
                   GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *state = g_strdup_printf ("%d", active);
  g_autoptr(PGresult) result =
    LRS_PG_RUN (self,
                "UPDATE accounts SET active = CASE WHEN $2::integer < 0 THEN active "
                "ELSE $2::integer END, secret_hash = coalesce($3, secret_hash), "
                "transfer_key = coalesce($4, transfer_key) WHERE staff_id = $1 "
                "RETURNING key",
                error, staff_id, state, secret_hash, transfer_key);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No account with staff id %s",
                   staff_id);
      return FALSE;
    }
  if (key != NULL)
    *key = g_strdup (PQgetvalue (result, 0, 0));
  return TRUE;
}

static gboolean
pg_put_session (LrsStore   *store,
                const char *digest,
                const char *account_key,
                const char *csrf,
                gint64      expires,
                GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *until = g_strdup_printf ("%" G_GINT64_FORMAT, expires);
  g_autoptr(PGresult) result =
    LRS_PG_RUN (self,
                "INSERT INTO sessions (digest, account_key, csrf, expires) "
                "VALUES ($1, $2, $3, $4)",
                error, digest, account_key, csrf, until);

  return result != NULL;
}

static char *
pg_get_session (LrsStore   *store,
                const char *digest,
                char      **csrf,
                gint64     *expires,
                GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result =
    LRS_PG_RUN (self, "SELECT account_key, csrf, expires FROM sessions WHERE digest = $1", error,
                digest);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No such session");
      return NULL;
    }
  *csrf = g_strdup (PQgetvalue (result, 0, 1));
  *expires = g_ascii_strtoll (PQgetvalue (result, 0, 2), NULL, 10);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static gboolean
pg_delete_sessions (LrsStore   *store,
                    const char *digest,
                    gint64      before,
                    GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *until = g_strdup_printf ("%" G_GINT64_FORMAT, before);
  g_autoptr(PGresult) result = NULL;

  if (digest != NULL)
    result = LRS_PG_RUN (self, "DELETE FROM sessions WHERE digest = $1", error, digest);
  else
    result = LRS_PG_RUN (self, "DELETE FROM sessions WHERE expires < $1", error, until);
  return result != NULL;
}

static gboolean
pg_delete_account_sessions (LrsStore   *store,
                            const char *account_key,
                            GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result =
    LRS_PG_RUN (self, "DELETE FROM sessions WHERE account_key = $1", error, account_key);

  return result != NULL;
}

void
lrs_pg_accounts_iface_init (LrsStoreInterface *iface)
{
  iface->lookup_account = pg_lookup_account;
  iface->add_account = pg_add_account;
  iface->list_accounts = pg_list_accounts;
  iface->update_account = pg_update_account;
  iface->put_session = pg_put_session;
  iface->get_session = pg_get_session;
  iface->delete_sessions = pg_delete_sessions;
  iface->delete_account_sessions = pg_delete_account_sessions;
}
