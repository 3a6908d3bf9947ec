// Re-plans from training logs with the Planner page's script and WebAssembly module in Node,
// for tests/tools/planner_replan.rs.
//   node planner-replan-run.js PLANNER_JS MODULE_WASM CASES_JSON
// CASES_JSON: [{ "form": {...}, "files": {path: text}, "today": "YYYY-MM-DD", "sheet": {...},
//   "report": template text, "log": { "name": "you-log.csv", "text": "..." } }];
// prints, as JSON, [{ "athlete": text, "answer": the module's answer, "ms": time }].
'use strict';
const fs = require('fs');
const [script, modulePath, casesPath] = process.argv.slice(2);
const core = require(script);
const bytes = fs.readFileSync(modulePath);
const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
WebAssembly.instantiate(bytes, {}).then(({ instance }) => {
  const out = cases.map((c) => {
    const req = core.replanRequest(c.form, c.files, c.today, c.sheet, c.report, c.log, false);
    const t0 = process.hrtime.bigint();
    const answer = core.replanWith(instance, req.body);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { athlete: req.athlete.text, answer, ms };
  });
  process.stdout.write(JSON.stringify(out));
}, (e) => {
  process.stderr.write('cannot instantiate ' + modulePath + ': ' + e + '\n');
  process.exit(1);
});
