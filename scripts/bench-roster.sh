#!/usr/bin/env bash
# Roster benchmark: 20 athletes × 12 weeks printed to PDF in one command
# (`deload plan FOLDER --format pdf -o DIR`, one headless Chromium for every PDF), and the same
# roster as HTML only, for the share the browser takes. Prints the wall time and the time per
# plan; the PDFs are checked with pdfinfo (one per athlete, 12 weeks each).
#
#   scripts/bench-roster.sh                 # builds the release binary first
#   BENCH_DELOAD=target/debug/deload scripts/bench-roster.sh
#   BENCH_ATHLETES=50 scripts/bench-roster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${BENCH_ATHLETES:-20}
WEEKS=${BENCH_WEEKS:-12}
if [ -z "${BENCH_DELOAD:-}" ]; then
  cargo build --release --quiet
  BENCH_DELOAD=$ROOT/target/release/deload
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/deload-roster.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/site/programs/athletes"
cp "$ROOT"/programs/*.yaml "$WORK/site/programs/"
cp "$ROOT/site.yaml" "$WORK/site/"
# N athletes: the shipped examples in turn, each under its own name
examples=("$ROOT"/programs/athletes/*.yaml)
for i in $(seq 1 "$N"); do
  src=${examples[$(((i - 1) % ${#examples[@]}))]}
  sed -e "s/^name: .*/name: Athlete $i/" -e '/^log:/d' "$src" \
    > "$WORK/site/programs/athletes/athlete-$i.yaml"
done
run() { # FORMAT OUT: seconds of wall time
  local start end
  start=$(date +%s.%N)
  (cd "$WORK/site" && "$BENCH_DELOAD" plan programs/athletes/ --weeks "$WEEKS" \
    --format "$1" -o "$2" --quiet)
  end=$(date +%s.%N)
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$start" "$end"
}
html=$(run html "$WORK/html")
pdf=$(run pdf "$WORK/pdf")
pdfs=$(find "$WORK/pdf" -name '*.pdf' | wc -l)
[ "$pdfs" -eq "$N" ] || { echo "expected $N PDFs, found $pdfs" >&2; exit 1; }
for f in "$WORK"/pdf/*.pdf; do
  pdfinfo "$f" >/dev/null
done
echo "| roster ($N athletes × $WEEKS weeks) | wall | per plan |"
echo "|---|---|---|"
python3 - "$N" "$html" "$pdf" <<'PY'
import sys
n, html, pdf = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"| HTML | {html:.2f} s | {html / n * 1000:.0f} ms |")
print(f"| PDF (one Chromium) | {pdf:.2f} s | {pdf / n * 1000:.0f} ms |")
PY
