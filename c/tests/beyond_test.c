/* beyond_test.c — the extensions beyond CPython: byte-order item formats,
 * record formats, N-D sub-views (mv_view_subview) and N-D assignment. */
#include "memview.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;
#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (cond) passed++;                                                            \
        else { failed++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

static mv_view cast(const mv_view *src, const char *fmt, const double *shape, int32_t n)
{
    mv_view v;
    mv_error err;
    mv_status st = mv_view_cast(&v, src, fmt, shape, n, &err);
    if (st != MV_OK) fprintf(stderr, "cast %s: %s\n", fmt, err.msg);
    CHECK(st == MV_OK);
    return v;
}

/* An int as the binding sends it: i, in the int64 range (intrange 0), or its
 * uint64 bits (1), or its low 64 bits (2, past both). */
static mv_value int_value(int64_t i, int32_t intrange)
{
    mv_value v = {i, (double)i, MV_VAL_INT, intrange, i != 0, 0, NULL};
    return v;
}

int main(void)
{
    uint8_t b[24];
    for (int i = 0; i < 24; i++) b[i] = (uint8_t)i;
    mv_view m, v;
    mv_error err;
    mv_value x;
    CHECK(mv_view_init(&m, b, 24, 0, "B", &err) == MV_OK);

    /* byte order */
    v = cast(&m, ">I", NULL, -1);
    CHECK(v.itemsize == 4 && v.shape[0] == 6 && v.kind == MV_KIND_UNSIGNED);
    CHECK(v.access == (MV_ACCESS_U32 | MV_ACCESS_BIG_ENDIAN));
    double i1 = 1;
    CHECK(mv_view_get(&v, &i1, 1, &x, &err) == MV_OK && x.i == 0x04050607);
    mv_view l = cast(&m, "<I", NULL, -1);
    CHECK(l.access == MV_ACCESS_U32 && mv_view_get(&l, &i1, 1, &x, &err) == MV_OK && x.i == 0x07060504);
    CHECK(mv_view_cast(&v, &m, "<n", NULL, -1, &err) == MV_VALUE_ERROR);
    CHECK(cast(&m, "=l", NULL, -1).itemsize == 4 && cast(&m, "<q", NULL, -1).itemsize == 8);
    CHECK(mv_format_big_endian(">H") && mv_format_big_endian("!d") && !mv_format_big_endian("<H") &&
          !mv_format_big_endian("H"));
    /* set: struct's messages for prefixed formats, memoryview's for native */
    mv_value big = {70000, 70000, MV_VAL_INT, 0, 1, 0, NULL};
    mv_view h = cast(&m, ">H", NULL, -1);
    CHECK(mv_view_set(&h, &i1, 1, &big, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "'H' format requires 0 <= number <= 65535") == 0);
    mv_view hn = cast(&m, "H", NULL, -1);
    CHECK(mv_view_set(&hn, &i1, 1, &big, &err) == MV_VALUE_ERROR);
    mv_value one = {0x0102, 0x0102, MV_VAL_INT, 0, 1, 0, NULL};
    CHECK(mv_view_set(&h, &i1, 1, &one, &err) == MV_OK && b[2] == 1 && b[3] == 2);
    /* equal by value across byte orders */
    uint8_t le[4] = {2, 1, 0, 0}, be[4] = {0, 0, 1, 2};
    mv_view a4, b4;
    mv_view_init(&a4, le, 4, 1, "B", &err);
    mv_view_init(&b4, be, 4, 1, "B", &err);
    mv_view ai = cast(&a4, "<I", NULL, -1), bi = cast(&b4, ">I", NULL, -1);
    CHECK(mv_view_equals(&ai, &bi));
    b4.buf[3] = 3;
    CHECK(!mv_view_equals(&ai, &bi));
    /* count over big-endian items */
    mv_ssize k = -2;
    mv_value want = {0x0102, 0x0102, MV_VAL_INT, 0, 1, 0, NULL};
    CHECK(mv_view_lookup(&h, &want, 0, h.shape[0], 0, &k, &err) == MV_OK && k == 1);

    /* records */
    CHECK(mv_record_size("<IHH") == 8 && mv_record_size("ii") == 8 && mv_record_size("4s") == 4);
    CHECK(mv_record_size("x") == 0 && mv_record_size("") == 0 && mv_record_size("<I") == 0 &&
          mv_record_size("id") == 16);
    mv_view r = cast(&m, "<IHH", NULL, -1);
    CHECK(r.kind == MV_KIND_RECORD && r.itemsize == 8 && r.shape[0] == 3 && r.access == 0);
    double shp[2] = {3, 1};
    mv_view r2 = cast(&m, "<IHH", shp, 2);
    CHECK(r2.ndim == 2 && r2.strides[0] == 8);
    CHECK(mv_view_cast(&v, &r, "i", NULL, -1, &err) == MV_TYPE_ERROR); /* two non-byte formats */
    CHECK(cast(&r, "B", NULL, -1).shape[0] == 24);
    mv_view rb = cast(&m, "<I2H", NULL, -1);
    CHECK(mv_view_equals(&r, &rb) && !mv_view_equals(&r, &l));
    mv_value vals[3] = {{0x0b0a0908, 0, MV_VAL_INT, 0, 1, 0, NULL}, {0x0d0c, 0, MV_VAL_INT, 0, 1, 0, NULL},
                        {0x0f0e, 0, MV_VAL_INT, 0, 1, 0, NULL}};
    CHECK(mv_view_lookup_record(&r, vals, 3, 2, 3, 1, &k, &err) == MV_OK && k == -1);
    CHECK(mv_view_lookup_record(&r, vals, 3, 0, 3, 1, &k, &err) == MV_OK && k == 1);
    CHECK(mv_view_lookup_record(&r, vals, 2, 0, 3, 0, &k, &err) == MV_OK && k == 0);

    /* N-D sub-views */
    double s34[2] = {4, 6};
    mv_view g = cast(&m, "B", s34, 2), s;
    int32_t kinds[3] = {MV_KEY_SLICE, MV_KEY_SLICE, MV_KEY_INDEX};
    double keys[9] = {1, 3, NAN, NAN, NAN, 2, 0, 0, 0};
    mv_value zeros[3] = {int_value(0, 0), int_value(0, 0), int_value(0, 0)}; /* read for index keys only */
    CHECK(mv_view_subview(&s, &g, kinds, keys, zeros, 2, &err) == MV_OK);
    CHECK(s.ndim == 2 && s.shape[0] == 2 && s.shape[1] == 3 && s.strides[0] == 6 && s.strides[1] == 2);
    CHECK(s.buf == b + 6 && s.len == 6 && s.flags == 0);
    mv_view t;
    int32_t k2[2] = {MV_KEY_INDEX, MV_KEY_INDEX};
    double unread[9] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN}; /* index keys read no slice parts */
    mv_value at[2] = {int_value(-1, 0), int_value(1, 0)};
    CHECK(mv_view_subview(&t, &s, k2, unread, at, 2, &err) == MV_OK && t.ndim == 0 && t.buf == b + 14);
    CHECK(mv_view_subview(&t, &s, kinds, keys, zeros, 3, &err) == MV_INDEX_ERROR &&
          strcmp(err.msg, "too many indices for array: array is 2-dimensional, but 3 were indexed") == 0);
    /* past MV_MAXDIM keys: NumPy's short message, and no key is read (kinds holds 2) */
    CHECK(mv_view_subview(&t, &s, k2, unread, at, MV_MAXDIM + 1, &err) == MV_INDEX_ERROR &&
          strcmp(err.msg, "too many indices for array") == 0);
    mv_value oob = int_value(4, 0);
    CHECK(mv_view_subview(&t, &g, k2, unread, &oob, 1, &err) == MV_INDEX_ERROR &&
          strcmp(err.msg, "index 4 is out of bounds for axis 0 with size 4") == 0);
    /* the message prints the int exactly, to the int64 bounds */
    mv_value top = int_value(INT64_MAX, 0), bottom = int_value(INT64_MIN, 0);
    CHECK(mv_view_subview(&t, &g, k2, unread, &top, 1, &err) == MV_INDEX_ERROR &&
          strcmp(err.msg, "index 9223372036854775807 is out of bounds for axis 0 with size 4") == 0);
    CHECK(mv_view_subview(&t, &g, k2, unread, &bottom, 1, &err) == MV_INDEX_ERROR &&
          strcmp(err.msg, "index -9223372036854775808 is out of bounds for axis 0 with size 4") == 0);
    /* NumPy's order: every index key converted before the keys are counted, an
     * int in [2**63, 2**64) an OverflowError, one past the int64s "only integers" */
    const char *only = "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) "
                       "and integer or boolean arrays are valid indices";
    int32_t k3[3] = {MV_KEY_INDEX, MV_KEY_INDEX, MV_KEY_INDEX};
    mv_value over[3] = {int_value(0, 0), int_value(INT64_MIN, 1), int_value(0, 0)};
    CHECK(mv_view_subview(&t, &g, k3, unread, over, 3, &err) == MV_OVERFLOW_ERROR &&
          strcmp(err.msg, "Python int too large to convert to C long") == 0);
    mv_value beyond = int_value(0, 2);
    CHECK(mv_view_subview(&t, &g, k2, unread, &beyond, 1, &err) == MV_INDEX_ERROR && strcmp(err.msg, only) == 0);
    mv_value third[3] = {int_value(0, 0), int_value(0, 0), {0, 0.5, MV_VAL_FLOAT, 0, 1, 0, NULL}};
    CHECK(mv_view_subview(&t, &g, k3, unread, third, 3, &err) == MV_INDEX_ERROR && strcmp(err.msg, only) == 0);
    mv_value flag = {1, 1, MV_VAL_BOOL, 0, 1, 0, NULL}, other = {0, 0, MV_VAL_OTHER, 0, 1, 0, NULL};
    CHECK(mv_view_subview(&t, &g, k2, unread, &flag, 1, &err) == MV_INDEX_ERROR && strcmp(err.msg, only) == 0);
    CHECK(mv_view_subview(&t, &g, k2, unread, &other, 1, &err) == MV_INDEX_ERROR && strcmp(err.msg, only) == 0);
    mv_value row = int_value(1, 0);
    CHECK(mv_view_subview(&t, &g, k2, unread, &row, 1, &err) == MV_OK && t.ndim == 1 && t.flags == 3 && t.buf == b + 6);
    mv_value col[2] = {{0}, int_value(2, 0)};
    int32_t kc[2] = {MV_KEY_ALL, MV_KEY_INDEX};
    CHECK(mv_view_subview(&t, &g, kc, unread, col, 2, &err) == MV_OK && t.ndim == 1 && t.strides[0] == 6 && t.flags == 0);
    double empty[3] = {2, 2, 3};
    CHECK(mv_view_subview(&t, &g, kinds, empty, zeros, 1, &err) == MV_OK && t.shape[0] == 0 && t.strides[0] == 6);
    double zero[3] = {NAN, NAN, 0};
    CHECK(mv_view_subview(&t, &g, kinds, zero, zeros, 1, &err) == MV_VALUE_ERROR);
    uint8_t out[6];
    CHECK(mv_view_tobytes(&s, out, 'C', &err) == MV_OK && out[0] == 6 && out[1] == 8 && out[3] == 12);
    CHECK(mv_view_tobytes(&s, out, 'F', &err) == MV_OK && out[0] == 6 && out[1] == 12);
    /* N-D assignment */
    uint8_t src[6] = {90, 91, 92, 93, 94, 95};
    mv_view sv;
    mv_view_init(&sv, src, 6, 1, "B", &err);
    double s23[2] = {2, 3};
    mv_view sv2 = cast(&sv, "B", s23, 2);
    CHECK(mv_view_assign_check(&s, &err) == MV_OK);
    CHECK(mv_view_assign(&s, &sv2, NULL, &err) == MV_OK && b[6] == 90 && b[8] == 91 && b[16] == 95 && b[7] == 7);

    printf("beyond: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
