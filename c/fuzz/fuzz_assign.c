/* fuzz_assign.c — m[...] = src (mv_view_assign_check, _compatible,
 * _scratch_size, mv_view_assign) between two views with arbitrary strides,
 * of one exporter (so they may overlap) or of two.
 *
 * Checks against a reference written here from the header's address rule: a
 * successful assignment leaves dst's elements, in C order, equal to src's
 * elements as they were before (a memmove, whatever the overlap), and every
 * other byte of both exporters as it was; a refused one changes nothing and
 * leaves CPython's message. The scratch block is exactly the size asked for,
 * so AddressSanitizer reports any use past it. */
#include "fuzz_common.h"

/* The items of v in C order, copied to out (itemsize * count bytes). */
static void items_in_c_order(const mv_view *v, uint8_t *out)
{
    int64_t count = fuzz_count(v);
    for (int64_t pos = 0; pos < count; pos++)
        memcpy(out + pos * v->itemsize, v->buf + fuzz_element_offset(v, pos), (size_t)v->itemsize);
}

/* Marks in mask the bytes (relative to base) that v's elements cover. */
static void mark_elements(const mv_view *v, const uint8_t *base, uint8_t *mask)
{
    int64_t count = fuzz_count(v);
    for (int64_t pos = 0; pos < count; pos++) {
        const uint8_t *p = v->buf + fuzz_element_offset(v, pos);
        memset(mask + (p - base), 1, (size_t)v->itemsize);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    fuzz_exporter a, b;
    if (!fuzz_exporter_open(&a, &in, 128))
        return 0;
    int shared = fuzz_u8(&in) & 1; /* src from the same exporter as dst */
    if (!shared && !fuzz_exporter_open(&b, &in, 128)) {
        fuzz_exporter_close(&a);
        return 0;
    }
    const fuzz_exporter *src_ex = shared ? &a : &b;
    mv_view dst, src;
    uint8_t *before_a = NULL, *before_b = NULL, *want = NULL, *mask = NULL, *scratch = NULL;
    if (!fuzz_make_view(&dst, &a, &in, 6) || !fuzz_make_view(&src, src_ex, &in, 6))
        goto done;
    fuzz_check_view(&dst, &a);
    fuzz_check_view(&src, src_ex);

    size_t na = (size_t)a.size, nb = shared ? 0 : (size_t)b.size;
    before_a = malloc(na + 1);
    before_b = malloc(nb + 1);
    want = malloc((size_t)src.len + 1);
    mask = calloc(na + 1, 1);
    if (!before_a || !before_b || !want || !mask)
        goto done;
    memcpy(before_a, a.bytes, na);
    if (!shared)
        memcpy(before_b, b.bytes, nb);
    items_in_c_order(&src, want);

    mv_error err;
    err.msg[0] = '\0';
    mv_status st = mv_view_assign_check(&dst, &err);
    if (st == MV_OK) {
        mv_ssize need = mv_view_assign_scratch_size(&dst, &src);
        FUZZ_CHECK(need >= 0);
        scratch = need > 0 ? malloc((size_t)need) : NULL;
        if (need > 0 && scratch == NULL)
            goto done;
        mv_status compatible = mv_view_assign_compatible(&dst, &src, &err);
        st = mv_view_assign(&dst, &src, scratch, &err);
        /* mv_view_assign applies the structure rule first. */
        FUZZ_CHECK((compatible == MV_OK) == (st == MV_OK) || compatible == MV_OK);
    }
    if (st != MV_OK) {
        FUZZ_CHECK(err.msg[0] != '\0' && memchr(err.msg, '\0', sizeof err.msg) != NULL);
        FUZZ_CHECK(memcmp(a.bytes, before_a, na) == 0);
        FUZZ_CHECK(shared || memcmp(b.bytes, before_b, nb) == 0);
        goto done;
    }
    /* Same structure: dst's elements now hold src's old ones, in C order. */
    FUZZ_CHECK(dst.len == src.len && dst.itemsize == src.itemsize);
    uint8_t *got = malloc((size_t)dst.len + 1);
    if (got == NULL)
        goto done;
    items_in_c_order(&dst, got);
    FUZZ_CHECK(memcmp(got, want, (size_t)dst.len) == 0);
    free(got);
    /* Nothing else moved: bytes of a outside dst's elements, and all of b. */
    mark_elements(&dst, a.bytes, mask);
    for (size_t k = 0; k < na; k++)
        FUZZ_CHECK(mask[k] || a.bytes[k] == before_a[k]);
    FUZZ_CHECK(shared || memcmp(b.bytes, before_b, nb) == 0);

done:
    free(before_a);
    free(before_b);
    free(want);
    free(mask);
    free(scratch);
    fuzz_exporter_close(&a);
    if (!shared)
        fuzz_exporter_close(&b);
    return 0;
}
