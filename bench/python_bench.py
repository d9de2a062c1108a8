"""CPython's side of `make bench`: every case bench/run.js compares against
(issue 7's cases, and the struct peers and the whole task of issue 14's rows),
run once in this one process, printed as one JSON object {case: ns per call
(a call of a per-item case is the whole loop or list)}.
Medians of several samples after a warm-up, each sample at least MIN_S long.
Argument: 'quick' for fewer samples (smoke runs)."""
import json
import os
import struct
import sys
import time

QUICK = len(sys.argv) > 1 and sys.argv[1] == 'quick'
MIN_S = 0.005 if QUICK else 0.025
SAMPLES = 3 if QUICK else 9


def measure(fn):
    """ns per op of fn(reps), which performs reps operations."""
    reps = 1
    while True:
        t0 = time.perf_counter_ns()
        fn(reps)
        s = (time.perf_counter_ns() - t0) / 1e9
        if s >= MIN_S or reps >= 1 << 28:
            break
        reps = reps * 8 if s < MIN_S / 16 else int(reps * 1.5 * MIN_S / max(s, 1e-6)) + 1
    fn(reps)
    fn(reps)
    per = []
    for _ in range(SAMPLES):
        t0 = time.perf_counter_ns()
        fn(reps)
        per.append((time.perf_counter_ns() - t0) / reps)
    per.sort()
    return per[len(per) // 2]


MB = 1 << 20
sizes = json.loads(os.environ.get('BENCH_SIZES', '{}'))
BIG = sizes.get('big', 10 * MB)
HEXSEP = sizes.get('hexsep', MB)
NLIST = sizes.get('nlist', 1_000_000)
NGET = sizes.get('nget', 100_000)
SEARCH = sizes.get('search', 100 * MB)
EQ_D = sizes.get('eqd', MB)
ITER = sizes.get('iter', MB)

out = {}
data = os.urandom(BIG)
mv = memoryview(bytearray(data))
mw = memoryview(bytearray(data))


def rep(op):
    def run(reps):
        for _ in range(reps):
            op()
    return run


def slice_loop(reps):
    m = mv
    for _ in range(reps):
        m[100:200]
out['slice'] = measure(slice_loop)

small = memoryview(bytearray(data[:NGET]))
def get_loop(reps):
    m = small
    for _ in range(reps):
        for i in range(NGET):
            m[i]
out['get'] = measure(get_loop)

mi = memoryview(bytearray(data[:4 * NLIST])).cast('i')
out['spread'] = measure(rep(lambda: list(mi)))
out['tolist'] = measure(rep(lambda: mi.tolist()))

out['tobytes'] = measure(rep(mv.tobytes))
out['strided'] = measure(rep(lambda: mv[::2].tobytes()))
out['hex'] = measure(rep(mv.hex))
mh = mv[:HEXSEP]
out['hexsep'] = measure(rep(lambda: mh.hex(':', 2)))

m4k = mv[:4096]
out['cast_i'] = measure(rep(lambda: m4k.cast('i')))
out['cast_2d'] = measure(rep(lambda: m4k.cast('B', [64, 64])))

out['eq_B'] = measure(rep(lambda: mv == mw))
# doubles without NaN (a NaN makes == stop at once): 0.5 * i
import array
dd = array.array('d', [0.5 * i for i in range(EQ_D // 8)])
md, mdw = memoryview(bytearray(dd)).cast('d'), memoryview(bytearray(dd)).cast('d')
out['eq_d'] = measure(rep(lambda: md == mdw))

s = struct.Struct('<IHH')
buf = bytes(data[:4096])
out['unpack_from'] = measure(rep(lambda: s.unpack_from(buf, 16)))
b_iter = bytes(data[:ITER])
def iter_loop(reps):
    for _ in range(reps):
        for t in struct.iter_unpack('<I', b_iter):
            pass
out['iter_unpack'] = measure(iter_loop)

# ---- the struct peers of issue 14's rows (bench/targets.js), keyed as there ----
SB = bytes(data[:4096])
SBA = bytearray(SB)
S4 = bytes([1, 2, 3, 4])
PACK_ARGS = {'<IHH': (0x12345678, 0xabcd, 7), '>I4s': (0x12345678, S4), '<d': (1.25,), '<10I': tuple(range(1, 11))}
for fmt, args in PACK_ARGS.items():
    st = struct.Struct(fmt)
    def unpack_loop(reps, st=st):
        u, b = st.unpack_from, SB
        for k in range(reps):
            u(b, 16 + ((k & 3) << 6))
    def pack_loop(reps, st=st, args=args):
        p, b = st.pack_into, SBA
        for k in range(reps):
            p(b, 16 + ((k & 3) << 6), *args)
    def module_loop(reps, fmt=fmt):
        u, b = struct.unpack_from, SB
        for k in range(reps):
            u(fmt, b, 16 + ((k & 3) << 6))
    out['unpack_from ' + fmt] = measure(unpack_loop)
    out['pack_into ' + fmt] = measure(pack_loop)
    out['module unpack_from ' + fmt] = measure(module_loop)
for n in json.loads(os.environ.get('BENCH_ITER_SIZES', '[16, 1024, 65536, 10485760]')):
    b = bytes(data[:n]) if n <= len(data) else bytes(n)
    def iter_rows(reps, b=b):
        for _ in range(reps):
            for t in struct.iter_unpack('<IHH', b):
                pass
    out['iter_unpack %d' % n] = measure(iter_rows)

# The whole task (bench/record.js says what the file holds), on the bytes read from the file.
RECORD = os.environ.get('BENCH_RECORD')
if RECORD:
    with open(RECORD, 'rb') as f:
        record_file = f.read()
    HDR, REC, TRL = struct.Struct('<4sHHIII'), struct.Struct('<8xIIHHd'), struct.Struct('<II')
    def task_parse(data):
        m = memoryview(data)
        magic, version, _, n, table_off, pay_off = HDR.unpack_from(data, 0)
        if magic != b'MVRC' or version != 1:
            raise ValueError('not a record file')
        records = []
        for k in range(n):
            at = table_off + 28 * k
            off, ln, kind, flags, ts = REC.unpack_from(data, at)
            p = pay_off + off
            records.append({'id': m[at:at + 8].hex(), 'kind': kind, 'flags': flags, 'ts': ts, 'payload': m[p:p + ln].tobytes()})
        end = data.index(0xff, pay_off)
        count, total = TRL.unpack_from(data, end + 1)
        return records, end, count, total
    def task_loop(reps):
        for _ in range(reps):
            task_parse(record_file)
    out['task'] = measure(task_loop)

del data, mv, mw, mi, small, mh, m4k, md, mdw
hay = bytearray(os.urandom(SEARCH))
needle = bytes([0x4d, 0x56, 0x21, 0x7f])
hay[-4:] = needle
hay = bytes(hay)
at = hay.find(needle)
out['search'] = measure(rep(lambda: hay.find(needle)))
out['search_at'] = at

json.dump(out, sys.stdout)
