/*
 * Building the corpus-wide indexes of a collection (see cindex.h): the
 * global positions, dense arrays and unit postings from the plans' own
 * indexes, the name/id/folded-name maps, and the tables built on first
 * use (ids in position order, per-unit kind totals). Running queries on
 * them is cindex.c.
 */
#include "cindex.h"
#include "textnorm.h"

#include <stdlib.h>
#include <string.h>

static void free_lists(wp__cindex *cx)
{
    for (size_t i = 0; i < cx->n_lists; i++) {
        wp__free(cx->lists[i]->gu);
        wp__free(cx->lists[i]);
    }
    wp__free(cx->lists);
    cx->lists = NULL;
    cx->n_lists = cx->cap_lists = 0;
}

void wp__cindex_free(wp__cindex *cx)
{
    if (cx == NULL)
        return;
    free_lists(cx);
    for (size_t i = 0; i < cx->n_fold_keys; i++)
        wp__free(cx->fold_keys[i]);
    wp__free(cx->fold_keys);
    wp__hashmap_free(&cx->by_name);
    wp__hashmap_free(&cx->by_id);
    wp__hashmap_free(&cx->by_fold);
    wp__hashmap_free(&cx->mw);
    wp__free(cx->plans);
    wp__free(cx->gen);
    wp__free(cx->base);
    wp__free(cx->order);
    wp__free(cx->kind);
    wp__free(cx->status);
    wp__free(cx->due);
    wp__free(cx->gu_plan);
    wp__free(cx->post_off);
    wp__free(cx->post_g);
    wp__free(cx->post_role);
    wp__free(cx->post_kind);
    wp__free(cx->kind_count);
    wp__free(cx->ids);
    wp__free(cx->id_text);
    wp__free(cx->due_end);
    wp__free(cx->due_g);
    wp__free(cx->ival);
    for (int f = 0; f < 4; f++) {
        wp__free(cx->text[f].buf);
        wp__free(cx->text[f].start);
    }
    wp__free(cx);
}

/* Append gu to the list of `key` in `map`, once per plan (the first unit of
 * a plan under a key wins, as in the plan's own look-up). */
static int map_add(wp__cindex *cx, wp__hashmap *map, const char *key, uint32_t gu)
{
    gulist *l = wp__hashmap_get(map, key);
    if (l == NULL) {
        if (cx->n_lists == cx->cap_lists) {
            size_t cap = cx->cap_lists ? cx->cap_lists * 2 : 64;
            gulist **ls = wp__realloc(cx->lists, cap * sizeof *ls);
            if (ls == NULL)
                return wp__err_nomem();
            cx->lists = ls;
            cx->cap_lists = cap;
        }
        if ((l = wp__malloc(sizeof *l)) == NULL)
            return wp__err_nomem();
        memset(l, 0, sizeof *l);
        cx->lists[cx->n_lists++] = l;
        if (wp__hashmap_put(map, key, l) < 0)
            return wp__err_nomem();
    }
    if (l->n > 0 && cx->gu_plan[l->gu[l->n - 1]] == cx->gu_plan[gu])
        return 0;
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 8;
        uint32_t *gu2 = wp__realloc(l->gu, cap * sizeof *gu2);
        if (gu2 == NULL)
            return wp__err_nomem();
        l->gu = gu2;
        l->cap = cap;
    }
    l->gu[l->n++] = gu;
    return 0;
}

typedef struct due_e {
    wp_date end;
    uint32_t g;
} due_e;

static int cmp_due(const void *a, const void *b)
{
    const due_e *x = a, *y = b;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->g < y->g ? -1 : x->g > y->g;
}

static int cmp_civ(const void *a, const void *b)
{
    const civ *x = a, *y = b;
    if (x->mw != y->mw)
        return x->mw < y->mw ? -1 : 1;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->g < y->g ? -1 : x->g > y->g;
}

