/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The self-inspection records on SQLite: the answers to checklist items
 * and the checklists' completions, read from the statements into a table
 * of their own for the self-inspection report (lrs-report-inspection.c).
 *
 * The table is filled on ingest, in the transaction that inserts the
 * statement (lrs_sqlite_inspection_ingest(), called by
 * sqlite_insert_statements()), and a voiding statement deletes its
 * target's row in the same transaction.  A store made before the table
 * existed is filled once at open, in chunks, before the server serves.
 * PostgreSQL's side is lrs-store-inspection-pg.c.
 */
#include "config.h"

#include "awareness.h"
#include "lrs-store.h"
#include "lrs-store-private.h"
#include "lrs-store-sqlite-private.h"

static const char schema[] =
  /* Each person's records side by side (WITHOUT ROWID, in the order of
   * the key): a department's report reads its staff's pages only. */
  "CREATE TABLE IF NOT EXISTS inspection_records ("
  "  home_page TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  checklist TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL REFERENCES statements (seq),"
  "  version TEXT,"
  "  item TEXT,"
  "  response TEXT,"
  "  comment TEXT,"
  "  timestamp TEXT NOT NULL,"
  "  PRIMARY KEY (home_page, name, checklist, at, seq)) WITHOUT ROWID;"
  "CREATE UNIQUE INDEX IF NOT EXISTS inspection_records_by_seq ON inspection_records (seq);"
  "CREATE UNIQUE INDEX IF NOT EXISTS inspection_records_by_seq ON inspection_records (seq);";

/* The statements read at open in one transaction, when the table is new. */
#define CHUNK 5000

static gint64
select_int (LrsSqliteStore *self,
            const char     *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
insert_record (sqlite3_stmt     *insert,
               gint64            seq,
               AwarenessVerdict *record)
{
  sqlite3_reset (insert);
  sqlite3_bind_int64 (insert, 1, seq);
  sqlite3_bind_text (insert, 2, record->home_page, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 3, record->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 4, record->checklist_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 5, record->checklist_version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 6, record->item_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 7, record->kind == AWARENESS_VERDICT_ANSWERED ? record->response
                                                                          : NULL,
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 8, record->comment, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 9, lrs_verdict_at (record));
  sqlite3_bind_text (insert, 10, record->timestamp, -1, SQLITE_TRANSIENT);
  return sqlite3_step (insert) == SQLITE_DONE;
}

#define INSERT_RECORD \
  "INSERT OR IGNORE INTO inspection_records (seq, home_page, name, checklist, version, item, " \
  "response, comment, at, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* Records the statement, stored as @seq, in inspection_records if it is a
 * self-inspection record; if it voids the statement @voids, deletes that
 * one's row.  Called inside the transaction that inserts the statement. */
gboolean
lrs_sqlite_inspection_ingest (LrsSqliteStore *self,
                              gint64          seq,
                              JsonObject     *statement,
                              const char     *voids)
{
  g_autoptr(AwarenessVerdict) record = lrs_statement_inspection (statement);
  sqlite3_stmt *stmt;

  if (record != NULL)
    {
      stmt = lrs_sqlite_prepare_cached (self, INSERT_RECORD);
      if (stmt == NULL || !insert_record (stmt, seq, record))
        return FALSE;
    }
  if (voids == NULL)
    return TRUE;
  stmt = lrs_sqlite_prepare_cached (self,
                                    "DELETE FROM inspection_records "
                                    "WHERE seq = (SELECT seq FROM statements WHERE id = ?1)");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, voids, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

/* The backfill's cursor: the last statement read into the records. */
#define MAKE_BACKFILL \
  "CREATE TABLE IF NOT EXISTS inspection_backfill (" \
  "  id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);" \
  "INSERT OR IGNORE INTO inspection_backfill (id, seq) VALUES (1, 0);"

/* One step of the backfill, in its own immediate transaction: reads the
 * next CHUNK statements after the cursor (up to @to) into
 * inspection_records and moves the cursor; with nothing left, drops the
 * cursor's table.  Another process opening the same store at once may
 * take steps too: each reads the cursor under the write lock, so a chunk
 * is read once and the last step of either ends it.
 * Returns: 1 if there is more, 0 when done, -1 on failure */
static int
backfill_step (LrsSqliteStore *self,
               gint64          to)
{
  g_autoptr(sqlite3_stmt) scan = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) cursor = NULL;
  gint64 from, until;
  int rc;

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return -1;
  rc = (int) select_int (self, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                               "AND name = 'inspection_backfill'");
  if (rc < 0)
    goto failed;
  from = rc == 0 ? -1 : select_int (self, "SELECT coalesce(max(seq), -1) FROM inspection_backfill");
  if (from < 0 || from >= to)
    {
      if (sqlite3_exec (self->db, "DROP TABLE IF EXISTS inspection_backfill; COMMIT", NULL, NULL,
                        NULL) != SQLITE_OK)
        goto failed;
      return 0;
    }
  until = MIN (from + CHUNK, to);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT seq, statement FROM statements WHERE verb IN ('"
                          AWARENESS_XAPI_VERB_ANSWERED "', '" AWARENESS_XAPI_VERB_COMPLETED "') "
                          "AND seq > ?1 AND seq <= ?2 AND voided = 0 "
                          "AND activity LIKE '%/self-inspection/%' ORDER BY seq",
                          -1, &scan, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, INSERT_RECORD, -1, &insert, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "UPDATE inspection_backfill SET seq = ?1", -1, &cursor,
                          NULL) != SQLITE_OK)
    goto failed;

  sqlite3_bind_int64 (scan, 1, from);
  sqlite3_bind_int64 (scan, 2, until);
  while ((rc = sqlite3_step (scan)) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(AwarenessVerdict) record = NULL;

      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (scan, 1), -1,
                                       NULL))
        continue;
      record = lrs_statement_inspection (json_node_get_object (json_parser_get_root (parser)));
      if (record != NULL && !insert_record (insert, sqlite3_column_int64 (scan, 0), record))
        goto failed;
    }
  sqlite3_bind_int64 (cursor, 1, until);
  if (rc != SQLITE_DONE || sqlite3_step (cursor) != SQLITE_DONE ||
      sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  return 1;

failed:
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return -1;
}

