// The memview CLI against the real tools: `memview xxd` must print exactly
// what xxd prints and `memview hexdump -C` exactly what hexdump -C prints,
// for generated files (sizes 0, 1, 15, 16, 17, thousands, more than one
// 64 KiB chunk; random bytes and long runs of zeros) and many option sets.
// find, patch and unpack are checked against independent oracles (a naive
// search, the file's bytes, CPython's struct). Commands run in-process through
// main() with captured streams; a few runs of bin/memview.js check exit codes
// and that errors are one line, never a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/main.js';
import { Progress } from '../cli/output.js';

const BIN = fileURLToPath(new URL('../bin/memview.js', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memview-cli-'));
const hasTool = (cmd, args) => !spawnSync(cmd, args, { stdio: 'ignore' }).error;
const HAVE_XXD = hasTool('xxd', ['-v']);
const HAVE_HEXDUMP = hasTool('hexdump', ['-C', '/dev/null']);
const PY = { ...process.env, PYENV_VERSION: '3.13.0' };
const HAVE_PY313 = spawnSync('python3', ['-c', 'import sys; assert sys.version_info >= (3, 13)'], { env: PY }).status === 0;
if (!HAVE_XXD) console.log('cli.test: xxd not found, skipping the xxd comparisons');
if (!HAVE_HEXDUMP) console.log('cli.test: hexdump not found, skipping the hexdump comparisons');
if (!HAVE_PY313) console.log('cli.test: CPython 3.13 (PYENV_VERSION=3.13.0 python3) not found, skipping the unpack comparisons');

// A seeded generator, so a failing file can be made again.
function prng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x & 0xff; };
}
function randomBytes(n, seed) {
  const next = prng(seed);
  return Uint8Array.from({ length: n }, next);
}
function concat(...parts) { return Buffer.concat(parts.map((p) => Buffer.from(p))); }
function write(name, data) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

const FILES = {
  empty: write('empty', new Uint8Array(0)),
  one: write('one', randomBytes(1, 1)),
  r15: write('r15', randomBytes(15, 2)),
  r16: write('r16', randomBytes(16, 3)),
  r17: write('r17', randomBytes(17, 4)),
  all256: write('all256', Uint8Array.from({ length: 256 }, (_, i) => i)),
  r5000: write('r5000', randomBytes(5000, 5)),
  zeros: write('zeros', concat(new Uint8Array(4000), randomBytes(100, 6), new Uint8Array(3000), randomBytes(7, 7))),
  repeat: write('repeat', concat(...Array(100).fill(Buffer.from('0123456789abcdef')), Buffer.from('01234'))),
  // Several 64 KiB chunks, a zero run across a chunk boundary.
  big: write('big', concat(randomBytes(60000, 8), new Uint8Array(20000), randomBytes(120003, 9))),
};

function capture(isTTY = false) {
  const parts = [];
  return {
    parts, isTTY, on() {}, off() {}, get text() { return parts.join(''); },
    write(s, done) { parts.push(String(s)); if (typeof done === 'function') done(); return true; },
  };
}

async function cli(...argv) {
  const io = { stdout: capture(), stderr: capture() };
  const code = await main(argv, io);
  return { code, out: io.stdout.text, err: io.stderr.text };
}

function tool(cmd, args) {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 28, encoding: 'latin1' });
  return { code: r.status, out: r.stdout };
}

const XXD_OPTIONS = [
  [], ['-c', '5', '-g', '3'], ['-c', '7', '-g', '4'], ['-g', '0'], ['-g', '1'], ['-g', '16'], ['-g', '17'],
  ['-g', '-1'], ['-c', '1'], ['-c', '3', '-g', '-1'], ['-c', '0'], ['-c', '256'], ['-c', '256', '-g', '0'],
  ['-c', '13', '-g', '5', '-u'], ['-u'], ['-c', '9', '-g', '9'], ['-c', '31', '-g', '8'],
  ['-p'], ['-p', '-c', '0'], ['-p', '-c', '7'], ['-p', '-u', '-c', '1000'], ['-p', '-c', '100000'],
  ['-p', '-s', '3', '-l', '50'], ['-p', '-c', '0', '-l', '0'],
  ['-s', '5'], ['-s', '-5'], ['-s', '-0'], ['-s', '0x10', '-l', '010'], ['-s', '100000'], ['-s', '+3', '-l', '40'],
  ['-l', '0'], ['-l', '3'], ['-l', '-1'], ['-s', '65530', '-c', '12', '-l', '100'], ['-s', '-70000', '-c', '11'],
  ['-c12', '-g3'], ['-s-17'], ['-l', '0x20', '-c', '6', '-u'],
];

