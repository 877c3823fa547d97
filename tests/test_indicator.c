/* Indicators, progress reports and derived actuals. */
#include "helpers.h"

#include <math.h>
#include <string.h>

typedef struct fixture {
    wp_plan *plan;
    wp_node *node;
    wp_unit *unit;
} fixture;

static int setup(void **state)
{
    fixture *f = test_malloc(sizeof *f);
    OK(wp_plan_new(&f->plan));
    OK(wp_node_new(&f->node, f->plan, WP_NODE_TASK));
    OK(wp_unit_add(&f->unit, f->plan, "办公室", NULL));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    wp_plan_free(f->plan);
    test_free(f);
    return 0;
}

static void test_indicator_fields(void **state)
{
    fixture *f = *state;
    wp_indicator *ind;
    wp_op op;
    OK(wp_node_add_indicator(&ind, f->node, "新建院士工作站2家以上"));
    assert_int_equal(wp_node_indicator_count(f->node), 1);
    assert_ptr_equal(wp_node_indicator(f->node, 0), ind);
    assert_null(wp_node_indicator(f->node, 1));
    assert_ptr_equal(wp_indicator_node(ind), f->node);
    assert_int_equal(wp_indicator_index(ind), 0);
    /* defaults */
    assert_string_equal(wp_indicator_text(ind), "新建院士工作站2家以上");
    assert_null(wp_indicator_subject(ind));
    assert_null(wp_indicator_unit(ind));
    assert_int_equal(wp_indicator_op(ind), WP_OP_EQ);
    assert_true(wp_indicator_value(ind) == 0.0);
    assert_false(wp_indicator_aspirational(ind));
    assert_true(wp_indicator_cumulative(ind));
    assert_true(isnan(wp_indicator_baseline(ind)));
    assert_true(isnan(wp_indicator_actual(ind)));

    OK(wp_indicator_set_subject(ind, "院士工作站"));
    OK(wp_indicator_set_unit(ind, "家"));
    OK(wp_indicator_set_op(ind, WP_OP_GE));
    OK(wp_indicator_set_value(ind, 2));
    OK(wp_indicator_set_aspirational(ind, true));
    OK(wp_indicator_set_cumulative(ind, false));
    OK(wp_indicator_set_baseline(ind, 5));
    OK(wp_indicator_set_text(ind, "2家以上"));
    assert_string_equal(wp_indicator_subject(ind), "院士工作站");
    assert_string_equal(wp_indicator_unit(ind), "家");
    assert_string_equal(wp_indicator_text(ind), "2家以上");
    assert_int_equal(wp_indicator_op(ind), WP_OP_GE);
    assert_true(wp_indicator_value(ind) == 2.0);
    assert_true(wp_indicator_aspirational(ind));
    assert_false(wp_indicator_cumulative(ind));
    assert_true(wp_indicator_baseline(ind) == 5.0);
    OK(wp_indicator_set_baseline(ind, NAN));
    assert_true(isnan(wp_indicator_baseline(ind)));

    FAILS(WP_EINVAL, wp_indicator_set_text(ind, NULL));
    FAILS(WP_EINVAL, wp_indicator_set_text(ind, ""));
    FAILS(WP_EINVAL, wp_indicator_set_value(ind, NAN));
    FAILS(WP_EINVAL, wp_indicator_set_value(ind, INFINITY));
    FAILS(WP_EINVAL, wp_indicator_set_baseline(ind, -INFINITY));
    FAILS(WP_EINVAL, wp_indicator_set_op(ind, (wp_op)7));
    /* A range (MODEL.md: op range, value the low bound, max the high one). */
    assert_true(isnan(wp_indicator_max(ind)));
    OK(wp_indicator_set_op(ind, WP_OP_RANGE));
    OK(wp_indicator_set_max(ind, 15));
    assert_int_equal(wp_indicator_op(ind), WP_OP_RANGE);
    assert_true(wp_indicator_max(ind) == 15);
    assert_string_equal(wp_op_name(WP_OP_RANGE), "range");
    FAILS(WP_EINVAL, wp_indicator_set_max(ind, INFINITY));
    {
        /* The range survives CBOR and JSON. */
        uint8_t *cbor;
        size_t n;
        char *json;
        wp_plan *plan, *back;
        wp_node *node;
        wp_indicator *r;
        OK(wp_plan_new(&plan));
        OK(wp_node_new(&node, plan, WP_NODE_TASK));
        OK(wp_plan_append_node(plan, node));
        OK(wp_node_add_indicator(&r, node, "10-15名"));
        OK(wp_indicator_set_op(r, WP_OP_RANGE));
        OK(wp_indicator_set_value(r, 10));
        OK(wp_indicator_set_max(r, 15));
        OK(wp_plan_to_cbor(&cbor, &n, plan));
        OK(wp_plan_from_cbor(&back, cbor, n));
        assert_true(wp_plan_equal(back, plan));
        assert_true(wp_indicator_max(wp_node_indicator(wp_plan_first_node(back), 0)) == 15);
        wp_plan_free(back);
        wp_free(cbor);
        OK(wp_plan_to_json(&json, &n, plan, 0));
        assert_non_null(strstr(json, "\"max\":15"));
        OK(wp_plan_from_json(&back, json, n));
        assert_true(wp_plan_equal(back, plan));
        wp_plan_free(back);
        wp_free(json);
        wp_plan_free(plan);
    }
    OK(wp_indicator_set_max(ind, NAN));
    OK(wp_indicator_set_op(ind, WP_OP_EQ));
    FAILS(WP_EUTF8, wp_indicator_set_unit(ind, "\xff"));
    FAILS(WP_EINVAL, wp_indicator_set_value(NULL, 1));
    FAILS(WP_EINVAL, wp_indicator_set_aspirational(NULL, true));
    FAILS(WP_EINVAL, wp_node_add_indicator(&ind, f->node, ""));
    assert_null(ind);
    FAILS(WP_EINVAL, wp_node_add_indicator(NULL, NULL, "x"));
    FAILS(WP_EUTF8, wp_node_add_indicator(NULL, f->node, "\xc2"));
    assert_int_equal(wp_node_indicator_count(f->node), 1);

    assert_string_equal(wp_op_name(WP_OP_APPROX), "approx");
    assert_null(wp_op_name((wp_op)7));
    OK(wp_op_parse(&op, "lt"));
    assert_int_equal(op, WP_OP_LT);
    FAILS(WP_EINVAL, wp_op_parse(&op, ">="));
    /* NULL-safe getters */
    assert_null(wp_indicator_text(NULL));
    assert_int_equal(wp_indicator_op(NULL), WP_OP_EQ);
    assert_true(wp_indicator_value(NULL) == 0.0);
    assert_false(wp_indicator_cumulative(NULL));
    assert_true(isnan(wp_indicator_baseline(NULL)));
    assert_int_equal(wp_indicator_index(NULL), (size_t)-1);
    assert_int_equal(wp_node_indicator_count(NULL), 0);
}

