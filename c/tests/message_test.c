/* message_test.c — mv_set_error (c/src/message.c) against the host libc's
 * snprintf, the oracle: every conversion it writes (%s %c %d %ld %lld %llu
 * %%), at the limits of each type and at pseudo-random values, alone and
 * mixed, and past MV_ERROR_MSG_MAX where both truncate. Prints "N passed,
 * M failed". */
#include "../src/internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Truncation is what test_truncation tests. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

static int passed, failed;

/* Whether mv_set_error(args) wrote `want`; counts and reports the result. */
#define EXPECT(want, ...)                                                                  \
    do {                                                                                   \
        mv_error err;                                                                      \
        memset(err.msg, 'X', sizeof err.msg);                                              \
        mv_set_error(&err, __VA_ARGS__);                                                   \
        if (strcmp(err.msg, want) == 0)                                                    \
            passed++;                                                                      \
        else {                                                                             \
            failed++;                                                                      \
            printf("FAIL %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, err.msg,   \
                   want);                                                                  \
        }                                                                                  \
    } while (0)

/* mv_set_error against snprintf, with the same arguments. */
#define SAME(...)                                                                          \
    do {                                                                                   \
        char want[MV_ERROR_MSG_MAX];                                                       \
        snprintf(want, sizeof want, __VA_ARGS__);                                          \
        EXPECT(want, __VA_ARGS__);                                                         \
    } while (0)

static uint64_t seed = 0x9e3779b97f4a7c15u;
static uint64_t next_random(void) /* xorshift64 */
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static void test_integers(void)
{
    const long long limits[] = {0, 1, -1, 9, 10, -10, 99, 100, INT_MAX, INT_MIN, LONG_MAX, LONG_MIN,
                                LLONG_MAX, LLONG_MIN, (long long)INT_MAX + 1};
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        long long v = limits[k];
        SAME("%d", (int)v);
        SAME("%ld", (long)v);
        SAME("%lld", v);
        SAME("%llu", (unsigned long long)v);
    }
    SAME("%llu", ULLONG_MAX);
    for (int k = 0; k < 2000; k++) {
        uint64_t r = next_random();
        int shift = (int)(r & 63);
        long long v = (long long)(r >> shift) * ((r & 64) ? -1 : 1);
        SAME("item %d of %ld: %lld (%llu)", (int)v, (long)v, v, (unsigned long long)r >> shift);
    }
}

static void test_text(void)
{
    SAME("no conversion");
    SAME("%s", "");
    SAME("memoryview: format %s not supported", "Zd");
    SAME("100%% of %s%c", "it", '!');
    SAME("bad char in struct format: '%c'", '\xe9');
    for (int c = 1; c < 256; c++)
        SAME("[%c]", (char)c);
    SAME("%c%c", 'a', 'b');
}

/* Both cut at MV_ERROR_MSG_MAX - 1 bytes: strings, digits and the
 * literal text may each be the part that crosses the limit. */
static void test_truncation(void)
{
    char s[2 * MV_ERROR_MSG_MAX];
    for (size_t n = 0; n < sizeof s - 1; n++) {
        memset(s, 'a' + (int)(n % 26), n);
        s[n] = '\0';
        SAME("%s", s);
        SAME("%s=%lld", s, LLONG_MIN);
        SAME("%s%c%%tail", s, 'z');
        SAME("%lld %s %d", (long long)n, s, (int)n);
    }
}

/* Outside the set, the rest of the format is written as it stands and no
 * argument is read: the one after it may have another type (a wrong va_arg
 * read a string from an integer). */
static void test_outside_set(void)
{
    EXPECT("a %x then %d", "a %x then %d", 255u, 7);
    EXPECT("5 then %lu then %s", "%d then %lu then %s", 5, 6UL, "ok");
    EXPECT("[%5s] %s", "[%5s] %s", "ab", "cd");
    EXPECT("x=%ls, %d", "x=%ls, %d", L"w", 1);
}

int main(void)
{
    test_integers();
    test_text();
    test_truncation();
    test_outside_set();
    printf("message: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
