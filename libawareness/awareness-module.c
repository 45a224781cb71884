/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "awareness-private.h"

/**
 * AwarenessModule:
 *
 * A training module: short lessons and a quiz whose questions each cite
 * the policy clause they test.
 *
 * Since: 0.2
 */
G_DEFINE_FINAL_TYPE (AwarenessModule, awareness_module, G_TYPE_OBJECT)

static void
awareness_module_finalize (GObject *object)
{
  AwarenessModule *self = (AwarenessModule *)object;

  g_clear_pointer (&self->lessons, g_ptr_array_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->title, _awareness_text_free);
  g_clear_pointer (&self->summary, _awareness_text_free);
  g_clear_object (&self->policy);
  awareness_assignment_clear (&self->assignment);
  g_free (self->id);
  g_free (self->version);
  g_free (self->lang);
  g_free (self->file);
  g_free (self->digest);
  g_clear_pointer (&self->source, g_bytes_unref);

  G_OBJECT_CLASS (awareness_module_parent_class)->finalize (object);
}

static void
awareness_module_class_init (AwarenessModuleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_module_finalize;
}

static void
awareness_module_init (AwarenessModule *self)
{
  self->lessons = g_ptr_array_new_with_free_func (g_object_unref);
  self->questions = g_ptr_array_new_with_free_func (g_object_unref);
  self->required = TRUE;
  self->shuffle = TRUE;
}

/**
 * awareness_module_get_id:
 * @self: a module
 *
 * Returns: (transfer none): the module's id
 *
 * Since: 0.2
 */
const char *
awareness_module_get_id (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return self->id;
}

/**
 * awareness_module_get_version:
 * @self: a module
 *
 * Returns: (transfer none): the module's version
 *
 * Since: 0.2
 */
const char *
awareness_module_get_version (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return self->version;
}

/**
 * awareness_module_get_language:
 * @self: a module
 *
 * Returns: (transfer none): the language the module was written in,
 *   such as `ja`
 *
 * Since: 0.2
 */
const char *
awareness_module_get_language (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return self->lang;
}

/**
 * awareness_module_get_file:
 * @self: a module
 *
 * Returns: (transfer none) (type filename): the file the module was loaded from
 *
 * Since: 0.2
 */
const char *
awareness_module_get_file (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return self->file;
}

/**
 * awareness_module_get_digest:
 * @self: a module
 *
 * The SHA-256 digest of the module's file, recorded with every attempt so
 * that a result always says exactly which content it was earned on.
 *
 * Returns: (transfer none): the digest, in lowercase hexadecimal
 *
 * Since: 0.2
 */
const char *
awareness_module_get_digest (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return _awareness_source_digest (self->source, &self->digest);
}

/**
 * awareness_module_get_minutes:
 * @self: a module
 *
 * Returns: the estimated time to complete the module, or 0 if unknown
 *
 * Since: 0.2
 */
guint
awareness_module_get_minutes (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), 0);

  return self->minutes;
}

/**
 * awareness_module_get_required:
 * @self: a module
 *
 * Returns: whether the catalog requires the module of every member of staff
 *
 * Since: 0.2
 */
gboolean
awareness_module_get_required (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), FALSE);

  return self->required;
}

/**
 * awareness_module_get_title:
 * @self: a module
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer none): the title in @lang, or in the source language
 *
 * Since: 0.2
 */
const char *
awareness_module_get_title (AwarenessModule *self,
                            const char      *lang)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return _awareness_text_get_plain (self->title, lang);
}

/**
 * awareness_module_get_summary:
 * @self: a module
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer none) (nullable): a one-sentence summary of the module
 *
 * Since: 0.2
 */
const char *
awareness_module_get_summary (AwarenessModule *self,
                              const char      *lang)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return _awareness_text_get_plain (self->summary, lang);
}

/**
 * awareness_module_get_policy:
 * @self: a module
 *
 * Returns: (transfer none) (nullable): the policy whose clauses it cites
 *
 * Since: 0.2
 */
AwarenessPolicy *
awareness_module_get_policy (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return self->policy;
}

/**
 * awareness_module_get_lessons:
 * @self: a module
 *
 * Returns: (transfer none) (element-type AwarenessLesson): the lessons, in order
 *
 * Since: 0.2
 */
GPtrArray *
awareness_module_get_lessons (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return self->lessons;
}

/**
 * awareness_module_lookup_lesson:
 * @self: a module
 * @id: a lesson id
 *
 * Returns: (transfer none) (nullable): the lesson
 *
 * Since: 0.2
 */
AwarenessLesson *
awareness_module_lookup_lesson (AwarenessModule *self,
                                const char      *id)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  for (guint i = 0; i < self->lessons->len; i++)
    {
      AwarenessLesson *lesson = g_ptr_array_index (self->lessons, i);

      if (g_strcmp0 (lesson->id, id) == 0)
        return lesson;
    }

  return NULL;
}

/**
 * awareness_module_get_questions:
 * @self: a module
 *
 * Returns: (transfer none) (element-type AwarenessQuestion): the question
 *   pool, in document order
 *
 * Since: 0.2
 */
GPtrArray *
awareness_module_get_questions (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return self->questions;
}

/**
 * awareness_module_lookup_question:
 * @self: a module
 * @id: a question id
 *
 * Returns: (transfer none) (nullable): the question
 *
 * Since: 0.2
 */
AwarenessQuestion *
awareness_module_lookup_question (AwarenessModule *self,
                                  const char      *id)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  for (guint i = 0; i < self->questions->len; i++)
    {
      AwarenessQuestion *question = g_ptr_array_index (self->questions, i);

      if (g_strcmp0 (question->id, id) == 0)
        return question;
    }

  return NULL;
}

/**
 * awareness_module_get_pass_percent:
 * @self: a module
 *
 * Returns: the share of correct answers needed to pass, 1 to 100
 *
 * Since: 0.2
 */
guint
awareness_module_get_pass_percent (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), 0);

  return self->pass_percent;
}

/**
 * awareness_module_get_draw:
 * @self: a module
 *
 * Returns: how many questions of the pool an attempt asks
 *
 * Since: 0.2
 */
guint
awareness_module_get_draw (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), 0);

  return self->draw;
}

/**
 * awareness_module_get_shuffle:
 * @self: a module
 *
 * Returns: whether questions and choices are shown in random order
 *
 * Since: 0.2
 */
gboolean
awareness_module_get_shuffle (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), FALSE);

  return self->shuffle;
}

/**
 * awareness_module_get_assignment:
 * @self: a module of a catalog
 *
 * Returns: (transfer none) (nullable): what the catalog requires of the module: who, by
 *   when, how often; %NULL for an optional module
 *
 * Since: 0.2
 */
const AwarenessAssignment *
awareness_module_get_assignment (AwarenessModule *self)
{
  g_return_val_if_fail (AWARENESS_IS_MODULE (self), NULL);

  return self->required ? &self->assignment : NULL;
}

/**
 * awareness_module_get_effective_assignment:
 * @self: a module of a catalog
 * @overrides: (nullable) (element-type utf8 AwarenessAssignment): the
 *   assignments the server sets over the catalog's, by module id
 *
 * Returns: (transfer none) (nullable): the server's assignment of the module if it sets
 *   one, else the catalog's
 *
 * Since: 0.2
 */
const AwarenessAssignment *
awareness_module_get_effective_assignment (AwarenessModule *self,
                                           GHashTable      *overrides)
{
  const AwarenessAssignment *override =
      overrides != NULL ? g_hash_table_lookup (overrides, self->id) : NULL;

  return override != NULL ? override : awareness_module_get_assignment (self);
}
