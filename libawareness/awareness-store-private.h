/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the files of the store share: the object, its lock and its SQLite
 * helpers.  awareness-store.c opens and migrates the database,
 * awareness-store-attempts.c records attempts, awareness-store-outbox.c
 * keeps the statements to send and adopts records.
 */
#pragma once

#include <sqlite3.h>

#include "awareness-private.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _AwarenessStore
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
  /* One store may serve several threads (the app's window and its
   * background sync): each public call runs whole, its transaction
   * included, before another begins. */
  GRecMutex lock;
};

GRecMutexLocker *_awareness_store_lock      (AwarenessStore      *self);
gboolean         _awareness_store_fail      (AwarenessStore      *self,
                                             GError             **error,
                                             AwarenessStoreError  code,
                                             const char          *what);
gboolean         _awareness_store_exec      (AwarenessStore      *self,
                                             const char          *sql,
                                             GError             **error);
sqlite3_stmt    *_awareness_store_prepare   (AwarenessStore      *self,
                                             const char          *sql,
                                             GError             **error);
void             _awareness_store_rollback  (AwarenessStore      *self);
gint64           _awareness_store_query_int (AwarenessStore      *self,
                                             const char          *sql,
                                             gboolean            *ok);
char            *_awareness_store_timestamp_now (void);
GDateTime       *_awareness_store_column_time (sqlite3_stmt *stmt,
                                               int           column);
/* Makes a row of @stmt into an item of a list (see _awareness_store_collect()). */
typedef gpointer (*AwarenessRowDecoder) (sqlite3_stmt *stmt,
                                         gpointer      user_data);

gboolean         _awareness_store_collect   (AwarenessStore      *self,
                                             sqlite3_stmt        *stmt,
                                             AwarenessRowDecoder  decode,
                                             gpointer             user_data,
                                             GPtrArray           *items,
                                             GError             **error);
void             _awareness_store_bind_listing (sqlite3_stmt *stmt,
                                                const char   *user,
                                                const char   *id,
                                                guint         limit);
gboolean         _awareness_store_enqueue   (AwarenessStore      *self,
                                             const char          *record_id,
                                             GPtrArray           *statements,
                                             GError             **error);

/* The first declaration of every public function that reads or writes. */
#define LOCK_STORE(self) \
  g_autoptr(GRecMutexLocker) store_locker G_GNUC_UNUSED = _awareness_store_lock (self)

G_END_DECLS
