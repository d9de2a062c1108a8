/* alloc.c — the binding's allocator, with a live-bytes count for leak checks.
 * Each block carries its size in a 16-byte prefix, which keeps the payload
 * 16-byte aligned and lets mv_free keep the count exact. The counts are
 * 64-bit: exact however large they get, on every target.
 *
 * On wasm32 the allocator is emmalloc over sbrk, and both compute addresses in
 * 32 bits, which breaks near the top of the 4 GiB address space. This file
 * keeps them away from the cases where that arithmetic wraps, and grows memory
 * itself, geometrically, before emmalloc's sbrk would grow it a page at a time:
 *
 * - Memory never reaches 4 GiB: the Makefile's -sMAXIMUM_MEMORY is 4 GiB less
 *   one 64 KiB page (MAX_PAGES below). At exactly 65536 pages the C library's
 *   heap size (pages << 16, a 32-bit size_t) reads as 0, and sbrk then fails
 *   every request, even for memory that is there.
 * - emmalloc decides whether a free region holds a request by comparing
 *   payload + size with the region's end, in 32 bits. For a free region within
 *   `size` bytes of 2**32 the sum wraps, the region "fits", and malloc returns
 *   a block that is really only as large as the region: the block's tail runs
 *   past the end of memory, or (in wasm's wrapping address arithmetic) over the
 *   blocks at the bottom of memory. emmalloc's bookkeeping of that block is
 *   still sound (it is a valid block of the region's size), so checked_malloc
 *   checks every block it gets against its request and the end of memory; one
 *   that falls short is held aside, so that the search skips it, and malloc is
 *   asked again. The held blocks are freed afterwards.
 * - realloc's in-place growth computes the new end the same way, and there a
 *   wrap corrupts emmalloc's own headers before anything could check it. So
 *   mv_realloc lets emmalloc grow a block only when no address it computes can
 *   pass 2**32; otherwise it allocates through checked_malloc and copies.
 */
#include "memview.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX 16

static uint64_t heap_bytes;
static uint64_t heap_blocks;
static uint64_t heap_peak; /* the most heap_bytes has been since the last reset */

static void note_peak(void)
{
    if (heap_bytes > heap_peak)
        heap_peak = heap_bytes;
}

#ifdef __EMSCRIPTEN__
#include <emscripten/emmalloc.h>
#include <emscripten/heap.h>

#define PAGE 65536u
/* The most pages memory can have: the module's maximum (Makefile,
 * -sMAXIMUM_MEMORY), one page short of 4 GiB. */
#define MAX_PAGES 65535u
#define ADDRESS_SPACE ((uint64_t)1 << 32)
/* More than emmalloc adds to a request: its header and alignment (8 bytes
 * each at most), and when it claims memory, three 16-byte sentinel regions. */
#define SLACK 128u
/* How many too-short blocks checked_malloc holds aside before it gives up.
 * Each lies in the last `size` bytes below 2**32; more than a few means a
 * fragmented top of memory, where refusing is the safe answer. */
#define MAX_HELD 64

/* The growth import of the standalone wasm (js/wasm.js re-makes its views). */
extern void emscripten_notify_memory_growth(size_t memory_index);

static uint64_t memory_bytes(void) { return (uint64_t)__builtin_wasm_memory_size(0) * PAGE; }

/* Grows memory, if the break of sbrk (where emmalloc takes new memory) has
 * less than `need` bytes above it, by at least half the pages there are, at
 * most to MAX_PAGES. Without this, sbrk grows memory to exactly what each
 * request needs: one page at a time for small blocks. If memory cannot hold
 * `need` more bytes it does nothing: malloc then finds room in what is free,
 * or fails. */
static void reserve(uint64_t need)
{
    uint64_t brk = *emscripten_get_sbrk_ptr();
    uint64_t pages = __builtin_wasm_memory_size(0);
    uint64_t want = brk + need + SLACK;
    if (want <= pages * PAGE || pages >= MAX_PAGES)
        return;
    uint64_t needed = (want + PAGE - 1) / PAGE - pages;
    if (pages + needed > MAX_PAGES)
        return;
    uint64_t more = needed > pages / 2 ? needed : pages / 2;
    if (pages + more > MAX_PAGES)
        more = MAX_PAGES - pages;
    if (__builtin_wasm_memory_grow(0, (size_t)more) == (size_t)-1) {
        /* The host refused the larger step: ask for what this request needs. */
        if (more == needed || __builtin_wasm_memory_grow(0, (size_t)needed) == (size_t)-1)
            return;
    }
    emscripten_notify_memory_growth(0);
}

