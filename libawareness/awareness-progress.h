/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"
#include "awareness-catalog.h"
#include "awareness-config.h"
#include "awareness-schedule.h"
#include "awareness-store.h"
#include "awareness-inspection.h"

G_BEGIN_DECLS

/**
 * AwarenessProgressItem:
 * @module: the module
 * @state: the state of the learner's latest attempt that decides it
 * @record: (nullable): that attempt
 * @due_state: where the learner stands against the module's assignment
 * @due: the due date, or an invalid date when there is none
 *
 * Where a learner stands in one module of the catalog.
 *
 * Since: 0.2
 */
typedef struct {
  AwarenessModule        *module;
  AwarenessAttemptState   state;
  AwarenessAttemptRecord *record;
  AwarenessDueState       due_state;
  GDate                   due;
} AwarenessProgressItem;

/**
 * AwarenessInspectionProgress:
 * @checklist: the self-inspection checklist
 * @state: in progress if an inspection is, else completed if one was
 *   submitted, else not started
 * @record: (nullable): that inspection
 * @due_state: where the member of staff stands against the checklist's
 *   assignment in the current cycle
 * @due: the due date, or an invalid date when there is none
 *
 * Where a member of staff stands in one self-inspection checklist.
 *
 * Since: 0.2
 */
typedef struct {
  AwarenessChecklist        *checklist;
  AwarenessInspectionState   state;
  AwarenessInspectionRecord *record;
  AwarenessDueState          due_state;
  GDate                      due;
} AwarenessInspectionProgress;

/**
 * AwarenessProgress:
 * @items: (element-type AwarenessProgressItem): one per module, in
 *   catalog order
 * @n_required: the modules required of the learner
 * @n_passed: the required modules passed
 * @n_overdue: the modules whose due date has passed
 * @inspections: (element-type AwarenessInspectionProgress): one per
 *   self-inspection checklist, in catalog order
 *
 * Since: 0.2
 */
typedef struct {
  GPtrArray *items;
  guint      n_required;
  guint      n_passed;
  guint      n_overdue;
  GPtrArray *inspections;
} AwarenessProgress;

AWARENESS_AVAILABLE_IN_ALL
char              *awareness_format_date             (GDateTime          *when);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_attempt_record_dup_date (const AwarenessAttemptRecord *record);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_format_percent          (guint               score,
                                                      guint               max);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_attempt_state_label     (AwarenessAttemptState state);
AWARENESS_AVAILABLE_IN_ALL
AwarenessProgress *awareness_progress_new            (AwarenessCatalog   *catalog,
                                                      AwarenessStore     *store,
                                                      const char         *user,
                                                      const AwarenessConfig *config,
                                                      const GDate        *today,
                                                      GError            **error)
                                                      G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
void               awareness_progress_free           (AwarenessProgress  *self);
AWARENESS_AVAILABLE_IN_ALL
const AwarenessProgressItem *
                   awareness_progress_lookup         (AwarenessProgress  *self,
                                                      const char         *module_id);
AWARENESS_AVAILABLE_IN_ALL
AwarenessModule   *awareness_progress_next_module    (AwarenessProgress  *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessChecklist *awareness_progress_next_checklist (AwarenessProgress *self);

AWARENESS_AVAILABLE_IN_ALL
char              *awareness_progress_item_dup_state_text (const AwarenessProgressItem *item);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_progress_item_dup_due_text   (const AwarenessProgressItem *item,
                                                           const GDate                 *today,
                                                           const char                  *lang);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_progress_item_dup_summary    (const AwarenessProgressItem *item,
                                                           const GDate                 *today,
                                                           const char                  *lang);

AWARENESS_AVAILABLE_IN_ALL
char              *awareness_inspection_progress_dup_state_text
                                                (const AwarenessInspectionProgress *item);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_inspection_progress_dup_due_text
                                                (const AwarenessInspectionProgress *item,
                                                 const GDate                       *today,
                                                 const char                        *lang);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessProgress, awareness_progress_free)

G_END_DECLS
