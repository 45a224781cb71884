/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"
#include "awareness-attempt.h"
#include "awareness-catalog.h"
#include "awareness-store.h"

G_BEGIN_DECLS

/**
 * AwarenessStartFlags:
 * @AWARENESS_START_DEFAULT: resume the attempt in progress, else draw
 *   and begin a new one
 * @AWARENESS_START_RESUME_ONLY: resume the attempt in progress, but begin
 *   none: a new attempt waits until the learner has read the lessons
 *
 * How awareness_start_attempt() starts.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_START_DEFAULT = 0,
  AWARENESS_START_RESUME_ONLY = 1 << 0,
} AwarenessStartFlags;

/**
 * AwarenessStartOutcome:
 * @AWARENESS_START_RESUMED: the attempt in progress, with its answers
 * @AWARENESS_START_BEGUN: a new attempt, drawn and recorded
 * @AWARENESS_START_CONTENT_CHANGED: the module changed since the attempt
 *   in progress, which is abandoned; a new attempt is begun unless
 *   %AWARENESS_START_RESUME_ONLY was given
 * @AWARENESS_START_NOTHING_TO_RESUME: no attempt in progress, and
 *   %AWARENESS_START_RESUME_ONLY was given
 *
 * What awareness_start_attempt() did; the fronts tell the learner.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_START_RESUMED,
  AWARENESS_START_BEGUN,
  AWARENESS_START_CONTENT_CHANGED,
  AWARENESS_START_NOTHING_TO_RESUME,
} AwarenessStartOutcome;

AWARENESS_AVAILABLE_IN_ALL
AwarenessAttempt *awareness_start_attempt    (AwarenessStore        *store,
                                              AwarenessModule       *module,
                                              const char            *user,
                                              const char            *lang,
                                              AwarenessStartFlags    flags,
                                              gint64                 seed,
                                              AwarenessStartOutcome *outcome,
                                              GError               **error)
                                              G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_complete_attempt (AwarenessStore        *store,
                                              AwarenessAttempt      *attempt,
                                              AwarenessCatalog      *catalog,
                                              const char            *user,
                                              const char            *lang,
                                              GError               **error);

G_END_DECLS
