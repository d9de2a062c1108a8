/* lookup.c — memoryview.count(value) and memoryview.index(value, start, stop)
 * (CPython 3.14, facts §11): the items of a 1-D view that equal a value as
 * Python's == compares an item's value with an int, a float or bytes.
 *
 * The value is turned once into what an item must be to equal it: the item's
 * exact integer, or a double for float items, or one byte for 'c'; a value no
 * item of the format can equal matches nothing. Then one loop per item width
 * compares raw items with that target; contiguous views run loops simple
 * enough for the compiler to vectorize. */
#include "internal.h"

#include <math.h>
#include <string.h>

/* What an item must be to equal the value. */
typedef struct target {
    int never;     /* no item of the format equals the value */
    uint64_t bits; /* integer and 'c' items: the item's bytes as an integer */
    double d;      /* float items */
} target;

/* The value as an exact integer in [-2**63, 2**64): *neg tells the sign of
 * *u (two's complement when negative). 0 when it is not an integer there. */
static int value_integer(const mv_value *x, uint64_t *u, int *neg)
{
    switch (x->tag) {
    case MV_VAL_INT:
        if (x->intrange >= 2)
            return 0;
        memcpy(u, &x->i, sizeof *u);
        *neg = x->intrange == 0 && x->i < 0;
        return 1;
    case MV_VAL_BOOL:
        *u = x->i != 0;
        *neg = 0;
        return 1;
    case MV_VAL_FLOAT: {
        double d = x->d;
        if (!isfinite(d) || d != floor(d) || d < -9223372036854775808.0 || d >= 18446744073709551616.0)
            return 0;
        if (d < 0) {
            int64_t s = (int64_t)d; /* in range: no trap */
            memcpy(u, &s, sizeof *u);
            *neg = 1;
        } else {
            *u = (uint64_t)d;
            *neg = 0;
        }
        return 1;
    }
    default:
        return 0;
    }
}

/* The value as a double that equals it exactly (Python compares int and float
 * exactly); 0 when there is none. */
static int value_double(const mv_value *x, double *d)
{
    switch (x->tag) {
    case MV_VAL_FLOAT:
        *d = x->d;
        return 1;
    case MV_VAL_BOOL:
        *d = x->i != 0;
        return 1;
    case MV_VAL_INT: {
        if (x->intrange >= 2) { /* past 64 bits: d, when it is the int exactly */
            *d = x->d;
            return x->intrange == 3;
        }
        if (x->intrange == 1) {
            uint64_t u;
            memcpy(&u, &x->i, sizeof u);
            double e = (double)u;
            if (e >= 18446744073709551616.0 || (uint64_t)e != u)
                return 0;
            *d = e;
            return 1;
        }
        double e = (double)x->i;
        if (e >= 9223372036854775808.0 || (int64_t)e != x->i)
            return 0;
        *d = e;
        return 1;
    }
    default:
        return 0;
    }
}

static target make_target(const mv_code *c, const mv_value *x)
{
    target t = {1, 0, 0.0};
    uint64_t u;
    int neg;
    switch (c->kind) {
    case MV_KIND_SIGNED:
    case MV_KIND_UNSIGNED:
    case MV_KIND_POINTER: {
        if (!value_integer(x, &u, &neg))
            return t;
        int bits = 8 * c->size;
        if (c->kind == MV_KIND_SIGNED) {
            int64_t s;
            memcpy(&s, &u, sizeof s);
            if (!neg && u > (uint64_t)INT64_MAX)
                return t;
            if (bits < 64 && (s < -((int64_t)1 << (bits - 1)) || s >= ((int64_t)1 << (bits - 1))))
                return t;
            t.bits = bits < 64 ? u & (((uint64_t)1 << bits) - 1) : u;
        } else {
            if (neg || (bits < 64 && u >> bits))
                return t;
            t.bits = u;
        }
        t.never = 0;
        return t;
    }
    case MV_KIND_BOOL: /* an item is False or True: 0 or 1 */
        if (!value_integer(x, &u, &neg) || neg || u > 1)
            return t;
        t.bits = u;
        t.never = 0;
        return t;
    case MV_KIND_FLOAT:
        if (!value_double(x, &t.d) || isnan(t.d))
            return t;
        t.never = 0;
        return t;
    case MV_KIND_CHAR:
        if (x->tag != MV_VAL_BYTES || x->len != 1)
            return t;
        t.bits = x->data[0];
        t.never = 0;
        return t;
    default:
        return t;
    }
}

