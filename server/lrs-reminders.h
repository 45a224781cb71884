/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reminders by e-mail: an administrator's run (POST /admin/reminders,
 * lrs-reminders.c) and the server's own daily run at [mail] remind-at
 * (lrs-reminder-schedule.c).
 */
#pragma once

#include "lrs-server.h"

G_BEGIN_DECLS

void     lrs_reminders_send            (Lrs         *lrs,
                                        gboolean     overdue,
                                        guint        within,
                                        const GDate *today,
                                        guint        then_within);
guint    lrs_reminder_schedule_delay   (int          remind_at,
                                        GDateTime   *now);
void     lrs_reminder_schedule_start   (Lrs         *lrs);
void     lrs_reminder_schedule_stop    (Lrs         *lrs);

G_END_DECLS
