#!/usr/bin/env python3
"""Random memoryview programs, run on this CPython, recorded for replay on memview.

Usage: PYENV_VERSION=3.13.0 python3 tests/gen/gen_corpus.py [--seed N] [--programs K] [--out FILE]
(without --out the corpus goes to stdout)

Each program is a list of operations on numbered slots (exporters, views,
iterators). Every operation is run here and its outcome recorded: a JSON-safe
value (see `enc`) or {"error": [exception name, message]}. tests/differential.test.js
replays the programs on memview and compares every outcome exactly.

Two things separate this CPython from the target (CPython 3.14 on wasm32):

* Size classes. memview runs on wasm32, where l L n N P are 4 bytes; here they
  are 8. A view whose memview format is 'l' is therefore played here with
  format 'i' (table ORACLE_CHAR), and the format is renamed back in recorded
  .format values and error messages. 'P' is played as 'I' with its wider
  range and two's complement storing emulated in `set_item`. sys.maxsize
  differs too, so indexes, slice steps and shape elements stay below 2**31 or
  go to 2**63 and beyond, where both sides agree.
* Version. 3.14 behaviour is recorded where it differs from 3.13 (facts doc):
  count() and index() are computed from their documented semantics, and
  iter() on a released view raises ValueError (3.13.0 raises SystemError).

Operations (field "op"; "v" is the target slot, "out" the slot of a new object):
  bytes / bytearray {data: hex}            array {tc, items}
  memoryview {of: slot | arg: literal}     slice {v, args: [start, stop, step]}
  cast {v, args: [format, shape?]}         toreadonly {v}
  get {v, idx}   set {v, idx, value}       assign {v, slice?, src}
  tolist / tobytes {args} / hex {sep?, bps?} / equals {other} / count {value}
  index {args} / release {v, dispose} / iter {v} / len {v} / props {v} / repr {v}
  iter_new {v, out} / next {v}             call {v, method, args}  (exporter methods)
"""

import argparse
import array
import json
import math
import os
import random
import sys

# ---- the size-class table ------------------------------------------------------
# memview format character -> the CPython format character (on x86-64) with the
# same size and range. Everything not listed plays as itself.
ORACLE_CHAR = {'l': 'i', 'L': 'I', 'n': 'i', 'N': 'I', 'P': 'I'}
# memview array typecode -> CPython array typecode.
ORACLE_TYPECODE = {'l': 'i', 'L': 'I'}

WASM_SSIZE_MAX = 2**31 - 1
NATIVE = 'cbB?hHiIlLqQnNfdeP'
ITEMSIZE = {'c': 1, 'b': 1, 'B': 1, '?': 1, 'h': 2, 'H': 2, 'i': 4, 'I': 4, 'l': 4, 'L': 4,
            'q': 8, 'Q': 8, 'n': 4, 'N': 4, 'f': 4, 'd': 8, 'e': 2, 'P': 4}
INT_RANGE = {'b': (-2**7, 2**7 - 1), 'B': (0, 2**8 - 1), 'h': (-2**15, 2**15 - 1),
             'H': (0, 2**16 - 1), 'i': (-2**31, 2**31 - 1), 'I': (0, 2**32 - 1),
             'l': (-2**31, 2**31 - 1), 'L': (0, 2**32 - 1), 'n': (-2**31, 2**31 - 1),
             'N': (0, 2**32 - 1), 'q': (-2**63, 2**63 - 1), 'Q': (0, 2**64 - 1),
             'P': (-2**31, 2**32 - 1)}
ARRAY_TYPECODES = 'bBhHiIlLqQfd'
RELEASED = 'operation forbidden on released memoryview object'


def char_of(fmt):
    """The format character of a native format string ('@l' -> 'l'), else None."""
    f = fmt[1:] if fmt.startswith('@') else fmt
    return f if len(f) == 1 and f in NATIVE else None


def oracle_format(fmt):
    """The CPython format string that plays memview format `fmt` here."""
    c = char_of(fmt)
    if c is None or c not in ORACLE_CHAR:
        return fmt
    return fmt[:-1] + ORACLE_CHAR[c]


def rename_format(msg, jsfmt):
    """Puts memview's format letter back into "... for format 'X'" messages."""
    c = char_of(jsfmt)
    if c is None or c not in ORACLE_CHAR:
        return msg
    return msg.replace("for format '%s'" % ORACLE_CHAR[c], "for format '%s'" % c)


# ---- what memview does beyond CPython ------------------------------------------
# CPython errors that are features in memview (README "Beyond CPython"): a cast
# to a byte-order item format ('<i', '=B') or to a record format ('ii', '2i',
# 's'), and slice assignment to an N-D view. Those operations are left out of
# this corpus; tests/gen/numpy_gen.py checks them against NumPy instead.
import struct as _struct

