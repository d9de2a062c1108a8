/* fuzz_walk.c — tobytes (orders C, F, A and invalid ones), tolist, equals and
 * extent over views with arbitrary strides.
 *
 * Checks against a reference walk written here from the header's address rule:
 * tobytes('C') is the items in C order, tobytes('F') in Fortran order, 'A' one
 * of them (C when the view is C-contiguous); exactly len bytes are written;
 * tolist writes exactly product(shape) 8-byte slots and, for 'B', slot k holds
 * byte k of tobytes('C'); a view equals itself and its own copy whenever its
 * format can be compared; on 1-D views, count and index (mv_view_lookup) of
 * a byte agree with a scan of tobytes('C') for 'B', and stay in range for
 * every format. */
#include "fuzz_common.h"

/* Items in C order (fortran 0) or Fortran order (fortran 1), from the strides. */
static void reference_bytes(const mv_view *v, int fortran, uint8_t *out)
{
    int64_t count = fuzz_count(v);
    for (int64_t pos = 0; pos < count; pos++) {
        int64_t off = 0, p = pos;
        if (!fortran) {
            off = fuzz_element_offset(v, pos);
        } else {
            for (int k = 0; k < v->ndim; k++) {
                off += (p % v->shape[k]) * v->strides[k];
                p /= v->shape[k];
            }
        }
        memcpy(out + pos * v->itemsize, v->buf + off, (size_t)v->itemsize);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    fuzz_exporter ex;
    if (!fuzz_exporter_open(&ex, &in, 160))
        return 0;
    mv_view v;
    if (!fuzz_make_view(&v, &ex, &in, 8))
        goto done;
    fuzz_check_view(&v, &ex);

    size_t n = (size_t)v.len;
    int64_t count = fuzz_count(&v);
    /* +8 guard bytes after each output, to catch a write past len. */
    uint8_t *got = malloc(n + 8), *want = malloc(n + 8), *alt = malloc(n + 8);
    void *list = malloc((size_t)count * 8 + 8);
    if (got && want && alt && list) {
        mv_error err;
        static const int32_t orders[] = {'C', 'F', 'A', 'c', 'K', 0, -1, 'C' + 256};
        int32_t order = orders[fuzz_u8(&in) % 8];
        memset(got, 0xEE, n + 8);
        mv_status st = mv_view_tobytes(&v, got, order, &err);
        for (size_t k = n; k < n + 8; k++)
            FUZZ_CHECK(got[k] == 0xEE);
        if (order != 'C' && order != 'F' && order != 'A') {
            FUZZ_CHECK(st == MV_VALUE_ERROR);
        } else {
            FUZZ_CHECK(st == MV_OK);
            int fortran = order == 'F';
            if (order == 'A')
                fortran = !(v.flags & MV_C_CONTIGUOUS) && (v.flags & MV_F_CONTIGUOUS);
            reference_bytes(&v, fortran, want);
            if (order == 'A' && memcmp(got, want, n) != 0) {
                reference_bytes(&v, !fortran, alt);
                FUZZ_CHECK(memcmp(got, alt, n) == 0);
            } else {
                FUZZ_CHECK(memcmp(got, want, n) == 0);
            }
        }

        memset(list, 0xEE, (size_t)count * 8 + 8);
        st = mv_view_tolist(&v, list, &err);
        for (size_t k = 0; k < 8; k++)
            FUZZ_CHECK(((uint8_t *)list)[count * 8 + k] == 0xEE);
        if (st == MV_OK && v.kind == MV_KIND_UNSIGNED && v.itemsize == 1) {
            reference_bytes(&v, 0, want);
            for (int64_t k = 0; k < count; k++)
                FUZZ_CHECK(((double *)list)[k] == (double)want[k]);
        }
        if (st != MV_OK)
            FUZZ_CHECK(err.msg[0] != '\0');

        /* Equality is reflexive for formats it can read (floats aside: NaN). */
        mv_view copy;
        mv_view_copy(&copy, &v);
        int32_t eq = mv_view_equals(&v, &copy);
        if (v.kind != 0 && v.kind != MV_KIND_FLOAT && v.kind != MV_KIND_RECORD)
            FUZZ_CHECK(eq == 1);
        FUZZ_CHECK(eq == mv_view_equals(&copy, &v));

        /* count and index of one value over a sub-range of a 1-D view. */
        if (v.ndim == 1) {
            uint8_t b = fuzz_u8(&in);
            mv_ssize lo = v.shape[0] ? fuzz_u8(&in) % (v.shape[0] + 1) : 0;
            mv_ssize hi = lo + (v.shape[0] - lo ? fuzz_u8(&in) % (v.shape[0] - lo + 1) : 0);
            mv_value x;
            memset(&x, 0, sizeof x);
            x.tag = MV_VAL_INT;
            x.i = b;
            x.d = b;
            mv_ssize cnt = -7, first = -7;
            mv_status s1 = mv_view_lookup(&v, &x, lo, hi, 0, &cnt, &err);
            mv_status s2 = mv_view_lookup(&v, &x, lo, hi, 1, &first, &err);
            FUZZ_CHECK(s1 == s2);
            if (s1 == MV_OK) {
                FUZZ_CHECK(cnt >= 0 && cnt <= hi - lo);
                FUZZ_CHECK(first == -1 ? cnt == 0 : first >= lo && first < hi && cnt > 0);
                if (v.kind == MV_KIND_UNSIGNED && v.itemsize == 1) {
                    reference_bytes(&v, 0, want);
                    mv_ssize k = 0, f = -1;
                    for (mv_ssize i = lo; i < hi; i++)
                        if (want[i] == b) {
                            if (f < 0)
                                f = i;
                            k++;
                        }
                    FUZZ_CHECK(cnt == k && first == f);
                }
            }
        }

        /* Against a second view of the same exporter: symmetric, no crash. */
        mv_view w;
        if (fuzz_make_view(&w, &ex, &in, 4)) {
            fuzz_check_view(&w, &ex);
            FUZZ_CHECK(mv_view_equals(&v, &w) == mv_view_equals(&w, &v));
        }
    }
    free(got);
    free(want);
    free(alt);
    free(list);
done:
    fuzz_exporter_close(&ex);
    return 0;
}
