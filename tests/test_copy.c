/* Deep copy and structural equality. */
#include "helpers.h"

#include <math.h>
#include <string.h>

static wp_node *find(wp_plan *p, const char *id)
{
    wp_node *n = wp_plan_find_node(p, id);
    assert_non_null(n);
    return n;
}

static void test_copy_equal(void **state)
{
    wp_plan *a, *b;
    (void)state;
    OK(build_rich_plan(&a));
    OK(wp_plan_copy(&b, a));
    assert_true(wp_plan_equal(a, b));
    assert_true(wp_plan_equal(b, a));
    assert_true(wp_plan_equal(a, a));
    assert_true(wp_plan_equal(NULL, NULL));
    assert_false(wp_plan_equal(a, NULL));
    assert_false(wp_plan_equal(NULL, a));
    /* The copy is independent and complete. */
    assert_int_equal(wp_plan_node_count(b), wp_plan_node_count(a));
    assert_int_equal(wp_plan_unit_count(b), 3);
    assert_string_equal(wp_unit_id(wp_unit_find(b, "市科协科普部")), "sci");
    {
        wp_node *t = find(b, "1.1.1.1.t1");
        wp_indicator *i2 = wp_node_indicator(t, 1);
        assert_ptr_equal(wp_node_plan(t), b);
        assert_ptr_equal(wp_unit_plan(wp_node_assignment_unit(t, 0)), b);
        assert_true(wp_indicator_baseline(i2) == 72.5);
        assert_true(wp_indicator_actual(i2) == 78.0);
        assert_ptr_equal(wp_report_actual_indicator(wp_node_report(t, 0), 1), i2);
        assert_ptr_equal(wp_report_by(wp_node_report(t, 0)), wp_unit_get(b, "sci"));
    }
    OK(wp_plan_set_title(b, "改"));
    assert_string_equal(wp_plan_title(a), "市科协2024年工作要点");
    assert_false(wp_plan_equal(a, b));
    wp_plan_free(a);
    wp_plan_free(b);
    FAILS(WP_EINVAL, wp_plan_copy(NULL, a));
    FAILS(WP_EINVAL, wp_plan_copy(&b, NULL));
}

/* Each mutation must make an equal copy unequal: equality looks at every
 * field. */
typedef int (*mutation)(wp_plan *p);

#define T1 "1.1.1.1.t1"
static int m_id(wp_plan *p) { return wp_plan_set_id(p, "other"); }
static int m_kind(wp_plan *p) { return wp_plan_set_kind(p, WP_PLAN_SUMMARY); }
static int m_issuer(wp_plan *p) { return wp_plan_set_issuer(p, NULL); }
static int m_publisher(wp_plan *p) { return wp_plan_set_publisher(p, "x"); }
static int m_script(wp_plan *p) { return wp_plan_set_script(p, "zh-Hant"); }
static int m_preamble(wp_plan *p) { return wp_plan_set_preamble(p, "x"); }
static int m_year(wp_plan *p) { return wp_plan_set_year(p, 2025); }
static int m_issued(wp_plan *p) { return wp_plan_set_issued(p, 20240101); }
static int m_published(wp_plan *p) { return wp_plan_set_published(p, 0); }
static int m_docnum(wp_plan *p)
{
    wp_doc_number n = *wp_plan_doc_number(p);
    n.serial = 18;
    return wp_plan_set_doc_number(p, &n);
}
static int m_docnum_gone(wp_plan *p) { return wp_plan_set_doc_number(p, NULL); }
static int m_recipient(wp_plan *p) { return wp_plan_remove_recipient(p, 0); }
static int m_reference(wp_plan *p) { return wp_plan_add_reference(p, "新", NULL); }
static int m_reference_num(wp_plan *p)
{
    wp_doc_number n = {"〔2023〕30号", NULL, 2023, 30};
    wp_plan_remove_reference(p, 1);
    return wp_plan_add_reference(p, "某规划", &n);
}
static int m_attachment(wp_plan *p) { return wp_plan_add_attachment(p, "附件2"); }
static int m_plan_attr(wp_plan *p) { return wp_attrs_set_int(wp_plan_attrs(p), "oa.rev", 8); }
static int m_unit_new(wp_plan *p) { return wp_unit_add(NULL, p, "新部门", NULL); }
static int m_unit_alias(wp_plan *p) { return wp_unit_add_alias(wp_unit_get(p, "u1"), "机关办公室"); }
static int m_node_title(wp_plan *p) { return wp_node_set_title(wp_plan_find_node(p, "1"), "x"); }
static int m_node_text(wp_plan *p) { return wp_node_set_text(wp_plan_find_node(p, T1), "x"); }
static int m_node_label(wp_plan *p) { return wp_node_set_label(wp_plan_find_node(p, "1"), "二"); }
static int m_node_cat(wp_plan *p) { return wp_node_set_category(wp_plan_find_node(p, "a1.r1"), NULL); }
static int m_node_num(wp_plan *p) { return wp_node_set_number(wp_plan_find_node(p, "1"), 2); }
static int m_node_id(wp_plan *p) { return wp_node_set_id(wp_plan_find_node(p, "a1"), "a9"); }
static int m_node_kind(wp_plan *p) { return wp_node_set_kind(wp_plan_find_node(p, "p1"), WP_NODE_TASK); }
static int m_status(wp_plan *p) { return wp_node_set_status(wp_plan_find_node(p, T1), WP_STATUS_DONE); }
static int m_deadline(wp_plan *p)
{
    wp_deadline d = *wp_node_deadline(wp_plan_find_node(p, T1));
    d.aspirational = false;
    return wp_node_set_deadline(wp_plan_find_node(p, T1), &d);
}
static int m_deadline_gone(wp_plan *p) { return wp_node_set_deadline(wp_plan_find_node(p, T1), NULL); }
static int m_source(wp_plan *p) { return wp_node_set_source(wp_plan_find_node(p, "1.1.1"), 120, 61); }
static int m_source_gone(wp_plan *p) { return wp_node_clear_source(wp_plan_find_node(p, "1.1.1")); }
static int m_assign_role(wp_plan *p)
{
    wp_node *n = wp_plan_find_node(p, T1);
    wp_node_unassign(n, 1);
    return wp_node_assign(n, wp_unit_get(p, "u1"), WP_ROLE_LEAD, NULL);
}
static int m_assign_person(wp_plan *p)
{
    wp_node *n = wp_plan_find_node(p, T1);
    wp_node_unassign(n, 0);
    return wp_node_assign(n, wp_unit_get(p, "sci"), WP_ROLE_LEAD, "王五");
}
static int m_ind_value(wp_plan *p) { return wp_indicator_set_value(wp_node_indicator(wp_plan_find_node(p, T1), 0), 3); }
static int m_ind_subject(wp_plan *p) { return wp_indicator_set_subject(wp_node_indicator(wp_plan_find_node(p, T1), 1), "比例"); }
static int m_ind_baseline(wp_plan *p) { return wp_indicator_set_baseline(wp_node_indicator(wp_plan_find_node(p, T1), 1), NAN); }
static int m_ind_cumul(wp_plan *p) { return wp_indicator_set_cumulative(wp_node_indicator(wp_plan_find_node(p, T1), 1), true); }
static int m_ind_gone(wp_plan *p) { return wp_node_remove_indicator(wp_plan_find_node(p, T1), 0); }
static int m_rep_state(wp_plan *p) { return wp_report_set_state(wp_node_report(wp_plan_find_node(p, T1), 1), WP_REPORT_APPROVED); }
static int m_rep_by(wp_plan *p) { return wp_report_set_by(wp_node_report(wp_plan_find_node(p, T1), 0), NULL); }
static int m_rep_pct(wp_plan *p) { return wp_report_set_percent(wp_node_report(wp_plan_find_node(p, T1), 0), 51); }
static int m_rep_actual(wp_plan *p)
{
    wp_node *n = wp_plan_find_node(p, T1);
    return wp_report_set_actual(wp_node_report(n, 1), wp_node_indicator(n, 0), 1);
}
static int m_node_attr(wp_plan *p) { return wp_attrs_set_bool(wp_node_attrs(wp_plan_find_node(p, T1)), "key", false); }
static int m_move(wp_plan *p) { return wp_plan_append_node(p, wp_plan_find_node(p, "p1")); }
static int m_remove(wp_plan *p) { return wp_node_remove(wp_plan_find_node(p, "a1.r1")); }

