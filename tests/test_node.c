/* Nodes: tree operations, containment, removal, ids and fields. */
#include "helpers.h"

#include <string.h>

static wp_node *mk(wp_plan *plan, wp_node_kind kind, const char *id)
{
    wp_node *n = NULL;
    OK(wp_node_new(&n, plan, kind));
    if (id)
        OK(wp_node_set_id(n, id));
    return n;
}

/* The ids of the children of `parent` (or of the body) joined by ','. */
static const char *order(wp_plan *plan, wp_node *parent)
{
    static char buf[256];
    buf[0] = '\0';
    for (wp_node *c = parent ? wp_node_first_child(parent) : wp_plan_first_node(plan); c;
         c = wp_node_next(c)) {
        if (buf[0])
            strcat(buf, ",");
        strcat(buf, wp_node_id(c));
    }
    return buf;
}

static void test_new(void **state)
{
    wp_plan *plan;
    wp_node *n;
    (void)state;
    OK(wp_plan_new(&plan));
    FAILS(WP_EINVAL, wp_node_new(NULL, plan, WP_NODE_TASK));
    FAILS(WP_EINVAL, wp_node_new(&n, NULL, WP_NODE_TASK));
    FAILS(WP_EINVAL, wp_node_new(&n, plan, (wp_node_kind)42));
    assert_null(n);
    OK(wp_node_new(&n, plan, WP_NODE_POINT));
    assert_int_equal(wp_node_kind_of(n), WP_NODE_POINT);
    assert_ptr_equal(wp_node_plan(n), plan);
    assert_null(wp_node_parent(n));
    assert_false(wp_node_is_attached(n));
    assert_int_equal(wp_node_depth(n), 0);
    assert_int_equal(wp_node_status(n), WP_STATUS_NOT_STARTED);
    assert_false(wp_node_is_removed(n));
    assert_true(wp_node_is_removed(NULL));
    wp_plan_free(plan);
}

static void test_append_prepend_insert(void **state)
{
    wp_plan *plan;
    wp_node *s, *a, *b, *c, *d;
    (void)state;
    OK(wp_plan_new(&plan));
    s = mk(plan, WP_NODE_SECTION, "s");
    a = mk(plan, WP_NODE_POINT, "a");
    b = mk(plan, WP_NODE_POINT, "b");
    c = mk(plan, WP_NODE_POINT, "c");
    d = mk(plan, WP_NODE_POINT, "d");
    OK(wp_plan_append_node(plan, s));
    OK(wp_node_append_child(s, b));
    OK(wp_node_prepend_child(s, a));
    OK(wp_node_insert_after(b, d));
    OK(wp_node_insert_before(d, c));
    assert_string_equal(order(plan, s), "a,b,c,d");
    assert_ptr_equal(wp_node_first_child(s), a);
    assert_ptr_equal(wp_node_last_child(s), d);
    assert_ptr_equal(wp_node_next(a), b);
    assert_ptr_equal(wp_node_prev(b), a);
    assert_null(wp_node_prev(a));
    assert_null(wp_node_next(d));
    assert_ptr_equal(wp_node_parent(c), s);
    assert_null(wp_node_parent(s)); /* top level */
    assert_int_equal(wp_node_child_count(s), 4);
    assert_int_equal(wp_node_depth(s), 1);
    assert_int_equal(wp_node_depth(c), 2);
    assert_true(wp_node_is_attached(c));
    /* insert at the top level, next to a top-level node */
    {
        wp_node *s0 = mk(plan, WP_NODE_SECTION, "s0");
        wp_node *s2 = mk(plan, WP_NODE_SECTION, "s2");
        OK(wp_node_insert_before(s, s0));
        OK(wp_node_insert_after(s, s2));
        assert_string_equal(order(plan, NULL), "s0,s,s2");
    }
    wp_plan_free(plan);
}

static void test_move(void **state)
{
    wp_plan *plan;
    wp_node *s1, *s2, *a, *b, *c;
    (void)state;
    OK(wp_plan_new(&plan));
    s1 = mk(plan, WP_NODE_SECTION, "s1");
    s2 = mk(plan, WP_NODE_SECTION, "s2");
    a = mk(plan, WP_NODE_POINT, "a");
    b = mk(plan, WP_NODE_POINT, "b");
    c = mk(plan, WP_NODE_POINT, "c");
    OK(wp_plan_append_node(plan, s1));
    OK(wp_plan_append_node(plan, s2));
    OK(wp_node_append_child(s1, a));
    OK(wp_node_append_child(s1, b));
    OK(wp_node_append_child(s1, c));
    /* Moving: inserting an attached node takes it out of its old place. */
    OK(wp_node_append_child(s2, b));
    assert_string_equal(order(plan, s1), "a,c");
    assert_string_equal(order(plan, s2), "b");
    OK(wp_node_insert_before(a, c));
    assert_string_equal(order(plan, s1), "c,a");
    OK(wp_node_insert_after(b, c));
    assert_string_equal(order(plan, s1), "a");
    assert_string_equal(order(plan, s2), "b,c");
    /* Moving the last child updates last_child; moving the first, first_child. */
    OK(wp_node_prepend_child(s1, c));
    assert_ptr_equal(wp_node_last_child(s2), b);
    assert_string_equal(order(plan, s1), "c,a");
    assert_int_equal(wp_plan_node_count(plan), 5);
    wp_plan_free(plan);
}

