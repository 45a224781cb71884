/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "awareness-draw-private.h"

/**
 * AwarenessAttempt:
 *
 * One learner's attempt at a module's quiz: the questions drawn from the
 * pool, in the order shown, each with its choices in the order shown, the
 * answers given, the score and the verdict.
 *
 * The attempt holds no storage of its own; [class@Store] records it as it
 * goes, so that an attempt can be paused and resumed exactly as it was.
 *
 * Since: 0.2
 */
struct _AwarenessAttempt
{
  GObject          parent_instance;

  AwarenessModule *module;
  char            *id;
  char            *digest;
  GDateTime       *started;
  GDateTime       *finished;
  GPtrArray       *questions;   /* AwarenessQuestion, borrowed from module */
  GPtrArray       *choices;     /* GPtrArray of AwarenessChoice, per question */
  GHashTable      *answers;     /* question id → GStrv */
};

/**
 * awareness_attempt_error_quark:
 *
 * The error domain of #AwarenessAttemptError.
 *
 * Returns: the #GQuark of %AWARENESS_ATTEMPT_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-attempt-error-quark, awareness_attempt_error)
G_DEFINE_FINAL_TYPE (AwarenessAttempt, awareness_attempt, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_N_QUESTIONS,
  PROP_N_ANSWERED,
  PROP_FINISHED,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
awareness_attempt_finalize (GObject *object)
{
  AwarenessAttempt *self = (AwarenessAttempt *)object;

  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->finished, g_date_time_unref);
  g_clear_object (&self->module);
  g_free (self->id);
  g_free (self->digest);

  G_OBJECT_CLASS (awareness_attempt_parent_class)->finalize (object);
}

static void
awareness_attempt_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AwarenessAttempt *self = AWARENESS_ATTEMPT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_N_QUESTIONS:
      g_value_set_uint (value, self->questions->len);
      break;
    case PROP_N_ANSWERED:
      g_value_set_uint (value, g_hash_table_size (self->answers));
      break;
    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
awareness_attempt_class_init (AwarenessAttemptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = awareness_attempt_finalize;
  object_class->get_property = awareness_attempt_get_property;

  /**
   * AwarenessAttempt:id:
   *
   * The attempt's UUID.
   *
   * Since: 0.2
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * AwarenessAttempt:n-questions:
   *
   * The number of questions drawn for the attempt.
   *
   * Since: 0.2
   */
  properties[PROP_N_QUESTIONS] =
    g_param_spec_uint ("n-questions", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * AwarenessAttempt:n-answered:
   *
   * The number of questions answered so far: what a progress bar shows.
   * It is notified when an answer is given to a question not answered before.
   *
   * Since: 0.2
   */
  properties[PROP_N_ANSWERED] =
    g_param_spec_uint ("n-answered", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * AwarenessAttempt:finished:
   *
   * Whether the attempt is finished (see awareness_attempt_finish()).
   *
   * Since: 0.2
   */
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
awareness_attempt_init (AwarenessAttempt *self)
{
  self->questions = g_ptr_array_new ();
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->answers =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
}

static AwarenessAttempt *
attempt_new (AwarenessModule *module)
{
  AwarenessAttempt *self = g_object_new (AWARENESS_TYPE_ATTEMPT, NULL);

  self->module = g_object_ref (module);
  self->digest = g_strdup (awareness_module_get_digest (module));
  return self;
}

/**
 * awareness_attempt_new:
 * @module: a module
 * @seed: the seed of the draw and shuffles: the same seed gives the same
 *   attempt, for tests
 * @avoid: (nullable) (array zero-terminated=1): ids of questions to draw
 *   only if the pool has too few others, such as those of the previous
 *   attempt
 *
 * Draws a new attempt: `draw` questions of the pool, one of each clause
 * group first (see [method@Module.get_draw_group]), the questions not in
 * @avoid first within each group and in the rest of the draw; shuffled,
 * with their choices shuffled too, when the module says so.  Choices
 * marked `fixed` keep their place.
 *
 * Returns: (transfer full): the attempt
 *
 * Since: 0.2
 */
AwarenessAttempt *
awareness_attempt_new (AwarenessModule    *module,
                       guint32             seed,
                       const char * const *avoid)
{
  g_autoptr(AwarenessAttempt) self = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) drawn = NULL;
  GPtrArray *pool;

  g_return_val_if_fail (AWARENESS_IS_MODULE (module), NULL);

  self = attempt_new (module);
  self->id = g_uuid_string_random ();
  self->started = g_date_time_new_now_utc ();

  /* Every clause group, then the rest at random (see awareness-draw.c). */
  pool = awareness_module_get_questions (module);
  drawn = _awareness_draw (module, rand, avoid);
  g_ptr_array_extend (self->questions, drawn, NULL, NULL);

  if (awareness_module_get_shuffle (module))
    _awareness_shuffle (self->questions, rand);
  else
    {
      /* Unshuffled modules ask in the order of the pool. */
      g_autoptr(GPtrArray) ordered = g_ptr_array_new ();

      for (guint i = 0; i < pool->len; i++)
        if (g_ptr_array_find (self->questions, g_ptr_array_index (pool, i), NULL))
          g_ptr_array_add (ordered, g_ptr_array_index (pool, i));
      g_ptr_array_set_size (self->questions, 0);
      g_ptr_array_extend (self->questions, ordered, NULL, NULL);
    }

  for (guint i = 0; i < self->questions->len; i++)
    {
      AwarenessQuestion *question = g_ptr_array_index (self->questions, i);
      GPtrArray *all = awareness_question_get_choices (question);
      /* Borrowed choices: not g_ptr_array_copy(), which copies the free function. */
      GPtrArray *shown = g_ptr_array_sized_new (all->len);

      g_ptr_array_extend (shown, all, NULL, NULL);

      if (awareness_module_get_shuffle (module) &&
          awareness_question_get_kind (question) != AWARENESS_QUESTION_TRUE_FALSE)
        {
          g_autoptr(GPtrArray) movable = g_ptr_array_new ();
          g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (guint));

          for (guint c = 0; c < all->len; c++)
            if (!awareness_choice_get_fixed (g_ptr_array_index (all, c)))
              {
                g_ptr_array_add (movable, g_ptr_array_index (all, c));
                g_array_append_val (slots, c);
              }
          _awareness_shuffle (movable, rand);
          for (guint m = 0; m < movable->len; m++)
            shown->pdata[g_array_index (slots, guint, m)] = g_ptr_array_index (movable, m);
        }

      g_ptr_array_add (self->choices, shown);
    }

  return g_steal_pointer (&self);
}

