#!/usr/bin/env bash
# Measures `deload serve`: the time from saving a page to its new content being served over
# HTTP, for body edits of one page, on the shipped site and on a generated 10,000-page site.
# Prints the median and the range of several edits, and the server's own rebuild lines.
#
#   scripts/bench-serve.sh [EDITS] [PAGES]     (defaults: 15 edits, 10000 pages)
#
# Builds the release binary first. Needs python3 (the poller and the corpus generator).
set -euo pipefail
cd "$(dirname "$0")/.."
EDITS=${1:-15}
PAGES=${2:-10000}
GEN=${GEN_CORPUS:-$PWD/../shared/bench/gen_corpus.py}

cargo build --release --quiet
BIN=$PWD/target/release/deload
WORK=$(mktemp -d)
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

bench() { # NAME ROOT PAGE_FILE URL_PATH
  local name=$1 root=$2 file=$3 path=$4
  "$BIN" serve --root "$root" --port 0 >"$WORK/$name.log" 2>&1 &
  PID=$!
  python3 - "$name" "$root/$file" "$path" "$EDITS" "$WORK/$name.log" <<'PY'
import re, statistics, sys, time, urllib.request
name, file, path, edits, log = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
deadline = time.time() + 300
port = None
while port is None:
    try:
        m = re.search(r"Serving .* at http://127\.0\.0\.1:(\d+)/", open(log).read())
        port = m and int(m.group(1))
    except FileNotFoundError:
        pass
    if time.time() > deadline:
        sys.exit(f"{name}: the server did not start:\n" + open(log).read())
    time.sleep(0.05)
url = f"http://127.0.0.1:{port}{path}"
def fetch():
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8", "replace")
def rebuilds():
    return sum(1 for l in open(log) if l.startswith("Rebuilt ") or l.startswith("Build failed "))
assert "<html" in fetch(), url
original = open(file).read()
times = []
try:
    for i in range(edits):
        marker = f"bench-marker-{i}-{time.time_ns()}"
        before = rebuilds()
        t0 = time.perf_counter()
        with open(file, "w") as f:
            f.write(original + f"\n\nEdited: {marker}.\n")
        while marker not in fetch():
            if time.perf_counter() - t0 > 60:
                sys.exit(f"{name}: edit {i} never served")
        times.append((time.perf_counter() - t0) * 1000)
        # let the rebuild (and the search index after it) finish before the next edit
        while rebuilds() == before:
            time.sleep(0.01)
        time.sleep(0.2)
finally:
    open(file, "w").write(original)
times.sort()
print(f"{name}: save -> new content served, {len(times)} edits: median {statistics.median(times):.0f} ms "
      f"(min {times[0]:.0f}, max {times[-1]:.0f})")
lines = [l.strip() for l in open(log) if l.startswith("Rebuilt ")]
print("  first build: " + lines[0])
print("  last edit:   " + lines[-1])
PY
  kill "$PID"; wait "$PID" 2>/dev/null || true
}

# 1. the shipped site
mkdir -p "$WORK/shipped"
cp -r content templates programs site.yaml "$WORK/shipped/"
[ -d static ] && cp -r static "$WORK/shipped/"
bench shipped "$WORK/shipped" content/guidance/sleep.md /guidance/sleep/

# 2. a generated corpus, adapted: our site.yaml, our embedded templates
python3 "$GEN" --pages "$PAGES" --out "$WORK/corpus" --flavor generic --links internal >/dev/null
rm -rf "$WORK/corpus/templates" "$WORK/corpus/config.toml"
printf 'title: "Recovery Bench"\nbase_url: "https://example.org/"\n' >"$WORK/corpus/site.yaml"
(cd "$WORK/corpus/content" && find . -name '*.md' ! -name '_index.md' | sort) >"$WORK/pages.txt"
PAGE=$(sed -n '1s|^\./||p' "$WORK/pages.txt")
URL="/${PAGE%.md}/"
bench "corpus-$PAGES" "$WORK/corpus" "content/$PAGE" "$URL"
