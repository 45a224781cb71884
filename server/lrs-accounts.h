/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-store.h"

G_BEGIN_DECLS

gboolean lrs_account_create (LrsStore          *store,
                             const guchar      *server_key,
                             const LrsAccount  *fields,
                             char             **key,
                             char             **secret,
                             GError           **error);

G_END_DECLS
