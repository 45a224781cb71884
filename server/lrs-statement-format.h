/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *lrs_statement_format (const char *json,
                            const char *format,
                            const char *accept_language);

G_END_DECLS
