/* Default node ids from the numbering path (MODEL.md "node id").
 *
 * Linear in the number of nodes even when many siblings share a number
 * (16,000 headings "1、" took 12-38 s when every duplicate retried -2, -3,
 * … from 2): each base that is taken remembers the next suffix to try.
 * All or nothing: if an allocation fails, the ids given by this call are
 * taken back, so the plan is as it was. */
#include "internal.h"

#include <stdio.h>
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

/* Set `node`'s id to prefix.seg (or seg), adding -2, -3, … if taken. */
static int give_id(assign_state *st, wp_node *node, const char *prefix, const char *seg)
{
    size_t blen = (prefix ? strlen(prefix) + 1 : 0) + strlen(seg);
    size_t cap = blen + 24;
    char *buf = wp__malloc(cap);
    int rc = 0;
    if (buf == NULL)
        return wp__err_nomem();
    snprintf(buf, cap, "%s%s%s", prefix ? prefix : "", prefix ? "." : "", seg);
    if (wp__hashmap_get(st->ids, buf) != NULL) {
        suffix *sx = wp__hashmap_get(&st->suffixes, buf);
        if (sx == NULL) {
            if ((sx = wp__malloc(sizeof *sx + blen + 1)) == NULL) {
                wp__free(buf);
                return wp__err_nomem();
            }
            sx->next = 2;
            memcpy(sx->base, buf, blen + 1);
            if (wp__hashmap_put(&st->suffixes, sx->base, sx) < 0) {
                wp__free(sx);
                wp__free(buf);
                return wp__err_nomem();
            }
        }
        do
            snprintf(buf + blen, cap - blen, "-%lu", sx->next++);
        while (wp__hashmap_get(st->ids, buf) != NULL);
    }
    if ((rc = wp_node_set_id(node, buf)) == 0 && (rc = remember(st, node)) < 0)
        wp_node_set_id(node, NULL);
    wp__free(buf);
    return rc;
}

/* Depth is bounded by the containment rules (see copy.c). */
static int assign_children(assign_state *st, wp_node *parent, const char *prefix)
{
    unsigned pos[WP_NODE_ATTACHMENT + 1] = {0};
    for (wp_node *c = parent->first_child; c != NULL; c = c->next) {
        char seg[32];
        unsigned k = ++pos[c->kind];
        int rc;
        if (c->id == NULL) {
            switch (c->kind) {
            case WP_NODE_TASK:
                snprintf(seg, sizeof seg, "%s%u", parent->kind == WP_NODE_ATTACHMENT ? "r" : "t", k);
                break;
            case WP_NODE_PARAGRAPH:
                snprintf(seg, sizeof seg, "p%u", k);
                break;
            case WP_NODE_ATTACHMENT:
                snprintf(seg, sizeof seg, "a%u", k);
                break;
            default: /* numbered headings: their printed number, else position */
                snprintf(seg, sizeof seg, "%lld", c->number > 0 ? (long long)c->number : (long long)k);
                break;
            }
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
