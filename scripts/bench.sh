#!/usr/bin/env bash
# Speed benchmark: deload against Hugo on the same generated corpus, measured side by side in one
# run. First where users build (scripts/bench-disk.sh: on the disk that holds the site, an empty
# output, a no-op rebuild and a one-page change over the previous output, runs alternating, with
# wall, user, sys and peak memory); then on tmpfs from an empty output folder at several sizes
# (hyperfine, several runs, a warm-up; peak memory with GNU time), the full default theme, plans
# and live-preview latency; and the in-browser planner's module size and click-to-plan time
# (scripts/bench-planner.sh), and its log-to-re-plan time (scripts/bench-planner-log.sh).
#
#   scripts/bench.sh                          # everything (about 35 minutes)
#   BENCH_PARTS=disk scripts/bench.sh         # only the on-disk cases (about 8 minutes)
#   BENCH_PARTS=roster scripts/bench.sh       # 20 athletes × 12 weeks to PDF (scripts/bench-roster.sh)
#   BENCH_PARTS=planner scripts/bench.sh      # only the in-browser planner's budget
#   BENCH_PARTS="disk tmpfs" BENCH_SIZES="1000 10000" scripts/bench.sh
#   BENCH_RUNS=5 scripts/bench.sh
#   BENCH_DIR=/var/tmp/bench scripts/bench.sh # the size series on disk instead of tmpfs
#
# The size series goes to tmpfs (/dev/shm) when it has room, so it compares the generators'
# own work; the disk cases show what users see. Both generators always write to the same place.
#
# Only ratios measured in one run mean anything: the machines are shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${BENCH_SIZES:-"1000 10000 100000"}
PARTS=${BENCH_PARTS:-"disk tmpfs plans roster serve planner"}
part() { [[ " $PARTS " == *" $1 "* ]]; }
part tmpfs || SIZES=""
RUNS=${BENCH_RUNS:-5}
# hyperfine runs at 100,000 pages (each Hugo run takes minutes there)
BIG_RUNS=${BENCH_BIG_RUNS:-3}
GEN=${BENCH_GEN:-$ROOT/../shared/bench/gen_corpus.py}
# a git worktree under /work/wt/NAME
[ -f "$GEN" ] || [ -n "${BENCH_GEN:-}" ] || GEN=$ROOT/../../shared/bench/gen_corpus.py
export BENCH_GEN=$GEN
if [ -z "${BENCH_DIR:-}" ] && [ -d /dev/shm ] \
  && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt $((8 * 1024 * 1024)) ]; then
  WORK=/dev/shm/deload-bench
else
  WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/deload-bench}
fi

# shellcheck source=scripts/bench/lib.sh
. "$ROOT/scripts/bench/lib.sh"
bench_tools

cargo build --release --quiet
DELOAD=$ROOT/target/release/deload
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$WORK"

# peak resident memory of one run, in MiB
peak_mib() {
  local out
  out=$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}')
  echo $(( out / 1024 ))
}

# median seconds of a hyperfine JSON export's first/second command
median() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$1" "$2"; }

if part disk; then
  scripts/bench-disk.sh
  echo
fi

