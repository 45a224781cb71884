/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The local record of a learner's attempts: a SQLite database in WAL mode
 * with full synchronous commits, so that a completion reported to the
 * learner survives a crash or a power cut.  Every answer is written as it
 * is given; the result and its xAPI statements are written in one
 * transaction.  Write transactions are short and begin IMMEDIATE, with a
 * busy timeout, so that the CLI and the desktop app can share the file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "awareness-store-private.h"

/* “AWAR”: marks the file as ours, so that we never migrate another
 * program's database. */
#define APPLICATION_ID 0x41574152


/**
 * awareness_store_error_quark:
 *
 * The error domain of #AwarenessStoreError.
 *
 * Returns: the #GQuark of %AWARENESS_STORE_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-store-error-quark, awareness_store_error)
G_DEFINE_FINAL_TYPE (AwarenessStore, awareness_store, G_TYPE_OBJECT)

/* Each step takes the schema from version i to i + 1. */
static const char * const migrations[] = {
  /* 0 → 1: attempts, answers and the outbox of statements. */
  "CREATE TABLE attempts ("
  "  id TEXT PRIMARY KEY,"
  "  user TEXT NOT NULL,"
  "  module_id TEXT NOT NULL,"
  "  module_version TEXT NOT NULL,"
  "  content_digest TEXT NOT NULL,"
  "  language TEXT NOT NULL,"
  "  started_at TEXT NOT NULL,"
  "  finished_at TEXT,"
  "  state TEXT NOT NULL CHECK (state IN ('in-progress', 'passed', 'failed', 'abandoned')),"
  "  score INTEGER,"
  "  max_score INTEGER NOT NULL,"
  "  pass_percent INTEGER NOT NULL,"
  "  question_order TEXT NOT NULL,"
  "  choice_orders TEXT NOT NULL,"
  "  presentation TEXT NOT NULL);"
  "CREATE INDEX attempts_by_module ON attempts (user, module_id, state, started_at);"
  "CREATE TABLE answers ("
  "  attempt_id TEXT NOT NULL REFERENCES attempts (id),"
  "  question_id TEXT NOT NULL,"
  "  choices TEXT NOT NULL,"
  "  answered_at TEXT NOT NULL,"
  "  PRIMARY KEY (attempt_id, question_id));"
  "CREATE TABLE outbox ("
  "  statement_id TEXT PRIMARY KEY,"
  "  attempt_id TEXT NOT NULL REFERENCES attempts (id),"
  "  seq INTEGER NOT NULL,"
  "  statement TEXT NOT NULL,"
  "  created_at TEXT NOT NULL);",

  /* 1 → 2: the sync's bookkeeping of each statement, and history by date. */
  "ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'"
  "  CHECK (state IN ('pending', 'sent', 'rejected'));"
  "ALTER TABLE outbox ADD COLUMN tries INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE outbox ADD COLUMN last_error TEXT;"
  "ALTER TABLE outbox ADD COLUMN sent_at TEXT;"
  "CREATE INDEX outbox_by_state ON outbox (state, created_at);"
  "CREATE INDEX attempts_by_start ON attempts (user, started_at);",

  /* 2 → 3: statements written to a file for an isolated segment stay in
   * the outbox, marked, until the server confirms them; results made on
   * other machines, fetched from the server, are attempts of origin
   * 'server' (their questions and answers stay on the machine that made
   * them). */
  ("ALTER TABLE outbox ADD COLUMN exported_at TEXT;"
   "ALTER TABLE attempts ADD COLUMN origin TEXT;"),

  /* 3 → 4: self-inspections and their answers as given; the outbox holds
   * their statements too, so its record id is an attempt's or an
   * inspection's (the rebuilt table drops the reference to attempts). */
  ("CREATE TABLE inspections ("
   "  id TEXT PRIMARY KEY,"
   "  user TEXT NOT NULL,"
   "  checklist_id TEXT NOT NULL,"
   "  checklist_version TEXT NOT NULL,"
   "  content_digest TEXT NOT NULL,"
   "  language TEXT NOT NULL,"
   "  started_at TEXT NOT NULL,"
   "  finished_at TEXT,"
   "  state TEXT NOT NULL CHECK (state IN ('in-progress', 'completed', 'abandoned')));"
   "CREATE INDEX inspections_by_checklist ON inspections (user, checklist_id, state, started_at);"
   "CREATE TABLE inspection_answers ("
   "  inspection_id TEXT NOT NULL REFERENCES inspections (id),"
   "  item_id TEXT NOT NULL,"
   "  answer TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'not-applicable')),"
   "  comment TEXT,"
   "  answered_at TEXT NOT NULL,"
   "  PRIMARY KEY (inspection_id, item_id));"
   "CREATE TABLE outbox_records ("
   "  statement_id TEXT PRIMARY KEY,"
   "  attempt_id TEXT NOT NULL,"
   "  seq INTEGER NOT NULL,"
   "  statement TEXT NOT NULL,"
   "  created_at TEXT NOT NULL,"
   "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),"
   "  tries INTEGER NOT NULL DEFAULT 0,"
   "  last_error TEXT,"
   "  sent_at TEXT,"
   "  exported_at TEXT);"
   "INSERT INTO outbox_records (statement_id, attempt_id, seq, statement, created_at, state,"
   "  tries, last_error, sent_at, exported_at)"
   "  SELECT statement_id, attempt_id, seq, statement, created_at, state, tries, last_error,"
   "  sent_at, exported_at FROM outbox;"
   "DROP TABLE outbox;"
   "ALTER TABLE outbox_records RENAME TO outbox;"
   "CREATE INDEX outbox_by_state ON outbox (state, created_at);"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == AWARENESS_STORE_SCHEMA_VERSION);

static void
awareness_store_finalize (GObject *object)
{
  AwarenessStore *self = (AwarenessStore *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (awareness_store_parent_class)->finalize (object);
}

static void
awareness_store_class_init (AwarenessStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_store_finalize;
}

static void
awareness_store_init (AwarenessStore *self)
{
  g_rec_mutex_init (&self->lock);
}

GRecMutexLocker *
_awareness_store_lock (AwarenessStore *self)
{
  return AWARENESS_IS_STORE (self) ? g_rec_mutex_locker_new (&self->lock) : NULL;
}

gboolean
_awareness_store_fail (AwarenessStore       *self,
      GError              **error,
      AwarenessStoreError   code,
      const char           *what)
{
  g_set_error (error, AWARENESS_STORE_ERROR, code, _("%s in “%s”: %s"),
               what, self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_awareness_store_exec (AwarenessStore *self,
      const char     *sql,
      GError        **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                  _("Cannot update the records"));

  return TRUE;
}

sqlite3_stmt *
_awareness_store_prepare (AwarenessStore *self,
         const char     *sql,
         GError        **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot read the records"));
      return NULL;
    }

  return stmt;
}

/* Adds each row of @stmt to @items, made by @decode; FALSE with @error
 * set if the rows cannot all be read. */
gboolean
_awareness_store_collect (AwarenessStore       *self,
                          sqlite3_stmt         *stmt,
                          AwarenessRowDecoder   decode,
                          gpointer              user_data,
                          GPtrArray            *items,
                          GError              **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, decode (stmt, user_data));
  if (rc != SQLITE_DONE)
    return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                  _("Cannot read the records"));
  return TRUE;
}

