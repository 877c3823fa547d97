/* Queries: every predicate, combinator, run mode, and edits between queries. */
#include "helpers.h"
#include "query_fixture.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

static int collect_big(wp_node *node, void *payload)
{
    char *buf = payload;
    size_t len = strlen(buf);
    snprintf(buf + len, 8192 - len, "%s%s", len ? " " : "", wp_node_id(node));
    return 0;
}

static const char *run(const wp_query *q, wp_plan *plan) { return fixture_ids(q, plan); }

/* Run a builder-made query and free it. */
static const char *take(wp_query *q, wp_plan *plan)
{
    static char copy[1024];
    strcpy(copy, run(q, plan));
    wp_query_free(q);
    return copy;
}

static wp_query *q_kind(wp_node_kind k)
{
    wp_query *q;
    OK(wp_query_kind(&q, k));
    return q;
}

static wp_query *q_unit(const char *name, int role)
{
    wp_query *q;
    OK(wp_query_unit(&q, name, role));
    return q;
}

static wp_query *q_own(const char *name, int role)
{
    wp_query *q;
    OK(wp_query_unit_ex(&q, name, role, WP_ASSIGN_OWN));
    return q;
}

static void test_kind_and_all(void **state)
{
    wp_plan *p = *state;
    wp_query *q;
    assert_string_equal(take(q_kind(WP_NODE_TASK), p), "1.1.1.t1 1.1.1.t2 2.1.t1");
    assert_string_equal(take(q_kind(WP_NODE_SECTION), p), "1 2");
    assert_string_equal(take(q_kind(WP_NODE_ATTACHMENT), p), "");
    OK(wp_query_all(&q));
    assert_string_equal(take(q, p), "1 1.1 1.1.1 1.1.1.t1 1.1.1.t2 2 2.1 2.1.t1 2.2");
    FAILS(WP_EINVAL, wp_query_kind(&q, (wp_node_kind)42));
    assert_null(q);
    FAILS(WP_EINVAL, wp_query_kind(NULL, WP_NODE_TASK));
}

static void test_unit(void **state)
{
    wp_plan *p = *state;
    wp_query *q;
    /* Effective assignments: 1.1 inherits 1's, 1.1.1.t2 inherits 1.1.1's,
     * 1.1.1.t1 has its own (which replace 1.1.1's), section 2 has none.
     * By name, any role; by role; by alias; by id; unknown. */
    assert_string_equal(take(q_unit("办公室", -1), p), "1 1.1 1.1.1 1.1.1.t2");
    assert_string_equal(take(q_unit("办公室", WP_ROLE_LEAD), p), "1 1.1");
    assert_string_equal(take(q_unit("办公室", WP_ROLE_SUPPORT), p), "1.1.1 1.1.1.t2");
    assert_string_equal(take(q_unit("市学会部", -1), p), "2.1 2.1.t1");
    assert_string_equal(take(q_unit("u-xc", -1), p), "1.1.1 1.1.1.t2");
    assert_string_equal(take(q_unit("没有的部门", -1), p), "");
    /* Any unit with a role; any assignment. */
    assert_string_equal(take(q_unit(NULL, WP_ROLE_RESPONSIBLE), p), "2.1");
    assert_string_equal(take(q_unit(NULL, -1), p),
                        "1 1.1 1.1.1 1.1.1.t1 1.1.1.t2 2.1 2.1.t1");
    /* Own assignments only: the old answers. */
    assert_string_equal(take(q_own("办公室", -1), p), "1 1.1.1");
    assert_string_equal(take(q_own("办公室", WP_ROLE_LEAD), p), "1");
    assert_string_equal(take(q_own("办公室", WP_ROLE_SUPPORT), p), "1.1.1");
    assert_string_equal(take(q_own("u-xc", -1), p), "1.1.1");
    assert_string_equal(take(q_own(NULL, -1), p), "1 1.1.1 1.1.1.t1 2.1 2.1.t1");
    FAILS(WP_EINVAL, wp_query_unit_ex(&q, "办公室", -1, 8));
    FAILS(WP_EINVAL, wp_query_unit(&q, "办公室", 7));
    FAILS(WP_EINVAL, wp_query_unit(&q, "", -1));
    FAILS(WP_EUTF8, wp_query_unit(&q, "\xC3", -1));
}

