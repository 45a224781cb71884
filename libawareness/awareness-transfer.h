/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-version-macros.h"
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AWARENESS_TRANSFER_ERROR (awareness_transfer_error_quark ())

/**
 * AwarenessTransferError:
 * @AWARENESS_TRANSFER_ERROR_MALFORMED: not a transfer file, or damaged
 * @AWARENESS_TRANSFER_ERROR_TAMPERED: the file was changed after it was
 *   written, or written with another account's key
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_TRANSFER_ERROR_MALFORMED,
  AWARENESS_TRANSFER_ERROR_TAMPERED,
} AwarenessTransferError;

/**
 * AwarenessTransfer:
 * @account_key: the key of the account whose records these are
 * @staff_id: the account's staff id
 * @home_page: the account's home page
 * @created: when the file was written
 * @statements: the statements, as JSON nodes
 *
 * A file that carries the records of a machine in an isolated network
 * segment to a connected one; authenticated with a key derived from the
 * account's secret, so that a change on the way is detected.
 *
 * Since: 0.2
 */
typedef struct {
  char      *account_key;
  char      *staff_id;
  char      *home_page;
  char      *created;
  GPtrArray *statements;
  /*< private >*/
  char      *payload;
  char      *mac;
} AwarenessTransfer;

AWARENESS_AVAILABLE_IN_ALL
GQuark             awareness_transfer_error_quark (void);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_transfer_derive_key  (const char        *secret);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_transfer_write       (const char        *account_key,
                                                   const char        *staff_id,
                                                   const char        *home_page,
                                                   GPtrArray         *statements,
                                                   const char        *transfer_key);
AWARENESS_AVAILABLE_IN_ALL
AwarenessTransfer *awareness_transfer_read        (const char        *data,
                                                   gsize              length,
                                                   GError           **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean           awareness_transfer_verify      (AwarenessTransfer *self,
                                                   const char        *transfer_key,
                                                   GError           **error);
AWARENESS_AVAILABLE_IN_ALL
void               awareness_transfer_free        (AwarenessTransfer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessTransfer, awareness_transfer_free)

G_END_DECLS
