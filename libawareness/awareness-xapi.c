/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xAPI 1.0.3 statements for a finished attempt (shared/xapi/, the Data
 * part): one `answered` statement per question, as an interaction
 * activity, so that a Learning Record Store can analyse every item; then
 * `completed` and `passed` or `failed` for the module.  The actor is an
 * account (home page and staff id, never an e-mail address).  Every
 * statement has a UUID made here once: the store keeps it and the sync
 * resends it unchanged until the LRS accepts it.
 */
#include "config.h"

#include <string.h>

#include "awareness-private.h"

/* RFC 5646 tags of the languages we write language maps in. */
static const struct { const char *lang; const char *tag; } language_tags[] = {
  { "ja", "ja-JP" },
  { "en", "en-US" },
};

/**
 * awareness_xapi_format_timestamp:
 * @when: an instant
 *
 * Returns: (transfer full): @when as an xAPI timestamp in UTC with
 *   millisecond precision: `2026-11-25T01:31:00.000Z`
 *
 * Since: 0.2
 */
char *
awareness_xapi_format_timestamp (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  /* Millisecond precision, as the specification recommends for storage. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc),
                          g_date_time_get_microsecond (utc) / 1000);
}

/**
 * awareness_xapi_format_duration:
 * @span: a duration
 *
 * Returns: (transfer full): @span as an ISO 8601 duration with 0.01 s
 *   precision, as xAPI requires: `PT1M5.25S`
 *
 * Since: 0.2
 */
char *
awareness_xapi_format_duration (GTimeSpan span)
{
  gint64 centis = MAX (span, 0) / 10000;
  gint64 hours = centis / 360000;
  gint64 minutes = (centis / 6000) % 60;
  gint64 seconds = (centis / 100) % 60;
  gint64 fraction = centis % 100;
  GString *s = g_string_new ("PT");

  if (hours > 0)
    g_string_append_printf (s, "%" G_GINT64_FORMAT "H", hours);
  if (minutes > 0)
    g_string_append_printf (s, "%" G_GINT64_FORMAT "M", minutes);
  g_string_append_printf (s, "%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT "S", seconds, fraction);
  return g_string_free (s, FALSE);
}

/* A text of @object in @lang, for add_language_map(). */
typedef char *(*TextFunc) (gpointer    object,
                           const char *lang);

static void
add_language_map (JsonBuilder *builder,
                  const char  *member,
                  TextFunc     get,
                  gpointer     object)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (language_tags); i++)
    {
      g_autofree char *text = get (object, language_tags[i].lang);

      if (text == NULL || text[0] == '\0')
        continue;
      json_builder_set_member_name (builder, language_tags[i].tag);
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_object (builder);
}

static char *
module_title (gpointer object,
              const char *lang)
{
  return g_strdup (awareness_module_get_title (object, lang));
}

static char *
question_prompt (gpointer    object,
                 const char *lang)
{
  return awareness_question_dup_prompt (object, lang, AWARENESS_TEXT_FORMAT_PLAIN);
}

static char *
choice_text (gpointer    object,
             const char *lang)
{
  return awareness_choice_dup_text (object, lang, AWARENESS_TEXT_FORMAT_PLAIN);
}

static void
add_verb (JsonBuilder *builder,
          const char  *id,
          const char  *en,
          const char  *ja)
{
  json_builder_set_member_name (builder, "verb");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "display");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "en-US");
  json_builder_add_string_value (builder, en);
  json_builder_set_member_name (builder, "ja-JP");
  json_builder_add_string_value (builder, ja);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/**
 * awareness_xapi_build_account_agent:
 * @home_page: the IRL of the system that holds the account
 * @name: the staff id in that system
 *
 * The Agent of a staff account, as learners appear in statements: by an
 * account, never by an e-mail address.  The client writes its learner so,
 * and the server vouches for a credential so.
 *
 * Returns: (transfer full): the Agent
 *
 * Since: 0.2
 */
JsonNode *
awareness_xapi_build_account_agent (const char *home_page,
                                    const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (home_page != NULL && name != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "objectType");
  json_builder_add_string_value (builder, "Agent");
  json_builder_set_member_name (builder, "account");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "homePage");
  json_builder_add_string_value (builder, home_page);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
add_actor (JsonBuilder *builder,
           const char  *home_page,
           const char  *name)
{
  json_builder_set_member_name (builder, "actor");
  json_builder_add_value (builder, awareness_xapi_build_account_agent (home_page, name));
}

