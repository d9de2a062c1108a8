/* kernels_test.c — the inner loops behind tobytes, hex, equals, mv_find and
 * mv_rfind, checked against plain references written here, on many layouts: every
 * item size, positive and negative strides, 1-D and 2-D, lengths around the
 * SIMD block sizes (16, 32, 64) and every start offset within a block.
 *
 * Natively these run the scalar loops (under ASan/UBSan, so a read outside
 * a view's bytes fails here); the wasm SIMD loops are checked against the
 * same kind of references by tests/kernels.test.js. Prints "N passed, M
 * failed"; exits non-zero on any failure. */
#include "memview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (cond) {                                                                        \
            passed++;                                                                      \
        } else {                                                                           \
            failed++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);       \
        }                                                                                  \
    } while (0)

static const double NONE = NAN;

/* A deterministic generator (xorshift32), so failures reproduce. */
static uint32_t rng_state = 2463534242u;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* A heap block of exactly n bytes (ASan catches any byte read past it). */
static uint8_t *random_block(size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)rnd();
    return p;
}

static int make_view(mv_view *v, uint8_t *buf, mv_ssize n, const char *fmt)
{
    mv_error e;
    return mv_view_init(v, buf, n, 0, fmt, &e) == MV_OK;
}

static int make_slice(mv_view *dst, const mv_view *src, double a, double b, double step)
{
    mv_error e;
    return mv_view_slice(dst, src, a, b, step, &e) == MV_OK;
}

/* The view's bytes in C order, walked element by element from shape and
 * strides (independent of the core's row walk). */
static void reference_bytes(const mv_view *v, uint8_t *out)
{
    size_t o = 0;
    if (v->ndim == 1) {
        for (mv_ssize i = 0; i < v->shape[0]; i++) {
            memcpy(out + o, v->buf + (int64_t)i * v->strides[0], (size_t)v->itemsize);
            o += (size_t)v->itemsize;
        }
        return;
    }
    for (mv_ssize i = 0; i < v->shape[0]; i++)
        for (mv_ssize j = 0; j < v->shape[1]; j++) {
            memcpy(out + o, v->buf + (int64_t)i * v->strides[0] + (int64_t)j * v->strides[1],
                   (size_t)v->itemsize);
            o += (size_t)v->itemsize;
        }
}

/* CPython's hex of n bytes: groups of |per| bytes counted from the right when
 * per > 0, from the left when per < 0; no separator when sep < 0. */
static size_t reference_hex(const uint8_t *b, size_t n, int sep, int per, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t o = 0;
    long group = per < 0 ? -(long)per : per;
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && sep >= 0 && group > 0 && (size_t)group < n) {
            long counted = per > 0 ? (long)(n - k) : (long)k;
            if (counted % group == 0)
                out[o++] = (char)sep;
        }
        out[o++] = digits[b[k] >> 4];
        out[o++] = digits[b[k] & 15];
    }
    return o;
}

/* tobytes and hex of v agree with the references. */
static void check_outputs(const mv_view *v)
{
    mv_error e;
    size_t len = (size_t)v->len;
    uint8_t *want = malloc(len + 1), *got = malloc(len + 1);
    reference_bytes(v, want);
    got[len] = 0xA5;
    CHECK(mv_view_tobytes(v, got, 'C', &e) == MV_OK);
    CHECK(memcmp(got, want, len) == 0 && got[len] == 0xA5);

    static const int seps[][2] = {{-1, 0}, {':', 1}, {':', 2}, {' ', -2}, {'-', 3},
                                  {'_', -5}, {'.', 16}, {'|', -17}, {',', 64}};
    char *hex = malloc(3 * len + 2), *ref = malloc(3 * len + 2);
    for (size_t s = 0; s < sizeof seps / sizeof seps[0]; s++) {
        mv_ssize size = mv_hex_size(v->len, seps[s][0], seps[s][1]);
        hex[size] = '#';
        CHECK(mv_view_hex(v, hex, seps[s][0], seps[s][1], &e) == MV_OK);
        size_t rn = reference_hex(want, len, seps[s][0], seps[s][1], ref);
        CHECK((size_t)size == rn && memcmp(hex, ref, rn) == 0 && hex[size] == '#');
    }
    free(hex);
    free(ref);
    free(want);
    free(got);
}

