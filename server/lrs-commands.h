/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-config.h"
#include "lrs-store.h"

G_BEGIN_DECLS

int lrs_command_init        (LrsConfig  *config);
int lrs_command_add_account (LrsConfig  *config,
                             const char *staff_id,
                             const char *name,
                             const char *department,
                             LrsRole     role);
int lrs_command_migrate     (const char *from,
                             const char *to);

G_END_DECLS