/**
 * awareness_attempt_new_random:
 * @module: a module
 * @avoid: (nullable) (array zero-terminated=1): ids of questions to avoid
 *
 * Like [ctor@Attempt.new] with a random seed.
 *
 * Returns: (transfer full): the attempt
 *
 * Since: 0.2
 */
AwarenessAttempt *
awareness_attempt_new_random (AwarenessModule    *module,
                              const char * const *avoid)
{
  return awareness_attempt_new (module, g_random_int (), avoid);
}

/**
 * awareness_attempt_restore:
 * @module: the module of the attempt
 * @id: the attempt's id
 * @digest: the module's digest when the attempt began
 * @started: when the attempt began
 * @question_ids: (array zero-terminated=1): the questions, in the order shown
 * @choice_orders: (array zero-terminated=1): for each question, its choice
 *   ids in the order shown, separated by commas
 * @error: return location for an error
 *
 * Rebuilds an attempt as it was shown, to resume or review it.  Fails with
 * %AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED if the module is no longer the
 * one the attempt began on.
 *
 * Returns: (transfer full) (nullable): the attempt, without its answers
 *
 * Since: 0.2
 */
AwarenessAttempt *
awareness_attempt_restore (AwarenessModule    *module,
                           const char         *id,
                           const char         *digest,
                           GDateTime          *started,
                           const char * const *question_ids,
                           const char * const *choice_orders,
                           GError            **error)
{
  g_autoptr(AwarenessAttempt) self = NULL;

  g_return_val_if_fail (AWARENESS_IS_MODULE (module), NULL);
  g_return_val_if_fail (id != NULL && digest != NULL && started != NULL, NULL);
  g_return_val_if_fail (question_ids != NULL && choice_orders != NULL, NULL);

  if (g_strcmp0 (digest, awareness_module_get_digest (module)) != 0 ||
      g_strv_length ((char **) question_ids) != g_strv_length ((char **) choice_orders))
    goto changed;

  self = attempt_new (module);
  self->id = g_strdup (id);
  self->started = g_date_time_ref (started);

  for (guint i = 0; question_ids[i] != NULL; i++)
    {
      AwarenessQuestion *question = awareness_module_lookup_question (module, question_ids[i]);
      g_auto(GStrv) order = g_strsplit (choice_orders[i], ",", -1);
      GPtrArray *shown;

      if (question == NULL ||
          g_strv_length (order) != awareness_question_get_choices (question)->len)
        goto changed;

      shown = g_ptr_array_new ();
      g_ptr_array_add (self->choices, shown);
      for (guint c = 0; order[c] != NULL; c++)
        {
          AwarenessChoice *choice = awareness_question_lookup_choice (question, order[c]);

          if (choice == NULL)
            goto changed;
          g_ptr_array_add (shown, choice);
        }
      g_ptr_array_add (self->questions, question);
    }

  return g_steal_pointer (&self);

changed:
  g_set_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED,
               _("The module “%s” has changed since this attempt began"),
               awareness_module_get_id (module));
  return NULL;
}

