/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "awareness-private.h"

/**
 * AwarenessClause:
 *
 * A clause of the policy, or one of its parts.  Parts carry a label such
 * as “第1章”; clauses carry a number such as “(3)” or “①”, and together
 * they make a citation label such as “第1章 6(3)①”.
 *
 * Since: 0.2
 */
G_DEFINE_FINAL_TYPE (AwarenessClause, awareness_clause, G_TYPE_OBJECT)

static void
awareness_clause_finalize (GObject *object)
{
  AwarenessClause *self = (AwarenessClause *)object;

  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->paragraphs, g_ptr_array_unref);
  g_clear_pointer (&self->label, _awareness_text_free);
  g_clear_pointer (&self->title, _awareness_text_free);
  g_free (self->id);
  g_free (self->number);

  G_OBJECT_CLASS (awareness_clause_parent_class)->finalize (object);
}

static void
awareness_clause_class_init (AwarenessClauseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_clause_finalize;
}

static void
awareness_clause_init (AwarenessClause *self)
{
  self->paragraphs = g_ptr_array_new_with_free_func ((GDestroyNotify) _awareness_text_free);
  self->children = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * awareness_clause_get_id:
 * @self: a clause
 *
 * Returns: (transfer none): the clause's id
 *
 * Since: 0.2
 */
const char *
awareness_clause_get_id (AwarenessClause *self)
{
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), NULL);

  return self->id;
}

/**
 * awareness_clause_get_number:
 * @self: a clause
 *
 * Returns: (transfer none) (nullable): the clause's number as the policy writes it, such
 *   as `5`, `(3)` or `①`; `NULL` for parts and unnumbered paragraphs
 *
 * Since: 0.2
 */
const char *
awareness_clause_get_number (AwarenessClause *self)
{
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), NULL);

  return self->number;
}

/**
 * awareness_clause_get_parent:
 * @self: a clause
 *
 * Returns: (transfer none) (nullable): the enclosing clause or part
 *
 * Since: 0.2
 */
AwarenessClause *
awareness_clause_get_parent (AwarenessClause *self)
{
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), NULL);

  return self->parent;
}

/**
 * awareness_clause_get_children:
 * @self: a clause
 *
 * Returns: (transfer none) (element-type AwarenessClause): the sub-clauses
 *
 * Since: 0.2
 */
GPtrArray *
awareness_clause_get_children (AwarenessClause *self)
{
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), NULL);

  return self->children;
}

/**
 * awareness_clause_get_depth:
 * @self: a clause
 *
 * Returns: 0 for a part, 1 for its clauses, and so on
 *
 * Since: 0.2
 */
guint
awareness_clause_get_depth (AwarenessClause *self)
{
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), 0);

  return self->depth;
}

/**
 * awareness_clause_get_staff:
 * @self: a clause
 *
 * Returns: whether the clause concerns staff, so that training must test it
 *
 * Since: 0.2
 */
gboolean
awareness_clause_get_staff (AwarenessClause *self)
{
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), FALSE);

  return self->staff;
}

/**
 * awareness_clause_get_title:
 * @self: a clause
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer none) (nullable): the clause's heading, if it has one
 *
 * Since: 0.2
 */
const char *
awareness_clause_get_title (AwarenessClause *self,
                            const char      *lang)
{
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), NULL);

  return _awareness_text_get_plain (self->title, lang);
}

static AwarenessClause *
get_part (AwarenessClause *self)
{
  while (self->parent != NULL)
    self = self->parent;
  return self;
}

/**
 * awareness_clause_dup_label:
 * @self: a clause
 * @lang: (nullable): the wanted language
 *
 * Formats the citation of the clause, such as “第1章 6(3)①” in Japanese
 * or “Chapter 1, 6(3)①” in English.
 *
 * Returns: (transfer full): the citation label
 *
 * Since: 0.2
 */
char *
awareness_clause_dup_label (AwarenessClause *self,
                            const char      *lang)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  AwarenessClause *part;
  GString *numbers = g_string_new (NULL);
  const char *part_label;
  const char *resolved_lang;

  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), NULL);

  part = get_part (self);
  for (AwarenessClause *c = self; c != NULL && c != part; c = c->parent)
    g_ptr_array_insert (chain, 0, c);
  for (guint i = 0; i < chain->len; i++)
    {
      AwarenessClause *c = g_ptr_array_index (chain, i);

      if (c->number != NULL)
        g_string_append (numbers, c->number);
    }

  part_label = _awareness_text_get_plain (part->label, lang);
  if (part_label == NULL)
    part_label = part->id;
  if (numbers->len == 0)
    {
      g_string_free (numbers, TRUE);
      return g_strdup (part_label);
    }

  /* Japanese writes “第1章 5”; English writes “Chapter 1, 5”. */
  resolved_lang = _awareness_text_pick (part->label, lang) != NULL
                  ? _awareness_text_pick (part->label, lang)->lang : lang;
  if (_awareness_lang_matches (resolved_lang, "ja") ||
      _awareness_lang_matches (resolved_lang, "zh"))
    g_string_prepend (numbers, " ");
  else
    g_string_prepend (numbers, ", ");
  g_string_prepend (numbers, part_label);

  return g_string_free (numbers, FALSE);
}