/* Whether block p, from malloc, really holds `total` bytes inside memory. */
static int holds(const unsigned char *p, size_t total)
{
    return (uint64_t)(uintptr_t)p + total <= memory_bytes() && malloc_usable_size((void *)p) >= total;
}

static unsigned char *checked_malloc(size_t total)
{
    reserve(total);
    void *held = NULL; /* a chain, through their first word, of blocks that fell short */
    unsigned char *p;
    for (int n = 0;; n++) {
        p = malloc(total);
        if (p == NULL || holds(p, total))
            break;
        if (n == MAX_HELD) {
            free(p);
            p = NULL;
            break;
        }
        memcpy(p, &held, sizeof held); /* every block has room for two pointers */
        held = p;
    }
    while (held != NULL) {
        void *next;
        memcpy(&next, held, sizeof next);
        free(held);
        held = next;
    }
    return p;
}

/* The block p (from malloc, with `old` bytes) resized to `total` bytes, or NULL
 * with p intact. emmalloc's realloc first grows a block in place (computing
 * its new end from the block's address) and else mallocs (searching the free
 * regions, all below the end of memory) and copies: each is safe when its sums
 * stay below 2**32. */
static unsigned char *checked_realloc(unsigned char *p, size_t old, size_t total)
{
    if (total <= old)
        return realloc(p, total); /* shrinks in place, below the old end */
    if ((uint64_t)(uintptr_t)p + total + SLACK <= ADDRESS_SPACE) {
        reserve(total);
        if (memory_bytes() + total + SLACK <= ADDRESS_SPACE)
            return realloc(p, total);
        unsigned char *n = emmalloc_realloc_try(p, total);
        if (n != NULL)
            return n;
    }
    unsigned char *n = checked_malloc(total);
    if (n == NULL)
        return NULL;
    memcpy(n, p, old);
    free(p);
    return n;
}
#else
/* Native builds (tests, sanitizers, fuzzing): the host's allocator, with
 * 64-bit addresses. */
static unsigned char *checked_malloc(size_t total) { return malloc(total); }
static unsigned char *checked_realloc(unsigned char *p, size_t old, size_t total)
{
    (void)old;
    return realloc(p, total);
}
#endif

void *mv_alloc(size_t size)
{
    if (size == 0 || size > SIZE_MAX - PREFIX)
        return NULL;
    unsigned char *p = checked_malloc(size + PREFIX);
    if (p == NULL)
        return NULL;
    memcpy(p, &size, sizeof size);
    heap_bytes += size;
    heap_blocks++;
    note_peak();
    return p + PREFIX;
}

void *mv_realloc(void *q, size_t size)
{
    if (q == NULL)
        return mv_alloc(size);
    if (size == 0 || size > SIZE_MAX - PREFIX)
        return NULL;
    unsigned char *p = (unsigned char *)q - PREFIX;
    size_t old;
    memcpy(&old, p, sizeof old);
    unsigned char *n = checked_realloc(p, old + PREFIX, size + PREFIX);
    if (n == NULL)
        return NULL; /* the old block is intact, as with realloc */
    memcpy(n, &size, sizeof size);
    heap_bytes = heap_bytes - old + size;
    note_peak();
    return n + PREFIX;
}

void mv_free(void *q)
{
    if (q == NULL)
        return;
    unsigned char *p = (unsigned char *)q - PREFIX;
    size_t size;
    memcpy(&size, p, sizeof size);
    heap_bytes -= size;
    heap_blocks--;
    free(p);
}

/* Doubles hold every count exactly up to 2**53. */
double mv_heap_in_use(void) { return (double)heap_bytes; }
double mv_heap_blocks(void) { return (double)heap_blocks; }
double mv_heap_peak(void) { return (double)heap_peak; }
void mv_heap_peak_reset(void) { heap_peak = heap_bytes; }
