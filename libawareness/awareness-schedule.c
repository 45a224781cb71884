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

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "awareness-environment.h"
#include "awareness-json.h"
#include "awareness-schedule.h"

/**
 * awareness_date_parse:
 * @text: a date as YYYY-MM-DD
 * @date: (out caller-allocates): the date
 *
 * Returns: whether @text is a valid date in that form (whatever the
 *   locale)
 *
 * Since: 0.2
 */
gboolean
awareness_date_parse (const char *text,
                      GDate      *date)
{
  guint y, m, d;

  g_date_clear (date, 1);
  /* Exactly YYYY-MM-DD: no sign, no spaces, no short forms. */
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = (guint) g_ascii_strtoull (text, NULL, 10);
  m = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (y < 1900 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
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
 *
 * Since: 0.2
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
 *
 * Since: 0.2
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
 *
 * Since: 0.2
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
 * awareness_fiscal_year_parse:
 * @text: a fiscal year: `2026`, `2026年度`, `FY2026`, `令和8年度`,
 *   `令和8`, `令和元年度` or `R8` (full-width digits too)
 * @fiscal_year: (out): the calendar year it begins in
 *
 * Returns: whether @text names a fiscal year
 *
 * Since: 0.2
 */
gboolean
awareness_fiscal_year_parse (const char *text,
                             guint      *fiscal_year)
{
  g_autofree char *normal = NULL;
  const char *p;
  gboolean reiwa = FALSE;
  guint64 number;
  char *end;

  g_return_val_if_fail (fiscal_year != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  /* NFKC: full-width digits and letters become ASCII. */
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  p = g_strstrip (normal);
  if (g_str_has_prefix (p, "令和"))
    {
      reiwa = TRUE;
      p += strlen ("令和");
    }
  else if (p[0] == 'R' || p[0] == 'r')
    {
      reiwa = TRUE;
      p++;
    }
  else if (g_ascii_strncasecmp (p, "FY", 2) == 0)
    p += 2;

  if (reiwa && g_str_has_prefix (p, "元"))
    {
      number = 1;
      end = (char *) p + strlen ("元");
    }
  else
    {
      if (!g_ascii_isdigit (p[0]))
        return FALSE;
      number = g_ascii_strtoull (p, &end, 10);
    }
  if (g_str_has_prefix (end, "年度"))
    end += strlen ("年度");
  if (*end != '\0')
    return FALSE;
  if (reiwa)
    number += 2018;
  if (number < 2019 || number > 9998)
    return FALSE;
  *fiscal_year = (guint) number;
  return TRUE;
}

/* The start of @date in @zone; with @end, the last microsecond of it. */
static GDateTime *
day_bound (const GDate *date,
           GTimeZone   *zone,
           gboolean     end)
{
  return g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date),
                          end ? 23 : 0, end ? 59 : 0, end ? 59.999999 : 0);
}

/* One bound of a period: a date or an ISO 8601 time. */
static GDateTime *
parse_bound (const char  *name,
             const char  *text,
             GTimeZone   *zone,
             gboolean     end,
             GError     **error)
{
  GDate date;
  GDateTime *when;

  if (awareness_date_parse (text, &date))
    return day_bound (&date, zone, end);
  when = g_date_time_new_from_iso8601 (text, zone);
  if (when == NULL)
    /* Translators: “since: “1 April” is neither a date …”; since and until are
     * the names of options. */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("%s: “%s” is neither a date (YYYY-MM-DD) nor a time (ISO 8601, such as "
                   "2026-04-01T09:00:00+09:00)"), name, text);
  return when;
}

/**
 * awareness_period_parse:
 * @since: (nullable): where the period begins: a date, YYYY-MM-DD (from
 *   the start of that day), or an ISO 8601 time
 * @until: (nullable): where it ends: a date (to the end of that day,
 *   inclusive) or a time
 * @fiscal_year: (nullable): a whole fiscal year instead (see
 *   awareness_fiscal_year_parse()): 1 April to 31 March
 * @start: (out) (transfer full) (nullable): the start, `NULL` for none
 * @end: (out) (transfer full) (nullable): the end, `NULL` for none
 * @error: return location for an error, naming the bound at fault
 *
 * The period of a report, as administrators write it.  Dates are days in
 * Japan Standard Time (UTC+09:00, the City's time, without summer time)
 * whatever the time zone of the machine; a time without an offset is
 * read in it too.
 *
 * Returns: whether the bounds are valid and in order
 *
 * Since: 0.2
 */
