//! Command-line arguments (clap derive). Parsing only; the work is in `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// deload: recovery guidance sites and periodised training plans with rest days and deloads.
#[derive(Debug, Parser)]
#[command(name = "deload", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (timings, every warning).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site (content/, templates/, programs/, static/) into a folder.
    Build(BuildArgs),
    /// Check everything `build` checks, writing nothing.
    Check(CheckArgs),
    /// Create a new site that builds at once.
    Init(InitArgs),
    /// Turn a program or athlete file into a dated plan with rest days and deload weeks.
    Plan(PlanArgs),
    /// Read a training log (Strong, Hevy or FitNotes CSV) and report the history it shows.
    History(HistoryArgs),
    /// Re-plan an athlete's remaining weeks from their training log, with a progress report.
    Replan(ReplanArgs),
    /// Build the site into memory, serve it, and rebuild and reload the browser on every save.
    Serve(ServeArgs),
    /// Make a deload site of a Hugo, Jekyll or Zola site (the source is only read).
    Import(ImportArgs),
}

/// The generator `deload import` reads.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum FromArg {
    /// Hugo: hugo.toml or config.*, content/, static/, data/.
    Hugo,
    /// Jekyll: _config.yml, _posts/, _pages/ and root pages, assets/, _data/.
    Jekyll,
    /// Zola: config.toml, content/, static/.
    Zola,
}

/// `deload import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The generator the site was made with.
    #[arg(long, value_enum)]
    pub from: FromArg,
    /// The site's folder.
    pub src: PathBuf,
    /// The folder to write the deload site into (must not exist or be empty).
    pub dest: PathBuf,
    /// Print the report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `deload serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address or host name to listen on (`127.0.0.1`, `localhost`, `::1`); anything but
    /// loopback exposes the preview to the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: String,
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Also answer requests for this host name (a tunnel's, or this machine's name on the
    /// network); `.example.org` allows its subdomains too. Loopback names (localhost,
    /// 127.0.0.1, ::1) and the address listened on are always answered; other names are
    /// refused, so a web page cannot read the preview through DNS rebinding. Repeatable.
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allow_hosts: Vec<String>,
    /// Open the site in the browser (xdg-open).
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages dated after today (site.yaml `build.future: true` also does).
    #[arg(long)]
    pub future: bool,
    /// Include pages whose `expiry_date` has passed (site.yaml `build.expired: true` also does).
    #[arg(long)]
    pub expired: bool,
    /// Open connections at most (tests lower it).
    #[arg(long, hide = true, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100000))]
    pub max_connections: Option<u64>,
    /// Live-reload streams at most (tests lower it).
    #[arg(long, hide = true, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100000))]
    pub max_streams: Option<u64>,
    /// Milliseconds to receive a request head (tests lower it).
    #[arg(long, hide = true, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..=3600000))]
    pub header_timeout_ms: Option<u64>,
    /// Milliseconds without a byte moving before a connection is closed (tests lower it).
    #[arg(long, hide = true, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..=3600000))]
    pub idle_timeout_ms: Option<u64>,
}

/// `deload build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (replaced atomically; only a folder deload created is replaced);
    /// default: `public` in the site's folder (`--root`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages dated after today (site.yaml `build.future: true` also does).
    #[arg(long)]
    pub future: bool,
    /// Include pages whose `expiry_date` has passed (site.yaml `build.expired: true` also does).
    #[arg(long)]
    pub expired: bool,
    /// Use this base URL instead of site.yaml's `base_url`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Write the site's links, stylesheet and scripts in every HTML page relative to the page
    /// (links to folders end in index.html), to view the output from disk or any static server;
    /// feeds and the sitemap keep absolute URLs.
    #[arg(long)]
    pub relative_urls: bool,
    /// Build even when nothing changed since the last build into the same folder (without it,
    /// such a build only checks that and says the output is up to date).
    #[arg(long)]
    pub force: bool,
    /// Unknown front-matter keys are errors (as `strict: true` in site.yaml), not warnings.
    #[arg(long)]
    pub strict: bool,
}

/// `deload check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// Unknown front-matter keys are errors (as `strict: true` in site.yaml), not warnings.
    #[arg(long)]
    pub strict: bool,
    /// Check pages dated after today (site.yaml `build.future: true` also does).
    #[arg(long)]
    pub future: bool,
    /// Check pages whose `expiry_date` has passed (site.yaml `build.expired: true` also does).
    #[arg(long)]
    pub expired: bool,
    /// Also request every link to another site (http, https) and report the broken ones.
    #[arg(long)]
    pub external: bool,
    /// Seconds each external link may take (with --external; 0.1 to 600).
    #[arg(
        long,
        default_value = "10",
        value_name = "SECONDS",
        requires = "external",
        value_parser = seconds_within::<600>
    )]
    pub timeout: std::time::Duration,
    /// Seconds the whole external check may take; links not checked by then are reported as not
    /// checked (with --external; 0.1 to 3600).
    #[arg(
        long,
        default_value = "120",
        value_name = "SECONDS",
        requires = "external",
        value_parser = seconds_within::<3600>
    )]
    pub deadline: std::time::Duration,
    /// External requests at once to one host (with --external; 1 to 64).
    #[arg(long, default_value_t = 2, value_name = "N", requires = "external",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub per_host: u16,
}

