/* alloc.c — the binding's allocator, with a live-bytes count for leak checks.
 * Each block carries its size in a 16-byte prefix, which keeps the payload
 * 16-byte aligned and lets mv_free keep the count exact. */
#include "memview.h"

#include <stdlib.h>
#include <string.h>

#define PREFIX 16

static size_t heap_bytes;
static size_t heap_blocks;

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
