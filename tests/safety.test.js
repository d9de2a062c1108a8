// Issue 13's regression tests: one per memory-safety bug it lists in the JS
// binding (out-of-bounds writes, use after free through user code run
// mid-call, JS buffers of 4 GiB or more, forged objects, wrong errors, and
// the export lock, tolist's MemoryError, memory growth and array.clear()).
// Each case lives in tests/lib/safety-cases.js and runs in a node process of
// its own, two at a time, so that one that corrupts the heap or kills the
// process cannot hide the others. MEMVIEW_LIB=path/to/memview.js runs them
// against another copy of the binding.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChild } from './lib/hostile.js';
import { names } from './lib/safety-cases.js';

const script = new URL('./lib/safety-cases.js', import.meta.url);
// Start every child now; each test awaits its own.
const TIMEOUT = { 'tolist() of 5e8 items': 40000 };
const results = new Map(names.map((n) => [n, runChild(script, [n], { timeout: TIMEOUT[n] || 20000 })]));

for (const name of names) {
  test(name, async () => {
    const r = await results.get(name);
    const how = r.timedOut ? `timed out after ${r.ms} ms` : r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
    const tail = (r.stderr || '').trim().split('\n').slice(0, 30).join('\n');
    assert.ok(r.code === 0 && r.stdout.trim() === 'ok', `${how} (${r.ms} ms)\n${tail}`);
  });
}

test.run();
