/* The query language: every rule of doc/QUERY.md, printing, syntax errors. */
#include "helpers.h"
#include "query_fixture.h"

#include <string.h>

/* Parse, run, and check that the printed form parses to a query with the
 * same matches and prints the same again. */
static const char *q(wp_plan *plan, const char *text)
{
    static char first[1024];
    wp_query *a, *b;
    char *s1, *s2;
    OK(wp_query_parse(&a, text));
    strcpy(first, fixture_ids(a, plan));
    OK(wp_query_to_string(&s1, a));
    OK(wp_query_parse(&b, s1));
    OK(wp_query_to_string(&s2, b));
    assert_string_equal(s1, s2);
    if (strcmp(first, fixture_ids(b, plan)) != 0)
        fail_msg("'%s' printed as '%s' matches '%s', not '%s'", text, s1, fixture_ids(b, plan),
                 first);
    wp_free(s1);
    wp_free(s2);
    wp_query_free(a);
    wp_query_free(b);
    return first;
}

static char *printed(const char *text)
{
    static char buf[512];
    wp_query *a;
    char *s;
    OK(wp_query_parse(&a, text));
    OK(wp_query_to_string(&s, a));
    strcpy(buf, s);
    wp_free(s);
    wp_query_free(a);
    return buf;
}

static void test_fields(void **state)
{
    wp_plan *p = *state;
    assert_string_equal(q(p, ""), "1 1.1 1.1.1 1.1.1.t1 1.1.1.t2 2 2.1 2.1.t1 2.2");
    assert_string_equal(q(p, "*"), "1 1.1 1.1.1 1.1.1.t1 1.1.1.t2 2 2.1 2.1.t1 2.2");
    assert_string_equal(q(p, "kind:task"), "1.1.1.t1 1.1.1.t2 2.1.t1");
    assert_string_equal(q(p, "kind:section,point"), "1 1.1.1 2 2.1");
    assert_string_equal(q(p, "unit:办公室"), "1 1.1 1.1.1 1.1.1.t2"); /* effective */
    assert_string_equal(q(p, "own.unit:办公室"), "1 1.1.1");
    assert_string_equal(q(p, "unit=市学会部"), "2.1 2.1.t1");
    assert_string_equal(q(p, "unit：办公室"), "1 1.1 1.1.1 1.1.1.t2"); /* full-width colon */
    assert_string_equal(q(p, "text:科普"), "1.1.1 1.1.1.t1");
    assert_string_equal(q(p, "科普"), "1.1.1 1.1.1.t1"); /* bare word = text */
    assert_string_equal(q(p, "\"ＡＢＣ项目\""), "1.1.1.t2");
    assert_string_equal(q(p, "text~abc"), "1.1.1.t2");
    assert_string_equal(q(p, "status:done"), "1.1.1.t2");
    assert_string_equal(q(p, "status:done,in_progress"), "1.1.1 1.1.1.t2");
    assert_string_equal(q(p, "category:科普"), "1.1.1.t1");
    assert_string_equal(q(p, "under:1.1"), "1.1.1 1.1.1.t1 1.1.1.t2");
    assert_string_equal(q(p, "attr.weight:3"), "2.1");
    assert_string_equal(q(p, "attr.level:市级"), "2.1");
    assert_string_equal(q(p, "attr.key:true"), "1.1.1");
    assert_string_equal(q(p, "attr.key:1"), "");
    assert_string_equal(q(p, "has:indicator"), "1.1.1 1.1.1.t1 2.1");
    assert_string_equal(q(p, "has:deadline"), "1.1.1 1.1.1.t1 1.1.1.t2 2.1");
    assert_string_equal(q(p, "has:assignment"), "1 1.1 1.1.1 1.1.1.t1 1.1.1.t2 2.1 2.1.t1");
    assert_string_equal(q(p, "own.unit:*"), "1 1.1.1 1.1.1.t1 2.1 2.1.t1");
    assert_string_equal(q(p, "overdue:2024-07-01"), "1.1.1.t1");
}

