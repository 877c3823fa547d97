/* Hostile input (issue 10): every case of the audit, generated at a
 * CI-friendly size, must end in a clear error or a result within 1 s per
 * MB of input and within 10x the input in memory. Each case runs in a
 * forked child that reports its wall time and its peak-RSS growth
 * (getrusage maxrss before and after), so one case cannot hide another's
 * memory. WP_NO_TIMING=1 (set by CI for sanitizer and valgrind runs)
 * keeps the checks of results but not of time and memory. */
#include "limits_measure.h"

/* ---- colliding ids (defect 5) ------------------------------------------- */

static uint32_t fnv_step(uint32_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

#define BLOCK 5
#define STAGES 15 /* 2^15 ids with one 32-bit FNV-1a hash */

/* Joux multicollision: for each stage, two blocks that take the state to
 * the same next state, found by birthday search. Any choice of one block
 * per stage gives the same final FNV-1a hash. */
static void find_collisions(char blocks[STAGES][2][BLOCK + 1])
{
    enum { TRIES = 1 << 19, TAB = 1 << 20 };
    uint32_t h = fnv_step(2166136261u, "x", 1);
    uint32_t *keys = malloc(TAB * sizeof *keys);
    char(*vals)[BLOCK + 1] = malloc(TAB * sizeof *vals);
    unsigned long rnd = 12345;
    assert_non_null(keys);
    assert_non_null(vals);
    for (int st = 0; st < STAGES; st++) {
        bool found = false;
        memset(vals, 0, TAB * sizeof *vals);
        for (int t = 0; t < TRIES && !found; t++) {
            char b[BLOCK + 1];
            uint32_t k;
            for (int i = 0; i < BLOCK; i++) {
                rnd = rnd * 6364136223846793005ul + 1442695040888963407ul;
                b[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[(rnd >> 33) % 36];
            }
            b[BLOCK] = '\0';
            k = fnv_step(h, b, BLOCK);
            for (uint32_t i = k & (TAB - 1);; i = (i + 1) & (TAB - 1)) {
                if (vals[i][0] == '\0') {
                    keys[i] = k;
                    memcpy(vals[i], b, sizeof b);
                    break;
                }
                if (keys[i] == k) {
                    if (strcmp(vals[i], b) != 0) {
                        memcpy(blocks[st][0], vals[i], sizeof b);
                        memcpy(blocks[st][1], b, sizeof b);
                        found = true;
                    }
                    break;
                }
            }
        }
        assert_true(found);
        h = fnv_step(h, blocks[st][0], BLOCK);
    }
    free(keys);
    free(vals);
}

typedef struct idset {
    char (*ids)[1 + STAGES * BLOCK + 1];
    size_t n;
} idset;

static idset colliding_ids(void)
{
    char blocks[STAGES][2][BLOCK + 1];
    idset s = {NULL, (size_t)1 << STAGES};
    find_collisions(blocks);
    s.ids = malloc(s.n * sizeof *s.ids);
    assert_non_null(s.ids);
    for (size_t i = 0; i < s.n; i++) {
        char *p = s.ids[i];
        *p++ = 'x';
        for (int st = 0; st < STAGES; st++, p += BLOCK)
            memcpy(p, blocks[st][(i >> st) & 1], BLOCK);
        *p = '\0';
    }
    return s;
}

static idset random_ids(size_t n)
{
    idset s = {NULL, n};
    unsigned long rnd = 99;
    s.ids = malloc(n * sizeof *s.ids);
    assert_non_null(s.ids);
    for (size_t i = 0; i < n; i++) {
        s.ids[i][0] = 'x';
        for (int j = 1; j <= STAGES * BLOCK; j++) {
            rnd = rnd * 6364136223846793005ul + 1442695040888963407ul;
            s.ids[i][j] = "abcdefghijklmnopqrstuvwxyz0123456789"[(rnd >> 33) % 36];
        }
        s.ids[i][STAGES * BLOCK + 1] = '\0';
    }
    return s;
}

/* Build a plan with these ids, encode it, decode it: the loader fills
 * the same id map. */
static int load_ids(const void *arg)
{
    const idset *s = arg;
    wp_plan *plan, *back = NULL;
    uint8_t *buf = NULL;
    size_t len;
    int rc;
    if ((rc = wp_plan_new(&plan)) < 0)
        return rc;
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        wp_node *n;
        if ((rc = wp_node_new(&n, plan, WP_NODE_SECTION)) == 0 &&
            (rc = wp_node_set_id(n, s->ids[i])) == 0)
            rc = wp_plan_append_node(plan, n);
    }
    if (rc == 0 && (rc = wp_plan_to_cbor(&buf, &len, plan)) == 0)
        rc = wp_plan_from_cbor(&back, buf, len);
    if (rc == 0 && (wp_plan_node_count(back) != s->n || wp_plan_find_node(back, s->ids[7]) == NULL))
        rc = WP_ERROR;
    wp_free(buf);
    wp_plan_free(back);
    wp_plan_free(plan);
    return rc;
}

static void test_colliding_ids(void **state)
{
    idset bad = colliding_ids(), good = random_ids(bad.n);
    measure mb, mg;
    (void)state;
    /* They really collide under the old hash. */
    assert_int_equal(fnv_step(2166136261u, bad.ids[0], strlen(bad.ids[0])),
                     fnv_step(2166136261u, bad.ids[bad.n - 1], strlen(bad.ids[bad.n - 1])));
    mg = run_measured(load_ids, &good);
    mb = run_measured(load_ids, &bad);
    assert_int_equal(mg.rc, 0);
    assert_int_equal(mb.rc, 0);
    print_message("  colliding ids: %zu ids, %.3f s (random ids: %.3f s)\n", bad.n, mb.secs, mg.secs);
    check_bounds("32768 FNV-colliding ids", &mb, bad.n * sizeof *bad.ids);
    if (!timing_off() && mb.secs > 4 * mg.secs + 0.05)
        fail_msg("colliding ids load %.1fx slower than random ids (%.3f s vs %.3f s)",
                 mb.secs / mg.secs, mb.secs, mg.secs);
    free(bad.ids);
    free(good.ids);
}

/* ---- headings that share a number (defect 2, ids part) ----------------- */

static int same_numbers(const void *arg)
{
    size_t n = *(const size_t *)arg;
    wp_plan *plan;
    int rc = wp_plan_new(&plan);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        wp_node *sec;
        if ((rc = wp_node_new(&sec, plan, WP_NODE_SECTION)) == 0 &&
            (rc = wp_node_set_number(sec, 1)) == 0)
            rc = wp_plan_append_node(plan, sec);
    }
    if (rc == 0)
        rc = wp_plan_assign_ids(plan);
    if (rc == 0 && (wp_plan_find_node(plan, "1") == NULL || wp_plan_find_node(plan, "1-30000") == NULL))
        rc = WP_ERROR;
    wp_plan_free(plan);
    return rc;
}

