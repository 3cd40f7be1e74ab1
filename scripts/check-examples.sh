#!/usr/bin/env bash
# Usage: scripts/check-examples.sh [FILE.md ...]
#
# Runs the curl examples of the documentation against a freshly started API (scripts/with-server.sh) and
# checks the HTTP status of every call. Without arguments: README.md, then every docs/**/*.md that has an
# example, in path order. The convention:
#   - an example is a fenced ```bash block containing a line `# expect: 200 201 ...`: one status per
#     `curl` call the block makes, in order; ```bash blocks without `# expect:` are not run;
#   - the examples of one file run in order in ONE bash process, so `TOKEN=$(curl ...)` in one block is
#     visible in the next; each file gets a fresh process (a file must define what it uses), but all
#     files share one server and its database, in the order above; every literal http://127.0.0.1:8080
#     is replaced with the server's $BASE_URL;
#   - `curl` is a shell function there: stdout stays the body (pipes and $(...) work) and each call's
#     status is appended to a file, compared with the block's `# expect:` list after the block.
# Prints one PASS/FAIL line per example and ends with `N passed, M failed`; exits non-zero if any example
# failed, if a file named on the command line (or README.md) has none, or if none was found at all.
# CHECK_EXAMPLES_TIMEOUT (seconds, default 300) bounds the run. CHECK_EXAMPLES_BASE_URL=http://... runs them
# against a server already running there (a fresh one: the examples save and remove movies) instead of
# starting one; the cluster tests use it on the balancer.
set -euo pipefail

readonly default_url="http://127.0.0.1:8080"

# ---- innermost mode: one file's examples, in one bash process, BASE_URL set ------------------------
if [[ "${1:-}" == "--run-file" ]]; then
  __cr_dir=$2
  : "${BASE_URL:?BASE_URL is not set}"
  STATUS_FILE="$__cr_dir/status"
  export STATUS_FILE
  curl() { command curl -s -w '%{stderr}%{http_code}\n' "$@" 2>>"$STATUS_FILE"; }

  __cr_passed=0
  __cr_failed=0
  __cr_current=""
  # An example that calls `exit` would end this process: say so instead of failing silently.
  # (fd 8 keeps the real stderr: the example's own output goes to a file).
  exec 8>&2
  trap '__cr_rc=$?; if [[ -n "$__cr_current" ]]; then echo "FAIL  $__cr_current: the example exited (status $__cr_rc) before it finished; later examples of this file did not run" >&8; echo "$__cr_passed $((__cr_failed + 1))" >"$__cr_dir/result"; exit 1; fi' EXIT

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
  echo "$__cr_passed $__cr_failed" >"$__cr_dir/result"
  exit
fi

# ---- inner mode: run inside with-server.sh, each file in its own process -----------------------------
if [[ "${1:-}" == "--run-examples" ]]; then
  work=$2
  passed=0
  failed=0
  while IFS= read -r dir; do
    bash "${BASH_SOURCE[0]}" --run-file "$work/$dir" || true
    read -r p f <"$work/$dir/result" || { p=0 f=1; }
    passed=$((passed + p))
    failed=$((failed + f))
  done <"$work/files"
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit
fi

# ---- outer mode: extract the examples, start the server, run them -----------------------------------
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script_path="$repo_root/scripts/$(basename "${BASH_SOURCE[0]}")"

required=()
if (($# > 0)); then
  files=("$@")
  required=("$@")
else
  cd "$repo_root"
  files=(README.md)
  required=(README.md)
  while IFS= read -r f; do files+=("$f"); done < <(find docs -name '*.md' -type f 2>/dev/null | LC_ALL=C sort)
fi

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/check-examples.XXXXXX")
trap 'rm -rf "$work_dir"' EXIT
: >"$work_dir/files"

# Split a file into ```bash blocks; keep those with an `# expect:` line. Sets `count`.
extract() {
  local file=$1 dir=$2 name=$3
  local in_block=0 block="" start=0 lineno=0 line
  count=0
  : >"$dir/index.tsv"
  flush_block() {
    local expected first id
    expected=$(printf '%s\n' "$block" | sed -nE 's/^[[:space:]]*#[[:space:]]*expect:[[:space:]]*(.*)$/\1/p' | head -n 1 |
      sed -E 's/[[:space:]]+/ /g; s/^ //; s/ $//')
    [[ -n "$expected" ]] || return 0
    if ! [[ "$expected" =~ ^[0-9]{3}(\ [0-9]{3})*$ ]]; then
      echo "check-examples: $name:$start: bad '# expect:' line (want status codes separated by spaces): $expected" >&2
      exit 2
    fi
    first=$(printf '%s\n' "$block" | grep -E '(^|[^[:alnum:]_./-])curl([[:space:]]|$)' | grep -vE '^[[:space:]]*#' | head -n 1 |
      sed -E 's/^[[:space:]]+//' || true)
    count=$((count + 1))
    id=$(printf '%03d' "$count")
    printf '%s\n' "$block" >"$dir/$id.sh"
    printf '%s\t%s\t%s\t%s\n' "$id" "$name:$start" "$expected" "${first:-(no curl line)}" >>"$dir/index.tsv"
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
  done <"$file"
  if ((in_block)); then
    echo "check-examples: $name:$start: a \`\`\`bash block is never closed" >&2
    exit 2
  fi
}

total=0
n=0
for file in "${files[@]}"; do
  if [[ ! -f "$file" ]]; then
    echo "check-examples: no such file: $file" >&2
    exit 2
  fi
  n=$((n + 1))
  dir=$(printf 'file%03d' "$n")
  mkdir -p "$work_dir/$dir"
  extract "$file" "$work_dir/$dir" "$file"
  if ((count == 0)); then
    for r in "${required[@]}"; do
      if [[ "$r" == "$file" ]]; then
        echo "check-examples: no example found in $file (a \`\`\`bash block with a '# expect: STATUS...' line)" >&2
        echo "0 passed, 0 failed"
        exit 1
      fi
    done
    continue
  fi
  echo "check-examples: $count example(s) in $file" >&2
  echo "$dir" >>"$work_dir/files"
  total=$((total + count))
done

if ((total == 0)); then
  echo "check-examples: no example found in ${files[*]}" >&2
  echo "0 passed, 0 failed"
  exit 1
fi

if [[ -n ${CHECK_EXAMPLES_BASE_URL:-} ]]; then
  BASE_URL=$CHECK_EXAMPLES_BASE_URL timeout "${CHECK_EXAMPLES_TIMEOUT:-300}" bash "$script_path" --run-examples "$work_dir"
else
  "$repo_root/scripts/with-server.sh" \
    timeout "${CHECK_EXAMPLES_TIMEOUT:-300}" bash "$script_path" --run-examples "$work_dir"
fi
