/* Threads (issue 10): many readers of one plan at once — the first query
 * builds the plan's indexes while others query too — beside writers that
 * build, edit, encode, save and import their own plans. Every reader must
 * see the same answers as a single thread; run under ThreadSanitizer in CI
 * (.ci/run), where any data race fails the test. WP_THREAD_ROUNDS sets the
 * rounds per thread (default 30). */
#include "helpers.h"
#include "query_fixture.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READERS 6
#define WRITERS 3
static int rounds = 30; /* WP_THREAD_ROUNDS (CI lowers it under valgrind) */

static const char *const queries[] = {
    "kind:task unit:科普部 role:lead", "text~科普 OR has:indicator", "due<=2024-06-30 -status:done",
    "ind.unit:家", "under:1 kind:point,task", "unit:学会部",
};
#define NQ (sizeof queries / sizeof queries[0])

static wp_plan *shared;
static size_t expected[NQ];
static uint8_t *expected_cbor;
static size_t expected_len;
static pthread_barrier_t start;
static size_t expected_unit_count;

static void *reader(void *arg)
{
    long failures = 0;
    (void)arg;
    pthread_barrier_wait(&start); /* all at once: the first query builds the indexes */
    for (int round = 0; round < rounds; round++) {
        for (size_t i = 0; i < NQ; i++) {
            wp_query *q = NULL;
            wp_nodelist *list = NULL;
            size_t n = 0;
            if (wp_query_parse(&q, queries[i]) < 0 || wp_query_count(&n, q, shared) < 0 ||
                n != expected[i] || wp_query_select(&list, q, shared, 0) < 0 ||
                wp_nodelist_count(list) != expected[i])
                failures++;
            wp_nodelist_free(list);
            wp_query_free(q);
        }
        {
            wp_plan *copy = NULL;
            uint8_t *cbor = NULL;
            size_t len = 0;
            wp_matrix *m = NULL;
            wp_iter *it = NULL;
            if (wp_plan_copy(&copy, shared) < 0 || !wp_plan_equal(copy, shared))
                failures++;
            if (wp_plan_to_cbor(&cbor, &len, shared) < 0 || len != expected_len ||
                memcmp(cbor, expected_cbor, len) != 0)
                failures++;
            if (wp_matrix_build(&m, shared, NULL) < 0)
                failures++;
            if (wp_iter_new(&it, shared) == 0) {
                while (wp_iter_next(it) != WP_EVENT_DONE)
                    (void)wp_node_title(wp_iter_node(it));
                wp_iter_free(it);
            }
            wp_matrix_free(m);
            wp_free(cbor);
            wp_plan_free(copy);
        }
    }
    return (void *)failures;
}

static void *writer(void *arg)
{
    long id = (long)(intptr_t)arg, failures = 0;
    char path[128];
    snprintf(path, sizeof path, "%s/wp-threads-%ld-%ld.cbor", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (long)getpid(), id);
    pthread_barrier_wait(&start);
    for (int round = 0; round < rounds; round++) {
        static const char doc[] = "示例2025年工作要点\n一、重点任务\n1.办好活动。开展活动10场以上。（牵头部门：办公室）\n";
        wp_plan *p = NULL, *back = NULL, *imported = NULL;
        wp_import_report *rep = NULL;
        wp_query *q = NULL;
        wp_node *n;
        size_t count = 0;
        if (fixture_plan(&p) < 0 || wp_node_new(&n, p, WP_NODE_SECTION) < 0 ||
            wp_node_set_title(n, "新增") < 0 || wp_plan_append_node(p, n) < 0 ||
            wp_plan_assign_ids(p) < 0)
            failures++;
        /* Its own index, built and then invalidated by an edit. */
        if (wp_query_parse(&q, "kind:section") < 0 || wp_query_count(&count, q, p) < 0 ||
            wp_node_set_title(n, "改了") < 0 || wp_query_count(&count, q, p) < 0)
            failures++;
        if (wp_plan_save(p, path) < 0 || wp_plan_load(&back, path) < 0 || !wp_plan_equal(p, back))
            failures++;
        if (wp_import_text(&imported, &rep, doc, sizeof doc - 1, NULL) < 0)
            failures++;
        if (wp_error_last()->code != WP_OK && failures == 0)
            wp_error_clear();
        wp_import_report_free(rep);
        wp_query_free(q);
        wp_plan_free(imported);
        wp_plan_free(back);
        wp_plan_free(p);
    }
    unlink(path);
    return (void *)failures;
}

