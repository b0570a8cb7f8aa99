#!/usr/bin/env bash
# Chart drawing times for 1,000 points (the app must draw them without a
# visible delay). Usage: tests/bench/bench-chart.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-_build-bench}" && pwd)
"$build/tests/bench/bench-chart"
