/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Assignments and deadlines in Japanese fiscal years.
 *
 * A Japanese municipality's fiscal year (年度) runs from 1 April to 31
 * March and is named after the calendar year it begins in: FY2026 is
 * 1 April 2026 to 31 March 2027, 令和8年度 in the Japanese era (令和 began
 * in 2019: FY2019 is 令和元年度).  Annual recertification is due once in
 * each fiscal year by a month and day; staff who start during the year
 * (the April transfers, or mid-year) get a window from their start date
 * when that ends later; a campaign is due once by a date.  A module
 * revised so that it teaches something new says from which version
 * passes count again (retrain-since); a typo fix does not.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "awareness-schedule.h"

/**
 * awareness_date_parse:
 * @text: a date as YYYY-MM-DD
 * @date: (out caller-allocates): the date
 *
 * Returns: whether @text is a valid date in that form (whatever the
 *   locale)
 */
gboolean
awareness_date_parse (const char *text,
                      GDate      *date)
{
  guint y, m, d;
  char rest;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &rest) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/**
 * awareness_fiscal_year:
 * @date: a day
 *
 * Returns: the fiscal year @date falls in, named by the calendar year it
 *   begins in (31 March 2027 is in FY2026, 1 April 2027 in FY2027)
 */
guint
awareness_fiscal_year (const GDate *date)
{
  guint year = g_date_get_year (date);

  return g_date_get_month (date) >= G_DATE_APRIL ? year : year - 1;
}

/**
 * awareness_fiscal_year_bounds:
 * @fiscal_year: a fiscal year
 * @first: (out caller-allocates): 1 April of it
 * @last: (out caller-allocates): 31 March of the next calendar year
 */
void
awareness_fiscal_year_bounds (guint  fiscal_year,
                              GDate *first,
                              GDate *last)
{
  g_date_clear (first, 1);
  g_date_clear (last, 1);
  g_date_set_dmy (first, 1, G_DATE_APRIL, (GDateYear) fiscal_year);
  g_date_set_dmy (last, 31, G_DATE_MARCH, (GDateYear) (fiscal_year + 1));
}

/**
 * awareness_fiscal_year_name:
 * @fiscal_year: a fiscal year, 2019 or later
 * @lang: a language tag
 *
 * Returns: (transfer full): its name: 令和8年度 in Japanese (令和元年度 for
 *   the first), FY2026 otherwise
 */
char *
awareness_fiscal_year_name (guint       fiscal_year,
                            const char *lang)
{
  if (lang != NULL && g_str_has_prefix (lang, "ja") && fiscal_year >= 2019)
    {
      if (fiscal_year == 2019)
        return g_strdup ("令和元年度");
      return g_strdup_printf ("令和%u年度", fiscal_year - 2018);
    }
  return g_strdup_printf ("FY%u", fiscal_year);
}

/**
 * awareness_version_compare:
 * @a: a module version, such as `2026.1`
 * @b: another
 *
 * Compares dotted versions part by part, numbers as numbers.
 *
 * Returns: less than, equal to or greater than 0 as @a is older than,
 *   the same as or newer than @b
 */
int
awareness_version_compare (const char *a,
                           const char *b)
{
  g_auto(GStrv) pa = g_strsplit (a != NULL ? a : "", ".", -1);
  g_auto(GStrv) pb = g_strsplit (b != NULL ? b : "", ".", -1);

  for (guint i = 0; pa[i] != NULL || pb[i] != NULL; i++)
    {
      const char *x = pa[i] != NULL ? pa[i] : "0";
      const char *y = pb[i] != NULL ? pb[i] : "0";
      char *end_x = NULL, *end_y = NULL;
      guint64 nx = g_ascii_strtoull (x, &end_x, 10);
      guint64 ny = g_ascii_strtoull (y, &end_y, 10);
      int c;

      if (*end_x == '\0' && *end_y == '\0' && end_x != x && end_y != y)
        c = nx < ny ? -1 : nx > ny;
      else
        c = strcmp (x, y);
      if (c != 0)
        return c;
      if (pa[i] == NULL || pb[i] == NULL)
        break;
    }
  return 0;
}

/**
 * awareness_assignment_applies:
 * @self: an assignment
 * @staff: a member of staff
 *
 * Returns: whether the assignment is for @staff
 */
