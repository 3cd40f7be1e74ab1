#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the benchmark, on 127.0.0.1 only.
#
#   bench/cluster.sh up [--fresh]  create (or reuse) the cluster, start it, migrate and load the dataset once
#   bench/cluster.sh start | stop | status
#   bench/cluster.sh load          re-run the generator into the running cluster (truncates the data tables)
#   bench/cluster.sh derive        re-run bench/sql/derive.sql (the API's own src/MovieDiscovery.Api/Data/Sql/Postgres), then ANALYZE
#   bench/cluster.sh windows       (re)write the availability windows relative to now (bench/sql/windows.sql; after every load)
#   bench/cluster.sh psql [args]   psql on the benchmark database
#   bench/cluster.sh url           the Npgsql connection string
#   bench/cluster.sh destroy       stop it and delete its data directory
#
# Environment: BENCH_DATA (default bench/.data), BENCH_PG_PORT (default 15432, or a free one if taken),
# BENCH_SYNC_COMMIT (on|off, default on), BENCH_MOVIES/BENCH_USERS/BENCH_ACTORS/BENCH_SAVES (dataset scale).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
DATA_ROOT=${BENCH_DATA:-$BENCH/.data}
PGDATA=$DATA_ROOT/pg
LOGDIR=$DATA_ROOT/log
PORT_FILE=$DATA_ROOT/port
LOADED=$DATA_ROOT/loaded
DB=movies_bench

[[ -x $PGBIN/initdb ]] || { echo "PostgreSQL server binaries not found (set PGBIN)" >&2; exit 1; }

as_postgres() { runuser -u postgres -- "$@"; }
port() { cat "$PORT_FILE"; }
psql_db() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(port)" -U postgres "$@"; }
running() { [[ -f $PGDATA/postmaster.pid ]] && as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }
url() { echo "Host=127.0.0.1;Port=$(port);Username=postgres;Database=$DB"; }

port_free() { python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null; }
pick_port() {
  local want=${BENCH_PG_PORT:-15432}
  if port_free "$want"; then echo "$want"; return; fi
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

init() {
  echo "initdb: $PGDATA"
  mkdir -p "$DATA_ROOT" "$LOGDIR"
  chown postgres: "$LOGDIR"
  install -d -o postgres -g postgres -m 700 "$PGDATA"
  as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C >"$LOGDIR/initdb.log"
  # Sized for the 2-core, 24 GB benchmark machine. fsync stays on; see bench/README.md for each choice.
  cat >"$PGDATA/bench.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
shared_buffers = 2GB
huge_pages = try
effective_cache_size = 16GB
work_mem = 16MB
maintenance_work_mem = 1GB
random_page_cost = 1.1
effective_io_concurrency = 200
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 2
max_parallel_maintenance_workers = 2
jit = off
fsync = on
synchronous_commit = ${BENCH_SYNC_COMMIT:-on}
wal_level = minimal
max_wal_senders = 0
wal_buffers = 64MB
max_wal_size = 16GB
min_wal_size = 1GB
checkpoint_timeout = 30min
checkpoint_completion_target = 0.9
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 5000
track_io_timing = on
log_min_duration_statement = 1000
log_checkpoints = on
log_timezone = 'UTC'
timezone = 'UTC'
EOF
  echo "include 'bench.conf'" >>"$PGDATA/postgresql.conf"
  chown postgres: "$PGDATA/bench.conf"
}

start() {
  [[ -d $PGDATA ]] || init
  if running; then echo "running on 127.0.0.1:$(port)"; return; fi
  local p; p=$(pick_port); echo "$p" >"$PORT_FILE"
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$LOGDIR/postgres.log" -o "-p $p" -w -t 120 start >/dev/null
  echo "started on 127.0.0.1:$p ($PGDATA)"
}

stop() {
  if running; then as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 120 stop >/dev/null; echo "stopped"; else echo "not running"; fi
}

load() {
  running || { echo "the cluster is not running: bench/cluster.sh start" >&2; exit 1; }
  local t0=$SECONDS
  psql_db -d "$DB" -v movies="${BENCH_MOVIES:-1000000}" -v users="${BENCH_USERS:-100000}" \
    -v actors="${BENCH_ACTORS:-10000}" -v saves="${BENCH_SAVES:-2000000}" -f "$BENCH/sql/generate.sql"
  derive
  windows
  echo "== vacuum analyze"
  local t1=$SECONDS
  psql_db -d "$DB" -c "VACUUM ANALYZE"
  echo "   $((SECONDS - t1)) s"
  { echo "generate.sql $(sha256sum "$BENCH/sql/generate.sql" | cut -c1-16)"
    echo "movies=${BENCH_MOVIES:-1000000} users=${BENCH_USERS:-100000} actors=${BENCH_ACTORS:-10000} saves=${BENCH_SAVES:-2000000}"
    echo "loaded $(date -u +%FT%TZ) in $((SECONDS - t0)) s"; } >"$LOADED"
  echo "== loaded in $((SECONDS - t0)) s"
}

derive() {
  echo "== derive.sql"
  local t0=$SECONDS
  psql_db -d "$DB" -f "$BENCH/sql/derive.sql"
  psql_db -d "$DB" -c "ANALYZE"
  echo "   $((SECONDS - t0)) s"
}

windows() {
  echo "== windows.sql"
  local t0=$SECONDS
  psql_db -d "$DB" -f "$BENCH/sql/windows.sql"
  echo "   $((SECONDS - t0)) s"
}

up() {
  if [[ ${1:-} == --fresh ]]; then destroy; fi
  start
  if [[ -f $LOADED ]]; then
    echo "reusing the loaded dataset ($(tail -n 1 "$LOADED")); --fresh to rebuild"
    if [[ $(head -n 1 "$LOADED") != "generate.sql $(sha256sum "$BENCH/sql/generate.sql" | cut -c1-16)" ]]; then
      echo "note: bench/sql/generate.sql changed since this load; 'bench/cluster.sh load' or 'up --fresh' to reload" >&2
    fi
    return
  fi
  psql_db -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 ||
    psql_db -d postgres -c "CREATE DATABASE $DB"
  psql_db -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
  BENCH_API_LOG="$LOGDIR/migrate.log" "$BENCH/api.sh" migrate
  load
}

destroy() {
  stop
  rm -rf "$DATA_ROOT/pg" "$LOADED" "$PORT_FILE"
  echo "removed $PGDATA"
}

cmd=${1:-status}; shift || true
case $cmd in
  up) up "$@" ;;
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running on 127.0.0.1:$(port) ($PGDATA)"; else echo "stopped ($PGDATA)"; fi
          [[ -f $LOADED ]] && cat "$LOADED" || true ;;
  load) load ;;
  derive) derive ;;
  windows) windows ;;
  psql) psql_db -d "$DB" "$@" ;;
  url) url ;;
  destroy) destroy ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
