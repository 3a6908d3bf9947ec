//! Conditional and partial requests: `If-None-Match` (304), `Range` and `If-Range` (206, 416).
//! Pure functions over header values.

use std::ops::Range;

/// What to send of an entity `len` bytes long.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// All of it (200): no `Range`, one that does not apply, or several ranges (which a server
    /// may answer whole).
    Whole,
    /// These bytes (206).
    Bytes(Range<u64>),
    /// None of the requested bytes exist (416).
    Unsatisfiable,
}

/// Whether an `If-None-Match` value matches `etag` (weak comparison: `W/` is ignored).
pub(crate) fn none_match(header: &str, etag: &str) -> bool {
    let strip = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let want = strip(etag);
    header
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || strip(t) == want)
}

/// Which part of an entity of `len` bytes with tag `etag` to send, given the request's `Range`
/// and `If-Range` values. A single range only; a malformed one is ignored, as the RFC asks.
pub(crate) fn part(range: Option<&str>, if_range: Option<&str>, etag: &str, len: u64) -> Part {
    let Some(range) = range else {
        return Part::Whole;
    };
    if let Some(cond) = if_range {
        // a date, or another tag: the client's copy is not this one
        if cond.trim() != etag || etag.starts_with("W/") {
            return Part::Whole;
        }
    }
    let Some((unit, spec)) = range.trim().split_once('=') else {
        return Part::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return Part::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Part::Whole;
    };
    let num = |s: &str| -> Option<u64> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // a number too large for u64 is still a valid (huge) position
        Some(s.parse().unwrap_or(u64::MAX))
    };
    match (first.trim().is_empty(), num(first), num(last)) {
        // `-N`: the last N bytes
        (true, _, Some(n)) => {
            if n == 0 || len == 0 {
                Part::Unsatisfiable
            } else {
                Part::Bytes(len.saturating_sub(n)..len)
            }
        }
        // `A-` and `A-B`
        (false, Some(a), b) if last.trim().is_empty() || b.is_some() => {
            let end = b.map_or(len, |b| b.saturating_add(1).min(len));
            if b.is_some_and(|b| b < a) {
                Part::Whole
            } else if a >= len {
                Part::Unsatisfiable
            } else {
                Part::Bytes(a..end)
            }
        }
        _ => Part::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAG: &str = "\"abc\"";

    fn p(range: &str, len: u64) -> Part {
        part(Some(range), None, TAG, len)
    }

    #[test]
    fn single_ranges() {
        assert_eq!(p("bytes=0-99", 1000), Part::Bytes(0..100));
        assert_eq!(p("bytes=500-", 1000), Part::Bytes(500..1000));
        assert_eq!(p("bytes=-100", 1000), Part::Bytes(900..1000));
        assert_eq!(p("bytes=-5000", 1000), Part::Bytes(0..1000));
        assert_eq!(p("bytes=990-5000", 1000), Part::Bytes(990..1000));
        assert_eq!(p("BYTES = 1-1", 10), Part::Bytes(1..2));
        assert_eq!(p("bytes=0-99999999999999999999999", 10), Part::Bytes(0..10));
    }

    #[test]
    fn ranges_that_cannot_be_met() {
        assert_eq!(p("bytes=1000-", 1000), Part::Unsatisfiable);
        assert_eq!(p("bytes=-0", 1000), Part::Unsatisfiable);
        assert_eq!(p("bytes=0-", 0), Part::Unsatisfiable);
    }

    #[test]
    fn other_ranges_get_the_whole_entity() {
        for r in [
            "bytes=0-1,5-6",
            "bytes=5-1",
            "bytes=x-y",
            "bytes=-",
            "items=0-1",
            "bytes 0-1",
            "bytes=+1-2",
            "bytes=1",
        ] {
            assert_eq!(p(r, 1000), Part::Whole, "{r}");
        }
        assert_eq!(part(None, None, TAG, 10), Part::Whole);
    }

    #[test]
    fn if_range_must_name_this_entity() {
        assert_eq!(
            part(Some("bytes=0-1"), Some(TAG), TAG, 10),
            Part::Bytes(0..2)
        );
        assert_eq!(
            part(Some("bytes=0-1"), Some("\"old\""), TAG, 10),
            Part::Whole
        );
        assert_eq!(
            part(
                Some("bytes=0-1"),
                Some("Wed, 21 Oct 2015 07:28:00 GMT"),
                TAG,
                10
            ),
            Part::Whole
        );
    }

    #[test]
    fn if_none_match() {
        assert!(none_match(TAG, TAG));
        assert!(none_match("\"x\", W/\"abc\"", TAG));
        assert!(none_match("*", TAG));
        assert!(!none_match("\"abcd\"", TAG));
        assert!(!none_match("", TAG));
    }
}
