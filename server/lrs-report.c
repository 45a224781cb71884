/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The completion report: for each staff member and module, the latest
 * verdict (passed or failed) with its date, score and module version, as
 * the statements in the store record it; staff without any result are
 * listed too, so that an audit sees who has not begun.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "awareness.h"
#include "lrs-error.h"
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
  g_free (row->recorded);
  g_free (row->version);
  g_free (row->due);
  g_free (row->due_state);
  g_free (row->last_result);
  g_free (row->last_result_date);
  g_free (row);
}

/* The module of a verdict's activity IRI, by the library's IRI scheme
 * (any base: a base changed since still names the module). */
static char *
dup_module_of (const char *activity)
{
  char *module = NULL;

  awareness_iri_parse (activity, NULL, &module, NULL);
  return module != NULL ? module : g_strdup (activity);
}

/* When the server received @verdict, as ISO 8601 in UTC, or NULL if
 * unknown (a verdict stored before the server kept it). */
static char *
dup_recorded (LrsVerdict *verdict)
{
  g_autoptr(GDateTime) when = NULL;

  if (verdict->recorded_at == 0)
    return NULL;
  when = g_date_time_new_from_unix_utc (verdict->recorded_at / G_USEC_PER_SEC);
  return when != NULL ? g_date_time_format_iso8601 (when) : NULL;
}

/* When a pass counts as reached, for lateness: when the server received
 * it, a time the learner cannot set; the client's timestamp only for a
 * verdict stored before the server kept that time. */
static gint64
pass_at (LrsVerdict *pass)
{
  return pass->recorded_at != 0 ? pass->recorded_at : pass->at;
}

/* Unix microseconds of a time; 0 for none. */
static gint64
usec_of (GDateTime *when)
{
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
      row->module = dup_module_of (verdict->activity);
      row->result = g_strdup (verdict->passed ? "passed" : "failed");
      row->date = g_strdup (verdict->timestamp);
      row->recorded = dup_recorded (verdict);
      row->verified = verdict->verified;
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

/* Whether any verdict of @module is stored, whoever reached it. */
static gboolean
module_has_verdicts (LrsStore    *store,
                     const char  *home_page,
                     const char  *module,
                     gboolean    *found,
                     GError     **error)
{
  LrsVerdictQuery query = { .home_page = home_page, .module = module };
  g_autoptr(GPtrArray) verdicts = lrs_store_latest_verdicts (store, &query, error);

  if (verdicts == NULL)
    return FALSE;
  *found = verdicts->len > 0;
  return TRUE;
}

/**
 * lrs_report_check_names:
 * @store: the store
 * @catalog: (nullable): the published catalog
 * @home_page: the account home page of this server's staff accounts
 * @department: (nullable): a department a report is asked for
 * @module: (nullable): a module id (or activity IRI) a report is asked for
 * @error: return location for an error
 *
 * Checks that what a report is filtered by exists: a department that
 * some account belongs to, a module of the catalog or with verdicts.  A
 * name that matches nothing would make an empty report that looks like
 * nobody did anything; it gets LRS_ERROR_NOT_FOUND, with the nearest
 * names.
 *
 * Returns: whether both exist (or were not given)
 */
gboolean
lrs_report_check_names (LrsStore          *store,
                        AwarenessCatalog  *catalog,
                        const char        *home_page,
                        const char        *department,
                        const char        *module,
                        GError           **error)
{
  if (department != NULL)
    {
      g_autoptr(GPtrArray) accounts = lrs_store_list_accounts (store, error);
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree const char **known = NULL;
      g_auto(GStrv) nearest = NULL;
      g_autofree char *suggestion = NULL;

      if (accounts == NULL)
        return FALSE;
      for (guint i = 0; i < accounts->len; i++)
        {
          LrsAccount *account = g_ptr_array_index (accounts, i);

          /* “” too: the staff without a department have a page of their own. */
          g_hash_table_add (names, account->department != NULL ? account->department : (char *) "");
        }
      if (!g_hash_table_contains (names, department))
        {
          known = (const char **) g_hash_table_get_keys_as_array (names, NULL);
          nearest = awareness_nearest_names (department, known, 3);
          suggestion = awareness_format_suggestion ((const char * const *) nearest);
          /* Translators: the last %s is “; did you mean …?” or nothing. */
          g_set_error (error, LRS_ERROR, LRS_ERROR_NOT_FOUND,
                       _("No account belongs to the department “%s”%s"), department, suggestion);
          return FALSE;
        }
    }

  if (module != NULL)
    {
      GListModel *modules = catalog != NULL ? awareness_catalog_get_modules (catalog) : NULL;
      guint n = modules != NULL ? g_list_model_get_n_items (modules) : 0;
      g_autofree const char **ids = g_new0 (const char *, n + 1);
      g_autofree char *id = dup_module_of (module);
      g_auto(GStrv) nearest = NULL;
      g_autofree char *suggestion = NULL;
      gboolean found = FALSE;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(AwarenessModule) item = g_list_model_get_item (modules, i);

          ids[i] = awareness_module_get_id (item);
          found = found || g_strcmp0 (ids[i], id) == 0;
        }
      if (!found && !module_has_verdicts (store, home_page, module, &found, error))
        return FALSE;
      if (!found)
        {
          nearest = awareness_nearest_names (id, ids, 3);
          suggestion = awareness_format_suggestion ((const char * const *) nearest);
          /* Translators: the last %s is “; did you mean …?” or nothing. */
          g_set_error (
            error, LRS_ERROR, LRS_ERROR_NOT_FOUND,
            _("There is no module “%s”: it is not in the published catalog and nobody has "
               "results in it%s"),
            module, suggestion);
          return FALSE;
        }
    }

  return TRUE;
}

