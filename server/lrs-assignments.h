/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-store.h"

G_BEGIN_DECLS

GHashTable *lrs_assignments_load_overrides (LrsStore    *store,
                                            GError     **error);
gboolean    lrs_parse_today                (const char  *as_of,
                                            GDate       *today);

G_END_DECLS
