//! Search terms: how text splits into the words the search index holds. The site model uses it
//! to keep only the part of each page's text the index reads; rendering builds the index
//! from the same terms.

/// Words too common to search for, sorted (they are looked up by binary search), at most five
/// letters. `search.js` drops the same words from queries.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "of", "on", "or", "so", "that", "the", "their", "then",
    "there", "these", "this", "to", "was", "were", "will", "with", "you", "your",
];

/// Splits text into lowercase search terms (letters and digits, two or more characters, no stop
/// words). The same rule is applied to queries in `search.js`.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    terms(text).map(str::to_lowercase)
}

/// The search terms of `text` as written: slices of it.
fn terms(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| is_term(w))
}

/// Whether a word (letters and digits only) is a search term.
fn is_term(word: &str) -> bool {
    word.chars().nth(1).is_some() && !is_stop_word(word)
}

/// Stop words, compared without regard to case.
fn is_stop_word(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() > 5 {
        return false;
    }
    let mut lower = [0u8; 5];
    for (l, c) in lower.iter_mut().zip(b) {
        *l = c.to_ascii_lowercase();
    }
    let key = &lower[..b.len()];
    STOP_WORDS
        .binary_search_by(|s| s.as_bytes().cmp(key))
        .is_ok()
}

/// Words of a page's body that are indexed (the title and description always are): enough to
/// find a page by what it is about, while keeping the index small enough to download.
pub(crate) const BODY_WORDS: usize = 400;

/// The start of a page's plain text that holds the first [`BODY_WORDS`] search terms: all of it
/// the index reads, so a site keeps only this much of each page's text.
pub(crate) fn indexed_body(text: &str) -> &str {
    match terms(text).nth(BODY_WORDS - 1) {
        // the term is a slice of `text`: its end is an offset into it
        Some(last) => &text[..last.as_ptr() as usize - text.as_ptr() as usize + last.len()],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_found_in_any_case() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 5));
        for w in STOP_WORDS {
            assert!(is_stop_word(w) && is_stop_word(&w.to_uppercase()), "{w}");
        }
        assert!(!is_stop_word("sleep") && !is_stop_word("th") && !is_stop_word("theirs"));
    }

    #[test]
    fn indexed_body_keeps_exactly_the_indexed_terms() {
        // stop words, one-letter words, punctuation and mixed case between the terms
        let text: String = (0..BODY_WORDS + 100)
            .map(|i| format!("The a Word{i}, \u{e9}t\u{e9}-{i}. "))
            .collect();
        let kept = indexed_body(&text);
        assert!(kept.len() < text.len());
        let all: Vec<String> = tokens(&text).take(BODY_WORDS).collect();
        let from_kept: Vec<String> = tokens(kept).collect();
        assert_eq!(from_kept, all);
        // and nothing after the last term
        let shorter = &kept[..kept.char_indices().last().map_or(0, |(i, _)| i)];
        assert!(
            tokens(shorter).count() < BODY_WORDS || tokens(shorter).last() != all.last().cloned()
        );
        // short text is kept whole
        assert_eq!(indexed_body("sleep and rest"), "sleep and rest");
    }
}
