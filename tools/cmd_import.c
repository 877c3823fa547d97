/*
 * workplan import: documents (and files of plans, which pass through) into
 * one file of plans. Inputs are streamed: each is imported, written and
 * freed before the next, so any number of inputs fits (no fixed arrays).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: workplan import [-o OUT] [--format cbor|json|jsonl] [--keep-going]\n"
    "                       [--year N] [--quiet] FILE...\n"
    "\n"
    "Import each FILE (document text, UTF-8 or GB18030; or a file of plans in\n"
    "CBOR, JSON or JSON Lines, which passes through) and write all the plans to\n"
    "OUT (\"-\": standard output; a file is replaced atomically). A FILE of \"-\"\n"
    "is standard input.\n"
    "\n"
    "  -o, --output OUT    where to write (required)\n"
    "  -f, --format FMT    cbor (default), json or jsonl; by default .json and\n"
    "                      .jsonl outputs are JSON Lines, anything else CBOR\n"
    "  -k, --keep-going    import the other inputs after a failure (exit 1 all\n"
    "                      the same); without it the first failure stops the\n"
    "                      import and OUT is left as it was\n"
    "  -y, --year N        the plan year when a document does not say\n"
    "  -q, --quiet         no per-file report on stderr\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit status: 0 all inputs imported, 1 an input was not imported (each is\n"
    "named on stderr), 2 bad usage.\n";

/* Where the plans go: a corpus writer (atomic), stdout, or a collection
 * (indented JSON for one plan, written at the end). */
typedef struct sink {
    const char *path;
    cli_format format;
    wp_corpus_writer *writer;
    wp_collection *coll;
    bool out_stdout;
    size_t plans;
} sink;

static int sink_add(sink *s, wp_plan *plan)
{
    int rc = 0;
    if (s->writer != NULL) {
        rc = wp_corpus_writer_add(s->writer, plan) < 0 ? cli_fail(s->path) : 0;
        wp_plan_free(plan);
    } else if (s->out_stdout) {
        uint8_t *b;
        char *j;
        size_t len;
        if (s->format == CLI_CBOR && wp_plan_to_cbor(&b, &len, plan) == 0) {
            fwrite(b, 1, len, stdout);
            wp_free(b);
        } else if (s->format != CLI_CBOR && wp_plan_to_json(&j, &len, plan, WP_JSON_COMPACT) == 0) {
            fwrite(j, 1, len, stdout);
            fputc('\n', stdout);
            wp_free(j);
        } else {
            rc = cli_fail("<stdout>");
        }
        wp_plan_free(plan);
    } else if (wp_collection_add(s->coll, plan) < 0) {
        wp_plan_free(plan);
        rc = cli_fail(s->path);
    }
    if (rc == 0)
        s->plans++;
    return rc;
}

static void report(const char *path, const wp_plan *plan, const wp_import_report *r)
{
    fprintf(stderr,
            "%s: \"%s\": %zu sections, %zu subsections, %zu points, %zu items, %zu tasks, "
            "%zu table rows, %zu indicators, %zu deadlines, %zu assignments, %zu units\n",
            path, wp_plan_title(plan) ? wp_plan_title(plan) : "(no title)",
            wp_import_report_count(r, WP_IMPORT_SECTIONS),
            wp_import_report_count(r, WP_IMPORT_SUBSECTIONS),
            wp_import_report_count(r, WP_IMPORT_POINTS), wp_import_report_count(r, WP_IMPORT_ITEMS),
            wp_import_report_count(r, WP_IMPORT_TASKS),
            wp_import_report_count(r, WP_IMPORT_TABLE_ROWS),
            wp_import_report_count(r, WP_IMPORT_INDICATORS),
            wp_import_report_count(r, WP_IMPORT_DEADLINES),
            wp_import_report_count(r, WP_IMPORT_ASSIGNMENTS),
            wp_import_report_count(r, WP_IMPORT_UNITS));
    for (size_t i = 0; i < wp_import_report_warning_count(r); i++)
        fprintf(stderr, "%s:%d: warning: %s\n", path, wp_import_report_warning_line(r, i),
                wp_import_report_warning(r, i));
}

/* Plans that pass through: every plan of a corpus reader. */
static int pass_reader(sink *s, const char *name, wp_corpus_reader *r)
{
    wp_plan *p;
    int rc;
    while ((rc = wp_corpus_reader_next(&p, r)) == 0)
        if (sink_add(s, p) != 0)
            return CLI_BAD;
    return rc == WP_ITEROVER ? 0 : cli_fail(name);
}

/* One input: a file of plans passes through; anything else is imported. */
static int import_one(sink *s, const char *path, const wp_import_options *opt, bool quiet)
{
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    uint8_t *data = NULL;
    size_t len = 0;
    cli_content what = CLI_CONTENT_OTHER;
    wp_plan *plan = NULL;
    wp_import_report *rep = NULL;
    wp_corpus_reader *r;
    int rc;

    if (strcmp(path, "-") != 0) {
        uint8_t head[64];
        FILE *f = fopen(path, "rb");
        size_t n;
        if (f == NULL)
            return cli_file_error(path, "cannot open: %s", strerror(errno));
        n = fread(head, 1, sizeof head, f);
        fclose(f);
        what = cli_detect(head, n);
        if (what == CLI_CONTENT_CBOR) { /* streamed, one plan at a time */
            if (wp_corpus_reader_open(&r, path) < 0)
                return cli_fail(name);
            rc = pass_reader(s, name, r);
            wp_corpus_reader_free(r);
            return rc;
        }
        if (what == CLI_CONTENT_OTHER) { /* text (or what the importer reads) */
            if (wp_import_file(&plan, &rep, path, opt) < 0) {
                wp_import_report_free(rep);
                return cli_fail(name);
            }
            goto imported;
        }
    }
    if (cli_read_all(path, &data, &len) != 0)
        return CLI_BAD;
    what = cli_detect(data, len);
    if (what == CLI_CONTENT_JSON) {
        rc = wp_plan_from_json(&plan, (const char *)data, len) < 0 ? cli_fail(name)
                                                                   : sink_add(s, plan);
        free(data);
        return rc;
    }
    if (what != CLI_CONTENT_OTHER) {
        if (wp_corpus_reader_open_memory(&r, data, len) < 0) {
            free(data);
            return cli_fail(name);
        }
        rc = pass_reader(s, name, r);
        wp_corpus_reader_free(r);
        free(data);
        return rc;
    }
    rc = wp_import_text(&plan, &rep, (const char *)data, len, opt);
    free(data);
    if (rc < 0) {
        wp_import_report_free(rep);
        return cli_fail(name);
    }
imported:
    if (!quiet)
        report(name, plan, rep);
    wp_import_report_free(rep);
    return sink_add(s, plan);
}

