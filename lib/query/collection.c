/* Collections: many plans queried together. */
#include "queryx.h"
#include "cindex.h"

#include <stdatomic.h>
#include <string.h>

struct wp_collection {
    wp_plan **plans;
    size_t n, cap;
    wp__cindex *cx;        /* corpus-wide indexes, built on first use */
    pthread_mutex_t lock;  /* guards building them and the version */
    /* wp_collection_version(): the plans' generations when it was last
     * bumped, and the process-wide edit count when they were last compared. */
    uint64_t version, seen_edits;
    uint64_t *seen_gen;    /* [seen_n] */
    size_t seen_n;
    bool seen_valid;
};

int wp_collection_new(wp_collection **out)
{
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_collection_new: out is NULL");
    *out = wp__malloc(sizeof **out);
    if (*out == NULL)
        return wp__err_nomem();
    memset(*out, 0, sizeof **out);
    if (pthread_mutex_init(&(*out)->lock, NULL) != 0) {
        wp__free(*out);
        *out = NULL;
        return wp__err(WP_ERROR, "wp_collection_new: cannot create a lock");
    }
    return 0;
}

void wp_collection_free(wp_collection *coll)
{
    if (coll == NULL)
        return;
    for (size_t i = 0; i < coll->n; i++)
        wp_plan_free(coll->plans[i]);
    wp__free(coll->plans);
    wp__cindex_free(coll->cx);
    wp__free(coll->seen_gen);
    pthread_mutex_destroy(&coll->lock);
    wp__free(coll);
}

int wp_collection_add(wp_collection *coll, wp_plan *plan)
{
    if (coll == NULL || plan == NULL)
        return wp__err(WP_EINVAL, "wp_collection_add: NULL argument");
    for (size_t i = 0; i < coll->n; i++)
        if (coll->plans[i] == plan)
            return wp__err(WP_EEXISTS, "wp_collection_add: the plan is already in it");
    if (coll->n == coll->cap) {
        size_t cap = coll->cap ? coll->cap * 2 : 16;
        wp_plan **plans = wp__realloc(coll->plans, cap * sizeof *plans);
        if (plans == NULL)
            return wp__err_nomem();
        coll->plans = plans;
        coll->cap = cap;
    }
    coll->plans[coll->n++] = plan;
    return 0;
}

int wp_collection_load(wp_collection *coll, const char *path)
{
    wp_corpus_reader *r;
    wp_plan *plan;
    int rc;
    if (coll == NULL || path == NULL)
        return wp__err(WP_EINVAL, "wp_collection_load: NULL argument");
    if ((rc = wp_corpus_reader_open(&r, path)) < 0)
        return rc;
    while ((rc = wp_corpus_reader_next(&plan, r)) == 0) {
        if ((rc = wp_collection_add(coll, plan)) < 0) {
            wp_plan_free(plan);
            break;
        }
    }
    wp_corpus_reader_free(r);
    return rc == WP_ITEROVER ? 0 : rc;
}

size_t wp_collection_count(const wp_collection *coll) { return coll ? coll->n : 0; }

wp_plan *wp_collection_plan(const wp_collection *coll, size_t index)
{
    return coll && index < coll->n ? coll->plans[index] : NULL;
}

size_t wp_collection_node_count(const wp_collection *coll)
{
    size_t n = 0;
    for (size_t i = 0; coll != NULL && i < coll->n; i++)
        n += wp_plan_node_count(coll->plans[i]);
    return n;
}

/* Through the corpus-wide indexes when they answer the query, else plan by
 * plan. `cb` NULL: count into `*count`. */
static int run_all(const wp_query *q, wp_collection *coll, wp_query_cb cb, void *payload,
                   size_t *count)
{
    bool handled;
    int rc = wp__cindex_run(&handled, &coll->cx, &coll->lock, coll->plans, coll->n, q, cb,
                            payload, count, NULL);
    if (handled || rc < 0)
        return rc;
    for (size_t i = 0; i < coll->n && rc == 0; i++) {
        if (cb == NULL) {
            size_t k;
            if ((rc = wp_query_count(&k, q, coll->plans[i])) == 0)
                *count += k;
        } else {
            rc = wp__query_run(q, coll->plans[i], cb, payload);
        }
    }
    return rc;
}