/* The parameters of a listing of one person's records, newest first:
 * ?1 the person, ?2 one module or checklist (NULL for all), ?3 at most
 * @limit rows (0 for all). */
void
_awareness_store_bind_listing (sqlite3_stmt *stmt,
                               const char   *user,
                               const char   *id,
                               guint         limit)
{
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  if (id != NULL)
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
}

void
_awareness_store_rollback (AwarenessStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gint64
_awareness_store_query_int (AwarenessStore *self,
           const char     *sql,
           gboolean       *ok)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *ok = FALSE;
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  *ok = TRUE;
  return sqlite3_column_int64 (stmt, 0);
}

/* Brings the schema up to date, in one transaction; another process may
 * have done it meanwhile, so the version is read again inside it. */
static gboolean
migrate (AwarenessStore *self,
         GError        **error)
{
  gint64 version;
  gboolean ok;

  if (!_awareness_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  version = _awareness_store_query_int (self, "PRAGMA user_version", &ok);
  if (!ok)
    {
      _awareness_store_rollback (self);
      return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_CORRUPT,
                                    _("Cannot read the records"));
    }

  for (gint64 v = version; v < AWARENESS_STORE_SCHEMA_VERSION; v++)
    if (sqlite3_exec (self->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK)
      {
        g_autofree char *what = g_strdup_printf (_("Cannot upgrade the records from schema %d"),
                                                 (int) v);

        _awareness_store_rollback (self);
        return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY, what);
      }

  if (version < AWARENESS_STORE_SCHEMA_VERSION)
    {
      g_autofree char *sql =
          g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                           AWARENESS_STORE_SCHEMA_VERSION, APPLICATION_ID);

      if (!_awareness_store_exec (self, sql, error))
        {
          _awareness_store_rollback (self);
          return FALSE;
        }
    }

  return _awareness_store_exec (self, "COMMIT", error);
}