/// `deload init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create (must not exist or be empty).
    pub dir: PathBuf,
}

/// Training history level, as given on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum LevelArg {
    /// Under 6 months of consistent training.
    Novice,
    /// 6 months to under 2 years.
    Intermediate,
    /// 2 years or more.
    Advanced,
}

/// A format a plan is written in: one value of `--format` for `deload plan` and `deload replan`
/// (which writes the weeks still to come in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// One self-contained printable HTML file.
    Html,
    /// Markdown tables.
    Md,
    /// The whole schedule as JSON.
    Json,
    /// One row per prescription.
    Csv,
    /// iCalendar events for a calendar app.
    Ics,
    /// The periodisation chart as SVG (weekly sets, intensity, deloads, sets per muscle group).
    Svg,
    /// The printable plan as PDF, printed by a headless Chromium (DELOAD_CHROMIUM, or chromium,
    /// chromium-browser or google-chrome on PATH).
    Pdf,
}

impl Format {
    /// Every format, in the order `--format all` writes them.
    pub(crate) const ALL: [Format; 7] = [
        Format::Html,
        Format::Md,
        Format::Json,
        Format::Csv,
        Format::Ics,
        Format::Svg,
        Format::Pdf,
    ];

    /// The file extension.
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Ics => "ics",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
        }
    }
}

/// Output format of `deload plan`: one [`Format`], or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatArg {
    /// One format.
    One(Format),
    /// All of them, into a folder.
    All,
}

impl FormatArg {
    /// The formats it names.
    pub(crate) fn formats(self) -> Vec<Format> {
        match self {
            FormatArg::One(f) => vec![f],
            FormatArg::All => Format::ALL.to_vec(),
        }
    }
}

impl clap::ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        use Format::{Csv, Html, Ics, Json, Md, Pdf, Svg};
        use FormatArg::{All, One};
        &[
            One(Html),
            One(Md),
            One(Json),
            One(Csv),
            One(Ics),
            One(Svg),
            One(Pdf),
            All,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        match self {
            FormatArg::One(f) => f.to_possible_value(),
            FormatArg::All => Some(clap::builder::PossibleValue::new("all").help(
                "All of them, as FILE-STEM.{html,md,json,csv,ics,svg,pdf} in the folder given with -o \
                 (the PDF when a browser is found)",
            )),
        }
    }
}

/// Output of `deload replan`: the weeks still to come in one [`Format`], the progress report, or
/// all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReplanFormat {
    /// The weeks still to come in one format.
    Plan(Format),
    /// The progress report and what changed, as HTML with SVG charts.
    Report,
    /// The progress report and what changed, as JSON.
    ReportJson,
    /// Every plan format and both reports, into a folder.
    All,
}

