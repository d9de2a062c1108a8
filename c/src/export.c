/* export.c — whole-view outputs: tobytes, hex, tolist, and the checks that
 * iteration and index() make before touching any element.
 *
 * tobytes and hex run on rows (mv_visit_rows). The inner loops have fast
 * paths: typed loads for items of 1, 2, 4 and 8 bytes, and, in the wasm build
 * (__wasm_simd128__), shuffles that gather common strides and a swizzle that
 * makes 32 hex digits from 16 bytes. The native build (tests, sanitizers,
 * fuzzing) runs the scalar loops, which give the same bytes. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

/* ---- gathering a row --------------------------------------------------- */

#ifdef __wasm_simd128__
/* Packs the first items of a row with positive stride by shuffles, and
 * returns how many it packed (the caller copies the rest). span is the bytes
 * the row covers from src, (n - 1) * stride + itemsize: every load stays
 * inside them, so no byte outside the view is read. Each loop consumes the
 * 32 or 64 bytes holding 16 bytes of items. */
static mv_ssize gather_simd(uint8_t *dst, const uint8_t *src, mv_ssize n, mv_ssize stride,
                            mv_ssize itemsize)
{
    const int64_t span = (int64_t)(n - 1) * stride + itemsize;
    int64_t i = 0; /* items done */
    if (itemsize == 1 && stride == 2) {
        for (; 2 * i + 32 <= span; i += 16) {
            v128_t a = wasm_v128_load(src + 2 * i), b = wasm_v128_load(src + 2 * i + 16);
            wasm_v128_store(dst + i, wasm_i8x16_shuffle(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
                                                        20, 22, 24, 26, 28, 30));
        }
    } else if (itemsize == 2 && stride == 4) {
        for (; 4 * i + 32 <= span; i += 8) {
            v128_t a = wasm_v128_load(src + 4 * i), b = wasm_v128_load(src + 4 * i + 16);
            wasm_v128_store(dst + 2 * i, wasm_i8x16_shuffle(a, b, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17,
                                                            20, 21, 24, 25, 28, 29));
        }
    } else if (itemsize == 4 && stride == 8) {
        for (; 8 * i + 32 <= span; i += 4) {
            v128_t a = wasm_v128_load(src + 8 * i), b = wasm_v128_load(src + 8 * i + 16);
            wasm_v128_store(dst + 4 * i, wasm_i8x16_shuffle(a, b, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17,
                                                            18, 19, 24, 25, 26, 27));
        }
    } else if (itemsize == 1 && stride == 4) {
        for (; 4 * i + 64 <= span; i += 16) {
            const uint8_t *s = src + 4 * i;
            v128_t lo = wasm_i8x16_shuffle(wasm_v128_load(s), wasm_v128_load(s + 16), 0, 4, 8, 12,
                                           16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0);
            v128_t hi = wasm_i8x16_shuffle(wasm_v128_load(s + 32), wasm_v128_load(s + 48), 0, 4, 8,
                                           12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0);
            wasm_v128_store(dst + i, wasm_i64x2_shuffle(lo, hi, 0, 2));
        }
    }
    return (mv_ssize)i;
}

/* A reversed row of bytes (stride -1): 16 loaded below src, stored in reverse.
 * The loads stay inside [src - (n - 1), src]. */
static mv_ssize gather_reversed_simd(uint8_t *dst, const uint8_t *src, mv_ssize n)
{
    mv_ssize i = 0;
    for (; i + 16 <= n; i += 16) {
        v128_t a = wasm_v128_load(src - i - 15);
        wasm_v128_store(dst + i, wasm_i8x16_shuffle(a, a, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5,
                                                    4, 3, 2, 1, 0));
    }
    return i;
}
#endif

/* Packs n items of itemsize bytes, stride bytes apart from src (the first
 * item's address), into dst. Fixed-size memcpy compiles to one load and one
 * store, and is safe for unaligned items. */
