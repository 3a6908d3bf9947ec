//! The guidance pages of the plans' topics, checked and put into the plans (see
//! `config::guidance`).

use std::collections::BTreeMap;

use deload_engine::error::{Error, Location};

use super::Site;
use crate::config::guidance;
use crate::links::Owner;
use crate::urls::{self, Kind, SitePath};

impl Site {
    /// Resolves every topic's page to a site path (with its anchor) when the site renders plans,
    /// and puts those paths into the plans; an error for each topic whose page does not exist.
    pub(super) fn check_guidance(&mut self) -> Result<(), Vec<Error>> {
        if self.catalog.is_none() {
            return Ok(());
        }
        let mut resolved = BTreeMap::new();
        let mut errors = Vec::new();
        for topic in guidance::all_topics() {
            let target = guidance::target(&self.config.guidance, topic).to_string();
            match self.guidance_path(&target) {
                Some(path) => {
                    resolved.insert(topic, path);
                }
                // an optional topic the site has no page for is left out, unless site.yaml maps it
                None if guidance::is_optional(topic)
                    && !self.config.guidance.contains_key(topic) => {}
                None => errors.push(self.missing_topic(topic, &target)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let link = |topic: &str| resolved.get(topic).cloned().unwrap_or_default();
        if let Some(catalog) = &mut self.catalog {
            for p in &mut catalog.programs {
                for (_, schedule) in &mut p.plans {
                    guidance::apply(schedule, &link);
                }
            }
        }
        self.guidance = resolved.clone();
        // an athlete's plan in another of the site's languages links to the guidance pages'
        // translations into it where the site has them
        let in_language: Vec<Option<BTreeMap<&'static str, String>>> = (self.catalog.iter())
            .flat_map(|c| &c.athletes)
            .map(|a| self.guidance_in(a.language.as_deref()))
            .collect();
        if let Some(catalog) = &mut self.catalog {
            for (a, translated) in catalog.athletes.iter_mut().zip(in_language) {
                let own = |topic: &str| {
                    (translated.as_ref())
                        .and_then(|t| t.get(topic).cloned())
                        .unwrap_or_else(|| link(topic))
                };
                guidance::apply(&mut a.schedule, &own);
            }
        }
        Ok(())
    }

    /// The topics' guidance pages ([`Site::guidance`]) whose translation into `lang`, one of
    /// the site's other languages, the site has: each topic's site path there, with the same
    /// heading when the translation has a heading of that id, else its top (a translation's
    /// headings have ids of their own words). None for the default language or a language the
    /// site does not have.
    pub fn guidance_in(&self, lang: Option<&str>) -> Option<BTreeMap<&'static str, String>> {
        let resolved = &self.guidance;
        let lang = lang.filter(|l| *l != self.config.default_lang())?;
        if !self.config.other_languages().contains(&lang) {
            return None;
        }
        let mut translated = BTreeMap::new();
        for (topic, link) in resolved {
            let (path, anchor) = match link.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (link.as_str(), None),
            };
            let file = match self.known.owner(path) {
                Some(Owner::Page(i)) => self.pages[*i].rel.clone(),
                Some(Owner::Section(i)) => self.sections[*i].content_rel(),
                _ => continue,
            };
            let Some(there) = self.content_path_in(&file, Some(lang)) else {
                continue;
            };
            if there == path {
                continue;
            }
            let anchors = (self.known.owner(there))
                .and_then(|o| self.heading_ids(o))
                .unwrap_or_default();
            let link = match anchor {
                Some(a) if anchors.iter().any(|x| x == a) => format!("{there}#{a}"),
                _ => there.to_string(),
            };
            translated.insert(*topic, link);
        }
        Some(translated)
    }

    /// The ids of the headings of the page or section that owns a site path (none for another
    /// kind of file).
    fn heading_ids(&self, owner: &Owner) -> Option<&[String]> {
        match owner {
            Owner::Page(i) => Some(&self.pages[*i].rendered.anchors),
            Owner::Section(i) => Some(&self.sections[*i].rendered.anchors),
            Owner::Other(_) => None,
        }
    }

    /// The site path (and anchor) of a guidance target (`@/file.md#a`, `/path/#a`), if the page
    /// and the heading exist; other URLs (another site's) as written.
    fn guidance_path(&self, target: &str) -> Option<String> {
        let split = SitePath::split(target);
        let (path, anchors): (String, &[String]) = match urls::kind(target) {
            Some(Kind::Content) => {
                let file = split.path.trim_start_matches("@/");
                let path = self.content_path(file)?.to_string();
                let anchors = self.heading_ids(self.known.owner(&path)?)?;
                (path, anchors)
            }
            Some(_) => {
                let owner = self.known.owner(&urls::percent_decode(split.path))?;
                let anchors = self.heading_ids(owner).unwrap_or_default();
                (split.path.to_string(), anchors)
            }
            None => return Some(target.to_string()),
        };
        match split.anchor {
            Some(a) if !anchors.iter().any(|x| x == a) => None,
            Some(a) => Some(format!("{path}#{a}")),
            None => Some(path),
        }
    }

    /// The error for `topic`, whose page `target` does not exist: at its line in site.yaml
    /// when set there, else at the programs that link to it.
    fn missing_topic(&self, topic: &str, target: &str) -> Error {
        let site_yaml = self.root.join(crate::config::CONFIG_FILE);
        let text = std::fs::read_to_string(&site_yaml).unwrap_or_default();
        let e = Error::new(format!(
            "plans link the guidance topic `{topic}` to {target}, and the site has no such page{}",
            if target.contains('#') { " or heading" } else { "" }
        ))
        .with_hint(format!(
            "add the page (content{}), or point the topic at another page in site.yaml: `guidance: {{{topic}: \"@/guidance/your-page.md\"}}`",
            target.split('#').next().unwrap_or(target).trim_end_matches('/').to_string() + ".md"
        ));
        if self.config.guidance.contains_key(topic) || text.contains("\nprograms:") {
            let at = if self.config.guidance.contains_key(topic) {
                guidance::locate(&text, topic)
            } else {
                let line = text
                    .lines()
                    .position(|l| l.starts_with("programs:"))
                    .map_or(1, |i| i + 1);
                Location { line, column: 1 }
            };
            return e.in_file(site_yaml).at(at, &text);
        }
        let program = self
            .catalog
            .as_ref()
            .and_then(|c| c.programs.first().map(|p| p.file.clone()));
        match program {
            Some(file) => e
                .in_file(file)
                .with_note("every program's plans link to it"),
            None => e,
        }
    }
}
