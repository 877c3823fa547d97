/* The typed CBOR decoder: workplan documents to plans (doc/FORMAT.md).
 *
 * It reads item heads one at a time (wp__dec_rnext in decodex.h, wp__r_next in cborio.c)
 * and builds the plan directly in its arena, in one pass: no generic CBOR
 * tree, every item decoded once. Every error names the byte offset. Maps
 * may come in any key order; a part that refers to another (assignments to
 * units, progress reports to indicators) is decoded in place when the part
 * it refers to came first — always so in canonical files — and otherwise
 * skipped and decoded after the map. Unknown keys are kept as extras.
 * This part reads the document and the plan; decode_node.c the nodes,
 * decode_util.c what both use (decodex.h). */
#include "decodex.h"
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int read_doc_number(dec *d, wp_doc_number *n, wp__extra *extra, const char *what)
{
    map_state m;
    unsigned k;
    int more;
    uint64_t v;
    memset(n, 0, sizeof *n);
    CHECK(wp__dec_open_map(d, &m, what, WP__KNOWN(K_DOCNUM_SERIAL)));
    while ((more = wp__dec_next_key(&m, &k)) > 0) {
        switch (k) {
        case K_DOCNUM_TEXT: CHECK(wp__dec_read_text(d, (char **)&n->text, "doc number text")); break;
        case K_DOCNUM_PREFIX: CHECK(wp__dec_read_text(d, (char **)&n->prefix, "doc number prefix")); break;
        case K_DOCNUM_YEAR:
            CHECK(wp__dec_read_uint(d, &v, 9999, "doc number year"));
            n->year = (int)v;
            break;
        default:
            CHECK(wp__dec_read_uint(d, &v, INT32_MAX, "doc number serial"));
            n->serial = (int)v;
            break;
        }
    }
    CHECK(more);
    CHECK(wp__dec_require(&m, K_DOCNUM_TEXT, "text"));
    return wp__dec_close_map(&m, extra);
}

static int read_unit(dec *d, wp_plan *plan)
{
    map_state m;
    unsigned k;
    int more, rc;
    char *id = NULL, *name = NULL;
    uint64_t n = 0;
    size_t aliases_at = 0;
    wp_unit *u;
    CHECK(wp__dec_open_map(d, &m, "unit", WP__KNOWN(K_UNIT_ALIASES)));
    while ((more = wp__dec_next_key(&m, &k)) > 0) {
        switch (k) {
        case K_UNIT_ID: CHECK(wp__dec_read_text(d, &id, "unit id")); break;
        case K_UNIT_NAME: CHECK(wp__dec_read_text(d, &name, "unit name")); break;
        default:
            aliases_at = d->r->pos;
            {
                wp__citem it;
                CHECK(wp__r_next(d->r, &it));
                CHECK(wp__r_skip(d->r, &it, MAX_DEPTH - d->depth));
            }
            break;
        }
    }
    CHECK(more);
    CHECK(wp__dec_require(&m, K_UNIT_ID, "id"));
    CHECK(wp__dec_require(&m, K_UNIT_NAME, "name"));
    if ((rc = wp_unit_add(&u, plan, name, id)) < 0)
        CHECK(wp__dec_fail_with(rc, m.at, "unit"));
    CHECK(wp__dec_close_map(&m, &u->extra));
    if (m.seen & (1ull << K_UNIT_ALIASES)) {
        size_t end = d->r->pos;
        d->r->pos = aliases_at;
        d->depth++; /* as inside the unit's map */
        if ((rc = wp__dec_read_array(d, &n, "unit aliases")) < 0)
            return rc;
        for (uint64_t i = 0; i < n; i++) {
            char *alias;
            size_t at = wp__dec_here(d);
            if ((rc = wp__dec_read_text(d, &alias, "unit alias")) < 0)
                return rc;
            if (wp__unit_find_exact(plan, alias) != NULL)
                return wp__err_at(WP_EFORMAT, at, 0, 0,
                                  "unit alias at byte %zu: '%.100s' already names a unit", at, alias);
            if ((rc = wp_unit_add_alias(u, alias)) < 0)
                return wp__dec_fail_with(rc, at, "unit alias");
        }
        wp__dec_close_array(d);
        d->depth--;
        d->r->pos = end;
    }
    return 0;
}

