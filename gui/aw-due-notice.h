/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aw-gui.h"

G_BEGIN_DECLS

/* What the due notification says, and what it opens: a “module” or a
 * “checklist”, by its id. */
typedef struct {
  char *kind;
  char *id;
  char *title;
  char *body;
} AwDueNotice;

AwDueNotice   *aw_due_notice_decide            (AwarenessProgress *progress,
                                                const GDate       *today,
                                                const char        *last_sent,
                                                const char        *lang);
GNotification *aw_due_notice_to_notification   (const AwDueNotice *self);
void           aw_due_notice_free              (AwDueNotice       *self);
void           aw_application_add_open_actions (GtkApplication    *application);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwDueNotice, aw_due_notice_free)

G_END_DECLS
