/* kernels.c — prototypes of C-core inner loops, for bench/PROPOSALS.md only
 * (built into bench/proto/kernels.wasm by bench/proto/build.sh; not part of
 * the library). Each is the loop a proposed fast path in c/src would run on
 * a contiguous (or stride-2) byte row. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include <wasm_simd128.h>
#include <emscripten.h>

EMSCRIPTEN_KEEPALIVE void *k_alloc(size_t n) { return malloc(n); }

/* The current core's per-byte hex loop, reduced: digits table, no groups. */
EMSCRIPTEN_KEEPALIVE void k_hex_scalar(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
}

/* 16 bytes → 32 hex digits: nibbles split, looked up with a swizzle, interleaved. */
EMSCRIPTEN_KEEPALIVE void k_hex_simd(const uint8_t *in, size_t n, char *out)
{
    const v128_t digits = wasm_i8x16_make('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a',
                                          'b', 'c', 'd', 'e', 'f');
    const v128_t low4 = wasm_i8x16_splat(15);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        v128_t b = wasm_v128_load(in + i);
        v128_t hi = wasm_i8x16_swizzle(digits, wasm_u8x16_shr(b, 4));
        v128_t lo = wasm_i8x16_swizzle(digits, wasm_v128_and(b, low4));
        wasm_v128_store(out + 2 * i, wasm_i8x16_shuffle(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
        wasm_v128_store(out + 2 * i + 16, wasm_i8x16_shuffle(hi, lo, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
    }
    k_hex_scalar(in + i, n - i, out + 2 * i);
}

/* hex(sep, 2) with groups counted from the right, n even: 4 digits + sep per group,
 * the digits of 16 bytes made by SIMD and scattered in 8 groups. */
EMSCRIPTEN_KEEPALIVE void k_hexsep2_simd(const uint8_t *in, size_t n, char *out, char sep)
{
    char tmp[32];
    size_t i = 0;
    char *o = out;
    for (; i + 16 <= n; i += 16) {
        k_hex_simd(in + i, 16, tmp);
        for (int g = 0; g < 8; g++) {
            memcpy(o, tmp + 4 * g, 4);
            o[4] = sep;
            o += 5;
        }
    }
    for (; i < n; i += 2) {
        k_hex_scalar(in + i, 2, o);
        o[4] = sep;
        o += 5;
    }
    /* the last group has no separator after it: the caller's size is 5 * n/2 - 1 */
}

/* Strided copy of 1-byte items, stride 2: the current core calls memcpy per item. */
EMSCRIPTEN_KEEPALIVE void k_gather_memcpy(const uint8_t *in, size_t n, int32_t stride, uint8_t *out)
{
    for (size_t i = 0; i < n; i++)
        memcpy(out + i, in + (size_t)i * stride, 1);
}
/* The same with an itemsize-1 loop (what a switch on itemsize gives). */
EMSCRIPTEN_KEEPALIVE void k_gather_loop(const uint8_t *in, size_t n, int32_t stride, uint8_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = in[(size_t)i * stride];
}
/* Stride 2 by SIMD: 32 bytes in, the even ones out. */
EMSCRIPTEN_KEEPALIVE void k_gather2_simd(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        v128_t a = wasm_v128_load(in + 2 * i), b = wasm_v128_load(in + 2 * i + 16);
        wasm_v128_store(out + i, wasm_i8x16_shuffle(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30));
    }
    for (; i < n; i++)
        out[i] = in[2 * i];
}

/* memcmp as the core calls it now (libc's, byte loop in Emscripten's musl). */
EMSCRIPTEN_KEEPALIVE int k_memeq_libc(const uint8_t *a, const uint8_t *b, size_t n)
{
    return memcmp(a, b, n) == 0;
}
/* 64 bytes a step: OR of XORs, one test per step. */
EMSCRIPTEN_KEEPALIVE int k_memeq_simd(const uint8_t *a, const uint8_t *b, size_t n)
{
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        v128_t d = wasm_v128_or(
            wasm_v128_or(wasm_v128_xor(wasm_v128_load(a + i), wasm_v128_load(b + i)),
                         wasm_v128_xor(wasm_v128_load(a + i + 16), wasm_v128_load(b + i + 16))),
            wasm_v128_or(wasm_v128_xor(wasm_v128_load(a + i + 32), wasm_v128_load(b + i + 32)),
                         wasm_v128_xor(wasm_v128_load(a + i + 48), wasm_v128_load(b + i + 48))));
        if (wasm_v128_any_true(d))
            return 0;
    }
    return memcmp(a + i, b + i, n - i) == 0;
}

/* Same-format 'd' equality as Python's ==: item by item, NaN != NaN, -0.0 == 0.0. */
EMSCRIPTEN_KEEPALIVE int k_eq_f64(const double *a, const double *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(a[i] == b[i]))
            return 0;
    return 1;
}
EMSCRIPTEN_KEEPALIVE int k_eq_f64_simd(const double *a, const double *b, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        v128_t e = wasm_v128_and(
            wasm_v128_and(wasm_f64x2_eq(wasm_v128_load(a + i), wasm_v128_load(b + i)),
                          wasm_f64x2_eq(wasm_v128_load(a + i + 2), wasm_v128_load(b + i + 2))),
            wasm_v128_and(wasm_f64x2_eq(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)),
                          wasm_f64x2_eq(wasm_v128_load(a + i + 6), wasm_v128_load(b + i + 6))));
        if (!wasm_i64x2_all_true(e))
            return 0;
    }
    return k_eq_f64(a + i, b + i, n - i);
}