impl clap::ValueEnum for ReplanFormat {
    fn value_variants<'a>() -> &'a [Self] {
        use Format::{Csv, Html, Ics, Json, Md, Pdf, Svg};
        use ReplanFormat::{All, Plan, Report, ReportJson};
        &[
            Plan(Html),
            Plan(Md),
            Plan(Json),
            Plan(Csv),
            Plan(Ics),
            Plan(Svg),
            Plan(Pdf),
            Report,
            ReportJson,
            All,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        match self {
            ReplanFormat::Plan(f) => f.to_possible_value(),
            ReplanFormat::Report => Some(
                PossibleValue::new("report")
                    .help("The progress report and what changed, as HTML with SVG charts"),
            ),
            ReplanFormat::ReportJson => Some(
                PossibleValue::new("report-json")
                    .help("The progress report and what changed, as JSON"),
            ),
            ReplanFormat::All => Some(PossibleValue::new("all").help(
                "All of them, as FILE-STEM.{html,md,json,csv,ics,svg,pdf} and \
                 FILE-STEM-report.{html,json} in the folder given with -o (the PDF when a browser \
                 is found)",
            )),
        }
    }
}

/// `deload replan`.
#[derive(Debug, Args)]
pub(crate) struct ReplanArgs {
    /// The athlete file (`programs/athletes/*.yaml`) whose plan the log follows.
    pub file: PathBuf,
    /// The training log: a CSV export of Strong, Hevy or FitNotes.
    #[arg(long, value_name = "LOG.csv")]
    pub log: PathBuf,
    /// The day of the re-plan, YYYY-MM-DD (default: today). Weeks after it are re-planned.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// The plan's first day, YYYY-MM-DD (default: the athlete file's `start`).
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Output format: one of `plan`'s for the weeks still to come (unchanged sessions keep
    /// their calendar UIDs), or the report.
    #[arg(long, value_enum, default_value = "report")]
    pub format: ReplanFormat,
    /// Write to this file (a folder for `--format all`) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Also add rest days as all-day events (ICS).
    #[arg(long)]
    pub rest_events: bool,
    /// Site root: its templates and site.yaml style the HTML.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The site's URL, under which the printed plan links to the guidance pages (instead of
    /// site.yaml's `base_url`); without one, the links are printed as paths, not clickable.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Paper size of a PDF.
    #[arg(long, value_enum, default_value = "letter")]
    pub paper: PaperArg,
    /// The language of the re-planned plan: en, de, es or fr (or one the site has strings
    /// for); overrides the athlete file's `language:` (default: the site's default language).
    /// The progress report stays in English.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Units of the log's weights when it has no unit column (Strong).
    #[arg(long, value_enum, value_name = "UNITS")]
    pub log_units: Option<UnitsArg>,
    /// Skip rows of the log that do not parse (each one a warning) instead of failing.
    #[arg(long)]
    pub skip_bad_rows: bool,
}

/// Paper size of a PDF.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum PaperArg {
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

/// `deload plan`.
#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// A program file (`programs/*.yaml`) or an athlete file (`programs/athletes/*.yaml`);
    /// several files or a folder of them (a roster) write one file per plan and format into the
    /// `-o` folder, with an index.html listing them.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Training history level (overrides the file).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub history: Option<LevelArg>,
    /// Years of consistent training (overrides the file's level and years).
    #[arg(long, value_name = "YEARS")]
    pub training_years: Option<f64>,
    /// Weeks trained since the last deload (brings the first deload forward).
    #[arg(long, value_name = "W")]
    pub weeks_since_deload: Option<u32>,
    /// First day of the plan, YYYY-MM-DD (default: the athlete file's, else the next Monday).
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Number of weeks (default: one pass through the program's blocks plus its deloads).
    #[arg(long, value_name = "N")]
    pub weeks: Option<u32>,
    /// Warm-up sets with the plates per side for the main barbell lifts (also the athlete
    /// file's `warmups: true`).
    #[arg(long)]
    pub warmups: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "html")]
    pub format: FormatArg,
    /// Write to this file (atomically) instead of standard output; with `--format all` or a
    /// roster, the folder to write the files into.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The site's URL, under which the printed plan links to the guidance pages (instead of
    /// site.yaml's `base_url`); without one, the links are printed as paths, not clickable.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Paper size of a PDF (the printed plan fits both).
    #[arg(long, value_enum, default_value = "letter")]
    pub paper: PaperArg,
    /// With `--format ics`: one event per rest day too, with its recovery guidance.
    #[arg(long)]
    pub rest_events: bool,
    /// The site whose templates and base URL the printable plan uses.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The language of the printed plan: en, de, es or fr (or one the site has strings for);
    /// overrides the athlete file's `language:` (default: the site's default language).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// A training log (Strong, Hevy or FitNotes CSV) to derive the history from (overrides the
    /// athlete file's `log:`).
    #[arg(long, value_name = "LOG.csv")]
    pub log: Option<PathBuf>,
    /// Units of a log's weights when the log has no unit column (Strong): kg or lb.
    #[arg(long, value_enum, value_name = "UNITS")]
    pub log_units: Option<UnitsArg>,
    /// Leave out log rows that do not parse (each reported, all counted) instead of failing.
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// The date to read the log as of, YYYY-MM-DD (default: today); also sets the default start.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

/// Weight units on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum UnitsArg {
    /// Kilograms.
    Kg,
    /// Pounds.
    Lb,
}

/// Output format of `deload history`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// A readable report.
    Text,
    /// Everything derived, as JSON.
    Json,
    /// The progress report: e1RM per main lift, hard sets per muscle group, sessions per week and
    /// the deloads, as HTML with SVG charts (the charts of `deload replan`).
    Html,
}

/// `deload history`.
#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// The log: a CSV export of Strong, Hevy or FitNotes (the format is read from the header).
    pub log: PathBuf,
    /// Units of the weights when the log has no unit column (Strong), and of the report.
    #[arg(long, value_enum, value_name = "UNITS")]
    pub units: Option<UnitsArg>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Also write the weekly-volume chart (deload weeks marked) to this SVG file.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// Leave out rows that do not parse (each reported, all counted) instead of failing.
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// The date to read the log as of, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// The language of the text report: en, de, es or fr (default: en).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
}

/// A number of seconds from 0.1 to `MAX`, as a duration: NaN, infinities, negatives and zero are
/// refused with a message that says what is allowed.
fn seconds_within<const MAX: u64>(text: &str) -> Result<std::time::Duration, String> {
    let s: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    #[allow(clippy::cast_precision_loss)]
    let max = MAX as f64;
    if !(0.1..=max).contains(&s) {
        return Err(format!("give between 0.1 and {MAX} seconds"));
    }
    Ok(std::time::Duration::from_secs_f64(s))
}
