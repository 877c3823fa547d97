/* Open addressing, linear probing, FNV-1a hashes, tombstones on delete. */
#include "internal.h"

#include <string.h>

static const char tomb_mark;
#define TOMB (&tomb_mark)

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

static wp__hslot *find(const wp__hashmap *map, const char *key, uint32_t h)
{
    size_t mask = map->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        wp__hslot *s = &map->slots[i];
        if (s->key == NULL)
            return NULL;
        if (s->key != TOMB && s->hash == h && strcmp(s->key, key) == 0)
            return s;
    }
}

static int rehash(wp__hashmap *map, size_t cap)
{
    wp__hslot *slots = wp__malloc(cap * sizeof *slots);
    if (slots == NULL)
        return WP_ENOMEM;
    memset(slots, 0, cap * sizeof *slots);
    for (size_t i = 0; i < map->cap; i++) {
        wp__hslot *s = &map->slots[i];
        if (s->key != NULL && s->key != TOMB) {
            size_t j = s->hash & (cap - 1);
            while (slots[j].key != NULL)
                j = (j + 1) & (cap - 1);
            slots[j] = *s;
        }
    }
    wp__free(map->slots);
    map->slots = slots;
    map->cap = cap;
    map->used = map->count;
    return 0;
}

int wp__hashmap_put(wp__hashmap *map, const char *key, void *value)
{
    uint32_t h = hash_str(key);
    wp__hslot *s;
    size_t mask, i;
    if (map->cap != 0 && (s = find(map, key, h)) != NULL) {
        s->key = key;
        s->value = value;
        return 0;
    }
    /* Keep the load (live + tombstones) under 3/4. */
    if ((map->used + 1) * 4 > map->cap * 3) {
        size_t cap = map->cap ? map->cap : 8;
        while ((map->count + 1) * 2 > cap)
            cap *= 2;
        if (rehash(map, cap) < 0)
            return WP_ENOMEM;
    }
    mask = map->cap - 1;
    for (i = h & mask; map->slots[i].key != NULL && map->slots[i].key != TOMB; i = (i + 1) & mask)
        ;
    if (map->slots[i].key == NULL)
        map->used++;
    map->slots[i] = (wp__hslot){key, value, h};
    map->count++;
    return 0;
}

void *wp__hashmap_get(const wp__hashmap *map, const char *key)
{
    wp__hslot *s;
    if (map->cap == 0 || key == NULL)
        return NULL;
    s = find(map, key, hash_str(key));
    return s ? s->value : NULL;
}

void *wp__hashmap_del(wp__hashmap *map, const char *key)
{
    wp__hslot *s;
    void *v;
    if (map->cap == 0 || key == NULL)
        return NULL;
    s = find(map, key, hash_str(key));
    if (s == NULL)
        return NULL;
    v = s->value;
    s->key = TOMB;
    s->value = NULL;
    map->count--;
    return v;
}

void wp__hashmap_free(wp__hashmap *map)
{
    wp__free(map->slots);
    memset(map, 0, sizeof *map);
}
