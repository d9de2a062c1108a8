/* array.c — the array module's own rules (CPython's Modules/arraymodule.c):
 * which typecodes there are, and each typecode's check of an item value.
 *
 * An array item is converted through the C type of its typecode's setitem
 * function, with the messages of that conversion (getargs.c's "h", "i", "l",
 * PyLong_AsUnsignedLong, PyLong_AsLongLong, ...), which memoryview's formats
 * do not share. The widths are the '@' table's, wasm32's: a long is 4 bytes. */
#include "internal.h"

#include <math.h>
#include <string.h>

static const char TYPECODES[] = "bBhHiIlLqQfd";

const mv_code *mv_array_code(int32_t typecode)
{
    if (typecode <= 0 || typecode > 127 || strchr(TYPECODES, (char)typecode) == NULL)
        return NULL;
    return mv_code_lookup((char)typecode, '@');
}

/* The bounds of an integer of `size` bytes (unsigned_max: of fewer than 8). */
static int64_t signed_max(int size) { return (int64_t)((UINT64_C(1) << (8 * size - 1)) - 1); }
static int64_t signed_min(int size) { return -signed_max(size) - 1; }
static int64_t unsigned_max(int size) { return (int64_t)((UINT64_C(1) << (8 * size)) - 1); }

/* The bytes of C type `c` in the '@' table. */
static int c_size(char c) { return mv_code_lookup(c, '@')->size; }

/* v (an int) as a C long, as PyLong_AsLong converts it. */
static mv_status as_long(const mv_value *v, int64_t *out, mv_error *err)
{
    int size = c_size('l');
    if (v->intrange != 0 || v->i > signed_max(size) || v->i < signed_min(size)) {
        mv_set_error(err, "Python int too large to convert to C long");
        return MV_OVERFLOW_ERROR;
    }
    *out = v->i;
    return MV_OK;
}

/* Whether int v is negative: the sign of its double when it is past int64. */
static int is_negative(const mv_value *v) { return v->intrange == 0 ? v->i < 0 : v->intrange >= 2 && v->d < 0; }

/* A long x in [lo, hi], or the OverflowError of `what`: "<what> is greater
 * than maximum" / "... less than minimum", as getargs.c and the setitem
 * functions say it. */
static mv_status in_range(int64_t x, int64_t lo, int64_t hi, const char *what, mv_error *err)
{
    if (x > hi) {
        mv_set_error(err, "%s is greater than maximum", what);
        return MV_OVERFLOW_ERROR;
    }
    if (x < lo) {
        mv_set_error(err, "%s is less than minimum", what);
        return MV_OVERFLOW_ERROR;
    }
    return MV_OK;
}

/* The unsigned conversions: PyLong_AsUnsignedLong (I, L) and
 * PyLong_AsUnsignedLongLong (Q), each with its own messages. */
static mv_status as_unsigned(const mv_value *v, int size, int long_long, mv_error *err)
{
    if (is_negative(v)) {
        mv_set_error(err, long_long ? "can't convert negative int to unsigned"
                                    : "can't convert negative value to unsigned int");
        return MV_OVERFLOW_ERROR;
    }
    int fits = size == 8 ? v->intrange < 2 : v->intrange == 0 && v->i <= unsigned_max(size);
    if (!fits) {
        mv_set_error(err, long_long ? "int too big to convert"
                                    : "Python int too large to convert to C unsigned long");
        return MV_OVERFLOW_ERROR;
    }
    return MV_OK;
}

static mv_status check_int(char tc, const mv_value *v, mv_error *err)
{
    int64_t x;
    mv_status st;
    switch (tc) {
    case 'q': /* PyLong_AsLongLong */
        if (v->intrange != 0) {
            mv_set_error(err, "int too big to convert");
            return MV_OVERFLOW_ERROR;
        }
        return MV_OK;
    case 'Q':
        return as_unsigned(v, 8, 1, err);
    case 'L':
        return as_unsigned(v, c_size('L'), 0, err);
    case 'I':
        st = as_unsigned(v, c_size('L'), 0, err);
        if (st == MV_OK && v->i > unsigned_max(c_size('I'))) {
            mv_set_error(err, "unsigned int is greater than maximum");
            return MV_OVERFLOW_ERROR;
        }
        return st;
    }
    /* the rest convert through a C long first ("l"), then the setitem's type */
    if ((st = as_long(v, &x, err)) != MV_OK)
        return st;
    int h = c_size('h'), i = c_size('i');
    switch (tc) {
    case 'b': /* b_setitem parses a short ("h"), then checks a signed char */
        if ((st = in_range(x, signed_min(h), signed_max(h), "signed short integer", err)) != MV_OK)
            return st;
        return in_range(x, -128, 127, "signed char", err);
    case 'B': /* getargs.c's "b": an unsigned char */
        return in_range(x, 0, 255, "unsigned byte integer", err);
    case 'h':
        return in_range(x, signed_min(h), signed_max(h), "signed short integer", err);
    case 'H': /* HH_setitem parses an int ("i"), then checks an unsigned short */
        if ((st = in_range(x, signed_min(i), signed_max(i), "signed integer", err)) != MV_OK)
            return st;
        return in_range(x, 0, unsigned_max(h), "unsigned short", err);
    case 'i':
        return in_range(x, signed_min(i), signed_max(i), "signed integer", err);
    default: /* 'l': any C long */
        return MV_OK;
    }
}

mv_status mv_array_check_item(int32_t typecode, const mv_value *v, mv_error *err)
{
    const mv_code *c = mv_array_code(typecode);
    if (c == NULL) {
        mv_set_error(err, "bad typecode");
        return MV_VALUE_ERROR;
    }
    int is_float = c->kind == MV_KIND_FLOAT;
    if (v->tag == MV_VAL_BOOL) { /* the int 0 or 1 */
        mv_value i;
        mv_value_set_int(&i, v->i != 0);
        return mv_array_check_item(typecode, &i, err);
    }
    if (v->tag == MV_VAL_INT) {
        if (!is_float)
            return check_int(c->code, v, err);
        if (isinf(v->d)) { /* PyLong_AsDouble: the int rounds past the doubles */
            mv_set_error(err, "int too large to convert to float");
            return MV_OVERFLOW_ERROR;
        }
        return MV_OK;
    }
    if (v->tag == MV_VAL_FLOAT) {
        if (is_float)
            return MV_OK;
        mv_set_error(err, "'float' object cannot be interpreted as an integer");
        return MV_TYPE_ERROR;
    }
    /* other objects: the binding words the message, which names their type */
    mv_set_error(err, "array item is not a number");
    return MV_TYPE_ERROR;
}
