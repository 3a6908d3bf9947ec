// deload site search: loads the prebuilt index (search-index.js) on first use and ranks pages by
// the summed scores of the query's words (the last word may be a prefix). No server needed.
(function () {
  "use strict";
  var STOP = ["a","an","and","are","as","at","be","but","by","for","from","has","have","if","in","into","is","it","its","of","on","or","so","that","the","their","then","there","these","this","to","was","were","will","with","you","your"];
  function tokens(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length >= 2 && STOP.indexOf(w) < 0;
    });
  }
  function loadIndex(url, done) {
    if (window.deloadSearchIndex) { done(window.deloadSearchIndex); return; }
    var s = document.createElement("script");
    s.src = url;
    s.onload = function () { done(window.deloadSearchIndex || { docs: [], index: {} }); };
    s.onerror = function () { done(null); };
    document.head.appendChild(s);
  }
  function search(idx, query) {
    var words = tokens(query);
    if (!words.length) return [];
    var keys = Object.keys(idx.index);
    var total = null;
    words.forEach(function (w, i) {
      var last = i === words.length - 1;
      var scores = {};
      keys.forEach(function (k) {
        if (k === w || (last && k.indexOf(w) === 0) || (!last && k.indexOf(w) === 0 && w.length >= 4)) {
          var list = idx.index[k];
          for (var j = 0; j < list.length; j += 2) {
            scores[list[j]] = (scores[list[j]] || 0) + list[j + 1] * (k === w ? 2 : 1);
          }
        }
      });
      if (total === null) { total = scores; return; }
      var next = {};
      Object.keys(total).forEach(function (d) { if (scores[d]) next[d] = total[d] + scores[d]; });
      total = next;
    });
    return Object.keys(total || {}).map(function (d) { return { doc: idx.docs[d], score: total[d] }; })
      .sort(function (a, b) { return b.score - a.score || (a.doc[0] < b.doc[0] ? -1 : 1); })
      .slice(0, 10);
  }
  // A result's URL, resolved against the index's own URL: the same URL when the index holds
  // absolute ones; a page's from the site's root in a build with --relative-urls.
  function resolve(url, indexUrl) {
    try { return new URL(url, new URL(indexUrl, document.baseURI)).href; } catch (e) { return url; }
  }
  function render(box, results, query, indexUrl) {
    box.textContent = "";
    if (!query.trim()) { box.hidden = true; return; }
    box.hidden = false;
    if (!results.length) {
      var p = document.createElement("p");
      var none = box.closest("form").getAttribute("data-no-results") || "No pages match “{query}”.";
      p.textContent = none.split("{query}").join(query);
      box.appendChild(p);
      return;
    }
    var ol = document.createElement("ol");
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = resolve(r.doc[1], indexUrl);
      a.textContent = r.doc[0];
      li.appendChild(a);
      if (r.doc[2]) { var d = document.createElement("p"); d.textContent = r.doc[2]; li.appendChild(d); }
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }
  function init() {
    var form = document.querySelector("form.search");
    if (!form) return;
    var input = form.querySelector("input");
    var box = form.querySelector(".search-results");
    var idx = null, pending = false;
    var indexUrl = form.getAttribute("data-index");
    function run() {
      if (idx) { render(box, search(idx, input.value), input.value, indexUrl); return; }
      if (pending) return;
      pending = true;
      loadIndex(indexUrl, function (loaded) {
        idx = loaded || { docs: [], index: {} };
        render(box, search(idx, input.value), input.value, indexUrl);
      });
    }
    input.addEventListener("input", run);
    input.addEventListener("focus", run);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = box.querySelector("a");
      if (first) window.location.href = first.href;
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { box.hidden = true; }
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; run(); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
