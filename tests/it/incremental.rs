//! The incremental build against the full one: a fixed-seed random sequence of edits to a fixture
//! site (page bodies, front matter, tags added and removed, a template, a data file, the athlete
//! file, the program, pages moved, deleted, added and renamed, a static file, a shortcode
//! template and the data file a page's shortcode reads, a body edited to the same size with its
//! modification time put back; every few steps one of the records the build keeps beside the
//! output (page cache, build graph, publish facts, folder listings) damaged), and after each one
//! the output of a plain `deload build` (which renders only what the edit reaches, by the build
//! graph) is compared byte for byte with a `--force` build of the same sources.
//!
//! The builds run through the library in-process, one right after the other: edits land in the
//! same clock tick as the build before them, so the build graph must tell them by their bytes
//! (nothing here waits for the clock).

use std::path::{Path, PathBuf};

use deload_publish::build::{BuildOptions, build};

use crate::support::{Fixture, snapshot};

/// Steps of the random walk.
const STEPS: usize = 200;

/// The seed of the walk (change it to explore; a failure prints the step and the edits).
const SEED: u64 = 0x5eed_2026_0029;

/// splitmix64: a fixed sequence with no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

/// The tags a page of the walk may carry.
const TAGS: [&str; 5] = ["sleep", "rest", "food", "mobility", "mind"];

/// The site under edit and what the walk knows of it.
struct Walk {
    site: Fixture,
    rng: Rng,
    /// The pages the walk may move, delete or rename (nothing links to them), content-relative.
    free: Vec<String>,
    /// Pages created so far (for fresh names).
    made: usize,
}

impl Walk {
    fn new() -> Walk {
        let site = Fixture::new("recovery");
        let template = crate::support::repo().join("templates/partials/footer.html");
        let footer = std::fs::read_to_string(template).unwrap_or_else(|e| panic!("{e}"));
        site.write("templates/partials/footer.html", &footer);
        site.write("data/facts.yaml", "hours: 8\n");
        // a page whose body calls a shortcode that reads the data file: the page cache must not
        // keep its rendering when only the data file or the shortcode template changed
        site.write(
            "templates/shortcodes/hours.html",
            "{% set d = load_data(path=\"facts.yaml\") %}<p class=\"hours\">{{ d.hours }} hours</p>\n",
        );
        site.write(
            "content/guidance/hours.md",
            "---\ntitle: Hours\n---\nHow long to sleep:\n\n{{ hours() }}\n",
        );
        site.write("static/notes.txt", "notes 0\n");
        let mut walk = Walk {
            site,
            rng: Rng(SEED),
            free: Vec::new(),
            made: 0,
        };
        for section in ["notes", "notes", "notes", "blog", "blog"] {
            walk.add_page(section);
        }
        walk.site.write(
            "content/blog/_index.md",
            "---\ntitle: Blog\npaginate_by: 2\n---\nNews.\n",
        );
        walk
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.root().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// A new page with two tags in `section`.
    fn add_page(&mut self, section: &str) -> String {
        self.made += 1;
        let n = self.made;
        let (a, b) = (TAGS[n % TAGS.len()], TAGS[(n * 3 + 1) % TAGS.len()]);
        let rel = format!("{section}/page-{n}.md");
        let text = format!(
            "---\ntitle: \"Page {n}\"\ndate: 2026-10-{:02}\ntags: [{a}, {b}]\n---\nFirst words of page {n}.\n\n## Part one\n\nMore about {n}.\n",
            1 + n % 28
        );
        self.site.write(&format!("content/{rel}"), &text);
        self.free.push(rel.clone());
        rel
    }

    /// A page to edit: a free one or a guidance page.
    fn some_page(&mut self) -> String {
        let guidance = ["guidance/sleep.md", "guidance/stress.md"];
        let i = self.rng.below(self.free.len() + guidance.len());
        match self.free.get(i) {
            Some(p) => p.clone(),
            None => guidance[i - self.free.len()].to_string(),
        }
    }

    /// Replaces the first `from` in the file `rel` (root-relative).
    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        self.site.write(rel, &text.replacen(from, to, 1));
    }