/* "object": an Activity, its id, and the start of its definition. */
static void
begin_activity_object (JsonBuilder *builder,
                       const char  *iri)
{
  json_builder_set_member_name (builder, "object");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "objectType");
  json_builder_add_string_value (builder, "Activity");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, iri);
  json_builder_set_member_name (builder, "definition");
  json_builder_begin_object (builder);
}

static void
add_module_object (JsonBuilder     *builder,
                   const char      *iri,
                   AwarenessModule *module)
{
  begin_activity_object (builder, iri);
  add_language_map (builder, "name", module_title, module);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "http://adlnet.gov/expapi/activities/module");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* What the context of a statement says: the record it belongs to, the
 * content's version and digest, the policy's version, the parent
 * activity and the clauses concerned. */
typedef struct {
  const char      *registration;
  const char      *version_extension;
  const char      *version;
  const char      *digest;
  AwarenessPolicy *policy;
  const char      *parent_iri;
  const char      *lang;
  GPtrArray       *clauses;
} Context;

static void
add_context_of (JsonBuilder   *builder,
                const Context *context)
{
  const char *tag = "en-US";
  g_autofree char *digest = g_strconcat ("sha256:", context->digest, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (language_tags); i++)
    if (_awareness_lang_matches (context->lang, language_tags[i].lang))
      tag = language_tags[i].tag;

  json_builder_set_member_name (builder, "context");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "registration");
  json_builder_add_string_value (builder, context->registration);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, tag);

  if (context->parent_iri != NULL)
    {
      json_builder_set_member_name (builder, "contextActivities");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "parent");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "objectType");
      json_builder_add_string_value (builder, "Activity");
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, context->parent_iri);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "extensions");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, context->version_extension);
  json_builder_add_string_value (builder, context->version);
  json_builder_set_member_name (builder, AWARENESS_XAPI_EXT_CONTENT_DIGEST);
  json_builder_add_string_value (builder, digest);
  if (context->policy != NULL)
    {
      json_builder_set_member_name (builder, AWARENESS_XAPI_EXT_POLICY_VERSION);
      json_builder_add_string_value (builder, awareness_policy_get_version (context->policy));
    }
  if (context->clauses != NULL)
    {
      json_builder_set_member_name (builder, AWARENESS_XAPI_EXT_CLAUSES);
      json_builder_begin_array (builder);
      for (guint i = 0; i < context->clauses->len; i++)
        json_builder_add_string_value (builder, awareness_clause_get_id (
                                                    g_ptr_array_index (context->clauses, i)));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_context (JsonBuilder      *builder,
             AwarenessAttempt *attempt,
             AwarenessCatalog *catalog,
             const char       *module_iri,
             const char       *lang,
             GPtrArray        *clauses)
{
  AwarenessModule *module = awareness_attempt_get_module (attempt);
  Context context = {
    .registration = awareness_attempt_get_id (attempt),
    .version_extension = AWARENESS_XAPI_EXT_MODULE_VERSION,
    .version = awareness_module_get_version (module),
    .digest = awareness_module_get_digest (module),
    .policy = awareness_module_get_policy (module),
    .parent_iri = module_iri,
    .lang = lang,
    .clauses = clauses,
  };

  add_context_of (builder, &context);
}

static void
begin_statement (JsonBuilder *builder,
                 const char  *home_page,
                 const char  *name,
                 const char  *timestamp)
{
  g_autofree char *id = g_uuid_string_random ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  add_actor (builder, home_page, name);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_string_value (builder, timestamp);
}

/* An `answered` statement up to its object's interaction type: the
 * activity @iri, an interaction of @interaction_type described by
 * @describe (in each language) of @object; its choices come next. */
static void
begin_answered (JsonBuilder *builder,
                const char  *home_page,
                const char  *name,
                const char  *timestamp,
                const char  *iri,
                TextFunc     describe,
                gpointer     object,
                const char  *interaction_type)
{
  begin_statement (builder, home_page, name, timestamp);
  add_verb (builder, AWARENESS_XAPI_VERB_ANSWERED, "answered", "回答した");
  begin_activity_object (builder, iri);
  add_language_map (builder, "description", describe, object);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "http://adlnet.gov/expapi/activities/cmi.interaction");
  json_builder_set_member_name (builder, "interactionType");
  json_builder_add_string_value (builder, interaction_type);
}

