//! The values of the plan shortcodes (shortcodes/plan_week.html, shortcodes/program_card.html):
//! a planned week and a program's card, built from the engine's plans like the printed plan's
//! and the Programs section's values (no engine type reaches a template).
//!
//! Their links are root-relative (`/guidance/sleep/`, `/programs/NAME/`): the page that embeds
//! them checks each one and puts the base URL's path in front, like a Markdown link.
//!
//! The shortcodes render while Markdown is rendered, below this module: they ask for these
//! values through `shortcodes::Views`, which [`ShortcodeViews`] implements.

use serde::Serialize;
use tera::{Context, Value};

use super::config_view_plain;
use deload_engine::plan::{Schedule, Week};
use deload_engine::programs::Program;
use deload_sheet::view::{Shared, WeekView, plan_header};
use deload_site::config::Config;
use deload_site::lookups::Lookups;
use deload_site::shortcodes::Views;
use deload_site::site::{Site, SiteViews};
use deload_site::templates::to_context;

/// The variables of `shortcodes/plan_week.html`: one planned week of a program.
#[derive(Debug, Serialize)]
pub(crate) struct PlanWeekContext<'a> {
    /// The plan, without its weeks (the printed plan's `plan`).
    plan: Value,
    /// The week (the printed plan's `week`; rest-day links are root-relative).
    week: WeekView<'a>,
    /// The program's page in the Programs section (root-relative), when it has one.
    program_url: Option<String>,
}

impl<'a> PlanWeekContext<'a> {
    /// Week `week` of `schedule`.
    pub(crate) fn new(schedule: &'a Schedule, week: &'a Week, program_url: Option<String>) -> Self {
        PlanWeekContext {
            plan: plan_header(schedule),
            week: WeekView::new(week, &Shared::for_week(schedule, week, "")),
            program_url,
        }
    }
}

/// A program's block, on its card.
#[derive(Debug, Serialize)]
struct CardBlock<'a> {
    /// Name.
    name: &'a str,
    /// Loading weeks.
    weeks: u32,
    /// Focus.
    focus: &'a str,
}

/// How a program is planned for one training history, on its card.
#[derive(Debug, Serialize)]
struct CardLevel<'a> {
    /// `novice`, `intermediate` or `advanced`.
    level: &'static str,
    /// A deload every this many weeks.
    deload_every: u32,
    /// Why.
    cadence_reason: &'a str,
    /// Weeks in one pass through the program at this level.
    weeks: usize,
}

/// `program` of `shortcodes/program_card.html`.
#[derive(Debug, Serialize)]
struct ProgramCard<'a> {
    /// Name.
    name: &'a str,
    /// Description.
    description: &'a str,
    /// Who it suits.
    suits: Option<&'a str>,
    /// Author.
    author: Option<&'a str>,
    /// `kg` or `lb`.
    units: &'static str,
    /// Sessions a week.
    sessions_per_week: u32,
    /// The blocks, in order.
    blocks: Vec<CardBlock<'a>>,
    /// The plan for each training history.
    levels: Vec<CardLevel<'a>>,
}

/// The variables of `shortcodes/program_card.html`.
#[derive(Debug, Serialize)]
pub(crate) struct ProgramCardContext<'a> {
    /// The program.
    program: ProgramCard<'a>,
    /// Its page in the Programs section (root-relative), when it has one.
    program_url: Option<String>,
}

impl<'a> ProgramCardContext<'a> {
    /// The card of `program`, planned for each training history in `plans`.
    pub(crate) fn new(
        program: &'a Program,
        plans: &'a [Schedule],
        program_url: Option<String>,
    ) -> Self {
        ProgramCardContext {
            program: ProgramCard {
                name: &program.name,
                description: &program.description,
                suits: program.suits.as_deref(),
                author: program.author.as_deref(),
                units: program.units.as_str(),
                sessions_per_week: program.sessions_per_week,
                blocks: (program.blocks.iter())
                    .map(|b| CardBlock {
                        name: &b.name,
                        weeks: b.weeks,
                        focus: &b.focus,
                    })
                    .collect(),
                levels: (plans.iter())
                    .map(|s| CardLevel {
                        level: s.level.as_str(),
                        deload_every: s.deload_every,
                        cadence_reason: &s.cadence_reason,
                        weeks: s.weeks.len(),
                    })
                    .collect(),
            },
            program_url,
        }
    }
}

/// The shortcodes' values (`config`, `plan_week`, `program_card`) as the view structs of this
/// folder; the site's loader hands it to the shortcodes.
#[derive(Debug)]
pub struct ShortcodeViews;

impl Views for ShortcodeViews {
    fn config(&self, config: &Config) -> Value {
        Value::from_serializable(&config_view_plain(config))
    }

    fn plan_week(
        &self,
        schedule: &Schedule,
        week: &Week,
        program_url: Option<String>,
    ) -> Result<Context, String> {
        to_context(&PlanWeekContext::new(schedule, week, program_url)).map_err(|e| e.to_string())
    }

    fn program_card(
        &self,
        program: &Program,
        plans: &[Schedule],
        program_url: Option<String>,
    ) -> Result<Context, String> {
        to_context(&ProgramCardContext::new(program, plans, program_url)).map_err(|e| e.to_string())
    }
}

impl SiteViews for ShortcodeViews {
    fn lookups(&self, site: &Site, uses: &dyn Fn(&str) -> bool) -> Lookups {
        super::lookups(site, &super::Summaries::unrendered(site), uses)
    }
}
