/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The LRS's storage: an interface narrow enough for a second engine, and
 * its SQLite implementation (WAL, synchronous FULL).  Statements are kept
 * as the JSON the LRS returns, with indexed columns for the filters.
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

G_DEFINE_QUARK (lrs-store-error-quark, lrs_store_error)
G_DEFINE_INTERFACE (LrsStore, lrs_store, G_TYPE_OBJECT)

static void
lrs_store_default_init (LrsStoreInterface *iface)
{
}

gboolean
lrs_store_insert_statements (LrsStore   *self,
                             GPtrArray  *statements,
                             GPtrArray  *accepted_ids,
                             GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->insert_statements (self, statements, accepted_ids, error);
}

char *
lrs_store_get_statement (LrsStore   *self,
                         const char *id,
                         gboolean    voided,
                         GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->get_statement (self, id, voided, error);
}

GPtrArray *
lrs_store_query_statements (LrsStore       *self,
                            const LrsQuery *query,
                            gint64         *next,
                            GError        **error)
{
  return LRS_STORE_GET_IFACE (self)->query_statements (self, query, next, error);
}

char *
lrs_store_consistent_through (LrsStore *self)
{
  return LRS_STORE_GET_IFACE (self)->consistent_through (self);
}

LrsAccount *
lrs_store_lookup_account (LrsStore   *self,
                          const char *key,
                          char      **secret_hash,
                          GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->lookup_account (self, key, secret_hash, error);
}

gboolean
lrs_store_add_account (LrsStore         *self,
                       const LrsAccount *account,
                       const char       *secret_hash,
                       GError          **error)
{
  return LRS_STORE_GET_IFACE (self)->add_account (self, account, secret_hash, error);
}

GPtrArray *
lrs_store_list_accounts (LrsStore  *self,
                         GError   **error)
{
  return LRS_STORE_GET_IFACE (self)->list_accounts (self, error);
}

/* Calls @func with each answer (not voided) of this server's staff
 * (@home_page), of one department's learners or of all, the answers of
 * one attempt one after another. */
gboolean
lrs_store_foreach_answer (LrsStore       *self,
                          const char     *home_page,
                          const char     *department,
                          LrsAnswerFunc   func,
                          gpointer        user_data,
                          GError        **error)
{
  return LRS_STORE_GET_IFACE (self)->foreach_answer (self, home_page, department, func, user_data,
                                                     error);
}

/* The statements (JSON text, not voided) of the answers of one attempt:
 * of the account @name of @home_page, in @registration. */
GPtrArray *
lrs_store_attempt_answers (LrsStore   *self,
                           const char *home_page,
                           const char *name,
                           const char *registration,
                           GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->attempt_answers (self, home_page, name, registration, error);
}

/* Records whether the verdict of statement @id is earned by its answers,
 * and when the server received it (@recorded_at, Unix microseconds).  The
 * first time received stays; a verdict once verified stays verified. */
gboolean
lrs_store_put_verdict_check (LrsStore   *self,
                             const char *id,
                             gboolean    verified,
                             gint64      recorded_at,
                             GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->put_verdict_check (self, id, verified, recorded_at, error);
}

/* The latest verdict (passed or failed, not voided) of each staff member
 * on each activity, among those the query selects, by staff id and
 * activity. */
GPtrArray *
lrs_store_latest_verdicts (LrsStore              *self,
                           const LrsVerdictQuery *query,
                           GError               **error)
{
  return LRS_STORE_GET_IFACE (self)->latest_verdicts (self, query, error);
}

/* Attachments are kept once per content, by their SHA-2. */
gboolean
lrs_store_put_attachment (LrsStore   *self,
                          const char *sha2,
                          const char *content_type,
                          GBytes     *content,
                          GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->put_attachment (self, sha2, content_type, content, error);
}

/* The data of @sha2 as the statement @statement_id uploaded it, or NULL:
 * data is bound to the statement that carried it, so that naming its
 * hash in another statement fetches nothing. */
