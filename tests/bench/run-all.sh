#!/usr/bin/env bash
# Prints the benchmark figures. Usage: tests/bench/run-all.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-_build-bench}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

db="$build/bench-10000.db"
if [ ! -f "$db" ]; then
  echo "== Making a database of 10,000 projects (about 100,000 records, 720,000 points)"
  start=$(date +%s.%N)
  "$build/tests/bench/make-bench-db" "$db.tmp" 10000
  mv "$db.tmp" "$db"; rm -f "$db.tmp-wal" "$db.tmp-shm"
  echo "   made in $(echo "$(date +%s.%N) - $start" | bc) s"
fi

echo "== The store, in one process"
"$build/tests/bench/bench-store" "$db"

echo "== Whole qi-coach-cli processes, median of 5"
median_ms () {
  local times=()
  for _ in 1 2 3 4 5; do
    local t0 t1
    t0=$(date +%s%N)
    "$@" > /dev/null
    t1=$(date +%s%N)
    times+=( $(( (t1 - t0) / 1000 )) )
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | awk '{ printf "%.2f", $1 / 1000 }'
}
cli="$build/src/cli/qi-coach-cli"
stats_ms=$(median_ms "$cli" --db "$db" stats --json)
search_ms=$(median_ms "$cli" --db "$db" search sepsis --json)
echo "stats  --json          ${stats_ms} ms"
echo "search sepsis --json   ${search_ms} ms"
awk -v a="$search_ms" -v b="$stats_ms" 'BEGIN { printf "search / stats         %.2f (must be <= 2)\n", a / b }'

for extra in "$here"/bench-*.sh; do
  [ -e "$extra" ] || continue
  echo "== $(basename "$extra")"
  bash "$extra" "$build"
done
