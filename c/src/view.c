/* view.c — mv_view construction and layout: init, copy, toreadonly, slicing,
 * N-D sub-views (mv_view_subview, beyond CPython), the contiguity flags, and
 * the element walk every bulk operation uses.
 *
 * Layout invariants are the header's; mv_view_update restores the derived
 * fields (flags, kind, access) after any change of format, shape or strides. */
#include "internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#if defined(__EMSCRIPTEN__)
/* js/view.js reads mv_view fields at these offsets. */
_Static_assert(offsetof(mv_view, buf) == 0, "mv_view.buf");
_Static_assert(offsetof(mv_view, len) == 4, "mv_view.len");
_Static_assert(offsetof(mv_view, itemsize) == 8, "mv_view.itemsize");
_Static_assert(offsetof(mv_view, readonly) == 12, "mv_view.readonly");
_Static_assert(offsetof(mv_view, ndim) == 16, "mv_view.ndim");
_Static_assert(offsetof(mv_view, flags) == 20, "mv_view.flags");
_Static_assert(offsetof(mv_view, kind) == 24, "mv_view.kind");
_Static_assert(offsetof(mv_view, access) == 28, "mv_view.access");
_Static_assert(offsetof(mv_view, format) == 32, "mv_view.format");
_Static_assert(offsetof(mv_view, shape) == 48, "mv_view.shape");
_Static_assert(offsetof(mv_view, strides) == 304, "mv_view.strides");
_Static_assert(sizeof(mv_view) == 560, "mv_view size");
/* ... and these limits and layouts (js/wasm.js: mv_value, mv_code; js/struct.js: mv_struct). */
_Static_assert(MV_MAXDIM == 64 && MV_FORMAT_MAX == 16 && sizeof(mv_error) == 256, "js/wasm.js limits");
_Static_assert(offsetof(mv_value, i) == 0 && offsetof(mv_value, d) == 8 && offsetof(mv_value, tag) == 16 &&
               offsetof(mv_value, intrange) == 20 && offsetof(mv_value, truthy) == 24 &&
               offsetof(mv_value, len) == 28 && offsetof(mv_value, data) == 32 && sizeof(mv_value) == 40,
               "mv_value");
_Static_assert(offsetof(mv_struct, size) == 0 && offsetof(mv_struct, nvalues) == 4 &&
               offsetof(mv_struct, ncodes) == 8 && offsetof(mv_struct, big_endian) == 12 &&
               sizeof(mv_struct) == 20, "mv_struct");
_Static_assert(offsetof(mv_struct_code, offset) == 0 && offsetof(mv_struct_code, size) == 4 &&
               offsetof(mv_struct_code, repeat) == 8 && offsetof(mv_struct_code, code) == 12 &&
               offsetof(mv_struct_code, access) == 16 && sizeof(mv_struct_code) == 20, "mv_struct_code");
_Static_assert(offsetof(mv_code, kind) == 1 && offsetof(mv_code, size) == 2 && sizeof(mv_code) == 4,
               "mv_code");
#endif

/* ---- derived fields ------------------------------------------------------ */

/* PEP 3118's test: dimensions of length 1 ignore their stride; 0 bytes is
 * contiguous in both orders. */
static int is_contiguous(const mv_view *v, int fortran)
{
    if (v->len == 0)
        return 1;
    int64_t expected = v->itemsize;
    for (int32_t k = 0; k < v->ndim; k++) {
        int32_t dim = fortran ? k : v->ndim - 1 - k;
        if (v->shape[dim] > 1 && v->strides[dim] != expected)
            return 0;
        expected *= v->shape[dim];
    }
    return 1;
}

/* The contiguity flags alone (a slice keeps the format, so its kind). */
static void update_flags(mv_view *v)
{
    int32_t flags = 0;
    if (v->ndim == 0) {
        flags = MV_C_CONTIGUOUS | MV_F_CONTIGUOUS;
    } else if (v->ndim == 1) {
        /* CPython's 1-D rule is stricter than PEP 3118 for empty views:
         * m[5:5:2] (shape 0, stride 2) is not contiguous. */
        if (v->shape[0] == 1 || v->strides[0] == v->itemsize)
            flags = MV_C_CONTIGUOUS | MV_F_CONTIGUOUS;
    } else {
        if (is_contiguous(v, 0))
            flags |= MV_C_CONTIGUOUS;
        if (is_contiguous(v, 1))
            flags |= MV_F_CONTIGUOUS;
    }
    v->flags = flags;
}

