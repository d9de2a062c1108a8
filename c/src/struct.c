/* struct.c — Python's struct module over raw bytes (facts §10).
 *
 * A format is parsed once, by mv_struct_compile, into runs of one code each
 * (CPython's formatcode array): every later pack or unpack walks that array and
 * never looks at the format text again. The codes and their sizes come from the
 * one table of format.c (mv_code_lookup); the item codecs from item.c.
 *
 * Invariants of a compiled mv_struct (established by mv_struct_compile, relied
 * on everywhere else):
 *   - codes[0 .. ncodes) are in format order; each has repeat >= 1, and its
 *     values occupy [offset, offset + repeat * size) within [0, size);
 *   - nvalues == sum of repeat over the codes;
 *   - size is calcsize(), at most MV_SSIZE_MAX.
 * Messages and their order are CPython 3.13's _struct.c.
 */
#include "internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* ---- format grammar ----------------------------------------------------- */

/* Py_ISSPACE: what may separate items. */
static int is_format_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_mode_char(char c)
{
    return c == '@' || c == '=' || c == '<' || c == '>' || c == '!';
}

/* The host's byte order: what '@' and '=' mean (little-endian on wasm). */
static int host_is_big_endian(void)
{
    const uint16_t probe = 1;
    uint8_t first;
    memcpy(&first, &probe, 1);
    return first == 0;
}

mv_ssize mv_struct_codes_bound(const char *fmt, mv_ssize len)
{
    /* Every code comes from one format letter; digits and spaces are not
     * letters (the mode character is counted, harmlessly). */
    mv_ssize n = 0;
    for (mv_ssize k = 0; k < len; k++)
        if (!is_digit(fmt[k]) && !is_format_space(fmt[k]))
            n++;
    return n;
}

/* The next item of the format at *pos: its count (1 when none is written) and
 * its letter. Returns 0 at the end of the format, 1 for an item, -1 on error.
 * pos never passes end. */
static int next_item(const char *fmt, mv_ssize end, mv_ssize *pos, mv_ssize *count, char *letter,
                     mv_status *status, mv_error *err)
{
    mv_ssize k = *pos;
    while (k < end && is_format_space(fmt[k]))
        k++;
    if (k == end) {
        *pos = k;
        return 0;
    }
    mv_ssize num = 1;
    if (is_digit(fmt[k])) {
        num = 0;
        for (; k < end && is_digit(fmt[k]); k++) {
            int digit = fmt[k] - '0';
            /* num * 10 + digit > MV_SSIZE_MAX, without overflowing */
            if (num > (MV_SSIZE_MAX - digit) / 10) {
                mv_set_error(err, "total struct size too long");
                *status = MV_STRUCT_ERROR;
                return -1;
            }
            num = num * 10 + digit;
        }
        if (k == end) {
            mv_set_error(err, "repeat count given without format specifier");
            *status = MV_STRUCT_ERROR;
            return -1;
        }
    }
    *count = num;
    *letter = fmt[k];
    *pos = k + 1;
    return 1;
}

/* size rounded up to a multiple of align (native mode); -1 on overflow. Like
 * CPython's align(), an empty prefix is never padded. */
static mv_ssize align_offset(mv_ssize size, int align)
{
    if (align <= 1 || size == 0)
        return size;
    mv_ssize extra = (align - 1) - (size - 1) % align;
    if (extra > MV_SSIZE_MAX - size)
        return -1;
    return size + extra;
}

