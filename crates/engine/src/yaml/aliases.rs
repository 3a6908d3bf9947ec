//! A bound on what YAML aliases (`*name`) repeat, in bytes of text.
//!
//! The YAML parser bounds the number of alias expansions (a hundred times the document's events:
//! "billion laughs" is refused), but not their size: an alias of a long text copies it whole, so
//! a few kilobytes of `*big` read as gigabytes of strings. Before a text with an alias is parsed
//! into values, [`check`] walks it without keeping anything and counts the bytes of the scalars
//! it reads, aliases expanded; beyond [`budget`] the walk stops with an error at the alias that
//! passed it.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

/// The most bytes of scalar text a document of `len` bytes may read, aliases expanded: its own
/// text twice over, plus 1 MiB (anchors shared a few times are far below it).
pub(crate) fn budget(len: usize) -> usize {
    len.saturating_mul(2).saturating_add(1 << 20)
}

/// The start of the message when [`check`] fails (the parser appends the location).
pub(crate) const MESSAGE: &str = "aliases (`*name`) repeat too much text";

/// Walks `text` when it may hold an alias; an error (from the parser, with its location) when
/// the scalars it reads pass [`budget`] bytes. Other parse errors are left to the real parse.
pub(crate) fn check(text: &str) -> Result<(), serde_yaml::Error> {
    if !text.contains('*') {
        return Ok(());
    }
    let left = Cell::new(budget(text.len()));
    let walk = Walk { left: &left };
    match walk.deserialize(serde_yaml::Deserializer::from_str(text)) {
        Err(e) if e.to_string().contains(MESSAGE) => Err(e),
        _ => Ok(()),
    }
}

/// A visitor that reads any value, spending its scalars' bytes from `left`.
#[derive(Clone, Copy)]
struct Walk<'a> {
    left: &'a Cell<usize>,
}

impl Walk<'_> {
    fn spend<E: de::Error>(self, n: usize) -> Result<(), E> {
        match self.left.get().checked_sub(n) {
            Some(rest) => {
                self.left.set(rest);
                Ok(())
            }
            None => Err(E::custom(format!(
                "{MESSAGE}: more than twice the file's size plus 1 MiB"
            ))),
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
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.spend(v.len().max(1))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.spend(v.len().max(1))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
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
    fn long_text_repeated_by_aliases_is_refused_and_plain_anchors_pass() {
        let big = "x".repeat(100_000);
        let list = vec!["*b"; 40].join(", ");
        let bomb = format!("a: &b \"{big}\"\nc: [{list}]\n");
        let e = check(&bomb).expect_err("4 MB from a 100 KB file");
        assert!(e.to_string().contains(MESSAGE), "{e}");
        assert!(e.location().is_some(), "{e}");

        let fine = format!("a: &b \"{big}\"\nc: [*b, *b, *b]\n");
        check(&fine).expect("three copies of 100 KB are within the budget");
        check("a: &x {k: v}\nb: *x\nc: 2 * 3\n").expect("small anchors");
        check("a: [unclosed").expect("syntax errors are left to the parser");
    }
}
