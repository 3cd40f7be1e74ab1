#!/usr/bin/env bash
# The API (Release build) against the benchmark cluster, on 127.0.0.1.
#
#   bench/api.sh start     build, start in the background, wait for /health/ready
#   bench/api.sh stop
#   bench/api.sh migrate   start once (migrations run on start), then stop
#   bench/api.sh pid       print the running API's process id
#
# It builds into bench/.data/api (its own bin/obj), so it never races a build of src/ in progress.
# BENCH_API_REF=<git ref> (e.g. HEAD) builds that commit instead of the working tree.
# BENCH_API_NO_BUILD=1 starts the last build as is (bench/run.sh builds once, then starts it several times).
# Environment: BENCH_API_URL (default http://127.0.0.1:5099), BENCH_API_PID (pid file, default bench/.data/api.pid),
# ASPNETCORE_ENVIRONMENT (default Production), Auth__SigningKey (default: the fixed bench key below, so bench
# tokens can be minted offline), Benchmark__BaselineEndpoint (default true: GET /bench/baseline, a fixed page
# without the database), RateLimiting__PermitLimit / RateLimiting__TokenPermitLimit (default 100000000 / 1000000:
# never reached by a load test), Database__Provider / Database__ConnectionString / Database__SeedDemoData (default
# Postgres, the bench cluster, false), and any other setting the API reads, passed through as is.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
DATA_ROOT=${BENCH_DATA:-$BENCH/.data}
OUT=$DATA_ROOT/api
PID_FILE=${BENCH_API_PID:-$DATA_ROOT/api.pid}
URL=${BENCH_API_URL:-http://127.0.0.1:5099}
LOG=${BENCH_API_LOG:-$DATA_ROOT/log/api.log}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A throwaway key for a throwaway loopback deployment; never a real one.
export Auth__SigningKey=${Auth__SigningKey:-bench-only-signing-key-not-a-secret-0123456789}
export Benchmark__BaselineEndpoint=${Benchmark__BaselineEndpoint:-true}
# Load tests come from one address and a handful of users: rate limits high enough never to apply.
export RateLimiting__PermitLimit=${RateLimiting__PermitLimit:-100000000}
export RateLimiting__TokenPermitLimit=${RateLimiting__TokenPermitLimit:-1000000}

build() {
  local src=$ROOT
  if [[ -n ${BENCH_API_REF:-} ]]; then
    src=$DATA_ROOT/api-src
    rm -rf "$src" && mkdir -p "$src"
    git -C "$ROOT" archive "$BENCH_API_REF" | tar -x -C "$src"
  fi
  echo "building the API (Release${BENCH_API_REF:+ at $BENCH_API_REF}) into $OUT"
  dotnet build "$src/src/MovieDiscovery.Api" -c Release --artifacts-path "$OUT" -v quiet -nologo >"$DATA_ROOT/log/api-build.log" 2>&1 ||
    { tail -n 30 "$DATA_ROOT/log/api-build.log" >&2; exit 1; }
}

start() {
  if [[ -f $PID_FILE ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then echo "API already running (pid $(cat "$PID_FILE"))"; return; fi
  mkdir -p "$DATA_ROOT/log"
  [[ ${BENCH_API_NO_BUILD:-} == 1 ]] || build
  local bin; bin=$(dirname "$(find "$OUT/bin" -name MovieDiscovery.Api.dll -path '*release*' | head -n 1)")
  # The content root is the working directory: run from the build output, where appsettings.json is.
  (cd "$bin" && exec env ASPNETCORE_URLS="$URL" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" \
    Database__Provider="${Database__Provider:-Postgres}" Database__SeedDemoData="${Database__SeedDemoData:-false}" \
    Database__ConnectionString="${Database__ConnectionString:-$("$BENCH/cluster.sh" url)}" \
    dotnet MovieDiscovery.Api.dll >"$LOG" 2>&1) &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$URL/health/ready" 2>/dev/null; then echo "API ready on $URL (pid $(cat "$PID_FILE"), log $LOG)"; return; fi
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || { tail -n 30 "$LOG" >&2; rm -f "$PID_FILE"; exit 1; }
    sleep 0.5
  done
  echo "API not ready after 300 s; log: $LOG" >&2; stop; exit 1
}

stop() {
  [[ -f $PID_FILE ]] || { echo "API not running"; return; }
  local pid; pid=$(cat "$PID_FILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$PID_FILE"
  echo "API stopped"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  migrate) start; stop ;;
  pid) [[ -f $PID_FILE ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && cat "$PID_FILE" || { echo "API not running" >&2; exit 1; } ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
