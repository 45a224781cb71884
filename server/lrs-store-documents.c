/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The documents of the Document resources (Communication 2.2 to 2.7) in
 * the LRS's storage: the interface's functions, what both engines share
 * (the ETag), and the SQLite implementation (lrs-store-documents-pg.c is
 * PostgreSQL's).  A document is kept with its kind, activity, agent key,
 * registration and id ("" for what its kind has none of), its content as
 * sent, the content type, the SHA-1 of the content and when it changed.
 */
#include "config.h"

#include "lrs-store.h"
#include "lrs-store-private.h"
#include "lrs-store-sqlite-private.h"

LrsDocument *
lrs_store_get_document (LrsStore             *self,
                        const LrsDocumentKey *key,
                        GError              **error)
{
  g_return_val_if_fail (LRS_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL && key->id != NULL, NULL);

  return LRS_STORE_GET_IFACE (self)->get_document (self, key, error);
}

/* The documents of @key's place changed after @since (Unix microseconds,
 * 0 for all), without their content, in the order of their ids. */
GPtrArray *
lrs_store_list_documents (LrsStore             *self,
                          const LrsDocumentKey *key,
                          gint64                since,
                          GError              **error)
{
  g_return_val_if_fail (LRS_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL && key->id == NULL, NULL);

  return LRS_STORE_GET_IFACE (self)->list_documents (self, key, since, error);
}

/* Stores @content as the document @key, if @expected_etag allows (see
 * LrsStoreInterface): LRS_STORE_ERROR_CONFLICT when it does not. */
gboolean
lrs_store_put_document (LrsStore             *self,
                        const LrsDocumentKey *key,
                        const char           *content_type,
                        GBytes               *content,
                        const char           *expected_etag,
                        GError              **error)
{
  g_autofree char *etag = NULL;
  LrsDocument document = { 0 };

  g_return_val_if_fail (LRS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && key->id != NULL, FALSE);
  g_return_val_if_fail (content_type != NULL && content != NULL, FALSE);

  etag = lrs_document_etag (content);
  document.id = (char *) key->id;
  document.content_type = (char *) content_type;
  document.content = content;
  document.etag = etag;
  document.updated = g_get_real_time ();
  return LRS_STORE_GET_IFACE (self)->put_document (self, key, &document, expected_etag, error);
}

/* Deletes the document @key, or every document of its place when its id
 * is NULL; a document that is not there is deleted already. */
gboolean
lrs_store_delete_documents (LrsStore             *self,
                            const LrsDocumentKey *key,
                            const char           *expected_etag,
                            GError              **error)
{
  g_return_val_if_fail (LRS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return LRS_STORE_GET_IFACE (self)->delete_documents (self, key, expected_etag, error);
}

void
lrs_document_free (LrsDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->id);
  g_free (document->content_type);
  g_clear_pointer (&document->content, g_bytes_unref);
  g_free (document->etag);
  g_free (document);
}

/* The ETag of a document (Communication 3.1): the SHA-1 of its content,
 * in lowercase hexadecimal, unquoted. */
char *
lrs_document_etag (GBytes *content)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, content);
}

/* The name of @kind in the documents table of both engines. */
const char *
lrs_document_kind_name (LrsDocumentKind kind)
{
  static const char * const names[] = { "state", "activity-profile", "agent-profile" };

  g_return_val_if_fail (kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}

/* The error of a write whose condition on the document's ETag failed. */
void
lrs_set_document_changed_error (GError **error)
{
  g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT,
                       "The document is not in the state the request expects");
}

/* SQLite */

/* The table; "" stands for what a kind has none of, so that the primary
 * key holds no NULL. */
static const char schema[] =
  "CREATE TABLE IF NOT EXISTS documents ("
  "  kind TEXT NOT NULL,"
  "  activity TEXT NOT NULL,"
  "  agent TEXT NOT NULL,"
  "  registration TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  content BLOB NOT NULL,"
  "  etag TEXT NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, activity, agent, registration, id));";

gboolean
lrs_sqlite_documents_init (LrsSqliteStore *self)
{
  return sqlite3_exec (self->db, schema, NULL, NULL, NULL) == SQLITE_OK;
}

/* Binds the place of @key to the parameters 1 to 4 (the registration
 * only when it is given, or when @key names one document). */