gboolean
awareness_period_parse (const char  *since,
                        const char  *until,
                        const char  *fiscal_year,
                        GDateTime  **start,
                        GDateTime  **end,
                        GError     **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;

  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  *start = *end = NULL;
  if (fiscal_year != NULL)
    {
      guint year;
      GDate from, to;

      if (since != NULL || until != NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("fiscal-year names a whole period: "
                                 "give it without since and until"));
          return FALSE;
        }
      if (!awareness_fiscal_year_parse (fiscal_year, &year))
        {
          /* Translators: fiscal-year is the name of an option. */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("fiscal-year: “%s” is not a fiscal year, such as 2026 or 令和8"),
                       fiscal_year);
          return FALSE;
        }
      awareness_fiscal_year_bounds (year, &from, &to);
      *start = day_bound (&from, zone, FALSE);
      *end = day_bound (&to, zone, TRUE);
      return TRUE;
    }

  if (since != NULL && (first = parse_bound ("since", since, zone, FALSE, error)) == NULL)
    return FALSE;
  if (until != NULL && (last = parse_bound ("until", until, zone, TRUE, error)) == NULL)
    return FALSE;
  if (first != NULL && last != NULL && g_date_time_compare (first, last) > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("since is later than until: the period is empty"));
      return FALSE;
    }
  *start = g_steal_pointer (&first);
  *end = g_steal_pointer (&last);
  return TRUE;
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
 *
 * Since: 0.2
 */
int
awareness_version_compare (const char *a,
                           const char *b)
{
  g_auto(GStrv) pa = g_strsplit (a != NULL ? a : "", ".", -1);
  g_auto(GStrv) pb = g_strsplit (b != NULL ? b : "", ".", -1);
  guint na = g_strv_length (pa), nb = g_strv_length (pb);

  /* Missing parts are zeros: 1 = 1.0 < 1.0.1. */
  for (guint i = 0; i < MAX (na, nb); i++)
    {
      const char *x = i < na ? pa[i] : "0";
      const char *y = i < nb ? pb[i] : "0";
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
    }
  return 0;
}

/**
 * awareness_assignment_applies:
 * @self: an assignment
 * @staff: a member of staff
 *
 * Returns: whether the assignment is for @staff
 *
 * Since: 0.2
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

/**
 * awareness_assignment_pass_counts:
 * @self: an assignment
 * @pass_version: (nullable): the module or checklist version a pass was of
 *
 * Whether a pass of @pass_version still counts under @self: it does
 * unless @self says passes of versions older than its `retrain-since`
 * no longer count (a revision that changed what is taught).  The due
 * dates and the content preview of the dashboard both judge by this.
 *
 * Returns: %TRUE if the pass counts, %FALSE if staff must take it again
 *
 * Since: 0.2
 */
gboolean
awareness_assignment_pass_counts (const AwarenessAssignment *self,
                                  const char                *pass_version)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->retrain_since == NULL ||
         awareness_version_compare (pass_version, self->retrain_since) >= 0;
}

/**
 * awareness_assignment_get_period:
 * @self: an assignment
 * @today: a day
 * @first: (out caller-allocates): the first day of the period of @today
 * @last: (out caller-allocates): its last day
 *
 * The period (the cycle) that @today falls in: the fiscal year of an
 * annual assignment, the half of it (April to September, October to
 * March) of a half-yearly one.  A campaign held once has one period with
 * no bounds: @first and @last are then cleared (invalid).
 *
 * Since: 0.2
 */