static void test_duplicate_numbers(void **state)
{
    size_t n = 30000; /* under WP_LIMIT_NODES */
    measure m;
    (void)state;
    m = run_measured(same_numbers, &n);
    assert_int_equal(m.rc, 0);
    print_message("  30000 headings numbered 1: ids in %.3f s\n", m.secs);
    if (!timing_off() && m.secs > 1.0)
        fail_msg("30000 duplicate numbers took %.2f s (bound 1 s)", m.secs);
}

/* ---- JSON with many unknown members (defect 6, JSON part) -------------- */

/* `n` unknown members "uXXXXX":1 in the plan object, in a shuffled order. */
static doc_text json_unknown_members(size_t n)
{
    static const char head[] = "{\"format\":\"workplan\",\"version\":1,\"plan\":{\"kind\":\"other\"";
    uint32_t *order = malloc(n * sizeof *order);
    doc_text t = {NULL, 0, 0};
    unsigned long rnd = 7;
    assert_non_null(order);
    text_reserve(&t, sizeof head + n * 16 + 8);
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    for (size_t i = n; i > 1; i--) {
        size_t j;
        uint32_t x;
        rnd = rnd * 6364136223846793005ul + 1442695040888963407ul;
        j = (rnd >> 33) % i;
        x = order[i - 1], order[i - 1] = order[j], order[j] = x;
    }
    t.len = (size_t)sprintf(t.data, "%s", head);
    for (size_t i = 0; i < n; i++)
        t.len += (size_t)sprintf(t.data + t.len, ",\"u%06x\":1", (unsigned)order[i]);
    t.len += (size_t)sprintf(t.data + t.len, "}}");
    free(order);
    return t;
}

#define op_json_text load_json

static void test_json_unknown_members(void **state)
{
    doc_text t = json_unknown_members(60000);
    measure m;
    (void)state;
    /* Under WP_LIMIT_MAP_ENTRIES: read, in time (shuffled members were
     * sorted by insertion: quadratic). */
    m = run_measured(load_json, &t);
    assert_int_equal(m.rc, 0);
    check_bounds("JSON, 60k unknown members", &m, t.len);
    free(t.data);
    /* Over it (the audit's 80k): a clear error. */
    t = json_unknown_members(80000);
    m = run_measured(load_json, &t);
    assert_int_equal(m.rc, WP_ELIMIT);
    check_bounds("JSON, 80k unknown members", &m, t.len);
    free(t.data);
}

