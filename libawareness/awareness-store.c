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

#include "awareness-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* “AWAR”: marks the file as ours, so that we never migrate another
 * program's database. */
#define APPLICATION_ID 0x41574152

struct _AwarenessStore
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
  /* One store may serve several threads (the app's window and its
   * background sync): each public call runs whole, its transaction
   * included, before another begins. */
  GRecMutex lock;
};

G_DEFINE_QUARK (awareness-store-error-quark, awareness_store_error)
G_DEFINE_FINAL_TYPE (AwarenessStore, awareness_store, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (AwarenessAttemptRecord, awareness_attempt_record,
                     awareness_attempt_record_copy, awareness_attempt_record_free)

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
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == AWARENESS_STORE_SCHEMA_VERSION);

static const char * const state_names[] = {
  [AWARENESS_ATTEMPT_STATE_NOT_STARTED] = "not-started",
  [AWARENESS_ATTEMPT_STATE_IN_PROGRESS] = "in-progress",
  [AWARENESS_ATTEMPT_STATE_PASSED] = "passed",
  [AWARENESS_ATTEMPT_STATE_FAILED] = "failed",
  [AWARENESS_ATTEMPT_STATE_ABANDONED] = "abandoned",
};

/**
 * awareness_attempt_state_to_string:
 * @state: a state
 *
 * Returns: a stable, untranslated name of the state, such as `passed`
 */
const char *
awareness_attempt_state_to_string (AwarenessAttemptState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

static AwarenessAttemptState
state_from_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (name, state_names[i]) == 0)
      return (AwarenessAttemptState) i;

  return AWARENESS_ATTEMPT_STATE_ABANDONED;
}

AwarenessAttemptRecord *
awareness_attempt_record_copy (AwarenessAttemptRecord *self)
{
  AwarenessAttemptRecord *copy = g_new0 (AwarenessAttemptRecord, 1);

  *copy = *self;
  copy->id = g_strdup (self->id);
  copy->user = g_strdup (self->user);
  copy->module_id = g_strdup (self->module_id);
  copy->module_version = g_strdup (self->module_version);
  copy->content_digest = g_strdup (self->content_digest);
  copy->language = g_strdup (self->language);
  copy->started = self->started != NULL ? g_date_time_ref (self->started) : NULL;
  copy->finished = self->finished != NULL ? g_date_time_ref (self->finished) : NULL;
  return copy;
}

void
awareness_attempt_record_free (AwarenessAttemptRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->user);
  g_free (self->module_id);
  g_free (self->module_version);
  g_free (self->content_digest);
  g_free (self->language);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->finished, g_date_time_unref);
  g_free (self);
}

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

static GRecMutexLocker *
lock_store (AwarenessStore *self)
{
  return AWARENESS_IS_STORE (self) ? g_rec_mutex_locker_new (&self->lock) : NULL;
}

/* The first declaration of every public function that reads or writes. */
#define LOCK_STORE(self) \
  g_autoptr(GRecMutexLocker) store_locker G_GNUC_UNUSED = lock_store (self)

static gboolean
fail (AwarenessStore       *self,
      GError              **error,
      AwarenessStoreError   code,
      const char           *what)
{
  g_set_error (error, AWARENESS_STORE_ERROR, code, _("%s in “%s”: %s"),
               what, self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (AwarenessStore *self,
      const char     *sql,
      GError        **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot update the records"));

  return TRUE;
}

static sqlite3_stmt *
prepare (AwarenessStore *self,
         const char     *sql,
         GError        **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
      return NULL;
    }

  return stmt;
}

static void
rollback (AwarenessStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gint64
query_int (AwarenessStore *self,
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

static char *
timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return awareness_xapi_format_timestamp (now);
}

/* Brings the schema up to date, in one transaction; another process may
 * have done it meanwhile, so the version is read again inside it. */
static gboolean
migrate (AwarenessStore *self,
         GError        **error)
{
  gint64 version;
  gboolean ok;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  version = query_int (self, "PRAGMA user_version", &ok);
  if (!ok)
    {
      rollback (self);
      return fail (self, error, AWARENESS_STORE_ERROR_CORRUPT, _("Cannot read the records"));
    }

  for (gint64 v = version; v < AWARENESS_STORE_SCHEMA_VERSION; v++)
    if (sqlite3_exec (self->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK)
      {
        g_autofree char *what = g_strdup_printf (_("Cannot upgrade the records from schema %d"),
                                                 (int) v);

        rollback (self);
        return fail (self, error, AWARENESS_STORE_ERROR_QUERY, what);
      }

  if (version < AWARENESS_STORE_SCHEMA_VERSION)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                              AWARENESS_STORE_SCHEMA_VERSION, APPLICATION_ID);

      if (!exec (self, sql, error))
        {
          rollback (self);
          return FALSE;
        }
    }

  return exec (self, "COMMIT", error);
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
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
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

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      fail (self, error, AWARENESS_STORE_ERROR_OPEN, _("Cannot open the records"));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 10000);
  sqlite3_extended_result_codes (self->db, 1);

  /* Read before anything is written: a file we must refuse stays intact. */
  version = query_int (self, "PRAGMA user_version", &ok);
  if (!ok)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_CORRUPT,
                   _("“%s” is not an Awareness records database, or it is damaged (%s); "
                     "it was left as it is"), path, sqlite3_errmsg (self->db));
      return NULL;
    }

  app_id = query_int (self, "PRAGMA application_id", &ok);
  n_tables = query_int (self, "SELECT count(*) FROM sqlite_master", &ok);
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

  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
             error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * awareness_dup_default_store_path:
 *
 * Returns: (transfer full) (type filename): `$AWARENESS_STORE` if set, else
 *   `records.db` in the user's data directory, whose folder is created
 */
