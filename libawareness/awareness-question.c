/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "awareness-private.h"

/**
 * AwarenessQuestion:
 *
 * A quiz question: single choice, multiple choice or true/false, citing
 * the policy clauses it tests, with an explanation of the right answer.
 *
 * Since: 0.2
 */
G_DEFINE_FINAL_TYPE (AwarenessQuestion, awareness_question, G_TYPE_OBJECT)

static void
awareness_question_finalize (GObject *object)
{
  AwarenessQuestion *self = (AwarenessQuestion *)object;

  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->clauses, g_ptr_array_unref);
  g_clear_pointer (&self->clause_ids, g_strfreev);
  g_clear_pointer (&self->prompt, _awareness_text_free);
  g_clear_pointer (&self->explanation, _awareness_text_free);
  g_clear_pointer (&self->exhibit, awareness_exhibit_unref);
  g_free (self->id);

  G_OBJECT_CLASS (awareness_question_parent_class)->finalize (object);
}

static void
awareness_question_class_init (AwarenessQuestionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_question_finalize;
}

static void
awareness_question_init (AwarenessQuestion *self)
{
  self->choices = g_ptr_array_new_with_free_func (g_object_unref);
  self->clauses = g_ptr_array_new ();
}

/**
 * awareness_question_get_id:
 * @self: a question
 *
 * Returns: (transfer none): the question's id
 *
 * Since: 0.2
 */
const char *
awareness_question_get_id (AwarenessQuestion *self)
{
  g_return_val_if_fail (AWARENESS_IS_QUESTION (self), NULL);

  return self->id;
}

/**
 * awareness_question_get_kind:
 * @self: a question
 *
 * Returns: whether one choice or several are right
 *
 * Since: 0.2
 */
AwarenessQuestionKind
awareness_question_get_kind (AwarenessQuestion *self)
{
  g_return_val_if_fail (AWARENESS_IS_QUESTION (self), AWARENESS_QUESTION_SINGLE);

  return self->kind;
}

/**
 * awareness_question_get_module:
 * @self: a question
 *
 * Returns: (transfer none): the module of the question
 *
 * Since: 0.2
 */
AwarenessModule *
awareness_question_get_module (AwarenessQuestion *self)
{
  g_return_val_if_fail (AWARENESS_IS_QUESTION (self), NULL);

  return self->module;
}

/**
 * awareness_question_get_clauses:
 * @self: a question
 *
 * Returns: (transfer none) (element-type AwarenessClause): the clauses the
 *   question tests
 *
 * Since: 0.2
 */
GPtrArray *
awareness_question_get_clauses (AwarenessQuestion *self)
{
  g_return_val_if_fail (AWARENESS_IS_QUESTION (self), NULL);

  return self->clauses;
}

/**
 * awareness_question_dup_prompt:
 * @self: a question
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Returns: (transfer full): the question's prompt
 *
 * Since: 0.2
 */
char *
awareness_question_dup_prompt (AwarenessQuestion  *self,
                               const char         *lang,
                               AwarenessTextFormat format)
{
  g_return_val_if_fail (AWARENESS_IS_QUESTION (self), NULL);

  return _awareness_text_render (self->prompt, lang, format, self->module->policy);
}

/**
 * awareness_question_dup_explanation:
 * @self: a question
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Returns: (transfer full): why the right answer is right
 *
 * Since: 0.2
 */
char *
awareness_question_dup_explanation (AwarenessQuestion  *self,
                                    const char         *lang,
                                    AwarenessTextFormat format)
{
  g_return_val_if_fail (AWARENESS_IS_QUESTION (self), NULL);

  return _awareness_text_render (self->explanation, lang, format, self->module->policy);
}

/**
 * awareness_question_get_choices:
 * @self: a question
 *
 * Returns: (transfer none) (element-type AwarenessChoice): the choices in
 *   document order; for true/false questions, `true` then `false`
 *
 * Since: 0.2
 */
GPtrArray *
awareness_question_get_choices (AwarenessQuestion *self)
{
  g_return_val_if_fail (AWARENESS_IS_QUESTION (self), NULL);

  return self->choices;
}

/**
 * awareness_question_lookup_choice:
 * @self: a question
 * @id: a choice id
 *
 * Returns: (transfer none) (nullable): the choice
 *
 * Since: 0.2
 */
AwarenessChoice *
awareness_question_lookup_choice (AwarenessQuestion *self,
                                  const char        *id)
{
  g_return_val_if_fail (AWARENESS_IS_QUESTION (self), NULL);

  for (guint i = 0; i < self->choices->len; i++)
    {
      AwarenessChoice *choice = g_ptr_array_index (self->choices, i);

      if (g_strcmp0 (choice->id, id) == 0)
        return choice;
    }

  return NULL;
}

/**
 * awareness_question_get_exhibit:
 * @self: a question
 *
 * The exhibit the question shows before its prompt, such as an e-mail
 * whose signs the learner is asked about.
 *
 * Returns: (transfer none) (nullable): the exhibit, or `NULL` if the
 *   question has none
 *
 * Since: 0.2
 */
AwarenessExhibit *
awareness_question_get_exhibit (AwarenessQuestion *self)
{
  g_return_val_if_fail (AWARENESS_IS_QUESTION (self), NULL);

  return self->exhibit;
}
