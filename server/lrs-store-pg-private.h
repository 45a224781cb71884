/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PostgreSQL store, shared by the files that implement it:
 * lrs-store-pg.c (statements, accounts and the rest),
 * lrs-store-documents-pg.c (the documents of the Document resources) and
 * lrs-store-inspection-pg.c (the self-inspection records).
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
void      lrs_pg_accounts_iface_init  (LrsStoreInterface  *iface);
void      lrs_pg_verdicts_iface_init  (LrsStoreInterface  *iface);
void      lrs_pg_content_iface_init   (LrsStoreInterface  *iface);
gboolean  lrs_pg_begin                (LrsPgStore         *self,
                                       GError            **error);
gboolean  lrs_pg_commit               (LrsPgStore         *self,
                                       GError            **error);
void      lrs_pg_rollback             (LrsPgStore         *self);
void      lrs_pg_inspection_iface_init (LrsStoreInterface *iface);
gboolean  lrs_pg_inspection_backfill   (LrsPgStore  *self,
                                        GError     **error);
gboolean  lrs_pg_inspection_ingest     (LrsPgStore  *self,
                                        const char  *seq,
                                        JsonObject  *statement,
                                        const char  *voids,
                                        GError     **error);

/* The self-inspection records (lrs-store-inspection-pg.c), written on
 * ingest; the migration also reads the statements held into it. */
#define LRS_PG_INSPECTION_MIGRATION \
  "CREATE TABLE inspection_records (" \
  "  seq BIGINT PRIMARY KEY REFERENCES statements (seq)," \
  "  home_page TEXT NOT NULL," \
  "  name TEXT COLLATE \"C\" NOT NULL," \
  "  checklist TEXT COLLATE \"C\" NOT NULL," \
  "  version TEXT," \
  "  item TEXT," \
  "  response TEXT," \
  "  comment TEXT," \
  "  at BIGINT NOT NULL," \
  "  timestamp TEXT NOT NULL);" \
  "CREATE INDEX inspection_records_by_staff " \
  "  ON inspection_records (home_page, name, checklist, at);"

/* One statement with text parameters. */
#define LRS_PG_RUN(self, sql, error, ...) \
  lrs_pg_run (self, sql, G_N_ELEMENTS (((const char *[]) { __VA_ARGS__ })), \
              (const char *[]) { __VA_ARGS__ }, NULL, NULL, 0, error)

G_END_DECLS