static void test_unlink(void **state)
{
    wp_plan *plan;
    wp_node *s, *a, *b;
    (void)state;
    OK(wp_plan_new(&plan));
    s = mk(plan, WP_NODE_SECTION, "s");
    a = mk(plan, WP_NODE_POINT, "a");
    b = mk(plan, WP_NODE_TASK, "b");
    OK(wp_plan_append_node(plan, s));
    OK(wp_node_append_child(s, a));
    OK(wp_node_append_child(a, b));
    OK(wp_node_unlink(a));
    assert_int_equal(wp_node_child_count(s), 0);
    assert_null(wp_node_parent(a));
    assert_false(wp_node_is_attached(a));
    assert_false(wp_node_is_attached(b)); /* inside a detached subtree */
    assert_int_equal(wp_node_depth(b), 0);
    assert_ptr_equal(wp_node_parent(b), a); /* the subtree is kept */
    assert_ptr_equal(wp_plan_find_node(plan, "b"), b);
    assert_int_equal(wp_plan_node_count(plan), 1);
    OK(wp_node_unlink(a)); /* unlinking a detached node is a no-op */
    OK(wp_node_append_child(s, a));
    assert_int_equal(wp_plan_node_count(plan), 3);
    FAILS(WP_EINVAL, wp_node_unlink(NULL));
    wp_plan_free(plan);
}

static void test_containment(void **state)
{
    static const struct {
        wp_node_kind parent, child;
        bool ok;
    } rules[] = {
        {WP_NODE_SECTION, WP_NODE_SUBSECTION, true}, {WP_NODE_SECTION, WP_NODE_POINT, true},
        {WP_NODE_SECTION, WP_NODE_TASK, true},       {WP_NODE_SECTION, WP_NODE_PARAGRAPH, true},
        {WP_NODE_SECTION, WP_NODE_SECTION, false},   {WP_NODE_SECTION, WP_NODE_ATTACHMENT, false},
        {WP_NODE_SUBSECTION, WP_NODE_POINT, true},   {WP_NODE_SUBSECTION, WP_NODE_SECTION, false},
        {WP_NODE_SUBSECTION, WP_NODE_SUBSECTION, false},
        {WP_NODE_POINT, WP_NODE_ITEM, true},         {WP_NODE_POINT, WP_NODE_TASK, true},
        {WP_NODE_POINT, WP_NODE_SUBSECTION, false},  {WP_NODE_ITEM, WP_NODE_TASK, true},
        {WP_NODE_ITEM, WP_NODE_POINT, false},        {WP_NODE_ITEM, WP_NODE_ITEM, false},
        {WP_NODE_TASK, WP_NODE_TASK, false},         {WP_NODE_TASK, WP_NODE_PARAGRAPH, false},
        {WP_NODE_PARAGRAPH, WP_NODE_TASK, false},    {WP_NODE_ATTACHMENT, WP_NODE_TASK, true},
        {WP_NODE_ATTACHMENT, WP_NODE_SECTION, true}, {WP_NODE_ATTACHMENT, WP_NODE_ATTACHMENT, false},
    };
    wp_plan *plan;
    (void)state;
    OK(wp_plan_new(&plan));
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        wp_node *p = mk(plan, rules[i].parent, NULL), *c = mk(plan, rules[i].child, NULL);
        int rc = wp_node_append_child(p, c);
        if (rules[i].ok) {
            assert_int_equal(rc, 0);
        } else {
            assert_int_equal(rc, WP_ESTRUCTURE);
            assert_non_null(strstr(wp_error_last()->message, "cannot contain"));
            assert_null(wp_node_parent(c));
        }
    }
    /* Every kind may stand at the top level. */
    for (int k = WP_NODE_SECTION; k <= WP_NODE_ATTACHMENT; k++)
        OK(wp_plan_append_node(plan, mk(plan, (wp_node_kind)k, NULL)));
    wp_plan_free(plan);
}