mv_status mv_struct_compile(const char *fmt, mv_ssize len, mv_struct_code *codes, mv_ssize cap,
                            mv_struct *out, mv_error *err)
{
    /* CPython checks the NUL before the grammar. */
    if (memchr(fmt, '\0', (size_t)len) != NULL) {
        mv_set_error(err, "embedded null character");
        return MV_STRUCT_ERROR;
    }
    mv_ssize pos = 0;
    char mode = '@';
    if (len > 0 && is_mode_char(fmt[0])) {
        mode = fmt[0];
        pos = 1;
    }

    int big_endian = (mode == '>' || mode == '!') ||
                     ((mode == '@' || mode == '=') && host_is_big_endian());
    mv_ssize size = 0, nvalues = 0, ncodes = 0, count = 0;
    char letter = 0;
    mv_status status = MV_OK;
    int more;
    while ((more = next_item(fmt, len, &pos, &count, &letter, &status, err)) == 1) {
        const mv_code *c = mv_code_lookup(letter, mode);
        if (c == NULL) {
            mv_set_error(err, "bad char in struct format");
            return MV_STRUCT_ERROR;
        }
        size = align_offset(size, c->align);
        if (size < 0 || count > (MV_SSIZE_MAX - size) / c->size) {
            mv_set_error(err, "total struct size too long");
            return MV_STRUCT_ERROR;
        }
        int is_field = c->kind == MV_KIND_STRING || c->kind == MV_KIND_PASCAL;
        if (is_field || (c->kind != MV_KIND_PAD && count > 0)) {
            if (ncodes >= cap) {
                mv_set_error(err, "struct: code array too small");
                return MV_VALUE_ERROR;
            }
            mv_ssize repeat = is_field ? 1 : count;
            if (nvalues > MV_SSIZE_MAX - repeat) { /* only with a format of ~2 GB */
                mv_set_error(err, "total struct size too long");
                return MV_STRUCT_ERROR;
            }
            mv_struct_code *sc = &codes[ncodes++];
            sc->offset = size;
            sc->size = is_field ? count : c->size;
            sc->repeat = repeat;
            sc->code = c;
            sc->access = mv_code_access(c) | (big_endian ? MV_ACCESS_BIG_ENDIAN : 0);
            nvalues += repeat;
        }
        size += count * c->size;
    }
    if (more < 0)
        return status;

    out->size = size;
    out->nvalues = nvalues;
    out->ncodes = ncodes;
    out->big_endian = big_endian;
    out->codes = codes;
    return MV_OK;
}

/* ---- packing one value -------------------------------------------------- */

static mv_status not_an_integer(mv_error *err)
{
    mv_set_error(err, "required argument is not an integer");
    return MV_STRUCT_ERROR;
}

/* CPython 3.12+'s _range_error: the bounds follow the code's size. */
static mv_status range_error(const mv_code *c, mv_error *err)
{
    int bits = 8 * c->size;
    if (c->kind == MV_KIND_UNSIGNED) {
        unsigned long long max = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
        mv_set_error(err, "'%c' format requires 0 <= number <= %llu", c->code, max);
    } else {
        long long max = (long long)((1ULL << (bits - 1)) - 1);
        mv_set_error(err, "'%c' format requires %lld <= number <= %lld", c->code, -max - 1, max);
    }
    return MV_STRUCT_ERROR;
}

/* CPython's big-endian standard 'q' and 'Q' (bp_longlong, bp_ulonglong) convert
 * with _PyLong_AsByteArray, which has already stored the low 8 bytes of the
 * value's two's complement when it reports the overflow (but nothing for a
 * negative value and 'Q'). pack_into shows them; we store the same bytes. For
 * ints beyond 64 bits the binding passes those low bits in i (intrange 2, 3) and
 * the sign in d. */
static void store_overflowed_bits(const mv_code *c, uint8_t *p, const mv_value *v)
{
    int negative = v->intrange == 0 ? v->i < 0 : (v->intrange >= 2 && v->d < 0);
    if (c->kind == MV_KIND_UNSIGNED && negative)
        return;
    mv_store_uint(p, 8, mv_int_bits(v), 1);
}

