/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PostgreSQL store, shared by the files that implement it:
 * lrs-store-pg.c (statements, accounts and the rest) and
 * lrs-store-documents-pg.c (the documents of the Document resources).
 */
#pragma once

#include <libpq-fe.h>

#include "lrs-store-pg.h"

G_BEGIN_DECLS

struct _LrsPgStore
{
  GObject  parent_instance;

  GMutex    lock;
  PGconn   *conn;
  char     *name;            /* the URI without its password, for messages */
  gboolean  in_transaction;
  /* SQL text → the name it is prepared under on this connection: parsed
   * and planned once, not on each call. */
  GHashTable *prepared;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

PGresult *lrs_pg_run                  (LrsPgStore         *self,
                                       const char         *sql,
                                       int                 n,
                                       const char * const *values,
                                       const int          *lengths,
                                       const int          *formats,
                                       int                 binary,
                                       GError            **error);
void      lrs_pg_documents_iface_init (LrsStoreInterface  *iface);

/* One statement with text parameters. */
#define LRS_PG_RUN(self, sql, error, ...) \
  lrs_pg_run (self, sql, G_N_ELEMENTS (((const char *[]) { __VA_ARGS__ })), \
              (const char *[]) { __VA_ARGS__ }, NULL, NULL, 0, error)

G_END_DECLS