for (const [name, file] of Object.entries(FILES)) {
  test(`xxd matches the real xxd on ${name}`, async () => {
    if (!HAVE_XXD) return;
    for (const opts of XXD_OPTIONS) {
      const want = tool('xxd', [...opts, file]);
      const got = await cli('xxd', ...opts, file);
      const label = `xxd ${opts.join(' ')} ${name}`;
      if (want.code !== 0) {
        // xxd refuses (a seek before the start): so must we, with a message.
        assert.is.not(got.code, 0, label);
        assert.match(got.err, /^memview xxd: .+\n$/, label);
        continue;
      }
      assert.is(got.err, '', label);
      assert.is(got.code, 0, label);
      assert.ok(got.out === want.out, `${label}: output differs from xxd\n--- xxd\n${want.out.slice(0, 400)}\n--- memview\n${got.out.slice(0, 400)}`);
    }
  });

  test(`hexdump -C matches the real hexdump on ${name}`, async () => {
    if (!HAVE_HEXDUMP) return;
    const want = tool('hexdump', ['-C', file]);
    const got = await cli('hexdump', '-C', file);
    assert.is(got.code, 0);
    assert.ok(got.out === want.out, `hexdump -C ${name} differs\n--- hexdump\n${want.out.slice(0, 600)}\n--- memview\n${got.out.slice(0, 600)}`);
  });
}

test('xxd output of a 5000-byte file, checked line by line without xxd', async () => {
  // Independent of the xxd binary: line 0x10 of r5000 rebuilt by hand.
  const data = fs.readFileSync(FILES.r5000);
  const { out } = await cli('xxd', FILES.r5000);
  const line = out.split('\n')[1];
  const row = data.subarray(16, 32);
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(Buffer.from(row.subarray(i, i + 2)).toString('hex'));
  const text = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  assert.is(line, `00000010: ${groups.join(' ')}  ${text}`);
  assert.is(out.split('\n').length - 1, Math.ceil(5000 / 16));
});

test('xxd and hexdump of a 64 MiB sparse file: flat wasm memory, squeezed output', async () => {
  const { heapStats } = await import('memview');
  const file = path.join(dir, 'sparse');
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, 64 << 20);
  // The most wasm heap in use at once (memory itself grows geometrically, so
  // its size says little about one command).
  await cli('hexdump', '-C', FILES.one); // warm-up: the chunk buffer once
  const before = heapStats(true).inUse;
  const got = await cli('hexdump', '-C', file);
  assert.is(got.out, `00000000  ${'00 '.repeat(8)} ${'00 '.repeat(8)} |${'.'.repeat(16)}|\n*\n04000000\n`);
  const tail = await cli('xxd', '-s', '-32', file);
  assert.is(tail.out, `03ffffe0: ${Array(8).fill('0000').join(' ')}  ${'.'.repeat(16)}\n03fffff0: ${Array(8).fill('0000').join(' ')}  ${'.'.repeat(16)}\n`);
  const peak = heapStats().peak;
  assert.ok(peak - before <= 1 << 20, `the wasm heap in use grew by ${peak - before} bytes`);
  fs.unlinkSync(file);
});

test('xxd past 4 GiB: addresses grow beyond 8 digits as in xxd', async () => {
  const file = path.join(dir, 'sparse5g');
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, 5 * 2 ** 30);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from('hello'), 0, 5, 2 ** 32 + 5);
  fs.closeSync(fd);
  const expected = '100000000: 0000 0000 0068 656c 6c6f 0000 0000 0000  .....hello......\n';
  for (const opts of [['-s', '0xffffffe0', '-l', '64'], ['-s', '-40'], ['-s', '0xfffffff8', '-l', '20', '-c', '7', '-u']]) {
    const got = await cli('xxd', ...opts, file);
    assert.is(got.code, 0, got.err);
    if (HAVE_XXD) assert.ok(got.out === tool('xxd', [...opts, file]).out, `xxd ${opts.join(' ')} on 5 GiB`);
  }
  assert.is((await cli('xxd', '-s', '0x100000000', '-l', '16', file)).out, expected);
  fs.unlinkSync(file);
});