static void test_cycles_and_bad_args(void **state)
{
    wp_plan *plan, *other;
    wp_node *s, *a, *t, *foreign, *detached;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_plan_new(&other));
    s = mk(plan, WP_NODE_ATTACHMENT, "s");
    a = mk(plan, WP_NODE_SECTION, "a");
    t = mk(plan, WP_NODE_POINT, "t");
    foreign = mk(other, WP_NODE_TASK, "f");
    detached = mk(plan, WP_NODE_TASK, "d");
    OK(wp_plan_append_node(plan, s));
    OK(wp_node_append_child(s, a));
    OK(wp_node_append_child(a, t));
    FAILS(WP_ESTRUCTURE, wp_node_append_child(a, a));
    assert_non_null(strstr(wp_error_last()->message, "own subtree"));
    FAILS(WP_EINVAL, wp_node_append_child(a, foreign));
    assert_non_null(strstr(wp_error_last()->message, "different plans"));
    FAILS(WP_EINVAL, wp_node_append_child(NULL, t));
    FAILS(WP_EINVAL, wp_node_append_child(a, NULL));
    FAILS(WP_EINVAL, wp_node_prepend_child(a, NULL));
    FAILS(WP_ESTRUCTURE, wp_node_insert_after(detached, mk(plan, WP_NODE_TASK, NULL)));
    assert_non_null(strstr(wp_error_last()->message, "not in the plan's body"));
    FAILS(WP_ESTRUCTURE, wp_node_insert_before(t, t));
    FAILS(WP_EINVAL, wp_node_insert_before(NULL, t));
    FAILS(WP_EINVAL, wp_node_insert_after(t, NULL));
    /* An ancestor cannot become a sibling inside its own subtree. */
    FAILS(WP_ESTRUCTURE, wp_node_insert_after(t, a));
    /* Nothing changed. */
    assert_ptr_equal(wp_node_parent(t), a);
    assert_ptr_equal(wp_node_parent(a), s);
    wp_plan_free(plan);
    wp_plan_free(other);
}

static void test_remove(void **state)
{
    wp_plan *plan;
    wp_node *s, *a, *b, *t;
    wp_indicator *ind;
    wp_report *rep;
    (void)state;
    OK(wp_plan_new(&plan));
    s = mk(plan, WP_NODE_SECTION, "s");
    a = mk(plan, WP_NODE_POINT, "a");
    b = mk(plan, WP_NODE_POINT, "b");
    t = mk(plan, WP_NODE_TASK, "t");
    OK(wp_plan_append_node(plan, s));
    OK(wp_node_append_child(s, a));
    OK(wp_node_append_child(s, b));
    OK(wp_node_append_child(a, t));
    OK(wp_node_add_indicator(&ind, t, "2家"));
    OK(wp_node_add_report(&rep, t, 20240101));
    OK(wp_node_remove(a));
    assert_true(wp_node_is_removed(a));
    assert_true(wp_node_is_removed(t));
    assert_false(wp_node_is_removed(b));
    assert_string_equal(order(plan, s), "b");
    assert_int_equal(wp_plan_node_count(plan), 2);
    /* Dead pointers fail cleanly. */
    FAILS(WP_EREMOVED, wp_node_set_title(t, "x"));
    assert_non_null(strstr(wp_error_last()->message, "'t'"));
    FAILS(WP_EREMOVED, wp_node_append_child(s, a));
    FAILS(WP_EREMOVED, wp_node_append_child(a, mk(plan, WP_NODE_TASK, NULL)));
    FAILS(WP_EREMOVED, wp_node_remove(a));
    FAILS(WP_EREMOVED, wp_node_unlink(a));
    FAILS(WP_EREMOVED, wp_indicator_set_value(ind, 3));
    FAILS(WP_EREMOVED, wp_report_set_text(rep, "x"));
    assert_null(wp_node_id(t));
    assert_null(wp_node_parent(t));
    assert_null(wp_node_plan(t));
    assert_null(wp_node_attrs(t));
    assert_null(wp_indicator_node(ind));
    assert_null(wp_report_node(rep));
    /* Ids of removed nodes are free again. */
    assert_null(wp_plan_find_node(plan, "t"));
    OK(wp_node_set_id(b, "t"));
    /* Removing a detached node works too. */
    {
        wp_node *d = mk(plan, WP_NODE_TASK, "d");
        OK(wp_node_remove(d));
        assert_null(wp_plan_find_node(plan, "d"));
    }
    FAILS(WP_EINVAL, wp_node_remove(NULL));
    wp_plan_free(plan);
}

static void test_ids(void **state)
{
    wp_plan *plan;
    wp_node *a, *b;
    (void)state;
    OK(wp_plan_new(&plan));
    a = mk(plan, WP_NODE_TASK, "x.1");
    b = mk(plan, WP_NODE_TASK, NULL);
    assert_string_equal(wp_node_id(a), "x.1");
    assert_ptr_equal(wp_plan_find_node(plan, "x.1"), a);
    FAILS(WP_EEXISTS, wp_node_set_id(b, "x.1"));
    assert_non_null(strstr(wp_error_last()->message, "x.1"));
    assert_null(wp_node_id(b));
    OK(wp_node_set_id(a, "x.1")); /* same id again: fine */
    OK(wp_node_set_id(a, "y"));
    assert_null(wp_plan_find_node(plan, "x.1"));
    OK(wp_node_set_id(b, "x.1"));
    OK(wp_node_set_id(a, NULL));
    assert_null(wp_plan_find_node(plan, "y"));
    FAILS(WP_EINVAL, wp_node_set_id(a, ""));
    FAILS(WP_EUTF8, wp_node_set_id(a, "\xc3"));
    assert_null(wp_plan_find_node(plan, NULL));
    assert_null(wp_plan_find_node(NULL, "x"));
    wp_plan_free(plan);
}

