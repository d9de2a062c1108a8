/* view_test.c — unit tests of the memoryview core (format table, item codec,
 * views), with expectations taken from CPython 3.13 (facts doc, or run on the
 * oracle). Plain asserts; exits non-zero on any failure. */
#include "../src/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (cond) {                                                                    \
            passed++;                                                                  \
        } else {                                                                       \
            failed++;                                                                  \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
        }                                                                              \
    } while (0)

/* expr must fail with status st and exactly message msg. */
#define CHECK_ERR(expr, st, msg)                                                       \
    do {                                                                               \
        mv_error err_;                                                                 \
        err_.msg[0] = '\0';                                                            \
        mv_error *err = &err_;                                                         \
        mv_status got_ = (expr);                                                       \
        if (got_ == (st) && strcmp(err_.msg, (msg)) == 0) {                            \
            passed++;                                                                  \
        } else {                                                                       \
            failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s: got %d \"%s\", want %d \"%s\"\n", __FILE__,     \
                    __LINE__, #expr, (int)got_, err_.msg, (int)(st), (msg));           \
        }                                                                              \
    } while (0)

#define CHECK_OK(expr)                                                                 \
    do {                                                                               \
        mv_error err_;                                                                 \
        err_.msg[0] = '\0';                                                            \
        mv_error *err = &err_;                                                         \
        mv_status got_ = (expr);                                                       \
        if (got_ == MV_OK) {                                                           \
            passed++;                                                                  \
        } else {                                                                       \
            failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s: got %d \"%s\"\n", __FILE__, __LINE__, #expr,   \
                    (int)got_, err_.msg);                                              \
        }                                                                              \
    } while (0)

static const double NONE = NAN;

/* ---- helpers --------------------------------------------------------------- */

static mv_view view_of(uint8_t *buf, mv_ssize n, const char *fmt)
{
    mv_view v;
    mv_error e;
    if (mv_view_init(&v, buf, n, 0, fmt, &e) != MV_OK) {
        fprintf(stderr, "view_of: %s\n", e.msg);
        failed++;
    }
    return v;
}

static mv_view cast_of(const mv_view *src, const char *fmt, const double *shape, int32_t n)
{
    mv_view v;
    mv_error e;
    memset(&v, 0, sizeof v);
    if (mv_view_cast(&v, src, fmt, shape, n, &e) != MV_OK) {
        fprintf(stderr, "cast_of(%s): %s\n", fmt, e.msg);
        failed++;
    }
    return v;
}

static mv_view slice_of(const mv_view *src, double a, double b, double c)
{
    mv_view v;
    mv_error e;
    memset(&v, 0, sizeof v);
    if (mv_view_slice(&v, src, a, b, c, &e) != MV_OK) {
        fprintf(stderr, "slice_of: %s\n", e.msg);
        failed++;
    }
    return v;
}

static mv_value int_value(int64_t i)
{
    mv_value x;
    memset(&x, 0, sizeof x);
    x.tag = MV_VAL_INT;
    x.i = i;
    x.d = (double)i;
    x.truthy = i != 0;
    return x;
}

static mv_value float_value(double d)
{
    mv_value x;
    memset(&x, 0, sizeof x);
    x.tag = MV_VAL_FLOAT;
    x.d = d;
    x.truthy = d != 0;
    return x;
}

static mv_value bytes_value(const char *s, mv_ssize n)
{
    mv_value x;
    memset(&x, 0, sizeof x);
    x.tag = MV_VAL_BYTES;
    x.data = (const uint8_t *)s;
    x.len = n;
    x.truthy = n != 0;
    return x;
}

static mv_value other_value(int truthy)
{
    mv_value x;
    memset(&x, 0, sizeof x);
    x.tag = MV_VAL_OTHER;
    x.truthy = truthy;
    return x;
}

/* One element as a double (ints and floats), via mv_view_get(m[i]). */
static double get1(const mv_view *v, double i)
{
    mv_value x;
    mv_error e;
    if (mv_view_get(v, &i, 1, &x, &e) != MV_OK) {
        fprintf(stderr, "get1: %s\n", e.msg);
        failed++;
        return NAN;
    }
    return x.d;
}

/* The view's elements as doubles, through tolist. */
static int list_equals(const mv_view *v, const double *want, int n)
{
    double out[64];
    mv_error e;
    if (mv_view_tolist(v, out, &e) != MV_OK || mv_view_count(v) != n)
        return 0;
    for (int k = 0; k < n; k++)
        if (out[k] != want[k])
            return 0;
    return 1;
}

static int layout_is(const mv_view *v, mv_ssize nbytes, mv_ssize itemsize, int ndim,
                     const mv_ssize *shape, const mv_ssize *strides, int flags)
{
    if (v->len != nbytes || v->itemsize != itemsize || v->ndim != ndim || v->flags != flags)
        return 0;
    for (int k = 0; k < ndim; k++)
        if (v->shape[k] != shape[k] || v->strides[k] != strides[k])
            return 0;
    return 1;
}

static void fill_range(uint8_t *b, int n)
{
    for (int k = 0; k < n; k++)
        b[k] = (uint8_t)k;
}

#define CF (MV_C_CONTIGUOUS | MV_F_CONTIGUOUS)

/* ---- format table ------------------------------------------------------------ */

