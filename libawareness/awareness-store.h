/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"
#include "awareness-attempt.h"

G_BEGIN_DECLS

#define AWARENESS_STORE_ERROR (awareness_store_error_quark ())

/**
 * AwarenessStoreError:
 * @AWARENESS_STORE_ERROR_OPEN: the database cannot be opened or created
 * @AWARENESS_STORE_ERROR_CORRUPT: the file is not an Awareness database,
 *   or is damaged; it is left as it is
 * @AWARENESS_STORE_ERROR_TOO_NEW: the database was made by a newer version
 *   of Awareness; it is left as it is
 * @AWARENESS_STORE_ERROR_QUERY: a query failed
 * @AWARENESS_STORE_ERROR_NOT_FOUND: no such attempt
 * @AWARENESS_STORE_ERROR_AMBIGUOUS: an id prefix matches several attempts
 * @AWARENESS_STORE_ERROR_STATE: the attempt is not in a state that allows
 *   this, such as finishing it twice
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_STORE_ERROR_OPEN,
  AWARENESS_STORE_ERROR_CORRUPT,
  AWARENESS_STORE_ERROR_TOO_NEW,
  AWARENESS_STORE_ERROR_QUERY,
  AWARENESS_STORE_ERROR_NOT_FOUND,
  AWARENESS_STORE_ERROR_AMBIGUOUS,
  AWARENESS_STORE_ERROR_STATE,
} AwarenessStoreError;

/**
 * AwarenessAttemptState:
 * @AWARENESS_ATTEMPT_STATE_NOT_STARTED: no attempt (status only)
 * @AWARENESS_ATTEMPT_STATE_IN_PROGRESS: begun, not finished
 * @AWARENESS_ATTEMPT_STATE_PASSED: finished and passed
 * @AWARENESS_ATTEMPT_STATE_FAILED: finished below the pass mark
 * @AWARENESS_ATTEMPT_STATE_ABANDONED: left unfinished because the module
 *   changed before it could be resumed
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_ATTEMPT_STATE_NOT_STARTED,
  AWARENESS_ATTEMPT_STATE_IN_PROGRESS,
  AWARENESS_ATTEMPT_STATE_PASSED,
  AWARENESS_ATTEMPT_STATE_FAILED,
  AWARENESS_ATTEMPT_STATE_ABANDONED,
} AwarenessAttemptState;

/**
 * AwarenessAttemptRecord:
 * @id: the attempt's UUID
 * @user: the learner
 * @module_id: the module
 * @module_version: the module's version when the attempt began
 * @content_digest: the SHA-256 digest of the module's file
 * @language: the language the attempt was taken in
 * @started: when it began
 * @finished: (nullable): when it was finished
 * @state: its state
 * @score: questions answered right (finished attempts)
 * @max_score: questions asked
 * @pass_percent: the pass mark it was judged by
 * @n_answered: questions answered so far
 *
 * An attempt as the store records it.
 *
 * Since: 0.2
 */
typedef struct {
  char                 *id;
  char                 *user;
  char                 *module_id;
  char                 *module_version;
  char                 *content_digest;
  char                 *language;
  GDateTime            *started;
  GDateTime            *finished;
  AwarenessAttemptState state;
  guint                 score;
  guint                 max_score;
  guint                 pass_percent;
  guint                 n_answered;
} AwarenessAttemptRecord;

#define AWARENESS_TYPE_ATTEMPT_RECORD (awareness_attempt_record_get_type ())
AWARENESS_AVAILABLE_IN_ALL
GType                   awareness_attempt_record_get_type  (void) G_GNUC_CONST;
AWARENESS_AVAILABLE_IN_ALL
AwarenessAttemptRecord *awareness_attempt_record_copy      (AwarenessAttemptRecord *self);
AWARENESS_AVAILABLE_IN_ALL
void                    awareness_attempt_record_free      (AwarenessAttemptRecord *self);
AWARENESS_AVAILABLE_IN_ALL
const char             *awareness_attempt_state_to_string  (AwarenessAttemptState   state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessAttemptRecord, awareness_attempt_record_free)

#define AWARENESS_TYPE_STORE (awareness_store_get_type ())
/**
 * AwarenessStore:
 *
 * A learner's records on this computer: attempts, answers and the outbox of
 * xAPI statements waiting for the server, in one SQLite file.
 *
 * Since: 0.2
 */
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessStore, awareness_store, AWARENESS, STORE, GObject)

#define AWARENESS_STORE_SCHEMA_VERSION 4

