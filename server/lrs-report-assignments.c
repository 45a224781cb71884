/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The assignment reports: who must complete which module by when, and
 * where they stand (lrs_report_assignments()), the dashboard's overview
 * and a department's last results.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "awareness.h"
#include "lrs-drills.h"
#include "lrs-error.h"
#include "lrs-report.h"
#include "lrs-report-private.h"

/* When a pass counts as reached, for lateness: when the server received
 * it, a time the learner cannot set; the client's timestamp only for a
 * verdict stored before the server kept that time. */
static gint64
pass_at (LrsVerdict *pass)
{
  return pass->recorded_at != 0 ? pass->recorded_at : pass->at;
}

/* Assignments: who must complete which module by when, and where they
 * stand, from the published catalog and the latest pass of each. */

/* The day of an instant (Unix microseconds) in @zone, the server's time
 * zone (the city's); the zone is made once per report, as making the
 * local one reads the file system each time. */
static void
day_of (gint64     at,
        GTimeZone *zone,
        GDate     *day)
{
  gint64 seconds = at / G_USEC_PER_SEC;
  gint interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, seconds);
  gint64 local = seconds + g_time_zone_get_offset (zone, interval);
  gint64 days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  g_date_clear (day, 1);
  g_date_set_julian (day, (guint32) (g_date_get_julian (&epoch) + days));
}

/* What an assignment walk calls for each learner and module required
 * of them: the state as of the day, the due date and the latest pass. */
typedef void (*AssignmentFunc) (LrsAccount        *account,
                                AwarenessModule   *module,
                                AwarenessDueState  state,
                                const GDate       *due,
                                LrsVerdict        *pass,
                                GTimeZone         *zone,
                                gpointer           user_data);

/*
 * Walks the learners (of @department, or all) and the modules of
 * @catalog, judging each assignment as of @today with the library's
 * rules (awareness_assignment_evaluate) and the latest pass of each.
 * Nothing is allocated per assignment: the overview of a whole city
 * walks 100,000 of them.
 */