static const char * const headers_en[] = {
  "staff_id", "name", "department", "module", "result", "date", "score", "version", "verified",
  "recorded", NULL,
};
static const char * const headers_ja[] = {
  "職員番号", "氏名", "所属", "モジュール", "結果", "日時", "得点", "版", "検証", "受信日時", NULL,
};

/* A CSV field: quoted when needed, and never read as a formula by a
 * spreadsheet (names come from rosters anyone could have typed). */
static void
append_field (GString    *csv,
              const char *value)
{
  const char *text = value != NULL ? value : "";
  /* Spreadsheets read the full-width ＝ ＋ － ＠ as their ASCII forms. */
  gboolean formula = (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0') ||
                     g_str_has_prefix (text, "＝") || g_str_has_prefix (text, "＋") ||
                     g_str_has_prefix (text, "－") || g_str_has_prefix (text, "＠");

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

/* One CSV record, the fields quoted or defused as append_field() does:
 * for every CSV the server writes. */
void
lrs_csv_append_record (GString            *csv,
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

  lrs_csv_append_record (csv, japanese ? headers_ja : headers_en,
                         G_N_ELEMENTS (headers_en) - 1);
  for (guint i = 0; i < rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *score = row->score >= 0 ? g_strdup_printf ("%d", row->score) : NULL;
      const char *verified = row->result == NULL ? NULL : row->verified ? "verified" : "unverified";
      const char *values[] = { row->staff_id, row->display_name, row->department, row->module,
                               row->result, row->date, score, row->version, verified,
                               row->recorded };

      lrs_csv_append_record (csv, values, G_N_ELEMENTS (values));
    }

  return g_string_free (csv, FALSE);
}

/* A member that is a string, or null for NULL. */
void
lrs_json_add_nullable (JsonBuilder *builder,
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
  lrs_json_add_nullable (builder, "staff_id", row->staff_id);
  lrs_json_add_nullable (builder, "name", row->display_name);
  lrs_json_add_nullable (builder, "department", row->department);
  lrs_json_add_nullable (builder, "module", row->module);
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
      lrs_json_add_nullable (builder, "activity", row->activity);
      lrs_json_add_nullable (builder, "result", row->result);
      lrs_json_add_nullable (builder, "date", row->date);
      json_builder_set_member_name (builder, "score");
      if (row->score >= 0)
        json_builder_add_int_value (builder, row->score);
      else
        json_builder_add_null_value (builder);
      lrs_json_add_nullable (builder, "version", row->version);
      json_builder_set_member_name (builder, "verified");
      if (row->result != NULL)
        json_builder_add_boolean_value (builder, row->verified);
      else
        json_builder_add_null_value (builder);
      lrs_json_add_nullable (builder, "recorded", row->recorded);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/**
 * lrs_report_add_titles:
 * @rows: a report as JSON: an array of objects with a `module` member
 * @catalog: (nullable): the published catalog
 * @lang: the language of the titles
 *
 * Gives each row of a module of @catalog a `module_title`, in @lang, so
 * that people read titles rather than ids.
 */
void
lrs_report_add_titles (JsonNode         *rows,
                       AwarenessCatalog *catalog,
                       const char       *lang)
{
  JsonArray *array;

  if (catalog == NULL || !JSON_NODE_HOLDS_ARRAY (rows))
    return;
  array = json_node_get_array (rows);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      const char *id = row != NULL
                         ? json_object_get_string_member_with_default (row, "module", NULL)
                         : NULL;
      AwarenessModule *module = id != NULL ? awareness_catalog_lookup_module (catalog, id) : NULL;

      if (module != NULL && awareness_module_get_title (module, lang) != NULL)
        json_object_set_string_member (row, "module_title",
                                       awareness_module_get_title (module, lang));
    }
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
  g_autoptr(GDateTime) end_of_day = g_date_time_new (zone, g_date_get_year (today),
                                                      g_date_get_month (today),
                                                      g_date_get_day (today), 23, 59, 59.999999);

  if (accounts == NULL)
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
      g_autofree char *module = dup_module_of (verdict->activity);
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
      AwarenessStaff staff = { account->department, "learner", account->segment, NULL };
      LrsVerdict **latest;
      GDate start;

      if (account->role != LRS_ROLE_LEARNER || !account->active ||
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
          AwarenessDueState state;
          GDate passed, due;

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
  row->recorded = pass != NULL ? dup_recorded (pass) : NULL;
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
      add_row_head (builder, row);
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
 * @today: the day
 *
 * Where the organisation stands in the fiscal year of @today, by the
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
  if (!foreach_assignment (store, catalog, overrides, home_page, NULL, today, count_assignment_cb,
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
      const char *department = g_ptr_array_index (departments, i);
      guint *count = g_hash_table_lookup (counts, department);

      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "department", department);
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
      g_autofree char *module = dup_module_of (verdict->activity);
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
      add_row_head (builder, row);
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

/* Item analysis */

typedef struct {
  guint32 attempt;
  guint32 question;
  guint32 response;   /* index into responses */
  gboolean success;
} Answer;

typedef struct {
  char       *activity;
  guint       answers, correct;
  guint       upper, upper_correct, lower, lower_correct;
  GHashTable *wrong;     /* response index → count */
} Item;

typedef struct {
  GArray     *answers;
  GHashTable *attempts;   /* registration → index + 1 */
  GHashTable *questions;  /* activity → index + 1 */
  GPtrArray  *items;      /* Item, by index */
  GHashTable *response_ids;  /* response → index + 1 */
  GPtrArray  *responses;
} Collector;

static void
item_free (Item *item)
{
  g_free (item->activity);
  g_hash_table_unref (item->wrong);
  g_free (item);
}

static guint32
intern (GHashTable *ids,
        GPtrArray  *strings,
        const char *value)
{
  gpointer known = g_hash_table_lookup (ids, value);

  if (known != NULL)
    return GPOINTER_TO_UINT (known) - 1;
  g_ptr_array_add (strings, g_strdup (value));
  g_hash_table_insert (ids, g_ptr_array_index (strings, strings->len - 1),
                       GUINT_TO_POINTER (strings->len));
  return strings->len - 1;
}

static void
collect_answer_cb (const char *registration,
                   const char *activity,
                   gboolean    success,
                   const char *response,
                   gpointer    user_data)
{
  Collector *collector = user_data;
  Answer answer = { 0 };
  gpointer known = g_hash_table_lookup (collector->questions, activity);

  answer.attempt = GPOINTER_TO_UINT (g_hash_table_lookup (collector->attempts, registration));
  if (answer.attempt == 0)
    {
      answer.attempt = g_hash_table_size (collector->attempts) + 1;
      g_hash_table_insert (collector->attempts, g_strdup (registration),
                           GUINT_TO_POINTER (answer.attempt));
    }
  answer.attempt--;
  if (known == NULL)
    {
      Item *item = g_new0 (Item, 1);

      item->activity = g_strdup (activity);
      item->wrong = g_hash_table_new (NULL, NULL);
      g_ptr_array_add (collector->items, item);
      known = GUINT_TO_POINTER (collector->items->len);
      g_hash_table_insert (collector->questions, item->activity, known);
    }
  answer.question = GPOINTER_TO_UINT (known) - 1;
  answer.success = success;
  answer.response = intern (collector->response_ids, collector->responses,
                            response != NULL ? response : "");
  g_array_append_val (collector->answers, answer);
}

typedef struct {
  guint   attempt;
  double  score;
} AttemptScore;

static int
compare_scores (gconstpointer a,
                gconstpointer b)
{
  const AttemptScore *x = a, *y = b;

  if (x->score != y->score)
    return x->score < y->score ? -1 : 1;
  return x->attempt < y->attempt ? -1 : x->attempt > y->attempt;
}

/* The question of an activity IRI, by the library's IRI scheme, with
 * its module and question ids. */
static AwarenessQuestion *
lookup_question (AwarenessCatalog *catalog,
                 const char       *activity,
                 char            **module_id,
                 char            **question_id)
{
  AwarenessModule *module;

  if (awareness_iri_parse (activity, NULL, module_id, question_id) != AWARENESS_IRI_QUESTION)
    {
      g_clear_pointer (module_id, g_free);
      return NULL;
    }
  module = awareness_catalog_lookup_module (catalog, *module_id);
  return module != NULL ? awareness_module_lookup_question (module, *question_id) : NULL;
}

/* The text of a response (choice ids separated by [,]), in @lang. */
static char *
response_text (AwarenessQuestion *question,
               const char        *response,
               const char        *lang)
{
  g_auto(GStrv) ids = g_strsplit (response, "[,]", -1);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      AwarenessChoice *choice = question != NULL
                                  ? awareness_question_lookup_choice (question, ids[i])
                                  : NULL;
      g_autofree char *choice_text = choice != NULL
                                       ? awareness_choice_dup_text (choice, lang,
                                                                    AWARENESS_TEXT_FORMAT_PLAIN)
                                       : g_strdup (ids[i]);

      if (i > 0)
        g_string_append (text, " / ");
      g_string_append (text, choice_text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct {
  char      *clause;
  guint      answers, correct;
  GPtrArray *questions;   /* activity IRIs */
} ClauseStats;

static void
clause_stats_free (ClauseStats *stats)
{
  g_free (stats->clause);
  g_ptr_array_unref (stats->questions);
  g_free (stats);
}

static int
compare_clauses (gconstpointer a,
                 gconstpointer b)
{
  const ClauseStats *x = *(ClauseStats **) a, *y = *(ClauseStats **) b;
  double px = x->answers > 0 ? (double) x->correct / x->answers : 1.0;
  double py = y->answers > 0 ? (double) y->correct / y->answers : 1.0;

  if (px != py)
    return px < py ? -1 : 1;
  return g_strcmp0 (x->clause, y->clause);
}

static void
add_clause_head (JsonBuilder     *builder,
                 AwarenessClause *clause,
                 const char      *lang)
{
  g_autofree char *label = awareness_clause_dup_label (clause, lang);

  AwarenessClause *titled = clause;

  /* A numbered item has no title of its own: its section's. */
  while (titled != NULL && awareness_clause_get_title (titled, lang) == NULL)
    titled = awareness_clause_get_parent (titled);
  lrs_json_add_nullable (builder, "clause", awareness_clause_get_id (clause));
  lrs_json_add_nullable (builder, "label", label);
  lrs_json_add_nullable (builder, "title",
                         titled != NULL ? awareness_clause_get_title (titled, lang) : NULL);
}

/* One question's figures: p, D, the most chosen wrong answer. */
static void
add_item (JsonBuilder      *builder,
          Item             *item,
          Collector        *collector,
          AwarenessCatalog *catalog,
          const char       *lang,
          GHashTable       *clauses)
{
  g_autofree char *module_id = NULL;
  g_autofree char *question_id = NULL;
  AwarenessQuestion *question = lookup_question (catalog, item->activity, &module_id, &question_id);
  g_autofree char *prompt = question != NULL
                              ? awareness_question_dup_prompt (question, lang,
                                                               AWARENESS_TEXT_FORMAT_PLAIN)
                              : NULL;
  GHashTableIter iter;
  gpointer response, count;
  guint best = 0, best_count = 0;

  json_builder_begin_object (builder);
  lrs_json_add_nullable (builder, "activity", item->activity);
  lrs_json_add_nullable (builder, "module", module_id);
  lrs_json_add_nullable (builder, "question", question_id);
  lrs_json_add_nullable (builder, "prompt", prompt);
  json_builder_set_member_name (builder, "answers");
  json_builder_add_int_value (builder, item->answers);
  json_builder_set_member_name (builder, "correct");
  json_builder_add_int_value (builder, item->correct);
  json_builder_set_member_name (builder, "p");
  json_builder_add_double_value (builder,
                                 item->answers > 0 ? (double) item->correct / item->answers : 0.0);
  json_builder_set_member_name (builder, "discrimination");
  if (item->upper > 0 && item->lower > 0)
    json_builder_add_double_value (builder, (double) item->upper_correct / item->upper -
                                            (double) item->lower_correct / item->lower);
  else
    json_builder_add_null_value (builder);

  g_hash_table_iter_init (&iter, item->wrong);
  while (g_hash_table_iter_next (&iter, &response, &count))
    if (GPOINTER_TO_UINT (count) > best_count ||
        (GPOINTER_TO_UINT (count) == best_count &&
         g_strcmp0 (g_ptr_array_index (collector->responses, GPOINTER_TO_UINT (response)),
                    g_ptr_array_index (collector->responses, best)) < 0))
      {
        best = GPOINTER_TO_UINT (response);
        best_count = GPOINTER_TO_UINT (count);
      }
  json_builder_set_member_name (builder, "wrong");
  if (best_count > 0)
    {
      const char *chosen = g_ptr_array_index (collector->responses, best);
      g_autofree char *text = response_text (question, chosen, lang);

      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "response", chosen);
      lrs_json_add_nullable (builder, "text", text);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, best_count);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "clauses");
  json_builder_begin_array (builder);
  if (question != NULL)
    {
      GPtrArray *cited = awareness_question_get_clauses (question);

      for (guint c = 0; c < cited->len; c++)
        {
          const char *id = awareness_clause_get_id (g_ptr_array_index (cited, c));
          ClauseStats *stats = g_hash_table_lookup (clauses, id);

          json_builder_add_string_value (builder, id);
          if (stats == NULL)
            {
              stats = g_new0 (ClauseStats, 1);
              stats->clause = g_strdup (id);
              stats->questions = g_ptr_array_new ();
              g_hash_table_insert (clauses, stats->clause, stats);
            }
          stats->answers += item->answers;
          stats->correct += item->correct;
          g_ptr_array_add (stats->questions, item->activity);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * lrs_report_items:
 * @department: (nullable): the answers of one department's learners only
 * @lang: the language of the texts, ja or en
 *
 * The item analysis of every question answered: the share of answers
 * that are right (p); the discrimination index D, p among the attempts
 * whose share of right answers is in the upper 27% less p among those in
 * the lower 27%; and the most chosen wrong answer with its text.  Then
 * the same per clause of the policy the questions test, the clause
 * answered worst first, so that what staff misunderstand stands out.
 *
 * Returns: (transfer full): {"questions": […], "clauses": […]}, or NULL
 */
JsonNode *
lrs_report_items (LrsStore         *store,
                  AwarenessCatalog *catalog,
                  const char       *home_page,
                  const char       *department,
                  const char       *lang,
                  GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) clauses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) clause_stats_free);
  g_autoptr(GPtrArray) by_clause = NULL;
  g_autoptr(GArray) scores = NULL;
  g_autofree guint8 *group = NULL;   /* per attempt: 0 middle, 1 upper, 2 lower */
  g_autofree guint *right = NULL;
  g_autofree guint *total = NULL;
  Collector collector = {
    .answers = g_array_new (FALSE, FALSE, sizeof (Answer)),
    .attempts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .questions = g_hash_table_new (g_str_hash, g_str_equal),
    .items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free),
    .response_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .responses = g_ptr_array_new_with_free_func (g_free),
  };
  guint n_attempts, tail;
  JsonNode *root = NULL;
  GHashTableIter iter;
  gpointer value;

  if (!lrs_store_foreach_answer (store, home_page, department, collect_answer_cb, &collector,
                                 error))
    goto out;

  /* Each attempt's share of right answers, and the upper and lower 27%. */
  n_attempts = g_hash_table_size (collector.attempts);
  right = g_new0 (guint, n_attempts + 1);
  total = g_new0 (guint, n_attempts + 1);
  group = g_new0 (guint8, n_attempts + 1);
  for (guint i = 0; i < collector.answers->len; i++)
    {
      Answer *answer = &g_array_index (collector.answers, Answer, i);

      total[answer->attempt]++;
      right[answer->attempt] += answer->success ? 1 : 0;
    }
  scores = g_array_sized_new (FALSE, FALSE, sizeof (AttemptScore), n_attempts);
  for (guint a = 0; a < n_attempts; a++)
    {
      AttemptScore score = { a, (double) right[a] / total[a] };

      g_array_append_val (scores, score);
    }
  g_array_sort (scores, compare_scores);
  tail = (guint) (n_attempts * 0.27 + 0.5);
  for (guint i = 0; i < tail && i < n_attempts; i++)
    {
      group[g_array_index (scores, AttemptScore, i).attempt] = 2;
      group[g_array_index (scores, AttemptScore, n_attempts - 1 - i).attempt] = 1;
    }

  for (guint i = 0; i < collector.answers->len; i++)
    {
      Answer *answer = &g_array_index (collector.answers, Answer, i);
      Item *item = g_ptr_array_index (collector.items, answer->question);

      item->answers++;
      if (answer->success)
        item->correct++;
      else
        g_hash_table_insert (item->wrong, GUINT_TO_POINTER (answer->response),
                             GUINT_TO_POINTER (
                               GPOINTER_TO_UINT (
                                 g_hash_table_lookup (item->wrong,
                                                      GUINT_TO_POINTER (answer->response)))
                               + 1));
      if (group[answer->attempt] == 1)
        {
          item->upper++;
          item->upper_correct += answer->success ? 1 : 0;
        }
      else if (group[answer->attempt] == 2)
        {
          item->lower++;
          item->lower_correct += answer->success ? 1 : 0;
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, n_attempts);
  json_builder_set_member_name (builder, "min_answers");
  json_builder_add_int_value (builder, LRS_ITEM_MIN_ANSWERS);
  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < collector.items->len; i++)
    add_item (builder, g_ptr_array_index (collector.items, i), &collector, catalog, lang, clauses);
  json_builder_end_array (builder);

  by_clause = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, clauses);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (by_clause, value);
  g_ptr_array_sort (by_clause, compare_clauses);
  json_builder_set_member_name (builder, "clauses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < by_clause->len; i++)
    {
      ClauseStats *stats = g_ptr_array_index (by_clause, i);
      AwarenessClause *clause = awareness_catalog_lookup_clause (catalog, stats->clause);

      json_builder_begin_object (builder);
      add_clause_head (builder, clause, lang);
      json_builder_set_member_name (builder, "answers");
      json_builder_add_int_value (builder, stats->answers);
      json_builder_set_member_name (builder, "correct");
      json_builder_add_int_value (builder, stats->correct);
      json_builder_set_member_name (builder, "p");
      json_builder_add_double_value (builder, stats->answers > 0
                                                ? (double) stats->correct / stats->answers
                                                : 0.0);
      json_builder_set_member_name (builder, "questions");
      json_builder_begin_array (builder);
      for (guint q = 0; q < stats->questions->len; q++)
        json_builder_add_string_value (builder, g_ptr_array_index (stats->questions, q));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

out:
  g_array_unref (collector.answers);
  g_hash_table_unref (collector.attempts);
  g_hash_table_unref (collector.questions);
  g_ptr_array_unref (collector.items);
  g_hash_table_unref (collector.response_ids);
  g_ptr_array_unref (collector.responses);
  return root;
}

/**
 * lrs_report_clause:
 *
 * Returns: (transfer full): a clause of the policy, its number, title and
 *   text in @lang, as a JSON object
 */
JsonNode *
lrs_report_clause (AwarenessClause *clause,
                   const char      *lang)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) paragraphs = awareness_clause_dup_paragraphs (clause, lang,
                                                               AWARENESS_TEXT_FORMAT_PLAIN);

  json_builder_begin_object (builder);
  add_clause_head (builder, clause, lang);
  json_builder_set_member_name (builder, "text");
  json_builder_begin_array (builder);
  for (guint i = 0; paragraphs != NULL && paragraphs[i] != NULL; i++)
    json_builder_add_string_value (builder, paragraphs[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
