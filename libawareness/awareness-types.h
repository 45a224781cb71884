/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <glib-object.h>

#include "awareness-version-macros.h"

G_BEGIN_DECLS

typedef struct _AwarenessCatalog  AwarenessCatalog;
typedef struct _AwarenessChecklist AwarenessChecklist;
typedef struct _AwarenessChecklistItem AwarenessChecklistItem;
typedef struct _AwarenessChoice   AwarenessChoice;
typedef struct _AwarenessClause   AwarenessClause;
typedef struct _AwarenessInspection AwarenessInspection;
typedef struct _AwarenessLesson   AwarenessLesson;
typedef struct _AwarenessDrill    AwarenessDrill;
typedef struct _AwarenessModule   AwarenessModule;
typedef struct _AwarenessPolicy   AwarenessPolicy;
typedef struct _AwarenessProblem  AwarenessProblem;
typedef struct _AwarenessQuestion AwarenessQuestion;

/**
 * AwarenessTextFormat:
 * @AWARENESS_TEXT_FORMAT_PLAIN: plain text; clause references become their
 *   citation label, such as “第1章 5” or “Chapter 1, 5”.
 * @AWARENESS_TEXT_FORMAT_MARKUP: Pango markup, every value escaped.
 * @AWARENESS_TEXT_FORMAT_TERMINAL: plain text for a terminal: emphasis in
 *   bold, with the ECMA-48 escape sequences `ESC [1m` and `ESC [22m`.
 *
 * How rich text of the content is rendered.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_TEXT_FORMAT_PLAIN,
  AWARENESS_TEXT_FORMAT_MARKUP,
  AWARENESS_TEXT_FORMAT_TERMINAL,
} AwarenessTextFormat;

G_END_DECLS
