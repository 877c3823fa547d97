/* Roll-ups (matrix, workload, indicators, overdue) and collections. */
#include "helpers.h"
#include "query_fixture.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t row_of(const wp_matrix *m, const char *name)
{
    for (size_t r = 0; r < wp_matrix_unit_count(m); r++)
        if (strcmp(wp_unit_name(wp_matrix_unit(m, r)), name) == 0)
            return r;
    fail_msg("no row for %s", name);
    return 0;
}

static void test_matrix(void **state)
{
    wp_plan *p = *state;
    wp_matrix *m;
    wp_query *q;
    size_t office, xc, xh;
    OK(wp_matrix_build(&m, p, NULL));
    assert_int_equal(wp_matrix_unit_count(m), 4);
    assert_int_equal(wp_matrix_column_count(m), 2);
    assert_string_equal(wp_node_id(wp_matrix_column(m, 0)), "1");
    assert_string_equal(wp_node_id(wp_matrix_column(m, 1)), "2");
    office = row_of(m, "办公室");
    xc = row_of(m, "宣传文化部");
    xh = row_of(m, "学会部");
    /* Cells count measures (leaves) by effective assignments: 1.1.1.t2
     * inherits 1.1.1's (宣传文化部 leads, 办公室 supports); 1.1.1.t1 and
     * 2.1.t1 have their own; headings (1, 1.1.1, 2.1) are not counted. */
    assert_int_equal(wp_matrix_cell(m, office, 0, WP_ROLE_LEAD), 0);
    assert_int_equal(wp_matrix_cell(m, office, 0, WP_ROLE_SUPPORT), 1);
    assert_int_equal(wp_matrix_cell(m, office, 1, WP_ROLE_LEAD), 0);
    assert_int_equal(wp_matrix_cell(m, xc, 0, WP_ROLE_LEAD), 1);
    assert_int_equal(wp_matrix_cell(m, xh, 1, WP_ROLE_RESPONSIBLE), 0);
    assert_int_equal(wp_matrix_cell(m, xh, 1, WP_ROLE_LEAD), 1);
    assert_int_equal(wp_matrix_unit_total(m, office, WP_ROLE_LEAD), 0);
    assert_int_equal(wp_matrix_unit_total(m, office, WP_ROLE_SUPPORT), 1);
    assert_int_equal(wp_matrix_unit_total(m, xh, WP_ROLE_LEAD), 1);
    /* Out of range: 0 / NULL. */
    assert_int_equal(wp_matrix_cell(m, 99, 0, WP_ROLE_LEAD), 0);
    assert_int_equal(wp_matrix_cell(m, 0, 99, WP_ROLE_LEAD), 0);
    assert_int_equal(wp_matrix_cell(m, 0, 0, (wp_role)7), 0);
    assert_int_equal(wp_matrix_unit_total(m, 99, WP_ROLE_LEAD), 0);
    assert_null(wp_matrix_unit(m, 99));
    assert_null(wp_matrix_column(m, 99));
    wp_matrix_free(m);
    /* With a filter: only tasks count. */
    OK(wp_query_kind(&q, WP_NODE_TASK));
    OK(wp_matrix_build(&m, p, q));
    assert_int_equal(wp_matrix_unit_total(m, row_of(m, "办公室"), WP_ROLE_LEAD), 0);
    assert_int_equal(wp_matrix_cell(m, row_of(m, "科普部"), 0, WP_ROLE_LEAD), 1);
    assert_int_equal(wp_matrix_cell(m, row_of(m, "学会部"), 1, WP_ROLE_LEAD), 1);
    assert_int_equal(wp_matrix_cell(m, row_of(m, "学会部"), 1, WP_ROLE_RESPONSIBLE), 0);
    wp_matrix_free(m);
    wp_query_free(q);
    /* Own assignments of every node: the assignments as printed. */
    OK(wp_query_all(&q));
    OK(wp_matrix_build_ex(&m, p, q, WP_ASSIGN_OWN));
    assert_int_equal(wp_matrix_cell(m, row_of(m, "办公室"), 0, WP_ROLE_LEAD), 1);
    assert_int_equal(wp_matrix_cell(m, row_of(m, "办公室"), 0, WP_ROLE_SUPPORT), 1);
    assert_int_equal(wp_matrix_cell(m, row_of(m, "学会部"), 1, WP_ROLE_RESPONSIBLE), 1);
    wp_matrix_free(m);
    wp_query_free(q);
    FAILS(WP_EINVAL, wp_matrix_build_ex(&m, p, NULL, 4));
    wp_matrix_free(NULL);
    assert_int_equal(wp_matrix_unit_count(NULL), 0);
    FAILS(WP_EINVAL, wp_matrix_build(NULL, p, NULL));
    FAILS(WP_EINVAL, wp_matrix_build(&m, NULL, NULL));
}

