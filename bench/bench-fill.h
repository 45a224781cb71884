/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "lrs-store.h"

/* Statements written as JSON text into batches, each inserted through
 * the server's own storage code (bench-report, bench-inspection). */
typedef struct {
  LrsStore *store;
  GString  *batch;
  guint     in_batch;
  guint     total;
  guint     batch_size;
} BenchFiller;

void    bench_filler_init  (BenchFiller *filler,
                            LrsStore    *store,
                            guint        batch_size);
GString *bench_filler_next (BenchFiller *filler);
void    bench_filler_added (BenchFiller *filler);
void    bench_filler_flush (BenchFiller *filler);
void    bench_filler_clear (BenchFiller *filler);

double  bench_time_get     (SoupSession *session,
                            const char  *base,
                            const char  *credentials,
                            const char  *path,
                            guint        runs,
                            gsize       *size);

gboolean     bench_copy_content (const char   *source,
                                 const char   *content);
GSubprocess *bench_spawn_server (const char   *binary,
                                 const char   *config,
                                 const char   *cert,
                                 char        **base,
                                 SoupSession **session);
