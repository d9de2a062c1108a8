/* fuzz_common.h — what every libFuzzer target in c/fuzz shares.
 *
 * Descriptors are only ever made through the public API (mv_view_init, then a
 * chain of mv_view_slice / mv_view_cast / mv_view_toreadonly), so each one
 * satisfies the invariants memview.h states; the targets then check that the
 * functions under test keep to those invariants for every descriptor the API
 * can produce. The exporter's bytes are a heap block of exactly its size, so
 * AddressSanitizer reports any access one byte outside it.
 *
 * The header is included by exactly one translation unit per target, so its
 * functions are static.
 */
#ifndef MEMVIEW_FUZZ_COMMON_H
#define MEMVIEW_FUZZ_COMMON_H

#include "memview.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A failed invariant: print it and abort, which libFuzzer records as a crash. */
#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* The fuzzer's bytes, consumed from the front; reads past the end give zeros. */
typedef struct fuzz_input {
    const uint8_t *p;
    size_t n;
} fuzz_input;

static inline uint8_t fuzz_u8(fuzz_input *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

static inline uint32_t fuzz_u32(fuzz_input *in)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++)
        v = (v << 8) | fuzz_u8(in);
    return v;
}

/* Integers where the arithmetic of wasm32's Py_ssize_t can go wrong: around 0,
 * around the ssize limits, past them, and past what a double holds exactly. */
static const double fuzz_edge_values[] = {
    0, 1, -1, 2, -2, 3, 7, 8, -8, 16, 255, 256, -256, 65536,
    2147483647.0, -2147483648.0, 2147483648.0, -2147483649.0,
    2147483646.0, -2147483647.0, 1073741824.0, -1073741824.0,
    4294967295.0, 4294967296.0, -4294967296.0,
    9007199254740992.0, -9007199254740992.0, 9223372036854775807.0,
    -9223372036854775808.0, 1e300, -1e300,
};
#define FUZZ_NEDGE (sizeof fuzz_edge_values / sizeof fuzz_edge_values[0])

/* A caller's "Python int" as the API takes it (a double): mostly small, often
 * an edge value, sometimes NaN (not an int / None), an infinity, or any bits. */
