// Hex editor benchmark in Chromium: opening a 256 MiB file (time to first
// paint, memory), frame cost while scrolling through it, and searches that
// reach its end. Usage: node bench/web.js [MiB]   (needs /usr/bin/chromium)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from '../web/serve.js';

const MIB = Number(process.argv[2] || 256);
const SIZE = MIB << 20;
if (!fs.existsSync('/usr/bin/chromium')) { console.log('bench/web.js: skipped, /usr/bin/chromium missing'); process.exit(0); }

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memview-bench-'));
const file = path.join(tmp, `big-${MIB}MiB.bin`);
{
  // Non-trivial content: a repeating 64 KiB block of pseudo-random bytes, a marker at the end.
  const block = Buffer.alloc(64 << 10);
  let x = 0x12345678;
  for (let i = 0; i < block.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; block[i] = x & 0xff; }
  const fd = fs.openSync(file, 'w');
  for (let off = 0; off < SIZE; off += block.length) fs.writeSync(fd, block, 0, Math.min(block.length, SIZE - off), off);
  fs.writeSync(fd, Buffer.from('THE END!'), 0, 8, SIZE - 8);
  fs.closeSync(fd);
}

const server = createServer();
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--enable-precise-memory-info', '--js-flags=--expose-gc',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const stat = (a) => { a.sort((x, y) => x - y); return { median: a[a.length >> 1], p95: a[Math.floor(a.length * 0.95)], max: a[a.length - 1] }; };
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`http://127.0.0.1:${server.address().port}/web/?file=`);
  await page.waitForFunction(() => window.hexEditor?.ready);

  const t0 = Date.now();
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => /^opened /.test(document.getElementById('st-msg').textContent), null, { timeout: 120000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const firstPaint = Date.now() - t0;
  const mem = await page.evaluate(async () => {
    const m = await import('/js/memview.js');
    const h = m.heapStats ? m.heapStats() : {};
    const jsHeap = performance.memory?.usedJSHeapSize;
    // The chunks read from the File are garbage by now; a few GCs free their backing stores.
    for (let k = 0; k < 3 && window.gc; k++) { window.gc(); await new Promise((r) => setTimeout(r, 50)); }
    return { wasmMemory: h.memory, wasmInUse: h.inUse, jsHeap, jsHeapAfterGc: performance.memory?.usedJSHeapSize };
  });

  // Scrolling: one page per frame through the file, timing each draw.
  const scroll = await page.evaluate(async () => {
    const g = window.hexEditor.grid, draws = [], frames = [];
    const step = Math.floor(g.maxTop / 300);
    let last = performance.now();
    for (let k = 0; k < 300; k++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now(); frames.push(now - last); last = now;
      g.top = Math.min(g.maxTop, k * step);
      const t = performance.now(); g.draw(); draws.push(performance.now() - t);
    }
    const idle = [];               // the same loop without drawing: the headless baseline
    last = performance.now();
    for (let k = 0; k < 60; k++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now(); idle.push(now - last); last = now;
    }
    return { draws, frames, idle, rows: document.querySelectorAll('.row').length };
  });

  // Searches that reach the end: a rare first byte, then a pattern whose first byte is everywhere.
  const searches = {};
  for (const [label, pat] of [['"THE END!" (near the end)', '54 48 45 20 45 4e 44 21'], ['absent, common first byte', String(await page.evaluate(() => window.hexEditor.doc.byteAt(0).toString(16).padStart(2, '0'))) + ' ff ff ff ff ff ff ff']]) {
    await page.evaluate(() => { const a = window.hexEditor; a.moveTo(0); a.currentMatch = null; });
    await page.selectOption('#findmode', 'hex');
    await page.fill('#find', pat);
    const t = Date.now();
    await page.click('#findnext');
    await page.waitForFunction(() => /match at|not found/.test(document.getElementById('findinfo').textContent), null, { timeout: 300000 });
    searches[label] = { ms: Date.now() - t, result: await page.textContent('#findinfo') };
  }

  const mib = (n) => n === undefined ? 'n/a' : `${(n / 1048576).toFixed(1)} MiB`;
  console.log(`hex editor, ${MIB} MiB file, Chromium headless`);
  console.log(`  open to first paint: ${firstPaint} ms (page reports ${await page.evaluate(() => window.hexEditor.lastOpenMs)} ms reading)`);
  console.log(`  wasm memory: ${mib(mem.wasmMemory)} (in use by memview ${mib(mem.wasmInUse)}), JS heap ${mib(mem.jsHeap)} (${mib(mem.jsHeapAfterGc)} after a GC)`);
  const d = stat(scroll.draws), f = stat(scroll.frames.slice(1)), idle = stat(scroll.idle.slice(1));
  console.log(`  scrolling (${scroll.rows} row elements): draw median ${d.median.toFixed(2)} ms, p95 ${d.p95.toFixed(2)} ms, max ${d.max.toFixed(2)} ms; frame interval median ${f.median.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms (idle page: ${idle.median.toFixed(1)} ms)`);
  for (const [k, v] of Object.entries(searches)) console.log(`  search ${k}: ${v.ms} ms → ${v.result}`);
} finally {
  await browser.close();
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