static char *
join_ids (const char * const *ids)
{
  /* The [,] delimiter of xAPI response patterns. */
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (s, "[,]");
      g_string_append (s, ids[i]);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static JsonNode *
build_answered (AwarenessAttempt *attempt,
                AwarenessCatalog *catalog,
                guint             index,
                const char       *module_iri,
                const char       *home_page,
                const char       *name,
                const char       *timestamp,
                const char       *lang)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  AwarenessQuestion *question = awareness_attempt_get_question (attempt, index);
  const char *qid = awareness_question_get_id (question);
  const char * const *answer = awareness_attempt_get_answer (attempt, qid);
  GPtrArray *choices = awareness_question_get_choices (question);
  AwarenessModule *module = awareness_attempt_get_module (attempt);
  g_autofree char *iri = awareness_iri_build_question (awareness_catalog_get_iri_base (catalog),
                                                       awareness_module_get_id (module), qid);
  g_autofree char *response = NULL;
  g_autoptr(GPtrArray) correct = g_ptr_array_new ();
  gboolean true_false = awareness_question_get_kind (question) == AWARENESS_QUESTION_TRUE_FALSE;

  begin_answered (builder, home_page, name, timestamp, iri, question_prompt, question,
                  true_false ? "true-false" : "choice");

  for (guint c = 0; c < choices->len; c++)
    if (awareness_choice_get_correct (g_ptr_array_index (choices, c)))
      g_ptr_array_add (correct,
                       (gpointer) awareness_choice_get_id (g_ptr_array_index (choices, c)));
  g_ptr_array_add (correct, NULL);
  json_builder_set_member_name (builder, "correctResponsesPattern");
  json_builder_begin_array (builder);
  {
    g_autofree char *pattern = join_ids ((const char * const *) correct->pdata);
    json_builder_add_string_value (builder, pattern);
  }
  json_builder_end_array (builder);

  if (!true_false)
    {
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint c = 0; c < choices->len; c++)
        {
          AwarenessChoice *choice = g_ptr_array_index (choices, c);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, awareness_choice_get_id (choice));
          add_language_map (builder, "description", choice_text, choice);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  response = join_ids (answer);
  json_builder_set_member_name (builder, "result");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, awareness_attempt_is_correct (attempt, qid));
  json_builder_set_member_name (builder, "response");
  json_builder_add_string_value (builder, response);
  json_builder_end_object (builder);

  add_context (builder, attempt, catalog, module_iri, lang,
               awareness_question_get_clauses (question));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
build_module_statement (AwarenessAttempt *attempt,
                        AwarenessCatalog *catalog,
                        const char       *verb,
                        const char       *module_iri,
                        const char       *home_page,
                        const char       *name,
                        const char       *timestamp,
                        const char       *lang)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = awareness_attempt_get_n_questions (attempt);
  guint score = awareness_attempt_get_score (attempt);
  GTimeSpan span = g_date_time_difference (awareness_attempt_get_finished (attempt),
                                           awareness_attempt_get_started (attempt));
  g_autofree char *duration = awareness_xapi_format_duration (span);

  begin_statement (builder, home_page, name, timestamp);
  if (strcmp (verb, AWARENESS_XAPI_VERB_COMPLETED) == 0)
    add_verb (builder, verb, "completed", "完了した");
  else if (strcmp (verb, AWARENESS_XAPI_VERB_PASSED) == 0)
    add_verb (builder, verb, "passed", "合格した");
  else
    add_verb (builder, verb, "failed", "不合格だった");
  add_module_object (builder, module_iri, awareness_attempt_get_module (attempt));

  json_builder_set_member_name (builder, "result");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "score");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scaled");
  json_builder_add_double_value (builder, n > 0 ? (double) score / n : 0.0);
  json_builder_set_member_name (builder, "raw");
  json_builder_add_int_value (builder, score);
  json_builder_set_member_name (builder, "min");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "max");
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  if (strcmp (verb, AWARENESS_XAPI_VERB_COMPLETED) != 0)
    {
      json_builder_set_member_name (builder, "success");
      json_builder_add_boolean_value (builder, awareness_attempt_get_passed (attempt));
    }
  json_builder_set_member_name (builder, "completion");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "duration");
  json_builder_add_string_value (builder, duration);
  json_builder_end_object (builder);

  add_context (builder, attempt, catalog, NULL, lang, NULL);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * awareness_xapi_build_attempt_statements:
 * @attempt: a finished attempt
 * @catalog: the catalog of the attempt's module, for its IRI
 * @account_home_page: the IRL of the system that holds the learner's account
 * @account_name: the learner's staff id in that system
 * @lang: the language the learner took the attempt in
 *
 * Builds the statements that record a finished attempt: one `answered`
 * per question, in the order asked, then `completed`, then `passed` or
 * `failed`.  All share the attempt's id as their registration.
 *
 * Returns: (transfer container) (element-type JsonNode): the statements
 *
 * Since: 0.2
 */
