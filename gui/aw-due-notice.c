/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The desktop notification of what is due: a module or a checklist due
 * within a week, or overdue, at most once a day, whose default action
 * opens its page.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aw-due-notice.h"
#include "aw-window.h"

/* How far ahead a due date is announced. */
#define NOTICE_DAYS 7

void
aw_due_notice_free (AwDueNotice *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->id);
  g_free (self->title);
  g_free (self->body);
  g_free (self);
}

typedef struct {
  const char       *kind;
  const char       *id;
  const char       *title;
  AwarenessDueState due_state;
  const GDate      *due;
} Candidate;

/* Whether @due_state and @due call for a notice on @today. */
static gboolean
is_due_soon (AwarenessDueState  due_state,
             const GDate       *due,
             const GDate       *today)
{
  if (due_state == AWARENESS_DUE_OVERDUE)
    return TRUE;
  return due_state == AWARENESS_DUE_PENDING && g_date_valid (due)
         && g_date_days_between (today, due) <= NOTICE_DAYS;
}

static void
consider (Candidate         *best,
          guint             *n,
          const Candidate   *candidate,
          const GDate       *today)
{
  if (!is_due_soon (candidate->due_state, candidate->due, today))
    return;
  (*n)++;
  /* The most urgent first: the earliest due date. */
  if (best->id == NULL
      || (g_date_valid (candidate->due) && g_date_valid (best->due)
          && g_date_compare (candidate->due, best->due) < 0))
    *best = *candidate;
}

/**
 * aw_due_notice_decide:
 * @progress: where the learner stands
 * @today: today
 * @last_sent: (nullable): the day a notice was last sent, as YYYY-MM-DD
 * @lang: the language of the titles
 *
 * Decides what to tell the learner today: the most urgent module or
 * checklist that is overdue or due within a week, and how many more are;
 * nothing when none is, or when a notice was already sent today.
 *
 * Returns: (transfer full) (nullable): the notice, or %NULL for none
 */
AwDueNotice *
aw_due_notice_decide (AwarenessProgress *progress,
                      const GDate       *today,
                      const char        *last_sent,
                      const char        *lang)
{
  Candidate best = { 0 };
  guint n = 0;
  char day[16];
  AwDueNotice *notice;
  g_autofree char *when = NULL;

  g_date_strftime (day, sizeof day, "%Y-%m-%d", today);
  if (g_strcmp0 (last_sent, day) == 0)
    return NULL;

  for (guint i = 0; i < progress->items->len; i++)
    {
      AwarenessProgressItem *item = g_ptr_array_index (progress->items, i);
      Candidate candidate = {
        "module", awareness_module_get_id (item->module),
        awareness_module_get_title (item->module, lang), item->due_state, &item->due,
      };

      consider (&best, &n, &candidate, today);
    }
  for (guint i = 0; progress->inspections != NULL && i < progress->inspections->len; i++)
    {
      AwarenessInspectionProgress *item = g_ptr_array_index (progress->inspections, i);
      Candidate candidate = {
        "checklist", awareness_checklist_get_id (item->checklist),
        awareness_checklist_get_title (item->checklist, lang), item->due_state, &item->due,
      };

      consider (&best, &n, &candidate, today);
    }
  if (best.id == NULL)
    return NULL;

  notice = g_new0 (AwDueNotice, 1);
  notice->kind = g_strdup (best.kind);
  notice->id = g_strdup (best.id);
  notice->title = g_strdup (best.title);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", best.due);
  when = best.due_state == AWARENESS_DUE_OVERDUE
           /* Translators: “Overdue since 2026-11-30.” */
           ? g_strdup_printf (_("Overdue since %s."), day)
           /* Translators: “Due by 2026-12-04.” */
           : g_strdup_printf (_("Due by %s."), day);
  if (n > 1)
    {
      /* Translators: after “Due by 2026-12-04.”; the others are due soon or overdue. */
      g_autofree char *more = g_strdup_printf (
        ngettext ("%u more is due soon or overdue.", "%u more are due soon or overdue.", n - 1),
        n - 1);

      notice->body = g_strdup_printf ("%s %s", when, more);
    }
  else
    notice->body = g_steal_pointer (&when);
  return notice;
}

/**
 * aw_due_notice_to_notification:
 *
 * Returns: (transfer full): the notification of @self, whose default
 *   action (app.open-module or app.open-checklist) opens its page
 */
GNotification *
aw_due_notice_to_notification (const AwDueNotice *self)
{
  GNotification *notification = g_notification_new (self->title);
  g_autofree char *action = g_strdup_printf ("app.open-%s", self->kind);

  g_notification_set_body (notification, self->body);
  g_notification_set_default_action_and_target (notification, action, "s", self->id);
  return notification;
}

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *name = g_action_get_name (G_ACTION (action));
  const char *id = g_variant_get_string (parameter, NULL);
  GList *windows;

  /* The app may have no focused window: then its first one; started by
   * the notification, none yet: the one it opens. */
  if (window == NULL && gtk_application_get_windows (GTK_APPLICATION (user_data)) == NULL)
    g_application_activate (G_APPLICATION (user_data));
  if (window == NULL
      && (windows = gtk_application_get_windows (GTK_APPLICATION (user_data))) != NULL)
    window = windows->data;
  if (!AW_IS_WINDOW (window))
    return;
  gtk_window_present (window);
  if (g_str_equal (name, "open-module"))
    aw_window_open_module (AW_WINDOW (window), id);
  else
    aw_window_open_checklist (AW_WINDOW (window), id);
}

/**
 * aw_application_add_open_actions:
 *
 * Adds app.open-module and app.open-checklist, with a module's or a
 * checklist's id as their target, to @application: the default actions
 * of the due notification.
 */
void
aw_application_add_open_actions (GtkApplication *application)
{
  static const GActionEntry entries[] = {
    { "open-module", open_activated, "s", NULL, NULL, { 0 } },
    { "open-checklist", open_activated, "s", NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (application), entries, G_N_ELEMENTS (entries),
                                   application);
}