static void test_codes(void)
{
    const mv_code *c;
    c = mv_code_lookup('l', '@');
    CHECK(c && c->size == 4 && c->align == 4 && c->kind == MV_KIND_SIGNED);
    c = mv_code_lookup('q', '@');
    CHECK(c && c->size == 8 && c->align == 8);
    c = mv_code_lookup('d', '@');
    CHECK(c && c->size == 8 && c->align == 8 && c->kind == MV_KIND_FLOAT);
    c = mv_code_lookup('e', '@');
    CHECK(c && c->size == 2 && c->align == 2);
    c = mv_code_lookup('P', '@');
    CHECK(c && c->size == 4 && c->align == 4 && c->kind == MV_KIND_POINTER);
    c = mv_code_lookup('N', '@');
    CHECK(c && c->size == 4 && c->kind == MV_KIND_UNSIGNED);
    c = mv_code_lookup('s', '@');
    CHECK(c && c->kind == MV_KIND_STRING && c->size == 1);
    c = mv_code_lookup('q', '<');
    CHECK(c && c->size == 8 && c->align == 1);
    c = mv_code_lookup('l', '!');
    CHECK(c && c->size == 4 && c->align == 1);
    CHECK(mv_code_lookup('n', '<') == NULL);
    CHECK(mv_code_lookup('N', '=') == NULL);
    CHECK(mv_code_lookup('P', '>') == NULL);
    CHECK(mv_code_lookup('z', '@') == NULL);
    CHECK(mv_code_lookup('i', 'x') == NULL);
    CHECK(mv_code_lookup('\0', '@') == NULL);
    int n = 0;
    for (const char *s = "xcbB?hHiIlLqQnNefdspP"; *s; s++)
        n += mv_code_lookup(*s, '@') != NULL;
    CHECK(n == 21);

    const mv_code *out = NULL;
    CHECK_OK(mv_format_item("@i", &out, err));
    CHECK(out && out->code == 'i');
    CHECK_OK(mv_format_item("e", &out, err));
    CHECK_ERR(mv_format_item("<i", &out, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <i");
    CHECK_ERR(mv_format_item("@ii", &out, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format @ii");
    CHECK_ERR(mv_format_item("", &out, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format ");
    CHECK_ERR(mv_format_item("@w", &out, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: format w not supported");
    CHECK_ERR(mv_format_item("s", &out, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: format s not supported");
}

/* ---- item codec ---------------------------------------------------------------- */

static uint16_t half_of(double x, int *ok)
{
    uint8_t b[2];
    *ok = mv_half_pack(x, b, 0) == 0;
    return (uint16_t)(b[0] | b[1] << 8);
}

static void test_half(void)
{
    int ok;
    /* struct.pack('<e', x) on CPython 3.13 */
    CHECK(half_of(2049.0, &ok) == 0x6800 && ok);
    CHECK(half_of(2051.0, &ok) == 0x6802 && ok);
    CHECK(half_of(0.1, &ok) == 0x2e66 && ok);
    CHECK(half_of(65519.99, &ok) == 0x7bff && ok);
    CHECK(half_of(ldexp(1, -24), &ok) == 0x0001 && ok);
    CHECK(half_of(-ldexp(1, -24), &ok) == 0x8001 && ok);
    CHECK(half_of(ldexp(1, -25), &ok) == 0x0000 && ok); /* tie to even */
    CHECK(half_of(3 * ldexp(1, -26), &ok) == 0x0001 && ok);
    CHECK(half_of(6.1e-5, &ok) == 0x03ff && ok);
    CHECK(half_of(1e-8, &ok) == 0x0000 && ok);
    CHECK(half_of(-0.0, &ok) == 0x8000 && ok);
    CHECK(half_of(INFINITY, &ok) == 0x7c00 && ok);
    CHECK(half_of(-INFINITY, &ok) == 0xfc00 && ok);
    CHECK(half_of(NAN, &ok) == 0x7e00 && ok);
    CHECK(half_of(65504.0, &ok) == 0x7bff && ok);
    half_of(65520.0, &ok);
    CHECK(!ok);
    half_of(1e10, &ok);
    CHECK(!ok);
    half_of(-1e300, &ok);
    CHECK(!ok);
    uint8_t b[2] = {0x03, 0xff};
    CHECK(mv_half_unpack(b, 1) == 6.097555160522461e-05); /* big-endian 0x03ff */
    b[0] = 0x00; b[1] = 0x04;
    CHECK(mv_half_unpack(b, 0) == 6.103515625e-05);
    b[0] = 0x00; b[1] = 0x7c;
    CHECK(isinf(mv_half_unpack(b, 0)));
    b[0] = 0x01; b[1] = 0xfe;
    double nan_back = mv_half_unpack(b, 0);
    CHECK(isnan(nan_back) && signbit(nan_back));
    /* every finite half round-trips */
    int all = 1;
    for (unsigned h = 0; h < 0x10000; h++) {
        uint8_t p[2] = {(uint8_t)h, (uint8_t)(h >> 8)}, q[2];
        double x = mv_half_unpack(p, 0);
        if (isnan(x))
            continue;
        if (mv_half_pack(x, q, 0) != 0 || q[0] != p[0] || q[1] != p[1])
            all = 0;
    }
    CHECK(all);
}

static void test_int_helpers(void)
{
    uint8_t b[8];
    mv_store_uint(b, 4, 0x01020304, 1);
    CHECK(b[0] == 1 && b[3] == 4);
    CHECK(mv_load_uint(b, 4, 1) == 0x01020304);
    CHECK(mv_load_uint(b, 4, 0) == 0x04030201);
    CHECK(mv_sign_extend(0xff, 1) == -1);
    CHECK(mv_sign_extend(0x7fff, 2) == 32767);
    CHECK(mv_sign_extend(0x80000000u, 4) == INT32_MIN);
    CHECK(mv_sign_extend(UINT64_MAX, 8) == -1);

    mv_value v = int_value(-1);
    CHECK(!mv_int_fits(mv_code_lookup('B', '@'), &v));
    CHECK(mv_int_fits(mv_code_lookup('P', '@'), &v));
    v = int_value(4294967295LL);
    CHECK(mv_int_fits(mv_code_lookup('P', '@'), &v));
    CHECK(mv_int_fits(mv_code_lookup('L', '@'), &v));
    CHECK(!mv_int_fits(mv_code_lookup('l', '@'), &v));
    v = int_value(4294967296LL);
    CHECK(!mv_int_fits(mv_code_lookup('P', '@'), &v));
    v = int_value(-2147483648LL);
    CHECK(mv_int_fits(mv_code_lookup('P', '@'), &v));
    CHECK(mv_int_fits(mv_code_lookup('n', '@'), &v));
    v = int_value(-2147483649LL);
    CHECK(!mv_int_fits(mv_code_lookup('P', '@'), &v));
    v.intrange = 1; /* 2**63 + x */
    CHECK(mv_int_fits(mv_code_lookup('Q', '@'), &v));
    CHECK(!mv_int_fits(mv_code_lookup('q', '@'), &v));
    v.intrange = 2;
    CHECK(!mv_int_fits(mv_code_lookup('Q', '@'), &v));
}

/* ---- facts §2: layouts -------------------------------------------------------- */

static void test_layouts(void)
{
    uint8_t b[12];
    fill_range(b, 12);
    mv_view m = view_of(b, 12, "B");
    mv_view v;
    double shp[3];

    CHECK(layout_is(&m, 12, 1, 1, (mv_ssize[]){12}, (mv_ssize[]){1}, CF));
    CHECK(m.kind == MV_KIND_UNSIGNED && m.readonly == 0);
    v = slice_of(&m, 1, 5, NONE);
    CHECK(layout_is(&v, 4, 1, 1, (mv_ssize[]){4}, (mv_ssize[]){1}, CF) && v.buf == b + 1);
    v = slice_of(&m, NONE, NONE, 2);
    CHECK(layout_is(&v, 6, 1, 1, (mv_ssize[]){6}, (mv_ssize[]){2}, 0));
    v = slice_of(&m, NONE, NONE, -1);
    CHECK(layout_is(&v, 12, 1, 1, (mv_ssize[]){12}, (mv_ssize[]){-1}, 0) && v.buf == b + 11);
    v = slice_of(&m, 5, 5, NONE);
    CHECK(layout_is(&v, 0, 1, 1, (mv_ssize[]){0}, (mv_ssize[]){1}, CF));
    v = slice_of(&m, 5, 5, 2);
    CHECK(layout_is(&v, 0, 1, 1, (mv_ssize[]){0}, (mv_ssize[]){2}, 0));
    v = slice_of(&m, 0, 1, 3);
    CHECK(layout_is(&v, 1, 1, 1, (mv_ssize[]){1}, (mv_ssize[]){3}, CF));
    v = cast_of(&m, "i", NULL, -1);
    CHECK(layout_is(&v, 12, 4, 1, (mv_ssize[]){3}, (mv_ssize[]){4}, CF));
    CHECK(strcmp(v.format, "i") == 0 && v.kind == MV_KIND_SIGNED);
    shp[0] = 3; shp[1] = 4;
    v = cast_of(&m, "B", shp, 2);
    CHECK(layout_is(&v, 12, 1, 2, (mv_ssize[]){3, 4}, (mv_ssize[]){4, 1}, MV_C_CONTIGUOUS));
    mv_view m2 = v;
    shp[0] = 3; shp[1] = 1;
    v = cast_of(&m, "i", shp, 2);
    CHECK(layout_is(&v, 12, 4, 2, (mv_ssize[]){3, 1}, (mv_ssize[]){4, 4}, CF));
    shp[0] = 1; shp[1] = 3;
    v = cast_of(&m, "i", shp, 2);
    CHECK(layout_is(&v, 12, 4, 2, (mv_ssize[]){1, 3}, (mv_ssize[]){12, 4}, CF));
    shp[0] = 2; shp[1] = 2; shp[2] = 3;
    v = cast_of(&m, "B", shp, 3);
    CHECK(layout_is(&v, 12, 1, 3, (mv_ssize[]){2, 2, 3}, (mv_ssize[]){6, 3, 1},
                    MV_C_CONTIGUOUS));
    v = slice_of(&m2, NONE, NONE, 2);
    CHECK(layout_is(&v, 8, 1, 2, (mv_ssize[]){2, 4}, (mv_ssize[]){8, 1}, 0));
    v = slice_of(&m2, 1, NONE, NONE);
    CHECK(layout_is(&v, 8, 1, 2, (mv_ssize[]){2, 4}, (mv_ssize[]){4, 1}, MV_C_CONTIGUOUS));
    v = slice_of(&m2, NONE, NONE, -1);
    CHECK(layout_is(&v, 12, 1, 2, (mv_ssize[]){3, 4}, (mv_ssize[]){-4, 1}, 0));
    /* 0-dim */
    mv_view w = view_of(b, 4, "B");
    v = cast_of(&w, "i", NULL, 0);
    CHECK(layout_is(&v, 4, 4, 0, NULL, NULL, CF));
    /* F-ordered 2x3 and shape (5,0) built by hand, as an exporter could */
    v = m;
    v.ndim = 2; v.len = 6;
    v.shape[0] = 2; v.shape[1] = 3; v.strides[0] = 1; v.strides[1] = 2;
    mv_view_update(&v);
    CHECK(v.flags == MV_F_CONTIGUOUS);
    v.shape[0] = 5; v.shape[1] = 0; v.len = 0;
    mv_view_update(&v);
    CHECK(v.flags == CF);

    /* copy and toreadonly */
    mv_view c;
    mv_view_copy(&c, &m2);
    CHECK(memcmp(&c, &m2, sizeof c) == 0);
    mv_view_toreadonly(&c, &m2);
    CHECK(c.readonly == 1 && c.ndim == 2 && c.buf == m2.buf && m2.readonly == 0);
    CHECK(mv_view_equals(&c, &m2));

    /* init */
    mv_view bad;
    CHECK_ERR(mv_view_init(&bad, b, 12, 1, "<i", err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <i");
    CHECK_ERR(mv_view_init(&bad, b, 10, 1, "i", err), MV_VALUE_ERROR,
              "memoryview: length is not a multiple of itemsize");
    CHECK_OK(mv_view_init(&bad, b, 12, 1, "@d", err));
    CHECK(bad.readonly == 1 && bad.shape[0] == 1 && bad.itemsize == 8 &&
          strcmp(bad.format, "@d") == 0 && bad.kind == MV_KIND_FLOAT);
    CHECK_OK(mv_view_init(&bad, b, 0, 0, "B", err));
    CHECK(bad.shape[0] == 0 && bad.flags == CF);
}

/* ---- facts §3: slicing ------------------------------------------------------------ */

static void test_slices(void)
{
    uint8_t b[10];
    fill_range(b, 10);
    mv_view m = view_of(b, 10, "B");
    mv_view v;

    v = slice_of(&m, 8, 2, -2);
    CHECK(list_equals(&v, (double[]){8, 6, 4}, 3) && v.strides[0] == -2);
    v = slice_of(&m, 2, 8, -1);
    CHECK(v.shape[0] == 0);
    v = slice_of(&m, -1, -12, -1);
    CHECK(list_equals(&v, (double[]){9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, 10));
    v = slice_of(&m, 100, -100, -1);
    CHECK(list_equals(&v, (double[]){9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, 10));
    mv_view r = slice_of(&m, NONE, NONE, -1);
    v = slice_of(&r, 2, 5, NONE);
    CHECK(list_equals(&v, (double[]){7, 6, 5}, 3));
    v = slice_of(&m, -3, NONE, NONE);
    CHECK(list_equals(&v, (double[]){7, 8, 9}, 3));
    v = slice_of(&m, 1e300, -1e300, -3); /* huge bounds clamp */
    CHECK(list_equals(&v, (double[]){9, 6, 3, 0}, 4));
    v = slice_of(&m, -INFINITY, INFINITY, NONE);
    CHECK(v.shape[0] == 10);
    /* m[::2**63] and m[::-2**63]: the step clamps to +-SSIZE_MAX */
    v = slice_of(&m, NONE, NONE, 9223372036854775808.0);
    CHECK(v.shape[0] == 1 && v.strides[0] == MV_SSIZE_MAX && get1(&v, 0) == 0);
    v = slice_of(&m, NONE, NONE, -9223372036854775808.0);
    CHECK(v.shape[0] == 1 && v.strides[0] == -MV_SSIZE_MAX && get1(&v, 0) == 9);
    mv_view wide = cast_of(&m, "h", NULL, -1);
    v = slice_of(&wide, NONE, NONE, 1e10); /* stride clamps instead of overflowing */
    CHECK(v.shape[0] == 1 && v.strides[0] == MV_SSIZE_MAX);
    /* empty slices of empty views stay put */
    mv_view e = slice_of(&m, 3, 3, NONE);
    v = slice_of(&e, NONE, NONE, -1);
    CHECK(v.shape[0] == 0 && v.len == 0);

    CHECK_ERR(mv_view_slice(&v, &m, NONE, NONE, 0, err), MV_VALUE_ERROR,
              "slice step cannot be zero");
    CHECK_ERR(mv_view_slice(&v, &m, 1.5, NONE, 0, err), MV_VALUE_ERROR,
              "slice step cannot be zero"); /* the step is parsed first */
    CHECK_ERR(mv_view_slice(&v, &m, 1.5, NONE, NONE, err), MV_TYPE_ERROR,
              "slice indices must be integers or None or have an __index__ method");
    CHECK_ERR(mv_view_slice(&v, &m, NONE, 0.5, NONE, err), MV_TYPE_ERROR,
              "slice indices must be integers or None or have an __index__ method");
    uint8_t four[4] = {0};
    mv_view f = view_of(four, 4, "B");
    mv_view zero_dim = cast_of(&f, "i", NULL, 0);
    CHECK_ERR(mv_view_slice(&v, &zero_dim, NONE, NONE, NONE, err), MV_TYPE_ERROR,
              "invalid indexing of 0-dim memory");
    /* a failed slice leaves dst untouched */
    memset(&v, 0x5a, sizeof v);
    mv_error e2;
    CHECK(mv_view_slice(&v, &m, NONE, NONE, 0, &e2) == MV_VALUE_ERROR && v.ndim == 0x5a5a5a5a);
}

/* ---- facts §5: cast ------------------------------------------------------------------ */

static void test_cast(void)
{
    uint8_t b[16];
    fill_range(b, 16);
    mv_view m = view_of(b, 12, "B");
    mv_view v, s;
    double shp[65];
    for (int k = 0; k < 65; k++)
        shp[k] = 1;

    /* 2: C-contiguous sources only */
    s = slice_of(&m, NONE, NONE, 2);
    CHECK_ERR(mv_view_cast(&v, &s, "x", NULL, -2, err), MV_TYPE_ERROR,
              "memoryview: casts are restricted to C-contiguous views");
    s = m;
    s.ndim = 2; s.len = 6; s.shape[0] = 2; s.shape[1] = 3; s.strides[0] = 1; s.strides[1] = 2;
    mv_view_update(&s); /* F-contiguous only */
    CHECK_ERR(mv_view_cast(&v, &s, "B", NULL, -1, err), MV_TYPE_ERROR,
              "memoryview: casts are restricted to C-contiguous views");
    /* 3: zeros in shape, when a shape is given or the source is not 1-D */
    mv_view empty = view_of(b, 0, "B");
    v = cast_of(&empty, "i", NULL, -1);
    CHECK(v.ndim == 1 && v.shape[0] == 0 && v.itemsize == 4);
    shp[0] = 0;
    CHECK_ERR(mv_view_cast(&v, &empty, "i", shp, 1, err), MV_TYPE_ERROR,
              "memoryview: cannot cast view with zeros in shape or strides");
    CHECK_ERR(mv_view_cast(&v, &empty, "x", NULL, -2, err), MV_TYPE_ERROR,
              "memoryview: cannot cast view with zeros in shape or strides");
    shp[0] = 3; shp[1] = 4;
    mv_view m2 = cast_of(&m, "B", shp, 2);
    mv_view e2 = slice_of(&m2, 0, 0, NONE); /* shape (0, 4) */
    CHECK(e2.flags == CF);
    CHECK_ERR(mv_view_cast(&v, &e2, "B", NULL, -1, err), MV_TYPE_ERROR,
              "memoryview: cannot cast view with zeros in shape or strides");
    shp[0] = 1;
    /* 4: shape type */
    CHECK_ERR(mv_view_cast(&v, &m, "x", NULL, -2, err), MV_TYPE_ERROR,
              "shape must be a list or a tuple");
    /* 5: at most 64 dimensions; 64 itself is fine */
    mv_view one = view_of(b, 1, "B");
    CHECK_ERR(mv_view_cast(&v, &one, "x", shp, 65, err), MV_VALUE_ERROR,
              "memoryview: number of dimensions must not exceed 64");
    v = cast_of(&one, "B", shp, 64);
    CHECK(v.ndim == 64 && v.strides[0] == 1 && v.flags == CF);
    /* 6: 1D -> ND or ND -> 1D */
    shp[0] = 12; shp[1] = 1;
    CHECK_ERR(mv_view_cast(&v, &m2, "x", shp, 2, err), MV_TYPE_ERROR,
              "memoryview: cast must be 1D -> ND or ND -> 1D");
    CHECK_ERR(mv_view_cast(&v, &m2, "B", shp, 0, err), MV_TYPE_ERROR,
              "memoryview: cast must be 1D -> ND or ND -> 1D");
    v = cast_of(&m2, "B", shp, 1); /* ND -> 1D with a shape */
    CHECK(v.ndim == 1 && v.shape[0] == 12);
    v = cast_of(&m2, "i", NULL, -1); /* ND -> 1D without */
    CHECK(v.ndim == 1 && v.shape[0] == 3);
    /* 7: destination format */
    static const char *const bad_formats[] = {"", "ii", "2i", "<i", "=i", "s", "p", "x", "@",
                                              "@@B", "w", "\xe9"};
    for (size_t k = 0; k < sizeof bad_formats / sizeof *bad_formats; k++)
        CHECK_ERR(mv_view_cast(&v, &m, bad_formats[k], NULL, -1, err), MV_VALUE_ERROR,
                  "memoryview: destination format must be a native single character format "
                  "prefixed with an optional '@'");
    v = cast_of(&m, "@e", NULL, -1);
    CHECK(strcmp(v.format, "@e") == 0 && v.itemsize == 2 && v.shape[0] == 6);
    /* 8: one side must be a byte format */
    mv_view mi = cast_of(&m, "i", NULL, -1);
    CHECK_ERR(mv_view_cast(&v, &mi, "h", NULL, -1, err), MV_TYPE_ERROR,
              "memoryview: cannot cast between two non-byte formats");
    CHECK_ERR(mv_view_cast(&v, &mi, "i", NULL, -1, err), MV_TYPE_ERROR,
              "memoryview: cannot cast between two non-byte formats");
    mv_view mq = cast_of(&m, "?", NULL, -1);
    CHECK_ERR(mv_view_cast(&v, &mq, "i", NULL, -1, err), MV_TYPE_ERROR,
              "memoryview: cannot cast between two non-byte formats");
    mv_view raw = m;
    strcpy(raw.format, "<B");
    mv_view_update(&raw);
    CHECK_ERR(mv_view_cast(&v, &raw, "i", NULL, -1, err), MV_TYPE_ERROR,
              "memoryview: cannot cast between two non-byte formats");
    v = cast_of(&raw, "B", NULL, -1); /* a non-native source to a byte format works */
    CHECK(strcmp(v.format, "B") == 0);
    v = cast_of(&mi, "c", NULL, -1);
    CHECK(v.shape[0] == 12);
    mv_view mc = v;
    v = cast_of(&mc, "@i", NULL, -1);
    CHECK(strcmp(v.format, "@i") == 0 && v.shape[0] == 3);
    mv_view mb = cast_of(&m, "b", NULL, -1);
    v = cast_of(&mb, "d", NULL, -1);
    CHECK(v.shape[0] == 1 && v.itemsize == 8);
    /* 9: length multiple of the new itemsize */
    mv_view five = view_of(b, 5, "B");
    shp[0] = NAN;
    CHECK_ERR(mv_view_cast(&v, &five, "i", shp, 1, err), MV_TYPE_ERROR,
              "memoryview: length is not a multiple of itemsize");
    /* 10: shape elements, each fully checked in turn */
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 1, err), MV_TYPE_ERROR,
              "memoryview.cast(): elements of shape must be integers");
    shp[0] = 1.5;
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 1, err), MV_TYPE_ERROR,
              "memoryview.cast(): elements of shape must be integers");
    shp[0] = 2147483648.0;
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 1, err), MV_OVERFLOW_ERROR,
              "Python int too large to convert to C ssize_t");
    shp[0] = -2147483649.0;
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 1, err), MV_OVERFLOW_ERROR,
              "Python int too large to convert to C ssize_t");
    shp[0] = INFINITY;
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 1, err), MV_OVERFLOW_ERROR,
              "Python int too large to convert to C ssize_t");
    shp[0] = -2147483648.0;
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 1, err), MV_VALUE_ERROR,
              "memoryview.cast(): elements of shape must be integers > 0");
    shp[0] = 0; shp[1] = NAN;
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 2, err), MV_VALUE_ERROR,
              "memoryview.cast(): elements of shape must be integers > 0");
    shp[0] = 65536; shp[1] = 32768;
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 2, err), MV_VALUE_ERROR,
              "memoryview.cast(): product(shape) > SSIZE_MAX");
    shp[0] = 65536; shp[1] = 32767; /* 2**31 - 2**16 fits; the size check then fails */
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 2, err), MV_TYPE_ERROR,
              "memoryview: product(shape) * itemsize != buffer size");
    shp[0] = 65536; shp[1] = 8192; /* 2**29 * itemsize 4 > SSIZE_MAX */
    mv_view four = view_of(b, 12, "B");
    CHECK_ERR(mv_view_cast(&v, &four, "i", shp, 2, err), MV_VALUE_ERROR,
              "memoryview.cast(): product(shape) > SSIZE_MAX");
    /* 11: product(shape) * itemsize == nbytes */
    mv_view two = view_of(b, 2, "B");
    CHECK_ERR(mv_view_cast(&v, &two, "B", shp, 0, err), MV_TYPE_ERROR,
              "memoryview: product(shape) * itemsize != buffer size");
    shp[0] = 2; shp[1] = 2;
    CHECK_ERR(mv_view_cast(&v, &m, "B", shp, 2, err), MV_TYPE_ERROR,
              "memoryview: product(shape) * itemsize != buffer size");
    /* ND -> 0-D is the ND rule's business; 1-D -> 0-D works */
    v = cast_of(&two, "h", shp, 0);
    CHECK(v.ndim == 0 && v.len == 2 && v.itemsize == 2);
    /* readonly inherited; failures leave dst untouched */
    mv_view ro;
    mv_view_toreadonly(&ro, &m);
    v = cast_of(&ro, "i", NULL, -1);
    CHECK(v.readonly == 1);
    memset(&v, 0x5a, sizeof v);
    mv_error e;
    CHECK(mv_view_cast(&v, &m, "B", shp, 2, &e) != MV_OK && v.ndim == 0x5a5a5a5a);
}

