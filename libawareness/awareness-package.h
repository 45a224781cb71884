/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-version-macros.h"
#include <gio/gio.h>

G_BEGIN_DECLS

#define AWARENESS_PACKAGE_ERROR (awareness_package_error_quark ())

/**
 * AwarenessPackageError:
 * @AWARENESS_PACKAGE_ERROR_KEY: a key file is not an Ed25519 key of ours
 * @AWARENESS_PACKAGE_ERROR_MALFORMED: not a content package, truncated or
 *   damaged
 * @AWARENESS_PACKAGE_ERROR_UNTRUSTED: signed by a key this machine does
 *   not trust
 * @AWARENESS_PACKAGE_ERROR_SIGNATURE: the signature does not match: the
 *   package was changed after it was signed
 * @AWARENESS_PACKAGE_ERROR_UNSAFE: an entry would escape the content
 *   directory, is a link, or is over the size limits
 * @AWARENESS_PACKAGE_ERROR_INVALID: the content does not validate
 * @AWARENESS_PACKAGE_ERROR_INSTALL: the content could not be installed
 * @AWARENESS_PACKAGE_ERROR_OLDER: the package was signed before the content
 *   installed now
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_PACKAGE_ERROR_KEY,
  AWARENESS_PACKAGE_ERROR_MALFORMED,
  AWARENESS_PACKAGE_ERROR_UNTRUSTED,
  AWARENESS_PACKAGE_ERROR_SIGNATURE,
  AWARENESS_PACKAGE_ERROR_UNSAFE,
  AWARENESS_PACKAGE_ERROR_INVALID,
  AWARENESS_PACKAGE_ERROR_INSTALL,
  AWARENESS_PACKAGE_ERROR_OLDER,
} AwarenessPackageError;

/**
 * AwarenessPackage:
 *
 * A signed content package, opened with awareness_package_open() once its
 * signature and digests are checked.
 *
 * Since: 0.2
 */
typedef struct _AwarenessPackage AwarenessPackage;

AWARENESS_AVAILABLE_IN_ALL
GQuark            awareness_package_error_quark  (void);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_package_keygen       (char             **public_key,
                                                  char             **secret_key);
AWARENESS_AVAILABLE_IN_ALL
GBytes           *awareness_package_build        (const char        *content_dir,
                                                  const char        *secret_key,
                                                  GPtrArray        **problems,
                                                  GError           **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessPackage *awareness_package_open         (GBytes            *data,
                                                  const char * const *trusted_keys,
                                                  GError           **error);
AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_package_get_key      (AwarenessPackage  *self);
AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_package_get_digest   (AwarenessPackage  *self);
AWARENESS_AVAILABLE_IN_ALL
guint             awareness_package_get_n_files  (AwarenessPackage  *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_package_unpack       (AwarenessPackage  *self,
                                                  const char        *directory,
                                                  GError           **error);
AWARENESS_AVAILABLE_IN_ALL
gint64            awareness_package_get_created  (AwarenessPackage  *self);
AWARENESS_AVAILABLE_IN_ALL
void              awareness_package_set_allow_older (AwarenessPackage *self,
                                                   gboolean          allow);
AWARENESS_AVAILABLE_IN_ALL
char             *awareness_package_install      (AwarenessPackage  *self,
                                                  const char        *root,
                                                  GPtrArray        **problems,
                                                  GError           **error);
AWARENESS_AVAILABLE_IN_ALL
void              awareness_package_free         (AwarenessPackage  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessPackage, awareness_package_free)

G_END_DECLS
