/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The completion report: for each staff member and module, the latest
 * verdict (passed or failed) with its date, score and module version, as
 * the statements in the store record it; staff without any result are
 * listed too, so that an audit sees who has not begun.
 */
#include "config.h"

#include <string.h>

#include "awareness.h"
#include "lrs-report.h"

void
lrs_report_row_free (LrsReportRow *row)
{
  g_free (row->staff_id);
  g_free (row->display_name);
  g_free (row->department);
  g_free (row->module);
  g_free (row->activity);
  g_free (row->result);
  g_free (row->date);
  g_free (row->version);
  g_free (row->due);
  g_free (row->due_state);
  g_free (row);
}

static const char *
module_of (const char *activity)
{
  const char *slash = strrchr (activity, '/');

  return slash != NULL ? slash + 1 : activity;
}

/* Unix microseconds of an ISO 8601 timestamp; 0 for none. */
static gint64
usec_of (const char *timestamp)
{
  g_autoptr(GDateTime) when = timestamp != NULL ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;

  if (when == NULL)
    return 0;
  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const LrsReportRow *ra = *(LrsReportRow **) a;
  const LrsReportRow *rb = *(LrsReportRow **) b;
  int c;

  if ((c = g_strcmp0 (ra->department, rb->department)) != 0)
    return c;
  if ((c = g_strcmp0 (ra->staff_id, rb->staff_id)) != 0)
    return c;
  return g_strcmp0 (ra->module, rb->module);
}

/**
 * lrs_report_completion:
 * @store: the store
 * @home_page: the account home page of this server's staff accounts
 * @filter: which department, module and period
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type LrsReportRow): the rows, by
 *   department, staff id and module
 */
GPtrArray *
lrs_report_completion (LrsStore              *store,
                       const char            *home_page,
                       const LrsReportFilter *filter,
                       GError               **error)
{
  g_autoptr(GPtrArray) accounts = lrs_store_list_accounts (store, error);
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GHashTable) by_staff = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) with_results = g_hash_table_new (g_str_hash, g_str_equal);
  LrsVerdictQuery query = {
    .home_page = home_page,
    .department = filter->department,
    .module = filter->module,
    .since = usec_of (filter->since),
    .until = usec_of (filter->until),
  };
  GPtrArray *rows;

  if (accounts == NULL)
    return NULL;
  verdicts = lrs_store_latest_verdicts (store, &query, error);
  if (verdicts == NULL)
    return NULL;

  for (guint i = 0; i < accounts->len; i++)
    {
      LrsAccount *account = g_ptr_array_index (accounts, i);

      if (account->role == LRS_ROLE_LEARNER &&
          (filter->department == NULL || g_strcmp0 (account->department, filter->department) == 0))
        g_hash_table_insert (by_staff, account->staff_id, account);
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_report_row_free);
  for (guint i = 0; i < verdicts->len; i++)
    {
      LrsVerdict *verdict = g_ptr_array_index (verdicts, i);
      LrsAccount *account = g_hash_table_lookup (by_staff, verdict->staff_id);
      LrsReportRow *row;

      if (account == NULL)
        continue;
      row = g_new0 (LrsReportRow, 1);
      row->staff_id = g_strdup (account->staff_id);
      row->display_name = g_strdup (account->display_name);
      row->department = g_strdup (account->department);
      row->activity = g_strdup (verdict->activity);
      row->module = g_strdup (module_of (verdict->activity));
      row->result = g_strdup (verdict->passed ? "passed" : "failed");
      row->date = g_strdup (verdict->timestamp);
      row->score = verdict->score;
      row->version = g_strdup (verdict->version);
      g_ptr_array_add (rows, row);
      g_hash_table_add (with_results, account->staff_id);
    }

  /* Staff with nothing to show, unless the report is about one module's
   * period, where “nothing” would be ambiguous. */
  if (filter->module == NULL && filter->since == NULL && filter->until == NULL)
    for (guint i = 0; i < accounts->len; i++)
      {
        LrsAccount *account = g_ptr_array_index (accounts, i);
        LrsReportRow *row;

        if (!g_hash_table_contains (by_staff, account->staff_id) ||
            g_hash_table_contains (with_results, account->staff_id))
          continue;
        row = g_new0 (LrsReportRow, 1);
        row->staff_id = g_strdup (account->staff_id);
        row->display_name = g_strdup (account->display_name);
        row->department = g_strdup (account->department);
        row->score = -1;
        g_ptr_array_add (rows, row);
      }

  g_ptr_array_sort (rows, compare_rows);
  return rows;
}

