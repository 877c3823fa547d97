/* JSON import: a validating tokenizer (json_tape.c) records one 8-byte
 * token per value and member name, then the plan is built from the tokens
 * with the validation of the CBOR decoder. Peak memory is the tape (at
 * most 4x the input) and the plan: no tree of the document is ever built.
 * Errors name the JSON path of the bad value (plan.nodes[2].kind) and its
 * byte, line and column. This part reads the document and the plan;
 * json_read_node.c the nodes, json_read_util.c what both use. */
#include "json_readx.h"
#include "format.h"
#include "cborio.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

PARSER(wp_plan_kind_parse, wp_plan_kind)

typedef struct docnum_ctx {
    wp_doc_number *n;
} docnum_ctx;

static int docnum_member(jr *j, void *c, const char *k, jv v)
{
    wp_doc_number *n = ((docnum_ctx *)c)->n;
    long long x;
    int rc;
    if (strcmp(k, "text") == 0)
        return wp__jr_str(j, v, (char **)&n->text);
    if (strcmp(k, "prefix") == 0)
        return wp__jr_str(j, v, (char **)&n->prefix);
    if (strcmp(k, "year") == 0) {
        if ((rc = wp__jr_integer(j, v, 0, 9999, &x)) == 0)
            n->year = (int)x;
        return rc;
    }
    if (strcmp(k, "serial") == 0) {
        if ((rc = wp__jr_integer(j, v, 0, INT32_MAX, &x)) == 0)
            n->serial = (int)x;
        return rc;
    }
    return 1;
}

static int doc_number(jr *j, jv v, wp_doc_number *n, wp__extra *x)
{
    docnum_ctx c = {n};
    int rc;
    memset(n, 0, sizeof *n);
    if ((rc = wp__jr_members(j, v, docnum_member, &c, x, WP__KNOWN(K_DOCNUM_SERIAL))) < 0)
        return rc;
    if (n->text == NULL || n->text[0] == '\0')
        return wp__jr_bad(j, WP_EFORMAT, "missing member ", "text");
    return 0;
}

static int text_item(jr *j, void *c, jv v)
{
    char *s;
    int rc = wp__jr_str(j, v, &s);
    if (rc == 0 && s[0] == '\0')
        rc = wp__jr_bad(j, WP_EFORMAT, "empty text", NULL);
    return rc < 0 ? rc : wp__ptrvec_push(&j->plan->arena, c, s);
}

static int ref_member(jr *j, void *c, const char *k, jv v)
{
    wp__reference *r = c;
    if (strcmp(k, "title") == 0)
        return wp__jr_str(j, v, &r->title);
    if (strcmp(k, "doc_number") == 0) {
        r->has_number = true;
        return doc_number(j, v, &r->number, &r->number_extra);
    }
    return 1;
}

static int reference(jr *j, void *c, jv v)
{
    wp__reference *r = wp__arena_alloc(&j->plan->arena, sizeof *r);
    int rc;
    (void)c;
    if (r == NULL)
        return wp__err_nomem();
    if ((rc = wp__jr_members(j, v, ref_member, r, &r->extra, WP__KNOWN(K_REF_DOC_NUMBER))) < 0)
        return rc;
    if (r->title == NULL && !r->has_number)
        return wp__jr_bad(j, WP_EFORMAT, "a reference needs a title or a doc_number", NULL);
    return wp__ptrvec_push(&j->plan->arena, &j->plan->references, r);
}

static int att_member(jr *j, void *c, const char *k, jv v)
{
    return strcmp(k, "title") == 0 ? wp__jr_str(j, v, &((wp__attachment *)c)->title) : 1;
}

static int attachment(jr *j, void *c, jv v)
{
    wp__attachment *a = wp__arena_alloc(&j->plan->arena, sizeof *a);
    int rc;
    (void)c;
    if (a == NULL)
        return wp__err_nomem();
    if ((rc = wp__jr_members(j, v, att_member, a, &a->extra, WP__KNOWN(K_ATT_TITLE))) < 0 || (rc = wp__jr_require(j, v, "title")) < 0)
        return rc;
    return wp__ptrvec_push(&j->plan->arena, &j->plan->attachments, a);
}

static int unit_member(jr *j, void *c, const char *k, jv v)
{
    (void)c;
    (void)v;
    return strcmp(k, "id") == 0 || strcmp(k, "name") == 0 || strcmp(k, "aliases") == 0 ? 0 : 1;
}

