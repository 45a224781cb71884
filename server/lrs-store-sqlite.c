/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SQLite implementation of LrsStore (WAL, synchronous FULL):
 * statements, their derived rows, accounts and the rest; the documents
 * are in lrs-store-documents.c and the audit log in lrs-store-audit.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "awareness.h"
#include "lrs-store.h"
#include "lrs-store-admin.h"
#include "lrs-store-private.h"
#include "lrs-store-sqlite-private.h"

static void lrs_sqlite_store_iface_init (LrsStoreInterface *iface);

/* The connection, for the parts of the store in other files. */
sqlite3 *
lrs_sqlite_store_get_db (LrsSqliteStore *self)
{
  return self->db;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LrsSqliteStore, lrs_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LRS_TYPE_STORE, lrs_sqlite_store_iface_init))

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS statements ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id TEXT NOT NULL UNIQUE,"
  "  stored TEXT NOT NULL,"
  "  statement TEXT NOT NULL,"
  "  verb TEXT NOT NULL,"
  "  actor TEXT,"
  "  object_agent TEXT,"
  "  activity TEXT,"
  "  registration TEXT,"
  "  voids TEXT,"
  "  voided INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS statements_by_actor ON statements (actor, seq);"
  /* A learner's listing: their statements, as actor or as object. */
  "CREATE INDEX IF NOT EXISTS statements_by_actor_verb ON statements (actor, verb, seq);"
  "CREATE INDEX IF NOT EXISTS statements_by_object_agent ON statements (object_agent, seq);"
  "CREATE INDEX IF NOT EXISTS statements_by_verb ON statements (verb, seq);"
  "CREATE INDEX IF NOT EXISTS statements_by_activity ON statements (activity, seq);"
  "CREATE INDEX IF NOT EXISTS statements_by_registration ON statements (registration, seq);"
  "CREATE INDEX IF NOT EXISTS statements_by_stored ON statements (stored);"
  /* Every agent and activity of a statement, for related_agents and
   * related_activities (Communication 2.1.3). */
  "CREATE TABLE IF NOT EXISTS statement_agents ("
  "  seq INTEGER NOT NULL REFERENCES statements (seq),"
  "  agent TEXT NOT NULL,"
  "  PRIMARY KEY (agent, seq)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS statement_activities ("
  "  seq INTEGER NOT NULL REFERENCES statements (seq),"
  "  activity TEXT NOT NULL,"
  "  PRIMARY KEY (activity, seq)) WITHOUT ROWID;"
  /* The verdicts on activities of actors identified by an account, for
   * the completion reports; a voided verdict's row is deleted. */
  "CREATE TABLE IF NOT EXISTS verdicts ("
  "  seq INTEGER PRIMARY KEY REFERENCES statements (seq),"
  "  home_page TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  activity TEXT NOT NULL,"
  "  module TEXT NOT NULL,"
  "  passed INTEGER NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  timestamp TEXT NOT NULL,"
  "  score INTEGER,"
  "  version TEXT);"
  "CREATE INDEX IF NOT EXISTS verdicts_by_staff ON verdicts (name, activity, at);"
  /* The latest verdicts of everyone (the assignment report and the
   * dashboard's overview) in one ordered scan of this index alone, and
   * of one department's staff by a search per member. */
  "CREATE INDEX IF NOT EXISTS verdicts_latest ON verdicts (name, activity, at, seq, home_page, "
  "passed, timestamp, "
  "score, version);"
  /* The answers to questions (interactions) of actors identified by an
   * account, for the item analysis; a voided answer's row is deleted. */
  "CREATE TABLE IF NOT EXISTS answers ("
  "  seq INTEGER PRIMARY KEY REFERENCES statements (seq),"
  "  home_page TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  registration TEXT NOT NULL,"
  "  activity TEXT NOT NULL,"
  "  success INTEGER NOT NULL,"
  "  response TEXT);"
  "CREATE INDEX IF NOT EXISTS answers_by_registration ON answers (home_page, registration);"
  /* Whether a verdict's answers earn it, judged when it arrived, and when
   * that was (stored, or a transfer file's export time): a verdict
   * without a row is unverified. */
  "CREATE TABLE IF NOT EXISTS verdict_checks ("
  "  seq INTEGER PRIMARY KEY REFERENCES statements (seq),"
  "  verified INTEGER NOT NULL,"
  "  recorded INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS assignment_overrides ("
  "  module TEXT PRIMARY KEY,"
  "  rule TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS packages ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  digest TEXT NOT NULL UNIQUE,"
  "  signer TEXT NOT NULL,"
  "  published TEXT NOT NULL,"
  "  data BLOB NOT NULL);"
  "CREATE TABLE IF NOT EXISTS attachments ("
  "  sha2 TEXT PRIMARY KEY,"
  "  content_type TEXT NOT NULL,"
  "  content BLOB NOT NULL);"
  /* Which statement carried which attachment data, uploaded by whom:
   * data is served only with that statement, and counts against that
   * account's quota. */
  "CREATE TABLE IF NOT EXISTS statement_attachments ("
  "  statement TEXT NOT NULL,"
  "  sha2 TEXT NOT NULL,"
  "  owner TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  PRIMARY KEY (statement, sha2));"
  "CREATE INDEX IF NOT EXISTS statement_attachments_by_owner "
  "ON statement_attachments (owner);"
  "CREATE INDEX IF NOT EXISTS statement_attachments_by_sha2 ON statement_attachments (sha2);"
  "CREATE TABLE IF NOT EXISTS accounts (" LRS_SQLITE_ACCOUNTS_COLUMNS
  "CREATE INDEX IF NOT EXISTS accounts_by_department ON accounts (department, staff_id);"
  /* Dashboard sessions, by the SHA-256 of their token. */
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  digest TEXT PRIMARY KEY,"
  "  account_key TEXT NOT NULL,"
  "  csrf TEXT NOT NULL,"
  "  expires INTEGER NOT NULL);"
  /* The security log: sign-ins that failed, account changes, imports,
   * publishing; the administrators' audit log reads it. */
  "CREATE TABLE IF NOT EXISTS security_log ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at TEXT NOT NULL,"
  "  event TEXT NOT NULL,"
  "  actor TEXT,"
  "  subject TEXT,"
  "  detail TEXT);";

