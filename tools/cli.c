/*
 * workplan — the command-line tool: the dispatcher and what every
 * subcommand shares (messages, reading and writing files of plans).
 *
 * Each subcommand is one entry of `commands` below; its code lives in
 * tools/cmd_<family>.c. See doc/workplan.1.scd for the manual.
 */

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *cli_prog = "workplan";

/* The dispatcher: one line per subcommand. Commands from other branches
 * slot in here, e.g.
 *     {"diff", cmd_diff, "compare two versions of a plan"},
 *     {"report", cmd_report, "write an HTML report of a plan"},
 */
static const cli_command commands[] = {
    {"import", cmd_import, "turn documents (and files of plans) into a file of plans"},
    {"show", cmd_show, "print plans as a tree, one node a line"},
    {"query", cmd_query, "list the nodes that match a query"},
    {"matrix", cmd_matrix, "the responsibility matrix: unit x section"},
    {"indicators", cmd_indicators, "the quantitative targets, with actuals"},
    {"overdue", cmd_overdue, "nodes past their deadline and not done"},
    {"export", cmd_export, "write plans as JSON, JSON Lines, CBOR, or the task ledger as CSV or xlsx"},
    {"validate", cmd_validate, "check files of plans: what is wrong and where"},
    {"status", cmd_status, "set the status of a node"},
    {"progress", cmd_progress, "add a progress report to a node"},
    {"approve", cmd_approve, "approve a progress report"},
    {"return", cmd_return, "return a progress report to its unit"},
    {"diff", cmd_diff, "what changed between two plans (or two corpora)"},
    {"report", cmd_report, "a self-contained HTML report: outline, matrix, targets, overdue"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* ---- messages -------------------------------------------------------------- */

int cli_error(int rc, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", cli_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return rc;
}

int cli_file_error(const char *file, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", strcmp(file, "-") == 0 ? "<stdin>" : file);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_BAD;
}

int cli_fail(const char *file)
{
    const wp_error *e = wp_error_last();
    const char *msg = e->message && *e->message ? e->message : "failed";
    if (strcmp(file, "-") == 0)
        file = "<stdin>";
    if (e->line > 0)
        fprintf(stderr, "%s:%d:%d: %s\n", file, e->line, e->column > 0 ? e->column : 1, msg);
    else if (e->offset != WP_NO_OFFSET)
        fprintf(stderr, "%s: byte %zu: %s\n", file, e->offset, msg);
    else
        fprintf(stderr, "%s: %s\n", file, msg);
    return CLI_BAD;
}

int cli_wants_help(int argc, char **argv, const char *usage)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        }
    }
    return 1;
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", cli_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fputs(usage, stderr);
    return CLI_USAGE;
}

int cli_bad_option(const char *usage, char **argv, int c)
{
    const char *opt = argv[optind - 1];
    if (c == ':')
        return cli_usage_error(usage, "%s: option '%s' needs a value", argv[0], opt);
    return cli_usage_error(usage, "%s: unknown option '%s'", argv[0], opt);
}

/* ---- small helpers --------------------------------------------------------- */

const char *cli_node_id(const wp_node *n) { return wp_node_id(n) ? wp_node_id(n) : "-"; }
const char *cli_plan_id(const wp_plan *p) { return wp_plan_id(p) ? wp_plan_id(p) : "-"; }

bool cli_stdout_tty(void) { return isatty(STDOUT_FILENO) != 0; }

