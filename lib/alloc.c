/* Allocator hooks: global state (with the hash seed of hashmap.c, set
 * once). They reach the library's own allocations only: see common.h. */
#include "internal.h"

#include <stdlib.h>

static void *libc_malloc(size_t size, void *ctx) { (void)ctx; return malloc(size); }
static void *libc_realloc(void *p, size_t size, void *ctx) { (void)ctx; return realloc(p, size); }
static void libc_free(void *p, void *ctx) { (void)ctx; free(p); }

static wp_allocator current = {libc_malloc, libc_realloc, libc_free, NULL};

int wp_set_allocator(const wp_allocator *alloc)
{
    if (alloc == NULL) {
        current = (wp_allocator){libc_malloc, libc_realloc, libc_free, NULL};
        return 0;
    }
    if (!alloc->malloc || !alloc->realloc || !alloc->free)
        return wp__err(WP_EINVAL, "allocator: malloc, realloc and free are all required");
    current = *alloc;
    return 0;
}

void *wp__malloc(size_t size) { return current.malloc(size ? size : 1, current.ctx); }
void *wp__realloc(void *ptr, size_t size) { return current.realloc(ptr, size ? size : 1, current.ctx); }
void wp__free(void *ptr)
{
    if (ptr)
        current.free(ptr, current.ctx);
}

void *wp_malloc(size_t size) { return wp__malloc(size); }
void wp_free(void *ptr) { wp__free(ptr); }
