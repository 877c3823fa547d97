/* The decoder's single pass: non-canonical key orders (parts that refer
 * to later parts) still decode, and to the same plan as canonical input;
 * the inline UTF-8 check rejects what utf8proc rejects. */
#include "helpers.h"

#include <string.h>

#define HEAD 0xd9, 0xd9, 0xf7, 0xda, 0x57, 0x50, 0x4c, 0x4e, 0xa2, 0x00, 0x01, 0x01

/* unit list [{1: "u1", 2: "A"}] */
#define UNITS 0x0f, 0x81, 0xa2, 0x01, 0x62, 0x75, 0x31, 0x02, 0x61, 0x41
/* indicators [{1: "x", 4: 10}] */
#define INDS 0x0b, 0x81, 0xa2, 0x01, 0x61, 0x78, 0x04, 0x0a
/* progress [{1: 20240101, 6: [[0, 5]]}] */
#define PROGRESS 0x0c, 0x81, 0xa2, 0x01, 0x1a, 0x01, 0x34, 0xd6, 0xe5, 0x06, 0x81, 0x82, 0x00, 0x05
/* assignments [{1: 0, 2: 0}] */
#define ASSIGNS 0x0a, 0x81, 0xa2, 0x01, 0x00, 0x02, 0x00

/* Canonical: kind, units, then nodes; in the node indicators before progress. */
static const uint8_t canonical[] = {HEAD, 0xa3, 0x02, 0x00, UNITS, 0x11, 0x81, 0xa4, 0x02, 0x04,
                                    ASSIGNS, INDS, PROGRESS};
/* Nodes before units, progress before indicators. */
static const uint8_t reordered[] = {HEAD, 0xa3, 0x02, 0x00, 0x11, 0x81, 0xa4, 0x02, 0x04,
                                    PROGRESS, ASSIGNS, INDS, UNITS};

static void test_orders(void **state)
{
    wp_plan *a, *b;
    wp_node *t;
    uint8_t *buf;
    size_t len;
    (void)state;
    OK(wp_plan_from_cbor(&a, canonical, sizeof canonical));
    OK(wp_plan_from_cbor(&b, reordered, sizeof reordered));
    assert_true(wp_plan_equal(a, b));
    t = wp_plan_first_node(b);
    assert_non_null(t);
    assert_int_equal(wp_node_assignment_count(t), 1);
    assert_string_equal(wp_unit_name(wp_node_assignment_unit(t, 0)), "A");
    assert_int_equal(wp_node_report_count(t), 1);
    assert_true(wp_report_actual_for(wp_node_report(t, 0), wp_node_indicator(t, 0)) == 5.0);
    /* written back canonically, byte for byte */
    OK(wp_plan_to_cbor(&buf, &len, b));
    assert_int_equal(len, sizeof canonical);
    assert_memory_equal(buf, canonical, len);
    wp_free(buf);
    wp_plan_free(a);
    wp_plan_free(b);
}

/* A unit index with no units: an error whether the nodes come before or
 * after (here: no units at all). */
static void test_missing_unit(void **state)
{
    static const uint8_t doc[] = {HEAD, 0xa2, 0x02, 0x00, 0x11, 0x81, 0xa2, 0x02, 0x04, ASSIGNS};
    wp_plan *p = NULL;
    (void)state;
    FAILS(WP_EFORMAT, wp_plan_from_cbor(&p, doc, sizeof doc));
    assert_null(p);
    assert_non_null(strstr(wp_error_last()->message, "does not exist"));
}

/* Text with `bad` spliced in as the plan title: rejected with WP_EUTF8
 * at the byte where the bad sequence starts. */
static void check_title_at(const uint8_t *bytes, size_t n, int expect, size_t at)
{
    uint8_t doc[64] = {HEAD, 0xa2, 0x02, 0x00, 0x03};
    size_t len = 16;
    wp_plan *p = NULL;
    doc[len++] = (uint8_t)(0x60 + 2 + n);
    doc[len++] = 'o';
    doc[len++] = 'k';
    memcpy(doc + len, bytes, n);
    len += n;
    if (expect == 0) {
        OK(wp_plan_from_cbor(&p, doc, len));
        wp_plan_free(p);
        return;
    }
    FAILS(expect, wp_plan_from_cbor(&p, doc, len));
    assert_null(p);
    assert_int_equal(wp_error_last()->offset, at);
}

static void check_title(const uint8_t *bytes, size_t n, int expect)
{
    check_title_at(bytes, n, expect, 19); /* right after "ok" */
}

static void test_utf8(void **state)
{
    static const uint8_t ok3[] = {0xe4, 0xb8, 0xad};             /* 中 */
    static const uint8_t ok4[] = {0xf0, 0x9f, 0x98, 0x80};       /* U+1F600 */
    static const uint8_t ok2[] = {0xc2, 0xa9};                   /* © */
    static const uint8_t max[] = {0xf4, 0x8f, 0xbf, 0xbf};       /* U+10FFFF */
    static const uint8_t overlong2[] = {0xc0, 0x80};
    static const uint8_t overlong3[] = {0xe0, 0x80, 0xaf};
    static const uint8_t surrogate[] = {0xed, 0xa0, 0x80};
    static const uint8_t too_big[] = {0xf4, 0x90, 0x80, 0x80};
    static const uint8_t cut[] = {0xe4, 0xb8};
    static const uint8_t lone[] = {0x80};
    (void)state;
    check_title(ok2, sizeof ok2, 0);
    check_title(ok3, sizeof ok3, 0);
    check_title(ok4, sizeof ok4, 0);
    check_title(max, sizeof max, 0);
    check_title(overlong2, sizeof overlong2, WP_EUTF8);
    check_title(overlong3, sizeof overlong3, WP_EUTF8);
    check_title(surrogate, sizeof surrogate, WP_EUTF8);
    check_title(too_big, sizeof too_big, WP_EUTF8);
    check_title(cut, sizeof cut, WP_EUTF8);
    check_title(lone, sizeof lone, WP_EUTF8);
    /* inside a run of CJK (the fast path): E0/ED leads and bad bytes */
    {
        static const uint8_t run_ok[] = {0xe4, 0xb8, 0xad, 0xe0, 0xa0, 0x80, 0xed, 0x9f, 0xbf,
                                         0xe4, 0xb8, 0xad};
        static const uint8_t run_sur[] = {0xe4, 0xb8, 0xad, 0xe4, 0xb8, 0xad, 0xed, 0xa0, 0x80};
        static const uint8_t run_cut[] = {0xe4, 0xb8, 0xad, 0xe4, 0xb8, 0x41, 0x41};
        check_title(run_ok, sizeof run_ok, 0);
        check_title_at(run_sur, sizeof run_sur, WP_EUTF8, 25);
        check_title_at(run_cut, sizeof run_cut, WP_EUTF8, 22);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders),
        cmocka_unit_test(test_missing_unit),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