test('xxd and hexdump refuse bad input with one line and a non-zero status', async () => {
  const cases = [
    [['xxd', path.join(dir, 'nope')], 1, /^memview xxd: .*nope: No such file or directory\n$/],
    [['xxd', dir], 1, /^memview xxd: .*: Is a directory\n$/],
    [['xxd', '-c', '257', FILES.one], 2, /columns/],
    [['xxd', '-c', '-1', FILES.one], 2, /columns/],
    [['xxd', '-c', 'abc', FILES.one], 2, /invalid number 'abc' for -c/],
    [['xxd', '-s', '-100', FILES.r17], 1, /cannot seek/],
    [['xxd', '-q', FILES.one], 2, /unknown option '-q'/],
    [['xxd', '-c'], 2, /needs a value/],
    [['xxd'], 2, /missing FILE/],
    [['xxd', FILES.one, FILES.r15], 2, /one FILE expected/],
    [['hexdump', FILES.one], 2, /canonical/],
    [['frobnicate'], 2, /^memview: unknown command 'frobnicate'/],
    [[], 2, /^memview: missing COMMAND/],
  ];
  for (const [argv, code, message] of cases) {
    const got = await cli(...argv);
    assert.is(got.code, code, argv.join(' '));
    assert.is(got.out, '', argv.join(' '));
    assert.match(got.err, message, argv.join(' '));
    assert.is(got.err.split('\n').length, 2, `one line for ${argv.join(' ')}`);
  }
});

test('bin/memview.js: exit status and one-line errors, never a stack trace', () => {
  const run = (...args) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  const ok = run('xxd', '-l', '4', FILES.all256);
  assert.is(ok.status, 0);
  assert.is(ok.stdout, '00000000: 0001 0203                                ....\n');
  for (const args of [['xxd', path.join(dir, 'nope')], ['unpack', 'Z', FILES.one], ['patch', FILES.one, '5', '00'], ['xxd', '--bogus', FILES.one]]) {
    const r = run(...args);
    assert.ok(r.status !== 0, args.join(' '));
    assert.is(r.stdout, '');
    assert.is(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
    assert.not.match(r.stderr, /\n\s+at /);
  }
  const help = run('--help');
  assert.is(help.status, 0);
  assert.match(help.stdout, /memview xxd/);
});

// ---- find
function naiveFind(hay, needle) {
  const hits = [];
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    hits.push(i);
  }
  return hits;
}

test('find: every offset, overlapping and across chunk boundaries', async () => {
  const data = Buffer.from(randomBytes(200000, 11));
  const needle = Buffer.from('needle\x00\xff', 'latin1');
  for (const at of [0, 65534, 65536 - needle.length, 65536 * 2 - 3, 131000, data.length - needle.length]) needle.copy(data, at);
  const file = write('hay', data);
  const got = await cli('find', file, needle.toString('hex'), '--hex');
  assert.is(got.code, 0);
  assert.equal(got.out.trim().split('\n').map(Number), naiveFind(data, needle));

  const aaa = write('aaa', Buffer.from('xaaaay aa'));
  assert.is((await cli('find', aaa, 'aa')).out, '1\n2\n3\n7\n');
  assert.is((await cli('find', aaa, '61 61', '--hex')).out, '1\n2\n3\n7\n');
  const utf8 = write('utf8', Buffer.from('déjà vu, déjà'));
  assert.is((await cli('find', utf8, 'déjà')).out, '0\n11\n');
});

test('find: no match exits 1 silently; bad patterns are usage errors', async () => {
  const none = await cli('find', FILES.r17, 'this text is not there');
  assert.equal([none.code, none.out, none.err], [1, '', '']);
  const empty = await cli('find', FILES.r17, '');
  assert.is(empty.code, 2);
  assert.match(empty.err, /^memview find: empty PATTERN\n$/);
  const bad = await cli('find', FILES.r17, 'abc', '--hex');
  assert.is(bad.code, 2);
  assert.match(bad.err, /not valid hex/);
  const missing = await cli('find', path.join(dir, 'nope'), 'x');
  assert.is(missing.code, 1);
  assert.match(missing.err, /No such file or directory/);
});

// ---- patch
test('patch writes in place and keeps the size', async () => {
  const original = randomBytes(100, 12);
  const file = write('patchme', original);
  const got = await cli('patch', file, '0x10', 'de ad BE ef');
  assert.is(got.code, 0, got.err);
  const expect = Buffer.from(original);
  const old = expect.subarray(16, 20).toString('hex').match(/../g).join(' ');
  Buffer.from('deadbeef', 'hex').copy(expect, 16);
  assert.equal(fs.readFileSync(file), expect);
  assert.is(got.out, `${file}: 4 bytes at 0x10: ${old} -> de ad be ef\n`);
  const last = await cli('patch', file, '99', '7f');
  assert.is(last.code, 0);
  expect[99] = 0x7f;
  assert.equal(fs.readFileSync(file), expect);
});

