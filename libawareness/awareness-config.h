/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-version-macros.h"
#include <glib.h>

G_BEGIN_DECLS

#define AWARENESS_CONFIG_ERROR (awareness_config_error_quark ())

/**
 * AwarenessConfigError:
 * @AWARENESS_CONFIG_ERROR_INVALID: the configuration file is malformed or
 *   holds a value that cannot be used
 * @AWARENESS_CONFIG_ERROR_NOT_SIGNED_IN: no server or no credential is
 *   configured
 * @AWARENESS_CONFIG_ERROR_SECRET: the secret could not be kept or read
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_CONFIG_ERROR_INVALID,
  AWARENESS_CONFIG_ERROR_NOT_SIGNED_IN,
  AWARENESS_CONFIG_ERROR_SECRET,
} AwarenessConfigError;

/**
 * AwarenessConfig:
 * @path: the file it was read from and is saved to
 * @server_url: (nullable): the xAPI endpoint of the city's server, ending
 *   in a slash, such as `https://lrs.city.example/xapi/`
 * @account_key: (nullable): the key of the account, as HTTP Basic's user
 * @staff_id: (nullable): the account's name in statements
 * @home_page: (nullable): the account's home page in statements
 * @ca_file: (nullable): PEM file of the certificate authorities to trust
 *   instead of the system's (a city's private CA)
 * @pinned_key: (nullable): the server's public key pin, as libcurl takes
 *   it (`sha256//BASE64`)
 * @allow_http_loopback: accept `http://` to a loopback address (for
 *   development only)
 * @trusted_keys: (nullable) (array zero-terminated=1): the public keys
 *   whose content packages this machine installs
 * @department: (nullable): the signed-in account's department, as the
 *   server said at sign-in (for the modules required of it)
 * @role: (nullable): its role
 * @segment: (nullable): the network segment of its terminal
 * @start_date: (nullable): the day its holder started, YYYY-MM-DD
 * @offline_chosen: the learner chose to work without a server (the
 *   desktop app keeps it here when its settings do not last, as on thin
 *   clients without a session bus)
 *
 * The configuration shared by the command line and the desktop app.  The
 * secret is never in it: see awareness_config_store_secret().
 *
 * Since: 0.2
 */
typedef struct {
  char    *path;
  char    *server_url;
  char    *account_key;
  char    *staff_id;
  char    *home_page;
  char    *ca_file;
  char    *pinned_key;
  gboolean allow_http_loopback;
  char   **trusted_keys;
  char    *department;
  char    *role;
  char    *segment;
  char    *start_date;
  gboolean offline_chosen;
} AwarenessConfig;

AWARENESS_AVAILABLE_IN_ALL
GQuark           awareness_config_error_quark   (void);
AWARENESS_AVAILABLE_IN_ALL
AwarenessConfig *awareness_config_load          (const char             *path,
                                                 GError                **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean         awareness_config_save          (const AwarenessConfig  *self,
                                                 GError                **error);
AWARENESS_AVAILABLE_IN_ALL
void             awareness_config_free          (AwarenessConfig        *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean         awareness_config_check_url     (const char             *url,
                                                 gboolean                allow_http_loopback,
                                                 GError                **error);

AWARENESS_AVAILABLE_IN_ALL
gboolean         awareness_config_store_secret  (const AwarenessConfig  *self,
                                                 const char             *secret,
                                                 GError                **error);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_config_lookup_secret (const AwarenessConfig  *self,
                                                 GError                **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean         awareness_config_clear_secret  (const AwarenessConfig  *self,
                                                 GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessConfig, awareness_config_free)

G_END_DECLS