/* The item at p as its raw bits (an integer of c->size bytes, little-endian
 * as wasm32 is). */
static uint64_t load(const uint8_t *p, int size)
{
    switch (size) {
    case 1: return p[0];
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static double load_float(const mv_code *c, const uint8_t *p)
{
    if (c->size == 2)
        return mv_half_unpack(p, 0);
    if (c->size == 4) {
        float f;
        memcpy(&f, p, 4);
        return f;
    }
    double d;
    memcpy(&d, p, 8);
    return d;
}

/* Whether the item at p equals the target; big-endian items (beyond CPython)
 * are read in their order. */
static int equal_be(const mv_code *c, const uint8_t *p, const target *t)
{
    mv_value x;
    mv_unpack_item(c, p, 1, &x);
    if (c->kind == MV_KIND_FLOAT)
        return x.d == t->d;
    if (c->kind == MV_KIND_BOOL)
        return (p[0] != 0) == (t->bits != 0);
    return mv_load_uint(p, c->size, 1) == t->bits;
}

/* Whether the item at p equals the target. */
static int equal(const mv_code *c, const uint8_t *p, const target *t)
{
    if (c->kind == MV_KIND_FLOAT)
        return load_float(c, p) == t->d;
    if (c->kind == MV_KIND_BOOL)
        return (p[0] != 0) == (t->bits != 0);
    return load(p, c->size) == t->bits;
}

/* Counts the contiguous items of `size` bytes equal to `bits` in [p, p + n * size). */
static mv_ssize count_bits(const uint8_t *p, mv_ssize n, int size, uint64_t bits)
{
    mv_ssize k = 0;
    switch (size) {
    case 1: {
        uint8_t b = (uint8_t)bits;
        for (mv_ssize i = 0; i < n; i++)
            k += p[i] == b;
        return k;
    }
    case 2: {
        uint16_t b = (uint16_t)bits;
        for (mv_ssize i = 0; i < n; i++) {
            uint16_t v;
            memcpy(&v, p + 2 * i, 2);
            k += v == b;
        }
        return k;
    }
    case 4: {
        uint32_t b = (uint32_t)bits;
        for (mv_ssize i = 0; i < n; i++) {
            uint32_t v;
            memcpy(&v, p + 4 * i, 4);
            k += v == b;
        }
        return k;
    }
    default:
        for (mv_ssize i = 0; i < n; i++) {
            uint64_t v;
            memcpy(&v, p + 8 * i, 8);
            k += v == bits;
        }
        return k;
    }
}

/* Contiguous doubles (the common float view): loops the compiler can keep in
 * registers and vectorize, against the per-item decode of equal(). */
static mv_ssize count_double(const uint8_t *p, mv_ssize n, double d)
{
    mv_ssize k = 0;
    for (mv_ssize i = 0; i < n; i++) {
        double x;
        memcpy(&x, p + 8 * i, 8);
        k += x == d;
    }
    return k;
}

static mv_ssize find_double(const uint8_t *p, mv_ssize n, double d, mv_ssize start)
{
    for (mv_ssize i = 0; i < n; i++) {
        double x;
        memcpy(&x, p + 8 * i, 8);
        if (x == d)
            return start + i;
    }
    return -1;
}

mv_status mv_view_lookup(const mv_view *v, const mv_value *value, mv_ssize start, mv_ssize stop,
                         int32_t first_only, mv_ssize *out, mv_error *err)
{
    *out = first_only ? -1 : 0;
    if (v->ndim != 1 || start < 0 || stop > v->shape[0]) {
        mv_set_error(err, "memoryview: lookup needs a 1-D view and a range within it");
        return MV_VALUE_ERROR;
    }
    if (start >= stop)
        return MV_OK;
    const mv_code *c;
    int be = 0;
    if ((c = mv_item_code_bo(v->format, &be)) == NULL || !be) {
        mv_status st = MV_OK;
        if (c == NULL && (st = mv_format_item(v->format, &c, err)) != MV_OK)
            return st; /* CPython reads the first item */
    }
    const target t = make_target(c, value);
    if (t.never)
        return MV_OK;
    const mv_ssize stride = v->strides[0];
    const uint8_t *p = v->buf + (int64_t)start * stride;
    const mv_ssize n = stop - start;
    if (be) {
        mv_ssize k = 0;
        for (mv_ssize i = 0; i < n; i++, p += stride) {
            if (equal_be(c, p, &t)) {
                if (first_only) {
                    *out = start + i;
                    return MV_OK;
                }
                k++;
            }
        }
        if (!first_only)
            *out = k;
        return MV_OK;
    }
    if (c->kind == MV_KIND_FLOAT && c->size == 8 && stride == 8) {
        *out = first_only ? find_double(p, n, t.d, start) : count_double(p, n, t.d);
        return MV_OK;
    }
    int raw = c->kind != MV_KIND_FLOAT && c->kind != MV_KIND_BOOL;
    if (first_only) {
        if (raw && c->size == 1 && stride == 1) {
            const void *hit = memchr(p, (int)t.bits, (size_t)n);
            *out = hit == NULL ? -1 : start + (mv_ssize)((const uint8_t *)hit - p);
            return MV_OK;
        }
        for (mv_ssize i = 0; i < n; i++, p += stride)
            if (equal(c, p, &t)) {
                *out = start + i;
                return MV_OK;
            }
        return MV_OK;
    }
    if (raw && stride == c->size) {
        *out = count_bits(p, n, c->size, t.bits);
        return MV_OK;
    }
    mv_ssize k = 0;
    for (mv_ssize i = 0; i < n; i++, p += stride)
        k += equal(c, p, &t);
    *out = k;
    return MV_OK;
}

/* ---- records (beyond CPython) ---------------------------------------------- */

/* Whether the record at p holds values[0 .. n), each equal by Python's ==. */
static int record_equals(const mv_struct *s, const uint8_t *p, const mv_value *values, mv_ssize n)
{
    if (n != s->nvalues)
        return 0;
    const mv_value *want = values;
    for (mv_ssize k = 0; k < s->ncodes; k++) {
        const mv_struct_code *sc = &s->codes[k];
        for (mv_ssize r = 0; r < sc->repeat; r++, want++) {
            if (want->tag == MV_VAL_OTHER)
                return 0;
            mv_value x;
            mv_struct_unpack_value(sc, p + sc->offset + r * sc->size, s->big_endian, &x);
            if (!mv_values_equal(&x, want))
                return 0;
        }
    }
    return 1;
}

mv_status mv_view_lookup_record(const mv_view *v, const mv_value *values, mv_ssize nvalues,
                                mv_ssize start, mv_ssize stop, int32_t first_only, mv_ssize *out,
                                mv_error *err)
{
    *out = first_only ? -1 : 0;
    mv_struct s;
    mv_struct_code codes[MV_FORMAT_MAX];
    if (v->ndim != 1 || start < 0 || stop > v->shape[0] || !mv_record_format(v->format, &s, codes)) {
        mv_set_error(err, "memoryview: record lookup needs a 1-D record view and a range within it");
        return MV_VALUE_ERROR;
    }
    mv_ssize k = 0;
    const uint8_t *p = v->buf + (int64_t)start * v->strides[0];
    for (mv_ssize i = start; i < stop; i++, p += v->strides[0]) {
        if (record_equals(&s, p, values, nvalues)) {
            if (first_only) {
                *out = i;
                return MV_OK;
            }
            k++;
        }
    }
    if (!first_only)
        *out = k;
    return MV_OK;
}
