/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The presentation of an attempt: written once when the attempt begins
 * (the questions and choices in the order shown, in Japanese and
 * English, with the right answers, explanations and clauses tested) and
 * read back as an AwarenessReview, the typed model that `awareness
 * review` and the app's review render.  A damaged presentation is an
 * error, never half shown.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "awareness-private.h"

G_DEFINE_BOXED_TYPE (AwarenessReview, awareness_review,
                     awareness_review_copy, awareness_review_free)

static const char * const kinds[] = { "single", "multiple", "true-false" };

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
 * the questions and choices in the order shown, the right answers, the
 * explanations and the clauses tested.  Kept with the attempt, so that a
 * review shows what was seen even after the content changes.
 *
 * Returns: (transfer full): the description, as JSON
 *
 * Since: 0.2
 */
char *
awareness_attempt_dup_presentation (AwarenessAttempt *attempt)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  AwarenessModule *module = awareness_attempt_get_module (attempt);
  const AwarenessTextFormat plain = AWARENESS_TEXT_FORMAT_PLAIN;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "module");
  json_builder_add_string_value (builder, awareness_module_get_id (module));
  add_text_map (builder, "title",
                (char *[]) { g_strdup (awareness_module_get_title (module, "ja")),
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
                    (char *[]) { awareness_question_dup_prompt (question, "ja", plain),
                                 awareness_question_dup_prompt (question, "en", plain) });
      add_text_map (builder, "explanation",
                    (char *[]) { awareness_question_dup_explanation (question, "ja", plain),
                                 awareness_question_dup_explanation (question, "en", plain) });
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
          add_text_map (builder, "title",
                        (char *[]) { g_strdup (awareness_clause_get_title (clause, "ja")),
                                     g_strdup (awareness_clause_get_title (clause, "en")) });
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
                        (char *[]) { awareness_choice_dup_text (choice, "ja", plain),
                                     awareness_choice_dup_text (choice, "en", plain) });
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


/* The text of @member in @lang, else in Japanese, the source language of
 * the content, else "". */
static char *
dup_text (JsonObject *object,
          const char *member,
          const char *lang)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonObject *map = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                   : NULL;
  const char *text = _awareness_json_string_member (map, lang);

  if (text == NULL || text[0] == '\0')
    text = _awareness_json_string_member (map, "ja");
  return g_strdup (text != NULL ? text : "");
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
choice_free (gpointer data)
{
  AwarenessReviewChoice *choice = data;

  g_free (choice->id);
  g_free (choice->text);
  g_free (choice);
}

static void
clause_free (gpointer data)
{
  AwarenessReviewClause *clause = data;

  g_free (clause->id);
  g_free (clause->label);
  g_free (clause->citation);
  g_free (clause);
}

static void
question_free (gpointer data)
{
  AwarenessReviewQuestion *question = data;

  g_free (question->id);
  g_free (question->prompt);
  g_free (question->explanation);
  g_clear_pointer (&question->exhibit, awareness_exhibit_unref);
  g_clear_pointer (&question->choices, g_ptr_array_unref);
  g_clear_pointer (&question->clauses, g_ptr_array_unref);
  g_strfreev (question->answer);
  g_free (question);
}

static gboolean
damaged (GError **error)
{
  g_set_error_literal (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_CORRUPT,
                       _("The questions recorded with this attempt are damaged"));
  return FALSE;
}

