/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The self-inspection records on PostgreSQL: the same table and the same
 * behaviour as the SQLite store's (lrs-store-inspection-sqlite.c): a row
 * is written in the transaction that inserts its statement
 * (lrs_pg_inspection_ingest(), called by pg_insert_statements()), and
 * goes in the transaction that inserts its voiding statement.  The
 * statements stored before the table existed are read into it once by
 * its migration (10 of lrs-store-pg.c), under the migrations' lock.
 */
#include "config.h"

#include "awareness.h"
#include "lrs-store.h"
#include "lrs-store-pg-private.h"
#include "lrs-store-private.h"

/* The records read in one round trip. */
#define BATCH 2000

/* A PostgreSQL array literal of @values (NULL elements as NULL). */
static void
append_element (GString    *array,
                const char *value)
{
  if (array->len > 1)
    g_string_append_c (array, ',');
  if (value == NULL)
    {
      g_string_append (array, "NULL");
      return;
    }
  g_string_append_c (array, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (array, '\\');
      g_string_append_c (array, *p);
    }
  g_string_append_c (array, '"');
}

static char *
first_text (PGresult *result)
{
  if (result == NULL || PQntuples (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

static gint64
select_int (LrsPgStore  *self,
            const char  *sql,
            GError     **error)
{
  g_autoptr(PGresult) result = lrs_pg_run (self, sql, 0, NULL, NULL, NULL, 0, error);
  g_autofree char *text = first_text (result);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

enum {
  SEQ, HOME_PAGE, NAME, CHECKLIST, VERSION, ITEM, RESPONSE, COMMENT, AT, TIMESTAMP, N_COLUMNS,
};

/* Reads the statements after @from, up to @to, into inspection_records,
 * a batch at a time. */
static gboolean
read_records (LrsPgStore  *self,
              gint64       from,
              gint64       to,
              GError     **error)
{
  g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, to);

  for (;;)
    {
      g_autofree char *first = g_strdup_printf ("%" G_GINT64_FORMAT, from);
      g_autoptr(PGresult) scanned =
        LRS_PG_RUN (self,
                    "SELECT seq, statement FROM statements WHERE verb IN ('"
                    AWARENESS_XAPI_VERB_ANSWERED "', '" AWARENESS_XAPI_VERB_COMPLETED "') "
                    "AND seq > $1::bigint AND seq <= $2::bigint AND voided = 0 "
                    "AND activity LIKE '%/self-inspection/%' ORDER BY seq LIMIT "
                    G_STRINGIFY (BATCH),
                    error, first, last);
      GString *columns[N_COLUMNS];
      const char *values[N_COLUMNS];
      g_autoptr(PGresult) inserted = NULL;
      int n;

      if (scanned == NULL)
        return FALSE;
      n = PQntuples (scanned);
      if (n == 0)
        return TRUE;
      for (guint c = 0; c < N_COLUMNS; c++)
        columns[c] = g_string_new ("{");
      for (int i = 0; i < n; i++)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(AwarenessVerdict) record = NULL;
          g_autofree char *at = NULL;

          from = g_ascii_strtoll (PQgetvalue (scanned, i, 0), NULL, 10);
          if (!json_parser_load_from_data (parser, PQgetvalue (scanned, i, 1), -1, NULL))
            continue;
          record = lrs_statement_inspection (json_node_get_object (json_parser_get_root (parser)));
          if (record == NULL)
            continue;
          at = g_strdup_printf ("%" G_GINT64_FORMAT, lrs_verdict_at (record));
          append_element (columns[SEQ], PQgetvalue (scanned, i, 0));
          append_element (columns[HOME_PAGE], record->home_page);
          append_element (columns[NAME], record->name);
          append_element (columns[CHECKLIST], record->checklist_id);
          append_element (columns[VERSION], record->checklist_version);
          append_element (columns[ITEM], record->item_id);
          append_element (columns[RESPONSE], record->kind == AWARENESS_VERDICT_ANSWERED
                                                ? record->response : NULL);
          append_element (columns[COMMENT], record->comment);
          append_element (columns[AT], at);
          append_element (columns[TIMESTAMP], record->timestamp);
        }
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          g_string_append_c (columns[c], '}');
          values[c] = columns[c]->str;
        }
      inserted = lrs_pg_run (self,
                             "INSERT INTO inspection_records (seq, home_page, name, checklist, "
                             "version, item, response, comment, at, timestamp) "
                             "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], "
                             "$4::text[], $5::text[], $6::text[], $7::text[], $8::text[], "
                             "$9::bigint[], $10::text[]) ON CONFLICT (seq) DO NOTHING",
                             N_COLUMNS, values, NULL, NULL, 0, error);
      for (guint c = 0; c < N_COLUMNS; c++)
        g_string_free (columns[c], TRUE);
      if (inserted == NULL)
        return FALSE;
      if (n < BATCH)
        return TRUE;
    }
}

/* Reads every statement not voided into inspection_records: run in the
 * transaction of the migration that makes the table, which holds the
 * statements' lock so that no insert runs meanwhile. */
gboolean
lrs_pg_inspection_backfill (LrsPgStore  *self,
                            GError     **error)
{
  g_autofree char *lock = g_strdup_printf ("%" G_GINT64_FORMAT, LRS_PG_LOCK_STATEMENTS);
  g_autoptr(PGresult) locked = LRS_PG_RUN (self, "SELECT pg_advisory_xact_lock($1)", error,
                                           lock);
  gint64 to;

  if (locked == NULL)
    return FALSE;
  to = select_int (self, "SELECT coalesce(max(seq), 0) FROM statements", error);
  return to >= 0 && (to == 0 || read_records (self, 0, to, error));
}

/* Records the statement, stored as @seq, in inspection_records if it is a
 * self-inspection record; if it voids the statement @voids, deletes that
 * one's row.  Called inside the transaction that inserts the statement. */
gboolean
lrs_pg_inspection_ingest (LrsPgStore  *self,
                          const char  *seq,
                          JsonObject  *statement,
                          const char  *voids,
                          GError     **error)
{
  g_autoptr(AwarenessVerdict) record = lrs_statement_inspection (statement);

  if (record != NULL)
    {
      g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, lrs_verdict_at (record));
      g_autoptr(PGresult) inserted =
        LRS_PG_RUN (self,
                    "INSERT INTO inspection_records (seq, home_page, name, checklist, version, "
                    "item, response, comment, at, timestamp) VALUES ($1::bigint, $2, $3, $4, "
                    "$5, $6, $7, $8, $9::bigint, $10) ON CONFLICT (seq) DO NOTHING",
                    error, seq, record->home_page, record->name, record->checklist_id,
                    record->checklist_version, record->item_id,
                    record->kind == AWARENESS_VERDICT_ANSWERED ? record->response : NULL,
                    record->comment, at, record->timestamp);

      if (inserted == NULL)
        return FALSE;
    }
  if (voids != NULL)
    {
      g_autoptr(PGresult) deleted =
        LRS_PG_RUN (self,
                    "DELETE FROM inspection_records "
                    "WHERE seq = (SELECT seq FROM statements WHERE id = $1)",
                    error, voids);

      if (deleted == NULL)
        return FALSE;
    }
  return TRUE;
}

