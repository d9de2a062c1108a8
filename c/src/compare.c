/* compare.c — m == other for two live views (CPython's memory_richcompare,
 * facts §7).
 *
 * Equivalent shapes first; then, when both formats are the same native code,
 * raw C values are compared (NaN != NaN, -0.0 == 0.0, '?' by raw byte, 'e'
 * unpacked); otherwise each element is compared as the Python values struct
 * would unpack. Every format a view here can hold is a native code, so the
 * struct path never meets a format it rejects; a format that is not one
 * makes the views unequal (no exception). */
#include "internal.h"

#include <math.h>
#include <string.h>

/* equiv_shape: same ndim, same dimensions up to the first 0-length one. */
static int same_shape(const mv_view *a, const mv_view *b)
{
    if (a->ndim != b->ndim)
        return 0;
    for (int32_t k = 0; k < a->ndim; k++) {
        if (a->shape[k] != b->shape[k])
            return 0;
        if (a->shape[k] == 0)
            break;
    }
    return 1;
}

/* Python's int == float, exactly (no rounding of the int to a double). */
static int int_equals_double(const mv_value *x, double d)
{
    if (!isfinite(d) || d != floor(d))
        return 0;
    if (x->intrange == 1) { /* x in [2**63, 2**64) */
        if (d < 9223372036854775808.0 || d >= 18446744073709551616.0)
            return 0;
        uint64_t u;
        memcpy(&u, &x->i, sizeof u);
        return (uint64_t)d == u;
    }
    if (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
        return 0;
    return (int64_t)d == x->i;
}

/* The value an item stands for in Python: bools count as the ints 0 and 1. */
static int is_int_like(const mv_value *x)
{
    return x->tag == MV_VAL_INT || x->tag == MV_VAL_BOOL;
}

/* Python's == between two unpacked items of different codes. */
static int values_equal(const mv_value *x, const mv_value *y)
{
    if (x->tag == MV_VAL_BYTES || y->tag == MV_VAL_BYTES) {
        return x->tag == MV_VAL_BYTES && y->tag == MV_VAL_BYTES && x->len == y->len &&
               memcmp(x->data, y->data, (size_t)x->len) == 0;
    }
    if (is_int_like(x) && is_int_like(y))
        return x->i == y->i && (x->intrange == 1) == (y->intrange == 1);
    if (x->tag == MV_VAL_FLOAT && y->tag == MV_VAL_FLOAT)
        return x->d == y->d;
    if (x->tag == MV_VAL_FLOAT)
        return int_equals_double(y, x->d);
    return int_equals_double(x, y->d);
}

typedef struct comparison {
    const mv_code *a, *b;
    int same_code; /* the fast path */
} comparison;

static int items_equal(const comparison *c, const uint8_t *p, const uint8_t *q)
{
    if (c->same_code && (c->a->kind == MV_KIND_BOOL || c->a->kind == MV_KIND_CHAR))
        return p[0] == q[0]; /* raw bytes, so '?' bytes 1 and 2 differ */
    mv_value x, y;
    mv_unpack_native(c->a, p, &x);
    mv_unpack_native(c->b, q, &y);
    return values_equal(&x, &y);
}

static int equal_dim(const comparison *c, const mv_view *a, const mv_view *b, int32_t dim,
                     int64_t aoff, int64_t boff)
{
    mv_ssize n = a->shape[dim];
    for (mv_ssize i = 0; i < n; i++) {
        int64_t ai = aoff + (int64_t)i * a->strides[dim];
        int64_t bi = boff + (int64_t)i * b->strides[dim];
        int eq = dim == a->ndim - 1 ? items_equal(c, a->buf + ai, b->buf + bi)
                                    : equal_dim(c, a, b, dim + 1, ai, bi);
        if (!eq)
            return 0;
    }
    return 1;
}

int32_t mv_view_equals(const mv_view *a, const mv_view *b)
{
    if (!same_shape(a, b))
        return 0;
    comparison c;
    c.a = mv_item_code(a->format);
    c.b = mv_item_code(b->format);
    if (c.a == NULL || c.b == NULL)
        return 0; /* struct would reject it (or we cannot read it): unequal */
    c.same_code = c.a == c.b;
    if (a->ndim == 0)
        return items_equal(&c, a->buf, b->buf);
    if (mv_view_count(a) == 0)
        return 1;
    if (c.same_code && c.a->kind != MV_KIND_FLOAT && (a->flags & MV_C_CONTIGUOUS) &&
        (b->flags & MV_C_CONTIGUOUS))
        /* For one non-float code, equal values are equal bytes (and '?'
         * compares bytes anyway): one memcmp over C-ordered memory. */
        return memcmp(a->buf, b->buf, (size_t)a->len) == 0;
    return equal_dim(&c, a, b, 0, 0, 0);
}
