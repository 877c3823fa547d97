/* JSON reading bounded by its input (issue 10): object-dense, member-dense,
 * deep, long strings and plans of many ordinary nodes each end in a clear
 * error or a result within 1 s per MB and 10x the input + 16 MiB of peak
 * RSS growth, measured in a forked child (tests/limits_measure.h). Sizes
 * are divided by 10 under WP_NO_TIMING (sanitizers, valgrind). The tests
 * do not depend on the value of WP_LIMIT_NODES. */
#include "limits_measure.h"

#include <stdio.h>

static void puts_(doc_text *t, const char *s) { put(t, s, strlen(s)); }

#define HEAD "{\"format\":\"workplan\",\"version\":1,\"plan\":{\"kind\":\"other\""

static measure run(const char *name, const doc_text *t)
{
    measure m = run_measured(load_json, t);
    check_bounds(name, &m, t->len);
    return m;
}

/* 10^6 nodes of 19 bytes (or WP_LIMIT_NODES + 10 if that is more): past
 * WP_LIMIT_NODES, so WP_ELIMIT, found before a plan of that many nodes is
 * built. Not scaled: the tokenizer is fast enough under sanitizers. */
static void test_object_dense(void **state)
{
    size_t n = WP_LIMIT_NODES + 10 > 1000000 ? WP_LIMIT_NODES + 10 : 1000000;
    doc_text t = {0};
    measure m;
    (void)state;
    puts_(&t, HEAD ",\"nodes\":[{\"kind\":\"section\"}");
    for (size_t i = 1; i < n; i++)
        puts_(&t, ",{\"kind\":\"section\"}");
    puts_(&t, "]}}");
    m = run("JSON: 10^6 object-dense nodes", &t);
    assert_int_equal(m.rc, WP_ELIMIT);
    /* the error names the node past the limit */
    assert_int_equal(m.off, strlen(HEAD ",\"nodes\":[") + (size_t)WP_LIMIT_NODES * 19);
    free(t.data);
}

/* ~6 million unknown members ("Ab":0, 7 bytes each; no name the format
 * defines starts with a capital or a digit) spread over nodes of 2,232
 * members each (under WP_LIMIT_MAP_ENTRIES), just under
 * WP_LIMIT_DOCUMENT_BYTES: kept as extras, in bounds. */
