/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Staff rosters as CSV (RFC 4180: quoted fields, doubled quotes, CRLF or
 * LF), UTF-8 with or without a byte order mark or Shift_JIS (CP932), as a
 * spreadsheet in a Japanese city office exports them.  The first row names the columns,
 * in English or Japanese; rows that cannot become accounts are reported
 * with their line number and the reason, and never stop the others.
 */
#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "awareness.h"
#include "lrs-assignments.h"
#include "lrs-roster.h"
#include "lrs-store.h"

typedef enum {
  COLUMN_STAFF_ID,
  COLUMN_DISPLAY_NAME,
  COLUMN_DEPARTMENT,
  COLUMN_ROLE,
  COLUMN_SEGMENT,
  COLUMN_START_DATE,
  COLUMN_EMAIL,
  COLUMN_STATE,
  N_COLUMNS,
} Column;

static const struct {
  Column      column;
  const char *name;
} column_names[] = {
  { COLUMN_STAFF_ID, "staff_id" }, { COLUMN_STAFF_ID, "職員番号" }, { COLUMN_STAFF_ID, "職員ID" },
  { COLUMN_DISPLAY_NAME, "display_name" }, { COLUMN_DISPLAY_NAME, "name" }, { COLUMN_DISPLAY_NAME,
    "氏名" },
  { COLUMN_DEPARTMENT, "department" }, { COLUMN_DEPARTMENT, "所属" }, { COLUMN_DEPARTMENT, "所属課" },
  { COLUMN_ROLE, "role" }, { COLUMN_ROLE, "役割" },
  { COLUMN_SEGMENT, "segment" }, { COLUMN_SEGMENT, "系統" }, { COLUMN_SEGMENT, "ネットワーク系統" },
  { COLUMN_START_DATE, "start_date" }, { COLUMN_START_DATE, "着任日" }, { COLUMN_START_DATE, "採用日" },
  { COLUMN_EMAIL, "email" }, { COLUMN_EMAIL, "メールアドレス" }, { COLUMN_EMAIL, "メール" },
  { COLUMN_STATE, "state" }, { COLUMN_STATE, "状態" },
};

void
lrs_roster_row_free (LrsRosterRow *row)
{
  g_free (row->staff_id);
  g_free (row->display_name);
  g_free (row->department);
  g_free (row->role);
  g_free (row->segment);
  g_free (row->start_date);
  g_free (row->email);
  g_free (row);
}

void
lrs_roster_rejection_free (LrsRosterRejection *rejection)
{
  g_free (rejection->staff_id);
  g_free (rejection->reason);
  g_free (rejection);
}

/* A day as YYYY-M-D, with or without leading zeros. */
static gboolean
parse_day (const char *text,
           GDate      *date)
{
  guint y, m, d;
  char rest;

  g_date_clear (date, 1);
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &rest) != 3 || y < 1900 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/**
 * lrs_email_is_valid:
 *
 * Returns: whether @address is an e-mail address a relay takes: ASCII,
 *   local@domain, the domain with a dot and letters, digits and hyphens
 */
