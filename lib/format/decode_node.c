/* The CBOR decoder: a node and what it holds (deadline, assignments,
 * indicators, progress reports with their actuals), then its children. */
#include "decodex.h"
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int read_deadline(dec *d, wp_node *node)
{
    map_state m;
    unsigned k;
    int more, v = 0;
    wp_deadline dl = {NULL, 0, 0, WP_PRECISION_DAY, false};
    CHECK(wp__dec_open_map(d, &m, "deadline", WP__KNOWN(K_DL_ASPIRATIONAL)));
    while ((more = wp__dec_next_key(&m, &k)) > 0) {
        switch (k) {
        case K_DL_TEXT: CHECK(wp__dec_read_text(d, (char **)&dl.text, "deadline text")); break;
        case K_DL_START: CHECK(wp__dec_read_date(d, &dl.start, "deadline start")); break;
        case K_DL_END: CHECK(wp__dec_read_date(d, &dl.end, "deadline end")); break;
        case K_DL_PRECISION:
            CHECK(wp__dec_read_enum(d, &v, WP_PRECISION_YEAR, "deadline precision"));
            dl.precision = (wp_precision)v;
            break;
        default: CHECK(wp__dec_read_bool(d, &dl.aspirational, "deadline aspirational")); break;
        }
    }
    CHECK(more);
    CHECK(wp__dec_require(&m, K_DL_END, "end"));
    CHECK(wp__dec_require(&m, K_DL_PRECISION, "precision"));
    if (dl.start > dl.end)
        CHECK(wp__err_at(WP_EFORMAT, m.at, 0, 0, "deadline at byte %zu: start is after end", m.at));
    node->deadline = dl;
    node->flags |= WP__HAS_DEADLINE;
    return wp__dec_close_node_map(&m, node, true);
}

/* One assignment, appended without wp_node_assign's scan for the same
 * unit and role (O(k) each, O(k^2) for a node: read_assignments checks
 * them all at once). `*at` receives the offset of its map. */
static int read_assignment(dec *d, wp_node *node, size_t *at)
{
    map_state m;
    unsigned k;
    int more, role = 0;
    uint64_t unit = 0;
    char *person = NULL;
    size_t unit_at = 0;
    int rc;
    CHECK(wp__dec_open_map(d, &m, "assignment", WP__KNOWN(K_ASSIGN_PERSON)));
    while ((more = wp__dec_next_key(&m, &k)) > 0) {
        switch (k) {
        case K_ASSIGN_UNIT:
            unit_at = wp__dec_here(d);
            CHECK(wp__dec_read_uint(d, &unit, UINT32_MAX, "assignment unit"));
            break;
        case K_ASSIGN_ROLE: CHECK(wp__dec_read_enum(d, &role, WP_ROLE_RESPONSIBLE, "assignment role")); break;
        default: CHECK(wp__dec_read_text(d, &person, "assignment person")); break;
        }
    }
    CHECK(more);
    CHECK(wp__dec_require(&m, K_ASSIGN_UNIT, "unit"));
    CHECK(wp__dec_require(&m, K_ASSIGN_ROLE, "role"));
    if (unit >= d->plan->units.n)
        CHECK(wp__err_at(WP_EFORMAT, unit_at, 0, 0,
                         "assignment unit at byte %zu: unit %llu does not exist (%u units)",
                         unit_at, (unsigned long long)unit, d->plan->units.n));
    *at = m.at;
    CHECK(wp__assigns_reserve(node, node->n_assigns + 1));
    node->assigns[node->n_assigns++] = (wp__assign){(uint32_t)unit, (wp_role)role};
    if (person != NULL) { /* already validated */
        wp__assign_x *x = wp__assign_x_mut(node, node->n_assigns - 1);
        if (x == NULL)
            CHECK(WP_ENOMEM);
        x->person = person;
    }
    {
        wp__extra x = {NULL, 0, 0};
        if ((rc = wp__dec_close_map(&m, &x)) < 0)
            return rc;
        return wp__assign_adopt_extra(node, node->n_assigns - 1, &x);
    }
}

/* The assignments of a node, then one check for two with the same unit
 * and role: a stable merge sort of their positions, O(k log k). A node
 * assigned to 160,000 units took 4 s when each was checked against those
 * before it. */