    /// One random edit; returns what it did.
    fn edit(&mut self, step: usize) -> String {
        let page = self.some_page();
        let file = format!("content/{page}");
        match self.rng.below(16) {
            0..=2 => {
                let text = self.read(&file);
                self.site
                    .write(&file, &format!("{text}\nAdded in step {step}.\n"));
                format!("appended to the body of {page}")
            }
            3 => self.same_size(&page),
            4 => {
                let text = self.read(&file);
                let end = text[3..].find("---").map_or(0, |i| i + 3);
                let body = text[end..].splitn(2, "\n\n").collect::<Vec<_>>();
                let new = format!(
                    "{}Step {step} begins.\n\n{}",
                    body[0],
                    body.get(1).unwrap_or(&"")
                );
                self.site.write(&file, &format!("{}{new}", &text[..end]));
                format!("changed the summary of {page}")
            }
            5 => {
                self.replace(&file, "title: \"", &format!("title: \"S{step} "));
                self.replace(&file, "title: Sleep", &format!("title: \"Sleep {step}\""));
                format!("changed the title of {page}")
            }
            6 => self.retag(&page),
            7 => {
                self.replace(&file, "\n## ", &format!("\n## Step {step} "));
                format!("changed a heading of {page}")
            }
            8 if step % 2 == 0 => self.template(step),
            8 => self.shortcode(step),
            9 => {
                self.site
                    .write("data/facts.yaml", &format!("hours: {step}\n"));
                "changed data/facts.yaml".into()
            }
            10 => {
                let rel = "programs/athletes/riley.yaml";
                let hours = format!("sleep_hours: {}.5", 5 + step % 4);
                let text = self.read(rel);
                let at = text.find("sleep_hours: ").unwrap_or(0);
                let end = at + text[at..].find('}').unwrap_or(0);
                self.site
                    .write(rel, &format!("{}{hours} {}", &text[..at], &text[end..]));
                "changed the athlete file".into()
            }
            11 => {
                let rel = "programs/upper-lower.yaml";
                let text = self.read(rel);
                let from = text
                    .find("Short on purpose")
                    .map_or("Short", |_| "Short on purpose");
                self.site
                    .write(rel, &text.replacen(from, &format!("Step {step}"), 1));
                "changed the program".into()
            }
            12 => {
                self.site
                    .write("static/notes.txt", &format!("notes {step}\n"));
                "changed static/notes.txt".into()
            }
            _ => self.move_page(step),
        }
    }

