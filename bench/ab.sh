#!/usr/bin/env bash
# Side by side: two commits of the API, alternately, on the benchmark cluster, one endpoint under wrk.
#
#   bench/ab.sh REF_A REF_B WRK_SCRIPT [ROUNDS]     e.g. bench/ab.sh HEAD~1 HEAD movie_detail 3
#
# Per round, for A then B: start that build, 15 s of wrk load (seed 7, discarded), 10 s measured
# (wrk -t2 -c32, seed 42), print req/s and wrk's p99, stop. Saves are removed after each save run.
# Builds go to bench/.data/ab/{a,b}. The cluster must be up (bench/cluster.sh up); tokens in bench/.tokens.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -ge 3 ]] || { sed -n '2,8p' "$0" >&2; exit 2; }
REF_A=$1 REF_B=$2 SCRIPT=$3 ROUNDS=${4:-3}
URL=http://127.0.0.1:5099
export Database__ConnectionString=${Database__ConnectionString:-$("$BENCH/cluster.sh" url)}

api() { # side ref start|stop
  BENCH_DATA=$BENCH/.data/ab/$1 BENCH_API_REF=$2 BENCH_API_NO_BUILD=${NO_BUILD:-} "$BENCH/api.sh" "$3" >/dev/null
}
load() { # seconds seed
  wrk -t2 -c32 -d"$1s" --latency -s "$BENCH/wrk/$SCRIPT.lua" "$URL" -- seed="$2" tokens="$BENCH/.tokens"
}

for round in $(seq 1 "$ROUNDS"); do
  for side in a b; do
    ref=$REF_A; [[ $side == b ]] && ref=$REF_B
    NO_BUILD=$([[ $round -gt 1 ]] && echo 1 || true) api "$side" "$ref" start
    load 15 7 >/dev/null
    out=$(load 10 42)
    echo "round $round $side ($ref): $(awk '/Requests\/sec/{print $2}' <<<"$out") req/s, p99 $(awk '$1=="99%"{print $2}' <<<"$out")"
    [[ $SCRIPT != save ]] || "$BENCH/cluster.sh" psql -q -f "$BENCH/sql/reset_saves.sql" >/dev/null
    api "$side" "$ref" stop
  done
done
