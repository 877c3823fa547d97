/* The depth-first iterator. */
#include "helpers.h"

#include <string.h>

/* Record the events of an iteration as "+id" (enter) and "-id" (exit). */
static const char *trace(wp_iter *it)
{
    static char buf[1024];
    wp_event ev;
    buf[0] = '\0';
    while ((ev = wp_iter_next(it)) != WP_EVENT_DONE) {
        assert_int_equal(wp_iter_event(it), ev);
        strcat(buf, ev == WP_EVENT_ENTER ? "+" : "-");
        strcat(buf, wp_node_id(wp_iter_node(it)));
    }
    assert_null(wp_iter_node(it));
    assert_int_equal(wp_iter_next(it), WP_EVENT_DONE); /* stays done */
    return buf;
}

static wp_node *add(wp_plan *plan, wp_node *parent, wp_node_kind kind, const char *id)
{
    wp_node *n;
    OK(wp_node_new(&n, plan, kind));
    OK(wp_node_set_id(n, id));
    if (parent)
        OK(wp_node_append_child(parent, n));
    else
        OK(wp_plan_append_node(plan, n));
    return n;
}

static void test_walk(void **state)
{
    wp_plan *plan;
    wp_iter *it;
    wp_node *a, *b, *c;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_iter_new(&it, plan));
    assert_int_equal(wp_iter_event(it), WP_EVENT_NONE);
    assert_string_equal(trace(it), ""); /* empty plan */
    wp_iter_free(it);

    a = add(plan, NULL, WP_NODE_SECTION, "A");
    b = add(plan, a, WP_NODE_POINT, "B");
    add(plan, b, WP_NODE_TASK, "C");
    add(plan, b, WP_NODE_TASK, "D");
    add(plan, a, WP_NODE_POINT, "E");
    c = add(plan, NULL, WP_NODE_SECTION, "F");
    OK(wp_iter_new(&it, plan));
    assert_string_equal(trace(it), "+A+B+C-C+D-D-B+E-E-A+F-F");
    wp_iter_free(it);

    OK(wp_iter_new_node(&it, b));
    assert_string_equal(trace(it), "+B+C-C+D-D-B");
    wp_iter_free(it);
    OK(wp_iter_new_node(&it, c)); /* a leaf */
    assert_string_equal(trace(it), "+F-F");
    wp_iter_free(it);
    wp_plan_free(plan);
}

static void test_reset_and_skip(void **state)
{
    wp_plan *plan, *other;
    wp_iter *it;
    wp_node *a, *b, *x;
    char buf[256] = "";
    wp_event ev;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_plan_new(&other));
    a = add(plan, NULL, WP_NODE_SECTION, "A");
    b = add(plan, a, WP_NODE_POINT, "B");
    add(plan, b, WP_NODE_TASK, "C");
    add(plan, a, WP_NODE_POINT, "E");
    x = add(other, NULL, WP_NODE_SECTION, "X");
    OK(wp_iter_new(&it, plan));
    /* Skip B's subtree by jumping to its exit: the next event is the
     * one after B's exit (as in cmark, the reset event itself is not
     * returned again). */
    while ((ev = wp_iter_next(it)) != WP_EVENT_DONE) {
        wp_node *n = wp_iter_node(it);
        strcat(buf, ev == WP_EVENT_ENTER ? "+" : "-");
        strcat(buf, wp_node_id(n));
        if (ev == WP_EVENT_ENTER && n == b)
            OK(wp_iter_reset(it, b, WP_EVENT_EXIT));
    }
    assert_string_equal(buf, "+A+B+E-E-A");
    FAILS(WP_EINVAL, wp_iter_reset(it, x, WP_EVENT_ENTER));
    FAILS(WP_EINVAL, wp_iter_reset(it, a, WP_EVENT_DONE));
    FAILS(WP_EINVAL, wp_iter_reset(NULL, a, WP_EVENT_ENTER));
    FAILS(WP_EINVAL, wp_iter_reset(it, NULL, WP_EVENT_ENTER));
    OK(wp_iter_reset(it, a, WP_EVENT_ENTER));
    assert_ptr_equal(wp_iter_node(it), a);
    wp_iter_free(it);

    /* A subtree iterator refuses nodes outside its subtree. */
    OK(wp_iter_new_node(&it, b));
    FAILS(WP_EINVAL, wp_iter_reset(it, a, WP_EVENT_ENTER));
    wp_iter_free(it);
    wp_plan_free(plan);
    wp_plan_free(other);
}

static void test_remove_on_exit(void **state)
{
    wp_plan *plan;
    wp_iter *it;
    wp_event ev;
    wp_node *a;
    (void)state;
    OK(wp_plan_new(&plan));
    a = add(plan, NULL, WP_NODE_SECTION, "A");
    add(plan, a, WP_NODE_TASK, "B");
    add(plan, a, WP_NODE_TASK, "C");
    add(plan, a, WP_NODE_TASK, "D");
    add(plan, NULL, WP_NODE_SECTION, "E");
    /* Removing the node of the current EXIT event is allowed. */
    OK(wp_iter_new(&it, plan));
    while ((ev = wp_iter_next(it)) != WP_EVENT_DONE)
        if (ev == WP_EVENT_EXIT && wp_node_kind_of(wp_iter_node(it)) == WP_NODE_TASK)
            OK(wp_node_remove(wp_iter_node(it)));
    wp_iter_free(it);
    assert_int_equal(wp_plan_node_count(plan), 2);
    wp_plan_free(plan);
}

static void test_bad_args(void **state)
{
    wp_plan *plan;
    wp_iter *it = (wp_iter *)1;
    wp_node *n;
    (void)state;
    OK(wp_plan_new(&plan));
    FAILS(WP_EINVAL, wp_iter_new(NULL, plan));
    FAILS(WP_EINVAL, wp_iter_new(&it, NULL));
    assert_null(it);
    FAILS(WP_EINVAL, wp_iter_new_node(NULL, NULL));
    FAILS(WP_EINVAL, wp_iter_new_node(&it, NULL));
    OK(wp_node_new(&n, plan, WP_NODE_TASK));
    OK(wp_node_remove(n));
    FAILS(WP_EREMOVED, wp_iter_new_node(&it, n));
    assert_int_equal(wp_iter_next(NULL), WP_EVENT_DONE);
    assert_int_equal(wp_iter_event(NULL), WP_EVENT_DONE);
    assert_null(wp_iter_node(NULL));
    wp_iter_free(NULL);
    wp_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk),
        cmocka_unit_test(test_reset_and_skip),
        cmocka_unit_test(test_remove_on_exit),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
