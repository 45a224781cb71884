/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where a learner stands in each module, and how that reads: the rules
 * the CLI and the desktop app share.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "awareness-client.h"
#include "awareness-module.h"
#include "awareness-progress.h"
#include "awareness-xapi.h"
#include "awareness-environment.h"
#include "awareness-xapi-validate.h"

/**
 * awareness_format_date:
 * @when: (nullable): an instant
 *
 * Formats @when in the learner's time zone, as a city office writes
 * dates: `2026-11-25 10:31`.
 *
 * Returns: (transfer full): the text; `-` when @when is %NULL
 *
 * Since: 0.2
 */
char *
awareness_format_date (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup ("-");

  local = g_date_time_to_local (when);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/**
 * awareness_attempt_record_dup_date:
 * @record: a recorded attempt
 *
 * The time that dates an attempt wherever it is listed (status, history,
 * review): when it was finished, or when it was started if it is not.
 *
 * Returns: (transfer full): the time, as [func@format_date] writes it
 *
 * Since: 0.2
 */
char *
awareness_attempt_record_dup_date (const AwarenessAttemptRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return awareness_format_date (record->finished != NULL ? record->finished : record->started);
}

/**
 * awareness_format_percent:
 * @score: the points scored
 * @max: the points possible
 *
 * Returns: (transfer full): the score as a whole percentage, rounded half
 *   up, such as `80%`; `0%` when @max is 0
 *
 * Since: 0.2
 */
char *
awareness_format_percent (guint score,
                    guint max)
{
  return g_strdup_printf ("%u%%", max > 0 ? (score * 100 + max / 2) / max : 0);
}

/**
 * awareness_attempt_state_label:
 * @state: the state of an attempt
 *
 * Returns: (transfer none): the state as the learner reads it, translated
 *
 * Since: 0.2
 */
const char *
awareness_attempt_state_label (AwarenessAttemptState state)
{
  switch (state)
    {
    case AWARENESS_ATTEMPT_STATE_NOT_STARTED:
      return _("not started");
    case AWARENESS_ATTEMPT_STATE_IN_PROGRESS:
      return _("in progress");
    case AWARENESS_ATTEMPT_STATE_PASSED:
      return _("passed");
    case AWARENESS_ATTEMPT_STATE_FAILED:
      return _("failed");
    case AWARENESS_ATTEMPT_STATE_ABANDONED:
      return _("abandoned");
    default:
      g_assert_not_reached ();
    }
}

static void
progress_item_free (gpointer data)
{
  AwarenessProgressItem *item = data;

  g_clear_object (&item->module);
  g_clear_pointer (&item->record, awareness_attempt_record_free);
  g_free (item);
}

static void
inspection_progress_free (gpointer data)
{
  AwarenessInspectionProgress *item = data;

  g_clear_object (&item->checklist);
  g_clear_pointer (&item->record, awareness_inspection_record_free);
  g_free (item);
}

/* The local day of an instant, for judging due dates. */
static void
set_local_day (GDate     *date,
               GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
}

/* Where the member of staff stands in each self-inspection checklist:
 * the inspection in progress, else the latest submitted one. */
static gboolean
add_inspections (AwarenessProgress    *self,
                 AwarenessCatalog     *catalog,
                 AwarenessStore       *store,
                 const char           *user,
                 GHashTable           *overrides,
                 const AwarenessStaff *staff,
                 const GDate          *today,
                 GError              **error)
{
  GListModel *checklists = awareness_catalog_get_checklists (catalog);

  self->inspections = g_ptr_array_new_with_free_func (inspection_progress_free);
  for (guint i = 0; i < g_list_model_get_n_items (checklists); i++)
    {
      AwarenessInspectionProgress *item = g_new0 (AwarenessInspectionProgress, 1);
      g_autoptr(GPtrArray) records = NULL;
      AwarenessInspectionRecord *completed = NULL, *in_progress = NULL;
      GDate done;

      item->checklist = g_list_model_get_item (checklists, i);
      g_ptr_array_add (self->inspections, item);
      records = awareness_store_list_inspections (store, user,
                                                  awareness_checklist_get_id (item->checklist), 0,
                                                  error);
      if (records == NULL)
        return FALSE;
      for (guint r = 0; r < records->len; r++)
        {
          AwarenessInspectionRecord *record = g_ptr_array_index (records, r);

          if (record->state == AWARENESS_INSPECTION_STATE_COMPLETED && completed == NULL)
            completed = record;
          else if (record->state == AWARENESS_INSPECTION_STATE_IN_PROGRESS &&
                   in_progress == NULL)
            in_progress = record;
        }

      item->state = in_progress != NULL ? AWARENESS_INSPECTION_STATE_IN_PROGRESS
                    : completed != NULL ? AWARENESS_INSPECTION_STATE_COMPLETED
                                        : AWARENESS_INSPECTION_STATE_NOT_STARTED;
      if (in_progress != NULL || completed != NULL)
        item->record = awareness_inspection_record_copy (in_progress != NULL ? in_progress
                                                                              : completed);
      g_date_clear (&done, 1);
      if (completed != NULL && completed->finished != NULL)
        set_local_day (&done, completed->finished);
      g_date_clear (&item->due, 1);
      item->due_state = awareness_assignment_evaluate (
          awareness_checklist_get_effective_assignment (item->checklist, overrides), staff, today,
          g_date_valid (&done) ? &done : NULL,
          completed != NULL ? completed->checklist_version : NULL, &item->due);
    }

  return TRUE;
}

/**
 * awareness_progress_next_checklist:
 * @self: progress
 *
 * Returns: (transfer none) (nullable): the self-inspection in progress,
 *   else the first checklist due and not yet answered in this cycle, or
 *   `NULL`
 *
 * Since: 0.2
 */
AwarenessChecklist *
awareness_progress_next_checklist (AwarenessProgress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->inspections->len; i++)
    {
      AwarenessInspectionProgress *item = g_ptr_array_index (self->inspections, i);

      if (item->state == AWARENESS_INSPECTION_STATE_IN_PROGRESS)
        return item->checklist;
    }
  for (guint i = 0; i < self->inspections->len; i++)
    {
      AwarenessInspectionProgress *item = g_ptr_array_index (self->inspections, i);

      if (item->due_state == AWARENESS_DUE_PENDING || item->due_state == AWARENESS_DUE_OVERDUE)
        return item->checklist;
    }
  return NULL;
}

