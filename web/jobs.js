// Long jobs, run by the document's Worker (worker.js), with progress and
// Cancel. One job at a time; the page stays responsive because the work is
// elsewhere. Cancel asks the worker to stop between chunks (a save then
// aborts its swap file) and ends the worker outright for jobs that have
// nothing to clean up (search, copy), or when it does not answer; a fresh
// worker starts with the next job. close() ends the worker: its wasm memory
// goes with it.

import { Cancelled } from './model/stream.js';

export { Cancelled };

export class Jobs {
  constructor(onChange = () => {}) {
    this.worker = null;
    this.ready = null;
    this.current = null;            // { id, label, done, total, cancel }
    this.nextId = 1;
    this.onChange = onChange;
    this.workerMemory = 0;          // the worker's wasm memory, as it last said
  }

  get busy() { return this.current !== null; }

  spawn() {
    if (this.worker) return this.ready;
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker = w;
    this.ready = new Promise((resolve, reject) => {
      w.onerror = (e) => {
        e.preventDefault?.();
        const message = `the worker failed: ${e.message || 'error'}`;
        reject(new Error(message));
        if (this.current) this.pending?.({ id: this.current.id, error: { name: 'Error', message } });
      };
      w.onmessage = (e) => {
        if (e.data.ready) { this.workerMemory = e.data.memory; resolve(); return; }
        this.pending?.(e.data);
      };
    });
    return this.ready;
  }

  /**
   * Runs { job, ...args } in the worker. label says what runs ("searching");
   * hard: Cancel may end the worker at once. Resolves with the result, rejects
   * with the worker's error or with Cancelled.
   */
  async run(label, msg, { hard = true } = {}) {
    if (this.current) throw new Error(`busy: ${this.current.label} (Cancel it first)`);
    const id = this.nextId++;
    let settle;
    const done = new Promise((resolve, reject) => { settle = { resolve, reject }; });
    const job = { id, label, done: 0, total: 0, started: performance.now() };
    job.cancel = () => {
      if (job.cancelling) return;
      job.cancelling = true;
      this.onChange(this.current);
      const w = this.worker;
      w?.postMessage({ cancel: id });
      const end = () => { if (this.current === job) { this.terminate(); settle.reject(new Cancelled()); } };
      if (hard) end(); else job.timer = setTimeout(end, 3000);
    };
    this.current = job;
    this.onChange(job);
    try {
      await Promise.race([this.spawn(), done]);
      this.pending = (m) => {
        if (m.id !== id) return;
        if (m.progress) { [job.done, job.total] = m.progress; this.onChange(job); return; }
        if (m.memory) this.workerMemory = m.memory;
        if (m.timing) this.lastTiming = { job: msg.job, ...m.timing };
        if (m.error) {
          const e = m.error.name === 'Cancelled' ? new Cancelled() : Object.assign(new Error(m.error.message), { name: m.error.name });
          settle.reject(e);
        } else settle.resolve(m.result);
      };
      if (!job.cancelling) this.worker.postMessage({ id, ...msg });
      return await done;
    } finally {
      clearTimeout(job.timer);
      if (this.current === job) this.current = null;
      this.pending = null;
      this.onChange(null);
    }
  }

  cancel() { this.current?.cancel(); }

  terminate() {
    this.worker?.terminate();
    this.worker = null; this.ready = null; this.pending = null;
  }

  /** Ends the worker (and with it its wasm memory). */
  close() { this.cancel(); this.terminate(); }
}
