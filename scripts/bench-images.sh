#!/usr/bin/env bash
# Image processing: a site of N page bundles (default 1,000), each with its own 1600×1200 JPEG
# shown by `figure(..., widths=[480, 960])` (two resized copies an image), built with the release
# binary: (a) with an empty image cache (every image decoded, resized twice and encoded),
# (b) again with nothing changed (the build is skipped: the output is up to date),
# (c) again after one page changed (the site is rebuilt; every image is found in the cache).
#
#   scripts/bench-images.sh                 # 1,000 images, 3 runs a case
#   BENCH_IMAGES=200 BENCH_RUNS=1 scripts/bench-images.sh
#   BENCH_DELOAD=/tmp/deload scripts/bench-images.sh   # another binary, no cargo build
#
# Needs python3 with Pillow to draw the images. Prints the median wall time of each case.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${BENCH_IMAGES:-1000}
RUNS=${BENCH_RUNS:-3}
WORK=${BENCH_IMAGES_DIR:-$ROOT/target/bench-images}
# BENCH_DELOAD: a deload binary to measure instead of this tree's release build
if [ -z "${BENCH_DELOAD:-}" ]; then
  cargo build --release --quiet
fi
DELOAD=${BENCH_DELOAD:-$ROOT/target/release/deload}
SITE=$WORK/site-$N
if [ ! -f "$SITE/.stamp" ]; then
  rm -rf "$SITE"
  mkdir -p "$SITE/content"
  printf 'title: "Images"\nbase_url: "https://example.org/"\nprograms: { publish: false }\n' >"$SITE/site.yaml"
  python3 - "$SITE/content" "$N" <<'PY'
import os, sys
from PIL import Image, ImageDraw
out, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(out, f"p{i:04d}")
    os.makedirs(d, exist_ok=True)
    im = Image.new("RGB", (1600, 1200), (i % 256, (i * 7) % 256, (i * 13) % 256))
    draw = ImageDraw.Draw(im)
    for x in range(0, 1600, 100):
        draw.rectangle([x, 0, x + 50, 1200], fill=((x + i) % 256, 120, 200 - i % 100))
    im.save(os.path.join(d, "photo.jpg"), quality=80)
    with open(os.path.join(d, "index.md"), "w") as f:
        f.write(f'---\ntitle: "Photo {i}"\n---\n\nA photo.\n\n'
                '{{ figure(src="photo.jpg", alt="Stripes", widths=[480, 960]) }}\n')
PY
  touch "$SITE/.stamp"
fi
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # $1 = case name; prints the wall time of one build in seconds
  local t0 t1
  t0=$(date +%s.%N)
  "$DELOAD" build --root "$SITE" --out "$SITE/public" >/dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
declare -A times
for _ in $(seq "$RUNS"); do
  rm -rf "$SITE/public" "$SITE/.public.deload" "$SITE/.cache"
  times[a]+="$(run a) "
  times[b]+="$(run b) "
  echo "x" >>"$SITE/content/p0000/index.md"
  times[c]+="$(run c) "
done
images=$(find "$SITE/public/processed_images" -type f | wc -l)
echo "| $N bundle images ($images resized files) | median wall, s |"
echo "|---|---|"
echo "| (a) empty cache: every image processed | $(echo "${times[a]}" | tr ' ' '\n' | grep . | median) |"
echo "| (b) nothing changed | $(echo "${times[b]}" | tr ' ' '\n' | grep . | median) |"
echo "| (c) one page changed, images from the cache | $(echo "${times[c]}" | tr ' ' '\n' | grep . | median) |"
