//! The one error type of deload.
//!
//! Every error says *what* went wrong, *where* (file, line, column, and the offending source line
//! when there is one) and *how to fix it* (a hint). The CLI renders it with a snippet and a caret
//! through [`Error::render`].

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a text file, both numbers 1-based (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

impl Location {
    /// The location of byte offset `offset` in `text` (clamped to the text's length).
    pub(crate) fn from_offset(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { line, column }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The operation failed.
    Error,
    /// The operation went on, but the user should look.
    Warning,
}

/// An error (or warning) with its source location and a hint on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong, one sentence, no trailing period needed.
    pub message: String,
    /// The file it concerns, if any.
    pub path: Option<PathBuf>,
    /// Where in that file, if known.
    pub location: Option<Location>,
    /// The text of the line at `location`, for the snippet.
    pub source_line: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// Extra context lines ("while rendering page X").
    pub notes: Vec<String>,
}

impl Error {
    /// A new error with only a message.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            path: None,
            location: None,
            source_line: None,
            hint: None,
            notes: Vec::new(),
        }
    }

    /// An I/O error on `path`, with a hint derived from the error kind.
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Error {
        use std::io::ErrorKind as K;
        let hint = match err.kind() {
            K::NotFound => "check that the path exists and is spelled correctly",
            K::PermissionDenied => "check the file's permissions",
            K::InvalidData => "the file must be UTF-8 text",
            K::AlreadyExists => "remove it or choose another path",
            K::StorageFull => "the disk is full: free some space and try again",
            _ => "check the path and try again",
        };
        Error::new(format!("cannot {action}: {err}"))
            .in_file(path)
            .with_hint(hint)
    }

    /// Sets the file this error concerns.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Error {
        self.path = Some(path.into());
        self
    }

    /// Sets the location and remembers the source line from `text` for the snippet.
    pub fn at(mut self, location: Location, text: &str) -> Error {
        self.source_line = text
            .lines()
            .nth(location.line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self.location = Some(location);
        self
    }

    /// Sets the location from a byte offset into `text`.
    pub fn at_offset(self, text: &str, offset: usize) -> Error {
        self.at(Location::from_offset(text, offset), text)
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a context note.
    pub fn with_note(mut self, note: impl Into<String>) -> Error {
        self.notes.push(note.into());
        self
    }

    /// `path:line:column`, or as much of it as is known.
    pub fn position(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        Some(match self.location {
            Some(l) => format!("{}:{}:{}", path.display(), l.line, l.column),
            None => path.display().to_string(),
        })
    }

    /// Renders the diagnostic for a terminal: headline, `--> file:line:col`, the source line with
    /// a caret under the column, notes and the hint.
    pub fn render(&self, severity: Severity, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let level = match severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(self.message.as_str());
        let mut group = Group::with_title(title);
        let origin;
        match (&self.path, self.location, &self.source_line) {
            (Some(path), Some(loc), Some(line)) => {
                origin = path.display().to_string();
                let start = line
                    .char_indices()
                    .nth(loc.column.saturating_sub(1))
                    .map_or(line.len(), |(i, _)| i);
                let end = line[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                group = group.element(
                    Snippet::source(line.as_str())
                        .line_start(loc.line)
                        .path(origin.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                );
            }
            _ => {
                if let Some(pos) = self.position() {
                    origin = pos;
                    group = group.element(annotate_snippets::Origin::path(origin.as_str()));
                }
            }
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(pos) = self.position() {
            write!(f, "{pos}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The known word closest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    known
        .into_iter()
        .map(|k| (levenshtein(word, k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The Levenshtein distance of `a` and `b`: the fewest one-character insertions, deletions and
/// substitutions that turn one into the other (counted in characters, not bytes).
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_from_offset_counts_lines_and_chars() {
        let text = "ab\ncdé\nf";
        assert_eq!(
            Location::from_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        assert_eq!(
            Location::from_offset(text, 3),
            Location { line: 2, column: 1 }
        );
        // 'é' is two bytes; the offset after it is column 4
        assert_eq!(
            Location::from_offset(text, 7),
            Location { line: 2, column: 4 }
        );
    }

    #[test]
    fn nearest_suggests_typos_only() {
        let known = ["title", "description", "tags"];
        assert_eq!(nearest("titel", known), Some("title"));
        assert_eq!(nearest("descripton", known), Some("description"));
        assert_eq!(nearest("zzzzzzzz", known), None);
    }

    #[test]
    fn render_shows_file_line_caret_and_hint() {
        let e = Error::new("unknown key `titel`")
            .in_file("content/a.md")
            .at(Location { line: 2, column: 1 }, "---\ntitel: x\n---")
            .with_hint("did you mean `title`?");
        let out = e.render(Severity::Error, false);
        assert!(out.contains("content/a.md:2:1"), "{out}");
        assert!(out.contains("titel: x"), "{out}");
        assert!(out.contains('^'), "{out}");
        assert!(out.contains("did you mean `title`?"), "{out}");
    }
}
