//! Command-line arguments (clap derive). Parsing only; the work is in `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// deload: recovery guidance sites and periodised training plans with rest days and deloads.
#[derive(Debug, Parser)]
#[command(name = "deload", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
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
pub enum Command {
    /// Build the site (content/, templates/, programs/, static/) into a folder.
    Build(BuildArgs),
    /// Check everything `build` checks, writing nothing.
    Check(CheckArgs),
    /// Create a new site that builds at once.
    Init(InitArgs),
}

/// `deload build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (replaced atomically; only a folder deload created is replaced).
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Use this base URL instead of site.yaml's `base_url`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `deload check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
}

/// `deload init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (must not exist or be empty).
    pub dir: PathBuf,
}