char *
awareness_dup_default_store_path (void)
{
  const char *env = g_getenv ("AWARENESS_STORE");
  g_autofree char *dir = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  dir = g_build_filename (g_get_user_data_dir (), "awareness", NULL);
  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, "records.db", NULL);
}

/**
 * awareness_dup_default_user:
 *
 * Returns: (transfer full): the learner on this machine: `$AWARENESS_USER`
 *   if set, else the staff id of the account signed in to a server, else
 *   the login name
 */
char *
awareness_dup_default_user (void)
{
  const char *env = g_getenv ("AWARENESS_USER");
  g_autoptr(AwarenessConfig) config = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  config = awareness_config_load (NULL, NULL);
  if (config != NULL && config->staff_id != NULL)
    return g_strdup (config->staff_id);
  return g_strdup (g_get_user_name ());
}

/**
 * awareness_dup_default_account_home_page:
 *
 * The home page of the learner's account in xAPI statements, until the
 * learner signs in to a server.
 *
 * Returns: (transfer full): `$AWARENESS_ACCOUNT_HOMEPAGE` if set, else the
 *   home page of the account signed in to a server, else a placeholder IRL
 */
char *
awareness_dup_default_account_home_page (void)
{
  const char *env = g_getenv ("AWARENESS_ACCOUNT_HOMEPAGE");
  g_autoptr(AwarenessConfig) config = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  config = awareness_config_load (NULL, NULL);
  if (config != NULL && config->home_page != NULL)
    return g_strdup (config->home_page);

  return g_strdup ("https://awareness.example/accounts");
}

/**
 * awareness_store_get_path:
 * @self: a store
 *
 * Returns: (type filename): the database file
 */
const char *
awareness_store_get_path (AwarenessStore *self)
{
  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  return self->path;
}

static void
add_text_map (JsonBuilder *builder,
              const char  *member,
              char       **texts)
{
  static const char * const langs[] = { "ja", "en" };

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      json_builder_set_member_name (builder, langs[i]);
      json_builder_add_string_value (builder, texts[i] != NULL ? texts[i] : "");
      g_free (texts[i]);
    }
  json_builder_end_object (builder);
}

/**
 * awareness_attempt_dup_presentation:
 * @attempt: an attempt
 *
 * Describes the attempt as the learner sees it, in Japanese and English:
 * the questions and choices in the order shown, the exhibits, the right
 * answers, the explanations and the clauses tested.  Kept with the attempt, so that a
 * review shows what was seen even after the content changes.
 *
 * Returns: (transfer full): the description, as JSON
 */
char *
awareness_attempt_dup_presentation (AwarenessAttempt *attempt)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  AwarenessModule *module = awareness_attempt_get_module (attempt);
  static const char * const kinds[] = { "single", "multiple", "true-false" };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "module");
  json_builder_add_string_value (builder, awareness_module_get_id (module));
  add_text_map (builder, "title", (char *[]) { g_strdup (awareness_module_get_title (module, "ja")),
                                               g_strdup (awareness_module_get_title (module, "en")) });
  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
      GPtrArray *choices = awareness_attempt_get_choices (attempt, i);
      GPtrArray *clauses = awareness_question_get_clauses (question);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, awareness_question_get_id (question));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kinds[awareness_question_get_kind (question)]);
      if (awareness_question_get_exhibit (question) != NULL)
        awareness_exhibit_build_json (awareness_question_get_exhibit (question), builder);
      add_text_map (builder, "prompt",
                    (char *[]) { awareness_question_dup_prompt (question, "ja", AWARENESS_TEXT_FORMAT_PLAIN),
                                 awareness_question_dup_prompt (question, "en", AWARENESS_TEXT_FORMAT_PLAIN) });
      add_text_map (builder, "explanation",
                    (char *[]) { awareness_question_dup_explanation (question, "ja", AWARENESS_TEXT_FORMAT_PLAIN),
                                 awareness_question_dup_explanation (question, "en", AWARENESS_TEXT_FORMAT_PLAIN) });
      json_builder_set_member_name (builder, "clauses");
      json_builder_begin_array (builder);
      for (guint c = 0; c < clauses->len; c++)
        {
          AwarenessClause *clause = g_ptr_array_index (clauses, c);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, awareness_clause_get_id (clause));
          add_text_map (builder, "label", (char *[]) { awareness_clause_dup_label (clause, "ja"),
                                                       awareness_clause_dup_label (clause, "en") });
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint c = 0; c < choices->len; c++)
        {
          AwarenessChoice *choice = g_ptr_array_index (choices, c);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, awareness_choice_get_id (choice));
          add_text_map (builder, "text",
                        (char *[]) { awareness_choice_dup_text (choice, "ja", AWARENESS_TEXT_FORMAT_PLAIN),
                                     awareness_choice_dup_text (choice, "en", AWARENESS_TEXT_FORMAT_PLAIN) });
          json_builder_set_member_name (builder, "correct");
          json_builder_add_boolean_value (builder, awareness_choice_get_correct (choice));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * awareness_presentation_text:
 * @object: an object of a recorded presentation
 * @member: the member holding a text in each language
 * @lang: the language wanted
 *
 * Returns: (transfer none): the text in @lang, else in Japanese, the
 *   source language of the content, else ""
 */
