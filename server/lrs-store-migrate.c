/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness-server migrate --from sqlite:FILE --to postgresql://…: moves
 * a city's records from its SQLite file to PostgreSQL, every table, in
 * one transaction.  Running it again copies nothing twice; a target that
 * holds other statements under the same sequence numbers is refused
 * rather than merged.
 */
#include "config.h"

#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "lrs-content-store.h"
#include "lrs-drills-store.h"
#include "lrs-store.h"
#include "lrs-store-pg.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct {
  const char *table;
  const char *columns;
  int         blob;      /* the column that is binary, or -1 */
} Table;

/* In an order that foreign keys accept. */
static const Table tables[] = {
  { "accounts",
    "key, secret_hash, staff_id, display_name, department, segment, role, active, transfer_key, "
    "start_date",
    -1 },
  { "statements",
    "seq, id, stored, statement, verb, actor, object_agent, activity, registration, voids, voided",
    -1 },
  { "statement_agents", "seq, agent", -1 },
  { "statement_activities", "seq, activity", -1 },
  { "verdicts", "seq, home_page, name, activity, module, passed, at, timestamp, score, version",
    -1 },
  { "answers", "seq, home_page, name, registration, activity, success, response", -1 },
  { "assignment_overrides", "module, rule", -1 },
  { "packages", "seq, digest, signer, published, data", 4 },
  { "attachments", "sha2, content_type, content", 2 },
  { "statement_attachments", "statement, sha2, owner, size", -1 },
  { "verdict_checks", "seq, verified, recorded", -1 },
  { "sessions", "digest, account_key, csrf, expires", -1 },
  { "documents",
    "kind, activity, agent, registration, id, content_type, content, etag, updated", 6 },
  { "security_log", "seq, at, event, actor, subject, detail, address", -1 },
  { "drills",
    "id, template, audience, audience_value, send_from, send_until, ends, follow_up_days, state, "
    "created, created_by",
    -1 },
  { "drill_recipients",
    "drill, staff_id, department, send_at, token_hash, sent_at, clicked_at, reported_at, scans, "
    "failure",
    -1 },
  { "drill_exclusions", "drill, staff_id", -1 },
  { "drill_settings", "name, value", -1 },
  { "drill_follow_ups", "drill, staff_id, module, assigned_at, due", -1 },
  { "content_fetches", "digest, staff_id, fetched", -1 },
};

static gboolean
pg_failed (PGconn      *conn,
           PGresult    *result,
           const char  *target,
           GError     **error)
{
  g_autofree char *message = g_strchomp (g_strdup (result != NULL ? PQresultErrorMessage (result)
                                                                  : PQerrorMessage (conn)));

  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "%s: %s", target, message);
  return FALSE;
}

static gboolean
pg_ok (PGresult *result)
{
  return PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;
}

/* Copies one table; a statement row whose sequence number holds another
 * statement in the target is an error. */
static gboolean
copy_table (sqlite3      *db,
            PGconn       *conn,
            const Table  *table,
            const char   *source,
            const char   *target,
            guint64      *copied,
            GError      **error)
{
  g_auto(GStrv) columns = g_strsplit (table->columns, ", ", -1);
  guint n = g_strv_length (columns);
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s", table->columns, table->table);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree const char **values = g_new0 (const char *, n);
  g_autofree int *lengths = g_new0 (int, n);
  g_autofree int *formats = g_new0 (int, n);
  gboolean statements = g_strcmp0 (table->table, "statements") == 0;
  int rc;

  g_string_printf (insert, "INSERT INTO %s (%s) VALUES (", table->table, table->columns);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (insert, i > 0 ? ", $%u" : "$%u", i + 1);
  g_string_append (insert, ") ON CONFLICT DO NOTHING RETURNING 1");
  if (table->blob >= 0)
    formats[table->blob] = 1;

  if (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "%s: %s", source,
                   sqlite3_errmsg (db));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PGresult) result = NULL;

      for (guint i = 0; i < n; i++)
        {
          if (sqlite3_column_type (stmt, (int) i) == SQLITE_NULL)
            values[i] = NULL;
          else if ((int) i == table->blob)
            {
              values[i] = sqlite3_column_blob (stmt, (int) i);
              lengths[i] = sqlite3_column_bytes (stmt, (int) i);
              if (values[i] == NULL)
                values[i] = "";
            }
          else
            values[i] = (const char *) sqlite3_column_text (stmt, (int) i);
        }
      result = PQexecParams (conn, insert->str, (int) n, NULL, values, lengths, formats, 0);
      if (!pg_ok (result))
        return pg_failed (conn, result, target, error);
      if (PQntuples (result) > 0)
        {
          *copied += 1;
          continue;
        }
      /* Copied by an earlier run, or another statement in its place. */
      if (statements)
        {
          g_autoptr(PGresult) same =
            PQexecParams (conn, "SELECT 1 FROM statements WHERE seq = $1 AND id = $2", 2, NULL,
                          values, NULL, NULL, 0);

          if (!pg_ok (same))
            return pg_failed (conn, same, target, error);
          if (PQntuples (same) == 0)
            {
              g_set_error (
                error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT,
                "%s: statement %s: the target holds another statement in its place; migrate "
                "into an empty database",
                target, values[1]);
              return FALSE;
            }
        }
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "%s: %s", source,
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec_ok (PGconn      *conn,
         const char  *sql,
         const char  *target,
         GError     **error)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (!pg_ok (result))
    return pg_failed (conn, result, target, error);
  return TRUE;
}

