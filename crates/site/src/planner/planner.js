// deload's Planner page: the plan engine, compiled to WebAssembly, plans in the reader's browser.
// Nothing leaves the browser: the module has no imports, the page sends no request (the module
// itself is read from the site, or from planner-wasm.js when the page is opened from a file).
//
// Two parts. The core (`DeloadPlanner`) writes an athlete file from the form's values
// (athleteYaml) and plans it through the module (createPlanner); Node's equality test runs the
// same core against `deload plan`. The page part wires the form, shows the plan and offers the
// downloads; it runs only where the page's form exists.
(function (root) {
  'use strict';

  // The athlete file the module plans (crates/planner ATHLETE_PATH): programs/athletes/you.yaml.
  var ATHLETE_FILE = 'you.yaml';

  // A YAML scalar for text: JSON's double-quoted strings are YAML's too.
  function quote(text) {
    return JSON.stringify(String(text));
  }

  // A number as typed, when it is one; else the text quoted, so the engine reports it with the
  // wording `deload plan` uses for the same file.
  function numberOrText(text) {
    var t = String(text).trim();
    return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? t : quote(t);
  }

  // Writes the athlete file for the form's values; returns its text and, for each line, the
  // form field it came from (so an error at a line shows beside its field).
  //   v: { program: 'novice-full-body.yaml', level: 'novice'|'intermediate'|'advanced'|'',
  //        years: '1.5', weeksSinceDeload: '3', sleep: '7', signs: ['stalled_progress'],
  //        start: '2026-12-07', days: ['mon', 'wed'], units: 'kg'|'lb'|'',
  //        maxes: [{ lift: 'Back squat', value: '100' }] }
  function athleteYaml(v) {
    var lines = [];
    var fields = {};
    function put(text, field) {
      lines.push(text);
      if (field) fields[lines.length] = field;
    }
    put('program: ' + quote('../' + v.program), 'program');
    put('history:', 'level');
    if (v.level) put('  level: ' + quote(v.level), 'level');
    else put('  training_years: ' + numberOrText(v.years || ''), 'years');
    put('  weeks_since_deload: ' + numberOrText(v.weeksSinceDeload || ''), 'weeks-since-deload');
    if (v.sleep !== undefined && String(v.sleep).trim() !== '') {
      put('  sleep_hours: ' + numberOrText(v.sleep), 'sleep');
    }
    if (v.signs && v.signs.length) put('  signs: [' + v.signs.join(', ') + ']', 'signs');
    put('start: ' + quote(v.start || ''), 'start');
    if (v.days && v.days.length) put('available_days: [' + v.days.join(', ') + ']', 'days');
    if (v.units) put('units: ' + v.units, 'units');
    var maxes = (v.maxes || []).filter(function (m) { return String(m.value).trim() !== ''; });
    if (maxes.length) {
      put('maxes:', 'maxes');
      maxes.forEach(function (m) {
        put('  ' + quote(m.lift) + ': ' + numberOrText(m.value), 'max:' + m.lift);
      });
    }
    return { text: lines.join('\n') + '\n', fields: fields };
  }

  // The planner over an instantiated module: plan(request) → the module's answer (an object);
  // sheet(settings) → the last plan's printed sheet.
  function createPlanner(instance) {
    var e = instance.exports;
    var encoder = new TextEncoder();
    var decoder = new TextDecoder();
    function call(name, body) {
      var bytes = encoder.encode(JSON.stringify(body));
      var ptr = e.deload_alloc(bytes.length);
      new Uint8Array(e.memory.buffer, ptr, bytes.length).set(bytes);
      var len = e[name](ptr, bytes.length);
      var answer = new Uint8Array(e.memory.buffer, e.deload_answer_ptr(), len);
      return JSON.parse(decoder.decode(answer));
    }
    return {
      plan: function (request) { return call('deload_plan', request); },
      // the last plan's printed sheet, with the site's settings: {status, html} or {status, error}
      sheet: function (settings) { return call('deload_sheet', settings); }
    };
  }

  // The request for the form's values `v`, the program files `files` (path → text), today, the
  // site's settings for the printed sheet (`sheet`, from the page's data; none: no HTML) and the
  // plan's language (`lang`: en, de, es or fr; none: English).
  function request(v, files, today, sheet, lang) {
    var athlete = athleteYaml(v);
    var body = { files: files, athlete: athlete.text, today: today, rest_events: false };
    if (sheet) body.sheet = sheet;
    if (lang) body.lang = lang;
    return { athlete: athlete, body: body };
  }

  // The plan's language: the visitor's pick, which starts as the page's language.
  function planLanguage() {
    var pick = document.getElementById('planner-lang');
    return pick ? pick.value : (document.documentElement.lang || 'en');
  }


  // ---- re-planning from a training log (the module's deload_replan) ----

  // The command line's limit for a text file (crates/engine fs::MAX_TEXT_BYTES): a larger log is
  // refused before it is read, in the visitor's words.
  var MAX_LOG_BYTES = 32 * 1024 * 1024;

  // The apps whose exports the planner reads (the engine's own list, in its not-a-log error,
  // wins when it has one).
  var LOG_APPS = ['Strong', 'Hevy', 'FitNotes'];

  // Calls the module's export `name` with `body` (JSON text): its answer, parsed.
  function callModule(exports, name, body) {
    var bytes = new TextEncoder().encode(body);
    var ptr = exports.deload_alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
    var len = exports[name](ptr, bytes.length);
    var answer = new Uint8Array(exports.memory.buffer, exports.deload_answer_ptr(), len);
    return JSON.parse(new TextDecoder().decode(answer));
  }

  // The re-plan request: the form's values `v` (the plan the log follows), the program files,
  // today, the printed sheet's settings and the report's template (from the page's data), and
  // the log `{ name, text }`; `skipBadRows` leaves out rows that do not parse.
  function replanRequest(v, files, today, sheet, report, log, skipBadRows) {
    var athlete = athleteYaml(v);
    var body = {
      files: files, athlete: athlete.text, log: { name: log.name, text: log.text },
      today: today, skip_bad_rows: !!skipBadRows, rest_events: false
    };
    if (sheet) body.sheet = sheet;
    if (report) body.report = report;
    return { athlete: athlete, body: body };
  }

  // Re-plans `body` (a replanRequest's body) with an instantiated module.
  function replanWith(instance, body) {
    return callModule(instance.exports, 'deload_replan', JSON.stringify(body));
  }

  var core = {
    ATHLETE_FILE: ATHLETE_FILE,
    MAX_LOG_BYTES: MAX_LOG_BYTES,
    athleteYaml: athleteYaml,
    createPlanner: createPlanner,
    replanRequest: replanRequest,
    replanWith: replanWith,
    request: request
  };
  root.DeloadPlanner = core;
  if (typeof module === 'object' && module.exports) module.exports = core;
  if (typeof document === 'undefined') return;

  // ---- the page ----

  function $(id) { return document.getElementById(id); }

  // The page's words, in its language (the page's data: the theme strings `planner_js_*`, the
  // weekdays, `sheet_date`); `say(key, {name: value})` fills in each `{name}`.
  var words = {};
  function say(key, args) {
    var text = Object.prototype.hasOwnProperty.call(words, key) ? words[key] : key;
    return text.replace(/\{([a-z_]+)\}/g, function (m, name) {
      return args && Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : m;
    });
  }

  // A day of the plan (YYYY-MM-DD) as the page's language writes one (`sheet_date`).
  function day(iso) {
    var p = String(iso).split('-');
    if (p.length !== 3 || !words.sheet_date) return iso;
    return say('sheet_date', { year: p[0], mm: p[1], dd: p[2] });
  }

  // A weekday as the plan's JSON names it (`Monday`): its short name, or its full name, in the
  // page's language.
  function weekday(name, short) {
    var key = (short ? 'planner_js_day_' : 'weekday_') + String(name).toLowerCase();
    return words[key] || (short ? String(name).slice(0, 3) : name);
  }

  function todayIso() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  // The module: fetched from the site (streamed, application/wasm) or, from a file: URL where
  // browsers refuse fetch, decoded from planner-wasm.js (the same bytes in base64).
  function loadModule(form) {
    var url = form.getAttribute('data-wasm');
    if (location.protocol !== 'file:' && WebAssembly.instantiateStreaming) {
      return WebAssembly.instantiateStreaming(fetch(url), {}).then(function (r) { return r.instance; });
    }
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = form.getAttribute('data-wasm-js');
      s.onload = function () {
        var bin = atob(root.DELOAD_PLANNER_WASM);
        var bytes = new Uint8Array(bin.length);
        for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        WebAssembly.instantiate(bytes, {}).then(function (r) { resolve(r.instance); }, reject);
      };
      s.onerror = function () { reject(new Error('cannot read ' + s.src)); };
      document.head.appendChild(s);
    });
  }

  function checked(name) {
    return Array.prototype.map.call(
      document.querySelectorAll('input[name="' + name + '"]:checked'),
      function (i) { return i.value; });
  }

  // A number as typed, a decimal comma read as a point (72,5 is 72.5).
  function num(text) {
    return String(text).trim().replace(/^(\d*),(\d*)$/, '$1.$2');
  }

  function formValues(programs) {
    var program = programs[$('planner-program').value];
    var maxes = Array.prototype.map.call(
      document.querySelectorAll('#planner-maxes input'),
      function (i) { return { lift: i.getAttribute('data-lift'), value: num(i.value) }; });
    return {
      program: program.file,
      level: $('planner-level').value,
      years: num($('planner-years').value),
      weeksSinceDeload: num($('planner-weeks-since-deload').value),
      sleep: num($('planner-sleep').value),
      signs: checked('signs'),
      start: $('planner-start').value,
      days: checked('days'),
      units: $('planner-units').value,
      maxes: maxes
    };
  }

  // One max field for each lift the program prescribes as a percentage.
  function showMaxes(program) {
    var box = $('planner-maxes');
    box.textContent = '';
    program.maxes.forEach(function (m, i) {
      var id = 'planner-max-' + i;
      var p = document.createElement('p');
      p.className = 'field';
      var label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = say('planner_js_max_label', { lift: m.lift });
      var input = document.createElement('input');
      input.id = id;
      input.type = 'text';
      input.inputMode = 'decimal';
      input.setAttribute('data-lift', m.lift);
      input.setAttribute('data-field', 'max:' + m.lift);
      input.placeholder = say('planner_js_max_placeholder', { units: $('planner-units').value || program.units });
      p.appendChild(label);
      p.appendChild(input);
      box.appendChild(p);
    });
    $('planner-maxes-none').hidden = program.maxes.length > 0;
  }

  function clearErrors() {
    Array.prototype.forEach.call(document.querySelectorAll('.field-error'), function (e) { e.remove(); });
    Array.prototype.forEach.call(document.querySelectorAll('[aria-invalid]'), function (e) {
      e.removeAttribute('aria-invalid');
      e.removeAttribute('aria-describedby');
    });
    $('planner-error').hidden = true;
  }

  // The field an error concerns: its line in the athlete file, else the form as a whole.
  function fieldFor(error, athlete) {
    if (error.file === ATHLETE_FILE && error.line && athlete.fields[error.line]) {
      var name = athlete.fields[error.line];
      return document.querySelector('[data-field="' + name.replace(/"/g, '\\"') + '"]');
    }
    return null;
  }

  // The engine's words for a file the visitor never wrote, in the visitor's: "your plan", "your
  // details"; a warning's `file:line:column:` prefix goes (the field is shown instead).
  function visitorWords(text) {
    return String(text)
      .replace(/^[^\s:]+\.ya?ml:\d+(:\d+)?:\s*/, '')
      .replace(/\b(in |to )?(the|this|your) athlete file\b/gi, function (m, prep) {
        return (prep || '') + 'your details';
      })
      .replace(/\bathlete files?\b/gi, 'your details');
  }

  function errorText(error) {
    return visitorWords(error.message + (error.hint ? ' (' + error.hint + ')' : ''));
  }

  function showError(error, athlete) {
    var field = fieldFor(error, athlete);
    if (!field) {
      $('planner-error').textContent = errorText(error);
      $('planner-error').hidden = false;
      $('planner-error').focus();
      return;
    }
    showFieldError(field, errorText(error), true);
  }

  // What the form says before it asks the planner: a field left empty or not a number, in the
  // reader's words, beside the field (the planner's own checks, such as ranges, come after).
  var NUMBER = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/;
  function formProblems(v, program) {
    var out = [];
    var units = v.units || program.units;
    if (v.level === '' && !NUMBER.test(v.years)) {
      out.push(['years', say('planner_js_bad_years')]);
    }
    if (!/^\s*\d+\s*$/.test(v.weeksSinceDeload)) {
      out.push(['weeks-since-deload', say('planner_js_bad_weeks')]);
    }
    if (String(v.sleep).trim() !== '' && !NUMBER.test(v.sleep)) {
      out.push(['sleep', say('planner_js_bad_sleep')]);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.start) || isNaN(new Date(v.start + 'T00:00:00').getTime())) {
      out.push(['start', say('planner_js_bad_start')]);
    }
    v.maxes.forEach(function (m) {
      if (String(m.value).trim() === '') {
        out.push(['max:' + m.lift, say('planner_js_no_max', { lift: m.lift, units: units })]);
      } else if (!NUMBER.test(m.value)) {
        out.push(['max:' + m.lift, say('planner_js_bad_max', { lift: m.lift, units: units })]);
      }
    });
    return out;
  }

  // Shows `text` beside `field` (its own box), marks it invalid; focuses it when `focus`.
  function showFieldError(field, text, focus) {
    var msg = document.createElement('p');
    msg.className = 'field-error';
    msg.id = 'planner-field-error-' + document.querySelectorAll('.field-error').length;
    msg.setAttribute('role', 'alert');
    msg.textContent = text;
    var input = field.matches('input, select') ? field : field.querySelector('input, select');
    (field.closest('.field, fieldset') || field).appendChild(msg);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', msg.id);
      if (focus) input.focus();
    }
  }

  var outputs = null;
  var urls = {};

  var DOWNLOADS = ['ics', 'csv', 'json', 'md', 'svg'];

  function clearDownloads() {
    DOWNLOADS.forEach(function (ext) { $('planner-download-' + ext).removeAttribute('href'); });
  }

  function offerDownloads(slug) {
    var kinds = { ics: 'text/calendar', csv: 'text/csv', json: 'application/json', md: 'text/markdown', svg: 'image/svg+xml' };
    DOWNLOADS.forEach(function (ext) {
      if (urls[ext]) URL.revokeObjectURL(urls[ext]);
      urls[ext] = URL.createObjectURL(new Blob([outputs[ext]], { type: kinds[ext] + ';charset=utf-8' }));
      var a = $('planner-download-' + ext);
      a.href = urls[ext];
      a.download = 'plan-' + slug + '.' + ext;
    });
  }

  function cell(row, text, header) {
    var c = document.createElement(header ? 'th' : 'td');
    if (header) c.scope = 'row';
    c.textContent = text;
    row.appendChild(c);
  }

  // The weeks of `weeks` (the plan's JSON) as rows of the table body `body`.
  function weekRows(body, weeks) {
    body.textContent = '';
    weeks.forEach(function (w) {
      var row = document.createElement('tr');
      if (w.is_deload) row.className = 'deload';
      cell(row, String(w.number), true);
      cell(row, say('planner_js_dates', { start: day(w.start), end: day(w.end) }));
      cell(row, w.block);
      cell(row, say(w.is_deload ? 'planner_js_deload' : 'planner_js_loading'));
      var sessions = w.days.filter(function (d) { return d.session; })
        .map(function (d) { return weekday(d.weekday, true) + ' ' + d.session.name; });
      cell(row, sessions.join(', '));
      body.appendChild(row);
    });
  }

  // The plan at a glance: why this cadence, then one row a week. The reasons in the plan's
  // language come with the module's answer (`said`); the JSON's are English.
  function showWeeks(plan, said) {
    var why = said || plan;
    $('planner-summary').textContent = say('planner_js_summary', {
      level_reason: why.level_reason,
      cadence_reason: why.cadence_reason,
      days: plan.training_days.map(function (d) { return weekday(d, false); }).join(', ')
    });
    weekRows($('planner-weeks'), plan.weeks);
  }

  function showPlan(answer, slug) {
    outputs = answer.outputs;
    showWeeks(JSON.parse(outputs.json), answer.said);
    // the periodisation chart, the module's own markup (`deload plan --format svg`, then its table)
    $('planner-chart').innerHTML = outputs.svg + outputs.svg_table;
    // the downloads and the printable sheet come once the plan is on screen (showRest); until
    // then no link offers the last plan's files
    var sheet = $('planner-sheet');
    sheet.hidden = true;
    sheet.removeAttribute('srcdoc');
    clearDownloads();
    var warnings = $('planner-warnings');
    warnings.textContent = '';
    ((answer.said && answer.said.warnings) || answer.warnings).forEach(function (w) {
      var li = document.createElement('li');
      li.textContent = visitorWords(w);
      warnings.appendChild(li);
    });
    $('planner-warnings-box').hidden = answer.warnings.length === 0;
    $('planner-result').hidden = false;
    $('planner-result-heading').focus();
  }

  // The downloads and the printable sheet of the plan just shown, made once it is on screen:
  // the files and the printed pages take longer than the plan itself, and the reader reads the
  // plan first. `data-sheet-ready` on the form says they are there (`ok`) or not (`error`).
  function showRest(planner, settings, slug, form) {
    offerDownloads(slug);
    var answer = settings ? planner.sheet(settings) : { status: 'ok' };
    var sheet = $('planner-sheet');
    if (settings && answer.status === 'ok') {
      sheet.srcdoc = answer.html;
      sheet.hidden = false;
    }
    form.setAttribute('data-sheet-ready', answer.status);
  }

  function printPlan() {
    var sheet = $('planner-sheet');
    if (!sheet.hidden && sheet.contentWindow) sheet.contentWindow.print();
    else window.print();
  }

  // ---- the page: re-planning from a training log ----
  // The log is read here and re-planned by the module in a worker thread, so a hostile file
  // cannot hang the tab: the worker is stopped after LOG_TIMEOUT_MS. Nothing is sent anywhere.

  var LOG_TIMEOUT_MS = 20000;
  var SETTINGS_KEY = 'deload-planner-settings';

  // The worker's code: instantiates the module it is sent, then re-plans each request.
  function workerMain() {
    var exports = null;
    self.onmessage = function (ev) {
      var m = ev.data;
      try {
        if (m.module) {
          exports = new WebAssembly.Instance(m.module, {}).exports;
          return;
        }
        var bytes = new TextEncoder().encode(m.body);
        var ptr = exports.deload_alloc(bytes.length);
        new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
        var len = exports.deload_replan(ptr, bytes.length);
        var text = new TextDecoder().decode(new Uint8Array(exports.memory.buffer, exports.deload_answer_ptr(), len));
        self.postMessage({ id: m.id, answer: text });
      } catch (e) {
        self.postMessage({ id: m.id, failed: String(e && e.message || e) });
      }
    };
  }

  // The module compiled once (for the worker): streamed from the site, or from planner-wasm.js.
  var compiled = null;
  function compileModule(form) {
    if (compiled) return compiled;
    if (location.protocol !== 'file:' && WebAssembly.compileStreaming) {
      compiled = WebAssembly.compileStreaming(fetch(form.getAttribute('data-wasm')));
    } else {
      var bin = atob(root.DELOAD_PLANNER_WASM || '');
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      compiled = WebAssembly.compile(bytes);
    }
    compiled.catch(function () { compiled = null; });
    return compiled;
  }

  // The worker thread: one at a time, made again after a timeout or a crash.
  var worker = null;
  var jobs = 0;
  function replanInWorker(form, body) {
    return compileModule(form).then(function (module) {
      if (!worker) {
        var src = '(' + workerMain.toString() + ')();';
        worker = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
        worker.postMessage({ module: module });
      }
      var w = worker;
      var id = ++jobs;
      return new Promise(function (resolve, reject) {
        var timer = setTimeout(function () {
          w.terminate();
          if (worker === w) worker = null;
          reject(new Error('timeout'));
        }, LOG_TIMEOUT_MS);
        w.onmessage = function (ev) {
          if (ev.data.id !== id) return;
          clearTimeout(timer);
          if (ev.data.failed) {
            w.terminate();
            if (worker === w) worker = null;
            reject(new Error(ev.data.failed));
          } else resolve(JSON.parse(ev.data.answer));
        };
        w.postMessage({ id: id, body: JSON.stringify(body) });
      });
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'hidden') e.hidden = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    if (text) e.textContent = text;
    return e;
  }

  // The log section and the re-plan's result, after the plan's result.
  function buildLogSection() {
    var box = el('section', { id: 'planner-log', 'class': 'planner-log', 'aria-labelledby': 'planner-log-heading' });
    box.appendChild(el('h2', { id: 'planner-log-heading' }, say('planner_js_log_heading')));
    box.appendChild(el('p', {}, say('planner_js_log_intro', { apps: LOG_APPS.join(', ') })));
    var drop = el('div', { id: 'planner-log-drop', 'class': 'planner-drop' });
    var label = el('label', { 'for': 'planner-log-file' }, say('planner_js_log_drop'));
    drop.appendChild(label);
    drop.appendChild(el('input', { id: 'planner-log-file', type: 'file', accept: '.csv,.txt,text/csv,text/plain' }));
    box.appendChild(drop);
    var skip = el('label', { 'class': 'planner-skip' });
    skip.appendChild(el('input', { id: 'planner-log-skip', type: 'checkbox' }));
    skip.appendChild(document.createTextNode(' ' + say('planner_js_log_skip')));
    box.appendChild(skip);
    box.appendChild(el('p', { id: 'planner-log-status', role: 'status', 'aria-live': 'polite' }));
    box.appendChild(el('p', { id: 'planner-log-error', 'class': 'form-error', role: 'alert', tabindex: '-1', hidden: true }));
    var keep = el('p', { 'class': 'planner-settings' });
    keep.appendChild(el('button', { type: 'button', id: 'planner-remember' }, say('planner_js_remember')));
    keep.appendChild(document.createTextNode(' '));
    keep.appendChild(el('button', { type: 'button', id: 'planner-forget', hidden: true }, say('planner_js_forget')));
    keep.appendChild(document.createTextNode(' '));
    keep.appendChild(el('a', { id: 'planner-settings-link', href: '#' }, say('planner_js_link')));
    keep.appendChild(el('span', { id: 'planner-settings-status', role: 'status', 'aria-live': 'polite' }));
    box.appendChild(keep);
    box.appendChild(el('p', { 'class': 'small' }, say('planner_js_settings_note')));
    var result = el('section', { id: 'planner-replan', 'class': 'planner-result', hidden: true, 'aria-labelledby': 'planner-replan-heading' });
    result.appendChild(el('h2', { id: 'planner-replan-heading', tabindex: '-1' }, say('planner_js_replan_heading')));
    var dl = el('p', { 'class': 'planner-downloads' });
    dl.appendChild(el('button', { type: 'button', id: 'planner-replan-print' }, say('planner_js_replan_print')));
    [['ics', say('planner_ics')], ['csv', say('planner_csv')], ['json', 'JSON'], ['md', 'Markdown'],
      ['report-html', say('planner_js_report_html')], ['report-json', say('planner_js_report_json')]].forEach(function (d, i) {
      dl.appendChild(document.createTextNode(i ? ' · ' : ' '));
      dl.appendChild(el('a', { id: 'planner-replan-download-' + d[0], href: '#' }, d[1]));
    });
    result.appendChild(dl);
    result.appendChild(el('p', { id: 'planner-replan-changes' }));
    result.appendChild(el('details', { id: 'planner-replan-warnings-box', hidden: true }));
    result.appendChild(el('iframe', { id: 'planner-report', title: say('planner_js_report_title') }));
    var table = el('table', { 'class': 'planner-weeks' });
    table.appendChild(el('caption', {}, say('planner_js_replan_weeks')));
    var head = el('tr');
    // the column heads as the plan's table above has them
    Array.prototype.forEach.call(document.querySelectorAll('#planner-result thead th'), function (h) {
      head.appendChild(el('th', { scope: 'col' }, h.textContent));
    });
    table.appendChild(el('thead')).appendChild(head);
    table.appendChild(el('tbody', { id: 'planner-replan-weeks' }));
    result.appendChild(table);
    result.appendChild(el('h3', {}, say('planner_js_replan_printable')));
    result.appendChild(el('iframe', { id: 'planner-replan-sheet', title: say('planner_js_replan_printable_title') }));
    var after = $('planner-result');
    after.parentNode.insertBefore(box, after.nextSibling);
    box.parentNode.insertBefore(result, box.nextSibling);
  }

  // The accepted formats, from the engine's not-a-log error when it lists them.
  function logApps(error) {
    var apps = [];
    (error && error.notes || []).forEach(function (n) {
      var m = /^known: ([A-Za-z]+)/.exec(n);
      if (m && apps.indexOf(m[1]) < 0) apps.push(m[1]);
    });
    return apps.length ? apps : LOG_APPS;
  }

  function notALog(why, error) {
    return say('planner_js_not_a_log', { why: why, apps: logApps(error).join(', ') });
  }

  // The engine's error about the log, in the visitor's words.
  function logErrorText(error, athlete) {
    if ((error.notes || []).some(function (n) { return n.indexOf('known: ') === 0; })) {
      return notALog(say('planner_js_unknown_log'), error);
    }
    var where = error.file && error.file !== ATHLETE_FILE && error.line
      ? say('planner_js_at_line', { file: error.file, line: error.line }) : '';
    var notes = (error.notes || []).map(function (n) {
      return n.replace(/pass --skip-bad-rows/, say('planner_js_tick_skip'))
        .replace(/\(--skip-bad-rows\)/, '');
    });
    return visitorWords(where + error.message + (error.hint ? ' (' + error.hint + ')' : '') +
      (notes.length ? '. ' + notes.join('; ') : ''));
  }

  var replanUrls = {};
  function offerReplanDownloads(answer, slug) {
    var files = {
      ics: [answer.outputs.ics, 'text/calendar', 'replan-' + slug + '.ics'],
      csv: [answer.outputs.csv, 'text/csv', 'replan-' + slug + '.csv'],
      json: [answer.outputs.json, 'application/json', 'replan-' + slug + '.json'],
      md: [answer.outputs.md, 'text/markdown', 'replan-' + slug + '.md'],
      'report-html': [answer.report.html || '', 'text/html', 'report-' + slug + '.html'],
      'report-json': [answer.report.json, 'application/json', 'report-' + slug + '.json']
    };
    Object.keys(files).forEach(function (k) {
      if (replanUrls[k]) URL.revokeObjectURL(replanUrls[k]);
      replanUrls[k] = URL.createObjectURL(new Blob([files[k][0]], { type: files[k][1] + ';charset=utf-8' }));
      var a = $('planner-replan-download-' + k);
      a.href = replanUrls[k];
      a.download = files[k][2];
    });
  }

  function showReplan(answer, slug) {
    var report = JSON.parse(answer.report.json);
    var n = report.changes.length;
    var changes = n ? (n === 1 ? say('planner_js_one_change') : say('planner_js_changes', { n: n }))
      : say('planner_js_no_change', { reason: report.deload.reason });
    $('planner-replan-changes').textContent = say('planner_js_matched', {
      changes: changes, matched: report.matched_sets, logged: report.logged_sets - report.sets_before_start,
      next: report.next_week, last: report.plan_weeks
    });
    var warn = $('planner-replan-warnings-box');
    warn.textContent = '';
    var seen = [];
    answer.warnings.map(visitorWords).forEach(function (w) { if (seen.indexOf(w) < 0) seen.push(w); });
    warn.appendChild(el('summary', {}, say('planner_js_worth_a_look', { n: seen.length })));
    seen.forEach(function (w) { warn.appendChild(el('p', { 'class': 'small' }, w)); });
    warn.hidden = seen.length === 0;
    $('planner-report').srcdoc = answer.report.html || '';
    $('planner-replan-sheet').srcdoc = answer.outputs.html || '';
    weekRows($('planner-replan-weeks'), JSON.parse(answer.outputs.json).weeks);
    offerReplanDownloads(answer, slug);
    $('planner-replan').hidden = false;
    $('planner-replan-heading').focus();
  }

  // Re-plans from `file` (a File) with the form's values; `t0` is when the visitor gave it.
  function replanFile(file, form, data, programs, t0) {
    var box = $('planner-log');
    box.removeAttribute('data-replan-ms');
    var error = $('planner-log-error');
    error.hidden = true;
    var status = $('planner-log-status');
    function fail(text) {
      $('planner-replan').hidden = true;
      status.textContent = '';
      error.textContent = text;
      error.hidden = false;
      error.focus();
    }
    if (file.size > MAX_LOG_BYTES) {
      return fail(notALog(say('planner_js_too_big', { mb: Math.round(file.size / 1048576) })));
    }
    clearErrors();
    var program = programs[$('planner-program').value];
    var values = formValues(programs);
    var problems = formProblems(values, program);
    if (problems.length) {
      problems.forEach(function (pr, i) {
        var field = document.querySelector('[data-field="' + pr[0].replace(/"/g, '\\"') + '"]');
        if (field) showFieldError(field, pr[1], i === 0);
      });
      return fail(say('planner_js_fill_form'));
    }
    status.textContent = say('planner_js_reading', { file: file.name });
    file.arrayBuffer().then(function (buf) {
      var text;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
      } catch (e) {
        return fail(notALog(say('planner_js_not_text', { file: file.name })));
      }
      var files = {};
      program.files.forEach(function (f) { files[f.path] = f.text; });
      var req = replanRequest(values, files, todayIso(), data.sheet, data.report,
        { name: file.name, text: text }, $('planner-log-skip').checked);
      status.textContent = say('planner_js_replanning', { file: file.name });
      return replanInWorker(form, req.body).then(function (answer) {
        if (answer.status !== 'ok') {
          if (answer.error.file === ATHLETE_FILE) {
            $('planner-replan').hidden = true;
            status.textContent = '';
            return showError(answer.error, req.athlete);
          }
          return fail(logErrorText(answer.error, req.athlete));
        }
        status.textContent = say('planner_js_replanned', { file: file.name });
        showReplan(answer, program.slug);
        requestAnimationFrame(function () {
          setTimeout(function () {
            box.setAttribute('data-replan-ms', (performance.now() - t0).toFixed(1));
          }, 0);
        });
      }, function (e) {
        fail(e.message === 'timeout'
          ? notALog(say('planner_js_too_long', { file: file.name }))
          : notALog(say('planner_js_unreadable', { file: file.name, error: e.message })));
      });
    }).catch(function () {
      fail(say('planner_js_browser_unreadable', { file: file.name }));
    });
  }

  // The form's values as settings: the program by its slug.
  function settingsOf(programs) {
    var v = formValues(programs);
    v.program = programs[$('planner-program').value].slug;
    return v;
  }

  function applySettings(v, programs) {
    if (!v || typeof v !== 'object') return;
    programs.forEach(function (p, i) { if (p.slug === v.program) $('planner-program').value = String(i); });
    showMaxes(programs[$('planner-program').value]);
    var set = function (id, value) { if (typeof value === 'string') $(id).value = value; };
    set('planner-level', v.level);
    $('planner-years-field').hidden = $('planner-level').value !== '';
    set('planner-years', v.years);
    set('planner-weeks-since-deload', v.weeksSinceDeload);
    set('planner-sleep', v.sleep);
    set('planner-start', v.start);
    set('planner-units', v.units);
    ['signs', 'days'].forEach(function (name) {
      var on = Array.isArray(v[name]) ? v[name] : [];
      Array.prototype.forEach.call(document.querySelectorAll('input[name="' + name + '"]'), function (i) {
        i.checked = on.indexOf(i.value) >= 0;
      });
    });
    (Array.isArray(v.maxes) ? v.maxes : []).forEach(function (m) {
      Array.prototype.forEach.call(document.querySelectorAll('#planner-maxes input'), function (i) {
        if (m && i.getAttribute('data-lift') === m.lift && typeof m.value === 'string') i.value = m.value;
      });
    });
  }

  // Settings from the address's fragment (#settings=...), else those remembered, else none.
  function savedSettings() {
    var m = /[#&]settings=([^&]*)/.exec(location.hash);
    try {
      if (m) return JSON.parse(decodeURIComponent(m[1]));
      var kept = root.localStorage && localStorage.getItem(SETTINGS_KEY);
      return kept ? JSON.parse(kept) : null;
    } catch (e) {
      return null;
    }
  }

  function remembered() {
    try { return !!(root.localStorage && localStorage.getItem(SETTINGS_KEY)); } catch (e) { return false; }
  }

  function wireSettings(programs) {
    var status = $('planner-settings-status');
    var show = function () { $('planner-forget').hidden = !remembered(); };
    show();
    $('planner-remember').addEventListener('click', function () {
      try {
        localStorage.setItem(SETTINGS_KEY, JSON.stringify(settingsOf(programs)));
        status.textContent = ' ' + say('planner_js_remembered');
      } catch (e) {
        status.textContent = ' ' + say('planner_js_cannot_remember');
      }
      show();
    });
    $('planner-forget').addEventListener('click', function () {
      try { localStorage.removeItem(SETTINGS_KEY); } catch (e) { /* nothing kept */ }
      status.textContent = ' ' + say('planner_js_forgotten');
      show();
      $('planner-remember').focus();
    });
    $('planner-settings-link').addEventListener('click', function (ev) {
      ev.preventDefault();
      var url = location.href.split('#')[0] + '#settings=' + encodeURIComponent(JSON.stringify(settingsOf(programs)));
      this.href = url;
      history.replaceState(null, '', url);
      if (navigator.clipboard) navigator.clipboard.writeText(url).catch(function () {});
      status.textContent = ' ' + say('planner_js_linked');
    });
  }

  // The log section's events: a file chosen or dropped.
  function startLog(form, data, programs) {
    buildLogSection();
    wireSettings(programs);
    var input = $('planner-log-file');
    input.addEventListener('change', function (ev) {
      if (input.files && input.files[0]) replanFile(input.files[0], form, data, programs, ev.timeStamp);
      input.value = '';
    });
    var drop = $('planner-log-drop');
    ['dragenter', 'dragover'].forEach(function (type) {
      drop.addEventListener(type, function (ev) { ev.preventDefault(); drop.classList.add('over'); });
    });
    drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
    drop.addEventListener('drop', function (ev) {
      ev.preventDefault();
      drop.classList.remove('over');
      var files = ev.dataTransfer && ev.dataTransfer.files;
      if (files && files[0]) replanFile(files[0], form, data, programs, ev.timeStamp);
    });
    $('planner-replan-print').addEventListener('click', function () {
      var sheet = $('planner-replan-sheet');
      if (sheet.contentWindow) sheet.contentWindow.print();
    });
    // offline: the site's service worker keeps this page, its module and the guidance pages
    if (data.offline_worker && 'serviceWorker' in navigator && location.protocol !== 'file:') {
      navigator.serviceWorker.register(data.offline_worker).catch(function () { /* online only */ });
    }
  }

  function start() {
    var form = $('planner-form');
    if (!form) return;
    // without scripts the form stays hidden and the page lists the ready-made plans
    form.hidden = false;
    var data = JSON.parse($('planner-programs').textContent);
    words = data.words || {};
    var programs = data.programs;
    $('planner-start').value = $('planner-start').value || todayIso();
    // the plan's language starts as the page's, when deload prints plans in it
    var pick = $('planner-lang');
    var pageLang = (document.documentElement.lang || '').slice(0, 2);
    if (pick && pick.querySelector('option[value="' + pageLang + '"]')) pick.value = pageLang;
    $('planner-level').addEventListener('change', function () {
      $('planner-years-field').hidden = this.value !== '';
    });
    $('planner-program').addEventListener('change', function () {
      showMaxes(programs[this.value]);
    });
    // a program page links here with ?program=SLUG: that program is chosen
    var asked = new URLSearchParams(window.location.search).get('program');
    programs.forEach(function (p, i) {
      if (p.slug === asked) $('planner-program').value = String(i);
    });
    showMaxes(programs[$('planner-program').value]);
    startLog(form, data, programs);
    applySettings(savedSettings(), programs);
    var status = $('planner-status');
    var planner = null;
    status.textContent = say('planner_js_loading_module');
    loadModule(form).then(function (instance) {
      planner = createPlanner(instance);
      status.textContent = say('planner_js_ready');
      form.querySelector('button[type="submit"]').disabled = false;
      // plan the form once, unseen, with every max filled in, so the printed sheet's templates
      // are compiled before the first click rather than on it
      setTimeout(function () {
        var values = formValues(programs);
        values.maxes.forEach(function (m) { if (String(m.value).trim() === '') m.value = '100'; });
        if (values.level === '' && String(values.years).trim() === '') values.level = 'novice';
        var program = programs[$('planner-program').value];
        var files = {};
        program.files.forEach(function (f) { files[f.path] = f.text; });
        planner.plan(request(values, files, todayIso(), data.sheet, planLanguage()).body);
      }, 0);
    }, function (err) {
      status.textContent = say('planner_js_no_start', { error: err.message });
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!planner) return;
      // from the click (or Enter) to the plan on screen, for scripts/bench.sh
      var t0 = ev.timeStamp;
      form.removeAttribute('data-plan-ms');
      clearErrors();
      var program = programs[$('planner-program').value];
      var values = formValues(programs);
      var problems = formProblems(values, program);
      if (problems.length) {
        $('planner-result').hidden = true;
        problems.forEach(function (pr, i) {
          var field = document.querySelector('[data-field="' + pr[0].replace(/"/g, '\\"') + '"]');
          if (field) showFieldError(field, pr[1], i === 0);
        });
        return;
      }
      var files = {};
      program.files.forEach(function (f) { files[f.path] = f.text; });
      form.removeAttribute('data-sheet-ready');
      // the plan without its printed sheet, which follows once the plan is on screen
      var req = request(values, files, todayIso(), null, planLanguage());
      var answer = planner.plan(req.body);
      if (answer.status === 'ok') showPlan(answer, program.slug);
      else {
        $('planner-result').hidden = true;
        showError(answer.error, req.athlete);
      }
      requestAnimationFrame(function () {
        setTimeout(function () {
          form.setAttribute('data-plan-ms', (performance.now() - t0).toFixed(1));
          if (answer.status === 'ok') {
            showRest(planner, data.sheet, program.slug, form);
            // and from the click to the sheet in its frame, for scripts/bench.sh
            form.setAttribute('data-sheet-ms', (performance.now() - t0).toFixed(1));
          }
        }, 0);
      });
    });
    $('planner-print').addEventListener('click', printPlan);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : this);