const char *
awareness_presentation_text (JsonObject *object,
                             const char *member,
                             const char *lang)
{
  JsonObject *map = json_object_get_object_member (object, member);
  const char *text = NULL;

  if (map == NULL)
    return "";
  if (json_object_has_member (map, lang))
    text = json_object_get_string_member (map, lang);
  if (text == NULL || text[0] == '\0')
    text = json_object_get_string_member_with_default (map, "ja", "");
  return text;
}

/**
 * awareness_presentation_is_right:
 * @question: a question of a recorded presentation
 * @ids: (nullable): the choices the learner made
 *
 * Returns: whether @ids are exactly the right choices of @question
 */
gboolean
awareness_presentation_is_right (JsonObject         *question,
                                 const char * const *ids)
{
  JsonArray *choices = json_object_get_array_member (question, "choices");

  if (ids == NULL || choices == NULL)
    return FALSE;
  for (guint c = 0; c < json_array_get_length (choices); c++)
    {
      JsonObject *choice = json_array_get_object_element (choices, c);
      gboolean chosen = g_strv_contains (ids, json_object_get_string_member (choice, "id"));

      if (chosen != json_object_get_boolean_member_with_default (choice, "correct", FALSE))
        return FALSE;
    }
  return TRUE;
}

/**
 * awareness_store_begin_attempt:
 * @self: a store
 * @attempt: a new attempt
 * @user: the learner
 * @lang: the language the learner takes it in
 * @error: return location for an error
 *
 * Records a new attempt, with its questions and choices in the order they
 * will be shown, so that it can be resumed exactly as it was.
 *
 * Returns: whether it was recorded
 */
gboolean
awareness_store_begin_attempt (AwarenessStore   *self,
                               AwarenessAttempt *attempt,
                               const char       *user,
                               const char       *lang,
                               GError          **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) questions = g_string_new (NULL);
  g_autoptr(GString) choices = g_string_new (NULL);
  g_autofree char *presentation = awareness_attempt_dup_presentation (attempt);
  g_autofree char *started = awareness_xapi_format_timestamp (awareness_attempt_get_started (attempt));
  AwarenessModule *module = awareness_attempt_get_module (attempt);

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (attempt), FALSE);
  g_return_val_if_fail (user != NULL && lang != NULL, FALSE);

  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      g_autofree char *order = awareness_attempt_dup_choice_order (attempt, i);

      if (i > 0)
        {
          g_string_append_c (questions, ',');
          g_string_append_c (choices, ';');
        }
      g_string_append (questions, awareness_question_get_id (awareness_attempt_get_question (attempt, i)));
      g_string_append (choices, order);
    }

  stmt = prepare (self,
                  "INSERT INTO attempts (id, user, module_id, module_version, content_digest, "
                  "language, started_at, state, max_score, pass_percent, question_order, "
                  "choice_orders, presentation) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, 'in-progress', ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, awareness_attempt_get_id (attempt), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, awareness_module_get_id (module), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, awareness_module_get_version (module), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, awareness_module_get_digest (module), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, lang, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, started, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, (int) awareness_attempt_get_n_questions (attempt));
  sqlite3_bind_int (stmt, 9, (int) awareness_module_get_pass_percent (module));
  sqlite3_bind_text (stmt, 10, questions->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, choices->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, presentation, -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot record the attempt"));

  return TRUE;
}

static gboolean
write_answer (AwarenessStore   *self,
              AwarenessAttempt *attempt,
              const char       *question_id,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *choices = NULL;
  g_autofree char *now = timestamp_now ();
  const char * const *answer = awareness_attempt_get_answer (attempt, question_id);

  if (answer == NULL)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE,
                   _("Question “%s” has no answer to record"), question_id);
      return FALSE;
    }

  choices = g_strjoinv (",", (char **) answer);
  stmt = prepare (self,
                  "INSERT INTO answers (attempt_id, question_id, choices, answered_at) "
                  "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS "
                  "  (SELECT 1 FROM attempts WHERE id = ?1 AND state = 'in-progress') "
                  "ON CONFLICT (attempt_id, question_id) DO UPDATE "
                  "SET choices = excluded.choices, answered_at = excluded.answered_at", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, awareness_attempt_get_id (attempt), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, choices, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot record the answer"));

  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE,
                   _("The attempt %s is not in progress"), awareness_attempt_get_id (attempt));
      return FALSE;
    }

  return TRUE;
}

/**
 * awareness_store_record_answer:
 * @self: a store
 * @attempt: an attempt begun with [method@Store.begin_attempt]
 * @question_id: the question just answered in @attempt
 * @error: return location for an error
 *
 * Writes the answer durably before the next question is shown.
 *
 * Returns: whether it was recorded
 */
gboolean
awareness_store_record_answer (AwarenessStore   *self,
                               AwarenessAttempt *attempt,
                               const char       *question_id,
                               GError          **error)
{
  LOCK_STORE (self);
  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (attempt), FALSE);

  return write_answer (self, attempt, question_id, error);
}

