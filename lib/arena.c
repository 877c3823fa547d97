/* Bump allocation in chunks that double in size up to a ceiling. */
#include "internal.h"

#include <stdalign.h>
#include <string.h>

/* Alignment of arena objects: the library stores pointers, 64-bit integers
 * and doubles, never long double or vector types, so 8 bytes suffice (16,
 * max_align_t's, cost ~8 bytes of padding per node-sized object after a
 * string: issue 14's memory). */
#define ALIGN ((size_t)8)
_Static_assert(alignof(void *) <= 8 && alignof(double) <= 8 && alignof(int64_t) <= 8,
               "arena alignment");
/* The first chunk: 8 KiB, not 4: the 1M-task corpus (5,210 plans of ~100
 * KB) was 9 MiB smaller resident after load (547,196 → 537,828 KiB; 16 and
 * 32 KiB saved 2 and 4 MiB more, at the cost of every small plan); 20,000
 * one-task plans stayed at ~97 MiB either way (issue 14). */
#define FIRST_CHUNK 8192u
#define MAX_CHUNK (1u << 20)

struct wp__chunk {
    wp__chunk *next;
    size_t size; /* usable bytes in data */
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

#ifdef WP_ARENA_DEBUG
/* One heap block per allocation: exact bounds for the sanitizers. */
void *wp__arena_alloc(wp__arena *arena, size_t size)
{
    wp__chunk *c;
    if (size > SIZE_MAX - sizeof(wp__chunk))
        return NULL;
    c = wp__malloc(sizeof(wp__chunk) + size);
    if (c == NULL)
        return NULL;
    c->size = c->used = size;
    c->next = arena->head;
    arena->head = c;
    memset(c->data, 0, size);
    return c->data;
}

void *wp__arena_alloc_bytes(wp__arena *arena, size_t size)
{
    wp__chunk *c;
    if (size > SIZE_MAX - sizeof(wp__chunk))
        return NULL;
    c = wp__malloc(sizeof(wp__chunk) + size);
    if (c == NULL)
        return NULL;
    c->size = c->used = size;
    c->next = arena->head;
    arena->head = c;
    return c->data; /* not zeroed: valgrind sees reads of unset bytes */
}

void *wp__arena_grow(wp__arena *arena, void *old, size_t old_size, size_t new_size)
{
    void *p = wp__arena_alloc(arena, new_size);
    if (p != NULL && old != NULL)
        memcpy(p, old, old_size < new_size ? old_size : new_size);
    if (p != NULL)
        arena->wasted += old_size;
    return p;
}
#else
static size_t round_up(size_t n) { return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1); }

/* `need` bytes at `align` (1 or ALIGN) from the head chunk, or from a new
 * one. Chunks are multiples of ALIGN, so an aligned start never passes the
 * end. Not zeroed. */
static void *take(wp__arena *arena, size_t need, size_t align)
{
    wp__chunk *c = arena->head;
    size_t start = 0;
    void *p;
    if (c != NULL)
        start = align == 1 ? c->used : round_up(c->used);
    if (c == NULL || c->size - start < need) {
        size_t csize = c ? c->size * 2 : FIRST_CHUNK;
        if (csize > MAX_CHUNK)
            csize = MAX_CHUNK;
        if (csize < need)
            csize = round_up(need);
        if (csize < need || csize > SIZE_MAX - sizeof(wp__chunk))
            return NULL;
        c = wp__malloc(sizeof(wp__chunk) + csize);
        if (c == NULL)
            return NULL;
        c->size = csize;
        c->used = 0;
        start = 0;
        if (arena->head != NULL && need > MAX_CHUNK / 2) {
            /* A large block gets a chunk of its own behind the current one,
             * so the free space of the current chunk is not abandoned. */
            c->next = arena->head->next;
            arena->head->next = c;
            c->used = need;
            return c->data;
        }
        c->next = arena->head;
        arena->head = c;
    }
    p = c->data + start;
    c->used = start + need;
    return p;
}

void *wp__arena_alloc(wp__arena *arena, size_t size)
{
    size_t need = round_up(size ? size : 1);
    void *p;
    if (need < size)
        return NULL; /* overflow */
    if ((p = take(arena, need, ALIGN)) != NULL)
        memset(p, 0, size);
    return p;
}

void *wp__arena_alloc_bytes(wp__arena *arena, size_t size)
{
    return take(arena, size ? size : 1, 1);
}

void *wp__arena_grow(wp__arena *arena, void *old, size_t old_size, size_t new_size)
{
    wp__chunk *c = arena->head;
    void *p;
    if (old != NULL && c != NULL) {
        size_t old_need = round_up(old_size ? old_size : 1);
        size_t new_need = round_up(new_size ? new_size : 1);
        unsigned char *o = old;
        /* In place when `old` is the most recent allocation of the head. */
        if (o + old_need == c->data + c->used && new_need >= old_need &&
            c->size - c->used >= new_need - old_need) {
            c->used += new_need - old_need;
            memset(o + old_size, 0, new_size - old_size);
            return old;
        }
    }
    p = wp__arena_alloc(arena, new_size);
    if (p != NULL && old != NULL) {
        memcpy(p, old, old_size < new_size ? old_size : new_size);
        arena->wasted += old_size;
    }
    return p;
}
#endif

void wp__arena_release(wp__arena *arena)
{
    wp__chunk *c = arena->head;
    while (c != NULL) {
        wp__chunk *next = c->next;
        wp__free(c);
        c = next;
    }
    arena->head = NULL;
    arena->wasted = 0;
}

size_t wp__arena_bytes(const wp__arena *arena)
{
    size_t total = 0;
    for (const wp__chunk *c = arena->head; c != NULL; c = c->next)
        total += sizeof(wp__chunk) + c->size;
    return total;
}
