/* fuzz_subview.c — N-D basic indexing (mv_view_subview, beyond CPython) over
 * views with arbitrary strides, formats (byte-order and record ones too) and
 * keys. Checks the result against a reference computed here from the keys:
 * ndim drops one per index key, every element of the result is the source's
 * element at the indexed position (so it lies inside the source), len is
 * product(shape) * itemsize, the flags are those a view of that layout has,
 * tobytes('C') of the result is the reference gather, its runs
 * (mv_view_runs, taken a few at a time) are its elements in C order, and a
 * sub-view of the result works too. */
#include "fuzz_common.h"

static void gather(const mv_view *v, uint8_t *out)
{
    int64_t count = fuzz_count(v);
    for (int64_t pos = 0; pos < count; pos++)
        memcpy(out + pos * v->itemsize, v->buf + fuzz_element_offset(v, pos), (size_t)v->itemsize);
}

/* An index key as the binding sends one: an int (in the int64 range, in
 * [2**63, 2**64), or past both), a bool, a float or another object. */
static mv_value fuzz_index_key(fuzz_input *in)
{
    mv_value x = {0, 0, MV_VAL_INT, 0, 1, 0, NULL};
    uint8_t sel = fuzz_u8(in);
    if (sel < 160) {
        double d = sel < 120 ? (double)(int8_t)fuzz_u8(in) : fuzz_int_arg(in);
        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == floor(d))
            x.i = (int64_t)d;
        x.d = (double)x.i;
    } else if (sel < 190) {
        x.intrange = 1 + sel % 3; /* uint64 bits (top bit set), or any low bits: past 64 bits */
        x.i = (int64_t)((uint64_t)(x.intrange == 1 ? 0x80 | fuzz_u8(in) : fuzz_u8(in)) << 56);
        x.d = x.intrange == 1 ? 1.8e19 : (sel & 4 ? 1180591620717411303424.0 : -1e30); /* 2**70 exactly, or not */
    } else {
        x.tag = sel < 210 ? MV_VAL_BOOL : sel < 230 ? MV_VAL_FLOAT : MV_VAL_OTHER;
        x.i = sel & 1;
        x.d = 0.5;
    }
    return x;
}

static int32_t fuzz_keys(fuzz_input *in, int32_t ndim, int32_t *kinds, double *slices, mv_value *indexes)
{
    int32_t n = fuzz_u8(in) % (ndim + 2);
    for (int32_t k = 0; k < n; k++) {
        kinds[k] = fuzz_u8(in) % 3;
        for (int j = 0; j < 3; j++) {
            uint8_t sel = fuzz_u8(in);
            slices[3 * k + j] = sel < 40 ? NAN : sel < 200 ? (double)((int8_t)fuzz_u8(in)) : fuzz_int_arg(in);
        }
        indexes[k] = fuzz_index_key(in);
    }
    return n;
}

/* The runs of v, a few at a time, are its elements' offsets in C order, a
 * row of them a run when the last dimension's items are contiguous. */
static void check_runs(const mv_view *v, fuzz_input *in)
{
    int32_t cap = 1 + fuzz_u8(in) % 7;
    mv_ssize runs[2 * 8];
    int64_t pos = 0, count = fuzz_count(v);
    mv_ssize run = v->ndim > 0 && v->strides[v->ndim - 1] == v->itemsize ? v->shape[v->ndim - 1] * v->itemsize
                                                                          : v->itemsize;
    for (mv_ssize first = 0;;) {
        int32_t got = mv_view_runs(v, first, runs, cap);
        FUZZ_CHECK(got >= 0 && got <= cap);
        if (got == 0)
            break;
        for (int32_t r = 0; r < got; r++) {
            FUZZ_CHECK(runs[2 * r + 1] == run);
            for (mv_ssize b = 0; b < runs[2 * r + 1]; b += v->itemsize) {
                FUZZ_CHECK(pos < count && runs[2 * r] + b == fuzz_element_offset(v, pos));
                pos++;
            }
        }
        first += got;
    }
    FUZZ_CHECK(pos == count);
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
    for (int round = 0; round < 3; round++) {
        int32_t kinds[MV_MAXDIM + 2];
        double slices[3 * (MV_MAXDIM + 2)];
        mv_value indexes[MV_MAXDIM + 2];
        int32_t n = fuzz_keys(&in, v.ndim, kinds, slices, indexes);
        mv_view s;
        mv_error err;
        memset(&s, 0xA5, sizeof s);
        mv_status st = mv_view_subview(&s, &v, kinds, slices, indexes, n, &err);
        if (st != MV_OK) {
            FUZZ_CHECK(err.msg[0] != '\0');
            FUZZ_CHECK(n > v.ndim || st == MV_INDEX_ERROR || st == MV_VALUE_ERROR || st == MV_TYPE_ERROR ||
                       st == MV_OVERFLOW_ERROR); /* an index key in [2**63, 2**64), as NumPy */
            break;
        }
        fuzz_check_view(&s, &ex);
        int32_t dropped = 0;
        for (int32_t k = 0; k < n; k++)
            dropped += kinds[k] == MV_KEY_INDEX;
        FUZZ_CHECK(s.ndim == v.ndim - dropped);
        FUZZ_CHECK(s.itemsize == v.itemsize && s.readonly == v.readonly &&
                   strcmp(s.format, v.format) == 0 && s.kind == v.kind);
        /* the flags are the layout's */
        mv_view again;
        mv_view_copy(&again, &s);
        double none[3] = {NAN, NAN, NAN};
        int32_t all = MV_KEY_ALL;
        mv_value unused = {0, 0, MV_VAL_OTHER, 0, 1, 0, NULL};
        FUZZ_CHECK(mv_view_subview(&again, &s, &all, none, &unused, s.ndim > 0, &err) == MV_OK);
        FUZZ_CHECK(again.flags == s.flags && again.len == s.len && again.buf == s.buf);
        size_t nb = (size_t)s.len;
        uint8_t *got = malloc(nb + 1), *want = malloc(nb + 1);
        if (got && want) {
            FUZZ_CHECK(mv_view_tobytes(&s, got, 'C', &err) == MV_OK);
            gather(&s, want);
            FUZZ_CHECK(memcmp(got, want, nb) == 0);
        }
        free(got);
        free(want);
        check_runs(&s, &in);
        v = s; /* a sub-view of the sub-view next */
    }
done:
    fuzz_exporter_close(&ex);
    return 0;
}
