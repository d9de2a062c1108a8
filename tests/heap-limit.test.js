// The allocator at the limit of wasm32 memory (issue 13, "the heap at 4 GiB"):
// allocations never overlap and never pass the end of memory, the one that
// cannot be satisfied is a MemoryError, the instance keeps working after the
// memory is freed, the heap figures are exact, and memory grows geometrically.
//
// Each case runs in a child process of its own (this file, with
// MEMVIEW_HEAP_CHILD naming the case): filling wasm memory to its limit takes
// about 4 GiB of RAM, and wasm memory never shrinks, so it would change what
// later tests in the same process measure. MEMVIEW_EDGE_BIG=0 skips the
// filling case on small machines, as in tests/edges.test.js.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = process.env.MEMVIEW_HEAP_CHILD;
const MiB = 1 << 20;

if (CHILD) {
  await runChild(CHILD);
} else {
  const { test } = await import('uvu');
  const assert = await import('uvu/assert');
  const self = fileURLToPath(import.meta.url);
  /** Runs one case in a child process and returns its JSON report. */
  const child = (name) => {
    const r = spawnSync(process.execPath, ['--expose-gc', self], {
      encoding: 'utf8', env: { ...process.env, MEMVIEW_HEAP_CHILD: name }, timeout: 60_000, maxBuffer: 1 << 24,
    });
    assert.is(r.status, 0, `child ${name} failed (status ${r.status}, signal ${r.signal}):\n${r.stderr}`);
    const lines = r.stdout.trim().split('\n');
    return JSON.parse(lines[lines.length - 1]);
  };
  const big = process.env.MEMVIEW_EDGE_BIG === '0' ? test.skip : test;

  big('filling wasm memory to its limit: no overlap, MemoryError at the end, all works after freeing', () => {
    const r = child('fill');
    // 15 blocks of 256 MiB fit below 4 GiB beside the binding's own few
    // hundred KiB; a 16th would need all of the 4 GiB and more.
    assert.is(r.fit256, 15);
    assert.is(r.error256, 'MemoryError');
    assert.ok(r.blocks > 40, `filled down to small blocks (${r.blocks} blocks)`);
    assert.ok(r.filled > 4 * 1024 * MiB - 64 * MiB, `filled ${r.filled} bytes`);
    assert.is(r.refit256, 15, 'as many 256 MiB blocks fit again after everything was freed');
  });

  test('memory grows geometrically: few growths for 199 MiB of 1 KiB allocations', () => {
    const r = child('growth');
    assert.ok(r.memory >= 199 * MiB, `memory ${r.memory}`);
    // One growth per 64 KiB page would be 3,000 and more; growing by half of
    // what there is each time takes about 13 from 1 MiB.
    assert.ok(r.growths <= 20, `${r.growths} growths`);
    assert.ok(r.growths >= 5, `${r.growths} growths`);
  });

  test.run();
}