static const char * const headers_en[] = {
  "staff_id", "name", "department", "module", "result", "date", "score", "version", NULL,
};
static const char * const headers_ja[] = {
  "職員番号", "氏名", "所属", "モジュール", "結果", "日時", "得点", "版", NULL,
};

/* A CSV field: quoted when needed, and never read as a formula by a
 * spreadsheet (names come from rosters anyone could have typed). */
static void
append_field (GString    *csv,
              const char *value)
{
  const char *text = value != NULL ? value : "";
  gboolean formula = strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0';

  if (formula || strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
      if (formula)
        g_string_append_c (csv, '\'');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, text);
}

/* One CSV record, the fields quoted or defused as append_field() does. */
static void
append_record (GString            *csv,
               const char * const *values,
               guint               n_values)
{
  for (guint f = 0; f < n_values; f++)
    {
      if (f > 0)
        g_string_append_c (csv, ',');
      append_field (csv, values[f]);
    }
  g_string_append (csv, "\r\n");
}

/**
 * lrs_report_to_csv:
 * @rows: (element-type LrsReportRow): the report
 * @bom: whether to begin with a byte order mark, for Excel
 * @japanese: whether the header row is in Japanese
 *
 * Returns: (transfer full): the report as CSV (RFC 4180, CRLF)
 */
char *
lrs_report_to_csv (GPtrArray *rows,
                   gboolean   bom,
                   gboolean   japanese)
{
  GString *csv = g_string_new (bom ? "\xEF\xBB\xBF" : "");

  append_record (csv, japanese ? headers_ja : headers_en, G_N_ELEMENTS (headers_en) - 1);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *score = row->score >= 0 ? g_strdup_printf ("%d", row->score) : NULL;
      const char *values[] = { row->staff_id, row->display_name, row->department, row->module,
                               row->result, row->date, score, row->version };

      append_record (csv, values, G_N_ELEMENTS (values));
    }

  return g_string_free (csv, FALSE);
}

