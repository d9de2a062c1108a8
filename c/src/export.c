/* export.c — whole-view outputs: tobytes, hex, tolist, and the checks that
 * iteration and index() make before touching any element. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- tobytes --------------------------------------------------------------- */

typedef struct byte_cursor {
    uint8_t *at;
} byte_cursor;

static void copy_out_row(void *ctx, uint8_t *row, mv_ssize n, mv_ssize stride,
                         mv_ssize itemsize)
{
    byte_cursor *c = ctx;
    if (stride == itemsize) {
        memcpy(c->at, row, (size_t)n * (size_t)itemsize);
        c->at += (size_t)n * (size_t)itemsize;
        return;
    }
    for (mv_ssize i = 0; i < n; i++) {
        memcpy(c->at, row + (int64_t)i * stride, (size_t)itemsize);
        c->at += itemsize;
    }
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

typedef struct hex_cursor {
    char *at;
    int64_t pos;    /* index of the next byte */
    int64_t nbytes;
    int64_t group;  /* 0: no separators */
    int from_right; /* positive bytes_per_sep: groups counted from the end */
    char sep;
} hex_cursor;

static void hex_byte(hex_cursor *h, uint8_t b)
{
    static const char digits[] = "0123456789abcdef";
    if (h->group && h->pos > 0) {
        int64_t counted = h->from_right ? h->nbytes - h->pos : h->pos;
        if (counted % h->group == 0)
            *h->at++ = h->sep;
    }
    *h->at++ = digits[b >> 4];
    *h->at++ = digits[b & 15];
    h->pos++;
}

static void hex_row(void *ctx, uint8_t *row, mv_ssize n, mv_ssize stride, mv_ssize itemsize)
{
    for (mv_ssize i = 0; i < n; i++) {
        const uint8_t *item = row + (int64_t)i * stride;
        for (mv_ssize k = 0; k < itemsize; k++)
            hex_byte(ctx, item[k]);
    }
}

mv_status mv_view_hex(const mv_view *v, char *out, int32_t sep, int32_t bytes_per_sep,
                      mv_error *err)
{
    if (mv_hex_size(v->len, sep, bytes_per_sep) < 0) {
        err->msg[0] = '\0'; /* CPython's bare MemoryError */
        return MV_MEMORY_ERROR;
    }
    hex_cursor h = {out, 0, v->len, sep_group(v->len, sep, bytes_per_sep), bytes_per_sep > 0,
                    (char)sep};
    mv_visit_rows(v, 0, hex_row, &h);
    return MV_OK;
}

/* ---- tolist ------------------------------------------------------------- */

typedef struct list_cursor {
    uint8_t *at; /* next 8-byte slot */
    const mv_code *code;
} list_cursor;

static void list_row(void *ctx, uint8_t *row, mv_ssize n, mv_ssize stride, mv_ssize itemsize)
{
    (void)itemsize;
    list_cursor *c = ctx;
    for (mv_ssize i = 0; i < n; i++) {
        mv_value x;
        const uint8_t *item = row + (int64_t)i * stride;
        mv_unpack_native(c->code, item, &x);
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
    const mv_code *code = mv_native_code(fmt, err, &st);
    if (code == NULL)
        return st;
    list_cursor c = {out, code};
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
