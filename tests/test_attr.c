/* Custom attributes on plans and nodes. */
#include "helpers.h"

#include <math.h>
#include <string.h>

static void test_set_get(void **state)
{
    wp_plan *plan;
    wp_attrs *a;
    const wp_value *v;
    wp_value tv = {.type = WP_VALUE_TEXT, .as.text = "督办"};
    (void)state;
    OK(wp_plan_new(&plan));
    a = wp_plan_attrs(plan);
    OK(wp_attrs_set_text(a, "oa.flag", "红"));
    OK(wp_attrs_set_int(a, "b.count", -42));
    OK(wp_attrs_set_float(a, "c.weight", 0.5));
    OK(wp_attrs_set_bool(a, "a.key", true));
    OK(wp_attrs_set(a, "d.copy", &tv));
    assert_int_equal(wp_attrs_count(a), 5);
    /* sorted by key */
    assert_string_equal(wp_attrs_key(a, 0), "a.key");
    assert_string_equal(wp_attrs_key(a, 1), "b.count");
    assert_string_equal(wp_attrs_key(a, 2), "c.weight");
    assert_string_equal(wp_attrs_key(a, 3), "d.copy");
    assert_string_equal(wp_attrs_key(a, 4), "oa.flag");
    assert_null(wp_attrs_key(a, 5));
    assert_null(wp_attrs_value(a, 5));
    v = wp_attrs_get(a, "oa.flag");
    assert_int_equal(v->type, WP_VALUE_TEXT);
    assert_string_equal(v->as.text, "红");
    v = wp_attrs_get(a, "b.count");
    assert_int_equal(v->type, WP_VALUE_INT);
    assert_int_equal(v->as.integer, -42);
    v = wp_attrs_value(a, 2);
    assert_int_equal(v->type, WP_VALUE_FLOAT);
    assert_true(v->as.real == 0.5);
    assert_true(wp_attrs_get(a, "a.key")->as.boolean);
    assert_null(wp_attrs_get(a, "missing"));
    assert_null(wp_attrs_get(a, NULL));
    /* Replace, changing the type. */
    OK(wp_attrs_set_int(a, "oa.flag", 3));
    assert_int_equal(wp_attrs_count(a), 5);
    assert_int_equal(wp_attrs_get(a, "oa.flag")->type, WP_VALUE_INT);
    /* Remove. */
    OK(wp_attrs_remove(a, "b.count"));
    assert_int_equal(wp_attrs_count(a), 4);
    assert_string_equal(wp_attrs_key(a, 1), "c.weight");
    FAILS(WP_ENOTFOUND, wp_attrs_remove(a, "b.count"));
    FAILS(WP_EINVAL, wp_attrs_remove(a, NULL));
    FAILS(WP_EINVAL, wp_attrs_remove(NULL, "x"));
    /* Bad input. */
    FAILS(WP_EINVAL, wp_attrs_set_text(a, "", "x"));
    FAILS(WP_EINVAL, wp_attrs_set_text(a, NULL, "x"));
    FAILS(WP_EINVAL, wp_attrs_set_text(a, "k", NULL));
    FAILS(WP_EINVAL, wp_attrs_set_float(a, "k", NAN));
    FAILS(WP_EINVAL, wp_attrs_set_float(a, "k", INFINITY));
    FAILS(WP_EINVAL, wp_attrs_set(a, "k", NULL));
    FAILS(WP_EUTF8, wp_attrs_set_text(a, "k", "\xff"));
    FAILS(WP_EUTF8, wp_attrs_set_int(a, "\xff", 1));
    {
        wp_value bad = {.type = (wp_value_type)9};
        FAILS(WP_EINVAL, wp_attrs_set(a, "k", &bad));
    }
    FAILS(WP_EINVAL, wp_attrs_set_bool(NULL, "k", true));
    assert_int_equal(wp_attrs_count(a), 4);
    assert_int_equal(wp_attrs_count(NULL), 0);
    assert_string_equal(wp_value_type_name(WP_VALUE_FLOAT), "float");
    assert_null(wp_value_type_name((wp_value_type)4));
    wp_plan_free(plan);
}

static void test_node_attrs(void **state)
{
    wp_plan *plan;
    wp_node *n;
    wp_attrs *a;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_node_new(&n, plan, WP_NODE_TASK));
    a = wp_node_attrs(n);
    assert_non_null(a);
    OK(wp_attrs_set_int(a, "priority", 1));
    assert_int_equal(wp_attrs_count(wp_node_attrs(n)), 1);
    assert_int_equal(wp_attrs_count(wp_plan_attrs(plan)), 0);
    /* Many keys, inserted out of order, stay sorted. */
    for (int i = 99; i >= 0; i--) {
        char key[16];
        snprintf(key, sizeof key, "k%03d", i);
        OK(wp_attrs_set_int(a, key, i));
    }
    assert_int_equal(wp_attrs_count(a), 101);
    for (size_t i = 1; i < wp_attrs_count(a); i++)
        assert_true(strcmp(wp_attrs_key(a, i - 1), wp_attrs_key(a, i)) < 0);
    assert_int_equal(wp_attrs_get(a, "k042")->as.integer, 42);
    /* The map of a removed node refuses changes and reads as empty. */
    OK(wp_node_remove(n));
    FAILS(WP_EREMOVED, wp_attrs_set_int(a, "x", 1));
    FAILS(WP_EREMOVED, wp_attrs_remove(a, "priority"));
    assert_int_equal(wp_attrs_count(a), 0);
    assert_null(wp_attrs_get(a, "priority"));
    assert_null(wp_attrs_key(a, 0));
    assert_null(wp_plan_attrs(NULL));
    wp_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_get),
        cmocka_unit_test(test_node_attrs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
