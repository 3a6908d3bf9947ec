#!/usr/bin/env bash
# Speed benchmark: deload against Hugo on the same generated corpus, measured side by side in one
# run (hyperfine, several runs, a warm-up, every run from an empty output folder), plus peak
# memory (GNU time), the full default theme, plans and live-preview latency.
#
#   scripts/bench.sh                 # 1,000 and 10,000 pages (about 5 minutes)
#   BENCH_SIZES="1000 10000 100000" scripts/bench.sh
#   BENCH_RUNS=5 scripts/bench.sh
#
# Only ratios measured in one run mean anything: the machines are shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${BENCH_SIZES:-"1000 10000"}
RUNS=${BENCH_RUNS:-5}
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/deload-bench}
GEN=${BENCH_GEN:-$ROOT/../shared/bench/gen_corpus.py}

need=()
command -v hugo >/dev/null 2>&1 || need+=(hugo)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "bench: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ -f "$GEN" ] || { echo "bench: corpus generator not found at $GEN (set BENCH_GEN)" >&2; exit 1; }

cargo build --release --quiet
DELOAD=$ROOT/target/release/deload
mkdir -p "$WORK"

# peak resident memory of one run, in MiB
peak_mib() {
  local out
  out=$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}')
  echo $(( out / 1024 ))
}

# median seconds of a hyperfine JSON export's first/second command
median() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$1" "$2"; }

prepare_deload_site() { # $1 = generic corpus dir, $2 = minimal|full
  rm -rf "$1/templates" "$1/config.toml"
  if [ "$2" = minimal ]; then
    cp -r "$ROOT/scripts/bench/templates" "$1/templates"
    printf 'title: "Recovery Bench"\nbase_url: "https://example.org/"\noutputs: { feed: false, sitemap: false, search: false, robots: false, not_found: false }\nprograms: { publish: false }\n' > "$1/site.yaml"
  else
    printf 'title: "Recovery Bench"\nbase_url: "https://example.org/"\n' > "$1/site.yaml"
    cp -r "$ROOT/programs" "$1/programs"
  fi
}

rows=()
for n in $SIZES; do
  echo "bench: $n pages" >&2
  python3 "$GEN" --pages "$n" --out "$WORK/hugo-$n" --flavor hugo >/dev/null
  python3 "$GEN" --pages "$n" --out "$WORK/deload-$n" --flavor generic --links internal >/dev/null
  prepare_deload_site "$WORK/deload-$n" minimal
  hyperfine --style none --warmup 1 --runs "$RUNS" \
    --prepare "rm -rf $WORK/out-hugo $WORK/out-deload" \
    -n hugo "hugo --quiet --source $WORK/hugo-$n --destination $WORK/out-hugo" \
    -n deload "$DELOAD build --quiet --root $WORK/deload-$n --out $WORK/out-deload" \
    --export-json "$WORK/hf-$n.json" >/dev/null
  th=$(median "$WORK/hf-$n.json" 0); td=$(median "$WORK/hf-$n.json" 1)
  rm -rf "$WORK/out-hugo" "$WORK/out-deload"
  mh=$(peak_mib hugo --quiet --source "$WORK/hugo-$n" --destination "$WORK/out-hugo")
  rm -rf "$WORK/out-deload"
  md=$(peak_mib "$DELOAD" build --quiet --root "$WORK/deload-$n" --out "$WORK/out-deload")
  rows+=("$(python3 -c "import sys; n,th,td,mh,md=sys.argv[1:]; th,td=float(th),float(td); print(f'| {int(n):,} pages, minimal templates | {td:.3f} s | {th:.3f} s | {td/th:.2f} | {md} MiB | {mh} MiB | {int(md)/max(int(mh),1):.2f} |')" "$n" "$th" "$td" "$mh" "$md")")
  if [ "$n" = 10000 ]; then
    cp -r "$WORK/deload-$n" "$WORK/full-$n"
    prepare_deload_site "$WORK/full-$n" full
    hyperfine --style none --warmup 1 --runs "$RUNS" \
      --prepare "rm -rf $WORK/out-hugo $WORK/out-full" \
      -n hugo "hugo --quiet --source $WORK/hugo-$n --destination $WORK/out-hugo" \
      -n deload-full "$DELOAD build --quiet --root $WORK/full-$n --out $WORK/out-full" \
      --export-json "$WORK/hf-full.json" >/dev/null
    th=$(median "$WORK/hf-full.json" 0); td=$(median "$WORK/hf-full.json" 1)
    rm -rf "$WORK/out-full"
    mf=$(peak_mib "$DELOAD" build --quiet --root "$WORK/full-$n" --out "$WORK/out-full")
    rows+=("$(python3 -c "import sys; th,td,mh,mf=sys.argv[1:]; th,td=float(th),float(td); print(f'| 10,000 pages, full default theme (feed, sitemap, search, toc, 18 plans) vs Hugo minimal | {td:.3f} s | {th:.3f} s | {td/th:.2f} | {mf} MiB | {mh} MiB | {int(mf)/max(int(mh),1):.2f} |')" "$th" "$td" "$mh" "$mf")")
  fi
  rm -rf "$WORK/out-hugo" "$WORK/out-deload" "$WORK/out-full"
done

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(hugo version | cut -d' ' -f1-2); $(date -u +%Y-%m-%d)"
echo
echo "| corpus | deload | Hugo | deload / Hugo | deload peak | Hugo peak | memory ratio |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
cargo bench --quiet --bench plans 2>/dev/null
if [ -x scripts/bench-serve.sh ]; then
  echo
  scripts/bench-serve.sh
fi