const wp_plan **cli_plan_array(wp_collection *coll, size_t *n)
{
    const wp_plan **v;
    *n = wp_collection_count(coll);
    v = malloc((*n + 1) * sizeof *v);
    if (v == NULL) {
        cli_error(CLI_BAD, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < *n; i++)
        v[i] = wp_collection_plan(coll, i);
    return v;
}

wp_date cli_today(void)
{
    const char *env = getenv("WORKPLAN_TODAY");
    time_t now = time(NULL);
    struct tm tm;
    wp_date d;
    if (env != NULL && *env && wp_date_parse(&d, env) == 0)
        return d;
    localtime_r(&now, &tm);
    return wp_date_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *cli_units_string(const wp_node *n, bool effective)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f;
    if (effective)
        n = wp_node_assignment_source(n); /* MODEL.md: own, else nearest ancestor's */
    if ((f = open_memstream(&s, &len)) == NULL)
        return NULL;
    for (size_t i = 0; n != NULL && i < wp_node_assignment_count(n); i++)
        fprintf(f, "%s%s(%s)", i ? "、" : "", wp_unit_name(wp_node_assignment_unit(n, i)),
                wp_role_name(wp_node_assignment_role(n, i)));
    fclose(f);
    return s;
}

/* ---- input ---------------------------------------------------------------- */

static bool is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

cli_content cli_detect(const uint8_t *d, size_t len)
{
    size_t i = 0, eol, j;
    if (len >= 3 && d[0] == 0xd9 && d[1] == 0xd9 && d[2] == 0xf7)
        return CLI_CONTENT_CBOR; /* the self-described CBOR tag */
    if (len >= 5 && d[0] == 0xda && memcmp(d + 1, "WPLN", 4) == 0)
        return CLI_CONTENT_CBOR; /* the workplan tag alone */
    while (i < len && is_space(d[i]))
        i++;
    if (i == len || d[i] != '{')
        return CLI_CONTENT_OTHER;
    /* JSON Lines when the first line is a whole document ("{…}") and
     * another line follows it; an indented document's first line is "{". */
    for (eol = i; eol < len && d[eol] != '\n'; eol++)
        ;
    j = eol;
    while (j > i && is_space(d[j - 1]))
        j--;
    if (j - i < 2 || d[j - 1] != '}')
        return CLI_CONTENT_JSON;
    for (j = eol; j < len && is_space(d[j]); j++)
        ;
    return j < len ? CLI_CONTENT_JSONL : CLI_CONTENT_JSON;
}

int cli_read_all(const char *path, uint8_t **out, size_t *len)
{
    bool in = strcmp(path, "-") == 0;
    FILE *f = in ? stdin : fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    *out = NULL;
    *len = 0;
    if (f == NULL)
        return cli_file_error(path, "cannot open: %s", strerror(errno));
    for (;;) {
        size_t got;
        /* Always keep a byte free for the terminating NUL: a file of
         * exactly the buffer's size grows it before the last read. */
        if (cap - n < 2) {
            size_t ncap = cap ? cap * 2 : 65536;
            uint8_t *p = ncap > cap ? realloc(buf, ncap) : NULL;
            if (p == NULL) {
                free(buf);
                if (!in)
                    fclose(f);
                return cli_file_error(path, "out of memory");
            }
            buf = p;
            cap = ncap;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int err = errno;
        free(buf);
        if (!in)
            fclose(f);
        return cli_file_error(in ? "<stdin>" : path, "cannot read: %s", strerror(err));
    }
    if (!in)
        fclose(f);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

/* Peek at the first bytes of a file (not stdin) to see what it holds. */
static int peek(const char *path, uint8_t *head, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return cli_file_error(path, "cannot open: %s", strerror(errno));
    *n = fread(head, 1, *n, f);
    fclose(f);
    return 0;
}

/* Add every plan of a corpus held in memory. */
/* Add the plans of a corpus reader to `c` (the reader is freed). With
 * `bad`, a plan that does not load is named on stderr and counted, and
 * reading goes on where the reader can (see wp_corpus_reader_next). */
static int load_corpus(wp_collection *c, const char *path, wp_corpus_reader *r, size_t *bad)
{
    wp_plan *p;
    int rc;
    while ((rc = wp_corpus_reader_next(&p, r)) != WP_ITEROVER) {
        if (rc == 0 && wp_collection_add(c, p) == 0)
            continue;
        if (rc == 0)
            wp_plan_free(p);
        else if (bad != NULL && rc == WP_EINVAL)
            break; /* stopped at the error named before */
        if (rc == 0 || bad == NULL || rc == WP_ENOMEM) {
            cli_fail(path);
            wp_corpus_reader_free(r);
            return CLI_BAD;
        }
        cli_fail(path);
        ++*bad;
    }
    wp_corpus_reader_free(r);
    return 0;
}

int cli_load_checked(const char *path, wp_collection **out, cli_format *format, size_t *bad)
{
    uint8_t head[64], *data = NULL;
    size_t n = sizeof head, len;
    wp_collection *c;
    cli_content what;
    int rc = 0;
    *out = NULL;
    if (wp_collection_new(&c) < 0)
        return cli_fail(path);
    if (strcmp(path, "-") != 0) {
        if (peek(path, head, &n) != 0) {
            wp_collection_free(c);
            return CLI_BAD;
        }
        what = cli_detect(head, n);
        /* CBOR files stream through the corpus reader, one plan at a time. */
        if (what == CLI_CONTENT_OTHER && n > 0) {
            wp_collection_free(c);
            return cli_file_error(path, "not a file of plans (CBOR, JSON or JSON Lines); "
                                        "documents are read by 'workplan import'");
        }
        if (what == CLI_CONTENT_CBOR) {
            if (format)
                *format = CLI_CBOR;
            wp_corpus_reader *r;
            if (bad != NULL ? wp_corpus_reader_open(&r, path) < 0 ||
                                  (rc = load_corpus(c, path, r, bad)) != 0
                            : wp_collection_load(c, path) < 0) {
                wp_collection_free(c);
                return rc ? rc : cli_fail(path);
            }
            *out = c;
            return 0;
        }
    }
    if (cli_read_all(path, &data, &len) != 0) {
        wp_collection_free(c);
        return CLI_BAD;
    }
    what = cli_detect(data, len);
    if (len == 0) {
        rc = cli_file_error(strcmp(path, "-") ? path : "<stdin>", "empty input: no plan");
    } else if (what == CLI_CONTENT_JSON) {
        wp_plan *p;
        if (format)
            *format = CLI_JSON;
        if (wp_plan_from_json(&p, (const char *)data, len) < 0)
            rc = cli_fail(path);
        else if (wp_collection_add(c, p) < 0) {
            wp_plan_free(p);
            rc = cli_fail(path);
        }
    } else if (what == CLI_CONTENT_OTHER) {
        rc = cli_file_error(path, "not a file of plans (CBOR, JSON or JSON Lines); "
                                  "documents are read by 'workplan import'");
    } else {
        if (format)
            *format = what == CLI_CONTENT_JSONL ? CLI_JSONL : CLI_CBOR;
        wp_corpus_reader *r;
        rc = wp_corpus_reader_open_memory(&r, data, len) < 0 ? cli_fail(path)
                                                             : load_corpus(c, path, r, bad);
    }
    free(data);
    if (rc != 0) {
        wp_collection_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

int cli_load(const char *path, wp_collection **out, cli_format *format)
{
    return cli_load_checked(path, out, format, NULL);
}

/* ---- output --------------------------------------------------------------- */

int cli_format_parse(const char *name)
{
    if (strcmp(name, "cbor") == 0)
        return CLI_CBOR;
    if (strcmp(name, "json") == 0)
        return CLI_JSON;
    if (strcmp(name, "jsonl") == 0)
        return CLI_JSONL;
    return -1;
}

/* Write plans to a stream: CBOR sequence, JSON Lines, or one indented
 * JSON document (several plans in JSON are written as JSON Lines). */
static int write_plans(FILE *f, wp_collection *coll, cli_format format)
{
    size_t n = wp_collection_count(coll);
    for (size_t i = 0; i < n; i++) {
        const wp_plan *p = wp_collection_plan(coll, i);
        if (format == CLI_CBOR) {
            uint8_t *b;
            size_t len;
            if (wp_plan_to_cbor(&b, &len, p) < 0)
                return -1;
            fwrite(b, 1, len, f);
            wp_free(b);
        } else {
            char *s;
            size_t len;
            bool pretty = format == CLI_JSON && n == 1;
            if (wp_plan_to_json(&s, &len, p, pretty ? WP_JSON_PRETTY : WP_JSON_COMPACT) < 0)
                return -1;
            fwrite(s, 1, len, f);
            if (len == 0 || s[len - 1] != '\n')
                fputc('\n', f);
            wp_free(s);
        }
    }
    return ferror(f) ? -2 : 0;
}

/* Write a file atomically: `fill` writes into a temporary file beside
 * `path`, which is flushed, synced and renamed over it; the target's
 * permissions are kept. `fill` returns 0, -1 (library error) or -2. */
static int atomic_write(const char *path, int (*fill)(FILE *, void *), void *ctx)
{
    char *tmp = NULL;
    struct stat st;
    FILE *f;
    int fd, rc;
    if (asprintf(&tmp, "%s.tmp-%ld", path, (long)getpid()) < 0)
        return cli_file_error(path, "out of memory");
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 || (f = fdopen(fd, "wb")) == NULL) {
        rc = cli_file_error(path, "cannot create %s: %s", tmp, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return rc;
    }
    if (stat(path, &st) == 0)
        (void)fchmod(fd, st.st_mode & 07777);
    rc = fill(f, ctx);
    if (rc == -1)
        rc = cli_fail(path);
    else if (rc < 0 || fflush(f) != 0 || fsync(fd) != 0)
        rc = cli_file_error(path, "write error: %s", strerror(errno));
    if (fclose(f) != 0 && rc == 0)
        rc = cli_file_error(path, "write error: %s", strerror(errno));
    if (rc == 0 && rename(tmp, path) != 0)
        rc = cli_file_error(path, "cannot rename into place: %s", strerror(errno));
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

typedef struct plans_ctx {
    wp_collection *coll;
    cli_format format;
} plans_ctx;

static int fill_plans(FILE *f, void *ctx)
{
    plans_ctx *p = ctx;
    return write_plans(f, p->coll, p->format);
}

typedef struct bytes_ctx {
    const void *data;
    size_t len;
} bytes_ctx;

static int fill_bytes(FILE *f, void *ctx)
{
    bytes_ctx *b = ctx;
    return fwrite(b->data, 1, b->len, f) == b->len ? 0 : -2;
}

int cli_write_bytes(const char *path, const void *data, size_t len)
{
    bytes_ctx b = {data, len};
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
            return cli_file_error("<stdout>", "write error: %s", strerror(errno));
        return 0;
    }
    return atomic_write(path, fill_bytes, &b);
}

int cli_save(const char *path, wp_collection *coll, cli_format format)
{
    plans_ctx p = {coll, format};
    int rc;
    if (strcmp(path, "-") == 0) {
        rc = write_plans(stdout, coll, format);
        if (rc == -1)
            return cli_fail("<stdout>");
        if (rc < 0 || fflush(stdout) != 0)
            return cli_file_error("<stdout>", "write error: %s", strerror(errno));
        return 0;
    }
    if (format != CLI_JSON) { /* the library writes CBOR and JSON Lines atomically */
        wp_corpus_writer *w;
        size_t n = wp_collection_count(coll);
        if (wp_corpus_writer_open(&w, path, format == CLI_CBOR ? WP_CORPUS_CBOR : WP_CORPUS_JSONL) < 0)
            return cli_fail(path);
        for (size_t i = 0; i < n; i++)
            if (wp_corpus_writer_add(w, wp_collection_plan(coll, i)) < 0) {
                wp_corpus_writer_free(w);
                return cli_fail(path);
            }
        rc = wp_corpus_writer_commit(w) < 0 ? cli_fail(path) : 0;
        wp_corpus_writer_free(w);
        return rc;
    }
    return atomic_write(path, fill_plans, &p); /* indented JSON */
}

/* ---- the dispatcher ------------------------------------------------------- */

static void print_help(FILE *out)
{
    fprintf(out, "usage: workplan [--help] [--version] COMMAND [ARGS...]\n\n"
                 "Work plans (工作要点, 实施方案, 工作总结) as data: import documents, query\n"
                 "them, roll them up, and record progress against them.\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\nEvery FILE of plans may be CBOR, JSON or JSON Lines (detected from its\n"
            "content), and \"-\" is standard input (or output, after -o).\n"
            "Listings take --format table|tsv|csv|json|ids.\n\n"
            "Exit status: 0 success, 1 bad input or a failed import, 2 bad usage.\n"
            "'workplan COMMAND --help' describes a command; 'man workplan' all of them.\n");
}

/* Levenshtein distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), prev[32], cur[32];
    if (la >= 31 || lb >= 31)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof cur[0]);
    }
    return prev[lb];
}

static int unknown_command(const char *name)
{
    size_t best = 99, at = 0;
    fprintf(stderr, "%s: '%s' is not a workplan command. See 'workplan --help'.\n", cli_prog,
            name);
    for (size_t i = 0; i < N_COMMANDS; i++) {
        size_t d = distance(name, commands[i].name);
        if (d < best) {
            best = d;
            at = i;
        }
    }
    if (best <= 2 || (best <= 3 && strlen(name) >= 7))
        fprintf(stderr, "\nThe most similar command is\n\t%s\n", commands[at].name);
    return CLI_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (argc > 2 && strcmp(argv[1], "help") == 0) { /* workplan help CMD */
            char *sub[] = {argv[2], "--help", NULL};
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (strcmp(argv[2], commands[i].name) == 0)
                    return commands[i].run(2, sub);
            return unknown_command(argv[2]);
        }
        print_help(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("workplan %s\n", wp_version());
        return CLI_OK;
    }
    if (argv[1][0] == '-') {
        fprintf(stderr, "%s: unknown option '%s'\n", cli_prog, argv[1]);
        print_help(stderr);
        return CLI_USAGE;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = commands[i].run(argc - 1, argv + 1);
            if (fflush(stdout) != 0 || ferror(stdout))
                return cli_error(CLI_BAD, "<stdout>: write error: %s", strerror(errno));
            return rc;
        }
    return unknown_command(argv[1]);
}
