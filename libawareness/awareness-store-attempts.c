/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The attempts in the records: begun before their first question is
 * shown, every answer written as it is given, finished with their xAPI
 * statements in one transaction, resumed as they were shown.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "awareness-store-private.h"

G_DEFINE_BOXED_TYPE (AwarenessAttemptRecord, awareness_attempt_record,
                     awareness_attempt_record_copy, awareness_attempt_record_free)

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
 * Returns: (transfer none): a stable, untranslated name of the state, such as `passed`
 *
 * Since: 0.2
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

/**
 * awareness_attempt_record_copy:
 * @self: a record
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 0.2
 */
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

/**
 * awareness_attempt_record_free:
 * @self: (nullable) (transfer full): a record
 *
 * Frees the record.
 *
 * Since: 0.2
 */
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

char *
_awareness_store_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return awareness_xapi_format_timestamp (now);
}

/* Puts the statements of a record (an attempt or an inspection) in the
 * outbox, inside the caller's transaction. */
gboolean
_awareness_store_enqueue (AwarenessStore *self,
                          const char     *record_id,
                          GPtrArray      *statements,
                          GError        **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *now = _awareness_store_timestamp_now ();

  insert = _awareness_store_prepare (self,
                    "INSERT INTO outbox (statement_id, attempt_id, seq, statement, created_at) "
                    "VALUES (?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < statements->len; i++)
    {
      JsonNode *statement = g_ptr_array_index (statements, i);
      JsonObject *object = json_node_get_object (statement);
      g_autofree char *json = NULL;

      json_generator_set_root (generator, statement);
      json = json_generator_to_data (generator, NULL);

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, json_object_get_string_member (object, "id"), -1,
                         SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, record_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (insert, 3, (int) i);
      sqlite3_bind_text (insert, 4, json, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 5, now, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (insert) != SQLITE_DONE)
        return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                      _("Cannot record the statements"));
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
 *
 * Since: 0.2
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
  g_autofree char *started =
      awareness_xapi_format_timestamp (awareness_attempt_get_started (attempt));
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
      g_string_append (questions,
                       awareness_question_get_id (awareness_attempt_get_question (attempt, i)));
      g_string_append (choices, order);
    }

  stmt = _awareness_store_prepare (self,
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
    return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                  _("Cannot record the attempt"));

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
  g_autofree char *now = _awareness_store_timestamp_now ();
  const char * const *answer = awareness_attempt_get_answer (attempt, question_id);

  if (answer == NULL)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE,
                   _("Question “%s” has no answer to record"), question_id);
      return FALSE;
    }

  choices = g_strjoinv (",", (char **) answer);
  stmt = _awareness_store_prepare (self,
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
    return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                  _("Cannot record the answer"));

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
 *
 * Since: 0.2
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
 *
 * Since: 0.2
 */
gboolean
awareness_store_finish_attempt (AwarenessStore   *self,
                                AwarenessAttempt *attempt,
                                GPtrArray        *statements,
                                GError          **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *finished = NULL;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (attempt), FALSE);
  g_return_val_if_fail (awareness_attempt_is_finished (attempt), FALSE);
  g_return_val_if_fail (statements != NULL, FALSE);

  finished = awareness_xapi_format_timestamp (awareness_attempt_get_finished (attempt));

  if (!_awareness_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Every answer again: the result must never rest on a lost write. */
  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    if (!write_answer (self, attempt,
                       awareness_question_get_id (awareness_attempt_get_question (attempt, i)),
                       error))
      goto fail;

  update = _awareness_store_prepare (self,
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
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot record the result"));
      goto fail;
    }
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE,
                   _("The attempt %s is not in progress"), awareness_attempt_get_id (attempt));
      goto fail;
    }

  if (!_awareness_store_enqueue (self, awareness_attempt_get_id (attempt), statements, error))
    goto fail;

  if (!_awareness_store_exec (self, "COMMIT", error))
    goto fail;

  return TRUE;

fail:
  _awareness_store_rollback (self);
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
 *
 * Since: 0.2
 */
gboolean
awareness_store_abandon_attempt (AwarenessStore *self,
                                 const char     *attempt_id,
                                 GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _awareness_store_timestamp_now ();

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);

  stmt = _awareness_store_prepare (self, "UPDATE attempts SET state = 'abandoned', finished_at = ? "
                        "WHERE id = ? AND state = 'in-progress'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, attempt_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                  _("Cannot update the attempt"));

  return TRUE;
}

#define RECORD_COLUMNS \
  "a.id, a.user, a.module_id, a.module_version, a.content_digest, a.language, a.started_at, " \
  "a.finished_at, a.state, a.score, a.max_score, a.pass_percent, " \
  "(SELECT count(*) FROM answers WHERE attempt_id = a.id)"