/**
 * awareness_format_citation:
 * @label: a clause's citation label, such as “第1章 5”
 * @title: (nullable): its title
 *
 * Joins a clause's label and title as the CLI, the app and a review cite
 * a clause: “第1章 5 職員等の遵守義務”.
 *
 * Returns: (transfer full): the citation
 *
 * Since: 0.2
 */
char *
awareness_format_citation (const char *label,
                           const char *title)
{
  g_return_val_if_fail (label != NULL, NULL);

  if (title == NULL || title[0] == '\0')
    return g_strdup (label);
  return g_strdup_printf ("%s %s", label, title);
}

/**
 * awareness_clause_dup_citation:
 * @self: a clause
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer full): the clause's label and title (see
 *   [func@format_citation])
 *
 * Since: 0.2
 */
char *
awareness_clause_dup_citation (AwarenessClause *self,
                               const char      *lang)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), NULL);

  label = awareness_clause_dup_label (self, lang);
  return awareness_format_citation (label, awareness_clause_get_title (self, lang));
}

/**
 * awareness_clause_dup_paragraphs:
 * @self: a clause
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Returns: (transfer full): the clause's own paragraphs, without those of
 *   its sub-clauses
 *
 * Since: 0.2
 */
char **
awareness_clause_dup_paragraphs (AwarenessClause    *self,
                                 const char         *lang,
                                 AwarenessTextFormat format)
{
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), NULL);

  return _awareness_text_render_all (self->paragraphs, lang, format, self->policy);
}

static void
append_text (AwarenessClause    *self,
             GString            *s,
             const char         *lang,
             AwarenessTextFormat format,
             gboolean            top)
{
  g_auto(GStrv) paragraphs = awareness_clause_dup_paragraphs (self, lang, format);
  const char *title = awareness_clause_get_title (self, lang);

  if (!top && (self->number != NULL || title != NULL))
    {
      if (s->len > 0)
        g_string_append (s, "\n");
      if (self->number != NULL)
        g_string_append (s, self->number);
      if (self->number != NULL && title != NULL)
        g_string_append_c (s, ' ');
      if (title != NULL)
        {
          if (format == AWARENESS_TEXT_FORMAT_MARKUP)
            {
              g_autofree char *escaped = g_markup_escape_text (title, -1);
              g_string_append (s, escaped);
            }
          else
            g_string_append (s, title);
        }
      if (paragraphs[0] != NULL)
        g_string_append (s, paragraphs[0][0] != '\0' && title == NULL ? " " : "\n");
    }

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      if (i > 0 || (top && s->len > 0))
        g_string_append (s, "\n");
      g_string_append (s, paragraphs[i]);
    }

  for (guint i = 0; i < self->children->len; i++)
    append_text (g_ptr_array_index (self->children, i), s, lang, format, FALSE);
}

/**
 * awareness_clause_dup_text:
 * @self: a clause
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Renders the clause with its sub-clauses, as the policy reads: the
 * clause's paragraphs, then each sub-clause on a line of its own, led by
 * its number.  This is what a learner sees when a lesson cites the clause.
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.2
 */
char *
awareness_clause_dup_text (AwarenessClause    *self,
                           const char         *lang,
                           AwarenessTextFormat format)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), NULL);

  append_text (self, s, lang, format, TRUE);
  return g_string_free (s, FALSE);
}

/**
 * awareness_clause_is_ancestor_of:
 * @self: a clause
 * @descendant: another clause
 *
 * Returns: whether @descendant is @self or lies within it
 *
 * Since: 0.2
 */
gboolean
awareness_clause_is_ancestor_of (AwarenessClause *self,
                                 AwarenessClause *descendant)
{
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (self), FALSE);
  g_return_val_if_fail (AWARENESS_IS_CLAUSE (descendant), FALSE);

  for (AwarenessClause *c = descendant; c != NULL; c = c->parent)
    if (c == self)
      return TRUE;

  return FALSE;
}