test('patch refuses to run past the end and leaves the file alone', async () => {
  const original = Buffer.from(randomBytes(32, 13));
  const file = write('short', original);
  const cases = [
    [['32', '00'], 1, /offset 32 is past the end of .* \(32 bytes\); patch never grows a file/],
    [['1000', '00'], 1, /past the end/],
    [['30', '000000'], 1, /3 bytes at offset 30 run past the end/],
    [['-1', '00'], 2, /must not be negative/],
    [['5', 'xyz'], 2, /not valid hex/],
    [['5', '0'], 2, /not valid hex/],
    [['5', ''], 2, /HEXBYTES is empty/],
    [['five', '00'], 2, /invalid number 'five'/],
  ];
  for (const [args, code, message] of cases) {
    const got = await cli('patch', file, ...args);
    assert.is(got.code, code, args.join(' '));
    assert.match(got.err, message, args.join(' '));
    assert.equal(fs.readFileSync(file), original, `unchanged after patch ${args.join(' ')}`);
  }
  const missing = await cli('patch', path.join(dir, 'nope'), '0', '00');
  assert.is(missing.code, 1);
  assert.not.ok(fs.existsSync(path.join(dir, 'nope')), 'patch never creates a file');
});

// ---- patch never loses data (issue 13)
const run = (args, opts = {}) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, ...opts });

// A system error as fs throws it.
function sysError(code, syscall) {
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall, errno: -1 });
}

// Replaces fs[name] while `body` runs: `wrap(real, fd, args)` is called for
// calls on the file `target` only (matched by inode), the rest go through.
async function withFsHook(name, target, wrap, body) {
  const real = fs[name];
  const ino = fs.statSync(target).ino;
  const isTarget = (fd) => { try { return fs.fstatSync(fd).ino === ino; } catch { return false; } };
  fs[name] = function hooked(fd, ...args) {
    return isTarget(fd) ? wrap(real, fd, args) : real.call(fs, fd, ...args);
  };
  try {
    return await body();
  } finally {
    fs[name] = real;
  }
}