/* Every item size, stride (step) and start offset, lengths around the blocks. */
static void test_strided_outputs(void)
{
    static const char *formats[] = {"B", "h", "i", "d"};
    static const double steps[] = {1, 2, 3, 4, -1, -2, -4, 7};
    static const mv_ssize lengths[] = {0, 1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 200, 1031};
    for (size_t f = 0; f < 4; f++)
        for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++)
            for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++)
                for (int start = 0; start < 3; start++) {
                    mv_ssize items = lengths[l] + start;
                    mv_ssize itemsize = f == 0 ? 1 : f == 1 ? 2 : f == 2 ? 4 : 8;
                    uint8_t *buf = random_block((size_t)(items * itemsize));
                    mv_view whole, v;
                    if (make_view(&whole, buf, items * itemsize, formats[f]) &&
                        make_slice(&v, &whole, steps[s] > 0 ? start : items - 1 - start, NONE,
                                   steps[s]))
                        check_outputs(&v);
                    else
                        CHECK(0);
                    free(buf);
                }
}

/* 2-D views: rows with a gap, reversed rows, a column. */
static void test_2d_outputs(void)
{
    uint8_t *buf = random_block(40 * 36);
    mv_view b, m, v;
    double shape[2] = {40, 36};
    mv_error e;
    CHECK(make_view(&b, buf, 40 * 36, "B"));
    CHECK(mv_view_cast(&m, &b, "B", shape, 2, &e) == MV_OK);
    check_outputs(&m);
    CHECK(make_slice(&v, &m, 1, NONE, 3));
    check_outputs(&v);
    CHECK(make_slice(&v, &m, NONE, NONE, -1));
    check_outputs(&v);
    /* a transposed view (F-contiguous): rows of one byte, stride 36 */
    mv_view t = m;
    t.shape[0] = 36;
    t.shape[1] = 40;
    t.strides[0] = 1;
    t.strides[1] = 36;
    t.flags = MV_F_CONTIGUOUS;
    check_outputs(&t);
    free(buf);
}

/* ---- equals ----------------------------------------------------------------- */

/* Python's == item by item for two same-format float views (doubles or floats). */
static int reference_float_equal(const mv_view *a, const mv_view *b)
{
    for (mv_ssize i = 0; i < a->shape[0]; i++) {
        const uint8_t *p = a->buf + (int64_t)i * a->strides[0];
        const uint8_t *q = b->buf + (int64_t)i * b->strides[0];
        double x, y;
        if (a->itemsize == 8) {
            memcpy(&x, p, 8);
            memcpy(&y, q, 8);
        } else {
            float fx, fy;
            memcpy(&fx, p, 4);
            memcpy(&fy, q, 4);
            x = fx;
            y = fy;
        }
        if (!(x == y))
            return 0;
    }
    return 1;
}

static void put_double(uint8_t *p, double d) { memcpy(p, &d, 8); }
static void put_float(uint8_t *p, float f) { memcpy(p, &f, 4); }

