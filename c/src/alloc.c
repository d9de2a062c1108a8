/* alloc.c — the binding's allocator, with a live-bytes count for leak checks.
 * Each block carries its size in a 16-byte prefix, which keeps the payload
 * 16-byte aligned and lets mv_free keep the count exact. */
#include "memview.h"

#include <stdlib.h>
#include <string.h>

#define PREFIX 16

static size_t heap_bytes;
static size_t heap_blocks;
static size_t heap_peak; /* the most heap_bytes has been since the last reset */

static void note_peak(void)
{
    if (heap_bytes > heap_peak)
        heap_peak = heap_bytes;
}

void *mv_alloc(size_t size)
{
    if (size == 0 || size > SIZE_MAX - PREFIX)
        return NULL;
    unsigned char *p = malloc(size + PREFIX);
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
    unsigned char *n = realloc(p, size + PREFIX);
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

size_t mv_heap_in_use(void) { return heap_bytes; }
size_t mv_heap_blocks(void) { return heap_blocks; }
size_t mv_heap_peak(void) { return heap_peak; }
void mv_heap_peak_reset(void) { heap_peak = heap_bytes; }
