// The hex editor a power user switches to (issue 17), in Chromium via
// playwright-core: one browser, one page. The bugs of the issue first (each a
// test that failed before its fix), then paste, copy as, search, statistics,
// compare, bookmarks, fill, named templates on real files, the inspector's
// new rows, row width / offsets / text column, the context menu, layout and
// the light theme. Values are checked against CPython's struct (3.13) and Node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { struct } from '../../js/memview.js';
import { makeBmp } from '../../web/make-sample.js';
import { createServer } from '../../web/serve.js';

const CHROMIUM = process.env.MEMVIEW_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Runs CPython 3.13 on `code` and returns its stdout parsed as JSON. */
function python(code) {
  const out = execFileSync('python3', ['-c', code], { env: { ...process.env, PYENV_VERSION: '3.13.0' }, encoding: 'utf8' });
  return JSON.parse(out);
}

if (!fs.existsSync(CHROMIUM)) {
  console.log(`web/editor.test.js: SKIPPED, ${CHROMIUM} is missing`);
  test.skip('power-user hex editor', () => {});
  test.run();
} else run();

function run() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memview-web-editor-'));
  const sample = makeBmp();
  const samplePath = path.join(tmp, 'sample.bmp');
  fs.writeFileSync(samplePath, sample);
  let server, browser, ctx, page, base;
  const errors = [];

  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const msg = () => page.textContent('#st-msg');
  const state = () => page.evaluate(() => {
    const a = window.hexEditor;
    return { size: a.doc.size, cursor: a.cursor, changes: a.doc.changeCount, column: a.column, sel: a.selection };
  });
  const bytesAt = (off, n) => page.evaluate(async ([o, k]) => [...await window.hexEditor.doc.readAsync(o, o + k)], [off, n]);
  const allBytes = () => page.evaluate(async () => [...await window.hexEditor.doc.readAsync(0, window.hexEditor.doc.size)]);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const setClipboard = (t) => page.evaluate((s) => navigator.clipboard.writeText(s), t);
  async function goTo(text) {
    await page.keyboard.press('Control+g');
    await page.fill('#goto', text);
    await page.press('#goto', 'Enter');
    await frame();
  }
  async function open(file) {
    await page.evaluate(() => window.hexEditor.doc.markSaved());
    const name = path.basename(file);
    await page.setInputFiles('#file', file);
    await page.waitForFunction((n) => window.hexEditor.doc.name === n && /opened|empty/.test(document.getElementById('st-msg').textContent), name);
    await page.focus('#grid');
    await frame();
  }
  /** Selects [a, b) with the keyboard: go to a, Shift+Right b - a - 1 times. */
  async function select(a, b) {
    await goTo(String(a));
    await page.focus('#grid');
    for (let i = a; i < b - 1; i++) await page.keyboard.press('Shift+ArrowRight');
  }
  const inspector = () => page.$$eval('#inspector tr', (trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.type, tr.querySelector('input')?.value ?? tr.cells[1].textContent])));
  const waitMsg = (re) => page.waitForFunction((s) => new RegExp(s).test(document.getElementById('st-msg').textContent), re.source, { timeout: 20000 });

  test.before(async () => {
    const { chromium } = await import('playwright-core');
    server = createServer();
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 860 } });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await ctx.newPage();
    page.on('pageerror', (e) => { errors.push(e.message); console.error('page error:', e.message); });
    page.on('dialog', (d) => d.accept());
    await page.goto(`${base}/web/?file=`);
    await page.waitForFunction(() => window.hexEditor?.ready);
    await open(samplePath);
  });

  test.after(async () => {
    await browser?.close();
    server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  // ---- the bugs ------------------------------------------------------------------

  test('bug: floats show as Python shows them (-0.0, 1.0, 1e+16, 1e-05)', async () => {
    const cases = ['0000000000000080', '000000000000f03f', '0000000000000043', '00000000000000c0',
      'f168e388b5f8e43e', '9a9999999999b93f', '000000000080dc43'];
    const want = python(`import struct,json;print(json.dumps([[repr(struct.unpack('<d',bytes.fromhex(h))[0]),repr(struct.unpack('<f',bytes.fromhex(h[:8]))[0])] for h in ${JSON.stringify(cases)}]))`);
    for (let k = 0; k < cases.length; k++) {
      await goTo('0x100');
      await page.keyboard.type(cases[k]);
      await goTo('0x100');
      const v = await inspector();
      assert.is(v.float64, want[k][0], cases[k]);
      assert.is(v.float32, want[k][1], cases[k]);
    }
    for (let k = 0; k < cases.length * 8; k++) await page.keyboard.press('Control+z');   // 8 bytes, one edit each
    assert.equal(await bytesAt(0x100, 8), [...sample.subarray(0x100, 0x108)]);
  });

  test('bug: Escape in an inspector or template field cancels, Enter writes', async () => {
    await goTo('0x22');
    const input = '#inspector tr[data-type="uint16"] input';
    await page.fill(input, '4660');
    await page.press(input, 'Escape');
    assert.equal(await bytesAt(0x22, 2), [...sample.subarray(0x22, 0x24)]);
    assert.is(await page.evaluate(() => document.activeElement.id), 'grid');
    await goTo('0');
    await page.fill('#tpl', '<2s:magic I:size');
    const field = '#tplfields input[data-index="1"]';
    await page.fill(field, '7');
    await page.press(field, 'Escape');
    assert.equal(await bytesAt(2, 4), [...sample.subarray(2, 6)]);
  });

  test('bug: Tab leaves the grid (hex -> text -> next control); ARIA roles and a live status', async () => {
    await page.focus('#grid');
    await page.evaluate(() => window.hexEditor.state.set({ column: 'hex' }));
    await page.keyboard.press('Tab');
    assert.is((await state()).column, 'text');
    assert.is(await page.evaluate(() => document.activeElement.id), 'grid');
    await page.keyboard.press('Tab');
    assert.is.not(await page.evaluate(() => document.activeElement.id), 'grid');
    await page.keyboard.press('Shift+Tab');
    assert.is(await page.evaluate(() => document.activeElement.id), 'grid');
    await page.keyboard.press('Shift+Tab');
    assert.is((await state()).column, 'hex');
    assert.is(await page.getAttribute('#grid', 'role'), 'grid');
    assert.is(await page.getAttribute('#st-msg', 'aria-live'), 'polite');
    assert.ok(await page.$$eval('#grid [role="row"]', (r) => r.length) > 0);
    assert.ok(await page.getAttribute('#grid', 'aria-activedescendant'));
    await page.focus('#grid');
  });

  test('bug: Ctrl+V and Shift+Insert paste (and say so); Shift+Insert does not toggle insert mode', async () => {
    await goTo('0x60');
    await setClipboard('de ad be ef');
    await page.keyboard.press('Control+v');
    await page.waitForFunction(() => /pasted/.test(document.getElementById('st-msg').textContent));
    assert.equal(await bytesAt(0x60, 4), [0xde, 0xad, 0xbe, 0xef]);
    assert.is((await state()).size, sample.length);
    await setClipboard('0102');
    await goTo('0x70');
    await page.keyboard.press('Shift+Insert');
    await page.waitForFunction(() => /pasted 2/.test(document.getElementById('st-msg').textContent));
    assert.equal(await bytesAt(0x70, 2), [1, 2]);
    assert.is(await page.evaluate(() => window.hexEditor.insertMode), false);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    assert.equal(await bytesAt(0x60, 4), [...sample.subarray(0x60, 0x64)]);
    assert.equal(await bytesAt(0x70, 2), [...sample.subarray(0x70, 0x72)]);
  });

  test('bug: typing over a selection starts at the selection, not at its cursor end', async () => {
    await select(0x40, 0x44);
    assert.equal((await state()).sel, [0x40, 0x44]);
    await page.keyboard.type('ab');
    assert.equal(await bytesAt(0x40, 4), [0xab, ...sample.subarray(0x41, 0x44)]);
    await page.keyboard.press('Control+z');
    assert.equal(await bytesAt(0x40, 4), [...sample.subarray(0x40, 0x44)]);
  });

  test('bug: Backspace on a half-typed byte takes back the nibble only', async () => {
    await goTo('0x50');
    const before = await state();
    await page.keyboard.type('c');
    await page.keyboard.press('Backspace');
    const after = await state();
    assert.equal(await bytesAt(0x4f, 2), [...sample.subarray(0x4f, 0x51)]);
    assert.is(after.size, before.size);
    assert.is(after.cursor, 0x50);
    assert.is(after.changes, before.changes);
  });

  test('bug: an old search does not carry over to the next file', async () => {
    await page.keyboard.press('Control+f');
    await page.fill('#find', '42 4d');
    await page.press('#find', 'Enter');
    await page.waitForFunction(() => /match/.test(document.getElementById('findinfo').textContent));
    const other = path.join(tmp, 'other.bin');
    fs.writeFileSync(other, Buffer.from('BMBMBM'));
    await open(other);
    assert.is(await page.textContent('#findinfo'), '');
    assert.is(await page.$$eval('.hx.f, .hx.F', (c) => c.length), 0);
    await open(samplePath);
    await page.fill('#find', '');
  });

  test('bug: no stale red hint on an emptied template field; native sizes are explained', async () => {
    await page.fill('#tpl', '<4sQz');
    assert.is(await page.$eval('#tplinfo', (e) => e.classList.contains('bad')), true);
    await page.fill('#tpl', '');
    assert.is(await page.$eval('#tplinfo', (e) => e.classList.contains('bad')), false);
    assert.is(await page.$eval('#tpl', (e) => e.classList.contains('bad')), false);
    await goTo('0');
    await page.fill('#tpl', 'Il');
    assert.match(await page.textContent('#tplinfo'), /native/);
    assert.match(await page.textContent('#tplinfo'), /l.*4 bytes/);
    await page.fill('#tpl', '<Il');
    assert.not.match(await page.textContent('#tplinfo'), /native/);
  });

  test('bug: "View as" shows a file whose size is not a multiple, and follows the BE toggle', async () => {
    await page.selectOption('#viewas', 'I');
    assert.match(await page.textContent('#viewinfo'), /397 items of 'I' \+ 2 bytes/);
    await frame();
    const cells = () => page.$$eval('.row:first-child .it', (c) => c.slice(0, 3).map((x) => x.textContent));
    assert.equal(await cells(), struct.unpack_from('<3I', sample, 0).map(String));
    await page.click('#vorder');
    await frame();
    assert.equal(await cells(), struct.unpack_from('>3I', sample, 0).map(String));
    assert.match(await page.textContent('#colhead'), /big-endian/);
    await page.click('#vorder');
    await page.selectOption('#viewas', 'B');
  });

  test('bug: wording: "1 byte", "-0x10", no 1.2e+24', async () => {
    const one = path.join(tmp, 'one.bin');
    fs.writeFileSync(one, Buffer.from([7]));
    await open(one);
    assert.match(await page.textContent('#st-size'), /^1 byte \(/);
    await goTo('-0x10');
    assert.not.match(await msg(), /0x-/);
    assert.match(await msg(), /-16 \(-0x10\)/);
    await goTo('1200000000000000000000000');
    assert.not.match(await msg(), /e\+/);
    assert.match(await msg(), /1200000000000000000000000/);
    await open(samplePath);
  });

  test('bug: copy of a large selection: no freeze, no uncaught error, says what to do', async () => {
    const big = path.join(tmp, 'big.bin');
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, 1 << 30);
    fs.writeSync(fd, Buffer.from('MID'), 0, 3, 1 << 20);
    fs.closeSync(fd);
    await open(big);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    await waitMsg(/Selection to file/);
    assert.equal(errors, []);
    // 2 MiB: copied by the worker, with progress, to the clipboard.
    await page.evaluate(() => window.hexEditor.state.set({ anchor: 0, cursor: (2 << 20) - 1 }));
    await page.keyboard.press('Control+c');
    await waitMsg(/copied 2097152 bytes as hex/);
    const text = await clipboard();
    assert.is(text.length, (2 << 20) * 3 - 1);
    assert.is(text.slice((1 << 20) * 3, (1 << 20) * 3 + 8), '4d 49 44');
    await open(samplePath);
  });

  test('layout: 32-byte rows fit at 1440 px, the text column shows at 800 px, the grid is wide at 390 px; light theme', async () => {
    const fits = () => page.evaluate(() => {
      const g = document.getElementById('grid').getBoundingClientRect();
      const row = document.querySelector('#grid .row');
      const tx = row.querySelectorAll('.tx');
      const last = tx[tx.length - 1].getBoundingClientRect();
      return { right: last.right, gridRight: g.right, width: g.width, shown: getComputedStyle(row.querySelector('.txt')).display !== 'none' };
    });
    await page.evaluate(() => window.hexEditor.setRowWidth(32));
    await frame();
    let f = await fits();
    assert.ok(f.shown && f.right <= f.gridRight, `1440: text ends at ${f.right}, grid at ${f.gridRight}`);
    await page.evaluate(() => window.hexEditor.setRowWidth(16));
    await page.setViewportSize({ width: 800, height: 860 });
    await frame(); await frame();
    f = await fits();
    assert.ok(f.shown && f.right <= f.gridRight, `800: text ends at ${f.right}, grid at ${f.gridRight}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await frame(); await frame();
    f = await fits();
    assert.ok(f.width >= 330, `390: grid is ${f.width} px wide`);
    await page.setViewportSize({ width: 1440, height: 860 });
    await frame();
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b));
    assert.ok(await bg() < 200);
    await page.click('#theme');
    assert.ok(await bg() > 600, 'light theme');
    await page.click('#theme');
    assert.ok(await bg() < 200);
    await page.focus('#grid');
  });

  test('grid cells (inline boxes): columns line up on a short last row, a cell fills its row, a click hits its byte, the nibble is underlined', async () => {
    const short = path.join(tmp, 'short.bin');
    fs.writeFileSync(short, Buffer.from(Array.from({ length: 20 }, (_, i) => 0x41 + i)));
    await open(short);
    const boxes = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('#grid .row')].slice(0, 2);
      const r = (e) => e.getBoundingClientRect();
      return rows.map((row) => ({
        row: r(row), hex: r(row.querySelector('.hex')), txt: r(row.querySelector('.tx')),
        cells: [...row.querySelectorAll('.hx')].slice(0, 5).map((c) => ({ ...r(c).toJSON(), text: c.textContent })),
      }));
    });
    const [full, last] = boxes;
    assert.is(last.cells[4].text, '__', 'the append slot after byte 19');
    assert.is(last.txt.left, full.txt.left, 'the text column of the short last row is where the full rows have it');
    assert.is(last.hex.width, full.hex.width);
    for (const c of full.cells) assert.ok(Math.abs(c.height - full.row.height) <= 1 && Math.abs(c.top - full.row.top) <= 1, `a cell fills its row: ${c.top}+${c.height} in ${full.row.top}+${full.row.height}`);
    const step = full.cells[1].left - full.cells[0].left;
    assert.ok(Math.abs(full.cells[0].width - step) < 0.5, 'a cell is as wide as the step to the next (no gaps to click into)');
    // A click on a cell's padding, past its digits, selects that byte.
    const c = full.cells[2];
    await page.mouse.click(c.left + c.width - 3, c.top + c.height / 2);
    assert.is(await page.evaluate(() => window.hexEditor.cursor), 2);
    // A click within 1 px of a cell's right edge selects that cell, not the next.
    for (const k of [1, 2, 3]) {
      const e = full.cells[k];
      await page.mouse.click(e.left + e.width - 1, e.top + e.height / 2);
      assert.is(await page.evaluate(() => window.hexEditor.cursor), k, `a click 1 px inside cell ${k}'s right edge`);
    }
    // Another monospace font (other ascent + descent): the cells still fill their row.
    const other = await page.evaluate(async () => {
      const root = document.documentElement, g = window.hexEditor.grid;
      root.style.setProperty('--mono', '"Liberation Mono", "Noto Sans Mono", monospace');
      g.height = 0; g.refresh();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const row = document.querySelector('#grid .row').getBoundingClientRect(), cell = document.querySelector('#grid .hx').getBoundingClientRect();
      root.style.removeProperty('--mono');
      g.height = 0; g.refresh();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { row: row.toJSON(), cell: cell.toJSON() };
    });
    assert.ok(Math.abs(other.cell.height - other.row.height) <= 1 && Math.abs(other.cell.top - other.row.top) <= 1, `another font: ${other.cell.top}+${other.cell.height} in ${other.row.top}+${other.row.height}`);
    // One nibble typed: its first digit is underlined (::first-letter needs a block container).
    // (The click again after the font's two refreshes: the cursor and focus are the cell's.)
    await page.mouse.click(c.left + c.width - 1, c.top + c.height / 2);
    assert.is(await page.evaluate(() => window.hexEditor.cursor), 2);
    await page.keyboard.type('7');
    await page.waitForSelector('#grid .hx.nib', { timeout: 5000 }).catch(() => null);
    const nib = await page.evaluate(() => {
      const el = document.querySelector('#grid .hx.nib');
      return el && { text: el.textContent, deco: getComputedStyle(el, '::first-letter').textDecorationLine, display: getComputedStyle(el).display };
    });
    assert.ok(nib, 'the cell being typed in has .nib');
    assert.is(nib.deco, 'underline');
    assert.is(nib.display, 'inline-block');
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.hexEditor.undo());
    await open(samplePath);
  });


  // ---- the features --------------------------------------------------------------

  test('copy as hex, text, C, Python, base64, JS: each reads back as the same bytes; paste round-trips', async () => {
    await open(samplePath);
    const want = [...sample.subarray(0x30, 0x50)];
    const got = {};
    for (const kind of ['hex', 'text', 'c', 'python', 'base64', 'js']) {
      await select(0x30, 0x50);
      await page.evaluate((k) => window.hexEditor.commands.run(`copy.${k}`), kind);
      await waitMsg(/copied 32 bytes/);
      got[kind] = await clipboard();
    }
    assert.equal([...Buffer.from(got.hex.replace(/ /g, ''), 'hex')], want);
    assert.equal([...Buffer.from(got.base64, 'base64')], want);
    assert.equal((got.c.match(/0x[0-9a-f]{2}/g)).map(Number), want);
    assert.match(got.c, /^unsigned char data\[32\] = \{/);
    assert.equal([...new Function(`return ${got.js}`)()], want);
    assert.equal(python(`import json;print(json.dumps(list(${got.python})))`), want);
    assert.is(got.text, new TextDecoder().decode(sample.subarray(0x30, 0x50)));
    // Paste the hex back elsewhere in insert mode: one undo step.
    await goTo('0x200');
    await page.keyboard.press('Insert');
    await setClipboard(got.hex);
    await page.keyboard.press('Control+v');
    await waitMsg(/pasted 32 bytes/);
    await page.keyboard.press('Insert');
    assert.equal(await bytesAt(0x200, 32), want);
    assert.is((await state()).size, sample.length + 32);
    await page.keyboard.press('Control+z');
    assert.is((await state()).size, sample.length);
    // Text column: UTF-8.
    await goTo('0x210');
    await page.evaluate(() => window.hexEditor.state.set({ column: 'text' }));
    await setClipboard('é€');
    await page.keyboard.press('Control+v');
    await waitMsg(/pasted 5 bytes/);
    assert.equal(await bytesAt(0x210, 5), [...Buffer.from('é€')]);
    await page.keyboard.press('Control+z');
    await page.evaluate(() => window.hexEditor.state.set({ column: 'hex' }));
    // Selection to file.
    await select(0x10, 0x20);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Alt+s')]);
    const f = path.join(tmp, 'sel.bin');
    await dl.saveAs(f);
    assert.equal([...fs.readFileSync(f)], [...sample.subarray(0x10, 0x20)]);
  });

  test('search: wildcards, any case, UTF-16LE/BE, numbers; n of m, find all, replace, replace all, F3', async () => {
    const data = Buffer.alloc(4096);
    data.write('Hello hello HELLO', 100, 'latin1');
    data.write('Wide', 600, 'utf16le');
    data.write('\u0000B\u0000i\u0000g', 900, 'latin1');
    data.writeInt32BE(-123456, 1200);
    data.writeFloatLE(1.5, 1300);
    data.set([0xca, 0x11, 0xfe], 2000); data.set([0xca, 0x22, 0xfe], 3000);
    const file = path.join(tmp, 'search.bin');
    fs.writeFileSync(file, data);
    await open(file);
    const find = async (mode, text, extra = {}) => {
      await page.selectOption('#findmode', mode);
      if (extra.fmt) { await page.selectOption('#numfmt', extra.fmt); await page.selectOption('#numorder', extra.order); }
      await page.fill('#find', text);
      await goTo('0');
      await page.press('#find', 'Enter');
      await page.waitForFunction(() => /match|not found/.test(document.getElementById('findinfo').textContent));
      return [await page.evaluate(() => window.hexEditor.cursor), await page.textContent('#findinfo')];
    };
    assert.equal(await find('hex', 'ca ?? fe'), [2000, 'match 1 of 2']);
    await page.focus('#grid');
    await page.keyboard.press('F3');
    await page.waitForFunction(() => window.hexEditor.cursor === 3000);
    await page.keyboard.press('Shift+F3');
    await page.waitForFunction(() => window.hexEditor.cursor === 2000);
    assert.equal(await find('texti', 'hello'), [100, 'match 1 of 3']);
    assert.equal(await find('text', 'hello'), [106, 'match 1 of 1']);
    assert.equal((await find('utf16le', 'Wide'))[0], 600);
    assert.equal((await find('utf16be', 'Big'))[0], 900);
    assert.equal((await find('number', '-123456', { fmt: 'i', order: '>' }))[0], 1200);
    assert.equal((await find('number', '1.5', { fmt: 'f', order: '<' }))[0], 1300);
    // Find all lists the matches; clicking one goes there.
    await page.selectOption('#findmode', 'texti');
    await page.fill('#find', 'hello');
    await page.click('#findall');
    await page.waitForFunction(() => document.querySelectorAll('#findlist button').length === 3);
    await page.click('#findlist button[data-offset="112"]');
    assert.is((await state()).cursor, 112);
    // Replace one, then all.
    await page.fill('#replace', 'howdy');
    await goTo('0');
    await page.click('#replone');                    // finds the first
    await page.waitForFunction(() => window.hexEditor.cursor === 100);
    await page.click('#replone');                    // replaces it
    await waitMsg(/replaced the match at 0x64/);
    assert.is(Buffer.from(await bytesAt(100, 5)).toString('latin1'), 'howdy');
    await page.click('#replall');
    await page.waitForFunction(() => /replaced 2 matches/.test(document.getElementById('findinfo').textContent));
    assert.is(Buffer.from(await bytesAt(100, 17)).toString('latin1'), 'howdy howdy howdy');
    await page.keyboard.press('Control+z');          // replace all is one step
    assert.is(Buffer.from(await bytesAt(100, 17)).toString('latin1'), 'howdy hello HELLO');
    await page.fill('#replace', '');
    await page.fill('#find', '');
    await page.selectOption('#findmode', 'hex');
  });

  test('selection statistics: length, histogram, entropy, CRC32 and SHA-256 agree with Node', async () => {
    await open(samplePath);
    await select(0x36, 0x236);
    await page.keyboard.press('Alt+i');
    await waitMsg(/statistics of 512 bytes/);
    const part = sample.subarray(0x36, 0x236);
    const rows = await page.$$eval('#statsvals tr', (trs) => Object.fromEntries(trs.map((t) => [t.dataset.key, t.cells[1].textContent])));
    assert.match(rows.length, /^512 bytes/);
    assert.is(rows.CRC32, zlib.crc32(part).toString(16).padStart(8, '0'));
    assert.is(rows['SHA-256'], crypto.createHash('sha256').update(part).digest('hex'));
    const hist = new Array(256).fill(0);
    for (const b of part) hist[b]++;
    const H = -hist.filter((c) => c).reduce((s, c) => s + (c / 512) * Math.log2(c / 512), 0);
    assert.is(rows.entropy, `${H.toFixed(4)} bits/byte`);
    assert.equal(await page.evaluate(() => window.hexEditor.panels.stats.last.hist), hist);
  });

  test('compare: side by side, scrolled together, planted differences tinted and found with F7 / Shift+F7', async () => {
    const a = Buffer.alloc(200000, 7), b = Buffer.from(a);
    const planted = [5, 70000, 150001];
    for (const o of planted) b[o] ^= 0xff;
    const fa = path.join(tmp, 'a.bin'), fb = path.join(tmp, 'b.bin');
    fs.writeFileSync(fa, a); fs.writeFileSync(fb, Buffer.concat([b, Buffer.from('tail')]));
    await open(fa);
    await page.setInputFiles('#cmpfile', fb);
    await waitMsg(/comparing a\.bin with b\.bin/);
    await frame();
    assert.is(await page.$$eval('#grid .hx.d', (c) => c.length), 1);
    assert.is(await page.$$eval('#grid2 .hx.d', (c) => c.length), 1);
    await page.focus('#grid');
    const found = [];
    for (let k = 0; k < 4; k++) {
      await page.keyboard.press('F7');
      await waitMsg(/difference at|no later/);
      found.push(await page.evaluate(() => window.hexEditor.cursor));
      await page.evaluate(() => { document.getElementById('st-msg').textContent = ''; });
    }
    assert.equal(found, [...planted, 200000]);    // then where b.bin goes on
    await page.keyboard.press('Shift+F7');
    await waitMsg(/difference at 0x249f1/);
    await frame();
    assert.is(await page.evaluate(() => window.hexEditor.panels.compare.grid.top), await page.evaluate(() => window.hexEditor.grid.top));
    await page.click('#cmpclose');
  });

  test('bookmarks with names; fill and insert N bytes with a pattern', async () => {
    await open(samplePath);
    await goTo('0x40');
    await page.fill('#bmname', 'pixels');
    await page.press('#bmname', 'Enter');
    await goTo('0x10');
    await page.fill('#bmname', '');
    await page.keyboard.press('Control+b');
    assert.equal(await page.$$eval('#bmlist li', (l) => l.map((x) => x.textContent)), ['0x10bookmark 2×', '0x40pixels×']);
    await goTo('0');
    await page.keyboard.press('F2');
    assert.is((await state()).cursor, 0x10);
    await page.keyboard.press('F2');
    assert.is((await state()).cursor, 0x40);
    await page.click('#bmlist li[data-offset="16"] span');
    assert.is((await state()).cursor, 0x10);
    await select(0x100, 0x107);
    await page.fill('#fillpat', 'de ad');
    await page.keyboard.press('Alt+f');
    assert.equal(await bytesAt(0x100, 8), [0xde, 0xad, 0xde, 0xad, 0xde, 0xad, 0xde, sample[0x107]]);
    await goTo('0x200');
    await page.fill('#fillcount', '5');
    await page.fill('#fillpat', 'ff');
    await page.click('#fillins');
    assert.equal(await bytesAt(0x200, 6), [255, 255, 255, 255, 255, sample[0x200]]);
    assert.is((await state()).size, sample.length + 5);
  });

  test('bookmarks follow inserts and deletes before them, and undo / redo move them back', async () => {
    await open(samplePath);
    const marks = () => page.evaluate(() => window.hexEditor.bookmarks.list.map((b) => [b.name, b.offset]));
    for (const [at, name] of [['0x10', 'a'], ['0x40', 'b'], ['0x80', 'c']]) {
      await goTo(at);
      await page.fill('#bmname', name);
      await page.press('#bmname', 'Enter');
    }
    await goTo('0x20');
    await page.fill('#fillcount', '4');
    await page.fill('#fillpat', 'ff');
    await page.click('#fillins');                  // 4 bytes at 0x20: b and c move by 4
    assert.equal(await marks(), [['a', 0x10], ['b', 0x44], ['c', 0x84]]);
    await frame();
    assert.equal(await page.$$eval('#bmlist li', (l) => l.map((x) => x.textContent)), ['0x10a×', '0x44b×', '0x84c×']);
    await select(0x3c, 0x48);                        // 12 bytes, b inside
    await page.keyboard.press('Delete');
    assert.is((await state()).size, sample.length + 4 - 12);
    assert.equal(await marks(), [['a', 0x10], ['b', 0x3c], ['c', 0x78]]);
    await page.keyboard.press('Control+z');
    assert.equal(await marks(), [['a', 0x10], ['b', 0x44], ['c', 0x84]]);
    await page.keyboard.press('Control+z');
    assert.equal(await marks(), [['a', 0x10], ['b', 0x40], ['c', 0x80]]);
    await page.keyboard.press('Control+y');
    await page.keyboard.press('Control+y');
    assert.equal(await marks(), [['a', 0x10], ['b', 0x3c], ['c', 0x78]]);
    await page.keyboard.press('F2');                 // next bookmark goes where it now is
    await goTo('0x20');
    await page.keyboard.press('F2');
    assert.is((await state()).cursor, 0x3c);
    await page.evaluate(() => window.hexEditor.doc.markSaved());
  });

  test('compare counts the differing bytes in the worker and says when the sizes differ', async () => {
    const a = Buffer.alloc(300000, 3), b = Buffer.from(a);
    for (const o of [0, 99999, 200000, 299999]) b[o] ^= 1;
    const fa = path.join(tmp, 'ca.bin'), fb = path.join(tmp, 'cb.bin'), fc = path.join(tmp, 'cc.bin');
    fs.writeFileSync(fa, a); fs.writeFileSync(fb, b); fs.writeFileSync(fc, Buffer.concat([b.subarray(0, 250000)]));
    await open(fa);
    await page.setInputFiles('#cmpfile', fb);
    await waitMsg(/comparing ca\.bin with cb\.bin/);
    assert.is(await page.textContent('#cmpdiffs'), '4 bytes differ');
    await page.setInputFiles('#cmpfile', fc);
    await waitMsg(/comparing ca\.bin with cc\.bin/);
    // 3 planted below 250000, then the 50,000 bytes past cc.bin's end.
    assert.is(await page.textContent('#cmpdiffs'), '50,003 bytes differ; sizes differ: 300,000 bytes vs 250,000 bytes');
    await page.setInputFiles('#cmpfile', fa);
    await waitMsg(/comparing ca\.bin with ca\.bin/);
    assert.is(await page.textContent('#cmpdiffs'), 'identical');
    await goTo('0x10');
    await page.focus('#grid');
    await page.keyboard.press('f');
    await page.keyboard.press('f');
    assert.match(await page.textContent('#cmpdiffs'), /edited since/);
    await page.click('#cmpcount');
    await page.waitForFunction(() => document.getElementById('cmpdiffs').textContent === '1 byte differs');
    await page.click('#cmpclose');
    await page.evaluate(() => window.hexEditor.doc.markSaved());
  });

  test('templates decode real files by their magic, match Python struct, select a field, write a value back', async () => {
    // PNG (a 2x1 image, deflated with node:zlib), gzip, ZIP local header, ELF64, WAV, BMP.
    const chunk = (type, body) => { const t = Buffer.from(type); const len = Buffer.alloc(4); len.writeUInt32BE(body.length);
      const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(Buffer.concat([t, body]))); return Buffer.concat([len, t, body, crc]); };
    const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(2, 0); ihdr.writeUInt32BE(1, 4); ihdr.set([8, 2, 0, 0, 0], 8);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), chunk('IHDR', ihdr),
      chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255, 0, 0, 0, 255, 0])), chunk('IEND', Buffer.alloc(0)))]);
    const gz = zlib.gzipSync(Buffer.from('hello gzip'));
    const name = Buffer.from('hello.txt');
    const zipHead = Buffer.alloc(30); zipHead.write('PK\x03\x04', 0, 'latin1'); zipHead.writeUInt16LE(20, 4); zipHead.writeUInt16LE(0x5a21, 10);
    zipHead.writeUInt16LE(0x5821, 12); zipHead.writeUInt32LE(zlib.crc32(Buffer.from('hi')), 14); zipHead.writeUInt32LE(2, 18); zipHead.writeUInt32LE(2, 22);
    zipHead.writeUInt16LE(name.length, 26);
    const zip = Buffer.concat([zipHead, name, Buffer.from('hi')]);
    const elf = Buffer.alloc(64); elf.write('\x7fELF', 0, 'latin1'); elf.set([2, 1, 1], 4); elf.writeUInt16LE(2, 16); elf.writeUInt16LE(62, 18);
    elf.writeUInt32LE(1, 20); elf.writeBigUInt64LE(0x401000n, 24); elf.writeBigUInt64LE(64n, 32); elf.writeUInt16LE(64, 52); elf.writeUInt16LE(56, 54); elf.writeUInt16LE(1, 56);
    const wav = Buffer.alloc(48); wav.write('RIFF', 0); wav.writeUInt32LE(40, 4); wav.write('WAVEfmt ', 8); wav.writeUInt32LE(16, 16); wav.writeUInt16LE(1, 20);
    wav.writeUInt16LE(1, 22); wav.writeUInt32LE(8000, 24); wav.writeUInt32LE(16000, 28); wav.writeUInt16LE(2, 32); wav.writeUInt16LE(16, 34); wav.write('data', 36); wav.writeUInt32LE(4, 40);
    const files = { 'x.png': png, 'x.gz': gz, 'x.zip': zip, 'x.elf': elf, 'x.wav': wav, 'x.bmp': Buffer.from(sample) };
    const detected = { 'x.png': 'PNG', 'x.gz': 'gzip', 'x.zip': 'ZIP', 'x.elf': 'ELF64', 'x.wav': 'WAV', 'x.bmp': 'BMP' };
    for (const [fname, data] of Object.entries(files)) {
      const file = path.join(tmp, fname);
      fs.writeFileSync(file, data);
      await open(file);
      assert.match(await page.textContent('#tplinfo'), new RegExp(`^${detected[fname]}`), fname);
      const fmt = await page.inputValue('#tpl');
      const shown = await page.$$eval('#tplfields tr', (trs) => trs.map((t) => [t.cells[1].textContent, t.querySelector('input').value]));
      // CPython unpacks each field with the same struct code, counts resolved from earlier fields.
      const want = python(`
import struct, json, re, sys
fmt, data = sys.argv[1], bytes.fromhex(sys.argv[2])
order, out, vals, pos = fmt[0], [], {}, 0
for tok in fmt[1:].split():
    m = re.fullmatch(r'(\\{(\\w+)\\}|\\d*)([a-zA-Z?])(?::(\\w+))?', tok)
    n = vals[m.group(2)] if m.group(2) else int(m.group(1) or 1)
    code, name = m.group(3), m.group(4)
    if code == 'x': pos += n; continue
    if code == 's':
        v = struct.unpack_from(order + str(n) + 's', data, pos)[0]; pos += n; out.append([name, repr(v)]); continue
    v = struct.unpack_from(order + code, data, pos)[0]; pos += struct.calcsize(order + code); vals[name] = v; out.append([name, repr(v)])
print(json.dumps(out))`.replace('sys.argv[1]', JSON.stringify(fmt)).replace('sys.argv[2]', JSON.stringify(data.subarray(0, 64).toString('hex'))));
      assert.equal(shown, want, fname);
    }
    // The PNG: clicking width selects its 4 bytes; editing height writes it back.
    await open(path.join(tmp, 'x.png'));
    await page.click('#tplfields td.name:text-is("width")');
    assert.equal((await state()).sel, [16, 20]);
    const h = '#tplfields tr:nth-child(5) input';
    await page.fill(h, '300');
    await page.press(h, 'Enter');
    assert.equal(await bytesAt(20, 4), [0, 0, 1, 44]);
    // Repeats and nested offsets.
    await page.uncheck('#tplpin');
    await goTo('0');
    await page.fill('#tpl', '>8s:sig (I:len 4s:type)*1:ihdr @0x1d I:crc');
    const v = await page.$$eval('#tplfields tr', (trs) => trs.map((t) => [t.cells[1].textContent, t.cells[0].textContent, t.querySelector('input').value]));
    assert.equal(v, [['sig', '+0', "b'\\x89PNG\\r\\n\\x1a\\n'"], ['ihdr.len', '+8', '13'], ['ihdr.type', '+12', "b'IHDR'"], ['crc', '+29', String(png.readUInt32BE(29))]]);
  });

  test('inspector: bits, octal, char, LEB128, Unix time, DOS date/time, FILETIME, GUID', async () => {
    const data = Buffer.alloc(32);
    data.set([0xe5, 0x8e, 0x26], 0);                      // LEB128 624485; not UTF-8
    data.write('é', 8);                                   // c3 a9
    data.writeInt32LE(1700000000, 12);
    data.writeBigUInt64LE(133000000000000000n, 16);
    const file = path.join(tmp, 'insp.bin');
    fs.writeFileSync(file, data);
    await open(file);
    let v = await inspector();
    assert.is(v.bits, '11100101');
    assert.is(v.octal, '0o345');
    assert.is(v.uLEB128, '624485 (3 bytes)');
    assert.is(v.sLEB128, '624485 (3 bytes)');
    await goTo('8');
    v = await inspector();
    assert.is(v['char/UTF-8'], "'é' U+00E9 (2 bytes)");
    await goTo('12');
    assert.is((await inspector())['Unix time 32'], new Date(1700000000 * 1000).toISOString().replace('.000Z', 'Z'));
    await goTo('16');
    v = await inspector();
    assert.is(v.FILETIME, new Date(Number(133000000000000000n / 10000n) - 11644473600000).toISOString().replace('.000Z', 'Z'));
    assert.match(v.GUID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const dos = data.readUInt16LE(18), t = data.readUInt16LE(16);
    assert.is(v['DOS date/time'].slice(0, 4), String(1980 + (dos >> 9)));
    assert.ok(t >= 0);
  });

  test('search any case folds Unicode (Ä/ä, Cyrillic, Greek Σ/σ/ς, É/é) in UTF-8 and UTF-16; case-sensitive finds the exact one', async () => {
    const text = 'Ärger ÄRGER ärger arger | Привет ПРИВЕТ привет ПрИвЕт | ΚΟΣΜΟΣ κοσμος κοσμοσ Κόσμος | École ÉCOLE école ecole | KELVIN kelvin \u212Aelvin';
    const u8 = Buffer.from(text, 'utf8'), u16 = Buffer.from(text, 'utf16le');
    const data = Buffer.alloc(4096);
    u8.copy(data, 16); u16.copy(data, 1024);
    const file = path.join(tmp, 'unicode.txt');
    fs.writeFileSync(file, data);
    await open(file);
    // Where the matches are, from RegExp's /iu (simple case folding) on the decoded text.
    const where = (word, base, len, flags = 'giu') => [...text.matchAll(new RegExp(word, flags))].map((m) => base + len(text.slice(0, m.index)));
    const utf8 = (w, f) => where(w, 16, (s) => Buffer.byteLength(s, 'utf8'), f), utf16 = (w) => where(w, 1024, (s) => 2 * s.length);
    const findAll = async (mode, word) => {
      await page.selectOption('#findmode', mode);
      await page.fill('#find', word);
      await goTo('0');
      await page.press('#find', 'Enter');
      await page.waitForFunction(() => /match|not found/.test(document.getElementById('findinfo').textContent));
      const first = await page.textContent('#findinfo');
      await page.press('#find', 'Alt+Enter');
      await page.waitForFunction(() => /^\d+ match/.test(document.getElementById('findinfo').textContent));
      const offsets = await page.$$eval('#findlist button', (bs) => bs.map((b) => Number(b.dataset.offset)));
      return [first, offsets];
    };
    for (const word of ['ärger', 'ПРИВЕТ', 'κοσμος', 'ÉCOLE']) {
      const want = utf8(word);
      assert.ok(want.length >= 3, word);
      assert.equal(await findAll('texti', word), [`match 1 of ${want.length}`, want], word);
      assert.equal(await findAll('utf16lei', word), [`match 1 of ${want.length}`, utf16(word)], `${word} UTF-16LE`);
    }
    // The grid highlights each match on screen, whatever its case (3 of 6 bytes each).
    await findAll('texti', 'ÉCOLE');
    await goTo('0');
    await frame();
    assert.is(await page.$$eval('#grid .hx.f, #grid .hx.F', (c) => c.length), 18);
    // K (U+212A, 3 bytes in UTF-8) is left out of a UTF-8 'kelvin' (1-byte k): two; in UTF-16 all three.
    assert.is((await findAll('texti', 'kelvin'))[0], 'match 1 of 2');
    assert.is((await findAll('utf16lei', 'kelvin'))[0], 'match 1 of 3');
    // Case-sensitive: the exact spelling alone.
    assert.equal(await findAll('text', 'ärger'), ['match 1 of 1', utf8('ärger', 'g')]);
    assert.equal(await findAll('text', 'Κόσμος'), ['match 1 of 1', utf8('Κόσμος', 'g')]);
    await page.fill('#find', '');
    await page.selectOption('#findmode', 'hex');
  });

  test('inspector: bits, octal, char, LEB128, Unix time, DOS date/time, FILETIME and GUID rows are written with Enter, undone, Escape and bad values write nothing', async () => {
    const data = Buffer.alloc(64, 0x11);
    data.set([0xe5, 0x8e, 0x26], 32);                     // a 3-byte LEB128 (624485)
    const file = path.join(tmp, 'inspw.bin');
    fs.writeFileSync(file, data);
    await open(file);
    const row = (label) => `#inspector tr[data-type="${label}"]`;
    const le = (n, v) => { const b = Buffer.alloc(n); if (n === 4) b.writeInt32LE(v); else b.writeBigInt64LE(BigInt(v)); return [...b]; };
    const u64le = (v) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(v); return [...b]; };
    const dos = (y, mo, d, h, mi, s) => { const b = Buffer.alloc(4); b.writeUInt16LE((h << 11) | (mi << 5) | (s / 2)); b.writeUInt16LE(((y - 1980) << 9) | (mo << 5) | d, 2); return [...b]; };
    // label, offset, text typed, the bytes it must give (computed here, not by the editor), what the row then shows
    const cases = [
      ['bits', 0, '01000001', [0x41]],
      ['octal', 0, '0o377', [0xff]],
      ['char/UTF-8', 0, 'é', [0xc3, 0xa9], "'é' U+00E9 (2 bytes)"],
      ['uLEB128', 32, '5', [0x85, 0x80, 0x00], '5 (3 bytes)'],            // padded to the run's 3 bytes
      ['sLEB128', 32, '-2', [0xfe, 0xff, 0x7f], '-2 (3 bytes)'],
      ['Unix time 32', 0, '2038-01-19T03:14:07Z', le(4, Date.parse('2038-01-19T03:14:07Z') / 1000)],
      ['Unix time 64', 0, '1969-07-20T20:17:40Z', le(8, Date.parse('1969-07-20T20:17:40Z') / 1000)],
      ['DOS date/time', 0, '2024-02-29 12:34:56', dos(2024, 2, 29, 12, 34, 56)],
      ['FILETIME', 0, '2024-02-29T12:34:56.789Z', u64le(BigInt(Date.parse('2024-02-29T12:34:56.789Z')) * 10000n + 116444736000000000n)],
      // Windows' layout: the first three groups little-endian, the last two as written.
      ['GUID', 0, '00112233-4455-6677-8899-aabbccddeeff', [0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]],
    ];
    for (const [label, at, text, want, shows = text] of cases) {
      await goTo(String(at));
      const before = await bytesAt(at, want.length), edits = (await state()).changes;
      await page.fill(`${row(label)} input`, text);
      await page.press(`${row(label)} input`, 'Enter');
      assert.equal(await bytesAt(at, want.length), want, label);
      assert.is((await state()).changes, edits + 1, `${label}: one edit`);
      assert.is((await inspector())[label], shows, `${label} reads back`);
      await page.focus('#grid');
      await page.keyboard.press('Control+z');
      assert.equal(await bytesAt(at, want.length), before, `${label}: undone`);
    }
    // Escape cancels.
    await goTo('0');
    await page.fill(`${row('GUID')} input`, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
    await page.press(`${row('GUID')} input`, 'Escape');
    assert.equal(await bytesAt(0, 16), [...data.subarray(0, 16)]);
    assert.is(await page.evaluate(() => document.activeElement.id), 'grid');
    // Bad values: the red hint, nothing written.
    const bad = [['bits', '012'], ['octal', '0o400'], ['Unix time 32', '2038-01-19T03:14:08Z'], ['Unix time 32', '2024-02-30T00:00:00Z'],
      ['DOS date/time', '2024-02-29 12:34:57'], ['DOS date/time', '1979-12-31 00:00:00'], ['GUID', '0011-2233'], ['FILETIME', 'yesterday'],
      ['uLEB128', '-1'], ['uLEB128', '300000000']];
    for (const [label, text] of bad) {
      await goTo(label.endsWith('LEB128') ? '32' : '0');
      const edits = (await state()).changes;
      await page.fill(`${row(label)} input`, text);
      await page.press(`${row(label)} input`, 'Enter');
      assert.is(await page.$eval(row(label), (tr) => tr.classList.contains('bad')), true, `${label} '${text}' is refused`);
      assert.match(await page.textContent('#insperr'), label);
      assert.is((await state()).changes, edits, `${label} '${text}' writes nothing`);
      await page.press(`${row(label)} input`, 'Escape');
    }
    assert.equal(await allBytes(), [...data]);
    // LEB128 needing more bytes than the run: overwrite refused (above, with
    // what to do), insert mode replaces the run with the shortest encoding.
    await goTo('32');
    await page.fill(`${row('uLEB128')} input`, '300000000');
    await page.press(`${row('uLEB128')} input`, 'Enter');
    assert.match(await page.textContent('#insperr'), /needs 5 bytes and the uLEB128 here has 3: in insert mode/);
    await page.press(`${row('uLEB128')} input`, 'Escape');
    await page.keyboard.press('Insert');
    await page.fill(`${row('uLEB128')} input`, '300000000');
    await page.press(`${row('uLEB128')} input`, 'Enter');
    const leb = []; for (let v = 300000000n; ; v >>= 7n) { const b = Number(v & 0x7fn); if (v < 0x80n) { leb.push(b); break; } leb.push(b | 0x80); }
    assert.equal(await bytesAt(32, 6), [...leb, 0x11]);
    assert.is((await state()).size, 66);
    assert.is((await inspector()).uLEB128, '300000000 (5 bytes)');
    await page.focus('#grid');
    await page.keyboard.press('Insert');
    await page.keyboard.press('Control+z');
    assert.equal(await allBytes(), [...data]);
    // Big-endian: the same row in the other byte order.
    await page.click('#be');
    await goTo('0');
    await page.fill(`${row('Unix time 32')} input`, '2001-09-09T01:46:40Z');
    await page.press(`${row('Unix time 32')} input`, 'Enter');
    const be = Buffer.alloc(4); be.writeInt32BE(1000000000);
    assert.equal(await bytesAt(0, 4), [...be]);
    await page.focus('#grid');
    await page.keyboard.press('Control+z');
    await page.click('#le');
  });

  test('"n of m" is exact past 100,000 matches: the worker counts them all; find all lists the first 10,000 of m', async () => {
    const data = Buffer.alloc(600000);
    for (let i = 0; i < data.length; i += 2) { data[i] = 0xab; data[i + 1] = 0xcd; }
    const file = path.join(tmp, 'many.bin');
    fs.writeFileSync(file, data);
    await open(file);
    const info = () => page.textContent('#findinfo');
    const waitInfo = (re) => page.waitForFunction((s) => new RegExp(s).test(document.getElementById('findinfo').textContent), re.source, { timeout: 20000 });
    await page.selectOption('#findmode', 'hex');
    await page.fill('#find', 'ab cd');
    await goTo('0');
    await page.press('#find', 'Enter');
    await waitInfo(/^match/);
    assert.is(await info(), 'match 1 of 300,000');
    // Past the offsets the count keeps: a search, then its n from the count.
    await goTo('599990');
    await page.press('#find', 'Enter');
    await waitInfo(/^match 299,996/);
    assert.is(await info(), 'match 299,996 of 300,000');
    assert.is((await state()).cursor, 599990);
    await page.press('#find', 'Shift+Enter');
    await waitInfo(/^match 299,995/);
    assert.is((await state()).cursor, 599988);
    await goTo('end');
    await page.press('#find', 'Enter');               // wraps to the first
    await waitInfo(/^match 1 of/);
    assert.is(await info(), 'match 1 of 300,000, wrapped around');
    await page.press('#find', 'Shift+Enter');         // wraps back to the last
    await waitInfo(/^match 300,000/);
    assert.is((await state()).cursor, 599998);
    // The other phase: 299,999 (cd ab never starts at 0).
    await page.fill('#find', 'cd ab');
    await page.press('#find', 'Enter');
    await waitInfo(/^match/);
    assert.match(await info(), / of 299,999/);
    // Find all: the list is capped, the count is not.
    await page.fill('#find', 'ab cd');
    await page.click('#findall');
    await waitInfo(/matches/);
    assert.is(await info(), 'first 10,000 of 300,000 matches');
    assert.is(await page.$$eval('#findlist button', (b) => b.length), 10000);
    assert.match(await page.textContent('#findlist .dim'), /^first 10,000 of 300,000 matches of ab cd/);
    await page.fill('#find', '');
  });

  test('any row width, decimal offsets, hide the text column; the context menu runs commands', async () => {
    await open(samplePath);
    await page.fill('#bpr', '7');
    await page.press('#bpr', 'Enter');
    await frame();
    assert.is(await page.$$eval('#grid .row:first-child .hx', (c) => c.length), 7);
    assert.is(await page.$eval('#grid .row:nth-child(2) .off', (e) => e.textContent.trim()), '00000007');
    await page.keyboard.press('Alt+d');
    await frame();
    assert.is(await page.$eval('#grid .row:nth-child(3) .off', (e) => e.textContent.trim()), '0000000014');
    await page.keyboard.press('Alt+t');
    await frame();
    assert.is(await page.$eval('#grid .row:first-child .txt', (e) => e.hidden), true);
    await page.keyboard.press('Alt+t');
    await page.keyboard.press('Alt+d');
    await page.fill('#bpr', '64');
    await page.press('#bpr', 'Enter');
    await frame();
    assert.is(await page.$$eval('#grid .row:first-child .hx', (c) => c.length), 64);
    await page.fill('#bpr', '16');
    await page.press('#bpr', 'Enter');
    // Right-click a byte: the menu; Copy as C array.
    await page.click('#grid .row:nth-child(2) .hx:nth-child(1)', { button: 'right' });
    assert.is(await page.$eval('#ctxmenu', (e) => e.hidden), false);
    await page.click('#ctxmenu button[data-cmd="copy.c"]');
    await waitMsg(/copied 1 byte as C array/);
    assert.match(await clipboard(), new RegExp(`0x${sample[16].toString(16).padStart(2, '0')}`));
    assert.is(await page.$eval('#ctxmenu', (e) => e.hidden), true);
    assert.equal(errors, []);
  });

  test('a burst of page loads renders no bar and the inspector at most once per frame, in one animation frame', async () => {
    // Each page read is its own task with its own 'loaded': rendering every
    // panel on each (the bars, the inspector, the template) made the frames of
    // a scroll long tasks. Pages change no count, name or cursor: the bars stay;
    // the inspector, waiting for its bytes, renders once when they are there.
    const big = path.join(tmp, 'pages.bin');
    const bytes = Buffer.alloc(2 << 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 16)) & 0xff;
    fs.writeFileSync(big, bytes);
    await open(big);
    const at = 0x100123;
    const got = await page.evaluate(async (at) => {
      const a = window.hexEditor, PAGE = 64 << 10;
      const frames = { n: 0, on: true };
      const tick = () => { frames.n++; if (frames.on) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      // The cursor on a page not read yet: the inspector waits for it.
      a.state.set({ cursor: at, anchor: null, nibble: 0 });
      const waiting = document.getElementById('insperr').textContent;
      const calls = {};
      const spy = (name, obj) => {
        const f = obj.render.bind(obj);
        calls[name] = [];
        obj.render = (...args) => { calls[name].push(frames.n); return f(...args); };
      };
      spy('status', a.panels.status); spy('toolbar', a.panels.toolbar);
      spy('inspector', a.panels.inspector); spy('template', a.panels.template);
      let loads = 0;
      const off = a.doc.onChange((what) => { if (what === 'loaded') loads++; });
      // A burst: 12 more pages, each read in its own task (as a scroll's are).
      const first = Math.floor(at / PAGE) + 1;
      a.doc.prefetch(first * PAGE, (first + 12) * PAGE);
      await a.doc.ensure(at, at + 16);
      await a.doc.ensure(first * PAGE, (first + 12) * PAGE);
      for (let k = 0; k < 4; k++) await new Promise((r) => requestAnimationFrame(r));
      frames.on = false; off();
      for (const o of ['status', 'toolbar', 'inspector', 'template']) a.panels[o].render = Object.getPrototypeOf(a.panels[o]).render;
      const perFrame = (list) => Math.max(0, ...Object.values(list.reduce((m, f) => ((m[f] = (m[f] || 0) + 1), m), {})));
      return { waiting, loads, calls, inspectorMax: perFrame(calls.inspector), templateMax: perFrame(calls.template),
        at: document.getElementById('inspat').textContent, err: document.getElementById('insperr').textContent,
        uint8: document.querySelector('#inspector tr[data-type="uint8"] input')?.value };
    }, at);
    assert.is(got.waiting, 'reading…');
    assert.ok(got.loads > 1, `the burst was ${got.loads} 'loaded' event(s): ${JSON.stringify(got)}`);
    assert.equal(got.calls.status, [], 'the status bar renders on no page load');
    assert.equal(got.calls.toolbar, [], 'the toolbar renders on no page load');
    assert.ok(got.calls.inspector.length >= 1 && got.inspectorMax === 1, JSON.stringify(got.calls));
    assert.ok(got.templateMax <= 1, JSON.stringify(got.calls));
    assert.is(got.at, `@ 0x${at.toString(16)}`);
    assert.is(got.err, '');
    assert.is(got.uint8, String(bytes[at]));
    await open(samplePath);
    fs.rmSync(big);
    assert.equal(errors, []);
  });

  test('bug: a long file name, its dirty mark or a find result never change the bars\' height, and a height change keeps the grid\'s rows', async () => {
    // Before: the toolbar wrapped its line when the name was long ("sparse-4GiB.bin"
    // at 1280 px), the grid lost a row and rebuilt every cell: the longest task
    // of an open and of a save in bench/web.js (a full style and layout).
    const sizes = () => page.evaluate(() => ({ tb: document.querySelector('.toolbar').offsetHeight, fb: document.querySelector('.findbar').offsetHeight,
      rows: window.hexEditor.grid.rows.length, same: window.hexEditor.grid.rows.every((r) => r.el.tagged) }));
    const tag = () => page.evaluate(() => { for (const r of window.hexEditor.grid.rows) r.el.tagged = true; });
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 720 });
      await frame(); await frame();
      await tag();
      const before = await sizes();
      const long = path.join(tmp, 'a-rather-long-name-for-a-disk-image-taken-on-2024-01-01-of-sdb1.img');
      fs.writeFileSync(long, Buffer.alloc(4096, 0x41));
      await open(long);
      await page.keyboard.type('42');                  // dirty: the name gets its mark
      await frame();
      await page.fill('#find', 'zz');
      await page.press('#find', 'Enter');              // a bad pattern: a long message in the find bar
      await frame();
      const after = await sizes();
      assert.equal(after, before, `${width} px`);
      assert.is(await page.$eval('#filename', (e) => e.title), path.basename(long));
      // A shorter window: the rows on screen stay, the pool loses its last ones.
      await page.setViewportSize({ width, height: 600 });
      await frame(); await frame();
      const shorter = await sizes();
      assert.ok(shorter.rows < before.rows && shorter.same, JSON.stringify(shorter));
      assert.is(await page.$eval('#grid .row:nth-child(2) .hx', (e) => e.textContent), '41');
      await page.setViewportSize({ width, height: 720 });
      await frame(); await frame();
      const back = await sizes();
      assert.is(back.rows, before.rows);
      assert.is(await page.$eval(`#grid .row:nth-child(${back.rows}) .off`, (e) => e.textContent.trim()), (16 * (back.rows - 1)).toString(16).padStart(8, '0'));
      await page.fill('#find', '');
      await page.evaluate(() => window.hexEditor.doc.markSaved());
      fs.rmSync(long);
    }
    await page.setViewportSize({ width: 1440, height: 860 });
    await open(samplePath);
    assert.equal(errors, []);
  });

  test.run();
}
