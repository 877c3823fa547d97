/*
 * An open-addressing hash map from NUL-terminated string keys to pointers.
 * Keys are not copied: they must outlive their entry (they live in the
 * plan's arena). Used for unit names and ids, and node ids. The hash is
 * keyed with a per-process random seed (see hashmap.c).
 */
#ifndef WP_HASHMAP_H
#define WP_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct wp__hslot {
    const char *key; /* NULL: empty; wp__hash_tomb: deleted */
    void *value;
    uint64_t hash;
} wp__hslot;

typedef struct wp__hashmap {
    wp__hslot *slots;
    size_t cap;   /* 0 or a power of two */
    size_t count; /* live entries */
    size_t used;  /* live + deleted slots */
} wp__hashmap;

/** Insert or replace. Returns 0 or WP_ENOMEM (map unchanged). */
int wp__hashmap_put(wp__hashmap *map, const char *key, void *value);
/** The value for `key`, or NULL. */
void *wp__hashmap_get(const wp__hashmap *map, const char *key);
/** Remove `key`; returns its value or NULL. */
void *wp__hashmap_del(wp__hashmap *map, const char *key);
/** Free the table (the keys are not owned). */
void wp__hashmap_free(wp__hashmap *map);

#endif