static void test_due_forms(void **state)
{
    wp_plan *p = *state;
    assert_string_equal(q(p, "due<=2024-06-30"), "1.1.1.t1 1.1.1.t2");
    assert_string_equal(q(p, "due<2024-06-30"), "1.1.1.t2");
    assert_string_equal(q(p, "due>=2024-06-30"), "1.1.1 1.1.1.t1 2.1");
    assert_string_equal(q(p, "due>2024-06-30"), "1.1.1 2.1");
    /* A month or a year is a period: <= its end, >= its start, : within. */
    assert_string_equal(q(p, "due:2024-06"), "1.1.1.t1");
    assert_string_equal(q(p, "due<=2024-06"), "1.1.1.t1 1.1.1.t2");
    assert_string_equal(q(p, "due>2024-06"), "1.1.1 2.1");
    assert_string_equal(q(p, "due:2024"), "1.1.1 1.1.1.t1 1.1.1.t2 2.1");
    assert_string_equal(q(p, "due<2024"), "");
    assert_string_equal(q(p, "due:2025"), "");
    assert_string_equal(q(p, "due>=2024-04 due<=2024-09"), "1.1.1.t1 2.1");
}

static void test_groups(void **state)
{
    wp_plan *p = *state;
    /* role: qualifies the unit: terms of its group: one assignment. */
    assert_string_equal(q(p, "unit:办公室 role:lead"), "1 1.1");
    assert_string_equal(q(p, "role:support unit:办公室"), "1.1.1 1.1.1.t2");
    assert_string_equal(q(p, "unit:办公室 role:牵头"), "1 1.1");
    assert_string_equal(q(p, "own.unit:办公室 role:lead"), "1");
    assert_string_equal(q(p, "own.unit:* role:lead"), "1 1.1.1 1.1.1.t1 2.1.t1");
    assert_string_equal(q(p, "role:responsible"), "2.1");
    /* In another group, role: stands alone (any unit with that role). */
    assert_string_equal(q(p, "unit:办公室 (role:lead)"), "1 1.1 1.1.1 1.1.1.t2");
    assert_string_equal(q(p, "unit:办公室 -role:lead"), ""); /* 1.1.1 has a lead */
    assert_string_equal(q(p, "unit:办公室 -role:support"), "1 1.1");
    /* ind.* and value make one indicator predicate. */
    assert_string_equal(q(p, "ind.op:ge"), "1.1.1 1.1.1.t1");
    assert_string_equal(q(p, "ind.unit:家"), "1.1.1.t1");
    assert_string_equal(q(p, "value>=50"), "1.1.1 2.1");
    assert_string_equal(q(p, "value>80"), "1.1.1");
    assert_string_equal(q(p, "value<80"), "1.1.1.t1");
    assert_string_equal(q(p, "value:2"), "1.1.1.t1");
    assert_string_equal(q(p, "ind.unit:% ind.op:ge"), "");
    assert_string_equal(q(p, "has:indicator value>=50 value<=90"), "2.1");
    assert_string_equal(q(p, "-value>=50"), "1 1.1 1.1.1.t1 1.1.1.t2 2 2.1.t1 2.2");
    /* The example, on our fixture. */
    assert_string_equal(q(p, "kind:task unit:科普部 role:lead text:科普 due<=2024-06-30 "
                             "-status:done"),
                        "1.1.1.t1");
}

static void test_boolean(void **state)
{
    wp_plan *p = *state;
    assert_string_equal(q(p, "kind:section OR unit:科普部"), "1 1.1.1.t1 2");
    assert_string_equal(q(p, "kind:section | unit:科普部"), "1 1.1.1.t1 2");
    assert_string_equal(q(p, "kind:task AND -status:done"), "1.1.1.t1 2.1.t1");
    assert_string_equal(q(p, "NOT kind:task"), "1 1.1 1.1.1 2 2.1 2.2");
    /* AND binds tighter than OR; parentheses group. */
    assert_string_equal(q(p, "kind:task status:done OR kind:section"), "1 1.1.1.t2 2");
    assert_string_equal(q(p, "kind:task (status:done OR unit:学会部)"), "1.1.1.t2 2.1.t1");
    assert_string_equal(q(p, "-(kind:task OR kind:point) under:1"), "1.1");
    assert_string_equal(q(p, "--kind:section"), "1 2");
    assert_string_equal(q(p, "((kind:section))"), "1 2");
    assert_string_equal(q(p, "  kind:task\t　status:done  "), "1.1.1.t2");
}

