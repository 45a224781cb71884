/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The LRS's storage on PostgreSQL (libpq), for several awareness-server
 * instances on one database: the same tables and the same behaviour as
 * the SQLite store, parameterised queries only, one connection per store
 * guarded by a mutex, and the schema made by versioned migrations that
 * run once under an advisory lock however many instances start together.
 *
 * Inserts of statements hold a transaction-scoped advisory lock, so that
 * they commit in the order of their sequence numbers as SQLite's single
 * writer does: the paging cursor and the consistent-through time mean the
 * same on both, and two instances storing the same id at once store it
 * once (the second sees the first's row and compares).
 */
#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "awareness.h"
#include "lrs-content-store.h"
#include "lrs-drills-store.h"
#include "lrs-store.h"
#include "lrs-store-pg.h"
#include "lrs-store-pg-private.h"
#include "lrs-store-admin.h"
#include "lrs-store-private.h"

/* Enough for every query the store builds; past it, queries run unprepared. */
#define MAX_PREPARED 256

static void lrs_pg_store_iface_init (LrsStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LrsPgStore, lrs_pg_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LRS_TYPE_STORE, lrs_pg_store_iface_init))

/* Text compares byte by byte (COLLATE "C") as in SQLite, whatever the
 * database's locale: the same order in reports and the same ranges on
 * timestamps. */
#define T "TEXT COLLATE \"C\""

/* The migrations, in order: the schema's version is the number of those
 * applied.  Never edit one that was released; add the next. */
