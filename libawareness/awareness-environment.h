/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <glib.h>

#include "awareness-sync.h"

G_BEGIN_DECLS

char       *awareness_dup_default_store_path         (void);
char       *awareness_dup_default_user               (void);
char       *awareness_dup_default_account_home_page  (void);
char       *awareness_dup_default_config_path        (void);
char       *awareness_dup_default_content_dir        (void);
char       *awareness_dup_content_install_root       (void);
char       *awareness_dup_assignments_path           (void);
const char *awareness_get_locale_dir                 (void);
void        awareness_get_today                      (GDate                *today);
void        awareness_sync_options_apply_environment (AwarenessSyncOptions *options);

G_END_DECLS