static void test_remove_indicator(void **state)
{
    fixture *f = *state;
    wp_indicator *a, *b;
    wp_report *r;
    OK(wp_node_add_indicator(&a, f->node, "100场次"));
    OK(wp_node_add_indicator(&b, f->node, "80%"));
    OK(wp_node_add_report(&r, f->node, 20240601));
    OK(wp_report_set_actual(r, a, 40));
    OK(wp_report_set_actual(r, b, 70));
    OK(wp_node_remove_indicator(f->node, 0));
    assert_int_equal(wp_node_indicator_count(f->node), 1);
    assert_ptr_equal(wp_node_indicator(f->node, 0), b);
    assert_int_equal(wp_indicator_index(b), 0);
    /* The actual for the removed indicator went with it. */
    assert_int_equal(wp_report_actual_count(r), 1);
    assert_ptr_equal(wp_report_actual_indicator(r, 0), b);
    FAILS(WP_EREMOVED, wp_indicator_set_value(a, 1));
    assert_null(wp_indicator_text(a));
    assert_null(wp_indicator_node(a));
    FAILS(WP_EREMOVED, wp_report_set_actual(r, a, 1));
    FAILS(WP_EINVAL, wp_node_remove_indicator(f->node, 1));
    FAILS(WP_EINVAL, wp_node_remove_indicator(NULL, 0));
}