DEST_FORMAT = "memoryview: destination format must be a native single character format prefixed with an optional '@'"


def memview_format(fmt):
    """Whether memview takes fmt as a cast format beyond CPython's."""
    f = fmt.split('\0')[0]
    body = f[1:] if f[:1] in ('@', '=', '<', '>', '!') else f
    if len(body) == 1 and body in NATIVE + 'eP':
        return f[:1] in ('=', '<', '>', '!') and body not in 'nNP' or f[:1] == '@'
    if len(f) > 15:
        return False
    try:
        size = _struct.calcsize(f)
        return size > 0 and len(_struct.unpack(f, bytes(size))) > 0
    except _struct.error:
        return False


def beyond_cpython(op, expect):
    if not (isinstance(expect, dict) and 'error' in expect):
        return False
    if op['op'] == 'cast' and op['args'] and isinstance(op['args'][0], str):
        return expect['error'][1] == DEST_FORMAT and memview_format(op['args'][0])
    if op['op'] == 'assign':
        return expect['error'][1] == 'memoryview slice assignments are currently restricted to ndim = 1'
    return False


# ---- JSON-safe values ----------------------------------------------------------

def enc(v, big=False):
    """A recorded value: ints beyond 2**53 (and every item of q/Q, big=True) as
    {"int": decimal}, non-finite floats and -0.0 as {"float": ...}, bytes as
    {"bytes": hex}."""
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
    if isinstance(v, bytes):
        return {'bytes': v.hex()}
    if isinstance(v, bytearray):
        return {'bytearray': v.hex()}
    if isinstance(v, (list, tuple)):
        return [enc(x, big) for x in v]
    raise TypeError('cannot encode %r' % (v,))


def error(exc, jsfmt=None):
    msg = str(exc)
    if jsfmt is not None:
        msg = rename_format(msg, jsfmt)
    return {'error': [type(exc).__name__, msg]}


def js_number(v):
    """What a JS argument means in Python: JS has no integral floats, so an
    integral finite float is the int of the same value."""
    if isinstance(v, float) and math.isfinite(v) and v.is_integer():
        return int(v)
    return v


class Slot:
    def __init__(self, kind, obj, fmt, exporter):
        self.kind = kind          # 'bytes' 'bytearray' 'array' 'view' 'iter'
        self.obj = obj            # the CPython object
        self.fmt = fmt            # memview format (views), typecode (array), 'B'
        self.exporter = exporter  # slot index of the exporter (views)
        self.released = False


# ---- the generator -------------------------------------------------------------