static void test_equal_sees_every_field(void **state)
{
    static const struct {
        const char *name;
        mutation fn;
    } muts[] = {
#define M(f) {#f, f}
        M(m_id), M(m_kind), M(m_issuer), M(m_publisher), M(m_script), M(m_preamble),
        M(m_year), M(m_issued), M(m_published), M(m_docnum), M(m_docnum_gone),
        M(m_recipient), M(m_reference), M(m_reference_num), M(m_attachment), M(m_plan_attr),
        M(m_unit_new), M(m_unit_alias), M(m_node_title), M(m_node_text), M(m_node_label),
        M(m_node_cat), M(m_node_num), M(m_node_id), M(m_node_kind), M(m_status),
        M(m_deadline), M(m_deadline_gone), M(m_source), M(m_source_gone), M(m_assign_role),
        M(m_assign_person), M(m_ind_value), M(m_ind_subject), M(m_ind_baseline),
        M(m_ind_cumul), M(m_ind_gone), M(m_rep_state), M(m_rep_by), M(m_rep_pct),
        M(m_rep_actual), M(m_node_attr), M(m_move), M(m_remove),
#undef M
    };
    wp_plan *orig;
    (void)state;
    OK(build_rich_plan(&orig));
    for (size_t i = 0; i < sizeof muts / sizeof muts[0]; i++) {
        wp_plan *copy;
        int rc;
        OK(wp_plan_copy(&copy, orig));
        assert_true(wp_plan_equal(orig, copy));
        rc = muts[i].fn(copy);
        if (rc != 0)
            fail_msg("%s failed: %s", muts[i].name, wp_error_last()->message);
        if (wp_plan_equal(orig, copy))
            fail_msg("%s: plans still compare equal", muts[i].name);
        wp_plan_free(copy);
    }
    wp_plan_free(orig);
}

static void test_copy_is_compact(void **state)
{
    wp_plan *a, *b;
    wp_node *n;
    (void)state;
    OK(wp_plan_new(&a));
    OK(wp_node_new(&n, a, WP_NODE_TASK));
    OK(wp_plan_append_node(a, n));
    /* Heavy editing leaves abandoned values in the arena... */
    for (int i = 0; i < 2000; i++)
        OK(wp_node_set_text(n, "一段会被反复改写的任务描述文字，一段会被反复改写的任务描述文字"));
    OK(wp_plan_copy(&b, a));
    assert_true(wp_plan_equal(a, b));
    assert_string_equal(wp_node_text(wp_plan_first_node(b)), wp_node_text(n));
    wp_plan_free(a);
    wp_plan_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_equal),
        cmocka_unit_test(test_equal_sees_every_field),
        cmocka_unit_test(test_copy_is_compact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
