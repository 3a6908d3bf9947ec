//! The manual's "Template context" page ([`PAGE`]) against the view structs: a fixture site is loaded
//! and every context its render hands to a template (and the `config` global) is checked,
//! recursively, against the section. Every documented variable and field must be there (and
//! none only when documented as optional), every field the templates get must be documented,
//! and every documented field must have had a value somewhere, so the fixture exercises it.
//!
//! The page's grammar: a line `**name.html**` (one or more bold template names) or
//! `Every template:` starts a list of variables; `## Shapes` starts the shapes, each a bullet
//! `- *name*:`. A variable or field is a bullet `` - `name` (type): text``, its fields nested
//! two spaces deeper. A type is `text`, `number`, `yes/no`, `HTML`, `data` (free data, not
//! checked inside), `*shape*` (with any nested fields added), `list` (of the nested fields),
//! `list of TYPE` or `TYPE by KEY` (a map); `optional ` before it allows none. No type: the
//! nested fields.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use tera::Value;

use crate::Templates;
use crate::job::{Job, Jobs};
use crate::view::{PageContext, ShortcodeViews, Summaries, config_view, shared};
use deload_sheet::view::PlanViews;
use deload_site::site::{LoadOptions, Site};

/// What a documented variable or field holds.
#[derive(Debug)]
enum Ty {
    Text,
    Number,
    YesNo,
    Html,
    /// Free data: anything.
    Data,
    /// A map with these fields, and those of these shapes.
    Object {
        shapes: Vec<String>,
        fields: Vec<Field>,
    },
    List(Box<Ty>),
    /// A map from free keys (taxonomy names) to values of the type.
    Map(Box<Ty>),
}

impl Ty {
    /// The type as the page writes it.
    fn name(&self) -> &'static str {
        match self {
            Ty::Text => "text",
            Ty::Number => "number",
            Ty::YesNo => "yes/no",
            Ty::Html => "HTML",
            Ty::Data => "data",
            Ty::Object { .. } => "fields",
            Ty::List(_) => "a list",
            Ty::Map(_) => "a map (`by`)",
        }
    }
}

/// A documented variable or field.
#[derive(Debug)]
struct Field {
    name: String,
    ty: Ty,
    optional: bool,
    /// Its line in the page.
    line: usize,
    /// Its number, for the record of which fields had a value.
    id: usize,
}

/// The page, parsed.
#[derive(Debug, Default)]
struct Doc {
    /// Every template's variables (`config`).
    globals: Vec<Field>,
    /// Per group of templates: their names and variables.
    templates: Vec<(Vec<String>, Vec<Field>)>,
    shapes: HashMap<String, Vec<Field>>,
    /// Every field's `where` for messages, by id.
    places: Vec<String>,
}

/// One bullet line of the page, before nesting.
struct Bullet {
    indent: usize,
    name: String,
    ty: String,
    line: usize,
}

/// The manual's page that documents the template context, from the repository's root.
const PAGE: &str = "docs/content/reference/template-context.md";

/// The text of [`PAGE`].
fn page() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(PAGE);
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!("{PAGE}: {e}"),
    }
}

/// `- `name` (type): ...` → the bullet; other lines → none.
fn bullet(line: &str, number: usize) -> Option<Bullet> {
    let trimmed = line.trim_start();
    let indent = (line.len() - trimmed.len()) / 2;
    let rest = trimmed.strip_prefix("- `")?;
    let (name, rest) = rest.split_once('`')?;
    let ty = match rest.strip_prefix(" (") {
        Some(r) => r.split_once(')').map_or("", |(t, _)| t),
        None => "",
    };
    Some(Bullet {
        indent,
        name: name.to_string(),
        ty: ty.to_string(),
        line: number,
    })
}

