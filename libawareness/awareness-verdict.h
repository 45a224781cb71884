/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <json-glib/json-glib.h>
#include "awareness-version-macros.h"

#include "awareness-types.h"

G_BEGIN_DECLS

/**
 * AwarenessVerdictKind:
 * @AWARENESS_VERDICT_ANSWERED: a question answered, right or wrong
 * @AWARENESS_VERDICT_COMPLETED: a module's quiz completed
 * @AWARENESS_VERDICT_PASSED: a module passed
 * @AWARENESS_VERDICT_FAILED: a module failed
 *
 * What a statement says, by its verb.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_VERDICT_ANSWERED,
  AWARENESS_VERDICT_COMPLETED,
  AWARENESS_VERDICT_PASSED,
  AWARENESS_VERDICT_FAILED,
} AwarenessVerdictKind;

/**
 * AwarenessVerdictError:
 * @AWARENESS_VERDICT_ERROR_NOT_VERDICT: the statement is about something
 *   else: another verb, an actor without an account, an object that is not
 *   an activity
 * @AWARENESS_VERDICT_ERROR_INVALID: the statement has the verb of a
 *   verdict but lacks what one needs (a timestamp, a module's IRI, an
 *   answer's success or registration)
 * @AWARENESS_VERDICT_ERROR_UNEARNED: the answers of the attempt do not
 *   score to the verdict against the module (see
 *   awareness_verdict_check_attempt())
 *
 * Why a statement is not read as a verdict.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_VERDICT_ERROR_NOT_VERDICT,
  AWARENESS_VERDICT_ERROR_INVALID,
  AWARENESS_VERDICT_ERROR_UNEARNED,
} AwarenessVerdictError;

#define AWARENESS_VERDICT_ERROR (awareness_verdict_error_quark ())

/**
 * AwarenessVerdict:
 * @kind: what the statement says
 * @home_page: the home page of the actor's account
 * @name: the actor's account name (the staff id)
 * @activity: the object's activity IRI
 * @module_id: (nullable): the module, from @activity; %NULL only for an
 *   answer to an activity outside the IRI scheme
 * @question_id: (nullable): the question of an answer, from @activity
 * @module_version: (nullable): the module's version, from the context
 * @language: (nullable): the context's language
 * @registration: (nullable): the attempt's UUID, in lower case
 * @timestamp: (nullable): the statement's timestamp as written; never
 *   %NULL but for an answer
 * @instant: (nullable): @timestamp, read
 * @duration: how long the attempt took, in microseconds; 0 when
 *   unknown, unreadable or longer than a day
 * @score: the score in percent (0 to 100), or -1 (see
 *   awareness_verdict_new_from_statement())
 * @raw: the questions answered right, or -1
 * @max: the questions asked, or -1
 * @success: whether an answer was right, or a module passed
 * @response: (nullable): an answer's response (choice ids joined by `[,]`;
 *   `yes`, `no` or `not-applicable` for a self-inspection item)
 * @checklist_id: (nullable): the self-inspection checklist of an answer to
 *   one of its items, or of its completion; then @module_id and
 *   @question_id are %NULL
 * @item_id: (nullable): the checklist item of an answer
 * @checklist_version: (nullable): the checklist's version, from the context
 * @comment: (nullable): the comment given with a self-inspection answer
 *
 * A statement read as a verdict.
 *
 * Since: 0.2
 */
typedef struct {
  AwarenessVerdictKind kind;
  char       *home_page;
  char       *name;
  char       *activity;
  char       *module_id;
  char       *question_id;
  char       *module_version;
  char       *language;
  char       *registration;
  char       *timestamp;
  GDateTime  *instant;
  GTimeSpan   duration;
  int         score;
  int         raw;
  int         max;
  gboolean    success;
  char       *response;
  char       *checklist_id;
  char       *item_id;
  char       *checklist_version;
  char       *comment;
} AwarenessVerdict;

#define AWARENESS_TYPE_VERDICT (awareness_verdict_get_type ())
AWARENESS_AVAILABLE_IN_ALL
GType             awareness_verdict_get_type           (void) G_GNUC_CONST;
AWARENESS_AVAILABLE_IN_ALL
GQuark            awareness_verdict_error_quark        (void);
AWARENESS_AVAILABLE_IN_ALL
AwarenessVerdict *awareness_verdict_new_from_statement (JsonObject       *statement,
                                                        GError          **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessVerdict *awareness_verdict_copy               (AwarenessVerdict *self);
AWARENESS_AVAILABLE_IN_ALL
void              awareness_verdict_free               (AwarenessVerdict *self);
AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_verdict_kind_to_verb       (AwarenessVerdictKind kind);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_verdict_check_attempt      (AwarenessVerdict *self,
                                                        AwarenessModule  *module,
                                                        GPtrArray        *answers,
                                                        GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessVerdict, awareness_verdict_free)

G_END_DECLS
