/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The audit log on SQLite: the security_log table, with the client's
 * address, and append-only (triggers refuse UPDATE and DELETE; nothing
 * in the server asks for either).
 */
#include "config.h"

#include "lrs-store-audit.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static const char audit_schema[] =
  "CREATE INDEX IF NOT EXISTS security_log_by_at ON security_log (at, seq);"
  "CREATE TRIGGER IF NOT EXISTS security_log_no_update BEFORE UPDATE ON security_log "
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS security_log_no_delete BEFORE DELETE ON security_log "
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;";

static gboolean
fail (sqlite3  *db,
      GError  **error)
{
  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "Database “%s”: %s",
               sqlite3_db_filename (db, "main"), sqlite3_errmsg (db));
  return FALSE;
}

/* Brings the security_log table of @db (made by the store's schema) up to
 * the audit log's: the address column, the index by time, the triggers. */
gboolean
lrs_sqlite_audit_upgrade (sqlite3  *db,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_address;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM pragma_table_info('security_log') "
                          "WHERE name = 'address'", -1, &stmt, NULL) != SQLITE_OK)
    return fail (db, error);
  has_address = sqlite3_step (stmt) == SQLITE_ROW;
  if ((!has_address && sqlite3_exec (db, "ALTER TABLE security_log ADD COLUMN address TEXT",
                                     NULL, NULL, NULL) != SQLITE_OK) ||
      sqlite3_exec (db, audit_schema, NULL, NULL, NULL) != SQLITE_OK)
    return fail (db, error);
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

void
lrs_sqlite_audit_iface_init (LrsStoreInterface *iface)
{
  iface->add_security_event = sqlite_add_security_event;
  iface->list_security_events = sqlite_list_security_events;
}