static void gather(uint8_t *dst, const uint8_t *src, mv_ssize n, mv_ssize stride,
                   mv_ssize itemsize)
{
    if (stride == itemsize) {
        memcpy(dst, src, (size_t)n * (size_t)itemsize);
        return;
    }
    mv_ssize i = 0;
#ifdef __wasm_simd128__
    if (stride > 0)
        i = gather_simd(dst, src, n, stride, itemsize);
    else if (stride == -1 && itemsize == 1)
        i = gather_reversed_simd(dst, src, n);
#endif
    switch (itemsize) {
    case 1:
        for (; i < n; i++)
            dst[i] = src[(int64_t)i * stride];
        break;
    case 2:
        for (; i < n; i++)
            memcpy(dst + 2 * (size_t)i, src + (int64_t)i * stride, 2);
        break;
    case 4:
        for (; i < n; i++)
            memcpy(dst + 4 * (size_t)i, src + (int64_t)i * stride, 4);
        break;
    case 8:
        for (; i < n; i++)
            memcpy(dst + 8 * (size_t)i, src + (int64_t)i * stride, 8);
        break;
    default:
        for (; i < n; i++)
            memcpy(dst + (size_t)i * (size_t)itemsize, src + (int64_t)i * stride,
                   (size_t)itemsize);
        break;
    }
}

/* ---- tobytes --------------------------------------------------------------- */

typedef struct byte_cursor {
    uint8_t *at;
} byte_cursor;

static void copy_out_row(void *ctx, uint8_t *row, mv_ssize n, mv_ssize stride,
                         mv_ssize itemsize)
{
    byte_cursor *c = ctx;
    gather(c->at, row, n, stride, itemsize);
    c->at += (size_t)n * (size_t)itemsize;
}

mv_status mv_view_tobytes(const mv_view *v, uint8_t *out, int32_t order, mv_error *err)
{
    int fortran;
    int contiguous; /* PyBuffer_IsContiguous(view, order): memory is already in order */
    switch (order) {
    case 'C':
        fortran = 0;
        contiguous = v->flags & MV_C_CONTIGUOUS;
        break;
    case 'F':
        fortran = 1;
        contiguous = v->flags & MV_F_CONTIGUOUS;
        break;
    case 'A':
        fortran = 0; /* a non-contiguous view falls back to C order */
        contiguous = v->flags & (MV_C_CONTIGUOUS | MV_F_CONTIGUOUS);
        break;
    default:
        mv_set_error(err, "order must be 'C', 'F' or 'A'");
        return MV_VALUE_ERROR;
    }
    if (v->len == 0)
        return MV_OK;
    if (contiguous) {
        memcpy(out, v->buf, (size_t)v->len);
        return MV_OK;
    }
    byte_cursor c = {out};
    mv_visit_rows(v, fortran, copy_out_row, &c);
    return MV_OK;
}

/* ---- hex --------------------------------------------------------------- */

/* |bytes_per_sep| when separators are written, else 0. */
static int64_t sep_group(mv_ssize nbytes, int32_t sep, int32_t bytes_per_sep)
{
    int64_t g = bytes_per_sep < 0 ? -(int64_t)bytes_per_sep : bytes_per_sep;
    if (sep < 0 || g == 0 || g >= nbytes)
        return 0;
    return g;
}

mv_ssize mv_hex_size(mv_ssize nbytes, int32_t sep, int32_t bytes_per_sep)
{
    if (nbytes <= 0)
        return 0;
    int64_t g = sep_group(nbytes, sep, bytes_per_sep);
    int64_t size = 2 * (int64_t)nbytes + (g ? (nbytes - 1) / g : 0);
    return size > MV_SSIZE_MAX ? -1 : (mv_ssize)size; /* -1: MemoryError */
}

static const char hex_digits_table[] = "0123456789abcdef";