static const char *const migrations[] = {
  /* 1: the tables of the SQLite store. */
  "CREATE TABLE statements ("
  "  seq BIGSERIAL PRIMARY KEY,"
  "  id " T " NOT NULL UNIQUE,"
  "  stored " T " NOT NULL,"
  "  statement TEXT NOT NULL,"
  "  verb " T " NOT NULL,"
  "  actor " T ","
  "  object_agent " T ","
  "  activity " T ","
  "  registration " T ","
  "  voids " T ","
  "  voided INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX statements_by_actor ON statements (actor, seq);"
  "CREATE INDEX statements_by_object_agent ON statements (object_agent, seq);"
  "CREATE INDEX statements_by_verb ON statements (verb, seq);"
  "CREATE INDEX statements_by_activity ON statements (activity, seq);"
  "CREATE INDEX statements_by_registration ON statements (registration, seq);"
  "CREATE INDEX statements_by_stored ON statements (stored);"
  "CREATE INDEX statements_by_voids ON statements (voids) WHERE voids IS NOT NULL;"
  "CREATE TABLE statement_agents ("
  "  seq BIGINT NOT NULL REFERENCES statements (seq),"
  "  agent " T " NOT NULL,"
  "  PRIMARY KEY (agent, seq));"
  "CREATE TABLE statement_activities ("
  "  seq BIGINT NOT NULL REFERENCES statements (seq),"
  "  activity " T " NOT NULL,"
  "  PRIMARY KEY (activity, seq));"
  "CREATE TABLE verdicts ("
  "  seq BIGINT PRIMARY KEY REFERENCES statements (seq),"
  "  home_page " T " NOT NULL,"
  "  name " T " NOT NULL,"
  "  activity " T " NOT NULL,"
  "  module " T " NOT NULL,"
  "  passed INTEGER NOT NULL,"
  "  at BIGINT NOT NULL,"
  "  timestamp " T " NOT NULL,"
  "  score INTEGER,"
  "  version " T ");"
  "CREATE INDEX verdicts_latest ON verdicts (home_page, name, activity, at DESC, seq DESC) "
  "  INCLUDE (passed, timestamp, score, version, module);"
  "CREATE TABLE answers ("
  "  seq BIGINT PRIMARY KEY REFERENCES statements (seq),"
  "  home_page " T " NOT NULL,"
  "  name " T " NOT NULL,"
  "  registration " T " NOT NULL,"
  "  activity " T " NOT NULL,"
  "  success INTEGER NOT NULL,"
  "  response TEXT);"
  "CREATE INDEX answers_by_registration ON answers (home_page, registration, seq);"
  "CREATE TABLE assignment_overrides ("
  "  module " T " PRIMARY KEY,"
  "  rule TEXT NOT NULL);"
  "CREATE TABLE packages ("
  "  seq BIGSERIAL PRIMARY KEY,"
  "  digest " T " NOT NULL UNIQUE,"
  "  signer TEXT NOT NULL,"
  "  published TEXT NOT NULL,"
  "  data BYTEA NOT NULL);"
  "CREATE TABLE attachments ("
  "  sha2 " T " PRIMARY KEY,"
  "  content_type TEXT NOT NULL,"
  "  content BYTEA NOT NULL);"
  "CREATE TABLE accounts ("
  "  key " T " PRIMARY KEY,"
  "  secret_hash TEXT NOT NULL,"
  "  staff_id " T " NOT NULL UNIQUE,"
  "  display_name " T " NOT NULL DEFAULT '',"
  "  department " T " NOT NULL DEFAULT '',"
  "  segment " T " NOT NULL DEFAULT '',"
  "  role TEXT NOT NULL CHECK (role IN ('learner', 'admin')),"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  transfer_key TEXT,"
  "  start_date TEXT);"
  "CREATE INDEX accounts_by_department ON accounts (department, staff_id);",
  /* 2: dashboard sessions, shared by every instance. */
  "CREATE TABLE sessions ("
  "  digest " T " PRIMARY KEY,"
  "  account_key " T " NOT NULL,"
  "  csrf TEXT NOT NULL,"
  "  expires BIGINT NOT NULL);",
  /* 3: the security log (lrs-security-log.c). */
  "CREATE TABLE security_log ("
  "  seq BIGSERIAL PRIMARY KEY,"
  "  at " T " NOT NULL,"
  "  event " T " NOT NULL,"
  "  actor TEXT,"
  "  subject TEXT,"
  "  detail TEXT);",
  /* 4: a learner's listing by verb. */
  "CREATE INDEX statements_by_actor_verb ON statements (actor, verb, seq);",
  /* 5: the documents of the Document resources (lrs-store-documents-pg.c);
   * "" stands for what a kind has none of. */
  "CREATE TABLE documents ("
  "  kind " T " NOT NULL,"
  "  activity " T " NOT NULL,"
  "  agent " T " NOT NULL,"
  "  registration " T " NOT NULL,"
  "  id " T " NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  content BYTEA NOT NULL,"
  "  etag TEXT NOT NULL,"
  "  updated BIGINT NOT NULL,"
  "  PRIMARY KEY (kind, activity, agent, registration, id));",
  /* 6: the security log is the audit log: the client's address, and
   * append-only (lrs-store-pg-audit.c). */
  LRS_PG_AUDIT_MIGRATION,
  /* 7: the staff's e-mail addresses and languages, for reminders. */
  LRS_PG_CONTACTS_MIGRATION,
  /* 8: whether a verdict's answers earn it, and when it arrived. */
  "CREATE TABLE verdict_checks ("
  "  seq BIGINT PRIMARY KEY REFERENCES statements (seq),"
  "  verified INTEGER NOT NULL,"
  "  recorded BIGINT NOT NULL);"
  "CREATE INDEX answers_by_attempt ON answers (home_page, registration, name, seq);",
  /* 9: which statement carried which attachment data, uploaded by whom. */
  "CREATE TABLE statement_attachments ("
  "  statement " T " NOT NULL,"
  "  sha2 " T " NOT NULL,"
  "  owner " T " NOT NULL,"
  "  size BIGINT NOT NULL,"
  "  PRIMARY KEY (statement, sha2));"
  "CREATE INDEX statement_attachments_by_owner ON statement_attachments (owner);"
  "CREATE INDEX statement_attachments_by_sha2 ON statement_attachments (sha2);"
  /* Data stored before: bound to every statement that names it, as it
   * was served. */
  "INSERT INTO statement_attachments (statement, sha2, owner, size) "
  "SELECT DISTINCT s.id, a.sha2, coalesce(s.actor, ''), length(a.content) FROM statements s "
  "CROSS JOIN LATERAL jsonb_array_elements("
  "  CASE WHEN jsonb_typeof(s.statement::jsonb -> 'attachments') = 'array' "
  "  THEN s.statement::jsonb -> 'attachments' ELSE '[]'::jsonb END) j "
  "JOIN attachments a ON a.sha2 = lower(j ->> 'sha2') ON CONFLICT DO NOTHING;",
  /* 10: department heads (lrs-store-admin.h). */
  LRS_PG_DEPARTMENT_HEAD_MIGRATION,
  /* 11: the phishing drills (lrs-drills-store.c). */
  lrs_drills_pg_migration,
  /* 12: the self-inspection records (lrs-store-inspection-pg.c)
   * (tests/test-inspection-report.c runs it again, with those after it). */
  LRS_PG_INSPECTION_MIGRATION,
  /* 13: the content previews and who fetched which package
   * (lrs-content-store.c). */
  lrs_content_pg_migration,
};

