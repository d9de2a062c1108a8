/* compare.c — m == other for two live views (CPython's memory_richcompare,
 * facts §7).
 *
 * Equivalent shapes first; then, when both formats are the same native code,
 * raw C values are compared (NaN != NaN, -0.0 == 0.0, '?' by raw byte, 'e'
 * unpacked); otherwise each element is compared as the Python values struct
 * would unpack. Every format a view here can hold is a native code, so the
 * struct path never meets a format it rejects; a format that is not one
 * makes the views unequal (no exception).
 *
 * Same-code rows go through fast loops over a whole row (or, for C-contiguous
 * views, over all items at once): bytes compared as memcmp would, 'd' and 'f'
 * by C's ==, 64 bytes or 8 values a step with wasm SIMD. The native build
 * runs their scalar forms, which give the same answers. */
#include "internal.h"

#include <math.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

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
int mv_values_equal(const mv_value *x, const mv_value *y)
{
    if (x->tag == MV_VAL_BYTES || y->tag == MV_VAL_BYTES) {
        return x->tag == MV_VAL_BYTES && y->tag == MV_VAL_BYTES && x->len == y->len &&
               memcmp(x->data, y->data, (size_t)x->len) == 0;
    }
    /* an int past 64 bits (only a caller's value is) equals the float of its
     * value, when it has one (intrange 3), and nothing else */
    if (x->tag == MV_VAL_INT && x->intrange >= 2)
        return x->intrange == 3 && y->tag == MV_VAL_FLOAT && y->d == x->d;
    if (y->tag == MV_VAL_INT && y->intrange >= 2)
        return y->intrange == 3 && x->tag == MV_VAL_FLOAT && x->d == y->d;
    if (is_int_like(x) && is_int_like(y))
        return x->i == y->i && (x->intrange == 1) == (y->intrange == 1);
    if (x->tag == MV_VAL_FLOAT && y->tag == MV_VAL_FLOAT)
        return x->d == y->d;
    if (x->tag == MV_VAL_FLOAT)
        return int_equals_double(y, x->d);
    return int_equals_double(x, y->d);
}

/* ---- fast loops: same code, items packed or at fixed strides ------------- */

/* n bytes at a and b are equal (memcmp's answer; 64 bytes a step with SIMD). */
static int bytes_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    size_t i = 0;
#ifdef __wasm_simd128__
    for (; i + 64 <= n; i += 64) {
        v128_t d0 = wasm_v128_xor(wasm_v128_load(a + i), wasm_v128_load(b + i));
        v128_t d1 = wasm_v128_xor(wasm_v128_load(a + i + 16), wasm_v128_load(b + i + 16));
        v128_t d2 = wasm_v128_xor(wasm_v128_load(a + i + 32), wasm_v128_load(b + i + 32));
        v128_t d3 = wasm_v128_xor(wasm_v128_load(a + i + 48), wasm_v128_load(b + i + 48));
        if (wasm_v128_any_true(wasm_v128_or(wasm_v128_or(d0, d1), wasm_v128_or(d2, d3))))
            return 0;
    }
    for (; i + 16 <= n; i += 16)
        if (wasm_v128_any_true(wasm_v128_xor(wasm_v128_load(a + i), wasm_v128_load(b + i))))
            return 0;
#endif
    return memcmp(a + i, b + i, n - i) == 0;
}

/* n packed doubles (floats) at a and b are equal by C's ==, which is Python's
 * float ==: NaN is unequal to everything, -0.0 equals 0.0. */
static int doubles_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    size_t i = 0;
#ifdef __wasm_simd128__
    for (; i + 8 <= n; i += 8) {
        const uint8_t *p = a + 8 * i, *q = b + 8 * i;
        v128_t e = wasm_v128_and(
            wasm_v128_and(wasm_f64x2_eq(wasm_v128_load(p), wasm_v128_load(q)),
                          wasm_f64x2_eq(wasm_v128_load(p + 16), wasm_v128_load(q + 16))),
            wasm_v128_and(wasm_f64x2_eq(wasm_v128_load(p + 32), wasm_v128_load(q + 32)),
                          wasm_f64x2_eq(wasm_v128_load(p + 48), wasm_v128_load(q + 48))));
        if (!wasm_i64x2_all_true(e))
            return 0;
    }
