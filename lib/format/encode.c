/* The typed CBOR encoder: a plan to deterministic bytes (doc/FORMAT.md).
 * Maps have small integer keys written in ascending order; unknown entries
 * kept from newer files (extras) are merged in by their encoded key. */
#include "internal.h"
#include "cborio.h"
#include "format.h"
#include "codec.h"

#include <math.h>
#include <string.h>

typedef struct enc {
    wp__wbuf w;
    const wp__extra *extra; /* extras of the map being written */
    size_t extra_pos;       /* next extra entry not yet written */
} enc;

/* Length of the next extra entry (key and value) at `pos`. */
static size_t extra_entry_len(const wp__extra *x, size_t pos)
{
    wp__reader r = {x->data, x->len, pos, 0, false};
    wp__citem it;
    for (int k = 0; k < 2; k++)
        if (wp__r_next(&r, &it) < 0 || wp__r_skip(&r, &it, 64) < 0)
            return x->len - pos; /* cannot happen: extras were validated */
    return r.pos - pos;
}

/* Write the extras whose encoded key sorts before the one-byte key `k`
 * (or all remaining ones when k is 256). */
static void flush_extras(enc *e, unsigned k)
{
    const wp__extra *x = e->extra;
    while (x && e->extra_pos < x->len && (k > 255 || x->data[e->extra_pos] < k)) {
        size_t n = extra_entry_len(x, e->extra_pos);
        wp__w_raw(&e->w, x->data + e->extra_pos, n);
        e->extra_pos += n;
    }
}

/* Start a map of `known` present fields plus the extras of `x`. */
static const wp__extra *begin_map(enc *e, size_t known, const wp__extra *x)
{
    const wp__extra *saved = e->extra;
    wp__w_map(&e->w, known + (x ? x->count : 0));
    e->extra = x && x->count ? x : NULL;
    e->extra_pos = 0;
    return saved;
}

static void key(enc *e, unsigned k)
{
    flush_extras(e, k);
    wp__w_uint(&e->w, k);
}

/* End a map: the remaining extras, then back to the enclosing map's. */
static void end_map(enc *e, const wp__extra *saved, size_t saved_pos)
{
    flush_extras(e, 256);
    e->extra = saved;
    e->extra_pos = saved_pos;
}

static void text_field(enc *e, unsigned k, const char *s)
{
    if (s) {
        key(e, k);
        wp__w_text(&e->w, s);
    }
}

static void uint_field(enc *e, unsigned k, uint64_t v, bool present)
{
    if (present) {
        key(e, k);
        wp__w_uint(&e->w, v);
    }
}

static void put_doc_number(enc *e, const wp_doc_number *n, const wp__extra *x)
{
    size_t pos = e->extra_pos;
    const wp__extra *saved = begin_map(e, 1 + (n->prefix != NULL) + (n->year != 0) + (n->serial != 0), x);
    text_field(e, K_DOCNUM_TEXT, n->text);
    text_field(e, K_DOCNUM_PREFIX, n->prefix);
    uint_field(e, K_DOCNUM_YEAR, (uint64_t)n->year, n->year != 0);
    uint_field(e, K_DOCNUM_SERIAL, (uint64_t)n->serial, n->serial != 0);
    end_map(e, saved, pos);
}

/* Deterministic order is by encoded key: shorter keys first, then
 * bytewise. The map keeps them by strcmp, so an index is sorted here (in
 * O(n log n): an insertion sort took 1 s for 65,536 keys of two lengths). */
static int by_encoded_key(const void *x, const void *y, void *map)
{
    const wp__attrmap *a = map;
    const char *kx = a->items[*(const uint32_t *)x].key, *ky = a->items[*(const uint32_t *)y].key;
    size_t lx = strlen(kx), ly = strlen(ky);
    return lx != ly ? (lx < ly ? -1 : 1) : strcmp(kx, ky);
}

static void put_attrs(enc *e, const wp__attrmap *a)
{
    uint32_t order_small[32], *order = order_small;
    if (a->n > 32 && (order = wp__malloc(a->n * sizeof *order)) == NULL) {
        e->w.failed = true;
        return;
    }
    for (uint32_t i = 0; i < a->n; i++)
        order[i] = i;
    if (wp__msort(order, a->n, sizeof *order, by_encoded_key, (void *)a) < 0) {
        e->w.failed = true;
        if (order != order_small)
            wp__free(order);
        return;
    }
    wp__w_map(&e->w, a->n);
    for (uint32_t k = 0; k < a->n; k++) {
        const wp__attr *at = &a->items[order[k]];
        wp__w_text(&e->w, at->key);
        switch (at->value.type) {
        case WP_VALUE_TEXT: wp__w_text(&e->w, at->value.as.text); break;
        case WP_VALUE_INT: wp__w_int(&e->w, at->value.as.integer); break;
        case WP_VALUE_FLOAT: wp__w_float(&e->w, at->value.as.real); break;
        default: wp__w_bool(&e->w, at->value.as.boolean); break;
        }
    }
    if (order != order_small)
        wp__free(order);
}

