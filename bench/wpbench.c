/*
 * wpbench: the C side of the fair benchmark (bench/run.sh drives it from
 * bench/compare.py, which holds the Python peers and prints the table).
 *
 *   wpbench gen CORPUS.cbor DB.sqlite CORPUS.jsonl TASKS
 *       the synthetic corpus (../shared/PEERS.md) as a CBOR sequence, the
 *       same plans as JSON Lines, and an SQLite database with the covering
 *       indexes a competent user creates
 *   wpbench gentext DIR TASKS_LARGE N_SMALL TASKS_SMALL
 *       plain-text documents for the importer: DIR/large.txt and
 *       DIR/small/NNNN.txt
 *   wpbench load CORPUS.cbor
 *       load in a fresh process: load_ms, rss_kb (resident after load)
 *   wpbench floor CORPUS.cbor
 *       libcbor's cbor_stream_decode over the whole file with callbacks that
 *       do nothing (the floor of a libcbor-based decoder): floor_ms
 *   wpbench import FILE...
 *       import each file (wp_import_file): import_ms, import_cpu_ms (CPU
 *       time of the process), import_bytes
 *   wpbench serve CORPUS.cbor DB.sqlite
 *       load both, print "ready ...", then answer commands read from stdin,
 *       one a line, each with "MS COUNT": `save` (every plan to CBOR in
 *       memory), `wp NAME` / `wpcount NAME` (a query, ids fetched with
 *       wp_collection_select_ids / counted),
 *       `sql NAME` (the same query in SQLite, rows fetched), `quit`.
 *       The driver interleaves these with its own peers (A B A B …).
 *
 * The corpus: ~192 tasks a plan (5,213 plans for 1M tasks), ~90 CJK
 * characters a task, 1–3 distinct units from a pool of 40 (the first
 * leads), indicators on 30 % and deadlines on 60 % of tasks, 25 % done.
 */
#define _POSIX_C_SOURCE 200809L
#include <workplan/workplan.h>

#include "bench_util.h"