static void test_fields(void **state)
{
    wp_plan *plan;
    wp_node *n;
    wp_node_kind k;
    wp_status st;
    size_t off = 0, len = 0;
    (void)state;
    OK(wp_plan_new(&plan));
    n = mk(plan, WP_NODE_POINT, NULL);
    OK(wp_node_set_label(n, "5"));
    OK(wp_node_set_title(n, "筑牢政治忠诚"));
    OK(wp_node_set_text(n, "正文"));
    OK(wp_node_set_category(n, "党建"));
    OK(wp_node_set_number(n, 5));
    assert_string_equal(wp_node_label(n), "5");
    assert_string_equal(wp_node_title(n), "筑牢政治忠诚");
    assert_string_equal(wp_node_text(n), "正文");
    assert_string_equal(wp_node_category(n), "党建");
    assert_int_equal(wp_node_number(n), 5);
    FAILS(WP_EINVAL, wp_node_set_number(n, -2));
    assert_int_equal(wp_node_number(n), 5);
    OK(wp_node_set_text(n, NULL));
    assert_null(wp_node_text(n));
    FAILS(WP_EUTF8, wp_node_set_category(n, "\x80"));
    FAILS(WP_EINVAL, wp_node_set_label(NULL, "x"));
    assert_null(wp_node_label(NULL));
    assert_int_equal(wp_node_number(NULL), 0);

    OK(wp_node_set_status(n, WP_STATUS_DONE));
    assert_int_equal(wp_node_status(n), WP_STATUS_DONE);
    FAILS(WP_EINVAL, wp_node_set_status(n, (wp_status)17));
    assert_int_equal(wp_node_status(NULL), WP_STATUS_NOT_STARTED);
    assert_string_equal(wp_status_name(WP_STATUS_EXTENDED), "extended");
    assert_null(wp_status_name((wp_status)6));
    OK(wp_status_parse(&st, "cancelled"));
    assert_int_equal(st, WP_STATUS_CANCELLED);
    FAILS(WP_EINVAL, wp_status_parse(&st, "Done"));

    assert_false(wp_node_source(n, &off, &len));
    OK(wp_node_set_source(n, 10, 20));
    assert_true(wp_node_source(n, &off, &len));
    assert_int_equal(off, 10);
    assert_int_equal(len, 20);
    assert_true(wp_node_source(n, NULL, NULL));
    FAILS(WP_EINVAL, wp_node_set_source(n, SIZE_MAX, 2));
    OK(wp_node_clear_source(n));
    assert_false(wp_node_source(n, &off, &len));
    FAILS(WP_EINVAL, wp_node_clear_source(NULL));
    assert_false(wp_node_source(NULL, NULL, NULL));

    assert_string_equal(wp_node_kind_name(WP_NODE_SUBSECTION), "subsection");
    assert_null(wp_node_kind_name((wp_node_kind)7));
    OK(wp_node_kind_parse(&k, "attachment"));
    assert_int_equal(k, WP_NODE_ATTACHMENT);
    FAILS(WP_EINVAL, wp_node_kind_parse(&k, "chapter"));
    assert_int_equal(wp_node_kind_of(NULL), WP_NODE_PARAGRAPH);
    wp_plan_free(plan);
}

static void test_set_kind(void **state)
{
    wp_plan *plan;
    wp_node *s, *p, *t;
    (void)state;
    OK(wp_plan_new(&plan));
    s = mk(plan, WP_NODE_SECTION, NULL);
    p = mk(plan, WP_NODE_POINT, NULL);
    t = mk(plan, WP_NODE_TASK, NULL);
    OK(wp_plan_append_node(plan, s));
    OK(wp_node_append_child(s, p));
    OK(wp_node_append_child(p, t));
    OK(wp_node_set_kind(p, WP_NODE_SUBSECTION));
    assert_int_equal(wp_node_kind_of(p), WP_NODE_SUBSECTION);
    /* a section inside a section: refused by the parent */
    FAILS(WP_ESTRUCTURE, wp_node_set_kind(p, WP_NODE_SECTION));
    /* a task cannot hold the task child */
    FAILS(WP_ESTRUCTURE, wp_node_set_kind(p, WP_NODE_TASK));
    assert_non_null(strstr(wp_error_last()->message, "children"));
    assert_int_equal(wp_node_kind_of(p), WP_NODE_SUBSECTION);
    FAILS(WP_EINVAL, wp_node_set_kind(p, (wp_node_kind)-1));
    FAILS(WP_EINVAL, wp_node_set_kind(NULL, WP_NODE_TASK));
    wp_plan_free(plan);
}

