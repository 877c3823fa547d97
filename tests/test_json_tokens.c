/* The JSON tokenizer (lib/format/json_tape.c) behind wp_plan_from_json:
 * RFC 8259 syntax, escapes, numbers, duplicate names, and the byte, line
 * and column of every error. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#define DOC(plan) "{\"format\":\"workplan\",\"version\":1,\"plan\":" plan "}"

static void expect_at(const char *json, int code, const char *words, size_t offset, int line, int column)
{
    wp_plan *p = (wp_plan *)1;
    int rc = wp_plan_from_json(&p, json, strlen(json));
    const wp_error *e = wp_error_last();
    if (rc != code)
        fail_msg("%s: expected %d, got %d (%s)", json, code, rc, e->message);
    assert_null(p);
    if (words && !strstr(e->message, words))
        fail_msg("message '%s' lacks '%s'", e->message, words);
    if (offset != (size_t)-1 && e->offset != offset)
        fail_msg("%s: offset %zu, expected %zu (%s)", json, e->offset, offset, e->message);
    if (line && (e->line != line || e->column != column))
        fail_msg("%s: line %d column %d, expected %d:%d (%s)", json, e->line, e->column, line, column,
                 e->message);
}

static wp_plan *read_ok(const char *json)
{
    wp_plan *p = NULL;
    int rc = wp_plan_from_json(&p, json, strlen(json));
    if (rc != 0)
        fail_msg("%s: %d (%s)", json, rc, wp_error_last()->message);
    return p;
}

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_at("", WP_EFORMAT, "line 1", 0, 1, 1);
    expect_at("{\"format\":\"workplan\",\n\"version\":1,\n\"plan\":{\"kind\":\"other\",}}", WP_EFORMAT,
              "line 3", 58, 3, 24);
    expect_at("{} x", WP_EFORMAT, "end of input expected", 3, 1, 4);
    expect_at("{\"a\":01}", WP_EFORMAT, "leading zero", 5, 1, 6);
    expect_at("{\"a\":1.}", WP_EFORMAT, "after '.'", 6, 1, 7);
    expect_at("{\"a\":-}", WP_EFORMAT, "invalid number", 6, 1, 7);
    expect_at("{\"a\":9223372036854775808}", WP_EFORMAT, "out of range", 5, 1, 6);
    expect_at("{\"a\":-9223372036854775809}", WP_EFORMAT, "out of range", 5, 1, 6);
    expect_at("{\"a\":1e400}", WP_EFORMAT, "overflow", 5, 1, 6);
    expect_at("{\"a\":\"x\ty\"}", WP_EFORMAT, "control character 0x09", 7, 1, 8);
    expect_at("{\"a\":\"\\x\"}", WP_EFORMAT, "invalid escape", 6, 1, 7);
    expect_at("{\"a\":\"\\u12\"}", WP_EFORMAT, "four hex digits", 6, 1, 7);
    expect_at("{\"a\":\"\\ud800\"}", WP_EFORMAT, "high surrogate", 6, 1, 7);
    expect_at("{\"a\":\"\\udc00\"}", WP_EFORMAT, "low surrogate", 6, 1, 7);
    expect_at("{\"a\":\"ab\\u0000\"}", WP_EFORMAT, "NUL", 8, 1, 9);
    expect_at("{\"a\":\"\xc3\x28\"}", WP_EUTF8, "UTF-8", 6, 1, 7);
    expect_at("{\"a\":\"\xed\xa0\x80\"}", WP_EUTF8, "UTF-8", 6, 1, 7); /* encoded surrogate */
    expect_at("{\"a\":\"\xc0\xaf\"}", WP_EUTF8, "UTF-8", 6, 1, 7);     /* overlong */
    expect_at("{\"a\":\"abc", WP_EFORMAT, "not closed", 5, 1, 6);
    expect_at("{\"a\" 1}", WP_EFORMAT, "':' expected", 5, 1, 6);
    expect_at("[1,]", WP_EFORMAT, "a value expected", 3, 1, 4);
    expect_at("{\"a\":tru}", WP_EFORMAT, "a value expected", 5, 1, 6);
    /* the same name twice, once escaped: a duplicate, at the second */
    expect_at(DOC("{\"kind\":\"other\",\"x\":1,\"\\u0078\":2}"), WP_EFORMAT, "duplicate object key \"x\"",
              strlen(DOC("{\"kind\":\"other\",\"x\":1,")) - 1, 0, 0);
}