#include <cbor.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SQL(db, call)                                                                \
    do {                                                                             \
        if ((call) != SQLITE_OK && sqlite3_errcode(db) != SQLITE_DONE) {             \
            fprintf(stderr, "%s:%d: sqlite: %s\n", __FILE__, __LINE__, sqlite3_errmsg(db)); \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n) { return bench_rnd(&rng, n); }
static double now_ms(void) { return bench_now(CLOCK_MONOTONIC) * 1e3; }

static long rss_kb(const char *field)
{
    char line[256];
    long kb = -1;
    size_t n = strlen(field);
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            kb = atol(line + n + 1);
    fclose(f);
    return kb;
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

static void gen(const char *cbor_path, const char *db_path, const char *jsonl_path, long tasks)
{
    wp_corpus_writer *w, *wj;
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
    CHECK(wp_corpus_writer_open(&wj, jsonl_path, WP_CORPUS_JSONL));
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
        CHECK(wp_corpus_writer_add(wj, plan));
        wp_plan_free(plan);
        plan_no++;
    }
    CHECK(wp_corpus_writer_commit(w));
    CHECK(wp_corpus_writer_commit(wj));
    wp_corpus_writer_free(w);
    wp_corpus_writer_free(wj);
    sqlite3_finalize(ins_node);
    sqlite3_finalize(ins_assign);
    sqlite3_finalize(ins_ind);
    /* Covering indexes: each query is answered from its index alone. */
    SQL(db, sqlite3_exec(db,
                         "COMMIT;"
                         "CREATE INDEX assign_cover ON assign(unit, role, node);"
                         "CREATE INDEX node_due ON node(due, status);"
                         "CREATE INDEX ind_cover ON indicator(unit, value, node);"
                         "ANALYZE;",
                         NULL, NULL, NULL));
    sqlite3_close(db);
    printf("wrote %ld plans, %ld tasks to %s, %s and %s\n", plan_no, made, cbor_path, jsonl_path,
           db_path);
}

/* ---- plain-text documents for the importer ---------------------------- */

static const char *const NUMS[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

static void write_doc(const char *path, long tasks, int year)
{
    FILE *f = fopen(path, "w");
    char text[512], lead[64], sup[64];
    long made = 0;
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    fprintf(f, "某市科学技术协会\n\n某市科协%d年工作要点\n\n%d年是全面贯彻落实党的二十大精神的"
               "重要一年。做好今年工作，要坚持稳中求进工作总基调。\n\n",
            year, year);
    for (int s = 0; made < tasks; s++) {
        fprintf(f, "%s%s、%s\n", s >= 10 ? NUMS[s / 10 % 10] : "", NUMS[s % 10],
                PHRASES[rnd(N_PHRASES)]);
        for (int pt = 0; pt < 6 && made < tasks; pt++) {
            fprintf(f, "（%s）%s\n", NUMS[pt], PHRASES[rnd(N_PHRASES)]);
            for (int t = 0; t < 8 && made < tasks; t++, made++) {
                int first = (int)rnd(N_UNITS), nu = 1 + (int)rnd(3);
                task_text(text, sizeof text);
                if (rnd(10) < 3) /* an indicator */
                    snprintf(text + strlen(text) - 3, sizeof text - strlen(text) + 3,
                             "，全年举办活动不少于%u场次。", 1 + rnd(200));
                if (rnd(10) < 6) /* a deadline */
                    snprintf(text + strlen(text) - 3, sizeof text - strlen(text) + 3,
                             "，%d年%u月底前完成。", year, 1 + rnd(12));
                unit_name(lead, sizeof lead, first);
                fprintf(f, "%d.%s（牵头单位：%s", t + 1, text, lead);
                for (int k = 1; k < nu; k++) {
                    unit_name(sup, sizeof sup, (first + k * 7) % N_UNITS);
                    fprintf(f, "%s%s", k == 1 ? "；配合单位：" : "、", sup);
                }
                fputs("）\n", f);
            }
        }
    }
    fprintf(f, "\n某市科学技术协会办公室\n%d年3月1日印发\n", year);
    fclose(f);
}

static void gentext(const char *dir, long large, int n_small, long small)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/large.txt", dir);
    write_doc(path, large, 2024);
    snprintf(path, sizeof path, "%s/small", dir);
    mkdir(path, 0777);
    for (int i = 0; i < n_small; i++) {
        snprintf(path, sizeof path, "%s/small/%04d.txt", dir, i);
        write_doc(path, small, 2015 + i % 10);
    }
}

/* CPU time of the process in ms: on a shared machine the wall clock also
 * counts the time other processes hold the cores. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void import_files(int n, char **paths)
{
    double t0 = now_ms(), c0 = cpu_ms(), ms;
    size_t bytes = 0, nodes = 0;
    for (int i = 0; i < n; i++) {
        wp_plan *plan;
        wp_import_report *rep = NULL;
        struct stat st;
        if (stat(paths[i], &st) == 0)
            bytes += (size_t)st.st_size;
        CHECK(wp_import_file(&plan, &rep, paths[i], NULL));
        nodes += wp_plan_node_count(plan);
        wp_import_report_free(rep);
        wp_plan_free(plan);
    }
    ms = now_ms() - t0;
    printf("import_ms=%.3f\nimport_cpu_ms=%.3f\nimport_bytes=%zu\nimport_nodes=%zu\n", ms,
           cpu_ms() - c0, bytes, nodes);
}

/* ---- load, and the libcbor floor ---------------------------------------- */

static void load(const char *path)
{
    wp_collection *c;
    double t0 = now_ms(), ms;
    CHECK(wp_collection_new(&c));
    CHECK(wp_collection_load(c, path));
    ms = now_ms() - t0;
    printf("load_ms=%.3f\nplans=%zu\nnodes=%zu\nrss_kb=%ld\nhwm_kb=%ld\n", ms,
           wp_collection_count(c), wp_collection_node_count(c), rss_kb("VmRSS"), rss_kb("VmHWM"));
    fflush(stdout);
    _Exit(0); /* the collection's memory goes with the process */
}

static void nothing_u8(void *c, uint8_t v) { (void)c; (void)v; }
static void nothing_u16(void *c, uint16_t v) { (void)c; (void)v; }
static void nothing_u32(void *c, uint32_t v) { (void)c; (void)v; }
static void nothing_u64(void *c, uint64_t v) { (void)c; (void)v; }
static void nothing_str(void *c, cbor_data p, size_t n) { (void)c; (void)p; (void)n; }
static void nothing(void *c) { (void)c; }
static void nothing_size(void *c, size_t n) { (void)c; (void)n; }
static void nothing_f(void *c, float f) { (void)c; (void)f; }
static void nothing_d(void *c, double f) { (void)c; (void)f; }
static void nothing_b(void *c, bool b) { (void)c; (void)b; }

static void floor_pass(const char *path)
{
    struct cbor_callbacks cb = cbor_empty_callbacks;
    FILE *f;
    unsigned char *buf;
    size_t len, pos = 0, items = 0;
    struct stat st;
    double t0 = now_ms(), ms;
    cb.uint8 = nothing_u8; cb.uint16 = nothing_u16; cb.uint32 = nothing_u32;
    cb.uint64 = nothing_u64; cb.negint8 = nothing_u8; cb.negint16 = nothing_u16;
    cb.negint32 = nothing_u32; cb.negint64 = nothing_u64;
    cb.byte_string = nothing_str; cb.string = nothing_str;
    cb.array_start = nothing_size; cb.map_start = nothing_size; cb.tag = nothing_u64;
    cb.float2 = nothing_f; cb.float4 = nothing_f; cb.float8 = nothing_d;
    cb.null = nothing; cb.undefined = nothing; cb.boolean = nothing_b;
    if (stat(path, &st) != 0 || (f = fopen(path, "rb")) == NULL) {
        perror(path);
        exit(1);
    }
    len = (size_t)st.st_size;
    buf = malloc(len ? len : 1);
    if (buf == NULL || fread(buf, 1, len, f) != len) {
        fprintf(stderr, "%s: cannot read\n", path);
        exit(1);
    }
    fclose(f);
    while (pos < len) {
        struct cbor_decoder_result r = cbor_stream_decode(buf + pos, len - pos, &cb, NULL);
        if (r.status != CBOR_DECODER_FINISHED) {
            fprintf(stderr, "%s: malformed at %zu\n", path, pos);
            exit(1);
        }
        pos += r.read;
        items++;
    }
    ms = now_ms() - t0;
    printf("floor_ms=%.3f\nfloor_items=%zu\n", ms, items);
    free(buf);
}

/* ---- queries, served to the driver ---------------------------------------- */

typedef struct bench_query {
    const char *name, *query, *sql;
} bench_query;

static const bench_query QUERIES[] = {
    {"count", "kind:task unit:科学普及部1", "SELECT count(*) FROM assign WHERE unit='科学普及部1'"},
    {"lead", "kind:task unit:科学普及部1 role:lead",
     "SELECT node FROM assign WHERE unit='科学普及部1' AND role='lead'"},
    {"indicator", "kind:task ind.unit:家 value>=100",
     "SELECT node FROM indicator WHERE unit='家' AND value>=100"},
    {"overdue", "kind:task overdue:2024-07-01",
     "SELECT id FROM node WHERE due < '2024-07-01' AND status NOT IN "
     "('done','cancelled','extended')"},
    {"text", "kind:task text:智库", "SELECT id FROM node WHERE text LIKE '%智库%'"},
};
#define N_QUERIES (sizeof QUERIES / sizeof QUERIES[0])

static const bench_query *find_query(const char *name)
{
    for (size_t i = 0; i < N_QUERIES; i++)
        if (strcmp(QUERIES[i].name, name) == 0)
            return &QUERIES[i];
    return NULL;
}

/* Fetch every row (as a caller would); for count(*) the one value. */
static size_t sql_run(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    size_t n = 0;
    int is_count = strncmp(sql, "SELECT count(*)", 15) == 0;
    SQL(db, sqlite3_prepare_v2(db, sql, -1, &st, NULL));
    while (sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_int64 v = sqlite3_column_int64(st, 0);
        n = is_count ? (size_t)v : n + 1;
    }
    sqlite3_finalize(st);
    return n;
}

static void serve(const char *cbor_path, const char *db_path)
{
    wp_collection *c;
    sqlite3 *db;
    char line[256];
    double t0 = now_ms(), load_ms;
    CHECK(wp_collection_new(&c));
    CHECK(wp_collection_load(c, cbor_path));
    load_ms = now_ms() - t0;
    SQL(db, sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL));
    /* A cache large enough for the whole database (2 GB). */
    SQL(db, sqlite3_exec(db, "PRAGMA cache_size=-2000000;", NULL, NULL, NULL));
    printf("ready load_ms=%.1f plans=%zu nodes=%zu\n", load_ms, wp_collection_count(c),
           wp_collection_node_count(c));
    fflush(stdout);
    while (fgets(line, sizeof line, stdin) != NULL) {
        char cmd[32] = "", name[64] = "";
        const bench_query *q = NULL;
        size_t n = 0;
        double ms;
        if (sscanf(line, "%31s %63s", cmd, name) < 1 || strcmp(cmd, "quit") == 0)
            break;
        if (strcmp(cmd, "save") != 0 && (q = find_query(name)) == NULL) {
            printf("error unknown query '%s'\n", name);
            fflush(stdout);
            continue;
        }
        t0 = now_ms();
        if (strcmp(cmd, "save") == 0) {
            for (size_t i = 0; i < wp_collection_count(c); i++) {
                uint8_t *buf;
                size_t len;
                CHECK(wp_plan_to_cbor(&buf, &len, wp_collection_plan(c, i)));
                n += len;
                wp_free(buf);
            }
        } else if (strcmp(cmd, "wp") == 0 || strcmp(cmd, "wpcount") == 0) {
            wp_query *wq;
            CHECK(wp_query_parse(&wq, q->query));
            if (cmd[2] == 'c') {
                CHECK(wp_collection_count_matches(&n, wq, c));
            } else {
                const char **v;
                CHECK(wp_collection_select_ids(&v, &n, wq, c));
                wp_free(v);
            }
            wp_query_free(wq);
        } else if (strcmp(cmd, "sql") == 0) {
            n = sql_run(db, q->sql);
        } else {
            printf("error unknown command '%s'\n", cmd);
            fflush(stdout);
            continue;
        }
        ms = now_ms() - t0;
        printf("%.4f %zu\n", ms, n);
        fflush(stdout);
    }
    sqlite3_close(db);
    wp_collection_free(c);
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "gen") == 0)
        gen(argv[2], argv[3], argv[4], atol(argv[5]));
    else if (argc == 6 && strcmp(argv[1], "gentext") == 0)
        gentext(argv[2], atol(argv[3]), atoi(argv[4]), atol(argv[5]));
    else if (argc == 3 && strcmp(argv[1], "load") == 0)
        load(argv[2]);
    else if (argc == 3 && strcmp(argv[1], "floor") == 0)
        floor_pass(argv[2]);
    else if (argc >= 3 && strcmp(argv[1], "import") == 0)
        import_files(argc - 2, argv + 2);
    else if (argc == 4 && strcmp(argv[1], "serve") == 0)
        serve(argv[2], argv[3]);
    else {
        fprintf(stderr, "usage: wpbench gen CORPUS.cbor DB.sqlite CORPUS.jsonl TASKS\n"
                        "       wpbench gentext DIR TASKS_LARGE N_SMALL TASKS_SMALL\n"
                        "       wpbench load|floor CORPUS.cbor\n"
                        "       wpbench import FILE...\n"
                        "       wpbench serve CORPUS.cbor DB.sqlite\n");
        return 2;
    }
    return 0;
}
