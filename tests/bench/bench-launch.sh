#!/usr/bin/env bash
# Launch time of the app, from process start to the first painted rows of
# the projects list (the app prints the moment when QI_COACH_BENCH is
# set), with 10,000 projects and with an empty database; median of 5 each.
# Usage: tests/bench/bench-launch.sh BUILD_DIR   (run-all.sh calls it)
set -euo pipefail
build=$(cd "${1:-_build-bench}" && pwd)
app="$build/src/app/qi-coach"
cli="$build/src/cli/qi-coach-cli"
work=$(mktemp -d)
xvfb_pid=
cleanup () {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in Xvfb dbus-run-session bc; do
  command -v "$tool" > /dev/null || { echo "SKIP: $tool not found (build-aux/install-deps.sh installs it)"; exit 0; }
done

db="$build/bench-10000.db"
if [ ! -f "$db" ]; then
  echo "Making a database of 10,000 projects..."
  "$build/tests/bench/make-bench-db" "$db.tmp" 10000
  mv "$db.tmp" "$db"; rm -f "$db.tmp-wal" "$db.tmp-shm"
fi
empty="$work/empty.db"
"$cli" --db "$empty" init > /dev/null

# Our own X server, so nothing else draws meanwhile.
exec 3> "$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp > /dev/null 2>&1 &
xvfb_pid=$!
exec 3>&-
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
export DISPLAY=":$(head -n1 "$work/display")"

# One launch: seconds from the start of the process to the painted list.
cat > "$work/launch.sh" <<'INNER'
set -euo pipefail
app=$1 db=$2 log=$3
start=$(date +%s.%N)
env GTK_A11Y=none GSK_RENDERER=cairo GSETTINGS_BACKEND=memory \
    GSETTINGS_SCHEMA_DIR="${GSETTINGS_SCHEMA_DIR}" QI_COACH_DB="$db" QI_COACH_BENCH=1 \
    "$app" 2> "$log" &
pid=$!
for _ in $(seq 600); do grep -q 'list-painted' "$log" 2>/dev/null && break; sleep 0.02; done
painted=$(awk '/list-painted/ { print $3; exit }' "$log")
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ -n "$painted" ] || { echo "the app did not report its list: $(cat "$log")" >&2; exit 1; }
echo "$painted - $start" | bc
INNER

export GSETTINGS_SCHEMA_DIR="$build/data"
run_all () {
  local full=() none=()
  # Interleaved, and once each to warm the page cache first.
  bash "$work/launch.sh" "$app" "$db" "$work/log" > /dev/null
  bash "$work/launch.sh" "$app" "$empty" "$work/log" > /dev/null
  for _ in 1 2 3 4 5; do
    full+=( "$(bash "$work/launch.sh" "$app" "$db" "$work/log")" )
    none+=( "$(bash "$work/launch.sh" "$app" "$empty" "$work/log")" )
  done
  local full_ms none_ms
  full_ms=$(printf '%s\n' "${full[@]}" | sort -n | sed -n 3p | awk '{ printf "%.0f", $1 * 1000 }')
  none_ms=$(printf '%s\n' "${none[@]}" | sort -n | sed -n 3p | awk '{ printf "%.0f", $1 * 1000 }')
  echo "launch to painted list, 10,000 projects   ${full_ms} ms"
  echo "launch to painted list, empty database    ${none_ms} ms"
  awk -v a="$full_ms" -v b="$none_ms" 'BEGIN { r = a / b; printf "10,000 / empty                           %.2f (must be <= 1.3): %s\n", r, r <= 1.3 ? "OK" : "TOO SLOW" }'
}
export -f run_all
export app db empty work
dbus-run-session -- bash -c run_all 2> >(grep -v 'dbus-daemon' >&2)