/* ---- the audit's hostile inputs ------------------------------------------ */

typedef enum expect {
    RESULT,          /* 0 */
    RESULT_OR_LIMIT, /* 0 or WP_ELIMIT */
    ANY_ERROR,       /* some clear error (negative code) */
    LIMIT            /* exactly WP_ELIMIT */
} expect;

typedef struct hostile {
    const char *name;
    size_t size; /* bytes at full scale (divided by 10 under WP_NO_TIMING) */
    void (*make)(doc_text *t, size_t size);
    operation op;
    expect want;
} hostile;

/* A new empty text with room for `cap` bytes (the makers below write into
 * it directly as well as through put). */
static void grow(doc_text *t, size_t cap)
{
    t->data = NULL;
    t->len = t->cap = 0;
    text_reserve(t, cap + 64);
}

/* Repeat `unit` up to `size` bytes, then `tail`. */
static void repeat(doc_text *t, size_t size, const char *head, const char *unit, const char *tail)
{
    size_t u = strlen(unit);
    grow(t, size + strlen(head) + strlen(tail));
    put(t, head, strlen(head));
    while (t->len + u <= size)
        put(t, unit, u);
    put(t, tail, strlen(tail) + 1);
    t->len--; /* keep the NUL out of the length */
}

static void make_line_figures(doc_text *t, size_t size) { repeat(t, size, "示例工作要点\n一、任务\n1.", "开展活动10场，服务企业200家，", "。\n"); }
static void make_nested_brackets(doc_text *t, size_t size) { repeat(t, size, "示例工作要点\n一、", "（", "甲\n"); }
/* Past WP_LIMIT_NODES even when scaled down for sanitizers. */
static void make_headings(doc_text *t, size_t size)
{
    size_t least = (size_t)(WP_LIMIT_NODES + 16) * 12 + 64;
    repeat(t, size > least ? size : least, "示例工作要点\n", "一、标题\n", "");
}

/* WP_LIMIT_NODES - 1 of the shortest heading lines: the largest import the
 * limit lets through, per byte of input. */
static void make_limit_headings(doc_text *t, size_t size)
{
    (void)size;
    repeat(t, (size_t)(WP_LIMIT_NODES - 1) * 3 + 19, "示例工作要点\n", "1.\n", "");
}
static void make_json_deep(doc_text *t, size_t size) { repeat(t, size, "", "[", ""); }
static void make_query_or(doc_text *t, size_t size) { repeat(t, size, "kind:task", " OR unit:办公室", ""); }
static void make_query_and(doc_text *t, size_t size) { repeat(t, size, "kind:task", " -status:done", ""); }
static void make_query_parens(doc_text *t, size_t size)
{
    size_t n = size / 2;
    grow(t, 2 * n + 16);
    memset(t->data, '(', n);
    t->len = n;
    put(t, "kind:task", 9);
    memset(t->data + t->len, ')', n);
    t->len += n;
    t->data[t->len] = '\0';
}

/* Object-dense JSON: `size` bytes of 19-byte nodes (10^6 nodes in 19 MB). */
static void make_json_nodes(doc_text *t, size_t size)
{
    repeat(t, size, "{\"format\":\"workplan\",\"version\":1,\"plan\":{\"kind\":\"other\",\"nodes\":[{\"kind\":\"section\"}",
           ",{\"kind\":\"section\"}", "]}}");
}

/* The start of a workplan CBOR document whose plan map has `entries`
 * entries, the first being kind (2: 4). */
static void cbor_head(doc_text *t, size_t cap, uint32_t entries)
{
    static const uint8_t head[] = {0xd9, 0xd9, 0xf7, 0xda, 0x57, 0x50, 0x4c, 0x4e, 0xa2, 0x00, 0x01, 0x01};
    uint8_t m[5] = {0xba, (uint8_t)(entries >> 24), (uint8_t)(entries >> 16), (uint8_t)(entries >> 8),
                    (uint8_t)entries};
    grow(t, cap + 64);
    put(t, head, sizeof head);
    put(t, m, sizeof m);
    put(t, "\x02\x04", 2);
}