static void test_reports(void **state)
{
    fixture *f = *state;
    wp_report *r, *r2;
    wp_indicator *ind;
    wp_node *other;
    wp_indicator *foreign;
    wp_report_state s;
    OK(wp_node_add_indicator(&ind, f->node, "100场次"));
    OK(wp_node_new(&other, f->plan, WP_NODE_TASK));
    OK(wp_node_add_indicator(&foreign, other, "3个"));
    OK(wp_node_add_report(&r, f->node, 20240331));
    assert_int_equal(wp_node_report_count(f->node), 1);
    assert_ptr_equal(wp_node_report(f->node, 0), r);
    assert_null(wp_node_report(f->node, 1));
    assert_ptr_equal(wp_report_node(r), f->node);
    assert_int_equal(wp_report_date(r), 20240331);
    assert_int_equal(wp_report_state_of(r), WP_REPORT_DRAFT);
    assert_null(wp_report_by(r));
    assert_null(wp_report_text(r));
    assert_true(isnan(wp_report_percent(r)));
    assert_int_equal(wp_report_actual_count(r), 0);

    OK(wp_report_set_date(r, 20240401));
    OK(wp_report_set_by(r, f->unit));
    OK(wp_report_set_text(r, "已开展30场"));
    OK(wp_report_set_percent(r, 30));
    OK(wp_report_set_state(r, WP_REPORT_SUBMITTED));
    OK(wp_report_set_actual(r, ind, 30));
    OK(wp_report_set_actual(r, ind, 31)); /* replaces */
    assert_int_equal(wp_report_date(r), 20240401);
    assert_ptr_equal(wp_report_by(r), f->unit);
    assert_string_equal(wp_report_text(r), "已开展30场");
    assert_true(wp_report_percent(r) == 30.0);
    assert_int_equal(wp_report_state_of(r), WP_REPORT_SUBMITTED);
    assert_int_equal(wp_report_actual_count(r), 1);
    assert_ptr_equal(wp_report_actual_indicator(r, 0), ind);
    assert_true(wp_report_actual_value(r, 0) == 31.0);
    assert_true(wp_report_actual_for(r, ind) == 31.0);
    assert_true(isnan(wp_report_actual_for(r, foreign)));
    assert_null(wp_report_actual_indicator(r, 1));
    assert_true(isnan(wp_report_actual_value(r, 1)));
    OK(wp_report_set_by(r, NULL));
    assert_null(wp_report_by(r));
    OK(wp_report_set_percent(r, NAN));

    FAILS(WP_EINVAL, wp_report_set_date(r, 20241332));
    FAILS(WP_EINVAL, wp_report_set_percent(r, 101));
    FAILS(WP_EINVAL, wp_report_set_percent(r, -0.5));
    FAILS(WP_EINVAL, wp_report_set_state(r, (wp_report_state)4));
    FAILS(WP_EINVAL, wp_report_set_actual(r, foreign, 1));
    assert_non_null(strstr(wp_error_last()->message, "another node"));
    FAILS(WP_EINVAL, wp_report_set_actual(r, ind, NAN));
    FAILS(WP_EINVAL, wp_report_set_actual(r, NULL, 1));
    FAILS(WP_EUTF8, wp_report_set_text(r, "\xff"));
    FAILS(WP_EINVAL, wp_node_add_report(&r2, f->node, 0));
    assert_null(r2);
    FAILS(WP_EINVAL, wp_node_add_report(NULL, NULL, 20240101));
    {
        wp_plan *p2;
        wp_unit *u2;
        OK(wp_plan_new(&p2));
        OK(wp_unit_add(&u2, p2, "x", NULL));
        FAILS(WP_EINVAL, wp_report_set_by(r, u2));
        wp_plan_free(p2);
    }
    OK(wp_node_add_report(&r2, f->node, 20240501));
    OK(wp_node_remove_report(f->node, 0));
    assert_int_equal(wp_node_report_count(f->node), 1);
    assert_ptr_equal(wp_node_report(f->node, 0), r2);
    FAILS(WP_EREMOVED, wp_report_set_text(r, "x"));
    FAILS(WP_EREMOVED, wp_report_set_date(r, 20240101));
    FAILS(WP_EREMOVED, wp_report_set_by(r, NULL));
    FAILS(WP_EREMOVED, wp_report_set_percent(r, 1));
    FAILS(WP_EREMOVED, wp_report_set_state(r, WP_REPORT_DRAFT));
    assert_null(wp_report_node(r));
    assert_int_equal(wp_report_date(r), WP_DATE_NONE);
    assert_int_equal(wp_report_actual_count(r), 0);
    FAILS(WP_EINVAL, wp_node_remove_report(f->node, 1));
    FAILS(WP_EINVAL, wp_report_set_text(NULL, "x"));
    assert_int_equal(wp_node_report_count(NULL), 0);

    assert_string_equal(wp_report_state_name(WP_REPORT_RETURNED), "returned");
    assert_null(wp_report_state_name((wp_report_state)4));
    OK(wp_report_state_parse(&s, "approved"));
    assert_int_equal(s, WP_REPORT_APPROVED);
    FAILS(WP_EINVAL, wp_report_state_parse(&s, "ok"));
}

