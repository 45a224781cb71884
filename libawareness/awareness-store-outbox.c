/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The outbox of statements as the sync and the transfer files see it
 * (pending, sent, rejected, exported), the adoption of the records made
 * before the first sign-in, and the results fetched from the server.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "awareness-store-private.h"

/**
 * awareness_store_count_pending:
 * @self: a store
 * @error: return location for an error
 *
 * Returns: the number of statements waiting to be sent, or -1 on error
 *
 * Since: 0.2
 */
gint64
awareness_store_count_pending (AwarenessStore *self,
                               GError        **error)
{
  LOCK_STORE (self);
  gboolean ok;
  gint64 n;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), -1);

  n = _awareness_store_query_int (self, "SELECT count(*) FROM outbox WHERE state = 'pending'", &ok);
  if (!ok)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot read the records"));
      return -1;
    }

  return n;
}

/**
 * awareness_store_get_delivery:
 * @self: a store
 * @attempt_id: an attempt
 * @delivery: (out): whether its result has reached the server
 * @error: return location for an error
 *
 * Tells whether the result of an attempt (all its statements, however
 * many they are) has reached the server: a refusal of any of them
 * outweighs the rest, then any still waiting.
 *
 * Returns: `TRUE`, or `FALSE` with @error set
 *
 * Since: 0.2
 */
gboolean
awareness_store_get_delivery (AwarenessStore    *self,
                              const char        *attempt_id,
                              AwarenessDelivery *delivery,
                              GError           **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 total, rejected, waiting, exported;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);
  g_return_val_if_fail (attempt_id != NULL, FALSE);
  g_return_val_if_fail (delivery != NULL, FALSE);

  stmt = _awareness_store_prepare (self,
                                   "SELECT count(*), "
                                   "  coalesce(sum(state = 'rejected'), 0), "
                                   "  coalesce(sum(state = 'pending'), 0), "
                                   "  coalesce(sum(state = 'pending' AND exported_at IS NOT NULL),"
                                   "           0) "
                                   "FROM outbox WHERE attempt_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, attempt_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot read the records"));
      return FALSE;
    }
  total = sqlite3_column_int64 (stmt, 0);
  rejected = sqlite3_column_int64 (stmt, 1);
  waiting = sqlite3_column_int64 (stmt, 2);
  exported = sqlite3_column_int64 (stmt, 3);

  if (total == 0)
    *delivery = AWARENESS_DELIVERY_NONE;
  else if (rejected > 0)
    *delivery = AWARENESS_DELIVERY_REJECTED;
  else if (waiting > exported)
    *delivery = AWARENESS_DELIVERY_WAITING;
  else if (waiting > 0)
    *delivery = AWARENESS_DELIVERY_EXPORTED;
  else
    *delivery = AWARENESS_DELIVERY_SENT;
  return TRUE;
}

/* The outbox, as the sync sees it */

/**
 * awareness_outbox_item_free:
 * @item: (nullable) (transfer full): an outbox item
 *
 * Frees the item.
 *
 * Since: 0.2
 */
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

/* A row of the listing of the outbox, whose items are all in the state
 * @user_data points to. */
static gpointer
outbox_item_from_row (sqlite3_stmt *stmt,
                      gpointer      user_data)
{
  AwarenessOutboxItem *item = g_new0 (AwarenessOutboxItem, 1);

  item->statement_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  item->statement = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  item->state = *(AwarenessOutboxState *) user_data;
  item->tries = (guint) sqlite3_column_int (stmt, 2);
  item->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  item->created = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  item->exported = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  return item;
}

/**
 * awareness_store_list_outbox:
 * @self: a store
 * @state: which statements
 * @limit: at most this many, oldest first; 0 for all
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type AwarenessOutboxItem) (nullable):
 *   the statements of the outbox in @state, in the order they were made
 *
 * Since: 0.2
 */