/**
 * awareness_progress_free:
 * @self: (nullable) (transfer full): progress
 *
 * Frees the progress and its items.
 *
 * Since: 0.2
 */
void
awareness_progress_free (AwarenessProgress *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->inspections, g_ptr_array_unref);
  g_free (self);
}

static AwarenessDueState
due_of (AwarenessModule        *module,
        GHashTable             *overrides,
        AwarenessAttemptRecord *record,
        AwarenessAttemptState   state,
        const AwarenessStaff   *staff,
        const GDate            *today,
        GDate                  *due)
{
  const AwarenessAssignment *assignment =
      awareness_module_get_effective_assignment (module, overrides);
  GDate passed;

  if (assignment == NULL)
    return AWARENESS_DUE_NOT_REQUIRED;
  g_date_clear (&passed, 1);
  if (state == AWARENESS_ATTEMPT_STATE_PASSED && record != NULL && record->finished != NULL)
    set_local_day (&passed, record->finished);
  return awareness_assignment_evaluate (assignment, staff, today,
                                        g_date_valid (&passed) ? &passed : NULL,
                                        record != NULL ? record->module_version : NULL, due);
}

/**
 * awareness_progress_new:
 * @catalog: the content
 * @store: the learner's records
 * @user: the learner
 * @config: (nullable): the machine's configuration, for the department,
 *   role, segment and start date the assignments depend on
 * @today: the day to judge due dates on
 * @error: return location for a #GError
 *
 * Where @user stands in each module: the attempt that decides its state,
 * and the due date of the module's assignment, with the due dates the
 * administrators set as the last sync brought them.
 *
 * Returns: (transfer full) (nullable) (skip): the progress, or %NULL when the records cannot
 *   be read
 *
 * Since: 0.2
 */
