#!/usr/bin/env bash
# Where a request's CPU goes: the API process, PostgreSQL (all its processes) and wrk, in µs per request.
#
#   bench/api.sh start && bench/cpu-split.sh baseline movie_detail saved_list save; bench/api.sh stop
#
# Per wrk script (bench/wrk/<name>.lua): 8 s of load (seed 7, discarded), then 10 s measured (seed 42,
# wrk -t2 -c32) with each side's CPU time read from /proc before and after. Saves added are removed after `save`.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
URL=${BENCH_API_URL:-http://127.0.0.1:5099}
[[ $# -ge 1 ]] || { sed -n '2,7p' "$0" >&2; exit 2; }
api=$("$BENCH/api.sh" pid)
hz=$(getconf CLK_TCK)

ticks() { # pids...: their user + system time, in clock ticks
  local total=0 t
  for pid in "$@"; do
    t=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null) && total=$((total + t))
  done
  echo "$total"
}
load() { wrk -t2 -c32 -d"$1s" -s "$BENCH/wrk/$2.lua" "$URL" -- seed="$3" tokens="$BENCH/.tokens"; }

for script in "$@"; do
  load 8 "$script" 7 >/dev/null
  postgres=$(pgrep -x postgres | tr '\n' ' ')
  a0=$(ticks "$api"); p0=$(ticks $postgres)
  TIMEFORMAT='wrk-cpu %U %S'
  out=$({ time load 10 "$script" 42; } 2>&1)
  a1=$(ticks "$api"); p1=$(ticks $postgres)
  [[ $script != save ]] || "$BENCH/cluster.sh" psql -q -f "$BENCH/sql/reset_saves.sql" >/dev/null
  WRK_OUT=$out python3 - "$script" "$hz" "$a1" "$a0" "$p1" "$p0" <<'PY'
import os, re, sys
name, hz, a1, a0, p1, p0 = sys.argv[1], *map(float, sys.argv[2:])
text = os.environ["WRK_OUT"]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
user, system = map(float, re.search(r"wrk-cpu ([\d.]+) ([\d.]+)", text).groups())
n = rps * 10
us = lambda ticks: ticks / hz / n * 1e6
print(f"{name:14} {rps:9.0f} req/s   µs per request: API {us(a1 - a0):4.0f}   PostgreSQL {us(p1 - p0):4.0f}   wrk {(user + system) / n * 1e6:3.0f}")
PY
done
