// Runs every example in this directory, one Node process each, and exits
// non-zero if any fails (`make demo`; tests/examples-run.test.js does the same
// under `make test`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const examples = fs.readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'run-all.js')
  .sort();

let failed = 0;
for (const name of examples) {
  const r = spawnSync(process.execPath, [path.join(here, name)], { encoding: 'utf8', timeout: 60_000 });
  const ok = r.status === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  for (const line of (r.stdout + (ok ? '' : r.stderr)).trimEnd().split('\n').filter(Boolean)) console.log(`     ${line}`);
}
console.log(`${examples.length - failed}/${examples.length} examples ran`);
process.exitCode = failed ? 1 : 0;
