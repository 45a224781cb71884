/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"

G_BEGIN_DECLS

#define AWARENESS_ATTEMPT_ERROR (awareness_attempt_error_quark ())

/**
 * AwarenessAttemptError:
 * @AWARENESS_ATTEMPT_ERROR_UNKNOWN_QUESTION: the question is not part of the attempt
 * @AWARENESS_ATTEMPT_ERROR_UNKNOWN_CHOICE: no such choice in the question
 * @AWARENESS_ATTEMPT_ERROR_INVALID_ANSWER: the answer does not fit the
 *   question: several choices for a single-choice question, none at all,
 *   or one choice twice
 * @AWARENESS_ATTEMPT_ERROR_FINISHED: the attempt is already finished
 * @AWARENESS_ATTEMPT_ERROR_INCOMPLETE: not every question is answered yet
 * @AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED: the module changed since the
 *   attempt began, so it cannot be resumed
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_ATTEMPT_ERROR_UNKNOWN_QUESTION,
  AWARENESS_ATTEMPT_ERROR_UNKNOWN_CHOICE,
  AWARENESS_ATTEMPT_ERROR_INVALID_ANSWER,
  AWARENESS_ATTEMPT_ERROR_FINISHED,
  AWARENESS_ATTEMPT_ERROR_INCOMPLETE,
  AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED,
} AwarenessAttemptError;

#define AWARENESS_TYPE_ATTEMPT (awareness_attempt_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessAttempt, awareness_attempt, AWARENESS, ATTEMPT, GObject)

AWARENESS_AVAILABLE_IN_ALL
GQuark             awareness_attempt_error_quark        (void);
AWARENESS_AVAILABLE_IN_ALL
AwarenessAttempt  *awareness_attempt_new                (AwarenessModule    *module,
                                                         guint32             seed,
                                                         const char * const *avoid)
                                                         G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
AwarenessAttempt  *awareness_attempt_new_random         (AwarenessModule    *module,
                                                         const char * const *avoid)
                                                         G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
AwarenessAttempt  *awareness_attempt_restore            (AwarenessModule    *module,
                                                         const char         *id,
                                                         const char         *digest,
                                                         GDateTime          *started,
                                                         const char * const *question_ids,
                                                         const char * const *choice_orders,
                                                         GError            **error)
                                                         G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_attempt_get_id             (AwarenessAttempt *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessModule   *awareness_attempt_get_module         (AwarenessAttempt *self);
AWARENESS_AVAILABLE_IN_ALL
GDateTime         *awareness_attempt_get_started        (AwarenessAttempt *self);
AWARENESS_AVAILABLE_IN_ALL
GDateTime         *awareness_attempt_get_finished       (AwarenessAttempt *self);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_attempt_get_n_questions    (AwarenessAttempt *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessQuestion *awareness_attempt_get_question       (AwarenessAttempt *self,
                                                         guint             index);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray         *awareness_attempt_get_choices        (AwarenessAttempt *self,
                                                         guint             index);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_attempt_dup_choice_order   (AwarenessAttempt *self,
                                                         guint             index);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_attempt_dup_choices_text   (AwarenessAttempt    *self,
                                                         guint                index,
                                                         const char * const  *ids,
                                                         gboolean             correct_ones,
                                                         const char          *lang,
                                                         AwarenessTextFormat  format,
                                                         gboolean             numbered);
AWARENESS_AVAILABLE_IN_ALL
gboolean           awareness_attempt_answer             (AwarenessAttempt   *self,
                                                         const char         *question_id,
                                                         const char * const *choice_ids,
                                                         GError            **error);
AWARENESS_AVAILABLE_IN_ALL
const char * const *awareness_attempt_get_answer        (AwarenessAttempt *self,
                                                         const char       *question_id);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_attempt_get_n_answered     (AwarenessAttempt *self);
AWARENESS_AVAILABLE_IN_ALL
gint               awareness_attempt_get_next_unanswered (AwarenessAttempt *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean           awareness_attempt_is_correct         (AwarenessAttempt *self,
                                                         const char       *question_id);
AWARENESS_AVAILABLE_IN_ALL
gboolean           awareness_attempt_finish             (AwarenessAttempt *self,
                                                         GDateTime        *when,
                                                         GError          **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean           awareness_attempt_is_finished        (AwarenessAttempt *self);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_attempt_get_score          (AwarenessAttempt *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean           awareness_attempt_get_passed         (AwarenessAttempt *self);

AWARENESS_AVAILABLE_IN_ALL
gboolean           awareness_question_check_answer      (AwarenessQuestion  *question,
                                                         const char * const *choice_ids);

G_END_DECLS
