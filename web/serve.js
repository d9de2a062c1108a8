// A tiny static server for the demo: serves the repository root on
// http://127.0.0.1:8080 (so web/ can import ../js/memview.js unbundled), with
// the MIME types browsers insist on (application/wasm for streaming compile,
// text/javascript for modules). Usage: node web/serve.js [port]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
  '.bmp': 'image/bmp', '.svg': 'image/svg+xml', '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

export function createServer(root = ROOT) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/web') {
      res.writeHead(302, { Location: '/web/' }); res.end(); return;
    }
    let rel;
    try { rel = decodeURIComponent(url.pathname); } catch { res.writeHead(400); res.end('bad path'); return; }
    const file = path.join(root, rel.endsWith('/') ? rel + 'index.html' : rel);
    // Never serve outside the repository, nor its dot-directories (.git).
    if (!file.startsWith(root + path.sep) || rel.split('/').some((p) => p.startsWith('.') && p.length > 0)) {
      res.writeHead(403); res.end('forbidden'); return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end(`not found: ${rel}`); return; }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') { res.end(); return; }
      fs.createReadStream(file).pipe(res);
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const port = Number(process.argv[2] || process.env.PORT || 8080);
  createServer().listen(port, '127.0.0.1', () => {
    console.log(`memview hex editor: http://127.0.0.1:${port}/web/  (serving ${ROOT}; Ctrl+C stops)`);
  });
}
