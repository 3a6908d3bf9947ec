//! The Host check: the preview answers only requests addressed to it by a loopback name, the
//! address it is bound to, or a name allowed with `--allow-host`. A page on another site that
//! makes its own name resolve to 127.0.0.1 (DNS rebinding) sends its own name, and is refused,
//! so it cannot read the preview (drafts included).

use std::net::IpAddr;

/// Which Host values are answered.
#[derive(Debug, Clone)]
pub(crate) struct HostCheck {
    bound: IpAddr,
    /// Names allowed besides the loopback ones, lower case; `.example.org` allows its
    /// subdomains too.
    names: Vec<String>,
}

impl HostCheck {
    /// The check for a server bound to `bound` (asked for as `bind`, an address or a name) that
    /// also allows the names in `allowed`.
    pub(crate) fn new(bound: IpAddr, bind: &str, allowed: &[String]) -> HostCheck {
        let mut names: Vec<String> = allowed.iter().map(|n| normalize(n)).collect();
        if bind.parse::<IpAddr>().is_err() {
            names.push(normalize(bind));
        }
        names.retain(|n| !n.is_empty() && n != ".");
        HostCheck { bound, names }
    }

    /// Whether a request with this Host value (or the authority of an absolute request target)
    /// is answered. `None` (no Host header, as HTTP/1.0 allows) is: a browser always sends one.
    pub(crate) fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            return true;
        };
        let Some(name) = host_name(host) else {
            return false;
        };
        if let Ok(ip) = name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            // An address cannot be rebound; when listening on every interface, any address of
            // this machine may be the one the browser used.
            return ip.to_canonical().is_loopback()
                || ip == self.bound
                || self.bound.is_unspecified();
        }
        let name = normalize(&name);
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        self.names
            .iter()
            .any(|allowed| match allowed.strip_prefix('.') {
                Some(domain) => name == domain || name.ends_with(allowed.as_str()),
                None => name == *allowed,
            })
    }
}

/// Lower case, without a trailing dot.
fn normalize(name: &str) -> String {
    let n = name.trim().to_ascii_lowercase();
    match n.strip_suffix('.') {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => n,
    }
}

/// The host of a Host value, without its port (`[::1]:8080` → `[::1]`); `None` if malformed.
fn host_name(value: &str) -> Option<String> {
    let value = value.trim();
    let host = if value.starts_with('[') {
        let end = value.find(']')?;
        let rest = &value[end + 1..];
        if !(rest.is_empty() || port(rest.strip_prefix(':')?)) {
            return None;
        }
        &value[..=end]
    } else {
        match value.rsplit_once(':') {
            Some((h, p)) if port(p) => h,
            Some(_) => return None,
            None => value,
        }
    };
    let ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._[]:".contains(&b));
    ok.then(|| host.to_string())
}

fn port(p: &str) -> bool {
    !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bind: &str, allowed: &[&str]) -> HostCheck {
        let bound = bind.parse().unwrap_or(IpAddr::from([127, 0, 0, 1]));
        let allowed: Vec<String> = allowed
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        HostCheck::new(bound, bind, &allowed)
    }

    #[test]
    fn loopback_names_and_the_bound_address_are_answered() {
        let c = check("127.0.0.1", &[]);
        for ok in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST:1111",
            "localhost.:1111",
            "app.localhost:1111",
            "[::1]:1111",
            "[::1]",
            "127.0.0.2",
            "[::ffff:127.0.0.1]:80",
        ] {
            assert!(c.allows(Some(ok)), "{ok}");
        }
        assert!(c.allows(None));
    }

    #[test]
    fn other_names_are_refused() {
        let c = check("127.0.0.1", &[]);
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "10.0.0.5",
            "",
            ":1111",
            "localhost:",
            "localhost:abc",
            "[::1",
            "[::1]x",
            "local host",
            "127.0.0.1:1111:1",
            "evil.example/",
        ] {
            assert!(!c.allows(Some(bad)), "{bad}");
        }
    }

    #[test]
    fn allowed_names_and_the_bind_name() {
        let c = check("127.0.0.1", &["Preview.Test", ".tunnel.example"]);
        assert!(c.allows(Some("preview.test:1111")));
        assert!(c.allows(Some("abc.tunnel.example")));
        assert!(c.allows(Some("tunnel.example")));
        assert!(!c.allows(Some("eviltunnel.example")));
        assert!(!c.allows(Some("other.test")));
        let named = check("myhost.lan", &[]);
        assert!(named.allows(Some("myhost.lan:1111")));
    }

    #[test]
    fn every_address_when_listening_on_every_interface() {
        let c = check("0.0.0.0", &[]);
        assert!(c.allows(Some("192.168.1.20:1111")));
        assert!(!c.allows(Some("evil.example")));
        let lan = check("192.168.1.20", &[]);
        assert!(lan.allows(Some("192.168.1.20:1111")));
        assert!(!lan.allows(Some("192.168.1.21")));
    }
}
