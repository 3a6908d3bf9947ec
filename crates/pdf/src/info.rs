//! The author in a PDF's metadata. Chromium writes the title (the page's `<title>`) and the
//! creation date into the document information dictionary, but no author; this appends an
//! incremental update (the PDF's own mechanism for changing a file by adding to its end) that
//! replaces the dictionary with a copy holding `/Author` too.

/// `pdf` with `author` in its document information; unchanged when `author` is empty or the file
/// is not laid out as Chromium writes it (a classic cross-reference table and trailer).
pub(super) fn with_author(mut pdf: Vec<u8>, author: &str) -> Vec<u8> {
    if author.trim().is_empty() {
        return pdf;
    }
    if let Some(update) = update(&pdf, author) {
        pdf.extend_from_slice(&update);
    }
    pdf
}

/// The incremental update that gives `pdf` its author.
fn update(pdf: &[u8], author: &str) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(pdf);
    let trailer_at = text.rfind("trailer")?;
    let trailer = &text[trailer_at..];
    let prev: usize = trailer
        .split("startxref")
        .nth(1)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let number_after = |key: &str| -> Option<u64> {
        let at = trailer.find(key)? + key.len();
        trailer[at..].split_whitespace().next()?.parse().ok()
    };
    let size = number_after("/Size")?;
    let root = number_after("/Root")?;
    let info = number_after("/Info")?;
    let start = text.find(&format!("\n{info} 0 obj"))? + 1;
    let body_at = start + text[start..].find("obj")? + 3;
    let end = body_at + text[body_at..].find("endobj")?;
    let dict = text[body_at..end].trim();
    let dict = dict.strip_suffix(">>")?;
    let object = format!(
        "{info} 0 obj\n{dict}\n/Author {}>>\nendobj\n",
        utf16_hex(author)
    );
    let offset = pdf.len() + 1;
    let xref_at = offset + object.len();
    Some(
        format!(
            "\n{object}xref\n{info} 1\n{offset:010} 00000 n \ntrailer\n<</Size {size}\n/Root {root} 0 R\n/Info {info} 0 R\n/Prev {prev}>>\nstartxref\n{xref_at}\n%%EOF\n"
        )
        .into_bytes(),
    )
}

/// `text` as a PDF text string: UTF-16 with a byte-order mark, in hex.
fn utf16_hex(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PDF laid out as Chromium writes it.
    fn sample() -> Vec<u8> {
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let info_at = pdf.len();
        pdf.extend_from_slice(b"1 0 obj\n<</Title (Plan)\n/CreationDate (D:20261129)>>\nendobj\n");
        let root_at = pdf.len();
        pdf.extend_from_slice(b"2 0 obj\n<</Type /Catalog>>\nendobj\n");
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!(
                "xref\n0 3\n0000000000 65535 f \n{info_at:010} 00000 n \n{root_at:010} 00000 n \ntrailer\n<</Size 3\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n{xref}\n%%EOF\n"
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn the_update_keeps_the_title_and_adds_the_author() {
        let before = sample();
        let after = with_author(before.clone(), "Coach Kim");
        assert!(after.starts_with(&before));
        let tail = String::from_utf8_lossy(&after[before.len()..]).into_owned();
        assert!(tail.contains("/Title (Plan)"), "{tail}");
        assert!(
            tail.contains("/Author <FEFF0043006F0061006300680020004B0069006D>"),
            "{tail}"
        );
        // the new object's offset in the xref points at it
        let offset: usize = tail
            .split("xref\n1 1\n")
            .nth(1)
            .and_then(|s| s.get(..10))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        assert!(after[offset..].starts_with(b"1 0 obj"));
        assert!(tail.contains("/Prev "), "{tail}");
        assert_eq!(with_author(before.clone(), " "), before);
        assert_eq!(
            with_author(b"not a pdf".to_vec(), "Kim"),
            b"not a pdf".to_vec()
        );
    }
}
