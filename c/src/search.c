/* search.c — the first occurrence of a byte string in a byte range: the
 * search behind bytes.find / bytearray.find and the hex editor's and CLI's
 * searches; and the last one (rfind, the editor's backward search).
 *
 * With wasm SIMD, candidate positions are filtered 64 at a time on the
 * needle's first and last bytes, and only positions passing both are
 * compared in full; on random data that leaves one candidate in ~65 000
 * positions for needles of two bytes or more. The native build (tests,
 * sanitizers) runs the scalar loop, which gives the same answers. */
#include "memview.h"

#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#ifdef __wasm_simd128__
/* The first byte equal to c in hay[i .. n), or -1. */
static mv_ssize find_byte(const uint8_t *hay, mv_ssize n, uint8_t c, mv_ssize i)
{
    const v128_t want = wasm_i8x16_splat((int8_t)c);
    for (; (int64_t)i + 64 <= n; i += 64) {
        v128_t e[4];
        for (int j = 0; j < 4; j++)
            e[j] = wasm_i8x16_eq(want, wasm_v128_load(hay + i + 16 * j));
        if (!wasm_v128_any_true(wasm_v128_or(wasm_v128_or(e[0], e[1]), wasm_v128_or(e[2], e[3]))))
            continue;
        for (int j = 0; j < 4; j++) {
            uint32_t mask = (uint32_t)wasm_i8x16_bitmask(e[j]);
            if (mask)
                return i + 16 * j + __builtin_ctz(mask);
        }
    }
    for (; i < n; i++)
        if (hay[i] == c)
            return i;
    return -1;
}

/* The first match of needle (m >= 2 bytes) starting in [i, n - m], or -1.
 * A step tests the 64 positions i .. i + 63; it runs while all of them can
 * hold a whole match, so its loads (up to hay + i + 63 + m - 1) stay in hay. */
static mv_ssize find_bytes(const uint8_t *hay, mv_ssize n, const uint8_t *needle, mv_ssize m,
                           mv_ssize i)
{
    const v128_t first = wasm_i8x16_splat((int8_t)needle[0]);
    const v128_t last = wasm_i8x16_splat((int8_t)needle[m - 1]);
    for (; (int64_t)i + 63 + m <= n; i += 64) {
        v128_t hit[4];
        for (int j = 0; j < 4; j++)
            hit[j] = wasm_v128_and(wasm_i8x16_eq(first, wasm_v128_load(hay + i + 16 * j)),
                                   wasm_i8x16_eq(last, wasm_v128_load(hay + i + 16 * j + m - 1)));
        if (!wasm_v128_any_true(wasm_v128_or(wasm_v128_or(hit[0], hit[1]),
                                             wasm_v128_or(hit[2], hit[3]))))
            continue;
        for (int j = 0; j < 4; j++) {
            uint32_t mask = (uint32_t)wasm_i8x16_bitmask(hit[j]);
            while (mask) {
                mv_ssize at = i + 16 * j + __builtin_ctz(mask);
                if (memcmp(hay + at + 1, needle + 1, (size_t)(m - 2)) == 0)
                    return at;
                mask &= mask - 1;
            }
        }
    }
    for (; i <= n - m; i++)
        if (hay[i] == needle[0] && hay[i + m - 1] == needle[m - 1] &&
            memcmp(hay + i + 1, needle + 1, (size_t)(m - 2)) == 0)
            return i;
    return -1;
}

/* The last match of needle (m >= 1 bytes) starting in [start, n - m], or -1:
 * find_bytes's filter run backwards, 64 positions i - 63 .. i a step. */
static mv_ssize rfind_bytes(const uint8_t *hay, mv_ssize n, const uint8_t *needle, mv_ssize m,
                            mv_ssize start)
{
    const v128_t first = wasm_i8x16_splat((int8_t)needle[0]);
    const v128_t last = wasm_i8x16_splat((int8_t)needle[m - 1]);
    const size_t middle = m > 2 ? (size_t)(m - 2) : 0;
    mv_ssize i = n - m;
    for (; (int64_t)i - 63 >= start; i -= 64) {
        const uint8_t *base = hay + i - 63;
        v128_t hit[4];
        for (int j = 0; j < 4; j++)
            hit[j] = wasm_v128_and(wasm_i8x16_eq(first, wasm_v128_load(base + 16 * j)),
                                   wasm_i8x16_eq(last, wasm_v128_load(base + 16 * j + m - 1)));
        if (!wasm_v128_any_true(wasm_v128_or(wasm_v128_or(hit[0], hit[1]),
                                             wasm_v128_or(hit[2], hit[3]))))
            continue;
        for (int j = 3; j >= 0; j--) {
            uint32_t mask = (uint32_t)wasm_i8x16_bitmask(hit[j]);
            while (mask) {
                int k = 31 - __builtin_clz(mask);
                mv_ssize at = i - 63 + 16 * j + k;
                if (middle == 0 || memcmp(hay + at + 1, needle + 1, middle) == 0)
                    return at;
                mask &= ~(1u << k);
            }
        }
    }
    for (; i >= start; i--)
        if (hay[i] == needle[0] && hay[i + m - 1] == needle[m - 1] &&
            (middle == 0 || memcmp(hay + i + 1, needle + 1, middle) == 0))
            return i;
    return -1;
}
#else
static mv_ssize find_byte(const uint8_t *hay, mv_ssize n, uint8_t c, mv_ssize i)
{
    const uint8_t *at = memchr(hay + i, c, (size_t)(n - i));
    return at == NULL ? -1 : (mv_ssize)(at - hay);
}

/* The first match of needle (m >= 2 bytes) starting in [i, n - m], or -1:
 * memchr finds each candidate first byte. */
static mv_ssize find_bytes(const uint8_t *hay, mv_ssize n, const uint8_t *needle, mv_ssize m,
                           mv_ssize i)
{
    while (i <= n - m) {
        const uint8_t *at = memchr(hay + i, needle[0], (size_t)(n - m + 1 - i));
        if (at == NULL)
            return -1;
        i = (mv_ssize)(at - hay);
        if (memcmp(at + 1, needle + 1, (size_t)(m - 1)) == 0)
            return i;
        i++;
    }
    return -1;
}

/* The last match of needle (m >= 1 bytes) starting in [start, n - m], or -1. */
static mv_ssize rfind_bytes(const uint8_t *hay, mv_ssize n, const uint8_t *needle, mv_ssize m,
                            mv_ssize start)
{
    for (mv_ssize i = n - m; i >= start; i--)
        if (hay[i] == needle[0] && memcmp(hay + i + 1, needle + 1, (size_t)(m - 1)) == 0)
            return i;
    return -1;
}
#endif

mv_ssize mv_find(const uint8_t *hay, mv_ssize n, const uint8_t *needle, mv_ssize m,
                 mv_ssize start)
{
    if (start < 0)
        start = 0;
    if (n < 0 || m < 0 || start > n || m > n - start)
        return -1;
    if (m == 0)
        return start;
    if (m == 1)
        return find_byte(hay, n, needle[0], start);
    return find_bytes(hay, n, needle, m, start);
}

mv_ssize mv_rfind(const uint8_t *hay, mv_ssize n, const uint8_t *needle, mv_ssize m,
                  mv_ssize start)
{
    if (start < 0)
        start = 0;
    if (n < 0 || m < 0 || start > n || m > n - start)
        return -1;
    if (m == 0)
        return n;
    return rfind_bytes(hay, n, needle, m, start);
}