static void
lrs_sqlite_store_finalize (GObject *object)
{
  LrsSqliteStore *self = (LrsSqliteStore *)object;

  g_clear_pointer (&self->prepared, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);

  G_OBJECT_CLASS (lrs_sqlite_store_parent_class)->finalize (object);
}

static void
lrs_sqlite_store_class_init (LrsSqliteStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lrs_sqlite_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
lrs_sqlite_store_init (LrsSqliteStore *self)
{
  self->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
}

/* A statement of the hot paths, prepared once and reset for each use;
 * @sql must be a literal.  The store owns it: never finalize it. */
static sqlite3_stmt *
prepare_cached (LrsSqliteStore *self,
                const char     *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->prepared, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    return NULL;
  g_hash_table_insert (self->prepared, (gpointer) sql, stmt);
  return stmt;
}

/* prepare_cached() for the other files of the SQLite store. */
sqlite3_stmt *
lrs_sqlite_prepare_cached (LrsSqliteStore *self,
                           const char     *sql)
{
  return prepare_cached (self, sql);
}

static char *
select_text (LrsSqliteStore *self,
             const char     *sql,
             const char     *arg)
{
  sqlite3_stmt *stmt = prepare_cached (self, sql);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  /* No statement left running: it would hold a read transaction. */
  sqlite3_reset (stmt);
  return text;
}

static gboolean
insert_related (LrsSqliteStore *self,
                gint64          seq,
                JsonObject     *statement)
{
  g_autoptr(GHashTable) agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) activities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *agent, *activity;
  GHashTableIter iter;
  gpointer key;

  lrs_statement_related (statement, agents, activities);
  agent = prepare_cached (self, "INSERT INTO statement_agents (seq, agent) VALUES (?, ?)");
  activity = prepare_cached (self,
                             "INSERT INTO statement_activities (seq, activity) VALUES (?, ?)");
  if (agent == NULL || activity == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, agents);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_reset (agent);
      sqlite3_bind_int64 (agent, 1, seq);
      sqlite3_bind_text (agent, 2, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (agent) != SQLITE_DONE)
        return FALSE;
    }

  g_hash_table_iter_init (&iter, activities);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_reset (activity);
      sqlite3_bind_int64 (activity, 1, seq);
      sqlite3_bind_text (activity, 2, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (activity) != SQLITE_DONE)
        return FALSE;
    }

  return TRUE;
}

