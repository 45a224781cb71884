/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-server.h"

G_BEGIN_DECLS

gboolean lrs_content_publish (Lrs               *lrs,
                              SoupServerMessage *msg,
                              LrsAccount        *account,
                              GBytes            *bytes);

G_END_DECLS
