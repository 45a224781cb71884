/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "awareness-types.h"
#include "awareness-checklist.h"
#include "awareness-store.h"

G_BEGIN_DECLS

#define AWARENESS_XAPI_EXT_CHECKLIST_VERSION \
  "https://awareness.example/xapi/extensions/checklist-version"
#define AWARENESS_XAPI_EXT_COMMENT \
  "https://awareness.example/xapi/extensions/comment"
#define AWARENESS_XAPI_EXT_ANSWER_COUNTS \
  "https://awareness.example/xapi/extensions/answer-counts"
#define AWARENESS_XAPI_ACTIVITY_CHECKLIST \
  "https://awareness.example/xapi/activities/self-inspection-checklist"

#define AWARENESS_TYPE_INSPECTION (awareness_inspection_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessInspection, awareness_inspection, AWARENESS, INSPECTION, GObject)

/**
 * AwarenessInspectionState:
 * @AWARENESS_INSPECTION_STATE_NOT_STARTED: not begun (status only)
 * @AWARENESS_INSPECTION_STATE_IN_PROGRESS: begun, not submitted
 * @AWARENESS_INSPECTION_STATE_COMPLETED: every item answered and submitted
 * @AWARENESS_INSPECTION_STATE_ABANDONED: left unsubmitted because the
 *   checklist was revised before it could be resumed; its answers are kept
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_INSPECTION_STATE_NOT_STARTED,
  AWARENESS_INSPECTION_STATE_IN_PROGRESS,
  AWARENESS_INSPECTION_STATE_COMPLETED,
  AWARENESS_INSPECTION_STATE_ABANDONED,
} AwarenessInspectionState;

/**
 * AwarenessInspectionRecord:
 * @id: the inspection's UUID
 * @user: who answered
 * @checklist_id: the checklist
 * @checklist_version: its version when the inspection began
 * @language: the language it was answered in
 * @started: when it began
 * @finished: (nullable): when it was submitted
 * @state: its state
 * @n_yes: items answered yes
 * @n_no: items answered no
 * @n_not_applicable: items answered not applicable
 *
 * An inspection as the store records it.
 *
 * Since: 0.2
 */
typedef struct {
  char                    *id;
  char                    *user;
  char                    *checklist_id;
  char                    *checklist_version;
  char                    *language;
  GDateTime               *started;
  GDateTime               *finished;
  AwarenessInspectionState state;
  guint                    n_yes;
  guint                    n_no;
  guint                    n_not_applicable;
} AwarenessInspectionRecord;

#define AWARENESS_TYPE_INSPECTION_RECORD (awareness_inspection_record_get_type ())
AWARENESS_AVAILABLE_IN_ALL
GType                      awareness_inspection_record_get_type (void) G_GNUC_CONST;
AWARENESS_AVAILABLE_IN_ALL
AwarenessInspectionRecord *awareness_inspection_record_copy     (AwarenessInspectionRecord *self);
AWARENESS_AVAILABLE_IN_ALL
void                       awareness_inspection_record_free     (AwarenessInspectionRecord *self);
AWARENESS_AVAILABLE_IN_ALL
const char                *awareness_inspection_state_to_string (AwarenessInspectionState state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessInspectionRecord, awareness_inspection_record_free)

AWARENESS_AVAILABLE_IN_ALL
AwarenessInspection *awareness_inspection_new             (AwarenessChecklist  *checklist)
                                                           G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
const char          *awareness_inspection_get_id          (AwarenessInspection *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessChecklist  *awareness_inspection_get_checklist   (AwarenessInspection *self);
AWARENESS_AVAILABLE_IN_ALL
GDateTime           *awareness_inspection_get_started     (AwarenessInspection *self);
AWARENESS_AVAILABLE_IN_ALL
GDateTime           *awareness_inspection_get_finished    (AwarenessInspection *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean             awareness_inspection_set_answer      (AwarenessInspection  *self,
                                                           const char           *item_id,
                                                           AwarenessCheckAnswer  answer,
                                                           const char           *comment,
                                                           GError              **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessCheckAnswer awareness_inspection_get_answer      (AwarenessInspection  *self,
                                                           const char           *item_id,
                                                           const char          **comment);
AWARENESS_AVAILABLE_IN_ALL
guint                awareness_inspection_get_n_answered  (AwarenessInspection  *self);
AWARENESS_AVAILABLE_IN_ALL
guint                awareness_inspection_count_answers   (AwarenessInspection  *self,
                                                           AwarenessCheckAnswer  answer);
AWARENESS_AVAILABLE_IN_ALL
gint                 awareness_inspection_get_next_unanswered (AwarenessInspection *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean             awareness_inspection_finish          (AwarenessInspection  *self,
                                                           GError              **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean             awareness_inspection_is_finished     (AwarenessInspection  *self);

AWARENESS_AVAILABLE_IN_ALL
GPtrArray           *awareness_xapi_build_inspection_statements
                                                          (AwarenessInspection *inspection,
                                                           AwarenessCatalog    *catalog,
                                                           const char          *account_home_page,
                                                           const char          *account_name,
                                                           const char          *lang);

AWARENESS_AVAILABLE_IN_ALL
AwarenessInspection *awareness_start_inspection           (AwarenessStore      *store,
                                                           AwarenessChecklist  *checklist,
                                                           const char          *user,
                                                           const char          *lang,
                                                           gboolean            *resumed,
                                                           GError             **error)
                                                           G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
gboolean             awareness_complete_inspection        (AwarenessStore      *store,
                                                           AwarenessInspection *inspection,
                                                           AwarenessCatalog    *catalog,
                                                           const char          *user,
                                                           const char          *lang,
                                                           GError             **error);

AWARENESS_AVAILABLE_IN_ALL
gboolean             awareness_store_begin_inspection     (AwarenessStore      *self,
                                                           AwarenessInspection *inspection,
                                                           const char          *user,
                                                           const char          *lang,
                                                           GError             **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean             awareness_store_record_inspection_answer (AwarenessStore      *self,
                                                               AwarenessInspection *inspection,
                                                               const char          *item_id,
                                                               GError             **error);
AWARENESS_AVAILABLE_IN_ALL
gboolean             awareness_store_finish_inspection    (AwarenessStore      *self,
                                                           AwarenessInspection *inspection,
                                                           GPtrArray           *statements,
                                                           GError             **error);
AWARENESS_AVAILABLE_IN_ALL
AwarenessInspection *awareness_store_resume_inspection    (AwarenessStore      *self,
                                                           AwarenessChecklist  *checklist,
                                                           const char          *user,
                                                           GError             **error);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray           *awareness_store_list_inspections     (AwarenessStore      *self,
                                                           const char          *user,
                                                           const char          *checklist_id,
                                                           guint                limit,
                                                           GError             **error);

G_END_DECLS
