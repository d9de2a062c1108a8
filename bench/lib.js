// Timing helpers for bench/run.js: medians of several samples after warm-up,
// each sample long enough (minMs) that the clock's resolution does not matter.

const now = () => Number(process.hrtime.bigint());

let sinkValue = 0;
/** Keeps a result alive so the optimiser cannot drop the work producing it. */
export function sink(x) {
  sinkValue ^= (typeof x === 'number' ? x : x === undefined || x === null ? 0 : 1);
  return sinkValue;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Nanoseconds per operation of fn(reps), which performs `reps` operations.
 * The rep count is calibrated so one sample lasts at least minMs; then `warm`
 * samples, and more until warmMs have passed, are discarded (the first calls
 * of a big operation can run at a third of its speed until V8's heap has
 * grown to fit its results), and the median of `samples` is returned.
 *
 * One full GC runs before the warm-up, so that no case pays for the garbage
 * of the one before, and none between samples: a forced full GC throws away
 * optimised code that embeds an object it finds dead ("deoptimization,
 * reason: weak objects" in --trace-deopt), so the sample after it would time
 * the interpreter. A for...of over a fresh iterator takes 2x its steady time
 * in the first call after a gc(). Samples see only the GCs that the operation
 * itself causes, as a program calling it in a loop would.
 *
 * `fresh: true` is for an operation whose result is a fresh multi-megabyte
 * string or ArrayBuffer: measureEach below.
 */
export function measure(fn, { minMs = 20, samples = 7, warm = 2, warmMs = 200, fresh = false } = {}) {
  if (globalThis.gc) globalThis.gc();
  let reps = 1;
  for (;;) {
    const t0 = now();
    sink(fn(reps));
    const ms = (now() - t0) / 1e6;
    if (ms >= minMs || reps >= 1 << 28) {
      // `samples` single calls, or up to 4x as many for a shorter operation.
      if (fresh) return measureEach(fn, Math.min(4 * samples, Math.max(samples, Math.ceil(minMs * samples / (ms / reps) / 4))), warmMs);
      break;
    }
    reps = ms < minMs / 16 ? reps * 8 : Math.ceil(reps * 1.5 * minMs / Math.max(ms, 1e-3));
  }
  const warmEnd = now() + warmMs * 1e6;
  for (let k = 0; k < warm || now() < warmEnd; k++) sink(fn(reps));
  const per = [];
  for (let k = 0; k < samples; k++) {
    const t0 = now();
    sink(fn(reps));
    per.push((now() - t0) / reps);
  }
  return median(per);
}

/**
 * For an operation that returns a fresh multi-megabyte result: the median of
 * `count` single calls of fn(1), each timed alone after a full GC (and warmMs
 * of the same first). What such a call costs depends on whether the allocator
 * can reuse the memory of the previous result. If no GC has freed it yet, the
 * kernel maps fresh pages, one fault per 4 KiB: 4,883 faults for a string
 * of 20,000,000 characters, 6 ms here, more than the work itself. In a loop without a GC per
 * call, which of the two a sample gets depends on when V8 happens to collect,
 * and the figures go bimodal (see bench/MISSES.md). The GC per call gives
 * every case, memview's and the alternatives', the reused-memory figure.
 * The GC's own time is not counted (a forced full GC, 1-2 ms here), so
 * bench/run.js also reports these rows timed in a plain loop.
 */
function measureEach(fn, count, warmMs) {
  const one = () => {
    if (globalThis.gc) globalThis.gc();
    const t0 = now();
    sink(fn(1));
    return now() - t0;
  };
  const warmEnd = now() + warmMs * 1e6;
  for (let k = 0; k < 2 || now() < warmEnd; k++) one();
  const per = [];
  for (let k = 0; k < count; k++) per.push(one());
  return median(per);
}

/**
 * The functions of one row measured interleaved, for ratios that one run on
 * a shared machine can trust: each fn(reps) is calibrated to last at least
 * minMs, all are warmed (warmMs in all, turn by turn), then `samples` rounds
 * each time every function once, in turn. Returns each one's median ns per
 * operation, in the order given. A drift of the machine's speed during the
 * row hits every function alike.
 *
 * `fresh: true` (a fresh multi-megabyte result per call): every sample is one
 * call after a full GC, as measureEach above, the GC not counted.
 * `budgetMs` caps a slow row: a function whose one call takes longer gets
 * fewer samples (down to the calibration call alone, reported as is).
 */
export function interleaved(fns, { minMs = 10, samples = 7, warmMs = 60, fresh = false, budgetMs = 1500 } = {}) {
  if (globalThis.gc) globalThis.gc();
  const reps = [], first = [], nsamples = [];
  for (const fn of fns) {
    let r = 1, perCall;
    for (;;) {
      if (fresh && globalThis.gc) globalThis.gc();
      const t0 = now();
      sink(fn(r));
      const ms = (now() - t0) / 1e6;
      if (ms >= minMs || r >= 1 << 28 || (fresh && ms >= 0.2)) { perCall = ms / r; break; }
      r = ms < minMs / 16 ? r * 8 : Math.ceil(r * 1.5 * minMs / Math.max(ms, 1e-3));
    }
    if (fresh) r = 1;
    reps.push(r);
    first.push(perCall * 1e6);
    nsamples.push(Math.max(0, Math.min(samples, Math.floor(budgetMs / Math.max(perCall * r, 1e-3)))));
  }
  const one = (k) => {
    if (fresh && globalThis.gc) globalThis.gc();
    const t0 = now();
    sink(fns[k](reps[k]));
    return (now() - t0) / reps[k];
  };
  const warmEnd = now() + warmMs * 1e6;
  for (let round = 0; round < 1 || now() < warmEnd; round++)
    for (let k = 0; k < fns.length; k++) if (nsamples[k] >= samples) one(k);
  const per = fns.map(() => []);
  for (let s = 0; s < samples; s++)
    for (let k = 0; k < fns.length; k++) if (s < nsamples[k]) per[k].push(one(k));
  return per.map((xs, k) => (xs.length ? median(xs) : first[k]));
}
