#!/usr/bin/env bash
# Where users build: deload against Hugo on the disk that holds the site, into the output folder
# the previous build left. Five cases, run in one sitting, each case's runs alternating Hugo,
# deload with minimal templates and deload with the full default theme:
#   (a) a build into an empty output (the output, and deload's spare beside it, removed first);
#   (b) a rebuild over the previous output with nothing changed;
#   (c) a rebuild after one page's body changed (a new line at the end of the same page for all);
#   (d) a rebuild after one page's tags changed (a tag added to the same page, then removed);
#   (e) a whole build over the previous output: `deload build --force`, the sources as (d) left
#       them (deload reads and renders everything and finds nothing to write; Hugo always
#       renders everything: its run is a plain rebuild).
# (c) and (d) are deload's incremental builds: only the files the change reaches are rendered
# (the build graph, see the manual's Speed page); (e) renders everything, as every rebuild with
# a change did before them.
# Every run is measured with GNU time: wall, user and system time, peak memory. Prints a
# Markdown table of the medians and the ratios to Hugo.
#
#   scripts/bench-disk.sh                          # 10,000 pages, 5 runs a case (about 20 minutes)
#   BENCH_DISK_PAGES=1000 BENCH_RUNS=3 scripts/bench-disk.sh
#   BENCH_DISK_DIR=/mnt/other/bench scripts/bench-disk.sh
#
# The default folder is target/bench-disk in this repository: the disk the site lives on. Only
# ratios measured in one run mean anything: the machines are shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PAGES=${BENCH_DISK_PAGES:-10000}
RUNS=${BENCH_RUNS:-5}
GEN=${BENCH_GEN:-$ROOT/../shared/bench/gen_corpus.py}
# a git worktree under /work/wt/NAME
[ -f "$GEN" ] || [ -n "${BENCH_GEN:-}" ] || GEN=$ROOT/../../shared/bench/gen_corpus.py
WORK=${BENCH_DISK_DIR:-$ROOT/target/bench-disk}
# shellcheck source=scripts/bench/lib.sh
. "$ROOT/scripts/bench/lib.sh"
bench_tools
cargo build --release --quiet
DELOAD=$ROOT/target/release/deload
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

corpus "$PAGES" hugo "$WORK/hugo-$PAGES"
corpus "$PAGES" generic "$WORK/deload-$PAGES" --links internal
for flavor in minimal full; do
  rm -rf "$WORK/$flavor"
  cp -r "$WORK/deload-$PAGES" "$WORK/$flavor"
  prepare_deload_site "$WORK/$flavor" "$flavor"
done
# the page (c) edits, the same one in every corpus
PAGE=$(cd "$WORK/deload-$PAGES/content" && find . -name '*.md' ! -name '_index.md' | sort | sed -n '2p')
cp "$WORK/hugo-$PAGES/content/$PAGE" "$WORK/page-hugo.md"
cp "$WORK/deload-$PAGES/content/$PAGE" "$WORK/page-deload.md"
trap 'cp "$WORK/page-hugo.md" "$WORK/hugo-$PAGES/content/$PAGE"' EXIT

