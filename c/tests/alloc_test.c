/* alloc_test.c — unit tests of c/src/alloc.c: the heap figures follow every
 * alloc, realloc and free exactly, in 64 bits (past 2**32 where the host can
 * hold that much), and realloc keeps the contents. The wasm32 behaviour at
 * the top of memory is tested in tests/heap-limit.test.js. Prints "N passed,
 * M failed". */
#include "memview.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (cond)                                                                          \
            passed++;                                                                      \
        else {                                                                             \
            failed++;                                                                      \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                         \
        }                                                                                  \
    } while (0)

static void test_counts(void)
{
    double in0 = mv_heap_in_use(), blocks0 = mv_heap_blocks();
    CHECK(mv_alloc(0) == NULL);
    CHECK(mv_alloc(SIZE_MAX) == NULL);
    CHECK(mv_heap_in_use() == in0 && mv_heap_blocks() == blocks0);

    unsigned char *a = mv_alloc(100), *b = mv_alloc(3);
    CHECK(a != NULL && b != NULL);
    CHECK(((uintptr_t)a & 15) == 0 && ((uintptr_t)b & 15) == 0);
    CHECK(mv_heap_in_use() == in0 + 103 && mv_heap_blocks() == blocks0 + 2);
    for (int i = 0; i < 100; i++)
        a[i] = (unsigned char)i;
    mv_heap_peak_reset();
    CHECK(mv_heap_peak() == in0 + 103);

    a = mv_realloc(a, 5000); /* grows: the first 100 bytes stay */
    CHECK(a != NULL);
    int same = 1;
    for (int i = 0; i < 100; i++)
        same &= a[i] == (unsigned char)i;
    CHECK(same);
    CHECK(mv_heap_in_use() == in0 + 5003 && mv_heap_blocks() == blocks0 + 2);
    CHECK(mv_heap_peak() == in0 + 5003);
    a = mv_realloc(a, 10); /* shrinks */
    CHECK(a != NULL && a[9] == 9);
    CHECK(mv_heap_in_use() == in0 + 13 && mv_heap_peak() == in0 + 5003);
    CHECK(mv_realloc(a, SIZE_MAX) == NULL); /* refused: a is intact and still counted */
    CHECK(a[9] == 9 && mv_heap_in_use() == in0 + 13);
    CHECK(mv_realloc(a, 0) == NULL && mv_heap_in_use() == in0 + 13);

    unsigned char *c = mv_realloc(NULL, 7); /* as mv_alloc */
    CHECK(c != NULL && mv_heap_blocks() == blocks0 + 3 && mv_heap_in_use() == in0 + 20);
    mv_free(a);
    mv_free(b);
    mv_free(c);
    mv_free(NULL);
    CHECK(mv_heap_in_use() == in0 && mv_heap_blocks() == blocks0);
}

/* Three 1.5 GiB blocks, never touched: 4.5 GiB counted exactly. Skipped where
 * the host will not give that much address space. */
static void test_past_4gib(void)
{
    const size_t n = (size_t)3 << 29;
    if (sizeof(size_t) < 8)
        return;
    double in0 = mv_heap_in_use();
    void *p[3];
    int got = 0;
    for (; got < 3; got++)
        if ((p[got] = mv_alloc(n)) == NULL)
            break;
    if (got == 3) {
        CHECK(mv_heap_in_use() == in0 + 3.0 * (double)n);
        CHECK(mv_heap_in_use() - in0 == 4831838208.0);
        CHECK(mv_heap_peak() >= 4831838208.0);
    } else
        printf("alloc_test: the host gave only %d of 3 blocks of 1.5 GiB; skipped\n", got);
    while (got > 0)
        mv_free(p[--got]);
    CHECK(mv_heap_in_use() == in0);
}

int main(void)
{
    test_counts();
    test_past_4gib();
    printf("alloc: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
