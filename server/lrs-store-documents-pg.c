/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The documents of the Document resources on PostgreSQL: the same table
 * (migration 5 of lrs-store-pg.c) and the same behaviour as the SQLite
 * store's (lrs-store-documents.c).  Each write and its condition on the
 * ETag are one statement, so that instances on one database cannot both
 * win a race on one document.
 */
#include "config.h"

#include "lrs-store.h"
#include "lrs-store-pg-private.h"
#include "lrs-store-private.h"

#define PLACE \
  "kind = $1 AND activity = $2 AND agent = $3 AND ($4::text IS NULL OR registration = $4)"

/* The place of @key as the parameters 1 to 4 (the registration only when
 * it is given, or when @key names one document). */
static void
place_values (const LrsDocumentKey *key,
              const char          **values)
{
  values[0] = lrs_document_kind_name (key->kind);
  values[1] = key->activity != NULL ? key->activity : "";
  values[2] = key->agent != NULL ? key->agent : "";
  values[3] = key->registration != NULL || key->id == NULL ? key->registration : "";
}

static LrsDocument *
pg_get_document (LrsStore             *store,
                 const LrsDocumentKey *key,
                 GError              **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *values[5];
  g_autoptr(PGresult) result = NULL;
  LrsDocument *document;

  place_values (key, values);
  values[4] = key->id;
  result = lrs_pg_run (self, "SELECT content_type, content, etag, updated::text FROM documents "
                       "WHERE " PLACE " AND id = $5", 5, values, NULL, NULL, 1, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No such document");
      return NULL;
    }
  document = g_new0 (LrsDocument, 1);
  document->id = g_strdup (key->id);
  document->content_type = g_strdup (PQgetvalue (result, 0, 0));
  document->content = g_bytes_new (PQgetvalue (result, 0, 1), (gsize) PQgetlength (result, 0, 1));
  document->etag = g_strdup (PQgetvalue (result, 0, 2));
  document->updated = g_ascii_strtoll (PQgetvalue (result, 0, 3), NULL, 10);
  return document;
}

static GPtrArray *
pg_list_documents (LrsStore             *store,
                   const LrsDocumentKey *key,
                   gint64                since,
                   GError              **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, since);
  const char *values[5];
  g_autoptr(PGresult) result = NULL;
  GPtrArray *documents;

  place_values (key, values);
  values[4] = after;
  /* One id per document; with every registration, the latest of them. */
  result = lrs_pg_run (self, "SELECT id, max(updated)::text FROM documents WHERE " PLACE
                       " AND updated > $5::bigint GROUP BY id ORDER BY id",
                       5, values, NULL, NULL, 0, error);
  if (result == NULL)
    return NULL;
  documents = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_document_free);
  for (int i = 0; i < PQntuples (result); i++)
    {
      LrsDocument *document = g_new0 (LrsDocument, 1);

      document->id = g_strdup (PQgetvalue (result, i, 0));
      document->updated = g_ascii_strtoll (PQgetvalue (result, i, 1), NULL, 10);
      g_ptr_array_add (documents, document);
    }
  return documents;
}

static gboolean
pg_put_document (LrsStore             *store,
                 const LrsDocumentKey *key,
                 const LrsDocument    *document,
                 const char           *expected_etag,
                 GError              **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *updated = g_strdup_printf ("%" G_GINT64_FORMAT, document->updated);
  gsize size;
  gconstpointer data = g_bytes_get_data (document->content, &size);
  const char *values[10];
  const int lengths[10] = { [6] = (int) size };
  const int formats[10] = { [6] = 1 };
  g_autoptr(PGresult) result = NULL;
  const char *sql;
  int n = 9;

  place_values (key, values);
  values[4] = key->id;
  values[5] = document->content_type;
  values[6] = data != NULL ? data : "";
  values[7] = document->etag;
  values[8] = updated;
  values[9] = expected_etag;
  if (expected_etag == NULL)
    sql = "INSERT INTO documents VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
          "ON CONFLICT (kind, activity, agent, registration, id) DO UPDATE SET "
          "content_type = excluded.content_type, content = excluded.content, "
          "etag = excluded.etag, updated = excluded.updated";
  else if (expected_etag[0] == '\0')
    sql = "INSERT INTO documents VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
          "ON CONFLICT DO NOTHING";
  else
    {
      sql = "UPDATE documents SET content_type = $6, content = $7, etag = $8, updated = $9 "
            "WHERE kind = $1 AND activity = $2 AND agent = $3 AND registration = $4 AND id = $5 "
            "AND etag = $10";
      n = 10;
    }
  result = lrs_pg_run (self, sql, n, values, lengths, formats, 0, error);
  if (result == NULL)
    return FALSE;
  if (g_strcmp0 (PQcmdTuples (result), "0") == 0)
    {
      lrs_set_document_changed_error (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_delete_documents (LrsStore             *store,
                     const LrsDocumentKey *key,
                     const char           *expected_etag,
                     GError              **error)
{
  LrsPgStore *self = LRS_PG_STORE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *values[6];
  g_autoptr(PGresult) result = NULL;

  place_values (key, values);
  values[4] = key->id;
  values[5] = expected_etag;
  result = lrs_pg_run (self, "DELETE FROM documents WHERE " PLACE
                       " AND ($5::text IS NULL OR id = $5) AND ($6::text IS NULL OR etag = $6)",
                       6, values, NULL, NULL, 0, error);
  if (result == NULL)
    return FALSE;
  if (expected_etag != NULL && g_strcmp0 (PQcmdTuples (result), "0") == 0)
    {
      lrs_set_document_changed_error (error);
      return FALSE;
    }
  return TRUE;
}

void
lrs_pg_documents_iface_init (LrsStoreInterface *iface)
{
  iface->get_document = pg_get_document;
  iface->list_documents = pg_list_documents;
  iface->put_document = pg_put_document;
  iface->delete_documents = pg_delete_documents;
}
