/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <glib.h>

#include "awareness-sync.h"
#include "awareness-version-macros.h"

G_BEGIN_DECLS

AWARENESS_AVAILABLE_IN_ALL
char       *awareness_dup_default_store_path         (void);
AWARENESS_AVAILABLE_IN_ALL
char       *awareness_dup_default_user               (void);
AWARENESS_AVAILABLE_IN_ALL
char       *awareness_dup_default_account_home_page  (void);
AWARENESS_AVAILABLE_IN_ALL
char       *awareness_dup_default_config_path        (void);
AWARENESS_AVAILABLE_IN_ALL
char       *awareness_dup_default_content_dir        (void);
AWARENESS_AVAILABLE_IN_ALL
char       *awareness_dup_content_install_root       (void);
AWARENESS_AVAILABLE_IN_ALL
char       *awareness_dup_assignments_path           (void);
AWARENESS_AVAILABLE_IN_ALL
const char *awareness_get_locale_dir                 (void);
AWARENESS_AVAILABLE_IN_ALL
void        awareness_get_today                      (GDate                *today);
AWARENESS_AVAILABLE_IN_ALL
void        awareness_sync_options_apply_environment (AwarenessSyncOptions *options);

G_END_DECLS