static void test_member_dense(void **state)
{
    static const char a[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t limit = timing_off() ? WP_LIMIT_DOCUMENT_BYTES / 10 : WP_LIMIT_DOCUMENT_BYTES - 64;
    size_t members = 0, nodes = 0;
    doc_text t = {0};
    measure m;
    char buf[16];
    (void)state;
    puts_(&t, HEAD ",\"nodes\":[");
    while (t.len + 62 * 62 * 7 + 64 < limit && nodes < WP_LIMIT_NODES) {
        puts_(&t, nodes++ ? ",{\"kind\":\"section\"" : "{\"kind\":\"section\"");
        for (int x = 26; x < 62; x++)
            for (int y = 0; y < 62; y++) {
                snprintf(buf, sizeof buf, ",\"%c%c\":0", a[x], a[y]);
                put(&t, buf, 7);
                members++;
            }
        puts_(&t, "}");
    }
    puts_(&t, "]}}");
    assert_true(t.len <= WP_LIMIT_DOCUMENT_BYTES);
    print_message("  (%zu members in %zu nodes)\n", members, nodes);
    m = run("JSON: member-dense (7 bytes each)", &t);
    assert_int_equal(m.rc, 0);
    free(t.data);
}

/* 10^6 nested arrays, then objects: WP_ELIMIT at the level past
 * WP_LIMIT_DEPTH, at once. */
static void test_deep(void **state)
{
    size_t n = scaled(1000000);
    doc_text t = {0};
    measure m;
    (void)state;
    for (size_t i = 0; i < n; i++)
        put(&t, "[", 1);
    m = run("JSON: arrays 10^6 deep", &t);
    assert_int_equal(m.rc, WP_ELIMIT);
    assert_true(m.off <= WP_LIMIT_DEPTH + 1);
    t.len = 0;
    for (size_t i = 0; i < n / 5; i++)
        put(&t, "{\"a\":", 5);
    m = run("JSON: objects 2x10^5 deep", &t);
    assert_int_equal(m.rc, WP_ELIMIT);
    free(t.data);
}

/* A title just under WP_LIMIT_STRING_BYTES (read), one just over (an
 * error at the string's first byte). */
static void test_long_strings(void **state)
{
    size_t n = timing_off() ? WP_LIMIT_STRING_BYTES / 10 : WP_LIMIT_STRING_BYTES - 16;
    doc_text t = {0};
    measure m;
    char *s = malloc(n);
    (void)state;
    assert_non_null(s);
    for (size_t i = 0; i < n; i += 3)
        memcpy(s + i, i + 3 <= n ? "\xe5\xb7\xa5" : "aaa", i + 3 <= n ? 3 : n - i); /* 工 */
    puts_(&t, HEAD ",\"title\":\"");
    put(&t, s, n);
    puts_(&t, "\"}}");
    m = run("JSON: title of ~16 MB", &t);
    assert_int_equal(m.rc, 0);
    if (!timing_off()) {
        t.len = 0;
        puts_(&t, HEAD ",\"title\":\"");
        put(&t, s, n);
        puts_(&t, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}");
        m = run("JSON: title over WP_LIMIT_STRING_BYTES", &t);
        assert_int_equal(m.rc, WP_ELIMIT);
        assert_int_equal(m.off, strlen(HEAD ",\"title\":"));
    }
    free(s);
    free(t.data);
}

/* A plan of many ordinary nodes (under any WP_LIMIT_NODES): sections of
 * tasks with ids, titles, text, status, a deadline and an assignment. */
static void test_many_ordinary_nodes(void **state)
{
    size_t n = scaled(60000) < WP_LIMIT_NODES ? scaled(60000) : WP_LIMIT_NODES;
    doc_text t = {0};
    measure m;
    char buf[512];
    (void)state;
    puts_(&t, HEAD ",\"units\":[{\"id\":\"u1\",\"name\":\"办公室\"}],\"nodes\":[");
    for (size_t i = 0; i < n; i += 10) {
        snprintf(buf, sizeof buf, "%s{\"kind\":\"section\",\"id\":\"s%zu\",\"title\":\"第%zu部分 加强组织领导\",\"children\":[",
                 i ? "," : "", i, i);
        puts_(&t, buf);
        for (size_t k = 1; k < 10 && i + k < n; k++) {
            snprintf(buf, sizeof buf,
                     "%s{\"kind\":\"task\",\"id\":\"t%zu\",\"text\":\"开展专项行动%zu次，完善工作机制，按季度报送进展情况。\","
                     "\"status\":\"in_progress\",\"deadline\":{\"end\":\"2025-12-31\",\"precision\":\"year\"},"
                     "\"assignments\":[{\"unit\":\"u1\",\"role\":\"lead\"}]}",
                     k > 1 ? "," : "", i + k, k);
            puts_(&t, buf);
        }
        puts_(&t, "]}");
    }
    puts_(&t, "]}}");
    m = run("JSON: ~60k ordinary nodes", &t);
    assert_int_equal(m.rc, 0);
    free(t.data);
}

/* The densest tokens: one-digit numbers (2 bytes each) in an unknown
 * member's array, and one-letter strings in "recipients", to just under
 * WP_LIMIT_DOCUMENT_BYTES. */
static void test_scalar_dense(void **state)
{
    size_t limit = timing_off() ? WP_LIMIT_DOCUMENT_BYTES / 10 : WP_LIMIT_DOCUMENT_BYTES - 64;
    doc_text t = {0};
    measure m;
    (void)state;
    puts_(&t, HEAD ",\"x-numbers\":[0");
    while (t.len + 2 + 8 < limit)
        put(&t, ",0", 2);
    puts_(&t, "]}}");
    m = run("JSON: 2-byte numbers in an extra", &t);
    assert_int_equal(m.rc, 0);
    t.len = 0;
    puts_(&t, HEAD ",\"recipients\":[\"a\"");
    while (t.len + 4 + 8 < limit)
        put(&t, ",\"a\"", 4);
    puts_(&t, "]}}");
    m = run("JSON: 4-byte recipients", &t);
    assert_int_equal(m.rc, 0);
    free(t.data);
}

/* Attribute maps of WP_LIMIT_MAP_ENTRIES keys in reverse order, in JSON
 * and in CBOR, on several nodes: read in O(n log n). Both readers set keys
 * as they came into the sorted array, moving it at every insertion: one
 * map of 65,536 keys took 1.4 s (0.85 MB of JSON), 8 of them 11 s. */
static void key3(char *out, int k) /* the k-th 3-character name, in byte order */
{
    static const char a[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    out[0] = a[k / (62 * 62)];
    out[1] = a[k / 62 % 62];
    out[2] = a[k % 62];
}

static void test_attrs_reverse_order(void **state)
{
    size_t nodes = scaled(8) ? scaled(8) : 1;
    int keys = WP_LIMIT_MAP_ENTRIES;
    doc_text t = {0};
    measure m;
    char buf[64], name[3];
    (void)state;
    puts_(&t, HEAD ",\"nodes\":[");
    for (size_t i = 0; i < nodes; i++) {
        puts_(&t, i ? ",{\"kind\":\"task\",\"attrs\":{" : "{\"kind\":\"task\",\"attrs\":{");
        for (int k = keys - 1; k >= 0; k--) {
            key3(name, k);
            snprintf(buf, sizeof buf, "%s\"%.3s\":0", k == keys - 1 ? "" : ",", name);
            puts_(&t, buf);
        }
        puts_(&t, "}}");
    }
    puts_(&t, "]}}");
    m = run("JSON: attrs in reverse order", &t);
    assert_int_equal(m.rc, 0);
    /* CBOR: tag, {0: 1, 1: {2: 0, 15: [], 17: [{2: 4, 14: {...}}, ...]}} */
    t.len = 0;
    put(&t, "\xd9\xd9\xf7\xda\x57\x50\x4c\x4e\xa2\x00\x01\x01\xa3\x02\x00\x0f\x80\x11", 18);
    put(&t, "\x98", 1);
    buf[0] = (char)nodes;
    put(&t, buf, 1);
    for (size_t i = 0; i < nodes; i++) {
        put(&t, "\xa2\x02\x04\x0e\xba", 5); /* a map, 4-byte count */
        buf[0] = (char)(keys >> 24);
        buf[1] = (char)(keys >> 16);
        buf[2] = (char)(keys >> 8);
        buf[3] = (char)keys;
        put(&t, buf, 4);
        for (int k = keys - 1; k >= 0; k--) {
            key3(name, k);
            put(&t, "\x63", 1);
            put(&t, name, 3);
            put(&t, "\x00", 1);
        }
    }
    m = run_measured(load_cbor, &t);
    check_bounds("CBOR: attrs in reverse order", &m, t.len);
    assert_int_equal(m.rc, 0);
    free(t.data);
}

static void put_be32(doc_text *t, uint8_t major, uint32_t v)
{
    char b[5] = {(char)(major | 26), (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    put(t, b, 5);
}

/* Read, then copy and compare with the copy. */
static int load_copy_equal(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan = NULL, *copy = NULL;
    int rc = wp_plan_from_json(&plan, t->data, t->len);
    if (rc == 0 && (rc = wp_plan_copy(&copy, plan)) == 0 && !wp_plan_equal(plan, copy))
        rc = -1000;
    wp_plan_free(copy);
    wp_plan_free(plan);
    return rc;
}

/* Read, then write as CBOR and as JSON (the writers looked each actual's
 * indicator up with a scan, computed each indicator's actual with another,
 * and insertion-sorted attribute keys by length: O(n^2) on plans the
 * readers take in O(n log n)). */
static int load_save(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan = NULL;
    uint8_t *cbor = NULL;
    char *json = NULL;
    size_t n = 0;
    int rc = wp_plan_from_json(&plan, t->data, t->len);
    if (rc == 0 && (rc = wp_plan_to_cbor(&cbor, &n, plan)) == 0)
        rc = wp_plan_to_json(&json, &n, plan, WP_JSON_COMPACT);
    wp_free(cbor);
    wp_free(json);
    wp_plan_free(plan);
    return rc;
}

static void test_attr_keys_saved(void **state)
{
    int keys = WP_LIMIT_MAP_ENTRIES;
    doc_text t = {0};
    measure m;
    char buf[64];
    (void)state;
    /* attribute keys of two lengths, alternating in strcmp order (k00000,
     * k00001x, k00002, ...): the CBOR writer orders them by length first */
    puts_(&t, HEAD ",\"nodes\":[{\"kind\":\"task\",\"attrs\":{");
    for (int k = 0; k < keys; k++) {
        snprintf(buf, sizeof buf, "%s\"k%05d%s\":0", k ? "," : "", k, k % 2 ? "x" : "");
        puts_(&t, buf);
    }
    puts_(&t, "}}]}}");
    m = run_measured(load_save, &t);
    check_bounds("JSON: 65,536 attribute keys of two lengths, saved", &m, t.len);
    assert_int_equal(m.rc, 0);
    free(t.data);
}

/* One task with n indicators and one approved report giving indicator j
 * the value n - 1 - j, its actuals in reverse order. */
static void many_actuals_json(doc_text *t, uint32_t n)
{
    char buf[64];
    puts_(t, HEAD ",\"nodes\":[{\"kind\":\"task\",\"indicators\":[");
    for (uint32_t i = 0; i < n; i++)
        puts_(t, i ? ",{\"text\":\"a\",\"value\":1}" : "{\"text\":\"a\",\"value\":1}");
    puts_(t, "],\"progress\":[{\"date\":\"2024-01-01\",\"state\":\"approved\",\"actuals\":[");
    for (uint32_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%s{\"indicator\":%u,\"value\":%u}", i ? "," : "",
                 (unsigned)(n - 1 - i), (unsigned)i);
        puts_(t, buf);
    }
    puts_(t, "]}]}]}}");
}

/* Read, then ask each indicator of the first task for its actual (as the
 * CLI's listing, the HTML report and the roll-ups do): each call scanned
 * every report's actuals, O(N^2) (120,000: 5 s). Indicator j was given
 * N - 1 - j. */
static int load_actuals(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan = NULL;
    int rc = wp_plan_from_json(&plan, t->data, t->len);
    if (rc == 0) {
        wp_node *task = wp_plan_first_node(plan);
        size_t n = wp_node_indicator_count(task);
        for (int pass = 0; pass < 3; pass++) /* a listing, a report, a roll-up */
            for (size_t j = 0; j < n && rc == 0; j++)
                if (wp_indicator_actual(wp_node_indicator(task, j)) != (double)(n - 1 - j))
                    rc = -1000;
    }
    wp_plan_free(plan);
    return rc;
}

/* 240k indicators on one task, each asked for its actual three times:
 * ~25 s before (0.2 s now), against a bound of ~14 s for the 14 MB. */
static void test_actuals_of_many_indicators(void **state)
{
    doc_text t = {0};
    measure m;
    (void)state;
    many_actuals_json(&t, (uint32_t)scaled(240000));
    m = run_measured(load_actuals, &t);
    check_bounds("JSON: 240k indicators, each one's actual", &m, t.len);
    assert_int_equal(m.rc, 0);
    free(t.data);
}

/* A report with an actual for each of N indicators, in JSON and CBOR: the
 * readers checked each actual against those before it, O(N^2) (N = 40,000
 * in 0.44 MB of CBOR took 1 s; a 64 MiB file would take hours). */
static void test_many_actuals(void **state)
{
    uint32_t n = (uint32_t)scaled(120000);
    doc_text t = {0};
    measure m;
    (void)state;
    many_actuals_json(&t, n);
    m = run("JSON: 120k actuals in one report", &t);
    assert_int_equal(m.rc, 0);
    /* and saved: the writers looked each actual's indicator up with a scan
     * and computed each indicator's actual with another (7 s) */
    m = run_measured(load_save, &t);
    check_bounds("JSON: 120k approved actuals, saved", &m, t.len);
    assert_int_equal(m.rc, 0);
    /* wp_plan_copy and wp_plan_equal looked each actual's indicator up with
     * wp_indicator_index, a scan: O(N^2) too (40,000: ~1 s each) */
    m = run_measured(load_copy_equal, &t);
    check_bounds("JSON: 120k actuals, copy, equal", &m, t.len);
    assert_int_equal(m.rc, 0);
    /* tag, {0: 1, 1: {2: 0, 15: [], 17: [{2: 4, 11: [...], 12: [{1: date, 6: [...]}]}]}} */
    t.len = 0;
    put(&t, "\xd9\xd9\xf7\xda\x57\x50\x4c\x4e\xa2\x00\x01\x01\xa3\x02\x00\x0f\x80\x11\x81\xa3\x02\x04\x0b", 23);
    put_be32(&t, 0x80, n);
    for (uint32_t i = 0; i < n; i++)
        put(&t, "\xa2\x01\x61\x61\x04\x01", 6);
    put(&t, "\x0c\x81\xa2\x01\x1a\x01\x34\xd6\xe5\x06", 10);
    put_be32(&t, 0x80, n);
    for (uint32_t i = 0; i < n; i++) {
        put(&t, "\x82", 1);
        put_be32(&t, 0x00, n - 1 - i);
        put(&t, "\x00", 1);
    }
    m = run_measured(load_cbor, &t);
    check_bounds("CBOR: 120k actuals in one report", &m, t.len);
    assert_int_equal(m.rc, 0);
    free(t.data);
}

/* Read, then merge the second unit into the first, four times: both lead
 * the one task, so an assignment goes each time. wp_unit_merge checked each assignment against
 * those kept before it, O(N^2) on one node of N assignments. */
static int load_merge(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan = NULL;
    int rc = wp_plan_from_json(&plan, t->data, t->len);
    if (rc == 0) {
        wp_node *task = wp_plan_first_node(plan);
        size_t before = wp_node_assignment_count(task);
        wp_unit *into = wp_plan_unit(plan, 0);
        for (int k = 0; k < 4 && rc == 0; k++) /* 4 x 10 s before the fix */
            rc = wp_unit_merge(into, wp_plan_unit(plan, 1));
        if (rc == 0 && (wp_node_assignment_count(task) != before - 4 ||
                        wp_node_assignment_unit(task, 0) != into ||
                        wp_node_assignment_unit(task, 1) != wp_plan_unit(plan, 1)))
            rc = -1000;
    }
    wp_plan_free(plan);
    return rc;
}

/* One node assigned to N units, in JSON and CBOR, then copied and
 * compared: each assignment was checked against those before it (in the
 * readers and in wp_plan_copy), O(N^2): 40,000 took 0.25 s, 200,000 ~6 s. */
static void test_many_assignments(void **state)
{
    uint32_t n = (uint32_t)scaled(200000);
    doc_text t = {0};
    measure m;
    char buf[96];
    (void)state;
    puts_(&t, HEAD ",\"units\":[");
    for (uint32_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%s{\"id\":\"%x\",\"name\":\"%x\"}", i ? "," : "", (unsigned)i, (unsigned)i);
        puts_(&t, buf);
    }
    puts_(&t, "],\"nodes\":[{\"kind\":\"task\",\"assignments\":[");
    for (uint32_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%s{\"unit\":\"%x\",\"role\":\"lead\"}", i ? "," : "", (unsigned)i);
        puts_(&t, buf);
    }
    puts_(&t, "]}]}}");
    m = run("JSON: a node assigned to 200k units", &t);
    assert_int_equal(m.rc, 0);
    m = run_measured(load_copy_equal, &t);
    check_bounds("JSON: 200k assignments, copy, equal", &m, t.len);
    assert_int_equal(m.rc, 0);
    m = run_measured(load_merge, &t);
    check_bounds("JSON: 200k assignments, 4 merges", &m, t.len);
    assert_int_equal(m.rc, 0);
    /* tag, {0: 1, 1: {2: 0, 15: [{1: id, 2: name}...], 17: [{2: 4, 10: [{1: i, 2: 0}...]}]}} */
    t.len = 0;
    put(&t, "\xd9\xd9\xf7\xda\x57\x50\x4c\x4e\xa2\x00\x01\x01\xa3\x02\x00\x0f", 16);
    put_be32(&t, 0x80, n);
    for (uint32_t i = 0; i < n; i++) {
        char id[5];
        for (int k = 0; k < 5; k++) /* 5 bytes, each 'a'..'p': distinct up to 2^20 */
            id[k] = (char)('a' + ((i >> (4 * k)) & 15));
        put(&t, "\xa2\x01\x65", 3);
        put(&t, id, 5);
        put(&t, "\x02\x65", 2);
        put(&t, id, 5);
    }
    put(&t, "\x11\x81\xa2\x02\x04\x0a", 6);
    put_be32(&t, 0x80, n);
    for (uint32_t i = 0; i < n; i++) {
        put(&t, "\xa2\x01", 2);
        put_be32(&t, 0x00, i);
        put(&t, "\x02\x00", 2);
    }
    m = run_measured(load_cbor, &t);
    check_bounds("CBOR: a node assigned to 200k units", &m, t.len);
    assert_int_equal(m.rc, 0);
    free(t.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_object_dense),
        cmocka_unit_test(test_member_dense),
        cmocka_unit_test(test_deep),
        cmocka_unit_test(test_long_strings),
        cmocka_unit_test(test_many_ordinary_nodes),
        cmocka_unit_test(test_scalar_dense),
        cmocka_unit_test(test_attrs_reverse_order),
        cmocka_unit_test(test_many_actuals),
        cmocka_unit_test(test_actuals_of_many_indicators),
        cmocka_unit_test(test_many_assignments),
        cmocka_unit_test(test_attr_keys_saved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