static gboolean
foreach_assignment (LrsStore         *store,
                    AwarenessCatalog *catalog,
                    GHashTable       *overrides,
                    const char       *home_page,
                    const char       *department,
                    const GDate      *today,
                    AssignmentFunc    func,
                    gpointer          user_data,
                    GError          **error)
{
  g_autoptr(GPtrArray) accounts = lrs_store_list_accounts (store, error);
  g_autoptr(GPtrArray) passes = NULL;
  g_autoptr(GPtrArray) modules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) module_index = g_hash_table_new (g_str_hash, g_str_equal);
  /* staff id → the latest pass of each module, by module index */
  g_autoptr(GHashTable) last_pass = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  /* Only a pass its answers earn completes an assignment. */
  LrsVerdictQuery query = { .home_page = home_page, .department = department, .passed_only = TRUE,
                            .verified_only = TRUE };
  GListModel *catalog_modules = awareness_catalog_get_modules (catalog);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GHashTable) follow_ups = NULL;
  g_autoptr(GDateTime) end_of_day = g_date_time_new (zone, g_date_get_year (today),
                                                      g_date_get_month (today),
                                                      g_date_get_day (today), 23, 59, 59.999999);

  if (accounts == NULL)
    return FALSE;
  /* The per-person assignments: the follow-ups of drill clicks. */
  follow_ups = lrs_drills_follow_ups_by_person (store, NULL, error);
  if (follow_ups == NULL)
    return FALSE;
  for (guint m = 0; m < g_list_model_get_n_items (catalog_modules); m++)
    {
      g_ptr_array_add (modules, g_list_model_get_item (catalog_modules, m));
      g_hash_table_insert (module_index,
                           (gpointer) awareness_module_get_id (g_ptr_array_index (modules, m)),
                           GUINT_TO_POINTER (m + 1));
    }

  /* As of @today: passes after it do not count. */
  query.until = g_date_time_to_unix (end_of_day) * G_USEC_PER_SEC
                + g_date_time_get_microsecond (end_of_day);
  passes = lrs_store_latest_verdicts (store, &query, error);
  if (passes == NULL)
    return FALSE;
  for (guint i = 0; i < passes->len; i++)
    {
      LrsVerdict *verdict = g_ptr_array_index (passes, i);
      g_autofree char *module = lrs_report_dup_module_of (verdict->activity);
      guint m = GPOINTER_TO_UINT (g_hash_table_lookup (module_index, module));
      LrsVerdict **latest;

      /* Received after the day: not yet a pass as of it. */
      if (m == 0 || pass_at (verdict) > query.until)
        continue;
      latest = g_hash_table_lookup (last_pass, verdict->staff_id);
      if (latest == NULL)
        {
          latest = g_new0 (LrsVerdict *, modules->len);
          g_hash_table_insert (last_pass, verdict->staff_id, latest);
        }
      /* Two activity IRIs of one module (the content's base changed): the
       * latest pass of either. */
      if (latest[m - 1] == NULL || verdict->at > latest[m - 1]->at)
        latest[m - 1] = verdict;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      LrsAccount *account = g_ptr_array_index (accounts, i);
      AwarenessStaff staff = { account->department, lrs_role_to_string (account->role),
                               account->segment, NULL };
      LrsVerdict **latest;
      GDate start;

      if (account->role == LRS_ROLE_ADMIN || !account->active ||
          (department != NULL && g_strcmp0 (account->department, department) != 0))
        continue;
      if (awareness_date_parse (account->start_date, &start))
        staff.start_date = &start;
      latest = g_hash_table_lookup (last_pass, account->staff_id);
      for (guint m = 0; m < modules->len; m++)
        {
          AwarenessModule *module = g_ptr_array_index (modules, m);
          const AwarenessAssignment *assignment =
            awareness_module_get_effective_assignment (module, overrides);
          LrsVerdict *pass = latest != NULL ? latest[m] : NULL;
          LrsFollowUp *follow_up = NULL;
          AwarenessAssignment personal;
          AwarenessDueState state;
          GDate passed, due;

          if (g_hash_table_size (follow_ups) > 0)
            {
              g_autofree char *key = lrs_follow_up_key (account->staff_id,
                                                        awareness_module_get_id (module));

              follow_up = g_hash_table_lookup (follow_ups, key);
            }
          /* Clicked by the day, and not passed since: theirs until passed. */
          if (follow_up != NULL && follow_up->assigned_at * G_USEC_PER_SEC <= query.until &&
              lrs_follow_up_is_open (follow_up, pass != NULL ? pass_at (pass) : 0))
            {
              lrs_follow_up_to_assignment (follow_up, &personal);
              assignment = &personal;
              pass = NULL;
            }
          if (assignment == NULL)
            continue;
          g_date_clear (&due, 1);
          if (pass != NULL)
            day_of (pass_at (pass), zone, &passed);
          state = awareness_assignment_evaluate (assignment, &staff, today,
                                                 pass != NULL ? &passed : NULL,
                                                 pass != NULL ? pass->version : NULL, &due);
          if (state != AWARENESS_DUE_NOT_REQUIRED)
            func (account, module, state, &due, pass, zone, user_data);
        }
    }
  return TRUE;
}

typedef struct {
  GPtrArray *rows;
  gboolean   only_overdue;
} RowsWalk;

static void
add_assignment_row_cb (LrsAccount        *account,
                       AwarenessModule   *module,
                       AwarenessDueState  state,
                       const GDate       *due,
                       LrsVerdict        *pass,
                       GTimeZone         *zone,
                       gpointer           user_data)
{
  RowsWalk *walk = user_data;
  LrsReportRow *row;
  char due_text[16];

  if (walk->only_overdue && state != AWARENESS_DUE_OVERDUE)
    return;
  g_date_strftime (due_text, sizeof due_text, "%Y-%m-%d", due);
  row = g_new0 (LrsReportRow, 1);
  row->staff_id = g_strdup (account->staff_id);
  row->display_name = g_strdup (account->display_name);
  row->department = g_strdup (account->department);
  row->module = g_strdup (awareness_module_get_id (module));
  row->due = g_strdup (due_text);
  row->due_state = g_strdup (awareness_due_state_to_string (state));
  row->date = pass != NULL ? g_strdup (pass->timestamp) : NULL;
  row->recorded = pass != NULL ? lrs_report_dup_recorded (pass) : NULL;
  row->verified = pass != NULL;
  row->version = pass != NULL ? g_strdup (pass->version) : NULL;
  row->score = pass != NULL ? pass->score : -1;
  row->last_result_score = -1;
  g_ptr_array_add (walk->rows, row);
}

