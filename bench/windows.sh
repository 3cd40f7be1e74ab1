#!/usr/bin/env bash
# Availability windows and the catalogue feed on the 1M-movie dataset (issue "availability that changes with time"):
#
#   bench/windows.sh [all|boundary|import]   (default all; bench/run.sh runs it last, BENCH_ONLY=windows runs only it)
#
# windows   bench/sql/windows.sql: the dataset's windows rewritten relative to now (leaving, arrived, upcoming).
# boundary  10,000 current US windows (spread over genres by a hash) are set to end at one minute boundary B
#           (BENCH_WINDOWS_LEAD, default 180, to 60 s more ahead: setting them refreshes those movies' listing first, and
#           the load must start at least 62 s before B); LoadGen drives the movie list at a fixed rate from then until
#           B + 60 s (response cache on); a poller reads GET /v1/movies?country=US and three genres' totals every 50 ms
#           from B - 5 s. Reported: the time from B until every total is exact (the expected values computed in SQL
#           before B), the list's p99 in [B, B+60 s) against [B-60 s, B) of the same run; then the 10,000 windows are
#           made open-ended again.
# import   the feed of the whole catalogue (the API's --export of the bench database), then
#   (a) into an empty database (movies_import on the bench cluster, migrated by the API's migration step): time, rows/s;
#   (b) into the bench database while the API serves from it, the operator's daily run: the same feed with a share of
#       lines changed (BENCH_FEED_CHANGED percent, default 10: half a new title, half a window with a new end) - the
#       list's p99 at a fixed rate during the import against the 60 s before it, same run; after it, GET totals
#       against SQL counts; then the changed titles and windows are put back (SQL and windows.sql).
# Figures go to bench/.data/results/<UTC time>/windows.tsv and, with run.sh's header, to bench/RESULTS.md.
#
# Environment: BENCH_WINDOWS_RATE (LoadGen req/s, default 300), BENCH_WINDOWS_COUNT (10000), BENCH_FEED_CHANGED (10),
# BENCH_WINDOWS_POLL_SECONDS (the poller gives up this long after B, default 300), BENCH_WINDOWS_LEAD (180),
# BENCH_FEED_LINES (import only the first N lines of the feed, for a quicker run; default all),
# BENCH_FEED_LOAD_SECONDS (at most this long under load during the import, default 3600), BENCH_WINDOWS_OUT (a
# results folder to write into, set by run.sh), BENCH_WINDOWS_NO_SQL=1 (skip windows.sql: run.sh ran it).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
DATA_ROOT=${BENCH_DATA:-$BENCH/.data}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

API_URL=http://127.0.0.1:5099
RATE=${BENCH_WINDOWS_RATE:-300}
COUNT=${BENCH_WINDOWS_COUNT:-10000}
CHANGED=${BENCH_FEED_CHANGED:-10}
LOAD_MAX=${BENCH_FEED_LOAD_SECONDS:-3600}
FEED_LINES=${BENCH_FEED_LINES:-0}
LEAD=${BENCH_WINDOWS_LEAD:-180}
POLL_MAX=${BENCH_WINDOWS_POLL_SECONDS:-300}
WHAT=${1:-all}
case $WHAT in all | boundary | import) ;; *) sed -n '2,26p' "$0" >&2; exit 2 ;; esac

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${BENCH_WINDOWS_OUT:-$DATA_ROOT/results/windows-$STAMP}
FEED_DIR=$DATA_ROOT/feed
mkdir -p "$OUT" "$FEED_DIR" "$DATA_ROOT/log"
: >"$OUT/windows.tsv"