GPtrArray *
awareness_store_list_outbox (AwarenessStore       *self,
                             AwarenessOutboxState  state,
                             guint                 limit,
                             GError              **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_outbox_item_free);

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);

  stmt = _awareness_store_prepare (self,
                                   "SELECT statement_id, statement, tries, last_error, "
                                   "created_at, exported_at FROM outbox WHERE state = ? ORDER BY "
                                   "created_at, attempt_id, seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, outbox_states[state], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  if (!_awareness_store_collect (self, stmt, outbox_item_from_row, &state, items, error))
    return NULL;

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
  if (!durable && !_awareness_store_exec (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  if (!_awareness_store_exec (self, "BEGIN IMMEDIATE", error))
    goto failed;
  stmt = _awareness_store_prepare (self, sql, error);
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
          _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                 _("Cannot update the records"));
          goto failed;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!_awareness_store_exec (self, "COMMIT", error))
    goto failed;
  if (!durable)
    _awareness_store_exec (self, "PRAGMA synchronous = FULL", NULL);
  return TRUE;

failed:
  _awareness_store_rollback (self);
  if (!durable)
    _awareness_store_exec (self, "PRAGMA synchronous = FULL", NULL);
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
 *
 * Since: 0.2
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
 *
 * Since: 0.2
 */
gboolean
awareness_store_mark_rejected (AwarenessStore *self,
                               const char     *id,
                               const char     *reason,
                               GError        **error)
{
  LOCK_STORE (self);
  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);

  return update_outbox (self,
                        "UPDATE outbox SET state = 'rejected', last_error = ?2, tries = tries + 1 "
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
 *
 * Since: 0.2
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
 *
 * Since: 0.2
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

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
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
      g_strcmp0 (json_object_get_string_member_with_default (account, "homePage", NULL),
                 old_home_page) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (account, "name", NULL), old_user) != 0)
    return NULL;

  json_object_set_member (statement, "actor",
                          awareness_xapi_build_account_agent (new_home_page, new_user));
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
 * become the signed-in account's: its attempts and self-inspections, and the actor of the
 * statements not yet sent.  Statements the server holds are not touched.
 *
 * Returns: the number of statements changed, or -1 on error
 *
 * Since: 0.2
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
  if (!_awareness_store_exec (self, "BEGIN IMMEDIATE", error))
    return -1;
  select = _awareness_store_prepare (self,
                                     "SELECT statement_id, statement FROM outbox WHERE state = "
                                     "'pending'", error);
  update = select != NULL
               ? _awareness_store_prepare (self,
                                           "UPDATE outbox SET statement = ? WHERE statement_id = ?",
                                           error)
               : NULL;
  attempts =
      update != NULL
          ? _awareness_store_prepare (self, "UPDATE attempts SET user = ? WHERE user = ?", error)
          : NULL;
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
      sqlite3_bind_text (update, 2, (const char *) sqlite3_column_text (select, 0), -1,
                         SQLITE_TRANSIENT);
      if (sqlite3_step (update) != SQLITE_DONE)
        break;
      changed++;
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot read the records"));
      goto failed;
    }
  sqlite3_bind_text (attempts, 1, new_user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (attempts, 2, old_user, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_ROW || sqlite3_step (attempts) != SQLITE_DONE)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot update the records"));
      goto failed;
    }
  /* The self-inspections too. */
  g_clear_pointer (&attempts, sqlite3_finalize);
  attempts = _awareness_store_prepare (self, "UPDATE inspections SET user = ? WHERE user = ?",
                                       error);
  if (attempts == NULL)
    goto failed;
  sqlite3_bind_text (attempts, 1, new_user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (attempts, 2, old_user, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (attempts) != SQLITE_DONE)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot update the records"));
      goto failed;
    }
  g_clear_pointer (&select, sqlite3_finalize);
  g_clear_pointer (&update, sqlite3_finalize);
  g_clear_pointer (&attempts, sqlite3_finalize);
  if (!_awareness_store_exec (self, "COMMIT", error))
    goto failed;
  return changed;

failed:
  _awareness_store_rollback (self);
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
 *
 * Since: 0.2
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
  stmt = _awareness_store_prepare (self,
                                   "INSERT OR IGNORE INTO attempts (id, user, module_id, "
                                   "module_version, content_digest, language, started_at, "
                                   "finished_at, state, score, max_score, pass_percent, "
                                   "question_order, choice_orders, presentation, origin) VALUES "
                                   "(?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, '[]', '{}', '{}', "
                                   "'server')", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, record->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record->user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, record->module_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, record->module_version != NULL ? record->module_version : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, record->language != NULL ? record->language : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, started, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, finished, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, awareness_attempt_state_to_string (record->state), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 9, (int) record->score);
  sqlite3_bind_int (stmt, 10, (int) record->max_score);
  sqlite3_bind_int (stmt, 11, (int) record->pass_percent);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot update the records"));
      return -1;
    }
  return sqlite3_changes (self->db) > 0 ? 1 : 0;
}

