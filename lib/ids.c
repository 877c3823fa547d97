/* Default node ids from the numbering path (MODEL.md "node id").
 *
 * Linear in the number of nodes even when many siblings share a number
 * (16,000 headings "1、" took 12-38 s when every duplicate retried -2, -3,
 * … from 2): each base that is taken remembers the next suffix to try.
 * All or nothing: if an allocation fails, the ids given by this call are
 * taken back, so the plan is as it was. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* The next suffix to try for one base id; the key is stored after it. */
typedef struct suffix {
    unsigned long next;
    char base[];
} suffix;

typedef struct assign_state {
    wp_plan *plan;
    const wp__hashmap *ids; /* the plan's node ids */
    wp__hashmap suffixes; /* base id -> suffix */
    wp_node **given;      /* nodes that got an id in this call */
    size_t n_given, cap_given;
} assign_state;

static int remember(assign_state *st, wp_node *node)
{
    if (st->n_given == st->cap_given) {
        size_t cap = st->cap_given ? st->cap_given * 2 : 64;
        wp_node **g = wp__realloc(st->given, cap * sizeof *g);
        if (g == NULL)
            return wp__err_nomem();
        st->given = g;
        st->cap_given = cap;
    }
    st->given[st->n_given++] = node;
    return 0;
}

/* The decimal digits of v at out (room for 20); their number. Ids are made
 * for every node of every import: snprintf was ~11 % of an import's
 * instructions. */
static size_t put_uint(char *out, unsigned long long v)
{
    char tmp[20];
    size_t n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

/* Set `node`'s id to prefix.seg (or seg), adding -2, -3, … if taken. */
static int give_id(assign_state *st, wp_node *node, const char *prefix, const char *seg)
{
    size_t plen = prefix ? strlen(prefix) : 0, slen = strlen(seg);
    size_t blen = (prefix ? plen + 1 : 0) + slen;
    size_t cap = blen + 24; /* "-" and a suffix */
    char small[256], *buf = cap <= sizeof small ? small : wp__malloc(cap);
    int rc = 0;
    if (buf == NULL)
        return wp__err_nomem();
    if (prefix != NULL) {
        memcpy(buf, prefix, plen);
        buf[plen] = '.';
    }
    memcpy(buf + blen - slen, seg, slen + 1);
    if (wp__hashmap_get(st->ids, buf) != NULL) {
        suffix *sx = wp__hashmap_get(&st->suffixes, buf);
        if (sx == NULL) {
            if ((sx = wp__malloc(sizeof *sx + blen + 1)) == NULL) {
                rc = wp__err_nomem();
                goto out;
            }
            sx->next = 2;
            memcpy(sx->base, buf, blen + 1);
            if (wp__hashmap_put(&st->suffixes, sx->base, sx) < 0) {
                wp__free(sx);
                rc = wp__err_nomem();
                goto out;
            }
        }
        do {
            buf[blen] = '-';
            buf[blen + 1 + put_uint(buf + blen + 1, sx->next++)] = '\0';
        } while (wp__hashmap_get(st->ids, buf) != NULL);
    }
    if ((rc = wp_node_set_id(node, buf)) == 0 && (rc = remember(st, node)) < 0)
        wp_node_set_id(node, NULL);
out:
    if (buf != small)
        wp__free(buf);
    return rc;
}

/* Depth is bounded by the containment rules (see copy.c). */
static int assign_children(assign_state *st, wp_node *parent, const char *prefix)
{
    unsigned pos[WP_NODE_ATTACHMENT + 1] = {0};
    for (wp_node *c = wp__first(parent); c != NULL; c = wp__next(c)) {
        char seg[32];
        unsigned k = ++pos[c->kind];
        int rc;
        if (c->id == NULL) {
            size_t n = 0;
            switch (c->kind) {
            case WP_NODE_TASK:
                seg[n++] = parent->kind == WP_NODE_ATTACHMENT ? 'r' : 't';
                n += put_uint(seg + n, k);
                break;
            case WP_NODE_PARAGRAPH:
                seg[n++] = 'p';
                n += put_uint(seg + n, k);
                break;
            case WP_NODE_ATTACHMENT:
                seg[n++] = 'a';
                n += put_uint(seg + n, k);
                break;
            default: /* numbered headings: their printed number, else position */
                n += put_uint(seg, wp__head(c)->number > 0 ? (unsigned long long)wp__head(c)->number : k);
                break;
            }
            seg[n] = '\0';
            if ((rc = give_id(st, c, prefix, seg)) < 0)
                return rc;
        }
        if ((rc = assign_children(st, c, c->id)) < 0)
            return rc;
    }
    return 0;
}

int wp_plan_assign_ids(wp_plan *plan)
{
    assign_state st = {plan, NULL, {0}, NULL, 0, 0};
    int rc;
    if (plan == NULL)
        return wp__err(WP_EINVAL, "wp_plan_assign_ids: plan is NULL");
    if ((st.ids = wp__node_ids(plan)) == NULL)
        return WP_ENOMEM;
    rc = assign_children(&st, &plan->root, NULL);
    if (rc < 0) /* take back what this call gave: clearing an id never allocates */
        for (size_t i = st.n_given; i-- > 0;)
            wp_node_set_id(st.given[i], NULL);
    for (size_t i = 0; i < st.suffixes.cap; i++) {
        const char *key = st.suffixes.slots[i].key;
        if (key != NULL && st.suffixes.slots[i].value != NULL)
            wp__free(st.suffixes.slots[i].value);
    }
    wp__hashmap_free(&st.suffixes);
    wp__free(st.given);
    return rc;
}
