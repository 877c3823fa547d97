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

/* WP_LIMIT_DEPTH is one limit for both formats, counted the same way:
 * every map and array is a level (the document's map is 1), so an unknown
 * value inside a container at level L may nest 32 - L levels. A plan read
 * from CBOR writes JSON that reads back, and the reverse (the decoder did
 * not count arrays, nor the JSON reader the position of "_cbor_extra":
 * plans read from one format failed to load from the other, or from their
 * own save; and a node read in place allowed one level more than the
 * same node read after the units). Each case puts `deep` nested arrays under unknown key 48 at a
 * place whose container is at level `level`. */
typedef struct depth_case {
    const char *what;
    const uint8_t *pre, *post; /* the document around the value */
    size_t npre, npost;
    int level;
} depth_case;

static const uint8_t plan_pre[] = {HEAD, 0xa2, 0x02, 0x00, 0x18, 0x30};
/* canonical: units (none) before nodes, nodes read in place */
static const uint8_t node_pre[] = {HEAD, 0xa3, 0x02, 0x00, 0x0f, 0x80, 0x11, 0x81,
                                   0xa2, 0x02, 0x04, 0x18, 0x30};
static const uint8_t child_pre[] = {HEAD, 0xa3, 0x02, 0x00, 0x0f, 0x80, 0x11, 0x81, 0xa2, 0x02, 0x00,
                                    0x0f, 0x81, 0xa2, 0x02, 0x04, 0x18, 0x30};
/* progress before indicators: the report is read after the node's map */
static const uint8_t report_pre[] = {HEAD, 0xa3, 0x02, 0x00, 0x0f, 0x80, 0x11, 0x81, 0xa3, 0x02, 0x04,
                                     0x0c, 0x81, 0xa2, 0x01, 0x1a, 0x01, 0x34, 0xd6, 0xe5, 0x18, 0x30};
static const uint8_t report_post[] = {0x0b, 0x80};
/* nodes before units: the nodes are read after the plan's map */
static const uint8_t late_pre[] = {HEAD, 0xa3, 0x02, 0x00, 0x11, 0x81, 0xa2, 0x02, 0x04, 0x18, 0x30};
static const uint8_t late_post[] = {0x0f, 0x80};

static void test_depth_same_in_both_formats(void **state)
{
#define CASE(w, pre, post, npost, level) {w, pre, post, sizeof pre, npost, level}
    const depth_case cases[] = {
        CASE("plan", plan_pre, NULL, 0, 2),
        CASE("node", node_pre, NULL, 0, 4),
        CASE("child node", child_pre, NULL, 0, 6),
        CASE("report read late", report_pre, report_post, sizeof report_post, 6),
        CASE("node read late", late_pre, late_post, sizeof late_post, 4),
    };
#undef CASE
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const depth_case *dc = &cases[c];
        int allowed = WP_LIMIT_DEPTH - dc->level;
        for (int deep = allowed - 1; deep <= allowed + 1; deep++) {
            uint8_t doc[128];
            size_t n = 0;
            wp_plan *p = NULL, *q = NULL;
            char *json;
            size_t jn;
            int rc;
            memcpy(doc, dc->pre, dc->npre);
            n = dc->npre;
            for (int i = 0; i < deep; i++)
                doc[n++] = 0x81;
            doc[n++] = 0x00;
            if (dc->npost)
                memcpy(doc + n, dc->post, dc->npost);
            n += dc->npost;
            rc = wp_plan_from_cbor(&p, doc, n);
            if (rc != (deep <= allowed ? 0 : WP_ELIMIT))
                fail_msg("%s, %d levels under level %d: %d (%s)", dc->what, deep, dc->level, rc,
                         wp_error_last()->message);
            if (rc < 0)
                continue;
            OK(wp_plan_to_json(&json, &jn, p, WP_JSON_COMPACT));
            if ((rc = wp_plan_from_json(&q, json, jn)) != 0)
                fail_msg("%s, %d levels: its JSON does not read back: %s", dc->what, deep,
                         wp_error_last()->message);
            assert_true(wp_plan_equal(p, q));
            wp_free(json);
            wp_plan_free(q);
            wp_plan_free(p);
        }
    }
}

/* The same through "_cbor_extra" in JSON (a value JSON cannot hold as
 * itself: a tag): read when the CBOR decoder would read its save. */
