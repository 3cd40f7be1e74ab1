#!/usr/bin/env bash
# The benchmark against the 1M-movie dataset: per endpoint, the API's peak throughput (wrk), its latency at 70% of
# that (LoadGen, open loop), the database alone (pgbench) and the HTTP stack alone (GET /bench/baseline), over
# interleaved rounds, reported as medians; then deep pages, and the demo catalogue on SQLite and PostgreSQL.
#
#   bench/run.sh           3 rounds, 10 s phases (about 12-14 minutes)
#   bench/run.sh --quick   1 round, 5 s phases (a smoke test, about 3-4 minutes)
#
# Per round: H = wrk on /bench/baseline once; then for each endpoint (movies, detail, genres, saved, save, discover):
#   D    pgbench -M prepared with bench/pgbench/<endpoint>.sql, BENCH_PG_CLIENTS clients (default 4), tps
#   API  wrk -t2 -c32 with bench/wrk/<endpoint>.lua after a warm-up: req/s and status counts
#   lat  LoadGen at 0.7 x that req/s: p50/p99 from the intended send time
#   RSS  the API's peak VmRSS (sampled every 100 ms) during its wrk and LoadGen phases
#   bound = 1/(1/H + 1/D): the rate if each request cost the HTTP work of the baseline plus its database work on
#   the same 2 cores; API/bound shows how much the API adds on top.
#   discover: GET /v1/movies with the discovery filters (bench/wrk/discover.lua; its q words are the loaded dataset's
#   100 most frequent title words and its 20 rarest, written to words.txt first); no pgbench script yet, so no D.
# Saves added by a round are removed after it (bench/sql/reset_saves.sql), so every round sees the same data.
# Before the rounds: the cluster (bench/cluster.sh up), the API (bench/api.sh start), bearer tokens minted offline
# into bench/.tokens (HS256, the bench key; users 1-100 and 1000 others). After them: deep pages (curl, 5 times
# each, target <= 150 ms), a check that bench/pgbench/*.sql still hold every statement the API sent
# (pg_stat_statements); then the API again with its response cache off: discover per round (its "cache off" row),
# the discovery worst cases (each filter shape in the largest country, page 1 and the last page, 5 curl times each,
# target <= 150 ms, with the exact total) and a batch of 100 saves and of 100 removes (5 times, target <= 50 ms);
# and the seed scale (the demo catalogue on SQLite and on PostgreSQL, port 5098).
# Last, bench/windows.sh: a boundary of 10,000 availability windows under load, and the catalogue feed's export and
# import at 1M (into an empty database, and into the served one under load); the dataset's windows are rewritten
# relative to now (bench/sql/windows.sql) before the API starts.
# Prints a table and appends it to bench/RESULTS.md; raw outputs go to bench/.data/results/<UTC time>/.
#
#   BENCH_ONLY=windows bench/run.sh   only bench/windows.sh (the windows and the feed: over an hour with the whole 1M
#                                     feed at the measured import rate; BENCH_FEED_LINES=100000 about 25 minutes)
#
# Environment: BENCH_API_REF=HEAD (build a commit instead of the working tree, e.g. when it does not compile),
# BENCH_ROUNDS, BENCH_PHASE_SECONDS, BENCH_JIT_WARMUP_SECONDS (15, quick 5), BENCH_PG_CLIENTS, BENCH_WRK_THREADS (2), BENCH_WRK_CONNECTIONS (32).
# Everything runs on 127.0.0.1; the cluster is bench/cluster.sh's (started and loaded if needed), the API
# bench/api.sh's (started here and stopped on exit).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
DATA_ROOT=${BENCH_DATA:-$BENCH/.data}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
case ${BENCH_ONLY:-} in
  "") ;;
  windows) exec "$BENCH/windows.sh" all ;;
  *) echo "BENCH_ONLY: windows or unset" >&2; exit 2 ;;
esac

API_URL=http://127.0.0.1:5099
SEED_URL=http://127.0.0.1:5098
SIGNING_KEY=${Auth__SigningKey:-bench-only-signing-key-not-a-secret-0123456789}
TOKENS=$BENCH/.tokens
ENDPOINTS=(movies detail genres saved save discover)
declare -A WRK_SCRIPT=([movies]=movies [detail]=movie_detail [genres]=genres [saved]=saved_list [save]=save [discover]=discover
  [discover_nocache]=discover)
declare -A PG_SCRIPT=([movies]=list_movies [detail]=movie_detail [genres]=genres [saved]=saved_list [save]=save)
declare -A LOADGEN_SCENARIO=([discover_nocache]=discover)
declare -A ROUND_H=()
# LoadGen's scenario names are the endpoint names (LOADGEN_SCENARIO: where not). An endpoint without a PG_SCRIPT has no D.

QUICK=0
case ${1:-} in
  --quick) QUICK=1 ;;
  "") ;;
  *) sed -n '2,36p' "$0" >&2; exit 2 ;;
