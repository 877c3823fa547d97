/*
 * workplan — the command-line tool.
 *
 *   workplan import FILE... -o OUT.cbor [--year N] [--quiet]
 *   workplan export [--format json|jsonl] FILE.cbor
 *   workplan show FILE.cbor
 *   workplan query [--count] FILE.cbor QUERY
 *   workplan matrix FILE.cbor
 *   workplan indicators FILE.cbor [QUERY]
 *
 * FILE.cbor may hold one plan or a corpus (a CBOR sequence or JSON Lines).
 * Exit status: 0 ok, 1 an error (message on stderr), 2 bad usage.
 */
#include <workplan/workplan.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "workplan";

int cmd_diff(int argc, char **argv); /* cmd_diff.c */

static int fail(const char *what)
{
    const wp_error *e = wp_error_last();
    fprintf(stderr, "%s: %s: %s (%s)\n", prog, what, e->message, wp_error_code_name(e->code));
    return 1;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: workplan import FILE... -o OUT.cbor [--year N] [--quiet]\n"
            "       workplan export [--format json|jsonl] FILE.cbor\n"
            "       workplan show FILE.cbor\n"
            "       workplan query [--count] FILE.cbor QUERY\n"
            "       workplan matrix FILE.cbor\n"
            "       workplan indicators FILE.cbor [QUERY]\n"
            "       workplan diff OLD NEW [--format table|json] [--threshold X] [--all]\n"
            "The query language: doc/QUERY.md, e.g. 'kind:task unit:办公室 role:lead'.\n");
    return 2;
}

static wp_collection *open_plans(const char *path)
{
    wp_collection *c;
    if (wp_collection_new(&c) < 0)
        return NULL;
    if (wp_collection_load(c, path) < 0) {
        fail(path);
        wp_collection_free(c);
        return NULL;
    }
    return c;
}

/* ---- import -------------------------------------------------------------- */

static void print_report(const char *path, const wp_plan *plan, const wp_import_report *r)
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

static int cmd_import(int argc, char **argv)
{
    wp_import_options opt = WP_IMPORT_OPTIONS_INIT;
    const char *out = NULL;
    const char *files[256];
    int n = 0, rc = 0;
    bool quiet = false;
    wp_corpus_writer *w = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--year") == 0 && i + 1 < argc)
            opt.year_hint = atoi(argv[++i]);
        else if (strcmp(argv[i], "--quiet") == 0)
            quiet = true;
        else if (argv[i][0] == '-')
            return usage();
        else if (n < 256)
            files[n++] = argv[i];
    }
    if (out == NULL || n == 0)
        return usage();
    if (n > 1 && wp_corpus_writer_open(&w, out, WP_CORPUS_CBOR) < 0)
        return fail(out);
    for (int i = 0; i < n && rc == 0; i++) {
        wp_plan *plan;
        wp_import_report *rep;
        if (wp_import_file(&plan, &rep, files[i], &opt) < 0) {
            rc = fail(files[i]);
            wp_import_report_free(rep);
            break;
        }
        if (!quiet)
            print_report(files[i], plan, rep);
        wp_import_report_free(rep);
        if (w != NULL ? wp_corpus_writer_add(w, plan) < 0 : wp_plan_save(plan, out) < 0)
            rc = fail(out);
        wp_plan_free(plan);
    }
    if (w != NULL) {
        if (rc == 0 && wp_corpus_writer_commit(w) < 0)
            rc = fail(out);
        wp_corpus_writer_free(w);
    }
    return rc;
}

/* ---- export -------------------------------------------------------------- */

static int cmd_export(int argc, char **argv)
{
    const char *format = "json", *path = NULL;
    wp_collection *c;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            format = argv[++i];
        else if (argv[i][0] == '-')
            return usage();
        else
            path = argv[i];
    }
    if (path == NULL || (strcmp(format, "json") != 0 && strcmp(format, "jsonl") != 0))
        return usage();
    if ((c = open_plans(path)) == NULL)
        return 1;
    for (size_t i = 0; i < wp_collection_count(c); i++) {
        char *s;
        size_t len;
        bool lines = strcmp(format, "jsonl") == 0 || wp_collection_count(c) > 1;
        if (wp_plan_to_json(&s, &len, wp_collection_plan(c, i),
                            lines ? WP_JSON_COMPACT : WP_JSON_PRETTY) < 0) {
            wp_collection_free(c);
            return fail("export");
        }
        fwrite(s, 1, len, stdout);
        if (lines || len == 0 || s[len - 1] != '\n')
            fputc('\n', stdout);
        wp_free(s);
    }
    wp_collection_free(c);
    return 0;
}