/**
 * lrs_store_migrate:
 * @from: `sqlite:FILE`, or the path of a SQLite store
 * @to: a `postgresql://` or `postgres://` URI
 * @copied: (out): the number of rows copied
 *
 * Copies every table of the SQLite store @from into the PostgreSQL
 * database @to, all or nothing; rows copied before are left as they are.
 *
 * Returns: whether the records were copied
 */
gboolean
lrs_store_migrate (const char  *from,
                   const char  *to,
                   guint64     *copied,
                   GError     **error)
{
  const char *path = g_str_has_prefix (from, "sqlite:") ? from + strlen ("sqlite:") : from;
  g_autofree char *target = NULL;
  g_autoptr(LrsStore) source_store = NULL;
  g_autoptr(LrsStore) target_store = NULL;
  sqlite3 *db = NULL;
  PGconn *conn = NULL;
  gboolean ok = FALSE;
  g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_xact_lock(%" G_GINT64_FORMAT ")",
                                           LRS_PG_LOCK_STATEMENTS);

  *copied = 0;
  if (!lrs_store_is_uri (to))
    {
      g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_INVALID,
                           "--to: give a postgresql:// URI");
      return FALSE;
    }
  target = lrs_pg_display_name (to);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND,
                   "--from: %s: no such SQLite store", path);
      return FALSE;
    }
  /* Both schemas up to date first: the source's derived tables filled,
   * the target's tables made. */
  source_store = lrs_sqlite_store_new (path, error);
  if (source_store == NULL || !lrs_drills_store_init (source_store, error) ||
      !lrs_content_store_init (source_store, error))
    return FALSE;
  g_clear_object (&source_store);
  target_store = lrs_pg_store_new (to, error);
  if (target_store == NULL)
    return FALSE;
  g_clear_object (&target_store);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "%s: %s", path,
                   sqlite3_errmsg (db));
      goto out;
    }
  conn = PQconnectdb (to);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      pg_failed (conn, NULL, target, error);
      goto out;
    }
  /* One snapshot of the source, one transaction on the target, with the
   * statements lock that instances take to insert. */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      !exec_ok (conn, "BEGIN", target, error) ||
      !exec_ok (conn, lock, target, error))
    goto out;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!copy_table (db, conn, &tables[i], path, target, copied, error))
      goto out;
  if (!exec_ok (conn, "SELECT setval(pg_get_serial_sequence('statements', 'seq'), "
                      "coalesce((SELECT max(seq) FROM statements), 0) + 1, false)",
                target, error) ||
      !exec_ok (conn, "SELECT setval(pg_get_serial_sequence('packages', 'seq'), "
                      "coalesce((SELECT max(seq) FROM packages), 0) + 1, false)",
                target, error) ||
      !exec_ok (conn, "SELECT setval(pg_get_serial_sequence('security_log', 'seq'), "
                      "coalesce((SELECT max(seq) FROM security_log), 0) + 1, false)",
                target, error) ||
      !exec_ok (conn, "COMMIT", target, error))
    goto out;
  ok = TRUE;

out:
  if (conn != NULL)
    PQfinish (conn);
  if (db != NULL)
    sqlite3_close (db);
  return ok;
}
