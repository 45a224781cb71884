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
gboolean  lrs_attachments_check            (GPtrArray          *statements,
                                            GHashTable         *parts,
                                            GError            **error);
gboolean  lrs_attachments_check_signatures (GPtrArray          *statements,
                                            GHashTable         *parts,
                                            GError            **error);
gboolean  lrs_attachments_store            (LrsStore           *store,
                                            GHashTable         *parts,
                                            GError            **error);
void      lrs_attachments_respond          (LrsStore           *store,
                                            SoupServerMessage  *msg,
                                            const char         *json,
                                            GPtrArray          *statements,
                                            gboolean            attachments);

G_END_DECLS
