//! Hostile training logs given to `deload history` and `deload plan --log`: each is read in
//! bounded time and memory, with located errors or warnings.

use std::fmt::Write as _;
use std::time::Duration;

use crate::support::bounded::{GIB, deload_bounded};

const HEADER: &str = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n";

/// A Strong log: 4 good rows, then `bad` rows dated after `--today` (2026-03-08), each a row
/// error that `--skip-bad-rows` skips.
fn log_with_future_rows(bad: usize) -> String {
    let mut s = String::from(HEADER);
    for d in 2..6 {
        let _ = writeln!(
            s,
            "2026-03-0{d} 18:00:00,A,1h,Squat (Barbell),1,100,5,0,0,,,8"
        );
    }
    for i in 0..bad {
        let _ = writeln!(
            s,
            "2027-01-{:02} 18:00:00,A,1h,Squat (Barbell),1,100,5,0,0,,,8",
            i % 28 + 1
        );
    }
    s
}

/// Each skipped row used to find its line by counting from the start of the file: quadratic.
/// 200,000 bad rows (over 12 MB) are now read in a few seconds, with the first rows' warnings at
/// their right lines and a count of the rest.
#[test]
fn skip_bad_rows_is_linear_in_the_rows_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let bad = 200_000;
    std::fs::write(dir.path().join("log.csv"), log_with_future_rows(bad)).unwrap();
    let args = [
        "history",
        "log.csv",
        "--today",
        "2026-03-08",
        "--skip-bad-rows",
    ];
    // quadratic, this took minutes (40,000 rows took 14 s in a release build)
    let out = deload_bounded(dir.path(), &args, GIB, Duration::from_secs(90))
        .ended("200,000 skipped rows");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // header, 4 good rows: the first bad row is line 6, the 20th line 25
    for line in [6, 25] {
        assert!(
            err.contains(&format!("log.csv:{line}:1")),
            "line {line}:\n{err}"
        );
    }
    assert!(
        !err.contains("log.csv:26:"),
        "only 20 rows are shown:\n{err}"
    );
    assert!(
        !err.contains("log.csv:5:"),
        "the good rows are read:\n{err}"
    );
    let rest = bad - 20;
    assert!(
        err.contains(&format!(
            "{rest} more rows that do not parse were skipped ({bad} in all)"
        )),
        "{err}"
    );
}

/// A bad field in a row after a quoted field holding line breaks is located on the line the
/// field is on, not the line the row starts on.
#[test]
fn a_bad_field_after_a_multi_line_note_is_located_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = log_with_future_rows(0);
    text.push_str("2026-03-06 18:00:00,A,1h,Squat (Barbell),1,100,5,0,0,\"two\nlines\",,eight\n");
    std::fs::write(dir.path().join("log.csv"), &text).unwrap();
    let args = ["history", "log.csv", "--today", "2026-03-08"];
    let out = deload_bounded(dir.path(), &args, GIB, Duration::from_secs(60)).ended("one bad row");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // the row starts on line 6; `eight` (RPE) is on line 7, after `lines",,`
    assert!(err.contains("log.csv:7:9"), "{err}");
    assert!(err.contains("lines\",,eight"), "{err}");
}
