// The hex editor on files of any size, in Chromium (playwright-core): a sparse
// file larger than 4 GiB opened, read past 4 GiB, edited and searched; a save
// in place on the origin-private file system (a FileSystemFileHandle, no
// picker) checked byte for byte; Cancel of a search and of a save (the file
// stays as it was); a large copy done by the worker; closing a document gives
// its memory back. Skips without /usr/bin/chromium or without disk space.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from '../../web/serve.js';

const CHROMIUM = process.env.MEMVIEW_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', '--js-flags=--expose-gc'];
const BIG = 5 * 2 ** 30 + 123;                     // past what wasm32 can address
const MARK_AT = 2 ** 32 + 7;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memview-web-large-'));
const free = (() => { try { const s = fs.statfsSync(tmp); return s.bavail * s.bsize; } catch { return Infinity; } })();

if (!fs.existsSync(CHROMIUM) || free < 2 ** 30) {
  console.log(`web/large.test.js: SKIPPED, ${fs.existsSync(CHROMIUM) ? `only ${free} bytes free in ${tmp}` : `${CHROMIUM} is missing`}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  test.skip('large files in a browser', () => {});
  test.run();
} else run();

function run() {
  let server, browser, page, base, big;

  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const msg = () => page.textContent('#st-msg');
  const bytesAt = (off, n) => page.evaluate(async ([o, k]) => [...await window.hexEditor.doc.readAsync(o, o + k)], [off, n]);
  async function goTo(text) {
    await page.keyboard.press('Control+g');
    await page.fill('#goto', text);
    await page.press('#goto', 'Enter');
    await frame();
  }
  /** The page's memory: JS heap after GCs, wasm memory and what memview holds in it. */
  const memory = () => page.evaluate(async () => {
    const { heapStats } = await import('/js/memview.js');
    for (let k = 0; k < 4; k++) { window.gc(); await new Promise((r) => setTimeout(r, 30)); }
    const h = heapStats();
    return { js: performance.memory.usedJSHeapSize, wasm: h.memory, inUse: h.inUse };
  });
  /** Longest gap between two turns of the page's event loop while fn runs. */
  const startHeartbeat = () => page.evaluate(() => {
    const hb = window.heartbeat = { max: 0, last: performance.now(), on: true };
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      const now = performance.now();
      hb.max = Math.max(hb.max, now - hb.last); hb.last = now;
      if (hb.on) setTimeout(() => ch.port2.postMessage(0), 0);
    };
    ch.port2.postMessage(0);
  });
  const stopHeartbeat = () => page.evaluate(() => { window.heartbeat.on = false; return window.heartbeat.max; });

  test.before(async () => {
    big = path.join(tmp, 'disk.img');
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, BIG);                     // sparse: no disk used but the markers' blocks
    fs.writeSync(fd, Buffer.from('HEAD'), 0, 4, 0);
    fs.writeSync(fd, Buffer.from('MARK_4G!'), 0, 8, MARK_AT);
    fs.writeSync(fd, Buffer.from('THE END!'), 0, 8, BIG - 8);
    fs.closeSync(fd);
    const { chromium } = await import('playwright-core');
    server = createServer();
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 760 } });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message, e.stack));
    page.on('dialog', (d) => d.accept());
    await page.goto(`${base}/web/?file=`);
    await page.waitForFunction(() => window.hexEditor?.ready);
  });

  let t = Date.now();
  test.after.each(() => { if (process.env.WEB_TIMES) console.log(`  ${Date.now() - t} ms`); t = Date.now(); });
  test.after(async () => {
    await browser?.close();
    server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  let baseline;
  test('a 5 GiB sparse file opens at once and reads past 4 GiB', async () => {
    baseline = await memory();
    await page.setInputFiles('#file', big);
    await page.waitForFunction(() => /^opened disk\.img/.test(document.getElementById('st-msg').textContent));
    await frame();
    const s = await page.evaluate(() => ({ size: window.hexEditor.doc.size, reads: window.hexEditor.doc.pages.reads, ms: window.hexEditor.lastOpenMs }));
    assert.is(s.size, BIG);
    assert.ok(s.reads <= 2, `${s.reads} pages read to open`);
    assert.ok(s.ms < 2000, `open took ${s.ms} ms`);
    assert.match(await page.textContent('#st-size'), /^5,368,709,243 bytes \(5\.00 GiB\)/);
    const first = await page.$$eval('.row:first-child .tx', (c) => c.map((x) => x.textContent).join(''));
    assert.is(first.slice(0, 4), 'HEAD');
    await goTo(String(MARK_AT));
    assert.is(await page.evaluate(() => window.hexEditor.cursor), MARK_AT);
    await page.waitForFunction(() => !window.hexEditor.grid.loading);
    const cur = await page.$eval('.hx.cur', (c) => c.textContent);
    assert.is(cur, '4d');                          // 'M'
    await goTo('end');
    assert.is(await page.evaluate(() => window.hexEditor.cursor), BIG);
    assert.equal(await bytesAt(BIG - 8, 8), [...Buffer.from('THE END!')]);
    const mem = await memory();
    assert.ok(mem.js + mem.wasm < 200e6, `page memory ${mem.js + mem.wasm}`);
  });

  test("a reader thread's reads all answer when it collects its garbage (a Blob stream held by no object stalled for good)", async () => {
    const r = await page.evaluate(async () => {
      const f = window.hexEditor.doc.file;
      // reader.js as the worker runs it, with gc() after each message and soon after.
      const code = `importScripts(${JSON.stringify(location.origin + '/web/reader.js')}); const h = onmessage;` +
        ' onmessage = (e) => { h(e); gc(); setTimeout(gc, 1); setTimeout(gc, 5); };';
      const w = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      const got = new Map(); w.onmessage = (e) => got.get(e.data.id)(e.data);
      let done = 0;
      const one = (id) => new Promise((res) => { got.set(id, res); w.postMessage({ id, file: f, lo: id << 22, hi: (id + 1) << 22, buf: new ArrayBuffer(4 << 20) }); });
      await Promise.race([Promise.all(Array.from({ length: 32 }, (_, k) => one(k).then((d) => { if (d.n === 4 << 20) done++; }))), new Promise((res) => setTimeout(res, 10000))]);
      w.terminate();
      return done;
    });
    assert.is(r, 32, 'every read answered with its bytes');
  });

  test('edits past 4 GiB and at offset 0 of 5 GiB, undo and redo', async () => {
    await goTo(String(MARK_AT));
    await page.keyboard.type('6d');                // 'M' -> 'm'
    assert.equal(await bytesAt(MARK_AT, 2), [0x6d, 0x41]);
    await goTo('0');
    await page.keyboard.press('Insert');
    const t0 = Date.now();
    await page.keyboard.type('ff');
    await page.keyboard.press('Insert');
    assert.ok(Date.now() - t0 < 1000);
    assert.is(await page.evaluate(() => window.hexEditor.doc.size), BIG + 1);
    assert.equal(await bytesAt(0, 5), [0xff, ...Buffer.from('HEAD')]);
    assert.equal(await bytesAt(MARK_AT + 1, 2), [0x6d, 0x41]);   // moved by one
    await frame();
    assert.is(await page.$eval('.row:first-child .hx', (c) => c.textContent), 'ff');
    await page.keyboard.press('Control+z');
    assert.is(await page.evaluate(() => window.hexEditor.doc.size), BIG);
    assert.equal(await bytesAt(0, 4), [...Buffer.from('HEAD')]);
    await page.keyboard.press('Control+y');
    assert.equal(await bytesAt(0, 2), [0xff, 0x48]);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    assert.equal(await bytesAt(MARK_AT, 1), [0x4d]);
    assert.is(await page.evaluate(() => window.hexEditor.doc.dirty), false);
  });

  test('the worker finds text past 4 GiB; the page keeps turning meanwhile', async () => {
    await goTo(String(MARK_AT - (48 << 20)));
    await page.selectOption('#findmode', 'text');
    await page.fill('#find', 'MARK_4G!');
    await startHeartbeat();
    await page.press('#find', 'Enter');
    await page.waitForFunction(() => /match at|not found/.test(document.getElementById('findinfo').textContent), null, { timeout: 30000 });
    const gap = await stopHeartbeat();
    assert.is(await page.textContent('#findinfo'), `match at 0x${MARK_AT.toString(16)} (${MARK_AT})`);
    assert.is(await page.evaluate(() => window.hexEditor.cursor), MARK_AT);
    assert.ok(gap < 200, `the page stood still for ${gap} ms`);
  });

  test('Cancel stops a search over the whole file', async () => {
    await goTo('0');
    await page.fill('#find', 'no such text anywhere');
    await page.press('#find', 'Enter');
    await page.waitForFunction(() => /searching \d+%/.test(document.getElementById('st-joblabel').textContent), null, { timeout: 20000 });
    assert.is(await page.isVisible('#st-cancel'), true);
    await page.click('#st-cancel');
    await page.waitForFunction(() => /search cancelled/.test(document.getElementById('findinfo').textContent));
    const s = await page.evaluate(() => ({ busy: window.hexEditor.jobs.busy, worker: !!window.hexEditor.jobs.worker }));
    assert.equal(s, { busy: false, worker: false });   // the worker was ended
    assert.is(await page.isVisible('#st-job'), false);
    // A new search starts a fresh worker.
    await page.fill('#find', 'HEAD');
    await page.press('#find', 'Enter');
    await page.waitForFunction(() => /match at 0x0 /.test(document.getElementById('findinfo').textContent), null, { timeout: 20000 });
  });

  test('find all counts a 5 GiB file in the worker, with progress, and Cancel stops the count', async () => {
    await goTo('0');
    await page.fill('#find', 'no such text anywhere');
    await page.press('#find', 'Alt+Enter');
    await page.waitForFunction(() => /counting matches \d+%/.test(document.getElementById('st-joblabel').textContent), null, { timeout: 20000 });
    await page.click('#st-cancel');
    await page.waitForFunction(() => /count cancelled/.test(document.getElementById('findinfo').textContent));
    assert.equal(await page.evaluate(() => ({ busy: window.hexEditor.jobs.busy, worker: !!window.hexEditor.jobs.worker })), { busy: false, worker: false });
    assert.is(await page.isVisible('#st-job'), false);
  });

  test('closing the document gives its memory back', async () => {
    const open = await memory();
    assert.ok(open.inUse - baseline.inUse >= 4 << 20, 'the page cache is in wasm memory');
    await page.click('#close');
    await page.waitForFunction(() => /^closed disk\.img/.test(document.getElementById('st-msg').textContent));
    const after = await memory();
    assert.is(await page.evaluate(() => window.hexEditor.doc.size), 0);
    assert.is(await page.evaluate(() => window.hexEditor.jobs.worker), null);
    assert.ok(after.inUse - baseline.inUse < 64 << 10, `memview holds ${after.inUse - baseline.inUse} more bytes`);
    const grew = (after.js + after.wasm) - (baseline.js + baseline.wasm);
    assert.ok(grew < 20e6, `page memory grew by ${grew} bytes`);
  });

  // ---- save in place, on the origin-private file system ----------------------

  /** Makes an OPFS file of n bytes (byte i = i * 7 + (i >> 16) & 255) and opens it with Ctrl+O. */
  async function openOpfs(name, n) {
    await page.evaluate(async ([name, n]) => {
      const root = await navigator.storage.getDirectory();
      const h = await root.getFileHandle(name, { create: true });
      const w = await h.createWritable();
      const chunk = new Uint8Array(1 << 20);
      for (let off = 0; off < n; off += chunk.length) {
        const k = Math.min(chunk.length, n - off);
        for (let i = 0; i < k; i++) chunk[i] = ((off + i) * 7 + ((off + i) >> 16)) & 255;
        await w.write(chunk.subarray(0, k));
      }
      await w.close();
      window.showOpenFilePicker = async () => [h];   // what the picker would give
    }, [name, n]);
    await page.focus('#grid');
    await page.keyboard.press('Control+o');
    await page.waitForFunction((nm) => document.getElementById('st-msg').textContent.startsWith(`opened ${nm}`), name);
  }
  /** The OPFS file's size and every [offset, byte] where it differs from the bytes openOpfs wrote. */
  const opfsDiff = (name) => page.evaluate(async (nm) => {
    const root = await navigator.storage.getDirectory();
    const f = await (await root.getFileHandle(nm)).getFile();
    const u = new Uint8Array(await f.arrayBuffer()), diff = [];
    for (let i = 0; i < u.length; i++) if (u[i] !== ((i * 7 + (i >> 16)) & 255)) diff.push([i, u[i]]);
    return { size: u.length, diff: diff.slice(0, 100), count: diff.length };
  }, name);

  test('save in place: the edited bytes alone are written, then a resize rewrites; checked byte for byte', async () => {
    const n = 3 << 20;
    await openOpfs('save.bin', n);
    for (const at of [5, 70000, n - 1]) {
      await goTo(String(at));
      await page.keyboard.type('a5');
    }
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => /^saved save\.bin in place/.test(document.getElementById('st-msg').textContent));
    assert.match(await msg(), /3 edited bytes written over a copy/);
    assert.equal(await page.evaluate(() => window.hexEditor.lastSave.strategy), 'patch');
    // Byte for byte: the file is what openOpfs wrote but for the three edits.
    assert.equal(await opfsDiff('save.bin'), { size: n, diff: [[5, 0xa5], [70000, 0xa5], [n - 1, 0xa5]], count: 3 });
    assert.is(await page.evaluate(() => window.hexEditor.doc.dirty), false);
    // An insert: every byte after it moves, so the whole file is rewritten.
    await goTo('0x10');
    await page.keyboard.press('Insert');
    await page.keyboard.type('0b');
    await page.keyboard.press('Insert');
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => /^saved save\.bin in place/.test(document.getElementById('st-msg').textContent) &&
      window.hexEditor.lastSave.strategy === 'rewrite');
    const got = await page.evaluate(async (n) => {
      const root = await navigator.storage.getDirectory();
      const u = new Uint8Array(await (await (await root.getFileHandle('save.bin')).getFile()).arrayBuffer());
      const want = (i) => (i < 0x10 ? (i * 7 + (i >> 16)) & 255 : i === 0x10 ? 0x0b : ((i - 1) * 7 + ((i - 1) >> 16)) & 255);
      const edits = { 5: 0xa5, 70001: 0xa5, [n]: 0xa5 };   // 70000 and n - 1 moved by the insert
      let bad = 0;
      for (let i = 0; i < u.length; i++) if (u[i] !== (edits[i] ?? want(i))) bad++;
      return { size: u.length, bad };
    }, n);
    assert.equal(got, { size: n + 1, bad: 0 });
    assert.equal(await bytesAt(0x10, 2), [0x0b, (0x10 * 7) & 255]);   // the document is the new file
  });

  test('a large copy runs in the worker and reaches the clipboard', async () => {
    await page.focus('#grid');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    await page.waitForFunction(() => /^copied \d+ bytes as hex/.test(document.getElementById('st-msg').textContent), null, { timeout: 20000 });
    const n = (3 << 20) + 1;
    assert.match(await msg(), new RegExp(`^copied ${n} bytes`));
    const text = await page.evaluate(() => navigator.clipboard.readText());
    assert.is(text.length, 3 * n - 1);
    const head = await bytesAt(0, 4);
    assert.is(text.slice(0, 11), head.map((b) => b.toString(16).padStart(2, '0')).join(' '));
  });

  test('Cancel of a save, and a failed save, leave the file as it was', async () => {
    const n = 192 << 20;
    await openOpfs('cancel.bin', n);
    await goTo('0');
    await page.keyboard.press('Insert');
    await page.keyboard.type('00');
    await page.keyboard.press('Insert');
    await page.keyboard.press('Control+s');
    await page.waitForSelector('#st-job:not([hidden])');
    await page.click('#st-cancel');
    await page.waitForFunction(() => /^save cancelled: cancel\.bin is as it was/.test(document.getElementById('st-msg').textContent), null, { timeout: 20000 });
    const check = () => page.evaluate(async (n) => {
      const root = await navigator.storage.getDirectory();
      const f = await (await root.getFileHandle('cancel.bin')).getFile();
      if (f.size !== n) return `size ${f.size}`;
      for (let off = 0; off < n; off += 1 << 24) {
        const u = new Uint8Array(await f.slice(off, off + (1 << 24)).arrayBuffer());
        for (let i = 0; i < u.length; i += 4093) if (u[i] !== (((off + i) * 7 + ((off + i) >> 16)) & 255)) return `byte ${off + i}`;
      }
      const names = [];
      for await (const k of root.keys()) names.push(k);
      return names.sort().join(',');
    }, n);
    assert.is(await check(), 'cancel.bin,save.bin');   // intact, and no swap file left
    assert.is(await page.evaluate(() => window.hexEditor.doc.dirty), true);
    await page.evaluate(async () => {
      window.hexEditor.doc.markSaved();
      await (await navigator.storage.getDirectory()).removeEntry('cancel.bin');
    });
  });

  test('a save that fails half way (its source changed on disk) leaves the target as it was', async () => {
    const src = path.join(tmp, 'src.bin');
    fs.writeFileSync(src, Buffer.alloc(96 << 20, 0x11));
    await page.setInputFiles('#file', src);
    await page.waitForFunction(() => /^opened src\.bin/.test(document.getElementById('st-msg').textContent));
    await page.focus('#grid');
    await page.keyboard.press('Insert');
    await page.keyboard.type('22');
    await page.keyboard.press('Insert');
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const h = await root.getFileHandle('out.bin', { create: true });
      const w = await h.createWritable(); await w.write(new TextEncoder().encode('ORIGINAL')); await w.close();
      window.showSaveFilePicker = async () => h;      // what the picker would give
      window.hexEditor.message('');
    });
    fs.writeFileSync(src, Buffer.alloc(96 << 20, 0x33));   // behind the editor's back
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(src, later, later);
    await page.keyboard.press('Control+Shift+S');
    await page.waitForFunction(() => /^save (failed|cancel)|^saved/.test(document.getElementById('st-msg').textContent), null, { timeout: 20000 });
    const said = await msg();
    assert.match(said, /^save failed, out\.bin is as it was: NotReadableError/, said);
    const left = await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const names = [];
      for await (const k of root.keys()) names.push(k);
      const text = await (await (await root.getFileHandle('out.bin')).getFile()).text();
      for (const n of names) await root.removeEntry(n);
      window.hexEditor.doc.markSaved();
      return { names: names.sort(), text };
    });
    assert.equal(left, { names: ['out.bin', 'save.bin'], text: 'ORIGINAL' });
    assert.is(await page.evaluate(() => window.hexEditor.doc.size), (96 << 20) + 1);   // the edit is still there
  });

  test('a far go-to paints its bytes in one frame when the pages come at once, and ·· only when they are slow', async () => {
    const f = path.join(tmp, 'far.bin');
    { const fd = fs.openSync(f, 'w'); fs.ftruncateSync(fd, 64 << 20); fs.writeSync(fd, Buffer.from('FAR!'), 0, 4, 40 << 20); fs.closeSync(fd); }
    await page.setInputFiles('#file', f);
    await page.waitForFunction(() => /^opened far\.bin/.test(document.getElementById('st-msg').textContent));
    await frame();
    const r = await page.evaluate(async () => {
      const a = window.hexEditor, g = a.grid;
      // The target row's first hex cell (and its offset) in every frame until the bytes are shown.
      const watch = (to) => new Promise((res) => {
        const seen = [], t0 = performance.now();
        a.goTo(String(to));
        const tick = () => {
          const row = g.rows[Math.min(g.rows.length - 1, Math.floor(to / a.bpr) - g.top)];
          seen.push({ cell: row.hx[0].textContent, off: row.off.textContent.trim(), t: performance.now() - t0 });
          if (!g.loading && !g.pending) res(seen); else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const reads = a.doc.pages.reads;
      const fast = await watch(40 << 20);
      const started = a.doc.pages.reads - reads;
      // Slow pages (400 ms a read): '··' after the grace, then the bytes.
      const blob = a.doc.pages.blob;
      a.doc.pages.blob = { size: blob.size, slice: (x, y) => ({ arrayBuffer: () => new Promise((ok) => setTimeout(ok, 400)).then(() => blob.slice(x, y).arrayBuffer()) }) };
      const slow = await watch(20 << 20);
      a.doc.pages.blob = blob;
      return { fast, started, slow };
    });
    assert.ok(r.started >= 1, 'the go-to read pages');
    assert.ok(r.fast.every((s) => s.cell !== '··'), `no frame of ·· on a fast read: ${JSON.stringify(r.fast)}`);
    const last = r.fast[r.fast.length - 1];
    assert.is(last.cell, '46');                          // 'F' of FAR! at 40 MiB, the first byte of its row
    assert.is(last.off, (40 << 20).toString(16).padStart(8, '0'));
    const dots = r.slow.find((s) => s.cell === '··');
    assert.ok(dots, `·· shown while slow pages come: ${JSON.stringify(r.slow)}`);
    assert.ok(dots.t >= 100, `·· only after the grace (${dots.t} ms)`);
    const end = r.slow[r.slow.length - 1];
    assert.is(end.cell, '00');
    assert.is(end.off, (20 << 20).toString(16).padStart(8, '0'));
  });

  test('job progress redraws the status bar at most once a second; start, the last progress and the end show', async () => {
    const r = await page.evaluate(async () => {
      const st = window.hexEditor.panels.status, label = document.getElementById('st-joblabel');
      let changes = 0;
      const mo = new MutationObserver(() => changes++);
      mo.observe(label, { childList: true, characterData: true, subtree: true });
      const job = { label: 'testing', done: 0, total: 100 };
      st.showJob(job);
      const first = label.textContent;
      for (let k = 1; k <= 50; k++) { job.done = k; st.showJob(job); await new Promise((ok) => setTimeout(ok, 10)); }
      await new Promise((ok) => setTimeout(ok, 0));
      const during = changes;
      await new Promise((ok) => setTimeout(ok, 1100));
      const later = label.textContent;
      job.cancelling = true; st.showJob(job);
      const cancelling = label.textContent;
      st.showJob(null);
      const hidden = document.getElementById('st-job').hidden;
      mo.disconnect();
      return { first, during, later, cancelling, hidden };
    });
    assert.is(r.first, 'testing 0% (0 B of 100 B)');
    assert.ok(r.during <= 2, `${r.during} redraws in half a second`);
    assert.is(r.later, 'testing 50% (50 B of 100 B)');   // the last progress, drawn late
    assert.is(r.cancelling, 'testing: cancelling…');      // at once
    assert.is(r.hidden, true);
  });

  test.run();
}