static void test_depth_cbor_extra_in_json(void **state)
{
    (void)state;
    for (int level2 = 0; level2 < 2; level2++) {
        int allowed = WP_LIMIT_DEPTH - (level2 ? 6 : 4) - 1; /* the tag is a level too */
        for (int deep = allowed - 1; deep <= allowed + 1; deep++) {
            char hex[200], doc[600];
            size_t h = 0;
            wp_plan *p = NULL, *q = NULL;
            uint8_t *cbor;
            size_t n;
            int rc;
            h += (size_t)snprintf(hex, sizeof hex, "6178c1"); /* "x": tag 1 */
            for (int i = 0; i < deep; i++)
                h += (size_t)snprintf(hex + h, sizeof hex - h, "81");
            snprintf(hex + h, sizeof hex - h, "00");
            if (level2)
                snprintf(doc, sizeof doc,
                         "{\"format\":\"workplan\",\"version\":1,\"plan\":{\"kind\":\"other\",\"nodes\":"
                         "[{\"kind\":\"section\",\"children\":[{\"kind\":\"task\",\"_cbor_extra\":\"%s\"}]}]}}",
                         hex);
            else
                snprintf(doc, sizeof doc,
                         "{\"format\":\"workplan\",\"version\":1,\"plan\":{\"kind\":\"other\",\"nodes\":"
                         "[{\"kind\":\"task\",\"_cbor_extra\":\"%s\"}]}}",
                         hex);
            rc = wp_plan_from_json(&p, doc, strlen(doc));
            if (rc != (deep <= allowed ? 0 : WP_ELIMIT))
                fail_msg("level %d, %d levels: %d (%s)", level2 ? 6 : 4, deep, rc, wp_error_last()->message);
            if (rc < 0)
                continue;
            OK(wp_plan_to_cbor(&cbor, &n, p));
            if ((rc = wp_plan_from_cbor(&q, cbor, n)) != 0)
                fail_msg("level %d, %d levels: its CBOR does not load: %s", level2 ? 6 : 4, deep,
                         wp_error_last()->message);
            assert_true(wp_plan_equal(p, q));
            wp_free(cbor);
            wp_plan_free(q);
            wp_plan_free(p);
        }
    }
}

/* Attributes in any order are read into key order (they are sorted once
 * read, no longer inserted one by one); a duplicate anywhere is named at
 * its second key. */
static void test_attrs_any_order(void **state)
{
    /* plan attrs {"bb": 1, "a": 2, "c": true} */
    static const uint8_t doc[] = {HEAD, 0xa2, 0x02, 0x00, 0x10, 0xa3, 0x62, 'b', 'b', 0x01,
                                  0x61, 'a', 0x02, 0x61, 'c', 0xf5};
    /* {"b": 1, "a": 2, "b": 3}: the second "b" at byte 23 */
    static const uint8_t dup[] = {HEAD, 0xa2, 0x02, 0x00, 0x10, 0xa3, 0x61, 'b', 0x01,
                                  0x61, 'a', 0x02, 0x61, 'b', 0x03};
    const char *json = "{\"format\":\"workplan\",\"version\":1,\"plan\":{\"kind\":\"work_plan\","
                       "\"attrs\":{\"c\":true,\"bb\":1,\"a\":2}}}";
    wp_plan *p, *q;
    wp_attrs *a;
    (void)state;
    OK(wp_plan_from_cbor(&p, doc, sizeof doc));
    a = wp_plan_attrs(p);
    assert_int_equal(wp_attrs_count(a), 3);
    assert_string_equal(wp_attrs_key(a, 0), "a");
    assert_string_equal(wp_attrs_key(a, 1), "bb");
    assert_string_equal(wp_attrs_key(a, 2), "c");
    assert_int_equal(wp_attrs_get(a, "bb")->as.integer, 1);
    assert_true(wp_attrs_get(a, "c")->as.boolean);
    OK(wp_plan_from_json(&q, json, strlen(json)));
    assert_true(wp_plan_equal(p, q));
    assert_string_equal(wp_attrs_key(wp_plan_attrs(q), 0), "a");
    wp_plan_free(q);
    wp_plan_free(p);
    p = NULL;
    FAILS(WP_EFORMAT, wp_plan_from_cbor(&p, dup, sizeof dup));
    assert_null(p);
    assert_int_equal(wp_error_last()->offset, 23);
    assert_non_null(strstr(wp_error_last()->message, "duplicate key 'b'"));
}

/* Actuals are checked together (sorted by indicator): the first duplicate
 * in input order is named at its byte; an indicator out of range after a
 * duplicate reports the duplicate. */
