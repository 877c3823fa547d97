/* Growable lists and string copies inside a plan's arena. */
#include "internal.h"

#include <string.h>

int wp__arena_reserve(wp__arena *arena, void **items, uint32_t *cap, uint32_t need,
                      size_t size)
{
    uint32_t ncap;
    void *p;
    if (need <= *cap)
        return 0;
    if (need > UINT32_MAX / 2)
        return wp__err(WP_ELIMIT, "list too long");
    ncap = *cap ? *cap : 2;
    while (ncap < need)
        ncap *= 2;
    p = wp__arena_grow(arena, *items, (size_t)*cap * size, (size_t)ncap * size);
    if (p == NULL)
        return wp__err_nomem();
    *items = p;
    *cap = ncap;
    return 0;
}

int wp__ptrvec_push(wp__arena *arena, wp__ptrvec *v, void *item)
{
    void *items = v->items;
    int rc = wp__arena_reserve(arena, &items, &v->cap, v->n + 1, sizeof(void *));
    if (rc < 0)
        return rc;
    v->items = items;
    v->items[v->n++] = item;
    return 0;
}

void wp__ptrvec_remove(wp__ptrvec *v, size_t index)
{
    memmove(&v->items[index], &v->items[index + 1], (v->n - index - 1) * sizeof(void *));
    v->n--;
}

int wp__pblock_push(wp__arena *arena, wp__pblock **b, void *item)
{
    wp__pblock *v = *b;
    uint32_t n = v ? v->n : 0, cap = v ? v->cap : 0;
    if (n == cap) {
        uint32_t ncap = cap ? cap * 2 : 1;
        if (cap > UINT32_MAX / 4)
            return wp__err(WP_ELIMIT, "list too long");
        v = wp__arena_grow(arena, v, v ? sizeof *v + (size_t)cap * sizeof(void *) : 0,
                           sizeof *v + (size_t)ncap * sizeof(void *));
        if (v == NULL)
            return wp__err_nomem();
        v->n = n;
        v->cap = ncap;
        *b = v;
    }
    v->items[v->n++] = item;
    return 0;
}

void wp__pblock_remove(wp__pblock *b, size_t index)
{
    memmove(&b->items[index], &b->items[index + 1], (b->n - index - 1) * sizeof(void *));
    b->n--;
}

char *wp__arena_strdup(wp__arena *arena, const char *s)
{
    size_t len;
    char *copy;
    if (s == NULL)
        return NULL;
    len = strlen(s);
    copy = wp__arena_alloc(arena, len + 1);
    if (copy != NULL)
        memcpy(copy, s, len + 1);
    return copy;
}

int wp__extra_copy(wp__arena *arena, wp__extra *dst, const wp__extra *src)
{
    *dst = (wp__extra){NULL, 0, 0};
    if (src->len == 0)
        return 0;
    if ((dst->data = wp__arena_alloc(arena, src->len)) == NULL)
        return wp__err_nomem();
    memcpy(dst->data, src->data, src->len);
    dst->len = src->len;
    dst->count = src->count;
    return 0;
}

bool wp__extra_equal(const wp__extra *a, const wp__extra *b)
{
    return a->len == b->len && a->count == b->count &&
           (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}