int wp__cindex_build(wp__cindex *cx, wp_plan **plans, size_t np)
{
    wp__index **ixs = wp__cindex_array(np, sizeof *ixs);
    uint32_t n = 0, n_gu = 0, n_post = 0, n_due = 0, n_ival = 0, mw_next = 0;
    due_e *due = NULL;
    int rc = 0;
    if (ixs == NULL)
        return wp__err_nomem();
    for (size_t p = 0; p < np && rc == 0; p++) {
        rc = wp__index_get(&ixs[p], plans[p]);
        if (rc == 0) {
            n += ixs[p]->n;
            n_gu += ixs[p]->n_units;
            n_post += ixs[p]->unit_off[ixs[p]->n_units];
            n_due += ixs[p]->n_due;
            n_ival += ixs[p]->n_ival;
        }
    }
    if (rc < 0)
        goto out;
    cx->n_plans = np;
    cx->n = n;
    cx->n_gu = n_gu;
    cx->plans = wp__cindex_array(np, sizeof *cx->plans);
    cx->gen = wp__cindex_array(np, sizeof *cx->gen);
    cx->base = wp__cindex_array(np + 1, sizeof *cx->base);
    cx->order = wp__cindex_array(n, sizeof *cx->order);
    cx->kind = wp__cindex_array(n, 1);
    cx->status = wp__cindex_array(n, 1);
    cx->due = wp__cindex_array(n, sizeof *cx->due);
    cx->gu_plan = wp__cindex_array(n_gu, sizeof *cx->gu_plan);
    cx->post_off = wp__cindex_array(n_gu + 1, sizeof *cx->post_off);
    cx->post_g = wp__cindex_array(n_post, sizeof *cx->post_g);
    cx->post_role = wp__cindex_array(n_post, 1);
    cx->post_kind = wp__cindex_array(n_post, 1);
    cx->due_end = wp__cindex_array(n_due, sizeof *cx->due_end);
    cx->due_g = wp__cindex_array(n_due, sizeof *cx->due_g);
    cx->ival = wp__cindex_array(n_ival, sizeof *cx->ival);
    due = wp__cindex_array(n_due, sizeof *due);
    if (!cx->plans || !cx->gen || !cx->base || !cx->order || !cx->kind || !cx->status ||
        !cx->due || !cx->gu_plan || !cx->post_off || !cx->post_g || !cx->post_role || !cx->post_kind ||
        !cx->due_end || !cx->due_g || !cx->ival || !due) {
        rc = wp__err_nomem();
        goto out;
    }
    {
        uint32_t g = 0, gu = 0, post = 0, d = 0, iv = 0;
        cx->edits = atomic_load_explicit(&wp__edits, memory_order_relaxed);
        for (size_t p = 0; p < np; p++) {
            const wp__index *ix = ixs[p];
            cx->plans[p] = plans[p];
            cx->gen[p] = plans[p]->generation;
            cx->base[p] = g;
            /* From the plan's index alone: no node is read. */
            memcpy(cx->order + g, ix->order, ix->n * sizeof *cx->order);
            memcpy(cx->kind + g, ix->kind, ix->n);
            memcpy(cx->status + g, ix->status, ix->n);
            memset(cx->due + g, 0, ix->n * sizeof *cx->due);
            for (uint32_t i = 0; i < ix->n_due; i++) {
                cx->due[g + ix->due_pos[i]] = ix->due_end[i];
                due[d++] = (due_e){ix->due_end[i], g + ix->due_pos[i]};
            }
            for (uint32_t i = 0; i < ix->n_ival; i++) {
                const char *w = ix->ival[i].unit;
                uintptr_t id = (uintptr_t)wp__hashmap_get(&cx->mw, w);
                if (id == 0) {
                    id = ++mw_next;
                    if (wp__hashmap_put(&cx->mw, w, (void *)id) < 0) {
                        rc = wp__err_nomem();
                        goto out;
                    }
                }
                cx->ival[iv++] = (civ){(uint32_t)id, g + ix->ival[i].pos, ix->ival[i].value,
                                       (uint8_t)ix->ival[i].op};
            }
            for (uint32_t u = 0; u < ix->n_units; u++, gu++) {
                cx->gu_plan[gu] = (uint32_t)p;
                cx->post_off[gu] = post;
                for (uint32_t e = ix->unit_off[u]; e < ix->unit_off[u + 1]; e++, post++) {
                    cx->post_g[post] = g + ix->unit_pos[e];
                    cx->post_role[post] = ix->unit_role[e];
                    cx->post_kind[post] = ix->kind[ix->unit_pos[e]];
                }
            }
            g += ix->n;
        }
        cx->base[np] = g;
        cx->post_off[n_gu] = post;
        cx->n_due = n_due;
        cx->n_ival = n_ival;
    }
    /* Names, aliases and ids of every plan's units. */
    {
        uint32_t gu = 0;
        for (size_t p = 0; p < np; p++) {
            for (uint32_t u = 0; u < plans[p]->units.n; u++, gu++) {
                const wp_unit *un = plans[p]->units.items[u];
                if ((rc = map_add(cx, &cx->by_name, un->name, gu)) < 0 ||
                    (rc = map_add(cx, &cx->by_id, un->id, gu)) < 0)
                    goto out;
                for (uint32_t a = 0; a < un->aliases.n; a++)
                    if ((rc = map_add(cx, &cx->by_name, un->aliases.items[a], gu)) < 0)
                        goto out;
            }
        }
    }
    qsort(due, n_due, sizeof *due, cmp_due);
    for (uint32_t i = 0; i < n_due; i++) {
        cx->due_end[i] = due[i].end;
        cx->due_g[i] = due[i].g;
    }
    qsort(cx->ival, n_ival, sizeof *cx->ival, cmp_civ);
out:
    wp__free(due);
    wp__free(ixs);
    return rc;
}