#endif
    for (; i < n; i++) {
        double x, y;
        memcpy(&x, a + 8 * i, 8);
        memcpy(&y, b + 8 * i, 8);
        if (!(x == y))
            return 0;
    }
    return 1;
}

static int floats_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    size_t i = 0;
#ifdef __wasm_simd128__
    for (; i + 16 <= n; i += 16) {
        const uint8_t *p = a + 4 * i, *q = b + 4 * i;
        v128_t e = wasm_v128_and(
            wasm_v128_and(wasm_f32x4_eq(wasm_v128_load(p), wasm_v128_load(q)),
                          wasm_f32x4_eq(wasm_v128_load(p + 16), wasm_v128_load(q + 16))),
            wasm_v128_and(wasm_f32x4_eq(wasm_v128_load(p + 32), wasm_v128_load(q + 32)),
                          wasm_f32x4_eq(wasm_v128_load(p + 48), wasm_v128_load(q + 48))));
        if (!wasm_i32x4_all_true(e))
            return 0;
    }
#endif
    for (; i < n; i++) {
        float x, y;
        memcpy(&x, a + 4 * i, 4);
        memcpy(&y, b + 4 * i, 4);
        if (!(x == y))
            return 0;
    }
    return 1;
}

/* How one side's items unpack: a compiled struct (one code for an item
 * format; the record's codes for a record). */
typedef struct side {
    mv_struct s;
    mv_struct_code codes[MV_FORMAT_MAX];
} side;

/* Compiles the side of a view's format; 0 when it has none. */
static int side_init(side *sd, const char *format)
{
    int be = 0;
    const mv_code *c = mv_item_code_bo(format, &be);
    if (c != NULL) {
        sd->codes[0] = (mv_struct_code){0, c->size, 1, c, 0};
        sd->s = (mv_struct){c->size, 1, 1, be, sd->codes};
        return 1;
    }
    return mv_record_format(format, &sd->s, sd->codes);
}

typedef struct comparison {
    const mv_code *a, *b; /* the item codes, or NULL for records */
    int same_code;        /* the fast path */
    const side *sa, *sb;
} comparison;

/* How a row of one same code compares: its items' bytes (every code but the
 * floats: equal values are equal bytes, and '?' compares bytes anyway), as
 * doubles or floats, or item by item through values ('e', different codes). */
typedef enum row_rule { ROW_BYTES, ROW_DOUBLES, ROW_FLOATS, ROW_VALUES } row_rule;

static row_rule rule_of(const comparison *c)
{
    if (!c->same_code)
        return ROW_VALUES;
    if (c->a->kind != MV_KIND_FLOAT)
        return ROW_BYTES;
    if (c->a->code == 'd')
        return ROW_DOUBLES;
    if (c->a->code == 'f')
        return ROW_FLOATS;
    return ROW_VALUES;
}

/* n packed items of the rule's kind at a and b are equal. */
static int packed_equal(row_rule rule, const uint8_t *a, const uint8_t *b, size_t n,
                        size_t itemsize)
{
    switch (rule) {
    case ROW_BYTES:
        return bytes_equal(a, b, n * itemsize);
    case ROW_DOUBLES:
        return doubles_equal(a, b, n);
    case ROW_FLOATS:
        return floats_equal(a, b, n);
    case ROW_VALUES:
        break;
    }
    return 0; /* not reached: ROW_VALUES rows are compared item by item */
}

/* The items' values compared in order, as CPython compares the tuples struct
 * unpacks (a one-value item is its value). */
static int struct_items_equal(const mv_struct *a, const uint8_t *p, const mv_struct *b,
                              const uint8_t *q)
{
    if (a->nvalues != b->nvalues)
        return 0;
    mv_ssize ka = 0, ra = 0, kb = 0, rb = 0;
    for (mv_ssize n = 0; n < a->nvalues; n++) {
        const mv_struct_code *ca = &a->codes[ka], *cb = &b->codes[kb];
        mv_value x, y;
        mv_struct_unpack_value(ca, p + ca->offset + ra * ca->size, a->big_endian, &x);
        mv_struct_unpack_value(cb, q + cb->offset + rb * cb->size, b->big_endian, &y);
        if (!mv_values_equal(&x, &y))
            return 0;
        if (++ra == ca->repeat) {
            ra = 0;
            ka++;
        }
        if (++rb == cb->repeat) {
            rb = 0;
            kb++;
        }
    }
    return 1;
}

