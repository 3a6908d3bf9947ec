# Shared by scripts/bench.sh and scripts/bench-disk.sh (sourced, with ROOT and GEN set).

# Installs Hugo, hyperfine and GNU time from Debian if they are missing.
bench_tools() {
  local need=()
  command -v hugo >/dev/null 2>&1 || need+=(hugo)
  command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
  [ -x /usr/bin/time ] || need+=(time)
  if [ ${#need[@]} -gt 0 ]; then
    echo "bench: installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  [ -f "$GEN" ] || { echo "bench: corpus generator not found at $GEN (set BENCH_GEN)" >&2; exit 1; }
}

# Gives a generic corpus deload's minimal templates (the same pages as the Hugo flavour's
# layouts, with what Hugo's config switches off switched off) or the full default theme.
prepare_deload_site() { # $1 = generic corpus dir, $2 = minimal|full
  rm -rf "$1/templates" "$1/config.toml" "$1/programs"
  if [ "$2" = minimal ]; then
    cp -r "$ROOT/scripts/bench/templates" "$1/templates"
    # tag pages list every page on one page, as Hugo's term template in the corpus does
    printf 'title: "Recovery Bench"\nbase_url: "https://example.org/"\noutputs: { feed: false, sitemap: false, search: false, robots: false, not_found: false }\nprograms: { publish: false }\ntaxonomies: [{ name: tags, paginate_by: 1000000 }]\n' > "$1/site.yaml"
  else
    # the corpus has no guidance pages: the plans' guidance topics all point at the home page
    printf 'title: "Recovery Bench"\nbase_url: "https://example.org/"\nguidance:\n' > "$1/site.yaml"
    for topic in sleep nutrition mobility hydration stress deload_weeks reading_a_plan overtraining_signs; do
      printf '  %s: "@/_index.md"\n' "$topic" >> "$1/site.yaml"
    done
    cp -r "$ROOT/programs" "$1/programs"
  fi
}

# Writes a corpus, or keeps the one a previous run wrote with the same generator and flags (the
# generator is deterministic; at 100,000 pages it takes minutes).
corpus() { # $1 = pages, $2 = flavor, $3 = dir, extra generator flags...
  local n=$1 flavor=$2 dir=$3
  shift 3
  local stamp
  stamp="$(sha256sum "$GEN" | cut -c1-16) $n $flavor $*"
  if [ "$(cat "$dir.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir" "$dir.stamp"
    python3 "$GEN" --pages "$n" --out "$dir" --flavor "$flavor" "$@" >/dev/null
    echo "$stamp" >"$dir.stamp"
  fi
}

# Removes an output folder and the spare generation deload keeps beside it.
rm_out() { # dirs...
  local d
  for d in "$@"; do
    rm -rf "$d" "$(dirname "$d")/.$(basename "$d").deload"
  done
}