static gboolean
fail_message (LrsPgStore  *self,
              const char  *message,
              GError     **error)
{
  g_autofree char *text = g_strchomp (g_strdup (message != NULL ? message : ""));

  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "Database “%s”: %s", self->name,
               text);
  return FALSE;
}

static gboolean
fail (LrsPgStore  *self,
      GError     **error)
{
  return fail_message (self, PQerrorMessage (self->conn), error);
}

/*
 * The name under which @sql is prepared on the connection, preparing it
 * the first time; NULL to run it unprepared (a command such as BEGIN, a
 * full cache, or a statement PostgreSQL would not prepare, whose error
 * the unprepared run then reports).
 */
static const char *
prepare (LrsPgStore *self,
         const char *sql,
         int         n)
{
  g_autoptr(PGresult) result = NULL;
  const char *name = g_hash_table_lookup (self->prepared, sql);
  char *made;

  if (name != NULL)
    return name;
  if (g_hash_table_size (self->prepared) >= MAX_PREPARED
      || !(g_str_has_prefix (sql, "SELECT") || g_str_has_prefix (sql, "INSERT")
           || g_str_has_prefix (sql, "UPDATE") || g_str_has_prefix (sql, "DELETE")
           || g_str_has_prefix (sql, "WITH")))
    return NULL;
  made = g_strdup_printf ("lrs_%u", g_hash_table_size (self->prepared));
  result = PQprepare (self->conn, made, sql, n, NULL);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_free (made);
      return NULL;
    }
  g_hash_table_insert (self->prepared, g_strdup (sql), made);
  return made;
}

/*
 * Runs one statement with text parameters (NULL for SQL NULL), or with
 * binary ones where @lengths and @formats say so; results in text, or in
 * binary with @binary (libpq ends every value with a zero byte, so text
 * columns read the same).  A connection that was lost is made again
 * between transactions, never within one.
 */