static void test_deadline(void **state)
{
    wp_plan *plan;
    wp_node *n;
    const wp_deadline *got;
    char text[] = "2024年底";
    wp_deadline d = {text, WP_DATE_NONE, 20241231, WP_PRECISION_YEAR, true};
    (void)state;
    OK(wp_plan_new(&plan));
    n = mk(plan, WP_NODE_TASK, NULL);
    assert_null(wp_node_deadline(n));
    OK(wp_node_set_deadline(n, &d));
    text[0] = 'x';
    got = wp_node_deadline(n);
    assert_non_null(got);
    assert_string_equal(got->text, "2024年底");
    assert_int_equal(got->start, WP_DATE_NONE);
    assert_int_equal(got->end, 20241231);
    assert_int_equal(got->precision, WP_PRECISION_YEAR);
    assert_true(got->aspirational);
    d.text = NULL;
    d.start = 20240101;
    d.end = 20240630;
    d.precision = WP_PRECISION_HALF;
    OK(wp_node_set_deadline(n, &d));
    assert_null(wp_node_deadline(n)->text);
    assert_int_equal(wp_node_deadline(n)->start, 20240101);
    d.end = 20240631;
    FAILS(WP_EINVAL, wp_node_set_deadline(n, &d));
    d.end = 20230101; /* before the start */
    FAILS(WP_EINVAL, wp_node_set_deadline(n, &d));
    d.end = 20241231;
    d.start = 20241301;
    FAILS(WP_EINVAL, wp_node_set_deadline(n, &d));
    d.start = 0;
    d.precision = (wp_precision)9;
    FAILS(WP_EINVAL, wp_node_set_deadline(n, &d));
    d.precision = WP_PRECISION_DAY;
    d.text = "\xff";
    FAILS(WP_EUTF8, wp_node_set_deadline(n, &d));
    assert_int_equal(wp_node_deadline(n)->end, 20240630); /* unchanged */
    OK(wp_node_set_deadline(n, NULL));
    assert_null(wp_node_deadline(n));
    FAILS(WP_EINVAL, wp_node_set_deadline(NULL, &d));
    wp_plan_free(plan);
}

static void test_assign_ids(void **state)
{
    wp_plan *plan;
    wp_node *s1, *s2, *sub, *p5, *t1, *t2, *para, *att, *r1, *r2, *custom, *clash;
    (void)state;
    OK(wp_plan_new(&plan));
    s1 = mk(plan, WP_NODE_SECTION, NULL);
    s2 = mk(plan, WP_NODE_SECTION, NULL);
    OK(wp_node_set_number(s2, 2));
    sub = mk(plan, WP_NODE_SUBSECTION, NULL);
    OK(wp_node_set_number(sub, 3));
    p5 = mk(plan, WP_NODE_POINT, NULL);
    OK(wp_node_set_number(p5, 5));
    t1 = mk(plan, WP_NODE_TASK, NULL);
    t2 = mk(plan, WP_NODE_TASK, NULL);
    para = mk(plan, WP_NODE_PARAGRAPH, NULL);
    att = mk(plan, WP_NODE_ATTACHMENT, NULL);
    r1 = mk(plan, WP_NODE_TASK, NULL);
    r2 = mk(plan, WP_NODE_TASK, NULL);
    custom = mk(plan, WP_NODE_SECTION, "mine");
    clash = mk(plan, WP_NODE_TASK, NULL);
    OK(wp_plan_append_node(plan, s1));
    OK(wp_plan_append_node(plan, s2));
    OK(wp_node_append_child(s2, sub));
    OK(wp_node_append_child(sub, p5));
    OK(wp_node_append_child(p5, t1));
    OK(wp_node_append_child(p5, para));
    OK(wp_node_append_child(p5, t2));
    OK(wp_plan_append_node(plan, att));
    OK(wp_node_append_child(att, r1));
    OK(wp_node_append_child(att, r2));
    OK(wp_plan_append_node(plan, custom));
    OK(wp_node_append_child(custom, clash));
    /* Take the id the clash would get, on a detached node. */
    OK(wp_node_set_id(mk(plan, WP_NODE_TASK, NULL), "mine.t1"));
    OK(wp_plan_assign_ids(plan));
    assert_string_equal(wp_node_id(s1), "1"); /* no number: position */
    assert_string_equal(wp_node_id(s2), "2");
    assert_string_equal(wp_node_id(sub), "2.3");
    assert_string_equal(wp_node_id(p5), "2.3.5");
    assert_string_equal(wp_node_id(t1), "2.3.5.t1");
    assert_string_equal(wp_node_id(t2), "2.3.5.t2");
    assert_string_equal(wp_node_id(para), "2.3.5.p1");
    assert_string_equal(wp_node_id(att), "a1");
    assert_string_equal(wp_node_id(r1), "a1.r1");
    assert_string_equal(wp_node_id(r2), "a1.r2");
    assert_string_equal(wp_node_id(custom), "mine");
    assert_string_equal(wp_node_id(clash), "mine.t1-2");
    /* Idempotent. */
    OK(wp_plan_assign_ids(plan));
    assert_string_equal(wp_node_id(clash), "mine.t1-2");
    FAILS(WP_EINVAL, wp_plan_assign_ids(NULL));
    wp_plan_free(plan);
}