/* Records the statement in the verdicts table if it is a verdict. */
static gboolean
insert_verdict (LrsSqliteStore *self,
                gint64          seq,
                JsonObject     *statement)
{
  g_autoptr(AwarenessVerdict) verdict = lrs_statement_verdict (statement);
  sqlite3_stmt *stmt;

  if (verdict == NULL)
    return TRUE;

  stmt =
    prepare_cached (self,
                    "INSERT INTO verdicts (seq, home_page, name, activity, module, passed, at, "
                    "timestamp, score, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, verdict->home_page, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, verdict->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, verdict->activity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, verdict->module_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, verdict->success);
  sqlite3_bind_int64 (stmt, 7, lrs_verdict_at (verdict));
  sqlite3_bind_text (stmt, 8, verdict->timestamp, -1, SQLITE_TRANSIENT);
  if (verdict->score >= 0)
    sqlite3_bind_int (stmt, 9, verdict->score);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_text (stmt, 10, verdict->module_version, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

/* Records the statement in the answers table if it is an answer. */
static gboolean
insert_answer (LrsSqliteStore *self,
               gint64          seq,
               JsonObject     *statement)
{
  g_autoptr(AwarenessVerdict) answer = lrs_statement_answer (statement);
  sqlite3_stmt *stmt;

  if (answer == NULL)
    return TRUE;

  stmt = prepare_cached (
    self, "INSERT INTO answers (seq, home_page, name, registration, activity, success, response) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, answer->home_page, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, answer->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, answer->registration, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, answer->activity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, answer->success);
  sqlite3_bind_text (stmt, 7, answer->response, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

typedef gboolean (*InsertDerived) (LrsSqliteStore *self,
                                   gint64          seq,
                                   JsonObject     *statement);

/* Fills a table derived from the statements (verdicts, answers) in a
 * store made before it existed, from the statements whose verb is in
 * @verbs (an SQL list). */
static gboolean
backfill (LrsSqliteStore *self,
          const char     *verbs,
          InsertDerived   insert)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql =
    g_strdup_printf ("SELECT seq, statement FROM statements WHERE voided = 0 AND verb IN (%s)",
                     verbs);
  int rc;

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 1), -1,
                                       NULL))
        continue;
      if (!insert (self, sqlite3_column_int64 (stmt, 0),
                   json_node_get_object (json_parser_get_root (parser))))
        goto failed;
    }
  if (rc != SQLITE_DONE || sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  return TRUE;

failed:
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/*
 * Inserts a batch in the transaction open (lrs-store-sqlite-groups.c
 * begins it).  A statement whose id is already held with equivalent
 * content is accepted without change (Communication 2.1.1/2.1.2); with
 * different content, the whole batch is a conflict.
 */
gboolean
lrs_sqlite_insert_rows (LrsSqliteStore  *self,
                        GPtrArray       *statements,
                        GPtrArray       *accepted_ids,
                        GError         **error)
{
  sqlite3_stmt *insert = prepare_cached (
    self, "INSERT INTO statements (id, stored, statement, verb, actor, object_agent, "
          "activity, registration, voids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_stmt *void_target = prepare_cached (self,
                                              "UPDATE statements SET voided = 1 WHERE id = ?1");
  sqlite3_stmt *void_verdict = prepare_cached (
    self, "DELETE FROM verdicts WHERE seq = (SELECT seq FROM statements WHERE id = ?1)");
  sqlite3_stmt *void_answer = prepare_cached (
    self, "DELETE FROM answers WHERE seq = (SELECT seq FROM statements WHERE id = ?1)");
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  if (insert == NULL || void_target == NULL || void_verdict == NULL || void_answer == NULL)
    return lrs_sqlite_fail (self, error);

  for (guint i = 0; i < statements->len; i++)
    {
      JsonNode *node = g_ptr_array_index (statements, i);
      JsonObject *statement = json_node_get_object (node);
      g_auto(LrsStatementColumns) row = { 0 };
      g_autofree char *existing = NULL;
      g_autofree char *json = NULL;

      lrs_statement_columns (statement, &row);
      existing = select_text (self, "SELECT statement FROM statements WHERE id = ?", row.id);
      if (existing != NULL)
        {
          if (!lrs_statements_same (existing, node))
            {
              lrs_set_conflict_error (error, row.id);
              return FALSE;
            }
          g_ptr_array_add (accepted_ids, g_strdup (row.id));
          continue;
        }

      if (row.voids != NULL)
        {
          /* A voiding statement cannot itself be voided (Data 2.3.2). */
          g_autofree char *target_voids = select_text (self,
                                                       "SELECT voids FROM statements "
                                                       "WHERE id = ? AND voids IS NOT NULL",
                                                       row.voids);

          if (target_voids != NULL)
            {
              lrs_set_unvoidable_error (error, row.id, row.voids);
              return FALSE;
            }
        }

      /* The LRS sets the timestamp of a statement that has none (Data 2.4.7). */
      if (!json_object_has_member (statement, "timestamp"))
        json_object_set_string_member (statement, "timestamp",
                                       json_object_get_string_member (statement, "stored"));

      json_generator_set_root (generator, node);
      json = json_generator_to_data (generator, NULL);

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, row.id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, row.stored, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 3, json, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 4, row.verb, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 5, row.actor, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 6, row.object_agent, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 7, row.activity, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 8, row.registration, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 9, row.voids, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (insert) != SQLITE_DONE ||
          !insert_related (self, sqlite3_last_insert_rowid (self->db), statement) ||
          !insert_verdict (self, sqlite3_last_insert_rowid (self->db), statement) ||
          !insert_answer (self, sqlite3_last_insert_rowid (self->db), statement) ||
          !lrs_sqlite_inspection_ingest (self, sqlite3_last_insert_rowid (self->db), statement,
                                         row.voids))
        return lrs_sqlite_fail (self, error);

      if (row.voids != NULL)
        {
          sqlite3_reset (void_target);
          sqlite3_bind_text (void_target, 1, row.voids, -1, SQLITE_TRANSIENT);
          sqlite3_reset (void_verdict);
          sqlite3_bind_text (void_verdict, 1, row.voids, -1, SQLITE_TRANSIENT);
          sqlite3_reset (void_answer);
          sqlite3_bind_text (void_answer, 1, row.voids, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (void_target) != SQLITE_DONE
              || sqlite3_step (void_verdict) != SQLITE_DONE
              || sqlite3_step (void_answer) != SQLITE_DONE)
            return lrs_sqlite_fail (self, error);
        }

      g_ptr_array_add (accepted_ids, g_strdup (row.id));
    }

  return TRUE;
}

static char *
sqlite_get_statement (LrsStore   *store,
                      const char *id,
                      gboolean    voided,
                      GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  char *json = select_text (self,
                            voided ? "SELECT statement FROM statements WHERE id = ? AND voided = 1"
                                   : "SELECT statement FROM statements WHERE id = ? AND voided = 0",
                            id);

  if (json == NULL)
    g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No statement %s", id);
  return json;
}

static GPtrArray *
sqlite_query_statements (LrsStore       *store,
                         const LrsQuery *query,
                         gint64         *next,
                         GError        **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(GString) sql = g_string_new ("SELECT seq, statement FROM statements WHERE voided = 0");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_free);
  guint limit = query->limit;
  gint64 last = 0;
  int rc, n = 0;

  if (query->agent_key != NULL && query->related_agents)
    g_string_append (sql, " AND seq IN (SELECT seq FROM statement_agents WHERE agent = ?1)");
  else if (query->agent_key != NULL)
    g_string_append (sql, " AND (actor = ?1 OR object_agent = ?1)");
  if (query->verb != NULL)
    g_string_append (sql, " AND verb = ?2");
  if (query->activity != NULL && query->related_activities)
    g_string_append (sql, " AND seq IN (SELECT seq FROM statement_activities WHERE activity = ?3)");
  else if (query->activity != NULL)
    g_string_append (sql, " AND activity = ?3");
  if (query->registration != NULL)
    g_string_append (sql, " AND registration = ?4");
  if (query->since != NULL)
    g_string_append (sql, " AND stored > ?5");
  if (query->until != NULL)
    g_string_append (sql, " AND stored <= ?6");
  if (query->after > 0)
    g_string_append (sql, query->ascending ? " AND seq > ?7" : " AND seq < ?7");
  g_string_append (sql, query->ascending ? " ORDER BY seq ASC" : " ORDER BY seq DESC");
  g_string_append (sql, " LIMIT ?8");

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, query->agent_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, query->verb, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, query->activity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, query->registration, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, query->since, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, query->until, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, query->after);
  /* One more than asked, to know whether there is a next page. */
  sqlite3_bind_int64 (stmt, 8, (gint64) limit + 1);

  *next = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if ((guint) n == limit)
        {
          /* There is more: the next page continues after the last row. */
          *next = last;
          break;
        }
      last = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (results, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      n++;
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&results);
}

