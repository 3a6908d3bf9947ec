//! The Planner's service worker (`deload-offline.js` at the site's root, so its scope covers the
//! whole site): once the Planner page has been visited, the page, its script, its module and
//! the guidance pages its printed sheet links to are kept in the browser's cache, and every page
//! the reader opens after is kept too; when the network fails, the cached copy is served. Online,
//! the network always wins (a page is never stale while the site can be reached).

use std::fmt::Write;

use deload_site::config::{Config, guidance};

/// The worker's script for `config`'s site: the files it keeps from the start, relative to the
/// site's root, and a cache name that changes with them and with the Planner's files (so a new
/// build replaces the old copies).
pub(crate) fn worker_script(config: &Config) -> String {
    let mut keep: Vec<String> = vec![
        deload_site::planner::PATH
            .trim_start_matches('/')
            .to_string(),
        "style.css".to_string(),
    ];
    for name in ["planner.js", "planner.wasm"] {
        keep.push(format!(
            "{}{name}",
            deload_site::planner::PATH.trim_start_matches('/')
        ));
    }
    for (topic, _) in guidance::TOPICS {
        let target = guidance::target(&config.guidance, topic);
        let path = guidance::plain_path(target, config.slugify.paths);
        let path = path.split('#').next().unwrap_or("");
        if path.starts_with('/') && !keep.iter().any(|k| *k == path[1..]) {
            keep.push(path[1..].to_string());
        }
    }
    let mut hash = Fnv::default();
    hash.add(deload_site::planner::MODULE);
    hash.add(deload_site::planner::SCRIPT.as_bytes());
    for k in &keep {
        hash.add(k.as_bytes());
    }
    let list: Vec<String> = keep
        .iter()
        .map(|k| serde_json::Value::String(k.clone()).to_string())
        .collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "// deload's offline copy of the Planner and the guidance pages its plans link to.\n\
         'use strict';\nvar CACHE = 'deload-offline-{:016x}';\nvar KEEP = [{}];\n",
        hash.0,
        list.join(", ")
    );
    out.push_str(WORKER_BODY);
    out
}

/// FNV-1a, 64 bits: a cache name that changes with what the worker keeps.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The worker's events: keep the list on install, drop older caches on activate, and answer
/// every GET of the site from the network, else from the cache.
const WORKER_BODY: &str = r#"var ROOT = new URL('./', self.location.href).href;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(KEEP.map(function (path) {
      return cache.add(new Request(ROOT + path, { cache: 'reload' })).catch(function () {});
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf('deload-offline-') === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || request.url.indexOf(ROOT) !== 0) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === 'basic') {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request, { ignoreSearch: true }).then(function (cached) {
      return cached || Response.error();
    });
  }));
});
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_keeps_the_planner_and_the_guidance_pages() {
        let config = Config::default();
        let js = worker_script(&config);
        for path in [
            "\"programs/planner/\"",
            "\"programs/planner/planner.wasm\"",
            "\"programs/planner/planner.js\"",
            "\"guidance/sleep/\"",
        ] {
            assert!(js.contains(path), "{path} in\n{js}");
        }
        assert!(js.contains("var CACHE = 'deload-offline-"), "{js}");
        assert!(!js.contains('#'), "no anchors: {js}");
    }
}
