/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-store.h"

G_BEGIN_DECLS

/* A phishing-drill campaign: times in Unix seconds. */
typedef struct {
  char   *id;
  char   *template;        /* the drill template's id in the catalog */
  char   *audience;        /* everyone, department, role or segment */
  char   *audience_value;  /* "" for everyone */
  gint64  send_from;       /* messages go out at random times in */
  gint64  send_until;      /* [send_from, send_until) */
  gint64  ends;            /* clicks and reports count until then */
  guint   follow_up_days;  /* a click assigns the follow-up, due in these days */
  char   *state;           /* preparing, scheduled or cancelled */
  gint64  created;
  char   *created_by;
  GStrv   excluded;        /* staff ids left out (leave, long absence) */
} LrsDrill;

typedef struct {
  char   *drill;
  char   *staff_id;
  char   *department;      /* as when the drill was made */
  gint64  send_at;
  gint64  sent_at;         /* 0 until sent */
  gint64  clicked_at;      /* 0: no deliberate click */
  gint64  reported_at;     /* 0: not reported */
  guint   scans;           /* fetches of the first URL, not counted as clicks */
  char   *failure;         /* the last sending failure, or "" */
} LrsDrillRecipient;

/* The follow-up module a deliberate click assigns to that person. */
typedef struct {
  char   *drill;
  char   *staff_id;
  char   *module;          /* the module's id */
  gint64  assigned_at;     /* the click; only a pass after it completes it */
  char   *due;             /* YYYY-MM-DD */
} LrsFollowUp;

/* The PostgreSQL migration that makes the drills' tables. */
extern const char lrs_drills_pg_migration[];

void       lrs_drill_free                  (LrsDrill          *drill);
void       lrs_follow_up_free              (LrsFollowUp       *follow_up);
void       lrs_drill_recipient_free        (LrsDrillRecipient *recipient);

gboolean   lrs_drills_store_init           (LrsStore          *store,
                                            GError           **error);
gboolean   lrs_drills_store_create         (LrsStore          *store,
                                            const LrsDrill    *drill,
                                            GPtrArray         *recipients,
                                            GError           **error);
GPtrArray *lrs_drills_store_list           (LrsStore          *store,
                                            GError           **error);
LrsDrill  *lrs_drills_store_get            (LrsStore          *store,
                                            const char        *id,
                                            GError           **error);
gboolean   lrs_drills_store_cancel         (LrsStore          *store,
                                            const char        *id,
                                            GError           **error);
GPtrArray *lrs_drills_store_recipients     (LrsStore          *store,
                                            const char        *id,
                                            GError           **error);
GPtrArray *lrs_drills_store_due            (LrsStore          *store,
                                            gint64             now,
                                            GError           **error);
gboolean   lrs_drills_store_mark_sent      (LrsStore          *store,
                                            const char        *drill,
                                            const char        *staff_id,
                                            const char        *token_hash,
                                            gint64             sent_at,
                                            const char        *failure,
                                            GError           **error);
gboolean   lrs_drills_store_set_stopped    (LrsStore          *store,
                                            gboolean           stopped,
                                            GError           **error);
gboolean   lrs_drills_store_get_stopped    (LrsStore          *store,
                                            gboolean          *stopped,
                                            GError           **error);

LrsDrillRecipient *lrs_drills_store_lookup_token (LrsStore                *store,
                                                 const char              *token_hash,
                                                 LrsDrill               **drill,
                                                 GError                 **error);
gboolean   lrs_drills_store_add_scan       (LrsStore                *store,
                                            const LrsDrillRecipient *recipient,
                                            GError                 **error);
gboolean   lrs_drills_store_set_clicked    (LrsStore                *store,
                                            const LrsDrillRecipient *recipient,
                                            gint64                   at,
                                            gboolean                *first,
                                            GError                 **error);
gboolean   lrs_drills_store_set_reported   (LrsStore                *store,
                                            const LrsDrillRecipient *recipient,
                                            gint64                   at,
                                            gboolean                *first,
                                            GError                 **error);
GPtrArray *lrs_drills_store_sent_to        (LrsStore                *store,
                                            const char              *staff_id,
                                            gint64                   now,
                                            GError                 **error);

gboolean   lrs_drills_store_assign_follow_up (LrsStore          *store,
                                              const LrsFollowUp *follow_up,
                                              GError           **error);
GPtrArray *lrs_drills_store_follow_ups     (LrsStore                *store,
                                            const char              *staff_id,
                                            GError                 **error);
gboolean   lrs_drills_store_purge          (LrsStore                *store,
                                            gint64                   before,
                                            guint                   *removed,
                                            GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsDrill, lrs_drill_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsFollowUp, lrs_follow_up_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsDrillRecipient, lrs_drill_recipient_free)

G_END_DECLS