/* WP_LIMIT_DEPTH counts containers: 32 nested arrays or objects are read,
 * the 33rd is WP_ELIMIT at its bracket, and a scalar inside the 32nd is
 * fine (the tokenizer let 33 empty arrays through: one more level than
 * the CBOR decoder, so such a plan saved but did not load). */
static void test_depth_limit(void **state)
{
    char doc[400], *p;
    wp_plan *plan;
    (void)state;
    for (int n = 31; n <= 34; n++) {
        for (int scalar = 0; scalar < 2; scalar++) {
            p = doc;
            for (int i = 0; i < n; i++)
                *p++ = '[';
            if (scalar)
                *p++ = '1';
            for (int i = 0; i < n; i++)
                *p++ = ']';
            *p = '\0';
            if (n <= WP_LIMIT_DEPTH) /* tokenized; not a workplan document */
                expect_at(doc, WP_EFORMAT, "expected an object", (size_t)-1, 0, 0);
            else
                expect_at(doc, WP_ELIMIT, "WP_LIMIT_DEPTH", WP_LIMIT_DEPTH, 1, WP_LIMIT_DEPTH + 1);
        }
    }
    /* document (1), plan (2), then an unknown member nesting 30 arrays
     * reaches level 32; 31 arrays are one too many */
    for (int n = 30; n <= 31; n++) {
        int len = snprintf(doc, sizeof doc, "{\"format\":\"workplan\",\"version\":1,\"plan\":{\"kind\":\"other\",\"x\":");
        size_t at = (size_t)len + WP_LIMIT_DEPTH - 2;
        for (int i = 0; i < n; i++)
            doc[len++] = '[';
        for (int i = 0; i < n; i++)
            doc[len++] = ']';
        strcpy(doc + len, "}}");
        if (n == 30) {
            plan = read_ok(doc);
            wp_plan_free(plan);
        } else {
            expect_at(doc, WP_ELIMIT, "WP_LIMIT_DEPTH", at, 0, 0);
        }
    }
}

static void test_builder_positions(void **state)
{
    (void)state;
    /* errors of the builder name the bad value's byte, line and column */
    expect_at("{\"format\":\"workplan\",\"version\":1,\n\"plan\":{\"kind\":\"other\",\n  \"title\":5}}",
              WP_EFORMAT, "plan.title: expected a string, found an integer", 68, 3, 11);
    expect_at(DOC("{\"kind\":\"other\",\"nodes\":[{\"kind\":\"task\"},{\"kind\":\"chapter\"}]}"), WP_EFORMAT,
              "plan.nodes[1].kind: unknown node kind 'chapter'",
              strlen(DOC("{\"kind\":\"other\",\"nodes\":[{\"kind\":\"task\"},{\"kind\":")) - 1, 0, 0);
}

static void test_escapes_decoded(void **state)
{
    wp_plan *p;
    (void)state;
    p = read_ok(DOC("{\"kind\":\"other\",\"title\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u5de5\\ud83d\\ude00\"}"));
    assert_string_equal(wp_plan_title(p), "a\"b\\c/d\b\f\n\r\t\xc3\xa9\xe5\xb7\xa5\xf0\x9f\x98\x80");
    wp_plan_free(p);
    /* escaped member names are the names they spell */
    p = read_ok(DOC("{\"\\u006bind\":\"other\",\"t\\u0069tle\":\"T\"}"));
    assert_string_equal(wp_plan_title(p), "T");
    wp_plan_free(p);
}

/* Unknown members become the same sorted CBOR whatever their order and
 * spelling in JSON (definite lengths, names shorter first then bytewise). */
static void test_extras_canonical(void **state)
{
    const char *a = DOC("{\"kind\":\"other\",\"x-b\":{\"zz\":[1,-2,2.5,true,null,\"s\"],\"a\":{}},"
                        "\"x-a\":\"\\u5de5\",\"x\":-9223372036854775808}");
    const char *b = DOC("{\"x\":-9223372036854775808,\"x-\\u0061\":\"\xe5\xb7\xa5\",\"kind\":\"other\","
                        "\"x-b\":{\"a\":{},\"zz\":[1,-2,2.5,true,null,\"s\"]}}");
    wp_plan *p = read_ok(a), *q = read_ok(b);
    uint8_t *ca, *cb;
    size_t na, nb;
    char *json;
    (void)state;
    OK(wp_plan_to_cbor(&ca, &na, p));
    OK(wp_plan_to_cbor(&cb, &nb, q));
    assert_int_equal(na, nb);
    assert_memory_equal(ca, cb, na);
    OK(wp_plan_to_json(&json, &na, p, WP_JSON_COMPACT));
    assert_non_null(strstr(json, "\"x\":-9223372036854775808"));
    assert_non_null(strstr(json, "\"x-a\":\"\xe5\xb7\xa5\""));
    assert_non_null(strstr(json, "\"x-b\":{\"a\":{},\"zz\":[1,-2,2.5,true,null,\"s\"]}"));
    wp_free(json);
    wp_free(ca);
    wp_free(cb);
    wp_plan_free(p);
    wp_plan_free(q);
}