/* Folded names of every unit, built on the first look-up that needs them;
 * one fold per distinct name. Under the collection's lock. Built aside and
 * installed whole, so that a failure leaves no half-filled lists. */
int wp__cindex_build_fold(wp__cindex *cx)
{
    wp__hashmap seen = {0}; /* name -> folded key */
    wp__cindex tmp;         /* only its maps, lists and keys are used */
    uint32_t gu = 0;
    int rc = 0;
    if (cx->fold_built)
        return 0;
    memset(&tmp, 0, sizeof tmp);
    tmp.gu_plan = cx->gu_plan;
    for (size_t p = 0; p < cx->n_plans && rc == 0; p++) {
        const wp_plan *plan = cx->plans[p];
        for (uint32_t u = 0; u < plan->units.n && rc == 0; u++, gu++) {
            const wp_unit *un = plan->units.items[u];
            for (uint32_t a = 0; a <= un->aliases.n && rc == 0; a++) {
                const char *name = a == 0 ? un->name : un->aliases.items[a - 1];
                char *key = wp__hashmap_get(&seen, name);
                if (key == NULL) {
                    char **keys;
                    if ((rc = wp__fold(&key, name)) < 0)
                        break;
                    keys = wp__realloc(tmp.fold_keys, (tmp.n_fold_keys + 1) * sizeof *keys);
                    if (keys == NULL || wp__hashmap_put(&seen, name, key) < 0) {
                        if (keys != NULL)
                            tmp.fold_keys = keys;
                        wp__free(key);
                        rc = wp__err_nomem();
                        break;
                    }
                    tmp.fold_keys = keys;
                    tmp.fold_keys[tmp.n_fold_keys++] = key;
                }
                if (key[0] != '\0')
                    rc = map_add(&tmp, &tmp.by_fold, key, gu);
            }
        }
    }
    wp__hashmap_free(&seen);
    if (rc == 0) {
        gulist **ls = wp__realloc(cx->lists, (cx->n_lists + tmp.n_lists + 1) * sizeof *ls);
        if (ls == NULL) {
            rc = wp__err_nomem();
        } else {
            cx->lists = ls;
            if (tmp.n_lists > 0) /* tmp.lists is NULL when no plan has a unit */
                memcpy(cx->lists + cx->n_lists, tmp.lists, tmp.n_lists * sizeof *ls);
            cx->n_lists += tmp.n_lists;
            cx->cap_lists = cx->n_lists + 1;
            wp__free(tmp.lists);
            tmp.lists = NULL;
            tmp.n_lists = 0;
            cx->by_fold = tmp.by_fold;
            cx->fold_keys = tmp.fold_keys;
            cx->n_fold_keys = tmp.n_fold_keys;
            cx->fold_built = true;
            return 0;
        }
    }
    free_lists(&tmp);
    wp__hashmap_free(&tmp.by_fold);
    for (size_t i = 0; i < tmp.n_fold_keys; i++)
        wp__free(tmp.fold_keys[i]);
    wp__free(tmp.fold_keys);
    return rc;
}