static int read_plan_map(dec *d, wp_plan *plan)
{
    map_state m;
    unsigned k;
    int more, kind = 0, rc;
    uint64_t n = 0, v = 0;
    size_t nodes_at = 0;
    bool nodes_inline = false;
    CHECK(wp__dec_open_map(d, &m, "plan", WP__KNOWN(K_PLAN_NODES)));
    while ((more = wp__dec_next_key(&m, &k)) > 0) {
        switch (k) {
        case K_PLAN_ID: CHECK(wp__dec_read_text(d, &plan->id, "plan id")); break;
        case K_PLAN_KIND:
            CHECK(wp__dec_read_enum(d, &kind, WP_PLAN_OTHER, "plan kind"));
            plan->kind = (wp_plan_kind)kind;
            break;
        case K_PLAN_TITLE: CHECK(wp__dec_read_text(d, &plan->title, "plan title")); break;
        case K_PLAN_ISSUER: CHECK(wp__dec_read_text(d, &plan->issuer, "plan issuer")); break;
        case K_PLAN_DOC_NUMBER:
            CHECK(read_doc_number(d, &plan->doc_number, &plan->doc_number_extra, "plan doc number"));
            plan->has_doc_number = true;
            break;
        case K_PLAN_ISSUED: CHECK(wp__dec_read_date(d, &plan->issued, "plan issued")); break;
        case K_PLAN_PUBLISHED: CHECK(wp__dec_read_date(d, &plan->published, "plan published")); break;
        case K_PLAN_PUBLISHER: CHECK(wp__dec_read_text(d, &plan->publisher, "plan publisher")); break;
        case K_PLAN_YEAR:
            CHECK(wp__dec_read_uint(d, &v, 9999, "plan year"));
            plan->year = (int)v;
            break;
        case K_PLAN_SCRIPT: CHECK(wp__dec_read_text(d, &plan->script, "plan script")); break;
        case K_PLAN_RECIPIENTS:
            CHECK(wp__dec_read_array(d, &n, "plan recipients"));
            for (uint64_t i = 0; i < n; i++) {
                char *s;
                size_t at = wp__dec_here(d);
                CHECK(wp__dec_read_text(d, &s, "recipient"));
                if (s[0] == '\0') /* as the JSON reader and wp_plan_add_recipient say */
                    CHECK(wp__err_at(WP_EFORMAT, at, 0, 0, "recipient at byte %zu is empty", at));
                CHECK(wp__ptrvec_push(&plan->arena, &plan->recipients, s));
            }
            wp__dec_close_array(d);
            break;
        case K_PLAN_PREAMBLE: CHECK(wp__dec_read_text(d, &plan->preamble, "plan preamble")); break;
        case K_PLAN_REFERENCES:
            CHECK(wp__dec_read_array(d, &n, "plan references"));
            for (uint64_t i = 0; i < n; i++) {
                map_state rm;
                unsigned rk;
                int rmore;
                wp__reference *r = wp__arena_alloc(&plan->arena, sizeof *r);
                if (r == NULL)
                    CHECK(wp__err_nomem());
                CHECK(wp__dec_open_map(d, &rm, "reference", WP__KNOWN(K_REF_DOC_NUMBER)));
                while ((rmore = wp__dec_next_key(&rm, &rk)) > 0) {
                    if (rk == K_REF_TITLE)
                        rc = wp__dec_read_text(d, &r->title, "reference title");
                    else if ((rc = read_doc_number(d, &r->number, &r->number_extra,
                                                   "reference doc number")) == 0)
                        r->has_number = true;
                    if (rc < 0) {
                        wp__free(rm.unk.e);
                        CHECK(rc);
                    }
                }
                if (rmore < 0) {
                    wp__free(rm.unk.e);
                    CHECK(rmore);
                }
                CHECK(wp__dec_close_map(&rm, &r->extra));
                if (r->title == NULL && !r->has_number) /* as the JSON reader says */
                    CHECK(wp__err_at(WP_EFORMAT, rm.at, 0, 0,
                                     "reference at byte %zu needs a title or a doc number",
                                     rm.at));
                CHECK(wp__ptrvec_push(&plan->arena, &plan->references, r));
            }
            wp__dec_close_array(d);
            break;
        case K_PLAN_ATTACHMENTS:
            CHECK(wp__dec_read_array(d, &n, "plan attachments"));
            for (uint64_t i = 0; i < n; i++) {
                map_state am;
                unsigned ak;
                int amore;
                wp__attachment *a = wp__arena_alloc(&plan->arena, sizeof *a);
                if (a == NULL)
                    CHECK(wp__err_nomem());
                CHECK(wp__dec_open_map(d, &am, "attachment", WP__KNOWN(K_ATT_TITLE)));
                while ((amore = wp__dec_next_key(&am, &ak)) > 0)
                    if ((rc = wp__dec_read_text(d, &a->title, "attachment title")) < 0) {
                        wp__free(am.unk.e);
                        CHECK(rc);
                    }
                if (amore < 0 || (amore = wp__dec_require(&am, K_ATT_TITLE, "title")) < 0) {
                    wp__free(am.unk.e);
                    CHECK(amore);
                }
                CHECK(wp__dec_close_map(&am, &a->extra));
                CHECK(wp__ptrvec_push(&plan->arena, &plan->attachments, a));
            }
            wp__dec_close_array(d);
            break;
        case K_PLAN_UNITS:
            CHECK(wp__dec_read_array(d, &n, "plan units"));
            for (uint64_t i = 0; i < n; i++)
                CHECK(read_unit(d, plan));
            wp__dec_close_array(d);
            break;
        case K_PLAN_ATTRS: CHECK(wp__dec_read_attrs(d, wp__node_attrs(&plan->root), "plan attrs")); break;
        default:
            /* Nodes refer to units: decoded in place, in one pass, when the
             * units came before them (canonical order), else after the map. */
            if (m.seen & (1ull << K_PLAN_UNITS)) {
                CHECK(wp__dec_read_list(d, &plan->root, wp__dec_read_node, "plan nodes"));
                nodes_inline = true;
                break;
            }
            nodes_at = d->r->pos;
            {
                wp__citem it;
                CHECK(wp__r_next(d->r, &it));
                CHECK(wp__r_skip(d->r, &it, MAX_DEPTH - d->depth));
            }
            break;
        }
    }
    CHECK(more);
    CHECK(wp__dec_require(&m, K_PLAN_KIND, "kind"));
    if (plan->script != NULL && plan->script[0] == '\0')
        CHECK(wp__err_at(WP_EFORMAT, m.at, 0, 0, "plan at byte %zu: empty script tag", m.at));
    CHECK(wp__dec_close_map(&m, &plan->extra));
    if ((m.seen & (1ull << K_PLAN_NODES)) && !nodes_inline) {
        size_t end = d->r->pos;
        d->r->pos = nodes_at;
        d->depth++;
        rc = wp__dec_read_list(d, &plan->root, wp__dec_read_node, "plan nodes");
        d->depth--;
        if (rc < 0)
            return rc;
        d->r->pos = end;
    }
    return 0;
}

