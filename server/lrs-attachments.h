/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lrs-store.h"

G_BEGIN_DECLS

JsonNode *lrs_attachments_parse_multipart  (SoupServerMessage  *msg,
                                            GBytes             *body,
                                            GHashTable        **parts,
                                            GError            **error);
JsonNode *lrs_attachments_parse_multipart_bytes (SoupMessageHeaders *request_headers,
                                                 GBytes             *body,
                                                 GHashTable        **parts,
                                                 GError            **error);
gboolean  lrs_attachments_check            (GPtrArray          *statements,
                                            GHashTable         *parts,
                                            guint               max_per_statement,
                                            GError            **error);
gboolean  lrs_attachments_check_quota      (LrsStore           *store,
                                            GHashTable         *parts,
                                            const char         *owner,
                                            guint64             quota,
                                            GError            **error);
gboolean  lrs_attachments_bind             (LrsStore           *store,
                                            GPtrArray          *statements,
                                            GHashTable         *parts,
                                            const char         *owner,
                                            GError            **error);
gboolean  lrs_attachments_check_signatures (GPtrArray          *statements,
                                            GHashTable         *parts,
                                            GError            **error);
gboolean  lrs_attachments_store            (LrsStore           *store,
                                            GHashTable         *parts,
                                            GError            **error);
void      lrs_attachments_unstore          (LrsStore           *store,
                                            GHashTable         *parts);
void      lrs_attachments_respond          (LrsStore           *store,
                                            SoupServerMessage  *msg,
                                            const char         *json,
                                            GPtrArray          *statements,
                                            gboolean            attachments,
                                            guint64             max_response);

G_END_DECLS