static PGresult *
run (LrsPgStore         *self,
     const char         *sql,
     int                 n,
     const char * const *values,
     const int          *lengths,
     const int          *formats,
     int                 binary,
     GError            **error)
{
  g_autoptr(PGresult) result = NULL;
  ExecStatusType status;

  const char *name;

  if (PQstatus (self->conn) != CONNECTION_OK && !self->in_transaction)
    {
      PQreset (self->conn);
      /* A new session: nothing is prepared on it. */
      g_hash_table_remove_all (self->prepared);
    }
  name = prepare (self, sql, n);
  if (name != NULL)
    result = PQexecPrepared (self->conn, name, n, values, lengths, formats, binary);
  else
    result = PQexecParams (self->conn, sql, n, NULL, values, lengths, formats, binary);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      fail_message (self,
                    result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (self->conn),
                    error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* Runs @sql with text parameters under the connection's lock, for the
 * parts of the store in other files. */
PGresult *
lrs_pg_store_exec (LrsPgStore         *self,
                   const char         *sql,
                   int                 n,
                   const char * const *values,
                   GError            **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return run (self, sql, n, values, NULL, NULL, 0, error);
}

#define RUN(self, sql, error, ...) \
  run (self, sql, G_N_ELEMENTS (((const char *[]) { __VA_ARGS__ })), \
       (const char *[]) { __VA_ARGS__ }, NULL, NULL, 0, error)

/* run(), for the parts of the store in other files. */
PGresult *
lrs_pg_run (LrsPgStore         *self,
            const char         *sql,
            int                 n,
            const char * const *values,
            const int          *lengths,
            const int          *formats,
            int                 binary,
            GError            **error)
{
  return run (self, sql, n, values, lengths, formats, binary, error);
}

static gboolean
command (LrsPgStore  *self,
         const char  *sql,
         GError     **error)
{
  g_autoptr(PGresult) result = run (self, sql, 0, NULL, NULL, NULL, 0, error);

  return result != NULL;
}

/* A transaction, for this file and the parts of the store in others. */
gboolean
lrs_pg_begin (LrsPgStore  *self,
              GError     **error)
{
  if (!command (self, "BEGIN", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
lrs_pg_commit (LrsPgStore  *self,
               GError     **error)
{
  self->in_transaction = FALSE;
  return command (self, "COMMIT", error);
}

void
lrs_pg_rollback (LrsPgStore *self)
{
  self->in_transaction = FALSE;
  if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    command (self, "ROLLBACK", NULL);
}

/* The first column of the first row as a new string, or NULL. */
static char *
first_value (PGresult *result)
{
  if (result == NULL || PQntuples (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

static void
lrs_pg_store_finalize (GObject *object)
{
  LrsPgStore *self = (LrsPgStore *)object;

  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->prepared, g_hash_table_unref);
  g_free (self->name);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lrs_pg_store_parent_class)->finalize (object);
}

static void
lrs_pg_store_class_init (LrsPgStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lrs_pg_store_finalize;
}

static void
lrs_pg_store_init (LrsPgStore *self)
{
  g_mutex_init (&self->lock);
  self->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The migrations not applied yet, each in its own transaction, by one
 * instance at a time: the others wait for the lock, then find nothing
 * left to do. */
static gboolean
migrate (LrsPgStore  *self,
         GError     **error)
{
  g_autofree char *lock = g_strdup_printf ("%" G_GINT64_FORMAT, LRS_PG_LOCK_MIGRATIONS);
  g_autoptr(PGresult) locked = RUN (self, "SELECT pg_advisory_lock($1)", error, lock);
  g_autoptr(PGresult) version = NULL;
  gboolean ok = FALSE;
  guint applied;

  if (locked == NULL)
    return FALSE;
  if (!command (self, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                error))
    goto out;
  version = run (self, "SELECT coalesce(max(version), 0) FROM schema_version", 0, NULL, NULL, NULL,
                 0, error);
  if (version == NULL)
    goto out;
  applied = (guint) g_ascii_strtoull (PQgetvalue (version, 0, 0), NULL, 10);
  for (guint i = applied; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autoptr(PGresult) recorded = NULL;
      g_autoptr(PGresult) done = NULL;

      if (!lrs_pg_begin (self, error))
        goto out;
      /* Several statements in one string: no parameters, by PQexec. */
      done = PQexec (self->conn, migrations[i]);
      if (PQresultStatus (done) != PGRES_COMMAND_OK)
        {
          fail_message (self, PQresultErrorMessage (done), error);
          lrs_pg_rollback (self);
          goto out;
        }
      if (strcmp (migrations[i], LRS_PG_INSPECTION_MIGRATION) == 0
          && !lrs_pg_inspection_backfill (self, error))
        {
          lrs_pg_rollback (self);
          goto out;
        }
      recorded = RUN (self, "INSERT INTO schema_version (version) VALUES ($1)", error, number);
      if (recorded == NULL || !lrs_pg_commit (self, error))
        {
          lrs_pg_rollback (self);
          goto out;
        }
    }
  ok = TRUE;

out:
  {
    g_autoptr(PGresult) unlocked = RUN (self, "SELECT pg_advisory_unlock($1)", NULL, lock);
  }
  return ok;
}

/* The URI without its password, for messages: libpq parses it, and only
 * host, port and database name are shown. */
char *
lrs_pg_display_name (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  const char *host = NULL, *port = NULL, *dbname = NULL;
  char *name;

  if (options == NULL)
    return g_strdup ("postgresql://");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (strcmp (o->keyword, "host") == 0)
        host = o->val;
      else if (strcmp (o->keyword, "port") == 0)
        port = o->val;
      else if (strcmp (o->keyword, "dbname") == 0)
        dbname = o->val;
    }
  name = g_strdup_printf ("postgresql://%s%s%s/%s", host != NULL ? host : "",
                          port != NULL ? ":" : "", port != NULL ? port : "",
                          dbname != NULL ? dbname : "");
  PQconninfoFree (options);
  return name;
}

static void
ignore_notice (void       *user_data,
               const char *message)
{
}

/**
 * lrs_pg_store_new:
 * @uri: a `postgresql://` or `postgres://` URI; libpq reads sslmode,
 *   passfile and the PG* environment as usual
 *
 * Connects, and brings the schema up to date.
 *
 * Returns: (transfer full) (nullable): the store, or `NULL` with @error set
 */
LrsStore *
lrs_pg_store_new (const char  *uri,
                  GError     **error)
{
  g_autoptr(LrsPgStore) self = g_object_new (LRS_TYPE_PG_STORE, NULL);
  g_autoptr(PGresult) settings = NULL;

  self->name = lrs_pg_display_name (uri);
  self->conn = PQconnectdb (uri);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      fail (self, error);
      return NULL;
    }
  /* Notices (a table that exists already) are not the server's to print. */
  PQsetNoticeProcessor (self->conn, ignore_notice, NULL);
  settings = run (self, "SET synchronous_commit = on", 0, NULL, NULL, NULL, 0, error);
  if (settings == NULL || !migrate (self, error))
    return NULL;

  return LRS_STORE (g_steal_pointer (&self));
}

/* A set of strings as a PostgreSQL array literal, each element quoted. */
static char *
array_literal (GHashTable *set)
{
  GString *text = g_string_new ("{");
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (text->len > 1)
        g_string_append_c (text, ',');
      g_string_append_c (text, '"');
      for (const char *c = key; *c != '\0'; c++)
        {
          if (*c == '"' || *c == '\\')
            g_string_append_c (text, '\\');
          g_string_append_c (text, *c);
        }
      g_string_append_c (text, '"');
    }
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

/*
 * A statement and every row derived from it (its agents and activities,
 * its verdict or its answer) in one round trip; the id taken already
 * inserts nothing and returns no row.
 */
static const char insert_sql[] =
  "WITH s AS (INSERT INTO statements (id, stored, statement, verb, actor, object_agent, activity, "
  "  registration, voids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING "
  "RETURNING seq), "
  "a AS (INSERT INTO statement_agents (seq, agent) SELECT s.seq, unnest($10::text[]) FROM s), "
  "b AS (INSERT INTO statement_activities (seq, activity) SELECT s.seq, unnest($11::text[]) FROM "
  "s), "
  "v AS (INSERT INTO verdicts (seq, home_page, name, activity, module, passed, at, timestamp, "
  "score, version) "
  "  SELECT s.seq, $12, $13, $14, $15, $16::integer, $17::bigint, $18, $19::integer, $20 FROM s "
  "  WHERE $12::text IS NOT NULL), "
  "w AS (INSERT INTO answers (seq, home_page, name, registration, activity, success, response) "
  "  SELECT s.seq, $21, $22, $23, $24, $25::integer, $26 FROM s WHERE $21::text IS NOT NULL) "
  "SELECT seq FROM s";

static PGresult *
insert_statement (LrsPgStore          *self,
                  LrsStatementColumns *row,
                  const char          *json,
                  JsonObject          *statement,
                  GError             **error)
{
  g_autoptr(GHashTable) agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) activities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *agent_array = NULL;
  g_autofree char *activity_array = NULL;
  g_autofree char *at = NULL;
  g_autofree char *score = NULL;
  g_autoptr(AwarenessVerdict) verdict = NULL;
  g_autoptr(AwarenessVerdict) answer = NULL;

  lrs_statement_related (statement, agents, activities);
  agent_array = array_literal (agents);
  activity_array = array_literal (activities);
  verdict = lrs_statement_verdict (statement);
  answer = lrs_statement_answer (statement);
  if (verdict != NULL)
    {
      at = g_strdup_printf ("%" G_GINT64_FORMAT, lrs_verdict_at (verdict));
      score = verdict->score >= 0 ? g_strdup_printf ("%d", verdict->score) : NULL;
    }
  return RUN (self, insert_sql, error,
              row->id, row->stored, json, row->verb, row->actor, row->object_agent, row->activity,
              row->registration, row->voids, agent_array, activity_array,
              verdict != NULL ? verdict->home_page : NULL,
              verdict != NULL ? verdict->name : NULL,
              verdict != NULL ? verdict->activity : NULL,
              verdict != NULL ? verdict->module_id : NULL,
              verdict != NULL && verdict->success ? "1" : "0", at,
              verdict != NULL ? verdict->timestamp : NULL, score,
              verdict != NULL ? verdict->module_version : NULL,
              answer != NULL ? answer->home_page : NULL,
              answer != NULL ? answer->name : NULL,
              answer != NULL ? answer->registration : NULL,
              answer != NULL ? answer->activity : NULL,
              answer != NULL && answer->success ? "1" : "0",
              answer != NULL ? answer->response : NULL);
}

/* Voids the statement @id: its derived rows go. */
static gboolean
void_statement (LrsPgStore  *self,
                const char  *id,
                GError     **error)
{
  g_autoptr(PGresult) target = RUN (self, "UPDATE statements SET voided = 1 WHERE id = $1", error,
                                     id);
  g_autoptr(PGresult) verdict = NULL;
  g_autoptr(PGresult) answer = NULL;

  if (target == NULL)
    return FALSE;
  verdict = RUN (self,
                 "DELETE FROM verdicts WHERE seq = (SELECT seq FROM statements WHERE id = $1)",
                 error, id);
  if (verdict == NULL)
    return FALSE;
  answer = RUN (self, "DELETE FROM answers WHERE seq = (SELECT seq FROM statements WHERE id = $1)",
                error, id);
  return answer != NULL;
}

/* Inserts a batch all or nothing, as the SQLite store does. */
static gboolean
pg_insert_statements (LrsStore   *store,
                      GPtrArray  *statements,
                      GPtrArray  *accepted_ids,
                      GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *lock = g_strdup_printf ("%" G_GINT64_FORMAT, LRS_PG_LOCK_STATEMENTS);
  g_autoptr(PGresult) locked = NULL;
  guint accepted = accepted_ids->len;

  if (!lrs_pg_begin (self, error))
    return FALSE;
  locked = RUN (self, "SELECT pg_advisory_xact_lock($1)", error, lock);
  if (locked == NULL)
    goto failed;

  for (guint i = 0; i < statements->len; i++)
    {
      JsonNode *node = g_ptr_array_index (statements, i);
      JsonObject *statement = json_node_get_object (node);
      g_auto(LrsStatementColumns) row = { 0 };
      g_autoptr(PGresult) existing = NULL;
      g_autoptr(PGresult) inserted = NULL;
      g_autofree char *json = NULL;
      gboolean had_timestamp;

      lrs_statement_columns (statement, &row);
      if (row.voids != NULL)
        {
          /* A voiding statement cannot itself be voided (Data 2.3.2). */
          g_autoptr(PGresult) target =
            RUN (self,
                 "SELECT 1 FROM statements WHERE id = $1 AND voids IS NOT NULL "
                 "AND id <> $2",
                 error, row.voids, row.id);

          if (target == NULL)
            goto failed;
          if (PQntuples (target) > 0)
            {
              lrs_set_unvoidable_error (error, row.id, row.voids);
              goto refused;
            }
        }

      /* The LRS sets the timestamp of a statement that has none (Data
       * 2.4.7); what is compared with a statement held is what came. */
      had_timestamp = json_object_has_member (statement, "timestamp");
      if (!had_timestamp)
        json_object_set_string_member (statement, "timestamp", row.stored);
      json_generator_set_root (generator, node);
      json = json_generator_to_data (generator, NULL);
      inserted = insert_statement (self, &row, json, statement, error);
      if (inserted == NULL)
        goto failed;
      if (PQntuples (inserted) == 0)
        {
          /* The id is held: accepted if the content is the same. */
          if (!had_timestamp)
            json_object_remove_member (statement, "timestamp");
          existing = RUN (self, "SELECT statement FROM statements WHERE id = $1", error, row.id);
          if (existing == NULL)
            goto failed;
          if (!lrs_statements_same (PQgetvalue (existing, 0, 0), node))
            {
              lrs_set_conflict_error (error, row.id);
              goto refused;
            }
          g_ptr_array_add (accepted_ids, g_strdup (row.id));
          continue;
        }
      if (row.voids != NULL && !void_statement (self, row.voids, error))
        goto failed;
      if (!lrs_pg_inspection_ingest (self, PQgetvalue (inserted, 0, 0), statement, row.voids,
                                     error))
        goto failed;

      g_ptr_array_add (accepted_ids, g_strdup (row.id));
    }

  if (!lrs_pg_commit (self, error))
    goto failed;
  return TRUE;

refused:
failed:
  lrs_pg_rollback (self);
  g_ptr_array_remove_range (accepted_ids, accepted, accepted_ids->len - accepted);
  return FALSE;
}

static char *
pg_get_statement (LrsStore   *store,
                  const char *id,
                  gboolean    voided,
                  GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result =
    RUN (self, "SELECT statement FROM statements WHERE id = $1 AND voided = $2", error, id,
         voided ? "1" : "0");
  char *json;

  if (result == NULL)
    return NULL;
  json = first_value (result);
  if (json == NULL)
    g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No statement %s", id);
  return json;
}

static GPtrArray *
pg_query_statements (LrsStore       *store,
                     const LrsQuery *query,
                     gint64         *next,
                     GError        **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GString) sql = g_string_new ("SELECT seq, statement FROM statements WHERE voided = 0");
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, query->after);
  g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) query->limit + 1);
  const char *values[8] = { 0 };
  int n = 0;
  guint rows;

  /* Each parameter numbered in the order it is used. */
#define PARAM(value) (values[n] = (value), ++n)
  if (query->agent_key != NULL && query->related_agents)
    g_string_append_printf (sql, " AND seq IN (SELECT seq FROM statement_agents WHERE agent = $%d)",
                            PARAM (query->agent_key));
  else if (query->agent_key != NULL)
    {
      int i = PARAM (query->agent_key);

      g_string_append_printf (sql, " AND (actor = $%d OR object_agent = $%d)", i, i);
    }
  if (query->verb != NULL)
    g_string_append_printf (sql, " AND verb = $%d", PARAM (query->verb));
  if (query->activity != NULL && query->related_activities)
    g_string_append_printf (
      sql, " AND seq IN (SELECT seq FROM statement_activities WHERE activity = $%d)",
      PARAM (query->activity));
  else if (query->activity != NULL)
    g_string_append_printf (sql, " AND activity = $%d", PARAM (query->activity));
  if (query->registration != NULL)
    g_string_append_printf (sql, " AND registration = $%d", PARAM (query->registration));
  if (query->since != NULL)
    g_string_append_printf (sql, " AND stored > $%d", PARAM (query->since));
  if (query->until != NULL)
    g_string_append_printf (sql, " AND stored <= $%d", PARAM (query->until));
  if (query->after > 0)
    g_string_append_printf (sql, query->ascending ? " AND seq > $%d" : " AND seq < $%d",
                            PARAM (after));
  g_string_append (sql, query->ascending ? " ORDER BY seq ASC" : " ORDER BY seq DESC");
  /* One more than asked, to know whether there is a next page. */
  g_string_append_printf (sql, " LIMIT $%d", PARAM (limit));
#undef PARAM

  result = run (self, sql->str, n, values, NULL, NULL, 0, error);
  if (result == NULL)
    return NULL;
  rows = (guint) PQntuples (result);
  *next = 0;
  for (guint i = 0; i < rows && i < query->limit; i++)
    g_ptr_array_add (results, g_strdup (PQgetvalue (result, (int) i, 1)));
  if (rows > query->limit && query->limit > 0)
    *next = g_ascii_strtoll (PQgetvalue (result, (int) query->limit - 1, 0), NULL, 10);
  return g_steal_pointer (&results);
}

