/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-store.h"

G_BEGIN_DECLS

/* Advisory lock keys ("AWRN" and a number). */
#define LRS_PG_LOCK_MIGRATIONS G_GINT64_CONSTANT (0x4157524e0001)
#define LRS_PG_LOCK_STATEMENTS G_GINT64_CONSTANT (0x4157524e0002)

#define LRS_TYPE_PG_STORE (lrs_pg_store_get_type ())
G_DECLARE_FINAL_TYPE (LrsPgStore, lrs_pg_store, LRS, PG_STORE, GObject)

LrsStore *lrs_pg_store_new (const char  *uri,
                            GError     **error);

char     *lrs_pg_display_name (const char *uri);

G_END_DECLS