log() { printf '[%s] %s\n' "$(date -u +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
psql_bench() { "$BENCH/cluster.sh" psql "$@"; }
now_ms() { date +%s%3N; }
figure() { printf '%s\t%s\n' "$1" "$2" >>"$OUT/windows.tsv"; log "$1: $2"; } # label value

API_STARTED=0
LOADGEN_PID=
BOUNDARY_SET=0
cleanup() {
  local rc=$?
  [[ -n $LOADGEN_PID ]] && kill "$LOADGEN_PID" 2>/dev/null || true
  if ((BOUNDARY_SET)); then log "putting the boundary's windows back"; restore_boundary || true; fi
  if ((API_STARTED)); then "$BENCH/api.sh" stop >/dev/null 2>&1 || true; fi
  ((rc == 0)) || log "failed (exit $rc); raw outputs in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------------------
setup() {
  "$BENCH/cluster.sh" up >&2
  [[ -f $DATA_ROOT/loaded ]] || die "the cluster has no loaded dataset"
  if [[ ${BENCH_WINDOWS_NO_SQL:-} != 1 ]]; then
    log "windows.sql: the dataset's windows relative to now"
    "$BENCH/cluster.sh" windows 2>&1 | tee "$OUT/windows-sql.txt" >&2
  fi
  log "LoadGen: build"
  dotnet build "$BENCH/LoadGen" -c Release -v quiet -nologo >"$OUT/loadgen-build.log" 2>&1 || die "LoadGen does not build"
  LOADGEN_DLL=$(find "$BENCH/LoadGen/bin/Release" -name LoadGen.dll | head -n 1)
  [[ -f $DATA_ROOT/api.pid ]] && kill -0 "$(cat "$DATA_ROOT/api.pid")" 2>/dev/null &&
    die "an API is already running (pid $(cat "$DATA_ROOT/api.pid")); stop it first: bench/api.sh stop"
  log "API: build and start (response cache on)"
  API_STARTED=1
  BENCH_API_URL=$API_URL BENCH_API_NO_BUILD=${BENCH_API_BUILT:-} "$BENCH/api.sh" start >&2
  API_DLL=$(find "$DATA_ROOT/api/bin" -name MovieDiscovery.Api.dll -path '*release*' | head -n 1)
  log "warm-up: 20 s of the movie list at $RATE req/s (discarded)"
  (loadgen warmup 20)
}

loadgen() { # name seconds [--samples file]: the movie list at $RATE req/s; prints nothing, output in $OUT/name.txt
  local name=$1 seconds=$2; shift 2
  # exec: run in the background, its process id is LoadGen's own (SIGTERM ends it early, with its samples).
  exec dotnet "$LOADGEN_DLL" --url "$API_URL" --scenario movies --rate "$RATE" --duration "$seconds" "$@" >"$OUT/$name.txt" 2>&1
}

p99_between() { # samples from_ms to_ms: "p99 p50 requests non-2xx" of the requests due in [from, to)
  python3 - "$@" <<'EOF'
import sys
path, lo, hi = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
lat, bad = [], 0
for line in open(path):
    t, ms, status = line.split("\t")
    if lo <= float(t) < hi:
        lat.append(float(ms))
        bad += not status.strip().startswith("2")
lat.sort()
at = lambda q: lat[min(len(lat) - 1, max(0, -(-int(q * len(lat) * 1000) // 1000) - 1))] if lat else float("nan")
print(f"{at(0.99):.1f} {at(0.50):.1f} {len(lat)} {bad}")
EOF
}

total_of() { curl -fsS "$API_URL/v1/movies?$1&page_size=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }

# ---------------------------------------------------------------------------------------------------------------
boundary() {
  log "boundary: $COUNT US windows ending in one minute"
  # B: a minute boundary LEAD-LEAD+60 s ahead (the UPDATE below refreshes the listing of the 10,000 movies first),
  # never next to a whole hour (windows.sql's boundaries are on whole hours).
  local b now
  now=$(date +%s)
  b=$(((now + LEAD + 59) / 60 * 60))
  while [[ $(date -u -d "@$b" +%M) =~ ^(59|00|01)$ ]]; do b=$((b + 60)); done
  log "boundary B = $(date -u -d "@$b" +%T) UTC"
  local genres="1 10 20" g
  psql_bench -q -c "CREATE SCHEMA IF NOT EXISTS bench" -c "DROP TABLE IF EXISTS bench.boundary_windows" -c "
    CREATE TABLE bench.boundary_windows AS
    SELECT id, movie_id FROM availability_windows
    WHERE country_code = 'US' AND available_from IS NULL AND available_until IS NULL
    ORDER BY hashint8extended(movie_id, 91), movie_id LIMIT $COUNT" >/dev/null
  # Expected totals after B: today's counts minus the movies whose window ends at B (per genre by their genres).
  psql_bench -At -F ' ' -c "
    SELECT 'all', c.movie_count, c.movie_count - (SELECT count(*) FROM bench.boundary_windows)
    FROM listing_counts c WHERE c.country_code = 'US' AND c.genre_id = 0
    UNION ALL
    SELECT c.genre_id::text, c.movie_count, c.movie_count - (SELECT count(*) FROM bench.boundary_windows b JOIN movie_genres g
                                                              ON g.movie_id = b.movie_id AND g.genre_id = c.genre_id)
    FROM listing_counts c WHERE c.country_code = 'US' AND c.genre_id IN (${genres// /,})" >"$OUT/boundary-expected.txt"
  cat "$OUT/boundary-expected.txt" >&2
  local t0; t0=$(now_ms)
  BOUNDARY_SET=1
  psql_bench -q -c "UPDATE availability_windows w SET available_until = to_timestamp($b)
                    FROM bench.boundary_windows b WHERE w.id = b.id" >/dev/null
  figure "boundary: setting $COUNT window ends (UPDATE, triggers included)" "$(($(now_ms) - t0)) ms"
  # The API answers the totals before B (the update emptied its cache).
  local label before after query
  while read -r label before after; do
    query="country=US"; [[ $label == all ]] || query="country=US&genre=$label"
    [[ $(total_of "$query") == "$before" ]] || die "GET /v1/movies?$query total is not $before before B"
  done <"$OUT/boundary-expected.txt"

  local start_s; start_s=$(date +%s)
  local duration=$((b + 60 - start_s))
  ((b - start_s >= 62)) || die "too little time before B ($((b - start_s)) s; BENCH_WINDOWS_LEAD=$LEAD is too short here)"
  log "LoadGen: the movie list at $RATE req/s for $duration s (until B + 60 s)"
  loadgen boundary "$duration" --samples "$OUT/boundary-samples.tsv" &
  LOADGEN_PID=$!
  sleep $((b - 5 - $(date +%s)))
  python3 - "$b" "$API_URL" "$OUT/boundary-expected.txt" "$POLL_MAX" >"$OUT/boundary-poll.txt" <<'EOF'
import json, sys, time, urllib.request
b, url, expected, limit = float(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
want = {}
for line in open(expected):
    label, before, after = line.split()
    want["country=US" if label == "all" else f"country=US&genre={label}"] = int(after)
first_exact = {q: None for q in want}
all_exact = None
while time.time() < b + limit:
    tick = time.time()
    for q, n in want.items():
        total = json.load(urllib.request.urlopen(f"{url}/v1/movies?{q}&page_size=1"))["total"]
        if total == n and first_exact[q] is None:
            first_exact[q] = time.time()
        if total != n and first_exact[q] is not None and time.time() > b:
            first_exact[q] = None  # exact, then not: count from the last time it became exact
    if all_exact is None and all(t is not None for t in first_exact.values()):
        all_exact = time.time()
    if all_exact is not None and time.time() > all_exact + 3:
        break
    time.sleep(max(0, 0.05 - (time.time() - tick)))
for q, t in first_exact.items():
    print(q, "never" if t is None else f"{(t - b) * 1000:.0f}")
print("all", "never" if all_exact is None else f"{(all_exact - b) * 1000:.0f}")
EOF
  cat "$OUT/boundary-poll.txt" >&2
  wait "$LOADGEN_PID" || die "LoadGen failed: $(tail -n 3 "$OUT/boundary.txt")"
  LOADGEN_PID=
  grep -o '"Message":"Availability clock[^"]*' "$DATA_ROOT/log/api.log" | tail -n 5 >"$OUT/boundary-clock.txt" || true
  figure "boundary: time from B until every total is exact (US + genres $genres; polled every 50 ms)" \
    "$(awk -v limit="$POLL_MAX" '$1 == "all" { print ($2 == "never" ? "not within " limit " s" : $2 " ms") }' "$OUT/boundary-poll.txt")"
  local before_p99 after_p99 n1 n2 bad1 bad2 p50a p50b
  read -r before_p99 p50b n1 bad1 < <(p99_between "$OUT/boundary-samples.tsv" $(((b - 60) * 1000)) $((b * 1000)))
  read -r after_p99 p50a n2 bad2 < <(p99_between "$OUT/boundary-samples.tsv" $((b * 1000)) $(((b + 60) * 1000)))
  figure "boundary: list p99 in the minute before B ($RATE req/s; p50; requests; non-2xx)" "$before_p99 ms (p50 $p50b; $n1; $bad1)"
  figure "boundary: list p99 in the minute from B (p50; requests; non-2xx)" "$after_p99 ms (p50 $p50a; $n2; $bad2)"
  figure "boundary: p99 ratio, minute from B ÷ minute before" "$(python3 -c "print(f'{$after_p99 / $before_p99:.2f}')")"
  grep -E 'duration: [0-9.]+ ms .*(advance_availability_clock|apply_availability)' "$DATA_ROOT/log/postgres.log" | tail -n 3 >"$OUT/boundary-slow-sql.txt" || true

  log "boundary: the $COUNT windows open-ended again"
  t0=$(now_ms)
  restore_boundary
  figure "boundary: restoring the $COUNT windows (UPDATE, triggers included)" "$(($(now_ms) - t0)) ms"
  while read -r label before after; do
    query="country=US"; [[ $label == all ]] || query="country=US&genre=$label"
    [[ $(total_of "$query") == "$before" ]] || die "GET /v1/movies?$query total is not back to $before"
  done <"$OUT/boundary-expected.txt"
}

restore_boundary() {
  psql_bench -q -c "UPDATE availability_windows w SET available_until = NULL FROM bench.boundary_windows b WHERE w.id = b.id" \
    -c "DROP TABLE bench.boundary_windows" >/dev/null
  BOUNDARY_SET=0
}

# ---------------------------------------------------------------------------------------------------------------
feed_command() { # database verb file [args]: the API's feed command (what make import / make export run)
  local db=$1; shift
  (cd "$(dirname "$API_DLL")" && ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres \
    Database__ConnectionString="Host=127.0.0.1;Port=$(cat "$DATA_ROOT/port");Username=postgres;Database=$db" \
    dotnet MovieDiscovery.Api.dll "$@")
}

summary_of() { grep -Eo 'inserted [0-9]+, updated [0-9]+, unchanged [0-9]+, rejected [0-9]+' "$1" | tail -n 1; }
# The import exits 1 when a line was rejected: the bench catalogue has movies whose cast repeats a name (its actors are
# drawn from a list of names), which the feed, matching actors by name, rejects. The rest is applied and measured.
imported_anyway() { # output
  [[ -n $(summary_of "$1") ]] || { tail -n 5 "$1" >&2; die "the import failed: $1"; }
  log "the import rejected some lines ($(grep -c '^line ' "$1") reported in $1)"
}

import() {
  # The bench movies carry the external id the export gives a movie without one, so a feed of them updates them.
  psql_bench -q -c "SET session_replication_role = replica" \
    -c "UPDATE movies SET external_id = 'movie-' || id WHERE external_id IS NULL" >/dev/null
  local feed=$FEED_DIR/catalogue.jsonl t0
  log "export: the catalogue into $feed"
  t0=$(now_ms)
  feed_command movies_bench --export "$feed" >"$OUT/export.txt" 2>&1 || { tail -n 5 "$OUT/export.txt" >&2; die "export failed"; }
  local lines; lines=$(wc -l <"$feed")
  figure "feed: export of $lines movies ($(du -m "$feed" | cut -f1) MB)" "$(((($(now_ms) - t0) + 500) / 1000)) s"
  if ((FEED_LINES > 0 && FEED_LINES < lines)); then
    head -n "$FEED_LINES" "$feed" >"$FEED_DIR/catalogue-part.jsonl"
    feed=$FEED_DIR/catalogue-part.jsonl
    lines=$FEED_LINES
    log "feed: its first $lines lines only (BENCH_FEED_LINES)"
  fi

  # (a) into an empty database, migrated first by the API's migration step.
  log "import (a): into an empty database (movies_import)"
  psql_bench -d postgres -q -c "DROP DATABASE IF EXISTS movies_import" -c "CREATE DATABASE movies_import" >/dev/null
  Database__ConnectionString="Host=127.0.0.1;Port=$(cat "$DATA_ROOT/port");Username=postgres;Database=movies_import" \
    BENCH_API_NO_BUILD=1 BENCH_API_URL=http://127.0.0.1:5097 BENCH_API_PID=$DATA_ROOT/api-import.pid \
    BENCH_API_LOG=$DATA_ROOT/log/migrate-import.log "$BENCH/api.sh" migrate >&2
  t0=$(now_ms)
  feed_command movies_import --import "$feed" >"$OUT/import-empty.txt" 2>&1 || imported_anyway "$OUT/import-empty.txt"
  local ms=$(($(now_ms) - t0))
  figure "import (a): $lines lines into an empty database" "$(((ms + 500) / 1000)) s, $((lines * 1000 / ms)) rows/s ($(summary_of "$OUT/import-empty.txt"))"
  figure "import (a): US total (listing_counts) vs SQL count of available pairs" "$("$BENCH/cluster.sh" psql -d movies_import -At -c "
    SELECT (SELECT movie_count FROM listing_counts WHERE country_code = 'US' AND genre_id = 0) || ' vs ' ||
           (SELECT count(*) FROM movie_availability WHERE country_code = 'US')")"
  psql_bench -d postgres -q -c "DROP DATABASE movies_import" >/dev/null

  # (b) the operator's daily run: the feed with a share of lines changed, into the database the API serves from.
  local changed=$FEED_DIR/catalogue-changed.jsonl
  python3 - "$feed" "$changed" "$CHANGED" <<'EOF'
import json, sys, zlib
src, dst, pct = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src) as f, open(dst, "w") as out:
    for n, line in enumerate(f, 1):
        h = zlib.crc32(n.to_bytes(4, "little")) % 200
        if h < pct:  # a new title
            m = json.loads(line); m["title"] += " (Remastered)"; line = json.dumps(m, ensure_ascii=False, separators=(",", ":")) + "\n"
        elif h < 2 * pct:  # the first window gets an end a year after its start (or after 2027-01-01)
            m = json.loads(line)
            if m["availability"]:
                w = m["availability"][0]
                start = w["available_from"] or "2026-01-01T00:00:00Z"
                end = str(int(start[:4]) + 1) + start[4:]
                nxt = [x for x in m["availability"][1:] if x["country"] == w["country"]]
                if w["available_until"] is None and not nxt:
                    w["available_until"] = end
                    line = json.dumps(m, ensure_ascii=False, separators=(",", ":")) + "\n"
        out.write(line)
EOF
  log "import (b): $CHANGED% of the lines changed, into the database the API serves (LoadGen at $RATE req/s)"
  local idle_from import_from import_to
  loadgen import-load "$LOAD_MAX" --warmup 10 --samples "$OUT/import-samples.tsv" &
  LOADGEN_PID=$!
  sleep 75 # LoadGen's start and warm-up (not measured), then the 60 s before the import
  import_from=$(now_ms)
  feed_command movies_bench --import "$changed" >"$OUT/import-live.txt" 2>&1 || imported_anyway "$OUT/import-live.txt"
  import_to=$(now_ms)
  kill -TERM "$LOADGEN_PID"; wait "$LOADGEN_PID" || true
  LOADGEN_PID=
  idle_from=$((import_from - 60000))
  ms=$((import_to - import_from))
  figure "import (b): $lines lines, $CHANGED% changed, while the API serves" "$(((ms + 500) / 1000)) s, $((lines * 1000 / ms)) rows/s ($(summary_of "$OUT/import-live.txt"))"
  local idle_p99 busy_p99 n1 n2 bad1 bad2 p50i p50b
  read -r idle_p99 p50i n1 bad1 < <(p99_between "$OUT/import-samples.tsv" "$idle_from" "$import_from")
  read -r busy_p99 p50b n2 bad2 < <(p99_between "$OUT/import-samples.tsv" "$import_from" "$import_to")
  figure "import (b): list p99 in the 60 s before ($RATE req/s; p50; requests; non-2xx)" "$idle_p99 ms (p50 $p50i; $n1; $bad1)"
  figure "import (b): list p99 during the import (p50; requests; non-2xx)" "$busy_p99 ms (p50 $p50b; $n2; $bad2)"
  figure "import (b): p99 ratio, during ÷ before" "$(python3 -c "print(f'{$busy_p99 / $idle_p99:.2f}')")"
  local api sql
  api="$(total_of country=US) $(total_of 'country=US&genre=1')"
  sql=$(psql_bench -At -F ' ' -c "SELECT (SELECT count(*) FROM movie_availability WHERE country_code = 'US'),
    (SELECT count(*) FROM movie_availability a JOIN movie_genres g ON g.movie_id = a.movie_id AND g.genre_id = 1 WHERE a.country_code = 'US')")
  figure "import (b): GET totals (US, US genre 1) vs SQL counts" "$api vs $sql$([[ $api == "$sql" ]] && echo ' (exact)' || echo ' (NOT exact)')"

  log "import (b): putting the changed titles back; windows.sql puts the windows back"
  psql_bench -q -c "UPDATE movies SET title = left(title, -length(' (Remastered)')) WHERE title LIKE '% (Remastered)'" >/dev/null
  "$BENCH/cluster.sh" windows >"$OUT/windows-sql-after-import.txt" 2>&1
}

# ---------------------------------------------------------------------------------------------------------------
report() {
  local head dirty=""
  head=$(git -C "$ROOT" rev-parse --short HEAD)
  [[ -z $(git -C "$ROOT" status --porcelain) ]] || dirty=" dirty"
  {
    echo "Availability windows and the feed (bench/windows.sh $WHAT; GET /v1/movies via LoadGen at $RATE req/s):"
    echo
    echo "| measurement | figure |"
    echo "| --- | --- |"
    awk -F '\t' '{ printf "| %s | %s |\n", $1, $2 }' "$OUT/windows.tsv"
  } >"$OUT/windows.md"
  if [[ -z ${BENCH_WINDOWS_OUT:-} ]]; then
    {
      printf '\n## %s UTC — %s%s (bench/windows.sh %s)\n\n' "$(date -u '+%F %H:%M')" "$head" "$dirty" "$WHAT"
      printf -- '- load average before: %s; after: %s\n' "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)"
      printf -- '- raw outputs: bench/.data/results/%s/\n\n' "$(basename "$OUT")"
      cat "$OUT/windows.md"
    } >>"$BENCH/RESULTS.md"
  fi
  echo
  cat "$OUT/windows.md"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
setup
[[ $WHAT == import ]] || boundary
[[ $WHAT == boundary ]] || import
"$BENCH/api.sh" stop >&2
API_STARTED=0
report
