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
#include "lrs-report-private.h"

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
char *
lrs_report_dup_module_of (const char *activity)
{
  char *module = NULL;

  awareness_iri_parse (activity, NULL, &module, NULL);
  return module != NULL ? module : g_strdup (activity);
}

/* When the server received @verdict, as ISO 8601 in UTC, or NULL if
 * unknown (a verdict stored before the server kept it). */
char *
lrs_report_dup_recorded (LrsVerdict *verdict)
{
  g_autoptr(GDateTime) when = NULL;

  if (verdict->recorded_at == 0)
    return NULL;
  when = g_date_time_new_from_unix_utc (verdict->recorded_at / G_USEC_PER_SEC);
  return when != NULL ? g_date_time_format_iso8601 (when) : NULL;
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

      if (account->role != LRS_ROLE_ADMIN &&
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
      row->module = lrs_report_dup_module_of (verdict->activity);
      row->result = g_strdup (verdict->passed ? "passed" : "failed");
      row->date = g_strdup (verdict->timestamp);
      row->recorded = lrs_report_dup_recorded (verdict);
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
      g_autofree char *id = lrs_report_dup_module_of (module);
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
void
lrs_report_add_row_head (JsonBuilder  *builder,
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
      lrs_report_add_row_head (builder, row);
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
