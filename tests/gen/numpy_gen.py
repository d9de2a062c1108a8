#!/usr/bin/env python3
"""Random programs for memview's extensions beyond CPython, checked against NumPy.

Usage: /usr/bin/python3 tests/gen/numpy_gen.py [--seed N] [--programs K] [--out FILE]
(Debian's python3-numpy; `make numpy-corpus` installs it and writes
tests/corpus/numpy.json)

The programs use the operations of tests/gen/gen_corpus.py (replayed by
tests/lib/replay.js) plus
  sub {v, keys, out}      m.sub(...keys): NumPy basic indexing
and cover what CPython refuses and memview does:
  * byte-order item formats ('>I', '<d', '!H', '=q', '>e'): cast, get, set,
    tolist, iteration, count/index, equals across byte orders, tobytes, hex,
    against np.frombuffer(buf, dtype='>u4');
  * record formats ('<IHH', '>4sI', '<2d'): against structured dtypes with
    explicit offsets (align=False; 's' and 'c' fields as raw 'V' bytes);
  * N-D sub-views: m.cast(fmt, shape).sub(...), sub-views of sub-views,
    against NumPy basic indexing: values, shape, strides, contiguity,
    tobytes(order), hex, assign, equals, cast.
Errors NumPy does not define (a value out of range on set) are struct's:
the expected outcome of a set is struct.pack's. Contiguity is NumPy's, except
that a 1-D empty view keeps CPython's 1-D rule (contiguous only when its
stride is the itemsize), as CPython's own slices do.
"""

import argparse
import json
import math
import os
import random
import struct
import sys

import numpy as np

NP_CODE = {'b': 'i1', 'B': 'u1', 'h': 'i2', 'H': 'u2', 'i': 'i4', 'I': 'u4', 'l': 'i4', 'L': 'u4',
           'q': 'i8', 'Q': 'u8', 'e': 'f2', 'f': 'f4', 'd': 'f8', '?': '?', 'c': 'V1'}
INT_RANGE = {'b': (-2**7, 2**7 - 1), 'B': (0, 255), 'h': (-2**15, 2**15 - 1), 'H': (0, 2**16 - 1),
             'i': (-2**31, 2**31 - 1), 'I': (0, 2**32 - 1), 'l': (-2**31, 2**31 - 1),
             'L': (0, 2**32 - 1), 'q': (-2**63, 2**63 - 1), 'Q': (0, 2**64 - 1)}
PREFIXES = '<>!='
ITEM_CODES = 'bBhHiIlLqQefd?c'
NATIVE_ND = 'bBhHiIqQfd'  # native codes whose size is the same on wasm32 and here


def enc(v, big=False):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {'int': str(v)} if big or abs(v) > 2**53 else v
    if isinstance(v, float):
        if math.isnan(v):
            return {'float': 'nan'}
        if math.isinf(v):
            return {'float': 'inf' if v > 0 else '-inf'}
        if v == 0 and math.copysign(1, v) < 0:
            return {'float': '-0'}
        return v
    if isinstance(v, (bytes, bytearray)):
        return {'bytes': bytes(v).hex()}
    if isinstance(v, (list, tuple)):
        return [enc(x, big) for x in v]
    raise TypeError('cannot encode %r' % (v,))


def err(e):
    name = 'struct.error' if isinstance(e, struct.error) else type(e).__name__
    return {'error': [name, str(e)]}