static void
bind_place (sqlite3_stmt         *stmt,
            const LrsDocumentKey *key)
{
  const char *registration = key->registration;

  if (registration == NULL && key->id != NULL)
    registration = "";
  sqlite3_bind_text (stmt, 1, lrs_document_kind_name (key->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key->activity != NULL ? key->activity : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, key->agent != NULL ? key->agent : "", -1, SQLITE_TRANSIENT);
  if (registration != NULL)
    sqlite3_bind_text (stmt, 4, registration, -1, SQLITE_TRANSIENT);
}

#define PLACE "kind = ?1 AND activity = ?2 AND agent = ?3 AND (?4 IS NULL OR registration = ?4)"

static LrsDocument *
sqlite_get_document (LrsStore             *store,
                     const LrsDocumentKey *key,
                     GError              **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LrsDocument *document;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT content_type, content, etag, updated FROM documents "
                          "WHERE " PLACE " AND id = ?5", -1, &stmt, NULL) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  bind_place (stmt, key);
  sqlite3_bind_text (stmt, 5, key->id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No such document");
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  document = g_new0 (LrsDocument, 1);
  document->id = g_strdup (key->id);
  document->content_type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  document->content = g_bytes_new (sqlite3_column_blob (stmt, 1),
                                   (gsize) sqlite3_column_bytes (stmt, 1));
  document->etag = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  document->updated = sqlite3_column_int64 (stmt, 3);
  return document;
}

static GPtrArray *
sqlite_list_documents (LrsStore             *store,
                       const LrsDocumentKey *key,
                       gint64                since,
                       GError              **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  int rc;

  /* One id per document; with every registration, the latest of them. */
  if (sqlite3_prepare_v2 (self->db, "SELECT id, max(updated) FROM documents WHERE " PLACE
                          " AND updated > ?5 GROUP BY id ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  documents = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_document_free);
  bind_place (stmt, key);
  sqlite3_bind_int64 (stmt, 5, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LrsDocument *document = g_new0 (LrsDocument, 1);

      document->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      document->updated = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (documents, document);
    }
  if (rc != SQLITE_DONE)
    {
      lrs_sqlite_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&documents);
}

static gboolean
sqlite_put_document (LrsStore             *store,
                     const LrsDocumentKey *key,
                     const LrsDocument    *document,
                     const char           *expected_etag,
                     GError              **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql;
  gsize size;
  gconstpointer data = g_bytes_get_data (document->content, &size);

  /* One statement each, so that the condition and the write are one. */
  if (expected_etag == NULL)
    sql = "INSERT INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
          "ON CONFLICT DO UPDATE SET content_type = excluded.content_type, "
          "content = excluded.content, etag = excluded.etag, updated = excluded.updated";
  else if (expected_etag[0] == '\0')
    sql = "INSERT OR IGNORE INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  else
    sql = "UPDATE documents SET content_type = ?6, content = ?7, etag = ?8, updated = ?9 "
          "WHERE kind = ?1 AND activity = ?2 AND agent = ?3 AND registration = ?4 AND id = ?5 "
          "AND etag = ?10";
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  bind_place (stmt, key);
  sqlite3_bind_text (stmt, 5, key->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, document->content_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 7, data != NULL ? data : "", size, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, document->etag, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, document->updated);
  if (expected_etag != NULL && expected_etag[0] != '\0')
    sqlite3_bind_text (stmt, 10, expected_etag, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  if (sqlite3_changes (self->db) == 0)
    {
      lrs_set_document_changed_error (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_delete_documents (LrsStore             *store,
                         const LrsDocumentKey *key,
                         const char           *expected_etag,
                         GError              **error)
{
  LrsSqliteStore *self = LRS_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM documents WHERE " PLACE
                          " AND (?5 IS NULL OR id = ?5) AND (?6 IS NULL OR etag = ?6)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return lrs_sqlite_fail (self, error);
  bind_place (stmt, key);
  if (key->id != NULL)
    sqlite3_bind_text (stmt, 5, key->id, -1, SQLITE_TRANSIENT);
  if (expected_etag != NULL)
    sqlite3_bind_text (stmt, 6, expected_etag, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return lrs_sqlite_fail (self, error);
  if (expected_etag != NULL && sqlite3_changes (self->db) == 0)
    {
      lrs_set_document_changed_error (error);
      return FALSE;
    }
  return TRUE;
}

void
lrs_sqlite_documents_iface_init (LrsStoreInterface *iface)
{
  iface->get_document = sqlite_get_document;
  iface->list_documents = sqlite_list_documents;
  iface->put_document = sqlite_put_document;
  iface->delete_documents = sqlite_delete_documents;
}
