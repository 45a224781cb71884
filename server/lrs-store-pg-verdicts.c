/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PostgreSQL store's verdicts and answers, derived from the statements
 * as they are stored (see lrs-store-pg.c), and the server's checks of the
 * verdicts.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "awareness.h"
#include "lrs-store.h"
#include "lrs-store-private.h"
#include "lrs-store-pg-private.h"

/* The latest verdict of each staff member on each activity: one row per
 * pair (DISTINCT ON), read from the index in its order. */
static GPtrArray *
pg_latest_verdicts (LrsStore              *store,
                    const LrsVerdictQuery *query,
                    GError               **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GString) sql = g_string_new (
    "SELECT DISTINCT ON (v.name, v.activity) v.name, v.activity, v.passed, "
    "v.timestamp, v.score, v.version, v.at, coalesce(c.verified, 0), "
    "coalesce(c.recorded, 0) FROM verdicts v");
  g_autoptr(GPtrArray) verdicts = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lrs_verdict_free);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, query->since);
  g_autofree char *until = g_strdup_printf ("%" G_GINT64_FORMAT, query->until);
  const char *values[5] = { query->home_page };
  int n = 1;

  if (query->department != NULL)
    {
      values[n++] = query->department;
      g_string_append_printf (sql, " JOIN accounts a ON a.staff_id = v.name AND a.department = $%d "
                                   "AND a.role <> 'admin'", n);
    }
  g_string_append (sql, " LEFT JOIN verdict_checks c ON c.seq = v.seq WHERE v.home_page = $1");
  if (query->module != NULL)
    {
      values[n++] = query->module;
      g_string_append_printf (sql, " AND (v.activity = $%d OR v.module = $%d)", n, n);
    }
  if (query->since != 0)
    {
      values[n++] = since;
      g_string_append_printf (sql, " AND v.at >= $%d", n);
    }
  if (query->until != 0)
    {
      values[n++] = until;
      g_string_append_printf (sql, " AND v.at <= $%d", n);
    }
  if (query->passed_only)
    g_string_append (sql, " AND v.passed = 1");
  if (query->verified_only)
    g_string_append (sql, " AND c.verified = 1");
  g_string_append (sql, " ORDER BY v.name, v.activity, v.at DESC, v.seq DESC");

  result = lrs_pg_run (self, sql->str, n, values, NULL, NULL, 0, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      LrsVerdict *verdict =
        lrs_verdict_new (PQgetvalue (result, i, 0), PQgetvalue (result, i, 1),
                         PQgetisnull (result, i, 3) ? NULL : PQgetvalue (result, i, 3),
                         PQgetisnull (result, i, 5) ? NULL : PQgetvalue (result, i, 5));

      verdict->passed = g_strcmp0 (PQgetvalue (result, i, 2), "0") != 0;
      verdict->score = PQgetisnull (result, i, 4) ? -1 : atoi (PQgetvalue (result, i, 4));
      verdict->at = g_ascii_strtoll (PQgetvalue (result, i, 6), NULL, 10);
      verdict->verified = g_strcmp0 (PQgetvalue (result, i, 7), "0") != 0;
      verdict->recorded_at = g_ascii_strtoll (PQgetvalue (result, i, 8), NULL, 10);
      g_ptr_array_add (verdicts, verdict);
    }
  return g_steal_pointer (&verdicts);
}

static GPtrArray *
pg_attempt_answers (LrsStore   *store,
                    const char *home_page,
                    const char *name,
                    const char *registration,
                    GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) result = LRS_PG_RUN (self,
                                           "SELECT s.statement FROM answers x "
                                           "JOIN statements s ON s.seq = x.seq "
                                           "WHERE x.home_page = $1 AND x.registration = $2 "
                                           "AND x.name = $3 "
                                           "ORDER BY x.seq", error, home_page, registration, name);

  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (answers, g_strdup (PQgetvalue (result, i, 0)));
  return g_steal_pointer (&answers);
}

static gboolean
pg_put_verdict_check (LrsStore   *store,
                      const char *id,
                      gboolean    verified,
                      gint64      recorded_at,
                      GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *recorded = g_strdup_printf ("%" G_GINT64_FORMAT, recorded_at);
  g_autoptr(PGresult) result = LRS_PG_RUN (self,
                                            "INSERT INTO verdict_checks (seq, verified, recorded) "
                                            "SELECT seq, $2::integer, $3::bigint FROM statements "
                                            "WHERE id = $1 ON CONFLICT (seq) DO UPDATE SET "
                                            "verified = greatest (verdict_checks.verified, "
                                            "excluded.verified)",
                                            error, id, verified ? "1" : "0", recorded);

  return result != NULL;
}

static gboolean
pg_foreach_answer (LrsStore       *store,
                   const char     *home_page,
                   const char     *department,
                   LrsAnswerFunc   func,
                   gpointer        user_data,
                   GError        **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(PGresult) result = NULL;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
    g_autoptr(GString) sql = g_string_new (
      "SELECT x.registration, x.activity, x.success, x.response "
      "FROM answers x");

    if (department != NULL)
      g_string_append (sql, " JOIN accounts a ON a.staff_id = x.name AND a.department = $2 "
                            "AND a.role <> 'admin'");
    /* The answers of one attempt come together. */
    g_string_append (sql, " WHERE x.home_page = $1 ORDER BY x.home_page, x.registration, x.seq");
    result = lrs_pg_run (self, sql->str, department != NULL ? 2 : 1,
                         (const char *[]){ home_page, department }, NULL, NULL, 0, error);
  }
  if (result == NULL)
    return FALSE;
  /* Outside the lock: @func may use the store. */
  for (int i = 0; i < PQntuples (result); i++)
    func (PQgetvalue (result, i, 0), PQgetvalue (result, i, 1),
          g_strcmp0 (PQgetvalue (result, i, 2), "0") != 0,
          PQgetisnull (result, i, 3) ? NULL : PQgetvalue (result, i, 3), user_data);
  return TRUE;
}

void
lrs_pg_verdicts_iface_init (LrsStoreInterface *iface)
{
  iface->latest_verdicts = pg_latest_verdicts;
  iface->attempt_answers = pg_attempt_answers;
  iface->put_verdict_check = pg_put_verdict_check;
  iface->foreach_answer = pg_foreach_answer;
}