/**
 * awareness_store_finish_attempt:
 * @self: a store
 * @attempt: a finished attempt (see [method@Attempt.finish])
 * @statements: (element-type JsonNode): its xAPI statements
 * @error: return location for an error
 *
 * Records the result and puts the statements in the outbox, in one
 * transaction: either both are durable or neither is.  An attempt is
 * finished once only, so a result is never counted twice.
 *
 * Returns: whether the result is durably recorded; only then may it be
 *   shown to the learner
 */
gboolean
awareness_store_finish_attempt (AwarenessStore   *self,
                                AwarenessAttempt *attempt,
                                GPtrArray        *statements,
                                GError          **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *finished = NULL;
  g_autofree char *now = timestamp_now ();

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (attempt), FALSE);
  g_return_val_if_fail (awareness_attempt_is_finished (attempt), FALSE);
  g_return_val_if_fail (statements != NULL, FALSE);

  finished = awareness_xapi_format_timestamp (awareness_attempt_get_finished (attempt));

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Every answer again: the result must never rest on a lost write. */
  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    if (!write_answer (self, attempt,
                       awareness_question_get_id (awareness_attempt_get_question (attempt, i)), error))
      goto fail;

  update = prepare (self,
                    "UPDATE attempts SET finished_at = ?, state = ?, score = ? "
                    "WHERE id = ? AND state = 'in-progress'", error);
  if (update == NULL)
    goto fail;
  sqlite3_bind_text (update, 1, finished, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (update, 2, awareness_attempt_get_passed (attempt) ? "passed" : "failed", -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (update, 3, (int) awareness_attempt_get_score (attempt));
  sqlite3_bind_text (update, 4, awareness_attempt_get_id (attempt), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (update) != SQLITE_DONE)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot record the result"));
      goto fail;
    }
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE,
                   _("The attempt %s is not in progress"), awareness_attempt_get_id (attempt));
      goto fail;
    }

  insert = prepare (self,
                    "INSERT INTO outbox (statement_id, attempt_id, seq, statement, created_at) "
                    "VALUES (?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    goto fail;

  for (guint i = 0; i < statements->len; i++)
    {
      JsonNode *statement = g_ptr_array_index (statements, i);
      JsonObject *object = json_node_get_object (statement);
      g_autofree char *json = NULL;

      json_generator_set_root (generator, statement);
      json = json_generator_to_data (generator, NULL);

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, json_object_get_string_member (object, "id"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, awareness_attempt_get_id (attempt), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (insert, 3, (int) i);
      sqlite3_bind_text (insert, 4, json, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 5, now, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot record the statements"));
          goto fail;
        }
    }

  if (!exec (self, "COMMIT", error))
    goto fail;

  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/**
 * awareness_store_abandon_attempt:
 * @self: a store
 * @attempt_id: an attempt in progress
 * @error: return location for an error
 *
 * Marks an attempt that can no longer be resumed, because its module
 * changed.  Its answers are kept.
 *
 * Returns: whether it was marked
 */
gboolean
awareness_store_abandon_attempt (AwarenessStore *self,
                                 const char     *attempt_id,
                                 GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = timestamp_now ();

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);

  stmt = prepare (self, "UPDATE attempts SET state = 'abandoned', finished_at = ? "
                        "WHERE id = ? AND state = 'in-progress'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, attempt_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot update the attempt"));

  return TRUE;
}

#define RECORD_COLUMNS \
  "a.id, a.user, a.module_id, a.module_version, a.content_digest, a.language, a.started_at, " \
  "a.finished_at, a.state, a.score, a.max_score, a.pass_percent, " \
  "(SELECT count(*) FROM answers WHERE attempt_id = a.id)"

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static AwarenessAttemptRecord *
record_from_row (sqlite3_stmt *stmt)
{
  AwarenessAttemptRecord *record = g_new0 (AwarenessAttemptRecord, 1);

  record->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  record->user = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->module_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  record->module_version = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  record->content_digest = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  record->language = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  record->started = column_time (stmt, 6);
  record->finished = column_time (stmt, 7);
  record->state = state_from_string ((const char *) sqlite3_column_text (stmt, 8));
  record->score = (guint) sqlite3_column_int (stmt, 9);
  record->max_score = (guint) sqlite3_column_int (stmt, 10);
  record->pass_percent = (guint) sqlite3_column_int (stmt, 11);
  record->n_answered = (guint) sqlite3_column_int (stmt, 12);
  return record;
}

static AwarenessAttemptRecord *
latest (AwarenessStore *self,
        const char     *user,
        const char     *module_id,
        const char     *state,
        GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT " RECORD_COLUMNS " FROM attempts a "
                        "WHERE a.user = ? AND a.module_id = ? AND a.state = ? "
                        "ORDER BY a.started_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, module_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return record_from_row (stmt);
  if (rc != SQLITE_DONE)
    fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
  return NULL;
}