class Program:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        self.slots = []
        self.ops = []

    # -- helpers
    def add(self, slot):
        self.slots.append(slot)
        return len(self.slots) - 1

    def emit(self, op, expect):
        if beyond_cpython(op, expect):
            return  # moved to the NumPy oracle (tests/gen/numpy_gen.py)
        op['expect'] = expect
        self.ops.append(op)

    def views(self, live_only=False):
        return [k for k, s in enumerate(self.slots)
                if s.kind == 'view' and not (live_only and s.released)]

    def exporters(self):
        return [k for k, s in enumerate(self.slots) if s.kind in ('bytes', 'bytearray', 'array')]

    def pick_view(self):
        live = self.views(True)
        if not live or (self.rng.random() < 0.06 and self.views()):
            allv = self.views()
            if not allv:
                return self.op_memoryview()
            return self.rng.choice(allv)
        # Favour views that are not plain writable-or-not 'B' 1-D views: casts,
        # N-D and 0-dim views have the most rules.
        weights = [1 if self.slots[k].fmt == 'B' and self.ndim_of(k) == 1 else 5 for k in live]
        return self.rng.choices(live, weights)[0]

    def ndim_of(self, k):
        try:
            return self.slots[k].obj.ndim
        except ValueError:
            return 1

    def arg(self, v):
        """Encodes an argument. Large ints that are exact doubles sometimes travel
        as JS numbers ({"num": ...}) rather than bigints, small ints sometimes as
        bigints, and bytes sometimes as memview bytes objects."""
        v = js_number(v)
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**53 \
                and abs(v) < 2**1000 and float(v) == v and self.rng.random() < 0.3:
            return {'num': repr(float(v))}
        if isinstance(v, int) and not isinstance(v, bool) and self.rng.random() < 0.08:
            return {'int': str(v)}  # a small int as a JS bigint
        if isinstance(v, bytes) and self.rng.random() < 0.3:
            return {'bytesobj': v.hex()}
        if isinstance(v, list):
            return [self.arg(x) for x in v]
        return enc(v)

    def rand_data(self, n):
        r = self.rng
        pool = [0, 0, 1, 0x7f, 0x80, 0xff, 0x3f, 0x41]
        return bytes(r.choice(pool) if r.random() < 0.4 else r.randrange(256) for _ in range(n))

    def rand_len(self):
        if self.rng.random() < 0.03:  # past the binding's 256-byte scratch buffers
            return self.rng.choice([256, 257, 600, 4096])
        return self.rng.choice([0, 1, 2, 3, 4, 6, 8, 8, 12, 12, 16, 16, 24, 24, 32, 48])

    # -- values for formats
    def valid_value(self, c):
        r = self.rng
        if c in INT_RANGE:
            lo, hi = INT_RANGE[c]
            return r.choice([lo, hi, 0, 1, r.randint(lo, hi), r.randint(lo, hi), True])
        if c == 'c':
            return bytes([r.randrange(256)])
        if c == '?':
            return r.choice([True, False, 0, 1, 2, '', 'x', None, [], [0], 0.5, b'', b'\x00',
                             float('nan'), -3])
        # floats
        return r.choice([0.5, -1.25, 1.1, 3.14159, 1e-8, 65504, 65519.99, 2.5e-8, 1e38,
                         -7, 0, 1e-300, float('inf'), float('-inf'), float('nan'),
                         r.uniform(-1e6, 1e6), True, 2**53 + 1, 123456789.125])

    def wild_value(self, c):
        r = self.rng
        common = [None, 'a', b'a', 1.5, float('nan'), float('inf'), [], [1], True, False,
                  2**64, -2**64, 2**100, 10**20, b'', bytearray(b'a')]
        if c in INT_RANGE:
            lo, hi = INT_RANGE[c]
            return r.choice([lo - 1, hi + 1, lo - 1, hi + 1, -1] + common)
        if c == 'c':
            return r.choice([b'', b'ab', bytes(300), bytearray(b'a'), 'a', 97, None, 1.5])
        if c == '?':
            return r.choice(common)
        return r.choice([2**1024, -2**1024, 65520, 1e10, 1e39, -1e39, 3.4028235677973366e38,
                         None, 'a', '1.0', b'a', [], 2**64])

    def value_for(self, jsfmt):
        c = char_of(jsfmt) or 'B'
        return self.valid_value(c) if self.rng.random() < 0.7 else self.wild_value(c)

    # -- exporters
    def op_exporter(self):
        r = self.rng
        kind = r.choice(['bytes', 'bytearray', 'bytearray', 'array', 'array'])
        if kind == 'array':
            tc = r.choice(ARRAY_TYPECODES)
            n = r.choice([0, 1, 2, 3, 4, 6, 8])
            items = []
            for _ in range(n):
                if tc in 'fd':
                    items.append(js_number(r.choice([0.5, -2.25, 1.1, 1e-3, 7.0, 1e30, float('nan'),
                                                     float('inf'), r.uniform(-100, 100)])))
                else:
                    lo, hi = INT_RANGE[tc]
                    items.append(r.choice([lo, hi, 0, 1, r.randint(lo, hi), r.randint(lo, hi)]))
            obj = array.array(ORACLE_TYPECODE.get(tc, tc), items)
            k = self.add(Slot('array', obj, tc, None))
            self.emit({'op': 'array', 'tc': tc, 'items': [enc(x, tc in 'qQ') for x in items],
                       'out': k}, None)
            return k
        data = self.rand_data(self.rand_len())
        obj = bytes(data) if kind == 'bytes' else bytearray(data)
        k = self.add(Slot(kind, obj, 'B', None))
        self.emit({'op': kind, 'data': data.hex(), 'out': k}, None)
        return k

    def op_memoryview(self):
        r = self.rng
        if r.random() < 0.04:
            lit = r.choice([5, 'abc', None, [1, 2], 1.5, True])
            op = {'op': 'memoryview', 'arg': enc(lit)}
            try:
                memoryview(lit)
                raise AssertionError('memoryview accepted %r' % (lit,))
            except TypeError as e:
                self.emit(op, error(e))
            return None
        srcs = self.exporters() + self.views()
        if not srcs or r.random() < 0.15:
            src = self.op_exporter()
        else:
            src = r.choice(srcs)
        s = self.slots[src]
        op = {'op': 'memoryview', 'of': src}
        try:
            m = memoryview(s.obj)
        except Exception as e:
            self.emit(op, error(e))
            return None
        fmt = s.fmt
        k = self.add(Slot('view', m, fmt, src if s.kind != 'view' else s.exporter))
        op['out'] = k
        self.check_format(k)
        self.emit(op, None)
        return k

    def check_format(self, k):
        s = self.slots[k]
        assert s.obj.format == oracle_format(s.fmt), (s.obj.format, s.fmt)

    def derived(self, op, src, make, fmt=None):
        """Runs make() for a view derived from slot src; records it in a new slot."""
        s = self.slots[src]
        try:
            m = make()
        except Exception as e:
            self.emit(op, error(e))
            return None
        k = self.add(Slot('view', m, s.fmt if fmt is None else fmt, s.exporter))
        op['out'] = k
        self.check_format(k)
        self.emit(op, None)
        return k

    # -- slicing
    def slice_bound(self, n):
        r = self.rng
        x = r.random()
        if x < 0.25:
            return None
        if x < 0.9:
            return r.randint(-n - 3, n + 3)
        return r.choice([10**20, -10**20, 2**64, True, False, 1.5, 'a'])

    def slice_step(self):
        r = self.rng
        x = r.random()
        if x < 0.3:
            return None
        if x < 0.9:
            return r.choice([1, 1, 2, 3, -1, -1, -2, -3])
        return r.choice([0, 7, -100, 100, True, 1.5])

    def slice_args(self, n):
        return [self.slice_bound(n), self.slice_bound(n), self.slice_step()]

    def view_len(self, k):
        try:
            m = self.slots[k].obj
            return m.shape[0] if m.ndim else 1
        except Exception:
            return 4

    def op_slice(self, k=None, args=None):
        k = self.pick_view() if k is None else k
        if k is None:
            return None
        args = self.slice_args(self.view_len(k)) if args is None else args
        op = {'op': 'slice', 'v': k, 'args': [self.arg(a) for a in args]}
        m = self.slots[k].obj
        a = [js_number(x) for x in args]
        return self.derived(op, k, lambda: m[a[0]:a[1]:a[2]])

    # -- cast
    def rand_format(self):
        r = self.rng
        c = r.choice(NATIVE)
        return '@' + c if r.random() < 0.15 else c

    def factor_shape(self, count):
        r = self.rng
        dims = r.choice([1, 1, 2, 2, 3])
        shape = []
        rest = count
        for _ in range(dims - 1):
            divs = [d for d in range(1, rest + 1) if rest % d == 0]
            d = r.choice(divs)
            shape.append(d)
            rest //= d
        shape.append(rest)
        r.shuffle(shape)
        return shape

    def bad_shape(self, count):
        r = self.rng
        choice = r.randrange(8)
        if choice == 0:
            return r.choice([None, 5, 'ab', 1.5])
        if choice == 1:
            return [count, r.choice([1.5, 'a', None, [1]])]
        if choice == 2:
            return [r.choice([0, -1, -2**64])]
        if choice == 3:
            return [r.choice([2**63, 2**64, 10**30])]
        if choice == 4:
            return [1] * r.choice([64, 65, 66])
        if choice == 5:
            # The running product passes 2**31 on wasm and 2**63 here (both ValueError).
            return r.choice([[2**30] * 3, [2**20] * 4, [2**16] * 5, [3, 2**30, 2**30, 2**30]])
        if choice == 6:
            return [count + 1] if count else [1]
        return [True] * r.randint(1, 3)

    def op_cast(self):
        r = self.rng
        k = self.pick_view()
        if k is None:
            return None
        m = self.slots[k].obj
        try:
            nbytes, ndim, srcfmt = m.nbytes, m.ndim, self.slots[k].fmt
        except ValueError:
            nbytes, ndim, srcfmt = 8, 1, 'B'
        src_is_byte = char_of(srcfmt) in ('b', 'B', 'c')
        if r.random() < 0.12:
            fmt = r.choice(['<i', 'ii', '', 's', 'x', '=B', '2i', '@', '@@B', 'é', 'B\0', 'i\0',
                            'w', 'u', 'Z', 5, None, 1.5, ['B']])
        elif src_is_byte or r.random() < 0.2:
            fmt = self.rand_format()
            fits = [f for f in NATIVE if nbytes % ITEMSIZE[f] == 0]
            if r.random() < 0.7 and fits:  # mostly a size that divides
                fmt = fmt[:-1] + r.choice(fits)
        else:
            fmt = r.choice(['B', 'b', 'c', '@B'])
        args = [fmt]
        c = char_of(fmt) if isinstance(fmt, str) else None
        size = ITEMSIZE.get(c, 1)
        count = nbytes // size
        x = r.random()
        if ndim != 1 and x < 0.6:
            args.append([count] if r.random() < 0.8 else self.factor_shape(max(count, 1)))
        elif x < 0.45:
            pass
        elif x < 0.75:
            args.append(self.factor_shape(count) if count else [0])
        elif x < 0.85:
            args.append([] if r.random() < 0.7 else [1, 1])
        else:
            args.append(self.bad_shape(count))
        if r.random() < 0.02:
            args = r.choice([[], ['B', [1], 1]])
        op = {'op': 'cast', 'v': k, 'args': [self.arg(a) for a in args]}
        py = [oracle_format(a) if i == 0 and isinstance(a, str) else a for i, a in enumerate(args)]
        if len(py) > 1 and isinstance(py[1], list):
            py[1] = [js_number(e) for e in py[1]]
        newfmt = fmt.split('\0')[0] if isinstance(fmt, str) else None
        return self.derived(op, k, lambda: m.cast(*py), newfmt)

    def op_zero_dim(self):
        """A 0-dim view: cast(fmt, []) of an exporter as large as one item."""
        r = self.rng
        fmt = self.rand_format()
        data = self.rand_data(ITEMSIZE[char_of(fmt)])
        kind = r.choice(['bytes', 'bytearray', 'bytearray'])
        e = self.add(Slot(kind, bytes(data) if kind == 'bytes' else bytearray(data), 'B', None))
        self.emit({'op': kind, 'data': data.hex(), 'out': e}, None)
        m = memoryview(self.slots[e].obj)
        k = self.add(Slot('view', m, 'B', e))
        self.emit({'op': 'memoryview', 'of': e, 'out': k}, None)
        op = {'op': 'cast', 'v': k, 'args': [fmt, []]}
        return self.derived(op, k, lambda: m.cast(oracle_format(fmt), []), fmt)

    def op_toreadonly(self):
        k = self.pick_view()
        if k is None:
            return None
        m = self.slots[k].obj
        return self.derived({'op': 'toreadonly', 'v': k}, k, lambda: m.toreadonly())

    # -- items
    def rand_index(self, n):
        r = self.rng
        x = r.random()
        if x < 0.85:
            return r.randint(-n - 2, n + 1)
        return r.choice([2**64, -2**64, 10**20, 2**63, True, False, 1.5, None, 'a'])

    def rand_key(self, k):
        r = self.rng
        try:
            shape = list(self.slots[k].obj.shape)
        except ValueError:
            shape = [4]
        x = r.random()
        if x < 0.85:
            idx = [r.randint(0, s - 1) if s and r.random() < 0.8 else self.rand_index(s)
                   for s in shape]
        elif x < 0.92:
            idx = [self.rand_index(4) for _ in range(max(0, len(shape) - 1))]
        else:
            idx = [self.rand_index(4) for _ in range(len(shape) + 1)]
        return idx

    @staticmethod
    def key_of(idx):
        return idx[0] if len(idx) == 1 else tuple(idx)

    def op_get(self):
        k = self.pick_view()
        if k is None:
            return
        s = self.slots[k]
        idx = self.rand_key(k)
        op = {'op': 'get', 'v': k, 'idx': [self.arg(i) for i in idx]}
        key = self.key_of([js_number(i) for i in idx])
        try:
            self.emit(op, enc(s.obj[key], char_of(s.fmt) in ('q', 'Q')))
        except Exception as e:
            self.emit(op, error(e))

    def set_item(self, s, key, value):
        """m[key] = value as memview does it, for the view of slot s."""
        m = s.obj
        if char_of(s.fmt) == 'P' and type(value) is int and -2**31 <= value < 0:
            value += 2**32  # 'P' stores negatives as two's complement
        m[key] = value

    def op_set(self):
        k = self.pick_view()
        if k is None:
            return
        s = self.slots[k]
        idx = self.rand_key(k)
        value = self.value_for(s.fmt)
        op = {'op': 'set', 'v': k, 'idx': [self.arg(i) for i in idx], 'value': self.arg(value)}
        key = self.key_of([js_number(i) for i in idx])
        try:
            self.set_item(s, key, js_number(value))
            self.emit(op, None)
        except Exception as e:
            self.emit(op, error(e, s.fmt))

    # -- assignment
    def slice_of_len(self, n, want):
        r = self.rng
        for _ in range(30):
            step = r.choice([1, 1, 2, -1, -2, 3, None])
            a = r.choice([None, r.randint(-n - 1, n + 1)])
            b = r.choice([None, r.randint(-n - 1, n + 1)])
            if len(range(n)[slice(a, b, step)]) == want:
                return [a, b, step]
        return None

    def op_assign(self):
        r = self.rng
        k = self.pick_view()
        if k is None:
            return
        dst = self.slots[k]
        op = {'op': 'assign', 'v': k}
        sl = None
        x = r.random()
        candidates = [j for j in self.views(True) + self.exporters()
                      if self.slots[j].kind != 'view' or self.slots[j].exporter == dst.exporter
                      or r.random() < 0.3]
        if x < 0.1 or not candidates:
            src_obj = r.choice([5, 'ab', [1, 2], None, 1.5, True])
            op['src'] = enc(src_obj)
        else:
            j = r.choice(candidates)
            if x < 0.35 and not dst.released and self.ndim_of(k) == 1:
                # An overlapping source: another slice of the same view.
                j = self.op_slice(k) or j
            src_obj = self.slots[j].obj
            op['src'] = {'slot': j}
            try:
                n, want = self.view_len(k), len(src_obj)
            except Exception:
                n, want = 0, 0
            if r.random() < 0.7:
                sl = self.slice_of_len(n, want) if r.random() < 0.85 else self.slice_args(n)
        if sl is not None:
            op['slice'] = [self.arg(a) for a in sl]
            sl = [js_number(a) for a in sl]
        # Slice assignment compares format strings: 'l' and 'i' are different
        # formats on wasm32 although both play as 'i' here. When only memview's
        # formats differ, a copy CPython accepts must be undone and reported as
        # the structure mismatch it is on wasm32.
        src_fmt = self.slots[op['src']['slot']].fmt if isinstance(op['src'], dict) else None
        strip = lambda f: f[1:] if f.startswith('@') else f
        formats_differ = src_fmt is not None and strip(src_fmt) != strip(dst.fmt)
        snapshot = self.exporter_bytes(dst.exporter) if formats_differ else None
        try:
            if sl is None:
                dst.obj[:] = src_obj
            else:
                sub = dst.obj[sl[0]:sl[1]:sl[2]]
                try:
                    sub[:] = src_obj
                finally:
                    sub.release()
            if formats_differ:
                self.restore_exporter(dst.exporter, snapshot)
                raise ValueError('memoryview assignment: lvalue and rvalue have different structures')
            self.emit(op, None)
        except Exception as e:
            self.emit(op, error(e))

    def exporter_bytes(self, k):
        return bytes(self.slots[k].obj)

    def restore_exporter(self, k, data):
        with memoryview(self.slots[k].obj) as m, m.cast('B') as b:
            b[:] = data

    # -- whole-view operations
    def simple(self, name, fn, big_items=False):
        k = self.pick_view()
        if k is None:
            return
        s = self.slots[k]
        op = {'op': name, 'v': k}
        try:
            self.emit(op, enc(fn(s.obj), big_items and char_of(s.fmt) in ('q', 'Q')))
        except Exception as e:
            self.emit(op, error(e))

    def op_tobytes(self):
        r = self.rng
        k = self.pick_view()
        if k is None:
            return
        m = self.slots[k].obj
        args = r.choice([[], [], [None], ['C'], ['F'], ['F'], ['A'], ['A'], ['c'], ['X'], [''],
                         [5], ['C\0'], ['CF']])
        op = {'op': 'tobytes', 'v': k, 'args': [enc(a) for a in args]}
        try:
            self.emit(op, enc(m.tobytes(*args)))
        except Exception as e:
            self.emit(op, error(e))

    def op_hex(self):
        r = self.rng
        k = self.pick_view()
        if k is None:
            return
        m = self.slots[k].obj
        op = {'op': 'hex', 'v': k}
        kw = {}
        if r.random() < 0.7:
            kw['sep'] = r.choice([':', '-', ' ', b':', b'_', '\x00', ':', '', 'ab', 'é', b'\xff', 5,
                                  None, [1], bytearray(b':')])
            op['sep'] = self.arg(kw['sep'])
        if r.random() < 0.6:
            kw['bytes_per_sep'] = r.choice([1, 2, 3, 4, -1, -2, -3, -4, 0, 100, -100, True, 1.5,
                                            'x', 2**31, -2**31 - 1, 2**31 - 1, -2**31, 2**64])
            op['bps'] = self.arg(kw['bytes_per_sep'])
        try:
            self.emit(op, m.hex(**kw))
        except Exception as e:
            self.emit(op, error(e))

    def op_equals(self):
        r = self.rng
        k = self.pick_view()
        if k is None:
            return
        m = self.slots[k].obj
        op = {'op': 'equals', 'v': k}
        if r.random() < 0.1:
            other = r.choice(['abc', [97, 98], 5, None, 1.5])
            op['other'] = enc(other)
        else:
            cands = self.views() + self.exporters()
            try:
                same = [j for j in cands if self.view_shape(j) == list(m.shape)]
            except ValueError:
                same = []
            j = r.choice(same if same and r.random() < 0.6 else cands)
            other = self.slots[j].obj
            op['other'] = {'slot': j}
        self.emit(op, m == other)

    def view_shape(self, j):
        s = self.slots[j]
        try:
            return list(memoryview(s.obj).shape) if s.kind != 'view' else list(s.obj.shape)
        except ValueError:
            return None

    def items_of(self, m):
        """iter(m) with 3.14's released check (3.13.0 raises SystemError)."""
        if m.__repr__().startswith('<released'):
            raise ValueError(RELEASED)
        return list(m)

    def op_iter(self):
        self.simple('iter', self.items_of, True)

    def op_count(self):
        k = self.pick_view()
        if k is None:
            return
        s = self.slots[k]
        value = self.search_value(s)
        op = {'op': 'count', 'v': k, 'value': self.arg(value)}
        value = js_number(value)
        try:
            items = self.items_of(s.obj)
            self.emit(op, sum(1 for x in items if x is value or x == value))
        except Exception as e:
            self.emit(op, error(e))

    def search_value(self, s):
        r = self.rng
        try:
            items = s.obj.tolist()
            if isinstance(items, list) and items and not isinstance(items[0], list) \
                    and r.random() < 0.6:
                return r.choice(items)
        except Exception:
            pass
        return self.value_for(s.fmt)

    def op_index(self):
        r = self.rng
        k = self.pick_view()
        if k is None:
            return
        s = self.slots[k]
        n = self.view_len(k)
        value = self.search_value(s)
        args = [value]
        for _ in range(r.choice([0, 0, 1, 2])):
            args.append(r.randint(-n - 2, n + 2) if r.random() < 0.8 else
                        r.choice([10**20, -10**20, None, 1.5, True]))
        op = {'op': 'index', 'v': k, 'args': [self.arg(a) for a in args]}
        args = [js_number(a) for a in args]
        try:
            self.emit(op, self.index_314(s.obj, *args))
        except Exception as e:
            self.emit(op, error(e))

    @staticmethod
    def index_314(m, value, start=0, stop=sys.maxsize):
        """memoryview.index of CPython 3.14 (facts §11), which 3.13 lacks."""
        def as_index(x):
            if not hasattr(x, '__index__') or x is None:
                raise TypeError('slice indices must be integers or have an __index__ method')
            return max(min(x.__index__(), WASM_SSIZE_MAX), -WASM_SSIZE_MAX - 1)
        start, stop = as_index(start), as_index(stop)
        if m.__repr__().startswith('<released'):
            raise ValueError(RELEASED)
        if m.ndim == 0:
            raise TypeError('invalid lookup on 0-dim memory')
        if m.ndim > 1:
            raise NotImplementedError('multi-dimensional lookup is not implemented')
        n = m.shape[0]
        if start < 0:
            start = max(start + n, 0)
        if stop < 0:
            stop = max(stop + n, 0)
        stop = min(stop, n)
        for i in range(start, stop):
            item = m[i]
            if item is value or item == value:
                return i
        raise ValueError('memoryview.index(x): x not found')

    def op_props(self):
        k = self.pick_view()
        if k is None:
            return
        s = self.slots[k]
        m = s.obj
        expect = {}
        for name in ('obj', 'nbytes', 'readonly', 'itemsize', 'format', 'ndim', 'shape',
                     'strides', 'suboffsets', 'c_contiguous', 'f_contiguous', 'contiguous'):
            try:
                v = getattr(m, name)
            except Exception as e:
                expect[name] = error(e)
                continue
            if name == 'obj':
                assert v is self.slots[s.exporter].obj
                expect[name] = {'slot': s.exporter}
            elif name == 'format':
                assert v == oracle_format(s.fmt)
                expect[name] = s.fmt
            else:
                expect[name] = enc(v)
        self.emit({'op': 'props', 'v': k}, expect)

    def op_repr(self):
        k = self.pick_view()
        if k is None:
            return
        rep = repr(self.slots[k].obj)
        self.emit({'op': 'repr', 'v': k}, rep[1:rep.index(' at 0x')])

    def op_release(self, k=None):
        k = self.pick_view() if k is None else k
        if k is None:
            return
        s = self.slots[k]
        op = {'op': 'release', 'v': k, 'dispose': self.rng.random() < 0.3}
        try:
            s.obj.release()
            s.released = True
            self.emit(op, None)
        except Exception as e:
            self.emit(op, error(e))

    def op_iterator(self):
        """An iterator, stepped, with the view sometimes released in between."""
        r = self.rng
        k = self.pick_view()
        if k is None:
            return
        s = self.slots[k]
        op = {'op': 'iter_new', 'v': k}
        try:
            if s.obj.__repr__().startswith('<released'):
                raise ValueError(RELEASED)
            it = iter(s.obj)
        except Exception as e:
            self.emit(op, error(e))
            return
        j = self.add(Slot('iter', it, s.fmt, None))
        op['out'] = j
        self.emit(op, None)
        for step in range(r.randint(1, 4)):
            if step == 1 and r.random() < 0.4:
                self.op_release(k)
            nop = {'op': 'next', 'v': j}
            try:
                self.emit(nop, enc(next(it), char_of(s.fmt) in ('q', 'Q')))
            except StopIteration:
                self.emit(nop, {'done': True})
            except Exception as e:
                self.emit(nop, error(e))

    # -- exporter methods (the export lock)
    def op_call(self, k=None, method=None):
        r = self.rng
        exps = self.exporters()
        if k is None:
            if not exps:
                return
            k = r.choice(exps)
        s = self.slots[k]
        o = s.obj
        tc = s.fmt
        if method is None:
            methods = ['tobytes', 'length', 'tolist']
            if s.kind != 'bytes':
                methods += ['append', 'append', 'extend', 'pop', 'set', 'set']
            methods += ['clear'] if s.kind == 'bytearray' else []
            methods += ['frombytes'] if s.kind == 'array' else []
            method = r.choice(methods)
        args = []
        if method == 'append':
            args = [self.exporter_item(s)]
        elif method == 'extend':
            args = [[self.exporter_item(s) for _ in range(r.choice([0, 1, 3]))]]
        elif method == 'pop':
            args = r.choice([[], [], [0], [-1], [99]])
        elif method == 'set':
            args = [r.randint(-len(o) - 1, len(o)), self.exporter_item(s)]
        elif method == 'frombytes':
            args = [self.rand_data(o.itemsize * r.choice([0, 1, 2]))]
        big = s.kind == 'array' and tc in 'qQ'
        op = {'op': 'call', 'v': k, 'method': method,
              'args': [enc(a, big and method != 'pop') for a in args]}
        try:
            if method == 'tobytes':
                res = bytes(o)
            elif method == 'length':
                res = len(o)
            elif method == 'tolist':
                res = list(o)
            elif method == 'set':
                o[args[0]] = args[1]
                res = None
            else:
                res = getattr(o, method)(*args)
            self.emit(op, enc(res, big and method in ('pop', 'tolist')))
        except Exception as e:
            self.emit(op, error(e))

    def exporter_item(self, s):
        r = self.rng
        if s.kind == 'bytearray':
            return r.choice([0, 255, 65, r.randrange(256), r.randrange(256)])
        if s.fmt in 'fd':
            return r.choice([0.5, -3, 1e20, 2.75])
        lo, hi = INT_RANGE[s.fmt]
        return r.choice([lo, hi, 0, r.randint(lo, hi)])

    def lock_scenario(self):
        """Resize while views are alive (BufferError), release them all, resize again."""
        cands = [k for k in self.exporters() if self.slots[k].kind != 'bytes']
        if not cands:
            return
        k = self.rng.choice(cands)
        self.op_call(k, 'append')
        for j in self.views(True):
            if self.slots[j].exporter == k:
                self.op_release(j)
        self.op_call(k, 'append')
        self.op_call(k, 'tobytes')

    # -- the program
    def generate(self):
        r = self.rng
        for _ in range(r.randint(1, 3)):
            self.op_exporter()
        for _ in range(r.randint(1, 3)):
            self.op_memoryview()
        table = [
            (self.op_exporter, 2), (self.op_memoryview, 5), (self.op_slice, 10),
            (self.op_cast, 12), (self.op_toreadonly, 2), (self.op_zero_dim, 2), (self.op_get, 14), (self.op_set, 14),
            (self.op_assign, 8), (lambda: self.simple('tolist', lambda m: m.tolist(), True), 8),
            (self.op_tobytes, 6), (self.op_hex, 6), (self.op_equals, 7), (self.op_count, 3),
            (self.op_index, 3), (self.op_release, 3), (self.op_iter, 3), (self.op_iterator, 1),
            (lambda: self.simple('len', len), 3), (self.op_props, 8), (self.op_repr, 1),
            (self.op_call, 5),
        ]
        funcs = [f for f, _ in table]
        weights = [w for _, w in table]
        for _ in range(r.randint(12, 40)):
            r.choices(funcs, weights)[0]()
        if r.random() < 0.4:
            self.lock_scenario()
        return {'id': None, 'seed': self.seed, 'ops': self.ops}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, default=20261123)
    ap.add_argument('--programs', type=int, default=320)
    ap.add_argument('--out', help='write here (atomically) instead of to stdout')
    args = ap.parse_args()
    if sys.version_info[:2] != (3, 13):
        # Older versions differ (0-dim len, 'e'); the 3.14 deltas are emulated for 3.13.
        sys.exit('gen_corpus.py: run it with CPython 3.13 (PYENV_VERSION=3.13.0 python3)')
    master = random.Random(args.seed)
    programs = []
    for pid in range(args.programs):
        p = Program(master.randrange(2**32)).generate()
        p['id'] = pid
        programs.append(p)
    out = open(args.out + '.tmp', 'w') if args.out else sys.stdout
    out.write('{"generator": "tests/gen/gen_corpus.py", "python": %s, "seed": %d,\n'
              % (json.dumps(sys.version.split()[0]), args.seed))
    out.write(' "ops": %d,\n "programs": [\n' % sum(len(p['ops']) for p in programs))
    for i, p in enumerate(programs):
        out.write(json.dumps(p, allow_nan=False, ensure_ascii=True))
        out.write(',\n' if i + 1 < len(programs) else '\n')
    out.write(']}\n')
    if args.out:  # a failed run never leaves a truncated corpus behind
        out.close()
        os.replace(args.out + '.tmp', args.out)


if __name__ == '__main__':
    main()
