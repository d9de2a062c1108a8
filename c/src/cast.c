/* cast.c — m.cast(format, shape), with CPython's checks in CPython's order
 * (memory_cast, cast_to_1D, cast_to_ND, copy_shape; facts §5). */
#include "internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static int is_byte_code(const mv_code *c)
{
    return c != NULL && (c->code == 'b' || c->code == 'B' || c->code == 'c');
}

/* cast's byte formats: 'b' 'B' 'c' with any prefix (beyond CPython, '<B' too). */
static int is_byte_format(const char *format)
{
    int be;
    return is_byte_code(mv_item_code_bo(format, &be));
}

static int has_zero_in_shape(const mv_view *v)
{
    for (int32_t k = 0; k < v->ndim; k++)
        if (v->shape[k] == 0)
            return 1;
    return 0;
}

/* copy_shape: validates the caller's shape and stores it; *nbytes receives
 * product(shape) * itemsize. */
static mv_status copy_shape(mv_ssize *out, const double *shape, int32_t ndim, mv_ssize itemsize,
                            int64_t *nbytes, mv_error *err)
{
    int64_t len = itemsize;
    for (int32_t k = 0; k < ndim; k++) {
        double x = shape[k];
        if (isnan(x) || (isfinite(x) && x != floor(x))) {
            mv_set_error(err, "memoryview.cast(): elements of shape must be integers");
            return MV_TYPE_ERROR;
        }
        if (x > (double)MV_SSIZE_MAX || x < (double)MV_SSIZE_MIN) {
            mv_set_error(err, "Python int too large to convert to C ssize_t");
            return MV_OVERFLOW_ERROR;
        }
        if (x <= 0) {
            mv_set_error(err, "memoryview.cast(): elements of shape must be integers > 0");
            return MV_VALUE_ERROR;
        }
        int64_t n = (int64_t)x;
        if (n > MV_SSIZE_MAX / len) {
            mv_set_error(err, "memoryview.cast(): product(shape) > SSIZE_MAX");
            return MV_VALUE_ERROR;
        }
        len *= n;
        out[k] = (mv_ssize)n;
    }
    *nbytes = len;
    return MV_OK;
}

static void init_c_strides(mv_view *v)
{
    if (v->ndim == 0)
        return;
    v->strides[v->ndim - 1] = v->itemsize;
    for (int32_t k = v->ndim - 2; k >= 0; k--)
        v->strides[k] = v->strides[k + 1] * v->shape[k + 1]; /* <= len: fits */
}

mv_status mv_view_cast(mv_view *dst, const mv_view *src, const char *format,
                       const double *shape, int32_t shape_len, mv_error *err)
{
    int has_shape = shape_len != -1;

    if (!(src->flags & MV_C_CONTIGUOUS)) {
        mv_set_error(err, "memoryview: casts are restricted to C-contiguous views");
        return MV_TYPE_ERROR;
    }
    if ((has_shape || src->ndim != 1) && has_zero_in_shape(src)) {
        mv_set_error(err, "memoryview: cannot cast view with zeros in shape or strides");
        return MV_TYPE_ERROR;
    }
    if (has_shape) {
        if (shape_len < 0) {
            mv_set_error(err, "shape must be a list or a tuple");
            return MV_TYPE_ERROR;
        }
        if (shape_len > MV_MAXDIM) {
            mv_set_error(err, "memoryview: number of dimensions must not exceed %d", MV_MAXDIM);
            return MV_VALUE_ERROR;
        }
        if (src->ndim != 1 && shape_len != 1) {
            mv_set_error(err, "memoryview: cast must be 1D -> ND or ND -> 1D");
            return MV_TYPE_ERROR;
        }
    }

    /* cast_to_1D */
    /* Beyond CPython: a byte-order item format, or a record format. */
    int be;
    const mv_code *item = mv_item_code_bo(format, &be);
    mv_ssize to_size = item != NULL ? item->size : mv_record_size(format);
    if (to_size == 0) {
        /* Beyond CPython, which refuses every format of more than two
         * characters with this message: a longer one of ours, too long. */
#define BAD_DESTINATION "memoryview: destination format must be a native single character " \
                        "format prefixed with an optional '@'"
        if (strlen(format) >= MV_FORMAT_MAX)
            mv_set_error(err, BAD_DESTINATION " (memview: or a byte-order or record format of "
                              "at most %d characters)", MV_FORMAT_MAX - 1);
        else
            mv_set_error(err, BAD_DESTINATION);
#undef BAD_DESTINATION
        return MV_VALUE_ERROR;
    }
    if (!is_byte_format(src->format) && !is_byte_format(format)) {
        mv_set_error(err, "memoryview: cannot cast between two non-byte formats");
        return MV_TYPE_ERROR;
    }
    if (src->len % to_size != 0) {
        mv_set_error(err, "memoryview: length is not a multiple of itemsize");
        return MV_TYPE_ERROR;
    }

    /* cast_to_ND, built aside so that a failure leaves dst untouched. Only the
     * header and the ndim dims are written (and then copied): a whole
     * descriptor is 556 bytes, and clearing and copying it was most of the
     * cost of a cast. */
    mv_view v;
    memset(&v, 0, offsetof(mv_view, shape));
    v.buf = src->buf;
    v.len = src->len;
    v.readonly = src->readonly;
    v.itemsize = to_size;
    strcpy(v.format, format); /* verbatim: an item format or a record format fits */
    if (!has_shape) {
        v.ndim = 1;
        v.shape[0] = src->len / to_size;
        v.strides[0] = to_size;
    } else {
        int64_t nbytes = to_size; /* 0-dim: one item */
        v.ndim = shape_len;
        if (shape_len > 0) {
            mv_status st = copy_shape(v.shape, shape, shape_len, to_size, &nbytes, err);
            if (st != MV_OK)
                return st;
            init_c_strides(&v);
        }
        if (nbytes != src->len) {
            mv_set_error(err, "memoryview: product(shape) * itemsize != buffer size");
            return MV_TYPE_ERROR;
        }
    }
    mv_view_update(&v);
    mv_view_copy(dst, &v);
    return MV_OK;
}
