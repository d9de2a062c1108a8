// A file reader for the document's Worker (worker.js starts two). In
// Chromium the bytes of a Blob.slice().arrayBuffer() are copied out of the
// browser by the thread that asked for them, and one thread tops out at about
// half of what the browser can hand over (bench/web.js measures it): two
// readers, each with its own reads in flight, read about twice as fast as
// one, and the job's thread is left for memview's find.
//
// Messages in:  { id, file, lo, hi }.
// Messages out: { id, buf } (the ArrayBuffer of [lo, hi), transferred) or
//               { id, error: { name, message } }.

onmessage = async (e) => {
  const { id, file, lo, hi } = e.data;
  try {
    const buf = await file.slice(lo, hi).arrayBuffer();
    postMessage({ id, buf }, [buf]);
  } catch (err) {
    postMessage({ id, error: { name: err?.name || 'Error', message: err?.message || String(err) } });
  }
};
