#!/bin/sh
# Generates a 100,000-row Strong log (4 sessions a week of 6 lifts with warm-ups, a deload every
# 5th week; about 17 years of training)
# and times `deload history` on it with the release build. Usage: scripts/bench-log.sh [ROWS]
set -eu
rows="${1:-100000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
log="$dir/strong.csv"

awk -v rows="$rows" 'BEGIN {
  print "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
  split("Squat (Barbell),Bench Press (Barbell),Deadlift (Barbell),Overhead Press (Barbell),Barbell Row,Lat Pulldown (Cable)", ex, ",")
  # Days since 2019-01-07 (a Monday) to a date, by a simple civil-from-days.
  n = 0; day = 0
  while (n < rows) {
    week = int(day / 7); dow = day % 7
    if (dow == 0 || dow == 1 || dow == 3 || dow == 4) {
      d = day + 17903                           # days since 1970-01-01 of 2019-01-07 is 17903
      z = d + 719468; era = int(z / 146097); doe = z - era * 146097
      yoe = int((doe - int(doe/1460) + int(doe/36524) - int(doe/146096)) / 365)
      y = yoe + era * 400; doy = doe - (365*yoe + int(yoe/4) - int(yoe/100))
      mp = int((5*doy + 2)/153); dd = doy - int((153*mp+2)/5) + 1
      mm = mp < 10 ? mp + 3 : mp - 9; if (mm <= 2) y++
      date = sprintf("%04d-%02d-%02d 18:00:00", y, mm, dd)
      sets = (week % 5 == 4) ? 2 : 4
      for (e = 1; e <= 6 && n < rows; e++) {
        w = 40 + 10 * e + 0.5 * (week % 40)
        print date ",\"Day, " dow "\",1h 3m," ex[e] ",W,20,10,0,0,,,"; n++
        for (s = 1; s <= sets && n < rows; s++) {
          print date ",\"Day, " dow "\",1h 3m," ex[e] "," s "," w ",5,0,0,\"note, with comma\",,8"; n++
        }
      }
    }
    day++
  }
}' > "$log"

today="$(tail -n 1 "$log" | cut -c1-10)"
echo "log: $(($(wc -l < "$log") - 1)) rows, last session $today"
(cd "$root" && cargo build --release --quiet)
bin="$root/target/release/deload"
start=$(date +%s%N)
"$bin" history "$log" --today "$today" --format json > "$dir/out.json"
end=$(date +%s%N)
echo "deload history: $(( (end - start) / 1000000 )) ms (release)"
"$bin" history "$log" --today "$today" | sed -n '2,6p'