GPtrArray *
awareness_xapi_build_attempt_statements (AwarenessAttempt *attempt,
                                         AwarenessCatalog *catalog,
                                         const char       *account_home_page,
                                         const char       *account_name,
                                         const char       *lang)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  AwarenessModule *module;
  g_autofree char *iri = NULL;
  g_autofree char *timestamp = NULL;

  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (attempt), NULL);
  g_return_val_if_fail (awareness_attempt_is_finished (attempt), NULL);
  g_return_val_if_fail (AWARENESS_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (account_home_page != NULL && account_name != NULL, NULL);

  module = awareness_attempt_get_module (attempt);
  iri = awareness_catalog_dup_module_iri (catalog, module);
  timestamp = awareness_xapi_format_timestamp (awareness_attempt_get_finished (attempt));

  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    g_ptr_array_add (statements, build_answered (attempt, catalog, i, iri, account_home_page,
                                                 account_name, timestamp, lang));

  g_ptr_array_add (statements,
                   build_module_statement (attempt, catalog, AWARENESS_XAPI_VERB_COMPLETED, iri,
                                           account_home_page, account_name, timestamp, lang));
  g_ptr_array_add (statements, build_module_statement (attempt, catalog,
                                                       awareness_attempt_get_passed (attempt)
                                                       ? AWARENESS_XAPI_VERB_PASSED
                                                       : AWARENESS_XAPI_VERB_FAILED,
                                                       iri, account_home_page, account_name,
                                                       timestamp, lang));
  return statements;
}

/* Self-inspections */

static const struct {
  AwarenessCheckAnswer answer;
  const char          *en;
  const char          *ja;
} answer_labels[] = {
  { AWARENESS_CHECK_ANSWER_YES, "Yes", "はい" },
  { AWARENESS_CHECK_ANSWER_NO, "No", "いいえ" },
  { AWARENESS_CHECK_ANSWER_NOT_APPLICABLE, "Not applicable", "該当なし" },
};

static char *
item_text (gpointer    object,
           const char *lang)
{
  return awareness_checklist_item_dup_text (object, lang, AWARENESS_TEXT_FORMAT_PLAIN);
}

static char *
checklist_title (gpointer    object,
                 const char *lang)
{
  return g_strdup (awareness_checklist_get_title (object, lang));
}

static void
add_inspection_context (JsonBuilder         *builder,
                        AwarenessInspection *inspection,
                        const char          *checklist_iri,
                        const char          *lang,
                        GPtrArray           *clauses)
{
  AwarenessChecklist *checklist = awareness_inspection_get_checklist (inspection);
  Context context = {
    .registration = awareness_inspection_get_id (inspection),
    .version_extension = AWARENESS_XAPI_EXT_CHECKLIST_VERSION,
    .version = awareness_checklist_get_version (checklist),
    .digest = awareness_checklist_get_digest (checklist),
    .policy = awareness_checklist_get_policy (checklist),
    .parent_iri = checklist_iri,
    .lang = lang,
    .clauses = clauses,
  };

  add_context_of (builder, &context);
}

