/*
 * wpbench: a synthetic corpus, and the common queries timed against SQLite
 * with indexes on the same data, in the same run.
 *
 *   wpbench gen CORPUS.cbor DB.sqlite [TASKS]   write both (default 1,000,000 tasks)
 *   wpbench run CORPUS.cbor DB.sqlite [REPEAT]  load, then time each query
 *
 * The corpus follows ../shared/PEERS.md: ~192 tasks a plan (5,213 plans for
 * 1M tasks), ~90 CJK characters a task, 1–3 units from a pool of 40 (the
 * first leads), plus indicators on 30 % and deadlines on 60 % of tasks.
 * Times are medians of REPEAT runs (default 5), in milliseconds.
 */
#define _POSIX_C_SOURCE 200809L
#include <workplan/workplan.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(call)                                                                  \
    do {                                                                             \
        int rc_ = (call);                                                            \
        if (rc_ != 0) {                                                              \
            fprintf(stderr, "%s:%d: %s -> %d (%s)\n", __FILE__, __LINE__, #call, rc_, \
                    wp_error_last()->message);                                       \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

#define SQL(db, call)                                                                \
    do {                                                                             \
        if ((call) != SQLITE_OK && sqlite3_errcode(db) != SQLITE_DONE) {             \
            fprintf(stderr, "%s:%d: sqlite: %s\n", __FILE__, __LINE__, sqlite3_errmsg(db)); \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *const PHRASES[] = {
    "深入学习贯彻党的二十大精神", "大力弘扬科学家精神", "组织开展全国科普日活动",
    "推动学会治理现代化", "加强基层科协组织建设", "服务科技工作者", "建设院士专家工作站",
    "举办青少年科技创新大赛", "完善科技评价机制", "促进产学研深度融合", "开展科技志愿服务",
    "提升公民科学素质", "加强国际科技交流合作", "打造高端科技智库", "推进数字科协建设",
    "优化学术交流环境", "强化科研诚信建设", "深化科技人才培养", "实施创新驱动助力工程",
    "建设科普教育基地", "营造良好创新生态", "落实全面从严治党要求", "提高机关运行效能",
};
#define N_PHRASES (sizeof PHRASES / sizeof PHRASES[0])
#define N_UNITS 40

static void unit_name(char *buf, size_t size, int i)
{
    static const char *const stems[] = {"办公室", "组织人事部", "学会学术部", "科学普及部",
                                        "宣传文化部", "调研宣传部", "国际联络部", "企业工作部"};
    snprintf(buf, size, "%s%d", stems[i % 8], i / 8 + 1);
}

static void task_text(char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    while (len < 270 - 40) { /* ~90 CJK characters of 3 bytes */
        const char *ph = PHRASES[rnd(N_PHRASES)];
        size_t n = strlen(ph);
        if (len + n + 4 >= size)
            break;
        memcpy(buf + len, ph, n);
        len += n;
        memcpy(buf + len, "，", 3);
        len += 3;
    }
    memcpy(buf + len - 3, "。", 3);
    buf[len] = '\0';
}

static const char *const IND_UNITS[] = {"场次", "家", "个", "%"};

static void gen(const char *cbor_path, const char *db_path, long tasks)
{
    wp_corpus_writer *w;
    sqlite3 *db;
    sqlite3_stmt *ins_node, *ins_assign, *ins_ind;
    long made = 0, plan_no = 0, node_rowid = 0;
    char text[512], name[64], id[64];
    remove(db_path);
    SQL(db, sqlite3_open(db_path, &db));
    SQL(db, sqlite3_exec(db,
                         "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                         "CREATE TABLE node(id INTEGER PRIMARY KEY, plan INTEGER, nid TEXT, "
                         "kind TEXT, text TEXT, status TEXT, due TEXT);"
                         "CREATE TABLE assign(node INTEGER, unit TEXT, role TEXT);"
                         "CREATE TABLE indicator(node INTEGER, op TEXT, value REAL, unit TEXT);"
                         "BEGIN;",
                         NULL, NULL, NULL));
    SQL(db, sqlite3_prepare_v2(db, "INSERT INTO node VALUES(?,?,?,?,?,?,?)", -1, &ins_node, NULL));
    SQL(db, sqlite3_prepare_v2(db, "INSERT INTO assign VALUES(?,?,?)", -1, &ins_assign, NULL));
    SQL(db, sqlite3_prepare_v2(db, "INSERT INTO indicator VALUES(?,?,?,?)", -1, &ins_ind, NULL));
    CHECK(wp_corpus_writer_open(&w, cbor_path, WP_CORPUS_CBOR));
    while (made < tasks) {
        wp_plan *plan;
        wp_unit *units[N_UNITS];
        long in_plan = 154 + rnd(77); /* 192 on average */
        CHECK(wp_plan_new(&plan));
        snprintf(id, sizeof id, "plan-%ld", plan_no);
        CHECK(wp_plan_set_id(plan, id));
        CHECK(wp_plan_set_title(plan, "某市科协2024年工作要点"));
        CHECK(wp_plan_set_year(plan, 2024));
        for (int u = 0; u < N_UNITS; u++) {
            unit_name(name, sizeof name, u);
            CHECK(wp_unit_add(&units[u], plan, name, NULL));
        }
        for (int s = 1; made < tasks && in_plan > 0; s++) {
            wp_node *sec;
            CHECK(wp_node_new(&sec, plan, WP_NODE_SECTION));
            CHECK(wp_node_set_title(sec, PHRASES[rnd(N_PHRASES)]));
            CHECK(wp_plan_append_node(plan, sec));
            for (int pt = 1; pt <= 6 && made < tasks && in_plan > 0; pt++) {
                wp_node *point;
                CHECK(wp_node_new(&point, plan, WP_NODE_POINT));
                CHECK(wp_node_set_title(point, PHRASES[rnd(N_PHRASES)]));
                CHECK(wp_node_append_child(sec, point));
                for (int t = 0; t < 8 && made < tasks && in_plan > 0; t++, made++, in_plan--) {
                    wp_node *task;
                    int nu = 1 + (int)rnd(3), first = (int)rnd(N_UNITS);
                    char due[16] = "";
                    const char *status = "not_started";
                    CHECK(wp_node_new(&task, plan, WP_NODE_TASK));
                    task_text(text, sizeof text);
                    CHECK(wp_node_set_text(task, text));
                    CHECK(wp_node_append_child(point, task));
                    node_rowid++;
                    for (int k = 0; k < nu; k++) {
                        int u = (first + k * 7) % N_UNITS;
                        wp_role role = k == 0 ? WP_ROLE_LEAD : WP_ROLE_SUPPORT;
                        CHECK(wp_node_assign(task, units[u], role, NULL));
                        unit_name(name, sizeof name, u);
                        sqlite3_bind_int64(ins_assign, 1, node_rowid);
                        sqlite3_bind_text(ins_assign, 2, name, -1, SQLITE_TRANSIENT);
                        sqlite3_bind_text(ins_assign, 3, wp_role_name(role), -1, SQLITE_STATIC);
                        sqlite3_step(ins_assign);
                        sqlite3_reset(ins_assign);
                    }
                    if (rnd(10) < 6) {
                        wp_deadline d = {NULL, 0, wp_date_make(2024, 1 + (int)rnd(12), 28),
                                         WP_PRECISION_MONTH, false};
                        CHECK(wp_node_set_deadline(task, &d));
                        wp_date_format(due, sizeof due, d.end);
                    }
                    if (rnd(4) == 0) {
                        CHECK(wp_node_set_status(task, WP_STATUS_DONE));
                        status = "done";
                    }
                    if (rnd(10) < 3) {
                        wp_indicator *ind;
                        const char *iu = IND_UNITS[rnd(4)];
                        double v = 1 + rnd(200);
                        CHECK(wp_node_add_indicator(&ind, task, "不少于若干"));
                        CHECK(wp_indicator_set_op(ind, WP_OP_GE));
                        CHECK(wp_indicator_set_value(ind, v));
                        CHECK(wp_indicator_set_unit(ind, iu));
                        sqlite3_bind_int64(ins_ind, 1, node_rowid);
                        sqlite3_bind_text(ins_ind, 2, "ge", -1, SQLITE_STATIC);
                        sqlite3_bind_double(ins_ind, 3, v);
                        sqlite3_bind_text(ins_ind, 4, iu, -1, SQLITE_STATIC);
                        sqlite3_step(ins_ind);
                        sqlite3_reset(ins_ind);
                    }
                    sqlite3_bind_int64(ins_node, 1, node_rowid);
                    sqlite3_bind_int64(ins_node, 2, plan_no);
                    sqlite3_bind_text(ins_node, 3, "t", -1, SQLITE_STATIC);
                    sqlite3_bind_text(ins_node, 4, "task", -1, SQLITE_STATIC);
                    sqlite3_bind_text(ins_node, 5, text, -1, SQLITE_TRANSIENT);
                    sqlite3_bind_text(ins_node, 6, status, -1, SQLITE_STATIC);
                    if (due[0])
                        sqlite3_bind_text(ins_node, 7, due, -1, SQLITE_TRANSIENT);
                    else
                        sqlite3_bind_null(ins_node, 7);
                    sqlite3_step(ins_node);
                    sqlite3_reset(ins_node);
                }
            }
        }
        CHECK(wp_plan_assign_ids(plan));
        CHECK(wp_corpus_writer_add(w, plan));
        wp_plan_free(plan);
        plan_no++;
    }
    CHECK(wp_corpus_writer_commit(w));
    wp_corpus_writer_free(w);
    sqlite3_finalize(ins_node);
    sqlite3_finalize(ins_assign);
    sqlite3_finalize(ins_ind);
    SQL(db, sqlite3_exec(db,
                         "COMMIT;"
                         "CREATE INDEX assign_unit ON assign(unit, role);"
                         "CREATE INDEX node_due ON node(due);"
                         "CREATE INDEX ind_unit ON indicator(unit, value);"
                         "ANALYZE;",
                         NULL, NULL, NULL));
    sqlite3_close(db);
    printf("wrote %ld plans, %ld tasks to %s and %s\n", plan_no, made, cbor_path, db_path);
}

/* ---- timing -------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* Count matches of one query over the collection. */
static size_t ours(wp_collection *c, const char *text)
{
    wp_query *q;
    size_t n;
    CHECK(wp_query_parse(&q, text));
    CHECK(wp_collection_count_matches(&n, q, c));
    wp_query_free(q);
    return n;
}

/* Fetch every row of an SQL query (as a caller would), returning the count. */
static size_t theirs(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    size_t n = 0;
    SQL(db, sqlite3_prepare_v2(db, sql, -1, &st, NULL));
    while (sqlite3_step(st) == SQLITE_ROW) {
        (void)sqlite3_column_int64(st, 0);
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

static size_t theirs_count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    size_t n = 0;
    SQL(db, sqlite3_prepare_v2(db, sql, -1, &st, NULL));
    if (sqlite3_step(st) == SQLITE_ROW)
        n = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

typedef struct bench_case {
    const char *name, *query, *sql;
    int count_only; /* SQL returns count(*) */
} bench_case;

static void run(const char *cbor_path, const char *db_path, int repeat)
{
    static const bench_case cases[] = {
        {"count tasks of one unit", "kind:task unit:科学普及部1",
         "SELECT count(DISTINCT node) FROM assign WHERE unit='科学普及部1'", 1},
        {"list tasks unit=X role=lead", "kind:task unit:科学普及部1 role:lead",
         "SELECT node FROM assign WHERE unit='科学普及部1' AND role='lead' ORDER BY node", 0},
        {"overdue as of 2024-07-01", "kind:task overdue:2024-07-01",
         "SELECT id FROM node WHERE due < '2024-07-01' AND status NOT IN "
         "('done','cancelled','extended') ORDER BY id", 0},
        {"indicators in 家 >= 100", "kind:task ind.unit:家 value>=100",
         "SELECT DISTINCT node FROM indicator WHERE unit='家' AND value>=100 ORDER BY node", 0},
        {"text contains 2-char word", "kind:task text:智库",
         "SELECT id FROM node WHERE text LIKE '%智库%'", 0},
    };
    wp_collection *c;
    sqlite3 *db;
    double t0, load_ms, cold_ms;
    printf("corpus: %s\n", cbor_path);
    t0 = now_ms();
    CHECK(wp_collection_new(&c));
    CHECK(wp_collection_load(c, cbor_path));
    load_ms = now_ms() - t0;
    printf("load: %zu plans, %zu nodes in %.0f ms\n", wp_collection_count(c),
           wp_collection_node_count(c), load_ms);
    t0 = now_ms();
    for (size_t i = 0; i < wp_collection_count(c); i++)
        CHECK(wp_plan_build_index(wp_collection_plan(c, i)));
    cold_ms = now_ms() - t0;
    printf("index build (first query after load or edit): %.0f ms\n", cold_ms);
    SQL(db, sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL));
    /* Warm SQLite's page cache like ours is warm. */
    theirs_count(db, "SELECT count(*) FROM node WHERE text LIKE '%x%'");
    printf("\n| query | workplan ms | SQLite ms | SQLite / workplan | matches |\n"
           "|---|---|---|---|---|\n");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double a[64], b[64];
        size_t na = 0, nb = 0;
        for (int r = 0; r < repeat; r++) {
            t0 = now_ms();
            na = ours(c, cases[k].query);
            a[r] = now_ms() - t0;
            t0 = now_ms();
            nb = cases[k].count_only ? theirs_count(db, cases[k].sql) : theirs(db, cases[k].sql);
            b[r] = now_ms() - t0;
        }
        {
            double ma = median(a, repeat), mb = median(b, repeat);
            printf("| %s | %.2f | %.2f | %.1f× | %zu%s |\n", cases[k].name, ma, mb, mb / ma, na,
                   na == nb ? "" : " (SQLite differs!)");
            if (na != nb)
                fprintf(stderr, "%s: workplan %zu, SQLite %zu\n", cases[k].name, na, nb);
        }
    }
    sqlite3_close(db);
    wp_collection_free(c);
    printf("\nload_ms=%.0f\n", load_ms);
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "gen") == 0) {
        gen(argv[2], argv[3], argc > 4 ? atol(argv[4]) : 1000000L);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "run") == 0) {
        int repeat = argc > 4 ? atoi(argv[4]) : 5;
        if (repeat < 1 || repeat > 64)
            repeat = 5;
        run(argv[2], argv[3], repeat);
        return 0;
    }
    fprintf(stderr, "usage: wpbench gen CORPUS.cbor DB.sqlite [TASKS]\n"
                    "       wpbench run CORPUS.cbor DB.sqlite [REPEAT]\n");
    return 2;
}
