/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "awareness-private.h"

/**
 * AwarenessChoice:
 *
 * One answer a learner can choose, recorded by its stable id.
 *
 * Since: 0.2
 */
G_DEFINE_FINAL_TYPE (AwarenessChoice, awareness_choice, G_TYPE_OBJECT)

static void
awareness_choice_finalize (GObject *object)
{
  AwarenessChoice *self = (AwarenessChoice *)object;

  g_clear_pointer (&self->text, _awareness_text_free);
  g_free (self->id);

  G_OBJECT_CLASS (awareness_choice_parent_class)->finalize (object);
}

static void
awareness_choice_class_init (AwarenessChoiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_choice_finalize;
}

static void
awareness_choice_init (AwarenessChoice *self)
{
}

/**
 * awareness_choice_get_id:
 * @self: a choice
 *
 * Returns: (transfer none): the choice's id
 *
 * Since: 0.2
 */
const char *
awareness_choice_get_id (AwarenessChoice *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHOICE (self), NULL);

  return self->id;
}

/**
 * awareness_choice_get_question:
 * @self: a choice
 *
 * Returns: (transfer none): the question of the choice
 *
 * Since: 0.2
 */
AwarenessQuestion *
awareness_choice_get_question (AwarenessChoice *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHOICE (self), NULL);

  return self->question;
}

/**
 * awareness_choice_get_correct:
 * @self: a choice
 *
 * Returns: whether the choice is a right answer
 *
 * Since: 0.2
 */
gboolean
awareness_choice_get_correct (AwarenessChoice *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHOICE (self), FALSE);

  return self->correct;
}

/**
 * awareness_choice_get_fixed:
 * @self: a choice
 *
 * Returns: whether the choice keeps its place when choices are shuffled
 *
 * Since: 0.2
 */
gboolean
awareness_choice_get_fixed (AwarenessChoice *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHOICE (self), FALSE);

  return self->fixed;
}

/**
 * awareness_choice_dup_text:
 * @self: a choice
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Returns: (transfer full): the choice's text; for true/false questions,
 *   “True” or “False” in @lang
 *
 * Since: 0.2
 */
char *
awareness_choice_dup_text (AwarenessChoice    *self,
                           const char         *lang,
                           AwarenessTextFormat format)
{
  g_return_val_if_fail (AWARENESS_IS_CHOICE (self), NULL);

  if (self->text == NULL)
    {
      gboolean yes = g_strcmp0 (self->id, "true") == 0;

      /* The words of the content's own languages, so that a record of an
       * attempt holds them whatever the locale of the process that made
       * it; other languages come from the translations. */
      if (_awareness_lang_matches (lang, "ja"))
        return g_strdup (yes ? "正しい" : "誤り");
      if (_awareness_lang_matches (lang, "en"))
        return g_strdup (yes ? "True" : "False");

      /* Translators: the answers to a true/false quiz question. */
      return g_strdup (yes ? _("True") : _("False"));
    }

  return _awareness_text_render (self->text, lang, format, self->question->module->policy);
}
