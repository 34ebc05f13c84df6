#!/usr/bin/env bash
# Style and lint gate for what a change touches: clang-format (.clang-format) and clang-tidy
# (.clang-tidy) on the C++ lines changed against a base commit; new files are checked whole.
# Most existing files predate .clang-format, so checking whole files would fail on lines
# nobody touched; checking changed lines makes new code clean without reformatting churn.
#
# The base, first that applies:
#   $COCOCTL_CHECK_BASE                    any commit (CI on a pull request: its target branch)
#   merge base of HEAD and origin/main     a clone with a remote (CI, most developers)
#   merge base of HEAD and main            a worktree without a remote
#   HEAD~1                                 when that merge base is HEAD itself (a clean clone of
#                                          main, or working on main): the last commit
# "Changed" is everything between the base and the working tree: commits, staged and unstaged
# edits, and untracked (not ignored) files. A shallow clone needs --depth 2 or more.
#
# Usage: scripts/check.sh [--fix | --all]
#   --fix  reformat the changed lines in place (clang-format only), then check
#   --all  every tracked C++ file, whole (to measure, not a gate)
# Needs clang-format-14, clang-tidy-14 and $BUILD_DIR/compile_commands.json (scripts/build.sh).
# Exits 1 listing every problem.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
CLANG_FORMAT=${CLANG_FORMAT:-clang-format-14}
CLANG_TIDY=${CLANG_TIDY:-clang-tidy-14}
cpp_files='\.(cpp|hpp)$'

choose_base() {
  if [ -n "${COCOCTL_CHECK_BASE:-}" ]; then git rev-parse --verify "$COCOCTL_CHECK_BASE^{commit}"; return; fi
  local ref base
  for ref in origin/main main; do
    base=$(git merge-base HEAD "$ref" 2>/dev/null) || continue
    [ "$base" != "$(git rev-parse HEAD)" ] && { echo "$base"; return; }
    break
  done
  git rev-parse --verify --quiet 'HEAD~1^{commit}' && return
  echo "check.sh: no base commit (shallow clone?): fetch more history or set COCOCTL_CHECK_BASE" >&2
  return 1
}

# Prints "file start end" for every changed line range (new files: the whole file).
changed_ranges() {
  if [ "${1:-}" = --all ]; then
    git ls-files | { grep -E "$cpp_files" || true; } | while read -r f; do echo "$f 1 $(($(wc -l <"$f") + 1))"; done
    return
  fi
  local base
  base=$(choose_base)
  echo "check.sh: checking changes since $(git log -1 --format='%h %s' "$base" | cut -c1-60)" >&2
  git diff -U0 --no-color --diff-filter=ACMR "$base" -- | awk -v re="$cpp_files" '
    /^\+\+\+ / { file = substr($0, 7); if ($0 == "+++ /dev/null" || file !~ re) file = ""; next }
    /^@@ / && file != "" {
      split($3, part, ","); start = substr(part[1], 2); count = (2 in part) ? part[2] : 1
      if (count > 0) print file, start, start + count - 1
    }'
  git ls-files --others --exclude-standard | { grep -E "$cpp_files" || true; } | while read -r f; do
    echo "$f 1 $(($(wc -l <"$f") + 1))"
  done
}

# "--lines=START:END" arguments of clang-format for the changed ranges of `file`.
line_args() {  # line_args <file>
  while read -r _ start end; do echo "--lines=$start:$end"; done < <(grep "^$1 " <<<"$ranges")
}

# Reformats the changed lines in place.
fix_format() {
  local file
  for file in $(cut -d' ' -f1 <<<"$ranges" | sort -u); do
    # shellcheck disable=SC2046
    "$CLANG_FORMAT" -i $(line_args "$file") "$file"
  done
}

# clang-format on the changed lines of each file: prints the violations, returns 1 on any.
check_format() {
  local status=0 file
  for file in $(cut -d' ' -f1 <<<"$ranges" | sort -u); do
    local args
    mapfile -t args < <(line_args "$file")
    local out
    if ! out=$("$CLANG_FORMAT" --dry-run --Werror "${args[@]}" "$file" 2>&1); then
      status=1
      head -40 <<<"$out"
    fi
  done
  [ $status -eq 0 ] || echo "check.sh: clang-format: scripts/check.sh --fix reformats the changed lines"
  return $status
}

# The translation units to run clang-tidy on: changed sources, and for each changed header one
# source in compile_commands.json that includes it (the line filter then reports the header).
tidy_units() {
  local known file spelling candidates unit
  known=$(sed -n 's/^ *"file": "\(.*\)",\{0,1\}$/\1/p' "$BUILD_DIR/compile_commands.json" | sed "s|^$PWD/||" | sort -u)
  for file in $(cut -d' ' -f1 <<<"$ranges" | sort -u); do
    if [[ $file == *.cpp ]]; then
      grep -qx "$file" <<<"$known" && echo "$file" || echo "check.sh: $file is not in this build, not tidied" >&2
      continue
    fi
    # Public headers are included as <cococtl/...>, private ones by name (sources next to them first).
    spelling="<${file#include/}>"
    [[ $file == include/* ]] || spelling="\"([^\"]*/)?$(basename "$file")\""
    candidates=$({ grep "^$(dirname "$file")/" <<<"$known" || true; echo "$known"; } | awk '!seen[$0]++')
    # shellcheck disable=SC2086
    unit=$(grep -lE "^#include $spelling" $candidates | head -1 || true)
    [ -n "$unit" ] && echo "$unit" || echo "check.sh: no source in this build includes $file, not tidied" >&2
  done | sort -u
}

# clang-tidy with a line filter holding every changed range (its file names as given).
check_tidy() {
  local filter units
  filter=$(awk '{ r[$1] = r[$1] (r[$1] == "" ? "" : ",") "[" $2 "," $3 "]" }
                END { n = 0; printf "["; for (f in r) printf "%s{\"name\":\"%s\",\"lines\":[%s]}", (n++ ? "," : ""), f, r[f]; printf "]" }' \
           <<<"$ranges")
  units=$(tidy_units)
  [ -n "$units" ] || return 0
  # A header's finding comes once per source including it: each diagnostic is printed once.
  # shellcheck disable=SC2086
  printf '%s\n' $units | xargs -P "${JOBS:-2}" -I{} \
    "$CLANG_TIDY" -p "$BUILD_DIR" --quiet --line-filter="$filter" {} 2> >(grep -v " warnings\\? generated\\.$" >&2) |
    awk '/^[^ ].*:[0-9]+:[0-9]+: (error|warning):/ { show = !seen[$0]++ } show'
}

if [ ! -f "$BUILD_DIR/compile_commands.json" ]; then
  echo "check.sh: $BUILD_DIR/compile_commands.json is missing: run scripts/build.sh first" >&2
  exit 1
fi
mode=${1:-}
ranges=$(changed_ranges "$mode")
if [ "$mode" = --fix ]; then
  fix_format
  ranges=$(changed_ranges)  # formatting may have moved lines
fi
if [ -z "$ranges" ]; then
  echo "check.sh: no changed C++ lines"
  exit 0
fi
status=0
check_format || status=1
check_tidy || { status=1; echo "check.sh: clang-tidy found problems (.clang-tidy lists the checks)"; }
exit $status
