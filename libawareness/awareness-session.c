/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A learner's attempt from start to finish, as `awareness take` and the
 * app's trainer run it: resume the attempt in progress or draw a new one
 * (avoiding the questions of the last attempt) and record it before its
 * first question is shown; at the end, commit the result with its xAPI
 * statements before it is shown.
 */
#include "config.h"

#include "awareness-private.h"

/**
 * awareness_start_attempt:
 * @store: the learner's records
 * @module: the module to take
 * @user: the learner
 * @lang: the language the attempt is taken in
 * @flags: whether to begin a new attempt when there is none to resume
 * @seed: the seed of the draw, or -1 for a random one (tests give one)
 * @outcome: (out): what was done
 * @error: return location for a #GError
 *
 * Resumes the learner's attempt in progress at @module with its answers,
 * questions and choices as first shown.  If there is none, or the module
 * changed since (%AWARENESS_START_CONTENT_CHANGED: that attempt is
 * abandoned, since its answers would be scored against questions never
 * seen), draws a new attempt that avoids the questions of the learner's
 * last attempt and records it, unless @flags has
 * %AWARENESS_START_RESUME_ONLY.
 *
 * Returns: (transfer full) (nullable): the attempt, or %NULL when none
 *   was to be begun or on error (@error set)
 *
 * Since: 0.2
 */
AwarenessAttempt *
awareness_start_attempt (AwarenessStore        *store,
                         AwarenessModule       *module,
                         const char            *user,
                         const char            *lang,
                         AwarenessStartFlags    flags,
                         gint64                 seed,
                         AwarenessStartOutcome *outcome,
                         GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_auto(GStrv) avoid = NULL;

  g_return_val_if_fail (AWARENESS_IS_STORE (store), NULL);
  g_return_val_if_fail (AWARENESS_IS_MODULE (module), NULL);
  g_return_val_if_fail (user != NULL && outcome != NULL, NULL);

  *outcome = AWARENESS_START_NOTHING_TO_RESUME;
  attempt = awareness_store_resume_attempt (store, module, user, &local_error);
  if (attempt != NULL)
    {
      *outcome = AWARENESS_START_RESUMED;
      return g_steal_pointer (&attempt);
    }
  if (g_error_matches (local_error, AWARENESS_ATTEMPT_ERROR,
                       AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED))
    *outcome = AWARENESS_START_CONTENT_CHANGED;
  else if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (flags & AWARENESS_START_RESUME_ONLY)
    return NULL;

  avoid = awareness_store_dup_last_questions (store, user, awareness_module_get_id (module), error);
  if (avoid == NULL && error != NULL && *error != NULL)
    return NULL;
  attempt = seed >= 0 ? awareness_attempt_new (module, (guint32) seed, (const char * const *) avoid)
                      : awareness_attempt_new_random (module, (const char * const *) avoid);
  if (!awareness_store_begin_attempt (store, attempt, user, lang, error))
    return NULL;
  if (*outcome == AWARENESS_START_NOTHING_TO_RESUME)
    *outcome = AWARENESS_START_BEGUN;
  return g_steal_pointer (&attempt);
}

/**
 * awareness_complete_attempt:
 * @store: the learner's records
 * @attempt: an attempt with every question answered
 * @catalog: the content it belongs to
 * @user: the learner
 * @lang: the language the attempt was taken in
 * @error: return location for a #GError
 *
 * Finishes @attempt, makes its xAPI statements and commits both in one
 * transaction. Only after this returns %TRUE may the result be shown.
 *
 * Returns: %TRUE once the result is durable
 *
 * Since: 0.2
 */
gboolean
awareness_complete_attempt (AwarenessStore   *store,
                            AwarenessAttempt *attempt,
                            AwarenessCatalog *catalog,
                            const char       *user,
                            const char       *lang,
                            GError          **error)
{
  g_autofree char *home_page = NULL;
  g_autoptr(GPtrArray) statements = NULL;

  if (!awareness_attempt_is_finished (attempt) && !awareness_attempt_finish (attempt, NULL, error))
    return FALSE;
  home_page = awareness_dup_default_account_home_page ();
  statements = awareness_xapi_build_attempt_statements (attempt, catalog, home_page, user, lang);
  return awareness_store_finish_attempt (store, attempt, statements, error);
}


/**
 * awareness_start_inspection:
 * @store: the records
 * @checklist: the checklist to answer
 * @user: who answers it
 * @lang: the language it is answered in
 * @resumed: (out) (optional): whether an inspection in progress was resumed
 * @error: return location for a #GError
 *
 * Resumes the inspection of @checklist that @user began, with its answers;
 * else (none, or one begun on a version revised since, which is kept as
 * abandoned) begins and records a new one.
 *
 * Returns: (transfer full) (nullable): the inspection, or `NULL` on error
 *
 * Since: 0.2
 */
AwarenessInspection *
awareness_start_inspection (AwarenessStore      *store,
                            AwarenessChecklist  *checklist,
                            const char          *user,
                            const char          *lang,
                            gboolean            *resumed,
                            GError             **error)
{
  g_autoptr(AwarenessInspection) inspection = NULL;
  GError *local_error = NULL;

  if (resumed != NULL)
    *resumed = FALSE;
  inspection = awareness_store_resume_inspection (store, checklist, user, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (inspection != NULL)
    {
      if (resumed != NULL)
        *resumed = TRUE;
      return g_steal_pointer (&inspection);
    }

  inspection = awareness_inspection_new (checklist);
  if (!awareness_store_begin_inspection (store, inspection, user, lang, error))
    return NULL;
  return g_steal_pointer (&inspection);
}

/**
 * awareness_complete_inspection:
 * @store: the records
 * @inspection: an inspection with every item answered
 * @catalog: the content its checklist belongs to
 * @user: who answered it
 * @lang: the language it was answered in
 * @error: return location for a #GError
 *
 * Submits @inspection, makes its xAPI statements and commits both in one
 * transaction.  Only after this returns `TRUE` may it be shown as done.
 *
 * Returns: `TRUE` once the submission is durable
 *
 * Since: 0.2
 */
gboolean
awareness_complete_inspection (AwarenessStore      *store,
                               AwarenessInspection *inspection,
                               AwarenessCatalog    *catalog,
                               const char          *user,
                               const char          *lang,
                               GError             **error)
{
  g_autofree char *home_page = NULL;
  g_autoptr(GPtrArray) statements = NULL;

  if (!awareness_inspection_is_finished (inspection) &&
      !awareness_inspection_finish (inspection, error))
    return FALSE;
  home_page = awareness_dup_default_account_home_page ();
  statements = awareness_xapi_build_inspection_statements (inspection, catalog, home_page, user,
                                                           lang);
  return awareness_store_finish_inspection (store, inspection, statements, error);
}
