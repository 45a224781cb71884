/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What slow or many connections from one client may hold (see
 * lrs-connections.c); 0 for any member keeps its limit off. */
typedef struct {
  guint max_per_address;   /* simultaneous connections of one client address */
  guint header_seconds;    /* from a request's start to the end of its headers */
  guint request_seconds;   /* from a request's start to the end of its body */
} LrsConnectionLimits;

typedef struct _LrsConnections LrsConnections;

LrsConnections *lrs_connections_new             (const LrsConnectionLimits *limits);
void            lrs_connections_free            (LrsConnections            *self);
void            lrs_connections_request_started (LrsConnections            *self,
                                                 SoupServerMessage         *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsConnections, lrs_connections_free)

G_END_DECLS