/* ---- show / query -------------------------------------------------------- */

static void print_units(const wp_node *n)
{
    for (size_t i = 0; i < wp_node_assignment_count(n); i++)
        printf("%s%s(%s)", i ? "、" : " [", wp_unit_name(wp_node_assignment_unit(n, i)),
               wp_role_name(wp_node_assignment_role(n, i)));
    if (wp_node_assignment_count(n) > 0)
        printf("]");
}

static void print_line(const wp_node *n, int depth, size_t max)
{
    const char *t = wp_node_title(n) ? wp_node_title(n) : wp_node_text(n);
    size_t len = t ? strlen(t) : 0, cut = len;
    if (cut > max) { /* cut at a character boundary */
        cut = max;
        while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
            cut--;
    }
    printf("%*s%s %s %.*s%s", 2 * depth, "", wp_node_kind_name(wp_node_kind_of(n)),
           wp_node_id(n) ? wp_node_id(n) : "-", (int)cut, t ? t : "", cut < len ? "…" : "");
    print_units(n);
    for (size_t i = 0; i < wp_node_indicator_count(n); i++) {
        const wp_indicator *ind = wp_node_indicator(n, i);
        printf(" {%s %g%s}", wp_op_name(wp_indicator_op(ind)), wp_indicator_value(ind),
               wp_indicator_unit(ind) ? wp_indicator_unit(ind) : "");
    }
    if (wp_node_deadline(n) != NULL) {
        char d[16];
        wp_date_format(d, sizeof d, wp_node_deadline(n)->end);
        printf(" <due %s>", d);
    }
    printf("\n");
}

static int cmd_show(int argc, char **argv)
{
    wp_collection *c;
    if (argc != 1)
        return usage();
    if ((c = open_plans(argv[0])) == NULL)
        return 1;
    for (size_t i = 0; i < wp_collection_count(c); i++) {
        wp_plan *p = wp_collection_plan(c, i);
        wp_iter *it;
        wp_event ev;
        const wp_doc_number *dn = wp_plan_doc_number(p);
        printf("plan %s: %s (%s, %d)%s%s\n", wp_plan_id(p) ? wp_plan_id(p) : "-",
               wp_plan_title(p) ? wp_plan_title(p) : "", wp_plan_kind_name(wp_plan_kind_of(p)),
               wp_plan_year(p), dn ? " " : "", dn && dn->text ? dn->text : "");
        if (wp_iter_new(&it, p) < 0) {
            wp_collection_free(c);
            return fail("show");
        }
        while ((ev = wp_iter_next(it)) != WP_EVENT_DONE)
            if (ev == WP_EVENT_ENTER)
                print_line(wp_iter_node(it), wp_node_depth(wp_iter_node(it)), 90);
        wp_iter_free(it);
    }
    wp_collection_free(c);
    return 0;
}

static int print_match(wp_node *n, void *payload)
{
    (void)payload;
    printf("%s\t", wp_plan_id(wp_node_plan(n)) ? wp_plan_id(wp_node_plan(n)) : "-");
    print_line(n, 0, 120);
    return 0;
}

static int cmd_query(int argc, char **argv)
{
    wp_collection *c;
    wp_query *q;
    size_t n;
    int rc = 0;
    bool only_count = argc > 0 && strcmp(argv[0], "--count") == 0;
    if (only_count) {
        argc--;
        argv++;
    }
    if (argc != 2)
        return usage();
    if (wp_query_parse(&q, argv[1]) < 0) {
        const wp_error *e = wp_error_last();
        fprintf(stderr, "%s: %s\n  %s\n  %*s^\n", prog, e->message, argv[1], e->column - 1, "");
        return 1;
    }
    if ((c = open_plans(argv[0])) == NULL) {
        wp_query_free(q);
        return 1;
    }
    if ((!only_count && wp_collection_foreach(q, c, print_match, NULL) < 0) ||
        wp_collection_count_matches(&n, q, c) < 0)
        rc = fail("query");
    else if (only_count)
        printf("%zu\n", n);
    else
        fprintf(stderr, "%zu match%s\n", n, n == 1 ? "" : "es");
    wp_query_free(q);
    wp_collection_free(c);
    return rc;
}