static gboolean
read_question (AwarenessReviewQuestion *question,
               JsonObject              *object,
               GHashTable              *answers,
               const char              *lang,
               GError                 **error)
{
  JsonArray *choices = array_member (object, "choices");
  JsonArray *clauses = array_member (object, "clauses");
  const char *kind = _awareness_json_string_member (object, "kind");
  const char * const *answer;

  if (_awareness_json_string_member (object, "id") == NULL || choices == NULL)
    return damaged (error);
  question->id = g_strdup (_awareness_json_string_member (object, "id"));
  question->kind = AWARENESS_QUESTION_SINGLE;
  for (guint k = 0; kind != NULL && k < G_N_ELEMENTS (kinds); k++)
    if (g_str_equal (kind, kinds[k]))
      question->kind = (AwarenessQuestionKind) k;
  question->prompt = dup_text (object, "prompt", lang);
  question->explanation = dup_text (object, "explanation", lang);
  /* An exhibit that cannot be read is left out, as it was before
   * exhibits were typed: the rest of the review is still exact. */
  if (json_object_has_member (object, "exhibit") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "exhibit")))
    question->exhibit =
        awareness_exhibit_new_from_json (json_object_get_object_member (object, "exhibit"));
  answer = answers != NULL ? g_hash_table_lookup (answers, question->id) : NULL;
  question->answer = g_strdupv ((char **) answer);
  question->right = answer != NULL;

  question->choices = g_ptr_array_new_with_free_func (choice_free);
  for (guint c = 0; c < json_array_get_length (choices); c++)
    {
      JsonNode *node = json_array_get_element (choices, c);
      JsonObject *element = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *correct = element != NULL ? json_object_get_member (element, "correct") : NULL;
      AwarenessReviewChoice *choice;

      if (element == NULL || _awareness_json_string_member (element, "id") == NULL)
        return damaged (error);
      choice = g_new0 (AwarenessReviewChoice, 1);
      choice->id = g_strdup (_awareness_json_string_member (element, "id"));
      choice->text = dup_text (element, "text", lang);
      choice->correct = correct != NULL && JSON_NODE_HOLDS_VALUE (correct) &&
                        json_node_get_value_type (correct) == G_TYPE_BOOLEAN &&
                        json_node_get_boolean (correct);
      choice->chosen = answer != NULL && g_strv_contains (answer, choice->id);
      if (choice->chosen != choice->correct)
        question->right = FALSE;
      g_ptr_array_add (question->choices, choice);
    }

  question->clauses = g_ptr_array_new_with_free_func (clause_free);
  for (guint c = 0; clauses != NULL && c < json_array_get_length (clauses); c++)
    {
      JsonNode *node = json_array_get_element (clauses, c);
      AwarenessReviewClause *clause;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return damaged (error);
      clause = g_new0 (AwarenessReviewClause, 1);
      clause->id = g_strdup (_awareness_json_string_member (json_node_get_object (node), "id"));
      clause->label = dup_text (json_node_get_object (node), "label", lang);
      {
        g_autofree char *title = dup_text (json_node_get_object (node), "title", lang);

        clause->citation = awareness_format_citation (clause->label, title);
      }
      g_ptr_array_add (question->clauses, clause);
    }
  return TRUE;
}

/**
 * awareness_review_new:
 * @presentation: a presentation recorded with an attempt (JSON)
 * @answers: (nullable) (element-type utf8 GStrv): the learner's choices
 *   by question id
 * @lang: the language to show
 * @error: return location for a #GError
 *
 * Reads a recorded presentation and the learner's answers as a review.
 * Texts are in @lang, else in Japanese.  A presentation without
 * questions (an attempt fetched from the server) has %NULL questions.
 *
 * Returns: (transfer full) (nullable): the review, or %NULL with @error
 *   (%AWARENESS_STORE_ERROR_CORRUPT) if the presentation is damaged
 *
 * Since: 0.2
 */
