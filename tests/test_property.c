/* Seeded property test: random plans (every field, deep trees, odd
 * Unicode) survive CBOR and JSON round trips, and re-encoding gives the
 * same bytes. WP_PROPERTY_COUNT and WP_PROPERTY_SEED override the defaults. */
#include "helpers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static uint64_t next(void)
{
    /* xorshift64*: small, seedable, good enough for test data */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static unsigned pick(unsigned n) { return (unsigned)(next() % n); }
static bool coin(void) { return next() & 1; }

static size_t put_utf8(char *p, uint32_t cp)
{
    if (cp < 0x80) { p[0] = (char)cp; return 1; }
    if (cp < 0x800) { p[0] = (char)(0xc0 | cp >> 6); p[1] = (char)(0x80 | (cp & 63)); return 2; }
    if (cp < 0x10000) {
        p[0] = (char)(0xe0 | cp >> 12); p[1] = (char)(0x80 | (cp >> 6 & 63));
        p[2] = (char)(0x80 | (cp & 63)); return 3;
    }
    p[0] = (char)(0xf0 | cp >> 18); p[1] = (char)(0x80 | (cp >> 12 & 63));
    p[2] = (char)(0x80 | (cp >> 6 & 63)); p[3] = (char)(0x80 | (cp & 63)); return 4;
}

/* A random string of odd Unicode: CJK, controls, quotes, combining marks,
 * astral characters, line separators, fullwidth forms. */
static const char *text(void)
{
    static char buf[8][400];
    static int slot;
    char *b = buf[slot++ % 8];
    size_t n = 0, len = 1 + pick(40);
    for (size_t i = 0; i < len; i++) {
        uint32_t cp;
        switch (pick(10)) {
        case 0: cp = 1 + pick(31); break;                  /* control characters */
        case 1: cp = "\"\\/'{}[]:,"[pick(10)]; break;       /* JSON punctuation */
        case 2: cp = 0x300 + pick(0x70); break;             /* combining marks */
        case 3: cp = 0x20000 + pick(0xa6d0); break;         /* CJK extension B */
        case 4: cp = 0x1f300 + pick(0x300); break;          /* emoji */
        case 5: cp = 0x2028 + pick(2); break;               /* line/paragraph separators */
        case 6: cp = 0xff01 + pick(0x5e); break;            /* fullwidth forms */
        case 7: cp = 0x20 + pick(0x5f); break;              /* ASCII */
        default: cp = 0x4e00 + pick(0x51a6); break;         /* CJK */
        }
        n += put_utf8(b + n, cp);
    }
    b[n] = '\0';
    return b;
}

static double number(void)
{
    switch (pick(5)) {
    case 0: return (double)pick(1000);
    case 1: return pick(100000) / 100.0;
    case 2: return -(double)(next() >> 11);
    case 3: return ldexp((double)(next() >> 11), (int)pick(200) - 150);
    default: {
        double d;
        uint64_t bits;
        do {
            bits = next();
            memcpy(&d, &bits, sizeof d);
        } while (!isfinite(d));
        return d;
    }
    }
}

static wp_date date(void)
{
    return wp_date_make(1990 + (int)pick(60), 1 + (int)pick(12), 1 + (int)pick(28));
}

static void attrs(wp_attrs *a)
{
    unsigned n = pick(4);
    for (unsigned i = 0; i < n; i++) {
        char key[32];
        snprintf(key, sizeof key, "%s%u", pick(2) ? "oa." : "字段", pick(50));
        switch (pick(5)) {
        case 0: OK(wp_attrs_set_text(a, key, text())); break;
        case 1: OK(wp_attrs_set_int(a, key, (int64_t)next())); break;
        case 2: OK(wp_attrs_set_int(a, key, coin() ? INT64_MIN : INT64_MAX)); break;
        case 3: OK(wp_attrs_set_float(a, key, number())); break;
        default: OK(wp_attrs_set_bool(a, key, coin())); break;
        }
    }
}

static void fill_node(wp_plan *p, wp_node *n)
{
    if (coin()) OK(wp_node_set_label(n, text()));
    if (coin()) OK(wp_node_set_number(n, 1 + pick(30)));
    if (coin()) OK(wp_node_set_title(n, text()));
    if (coin()) OK(wp_node_set_text(n, text()));
    if (pick(4) == 0) OK(wp_node_set_category(n, text()));
    OK(wp_node_set_status(n, (wp_status)pick(6)));
    if (pick(3) == 0) {
        wp_date end = date();
        wp_deadline d = {coin() ? text() : NULL, coin() ? wp_date_make(wp_date_year(end), 1, 1) : 0,
                         end, (wp_precision)pick(5), coin()};
        OK(wp_node_set_deadline(n, &d));
    }
    if (pick(3) == 0)
        OK(wp_node_set_source(n, next() % 100000, pick(5000)));
    for (unsigned i = 0, k = pick(4); i < k && wp_plan_unit_count(p) > 0; i++) {
        wp_unit *u = wp_plan_unit(p, pick((unsigned)wp_plan_unit_count(p)));
        int rc = wp_node_assign(n, u, (wp_role)pick(3), coin() ? text() : NULL);
        assert_true(rc == 0 || rc == WP_EEXISTS);
    }
    for (unsigned i = 0, k = pick(3); i < k; i++) {
        wp_indicator *ind;
        OK(wp_node_add_indicator(&ind, n, text()));
        if (coin()) OK(wp_indicator_set_subject(ind, text()));
        if (coin()) OK(wp_indicator_set_unit(ind, text()));
        OK(wp_indicator_set_op(ind, (wp_op)pick(6)));
        OK(wp_indicator_set_value(ind, number()));
        OK(wp_indicator_set_aspirational(ind, coin()));
        OK(wp_indicator_set_cumulative(ind, coin()));
        if (coin()) OK(wp_indicator_set_baseline(ind, number()));
    }
    for (unsigned i = 0, k = pick(3); i < k; i++) {
        wp_report *r;
        OK(wp_node_add_report(&r, n, date()));
        if (coin() && wp_plan_unit_count(p) > 0)
            OK(wp_report_set_by(r, wp_plan_unit(p, pick((unsigned)wp_plan_unit_count(p)))));
        if (coin()) OK(wp_report_set_text(r, text()));
        if (coin()) OK(wp_report_set_percent(r, pick(10001) / 100.0));
        OK(wp_report_set_state(r, (wp_report_state)pick(4)));
        for (size_t j = 0; j < wp_node_indicator_count(n); j++)
            if (coin()) OK(wp_report_set_actual(r, wp_node_indicator(n, j), number()));
    }
    attrs(wp_node_attrs(n));
}

/* Children allowed under each kind, by the containment rules. */
static void grow(wp_plan *p, wp_node *parent, int parent_kind, int depth)
{
    unsigned n = depth == 0 ? 1 + pick(5) : pick(depth > 4 ? 3 : 4);
    for (unsigned i = 0; i < n; i++) {
        int kind;
        wp_node *c;
        if (parent == NULL)
            kind = (int)pick(7);
        else if (parent_kind == WP_NODE_ATTACHMENT)
            kind = coin() ? WP_NODE_SECTION : (int)pick(6);
        else if (parent_kind >= WP_NODE_TASK)
            return;
        else
        {
            /* mostly one level down, so that the deepest chains occur */
            unsigned r = pick(4);
            kind = r == 0   ? WP_NODE_PARAGRAPH
                   : r < 3 ? parent_kind + 1
                           : parent_kind + 1 + (int)pick((unsigned)(WP_NODE_TASK - parent_kind));
        }
        OK(wp_node_new(&c, p, (wp_node_kind)kind));
        fill_node(p, c);
        if (parent)
            OK(wp_node_append_child(parent, c));
        else
            OK(wp_plan_append_node(p, c));
        grow(p, c, kind, depth + 1);
    }
}

static wp_plan *random_plan(void)
{
    wp_plan *p;
    OK(wp_plan_new(&p));
    if (coin()) OK(wp_plan_set_id(p, text()));
    OK(wp_plan_set_kind(p, (wp_plan_kind)pick(5)));
    if (coin()) OK(wp_plan_set_title(p, text()));
    if (coin()) OK(wp_plan_set_issuer(p, text()));
    if (coin()) OK(wp_plan_set_publisher(p, text()));
    if (coin()) OK(wp_plan_set_preamble(p, text()));
    if (coin()) OK(wp_plan_set_script(p, coin() ? "zh-Hant" : "zh-Hans"));
    if (coin()) OK(wp_plan_set_year(p, 1990 + (int)pick(60)));
    if (coin()) OK(wp_plan_set_issued(p, date()));
    if (coin()) OK(wp_plan_set_published(p, date()));
    if (coin()) {
        wp_doc_number dn = {text(), coin() ? text() : NULL, coin() ? 2000 + (int)pick(30) : 0,
                            coin() ? 1 + (int)pick(300) : 0};
        OK(wp_plan_set_doc_number(p, &dn));
    }
    for (unsigned i = 0, k = pick(4); i < k; i++) OK(wp_plan_add_recipient(p, text()));
    for (unsigned i = 0, k = pick(3); i < k; i++) {
        wp_doc_number dn = {text(), NULL, 2023, 29};
        bool with_number = coin();
        OK(wp_plan_add_reference(p, !with_number || coin() ? text() : NULL, with_number ? &dn : NULL));
    }
    for (unsigned i = 0, k = pick(3); i < k; i++) OK(wp_plan_add_attachment(p, text()));
    for (unsigned i = 0, k = pick(6); i < k; i++) {
        wp_unit *u;
        char name[512], id[16];
        snprintf(name, sizeof name, "%s%u", text(), i);
        snprintf(id, sizeof id, "id%u", i);
        OK(wp_unit_add(&u, p, name, coin() ? NULL : id));
        if (coin()) {
            snprintf(name, sizeof name, "别名%u", i);
            OK(wp_unit_add_alias(u, name));
        }
    }
    attrs(wp_plan_attrs(p));
    grow(p, NULL, -1, 0);
    if (coin()) OK(wp_plan_assign_ids(p));
    return p;
}

static void test_roundtrips(void **state)
{
    const char *env = getenv("WP_PROPERTY_COUNT");
    const char *seed = getenv("WP_PROPERTY_SEED");
    long count = env ? atol(env) : 1000;
    size_t nodes = 0;
    int max_depth = 0;
    (void)state;
    rng = seed ? strtoull(seed, NULL, 0) : 0x5eed2024ull;
    for (long i = 0; i < count; i++) {
        uint64_t plan_seed = rng;
        wp_plan *p = random_plan(), *q, *r;
        uint8_t *x, *y;
        size_t nx, ny, nj, nj2;
        char *j, *j2;
        nodes += wp_plan_node_count(p);
        {
            wp_iter *it;
            OK(wp_iter_new(&it, p));
            while (wp_iter_next(it) != WP_EVENT_DONE)
                if (wp_node_depth(wp_iter_node(it)) > max_depth)
                    max_depth = wp_node_depth(wp_iter_node(it));
            wp_iter_free(it);
        }
        OK(wp_plan_to_cbor(&x, &nx, p));
        OK(wp_plan_from_cbor(&q, x, nx));
        if (!wp_plan_equal(p, q))
            fail_msg("plan %ld (rng state %#llx): CBOR round trip differs", i,
                     (unsigned long long)plan_seed);
        OK(wp_plan_to_cbor(&y, &ny, q));
        if (nx != ny || memcmp(x, y, nx) != 0)
            fail_msg("plan %ld: re-encoding changed the bytes", i);
        OK(wp_plan_to_json(&j, &nj, p, i % 2 ? WP_JSON_PRETTY : WP_JSON_COMPACT));
        if (wp_plan_from_json(&r, j, nj) != 0)
            fail_msg("plan %ld: JSON import failed: %s", i, wp_error_last()->message);
        if (!wp_plan_equal(p, r))
            fail_msg("plan %ld (rng state %#llx): JSON round trip differs", i,
                     (unsigned long long)plan_seed);
        OK(wp_plan_to_json(&j2, &nj2, r, i % 2 ? WP_JSON_PRETTY : WP_JSON_COMPACT));
        assert_int_equal(nj, nj2);
        assert_string_equal(j, j2);
        wp_free(x);
        wp_free(y);
        wp_free(j);
        wp_free(j2);
        wp_plan_free(p);
        wp_plan_free(q);
        wp_plan_free(r);
    }
    print_message("%ld random plans, %zu nodes, depth up to %d: CBOR and JSON round trips exact\n",
                  count, nodes, max_depth);
    assert_true(count < 100 || max_depth == 6); /* the deepest tree the rules allow */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