async function runChild(name) {
  const assert = (await import('node:assert/strict')).default;
  const { memoryview, bytes, bytearray, struct, heapStats, MemoryError } = await import('../js/memview.js');
  const settle = () => new Promise((r) => setTimeout(r, 10));

  /** Ordinary work gives the right answers. */
  function stillWorks() {
    assert.deepEqual([...memoryview(bytearray('Hello')).tobytes()], [72, 101, 108, 108, 111]);
    const b = bytearray([1, 2, 3, 4, 5, 6]);
    const m = memoryview(b).cast('H', [3]);
    assert.deepEqual(m.tolist(), [0x0201, 0x0403, 0x0605]);
    assert.equal(memoryview(b).slice(1, undefined, 2).hex(':'), '02:04:06');
    assert.deepEqual(struct.unpack('<hB', Uint8Array.of(0xff, 0xff, 7)), [-1, 7]);
    assert.ok(bytes('abc').equals(Uint8Array.of(97, 98, 99)));
    m.release();
  }

  if (name === 'growth') {
    // 199 MiB of 1 KiB bytearrays; each growth of wasm memory replaces its
    // buffer, so counting the changes of heapStats().memory across single
    // allocations counts the growths.
    const keep = [];
    let growths = 0, memory = heapStats().memory;
    for (let i = 0; i < 199 * 1024; i++) {
      keep.push(bytearray(1024));
      const now = heapStats().memory;
      if (now !== memory) { growths++; memory = now; }
    }
    assert.equal(heapStats().blocks >= keep.length, true);
    stillWorks();
    console.log(JSON.stringify({ growths, memory }));
    return;
  }

  assert.equal(name, 'fill');
  // Each block is stamped at its head and tail, through the C core (struct
  // pack_into computes the address in wasm) and read back through both the C
  // core and JS. An overlapping block, or one that runs past the end of memory
  // (whose tail, in wasm's 32-bit address arithmetic, wraps to address 0),
  // clobbers a stamp or cannot be read back.
  const blocks = [];
  let tag = 0x1000;
  function stamp(ba) {
    const t = tag++;
    const n = ba.length;
    struct.pack_into('<II', ba, 0, t, (t * 2654435761) >>> 0);
    struct.pack_into('<II', ba, n - 8, (t ^ 0xa5a5a5a5) >>> 0, t + 7);
    blocks.push({ ba, t, n });
  }
  function check(b) {
    const { ba, t, n } = b;
    assert.equal(ba.length, n);
    const head = [t, (t * 2654435761) >>> 0], tail = [(t ^ 0xa5a5a5a5) >>> 0, t + 7];
    assert.deepEqual(struct.unpack_from('<II', ba, 0), head, `head of block ${t}`);
    assert.deepEqual(struct.unpack_from('<II', ba, n - 8), tail, `tail of block ${t}`);
    const js = [0, 4].map((k) => [0, 1, 2, 3].reduce((v, j) => v + ba.get(k + j) * 2 ** (8 * j), 0));
    assert.deepEqual(js, head, `head of block ${t}, read by JS`);
    const jt = [n - 8, n - 4].map((k) => [0, 1, 2, 3].reduce((v, j) => v + ba.get(k + j) * 2 ** (8 * j), 0));
    assert.deepEqual(jt, tail, `tail of block ${t}, read by JS`);
  }
  /** [start, end) of a bytearray's bytes in wasm memory, from the TypedArray
   *  over them that asTypedArray() makes. */
  function span(ba) {
    const m = memoryview(ba);
    try {
      let t;
      try { t = m.asTypedArray(); } catch (e) { assert.fail(`a block of ${ba.length} bytes is not inside memory: ${e}`); }
      assert.equal(t.length, ba.length);
      return [t.byteOffset, t.byteOffset + t.length];
    } finally { m.release(); }
  }
  function checkAll() {
    // The blocks' address ranges are disjoint and inside memory.
    const stats = heapStats();
    const spans = blocks.map((b) => span(b.ba)).sort((x, y) => x[0] - y[0]);
    for (let i = 0; i < spans.length; i++) {
      assert.ok(spans[i][0] > 0 && spans[i][1] <= stats.memory, `block [${spans[i]}] inside memory of ${stats.memory}`);
      if (i > 0) assert.ok(spans[i - 1][1] <= spans[i][0], `blocks [${spans[i - 1]}] and [${spans[i]}] overlap`);
    }
    for (const b of blocks) check(b);
    // The figures are exact: every live byte and block, with no wrap at 2**32.
    if (base !== null) {
      assert.equal(stats.inUse, base.inUse + sum(), 'bytes in use');
      assert.equal(stats.blocks, base.blocks + blocks.length, 'blocks in use');
      assert.ok(stats.peak >= stats.inUse);
    }
  }
  /** Allocates blocks of n bytes until one is refused; returns the count and the error. */
  function fillWith(n) {
    let count = 0;
    for (;;) {
      let ba;
      try { ba = bytearray(n); } catch (e) { checkAll(); return { count, error: e }; }
      stamp(ba);
      count++;
      checkAll();
    }
  }

  let base = null;
  const sum = () => blocks.reduce((s, b) => s + b.n, 0);
  stillWorks();
  stamp(bytearray(64)); checkAll(); blocks.length = 0; // the formats are compiled: they allocate no more
  for (let k = 0; k < 3; k++) { globalThis.gc(); await settle(); } // the garbage of the lines above is freed
  base = heapStats();
  const base0 = base;

  const first = fillWith(256 * MiB);
  assert.ok(first.error instanceof MemoryError, `got ${first.error}`);
  // The rest of memory, in ever smaller blocks, down to the last few bytes.
  for (const n of [16 * MiB, MiB, 64 << 10, 4096, 256, 16]) {
    const r = fillWith(n);
    assert.ok(r.error instanceof MemoryError, `${n}: got ${r.error}`);
  }
  const full = heapStats();
  assert.ok(full.memory <= 2 ** 32);

  // Growing the block highest in memory asks for more than there is above
  // it: realloc must move it (into a freed hole) or refuse, never run on
  // past the end of memory.
  const hole = blocks.findIndex((b) => b.n === 256 * MiB);
  blocks[hole].ba.clear();
  blocks.splice(hole, 1);
  let hi = blocks.reduce((a, b) => (span(b.ba)[0] > span(a.ba)[0] ? b : a));
  for (const n of [64 * MiB, 300 * MiB]) {
    try {
      hi.ba.resize(n);
      assert.ok(span(hi.ba)[1] <= heapStats().memory);
      struct.pack_into('<II', hi.ba, n - 8, (hi.t ^ 0xa5a5a5a5) >>> 0, hi.t + 7);
      hi.n = n;
    } catch (e) {
      assert.ok(e instanceof MemoryError, `resize to ${n}: got ${e}`);
    }
    checkAll();
  }
  assert.equal(hi.n, 64 * MiB, 'the 64 MiB resize moved into the hole, the 300 MiB one was refused');
  hi = null;

  // Freed by two paths: clear() at once, and dropped references collected.
  const peak = heapStats().peak;
  blocks.forEach((b, i) => { if (i % 2) b.ba.clear(); });
  blocks.length = 0;
  for (let k = 0; k < 10 && heapStats().inUse !== base.inUse; k++) { globalThis.gc(); await settle(); }
  const freed = heapStats();
  assert.equal(freed.inUse, base.inUse);
  assert.equal(freed.blocks, base.blocks);
  assert.equal(freed.peak, peak);
  stillWorks();

  // Memory is reusable: the same 256 MiB blocks fit again, with the same end.
  for (let k = 0; k < 3; k++) { globalThis.gc(); await settle(); } // stillWorks' garbage
  base = heapStats();
  const again = fillWith(256 * MiB);
  assert.ok(again.error instanceof MemoryError, `got ${again.error}`);
  stillWorks();
  for (const b of blocks) b.ba.clear();
  blocks.length = 0;
  stillWorks();
  console.log(JSON.stringify({
    fit256: first.count, error256: first.error.name, blocks: full.blocks - base0.blocks,
    filled: full.inUse - base0.inUse, refit256: again.count, memory: full.memory,
  }));
}
