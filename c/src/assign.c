/* assign.c — m[:] = src: the target checks, the structure rule and an
 * overlap-safe copy (CPython's memory_ass_sub slice path and copy_single).
 *
 * The copy goes through scratch only when the two views share bytes and are
 * not both contiguous (contiguous copies are a memmove). */
#include "internal.h"

#include <stdint.h>
#include <string.h>

mv_status mv_view_assign_check(const mv_view *dst, mv_error *err)
{
    mv_status st = MV_OK;
    if (mv_adjust_fmt(dst, err, &st) == NULL)
        return st;
    if (dst->readonly) {
        mv_set_error(err, "cannot modify read-only memory");
        return MV_TYPE_ERROR;
    }
    if (dst->ndim == 0) {
        mv_set_error(err, "invalid indexing of 0-dim memory");
        return MV_TYPE_ERROR;
    }
    /* Beyond CPython (which restricts slice assignment to ndim = 1): N-D
     * views take a source of the same structure, as NumPy's a[...] = b. */
    return MV_OK;
}

static const char *strip_at(const char *format)
{
    return format[0] == '@' ? format + 1 : format;
}

/* equiv_structure: format strings equal after one '@' is stripped from each,
 * equal itemsizes, and equal shapes up to the first 0-length dimension. */
static int same_structure(const mv_view *dst, const mv_view *src)
{
    if (strcmp(strip_at(dst->format), strip_at(src->format)) != 0 ||
        dst->itemsize != src->itemsize || dst->ndim != src->ndim)
        return 0;
    for (int32_t k = 0; k < dst->ndim; k++) {
        if (dst->shape[k] != src->shape[k])
            return 0;
        if (dst->shape[k] == 0)
            break;
    }
    return 1;
}

/* Whether two non-empty views can touch a common byte. */
static int overlaps(const mv_view *a, const mv_view *b)
{
    mv_ssize alo, ahi, blo, bhi;
    mv_view_extent(a, &alo, &ahi);
    mv_view_extent(b, &blo, &bhi);
    return (uintptr_t)a->buf + (intptr_t)alo < (uintptr_t)b->buf + (intptr_t)bhi &&
           (uintptr_t)b->buf + (intptr_t)blo < (uintptr_t)a->buf + (intptr_t)ahi;
}

static int both_contiguous(const mv_view *dst, const mv_view *src)
{
    return (dst->flags & MV_C_CONTIGUOUS) && (src->flags & MV_C_CONTIGUOUS);
}

mv_ssize mv_view_assign_scratch_size(const mv_view *dst, const mv_view *src)
{
    if (!same_structure(dst, src) || mv_view_count(dst) == 0 || both_contiguous(dst, src) ||
        !overlaps(dst, src))
        return 0;
    return dst->len;
}

/* Row visitors: gather a view into a linear buffer, or scatter one into it. */
typedef struct cursor {
    uint8_t *at;
} cursor;

static void gather_row(void *ctx, uint8_t *row, mv_ssize n, mv_ssize stride, mv_ssize itemsize)
{
    cursor *c = ctx;
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

static void scatter_row(void *ctx, uint8_t *row, mv_ssize n, mv_ssize stride, mv_ssize itemsize)
{
    cursor *c = ctx;
    if (stride == itemsize) {
        memcpy(row, c->at, (size_t)n * (size_t)itemsize);
        c->at += (size_t)n * (size_t)itemsize;
        return;
    }
    for (mv_ssize i = 0; i < n; i++) {
        memcpy(row + (int64_t)i * stride, c->at, (size_t)itemsize);
        c->at += itemsize;
    }
}

/* Element-by-element copy of two disjoint, non-empty views of equal
 * structure (the same walk over both). */
static void copy_dim(const mv_view *dst, const mv_view *src, int32_t dim, int64_t doff,
                     int64_t soff)
{
    mv_ssize n = dst->shape[dim];
    if (dim == dst->ndim - 1) {
        for (mv_ssize i = 0; i < n; i++)
            memcpy(dst->buf + doff + (int64_t)i * dst->strides[dim],
                   src->buf + soff + (int64_t)i * src->strides[dim], (size_t)dst->itemsize);
        return;
    }
    for (mv_ssize i = 0; i < n; i++)
        copy_dim(dst, src, dim + 1, doff + (int64_t)i * dst->strides[dim],
                 soff + (int64_t)i * src->strides[dim]);
}

static void copy_disjoint(const mv_view *dst, const mv_view *src)
{
    if (dst->ndim == 0)
        memcpy(dst->buf, src->buf, (size_t)dst->itemsize);
    else
        copy_dim(dst, src, 0, 0, 0);
}

mv_status mv_view_assign_compatible(const mv_view *dst, const mv_view *src, mv_error *err)
{
    if (!same_structure(dst, src)) {
        mv_set_error(err, "memoryview assignment: lvalue and rvalue have different structures");
        return MV_VALUE_ERROR;
    }
    return MV_OK;
}

mv_status mv_view_assign(const mv_view *dst, const mv_view *src, uint8_t *scratch,
                         mv_error *err)
{
    mv_status st = mv_view_assign_compatible(dst, src, err);
    if (st != MV_OK)
        return st;
    if (mv_view_count(dst) == 0)
        return MV_OK;
    if (both_contiguous(dst, src)) {
        memmove(dst->buf, src->buf, (size_t)dst->len);
        return MV_OK;
    }
    if (!overlaps(dst, src)) {
        copy_disjoint(dst, src);
        return MV_OK;
    }
    if (scratch == NULL) {
        mv_set_error(err, "memoryview assignment: missing scratch buffer");
        return MV_MEMORY_ERROR;
    }
    cursor c = {scratch};
    mv_visit_rows(src, 0, gather_row, &c);
    c.at = scratch;
    mv_visit_rows(dst, 0, scatter_row, &c);
    return MV_OK;
}