static mv_status pack_int(const mv_code *c, uint8_t *p, const mv_value *v, int be, mv_error *err)
{
    if (v->tag != MV_VAL_INT && v->tag != MV_VAL_BOOL)
        return not_an_integer(err);
    if (!mv_int_fits(c, v)) {
        if (c->kind == MV_KIND_POINTER) { /* PyLong_AsVoidPtr's OverflowError, remapped */
            mv_set_error(err, "int too large to convert");
            return MV_STRUCT_ERROR;
        }
        if (be && c->size == 8)
            store_overflowed_bits(c, p, v);
        return range_error(c, err);
    }
    uint64_t bits = v->tag == MV_VAL_BOOL ? (uint64_t)(v->i != 0) : mv_int_bits(v);
    mv_store_uint(p, c->size, bits, be);
    return MV_OK;
}

/* IEEE single: round to nearest even, without C's undefined narrowing of an
 * out-of-range double. -1 when a finite x rounds to inf (CPython raises). */
static int pack_single(double x, uint8_t *p, int be)
{
    uint32_t bits;
    if (isnan(x)) {
        /* Keep the sign and the top payload bits, and stay a NaN: wasm's
         * f32.demote_f64 may canonicalize the payload. */
        uint64_t d;
        memcpy(&d, &x, sizeof d);
        bits = (uint32_t)((d >> 32) & 0x80000000u) | 0x7f800000u |
               (uint32_t)((d >> 29) & 0x7fffffu);
        if ((bits & 0x7fffffu) == 0)
            bits |= 0x400000u;
    } else {
        float f;
        if (isfinite(x) && fabs(x) >= 0x1.ffffffp127) /* FLT_MAX + half an ulp */
            return -1;
        if (isfinite(x) && fabs(x) > FLT_MAX)
            f = x < 0 ? -FLT_MAX : FLT_MAX;
        else
            f = (float)x;
        memcpy(&bits, &f, sizeof bits);
    }
    mv_store_uint(p, 4, bits, be);
    return 0;
}

static double unpack_single(const uint8_t *p, int be)
{
    uint32_t bits = (uint32_t)mv_load_uint(p, 4, be);
    if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x7fffffu) != 0) {
        uint64_t d = ((uint64_t)(bits & 0x80000000u) << 32) | ((uint64_t)0x7ff << 52) |
                     ((uint64_t)(bits & 0x7fffffu) << 29);
        double x;
        memcpy(&x, &d, sizeof x);
        return x;
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return (double)f;
}

static mv_status pack_float(const mv_code *c, uint8_t *p, const mv_value *v, int be, mv_error *err)
{
    double x;
    switch (v->tag) {
    case MV_VAL_FLOAT:
        x = v->d;
        break;
    case MV_VAL_INT: /* an int beyond double's range fails __float__ */
        if (isinf(v->d))
            goto not_a_float;
        x = v->d;
        break;
    case MV_VAL_BOOL:
        x = v->i ? 1.0 : 0.0;
        break;
    default:
        goto not_a_float;
    }

    int overflow = 0;
    if (c->size == 2) {
        overflow = mv_half_pack(x, p, be) < 0;
    } else if (c->size == 4) {
        overflow = pack_single(x, p, be) < 0;
    } else {
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        mv_store_uint(p, 8, bits, be);
    }
    if (!overflow)
        return MV_OK;
    if (v->tag == MV_VAL_FLOAT) {
        mv_set_error(err, "float too large to pack with %c format", c->code);
        return MV_OVERFLOW_ERROR;
    }
    /* CPython turns an OverflowError raised for an int argument into this. */
    mv_set_error(err, "int too large to convert");
    return MV_STRUCT_ERROR;

not_a_float:
    mv_set_error(err, "required argument is not a float");
    return MV_STRUCT_ERROR;
}

static mv_status bytes_argument_error(char code, mv_error *err)
{
    mv_set_error(err, "argument for '%c' must be a bytes object", code);
    return MV_STRUCT_ERROR;
}