AwarenessReview *
awareness_review_new (const char *presentation,
                      GHashTable *answers,
                      const char *lang,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AwarenessReview) self = NULL;
  JsonNode *root;
  JsonArray *questions;
  JsonObject *object;

  g_return_val_if_fail (presentation != NULL, NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  if (!json_parser_load_from_data (parser, presentation, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      damaged (error);
      return NULL;
    }
  object = json_node_get_object (root);
  self = g_new0 (AwarenessReview, 1);
  self->presentation = json_node_copy (root);
  self->module_id = g_strdup (_awareness_json_string_member (object, "module"));
  self->title = dup_text (object, "title", lang);
  if (!json_object_has_member (object, "questions"))
    return g_steal_pointer (&self);
  questions = array_member (object, "questions");
  if (questions == NULL)
    {
      damaged (error);
      return NULL;
    }
  self->questions = g_ptr_array_new_with_free_func (question_free);
  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonNode *node = json_array_get_element (questions, i);
      AwarenessReviewQuestion *question = g_new0 (AwarenessReviewQuestion, 1);

      g_ptr_array_add (self->questions, question);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          damaged (error);
          return NULL;
        }
      if (!read_question (question, json_node_get_object (node), answers, lang, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * awareness_review_new_from_store:
 * @store: the records
 * @attempt_id: an attempt's id
 * @lang: the language to show
 * @error: return location for a #GError
 *
 * The review of an attempt, from its presentation and answers.
 *
 * Returns: (transfer full) (nullable): the review, or %NULL with @error
 *
 * Since: 0.2
 */
AwarenessReview *
awareness_review_new_from_store (AwarenessStore *store,
                                 const char     *attempt_id,
                                 const char     *lang,
                                 GError        **error)
{
  g_autofree char *presentation = NULL;
  g_autoptr(GHashTable) answers = NULL;

  g_return_val_if_fail (AWARENESS_IS_STORE (store), NULL);

  presentation = awareness_store_dup_presentation (store, attempt_id, error);
  if (presentation == NULL)
    return NULL;
  answers = awareness_store_dup_answers (store, attempt_id, error);
  if (answers == NULL)
    return NULL;
  return awareness_review_new (presentation, answers, lang, error);
}

/**
 * awareness_review_copy:
 * @self: a review
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 0.2
 */
AwarenessReview *
awareness_review_copy (AwarenessReview *self)
{
  AwarenessReview *copy = g_new0 (AwarenessReview, 1);

  copy->module_id = g_strdup (self->module_id);
  copy->title = g_strdup (self->title);
  copy->presentation = json_node_copy (self->presentation);
  if (self->questions == NULL)
    return copy;
  copy->questions = g_ptr_array_new_with_free_func (question_free);
  for (guint i = 0; i < self->questions->len; i++)
    {
      AwarenessReviewQuestion *from = g_ptr_array_index (self->questions, i);
      AwarenessReviewQuestion *to = g_memdup2 (from, sizeof *from);

      to->id = g_strdup (from->id);
      to->prompt = g_strdup (from->prompt);
      to->explanation = g_strdup (from->explanation);
      if (from->exhibit != NULL)
        to->exhibit = awareness_exhibit_ref (from->exhibit);
      to->answer = g_strdupv (from->answer);
      to->choices = g_ptr_array_new_with_free_func (choice_free);
      for (guint c = 0; c < from->choices->len; c++)
        {
          AwarenessReviewChoice *choice = g_memdup2 (g_ptr_array_index (from->choices, c),
                                                     sizeof *choice);

          choice->id = g_strdup (choice->id);
          choice->text = g_strdup (choice->text);
          g_ptr_array_add (to->choices, choice);
        }
      to->clauses = g_ptr_array_new_with_free_func (clause_free);
      for (guint c = 0; c < from->clauses->len; c++)
        {
          AwarenessReviewClause *clause = g_memdup2 (g_ptr_array_index (from->clauses, c),
                                                     sizeof *clause);

          clause->id = g_strdup (clause->id);
          clause->label = g_strdup (clause->label);
          clause->citation = g_strdup (clause->citation);
          g_ptr_array_add (to->clauses, clause);
        }
      g_ptr_array_add (copy->questions, to);
    }
  return copy;
}

/**
 * awareness_review_free:
 * @self: (nullable): a review
 *
 * Since: 0.2
 */
void
awareness_review_free (AwarenessReview *self)
{
  if (self == NULL)
    return;
  g_free (self->module_id);
  g_free (self->title);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->presentation, json_node_unref);
  g_free (self);
}
