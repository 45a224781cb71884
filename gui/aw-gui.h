/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "awareness.h"

G_BEGIN_DECLS

/* What every page of the app works on: the content, the learner's
 * records, and who the learner is. */
typedef struct {
  gatomicrefcount   ref_count;
  AwarenessCatalog *catalog;
  AwarenessStore   *store;
  char             *store_path;
  char             *user;
  const char       *lang;
} AwContext;

AwContext *aw_context_new   (GError          **error);
AwContext *aw_context_ref   (AwContext *self);
void              aw_context_unref (AwContext *self);
void              aw_context_reload_user (AwContext *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwContext, aw_context_unref)

/* Shared pieces of the interface. */
GtkWidget *aw_clause_view_new     (AwarenessClause   *clause,
                                          const char        *lang,
                                          gboolean           with_children);
void       aw_show_clause         (GtkWidget         *parent,
                                          AwarenessClause   *clause,
                                          const char        *lang);
GtkWidget *aw_wrapped_label_new   (const char        *text,
                                   const char        *css_class);
GtkWidget *aw_clause_buttons_new  (GPtrArray         *clauses,
                                   const char        *lang);
GtkWidget *aw_feedback_row_new    (AwarenessAttempt  *attempt,
                                          guint              index,
                                          const char        *lang);
GtkWidget *aw_recorded_row_new    (AwarenessReviewQuestion *question,
                                          guint                    index,
                                          const char              *lang);
GtkWidget *aw_exhibit_view_new    (AwarenessExhibit  *exhibit,
                                          const char        *lang);
GtkWidget *aw_policy_view_new     (AwarenessPolicy   *policy,
                                          const char        *lang);

G_END_DECLS