int wp__decode_plan(wp__reader *r, wp_plan **out)
{
    dec d = {r, NULL, 0, {0}};
    wp__citem it;
    map_state m;
    unsigned k;
    int more, rc;
    uint64_t version = 0;
    *out = NULL;
    if ((rc = wp__r_next(r, &it)) < 0)
        return rc;
    if (it.type == WP__C_TAG && it.u == WP__TAG_SELF_DESCRIBE && (rc = wp__r_next(r, &it)) < 0)
        return rc;
    if (it.type != WP__C_TAG || it.u != WP__TAG_WORKPLAN)
        return wp__err_at(WP_EFORMAT, it.offset, 0, 0,
                          "not a workplan document: byte %zu should start the tag 55799 or "
                          "1464880206 (\"WPLN\")", it.offset);
    if ((rc = wp_plan_new(&d.plan)) < 0)
        return rc;
    if ((rc = wp__dec_open_map(&d, &m, "document", WP__KNOWN_DOC)) < 0)
        goto fail;
    /* The version comes first in canonical files; read it before the plan. */
    while ((more = wp__dec_next_key(&m, &k)) > 0) {
        if (k == K_DOC_VERSION) {
            size_t at = wp__dec_here(&d);
            if ((rc = wp__dec_read_uint(&d, &version, UINT32_MAX, "format version")) < 0)
                goto fail_map;
            if (version != WP__FORMAT_VERSION) {
                rc = wp__err_at(WP_EVERSION, at, 0, 0,
                                "format version %llu at byte %zu: this library reads version %d",
                                (unsigned long long)version, at, WP__FORMAT_VERSION);
                goto fail_map;
            }
        } else {
            if (!(m.seen & 1)) {
                rc = wp__err_at(WP_EFORMAT, wp__dec_here(&d), 0, 0,
                                "document: the format version (key 0) must come before the plan");
                goto fail_map;
            }
            if ((rc = read_plan_map(&d, d.plan)) < 0)
                goto fail_map;
        }
    }
    if ((rc = more) < 0 || (rc = wp__dec_require(&m, K_DOC_VERSION, "version")) < 0 ||
        (rc = wp__dec_require(&m, K_DOC_PLAN, "plan")) < 0)
        goto fail_map;
    if ((rc = wp__dec_close_map(&m, &d.plan->doc_extra)) < 0)
        goto fail;
    wp__hashmap_free(&d.ids);
    wp__unit_tables_drop(d.plan); /* built again on first use */
    d.plan->generation = 0;
    *out = d.plan;
    return 0;
fail_map:
    wp__free(m.unk.e);
fail:
    wp__hashmap_free(&d.ids);
    wp_plan_free(d.plan);
    return rc;
}

int wp_plan_from_cbor(wp_plan **out, const uint8_t *data, size_t len)
{
    wp__reader r = {data, len, 0, 0, false};
    int rc;
    if (out == NULL || (data == NULL && len > 0))
        return wp__err(WP_EINVAL, "wp_plan_from_cbor: NULL argument");
    *out = NULL;
    /* as wp_plan_from_json and wp_plan_load (doc/API.md "Limits") */
    if (len > WP_LIMIT_DOCUMENT_BYTES)
        return wp__err_at(WP_ELIMIT, WP_LIMIT_DOCUMENT_BYTES, 0, 0,
                          "CBOR: %zu bytes, more than %zu for one document (WP_LIMIT_DOCUMENT_BYTES)",
                          len, WP_LIMIT_DOCUMENT_BYTES);
    if ((rc = wp__decode_plan(&r, out)) < 0)
        return rc;
    if (r.pos != len) {
        wp_plan_free(*out);
        *out = NULL;
        return wp__err_at(WP_EFORMAT, r.pos, 0, 0,
                          "%zu bytes of trailing data after the document, from byte %zu "
                          "(a corpus of several plans is read with wp_corpus_reader)",
                          len - r.pos, r.pos);
    }
    return 0;
}
