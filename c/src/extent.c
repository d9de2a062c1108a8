/* extent.c — the bytes a view can touch, relative to its buf, and its runs of
 * item bytes. The binding uses the first to copy exactly that span of JS-owned
 * memory into wasm memory before an operation (and back after a write), and
 * the runs to copy back only the items where another thread may write the
 * bytes between them. */
#include "internal.h"

void mv_view_extent(const mv_view *v, mv_ssize *lo, mv_ssize *hi)
{
    int64_t low = 0, high = v->itemsize;
    for (int32_t k = 0; k < v->ndim; k++) {
        if (v->shape[k] == 0) {
            *lo = *hi = 0; /* an empty view touches nothing */
            return;
        }
        int64_t span = (int64_t)(v->shape[k] - 1) * v->strides[k];
        if (span < 0)
            low += span;
        else
            high += span;
    }
    *lo = (mv_ssize)low;
    *hi = (mv_ssize)high;
}

int32_t mv_view_runs(const mv_view *v, mv_ssize first, mv_ssize *out, int32_t cap)
{
    int32_t ndim = v->ndim, rows = ndim;
    for (int32_t k = 0; k < ndim; k++)
        if (v->shape[k] == 0)
            return 0;
    int64_t run = v->itemsize;
    if (ndim > 0 && v->strides[ndim - 1] == v->itemsize) { /* a row's items are one run */
        rows = ndim - 1;
        run = (int64_t)v->shape[ndim - 1] * v->itemsize;
    }
    /* run number `first` as an index over the first `rows` dimensions, the
     * last the fastest (C order) */
    mv_ssize index[MV_MAXDIM];
    int64_t at = 0, rest = first;
    for (int32_t k = rows - 1; k >= 0; k--) {
        index[k] = (mv_ssize)(rest % v->shape[k]);
        rest /= v->shape[k];
        at += (int64_t)index[k] * v->strides[k];
    }
    if (rest != 0 || first < 0)
        return 0; /* past the last run */
    int32_t n = 0;
    while (n < cap) {
        out[2 * n] = (mv_ssize)at;
        out[2 * n + 1] = (mv_ssize)run;
        n++;
        int32_t k = rows - 1; /* the next run, last dimension first */
        for (; k >= 0; k--) {
            at += v->strides[k];
            if (++index[k] < v->shape[k])
                break;
            at -= (int64_t)v->strides[k] * v->shape[k];
            index[k] = 0;
        }
        if (k < 0)
            break;
    }
    return n;
}
