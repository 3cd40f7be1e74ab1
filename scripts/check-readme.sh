#!/usr/bin/env bash
# Usage: scripts/check-readme.sh [README.md]
#
# Runs the README's curl examples against a freshly started API (scripts/with-server.sh) and checks
# the HTTP status of every call. The convention:
#   - an example is a fenced ```bash block containing a line `# expect: 200 201 ...`: one status per
#     `curl` call the block makes, in order; ```bash blocks without `# expect:` are not run;
#   - all examples run in order in ONE bash process, so `TOKEN=$(curl ...)` in one block is visible in
#     the next; every literal http://127.0.0.1:8080 is replaced with the server's $BASE_URL;
#   - `curl` is a shell function there: stdout stays the body (pipes and $(...) work) and each call's
#     status is appended to a file, compared with the block's `# expect:` list after the block.
# Prints one PASS/FAIL line per example and ends with `N passed, M failed`; exits non-zero if any
# example failed or if none was found. CHECK_README_TIMEOUT (seconds, default 300) bounds the run.
# CHECK_README_BASE_URL=http://... runs them against a server already running there (a fresh one:
# the examples save and remove a movie) instead of starting one; the cluster tests use it on the balancer.
set -euo pipefail

readonly default_url="http://127.0.0.1:8080"

# ---- inner mode: run inside with-server.sh, BASE_URL set --------------------------------------------
if [[ "${1:-}" == "--run-examples" ]]; then
  __cr_dir=$2
  : "${BASE_URL:?BASE_URL is not set}"
  STATUS_FILE="$__cr_dir/status"
  export STATUS_FILE
  curl() { command curl -s -w '%{stderr}%{http_code}\n' "$@" 2>>"$STATUS_FILE"; }

  __cr_passed=0
  __cr_failed=0
  __cr_current=""
  # An example that calls `exit` would end this process: say so instead of failing silently.
  # (fds 7 and 8 keep the real stdout and stderr: the example's own output goes to a file).
  exec 7>&1 8>&2
  trap '__cr_rc=$?; if [[ -n "$__cr_current" ]]; then echo "FAIL  $__cr_current: the example exited (status $__cr_rc) before it finished; later examples did not run" >&8; echo "$__cr_passed passed, $((__cr_failed + 1)) failed" >&7; exit 1; fi' EXIT

  while IFS=$'\t' read -r __cr_id __cr_line __cr_expected __cr_first; do
    __cr_current="$__cr_line"
    __cr_code=$(<"$__cr_dir/$__cr_id.sh")
    __cr_code=${__cr_code//"$default_url"/"$BASE_URL"}
    : >"$STATUS_FILE"
    # The example runs as a person's shell would run it: no errexit, nounset or pipefail.
    set +euo pipefail
    eval "$__cr_code" >"$__cr_dir/$__cr_id.out" 2>&1 </dev/null
    set -euo pipefail
    __cr_current=""
    __cr_actual=$(grep -E '^[0-9]{3}$' "$STATUS_FILE" | tr '\n' ' ' | sed -E 's/ +$//' || true)
    if [[ "$__cr_actual" == "$__cr_expected" ]]; then
      __cr_verdict=PASS
      __cr_passed=$((__cr_passed + 1))
    else
      __cr_verdict=FAIL
      __cr_failed=$((__cr_failed + 1))
    fi
    printf '%s  %s  %s\n      expected: %s  actual: %s\n' "$__cr_verdict" "$__cr_line" "$__cr_first" \
      "$__cr_expected" "${__cr_actual:-(no curl call)}"
    if [[ "$__cr_verdict" == FAIL && -s "$__cr_dir/$__cr_id.out" ]]; then
      echo "      output:"
      head -c 4000 "$__cr_dir/$__cr_id.out" | sed 's/^/      | /'
      echo
    fi
  done <"$__cr_dir/index.tsv"

  trap - EXIT
  echo "$__cr_passed passed, $__cr_failed failed"
  ((__cr_failed == 0))
  exit
fi

# ---- outer mode: extract the examples, start the server, run them -----------------------------------
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script_path="$repo_root/scripts/$(basename "${BASH_SOURCE[0]}")"
readme=${1:-README.md}
if [[ ! -f "$readme" ]]; then
  echo "check-readme: no such file: $readme" >&2
  exit 2
fi
readme_name=$(basename "$readme")

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/check-readme.XXXXXX")
trap 'rm -rf "$work_dir"' EXIT
: >"$work_dir/index.tsv"

# Split the README into ```bash blocks; keep those with an `# expect:` line.
count=0
in_block=0
block=""
start=0
lineno=0
flush_block() {
  local expected first
  expected=$(printf '%s\n' "$block" | sed -nE 's/^[[:space:]]*#[[:space:]]*expect:[[:space:]]*(.*)$/\1/p' | head -n 1 |
    sed -E 's/[[:space:]]+/ /g; s/^ //; s/ $//')
  [[ -n "$expected" ]] || return 0
  if ! [[ "$expected" =~ ^[0-9]{3}(\ [0-9]{3})*$ ]]; then
    echo "check-readme: $readme_name:$start: bad '# expect:' line (want status codes separated by spaces): $expected" >&2
    exit 2
  fi
  first=$(printf '%s\n' "$block" | grep -E '(^|[^[:alnum:]_./-])curl([[:space:]]|$)' | grep -vE '^[[:space:]]*#' | head -n 1 |
    sed -E 's/^[[:space:]]+//' || true)
  count=$((count + 1))
  local id
  id=$(printf '%03d' "$count")
  printf '%s\n' "$block" >"$work_dir/$id.sh"
  printf '%s\t%s\t%s\t%s\n' "$id" "$readme_name:$start" "$expected" "${first:-(no curl line)}" >>"$work_dir/index.tsv"
}
while IFS= read -r line || [[ -n "$line" ]]; do
  lineno=$((lineno + 1))
  if ((in_block)); then
    if [[ "$line" =~ ^\ {0,3}\`\`\`[[:space:]]*$ ]]; then
      flush_block
      in_block=0
    else
      block+="$line"$'\n'
    fi
  elif [[ "$line" =~ ^\ {0,3}\`\`\`bash([[:space:]].*)?$ ]]; then
    in_block=1
    block=""
    start=$lineno
  fi
done <"$readme"
if ((in_block)); then
  echo "check-readme: $readme_name:$start: a \`\`\`bash block is never closed" >&2
  exit 2
fi

if ((count == 0)); then
  echo "check-readme: no example found in $readme (a \`\`\`bash block with a '# expect: STATUS...' line)" >&2
  echo "0 passed, 0 failed"
  exit 1
fi
echo "check-readme: $count example(s) in $readme" >&2

if [[ -n ${CHECK_README_BASE_URL:-} ]]; then
  BASE_URL=$CHECK_README_BASE_URL timeout "${CHECK_README_TIMEOUT:-300}" bash "$script_path" --run-examples "$work_dir"
else
  "$repo_root/scripts/with-server.sh" \
    timeout "${CHECK_README_TIMEOUT:-300}" bash "$script_path" --run-examples "$work_dir"
fi