/* An attempt as it was shown, with the answers given so far. */
static AwarenessAttempt *
rebuild_attempt (AwarenessStore  *self,
                 AwarenessModule *module,
                 const char      *id,
                 const char      *digest,
                 GDateTime       *started,
                 char           **questions,
                 char           **choices,
                 GError         **error)
{
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autoptr(GHashTable) answers = NULL;
  GHashTableIter iter;
  gpointer key, value;

  attempt = awareness_attempt_restore (module, id, digest, started, (const char * const *) questions,
                                       (const char * const *) choices, error);
  if (attempt == NULL)
    return NULL;

  answers = awareness_store_dup_answers (self, id, error);
  if (answers == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    awareness_attempt_answer (attempt, key, (const char * const *) value, NULL);

  return g_steal_pointer (&attempt);
}

/**
 * awareness_store_resume_attempt:
 * @self: a store
 * @module: a module
 * @user: the learner
 * @error: return location for an error
 *
 * Finds the learner's attempt in progress at @module and rebuilds it with
 * its answers, questions and choices in the order first shown.  If the
 * module changed since, the attempt is marked abandoned and the error is
 * %AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED.
 *
 * Returns: (transfer full) (nullable): the attempt, or `NULL` if there is
 *   none (without error) or on error
 */
AwarenessAttempt *
awareness_store_resume_attempt (AwarenessStore  *self,
                                AwarenessModule *module,
                                const char      *user,
                                GError         **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_auto(GStrv) questions = NULL;
  g_auto(GStrv) choices = NULL;
  g_autofree char *id = NULL;
  g_autofree char *digest = NULL;
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);
  g_return_val_if_fail (AWARENESS_IS_MODULE (module), NULL);

  stmt = prepare (self, "SELECT id, content_digest, started_at, question_order, choice_orders "
                        "FROM attempts WHERE user = ? AND module_id = ? AND state = 'in-progress' "
                        "ORDER BY started_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, awareness_module_get_id (module), -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
      return NULL;
    }

  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  digest = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  started = column_time (stmt, 2);
  questions = g_strsplit ((const char *) sqlite3_column_text (stmt, 3), ",", -1);
  choices = g_strsplit ((const char *) sqlite3_column_text (stmt, 4), ";", -1);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (started == NULL)
    started = g_date_time_new_now_utc ();

  attempt = rebuild_attempt (self, module, id, digest, started, questions, choices, error);
  if (attempt == NULL && error != NULL && g_error_matches (*error, AWARENESS_ATTEMPT_ERROR,
                                                           AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED))
    /* Resuming on other content would score answers against questions
     * the learner never saw. */
    awareness_store_abandon_attempt (self, id, NULL);

  return g_steal_pointer (&attempt);
}

/**
 * awareness_store_load_attempt:
 * @self: a store
 * @module: the module the attempt was taken at
 * @attempt_id: the attempt
 * @error: return location for an error
 *
 * Rebuilds an attempt as it was shown and answered, finished when it was,
 * to review it. The error is %AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED when
 * @module is not the version it was taken at.
 *
 * Returns: (transfer full) (nullable): the attempt
 */
AwarenessAttempt *
awareness_store_load_attempt (AwarenessStore  *self,
                              AwarenessModule *module,
                              const char      *attempt_id,
                              GError         **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GDateTime) finished = NULL;
  g_auto(GStrv) questions = NULL;
  g_auto(GStrv) choices = NULL;
  g_autofree char *digest = NULL;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);
  g_return_val_if_fail (AWARENESS_IS_MODULE (module), NULL);

  stmt = prepare (self, "SELECT content_digest, started_at, question_order, choice_orders, finished_at "
                        "FROM attempts WHERE id = ? AND module_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, attempt_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, awareness_module_get_id (module), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_text (stmt, 2) == NULL)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_NOT_FOUND,
                   _("No attempt “%s” of this module was taken on this computer"), attempt_id);
      return NULL;
    }
  digest = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  started = column_time (stmt, 1);
  questions = g_strsplit ((const char *) sqlite3_column_text (stmt, 2), ",", -1);
  choices = g_strsplit (sqlite3_column_text (stmt, 3) != NULL ? (const char *) sqlite3_column_text (stmt, 3) : "",
                        ";", -1);
  finished = column_time (stmt, 4);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (started == NULL)
    started = g_date_time_new_now_utc ();

  attempt = rebuild_attempt (self, module, attempt_id, digest, started, questions, choices, error);
  if (attempt != NULL && finished != NULL && !awareness_attempt_finish (attempt, finished, error))
    return NULL;
  return g_steal_pointer (&attempt);
}

/**
 * awareness_store_dup_answers:
 * @self: a store
 * @attempt_id: an attempt
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type utf8 GStrv): question id → the
 *   chosen choice ids
 */
GHashTable *
awareness_store_dup_answers (AwarenessStore *self,
                             const char     *attempt_id,
                             GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_strfreev);
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT question_id, choices FROM answers WHERE attempt_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, attempt_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (answers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strsplit ((const char *) sqlite3_column_text (stmt, 1), ",", -1));

  if (rc != SQLITE_DONE)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
      return NULL;
    }

  return g_steal_pointer (&answers);
}

/**
 * awareness_store_dup_last_questions:
 * @self: a store
 * @user: the learner
 * @module_id: a module
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the question ids of the learner's
 *   last finished attempt at the module, for a retake to avoid them
 */
char **
awareness_store_dup_last_questions (AwarenessStore *self,
                                    const char     *user,
                                    const char     *module_id,
                                    GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT question_order FROM attempts WHERE user = ? AND module_id = ? "
                        "AND state IN ('passed', 'failed') ORDER BY started_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, module_id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strsplit ((const char *) sqlite3_column_text (stmt, 0), ",", -1);
  if (rc != SQLITE_DONE)
    fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
  return NULL;
}

