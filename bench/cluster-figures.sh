#!/usr/bin/env bash
# The cluster's figures, in one run, on a cluster of its own (deploy/local/cluster.sh): what the balancer
# costs, and what reading the catalogue from the standby changes. docs/scaling.md uses them.
#
#   bench/cluster-figures.sh           3 interleaved rounds, 10 s phases (about 20 minutes)
#   bench/cluster-figures.sh --quick   1 round, 2 s phases, a small dataset: a smoke test of the script
#
# Setup: the cluster on BENCH_CLUSTER_PORT (default 18080, so ports 18080-18089; state in
# bench/.data/cluster), the API published in Release, the bench signing key, rate limits out of reach; the
# benchmark dataset (bench/sql/generate.sql, derive.sql, VACUUM ANALYZE) loaded into its primary at
# BENCH_MOVIES / BENCH_USERS / BENCH_ACTORS / BENCH_SAVES (default 200000 / 20000 / 5000 / 400000) and
# replayed by the standby; bearer tokens minted offline (users 1-100 and 1000 others); two more instances
# outside the balancer, with the response cache off so that every catalogue read reaches a database:
# :+8 reads only the primary (its connection string names the primary alone), :+9 reads the standby (the
# cluster's connection string, both servers).
#
# Per round, per endpoint (movies, detail, genres, saved, save; bench/wrk/*.lua, wrk -t2 -c32 after a
# warm-up): straight to instance 1, and through HAProxy with instances 2 and 3 in maintenance, so both
# measure the one instance and the difference is HAProxy (the order alternates between rounds); then per
# catalogue endpoint (movies, detail, genres): the primary-reading and the standby-reading instance.
# Medians over the rounds are printed and appended to bench/RESULTS.md; raw outputs go to
# bench/.data/results/cluster-<UTC time>/. Everything runs on 127.0.0.1; every process it starts is
# stopped on exit. Needs wrk and python3 (as bench/run.sh does) and what make cluster-up needs.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
DATA_ROOT=${BENCH_DATA:-$BENCH/.data}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

QUICK=0
case ${1:-} in
  --quick) QUICK=1 ;;
  "") ;;
  *) sed -n '2,24p' "$0" >&2; exit 2 ;;
esac
if ((QUICK)); then
  ROUNDS=${BENCH_ROUNDS:-1} PHASE=${BENCH_PHASE_SECONDS:-2} WARMUP=1
  MOVIES=${BENCH_MOVIES:-5000} USERS=${BENCH_USERS:-1000} ACTORS=${BENCH_ACTORS:-500} SAVES=${BENCH_SAVES:-20000}
else
  ROUNDS=${BENCH_ROUNDS:-3} PHASE=${BENCH_PHASE_SECONDS:-10} WARMUP=3
  MOVIES=${BENCH_MOVIES:-200000} USERS=${BENCH_USERS:-20000} ACTORS=${BENCH_ACTORS:-5000} SAVES=${BENCH_SAVES:-400000}
fi
PORT=${BENCH_CLUSTER_PORT:-18080}
ENDPOINTS=(movies detail genres saved save)
CATALOGUE=(movies detail genres)
declare -A WRK_SCRIPT=([movies]=movies [detail]=movie_detail [genres]=genres [saved]=saved_list [save]=save)
SIGNING_KEY=bench-only-signing-key-not-a-secret-0123456789
export CLUSTER_PORT=$PORT CLUSTER_DIR=$DATA_ROOT/cluster
LB=http://127.0.0.1:$PORT
DIRECT=http://127.0.0.1:$((PORT + 1))
STATS=http://127.0.0.1:$((PORT + 7))
READS_PRIMARY=http://127.0.0.1:$((PORT + 8))
READS_STANDBY=http://127.0.0.1:$((PORT + 9))
PRIMARY_PG=$((PORT + 4))
PSQL=("$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PRIMARY_PG" -U postgres -d movies)

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$DATA_ROOT/results/cluster-$STAMP
TOKENS=$OUT/tokens
SAMPLES=$OUT/samples.tsv
mkdir -p "$OUT"

