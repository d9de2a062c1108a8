/* fuzz_hex.c — m.hex(sep, bytes_per_sep) with every separator value (ASCII,
 * non-ASCII, none) and group size (0, ±1, ±len, near ±2**31), over views with
 * arbitrary strides.
 *
 * Checks: mv_hex_size is never negative and is exactly what mv_view_hex
 * writes (a guard after it stays untouched); the output matches a reference
 * built here: the bytes of tobytes('C') in lowercase hex, with sep between
 * groups of |bytes_per_sep| bytes counted from the right when bytes_per_sep > 0
 * and from the left when < 0 (CPython's rule). */
#include "fuzz_common.h"

static const char digits[] = "0123456789abcdef";

/* The reference hex; returns its length. */
static size_t reference_hex(const uint8_t *b, size_t n, int32_t sep, int32_t per, char *out)
{
    size_t o = 0;
    int64_t group = per < 0 ? -(int64_t)per : per;
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && sep >= 0 && group > 0) {
            /* Position of the boundary before byte k. */
            int64_t from = per > 0 ? (int64_t)(n - k) : (int64_t)k;
            if (from % group == 0)
                out[o++] = (char)sep;
        }
        out[o++] = digits[b[k] >> 4];
        out[o++] = digits[b[k] & 15];
    }
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    fuzz_exporter ex;
    if (!fuzz_exporter_open(&ex, &in, 200))
        return 0;
    mv_view v;
    if (!fuzz_make_view(&v, &ex, &in, 5))
        goto done;
    fuzz_check_view(&v, &ex);

    for (int round = 0; round < 4 && in.n > 0; round++) {
        uint8_t sel = fuzz_u8(&in);
        /* The header's contract: sep is ASCII or negative (none); the binding
         * refuses anything else before calling. */
        int32_t sep = sel < 64 ? -1 : (sel < 200 ? (int32_t)(fuzz_u8(&in) & 0x7F)
                                                 : (int32_t)(fuzz_u32(&in) | 0x80000000u));
        int32_t per;
        uint8_t psel = fuzz_u8(&in);
        if (psel < 160)
            per = (int32_t)(int8_t)fuzz_u8(&in) % 12;
        else if (psel < 200)
            per = (psel & 1) ? v.len : -v.len;
        else if (psel < 230)
            per = (psel & 1) ? INT32_MIN + (int32_t)(psel & 6) : INT32_MAX - (int32_t)(psel & 6);
        else
            per = (int32_t)fuzz_u32(&in);

        mv_ssize hs = mv_hex_size(v.len, sep, per);
        FUZZ_CHECK(hs >= 0);
        char *out = malloc((size_t)hs + 8);
        char *want = malloc((size_t)v.len * 3 + 8);
        uint8_t *bytes = malloc((size_t)v.len + 1);
        if (out && want && bytes) {
            mv_error err;
            memset(out, 0x7F, (size_t)hs + 8);
            mv_status st = mv_view_hex(&v, out, sep, per, &err);
            for (size_t k = 0; k < 8; k++)
                FUZZ_CHECK(out[hs + k] == 0x7F);
            if (st == MV_OK) {
                                FUZZ_CHECK(mv_view_tobytes(&v, bytes, 'C', &err) == MV_OK);
                size_t wn = reference_hex(bytes, (size_t)v.len, sep, per, want);
                FUZZ_CHECK(wn == (size_t)hs);
                FUZZ_CHECK(memcmp(out, want, wn) == 0);
            } else {
                FUZZ_CHECK(err.msg[0] != '\0');
            }
        }
        free(out);
        free(want);
        free(bytes);
    }
done:
    fuzz_exporter_close(&ex);
    return 0;
}
