/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#define BENCH_HOME_PAGE "https://lrs.example.org/"

/* awareness-server on loopback with the test certificate and a new
 * database in @dir; its xAPI endpoint and administrator's “key:secret”. */
typedef struct {
  GSubprocess *process;
  char        *base;
  char        *credentials;
  char        *cert;
  char        *key;
} BenchServer;

void bench_server_start (BenchServer *server,
                         const char  *dir);
void bench_server_start_on (BenchServer *server,
                            const char  *dir,
                            const char  *database,
                            const char  *credentials);
void bench_server_stop  (BenchServer *server);
