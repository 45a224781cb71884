/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"
#include "awareness-schedule.h"

G_BEGIN_DECLS

#define AWARENESS_TYPE_CHECKLIST (awareness_checklist_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessChecklist, awareness_checklist, AWARENESS, CHECKLIST, GObject)

#define AWARENESS_TYPE_CHECKLIST_ITEM (awareness_checklist_item_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessChecklistItem, awareness_checklist_item, AWARENESS,
                      CHECKLIST_ITEM, GObject)

/**
 * AWARENESS_CHECKLIST_COMMENT_MAX:
 *
 * The longest comment an answer may carry, in characters.
 *
 * Since: 0.2
 */
#define AWARENESS_CHECKLIST_COMMENT_MAX 1000

/**
 * AwarenessCheckAnswer:
 * @AWARENESS_CHECK_ANSWER_NONE: not answered yet
 * @AWARENESS_CHECK_ANSWER_YES: the practice is followed
 * @AWARENESS_CHECK_ANSWER_NO: it is not
 * @AWARENESS_CHECK_ANSWER_NOT_APPLICABLE: it does not apply to the one answering
 *
 * An answer to one item of a self-inspection checklist.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_CHECK_ANSWER_NONE,
  AWARENESS_CHECK_ANSWER_YES,
  AWARENESS_CHECK_ANSWER_NO,
  AWARENESS_CHECK_ANSWER_NOT_APPLICABLE,
} AwarenessCheckAnswer;

#define AWARENESS_CHECKLIST_ERROR (awareness_checklist_error_quark ())

/**
 * AwarenessChecklistError:
 * @AWARENESS_CHECKLIST_ERROR_UNKNOWN_ITEM: the checklist has no such item
 * @AWARENESS_CHECKLIST_ERROR_NOT_APPLICABLE_REFUSED: the item cannot be
 *   answered “not applicable”
 * @AWARENESS_CHECKLIST_ERROR_COMMENT_REQUIRED: the answer needs a comment
 * @AWARENESS_CHECKLIST_ERROR_COMMENT_TOO_LONG: the comment is longer than
 *   %AWARENESS_CHECKLIST_COMMENT_MAX characters
 * @AWARENESS_CHECKLIST_ERROR_INVALID_ANSWER: not an answer (yes, no or
 *   not applicable), or a comment that is not valid UTF-8
 * @AWARENESS_CHECKLIST_ERROR_INCOMPLETE: an item is not answered yet
 *
 * Why an answer to a checklist is refused.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_CHECKLIST_ERROR_UNKNOWN_ITEM,
  AWARENESS_CHECKLIST_ERROR_NOT_APPLICABLE_REFUSED,
  AWARENESS_CHECKLIST_ERROR_COMMENT_REQUIRED,
  AWARENESS_CHECKLIST_ERROR_COMMENT_TOO_LONG,
  AWARENESS_CHECKLIST_ERROR_INVALID_ANSWER,
  AWARENESS_CHECKLIST_ERROR_INCOMPLETE,
} AwarenessChecklistError;

AWARENESS_AVAILABLE_IN_ALL
GQuark                  awareness_checklist_error_quark       (void);

AWARENESS_AVAILABLE_IN_ALL
const char             *awareness_check_answer_to_string      (AwarenessCheckAnswer answer);
AWARENESS_AVAILABLE_IN_ALL
AwarenessCheckAnswer    awareness_check_answer_from_string    (const char          *text);

AWARENESS_AVAILABLE_IN_ALL
const char             *awareness_checklist_get_id            (AwarenessChecklist *self);
AWARENESS_AVAILABLE_IN_ALL
const char             *awareness_checklist_get_version       (AwarenessChecklist *self);
AWARENESS_AVAILABLE_IN_ALL
const char             *awareness_checklist_get_language      (AwarenessChecklist *self);
AWARENESS_AVAILABLE_IN_ALL
const char             *awareness_checklist_get_file          (AwarenessChecklist *self);
AWARENESS_AVAILABLE_IN_ALL
const char             *awareness_checklist_get_digest        (AwarenessChecklist *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean                awareness_checklist_get_sample        (AwarenessChecklist *self);
AWARENESS_AVAILABLE_IN_ALL
const char             *awareness_checklist_get_title         (AwarenessChecklist *self,
                                                               const char         *lang);
AWARENESS_AVAILABLE_IN_ALL
char                   *awareness_checklist_dup_guidance      (AwarenessChecklist *self,
                                                               const char         *lang,
                                                               AwarenessTextFormat format);
AWARENESS_AVAILABLE_IN_ALL
AwarenessPolicy        *awareness_checklist_get_policy        (AwarenessChecklist *self);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray              *awareness_checklist_get_items         (AwarenessChecklist *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessChecklistItem *awareness_checklist_lookup_item       (AwarenessChecklist *self,
                                                               const char         *id);
AWARENESS_AVAILABLE_IN_ALL
const AwarenessAssignment *awareness_checklist_get_assignment (AwarenessChecklist *self);
AWARENESS_AVAILABLE_IN_ALL
const AwarenessAssignment *awareness_checklist_get_effective_assignment
                                                              (AwarenessChecklist *self,
                                                               GHashTable         *overrides);

AWARENESS_AVAILABLE_IN_ALL
const char             *awareness_checklist_item_get_id       (AwarenessChecklistItem *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessChecklist     *awareness_checklist_item_get_checklist (AwarenessChecklistItem *self);
AWARENESS_AVAILABLE_IN_ALL
char                   *awareness_checklist_item_dup_text     (AwarenessChecklistItem *self,
                                                               const char             *lang,
                                                               AwarenessTextFormat     format);
AWARENESS_AVAILABLE_IN_ALL
char                   *awareness_checklist_item_dup_guidance (AwarenessChecklistItem *self,
                                                               const char             *lang,
                                                               AwarenessTextFormat     format);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray              *awareness_checklist_item_get_clauses  (AwarenessChecklistItem *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean                awareness_checklist_item_get_allows_not_applicable
                                                              (AwarenessChecklistItem *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean                awareness_checklist_item_get_comment_required
                                                              (AwarenessChecklistItem *self,
                                                               AwarenessCheckAnswer    answer);
AWARENESS_AVAILABLE_IN_ALL
gboolean                awareness_checklist_item_check_answer (AwarenessChecklistItem *self,
                                                               AwarenessCheckAnswer    answer,
                                                               const char             *comment,
                                                               GError                **error);

G_END_DECLS
