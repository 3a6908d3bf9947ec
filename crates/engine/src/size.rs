//! A bound on what parsed data costs in memory, checked before the data is built.
//!
//! Parsed values take far more memory than their text: a CSV or JSON array of one-digit numbers
//! becomes a tree of values of about 64 bytes each, so 32 MB of text peaked at 4.8 GB. Every data
//! format deload reads (YAML, TOML, JSON front matter and data files, CSV data files) is first
//! walked without keeping anything, counting each value at [`VALUE_COST`] bytes plus the bytes of
//! its text (YAML aliases expanded); a walk that passes [`budget`] stops with an error, and the
//! data is never built.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

/// What one parsed value is counted at, in bytes, besides its text.
pub const VALUE_COST: usize = 64;

/// The most bytes the values parsed from `len` bytes of text may take: eight times the text, plus
/// 64 MiB (so any text under 1 MiB is within it, whatever it holds, but for YAML aliases).
pub fn budget(len: usize) -> usize {
    len.saturating_mul(8).saturating_add(64 << 20)
}

/// Whether a text of `len` bytes needs walking: below 1 MiB no text can pass [`budget`] but
/// through YAML aliases, which the YAML reader bounds on their own.
pub fn needs_walk(len: usize) -> bool {
    len >= 1 << 20
}

/// The message of the error when the budget is passed (the parser may add a location).
pub const MESSAGE: &str = "the data is too large once parsed";

/// Walks one value from `d`, spending `value_cost` for each value and the length of each scalar's
/// text from `left`; an error with `message` once it runs out.
pub fn walk<'de, D: Deserializer<'de>>(
    d: D,
    left: &Cell<usize>,
    value_cost: usize,
    message: &str,
) -> Result<(), D::Error> {
    Walk {
        left,
        value_cost,
        message,
    }
    .deserialize(d)
}

/// Walks `d` with the general budget for `len` bytes of text: [`budget`] at [`VALUE_COST`].
pub fn check<'de, D: Deserializer<'de>>(d: D, len: usize) -> Result<(), D::Error> {
    let left = Cell::new(budget(len));
    walk(d, &left, VALUE_COST, MESSAGE)
}

/// Spends the cost of `values` values and `text` bytes of text from `left` (for readers that are
/// not serde deserialisers, such as CSV records); `false` once it runs out.
pub fn spend(left: &Cell<usize>, values: usize, text: usize) -> bool {
    let cost = values.saturating_mul(VALUE_COST).saturating_add(text);
    match left.get().checked_sub(cost) {
        Some(rest) => {
            left.set(rest);
            true
        }
        None => false,
    }
}

/// Whether a TOML text is within [`budget`], from its bytes alone: every TOML value but a
/// table's first is announced by a `,`, `=`, `[` or `{`, so their count bounds the values
/// (strings with commas only count high). The TOML parser builds its whole document before any
/// walk could count, so this is the check that runs before it.
pub fn toml_within_budget(text: &str) -> bool {
    let values = 1
        + (text.bytes())
            .filter(|b| matches!(b, b',' | b'=' | b'[' | b'{'))
            .count();
    values.saturating_mul(VALUE_COST).saturating_add(text.len()) <= budget(text.len())
}

/// The hint every size error carries.
pub fn hint(len: usize) -> String {
    format!(
        "parsed values may take at most 8 times the text plus 64 MiB ({} MiB for this file, at \
         {VALUE_COST} bytes a value): split the data or keep large tables out of the site",
        budget(len) >> 20
    )
}

/// A visitor that reads any value, spending from `left`.
#[derive(Clone, Copy)]
struct Walk<'a> {
    left: &'a Cell<usize>,
    value_cost: usize,
    message: &'a str,
}

impl Walk<'_> {
    fn spend<E: de::Error>(self, text: usize) -> Result<(), E> {
        match self
            .left
            .get()
            .checked_sub(self.value_cost.saturating_add(text))
        {
            Some(rest) => {
                self.left.set(rest);
                Ok(())
            }
            None => Err(E::custom(self.message)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.spend(v.len())
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.spend(v.len())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_texts_pass_and_dense_large_ones_are_refused() {
        let small = "[1, 2, {\"a\": \"b\"}]";
        assert!(check(&mut serde_json::Deserializer::from_str(small), small.len()).is_ok());
        // 2 MiB of one-digit numbers: a million values at 64 bytes, within 64 + 16 MiB
        let ok = format!("[{}1]", "1,".repeat(1 << 20));
        assert!(check(&mut serde_json::Deserializer::from_str(&ok), ok.len()).is_ok());
        // 24 MiB of them: 12.6 million values, 800 MB parsed, over 64 + 192 MiB
        let dense = format!("[{}1]", "1,".repeat(12 << 20));
        let e = check(&mut serde_json::Deserializer::from_str(&dense), dense.len()).unwrap_err();
        assert!(e.to_string().contains(MESSAGE), "{e}");
        // long strings cost their length, not more
        let long = format!("[\"{}\"]", "x".repeat(8 << 20));
        assert!(check(&mut serde_json::Deserializer::from_str(&long), long.len()).is_ok());
    }

    #[test]
    fn toml_is_measured_from_its_separators() {
        assert!(toml_within_budget("a = [1, 2]\n[t]\nb = \"x, y\"\n"));
        let dense = format!("a = [{}1]\n", "1,".repeat(12 << 20));
        assert!(!toml_within_budget(&dense));
        let prose = format!("a = \"{}\"\n", "word word word, ".repeat(1 << 20));
        assert!(
            toml_within_budget(&prose),
            "a comma every 16 bytes is far within"
        );
    }

    #[test]
    fn spending_stops_at_the_budget() {
        let left = Cell::new(1000);
        assert!(spend(&left, 10, 100));
        assert_eq!(left.get(), 1000 - 10 * VALUE_COST - 100);
        assert!(!spend(&left, 10, 0));
    }
}
