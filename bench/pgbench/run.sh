#!/usr/bin/env bash
# pgbench against the benchmark cluster, one endpoint's SQL at a time.
#
#   bench/pgbench/run.sh NAME [seconds=10] [clients=2]   NAME: list_movies | movie_detail | genres | saved_list | save
#                                                        | catalogue_change (not an endpoint: triggers of catalogue writes)
#   bench/pgbench/run.sh all  [seconds=10] [clients=2]   each in turn (save last: it adds rows), one line each
#
# Fixed seed (BENCH_SEED, default 42), prepared statements, the loaded scale passed as -D movies/users.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH=$(dirname "$HERE")
DATA_ROOT=${BENCH_DATA:-$BENCH/.data}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
name=${1:?usage: run.sh NAME|all [seconds] [clients]}
seconds=${2:-10}
clients=${3:-2}

[[ -f $DATA_ROOT/loaded ]] || { echo "no loaded cluster: bench/cluster.sh up" >&2; exit 1; }
scale=$(sed -n 2p "$DATA_ROOT/loaded")
movies=$(sed -E 's/.*movies=([0-9]+).*/\1/' <<<"$scale")
users=$(sed -E 's/.*users=([0-9]+).*/\1/' <<<"$scale")

run() {
  "$PGBIN/pgbench" -h 127.0.0.1 -p "$(cat "$DATA_ROOT/port")" -U postgres -n -M prepared \
    -c "$clients" -j "$clients" -T "$seconds" --random-seed="${BENCH_SEED:-42}" \
    -D movies="$movies" -D users="$users" -f "$HERE/$1.sql" movies_bench
}

if [[ $name == all ]]; then
  for script in genres movie_detail list_movies saved_list save; do
    out=$(run "$script" 2>&1) || { echo "$out" >&2; exit 1; }
    tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out")
    lat=$(sed -nE 's/^latency average = ([0-9.]+ ms).*/\1/p' <<<"$out")
    failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' <<<"$out")
    printf '%-14s %10s tps   latency avg %10s   failed %s   (%s s, %s clients)\n' "$script" "$tps" "$lat" "${failed:-0}" "$seconds" "$clients"
  done
else
  run "$name"
fi
