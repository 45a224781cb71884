/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"
#include "awareness-schedule.h"

G_BEGIN_DECLS

#define AWARENESS_TYPE_MODULE (awareness_module_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessModule, awareness_module, AWARENESS, MODULE, GObject)

#define AWARENESS_TYPE_LESSON (awareness_lesson_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessLesson, awareness_lesson, AWARENESS, LESSON, GObject)

/**
 * AwarenessBlockKind:
 * @AWARENESS_BLOCK_PARAGRAPH: a paragraph of text
 * @AWARENESS_BLOCK_LIST: a list of items
 * @AWARENESS_BLOCK_CITE: a quotation of a policy clause, in the policy's words
 *
 * The kinds of block a lesson is made of.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_BLOCK_PARAGRAPH,
  AWARENESS_BLOCK_LIST,
  AWARENESS_BLOCK_CITE,
} AwarenessBlockKind;

AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_module_get_id            (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_module_get_version       (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_module_get_language      (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_module_get_file          (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_module_get_digest        (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_module_get_minutes       (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean           awareness_module_get_required      (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
const AwarenessAssignment *awareness_module_get_assignment (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
const AwarenessAssignment *awareness_module_get_effective_assignment (AwarenessModule *self,
                                                                      GHashTable      *overrides);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_module_get_title         (AwarenessModule *self,
                                                       const char      *lang);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_module_get_summary       (AwarenessModule *self,
                                                       const char      *lang);
AWARENESS_AVAILABLE_IN_ALL
AwarenessPolicy   *awareness_module_get_policy        (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray         *awareness_module_get_lessons       (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessLesson   *awareness_module_lookup_lesson     (AwarenessModule *self,
                                                       const char      *id);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray         *awareness_module_get_questions     (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessQuestion *awareness_module_lookup_question   (AwarenessModule *self,
                                                       const char      *id);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_module_get_pass_percent  (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_module_get_draw          (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean           awareness_module_get_shuffle       (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_module_get_n_draw_groups (AwarenessModule *self);
AWARENESS_AVAILABLE_IN_ALL
gint               awareness_module_get_draw_group    (AwarenessModule   *self,
                                                       AwarenessQuestion *question,
                                                       AwarenessLesson  **lesson);

AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_lesson_get_id            (AwarenessLesson *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessModule   *awareness_lesson_get_module        (AwarenessLesson *self);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_lesson_get_title         (AwarenessLesson *self,
                                                       const char      *lang);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_lesson_get_n_blocks      (AwarenessLesson *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessBlockKind awareness_lesson_get_block_kind    (AwarenessLesson *self,
                                                       guint            index);
AWARENESS_AVAILABLE_IN_ALL
char             **awareness_lesson_dup_block_text    (AwarenessLesson    *self,
                                                       guint               index,
                                                       const char         *lang,
                                                       AwarenessTextFormat format);
AWARENESS_AVAILABLE_IN_ALL
AwarenessClause   *awareness_lesson_get_block_clause  (AwarenessLesson *self,
                                                       guint            index);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray         *awareness_lesson_get_clauses       (AwarenessLesson *self);

G_END_DECLS
