/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * AwarenessRecurrence:
 * @AWARENESS_RECURRENCE_ANNUAL: once in each fiscal year (April to March)
 * @AWARENESS_RECURRENCE_ONCE: once, by a date (a campaign)
 */
typedef enum {
  AWARENESS_RECURRENCE_ANNUAL,
  AWARENESS_RECURRENCE_ONCE,
} AwarenessRecurrence;

/**
 * AwarenessAudience:
 * @AWARENESS_AUDIENCE_EVERYONE: all staff
 * @AWARENESS_AUDIENCE_DEPARTMENT: staff of one department
 * @AWARENESS_AUDIENCE_ROLE: staff with one role
 * @AWARENESS_AUDIENCE_SEGMENT: staff whose terminal is in one network
 *   segment (the My Number segment, say)
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
 * @due_month: (annual) the month of the due date within the fiscal year
 * @due_day: (annual) its day; past the end of a month (29 February in a
 *   common year), the month's last day
 * @due_date: (once) the campaign's due date
 * @new_staff_days: days a member of staff who starts during the fiscal
 *   year has, from the start date, when that is later than the due date
 * @retrain_since: (nullable): passes of a module version older than this
 *   one no longer count (a revision that changed what the module teaches)
 *
 * Which module is required of whom, by when, how often.
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
 */
typedef enum {
  AWARENESS_DUE_NOT_REQUIRED,
  AWARENESS_DUE_COMPLETED,
  AWARENESS_DUE_PENDING,
  AWARENESS_DUE_OVERDUE,
} AwarenessDueState;

gboolean          awareness_date_parse           (const char                *text,
                                                  GDate                     *date);
guint             awareness_fiscal_year          (const GDate               *date);
void              awareness_fiscal_year_bounds   (guint                      fiscal_year,
                                                  GDate                     *first,
                                                  GDate                     *last);
char             *awareness_fiscal_year_name     (guint                      fiscal_year,
                                                  const char                *lang);
gboolean          awareness_fiscal_year_parse    (const char                *text,
                                                  guint                     *fiscal_year);
gboolean          awareness_period_parse         (const char                *since,
                                                  const char                *until,
                                                  const char                *fiscal_year,
                                                  GDateTime                **start,
                                                  GDateTime                **end,
                                                  GError                   **error);
int               awareness_version_compare      (const char                *a,
                                                  const char                *b);
gboolean          awareness_assignment_applies   (const AwarenessAssignment *self,
                                                  const AwarenessStaff      *staff);
AwarenessDueState awareness_assignment_evaluate  (const AwarenessAssignment *self,
                                                  const AwarenessStaff      *staff,
                                                  const GDate               *today,
                                                  const GDate               *last_pass,
                                                  const char                *last_pass_version,
                                                  GDate                     *due);
void              awareness_assignment_clear     (AwarenessAssignment       *self);
gboolean          awareness_assignment_from_json (JsonNode                  *node,
                                                  AwarenessAssignment       *self,
                                                  GError                   **error);
JsonNode         *awareness_assignment_to_json   (const AwarenessAssignment *self);
void              awareness_assignment_free      (AwarenessAssignment       *self);
GHashTable       *awareness_assignments_parse    (const char                *json,
                                                  GError                   **error);
const char       *awareness_due_state_to_string  (AwarenessDueState          state);

G_END_DECLS
