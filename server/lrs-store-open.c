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

/**
 * lrs_store_display_name:
 * @database: the value of [server] database
 *
 * Returns: (transfer full): @database as messages show it: a URI without
 *   its password or options
 */
char *
lrs_store_display_name (const char *database)
{
  if (lrs_store_is_uri (database))
    return lrs_pg_display_name (database);
  return g_strdup (database);
}

/**
 * lrs_store_exists:
 * @database: the value of [server] database
 *
 * Whether @database holds a store already: a SQLite file that exists, or
 * a PostgreSQL database with accounts (init made its administrator).
 *
 * Returns: whether `init` would overwrite something
 */
gboolean
lrs_store_exists (const char *database)
{
  g_autoptr(LrsStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;

  if (!lrs_store_is_uri (database))
    return g_file_test (database, G_FILE_TEST_EXISTS);
  store = lrs_pg_store_new (database, NULL);
  if (store != NULL)
    accounts = lrs_store_list_accounts (store, NULL);
  return accounts != NULL && accounts->len > 0;
}