/**
 * awareness_attempt_get_id:
 * @self: an attempt
 *
 * Returns: (transfer none): the attempt's id, a UUID
 *
 * Since: 0.2
 */
const char *
awareness_attempt_get_id (AwarenessAttempt *self)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), NULL);

  return self->id;
}

/**
 * awareness_attempt_get_module:
 * @self: an attempt
 *
 * Returns: (transfer none): the module
 *
 * Since: 0.2
 */
AwarenessModule *
awareness_attempt_get_module (AwarenessAttempt *self)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), NULL);

  return self->module;
}

/**
 * awareness_attempt_get_started:
 * @self: an attempt
 *
 * Returns: (transfer none): when the attempt began
 *
 * Since: 0.2
 */
GDateTime *
awareness_attempt_get_started (AwarenessAttempt *self)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), NULL);

  return self->started;
}

/**
 * awareness_attempt_get_finished:
 * @self: an attempt
 *
 * Returns: (transfer none) (nullable): when the attempt was finished
 *
 * Since: 0.2
 */
GDateTime *
awareness_attempt_get_finished (AwarenessAttempt *self)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), NULL);

  return self->finished;
}

/**
 * awareness_attempt_get_n_questions:
 * @self: an attempt
 *
 * Returns: the number of questions drawn for the attempt
 *
 * Since: 0.2
 */
guint
awareness_attempt_get_n_questions (AwarenessAttempt *self)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), 0);

  return self->questions->len;
}

/**
 * awareness_attempt_get_question:
 * @self: an attempt
 * @index: the question's place in the attempt, from 0
 *
 * Returns: (transfer none): the question
 *
 * Since: 0.2
 */
AwarenessQuestion *
awareness_attempt_get_question (AwarenessAttempt *self,
                                guint             index)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);

  return g_ptr_array_index (self->questions, index);
}

/**
 * awareness_attempt_get_choices:
 * @self: an attempt
 * @index: the question's place in the attempt
 *
 * Returns: (transfer none) (element-type AwarenessChoice): the question's
 *   choices, in the order shown
 *
 * Since: 0.2
 */
GPtrArray *
awareness_attempt_get_choices (AwarenessAttempt *self,
                               guint             index)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), NULL);
  g_return_val_if_fail (index < self->choices->len, NULL);

  return g_ptr_array_index (self->choices, index);
}

/**
 * awareness_attempt_dup_choices_text:
 * @self: an attempt
 * @index: a question of the attempt, from 0
 * @ids: (nullable): the choices to name, such as the learner's answer
 * @correct_ones: name the right choices instead of @ids
 * @lang: the language of the texts
 * @format: how the texts are rendered
 * @numbered: lead each text with its number as shown, “2) ”
 *
 * Names the chosen (or the right) choices of a question, as a review of
 * the attempt shows them.
 *
 * Returns: (transfer full): their texts in the order shown, joined by
 *   “ / ”; "" when there are none
 *
 * Since: 0.2
 */
char *
awareness_attempt_dup_choices_text (AwarenessAttempt    *self,
                                    guint                index,
                                    const char * const  *ids,
                                    gboolean             correct_ones,
                                    const char          *lang,
                                    AwarenessTextFormat  format,
                                    gboolean             numbered)
{
  GPtrArray *shown = awareness_attempt_get_choices (self, index);
  GString *s = g_string_new (NULL);

  for (guint c = 0; c < shown->len; c++)
    {
      AwarenessChoice *choice = g_ptr_array_index (shown, c);
      gboolean take =
          correct_ones ? awareness_choice_get_correct (choice)
                       : (ids != NULL && g_strv_contains (ids, awareness_choice_get_id (choice)));
      g_autofree char *text = NULL;

      if (!take)
        continue;
      text = awareness_choice_dup_text (choice, lang, format);
      if (s->len > 0)
        g_string_append (s, " / ");
      if (numbered)
        g_string_append_printf (s, "%u) ", c + 1);
      g_string_append (s, text);
    }
  return g_string_free (s, FALSE);
}