static void put_indicator(enc *e, const wp_indicator *ind)
{
    size_t pos = e->extra_pos;
    size_t n = 1 + (ind->subject != NULL) + (ind->op != WP_OP_EQ) + 1 + (ind->unit != NULL) +
               ind->aspirational + !ind->cumulative + !isnan(ind->baseline) +
               !isnan(ind->max);
    const wp__extra *saved = begin_map(e, n, &ind->extra);
    text_field(e, K_IND_TEXT, ind->text);
    text_field(e, K_IND_SUBJECT, ind->subject);
    uint_field(e, K_IND_OP, ind->op, ind->op != WP_OP_EQ);
    key(e, K_IND_VALUE);
    wp__w_number(&e->w, ind->value);
    text_field(e, K_IND_UNIT, ind->unit);
    if (ind->aspirational) {
        key(e, K_IND_ASPIRATIONAL);
        wp__w_bool(&e->w, true);
    }
    if (!ind->cumulative) {
        key(e, K_IND_CUMULATIVE);
        wp__w_bool(&e->w, false);
    }
    if (!isnan(ind->baseline)) {
        key(e, K_IND_BASELINE);
        wp__w_number(&e->w, ind->baseline);
    }
    if (!isnan(ind->max)) {
        key(e, K_IND_MAX);
        wp__w_number(&e->w, ind->max);
    }
    end_map(e, saved, pos);
}

static void put_report(enc *e, const wp_report *r, const wp__indtab *inds)
{
    size_t pos = e->extra_pos;
    size_t n = 1 + (r->by != NULL) + (r->text != NULL) + !isnan(r->percent) +
               (r->state != WP_REPORT_DRAFT) + (r->n_actuals > 0);
    const wp__extra *saved = begin_map(e, n, &r->extra);
    uint_field(e, K_REP_DATE, (uint64_t)r->date, true);
    uint_field(e, K_REP_BY, r->by ? r->by->index : 0, r->by != NULL);
    text_field(e, K_REP_TEXT, r->text);
    if (!isnan(r->percent)) {
        key(e, K_REP_PERCENT);
        wp__w_number(&e->w, r->percent);
    }
    uint_field(e, K_REP_STATE, r->state, r->state != WP_REPORT_DRAFT);
    if (r->n_actuals > 0) {
        key(e, K_REP_ACTUALS);
        wp__w_array(&e->w, r->n_actuals);
        for (uint32_t i = 0; i < r->n_actuals; i++) {
            wp__w_array(&e->w, 2);
            wp__w_uint(&e->w, wp__indtab_find(inds, r->actuals[i].indicator));
            wp__w_number(&e->w, r->actuals[i].value);
        }
    }
    end_map(e, saved, pos);
}

static void put_node(enc *e, const wp_node *nd);

static void put_children(enc *e, const wp_node *parent)
{
    size_t n = 0;
    for (const wp_node *c = wp__first(parent); c; c = wp__next(c))
        n++;
    wp__w_array(&e->w, n);
    for (const wp_node *c = wp__first(parent); c; c = wp__next(c))
        put_node(e, c);
}