GDateTime *
_awareness_store_column_time (sqlite3_stmt *stmt,
                              int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

/* A row of RECORD_COLUMNS (an AwarenessRowDecoder). */
static gpointer
record_from_row (sqlite3_stmt *stmt,
                 gpointer      user_data)
{
  AwarenessAttemptRecord *record = g_new0 (AwarenessAttemptRecord, 1);

  record->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  record->user = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->module_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  record->module_version = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  record->content_digest = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  record->language = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  record->started = _awareness_store_column_time (stmt, 6);
  record->finished = _awareness_store_column_time (stmt, 7);
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

  stmt = _awareness_store_prepare (self, "SELECT " RECORD_COLUMNS " FROM attempts a "
                        "WHERE a.user = ? AND a.module_id = ? AND a.state = ? "
                        "ORDER BY a.started_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, module_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return record_from_row (stmt, NULL);
  if (rc != SQLITE_DONE)
    _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
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

  attempt =
      awareness_attempt_restore (module, id, digest, started, (const char * const *) questions,
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
 *
 * Since: 0.2
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

  stmt = _awareness_store_prepare (self,
                                   "SELECT id, content_digest, started_at, question_order, "
                                   "choice_orders FROM attempts WHERE user = ? AND module_id = ? "
                                   "AND state = 'in-progress' ORDER BY started_at DESC LIMIT 1",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, awareness_module_get_id (module), -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot read the records"));
      return NULL;
    }

  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  digest = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  started = _awareness_store_column_time (stmt, 2);
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
 *
 * Since: 0.2
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

  stmt = _awareness_store_prepare (self,
                                   "SELECT content_digest, started_at, question_order, "
                                   "choice_orders, finished_at FROM attempts WHERE id = ? AND "
                                   "module_id = ?", error);
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
  started = _awareness_store_column_time (stmt, 1);
  questions = g_strsplit ((const char *) sqlite3_column_text (stmt, 2), ",", -1);
  choices = g_strsplit (sqlite3_column_text (stmt, 3) != NULL
                            ? (const char *) sqlite3_column_text (stmt, 3)
                            : "",
                        ";", -1);
  finished = _awareness_store_column_time (stmt, 4);
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
 *
 * Since: 0.2
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

  stmt = _awareness_store_prepare (self,
                                   "SELECT question_id, choices FROM answers WHERE attempt_id = ?",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, attempt_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (answers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strsplit ((const char *) sqlite3_column_text (stmt, 1), ",", -1));

  if (rc != SQLITE_DONE)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot read the records"));
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
 *
 * Since: 0.2
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

  stmt = _awareness_store_prepare (self,
                                   "SELECT question_order FROM attempts WHERE user = ? AND "
                                   "module_id = ? AND state IN ('passed', 'failed') ORDER BY "
                                   "started_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, module_id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strsplit ((const char *) sqlite3_column_text (stmt, 0), ",", -1);
  if (rc != SQLITE_DONE)
    _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
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
 *
 * Since: 0.2
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
 *
 * Since: 0.2
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
  g_autoptr(GPtrArray) records =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_attempt_record_free);

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  if (module_id != NULL)
    stmt =
        _awareness_store_prepare (self,
                                  "SELECT " RECORD_COLUMNS " FROM attempts a WHERE a.user = ?1 AND "
                                  "a.module_id = ?2 ORDER BY a.started_at DESC LIMIT ?3",
                                  error);
  else
    stmt = _awareness_store_prepare (self,
                                     "SELECT " RECORD_COLUMNS " FROM attempts a WHERE a.user = ?1 "
                                     "ORDER BY a.started_at DESC LIMIT ?3",
                                     error);
  if (stmt == NULL)
    return NULL;
  _awareness_store_bind_listing (stmt, user, module_id, limit);
  if (!_awareness_store_collect (self, stmt, record_from_row, NULL, records, error))
    return NULL;
  return g_steal_pointer (&records);
}

/**
 * awareness_store_lookup_attempt:
 * @self: a store
 * @id_or_prefix: an attempt id, or its first characters
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the attempt's record
 *
 * Since: 0.2
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
  stmt = _awareness_store_prepare (self,
                                   "SELECT " RECORD_COLUMNS
                                   " FROM attempts a WHERE a.id LIKE ? LIMIT 2",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    first = record_from_row (stmt, NULL);
  else if (rc == SQLITE_DONE)
    goto not_found;
  else
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot read the records"));
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
 *   [method@Attempt.dup_presentation])
 *
 * Since: 0.2
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

  stmt = _awareness_store_prepare (self, "SELECT presentation FROM attempts WHERE id = ?", error);
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
    _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY, _("Cannot read the records"));
  return NULL;
}

/* The first column of a row, as text (an AwarenessRowDecoder). */
static gpointer
first_text (sqlite3_stmt *stmt,
            gpointer      user_data)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * awareness_store_dup_statements:
 * @self: a store
 * @attempt_id: an attempt
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the attempt's
 *   statements in the outbox, as JSON, in order
 *
 * Since: 0.2
 */
GPtrArray *
awareness_store_dup_statements (AwarenessStore *self,
                                const char     *attempt_id,
                                GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  stmt = _awareness_store_prepare (self,
                                   "SELECT statement FROM outbox WHERE attempt_id = ? ORDER BY seq",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, attempt_id, -1, SQLITE_TRANSIENT);
  if (!_awareness_store_collect (self, stmt, first_text, NULL, statements, error))
    return NULL;
  return g_steal_pointer (&statements);
}