esac
if ((QUICK)); then ROUNDS=${BENCH_ROUNDS:-1} PHASE=${BENCH_PHASE_SECONDS:-5} WARMUP=2 JIT_WARMUP=${BENCH_JIT_WARMUP_SECONDS:-5}
else ROUNDS=${BENCH_ROUNDS:-3} PHASE=${BENCH_PHASE_SECONDS:-10} WARMUP=3 JIT_WARMUP=${BENCH_JIT_WARMUP_SECONDS:-15}; fi
PG_CLIENTS=${BENCH_PG_CLIENTS:-4}
WRK_T=${BENCH_WRK_THREADS:-2}
WRK_C=${BENCH_WRK_CONNECTIONS:-32}
COMMAND="bench/run.sh${1:+ $1}"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$DATA_ROOT/results/$STAMP
SAMPLES=$OUT/samples.tsv
WORDS=$OUT/words.txt # the q words of the discover scenario (write_words)
mkdir -p "$OUT"

log() { printf '[%s] %s\n' "$(date -u +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Processes this script starts, stopped on exit whatever happens.
API_STARTED=0
SEED_API_STARTED=0
SAMPLER_PID=
cleanup() {
  local rc=$?
  [[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  if ((SEED_API_STARTED)); then seed_api stop >/dev/null 2>&1 || true; fi
  if ((API_STARTED)); then "$BENCH/api.sh" stop >/dev/null 2>&1 || true; fi
  ((rc == 0)) || log "failed (exit $rc); raw outputs in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------------------
# Setup: cluster, API, LoadGen, tokens.
loaded_scale() { sed -E -n "2s/.*$1=([0-9]+).*/\1/p" "$DATA_ROOT/loaded"; }

setup_cluster() {
  log "cluster"
  "$BENCH/cluster.sh" up >&2
  [[ -f $DATA_ROOT/loaded ]] || die "the cluster has no loaded dataset"
  MOVIES=$(loaded_scale movies)
  USERS=$(loaded_scale users)
  log "dataset: $MOVIES movies, $USERS users"
  reset_saves
  log "windows.sql: the dataset's availability windows relative to now"
  "$BENCH/cluster.sh" windows >"$OUT/windows-sql.txt" 2>&1 || { cat "$OUT/windows-sql.txt" >&2; die "windows.sql failed"; }
}

reset_saves() { "$BENCH/cluster.sh" psql -f "$BENCH/sql/reset_saves.sql" >/dev/null; }

start_api() {
  [[ -f $DATA_ROOT/api.pid ]] && kill -0 "$(cat "$DATA_ROOT/api.pid")" 2>/dev/null &&
    die "an API is already running (pid $(cat "$DATA_ROOT/api.pid")); stop it first: bench/api.sh stop"
  port_free 5099 || die "127.0.0.1:5099 is in use"
  log "API: build and start (Release, Production${BENCH_API_REF:+, at $BENCH_API_REF})"
  API_STARTED=1
  BENCH_API_URL=$API_URL Auth__SigningKey=$SIGNING_KEY RateLimiting__PermitLimit=100000000 RateLimiting__TokenPermitLimit=1000000 \
    Benchmark__BaselineEndpoint=true "$BENCH/api.sh" start >&2
  API_PID=$("$BENCH/api.sh" pid)
  curl -fsS -o /dev/null "$API_URL/bench/baseline" || die "GET /bench/baseline failed: does this build have it?"
}

build_loadgen() {
  log "LoadGen: build"
  dotnet build "$BENCH/LoadGen" -c Release -v quiet -nologo >"$OUT/loadgen-build.log" 2>&1 ||
    { tail -n 20 "$OUT/loadgen-build.log" >&2; die "LoadGen does not build"; }
  LOADGEN_DLL=$(find "$BENCH/LoadGen/bin/Release" -name LoadGen.dll | head -n 1)
  [[ -n $LOADGEN_DLL ]] || die "LoadGen.dll not found"
}

token_works() { # user_id: does GET /v1/me accept bench/.tokens' token for that user?
  local token; token=$(awk -v id="$1" '$1 == id { print $2 }' "$TOKENS" 2>/dev/null)
  [[ -n $token ]] && curl -fsS -H "Authorization: Bearer $token" "$API_URL/v1/me" 2>/dev/null | grep -q "\"id\":$1[,}]"
}

mint_tokens() {
  # Reused while less than 20 hours old (they are valid for 24) and accepted by this API.
  if [[ -n $(find "$TOKENS" -mmin -1200 2>/dev/null) ]] && (($(wc -l <"$TOKENS") >= 1000)) && token_works 1 &&
    token_works "$(tail -n 1 "$TOKENS" | cut -d' ' -f1)"; then
    log "tokens: reusing bench/.tokens ($(wc -l <"$TOKENS") users; GET /v1/me accepts them)"
    return
  fi
  # Users 1..100 (the heavy savers) and 1000 others spread evenly over 101..USERS, HS256 with the bench key.
  log "tokens: users 1-100 and 1000 others into bench/.tokens"
  python3 "$BENCH/lib/mint-tokens.py" "$SIGNING_KEY" "$USERS" >"$TOKENS.tmp"
  mv "$TOKENS.tmp" "$TOKENS"
  token_works 1 || die "a minted token is not accepted by GET /v1/me (curl -H 'Authorization: Bearer ...' $API_URL/v1/me)"
  log "tokens: $(wc -l <"$TOKENS") minted; GET /v1/me accepts them"
}

# ---------------------------------------------------------------------------------------------------------------
# Measurements. Each prints one line of numbers; the raw output is kept in $OUT.

# The API's peak VmRSS (kB) while a phase runs: a sampler in the background, every 100 ms, appends each new maximum
# (a line per write, so stopping it mid-write cannot lose the earlier ones).
rss_sampler() { # pid file
  local max=0 key value
  while [[ -r /proc/$1/status ]]; do
    while read -r key value _; do
      if [[ $key == VmRSS: ]]; then ((value > max)) && { max=$value; echo "$max" >>"$2"; }; break; fi
    done <"/proc/$1/status" || true
    sleep 0.1
  done
}
rss_start() { echo 0 >"$OUT/rss"; rss_sampler "$API_PID" "$OUT/rss" & SAMPLER_PID=$!; }
rss_stop() {
  kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
  grep -E '^[0-9]+$' "$OUT/rss" | sort -n | tail -n 1
}

# wrk: "req/s 5xx failures p99ms p50ms" (failures: statuses the script does not count as success, plus socket errors).
wrk_run() { # name script seconds url [extra wrk args]
  local name=$1 script=$2 seconds=$3 url=$4; shift 4
  wrk -t"$WRK_T" -c"$WRK_C" -d"${seconds}s" --latency --timeout 10s "$@" -s "$BENCH/wrk/$script.lua" "$url" \
    -- seed="${WRK_SEED:-42}" movies="${MOVIES:-1000000}" tokens="$TOKENS" words="$WORDS" >"$OUT/$name.txt" 2>&1 ||
    { cat "$OUT/$name.txt" >&2; die "wrk $script failed"; }
  python3 "$BENCH/lib/wrk-summary.py" "$OUT/$name.txt"
}

# LoadGen at a fixed rate: "p50ms p99ms 5xx failures".
loadgen_run() { # name scenario rate
  dotnet "$LOADGEN_DLL" --url "$API_URL" --scenario "$2" --rate "$3" --duration "$PHASE" --warmup 2 \
    --movies "$MOVIES" --tokens "$TOKENS" --words "$WORDS" >"$OUT/$1.txt" 2>&1 || { cat "$OUT/$1.txt" >&2; die "LoadGen $2 failed"; }
  python3 - "$OUT/$1.txt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
p50, p99 = re.search(r"p50 ([\d.]+)\s+p90 [\d.]+\s+p99 ([\d.]+)", text).groups()
statuses = dict(re.findall(r"(\w+)=(\d+)", re.search(r"statuses:(.*)", text).group(1)))
ok, total = re.search(r"success: (\d+) of (\d+)", text).groups()
print(p50, p99, sum(int(n) for s, n in statuses.items() if s.isdigit() and 500 <= int(s) < 600), int(total) - int(ok))
EOF
}

# pgbench with the endpoint's SQL: tps.
pgbench_run() { # name script
  "$BENCH/pgbench/run.sh" "$2" "$PHASE" "$PG_CLIENTS" >"$OUT/$1.txt" 2>&1 || { cat "$OUT/$1.txt" >&2; die "pgbench $2 failed"; }
  sed -nE 's/^tps = ([0-9.]+).*/\1/p' "$OUT/$1.txt"
}

# Once, before the rounds: every endpoint under load long enough for the JIT to reach its optimised tier
# (perf: still compiling 10 s into a load, done by 30 s), so round 1 measures the same process as rounds 2 and 3.
warm_up_process() {
  local e
  log "warm-up: ${JIT_WARMUP} s of load per endpoint (seed 7), discarded"
  WRK_SEED=7 wrk_run "warmup-baseline" baseline "$JIT_WARMUP" "$API_URL" >/dev/null
  for e in "${ENDPOINTS[@]}"; do WRK_SEED=7 wrk_run "warmup-$e" "${WRK_SCRIPT[$e]}" "$JIT_WARMUP" "$API_URL" >/dev/null; done
  reset_saves
}

measure_round() { # round
  local r=$1 line e
  log "round $r: H (wrk /bench/baseline)"
  WRK_SEED=7 wrk_run "r$r-baseline-warmup" baseline "$WARMUP" "$API_URL" >/dev/null
  line=$(wrk_run "r$r-baseline" baseline "$PHASE" "$API_URL")
  read -r ROUND_H[$r] _ _ _ <<<"$line"
  for e in "${ENDPOINTS[@]}"; do measure_endpoint "$r" "$e"; done
  reset_saves
}

measure_endpoint() { # round endpoint: D (when it has a pgbench script), API max, latency at 70%, RSS; one line of $SAMPLES
  local r=$1 e=$2 d="" api p50 p99 rate rss w5 wf wp99 l5 lf line
  if [[ -n ${PG_SCRIPT[$e]:-} ]]; then
    log "round $r: $e: D (pgbench, $PG_CLIENTS clients)"
    d=$(pgbench_run "r$r-$e-pgbench" "${PG_SCRIPT[$e]}")
  fi
  log "round $r: $e: API max (wrk -t$WRK_T -c$WRK_C)"
  rss_start
  # The warm-up draws other requests (seed 7): replayed, its saves would come back as 409s.
  WRK_SEED=7 wrk_run "r$r-$e-warmup" "${WRK_SCRIPT[$e]}" "$WARMUP" "$API_URL" >/dev/null
  line=$(wrk_run "r$r-$e-wrk" "${WRK_SCRIPT[$e]}" "$PHASE" "$API_URL")
  read -r api w5 wf wp99 _ <<<"$line"
  rate=$(python3 -c "import sys; print(max(1, round(0.7 * float(sys.argv[1]))))" "$api")
  log "round $r: $e: $api req/s; latency at $rate req/s (LoadGen)"
  line=$(loadgen_run "r$r-$e-loadgen" "${LOADGEN_SCENARIO[$e]:-$e}" "$rate")
  read -r p50 p99 l5 lf <<<"$line"
  rss=$(rss_stop)
  sleep 2 # let requests still running in the API (a slow query) finish before the next phase
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$r" "$e" "$api" "$p50" "$p99" "${ROUND_H[$r]}" "$d" "$rss" "$((w5 + l5))" "$((wf + lf - w5 - l5))" "$rate" "$wp99" "$wf" >>"$SAMPLES"
}

# ---------------------------------------------------------------------------------------------------------------
# Are bench/pgbench/*.sql still the SQL the API sends? Every statement pg_stat_statements saw during the run (reset
# after the token check, so: the endpoints, deep pages and pgbench itself) must appear in some script once
# parameters, literals and whitespace are normalised. pgbench's own statements are told apart by the country array
# it indexes (bpchar[]), or match their script anyway.
sql_check() {
  "$BENCH/cluster.sh" psql -At -F $'\t' -c "SELECT calls, round(mean_exec_time::numeric, 3), replace(query, E'\n', ' ')
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time DESC" >"$OUT/pg_stat_statements.tsv" || { echo "(pg_stat_statements not readable)"; return; }
  python3 - "$OUT/pg_stat_statements.tsv" "$BENCH"/pgbench/*.sql <<'EOF'
import re, sys
def norm(sql):
    sql = re.sub(r"\('\{[A-Z,]+\}'::bpchar\[\]\)\[:\w+\]", "?", sql)
    sql = re.sub(r"\$\d+|:\w+|\bnow\(\)|\b\d+\b|\btrue\b|\bfalse\b", "?", sql, flags=re.I)
    sql = re.sub(r'\s+as\s+"?\w+"?', " ", sql, flags=re.I)  # aliases: the scripts name columns for \gset
    return re.sub(r"\s+", " ", sql).strip().rstrip(";").strip().lower()
scripts = norm(" ".join(re.sub(r"^(--|\\).*$", " ", open(f).read(), flags=re.M).replace("\\gset", " ")
                        for f in sys.argv[2:]))
skip = re.compile(r"(?i)^(discard all|select pg_stat_statements_reset|with inserted as)|bpchar\[\]|pg_stat_statements|__EFMigrationsHistory|pg_catalog")
missing = []
for line in open(sys.argv[1]):
    calls, mean, query = line.rstrip("\n").split("\t", 2)
    query = query.strip()
    if int(calls) < 5 or skip.search(query):
        continue
    if norm(query) not in scripts:
        missing.append(f"{calls} calls, {mean} ms mean: {query[:200]}")
if missing:
    print(f"**{len(missing)} statement(s) the API sent are not in bench/pgbench/*.sql**, so D is not the API's SQL there:\n")
    for m in missing:
        print(f"- `{m}`")
else:
    print("bench/pgbench/*.sql: every statement the API sent during the run is in a script.")
EOF
}

# ---------------------------------------------------------------------------------------------------------------
# Deep pages: GET /v1/movies?country=US&page_size=100 at the last and middle page, sorted both ways, and a genre's
# last page; each timed 5 times with curl, the median reported (target: at most 150 ms).
deep_pages() {
  log "deep pages"
  local total genre_total last mid glast
  total=$(curl -fsS "$API_URL/v1/movies?country=US&page=1&page_size=100" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  genre_total=$(curl -fsS "$API_URL/v1/movies?country=US&genre=1&page=1&page_size=100" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  last=$(((total + 99) / 100)); mid=$(((last + 1) / 2)); glast=$(((genre_total + 99) / 100))
  {
    deep_page "US last page $last (-year)" "country=US&page=$last&page_size=100"
    deep_page "US middle page $mid (-year)" "country=US&page=$mid&page_size=100"
    deep_page "US last page $last (sort=year)" "country=US&sort=year&page=$last&page_size=100"
    deep_page "US genre 1 last page $glast (-year)" "country=US&genre=1&page=$glast&page_size=100"
  } >"$OUT/deep.tsv"
}
deep_page() { # label query
  local times=() i out
  for i in 1 2 3 4 5; do
    out=$(curl -sS -o "$OUT/deep-body.json" -w '%{http_code} %{time_total}' "$API_URL/v1/movies?$2")
    [[ ${out%% *} == 200 ]] || die "deep page $2: HTTP ${out%% *}"
    times+=("${out#* }")
  done
  local rows; rows=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' "$OUT/deep-body.json")
  printf '%s\t%s\t%s\n' "$1" "$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }')" "$rows"
}

# ---------------------------------------------------------------------------------------------------------------
# Discovery: the q words of bench/wrk/discover.lua and LoadGen (the loaded titles' 100 most frequent words and 20
# rarest, split as title search splits them), then, with the response cache off, its rows, worst cases and batches.
write_words() {
  log "discover: the dataset's title words (100 most frequent, 20 rarest) into $WORDS"
  "$BENCH/cluster.sh" psql -At -F ' ' -c "
    WITH w AS (SELECT word, count(*) AS n FROM movies, regexp_split_to_table(btrim(title_words(title)), ' ') AS word
               WHERE word <> '' GROUP BY word)
    (SELECT 'frequent', word FROM w ORDER BY n DESC, word LIMIT 100)
    UNION ALL
    (SELECT 'rare', word FROM w ORDER BY n, word LIMIT 20)" >"$WORDS"
  grep -q '^frequent ' "$WORDS" && grep -q '^rare ' "$WORDS" || die "no title words in $WORDS"
}

restart_api_without_cache() {
  log "API: restart with the response cache off (ResponseCache__Enabled=false)"
  "$BENCH/api.sh" stop >&2
  BENCH_API_NO_BUILD=1 ResponseCache__Enabled=false BENCH_API_URL=$API_URL Auth__SigningKey=$SIGNING_KEY \
    RateLimiting__PermitLimit=100000000 RateLimiting__TokenPermitLimit=1000000 Benchmark__BaselineEndpoint=true \
    "$BENCH/api.sh" start >&2
  API_PID=$("$BENCH/api.sh" pid)
  WRK_SEED=7 wrk_run "warmup-discover-nocache" discover "$JIT_WARMUP" "$API_URL" >/dev/null
}

# Each filter shape at its broadest in the largest country (the US): the 3 (or 2) genres with the most movies there,
# the genre with the fewest excluded, every year, the most frequent title word, the longest "within days" (90), the
# whole country by when movies leave or arrived; page 1 and the last page of 100.
discover_worst_cases() {
  log "discover: worst cases (response cache off)"
  local broad narrow word shape query
  broad=$("$BENCH/cluster.sh" psql -At -c "SELECT string_agg(genre_id::text, ',' ORDER BY movie_count DESC, genre_id) FROM
    (SELECT genre_id, movie_count FROM listing_counts WHERE country_code = 'US' AND genre_id <> 0 ORDER BY movie_count DESC, genre_id LIMIT 3) g")
  narrow=$("$BENCH/cluster.sh" psql -At -c "SELECT genre_id FROM listing_counts WHERE country_code = 'US' AND genre_id <> 0
    ORDER BY movie_count, genre_id LIMIT 1")
  word=$(sed -n 's/^frequent //p' "$WORDS" | head -n 1)
  : >"$OUT/worst.tsv"
  while IFS='|' read -r shape query; do
    worst_case "$shape" "country=US&$query"
  done <<SHAPES
genre any of 3|genre=$broad
genre all of 2|genre=${broad%,*}&genre_match=all
exclude_genre|exclude_genre=$narrow
year range|year_from=1870&year_to=2100
q (relevance)|q=$word
q, newest first|q=$word&sort=-year
q, oldest first|q=$word&sort=year
every filter|genre=$broad&exclude_genre=$narrow&year_from=1870&year_to=2100&q=$word
sort leaving|sort=leaving
sort arrived|sort=arrived
leaving within 90 days|leaving_within_days=90&sort=leaving
arrived within 90 days|arrived_within_days=90
leaving 90 days, genre any of 3|leaving_within_days=90&genre=$broad
genre any of 3, sort leaving|genre=$broad&sort=leaving
q, sort arrived|q=$word&sort=arrived
every filter, leaving 90 days|genre=$broad&exclude_genre=$narrow&year_from=1870&year_to=2100&q=$word&leaving_within_days=90&sort=leaving
SHAPES
}
worst_case() { # shape query: page 1 and the last page of 100, each the median of 5 curl times, with the exact total
  local total last
  total=$(curl -fsS "$API_URL/v1/movies?$2&page_size=100" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])') ||
    die "discover worst case $2: no answer"
  last=$(((total + 99) / 100)); ((last >= 1)) || last=1
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" 1 "$(median_ms "$2&page=1&page_size=100")" "$total" >>"$OUT/worst.tsv"
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$last" "$(median_ms "$2&page=$last&page_size=100")" "$total" >>"$OUT/worst.tsv"
}
median_ms() { # query: the median of 5 curl times of GET /v1/movies?query, in ms
  local times=() i out
  for i in 1 2 3 4 5; do
    out=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' "$API_URL/v1/movies?$1")
    [[ ${out%% *} == 200 ]] || die "GET /v1/movies?$1: HTTP ${out%% *}"
    times+=("${out#* }")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }'
}

# POST /v1/users/1/saved-movies/batch with 100 movie ids to save (uniform over 1..movies, in the US), then the same 100
# to remove; 5 times each with other ids, the medians reported (target <= 50 ms); the saves are removed after.
discover_batches() {
  log "batch: 100 saves, then 100 removes, 5 times"
  local token i out saves=() removes=()
  token=$(awk '$1 == 1 { print $2 }' "$TOKENS")
  : >"$OUT/batch-statuses"
  for i in 1 2 3 4 5; do
    python3 -c 'import json, random, sys; random.seed(int(sys.argv[1])); ids = random.sample(range(1, int(sys.argv[2]) + 1), 100)
print(json.dumps({"country": "US", "save": ids})); print(json.dumps({"remove": ids}))' "$i" "$MOVIES" >"$OUT/batch-$i.json"
    out=$(sed -n 1p "$OUT/batch-$i.json" | curl -sS -o "$OUT/batch-$i-save.out" -w '%{http_code} %{time_total}' -X POST \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- "$API_URL/v1/users/1/saved-movies/batch")
    [[ ${out%% *} == 200 ]] || die "batch save: HTTP ${out%% *}"
    saves+=("${out#* }")
    python3 -c 'import json, sys; print("\n".join(str(i["status"]) for i in json.load(open(sys.argv[1]))["data"]))' \
      "$OUT/batch-$i-save.out" >>"$OUT/batch-statuses"
    out=$(sed -n 2p "$OUT/batch-$i.json" | curl -sS -o "$OUT/batch-$i-remove.out" -w '%{http_code} %{time_total}' -X POST \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- "$API_URL/v1/users/1/saved-movies/batch")
    [[ ${out%% *} == 200 ]] || die "batch remove: HTTP ${out%% *}"
    removes+=("${out#* }")
  done
  reset_saves
  {
    printf 'save 100\t%s\t%s\n' "$(printf '%s\n' "${saves[@]}" | sort -g | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }')" \
      "$(sort "$OUT/batch-statuses" | uniq -c | awk '{ printf "%s%s × %s", sep, $1, $2; sep = ", " }')"
    printf 'remove 100\t%s\t\n' "$(printf '%s\n' "${removes[@]}" | sort -g | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }')"
  } >"$OUT/batch.tsv"
}

# ---------------------------------------------------------------------------------------------------------------
# Seed scale: the API's own demo catalogue (158 movies) on a fresh SQLite file and a fresh PostgreSQL database.
seed_api() { # start|stop, with the SEED_* settings below
  BENCH_API_URL=$SEED_URL BENCH_API_PID=$DATA_ROOT/api-seed.pid BENCH_API_LOG=$DATA_ROOT/log/api-seed.log \
    BENCH_API_NO_BUILD=1 Auth__SigningKey=$SIGNING_KEY Benchmark__BaselineEndpoint=false \
    Database__Provider=${SEED_PROVIDER:-Sqlite} Database__ConnectionString=${SEED_CONNECTION:-} Database__SeedDemoData=true \
    "$BENCH/api.sh" "$1"
}

seed_scale() {
  local tmp; tmp=$(mktemp -d)
  port_free 5098 || die "127.0.0.1:5098 is in use"
  : >"$OUT/seed.tsv"
  log "seed scale: SQLite ($tmp/m.db)"
  SEED_PROVIDER=Sqlite SEED_CONNECTION="Data Source=$tmp/m.db" seed_measure SQLite
  log "seed scale: PostgreSQL (movies_seed on the bench cluster)"
  "$BENCH/cluster.sh" psql -d postgres -c "DROP DATABASE IF EXISTS movies_seed" -c "CREATE DATABASE movies_seed" >/dev/null
  SEED_PROVIDER=Postgres SEED_CONNECTION="Host=127.0.0.1;Port=$(cat "$DATA_ROOT/port");Username=postgres;Database=movies_seed" \
    seed_measure PostgreSQL
  rm -rf "$tmp"
}
seed_measure() { # label
  SEED_API_STARTED=1
  seed_api start >&2
  WRK_SEED=7 wrk_run "seed-$1-warmup" seed_movies "$WARMUP" "$SEED_URL" >/dev/null
  local rps s5 fail p99 line
  line=$(wrk_run "seed-$1" seed_movies "$PHASE" "$SEED_URL")
  read -r rps s5 fail p99 _ <<<"$line"
  seed_api stop >&2
  SEED_API_STARTED=0
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$rps" "$p99" "$s5" "$fail" >>"$OUT/seed.tsv"
}

# ---------------------------------------------------------------------------------------------------------------
# Report: medians per endpoint, printed and appended to bench/RESULTS.md.
report() { # load_before load_after
  python3 - "$SAMPLES" "$OUT/deep.tsv" "$OUT/seed.tsv" "$ROUNDS" "$PHASE" "$OUT/worst.tsv" "$OUT/batch.tsv" <<'EOF' >"$OUT/table.md"
import statistics as st, sys
samples, deep, seed, rounds, phase, worst, batch = sys.argv[1:8]
rows = [l.rstrip("\n").split("\t") for l in open(samples) if l.strip() and not l.startswith("#")]
order = ["movies", "detail", "genres", "saved", "save", "discover", "discover_nocache"]
label = {"movies": "GET /v1/movies", "detail": "GET /v1/movies/{id}", "genres": "GET /v1/genres",
         "saved": "GET /v1/users/{id}/saved-movies", "save": "POST /v1/users/{id}/saved-movies",
         "discover": "GET /v1/movies (discovery, cache on)", "discover_nocache": "GET /v1/movies (discovery, cache off)"}
def med(xs):
    xs = [float(x) for x in xs if x not in ("", "nan")]
    return st.median(xs) if xs else float("nan")
print(f"{rounds} round(s), {phase} s phases; medians over the rounds (5xx and fail: totals over all rounds)\n")
print("| endpoint | req/s | p50 ms | p99 ms | H req/s | D tps | bound | API÷bound | peak RSS MB | 5xx | fail |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for e in order:
    rs = [r for r in rows if r[1] == e]
    if not rs: continue
    # No D (no pgbench script for the endpoint): no bound either.
    bounds = [1 / (1 / float(r[5]) + 1 / float(r[6])) for r in rs if r[6]]
    ratios = [float(r[2]) / b for r, b in zip((r for r in rs if r[6]), bounds)]
    d, bound, ratio = ((f"{med(r[6] for r in rs):.0f}", f"{st.median(bounds):.0f}", f"{st.median(ratios):.2f}") if bounds
                       else ("—", "—", "—"))
    print(f"| {label[e]} | {med(r[2] for r in rs):.0f} | {med(r[3] for r in rs):.1f} | {med(r[4] for r in rs):.1f} | "
          f"{med(r[5] for r in rs):.0f} | {d} | {bound} | {ratio} | "
          f"{med(r[7] for r in rs) / 1024:.0f} | {sum(int(r[8]) for r in rs)} | {sum(int(r[9]) for r in rs)} |")
print("\nDeep pages (GET /v1/movies, page_size 100; median of 5 curl times; target ≤ 150 ms):\n")
print("| page | ms | rows | ≤ 150 ms |")
print("| --- | ---: | ---: | --- |")
for l in open(deep):
    name, ms, n = l.rstrip("\n").split("\t")
    print(f"| {name} | {ms} | {n} | {'yes' if float(ms) <= 150 else '**no**'} |")
print("\nDiscovery worst cases (GET /v1/movies in the US, page_size 100, response cache off; median of 5 curl times; "
      "target ≤ 150 ms):\n")
print("| shape | query | page | ms | total | ≤ 150 ms |")
print("| --- | --- | ---: | ---: | ---: | --- |")
for l in open(worst):
    shape, query, page, ms, total = l.rstrip("\n").split("\t")
    print(f"| {shape} | `{query}` | {page} | {ms} | {total} | {'yes' if float(ms) <= 150 else '**no**'} |")
print("\nBatch (POST /v1/users/1/saved-movies/batch, 100 ids, median of 5 curl times; target ≤ 50 ms):\n")
print("| batch | ms | item statuses (saves, all 5 runs) | ≤ 50 ms |")
print("| --- | ---: | --- | --- |")
for l in open(batch):
    name, ms, statuses = l.rstrip("\n").split("\t")
    print(f"| {name} | {ms} | {statuses} | {'yes' if float(ms) <= 50 else '**no**'} |")
print(f"\nSeed scale (the demo catalogue, wrk {phase} s on GET /v1/movies, bench/wrk/seed_movies.lua):\n")
print("| database | req/s | p99 ms (wrk) | 5xx | fail |")
print("| --- | ---: | ---: | ---: | ---: |")
for l in open(seed):
    name, rps, p99, s5, fail = l.rstrip("\n").split("\t")
    print(f"| {name} | {float(rps):.0f} | {p99} | {s5} | {fail} |")
EOF
  { echo; echo "SQL check:"; echo; cat "$OUT/sql-check.md"; } >>"$OUT/table.md"
  if [[ -f $OUT/windows.md ]]; then { echo; cat "$OUT/windows.md"; } >>"$OUT/table.md"; fi
  local head dirty=""
  head=$(git -C "$ROOT" rev-parse --short HEAD)
  [[ -z $(git -C "$ROOT" status --porcelain) ]] || dirty=" dirty"
  [[ -f $BENCH/RESULTS.md ]] || results_header >"$BENCH/RESULTS.md"
  {
    printf '\n## %s UTC — %s%s%s\n\n' "$(date -u -d "${STAMP:0:4}-${STAMP:4:2}-${STAMP:6:2} ${STAMP:9:2}:${STAMP:11:2}" '+%F %H:%M')" "$head" "$dirty" "${BENCH_API_REF:+ (API built at $BENCH_API_REF)}"
    printf -- '- command: `%s`; wrk -t%s -c%s; pgbench %s clients; LoadGen at 0.7 × the wrk req/s\n' "$COMMAND" "$WRK_T" "$WRK_C" "$PG_CLIENTS"
    printf -- '- load average before: %s; after: %s\n' "$1" "$2"
    printf -- '- raw outputs: bench/.data/results/%s/\n\n' "$STAMP"
    cat "$OUT/table.md"
  } >>"$BENCH/RESULTS.md"
  echo
  cat "$OUT/table.md"
}

results_header() {
  cat <<'EOF'
# Benchmark results

Appended by `bench/run.sh` (see bench/README.md), newest last. 1M movies on PostgreSQL 15, everything on one
2-core machine (the load generators share the CPU with the API and PostgreSQL): compare runs made the same way.

Columns, medians over the rounds:

- **req/s**: the API's peak throughput, wrk -t2 -c32 (closed loop) after a warm-up.
- **p50 / p99 ms**: latency at a fixed rate of 0.7 × that req/s, measured by bench/LoadGen from each request's
  intended send time (open loop: queueing counts).
- **H req/s**: wrk on `GET /bench/baseline` (a fixed 20-movie page through the same pipeline, no database), the
  HTTP + JSON ceiling; measured once per round.
- **D tps**: pgbench -M prepared running the SQL the API sends for that endpoint (bench/pgbench/*.sql), the database
  alone.
- **bound** = 1 / (1/H + 1/D): the throughput if a request cost exactly the baseline's HTTP work plus its SQL on the
  same CPUs. **API÷bound** near 1 means the API adds little beyond those two; lower means overhead in between.
- **peak RSS MB**: the API process's highest VmRSS, sampled every 100 ms, during the endpoint's wrk and LoadGen phases.
- **5xx**: 5xx answers, **fail**: other unsuccessful answers (non-2xx; 409/422 count as success for the save),
  socket errors and timeouts — both totals over wrk and LoadGen in all rounds.
EOF
}

# ---------------------------------------------------------------------------------------------------------------
main() {
  local load_before load_after r
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  log "bench/run.sh$([[ $QUICK == 1 ]] && echo ' --quick'): $ROUNDS round(s), $PHASE s phases; raw outputs in $OUT"
  setup_cluster
  start_api
  build_loadgen
  mint_tokens
  "$BENCH/cluster.sh" psql -c "SELECT pg_stat_statements_reset()" >/dev/null
  printf '#round\tendpoint\treq_s\tp50_ms\tp99_ms\tH\tD\trss_kb\tn5xx\tfail\trate\twrk_p99_ms\twrk_fail\n' >"$SAMPLES"
  write_words
  warm_up_process
  for r in $(seq 1 "$ROUNDS"); do measure_round "$r"; done
  deep_pages
  sql_check >"$OUT/sql-check.md"
  restart_api_without_cache
  for r in $(seq 1 "$ROUNDS"); do measure_endpoint "$r" discover_nocache; done
  discover_worst_cases
  discover_batches
  "$BENCH/api.sh" stop >&2
  API_STARTED=0
  seed_scale
  log "windows and the feed (bench/windows.sh)"
  BENCH_WINDOWS_OUT=$OUT BENCH_WINDOWS_NO_SQL=1 BENCH_API_BUILT=1 "$BENCH/windows.sh" all >&2
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  report "$load_before" "$load_after"
  log "done in $((SECONDS / 60)) min $((SECONDS % 60)) s; appended to bench/RESULTS.md"
}

main
