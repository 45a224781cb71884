/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "awareness-gui.h"
#include "awareness-trainer.h"

G_BEGIN_DECLS

/**
 * AwarenessSyncStatus:
 * @AWARENESS_SYNC_STATUS_OFFLINE: not connected to a server
 * @AWARENESS_SYNC_STATUS_SYNCING: a sync is running
 * @AWARENESS_SYNC_STATUS_SYNCED: every record has reached the server
 * @AWARENESS_SYNC_STATUS_PENDING: records wait, after a sync that failed
 */
typedef enum {
  AWARENESS_SYNC_STATUS_OFFLINE,
  AWARENESS_SYNC_STATUS_SYNCING,
  AWARENESS_SYNC_STATUS_SYNCED,
  AWARENESS_SYNC_STATUS_PENDING,
} AwarenessSyncStatus;

#define AWARENESS_TYPE_WINDOW (awareness_window_get_type ())
G_DECLARE_FINAL_TYPE (AwarenessWindow, awareness_window, AWARENESS, WINDOW, AdwApplicationWindow)

AwarenessWindow    *awareness_window_new             (GtkApplication   *application,
                                                      AwarenessContext *context);
AwarenessContext   *awareness_window_get_context     (AwarenessWindow  *self);
AwarenessTrainer   *awareness_window_get_trainer     (AwarenessWindow  *self);
const char         *awareness_window_get_page        (AwarenessWindow  *self);
GtkListBox         *awareness_window_get_review_list (AwarenessWindow  *self);
AwarenessSyncStatus awareness_window_get_sync_status (AwarenessWindow  *self);
const char         *awareness_window_get_sync_text   (AwarenessWindow  *self);
gboolean            awareness_window_open_module     (AwarenessWindow  *self,
                                                      const char       *module_id);
void                awareness_window_show_review     (AwarenessWindow  *self,
                                                      const char       *attempt_id);
void                awareness_window_refresh         (AwarenessWindow  *self);
void                awareness_window_sync            (AwarenessWindow  *self);
void                awareness_window_toast           (AwarenessWindow  *self,
                                                      const char       *message);
void                awareness_show_about             (GtkWindow        *parent);
GtkWidget          *awareness_preferences_new        (AwarenessWindow  *window);

G_END_DECLS