static void test_actuals_checked(void **state)
{
    /* node {2: 4, 11: [3 indicators], 12: [{1: date, 6: ACTUALS}]} */
#define ACT_DOC(n, ...)                                                                         \
    {HEAD, 0xa3, 0x02, 0x00, 0x0f, 0x80, 0x11, 0x81, 0xa3, 0x02, 0x04, 0x0b, 0x83,                 \
     0xa2, 0x01, 0x61, 'x', 0x04, 0x01, 0xa2, 0x01, 0x61, 'y', 0x04, 0x02, 0xa2, 0x01, 0x61, 'z', \
     0x04, 0x03, 0x0c, 0x81, 0xa2, 0x01, 0x1a, 0x01, 0x34, 0xd6, 0xe5, 0x06, 0x80 + n, __VA_ARGS__}
    /* the array of actuals is at byte 52, its pairs at 53, 56, 59, 62 */
    static const uint8_t ok[] = ACT_DOC(3, 0x82, 0x02, 0x07, 0x82, 0x00, 0x05, 0x82, 0x01, 0x06);
    static const uint8_t twice[] = ACT_DOC(4, 0x82, 0x02, 0x07, 0x82, 0x01, 0x05, 0x82, 0x02, 0x06,
                                           0x82, 0x01, 0x06);
    static const uint8_t four[] = ACT_DOC(4, 0x82, 0x00, 0x07, 0x82, 0x01, 0x05, 0x82, 0x02, 0x06,
                                          0x82, 0x00, 0x06);
    static const uint8_t range[] = ACT_DOC(3, 0x82, 0x00, 0x07, 0x82, 0x00, 0x05, 0x82, 0x09, 0x06);
    static const uint8_t range_only[] = ACT_DOC(2, 0x82, 0x00, 0x07, 0x82, 0x09, 0x05);
#undef ACT_DOC
    wp_plan *p = NULL;
    wp_node *n;
    wp_report *r;
    (void)state;
    OK(wp_plan_from_cbor(&p, ok, sizeof ok));
    n = wp_plan_first_node(p);
    r = wp_node_report(n, 0);
    assert_true(wp_report_actual_for(r, wp_node_indicator(n, 0)) == 5.0);
    assert_true(wp_report_actual_for(r, wp_node_indicator(n, 1)) == 6.0);
    assert_true(wp_report_actual_for(r, wp_node_indicator(n, 2)) == 7.0);
    wp_plan_free(p);
    p = NULL;
    FAILS(WP_EFORMAT, wp_plan_from_cbor(&p, twice, sizeof twice)); /* the third: 2 again */
    assert_int_equal(wp_error_last()->offset, 59);
    assert_non_null(strstr(wp_error_last()->message, "indicator 2 given twice"));
    FAILS(WP_EFORMAT, wp_plan_from_cbor(&p, four, sizeof four)); /* more than 3: the fourth */
    assert_int_equal(wp_error_last()->offset, 62);
    assert_non_null(strstr(wp_error_last()->message, "indicator 0 given twice"));
    FAILS(WP_EFORMAT, wp_plan_from_cbor(&p, range, sizeof range));
    assert_int_equal(wp_error_last()->offset, 56);
    assert_non_null(strstr(wp_error_last()->message, "given twice"));
    FAILS(WP_EFORMAT, wp_plan_from_cbor(&p, range_only, sizeof range_only));
    assert_int_equal(wp_error_last()->offset, 56);
    assert_non_null(strstr(wp_error_last()->message, "indicator 9 does not exist"));
    assert_null(p);
}

/* Assignments are checked together: persons stay with their assignment
 * (the side parts index-aligned though only some have one), and the first
 * repeated unit and role is named at its byte, in CBOR and JSON. */