# struct.pack outcomes come from CPython 3.13 (memview's struct; this NumPy
# runs on an older CPython, whose range messages differ): one long-lived
# `PYENV_VERSION=3.13.0 python3` answers a JSON line per pack.
PACK_SERVER = r"""
import json, struct, sys
def dec(x):
    if isinstance(x, dict):
        if 'int' in x: return int(x['int'])
        if 'float' in x: return float(x['float'])
        if 'bytes' in x: return bytes.fromhex(x['bytes'])
    if isinstance(x, list): return [dec(y) for y in x]
    return x
for line in sys.stdin:
    fmt, values = json.loads(line)
    # CPython 3.14 (memview's target) raises for native 'f' too (gh-145633):
    # errors are those of the standard-size twin of a native format.
    std = fmt if fmt[:1] in '<>!=' else '<' + fmt.lstrip('@')
    try:
        struct.pack(std, *dec(values))
        out = {'ok': struct.pack(fmt, *dec(values)).hex()}
    except Exception as e:
        out = {'error': ['struct.error' if isinstance(e, struct.error) else type(e).__name__, str(e)]}
    print(json.dumps(out), flush=True)
"""
_server = None


def struct_pack(fmt, *values):
    """(bytes, None) or (None, the error as recorded) of struct.pack in CPython 3.13."""
    global _server
    if _server is None:
        import subprocess
        env = dict(os.environ, PYENV_VERSION='3.13.0')
        _server = subprocess.Popen(['python3', '-c', PACK_SERVER], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True, env=env)
    _server.stdin.write(json.dumps([fmt, [enc(v) for v in values]]) + '\n')
    _server.stdin.flush()
    out = json.loads(_server.stdout.readline())
    return (bytes.fromhex(out['ok']), None) if 'ok' in out else (None, out)


def js_number(v):
    if isinstance(v, float) and math.isfinite(v) and v.is_integer():
        return int(v)
    return v


# ---- formats -------------------------------------------------------------------

def item_dtype(fmt):
    """The NumPy dtype of a one-code item format with a prefix."""
    p, c = (fmt[0], fmt[1]) if fmt[0] in '@=<>!' else ('@', fmt)
    order = '>' if p in '>!' else '<'
    return np.dtype(NP_CODE[c] if c in '?c' or NP_CODE[c][1] == '1' else order + NP_CODE[c])


def parse_record(fmt):
    """(fields, size): fields are (code, offset, width) per value, for a struct
    format of codes whose native sizes match wasm32's (no l L n N P)."""
    mode = fmt[0] if fmt[0] in '@=<>!' else '@'
    body = fmt[1:] if fmt[0] in '@=<>!' else fmt
    fields = []
    off = 0
    i = 0
    while i < len(body):
        n = ''
        while body[i].isdigit():
            n += body[i]
            i += 1
        c = body[i]
        i += 1
        count = int(n) if n else 1
        size = struct.calcsize('<' + c) if c not in 'sp' else 1
        if mode == '@' and c not in 'sxpc?bB':
            off = (off + size - 1) // size * size
        if c == 's':
            fields.append(('s', off, count))
            off += count
        elif c == 'x':
            off += count
        else:
            for _ in range(count):
                fields.append((c, off, size))
                off += size
    assert off == struct.calcsize(fmt), (fmt, off, struct.calcsize(fmt))
    return fields, off


def record_dtype(fmt):
    fields, size = parse_record(fmt)
    order = '>' if fmt[0] in '>!' else '<'
    formats = []
    for c, off, width in fields:
        if c == 's':
            formats.append('V%d' % width)
        elif c in '?c' or NP_CODE[c][1] == '1':
            formats.append(NP_CODE[c])
        else:
            formats.append(order + NP_CODE[c])
    return np.dtype({'names': ['f%d' % k for k in range(len(fields))], 'formats': formats,
                     'offsets': [f[1] for f in fields], 'itemsize': size}), fields


