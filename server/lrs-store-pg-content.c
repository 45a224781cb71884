/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PostgreSQL store's attachments, published content packages and the
 * assignments' overrides (see lrs-store-pg.c for the schema and the
 * connection).
 */
#include "config.h"

#include <string.h>

#include "lrs-store.h"
#include "lrs-store-private.h"
#include "lrs-store-pg-private.h"

/* A package is read back in pieces of this size. */
#define PG_PACKAGE_CHUNK (1024 * 1024)

static gboolean
pg_put_attachment (LrsStore   *store,
                   const char *sha2,
                   const char *content_type,
                   GBytes     *content,
                   GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  gsize size;
  gconstpointer data = g_bytes_get_data (content, &size);
  const char *values[] = { sha2, content_type, data != NULL ? data : "" };
  const int lengths[] = { 0, 0, (int) size };
  const int formats[] = { 0, 0, 1 };
  g_autoptr(PGresult) result =
    lrs_pg_run (self,
                "INSERT INTO attachments (sha2, content_type, content) "
                "VALUES (lower($1), $2, $3) ON CONFLICT (sha2) DO NOTHING",
                3, values, lengths, formats, 0, error);

  return result != NULL;
}

static GBytes *
pg_get_attachment (LrsStore   *store,
                   const char *sha2,
                   const char *statement_id,
                   char      **content_type)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result =
    lrs_pg_run (self, "SELECT a.content_type, a.content FROM attachments a "
                "JOIN statement_attachments b ON b.sha2 = a.sha2 "
                "WHERE a.sha2 = lower($1) AND b.statement = $2",
                2, (const char *[]){ sha2, statement_id }, NULL, NULL, 1, NULL);

  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  *content_type = g_strdup (PQgetvalue (result, 0, 0));
  return g_bytes_new (PQgetvalue (result, 0, 1), (gsize) PQgetlength (result, 0, 1));
}

static gboolean
pg_bind_attachment (LrsStore   *store,
                    const char *statement_id,
                    const char *sha2,
                    const char *owner,
                    gint64      size,
                    GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *bytes = g_strdup_printf ("%" G_GINT64_FORMAT, size);
  g_autoptr(PGresult) result =
    LRS_PG_RUN (self,
                "INSERT INTO statement_attachments (statement, sha2, owner, "
                "size) VALUES ($1, lower($2), $3, $4::bigint) "
                "ON CONFLICT DO NOTHING",
                error, statement_id, sha2, owner, bytes);

  return result != NULL;
}