/**
 * lrs_report_assignments:
 * @store: the store
 * @catalog: the catalog staff machines install (the latest published)
 * @overrides: (nullable): the assignments the server sets over the
 *   catalog's, by module id
 * @home_page: the account home page of this server's staff
 * @department: (nullable): one department only
 * @today: the day to judge on
 * @only_overdue: list only what is overdue (the reminders)
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type LrsReportRow): a row for each
 *   learner and each module required of them, by department and staff id
 */
GPtrArray *
lrs_report_assignments (LrsStore         *store,
                        AwarenessCatalog *catalog,
                        GHashTable       *overrides,
                        const char       *home_page,
                        const char       *department,
                        const GDate      *today,
                        gboolean          only_overdue,
                        GError          **error)
{
  RowsWalk walk = { g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_report_row_free),
                    only_overdue };

  if (!foreach_assignment (store, catalog, overrides, home_page, department, today,
                           add_assignment_row_cb, &walk, error))
    {
      g_ptr_array_unref (walk.rows);
      return NULL;
    }
  return walk.rows;
}

static const char * const due_headers_en[] = {
  "staff_id", "name", "department", "module", "state", "due", "last_passed", "version",
  "last_passed_recorded", NULL,
};
static const char * const due_headers_ja[] = {
  "職員番号", "氏名", "所属", "モジュール", "状況", "期限", "最終合格日時", "版", "最終合格の受信日時", NULL,
};

char *
lrs_report_assignments_to_csv (GPtrArray *rows,
                               gboolean   bom,
                               gboolean   japanese)
{
  GString *csv = g_string_new (bom ? "\xEF\xBB\xBF" : "");

  lrs_csv_append_record (csv, japanese ? due_headers_ja : due_headers_en,
                         G_N_ELEMENTS (due_headers_en) - 1);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);
      const char *values[] = { row->staff_id, row->display_name, row->department, row->module,
                               row->due_state, row->due, row->date, row->version,
                               row->recorded };

      lrs_csv_append_record (csv, values, G_N_ELEMENTS (values));
    }
  return g_string_free (csv, FALSE);
}

