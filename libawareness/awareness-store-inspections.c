/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Self-inspections in the store: each answer written as given, before the
 * next item is shown, so that an inspection resumes where it was left;
 * the submission and its statements in one transaction.  An inspection
 * keeps the checklist version it was begun on: one begun on a version
 * revised since is not resumed (its answers stay, marked abandoned).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "awareness-store-private.h"

/**
 * awareness_store_begin_inspection:
 * @self: a store
 * @inspection: a new inspection
 * @user: who answers it
 * @lang: the language they answer in
 * @error: return location for an error
 *
 * Records a new inspection, with the checklist's version and digest.
 *
 * Returns: whether it was recorded
 *
 * Since: 0.2
 */
gboolean
awareness_store_begin_inspection (AwarenessStore      *self,
                                  AwarenessInspection *inspection,
                                  const char          *user,
                                  const char          *lang,
                                  GError             **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AwarenessChecklist *checklist;
  g_autofree char *started = NULL;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (inspection), FALSE);
  g_return_val_if_fail (user != NULL && lang != NULL, FALSE);

  checklist = awareness_inspection_get_checklist (inspection);
  started = awareness_xapi_format_timestamp (awareness_inspection_get_started (inspection));
  stmt = _awareness_store_prepare (self,
                  "INSERT INTO inspections (id, user, checklist_id, checklist_version, "
                  "content_digest, language, started_at, state) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, 'in-progress')", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, awareness_inspection_get_id (inspection), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, awareness_checklist_get_id (checklist), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, awareness_checklist_get_version (checklist), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, awareness_checklist_get_digest (checklist), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, lang, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, started, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                  _("Cannot record the self-inspection"));
  return TRUE;
}

static gboolean
write_answer (AwarenessStore      *self,
              AwarenessInspection *inspection,
              const char          *item_id,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _awareness_store_timestamp_now ();
  const char *comment = NULL;
  AwarenessCheckAnswer answer = awareness_inspection_get_answer (inspection, item_id, &comment);

  if (answer == AWARENESS_CHECK_ANSWER_NONE)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE,
                   _("Item “%s” has no answer to record"), item_id);
      return FALSE;
    }

  stmt = _awareness_store_prepare (self,
                  "INSERT INTO inspection_answers (inspection_id, item_id, answer, comment, "
                  "answered_at) SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS "
                  "  (SELECT 1 FROM inspections WHERE id = ?1 AND state = 'in-progress') "
                  "ON CONFLICT (inspection_id, item_id) DO UPDATE "
                  "SET answer = excluded.answer, comment = excluded.comment, "
                  "answered_at = excluded.answered_at", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, awareness_inspection_get_id (inspection), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, item_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, awareness_check_answer_to_string (answer), -1, SQLITE_STATIC);
  if (comment != NULL)
    sqlite3_bind_text (stmt, 4, comment, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                                  _("Cannot record the answer"));
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE,
                   _("The self-inspection %s is not in progress"),
                   awareness_inspection_get_id (inspection));
      return FALSE;
    }
  return TRUE;
}

/**
 * awareness_store_record_inspection_answer:
 * @self: a store
 * @inspection: an inspection begun with [method@Store.begin_inspection]
 * @item_id: the item just answered in @inspection
 * @error: return location for an error
 *
 * Writes the answer, and its comment, durably before the next item is shown.
 *
 * Returns: whether it was recorded
 *
 * Since: 0.2
 */
gboolean
awareness_store_record_inspection_answer (AwarenessStore      *self,
                                          AwarenessInspection *inspection,
                                          const char          *item_id,
                                          GError             **error)
{
  LOCK_STORE (self);
  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (inspection), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);

  return write_answer (self, inspection, item_id, error);
}

/**
 * awareness_store_finish_inspection:
 * @self: a store
 * @inspection: a submitted inspection (see [method@Inspection.finish])
 * @statements: (element-type JsonNode): its xAPI statements
 * @error: return location for an error
 *
 * Records the submission and puts the statements in the outbox, in one
 * transaction.  An inspection is submitted once only.
 *
 * Returns: whether it is durably recorded
 *
 * Since: 0.2
 */
