/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-server.h"

G_BEGIN_DECLS

/* Where statements come from: the rules differ where noted at
 * lrs_ingest_statements(). */
typedef enum {
  LRS_INGEST_STATEMENTS,     /* a POST or PUT of the Statements resource */
  LRS_INGEST_TRANSFER_FILE,  /* a verified transfer file (lrs-transfers.c) */
} LrsIngestSource;

gboolean lrs_ingest_statements (Lrs              *lrs,
                                LrsAccount       *account,
                                GPtrArray        *statements,
                                GHashTable       *parts,
                                LrsIngestSource   source,
                                GDateTime        *exported,
                                GPtrArray        *accepted_ids,
                                guint            *already,
                                GError          **error);
void     lrs_ingest_statements_async  (Lrs                 *lrs,
                                       LrsAccount          *account,
                                       GPtrArray           *statements,
                                       GHashTable          *parts,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray *lrs_ingest_statements_finish (GAsyncResult  *result,
                                         GError       **error);

G_END_DECLS