rows=()
declare -A deload_median
for n in $SIZES; do
  echo "bench: $n pages" >&2
  corpus "$n" hugo "$WORK/hugo-$n"
  corpus "$n" generic "$WORK/deload-$n" --links internal
  prepare_deload_site "$WORK/deload-$n" minimal
  runs=$RUNS warmup=1
  if [ "$n" -ge 100000 ]; then runs=$BIG_RUNS warmup=0; fi
  hyperfine --style none --warmup "$warmup" --runs "$runs" \
    --prepare "rm -rf $WORK/out-hugo $WORK/out-deload $WORK/.out-deload.deload" \
    -n hugo "hugo --quiet --source $WORK/hugo-$n --destination $WORK/out-hugo" \
    -n deload "$DELOAD build --quiet --root $WORK/deload-$n --out $WORK/out-deload" \
    --export-json "$WORK/hf-$n.json" >/dev/null
  th=$(median "$WORK/hf-$n.json" 0); td=$(median "$WORK/hf-$n.json" 1)
  deload_median[$n]=$td
  rm -rf "$WORK/out-hugo"
  rm_out "$WORK/out-deload"
  mh=$(peak_mib hugo --quiet --source "$WORK/hugo-$n" --destination "$WORK/out-hugo")
  rm_out "$WORK/out-deload"
  md=$(peak_mib "$DELOAD" build --quiet --root "$WORK/deload-$n" --out "$WORK/out-deload")
  rows+=("$(python3 -c "import sys; n,th,td,mh,md=sys.argv[1:]; th,td=float(th),float(td); print(f'| {int(n):,} pages, minimal templates | {td:.3f} s | {th:.3f} s | {td/th:.2f} | {md} MiB | {mh} MiB | {int(md)/max(int(mh),1):.2f} |')" "$n" "$th" "$td" "$mh" "$md")")
  if [ "$n" = 10000 ]; then
    rm -rf "$WORK/full-$n"
    cp -r "$WORK/deload-$n" "$WORK/full-$n"
    prepare_deload_site "$WORK/full-$n" full
    hyperfine --style none --warmup 1 --runs "$RUNS" \
      --prepare "rm -rf $WORK/out-hugo $WORK/out-full $WORK/.out-full.deload" \
      -n hugo "hugo --quiet --source $WORK/hugo-$n --destination $WORK/out-hugo" \
      -n deload-full "$DELOAD build --quiet --root $WORK/full-$n --out $WORK/out-full" \
      --export-json "$WORK/hf-full.json" >/dev/null
    th=$(median "$WORK/hf-full.json" 0); td=$(median "$WORK/hf-full.json" 1)
    rm_out "$WORK/out-full"
    mf=$(peak_mib "$DELOAD" build --quiet --root "$WORK/full-$n" --out "$WORK/out-full")
    rows+=("$(python3 -c "import sys; th,td,mh,mf=sys.argv[1:]; th,td=float(th),float(td); print(f'| 10,000 pages, full default theme (feed, sitemap, search, toc, 18 plans) vs Hugo minimal | {td:.3f} s | {th:.3f} s | {td/th:.2f} | {mf} MiB | {mh} MiB | {int(mf)/max(int(mh),1):.2f} |')" "$th" "$td" "$mh" "$mf")")
  fi
  rm -rf "$WORK/out-hugo"
  rm_out "$WORK/out-deload" "$WORK/out-full"
done

# Linearity: deload alone on 10,000 then 100,000 pages, pair after pair, so both sizes of a pair
# see the same machine (this VM's speed drifts by a third over minutes); the median of the
# pairs' ratios.
if [ -n "${deload_median[10000]:-}" ] && [ -n "${deload_median[100000]:-}" ]; then
  ratios=()
  for _ in 1 2 3 4 5; do
    pair=()
    for n in 10000 100000; do
      rm_out "$WORK/out-deload"
      t0=$(date +%s.%N)
      "$DELOAD" build --quiet --root "$WORK/deload-$n" --out "$WORK/out-deload"
      pair+=("$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$(date +%s.%N)")")
    done
    ratios+=("$(python3 -c "import sys; a,b=map(float,sys.argv[1:]); print(f'{b/a:.3f} {a:.3f} {b:.3f}')" "${pair[@]}")")
  done
  rm_out "$WORK/out-deload"
  rows+=("$(printf '%s\n' "${ratios[@]}" | python3 -c "
import statistics, sys
rs = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
med = statistics.median(r[0] for r in rs)
lo, hi = min(r[0] for r in rs), max(r[0] for r in rs)
print(f'| 100,000 / 10,000 pages, deload alone, {len(rs)} pairs run back to back (linear: 10×; target ≤ 11×) | {med:.1f}× ({lo:.1f}–{hi:.1f}) | | | | | |')
")")
fi

if [ ${#rows[@]} -gt 0 ]; then
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(hugo version | cut -d' ' -f1-2); $(date -u +%Y-%m-%d); load average before: $LOAD_BEFORE; files in $WORK ($(df -P "$WORK" | awk 'NR==2 {print $1}'))"
  echo
  echo "| corpus | deload | Hugo | deload / Hugo | deload peak | Hugo peak | memory ratio |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
fi
if part plans; then
  echo
  cargo bench --quiet --bench plans 2>/dev/null
fi
if part roster; then
  echo
  BENCH_DELOAD=${BENCH_DELOAD:-$ROOT/target/release/deload} scripts/bench-roster.sh
fi
if part serve; then
  echo
  scripts/bench-serve.sh
fi
if part planner; then
  echo
  scripts/bench-planner.sh
  scripts/bench-planner-log.sh
fi
echo
echo "(the corpora stay in $WORK for the next run: \`rm -rf $WORK\` frees the space)"
