#!/usr/bin/env bash
# Usage: scripts/with-server.sh CMD [ARG...]
# Starts the API (`dotnet run`, Release, Development environment) on a free loopback port with a throwaway
# SQLite database, waits for GET /health/ready, runs CMD with BASE_URL exported, then stops the server.
# Exits with CMD's exit code; prints the server log if the server does not come up.
# WITH_SERVER_TIMEOUT (seconds, default 120) bounds the wait; WITH_SERVER_LOG=1 prints the log at the end.
set -euo pipefail

if (($# == 0)); then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 2
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
timeout_s="${WITH_SERVER_TIMEOUT:-120}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/with-server.XXXXXX")"
server_log="$work_dir/server.log"
server_pid=""
cmd_pid=""

stop_server() {
  local rc=$?
  if [[ -n "$cmd_pid" ]] && kill -0 "$cmd_pid" 2>/dev/null; then
    kill -TERM "$cmd_pid" 2>/dev/null || true
    wait "$cmd_pid" 2>/dev/null || true
  fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    # The server runs in its own process group (setsid): stop `dotnet run` and the app it started.
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 -- "-$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ "${WITH_SERVER_LOG:-0}" == "1" && -f "$server_log" ]]; then
    echo "---- server log ($server_log) ----" >&2
    cat "$server_log" >&2
  fi
  rm -rf "$work_dir"
  exit "$rc"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port that is free right now on the loopback interface.
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')"
base_url="http://127.0.0.1:$port"

echo "with-server: starting the API on $base_url (log: $server_log)" >&2
(
  cd "$repo_root"
  ASPNETCORE_URLS="$base_url" \
  ASPNETCORE_ENVIRONMENT=Development \
  Database__ConnectionString="Data Source=$work_dir/movies.db" \
    exec setsid dotnet run --project src/MovieDiscovery.Api -c Release --no-launch-profile
) >"$server_log" 2>&1 </dev/null &
server_pid=$!

deadline=$((SECONDS + timeout_s))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base_url/health/ready" 2>/dev/null || true)" == "200" ]]; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "with-server: the server exited before it was ready; its log:" >&2
    cat "$server_log" >&2
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "with-server: $base_url/health/ready did not answer 200 within ${timeout_s}s; the server log:" >&2
    cat "$server_log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "with-server: ready after ${SECONDS}s" >&2

export BASE_URL="$base_url"
# CMD runs in the background (with this script's stdin) so that INT/TERM reach the traps at once.
"$@" <&0 &
cmd_pid=$!
set +e
wait "$cmd_pid"
cmd_rc=$?
set -e
cmd_pid=""
exit "$cmd_rc"