/* Unknown keys 1000…, shuffled: each kept as an extra, sorted on the way. */
static void make_cbor_map(doc_text *t, size_t size)
{
    uint32_t n = (uint32_t)(size / 6), *order = malloc(n * sizeof *order);
    unsigned long rnd = 5;
    assert_non_null(order);
    cbor_head(t, (size_t)n * 6, n + 1);
    for (uint32_t i = 0; i < n; i++)
        order[i] = i;
    for (uint32_t i = n; i > 1; i--) {
        uint32_t j, x;
        rnd = rnd * 6364136223846793005ul + 1442695040888963407ul;
        j = (uint32_t)((rnd >> 33) % i);
        x = order[i - 1], order[i - 1] = order[j], order[j] = x;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = 1000 + order[i];
        uint8_t e[6] = {0x1a, (uint8_t)(k >> 24), (uint8_t)(k >> 16), (uint8_t)(k >> 8), (uint8_t)k, 0x00};
        put(t, e, sizeof e);
    }
    free(order);
}

static void make_cbor_deep(doc_text *t, size_t size)
{
    cbor_head(t, size + 8, 2);
    put(t, "\x19\x03\xe8", 3); /* key 1000 */
    memset(t->data + t->len, 0x81, size);
    t->len += size;
    put(t, "\x00", 1);
}

/* A plan of `nodes` minimal nodes ({kind: section}, 3 bytes each). */
static void cbor_nodes(doc_text *t, uint32_t nodes)
{
    uint8_t arr[5] = {0x9a, (uint8_t)(nodes >> 24), (uint8_t)(nodes >> 16), (uint8_t)(nodes >> 8),
                      (uint8_t)nodes};
    cbor_head(t, (size_t)nodes * 3 + 8, 2);
    put(t, "\x11", 1); /* key 17: nodes */
    put(t, arr, sizeof arr);
    for (uint32_t i = 0; i < nodes; i++)
        put(t, "\xa1\x02\x00", 3);
}

static void make_cbor_limit(doc_text *t, size_t size) { (void)size; cbor_nodes(t, WP_LIMIT_NODES - 1); }
static void make_cbor_at_limit(doc_text *t, size_t size) { (void)size; cbor_nodes(t, WP_LIMIT_NODES); }
static void make_cbor_over_limit(doc_text *t, size_t size) { (void)size; cbor_nodes(t, WP_LIMIT_NODES + 1); }

static void make_cbor_huge_string(doc_text *t, size_t size)
{
    static const uint8_t claim[] = {0x19, 0x03, 0xe8, 0x7b, 0x40, 0, 0, 0, 0, 0, 0, 0, 'a', 'b'};
    (void)size;
    cbor_head(t, sizeof claim, 2);
    put(t, claim, sizeof claim);
}

/* A sparse file one byte over the document limit (its name in t). */
static void make_big_file(doc_text *t, size_t size)
{
    FILE *fp;
    (void)size;
    grow(t, 64);
    snprintf(t->data, 64, "/tmp/wp-limits-%ld.cbor", (long)getpid());
    fp = fopen(t->data, "wb");
    assert_non_null(fp);
    assert_int_equal(ftruncate(fileno(fp), (off_t)WP_LIMIT_DOCUMENT_BYTES + 1), 0);
    fclose(fp);
    t->len = 1; /* what is read before the error: nothing */
}

static int op_import(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan = NULL;
    wp_import_report *rep = NULL;
    int rc = wp_import_text(&plan, &rep, t->data, t->len, NULL);
    wp_import_report_free(rep);
    wp_plan_free(plan);
    return rc;
}

static int op_cbor(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan = NULL;
    int rc = wp_plan_from_cbor(&plan, (const uint8_t *)t->data, t->len);
    wp_plan_free(plan);
    return rc;
}

static int op_load(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan = NULL;
    int rc = wp_plan_load(&plan, t->data);
    wp_plan_free(plan);
    return rc;
}

/* Parse, then run on a small plan (matching and freeing recurse too). */
static int op_query(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan;
    wp_node *sec, *task;
    wp_query *q = NULL;
    size_t n;
    int rc;
    if ((rc = wp_plan_new(&plan)) < 0)
        return rc;
    if ((rc = wp_node_new(&sec, plan, WP_NODE_SECTION)) == 0 && (rc = wp_plan_append_node(plan, sec)) == 0 &&
        (rc = wp_node_new(&task, plan, WP_NODE_TASK)) == 0 && (rc = wp_node_append_child(sec, task)) == 0 &&
        (rc = wp_query_parse(&q, t->data)) == 0)
        rc = wp_query_count(&n, q, plan);
    wp_query_free(q);
    wp_plan_free(plan);
    return rc;
}


