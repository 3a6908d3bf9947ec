//! A small client of Chromium's DevTools protocol over `--remote-debugging-pipe`: the browser
//! reads commands from its file descriptor 3 and writes answers and events to 4, each a JSON
//! message ending in a NUL byte. It opens one tab per document, waits for the page to load and
//! asks for the PDF (`Page.printToPDF`), which comes back in base64.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use super::Paper;
use deload_engine::error::Error;

/// A running browser and the two ends of its pipe.
pub(super) struct Browser {
    child: Child,
    to_browser: File,
    from_browser: BufReader<File>,
    next_id: u64,
}

/// A pipe: (read end, write end).
fn pipe() -> Result<(OwnedFd, OwnedFd), Error> {
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe2 to fill.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(Error::new(format!(
            "cannot open a pipe to the browser: {}",
            std::io::Error::last_os_error()
        )));
    }
    // SAFETY: pipe2 succeeded, so both are open descriptors that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// The error for a browser that stopped answering or answered nonsense.
fn broken(what: &str) -> Error {
    Error::new(format!("the browser stopped printing: {what}")).with_hint(
        "check that the browser runs (try `chromium --headless --version`), or set DELOAD_CHROMIUM to another one",
    )
}

impl Browser {
    /// Starts `browser` with `flags`, speaking the protocol over a pipe.
    pub(super) fn start(browser: &Path, flags: &[String]) -> Result<Browser, Error> {
        use std::os::fd::AsRawFd;
        let (cmd_read, cmd_write) = pipe()?;
        let (out_read, out_write) = pipe()?;
        let (child_in, child_out) = (cmd_read.as_raw_fd(), out_write.as_raw_fd());
        let mut command = Command::new(browser);
        command
            .args(flags)
            .arg("--remote-debugging-pipe")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: between fork and exec only fcntl and dup2 run, which are async-signal-safe;
        // the descriptors they copy stay open in the parent until the child has started. Both
        // ends are first copied above 10, so neither is overwritten by the other's dup2 (or left
        // close-on-exec when it is already 3 or 4).
        unsafe {
            command.pre_exec(move || {
                let input = libc::fcntl(child_in, libc::F_DUPFD, 10);
                let output = libc::fcntl(child_out, libc::F_DUPFD, 10);
                if input < 0 || output < 0 || libc::dup2(input, 3) < 0 || libc::dup2(output, 4) < 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .map_err(|e| Error::io(browser, "start the browser", &e))?;
        drop((cmd_read, out_write));
        Ok(Browser {
            child,
            to_browser: File::from(cmd_write),
            from_browser: BufReader::new(File::from(out_read)),
            next_id: 0,
        })
    }

    /// Sends `method` with `params` (to the tab `session`, if given) and returns its result,
    /// passing over the events that come before it.
    fn call(&mut self, method: &str, params: Value, session: Option<&str>) -> Result<Value, Error> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = msg.to_string().into_bytes();
        bytes.push(0);
        self.to_browser
            .write_all(&bytes)
            .map_err(|e| broken(&format!("cannot send {method}: {e}")))?;
        loop {
            let m = self.read()?;
            if m.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(err) = m.get("error") {
                    return Err(broken(&format!("{method} failed: {err}")));
                }
                return Ok(m.get("result").cloned().unwrap_or(Value::Null));
            }
        }
    }

    /// The next message from the browser.
    fn read(&mut self) -> Result<Value, Error> {
        let mut buf = Vec::new();
        let n = self
            .from_browser
            .read_until(0, &mut buf)
            .map_err(|e| broken(&e.to_string()))?;
        if n == 0 || buf.last() != Some(&0) {
            return Err(broken("it closed the connection"));
        }
        buf.pop();
        serde_json::from_slice(&buf).map_err(|e| broken(&format!("unreadable message: {e}")))
    }

    /// Waits for the event `method` of the tab `session`.
    fn wait_for(&mut self, method: &str, session: &str) -> Result<(), Error> {
        loop {
            let m = self.read()?;
            let same_tab = m.get("sessionId").and_then(Value::as_str) == Some(session);
            if same_tab && m.get("method").and_then(Value::as_str) == Some(method) {
                return Ok(());
            }
        }
    }

    /// Loads `url` in a new tab and prints it on `paper`; returns the PDF.
    pub(super) fn print(&mut self, url: &str, paper: Paper) -> Result<Vec<u8>, Error> {
        let target = self.call("Target.createTarget", json!({ "url": "about:blank" }), None)?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attach = json!({ "targetId": target_id, "flatten": true });
        let attached = self.call("Target.attachToTarget", attach, None)?;
        let session = attached["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        self.call("Page.enable", json!({}), Some(&session))?;
        self.call("Page.navigate", json!({ "url": url }), Some(&session))?;
        self.wait_for("Page.loadEventFired", &session)?;
        let (width, height) = paper.inches();
        let params = json!({
            "printBackground": true,
            "preferCSSPageSize": true,
            "displayHeaderFooter": false,
            "generateTaggedPDF": true,
            "paperWidth": width,
            "paperHeight": height,
        });
        let printed = self.call("Page.printToPDF", params, Some(&session))?;
        let data = printed["data"].as_str().unwrap_or_default();
        let pdf = base64_decode(data).ok_or_else(|| broken("the PDF came back garbled"))?;
        self.call("Target.closeTarget", json!({ "targetId": target_id }), None)?;
        Ok(pdf)
    }

    /// Closes the browser and waits for it to exit.
    pub(super) fn close(mut self) {
        // the browser may already be gone; either way it is waited for below
        let _ = self.call("Browser.close", json!({}), None);
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            std::thread::sleep(std::time::Duration::from_millis(50));
            if !matches!(self.child.try_wait(), Ok(Some(_))) {
                let _ = self.child.kill();
            }
        }
        let _ = self.child.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // a browser left behind by an error is stopped (after `close`, it has exited already)
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Decodes standard base64 (with padding); `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        Some(u32::from(v))
    }
    let bytes = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let keep = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return None,
        };
        out.extend_from_slice(&n.to_be_bytes()[1..1 + keep]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn base64_round_trips_the_three_tails() {
        assert_eq!(base64_decode("TWFu").as_deref(), Some(&b"Man"[..]));
        assert_eq!(base64_decode("TWE=").as_deref(), Some(&b"Ma"[..]));
        assert_eq!(base64_decode("TQ==").as_deref(), Some(&b"M"[..]));
        assert_eq!(
            base64_decode("JVBERi0xLjQK").as_deref(),
            Some(&b"%PDF-1.4\n"[..])
        );
        assert_eq!(base64_decode("T!=="), None);
        assert_eq!(base64_decode("T"), None);
    }
}
