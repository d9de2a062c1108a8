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
 */
export function measure(fn, { minMs = 20, samples = 7, warm = 2, warmMs = 200 } = {}) {
  let reps = 1;
  for (;;) {
    const t0 = now();
    sink(fn(reps));
    const ms = (now() - t0) / 1e6;
    if (ms >= minMs || reps >= 1 << 28) break;
    reps = ms < minMs / 16 ? reps * 8 : Math.ceil(reps * 1.5 * minMs / Math.max(ms, 1e-3));
  }
  const warmEnd = now() + warmMs * 1e6;
  for (let k = 0; k < warm || now() < warmEnd; k++) sink(fn(reps));
  const per = [];
  for (let k = 0; k < samples; k++) {
    if (globalThis.gc) globalThis.gc();
    const t0 = now();
    sink(fn(reps));
    per.push((now() - t0) / reps);
  }
  return median(per);
}