    /// Changes a letter of a page: the same size, and the modification time put back, so only
    /// the bytes tell.
    fn same_size(&self, page: &str) -> String {
        let file = format!("content/{page}");
        let text = self.read(&file);
        let flipped = match text.rfind('e') {
            Some(i) => format!("{}a{}", &text[..i], &text[i + 1..]),
            None => text.replacen('a', "e", 1),
        };
        let path = self.path(&file);
        let modified = std::fs::metadata(&path).and_then(|m| m.modified());
        self.site.write(&file, &flipped);
        if let Ok(t) = modified {
            let f = std::fs::File::options().write(true).open(&path);
            f.and_then(|f| f.set_modified(t))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        format!("changed a letter of {page}")
    }

    /// Edits the shortcode template the page `guidance/hours.md` calls.
    fn shortcode(&self, step: usize) -> String {
        let text = format!(
            "{{% set d = load_data(path=\"facts.yaml\") %}}<p class=\"hours\">{{{{ d.hours }}}} hours ({step})</p>\n"
        );
        self.site.write("templates/shortcodes/hours.html", &text);
        "changed the shortcode template".into()
    }

    /// Adds or removes a tag of a page.
    fn retag(&mut self, page: &str) -> String {
        let file = format!("content/{page}");
        let text = self.read(&file);
        let Some(at) = text.find("tags: [") else {
            return format!("nothing ({page} has no tags line)");
        };
        let end = at + text[at..].find(']').unwrap_or(0);
        let mut tags: Vec<String> = text[at + 7..end].split(", ").map(str::to_string).collect();
        let tag = TAGS[self.rng.below(TAGS.len())].to_string();
        let what = if tags.contains(&tag) && tags.len() > 1 {
            tags.retain(|t| *t != tag);
            format!("removed the tag {tag} from {page}")
        } else {
            tags.push(tag.clone());
            tags.dedup();
            format!("added the tag {tag} to {page}")
        };
        let new = format!(
            "{}tags: [{}]{}",
            &text[..at],
            tags.join(", "),
            &text[end + 1..]
        );
        self.site.write(&file, &new);
        what
    }

    /// Edits the footer partial (every page shows it).
    fn template(&mut self, step: usize) -> String {
        let rel = "templates/partials/footer.html";
        let text = self.read(rel);
        let text = match text.find("<!-- step") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        self.site
            .write(rel, &format!("{text}<!-- step {step} -->\n"));
        "changed a template".into()
    }

    /// Moves, renames, deletes or adds a free page.
    fn move_page(&mut self, step: usize) -> String {
        if self.free.len() < 3 || self.rng.below(4) == 0 {
            let section = ["notes", "blog"][self.rng.below(2)];
            let rel = self.add_page(section);
            return format!("added {rel}");
        }
        let i = self.rng.below(self.free.len());
        let from = self.free.remove(i);
        let from_path = self.path(&format!("content/{from}"));
        let (dir, name) = from.split_once('/').unwrap_or(("", &from));
        let to = match self.rng.below(3) {
            0 => {
                std::fs::remove_file(&from_path).unwrap_or_else(|e| panic!("{e}"));
                return format!("deleted {from}");
            }
            1 => format!("{}/{name}", if dir == "notes" { "blog" } else { "notes" }),
            _ => format!("{dir}/renamed-{step}.md"),
        };
        let to_path = self.path(&format!("content/{to}"));
        std::fs::rename(&from_path, &to_path).unwrap_or_else(|e| panic!("{e}"));
        self.free.push(to.clone());
        format!("moved {from} to {to}")
    }
}

/// The records a build keeps in the output's home folder, damaged in turn by the walk.
const RECORDS: [&str; 4] = ["pages", "graph", "facts", "trees"];

/// Damages one of the records in `home` (by `step`): cut in half, or a byte in its middle
/// changed. The next build must still match the full one: a record that does not read whole is
/// not used.
fn damage(home: &Path, step: usize) -> String {
    let name = RECORDS[(step / 7) % RECORDS.len()];
    let path = home.join(name);
    let Ok(mut bytes) = std::fs::read(&path) else {
        return format!("nothing to damage ({name} missing)");
    };
    let mid = bytes.len() / 2;
    let how = if step % 2 == 0 {
        bytes.truncate(mid);
        "cut in half"
    } else {
        if let Some(b) = bytes.get_mut(mid) {
            *b = b.wrapping_add(1);
        }
        "a byte changed"
    };
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    format!("damaged the record {name} ({how})")
}

/// Files put into both outputs by hand (after the first build): every build keeps them.
const BY_HAND: [&str; 2] = ["by-hand.txt", "notes/by-hand.txt"];

/// Builds `root` into `out`: the report's `rebuilt` (what an incremental build rendered) and how
/// many pages' Markdown came from the page cache, or the errors' messages.
fn build_into(
    root: &Path,
    out: &Path,
    force: bool,
) -> Result<(Option<String>, usize), Vec<String>> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        drafts: false,
        future: true,
        expired: false,
        base_url: None,
        relative_urls: false,
        strict: false,
        force,
    };
    build(&opts)
        .map(|r| (r.rebuilt, r.cached.map_or(0, |c| c.0)))
        .map_err(|e| e.iter().map(|e| e.message.clone()).collect())
}