/* ---- roll-ups ------------------------------------------------------------ */

static int cmd_matrix(int argc, char **argv)
{
    wp_collection *c;
    if (argc != 1)
        return usage();
    if ((c = open_plans(argv[0])) == NULL)
        return 1;
    for (size_t i = 0; i < wp_collection_count(c); i++) {
        wp_matrix *m;
        if (wp_matrix_build(&m, wp_collection_plan(c, i), NULL) < 0) {
            wp_collection_free(c);
            return fail("matrix");
        }
        printf("plan %s — lead/support/responsible per top-level node\nunit",
               wp_plan_id(wp_collection_plan(c, i)));
        for (size_t col = 0; col < wp_matrix_column_count(m); col++) {
            const wp_node *n = wp_matrix_column(m, col);
            printf("\t%s", wp_node_label(n) ? wp_node_label(n) : wp_node_id(n));
        }
        printf("\ttotal\n");
        for (size_t r = 0; r < wp_matrix_unit_count(m); r++) {
            printf("%s", wp_unit_name(wp_matrix_unit(m, r)));
            for (size_t col = 0; col < wp_matrix_column_count(m); col++)
                printf("\t%zu/%zu/%zu", wp_matrix_cell(m, r, col, WP_ROLE_LEAD),
                       wp_matrix_cell(m, r, col, WP_ROLE_SUPPORT),
                       wp_matrix_cell(m, r, col, WP_ROLE_RESPONSIBLE));
            printf("\t%zu/%zu/%zu\n", wp_matrix_unit_total(m, r, WP_ROLE_LEAD),
                   wp_matrix_unit_total(m, r, WP_ROLE_SUPPORT),
                   wp_matrix_unit_total(m, r, WP_ROLE_RESPONSIBLE));
        }
        wp_matrix_free(m);
    }
    wp_collection_free(c);
    return 0;
}

static int print_indicator(wp_indicator *ind, void *payload)
{
    double actual = wp_indicator_actual(ind), ratio = wp_indicator_completion(ind);
    (void)payload;
    printf("%s\t%s\t%s %g%s\t%s", wp_node_id(wp_indicator_node(ind)),
           wp_indicator_subject(ind) ? wp_indicator_subject(ind) : "",
           wp_op_name(wp_indicator_op(ind)), wp_indicator_value(ind),
           wp_indicator_unit(ind) ? wp_indicator_unit(ind) : "", wp_indicator_text(ind));
    if (!isnan(actual))
        printf("\tactual %g", actual);
    if (!isnan(ratio))
        printf("\t%.0f%%", ratio * 100);
    printf("\n");
    return 0;
}

static int cmd_indicators(int argc, char **argv)
{
    wp_collection *c;
    wp_query *q = NULL;
    int rc = 0;
    if (argc < 1 || argc > 2)
        return usage();
    if (argc == 2 && wp_query_parse(&q, argv[1]) < 0)
        return fail("query");
    if ((c = open_plans(argv[0])) == NULL) {
        wp_query_free(q);
        return 1;
    }
    printf("node\tsubject\ttarget\ttext\n");
    for (size_t i = 0; i < wp_collection_count(c) && rc == 0; i++)
        if (wp_plan_foreach_indicator(wp_collection_plan(c, i), q, print_indicator, NULL) < 0)
            rc = fail("indicators");
    wp_query_free(q);
    wp_collection_free(c);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"import", cmd_import}, {"export", cmd_export}, {"show", cmd_show},
                {"query", cmd_query},   {"matrix", cmd_matrix}, {"indicators", cmd_indicators},
                {"diff", cmd_diff}};
    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "--version") == 0) {
        printf("workplan %s\n", wp_version());
        return 0;
    }
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].fn(argc - 2, argv + 2);
    return usage();
}