gboolean
awareness_assignment_applies (const AwarenessAssignment *self,
                              const AwarenessStaff      *staff)
{
  switch (self->audience)
    {
    case AWARENESS_AUDIENCE_DEPARTMENT:
      return g_strcmp0 (staff->department, self->audience_value) == 0;
    case AWARENESS_AUDIENCE_ROLE:
      return g_strcmp0 (staff->role, self->audience_value) == 0;
    case AWARENESS_AUDIENCE_SEGMENT:
      return g_strcmp0 (staff->segment, self->audience_value) == 0;
    case AWARENESS_AUDIENCE_EVERYONE:
    default:
      return TRUE;
    }
}

/* Month and day in a year; a day past the month's end is its last. */
static void
set_day (GDate *date,
         guint  day,
         guint  month,
         guint  year)
{
  guint last = g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) MIN (day, last), (GDateMonth) month, (GDateYear) year);
}

static gboolean
version_counts (const AwarenessAssignment *self,
                const char                *version)
{
  return self->retrain_since == NULL || awareness_version_compare (version, self->retrain_since) >= 0;
}

/**
 * awareness_assignment_evaluate:
 * @self: an assignment
 * @staff: a member of staff
 * @today: the day to judge on
 * @last_pass: (nullable): the day of their latest pass of the module
 * @last_pass_version: (nullable): the module version of that pass
 * @due: (out caller-allocates) (optional): the due date, for pending,
 *   overdue and completed assignments
 *
 * Returns: where the member of staff stands on @today
 */
AwarenessDueState
awareness_assignment_evaluate (const AwarenessAssignment *self,
                               const AwarenessStaff      *staff,
                               const GDate               *today,
                               const GDate               *last_pass,
                               const char                *last_pass_version,
                               GDate                     *due)
{
  GDate first, last, deadline;
  gboolean passed;

  if (!awareness_assignment_applies (self, staff))
    return AWARENESS_DUE_NOT_REQUIRED;
  /* Not yet on the staff. */
  if (staff->start_date != NULL && g_date_compare (staff->start_date, today) > 0)
    return AWARENESS_DUE_NOT_REQUIRED;

  if (self->recurrence == AWARENESS_RECURRENCE_ONCE)
    {
      deadline = self->due_date;
      /* Those who came after the campaign's date are not part of it. */
      if (staff->start_date != NULL && g_date_compare (staff->start_date, &deadline) > 0)
        return AWARENESS_DUE_NOT_REQUIRED;
      g_date_clear (&first, 1);
      passed = last_pass != NULL;
    }
  else
    {
      guint fiscal_year = awareness_fiscal_year (today);

      awareness_fiscal_year_bounds (fiscal_year, &first, &last);
      set_day (&deadline, self->due_day, self->due_month,
               self->due_month >= G_DATE_APRIL ? fiscal_year : fiscal_year + 1);
      passed = last_pass != NULL && g_date_compare (last_pass, &first) >= 0;
    }

  /* Staff who started late in the period get their window. */
  if (staff->start_date != NULL && self->new_staff_days > 0 &&
      (!g_date_valid (&first) || g_date_compare (staff->start_date, &first) >= 0))
    {
      GDate window = *staff->start_date;

      g_date_add_days (&window, self->new_staff_days);
      if (g_date_compare (&window, &deadline) > 0)
        deadline = window;
    }

  if (due != NULL)
    *due = deadline;
  if (passed && version_counts (self, last_pass_version))
    return AWARENESS_DUE_COMPLETED;
  return g_date_compare (today, &deadline) > 0 ? AWARENESS_DUE_OVERDUE : AWARENESS_DUE_PENDING;
}

void
awareness_assignment_clear (AwarenessAssignment *self)
{
  g_clear_pointer (&self->audience_value, g_free);
  g_clear_pointer (&self->retrain_since, g_free);
}

/**
 * awareness_due_state_to_string:
 * @state: a state
 *
 * Returns: a stable, untranslated name, such as `overdue`
 */
const char *
awareness_due_state_to_string (AwarenessDueState state)
{
  switch (state)
    {
    case AWARENESS_DUE_COMPLETED:
      return "completed";
    case AWARENESS_DUE_PENDING:
      return "pending";
    case AWARENESS_DUE_OVERDUE:
      return "overdue";
    case AWARENESS_DUE_NOT_REQUIRED:
    default:
      return "not-required";
    }
}