static int read_assignments(dec *d, wp_node *node)
{
    uint64_t na = 0;
    uint32_t base = node->n_assigns, k = 0;
    size_t *ats = NULL, cap = 0;
    long dup = -1;
    int rc = wp__dec_read_array(d, &na, "assignments");
    if (rc < 0)
        return rc;
    for (uint64_t i = 0; i < na && rc == 0; i++, k++) {
        if (k == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            void *p = wp__realloc(ats, ncap * sizeof *ats);
            if (p == NULL) {
                rc = wp__err_nomem();
                break;
            }
            ats = p;
            cap = ncap;
        }
        rc = read_assignment(d, node, &ats[k]);
    }
    /* the side parts cover every assignment (only those with a person or
     * unknown entries made them grow) */
    if (rc == 0 && node->more != NULL && node->more->assign_x != NULL && node->n_assigns > 0 &&
        wp__assign_x_mut(node, node->n_assigns - 1) == NULL)
        rc = WP_ENOMEM;
    if (rc == 0 && k > 1) {
        const wp__assign *a = node->assigns + base;
        if ((dup = wp__assign_first_repeat(node, base)) == -2) {
            rc = wp__err_nomem();
        } else if (dup >= 0) {
            const wp_unit *u = d->plan->units.items[a[dup].unit_ix];
            rc = wp__err_at(WP_EFORMAT, ats[dup], 0, 0,
                            "assignment at byte %zu: unit '%.200s' is already assigned as %s",
                            ats[dup], u->name, wp_role_name(a[dup].role));
        }
    }
    wp__free(ats);
    if (rc == 0)
        wp__dec_close_array(d);
    return rc;
}

static int read_indicator(dec *d, wp_node *node)
{
    map_state m;
    unsigned k;
    int more, op = 0;
    wp_indicator *ind;
    CHECK(wp__dec_open_map(d, &m, "indicator", WP__KNOWN(K_IND_MAX)));
    if ((ind = wp__arena_alloc(&d->plan->arena, sizeof *ind)) == NULL)
        CHECK(wp__err_nomem());
    ind->node = node;
    ind->cumulative = true;
    ind->baseline = NAN;
    ind->max = NAN;
    while ((more = wp__dec_next_key(&m, &k)) > 0) {
        switch (k) {
        case K_IND_TEXT: CHECK(wp__dec_read_text(d, &ind->text, "indicator text")); break;
        case K_IND_SUBJECT: CHECK(wp__dec_read_text(d, &ind->subject, "indicator subject")); break;
        case K_IND_OP:
            CHECK(wp__dec_read_enum(d, &op, WP_OP_RANGE, "indicator op"));
            ind->op = (wp_op)op;
            break;
        case K_IND_VALUE: CHECK(wp__dec_read_number(d, &ind->value, "indicator value")); break;
        case K_IND_UNIT: CHECK(wp__dec_read_text(d, &ind->unit, "indicator unit")); break;
        case K_IND_ASPIRATIONAL: CHECK(wp__dec_read_bool(d, &ind->aspirational, "indicator aspirational")); break;
        case K_IND_CUMULATIVE: CHECK(wp__dec_read_bool(d, &ind->cumulative, "indicator cumulative")); break;
        case K_IND_BASELINE: CHECK(wp__dec_read_number(d, &ind->baseline, "indicator baseline")); break;
        default: CHECK(wp__dec_read_number(d, &ind->max, "indicator max")); break;
        }
    }
    CHECK(more);
    CHECK(wp__dec_require(&m, K_IND_TEXT, "text"));
    CHECK(wp__dec_require(&m, K_IND_VALUE, "value"));
    if (ind->text[0] == '\0')
        CHECK(wp__err_at(WP_EFORMAT, m.at, 0, 0, "indicator at byte %zu: empty text", m.at));
    CHECK(wp__pblock_push(&d->plan->arena, &node->inds, ind));
    return wp__dec_close_map(&m, &ind->extra);
}

/* One actual as read, for the duplicate check. */
typedef struct actual_in {
    uint32_t index; /* of the indicator */
    uint32_t order; /* position in the array */
    size_t at;
    double value;
} actual_in;

