// Issue 13's attack: a property test of the whole public API with hostile
// values (getters, Proxies, valueOf/toString/toPrimitive/length/iterator hooks
// that release the view, resize or clear the bytearray, detach the buffer,
// grow wasm memory, allocate or throw; NaN, ±Infinity, -0, 2**32, 2**53, huge
// bigints, strings, objects with _getbuffer, forged and foreign objects) in
// every argument position and as `this` of every method, on views of wasm and
// of JS memory, with sentinels around the victim. The property itself is in
// tests/lib/attack-run.js; each method runs in a process of its own (two at a
// time, fixed seed), so that a call that corrupts the heap cannot hide the
// others. ATTACK_RUNS sets the runs per argument position (default 100; `this` gets a third of them).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runChild } from './lib/hostile.js';

const script = new URL('./lib/attack-run.js', import.meta.url);
const SEED = 13;
const RUNS = Number(process.env.ATTACK_RUNS || 100);
const specs = JSON.parse(execFileSync(process.execPath, [fileURLToPath(script), '--list'], { encoding: 'utf8' }));
const results = new Map(specs.map((s) => [s, runChild(script, [s, String(SEED), String(RUNS)], { timeout: 20000 })]));

let cases = 0, positions = 0;
for (const name of specs) {
  test(name, async () => {
    const r = await results.get(name);
    let out;
    try { out = JSON.parse(r.stdout.trim().split('\n').pop()); } catch {
      assert.unreachable(`${r.timedOut ? 'timed out' : `exit ${r.code} ${r.signal || ''}`}\n${r.stderr.slice(0, 2000)}`);
    }
    cases += out.cases;
    positions += out.positions;
    const lines = out.failures.map((f) => `${f.key} (${f.count}x, e.g. ${JSON.stringify(f.example)})`);
    if (r.code !== 0) lines.push(`the process died (${r.timedOut ? 'timed out' : `exit ${r.code} ${r.signal || ''}`}): ${r.stderr.slice(0, 600)}`);
    if (out.fatal) lines.push(`FATAL, stopped: ${JSON.stringify(out.fatal).slice(0, 800)}`);
    assert.ok(lines.length === 0, `\n  - ${lines.join('\n  - ')}`);
  });
}

test('size', () => {
  console.log(`\n  attack: ${cases} cases over ${positions} argument positions (this included) of ${specs.length} methods`
    + ` (${RUNS} runs per argument position, seed ${SEED})`);
});

test.run();
