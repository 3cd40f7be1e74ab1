#!/usr/bin/env bash
# The service as it is deployed, on this machine: HAProxy in front of 3 API instances, a PostgreSQL
# primary with one streaming standby, and Redis, all on loopback, all state in one folder.
# docs/cluster.md describes the topology; the Makefile's cluster-* targets call this script.
#
#   deploy/local/cluster.sh up        start it fresh; returns once the balancer answers /health/ready
#   deploy/local/cluster.sh down      stop every process it started (data and logs stay until the next up)
#   deploy/local/cluster.sh status    one JSON object: {"lb","apis","primary","standbys","redis"}
#   deploy/local/cluster.sh promote   stop the primary, promote the first standby (pg_ctl promote)
#
# Environment (read by up; the others read what up recorded in the state folder):
#   CLUSTER_PORT (8080)           the balancer; the rest follow it: instances +1, +2, +3; PostgreSQL
#                                 primary +4, standby +5; Redis +6; HAProxy's statistics page +7
#   CLUSTER_DIR (.cluster)        the state folder: data, logs, pid files, HAProxy's runtime socket
#   CLUSTER_STANDBY_DELAY_MS (0)  the standby's recovery_min_apply_delay
#   CLUSTER_APP_DIR               an API build to run (a folder with MovieDiscovery.Api.dll); by default
#                                 up publishes one (dotnet publish -c Release) into the state folder
#   CLUSTER_PG_OPTIONS            more PostgreSQL server options, e.g. "-c fsync=off" for a throwaway cluster
#   Any setting of the service (Auth__SigningKey, RateLimiting__PermitLimit, ...) reaches every instance;
#   the cluster sets the ones that make it a cluster (listen address, database, Redis, trusted proxy).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=$(realpath -m "${CLUSTER_DIR:-$ROOT/.cluster}")
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
DOTNET=${DOTNET:-dotnet}
# HAProxy connects to the instances from this address, and they trust X-Forwarded-For from it alone.
PROXY_SOURCE=127.0.0.2
NODES=(node1 node2)
DATABASE=movies

