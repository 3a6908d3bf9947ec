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

  // The planner over an instantiated module: plan(request) → the module's answer (an object).
  function createPlanner(instance) {
    var e = instance.exports;
    var encoder = new TextEncoder();
    var decoder = new TextDecoder();
    return {
      plan: function (request) {
        var bytes = encoder.encode(JSON.stringify(request));
        var ptr = e.deload_alloc(bytes.length);
        new Uint8Array(e.memory.buffer, ptr, bytes.length).set(bytes);
        var len = e.deload_plan(ptr, bytes.length);
        var answer = new Uint8Array(e.memory.buffer, e.deload_answer_ptr(), len);
        return JSON.parse(decoder.decode(answer));
      }
    };
  }

  // The request for the form's values `v`, the program files `files` (path → text), today, and
  // the site's settings for the printed sheet (`sheet`, from the page's data; none: no HTML).
  function request(v, files, today, sheet) {
    var athlete = athleteYaml(v);
    var body = { files: files, athlete: athlete.text, today: today, rest_events: false };
    if (sheet) body.sheet = sheet;
    return { athlete: athlete, body: body };
  }

  var core = {
    ATHLETE_FILE: ATHLETE_FILE,
    athleteYaml: athleteYaml,
    createPlanner: createPlanner,
    request: request
  };
  root.DeloadPlanner = core;
  if (typeof module === 'object' && module.exports) module.exports = core;
  if (typeof document === 'undefined') return;

  // ---- the page ----

  function $(id) { return document.getElementById(id); }

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
      label.textContent = m.lift + ': one-rep max';
      var input = document.createElement('input');
      input.id = id;
      input.type = 'text';
      input.inputMode = 'decimal';
      input.setAttribute('data-lift', m.lift);
      input.setAttribute('data-field', 'max:' + m.lift);
      input.placeholder = 'in ' + ($('planner-units').value || program.units);
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
      out.push(['years', 'Write your years of consistent training as a number, like 1.5.']);
    }
    if (!/^\s*\d+\s*$/.test(v.weeksSinceDeload)) {
      out.push(['weeks-since-deload', 'Write a whole number of weeks, like 3 (0 if your last week was a deload).']);
    }
    if (String(v.sleep).trim() !== '' && !NUMBER.test(v.sleep)) {
      out.push(['sleep', 'Write your average hours of sleep as a number, like 7.5, or leave it empty.']);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.start) || isNaN(new Date(v.start + 'T00:00:00').getTime())) {
      out.push(['start', 'Choose the date of your first training day.']);
    }
    v.maxes.forEach(function (m) {
      if (String(m.value).trim() === '') {
        out.push(['max:' + m.lift, 'Write the most you can lift once in ' + m.lift + ', in ' + units + '. This plan sets its loads from it.']);
      } else if (!NUMBER.test(m.value)) {
        out.push(['max:' + m.lift, 'Write your ' + m.lift + ' max as a number of ' + units + ', like 100.']);
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

  function offerDownloads(slug) {
    var kinds = { ics: 'text/calendar', csv: 'text/csv', json: 'application/json', md: 'text/markdown', svg: 'image/svg+xml' };
    Object.keys(kinds).forEach(function (ext) {
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

  // The plan at a glance: why this cadence, then one row a week.
  function showWeeks(plan) {
    $('planner-summary').textContent = plan.level_reason + '. Deloads: ' + plan.cadence_reason +
      '. Training days: ' + plan.training_days.join(', ') + '.';
    var body = $('planner-weeks');
    body.textContent = '';
    plan.weeks.forEach(function (w) {
      var row = document.createElement('tr');
      if (w.is_deload) row.className = 'deload';
      cell(row, String(w.number), true);
      cell(row, w.start + ' to ' + w.end);
      cell(row, w.block);
      cell(row, w.is_deload ? 'Deload' : 'Loading');
      var sessions = w.days.filter(function (d) { return d.session; })
        .map(function (d) { return d.weekday.slice(0, 3) + ' ' + d.session.name; });
      cell(row, sessions.join(', '));
      body.appendChild(row);
    });
  }

  function showPlan(answer, slug) {
    outputs = answer.outputs;
    showWeeks(JSON.parse(outputs.json));
    // the periodisation chart, the module's own markup (`deload plan --format svg`, then its table)
    $('planner-chart').innerHTML = outputs.svg + outputs.svg_table;
    var sheet = $('planner-sheet');
    sheet.hidden = !outputs.html;
    if (outputs.html) sheet.srcdoc = outputs.html;
    offerDownloads(slug);
    var warnings = $('planner-warnings');
    warnings.textContent = '';
    answer.warnings.forEach(function (w) {
      var li = document.createElement('li');
      li.textContent = visitorWords(w);
      warnings.appendChild(li);
    });
    $('planner-warnings-box').hidden = answer.warnings.length === 0;
    $('planner-result').hidden = false;
    $('planner-result-heading').focus();
  }

  function printPlan() {
    var sheet = $('planner-sheet');
    if (!sheet.hidden && sheet.contentWindow) sheet.contentWindow.print();
    else window.print();
  }

  function start() {
    var form = $('planner-form');
    if (!form) return;
    // without scripts the form stays hidden and the page lists the ready-made plans
    form.hidden = false;
    var data = JSON.parse($('planner-programs').textContent);
    var programs = data.programs;
    $('planner-start').value = $('planner-start').value || todayIso();
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
    var status = $('planner-status');
    var planner = null;
    status.textContent = 'Loading the planner…';
    loadModule(form).then(function (instance) {
      planner = createPlanner(instance);
      status.textContent = 'Ready. Nothing you enter leaves this browser.';
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
        planner.plan(request(values, files, todayIso(), data.sheet).body);
      }, 0);
    }, function (err) {
      status.textContent = 'The planner could not start here (' + err.message + '); the pre-built plans are listed below.';
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
      var req = request(values, files, todayIso(), data.sheet);
      var answer = planner.plan(req.body);
      if (answer.status === 'ok') showPlan(answer, program.slug);
      else {
        $('planner-result').hidden = true;
        showError(answer.error, req.athlete);
      }
      requestAnimationFrame(function () {
        setTimeout(function () {
          form.setAttribute('data-plan-ms', (performance.now() - t0).toFixed(1));
        }, 0);
      });
    });
    $('planner-print').addEventListener('click', printPlan);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : this);
