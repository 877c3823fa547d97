/* Custom attributes: a small map kept sorted by key, in the node's side
 * record (the plan's in its body node's). */
#include "internal.h"

#include <math.h>
#include <string.h>

static int check_map(const wp_attrs *attrs)
{
    if (attrs == NULL)
        return wp__err(WP_EINVAL, "attrs is NULL");
    return wp__node_check(wp__attrs_node(attrs));
}

/* The map behind a handle, for reading (empty when never written). */
static const wp__attrmap *map_of(const wp_attrs *attrs)
{
    return &wp__more(wp__attrs_node(attrs))->attrs;
}

/* Binary search: index of `key`, or the insertion point with *found false. */
static uint32_t locate(const wp__attrmap *attrs, const char *key, bool *found)
{
    uint32_t lo = 0, hi = attrs->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(attrs->items[mid].key, key);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

int wp_attrs_set(wp_attrs *handle, const char *key, const wp_value *value)
{
    wp__arena *arena;
    wp_node *node;
    wp_plan *plan;
    wp__node_more *more;
    wp__attrmap *attrs;
    wp_value v;
    bool found;
    uint32_t at;
    int rc;
    if ((rc = check_map(handle)) < 0)
        return rc;
    if (key == NULL || key[0] == '\0' || value == NULL)
        return wp__err(WP_EINVAL, "attribute: a non-empty key and a value are required");
    if ((rc = wp__check_utf8(key, strlen(key), "attribute key")) < 0)
        return rc;
    node = wp__attrs_node(handle);
    plan = node->plan;
    arena = &plan->arena;
    v = *value;
    switch (v.type) {
    case WP_VALUE_TEXT:
        if (v.as.text == NULL)
            return wp__err(WP_EINVAL, "attribute '%.100s': text value is NULL", key);
        break;
    case WP_VALUE_FLOAT:
        if (!isfinite(v.as.real))
            return wp__err(WP_EINVAL, "attribute '%.100s': float value must be finite", key);
        break;
    case WP_VALUE_INT:
    case WP_VALUE_BOOL:
        break;
    default:
        return wp__err(WP_EINVAL, "attribute '%.100s': value type %d out of range", key,
                       (int)v.type);
    }
    if ((more = wp__more_mut(node)) == NULL)
        return WP_ENOMEM;
    attrs = &more->attrs;
    if (v.type == WP_VALUE_TEXT) {
        char *copy = NULL;
        if ((rc = wp__set_text(plan, &copy, v.as.text, "attribute value")) < 0)
            return rc;
        v.as.text = copy;
    }
    at = locate(attrs, key, &found);
    if (!found) {
        void *items = attrs->items;
        char *kcopy = wp__arena_strdup(arena, key);
        if (kcopy == NULL)
            return wp__err_nomem();
        if ((rc = wp__arena_reserve(arena, &items, &attrs->cap, attrs->n + 1,
                                    sizeof(wp__attr))) < 0)
            return rc;
        attrs->items = items;
        memmove(&attrs->items[at + 1], &attrs->items[at], (attrs->n - at) * sizeof(wp__attr));
        attrs->items[at].key = kcopy;
        attrs->n++;
    }
    attrs->items[at].value = v;
    wp__touch(plan);
    return 0;
}

int wp_attrs_set_text(wp_attrs *attrs, const char *key, const char *value)
{
    wp_value v = {.type = WP_VALUE_TEXT, .as.text = value};
    return wp_attrs_set(attrs, key, &v);
}

int wp_attrs_set_int(wp_attrs *attrs, const char *key, int64_t value)
{
    wp_value v = {.type = WP_VALUE_INT, .as.integer = value};
    return wp_attrs_set(attrs, key, &v);
}

int wp_attrs_set_float(wp_attrs *attrs, const char *key, double value)
{
    wp_value v = {.type = WP_VALUE_FLOAT, .as.real = value};
    return wp_attrs_set(attrs, key, &v);
}

int wp_attrs_set_bool(wp_attrs *attrs, const char *key, bool value)
{
    wp_value v = {.type = WP_VALUE_BOOL, .as.boolean = value};
    return wp_attrs_set(attrs, key, &v);
}

static bool readable(const wp_attrs *attrs)
{
    return attrs != NULL && wp__node_live(wp__attrs_node(attrs));
}

const wp_value *wp_attrs_get(const wp_attrs *attrs, const char *key)
{
    bool found;
    uint32_t at;
    if (!readable(attrs) || key == NULL)
        return NULL;
    at = locate(map_of(attrs), key, &found);
    return found ? &map_of(attrs)->items[at].value : NULL;
}

int wp_attrs_remove(wp_attrs *handle, const char *key)
{
    wp__attrmap *attrs;
    bool found;
    uint32_t at;
    int rc;
    if ((rc = check_map(handle)) < 0)
        return rc;
    if (key == NULL)
        return wp__err(WP_EINVAL, "attribute: key is NULL");
    attrs = wp__attrs_node(handle)->more ? &wp__attrs_node(handle)->more->attrs : NULL;
    at = attrs ? locate(attrs, key, &found) : (found = false, 0);
    if (!found)
        return wp__err(WP_ENOTFOUND, "attribute '%.200s' not found", key);
    memmove(&attrs->items[at], &attrs->items[at + 1], (attrs->n - at - 1) * sizeof(wp__attr));
    attrs->n--;
    wp__touch(wp__attrs_node(handle)->plan);
    return 0;
}

size_t wp_attrs_count(const wp_attrs *attrs) { return readable(attrs) ? map_of(attrs)->n : 0; }

const char *wp_attrs_key(const wp_attrs *attrs, size_t index)
{
    return readable(attrs) && index < map_of(attrs)->n ? map_of(attrs)->items[index].key : NULL;
}

const wp_value *wp_attrs_value(const wp_attrs *attrs, size_t index)
{
    return readable(attrs) && index < map_of(attrs)->n ? &map_of(attrs)->items[index].value
                                                       : NULL;
}

static bool value_equal(const wp_value *a, const wp_value *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case WP_VALUE_TEXT:
        return strcmp(a->as.text, b->as.text) == 0;
    case WP_VALUE_INT:
        return a->as.integer == b->as.integer;
    case WP_VALUE_FLOAT:
        return a->as.real == b->as.real;
    default:
        return a->as.boolean == b->as.boolean;
    }
}

bool wp__attrs_equal(const wp_attrs *ha, const wp_attrs *hb)
{
    const wp__attrmap *a = map_of(ha), *b = map_of(hb);
    if (a->n != b->n)
        return false;
    for (uint32_t i = 0; i < a->n; i++)
        if (strcmp(a->items[i].key, b->items[i].key) != 0 ||
            !value_equal(&a->items[i].value, &b->items[i].value))
            return false;
    return true;
}

int wp__attrs_copy(wp_attrs *dst, const wp_attrs *hsrc)
{
    const wp__attrmap *src = map_of(hsrc);
    for (uint32_t i = 0; i < src->n; i++) {
        int rc = wp_attrs_set(dst, src->items[i].key, &src->items[i].value);
        if (rc < 0)
            return rc;
    }
    return 0;
}