int wp_collection_foreach(const wp_query *q, wp_collection *coll, wp_query_cb cb,
                          void *payload)
{
    if (q == NULL || coll == NULL || cb == NULL)
        return wp__err(WP_EINVAL, "wp_collection_foreach: NULL argument");
    return run_all(q, coll, cb, payload, NULL);
}

int wp_collection_count_matches(size_t *out, const wp_query *q, wp_collection *coll)
{
    size_t n = 0;
    int rc;
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_collection_count_matches: out is NULL");
    *out = 0;
    if (q == NULL || coll == NULL)
        return wp__err(WP_EINVAL, "wp_collection_count_matches: NULL argument");
    if ((rc = run_all(q, coll, NULL, NULL, &n)) < 0)
        return rc;
    *out = n;
    return 0;
}

int wp_collection_select(wp_nodelist **out, const wp_query *q, wp_collection *coll,
                         size_t limit)
{
    wp_nodelist *l = NULL;
    int rc;
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_collection_select: out is NULL");
    *out = NULL;
    if ((rc = wp__nodelist_new(&l, limit)) < 0)
        return rc;
    rc = wp_collection_foreach(q, coll, wp__nodelist_push, l);
    if (rc < 0) {
        wp_nodelist_free(l);
        return rc;
    }
    *out = l;
    return 0;
}

static int push_id(wp_node *node, void *payload)
{
    wp__idvec *l = payload;
    int rc = wp__idvec_reserve(l, 1);
    if (rc == 0)
        l->v[l->n++] = wp_node_id(node);
    return rc;
}