#[test]
fn incremental_builds_match_full_builds_after_random_edits() {
    let mut walk = Walk::new();
    let root = walk.site.root().to_path_buf();
    let (inc, full) = (root.join("public"), root.join("forced"));
    let mut done: Vec<String> = Vec::new();
    let (mut incremental, mut retagged, mut failed, mut cached) = (0, 0, 0, 0);
    for step in 0..=STEPS {
        if step > 0 {
            done.push(walk.edit(step));
        }
        if step > 0 && step % 7 == 0 {
            done.push(damage(&root.join(".public.deload"), step));
        }
        let a = build_into(&root, &inc, false);
        let b = build_into(&root, &full, true);
        let recent = done[done.len().saturating_sub(5)..].join("; ");
        match (&a, &b) {
            (Ok((rebuilt, hits)), Ok((_, forced_hits))) => {
                assert_eq!(*forced_hits, 0, "--force takes nothing from the page cache");
                cached += usize::from(*hits > 0);
                incremental += usize::from(rebuilt.is_some());
                let tags = rebuilt.as_ref().is_some_and(|r| r.contains("other tags"));
                retagged += usize::from(tags);
                let (x, y) = (snapshot(&inc), snapshot(&full));
                let differ: Vec<_> = (x.iter().zip(&y))
                    .filter(|(p, q)| p != q)
                    .map(|(p, _)| p.0.display().to_string())
                    .take(5)
                    .collect();
                for f in BY_HAND.into_iter().filter(|_| step > 0) {
                    let kept = std::fs::read_to_string(inc.join(f));
                    assert!(
                        kept.is_ok_and(|t| t == f),
                        "step {step}: {f}, put into the output by hand, is gone after: {recent}"
                    );
                }
                assert!(
                    x.len() == y.len() && differ.is_empty(),
                    "step {step} ({rebuilt:?}): the outputs differ ({} against {} files; {differ:?}) after: {recent}",
                    x.len(),
                    y.len()
                );
            }
            (Err(e), Err(f)) => {
                assert_eq!(e, f, "step {step}: after {recent}");
                failed += 1;
            }
            _ => panic!("step {step}: {a:?} against {b:?} after {recent}"),
        }
        if step == 0 {
            for (out, f) in [&inc, &full]
                .into_iter()
                .flat_map(|o| BY_HAND.map(|f| (o, f)))
            {
                std::fs::create_dir_all(out.join(f).parent().unwrap_or(out))
                    .unwrap_or_else(|e| panic!("{e}"));
                std::fs::write(out.join(f), f).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
    // the walk must have taken the incremental paths often, or it tested nothing
    assert!(failed < STEPS / 10, "{failed} of {STEPS} builds failed");
    assert!(
        cached >= STEPS / 2,
        "only {cached} builds took pages from the cache"
    );
    assert!(
        incremental >= STEPS / 5 && retagged >= 5,
        "only {incremental} of {STEPS} builds were incremental, {retagged} after a tag change"
    );
}

/// A build lists the output's folders only where they changed since the last build recorded
/// them (`.public.deload/trees`; a folder is recorded once its times are 2 s old): a file put by
/// hand into a recorded folder is still found, kept, and carried through both generations.
#[test]
fn a_file_put_by_hand_into_a_recorded_folder_is_kept() {
    let site = Fixture::new("recovery");
    let root = site.root().to_path_buf();
    let out = root.join("public");
    let page = "content/guidance/sleep.md";
    let text = std::fs::read_to_string(root.join(page)).unwrap_or_else(|e| panic!("{e}"));
    let edit = |n: usize| {
        site.write(page, &format!("{text}\nEdit {n}.\n"));
        build_into(&root, &out, false).unwrap_or_else(|e| panic!("{e:?}"));
    };
    build_into(&root, &out, false).unwrap_or_else(|e| panic!("{e:?}"));
    edit(1);
    // both generations' folders become old enough to be recorded
    std::thread::sleep(std::time::Duration::from_millis(2500));
    edit(2);
    let trees = std::fs::read_to_string(root.join(".public.deload/trees"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        trees
            .lines()
            .any(|l| l.starts_with("d ") && l.ends_with(" guidance")),
        "the folder guidance/ is recorded:\n{}",
        &trees[..trees.len().min(500)]
    );
    std::fs::write(out.join("guidance/by-hand.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    for n in 3..6 {
        edit(n);
        let kept = std::fs::read_to_string(out.join("guidance/by-hand.txt"));
        assert_eq!(kept.ok().as_deref(), Some("mine"), "after build {n}");
    }
    // and a file of deload's removed by hand from a recorded folder is written again
    std::fs::remove_file(out.join("guidance/stress/index.html")).unwrap_or_else(|e| panic!("{e}"));
    edit(6);
    assert!(out.join("guidance/stress/index.html").is_file());
}