/// The type written `text` (after `optional`), around `nested` fields.
fn parse_type(text: &str, nested: Vec<Field>, line: usize) -> Ty {
    if let Some((core, _key)) = text.split_once(" by ") {
        return Ty::Map(Box::new(parse_type(core, nested, line)));
    }
    if let Some(inner) = text.strip_prefix("list of ") {
        return Ty::List(Box::new(parse_type(inner, nested, line)));
    }
    if text == "list" {
        return Ty::List(Box::new(Ty::Object {
            shapes: Vec::new(),
            fields: nested,
        }));
    }
    if let Some(shape) = text.split('*').nth(1) {
        return Ty::Object {
            shapes: vec![shape.to_string()],
            fields: nested,
        };
    }
    let scalar = match text {
        "text" => Ty::Text,
        "number" => Ty::Number,
        "yes/no" => Ty::YesNo,
        "HTML" => Ty::Html,
        "data" => Ty::Data,
        "" if !nested.is_empty() => {
            return Ty::Object {
                shapes: Vec::new(),
                fields: nested,
            };
        }
        other => panic!("{PAGE} line {line}: unknown type `{other}`"),
    };
    assert!(
        nested.is_empty(),
        "{PAGE} line {line}: a {text} has no fields"
    );
    scalar
}

impl Doc {
    /// Nests `bullets` (all at `indent` or deeper, from `*i`) into fields.
    fn fields(&mut self, bullets: &[Bullet], i: &mut usize, indent: usize, at: &str) -> Vec<Field> {
        let mut out = Vec::new();
        while *i < bullets.len() && bullets[*i].indent >= indent {
            let b = &bullets[*i];
            assert_eq!(b.indent, indent, "{PAGE} line {}: indented too far", b.line);
            *i += 1;
            let place = format!("{at}{}", b.name);
            let nested = self.fields(bullets, i, indent + 1, &format!("{place}."));
            let (optional, ty) = match b.ty.strip_prefix("optional ") {
                Some(t) => (true, t),
                None => (false, b.ty.as_str()),
            };
            out.push(Field {
                name: b.name.clone(),
                ty: parse_type(ty, nested, b.line),
                optional,
                line: b.line,
                id: self.places.len(),
            });
            self.places.push(place);
        }
        out
    }

    /// Parses the page.
    fn parse() -> Doc {
        let text = page();
        let mut doc = Doc::default();
        // groups of bullets, each under its heading line
        let mut groups: Vec<(String, Vec<Bullet>)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let number = n + 1;
            if line.starts_with("**") || line == "Every template:" || line == "## Shapes" {
                groups.push((line.to_string(), Vec::new()));
            } else if let Some(shape) = line.strip_prefix("- *") {
                let name = shape.split('*').next().unwrap_or("");
                groups.push((format!("shape {name}"), Vec::new()));
            } else if let Some(b) = bullet(line, number)
                && let Some((_, bullets)) = groups.last_mut()
            {
                bullets.push(b);
            }
        }
        for (heading, bullets) in groups {
            let mut i = 0;
            if let Some(shape) = heading.strip_prefix("shape ") {
                let fields = doc.fields(&bullets, &mut i, 1, &format!("*{shape}*."));
                doc.shapes.insert(shape.to_string(), fields);
            } else if heading == "Every template:" {
                doc.globals = doc.fields(&bullets, &mut i, 0, "");
            } else if heading.starts_with("**") {
                let names: Vec<String> = heading
                    .split("**")
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect();
                let fields = doc.fields(&bullets, &mut i, 0, &format!("{}: ", names[0]));
                doc.templates.push((names, fields));
            }
            assert_eq!(
                i,
                bullets.len(),
                "{PAGE}: bullets under `{heading}` left over"
            );
        }
        doc
    }
}

/// Checks observed template values against the parsed section, collecting every problem.
struct Checker<'d> {
    doc: &'d Doc,
    /// Ids of the fields that had a value.
    seen: HashSet<usize>,
    problems: Vec<String>,
}