static void test_text(void **state)
{
    wp_plan *p = *state;
    wp_query *q;
    OK(wp_query_text(&q, "科普", 0));
    assert_string_equal(take(q, p), "1.1.1 1.1.1.t1");
    /* Title and text are both searched; a match may not span them. */
    OK(wp_query_text(&q, "深化改革", 0));
    assert_string_equal(take(q, p), "2");
    OK(wp_query_text(&q, "改革\n", 0));
    assert_string_equal(take(q, p), "");
    /* Full-width ＡＢＣ matches abc only with WP_TEXT_WIDTH. */
    OK(wp_query_text(&q, "abc", 0));
    assert_string_equal(take(q, p), "");
    OK(wp_query_text(&q, "abc", WP_TEXT_WIDTH));
    assert_string_equal(take(q, p), "1.1.1.t2");
    OK(wp_query_text(&q, "ａｂｃ", WP_TEXT_WIDTH));
    assert_string_equal(take(q, p), "1.1.1.t2");
    /* Traditional 學會 matches Simplified 学会 with WP_TEXT_SCRIPT. */
    if (wp_query_text(&q, "学会改革", WP_TEXT_SCRIPT) == 0) {
        assert_string_equal(take(q, p), "2.1.t1");
        OK(wp_query_text(&q, "學會改革", WP_TEXT_SCRIPT | WP_TEXT_WIDTH));
        assert_string_equal(take(q, p), "2.1.t1");
    } else {
        assert_int_equal(wp_error_last()->code, WP_ENOTSUP);
    }
    FAILS(WP_EINVAL, wp_query_text(&q, "", 0));
    FAILS(WP_EINVAL, wp_query_text(&q, "x", 8));
    FAILS(WP_EUTF8, wp_query_text(&q, "\xFF", 0));
}

static void test_indicator(void **state)
{
    wp_plan *p = *state;
    wp_query *q;
    wp_indicator_filter f = WP_INDICATOR_FILTER_INIT;
    OK(wp_query_indicator(&q, NULL));
    assert_string_equal(take(q, p), "1.1.1 1.1.1.t1 2.1");
    f.op = WP_OP_GE;
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "1.1.1 1.1.1.t1");
    f.unit = "家";
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "1.1.1.t1");
    f = (wp_indicator_filter)WP_INDICATOR_FILTER_INIT;
    f.min = 50;
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "1.1.1 2.1");
    f.max = 90;
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "2.1");
    /* All conditions on one indicator: 2.1 has gt 80 % only. */
    f = (wp_indicator_filter)WP_INDICATOR_FILTER_INIT;
    f.unit = "%";
    f.op = WP_OP_GE;
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "");
    /* The (unit, value) index: ranges with and without a measure unit. */
    f = (wp_indicator_filter)WP_INDICATOR_FILTER_INIT;
    f.unit = "%", f.min = 80, f.max = 80;
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "2.1");
    f.min = 80.5, f.max = NAN;
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "");
    f.unit = "场次", f.min = NAN, f.max = 100;
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "1.1.1");
    f.min = 100, f.max = NAN;
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "1.1.1");
    f.max = 99.9, f.min = NAN;
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "");
    f.unit = "个";
    OK(wp_query_indicator(&q, &f));
    assert_string_equal(take(q, p), "");
    f = (wp_indicator_filter)WP_INDICATOR_FILTER_INIT;
    f.version = 99;
    FAILS(WP_EINVAL, wp_query_indicator(&q, &f));
    f = (wp_indicator_filter)WP_INDICATOR_FILTER_INIT;
    f.op = 17;
    FAILS(WP_EINVAL, wp_query_indicator(&q, &f));
    f.op = -1;
    f.min = 5, f.max = 4;
    FAILS(WP_EINVAL, wp_query_indicator(&q, &f));
}