/* Writes the 2 * n digits of p[0 .. n) at out; returns the end. */
static char *hex_digits(char *out, const uint8_t *p, size_t n)
{
    size_t i = 0;
#ifdef __wasm_simd128__
    const v128_t digits = wasm_i8x16_make('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a',
                                          'b', 'c', 'd', 'e', 'f');
    const v128_t low4 = wasm_i8x16_splat(15);
    for (; i + 16 <= n; i += 16) {
        v128_t b = wasm_v128_load(p + i);
        v128_t hi = wasm_i8x16_swizzle(digits, wasm_u8x16_shr(b, 4));
        v128_t lo = wasm_i8x16_swizzle(digits, wasm_v128_and(b, low4));
        wasm_v128_store(out + 2 * i, wasm_i8x16_shuffle(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4,
                                                        20, 5, 21, 6, 22, 7, 23));
        wasm_v128_store(out + 2 * i + 16, wasm_i8x16_shuffle(hi, lo, 8, 24, 9, 25, 10, 26, 11,
                                                             27, 12, 28, 13, 29, 14, 30, 15, 31));
    }
#endif
    for (; i < n; i++) {
        out[2 * i] = hex_digits_table[p[i] >> 4];
        out[2 * i + 1] = hex_digits_table[p[i] & 15];
    }
    return out + 2 * n;
}

#ifdef __wasm_simd128__
/* blocks * 16 bytes whose groups are whole and start at p (group 1, 2, 4 or
 * 8): each group written as a separator, then its digits. The digits of a
 * block are made at once into a buffer and copied out a group at a time
 * (fixed-size copies: plain loads and stores). */
static char *hex_group_blocks(char *at, const uint8_t *p, size_t blocks, int64_t group, char sep)
{
    char d[32];
    const size_t g = (size_t)group;
    for (size_t b = 0; b < blocks; b++, p += 16) {
        hex_digits(d, p, 16);
        switch (g) {
        case 1:
            for (size_t j = 0; j < 16; j++, at += 3) {
                at[0] = sep;
                memcpy(at + 1, d + 2 * j, 2);
            }
            break;
        case 2:
            for (size_t j = 0; j < 8; j++, at += 5) {
                at[0] = sep;
                memcpy(at + 1, d + 4 * j, 4);
            }
            break;
        case 4:
            for (size_t j = 0; j < 4; j++, at += 9) {
                at[0] = sep;
                memcpy(at + 1, d + 8 * j, 8);
            }
            break;
        default: /* 8 */
            for (size_t j = 0; j < 2; j++, at += 17) {
                at[0] = sep;
                memcpy(at + 1, d + 16 * j, 16);
            }
            break;
        }
    }
    return at;
}
#endif

/* The output so far. Separators go between groups, never at either end:
 * until_sep counts the bytes left in the current group, and a separator is
 * written only when it is 0 and another byte follows. */
typedef struct hex_cursor {
    char *at;
    int64_t until_sep; /* INT64_MAX when there are no separators */
    int64_t group;
    char sep;
} hex_cursor;

/* The digits of n more bytes of the output, separators included. The cursor
 * is read into locals first: stores through char * may alias it, and would
 * otherwise force it to be reloaded after every digit. */
static void hex_run(hex_cursor *h, const uint8_t *p, size_t n)
{
    char *at = h->at;
    int64_t until_sep = h->until_sep;
    const int64_t group = h->group;
    const char sep = h->sep;
    while (n > 0) {
        if (until_sep == 0) {
#ifdef __wasm_simd128__
            /* At a group boundary (so group > 0), small groups that tile 16
             * bytes go by blocks; a boundary again follows each block. Other
             * groups take the loop below (~0.3-0.6 GB/s against 2-5). */
            if (n >= 16 && group <= 8 && 16 % group == 0) {
                size_t blocks = n / 16;
                at = hex_group_blocks(at, p, blocks, group, sep);
                p += 16 * blocks;
                n -= 16 * blocks;
                if (n == 0)
                    break;
            }
#endif
            *at++ = sep;
            until_sep = group;
        }
        size_t k = (uint64_t)until_sep < n ? (size_t)until_sep : n;
        at = hex_digits(at, p, k);
        p += k;
        n -= k;
        until_sep -= (int64_t)k;
    }
    h->at = at;
    h->until_sep = until_sep;
}

/* Bytes of a strided row are packed into this many at a time, then written as
 * one run (so the SIMD digits apply to strided rows too). */
#define HEX_GATHER_BYTES 1024