/* Records are personal: the file is its owner's only from the moment it
 * exists.  SQLite creates the WAL and the shared memory with the mode of
 * the database file.
 *
 * The file is never opened here once it exists: closing any descriptor of
 * a database file drops every POSIX lock this process holds on it,
 * SQLite's included, and another process then takes the file for unused
 * and deletes the WAL that this process still writes to.  A file created
 * here with O_EXCL is a new inode, on which no connection can hold a lock
 * yet; one that exists already has its mode changed by name. */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  static GMutex lock;
  g_autoptr(GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&lock);
  int saved_errno;
  int fd;
  GStatBuf st;

  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      close (fd);
      return TRUE;
    }

  saved_errno = errno;
  if (saved_errno == EEXIST && g_stat (path, &st) == 0)
    {
      if (!S_ISREG (st.st_mode))
        saved_errno = EISDIR;
      else if ((st.st_mode & 0077) == 0)
        return TRUE;
      else if (g_chmod (path, st.st_mode & 0700) == 0)
        {
          g_autofree char *wal = g_strconcat (path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (path, "-shm", NULL);

          /* Left by an older version: their mode follows the file's
           * only when SQLite creates them. */
          g_chmod (wal, 0600);
          g_chmod (shm, 0600);
          return TRUE;
        }
      else
        saved_errno = errno;
    }

  g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_OPEN,
               _("Cannot open the records “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/**
 * awareness_store_new_for_path:
 * @path: (type filename): the database file; created if it does not exist
 * @error: return location for an error
 *
 * Opens the learner's records.  A database of an older schema is upgraded;
 * one of a newer schema, another program's database or a damaged file is
 * refused, and left exactly as it was.
 *
 * Returns: (transfer full) (nullable): the store, or `NULL` with @error set
 *
 * Since: 0.2
 */
AwarenessStore *
awareness_store_new_for_path (const char  *path,
                              GError     **error)
{
  g_autoptr(AwarenessStore) self = NULL;
  gint64 version, app_id, n_tables;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (AWARENESS_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!create_private (path, error))
    return NULL;

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) !=
      SQLITE_OK)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_OPEN, _("Cannot open the records"));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 10000);
  sqlite3_extended_result_codes (self->db, 1);

  /* Read before anything is written: a file we must refuse stays intact. */
  version = _awareness_store_query_int (self, "PRAGMA user_version", &ok);
  if (!ok)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_CORRUPT,
                   _("“%s” is not an Awareness records database, or it is damaged (%s); "
                     "it was left as it is"), path, sqlite3_errmsg (self->db));
      return NULL;
    }

  app_id = _awareness_store_query_int (self, "PRAGMA application_id", &ok);
  n_tables = _awareness_store_query_int (self, "SELECT count(*) FROM sqlite_master", &ok);
  if (!ok || (app_id != APPLICATION_ID && (version > 0 || n_tables > 0)))
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_CORRUPT,
                   _("“%s” is a database of another program; it was left as it is"), path);
      return NULL;
    }

  if (version > AWARENESS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_TOO_NEW,
                   _("The records “%s” were written by a newer version of Awareness (schema %d; "
                     "this version knows schema %d). They were left as they are: update "
                     "Awareness to use them."),
                   path, (int) version, AWARENESS_STORE_SCHEMA_VERSION);
      return NULL;
    }

  if (!_awareness_store_exec (self,
                              "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA "
                              "foreign_keys = ON;", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * awareness_store_get_path:
 * @self: a store
 *
 * Returns: (transfer none) (type filename): the database file
 *
 * Since: 0.2
 */
const char *
awareness_store_get_path (AwarenessStore *self)
{
  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  return self->path;
}

/**
 * awareness_store_check_integrity:
 * @self: a store
 * @error: return location for an error
 *
 * Runs SQLite's integrity check over the whole database.
 *
 * Returns: whether the database is sound
 *
 * Since: 0.2
 */
gboolean
awareness_store_check_integrity (AwarenessStore *self,
                                 GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *result;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);

  stmt = _awareness_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                  _("Cannot check the records"));

  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_CORRUPT,
                   _("The records “%s” are damaged: %s"), self->path, result);
      return FALSE;
    }

  return TRUE;
}