/* A progress line on stderr, on a terminal, once the work takes a while. */
static void progress(size_t done, size_t total, time_t start, bool *shown)
{
    static time_t last;
    time_t now = time(NULL);
    if (now - start < 1 || (now == last && done < total))
        return;
    last = now;
    fprintf(stderr, "\rimport: %zu/%zu inputs", done, total);
    *shown = true;
}

int cmd_import(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'}, {"format", required_argument, NULL, 'f'},
        {"keep-going", no_argument, NULL, 'k'},   {"year", required_argument, NULL, 'y'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    wp_import_options opt = WP_IMPORT_OPTIONS_INIT;
    sink s = {0};
    const char *fmt = NULL;
    bool keep_going = false, quiet = false, tty = isatty(STDERR_FILENO), shown = false;
    size_t failed = 0, done = 0, total;
    time_t start = time(NULL);
    int c, rc = 0;

    if (!cli_wants_help(argc, argv, usage))
        return CLI_OK;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:f:ky:q", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': s.path = optarg; break;
        case 'f': fmt = optarg; break;
        case 'k': keep_going = true; break;
        case 'q': quiet = true; break;
        case 'y': {
            char *end;
            long y = strtol(optarg, &end, 10);
            if (*end || y < 1 || y > 9999)
                return cli_usage_error(usage, "import: --year wants a year, not '%s'", optarg);
            opt.year_hint = (int)y;
            break;
        }
        default: return cli_bad_option(usage, argv, c);
        }
    }
    if (s.path == NULL)
        return cli_usage_error(usage, "import: where to write? (-o OUT, or -o - for stdout)");
    if (optind == argc)
        return cli_usage_error(usage, "import: no input (FILE..., or - for stdin)");
    if (fmt != NULL) {
        int f = cli_format_parse(fmt);
        if (f < 0)
            return cli_usage_error(usage, "import: unknown format '%s' (cbor, json, jsonl)", fmt);
        s.format = (cli_format)f;
    } else {
        size_t n = strlen(s.path);
        s.format = (n > 5 && strcmp(s.path + n - 5, ".json") == 0) ||
                           (n > 6 && strcmp(s.path + n - 6, ".jsonl") == 0)
                       ? CLI_JSONL
                       : CLI_CBOR;
    }
    s.out_stdout = strcmp(s.path, "-") == 0;
    if (s.out_stdout && s.format == CLI_JSON)
        s.format = CLI_JSONL;
    if (!s.out_stdout && s.format != CLI_JSON &&
        wp_corpus_writer_open(&s.writer, s.path,
                              s.format == CLI_CBOR ? WP_CORPUS_CBOR : WP_CORPUS_JSONL) < 0)
        return cli_fail(s.path);
    if (s.format == CLI_JSON && !s.out_stdout && wp_collection_new(&s.coll) < 0)
        return cli_fail(s.path);

    total = (size_t)(argc - optind);
    for (int i = optind; i < argc; i++) {
        if (shown && !quiet)
            fputs("\r\033[K", stderr);
        if (import_one(&s, argv[i], &opt, quiet) != 0) {
            failed++;
            if (!keep_going)
                break;
        }
        done++;
        if (tty)
            progress(done, total, start, &shown);
    }
    if (shown)
        fputs("\r\033[K", stderr);
    if (failed > 0 && !keep_going) {
        wp_corpus_writer_free(s.writer); /* OUT is left as it was */
        wp_collection_free(s.coll);
        fprintf(stderr, "%s: import stopped: nothing written to %s (--keep-going imports the "
                        "other inputs)\n", cli_prog, s.out_stdout ? "<stdout>" : s.path);
        return CLI_BAD;
    }
    if (s.writer != NULL) {
        if (wp_corpus_writer_commit(s.writer) < 0)
            rc = cli_fail(s.path);
        wp_corpus_writer_free(s.writer);
    } else if (s.coll != NULL) {
        rc = cli_save(s.path, s.coll, CLI_JSON);
        wp_collection_free(s.coll);
    }
    if (failed > 0 || !quiet)
        fprintf(stderr, "%s: %zu plan%s from %zu input%s written to %s%s", cli_prog, s.plans,
                s.plans == 1 ? "" : "s", total - failed, total - failed == 1 ? "" : "s",
                s.out_stdout ? "<stdout>" : s.path, failed ? "" : "\n");
    if (failed > 0)
        fprintf(stderr, "; %zu input%s not imported\n", failed, failed == 1 ? "" : "s");
    return rc != 0 || failed > 0 ? CLI_BAD : CLI_OK;
}
