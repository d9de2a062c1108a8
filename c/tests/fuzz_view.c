/* fuzz_view.c — libFuzzer harness for the memoryview core.
 *
 * The input drives a random sequence of init/slice/cast/get/set/assign/
 * tobytes/hex/tolist/equals over a pool of views on one exactly-sized heap
 * buffer (so ASan catches any access outside it), and checks invariants:
 *   - every view's elements lie inside the buffer, len == count * itemsize,
 *     and the contiguity flags match a recomputation;
 *   - hex writes exactly mv_hex_size characters of [0-9a-f] and the separator;
 *   - tobytes('A') equals tobytes('C') or tobytes('F');
 *   - after m[:] = src, m's bytes equal src's bytes from before (atomic,
 *     overlap-safe copy), and scratch is only asked for when needed.
 *
 * Build and run (from the repository root):
 *   clang -g -O1 -std=c11 -Ic/include -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=all c/tests/fuzz_view.c c/src/[a-z]*.c -lm -o build/fuzz_view
 *   mkdir -p build/fuzz-corpus && build/fuzz_view -max_total_time=300 \
 *     -artifact_prefix=build/ build/fuzz-corpus
 */
#include "../src/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POOL 8
#define BUF_MAX 96

typedef struct input {
    const uint8_t *p;
    size_t n;
} input;