static void put_node(enc *e, const wp_node *nd)
{
    size_t pos = e->extra_pos;
    size_t src_off = 0, src_len = 0;
    bool dl = (nd->flags & WP__HAS_DEADLINE) != 0, src = wp__node_src(nd, &src_off, &src_len);
    const wp__node_more *more = wp__more(nd);
    size_t n = (nd->id != NULL) + 1 + (wp__head(nd)->label != NULL) + (wp__head(nd)->number != 0) +
               (wp__head(nd)->title != NULL) + (nd->text != NULL) + (more->category != NULL) + dl +
               (nd->status != WP_STATUS_NOT_STARTED) + (nd->n_assigns > 0) +
               (wp__nind(nd) > 0) + (more->reports.n > 0) + src + (more->attrs.n > 0) +
               (wp__first(nd) != NULL);
    const wp__extra *saved = begin_map(e, n, &more->extra);
    text_field(e, K_NODE_ID, nd->id);
    uint_field(e, K_NODE_KIND, (uint64_t)nd->kind, true);
    text_field(e, K_NODE_LABEL, wp__head(nd)->label);
    uint_field(e, K_NODE_NUMBER, (uint64_t)wp__head(nd)->number, wp__head(nd)->number != 0);
    text_field(e, K_NODE_TITLE, wp__head(nd)->title);
    text_field(e, K_NODE_TEXT, nd->text);
    text_field(e, K_NODE_CATEGORY, more->category);
    if (dl) {
        const wp_deadline *d = &nd->deadline;
        size_t p2 = e->extra_pos;
        const wp__extra *s2;
        key(e, K_NODE_DEADLINE);
        p2 = e->extra_pos;
        s2 = begin_map(e, (d->text != NULL) + (d->start != 0) + 1 + 1 + d->aspirational,
                       &more->deadline_extra);
        text_field(e, K_DL_TEXT, d->text);
        uint_field(e, K_DL_START, (uint64_t)d->start, d->start != 0);
        uint_field(e, K_DL_END, (uint64_t)d->end, true);
        uint_field(e, K_DL_PRECISION, d->precision, true);
        if (d->aspirational) {
            key(e, K_DL_ASPIRATIONAL);
            wp__w_bool(&e->w, true);
        }
        end_map(e, s2, p2);
    }
    uint_field(e, K_NODE_STATUS, nd->status, nd->status != WP_STATUS_NOT_STARTED);
    if (nd->n_assigns > 0) {
        key(e, K_NODE_ASSIGNMENTS);
        wp__w_array(&e->w, nd->n_assigns);
        for (uint32_t i = 0; i < nd->n_assigns; i++) {
            const wp__assign *a = &nd->assigns[i];
            const char *person = wp__assign_person(nd, i);
            size_t p2 = e->extra_pos;
            const wp__extra *s2 = begin_map(e, 2 + (person != NULL), wp__assign_extra(nd, i));
            uint_field(e, K_ASSIGN_UNIT, a->unit_ix, true);
            uint_field(e, K_ASSIGN_ROLE, a->role, true);
            text_field(e, K_ASSIGN_PERSON, person);
            end_map(e, s2, p2);
        }
    }
    if (wp__nind(nd) > 0) {
        key(e, K_NODE_INDICATORS);
        wp__w_array(&e->w, wp__nind(nd));
        for (uint32_t i = 0; i < wp__nind(nd); i++)
            put_indicator(e, wp__ind(nd, i));
    }
    if (more->reports.n > 0) {
        wp__indtab inds; /* each actual's indicator position in O(log n) */
        if (wp__indtab_open(&inds, nd) < 0)
            e->w.failed = true;
        key(e, K_NODE_PROGRESS);
        wp__w_array(&e->w, more->reports.n);
        for (uint32_t i = 0; i < more->reports.n; i++)
            put_report(e, more->reports.items[i], &inds);
        wp__indtab_close(&inds);
    }
    if (src) {
        key(e, K_NODE_SOURCE);
        wp__w_array(&e->w, 2);
        wp__w_uint(&e->w, src_off);
        wp__w_uint(&e->w, src_len);
    }
    if (more->attrs.n > 0) {
        key(e, K_NODE_ATTRS);
        put_attrs(e, &more->attrs);
    }
    if (wp__first(nd)) {
        key(e, K_NODE_CHILDREN);
        put_children(e, nd);
    }
    end_map(e, saved, pos);
}

