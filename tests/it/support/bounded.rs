//! Running `deload` as an attack's victim: under a memory limit and a deadline, so a test of a
//! hostile input can neither take the machine's memory nor hang the suite.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// What a bounded run returned: the output, or `None` when the deadline passed (the child was
/// killed).
pub(crate) struct Bounded {
    /// The child's output, if it ended in time.
    pub output: Option<Output>,
    /// How long it ran.
    pub elapsed: Duration,
}

impl Bounded {
    /// The output of a run that must have ended in time.
    pub(crate) fn ended(self, what: &str) -> Output {
        match self.output {
            Some(o) => o,
            None => panic!("{what}: still running after {:?}, killed", self.elapsed),
        }
    }
}

/// Runs `deload ARGS` in `dir` with at most `memory` bytes of address space (`prlimit --as`)
/// and kills it after `deadline`. Standard output and error are read as it runs.
pub(crate) fn deload_bounded(
    dir: &Path,
    args: &[&str],
    memory: u64,
    deadline: Duration,
) -> Bounded {
    let mut child = Command::new("prlimit")
        .arg(format!("--as={memory}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_deload"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // no browser: Chromium cannot start within a bound of address space this small (it
        // reserves gigabytes), so `--format all` writes every format but the PDF
        .env("DELOAD_CHROMIUM", dir.join("no-browser-within-the-bound"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs deload");
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for deload") {
            break Some(s);
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let (stdout, stderr) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    Bounded {
        output: status.map(|status| Output {
            status,
            stdout,
            stderr,
        }),
        elapsed,
    }
}

/// One GiB: the memory every attack test gives deload (a normal build of a test site takes a
/// few tens of MiB of address space beyond the binary's own mappings).
pub(crate) const GIB: u64 = 1 << 30;
