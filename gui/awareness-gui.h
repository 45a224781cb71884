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
} AwarenessContext;

AwarenessContext *awareness_context_new   (GError          **error);
AwarenessContext *awareness_context_ref   (AwarenessContext *self);
void              awareness_context_unref (AwarenessContext *self);
void              awareness_context_reload_user (AwarenessContext *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessContext, awareness_context_unref)

/* Shared pieces of the interface. */
char      *awareness_gui_format_date     (GDateTime         *when);
char      *awareness_gui_format_percent  (guint              score,
                                          guint              max);
const char *awareness_gui_state_label    (AwarenessAttemptState state);
GtkWidget *awareness_clause_view_new     (AwarenessClause   *clause,
                                          const char        *lang,
                                          gboolean           with_children);
void       awareness_show_clause         (GtkWidget         *parent,
                                          AwarenessClause   *clause,
                                          const char        *lang);
GtkWidget *awareness_feedback_row_new    (AwarenessAttempt  *attempt,
                                          guint              index,
                                          const char        *lang);
GtkWidget *awareness_recorded_row_new    (AwarenessReviewQuestion *question,
                                          guint                    index);
GtkWidget *awareness_policy_view_new     (AwarenessPolicy   *policy,
                                          const char        *lang);

G_END_DECLS