/* First offset of needle (m >= 2 bytes) in hay, or -1: 16 candidate positions
 * a step, filtered on the first and last needle bytes, then memcmp. */
EMSCRIPTEN_KEEPALIVE int64_t k_find_simd(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    if (m > n)
        return -1;
    const v128_t first = wasm_i8x16_splat((int8_t)needle[0]), last = wasm_i8x16_splat((int8_t)needle[m - 1]);
    size_t i = 0;
    for (; i + m - 1 + 16 <= n; i += 16) {
        v128_t hit = wasm_v128_and(wasm_i8x16_eq(first, wasm_v128_load(hay + i)),
                                   wasm_i8x16_eq(last, wasm_v128_load(hay + i + m - 1)));
        uint32_t mask = wasm_i8x16_bitmask(hit);
        while (mask) {
            int k = __builtin_ctz(mask);
            if (memcmp(hay + i + k + 1, needle + 1, m - 2) == 0)
                return (int64_t)(i + k);
            mask &= mask - 1;
        }
    }
    for (; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return (int64_t)i;
    return -1;
}

/* The same filter 64 positions a step: one any_true test for four vectors,
 * bitmasks only when some position passes both byte tests. */
EMSCRIPTEN_KEEPALIVE int64_t k_find_simd64(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    if (m < 2 || m > n)
        return m == 1 ? k_find_simd(hay, n, needle, m) : -1;
    const v128_t first = wasm_i8x16_splat((int8_t)needle[0]), last = wasm_i8x16_splat((int8_t)needle[m - 1]);
    size_t i = 0;
    for (; i + m - 1 + 64 <= n; i += 64) {
        v128_t h[4];
        for (int j = 0; j < 4; j++)
            h[j] = wasm_v128_and(wasm_i8x16_eq(first, wasm_v128_load(hay + i + 16 * j)),
                                 wasm_i8x16_eq(last, wasm_v128_load(hay + i + 16 * j + m - 1)));
        if (!wasm_v128_any_true(wasm_v128_or(wasm_v128_or(h[0], h[1]), wasm_v128_or(h[2], h[3]))))
            continue;
        for (int j = 0; j < 4; j++) {
            uint32_t mask = wasm_i8x16_bitmask(h[j]);
            while (mask) {
                int k = __builtin_ctz(mask);
                if (memcmp(hay + i + 16 * j + k + 1, needle + 1, m - 2) == 0)
                    return (int64_t)(i + 16 * j + k);
                mask &= mask - 1;
            }
        }
    }
    int64_t r = k_find_simd(hay + i, n - i, needle, m);
    return r < 0 ? -1 : r + (int64_t)i;
}