void mv_view_update(mv_view *v)
{
    update_flags(v);
    int be = 0;
    const mv_code *c = mv_item_code_bo(v->format, &be);
    if (c != NULL) {
        v->kind = c->kind;
        /* '@', '=' and '<' are little-endian, as wasm32 is. */
        v->access = mv_code_access(c);
        if (v->access != MV_ACCESS_NONE && be)
            v->access |= MV_ACCESS_BIG_ENDIAN;
        return;
    }
    mv_struct s;
    mv_struct_code codes[MV_FORMAT_MAX];
    v->kind = mv_record_format(v->format, &s, codes) ? MV_KIND_RECORD : 0;
    v->access = MV_ACCESS_NONE;
}

int64_t mv_view_count(const mv_view *v)
{
    int64_t n = 1;
    for (int32_t k = 0; k < v->ndim; k++)
        n *= v->shape[k]; /* bounded: len == n * itemsize fits mv_ssize */
    return n;
}

/* ---- format checks, in CPython's two stages ----------------------------- */

const char *mv_adjust_fmt(const mv_view *v, mv_error *err, mv_status *status)
{
    const char *fmt = v->format[0] == '@' ? v->format + 1 : v->format;
    if (fmt[0] != '\0' && fmt[1] == '\0')
        return fmt;
    /* Beyond CPython: byte-order item formats and records. */
    int be;
    mv_struct rs;
    mv_struct_code codes[MV_FORMAT_MAX];
    if (mv_item_code_bo(v->format, &be) != NULL || mv_record_format(v->format, &rs, codes))
        return v->format;
    mv_set_error(err, "memoryview: unsupported format %s", v->format);
    *status = MV_NOT_IMPLEMENTED_ERROR;
    return NULL;
}

const mv_code *mv_view_code(const char *fmt, int *big_endian, mv_error *err, mv_status *status)
{
    const mv_code *c = mv_item_code_bo(fmt, big_endian);
    if (c != NULL)
        return c;
    mv_set_error(err, "memoryview: format %s not supported", fmt);
    *status = MV_NOT_IMPLEMENTED_ERROR;
    return NULL;
}

const mv_code *mv_native_code(const char *fmt, mv_error *err, mv_status *status)
{
    const mv_code *c = mv_item_code(fmt);
    if (c != NULL)
        return c;
    mv_set_error(err, "memoryview: format %s not supported", fmt);
    *status = MV_NOT_IMPLEMENTED_ERROR;
    return NULL;
}

/* ---- the element walk ---------------------------------------------------- */

static void visit_dim(const mv_view *v, int fortran, int32_t dim, int64_t offset, mv_row_fn fn,
                      void *ctx)
{
    int32_t inner = fortran ? 0 : v->ndim - 1;
    if (dim == inner) {
        fn(ctx, v->buf + offset, v->shape[dim], v->strides[dim], v->itemsize);
        return;
    }
    int32_t next = fortran ? dim - 1 : dim + 1;
    for (mv_ssize i = 0; i < v->shape[dim]; i++)
        visit_dim(v, fortran, next, offset + (int64_t)i * v->strides[dim], fn, ctx);
}

void mv_visit_rows(const mv_view *v, int fortran, mv_row_fn fn, void *ctx)
{
    if (v->ndim == 0) {
        fn(ctx, v->buf, 1, v->itemsize, v->itemsize);
        return;
    }
    if (mv_view_count(v) == 0)
        return; /* also keeps row starts on real elements below */
    visit_dim(v, fortran, fortran ? v->ndim - 1 : 0, 0, fn, ctx);
}

/* ---- construction -------------------------------------------------------- */

mv_status mv_view_init(mv_view *v, uint8_t *buf, mv_ssize nbytes, int32_t readonly,
                       const char *format, mv_error *err)
{
    const mv_code *c;
    mv_status st = mv_format_item(format, &c, err);
    if (st != MV_OK)
        return st;
    if (nbytes < 0 || nbytes % c->size != 0) {
        mv_set_error(err, "memoryview: length is not a multiple of itemsize");
        return MV_VALUE_ERROR;
    }
    memset(v, 0, offsetof(mv_view, shape)); /* the dims past ndim are never read */
    v->buf = buf;
    v->len = nbytes;
    v->itemsize = c->size;
    v->readonly = readonly != 0;
    v->ndim = 1;
    strcpy(v->format, format); /* fits: mv_format_item accepted at most "@x" */
    v->shape[0] = nbytes / c->size;
    v->strides[0] = c->size;
    mv_view_update(v);
    return MV_OK;
}