static void test_due_and_overdue(void **state)
{
    wp_plan *p = *state;
    wp_query *q;
    /* Results in document order although the index is by date. */
    OK(wp_query_due(&q, 0, 0));
    assert_string_equal(take(q, p), "1.1.1 1.1.1.t1 1.1.1.t2 2.1");
    OK(wp_query_due(&q, 0, wp_date_make(2024, 6, 30)));
    assert_string_equal(take(q, p), "1.1.1.t1 1.1.1.t2");
    OK(wp_query_due(&q, wp_date_make(2024, 7, 1), 0));
    assert_string_equal(take(q, p), "1.1.1 2.1");
    OK(wp_query_due(&q, wp_date_make(2024, 6, 30), wp_date_make(2024, 9, 30)));
    assert_string_equal(take(q, p), "1.1.1.t1 2.1");
    /* Overdue on 2024-07-01: t1 (06-30, not done); t2 is done. */
    OK(wp_query_overdue(&q, wp_date_make(2024, 7, 1)));
    assert_string_equal(take(q, p), "1.1.1.t1");
    OK(wp_query_overdue(&q, wp_date_make(2024, 6, 30)));
    assert_string_equal(take(q, p), "");
    OK(wp_query_overdue(&q, wp_date_make(2025, 1, 1)));
    assert_string_equal(take(q, p), "1.1.1 1.1.1.t1 2.1");
    assert_true(wp_node_is_overdue(wp_plan_find_node(p, "2.1"), wp_date_make(2025, 1, 1)));
    assert_false(wp_node_is_overdue(wp_plan_find_node(p, "2"), wp_date_make(2025, 1, 1)));
    assert_false(wp_node_is_overdue(NULL, wp_date_make(2025, 1, 1)));
    FAILS(WP_EINVAL, wp_query_due(&q, wp_date_make(2024, 7, 1), wp_date_make(2024, 6, 1)));
    FAILS(WP_EINVAL, wp_query_due(&q, 20241301, 0));
    FAILS(WP_EINVAL, wp_query_overdue(&q, 0));
}

static void test_status_category_under_attr(void **state)
{
    wp_plan *p = *state;
    wp_query *q;
    wp_value v;
    OK(wp_query_status(&q, WP_STATUS_DONE));
    assert_string_equal(take(q, p), "1.1.1.t2");
    FAILS(WP_EINVAL, wp_query_status(&q, (wp_status)9));
    OK(wp_query_category(&q, "科普"));
    assert_string_equal(take(q, p), "1.1.1.t1");
    OK(wp_query_under(&q, "1.1"));
    assert_string_equal(take(q, p), "1.1.1 1.1.1.t1 1.1.1.t2");
    OK(wp_query_under(&q, "2.1.t1"));
    assert_string_equal(take(q, p), "");
    OK(wp_query_under(&q, "9"));
    assert_string_equal(take(q, p), "");
    v.type = WP_VALUE_INT, v.as.integer = 3;
    OK(wp_query_attr(&q, "weight", &v));
    assert_string_equal(take(q, p), "2.1");
    v.type = WP_VALUE_FLOAT, v.as.real = 3.0; /* an int equals a float of its value */
    OK(wp_query_attr(&q, "weight", &v));
    assert_string_equal(take(q, p), "2.1");
    v.type = WP_VALUE_TEXT, v.as.text = "3";  /* but not text */
    OK(wp_query_attr(&q, "weight", &v));
    assert_string_equal(take(q, p), "");
    v.as.text = "市级";
    OK(wp_query_attr(&q, "level", &v));
    assert_string_equal(take(q, p), "2.1");
    v.type = WP_VALUE_BOOL, v.as.boolean = true;
    OK(wp_query_attr(&q, "key", &v));
    assert_string_equal(take(q, p), "1.1.1");
    v.as.boolean = false;
    OK(wp_query_attr(&q, "key", &v));
    assert_string_equal(take(q, p), "");
    FAILS(WP_EINVAL, wp_query_attr(&q, "k", NULL));
    v.type = (wp_value_type)9;
    FAILS(WP_EINVAL, wp_query_attr(&q, "k", &v));
    v.type = WP_VALUE_TEXT, v.as.text = NULL;
    FAILS(WP_EINVAL, wp_query_attr(&q, "k", &v));
    FAILS(WP_EINVAL, wp_query_category(&q, NULL));
    FAILS(WP_EINVAL, wp_query_under(&q, ""));
}