/**
 * awareness_store_get_module_status:
 * @self: a store
 * @user: the learner
 * @module_id: a module
 * @record: (out) (optional) (transfer full) (nullable): the attempt that
 *   decides the state
 * @error: return location for an error
 *
 * The learner's standing in a module: passed once any attempt passed (the
 * latest such attempt); else in progress; else failed; else not started.
 *
 * Returns: the state; %AWARENESS_ATTEMPT_STATE_NOT_STARTED also on error
 */
AwarenessAttemptState
awareness_store_get_module_status (AwarenessStore          *self,
                                   const char              *user,
                                   const char              *module_id,
                                   AwarenessAttemptRecord **record,
                                   GError                 **error)
{
  LOCK_STORE (self);
  static const char * const order[] = { "passed", "in-progress", "failed" };

  g_return_val_if_fail (AWARENESS_IS_STORE (self), AWARENESS_ATTEMPT_STATE_NOT_STARTED);

  if (record != NULL)
    *record = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(GError) local_error = NULL;
      AwarenessAttemptRecord *found = latest (self, user, module_id, order[i], &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return AWARENESS_ATTEMPT_STATE_NOT_STARTED;
        }
      if (found != NULL)
        {
          AwarenessAttemptState state = found->state;

          if (record != NULL)
            *record = found;
          else
            awareness_attempt_record_free (found);
          return state;
        }
    }

  return AWARENESS_ATTEMPT_STATE_NOT_STARTED;
}

/**
 * awareness_store_list_attempts:
 * @self: a store
 * @user: the learner
 * @module_id: (nullable): only this module's attempts
 * @limit: at most this many, or 0 for all
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type AwarenessAttemptRecord) (nullable):
 *   the attempts, newest first
 */
GPtrArray *
awareness_store_list_attempts (AwarenessStore *self,
                               const char     *user,
                               const char     *module_id,
                               guint           limit,
                               GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_attempt_record_free);
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  if (module_id != NULL)
    stmt = prepare (self, "SELECT " RECORD_COLUMNS " FROM attempts a WHERE a.user = ?1 AND "
                          "a.module_id = ?2 ORDER BY a.started_at DESC LIMIT ?3", error);
  else
    stmt = prepare (self, "SELECT " RECORD_COLUMNS " FROM attempts a WHERE a.user = ?1 "
                          "ORDER BY a.started_at DESC LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  if (module_id != NULL)
    sqlite3_bind_text (stmt, 2, module_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * awareness_store_lookup_attempt:
 * @self: a store
 * @id_or_prefix: an attempt id, or its first characters
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the attempt's record
 */
AwarenessAttemptRecord *
awareness_store_lookup_attempt (AwarenessStore *self,
                                const char     *id_or_prefix,
                                GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(AwarenessAttemptRecord) first = NULL;
  g_autofree char *pattern = NULL;
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_prefix != NULL, NULL);

  if (id_or_prefix[0] == '\0' || strpbrk (id_or_prefix, "%_") != NULL)
    goto not_found;

  pattern = g_strconcat (id_or_prefix, "%", NULL);
  stmt = prepare (self, "SELECT " RECORD_COLUMNS " FROM attempts a WHERE a.id LIKE ? LIMIT 2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    first = record_from_row (stmt);
  else if (rc == SQLITE_DONE)
    goto not_found;
  else
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
      return NULL;
    }

  if (sqlite3_step (stmt) == SQLITE_ROW && g_strcmp0 (first->id, id_or_prefix) != 0)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_AMBIGUOUS,
                   _("“%s” matches several attempts; give more of the id"), id_or_prefix);
      return NULL;
    }

  return g_steal_pointer (&first);

not_found:
  g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_NOT_FOUND,
               _("There is no attempt “%s”"), id_or_prefix);
  return NULL;
}

/**
 * awareness_store_dup_presentation:
 * @self: a store
 * @attempt_id: an attempt
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the attempt as shown, as JSON (see
 *   [func@attempt_dup_presentation])
 */
char *
awareness_store_dup_presentation (AwarenessStore *self,
                                  const char     *attempt_id,
                                  GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT presentation FROM attempts WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, attempt_id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc == SQLITE_DONE)
    g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_NOT_FOUND,
                 _("There is no attempt “%s”"), attempt_id);
  else
    fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
  return NULL;
}

/**
 * awareness_store_dup_statements:
 * @self: a store
 * @attempt_id: an attempt
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the attempt's
 *   statements in the outbox, as JSON, in order
 */
GPtrArray *
awareness_store_dup_statements (AwarenessStore *self,
                                const char     *attempt_id,
                                GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT statement FROM outbox WHERE attempt_id = ? ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, attempt_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (statements, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
      return NULL;
    }

  return g_steal_pointer (&statements);
}

/**
 * awareness_store_count_pending:
 * @self: a store
 * @error: return location for an error
 *
 * Returns: the number of statements waiting to be sent, or -1 on error
 */
gint64
awareness_store_count_pending (AwarenessStore *self,
                               GError        **error)
{
  LOCK_STORE (self);
  gboolean ok;
  gint64 n;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), -1);

  n = query_int (self, "SELECT count(*) FROM outbox WHERE state = 'pending'", &ok);
  if (!ok)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
      return -1;
    }

  return n;
}

/**
 * awareness_store_check_integrity:
 * @self: a store
 * @error: return location for an error
 *
 * Runs SQLite's integrity check over the whole database.
 *
 * Returns: whether the database is sound
 */
