/* item.c — one item of a format code to and from bytes and mv_value.
 *
 * Shared by memoryview (element access, tolist, ==) and struct. Never casts a
 * float to an integer type (wasm traps on out-of-range truncations) and never
 * narrows a double outside float's range with a C cast (undefined in C11). */
#include "internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

uint64_t mv_load_uint(const uint8_t *p, int size, int big_endian)
{
    uint64_t x = 0;
    for (int k = 0; k < size; k++) {
        int at = big_endian ? k : size - 1 - k; /* most significant first */
        x = (x << 8) | p[at];
    }
    return x;
}

void mv_store_uint(uint8_t *p, int size, uint64_t bits, int big_endian)
{
    for (int k = 0; k < size; k++) {
        int at = big_endian ? size - 1 - k : k; /* least significant first */
        p[at] = (uint8_t)(bits & 0xff);
        bits >>= 8;
    }
}

int64_t mv_sign_extend(uint64_t bits, int size)
{
    if (size >= 8) {
        int64_t v;
        memcpy(&v, &bits, sizeof v);
        return v;
    }
    uint64_t sign = (uint64_t)1 << (8 * size - 1);
    uint64_t low = bits & ((sign << 1) - 1);
    /* (low ^ sign) - sign is the two's-complement value, computed without
     * converting an out-of-range unsigned to signed. */
    return (int64_t)(low ^ sign) - (int64_t)sign;
}

/* The host's byte order: the '@' layout. */
static int host_is_big_endian(void)
{
    const uint16_t probe = 1;
    uint8_t first;
    memcpy(&first, &probe, 1);
    return first == 0;
}

/* ---- IEEE binary16 ------------------------------------------------------ */