static inline double fuzz_int_arg(fuzz_input *in)
{
    uint8_t sel = fuzz_u8(in);
    switch (sel & 7) {
    case 0: case 1: case 2:
        return (double)(int8_t)fuzz_u8(in);
    case 3: case 4:
        return fuzz_edge_values[fuzz_u8(in) % FUZZ_NEDGE] + (double)((int)(sel >> 3) - 16);
    case 5:
        return (double)(int32_t)fuzz_u32(in);
    case 6:
        return (sel & 8) ? NAN : ((sel & 16) ? INFINITY : -INFINITY);
    default: {
        uint64_t bits = ((uint64_t)fuzz_u32(in) << 32) | fuzz_u32(in);
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    }
}

/* Formats worth trying: every native item code, with and without '@', and a few
 * that memoryview refuses (struct-only codes, byte-order prefixes, two codes). */
static const char *const fuzz_formats[] = {
    "B", "b", "c", "h", "H", "i", "I", "l", "L", "q", "Q", "n", "N", "e", "f", "d",
    "?", "P", "@B", "@b", "@i", "@d", "@q", "@?", "@P", "x", "s", "p", "<i", ">h",
    "=B", "!I", "2B", "BB", "@", "", "Z", "@@B", "0B", "\xff", "<IHH", ">4sI", "<2d", ">e", "!q",
};
#define FUZZ_NFORMATS (sizeof fuzz_formats / sizeof fuzz_formats[0])

/* A format: from the table, or up to 18 arbitrary bytes (NUL-terminated). */
static inline const char *fuzz_format(fuzz_input *in, char *scratch /* >= 19 bytes */)
{
    uint8_t sel = fuzz_u8(in);
    if (sel < 224)
        return fuzz_formats[sel % FUZZ_NFORMATS];
    size_t n = sel % 19;
    for (size_t k = 0; k < n; k++)
        scratch[k] = (char)fuzz_u8(in);
    scratch[n] = '\0';
    return scratch;
}

/* The exporter: a heap block of exactly size bytes (one byte allocated for 0 so
 * that the pointer is valid but any access is still reported). */
typedef struct fuzz_exporter {
    uint8_t *bytes;
    mv_ssize size;
} fuzz_exporter;

static inline int fuzz_exporter_open(fuzz_exporter *ex, fuzz_input *in, mv_ssize max_size)
{
    ex->size = (mv_ssize)(fuzz_u8(in) % (max_size + 1));
    ex->bytes = malloc(ex->size ? (size_t)ex->size : 1);
    if (ex->bytes == NULL)
        return 0;
    for (mv_ssize k = 0; k < ex->size; k++)
        ex->bytes[k] = (uint8_t)(k * 37 + 11);
    if (ex->size == 0)
        ex->bytes += 1; /* one past the block: valid to hold, never to touch */
    return 1;
}

static inline void fuzz_exporter_close(fuzz_exporter *ex)
{
    free(ex->size ? ex->bytes : ex->bytes - 1);
}

/* A cast's shape argument: no shape, "not a list", or up to 70 elements. */
static inline int32_t fuzz_shape(fuzz_input *in, double *shape /* >= 70 */)
{
    uint8_t sel = fuzz_u8(in);
    if (sel < 48)
        return -1;
    if (sel < 52)
        return -2;
    int32_t n = (sel < 240) ? (int32_t)(sel % 5) : (int32_t)(fuzz_u8(in) % 71);
    for (int32_t k = 0; k < n; k++) {
        uint8_t e = fuzz_u8(in);
        shape[k] = (e < 200) ? (double)(e % 9) : fuzz_int_arg(in);
    }
    return n;
}

/* The view an exporter gives, then up to max_steps slices, casts and
 * toreadonly calls; a step that fails leaves the view as it was (the failure
 * itself is checked to leave the output untouched). */
static inline int fuzz_make_view(mv_view *v, const fuzz_exporter *ex, fuzz_input *in, int max_steps)
{
    mv_error err;
    char scratch[19];
    const char *fmt = fuzz_format(in, scratch);
    if (mv_view_init(v, ex->bytes, ex->size, fuzz_u8(in) & 1, fmt, &err) != MV_OK) {
        if (mv_view_init(v, ex->bytes, ex->size, 0, "B", &err) != MV_OK)
            return 0;
    }
    int steps = fuzz_u8(in) % (max_steps + 1);
    for (int s = 0; s < steps; s++) {
        mv_view next, before;
        memset(&next, 0xA5, sizeof next);
        before = next;
        mv_status st;
        switch (fuzz_u8(in) % 4) {
        case 0: case 1: {
            double start = fuzz_int_arg(in), stop = fuzz_int_arg(in), step = fuzz_int_arg(in);
            st = mv_view_slice(&next, v, start, stop, step, &err);
            break;
        }
        case 2: {
            double shape[70];
            const char *f = fuzz_format(in, scratch);
            int32_t n = fuzz_shape(in, shape);
            st = mv_view_cast(&next, v, f, shape, n, &err);
            break;
        }
        default:
            mv_view_toreadonly(&next, v);
            st = MV_OK;
            break;
        }
        if (st == MV_OK) {
            *v = next;
        } else {
            FUZZ_CHECK(memcmp(&next, &before, sizeof next) == 0);
            FUZZ_CHECK(err.msg[0] != '\0' && memchr(err.msg, '\0', sizeof err.msg) != NULL);
        }
    }
    return 1;
}

/* product(shape) in 64 bits (shape elements are ssize, ndim <= 64, and the
 * invariants bound the product by len unless an element is 0; stop early). */
static inline int64_t fuzz_count(const mv_view *v)
{
    int64_t n = 1;
    for (int k = 0; k < v->ndim; k++) {
        if (v->shape[k] == 0)
            return 0;
    }
    for (int k = 0; k < v->ndim; k++)
        n *= v->shape[k];
    return n;
}

/* Every invariant of memview.h, checked from outside; the elements must also
 * lie inside the exporter's block, and mv_view_extent must cover exactly them. */
static inline void fuzz_check_view(const mv_view *v, const fuzz_exporter *ex)
{
    FUZZ_CHECK(v->ndim >= 0 && v->ndim <= MV_MAXDIM);
    /* items: at most 8 bytes, records (beyond CPython) at most a 15-character format's */
    FUZZ_CHECK(v->itemsize >= 1 && (v->itemsize <= 8 || v->kind == MV_KIND_RECORD));
    FUZZ_CHECK(memchr(v->format, '\0', MV_FORMAT_MAX) != NULL);
    for (int k = 0; k < v->ndim; k++)
        FUZZ_CHECK(v->shape[k] >= 0);
    int64_t count = fuzz_count(v);
    FUZZ_CHECK(count * v->itemsize == v->len);

    /* The lowest and highest element addresses, from the strides. */
    int64_t lo = 0, hi = 0;
    if (count > 0) {
        for (int k = 0; k < v->ndim; k++) {
            int64_t reach = (int64_t)(v->shape[k] - 1) * v->strides[k];
            if (reach < 0)
                lo += reach;
            else
                hi += reach;
        }
        hi += v->itemsize;
        int64_t base = v->buf - ex->bytes;
        FUZZ_CHECK(base + lo >= 0);
        FUZZ_CHECK(base + hi <= ex->size);
    }
    mv_ssize xlo = 7, xhi = 7;
    mv_view_extent(v, &xlo, &xhi);
    FUZZ_CHECK(xlo == lo && xhi == hi);

    /* Contiguity, by PEP 3118: C when the strides are those of a dense
     * row-major array (dims of length 1 ignored), or the view is empty. */
    int c = 1, f = 1;
    if (count > 0) {
        int64_t want = v->itemsize;
        for (int k = v->ndim - 1; k >= 0; k--) {
            if (v->shape[k] > 1 && v->strides[k] != want)
                c = 0;
            want *= v->shape[k];
        }
        want = v->itemsize;
        for (int k = 0; k < v->ndim; k++) {
            if (v->shape[k] > 1 && v->strides[k] != want)
                f = 0;
            want *= v->shape[k];
        }
    }
    /* CPython's 1-D rule (init_flags) is stricter for empty views: only a
     * stride of itemsize, or a single element, is contiguous. */
    if (v->ndim == 1)
        c = f = v->shape[0] == 1 || v->strides[0] == v->itemsize;
    FUZZ_CHECK(((v->flags & MV_C_CONTIGUOUS) != 0) == c);
    FUZZ_CHECK(((v->flags & MV_F_CONTIGUOUS) != 0) == f);
}

/* The byte offset from buf of the element at C-order position pos. */
static inline int64_t fuzz_element_offset(const mv_view *v, int64_t pos)
{
    int64_t off = 0;
    for (int k = v->ndim - 1; k >= 0; k--) {
        int64_t i = pos % v->shape[k];
        pos /= v->shape[k];
        off += i * v->strides[k];
    }
    return off;
}

#endif /* MEMVIEW_FUZZ_COMMON_H */
