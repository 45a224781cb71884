/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The daily reminders: with [mail] remind-at=HH:MM, the server reminds
 * the staff of what is overdue, then of what is due within a week, every
 * day at that local time, as an administrator's run would (the audit log
 * names “awareness-server”; nobody is reminded twice the same day of the
 * same item).  One GLib timeout, set again after each run for the next
 * day, from the clock's reading then: a change of the clock or a night
 * the machine slept is caught up the next time.
 *
 * The clock is the server's local time; AWARENESS_SERVER_TEST_NOW (a
 * local time, YYYY-MM-DDTHH:MM:SS) moves it for the tests, which then
 * need not wait for a time of day.
 */
#include "config.h"

#include "lrs-reminders.h"

/* How long before the daily run is due again, at least, in seconds: past
 * the minute of a run, so that it is not made twice. */
#define AFTER_A_RUN 60

/* The server's local time now. */
static GDateTime *
now_local (Lrs *lrs)
{
  g_autoptr(GDateTime) real = g_date_time_new_now_local ();

  return g_date_time_add (real, lrs->reminder_clock_offset);
}

/**
 * lrs_reminder_schedule_delay:
 * @remind_at: the time of day, in minutes after midnight
 * @now: the local time now
 *
 * Returns: the seconds from @now to the next @remind_at: 0 within its
 *   minute, else today's if it is still to come, else tomorrow's
 */
guint
lrs_reminder_schedule_delay (int        remind_at,
                             GDateTime *now)
{
  g_autoptr(GDateTime) today = g_date_time_new (g_date_time_get_timezone (now),
                                                g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now),
                                                remind_at / 60, remind_at % 60, 0);
  g_autoptr(GDateTime) tomorrow = NULL;
  GTimeSpan until = g_date_time_difference (today, now);

  if (until > 0)
    return (guint) ((until + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND);
  if (until > -G_TIME_SPAN_MINUTE)
    return 0;
  tomorrow = g_date_time_add_days (today, 1);
  until = g_date_time_difference (tomorrow, now);
  return (guint) ((until + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND);
}

static gboolean run_cb (gpointer user_data);

static void
arm (Lrs   *lrs,
     guint  at_least)
{
  g_autoptr(GDateTime) now = now_local (lrs);
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, at_least);
  guint delay = at_least + lrs_reminder_schedule_delay (lrs->config.mail.remind_at, then);

  lrs->reminder_timer = g_timeout_add_seconds (delay, run_cb, lrs);
}

static gboolean
run_cb (gpointer user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(GDateTime) now = now_local (lrs);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  /* The overdue first, then what is due within a week. */
  lrs_reminders_send (lrs, TRUE, 0, &today, 7);
  arm (lrs, AFTER_A_RUN);
  return G_SOURCE_REMOVE;
}

/* Starts the daily reminders if [mail] remind-at is set. */
void
lrs_reminder_schedule_start (Lrs *lrs)
{
  const char *test_now = g_getenv ("AWARENESS_SERVER_TEST_NOW");

  if (lrs->config.mail.remind_at < 0 || lrs->config.mail.smtp_url == NULL)
    return;
  if (test_now != NULL)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) wanted = g_date_time_new_from_iso8601 (test_now, local);
      g_autoptr(GDateTime) real = g_date_time_new_now_local ();

      if (wanted != NULL)
        lrs->reminder_clock_offset = g_date_time_difference (wanted, real);
    }
  arm (lrs, 0);
}

void
lrs_reminder_schedule_stop (Lrs *lrs)
{
  g_clear_handle_id (&lrs->reminder_timer, g_source_remove);
}
