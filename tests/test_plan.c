/* Plan metadata, lists and body-level operations. */
#include "helpers.h"

#include <string.h>

static void test_new_defaults(void **state)
{
    wp_plan *plan;
    (void)state;
    OK(wp_plan_new(&plan));
    assert_int_equal(wp_plan_kind_of(plan), WP_PLAN_OTHER);
    assert_string_equal(wp_plan_script(plan), "zh-Hans");
    assert_null(wp_plan_id(plan));
    assert_null(wp_plan_title(plan));
    assert_int_equal(wp_plan_year(plan), 0);
    assert_int_equal(wp_plan_issued(plan), WP_DATE_NONE);
    assert_null(wp_plan_doc_number(plan));
    assert_int_equal(wp_plan_node_count(plan), 0);
    assert_int_equal(wp_plan_top_count(plan), 0);
    assert_null(wp_plan_first_node(plan));
    assert_null(wp_plan_last_node(plan));
    assert_non_null(wp_plan_attrs(plan));
    wp_plan_free(plan);
    wp_plan_free(NULL);
    FAILS(WP_EINVAL, wp_plan_new(NULL));
}

static void test_text_fields(void **state)
{
    wp_plan *plan;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_plan_set_id(plan, "p1"));
    OK(wp_plan_set_title(plan, "市科协2024年工作要点"));
    OK(wp_plan_set_issuer(plan, "重庆市科学技术协会"));
    OK(wp_plan_set_publisher(plan, "办公室"));
    OK(wp_plan_set_preamble(plan, "前言"));
    OK(wp_plan_set_script(plan, "zh-Hant"));
    assert_string_equal(wp_plan_id(plan), "p1");
    assert_string_equal(wp_plan_title(plan), "市科协2024年工作要点");
    assert_string_equal(wp_plan_issuer(plan), "重庆市科学技术协会");
    assert_string_equal(wp_plan_publisher(plan), "办公室");
    assert_string_equal(wp_plan_preamble(plan), "前言");
    assert_string_equal(wp_plan_script(plan), "zh-Hant");
    /* Setters copy: changing the caller's buffer changes nothing. */
    {
        char buf[] = "标题";
        OK(wp_plan_set_title(plan, buf));
        buf[0] = 'x';
        assert_string_equal(wp_plan_title(plan), "标题");
    }
    /* NULL clears; clearing the script restores the default. */
    OK(wp_plan_set_title(plan, NULL));
    assert_null(wp_plan_title(plan));
    OK(wp_plan_set_script(plan, NULL));
    assert_string_equal(wp_plan_script(plan), "zh-Hans");
    FAILS(WP_EINVAL, wp_plan_set_script(plan, ""));
    FAILS(WP_EINVAL, wp_plan_set_title(NULL, "x"));
    assert_null(wp_plan_title(NULL));
    assert_null(wp_plan_script(NULL));
    wp_plan_free(plan);
}

static void test_invalid_utf8_rejected(void **state)
{
    wp_plan *plan;
    const wp_error *e;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_plan_set_title(plan, "好"));
    /* "工作" then a lone continuation byte at offset 6. */
    FAILS(WP_EUTF8, wp_plan_set_title(plan, "工作\x80"));
    e = wp_error_last();
    assert_int_equal(e->code, WP_EUTF8);
    assert_int_equal(e->offset, 6);
    assert_non_null(strstr(e->message, "plan title"));
    assert_non_null(strstr(e->message, "byte 6"));
    /* The old value is kept. */
    assert_string_equal(wp_plan_title(plan), "好");
    FAILS(WP_EUTF8, wp_plan_set_issuer(plan, "\xe5\xa5")); /* truncated */
    FAILS(WP_EUTF8, wp_plan_set_issuer(plan, "\xed\xa0\x80")); /* surrogate */
    FAILS(WP_EUTF8, wp_plan_set_issuer(plan, "\xc0\xaf"));     /* overlong */
    FAILS(WP_EUTF8, wp_plan_add_recipient(plan, "\xff"));
    assert_int_equal(wp_plan_recipient_count(plan), 0);
    wp_plan_free(plan);
}