static void test_readers_and_writers(void **state)
{
    pthread_t r[READERS], w[WRITERS];
    wp_plan *warm;
    (void)state;
    /* Answers from one thread, on a separate plan (the shared one must
     * build its indexes under the readers). */
    OK(fixture_plan(&warm));
    for (size_t i = 0; i < NQ; i++) {
        wp_query *q;
        OK(wp_query_parse(&q, queries[i]));
        OK(wp_query_count(&expected[i], q, warm));
        wp_query_free(q);
    }
    wp_plan_free(warm);
    OK(fixture_plan(&shared));
    OK(wp_plan_to_cbor(&expected_cbor, &expected_len, shared));
    assert_int_equal(pthread_barrier_init(&start, NULL, READERS + WRITERS), 0);
    for (long i = 0; i < READERS; i++)
        assert_int_equal(pthread_create(&r[i], NULL, reader, NULL), 0);
    for (long i = 0; i < WRITERS; i++)
        assert_int_equal(pthread_create(&w[i], NULL, writer, (void *)(intptr_t)i), 0);
    for (int i = 0; i < READERS; i++) {
        void *f;
        pthread_join(r[i], &f);
        if (f != NULL)
            fail_msg("reader %d: %ld wrong answers", i, (long)(intptr_t)f);
    }
    for (int i = 0; i < WRITERS; i++) {
        void *f;
        pthread_join(w[i], &f);
        if (f != NULL)
            fail_msg("writer %d: %ld failures", i, (long)(intptr_t)f);
    }
    pthread_barrier_destroy(&start);
    wp_free(expected_cbor);
    wp_plan_free(shared);
}

/* The hash seed is drawn once, however many threads race for it (this
 * test runs first: nothing has hashed before). Each thread's ids must be
 * found again, and a plan built in one thread is read in all. */
static wp_plan *built[8];

static void *first_use(void *arg)
{
    long i = (long)(intptr_t)arg;
    pthread_barrier_wait(&start);
    if (fixture_plan(&built[i]) < 0 || wp_plan_find_node(built[i], "1") == NULL)
        return (void *)1;
    return NULL;
}

static void test_seed_race(void **state)
{
    pthread_t t[8];
    (void)state;
    assert_int_equal(pthread_barrier_init(&start, NULL, 8), 0);
    for (long i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&t[i], NULL, first_use, (void *)(intptr_t)i), 0);
    for (int i = 0; i < 8; i++) {
        void *f;
        pthread_join(t[i], &f);
        assert_null(f);
    }
    for (int i = 0; i < 8; i++)
        assert_non_null(wp_plan_find_node(built[(i + 1) % 8], "1"));
    for (int i = 0; i < 8; i++)
        wp_plan_free(built[i]);
    pthread_barrier_destroy(&start);
}

/* Start READERS threads of `fn` at once (a barrier) and add up the
 * failures they return. */
static long race(void *(*fn)(void *))
{
    pthread_t t[READERS];
    long failures = 0;
    assert_int_equal(pthread_barrier_init(&start, NULL, READERS), 0);
    for (int i = 0; i < READERS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, fn, NULL), 0);
    for (int i = 0; i < READERS; i++) {
        void *f;
        pthread_join(t[i], &f);
        failures += (long)f;
    }
    pthread_barrier_destroy(&start);
    return failures;
}

