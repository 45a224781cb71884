/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "awareness-private.h"

/**
 * AwarenessPolicy:
 *
 * The text of an information security policy, as structured bilingual
 * content: parts (the preface, the chapters) holding clauses, each with a
 * stable id that lessons and questions cite.
 *
 * Since: 0.2
 */
G_DEFINE_FINAL_TYPE (AwarenessPolicy, awareness_policy, G_TYPE_OBJECT)

static void
awareness_policy_finalize (GObject *object)
{
  AwarenessPolicy *self = (AwarenessPolicy *)object;

  g_clear_pointer (&self->clauses_by_id, g_hash_table_unref);
  g_clear_pointer (&self->clauses, g_ptr_array_unref);
  g_clear_pointer (&self->parts, g_ptr_array_unref);
  g_clear_pointer (&self->preamble, g_ptr_array_unref);
  g_clear_pointer (&self->title, _awareness_text_free);
  g_clear_pointer (&self->issued, _awareness_text_free);
  g_free (self->id);
  g_free (self->version);
  g_free (self->lang);

  G_OBJECT_CLASS (awareness_policy_parent_class)->finalize (object);
}

static void
awareness_policy_class_init (AwarenessPolicyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_policy_finalize;
}

static void
awareness_policy_init (AwarenessPolicy *self)
{
  self->preamble = g_ptr_array_new_with_free_func ((GDestroyNotify) _awareness_text_free);
  self->parts = g_ptr_array_new_with_free_func (g_object_unref);
  self->clauses = g_ptr_array_new ();
  self->clauses_by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * awareness_policy_get_id:
 * @self: a policy
 *
 * Returns: (transfer none): the policy's id
 *
 * Since: 0.2
 */
const char *
awareness_policy_get_id (AwarenessPolicy *self)
{
  g_return_val_if_fail (AWARENESS_IS_POLICY (self), NULL);

  return self->id;
}

/**
 * awareness_policy_get_version:
 * @self: a policy
 *
 * Returns: (transfer none): the policy's version
 *
 * Since: 0.2
 */
const char *
awareness_policy_get_version (AwarenessPolicy *self)
{
  g_return_val_if_fail (AWARENESS_IS_POLICY (self), NULL);

  return self->version;
}

/**
 * awareness_policy_get_language:
 * @self: a policy
 *
 * Returns: (transfer none): the source language of the policy, such as `ja`
 *
 * Since: 0.2
 */
const char *
awareness_policy_get_language (AwarenessPolicy *self)
{
  g_return_val_if_fail (AWARENESS_IS_POLICY (self), NULL);

  return self->lang;
}

/**
 * awareness_policy_get_title:
 * @self: a policy
 * @lang: (nullable): the wanted language, or `NULL` for the source language
 *
 * Returns: (transfer none): the title in @lang, or in the source language when the policy
 *   has no translation into @lang
 *
 * Since: 0.2
 */
const char *
awareness_policy_get_title (AwarenessPolicy *self,
                            const char      *lang)
{
  g_return_val_if_fail (AWARENESS_IS_POLICY (self), NULL);

  return _awareness_text_get_plain (self->title, lang);
}

/**
 * awareness_policy_get_issued:
 * @self: a policy
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer none) (nullable): when the policy was issued, as the policy says it
 *
 * Since: 0.2
 */
const char *
awareness_policy_get_issued (AwarenessPolicy *self,
                             const char      *lang)
{
  g_return_val_if_fail (AWARENESS_IS_POLICY (self), NULL);

  return _awareness_text_get_plain (self->issued, lang);
}

/**
 * awareness_policy_dup_preamble:
 * @self: a policy
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Returns: (transfer full): the paragraphs before the first part
 *
 * Since: 0.2
 */
char **
awareness_policy_dup_preamble (AwarenessPolicy    *self,
                               const char         *lang,
                               AwarenessTextFormat format)
{
  g_return_val_if_fail (AWARENESS_IS_POLICY (self), NULL);

  return _awareness_text_render_all (self->preamble, lang, format, self);
}

/**
 * awareness_policy_get_parts:
 * @self: a policy
 *
 * Returns: (transfer none) (element-type AwarenessClause): the parts of
 *   the policy, such as the preface and the chapters
 *
 * Since: 0.2
 */
GPtrArray *
awareness_policy_get_parts (AwarenessPolicy *self)
{
  g_return_val_if_fail (AWARENESS_IS_POLICY (self), NULL);

  return self->parts;
}

/**
 * awareness_policy_get_clauses:
 * @self: a policy
 *
 * Returns: (transfer none) (element-type AwarenessClause): every part and
 *   clause, in document order
 *
 * Since: 0.2
 */
GPtrArray *
awareness_policy_get_clauses (AwarenessPolicy *self)
{
  g_return_val_if_fail (AWARENESS_IS_POLICY (self), NULL);

  return self->clauses;
}

/**
 * awareness_policy_lookup_clause:
 * @self: a policy
 * @id: a clause id, such as `basic.5`
 *
 * Returns: (transfer none) (nullable): the clause, or `NULL`
 *
 * Since: 0.2
 */
AwarenessClause *
awareness_policy_lookup_clause (AwarenessPolicy *self,
                                const char      *id)
{
  g_return_val_if_fail (AWARENESS_IS_POLICY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->clauses_by_id, id);
}
