// Browser tests of the hex editor (web/): a real Chromium driven by
// playwright-core opens the sample BMP, edits it through the UI, and the
// downloaded file is compared with the bytes the same edits give in Node.
// Decoded values are checked against memview's struct, run here in Node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { struct } from '../js/memview.js';
import { makeBmp } from '../web/make-sample.js';
import { pyFloat } from '../web/decode.js';
import { createServer } from '../web/serve.js';

const CHROMIUM = process.env.MEMVIEW_CHROMIUM || '/usr/bin/chromium';   // overridable for other machines
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVED = path.join(ROOT, 'build', 'web-test');   // the sample, where the page can fetch it
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!fs.existsSync(CHROMIUM)) {
  console.log(`web.test.js: SKIPPED, ${CHROMIUM} is missing (apt-get install -y chromium)`);
  test.skip('hex editor in a browser', () => {});
  test.run();
} else {
  run();
}

function run() {
  const sample = makeBmp();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memview-web-'));
  fs.writeFileSync(path.join(tmp, 'sample.bmp'), sample);
  let server, browser, page, base;

  const state = () => page.evaluate(() => {
    const a = window.hexEditor;
    return { size: a.doc.size, cursor: a.cursor, changes: a.doc.changeCount, dirty: a.doc.dirty,
      msg: document.getElementById('st-msg').textContent };
  });
  const bytesAt = (off, n) => page.evaluate(async ([o, k]) => [...await window.hexEditor.doc.readAsync(o, o + k)], [off, n]);
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  async function goTo(text) {
    await page.keyboard.press('Control+g');
    await page.fill('#goto', text);
    await page.press('#goto', 'Enter');
    await frame();
  }
  const inspectorValues = () => page.$$eval('#inspector tr', (trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.type, tr.querySelector('input')?.value ?? tr.cells[1].textContent])));

  test.before(async () => {
    const { chromium } = await import('playwright-core');
    server = createServer();
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 760 } });
    page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message, e.stack));
    // The page opens ?file= (served from the repo root); the test's own copy
    // of the sample keeps the test independent of build/.
    fs.mkdirSync(SERVED, { recursive: true });
    fs.writeFileSync(path.join(SERVED, 'sample.bmp'), sample);
    await page.goto(`${base}/web/?file=../build/web-test/sample.bmp`);
    await page.waitForFunction(() => window.hexEditor && window.hexEditor.ready);
    await frame();
  });

  test.after(async () => {
    await browser?.close();
    server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(SERVED, { recursive: true, force: true });
  });

  test('the sample opens: size, rows and the first bytes in both columns', async () => {
    const s = await state();
    assert.is(s.size, sample.length);
    assert.match(s.msg, /opened sample\.bmp/);
    const firstRow = await page.$$eval('.row', (rows) => [
      rows[0].querySelector('.off').textContent.trim(),
      [...rows[0].querySelectorAll('.hx')].map((c) => c.textContent).join(' '),
      [...rows[0].querySelectorAll('.tx')].map((c) => c.textContent).join('')]);
    assert.is(firstRow[0], '00000000');
    assert.is(firstRow[1], [...sample.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join(' '));
    assert.is(firstRow[2].slice(0, 3), 'BM6');
    assert.match(await page.textContent('#st-size'), /^1,590 bytes/);
  });

  test('inspector values match struct in Node, little- and big-endian', async () => {
    await goTo('0x2');
    assert.is((await state()).cursor, 2);
    const codes = { int8: 'b', uint8: 'B', int16: 'h', uint16: 'H', int32: 'i', uint32: 'I',
      int64: 'q', uint64: 'Q', float16: 'e', float32: 'f', float64: 'd' };
    for (const [button, order] of [['#le', '<'], ['#be', '>']]) {
      await page.click(button);
      const shown = await inspectorValues();
      for (const [label, code] of Object.entries(codes)) {
        const v = struct.unpack_from(order + code, sample, 2)[0];
        assert.is(shown[label], 'efd'.includes(code) ? pyFloat(v) : String(v), `${label} ${order}`);
      }
    }
    await page.click('#le');
  });

  test('templates: fields decoded as struct does, bad formats show struct.error', async () => {
    // The sample's magic offered the BMP template, pinned at 0.
    assert.match(await page.textContent('#tplinfo'), /BMP file \+ info header: 54 bytes, 16 fields, at 0x0 \(pinned\)/);
    await page.uncheck('#tplpin');
    await goTo('0');
    await page.fill('#tpl', '<2sIHHI');
    const fields = await page.$$eval('#tplfields input', (els) => els.map((e) => e.value));
    const want = struct.unpack_from('<2sIHHI', sample, 0);
    assert.equal(fields, ["b'BM'", ...want.slice(1).map(String)]);
    await goTo('0xe');
    await page.fill('#tpl', '<IiiHHIIiiII');
    const info = await page.$$eval('#tplfields input', (els) => els.map((e) => e.value));
    assert.equal(info, struct.unpack_from('<IiiHHIIiiII', sample, 14).map(String));
    // Field bytes are highlighted in the grid: 40 bytes from 0xe.
    await frame();
    assert.is(await page.$$eval('.hx.t0, .hx.t1, .hx.t2, .hx.t3', (c) => c.length), 40);
    let message = '';
    try { new struct.Struct('<4sQz'); } catch (e) { message = `${e.name}: ${e.message}`; }
    await page.fill('#tpl', '<4sQz');
    assert.is(await page.textContent('#tplinfo'), message);
    assert.is(message, 'struct.error: bad char in struct format');
    await goTo('0x630');
    await page.fill('#tpl', '<2sIHHI');
    assert.match(await page.textContent('#tplinfo'), /needs 14 bytes at 0x630, only 6 left/);
  });

  test('overwrite in the hex column (nibbles) and the text column; undo and redo', async () => {
    await goTo('0x10');
    await page.keyboard.type('ab');
    assert.equal(await bytesAt(0x10, 1), [0xab]);
    assert.is((await state()).cursor, 0x11);
    await page.keyboard.press('Tab');                 // to the text column
    await page.keyboard.type('Z');
    assert.equal(await bytesAt(0x10, 2), [0xab, 0x5a]);
    assert.is((await state()).changes, 2);            // two nibbles make one edit
    await frame();
    assert.is(await page.$$eval('.hx.m', (c) => c.length), 2);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    assert.equal(await bytesAt(0x10, 2), [...sample.subarray(0x10, 0x12)]);
    assert.is((await state()).dirty, false);
    await page.keyboard.press('Control+y');
    await page.keyboard.press('Control+y');
    assert.equal(await bytesAt(0x10, 2), [0xab, 0x5a]);
    await page.keyboard.press('Shift+Tab');           // back to hex
  });

  test('insert and delete resize the bytearray', async () => {
    await goTo('0x20');
    await page.keyboard.press('Insert');
    await page.keyboard.type('cd');
    await page.keyboard.press('Insert');
    let s = await state();
    assert.is(s.size, sample.length + 1);
    assert.equal(await bytesAt(0x1f, 3), [sample[0x1f], 0xcd, sample[0x20]]);
    await goTo('0x30');
    await page.keyboard.press('Delete');
    s = await state();
    assert.is(s.size, sample.length);
    await page.keyboard.press('Control+z');
    assert.is((await state()).size, sample.length + 1);
    await page.keyboard.press('Control+y');
    assert.is((await state()).size, sample.length);
  });

  test('search hex and text, next and previous; bad patterns are reported', async () => {
    const at = Buffer.from(sample).indexOf('memview!');
    await goTo('0');
    await page.keyboard.press('Control+f');
    await page.fill('#find', '6d 65 6d 76');
    await page.press('#find', 'Enter');
    await page.waitForFunction(() => /match 1 of 1/.test(document.getElementById('findinfo').textContent));
    // The insert before 0x20 and the delete at 0x30 leave later offsets as they were.
    assert.is((await state()).cursor, at);
    await frame();
    assert.is(await page.$$eval('.hx.F', (c) => c.length), 4);    // the current match
    assert.is(await page.$$eval('.tx.F', (c) => c.map((x) => x.textContent).join('')), 'memv');
    await page.selectOption('#findmode', 'text');
    await page.fill('#find', 'view!');
    await page.press('#find', 'Enter');
    await page.waitForFunction((o) => window.hexEditor.cursor === o, at + 3);
    await page.press('#find', 'Shift+Enter');        // previous: wraps to the same single match
    await page.waitForFunction(() => /match 1 of 1, wrapped/.test(document.getElementById('findinfo').textContent));
    assert.is((await state()).cursor, at + 3);
    await page.fill('#find', 'no such text');
    await page.press('#find', 'Enter');
    await page.waitForFunction(() => /not found/.test(document.getElementById('findinfo').textContent));
    await page.selectOption('#findmode', 'hex');
    await page.fill('#find', '4d zz');
    await page.press('#find', 'Enter');
    assert.match(await page.textContent('#findinfo'), /not a hex digit: 'z'/);
    await page.fill('#find', '4d 5');
    await page.press('#find', 'Enter');
    assert.match(await page.textContent('#findinfo'), /odd number of hex digits/);
    await page.fill('#find', '');
  });

  test('go to: decimal, hex, relative; bad input keeps the cursor', async () => {
    await goTo('100');
    assert.is((await state()).cursor, 100);
    await goTo('+0x10');
    assert.is((await state()).cursor, 116);
    await goTo('hello');
    let s = await state();
    assert.is(s.cursor, 116);
    assert.match(s.msg, /'hello' is not an offset/);
    await goTo('99999');
    s = await state();
    assert.is(s.cursor, 116);
    assert.match(s.msg, /outside the file/);
  });

  test('editing in the inspector and in a template field writes the bytes back', async () => {
    await goTo('0x22');
    const input = '#inspector tr[data-type="uint16"] input';
    await page.fill(input, '4660');
    await page.press(input, 'Enter');
    assert.equal(await bytesAt(0x22, 2), [0x34, 0x12]);
    await page.fill(input, '70000');
    await page.press(input, 'Enter');
    let want = '';
    try { struct.pack('<H', 70000); } catch (e) { want = `${e.name}: ${e.message}`; }
    assert.is(await page.textContent('#insperr'), `uint16: ${want}`);
    assert.equal(await bytesAt(0x22, 2), [0x34, 0x12]);   // nothing written
    await goTo('0');
    await page.fill('#tpl', '<2sIHHI');
    const field = '#tplfields input[data-index="4"]';
    await page.fill(field, '99');
    await page.press(field, 'Enter');
    assert.equal(await bytesAt(10, 4), [99, 0, 0, 0]);
  });

  test('view as: whole items by a cast, the rest as hex', async () => {
    await page.selectOption('#viewas', 'I');
    assert.match(await page.textContent('#viewinfo'), /397 items of 'I' \+ 2 bytes, little-endian/);
    await page.selectOption('#viewas', 'H');
    assert.match(await page.textContent('#viewinfo'), /795 items of 'H'/);
    await frame();
    const cells = await page.$$eval('.row:first-child .it', (c) => c.slice(0, 2).map((x) => x.textContent));
    const now = await bytesAt(0, 4);
    assert.equal(cells, [String(now[0] | now[1] << 8), String(now[2] | now[3] << 8)]);
    await page.selectOption('#viewas', 'B');
  });

  test('mouse: click places the cursor in either column, shift-click selects; copy gives hex', async () => {
    const cell = (r, j, col) => `.row:nth-child(${r + 1}) .${col}:nth-child(${j + 1})`;
    await goTo('0');
    await page.click(cell(2, 3, 'hx'));
    assert.is((await state()).cursor, 0x23);
    await page.click(cell(2, 6, 'hx'), { modifiers: ['Shift'] });
    await frame();
    assert.match(await page.textContent('#st-sel'), /^sel 4 \[0x23\.\.0x26\]/);
    await page.keyboard.press('Control+c');
    const now = await bytesAt(0x23, 4);
    assert.is(await page.evaluate(() => window.hexEditor.lastCopy), now.map((b) => b.toString(16).padStart(2, '0')).join(' '));
    await page.click(cell(1, 4, 'tx'));
    const s = await page.evaluate(() => [window.hexEditor.cursor, window.hexEditor.column]);
    assert.equal(s, [0x14, 'text']);
    await page.keyboard.press('Shift+Tab');
  });

  test('a resize while viewing as a cast releases it first, then shows the odd byte as hex', async () => {
    await page.selectOption('#viewas', 'H');
    await page.focus('#grid');
    await goTo('0x600');
    await page.keyboard.press('Delete');              // 1590 -> 1589 bytes: not a multiple of 2
    assert.is((await state()).size, sample.length - 1);
    assert.match(await page.textContent('#viewinfo'), /794 items of 'H' \+ 1 byte,/);
    assert.is(await page.$eval('#viewas', (e) => e.value), 'H');
    await page.selectOption('#viewas', 'B');
    await page.focus('#grid');
    await page.keyboard.press('Control+z');
    assert.is((await state()).size, sample.length);
  });

  test('opening another file while dirty asks first, and loses no edits', async () => {
    const before = await state();
    const empty = path.join(tmp, 'empty.bin');
    fs.writeFileSync(empty, '');
    page.once('dialog', (d) => d.dismiss());
    await page.setInputFiles('#file', empty);
    await frame();
    const after = await state();
    assert.is(after.size, before.size);
    assert.is(after.changes, before.changes);
  });

  test('save downloads exactly the edited bytes', async () => {
    const expected = Array.from(sample);
    expected[0x10] = 0xab; expected[0x11] = 0x5a;
    expected.splice(0x20, 0, 0xcd);
    expected.splice(0x30, 1);
    expected[0x22] = 0x34; expected[0x23] = 0x12;
    expected.splice(10, 4, 99, 0, 0, 0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
    assert.is(download.suggestedFilename(), 'sample.bmp');
    const file = path.join(tmp, 'saved.bmp');
    await download.saveAs(file);
    assert.equal([...fs.readFileSync(file)], expected);
    assert.is((await state()).dirty, false);
  });

  test('an empty file opens with a clear message', async () => {
    await page.setInputFiles('#file', path.join(tmp, 'empty.bin'));
    await page.waitForFunction(() => /empty/.test(document.getElementById('st-msg').textContent));
    assert.is((await state()).size, 0);
    await page.focus('#grid');
    await page.keyboard.type('41');
    assert.equal(await bytesAt(0, 1), [0x41]);
    assert.is((await state()).changes, 1);          // both nibbles of an inserted byte: one edit
    const unload = () => page.evaluate(() => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });
    assert.is(await unload(), true);                // unsaved: the page asks before leaving
    await page.keyboard.press('Control+z');
    assert.is((await state()).size, 0);
    assert.is(await unload(), false);
  });

  test('dropping a file on the page opens it', async () => {
    await page.evaluate(() => window.hexEditor.doc.markSaved());
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([0xca, 0xfe, 0xba, 0xbe])], 'dropped.class'));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    });
    await page.waitForFunction(() => /opened dropped\.class/.test(document.getElementById('st-msg').textContent));
    assert.equal(await bytesAt(0, 4), [0xca, 0xfe, 0xba, 0xbe]);
    assert.is(await page.textContent('#filename'), 'dropped.class');
    assert.is(await page.$eval('#dropzone', (e) => e.hidden), true);
  });

  test('a 64 MiB file scrolls virtually: the DOM holds one screen of rows', async () => {
    const big = path.join(tmp, 'big.bin');
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, 64 << 20);
    fs.writeSync(fd, Buffer.from('THE END!'), 0, 8, (64 << 20) - 8);
    fs.closeSync(fd);
    await page.evaluate(() => { window.hexEditor.doc.markSaved(); });
    await page.setInputFiles('#file', big);
    await page.waitForFunction(() => /opened big\.bin/.test(document.getElementById('st-msg').textContent), null, { timeout: 20000 });
    assert.ok(await page.$$eval('.row', (r) => r.length) < 100);
    await page.focus('#grid');
    const rows = await page.evaluate(() => window.hexEditor.grid.visibleRows);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    assert.is((await state()).cursor, (2 * rows + 1) * 16 + 15);
    await page.keyboard.press('Home');
    await page.keyboard.press('PageUp');
    assert.is((await state()).cursor, (rows + 1) * 16);
    await page.keyboard.press('Control+End');
    await frame();
    assert.is((await state()).cursor, 64 << 20);
    const offs = await page.$$eval('.row', (rows) => rows.filter((r) => r.style.visibility !== 'hidden')
      .map((r) => r.querySelector('.off').textContent.trim()));
    assert.ok(offs.includes((((64 << 20) - 16)).toString(16).padStart(8, '0')));
    await page.fill('#find', '54 48 45 20 45 4e 44');
    await page.selectOption('#findmode', 'hex');
    await goTo('0');
    await page.click('#findnext');
    await page.waitForFunction(() => /match/.test(document.getElementById('findinfo').textContent), null, { timeout: 20000 });
    assert.is((await state()).cursor, (64 << 20) - 8);
  });

  test("the package's module (package.json exports) runs in a page without a bundler", async () => {
    let entry = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).exports['.'];
    while (typeof entry !== 'string') entry = entry.import ?? entry.default;   // conditions, nested
    const got = await page.evaluate(async (url) => {
      const { memoryview, bytearray, struct: st } = await import(url);
      const m = memoryview(bytearray([1, 0, 2, 0, 3, 0]));
      let err = null;
      try { m.cast("H").cast("i"); } catch (e) { err = `${e.name}: ${e.message}`; }
      return { list: m.cast('H').tolist(), hex: m.hex(':'), packed: [...st.pack('>I', 305419896)], err };
    }, `${base}/${entry.replace(/^\.\//, '')}`);
    assert.equal(got.list, [1, 2, 3]);
    assert.is(got.hex, '01:00:02:00:03:00');
    assert.equal(got.packed, [0x12, 0x34, 0x56, 0x78]);
    assert.is(got.err, 'TypeError: memoryview: cannot cast between two non-byte formats');
  });

  test.run();
}