RESULTS=$WORK/results.txt
: >"$RESULTS"
# one timed run: CASE TOOL command...; appends "CASE TOOL wall user sys peak_kib"
run() {
  local case=$1 tool=$2 t0 t1
  shift 2
  t0=$(date +%s%N)
  if ! /usr/bin/time -f "%U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/err.txt"; then
    cat "$WORK/err.txt" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  echo "$case $tool $(python3 -c "print(($t1 - $t0) / 1e9)") $(tail -1 "$WORK/time.txt")" >>"$RESULTS"
}
# one run of each tool, alternating (extra flags for deload: --force)
round() { # CASE [FLAG]
  local case=$1
  shift
  run "$case" hugo hugo --quiet --source "$WORK/hugo-$PAGES" --destination "$WORK/out-hugo"
  run "$case" minimal "$DELOAD" build --quiet "$@" --root "$WORK/minimal" --out "$WORK/out-minimal"
  run "$case" full "$DELOAD" build --quiet "$@" --root "$WORK/full" --out "$WORK/out-full"
}
edit_page() { # N
  for c in "$WORK/hugo-$PAGES" "$WORK/minimal" "$WORK/full"; do
    local orig=$WORK/page-deload.md
    [ "$c" = "$WORK/hugo-$PAGES" ] && orig=$WORK/page-hugo.md
    { cat "$orig"; printf '\nEdit number %s.\n' "$1"; } >"$c/content/$PAGE"
  done
}
# a tag added to the page (odd N) or removed again (even N), its body as (c) left it
retag_page() { # N
  for c in "$WORK/hugo-$PAGES" "$WORK/minimal" "$WORK/full"; do
    if [ $(($1 % 2)) = 1 ]; then
      sed -i 's/^tags: \[/tags: ["benchtag", /' "$c/content/$PAGE"
    else
      sed -i 's/^tags: \["benchtag", /tags: [/' "$c/content/$PAGE"
    fi
  done
}

echo "bench-disk: $PAGES pages in $WORK ($(df -P "$WORK" | awk 'NR==2 {print $1}'), $(findmnt -no FSTYPE -T "$WORK" 2>/dev/null || echo '?'))" >&2
for i in $(seq 0 "$RUNS"); do # the first round of each case is a warm-up
  rm_out "$WORK/out-hugo" "$WORK/out-minimal" "$WORK/out-full"
  round "$([ "$i" = 0 ] && echo warm-a || echo a)"
done
for i in $(seq 0 "$RUNS"); do
  round "$([ "$i" = 0 ] && echo warm-b || echo b)"
done
for i in $(seq 0 "$RUNS"); do
  # the first rebuild with a change after an empty build also makes deload's spare generation
  edit_page "$i"
  round "$([ "$i" = 0 ] && echo first-c || echo c)"
done
for i in $(seq 0 "$RUNS"); do
  retag_page "$((i + 1))"
  round "$([ "$i" = 0 ] && echo warm-d || echo d)"
done
for i in $(seq 0 "$RUNS"); do
  round "$([ "$i" = 0 ] && echo warm-e || echo e)" --force
done
cp "$WORK/page-deload.md" "$WORK/minimal/content/$PAGE"
cp "$WORK/page-deload.md" "$WORK/full/content/$PAGE"

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(hugo version | cut -d' ' -f1-2); $(date -u +%Y-%m-%d); load average before: $LOAD_BEFORE; $PAGES pages on $(findmnt -no FSTYPE -T "$WORK" 2>/dev/null || echo '?') ($WORK), $RUNS alternating runs a case"
echo
python3 - "$RESULTS" "$PAGES" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
pages = int(sys.argv[2])
cases = [("a", "build into an empty output"), ("b", "rebuild, nothing changed"),
         ("c", "rebuild after one page's body changed"), ("d", "rebuild after one page's tags changed"),
         ("e", "whole build over the last output (deload --force)"),
         ("first-c", "first rebuild with a change (makes the spare; 1 run)")]
tools = [("full", "deload, full default theme"), ("minimal", "deload, minimal templates"), ("hugo", "Hugo, minimal templates")]
def med(case, tool, col):
    return statistics.median(float(r[col]) for r in rows if r[0] == case and r[1] == tool)
print(f"| {pages:,} pages on disk | wall | user | sys | peak | wall / Hugo | sys / Hugo |")
print("|---|---|---|---|---|---|---|")
for case, what in cases:
    hw, hs = med(case, "hugo", 2), med(case, "hugo", 4)
    for tool, name in tools:
        w, u, s, m = (med(case, tool, c) for c in (2, 3, 4, 5))
        ratio = "" if tool == "hugo" else f"{w / hw:.2f}"
        sratio = "" if tool == "hugo" else f"{s / hs:.2f}" if hs else ""
        print(f"| ({case}) {what}: {name} | {w:.3f} s | {u:.2f} s | {s:.2f} s | {m / 1024:.0f} MiB | {ratio} | {sratio} |")
PY