static void test_printing(void **state)
{
    (void)state;
    assert_string_equal(printed("kind:task unit:宣传文化部 role:lead text:科普 "
                                "due<=2024-06-30 -status:done"),
                        "kind:task (unit:\"宣传文化部\" role:lead) text:\"科普\" "
                        "due<=2024-06-30 -status:done");
    assert_string_equal(printed("a OR b c"), "text:\"a\" OR text:\"b\" text:\"c\"");
    assert_string_equal(printed("(a OR b) c"), "(text:\"a\" OR text:\"b\") text:\"c\"");
    assert_string_equal(printed("-(a b)"), "-(text:\"a\" text:\"b\")");
    assert_string_equal(printed("value>=1.5 ind.unit:家 ind.op:ge"),
                        "ind.op:ge ind.unit:\"家\" value>=1.5");
    assert_string_equal(printed("kind:task value>=1.5 ind.op:ge"),
                        "kind:task ind.op:ge value>=1.5");
    assert_string_equal(printed("(ind.op:ge) (value>=2)"),
                        "(has:indicator ind.op:ge) (has:indicator value>=2)");
    assert_string_equal(printed("-(ind.op:ge value>=2)"), "-(has:indicator ind.op:ge value>=2)");
    assert_string_equal(printed("-ind.op:ge"), "-ind.op:ge");
    /* The parser puts an AND's indicator predicate last: one printed
     * without its group elsewhere moved on reprint
     * (fuzz/regressions/query-reprint-moves-indicator). */
    assert_string_equal(printed("a OR (has:indicator value>=10) b"),
                        "text:\"a\" OR (has:indicator value>=10) text:\"b\"");
    assert_string_equal(printed("due:2024-02"), "due>=2024-02-01 due<=2024-02-29");
    assert_string_equal(printed("-due:2024-02"), "-(due>=2024-02-01 due<=2024-02-29)");
    assert_string_equal(printed("text:\"say \\\"hi\\\"\""), "text:\"say \\\"hi\\\"\"");
    assert_string_equal(printed("role:lead"), "role:lead");
    assert_string_equal(printed("kind:task role:lead"), "kind:task (role:lead)");
    assert_string_equal(printed("-(unit:a role:lead)"), "-(unit:\"a\" role:lead)");
    assert_string_equal(printed("x OR unit:a role:lead"), "text:\"x\" OR unit:\"a\" role:lead");
    /* The printer groups a leaf predicate (has:indicator ind.op:ge), one
     * level deeper than the query was written: a query at the nesting
     * limit must still parse again once printed
     * (fuzz/regressions/query-reprint-too-deep). */
    {
        char deep[200];
        wp_query *q, *again;
        char *s;
        memset(deep, '-', 64);
        /* and a lone role, a list of kinds, a month (the last two print as
         * a group: fuzz/regressions/query-negated-kind-list) */
        static const char *const leaves[] = {"ind.op:ge -role:lead", "role:lead",
                                             "kind:point,task", "status:done,delayed",
                                             "due:2024-02", "kind:task due:2024"};
        for (int k = 0; k < 6; k++) {
            int rc;
            strcpy(deep + 64, leaves[k]);
            rc = wp_query_parse(&q, deep);
            if (rc != 0) { /* refused at the limit, as its printed form would be */
                assert_int_equal(rc, WP_ESYNTAX);
                continue;
            }
            OK(wp_query_to_string(&s, q));
            OK(wp_query_parse(&again, s));
            wp_free(s);
            wp_query_free(again);
            wp_query_free(q);
        }
    }
    {
        /* More unit terms in one AND than a group holds (16), each written
         * in its own group: the printed query parses again
         * (fuzz/regressions/query-many-unit-terms). */
        char many[600] = "";
        for (int k = 0; k < 20; k++)
            snprintf(many + strlen(many), sizeof many - strlen(many), "(own.unit:u%d) ", k);
        assert_non_null(printed(many));
    }
    assert_string_equal(printed("overdue:2024-07-01"), "overdue:2024-07-01");
    assert_string_equal(printed("attr.weight:3"), "attr.weight:\"3\"");
    assert_string_equal(printed(""), "*");
    {
        wp_query *a;
        wp_value v = {WP_VALUE_INT, {.integer = -7}};
        char *s;
        OK(wp_query_attr(&a, "n", &v));
        OK(wp_query_to_string(&s, a));
        assert_string_equal(s, "attr.n:-7");
        wp_free(s);
        wp_query_free(a);
        FAILS(WP_EINVAL, wp_query_to_string(NULL, NULL));
    }
}

