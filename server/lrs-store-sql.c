/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lrs_store_sql() and its SQLite side: one statement with text parameters
 * $1…$n, its rows as arrays of text.  PostgreSQL's is in lrs-store-pg.c,
 * beside the connection it runs on.
 */
#include "config.h"

#include <sqlite3.h>

#include "lrs-store.h"
#include "lrs-store-pg.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/*
 * Runs one statement of SQL that SQLite and PostgreSQL both accept, with
 * text parameters $1…$n (NULL for SQL NULL), and returns its rows, each a
 * NULL-terminated array of text (SQL NULL as an empty string): for the
 * features whose storage is written once for both engines
 * (lrs-drills-store.c).
 */
GPtrArray *
lrs_store_sql (LrsStore           *self,
               const char         *sql,
               const char * const *params,
               guint               n_params,
               GError            **error)
{
  return LRS_STORE_GET_IFACE (self)->sql (self, sql, params, n_params, error);
}

/* lrs_store_sql() for a statement whose rows are not wanted. */
gboolean
lrs_store_sql_run (LrsStore           *self,
                   const char         *sql,
                   const char * const *params,
                   guint               n_params,
                   GError            **error)
{
  g_autoptr(GPtrArray) rows = lrs_store_sql (self, sql, params, n_params, error);

  return rows != NULL;
}

/* Runs @schema, the CREATE … IF NOT EXISTS statements of a feature's
 * tables, on SQLite; on PostgreSQL a numbered migration of
 * lrs-store-pg.c makes them, under the migrations' lock. */
gboolean
lrs_store_sql_make_tables (LrsStore           *self,
                           const char * const *schema,
                           guint               n_statements,
                           GError            **error)
{
  if (LRS_IS_PG_STORE (self))
    return TRUE;
  for (guint i = 0; i < n_statements; i++)
    if (!lrs_store_sql_run (self, schema[i], NULL, 0, error))
      return FALSE;
  return TRUE;
}

GPtrArray *
_lrs_sqlite_store_sql (LrsStore           *store,
                       const char         *sql,
                       const char * const *params,
                       guint               n_params,
                       GError            **error)
{
  sqlite3 *db = _lrs_sqlite_store_get_db (LRS_SQLITE_STORE (store));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  for (guint i = 0; i < n_params; i++)
    {
      g_autofree char *name = g_strdup_printf ("$%u", i + 1);
      int index = sqlite3_bind_parameter_index (stmt, name);

      if (index == 0)
        continue;
      if (params[i] == NULL)
        rc = sqlite3_bind_null (stmt, index);
      else
        rc = sqlite3_bind_text (stmt, index, params[i], -1, SQLITE_TRANSIENT);
      if (rc != SQLITE_OK)
        goto fail;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);
      char **row = g_new0 (char *, n + 1);

      for (int c = 0; c < n; c++)
        {
          const unsigned char *text = sqlite3_column_text (stmt, c);

          row[c] = g_strdup (text != NULL ? (const char *) text : "");
        }
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    goto fail;

  return g_steal_pointer (&rows);

fail:
  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  return NULL;
}
