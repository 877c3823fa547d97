/* Bulk columns (columns.h): rows, integer columns, interned units. */
#include "helpers.h"

#include <string.h>

/* Two plans sharing a unit name: 办公室 is one code across both. */
static void make_plans(wp_plan **a, wp_plan **b)
{
    wp_unit *office, *press, *office2;
    wp_node *sec, *t1, *t2, *t3;
    wp_deadline dl = {NULL, 0, 20240630, WP_PRECISION_MONTH, false};
    wp_indicator *ind;
    OK(wp_plan_new(a));
    OK(wp_plan_set_id(*a, "p1"));
    OK(wp_unit_add(&office, *a, "办公室", NULL));
    OK(wp_unit_add(&press, *a, "宣传部", NULL));
    OK(wp_node_new(&sec, *a, WP_NODE_SECTION));
    OK(wp_node_set_title(sec, "一、总体"));
    OK(wp_plan_append_node(*a, sec));
    OK(wp_node_new(&t1, *a, WP_NODE_TASK));
    OK(wp_node_set_text(t1, "办好活动。"));
    OK(wp_node_append_child(sec, t1));
    OK(wp_node_assign(t1, press, WP_ROLE_SUPPORT, NULL));
    OK(wp_node_assign(t1, office, WP_ROLE_LEAD, NULL));
    OK(wp_node_set_deadline(t1, &dl));
    OK(wp_node_add_indicator(&ind, t1, "10场"));
    OK(wp_node_new(&t2, *a, WP_NODE_TASK));
    OK(wp_node_set_text(t2, "第二项。"));
    OK(wp_node_set_status(t2, WP_STATUS_DONE));
    OK(wp_node_append_child(sec, t2));
    OK(wp_plan_assign_ids(*a));

    OK(wp_plan_new(b));
    OK(wp_unit_add(&office2, *b, "办公室", NULL));
    OK(wp_node_new(&t3, *b, WP_NODE_TASK));
    OK(wp_node_set_text(t3, "第三项。"));
    OK(wp_plan_append_node(*b, t3));
    OK(wp_node_assign(t3, office2, WP_ROLE_LEAD, NULL));
}

static void test_tasks(void **state)
{
    wp_plan *a, *b, *plans[2];
    wp_columns *c;
    const uint32_t *off;
    const int32_t *codes, *plan, *due, *lead, *status, *inds;
    const uint8_t *roles;
    (void)state;
    make_plans(&a, &b);
    plans[0] = a;
    plans[1] = b;
    OK(wp_columns_build(&c, plans, 2, WP_NODE_TASK));
    assert_int_equal(wp_columns_rows(c), 3);
    assert_int_equal(wp_columns_plan_count(c), 2);
    assert_ptr_equal(wp_columns_plan(c, 1), b);
    assert_null(wp_columns_plan(c, 2));
    assert_string_equal(wp_columns_text(c, WP_COL_TEXT, 0), "办好活动。");
    assert_string_equal(wp_columns_text(c, WP_COL_TEXT, 2), "第三项。");
    assert_null(wp_columns_text(c, WP_COL_TITLE, 0));
    assert_null(wp_columns_text(c, WP_COL_TEXT, 3));
    assert_null(wp_columns_text(c, WP_COL_PLAN, 0)); /* not a text column */
    assert_null(wp_columns_ints(c, WP_COL_TEXT));    /* not an int column */
    plan = wp_columns_ints(c, WP_COL_PLAN);
    due = wp_columns_ints(c, WP_COL_DUE);
    lead = wp_columns_ints(c, WP_COL_LEAD);
    status = wp_columns_ints(c, WP_COL_STATUS);
    inds = wp_columns_ints(c, WP_COL_INDICATORS);
    assert_int_equal(plan[0], 0);
    assert_int_equal(plan[2], 1);
    assert_int_equal(due[0], 20240630);
    assert_int_equal(due[1], 0);
    assert_int_equal(status[1], WP_STATUS_DONE);
    assert_int_equal(inds[0], 1);
    assert_int_equal(inds[1], 0);
    /* units interned across plans: 宣传部 first seen, then 办公室 */
    assert_int_equal(wp_columns_unit_count(c), 2);
    assert_string_equal(wp_columns_unit_name(c, 0), "宣传部");
    assert_string_equal(wp_columns_unit_name(c, 1), "办公室");
    assert_null(wp_columns_unit_name(c, 2));
    assert_int_equal(lead[0], 1); /* the lead, not the first assignment */
    assert_int_equal(lead[1], -1);
    assert_int_equal(lead[2], 1); /* the same name in plan b: the same code */
    assert_int_equal(wp_columns_assignments(c, &off, &codes, &roles), 3);
    assert_int_equal(off[0], 0);
    assert_int_equal(off[1], 2);
    assert_int_equal(off[2], 2);
    assert_int_equal(off[3], 3);
    assert_int_equal(codes[0], 0);
    assert_int_equal(roles[0], WP_ROLE_SUPPORT);
    assert_int_equal(codes[1], 1);
    assert_int_equal(roles[1], WP_ROLE_LEAD);
    assert_ptr_equal(wp_columns_node(c, 2), wp_plan_first_node(b));
    assert_null(wp_columns_node(c, 3));
    wp_columns_free(c);

    /* every kind, in document order */
    OK(wp_columns_build(&c, plans, 2, WP_COLUMNS_ALL_KINDS));
    assert_int_equal(wp_columns_rows(c), 4);
    assert_int_equal(wp_columns_ints(c, WP_COL_KIND)[0], WP_NODE_SECTION);
    assert_string_equal(wp_columns_text(c, WP_COL_ID, 1), wp_node_id(wp_columns_node(c, 1)));
    wp_columns_free(c);
    wp_plan_free(a);
    wp_plan_free(b);
}

static void test_collection_and_errors(void **state)
{
    wp_collection *coll;
    wp_plan *a, *b;
    wp_columns *c = NULL;
    (void)state;
    make_plans(&a, &b);
    OK(wp_collection_new(&coll));
    OK(wp_collection_add(coll, a));
    OK(wp_collection_add(coll, b));
    OK(wp_collection_columns(&c, coll, WP_NODE_POINT));
    assert_int_equal(wp_columns_rows(c), 0);
    wp_columns_free(c);
    FAILS(WP_EINVAL, wp_collection_columns(&c, coll, 99));
    FAILS(WP_EINVAL, wp_collection_columns(NULL, coll, WP_NODE_TASK));
    FAILS(WP_EINVAL, wp_columns_build(&c, NULL, 1, WP_NODE_TASK));
    assert_int_equal(wp_columns_rows(NULL), 0);
    assert_null(wp_columns_ints(NULL, WP_COL_DUE));
    wp_columns_free(NULL);
    wp_collection_free(coll);
}

/* Every allocation failure is reported, and nothing leaks. */
static void test_alloc_failures(void **state)
{
    wp_plan *a, *b, *plans[2];
    (void)state;
    make_plans(&a, &b);
    plans[0] = a;
    plans[1] = b;
    for (long k = 0;; k++) {
        counting_alloc ca = {0, k, 0};
        wp_columns *c = NULL;
        int rc;
        counting_alloc_install(&ca);
        rc = wp_columns_build(&c, plans, 2, WP_NODE_TASK);
        wp_columns_free(c);
        counting_alloc_remove();
        assert_int_equal(ca.live, 0);
        if (rc == 0)
            break;
        assert_int_equal(rc, WP_ENOMEM);
        assert_null(c);
    }
    wp_plan_free(a);
    wp_plan_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_collection_and_errors),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
