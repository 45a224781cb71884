/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How every resource of awareness-server reads requests and answers:
 * one way to answer JSON and errors, the xAPI version header, the body
 * limits, and the headers of pages a browser shows.
 */
#pragma once

#include <locale.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "awareness.h"
#include "lrs-error.h"

G_BEGIN_DECLS

#define LRS_XAPI_VERSION "1.0.3"

/* The answer of the reports that need a catalog before one is published:
 * what is missing, and the command that publishes it. */
#define LRS_NO_CONTENT_MESSAGE \
  N_("No content has been published: assignments come from the published catalog. Publish the " \
     "signed content with “awareness admin content publish FILE.pkg”")

void      lrs_respond                (SoupServerMessage *msg,
                                      guint              status,
                                      const char        *content_type,
                                      const char        *body);
void      lrs_respond_json           (SoupServerMessage *msg,
                                      guint              status,
                                      JsonNode          *root);
void      lrs_respond_error          (SoupServerMessage *msg,
                                      LrsError           code,
                                      const char        *message);
void      lrs_init_languages         (void);
const char *lrs_request_language      (SoupServerMessage *msg);
locale_t  lrs_use_request_language   (SoupServerMessage *msg);
locale_t  lrs_use_language           (const char        *language);
void      lrs_restore_language       (locale_t           previous);
void      lrs_respond_gerror         (SoupServerMessage *msg,
                                      const GError      *error);
char     *lrs_to_json                (JsonNode          *node);
JsonNode *lrs_parse_json             (GBytes            *bytes,
                                      GError           **error);
JsonNode *lrs_parse_body             (SoupServerMessage *msg,
                                      GBytes            *bytes,
                                      GError           **error);
gboolean  lrs_check_version_header   (SoupServerMessage *msg);
gboolean  lrs_check_parameters       (GHashTable         *params,
                                      const char * const *known,
                                      gsize               n_known,
                                      GError            **error);
gboolean  lrs_unwrap_alternate       (SoupServerMessage  *msg,
                                      GHashTable         *params,
                                      GBytes            **body,
                                      GHashTable        **query,
                                      char              **method,
                                      GError            **error);
void      lrs_refuse_large_body      (SoupServerMessage *msg,
                                      gsize              limit);
void      lrs_set_private_headers    (SoupServerMessage *msg);
void      lrs_set_security_headers   (SoupServerMessage *msg);

G_END_DECLS
