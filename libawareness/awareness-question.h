/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"
#include "awareness-exhibit.h"

G_BEGIN_DECLS

#define AWARENESS_TYPE_QUESTION (awareness_question_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessQuestion, awareness_question, AWARENESS, QUESTION, GObject)

#define AWARENESS_TYPE_CHOICE (awareness_choice_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessChoice, awareness_choice, AWARENESS, CHOICE, GObject)

/**
 * AwarenessQuestionKind:
 * @AWARENESS_QUESTION_SINGLE: exactly one choice is correct
 * @AWARENESS_QUESTION_MULTIPLE: one or more choices are correct; all of them
 *   and nothing else must be chosen
 * @AWARENESS_QUESTION_TRUE_FALSE: a statement that is true or false; its
 *   choices are `true` and `false`
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_QUESTION_SINGLE,
  AWARENESS_QUESTION_MULTIPLE,
  AWARENESS_QUESTION_TRUE_FALSE,
} AwarenessQuestionKind;

AWARENESS_AVAILABLE_IN_ALL
const char           *awareness_question_get_id          (AwarenessQuestion *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessQuestionKind awareness_question_get_kind        (AwarenessQuestion *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessModule      *awareness_question_get_module      (AwarenessQuestion *self);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray            *awareness_question_get_clauses     (AwarenessQuestion *self);
AWARENESS_AVAILABLE_IN_ALL
char                 *awareness_question_dup_prompt      (AwarenessQuestion  *self,
                                                          const char         *lang,
                                                          AwarenessTextFormat format);
AWARENESS_AVAILABLE_IN_ALL
char                 *awareness_question_dup_explanation (AwarenessQuestion  *self,
                                                          const char         *lang,
                                                          AwarenessTextFormat format);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray            *awareness_question_get_choices     (AwarenessQuestion *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessExhibit     *awareness_question_get_exhibit     (AwarenessQuestion *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessChoice      *awareness_question_lookup_choice   (AwarenessQuestion *self,
                                                          const char        *id);

AWARENESS_AVAILABLE_IN_ALL
const char           *awareness_choice_get_id            (AwarenessChoice *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessQuestion    *awareness_choice_get_question      (AwarenessChoice *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean              awareness_choice_get_correct       (AwarenessChoice *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean              awareness_choice_get_fixed         (AwarenessChoice *self);
AWARENESS_AVAILABLE_IN_ALL
char                 *awareness_choice_dup_text          (AwarenessChoice    *self,
                                                          const char         *lang,
                                                          AwarenessTextFormat format);

G_END_DECLS