static int items_equal(const comparison *c, const uint8_t *p, const uint8_t *q)
{
    if (c->same_code && (c->a->kind == MV_KIND_BOOL || c->a->kind == MV_KIND_CHAR))
        return p[0] == q[0]; /* raw bytes, so '?' bytes 1 and 2 differ */
    return struct_items_equal(&c->sa->s, p, &c->sb->s, q);
}

/* One item's bytes; fixed sizes compile to plain loads. */
static int item_bytes_equal(const uint8_t *p, const uint8_t *q, mv_ssize itemsize)
{
    switch (itemsize) {
    case 1:
        return p[0] == q[0];
    case 2:
        return memcmp(p, q, 2) == 0;
    case 4:
        return memcmp(p, q, 4) == 0;
    case 8:
        return memcmp(p, q, 8) == 0;
    default:
        return memcmp(p, q, (size_t)itemsize) == 0;
    }
}

/* One innermost row of each view: n items, sa and sb bytes apart. */
static int rows_equal(const comparison *c, row_rule rule, const uint8_t *a, mv_ssize sa,
                      const uint8_t *b, mv_ssize sb, mv_ssize n, mv_ssize itemsize)
{
    if (rule != ROW_VALUES && sa == itemsize && sb == itemsize)
        return packed_equal(rule, a, b, (size_t)n, (size_t)itemsize);
    for (mv_ssize i = 0; i < n; i++) {
        const uint8_t *p = a + (int64_t)i * sa, *q = b + (int64_t)i * sb;
        int eq = rule == ROW_VALUES  ? items_equal(c, p, q)
                 : rule == ROW_BYTES ? item_bytes_equal(p, q, itemsize)
                                     : packed_equal(rule, p, q, 1, (size_t)itemsize);
        if (!eq)
            return 0;
    }
    return 1;
}

static int equal_dim(const comparison *c, row_rule rule, const mv_view *a, const mv_view *b,
                     int32_t dim, int64_t aoff, int64_t boff)
{
    if (dim == a->ndim - 1)
        return rows_equal(c, rule, a->buf + aoff, a->strides[dim], b->buf + boff,
                          b->strides[dim], a->shape[dim], a->itemsize);
    mv_ssize n = a->shape[dim];
    for (mv_ssize i = 0; i < n; i++) {
        int64_t ai = aoff + (int64_t)i * a->strides[dim];
        int64_t bi = boff + (int64_t)i * b->strides[dim];
        if (!equal_dim(c, rule, a, b, dim + 1, ai, bi))
            return 0;
    }
    return 1;
}

int32_t mv_view_equals(const mv_view *a, const mv_view *b)
{
    if (!same_shape(a, b))
        return 0;
    comparison c;
    side sa, sb;
    if (!side_init(&sa, a->format) || !side_init(&sb, b->format))
        return 0; /* struct would reject it (or we cannot read it): unequal */
    int abe = 0, bbe = 0;
    c.a = mv_item_code_bo(a->format, &abe);
    c.b = mv_item_code_bo(b->format, &bbe);
    c.sa = &sa;
    c.sb = &sb;
    /* The raw fast paths: two native items of one code (CPython's), or two
     * byte-order items of one integer code and order (equal bytes are equal
     * values there). */
    c.same_code = c.a != NULL && c.a == c.b && abe == bbe &&
                  ((mv_item_code(a->format) != NULL && mv_item_code(b->format) != NULL) ||
                   c.a->kind == MV_KIND_SIGNED || c.a->kind == MV_KIND_UNSIGNED);
    if (a->ndim == 0)
        return items_equal(&c, a->buf, b->buf);
    if (mv_view_count(a) == 0)
        return 1;
    row_rule rule = rule_of(&c);
    if (rule != ROW_VALUES && (a->flags & MV_C_CONTIGUOUS) && (b->flags & MV_C_CONTIGUOUS))
        /* Both hold their items packed in C order: one loop over all. */
        return packed_equal(rule, a->buf, b->buf, (size_t)mv_view_count(a), (size_t)a->itemsize);
    return equal_dim(&c, rule, a, b, 0, 0, 0);
}
