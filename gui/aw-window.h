/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aw-gui.h"
#include "aw-trainer.h"
#include "aw-checklist-page.h"

G_BEGIN_DECLS

/**
 * AwSyncStatus:
 * @AW_SYNC_STATUS_OFFLINE: not connected to a server
 * @AW_SYNC_STATUS_SYNCING: a sync is running
 * @AW_SYNC_STATUS_SYNCED: every record has reached the server
 * @AW_SYNC_STATUS_PENDING: records wait, after a sync that failed
 */
typedef enum {
  AW_SYNC_STATUS_OFFLINE,
  AW_SYNC_STATUS_SYNCING,
  AW_SYNC_STATUS_SYNCED,
  AW_SYNC_STATUS_PENDING,
} AwSyncStatus;

#define AW_TYPE_WINDOW (aw_window_get_type ())
G_DECLARE_FINAL_TYPE (AwWindow, aw_window, AW, WINDOW, AdwApplicationWindow)

AwWindow    *aw_window_new             (GtkApplication   *application,
                                                      AwContext *context);
AwContext   *aw_window_get_context     (AwWindow  *self);
AwTrainer   *aw_window_get_trainer     (AwWindow  *self);
const char         *aw_window_get_page        (AwWindow  *self);
GtkListBox         *aw_window_get_review_list (AwWindow  *self);
AwSyncStatus aw_window_get_sync_status (AwWindow  *self);
const char         *aw_window_get_sync_text   (AwWindow  *self);
gboolean            aw_window_open_module     (AwWindow  *self,
                                                      const char       *module_id);
gboolean            aw_window_open_checklist  (AwWindow         *self,
                                               const char       *checklist_id);
AwChecklistPage    *aw_window_get_checklist_page (AwWindow       *self);
GtkListBox         *aw_window_get_checklist_list (AwWindow       *self);
void                aw_window_show_review     (AwWindow  *self,
                                                      const char       *attempt_id);
void                aw_window_refresh         (AwWindow  *self);
void                aw_window_sync            (AwWindow  *self);
void                aw_window_toast           (AwWindow  *self,
                                                      const char       *message);
void                aw_window_show_problem    (AwWindow         *self,
                                               const char       *message,
                                               const char       *button_label,
                                               const char       *action);
const char         *aw_window_get_problem     (AwWindow         *self);
void                aw_show_about             (GtkWindow        *parent);

G_END_DECLS