/* Edits show in the next matrix. */
static void test_matrix_dedup_and_edits(void **state)
{
    wp_plan *p = *state;
    wp_matrix *m;
    wp_node *t2 = wp_plan_find_node(p, "1.1.1.t2");
    wp_unit *office = wp_unit_find(p, "办公室");
    OK(wp_node_assign(t2, office, WP_ROLE_LEAD, NULL));
    FAILS(WP_EEXISTS, wp_node_assign(t2, office, WP_ROLE_LEAD, "张三"));
    OK(wp_matrix_build(&m, p, NULL));
    /* t2's own assignment replaces what it inherited from 1.1.1. */
    assert_int_equal(wp_matrix_cell(m, row_of(m, "办公室"), 0, WP_ROLE_LEAD), 1);
    assert_int_equal(wp_matrix_cell(m, row_of(m, "办公室"), 0, WP_ROLE_SUPPORT), 0);
    wp_matrix_free(m);
    OK(wp_node_remove(wp_plan_find_node(p, "1")));
    OK(wp_matrix_build(&m, p, NULL));
    assert_int_equal(wp_matrix_column_count(m), 1);
    assert_int_equal(wp_matrix_unit_total(m, row_of(m, "办公室"), WP_ROLE_LEAD), 0);
    wp_matrix_free(m);
}

static int collect_ind(wp_indicator *ind, void *payload)
{
    char *buf = payload;
    if (buf[0] != '\0')
        strcat(buf, " ");
    strcat(buf, wp_indicator_text(ind));
    return 0;
}

static int stop_ind(wp_indicator *ind, void *payload)
{
    (void)ind;
    (void)payload;
    return 5;
}

static void test_indicators(void **state)
{
    wp_plan *p = *state;
    wp_indicator *act = wp_node_indicator(wp_plan_find_node(p, "1.1.1"), 0);
    wp_indicator *rate = wp_node_indicator(wp_plan_find_node(p, "2.1"), 0);
    wp_report *r;
    wp_query *q;
    char buf[512] = "";
    /* No approved actual yet. */
    assert_true(isnan(wp_indicator_completion(act)));
    assert_false(wp_indicator_met(act));
    /* Cumulative: approved reports add up; drafts do not count. */
    OK(wp_indicator_set_cumulative(act, true));
    OK(wp_node_add_report(&r, wp_plan_find_node(p, "1.1.1"), wp_date_make(2024, 6, 30)));
    OK(wp_report_set_actual(r, act, 40));
    OK(wp_report_set_state(r, WP_REPORT_APPROVED));
    OK(wp_node_add_report(&r, wp_plan_find_node(p, "1.1.1"), wp_date_make(2024, 9, 30)));
    OK(wp_report_set_actual(r, act, 35));
    OK(wp_report_set_state(r, WP_REPORT_APPROVED));
    OK(wp_node_add_report(&r, wp_plan_find_node(p, "1.1.1"), wp_date_make(2024, 10, 30)));
    OK(wp_report_set_actual(r, act, 100));
    assert_true(fabs(wp_indicator_completion(act) - 0.75) < 1e-12);
    assert_false(wp_indicator_met(act));
    OK(wp_report_set_state(r, WP_REPORT_APPROVED));
    assert_true(fabs(wp_indicator_completion(act) - 1.75) < 1e-12);
    assert_true(wp_indicator_met(act));
    /* Not cumulative: the latest approved value (gt 80). */
    OK(wp_indicator_set_cumulative(rate, false));
    OK(wp_node_add_report(&r, wp_plan_find_node(p, "2.1"), wp_date_make(2024, 6, 30)));
    OK(wp_report_set_actual(r, rate, 85));
    OK(wp_report_set_state(r, WP_REPORT_APPROVED));
    OK(wp_node_add_report(&r, wp_plan_find_node(p, "2.1"), wp_date_make(2024, 9, 30)));
    OK(wp_report_set_actual(r, rate, 80));
    OK(wp_report_set_state(r, WP_REPORT_APPROVED));
    assert_true(wp_indicator_completion(rate) == 1.0);
    assert_false(wp_indicator_met(rate)); /* 80 is not more than 80 */
    /* Ceilings: within = 1, above = target/actual. */
    OK(wp_indicator_set_op(rate, WP_OP_LE));
    assert_true(wp_indicator_met(rate));
    assert_true(wp_indicator_completion(rate) == 1.0);
    OK(wp_indicator_set_value(rate, 40));
    assert_true(wp_indicator_completion(rate) == 0.5);
    assert_false(wp_indicator_met(rate));
    OK(wp_indicator_set_op(rate, WP_OP_APPROX));
    OK(wp_indicator_set_value(rate, 78));
    assert_true(wp_indicator_met(rate));
    OK(wp_indicator_set_value(rate, 0));
    assert_true(isnan(wp_indicator_completion(rate)));
    assert_true(isnan(wp_indicator_completion(NULL)));
    /* The indicator table, in document order; filtered; early stop. */
    OK(wp_plan_foreach_indicator(p, NULL, collect_ind, buf));
    assert_string_equal(buf, "不少于100场次 2家以上 超过80%");
    buf[0] = '\0';
    OK(wp_query_parse(&q, "under:2"));
    OK(wp_plan_foreach_indicator(p, q, collect_ind, buf));
    assert_string_equal(buf, "超过80%");
    wp_query_free(q);
    assert_int_equal(wp_plan_foreach_indicator(p, NULL, stop_ind, NULL), 5);
    FAILS(WP_EINVAL, wp_plan_foreach_indicator(p, NULL, NULL, NULL));
    FAILS(WP_EINVAL, wp_plan_foreach_indicator(NULL, NULL, collect_ind, buf));
}

