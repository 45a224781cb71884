/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-drills-store.h"
#include "lrs-server.h"

G_BEGIN_DECLS

/* The results of a drill for one department, or the whole drill. */
typedef struct {
  char   *department;            /* NULL for the whole drill */
  guint   recipients;
  guint   sent;                  /* handed to the relay, at least tried */
  guint   delivered;             /* accepted by the relay */
  guint   clicked;
  guint   reported;
  guint   reported_before_click;
  gint64  first_report_seconds;  /* from the first message sent; -1: none */
} LrsDrillResult;

GPtrArray *lrs_drill_results        (GPtrArray      *recipients);
void       lrs_drill_result_free    (LrsDrillResult *result);
char      *lrs_drill_results_to_csv (GPtrArray      *results,
                                     gboolean        bom,
                                     gboolean        japanese);
char      *lrs_drill_token_hash     (const char     *token);
const char *lrs_drills_sender       (Lrs            *lrs);
gboolean   lrs_drills_deliver       (Lrs            *lrs,
                                     const char     *drill_id,
                                     const char     *staff_id,
                                     const char     *to,
                                     GBytes         *message,
                                     GError        **error);
int        lrs_drills_send_due      (Lrs            *lrs,
                                     gint64          now,
                                     const char     *from_address,
                                     GError        **error);
int        lrs_drills_tick          (Lrs            *lrs,
                                     gint64          now,
                                     GError        **error);
guint      lrs_drills_start_timer   (Lrs            *lrs);
gboolean   lrs_drills_assign_follow_up (Lrs                     *lrs,
                                        const LrsDrill          *drill,
                                        const LrsDrillRecipient *recipient,
                                        AwarenessDrill          *template,
                                        gint64                   now,
                                        GError                 **error);
GHashTable *lrs_drills_follow_ups_by_person (LrsStore    *store,
                                             const char  *staff_id,
                                             GError     **error);
char       *lrs_follow_up_key        (const char          *staff_id,
                                      const char          *module);
gboolean    lrs_follow_up_is_open    (const LrsFollowUp   *follow_up,
                                      gint64               pass_at);
void        lrs_follow_up_to_assignment (const LrsFollowUp   *follow_up,
                                         AwarenessAssignment *assignment);

G_END_DECLS