class Program:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        self.ops = []
        self.nslots = 0
        self.bufs = {}  # slot -> bytearray

    def emit(self, op, expect):
        op['expect'] = expect
        self.ops.append(op)

    def slot(self):
        self.nslots += 1
        return self.nslots - 1

    def data(self, n):
        r = self.rng
        pool = [0, 0, 1, 0x7f, 0x80, 0xff, 0x3f, 0x41, 0xfe]
        return bytes(r.choice(pool) if r.random() < 0.4 else r.randrange(256) for _ in range(n))

    def exporter(self, n, kind=None):
        kind = kind or self.rng.choice(['bytearray', 'bytearray', 'bytes'])
        d = self.data(n)
        k = self.slot()
        self.emit({'op': kind, 'data': d.hex(), 'out': k}, None)
        self.bufs[k] = bytearray(d)
        m = self.slot()
        self.emit({'op': 'memoryview', 'of': k, 'out': m}, None)
        return k, m, kind == 'bytes'

    # -- values
    def value(self, c, wild):
        r = self.rng
        if c in INT_RANGE:
            lo, hi = INT_RANGE[c]
            if wild:
                return r.choice([lo - 1, hi + 1, 1.5, None, 'a', 2**64, True])
            return r.choice([lo, hi, 0, 1, r.randint(lo, hi), r.randint(lo, hi)])
        if c == '?':
            return r.choice([True, False]) if not wild else r.choice([0, 1, 'x', None])
        if c == 'c':
            return bytes([r.randrange(256)]) if not wild else r.choice([b'', b'ab', 97, None])
        if c == 's':
            return bytes(r.randrange(256) for _ in range(r.randint(0, 5)))
        if wild:
            return r.choice([None, 'a', 1e39 if c != 'd' else 'x', 65520.0 if c == 'e' else b'a'])
        return r.choice([0.5, -1.25, 3.0, 1e-3, float('inf'), float('-inf'), 0.0, -0.0,
                         r.uniform(-1000, 1000) if c != 'e' else 2.5, 100.0])

    def arg(self, v):
        v = js_number(v)
        if isinstance(v, int) and not isinstance(v, bool) and self.rng.random() < 0.1:
            return {'int': str(v)}
        if isinstance(v, list):
            return [self.arg(x) for x in v]
        return enc(v)

    # -- one item format view
    def item_values(self, arr, fmt):
        c = fmt[-1]
        out = []
        for x in arr.reshape(-1).tolist() if arr.ndim else [arr.item()]:
            if c == 'c':
                x = bytes(x)
            out.append(x)
        return out

    def enc_item(self, x, c):
        if c == 'c':
            return enc(bytes(x))
        return enc(x, c in 'qQ')

    def tolist_expect(self, a, c):
        def rec(x):
            if isinstance(x, list):
                return [rec(y) for y in x]
            return self.enc_item(x, c)
        return rec(a.tolist())

    def record_expect(self, t, fields):
        return [enc(bytes(v) if f[0] in 'sc' else v, f[0] in 'qQ') for v, f in zip(t, fields)]

    def props(self, v, a, itemsize, fmt):
        flags = a.flags
        c, f = bool(flags.c_contiguous), bool(flags.f_contiguous)
        if a.ndim == 1 and a.size == 0 and a.strides[0] != itemsize:
            c = f = False  # CPython's 1-D rule
        self.emit({'op': 'props', 'v': v}, {
            'format': fmt, 'itemsize': itemsize, 'ndim': a.ndim, 'shape': list(a.shape),
            'strides': list(a.strides), 'nbytes': a.size * itemsize, 'c_contiguous': c,
            'f_contiguous': f, 'contiguous': c or f})

    def byte_order_program(self):
        r = self.rng
        c = r.choice(ITEM_CODES)
        fmt = r.choice(PREFIXES) + c
        size = struct.calcsize(fmt)
        n = r.choice([0, 1, 2, 3, 4, 6, 8])
        e, m, ro = self.exporter(n * size + (size if r.random() < 0.1 and size > 1 else 0) // 2)
        buf = self.bufs[e]
        dt = item_dtype(fmt)
        v = self.slot()
        op = {'op': 'cast', 'v': m, 'args': [fmt]}
        if len(buf) % size:
            self.emit(op, {'error': ['TypeError', 'memoryview: length is not a multiple of itemsize']})
            return
        op['out'] = v
        self.emit(op, None)
        arr = lambda: np.frombuffer(bytes(buf), dtype=dt)
        self.props(v, arr(), size, fmt)
        for _ in range(r.randint(4, 14)):
            a = arr()
            x = r.random()
            if x < 0.25 and n:
                i = r.randint(-n, n - 1)
                self.emit({'op': 'get', 'v': v, 'idx': [self.arg(i)]}, self.enc_item(a[i].item(), c))
            elif x < 0.45 and n:
                i = r.randint(-n, n - 1)
                val = js_number(self.value(c, r.random() < 0.3))
                op = {'op': 'set', 'v': v, 'idx': [self.arg(i)], 'value': self.arg(val)}
                # a JS number for a float item is a Python float, as in struct (records below)
                if c in 'efd' and type(val) is int and abs(val) < 2**1000 and not isinstance(op['value'], dict):
                    val = float(val)
                if ro:
                    self.emit(op, {'error': ['TypeError', 'cannot modify read-only memory']})
                    continue
                packed, failure = struct_pack(fmt, val)
                if failure:
                    self.emit(op, failure)
                    continue
                k = (i % n) * size
                buf[k:k + size] = packed
                self.emit(op, None)
            elif x < 0.55:
                self.emit({'op': 'tolist', 'v': v}, self.tolist_expect(a, c))
            elif x < 0.6:
                self.emit({'op': 'iter', 'v': v}, self.tolist_expect(a, c))
            elif x < 0.7 and n:
                target = a[r.randrange(n)].item() if r.random() < 0.7 else self.value(c, False)
                if c == 'c':
                    target = bytes(target)
                target = js_number(target)
                if isinstance(target, float) and math.isnan(target):
                    target = 1
                vals = [bytes(y) if c == 'c' else y for y in a.tolist()]
                if r.random() < 0.5:
                    self.emit({'op': 'count', 'v': v, 'value': self.arg(target)},
                              sum(1 for y in vals if y == target))
                else:
                    hits = [k for k, y in enumerate(vals) if y == target]
                    self.emit({'op': 'index', 'v': v, 'args': [self.arg(target)]},
                              hits[0] if hits else {'error': ['ValueError', 'memoryview.index(x): x not found']})
            elif x < 0.8:
                # the same values in another byte order (or another code) compare equal
                other_fmt = r.choice(PREFIXES + '@') + c
                if r.random() < 0.2 and c != 'c':
                    other_fmt = r.choice(PREFIXES) + r.choice(ITEM_CODES.replace('c', ''))
                odt = item_dtype(other_fmt)
                with np.errstate(all='ignore'):
                    vals = a.copy() if c == 'c' else a.astype(odt)
                ob = vals.tobytes()
                oe = self.slot()
                self.emit({'op': 'bytes', 'data': ob.hex(), 'out': oe}, None)
                om = self.slot()
                self.emit({'op': 'memoryview', 'of': oe, 'out': om}, None)
                ov = self.slot()
                self.emit({'op': 'cast', 'v': om, 'args': [other_fmt], 'out': ov}, None)
                back = np.frombuffer(ob, dtype=odt)
                if c == 'c':
                    same = a.tobytes() == back.tobytes()
                else:
                    same = len(back) == len(a) and all(p == q for p, q in zip(a.tolist(), back.tolist()))
                self.emit({'op': 'equals', 'v': v, 'other': {'slot': ov}}, bool(same))
            elif x < 0.88:
                order = r.choice([None, 'C', 'F', 'A'])
                self.emit({'op': 'tobytes', 'v': v, 'args': [] if order is None else [order]},
                          enc(a.tobytes()))
            elif x < 0.94:
                self.emit({'op': 'hex', 'v': v}, a.tobytes().hex())
            else:
                sl = [r.choice([None, 0, 1, -1]), r.choice([None, n, -1]), r.choice([None, 1, 2, -1])]
                s = self.slot()
                self.emit({'op': 'slice', 'v': v, 'args': sl, 'out': s}, None)
                sub = a[slice(*sl)]
                self.emit({'op': 'tolist', 'v': s}, self.tolist_expect(sub, c))

    # -- records
    def record_format(self):
        r = self.rng
        prefix = r.choice(['<', '>', '!', '=', '<', '>', '@', ''])
        k = r.randint(1, 4)
        parts = []
        for _ in range(k):
            c = r.choice('bBhHiIqQefd?csx' if prefix not in '@' else 'bBhHiIqQefd?csx')
            if prefix in ('@', '') and c in 'lL':
                c = 'i'
            rep = r.choice(['', '', '', '2', '3', '4']) if c != '?' else ''
            parts.append(rep + c)
        fmt = prefix + ''.join(parts)
        if len(fmt) > 15 or struct.calcsize(fmt) == 0:
            return self.record_format()
        fields, _ = parse_record(fmt)
        if not fields or (len(fields) == 1 and len(fmt.lstrip('<>!=@')) == 1):
            return self.record_format()  # no value, or a plain item format
        return fmt

    def record_program(self):
        r = self.rng
        fmt = self.record_format()
        dt, fields = record_dtype(fmt)
        size = dt.itemsize
        n = r.choice([0, 1, 2, 3, 5])
        shape = None
        if n >= 2 and r.random() < 0.2:
            shape = [n]
        e, m, ro = self.exporter(n * size)
        buf = self.bufs[e]
        v = self.slot()
        self.emit({'op': 'cast', 'v': m, 'args': [fmt] + ([shape] if shape else []), 'out': v}, None)
        arr = lambda: np.frombuffer(bytes(buf), dtype=dt)
        self.props(v, arr(), size, fmt)
        for _ in range(r.randint(4, 12)):
            a = arr()
            x = r.random()
            if x < 0.25 and n:
                i = r.randint(-n, n - 1)
                self.emit({'op': 'get', 'v': v, 'idx': [self.arg(i)]}, self.record_expect(a[i].item(), fields))
            elif x < 0.45 and n:
                i = r.randint(-n, n - 1)
                wild = r.random() < 0.25
                vals = [js_number(self.value(f[0], wild and r.random() < 0.5)) for f in fields]
                # memview's struct takes a JS number for a float field as a Python float
                vals = [float(x) if f[0] in 'efd' and type(x) is int and abs(x) < 2**1000 else x
                        for x, f in zip(vals, fields)]
                if r.random() < 0.05:
                    vals = vals[:-1]
                op = {'op': 'set', 'v': v, 'idx': [self.arg(i)],
                      'value': [enc(x) if isinstance(x, float) else self.arg(x) for x in vals]}
                if ro:
                    self.emit(op, {'error': ['TypeError', 'cannot modify read-only memory']})
                    continue
                packed, failure = struct_pack(fmt, *vals)
                if failure:
                    self.emit(op, failure)
                    continue
                k = (i % n) * size
                buf[k:k + size] = packed
                self.emit(op, None)
            elif x < 0.6:
                self.emit({'op': 'tolist', 'v': v}, [self.record_expect(t, fields) for t in a.tolist()])
            elif x < 0.65:
                self.emit({'op': 'iter', 'v': v}, [self.record_expect(t, fields) for t in a.tolist()])
            elif x < 0.75 and n:
                recs = [tuple(bytes(y) if f[0] in 'sc' else y for y, f in zip(t, fields)) for t in a.tolist()]
                target = list(r.choice(recs))
                if r.random() < 0.3:
                    target[0] = self.value(fields[0][0], False)
                t = tuple(target)
                same = lambda q: len(q) == len(t) and all(x == y for x, y in zip(q, t))
                arg = [enc(x) if isinstance(x, float) else self.arg(x) for x in target]
                if r.random() < 0.5:
                    self.emit({'op': 'count', 'v': v, 'value': arg}, sum(1 for q in recs if same(q)))
                else:
                    hits = [k for k, q in enumerate(recs) if same(q)]
                    self.emit({'op': 'index', 'v': v, 'args': [arg]},
                              hits[0] if hits else {'error': ['ValueError', 'memoryview.index(x): x not found']})
            elif x < 0.82:
                # the same bytes as another record view: equal when the values are
                ofmt = self.record_format() if r.random() < 0.5 else fmt
                odt, ofields = record_dtype(ofmt)
                if n * size % odt.itemsize:
                    continue
                om = self.slot()
                self.emit({'op': 'memoryview', 'of': e, 'out': om}, None)
                ov = self.slot()
                self.emit({'op': 'cast', 'v': om, 'args': [ofmt], 'out': ov}, None)
                b = np.frombuffer(bytes(buf), dtype=odt)
                ra = [tuple(bytes(y) if f[0] in 'sc' else y for y, f in zip(t, fields)) for t in a.tolist()]
                rb = [tuple(bytes(y) if f[0] in 'sc' else y for y, f in zip(t, ofields)) for t in b.tolist()]
                self.emit({'op': 'equals', 'v': v, 'other': {'slot': ov}}, len(ra) == len(rb) and all(
                    len(p) == len(q) and all(x == y for x, y in zip(p, q)) for p, q in zip(ra, rb)))
                self.emit({'op': 'release', 'v': ov}, None)
                self.emit({'op': 'release', 'v': om}, None)
            elif x < 0.9:
                self.emit({'op': 'tobytes', 'v': v, 'args': []}, enc(a.tobytes()))
                self.emit({'op': 'hex', 'v': v}, a.tobytes().hex())
            else:
                sl = [r.choice([None, 0, 1, -1]), r.choice([None, n, -1]), r.choice([None, 1, 2, -1])]
                s = self.slot()
                self.emit({'op': 'slice', 'v': v, 'args': sl, 'out': s}, None)
                self.emit({'op': 'tolist', 'v': s}, [self.record_expect(t, fields) for t in a[slice(*sl)].tolist()])

    # -- N-D sub-views
    def keys_for(self, shape):
        r = self.rng
        nk = r.randint(0, len(shape))
        if r.random() < 0.03:
            nk = len(shape) + 1
        keys = []
        for k in range(nk):
            n = shape[k] if k < len(shape) else 2
            if r.random() < 0.35:
                i = r.randint(-n, n - 1) if n else 0
                if r.random() < 0.05:
                    i = r.choice([n, -n - 1, n + 3])
                keys.append(i)
            else:
                parts = [r.choice([None, None, r.randint(-n - 1, n + 1)]),
                         r.choice([None, None, r.randint(-n - 1, n + 1)]),
                         r.choice([None, None, 1, 2, -1, -2, 3] + ([0] if r.random() < 0.05 else []))]
                while parts and parts[-1] is None and r.random() < 0.5:
                    parts.pop()
                keys.append(parts)
        return keys

    def np_key(self, keys):
        # the trailing Ellipsis keeps a 0-d result an array (with its byte order)
        return tuple(k if isinstance(k, int) else slice(*(k + [None] * (3 - len(k)))) for k in keys) + (Ellipsis,)

    def nd_program(self):
        r = self.rng
        fmt = r.choice(['B', 'B', 'B', 'b', 'h', 'i', 'd', 'Q', '>I', '<h', '>d', '!H', '=q', '<IH', '>hB'])
        if len(fmt.lstrip('<>!=@')) > 1:
            dt, fields = record_dtype(fmt)
            c = None
        else:
            dt, fields, c = item_dtype(fmt), None, fmt[-1]
        size = dt.itemsize
        ndim = r.choice([2, 2, 3, 3, 4])
        shape = [r.choice([1, 2, 3, 4, 5]) for _ in range(ndim)]
        count = 1
        for s in shape:
            count *= s
        e, m, ro = self.exporter(count * size)
        buf = self.bufs[e]
        base = self.slot()
        self.emit({'op': 'cast', 'v': m, 'args': [fmt, shape], 'out': base}, None)

        def values(a):
            if fields is None:
                return self.tolist_expect(a, c)
            def rec(x):
                if isinstance(x, list):
                    return [rec(y) for y in x]
                return self.record_expect(x, fields)
            return rec(a.tolist())

        strides = [size] * ndim  # the C strides cast gives (reshape may differ on 1-long dims)
        for k in range(ndim - 2, -1, -1):
            strides[k] = strides[k + 1] * shape[k + 1]

        def over(b):
            return np.ndarray(shape, dtype=dt, buffer=b, strides=strides)
        views = [(base, lambda: over(bytes(buf)))]
        for _ in range(r.randint(3, 8)):
            v, get = r.choice(views)
            a = get()
            x = r.random()
            if x < 0.45:
                keys = self.keys_for(list(a.shape))
                op = {'op': 'sub', 'v': v, 'keys': [self.arg(k) for k in keys]}
                try:
                    with np.errstate(all='ignore'):
                        sub = a[self.np_key(keys)]
                except Exception as ex:
                    self.emit(op, err(ex))
                    continue
                if not isinstance(sub, np.ndarray):
                    sub = np.asarray(a[self.np_key(keys)])
                    if sub.ndim != 0:
                        continue
                k = self.slot()
                op['out'] = k
                self.emit(op, None)
                nk = self.np_key(keys)
                views.append((k, (lambda g, kk: (lambda: g()[kk]))(get, nk)))
                sub = views[-1][1]()
                sub = sub if isinstance(sub, np.ndarray) else np.asarray(sub)
                self.props(k, sub, size, fmt)
                self.emit({'op': 'tolist', 'v': k}, values(sub))
            elif x < 0.6:
                order = r.choice([None, 'C', 'F', 'A'])
                a = a if isinstance(a, np.ndarray) else np.asarray(a)
                self.emit({'op': 'tobytes', 'v': v, 'args': [] if order is None else [order]},
                          enc(a.tobytes(order or 'C')))
            elif x < 0.67:
                a = np.asarray(a)
                self.emit({'op': 'hex', 'v': v}, a.tobytes().hex())
            elif x < 0.8 and not ro:
                a = np.asarray(a)
                if a.ndim == 0:
                    continue
                src = self.data(a.size * size)
                se = self.slot()
                self.emit({'op': 'bytes', 'data': src.hex(), 'out': se}, None)
                sm = self.slot()
                self.emit({'op': 'memoryview', 'of': se, 'out': sm}, None)
                sv = self.slot()
                if a.size == 0:
                    continue
                self.emit({'op': 'cast', 'v': sm, 'args': [fmt, list(a.shape)], 'out': sv}, None)
                self.emit({'op': 'assign', 'v': v, 'src': {'slot': sv}}, None)
                # written through NumPy into the exporter's bytes
                w = over(buf)
                self.assign_through(views, v, w, np.frombuffer(src, dtype=dt).reshape(a.shape))
                self.emit({'op': 'tolist', 'v': base}, values(over(bytes(buf))))
            elif x < 0.88:
                a = np.asarray(a)
                op = {'op': 'cast', 'v': v, 'args': ['B']}
                if not a.flags.c_contiguous or (a.ndim == 1 and a.size == 0 and a.strides[0] != size):
                    self.emit(op, {'error': ['TypeError', 'memoryview: casts are restricted to C-contiguous views']})
                    continue
                if a.ndim != 1 and 0 in a.shape:
                    self.emit(op, {'error': ['TypeError', 'memoryview: cannot cast view with zeros in shape or strides']})
                    continue
                k = self.slot()
                op['out'] = k
                self.emit(op, None)
                self.emit({'op': 'tolist', 'v': k}, list(a.tobytes()))
            elif x < 0.94:
                a = np.asarray(a)
                if a.ndim == 0 or a.size == 0:
                    continue
                idx = [r.randrange(s) for s in a.shape]
                want = a[tuple(idx)]
                self.emit({'op': 'get', 'v': v, 'idx': idx},
                          self.record_expect(want.item(), fields) if fields else self.enc_item(want.item(), c))
            else:
                v2, get2 = r.choice(views)
                a2 = np.asarray(get2())
                a = np.asarray(a)
                if fields is None:
                    eq = a.shape == a2.shape and bool(np.all(a == a2)) if dt.kind != 'V' else \
                        a.shape == a2.shape and a.tobytes() == a2.tobytes()
                else:
                    eq = a.shape == a2.shape and a.tolist() == a2.tolist()
                # CPython's equivalent shapes: equal up to the first 0-length dimension
                if a.ndim == a2.ndim:
                    equiv = True
                    for p, q in zip(a.shape, a2.shape):
                        if p != q:
                            equiv = False
                            break
                        if p == 0:
                            break
                    if equiv and 0 in a.shape:
                        eq = True
                self.emit({'op': 'equals', 'v': v, 'other': {'slot': v2}}, bool(eq))

    def assign_through(self, views, v, whole, src):
        """Writes src into the NumPy view that stands for slot v, over `whole`
        (a writable array over the exporter's bytes)."""
        chain = self.chains[v]
        t = whole
        for key in chain:
            t = t[key]
        t[...] = src

    def generate(self):
        r = self.rng
        self.chains = {}
        kind = r.choices(['order', 'record', 'nd'], [4, 4, 5])[0]
        if kind == 'order':
            self.byte_order_program()
        elif kind == 'record':
            self.record_program()
        else:
            self.nd_program_tracked()
        return {'id': None, 'seed': self.seed, 'kind': kind, 'ops': self.ops}

    def nd_program_tracked(self):
        # slot -> the chain of NumPy keys from the base view, for assign_through
        emit = self.emit

        def tracking(op, expect):
            emit(op, expect)
            if op['op'] == 'cast' and 'out' in op and len(op['args']) == 2:
                self.chains.setdefault(op['out'], [])
            if op['op'] == 'sub' and 'out' in op:
                self.chains[op['out']] = self.chains.get(op['v'], []) + [self.np_key(
                    [self.unarg(k) for k in op['keys']])]
        self.emit = tracking
        try:
            self.nd_program()
        finally:
            self.emit = emit

    @staticmethod
    def unarg(k):
        if isinstance(k, dict) and 'int' in k:
            return int(k['int'])
        if isinstance(k, list):
            return [Program.unarg(x) for x in k]
        return k


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, default=20261201)
    ap.add_argument('--programs', type=int, default=3000)
    ap.add_argument('--out')
    args = ap.parse_args()
    master = random.Random(args.seed)
    programs = []
    for pid in range(args.programs):
        p = Program(master.randrange(2**32)).generate()
        p['id'] = pid
        programs.append(p)
    out = open(args.out + '.tmp', 'w') if args.out else sys.stdout
    out.write('{"generator": "tests/gen/numpy_gen.py", "numpy": %s, "seed": %d,\n'
              % (json.dumps(np.__version__), args.seed))
    out.write(' "ops": %d,\n "programs": [\n' % sum(len(p['ops']) for p in programs))
    for i, p in enumerate(programs):
        out.write(json.dumps(p, allow_nan=False, ensure_ascii=True))
        out.write(',\n' if i + 1 < len(programs) else '\n')
    out.write(']}\n')
    if args.out:
        out.close()
        os.replace(args.out + '.tmp', args.out)


if __name__ == '__main__':
    main()
