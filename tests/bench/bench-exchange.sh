#!/usr/bin/env bash
# The exchange benchmark. Usage: tests/bench/bench-exchange.sh BUILD_DIR
#
# Writes (once, into BUILD_DIR) an exchange file of 10,000 projects, each
# with drivers, 3 measures of 24 points, 4 PDSA cycles and a session (about
# 170 MB), then times, median of 3 runs, with peak memory:
#   xmllint --stream --noout   the parse floor
#   import                     into an empty database
#   re-import                  the same file again: all unchanged
#   export                     the imported database
# Targets: import <= 8 x xmllint with peak RSS < 64 MB; export <= 4 x xmllint.
# Ratios are given for wall-clock time and for CPU time (user + system),
# which other work on the machine disturbs less.
set -euo pipefail
build=$(cd "${1:-_build-bench}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
cli="$build/src/cli/qi-coach-cli"
file="$build/bench-exchange-10000.qicoach"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f "$file" ]; then
  echo "== Writing $file (10,000 projects)"
  /usr/bin/python3 "$here/gen-exchange.py" "$file.tmp" --projects 10000
  mv "$file.tmp" "$file"
fi
echo "== Exchange file: $(du -m "$file" | cut -f1) MB"

# run LABEL SETUP -- COMMAND...: SETUP runs before each timed run.
declare -A SECONDS_OF CPU_OF RSS_OF
run () {
  local label=$1 setup=$2; shift 3
  local times=() cpus=() rss=0
  for _ in 1 2 3; do
    eval "$setup"
    /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" > /dev/null 2> "$work/err" ||
      { cat "$work/err" >&2; echo "$label failed" >&2; exit 1; }
    read -r t m u s < "$work/time"
    times+=("$t")
    cpus+=("$(echo "$u + $s" | bc -l)")
    (( m > rss )) && rss=$m
  done
  SECONDS_OF[$label]=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  CPU_OF[$label]=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n 2p)
  RSS_OF[$label]=$rss
  printf '%-28s %7.2f s   cpu %6.2f s   peak RSS %6.1f MB   (runs: %s)\n' "$label" \
    "${SECONDS_OF[$label]}" "${CPU_OF[$label]}" "$(echo "$rss / 1024" | bc -l)" "${times[*]}"
}

db="$work/bench.db"
run "xmllint --stream --noout" ":" -- xmllint --stream --noout "$file"
run "import (empty database)" "rm -f $db $db-wal $db-shm; $cli --db $db init > /dev/null" -- \
  "$cli" --db "$db" import "$file"
run "re-import (all unchanged)" ":" -- "$cli" --db "$db" import "$file"
run "export" "rm -f $work/out.qicoach" -- "$cli" --db "$db" export -o "$work/out.qicoach"

ratios () {
  local -n of=$1
  awk -v i="${of["import (empty database)"]}" -v r="${of["re-import (all unchanged)"]}" \
      -v e="${of[export]}" -v x="${of["xmllint --stream --noout"]}" -v what="$2" 'BEGIN {
    printf "%-5s import / xmllint %5.1f (target <= 8)   re-import / xmllint %5.1f   export / xmllint %5.1f (target <= 4)\n", what, i / x, r / x, e / x
  }'
}
ratios SECONDS_OF wall
ratios CPU_OF cpu
awk -v m="${RSS_OF["import (empty database)"]}" -v e="${RSS_OF[export]}" 'BEGIN {
  printf "peak RSS: import %.1f MB (target < 64), export %.1f MB\n", m / 1024, e / 1024 }'
