//! `deload serve`: the live preview. The work is in `deload_serve`; this prints what happens.

use std::io::Write;

use deload_engine::Severity;
use deload_engine::text::s;
use deload_serve::http::Limits;
use deload_serve::{self as serve, Event, ServeOptions};

use super::{Verbosity, count, fail, print_diagnostics};
use crate::cli::ServeArgs;

/// Runs `deload serve` until interrupted.
pub(crate) fn serve(args: &ServeArgs, v: Verbosity) -> i32 {
    let opts = ServeOptions {
        root: args.root.clone(),
        bind: args.bind.clone(),
        allow_hosts: args.allow_hosts.clone(),
        limits: limits(args),
        port: args.port,
        drafts: args.drafts,
        future: args.future,
        expired: args.expired,
        verify: std::env::var_os("DELOAD_SERVE_VERIFY").is_some(),
    };
    let open = args.open;
    let mut report = |event: Event<'_>| {
        match event {
            Event::Listening { url, exposed } => {
                if exposed {
                    tell!(
                        "warning: listening on {}: anyone who can reach this machine can read the preview",
                        args.bind
                    );
                }
                // always printed: tests and scripts read the URL from here
                say!("Serving {} at {url} (Ctrl+C to stop)", args.root.display());
                if open {
                    open_browser(url);
                }
            }
            Event::Built(r) => {
                if v != Verbosity::Quiet {
                    say!(
                        "Rebuilt in {} ms: {} changed → {}; {} file{} updated, {} removed (served after {} ms)",
                        r.elapsed.as_millis(),
                        r.changed,
                        r.rebuilt,
                        r.updated,
                        s(count(r.updated)),
                        r.removed,
                        r.served_after.as_millis()
                    );
                }
            }
            Event::Failed {
                changed,
                errors,
                elapsed,
            } => {
                print_diagnostics(errors, Severity::Error);
                let first = errors
                    .first()
                    .and_then(deload_engine::Error::position)
                    .unwrap_or_default();
                say!(
                    "Build failed in {} ms: {changed} changed → {} error{} (first at {first}); still serving the last good build",
                    elapsed.as_millis(),
                    errors.len(),
                    s(count(errors.len())),
                );
            }
            Event::Warnings(w) => {
                if v != Verbosity::Quiet {
                    print_diagnostics(w, Severity::Warning);
                }
            }
            Event::Mismatch(m) => {
                say!("Incremental mismatch: {}", m.join(", "));
            }
            Event::WatchError(e) => tell!("warning: file watching: {e}"),
        }
        let _ = std::io::stdout().flush();
    };
    match serve::serve(&opts, &mut report) {
        Ok(()) => 0,
        Err(e) => fail(&[e], "serve"),
    }
}

/// The server's limits: the defaults, with what the hidden test flags lower.
fn limits(args: &ServeArgs) -> Limits {
    let mut l = Limits::default();
    let ms = std::time::Duration::from_millis;
    // clap bounds them (1 to 100,000), so they fit any usize
    if let Some(n) = args.max_connections {
        l.max_connections = usize::try_from(n).unwrap_or(usize::MAX);
    }
    if let Some(n) = args.max_streams {
        l.max_streams = usize::try_from(n).unwrap_or(usize::MAX);
    }
    if let Some(t) = args.header_timeout_ms {
        l.header_timeout = ms(t);
    }
    if let Some(t) = args.idle_timeout_ms {
        l.idle_timeout = ms(t);
        l.keepalive = ms(t / 3);
    }
    l
}

fn open_browser(url: &str) {
    let spawned = std::process::Command::new("xdg-open")
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        tell!("warning: cannot open a browser (xdg-open not found); open {url} yourself");
    }
}
