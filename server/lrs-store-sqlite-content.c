/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SQLite store's attachments, published content packages and the
 * assignments' overrides (see lrs-store-sqlite.c for the schema and the
 * connection).
 */
#include "config.h"

#include <string.h>

#include "lrs-store.h"
#include "lrs-store-private.h"
#include "lrs-store-sqlite-private.h"

/* Ends the transaction left open by a failure, if any. */
static void
rollback (LrsSqliteStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
sqlite_put_attachment (LrsStore   *store,
                       const char *sha2,
                       const char *content_type,
                       GBytes     *content,
                       GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (content, &size);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT OR IGNORE INTO attachments (sha2, content_type, content) "
                          "VALUES (lower(?), ?, ?)",
                          -1, &stmt, NULL)
      != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, sha2, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, content_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 3, data != NULL ? data : "", size, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static GBytes *
sqlite_get_attachment (LrsStore   *store,
                       const char *sha2,
                       const char *statement_id,
                       char      **content_type)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT a.content_type, a.content FROM attachments a "
                          "JOIN statement_attachments b ON b.sha2 = a.sha2 "
                          "WHERE a.sha2 = lower(?1) AND b.statement = ?2",
                          -1, &stmt, NULL)
      != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha2, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, statement_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  *content_type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return g_bytes_new (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
}

static gboolean
sqlite_bind_attachment (LrsStore   *store,
                        const char *statement_id,
                        const char *sha2,
                        const char *owner,
                        gint64      size,
                        GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  sqlite3_stmt *stmt =
    lrs_sqlite_prepare_cached (self, "INSERT OR IGNORE INTO statement_attachments "
                                     "(statement, sha2, owner, size) VALUES (?, lower(?), ?, ?)");

  if (stmt == NULL)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, statement_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sha2, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, owner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, size);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static gint64
sqlite_attachment_usage (LrsStore   *store,
                         const char *owner,
                         GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  sqlite3_stmt *stmt =
    lrs_sqlite_prepare_cached (self, "SELECT coalesce(sum(size), 0) FROM statement_attachments "
                                     "WHERE owner = ?");
  gint64 usage;

  if (stmt == NULL)
    {
      lrs_sqlite_fail (self, error);
      return -1;
    }
  sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      lrs_sqlite_fail (self, error);
      return -1;
    }
  usage = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return usage;
}

static gboolean
sqlite_delete_unused_attachment (LrsStore   *store,
                                 const char *sha2,
                                 GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  sqlite3_stmt *stmt =
    lrs_sqlite_prepare_cached (self, "DELETE FROM attachments WHERE sha2 = lower(?1) AND NOT "
                                     "EXISTS (SELECT 1 FROM statement_attachments "
                                     "WHERE sha2 = lower(?1))");

  if (stmt == NULL)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, sha2, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static gboolean
sqlite_put_package (LrsStore   *store,
                    const char *digest,
                    const char *signer,
                    const char *published,
                    GBytes     *data,
                    GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  if (sqlite3_prepare_v2 (self->db, "DELETE FROM packages WHERE digest = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_prepare_v2 (
        self->db, "INSERT INTO packages (digest, signer, published, data) VALUES (?, ?, ?, ?)", -1,
        &stmt, NULL)
      != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, signer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, published, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 4, bytes, size, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  return TRUE;

failed:
  lrs_sqlite_fail (self, error);
  rollback (self);
  return FALSE;
}

static GBytes *
sqlite_get_package (LrsStore   *store,
                    const char *digest,
                    char      **latest_digest,
                    char      **published,
                    GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  sqlite3_blob *blob = NULL;
  gsize size;
  guchar *data;

  if (sqlite3_prepare_v2 (self->db,
                          digest != NULL ? "SELECT digest, published, rowid FROM packages "
                                           "WHERE digest = ?"
                                         : "SELECT digest, published, rowid FROM packages "
                                           "ORDER BY seq DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND,
                             "No such content package");
      else
        lrs_sqlite_fail (self, error);
      return NULL;
    }
  if (latest_digest != NULL)
    *latest_digest = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (published != NULL)
    *published = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  /* Read a page at a time into the one copy the caller gets: a package
   * (up to tens of megabytes) is never in memory twice. */
  if (sqlite3_blob_open (self->db, "main", "packages", "data", sqlite3_column_int64 (stmt, 2), 0,
                         &blob) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      sqlite3_blob_close (blob);
      return NULL;
    }
  size = (gsize) sqlite3_blob_bytes (blob);
  data = g_malloc (MAX (size, 1));
  if (sqlite3_blob_read (blob, data, (int) size, 0) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      sqlite3_blob_close (blob);
      g_free (data);
      return NULL;
    }
  sqlite3_blob_close (blob);
  return g_bytes_new_take (data, size);
}

static gboolean
sqlite_set_override (LrsStore   *store,
                     const char *module,
                     const char *rule,
                     GError    **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (
        self->db,
        rule != NULL ? "INSERT OR REPLACE INTO assignment_overrides (module, rule) VALUES (?, ?)"
                     : "DELETE FROM assignment_overrides WHERE module = ?",
        -1, &stmt, NULL)
      != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  sqlite3_bind_text (stmt, 1, module, -1, SQLITE_TRANSIENT);
  if (rule != NULL)
    sqlite3_bind_text (stmt, 2, rule, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  return TRUE;
}

static GHashTable *
sqlite_get_overrides (LrsStore  *store,
                      GError   **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT module, rule FROM assignment_overrides", -1, &stmt,
                          NULL)
      != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (rules, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&rules);
}

void
lrs_sqlite_content_iface_init (LrsStoreInterface *iface)
{
  iface->put_attachment = sqlite_put_attachment;
  iface->get_attachment = sqlite_get_attachment;
  iface->bind_attachment = sqlite_bind_attachment;
  iface->attachment_usage = sqlite_attachment_usage;
  iface->delete_unused_attachment = sqlite_delete_unused_attachment;
  iface->put_package = sqlite_put_package;
  iface->get_package = sqlite_get_package;
  iface->set_override = sqlite_set_override;
  iface->get_overrides = sqlite_get_overrides;
}