/* Source spans: over 4 GiB (kept in the side record, WP__BIG_SOURCE) they
 * survive CBOR, JSON and a copy, and compare equal; a span is within
 * INT64_MAX, the range JSON holds (an offset of 2^63 was accepted, saved
 * as CBOR, and written to JSON as a negative number the reader refused). */
static void test_source_spans(void **state)
{
    wp_plan *p, *q;
    wp_node *n, *m;
    size_t off = 0, len = 0, big = (size_t)1 << 33;
    uint8_t *cbor;
    char *json;
    size_t nb;
    /* document {0: 1, 1: {2: 0, 15: [], 17: [{2: 4, 13: [2^63, 0]}]}} */
    uint8_t doc[] = {0xd9, 0xd9, 0xf7, 0xda, 0x57, 0x50, 0x4c, 0x4e, 0xa2, 0x00, 0x01, 0x01, 0xa3,
                     0x02, 0x00, 0x0f, 0x80, 0x11, 0x81, 0xa2, 0x02, 0x04, 0x0d, 0x82,
                     0x1b, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x00};
    (void)state;
    OK(wp_plan_new(&p));
    OK(wp_node_new(&n, p, WP_NODE_TASK));
    OK(wp_plan_append_node(p, n));
    OK(wp_node_new(&m, p, WP_NODE_TASK));
    OK(wp_plan_append_node(p, m));
    OK(wp_node_set_source(n, big, big + 7));
    OK(wp_node_set_source(m, (size_t)INT64_MAX - 10, 10)); /* ends at INT64_MAX */
    FAILS(WP_EINVAL, wp_node_set_source(m, (size_t)INT64_MAX - 10, 11));
    FAILS(WP_EINVAL, wp_node_set_source(m, (size_t)1 << 63, 0));
    assert_true(wp_node_source(m, &off, &len));
    assert_true(off == (size_t)INT64_MAX - 10 && len == 10);
    OK(wp_plan_to_cbor(&cbor, &nb, p));
    OK(wp_plan_from_cbor(&q, cbor, nb));
    assert_true(wp_plan_equal(p, q));
    assert_true(wp_node_source(wp_plan_first_node(q), &off, &len));
    assert_true(off == big && len == big + 7);
    wp_plan_free(q);
    wp_free(cbor);
    OK(wp_plan_to_json(&json, &nb, p, WP_JSON_COMPACT));
    OK(wp_plan_from_json(&q, json, nb));
    assert_true(wp_plan_equal(p, q));
    wp_plan_free(q);
    wp_free(json);
    OK(wp_plan_copy(&q, p));
    assert_true(wp_plan_equal(p, q));
    /* back under 4 GiB: the same span as a node that never was big */
    OK(wp_node_set_source(n, 3, 4));
    OK(wp_node_set_source(wp_plan_first_node(q), 3, 4));
    assert_true(wp_plan_equal(p, q));
    assert_true(wp_node_source(n, &off, &len));
    assert_true(off == 3 && len == 4);
    wp_plan_free(q);
    wp_plan_free(p);
    /* a file with an offset of 2^63: refused where the offset is */
    q = NULL;
    FAILS(WP_EFORMAT, wp_plan_from_cbor(&q, doc, sizeof doc));
    assert_null(q);
    assert_int_equal(wp_error_last()->offset, 24);
}

/* Random edits of the tree against a model (issue 14 made the links
 * 32-bit): every successful append, prepend, insert, unlink and removal is
 * applied to a list-of-children model, a refused one must change nothing,
 * and after each step every live node's parent, first and last child,
 * siblings and child count are the model's; at the end the plan survives a
 * CBOR round trip. */
#define RN 48
static int m_par[RN];          /* -1 detached, RN the body, else a node */
static int m_kids[RN + 1][RN]; /* children in order; RN: the body */
static int m_nk[RN + 1];
static bool m_dead[RN];