GBytes *
lrs_store_get_attachment (LrsStore   *self,
                          const char *sha2,
                          const char *statement_id,
                          char      **content_type)
{
  return LRS_STORE_GET_IFACE (self)->get_attachment (self, sha2, statement_id, content_type);
}

/* Binds the data of @sha2 (@size bytes) to the statement @statement_id
 * that carried it, uploaded by the account @owner. */
gboolean
lrs_store_bind_attachment (LrsStore   *self,
                           const char *statement_id,
                           const char *sha2,
                           const char *owner,
                           gint64      size,
                           GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->bind_attachment (self, statement_id, sha2, owner, size, error);
}

/* The bytes of attachment data the account @owner uploaded; -1 on error. */
gint64
lrs_store_attachment_usage (LrsStore   *self,
                            const char *owner,
                            GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->attachment_usage (self, owner, error);
}

/* Deletes the data of @sha2 if no statement carried it (a batch refused
 * after its data was stored). */
gboolean
lrs_store_delete_unused_attachment (LrsStore   *self,
                                    const char *sha2,
                                    GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->delete_unused_attachment (self, sha2, error);
}

/* Sets whether the account is active (@active 0 or 1; -1 leaves it) and
 * its secret (@secret_hash and @transfer_key, or NULL to leave them);
 * returns its key. */
gboolean
lrs_store_update_account (LrsStore   *self,
                          const char *staff_id,
                          int         active,
                          const char *secret_hash,
                          const char *transfer_key,
                          char      **key,
                          GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->update_account (self, staff_id, active, secret_hash,
                                                     transfer_key, key, error);
}

/* Whether the database answers: for the health check. */
gboolean
lrs_store_ping (LrsStore  *self,
                GError   **error)
{
  return LRS_STORE_GET_IFACE (self)->ping (self, error);
}

/* Keeps a dashboard session, by the SHA-256 of its token (@digest), so
 * that every instance on the database honours it; @expires in Unix
 * microseconds. */
gboolean
lrs_store_put_session (LrsStore   *self,
                       const char *digest,
                       const char *account_key,
                       const char *csrf,
                       gint64      expires,
                       GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->put_session (self, digest, account_key, csrf, expires, error);
}

/* The account key of the session @digest, with its CSRF token and
 * expiry, or NULL (LRS_STORE_ERROR_NOT_FOUND). */
char *
lrs_store_get_session (LrsStore   *self,
                       const char *digest,
                       char      **csrf,
                       gint64     *expires,
                       GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->get_session (self, digest, csrf, expires, error);
}

/* Forgets the session @digest, or with @digest NULL every session that
 * expired before @before. */
gboolean
lrs_store_delete_sessions (LrsStore   *self,
                           const char *digest,
                           gint64      before,
                           GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->delete_sessions (self, digest, before, error);
}

/* Ends every session of the account @account_key. */
gboolean
lrs_store_delete_account_sessions (LrsStore   *self,
                                   const char *account_key,
                                   GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->delete_account_sessions (self, account_key, error);
}

void
lrs_account_free (LrsAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->key);
  g_free (account->staff_id);
  g_free (account->display_name);
  g_free (account->department);
  g_free (account->segment);
  g_free (account->transfer_key);
  g_free (account->start_date);
  g_free (account);
}

/* Keeps a published content package; publishing one again makes it the
 * latest again. */
gboolean
lrs_store_put_package (LrsStore   *self,
                       const char *digest,
                       const char *signer,
                       const char *published,
                       GBytes     *data,
                       GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->put_package (self, digest, signer, published, data, error);
}

/* A package by digest, or the latest with @digest NULL; its digest and
 * publication time in @latest_digest and @published. */
GBytes *
lrs_store_get_package (LrsStore   *self,
                       const char *digest,
                       char      **latest_digest,
                       char      **published,
                       GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->get_package (self, digest, latest_digest, published, error);
}

/* Adds @event (its seq is ignored) to the security log. */
gboolean
lrs_store_add_security_event (LrsStore               *self,
                              const LrsSecurityEvent *event,
                              GError                **error)
{
  return LRS_STORE_GET_IFACE (self)->add_security_event (self, event, error);
}