static void test_combinators(void **state)
{
    wp_plan *p = *state;
    wp_query *q, *a;
    OK(wp_query_and(&q, q_kind(WP_NODE_TASK), q_unit(NULL, -1)));
    assert_string_equal(take(q, p), "1.1.1.t1 1.1.1.t2 2.1.t1");
    OK(wp_query_and(&q, q_kind(WP_NODE_TASK), q_own(NULL, -1)));
    assert_string_equal(take(q, p), "1.1.1.t1 2.1.t1");
    OK(wp_query_or(&q, q_kind(WP_NODE_SECTION), q_unit("科普部", -1)));
    assert_string_equal(take(q, p), "1 1.1.1.t1 2");
    OK(wp_query_not(&q, q_kind(WP_NODE_TASK)));
    assert_string_equal(take(q, p), "1 1.1 1.1.1 2 2.1 2.2");
    /* Nested: tasks that are not done, under section 1. */
    OK(wp_query_status(&a, WP_STATUS_DONE));
    OK(wp_query_not(&a, a));
    OK(wp_query_and(&a, q_kind(WP_NODE_TASK), a));
    OK(wp_query_under(&q, "1"));
    OK(wp_query_and(&q, a, q));
    assert_string_equal(take(q, p), "1.1.1.t1");
    /* Combinators take their operands even when they fail. */
    a = q_kind(WP_NODE_TASK);
    FAILS(WP_EINVAL, wp_query_and(&q, a, NULL));
    FAILS(WP_EINVAL, wp_query_or(NULL, q_kind(WP_NODE_TASK), q_kind(WP_NODE_POINT)));
    a = q_kind(WP_NODE_TASK);
    FAILS(WP_EINVAL, wp_query_and(&q, a, a));
    FAILS(WP_EINVAL, wp_query_not(&q, NULL));
    wp_query_free(NULL);
}

static int stop_at_second(wp_node *node, void *payload)
{
    int *n = payload;
    (void)node;
    return ++*n == 2 ? 42 : 0;
}

static int remove_cb(wp_node *node, void *payload)
{
    (void)payload;
    return wp_node_remove(node);
}

static void test_run_modes(void **state)
{
    wp_plan *p = *state;
    wp_query *q = q_kind(WP_NODE_TASK);
    wp_nodelist *l;
    size_t n;
    int calls = 0;
    OK(wp_query_count(&n, q, p));
    assert_int_equal(n, 3);
    OK(wp_query_select(&l, q, p, 0));
    assert_int_equal(wp_nodelist_count(l), 3);
    assert_string_equal(wp_node_id(wp_nodelist_get(l, 2)), "2.1.t1");
    assert_null(wp_nodelist_get(l, 3));
    wp_nodelist_free(l);
    OK(wp_query_select(&l, q, p, 2));
    assert_int_equal(wp_nodelist_count(l), 2);
    wp_nodelist_free(l);
    wp_nodelist_free(NULL);
    assert_int_equal(wp_nodelist_count(NULL), 0);
    assert_null(wp_nodelist_get(NULL, 0));
    /* Early stop: the callback's value comes back. */
    assert_int_equal(wp_query_foreach(q, p, stop_at_second, &calls), 42);
    assert_int_equal(calls, 2);
    FAILS(WP_EINVAL, wp_query_foreach(q, p, NULL, NULL));
    FAILS(WP_EINVAL, wp_query_foreach(NULL, p, collect_big, NULL));
    FAILS(WP_EINVAL, wp_query_count(&n, q, NULL));
    FAILS(WP_EINVAL, wp_query_count(NULL, q, p));
    FAILS(WP_EINVAL, wp_query_select(NULL, q, p, 0));
    /* Editing the plan during a run stops it with an error. */
    FAILS(WP_EINVAL, wp_query_foreach(q, p, remove_cb, NULL));
    assert_non_null(strstr(wp_error_last()->message, "modified"));
    OK(wp_query_count(&n, q, p));
    assert_int_equal(n, 2);
    wp_query_free(q);
    FAILS(WP_EINVAL, wp_plan_build_index(NULL));
    OK(wp_plan_build_index(p));
}