static int name_plan(wp_node *node, void *payload)
{
    char *buf = payload;
    if (buf[0] != '\0')
        strcat(buf, " ");
    strcat(buf, wp_plan_id(wp_node_plan(node)));
    strcat(buf, ":");
    strcat(buf, wp_node_id(node));
    return 0;
}

static void test_collection(void **state)
{
    wp_collection *c;
    wp_plan *a, *b;
    wp_query *q;
    wp_nodelist *l;
    size_t n;
    char buf[512] = "";
    char path[] = "/tmp/wp_coll_XXXXXX";
    int fd;
    (void)state;
    OK(wp_collection_new(&c));
    OK(fixture_plan(&a));
    OK(fixture_plan(&b));
    OK(wp_plan_set_id(b, "fixture-2025"));
    /* In 2025 学会部 is called 科技社团部, with the old name as alias. */
    OK(wp_unit_add_alias(wp_unit_find(b, "学会部"), "科技社团部"));
    OK(wp_collection_add(c, a));
    OK(wp_collection_add(c, b));
    FAILS(WP_EEXISTS, wp_collection_add(c, a));
    assert_int_equal(wp_collection_count(c), 2);
    assert_ptr_equal(wp_collection_plan(c, 1), b);
    assert_null(wp_collection_plan(c, 2));
    assert_int_equal(wp_collection_node_count(c), 18);
    OK(wp_query_parse(&q, "unit:学会部 role:lead"));
    OK(wp_collection_foreach(q, c, name_plan, buf));
    assert_string_equal(buf, "fixture-2024:2.1.t1 fixture-2025:2.1.t1");
    OK(wp_collection_count_matches(&n, q, c));
    assert_int_equal(n, 2);
    OK(wp_collection_select(&l, q, c, 0));
    assert_int_equal(wp_nodelist_count(l), 2);
    assert_ptr_equal(wp_node_plan(wp_nodelist_get(l, 1)), b);
    wp_nodelist_free(l);
    OK(wp_collection_select(&l, q, c, 1));
    assert_int_equal(wp_nodelist_count(l), 1);
    wp_nodelist_free(l);
    wp_query_free(q);
    OK(wp_query_parse(&q, "unit:科技社团部"));
    OK(wp_collection_count_matches(&n, q, c));
    assert_int_equal(n, 2); /* only plan b knows the alias */

    /* Save both as a corpus and load them into a new collection. */
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    {
        wp_corpus_writer *w;
        wp_collection *c2;
        OK(wp_corpus_writer_open(&w, path, WP_CORPUS_CBOR));
        OK(wp_corpus_writer_add(w, a));
        OK(wp_corpus_writer_add(w, b));
        OK(wp_corpus_writer_commit(w));
        wp_corpus_writer_free(w);
        OK(wp_collection_new(&c2));
        OK(wp_collection_load(c2, path));
        assert_int_equal(wp_collection_count(c2), 2);
        OK(wp_collection_count_matches(&n, q, c2));
        assert_int_equal(n, 2);
        FAILS(WP_EIO, wp_collection_load(c2, "/nonexistent/corpus.cbor"));
        FAILS(WP_EINVAL, wp_collection_load(NULL, path));
        wp_collection_free(c2);
    }
    unlink(path);
    FAILS(WP_EINVAL, wp_collection_foreach(q, c, NULL, NULL));
    FAILS(WP_EINVAL, wp_collection_count_matches(NULL, q, c));
    FAILS(WP_EINVAL, wp_collection_select(NULL, q, c, 0));
    FAILS(WP_EINVAL, wp_collection_add(NULL, a));
    FAILS(WP_EINVAL, wp_collection_new(NULL));
    wp_query_free(q);
    wp_collection_free(c);
    wp_collection_free(NULL);
    assert_int_equal(wp_collection_count(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matrix, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_matrix_dedup_and_edits, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_indicators, fixture_setup, fixture_teardown),
        cmocka_unit_test(test_collection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
