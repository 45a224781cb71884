/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The reader of the statements Awareness writes (awareness-xapi.c): a
 * statement becomes an AwarenessVerdict, so that the client's pull, the
 * server's tables of verdicts and answers and its reports decode them
 * one way.  Verbs match by their exact IRI; activities are read by the
 * IRI scheme of awareness-iri.c.
 *
 * The score has one rule: `result.score.scaled` × 100, rounded half up,
 * when it is a number from 0 to 1; else `raw` / `max` × 100, rounded half
 * up, when both are numbers with 0 ≤ raw ≤ max and max > 0; else none
 * (-1).  Awareness writes both, and they agree.
 *
 * The errors say why a statement is skipped, for logs and tests; no
 * learner reads them, so they are not translated.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "awareness-private.h"

/**
 * awareness_verdict_error_quark:
 *
 * The error domain of #AwarenessVerdictError.
 *
 * Returns: the #GQuark of %AWARENESS_VERDICT_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-verdict-error-quark, awareness_verdict_error)
G_DEFINE_BOXED_TYPE (AwarenessVerdict, awareness_verdict,
                     awareness_verdict_copy, awareness_verdict_free)

/* The largest raw score or number of questions read. */
#define MAX_COUNT 100000

static const struct {
  AwarenessVerdictKind kind;
  const char          *verb;
} verbs[] = {
  { AWARENESS_VERDICT_ANSWERED, AWARENESS_XAPI_VERB_ANSWERED },
  { AWARENESS_VERDICT_COMPLETED, AWARENESS_XAPI_VERB_COMPLETED },
  { AWARENESS_VERDICT_PASSED, AWARENESS_XAPI_VERB_PASSED },
  { AWARENESS_VERDICT_FAILED, AWARENESS_XAPI_VERB_FAILED },
};

/**
 * awareness_verdict_kind_to_verb:
 * @kind: a kind of verdict
 *
 * Returns: (transfer none): the IRI of the verb of @kind
 *
 * Since: 0.2
 */
const char *
awareness_verdict_kind_to_verb (AwarenessVerdictKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (verbs[i].kind == kind)
      return verbs[i].verb;
  g_return_val_if_reached (NULL);
}

