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
#define CHECK_ERR(expr, st, want)                                                       \
    do {                                                                               \
        mv_error err_;                                                                 \
        err_.msg[0] = '\0';                                                            \
        mv_error *err = &err_;                                                         \
        mv_status got_ = (expr);                                                       \
        if (got_ == (st) && strcmp(err_.msg, (want)) == 0) {                            \
            passed++;                                                                  \
        } else {                                                                       \
            failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s: got %d \"%s\", want %d \"%s\"\n", __FILE__,     \
                    __LINE__, #expr, (int)got_, err_.msg, (int)(st), (want));           \
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
    memset(&c, 0xab, sizeof c);
    mv_view_copy(&c, &m2); /* copies what the invariants cover: header, ndim dims */
    CHECK(memcmp(&c, &m2, offsetof(mv_view, shape)) == 0);
    CHECK(memcmp(c.shape, m2.shape, (size_t)m2.ndim * sizeof c.shape[0]) == 0);
    CHECK(memcmp(c.strides, m2.strides, (size_t)m2.ndim * sizeof c.strides[0]) == 0);
    mv_view_toreadonly(&c, &m2);
    CHECK(c.readonly == 1 && c.ndim == 2 && c.buf == m2.buf && m2.readonly == 0);
    CHECK(mv_view_equals(&c, &m2));

    /* init */
    mv_view bad;
    CHECK_ERR(mv_view_init(&bad, b, 12, 1, "<i", err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <i");
    CHECK_ERR(mv_view_init(&bad, b, 10, 1, "i", err), MV_VALUE_ERROR,
              "memoryview: length is not a multiple of itemsize");
    CHECK_OK(mv_view_init(&bad, b, 8, 1, "@d", err));
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
    shp[0] = 1; shp[1] = 1;
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
    /* ("ii", "2i", "<i", "=i", "s", "p" were refused too: beyond CPython they
     * are byte-order and record formats, tested in beyond_test.c) */
    static const char *const bad_formats[] = {"", "x", "3x", "@", "@@B", "w", "<w", "<n",
                                              "\xe9", "0i"};
    for (size_t k = 0; k < sizeof bad_formats / sizeof *bad_formats; k++)
        CHECK_ERR(mv_view_cast(&v, &m, bad_formats[k], NULL, -1, err), MV_VALUE_ERROR,
                  "memoryview: destination format must be a native single character format "
                  "prefixed with an optional '@'");
    /* beyond CPython: a record format of MV_FORMAT_MAX - 1 characters is
     * one, a longer one is too long, and says so */
    static const char *const long_formats[] = {"i i i i i i i i i", "BBBBBBBBBBBBBBBB", "<BBBBBBBBBBBBBBBBBBBBBBB"};
    for (size_t k = 0; k < sizeof long_formats / sizeof *long_formats; k++)
        CHECK_ERR(mv_view_cast(&v, &m, long_formats[k], NULL, -1, err), MV_VALUE_ERROR,
                  "memoryview: destination format must be a native single character format "
                  "prefixed with an optional '@' (memview: or a byte-order or record format of "
                  "at most 15 characters)");
    v = cast_of(&m, "<BBBBBB  BBBBBB", NULL, -1);
    CHECK(v.itemsize == 12 && strcmp(v.format, "<BBBBBB  BBBBBB") == 0);
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
    v = cast_of(&raw, "i", NULL, -1); /* beyond CPython, '<B' is a byte format */
    CHECK(strcmp(v.format, "i") == 0);
    strcpy(raw.format, "<h");
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
    mv_view m16 = view_of(b, 16, "B");
    mv_view mb = cast_of(&m16, "b", NULL, -1);
    v = cast_of(&mb, "d", NULL, -1);
    CHECK(v.shape[0] == 2 && v.itemsize == 8);
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
    strcpy(lt.format, "<w");
    mv_view_update(&lt);
    CHECK(lt.kind == 0);
    idx[0] = 100;
    CHECK_ERR(mv_view_get(&lt, idx, 1, &x, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <w");
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
    strcpy(lt.format, "<w");
    lt.readonly = 1;
    CHECK_ERR(set1(&lt, NAN, int_value(1), err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <w");
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
    mv_value e30 = int_value(0); /* 10**30: beyond int64, fine as a double */
    e30.intrange = 2;
    e30.d = 1e30;
    CHECK_OK(set1(&vd, 0, e30, err));
    CHECK(get1(&vd, 0) == 1e30);
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

/* ---- facts §4: slice assignment ---------------------------------------------- */

/* m[a:b:c] = src through the two-step API, with the scratch it asks for. */
static mv_status assign_slice(const mv_view *m, double a, double b, double c, const mv_view *src,
                              mv_ssize *scratch_used, mv_error *err)
{
    mv_view dst;
    mv_status st = mv_view_assign_check(m, err);
    if (st != MV_OK)
        return st;
    st = mv_view_slice(&dst, m, a, b, c, err);
    if (st != MV_OK)
        return st;
    uint8_t scratch[64];
    mv_ssize need = mv_view_assign_scratch_size(&dst, src);
    if (scratch_used)
        *scratch_used = need;
    if (need > (mv_ssize)sizeof scratch)
        return MV_MEMORY_ERROR;
    return mv_view_assign(&dst, src, need ? scratch : NULL, err);
}

static void test_assign(void)
{
    uint8_t b[6];
    mv_view m = view_of(b, 6, "B");
    mv_ssize used = -1;
#define RESET() memcpy(b, "abcdef", 6)

    RESET(); /* m[1:5] = m[0:4] */
    mv_view s = slice_of(&m, 0, 4, NONE);
    CHECK_OK(assign_slice(&m, 1, 5, NONE, &s, &used, err));
    CHECK(memcmp(b, "aabcdf", 6) == 0 && used == 0);
    RESET(); /* m[0:3] = m[2:5] */
    s = slice_of(&m, 2, 5, NONE);
    CHECK_OK(assign_slice(&m, 0, 3, NONE, &s, &used, err));
    CHECK(memcmp(b, "cdedef", 6) == 0 && used == 0);
    RESET(); /* m[::2] = b'XYZ' */
    uint8_t xyz[3] = {'X', 'Y', 'Z'};
    mv_view src = view_of(xyz, 3, "B");
    CHECK_OK(assign_slice(&m, NONE, NONE, 2, &src, &used, err));
    CHECK(memcmp(b, "XbYdZf", 6) == 0 && used == 0);
    RESET(); /* m[::-1] = b'123456' */
    uint8_t digits[6] = {'1', '2', '3', '4', '5', '6'};
    src = view_of(digits, 6, "B");
    CHECK_OK(assign_slice(&m, NONE, NONE, -1, &src, &used, err));
    CHECK(memcmp(b, "654321", 6) == 0 && used == 0);
    RESET(); /* m[:] = m[::-1]: overlapping, strided: needs scratch */
    s = slice_of(&m, NONE, NONE, -1);
    CHECK_OK(assign_slice(&m, NONE, NONE, NONE, &s, &used, err));
    CHECK(memcmp(b, "fedcba", 6) == 0 && used == 6);
    RESET(); /* m[0:3] = m[::2] */
    s = slice_of(&m, NONE, NONE, 2);
    CHECK_OK(assign_slice(&m, 0, 3, NONE, &s, &used, err));
    CHECK(memcmp(b, "acedef", 6) == 0 && used == 3);
    RESET(); /* m[1::2] = m[::2] */
    s = slice_of(&m, NONE, NONE, 2);
    CHECK_OK(assign_slice(&m, 1, NONE, 2, &s, &used, err));
    CHECK(memcmp(b, "aaccee", 6) == 0 && used == 3);
    RESET(); /* m[::-2] = m[1::2] : f d b <- b d f */
    s = slice_of(&m, 1, NONE, 2);
    CHECK_OK(assign_slice(&m, NONE, NONE, -2, &s, &used, err));
    CHECK(memcmp(b, "afcdeb", 6) == 0 && used == 3);
    RESET(); /* m[3:3] = b'' */
    src = view_of(digits, 0, "B");
    CHECK_OK(assign_slice(&m, 3, 3, NONE, &src, &used, err));
    CHECK(memcmp(b, "abcdef", 6) == 0 && used == 0);

    /* the structure rule */
    src = view_of(digits, 3, "B");
    CHECK_ERR(assign_slice(&m, 1, 3, NONE, &src, NULL, err), MV_VALUE_ERROR,
              "memoryview assignment: lvalue and rvalue have different structures");
    src = view_of(digits, 1, "B");
    CHECK_ERR(assign_slice(&m, 3, 3, NONE, &src, NULL, err), MV_VALUE_ERROR,
              "memoryview assignment: lvalue and rvalue have different structures");
    src = view_of(digits, 6, "c");
    CHECK_ERR(assign_slice(&m, NONE, NONE, NONE, &src, NULL, err), MV_VALUE_ERROR,
              "memoryview assignment: lvalue and rvalue have different structures");
    src = view_of(digits, 6, "b");
    CHECK_ERR(assign_slice(&m, NONE, NONE, NONE, &src, NULL, err), MV_VALUE_ERROR,
              "memoryview assignment: lvalue and rvalue have different structures");
    RESET();
    src = view_of(digits, 6, "@B");
    CHECK_OK(assign_slice(&m, NONE, NONE, NONE, &src, NULL, err));
    CHECK(memcmp(b, "123456", 6) == 0);
    double shp[2] = {2, 3};
    mv_view src2 = cast_of(&src, "B", shp, 2);
    CHECK_ERR(assign_slice(&m, NONE, NONE, NONE, &src2, NULL, err), MV_VALUE_ERROR,
              "memoryview assignment: lvalue and rvalue have different structures");
    CHECK(mv_view_assign_scratch_size(&m, &src2) == 0);
    /* ctypes-style '<i' re-cast through 'B' to 'i' works; '<i' into 'i' does not */
    uint8_t ib[8] = {0}, jb[8] = {1, 0, 0, 0, 2, 0, 0, 0};
    mv_view mi = view_of(ib, 8, "i");
    mv_view lt = view_of(jb, 8, "i");
    strcpy(lt.format, "<i");
    mv_view_update(&lt);
    CHECK_ERR(assign_slice(&mi, NONE, NONE, NONE, &lt, NULL, err), MV_VALUE_ERROR,
              "memoryview assignment: lvalue and rvalue have different structures");
    mv_view lt_b = cast_of(&lt, "B", NULL, -1);
    mv_view lt_i = cast_of(&lt_b, "i", NULL, -1);
    CHECK_OK(assign_slice(&mi, NONE, NONE, NONE, &lt_i, NULL, err));
    CHECK(get1(&mi, 1) == 2);

    /* the target checks */
    mv_view ro;
    mv_view_toreadonly(&ro, &m);
    CHECK_ERR(mv_view_assign_check(&ro, err), MV_TYPE_ERROR, "cannot modify read-only memory");
    strcpy(ro.format, "<w");
    CHECK_ERR(mv_view_assign_check(&ro, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <w");
    mv_view four = view_of(ib, 4, "B");
    mv_view z = cast_of(&four, "i", NULL, 0);
    CHECK_ERR(mv_view_assign_check(&z, err), MV_TYPE_ERROR, "invalid indexing of 0-dim memory");
    mv_view m2 = cast_of(&m, "B", shp, 2);
    CHECK_OK(mv_view_assign_check(&m2, err)); /* beyond CPython: N-D assignment */
    mv_view w = m;
    strcpy(w.format, "w"); /* raw copies work for any single character */
    CHECK_OK(mv_view_assign_check(&w, err));
    /* a missing scratch buffer is reported, not dereferenced */
    s = slice_of(&m, NONE, NONE, -1);
    CHECK_ERR(mv_view_assign(&m, &s, NULL, err), MV_MEMORY_ERROR,
              "memoryview assignment: missing scratch buffer");
#undef RESET
}

/* ---- facts §6: tobytes, hex, tolist ---------------------------------------------- */

static void test_tobytes(void)
{
    uint8_t b[12], out[12];
    fill_range(b, 12);
    mv_view m = view_of(b, 12, "B");
    double shp[2] = {3, 4};
    mv_view m2 = cast_of(&m, "B", shp, 2);

    static const uint8_t f_order[12] = {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11};
    CHECK_OK(mv_view_tobytes(&m2, out, 'F', err));
    CHECK(memcmp(out, f_order, 12) == 0);
    CHECK_OK(mv_view_tobytes(&m2, out, 'C', err));
    CHECK(memcmp(out, b, 12) == 0);
    CHECK_OK(mv_view_tobytes(&m2, out, 'A', err));
    CHECK(memcmp(out, b, 12) == 0);
    mv_view r = slice_of(&m2, NONE, NONE, -1);
    static const uint8_t rev_rows[12] = {8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3};
    CHECK_OK(mv_view_tobytes(&r, out, 'C', err));
    CHECK(memcmp(out, rev_rows, 12) == 0);
    CHECK_OK(mv_view_tobytes(&r, out, 'A', err)); /* not contiguous: C order */
    CHECK(memcmp(out, rev_rows, 12) == 0);
    static const uint8_t rev_f[12] = {8, 4, 0, 9, 5, 1, 10, 6, 2, 11, 7, 3};
    CHECK_OK(mv_view_tobytes(&r, out, 'F', err));
    CHECK(memcmp(out, rev_f, 12) == 0);

    /* an F-ordered 2x3 exporter: 'A' keeps the physical order */
    mv_view f = m;
    f.ndim = 2; f.len = 6; f.shape[0] = 2; f.shape[1] = 3; f.strides[0] = 1; f.strides[1] = 2;
    mv_view_update(&f);
    CHECK_OK(mv_view_tobytes(&f, out, 'A', err));
    CHECK(memcmp(out, b, 6) == 0);
    CHECK_OK(mv_view_tobytes(&f, out, 'F', err));
    CHECK(memcmp(out, b, 6) == 0);
    static const uint8_t f_as_c[6] = {0, 2, 4, 1, 3, 5};
    CHECK_OK(mv_view_tobytes(&f, out, 'C', err));
    CHECK(memcmp(out, f_as_c, 6) == 0);

    /* multi-byte items keep their bytes */
    mv_view mh = cast_of(&m, "h", NULL, -1);
    mv_view hr = slice_of(&mh, NONE, NONE, -2);
    CHECK_OK(mv_view_tobytes(&hr, out, 'C', err));
    static const uint8_t hr_bytes[6] = {10, 11, 6, 7, 2, 3};
    CHECK(hr.len == 6 && memcmp(out, hr_bytes, 6) == 0);

    /* 0-dim and empty */
    mv_view four = view_of(b, 4, "B");
    mv_view z = cast_of(&four, "i", NULL, 0);
    memset(out, 0xee, sizeof out);
    CHECK_OK(mv_view_tobytes(&z, out, 'C', err));
    CHECK(memcmp(out, b, 4) == 0 && out[4] == 0xee);
    mv_view e = slice_of(&m, 4, 4, NONE);
    CHECK_OK(mv_view_tobytes(&e, out, 'F', err));

    CHECK_ERR(mv_view_tobytes(&m, out, 'c', err), MV_VALUE_ERROR,
              "order must be 'C', 'F' or 'A'");
    CHECK_ERR(mv_view_tobytes(&m, out, 0, err), MV_VALUE_ERROR, "order must be 'C', 'F' or 'A'");
}

/* hex of v into a NUL-terminated string; "" on failure. */
static const char *hex_of(const mv_view *v, int sep, int bps)
{
    static char out[256];
    mv_error e;
    mv_ssize n = mv_hex_size(v->len, sep, bps);
    if (n < 0 || n >= (mv_ssize)sizeof out)
        return "";
    memset(out, '#', sizeof out);
    if (mv_view_hex(v, out, sep, bps, &e) != MV_OK)
        return "";
    if (out[n] != '#') /* wrote exactly n characters */
        return "overrun";
    out[n] = '\0';
    return out;
}

static void test_hex(void)
{
    uint8_t b[5] = {0xb9, 0x01, 0xef, 0x10, 0x20};
    mv_view m = view_of(b, 5, "B");
    CHECK(strcmp(hex_of(&m, ':', 2), "b9:01ef:1020") == 0);
    CHECK(strcmp(hex_of(&m, ':', -2), "b901:ef10:20") == 0);
    CHECK(strcmp(hex_of(&m, -1, 2), "b901ef1020") == 0);
    uint8_t r[5] = {1, 2, 3, 4, 5};
    mv_view n = view_of(r, 5, "B");
    CHECK(strcmp(hex_of(&n, '_', 4), "01_02030405") == 0);
    CHECK(strcmp(hex_of(&n, '_', -4), "01020304_05") == 0);
    CHECK(strcmp(hex_of(&n, '_', 1), "01_02_03_04_05") == 0);
    CHECK(strcmp(hex_of(&n, '_', -1), "01_02_03_04_05") == 0);
    CHECK(strcmp(hex_of(&n, '_', 0), "0102030405") == 0);
    CHECK(strcmp(hex_of(&n, '_', 5), "0102030405") == 0);
    CHECK(strcmp(hex_of(&n, '_', -5), "0102030405") == 0);
    CHECK(strcmp(hex_of(&n, '_', INT32_MIN), "0102030405") == 0);
    hex_of(&n, 0, 2); /* '\0' is a valid separator */
    CHECK(memcmp(hex_of(&n, 0, 2), "01\0" "0203\0" "0405", 13) == 0);
    mv_view rev = slice_of(&n, NONE, NONE, -1);
    CHECK(strcmp(hex_of(&rev, ' ', 2), "05 0403 0201") == 0);
    mv_view empty = slice_of(&n, 2, 2, NONE);
    CHECK(strcmp(hex_of(&empty, ':', 1), "") == 0 && mv_hex_size(0, ':', 1) == 0);
    uint8_t i8[8] = {1, 0, 0, 0, 2, 0, 0, 0};
    mv_view mi = view_of(i8, 8, "i");
    mv_view ir = slice_of(&mi, NONE, NONE, -1);
    CHECK(strcmp(hex_of(&ir, '-', 4), "02000000-01000000") == 0);
    CHECK(mv_hex_size(5, ':', 2) == 12);
    CHECK(mv_hex_size(5, -1, 2) == 10);
    CHECK(mv_hex_size(MV_SSIZE_MAX, -1, 1) == -1);
    mv_view big = n;
    big.len = MV_SSIZE_MAX; /* only the size check runs */
    char none[1];
    CHECK_ERR(mv_view_hex(&big, none, -1, 1, err), MV_MEMORY_ERROR, "");
}

static void test_tolist(void)
{
    uint8_t b[16];
    fill_range(b, 16);
    double d[16];
    mv_view m = view_of(b, 16, "B");

    double shp[2] = {8, 2};
    mv_view h = cast_of(&m, "h", NULL, -1);
    mv_view h2 = cast_of(&h, "B", NULL, -1);
    mv_view hh = cast_of(&h2, "h", shp, 1);
    CHECK(hh.ndim == 1);
    CHECK_OK(mv_view_tolist(&h, d, err));
    CHECK(d[0] == 0x0100 && d[7] == 0x0f0e);
    uint8_t q[16];
    memset(q, 0xff, 16);
    q[8] = 0; q[15] = 0x80;
    mv_view vq = view_of(q, 16, "q");
    int64_t qi[2];
    CHECK_OK(mv_view_tolist(&vq, qi, err));
    CHECK(qi[0] == -1 && qi[1] == (int64_t)0x80ffffffffffff00ULL);
    mv_view vQ = view_of(q, 16, "Q");
    uint64_t qu[2];
    CHECK_OK(mv_view_tolist(&vQ, qu, err));
    CHECK(qu[0] == UINT64_MAX && qu[1] == 0x80ffffffffffff00ULL);
    uint8_t bools[4] = {0, 1, 2, 255};
    mv_view vb = view_of(bools, 4, "?");
    CHECK(list_equals(&vb, (double[]){0, 1, 1, 1}, 4));
    mv_view vc = view_of(bools, 4, "c");
    CHECK(list_equals(&vc, (double[]){0, 1, 2, 255}, 4));
    mv_view vbs = view_of(bools, 4, "b");
    CHECK(list_equals(&vbs, (double[]){0, 1, 2, -1}, 4));
    mv_view vP = view_of(q, 16, "P");
    CHECK(list_equals(&vP, (double[]){4294967295.0, 4294967295.0, 4294967040.0, 2164260863.0}, 4));
    uint8_t e2[4] = {0x00, 0x3c, 0x00, 0xc0};
    mv_view ve = view_of(e2, 4, "e");
    CHECK(list_equals(&ve, (double[]){1.0, -2.0}, 2));
    double s3[2] = {4, 4};
    mv_view g = cast_of(&m, "B", s3, 2);
    mv_view gr = slice_of(&g, NONE, NONE, -2); /* rows 3 and 1 */
    CHECK(list_equals(&gr, (double[]){12, 13, 14, 15, 4, 5, 6, 7}, 8));
    mv_view four = view_of(b, 4, "B");
    mv_view z = cast_of(&four, "f", NULL, 0);
    float fv = 2.5f;
    memcpy(b, &fv, 4);
    CHECK(list_equals(&z, (double[]){2.5}, 1));

    mv_view w = m;
    strcpy(w.format, "w");
    CHECK_ERR(mv_view_tolist(&w, d, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: format w not supported");
    mv_view we = slice_of(&w, 0, 0, NONE);
    CHECK_OK(mv_view_tolist(&we, d, err)); /* no element read: [] */
    strcpy(we.format, "<w");
    CHECK_ERR(mv_view_tolist(&we, d, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <w");
    strcpy(we.format, "2w");
    CHECK_ERR(mv_view_tolist(&we, d, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format 2w");
}

static void test_checks(void)
{
    uint8_t b[12] = {0};
    mv_view m = view_of(b, 12, "B");
    double shp[2] = {3, 4};
    mv_view m2 = cast_of(&m, "B", shp, 2);
    mv_view four = view_of(b, 4, "B");
    mv_view z = cast_of(&four, "i", NULL, 0);
    CHECK_OK(mv_view_check_iterable(&m, err));
    CHECK_ERR(mv_view_check_iterable(&z, err), MV_TYPE_ERROR, "invalid indexing of 0-dim memory");
    CHECK_ERR(mv_view_check_iterable(&m2, err), MV_NOT_IMPLEMENTED_ERROR,
              "multi-dimensional sub-views are not implemented");
    mv_view w = m;
    strcpy(w.format, "w");
    CHECK_OK(mv_view_check_iterable(&w, err)); /* fails at the first next() */
    strcpy(w.format, "<w");
    CHECK_ERR(mv_view_check_iterable(&w, err), MV_NOT_IMPLEMENTED_ERROR,
              "memoryview: unsupported format <w");
    CHECK_OK(mv_view_check_lookup(&m, err));
    CHECK_OK(mv_view_check_lookup(&w, err));
    CHECK_ERR(mv_view_check_lookup(&z, err), MV_TYPE_ERROR, "invalid lookup on 0-dim memory");
    CHECK_ERR(mv_view_check_lookup(&m2, err), MV_NOT_IMPLEMENTED_ERROR,
              "multi-dimensional lookup is not implemented");
}

/* ---- facts §7: equality ------------------------------------------------------------ */

static void test_equals(void)
{
    uint8_t b[24], c[24];
    fill_range(b, 24);
    fill_range(c, 24);
    mv_view mb = view_of(b, 24, "B"), mc = view_of(c, 24, "B");
    CHECK(mv_view_equals(&mb, &mc) && mv_view_equals(&mb, &mb));
    c[23] = 0;
    CHECK(!mv_view_equals(&mb, &mc));
    c[23] = 23;

    /* shapes: equivalent up to the first 0-length dimension */
    double s35[2] = {3, 5}, s37[2] = {3, 7};
    mv_view a15 = view_of(b, 15, "B"), a21 = view_of(c, 21, "B");
    mv_view x = cast_of(&a15, "B", s35, 2), y = cast_of(&a21, "B", s37, 2);
    mv_view x0 = slice_of(&x, 0, 0, NONE), y0 = slice_of(&y, 0, 0, NONE);
    CHECK(mv_view_equals(&x0, &y0)); /* (0,5) == (0,7) */
    CHECK(!mv_view_equals(&x, &y));
    mv_view p = x0, q = x0; /* (5,0) vs (7,0) */
    p.shape[0] = 5; p.shape[1] = 0; q.shape[0] = 7; q.shape[1] = 0;
    CHECK(!mv_view_equals(&p, &q));
    q.shape[0] = 5;
    CHECK(mv_view_equals(&p, &q));
    mv_view one = view_of(b, 1, "B");
    mv_view z = cast_of(&one, "B", NULL, 0);
    CHECK(!mv_view_equals(&z, &one) && mv_view_equals(&z, &z));
    double s112[2] = {1, 1};
    mv_view one2 = cast_of(&one, "B", s112, 2);
    CHECK(!mv_view_equals(&one2, &one));

    /* strided and reversed views compare by content; C vs F layouts */
    uint8_t r[6] = {5, 4, 3, 2, 1, 0};
    mv_view mr = view_of(r, 6, "B");
    mv_view six = view_of(b, 6, "B");
    mv_view rev = slice_of(&six, NONE, NONE, -1);
    CHECK(mv_view_equals(&rev, &mr) && !mv_view_equals(&six, &mr));
    mv_view fv = six; /* F layout of [[0,2,4],[1,3,5]] */
    fv.ndim = 2; fv.shape[0] = 2; fv.shape[1] = 3; fv.strides[0] = 1; fv.strides[1] = 2;
    mv_view_update(&fv);
    uint8_t cdata[6] = {0, 2, 4, 1, 3, 5};
    mv_view cv0 = view_of(cdata, 6, "B");
    double s23[2] = {2, 3};
    mv_view cv = cast_of(&cv0, "B", s23, 2);
    CHECK(mv_view_equals(&fv, &cv));

    /* the fast path: raw values */
    double dv[3] = {NAN, -0.0, 1.5}, dw[3] = {NAN, 0.0, 1.5};
    mv_view vd = view_of((uint8_t *)dv, 24, "d"), wd = view_of((uint8_t *)dw, 24, "d");
    CHECK(!mv_view_equals(&vd, &vd));
    mv_view vd1 = slice_of(&vd, 1, NONE, NONE), wd1 = slice_of(&wd, 1, NONE, NONE);
    CHECK(mv_view_equals(&vd1, &wd1));
    uint8_t q1[2] = {0, 2}, q2[2] = {0, 1};
    mv_view bq1 = view_of(q1, 2, "?"), bq2 = view_of(q2, 2, "?");
    CHECK(!mv_view_equals(&bq1, &bq2)); /* raw bytes */
    mv_view bB1 = view_of(q1, 2, "B"), bB2 = view_of(q2, 2, "B");
    CHECK(mv_view_equals(&bq2, &bB2));  /* [False, True] == [0, 1] */
    CHECK(!mv_view_equals(&bq1, &bB1)); /* True != 2 */
    CHECK(mv_view_equals(&bq1, &bB2));  /* True == 1 */
    mv_view at = view_of(q1, 2, "@?");
    CHECK(!mv_view_equals(&at, &bq2) && mv_view_equals(&at, &bq1));
    uint8_t hn[2] = {0x00, 0x7e};
    mv_view he = view_of(hn, 2, "e");
    CHECK(!mv_view_equals(&he, &he));

    /* the value path */
    mv_view cc = view_of(b, 24, "c");
    CHECK(!mv_view_equals(&cc, &mb) && mv_view_equals(&cc, &cc));
    mv_view ce = slice_of(&cc, 0, 0, NONE), be = slice_of(&mb, 0, 0, NONE);
    CHECK(mv_view_equals(&ce, &be));
    uint8_t hi[2] = {1, 200};
    mv_view hb = view_of(hi, 2, "b"), hB = view_of(hi, 2, "B");
    CHECK(!mv_view_equals(&hb, &hB));
    mv_view hb0 = slice_of(&hb, 0, 1, NONE), hB0 = slice_of(&hB, 0, 1, NONE);
    CHECK(mv_view_equals(&hb0, &hB0));
    int32_t iv[3] = {1, -2, 3};
    double id[3] = {1.0, -2.0, 3.0};
    mv_view vi = view_of((uint8_t *)iv, 12, "i"), vid = view_of((uint8_t *)id, 24, "d");
    CHECK(mv_view_equals(&vi, &vid) && mv_view_equals(&vid, &vi));
    id[2] = 3.5;
    CHECK(!mv_view_equals(&vi, &vid));
    float f11 = 1.1f;
    double d11 = 1.1, d15 = 1.5;
    mv_view vf = view_of((uint8_t *)&f11, 4, "f"), vdd = view_of((uint8_t *)&d11, 8, "d");
    CHECK(!mv_view_equals(&vf, &vdd));
    f11 = 1.5f;
    vdd = view_of((uint8_t *)&d15, 8, "d");
    CHECK(mv_view_equals(&vf, &vdd));
    uint16_t h15 = 0x3e00; /* 1.5 */
    mv_view vh = view_of((uint8_t *)&h15, 2, "e");
    CHECK(mv_view_equals(&vh, &vdd) && mv_view_equals(&vf, &vh));
    int64_t big = ((int64_t)1 << 53) + 1;
    double big_d = 9007199254740992.0; /* 2**53: (double)big rounds to it */
    mv_view vq = view_of((uint8_t *)&big, 8, "q"), vbd = view_of((uint8_t *)&big_d, 8, "d");
    CHECK(!mv_view_equals(&vq, &vbd));
    big = (int64_t)1 << 53;
    CHECK(mv_view_equals(&vq, &vbd));
    uint64_t umax = UINT64_MAX;
    double two64 = 18446744073709551616.0;
    mv_view vu = view_of((uint8_t *)&umax, 8, "Q"), v64 = view_of((uint8_t *)&two64, 8, "d");
    CHECK(!mv_view_equals(&vu, &v64));
    mv_view vsq = view_of((uint8_t *)&umax, 8, "q");
    CHECK(!mv_view_equals(&vu, &vsq)); /* 2**64-1 != -1 */
    int64_t minq = INT64_MIN;
    double minq_d = -9223372036854775808.0;
    mv_view vmq = view_of((uint8_t *)&minq, 8, "q"), vmd = view_of((uint8_t *)&minq_d, 8, "d");
    CHECK(mv_view_equals(&vmq, &vmd));
    uint64_t two63 = (uint64_t)1 << 63;
    double two63_d = 9223372036854775808.0;
    mv_view vu63 = view_of((uint8_t *)&two63, 8, "Q"), vd63 = view_of((uint8_t *)&two63_d, 8, "d");
    CHECK(mv_view_equals(&vu63, &vd63));
    CHECK(!mv_view_equals(&vu63, &vmq)); /* same bits, different values */
    uint32_t pv = 0xffffffffu;
    int64_t pq = 0xffffffffLL;
    mv_view vP = view_of((uint8_t *)&pv, 4, "P"), vpq = view_of((uint8_t *)&pq, 8, "q");
    CHECK(mv_view_equals(&vP, &vpq));
    double inf = INFINITY;
    mv_view vinf = view_of((uint8_t *)&inf, 8, "d");
    CHECK(!mv_view_equals(&vpq, &vinf));

    /* formats that are not a single native code: never equal */
    mv_view lt = mb;
    strcpy(lt.format, "<w");
    CHECK(!mv_view_equals(&lt, &lt) && !mv_view_equals(&lt, &mb));
    mv_view w = slice_of(&mb, 0, 0, NONE);
    strcpy(w.format, "w");
    CHECK(!mv_view_equals(&w, &w));
}

/* ---- the binding's helpers: extent, locate, assign_compatible ------------------------- */

static void test_binding_helpers(void)
{
    uint8_t b[12];
    fill_range(b, 12);
    mv_view m = view_of(b, 12, "B");
    mv_ssize lo = -1, hi = -1, off = -1;

    mv_view_extent(&m, &lo, &hi);
    CHECK(lo == 0 && hi == 12);
    mv_view r = slice_of(&m, NONE, NONE, -2); /* 11 9 7 5 3 1 */
    mv_view_extent(&r, &lo, &hi);
    CHECK(lo == -10 && hi == 1);
    mv_view e = slice_of(&m, 3, 3, NONE);
    mv_view_extent(&e, &lo, &hi);
    CHECK(lo == 0 && hi == 0);
    double shp[2] = {3, 4};
    mv_view m2 = cast_of(&m, "B", shp, 2);
    mv_view m2r = slice_of(&m2, NONE, NONE, -1);
    mv_view_extent(&m2r, &lo, &hi);
    CHECK(lo == -8 && hi == 4);
    mv_view mi = cast_of(&m, "i", NULL, -1);
    mv_view z = cast_of(&mi, "B", NULL, -1);
    mv_view four = view_of(b, 4, "B");
    mv_view zd = cast_of(&four, "i", NULL, 0);
    mv_view_extent(&zd, &lo, &hi);
    CHECK(lo == 0 && hi == 4 && z.len == 12);

    /* locate: mv_view_get's / mv_view_set's checks and the element's offset */
    double idx[2] = {-1, 0};
    CHECK_OK(mv_view_locate(&r, idx, 1, 0, &off, err));
    CHECK(off == -10);
    idx[0] = 2; idx[1] = 3;
    CHECK_OK(mv_view_locate(&m2, idx, 2, 1, &off, err));
    CHECK(off == 11);
    CHECK_OK(mv_view_locate(&zd, NULL, 0, 1, &off, err));
    CHECK(off == 0);
    off = 77;
    idx[0] = 12;
    CHECK_ERR(mv_view_locate(&m, idx, 1, 0, &off, err), MV_INDEX_ERROR,
              "index out of bounds on dimension 1");
    CHECK(off == 77);
    idx[0] = 0;
    CHECK_ERR(mv_view_locate(&m2, idx, 1, 0, &off, err), MV_NOT_IMPLEMENTED_ERROR,
              "multi-dimensional sub-views are not implemented");
    CHECK_ERR(mv_view_locate(&m2, idx, 1, 1, &off, err), MV_NOT_IMPLEMENTED_ERROR,
              "sub-views are not implemented");
    mv_view ro;
    mv_view_toreadonly(&ro, &m);
    CHECK_OK(mv_view_locate(&ro, idx, 1, 0, &off, err));
    CHECK_ERR(mv_view_locate(&ro, idx, 1, 1, &off, err), MV_TYPE_ERROR,
              "cannot modify read-only memory");
    mv_view w = m;
    strcpy(w.format, "w"); /* the code itself is checked at conversion time */
    CHECK_OK(mv_view_locate(&w, idx, 1, 1, &off, err));

    /* assign_compatible: the structure rule alone */
    uint8_t c[12] = {0};
    mv_view mc = view_of(c, 12, "@B");
    CHECK_OK(mv_view_assign_compatible(&m, &mc, err));
    mv_view mc3 = slice_of(&mc, 0, 3, NONE);
    CHECK_ERR(mv_view_assign_compatible(&m, &mc3, err), MV_VALUE_ERROR,
              "memoryview assignment: lvalue and rvalue have different structures");
    mv_view cc = view_of(c, 12, "c");
    CHECK_ERR(mv_view_assign_compatible(&m, &cc, err), MV_VALUE_ERROR,
              "memoryview assignment: lvalue and rvalue have different structures");
    mv_view ee = slice_of(&m, 0, 0, 2), ef = slice_of(&mc, 5, 5, -1);
    CHECK_OK(mv_view_assign_compatible(&ee, &ef, err));
}

/* count of an int past 64 bits: it equals a float item only when its double
 * is the int exactly (intrange 3), and never an int item */
static void test_lookup_wide_ints(void)
{
    double items[3] = {1180591620717411303424.0, 1.0, 1180591620717411303424.0}; /* 2**70 */
    mv_view d = view_of((uint8_t *)items, sizeof items, "d");
    int64_t ints[2] = {0, 0};
    mv_view q = view_of((uint8_t *)ints, sizeof ints, "q");
    mv_value exact = {0, 1180591620717411303424.0, MV_VAL_INT, 3, 1, 0, NULL};
    mv_value rounded = exact; /* 2**70 + 1: its double rounds */
    rounded.intrange = 2;
    rounded.i = 1;
    mv_ssize n = -1;
    CHECK_OK(mv_view_lookup(&d, &exact, 0, 3, 0, &n, err));
    CHECK(n == 2);
    CHECK_OK(mv_view_lookup(&d, &rounded, 0, 3, 0, &n, err));
    CHECK(n == 0);
    CHECK_OK(mv_view_lookup(&q, &exact, 0, 2, 0, &n, err)); /* its low 64 bits are 0, as the items */
    CHECK(n == 0);
}

/* mv_view_runs: the item bytes of a view, a run of contiguous items at a time,
 * in C order, from any run on. */
static void test_runs(void)
{
    uint8_t b[24] = {0};
    mv_view m = view_of(b, 24, "B"), s = slice_of(&m, 1, 24, 3); /* 8 items, at 1, 4, ..., 22 */
    mv_ssize out[16];
    CHECK(mv_view_runs(&s, 0, out, 8) == 8 && out[0] == 0 && out[1] == 1 && out[14] == 21);
    CHECK(mv_view_runs(&s, 5, out, 8) == 3 && out[0] == 15 && out[4] == 21);
    CHECK(mv_view_runs(&s, 8, out, 8) == 0 && mv_view_runs(&s, -1, out, 8) == 0);
    mv_view back = slice_of(&m, 23, NAN, -4); /* at 23, 19, ..., 3: offsets from buf */
    CHECK(mv_view_runs(&back, 0, out, 2) == 2 && out[0] == 0 && out[2] == -4);
    double s46[2] = {4, 6};
    mv_view g = cast_of(&m, "B", s46, 2), keys;
    int32_t kinds[2] = {MV_KEY_SLICE, MV_KEY_SLICE};
    double parts[6] = {NAN, NAN, 2, 1, 4, NAN}; /* rows 0 and 2, columns 1 to 3 */
    mv_value unused[2] = {{0}};
    mv_error err;
    CHECK(mv_view_subview(&keys, &g, kinds, parts, unused, 2, &err) == MV_OK);
    CHECK(mv_view_runs(&keys, 0, out, 8) == 2 && out[0] == 0 && out[1] == 3 && out[2] == 12 && out[3] == 3);
    CHECK(mv_view_runs(&keys, 1, out, 8) == 1 && out[0] == 12);
    mv_view empty = slice_of(&m, 3, 3, 1), one = view_of(b, 1, "B"), scalar = cast_of(&one, "B", NULL, 0);
    CHECK(mv_view_runs(&empty, 0, out, 8) == 0);
    CHECK(scalar.ndim == 0 && mv_view_runs(&scalar, 0, out, 8) == 1 && out[0] == 0 && out[1] == 1);
    CHECK(mv_view_runs(&scalar, 1, out, 8) == 0);
}

/* The array module's typecodes and item checks (array.c); the grid against
 * CPython is tests/errors.test.js's. */
static void test_array_items(void)
{
    CHECK(mv_array_code('l') != NULL && mv_array_code('l')->size == 4); /* wasm32's long */
    CHECK(mv_array_code('d')->kind == MV_KIND_FLOAT);
    CHECK(mv_array_code('u') == NULL && mv_array_code('?') == NULL && mv_array_code(0) == NULL);
    CHECK(mv_array_code(0x162) == NULL); /* not 'b', its low byte */
    mv_value v = {128, 128, MV_VAL_INT, 0, 1, 0, NULL};
    CHECK_ERR(mv_array_check_item('b', &v, err), MV_OVERFLOW_ERROR, "signed char is greater than maximum");
    CHECK_OK(mv_array_check_item('h', &v, err));
    v.i = INT64_C(1) << 31;
    v.d = (double)v.i;
    CHECK_ERR(mv_array_check_item('l', &v, err), MV_OVERFLOW_ERROR, "Python int too large to convert to C long");
    CHECK_OK(mv_array_check_item('I', &v, err));
    CHECK_OK(mv_array_check_item('q', &v, err));
    v.i = -1;
    v.d = -1;
    CHECK_ERR(mv_array_check_item('Q', &v, err), MV_OVERFLOW_ERROR, "can't convert negative int to unsigned");
    CHECK_ERR(mv_array_check_item('L', &v, err), MV_OVERFLOW_ERROR, "can't convert negative value to unsigned int");
    mv_value big = {0, INFINITY, MV_VAL_INT, 2, 1, 0, NULL}, half = {0, 0.5, MV_VAL_FLOAT, 0, 1, 0, NULL};
    CHECK_ERR(mv_array_check_item('d', &big, err), MV_OVERFLOW_ERROR, "int too large to convert to float");
    CHECK_ERR(mv_array_check_item('Q', &big, err), MV_OVERFLOW_ERROR, "int too big to convert");
    CHECK_ERR(mv_array_check_item('i', &half, err), MV_TYPE_ERROR, "'float' object cannot be interpreted as an integer");
    CHECK_OK(mv_array_check_item('f', &half, err));
    mv_value yes = {1, 1, MV_VAL_BOOL, 0, 1, 0, NULL}, other = {0, 0, MV_VAL_OTHER, 0, 1, 0, NULL};
    CHECK_OK(mv_array_check_item('B', &yes, err));
    CHECK_OK(mv_array_check_item('d', &yes, err));
    CHECK_ERR(mv_array_check_item('i', &other, err), MV_TYPE_ERROR, "array item is not a number");
    CHECK_ERR(mv_array_check_item('u', &yes, err), MV_VALUE_ERROR, "bad typecode");
}

int main(void)
{
    test_codes();
    test_half();
    test_int_helpers();
    test_layouts();
    test_slices();
    test_cast();
    test_get();
    test_set();
    test_assign();
    test_tobytes();
    test_hex();
    test_tolist();
    test_checks();
    test_equals();
    test_binding_helpers();
    test_array_items();
    test_runs();
    test_lookup_wide_ints();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