void mv_view_copy(mv_view *dst, const mv_view *src)
{
    if (dst == src)
        return;
    /* Only what the invariants cover: the header and ndim dims (a full copy
     * is 556 bytes, and most views have one dimension). */
    memcpy(dst, src, offsetof(mv_view, shape));
    memcpy(dst->shape, src->shape, (size_t)src->ndim * sizeof src->shape[0]);
    memcpy(dst->strides, src->strides, (size_t)src->ndim * sizeof src->strides[0]);
}

void mv_view_toreadonly(mv_view *dst, const mv_view *src)
{
    mv_view_copy(dst, src);
    dst->readonly = 1;
}

/* ---- slicing --------------------------------------------------------------- */

/* _PyEval_SliceIndex for a caller's double: huge values clamp to the ssize
 * range. Returns 0 for a value that is not an integer (NaN means None and is
 * handled before). */
static int slice_index(double x, mv_ssize *out)
{
    if (isfinite(x) && x != floor(x))
        return 0;
    if (x >= (double)MV_SSIZE_MAX)
        *out = MV_SSIZE_MAX;
    else if (x <= (double)MV_SSIZE_MIN)
        *out = MV_SSIZE_MIN;
    else
        *out = (mv_ssize)x;
    return 1;
}

static mv_status slice_type_error(mv_error *err)
{
    mv_set_error(err, "slice indices must be integers or None or have an __index__ method");
    return MV_TYPE_ERROR;
}

/* PySlice_Unpack + PySlice_AdjustIndices: the start, step and length of
 * [start:stop:step] over a dimension of `length` elements. */
static mv_status adjust_slice(double start_d, double stop_d, double step_d, mv_ssize length,
                              int64_t *start_out, int64_t *step_out, int64_t *slicelength,
                              mv_error *err)
{
    mv_ssize step = 1, start, stop;
    if (!isnan(step_d)) {
        if (!slice_index(step_d, &step))
            return slice_type_error(err);
        if (step == 0) {
            mv_set_error(err, "slice step cannot be zero");
            return MV_VALUE_ERROR;
        }
        if (step < -MV_SSIZE_MAX)
            step = -MV_SSIZE_MAX; /* so that -step cannot overflow */
    }
    if (isnan(start_d))
        start = step < 0 ? MV_SSIZE_MAX : 0;
    else if (!slice_index(start_d, &start))
        return slice_type_error(err);
    if (isnan(stop_d))
        stop = step < 0 ? MV_SSIZE_MIN : MV_SSIZE_MAX;
    else if (!slice_index(stop_d, &stop))
        return slice_type_error(err);

    int64_t lo = start, hi = stop;
    if (lo < 0) {
        lo += length;
        if (lo < 0)
            lo = step < 0 ? -1 : 0;
    } else if (lo >= length) {
        lo = step < 0 ? length - 1 : length;
    }
    if (hi < 0) {
        hi += length;
        if (hi < 0)
            hi = step < 0 ? -1 : 0;
    } else if (hi >= length) {
        hi = step < 0 ? length - 1 : length;
    }
    int64_t n = 0;
    if (step < 0) {
        if (hi < lo)
            n = (lo - hi - 1) / (-(int64_t)step) + 1;
    } else if (lo < hi) {
        n = (hi - lo - 1) / step + 1;
    }
    *start_out = lo;
    *step_out = step;
    *slicelength = n;
    return MV_OK;
}

mv_status mv_view_slice(mv_view *dst, const mv_view *src, double start, double stop,
                        double step, mv_error *err)
{
    if (src->ndim == 0) {
        mv_set_error(err, "invalid indexing of 0-dim memory");
        return MV_TYPE_ERROR;
    }
    int64_t first, by, n;
    mv_status st = adjust_slice(start, stop, step, src->shape[0], &first, &by, &n, err);
    if (st != MV_OK)
        return st;

    mv_view_copy(dst, src);
    int64_t stride = (int64_t)src->strides[0] * by;
    /* With n >= 2 the new stride spans real memory, so it fits; with n <= 1 it
     * is never followed, and CPython's (wrapping) value is clamped instead. */
    if (stride > MV_SSIZE_MAX)
        stride = MV_SSIZE_MAX;
    else if (stride < -MV_SSIZE_MAX)
        stride = -MV_SSIZE_MAX;
    /* An empty result keeps buf: CPython may point it one element outside the
     * buffer, which is never dereferenced and would only drift here. */
    if (n > 0)
        dst->buf = src->buf + first * src->strides[0];
    dst->shape[0] = (mv_ssize)n;
    dst->strides[0] = (mv_ssize)stride;
    dst->len = (mv_ssize)(mv_view_count(dst) * dst->itemsize);
    update_flags(dst);
    return MV_OK;
}

