/* The unit registry and assignments. */
#include "helpers.h"

#include <stdio.h>
#include <string.h>

static void test_add_find(void **state)
{
    wp_plan *plan;
    wp_unit *a, *b, *c;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_unit_add(&a, plan, "办公室", NULL));
    OK(wp_unit_add(&b, plan, "学会部", "xh"));
    OK(wp_unit_add(&c, plan, "科普部", NULL));
    assert_string_equal(wp_unit_id(a), "u1");
    assert_string_equal(wp_unit_id(b), "xh");
    assert_string_equal(wp_unit_id(c), "u2");
    assert_string_equal(wp_unit_name(b), "学会部");
    assert_ptr_equal(wp_unit_plan(b), plan);
    assert_int_equal(wp_plan_unit_count(plan), 3);
    assert_ptr_equal(wp_plan_unit(plan, 2), c);
    assert_null(wp_plan_unit(plan, 3));
    assert_ptr_equal(wp_unit_find(plan, "学会部"), b);
    assert_null(wp_unit_find(plan, "组织人事部"));
    assert_ptr_equal(wp_unit_get(plan, "xh"), b);
    assert_null(wp_unit_get(plan, "u9"));
    /* Duplicates. */
    FAILS(WP_EEXISTS, wp_unit_add(&a, plan, "办公室", NULL));
    assert_null(a);
    assert_non_null(strstr(wp_error_last()->message, "u1"));
    FAILS(WP_EEXISTS, wp_unit_add(NULL, plan, "新部门", "xh"));
    FAILS(WP_EINVAL, wp_unit_add(NULL, plan, "", NULL));
    FAILS(WP_EINVAL, wp_unit_add(NULL, plan, NULL, NULL));
    FAILS(WP_EINVAL, wp_unit_add(NULL, plan, "x", ""));
    FAILS(WP_EUTF8, wp_unit_add(NULL, plan, "\xe5", NULL));
    FAILS(WP_EINVAL, wp_unit_add(NULL, NULL, "x", NULL));
    /* An auto id skips ids that users took. */
    OK(wp_unit_add(NULL, plan, "甲", "u3"));
    OK(wp_unit_add(&c, plan, "乙", NULL));
    assert_string_equal(wp_unit_id(c), "u4");
    assert_int_equal(wp_plan_unit_count(NULL), 0);
    assert_null(wp_plan_unit(NULL, 0));
    assert_null(wp_unit_find(NULL, "x"));
    assert_null(wp_unit_get(plan, NULL));
    wp_plan_free(plan);
}

static void test_aliases(void **state)
{
    wp_plan *plan;
    wp_unit *a, *b;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_unit_add(&a, plan, "科普部", NULL));
    OK(wp_unit_add(&b, plan, "办公室", NULL));
    OK(wp_unit_add_alias(a, "市科协科普部"));
    OK(wp_unit_add_alias(a, "科普部")); /* its own name: no-op */
    OK(wp_unit_add_alias(a, "市科协科普部"));
    assert_int_equal(wp_unit_alias_count(a), 1);
    assert_string_equal(wp_unit_alias(a, 0), "市科协科普部");
    assert_null(wp_unit_alias(a, 1));
    assert_ptr_equal(wp_unit_find(plan, "市科协科普部"), a);
    FAILS(WP_EEXISTS, wp_unit_add_alias(b, "市科协科普部"));
    FAILS(WP_EEXISTS, wp_unit_add(NULL, plan, "市科协科普部", NULL));
    FAILS(WP_EINVAL, wp_unit_add_alias(a, ""));
    FAILS(WP_EINVAL, wp_unit_add_alias(NULL, "x"));
    FAILS(WP_EUTF8, wp_unit_add_alias(a, "\xff"));
    wp_plan_free(plan);
}