static uint64_t double_bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static double bits_double(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* Shifts m right by n (n >= 1), rounding half to even. */
static uint64_t shift_round_even(uint64_t m, int n)
{
    if (n >= 64)
        return 0; /* m < 2**53, so far below half a unit */
    uint64_t q = m >> n;
    uint64_t rest = m & (((uint64_t)1 << n) - 1);
    uint64_t half = (uint64_t)1 << (n - 1);
    if (rest > half || (rest == half && (q & 1)))
        q++;
    return q;
}

int mv_half_pack(double x, uint8_t *p, int big_endian)
{
    uint64_t b = double_bits(x);
    uint16_t sign = (uint16_t)((b >> 48) & 0x8000);
    int exp = (int)((b >> 52) & 0x7ff);
    uint64_t frac = b & (((uint64_t)1 << 52) - 1);
    uint16_t h;

    if (exp == 0x7ff) {
        if (frac == 0) {
            h = sign | 0x7c00;
        } else {
            /* NaN: keep the top ten payload bits; never let it become inf. */
            uint16_t payload = (uint16_t)(frac >> 42);
            if (payload == 0)
                payload = 0x200;
            h = sign | 0x7c00 | payload;
        }
    } else if (exp == 0) {
        h = sign; /* zero or a double subnormal: far below binary16's range */
    } else {
        int e = exp - 1023; /* x = 1.frac * 2**e */
        uint64_t m = frac | ((uint64_t)1 << 52);
        uint64_t mag;
        if (e >= -14) {
            if (e > 15)
                return -1;
            /* Normal: 10 fraction bits; a carry out of the fraction bumps the
             * exponent, which is the right result (and may reach inf). */
            mag = ((uint64_t)(e + 15) << 10) + (shift_round_even(m, 42) - 0x400);
        } else {
            /* Subnormal: units of 2**-24, so mag = m * 2**(e - 52 + 24). */
            mag = shift_round_even(m, 28 - e);
        }
        if (mag >= 0x7c00)
            return -1;
        h = sign | (uint16_t)mag;
    }
    mv_store_uint(p, 2, h, big_endian);
    return 0;
}

double mv_half_unpack(const uint8_t *p, int big_endian)
{
    uint16_t h = (uint16_t)mv_load_uint(p, 2, big_endian);
    int sign = h >> 15;
    int e = (h >> 10) & 0x1f;
    int f = h & 0x3ff;
    double x;
    if (e == 0x1f) {
        if (f == 0)
            x = INFINITY;
        else /* NaN: carry the payload over, as CPython 3.14 does */
            return bits_double(((uint64_t)sign << 63) | ((uint64_t)0x7ff << 52) |
                               ((uint64_t)f << 42));
    } else if (e == 0) {
        x = ldexp((double)f, -24);
    } else {
        x = ldexp((double)(f + 0x400), e - 25);
    }
    return sign ? -x : x;
}

/* ---- integers ----------------------------------------------------------- */

int mv_int_fits(const mv_code *c, const mv_value *v)
{
    if (v->tag == MV_VAL_BOOL)
        return 1;
    if (v->tag != MV_VAL_INT || v->intrange > 1)
        return 0;
    int bits = 8 * c->size;
    if (v->intrange == 1) /* in [2**63, 2**64) */
        return bits == 64 && c->kind != MV_KIND_SIGNED;
    int64_t i = v->i;
    if (bits == 64)
        return c->kind != MV_KIND_UNSIGNED || i >= 0;
    int64_t smin = -((int64_t)1 << (bits - 1));
    int64_t smax = ((int64_t)1 << (bits - 1)) - 1;
    int64_t umax = ((int64_t)1 << bits) - 1;
    switch (c->kind) {
    case MV_KIND_SIGNED:
        return i >= smin && i <= smax;
    case MV_KIND_UNSIGNED:
        return i >= 0 && i <= umax;
    case MV_KIND_POINTER:
        return i >= smin && i <= umax;
    default:
        return 0;
    }
}

uint64_t mv_int_bits(const mv_value *v)
{
    uint64_t u;
    memcpy(&u, &v->i, sizeof u);
    return u;
}

/* ---- one native item ---------------------------------------------------- */

void mv_value_set_int(mv_value *out, int64_t i)
{
    out->tag = MV_VAL_INT;
    out->i = i;
    out->d = (double)i;
    out->intrange = 0;
    out->truthy = i != 0;
}

void mv_value_set_uint(mv_value *out, uint64_t u)
{
    out->tag = MV_VAL_INT;
    memcpy(&out->i, &u, sizeof u);
    out->d = (double)u;
    out->intrange = u > (uint64_t)INT64_MAX;
    out->truthy = u != 0;
}

void mv_value_set_float(mv_value *out, double d)
{
    out->tag = MV_VAL_FLOAT;
    out->d = d;
    out->i = 0;
    out->intrange = 0;
    out->truthy = d != 0.0; /* NaN is truthy */
}

void mv_unpack_item(const mv_code *c, const uint8_t *p, int big_endian, mv_value *out)
{
    memset(out, 0, sizeof *out);
    switch (c->kind) {
    case MV_KIND_SIGNED:
        mv_value_set_int(out, mv_sign_extend(mv_load_uint(p, c->size, big_endian), c->size));
        break;
    case MV_KIND_UNSIGNED:
    case MV_KIND_POINTER:
        mv_value_set_uint(out, mv_load_uint(p, c->size, big_endian));
        break;
    case MV_KIND_FLOAT:
        if (c->size == 2) {
            mv_value_set_float(out, mv_half_unpack(p, big_endian));
        } else if (c->size == 4) {
            uint32_t bits = (uint32_t)mv_load_uint(p, 4, big_endian);
            float f;
            memcpy(&f, &bits, sizeof f);
            mv_value_set_float(out, (double)f);
        } else {
            uint64_t bits = mv_load_uint(p, 8, big_endian);
            double d;
            memcpy(&d, &bits, sizeof d);
            mv_value_set_float(out, d);
        }
        break;
    case MV_KIND_BOOL:
        out->tag = MV_VAL_BOOL;
        out->i = p[0] != 0; /* any non-zero byte is True */
        out->d = (double)out->i;
        out->truthy = (int32_t)out->i;
        break;
    case MV_KIND_CHAR:
        out->tag = MV_VAL_BYTES;
        out->data = p;
        out->len = 1;
        out->truthy = 1;
        break;
    default:
        break; /* x s p: not items; the caller never asks */
    }
}

void mv_unpack_native(const mv_code *c, const uint8_t *p, mv_value *out)
{
    mv_unpack_item(c, p, host_is_big_endian(), out);
}

/* C's double-to-float conversion, as the FPU does it (round to nearest, inf
 * beyond the largest float plus half an ulp), without the undefined C cast. */
static float narrow_to_float(double d)
{
    if (isfinite(d) && fabs(d) > FLT_MAX) {
        /* 2**128 - 2**103 is FLT_MAX + half an ulp: from there on, rounding
         * to nearest-even goes to inf (FLT_MAX's last bit is odd). */
        float mag = fabs(d) >= 0x1.ffffffp127 ? INFINITY : FLT_MAX;
        return d < 0 ? -mag : mag;
    }
    return (float)d;
}

/* The double a float code stores for v, or a failure. */
static mv_pack_result value_as_double(const mv_value *v, double *out)
{
    switch (v->tag) {
    case MV_VAL_FLOAT:
        *out = v->d;
        return MV_PACK_OK;
    case MV_VAL_INT:
        if (isinf(v->d))
            return MV_PACK_BAD_VALUE; /* int too large to convert to float */
        *out = v->d;
        return MV_PACK_OK;
    case MV_VAL_BOOL:
        *out = v->i ? 1.0 : 0.0;
        return MV_PACK_OK;
    default:
        return MV_PACK_BAD_TYPE;
    }
}

mv_pack_result mv_pack_native(const mv_code *c, uint8_t *p, const mv_value *v)
{
    int be = host_is_big_endian();
    switch (c->kind) {
    case MV_KIND_SIGNED:
    case MV_KIND_UNSIGNED:
    case MV_KIND_POINTER:
        if (v->tag != MV_VAL_INT && v->tag != MV_VAL_BOOL)
            return MV_PACK_BAD_TYPE;
        if (!mv_int_fits(c, v))
            return MV_PACK_BAD_VALUE;
        mv_store_uint(p, c->size, v->tag == MV_VAL_BOOL ? (uint64_t)(v->i != 0) : mv_int_bits(v),
                      be);
        return MV_PACK_OK;
    case MV_KIND_FLOAT: {
        double d;
        mv_pack_result r = value_as_double(v, &d);
        if (r != MV_PACK_OK)
            return r;
        if (c->size == 2) {
            if (mv_half_pack(d, p, be) < 0)
                return MV_PACK_BAD_VALUE;
        } else if (c->size == 4) {
            float f = narrow_to_float(d);
            memcpy(p, &f, sizeof f);
        } else {
            memcpy(p, &d, sizeof d);
        }
        return MV_PACK_OK;
    }
    case MV_KIND_BOOL:
        p[0] = v->truthy ? 1 : 0;
        return MV_PACK_OK;
    case MV_KIND_CHAR:
        if (v->tag != MV_VAL_BYTES)
            return MV_PACK_BAD_TYPE;
        if (v->len != 1)
            return MV_PACK_BAD_VALUE;
        p[0] = v->data[0];
        return MV_PACK_OK;
    default:
        return MV_PACK_BAD_TYPE;
    }
}
