/*
 * Running queries on the corpus-wide indexes of a collection (see cindex.h;
 * building them is cindex_build.c).
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

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
        rc = wp__cindex_build_fold(cx);
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
    covered = wp__cindex_array(cx->n_plans, 1);
    r->gu = wp__cindex_array(cap, sizeof *r->gu);
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
                if (ids->want_pos)
                    ids->pos[ids->n++] = g;
                else
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
    bits = wp__cindex_array(words, sizeof *bits);
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
        if (other == NULL && (other = wp__cindex_array(words, sizeof *other)) == NULL) {
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
                    if (ids->want_pos)
                        ids->pos[ids->n++] = g;
                    else
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
    if (l->want_pos) {
        uint32_t *pos = wp__realloc(l->pos, cap * sizeof *pos);
        if (pos == NULL)
            return wp__err_nomem();
        l->pos = pos;
    } else {
        if ((v = wp__realloc(l->v, cap * sizeof *v)) == NULL)
            return wp__err_nomem();
        l->v = v;
    }
    l->cap = cap;
    return 0;
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
    if (!wp__cindex_fresh(*slot, plans, n)) {
        wp__cindex *cx = wp__malloc(sizeof *cx);
        if (cx == NULL) {
            rc = wp__err_nomem();
        } else {
            memset(cx, 0, sizeof *cx);
            if ((rc = wp__cindex_build(cx, plans, n)) < 0) {
                wp__cindex_free(cx);
            } else {
                wp__cindex_free(*slot);
                *slot = cx;
            }
        }
    }
    if (rc == 0 && ids != NULL && !ids->want_pos)
        rc = wp__cindex_build_ids(*slot);
    if (rc == 0 && ids == NULL && cb == NULL)
        wp__cindex_build_kind_counts(*slot);
    pthread_mutex_unlock(lock);
    if (rc < 0)
        return rc;
    *handled = true;
    return run(*slot, lock, &c, cb, payload, count, ids);
}