gboolean
awareness_store_check_integrity (AwarenessStore *self,
                                 GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *result;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);

  stmt = prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot check the records"));

  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_CORRUPT,
                   _("The records “%s” are damaged: %s"), self->path, result);
      return FALSE;
    }

  return TRUE;
}

/* The outbox, as the sync sees it */

void
awareness_outbox_item_free (AwarenessOutboxItem *item)
{
  if (item == NULL)
    return;

  g_free (item->statement_id);
  g_free (item->statement);
  g_free (item->last_error);
  g_free (item->created);
  g_free (item->exported);
  g_free (item);
}

static const char * const outbox_states[] = {
  [AWARENESS_OUTBOX_PENDING] = "pending",
  [AWARENESS_OUTBOX_SENT] = "sent",
  [AWARENESS_OUTBOX_REJECTED] = "rejected",
};

/**
 * awareness_store_list_outbox:
 * @self: a store
 * @state: which statements
 * @limit: at most this many, oldest first; 0 for all
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type AwarenessOutboxItem) (nullable):
 *   the statements of the outbox in @state, in the order they were made
 */
GPtrArray *
awareness_store_list_outbox (AwarenessStore       *self,
                             AwarenessOutboxState  state,
                             guint                 limit,
                             GError              **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_outbox_item_free);
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT statement_id, statement, tries, last_error, created_at, exported_at FROM outbox "
                  "WHERE state = ? ORDER BY created_at, attempt_id, seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, outbox_states[state], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AwarenessOutboxItem *item = g_new0 (AwarenessOutboxItem, 1);

      item->statement_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      item->statement = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->state = state;
      item->tries = (guint) sqlite3_column_int (stmt, 2);
      item->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      item->created = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      item->exported = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

/* Runs @sql once per id, binding the id to ?1, @text to ?2 and the time
 * to ?3 where @sql has them, in one transaction: all change or none. */
static gboolean
update_outbox (AwarenessStore     *self,
               const char         *sql,
               const char * const *ids,
               guint               n_ids,
               const char         *text,
               gboolean            durable,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();

  now = awareness_xapi_format_timestamp (utc);
  /* Not every change needs to survive a power cut: see mark_sent. */
  if (!durable && !exec (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    goto failed;
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    goto failed;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot update the records"));
          goto failed;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!exec (self, "COMMIT", error))
    goto failed;
  if (!durable)
    exec (self, "PRAGMA synchronous = FULL", NULL);
  return TRUE;

failed:
  rollback (self);
  if (!durable)
    exec (self, "PRAGMA synchronous = FULL", NULL);
  return FALSE;
}

/**
 * awareness_store_mark_sent:
 * @self: a store
 * @ids: (array length=n_ids): statement ids
 * @n_ids: their number
 * @error: return location for an error
 *
 * Records that the server holds these statements: they leave the queue.
 * Without waiting for the disk: a power cut may undo the mark (never a
 * record), and sending a statement again changes nothing on the server.
 *
 * Returns: whether it was recorded
 */
gboolean
awareness_store_mark_sent (AwarenessStore     *self,
                           const char * const *ids,
                           guint               n_ids,
                           GError            **error)
{
  LOCK_STORE (self);
  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);

  return update_outbox (self, "UPDATE outbox SET state = 'sent', sent_at = ?3, last_error = NULL "
                              "WHERE statement_id = ?1",
                        ids, n_ids, NULL, FALSE, error);
}

/**
 * awareness_store_mark_rejected:
 * @self: a store
 * @id: a statement id
 * @reason: what the server said
 * @error: return location for an error
 *
 * Puts the statement aside: the server refused it, and sending it again
 * would not change that.  It stays in the store, with the reason.
 *
 * Returns: whether it was recorded
 */
gboolean
awareness_store_mark_rejected (AwarenessStore *self,
                               const char     *id,
                               const char     *reason,
                               GError        **error)
{
  LOCK_STORE (self);
  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);

  return update_outbox (self, "UPDATE outbox SET state = 'rejected', last_error = ?2, tries = tries + 1 "
                              "WHERE statement_id = ?1",
                        &id, 1, reason, TRUE, error);
}

/**
 * awareness_store_note_failure:
 * @self: a store
 * @ids: (array length=n_ids): statement ids
 * @n_ids: their number
 * @reason: why the try failed
 * @error: return location for an error
 *
 * Records a try that did not get an answer: the statements stay pending,
 * and the next sync checks whether the server holds them already.
 *
 * Returns: whether it was recorded
 */
gboolean
awareness_store_note_failure (AwarenessStore     *self,
                              const char * const *ids,
                              guint               n_ids,
                              const char         *reason,
                              GError            **error)
{
  LOCK_STORE (self);
  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);

  return update_outbox (self, "UPDATE outbox SET tries = tries + 1, last_error = ?2 "
                              "WHERE statement_id = ?1 AND state = 'pending'",
                        ids, n_ids, reason, TRUE, error);
}

/**
 * awareness_store_mark_exported:
 * @self: a store
 * @ids: (array length=n_ids): statement ids
 * @n_ids: their number
 * @error: return location for an error
 *
 * Records that these pending statements were written to a transfer file.
 * They stay pending until the server confirms them.
 *
 * Returns: whether it was recorded
 */