static void hex_row(void *ctx, uint8_t *row, mv_ssize n, mv_ssize stride, mv_ssize itemsize)
{
    hex_cursor *h = ctx;
    if (stride == itemsize) {
        hex_run(h, row, (size_t)n * (size_t)itemsize);
        return;
    }
    if (itemsize > HEX_GATHER_BYTES) {
        for (mv_ssize i = 0; i < n; i++)
            hex_run(h, row + (int64_t)i * stride, (size_t)itemsize);
        return;
    }
    uint8_t packed[HEX_GATHER_BYTES];
    const mv_ssize per_chunk = HEX_GATHER_BYTES / itemsize;
    for (mv_ssize i = 0; i < n; i += per_chunk) {
        mv_ssize k = n - i < per_chunk ? n - i : per_chunk;
        gather(packed, row + (int64_t)i * stride, k, stride, itemsize);
        hex_run(h, packed, (size_t)k * (size_t)itemsize);
    }
}

mv_status mv_view_hex(const mv_view *v, char *out, int32_t sep, int32_t bytes_per_sep,
                      mv_error *err)
{
    if (mv_hex_size(v->len, sep, bytes_per_sep) < 0) {
        err->msg[0] = '\0'; /* CPython's bare MemoryError */
        return MV_MEMORY_ERROR;
    }
    int64_t group = sep_group(v->len, sep, bytes_per_sep);
    hex_cursor h = {out, INT64_MAX, group, (char)sep};
    if (group != 0) {
        /* Positive bytes_per_sep counts groups from the end: the first group
         * holds the remainder, when there is one. */
        int64_t first = bytes_per_sep > 0 ? v->len % group : 0;
        h.until_sep = first != 0 ? first : group;
    }
    mv_visit_rows(v, 0, hex_row, &h);
    return MV_OK;
}

/* ---- tolist ------------------------------------------------------------- */

typedef struct list_cursor {
    uint8_t *at; /* next 8-byte slot */
    const mv_code *code;
    int big_endian;
} list_cursor;

static void list_row(void *ctx, uint8_t *row, mv_ssize n, mv_ssize stride, mv_ssize itemsize)
{
    (void)itemsize;
    list_cursor *c = ctx;
    for (mv_ssize i = 0; i < n; i++) {
        mv_value x;
        const uint8_t *item = row + (int64_t)i * stride;
        mv_unpack_item(c->code, item, c->big_endian, &x);
        if (c->code->size == 8 && c->code->kind != MV_KIND_FLOAT) {
            memcpy(c->at, &x.i, 8); /* q: int64, Q: the uint64 bits */
        } else {
            double d = c->code->kind == MV_KIND_CHAR ? (double)item[0] : x.d;
            memcpy(c->at, &d, 8);
        }
        c->at += 8;
    }
}

mv_status mv_view_tolist(const mv_view *v, void *out, mv_error *err)
{
    mv_status st = MV_OK;
    const char *fmt = mv_adjust_fmt(v, err, &st);
    if (fmt == NULL)
        return st;
    if (mv_view_count(v) == 0)
        return MV_OK; /* CPython reads no element, so an unknown code passes */
    int be = 0;
    const mv_code *code = mv_view_code(fmt, &be, err, &st);
    if (code == NULL)
        return st;
    list_cursor c = {out, code, be};
    mv_visit_rows(v, 0, list_row, &c);
    return MV_OK;
}

/* ---- iteration and lookup checks ----------------------------------------- */

mv_status mv_view_check_iterable(const mv_view *v, mv_error *err)
{
    mv_status st = MV_OK;
    if (v->ndim == 0) {
        mv_set_error(err, "invalid indexing of 0-dim memory");
        return MV_TYPE_ERROR;
    }
    if (v->ndim != 1) {
        mv_set_error(err, "multi-dimensional sub-views are not implemented");
        return MV_NOT_IMPLEMENTED_ERROR;
    }
    /* Only the single-character test here; an unknown code fails at the
     * first element, as in CPython. */
    if (mv_adjust_fmt(v, err, &st) == NULL)
        return st;
    return MV_OK;
}

mv_status mv_view_check_lookup(const mv_view *v, mv_error *err)
{
    if (v->ndim == 0) {
        mv_set_error(err, "invalid lookup on 0-dim memory");
        return MV_TYPE_ERROR;
    }
    if (v->ndim != 1) {
        mv_set_error(err, "multi-dimensional lookup is not implemented");
        return MV_NOT_IMPLEMENTED_ERROR;
    }
    return MV_OK;
}