/* The first duplicate indicator (in input order) among in[0..n), or -1: a
 * stable merge sort by indicator, O(n log n). Checking each actual against
 * those before it (wp_report_actual_for, then wp_report_set_actual) was
 * O(n^2): 40,000 actuals in 0.44 MB of CBOR took 1 s, a 64 MiB file hours. */
static int actual_cmp(uint32_t a, uint32_t b, void *ctx)
{
    const actual_in *in = ctx;
    return (in[a].index > in[b].index) - (in[a].index < in[b].index);
}

static long first_duplicate(const actual_in *in, uint32_t n)
{
    return wp__first_repeat(n, actual_cmp, (void *)in);
}

static int read_actuals(dec *d, wp_report *rep)
{
    uint64_t n = 0, pair = 0, index = 0;
    uint32_t ni = wp__nind(rep->node), k = 0;
    actual_in *in = NULL;
    double value = 0;
    long dup;
    int rc;
    if ((rc = wp__dec_read_array(d, &n, "report actuals")) < 0)
        return rc;
    /* more than ni actuals hold a duplicate among the first ni + 1 */
    if (n > 0 && (in = wp__malloc(((size_t)(n < ni ? n : ni) + 1) * sizeof *in)) == NULL)
        return wp__err_nomem();
    for (uint64_t i = 0; i < n && k <= ni; i++) {
        size_t at = wp__dec_here(d);
        if ((rc = wp__dec_read_array(d, &pair, "report actual")) < 0)
            break;
        if (pair != 2) {
            rc = wp__err_at(WP_EFORMAT, at, 0, 0,
                            "report actual at byte %zu: expected [indicator, value]", at);
            break;
        }
        if ((rc = wp__dec_read_uint(d, &index, UINT32_MAX, "actual indicator")) < 0 ||
            (rc = wp__dec_read_number(d, &value, "actual value")) < 0)
            break;
        wp__dec_close_array(d);
        if (index >= ni) {
            if (first_duplicate(in, k) != -1) /* an earlier error first */
                break;
            rc = wp__err_at(WP_EFORMAT, at, 0, 0,
                            "report actual at byte %zu: indicator %llu does not exist", at,
                            (unsigned long long)index);
            break;
        }
        in[k] = (actual_in){(uint32_t)index, k, at, value};
        k++;
    }
    if (rc == 0 || k > 0) {
        if ((dup = first_duplicate(in, k)) == -2) {
            rc = wp__err_nomem();
        } else if (dup >= 0) {
            rc = wp__err_at(WP_EFORMAT, in[dup].at, 0, 0,
                            "report actual at byte %zu: indicator %u given twice", in[dup].at,
                            in[dup].index);
        }
    }
    if (rc == 0 && k > 0) { /* distinct, existing, finite: appended as they are */
        void *items = rep->actuals;
        if ((rc = wp__arena_reserve(&d->plan->arena, &items, &rep->cap_actuals, rep->n_actuals + k,
                                    sizeof(wp__actual))) == 0) {
            rep->actuals = items;
            for (uint32_t i = 0; i < k; i++)
                rep->actuals[rep->n_actuals++] =
                    (wp__actual){wp__ind(rep->node, in[i].index), in[i].value};
        }
    }
    wp__free(in);
    if (rc == 0)
        wp__dec_close_array(d);
    return rc;
}

