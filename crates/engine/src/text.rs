//! Text helpers shared by every output: slugs, escaping, plural forms, numbers and dates.
//!
//! One home for them, so the site, the plan exports and the training-log reports format a
//! number, a date or a plural the same way.

/// Turns text into a URL- and id-safe slug: lowercase; each run of characters other than ASCII
/// letters and digits becomes one `-`; no leading or trailing `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Escapes text for an HTML attribute value.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for XML (SVG) content and attribute values; control characters other than
/// newline and tab, which XML 1.0 forbids, are dropped.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The bytes that may start a character an escaper changes: the ASCII controls, DEL, 0xC2 (which
/// starts the C1 controls, U+0080–U+009F) and the ASCII bytes in `extra`. All of them are on
/// character boundaries, as [`push_escaped_with`] needs.
pub(crate) const fn may_change(extra: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table
}

/// Appends `text` to `out`, escaped by `escape`: runs of bytes that `special` does not mark are
/// copied whole, and each character that starts at a marked byte goes to `escape` with the byte
/// after it (to join CR LF). `escape` appends what the character becomes and returns how many
/// bytes after it it consumed. Every marked byte must start a character.
pub(crate) fn push_escaped_with(
    out: &mut String,
    text: &str,
    special: &[bool; 256],
    mut escape: impl FnMut(&mut String, char, Option<u8>) -> usize,
) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    while let Some(offset) = bytes[copied..]
        .iter()
        .position(|&b| special[usize::from(b)])
    {
        let i = copied + offset;
        out.push_str(&text[copied..i]);
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let next = i + c.len_utf8();
        copied = next + escape(out, c, bytes.get(next).copied());
    }
    out.push_str(&text[copied..]);
}

/// Formats a number without needless decimals: `2.5`, `60`, `77.25` (rounded to hundredths).
pub fn fmt_num(x: f64) -> String {
    let mut s = String::with_capacity(8);
    push_num(&mut s, x);
    s
}

/// Appends [`fmt_num`]`(x)` to `out`.
pub fn push_num(out: &mut String, x: f64) {
    let hundredths = (x * 100.0).round();
    // Below 10^13 hundredths the digits are those of an integer, written directly: `format!`
    // with a precision takes the slow exact path of float printing, and plans format thousands
    // of loads and intensities. Larger, infinite and NaN values take that path.
    if hundredths.abs() >= 1e13 || hundredths.is_nan() {
        out.push_str(&fmt_num_slow(x));
        return;
    }
    let h = hundredths as i64;
    let (whole, frac) = (h / 100, (h % 100).unsigned_abs());
    if h < 0 && whole == 0 {
        out.push('-');
    }
    push_int(out, whole);
    match frac {
        0 => {}
        f if f % 10 == 0 => {
            out.push('.');
            push_digit(out, f / 10);
        }
        f => {
            out.push('.');
            push_digit(out, f / 10);
            push_digit(out, f % 10);
        }
    }
}

/// Appends the digit `d` (0–9).
fn push_digit(out: &mut String, d: u64) {
    out.push(char::from(b'0' + (d % 10) as u8));
}

/// Appends `n` in decimal, without the formatting machinery.
pub fn push_int(out: &mut String, n: i64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut v = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    // Only ASCII digits were written.
    out.extend(buf[at..].iter().map(|b| char::from(*b)));
}

/// [`fmt_num`] through `format!`, for values too large for the integer path.
fn fmt_num_slow(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// `count` with the singular or plural noun: "1 week", "2 weeks". Any integer type works.
pub fn plural<N: TryInto<i64>>(count: N, one: &str, many: &str) -> String {
    let count = count.try_into().unwrap_or(i64::MAX);
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The plural suffix `s` for English nouns that take it: `""` for 1, `"s"` otherwise.
pub fn s<N: TryInto<i64>>(count: N) -> &'static str {
    if count.try_into().is_ok_and(|c| c == 1) {
        ""
    } else {
        "s"
    }
}

/// An English ordinal: "1st", "2nd", "11th", "23rd".
pub(crate) fn ordinal(k: u32) -> String {
    let suffix = match (k % 10, k % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{k}{suffix}")
}

/// The months' names in English, January first.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why `s` is not a date of the form YYYY-MM-DD, in words (`there is no month 13`, `February
/// 2026 has 28 days`), for an error message; `None` when it is one.
///
/// Errors say this in our words rather than through jiff's error messages: those come with
/// every message jiff has, 40 KB of the Planner's module.
pub fn why_not_a_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && (b.iter().enumerate()).all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let number = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i16>().ok());
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Some("it is not written as YYYY-MM-DD".to_string());
    };
    if !shaped {
        return Some("it is not written as YYYY-MM-DD".to_string());
    }
    let Some(name) = usize::try_from(month - 1).ok().and_then(|m| MONTHS.get(m)) else {
        return Some(format!("there is no month {month}"));
    };
    let first = jiff::civil::Date::new(year, month as i8, 1).ok()?;
    let days = first.days_in_month();
    if day < 1 || day > i16::from(days) {
        return Some(format!("{name} {year} has {days} days"));
    }
    None
}