test('patch: a FIFO or device is refused before it is opened, by every command', () => {
  const fifo = path.join(dir, 'fifo');
  spawnSync('mkfifo', [fifo]);
  assert.ok(fs.statSync(fifo).isFIFO(), 'mkfifo made a FIFO');
  const link = path.join(dir, 'fifo-link');
  fs.symlinkSync(fifo, link);
  // Opening a FIFO with no writer blocks: before the fix each of these hung.
  for (const file of [fifo, link]) {
    for (const args of [['xxd', file], ['hexdump', '-C', file], ['find', file, 'x'], ['unpack', 'B', file], ['patch', file, '0', '00']]) {
      const r = run(args, { timeout: 10_000 });
      assert.is(r.error, undefined, `${args.join(' ')} hung (${r.error && r.error.code})`);
      assert.is(r.status, 1, args.join(' '));
      assert.is(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^memview ${args[0]}: .*: not a regular file \\(a FIFO\\); memview opens only regular files\\n$`));
    }
  }
  const dev = run(['xxd', '/dev/null']);
  assert.is(dev.status, 1);
  assert.is(dev.stderr, 'memview xxd: /dev/null: not a regular file (a character device); memview opens only regular files\n');
});

test('patch: with stdout on /dev/full the file is not touched', () => {
  const original = Buffer.from(randomBytes(100, 20));
  const file = write('devfull', original);
  const full = fs.openSync('/dev/full', 'w');
  let r;
  try {
    r = run(['patch', file, '0x10', 'ffff'], { stdio: ['ignore', full, 'pipe'] });
  } finally {
    fs.closeSync(full);
  }
  assert.equal(fs.readFileSync(file), original, 'the file is unchanged');
  assert.is(r.status, 1);
  assert.is(r.stderr, `memview patch: cannot write the report to stdout (No space left on device (ENOSPC)); ${file} was not changed\n`);
});

test('patch: the report is on stdout before the file changes; a failing stdout changes nothing', async () => {
  const original = Buffer.from(randomBytes(64, 21));
  const file = write('report-first', original);
  const seen = [];
  const stdout = { on() {}, off() {}, write(s, done) { seen.push(fs.readFileSync(file)); done(); return true; } };
  assert.is(await main(['patch', file, '4', 'aabb'], { stdout, stderr: capture() }), 0);
  assert.equal(seen, [original], 'the file was still unchanged when the report was written');
  assert.equal(fs.readFileSync(file).subarray(4, 6), Buffer.from('aabb', 'hex'));

  for (const code of ['EPIPE', 'EIO']) {
    const before = fs.readFileSync(file);
    const failing = { on() {}, off() {}, write(s, done) { done(sysError(code, 'write')); return false; } };
    const stderr = capture();
    assert.is(await main(['patch', file, '4', '0000'], { stdout: failing, stderr }), 1, code);
    assert.match(stderr.text, /^memview patch: cannot write the report to stdout \(.+\); .* was not changed\n$/);
    assert.equal(fs.readFileSync(file), before, `unchanged after a stdout ${code}`);
  }
});

test('patch: a full file system (a 64 KiB tmpfs): ENOSPC midway, the old bytes are restored', async () => {
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'memview-tmpfs-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    console.log(`cli.test: SKIPPED the full-file-system patch test: cannot mount a tmpfs (${(mounted.stderr || String(mounted.error)).trim()})`);
    fs.rmdirSync(mnt);
    return;
  }
  try {
    // A sparse target: writing into its hole needs new pages. Fill the file
    // system, then free one page, so the patch's first page fits and its
    // second does not.
    const file = path.join(mnt, 'sparse');
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, 1 << 20);
    const filler = path.join(mnt, 'filler');
    const fd = fs.openSync(filler, 'w');
    let size = 0;
    try {
      for (;;) size += fs.writeSync(fd, Buffer.alloc(4096, 1));
    } catch (err) {
      assert.is(err.code, 'ENOSPC');
    }
    fs.ftruncateSync(fd, size - 4096);
    fs.closeSync(fd);
    const hex = 'ff'.repeat(8192);
    const got = await cli('patch', file, '0x10', hex);
    const now = fs.readFileSync(file);
    assert.is(now.length, 1 << 20);
    assert.ok(now.every((b) => b === 0), 'every byte is zero again');
    assert.is(got.code, 1);
    assert.is(got.out, `${file}: 8192 bytes at 0x10: ${Array(8192).fill('00').join(' ')} -> ${Array(8192).fill('ff').join(' ')}\n`, 'the old bytes are reported');
    assert.match(got.err, /^memview patch: .*sparse: patching 8192 bytes at 0x10 failed: No space left on device \(ENOSPC\); the 4080 bytes written \(0x10\.\.0xfff\) were restored; the file is unchanged\n$/);
  } finally {
    const unmounted = spawnSync('umount', [mnt], { encoding: 'utf8' });
    assert.is(unmounted.status, 0, `umount ${mnt}: ${unmounted.stderr}`);
    fs.rmdirSync(mnt);
  }
});

test('patch: a file truncated after the check is not grown (100 bytes stay 100)', async () => {
  const file = write('shrinks', Buffer.from(randomBytes(8000, 22)));
  // Another process truncates the file just after memview read the old bytes.
  let truncated = false;
  const got = await withFsHook('readSync', file, (real, fd, args) => {
    const n = real.call(fs, fd, ...args);
    if (!truncated) { truncated = true; fs.truncateSync(file, 100); }
    return n;
  }, () => cli('patch', file, '4000', 'deadbeef'));
  assert.ok(truncated);
  assert.is(fs.statSync(file).size, 100, 'the file did not grow');
  assert.is(got.code, 1);
  assert.match(got.err, /^memview patch: .*: patching 4 bytes at 0xfa0 failed: it shrank to 100 bytes \(the patch needs 4004\) before it could be written; nothing was written; the file is unchanged\n$/);
});

test('patch: a truncation inside the write itself is seen, reported and undone', async () => {
  // The one window no check can close: truncated between the last fstat and
  // the write, which the kernel then extends. memview must not call it a success.
  const original = Buffer.from(randomBytes(8000, 23));
  const file = write('shrinks-in-write', original);
  let truncated = false;
  const got = await withFsHook('writeSync', file, (real, fd, args) => {
    if (!truncated) { truncated = true; fs.truncateSync(file, 100); }
    return real.call(fs, fd, ...args);
  }, () => cli('patch', file, '4000', 'deadbeef'));
  assert.is(got.code, 1);
  assert.match(got.err, /^memview patch: .*: patching 4 bytes at 0xfa0 failed: its size changed from 8000 to 4004 bytes during a write \(another process truncated or wrote it; the write may have extended it\); the 4 bytes written \(0xfa0\.\.0xfa3\) were restored; those bytes hold their old values\n$/);
  assert.equal(fs.readFileSync(file).subarray(4000), original.subarray(4000, 4004));
});

test('patch: a write error midway restores the old bytes', async () => {
  const original = Buffer.from(randomBytes(256, 24));
  const file = write('eio', original);
  let calls = 0;
  // The first write is short (8 of 16 bytes), the second fails.
  const got = await withFsHook('writeSync', file, (real, fd, [buf, off, len, pos]) => {
    calls++;
    if (calls === 1) return real.call(fs, fd, buf, off, 8, pos);
    if (calls === 2) throw sysError('EIO', 'write');
    return real.call(fs, fd, buf, off, len, pos);
  }, () => cli('patch', file, '0x20', '11'.repeat(16)));
  assert.equal(fs.readFileSync(file), original);
  assert.is(got.code, 1);
  assert.is(calls, 3, 'one short write, one failed, one restoring');
  assert.match(got.err, /failed: Input\/output error \(EIO\); the 8 bytes written \(0x20\.\.0x27\) were restored; the file is unchanged\n$/);
});

test('patch: when the old bytes cannot be restored, the error names exactly the bytes changed', async () => {
  const original = Buffer.from(randomBytes(256, 25));
  original.fill(0x00, 0x20, 0x30);
  const file = write('eio-twice', original);
  let calls = 0;
  const got = await withFsHook('writeSync', file, (real, fd, [buf, off, len, pos]) => {
    calls++;
    if (calls === 1) return real.call(fs, fd, buf, off, 3, pos); // 3 of 16 bytes
    throw sysError('EIO', 'write'); // the rest, and the restore
  }, () => cli('patch', file, '0x20', '110022' + 'ff'.repeat(13)));
  assert.is(got.code, 1);
  // 0x21 was 00 and is 00 again: only 0x20 and 0x22 differ from before.
  const now = fs.readFileSync(file);
  const changed = [];
  for (let i = 0; i < now.length; i++) if (now[i] !== original[i]) changed.push(i);
  assert.equal(changed, [0x20, 0x22]);
  assert.match(got.err, /failed: Input\/output error \(EIO\); restoring the old bytes failed \(Input\/output error \(EIO\)\): 2 bytes changed, at 0x20, 0x22 \(old -> now: 00 -> 11, 00 -> 22\)\n$/);
});

test('patch: bytes that read back wrong, or a failed flush to disk, are undone', async () => {
  const original = Buffer.from(randomBytes(64, 26));
  const file = write('readback', original);
  let corrupt = true;
  // The first write puts other bytes than it was given, and says it succeeded.
  const bad = await withFsHook('writeSync', file, (real, fd, [buf, off, len, pos]) => {
    if (!corrupt) return real.call(fs, fd, buf, off, len, pos);
    corrupt = false;
    const wrong = Buffer.from(buf.subarray(off, off + len)).map((b) => b ^ 1);
    return real.call(fs, fd, wrong, 0, len, pos);
  }, () => cli('patch', file, '8', 'a0a1a2a3'));
  assert.equal(fs.readFileSync(file), original);
  assert.is(bad.code, 1);
  assert.match(bad.err, /failed: the bytes read back are not the bytes written; the 4 bytes written \(0x8\.\.0xb\) were restored; the file is unchanged\n$/);

  let syncs = 0;
  const unsynced = await withFsHook('fdatasyncSync', file, (real, fd) => {
    if (++syncs === 1) throw sysError('EIO', 'fdatasync');
    return real.call(fs, fd);
  }, () => cli('patch', file, '8', 'a0a1a2a3'));
  assert.is(syncs, 2, 'the patch is flushed, and so is its undoing');
  assert.is(unsynced.code, 1);
  assert.match(unsynced.err, /failed: Input\/output error \(EIO\) when flushing to the disk; the 4 bytes written \(0x8\.\.0xb\) were restored; the file is unchanged\n$/);
  assert.equal(fs.readFileSync(file), original);
});

// ---- unpack
// CPython's struct decodes the same bytes; values are compared after the
// CLI's JSON conventions (bigint and non-finite floats as strings, bytes as hex).
const PY_UNPACK = `
import json, math, re, struct, sys
fmt, path, offset, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
codes = []
for n, c in re.findall(r'(\\d*)([xcbB?hHiIlLqQnNefdspP])', fmt):
    if c == 'x': continue
    codes += [c] if c in 'sp' else [c] * int(n or 1)
data = open(path, 'rb').read()[offset:]
s = struct.Struct(fmt)
def conv(c, v):
    if c in 'qQ': return str(v)
    if isinstance(v, bytes): return v.hex()
    if isinstance(v, float) and not math.isfinite(v): return 'NaN' if v != v else ('Infinity' if v > 0 else '-Infinity')
    return v
whole = len(data) // s.size
for i in range(min(whole, count) if count >= 0 else whole):
    vals = s.unpack_from(data, i * s.size)
    print(json.dumps([conv(c, v) for c, v in zip(codes, vals)]))
`;

test('unpack matches CPython struct record by record', async () => {
  if (!HAVE_PY313) return;
  const data = concat(randomBytes(70000, 14), Buffer.from([0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x7f, 0, 0, 0x80, 0xff]));
  const file = write('records', data);
  const cases = [
    ['<IhQ?2sd', 0, -1], ['>bBhHiIqQ', 3, 50], ['!4sxxHe', 1, -1], ['=cp3pf', 7, 1000], ['<f', 70000, -1],
    ['<3f', 69998, -1], ['>q', 65530, 3],
  ];
  for (const [fmt, offset, count] of cases) {
    const args = ['unpack', fmt, file, '--offset', String(offset)];
    if (count >= 0) args.push('--count', String(count));
    const got = await cli(...args);
    assert.is(got.code, 0, `${fmt}: ${got.err}`);
    const py = spawnSync('python3', ['-c', PY_UNPACK, fmt, file, String(offset), String(count)], { env: PY, encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.is(py.status, 0, py.stderr);
    const parse = (text) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.equal(parse(got.out), parse(py.stdout), fmt);
  }
});

test('unpack: trailing bytes warn, short counts and bad input fail', async () => {
  const file = write('ten', Buffer.from('0123456789'));
  const trailing = await cli('unpack', '<I', file);
  assert.is(trailing.code, 0);
  assert.is(trailing.out, '[858927408]\n[926299444]\n');
  assert.is(trailing.err, 'memview unpack: 2 trailing bytes ignored (a record is 4 bytes)\n');
  const bytesOut = await cli('unpack', '3s?', file, '--offset', '0x2', '--count', '2');
  assert.is(bytesOut.out, '["323334",true]\n["363738",true]\n');
  const short = await cli('unpack', '<H', file, '--count', '6');
  assert.is(short.code, 1);
  assert.is(short.out.split('\n').length - 1, 5);
  assert.match(short.err, /only 5 whole records of 2 bytes/);
  const cases = [
    [['Z', file], 2, /bad format 'Z': bad char in struct format/],
    [['', file], 2, /empty records/],
    [['<I', file, '--offset', '11'], 1, /offset 11 is past the end/],
    [['<I', file, '--count', 'x'], 2, /invalid number 'x' for --count/],
    [['<I', path.join(dir, 'nope')], 1, /No such file or directory/],
  ];
  for (const [args, code, message] of cases) {
    const got = await cli('unpack', ...args);
    assert.is(got.code, code, args.join(' '));
    assert.match(got.err, message);
    assert.is(got.err.split('\n').length, 2);
  }
});

test('progress: only on a terminal, throttled, erased at the end', () => {
  let clock = 0;
  const tty = capture(true);
  const p = new Progress('memview xxd', 4 << 20, { stream: tty, outputIsTTY: false, now: () => clock });
  p.update(1);
  assert.is(tty.text, '', 'nothing in the first half second');
  clock = 600;
  p.update(1 << 20);
  assert.is(tty.text, '\rmemview xxd: 25% (1.0 MiB of 4.0 MiB)\x1b[K');
  clock = 650;
  p.update(2 << 20);
  assert.is(tty.parts.length, 1, 'throttled');
  p.finish();
  assert.is(tty.parts.at(-1), '\r\x1b[K');
  const pipe = capture(false);
  const q = new Progress('x', 10, { stream: pipe, outputIsTTY: false, now: () => (clock += 1000) });
  q.update(5);
  q.finish();
  assert.is(pipe.text, '', 'no progress when stderr is not a terminal');
  const both = capture(true);
  const r = new Progress('x', 10, { stream: both, outputIsTTY: true, now: () => (clock += 1000) });
  r.update(5);
  assert.is(both.text, '', 'no progress when stdout is the terminal too');
});

test('progress on a real terminal: bin/memview.js under script(1)', () => {
  if (!hasTool('script', ['-V'])) { console.log('cli.test: script(1) not found, skipping the terminal progress check'); return; }
  const file = path.join(dir, 'sparse-progress');
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, 48 << 20);
  // stderr is the pseudo-terminal, stdout goes to /dev/null: progress shows.
  const command = `'${process.execPath}' '${BIN}' xxd '${file}' > /dev/null`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
  fs.unlinkSync(file);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\rmemview xxd: \d+% \(\d+\.\d MiB of 48\.0 MiB\)\x1b\[K/);
  assert.ok(r.stdout.endsWith('\r\x1b[K'), 'the progress line is erased at the end');
});

/** A stdout that takes what is written until `stderr` shows a progress
 *  line, then fails as a full disk does. */
function fullOnceProgressShows(stderr) {
  const s = new EventEmitter();
  s.isTTY = false;
  s.write = () => {
    if (!stderr.text.includes('% (')) return true;
    queueMicrotask(() => s.emit('error', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })));
    return false;
  };
  return s;
}

test('progress: an error mid-run erases the progress line before its message', async () => {
  const file = path.join(dir, 'sparse-full');
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, 256 << 20);
  for (const argv of [['xxd', file], ['hexdump', '-C', file], ['find', file, '00', '--hex'], ['unpack', '<I', file]]) {
    const stderr = capture(true), io = { stdout: fullOnceProgressShows(stderr), stderr };
    const code = await main(argv, io);
    assert.is(code, 1, argv[0]);
    assert.match(io.stderr.text, /% \(/, `${argv[0]}: the progress line was shown`);
    assert.match(io.stderr.text, new RegExp(`\\r\\x1b\\[Kmemview ${argv[0]}: error: Error: ENOSPC[^\\n]*\\n$`), `${argv[0]}: erased, then the message`);
  }
  fs.unlinkSync(file);
});

test('a file name or pattern that is not UTF-8 is refused, not read as another name (Node passes U+FFFD)', () => {
  const sub = path.join(dir, 'names');
  fs.mkdirSync(sub);
  // The files are made and patched from bash, which passes the name's bytes as they are.
  const sh = (command) => spawnSync('bash', ['-c', command], { cwd: sub, encoding: 'utf8' });
  assert.is(sh("printf AAAA > $'\\xff'; printf BBBB > $'\\xef\\xbf\\xbd'").status, 0);
  const r = sh(`'${process.execPath}' '${BIN}' patch $'\\xff' 0 7a`);
  assert.is(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /is not valid UTF-8, or holds U\+FFFD: .* nothing was done/);
  assert.is(sh("cat $'\\xff' $'\\xef\\xbf\\xbd'").stdout, 'AAAABBBB', 'neither file was touched');
  const f = sh(`printf 'x\\xffy' > data; '${process.execPath}' '${BIN}' find data $'\\xff'`);
  assert.is(f.status, 2, 'a pattern of such bytes too');
  assert.is(f.stdout, '');
});

test('a control character in a file name is escaped: the message stays one line', async () => {
  const got = await cli('xxd', path.join(dir, 'no\nsuch\rthing'));
  assert.is(got.code, 1);
  assert.match(got.err, /no\\x0asuch\\x0dthing: No such file or directory\n$/);
  assert.is(got.err.split('\n').length, 2);
  const csi = await cli('xxd', path.join(dir, 'nope\u009b31m\\x0a'));
  assert.match(csi.err, /nope\\x9b31m\\\\x0a: No such file/, 'a C1 control escaped, a backslash doubled');
});

test('hex digits: only ASCII whitespace between pairs, as bytes.fromhex', async () => {
  const file = path.join(dir, 'hexspace');
  fs.writeFileSync(file, '0123456789');
  for (const space of ['\u00a0', '\u3000', '\ufeff', '\u2028']) {
    const got = await cli('patch', file, '0', `41${space}42`);
    assert.is(got.code, 2, JSON.stringify(space));
    assert.match(got.err, /not valid hex: non-hexadecimal number found at position 2/);
    assert.is((await cli('find', file, `41${space}42`, '--hex')).code, 2);
  }
  assert.is(fs.readFileSync(file, 'latin1'), '0123456789');
  assert.is((await cli('patch', file, '0', '41 \t\n\r\v\f42')).code, 0, 'ASCII whitespace is skipped');
  assert.is(fs.readFileSync(file, 'latin1'), 'AB23456789');
  if (HAVE_PY313) {
    const py = spawnSync('python3', ['-c', "import sys; [bytes.fromhex(s) for s in ['41 \\t\\n\\r\\x0b\\x0c42']]; bytes.fromhex('41\\u00a042')"], { env: { ...PY, PYTHON_COLORS: '0' }, encoding: 'utf8' });
    assert.match(py.stderr, /ValueError: non-hexadecimal number found in fromhex\(\) arg at position 2/, "CPython agrees");
  }
});

test('unpack: a record is at most 64 KiB, with a byte for every value (its values and JSON lines are what a run holds)', async () => {
  const file = path.join(dir, 'big-records');
  fs.writeFileSync(file, Buffer.alloc(2 << 16, 7));
  const over = await cli('unpack', '65537x', file);
  assert.is(over.code, 2);
  assert.match(over.err, /records of 65537 bytes are larger than the 65536-byte limit/);
  const at = await cli('unpack', '65535xB', file);
  assert.is(at.code, 0, at.err);
  assert.is(at.out, '[7]\n[7]\n');
  const empty = await cli('unpack', `${'0s'.repeat(2000)}B`, file);
  assert.is(empty.code, 2, 'values of no bytes');
  assert.match(empty.err, /gives 2001 values from 1 byte: .* \(no '0s' or '0p'\)$/m);
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test.run();
