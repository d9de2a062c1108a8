/* fuzz_cast.c — m.cast(format, shape) with arbitrary formats and shapes, on
 * views made by arbitrary init/slice/cast chains.
 *
 * Checks: a failing cast leaves the output untouched and sets a message; a
 * successful one keeps every invariant (fuzz_check_view), covers the same
 * bytes, keeps the read-only flag, and casting back to the source's format and
 * shape restores the source's bytes. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    fuzz_exporter ex;
    if (!fuzz_exporter_open(&ex, &in, 128))
        return 0;
    mv_view src;
    if (fuzz_make_view(&src, &ex, &in, 4)) {
        fuzz_check_view(&src, &ex);
        for (int round = 0; round < 4 && in.n > 0; round++) {
            char scratch[19];
            double shape[70];
            const char *fmt = fuzz_format(&in, scratch);
            int32_t n = fuzz_shape(&in, shape);
            mv_view dst, before;
            mv_error err;
            memset(&dst, 0x3C, sizeof dst);
            before = dst;
            mv_status st = mv_view_cast(&dst, &src, fmt, shape, n, &err);
            if (st != MV_OK) {
                FUZZ_CHECK(memcmp(&dst, &before, sizeof dst) == 0);
                FUZZ_CHECK(err.msg[0] != '\0' && memchr(err.msg, '\0', sizeof err.msg) != NULL);
                continue;
            }
            fuzz_check_view(&dst, &ex);
            FUZZ_CHECK(dst.len == src.len && dst.buf == src.buf);
            FUZZ_CHECK(dst.readonly == src.readonly);
            FUZZ_CHECK(strcmp(dst.format, fmt) == 0);

            /* And back: a cast from a C-contiguous view to the source's layout. */
            if (src.ndim >= 1 && (src.flags & MV_C_CONTIGUOUS)) {
                double back_shape[MV_MAXDIM];
                for (int k = 0; k < src.ndim; k++)
                    back_shape[k] = src.shape[k];
                mv_view back;
                if (mv_view_cast(&back, &dst, src.format, back_shape, src.ndim, &err) == MV_OK) {
                    fuzz_check_view(&back, &ex);
                    FUZZ_CHECK(back.ndim == src.ndim && back.len == src.len);
                    FUZZ_CHECK(memcmp(back.shape, src.shape, sizeof(mv_ssize) * src.ndim) == 0);
                    for (int k = 0; src.len > 0 && k < src.ndim; k++)
                        FUZZ_CHECK(src.shape[k] == 1 || back.strides[k] == src.strides[k]);
                }
            }
            src = dst;
        }
    }
    fuzz_exporter_close(&ex);
    return 0;
}