static int read_report(dec *d, wp_node *node)
{
    map_state m;
    unsigned k;
    int more, state = 0;
    uint64_t by = 0;
    size_t by_at = 0, actuals_at = 0;
    wp_report *rep;
    CHECK(wp__dec_open_map(d, &m, "progress report", WP__KNOWN(K_REP_ACTUALS)));
    if ((rep = wp__arena_alloc(&d->plan->arena, sizeof *rep)) == NULL)
        CHECK(wp__err_nomem());
    rep->node = node;
    rep->percent = NAN;
    while ((more = wp__dec_next_key(&m, &k)) > 0) {
        switch (k) {
        case K_REP_DATE: CHECK(wp__dec_read_date(d, &rep->date, "report date")); break;
        case K_REP_BY:
            by_at = wp__dec_here(d);
            CHECK(wp__dec_read_uint(d, &by, UINT32_MAX, "report by"));
            if (by >= d->plan->units.n)
                CHECK(wp__err_at(WP_EFORMAT, by_at, 0, 0,
                                 "report by at byte %zu: unit %llu does not exist", by_at,
                                 (unsigned long long)by));
            rep->by = d->plan->units.items[by];
            break;
        case K_REP_TEXT: CHECK(wp__dec_read_text(d, &rep->text, "report text")); break;
        case K_REP_PERCENT:
            CHECK(wp__dec_read_number(d, &rep->percent, "report percent"));
            if (rep->percent < 0 || rep->percent > 100)
                CHECK(wp__err_at(WP_EFORMAT, wp__dec_here(d), 0, 0,
                                 "report percent before byte %zu is outside 0..100", wp__dec_here(d)));
            break;
        case K_REP_STATE:
            CHECK(wp__dec_read_enum(d, &state, WP_REPORT_RETURNED, "report state"));
            rep->state = (wp_report_state)state;
            break;
        default: /* actuals refer to indicators: read them after the node's map */
            actuals_at = d->r->pos;
            {
                wp__citem it;
                CHECK(wp__r_next(d->r, &it));
                CHECK(wp__r_skip(d->r, &it, MAX_DEPTH - d->depth));
            }
            break;
        }
    }
    CHECK(more);
    CHECK(wp__dec_require(&m, K_REP_DATE, "date"));
    if (wp__more_mut(node) == NULL)
        CHECK(WP_ENOMEM);
    CHECK(wp__ptrvec_push(&d->plan->arena, &node->more->reports, rep));
    CHECK(wp__dec_close_map(&m, &rep->extra));
    if (m.seen & (1ull << K_REP_ACTUALS)) {
        size_t end = d->r->pos;
        int rc;
        d->r->pos = actuals_at;
        d->depth++; /* as inside the report's map */
        rc = read_actuals(d, rep);
        d->depth--;
        d->r->pos = end;
        return rc;
    }
    return 0;
}

static int read_progress_list(dec *d, wp_node *node) { return read_report(d, node); }