AwarenessProgress *
awareness_progress_new (AwarenessCatalog      *catalog,
                        AwarenessStore        *store,
                        const char            *user,
                        const AwarenessConfig *config,
                        const GDate           *today,
                        GError               **error)
{
  g_autoptr(AwarenessProgress) self = g_new0 (AwarenessProgress, 1);
  GListModel *modules = awareness_catalog_get_modules (catalog);
  guint n = g_list_model_get_n_items (modules);
  g_autofree char *overrides_path = awareness_dup_assignments_path ();
  g_autofree char *overrides_text = NULL;
  g_autoptr(GHashTable) overrides = NULL;
  AwarenessStaff staff = { 0 };
  GDate start;

  if (g_file_get_contents (overrides_path, &overrides_text, NULL, NULL))
    overrides = awareness_assignments_parse (overrides_text, NULL);
  if (config != NULL)
    {
      staff.department = config->department;
      staff.role = config->role;
      staff.segment = config->segment;
      if (awareness_date_parse (config->start_date, &start))
        staff.start_date = &start;
    }

  self->items = g_ptr_array_new_with_free_func (progress_item_free);
  for (guint i = 0; i < n; i++)
    {
      AwarenessProgressItem *item = g_new0 (AwarenessProgressItem, 1);

      item->module = g_list_model_get_item (modules, i);
      g_ptr_array_add (self->items, item);
      item->state =
          awareness_store_get_module_status (store, user, awareness_module_get_id (item->module),
                                             &item->record, error);
      if (error != NULL && *error != NULL)
        return NULL;
      g_date_clear (&item->due, 1);
      item->due_state =
          due_of (item->module, overrides, item->record, item->state, &staff, today, &item->due);
      if (item->due_state == AWARENESS_DUE_OVERDUE)
        self->n_overdue++;
      if (awareness_module_get_required (item->module))
        {
          self->n_required++;
          if (item->state == AWARENESS_ATTEMPT_STATE_PASSED)
            self->n_passed++;
        }
    }

  if (!add_inspections (self, catalog, store, user, overrides, &staff, today, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * awareness_progress_lookup:
 *
 * Returns: (transfer none) (nullable): where the learner stands in the module @module_id
 *
 * Since: 0.2
 */
const AwarenessProgressItem *
awareness_progress_lookup (AwarenessProgress *self,
                           const char        *module_id)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      AwarenessProgressItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (awareness_module_get_id (item->module), module_id) == 0)
        return item;
    }
  return NULL;
}

/**
 * awareness_progress_next_module:
 *
 * Returns: (transfer none) (nullable): the module to continue with: one in
 *   progress, else the first required module in catalog order that is not
 *   passed, else %NULL
 *
 * Since: 0.2
 */
AwarenessModule *
awareness_progress_next_module (AwarenessProgress *self)
{
  AwarenessModule *first = NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      AwarenessProgressItem *item = g_ptr_array_index (self->items, i);

      if (!awareness_module_get_required (item->module))
        continue;
      if (item->state == AWARENESS_ATTEMPT_STATE_IN_PROGRESS)
        return item->module;
      if (item->state != AWARENESS_ATTEMPT_STATE_PASSED && first == NULL)
        first = item->module;
    }
  return first;
}

/**
 * awareness_progress_item_dup_state_text:
 * @item: a module's progress
 *
 * Where the learner stands in the module, as one phrase: “in progress
 * (2 of 5 answered)”, “passed on 2026-11-25 10:31 (80%)”, “not started”.
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.2
 */
char *
awareness_progress_item_dup_state_text (const AwarenessProgressItem *item)
{
  AwarenessAttemptRecord *record = item->record;
  g_autofree char *date = NULL;
  g_autofree char *percent = NULL;

  if (record == NULL)
    return g_strdup (awareness_attempt_state_label (item->state));

  switch (item->state)
    {
    case AWARENESS_ATTEMPT_STATE_IN_PROGRESS:
      /* Translators: “in progress (2 of 5 answered)”. */
      return g_strdup_printf (_("in progress (%u of %u answered)"), record->n_answered,
                              record->max_score);

    case AWARENESS_ATTEMPT_STATE_PASSED:
    case AWARENESS_ATTEMPT_STATE_FAILED:
      date = awareness_attempt_record_dup_date (record);
      percent = awareness_format_percent (record->score, record->max_score);
      /* Translators: “passed on 2026-11-25 10:31 (80%)”. */
      return g_strdup_printf (_("%s on %s (%s)"), awareness_attempt_state_label (item->state),
                              date, percent);

    case AWARENESS_ATTEMPT_STATE_NOT_STARTED:
    case AWARENESS_ATTEMPT_STATE_ABANDONED:
    default:
      return g_strdup (awareness_attempt_state_label (item->state));
    }
}