static void test_equals_floats(void)
{
    for (int is_double = 0; is_double < 2; is_double++) {
        const char *fmt = is_double ? "d" : "f";
        mv_ssize size = is_double ? 8 : 4;
        static const mv_ssize counts[] = {1, 7, 8, 9, 16, 17, 100};
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            mv_ssize n = counts[c];
            uint8_t *a = malloc((size_t)(n * size)), *b = malloc((size_t)(n * size));
            for (mv_ssize i = 0; i < n; i++) {
                double d = (double)(int32_t)rnd() / 1024.0;
                if (is_double) {
                    put_double(a + i * 8, d);
                    put_double(b + i * 8, d);
                } else {
                    put_float(a + i * 4, (float)d);
                    put_float(b + i * 4, (float)d);
                }
            }
            mv_view va, vb, sa, sb;
            CHECK(make_view(&va, a, n * size, fmt) && make_view(&vb, b, n * size, fmt));
            CHECK(mv_view_equals(&va, &vb) == 1);
            /* every position: -0.0 == 0.0 stays equal, a NaN or a change makes it unequal */
            for (mv_ssize k = 0; k < n; k++) {
                uint8_t keep_a[8], keep_b[8];
                memcpy(keep_a, a + k * size, (size_t)size);
                memcpy(keep_b, b + k * size, (size_t)size);
                for (int what = 0; what < 3; what++) {
                    double x = what == 0 ? 0.0 : what == 1 ? NAN : 1.5;
                    double y = what == 0 ? -0.0 : what == 1 ? NAN : 2.5;
                    if (is_double) {
                        put_double(a + k * 8, x);
                        put_double(b + k * 8, y);
                    } else {
                        put_float(a + k * 4, (float)x);
                        put_float(b + k * 4, (float)y);
                    }
                    CHECK(mv_view_equals(&va, &vb) == (what == 0));
                    CHECK(mv_view_equals(&va, &vb) == reference_float_equal(&va, &vb));
                    /* strided: every other item, either start */
                    for (int off = 0; off < 2 && n > 1; off++) {
                        CHECK(make_slice(&sa, &va, off, NONE, 2) && make_slice(&sb, &vb, off, NONE, 2));
                        CHECK(mv_view_equals(&sa, &sb) == reference_float_equal(&sa, &sb));
                    }
                }
                memcpy(a + k * size, keep_a, (size_t)size);
                memcpy(b + k * size, keep_b, (size_t)size);
            }
            /* a NaN compared with itself: the same view is not equal to itself */
            if (is_double)
                put_double(a, NAN);
            else
                put_float(a, NAN);
            CHECK(mv_view_equals(&va, &va) == 0);
            free(a);
            free(b);
        }
    }
}

static void test_equals_bytes(void)
{
    static const mv_ssize lengths[] = {1, 15, 16, 17, 63, 64, 65, 130, 1000};
    for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
        mv_ssize n = lengths[l];
        uint8_t *a = random_block((size_t)n), *b = malloc((size_t)n);
        memcpy(b, a, (size_t)n);
        mv_view va, vb, ha, hb;
        CHECK(make_view(&va, a, n, "B") && make_view(&vb, b, n, "B"));
        CHECK(mv_view_equals(&va, &vb) == 1);
        for (mv_ssize k = 0; k < n; k++) {
            b[k] ^= 0x40;
            CHECK(mv_view_equals(&va, &vb) == 0);
            /* strided: equal exactly when the changed byte is not in the view */
            mv_view sa, sb;
            CHECK(make_slice(&sa, &va, 1, NONE, 2) && make_slice(&sb, &vb, 1, NONE, 2));
            CHECK(mv_view_equals(&sa, &sb) == (k % 2 == 0));
            /* 2-byte items at stride 4 */
            if (n % 2 == 0) {
                CHECK(make_view(&ha, a, n, "H") && make_view(&hb, b, n, "H"));
                CHECK(make_slice(&sa, &ha, NONE, NONE, 2) && make_slice(&sb, &hb, NONE, NONE, 2));
                CHECK(mv_view_equals(&sa, &sb) == (k % 4 >= 2));
            }
            b[k] ^= 0x40;
        }
        free(a);
        free(b);
    }
}

/* ---- mv_find, mv_rfind ---------------------------------------------------------- */

static mv_ssize reference_find(const uint8_t *hay, mv_ssize n, const uint8_t *needle, mv_ssize m,
                               mv_ssize start)
{
    if (start < 0)
        start = 0;
    for (mv_ssize i = start; i + m <= n; i++)
        if (memcmp(hay + i, needle, (size_t)m) == 0)
            return i;
    return -1;
}

static mv_ssize reference_rfind(const uint8_t *hay, mv_ssize n, const uint8_t *needle,
                                mv_ssize m, mv_ssize start)
{
    if (start < 0)
        start = 0;
    for (mv_ssize i = n - m; i >= start; i--)
        if (memcmp(hay + i, needle, (size_t)m) == 0)
            return i;
    return -1;
}