/* Packs value v of code sc at p (the value's own position). */
static mv_status pack_value(const mv_struct_code *sc, uint8_t *p, const mv_value *v, int be,
                            mv_error *err)
{
    const mv_code *c = sc->code;
    switch (c->kind) {
    case MV_KIND_SIGNED:
    case MV_KIND_UNSIGNED:
    case MV_KIND_POINTER:
        return pack_int(c, p, v, be, err);
    case MV_KIND_FLOAT:
        return pack_float(c, p, v, be, err);
    case MV_KIND_BOOL:
        p[0] = v->truthy ? 1 : 0;
        return MV_OK;
    case MV_KIND_CHAR:
        if (v->tag != MV_VAL_BYTES || v->len != 1) {
            mv_set_error(err, "char format requires a bytes object of length 1");
            return MV_STRUCT_ERROR;
        }
        p[0] = v->data[0];
        return MV_OK;
    case MV_KIND_STRING: {
        if (v->tag != MV_VAL_BYTES)
            return bytes_argument_error(c->code, err);
        mv_ssize n = v->len < sc->size ? v->len : sc->size; /* the rest stays NUL */
        if (n > 0) /* memmove: the bytes may be the very buffer pack_into fills */
            memmove(p, v->data, (size_t)n);
        return MV_OK;
    }
    case MV_KIND_PASCAL: {
        if (v->tag != MV_VAL_BYTES)
            return bytes_argument_error(c->code, err);
        /* A '0p' field has no room even for its length byte. CPython 3.13 stores
         * a 0 there anyway, outside the field; we never write outside it. */
        if (sc->size == 0)
            return MV_OK;
        mv_ssize n = v->len < sc->size - 1 ? v->len : sc->size - 1;
        if (n > 0)
            memmove(p + 1, v->data, (size_t)n);
        p[0] = (uint8_t)(n > 255 ? 255 : n);
        return MV_OK;
    }
    default:
        mv_set_error(err, "struct: bad compiled code");
        return MV_VALUE_ERROR;
    }
}

/* The guts of pack and pack_into: zero the region, then write each value in
 * order, stopping at the first failure (CPython's s_pack_internal). */
static mv_status pack_all(const mv_struct *s, uint8_t *out, const mv_value *values, mv_error *err)
{
    if (s->size > 0)
        memset(out, 0, (size_t)s->size);
    const mv_value *v = values;
    for (mv_ssize k = 0; k < s->ncodes; k++) {
        const mv_struct_code *sc = &s->codes[k];
        uint8_t *p = out + sc->offset;
        for (mv_ssize r = 0; r < sc->repeat; r++, v++, p += sc->size) {
            mv_status st = pack_value(sc, p, v, s->big_endian, err);
            if (st != MV_OK)
                return st;
        }
    }
    return MV_OK;
}

mv_status mv_struct_check_pack_args(const mv_struct *s, mv_ssize nargs, int32_t into, mv_error *err)
{
    if (!into) {
        if (nargs == s->nvalues)
            return MV_OK;
        mv_set_error(err, "pack expected %ld items for packing (got %ld)", (long)s->nvalues,
                     (long)nargs);
        return MV_STRUCT_ERROR;
    }
    if (nargs == (mv_ssize)(s->nvalues + 2))
        return MV_OK;
    if (nargs == 0)
        mv_set_error(err, "pack_into expected buffer argument");
    else if (nargs == 1)
        mv_set_error(err, "pack_into expected offset argument");
    else
        mv_set_error(err, "pack_into expected %ld items for packing (got %ld)", (long)s->nvalues,
                     (long)(nargs - 2));
    return MV_STRUCT_ERROR;
}

mv_status mv_struct_pack(const mv_struct *s, uint8_t *out, const mv_value *values, mv_error *err)
{
    return pack_all(s, out, values, err);
}

/* ---- offsets ------------------------------------------------------------ */

/* A Python int offset passed as a double, as a Py_ssize_t. Out of range, the
 * conversions differ: pack_into uses PyNumber_AsSsize_t(.., IndexError),
 * unpack_from Argument Clinic's Py_ssize_t converter (OverflowError). */