impl Checker<'_> {
    /// Checks `value` at `path` against `ty`.
    fn check(&mut self, value: &Value, ty: &Ty, path: &str) {
        let doc = self.doc;
        let ok = match ty {
            Ty::Text | Ty::Html => value.is_string(),
            Ty::Number => value.is_number(),
            Ty::YesNo => value.is_bool(),
            Ty::Data => true,
            Ty::List(item) => match value.as_array() {
                Some(items) => {
                    for v in items {
                        self.check(v, item, &format!("{path}[]"));
                    }
                    true
                }
                None => false,
            },
            Ty::Map(item) => match value.as_map() {
                Some(map) => {
                    for (k, v) in map {
                        self.check(v, item, &format!("{path}.{k}"));
                    }
                    true
                }
                None => false,
            },
            Ty::Object { shapes, fields } => {
                let mut all: Vec<&Field> = fields.iter().collect();
                for s in shapes {
                    match doc.shapes.get(s) {
                        Some(f) => all.extend(f),
                        None => self.problems.push(format!(
                            "`{path}`: the shape *{s}* is not described under Shapes"
                        )),
                    }
                }
                match value.as_map() {
                    Some(map) => {
                        self.check_fields(map, &all, path);
                        true
                    }
                    None => false,
                }
            }
        };
        if !ok {
            self.problems.push(format!(
                "`{path}` is a {} but documented as {}",
                value.name(),
                ty.name()
            ));
        }
    }

    /// Checks a map's entries against `fields`: each documented one present, each present one
    /// documented.
    fn check_fields(&mut self, map: &tera::Map, fields: &[&Field], path: &str) {
        let dot = if path.ends_with(": ") { "" } else { "." };
        for f in fields {
            let here = format!("{path}{dot}{}", f.name);
            let value = map
                .iter()
                .find(|(k, _)| k.as_str() == Some(f.name.as_str()));
            match value.map(|(_, v)| v) {
                None => self.problems.push(format!(
                    "`{here}` is documented ({PAGE} line {}) but the template does not get it",
                    f.line
                )),
                Some(v) if v.is_none() => {
                    if !f.optional {
                        self.problems.push(format!(
                            "`{here}` is none, but {PAGE} line {} does not say `optional`",
                            f.line
                        ));
                    }
                }
                Some(v) => {
                    self.seen.insert(f.id);
                    self.check(v, &f.ty, &here);
                }
            }
        }
        for k in map.keys() {
            if !fields.iter().any(|f| k.as_str() == Some(f.name.as_str())) {
                self.problems.push(format!(
                    "`{path}{dot}{k}` reaches the templates but {PAGE} does not document it"
                ));
            }
        }
    }
}