int wp__dec_read_node(dec *d, wp_node *parent)
{
    map_state m;
    unsigned k;
    int more, kind = -1, status = 0;
    uint64_t v = 0, pair = 0;
    size_t progress_at = 0, id_at = 0;
    bool progress_inline = false;
    char *id = NULL;
    wp_node *node;
    int rc;
    CHECK(wp__dec_open_map(d, &m, "node", WP__KNOWN(K_NODE_CHILDREN)));
    if ((rc = wp__node_alloc(&node, d->plan, WP_NODE_PARAGRAPH)) == WP_ELIMIT)
        CHECK(wp__err_at(WP_ELIMIT, m.at, 0, 0,
                         "node at byte %zu: more than %d nodes in one plan (WP_LIMIT_NODES)",
                         m.at, WP_LIMIT_NODES));
    CHECK(rc);
    while ((more = wp__dec_next_key(&m, &k)) > 0) {
        switch (k) {
        case K_NODE_ID:
            id_at = wp__dec_here(d);
            CHECK(wp__dec_read_text(d, &id, "node id"));
            break;
        case K_NODE_KIND: CHECK(wp__dec_read_enum(d, &kind, WP_NODE_ATTACHMENT, "node kind")); break;
        case K_NODE_LABEL:
            CHECK(wp__head_mut(node) ? 0 : WP_ENOMEM);
            CHECK(wp__dec_read_text(d, &node->head->label, "node label"));
            break;
        case K_NODE_NUMBER:
            CHECK(wp__dec_read_uint(d, &v, INT64_MAX, "node number"));
            if (v != 0) {
                CHECK(wp__head_mut(node) ? 0 : WP_ENOMEM);
                node->head->number = (int64_t)v;
            }
            break;
        case K_NODE_TITLE:
            CHECK(wp__head_mut(node) ? 0 : WP_ENOMEM);
            CHECK(wp__dec_read_text(d, &node->head->title, "node title"));
            break;
        case K_NODE_TEXT: CHECK(wp__dec_read_text(d, &node->text, "node text")); break;
        case K_NODE_CATEGORY:
            if (wp__more_mut(node) == NULL)
                CHECK(WP_ENOMEM);
            CHECK(wp__dec_read_text(d, &node->more->category, "node category"));
            break;
        case K_NODE_DEADLINE: CHECK(read_deadline(d, node)); break;
        case K_NODE_STATUS:
            CHECK(wp__dec_read_enum(d, &status, WP_STATUS_CANCELLED, "node status"));
            node->status = (uint8_t)status;
            break;
        case K_NODE_ASSIGNMENTS: CHECK(read_assignments(d, node)); break;
        case K_NODE_INDICATORS: CHECK(wp__dec_read_list(d, node, read_indicator, "indicators")); break;
        case K_NODE_PROGRESS:
            /* Refers to the node's indicators: read in place when they came
             * before (canonical order), else after the map. */
            if (m.seen & (1ull << K_NODE_INDICATORS)) {
                CHECK(wp__dec_read_list(d, node, read_progress_list, "progress"));
                progress_inline = true;
                break;
            }
            progress_at = d->r->pos;
            {
                wp__citem it;
                CHECK(wp__r_next(d->r, &it));
                CHECK(wp__r_skip(d->r, &it, MAX_DEPTH - d->depth));
            }
            break;
        case K_NODE_SOURCE: {
            uint64_t off, len;
            size_t at = wp__dec_here(d);
            CHECK(wp__dec_read_array(d, &pair, "node source"));
            if (pair != 2)
                CHECK(wp__err_at(WP_EFORMAT, at, 0, 0,
                                 "node source at byte %zu: expected [offset, length]", at));
            /* within INT64_MAX, as wp_node_set_source and JSON */
            CHECK(wp__dec_read_uint(d, &off, INT64_MAX, "source offset"));
            CHECK(wp__dec_read_uint(d, &len, INT64_MAX - off, "source length"));
            wp__dec_close_array(d);
            CHECK(wp__node_put_source(node, off, len));
            break;
        }
        case K_NODE_ATTRS: CHECK(wp__dec_read_attrs(d, wp__node_attrs(node), "node attrs")); break;
        default: CHECK(wp__dec_read_list(d, node, wp__dec_read_node, "children")); break;
        }
    }
    CHECK(more);
    CHECK(wp__dec_require(&m, K_NODE_KIND, "kind"));
    node->kind = (int8_t)kind;
    for (wp_node *c = wp__first(node); c; c = wp__next(c))
        if (!wp__can_contain(kind, c->kind))
            CHECK(wp__err_at(WP_EFORMAT, m.at, 0, 0, "node at byte %zu: a %s cannot contain a %s",
                             m.at, wp_node_kind_name(kind), wp_node_kind_name(c->kind)));
    if (id != NULL) {
        /* The id is validated and in the arena already: no second copy;
         * wp_node_set_id's messages for an empty or taken id. */
        if (id[0] == '\0') {
            if ((rc = wp_node_set_id(node, id)) < 0)
                CHECK(wp__dec_fail_with(rc, id_at, "node id"));
        } else if (wp__hashmap_get(&d->ids, id) != NULL) {
            rc = wp__err(WP_EEXISTS, "node id '%.200s' is already used in this plan", id);
            CHECK(wp__dec_fail_with(rc, id_at, "node id"));
        } else {
            if (wp__hashmap_put(&d->ids, id, node) < 0)
                CHECK(wp__err_nomem());
            node->id = id;
        }
    }
    CHECK(wp__dec_close_node_map(&m, node, false));
    if ((m.seen & (1ull << K_NODE_PROGRESS)) && !progress_inline) {
        size_t end = d->r->pos;
        d->r->pos = progress_at;
        d->depth++; /* as inside the node's map */
        rc = wp__dec_read_list(d, node, read_progress_list, "progress");
        d->depth--;
        d->r->pos = end;
        if (rc < 0)
            return rc;
    }
    /* Link directly: the node is new, and its parent checks the kinds of
     * its children once its own kind is known (any kind may be top-level). */
    node->parent_l = parent->self;
    if (parent->first_l != 0) {
        wp_node *first = wp__first(parent), *last = wp__at(node->plan, first->prev_l);
        last->next_l = node->self;
        node->prev_l = last->self;
        first->prev_l = node->self;
    } else {
        parent->first_l = node->self;
        node->prev_l = node->self;
    }
    return 0;
}
