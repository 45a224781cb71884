/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-server-private.h"

G_BEGIN_DECLS

LrsDashboard *lrs_dashboard_new                (Lrs               *lrs);
void          lrs_dashboard_free               (LrsDashboard      *self);
gboolean      lrs_dashboard_has_session_cookie (SoupServerMessage *msg);
LrsAccount   *lrs_dashboard_authenticate       (Lrs               *lrs,
                                                SoupServerMessage *msg);

G_END_DECLS
