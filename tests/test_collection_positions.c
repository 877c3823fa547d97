/* Corpus positions and the collection's version (issue 14: what lets the
 * Python bindings keep one id str per node instead of making new ones on
 * every query). */
#include "helpers.h"
#include "query_fixture.h"

#include <stdlib.h>
#include <string.h>

/* ---- a small corpus and the positions expected from a public walk -------- */

typedef struct all_nodes {
    wp_node **v;
    size_t n, cap;
} all_nodes;

/* Every live node of the collection in corpus-position order: plans in
 * order, each in document order (the iterator's ENTER events). */
static void walk_all(all_nodes *a, wp_collection *c)
{
    a->n = 0;
    for (size_t k = 0; k < wp_collection_count(c); k++) {
        wp_iter *it;
        OK(wp_iter_new(&it, wp_collection_plan(c, k)));
        while (wp_iter_next(it) != WP_EVENT_DONE) {
            if (wp_iter_event(it) != WP_EVENT_ENTER)
                continue;
            if (a->n == a->cap) {
                a->cap = a->cap ? a->cap * 2 : 64;
                a->v = realloc(a->v, a->cap * sizeof *a->v);
                assert_non_null(a->v);
            }
            a->v[a->n++] = wp_iter_node(it);
        }
        wp_iter_free(it);
    }
}

static size_t position_of(const all_nodes *a, const wp_node *node)
{
    for (size_t g = 0; g < a->n; g++)
        if (a->v[g] == node)
            return g;
    fail_msg("a match is not a live node of the collection");
    return 0;
}

typedef struct expect {
    const all_nodes *all;
    size_t pos[4096];
    size_t n;
} expect;

static int expect_cb(wp_node *node, void *payload)
{
    expect *e = payload;
    assert_true(e->n < 4096);
    e->pos[e->n++] = position_of(e->all, node);
    return 0;
}

/* The ids of positions (a helper: a new array, freed with free()). */
static const char **ids_of(wp_collection *c, const uint32_t *pos, size_t n)
{
    const char **ids = malloc((n ? n : 1) * sizeof *ids);
    assert_non_null(ids);
    OK(wp_collection_position_ids(ids, pos, n, c));
    return ids;
}

/* select_positions gives what foreach visits, numbered by the walk;
 * position_ids gives the same ids as select_ids. */
static void check_query(wp_collection *c, const char *text)
{
    static expect e;
    all_nodes all = {NULL, 0, 0};
    wp_query *q;
    uint32_t *pos;
    const char **ids, **ids2;
    size_t n, n2;
    walk_all(&all, c);
    e.all = &all;
    e.n = 0;
    OK(wp_query_parse(&q, text));
    OK(wp_collection_foreach(q, c, expect_cb, &e));
    OK(wp_collection_select_positions(&pos, &n, q, c));
    assert_non_null(pos);
    if (n != e.n)
        fail_msg("'%s': %zu positions, foreach visits %zu", text, n, e.n);
    ids = ids_of(c, pos, n);
    for (size_t i = 0; i < n; i++) {
        if (pos[i] != e.pos[i])
            fail_msg("'%s': match %zu at %u, expected %zu", text, i, pos[i], e.pos[i]);
        if (ids[i] != wp_node_id(all.v[pos[i]]) &&
            (ids[i] == NULL || wp_node_id(all.v[pos[i]]) == NULL ||
             strcmp(ids[i], wp_node_id(all.v[pos[i]])) != 0))
            fail_msg("'%s': match %zu has id %s", text, i, ids[i] ? ids[i] : "(none)");
    }
    OK(wp_collection_select_ids(&ids2, &n2, q, c));
    assert_int_equal(n2, n);
    for (size_t i = 0; i < n; i++)
        assert_true(ids2[i] == ids[i] || strcmp(ids2[i], ids[i]) == 0);
    wp_free(pos);
    free(ids);
    wp_free(ids2);
    wp_query_free(q);
    free(all.v);
}

static const char *const queries[] = {
    "kind:task unit:办公室",          /* unit postings */
    "unit:学会部 role:lead",
    "ind.unit:家 value>=1",           /* indicators */
    "overdue:2024-07-01",             /* deadlines */
    "kind:task text:科普",            /* the text buffer */
    "unit:无此单位",                  /* nothing */
    "kind:task",                      /* kind alone: plan by plan */
    "status:done OR category:科普",   /* not indexed: plan by plan */
};

static wp_collection *corpus(int plans)
{
    wp_collection *c;
    OK(wp_collection_new(&c));
    for (int k = 0; k < plans; k++) {
        wp_plan *p;
        char id[32];
        OK(fixture_plan(&p));
        snprintf(id, sizeof id, "fixture-%d", k);
        OK(wp_plan_set_id(p, id));
        OK(wp_collection_add(c, p));
    }
    return c;
}

static void test_positions_match_foreach(void **state)
{
    wp_collection *c = corpus(3);
    (void)state;
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
        check_query(c, queries[i]);
    wp_collection_free(c);
}