/* Every edit between queries is seen by the next query. */
static void test_edits_then_query(void **state)
{
    wp_plan *p = *state;
    wp_query *q = q_unit("科普部", WP_ROLE_LEAD), *tasks = q_kind(WP_NODE_TASK);
    wp_query *due;
    wp_node *t2 = wp_plan_find_node(p, "1.1.1.t2"), *n;
    wp_unit *kp = wp_unit_find(p, "科普部"), *xc = wp_unit_find(p, "宣传文化部");
    wp_deadline d = {NULL, 0, wp_date_make(2024, 2, 1), WP_PRECISION_DAY, false};
    assert_string_equal(run(q, p), "1.1.1.t1");
    OK(wp_node_assign(t2, kp, WP_ROLE_LEAD, NULL));
    assert_string_equal(run(q, p), "1.1.1.t1 1.1.1.t2");
    OK(wp_node_unassign(t2, 0));
    assert_string_equal(run(q, p), "1.1.1.t1");
    /* Moving a node changes document order. */
    OK(wp_node_insert_before(wp_plan_find_node(p, "1.1.1.t1"), t2));
    assert_string_equal(run(tasks, p), "1.1.1.t2 1.1.1.t1 2.1.t1");
    /* New nodes, removed nodes, changed kinds. */
    OK(wp_node_new(&n, p, WP_NODE_TASK));
    OK(wp_node_set_id(n, "2.2x"));
    OK(wp_plan_append_node(p, n));
    assert_string_equal(run(tasks, p), "1.1.1.t2 1.1.1.t1 2.1.t1 2.2x");
    OK(wp_node_remove(wp_plan_find_node(p, "2.1")));
    assert_string_equal(run(tasks, p), "1.1.1.t2 1.1.1.t1 2.2x");
    OK(wp_node_set_kind(n, WP_NODE_PARAGRAPH));
    assert_string_equal(run(tasks, p), "1.1.1.t2 1.1.1.t1");
    /* Deadlines move in the date index. */
    OK(wp_query_due(&due, 0, wp_date_make(2024, 2, 28)));
    assert_string_equal(run(due, p), "");
    OK(wp_node_set_deadline(n, &d));
    assert_string_equal(run(due, p), "2.2x");
    /* Merging units: the merged unit's name now finds the other's nodes. */
    OK(wp_unit_merge(xc, kp));
    assert_string_equal(run(q, p), "1.1.1 1.1.1.t2 1.1.1.t1"); /* t2 inherits 1.1.1's */
    wp_query_free(q);
    q = q_unit("宣传文化部", -1);
    assert_string_equal(run(q, p), "1.1.1 1.1.1.t2 1.1.1.t1");
    /* Unit added after the first query. */
    {
        wp_unit *nu;
        wp_query *qn = q_unit("新部门", -1);
        assert_string_equal(run(qn, p), "");
        OK(wp_unit_add(&nu, p, "新部门", NULL));
        OK(wp_node_assign(n, nu, WP_ROLE_LEAD, NULL));
        assert_string_equal(run(qn, p), "2.2x");
        wp_query_free(qn);
    }
    wp_query_free(q);
    wp_query_free(tasks);
    wp_query_free(due);
}

static void test_empty_plan(void **state)
{
    wp_plan *p;
    wp_query *q = q_kind(WP_NODE_TASK);
    size_t n = 9;
    (void)state;
    OK(wp_plan_new(&p));
    OK(wp_query_count(&n, q, p));
    assert_int_equal(n, 0);
    wp_query_free(q);
    OK(wp_query_due(&q, 0, 0));
    OK(wp_query_count(&n, q, p));
    assert_int_equal(n, 0);
    wp_query_free(q);
    wp_plan_free(p);
}

/* Differential test: on a random plan, every query gives the same nodes
 * through the indexes as through a full scan (an OR with a predicate that
 * matches nothing is never index-driven). */
static uint32_t seed = 12345;
static uint32_t rnd(uint32_t n)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
}