static void test_find(void)
{
    /* Small alphabet, so partial matches (first and last byte equal) are common. */
    for (int round = 0; round < 400; round++) {
        mv_ssize n = (mv_ssize)(rnd() % 300);
        mv_ssize m = (mv_ssize)(rnd() % 7);
        uint8_t *hay = malloc((size_t)n + 1), *needle = malloc((size_t)m + 1);
        uint8_t alpha = (uint8_t)(2 + rnd() % 3);
        for (mv_ssize i = 0; i < n; i++)
            hay[i] = (uint8_t)(rnd() % alpha);
        for (mv_ssize i = 0; i < m; i++)
            needle[i] = (uint8_t)(rnd() % alpha);
        for (mv_ssize start = -2; start <= n + 2; start += 1 + (mv_ssize)(rnd() % 9)) {
            mv_ssize got = mv_find(hay, n, needle, m, start);
            mv_ssize want = reference_find(hay, n, needle, m, start);
            if (got != want)
                fprintf(stderr, "find n=%d m=%d start=%d: got %d want %d\n", n, m, start, got, want);
            CHECK(got == want);
            got = mv_rfind(hay, n, needle, m, start);
            want = start > n || m > n - (start < 0 ? 0 : start) ? -1
                                                                 : reference_rfind(hay, n, needle, m, start);
            if (got != want)
                fprintf(stderr, "rfind n=%d m=%d start=%d: got %d want %d\n", n, m, start, got, want);
            CHECK(got == want);
        }
        free(hay);
        free(needle);
    }
    /* A needle placed at every offset of a zero hay, with a near miss before it. */
    static const uint8_t needle[5] = {7, 1, 2, 3, 7};
    for (mv_ssize at = 0; at + 5 <= 200; at++) {
        uint8_t *hay = calloc(200, 1);
        memcpy(hay + at, needle, 5);
        if (at >= 6) {
            memcpy(hay + at - 6, needle, 5);
            hay[at - 4] = 9; /* first and last byte match, the middle does not */
        }
        CHECK(mv_find(hay, 200, needle, 5, 0) == at);
        CHECK(mv_find(hay, 200, needle, 1, 0) == (at >= 6 ? at - 6 : at));
        CHECK(mv_find(hay, 200, needle, 5, at + 1) == -1);
        CHECK(mv_find(hay, at + 4, needle, 5, 0) == -1); /* hay ends inside the match */
        CHECK(mv_rfind(hay, 200, needle, 5, 0) == at);
        CHECK(mv_rfind(hay, 200, needle, 5, at + 1) == -1);
        CHECK(mv_rfind(hay, 200, needle, 1, 0) == at + 4);
        CHECK(mv_rfind(hay, at + 4, needle, 5, 0) == -1);
        free(hay);
    }
    /* The edges of the contract. */
    static const uint8_t abc[3] = {'a', 'b', 'c'};
    CHECK(mv_find(abc, 3, abc, 0, 3) == 3);
    CHECK(mv_find(abc, 3, abc, 0, 4) == -1);
    CHECK(mv_find(abc, 3, abc, 0, -5) == 0);
    CHECK(mv_find(abc, 3, abc, 3, 0) == 0);
    CHECK(mv_find(abc, 3, abc, 3, 1) == -1);
    CHECK(mv_find(abc, 2, abc, 3, 0) == -1);
    CHECK(mv_find(abc, 3, abc + 2, 1, 0) == 2);
    CHECK(mv_find(NULL, 0, abc, 1, 0) == -1);
    CHECK(mv_find(NULL, 0, NULL, 0, 0) == 0);
    CHECK(mv_find(abc, 3, abc, 1, MV_SSIZE_MAX) == -1);
    CHECK(mv_rfind(abc, 3, abc, 0, 0) == 3);
    CHECK(mv_rfind(abc, 2, abc, 0, 1) == 2);
    CHECK(mv_rfind(abc, 2, abc, 0, 3) == -1);
    CHECK(mv_rfind(abc, 3, abc, 3, 0) == 0);
    CHECK(mv_rfind(abc, 3, abc, 3, 1) == -1);
    CHECK(mv_rfind(abc, 3, abc, 1, -9) == 0);
    CHECK(mv_rfind(NULL, 0, abc, 1, 0) == -1);
    CHECK(mv_rfind(NULL, 0, NULL, 0, 0) == 0);
}

int main(void)
{
    test_strided_outputs();
    test_2d_outputs();
    test_equals_floats();
    test_equals_bytes();
    test_find();
    printf("kernels_test: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
