/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-version-macros.h"
#include <gio/gio.h>

#include "awareness-client.h"
#include "awareness-store.h"

G_BEGIN_DECLS

#define AWARENESS_SYNC_ERROR (awareness_sync_error_quark ())

/**
 * AwarenessSyncError:
 * @AWARENESS_SYNC_ERROR_UNREACHABLE: the server could not be reached or
 *   kept failing; what is left stays pending for the next sync
 * @AWARENESS_SYNC_ERROR_REFUSED: the server refused the credential (401)
 *   or the account's right to record (403); the sync stopped
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_SYNC_ERROR_UNREACHABLE,
  AWARENESS_SYNC_ERROR_REFUSED,
} AwarenessSyncError;

/**
 * AwarenessSyncOptions:
 * @batch_size: statements per POST (50)
 * @max_tries: tries of one request before the sync gives up for now (6)
 * @base_delay_ms: the first wait before a retry, doubled each time, with
 *   jitter (500)
 * @max_delay_ms: the longest wait (30000)
 * @timeout_s: the longest one request may take (60)
 * @staff_id: (nullable): the signed-in account's name; statements of
 *   another actor are left for that account to send
 * @home_page: (nullable): the signed-in account's home page
 *
 * Since: 0.2
 */
typedef struct {
  guint       batch_size;
  guint       max_tries;
  guint       base_delay_ms;
  guint       max_delay_ms;
  guint       timeout_s;
  const char *staff_id;
  const char *home_page;
} AwarenessSyncOptions;

/**
 * AwarenessSyncSummary:
 * @sent: statements the server stored now
 * @already: statements the server held already, with the same content
 * @rejected: statements the server refused, put aside with its message
 * @remaining: statements still pending
 * @retries: requests tried again after a failure
 * @pulled: results made on other machines, fetched from the server
 * @foreign: statements of another account, left pending for it
 *
 * Since: 0.2
 */
typedef struct {
  guint sent;
  guint already;
  guint rejected;
  guint remaining;
  guint retries;
  guint pulled;
  guint foreign;
} AwarenessSyncSummary;

/**
 * AwarenessSyncProgress:
 * @done: statements dealt with so far
 * @total: statements to deal with in this sync
 * @user_data: the data given with the callback
 *
 * Since: 0.2
 */
typedef void (*AwarenessSyncProgress) (guint    done,
                                       guint    total,
                                       gpointer user_data);

AWARENESS_AVAILABLE_IN_ALL
GQuark   awareness_sync_error_quark   (void);
AWARENESS_AVAILABLE_IN_ALL
void     awareness_sync_options_init  (AwarenessSyncOptions *options);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_sync_run           (AwarenessStore             *store,
                                       AwarenessClient            *client,
                                       const AwarenessConfig      *config,
                                       const AwarenessSyncOptions *options,
                                       AwarenessSyncProgress       progress,
                                       gpointer                    progress_data,
                                       AwarenessSyncSummary       *summary,
                                       char                      **changes,
                                       GCancellable               *cancellable,
                                       GError                    **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_sync_push          (AwarenessStore             *store,
                                       AwarenessClient            *client,
                                       const AwarenessSyncOptions *options,
                                       AwarenessSyncProgress       progress,
                                       gpointer                    progress_data,
                                       AwarenessSyncSummary       *summary,
                                       GCancellable               *cancellable,
                                       GError                    **error);

AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_sync_pull          (AwarenessStore             *store,
                                       AwarenessClient            *client,
                                       const AwarenessSyncOptions *options,
                                       const char                 *user,
                                       const char                 *home_page,
                                       AwarenessSyncSummary       *summary,
                                       GCancellable               *cancellable,
                                       GError                    **error);

AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_sync_content       (AwarenessClient            *client,
                                       const char * const         *trusted_keys,
                                       const char                 *root,
                                       char                      **changes,
                                       GCancellable               *cancellable,
                                       GError                    **error);

AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_sync_assignments   (AwarenessClient            *client,
                                       const char                 *path,
                                       GCancellable               *cancellable,
                                       GError                    **error);

AWARENESS_AVAILABLE_IN_ALL
void     awareness_sync_push_async    (AwarenessStore             *store,
                                       const AwarenessConfig      *config,
                                       const AwarenessSyncOptions *options,
                                       GCancellable               *cancellable,
                                       GAsyncReadyCallback         callback,
                                       gpointer                    user_data);
AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_sync_push_finish   (GAsyncResult               *result,
                                       AwarenessSyncSummary       *summary,
                                       GError                    **error);

G_END_DECLS