/* ---- N-D basic indexing (beyond CPython) ----------------------------------- */

mv_status mv_view_subview(mv_view *dst, const mv_view *src, const int32_t *kinds,
                          const double *slices, const mv_value *indexes, int32_t nkeys,
                          mv_error *err)
{
    if (nkeys > MV_MAXDIM) { /* NumPy 1.x's message past 2 * NPY_MAXDIMS (64) keys */
        mv_set_error(err, "too many indices for array");
        return MV_INDEX_ERROR;
    }
    /* NumPy converts every index before it counts them: an index that is no
     * int, or no int64 (NumPy's intp), fails first */
    for (int32_t k = 0; k < nkeys; k++) {
        const mv_value *x = &indexes[k];
        if (kinds[k] != MV_KEY_INDEX)
            continue;
        if (x->tag == MV_VAL_INT && x->intrange == 1) { /* in [2**63, 2**64) */
            mv_set_error(err, "Python int too large to convert to C long");
            return MV_OVERFLOW_ERROR;
        }
        /* a bool is NumPy's boolean index, which this does not take */
        if (x->tag != MV_VAL_INT || x->intrange != 0) {
            mv_set_error(err, "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis "
                              "(`None`) and integer or boolean arrays are valid indices");
            return MV_INDEX_ERROR;
        }
    }
    if (nkeys > src->ndim) {
        mv_set_error(err, "too many indices for array: array is %d-dimensional, but %d were indexed",
                     (int)src->ndim, (int)nkeys);
        return MV_INDEX_ERROR;
    }
    mv_view v;
    memcpy(&v, src, offsetof(mv_view, shape));
    int64_t offset = 0;
    int32_t ndim = 0;
    for (int32_t k = 0; k < src->ndim; k++) {
        mv_ssize n = src->shape[k], stride = src->strides[k];
        int32_t kind = k < nkeys ? kinds[k] : MV_KEY_ALL;
        if (kind == MV_KEY_INDEX) {
            int64_t i = indexes[k].i; /* an int64, as checked above */
            if (i < -(int64_t)n || i >= (int64_t)n) {
                mv_set_error(err, "index %lld is out of bounds for axis %d with size %d",
                             (long long)i, (int)k, (int)n);
                return MV_INDEX_ERROR;
            }
            if (i < 0)
                i += n;
            offset += i * stride;
            continue;
        }
        int64_t first = 0, by = 1, count = n;
        if (kind == MV_KEY_SLICE) {
            mv_status st = adjust_slice(slices[3 * k], slices[3 * k + 1], slices[3 * k + 2], n, &first,
                                        &by, &count, err);
            if (st != MV_OK)
                return st;
        } else if (kind != MV_KEY_ALL) {
            mv_set_error(err, "memoryview: bad key kind");
            return MV_VALUE_ERROR;
        }
        /* NumPy keeps the stride of a dimension the slice empties */
        int64_t s = count == 0 ? (int64_t)stride : (int64_t)stride * by;
        if (s > MV_SSIZE_MAX)
            s = MV_SSIZE_MAX; /* only when count <= 1: never followed */
        else if (s < -MV_SSIZE_MAX)
            s = -MV_SSIZE_MAX;
        if (count > 0)
            offset += first * stride;
        v.shape[ndim] = (mv_ssize)count;
        v.strides[ndim] = (mv_ssize)s;
        ndim++;
    }
    v.ndim = ndim;
    int64_t items = mv_view_count(&v);
    /* An empty result keeps buf (as an empty slice does). */
    if (items > 0)
        v.buf = src->buf + offset;
    v.len = (mv_ssize)(items * v.itemsize);
    update_flags(&v);
    mv_view_copy(dst, &v);
    return MV_OK;
}