/* The same checks with `fillers` indicators on the node first: from 16 on,
 * wp_indicator_actual computes the node's actuals together and keeps them
 * until the plan changes, so every step below also tests that a change
 * (a state, a date, an actual) is seen. */
static void actual_rollup(fixture *f, int fillers)
{
    wp_indicator *count, *rate, *filler = NULL;
    wp_report *q1, *q2, *q3, *draft;
    for (int i = 0; i < fillers; i++)
        OK(wp_node_add_indicator(&filler, f->node, "1个"));
    OK(wp_node_add_indicator(&count, f->node, "100场次"));
    OK(wp_node_add_indicator(&rate, f->node, "80%"));
    OK(wp_indicator_set_cumulative(rate, false));
    /* Reports added out of date order. */
    OK(wp_node_add_report(&q2, f->node, 20240630));
    OK(wp_node_add_report(&q1, f->node, 20240331));
    OK(wp_node_add_report(&q3, f->node, 20240930));
    OK(wp_node_add_report(&draft, f->node, 20241231));
    OK(wp_report_set_actual(q1, count, 20));
    OK(wp_report_set_actual(q1, rate, 60));
    OK(wp_report_set_actual(q2, count, 30));
    OK(wp_report_set_actual(q2, rate, 75));
    OK(wp_report_set_actual(q3, count, 25));
    OK(wp_report_set_actual(draft, count, 1000));
    OK(wp_report_set_actual(draft, rate, 99));
    /* Nothing approved yet. */
    assert_true(isnan(wp_indicator_actual(count)));
    OK(wp_report_set_state(q1, WP_REPORT_APPROVED));
    OK(wp_report_set_state(q2, WP_REPORT_APPROVED));
    OK(wp_report_set_state(q3, WP_REPORT_RETURNED));
    OK(wp_report_set_state(draft, WP_REPORT_SUBMITTED));
    /* Cumulative: sum of approved; rate: latest approved by date. */
    assert_true(wp_indicator_actual(count) == 50.0);
    assert_true(wp_indicator_actual(rate) == 75.0);
    OK(wp_report_set_state(q3, WP_REPORT_APPROVED));
    assert_true(wp_indicator_actual(count) == 75.0);
    assert_true(wp_indicator_actual(rate) == 75.0); /* q3 gives no rate */
    /* Same date: the later report wins. */
    OK(wp_report_set_date(q1, 20240630));
    OK(wp_report_set_state(q1, WP_REPORT_APPROVED));
    assert_true(wp_indicator_actual(rate) == 60.0);
    assert_true(isnan(wp_indicator_actual(NULL)));
    OK(wp_report_set_actual(q2, count, 35)); /* a changed actual */
    assert_true(wp_indicator_actual(count) == 80.0);
    if (filler != NULL) {
        assert_true(isnan(wp_indicator_actual(filler))); /* none reported */
        OK(wp_report_set_actual(q1, filler, 7));
        assert_true(wp_indicator_actual(filler) == 7.0);
        OK(wp_report_set_state(q1, WP_REPORT_RETURNED));
        assert_true(isnan(wp_indicator_actual(filler)));
        assert_true(wp_indicator_actual(count) == 60.0);
    }
}

static void test_actual_rollup(void **state) { actual_rollup(*state, 0); }
static void test_actual_rollup_cached(void **state) { actual_rollup(*state, 20); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_indicator_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_indicator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_actual_rollup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_actual_rollup_cached, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
