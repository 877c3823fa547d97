/*
 * Corpus-wide query indexes of a collection: see cindex.h.
 *
 * Why posting lists and transient dense bitmaps rather than CRoaring: the
 * sets a supervisor's query touches are tens of thousands to hundreds of
 * thousands of positions out of ~10^6, where a dense bitmap (125 KB at 10^6
 * nodes, cleared with memset) intersects and iterates in document order as
 * fast as Roaring containers would, with no dependency and no per-set
 * container bookkeeping; the postings themselves are sorted uint32 arrays
 * built once.
 */
#include "cindex.h"
#include "textnorm.h"

#include <math.h>
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

static void *array(size_t n, size_t size)
{
    return wp__malloc(n == 0 ? 1 : n * size);
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

static int build(wp__cindex *cx, wp_plan **plans, size_t np)
{
    wp__index **ixs = array(np, sizeof *ixs);
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
    cx->plans = array(np, sizeof *cx->plans);
    cx->gen = array(np, sizeof *cx->gen);
    cx->base = array(np + 1, sizeof *cx->base);
    cx->order = array(n, sizeof *cx->order);
    cx->kind = array(n, 1);
    cx->status = array(n, 1);
    cx->due = array(n, sizeof *cx->due);
    cx->gu_plan = array(n_gu, sizeof *cx->gu_plan);
    cx->post_off = array(n_gu + 1, sizeof *cx->post_off);
    cx->post_g = array(n_post, sizeof *cx->post_g);
    cx->post_role = array(n_post, 1);
    cx->post_kind = array(n_post, 1);
    cx->due_end = array(n_due, sizeof *cx->due_end);
    cx->due_g = array(n_due, sizeof *cx->due_g);
    cx->ival = array(n_ival, sizeof *cx->ival);
    due = array(n_due, sizeof *due);
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
static int build_fold(wp__cindex *cx)
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

static bool fresh(wp__cindex *cx, wp_plan **plans, size_t n)
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

/* ---- running -------------------------------------------------------------- */

#define MAX_CONJ 32

typedef struct conj {
    const wp_query *q[MAX_CONJ];
    int n;
} conj;

/* The conjuncts of q, if every one is a kind the index answers. */
static bool analyse(const wp_query *q, conj *c)
{
    uint32_t n = q->type == WP__Q_AND ? q->n : 1;
    c->n = 0;
    if (n > MAX_CONJ)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const wp_query *k = q->type == WP__Q_AND ? WP__KID(q, i) : q;
        switch (k->type) {
        case WP__Q_ALL:
            continue;
        case WP__Q_KIND:
        case WP__Q_STATUS:
        case WP__Q_DUE:
        case WP__Q_OVERDUE:
            break;
        case WP__Q_UNIT:
        case WP__Q_IND:
            if (k->str == NULL)
                return false;
            break;
        case WP__Q_TEXT:
            if (k->flags > 3)
                return false;
            break;
        default:
            return false;
        }
        c->q[c->n++] = k;
    }
    return true;
}

/* The units a unit: term names in each plan, as wp__unit_find_key would
 * resolve it there: exact name or alias, else id, else folded name. */
typedef struct resolved {
    uint32_t *gu;
    uint32_t n;
} resolved;

static int resolve_unit(wp__cindex *cx, pthread_mutex_t *lock, const wp_query *q, resolved *r)
{
    const gulist *e = wp__hashmap_get(&cx->by_name, q->str);
    const gulist *d = wp__hashmap_get(&cx->by_id, q->str);
    const gulist *f = NULL;
    uint8_t *covered;
    uint32_t cap, k = 0;
    int rc = 0;
    r->gu = NULL;
    r->n = 0;
    if ((e == NULL || e->n < cx->n_plans) && q->needle != NULL) {
        pthread_mutex_lock(lock);
        rc = build_fold(cx);
        pthread_mutex_unlock(lock);
        if (rc < 0)
            return rc;
        f = wp__hashmap_get(&cx->by_fold, q->needle);
    }
    cap = (e ? e->n : 0) + (d ? d->n : 0) + (f ? f->n : 0);
    if (cap == 0)
        return 0;
    if (e != NULL && d == NULL && f == NULL) { /* the usual case: exact names */
        r->gu = e->gu;
        r->n = e->n;
        return 1; /* borrowed */
    }
    covered = array(cx->n_plans, 1);
    r->gu = array(cap, sizeof *r->gu);
    if (covered == NULL || r->gu == NULL) {
        wp__free(covered);
        wp__free(r->gu);
        r->gu = NULL;
        return wp__err_nomem();
    }
    memset(covered, 0, cx->n_plans);
    {
        const gulist *ls[3] = {e, d, f};
        for (int t = 0; t < 3; t++) {
            uint32_t mark_from = k;
            if (ls[t] == NULL)
                continue;
            for (uint32_t i = 0; i < ls[t]->n; i++) {
                uint32_t gu = ls[t]->gu[i];
                if (!covered[cx->gu_plan[gu]])
                    r->gu[k++] = gu;
            }
            for (uint32_t i = mark_from; i < k; i++)
                covered[cx->gu_plan[r->gu[i]]] = 1;
        }
    }
    wp__free(covered);
    r->n = k;
    return 0; /* owned */
}

static size_t unit_size(const wp__cindex *cx, const resolved *r)
{
    size_t s = 0;
    for (uint32_t i = 0; i < r->n; i++)
        s += cx->post_off[r->gu[i] + 1] - cx->post_off[r->gu[i]];
    return s;
}

static void unit_bits(const wp__cindex *cx, const wp_query *q, const resolved *r, uint64_t *bits)
{
    for (uint32_t i = 0; i < r->n; i++) {
        uint32_t gu = r->gu[i];
        for (uint32_t e = cx->post_off[gu]; e < cx->post_off[gu + 1]; e++) {
            uint8_t role = cx->post_role[e];
            if ((q->role < 0 || (int)(role & 0x7Fu) == q->role) &&
                !(q->own && (role & WP__INHERITED)))
                bits[cx->post_g[e] >> 6] |= 1ull << (cx->post_g[e] & 63);
        }
    }
}

/* The range of ival entries of q's measure word within [min, max]. */
static void ind_range(const wp__cindex *cx, const wp_query *q, uint32_t *lo, uint32_t *hi)
{
    uintptr_t mw = (uintptr_t)wp__hashmap_get(&cx->mw, q->str);
    double vmin = isnan(q->min) ? -INFINITY : q->min, vmax = isnan(q->max) ? INFINITY : q->max;
    uint32_t a = 0, b = cx->n_ival;
    *lo = *hi = 0;
    if (mw == 0)
        return;
    while (a < b) { /* first entry >= (mw, vmin) */
        uint32_t m = a + (b - a) / 2;
        if (cx->ival[m].mw < mw || (cx->ival[m].mw == mw && cx->ival[m].value < vmin))
            a = m + 1;
        else
            b = m;
    }
    *lo = a;
    b = cx->n_ival;
    while (a < b) { /* first entry > (mw, vmax) */
        uint32_t m = a + (b - a) / 2;
        if (cx->ival[m].mw < mw || (cx->ival[m].mw == mw && cx->ival[m].value <= vmax))
            a = m + 1;
        else
            b = m;
    }
    *hi = a;
}

static uint32_t date_bound(const wp__cindex *cx, wp_date date)
{
    uint32_t a = 0, b = cx->n_due;
    while (a < b) {
        uint32_t m = a + (b - a) / 2;
        if (cx->due_end[m] < date)
            a = m + 1;
        else
            b = m;
    }
    return a;
}

static void due_range(const wp__cindex *cx, const wp_query *q, uint32_t *lo, uint32_t *hi)
{
    if (q->type == WP__Q_OVERDUE) {
        *lo = 0;
        *hi = date_bound(cx, q->from);
        return;
    }
    *lo = q->from != 0 ? date_bound(cx, q->from) : 0;
    *hi = q->to != 0 ? date_bound(cx, q->to + 1) : cx->n_due;
    if (*hi < *lo)
        *hi = *lo;
}

static bool dense_ok(const wp__cindex *cx, const wp_query *q, uint32_t g)
{
    switch (q->type) {
    case WP__Q_KIND:
        return cx->kind[g] == q->kind;
    case WP__Q_STATUS:
        return cx->status[g] == q->kind;
    case WP__Q_DUE:
        return cx->due[g] != WP_DATE_NONE && (q->from == 0 || cx->due[g] >= q->from) &&
               (q->to == 0 || cx->due[g] <= q->to);
    case WP__Q_OVERDUE:
        return cx->due[g] != WP_DATE_NONE && cx->due[g] < q->from &&
               cx->status[g] != WP_STATUS_DONE && cx->status[g] != WP_STATUS_CANCELLED &&
               cx->status[g] != WP_STATUS_EXTENDED;
    default:
        return true; /* answered by a bitmap */
    }
}

static void set_bits(const wp__cindex *cx, const wp_query *q, const resolved *r, uint64_t *bits)
{
    uint32_t lo, hi;
    if (q->type == WP__Q_UNIT) {
        unit_bits(cx, q, r, bits);
    } else if (q->type == WP__Q_TEXT) {
        wp__cindex_text_bits(cx, q, bits);
    } else if (q->type == WP__Q_IND) {
        ind_range(cx, q, &lo, &hi);
        for (uint32_t i = lo; i < hi; i++)
            if (q->op < 0 || cx->ival[i].op == q->op)
                bits[cx->ival[i].g >> 6] |= 1ull << (cx->ival[i].g & 63);
    } else {
        due_range(cx, q, &lo, &hi);
        for (uint32_t i = lo; i < hi; i++)
            bits[cx->due_g[i] >> 6] |= 1ull << (cx->due_g[i] & 63);
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* A unit term and dense conjuncts only: walk its postings (ascending: the
 * units in plan order, each unit's positions ascending), no bitmap. */
static int walk_postings(const wp__cindex *cx, const conj *c, int best, resolved *r,
                         wp_query_cb cb, void *payload, size_t *count, wp__idvec *ids)
{
    const wp_query *uq = c->q[best];
    uint32_t prev = UINT32_MAX;
    size_t n = 0, p = 0;
    int rc = 0;
    for (uint32_t i = 1; i < r->n; i++)
        if (r->gu[i] < r->gu[i - 1]) { /* merged from several maps: sort (owned) */
            qsort(r->gu, r->n, sizeof *r->gu, cmp_u32);
            break;
        }
    if (ids != NULL && (rc = wp__idvec_reserve(ids, unit_size(cx, r))) < 0)
        return rc;
    for (uint32_t i = 0; i < r->n && rc == 0; i++) {
        uint32_t gu = r->gu[i];
        for (uint32_t e = cx->post_off[gu]; e < cx->post_off[gu + 1] && rc == 0; e++) {
            uint8_t role = cx->post_role[e];
            uint32_t g = cx->post_g[e];
            bool ok = g != prev && (uq->role < 0 || (int)(role & 0x7Fu) == uq->role) &&
                      !(uq->own && (role & WP__INHERITED));
            for (int k = 0; k < c->n && ok; k++)
                if (k != best)
                    ok = c->q[k]->type == WP__Q_KIND ? cx->post_kind[e] == c->q[k]->kind
                                                     : dense_ok(cx, c->q[k], g);
            if (!ok)
                continue;
            prev = g;
            n++;
            if (ids != NULL) {
                ids->v[ids->n++] = cx->ids[g];
                continue;
            }
            if (cb == NULL)
                continue;
            while (g >= cx->base[p + 1])
                p++;
            rc = cb(cx->order[g], payload);
            if (rc == 0 && cx->plans[p]->generation != cx->gen[p])
                rc = wp__err(WP_EINVAL, "query: the plan was modified during the run");
        }
    }
    if (count != NULL)
        *count += n;
    return rc;
}

/* A count of a unit term (any role, inherited too) and kind terms only:
 * the sum of the units' per-kind totals, no posting read. A node is in one
 * unit's postings once per plan (a term resolves to one unit a plan), so
 * the totals of several plans' units add up. False: not such a query. */
static bool count_from_totals(const wp__cindex *cx, const conj *c, int best, const resolved *r,
                              wp_query_cb cb, size_t *count, const wp__idvec *ids)
{
    const wp_query *uq = c->q[best];
    int kind = -1; /* any */
    size_t n = 0;
    if (count == NULL || ids != NULL || cb != NULL || cx->kind_count == NULL || uq->role >= 0 ||
        uq->own)
        return false;
    for (int k = 0; k < c->n; k++) {
        if (k == best)
            continue;
        if (c->q[k]->type != WP__Q_KIND)
            return false;
        if (c->q[k]->kind < 0 || c->q[k]->kind >= WP__CI_KINDS)
            return false;
        if (kind >= 0 && kind != c->q[k]->kind)
            return true; /* two different kinds: nothing matches (*count unchanged) */
        kind = c->q[k]->kind;
    }
    for (uint32_t i = 0; i < r->n; i++) {
        const uint32_t *t = cx->kind_count + (size_t)r->gu[i] * WP__CI_KINDS;
        if (kind >= 0)
            n += t[kind];
        else
            for (int k = 0; k < WP__CI_KINDS; k++)
                n += t[k];
    }
    *count += n;
    return true;
}

static int run(wp__cindex *cx, pthread_mutex_t *lock, const conj *c, wp_query_cb cb,
               void *payload, size_t *count, wp__idvec *ids)
{
    resolved res[MAX_CONJ];
    size_t words = ((size_t)cx->n + 63) / 64, best_n = SIZE_MAX;
    int best = -1, rc = 0;
    uint64_t *bits = NULL, *other = NULL;
    bool owned[MAX_CONJ] = {false};
    memset(res, 0, sizeof res);
    /* Resolve unit terms; size every set-type conjunct; take the smallest. */
    for (int i = 0; i < c->n && rc >= 0; i++) {
        const wp_query *q = c->q[i];
        size_t sz = SIZE_MAX;
        uint32_t lo, hi;
        if (q->type == WP__Q_UNIT) {
            rc = resolve_unit(cx, lock, q, &res[i]);
            owned[i] = rc == 0 && res[i].gu != NULL;
            if (rc >= 0)
                sz = unit_size(cx, &res[i]);
            rc = rc < 0 ? rc : 0;
        } else if (q->type == WP__Q_IND) {
            ind_range(cx, q, &lo, &hi);
            sz = hi - lo;
        } else if (q->type == WP__Q_DUE || q->type == WP__Q_OVERDUE) {
            due_range(cx, q, &lo, &hi);
            sz = hi - lo;
        } else if (q->type == WP__Q_TEXT) {
            pthread_mutex_lock(lock);
            rc = wp__cindex_text_build(cx, q->flags, q->t2s);
            pthread_mutex_unlock(lock);
            sz = (size_t)cx->n; /* unknown until searched: taken last */
        }
        if (sz < best_n)
            best_n = sz, best = i;
    }
    if (rc < 0)
        goto out;
    if (c->q[best]->type == WP__Q_UNIT) {
        bool alone = true;
        for (int i = 0; i < c->n; i++)
            alone &= i == best || (c->q[i]->type != WP__Q_UNIT && c->q[i]->type != WP__Q_IND &&
                                   c->q[i]->type != WP__Q_TEXT);
        if (alone && count_from_totals(cx, c, best, &res[best], cb, count, ids))
            goto out;
        if (alone) {
            rc = walk_postings(cx, c, best, &res[best], cb, payload, count, ids);
            goto out;
        }
    }
    bits = array(words, sizeof *bits);
    if (bits == NULL) {
        rc = wp__err_nomem();
        goto out;
    }
    memset(bits, 0, words * sizeof *bits);
    set_bits(cx, c->q[best], &res[best], bits);
    /* Other unit and indicator terms: intersect their bitmaps. */
    for (int i = 0; i < c->n; i++) {
        if (i == best || (c->q[i]->type != WP__Q_UNIT && c->q[i]->type != WP__Q_IND &&
                          c->q[i]->type != WP__Q_TEXT))
            continue;
        if (other == NULL && (other = array(words, sizeof *other)) == NULL) {
            rc = wp__err_nomem();
            goto out;
        }
        memset(other, 0, words * sizeof *other);
        set_bits(cx, c->q[i], &res[i], other);
        for (size_t w = 0; w < words; w++)
            bits[w] &= other[w];
    }
    /* Walk the set bits in order, checking the dense conjuncts. */
    if (ids != NULL) {
        size_t set = 0;
        for (size_t w = 0; w < words; w++)
            set += (size_t)__builtin_popcountll(bits[w]);
        if ((rc = wp__idvec_reserve(ids, set)) < 0)
            goto out;
    }
    {
        size_t p = 0, n = 0;
        for (size_t w = 0; w < words && rc == 0; w++) {
            uint64_t word = bits[w];
            while (word != 0 && rc == 0) {
                uint32_t g = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(word));
                bool ok = true;
                word &= word - 1;
                for (int i = 0; i < c->n && ok; i++)
                    if (i != best || c->q[i]->type == WP__Q_OVERDUE)
                        ok = dense_ok(cx, c->q[i], g);
                if (!ok)
                    continue;
                n++;
                if (ids != NULL) {
                    ids->v[ids->n++] = cx->ids[g];
                    continue;
                }
                if (cb == NULL)
                    continue;
                while (g >= cx->base[p + 1])
                    p++;
                rc = cb(cx->order[g], payload);
                if (rc == 0 && cx->plans[p]->generation != cx->gen[p])
                    rc = wp__err(WP_EINVAL, "query: the plan was modified during the run");
            }
        }
        if (count != NULL)
            *count += n;
    }
out:
    for (int i = 0; i < c->n; i++)
        if (owned[i])
            wp__free(res[i].gu);
    wp__free(bits);
    wp__free(other);
    return rc;
}

int wp__idvec_reserve(wp__idvec *l, size_t more)
{
    size_t cap = l->cap ? l->cap : 64;
    const char **v;
    if (l->n + more <= l->cap)
        return 0;
    while (cap < l->n + more) {
        if (cap > SIZE_MAX / 2 / sizeof *v)
            return wp__err(WP_ELIMIT, "query: too many matches");
        cap *= 2;
    }
    if ((v = wp__realloc(l->v, cap * sizeof *v)) == NULL)
        return wp__err_nomem();
    l->v = v;
    l->cap = cap;
    return 0;
}

/* The id of every position, read once from the nodes (under the lock) and
 * copied into one buffer in position order: a caller reading the ids of a
 * result (the Python bindings make a str of each) reads them in sequence,
 * not scattered over the plans' arenas. */
static int build_ids(wp__cindex *cx)
{
    const char **v;
    char *buf, *at;
    size_t total = 0;
    if (cx->ids != NULL)
        return 0;
    for (uint32_t g = 0; g < cx->n; g++)
        if (cx->order[g]->id != NULL)
            total += strlen(cx->order[g]->id) + 1;
    v = array(cx->n, sizeof *v);
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
static void build_kind_counts(wp__cindex *cx)
{
    uint32_t *t;
    if (cx->kind_count != NULL || (t = array((size_t)cx->n_gu * WP__CI_KINDS, sizeof *t)) == NULL)
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

int wp__cindex_run(bool *handled, wp__cindex **slot, pthread_mutex_t *lock, wp_plan **plans,
                   size_t n, const wp_query *q, wp_query_cb cb, void *payload, size_t *count,
                   wp__idvec *ids)
{
    conj c;
    int rc = 0;
    *handled = false;
    if (!analyse(q, &c) || c.n == 0)
        return 0;
    {
        bool source = false;
        for (int i = 0; i < c.n; i++)
            source |= c.q[i]->type != WP__Q_KIND && c.q[i]->type != WP__Q_STATUS;
        if (!source)
            return 0; /* kind and status only: the plans' own lists do it */
    }
    pthread_mutex_lock(lock);
    if (!fresh(*slot, plans, n)) {
        wp__cindex *cx = wp__malloc(sizeof *cx);
        if (cx == NULL) {
            rc = wp__err_nomem();
        } else {
            memset(cx, 0, sizeof *cx);
            if ((rc = build(cx, plans, n)) < 0) {
                wp__cindex_free(cx);
            } else {
                wp__cindex_free(*slot);
                *slot = cx;
            }
        }
    }
    if (rc == 0 && ids != NULL)
        rc = build_ids(*slot);
    if (rc == 0 && ids == NULL && cb == NULL)
        build_kind_counts(*slot);
    pthread_mutex_unlock(lock);
    if (rc < 0)
        return rc;
    *handled = true;
    return run(*slot, lock, &c, cb, payload, count, ids);
}