static void test_assign(void **state)
{
    wp_plan *plan, *other;
    wp_unit *a, *b, *foreign;
    wp_node *n;
    wp_role r;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_plan_new(&other));
    OK(wp_unit_add(&a, plan, "宣传文化部", NULL));
    OK(wp_unit_add(&b, plan, "办公室", NULL));
    OK(wp_unit_add(&foreign, other, "办公室", NULL));
    OK(wp_node_new(&n, plan, WP_NODE_TASK));
    OK(wp_node_assign(n, a, WP_ROLE_LEAD, "李四"));
    OK(wp_node_assign(n, b, WP_ROLE_SUPPORT, NULL));
    OK(wp_node_assign(n, a, WP_ROLE_SUPPORT, NULL)); /* same unit, other role */
    assert_int_equal(wp_node_assignment_count(n), 3);
    assert_ptr_equal(wp_node_assignment_unit(n, 0), a);
    assert_int_equal(wp_node_assignment_role(n, 0), WP_ROLE_LEAD);
    assert_string_equal(wp_node_assignment_person(n, 0), "李四");
    assert_null(wp_node_assignment_person(n, 1));
    assert_null(wp_node_assignment_unit(n, 3));
    assert_int_equal(wp_node_assignment_role(n, 3), WP_ROLE_RESPONSIBLE);
    FAILS(WP_EEXISTS, wp_node_assign(n, a, WP_ROLE_LEAD, NULL));
    FAILS(WP_EINVAL, wp_node_assign(n, foreign, WP_ROLE_LEAD, NULL));
    FAILS(WP_EINVAL, wp_node_assign(n, b, (wp_role)3, NULL));
    FAILS(WP_EINVAL, wp_node_assign(n, NULL, WP_ROLE_LEAD, NULL));
    FAILS(WP_EINVAL, wp_node_assign(NULL, a, WP_ROLE_LEAD, NULL));
    FAILS(WP_EUTF8, wp_node_assign(n, b, WP_ROLE_RESPONSIBLE, "\x80"));
    assert_int_equal(wp_node_assignment_count(n), 3);
    OK(wp_node_unassign(n, 0));
    assert_int_equal(wp_node_assignment_count(n), 2);
    assert_ptr_equal(wp_node_assignment_unit(n, 0), b);
    FAILS(WP_EINVAL, wp_node_unassign(n, 2));
    FAILS(WP_EINVAL, wp_node_unassign(NULL, 0));
    assert_int_equal(wp_node_assignment_count(NULL), 0);

    assert_string_equal(wp_role_name(WP_ROLE_RESPONSIBLE), "responsible");
    assert_null(wp_role_name((wp_role)3));
    OK(wp_role_parse(&r, "support"));
    assert_int_equal(r, WP_ROLE_SUPPORT);
    FAILS(WP_EINVAL, wp_role_parse(&r, "owner"));
    wp_plan_free(plan);
    wp_plan_free(other);
}

