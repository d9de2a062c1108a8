/* extent.c — the bytes a view can touch, relative to its buf. The binding
 * uses it to copy exactly that span of JS-owned memory into wasm memory
 * before an operation (and back after a write). */
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