gboolean
awareness_store_mark_exported (AwarenessStore     *self,
                               const char * const *ids,
                               guint               n_ids,
                               GError            **error)
{
  LOCK_STORE (self);
  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);

  return update_outbox (self, "UPDATE outbox SET exported_at = ?3 WHERE statement_id = ?1",
                        ids, n_ids, NULL, TRUE, error);
}

/* The records of @old_user as @new_user: the actor of a statement not yet
 * sent, if it is the old account.  NULL if it is not. */
static char *
adopt_statement (const char *json,
                 const char *old_user,
                 const char *old_home_page,
                 const char *new_user,
                 const char *new_home_page)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *statement, *actor, *account;

  if (!json_parser_load_from_data (parser, json, -1, NULL) || json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  statement = json_node_get_object (json_parser_get_root (parser));
  actor = json_object_get_member (statement, "actor") != NULL &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (statement, "actor"))
          ? json_object_get_object_member (statement, "actor") : NULL;
  account = actor != NULL && json_object_get_member (actor, "account") != NULL &&
            JSON_NODE_HOLDS_OBJECT (json_object_get_member (actor, "account"))
            ? json_object_get_object_member (actor, "account") : NULL;
  if (account == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (account, "homePage", NULL), old_home_page) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (account, "name", NULL), old_user) != 0)
    return NULL;

  json_object_set_member (statement, "actor", awareness_xapi_build_account_agent (new_home_page, new_user));
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

/**
 * awareness_store_adopt:
 * @self: a store
 * @old_user: the learner the records were made as before signing in
 * @old_home_page: the home page of that account
 * @new_user: the staff id of the account signed in to
 * @new_home_page: its home page
 * @error: return location for an error
 *
 * After a first sign-in, the records made on this machine before it
 * become the signed-in account's: its attempts, and the actor of the
 * statements not yet sent.  Statements the server holds are not touched.
 *
 * Returns: the number of statements changed, or -1 on error
 */
gint64
awareness_store_adopt (AwarenessStore *self,
                       const char     *old_user,
                       const char     *old_home_page,
                       const char     *new_user,
                       const char     *new_home_page,
                       GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) attempts = NULL;
  gint64 changed = 0;
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), -1);

  if (g_strcmp0 (old_user, new_user) == 0 && g_strcmp0 (old_home_page, new_home_page) == 0)
    return 0;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return -1;
  select = prepare (self, "SELECT statement_id, statement FROM outbox WHERE state = 'pending'", error);
  update = select != NULL ? prepare (self, "UPDATE outbox SET statement = ? WHERE statement_id = ?", error) : NULL;
  attempts = update != NULL ? prepare (self, "UPDATE attempts SET user = ? WHERE user = ?", error) : NULL;
  if (attempts == NULL)
    goto failed;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autofree char *adopted = adopt_statement ((const char *) sqlite3_column_text (select, 1),
                                                  old_user, old_home_page, new_user, new_home_page);

      if (adopted == NULL)
        continue;
      sqlite3_reset (update);
      sqlite3_bind_text (update, 1, adopted, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (update, 2, (const char *) sqlite3_column_text (select, 0), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (update) != SQLITE_DONE)
        break;
      changed++;
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
      goto failed;
    }
  sqlite3_bind_text (attempts, 1, new_user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (attempts, 2, old_user, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_ROW || sqlite3_step (attempts) != SQLITE_DONE)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot update the records"));
      goto failed;
    }
  g_clear_pointer (&select, sqlite3_finalize);
  g_clear_pointer (&update, sqlite3_finalize);
  g_clear_pointer (&attempts, sqlite3_finalize);
  if (!exec (self, "COMMIT", error))
    goto failed;
  return changed;

failed:
  rollback (self);
  return -1;
}

/**
 * awareness_store_merge_result:
 * @self: a store
 * @record: a finished attempt as another machine recorded it: its id,
 *   learner, module, version, language, times, state and score
 * @error: return location for an error
 *
 * Records a result fetched from the server, once: an attempt the store
 * holds already (made here, or fetched before) is left as it is.
 *
 * Returns: 1 if it was new, 0 if it was there, -1 on error
 */
int
awareness_store_merge_result (AwarenessStore               *self,
                              const AwarenessAttemptRecord *record,
                              GError                      **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *started = NULL;
  g_autofree char *finished = NULL;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), -1);
  g_return_val_if_fail (record->state == AWARENESS_ATTEMPT_STATE_PASSED ||
                        record->state == AWARENESS_ATTEMPT_STATE_FAILED, -1);

  started = awareness_xapi_format_timestamp (record->started);
  finished = awareness_xapi_format_timestamp (record->finished);
  stmt = prepare (self,
                  "INSERT OR IGNORE INTO attempts (id, user, module_id, module_version, content_digest, language, "
                  "started_at, finished_at, state, score, max_score, pass_percent, question_order, choice_orders, "
                  "presentation, origin) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, '[]', '{}', '{}', 'server')",
                  error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, record->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record->user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, record->module_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, record->module_version != NULL ? record->module_version : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, record->language != NULL ? record->language : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, started, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, finished, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, state_names[record->state], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 9, (int) record->score);
  sqlite3_bind_int (stmt, 10, (int) record->max_score);
  sqlite3_bind_int (stmt, 11, (int) record->pass_percent);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot update the records"));
      return -1;
    }
  return sqlite3_changes (self->db) > 0 ? 1 : 0;
}