static int alias(jr *j, void *c, jv v)
{
    int rc = wp__jr_want(j, v, WP__J_STRING, "a string");
    const char *s;
    if (rc == 0 && (s = wp__jr_sv(j, v)) == NULL)
        return wp__err_nomem();
    if (rc == 0 && wp__unit_find_exact(j->plan, s) != NULL)
        return wp__jr_bad(j, WP_EFORMAT, "already names a unit: ", s);
    if (rc == 0 && (rc = wp_unit_add_alias(c, s)) < 0)
        return wp__jr_rewrap(j, rc);
    return rc;
}

static int unit(jr *j, void *c, jv v)
{
    wp_unit *u;
    jv id = wp__jr_get(j, v, "id"), nm = wp__jr_get(j, v, "name");
    const char *sid, *snm;
    int rc;
    (void)c;
    if ((rc = wp__jr_want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = wp__jr_require(j, v, "id")) < 0 ||
        (rc = wp__jr_require(j, v, "name")) < 0 || (rc = wp__jr_want(j, id, WP__J_STRING, "a string id")) < 0 ||
        (rc = wp__jr_want(j, nm, WP__J_STRING, "a string name")) < 0)
        return rc;
    if ((snm = wp__jr_sv_slot(j, nm, 0)) == NULL || (sid = wp__jr_sv_slot(j, id, 1)) == NULL)
        return wp__err_nomem();
    j->at = v;
    if ((rc = wp_unit_add(&u, j->plan, snm, sid)) < 0)
        return wp__jr_rewrap(j, rc);
    if ((rc = wp__jr_sub(j, v, "aliases", alias, u)) < 0)
        return rc;
    return wp__jr_members(j, v, unit_member, NULL, &u->extra, WP__KNOWN(K_UNIT_ALIASES));
}

static int plan_member(jr *j, void *c, const char *k, jv v)
{
    wp_plan *p = j->plan;
    long long x;
    int kind, rc;
    (void)c;
    if (strcmp(k, "id") == 0)
        return wp__jr_str(j, v, &p->id);
    if (strcmp(k, "kind") == 0) {
        if ((rc = wp__jr_name(j, v, wp_plan_kind_parse_int, &kind)) == 0)
            p->kind = (wp_plan_kind)kind;
        return rc;
    }
    if (strcmp(k, "title") == 0)
        return wp__jr_str(j, v, &p->title);
    if (strcmp(k, "issuer") == 0)
        return wp__jr_str(j, v, &p->issuer);
    if (strcmp(k, "publisher") == 0)
        return wp__jr_str(j, v, &p->publisher);
    if (strcmp(k, "preamble") == 0)
        return wp__jr_str(j, v, &p->preamble);
    if (strcmp(k, "script") == 0) {
        if ((rc = wp__jr_str(j, v, &p->script)) == 0 && p->script[0] == '\0')
            return wp__jr_bad(j, WP_EFORMAT, "empty script tag", NULL);
        return rc;
    }
    if (strcmp(k, "doc_number") == 0) {
        p->has_doc_number = true;
        return doc_number(j, v, &p->doc_number, &p->doc_number_extra);
    }
    if (strcmp(k, "issued") == 0)
        return wp__jr_date(j, v, &p->issued);
    if (strcmp(k, "published") == 0)
        return wp__jr_date(j, v, &p->published);
    if (strcmp(k, "year") == 0) {
        if ((rc = wp__jr_integer(j, v, 0, 9999, &x)) == 0)
            p->year = (int)x;
        return rc;
    }
    if (strcmp(k, "recipients") == 0)
        return wp__jr_array(j, v, text_item, &p->recipients);
    if (strcmp(k, "references") == 0)
        return wp__jr_array(j, v, reference, NULL);
    if (strcmp(k, "attachments") == 0)
        return wp__jr_array(j, v, attachment, NULL);
    if (strcmp(k, "attrs") == 0)
        return wp__jr_attrs(j, v, wp__node_attrs(&p->root));
    if (strcmp(k, "units") == 0 || strcmp(k, "nodes") == 0)
        return 0; /* read in order, in read_plan() */
    return 1;
}

static int doc_member(jr *j, void *c, const char *k, jv v)
{
    (void)j;
    (void)c;
    (void)v;
    return strcmp(k, "format") == 0 || strcmp(k, "version") == 0 || strcmp(k, "plan") == 0 ? 0 : 1;
}

/* Count the nodes (objects in "nodes" and "children" arrays) before any is
 * built: a document over WP_LIMIT_NODES fails within the tape's memory,
 * without a plan of WP_LIMIT_NODES nodes first. Recursion is bounded by
 * the tokenizer's WP_LIMIT_DEPTH. */
