#!/usr/bin/env bash
# The in-browser re-plan's budget: a 52-week training log dropped on the Planner page, to the
# progress report and the re-planned weeks on screen, in headless Chromium (budget 200 ms
# median), measured by the page itself (the drop event's time stamp to the frame after they are
# drawn) over 20 drops on the shipped site's Planner page, served by `deload serve`; and the
# committed module's size (budget 1.5 MB). See benches/planner_log.rs.
set -euo pipefail
cd "$(dirname "$0")/.."

MODULE=assets/planner.wasm
raw=$(wc -c <"$MODULE")
echo "planner module: $raw bytes ($(( raw / 1024 )) KiB; budget 1.5 MB)"
command -v chromium >/dev/null 2>&1 || { echo "bench-planner-log: chromium is missing; run scripts/test once" >&2; exit 1; }
cargo bench --quiet --bench planner_log 2>&1 | grep "log to re-plan"
