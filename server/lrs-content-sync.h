/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-server.h"

G_BEGIN_DECLS

void lrs_content_sync       (Lrs *lrs);
void lrs_content_sync_start (Lrs *lrs);

G_END_DECLS