/// Writes the fixture site's files under `root`.
fn write_fixture(root: &Path) {
    let files: &[(&str, &str)] = &[
        (
            "site.yaml",
            "title: Fixture\ndescription: A site for the template test.\nbase_url: https://fixture.test/\nauthor: Test Author\nmenu:\n  - { name: One, url: \"@/guide/one.md#getting-started\" }\n  - { name: Elsewhere, url: \"https://example.org/\" }\ntaxonomies: [{ name: tags }, { name: authors }]\nextra: { colour: blue }\nprograms: { weeks: 8, start: 2027-01-04, publish_athletes: true, planner: true }\nguidance:\n  sleep: \"@/guide/one.md\"\n  nutrition: /guide/two/\n  mobility: /guide/two/\n  hydration: /guide/two/\n  stress: /guide/three/\n  deload_weeks: \"@/guide/_index.md\"\n  reading_a_plan: /guide/three/\n  overtraining_signs: \"@/guide/one.md#getting-started\"\nlanguages: { en: {}, es: { title: Fijo } }\n",
        ),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
        ),
        (
            "content/guide/_index.md",
            "---\ntitle: Guide\ndescription: All guides.\nsort_by: weight\npaginate_by: 1\nextra: { icon: book }\n---\nThe guides.\n",
        ),
        (
            "content/guide/one.md",
            "---\ntitle: One\ndescription: The first guide.\ndate: 2026-01-01\nupdated: 2026-02-01\nweight: 1\ntags: [sleep, Rest Days]\ntaxonomies: { authors: [Sam] }\naliases: [/old-one/]\ntoc: true\nextra: { level: 2 }\n---\nFirst paragraph.\n\n## Getting started\n\nText.\n\n### A detail\n\nMore.\n",
        ),
        (
            "content/guide/one.es.md",
            "---\ntitle: Uno\ndate: 2026-01-01\ntags: [sueño]\n---\nPrimero.\n",
        ),
        (
            "content/guide/two.md",
            "---\ntitle: Two\ndate: 2026-01-02\nweight: 2\ntags: [sleep]\n---\nSecond.\n",
        ),
        (
            "content/guide/three.md",
            "---\ntitle: Three\nweight: 3\n---\nThird.\n",
        ),
        (
            "content/guide/deep/_index.md",
            "---\ntitle: Deep\ndescription: Deeper guides.\n---\n",
        ),
        (
            "content/guide/deep/four.md",
            "---\ntitle: Four\n---\nFour.\n",
        ),
        (
            "programs/fixture.yaml",
            "name: Fixture program\ndescription: A program for the template test. It has every kind of exercise.\nauthor: Test Coach\nsuits: Everyone in the test\nunits: kg\nsessions_per_week: 2\nprogression: { linear: +2.5 }\nwave: 2\ntm_step: 5\nblocks:\n  - { name: Base, weeks: 4, focus: volume }\nsessions:\n  - name: A\n    muscles: [legs, chest]\n    heavy: true\n    exercises:\n      - { exercise: Back squat, sets: 4, reps: 5, percent: 70, rest: 180, tempo: 3-1-1-0, notes: Brace, superset: A1 }\n      - { exercise: Bench press, sets: 4, reps: \"8-12\", rpe: 8, superset: A2, progression: { double: 2.5 } }\n  - name: B\n    muscles: [back]\n    exercises:\n      - { exercise: Deadlift, lines: [\"warm-up: 2 x 5 @ 50% TM\", \"top set: 1 x 5+ @ 85% TM\"], main: true }\n      - { exercise: Row, sets: 3, reps: AMRAP, rir: 2 }\n      - { exercise: Plank, sets: 3, reps: 5, load: 10 }\n",
        ),
        (
            "programs/athletes/sam.yaml",
            "program: ../fixture.yaml\nname: Sam\ncoach: Kim Lee, kim@example.org\nlog: ../logs/sam.csv\nstart: 2027-01-04\nmaxes: { Back squat: 100 kg, Bench press: 80 kg, Deadlift: 140 kg }\nwarmups: true\n",
        ),
    ];
    for (rel, text) in files {
        write(&root.join(rel), text);
    }
    // a program too dense for a page a week
    let mut dense = String::from(
        "name: Dense\ndescription: Too much for a page.\nunits: kg\nsessions_per_week: 6\nblocks: [{ name: Volume, weeks: 1, focus: volume }]\nsessions:\n",
    );
    for s in 1..=6 {
        dense.push_str(&format!("  - name: S{s}\n    exercises:\n"));
        for e in 1..=20 {
            dense.push_str(&format!(
                "      - {{ exercise: Lift {s}-{e}, sets: 5, reps: 8, rir: 2, notes: Slow }}\n"
            ));
        }
    }
    write(&root.join("programs/dense.yaml"), &dense);
    // a Strong log: three weeks of squats and bench presses
    let mut log = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for (day, weight) in [
        ("2026-11-02", "90"),
        ("2026-11-09", "92.5"),
        ("2026-11-16", "95"),
    ] {
        for set in 1..=3 {
            for (lift, w) in [("Squat (Barbell)", weight), ("Bench Press (Barbell)", "70")] {
                log.push_str(&format!("{day} 18:00:00,A,1h,{lift},{set},{w},5,0,0,,,8\n"));
            }
        }
    }
    write(&root.join("programs/logs/sam.csv"), &log);
}

/// Writes `text` at `path`, creating folders.
fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        panic!("{}: {e}", dir.display());
    }
    if let Err(e) = std::fs::write(path, text) {
        panic!("{}: {e}", path.display());
    }
}

