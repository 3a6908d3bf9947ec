// Runs the Planner page's script (its core: the athlete file from the form's values, and the
// WebAssembly planner) in Node, for tests/it/planner.rs.
//   node planner-run.js PLANNER_JS MODULE_WASM CASES_JSON
// CASES_JSON: [{ "form": {...}, "files": {path: text}, "today": "YYYY-MM-DD", "sheet": {...},
//   "lang": "de" (optional: the plan's language) }];
// prints, as JSON,
// [{ "athlete": text, "fields": {line: field}, "answer": the module's answer, "ms": time }].
'use strict';
const fs = require('fs');
const [script, modulePath, casesPath] = process.argv.slice(2);
const core = require(script);
const bytes = fs.readFileSync(modulePath);
const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
WebAssembly.instantiate(bytes, {}).then(({ instance }) => {
  const planner = core.createPlanner(instance);
  const out = cases.map((c) => {
    const req = core.request(c.form, c.files, c.today, c.sheet, c.lang);
    const t0 = process.hrtime.bigint();
    const answer = planner.plan(req.body);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { athlete: req.athlete.text, fields: req.athlete.fields, answer, ms };
  });
  process.stdout.write(JSON.stringify(out));
}, (e) => {
  process.stderr.write('cannot instantiate ' + modulePath + ': ' + e + '\n');
  process.exit(1);
});