bool wp__cindex_fresh(wp__cindex *cx, wp_plan **plans, size_t n)
{
    uint64_t edits = atomic_load_explicit(&wp__edits, memory_order_relaxed);
    if (cx == NULL || cx->n_plans != n)
        return false;
    if (edits == cx->edits)
        return true; /* no plan anywhere changed since (the usual case): one read */
    /* One read of each plan (scattered, cold after other work): prefetched
     * ahead so that the misses overlap. */
    for (size_t i = 0; i < n; i++) {
        if (i + 16 < n)
            __builtin_prefetch(&plans[i + 16]->generation);
        if (cx->plans[i] != plans[i] || cx->gen[i] != plans[i]->generation)
            return false;
    }
    cx->edits = edits; /* other plans changed, not these */
    return true;
}

/* The id of every position, read once from the nodes (under the lock) and
 * copied into one buffer in position order: a caller reading the ids of a
 * result (the Python bindings make a str of each) reads them in sequence,
 * not scattered over the plans' arenas. */
int wp__cindex_build_ids(wp__cindex *cx)
{
    const char **v;
    char *buf, *at;
    size_t total = 0;
    if (cx->ids != NULL)
        return 0;
    for (uint32_t g = 0; g < cx->n; g++)
        if (cx->order[g]->id != NULL)
            total += strlen(cx->order[g]->id) + 1;
    v = wp__cindex_array(cx->n, sizeof *v);
    buf = wp__malloc(total == 0 ? 1 : total);
    if (v == NULL || buf == NULL) {
        wp__free(v);
        wp__free(buf);
        return wp__err_nomem();
    }
    at = buf;
    for (uint32_t g = 0; g < cx->n; g++) {
        const char *id = cx->order[g]->id;
        size_t len;
        if (id == NULL) {
            v[g] = NULL;
            continue;
        }
        len = strlen(id) + 1;
        memcpy(at, id, len);
        v[g] = at;
        at += len;
    }
    cx->ids = v;
    cx->id_text = buf;
    return 0;
}

/* Each unit's distinct positions per node kind (under the lock). A cache:
 * when it cannot be allocated, or a position has a kind outside the table
 * (none today), it stays unbuilt and counts walk the postings. */
void wp__cindex_build_kind_counts(wp__cindex *cx)
{
    uint32_t *t;
    if (cx->kind_count != NULL || (t = wp__cindex_array((size_t)cx->n_gu * WP__CI_KINDS, sizeof *t)) == NULL)
        return;
    memset(t, 0, (size_t)cx->n_gu * WP__CI_KINDS * sizeof *t);
    for (uint32_t gu = 0; gu < cx->n_gu; gu++) {
        uint32_t prev = UINT32_MAX;
        for (uint32_t e = cx->post_off[gu]; e < cx->post_off[gu + 1]; e++) {
            if (cx->post_g[e] == prev)
                continue; /* the same node again, under another role */
            if (cx->post_kind[e] >= WP__CI_KINDS) {
                wp__free(t);
                return;
            }
            prev = cx->post_g[e];
            t[(size_t)gu * WP__CI_KINDS + cx->post_kind[e]]++;
        }
    }
    cx->kind_count = t;
}
