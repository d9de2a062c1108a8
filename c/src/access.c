/* access.c — m[key] and m[key] = value for element keys: CPython's
 * memory_subscript / memory_item / memory_item_multi and memory_ass_sub
 * (facts §3, §4), in their order of checks.
 *
 * Keys arrive as doubles: nindex 1 is an int key, nindex 0 or >= 2 a tuple of
 * ints. A key element that is not an integer (NaN, or a fraction) is what
 * CPython sees as a non-index object. */
#include "internal.h"

#include <math.h>
#include <string.h>

typedef enum { KEY_INDEX, KEY_NOT_INT, KEY_TOO_BIG } key_class;

/* PyNumber_AsSsize_t(key, IndexError). */
static key_class key_index(double x, mv_ssize *out)
{
    if (isnan(x) || (isfinite(x) && x != floor(x)))
        return KEY_NOT_INT;
    if (x > (double)MV_SSIZE_MAX || x < (double)MV_SSIZE_MIN)
        return KEY_TOO_BIG;
    *out = (mv_ssize)x;
    return KEY_INDEX;
}

static int all_ints(const double *index, int32_t nindex)
{
    mv_ssize ignored;
    for (int32_t k = 0; k < nindex; k++)
        if (key_index(index[k], &ignored) == KEY_NOT_INT)
            return 0;
    return 1;
}

static mv_status error(mv_error *err, mv_status st, const char *msg)
{
    mv_set_error(err, "%s", msg);
    return st;
}

static mv_status too_big(mv_error *err)
{
    return error(err, MV_INDEX_ERROR, "cannot fit 'int' into an index-sized integer");
}

/* lookup_dimension: the element at `index` (negatives count from the end) of
 * dimension dim, starting from *ptr. */
static mv_status lookup_dimension(const mv_view *v, uint8_t **ptr, int32_t dim, mv_ssize index,
                                  mv_error *err)
{
    int64_t i = index;
    if (i < 0)
        i += v->shape[dim];
    if (i < 0 || i >= v->shape[dim]) {
        mv_set_error(err, "index out of bounds on dimension %d", (int)dim + 1);
        return MV_INDEX_ERROR;
    }
    *ptr += i * v->strides[dim];
    return MV_OK;
}

/* ptr_from_tuple: a full tuple of ints (nindex >= ndim already checked). */
static mv_status ptr_from_tuple(const mv_view *v, const double *index, int32_t nindex,
                                uint8_t **out, mv_error *err)
{
    if (nindex > v->ndim) {
        mv_set_error(err, "cannot index %d-dimension view with %d-element tuple", (int)v->ndim,
                     (int)nindex);
        return MV_TYPE_ERROR;
    }
    uint8_t *ptr = v->buf;
    for (int32_t dim = 0; dim < nindex; dim++) {
        mv_ssize i = 0;
        if (key_index(index[dim], &i) != KEY_INDEX)
            return too_big(err); /* all_ints held: only the range can fail */
        mv_status st = lookup_dimension(v, &ptr, dim, i, err);
        if (st != MV_OK)
            return st;
    }
    *out = ptr;
    return MV_OK;
}

static mv_status unpack_single(const uint8_t *ptr, const char *fmt, mv_value *out, mv_error *err)
{
    mv_status st = MV_OK;
    int be = 0;
    const mv_code *c = mv_view_code(fmt, &be, err, &st);
    if (c == NULL)
        return st;
    mv_unpack_item(c, ptr, be, out);
    return MV_OK;
}

static mv_status found(uint8_t *ptr, const char *fmt, uint8_t **out, const char **fmt_out)
{
    *out = ptr;
    *fmt_out = fmt;
    return MV_OK;
}

/* The checks of m[key], in CPython's order: the element's address and the
 * format without its '@'. */
static mv_status locate_read(const mv_view *v, const double *index, int32_t nindex,
                             uint8_t **out, const char **fmt_out, mv_error *err)
{
    mv_status st = MV_OK;
    const char *fmt;
    uint8_t *ptr = v->buf;

    if (v->ndim == 0) {
        if (nindex != 0)
            return error(err, MV_TYPE_ERROR, "invalid indexing of 0-dim memory");
        if ((fmt = mv_adjust_fmt(v, err, &st)) == NULL)
            return st;
        return found(ptr, fmt, out, fmt_out);
    }
    if (nindex == 1) { /* an int key: memory_item */
        mv_ssize i = 0;
        switch (key_index(index[0], &i)) {
        case KEY_NOT_INT:
            return error(err, MV_TYPE_ERROR, "memoryview: invalid slice key");
        case KEY_TOO_BIG:
            return too_big(err);
        case KEY_INDEX:
            break;
        }
        if ((fmt = mv_adjust_fmt(v, err, &st)) == NULL)
            return st;
        if (v->ndim != 1)
            return error(err, MV_NOT_IMPLEMENTED_ERROR,
                         "multi-dimensional sub-views are not implemented");
        if ((st = lookup_dimension(v, &ptr, 0, i, err)) != MV_OK)
            return st;
        return found(ptr, fmt, out, fmt_out);
    }
    /* a tuple: memory_item_multi, if every element is an int */
    if (!all_ints(index, nindex))
        return error(err, MV_TYPE_ERROR, "memoryview: invalid slice key");
    if ((fmt = mv_adjust_fmt(v, err, &st)) == NULL)
        return st;
    if (nindex < v->ndim)
        return error(err, MV_NOT_IMPLEMENTED_ERROR, "sub-views are not implemented");
    if ((st = ptr_from_tuple(v, index, nindex, &ptr, err)) != MV_OK)
        return st;
    return found(ptr, fmt, out, fmt_out);
}