static char *
pg_consistent_through (LrsStore *store)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Inserts commit in order under the statements lock, and a commit is
   * visible to every instance at once. */
  return awareness_xapi_format_timestamp (now);
}

static gboolean
pg_ping (LrsStore  *store,
         GError   **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result = run (self, "SELECT 1", 0, NULL, NULL, NULL, 0, error);

  return result != NULL;
}

/* lrs_store_sql() on PostgreSQL: text parameters, text results. */
static GPtrArray *
pg_sql (LrsStore           *store,
        const char         *sql,
        const char * const *params,
        guint               n_params,
        GError            **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result = run (self, sql, (int) n_params, params, NULL, NULL, 0, error);
  GPtrArray *rows;

  if (result == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (int r = 0; r < PQntuples (result); r++)
    {
      int n = PQnfields (result);
      char **row = g_new0 (char *, n + 1);

      for (int c = 0; c < n; c++)
        row[c] = g_strdup (PQgetisnull (result, r, c) ? "" : PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static void
lrs_pg_store_iface_init (LrsStoreInterface *iface)
{
  lrs_pg_audit_iface_init (iface);
  iface->sql = pg_sql;
  iface->ping = pg_ping;
  iface->insert_statements = pg_insert_statements;
  iface->get_statement = pg_get_statement;
  iface->query_statements = pg_query_statements;
  iface->consistent_through = pg_consistent_through;
  lrs_pg_accounts_iface_init (iface);
  lrs_pg_verdicts_iface_init (iface);
  lrs_pg_content_iface_init (iface);
  lrs_pg_documents_iface_init (iface);
  lrs_pg_inspection_iface_init (iface);
}