static int count_nodes(jr *j, jv arr)
{
    const wp__jtape *t = &j->tape;
    size_t i = 0;
    int rc = 0;
    if (arr == NONE || wp__jr_type(j, arr) != WP__J_ARRAY)
        return 0; /* the builder reports the type */
    for (jv e = arr + 1; e < t->t[arr].aux && rc == 0; e = wp__jtape_next(t, e), i++) {
        size_t mark = wp__jr_push_index(j, i);
        j->at = e;
        if (wp__jr_type(j, e) == WP__J_OBJECT) {
            if (++j->nodes > WP_LIMIT_NODES) {
                char msg[80];
                snprintf(msg, sizeof msg, "more than %d nodes (WP_LIMIT_NODES)", WP_LIMIT_NODES);
                rc = wp__jr_bad(j, WP_ELIMIT, msg, NULL);
            } else {
                size_t m2 = wp__jr_push_key(j, "children");
                rc = count_nodes(j, wp__jr_get(j, e, "children"));
                wp__jr_pop(j, m2);
            }
        }
        wp__jr_pop(j, mark);
    }
    return rc;
}

static int read_plan(jr *j, jv doc)
{
    jv fmt = wp__jr_get(j, doc, "format"), ver = wp__jr_get(j, doc, "version"), plan = wp__jr_get(j, doc, "plan");
    int rc;
    strcpy(j->path, "(document)");
    if ((rc = wp__jr_want(j, doc, WP__J_OBJECT, "an object")) < 0)
        return rc;
    if (fmt == NONE || wp__jr_type(j, fmt) != WP__J_STRING || !wp__jtape_string_is(&j->tape, fmt, "workplan", 8))
        return wp__err(WP_EFORMAT, "not a workplan document: \"format\" must be \"workplan\"");
    if (ver == NONE || wp__jr_type(j, ver) != WP__J_INTEGER || wp__jtape_integer(&j->tape, ver) != 1)
        return wp__err(WP_EVERSION, "format version %s: this library reads version 1",
                       ver != NONE && wp__jr_type(j, ver) == WP__J_INTEGER ? "other than 1"
                                                                     : "missing or not an integer");
    if ((rc = wp__jr_require(j, doc, "plan")) < 0)
        return rc;
    strcpy(j->path, "plan.nodes");
    if ((rc = count_nodes(j, wp__jr_get(j, plan, "nodes"))) < 0)
        return rc;
    j->nodes = 0;
    strcpy(j->path, "plan");
    if ((rc = wp__jr_want(j, plan, WP__J_OBJECT, "an object")) < 0 || (rc = wp__jr_require(j, plan, "kind")) < 0)
        return rc;
    j->depth = 2; /* the plan, a member of the document */
    if ((rc = wp__jr_sub(j, plan, "units", unit, NULL)) < 0 ||
        (rc = wp__jr_members(j, plan, plan_member, NULL, &j->plan->extra, WP__KNOWN(K_PLAN_NODES))) < 0 ||
        (rc = wp__jr_sub(j, plan, "nodes", wp__jr_node, &j->plan->root)) < 0)
        return rc;
    strcpy(j->path, "(document)");
    j->depth = 1;
    return wp__jr_members(j, doc, doc_member, NULL, &j->plan->doc_extra, WP__KNOWN_DOC);
}

int wp_plan_from_json(wp_plan **out, const char *text, size_t len)
{
    jr j;
    int rc;
    if (out == NULL || (text == NULL && len > 0))
        return wp__err(WP_EINVAL, "wp_plan_from_json: NULL argument");
    *out = NULL;
    if (len > WP_LIMIT_DOCUMENT_BYTES)
        return wp__err_at(WP_ELIMIT, WP_LIMIT_DOCUMENT_BYTES, 0, 0,
                          "JSON: %zu bytes, more than %zu for one document (WP_LIMIT_DOCUMENT_BYTES)",
                          len, WP_LIMIT_DOCUMENT_BYTES);
    memset(&j, 0, sizeof j);
    if ((rc = wp__jtape_parse(&j.tape, text, len)) < 0)
        return rc;
    if ((rc = wp_plan_new(&j.plan)) == 0 && (rc = read_plan(&j, 0)) == 0) {
        wp__unit_tables_drop(j.plan); /* built again on first use */
        j.plan->generation = 0;
        *out = j.plan;
    } else {
        wp_plan_free(j.plan);
    }
    wp__jtape_free(&j.tape);
    wp__free(j.sc[0].data);
    wp__free(j.sc[1].data);
    wp__free(j.keys.data);
    return rc;
}
