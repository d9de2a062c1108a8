// Output with bounded memory: text is batched into blocks of about 64 KiB and
// each block waits for the stream to drain before the next, so a slow reader
// of our stdout (a pipe into `less`) never makes us buffer the whole dump.

const BLOCK = 64 * 1024;

export class Output {
  constructor(stream = process.stdout) {
    this.stream = stream;
    this.parts = [];
    this.pending = 0;
    this.closed = false;
    // A reader that went away (`memview xxd big | head`) ends the run quietly.
    stream.on('error', (err) => {
      if (err.code === 'EPIPE') { this.closed = true; return; }
      this.error = err;
    });
  }

  // Appends text; call `await out.flushIfFull()` at convenient points.
  write(text) {
    this.parts.push(text);
    this.pending += text.length;
  }

  get full() { return this.pending >= BLOCK; }

  async flushIfFull() {
    if (this.pending >= BLOCK) await this.flush();
  }

  async flush() {
    if (this.error) throw this.error;
    if (this.pending === 0 || this.closed) { this.parts = []; this.pending = 0; return; }
    const text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    if (!this.stream.write(text)) {
      await new Promise((resolve) => {
        const done = () => { this.stream.off('drain', done); this.stream.off('error', done); this.stream.off('close', done); resolve(); };
        this.stream.on('drain', done);
        this.stream.on('error', done);
        this.stream.on('close', done);
      });
    }
    if (this.error) throw this.error;
  }
}

// A one-line progress report on stderr, shown only when stderr is a terminal
// and stdout is not (on a terminal the output itself shows progress, and a
// progress line would be mixed into it). Throttled to a few updates a second,
// and only once a run has lasted a moment.
export class Progress {
  constructor(label, total, { stream = process.stderr, outputIsTTY = process.stdout.isTTY, enabled, now = () => Date.now() } = {}) {
    this.label = label;
    this.total = total;
    this.stream = stream;
    this.now = now;
    this.enabled = enabled ?? (Boolean(stream.isTTY) && !outputIsTTY);
    this.start = now();
    this.last = 0;
    this.shown = false;
  }

  update(done) {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.start < 500 || t - this.last < 200) return;
    this.last = t;
    this.shown = true;
    const pct = this.total > 0 ? Math.floor((done / this.total) * 100) : 100;
    this.stream.write(`\r${this.label}: ${pct}% (${formatSize(done)} of ${formatSize(this.total)})\x1b[K`);
  }

  finish() {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

export function formatSize(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  let x = n;
  while (x >= 1024 && u < units.length - 1) { x /= 1024; u++; }
  return u === 0 ? `${n} B` : `${x.toFixed(1)} ${units[u]}`;
}
