/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Clause groups, and the stratified draw of a quiz.
 *
 * A module's questions fall into groups by the lessons that teach what
 * they test: lesson by lesson in document order, a question belongs to the
 * first lesson whose cited clauses meet its own (the same clause, or one
 * containing the other).  Questions that meet no lesson form one last
 * group of their own; lessons that no question meets form none.
 *
 * A draw takes one question of each group (a fresh one, not asked in the
 * learner's previous attempt, when the group has one), then fills the rest
 * of the draw at random, fresh questions first.  So every learner is tested
 * on every group whenever the draw is at least the number of groups, which
 * the loader checks.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "awareness-draw-private.h"

static gboolean
contains (AwarenessClause *outer,
          AwarenessClause *inner)
{
  for (AwarenessClause *c = inner; c != NULL; c = awareness_clause_get_parent (c))
    if (c == outer)
      return TRUE;
  return FALSE;
}

static gboolean
meets (GPtrArray *a,
       GPtrArray *b)
{
  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      if (contains (g_ptr_array_index (a, i), g_ptr_array_index (b, j)) ||
          contains (g_ptr_array_index (b, j), g_ptr_array_index (a, i)))
        return TRUE;
  return FALSE;
}

/**
 * _awareness_draw_groups:
 * @module: a module
 * @lessons: (out) (optional) (transfer container): for each group, its
 *   lesson, or `NULL` for the group of questions that meet no lesson
 *
 * Returns: (transfer container): the groups, each a #GPtrArray of the
 *   module's questions (borrowed), in document order
 */
GPtrArray *
_awareness_draw_groups (AwarenessModule  *module,
                        GPtrArray       **lessons)
{
  GPtrArray *all_lessons = awareness_module_get_lessons (module);
  GPtrArray *questions = awareness_module_get_questions (module);
  g_autoptr(GPtrArray) by_lesson =
      g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *owners = g_ptr_array_new ();

  for (guint l = 0; l < all_lessons->len; l++)
    g_ptr_array_add (by_lesson, g_ptr_array_new ());

  for (guint q = 0; q < questions->len; q++)
    {
      AwarenessQuestion *question = g_ptr_array_index (questions, q);
      GPtrArray *clauses = awareness_question_get_clauses (question);
      gboolean placed = FALSE;

      for (guint l = 0; l < all_lessons->len && !placed; l++)
        if (meets (awareness_lesson_get_clauses (g_ptr_array_index (all_lessons, l)), clauses))
          {
            g_ptr_array_add (g_ptr_array_index (by_lesson, l), question);
            placed = TRUE;
          }
      if (!placed)
        g_ptr_array_add (rest, question);
    }

  for (guint l = 0; l < all_lessons->len; l++)
    if (((GPtrArray *) g_ptr_array_index (by_lesson, l))->len > 0)
      {
        g_ptr_array_add (groups, g_ptr_array_ref (g_ptr_array_index (by_lesson, l)));
        g_ptr_array_add (owners, g_ptr_array_index (all_lessons, l));
      }
  if (rest->len > 0)
    {
      g_ptr_array_add (groups, g_ptr_array_ref (rest));
      g_ptr_array_add (owners, NULL);
    }

  if (lessons != NULL)
    *lessons = owners;
  else
    g_ptr_array_unref (owners);
  return groups;
}

/**
 * awareness_module_get_n_draw_groups:
 * @self: a module
 *
 * The number of clause groups of the module's questions (see
 * [method@Module.get_draw_group]).
 *
 * Returns: the number of groups
 *
 * Since: 0.2
 */
guint
awareness_module_get_n_draw_groups (AwarenessModule *self)
{
  g_autoptr(GPtrArray) groups = NULL;

  g_return_val_if_fail (AWARENESS_IS_MODULE (self), 0);

  groups = _awareness_draw_groups (self, NULL);
  return groups->len;
}

/**
 * awareness_module_get_draw_group:
 * @self: a module
 * @question: one of its questions
 * @lesson: (out) (optional) (transfer none) (nullable): the lesson of the
 *   group, or `NULL` for the group of questions that meet no lesson
 *
 * The clause group of a question: the first lesson, in document order,
 * whose cited clauses meet the question's (the same clause, or one
 * containing the other).  Every draw of at least as many questions as
 * there are groups has a question of each group.
 *
 * Returns: the group's index, from 0, or -1 if @question is not in @self
 *
 * Since: 0.2
 */
gint
awareness_module_get_draw_group (AwarenessModule   *self,
                                 AwarenessQuestion *question,
                                 AwarenessLesson  **lesson)
{
  g_autoptr(GPtrArray) owners = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  g_return_val_if_fail (AWARENESS_IS_MODULE (self), -1);

  groups = _awareness_draw_groups (self, &owners);
  for (guint g = 0; g < groups->len; g++)
    if (g_ptr_array_find (g_ptr_array_index (groups, g), question, NULL))
      {
        if (lesson != NULL)
          *lesson = g_ptr_array_index (owners, g);
        return (gint) g;
      }

  return -1;
}

/* Shuffles @array in place. */
void
_awareness_shuffle (GPtrArray *array,
                    GRand     *rand)
{
  /* Fisher–Yates. */
  for (guint i = array->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      gpointer tmp = array->pdata[i - 1];

      array->pdata[i - 1] = array->pdata[j];
      array->pdata[j] = tmp;
    }
}

/**
 * _awareness_draw:
 * @module: a module
 * @rand: the random source
 * @avoid: (nullable): ids of questions to draw only when a group or the
 *   draw needs them
 *
 * Returns: (transfer container): the drawn questions, in no set order
 */
GPtrArray *
_awareness_draw (AwarenessModule    *module,
                 GRand              *rand,
                 const char * const *avoid)
{
  g_autoptr(GPtrArray) groups = _awareness_draw_groups (module, NULL);
  GPtrArray *pool = awareness_module_get_questions (module);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GPtrArray) stale = g_ptr_array_new ();
  GPtrArray *drawn = g_ptr_array_new ();
  guint draw = MIN (awareness_module_get_draw (module), pool->len);

#define IS_STALE(q) (avoid != NULL && g_strv_contains (avoid, awareness_question_get_id (q)))

  /* One question of each group, the groups in random order, so that a
   * draw smaller than the number of groups still varies. */
  _awareness_shuffle (groups, rand);
  for (guint g = 0; g < groups->len && drawn->len < draw; g++)
    {
      GPtrArray *group = g_ptr_array_index (groups, g);
      g_autoptr(GPtrArray) group_fresh = g_ptr_array_new ();

      for (guint i = 0; i < group->len; i++)
        if (!IS_STALE (g_ptr_array_index (group, i)))
          g_ptr_array_add (group_fresh, g_ptr_array_index (group, i));
      if (group_fresh->len > 0)
        g_ptr_array_add (drawn,
                         g_ptr_array_index (group_fresh,
                                            g_rand_int_range (rand, 0, (gint32) group_fresh->len)));
      else
        g_ptr_array_add (drawn, g_ptr_array_index (group, g_rand_int_range (rand, 0,
                                                                            (gint32) group->len)));
    }

  /* The rest at random, fresh questions first. */
  for (guint i = 0; i < pool->len; i++)
    {
      AwarenessQuestion *question = g_ptr_array_index (pool, i);

      if (g_ptr_array_find (drawn, question, NULL))
        continue;
      g_ptr_array_add (IS_STALE (question) ? stale : fresh, question);
    }
#undef IS_STALE
  _awareness_shuffle (fresh, rand);
  _awareness_shuffle (stale, rand);
  for (guint i = 0; i < fresh->len && drawn->len < draw; i++)
    g_ptr_array_add (drawn, g_ptr_array_index (fresh, i));
  for (guint i = 0; i < stale->len && drawn->len < draw; i++)
    g_ptr_array_add (drawn, g_ptr_array_index (stale, i));

  return drawn;
}

/**
 * _awareness_draw_check:
 * @file: the module's file
 * @module: the module, loaded
 * @quiz: its `<quiz>` element
 *
 * Warns when the draw is smaller than the number of clause groups, so
 * that some learners are never tested on some of the module's lessons.
 */
void
_awareness_draw_check (AwarenessXmlFile *file,
                       AwarenessModule  *module,
                       xmlNode          *quiz)
{
  g_autoptr(GPtrArray) groups = _awareness_draw_groups (module, NULL);
  guint draw = awareness_module_get_draw (module);

  if (draw < groups->len)
    _awareness_xml_file_report (file, quiz, AWARENESS_SEVERITY_WARNING,
                                AWARENESS_CONTENT_ERROR_DRAW,
                                _("draw=\"%u\" is less than the %u clause groups of the "
                                  "questions: some learners would not be tested on some lessons "
                                  "(draw at least %u)"), draw, groups->len, groups->len);
}
