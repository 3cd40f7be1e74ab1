#!/usr/bin/env bash
# Usage: scripts/check-links.sh [FILE.md ...]
#
# Checks every relative link of the repository's Markdown files (default: all tracked or new *.md files
# outside node_modules): `[text](target)` and `[label]: target` outside code blocks and code spans. A target
# must exist inside the repository; a `#fragment` must name a heading of the target file (GitHub's anchor
# rules: lower case, punctuation dropped, spaces as '-'). Links with a scheme (https:, mailto:) are not
# followed. Prints one line per broken link and exits non-zero if there is any.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

if (($# > 0)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.md' | grep -v '^node_modules/' | LC_ALL=C sort -u)
fi

# The text of a file outside fenced code blocks, with code spans blanked, or only their backticks dropped with
# `keep` (line numbers kept).
prose() {
  awk -v spans="${2:-blank}" '
    /^ ? ? ?(```|~~~)/ { fence = !fence; print ""; next }
    fence { print ""; next }
    { if (spans == "blank") gsub(/`[^`]*`/, ""); else gsub(/`/, ""); print }
  ' "$1"
}

# GitHub's anchors of a file's headings, one a line (a repeated heading gets -1, -2, ...).
anchors() {
  prose "$1" keep | sed -nE 's/^ {0,3}#{1,6}[[:space:]]+(.*[^#[:space:]])[[:space:]#]*$/\1/p' |
    sed -E 's/\[([^]]*)\]\([^)]*\)/\1/g' |
    tr '[:upper:]' '[:lower:]' |
    sed -E 's/[^[:alnum:] _-]//g; s/ /-/g' |
    awk '{ n = seen[$0]++; print (n ? $0 "-" n : $0) }'
}

broken=0
checked=0
report() {
  echo "$1: broken link: $2 ($3)"
  broken=$((broken + 1))
}

for file in "${files[@]}"; do
  [[ -f "$file" ]] || { echo "check-links: no such file: $file" >&2; exit 2; }
  dir=$(dirname "$file")
  while IFS=: read -r lineno target; do
    target=${target%% *}            # drop a "title"
    target=${target#<}
    target=${target%>}
    [[ -n "$target" ]] || continue
    [[ "$target" =~ ^[a-zA-Z][a-zA-Z0-9+.-]*: ]] && continue   # https:, mailto:, ...
    checked=$((checked + 1))
    path=${target%%#*}
    fragment=""
    [[ "$target" == *"#"* ]] && fragment=${target#*#}
    if [[ -z "$path" ]]; then
      resolved=$file
    elif [[ "$path" == /* ]]; then
      report "$file:$lineno" "$target" "absolute paths do not resolve on every host; use a relative link"
      continue
    else
      resolved=$(realpath -m --relative-to="$repo_root" "$dir/$path")
      if [[ "$resolved" == ../* || "$resolved" == .. ]]; then
        report "$file:$lineno" "$target" "points outside the repository"
        continue
      fi
      if [[ ! -e "$resolved" ]]; then
        report "$file:$lineno" "$target" "no such file: $resolved"
        continue
      fi
    fi
    if [[ -n "$fragment" ]]; then
      if [[ ! -f "$resolved" || "$resolved" != *.md ]]; then
        continue
      fi
      if ! anchors "$resolved" | grep -qxF -- "$fragment"; then
        report "$file:$lineno" "$target" "no heading with anchor #$fragment in $resolved"
      fi
    fi
  done < <(prose "$file" | grep -noE '\]\([^)[:space:]]+( "[^"]*")?\)|^ {0,3}\[[^]]+\]:[[:space:]]+[^[:space:]]+' |
    sed -E 's/^([0-9]+):\]\((.*)\)$/\1:\2/; s/^([0-9]+): {0,3}\[[^]]+\]:[[:space:]]+/\1:/')
done

echo "check-links: $checked relative link(s) in ${#files[@]} file(s), $broken broken"
((broken == 0))