static void put_plan(enc *e, const wp_plan *p)
{
    size_t pos = e->extra_pos;
    /* Defaults are omitted, so that equal plans give equal bytes. */
    bool custom_script = p->script != NULL && strcmp(p->script, "zh-Hans") != 0;
    size_t n = (p->id != NULL) + 1 + (p->title != NULL) + (p->issuer != NULL) +
               p->has_doc_number + (p->issued != 0) + (p->published != 0) +
               (p->publisher != NULL) + (p->year != 0) + custom_script +
               (p->recipients.n > 0) + (p->preamble != NULL) + (p->references.n > 0) +
               (p->attachments.n > 0) + (p->units.n > 0) + (wp__more(&p->root)->attrs.n > 0) +
               (wp__first(&p->root) != NULL);
    const wp__extra *saved = begin_map(e, n, &p->extra);
    text_field(e, K_PLAN_ID, p->id);
    uint_field(e, K_PLAN_KIND, p->kind, true);
    text_field(e, K_PLAN_TITLE, p->title);
    text_field(e, K_PLAN_ISSUER, p->issuer);
    if (p->has_doc_number) {
        key(e, K_PLAN_DOC_NUMBER);
        put_doc_number(e, &p->doc_number, &p->doc_number_extra);
    }
    uint_field(e, K_PLAN_ISSUED, (uint64_t)p->issued, p->issued != 0);
    uint_field(e, K_PLAN_PUBLISHED, (uint64_t)p->published, p->published != 0);
    text_field(e, K_PLAN_PUBLISHER, p->publisher);
    uint_field(e, K_PLAN_YEAR, (uint64_t)p->year, p->year != 0);
    text_field(e, K_PLAN_SCRIPT, custom_script ? p->script : NULL);
    if (p->recipients.n > 0) {
        key(e, K_PLAN_RECIPIENTS);
        wp__w_array(&e->w, p->recipients.n);
        for (uint32_t i = 0; i < p->recipients.n; i++)
            wp__w_text(&e->w, p->recipients.items[i]);
    }
    text_field(e, K_PLAN_PREAMBLE, p->preamble);
    if (p->references.n > 0) {
        key(e, K_PLAN_REFERENCES);
        wp__w_array(&e->w, p->references.n);
        for (uint32_t i = 0; i < p->references.n; i++) {
            const wp__reference *r = p->references.items[i];
            size_t p2 = e->extra_pos;
            const wp__extra *s2 = begin_map(e, (r->title != NULL) + r->has_number, &r->extra);
            text_field(e, K_REF_TITLE, r->title);
            if (r->has_number) {
                key(e, K_REF_DOC_NUMBER);
                put_doc_number(e, &r->number, &r->number_extra);
            }
            end_map(e, s2, p2);
        }
    }
    if (p->attachments.n > 0) {
        key(e, K_PLAN_ATTACHMENTS);
        wp__w_array(&e->w, p->attachments.n);
        for (uint32_t i = 0; i < p->attachments.n; i++) {
            const wp__attachment *a = p->attachments.items[i];
            size_t p2 = e->extra_pos;
            const wp__extra *s2 = begin_map(e, 1, &a->extra);
            text_field(e, K_ATT_TITLE, a->title);
            end_map(e, s2, p2);
        }
    }
    if (p->units.n > 0) {
        key(e, K_PLAN_UNITS);
        wp__w_array(&e->w, p->units.n);
        for (uint32_t i = 0; i < p->units.n; i++) {
            const wp_unit *u = p->units.items[i];
            size_t p2 = e->extra_pos;
            const wp__extra *s2 = begin_map(e, 2 + (u->aliases.n > 0), &u->extra);
            text_field(e, K_UNIT_ID, u->id);
            text_field(e, K_UNIT_NAME, u->name);
            if (u->aliases.n > 0) {
                key(e, K_UNIT_ALIASES);
                wp__w_array(&e->w, u->aliases.n);
                for (uint32_t k = 0; k < u->aliases.n; k++)
                    wp__w_text(&e->w, u->aliases.items[k]);
            }
            end_map(e, s2, p2);
        }
    }
    if (wp__more(&p->root)->attrs.n > 0) {
        key(e, K_PLAN_ATTRS);
        put_attrs(e, &wp__more(&p->root)->attrs);
    }
    if (wp__first(&p->root)) {
        key(e, K_PLAN_NODES);
        put_children(e, &p->root);
    }
    end_map(e, saved, pos);
}

int wp__encode_plan(wp__wbuf *w, const wp_plan *plan)
{
    enc e = {*w, NULL, 0};
    size_t pos = 0;
    const wp__extra *saved;
    wp__w_tag(&e.w, WP__TAG_SELF_DESCRIBE);
    wp__w_tag(&e.w, WP__TAG_WORKPLAN);
    saved = begin_map(&e, 2, &plan->doc_extra);
    uint_field(&e, K_DOC_VERSION, WP__FORMAT_VERSION, true);
    key(&e, K_DOC_PLAN);
    put_plan(&e, plan);
    end_map(&e, saved, pos);
    *w = e.w;
    return w->failed ? wp__err_nomem() : 0;
}

int wp_plan_to_cbor(uint8_t **out, size_t *out_len, const wp_plan *plan)
{
    wp__wbuf w = {NULL, 0, 0, false};
    int rc;
    if (out == NULL || out_len == NULL || plan == NULL)
        return wp__err(WP_EINVAL, "wp_plan_to_cbor: NULL argument");
    *out = NULL;
    *out_len = 0;
    if ((rc = wp__encode_plan(&w, plan)) < 0) {
        wp__free(w.data);
        return rc;
    }
    *out = w.data;
    *out_len = w.len;
    return 0;
}
