/*
 * A bump allocator: a plan allocates all its nodes, strings and lists from
 * one arena and frees them in one go. Built with WP_ARENA_DEBUG, every
 * allocation is a separate heap block so that ASan and valgrind see
 * overflows and uses of uninitialised memory.
 */
#ifndef WP_ARENA_H
#define WP_ARENA_H

#include <stddef.h>

typedef struct wp__chunk wp__chunk;

typedef struct wp__arena {
    wp__chunk *head;
    size_t wasted; /* bytes abandoned by wp__arena_grow */
} wp__arena;

/** Allocate `size` bytes aligned to 8 (enough for every type the library
 * stores in an arena), zeroed. NULL on failure. */
void *wp__arena_alloc(wp__arena *arena, size_t size);

/** Allocate `size` bytes with no alignment and no zeroing (for text the
 * caller fills at once). NULL on failure. */
void *wp__arena_alloc_bytes(wp__arena *arena, size_t size);

/** Grow an allocation (contents kept, new part zeroed). If `old` is the
 * last allocation and room remains, it grows in place. NULL on failure,
 * with `old` untouched. */
void *wp__arena_grow(wp__arena *arena, void *old, size_t old_size, size_t new_size);

/** Free everything. The arena is empty (and reusable) afterwards. */
void wp__arena_release(wp__arena *arena);

/** Bytes held from the allocator (for statistics and tests). */
size_t wp__arena_bytes(const wp__arena *arena);

#endif
