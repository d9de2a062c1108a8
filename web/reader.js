// A file reader for the document's Worker (worker.js starts two). In
// Chromium the bytes of a Blob read are copied out of the browser by the
// thread that asked for them, and one thread tops out at about half of what
// the browser can hand over (bench/web.js measures it): two readers, each with
// its own reads in flight, read about twice as fast as one, and the job's
// thread is left for memview's find.
//
// A read comes with a buffer of the job's (transferred, not copied), which
// this thread fills with a BYOB reader of Blob.stream() and sends back: the
// job's few buffers go round, and no read allocates. A fresh ArrayBuffer per
// read (Blob.arrayBuffer()) costs the kernel a page fault and a zeroed page
// per 4 KiB, then an munmap when it is collected: about as much CPU as the
// copy out of the browser, on a machine whose cores the reading fills
// (bench/web.js: 'reads', both ways). Without a buffer, or where Blob.stream()
// has no BYOB reader, the read is Blob.arrayBuffer().
//
// Messages in:  { id, file, lo, hi, buf? } (buf: an ArrayBuffer of at least hi - lo bytes).
// Messages out: { id, buf, n } (buf, or a new ArrayBuffer, holding the n bytes
//               read of [lo, hi) at its start; transferred) or
//               { id, error: { name, message } }.

// The reads in flight, held here: Chromium collects a Blob slice's stream (and
// the read pending on it) that no script object holds, and then the read's
// promise never settles. A read held only by this async function's awaits was
// such a stream: after about 800 reads of a 16 GiB file one stalled for good
// (bench/web.js hung), and at once when the thread collects its garbage
// (tests/web/large.test.js).
const live = new Set();

/**
 * Fills buf with [lo, hi) of file: { buf, n } (each read moves buf's memory
 * to a new ArrayBuffer, the one returned); null where Blob.stream() is not a
 * byte stream (buf untouched).
 */
async function readInto(file, lo, hi, buf) {
  let rd, slice, stream;
  try { slice = file.slice(lo, hi); stream = slice.stream(); rd = stream.getReader({ mode: 'byob' }); } catch { return null; }
  const ref = { slice, stream, rd }; live.add(ref);
  const want = hi - lo;
  let n = 0, ended = false;
  try {
    while (n < want) {
      const { done, value } = await rd.read(new Uint8Array(buf, n, want - n));
      if (value) buf = value.buffer;
      if (done) { ended = true; break; }
      n += value.byteLength;
    }
    if (!ended) rd.cancel().catch(() => {});       // all of the slice is here: its stream can go
  } finally { rd.releaseLock(); live.delete(ref); }
  return { buf, n };
}

onmessage = async (e) => {
  const { id, file, lo, hi, buf } = e.data;
  try {
    let out = buf && buf.byteLength >= hi - lo ? await readInto(file, lo, hi, buf) : null;
    if (!out) { const ab = await file.slice(lo, hi).arrayBuffer(); out = { buf: ab, n: ab.byteLength }; }
    postMessage({ id, buf: out.buf, n: out.n }, [out.buf]);
  } catch (err) {
    postMessage({ id, error: { name: err?.name || 'Error', message: err?.message || String(err) } });
  }
};
