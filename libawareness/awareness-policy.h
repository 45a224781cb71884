/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"

G_BEGIN_DECLS

#define AWARENESS_TYPE_POLICY (awareness_policy_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessPolicy, awareness_policy, AWARENESS, POLICY, GObject)

#define AWARENESS_TYPE_CLAUSE (awareness_clause_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessClause, awareness_clause, AWARENESS, CLAUSE, GObject)

AWARENESS_AVAILABLE_IN_ALL
const char      *awareness_policy_get_id          (AwarenessPolicy *self);
AWARENESS_AVAILABLE_IN_ALL
const char      *awareness_policy_get_version     (AwarenessPolicy *self);
AWARENESS_AVAILABLE_IN_ALL
const char      *awareness_policy_get_language    (AwarenessPolicy *self);
AWARENESS_AVAILABLE_IN_ALL
const char      *awareness_policy_get_title       (AwarenessPolicy *self,
                                                   const char      *lang);
AWARENESS_AVAILABLE_IN_ALL
const char      *awareness_policy_get_issued      (AwarenessPolicy *self,
                                                   const char      *lang);
AWARENESS_AVAILABLE_IN_ALL
char           **awareness_policy_dup_preamble    (AwarenessPolicy    *self,
                                                   const char         *lang,
                                                   AwarenessTextFormat format);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray       *awareness_policy_get_parts       (AwarenessPolicy *self);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray       *awareness_policy_get_clauses     (AwarenessPolicy *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessClause *awareness_policy_lookup_clause   (AwarenessPolicy *self,
                                                   const char      *id);

AWARENESS_AVAILABLE_IN_ALL
const char      *awareness_clause_get_id          (AwarenessClause *self);
AWARENESS_AVAILABLE_IN_ALL
const char      *awareness_clause_get_number      (AwarenessClause *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessClause *awareness_clause_get_parent      (AwarenessClause *self);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray       *awareness_clause_get_children    (AwarenessClause *self);
AWARENESS_AVAILABLE_IN_ALL
guint            awareness_clause_get_depth       (AwarenessClause *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean         awareness_clause_get_staff       (AwarenessClause *self);
AWARENESS_AVAILABLE_IN_ALL
const char      *awareness_clause_get_title       (AwarenessClause *self,
                                                   const char      *lang);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_clause_dup_label       (AwarenessClause *self,
                                                   const char      *lang);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_clause_dup_citation    (AwarenessClause *self,
                                                   const char      *lang);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_format_citation        (const char      *label,
                                                   const char      *title);
AWARENESS_AVAILABLE_IN_ALL
char           **awareness_clause_dup_paragraphs  (AwarenessClause    *self,
                                                   const char         *lang,
                                                   AwarenessTextFormat format);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_clause_dup_text        (AwarenessClause    *self,
                                                   const char         *lang,
                                                   AwarenessTextFormat format);
AWARENESS_AVAILABLE_IN_ALL
gboolean         awareness_clause_is_ancestor_of  (AwarenessClause *self,
                                                   AwarenessClause *descendant);

G_END_DECLS