log() { printf '[%s] %s\n' "$(date -u +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in wrk python3 curl; do command -v "$tool" >/dev/null || die "$tool is needed"; done

# ---- processes this script starts, stopped on exit whatever happens ----------------------------------
EXTRA_PIDS=()
CLUSTER_STARTED=0
cleanup() {
  local rc=$? pid
  for pid in "${EXTRA_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${EXTRA_PIDS[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if ((CLUSTER_STARTED)); then bash "$ROOT/deploy/local/cluster.sh" down >/dev/null 2>&1 || true; fi
  ((rc == 0)) || log "failed (exit $rc); raw outputs in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- setup ---------------------------------------------------------------------------------------------
start_cluster() {
  log "cluster on 127.0.0.1:$PORT-$((PORT + 9)) (state $CLUSTER_DIR)"
  CLUSTER_STARTED=1
  Auth__SigningKey=$SIGNING_KEY RateLimiting__PermitLimit=100000000 RateLimiting__TokenPermitLimit=1000000 \
    Benchmark__BaselineEndpoint=true bash "$ROOT/deploy/local/cluster.sh" up 2>&1 | sed 's/^/  /' >&2
  [[ ${PIPESTATUS[0]} == 0 ]] || die "the cluster did not start"
  APP_DIR=$(sed -nE 's/^APP_DIR=(.*)$/\1/p' "$CLUSTER_DIR/cluster.env")
}

load_dataset() {
  log "dataset: $MOVIES movies, $USERS users, $ACTORS actors, $SAVES saves into the primary"
  "${PSQL[@]}" -v movies="$MOVIES" -v users="$USERS" -v actors="$ACTORS" -v saves="$SAVES" \
    -f "$BENCH/sql/generate.sql" >"$OUT/load.log" 2>&1 || { tail -n 20 "$OUT/load.log" >&2; die "generate.sql failed"; }
  "${PSQL[@]}" -f "$BENCH/sql/derive.sql" >>"$OUT/load.log" 2>&1 || { tail -n 20 "$OUT/load.log" >&2; die "derive.sql failed"; }
  "${PSQL[@]}" -c "VACUUM ANALYZE" >>"$OUT/load.log" 2>&1
  # The load runs with the triggers off: one catalogue statement tells every instance the catalogue changed.
  "${PSQL[@]}" -c "UPDATE genres SET name = name WHERE id = 1" >/dev/null
  log "waiting for the standby to replay the load"
  local target; target=$("${PSQL[@]}" -tAc "SELECT pg_current_wal_lsn()")
  local tries=600
  until [[ $("${PSQL[@]}" -tAc "SELECT coalesce(bool_and(replay_lsn >= '$target'), false) FROM pg_stat_replication") == t ]]; do
    ((tries-- > 0)) || die "the standby has not replayed the load after 10 minutes"
    sleep 1
  done
}

mint_tokens() {
  python3 "$BENCH/lib/mint-tokens.py" "$SIGNING_KEY" "$USERS" >"$TOKENS"
  log "tokens: $(wc -l <"$TOKENS") minted"
}

# An instance outside the balancer, the cluster's settings but its own connection string, no response cache.
start_reader() { # url connection-string name
  (cd "$APP_DIR" && exec env MOVIES_CLUSTER_DIR="$CLUSTER_DIR" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$1" \
    Database__Provider=Postgres Database__ConnectionString="$2" Database__MigrateOnStartup=false Database__SeedDemoData=false \
    ResponseCache__Enabled=false Auth__SigningKey=$SIGNING_KEY RateLimiting__PermitLimit=100000000 \
    Redis__Configuration="127.0.0.1:$((PORT + 6))" ForwardedHeaders__KnownProxies__0=127.0.0.2 \
    dotnet MovieDiscovery.Api.dll) >"$OUT/$3.log" 2>&1 </dev/null &
  EXTRA_PIDS+=($!)
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$1/health/ready" 2>/dev/null && return
    kill -0 "${EXTRA_PIDS[-1]}" 2>/dev/null || { tail -n 20 "$OUT/$3.log" >&2; die "$3 exited"; }
    sleep 0.2
  done
  die "$3 is not ready after 120 s"
}

# Instances 2 and 3 in or out of maintenance, from HAProxy's statistics page (its admin level, loopback only).
balancer_servers() { # maint|ready
  local backend; backend=$(curl -fsS "$STATS/;csv" | awk -F, '$1 == "api" && $2 == "BACKEND" { print $28 }')
  curl -fsS -o /dev/null -d "s=api2&s=api3&action=$1&b=%23$backend" "$STATS/"
  local want=MAINT; [[ $1 == maint ]] || want=UP
  for _ in $(seq 1 100); do
    [[ $(curl -fsS "$STATS/;csv" | awk -F, -v w="$want" '$1 == "api" && ($2 == "api2" || $2 == "api3") && $18 == w' | wc -l) == 2 ]] && return
    sleep 0.1
  done
  die "HAProxy did not put api2 and api3 in $want"
}

# ---- measurements --------------------------------------------------------------------------------------
wrk_run() { # name script seconds url seed: prints "req/s 5xx failures p99ms p50ms"
  wrk -t2 -c32 -d"${3}s" --latency --timeout 10s -s "$BENCH/wrk/$2.lua" "$4" \
    -- seed="$5" movies="$MOVIES" users="$USERS" tokens="$TOKENS" >"$OUT/$1.txt" 2>&1 ||
    { cat "$OUT/$1.txt" >&2; die "wrk $2 failed"; }
  python3 "$BENCH/lib/wrk-summary.py" "$OUT/$1.txt"
}

measure() { # round kind endpoint url
  local line
  # The warm-up draws other requests (seed 7 + round): replayed, a save would come back as 409.
  wrk_run "r$1-$2-$3-warmup" "${WRK_SCRIPT[$3]}" "$WARMUP" "$4" $((7 + $1)) >/dev/null
  line=$(wrk_run "r$1-$2-$3" "${WRK_SCRIPT[$3]}" "$PHASE" "$4" $((42 + $1)))
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${line// /$'\t'}" >>"$SAMPLES"
  log "round $1: $3 $2: $line"
}

round() { # round
  local r=$1 e
  balancer_servers maint
  for e in "${ENDPOINTS[@]}"; do
    if ((r % 2)); then measure "$r" direct "$e" "$DIRECT"; measure "$r" balancer "$e" "$LB"
    else measure "$r" balancer "$e" "$LB"; measure "$r" direct "$e" "$DIRECT"; fi
  done
  balancer_servers ready
  for e in "${CATALOGUE[@]}"; do
    if ((r % 2)); then measure "$r" primary "$e" "$READS_PRIMARY"; measure "$r" standby "$e" "$READS_STANDBY"
    else measure "$r" standby "$e" "$READS_STANDBY"; measure "$r" primary "$e" "$READS_PRIMARY"; fi
  done
}

report() {
  python3 - "$SAMPLES" "$ROUNDS" "$PHASE" <<'EOF'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
by = {}
for r, kind, endpoint, rps, s5, fail, p99, p50 in rows:
    by.setdefault((kind, endpoint), []).append((float(rps), int(s5), int(fail), float(p99), float(p50)))
med = lambda key, i: statistics.median(v[i] for v in by[key])
tot = lambda key, i: sum(v[i] for v in by[key])
names = {"movies": "GET /v1/movies", "detail": "GET /v1/movies/{id}", "genres": "GET /v1/genres",
         "saved": "GET /v1/users/{id}/saved-movies", "save": "POST /v1/users/{id}/saved-movies"}
print(f"{sys.argv[2]} round(s), {sys.argv[3]} s phases, wrk -t2 -c32; medians over the rounds (5xx and fail: totals)\n")
print("Through HAProxy (instances 2 and 3 in maintenance) vs straight to instance 1:\n")
print("| endpoint | direct req/s | balancer req/s | balancer ÷ direct | direct p50 / p99 ms | balancer p50 / p99 ms | 5xx | fail |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for e in ["movies", "detail", "genres", "saved", "save"]:
    d, b = ("direct", e), ("balancer", e)
    ratio = statistics.median(bv[0] / dv[0] for dv, bv in zip(by[d], by[b]))
    print(f"| `{names[e]}` | {med(d,0):.0f} | {med(b,0):.0f} | {ratio:.2f} | {med(d,4):.1f} / {med(d,3):.1f} | {med(b,4):.1f} / {med(b,3):.1f} | {tot(d,1)+tot(b,1)} | {tot(d,2)+tot(b,2)} |")
print("\nCatalogue reads with the response cache off, from an instance reading the standby vs one reading the primary only:\n")
print("| endpoint | primary req/s | standby req/s | standby ÷ primary | primary p99 ms | standby p99 ms | 5xx | fail |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for e in ["movies", "detail", "genres"]:
    p, s = ("primary", e), ("standby", e)
    ratio = statistics.median(sv[0] / pv[0] for pv, sv in zip(by[p], by[s]))
    print(f"| `{names[e]}` | {med(p,0):.0f} | {med(s,0):.0f} | {ratio:.2f} | {med(p,3):.1f} | {med(s,3):.1f} | {tot(p,1)+tot(s,1)} | {tot(p,2)+tot(s,2)} |")
EOF
}

# ---- the run -------------------------------------------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
start_cluster
load_dataset
mint_tokens
start_reader "$READS_PRIMARY" "Host=127.0.0.1;Port=$PRIMARY_PG;Database=movies;Username=postgres" reads-primary
start_reader "$READS_STANDBY" "Host=127.0.0.1:$PRIMARY_PG,127.0.0.1:$((PORT + 5));Database=movies;Username=postgres" reads-standby
: >"$SAMPLES"
for r in $(seq 1 "$ROUNDS"); do round "$r"; done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

TABLE=$(report)
echo "$TABLE"
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC — $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' dirty') — cluster figures"
  echo
  echo "- command: \`bench/cluster-figures.sh${1:+ $1}\`; dataset $MOVIES movies, $USERS users, $SAVES saves; 3 instances, HAProxy, PostgreSQL primary + standby, Redis on one machine"
  echo "- load average before: $LOAD_BEFORE; after: $LOAD_AFTER"
  echo "- raw outputs: bench/.data/results/cluster-$STAMP/"
  echo
  echo "$TABLE"
} >>"$BENCH/RESULTS.md"
log "appended to bench/RESULTS.md"
