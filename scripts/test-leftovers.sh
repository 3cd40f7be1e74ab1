#!/usr/bin/env bash
# Usage: scripts/test-leftovers.sh RUN_DIR [--kill]
# Lists the processes a test run started that are still alive: those whose environment carries
# MOVIES_TEST_OWNER=RUN_DIR (tests/MovieDiscovery.Api.Tests/Infrastructure/TestRun.cs marks every
# process the tests start; their children inherit it). Exits 1 if there is any, 0 if none.
# With --kill, stops them too (TERM, then KILL after 5 s); the exit status still says whether there were any.
set -euo pipefail

# shellcheck source=lib/marked-processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/marked-processes.sh"

run_dir=${1:?usage: $0 RUN_DIR [--kill]}
owned() { marked_pids "MOVIES_TEST_OWNER=$run_dir"; }

mapfile -t pids < <(owned)
((${#pids[@]})) || exit 0
for pid in "${pids[@]}"; do
  printf 'left running by the tests: pid %s: %s\n' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-200)" >&2
done
if [[ ${2:-} == --kill ]]; then
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    [[ -n $(owned) ]] || break
    sleep 0.1
  done
  mapfile -t pids < <(owned)
  ((${#pids[@]} == 0)) || kill -KILL "${pids[@]}" 2>/dev/null || true
fi
exit 1
