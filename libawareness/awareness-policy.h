/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"

G_BEGIN_DECLS

#define AWARENESS_TYPE_POLICY (awareness_policy_get_type ())
G_DECLARE_FINAL_TYPE (AwarenessPolicy, awareness_policy, AWARENESS, POLICY, GObject)

#define AWARENESS_TYPE_CLAUSE (awareness_clause_get_type ())
G_DECLARE_FINAL_TYPE (AwarenessClause, awareness_clause, AWARENESS, CLAUSE, GObject)

const char      *awareness_policy_get_id          (AwarenessPolicy *self);
const char      *awareness_policy_get_version     (AwarenessPolicy *self);
const char      *awareness_policy_get_language    (AwarenessPolicy *self);
const char      *awareness_policy_get_title       (AwarenessPolicy *self,
                                                   const char      *lang);
const char      *awareness_policy_get_issued      (AwarenessPolicy *self,
                                                   const char      *lang);
char           **awareness_policy_dup_preamble    (AwarenessPolicy    *self,
                                                   const char         *lang,
                                                   AwarenessTextFormat format);
GPtrArray       *awareness_policy_get_parts       (AwarenessPolicy *self);
GPtrArray       *awareness_policy_get_clauses     (AwarenessPolicy *self);
AwarenessClause *awareness_policy_lookup_clause   (AwarenessPolicy *self,
                                                   const char      *id);

const char      *awareness_clause_get_id          (AwarenessClause *self);
const char      *awareness_clause_get_number      (AwarenessClause *self);
AwarenessClause *awareness_clause_get_parent      (AwarenessClause *self);
GPtrArray       *awareness_clause_get_children    (AwarenessClause *self);
guint            awareness_clause_get_depth       (AwarenessClause *self);
gboolean         awareness_clause_get_staff       (AwarenessClause *self);
const char      *awareness_clause_get_title       (AwarenessClause *self,
                                                   const char      *lang);
char            *awareness_clause_dup_label       (AwarenessClause *self,
                                                   const char      *lang);
char            *awareness_clause_dup_citation    (AwarenessClause *self,
                                                   const char      *lang);
char            *awareness_format_citation        (const char      *label,
                                                   const char      *title);
char           **awareness_clause_dup_paragraphs  (AwarenessClause    *self,
                                                   const char         *lang,
                                                   AwarenessTextFormat format);
char            *awareness_clause_dup_text        (AwarenessClause    *self,
                                                   const char         *lang,
                                                   AwarenessTextFormat format);
gboolean         awareness_clause_is_ancestor_of  (AwarenessClause *self,
                                                   AwarenessClause *descendant);

G_END_DECLS