static mv_status offset_arg(double d, int for_pack, mv_ssize *out, mv_error *err)
{
    if (isnan(d) || d != floor(d)) {
        mv_set_error(err, "'float' object cannot be interpreted as an integer");
        return MV_TYPE_ERROR;
    }
    if (d < (double)MV_SSIZE_MIN || d > (double)MV_SSIZE_MAX) {
        if (for_pack) {
            mv_set_error(err, "cannot fit 'int' into an index-sized integer");
            return MV_INDEX_ERROR;
        }
        mv_set_error(err, "Python int too large to convert to C ssize_t");
        return MV_OVERFLOW_ERROR;
    }
    *out = (mv_ssize)d;
    return MV_OK;
}

/* CPython's negative-offset rule, shared by pack_into and unpack_from: a
 * negative offset counts from the end. */
static mv_status resolve_offset(const mv_struct *s, mv_ssize len, mv_ssize *offset, int for_pack,
                                mv_error *err)
{
    mv_ssize off = *offset;
    if (off >= 0)
        return MV_OK;
    /* off + size > 0, in 64 bits: both are 32-bit */
    if ((int64_t)off + s->size > 0) {
        mv_set_error(err, for_pack ? "no space to pack %ld bytes at offset %ld"
                                   : "not enough data to unpack %ld bytes at offset %ld",
                     (long)s->size, (long)off);
        return MV_STRUCT_ERROR;
    }
    if ((int64_t)off + len < 0) {
        mv_set_error(err, "offset %ld out of range for %ld-byte buffer", (long)off, (long)len);
        return MV_STRUCT_ERROR;
    }
    *offset = off + len;
    return MV_OK;
}

static mv_status require_c_contiguous(const mv_view *v, mv_error *err)
{
    if (v->flags & MV_C_CONTIGUOUS)
        return MV_OK;
    mv_set_error(err, "memoryview: underlying buffer is not C-contiguous");
    return MV_BUFFER_ERROR;
}

/* Resolves pack_into's offset for a buffer of len bytes into *out. */
static mv_status into_offset(const mv_struct *s, mv_ssize len, double offset, mv_ssize *out,
                             mv_error *err)
{
    mv_status st = offset_arg(offset, 1, out, err);
    if (st == MV_OK)
        st = resolve_offset(s, len, out, 1, err);
    if (st != MV_OK)
        return st;
    if (len - *out < s->size) {
        mv_set_error(err,
                     "pack_into requires a buffer of at least %lld bytes for packing %ld bytes "
                     "at offset %ld (actual buffer size is %ld)",
                     (long long)s->size + *out, (long)s->size, (long)*out, (long)len);
        return MV_STRUCT_ERROR;
    }
    return MV_OK;
}

mv_status mv_struct_check_into(const mv_struct *s, mv_ssize len, double offset, mv_error *err)
{
    mv_ssize off;
    return into_offset(s, len, offset, &off, err);
}

mv_status mv_struct_pack_into(const mv_struct *s, const mv_view *buffer, double offset,
                              const mv_value *values, mv_error *err)
{
    if (buffer->readonly || !(buffer->flags & MV_C_CONTIGUOUS)) {
        /* The binding raises CPython's TypeError (it knows the type's name). */
        mv_set_error(err, "argument must be read-write bytes-like object");
        return MV_TYPE_ERROR;
    }
    mv_ssize off;
    mv_status st = into_offset(s, buffer->len, offset, &off, err);
    if (st != MV_OK)
        return st;
    return pack_all(s, buffer->buf + off, values, err);
}

/* ---- unpacking ---------------------------------------------------------- */

static void set_bytes(mv_value *out, const uint8_t *data, mv_ssize len)
{
    out->tag = MV_VAL_BYTES;
    out->data = data;
    out->len = len;
    out->truthy = len != 0;
}

