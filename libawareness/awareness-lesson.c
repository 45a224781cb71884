/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "awareness-private.h"

/**
 * AwarenessLesson:
 *
 * A short lesson of a module: paragraphs, lists, and quotations of the
 * policy clauses it teaches.
 *
 * Since: 0.2
 */
G_DEFINE_FINAL_TYPE (AwarenessLesson, awareness_lesson, G_TYPE_OBJECT)

static void
clear_block (gpointer data)
{
  AwarenessBlock *block = data;

  g_clear_pointer (&block->texts, g_ptr_array_unref);
  g_free (block->clause);
}

static void
awareness_lesson_finalize (GObject *object)
{
  AwarenessLesson *self = (AwarenessLesson *)object;

  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->clauses, g_ptr_array_unref);
  g_clear_pointer (&self->title, _awareness_text_free);
  g_free (self->id);

  G_OBJECT_CLASS (awareness_lesson_parent_class)->finalize (object);
}

static void
awareness_lesson_class_init (AwarenessLessonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_lesson_finalize;
}

static void
awareness_lesson_init (AwarenessLesson *self)
{
  self->blocks = g_array_new (FALSE, TRUE, sizeof (AwarenessBlock));
  g_array_set_clear_func (self->blocks, clear_block);
  self->clauses = g_ptr_array_new ();
}

/**
 * awareness_lesson_get_id:
 * @self: a lesson
 *
 * Returns: (transfer none): the lesson's id
 *
 * Since: 0.2
 */
const char *
awareness_lesson_get_id (AwarenessLesson *self)
{
  g_return_val_if_fail (AWARENESS_IS_LESSON (self), NULL);

  return self->id;
}

/**
 * awareness_lesson_get_module:
 * @self: a lesson
 *
 * Returns: (transfer none): the module of the lesson
 *
 * Since: 0.2
 */
AwarenessModule *
awareness_lesson_get_module (AwarenessLesson *self)
{
  g_return_val_if_fail (AWARENESS_IS_LESSON (self), NULL);

  return self->module;
}

/**
 * awareness_lesson_get_title:
 * @self: a lesson
 * @lang: (nullable): a language code such as `ja`, or %NULL for the
 *   content language
 *
 * Returns: (transfer none): the lesson's title in @lang, or in the
 *   language there is
 *
 * Since: 0.2
 */
const char *
awareness_lesson_get_title (AwarenessLesson *self,
                            const char      *lang)
{
  g_return_val_if_fail (AWARENESS_IS_LESSON (self), NULL);

  return _awareness_text_get_plain (self->title, lang);
}

/**
 * awareness_lesson_get_n_blocks:
 * @self: a lesson
 *
 * Returns: the number of blocks of the lesson
 *
 * Since: 0.2
 */
guint
awareness_lesson_get_n_blocks (AwarenessLesson *self)
{
  g_return_val_if_fail (AWARENESS_IS_LESSON (self), 0);

  return self->blocks->len;
}

/**
 * awareness_lesson_get_block_kind:
 * @self: a lesson
 * @index: the block's place in the lesson, from 0
 *
 * Returns: what the block is
 *
 * Since: 0.2
 */
AwarenessBlockKind
awareness_lesson_get_block_kind (AwarenessLesson *self,
                                 guint            index)
{
  g_return_val_if_fail (AWARENESS_IS_LESSON (self), AWARENESS_BLOCK_PARAGRAPH);
  g_return_val_if_fail (index < self->blocks->len, AWARENESS_BLOCK_PARAGRAPH);

  return g_array_index (self->blocks, AwarenessBlock, index).kind;
}

/**
 * awareness_lesson_dup_block_text:
 * @self: a lesson
 * @index: the block's index
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Renders a block: one string for a paragraph, one per item for a list,
 * and for a quotation the cited clause's text in the policy's own words.
 *
 * Returns: (transfer full): the block's text
 *
 * Since: 0.2
 */
char **
awareness_lesson_dup_block_text (AwarenessLesson    *self,
                                 guint               index,
                                 const char         *lang,
                                 AwarenessTextFormat format)
{
  const AwarenessBlock *block;

  g_return_val_if_fail (AWARENESS_IS_LESSON (self), NULL);
  g_return_val_if_fail (index < self->blocks->len, NULL);

  block = &g_array_index (self->blocks, AwarenessBlock, index);
  if (block->kind == AWARENESS_BLOCK_CITE)
    {
      AwarenessClause *clause = awareness_lesson_get_block_clause (self, index);
      char **result = g_new0 (char *, 2);

      if (clause != NULL)
        result[0] = awareness_clause_dup_text (clause, lang, format);
      return result;
    }

  return _awareness_text_render_all (block->texts, lang, format, self->module->policy);
}

/**
 * awareness_lesson_get_block_clause:
 * @self: a lesson
 * @index: the block's index
 *
 * Returns: (transfer none) (nullable): the clause quoted by a cite block
 *
 * Since: 0.2
 */
AwarenessClause *
awareness_lesson_get_block_clause (AwarenessLesson *self,
                                   guint            index)
{
  const AwarenessBlock *block;

  g_return_val_if_fail (AWARENESS_IS_LESSON (self), NULL);
  g_return_val_if_fail (index < self->blocks->len, NULL);

  block = &g_array_index (self->blocks, AwarenessBlock, index);
  if (block->clause == NULL || self->module->policy == NULL)
    return NULL;

  return awareness_policy_lookup_clause (self->module->policy, block->clause);
}

/**
 * awareness_lesson_get_clauses:
 * @self: a lesson
 *
 * Returns: (transfer none) (element-type AwarenessClause): the clauses the
 *   lesson cites or quotes, each once, in order of first mention
 *
 * Since: 0.2
 */
GPtrArray *
awareness_lesson_get_clauses (AwarenessLesson *self)
{
  g_return_val_if_fail (AWARENESS_IS_LESSON (self), NULL);

  return self->clauses;
}
