/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "awareness-types.h"
#include "awareness-attempt.h"
#include "awareness-exhibit.h"
#include "awareness-question.h"
#include "awareness-store.h"

G_BEGIN_DECLS

/**
 * AwarenessReviewChoice:
 * @id: the choice's id
 * @text: its text, in the review's language
 * @correct: whether it is one of the right choices
 * @chosen: whether the learner chose it
 *
 * A choice of a recorded question, as it was shown.
 *
 * Since: 0.2
 */
typedef struct {
  char     *id;
  char     *text;
  gboolean  correct;
  gboolean  chosen;
} AwarenessReviewChoice;

/**
 * AwarenessReviewClause:
 * @id: the clause's id
 * @label: its citation label, in the review's language
 * @citation: its label and title (see [func@format_citation]); the
 *   label alone for an attempt recorded before titles were
 *
 * A clause of the policy a recorded question tests.
 *
 * Since: 0.2
 */
typedef struct {
  char *id;
  char *label;
  char *citation;
} AwarenessReviewClause;

/**
 * AwarenessReviewQuestion:
 * @id: the question's id
 * @kind: single, multiple or true/false
 * @prompt: the prompt, in the review's language
 * @explanation: the explanation, in the review's language
 * @exhibit: (nullable): the message, web page or other material the
 *   question showed, in both languages, or %NULL
 * @choices: (element-type AwarenessReviewChoice): in the order shown
 * @clauses: (element-type AwarenessReviewClause): the clauses tested
 * @answer: (nullable) (array zero-terminated=1): the ids the learner
 *   chose, or %NULL if the question was not answered
 * @right: whether @answer is exactly the right choices
 *
 * A question of an attempt, as it was shown and answered.
 *
 * Since: 0.2
 */
typedef struct {
  char                  *id;
  AwarenessQuestionKind  kind;
  char                  *prompt;
  char                  *explanation;
  AwarenessExhibit      *exhibit;
  GPtrArray             *choices;
  GPtrArray             *clauses;
  char                 **answer;
  gboolean               right;
} AwarenessReviewQuestion;

/**
 * AwarenessReview:
 * @module_id: the module
 * @title: the module's title, in the review's language
 * @questions: (nullable) (element-type AwarenessReviewQuestion): the
 *   questions in the order shown, or %NULL for an attempt fetched from
 *   the server, whose questions stayed on the machine it was taken on
 * @presentation: the presentation as recorded (JSON), for export
 *
 * An attempt as it was seen, from the presentation recorded with it, so
 * that it stays exact after the content changes: what `awareness review`
 * and the app's review show.
 *
 * Since: 0.2
 */
typedef struct {
  char      *module_id;
  char      *title;
  GPtrArray *questions;
  JsonNode  *presentation;
} AwarenessReview;

#define AWARENESS_TYPE_REVIEW (awareness_review_get_type ())
AWARENESS_AVAILABLE_IN_ALL
GType            awareness_review_get_type          (void) G_GNUC_CONST;
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_attempt_dup_presentation (AwarenessAttempt   *attempt);
AWARENESS_AVAILABLE_IN_ALL
AwarenessReview *awareness_review_new               (const char         *presentation,
                                                     GHashTable         *answers,
                                                     const char         *lang,
                                                     GError            **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessReview *awareness_review_new_from_store    (AwarenessStore     *store,
                                                     const char         *attempt_id,
                                                     const char         *lang,
                                                     GError            **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessReview *awareness_review_copy              (AwarenessReview    *self);
AWARENESS_AVAILABLE_IN_ALL
void             awareness_review_free              (AwarenessReview    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessReview, awareness_review_free)

G_END_DECLS
