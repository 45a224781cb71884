/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Phishing drills: the follow-up module of whoever clicked a drill's
 * link, assigned to that person (lrs_drills_assign_follow_up()) and read
 * back by their status, the reports and the reminders as an assignment
 * until they pass the module after the click.
 */
#include "config.h"

#include <string.h>

#include "lrs-drills.h"
#include "lrs-drills-store.h"

/**
 * lrs_drills_assign_follow_up:
 * @lrs: the server
 * @drill: the drill whose link was clicked
 * @recipient: who clicked it
 * @template: the drill's template, which names the follow-up module
 * @now: the click, in Unix seconds
 * @error: return location for an error of the store
 *
 * Assigns the template's follow-up module to the member of staff who
 * clicked, due the campaign's follow-up days after the day of the click
 * (the server's time zone, the City's): a per-person assignment that their
 * status, the app, the reports and the reminders show until they pass the
 * module after the click.  Once per drill and person.
 */
gboolean
lrs_drills_assign_follow_up (Lrs                     *lrs,
                             const LrsDrill          *drill,
                             const LrsDrillRecipient *recipient,
                             AwarenessDrill          *template,
                             gint64                   now,
                             GError                 **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) click = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *due_text = NULL;
  LrsFollowUp follow_up = { 0 };

  if (awareness_drill_get_follow_up (template) == NULL)
    return TRUE;
  day = g_date_time_new (zone, g_date_time_get_year (click), g_date_time_get_month (click),
                         g_date_time_get_day_of_month (click), 12, 0, 0);
  due = g_date_time_add_days (day, (gint) drill->follow_up_days);
  due_text = g_date_time_format (due, "%Y-%m-%d");
  follow_up.drill = drill->id;
  follow_up.staff_id = recipient->staff_id;
  follow_up.module = (char *) awareness_drill_get_follow_up (template);
  follow_up.assigned_at = now;
  follow_up.due = due_text;
  return lrs_drills_store_assign_follow_up (lrs->store, &follow_up, error);
}

/**
 * lrs_drills_follow_ups_by_person:
 * @store: the store
 * @staff_id: (nullable): one member of staff, or everyone
 * @error: return location for an error
 *
 * Returns: (transfer full): the latest follow-up of each person and
 *   module, by lrs_follow_up_key(), open or not
 */
GHashTable *
lrs_drills_follow_ups_by_person (LrsStore    *store,
                                 const char  *staff_id,
                                 GError     **error)
{
  g_autoptr(GPtrArray) follow_ups = NULL;
  GHashTable *latest;

  if (!lrs_drills_store_init (store, error))
    return NULL;
  follow_ups = lrs_drills_store_follow_ups (store, staff_id, error);
  if (follow_ups == NULL)
    return NULL;
  latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) lrs_follow_up_free);
  /* The oldest first: a later click's follow-up replaces an earlier one. */
  for (guint i = 0; i < follow_ups->len; i++)
    {
      LrsFollowUp *follow_up = g_ptr_array_index (follow_ups, i);

      g_hash_table_replace (latest, lrs_follow_up_key (follow_up->staff_id, follow_up->module),
                            g_steal_pointer (&follow_ups->pdata[i]));
    }
  return latest;
}

/* The key of a person's follow-up of a module. */
char *
lrs_follow_up_key (const char *staff_id,
                   const char *module)
{
  return g_strconcat (staff_id, "\x1f", module, NULL);
}

/**
 * lrs_follow_up_is_open:
 * @follow_up: a follow-up
 * @pass_at: when the server received the person's latest pass of its
 *   module, in Unix microseconds; 0 for none
 *
 * Returns: whether @follow_up is still to do: only a pass after the click
 *   completes it, whatever came before
 */
gboolean
lrs_follow_up_is_open (const LrsFollowUp *follow_up,
                       gint64             pass_at)
{
  return pass_at == 0 || pass_at / G_USEC_PER_SEC < follow_up->assigned_at;
}

/**
 * lrs_follow_up_to_assignment:
 * @follow_up: an open follow-up
 * @assignment: (out caller-allocates): the assignment it is, for the
 *   library's rules: that person, once, by its due date
 */
void
lrs_follow_up_to_assignment (const LrsFollowUp   *follow_up,
                             AwarenessAssignment *assignment)
{
  memset (assignment, 0, sizeof *assignment);
  assignment->audience = AWARENESS_AUDIENCE_EVERYONE;
  assignment->recurrence = AWARENESS_RECURRENCE_ONCE;
  /* Unused by a campaign held once, but a valid day, as the rule's reader
   * defaults to. */
  assignment->due_month = 3;
  assignment->due_day = 31;
  if (!awareness_date_parse (follow_up->due, &assignment->due_date))
    g_date_clear (&assignment->due_date, 1);
}