static void test_merge(void **state)
{
    wp_plan *plan, *other;
    wp_unit *a, *b, *c, *foreign;
    wp_node *n1, *n2, *detached;
    wp_report *rep;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_plan_new(&other));
    OK(wp_unit_add(&a, plan, "科普部", NULL));
    OK(wp_unit_add(&b, plan, "市科协科普部", NULL));
    OK(wp_unit_add(&c, plan, "办公室", NULL));
    OK(wp_unit_add(&foreign, other, "x", NULL));
    OK(wp_unit_add_alias(b, "科協科普部"));
    OK(wp_node_new(&n1, plan, WP_NODE_TASK));
    OK(wp_node_new(&n2, plan, WP_NODE_TASK));
    OK(wp_node_new(&detached, plan, WP_NODE_TASK));
    OK(wp_plan_append_node(plan, n1));
    OK(wp_plan_append_node(plan, n2));
    OK(wp_node_assign(n1, a, WP_ROLE_LEAD, NULL));
    OK(wp_node_assign(n1, c, WP_ROLE_SUPPORT, NULL));
    OK(wp_node_assign(n1, b, WP_ROLE_LEAD, "张三")); /* becomes a duplicate */
    OK(wp_node_assign(n2, b, WP_ROLE_SUPPORT, NULL));
    OK(wp_node_assign(detached, b, WP_ROLE_LEAD, NULL));
    OK(wp_node_add_report(&rep, n2, 20240301));
    OK(wp_report_set_by(rep, b));

    OK(wp_unit_merge(a, b));
    assert_int_equal(wp_plan_unit_count(plan), 2);
    assert_ptr_equal(wp_plan_unit(plan, 0), a);
    assert_ptr_equal(wp_plan_unit(plan, 1), c);
    assert_int_equal(wp_unit_alias_count(a), 2);
    assert_string_equal(wp_unit_alias(a, 0), "市科协科普部");
    assert_string_equal(wp_unit_alias(a, 1), "科協科普部");
    assert_ptr_equal(wp_unit_find(plan, "市科协科普部"), a);
    assert_ptr_equal(wp_unit_find(plan, "科協科普部"), a);
    assert_null(wp_unit_get(plan, "u2"));
    /* n1: lead a, support c (duplicate lead dropped, order kept) */
    assert_int_equal(wp_node_assignment_count(n1), 2);
    assert_ptr_equal(wp_node_assignment_unit(n1, 0), a);
    assert_ptr_equal(wp_node_assignment_unit(n1, 1), c);
    /* the dropped duplicate's person stays, on the lead kept (it had none:
     * the merge used to drop it without a word) */
    assert_string_equal(wp_node_assignment_person(n1, 0), "张三");
    assert_null(wp_node_assignment_person(n1, 1));
    assert_ptr_equal(wp_node_assignment_unit(n2, 0), a);
    assert_ptr_equal(wp_node_assignment_unit(detached, 0), a);
    assert_ptr_equal(wp_report_by(rep), a);
    /* b is dead now. */
    assert_null(wp_unit_id(b));
    assert_null(wp_unit_name(b));
    assert_null(wp_unit_plan(b));
    assert_int_equal(wp_unit_alias_count(b), 0);
    assert_null(wp_unit_alias(b, 0));
    FAILS(WP_EREMOVED, wp_unit_add_alias(b, "y"));
    FAILS(WP_EREMOVED, wp_node_assign(n2, b, WP_ROLE_LEAD, NULL));
    FAILS(WP_EREMOVED, wp_unit_merge(a, b));
    FAILS(WP_EINVAL, wp_unit_merge(a, a));
    FAILS(WP_EINVAL, wp_unit_merge(a, foreign));
    FAILS(WP_EINVAL, wp_unit_merge(NULL, a));
    /* Names of the merged unit cannot be reused for a new unit. */
    FAILS(WP_EEXISTS, wp_unit_add(NULL, plan, "市科协科普部", NULL));
    /* Indexes were renumbered: a copy maps units correctly. */
    {
        wp_plan *copy;
        OK(wp_plan_copy(&copy, plan));
        assert_true(wp_plan_equal(plan, copy));
        wp_plan_free(copy);
    }
    wp_plan_free(plan);
    wp_plan_free(other);
}

/* The name and id tables are dropped when a plan is read and built again
 * on first use (memory of loaded corpora, issue 14): every lookup and
 * edit behaves as on the plan that was saved, in both formats. */
static void check_read_units(wp_plan *plan)
{
    wp_unit *a = wp_unit_get(plan, "u1"), *c;
    assert_non_null(a);
    assert_ptr_equal(wp_unit_find(plan, "科普部"), a);
    assert_ptr_equal(wp_unit_find(plan, "市科协科普部"), a); /* merged name */
    assert_ptr_equal(wp_unit_find(plan, "科協科普部"), a);    /* merged alias */
    assert_ptr_equal(wp_unit_find(plan, "科协科普部"), a);    /* folded */
    assert_null(wp_unit_get(plan, "u2"));                     /* the merged id */
    assert_ptr_equal(wp_unit_get(plan, "bgs"), wp_unit_find(plan, "办公室"));
    FAILS(WP_EEXISTS, wp_unit_add(NULL, plan, "市科协科普部", NULL));
    FAILS(WP_EEXISTS, wp_unit_add(NULL, plan, "新部门", "bgs"));
    FAILS(WP_EEXISTS, wp_unit_add_alias(wp_unit_get(plan, "bgs"), "科普部"));
    OK(wp_unit_add(&c, plan, "组织部", NULL));
    assert_ptr_equal(wp_unit_find(plan, "组织部"), c);
    assert_ptr_not_equal(c, a);
    OK(wp_unit_merge(a, c));
    assert_ptr_equal(wp_unit_find(plan, "组织部"), a);
}

