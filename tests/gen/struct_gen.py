#!/usr/bin/env python3
"""Differential corpus for memview's struct: random formats and values, run on
CPython's struct, recorded as JSON for tests/struct.test.js to replay.

Run by CPython 3.13 (`make struct-corpus`): python3 tests/gen/struct_gen.py
[--seed N] [--count N] > tests/corpus/struct.json

Each case is one call: op (calcsize, pack, pack_into, unpack, unpack_from,
iter_unpack), the format, the arguments, and the outcome: "ok" (bytes as hex,
or values) or "err" [exception name, message]; pack_into also records the
buffer afterwards (pack_into is not atomic).

Sizes differ between this x86-64 CPython and wasm32 for native l L n N P, so
native formats use one letter per format for 4-byte ints (i, l or n; I, L or N)
and CPython runs them as i / I (same size and alignment on both); messages are
renamed back. Native P is left to the unit tests. Standard modes are identical.

Deliberate differences from CPython 3.13.0, kept out of the corpus:
  - native 'f' overflow raises OverflowError (gh-145633) where 3.13.0 gives inf;
  - '0p' in pack_into writes nothing outside its (empty) field.

Value encoding: int {"i": "decimal"}, float {"f": repr}, bool true/false,
bytes {"b": hex}, bytearray {"ba": hex}, str {"s": text}, None null.
"""
import argparse
import json
import math
import random
import struct
import sys

SPACES = [' ', ' ', ' ', '\t', '\n', '\r', '\v', '\f']
STD_MODES = ['=', '<', '>', '!']
NATIVE_MODES = ['', '@']
INT_CODES = 'bBhHiIlLqQnN'
BYTES_FIELDS = 'sp'

STD_SIZE = {'b': 1, 'B': 1, 'h': 2, 'H': 2, 'i': 4, 'I': 4, 'l': 4, 'L': 4, 'q': 8, 'Q': 8,
            'n': 4, 'N': 4, 'e': 2, 'f': 4, 'd': 8, 'c': 1, '?': 1, 'x': 1, 's': 1, 'p': 1}


def enc(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return {'i': str(v)}
    if isinstance(v, float):
        return {'f': repr(v)}
    if isinstance(v, bytes):
        return {'b': v.hex()}
    if isinstance(v, bytearray):
        return {'ba': bytes(v).hex()}
    if isinstance(v, str):
        return {'s': v}
    if v is None:
        return None
    raise TypeError(type(v))


def err_of(e):
    name = 'struct.error' if isinstance(e, struct.error) else type(e).__name__
    return [name, str(e)]


class Fmt:
    """One random format: the text memview gets (wasm), the text CPython runs,
    and the code of each value slot."""

    def __init__(self, rng):
        self.rng = rng
        self.mode = rng.choice(NATIVE_MODES * 2 + STD_MODES * 2)
        self.native = self.mode in NATIVE_MODES
        # one letter for 4-byte ints per native format (see the module doc)
        self.s4 = rng.choice('iln') if self.native else None
        self.u4 = rng.choice('ILN') if self.native else None
        self.items = []  # (count text, wasm code)
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4, 5, 6])):
            self.items.append(self.item())
        self.spaces = [rng.choice(SPACES) if rng.random() < 0.2 else '' for _ in range(len(self.items) + 1)]

    def codes(self):
        if self.native:
            return 'xcbB?hH' + self.s4 + self.u4 + 'qQefdsp'
        return 'xcbB?hHiIlLqQefdsp'

    def item(self):
        rng = self.rng
        code = rng.choice(self.codes())
        r = rng.random()
        if code in BYTES_FIELDS:
            count = rng.choice(['', '0', '1', '2', '3', '5', '8', str(rng.randrange(0, 20))])
        elif r < 0.6:
            count = ''
        elif r < 0.7:
            count = '0'
        elif r < 0.75:
            count = '0' + str(rng.randrange(1, 4))  # leading zero
        else:
            count = str(rng.randrange(1, 5))
        return (count, code)

    def py_code(self, code):
        if not self.native:
            return code
        return {self.s4: 'i', self.u4: 'I'}.get(code, code)

    def text(self, py):
        out = [self.mode]
        for k, (count, code) in enumerate(self.items):
            out.append(self.spaces[k])
            out.append(count + (self.py_code(code) if py else code))
        out.append(self.spaces[-1])
        return ''.join(out)

    def slots(self):
        """The wasm code of each value, in order."""
        out = []
        for count, code in self.items:
            n = int(count) if count else 1
            if code in BYTES_FIELDS:
                out.append((code, n))
            elif code != 'x':
                out.extend([(code, None)] * n)
        return out

    def rename(self, msg):
        if self.native:
            msg = msg.replace("'i' format requires", "'%s' format requires" % self.s4)
            msg = msg.replace("'I' format requires", "'%s' format requires" % self.u4)
        return msg

    def has_0p(self):
        return any(code == 'p' and count and int(count) == 0 for count, code in self.items)


def int_bounds(code, native):
    size = STD_SIZE[code]
    if code in 'bhilqn':
        return -(1 << (8 * size - 1)), (1 << (8 * size - 1)) - 1
    return 0, (1 << (8 * size)) - 1