/* The object member @name of @object, or NULL (also for a NULL @object). */
JsonObject *
_awareness_json_object_member (JsonObject *object,
                               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The string member @name of @object, or NULL (also for a NULL @object). */
const char *
_awareness_json_string_member (JsonObject *object,
                               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* A finite number member, or NAN. */
static double
number_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                             : G_TYPE_INVALID;
  double value;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return NAN;
  value = json_node_get_double (node);
  return isfinite (value) ? value : NAN;
}

/* An ISO 8601 duration of hours, minutes and seconds, as the client
 * writes them (PT1H2M3.45S), in microseconds; 0 for any other form and
 * for more than a day, which is no quiz. */
static GTimeSpan
duration_of (const char *duration)
{
  const char *p;
  double total = 0;

  if (duration == NULL || !g_str_has_prefix (duration, "PT"))
    return 0;
  p = duration + 2;
  while (*p != '\0')
    {
      char *end = NULL;
      double value = g_ascii_strtod (p, &end);

      if (end == p || !isfinite (value) || value < 0)
        return 0;
      switch (*end)
        {
        case 'H': total += value * 3600; break;
        case 'M': total += value * 60; break;
        case 'S': total += value; break;
        default: return 0;
        }
      p = end + 1;
    }
  return total <= 86400 ? (GTimeSpan) (total * G_USEC_PER_SEC) : 0;
}

/* The percent of @raw right of @max asked, rounded half up: the score
 * rule's second form, and the re-scoring's. */
static int
percent_of (double raw,
            double max)
{
  return (int) (raw * 100 / max + 0.5);
}

/* The score rule (see the top of this file). */
static void
read_score (AwarenessVerdict *self,
            JsonObject       *score)
{
  double scaled = number_member (score, "scaled");
  double raw = number_member (score, "raw");
  double max = number_member (score, "max");

  self->score = -1;
  self->raw = -1;
  self->max = -1;
  if (raw >= 0 && raw <= MAX_COUNT && max >= 0 && max <= MAX_COUNT)
    {
      self->raw = (int) raw;
      self->max = (int) max;
    }
  if (scaled >= 0 && scaled <= 1)
    self->score = (int) (scaled * 100 + 0.5);
  else if (self->max > 0 && raw <= max)
    self->score = percent_of (raw, max);
}

static gboolean
invalid (GError    **error,
         const char *why)
{
  g_set_error (error, AWARENESS_VERDICT_ERROR, AWARENESS_VERDICT_ERROR_INVALID, "%s", why);
  return FALSE;
}

/* Everything after the verb, actor and object. */
static gboolean
read_rest (AwarenessVerdict *self,
           JsonObject       *statement,
           GError          **error)
{
  JsonObject *context = _awareness_json_object_member (statement, "context");
  JsonObject *result = _awareness_json_object_member (statement, "result");
  JsonNode *success = result != NULL ? json_object_get_member (result, "success") : NULL;
  JsonObject *extensions = _awareness_json_object_member (context, "extensions");
  const char *registration = _awareness_json_string_member (context, "registration");
  AwarenessIriKind kind;

  kind = awareness_iri_parse (self->activity, NULL, &self->module_id, &self->question_id);
  if (kind == AWARENESS_IRI_CHECKLIST || kind == AWARENESS_IRI_CHECKLIST_ITEM)
    {
      self->checklist_id = g_steal_pointer (&self->module_id);
      self->item_id = g_steal_pointer (&self->question_id);
    }
  self->checklist_version =
    g_strdup (_awareness_json_string_member (extensions, AWARENESS_XAPI_EXT_CHECKLIST_VERSION));
  self->comment = g_strdup (_awareness_json_string_member (
      _awareness_json_object_member (result, "extensions"), AWARENESS_XAPI_EXT_COMMENT));
  self->module_version =
    g_strdup (_awareness_json_string_member (extensions, AWARENESS_XAPI_EXT_MODULE_VERSION));
  self->language = g_strdup (_awareness_json_string_member (context, "language"));
  self->registration = registration != NULL ? g_ascii_strdown (registration, -1) : NULL;
  self->timestamp = g_strdup (_awareness_json_string_member (statement, "timestamp"));
  self->instant = self->timestamp != NULL ? g_date_time_new_from_iso8601 (self->timestamp, NULL)
                                          : NULL;
  self->duration = duration_of (_awareness_json_string_member (result, "duration"));
  self->response = g_strdup (_awareness_json_string_member (result, "response"));
  read_score (self, _awareness_json_object_member (result, "score"));

  /* A self-inspection: an answer within a registration, or the
   * checklist's completion. */
  if (kind == AWARENESS_IRI_CHECKLIST_ITEM && self->kind == AWARENESS_VERDICT_ANSWERED)
    {
      if (self->registration == NULL)
        return invalid (error, "An answer outside an inspection (no registration)");
      if (awareness_check_answer_from_string (self->response) == AWARENESS_CHECK_ANSWER_NONE)
        return invalid (error, "A self-inspection answer not yes, no or not-applicable");
      return TRUE;
    }
  if (kind == AWARENESS_IRI_CHECKLIST && self->kind == AWARENESS_VERDICT_COMPLETED)
    {
      if (self->instant == NULL)
        return invalid (error, "A completion without a valid timestamp");
      return TRUE;
    }
  if (kind == AWARENESS_IRI_CHECKLIST || kind == AWARENESS_IRI_CHECKLIST_ITEM)
    return invalid (error, "A statement on a checklist that is neither an answer nor its "
                           "completion");

  if (self->kind == AWARENESS_VERDICT_ANSWERED)
    {
      if (success == NULL || !JSON_NODE_HOLDS_VALUE (success) ||
          json_node_get_value_type (success) != G_TYPE_BOOLEAN)
        return invalid (error, "An answer without its success");
      if (self->registration == NULL)
        return invalid (error, "An answer outside an attempt (no registration)");
      self->success = json_node_get_boolean (success);
      return TRUE;
    }

  if (kind != AWARENESS_IRI_MODULE)
    return invalid (error, "A verdict on an activity that is not a module");
  if (self->instant == NULL)
    return invalid (error, "A verdict without a valid timestamp");
  self->success = self->kind == AWARENESS_VERDICT_PASSED;
  return TRUE;
}

/**
 * awareness_verdict_new_from_statement:
 * @statement: an xAPI statement
 * @error: return location for an error
 *
 * Reads a statement as Awareness writes them: an answer (`answered`, with
 * its success, within a registration) or a module's verdict (`completed`,
 * `passed` or `failed`, with a timestamp, on a module's activity IRI), by
 * an actor known by an account; or a self-inspection's answer to an item
 * (its response `yes`, `no` or `not-applicable`, its comment, within a
 * registration) or completion of a checklist (with a timestamp).  The
 * verb is matched by its exact IRI.  The score is `scaled` × 100
 * rounded, else `raw` / `max` × 100 rounded (see #AwarenessVerdict).
 * Anything else, hostile or foreign, is an error of
 * %AWARENESS_VERDICT_ERROR.
 *
 * Returns: (transfer full) (nullable): the verdict, or %NULL with @error
 *
 * Since: 0.2
 */
AwarenessVerdict *
awareness_verdict_new_from_statement (JsonObject *statement,
                                      GError    **error)
{
  g_autoptr(AwarenessVerdict) self = NULL;
  JsonObject *account =
      _awareness_json_object_member (_awareness_json_object_member (statement, "actor"), "account");
  JsonObject *object = _awareness_json_object_member (statement, "object");
  const char *verb =
      _awareness_json_string_member (_awareness_json_object_member (statement, "verb"), "id");
  const char *object_type = _awareness_json_string_member (object, "objectType");
  guint i;

  g_return_val_if_fail (statement != NULL, NULL);

  for (i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_strcmp0 (verb, verbs[i].verb) == 0)
      break;
  if (i == G_N_ELEMENTS (verbs) || account == NULL || object == NULL ||
      (object_type != NULL && strcmp (object_type, "Activity") != 0) ||
      _awareness_json_string_member (object, "id") == NULL ||
      _awareness_json_string_member (account, "homePage") == NULL ||
      _awareness_json_string_member (account, "name") == NULL)
    {
      g_set_error (error, AWARENESS_VERDICT_ERROR, AWARENESS_VERDICT_ERROR_NOT_VERDICT,
                   "Not a verdict of an account on an activity");
      return NULL;
    }

  self = g_new0 (AwarenessVerdict, 1);
  self->kind = verbs[i].kind;
  self->home_page = g_strdup (_awareness_json_string_member (account, "homePage"));
  self->name = g_strdup (_awareness_json_string_member (account, "name"));
  self->activity = g_strdup (_awareness_json_string_member (object, "id"));
  if (!read_rest (self, statement, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * awareness_verdict_copy:
 * @self: a verdict
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 0.2
 */
AwarenessVerdict *
awareness_verdict_copy (AwarenessVerdict *self)
{
  AwarenessVerdict *copy = g_memdup2 (self, sizeof *self);

  copy->home_page = g_strdup (self->home_page);
  copy->name = g_strdup (self->name);
  copy->activity = g_strdup (self->activity);
  copy->module_id = g_strdup (self->module_id);
  copy->question_id = g_strdup (self->question_id);
  copy->module_version = g_strdup (self->module_version);
  copy->language = g_strdup (self->language);
  copy->registration = g_strdup (self->registration);
  copy->timestamp = g_strdup (self->timestamp);
  copy->instant = self->instant != NULL ? g_date_time_ref (self->instant) : NULL;
  copy->response = g_strdup (self->response);
  copy->checklist_id = g_strdup (self->checklist_id);
  copy->item_id = g_strdup (self->item_id);
  copy->checklist_version = g_strdup (self->checklist_version);
  copy->comment = g_strdup (self->comment);
  return copy;
}

/**
 * awareness_verdict_free:
 * @self: (nullable): a verdict
 *
 * Since: 0.2
 */
void
awareness_verdict_free (AwarenessVerdict *self)
{
  if (self == NULL)
    return;
  g_free (self->home_page);
  g_free (self->name);
  g_free (self->activity);
  g_free (self->module_id);
  g_free (self->question_id);
  g_free (self->module_version);
  g_free (self->language);
  g_free (self->registration);
  g_free (self->timestamp);
  g_clear_pointer (&self->instant, g_date_time_unref);
  g_free (self->response);
  g_free (self->checklist_id);
  g_free (self->item_id);
  g_free (self->checklist_version);
  g_free (self->comment);
  g_free (self);
}

static gboolean
unearned (GError    **error,
          const char *why)
{
  g_set_error (error, AWARENESS_VERDICT_ERROR, AWARENESS_VERDICT_ERROR_UNEARNED, "%s", why);
  return FALSE;
}

/* Whether @answer is an answer of the attempt of @self: the same actor,
 * registration and module. */
static gboolean
same_attempt (AwarenessVerdict *self,
              AwarenessVerdict *answer)
{
  return answer->kind == AWARENESS_VERDICT_ANSWERED &&
         g_strcmp0 (answer->home_page, self->home_page) == 0 &&
         g_strcmp0 (answer->name, self->name) == 0 &&
         g_strcmp0 (answer->registration, self->registration) == 0 &&
         g_strcmp0 (answer->module_id, self->module_id) == 0 &&
         answer->question_id != NULL;
}

/**
 * awareness_verdict_check_attempt:
 * @self: (transfer none): a module's verdict (`completed`, `passed` or
 *   `failed`)
 * @module: (transfer none): the module as published, whose version the
 *   verdict names
 * @answers: (transfer none) (element-type AwarenessVerdict): the answers
 *   of the attempt: the `answered` statements of its registration, read by
 *   awareness_verdict_new_from_statement(); answers of other attempts are
 *   skipped
 * @error: return location for a #GError, or %NULL
 *
 * Scores the attempt again, from its answers alone, against @module: the
 * verdict stands only when the attempt answered as many questions of
 * @module as an attempt draws, each once, with choices of the question,
 * and the quiz engine's score of those answers (awareness_attempt_get_score(),
 * awareness_attempt_get_passed()) gives the verdict's `passed` or `failed`
 * and the score it states.  The answers' own `success` is not believed.
 *
 * Returns: whether the answers earn the verdict; if not, %FALSE with an
 *   error of %AWARENESS_VERDICT_ERROR saying why
 *
 * Since: 0.2
 */
gboolean
awareness_verdict_check_attempt (AwarenessVerdict *self,
                                 AwarenessModule  *module,
                                 GPtrArray        *answers,
                                 GError          **error)
{
  g_autoptr(AwarenessAttempt) drawn = NULL;
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  guint score;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (AWARENESS_IS_MODULE (module), FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  if (self->kind == AWARENESS_VERDICT_ANSWERED)
    return unearned (error, "An answer is no verdict on a module");
  if (g_strcmp0 (self->module_id, awareness_module_get_id (module)) != 0)
    return unearned (error, "The verdict is on another module");
  if (g_strcmp0 (self->module_version, awareness_module_get_version (module)) != 0)
    return unearned (error, "The verdict names a version of the module that is not published");
  if (self->registration == NULL || self->instant == NULL)
    return unearned (error, "The verdict names no attempt (registration)");

  for (guint i = 0; i < answers->len; i++)
    {
      AwarenessVerdict *answer = g_ptr_array_index (answers, i);
      AwarenessQuestion *question;
      GPtrArray *choices;
      g_autoptr(GString) order = g_string_new (NULL);

      if (!same_attempt (self, answer))
        continue;
      question = awareness_module_lookup_question (module, answer->question_id);
      if (question == NULL)
        return unearned (error, "An answer is to a question the module does not have");
      if (!g_hash_table_add (seen, answer->question_id))
        return unearned (error, "A question is answered twice in the attempt");
      choices = awareness_question_get_choices (question);
      for (guint c = 0; c < choices->len; c++)
        g_string_append_printf (order, "%s%s", c > 0 ? "," : "",
                                awareness_choice_get_id (g_ptr_array_index (choices, c)));
      g_ptr_array_add (ids, answer->question_id);
      g_ptr_array_add (orders, g_string_free (g_steal_pointer (&order), FALSE));
      g_ptr_array_add (mine, answer);
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (orders, NULL);

  /* As many questions as the quiz engine draws for an attempt. */
  drawn = awareness_attempt_new (module, 0, NULL);
  if (mine->len == 0 || mine->len != awareness_attempt_get_n_questions (drawn))
    return unearned (error, "The attempt did not answer as many questions as the module asks");

  attempt = awareness_attempt_restore (module, self->registration,
                                       awareness_module_get_digest (module), self->instant,
                                       (const char * const *) ids->pdata,
                                       (const char * const *) orders->pdata, NULL);
  if (attempt == NULL)
    return unearned (error, "The answers do not fit the module");
  for (guint i = 0; i < mine->len; i++)
    {
      AwarenessVerdict *answer = g_ptr_array_index (mine, i);
      g_auto(GStrv) choice_ids = g_strsplit (answer->response != NULL ? answer->response : "",
                                             "[,]", -1);

      if (!awareness_attempt_answer (attempt, answer->question_id,
                                     (const char * const *) choice_ids, NULL))
        return unearned (error, "An answer names choices the question does not have");
    }
  if (!awareness_attempt_finish (attempt, self->instant, NULL))
    return unearned (error, "The attempt is not complete");

  score = awareness_attempt_get_score (attempt);
  if (self->kind == AWARENESS_VERDICT_PASSED && !awareness_attempt_get_passed (attempt))
    return unearned (error, "The answers do not reach the pass mark");
  if (self->kind == AWARENESS_VERDICT_FAILED && awareness_attempt_get_passed (attempt))
    return unearned (error, "The answers reach the pass mark of a verdict of failure");
  /* The score it states, if any, is the score of the answers. */
  if ((self->max >= 0 && ((guint) self->max != mine->len || (guint) self->raw != score)) ||
      (self->score >= 0 && self->score != percent_of (score, mine->len)))
    return unearned (error, "The verdict states another score than its answers make");
  return TRUE;
}