static JsonNode *
build_item_answered (AwarenessInspection    *inspection,
                     AwarenessCatalog       *catalog,
                     AwarenessChecklistItem *item,
                     const char             *checklist_iri,
                     const char             *home_page,
                     const char             *name,
                     const char             *timestamp,
                     const char             *lang)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  AwarenessChecklist *checklist = awareness_inspection_get_checklist (inspection);
  const char *item_id = awareness_checklist_item_get_id (item);
  g_autofree char *iri =
      awareness_iri_build_checklist_item (awareness_catalog_get_iri_base (catalog),
                                          awareness_checklist_get_id (checklist), item_id);
  const char *comment = NULL;
  AwarenessCheckAnswer answer = awareness_inspection_get_answer (inspection, item_id, &comment);

  begin_answered (builder, home_page, name, timestamp, iri, item_text, item, "choice");
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (answer_labels); i++)
    {
      if (answer_labels[i].answer == AWARENESS_CHECK_ANSWER_NOT_APPLICABLE &&
          !awareness_checklist_item_get_allows_not_applicable (item))
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder,
                                     awareness_check_answer_to_string (answer_labels[i].answer));
      json_builder_set_member_name (builder, "description");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "en-US");
      json_builder_add_string_value (builder, answer_labels[i].en);
      json_builder_set_member_name (builder, "ja-JP");
      json_builder_add_string_value (builder, answer_labels[i].ja);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "result");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "response");
  json_builder_add_string_value (builder, awareness_check_answer_to_string (answer));
  if (comment != NULL)
    {
      json_builder_set_member_name (builder, "extensions");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, AWARENESS_XAPI_EXT_COMMENT);
      json_builder_add_string_value (builder, comment);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  add_inspection_context (builder, inspection, checklist_iri, lang,
                          awareness_checklist_item_get_clauses (item));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
build_inspection_completed (AwarenessInspection *inspection,
                            const char          *checklist_iri,
                            const char          *home_page,
                            const char          *name,
                            const char          *timestamp,
                            const char          *lang)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  AwarenessChecklist *checklist = awareness_inspection_get_checklist (inspection);
  GTimeSpan span = g_date_time_difference (awareness_inspection_get_finished (inspection),
                                           awareness_inspection_get_started (inspection));
  g_autofree char *duration = awareness_xapi_format_duration (span);

  begin_statement (builder, home_page, name, timestamp);
  add_verb (builder, AWARENESS_XAPI_VERB_COMPLETED, "completed", "完了した");

  begin_activity_object (builder, checklist_iri);
  add_language_map (builder, "name", checklist_title, checklist);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, AWARENESS_XAPI_ACTIVITY_CHECKLIST);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "result");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "completion");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "duration");
  json_builder_add_string_value (builder, duration);
  json_builder_set_member_name (builder, "extensions");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, AWARENESS_XAPI_EXT_ANSWER_COUNTS);
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (answer_labels); i++)
    {
      json_builder_set_member_name (builder,
                                    awareness_check_answer_to_string (answer_labels[i].answer));
      json_builder_add_int_value (builder,
                                  awareness_inspection_count_answers (inspection,
                                                                      answer_labels[i].answer));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  add_inspection_context (builder, inspection, NULL, lang, NULL);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * awareness_xapi_build_inspection_statements:
 * @inspection: a submitted self-inspection
 * @catalog: the catalog of its checklist, for its IRI
 * @account_home_page: the IRL of the system that holds the account
 * @account_name: the staff id in that system
 * @lang: the language the inspection was answered in
 *
 * Builds the statements that record a submitted self-inspection: one
 * `answered` per item, in the checklist's order, with the answer (`yes`,
 * `no` or `not-applicable`) as the response and the comment in the
 * result's extensions; then `completed` for the checklist, with the
 * numbers of each answer.  All carry the checklist's version and digest,
 * and the inspection's id as their registration.
 *
 * Returns: (transfer container) (element-type JsonNode): the statements
 *
 * Since: 0.2
 */
GPtrArray *
awareness_xapi_build_inspection_statements (AwarenessInspection *inspection,
                                            AwarenessCatalog    *catalog,
                                            const char          *account_home_page,
                                            const char          *account_name,
                                            const char          *lang)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  AwarenessChecklist *checklist;
  GPtrArray *items;
  g_autofree char *iri = NULL;
  g_autofree char *timestamp = NULL;

  g_return_val_if_fail (AWARENESS_IS_INSPECTION (inspection), NULL);
  g_return_val_if_fail (awareness_inspection_is_finished (inspection), NULL);
  g_return_val_if_fail (AWARENESS_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (account_home_page != NULL && account_name != NULL, NULL);

  checklist = awareness_inspection_get_checklist (inspection);
  items = awareness_checklist_get_items (checklist);
  iri = awareness_catalog_dup_checklist_iri (catalog, checklist);
  timestamp = awareness_xapi_format_timestamp (awareness_inspection_get_finished (inspection));

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (statements,
                     build_item_answered (inspection, catalog, g_ptr_array_index (items, i), iri,
                                          account_home_page, account_name, timestamp, lang));
  g_ptr_array_add (statements, build_inspection_completed (inspection, iri, account_home_page,
                                                           account_name, timestamp, lang));
  return statements;
}
