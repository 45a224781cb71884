#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# pg-cluster.sh COMMAND [ARG...]: runs COMMAND against a throwaway
# PostgreSQL cluster (Debian's postgresql package), made in a temporary
# directory and listening only on a Unix socket there, then stops the
# cluster and removes it.  COMMAND gets PGHOST, PGPORT, PGUSER and
# PGDATABASE for the cluster (libpq reads them) and
# AWARENESS_TEST_DATABASE=pg.  PostgreSQL refuses to run as root: as root,
# the cluster runs as the postgres user.
#
# With AWARENESS_PG_KEEP=DIR the cluster lives in DIR instead, made the
# first time and kept afterwards (stopped, not removed): the benchmarks
# use it to fill a large store once and measure it on later runs.
set -eu

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-cluster.sh: PostgreSQL is not installed (scripts/setup-deps installs it)" >&2
  exit 1
fi

keep=${AWARENESS_PG_KEEP:-}
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  dir=$(cd "$keep" && pwd)
else
  dir=$(mktemp -d "${TMPDIR:-/tmp}/awareness-pg-XXXXXX")
fi
as_owner=""
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_owner="runuser -u postgres --"
fi

stop() {
  if [ -n "$keep" ]; then
    $as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    return
  fi
  $as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

if [ ! -f "$dir/data/PG_VERSION" ]; then
  $as_owner "$bindir/initdb" -D "$dir/data" -U awareness -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
fi
# A throwaway cluster: durability is not what the tests measure, but the
# benchmarks set AWARENESS_PG_DURABLE=1 to compare with durable SQLite.
options="-c listen_addresses='' -k $dir -p 5432 -c max_connections=200"
if [ -z "${AWARENESS_PG_DURABLE:-}" ]; then
  options="$options -c fsync=off -c full_page_writes=off"
fi
$as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s -o "$options" start \
  || { cat "$dir/server.log" >&2; exit 1; }

export PGHOST="$dir" PGPORT=5432 PGUSER=awareness PGDATABASE=postgres
export AWARENESS_TEST_DATABASE=pg
export AWARENESS_PG_BINDIR="$bindir"
status=0
"$@" || status=$?
exit $status