/**
 * awareness_attempt_dup_choice_order:
 * @self: an attempt
 * @index: the question's place in the attempt
 *
 * Returns: (transfer full): the choice ids in the order shown, separated
 *   by commas, as [func@Attempt.restore] takes them
 *
 * Since: 0.2
 */
char *
awareness_attempt_dup_choice_order (AwarenessAttempt *self,
                                    guint             index)
{
  GPtrArray *shown;
  GString *s;

  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), NULL);
  g_return_val_if_fail (index < self->choices->len, NULL);

  shown = g_ptr_array_index (self->choices, index);
  s = g_string_new (NULL);
  for (guint c = 0; c < shown->len; c++)
    {
      if (c > 0)
        g_string_append_c (s, ',');
      g_string_append (s, awareness_choice_get_id (g_ptr_array_index (shown, c)));
    }

  return g_string_free (s, FALSE);
}

static AwarenessQuestion *
find_question (AwarenessAttempt *self,
               const char       *question_id)
{
  for (guint i = 0; i < self->questions->len; i++)
    if (g_strcmp0 (awareness_question_get_id (g_ptr_array_index (self->questions, i)),
                   question_id) == 0)
      return g_ptr_array_index (self->questions, i);

  return NULL;
}

/**
 * awareness_attempt_answer:
 * @self: an attempt
 * @question_id: a question of the attempt
 * @choice_ids: (array zero-terminated=1): the chosen choices' ids
 * @error: return location for an error
 *
 * Records an answer, replacing any earlier answer to the same question.
 * A single-choice or true/false question takes exactly one choice, a
 * multiple-choice question one or more, each once.
 *
 * Returns: whether the answer was accepted
 *
 * Since: 0.2
 */
gboolean
awareness_attempt_answer (AwarenessAttempt   *self,
                          const char         *question_id,
                          const char * const *choice_ids,
                          GError            **error)
{
  AwarenessQuestion *question;
  guint n;

  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), FALSE);
  g_return_val_if_fail (question_id != NULL, FALSE);
  g_return_val_if_fail (choice_ids != NULL, FALSE);

  if (self->finished != NULL)
    {
      g_set_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_FINISHED,
                   _("The attempt is already finished"));
      return FALSE;
    }

  question = find_question (self, question_id);
  if (question == NULL)
    {
      g_set_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_UNKNOWN_QUESTION,
                   _("Question “%s” is not part of this attempt"), question_id);
      return FALSE;
    }

  n = g_strv_length ((char **) choice_ids);
  if (n == 0 || (n > 1 && awareness_question_get_kind (question) != AWARENESS_QUESTION_MULTIPLE))
    {
      g_set_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_INVALID_ANSWER,
                   n == 0 ? _("Choose an answer")
                          : _("Choose only one answer to this question"));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      if (awareness_question_lookup_choice (question, choice_ids[i]) == NULL)
        {
          g_set_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_UNKNOWN_CHOICE,
                       _("Question “%s” has no choice “%s”"), question_id, choice_ids[i]);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (strcmp (choice_ids[i], choice_ids[j]) == 0)
          {
            g_set_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_INVALID_ANSWER,
                         _("Choice “%s” is given twice"), choice_ids[i]);
            return FALSE;
          }
    }

  n = g_hash_table_size (self->answers);
  g_hash_table_insert (self->answers, g_strdup (question_id), g_strdupv ((char **) choice_ids));
  if (g_hash_table_size (self->answers) != n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ANSWERED]);
  return TRUE;
}

/**
 * awareness_attempt_get_answer:
 * @self: an attempt
 * @question_id: a question of the attempt
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   chosen choice ids, or `NULL` if the question is not answered yet
 *
 * Since: 0.2
 */
const char * const *
awareness_attempt_get_answer (AwarenessAttempt *self,
                              const char       *question_id)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), NULL);

  return g_hash_table_lookup (self->answers, question_id);
}

/**
 * awareness_attempt_get_n_answered:
 * @self: an attempt
 *
 * Returns: the number of questions answered so far
 *
 * Since: 0.2
 */
guint
awareness_attempt_get_n_answered (AwarenessAttempt *self)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), 0);

  return g_hash_table_size (self->answers);
}

/**
 * awareness_attempt_get_next_unanswered:
 * @self: an attempt
 *
 * Returns: the index of the first question without an answer, or -1
 *
 * Since: 0.2
 */
