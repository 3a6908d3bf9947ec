//! Folding repeated diagnostics: a full disk fails every file's write with the same message, a
//! broken template shared by every page fails every page at the same line. One message with a
//! count and the first few places says as much as a hundred.

use std::collections::HashMap;
use std::path::PathBuf;

use deload_engine::Error;

/// How many of a repeated error's other places a folded error names.
const NAMED: usize = 3;

/// What makes two diagnostics the same: the same message, hint and place. The file counts only
/// when the error has a line and column in it: an error without one (a failed write) is the same
/// error for every file it names.
#[derive(PartialEq, Eq, Hash)]
struct Key<'a> {
    message: &'a str,
    hint: Option<&'a str>,
    location: Option<(usize, usize)>,
    path: Option<&'a PathBuf>,
}

impl<'a> Key<'a> {
    fn of(e: &'a Error) -> Key<'a> {
        Key {
            message: &e.message,
            hint: e.hint.as_deref(),
            location: e.location.map(|l| (l.line, l.column)),
            path: e.location.and(e.path.as_ref()),
        }
    }
}

/// `errors` with repeats folded into their first occurrence, in order of first occurrence. A
/// folded error gets a note with the number of repeats and where the first few were (their files,
/// or their context notes when the file is the same).
pub(super) fn repeats(errors: &[Error]) -> Vec<Error> {
    let mut groups: Vec<Vec<&Error>> = Vec::new();
    let mut index: HashMap<Key<'_>, usize> = HashMap::new();
    for e in errors {
        let n = *index.entry(Key::of(e)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[n].push(e);
    }
    groups.into_iter().map(|g| fold(&g)).collect()
}

/// One error standing for all of `group` (never empty).
fn fold(group: &[&Error]) -> Error {
    let first = group[0].clone();
    let more = group.len() - 1;
    if more == 0 {
        return first;
    }
    let mut places: Vec<String> = Vec::new();
    for e in &group[1..] {
        let place = if e.path != first.path {
            e.path.as_ref().map(|p| p.display().to_string())
        } else {
            e.notes.iter().find(|n| !first.notes.contains(n)).cloned()
        };
        if let Some(p) = place.filter(|p| !places.contains(p)) {
            places.push(p);
            if places.len() == NAMED {
                break;
            }
        }
    }
    let times = if more == 1 { "time" } else { "times" };
    let mut note = format!("the same error {more} more {times}");
    if !places.is_empty() {
        note.push_str(": ");
        note.push_str(&places.join("; "));
        if more > places.len() {
            note.push_str("; …");
        }
    }
    first.with_note(note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use deload_engine::Location;

    fn write_error(file: &str) -> Error {
        Error::new("cannot write: No space left on device (os error 28)")
            .in_file(file)
            .with_hint("check the path and try again")
    }

    #[test]
    fn unlocated_errors_fold_across_files() {
        let errors: Vec<Error> = (0..102)
            .map(|i| write_error(&format!("p{i}.html")))
            .collect();
        let folded = repeats(&errors);
        assert_eq!(folded.len(), 1);
        let note = folded[0].notes.last().cloned().unwrap_or_default();
        assert_eq!(
            note,
            "the same error 101 more times: p1.html; p2.html; p3.html; …"
        );
    }

    #[test]
    fn located_errors_fold_only_at_the_same_place() {
        let at = |file: &str, line| {
            Error::new("missing field `title`")
                .in_file(file)
                .at(Location { line, column: 1 }, "---\ntags: []\n")
        };
        let errors = [at("a.md", 2), at("b.md", 2), at("a.md", 2), at("a.md", 1)];
        let folded = repeats(&errors);
        assert_eq!(folded.len(), 3, "{folded:?}");
        assert_eq!(folded[0].notes, ["the same error 1 more time"]);
        assert!(folded[1].notes.is_empty() && folded[2].notes.is_empty());
    }

    #[test]
    fn a_shared_template_error_names_the_pages_it_broke() {
        let errors: Vec<Error> = (0..31)
            .map(|i| {
                Error::new("Field `nme` is not defined")
                    .in_file("templates/base.html")
                    .at(Location { line: 3, column: 7 }, "a\nb\n{{ nme }}\n")
                    .with_note(format!("while rendering content/p{i}.md"))
            })
            .collect();
        let folded = repeats(&errors);
        assert_eq!(folded.len(), 1);
        assert_eq!(
            folded[0].notes,
            [
                "while rendering content/p0.md",
                "the same error 30 more times: while rendering content/p1.md; while rendering \
                 content/p2.md; while rendering content/p3.md; …"
            ]
        );
    }
}