/* The latest @limit entries of the security log at or after @since (an
 * ISO 8601 time in UTC as the log writes it, or NULL), the oldest first
 * (element-type LrsSecurityEvent). */
GPtrArray *
lrs_store_list_security_events (LrsStore   *self,
                                const char *since,
                                guint       limit,
                                GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->list_security_events (self, since, limit, error);
}

void
lrs_security_event_free (LrsSecurityEvent *event)
{
  g_free (event->at);
  g_free (event->event);
  g_free (event->actor);
  g_free (event->subject);
  g_free (event->detail);
  g_free (event->address);
  g_free (event);
}

/* Sets the assignment of a module over the catalog's (@rule, JSON), or
 * goes back to the catalog's (@rule NULL). */
gboolean
lrs_store_set_override (LrsStore   *self,
                        const char *module,
                        const char *rule,
                        GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->set_override (self, module, rule, error);
}

/* Module id → its assignment as JSON, for the modules that have one. */
GHashTable *
lrs_store_get_overrides (LrsStore  *self,
                         GError   **error)
{
  return LRS_STORE_GET_IFACE (self)->get_overrides (self, error);
}

void
lrs_verdict_free (LrsVerdict *verdict)
{
  if (verdict == NULL)
    return;

  /* One block, with its strings (see lrs_verdict_new()). */
  g_free (verdict);
}

/* A verdict and its strings in one allocation: a report over a whole
 * city reads a hundred thousand of them, and the allocator's time is
 * most of it. */
LrsVerdict *
lrs_verdict_new (const char *staff_id,
                 const char *activity,
                 const char *timestamp,
                 const char *version)
{
  gsize a = strlen (staff_id) + 1;
  gsize b = strlen (activity) + 1;
  gsize c = timestamp != NULL ? strlen (timestamp) + 1 : 0;
  gsize d = version != NULL ? strlen (version) + 1 : 0;
  LrsVerdict *verdict = g_malloc0 (sizeof *verdict + a + b + c + d);
  char *p = (char *) (verdict + 1);

  verdict->staff_id = memcpy (p, staff_id, a);
  p += a;
  verdict->activity = memcpy (p, activity, b);
  p += b;
  if (timestamp != NULL)
    {
      verdict->timestamp = memcpy (p, timestamp, c);
      p += c;
    }
  if (version != NULL)
    verdict->version = memcpy (p, version, d);
  return verdict;
}

void
lrs_query_clear (LrsQuery *query)
{
  g_clear_pointer (&query->agent_key, g_free);
  g_clear_pointer (&query->verb, g_free);
  g_clear_pointer (&query->activity, g_free);
  g_clear_pointer (&query->registration, g_free);
  g_clear_pointer (&query->since, g_free);
  g_clear_pointer (&query->until, g_free);
}

/**
 * lrs_agent_key:
 * @agent: an Agent or identified Group
 *
 * The inverse functional identifier of an agent as one string, for
 * matching: two agents are the same person when their keys are equal.
 *
 * Returns: (transfer full) (nullable): the key, or `NULL` without an IFI
 */
char *
lrs_agent_key (JsonObject *agent)
{
  if (agent == NULL)
    return NULL;

  if (json_object_has_member (agent, "mbox"))
    return g_strconcat ("mbox\t", json_object_get_string_member (agent, "mbox"), NULL);
  if (json_object_has_member (agent, "mbox_sha1sum"))
    {
      g_autofree char *lower =
        g_ascii_strdown (json_object_get_string_member (agent, "mbox_sha1sum"), -1);
      return g_strconcat ("sha1\t", lower, NULL);
    }
  if (json_object_has_member (agent, "openid"))
    return g_strconcat ("openid\t", json_object_get_string_member (agent, "openid"), NULL);
  if (json_object_has_member (agent, "account"))
    {
      JsonObject *account = json_object_get_object_member (agent, "account");

      return g_strconcat ("account\t", json_object_get_string_member (account, "homePage"), "\t",
                          json_object_get_string_member (account, "name"), NULL);
    }

  return NULL;
}

