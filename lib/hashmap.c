/*
 * Open addressing, linear probing, tombstones on delete.
 *
 * Keys come from users (node ids in uploaded files), so the hash is keyed:
 * XXH3-64 with a seed drawn once per process from getrandom(). An attacker
 * who cannot see the seed cannot build ids that pile up in one probe run
 * (the unseeded FNV-1a used before let a 9.7 MB file take 29 s to load).
 * The seed is the library's only global state besides the allocator hooks;
 * it is set once, under pthread_once, and only read afterwards.
 */
#include "internal.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

static const char tomb_mark;
#define TOMB (&tomb_mark)

static uint64_t seed;
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

static void seed_init(void)
{
    uint64_t s = 0;
    ssize_t n;
    do
        n = getrandom(&s, sizeof s, GRND_NONBLOCK);
    while (n < 0 && errno == EINTR);
    if (n != (ssize_t)sizeof s) {
        /* No entropy yet (early boot) or no getrandom: weaker, still
         * unpredictable enough from outside the process. */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        s ^= (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)ts.tv_sec;
        s ^= (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)&s;
    }
    seed = s;
}

static uint64_t hash_str(const char *s)
{
    pthread_once(&seed_once, seed_init);
    return XXH3_64bits_withSeed(s, strlen(s), seed);
}

static wp__hslot *find(const wp__hashmap *map, const char *key, uint64_t h)
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
    uint64_t h = hash_str(key);
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
