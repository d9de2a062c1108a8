// Takes docs/screenshot.png of the editor on the sample BMP, with a pinned
// template, an edit, a search match and a selection on screen.
// Usage: node web/screenshot.js [out.png]   (needs /usr/bin/chromium)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from './serve.js';
import { makeBmp } from './make-sample.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] || path.join(root, 'docs', 'screenshot.png');
fs.mkdirSync(path.join(root, 'build'), { recursive: true });
fs.writeFileSync(path.join(root, 'build', 'sample.bmp'), makeBmp());

const server = createServer();
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(`http://127.0.0.1:${server.address().port}/web/`);
  await page.waitForFunction(() => window.hexEditor?.ready);
  const goTo = async (t) => { await page.keyboard.press('Control+g'); await page.fill('#goto', t); await page.press('#goto', 'Enter'); };
  await page.fill('#tpl', '<2s:magic I:file_size H:reserved1 H:reserved2 I:pixel_offset');
  await page.check('#tplpin');
  await goTo('0x2e');
  await page.keyboard.type('ff');
  await page.selectOption('#findmode', 'text');
  await page.fill('#find', 'memview');
  await page.press('#find', 'Enter');
  await page.waitForFunction(() => /match/.test(document.getElementById('findinfo').textContent));
  await goTo('0');
  await goTo('0x16');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
  server.close();
}
