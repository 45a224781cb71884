/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"

G_BEGIN_DECLS

/**
 * AwarenessLintWarning:
 *
 * A question that breaks an item-writing rule, with the file, line and
 * column where it is.  Reference counted.
 *
 * Since: 0.2
 */
typedef struct _AwarenessLintWarning AwarenessLintWarning;

#define AWARENESS_TYPE_LINT_WARNING (awareness_lint_warning_get_type ())

AWARENESS_AVAILABLE_IN_ALL
GType                 awareness_lint_warning_get_type    (void) G_GNUC_CONST;
AWARENESS_AVAILABLE_IN_ALL
AwarenessLintWarning *awareness_lint_warning_ref         (AwarenessLintWarning *self);
AWARENESS_AVAILABLE_IN_ALL
void                  awareness_lint_warning_unref       (AwarenessLintWarning *self);
AWARENESS_AVAILABLE_IN_ALL
const char           *awareness_lint_warning_get_rule    (AwarenessLintWarning *self);
AWARENESS_AVAILABLE_IN_ALL
const char           *awareness_lint_warning_get_file    (AwarenessLintWarning *self);
AWARENESS_AVAILABLE_IN_ALL
guint                 awareness_lint_warning_get_line    (AwarenessLintWarning *self);
AWARENESS_AVAILABLE_IN_ALL
guint                 awareness_lint_warning_get_column  (AwarenessLintWarning *self);
AWARENESS_AVAILABLE_IN_ALL
const char           *awareness_lint_warning_get_message (AwarenessLintWarning *self);
AWARENESS_AVAILABLE_IN_ALL
char                 *awareness_lint_warning_to_string   (AwarenessLintWarning *self);

AWARENESS_AVAILABLE_IN_ALL
GPtrArray            *awareness_lint_catalog             (AwarenessCatalog     *catalog);
AWARENESS_AVAILABLE_IN_ALL
const char * const   *awareness_lint_get_rules           (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessLintWarning, awareness_lint_warning_unref)

G_END_DECLS