AWARENESS_AVAILABLE_IN_ALL
GQuark            awareness_store_error_quark        (void);
AWARENESS_AVAILABLE_IN_ALL
AwarenessStore   *awareness_store_new_for_path       (const char       *path,
                                                      GError          **error)
                                                      G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_store_get_path           (AwarenessStore   *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_begin_attempt      (AwarenessStore   *self,
                                                      AwarenessAttempt *attempt,
                                                      const char       *user,
                                                      const char       *lang,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_record_answer      (AwarenessStore   *self,
                                                      AwarenessAttempt *attempt,
                                                      const char       *question_id,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_finish_attempt     (AwarenessStore   *self,
                                                      AwarenessAttempt *attempt,
                                                      GPtrArray        *statements,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_abandon_attempt    (AwarenessStore   *self,
                                                      const char       *attempt_id,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessAttempt *awareness_store_resume_attempt     (AwarenessStore   *self,
                                                      AwarenessModule  *module,
                                                      const char       *user,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessAttempt *awareness_store_load_attempt       (AwarenessStore   *self,
                                                      AwarenessModule  *module,
                                                      const char       *attempt_id,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
char            **awareness_store_dup_last_questions (AwarenessStore   *self,
                                                      const char       *user,
                                                      const char       *module_id,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessAttemptState awareness_store_get_module_status (AwarenessStore          *self,
                                                         const char              *user,
                                                         const char              *module_id,
                                                         AwarenessAttemptRecord **record,
                                                         GError                 **error);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray        *awareness_store_list_attempts      (AwarenessStore   *self,
                                                      const char       *user,
                                                      const char       *module_id,
                                                      guint             limit,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessAttemptRecord *awareness_store_lookup_attempt (AwarenessStore *self,
                                                        const char     *id_or_prefix,
                                                        GError        **error);
AWARENESS_AVAILABLE_IN_ALL
char             *awareness_store_dup_presentation   (AwarenessStore   *self,
                                                      const char       *attempt_id,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
GHashTable       *awareness_store_dup_answers        (AwarenessStore   *self,
                                                      const char       *attempt_id,
                                                      GError          **error);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray        *awareness_store_dup_statements     (AwarenessStore   *self,
                                                      const char       *attempt_id,
                                                      GError          **error);
/**
 * AwarenessOutboxState:
 * @AWARENESS_OUTBOX_PENDING: waiting to be sent
 * @AWARENESS_OUTBOX_SENT: the server holds it
 * @AWARENESS_OUTBOX_REJECTED: the server refused it; put aside
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_OUTBOX_PENDING,
  AWARENESS_OUTBOX_SENT,
  AWARENESS_OUTBOX_REJECTED,
} AwarenessOutboxState;

/**
 * AwarenessOutboxItem:
 * @statement_id: the statement's id
 * @statement: the statement, as JSON
 * @state: where it stands
 * @tries: how many times sending it failed
 * @last_error: (nullable): why, the last time
 * @created: when it was recorded
 * @exported: (nullable): when it was written to a transfer file
 *
 * Since: 0.2
 */
typedef struct {
  char                *statement_id;
  char                *statement;
  AwarenessOutboxState state;
  guint                tries;
  char                *last_error;
  char                *created;
  char                *exported;
} AwarenessOutboxItem;

AWARENESS_AVAILABLE_IN_ALL
void              awareness_outbox_item_free         (AwarenessOutboxItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessOutboxItem, awareness_outbox_item_free)

AWARENESS_AVAILABLE_IN_ALL
GPtrArray        *awareness_store_list_outbox        (AwarenessStore       *self,
                                                      AwarenessOutboxState  state,
                                                      guint                 limit,
                                                      GError              **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_mark_sent          (AwarenessStore     *self,
                                                      const char * const *ids,
                                                      guint               n_ids,
                                                      GError            **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_mark_rejected      (AwarenessStore     *self,
                                                      const char         *id,
                                                      const char         *reason,
                                                      GError            **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_note_failure       (AwarenessStore     *self,
                                                      const char * const *ids,
                                                      guint               n_ids,
                                                      const char         *reason,
                                                      GError            **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_mark_exported      (AwarenessStore     *self,
                                                      const char * const *ids,
                                                      guint               n_ids,
                                                      GError            **error);
AWARENESS_AVAILABLE_IN_ALL
int               awareness_store_merge_result       (AwarenessStore               *self,
                                                      const AwarenessAttemptRecord *record,
                                                      GError                      **error);
AWARENESS_AVAILABLE_IN_ALL
gint64            awareness_store_adopt              (AwarenessStore     *self,
                                                      const char         *old_user,
                                                      const char         *old_home_page,
                                                      const char         *new_user,
                                                      const char         *new_home_page,
                                                      GError            **error);
AWARENESS_AVAILABLE_IN_ALL
gint64            awareness_store_count_pending      (AwarenessStore   *self,
                                                      GError          **error);

/**
 * AwarenessDelivery:
 * @AWARENESS_DELIVERY_NONE: nothing to send: the attempt is not finished
 * @AWARENESS_DELIVERY_WAITING: waiting to be sent to the server
 * @AWARENESS_DELIVERY_EXPORTED: written to a transfer file, waiting for
 *   the server to confirm it
 * @AWARENESS_DELIVERY_SENT: the server holds it
 * @AWARENESS_DELIVERY_REJECTED: the server refused some of it
 *
 * Whether an attempt's result has reached the server.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_DELIVERY_NONE,
  AWARENESS_DELIVERY_WAITING,
  AWARENESS_DELIVERY_EXPORTED,
  AWARENESS_DELIVERY_SENT,
  AWARENESS_DELIVERY_REJECTED,
} AwarenessDelivery;

AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_get_delivery       (AwarenessStore     *self,
                                                      const char         *attempt_id,
                                                      AwarenessDelivery  *delivery,
                                                      GError            **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_store_check_integrity    (AwarenessStore   *self,
                                                      GError          **error);


G_END_DECLS
