/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-store.h"

G_BEGIN_DECLS

/* A package uploaded for a preview, kept until it is published or expires. */
typedef struct {
  char     *staff_id;   /* who uploaded it */
  char     *digest;
  gboolean  verified;   /* whether it passed verification: only then may it be published */
  gint64    created;    /* Unix seconds */
  GBytes   *data;       /* the package as uploaded */
} LrsContentPreview;

/* A published version with how many staff accounts have fetched it. */
typedef struct {
  gint64  seq;          /* the version number: the order of publication */
  char   *digest;
  char   *signer;
  char   *published;    /* ISO 8601 */
  char   *published_by; /* the administrator's staff id, "" if unknown */
  gint64  fetched_by;   /* distinct staff accounts */
} LrsContentVersion;

/* The PostgreSQL migration that makes the tables. */
extern const char lrs_content_pg_migration[];

void       lrs_content_preview_free         (LrsContentPreview *preview);
void       lrs_content_version_free         (LrsContentVersion *version);

gboolean   lrs_content_store_init           (LrsStore          *store,
                                             GError           **error);
gboolean   lrs_content_store_put_preview    (LrsStore          *store,
                                             const char        *token_hash,
                                             const char        *staff_id,
                                             const char        *digest,
                                             gboolean           verified,
                                             gint64             created,
                                             GBytes            *data,
                                             GError           **error);
LrsContentPreview *lrs_content_store_get_preview (LrsStore     *store,
                                             const char        *token_hash,
                                             GError           **error);
gboolean   lrs_content_store_delete_preview (LrsStore          *store,
                                             const char        *token_hash,
                                             GError           **error);
gboolean   lrs_content_store_expire_previews (LrsStore         *store,
                                              gint64            before,
                                              GError          **error);
gboolean   lrs_content_store_record_fetch   (LrsStore          *store,
                                             const char        *digest,
                                             const char        *staff_id,
                                             gint64             at,
                                             GError           **error);
GPtrArray *lrs_content_store_list_versions  (LrsStore          *store,
                                             GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsContentPreview, lrs_content_preview_free)

G_END_DECLS