static void test_index_matches_scan(void **state)
{
    static const char *const units[] = {"办公室", "科普部", "学会部", "组织部", "宣传部"};
    static const char *const ind_units[] = {"家", "个", "%", "场次"};
    static const char *const queries[] = {
        "kind:task", "kind:point", "unit:科普部", "unit:办公室 role:lead", "role:support",
        "unit:组织部 kind:task", "has:indicator", "ind.unit:家", "ind.unit:% value>=50",
        "ind.unit:场次 value<=20 value>=10", "value>100", "due<=2024-06-30", "due:2024-03",
        "due>2024-10", "overdue:2024-08-01", "overdue:2024-08-01 unit:学会部",
        "under:3", "under:2.4 kind:task", "status:done", "-status:done kind:task due<2024-05",
        "ind.unit:个 unit:宣传部 role:lead due>=2024-02",
    };
    wp_plan *p;
    wp_node *top[6], *pt;
    wp_unit *u[5];
    char full[256], a[8192] = "", b[8192] = "";
    (void)state;
    OK(wp_plan_new(&p));
    for (int i = 0; i < 5; i++)
        OK(wp_unit_add(&u[i], p, units[i], NULL));
    for (int s = 0; s < 6; s++) {
        OK(wp_node_new(&top[s], p, WP_NODE_SECTION));
        OK(wp_plan_append_node(p, top[s]));
        for (int k = 0; k < 6; k++) {
            OK(wp_node_new(&pt, p, WP_NODE_POINT));
            OK(wp_node_append_child(top[s], pt));
            for (int t = 0; t < 8; t++) {
                wp_node *task;
                OK(wp_node_new(&task, p, rnd(5) ? WP_NODE_TASK : WP_NODE_PARAGRAPH));
                OK(wp_node_append_child(rnd(4) ? pt : top[s], task));
                for (int r = 0, n = (int)rnd(3); r < n; r++)
                    wp_node_assign(task, u[rnd(5)], (wp_role)rnd(3), NULL); /* dups refused */
                if (rnd(2)) {
                    wp_deadline d = {NULL, 0, wp_date_make(2024, 1 + (int)rnd(12), 1 + (int)rnd(28)),
                                     WP_PRECISION_DAY, false};
                    OK(wp_node_set_deadline(task, &d));
                }
                for (int r = 0, n = (int)rnd(3); r < n; r++) {
                    wp_indicator *ind;
                    OK(wp_node_add_indicator(&ind, task, "x"));
                    OK(wp_indicator_set_value(ind, rnd(200)));
                    if (rnd(5))
                        OK(wp_indicator_set_unit(ind, ind_units[rnd(4)]));
                }
                if (rnd(3) == 0)
                    OK(wp_node_set_status(task, WP_STATUS_DONE));
            }
        }
    }
    OK(wp_plan_assign_ids(p));
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        wp_query *q1, *q2;
        size_t n;
        OK(wp_query_parse(&q1, queries[i]));
        snprintf(full, sizeof full, "(%s) OR unit:没有这个单位", queries[i]);
        OK(wp_query_parse(&q2, full));
        a[0] = b[0] = '\0'; /* each query on its own (they piled up) */
        OK(wp_query_foreach(q1, p, collect_big, a));
        OK(wp_query_foreach(q2, p, collect_big, b));
        if (strcmp(a, b) != 0)
            fail_msg("'%s': index gives [%s], scan gives [%s]", queries[i], a, b);
        OK(wp_query_count(&n, q1, p));
        if (i < 3)
            assert_true(n > 10); /* the plan is big enough to mean something */
        wp_query_free(q1);
        wp_query_free(q2);
        a[0] = b[0] = '\0';
    }
    wp_plan_free(p);
}

typedef struct thread_arg {
    wp_plan *plan;
    const wp_query *q;
    size_t n;
    int rc;
} thread_arg;

static void *count_thread(void *arg)
{
    thread_arg *t = arg;
    for (int i = 0; i < 200 && t->rc == 0; i++)
        t->rc = wp_query_count(&t->n, t->q, t->plan);
    return NULL;
}

/* Many threads query one plan whose index is not yet built. */
static void test_concurrent_readers(void **state)
{
    wp_plan *p = *state;
    pthread_t th[4];
    thread_arg args[4];
    wp_query *q;
    OK(wp_query_parse(&q, "kind:task text~abc OR unit:办公室"));
    OK(wp_node_set_number(wp_plan_find_node(p, "1"), 1)); /* invalidate */
    for (int i = 0; i < 4; i++) {
        args[i] = (thread_arg){p, q, 0, 0};
        assert_int_equal(pthread_create(&th[i], NULL, count_thread, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(args[i].rc, 0);
        assert_int_equal(args[i].n, 4); /* 1, 1.1 (inherits), 1.1.1, 1.1.1.t2 */
    }
    wp_query_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kind_and_all, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unit, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_text, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_indicator, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_due_and_overdue, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_status_category_under_attr, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_combinators, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_run_modes, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_edits_then_query, fixture_setup, fixture_teardown),
        cmocka_unit_test(test_empty_plan),
        cmocka_unit_test(test_index_matches_scan),
        cmocka_unit_test_setup_teardown(test_concurrent_readers, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
