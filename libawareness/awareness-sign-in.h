/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <gio/gio.h>

#include "awareness-config.h"
#include "awareness-store.h"
#include "awareness-version-macros.h"

G_BEGIN_DECLS

AWARENESS_AVAILABLE_IN_ALL
gboolean awareness_sign_in (AwarenessConfig *config,
                            const char      *secret,
                            AwarenessStore  *store,
                            gint64          *adopted,
                            GCancellable    *cancellable,
                            GError         **error);

G_END_DECLS