/* Readers asking one task's 40 indicators for their actuals at once: the
 * first calls compute the node's actuals together and keep them (under the
 * plan's lock, published with a release store), the others read them. */
#define ACT_INDS 40
static wp_node *act_task;

static void *actual_reader(void *arg)
{
    long failures = 0;
    (void)arg;
    pthread_barrier_wait(&start);
    for (int round = 0; round < rounds; round++)
        for (size_t i = 0; i < ACT_INDS; i++)
            if (wp_indicator_actual(wp_node_indicator(act_task, i)) != (double)(2 * i + 1))
                failures++;
    return (void *)failures;
}

static void test_actuals_race(void **state)
{
    wp_plan *plan;
    wp_report *r1, *r2;
    (void)state;
    assert_int_equal(wp_plan_new(&plan), 0);
    assert_int_equal(wp_node_new(&act_task, plan, WP_NODE_TASK), 0);
    assert_int_equal(wp_plan_append_node(plan, act_task), 0);
    assert_int_equal(wp_node_add_report(&r1, act_task, 20240301), 0);
    assert_int_equal(wp_node_add_report(&r2, act_task, 20240601), 0);
    for (size_t i = 0; i < ACT_INDS; i++) {
        wp_indicator *ind;
        assert_int_equal(wp_node_add_indicator(&ind, act_task, "10个"), 0);
        assert_int_equal(wp_report_set_actual(r1, ind, (double)i), 0);     /* cumulative: */
        assert_int_equal(wp_report_set_actual(r2, ind, (double)(i + 1)), 0); /* 2i + 1 */
    }
    assert_int_equal(wp_report_set_state(r1, WP_REPORT_APPROVED), 0);
    assert_int_equal(wp_report_set_state(r2, WP_REPORT_APPROVED), 0);
    assert_int_equal(race(actual_reader), 0);
    wp_plan_free(plan);
}

/* Readers of a plan just read, whose unit tables were dropped (issue 14):
 * the first lookups build them again, under the plan's lock, while the
 * others look up too. */
static wp_plan *read_back;

static void *unit_reader(void *arg)
{
    long failures = 0;
    (void)arg;
    pthread_barrier_wait(&start);
    for (int round = 0; round < rounds; round++) {
        wp_unit *u = wp_unit_find(read_back, "科普部");
        wp_query *q;
        size_t n = 0;
        if (u == NULL || wp_unit_get(read_back, wp_unit_id(u)) != u)
            failures++;
        if (wp_query_parse(&q, "unit:科普部") < 0 || wp_query_count(&n, q, read_back) < 0 ||
            n != expected_unit_count)
            failures++;
        wp_query_free(q);
    }
    return (void *)failures;
}

static void test_unit_tables_race(void **state)
{
    wp_plan *plan;
    uint8_t *cbor;
    size_t len;
    long failures = 0;
    wp_query *q;
    (void)state;
    assert_int_equal(fixture_plan(&plan), 0);
    assert_int_equal(wp_query_parse(&q, "unit:科普部"), 0);
    assert_int_equal(wp_query_count(&expected_unit_count, q, plan), 0);
    assert_true(expected_unit_count > 0);
    wp_query_free(q);
    assert_int_equal(wp_plan_to_cbor(&cbor, &len, plan), 0);
    for (int r = 0; r < 4; r++) {
        assert_int_equal(wp_plan_from_cbor(&read_back, cbor, len), 0);
        failures += race(unit_reader);
        wp_plan_free(read_back);
    }
    assert_int_equal(failures, 0);
    wp_free(cbor);
    wp_plan_free(plan);
}

int main(void)
{
    if (getenv("WP_THREAD_ROUNDS"))
        rounds = atoi(getenv("WP_THREAD_ROUNDS"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_race),
        cmocka_unit_test(test_readers_and_writers),
        cmocka_unit_test(test_actuals_race),
        cmocka_unit_test(test_unit_tables_race),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
