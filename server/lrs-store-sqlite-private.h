/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SQLite store, shared by the files that implement it: lrs-store-sqlite.c
 * (the schema, the statements, verdicts and answers),
 * lrs-store-sqlite-accounts.c (accounts and sessions),
 * lrs-store-sqlite-content.c (attachments, packages and overrides),
 * lrs-store-documents.c (the
 * documents of the Document resources), lrs-store-inspection-sqlite.c
 * (the self-inspection records) and lrs-store-sqlite-groups.c (group
 * commit).
 */
#pragma once

#include <sqlite3.h>

#include "lrs-store.h"

G_BEGIN_DECLS

struct _LrsSqliteStore
{
  GObject  parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *prepared;   /* SQL text → sqlite3_stmt, for the hot paths */
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Sets @error to the last error of the store's connection; FALSE. */
static inline gboolean
lrs_sqlite_fail (LrsSqliteStore  *self,
                 GError         **error)
{
  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_FAILED, "Database “%s”: %s",
               self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean lrs_sqlite_documents_init       (LrsSqliteStore     *self);
void     lrs_sqlite_documents_iface_init (LrsStoreInterface  *iface);
gboolean lrs_sqlite_inspection_init      (LrsSqliteStore     *self);
gboolean lrs_sqlite_inspection_ingest    (LrsSqliteStore     *self,
                                          gint64              seq,
                                          JsonObject         *statement,
                                          const char         *voids);
sqlite3_stmt *lrs_sqlite_prepare_cached  (LrsSqliteStore     *self,
                                          const char         *sql);
void     lrs_sqlite_inspection_iface_init (LrsStoreInterface *iface);
gboolean lrs_sqlite_insert_rows          (LrsSqliteStore     *self,
                                          GPtrArray          *statements,
                                          GPtrArray          *accepted_ids,
                                          GError            **error);
void     lrs_sqlite_groups_iface_init    (LrsStoreInterface  *iface);
void     lrs_sqlite_accounts_iface_init  (LrsStoreInterface  *iface);
void     lrs_sqlite_content_iface_init   (LrsStoreInterface  *iface);

G_END_DECLS