def random_float(rng):
    r = rng.random()
    if r < 0.1:
        return rng.choice([0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5])
    if r < 0.25:  # halves: rounding ties for 'e'
        return float(rng.randrange(-4096, 4096)) + rng.choice([0.5, 0.25, 0.0])
    if r < 0.35:
        return rng.choice([65504.0, 65519.99, 65520.0, 2049.0, 2051.0, 2.0 ** -24, 2.0 ** -25,
                           2.0 ** -14, 6.1e-5, 3.4028235677973362e38, 3.4028235677973366e38,
                           1e39, -1e39, 1e300, 5e-324, 1.17549435e-38, 0.1])
    e = rng.choice([-40, -30, -20, -10, -5, 0, 1, 3, 5, 10, 20, 30, 38, 39, 100])
    return rng.uniform(-1, 1) * 10.0 ** e


def flt_overflows(v):
    """Would a native 'f' pack of v overflow (memview raises, 3.13.0 gives inf)?"""
    try:
        x = float(v)
    except (OverflowError, TypeError, ValueError):
        return False
    return math.isfinite(x) and abs(x) >= 3.4028235677973366e38 - 1e22


def random_value(rng, code, n, native, clean):
    """A value for a slot of code (n: the field width for s/p); clean values
    are of the right type and in range."""
    r = rng.random()
    if clean:
        r *= {'e': 0.7, 'f': 0.7, 'd': 0.7, 'c': 0.7, 's': 0.75, 'p': 0.75}.get(code, 0.6)
    if code in INT_CODES:
        lo, hi = int_bounds(code, native)
        if r < 0.45:
            return rng.randint(lo, hi)
        if r < 0.6:
            return rng.choice([lo, hi, 0, 1, -1 if lo < 0 else 0])
        if r < 0.78:
            return rng.choice([lo - 1, hi + 1, hi + rng.randrange(1, 1000), lo - rng.randrange(1, 1000),
                               -(1 << 63), (1 << 63), (1 << 64) - 1, (1 << 64), -(1 << 64), 1 << 70,
                               -(1 << 70), 10 ** 30])
        if r < 0.85:
            return rng.choice([True, False])
        return rng.choice([1.5, -0.5, math.inf, math.nan, None, 'a', b'a', bytearray(b'b')])
    if code in 'efd':
        if r < 0.7:
            v = random_float(rng)
            if clean and code in 'ef' and abs(v) >= 65504 and (code == 'e' or flt_overflows(v)):
                v = 0.75
        elif r < 0.85:
            v = rng.choice([0, 1, -3, 2049, 65519, 65520, -65520, 1 << 24, (1 << 53) + 1, 10 ** 39,
                            10 ** 400, -(10 ** 400), 1 << 64, True])
        else:
            v = rng.choice([None, 'x', b'1', bytearray(b'2')])
        if native and code == 'f' and flt_overflows(v):
            v = 1.25
        return v
    if code == '?':
        return rng.choice([0, 1, 2, -1, 0.0, 0.5, math.nan, None, '', 'a', b'', b'\x00', True, False,
                           bytearray(), 10 ** 30])
    if code == 'c':
        if r < 0.7:
            return bytes([rng.randrange(256)])
        return rng.choice([b'', b'ab', bytearray(b'a'), 'a', 97, None])
    # s / p
    if r < 0.75:
        ln = rng.choice([0, 1, max(n - 1, 0), n, n + 1, n + 3, rng.randrange(0, 12)])
        data = bytes(rng.randrange(256) for _ in range(ln))
        return bytearray(data) if rng.random() < 0.2 else data
    if r < 0.8 and code == 'p':
        return bytes(rng.randrange(256) for _ in range(300))
    return rng.choice(['abc', 7, None, 1.5])


def random_values(rng, fmt):
    clean = rng.random() < 0.5
    vals = [random_value(rng, code, n, fmt.native, clean) for code, n in fmt.slots()]
    r = rng.random()
    if r < 0.04 and vals:
        vals.pop()
    elif r < 0.08:
        vals.append(rng.choice([1, b'x']))
    return vals


def random_bytes(rng, n):
    return bytes(rng.randrange(256) for _ in range(n))


def buffer_arg(rng, data):
    """A random kind of buffer over data: (python object, encoding)."""
    kind = rng.choice(['bytes', 'bytes', 'bytearray', 'mv'])
    if kind == 'bytes':
        return data, {'kind': 'bytes', 'hex': data.hex()}
    if kind == 'bytearray':
        return bytearray(data), {'kind': 'bytearray', 'hex': data.hex()}
    # a memoryview at an offset into a larger buffer
    pre, post = random_bytes(rng, rng.randrange(0, 5)), random_bytes(rng, rng.randrange(0, 5))
    whole = pre + data + post
    return memoryview(whole)[len(pre):len(pre) + len(data)], \
        {'kind': 'mv', 'hex': whole.hex(), 'start': len(pre), 'stop': len(pre) + len(data)}


