/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The storage of administration, for both engines: the audit log (the
 * security_log table, append-only), changes to an account's fields and
 * the staff's contacts (e-mail address, language).  lrs-store-audit.c
 * has them for SQLite, lrs-store-pg-audit.c for PostgreSQL; the stores'
 * iface_init hands their vfuncs over to these files.
 */
#pragma once

#include <libpq-fe.h>
#include <sqlite3.h>

#include "lrs-store.h"
#include "lrs-store-pg.h"

G_BEGIN_DECLS

/* The PostgreSQL migration that makes the security log the audit log. */
#define LRS_PG_AUDIT_MIGRATION \
  "ALTER TABLE security_log ADD COLUMN address TEXT;" \
  "CREATE INDEX security_log_by_at ON security_log (at, seq);" \
  "CREATE FUNCTION security_log_append_only () RETURNS trigger LANGUAGE plpgsql AS " \
  "  $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;" \
  "CREATE TRIGGER security_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON security_log " \
  "  FOR EACH STATEMENT EXECUTE FUNCTION security_log_append_only ();"

/* The PostgreSQL migration that adds the staff's contacts. */
#define LRS_PG_CONTACTS_MIGRATION \
  "CREATE TABLE account_contacts (" \
  "  staff_id TEXT COLLATE \"C\" PRIMARY KEY," \
  "  email TEXT," \
  "  language TEXT);" \
  "CREATE TABLE reminders_sent (" \
  "  staff_id TEXT COLLATE \"C\" NOT NULL," \
  "  item TEXT COLLATE \"C\" NOT NULL," \
  "  day TEXT COLLATE \"C\" NOT NULL," \
  "  PRIMARY KEY (staff_id, item, day));"

/* The PostgreSQL migration that lets accounts be department heads. */
#define LRS_PG_DEPARTMENT_HEAD_MIGRATION \
  "ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;" \
  "ALTER TABLE accounts ADD CONSTRAINT accounts_role_check " \
  "  CHECK (role IN ('learner', 'admin', 'department-head'));"

/* The columns of the SQLite accounts table, for the schema and for the
 * rebuild that lets accounts be department heads. */
#define LRS_SQLITE_ACCOUNTS_COLUMNS \
  "  key TEXT PRIMARY KEY," \
  "  secret_hash TEXT NOT NULL," \
  "  staff_id TEXT NOT NULL UNIQUE," \
  "  display_name TEXT NOT NULL DEFAULT ''," \
  "  department TEXT NOT NULL DEFAULT ''," \
  "  segment TEXT NOT NULL DEFAULT ''," \
  "  role TEXT NOT NULL CHECK (role IN ('learner', 'admin', 'department-head'))," \
  "  active INTEGER NOT NULL DEFAULT 1," \
  "  transfer_key TEXT," \
  "  start_date TEXT);"

/* lrs-store.c and lrs-store-pg.c */
sqlite3  *lrs_sqlite_store_get_db     (LrsSqliteStore     *self);
PGresult *lrs_pg_store_exec           (LrsPgStore         *self,
                                       const char         *sql,
                                       int                 n,
                                       const char * const *values,
                                       GError            **error);

/* lrs-store-audit.c */
gboolean  lrs_sqlite_admin_upgrade    (sqlite3            *db,
                                       GError            **error);
void      lrs_sqlite_audit_iface_init (LrsStoreInterface  *iface);

/* lrs-store-pg-audit.c */
void      lrs_pg_audit_iface_init     (LrsStoreInterface  *iface);

G_END_DECLS