gint
awareness_attempt_get_next_unanswered (AwarenessAttempt *self)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), -1);

  for (guint i = 0; i < self->questions->len; i++)
    if (!g_hash_table_contains (self->answers,
                                awareness_question_get_id (g_ptr_array_index (self->questions, i))))
      return (gint) i;

  return -1;
}

/**
 * awareness_question_check_answer:
 * @question: a question
 * @choice_ids: (array zero-terminated=1): chosen choice ids
 *
 * Scores one answer: right when the chosen choices are exactly the correct
 * ones (all of them, and nothing else, for multiple choice).
 *
 * Returns: whether the answer is right
 *
 * Since: 0.2
 */
gboolean
awareness_question_check_answer (AwarenessQuestion  *question,
                                 const char * const *choice_ids)
{
  GPtrArray *choices;
  guint n_correct = 0;

  g_return_val_if_fail (AWARENESS_IS_QUESTION (question), FALSE);

  if (choice_ids == NULL)
    return FALSE;

  choices = awareness_question_get_choices (question);
  for (guint i = 0; i < choices->len; i++)
    {
      AwarenessChoice *choice = g_ptr_array_index (choices, i);
      gboolean chosen = g_strv_contains (choice_ids, awareness_choice_get_id (choice));

      if (chosen != awareness_choice_get_correct (choice))
        return FALSE;
      if (chosen)
        n_correct++;
    }

  /* Every id named a choice once: nothing beyond the correct set. */
  return n_correct == g_strv_length ((char **) choice_ids);
}

/**
 * awareness_attempt_is_correct:
 * @self: an attempt
 * @question_id: the id of one of its questions
 *
 * Returns: whether the question is answered, and answered right
 *
 * Since: 0.2
 */
gboolean
awareness_attempt_is_correct (AwarenessAttempt *self,
                              const char       *question_id)
{
  AwarenessQuestion *question;

  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), FALSE);

  question = find_question (self, question_id);
  return question != NULL &&
         awareness_question_check_answer (question,
                                          g_hash_table_lookup (self->answers, question_id));
}

/**
 * awareness_attempt_finish:
 * @self: an attempt
 * @when: (nullable): when it was finished, or `NULL` for now
 * @error: return location for an error
 *
 * Closes the attempt once every question is answered; the score and the
 * verdict are final from then on.
 *
 * Returns: whether the attempt is finished
 *
 * Since: 0.2
 */
gboolean
awareness_attempt_finish (AwarenessAttempt *self,
                          GDateTime        *when,
                          GError          **error)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), FALSE);

  if (self->finished != NULL)
    {
      g_set_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_FINISHED,
                   _("The attempt is already finished"));
      return FALSE;
    }

  if (awareness_attempt_get_next_unanswered (self) >= 0)
    {
      g_set_error (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_INCOMPLETE,
                   _("%u of %u questions are answered; answer them all to finish"),
                   awareness_attempt_get_n_answered (self), self->questions->len);
      return FALSE;
    }

  self->finished = when != NULL ? g_date_time_ref (when) : g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  return TRUE;
}

/**
 * awareness_attempt_is_finished:
 * @self: an attempt
 *
 * Returns: whether the attempt is finished
 *
 * Since: 0.2
 */
gboolean
awareness_attempt_is_finished (AwarenessAttempt *self)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), FALSE);

  return self->finished != NULL;
}

/**
 * awareness_attempt_get_score:
 * @self: an attempt
 *
 * Returns: the number of questions answered right
 *
 * Since: 0.2
 */
guint
awareness_attempt_get_score (AwarenessAttempt *self)
{
  guint score = 0;

  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), 0);

  for (guint i = 0; i < self->questions->len; i++)
    {
      AwarenessQuestion *question = g_ptr_array_index (self->questions, i);

      if (awareness_attempt_is_correct (self, awareness_question_get_id (question)))
        score++;
    }

  return score;
}

/**
 * awareness_attempt_get_passed:
 * @self: an attempt
 *
 * Returns: whether the score reaches the module's pass mark: at least
 *   pass-percent of the questions asked, answered right
 *
 * Since: 0.2
 */
gboolean
awareness_attempt_get_passed (AwarenessAttempt *self)
{
  g_return_val_if_fail (AWARENESS_IS_ATTEMPT (self), FALSE);

  if (self->questions->len == 0)
    return FALSE;

  /* Integer arithmetic: 4 of 5 at 80 % passes, exactly. */
  return (guint64) awareness_attempt_get_score (self) * 100 >=
         (guint64) awareness_module_get_pass_percent (self->module) * self->questions->len;
}