JsonNode *
lrs_report_assignments_to_json (GPtrArray *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      lrs_report_add_row_head (builder, row);
      lrs_json_add_nullable (builder, "state", row->due_state);
      lrs_json_add_nullable (builder, "due", row->due);
      lrs_json_add_nullable (builder, "last_passed", row->date);
      lrs_json_add_nullable (builder, "version", row->version);
      lrs_json_add_nullable (builder, "last_passed_recorded", row->recorded);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

enum { REQUIRED, COMPLETED, PENDING, OVERDUE, N_COUNTS };

static const char * const count_names[N_COUNTS] = { "required", "completed", "pending", "overdue" };

/* Counts one assignment, in the state named as awareness_due_state_to_string() does. */
static void
tally (guint      *count,
       const char *state)
{
  count[REQUIRED]++;
  if (g_strcmp0 (state, "completed") == 0)
    count[COMPLETED]++;
  else if (g_strcmp0 (state, "overdue") == 0)
    count[OVERDUE]++;
  else
    count[PENDING]++;
}

static void
add_counts (JsonBuilder *builder,
            const guint *count)
{
  for (guint n = 0; n < N_COUNTS; n++)
    {
      json_builder_set_member_name (builder, count_names[n]);
      json_builder_add_int_value (builder, count[n]);
    }
}

/* Required, completed, pending and overdue, per department or person. */
JsonNode *
lrs_report_assignments_summary (GPtrArray *rows,
                                gboolean   by_person)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);
      const char *key = by_person ? row->staff_id : row->department;
      guint *count = g_hash_table_lookup (counts, key);

      if (count == NULL)
        {
          count = g_new0 (guint, N_COUNTS);
          g_hash_table_insert (counts, (gpointer) key, count);
          g_ptr_array_add (order, row);
        }
      tally (count, row->due_state);
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < order->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (order, i);
      guint *count = g_hash_table_lookup (counts, by_person ? row->staff_id : row->department);

      json_builder_begin_object (builder);
      if (by_person)
        {
          lrs_json_add_nullable (builder, "staff_id", row->staff_id);
          lrs_json_add_nullable (builder, "name", row->display_name);
        }
      lrs_json_add_nullable (builder, "department", row->department);
      add_counts (builder, count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* The dashboard: the overview of the current fiscal year, a
 * department's staff, and the item analysis of the questions. */

/* A share in percent, to one decimal; 0 of 0 is 0. */
static double
percent (guint part,
         guint whole)
{
  return whole > 0 ? (double) (guint) (part * 1000.0 / whole + 0.5) / 10.0 : 0.0;
}

static void
add_fiscal_year (JsonBuilder *builder,
                 const GDate *today)
{
  guint year = awareness_fiscal_year (today);
  g_autofree char *ja = awareness_fiscal_year_name (year, "ja");
  g_autofree char *en = awareness_fiscal_year_name (year, "en");
  char as_of[16];

  g_date_strftime (as_of, sizeof as_of, "%Y-%m-%d", today);
  json_builder_set_member_name (builder, "fiscal_year");
  json_builder_add_int_value (builder, year);
  json_builder_set_member_name (builder, "fiscal_year_name");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ja");
  json_builder_add_string_value (builder, ja);
  json_builder_set_member_name (builder, "en");
  json_builder_add_string_value (builder, en);
  json_builder_end_object (builder);
  lrs_json_add_nullable (builder, "as_of", as_of);
}

typedef struct {
  GPtrArray  *departments;  /* in the order they come */
  GHashTable *counts;       /* department → guint[N_COUNTS] */
  guint       total[N_COUNTS];
  guint       monthly[12];  /* completions by month of the fiscal year */
  GDate       first;        /* of the fiscal year */
} OverviewWalk;

static void
count_assignment_cb (LrsAccount        *account,
                     AwarenessModule   *module,
                     AwarenessDueState  state,
                     const GDate       *due,
                     LrsVerdict        *pass,
                     GTimeZone         *zone,
                     gpointer           user_data)
{
  OverviewWalk *walk = user_data;
  const char *department = account->department != NULL ? account->department : "";
  const char *name = awareness_due_state_to_string (state);
  guint *count = g_hash_table_lookup (walk->counts, department);
  GDate day;
  guint month = 0;

  if (count == NULL)
    {
      count = g_new0 (guint, N_COUNTS);
      g_ptr_array_add (walk->departments, g_strdup (department));
      g_hash_table_insert (walk->counts,
                           g_ptr_array_index (walk->departments, walk->departments->len - 1),
                           count);
    }
  tally (count, name);
  tally (walk->total, name);
  if (state != AWARENESS_DUE_COMPLETED)
    return;
  /* A completion of an earlier year (a campaign) counts from April. */
  if (pass != NULL)
    day_of (pass_at (pass), zone, &day);
  if (pass != NULL && g_date_compare (&day, &walk->first) >= 0)
    month = (g_date_get_year (&day) - g_date_get_year (&walk->first)) * 12 + g_date_get_month (&day)
            - 4;
  walk->monthly[MIN (month, 11)]++;
}

/**
 * lrs_report_overview:
 * @department: (nullable): one department only, or NULL for all
 * @today: the day
 *
 * Where the organisation (or @department) stands in the fiscal year of @today, by the
 * same rules as lrs_report_assignments(): required, completed, pending
 * and overdue, with the completion rate, in all and per department, and
 * the rate at the end of each month of the year so far (by the day of
 * each completion that counts now).
 *
 * Returns: (transfer full): the overview as a JSON object, or NULL
 */
JsonNode *
lrs_report_overview (LrsStore         *store,
                     AwarenessCatalog *catalog,
                     GHashTable       *overrides,
                     const char       *home_page,
                     const char       *department,
                     const GDate      *today,
                     GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) departments = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  OverviewWalk walk = { departments, counts, { 0 }, { 0 } };
  GDate last;
  guint months;

  awareness_fiscal_year_bounds (awareness_fiscal_year (today), &walk.first, &last);
  if (!foreach_assignment (store, catalog, overrides, home_page, department, today,
                           count_assignment_cb,
                           &walk, error))
    return NULL;
  months = (g_date_get_year (today) - g_date_get_year (&walk.first)) * 12 + g_date_get_month (today)
           - 4 + 1;

  json_builder_begin_object (builder);
  add_fiscal_year (builder, today);
  add_counts (builder, walk.total);
  json_builder_set_member_name (builder, "rate");
  json_builder_add_double_value (builder, percent (walk.total[COMPLETED], walk.total[REQUIRED]));
  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < departments->len; i++)
    {
      const char *name = g_ptr_array_index (departments, i);
      guint *count = g_hash_table_lookup (counts, name);

      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "department", name);
      add_counts (builder, count);
      json_builder_set_member_name (builder, "rate");
      json_builder_add_double_value (builder, percent (count[COMPLETED], count[REQUIRED]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "trend");
  json_builder_begin_array (builder);
  for (guint m = 0, sum = 0; m < MIN (months, 12); m++)
    {
      GDate month_start = walk.first;
      char label[8];

      sum += walk.monthly[m];
      g_date_add_months (&month_start, m);
      g_date_strftime (label, sizeof label, "%Y-%m", &month_start);
      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "month", label);
      json_builder_set_member_name (builder, "completed");
      json_builder_add_int_value (builder, sum);
      json_builder_set_member_name (builder, "rate");
      json_builder_add_double_value (builder, percent (sum, walk.total[REQUIRED]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * lrs_report_add_last_results:
 * @rows: (element-type LrsReportRow): an assignment report of @department
 *
 * Adds to each row the latest verdict on its module, passed or failed,
 * with its date and score.
 */
gboolean
lrs_report_add_last_results (LrsStore    *store,
                             const char  *home_page,
                             const char  *department,
                             GPtrArray   *rows,
                             GError     **error)
{
  LrsVerdictQuery query = { .home_page = home_page, .department = department };
  g_autoptr(GPtrArray) verdicts = lrs_store_latest_verdicts (store, &query, error);
  g_autoptr(GHashTable) latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (verdicts == NULL)
    return FALSE;
  for (guint i = 0; i < verdicts->len; i++)
    {
      LrsVerdict *verdict = g_ptr_array_index (verdicts, i);
      g_autofree char *module = lrs_report_dup_module_of (verdict->activity);
      g_autofree char *key = g_strconcat (verdict->staff_id, "\t", module, NULL);
      LrsVerdict *known = g_hash_table_lookup (latest, key);

      if (known == NULL || verdict->at > known->at)
        g_hash_table_replace (latest, g_steal_pointer (&key), verdict);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *key = g_strconcat (row->staff_id, "\t", row->module, NULL);
      LrsVerdict *verdict = g_hash_table_lookup (latest, key);

      if (verdict == NULL)
        continue;
      row->last_result = g_strdup (verdict->passed ? "passed" : "failed");
      row->last_result_date = g_strdup (verdict->timestamp);
      row->last_result_score = verdict->score;
      row->last_result_verified = verdict->verified;
    }
  return TRUE;
}

static void
add_nullable_int (JsonBuilder *builder,
                  const char  *member,
                  gint         value)
{
  json_builder_set_member_name (builder, member);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * lrs_report_department:
 * @rows: (element-type LrsReportRow): the assignment report of
 *   @department, with the last results
 *
 * Returns: (transfer full): the department's staff and required modules,
 *   with their state, due date, last pass (date and version) and latest
 *   result, as a JSON object; also the audit evidence
 */
JsonNode *
lrs_report_department (GPtrArray        *rows,
                       AwarenessCatalog *catalog,
                       const char       *department,
                       const GDate      *today,
                       const char       *lang)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *generated = g_date_time_format_iso8601 (now);
  GListModel *modules = awareness_catalog_get_modules (catalog);

  json_builder_begin_object (builder);
  lrs_json_add_nullable (builder, "department", department);
  add_fiscal_year (builder, today);
  lrs_json_add_nullable (builder, "generated", generated);
  json_builder_set_member_name (builder, "modules");
  json_builder_begin_object (builder);
  for (guint m = 0; m < g_list_model_get_n_items (modules); m++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, m);

      lrs_json_add_nullable (builder, awareness_module_get_id (module),
                             awareness_module_get_title (module, lang));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      lrs_report_add_row_head (builder, row);
      lrs_json_add_nullable (builder, "state", row->due_state);
      lrs_json_add_nullable (builder, "due", row->due);
      lrs_json_add_nullable (builder, "last_passed", row->date);
      lrs_json_add_nullable (builder, "version", row->version);
      lrs_json_add_nullable (builder, "last_result", row->last_result);
      lrs_json_add_nullable (builder, "last_result_date", row->last_result_date);
      add_nullable_int (builder, "last_result_score", row->last_result_score);
      json_builder_set_member_name (builder, "last_result_verified");
      if (row->last_result != NULL)
        json_builder_add_boolean_value (builder, row->last_result_verified);
      else
        json_builder_add_null_value (builder);
      lrs_json_add_nullable (builder, "last_passed_recorded", row->recorded);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