/// A human date: "2 November 2026".
pub fn display_date(d: jiff::civil::Date) -> String {
    let month = usize::try_from(d.month() - 1).map_or("", |m| MONTHS.get(m).copied().unwrap_or(""));
    format!("{} {month} {}", d.day(), d.year())
}

/// `text` with a decimal comma in every number (`2.5 kg` → `2,5 kg`): a point between two
/// digits becomes a comma; the text itself when it has none.
pub fn decimal_commas(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let between_digits = |i: usize| {
        bytes[i] == b'.'
            && i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    if !(0..bytes.len()).any(between_digits) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        out.push(if between_digits(i) { ',' } else { c });
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_that_are_not_dates_say_why_in_words() {
        assert_eq!(why_not_a_date("2026-01-05"), None);
        assert_eq!(why_not_a_date("2024-02-29"), None);
        let no = |s: &str| why_not_a_date(s).unwrap_or_default();
        assert_eq!(no("2026-13-05"), "there is no month 13");
        assert_eq!(no("2026-00-05"), "there is no month 0");
        assert_eq!(no("2026-02-29"), "February 2026 has 28 days");
        assert_eq!(no("2026-04-31"), "April 2026 has 30 days");
        assert_eq!(no("2026-04-00"), "April 2026 has 30 days");
        for bad in [
            "5 Jan 2026",
            "2026-1-5",
            "2026/01/05",
            "",
            "2026-01-05x",
            "+026-01-05",
        ] {
            assert_eq!(no(bad), "it is not written as YYYY-MM-DD", "{bad}");
        }
    }

    #[test]
    fn human_dates_name_the_month() {
        assert_eq!(
            display_date(jiff::civil::date(2026, 11, 2)),
            "2 November 2026"
        );
        assert_eq!(
            display_date(jiff::civil::date(2027, 1, 31)),
            "31 January 2027"
        );
    }

    #[test]
    fn slugify_rules() {
        assert_eq!(slugify("How much sleep?"), "how-much-sleep");
        assert_eq!(slugify("RPE, RIR and load"), "rpe-rir-and-load");
        assert_eq!(slugify("7–9 hours"), "7-9-hours");
        assert_eq!(slugify("  --Déjà vu--  "), "d-j-vu");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(3), "3rd");
        assert_eq!(ordinal(4), "4th");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(22), "22nd");
    }

    #[test]
    fn numbers() {
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(60.0), "60");
        assert_eq!(fmt_num(77.25), "77.25");
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_num(-0.05), "-0.05");
        assert_eq!(fmt_num(-2.5), "-2.5");
        assert_eq!(fmt_num(0.1 + 0.2), "0.3");
        assert_eq!(fmt_num(1e20), "100000000000000000000");
        assert_eq!(fmt_num(f64::NAN), "NaN");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "week", "weeks"), "1 week");
        assert_eq!(plural(0, "week", "weeks"), "0 weeks");
        assert_eq!(plural(2usize, "time", "times"), "2 times");
        assert_eq!(s(1u32), "");
        assert_eq!(s(30usize), "s");
    }

    proptest::proptest! {
        #[test]
        fn fast_formatting_matches_format(x in proptest::num::f64::ANY, small in -1e6f64..1e6) {
            proptest::prop_assert_eq!(fmt_num(x), fmt_num_slow(x));
            proptest::prop_assert_eq!(fmt_num(small), fmt_num_slow(small));
            let quarter = (small * 4.0).round() / 4.0;
            proptest::prop_assert_eq!(fmt_num(quarter), fmt_num_slow(quarter));
        }
    }
}
