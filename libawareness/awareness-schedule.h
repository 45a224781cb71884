/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-version-macros.h"
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * AwarenessRecurrence:
 * @AWARENESS_RECURRENCE_ANNUAL: once in each fiscal year (April to March)
 * @AWARENESS_RECURRENCE_ONCE: once, by a date (a campaign)
 * @AWARENESS_RECURRENCE_HALF_YEARLY: once in each half of the fiscal year
 *   (April to September, October to March); the due date of the first
 *   half is six months before that of the second (self-inspection
 *   checklists only)
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_RECURRENCE_ANNUAL,
  AWARENESS_RECURRENCE_ONCE,
  AWARENESS_RECURRENCE_HALF_YEARLY,
} AwarenessRecurrence;

/**
 * AwarenessAudience:
 * @AWARENESS_AUDIENCE_EVERYONE: all staff
 * @AWARENESS_AUDIENCE_DEPARTMENT: staff of one department
 * @AWARENESS_AUDIENCE_ROLE: staff with one role
 * @AWARENESS_AUDIENCE_SEGMENT: staff whose terminal is in one network
 *   segment (the My Number segment, say)
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_AUDIENCE_EVERYONE,
  AWARENESS_AUDIENCE_DEPARTMENT,
  AWARENESS_AUDIENCE_ROLE,
  AWARENESS_AUDIENCE_SEGMENT,
} AwarenessAudience;

/**
 * AwarenessAssignment:
 * @audience: who must complete the module
 * @audience_value: (nullable): the department, role or segment
 * @recurrence: how often
 * @due_month: for an annual campaign, the month of the due date within the fiscal year
 * @due_day: for an annual campaign, its day; past the end of a month (29 February in a
 *   common year), the month's last day
 * @due_date: for a campaign held once, the campaign's due date
 * @new_staff_days: days a member of staff who starts during the fiscal
 *   year has, from the start date, when that is later than the due date
 * @retrain_since: (nullable): passes of a module version older than this
 *   one no longer count (a revision that changed what the module teaches)
 *
 * Which module is required of whom, by when, how often.
 *
 * Since: 0.2
 */
typedef struct {
  AwarenessAudience   audience;
  char               *audience_value;
  AwarenessRecurrence recurrence;
  guint               due_month;
  guint               due_day;
  GDate               due_date;
  guint               new_staff_days;
  char               *retrain_since;
} AwarenessAssignment;

/**
 * AwarenessStaff:
 * @department: (nullable): the staff member's department
 * @role: (nullable): their role
 * @segment: (nullable): the network segment of their terminal
 * @start_date: (nullable): the day they started, if known
 *
 * Since: 0.2
 */
typedef struct {
  const char  *department;
  const char  *role;
  const char  *segment;
  const GDate *start_date;
} AwarenessStaff;

/**
 * AwarenessDueState:
 * @AWARENESS_DUE_NOT_REQUIRED: not required of this member of staff
 * @AWARENESS_DUE_COMPLETED: completed for the current period
 * @AWARENESS_DUE_PENDING: to complete, by the due date
 * @AWARENESS_DUE_OVERDUE: the due date has passed
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_DUE_NOT_REQUIRED,
  AWARENESS_DUE_COMPLETED,
  AWARENESS_DUE_PENDING,
  AWARENESS_DUE_OVERDUE,
} AwarenessDueState;

AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_date_parse           (const char                *text,
                                                  GDate                     *date);
AWARENESS_AVAILABLE_IN_ALL
guint             awareness_fiscal_year          (const GDate               *date);
AWARENESS_AVAILABLE_IN_ALL
void              awareness_fiscal_year_bounds   (guint                      fiscal_year,
                                                  GDate                     *first,
                                                  GDate                     *last);
AWARENESS_AVAILABLE_IN_ALL
char             *awareness_fiscal_year_name     (guint                      fiscal_year,
                                                  const char                *lang);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_fiscal_year_parse    (const char                *text,
                                                  guint                     *fiscal_year);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_period_parse         (const char                *since,
                                                  const char                *until,
                                                  const char                *fiscal_year,
                                                  GDateTime                **start,
                                                  GDateTime                **end,
                                                  GError                   **error);
AWARENESS_AVAILABLE_IN_ALL
int               awareness_version_compare      (const char                *a,
                                                  const char                *b);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_assignment_applies   (const AwarenessAssignment *self,
                                                  const AwarenessStaff      *staff);
AWARENESS_AVAILABLE_IN_ALL
void              awareness_assignment_get_period (const AwarenessAssignment *self,
                                                   const GDate               *today,
                                                   GDate                     *first,
                                                   GDate                     *last);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_assignment_pass_counts (const AwarenessAssignment *self,
                                                    const char                *pass_version);
AWARENESS_AVAILABLE_IN_ALL
AwarenessDueState awareness_assignment_evaluate  (const AwarenessAssignment *self,
                                                  const AwarenessStaff      *staff,
                                                  const GDate               *today,
                                                  const GDate               *last_pass,
                                                  const char                *last_pass_version,
                                                  GDate                     *due);
AWARENESS_AVAILABLE_IN_ALL
void              awareness_assignment_clear     (AwarenessAssignment       *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_assignment_from_json (JsonNode                  *node,
                                                  AwarenessAssignment       *self,
                                                  GError                   **error);
AWARENESS_AVAILABLE_IN_ALL
JsonNode         *awareness_assignment_to_json   (const AwarenessAssignment *self);
AWARENESS_AVAILABLE_IN_ALL
void              awareness_assignment_free      (AwarenessAssignment       *self);
AWARENESS_AVAILABLE_IN_ALL
GHashTable       *awareness_assignments_parse    (const char                *json,
                                                  GError                   **error);
AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_due_state_to_string  (AwarenessDueState          state);

G_END_DECLS