static char *
dup_due_text (AwarenessDueState  due_state,
              const GDate       *due,
              const GDate       *today,
              const char        *lang)
{
  char date[16] = "";
  g_autofree char *year = NULL;

  if (g_date_valid (due))
    g_date_strftime (date, sizeof date, "%Y-%m-%d", due);
  switch (due_state)
    {
    case AWARENESS_DUE_COMPLETED:
      year = awareness_fiscal_year_name (awareness_fiscal_year (today), lang);
      /* Translators: “done for 令和8年度” / “done for FY2026”. */
      return g_strdup_printf (_("done for %s"), year);
    case AWARENESS_DUE_PENDING:
      /* Translators: “due by 2027-03-31”. */
      return g_strdup_printf (_("due by %s"), date);
    case AWARENESS_DUE_OVERDUE:
      /* Translators: “overdue since 2026-06-30”. */
      return g_strdup_printf (_("overdue since %s"), date);
    case AWARENESS_DUE_NOT_REQUIRED:
    default:
      return NULL;
    }
}

/**
 * awareness_inspection_progress_dup_due_text:
 * @item: a checklist's progress
 * @today: today
 * @lang: the language of the fiscal year's name
 *
 * Returns: (transfer full) (nullable): the due date of the current cycle as
 *   the staff member reads it, or `NULL` when the checklist is not
 *   assigned to them
 *
 * Since: 0.2
 */
char *
awareness_inspection_progress_dup_due_text (const AwarenessInspectionProgress *item,
                                            const GDate                       *today,
                                            const char                        *lang)
{
  g_return_val_if_fail (item != NULL, NULL);

  return dup_due_text (item->due_state, &item->due, today, lang);
}

/**
 * awareness_inspection_progress_dup_state_text:
 * @item: a checklist's progress
 *
 * Returns: (transfer full): where the staff member stands in the
 *   checklist: not started, how far an inspection in progress is, or when
 *   the last one was submitted and how it was answered
 *
 * Since: 0.2
 */
char *
awareness_inspection_progress_dup_state_text (const AwarenessInspectionProgress *item)
{
  const AwarenessInspectionRecord *record;
  g_autofree char *date = NULL;
  guint n_items;

  g_return_val_if_fail (item != NULL, NULL);

  record = item->record;
  n_items = awareness_checklist_get_items (item->checklist)->len;
  if (record == NULL || item->state == AWARENESS_INSPECTION_STATE_NOT_STARTED)
    return g_strdup (_("not started"));
  if (item->state == AWARENESS_INSPECTION_STATE_IN_PROGRESS)
    /* Translators: “in progress: 9 of 20 answered”. */
    return g_strdup_printf (_("in progress: %u of %u answered"),
                            record->n_yes + record->n_no + record->n_not_applicable, n_items);
  date = awareness_format_date (record->finished);
  /* Translators: “submitted 2026-12-03 10:31 (18 yes, 1 no, 1 not applicable)”. */
  return g_strdup_printf (_("submitted %s (%u yes, %u no, %u not applicable)"), date,
                          record->n_yes, record->n_no, record->n_not_applicable);
}

/**
 * awareness_progress_item_dup_due_text:
 * @item: a module's progress
 * @today: today
 * @lang: the language of the fiscal year's name
 *
 * Where the learner stands against the module's due date: “due by
 * 2027-03-31”, “overdue since 2026-06-30”, “done for FY2026”.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when the module
 *   is not required
 *
 * Since: 0.2
 */
char *
awareness_progress_item_dup_due_text (const AwarenessProgressItem *item,
                                      const GDate                 *today,
                                      const char                  *lang)
{
  return dup_due_text (item->due_state, &item->due, today, lang);
}

/**
 * awareness_progress_item_dup_summary:
 * @item: a module's progress
 * @today: today
 * @lang: the language of the fiscal year's name
 *
 * The state, the due date and the estimated time of a module, joined by
 * “ · ”, as a list of modules shows it.
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.2
 */
char *
awareness_progress_item_dup_summary (const AwarenessProgressItem *item,
                                     const GDate                 *today,
                                     const char                  *lang)
{
  g_autofree char *state = awareness_progress_item_dup_state_text (item);
  g_autofree char *due = awareness_progress_item_dup_due_text (item, today, lang);
  guint minutes = awareness_module_get_minutes (item->module);
  GString *s = g_string_new (state);

  if (due != NULL)
    g_string_append_printf (s, " · %s", due);
  if (minutes > 0)
    {
      g_string_append (s, " · ");
      /* Translators: the estimated time a module takes, “about 10 min”. */
      g_string_append_printf (s, _("about %u min"), minutes);
    }
  return g_string_free (s, FALSE);
}
