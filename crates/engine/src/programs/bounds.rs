//! The checks that apply the bounds of [`crate::limits`] to a file being read: located errors
//! that say the limit and how to stay within it.

use super::locate::Seg;
use super::source::Src;
use crate::error::Error;
use crate::limits::MAX_NAME_CHARS;
use crate::text::s;

/// A located error when the list at `at` in `src` holds more than `max` entries; `what` names an
/// entry (`blocks`, `exercises in session A`) and `how` says how to stay within the bound.
pub(crate) fn check_len(
    len: usize,
    max: usize,
    what: &str,
    how: &str,
    (src, at): (&Src, &[Seg<'_>]),
) -> Result<(), Error> {
    if len <= max {
        return Ok(());
    }
    Err(src.err_key(
        at,
        format!("{len} {what} are more than deload's limit of {max}"),
        how,
    ))
}

/// A located error when `text` at `at` in `src` is longer than `max` characters; `what` names it
/// (`a session name`, `the notes`).
pub(crate) fn check_chars(
    text: &str,
    max: usize,
    what: &str,
    (src, at): (&Src, &[Seg<'_>]),
) -> Result<(), Error> {
    // bytes bound characters from above: count only when it could matter
    if text.len() <= max {
        return Ok(());
    }
    let n = text.chars().count();
    if n <= max {
        return Ok(());
    }
    Err(src.err(
        at,
        format!(
            "{what} is {n} characters long, more than deload's limit of {max} character{}",
            s(max)
        ),
        if max == MAX_NAME_CHARS {
            "shorten it: a name is printed on every page and week of the plan"
        } else {
            "shorten it (a plan repeats it in every week); link to a longer guide instead"
        },
    ))
}

/// [`check_chars`] for an optional text.
pub(crate) fn check_opt_chars(
    text: Option<&str>,
    max: usize,
    what: &str,
    place: (&Src, &[Seg<'_>]),
) -> Result<(), Error> {
    text.map_or(Ok(()), |t| check_chars(t, max, what, place))
}