/* Makes the table; in a store whose statements predate it (or whose
 * backfill was interrupted), reads them into it, CHUNK statements per
 * transaction, resuming where an interrupted backfill stopped. */
gboolean
lrs_sqlite_inspection_init (LrsSqliteStore *self)
{
  gint64 to;
  int step;

  /* Under the write lock, so that two processes opening the store at
   * once make it once. */
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  if (select_int (self, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'inspection_records'") == 0 &&
      (sqlite3_exec (self->db,
                     MAKE_BACKFILL,
                     NULL, NULL, NULL) != SQLITE_OK ||
       sqlite3_exec (self->db, schema, NULL, NULL, NULL) != SQLITE_OK))
    goto failed;
  /* An earlier build read the table when a report asked: fill the rest. */
  if (select_int (self, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'inspection_cursor'") > 0 &&
      sqlite3_exec (self->db,
                    MAKE_BACKFILL "DROP TABLE inspection_cursor;",
                    NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  to = select_int (self, "SELECT coalesce(max(seq), 0) FROM statements");
  if (to < 0 || sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;

  while ((step = backfill_step (self, to)) > 0)
    ;
  return step == 0;

failed:
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

#define COLUMNS \
  "SELECT r.name, r.checklist, r.version, r.item, r.response, r.comment, r.timestamp, r.at "

static gboolean
sqlite_foreach_inspection_record (LrsStore                 *store,
                                  const LrsInspectionQuery *query,
                                  LrsInspectionFunc         func,
                                  gpointer                  user_data,
                                  GError                  **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* One department: a search per member of its staff on the key. */
  if (sqlite3_prepare_v2 (self->db,
                          query->department != NULL
                            ? COLUMNS "FROM accounts a CROSS JOIN inspection_records r "
                              "ON r.home_page = ?1 AND r.name = a.staff_id "
                              "WHERE a.department = ?2 "
                              "AND (?3 IS NULL OR r.checklist = ?3) AND r.at >= ?4 "
                              "AND (?5 = 0 OR r.at <= ?5) ORDER BY r.seq"
                            : COLUMNS "FROM inspection_records r "
                              "WHERE r.home_page = ?1 "
                              "AND (?3 IS NULL OR r.checklist = ?3) AND r.at >= ?4 "
                              "AND (?5 = 0 OR r.at <= ?5) ORDER BY r.seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, query->home_page, -1, SQLITE_TRANSIENT);
  if (query->department != NULL)
    sqlite3_bind_text (stmt, 2, query->department, -1, SQLITE_TRANSIENT);
  if (query->checklist != NULL)
    sqlite3_bind_text (stmt, 3, query->checklist, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, query->since);
  sqlite3_bind_int64 (stmt, 5, query->until);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LrsInspectionRecord record = {
        .name = (const char *) sqlite3_column_text (stmt, 0),
        .checklist = (const char *) sqlite3_column_text (stmt, 1),
        .version = (const char *) sqlite3_column_text (stmt, 2),
        .item = (const char *) sqlite3_column_text (stmt, 3),
        .response = (const char *) sqlite3_column_text (stmt, 4),
        .comment = (const char *) sqlite3_column_text (stmt, 5),
        .timestamp = (const char *) sqlite3_column_text (stmt, 6),
        .at = sqlite3_column_int64 (stmt, 7),
      };

      func (&record, user_data);
    }
  if (rc != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

void
lrs_sqlite_inspection_iface_init (LrsStoreInterface *iface)
{
  iface->foreach_inspection_record = sqlite_foreach_inspection_record;
}