/* pack_single: converts and stores val, mapping conversion failures to
 * memoryview's two messages (the format named without its '@'). */
static mv_status pack_single(uint8_t *ptr, const char *fmt, const mv_value *val, mv_error *err)
{
    mv_status st = MV_OK;
    int be = 0;
    const mv_code *c = mv_view_code(fmt, &be, err, &st);
    if (c == NULL)
        return st;
    if (fmt[0] == '=' || fmt[0] == '<' || fmt[0] == '>' || fmt[0] == '!') {
        /* Beyond CPython: struct's rules and messages, into a copy first so
         * that a failure writes nothing. */
        mv_struct_code sc = {0, c->size, 1, c, 0};
        uint8_t tmp[8] = {0};
        if ((st = mv_struct_pack_value(&sc, tmp, val, be, err)) != MV_OK)
            return st;
        memcpy(ptr, tmp, c->size);
        return MV_OK;
    }
    switch (mv_pack_native(c, ptr, val)) {
    case MV_PACK_OK:
        return MV_OK;
    case MV_PACK_BAD_TYPE:
        mv_set_error(err, "memoryview: invalid type for format '%s'", fmt);
        return MV_TYPE_ERROR;
    case MV_PACK_BAD_VALUE:
    default:
        mv_set_error(err, "memoryview: invalid value for format '%s'", fmt);
        return MV_VALUE_ERROR;
    }
}

/* The checks of m[key] = value short of converting the value, in CPython's
 * order (the format and read-only checks come first there). */
static mv_status locate_write(const mv_view *v, const double *index, int32_t nindex,
                              uint8_t **out, const char **fmt_out, mv_error *err)
{
    mv_status st = MV_OK;
    const char *fmt;
    uint8_t *ptr = v->buf;

    if ((fmt = mv_adjust_fmt(v, err, &st)) == NULL)
        return st; /* before the read-only check, as in CPython */
    if (v->readonly)
        return error(err, MV_TYPE_ERROR, "cannot modify read-only memory");
    if (v->ndim == 0) {
        if (nindex != 0)
            return error(err, MV_TYPE_ERROR, "invalid indexing of 0-dim memory");
        return found(ptr, fmt, out, fmt_out);
    }
    if (nindex == 1) {
        mv_ssize i = 0;
        key_class k = key_index(index[0], &i);
        if (k == KEY_NOT_INT)
            return error(err, MV_TYPE_ERROR, "memoryview: invalid slice key");
        if (v->ndim > 1) /* an int key; checked before converting it */
            return error(err, MV_NOT_IMPLEMENTED_ERROR, "sub-views are not implemented");
        if (k == KEY_TOO_BIG)
            return too_big(err);
        /* bounds before the value's conversion */
        if ((st = lookup_dimension(v, &ptr, 0, i, err)) != MV_OK)
            return st;
        return found(ptr, fmt, out, fmt_out);
    }
    if (!all_ints(index, nindex))
        return error(err, MV_TYPE_ERROR, "memoryview: invalid slice key");
    if (nindex < v->ndim)
        return error(err, MV_NOT_IMPLEMENTED_ERROR, "sub-views are not implemented");
    if ((st = ptr_from_tuple(v, index, nindex, &ptr, err)) != MV_OK)
        return st;
    return found(ptr, fmt, out, fmt_out);
}

mv_status mv_view_get(const mv_view *v, const double *index, int32_t nindex, mv_value *out,
                      mv_error *err)
{
    uint8_t *ptr;
    const char *fmt;
    mv_status st = locate_read(v, index, nindex, &ptr, &fmt, err);
    if (st != MV_OK)
        return st;
    return unpack_single(ptr, fmt, out, err);
}

mv_status mv_view_set(const mv_view *v, const double *index, int32_t nindex,
                      const mv_value *val, mv_error *err)
{
    uint8_t *ptr;
    const char *fmt;
    mv_status st = locate_write(v, index, nindex, &ptr, &fmt, err);
    if (st != MV_OK)
        return st;
    return pack_single(ptr, fmt, val, err);
}

mv_status mv_view_locate(const mv_view *v, const double *index, int32_t nindex,
                         int32_t for_write, mv_ssize *offset, mv_error *err)
{
    uint8_t *ptr;
    const char *fmt;
    mv_status st = for_write ? locate_write(v, index, nindex, &ptr, &fmt, err)
                             : locate_read(v, index, nindex, &ptr, &fmt, err);
    if (st != MV_OK)
        return st;
    *offset = (mv_ssize)(ptr - v->buf);
    return MV_OK;
}