#define COLUMNS \
  "SELECT r.name, r.checklist, r.version, r.item, r.response, r.comment, r.timestamp, " \
  "r.at::text "

static gboolean
pg_foreach_inspection_record (LrsStore                 *store,
                              const LrsInspectionQuery *query,
                              LrsInspectionFunc         func,
                              gpointer                  user_data,
                              GError                  **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, query->since);
  g_autofree char *until = g_strdup_printf ("%" G_GINT64_FORMAT, query->until);
  g_autoptr(PGresult) result = NULL;

  result = LRS_PG_RUN (self,
                       query->department != NULL
                         ? COLUMNS "FROM accounts a JOIN inspection_records r "
                           "ON r.home_page = $1 AND r.name = a.staff_id "
                           "WHERE a.department = $2 "
                           "AND ($3::text IS NULL OR r.checklist = $3) AND r.at >= $4::bigint "
                           "AND ($5::bigint = 0 OR r.at <= $5::bigint) ORDER BY r.seq"
                         : COLUMNS "FROM inspection_records r "
                           "WHERE r.home_page = $1 AND ($2::text IS NULL OR TRUE) "
                           "AND ($3::text IS NULL OR r.checklist = $3) AND r.at >= $4::bigint "
                           "AND ($5::bigint = 0 OR r.at <= $5::bigint) ORDER BY r.seq",
                       error, query->home_page, query->department, query->checklist, since, until);
  if (result == NULL)
    return FALSE;

  for (int i = 0; i < PQntuples (result); i++)
    {
#define VALUE(c) (PQgetisnull (result, i, c) ? NULL : PQgetvalue (result, i, c))
      LrsInspectionRecord record = {
        .name = VALUE (0),
        .checklist = VALUE (1),
        .version = VALUE (2),
        .item = VALUE (3),
        .response = VALUE (4),
        .comment = VALUE (5),
        .timestamp = VALUE (6),
        .at = g_ascii_strtoll (PQgetvalue (result, i, 7), NULL, 10),
      };
#undef VALUE

      func (&record, user_data);
    }
  return TRUE;
}

void
lrs_pg_inspection_iface_init (LrsStoreInterface *iface)
{
  iface->foreach_inspection_record = pg_foreach_inspection_record;
}
