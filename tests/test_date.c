/* Dates: construction, validation, ISO parsing and formatting. */
#include "helpers.h"

#include <string.h>

static void test_make_valid(void **state)
{
    (void)state;
    assert_int_equal(wp_date_make(2024, 3, 26), 20240326);
    assert_int_equal(wp_date_make(2024, 2, 29), 20240229);
    assert_int_equal(wp_date_make(2023, 2, 29), WP_DATE_NONE);
    assert_int_equal(wp_date_make(1900, 2, 29), WP_DATE_NONE);
    assert_int_equal(wp_date_make(2000, 2, 29), 20000229);
    assert_int_equal(wp_date_make(2024, 13, 1), WP_DATE_NONE);
    assert_int_equal(wp_date_make(2024, 0, 1), WP_DATE_NONE);
    assert_int_equal(wp_date_make(2024, 4, 31), WP_DATE_NONE);
    assert_int_equal(wp_date_make(0, 1, 1), WP_DATE_NONE);
    assert_int_equal(wp_date_make(10000, 1, 1), WP_DATE_NONE);
    assert_int_equal(wp_date_make(9999, 12, 31), 99991231);
    assert_true(wp_date_valid(20241231));
    assert_false(wp_date_valid(20241232));
    assert_false(wp_date_valid(WP_DATE_NONE));
    assert_false(wp_date_valid(-20240101));
    assert_int_equal(wp_date_year(20240326), 2024);
    assert_int_equal(wp_date_month(20240326), 3);
    assert_int_equal(wp_date_day(20240326), 26);
    assert_int_equal(wp_date_year(0), 0);
    assert_int_equal(wp_date_month(0), 0);
    assert_int_equal(wp_date_day(0), 0);
    assert_int_equal(wp_date_days_in_month(2024, 2), 29);
    assert_int_equal(wp_date_days_in_month(2024, 12), 31);
    assert_int_equal(wp_date_days_in_month(2024, 13), 0);
    /* Dates compare as integers. */
    assert_true(wp_date_make(2024, 6, 30) < wp_date_make(2024, 12, 31));
}

static void test_parse_format(void **state)
{
    wp_date d;
    char buf[11];
    (void)state;
    OK(wp_date_parse(&d, "2024-03-26"));
    assert_int_equal(d, 20240326);
    OK(wp_date_format(buf, sizeof buf, d));
    assert_string_equal(buf, "2024-03-26");
    OK(wp_date_format(buf, sizeof buf, 10101));
    assert_string_equal(buf, "0001-01-01");
    FAILS(WP_ESYNTAX, wp_date_parse(&d, "2024-3-26"));
    assert_int_equal(wp_error_last()->offset, 6);
    assert_non_null(strstr(wp_error_last()->message, "digit"));
    FAILS(WP_ESYNTAX, wp_date_parse(&d, "2024/03/26"));
    assert_int_equal(wp_error_last()->offset, 4);
    FAILS(WP_ESYNTAX, wp_date_parse(&d, "2024-03-26T00"));
    assert_int_equal(wp_error_last()->offset, 10);
    FAILS(WP_ESYNTAX, wp_date_parse(&d, "2023-02-29"));
    assert_non_null(strstr(wp_error_last()->message, "not a calendar day"));
    FAILS(WP_ESYNTAX, wp_date_parse(&d, ""));
    FAILS(WP_EINVAL, wp_date_parse(NULL, "2024-01-01"));
    FAILS(WP_EINVAL, wp_date_parse(&d, NULL));
    FAILS(WP_EINVAL, wp_date_format(buf, 10, 20240101));
    FAILS(WP_EINVAL, wp_date_format(NULL, 11, 20240101));
    FAILS(WP_EINVAL, wp_date_format(buf, sizeof buf, 20240230));
    assert_string_equal(wp_precision_name(WP_PRECISION_QUARTER), "quarter");
    assert_null(wp_precision_name((wp_precision)5));
    {
        wp_precision p;
        OK(wp_precision_parse(&p, "half"));
        assert_int_equal(p, WP_PRECISION_HALF);
        FAILS(WP_EINVAL, wp_precision_parse(&p, "week"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_make_valid),
        cmocka_unit_test(test_parse_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