/* Reads value at p of code sc into out. */
static void unpack_value(const mv_struct_code *sc, const uint8_t *p, int be, mv_value *out)
{
    switch (sc->code->kind) {
    case MV_KIND_STRING:
        set_bytes(out, p, sc->size);
        break;
    case MV_KIND_PASCAL: {
        /* The length byte, clamped to the field ('0p' is b'' since 3.13). */
        mv_ssize n = sc->size == 0 ? 0 : p[0];
        if (sc->size > 0 && n >= sc->size)
            n = sc->size - 1;
        set_bytes(out, p + 1, n);
        break;
    }
    case MV_KIND_FLOAT:
        if (sc->size == 4) { /* unlike memoryview's C cast, keeps a NaN's payload */
            memset(out, 0, sizeof *out);
            mv_value_set_float(out, unpack_single(p, be));
            break;
        }
        mv_unpack_item(sc->code, p, be, out);
        break;
    default: /* one item: the codec memoryview uses, in this byte order */
        mv_unpack_item(sc->code, p, be, out);
        break;
    }
}

static void unpack_all(const mv_struct *s, const uint8_t *src, mv_value *out)
{
    mv_value *v = out;
    for (mv_ssize k = 0; k < s->ncodes; k++) {
        const mv_struct_code *sc = &s->codes[k];
        const uint8_t *p = src + sc->offset;
        for (mv_ssize r = 0; r < sc->repeat; r++, v++, p += sc->size)
            unpack_value(sc, p, s->big_endian, v);
    }
}

mv_status mv_struct_unpack(const mv_struct *s, const mv_view *buffer, mv_value *out, mv_error *err)
{
    mv_status st = require_c_contiguous(buffer, err);
    if (st != MV_OK)
        return st;
    if (buffer->len != s->size) {
        mv_set_error(err, "unpack requires a buffer of %ld bytes", (long)s->size);
        return MV_STRUCT_ERROR;
    }
    if (out != NULL)
        unpack_all(s, buffer->buf, out);
    return MV_OK;
}

mv_status mv_struct_unpack_from(const mv_struct *s, const mv_view *buffer, double offset,
                                mv_value *out, mv_error *err)
{
    mv_ssize off;
    mv_status st = require_c_contiguous(buffer, err);
    if (st == MV_OK)
        st = offset_arg(offset, 0, &off, err);
    if (st == MV_OK)
        st = resolve_offset(s, buffer->len, &off, 0, err);
    if (st != MV_OK)
        return st;
    if (buffer->len - off < s->size) {
        mv_set_error(err,
                     "unpack_from requires a buffer of at least %lld bytes for unpacking %ld "
                     "bytes at offset %ld (actual buffer size is %ld)",
                     (long long)s->size + off, (long)s->size, (long)off, (long)buffer->len);
        return MV_STRUCT_ERROR;
    }
    if (out != NULL)
        unpack_all(s, buffer->buf + off, out);
    return MV_OK;
}

mv_status mv_struct_iter_check(const mv_struct *s, const mv_view *buffer, mv_error *err)
{
    if (s->size == 0) {
        mv_set_error(err, "cannot iteratively unpack with a struct of length 0");
        return MV_STRUCT_ERROR;
    }
    if (buffer == NULL)
        return MV_OK;
    mv_status st = require_c_contiguous(buffer, err);
    if (st != MV_OK)
        return st;
    if (buffer->len % s->size != 0) {
        mv_set_error(err, "iterative unpacking requires a buffer of a multiple of %ld bytes",
                     (long)s->size);
        return MV_STRUCT_ERROR;
    }
    return MV_OK;
}

/* ---- one value, for record and byte-order views ---------------------------- */

void mv_struct_unpack_value(const mv_struct_code *sc, const uint8_t *p, int be, mv_value *out)
{
    unpack_value(sc, p, be, out);
}

mv_status mv_struct_pack_value(const mv_struct_code *sc, uint8_t *p, const mv_value *v, int be,
                               mv_error *err)
{
    return pack_value(sc, p, v, be, err);
}
