/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Which store a configuration's [server] database names: a PostgreSQL
 * URI, or else the path of a SQLite file.
 */
#include "config.h"

#include "lrs-store.h"
#include "lrs-store-pg.h"

/**
 * lrs_store_is_uri:
 * @database: the value of [server] database
 *
 * Returns: whether @database is a `postgresql://` or `postgres://` URI
 */
gboolean
lrs_store_is_uri (const char *database)
{
  return g_str_has_prefix (database, "postgresql://") || g_str_has_prefix (database, "postgres://");
}

/**
 * lrs_store_open:
 * @database: a `postgresql://` or `postgres://` URI, or a file path
 *
 * Opens the store @database names, making its schema if it has none.
 *
 * Returns: (transfer full) (nullable): the store, or `NULL` with @error set
 */
LrsStore *
lrs_store_open (const char  *database,
                GError     **error)
{
  if (lrs_store_is_uri (database))
    return lrs_pg_store_new (database, error);
  return lrs_sqlite_store_new (database, error);
}