static gint64
pg_attachment_usage (LrsStore   *store,
                     const char *owner,
                     GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result =
    LRS_PG_RUN (self,
                "SELECT coalesce(sum(size), 0) FROM statement_attachments "
                "WHERE owner = $1",
                error, owner);

  if (result == NULL || PQntuples (result) != 1)
    return -1;
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

static gboolean
pg_delete_unused_attachment (LrsStore   *store,
                             const char *sha2,
                             GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result =
    LRS_PG_RUN (self,
                "DELETE FROM attachments WHERE sha2 = lower($1) AND NOT EXISTS "
                "(SELECT 1 FROM statement_attachments WHERE sha2 = lower($1))",
                error, sha2);

  return result != NULL;
}

static gboolean
pg_put_package (LrsStore   *store,
                const char *digest,
                const char *signer,
                const char *published,
                GBytes     *data,
                GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);
  const char *values[] = { digest, signer, published, bytes != NULL ? bytes : "" };
  const int lengths[] = { 0, 0, 0, (int) size };
  const int formats[] = { 0, 0, 0, 1 };
  g_autoptr(PGresult) deleted = NULL;
  g_autoptr(PGresult) inserted = NULL;

  if (!lrs_pg_begin (self, error))
    return FALSE;
  deleted = LRS_PG_RUN (self, "DELETE FROM packages WHERE digest = $1", error, digest);
  if (deleted != NULL)
    inserted =
      lrs_pg_run (self,
                  "INSERT INTO packages (digest, signer, published, data) VALUES ($1, $2, $3, $4)",
                  4, values, lengths, formats, 0, error);
  if (inserted == NULL || !lrs_pg_commit (self, error))
    {
      lrs_pg_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
pg_get_package (LrsStore   *store,
                const char *digest,
                char      **latest_digest,
                char      **published,
                GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result = NULL;
  g_autofree guchar *data = NULL;
  gint64 size;

  if (digest != NULL)
    result = lrs_pg_run (self, "SELECT digest, published, seq, octet_length(data) FROM packages "
                         "WHERE digest = $1", 1, (const char *[]) { digest }, NULL, NULL, 0, error);
  else
    result = lrs_pg_run (self, "SELECT digest, published, seq, octet_length(data) FROM packages "
                         "ORDER BY seq DESC LIMIT 1", 0, NULL, NULL, NULL, 0, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND,
                           "No such content package");
      return NULL;
    }
  /* A megabyte at a time into the one copy the caller gets: libpq would
   * hold a whole package twice (its buffer and its result). */
  size = g_ascii_strtoll (PQgetvalue (result, 0, 3), NULL, 10);
  data = g_malloc (MAX (size, 1));
  for (gint64 offset = 0; offset < size; offset += PG_PACKAGE_CHUNK)
    {
      g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, offset + 1);
      g_autofree char *length = g_strdup_printf ("%d", PG_PACKAGE_CHUNK);
      const char *values[] = { PQgetvalue (result, 0, 2), from, length };
      g_autoptr(PGresult) chunk = lrs_pg_run (self, "SELECT substring(data FROM $2::integer "
                                              "FOR $3::integer) FROM packages WHERE seq = $1",
                                              3, values, NULL, NULL, 1, error);

      if (chunk == NULL)
        return NULL;
      if (PQntuples (chunk) != 1 ||
          PQgetlength (chunk, 0, 0) != MIN (PG_PACKAGE_CHUNK, size - offset))
        {
          g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED,
                               "The content package changed while it was read");
          return NULL;
        }
      memcpy (data + offset, PQgetvalue (chunk, 0, 0), (gsize) PQgetlength (chunk, 0, 0));
    }
  if (latest_digest != NULL)
    *latest_digest = g_strdup (PQgetvalue (result, 0, 0));
  if (published != NULL)
    *published = g_strdup (PQgetvalue (result, 0, 1));
  return g_bytes_new_take (g_steal_pointer (&data), (gsize) size);
}

static gboolean
pg_set_override (LrsStore   *store,
                 const char *module,
                 const char *rule,
                 GError    **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(PGresult) result = NULL;

  if (rule != NULL)
    result = LRS_PG_RUN (self,
                         "INSERT INTO assignment_overrides (module, rule) VALUES ($1, $2) "
                         "ON CONFLICT (module) DO UPDATE SET rule = excluded.rule",
                         error, module, rule);
  else
    result = LRS_PG_RUN (self, "DELETE FROM assignment_overrides WHERE module = $1", error, module);
  return result != NULL;
}

static GHashTable *
pg_get_overrides (LrsStore  *store,
                  GError   **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GHashTable) rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PGresult) result = lrs_pg_run (self, "SELECT module, rule FROM assignment_overrides",
                                           0, NULL, NULL, NULL, 0, error);

  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_hash_table_insert (rules, g_strdup (PQgetvalue (result, i, 0)),
                         g_strdup (PQgetvalue (result, i, 1)));
  return g_steal_pointer (&rules);
}

void
lrs_pg_content_iface_init (LrsStoreInterface *iface)
{
  iface->put_attachment = pg_put_attachment;
  iface->get_attachment = pg_get_attachment;
  iface->bind_attachment = pg_bind_attachment;
  iface->attachment_usage = pg_attachment_usage;
  iface->delete_unused_attachment = pg_delete_unused_attachment;
  iface->put_package = pg_put_package;
  iface->get_package = pg_get_package;
  iface->set_override = pg_set_override;
  iface->get_overrides = pg_get_overrides;
}