gboolean
awareness_store_finish_inspection (AwarenessStore      *self,
                                   AwarenessInspection *inspection,
                                   GPtrArray           *statements,
                                   GError             **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *finished = NULL;
  GPtrArray *items;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), FALSE);
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (inspection), FALSE);
  g_return_val_if_fail (awareness_inspection_is_finished (inspection), FALSE);
  g_return_val_if_fail (statements != NULL, FALSE);

  finished = awareness_xapi_format_timestamp (awareness_inspection_get_finished (inspection));
  items = awareness_checklist_get_items (awareness_inspection_get_checklist (inspection));

  if (!_awareness_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Every answer again: the submission must never rest on a lost write. */
  for (guint i = 0; i < items->len; i++)
    if (!write_answer (self, inspection,
                       awareness_checklist_item_get_id (g_ptr_array_index (items, i)), error))
      goto fail;

  update = _awareness_store_prepare (self,
                    "UPDATE inspections SET finished_at = ?, state = 'completed' "
                    "WHERE id = ? AND state = 'in-progress'", error);
  if (update == NULL)
    goto fail;
  sqlite3_bind_text (update, 1, finished, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (update, 2, awareness_inspection_get_id (inspection), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (update) != SQLITE_DONE)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot record the self-inspection"));
      goto fail;
    }
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE,
                   _("The self-inspection %s is not in progress"),
                   awareness_inspection_get_id (inspection));
      goto fail;
    }

  if (!_awareness_store_enqueue (self, awareness_inspection_get_id (inspection), statements,
                                 error))
    goto fail;
  if (!_awareness_store_exec (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  _awareness_store_rollback (self);
  return FALSE;
}

/**
 * awareness_store_resume_inspection:
 * @self: a store
 * @checklist: a checklist
 * @user: who answers it
 * @error: return location for an error
 *
 * Finds the inspection of @checklist that @user began and did not submit,
 * with the answers given so far.  One begun on another version of the
 * checklist is marked abandoned (its answers are kept) and not resumed.
 *
 * Returns: (transfer full) (nullable): the inspection, or `NULL` when
 *   there is none (and @error is not set) or on error
 *
 * Since: 0.2
 */
AwarenessInspection *
awareness_store_resume_inspection (AwarenessStore      *self,
                                   AwarenessChecklist  *checklist,
                                   const char          *user,
                                   GError             **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) answers = NULL;
  g_autoptr(AwarenessInspection) inspection = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autofree char *id = NULL;
  int rc;

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (checklist), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  stmt = _awareness_store_prepare (self,
                  "SELECT id, content_digest, started_at FROM inspections "
                  "WHERE user = ? AND checklist_id = ? AND state = 'in-progress' "
                  "ORDER BY started_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, awareness_checklist_get_id (checklist), -1, SQLITE_TRANSIENT);
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
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1),
                 awareness_checklist_get_digest (checklist)) != 0)
    {
      g_autoptr(sqlite3_stmt) abandon =
          _awareness_store_prepare (self, "UPDATE inspections SET state = 'abandoned' "
                                          "WHERE id = ? AND state = 'in-progress'", error);

      if (abandon == NULL)
        return NULL;
      sqlite3_bind_text (abandon, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (abandon) != SQLITE_DONE)
        _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                               _("Cannot update the records"));
      return NULL;
    }

  started = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 2), NULL);
  if (started == NULL)
    started = g_date_time_new_now_utc ();
  inspection = _awareness_inspection_restore (checklist, id, started);

  answers = _awareness_store_prepare (self,
                  "SELECT item_id, answer, comment FROM inspection_answers "
                  "WHERE inspection_id = ?", error);
  if (answers == NULL)
    return NULL;
  sqlite3_bind_text (answers, 1, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (answers)) == SQLITE_ROW)
    {
      /* The same version of the checklist: every answer kept passes its
       * rules again, or is asked again. */
      awareness_inspection_set_answer (
          inspection, (const char *) sqlite3_column_text (answers, 0),
          awareness_check_answer_from_string ((const char *) sqlite3_column_text (answers, 1)),
          (const char *) sqlite3_column_text (answers, 2), NULL);
    }
  if (rc != SQLITE_DONE)
    {
      _awareness_store_fail (self, error, AWARENESS_STORE_ERROR_QUERY,
                             _("Cannot read the records"));
      return NULL;
    }

  return g_steal_pointer (&inspection);
}

static AwarenessInspectionState
state_of (const char *text)
{
  if (g_strcmp0 (text, "in-progress") == 0)
    return AWARENESS_INSPECTION_STATE_IN_PROGRESS;
  if (g_strcmp0 (text, "completed") == 0)
    return AWARENESS_INSPECTION_STATE_COMPLETED;
  if (g_strcmp0 (text, "abandoned") == 0)
    return AWARENESS_INSPECTION_STATE_ABANDONED;
  return AWARENESS_INSPECTION_STATE_NOT_STARTED;
}

/* A row of the listing of inspections, with its counts of answers. */
static gpointer
inspection_from_row (sqlite3_stmt *stmt,
                     gpointer      user_data)
{
  AwarenessInspectionRecord *record = g_new0 (AwarenessInspectionRecord, 1);

  record->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  record->user = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->checklist_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  record->checklist_version = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  record->language = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  record->started = _awareness_store_column_time (stmt, 5);
  record->finished = _awareness_store_column_time (stmt, 6);
  record->state = state_of ((const char *) sqlite3_column_text (stmt, 7));
  record->n_yes = (guint) sqlite3_column_int (stmt, 8);
  record->n_no = (guint) sqlite3_column_int (stmt, 9);
  record->n_not_applicable = (guint) sqlite3_column_int (stmt, 10);
  return record;
}

/**
 * awareness_store_list_inspections:
 * @self: a store
 * @user: who answered
 * @checklist_id: (nullable): only this checklist's inspections
 * @limit: at most this many, or 0 for all
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type AwarenessInspectionRecord) (nullable):
 *   the inspections, newest first, with how many items each answered yes,
 *   no and not applicable
 *
 * Since: 0.2
 */
GPtrArray *
awareness_store_list_inspections (AwarenessStore *self,
                                  const char     *user,
                                  const char     *checklist_id,
                                  guint           limit,
                                  GError        **error)
{
  LOCK_STORE (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_inspection_record_free);

  g_return_val_if_fail (AWARENESS_IS_STORE (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  stmt = _awareness_store_prepare (self,
                  "SELECT i.id, i.user, i.checklist_id, i.checklist_version, i.language, "
                  "i.started_at, i.finished_at, i.state, "
                  "(SELECT count(*) FROM inspection_answers WHERE inspection_id = i.id "
                  "  AND answer = 'yes'), "
                  "(SELECT count(*) FROM inspection_answers WHERE inspection_id = i.id "
                  "  AND answer = 'no'), "
                  "(SELECT count(*) FROM inspection_answers WHERE inspection_id = i.id "
                  "  AND answer = 'not-applicable') "
                  "FROM inspections i WHERE i.user = ?1 AND (?2 IS NULL OR i.checklist_id = ?2) "
                  "ORDER BY i.started_at DESC LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  _awareness_store_bind_listing (stmt, user, checklist_id, limit);
  if (!_awareness_store_collect (self, stmt, inspection_from_row, NULL, records, error))
    return NULL;
  return g_steal_pointer (&records);
}