/* The indexed columns of @statement. */
void
lrs_statement_columns (JsonObject          *statement,
                       LrsStatementColumns *columns)
{
  JsonObject *object = json_object_get_object_member (statement, "object");
  JsonObject *context = json_object_has_member (statement, "context")
                        ? json_object_get_object_member (statement, "context") : NULL;
  const char *object_type = json_object_get_string_member_with_default (object, "objectType",
                                                                        "Activity");

  columns->id = json_object_get_string_member (statement, "id");
  columns->stored = json_object_get_string_member (statement, "stored");
  columns->verb = json_object_get_string_member (json_object_get_object_member (statement, "verb"),
                                                 "id");
  columns->actor = lrs_agent_key (json_object_get_object_member (statement, "actor"));
  if (g_strcmp0 (object_type, "Agent") == 0 || g_strcmp0 (object_type, "Group") == 0)
    columns->object_agent = lrs_agent_key (object);
  if (g_strcmp0 (object_type, "Activity") == 0)
    columns->activity = json_object_get_string_member (object, "id");
  if (context != NULL && json_object_has_member (context, "registration"))
    columns->registration = json_object_get_string_member (context, "registration");
  if (g_strcmp0 (columns->verb, VERB_VOIDED) == 0)
    columns->voids = json_object_get_string_member (object, "id");
}

void
lrs_statement_columns_clear (LrsStatementColumns *columns)
{
  g_clear_pointer (&columns->actor, g_free);
  g_clear_pointer (&columns->object_agent, g_free);
}

void
lrs_set_unvoidable_error (GError     **error,
                          const char  *id,
                          const char  *voids)
{
  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_INVALID,
               "statement %s: object.id: statement %s is a voiding statement, which "
               "cannot be voided", id, voids);
}

void
lrs_set_conflict_error (GError     **error,
                        const char  *id)
{
  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT,
               "statement %s: a statement with this id, but different content, "
               "is already stored", id);
}

/* SQLite */

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
  "CREATE TABLE IF NOT EXISTS accounts ("
  "  key TEXT PRIMARY KEY,"
  "  secret_hash TEXT NOT NULL,"
  "  staff_id TEXT NOT NULL UNIQUE,"
  "  display_name TEXT NOT NULL DEFAULT '',"
  "  department TEXT NOT NULL DEFAULT '',"
  "  segment TEXT NOT NULL DEFAULT '',"
  "  role TEXT NOT NULL CHECK (role IN ('learner', 'admin')),"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  transfer_key TEXT,"
  "  start_date TEXT);"
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

static void
rollback (LrsSqliteStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
add_agent (GHashTable *set,
           JsonObject *agent)
{
  char *key = lrs_agent_key (agent);

  if (key != NULL)
    g_hash_table_add (set, key);
}

static void
add_activities (GHashTable *set,
                JsonNode   *node)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        add_activities (set, json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node)
           && json_object_has_member (json_node_get_object (node), "id"))
    g_hash_table_add (set,
                      g_strdup (json_object_get_string_member (json_node_get_object (node), "id")));
}

/* The agents and activities that related_agents and related_activities
 * match: actor, object, authority, instructor, team, the context
 * activities, and the same in a SubStatement. */