/* ---- facts §3/§4: element access ------------------------------------------------ */

static void test_get(void)
{
    uint8_t b[12];
    fill_range(b, 12);
    mv_view m = view_of(b, 10, "B");
    mv_value x;
    double idx[4];

    CHECK(get1(&m, 3) == 3 && get1(&m, -1) == 9 && get1(&m, -10) == 0);
    idx[0] = 10;
    CHECK_ERR(mv_view_get(&m, idx, 1, &x, err), MV_INDEX_ERROR,
              "index out of bounds on dimension 1");
    idx[0] = -11;
    CHECK_ERR(mv_view_get(&m, idx, 1, &x, err), MV_INDEX_ERROR,
              "index out of bounds on dimension 1");
    idx[0] = -2147483648.0; /* fits ssize_t on wasm32 */
    CHECK_ERR(mv_view_get(&m, idx, 1, &x, err), MV_INDEX_ERROR,
              "index out of bounds on dimension 1");
    idx[0] = 2147483648.0;
    CHECK_ERR(mv_view_get(&m, idx, 1, &x, err), MV_INDEX_ERROR,
              "cannot fit 'int' into an index-sized integer");
    idx[0] = -INFINITY;
    CHECK_ERR(mv_view_get(&m, idx, 1, &x, err), MV_INDEX_ERROR,
              "cannot fit 'int' into an index-sized integer");
    idx[0] = NAN;
    CHECK_ERR(mv_view_get(&m, idx, 1, &x, err), MV_TYPE_ERROR, "memoryview: invalid slice key");
    idx[0] = 0.5;
    CHECK_ERR(mv_view_get(&m, idx, 1, &x, err), MV_TYPE_ERROR, "memoryview: invalid slice key");
    CHECK_ERR(mv_view_get(&m, idx, 0, &x, err), MV_NOT_IMPLEMENTED_ERROR,
              "sub-views are not implemented");
    idx[0] = 1; idx[1] = 1;
    CHECK_ERR(mv_view_get(&m, idx, 2, &x, err), MV_TYPE_ERROR,
              "cannot index 1-dimension view with 2-element tuple");
    idx[1] = NAN;
    CHECK_ERR(mv_view_get(&m, idx, 2, &x, err), MV_TYPE_ERROR, "memoryview: invalid slice key");

    /* 2-D */
    double shp[2] = {3, 4};
    mv_view whole = view_of(b, 12, "B");
    mv_view m2 = cast_of(&whole, "B", shp, 2);
    idx[0] = 1;
    CHECK_ERR(mv_view_get(&m2, idx, 1, &x, err), MV_NOT_IMPLEMENTED_ERROR,
              "multi-dimensional sub-views are not implemented");
    idx[0] = 1; idx[1] = 2;
    CHECK_OK(mv_view_get(&m2, idx, 2, &x, err));
    CHECK(x.tag == MV_VAL_INT && x.i == 6 && x.d == 6.0);
    idx[0] = -1; idx[1] = -1;
    CHECK_OK(mv_view_get(&m2, idx, 2, &x, err));
    CHECK(x.i == 11);
    idx[0] = 3; idx[1] = 0;
    CHECK_ERR(mv_view_get(&m2, idx, 2, &x, err), MV_INDEX_ERROR,
              "index out of bounds on dimension 1");
    idx[0] = 0; idx[1] = 4;
    CHECK_ERR(mv_view_get(&m2, idx, 2, &x, err), MV_INDEX_ERROR,
              "index out of bounds on dimension 2");
    idx[0] = 5; idx[1] = 1e21; /* m2[5, 2**70]: dimension 1 fails first */
    CHECK_ERR(mv_view_get(&m2, idx, 2, &x, err), MV_INDEX_ERROR,
              "index out of bounds on dimension 1");
    idx[0] = 1e21; idx[1] = 5;
    CHECK_ERR(mv_view_get(&m2, idx, 2, &x, err), MV_INDEX_ERROR,
              "cannot fit 'int' into an index-sized integer");
    idx[0] = 1; idx[1] = 2; idx[2] = 3;
    CHECK_ERR(mv_view_get(&m2, idx, 3, &x, err), MV_TYPE_ERROR,
              "cannot index 2-dimension view with 3-element tuple");
    CHECK_ERR(mv_view_get(&m2, idx, 0, &x, err), MV_NOT_IMPLEMENTED_ERROR,
              "sub-views are not implemented");
    mv_view rev = slice_of(&m2, NONE, NONE, -1);
    idx[0] = 0; idx[1] = 1;
    CHECK_OK(mv_view_get(&rev, idx, 2, &x, err));
    CHECK(x.i == 9);

    /* 0-dim */
    mv_view four = view_of(b, 4, "B");
    mv_view z = cast_of(&four, "i", NULL, 0);
    CHECK_OK(mv_view_get(&z, NULL, 0, &x, err));
    CHECK(x.i == 0x03020100);
    idx[0] = 0;
    CHECK_ERR(mv_view_get(&z, idx, 1, &x, err), MV_TYPE_ERROR,
              "invalid indexing of 0-dim memory");
    idx[0] = NAN;
    CHECK_ERR(mv_view_get(&z, idx, 1, &x, err), MV_TYPE_ERROR,
              "invalid indexing of 0-dim memory");
    CHECK_ERR(mv_view_get(&z, idx, 2, &x, err), MV_TYPE_ERROR,
              "invalid indexing of 0-dim memory");

    /* formats: the single-character test before bounds, the code after */
    mv_view lt = view_of(b, 8, "i");
    strcpy(lt.format, "<i");
    mv_view_update(&lt);
    CHECK(lt.kind == 0);
    idx[0] = 100;
    CHECK_ERR(mv_view_get(&lt, idx, 1, &x, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <i");
    idx[0] = 1e12; /* the index is converted first */
    CHECK_ERR(mv_view_get(&lt, idx, 1, &x, err), MV_INDEX_ERROR,
              "cannot fit 'int' into an index-sized integer");
    mv_view w = view_of(b, 8, "i");
    strcpy(w.format, "w");
    mv_view_update(&w);
    idx[0] = 5;
    CHECK_ERR(mv_view_get(&w, idx, 1, &x, err), MV_INDEX_ERROR,
              "index out of bounds on dimension 1");
    idx[0] = 0;
    CHECK_ERR(mv_view_get(&w, idx, 1, &x, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: format w not supported");
    strcpy(w.format, "@w");
    CHECK_ERR(mv_view_get(&w, idx, 1, &x, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: format w not supported");

    /* item values */
    uint8_t q[8];
    memset(q, 0xff, 8);
    mv_view vq = view_of(q, 8, "Q");
    idx[0] = 0;
    CHECK_OK(mv_view_get(&vq, idx, 1, &x, err));
    CHECK(x.tag == MV_VAL_INT && x.intrange == 1 && (uint64_t)x.i == UINT64_MAX);
    mv_view vsq = view_of(q, 8, "q");
    CHECK_OK(mv_view_get(&vsq, idx, 1, &x, err));
    CHECK(x.intrange == 0 && x.i == -1);
    mv_view vp = view_of(q, 8, "P");
    CHECK_OK(mv_view_get(&vp, idx, 1, &x, err));
    CHECK(x.i == 4294967295LL && x.d == 4294967295.0);
    mv_view vl = view_of(q, 8, "l");
    CHECK(vl.shape[0] == 2 && get1(&vl, 1) == -1);
    uint8_t bools[4] = {0, 1, 2, 255};
    mv_view vb = view_of(bools, 4, "?");
    idx[0] = 2;
    CHECK_OK(mv_view_get(&vb, idx, 1, &x, err));
    CHECK(x.tag == MV_VAL_BOOL && x.i == 1 && x.truthy == 1);
    idx[0] = 0;
    CHECK_OK(mv_view_get(&vb, idx, 1, &x, err));
    CHECK(x.tag == MV_VAL_BOOL && x.i == 0 && x.truthy == 0);
    mv_view vc = view_of(bools, 4, "c");
    idx[0] = 3;
    CHECK_OK(mv_view_get(&vc, idx, 1, &x, err));
    CHECK(x.tag == MV_VAL_BYTES && x.len == 1 && x.data == bools + 3);
    uint8_t f41[4] = {0x41, 0, 0, 0};
    mv_view vf = view_of(f41, 4, "f");
    CHECK(get1(&vf, 0) == 65 * ldexp(1, -149));
}

static mv_status set1(const mv_view *v, double i, mv_value val, mv_error *err)
{
    return mv_view_set(v, &i, 1, &val, err);
}

static void test_set(void)
{
    uint8_t b[16];
    fill_range(b, 16);
    mv_view m = view_of(b, 3, "B");
    mv_view ro;
    mv_view_toreadonly(&ro, &m);
    double idx[3];

    /* order: format, read-only, key, bounds, value */
    mv_view lt = m;
    strcpy(lt.format, "<B");
    lt.readonly = 1;
    CHECK_ERR(set1(&lt, NAN, int_value(1), err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <B");
    CHECK_ERR(set1(&ro, NAN, int_value(1), err), MV_TYPE_ERROR,
              "cannot modify read-only memory");
    CHECK_ERR(set1(&m, NAN, int_value(1), err), MV_TYPE_ERROR, "memoryview: invalid slice key");
    CHECK_ERR(set1(&m, 5, other_value(1), err), MV_INDEX_ERROR,
              "index out of bounds on dimension 1");
    CHECK_ERR(set1(&m, 3e10, other_value(1), err), MV_INDEX_ERROR,
              "cannot fit 'int' into an index-sized integer");
    CHECK_ERR(mv_view_set(&m, NULL, 0, &(mv_value){0}, err), MV_NOT_IMPLEMENTED_ERROR,
              "sub-views are not implemented");
    idx[0] = 0; idx[1] = 0;
    CHECK_ERR(mv_view_set(&m, idx, 2, &(mv_value){0}, err), MV_TYPE_ERROR,
              "cannot index 1-dimension view with 2-element tuple");
    idx[1] = 0.25;
    CHECK_ERR(mv_view_set(&m, idx, 2, &(mv_value){0}, err), MV_TYPE_ERROR,
              "memoryview: invalid slice key");
    mv_view w = m;
    strcpy(w.format, "w");
    CHECK_ERR(set1(&w, 7, int_value(1), err), MV_INDEX_ERROR,
              "index out of bounds on dimension 1");
    CHECK_ERR(set1(&w, 0, int_value(1), err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: format w not supported");

    /* 2-D */
    double shp[2] = {3, 4};
    mv_view whole = view_of(b, 12, "B");
    mv_view m2 = cast_of(&whole, "B", shp, 2);
    CHECK_ERR(set1(&m2, 1e30, int_value(1), err), MV_NOT_IMPLEMENTED_ERROR,
              "sub-views are not implemented");
    CHECK_ERR(set1(&m2, 0.5, int_value(1), err), MV_TYPE_ERROR, "memoryview: invalid slice key");
    idx[0] = 1;
    CHECK_ERR(mv_view_set(&m2, idx, 0, &(mv_value){0}, err), MV_NOT_IMPLEMENTED_ERROR,
              "sub-views are not implemented");
    idx[0] = 1; idx[1] = 1; idx[2] = 1;
    CHECK_ERR(mv_view_set(&m2, idx, 3, &(mv_value){0}, err), MV_TYPE_ERROR,
              "cannot index 2-dimension view with 3-element tuple");
    mv_value nine = int_value(9);
    CHECK_OK(mv_view_set(&m2, idx, 2, &nine, err));
    CHECK(b[5] == 9);
    idx[1] = -5;
    CHECK_ERR(mv_view_set(&m2, idx, 2, &nine, err), MV_INDEX_ERROR,
              "index out of bounds on dimension 2");

    /* 0-dim */
    mv_view four = view_of(b, 4, "B");
    mv_view z = cast_of(&four, "i", NULL, 0);
    mv_value big = int_value(-5);
    CHECK_OK(mv_view_set(&z, NULL, 0, &big, err));
    CHECK(b[0] == 0xfb && b[3] == 0xff);
    CHECK_ERR(set1(&z, 0, big, err), MV_TYPE_ERROR, "invalid indexing of 0-dim memory");

    /* integer conversions */
    fill_range(b, 16);
    CHECK_ERR(set1(&m, 0, int_value(256), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'B'");
    CHECK_ERR(set1(&m, 0, int_value(-1), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'B'");
    mv_value huge = int_value(0);
    huge.intrange = 2;
    huge.d = 1e30;
    CHECK_ERR(set1(&m, 0, huge, err), MV_VALUE_ERROR, "memoryview: invalid value for format 'B'");
    CHECK_ERR(set1(&m, 0, float_value(1.0), err), MV_TYPE_ERROR,
              "memoryview: invalid type for format 'B'");
    CHECK_ERR(set1(&m, 0, bytes_value("a", 1), err), MV_TYPE_ERROR,
              "memoryview: invalid type for format 'B'");
    CHECK_ERR(set1(&m, 0, other_value(1), err), MV_TYPE_ERROR,
              "memoryview: invalid type for format 'B'");
    CHECK(b[0] == 0); /* nothing written on failure */
    mv_view at = m;
    strcpy(at.format, "@B");
    CHECK_ERR(set1(&at, 0, int_value(300), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'B'");
    CHECK_OK(set1(&at, 2, int_value(255), err));
    CHECK(b[2] == 255);
    mv_value t = {.tag = MV_VAL_BOOL, .i = 1, .d = 1, .truthy = 1};
    CHECK_OK(set1(&m, 0, t, err));
    CHECK(b[0] == 1);

    mv_view vb8 = view_of(b, 16, "b");
    CHECK_ERR(set1(&vb8, 0, int_value(-129), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'b'");
    CHECK_OK(set1(&vb8, 0, int_value(-128), err));
    CHECK(b[0] == 0x80);
    mv_view vh = view_of(b, 16, "h");
    CHECK_OK(set1(&vh, 1, int_value(-2), err));
    CHECK(get1(&vh, 1) == -2);
    CHECK_ERR(set1(&vh, 1, int_value(32768), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'h'");
    mv_view vl = view_of(b, 16, "l");
    CHECK_ERR(set1(&vl, 0, int_value(2147483648LL), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'l'");
    mv_view vN = view_of(b, 16, "N");
    CHECK_OK(set1(&vN, 0, int_value(4294967295LL), err));
    CHECK(get1(&vN, 0) == 4294967295.0);
    mv_view vq = view_of(b, 16, "q");
    CHECK_OK(set1(&vq, 1, int_value(INT64_MIN), err));
    mv_value x;
    idx[0] = 1;
    CHECK_OK(mv_view_get(&vq, idx, 1, &x, err));
    CHECK(x.i == INT64_MIN);
    mv_value top = int_value(0);
    top.intrange = 1;
    top.i = -1; /* bits of 2**64 - 1 */
    top.d = 18446744073709551616.0;
    CHECK_ERR(set1(&vq, 0, top, err), MV_VALUE_ERROR, "memoryview: invalid value for format 'q'");
    mv_view vQ = view_of(b, 16, "Q");
    CHECK_OK(set1(&vQ, 0, top, err));
    CHECK(b[0] == 0xff && b[7] == 0xff);
    CHECK_ERR(set1(&vQ, 0, int_value(-1), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'Q'");

    /* 'P': ints only, -2**31 .. 2**32-1, two's complement */
    mv_view vP = view_of(b, 16, "P");
    CHECK_OK(set1(&vP, 0, int_value(-1), err));
    CHECK(get1(&vP, 0) == 4294967295.0);
    CHECK_OK(set1(&vP, 1, int_value(-2147483648LL), err));
    CHECK(get1(&vP, 1) == 2147483648.0);
    CHECK_ERR(set1(&vP, 0, int_value(-2147483649LL), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'P'");
    CHECK_ERR(set1(&vP, 0, int_value(4294967296LL), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'P'");
    CHECK_ERR(set1(&vP, 0, float_value(1), err), MV_TYPE_ERROR,
              "memoryview: invalid type for format 'P'");

    /* floats */
    mv_view vd = view_of(b, 16, "d");
    CHECK_OK(set1(&vd, 0, int_value(3), err));
    CHECK(get1(&vd, 0) == 3.0);
    mv_value inf_int = int_value(0);
    inf_int.intrange = 2;
    inf_int.d = INFINITY; /* 2**1024 */
    CHECK_ERR(set1(&vd, 0, inf_int, err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'd'");
    CHECK_ERR(set1(&vd, 0, bytes_value("1", 1), err), MV_TYPE_ERROR,
              "memoryview: invalid type for format 'd'");
    CHECK_OK(set1(&vd, 1, float_value(-0.0), err));
    CHECK(signbit(get1(&vd, 1)));
    mv_view vf = view_of(b, 16, "f");
    CHECK_ERR(set1(&vf, 0, inf_int, err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'f'");
    CHECK_OK(set1(&vf, 0, float_value(1e39), err));
    CHECK(get1(&vf, 0) == INFINITY);
    CHECK_OK(set1(&vf, 0, float_value(-1e39), err));
    CHECK(get1(&vf, 0) == -INFINITY);
    CHECK_OK(set1(&vf, 0, float_value(3.4028235677973366e38), err));
    CHECK(get1(&vf, 0) == INFINITY);
    CHECK_OK(set1(&vf, 0, float_value(3.4028235677973362e38), err));
    CHECK(get1(&vf, 0) == 3.4028234663852886e38);
    CHECK_OK(set1(&vf, 0, float_value(1e-46), err));
    CHECK(get1(&vf, 0) == 0.0);
    CHECK_OK(set1(&vf, 0, float_value(1.1), err));
    CHECK(get1(&vf, 0) == 1.100000023841858);
    CHECK_OK(set1(&vf, 1, float_value(NAN), err));
    CHECK(isnan(get1(&vf, 1)));
    mv_view ve = view_of(b, 16, "e");
    CHECK_ERR(set1(&ve, 0, float_value(65520.0), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'e'");
    CHECK_ERR(set1(&ve, 0, float_value(1e10), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'e'");
    CHECK_ERR(set1(&ve, 0, int_value(65520), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'e'");
    CHECK_OK(set1(&ve, 0, float_value(1e-8), err));
    CHECK(get1(&ve, 0) == 0.0);
    CHECK_OK(set1(&ve, 0, float_value(0.1), err));
    CHECK(get1(&ve, 0) == 0.0999755859375);
    CHECK_OK(set1(&ve, 0, float_value(INFINITY), err));
    CHECK(get1(&ve, 0) == INFINITY);
    CHECK_OK(set1(&ve, 0, float_value(NAN), err));
    CHECK(isnan(get1(&ve, 0)));

    /* '?' and 'c' */
    mv_view vbool = view_of(b, 16, "?");
    CHECK_OK(set1(&vbool, 0, other_value(1), err));
    CHECK(b[0] == 1);
    CHECK_OK(set1(&vbool, 0, bytes_value("", 0), err));
    CHECK(b[0] == 0);
    CHECK_OK(set1(&vbool, 0, float_value(0.5), err));
    CHECK(b[0] == 1);
    CHECK_OK(set1(&vbool, 0, int_value(7), err));
    CHECK(b[0] == 1);
    mv_view vc = view_of(b, 16, "c");
    CHECK_OK(set1(&vc, 0, bytes_value("z", 1), err));
    CHECK(b[0] == 'z');
    CHECK_ERR(set1(&vc, 0, bytes_value("zz", 2), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'c'");
    CHECK_ERR(set1(&vc, 0, bytes_value("", 0), err), MV_VALUE_ERROR,
              "memoryview: invalid value for format 'c'");
    CHECK_ERR(set1(&vc, 0, int_value(97), err), MV_TYPE_ERROR,
              "memoryview: invalid type for format 'c'");
}