void
awareness_assignment_get_period (const AwarenessAssignment *self,
                                 const GDate               *today,
                                 GDate                     *first,
                                 GDate                     *last)
{
  guint fiscal_year;

  g_return_if_fail (self != NULL && today != NULL && first != NULL && last != NULL);

  g_date_clear (first, 1);
  g_date_clear (last, 1);
  if (self->recurrence == AWARENESS_RECURRENCE_ONCE)
    return;
  fiscal_year = awareness_fiscal_year (today);
  awareness_fiscal_year_bounds (fiscal_year, first, last);
  if (self->recurrence != AWARENESS_RECURRENCE_HALF_YEARLY)
    return;
  if (g_date_get_month (today) >= G_DATE_APRIL && g_date_get_month (today) <= G_DATE_SEPTEMBER)
    g_date_set_dmy (last, 30, G_DATE_SEPTEMBER, (GDateYear) fiscal_year);
  else
    g_date_set_dmy (first, 1, G_DATE_OCTOBER, (GDateYear) fiscal_year);
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
 *
 * Since: 0.2
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
      guint month = self->due_month;

      awareness_assignment_get_period (self, today, &first, &last);
      /* The first half ends with September: its due date is six months
       * before the second half's. */
      if (self->recurrence == AWARENESS_RECURRENCE_HALF_YEARLY &&
          g_date_get_month (&first) == G_DATE_APRIL)
        month = (month + 5) % 12 + 1;
      set_day (&deadline, self->due_day, month,
               month >= G_DATE_APRIL ? fiscal_year : fiscal_year + 1);
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
  if (passed && awareness_assignment_pass_counts (self, last_pass_version))
    return AWARENESS_DUE_COMPLETED;
  return g_date_compare (today, &deadline) > 0 ? AWARENESS_DUE_OVERDUE : AWARENESS_DUE_PENDING;
}

/**
 * awareness_assignment_clear:
 * @self: an assignment
 *
 * Frees what @self holds, not @self itself.
 *
 * Since: 0.2
 */
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
 * Returns: (transfer none): a stable, untranslated name, such as `overdue`
 *
 * Since: 0.2
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

static const char * const audiences[] = { "everyone", "department", "role", "segment", NULL };

static const char *
string_of (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING
             ? json_node_get_string (node)
             : NULL;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
  return FALSE;
}

/**
 * awareness_assignment_from_json:
 * @node: an assignment as JSON: {"audience", "audience_value",
 *   "recurrence", "due" (MM-DD), "due_date" (YYYY-MM-DD),
 *   "new_staff_days", "retrain_since"}, all optional but as the catalog
 *   requires them together
 * @self: (out caller-allocates): the assignment
 * @error: return location for an error naming the member that is wrong
 *
 * Reads an assignment the server sets over the catalog's.
 *
 * Returns: whether @node is a valid assignment
 *
 * Since: 0.2
 */
gboolean
awareness_assignment_from_json (JsonNode            *node,
                                AwarenessAssignment *self,
                                GError             **error)
{
  JsonObject *object;
  const char *audience, *recurrence, *due, *due_date;
  JsonNode *days;
  guint i;

  memset (self, 0, sizeof *self);
  g_date_clear (&self->due_date, 1);
  self->due_month = 3;
  self->due_day = 31;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "an assignment is a JSON object");
  object = json_node_get_object (node);
  {
    static const char * const strings[] = { "audience", "audience_value", "recurrence",
                                            "due", "due_date", "retrain_since" };

    /* A member of another type is an error, never a default. */
    for (i = 0; i < G_N_ELEMENTS (strings); i++)
      if (json_object_has_member (object, strings[i]) && string_of (object, strings[i]) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: a string", strings[i]);
          return FALSE;
        }
  }

  audience = string_of (object, "audience");
  for (i = 0; audience != NULL && audiences[i] != NULL && g_strcmp0 (audiences[i], audience) != 0;
       i++)
    ;
  if (audience != NULL && audiences[i] == NULL)
    return invalid (error, "audience: everyone, department, role or segment");
  self->audience = audience != NULL ? (AwarenessAudience) i : AWARENESS_AUDIENCE_EVERYONE;
  self->audience_value = g_strdup (string_of (object, "audience_value"));
  if (self->audience != AWARENESS_AUDIENCE_EVERYONE &&
      (self->audience_value == NULL || self->audience_value[0] == '\0'))
    {
      awareness_assignment_clear (self);
      return invalid (error, "audience_value: which department, role or segment");
    }

  recurrence = string_of (object, "recurrence");
  if (recurrence != NULL && g_strcmp0 (recurrence, "annual") != 0 &&
      g_strcmp0 (recurrence, "once") != 0 && g_strcmp0 (recurrence, "half-yearly") != 0)
    {
      awareness_assignment_clear (self);
      return invalid (error, "recurrence: annual, half-yearly or once");
    }
  self->recurrence =
      g_strcmp0 (recurrence, "once") == 0          ? AWARENESS_RECURRENCE_ONCE
      : g_strcmp0 (recurrence, "half-yearly") == 0 ? AWARENESS_RECURRENCE_HALF_YEARLY
                                                   : AWARENESS_RECURRENCE_ANNUAL;

  due = string_of (object, "due");
  if (due != NULL)
    {
      guint month, day;
      char rest;

      if (strlen (due) != 5 || sscanf (due, "%2u-%2u%c", &month, &day, &rest) != 2 || month < 1 ||
          month > 12 || day < 1 || day > g_date_get_days_in_month ((GDateMonth) month, 2000))
        {
          awareness_assignment_clear (self);
          return invalid (error, "due: MM-DD");
        }
      self->due_month = month;
      self->due_day = day;
    }
  due_date = string_of (object, "due_date");
  if ((due_date != NULL && !awareness_date_parse (due_date, &self->due_date)) ||
      (self->recurrence == AWARENESS_RECURRENCE_ONCE && !g_date_valid (&self->due_date)))
    {
      awareness_assignment_clear (self);
      return invalid (error, "due_date: YYYY-MM-DD, needed by recurrence once");
    }

  days = json_object_get_member (object, "new_staff_days");
  if (days != NULL)
    {
      if (json_node_get_value_type (days) != G_TYPE_INT64 || json_node_get_int (days) < 0 ||
          json_node_get_int (days) > 3650)
        {
          awareness_assignment_clear (self);
          return invalid (error, "new_staff_days: a number of days, 0 to 3650");
        }
      self->new_staff_days = (guint) json_node_get_int (days);
    }
  self->retrain_since = g_strdup (string_of (object, "retrain_since"));
  return TRUE;
}