void
lrs_statement_related (JsonObject *statement,
                       GHashTable *agents,
                       GHashTable *activities)
{
  JsonObject *object = json_object_get_object_member (statement, "object");
  const char *type = json_object_get_string_member_with_default (object, "objectType", "Activity");

  add_agent (agents, json_object_get_object_member (statement, "actor"));
  if (json_object_has_member (statement, "authority"))
    add_agent (agents, json_object_get_object_member (statement, "authority"));

  if (g_strcmp0 (type, "Agent") == 0 || g_strcmp0 (type, "Group") == 0)
    add_agent (agents, object);
  else if (g_strcmp0 (type, "Activity") == 0)
    add_activities (activities, json_object_get_member (statement, "object"));
  else if (g_strcmp0 (type, "SubStatement") == 0)
    lrs_statement_related (object, agents, activities);

  if (json_object_has_member (statement, "context"))
    {
      JsonObject *context = json_object_get_object_member (statement, "context");

      if (json_object_has_member (context, "instructor"))
        add_agent (agents, json_object_get_object_member (context, "instructor"));
      if (json_object_has_member (context, "team"))
        add_agent (agents, json_object_get_object_member (context, "team"));
      if (json_object_has_member (context, "contextActivities"))
        {
          JsonObject *kinds = json_object_get_object_member (context, "contextActivities");
          GList *members = json_object_get_members (kinds);

          for (GList *l = members; l != NULL; l = l->next)
            add_activities (activities, json_object_get_member (kinds, l->data));
          g_list_free (members);
        }
    }
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

/* The statement read by the library as a verdict (passed or failed) of
 * an account on a module, or NULL: the row of the verdicts table, for
 * both back ends. */
AwarenessVerdict *
lrs_statement_verdict (JsonObject *statement)
{
  g_autoptr(AwarenessVerdict) verdict = awareness_verdict_new_from_statement (statement, NULL);

  if (verdict == NULL ||
      (verdict->kind != AWARENESS_VERDICT_PASSED && verdict->kind != AWARENESS_VERDICT_FAILED))
    return NULL;
  return g_steal_pointer (&verdict);
}

/* The statement read by the library as an answer, with its success, of
 * an account within an attempt (a registration) to an activity, or NULL:
 * the row of the answers table, for both back ends. */
AwarenessVerdict *
lrs_statement_answer (JsonObject *statement)
{
  g_autoptr(AwarenessVerdict) answer = awareness_verdict_new_from_statement (statement, NULL);

  /* Self-inspection answers have a table of their own. */
  if (answer == NULL || answer->kind != AWARENESS_VERDICT_ANSWERED ||
      answer->registration == NULL || answer->checklist_id != NULL)
    return NULL;
  return g_steal_pointer (&answer);
}

/* When a verdict was reached, in microseconds since the epoch. */
gint64
lrs_verdict_at (AwarenessVerdict *verdict)
{
  return g_date_time_to_unix (verdict->instant) * G_USEC_PER_SEC
         + g_date_time_get_microsecond (verdict->instant);
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

gboolean
lrs_statements_same (const char *stored_json,
                     JsonNode   *received)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, stored_json, -1, NULL))
    return FALSE;
  return awareness_xapi_statements_equivalent (json_parser_get_root (parser), received);
}

/*
 * Inserts a batch all or nothing.  A statement whose id is already held
 * with equivalent content is accepted without change (Communication
 * 2.1.1/2.1.2); with different content, the whole batch is a conflict.
 */
static gboolean
sqlite_insert_statements (LrsStore   *store,
                          GPtrArray  *statements,
                          GPtrArray  *accepted_ids,
                          GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) void_target = NULL;
  g_autoptr(sqlite3_stmt) void_verdict = NULL;
  g_autoptr(sqlite3_stmt) void_answer = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return lrs_sqlite_fail (self, error);

  if (
    sqlite3_prepare_v2 (self->db,
                        "INSERT INTO statements (id, stored, statement, verb, actor, object_agent, "
                        "activity, registration, voids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        -1, &insert, NULL)
      != SQLITE_OK
    || sqlite3_prepare_v2 (self->db, "UPDATE statements SET voided = 1 WHERE id = ?1", -1,
                           &void_target, NULL)
         != SQLITE_OK
    || sqlite3_prepare_v2 (
         self->db, "DELETE FROM verdicts WHERE seq = (SELECT seq FROM statements WHERE id = ?1)",
         -1, &void_verdict, NULL)
         != SQLITE_OK
    || sqlite3_prepare_v2 (
         self->db, "DELETE FROM answers WHERE seq = (SELECT seq FROM statements WHERE id = ?1)", -1,
         &void_answer, NULL)
         != SQLITE_OK)
    goto failed;

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
              rollback (self);
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
              rollback (self);
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
          !insert_answer (self, sqlite3_last_insert_rowid (self->db), statement))
        goto failed;

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
            goto failed;
        }

      g_ptr_array_add (accepted_ids, g_strdup (row.id));
    }

  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;

  return TRUE;