static void test_scalars(void **state)
{
    wp_plan *plan;
    wp_plan_kind k;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_plan_set_kind(plan, WP_PLAN_SUMMARY));
    assert_int_equal(wp_plan_kind_of(plan), WP_PLAN_SUMMARY);
    FAILS(WP_EINVAL, wp_plan_set_kind(plan, (wp_plan_kind)99));
    FAILS(WP_EINVAL, wp_plan_set_kind(NULL, WP_PLAN_SUMMARY));
    assert_int_equal(wp_plan_kind_of(NULL), WP_PLAN_OTHER);
    OK(wp_plan_set_year(plan, 2024));
    assert_int_equal(wp_plan_year(plan), 2024);
    FAILS(WP_EINVAL, wp_plan_set_year(plan, -1));
    FAILS(WP_EINVAL, wp_plan_set_year(plan, 10000));
    OK(wp_plan_set_year(plan, 0));
    assert_int_equal(wp_plan_year(plan), 0);
    assert_int_equal(wp_plan_year(NULL), 0);
    OK(wp_plan_set_issued(plan, 20240326));
    OK(wp_plan_set_published(plan, 20240327));
    assert_int_equal(wp_plan_issued(plan), 20240326);
    assert_int_equal(wp_plan_published(plan), 20240327);
    FAILS(WP_EINVAL, wp_plan_set_issued(plan, 20240230));
    FAILS(WP_EINVAL, wp_plan_set_published(plan, 2024));
    FAILS(WP_EINVAL, wp_plan_set_issued(NULL, 20240326));
    assert_int_equal(wp_plan_issued(plan), 20240326);
    OK(wp_plan_set_issued(plan, WP_DATE_NONE));
    assert_int_equal(wp_plan_issued(plan), WP_DATE_NONE);
    assert_int_equal(wp_plan_issued(NULL), WP_DATE_NONE);
    assert_int_equal(wp_plan_published(NULL), WP_DATE_NONE);

    assert_string_equal(wp_plan_kind_name(WP_PLAN_IMPLEMENTATION_PLAN), "implementation_plan");
    assert_null(wp_plan_kind_name((wp_plan_kind)-1));
    OK(wp_plan_kind_parse(&k, "notice"));
    assert_int_equal(k, WP_PLAN_NOTICE);
    FAILS(WP_EINVAL, wp_plan_kind_parse(&k, "memo"));
    assert_non_null(strstr(wp_error_last()->message, "memo"));
    FAILS(WP_EINVAL, wp_plan_kind_parse(NULL, "notice"));
    FAILS(WP_EINVAL, wp_plan_kind_parse(&k, NULL));
    wp_plan_free(plan);
}

static void test_doc_number(void **state)
{
    wp_plan *plan;
    const wp_doc_number *got;
    char text[] = "渝科协发〔2024〕17号";
    wp_doc_number n = {text, "渝科协发", 2024, 17};
    wp_doc_number bad = {NULL, NULL, 0, 0};
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_plan_set_doc_number(plan, &n));
    text[0] = 'x';
    got = wp_plan_doc_number(plan);
    assert_non_null(got);
    assert_string_equal(got->text, "渝科协发〔2024〕17号");
    assert_string_equal(got->prefix, "渝科协发");
    assert_int_equal(got->year, 2024);
    assert_int_equal(got->serial, 17);
    FAILS(WP_EINVAL, wp_plan_set_doc_number(plan, &bad));
    bad.text = "x";
    bad.serial = -1;
    FAILS(WP_EINVAL, wp_plan_set_doc_number(plan, &bad));
    bad.serial = 0;
    bad.prefix = "\xff";
    FAILS(WP_EUTF8, wp_plan_set_doc_number(plan, &bad));
    assert_string_equal(wp_plan_doc_number(plan)->prefix, "渝科协发");
    bad.prefix = NULL;
    OK(wp_plan_set_doc_number(plan, &bad));
    assert_null(wp_plan_doc_number(plan)->prefix);
    OK(wp_plan_set_doc_number(plan, NULL));
    assert_null(wp_plan_doc_number(plan));
    FAILS(WP_EINVAL, wp_plan_set_doc_number(NULL, &n));
    wp_plan_free(plan);
}