say() { printf 'cluster: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# ---- state -------------------------------------------------------------------------------------------
# cluster.env records what up was given and which node plays which role; promote rewrites the roles.
save_state() {
  printf 'CLUSTER_PORT=%s\nAPP_DIR=%q\nPRIMARY=%s\nSTANDBYS=%q\n' "$CLUSTER_PORT" "$APP_DIR" "$PRIMARY" "$STANDBYS" >"$DIR/cluster.env"
}
load_state() {
  [[ -f $DIR/cluster.env ]] || die "no cluster in $DIR (make cluster-up first, or set CLUSTER_DIR)"
  # shellcheck source=/dev/null
  source "$DIR/cluster.env"
  derive_ports
}
derive_ports() {
  LB_PORT=$CLUSTER_PORT
  API_PORTS=($((CLUSTER_PORT + 1)) $((CLUSTER_PORT + 2)) $((CLUSTER_PORT + 3)))
  declare -gA NODE_PORT=([node1]=$((CLUSTER_PORT + 4)) [node2]=$((CLUSTER_PORT + 5)))
  REDIS_PORT=$((CLUSTER_PORT + 6))
  STATS_PORT=$((CLUSTER_PORT + 7))
}
node_data() { echo "$DIR/data/$1"; }
node_connection_string() { echo "Host=127.0.0.1;Port=${NODE_PORT[$1]};Database=$DATABASE;Username=postgres"; }
# Every node, primary first: Npgsql picks the one each connection needs (primary or standby) by asking
# each server, so after a promotion the instances find the new primary without being told.
multi_host_connection_string() {
  local hosts=() node
  for node in "${NODES[@]}"; do hosts+=("127.0.0.1:${NODE_PORT[$node]}"); done
  echo "Host=$(IFS=,; echo "${hosts[*]}");Database=$DATABASE;Username=postgres"
}

# ---- processes ---------------------------------------------------------------------------------------
# Every process the cluster starts carries this variable (PostgreSQL's through pg_ctl and runuser), so
# down finds whatever is left of this cluster, and only of this one.
TAG="MOVIES_CLUSTER_DIR=$DIR"

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user.
as_postgres() { if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi; }

# The pid in a pid file, if that process is alive and is what the file says (its command line matches).
live_pid() { # pidfile pattern
  local pid
  [[ -f $1 ]] || return 0
  pid=$(head -n 1 "$1")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 0
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"; then echo "$pid"; fi
}
api_pid() { live_pid "$DIR/run/api$1.pid" MovieDiscovery.Api.dll; }
haproxy_pid() { live_pid "$DIR/run/haproxy.pid" haproxy; }
redis_pid() { live_pid "$DIR/run/redis.pid" redis-server; }
postmaster_pid() { live_pid "$(node_data "$1")/postmaster.pid" "$(node_data "$1")"; }

# shellcheck source=../../scripts/lib/marked-processes.sh
source "$ROOT/scripts/lib/marked-processes.sh"
tagged_pids() { marked_pids "$TAG"; }

stop_pid() { # pid seconds: TERM, then KILL if it is still there after that long
  local pid=$1 tries=$(($2 * 10))
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  while ((tries-- > 0)) && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_node() { # node
  local data; data=$(node_data "$1")
  [[ -n $(postmaster_pid "$1") ]] || return 0
  as_postgres "$PGBIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
    as_postgres "$PGBIN/pg_ctl" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 ||
    stop_pid "$(postmaster_pid "$1")" 1
}

# ---- up ----------------------------------------------------------------------------------------------
require_tools() {
  local missing=()
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v curl >/dev/null || missing+=(curl)
  [[ -x $PGBIN/initdb ]] || missing+=(postgresql)
  ((EUID != 0)) || command -v runuser >/dev/null || missing+=(util-linux)
  if ((${#missing[@]})); then
    say "missing: ${missing[*]}. Install them, then run this again:"
    say "  $( ((EUID == 0)) || echo 'sudo ')apt-get install -y ${missing[*]}"
    exit 1
  fi
  command -v "$DOTNET" >/dev/null || die "the .NET SDK is required (dotnet not on PATH)"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_ports() {
  local port
  for port in "$LB_PORT" "${API_PORTS[@]}" "${NODE_PORT[@]}" "$REDIS_PORT" "$STATS_PORT"; do
    ! port_in_use "$port" || die "127.0.0.1:$port is in use; choose another CLUSTER_PORT (ports $LB_PORT-$STATS_PORT are needed)"
  done
}

prepare_dir() {
  if [[ -f $DIR/cluster.env ]] && [[ -n $(tagged_pids) ]]; then
    die "a cluster is already running from $DIR: make cluster-down first (or set another CLUSTER_DIR)"
  fi
  rm -rf "$DIR/data" "$DIR/logs" "$DIR/run" "$DIR/cluster.env"
  mkdir -p "$DIR/data" "$DIR/logs" "$DIR/run"
  chmod 755 "$DIR" "$DIR/data" "$DIR/logs"
  if ((EUID == 0)); then
    runuser -u postgres -- test -x "$DIR/data" ||
      die "the postgres user cannot reach $DIR (a parent folder is private); set CLUSTER_DIR to a folder it can reach, e.g. /tmp/movies-cluster"
  fi
}

prepare_app() {
  if [[ -n ${CLUSTER_APP_DIR:-} ]]; then
    APP_DIR=$(realpath "$CLUSTER_APP_DIR")
  else
    say "publishing the API (Release) into $DIR/build"
    # Its own artifacts folder, so it never races a build of src/ in progress.
    "$DOTNET" publish "$ROOT/src/MovieDiscovery.Api" -c Release --artifacts-path "$DIR/build" -nologo -v quiet \
      >"$DIR/logs/publish.log" 2>&1 || { tail -n 30 "$DIR/logs/publish.log" >&2; die "dotnet publish failed"; }
    APP_DIR=$DIR/build/publish/MovieDiscovery.Api/release
  fi
  [[ -f $APP_DIR/MovieDiscovery.Api.dll ]] || die "no MovieDiscovery.Api.dll in $APP_DIR"
}

prepare_signing_key() {
  # One key for every instance, so a token issued by one is accepted by all. Generated per cluster
  # unless given (Auth__SigningKey); Auth__PreviousSigningKeys, if given, passes through as is.
  if [[ -z ${Auth__SigningKey:-} ]]; then
    Auth__SigningKey=$(head -c 48 /dev/urandom | base64 -w 0)
  fi
  export Auth__SigningKey
}

start_node() { # node
  local node=$1 data; data=$(node_data "$1")
  touch "$DIR/logs/$node.log"
  ((EUID != 0)) || chown postgres: "$DIR/logs/$node.log"
  as_postgres env "$TAG" "$PGBIN/pg_ctl" -D "$data" -l "$DIR/logs/$node.log" -w -t 120 \
    -o "-p ${NODE_PORT[$node]} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c cluster_name=$node ${CLUSTER_PG_OPTIONS:-}" \
    start >/dev/null || { tail -n 20 "$DIR/logs/$node.log" >&2; die "PostgreSQL $node did not start"; }
}

start_primary() {
  local data; data=$(node_data node1)
  say "PostgreSQL primary (node1) on 127.0.0.1:${NODE_PORT[node1]}"
  install -d -m 700 "$data"
  ((EUID != 0)) || chown postgres: "$data"
  as_postgres "$PGBIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/logs/initdb.log" 2>&1 ||
    { cat "$DIR/logs/initdb.log" >&2; die "initdb failed"; }
  # The shared settings (deploy/postgres/replication.conf), copied into the data folder so the server
  # reads them wherever the repository is; the standby gets them with its base backup.
  install -m 644 "$ROOT/deploy/postgres/replication.conf" "$data/replication.conf"
  ((EUID != 0)) || chown postgres: "$data/replication.conf"
  echo "include 'replication.conf'" >>"$data/postgresql.conf"
  start_node node1
  "$PGBIN/psql" -X -q -h 127.0.0.1 -p "${NODE_PORT[node1]}" -U postgres -d postgres -c "CREATE DATABASE $DATABASE" >/dev/null
}

start_standby() {
  local data; data=$(node_data node2)
  say "PostgreSQL standby (node2) on 127.0.0.1:${NODE_PORT[node2]}, recovery_min_apply_delay ${CLUSTER_STANDBY_DELAY_MS:-0} ms"
  install -d -m 700 "$data"
  ((EUID != 0)) || chown postgres: "$data"
  # -R writes standby.signal and primary_conninfo; -C -S creates the replication slot on the primary.
  as_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "${NODE_PORT[node1]}" -U postgres -D "$data" \
    -R -X stream -C -S node2 -c fast --no-sync >"$DIR/logs/basebackup.log" 2>&1 ||
    { cat "$DIR/logs/basebackup.log" >&2; die "pg_basebackup failed"; }
  echo "recovery_min_apply_delay = '${CLUSTER_STANDBY_DELAY_MS:-0}ms'" | as_postgres tee -a "$data/postgresql.auto.conf" >/dev/null
  start_node node2
  local tries=300
  until [[ $("$PGBIN/psql" -X -At -h 127.0.0.1 -p "${NODE_PORT[node1]}" -U postgres -d postgres \
    -c "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'node2' AND state = 'streaming'") == 1 ]]; do
    ((tries-- > 0)) || die "the standby does not stream from the primary (logs: $DIR/logs/node2.log)"
    sleep 0.1
  done
}

start_redis() {
  say "Redis on 127.0.0.1:$REDIS_PORT (no persistence)"
  env "$TAG" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --daemonize yes --pidfile "$DIR/run/redis.pid" --logfile "$DIR/logs/redis.log" --dir "$DIR/run"
  local tries=100 reply=
  until reply=$(exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 && head -c 5 <&3) 2>/dev/null && [[ $reply == +PONG ]]; do
    ((tries-- > 0)) || die "Redis does not answer (log: $DIR/logs/redis.log)"
    sleep 0.1
  done
}

# What every process of the API gets on top of the caller's environment.
api_environment() {
  echo "$TAG"
  echo "ASPNETCORE_ENVIRONMENT=Production"
  echo "Database__Provider=Postgres"
  echo "Database__ConnectionString=$(multi_host_connection_string)"
  echo "Redis__Configuration=127.0.0.1:$REDIS_PORT"
  echo "ForwardedHeaders__KnownProxies__0=$PROXY_SOURCE"
}

migrate() {
  say "migration step: $DIR/logs/migrate.log"
  local environment; mapfile -t environment < <(api_environment)
  # The one step that changes the schema, before any instance starts; it loads the demo catalogue and
  # accounts too, since this is a test topology (the README's examples run against it).
  (cd "$APP_DIR" && exec env "${environment[@]}" \
    Database__ConnectionString="$(node_connection_string node1)" \
    Database__MigrateOnStartup=true Database__SeedDemoData=true \
    timeout 180 "$DOTNET" MovieDiscovery.Api.dll --migrate-only) >"$DIR/logs/migrate.log" 2>&1 </dev/null ||
    { tail -n 30 "$DIR/logs/migrate.log" >&2; die "the migration step failed"; }
}

start_apis() {
  local environment i; mapfile -t environment < <(api_environment)
  for i in 1 2 3; do
    say "API instance $i on http://127.0.0.1:${API_PORTS[i - 1]}"
    # setsid: the instances outlive the shell that started them (no SIGHUP when it goes).
    # Demo data stays declared on the instances: outside Development the service refuses a database that
    # holds the demo accounts (their passwords are published) unless told it is a test deployment.
    (cd "$APP_DIR" && exec env "${environment[@]}" ASPNETCORE_URLS="http://127.0.0.1:${API_PORTS[i - 1]}" \
      Database__MigrateOnStartup=false Database__SeedDemoData=true \
      setsid "$DOTNET" MovieDiscovery.Api.dll) >"$DIR/logs/api$i.log" 2>&1 </dev/null &
    echo $! >"$DIR/run/api$i.pid"
  done
  local deadline=$((SECONDS + 120))
  for i in 1 2 3; do
    until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${API_PORTS[i - 1]}/health/ready" 2>/dev/null; do
      [[ -n $(api_pid "$i") ]] || { tail -n 30 "$DIR/logs/api$i.log" >&2; die "API instance $i exited"; }
      ((SECONDS < deadline)) || { tail -n 30 "$DIR/logs/api$i.log" >&2; die "API instance $i is not ready after 120 s"; }
      sleep 0.2
    done
  done
}

start_haproxy() {
  say "HAProxy on http://127.0.0.1:$LB_PORT (statistics http://127.0.0.1:$STATS_PORT, runtime API $DIR/run/haproxy.sock)"
  env "$TAG" HAPROXY_BIND="127.0.0.1:$LB_PORT" HAPROXY_STATS_BIND="127.0.0.1:$STATS_PORT" \
    HAPROXY_RUNTIME_SOCKET="$DIR/run/haproxy.sock" HAPROXY_SOURCE="$PROXY_SOURCE" \
    HAPROXY_API1="127.0.0.1:${API_PORTS[0]}" HAPROXY_API2="127.0.0.1:${API_PORTS[1]}" HAPROXY_API3="127.0.0.1:${API_PORTS[2]}" \
    setsid haproxy -f "$ROOT/deploy/haproxy/haproxy.cfg" -db >"$DIR/logs/haproxy.log" 2>&1 </dev/null &
  echo $! >"$DIR/run/haproxy.pid"
  # Every instance in service (its health check passed), then the balancer's own answer.
  local deadline=$((SECONDS + 60))
  until [[ $(servers_up) == 3 ]] && curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$LB_PORT/health/ready" 2>/dev/null; do
    [[ -n $(haproxy_pid) ]] || { cat "$DIR/logs/haproxy.log" >&2; die "HAProxy exited"; }
    ((SECONDS < deadline)) || { tail -n 20 "$DIR/logs/haproxy.log" >&2; die "the balancer is not ready after 60 s"; }
    sleep 0.2
  done
}

# How many of the backend's servers HAProxy has in service, from its statistics (CSV: column 18 is the status).
servers_up() { curl -fsS --max-time 2 "http://127.0.0.1:$STATS_PORT/;csv" 2>/dev/null | awk -F, '$1 == "api" && $2 ~ /^api[0-9]$/ && $18 == "UP"' | wc -l; }

up() {
  CLUSTER_PORT=${CLUSTER_PORT:-8080}
  [[ $CLUSTER_PORT =~ ^[0-9]+$ ]] && ((CLUSTER_PORT >= 1024 && CLUSTER_PORT <= 65528)) || die "CLUSTER_PORT must be a port from 1024 to 65528"
  [[ ${CLUSTER_STANDBY_DELAY_MS:-0} =~ ^[0-9]+$ ]] || die "CLUSTER_STANDBY_DELAY_MS must be a number of milliseconds"
  derive_ports
  require_tools
  prepare_dir
  check_ports
  # From here on, a failure stops whatever was started: nothing is left half up.
  trap 'rc=$?; if ((rc != 0)); then say "up failed; stopping what it started (logs: $DIR/logs)"; down >/dev/null 2>&1 || true; fi' EXIT
  prepare_app
  prepare_signing_key
  PRIMARY=node1 STANDBYS=node2
  save_state
  start_primary
  start_standby
  start_redis
  migrate
  start_apis
  start_haproxy
  say "up: http://127.0.0.1:$LB_PORT (make cluster-status for every process; logs in $DIR/logs)"
}

# ---- down, status, promote ---------------------------------------------------------------------------
down() {
  if [[ ! -f $DIR/cluster.env ]]; then say "no cluster in $DIR"; return 0; fi
  load_state
  stop_pid "$(haproxy_pid)" 5
  # SIGTERM: each instance reports not ready, finishes what is in flight, then exits.
  local i pids=()
  for i in 1 2 3; do pids+=("$(api_pid "$i")"); done
  for i in 0 1 2; do [[ -z ${pids[i]} ]] || kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for i in 0 1 2; do stop_pid "${pids[i]}" 20; done
  local node
  for node in "${NODES[@]}"; do stop_node "$node"; done
  stop_pid "$(redis_pid)" 5
  # Whatever is left (a backend of a killed postmaster, an orphan): killed, and said.
  local left; left=$(tagged_pids | tr '\n' ' ')
  if [[ -n ${left// /} ]]; then
    say "still running after the stop, killed: $left"
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
  fi
  say "down ($DIR)"
}

json_pid() { if [[ -n $1 ]]; then echo "$1"; else echo null; fi; }

status() {
  load_state
  local apis=() standbys=() i node
  for i in 1 2 3; do
    apis+=("{\"url\":\"http://127.0.0.1:${API_PORTS[i - 1]}\",\"pid\":$(json_pid "$(api_pid "$i")")}")
  done
  for node in $STANDBYS; do
    standbys+=("{\"connection_string\":\"$(node_connection_string "$node")\",\"pid\":$(json_pid "$(postmaster_pid "$node")")}")
  done
  printf '{"lb":{"url":"http://127.0.0.1:%s","pid":%s},"apis":[%s],"primary":{"connection_string":"%s","pid":%s},"standbys":[%s],"redis":{"address":"127.0.0.1:%s","pid":%s}}\n' \
    "$LB_PORT" "$(json_pid "$(haproxy_pid)")" "$(IFS=,; echo "${apis[*]}")" \
    "$(node_connection_string "$PRIMARY")" "$(json_pid "$(postmaster_pid "$PRIMARY")")" "$(IFS=,; echo "${standbys[*]}")" \
    "$REDIS_PORT" "$(json_pid "$(redis_pid)")"
}

promote() {
  load_state
  [[ -n $STANDBYS ]] || die "no standby to promote"
  local old=$PRIMARY new=${STANDBYS%% *}
  # Fencing first: were the old primary still taking writes after the promotion, the instances could
  # write to either, and the two histories would never meet again.
  say "stopping the primary ($old) if it still runs"
  stop_node "$old"
  say "promoting $new (127.0.0.1:${NODE_PORT[$new]})"
  as_postgres "$PGBIN/pg_ctl" -D "$(node_data "$new")" -w -t 60 promote >/dev/null
  PRIMARY=$new
  STANDBYS=$(echo " $STANDBYS " | sed "s/ $new / /" | xargs)
  save_state
  say "$new is the primary. Nothing else is repointed: the instances' connection string lists every node,"
  say "so they find the new primary by themselves. $old stays stopped (a new standby: make cluster-down && make cluster-up)."
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  promote) promote ;;
  *) sed -n '2,23p' "$0" >&2; exit 2 ;;
esac
