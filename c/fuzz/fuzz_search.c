/* fuzz_search.c — mv_find and mv_rfind (bytes.find / rfind: the hex editor's
 * and the CLI's search, SIMD in the wasm build) on any haystack, needle and
 * start, against a naive scan written here.
 *
 * The haystack and the needle are heap blocks of exactly their size, so
 * AddressSanitizer reports a read one byte past either. Needles are often
 * cut from the haystack so that matches are common. */
#include "fuzz_common.h"

static mv_ssize naive_find(const uint8_t *h, mv_ssize n, const uint8_t *x, mv_ssize m, mv_ssize start)
{
    /* 64-bit positions: start may be near the ssize limit. */
    for (int64_t i = start < 0 ? 0 : start; i + m <= n; i++)
        if (memcmp(h + i, x, (size_t)m) == 0)
            return (mv_ssize)i;
    return -1;
}

static mv_ssize naive_rfind(const uint8_t *h, mv_ssize n, const uint8_t *x, mv_ssize m, mv_ssize start)
{
    for (int64_t i = (int64_t)n - m; i >= (start < 0 ? 0 : start); i--)
        if (memcmp(h + i, x, (size_t)m) == 0)
            return (mv_ssize)i;
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    /* A small alphabet makes near-misses (a first byte that matches, then not) common. */
    uint8_t alphabet = (uint8_t)(fuzz_u8(&in) % 4 + 1);
    mv_ssize n = (mv_ssize)(fuzz_u8(&in) | (fuzz_u8(&in) & 1) << 8); /* 0..511 */
    uint8_t *hay = malloc(n ? (size_t)n : 1);
    if (hay == NULL)
        return 0;
    for (mv_ssize k = 0; k < n; k++)
        hay[k] = (uint8_t)(fuzz_u8(&in) % alphabet);
    mv_ssize m = (mv_ssize)(fuzz_u8(&in) % 40);
    uint8_t *needle = malloc(m ? (size_t)m : 1);
    if (needle == NULL) {
        free(hay);
        return 0;
    }
    mv_ssize from = n ? (mv_ssize)(fuzz_u8(&in) % (n + 1)) : 0;
    for (mv_ssize k = 0; k < m; k++)
        needle[k] = (fuzz_u8(&in) & 1) && from + k < n ? hay[from + k] : (uint8_t)(fuzz_u8(&in) % alphabet);
    for (int round = 0; round < 4; round++) {
        mv_ssize start = (mv_ssize)(int16_t)(fuzz_u32(&in) & 0xffff) % 600;
        if (round == 3)
            start = (mv_ssize)fuzz_u32(&in); /* anywhere, ssize limits included */
        FUZZ_CHECK(mv_find(hay, n, needle, m, start) == naive_find(hay, n, needle, m, start));
        FUZZ_CHECK(mv_rfind(hay, n, needle, m, start) == naive_rfind(hay, n, needle, m, start));
    }
    free(hay);
    free(needle);
    return 0;
}