/**
 * awareness_assignment_to_json:
 * @self: an assignment
 *
 * Returns: (transfer full): it as JSON, as awareness_assignment_from_json()
 *   reads it
 *
 * Since: 0.2
 */
JsonNode *
awareness_assignment_to_json (const AwarenessAssignment *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char text[16];

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "audience");
  json_builder_add_string_value (builder, audiences[self->audience]);
  if (self->audience_value != NULL)
    {
      json_builder_set_member_name (builder, "audience_value");
      json_builder_add_string_value (builder, self->audience_value);
    }
  json_builder_set_member_name (builder, "recurrence");
  json_builder_add_string_value (builder,
                                 self->recurrence == AWARENESS_RECURRENCE_ONCE ? "once"
                                 : self->recurrence == AWARENESS_RECURRENCE_HALF_YEARLY
                                 ? "half-yearly" : "annual");
  g_snprintf (text, sizeof text, "%02u-%02u", self->due_month, self->due_day);
  json_builder_set_member_name (builder, "due");
  json_builder_add_string_value (builder, text);
  if (g_date_valid (&self->due_date))
    {
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &self->due_date);
      json_builder_set_member_name (builder, "due_date");
      json_builder_add_string_value (builder, text);
    }
  json_builder_set_member_name (builder, "new_staff_days");
  json_builder_add_int_value (builder, self->new_staff_days);
  if (self->retrain_since != NULL)
    {
      json_builder_set_member_name (builder, "retrain_since");
      json_builder_add_string_value (builder, self->retrain_since);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * awareness_assignment_free:
 * @self: (nullable) (transfer full): an assignment
 *
 * Frees the assignment.
 *
 * Since: 0.2
 */
void
awareness_assignment_free (AwarenessAssignment *self)
{
  if (self == NULL)
    return;
  awareness_assignment_clear (self);
  g_free (self);
}

/**
 * awareness_assignments_parse:
 * @json: a JSON object: module id → assignment, as the server gives the
 *   assignments it sets over the catalog's
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type utf8 AwarenessAssignment): the
 *   assignments by module id; members that are not valid are left out
 *
 * Since: 0.2
 */
GHashTable *
awareness_assignments_parse (const char *json,
                             GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) awareness_assignment_free);
  JsonObject *object;
  GList *members;

  /* The assignments come from a server: bounded before json-glib sees them. */
  if (!awareness_json_parser_load (parser, json, -1, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      invalid (error, "the assignments are a JSON object");
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      AwarenessAssignment *rule = g_new0 (AwarenessAssignment, 1);

      if (awareness_assignment_from_json (json_object_get_member (object, l->data), rule, NULL))
        g_hash_table_insert (rules, g_strdup (l->data), rule);
      else
        g_free (rule);
    }
  g_list_free (members);
  return g_steal_pointer (&rules);
}

