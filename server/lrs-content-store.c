/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the dashboard's Content page keeps besides the published packages
 * (lrs-store-*-content.c), written once for SQLite and PostgreSQL through
 * lrs_store_sql(): the packages uploaded for a preview, under the hash of
 * a random token, so that any instance on the database can publish what
 * another previewed; and which staff accounts have fetched which
 * published package, once per account and package.  Who published a
 * package is the audit log's content-published entry.
 */
#include "config.h"

#include "lrs-content-store.h"

#define N(array) G_N_ELEMENTS (array)

/* The tables, made on SQLite when the server starts and on PostgreSQL by
 * a numbered migration of lrs-store-pg.c (lrs_content_pg_migration).  A
 * preview's package is kept as base64 text: the same SQL then serves
 * both engines, and a preview is short-lived. */
#define PREVIEWS_TABLE \
  "CREATE TABLE IF NOT EXISTS content_previews (" \
  "  token_hash TEXT PRIMARY KEY," \
  "  staff_id TEXT NOT NULL," \
  "  digest TEXT NOT NULL," \
  "  verified INTEGER NOT NULL," \
  "  created BIGINT NOT NULL," \
  "  data TEXT NOT NULL)"
#define FETCHES_TABLE \
  "CREATE TABLE IF NOT EXISTS content_fetches (" \
  "  digest TEXT NOT NULL," \
  "  staff_id TEXT NOT NULL," \
  "  fetched BIGINT NOT NULL," \
  "  PRIMARY KEY (digest, staff_id))"

static const char * const schema[] = { PREVIEWS_TABLE, FETCHES_TABLE };

const char lrs_content_pg_migration[] = PREVIEWS_TABLE ";" FETCHES_TABLE ";";

void
lrs_content_preview_free (LrsContentPreview *preview)
{
  if (preview == NULL)
    return;
  g_free (preview->staff_id);
  g_free (preview->digest);
  g_clear_pointer (&preview->data, g_bytes_unref);
  g_free (preview);
}

void
lrs_content_version_free (LrsContentVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->digest);
  g_free (version->signer);
  g_free (version->published);
  g_free (version->published_by);
  g_free (version);
}

gboolean
lrs_content_store_init (LrsStore  *store,
                        GError   **error)
{
  return lrs_store_sql_make_tables (store, schema, N (schema), error);
}

gboolean
lrs_content_store_put_preview (LrsStore    *store,
                               const char  *token_hash,
                               const char  *staff_id,
                               const char  *digest,
                               gboolean     verified,
                               gint64       created,
                               GBytes      *data,
                               GError     **error)
{
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);
  g_autofree char *text = g_base64_encode (bytes, size);
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, created);
  const char *params[] = { token_hash, staff_id, digest, verified ? "1" : "0", when, text };

  return lrs_store_sql_run (store,
              "INSERT INTO content_previews "
              "(token_hash, staff_id, digest, verified, created, data) "
              "VALUES ($1, $2, $3, $4, $5, $6)",
              params, N (params), error);
}

/* The preview under @token_hash, or NULL (with @error set only when the
 * store failed). */
LrsContentPreview *
lrs_content_store_get_preview (LrsStore    *store,
                               const char  *token_hash,
                               GError     **error)
{
  const char *params[] = { token_hash };
  g_autoptr(GPtrArray) rows =
    lrs_store_sql (store,
                   "SELECT staff_id, digest, verified, created, data FROM content_previews "
                   "WHERE token_hash = $1",
                   params, N (params), error);
  LrsContentPreview *preview;
  char **row;
  guchar *data;
  gsize size;

  if (rows == NULL || rows->len == 0)
    return NULL;
  row = g_ptr_array_index (rows, 0);
  preview = g_new0 (LrsContentPreview, 1);
  preview->staff_id = g_strdup (row[0]);
  preview->digest = g_strdup (row[1]);
  preview->verified = g_strcmp0 (row[2], "1") == 0;
  preview->created = g_ascii_strtoll (row[3], NULL, 10);
  data = g_base64_decode (row[4], &size);
  preview->data = g_bytes_new_take (data, size);
  return preview;
}

gboolean
lrs_content_store_delete_preview (LrsStore    *store,
                                  const char  *token_hash,
                                  GError     **error)
{
  const char *params[] = { token_hash };

  return lrs_store_sql_run (store, "DELETE FROM content_previews WHERE token_hash = $1", params,
                            N (params), error);
}

/* Forgets the previews made before @before (Unix seconds). */
gboolean
lrs_content_store_expire_previews (LrsStore  *store,
                                   gint64     before,
                                   GError   **error)
{
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, before);
  const char *params[] = { when };

  return lrs_store_sql_run (store, "DELETE FROM content_previews WHERE created < $1", params,
                            N (params), error);
}

/* Records that @staff_id fetched the package @digest; only the first
 * fetch of each account counts. */
gboolean
lrs_content_store_record_fetch (LrsStore    *store,
                                const char  *digest,
                                const char  *staff_id,
                                gint64       at,
                                GError     **error)
{
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, at);
  const char *params[] = { digest, staff_id, when };

  return lrs_store_sql_run (store,
              "INSERT INTO content_fetches (digest, staff_id, fetched) VALUES ($1, $2, $3) "
              "ON CONFLICT DO NOTHING",
              params, N (params), error);
}

/* The published packages, the latest first (LrsContentVersion). */
GPtrArray *
lrs_content_store_list_versions (LrsStore  *store,
                                 GError   **error)
{
  g_autoptr(GPtrArray) rows =
    lrs_store_sql (store,
                   "SELECT p.seq, p.digest, p.signer, p.published, "
                   "  coalesce((SELECT l.actor FROM security_log l "
                   "            WHERE l.event = 'content-published' AND l.subject = p.digest "
                   "            ORDER BY l.seq DESC LIMIT 1), ''), "
                   "  (SELECT count(*) FROM content_fetches f WHERE f.digest = p.digest) "
                   "FROM packages p ORDER BY p.seq DESC",
                   NULL, 0, error);
  GPtrArray *versions;

  if (rows == NULL)
    return NULL;
  versions = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_content_version_free);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      LrsContentVersion *version = g_new0 (LrsContentVersion, 1);

      version->seq = g_ascii_strtoll (row[0], NULL, 10);
      version->digest = g_strdup (row[1]);
      version->signer = g_strdup (row[2]);
      version->published = g_strdup (row[3]);
      version->published_by = g_strdup (row[4]);
      version->fetched_by = g_ascii_strtoll (row[5], NULL, 10);
      g_ptr_array_add (versions, version);
    }
  return versions;
}