/* A syntax error: code, byte offset, column and a phrase of the message. */
static void bad(const char *text, size_t offset, int column, const char *phrase)
{
    wp_query *a = (wp_query *)1;
    const wp_error *e;
    int rc = wp_query_parse(&a, text);
    if (rc != WP_ESYNTAX)
        fail_msg("'%s' -> %d (%s), expected WP_ESYNTAX", text, rc, wp_error_last()->message);
    assert_null(a);
    e = wp_error_last();
    if (e->offset != offset || e->column != column || strstr(e->message, phrase) == NULL)
        fail_msg("'%s': offset %zu column %d '%s'; expected %zu, %d, '%s'", text, e->offset,
                 e->column, e->message, offset, column, phrase);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    bad("kind:", 5, 6, "expected a value");
    bad("kind:foo", 5, 6, "unknown node kind 'foo'");
    bad("kind:task,", 10, 11, "unknown node kind ''");
    bad("kind:task,bar", 10, 11, "unknown node kind 'bar'");
    bad("status:late", 7, 8, "unknown status");
    bad("(kind:task", 10, 11, "expected ')'");
    bad("kind:task)", 9, 10, "unexpected ')'");
    bad("()", 0, 1, "empty parentheses");
    bad("foo:bar", 0, 1, "unknown field");
    bad("单位:办公室", 0, 1, "unknown field");
    bad("科普 单位:办公室", 7, 4, "unknown field"); /* columns count characters */
    bad(":x", 0, 1, "expected a field name");
    bad("due<=2024-13", 5, 6, "expected a date");
    bad("due<=tomorrow", 5, 6, "expected a date");
    bad("overdue:2024-07", 8, 9, "expected a date YYYY-MM-DD");
    bad("due~2024", 0, 1, "due takes");
    bad("kind<task", 0, 1, "takes ':'");
    bad("role:boss", 5, 6, "unknown role");
    bad("unit:a role:lead role:support", 17, 18, "role given twice");
    bad("ind.op:most", 7, 8, "unknown indicator op");
    bad("ind.op:ge ind.op:le", 10, 11, "ind.op given twice");
    bad("ind.unit:a ind.unit:b", 11, 12, "ind.unit given twice");
    bad("value>abc", 6, 7, "expected a number");
    bad("has:everything", 4, 5, "expected indicator, deadline or assignment");
    bad("a OR", 4, 5, "expected a term after OR");
    bad("OR a", 0, 1, "expected a term before OR");
    bad("a AND", 2, 3, "expected a term after AND");
    bad("-", 1, 2, "expected a term");
    bad("NOT", 3, 4, "expected a term to negate");
    bad("text:\"open", 5, 6, "unterminated quoted string");
    bad("text:\"a\"b", 8, 9, "expected a space or ')'");
    bad("attr.:x", 0, 1, "unknown field");
    {
        /* Nesting is limited, not a stack overflow. */
        char deep[400];
        memset(deep, '(', 300);
        strcpy(deep + 300, "a");
        bad(deep, 64, 65, "nested too deeply");
    }
    {
        wp_query *a;
        FAILS(WP_EUTF8, wp_query_parse(&a, "text:\xE4\xB8"));
        FAILS(WP_EINVAL, wp_query_parse(NULL, "a"));
        FAILS(WP_EINVAL, wp_query_parse(&a, NULL));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fields, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_due_forms, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_groups, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_boolean, fixture_setup, fixture_teardown),
        cmocka_unit_test(test_printing),
        cmocka_unit_test(test_syntax_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