static uint8_t take(input *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

static double take_number(input *in)
{
    static const double special[] = {NAN, 0, 1, -1, 2, -2, 3, -3, 4, 5, 7, 8, 12, 100, -100,
                                     2147483647.0, -2147483648.0, 2147483648.0, -2147483649.0,
                                     1e300, -1e300, INFINITY, -INFINITY, 0.5, -1.5,
                                     9223372036854775808.0, -9223372036854775808.0, 65520.0,
                                     1e-8, 3.4028235677973366e38, 4294967295.0, 18446744073709551615.0};
    uint8_t b = take(in);
    if (b < 128)
        return (double)((int)b - 64);
    return special[b % (sizeof special / sizeof *special)];
}

static const char *const formats[] = {"B", "b", "c", "?", "h", "H", "i", "I", "l", "L", "q",
                                      "Q", "n", "N", "e", "f", "d", "P", "@B", "@i", "@d",
                                      "<i", "w", "", "ii", "x", "s"};
#define NFORMATS (sizeof formats / sizeof *formats)

static uint8_t *base;
static size_t base_size;

static void fail(const char *what)
{
    fprintf(stderr, "invariant broken: %s\n", what);
    abort();
}

static void check_view(const mv_view *v)
{
    if (v->ndim < 0 || v->ndim > MV_MAXDIM || v->itemsize <= 0)
        fail("ndim/itemsize");
    int64_t count = mv_view_count(v);
    if (v->len != count * v->itemsize)
        fail("len");
    if (count == 0)
        return;
    int64_t lo = v->buf - base, hi = lo;
    for (int32_t k = 0; k < v->ndim; k++) {
        if (v->shape[k] < 0)
            fail("shape");
        int64_t span = (int64_t)v->strides[k] * (v->shape[k] - 1);
        if (span < 0)
            lo += span;
        else
            hi += span;
    }
    if (lo < 0 || hi + v->itemsize > (int64_t)base_size)
        fail("elements outside the buffer");
    mv_ssize elo, ehi;
    mv_view_extent(v, &elo, &ehi);
    if (elo != lo - (v->buf - base) || ehi != hi + v->itemsize - (v->buf - base))
        fail("mv_view_extent");
    mv_view again = *v;
    mv_view_update(&again);
    if (again.flags != v->flags || again.kind != v->kind)
        fail("flags");
}

static mv_value take_value(input *in)
{
    static const char bytes[4] = {'a', 'b', 'c', 'd'};
    mv_value x;
    memset(&x, 0, sizeof x);
    uint8_t t = take(in) % 6;
    double d = take_number(in);
    switch (t) {
    case 0:
    case 1:
        x.tag = MV_VAL_INT;
        if (isnan(d) || isinf(d) || fabs(d) >= 9223372036854775808.0) {
            x.intrange = isnan(d) ? 0 : (d > 0 && d < 18446744073709551616.0 ? 1 : 2);
            x.d = isnan(d) ? 0 : d;
            x.i = x.intrange == 1 ? -1 : 0;
        } else {
            x.i = (int64_t)d;
            x.d = (double)x.i;
        }
        x.truthy = x.i != 0 || x.intrange != 0;
        break;
    case 2:
        x.tag = MV_VAL_FLOAT;
        x.d = d;
        x.truthy = d != 0;
        break;
    case 3:
        x.tag = MV_VAL_BOOL;
        x.i = take(in) & 1;
        x.d = (double)x.i;
        x.truthy = (int32_t)x.i;
        break;
    case 4:
        x.tag = MV_VAL_BYTES;
        x.len = take(in) % 3;
        x.data = (const uint8_t *)bytes;
        x.truthy = x.len != 0;
        break;
    default:
        x.tag = MV_VAL_OTHER;
        x.truthy = take(in) & 1;
        break;
    }
    return x;
}

static int is_hex_char(char c, int sep)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == (char)sep;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    mv_view pool[POOL];
    int nviews = 0;
    mv_error err;

    base_size = 1 + take(&in) % BUF_MAX;
    base = malloc(base_size);
    for (size_t k = 0; k < base_size; k++)
        base[k] = take(&in);

    /* the root view: a byte view of the whole buffer */
    if (mv_view_init(&pool[0], base, (mv_ssize)base_size, 0, "B", &err) != MV_OK)
        fail("init B");
    nviews = 1;

    uint8_t *out = malloc(BUF_MAX * 8 + 8);
    char *hex = malloc(BUF_MAX * 3 + 8);
    uint8_t *before = malloc(BUF_MAX);
    uint8_t *after = malloc(BUF_MAX);
    uint8_t *scratch = malloc(BUF_MAX);

    for (int step = 0; step < 64 && in.n > 0; step++) {
        mv_view *v = &pool[take(&in) % nviews];
        mv_view *w = &pool[take(&in) % nviews];
        mv_view *slot = nviews < POOL ? &pool[nviews] : &pool[1 + take(&in) % (POOL - 1)];
        mv_view made;
        int grew = 0;
        switch (take(&in) % 12) {
        case 0: { /* init on a sub-range */
            size_t off = take(&in) % base_size;
            mv_ssize n = (mv_ssize)(take(&in) % (base_size - off + 1));
            const char *f = formats[take(&in) % NFORMATS];
            grew = mv_view_init(&made, base + off, n, take(&in) & 1, f, &err) == MV_OK;
            break;
        }
        case 1: {
            double a = take_number(&in), b = take_number(&in), c = take_number(&in);
            grew = mv_view_slice(&made, v, a, b, c, &err) == MV_OK;
            break;
        }
        case 2: {
            double shape[4];
            int32_t n = (int32_t)(take(&in) % 7) - 2; /* -2 .. 4 */
            for (int k = 0; k < 4; k++)
                shape[k] = take_number(&in);
            const char *f = formats[take(&in) % NFORMATS];
            grew = mv_view_cast(&made, v, f, shape, n, &err) == MV_OK;
            break;
        }
        case 3: {
            double idx[3] = {take_number(&in), take_number(&in), take_number(&in)};
            mv_value x;
            int32_t n = take(&in) % 4;
            mv_ssize off = 0, lo = 0, hi = 0;
            mv_status located = mv_view_locate(v, idx, n, take(&in) & 1, &off, &err);
            mv_view_extent(v, &lo, &hi);
            if (located == MV_OK && (off < lo || off + v->itemsize > hi))
                fail("mv_view_locate outside the extent");
            mv_view_get(v, idx, n, &x, &err);
            break;
        }
        case 4: {
            double idx[3] = {take_number(&in), take_number(&in), take_number(&in)};
            mv_value x = take_value(&in);
            mv_view_set(v, idx, take(&in) % 4, &x, &err);
            break;
        }
        case 5: {
            static const int32_t orders[] = {'C', 'F', 'A', 'x'};
            if (mv_view_tobytes(v, out, orders[take(&in) % 4], &err) != MV_OK)
                break;
            uint8_t *c = out + BUF_MAX * 2;
            uint8_t *f = out + BUF_MAX * 4;
            mv_view_tobytes(v, c, 'C', &err);
            mv_view_tobytes(v, f, 'F', &err);
            mv_view_tobytes(v, out, 'A', &err);
            if (memcmp(out, c, (size_t)v->len) != 0 && memcmp(out, f, (size_t)v->len) != 0)
                fail("tobytes A");
            break;
        }
        case 6: {
            int32_t sep = (take(&in) & 1) ? -1 : ':';
            int8_t g = (int8_t)take(&in);
            int32_t bps = g == -128 ? INT32_MIN : g == 127 ? INT32_MAX : g % 8;
            mv_ssize n = mv_hex_size(v->len, sep, bps);
            hex[n] = '#';
            if (mv_view_hex(v, hex, sep, bps, &err) != MV_OK)
                fail("hex");
            if (hex[n] != '#')
                fail("hex size");
            for (mv_ssize k = 0; k < n; k++)
                if (!is_hex_char(hex[k], sep))
                    fail("hex chars");
            break;
        }
        case 7:
            mv_view_equals(v, w);
            if (v->kind != 0 && v->kind != MV_KIND_FLOAT && mv_view_count(v) > 0 &&
                !mv_view_equals(v, v))
                fail("non-float view unequal to itself");
            break;
        case 8: { /* v[:] = w */
            if (mv_view_assign_check(v, &err) != MV_OK)
                break;
            mv_view_tobytes(w, before, 'C', &err);
            mv_ssize need = mv_view_assign_scratch_size(v, w);
            if (need < 0 || need > v->len)
                fail("scratch size");
            if (mv_view_assign(v, w, need ? scratch : NULL, &err) == MV_OK) {
                mv_view_tobytes(v, after, 'C', &err);
                if (memcmp(before, after, (size_t)v->len) != 0)
                    fail("assignment is not an atomic copy");
            }
            break;
        }
        case 9:
            if (mv_view_tolist(v, out, &err) == MV_OK && mv_view_count(v) > BUF_MAX)
                fail("tolist count");
            break;
        case 10:
            mv_view_toreadonly(&made, v);
            grew = 1;
            break;
        default:
            mv_view_check_iterable(v, &err);
            mv_view_check_lookup(v, &err);
            break;
        }
        if (grew) {
            check_view(&made);
            *slot = made;
            if (nviews < POOL)
                nviews++;
        }
    }
    for (int k = 0; k < nviews; k++)
        check_view(&pool[k]);
    free(out);
    free(hex);
    free(before);
    free(after);
    free(scratch);
    free(base);
    return 0;
}
