#!/usr/bin/env bash
# Usage: scripts/run-tests.sh CMD [ARG...]      (make test: scripts/run-tests.sh dotnet test ...)
# Runs the test command with a run folder of its own, and leaves nothing running, whether the tests
# pass, fail or are interrupted. The tests make their temporary folders in the run folder
# (MOVIES_TEST_RUN_DIR; a fresh one unless the caller sets it) and mark every process they start
# (tests/MovieDiscovery.Api.Tests/Infrastructure/TestRun.cs). On exit this script:
#   1. stops the command if it still runs (TERM to its process group - the test host with it - then
#      KILL after 30 s);
#   2. stops every PostgreSQL server whose data folder is in the run folder (pg_ctl stop -m immediate);
#   3. kills any process still marked as this run's (scripts/test-leftovers.sh): after tests that ended on
#      their own, such a process is a leak of a fixture, and the run fails even if the tests passed;
#   4. removes the run folder.
# Only what this run started is touched: other runs' servers and clusters on the machine are left alone.
set -euo pipefail

if (($# == 0)); then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 2
fi
scripts=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

run_dir=${MOVIES_TEST_RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/movies-test-run.XXXXXX")}
mkdir -p "$run_dir"
run_dir=$(realpath "$run_dir")
# PostgreSQL runs as the postgres user when the tests run as root: it must reach its folders in here.
chmod 755 "$run_dir"
export MOVIES_TEST_RUN_DIR=$run_dir
cmd_pid=""
interrupted=0

stop_servers() {
  local pid_file data owner
  while IFS= read -r pid_file; do
    data=$(dirname "$pid_file")
    owner=$(stat -c %U "$data")
    if [[ $owner == "$(id -un)" ]]; then
      "$(pg_ctl_of "$pid_file")" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    else
      runuser -u "$owner" -- "$(pg_ctl_of "$pid_file")" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
  done < <(find "$run_dir" -name postmaster.pid 2>/dev/null)
}

# The pg_ctl of the server that wrote the pid file: the one beside the postmaster it names, if it runs.
pg_ctl_of() {
  local pid exe
  pid=$(head -n 1 "$1" 2>/dev/null || true)
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  if [[ -n $exe && -x $(dirname "$exe")/pg_ctl ]]; then echo "$(dirname "$exe")/pg_ctl"; else
    ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1; fi
}

finish() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $cmd_pid ]] && kill -0 -- "-$cmd_pid" 2>/dev/null; then
    kill -TERM -- "-$cmd_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 -- "-$cmd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$cmd_pid" 2>/dev/null || true
    wait "$cmd_pid" 2>/dev/null || true
  fi
  stop_servers
  if ! "$scripts/test-leftovers.sh" "$run_dir" --kill; then
    if ((interrupted == 0)); then
      echo "run-tests: the processes above outlived the tests (a fixture does not stop what it started); killed" >&2
      ((rc != 0)) || rc=1
    fi
  fi
  rm -rf "$run_dir"
  exit "$rc"
}
trap finish EXIT
trap 'interrupted=1; exit 130' INT
trap 'interrupted=1; exit 143' TERM

# In the background, so that INT and TERM reach the traps at once instead of after the command; in a
# process group of its own (setsid), so that stopping it stops the test host it started too.
setsid "$@" &
cmd_pid=$!
set +e
wait "$cmd_pid"
rc=$?
set -e
cmd_pid=""
exit "$rc"