static void test_tables_after_read(void **state)
{
    wp_plan *plan, *back;
    wp_unit *a, *b;
    uint8_t *cbor;
    char *json;
    size_t n;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_unit_add(&a, plan, "科普部", NULL));
    OK(wp_unit_add(&b, plan, "市科协科普部", NULL));
    OK(wp_unit_add(NULL, plan, "办公室", "bgs"));
    OK(wp_unit_add_alias(b, "科協科普部"));
    OK(wp_unit_merge(a, b));
    OK(wp_plan_to_cbor(&cbor, &n, plan));
    OK(wp_plan_from_cbor(&back, cbor, n));
    check_read_units(back);
    wp_plan_free(back);
    wp_free(cbor);
    OK(wp_plan_to_json(&json, &n, plan, WP_JSON_COMPACT));
    OK(wp_plan_from_json(&back, json, n));
    check_read_units(back);
    wp_plan_free(back);
    wp_free(json);
    wp_plan_free(plan);
}

/* A node's assignment array keeps no capacity: its room follows from the
 * count (exact up to 4, then powers of two), and counts shrink by unassign
 * and merges. Grow and shrink across every boundary, with persons (the
 * side array keeps pace), and check the list each time; ASan with the
 * debug arena (exact blocks) sees any write past the room. */
static void test_assign_room(void **state)
{
    wp_plan *plan;
    wp_node *n;
    wp_unit *u[40];
    size_t want = 0;
    int held[40] = {0};
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_node_new(&n, plan, WP_NODE_TASK));
    OK(wp_plan_append_node(plan, n));
    for (int i = 0; i < 40; i++) {
        char name[16];
        snprintf(name, sizeof name, "单位%d", i);
        OK(wp_unit_add(&u[i], plan, name, NULL));
    }
    for (int round = 0; round < 6; round++) {
        int grow = 3 + round * 7;
        for (int i = 0; i < 40 && grow > 0; i++)
            if (!held[i]) {
                OK(wp_node_assign(n, u[i], WP_ROLE_LEAD, i % 3 == 0 ? "某人" : NULL));
                held[i] = 1;
                want++;
                grow--;
            }
        assert_int_equal(wp_node_assignment_count(n), want);
        /* drop every other one from the front */
        for (size_t k = 0; k < want && want > 2; k += 2) {
            wp_unit *gone = wp_node_assignment_unit(n, k);
            OK(wp_node_unassign(n, k));
            for (int i = 0; i < 40; i++)
                if (u[i] == gone)
                    held[i] = 0;
            want--;
        }
        assert_int_equal(wp_node_assignment_count(n), want);
        for (size_t k = 0; k < want; k++) {
            wp_unit *x = wp_node_assignment_unit(n, k);
            int i = 0;
            while (u[i] != x)
                i++;
            assert_true(held[i]);
            if (i % 3 == 0)
                assert_string_equal(wp_node_assignment_person(n, k), "某人");
            else
                assert_null(wp_node_assignment_person(n, k));
        }
    }
    {
        wp_plan *copy;
        OK(wp_plan_copy(&copy, plan));
        assert_true(wp_plan_equal(plan, copy));
        wp_plan_free(copy);
    }
    wp_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_find),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_assign),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_tables_after_read),
        cmocka_unit_test(test_assign_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
