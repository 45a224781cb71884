/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"
#include "awareness-exhibit.h"

G_BEGIN_DECLS

#define AWARENESS_TYPE_QUESTION (awareness_question_get_type ())
G_DECLARE_FINAL_TYPE (AwarenessQuestion, awareness_question, AWARENESS, QUESTION, GObject)

#define AWARENESS_TYPE_CHOICE (awareness_choice_get_type ())
G_DECLARE_FINAL_TYPE (AwarenessChoice, awareness_choice, AWARENESS, CHOICE, GObject)

/**
 * AwarenessQuestionKind:
 * @AWARENESS_QUESTION_SINGLE: exactly one choice is correct
 * @AWARENESS_QUESTION_MULTIPLE: one or more choices are correct; all of them
 *   and nothing else must be chosen
 * @AWARENESS_QUESTION_TRUE_FALSE: a statement that is true or false; its
 *   choices are `true` and `false`
 */
typedef enum {
  AWARENESS_QUESTION_SINGLE,
  AWARENESS_QUESTION_MULTIPLE,
  AWARENESS_QUESTION_TRUE_FALSE,
} AwarenessQuestionKind;

const char           *awareness_question_get_id          (AwarenessQuestion *self);
AwarenessQuestionKind awareness_question_get_kind        (AwarenessQuestion *self);
AwarenessModule      *awareness_question_get_module      (AwarenessQuestion *self);
GPtrArray            *awareness_question_get_clauses     (AwarenessQuestion *self);
char                 *awareness_question_dup_prompt      (AwarenessQuestion  *self,
                                                          const char         *lang,
                                                          AwarenessTextFormat format);
char                 *awareness_question_dup_explanation (AwarenessQuestion  *self,
                                                          const char         *lang,
                                                          AwarenessTextFormat format);
GPtrArray            *awareness_question_get_choices     (AwarenessQuestion *self);
AwarenessExhibit     *awareness_question_get_exhibit     (AwarenessQuestion *self);
AwarenessChoice      *awareness_question_lookup_choice   (AwarenessQuestion *self,
                                                          const char        *id);

const char           *awareness_choice_get_id            (AwarenessChoice *self);
AwarenessQuestion    *awareness_choice_get_question      (AwarenessChoice *self);
gboolean              awareness_choice_get_correct       (AwarenessChoice *self);
gboolean              awareness_choice_get_fixed         (AwarenessChoice *self);
char                 *awareness_choice_dup_text          (AwarenessChoice    *self,
                                                          const char         *lang,
                                                          AwarenessTextFormat format);

G_END_DECLS