gboolean
lrs_email_is_valid (const char *address)
{
  const char *at = address != NULL ? strchr (address, '@') : NULL;
  const char *p;

  if (at == NULL || at == address || strchr (at + 1, '@') != NULL || strlen (address) > 254 ||
      at - address > 64 || strchr (at + 1, '.') == NULL || at[1] == '.' ||
      g_str_has_suffix (address, "."))
    return FALSE;
  for (p = address; p < at; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+/=?^_`{|}~.-", *p) == NULL)
      return FALSE;
  if (address[0] == '.' || at[-1] == '.' || strstr (address, "..") != NULL)
    return FALSE;
  for (p = at + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return FALSE;
  return TRUE;
}

/**
 * lrs_cell_is_formula:
 *
 * Returns: whether a spreadsheet would read @text as a formula (it begins
 *   with = + - @, or their full-width forms, or a tab or carriage return);
 *   a lone hyphen, the usual mark of nothing, is not one
 */
gboolean
lrs_cell_is_formula (const char *text)
{
  if (text == NULL || text[0] == '\0' || g_strcmp0 (text, "-") == 0)
    return FALSE;
  return strchr ("=+-@\t\r", text[0]) != NULL || g_str_has_prefix (text, "＝") ||
         g_str_has_prefix (text, "＋") || g_str_has_prefix (text, "－") ||
         g_str_has_prefix (text, "＠");
}

/**
 * lrs_roster_to_utf8:
 * @encoding: (nullable): "utf-8", "shift_jis" (read as CP932, what Excel
 *   writes in Japan) or NULL to tell them apart: UTF-8 when the bytes
 *   are valid UTF-8, CP932 otherwise
 *
 * Returns: (transfer full): the roster in UTF-8, or NULL with @error
 */
char *
lrs_roster_to_utf8 (const char  *data,
                    gsize        length,
                    const char  *encoding,
                    gsize       *utf8_length,
                    GError     **error)
{
  g_autoptr(GError) convert_error = NULL;
  char *converted;

  if (encoding != NULL && g_ascii_strcasecmp (encoding, "utf-8") != 0 &&
      g_ascii_strcasecmp (encoding, "shift_jis") != 0 &&
      g_ascii_strcasecmp (encoding, "cp932") != 0)
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION,
                   _("Unknown encoding “%s”: give utf-8 or shift_jis"), encoding);
      return NULL;
    }
  if ((encoding == NULL && g_utf8_validate_len (data, length, NULL)) ||
      (encoding != NULL && g_ascii_strcasecmp (encoding, "utf-8") == 0))
    {
      if (!g_utf8_validate_len (data, length, NULL))
        {
          g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                       _("The roster is not UTF-8 (save it from the spreadsheet as “CSV UTF-8”)"));
          return NULL;
        }
      converted = g_malloc (length + 1);
      memcpy (converted, data, length);
      converted[length] = '\0';
      *utf8_length = length;
      return converted;
    }
  converted = g_convert (data, (gssize) length, "UTF-8", "CP932", NULL, utf8_length,
                         &convert_error);
  if (converted == NULL)
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("The roster is neither UTF-8 nor Shift_JIS (CP932): %s"),
                   convert_error->message);
      return NULL;
    }
  return converted;
}

/* Reads one record; returns its fields, or NULL at the end.  *line is the
 * line where the record starts; quoted fields may span lines. */
static GPtrArray *
read_record (const char **p,
             const char  *end,
             guint       *line,
             guint       *next_line,
             gboolean    *bad_quote)
{
  GPtrArray *fields;
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE, was_quoted = FALSE;

  if (*p >= end)
    {
      g_string_free (field, TRUE);
      return NULL;
    }

  fields = g_ptr_array_new_with_free_func (g_free);
  *line = *next_line;
  *bad_quote = FALSE;

  while (*p < end)
    {
      char c = **p;

      if (quoted)
        {
          if (c == '"' && *p + 1 < end && (*p)[1] == '"')
            {
              g_string_append_c (field, '"');
              *p += 2;
              continue;
            }
          if (c == '"')
            {
              quoted = FALSE;
              (*p)++;
              continue;
            }
          if (c == '\n')
            (*next_line)++;
          g_string_append_c (field, c);
          (*p)++;
          continue;
        }

      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          (*p)++;
          continue;
        }
      if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
          (*p)++;
          continue;
        }
      if (c == '\r' && *p + 1 < end && (*p)[1] == '\n')
        (*p)++;
      if (c == '\n' || c == '\r')
        {
          (*p)++;
          (*next_line)++;
          break;
        }
      if (was_quoted)
        *bad_quote = TRUE;   /* text after a closing quote */
      g_string_append_c (field, c);
      (*p)++;
    }

  if (quoted)
    *bad_quote = TRUE;       /* a quote never closed */
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  return fields;
}

static void
reject (GPtrArray  *rejections,
        guint       line,
        const char *staff_id,
        const char *reason)
{
  LrsRosterRejection *rejection = g_new0 (LrsRosterRejection, 1);

  rejection->line = line;
  rejection->staff_id = g_strdup (staff_id != NULL ? staff_id : "");
  rejection->reason = g_strdup (reason);
  g_ptr_array_add (rejections, rejection);
}

/**
 * lrs_roster_parse:
 * @data: the CSV bytes
 * @length: their number
 * @rows: (out): the rows that can become accounts
 * @rejections: (out): the rows that cannot, with their line and reason
 * @error: return location for an error about the file as a whole
 *
 * Returns: whether the file could be read at all (UTF-8, a header row
 *   naming the staff id column)
 */
gboolean
lrs_roster_parse (const char  *data,
                  gsize        length,
                  GPtrArray  **rows,
                  GPtrArray  **rejections,
                  GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lrs_roster_row_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lrs_roster_rejection_free);
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p = data, *end = data + length;
  gint index[N_COLUMNS];
  guint line = 1, next_line = 1;
  gboolean bad_quote;
  GPtrArray *record;

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("The roster is not UTF-8 (save it from the spreadsheet as “CSV UTF-8”)"));
      return FALSE;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  header = read_record (&p, end, &line, &next_line, &bad_quote);
  for (guint c = 0; c < N_COLUMNS; c++)
    index[c] = -1;
  for (guint i = 0; header != NULL && i < header->len; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (g_ptr_array_index (header, i)));

      for (guint n = 0; n < G_N_ELEMENTS (column_names); n++)
        if (g_ascii_strcasecmp (name, column_names[n].name) == 0
            && index[column_names[n].column] < 0)
          index[column_names[n].column] = (gint) i;
    }
  if (index[COLUMN_STAFF_ID] < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The first row must name the columns, with staff_id (職員番号) among them"));
      return FALSE;
    }

  while ((record = read_record (&p, end, &line, &next_line, &bad_quote)) != NULL)
    {
      g_autoptr(GPtrArray) fields = record;
      LrsRosterRow *row;
      const char *values[N_COLUMNS] = { NULL };
      LrsRole role;

      /* Blank lines, as spreadsheets leave at the end. */
      if (fields->len == 1 && g_strstrip ((char *) g_ptr_array_index (fields, 0))[0] == '\0')
        continue;

      for (guint c = 0; c < N_COLUMNS; c++)
        if (index[c] >= 0 && (guint) index[c] < fields->len)
          values[c] = g_strstrip ((char *) g_ptr_array_index (fields, index[c]));

      if (bad_quote)
        {
          reject (refused, line, values[COLUMN_STAFF_ID],
                  _("a quoted field is not closed properly"));
          continue;
        }
      if (fields->len != header->len)
        {
          g_autofree char *reason = g_strdup_printf (_("%u fields; the header has %u"),
                                                     fields->len, header->len);
          reject (refused, line, values[COLUMN_STAFF_ID], reason);
          continue;
        }
      if (values[COLUMN_STAFF_ID] == NULL || values[COLUMN_STAFF_ID][0] == '\0')
        {
          reject (refused, line, NULL, _("no staff id"));
          continue;
        }
      role = LRS_ROLE_LEARNER;
      if (values[COLUMN_ROLE] != NULL && values[COLUMN_ROLE][0] != '\0'
          && !lrs_role_from_string (values[COLUMN_ROLE], &role))
        {
          reject (refused, line, values[COLUMN_STAFF_ID],
                  _("role must be learner (受講者), admin (管理者) or department-head (所属長)"));
          continue;
        }
      if (role == LRS_ROLE_DEPARTMENT_HEAD &&
          (values[COLUMN_DEPARTMENT] == NULL || values[COLUMN_DEPARTMENT][0] == '\0'))
        {
          reject (refused, line, values[COLUMN_STAFF_ID],
                  _("a department head (所属長) needs a department"));
          continue;
        }
      if (values[COLUMN_START_DATE] != NULL && values[COLUMN_START_DATE][0] != '\0')
        {
          GDate date;

          /* Spreadsheets write 2026/4/1 as often as 2026-04-01. */
          g_strdelimit ((char *) values[COLUMN_START_DATE], "/", '-');
          if (!parse_day (values[COLUMN_START_DATE], &date))
            {
              reject (refused, line, values[COLUMN_STAFF_ID],
                      _("start_date must be a date, such as 2026-04-01"));
              continue;
            }
        }

      {
        const char *formula = NULL;

        for (guint c = 0; c < N_COLUMNS && formula == NULL; c++)
          if (lrs_cell_is_formula (values[c]))
            formula = values[c];
        if (formula != NULL)
          {
            g_autofree char *reason = g_strdup_printf (_("“%s” looks like a spreadsheet formula"),
                                                       formula);

            reject (refused, line, values[COLUMN_STAFF_ID], reason);
            continue;
          }
      }
      if (values[COLUMN_EMAIL] != NULL && values[COLUMN_EMAIL][0] != '\0' &&
          !lrs_email_is_valid (values[COLUMN_EMAIL]))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not an e-mail address"),
                                                     values[COLUMN_EMAIL]);

          reject (refused, line, values[COLUMN_STAFF_ID], reason);
          continue;
        }
      if (values[COLUMN_STATE] != NULL && values[COLUMN_STATE][0] != '\0' &&
          !g_strv_contains ((const char *[]) { "active", "disabled", "有効", "無効", NULL },
                            values[COLUMN_STATE]))
        {
          reject (refused, line, values[COLUMN_STAFF_ID],
                  _("state must be active (有効) or disabled (無効)"));
          continue;
        }

      if (g_hash_table_contains (seen, values[COLUMN_STAFF_ID]))
        {
          reject (refused, line, values[COLUMN_STAFF_ID],
                  _("the staff id appears twice in the roster"));
          continue;
        }
      g_hash_table_add (seen, g_strdup (values[COLUMN_STAFF_ID]));

      row = g_new0 (LrsRosterRow, 1);
      row->line = line;
      row->staff_id = g_strdup (values[COLUMN_STAFF_ID]);
      row->display_name = g_strdup (
        values[COLUMN_DISPLAY_NAME] != NULL ? values[COLUMN_DISPLAY_NAME] : "");
      row->department = g_strdup (values[COLUMN_DEPARTMENT] != NULL ? values[COLUMN_DEPARTMENT]
                                                                    : "");
      row->segment = g_strdup (values[COLUMN_SEGMENT] != NULL ? values[COLUMN_SEGMENT] : "");
      if (values[COLUMN_START_DATE] != NULL && values[COLUMN_START_DATE][0] != '\0')
        {
          GDate date;
          char text[16];

          parse_day (values[COLUMN_START_DATE], &date);
          g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
          row->start_date = g_strdup (text);
        }
      row->role = g_strdup (lrs_role_to_string (role));
      if (index[COLUMN_EMAIL] >= 0)
        row->email = g_strdup (values[COLUMN_EMAIL] != NULL ? values[COLUMN_EMAIL] : "");
      if (index[COLUMN_STATE] < 0 || values[COLUMN_STATE] == NULL ||
          values[COLUMN_STATE][0] == '\0')
        row->active = -1;
      else
        row->active = g_strcmp0 (values[COLUMN_STATE], "disabled") != 0 &&
                      g_strcmp0 (values[COLUMN_STATE], "無効") != 0;
      g_ptr_array_add (found, row);
    }

  *rows = g_steal_pointer (&found);
  *rejections = g_steal_pointer (&refused);
  return TRUE;
}

static void
add_audience (GHashTable                *known,
              const AwarenessAssignment *assignment)
{
  if (assignment != NULL && assignment->audience == AWARENESS_AUDIENCE_DEPARTMENT &&
      assignment->audience_value != NULL && assignment->audience_value[0] != '\0')
    g_hash_table_add (known, g_strdup (assignment->audience_value));
}

/**
 * lrs_roster_known_departments:
 * @store: the store
 * @catalog: (nullable): the published catalog
 * @error: return location for an error
 *
 * The departments a roster may name: those of the accounts already
 * stored (the roster imported before, and accounts added one by one) and
 * those that the catalog's assignments or the server's overrides are
 * addressed to.  A new department comes in by adding its first account
 * on its own (the dashboard's Staff page, `awareness admin accounts
 * add`) or by an assignment addressed to it; a roster cannot bring in a
 * misspelt one.
 *
 * Returns: (transfer full): a set of department names, empty on a
 *   server that knows none yet; or NULL on error
 */
GHashTable *
lrs_roster_known_departments (LrsStore          *store,
                              AwarenessCatalog  *catalog,
                              GError           **error)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) accounts = lrs_store_list_accounts (store, error);
  g_autoptr(GHashTable) overrides = NULL;
  GHashTableIter iter;
  gpointer rule;

  if (accounts == NULL)
    return NULL;
  for (guint i = 0; i < accounts->len; i++)
    {
      LrsAccount *account = g_ptr_array_index (accounts, i);

      if (account->department != NULL && account->department[0] != '\0')
        g_hash_table_add (known, g_strdup (account->department));
    }
  overrides = lrs_assignments_load_overrides (store, error);
  if (overrides == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, overrides);
  while (g_hash_table_iter_next (&iter, NULL, &rule))
    add_audience (known, rule);
  if (catalog != NULL)
    {
      GListModel *modules = awareness_catalog_get_modules (catalog);
      GListModel *checklists = awareness_catalog_get_checklists (catalog);

      for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
        {
          g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);

          add_audience (known, awareness_module_get_assignment (module));
        }
      for (guint i = 0; i < g_list_model_get_n_items (checklists); i++)
        {
          g_autoptr(AwarenessChecklist) checklist = g_list_model_get_item (checklists, i);

          add_audience (known, awareness_checklist_get_assignment (checklist));
        }
    }
  return g_steal_pointer (&known);
}

static int
by_line (gconstpointer a,
         gconstpointer b)
{
  const LrsRosterRejection *x = *(LrsRosterRejection **) a;
  const LrsRosterRejection *y = *(LrsRosterRejection **) b;

  return x->line < y->line ? -1 : x->line > y->line;
}

/**
 * lrs_roster_refuse_unknown_departments:
 * @rows: the rows a roster's parse took; those naming a department not
 *   in @known move to @rejections
 * @rejections: the rows refused, kept in line order
 * @known: the departments known (see lrs_roster_known_departments()); when
 *   empty, a first roster names them and none is refused
 *
 * A row without a department is kept: staff without one have a page of
 * their own in the reports.
 */
void
lrs_roster_refuse_unknown_departments (GPtrArray  *rows,
                                       GPtrArray  *rejections,
                                       GHashTable *known)
{
  g_autofree const char **names = NULL;

  if (g_hash_table_size (known) == 0)
    return;
  names = (const char **) g_hash_table_get_keys_as_array (known, NULL);
  for (guint i = 0; i < rows->len;)
    {
      LrsRosterRow *row = g_ptr_array_index (rows, i);
      g_auto(GStrv) nearest = NULL;
      g_autofree char *suggestion = NULL;
      g_autofree char *reason = NULL;

      if (row->department[0] == '\0' || g_hash_table_contains (known, row->department))
        {
          i++;
          continue;
        }
      nearest = awareness_nearest_names (row->department, names, 3);
      suggestion = awareness_format_suggestion ((const char * const *) nearest);
      /* Translators: the last %s is “; did you mean …?” or nothing. */
      reason = g_strdup_printf (_("the department “%s” is unknown (no account, assignment or "
                                  "override names it)%s"),
                                row->department, suggestion);
      reject (rejections, row->line, row->staff_id, reason);
      g_ptr_array_remove_index (rows, i);
    }
  g_ptr_array_sort (rejections, by_line);
}
