#!/usr/bin/env bash
# The in-browser planner's budget: the committed WebAssembly module's size, raw and gzipped
# (budget 1.5 MB and 500 KB), and the time from a click on "Make my plan" to the plan on screen
# in headless Chromium (budget 100 ms), measured by the page itself (the submit event's time
# stamp to the frame after the table is drawn) over 20 clicks on the shipped site's Planner page,
# served by `deload serve`. Run by scripts/bench.sh (BENCH_PARTS=planner).
set -euo pipefail
cd "$(dirname "$0")/.."

MODULE=assets/planner.wasm
raw=$(wc -c <"$MODULE")
gz=$(gzip -9c "$MODULE" | wc -c)
echo "planner module: $raw bytes ($(( raw / 1024 )) KiB; budget 1.5 MB), $gz bytes gzipped ($(( gz / 1024 )) KiB; budget 500 KB)"
command -v chromium >/dev/null 2>&1 || { echo "bench-planner: chromium is missing; run scripts/test once" >&2; exit 1; }
cargo bench --quiet --bench planner_click 2>&1 | grep "click to plan"