static void
add_nullable (JsonBuilder *builder,
              const char  *member,
              const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Who and which module: the members every report row begins with. */
static void
add_row_head (JsonBuilder  *builder,
              LrsReportRow *row)
{
  add_nullable (builder, "staff_id", row->staff_id);
  add_nullable (builder, "name", row->display_name);
  add_nullable (builder, "department", row->department);
  add_nullable (builder, "module", row->module);
}

/**
 * lrs_report_to_json:
 * @rows: (element-type LrsReportRow): the report
 *
 * Returns: (transfer full): the report as a JSON array
 */
JsonNode *
lrs_report_to_json (GPtrArray *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      add_row_head (builder, row);
      add_nullable (builder, "activity", row->activity);
      add_nullable (builder, "result", row->result);
      add_nullable (builder, "date", row->date);
      json_builder_set_member_name (builder, "score");
      if (row->score >= 0)
        json_builder_add_int_value (builder, row->score);
      else
        json_builder_add_null_value (builder);
      add_nullable (builder, "version", row->version);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* Assignments: who must complete which module by when, and where they
 * stand, from the published catalog and the latest pass of each. */

/* The day of an instant, in the server's time zone (the city's). */
static gboolean
local_day (const char *timestamp,
           GDate      *day)
{
  g_autoptr(GDateTime) when = timestamp != NULL ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_local (when) : NULL;

  g_date_clear (day, 1);
  if (local == NULL)
    return FALSE;
  g_date_set_dmy (day, (GDateDay) g_date_time_get_day_of_month (local), (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
  return TRUE;
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
  g_autoptr(GPtrArray) accounts = lrs_store_list_accounts (store, error);
  g_autoptr(GPtrArray) passes = NULL;
  g_autoptr(GHashTable) last_pass = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  LrsVerdictQuery query = { .home_page = home_page, .department = department, .passed_only = TRUE };
  GListModel *modules = awareness_catalog_get_modules (catalog);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) end_of_day = g_date_time_new (zone, g_date_get_year (today), g_date_get_month (today),
                                                     g_date_get_day (today), 23, 59, 59.999999);
  GPtrArray *rows;

  if (accounts == NULL)
    return NULL;
  /* As of @today: passes after it do not count. */
  query.until = g_date_time_to_unix (end_of_day) * G_USEC_PER_SEC + g_date_time_get_microsecond (end_of_day);
  passes = lrs_store_latest_verdicts (store, &query, error);
  if (passes == NULL)
    return NULL;
  for (guint i = 0; i < passes->len; i++)
    {
      LrsVerdict *verdict = g_ptr_array_index (passes, i);
      g_autofree char *key = g_strconcat (verdict->staff_id, "\t", module_of (verdict->activity), NULL);
      LrsVerdict *known = g_hash_table_lookup (last_pass, key);

      /* Two activity IRIs of one module (the content's base changed): the
       * latest pass of either. */
      if (known == NULL || usec_of (verdict->timestamp) > usec_of (known->timestamp))
        g_hash_table_replace (last_pass, g_steal_pointer (&key), verdict);
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_report_row_free);
  for (guint i = 0; i < accounts->len; i++)
    {
      LrsAccount *account = g_ptr_array_index (accounts, i);
      AwarenessStaff staff = { account->department, "learner", account->segment, NULL };
      GDate start;

      if (awareness_date_parse (account->start_date, &start))
        staff.start_date = &start;

      if (account->role != LRS_ROLE_LEARNER || !account->active ||
          (department != NULL && g_strcmp0 (account->department, department) != 0))
        continue;
      for (guint m = 0; m < g_list_model_get_n_items (modules); m++)
        {
          g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, m);
          const AwarenessAssignment *assignment = awareness_module_get_effective_assignment (module, overrides);
          g_autofree char *key = g_strconcat (account->staff_id, "\t", awareness_module_get_id (module), NULL);
          LrsVerdict *pass = g_hash_table_lookup (last_pass, key);
          AwarenessDueState state;
          GDate passed, due;
          LrsReportRow *row;
          char due_text[16];

          if (assignment == NULL)
            continue;
          g_date_clear (&due, 1);
          state = awareness_assignment_evaluate (assignment, &staff, today,
                                                 pass != NULL && local_day (pass->timestamp, &passed) ? &passed : NULL,
                                                 pass != NULL ? pass->version : NULL, &due);
          if (state == AWARENESS_DUE_NOT_REQUIRED || (only_overdue && state != AWARENESS_DUE_OVERDUE))
            continue;
          g_date_strftime (due_text, sizeof due_text, "%Y-%m-%d", &due);
          row = g_new0 (LrsReportRow, 1);
          row->staff_id = g_strdup (account->staff_id);
          row->display_name = g_strdup (account->display_name);
          row->department = g_strdup (account->department);
          row->module = g_strdup (awareness_module_get_id (module));
          row->due = g_strdup (due_text);
          row->due_state = g_strdup (awareness_due_state_to_string (state));
          row->date = pass != NULL ? g_strdup (pass->timestamp) : NULL;
          row->version = pass != NULL ? g_strdup (pass->version) : NULL;
          row->score = pass != NULL ? pass->score : -1;
          g_ptr_array_add (rows, row);
        }
    }
  return rows;
}

static const char * const due_headers_en[] = {
  "staff_id", "name", "department", "module", "state", "due", "last_passed", "version", NULL,
};
static const char * const due_headers_ja[] = {
  "職員番号", "氏名", "所属", "モジュール", "状況", "期限", "最終合格日時", "版", NULL,
};

char *
lrs_report_assignments_to_csv (GPtrArray *rows,
                               gboolean   bom,
                               gboolean   japanese)
{
  GString *csv = g_string_new (bom ? "\xEF\xBB\xBF" : "");

  append_record (csv, japanese ? due_headers_ja : due_headers_en, G_N_ELEMENTS (due_headers_en) - 1);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);
      const char *values[] = { row->staff_id, row->display_name, row->department, row->module, row->due_state,
                               row->due, row->date, row->version };

      append_record (csv, values, G_N_ELEMENTS (values));
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
      add_row_head (builder, row);
      add_nullable (builder, "state", row->due_state);
      add_nullable (builder, "due", row->due);
      add_nullable (builder, "last_passed", row->date);
      add_nullable (builder, "version", row->version);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
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
          count = g_new0 (guint, 4);
          g_hash_table_insert (counts, (gpointer) key, count);
          g_ptr_array_add (order, row);
        }
      count[0]++;
      if (g_strcmp0 (row->due_state, "completed") == 0)
        count[1]++;
      else if (g_strcmp0 (row->due_state, "overdue") == 0)
        count[3]++;
      else
        count[2]++;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < order->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (order, i);
      guint *count = g_hash_table_lookup (counts, by_person ? row->staff_id : row->department);

      json_builder_begin_object (builder);
      if (by_person)
        {
          add_nullable (builder, "staff_id", row->staff_id);
          add_nullable (builder, "name", row->display_name);
        }
      add_nullable (builder, "department", row->department);
      json_builder_set_member_name (builder, "required");
      json_builder_add_int_value (builder, count[0]);
      json_builder_set_member_name (builder, "completed");
      json_builder_add_int_value (builder, count[1]);
      json_builder_set_member_name (builder, "pending");
      json_builder_add_int_value (builder, count[2]);
      json_builder_set_member_name (builder, "overdue");
      json_builder_add_int_value (builder, count[3]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}