/* An unknown object whose only member name is "": its names take no
 * bytes (the name buffer stays empty), and it is kept all the same (found
 * by fuzz_json under UBSan: pointer arithmetic on the NULL buffer). */
static void test_extra_empty_name(void **state)
{
    wp_plan *p = read_ok(DOC("{\"kind\":\"other\",\"x\":{\"\":1},\"y\":{\"\":{\"\":[]}}}"));
    char *json;
    size_t n;
    (void)state;
    OK(wp_plan_to_json(&json, &n, p, WP_JSON_COMPACT));
    assert_non_null(strstr(json, "\"x\":{\"\":1}"));
    assert_non_null(strstr(json, "\"y\":{\"\":{\"\":[]}}"));
    wp_free(json);
    wp_plan_free(p);
}

/* Unknown entries stored in a form the JSON reader would not make again —
 * a key with a long head (78 01 76: "v"), a number with a long head (18 05:
 * 5), map keys out of order ({"b":1,"a":2}) — stay in _cbor_extra, so that
 * a JSON round trip gives the same plan (found by CI's fuzz_json run: the
 * plan read back was not equal). */
static void test_extra_noncanonical_kept(void **state)
{
    static const char *const hexes[] = {"78017632", "61771805", "6179a2616201616102", "617a6176"};
    (void)state;
    for (size_t i = 0; i < sizeof hexes / sizeof hexes[0]; i++) {
        char doc[300], *json;
        size_t n;
        wp_plan *p, *q;
        snprintf(doc, sizeof doc, DOC("{\"kind\":\"other\",\"x\":1,\"_cbor_extra\":\"%s\"}"), hexes[i]);
        p = read_ok(doc);
        OK(wp_plan_to_json(&json, &n, p, WP_JSON_COMPACT));
        OK(wp_plan_from_json(&q, json, n));
        if (!wp_plan_equal(p, q))
            fail_msg("%s: not equal after a JSON round trip:\n%s", hexes[i], json);
        /* the last is canonical ("z": "v"): written as a member */
        assert_true((strstr(json, "_cbor_extra") != NULL) == (i < 3));
        wp_free(json);
        wp_plan_free(p);
        wp_plan_free(q);
    }
}

/* Every allocation of the reader may fail: the result is WP_ENOMEM with
 * nothing leaked, never another error (an escaped "kind" compared under a
 * failed allocation once read as a missing member). */
static void test_allocation_failures(void **state)
{
    const char *doc = DOC("{\"\\u006bind\":\"other\",\"title\":\"a\\u5de5b\",\"x-\\u0062\":{\"k\\u0031\":"
                          "[1,2.50000000000000000000000000000000000000000000000000000000000000001,\"s\\n\"],"
                          "\"a\":{}},\"units\":[{\"id\":\"u1\",\"name\":\"\\u529e\"}],"
                          "\"nodes\":[{\"kind\":\"task\",\"id\":\"t\\u0031\",\"x-y\":null,"
                          "\"assignments\":[{\"unit\":\"u\\u0031\",\"role\":\"lead\",\"x-z\":[true]}]}]}");
    (void)state;
    for (long fail_at = 0;; fail_at++) {
        counting_alloc c = {0, fail_at, 0};
        wp_plan *p = NULL;
        int rc;
        counting_alloc_install(&c);
        rc = wp_plan_from_json(&p, doc, strlen(doc));
        wp_plan_free(p);
        counting_alloc_remove();
        if (c.live != 0)
            fail_msg("%ld blocks leaked when allocation %ld failed", c.live, fail_at);
        if (rc == 0 && c.calls <= fail_at)
            break;
        if (rc != WP_ENOMEM)
            fail_msg("allocation %ld failed but the result was %d (%s)", fail_at, rc,
                     wp_error_last()->message);
        assert_true(fail_at < 10000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_builder_positions),
        cmocka_unit_test(test_escapes_decoded),
        cmocka_unit_test(test_extras_canonical),
        cmocka_unit_test(test_extra_empty_name),
        cmocka_unit_test(test_extra_noncanonical_kept),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