failed:
  lrs_sqlite_fail (self, error);
  rollback (self);
  return FALSE;
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

static LrsAccount *
account_from_row (sqlite3_stmt *stmt)
{
  LrsAccount *account = g_new0 (LrsAccount, 1);

  account->key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  account->staff_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  account->display_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  account->department = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  account->segment = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  account->role = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), "admin") == 0
                  ? LRS_ROLE_ADMIN : LRS_ROLE_LEARNER;
  account->active = sqlite3_column_int (stmt, 6) != 0;
  account->transfer_key = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  account->start_date = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  return account;
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
      sql, " JOIN accounts a ON a.staff_id = v.name AND a.department = ?2 AND a.role = 'learner'");
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
      sql, " JOIN accounts a ON a.staff_id = x.name AND a.department = ?2 AND a.role = 'learner'");
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

static gboolean
sqlite_put_attachment (LrsStore   *store,
                       const char *sha2,
                       const char *content_type,
                       GBytes     *content,
                       GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (content, &size);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT OR IGNORE INTO attachments (sha2, content_type, content) "
                          "VALUES (lower(?), ?, ?)",
                          -1, &stmt, NULL)
      != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, sha2, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, content_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 3, data != NULL ? data : "", size, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static GBytes *
sqlite_get_attachment (LrsStore   *store,
                       const char *sha2,
                       const char *statement_id,
                       char      **content_type)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT a.content_type, a.content FROM attachments a "
                          "JOIN statement_attachments b ON b.sha2 = a.sha2 "
                          "WHERE a.sha2 = lower(?1) AND b.statement = ?2",
                          -1, &stmt, NULL)
      != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha2, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, statement_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  *content_type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return g_bytes_new (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
}

static gboolean
sqlite_bind_attachment (LrsStore   *store,
                        const char *statement_id,
                        const char *sha2,
                        const char *owner,
                        gint64      size,
                        GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare_cached (self,
                                       "INSERT OR IGNORE INTO statement_attachments "
                                       "(statement, sha2, owner, size) VALUES (?, lower(?), ?, ?)");

  if (stmt == NULL)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, statement_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sha2, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, owner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, size);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static gint64
sqlite_attachment_usage (LrsStore   *store,
                         const char *owner,
                         GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare_cached (self,
                                       "SELECT coalesce(sum(size), 0) FROM statement_attachments "
                                       "WHERE owner = ?");
  gint64 usage;

  if (stmt == NULL)
    {
      lrs_sqlite_fail (self, error);
      return -1;
    }
  sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      lrs_sqlite_fail (self, error);
      return -1;
    }
  usage = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return usage;
}

static gboolean
sqlite_delete_unused_attachment (LrsStore   *store,
                                 const char *sha2,
                                 GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare_cached (self,
                                       "DELETE FROM attachments WHERE sha2 = lower(?1) AND NOT "
                                       "EXISTS (SELECT 1 FROM statement_attachments "
                                       "WHERE sha2 = lower(?1))");

  if (stmt == NULL)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, sha2, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
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
  sqlite3_bind_text (stmt, 7, account->role == LRS_ROLE_ADMIN ? "admin" : "learner", -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, account->active ? 1 : 0);
  sqlite3_bind_text (stmt, 9, account->transfer_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, account->start_date, -1, SQLITE_TRANSIENT);
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
      || !lrs_sqlite_documents_init (self))
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  if (!lrs_sqlite_admin_upgrade (self->db, error))
    return NULL;

  return LRS_STORE (g_steal_pointer (&self));
}