static void m_detach(int c)
{
    int p = m_par[c];
    if (p < 0)
        return;
    for (int i = 0; i < m_nk[p]; i++)
        if (m_kids[p][i] == c) {
            memmove(&m_kids[p][i], &m_kids[p][i + 1], (size_t)(m_nk[p] - i - 1) * sizeof(int));
            m_nk[p]--;
            break;
        }
    m_par[c] = -1;
}

static void m_put(int p, int at, int c)
{
    memmove(&m_kids[p][at + 1], &m_kids[p][at], (size_t)(m_nk[p] - at) * sizeof(int));
    m_kids[p][at] = c;
    m_nk[p]++;
    m_par[c] = p;
}

static int m_index(int p, int c)
{
    for (int i = 0; i < m_nk[p]; i++)
        if (m_kids[p][i] == c)
            return i;
    return -1;
}

static void m_kill(int c)
{
    m_dead[c] = true;
    for (int i = 0; i < m_nk[c]; i++)
        m_kill(m_kids[c][i]);
}

static void check_model(wp_plan *plan, wp_node **nd)
{
    wp_node *n = wp_plan_first_node(plan);
    for (int i = 0; i < m_nk[RN]; i++, n = wp_node_next(n))
        assert_ptr_equal(n, nd[m_kids[RN][i]]);
    assert_null(n);
    assert_ptr_equal(wp_plan_last_node(plan), m_nk[RN] ? nd[m_kids[RN][m_nk[RN] - 1]] : NULL);
    for (int c = 0; c < RN; c++) {
        int p = m_par[c], k;
        if (m_dead[c]) {
            assert_true(wp_node_is_removed(nd[c]));
            continue;
        }
        assert_ptr_equal(wp_node_parent(nd[c]), p >= 0 && p < RN ? nd[p] : NULL);
        assert_int_equal(wp_node_is_attached(nd[c]), p >= 0 && (p == RN || wp_node_is_attached(nd[p])));
        assert_int_equal(wp_node_child_count(nd[c]), (size_t)m_nk[c]);
        assert_ptr_equal(wp_node_first_child(nd[c]), m_nk[c] ? nd[m_kids[c][0]] : NULL);
        assert_ptr_equal(wp_node_last_child(nd[c]), m_nk[c] ? nd[m_kids[c][m_nk[c] - 1]] : NULL);
        if (p < 0) {
            assert_null(wp_node_next(nd[c]));
            assert_null(wp_node_prev(nd[c]));
            continue;
        }
        k = m_index(p, c);
        assert_ptr_equal(wp_node_next(nd[c]), k + 1 < m_nk[p] ? nd[m_kids[p][k + 1]] : NULL);
        assert_ptr_equal(wp_node_prev(nd[c]), k > 0 ? nd[m_kids[p][k - 1]] : NULL);
    }
}

static void test_random_edits(void **state)
{
    static const wp_node_kind kinds[3] = {WP_NODE_SECTION, WP_NODE_POINT, WP_NODE_TASK};
    uint64_t x = 0x9e3779b97f4a7c15ull;
    wp_plan *plan;
    wp_node *nd[RN];
    int done = 0;
    (void)state;
    OK(wp_plan_new(&plan));
    memset(m_nk, 0, sizeof m_nk);
    for (int i = 0; i < RN; i++) {
        OK(wp_node_new(&nd[i], plan, kinds[i % 3]));
        m_par[i] = -1;
        m_dead[i] = false;
    }
    for (int step = 0; step < 4000; step++) {
        int op, a, b, rc;
        x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
        op = (int)((x >> 8) % 100);
        a = (int)((x >> 20) % RN);
        b = (int)((x >> 36) % RN);
        if (op < 34 || op >= 98)
            a = a - a % 3 + (int)(x >> 60 & 1); /* a section or a point: containers */
        if (op >= 98 && step < 3600)
            op = 90; /* removals late: a dead node takes no more edits */
        if (op < 22) {
            if ((rc = wp_node_append_child(nd[a], nd[b])) == 0)
                m_detach(b), m_put(a, m_nk[a], b);
        } else if (op < 34) {
            if ((rc = wp_node_prepend_child(nd[a], nd[b])) == 0)
                m_detach(b), m_put(a, 0, b);
        } else if (op < 50) {
            if ((rc = wp_node_insert_before(nd[a], nd[b])) == 0)
                m_detach(b), m_put(m_par[a], m_index(m_par[a], a), b);
        } else if (op < 66) {
            if ((rc = wp_node_insert_after(nd[a], nd[b])) == 0)
                m_detach(b), m_put(m_par[a], m_index(m_par[a], a) + 1, b);
        } else if (op < 76) {
            if ((rc = wp_plan_append_node(plan, nd[b])) == 0)
                m_detach(b), m_put(RN, m_nk[RN], b);
        } else if (op < 84) {
            if ((rc = wp_plan_prepend_node(plan, nd[b])) == 0)
                m_detach(b), m_put(RN, 0, b);
        } else if (op < 98) {
            if ((rc = wp_node_unlink(nd[a])) == 0)
                m_detach(a);
        } else {
            if ((rc = wp_node_remove(nd[a])) == 0)
                m_detach(a), m_kill(a);
        }
        done += rc == 0;
        check_model(plan, nd);
    }
    print_message("random edits: %d of 4000 accepted\n", done);
    assert_true(done > 1000); /* not a test of refusals only */
    {
        uint8_t *cbor;
        size_t len;
        wp_plan *back;
        OK(wp_plan_to_cbor(&cbor, &len, plan));
        OK(wp_plan_from_cbor(&back, cbor, len));
        assert_true(wp_plan_equal(plan, back));
        wp_plan_free(back);
        wp_free(cbor);
    }
    wp_plan_free(plan);
}

