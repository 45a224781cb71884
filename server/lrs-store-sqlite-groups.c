/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Group commit on the SQLite store: the statements of several requests
 * in one transaction, so one fsync, each request in a savepoint of its
 * own, so that its conflict or error is its alone (see
 * lrs_store_insert_groups()).  A single batch is a group of one.
 */
#include "config.h"

#include "lrs-store-sqlite-private.h"

static gboolean
run (LrsSqliteStore *self,
     const char     *sql)
{
  return sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static gboolean
sqlite_insert_groups (LrsStore       *store,
                      LrsStoreGroup **groups,
                      guint           n_groups,
                      GError        **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);

  if (!run (self, "BEGIN IMMEDIATE"))
    return lrs_sqlite_fail (self, error);
  for (guint i = 0; i < n_groups; i++)
    {
      LrsStoreGroup *group = groups[i];
      guint accepted = group->accepted_ids->len;

      if (!run (self, "SAVEPOINT request"))
        goto failed;
      if (!lrs_sqlite_insert_rows (self, group->statements, group->accepted_ids, &group->error)
          || (group->after != NULL && !group->after (store, group, &group->error)))
        {
          g_ptr_array_remove_range (group->accepted_ids, accepted,
                                    group->accepted_ids->len - accepted);
          /* Fails if SQLite ended the whole transaction: all are refused. */
          if (!run (self, "ROLLBACK TO request"))
            goto failed;
        }
      if (!run (self, "RELEASE request"))
        goto failed;
    }
  if (!run (self, "COMMIT"))
    goto failed;
  return TRUE;

failed:
  lrs_sqlite_fail (self, error);
  if (!sqlite3_get_autocommit (self->db))
    run (self, "ROLLBACK");
  return FALSE;
}

/* A batch, all or nothing, in a transaction of its own. */
static gboolean
sqlite_insert_statements (LrsStore   *store,
                          GPtrArray  *statements,
                          GPtrArray  *accepted_ids,
                          GError    **error)
{
  LrsStoreGroup group = { statements, accepted_ids, NULL, NULL, NULL };
  LrsStoreGroup *groups[] = { &group };

  if (!sqlite_insert_groups (store, groups, 1, error))
    return FALSE;
  if (group.error != NULL)
    {
      g_propagate_error (error, group.error);
      return FALSE;
    }
  return TRUE;
}

void
lrs_sqlite_groups_iface_init (LrsStoreInterface *iface)
{
  iface->insert_statements = sqlite_insert_statements;
  iface->insert_groups = sqlite_insert_groups;
}