static gboolean
sqlite_put_package (LrsStore   *store,
                    const char *digest,
                    const char *signer,
                    const char *published,
                    GBytes     *data,
                    GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  if (sqlite3_prepare_v2 (self->db, "DELETE FROM packages WHERE digest = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_prepare_v2 (
        self->db, "INSERT INTO packages (digest, signer, published, data) VALUES (?, ?, ?, ?)", -1,
        &stmt, NULL)
      != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, signer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, published, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 4, bytes, size, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  return TRUE;

failed:
  lrs_sqlite_fail (self, error);
  rollback (self);
  return FALSE;
}

static GBytes *
sqlite_get_package (LrsStore   *store,
                    const char *digest,
                    char      **latest_digest,
                    char      **published,
                    GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  sqlite3_blob *blob = NULL;
  gsize size;
  guchar *data;

  if (sqlite3_prepare_v2 (self->db,
                          digest != NULL ? "SELECT digest, published, rowid FROM packages "
                                           "WHERE digest = ?"
                                         : "SELECT digest, published, rowid FROM packages "
                                           "ORDER BY seq DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND,
                             "No such content package");
      else
        lrs_sqlite_fail (self, error);
      return NULL;
    }
  if (latest_digest != NULL)
    *latest_digest = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (published != NULL)
    *published = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  /* Read a page at a time into the one copy the caller gets: a package
   * (up to tens of megabytes) is never in memory twice. */
  if (sqlite3_blob_open (self->db, "main", "packages", "data", sqlite3_column_int64 (stmt, 2), 0,
                         &blob) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      sqlite3_blob_close (blob);
      return NULL;
    }
  size = (gsize) sqlite3_blob_bytes (blob);
  data = g_malloc (MAX (size, 1));
  if (sqlite3_blob_read (blob, data, (int) size, 0) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      sqlite3_blob_close (blob);
      g_free (data);
      return NULL;
    }
  sqlite3_blob_close (blob);
  return g_bytes_new_take (data, size);
}

static gboolean
sqlite_set_override (LrsStore   *store,
                     const char *module,
                     const char *rule,
                     GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (
        self->db,
        rule != NULL ? "INSERT OR REPLACE INTO assignment_overrides (module, rule) VALUES (?, ?)"
                     : "DELETE FROM assignment_overrides WHERE module = ?",
        -1, &stmt, NULL)
      != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, module, -1, SQLITE_TRANSIENT);
  if (rule != NULL)
    sqlite3_bind_text (stmt, 2, rule, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static GHashTable *
sqlite_get_overrides (LrsStore  *store,
                      GError   **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT module, rule FROM assignment_overrides", -1, &stmt,
                          NULL)
      != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (rules, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&rules);
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

static void
lrs_sqlite_store_iface_init (LrsStoreInterface *iface)
{
  iface->delete_account_sessions = sqlite_delete_account_sessions;
  lrs_sqlite_audit_iface_init (iface);
  iface->ping = sqlite_ping;
  iface->put_session = sqlite_put_session;
  iface->get_session = sqlite_get_session;
  iface->delete_sessions = sqlite_delete_sessions;
  iface->insert_statements = sqlite_insert_statements;
  iface->get_statement = sqlite_get_statement;
  iface->query_statements = sqlite_query_statements;
  iface->consistent_through = sqlite_consistent_through;
  iface->lookup_account = sqlite_lookup_account;
  iface->add_account = sqlite_add_account;
  iface->list_accounts = sqlite_list_accounts;
  iface->update_account = sqlite_update_account;
  iface->latest_verdicts = sqlite_latest_verdicts;
  iface->attempt_answers = sqlite_attempt_answers;
  iface->put_verdict_check = sqlite_put_verdict_check;
  iface->foreach_answer = sqlite_foreach_answer;
  iface->put_attachment = sqlite_put_attachment;
  iface->get_attachment = sqlite_get_attachment;
  iface->bind_attachment = sqlite_bind_attachment;
  iface->attachment_usage = sqlite_attachment_usage;
  iface->delete_unused_attachment = sqlite_delete_unused_attachment;
  iface->put_package = sqlite_put_package;
  iface->set_override = sqlite_set_override;
  iface->get_overrides = sqlite_get_overrides;
  iface->get_package = sqlite_get_package;
  lrs_sqlite_documents_iface_init (iface);
  iface->sql = _lrs_sqlite_store_sql;
}

sqlite3 *
_lrs_sqlite_store_get_db (LrsSqliteStore *self)
{
  return self->db;
}