static void test_lists(void **state)
{
    wp_plan *plan;
    wp_doc_number ref = {"〔2023〕29号", NULL, 2023, 29};
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_plan_add_recipient(plan, "各区县科协"));
    OK(wp_plan_add_recipient(plan, "各市级学会"));
    OK(wp_plan_add_recipient(plan, "各企事业科协"));
    assert_int_equal(wp_plan_recipient_count(plan), 3);
    assert_string_equal(wp_plan_recipient(plan, 1), "各市级学会");
    assert_null(wp_plan_recipient(plan, 3));
    OK(wp_plan_remove_recipient(plan, 1));
    assert_int_equal(wp_plan_recipient_count(plan), 2);
    assert_string_equal(wp_plan_recipient(plan, 1), "各企事业科协");
    FAILS(WP_EINVAL, wp_plan_remove_recipient(plan, 2));
    FAILS(WP_EINVAL, wp_plan_add_recipient(plan, ""));
    FAILS(WP_EINVAL, wp_plan_add_recipient(plan, NULL));
    FAILS(WP_EINVAL, wp_plan_add_recipient(NULL, "x"));
    assert_int_equal(wp_plan_recipient_count(NULL), 0);

    OK(wp_plan_add_attachment(plan, "分工表"));
    assert_int_equal(wp_plan_attachment_count(plan), 1);
    assert_string_equal(wp_plan_attachment_title(plan, 0), "分工表");
    assert_null(wp_plan_attachment_title(plan, 1));
    OK(wp_plan_remove_attachment(plan, 0));
    assert_int_equal(wp_plan_attachment_count(plan), 0);
    FAILS(WP_EINVAL, wp_plan_remove_attachment(plan, 0));

    OK(wp_plan_add_reference(plan, "某意见", &ref));
    OK(wp_plan_add_reference(plan, "某规划", NULL));
    OK(wp_plan_add_reference(plan, NULL, &ref));
    assert_int_equal(wp_plan_reference_count(plan), 3);
    assert_string_equal(wp_plan_reference_title(plan, 0), "某意见");
    assert_int_equal(wp_plan_reference_doc_number(plan, 0)->serial, 29);
    assert_null(wp_plan_reference_doc_number(plan, 1));
    assert_null(wp_plan_reference_title(plan, 2));
    assert_null(wp_plan_reference_title(plan, 3));
    assert_null(wp_plan_reference_doc_number(plan, 3));
    FAILS(WP_EINVAL, wp_plan_add_reference(plan, NULL, NULL));
    FAILS(WP_EINVAL, wp_plan_add_reference(plan, "", NULL));
    FAILS(WP_EUTF8, wp_plan_add_reference(plan, "\xfe", NULL));
    OK(wp_plan_remove_reference(plan, 0));
    assert_int_equal(wp_plan_reference_count(plan), 2);
    assert_string_equal(wp_plan_reference_title(plan, 0), "某规划");
    FAILS(WP_EINVAL, wp_plan_remove_reference(plan, 5));
    wp_plan_free(plan);
}

static void test_body(void **state)
{
    wp_plan *plan;
    wp_node *a, *b, *c;
    (void)state;
    OK(wp_plan_new(&plan));
    OK(wp_node_new(&a, plan, WP_NODE_SECTION));
    OK(wp_node_new(&b, plan, WP_NODE_SECTION));
    OK(wp_node_new(&c, plan, WP_NODE_TASK));
    assert_int_equal(wp_plan_node_count(plan), 0); /* detached nodes */
    OK(wp_plan_append_node(plan, a));
    OK(wp_plan_prepend_node(plan, b));
    OK(wp_node_append_child(a, c));
    assert_ptr_equal(wp_plan_first_node(plan), b);
    assert_ptr_equal(wp_plan_last_node(plan), a);
    assert_int_equal(wp_plan_top_count(plan), 2);
    assert_int_equal(wp_plan_node_count(plan), 3);
    FAILS(WP_EINVAL, wp_plan_append_node(NULL, a));
    FAILS(WP_EINVAL, wp_plan_prepend_node(NULL, a));
    FAILS(WP_EINVAL, wp_plan_append_node(plan, NULL));
    assert_int_equal(wp_plan_node_count(NULL), 0);
    assert_int_equal(wp_plan_top_count(NULL), 0);
    assert_null(wp_plan_first_node(NULL));
    assert_null(wp_plan_last_node(NULL));
    wp_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_defaults),
        cmocka_unit_test(test_text_fields),
        cmocka_unit_test(test_invalid_utf8_rejected),
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_doc_number),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
