/* fuzz_index.c — indexing and slicing arithmetic on arbitrary descriptors:
 * mv_view_slice with bounds anywhere in (and beyond) the ssize range, and
 * mv_view_locate / get / set with indexes near the ssize limits.
 *
 * Checks: every slice keeps the invariants and stays inside its source's
 * elements; locate agrees with get and with the header's address rule
 * (offset = sum(i_k * strides[k]) after negative indexes count from the end),
 * and the offset names a whole item inside the exporter; get succeeds exactly
 * when locate does; a set writes only that item's bytes. */
#include "fuzz_common.h"

/* The element offset the header's rule gives, or 0 when an index is out of range. */
static int expected_offset(const mv_view *v, const double *index, int32_t nindex, int64_t *off)
{
    *off = 0;
    for (int32_t k = 0; k < nindex; k++) {
        double i = index[k];
        if (!(i == floor(i)) || i < -9e15 || i > 9e15)
            return 0;
        int64_t ii = (int64_t)i;
        if (ii < 0)
            ii += v->shape[k];
        if (ii < 0 || ii >= v->shape[k])
            return 0;
        *off += ii * v->strides[k];
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    fuzz_exporter ex;
    if (!fuzz_exporter_open(&ex, &in, 96))
        return 0;
    mv_view v;
    if (!fuzz_make_view(&v, &ex, &in, 6))
        goto done;
    fuzz_check_view(&v, &ex);

    for (int round = 0; round < 8 && in.n > 0; round++) {
        mv_error err;
        if (fuzz_u8(&in) & 1) {
            /* A slice: inside the source, with the source's item layout. */
            double start = fuzz_int_arg(&in), stop = fuzz_int_arg(&in), step = fuzz_int_arg(&in);
            mv_view s;
            if (mv_view_slice(&s, &v, start, stop, step, &err) == MV_OK) {
                fuzz_check_view(&s, &ex);
                FUZZ_CHECK(s.ndim == v.ndim && s.itemsize == v.itemsize);
                FUZZ_CHECK(s.shape[0] <= v.shape[0]);
                for (int k = 1; k < v.ndim; k++)
                    FUZZ_CHECK(s.shape[k] == v.shape[k] && s.strides[k] == v.strides[k]);
                if (s.shape[0] > 0) {
                    int64_t first = (s.buf - v.buf);
                    FUZZ_CHECK(v.strides[0] != 0 ? first % v.strides[0] == 0 : first == 0);
                }
                if (fuzz_u8(&in) & 1)
                    v = s;
            } else {
                FUZZ_CHECK(err.msg[0] != '\0');
            }
            continue;
        }
        /* An index: locate, get, set. */
        double index[MV_MAXDIM + 2];
        int32_t nindex = (int32_t)(fuzz_u8(&in) % (v.ndim + 2));
        for (int32_t k = 0; k < nindex; k++)
            index[k] = fuzz_int_arg(&in);
        int32_t for_write = fuzz_u8(&in) & 1;
        mv_ssize offset = -12345;
        mv_status st = mv_view_locate(&v, index, nindex, for_write, &offset, &err);
        int64_t want;
        if (st == MV_OK) {
            FUZZ_CHECK(nindex == v.ndim || (nindex == 0 && v.ndim == 0));
            FUZZ_CHECK(expected_offset(&v, index, nindex, &want) && want == offset);
            int64_t at = (v.buf - ex.bytes) + (int64_t)offset;
            FUZZ_CHECK(at >= 0 && at + v.itemsize <= ex.size);
            FUZZ_CHECK(!for_write || !v.readonly);
        } else {
            FUZZ_CHECK(offset == -12345);
            FUZZ_CHECK(err.msg[0] != '\0');
        }
        mv_value val;
        memset(&val, 0, sizeof val);
        mv_status gst = mv_view_get(&v, index, nindex, &val, &err);
        if (!for_write && st != MV_OK)
            FUZZ_CHECK(gst != MV_OK); /* get is locate, then a read */
        if (st == MV_OK && for_write) {
            /* Write an int; compare the whole block before and after. */
            uint8_t *copy = malloc(ex.size ? (size_t)ex.size : 1);
            if (copy == NULL)
                continue;
            memcpy(copy, ex.bytes, (size_t)ex.size);
            mv_value w;
            memset(&w, 0, sizeof w);
            w.tag = MV_VAL_INT;
            w.i = (int8_t)fuzz_u8(&in);
            w.d = (double)w.i;
            w.truthy = w.i != 0;
            (void)mv_view_set(&v, index, nindex, &w, &err);
            int64_t at = (v.buf - ex.bytes) + (int64_t)offset;
            for (mv_ssize b = 0; b < ex.size; b++) {
                if (b < at || b >= at + v.itemsize)
                    FUZZ_CHECK(copy[b] == ex.bytes[b]);
            }
            free(copy);
        }
    }
done:
    fuzz_exporter_close(&ex);
    return 0;
}
