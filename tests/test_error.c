/* The error model, allocator hooks and version. */
#include "helpers.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void test_last_error(void **state)
{
    const wp_error *e;
    wp_plan *plan;
    (void)state;
    wp_error_clear();
    e = wp_error_last();
    assert_int_equal(e->code, WP_OK);
    assert_string_equal(e->message, "");
    assert_int_equal(e->offset, WP_NO_OFFSET);
    FAILS(WP_EINVAL, wp_plan_set_title(NULL, "x"));
    e = wp_error_last();
    assert_int_equal(e->code, WP_EINVAL);
    assert_non_null(strstr(e->message, "wp_plan_set_title"));
    assert_int_equal(e->offset, WP_NO_OFFSET);
    /* A successful call does not clear it; wp_error_clear does. */
    OK(wp_plan_new(&plan));
    assert_int_equal(wp_error_last()->code, WP_EINVAL);
    wp_error_clear();
    assert_int_equal(wp_error_last()->code, WP_OK);
    wp_plan_free(plan);
}

/* Valid UTF-8 (every byte sequence utf8proc accepts). */
static bool valid_utf8(const char *s)
{
    wp_plan *plan;
    bool ok;
    OK(wp_plan_new(&plan));
    ok = wp_plan_set_title(plan, s) == 0;
    wp_plan_free(plan);
    return ok;
}

static void test_message_is_valid_utf8(void **state)
{
    wp_plan *plan;
    wp_node *a, *b;
    char id[1000];
    const char *m;
    (void)state;
    /* Messages quote at most 200 bytes of user text; 201 bytes of 3-byte
     * characters would be cut inside a character without care. */
    strcpy(id, "x");
    for (int i = 0; i < 120; i++)
        strcat(id, "部");
    OK(wp_plan_new(&plan));
    OK(wp_node_new(&a, plan, WP_NODE_TASK));
    OK(wp_node_new(&b, plan, WP_NODE_TASK));
    OK(wp_node_set_id(a, id));
    FAILS(WP_EEXISTS, wp_node_set_id(b, id));
    m = wp_error_last()->message;
    assert_non_null(strstr(m, "is already used"));
    {
        char copy[600];
        strcpy(copy, m);
        assert_true(valid_utf8(copy));
    }
    wp_plan_free(plan);
}

static void test_code_names(void **state)
{
    (void)state;
    assert_string_equal(wp_error_code_name(WP_OK), "WP_OK");
    assert_string_equal(wp_error_code_name(WP_ENOMEM), "WP_ENOMEM");
    assert_string_equal(wp_error_code_name(WP_ESYNTAX), "WP_ESYNTAX");
    assert_string_equal(wp_error_code_name(WP_ITEROVER), "WP_ITEROVER");
    assert_string_equal(wp_error_code_name(WP_ENOTSUP), "WP_ENOTSUP");
    assert_null(wp_error_code_name(-16));
    assert_null(wp_error_code_name(1));
}

static void *thread_main(void *arg)
{
    (void)arg;
    /* A fresh thread starts with no error, whatever the main thread has. */
    if (wp_error_last()->code != WP_OK)
        return (void *)1;
    wp_plan_set_year(NULL, 1);
    return wp_error_last()->code == WP_EINVAL ? NULL : (void *)2;
}

static void test_thread_local(void **state)
{
    pthread_t t;
    void *ret = (void *)99;
    (void)state;
    FAILS(WP_EINVAL, wp_unit_add(NULL, NULL, "x", NULL));
    assert_int_equal(pthread_create(&t, NULL, thread_main, NULL), 0);
    assert_int_equal(pthread_join(t, &ret), 0);
    assert_null(ret);
    assert_int_equal(wp_error_last()->code, WP_EINVAL); /* ours is untouched */
}

static void test_allocator(void **state)
{
    counting_alloc c = {0, -1, 0};
    wp_plan *plan;
    void *p;
    wp_allocator incomplete = {NULL, NULL, NULL, NULL};
    (void)state;
    FAILS(WP_EINVAL, wp_set_allocator(&incomplete));
    counting_alloc_install(&c);
    OK(build_rich_plan(&plan));
    assert_true(c.calls > 0);
    assert_true(c.live > 0);
    p = wp_malloc(16);
    assert_non_null(p);
    wp_free(p);
    wp_free(NULL);
    wp_plan_free(plan);
    assert_int_equal(c.live, 0); /* everything went back through the hooks */
    counting_alloc_remove();
}

static void test_version(void **state)
{
    char expect[32];
    (void)state;
    snprintf(expect, sizeof expect, "%d.%d.%d", WP_VERSION_MAJOR, WP_VERSION_MINOR,
             WP_VERSION_PATCH);
    assert_string_equal(wp_version(), expect);
    assert_string_equal(wp_version(), WP_VERSION_STRING);
    assert_int_equal(wp_version_number(), WP_VERSION_NUMBER);
    assert_int_equal(WP_VERSION_NUMBER, 0x000100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_error),
        cmocka_unit_test(test_message_is_valid_utf8),
        cmocka_unit_test(test_code_names),
        cmocka_unit_test(test_thread_local),
        cmocka_unit_test(test_allocator),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