/* The heading (label, title, number) lives in a record of its own, made
 * by the first one set (issue 14): each alone, cleared, copied and read
 * back from both formats. */
static void test_heading(void **state)
{
    wp_plan *plan, *back;
    wp_node *n[4];
    uint8_t *cbor;
    char *json;
    size_t len;
    (void)state;
    OK(wp_plan_new(&plan));
    for (int i = 0; i < 4; i++) {
        OK(wp_node_new(&n[i], plan, WP_NODE_TASK));
        OK(wp_plan_append_node(plan, n[i]));
        assert_null(wp_node_label(n[i]));
        assert_null(wp_node_title(n[i]));
        assert_int_equal(wp_node_number(n[i]), 0);
    }
    OK(wp_node_set_label(n[0], "（一）"));
    OK(wp_node_set_title(n[1], "加强科普阵地建设"));
    OK(wp_node_set_number(n[2], 7));
    OK(wp_node_set_number(n[3], 0)); /* nothing to keep */
    OK(wp_node_set_title(n[3], NULL));
    OK(wp_node_set_label(n[3], NULL));
    assert_string_equal(wp_node_label(n[0]), "（一）");
    assert_null(wp_node_title(n[0]));
    assert_int_equal(wp_node_number(n[0]), 0);
    assert_string_equal(wp_node_title(n[1]), "加强科普阵地建设");
    assert_null(wp_node_label(n[1]));
    assert_int_equal(wp_node_number(n[2]), 7);
    assert_null(wp_node_label(n[3]));
    FAILS(WP_EINVAL, wp_node_set_number(n[2], -1));
    assert_int_equal(wp_node_number(n[2]), 7);
    OK(wp_plan_to_cbor(&cbor, &len, plan));
    OK(wp_plan_from_cbor(&back, cbor, len));
    assert_true(wp_plan_equal(plan, back));
    assert_string_equal(wp_node_label(wp_plan_first_node(back)), "（一）");
    wp_plan_free(back);
    wp_free(cbor);
    OK(wp_plan_to_json(&json, &len, plan, WP_JSON_COMPACT));
    OK(wp_plan_from_json(&back, json, len));
    assert_true(wp_plan_equal(plan, back));
    wp_plan_free(back);
    wp_free(json);
    /* cleared again, all three: equal to a node that never had them */
    OK(wp_node_set_label(n[0], NULL));
    OK(wp_node_set_title(n[1], NULL));
    OK(wp_node_set_number(n[2], 0));
    OK(wp_plan_copy(&back, plan));
    assert_true(wp_plan_equal(plan, back));
    for (int i = 0; i < 3; i++) {
        assert_null(wp_node_label(n[i]));
        assert_null(wp_node_title(n[i]));
        assert_int_equal(wp_node_number(n[i]), 0);
    }
    OK(wp_plan_to_cbor(&cbor, &len, plan));
    {
        wp_plan *bare;
        uint8_t *bare_cbor;
        size_t bare_len;
        wp_node *b;
        OK(wp_plan_new(&bare));
        for (int i = 0; i < 4; i++) {
            OK(wp_node_new(&b, bare, WP_NODE_TASK));
            OK(wp_plan_append_node(bare, b));
        }
        OK(wp_plan_to_cbor(&bare_cbor, &bare_len, bare));
        assert_int_equal(len, bare_len);
        assert_memory_equal(cbor, bare_cbor, len); /* the same bytes */
        wp_free(bare_cbor);
        wp_plan_free(bare);
    }
    wp_free(cbor);
    wp_plan_free(back);
    wp_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new),
        cmocka_unit_test(test_append_prepend_insert),
        cmocka_unit_test(test_move),
        cmocka_unit_test(test_unlink),
        cmocka_unit_test(test_containment),
        cmocka_unit_test(test_cycles_and_bad_args),
        cmocka_unit_test(test_remove),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_set_kind),
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_assign_ids),
        cmocka_unit_test(test_source_spans),
        cmocka_unit_test(test_random_edits),
        cmocka_unit_test(test_heading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