/* An empty collection, and an empty result: empty arrays, not NULL. */
static void test_positions_empty(void **state)
{
    wp_collection *c;
    wp_query *q;
    uint32_t *pos;
    size_t n = 7;
    (void)state;
    OK(wp_collection_new(&c));
    OK(wp_query_parse(&q, "kind:task unit:办公室"));
    OK(wp_collection_select_positions(&pos, &n, q, c));
    assert_non_null(pos);
    assert_int_equal(n, 0);
    OK(wp_collection_position_ids(NULL, NULL, 0, c));
    wp_free(pos);
    wp_query_free(q);
    wp_collection_free(c);
}

/* Nodes without an id (their id is NULL), alone and in a long run (more
 * than a hint bucket can hold), and an id-less node between matches. */
static void test_positions_without_ids(void **state)
{
    wp_collection *c = corpus(1);
    wp_plan *p;
    wp_unit *u;
    wp_node *sec;
    (void)state;
    OK(wp_plan_new(&p));
    OK(wp_plan_set_id(p, "anonymous"));
    OK(wp_unit_add(&u, p, "办公室", NULL));
    OK(wp_node_new(&sec, p, WP_NODE_SECTION));
    OK(wp_node_set_id(sec, "s"));
    OK(wp_plan_append_node(p, sec));
    OK(wp_node_assign(sec, u, WP_ROLE_LEAD, NULL));
    for (int i = 0; i < 300; i++) {
        wp_node *t;
        OK(wp_node_new(&t, p, WP_NODE_TASK));
        if (i == 0 || i == 299) {
            char id[16];
            snprintf(id, sizeof id, "t%d", i);
            OK(wp_node_set_id(t, id));
            OK(wp_node_set_text(t, "特别任务"));
        }
        OK(wp_node_append_child(sec, t));
    }
    OK(wp_collection_add(c, p));
    /* x1, an id-less node, x3 in one block of the id text (after an id
     * long enough to start a block of its own): x3 is found by a scan. */
    OK(wp_plan_new(&p));
    OK(wp_plan_set_id(p, "scan"));
    OK(wp_unit_add(&u, p, "办公室", NULL));
    OK(wp_node_new(&sec, p, WP_NODE_SECTION));
    OK(wp_node_set_id(sec, "a-section-id-long-enough-to-fill-one-block-of-the-id-text-and-more"));
    OK(wp_plan_append_node(p, sec));
    for (int i = 0; i < 3; i++) {
        wp_node *t;
        OK(wp_node_new(&t, p, WP_NODE_TASK));
        if (i != 1) {
            OK(wp_node_set_id(t, i == 0 ? "x1" : "x3"));
            OK(wp_node_set_text(t, "特殊任务"));
        }
        OK(wp_node_append_child(sec, t));
    }
    OK(wp_collection_add(c, p));
    check_query(c, "kind:task text:特殊"); /* x3 found by a short scan */
    check_query(c, "kind:task unit:办公室");
    check_query(c, "kind:section unit:办公室");
    check_query(c, "kind:task text:特别"); /* ids found past 298 id-less nodes */
    check_query(c, "kind:task");
    wp_collection_free(c);
}

/* The version: unchanged by queries and by edits of plans elsewhere;
 * changed by adding a plan and by any edit of one of the collection's
 * plans; positions and ids follow the edit. */
static void test_version(void **state)
{
    wp_collection *c = corpus(2);
    wp_plan *other, *p0, *p1;
    wp_query *q;
    wp_node *first, *n;
    uint32_t *pos;
    const char **ids;
    size_t cnt;
    uint64_t v, v2;
    (void)state;
    assert_int_equal(wp_collection_version(NULL), 0);
    v = wp_collection_version(c);
    assert_true(v != 0);
    assert_int_equal(wp_collection_version(c), v);
    check_query(c, "kind:task unit:办公室");
    assert_int_equal(wp_collection_version(c), v);

    OK(fixture_plan(&other)); /* an edit of a plan outside the collection */
    OK(wp_plan_set_year(other, 2030));
    assert_int_equal(wp_collection_version(c), v);

    p0 = wp_collection_plan(c, 0);
    p1 = wp_collection_plan(c, 1);
    OK(wp_query_parse(&q, "ind.unit:家 value>=1")); /* 1.1.1.t1, the 4th node of each plan */
    OK(wp_collection_select_positions(&pos, &cnt, q, c));
    ids = ids_of(c, pos, cnt);
    assert_int_equal(cnt, 2);
    assert_string_equal(ids[1], "1.1.1.t1");
    assert_int_equal(pos[0], 3);
    assert_int_equal(pos[1], 9 + 3);
    wp_free(pos);
    free(ids);

    /* An id edited in the second plan: seen by the version and the ids. */
    first = wp_node_first_child(wp_node_first_child(wp_node_first_child(wp_plan_first_node(p1))));
    assert_string_equal(wp_node_id(first), "1.1.1.t1");
    OK(wp_node_set_id(first, "renamed"));
    v2 = wp_collection_version(c);
    assert_true(v2 != v);
    assert_int_equal(wp_collection_version(c), v2);
    OK(wp_collection_select_positions(&pos, &cnt, q, c));
    ids = ids_of(c, pos, cnt);
    assert_string_equal(ids[0], "1.1.1.t1");
    assert_string_equal(ids[1], "renamed");
    assert_int_equal(pos[1], 12);
    wp_free(pos);
    free(ids);
    check_query(c, "ind.unit:家 value>=1");

    /* A node inserted at the top of the first plan shifts every position. */
    OK(wp_node_new(&n, p0, WP_NODE_PARAGRAPH));
    OK(wp_node_set_id(n, "preface"));
    OK(wp_node_insert_before(wp_plan_first_node(p0), n));
    v = wp_collection_version(c);
    assert_true(v != v2);
    OK(wp_collection_select_positions(&pos, &cnt, q, c));
    ids = ids_of(c, pos, cnt);
    assert_int_equal(cnt, 2);
    assert_int_equal(pos[0], 4);
    assert_int_equal(pos[1], 13);
    assert_string_equal(ids[1], "renamed");
    wp_free(pos);
    free(ids);
    check_query(c, "kind:task unit:办公室");

    /* A plan added. */
    OK(wp_collection_add(c, other));
    v2 = wp_collection_version(c);
    assert_true(v2 != v);
    check_query(c, "kind:task unit:办公室");
    check_query(c, "status:done OR category:科普");
    wp_query_free(q);
    wp_collection_free(c);
}