/// Every context the fixture site's render hands to a template, as (template, value), and the
/// `config` global.
fn observe(site: &Site, templates: &Templates) -> (Vec<(String, Value)>, Value) {
    let summaries = Summaries::new(site);
    let want = |_: &str| true;
    let jobs = Jobs::list(site, templates, &summaries, &want);
    assert!(jobs.errors.is_empty(), "{:?}", jobs.errors);
    let mut out = Vec::new();
    for job in &jobs.list {
        match job {
            Job::Template { template, ctx, .. } => out.push((template.to_string(), shared(ctx))),
            Job::Page { index, .. } => {
                let ctx = PageContext::new(site, *index, &summaries);
                out.push(("page.html".to_string(), shared(&ctx)));
            }
            Job::Plan {
                schedule,
                noindex,
                coach,
                ..
            } => {
                let mut views = PlanViews::new(schedule, &site.config.base_url);
                views.noindex = *noindex;
                views.coach = *coach;
                let mut weeks_html = Vec::new();
                for week in &schedule.weeks {
                    let ctx = views.week(week);
                    let html =
                        templates
                            .sheet()
                            .render(deload_sheet::WEEK_TEMPLATE, &ctx, &"a week");
                    let html = html.unwrap_or_else(|e| panic!("{e}"));
                    weeks_html.push(Value::safe_string(&html));
                    out.push(("plan/week.html".to_string(), shared(&ctx)));
                }
                let ctx = views.document(weeks_html, "");
                out.push(("plan/plan.html".to_string(), shared(&ctx)));
            }
            // downloads and assets have no template; a progress page's context is the report's
            // (its JSON, documented with `deload replan`), and the fixture has no athlete with a
            // log
            Job::Export { .. } | Job::Asset { .. } | Job::Report { .. } => {}
        }
    }
    (out, shared(&config_view(site)))
}

#[test]
fn the_manual_documents_every_template_variable() {
    let doc = Doc::parse();
    assert!(!doc.globals.is_empty() && !doc.templates.is_empty() && !doc.shapes.is_empty());
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write_fixture(tmp.path());
    let opts = LoadOptions {
        today: "2026-11-29".parse().ok(),
        ..LoadOptions::new(&ShortcodeViews)
    };
    let site = Site::load(tmp.path(), &opts).unwrap_or_else(|e| panic!("{e:?}"));
    let mut templates = Templates::load(Some(tmp.path())).unwrap_or_else(|e| panic!("{e}"));
    crate::prepare(&mut templates, &site);
    let (observed, config) = observe(&site, &templates);

    let mut checker = Checker {
        doc: &doc,
        seen: HashSet::new(),
        problems: Vec::new(),
    };
    let globals: Vec<&Field> = doc.globals.iter().collect();
    let mut config_map = tera::Map::default();
    config_map.insert(tera::value::Key::Str("config"), config);
    checker.check_fields(&config_map, &globals, "every template: ");
    let mut rendered: BTreeMap<&str, usize> = BTreeMap::new();
    for (template, value) in &observed {
        let Some((names, fields)) = doc.templates.iter().find(|(n, _)| n.contains(template)) else {
            checker.problems.push(format!(
                "`{template}` gets a context but {PAGE} does not list it"
            ));
            continue;
        };
        *rendered.entry(names[0].as_str()).or_default() += 1;
        let fields: Vec<&Field> = fields.iter().collect();
        match value.as_map() {
            Some(map) => {
                // a context in another language than the default carries `config` in that
                // language: the global's shape, documented once under "Every template"
                let mut rest = tera::Map::default();
                for (k, v) in map {
                    if matches!(k, tera::value::Key::Str("config")) {
                        let mut own = tera::Map::default();
                        own.insert(k.clone(), v.clone());
                        let at = format!("{template} (in a language): ");
                        checker.check_fields(&own, &globals, &at);
                    } else {
                        rest.insert(k.clone(), v.clone());
                    }
                }
                checker.check_fields(&rest, &fields, &format!("{template}: "));
            }
            None => checker
                .problems
                .push(format!("`{template}`'s context is not a map")),
        }
    }
    for (names, _) in &doc.templates {
        if !rendered.contains_key(names[0].as_str()) {
            checker.problems.push(format!(
                "{PAGE} documents `{}`, but the fixture site never renders it",
                names[0]
            ));
        }
    }
    for (id, place) in doc.places.iter().enumerate() {
        if !checker.seen.contains(&id) {
            checker.problems.push(format!(
                "`{place}` never had a value in the fixture site: give the fixture one, or remove it from {PAGE}"
            ));
        }
    }
    // one line per problem, however many contexts show it
    let mut once = HashSet::new();
    checker.problems.retain(|p| once.insert(p.clone()));
    assert!(
        checker.problems.is_empty(),
        "{PAGE} and the view structs (crates/render/src/view/) disagree:\n- {}",
        checker.problems.join("\n- ")
    );
}
