/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The security log: failed sign-ins, account changes, imports and
 * publishing, kept in the store and sent to the system log (see
 * lrs-security-log.c).
 */
#pragma once

#include "lrs-store.h"

G_BEGIN_DECLS

char       *lrs_escape_control            (const char *text);
const char *lrs_security_log_set_address  (const char *address);
void  lrs_security_log   (LrsStore   *store,
                          const char *event,
                          const char *actor,
                          const char *subject,
                          const char *detail_format,
                          ...) G_GNUC_PRINTF (5, 6);

G_END_DECLS