def bad_format(rng):
    """A format that CPython rejects (the same way on wasm32), as text."""
    base = rng.choice(['i', '<h', '>2q', '=3s', 'bB', '@ci', '!e', ''])
    choice = rng.randrange(9)
    if choice == 0:
        return base + rng.choice('zZXguwjT(:FD')
    if choice == 1:
        return base + '2 i'
    if choice == 2:
        return base + rng.choice(['2', '12', 'x3'])
    if choice == 3:
        return base + rng.choice(['<', '>', '!', '=', '@']) + 'i'
    if choice == 4:
        return rng.choice(STD_MODES) + 'i' + rng.choice('nNP')
    if choice == 5:
        return rng.choice(['i\0', '\0', 'h\0h'])
    if choice == 6:
        return rng.choice(['1000000000000000000000i', '99999999999999999999q', '18446744073709551616x'])
    if choice == 7:
        return ' ' + rng.choice(STD_MODES) + 'i'
    return base + '\x1c' + 'i'


def run(f):
    try:
        return {'ok': f()}
    except Exception as e:  # every outcome is recorded
        return {'err': err_of(e)}


def case(rng, idx):
    fmt = Fmt(rng)
    bad = None
    if rng.random() < 0.06:
        bad = bad_format(rng)
        try:  # a few draws are valid after all ('' + '<' + 'i'): use the random format then
            struct.calcsize(bad)
            bad = None
        except struct.error:
            pass
    wasm_text = bad if bad is not None else fmt.text(False)
    py_text = bad if bad is not None else fmt.text(True)
    as_bytes = rng.random() < 0.05
    py_fmt = py_text.encode() if as_bytes else py_text
    rec = {'fmt': {'b': wasm_text.encode().hex()} if as_bytes else wasm_text}
    try:
        size = struct.calcsize(py_fmt)
    except Exception:
        size = None

    op = rng.choice(['calcsize', 'pack', 'pack', 'pack', 'pack_into', 'pack_into', 'unpack',
                     'unpack', 'unpack_from', 'unpack_from', 'iter_unpack'])
    if op == 'pack_into' and fmt.has_0p():
        op = 'pack'
    rec['op'] = op
    if bad is None:
        rec['slots'] = ''.join(code for code, _ in fmt.slots())

    if op == 'calcsize':
        out = run(lambda: struct.calcsize(py_fmt))
    elif op == 'pack':
        vals = random_values(rng, fmt)
        rec['args'] = [enc(v) for v in vals]
        out = run(lambda: struct.pack(py_fmt, *vals).hex())
    elif op == 'pack_into':
        vals = random_values(rng, fmt)
        n = (size or 0) + rng.randrange(0, 6)
        if rng.random() < 0.15:
            n = max(0, n - rng.randrange(1, 4))
        buf = bytearray(random_bytes(rng, n))
        off = rng.choice([0, 0, rng.randrange(0, n + 1), n - (size or 0), -(size or 0),
                          -rng.randrange(0, n + 3), n + 1])
        if rng.random() < 0.03:
            off = rng.choice([1 << 63, -(1 << 70)])
        rec['buf'] = bytes(buf).hex()
        rec['offset'] = enc(off)
        rec['args'] = [enc(v) for v in vals]
        out = run(lambda: struct.pack_into(py_fmt, buf, off, *vals))
        rec['after'] = bytes(buf).hex()
    elif op == 'unpack':
        n = size if size is not None else 4
        if rng.random() < 0.1:
            n = max(0, n + rng.choice([-1, 1, 2]))
        obj, rec['buffer'] = buffer_arg(rng, random_bytes(rng, n))
        out = run(lambda: [enc(v) for v in struct.unpack(py_fmt, obj)])
    elif op == 'unpack_from':
        n = (size or 0) + rng.randrange(0, 8)
        obj, rec['buffer'] = buffer_arg(rng, random_bytes(rng, n))
        off = rng.choice([None, 0, rng.randrange(0, n + 1), n - (size or 0), -(size or 0),
                          -rng.randrange(0, n + 3), n + 1])
        if rng.random() < 0.03:
            off = 1 << 63
        if off is None:
            out = run(lambda: [enc(v) for v in struct.unpack_from(py_fmt, obj)])
        else:
            rec['offset'] = enc(off)
            out = run(lambda: [enc(v) for v in struct.unpack_from(py_fmt, obj, off)])
    else:  # iter_unpack
        k = rng.randrange(0, 4)
        n = (size or 0) * k + (rng.choice([0, 0, 0, 1]) if size else rng.randrange(0, 3))
        obj, rec['buffer'] = buffer_arg(rng, random_bytes(rng, n))
        out = run(lambda: [[enc(v) for v in t] for t in struct.iter_unpack(py_fmt, obj)])

    if 'err' in out:
        out['err'][1] = fmt.rename(out['err'][1]) if bad is None else out['err'][1]
    rec.update(out)
    return rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=20261123)
    ap.add_argument('--count', type=int, default=3000)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    cases = [case(rng, i) for i in range(a.count)]
    doc = {
        'generator': 'tests/gen/struct_gen.py',
        'python': sys.version.split()[0],
        'seed': a.seed,
        'cases': cases,
    }
    json.dump(doc, sys.stdout, separators=(',', ':'))
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