int wp_collection_select_ids(const char ***out, size_t *n, const wp_query *q,
                             wp_collection *coll)
{
    wp__idvec l = {NULL, 0, 0, NULL, false};
    bool handled;
    int rc;
    if (out == NULL || n == NULL)
        return wp__err(WP_EINVAL, "wp_collection_select_ids: out or n is NULL");
    *out = NULL;
    *n = 0;
    if (q == NULL || coll == NULL)
        return wp__err(WP_EINVAL, "wp_collection_select_ids: NULL argument");
    rc = wp__cindex_run(&handled, &coll->cx, &coll->lock, coll->plans, coll->n, q, NULL, NULL,
                        NULL, &l);
    for (size_t i = 0; !handled && rc == 0 && i < coll->n; i++)
        rc = wp__query_run(q, coll->plans[i], push_id, &l);
    if (rc == 0 && l.v == NULL)
        rc = wp__idvec_reserve(&l, 1); /* an empty result is still an array */
    if (rc < 0) {
        wp__free(l.v);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

/* ---- versions and positions ---------------------------------------------- */

uint64_t wp_collection_version(wp_collection *coll)
{
    uint64_t edits, v;
    if (coll == NULL)
        return 0;
    pthread_mutex_lock(&coll->lock);
    /* Read before the generations: an edit after this read is seen next time. */
    edits = atomic_load_explicit(&wp__edits, memory_order_relaxed);
    if (!coll->seen_valid || coll->seen_n != coll->n || coll->seen_edits != edits) {
        bool same = coll->seen_valid && coll->seen_n == coll->n;
        for (size_t i = 0; same && i < coll->n; i++)
            same = coll->seen_gen[i] == coll->plans[i]->generation;
        if (!same) {
            uint64_t *g = coll->seen_gen;
            coll->version++;
            if (coll->seen_n != coll->n || g == NULL)
                g = wp__realloc(coll->seen_gen, (coll->n ? coll->n : 1) * sizeof *g);
            if (g == NULL) {
                coll->seen_valid = false; /* compared, and bumped, again next time */
            } else {
                coll->seen_gen = g;
                coll->seen_n = coll->n;
                for (size_t i = 0; i < coll->n; i++)
                    g[i] = coll->plans[i]->generation;
                coll->seen_valid = true;
            }
        }
        coll->seen_edits = edits;
    }
    v = coll->version;
    pthread_mutex_unlock(&coll->lock);
    return v;
}

/* Make the corpus index describe the plans as they are, with its id table
 * when `ids` (under the lock). */
static int fresh_index(wp_collection *coll, bool ids)
{
    int rc = 0;
    pthread_mutex_lock(&coll->lock);
    if (!wp__cindex_fresh(coll->cx, coll->plans, coll->n)) {
        wp__cindex *cx = wp__malloc(sizeof *cx);
        if (cx == NULL) {
            rc = wp__err_nomem();
        } else {
            memset(cx, 0, sizeof *cx);
            if ((rc = wp__cindex_build(cx, coll->plans, coll->n)) < 0) {
                wp__cindex_free(cx);
            } else {
                wp__cindex_free(coll->cx);
                coll->cx = cx;
            }
        }
    }
    if (rc == 0 && ids)
        rc = wp__cindex_build_ids(coll->cx);
    pthread_mutex_unlock(&coll->lock);
    return rc;
}

/* The matches as nodes, then their positions by a walk of the index's order
 * (the matches come in position order: one forward pass). */
static int positions_of_nodes(uint32_t **pos_out, size_t *n_out, const wp_query *q,
                              wp_collection *coll)
{
    wp_nodelist *l = NULL;
    uint32_t *pos = NULL;
    const wp__cindex *cx;
    size_t n;
    uint32_t g = 0;
    int rc;
    if ((rc = fresh_index(coll, false)) < 0 || (rc = wp__nodelist_new(&l, 0)) < 0)
        return rc;
    if ((rc = run_all(q, coll, wp__nodelist_push, l, NULL)) < 0)
        goto out;
    cx = coll->cx;
    n = wp_nodelist_count(l);
    if ((pos = wp__cindex_array(n, sizeof *pos)) == NULL) {
        rc = wp__err_nomem();
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        wp_node *node = wp_nodelist_get(l, i);
        uint32_t start = g;
        while (g < cx->n && cx->order[g] != node)
            g++;
        if (g == cx->n) { /* before the previous match after all: from the start */
            for (g = 0; g < start && cx->order[g] != node; g++)
                ;
            if (g == start) {
                rc = wp__err(WP_ERROR, "wp_collection_select_positions: match %zu is not in "
                                       "the corpus index", i);
                goto out;
            }
        }
        pos[i] = g;
    }
    *pos_out = pos;
    *n_out = n;
    pos = NULL;
out:
    wp_nodelist_free(l);
    wp__free(pos);
    return rc;
}

int wp_collection_select_positions(uint32_t **out, size_t *n, const wp_query *q,
                                   wp_collection *coll)
{
    wp__idvec l = {NULL, 0, 0, NULL, true};
    bool handled;
    int rc;
    if (out == NULL || n == NULL)
        return wp__err(WP_EINVAL, "wp_collection_select_positions: out or n is NULL");
    *out = NULL;
    *n = 0;
    if (q == NULL || coll == NULL)
        return wp__err(WP_EINVAL, "wp_collection_select_positions: NULL argument");
    /* The corpus index hands out its matches' positions as it finds them. */
    rc = wp__cindex_run(&handled, &coll->cx, &coll->lock, coll->plans, coll->n, q, NULL, NULL,
                        NULL, &l);
    if (rc == 0 && handled && l.pos == NULL)
        rc = wp__idvec_reserve(&l, 1); /* an empty result is still an array */
    if (rc == 0 && handled) {
        *out = l.pos;
        *n = l.n;
        return 0;
    }
    wp__free(l.pos);
    if (rc < 0)
        return rc;
    return positions_of_nodes(out, n, q, coll);
}

int wp_collection_position_ids(const char **out, const uint32_t *positions, size_t n,
                               wp_collection *coll)
{
    const wp__cindex *cx;
    int rc;
    if (coll == NULL || (n > 0 && (out == NULL || positions == NULL)))
        return wp__err(WP_EINVAL, "wp_collection_position_ids: NULL argument");
    if ((rc = fresh_index(coll, true)) < 0)
        return rc;
    cx = coll->cx;
    for (size_t i = 0; i < n; i++)
        if (positions[i] >= cx->n)
            return wp__err(WP_EINVAL, "wp_collection_position_ids: position %u (entry %zu) "
                                      "is past the last node (%u)", positions[i], i,
                           cx->n ? cx->n - 1 : 0);
    for (size_t i = 0; i < n; i++) {
        if (i + 16 < n)
            __builtin_prefetch(&cx->ids[positions[i + 16]]);
        out[i] = cx->ids[positions[i]];
    }
    return 0;
}