static void test_assignments_checked(void **state)
{
    /* units A, B, C; node assignments [{A lead}, {B lead, person "p"}, {C lead}, {B lead}] */
#define UNIT3 0x0f, 0x83, 0xa2, 0x01, 0x61, 'a', 0x02, 0x61, 'A', 0xa2, 0x01, 0x61, 'b', 0x02, 0x61, \
              'B', 0xa2, 0x01, 0x61, 'c', 0x02, 0x61, 'C'
    static const uint8_t ok[] = {HEAD, 0xa3, 0x02, 0x00, UNIT3, 0x11, 0x81, 0xa2, 0x02, 0x04, 0x0a, 0x83,
                                 0xa2, 0x01, 0x00, 0x02, 0x00, 0xa3, 0x01, 0x01, 0x02, 0x00, 0x03, 0x61, 'p',
                                 0xa2, 0x01, 0x02, 0x02, 0x00};
    /* the fourth map, {B lead} again, at byte 63 */
    static const uint8_t twice[] = {HEAD, 0xa3, 0x02, 0x00, UNIT3, 0x11, 0x81, 0xa2, 0x02, 0x04, 0x0a,
                                    0x84, 0xa2, 0x01, 0x00, 0x02, 0x00, 0xa3, 0x01, 0x01, 0x02, 0x00, 0x03,
                                    0x61, 'p', 0xa2, 0x01, 0x02, 0x02, 0x00, 0xa2, 0x01, 0x01, 0x02, 0x00};
#undef UNIT3
    const char *json = "{\"format\":\"workplan\",\"version\":1,\"plan\":{\"kind\":\"work_plan\",\"units\":["
                       "{\"id\":\"a\",\"name\":\"A\"},{\"id\":\"b\",\"name\":\"B\"},{\"id\":\"c\",\"name\":\"C\"}],"
                       "\"nodes\":[{\"kind\":\"task\",\"assignments\":[{\"unit\":\"a\",\"role\":\"lead\"},"
                       "{\"unit\":\"b\",\"role\":\"lead\",\"person\":\"p\"},{\"unit\":\"c\",\"role\":\"lead\"},"
                       "{\"unit\":\"b\",\"role\":\"lead\"}]}]}}";
    wp_plan *p = NULL, *q = NULL;
    wp_node *n;
    (void)state;
    OK(wp_plan_from_cbor(&p, ok, sizeof ok));
    n = wp_plan_first_node(p);
    assert_int_equal(wp_node_assignment_count(n), 3);
    assert_null(wp_node_assignment_person(n, 0));
    assert_string_equal(wp_node_assignment_person(n, 1), "p");
    assert_null(wp_node_assignment_person(n, 2));
    OK(wp_plan_copy(&q, p));
    assert_true(wp_plan_equal(p, q));
    n = wp_plan_first_node(q);
    assert_string_equal(wp_node_assignment_person(n, 1), "p");
    assert_null(wp_node_assignment_person(n, 2));
    wp_plan_free(q);
    wp_plan_free(p);
    p = NULL;
    FAILS(WP_EFORMAT, wp_plan_from_cbor(&p, twice, sizeof twice));
    assert_null(p);
    assert_int_equal(wp_error_last()->offset, 63);
    assert_non_null(strstr(wp_error_last()->message, "unit 'B' is already assigned as lead"));
    FAILS(WP_EFORMAT, wp_plan_from_json(&p, json, strlen(json)));
    assert_null(p);
    assert_int_equal(wp_error_last()->offset, (size_t)(strstr(json, "{\"unit\":\"b\",\"role\":\"lead\"}]") - json));
    assert_non_null(strstr(wp_error_last()->message, "assignments[3]: unit 'B' is already assigned as lead"));
}

/* What the JSON reader and the editing API refuse, the CBOR decoder refuses
 * too (a plan read from CBOR did not read back from its own JSON; found by
 * fuzz_cbor's trip through JSON): a reference with neither title nor doc
 * number (fuzz/regressions/cbor-reference-without-title), an empty
 * recipient. */
static void test_same_rules_as_json(void **state)
{
    /* tag, WPLN, {0: 1, 1: {2: 0, 13: [{9: "x"}], 15: [], 17: []}} */
    static const uint8_t ref[] = {0xd9, 0xd9, 0xf7, 0xda, 0x57, 0x50, 0x4c, 0x4e, 0xa2,
                                  0x00, 0x01, 0x01, 0xa4, 0x02, 0x00, 0x0d, 0x81, 0xa1,
                                  0x09, 0x61, 0x78, 0x0f, 0x80, 0x11, 0x80};
    /* ... {2: 0, 11: [""], 15: [], 17: []} */
    static const uint8_t rcp[] = {0xd9, 0xd9, 0xf7, 0xda, 0x57, 0x50, 0x4c, 0x4e, 0xa2, 0x00,
                                  0x01, 0x01, 0xa4, 0x02, 0x00, 0x0b, 0x81, 0x60, 0x0f, 0x80,
                                  0x11, 0x80};
    wp_plan *p = NULL;
    (void)state;
    assert_int_equal(wp_plan_from_cbor(&p, ref, sizeof ref), WP_EFORMAT);
    assert_null(p);
    assert_int_equal(wp_error_last()->offset, 17);
    assert_non_null(strstr(wp_error_last()->message, "needs a title or a doc number"));
    assert_int_equal(wp_plan_from_cbor(&p, rcp, sizeof rcp), WP_EFORMAT);
    assert_null(p);
    assert_int_equal(wp_error_last()->offset, 17);
    assert_non_null(strstr(wp_error_last()->message, "recipient"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders),
        cmocka_unit_test(test_missing_unit),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_depth_same_in_both_formats),
        cmocka_unit_test(test_depth_cbor_extra_in_json),
        cmocka_unit_test(test_attrs_any_order),
        cmocka_unit_test(test_actuals_checked),
        cmocka_unit_test(test_assignments_checked),
        cmocka_unit_test(test_same_rules_as_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