static const hostile cases[] = {
    {"import: 5 MB line of figures", 5000000, make_line_figures, op_import, RESULT_OR_LIMIT},
    {"import: 10^6 nested brackets", 3000000, make_nested_brackets, op_import, RESULT_OR_LIMIT},
    /* the longest lines WP_LIMIT_LINE_BYTES lets through */
    {"import: 1 MB line of figures", 1000000, make_line_figures, op_import, RESULT},
    {"import: 1 MB of nested brackets", 1000000, make_nested_brackets, op_import, RESULT},
    {"import: 5 MB of 一、 headings", 5000000, make_headings, op_import, LIMIT},
    {"import: WP_LIMIT_NODES-1 headings 1.", 0, make_limit_headings, op_import, RESULT},
    {"CBOR: WP_LIMIT_NODES-1 nodes", 0, make_cbor_limit, op_cbor, RESULT},
    {"CBOR: WP_LIMIT_NODES nodes", 0, make_cbor_at_limit, op_cbor, RESULT},
    {"CBOR: WP_LIMIT_NODES+1 nodes", 0, make_cbor_over_limit, op_cbor, LIMIT},
    {"CBOR: string claiming 2^62 bytes", 0, make_cbor_huge_string, op_cbor, ANY_ERROR},
    {"CBOR: 60k map entries, shuffled", 360000, make_cbor_map, op_cbor, RESULT_OR_LIMIT},
    {"CBOR: 10^6 map entries, shuffled", 6000000, make_cbor_map, op_cbor, LIMIT},
    {"CBOR: arrays 10^6 deep", 1000000, make_cbor_deep, op_cbor, LIMIT},
    {"JSON: array 10^6 deep", 1000000, make_json_deep, op_json_text, LIMIT},
    {"JSON: 10^6 nodes (19 MB)", 19000000, make_json_nodes, op_json_text, LIMIT},
    {"file over WP_LIMIT_DOCUMENT_BYTES", 0, make_big_file, op_load, LIMIT},
    {"query: 10^5 OR terms", 1500000, make_query_or, op_query, RESULT_OR_LIMIT},
    {"query: 10^5 AND terms", 1300000, make_query_and, op_query, RESULT_OR_LIMIT},
    {"query: 10^6 nested parentheses", 2000000, make_query_parens, op_query, ANY_ERROR},
};

static void run_case(const hostile *h)
{
    doc_text t;
    measure m;
    const char *why;
    size_t size = h->size > 1000 ? scaled(h->size) : h->size;
    h->make(&t, size);
    /* Far over the bound already: stop the child there. */
    alarm_secs = timing_off() ? 15 : (unsigned)(2 + 2 * (t.len / 1000000));
    m = run_measured(h->op, &t);
    why = over_bounds(h->name, &m, t.len);
    if (why == NULL && !m.timed_out) {
        bool good = h->want == RESULT            ? m.rc == 0
                  : h->want == RESULT_OR_LIMIT ? m.rc == 0 || m.rc == WP_ELIMIT
                  : h->want == ANY_ERROR       ? m.rc < 0
                                               : m.rc == WP_ELIMIT;
        if (!good) {
            static char msg[300];
            snprintf(msg, sizeof msg, "%s: returned %d (%s)", h->name, m.rc,
                     wp_error_code_name(m.rc) ? wp_error_code_name(m.rc) : "?");
            why = msg;
        }
    }
    /* The reader names where the limit was crossed: the node after the
     * last allowed (19 bytes of head, key 17 and a 5-byte array head, then
     * 3 bytes a node). */
    if (why == NULL && h->make == make_cbor_over_limit)
        assert_int_equal(m.off, 19 + 1 + 5 + (size_t)WP_LIMIT_NODES * 3);
    if (h->make == make_big_file)
        unlink(t.data);
    free(t.data);
    if (why != NULL)
        fail_msg("%s", why);
}

static void test_hostile(void **state) { run_case(*state); }

#define HOSTILE(i) {cases[i].name, test_hostile, NULL, NULL, (void *)&cases[i]}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colliding_ids),
        cmocka_unit_test(test_duplicate_numbers),
        cmocka_unit_test(test_json_unknown_members),
        HOSTILE(0), HOSTILE(1), HOSTILE(2), HOSTILE(3), HOSTILE(4), HOSTILE(5),
        HOSTILE(6), HOSTILE(7), HOSTILE(8), HOSTILE(9), HOSTILE(10), HOSTILE(11),
        HOSTILE(12), HOSTILE(13), HOSTILE(14), HOSTILE(15), HOSTILE(16),
        HOSTILE(17), HOSTILE(18),
    };
    _Static_assert(sizeof cases / sizeof cases[0] == 19, "one HOSTILE() per case");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