static void test_positions_bad_arguments(void **state)
{
    wp_collection *c = corpus(1);
    wp_query *q;
    uint32_t *pos = (uint32_t *)&pos, bad[2] = {0, 9};
    const char *ids[2] = {"x", "y"};
    size_t n = 3;
    (void)state;
    OK(wp_query_parse(&q, "kind:task"));
    FAILS(WP_EINVAL, wp_collection_select_positions(NULL, &n, q, c));
    FAILS(WP_EINVAL, wp_collection_select_positions(&pos, NULL, q, c));
    FAILS(WP_EINVAL, wp_collection_select_positions(&pos, &n, NULL, c));
    assert_null(pos);
    assert_int_equal(n, 0);
    FAILS(WP_EINVAL, wp_collection_select_positions(&pos, &n, q, NULL));
    FAILS(WP_EINVAL, wp_collection_position_ids(NULL, bad, 1, c));
    FAILS(WP_EINVAL, wp_collection_position_ids(ids, NULL, 1, c));
    FAILS(WP_EINVAL, wp_collection_position_ids(ids, bad, 1, NULL));
    /* a position past the last node (the plan has 9: 0..8) */
    FAILS(WP_EINVAL, wp_collection_position_ids(ids, bad, 2, c));
    assert_non_null(strstr(wp_error_last()->message, "position 9"));
    assert_string_equal(ids[0], "x");
    OK(wp_collection_position_ids(ids, bad, 1, c));
    assert_string_equal(ids[0], "1");
    wp_query_free(q);
    wp_collection_free(c);
}

/* Every allocation failure: WP_ENOMEM with nothing handed out and nothing
 * leaked, or the right answer; the collection answers right afterwards. */
static void test_positions_alloc_failure(void **state)
{
    static const char *const texts[] = {"kind:task unit:办公室", "status:done OR category:科普"};
    (void)state;
    for (size_t t = 0; t < 3; t++) {
        for (long fail_at = 0;; fail_at++) {
            counting_alloc a = {0, fail_at, 0};
            wp_collection *c = corpus(2);
            wp_query *q;
            uint32_t *pos = NULL, some[3] = {0, 4, 12};
            const char *ids[3] = {NULL, NULL, NULL};
            size_t n = 99;
            int rc;
            OK(wp_query_parse(&q, texts[t % 2]));
            counting_alloc_install(&a);
            if (t < 2) {
                rc = wp_collection_select_positions(&pos, &n, q, c);
            } else { /* the ids of positions: the corpus index and its id table */
                rc = wp_collection_position_ids(ids, some, 3, c);
                n = 0;
            }
            counting_alloc_remove();
            if (rc == 0) {
                wp_free(pos);
                if (t == 2) {
                    assert_string_equal(ids[0], "1");
                    assert_string_equal(ids[1], "1.1.1.t2");
                    assert_string_equal(ids[2], "1.1.1.t1");
                }
            } else {
                assert_int_equal(rc, WP_ENOMEM);
                assert_null(pos);
                assert_int_equal(n, 0);
                assert_null(ids[0]);
            }
            check_query(c, texts[t % 2]);
            wp_query_free(q);
            wp_collection_free(c);
            if (rc == 0 && a.calls <= fail_at)
                break;
            assert_true(fail_at < 100000);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions_match_foreach),
        cmocka_unit_test(test_positions_empty),
        cmocka_unit_test(test_positions_without_ids),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_positions_bad_arguments),
        cmocka_unit_test(test_positions_alloc_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