static char *
sqlite_consistent_through (LrsStore *store)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Writes are synchronous: everything stored is visible at once. */
  (void) self;
  return awareness_xapi_format_timestamp (now);
}

/* The row of a verdict being read, in buffers reused from row to row. */
typedef struct {
  GString *name;
  GString *activity;
  GString *timestamp;
  GString *version;
  gboolean has_timestamp;
  gboolean has_version;
  gboolean passed;
  gint     score;
  gint64   at;
  gboolean verified;
  gint64   recorded_at;
} VerdictRow;

static void
verdict_row_clear (VerdictRow *row)
{
  g_string_free (row->name, TRUE);
  g_string_free (row->activity, TRUE);
  g_string_free (row->timestamp, TRUE);
  g_string_free (row->version, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VerdictRow, verdict_row_clear)

static LrsVerdict *
row_verdict (const VerdictRow *row)
{
  LrsVerdict *verdict = lrs_verdict_new (row->name->str, row->activity->str,
                                     row->has_timestamp ? row->timestamp->str : NULL,
                                     row->has_version ? row->version->str : NULL);

  verdict->passed = row->passed;
  verdict->score = row->score;
  verdict->at = row->at;
  verdict->verified = row->verified;
  verdict->recorded_at = row->recorded_at;
  return verdict;
}

static GPtrArray *
sqlite_latest_verdicts (LrsStore              *store,
                        const LrsVerdictQuery *query,
                        GError               **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(GString) sql = g_string_new (
    "SELECT v.name, v.activity, v.passed, v.timestamp, v.score, v.version, v.at, "
    "coalesce(c.verified, 0), coalesce(c.recorded, 0) FROM verdicts v");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) verdicts = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lrs_verdict_free);
  g_auto(VerdictRow) row = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL),
                              g_string_new (NULL) };
  gboolean have = FALSE;
  int rc;

  /* A department's learners first, then each one's verdicts by index. */
  if (query->department != NULL)
    g_string_append (
      sql, " JOIN accounts a ON a.staff_id = v.name AND a.department = ?2 AND a.role <> 'admin'");
  g_string_append (sql, " LEFT JOIN verdict_checks c ON c.seq = v.seq WHERE v.home_page = ?1");
  if (query->module != NULL)
    g_string_append (sql, " AND (v.activity = ?3 OR v.module = ?3)");
  if (query->since != 0)
    g_string_append (sql, " AND v.at >= ?4");
  if (query->until != 0)
    g_string_append (sql, " AND v.at <= ?5");
  if (query->passed_only)
    g_string_append (sql, " AND v.passed = 1");
  if (query->verified_only)
    g_string_append (sql, " AND c.verified = 1");
  /* Within one staff member and activity, the latest comes last. */
  g_string_append (sql, " ORDER BY v.name, v.activity, v.at, v.seq");

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, query->home_page, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, query->department, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, query->module, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, query->since);
  sqlite3_bind_int64 (stmt, 5, query->until);

  /* The rows of one staff member and activity come together, the latest
   * last: each row is kept in buffers that grow once, and only the last
   * of each group becomes a verdict. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *activity = (const char *) sqlite3_column_text (stmt, 1);
      const char *timestamp = (const char *) sqlite3_column_text (stmt, 3);
      const char *version = (const char *) sqlite3_column_text (stmt, 5);

      if (name == NULL || activity == NULL)
        continue;
      if (have && (strcmp (row.name->str, name) != 0 || strcmp (row.activity->str, activity) != 0))
        g_ptr_array_add (verdicts, row_verdict (&row));
      g_string_assign (row.name, name);
      g_string_assign (row.activity, activity);
      g_string_assign (row.timestamp, timestamp != NULL ? timestamp : "");
      row.has_timestamp = timestamp != NULL;
      g_string_assign (row.version, version != NULL ? version : "");
      row.has_version = version != NULL;
      row.passed = sqlite3_column_int (stmt, 2) != 0;
      row.score = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 4);
      row.at = sqlite3_column_int64 (stmt, 6);
      row.verified = sqlite3_column_int (stmt, 7) != 0;
      row.recorded_at = sqlite3_column_int64 (stmt, 8);
      have = TRUE;
    }
  if (have && rc == SQLITE_DONE)
    g_ptr_array_add (verdicts, row_verdict (&row));
  if (rc != SQLITE_DONE)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&verdicts);
}

static gboolean
sqlite_foreach_answer (LrsStore       *store,
                       const char     *home_page,
                       const char     *department,
                       LrsAnswerFunc   func,
                       gpointer        user_data,
                       GError        **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(GString) sql = g_string_new (
    "SELECT x.registration, x.activity, x.success, x.response FROM answers x");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (department != NULL)
    g_string_append (
      sql, " JOIN accounts a ON a.staff_id = x.name AND a.department = ?2 AND a.role <> 'admin'");
  /* The answers of one attempt come together. */
  g_string_append (sql, " WHERE x.home_page = ?1 ORDER BY x.home_page, x.registration");
  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, home_page, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, department, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0),
          (const char *) sqlite3_column_text (stmt, 1), sqlite3_column_int (stmt, 2) != 0,
          (const char *) sqlite3_column_text (stmt, 3), user_data);
  if (rc != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static GPtrArray *
sqlite_attempt_answers (LrsStore   *store,
                        const char *home_page,
                        const char *name,
                        const char *registration,
                        GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = prepare_cached (self,
                                       "SELECT s.statement FROM answers x "
                                       "JOIN statements s ON s.seq = x.seq "
                                       "WHERE x.home_page = ? AND x.registration = ? "
                                       "AND x.name = ? "
                                       "ORDER BY x.seq");
  int rc;

  if (stmt == NULL)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, home_page, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, registration, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (answers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&answers);
}

static gboolean
sqlite_put_verdict_check (LrsStore   *store,
                          const char *id,
                          gboolean    verified,
                          gint64      recorded_at,
                          GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare_cached (self, "INSERT INTO verdict_checks (seq, verified, recorded) "
                                             "SELECT seq, ?2, ?3 FROM statements WHERE id = ?1 "
                                             "ON CONFLICT (seq) DO UPDATE SET "
                                             "verified = max (verified, excluded.verified)");

  if (stmt == NULL)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, verified ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, recorded_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

LrsStore *
lrs_sqlite_store_new (const char *path,
                      GError    **error)
{
  g_autoptr(LrsSqliteStore) self = g_object_new (LRS_TYPE_SQLITE_STORE, NULL);
  g_autofree char *exists = NULL;
  g_autofree char *has_answers = NULL;
  g_autofree char *has_bindings = NULL;
  g_autofree char *accounts = NULL;

  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL)
      != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }

  /* The records are the server's alone, even in a database an earlier
   * version left readable: SQLite gives its WAL the database's mode. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      if (g_chmod (file, 0600) != 0 && errno != ENOENT)
        g_warning ("%s cannot be made private: %s", file, g_strerror (errno));
    }

  sqlite3_busy_timeout (self->db, 10000);
  if (sqlite3_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", NULL, NULL,
                    NULL)
      != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  /* A store of an earlier version: accounts without a transfer key (they
   * get one when their secret is next reset). */
  accounts = select_text (self, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
                          "accounts");
  if (accounts != NULL)
    {
      g_autofree char *has_column =
        select_text (self, "SELECT name FROM pragma_table_info('accounts') WHERE name = ?",
                     "transfer_key");

      g_autofree char *has_start =
        select_text (self, "SELECT name FROM pragma_table_info('accounts') WHERE name = ?",
                     "start_date");

      if ((has_column == NULL
           && sqlite3_exec (self->db, "ALTER TABLE accounts ADD COLUMN transfer_key TEXT", NULL,
                            NULL, NULL)
                != SQLITE_OK)
          || (has_start == NULL
              && sqlite3_exec (self->db, "ALTER TABLE accounts ADD COLUMN start_date TEXT", NULL,
                               NULL, NULL)
                   != SQLITE_OK))
        {
          lrs_sqlite_fail (self, error);
          return NULL;
        }
    }
  /* A store of an earlier version has statements but no verdicts or
   * answers yet. */
  exists = select_text (self, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
                        "verdicts");
  has_answers = select_text (self,
                             "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
                             "answers");
  has_bindings = select_text (self,
                              "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
                              "statement_attachments");
  if (sqlite3_exec (self->db, schema, NULL, NULL, NULL) != SQLITE_OK
      /* Data an earlier version stored: bound to every statement that
       * names it, as that version served it. */
      || (has_bindings == NULL
          && sqlite3_exec (self->db,
                           "INSERT OR IGNORE INTO statement_attachments "
                           "(statement, sha2, owner, size) "
                           "SELECT s.id, a.sha2, coalesce(s.actor, ''), length(a.content) "
                           "FROM statements s, json_each(s.statement, '$.attachments') j "
                           "JOIN attachments a ON a.sha2 = lower(json_extract(j.value, '$.sha2')) "
                           "WHERE json_type(s.statement, '$.attachments') = 'array'",
                           NULL, NULL, NULL) != SQLITE_OK)
      || (exists == NULL
          && !backfill (self, "'" AWARENESS_XAPI_VERB_PASSED "', '" AWARENESS_XAPI_VERB_FAILED "'",
                        insert_verdict))
      || (has_answers == NULL
          && !backfill (self, "'" AWARENESS_XAPI_VERB_ANSWERED "'", insert_answer))
      || !lrs_sqlite_documents_init (self)
      || !lrs_sqlite_inspection_init (self))
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  if (!lrs_sqlite_admin_upgrade (self->db, error))
    return NULL;

  return LRS_STORE (g_steal_pointer (&self));
}

static gboolean
sqlite_ping (LrsStore  *store,
             GError   **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);

  if (sqlite3_exec (self->db, "SELECT count(*) FROM accounts", NULL, NULL, NULL) != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static void
lrs_sqlite_store_iface_init (LrsStoreInterface *iface)
{
  lrs_sqlite_audit_iface_init (iface);
  iface->ping = sqlite_ping;
  lrs_sqlite_groups_iface_init (iface);
  iface->get_statement = sqlite_get_statement;
  iface->query_statements = sqlite_query_statements;
  iface->consistent_through = sqlite_consistent_through;
  iface->latest_verdicts = sqlite_latest_verdicts;
  iface->attempt_answers = sqlite_attempt_answers;
  iface->put_verdict_check = sqlite_put_verdict_check;
  iface->foreach_answer = sqlite_foreach_answer;
  lrs_sqlite_accounts_iface_init (iface);
  lrs_sqlite_content_iface_init (iface);
  lrs_sqlite_documents_iface_init (iface);
  lrs_sqlite_inspection_iface_init (iface);
  iface->sql = _lrs_sqlite_store_sql;
}

sqlite3 *
_lrs_sqlite_store_get_db (LrsSqliteStore *self)
{
  return self->db;
}
