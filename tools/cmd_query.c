/* workplan query: the nodes that match a query, as a listing. */
#include "cli.h"
#include "table.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: workplan query [--count] [--own] [--format FMT] FILE QUERY\n"
    "\n"
    "List the nodes of the plans in FILE (\"-\": stdin) that match QUERY, in the\n"
    "query language of doc/QUERY.md, e.g. 'kind:task unit:办公室 role:lead\n"
    "due<=2025-06-30 -status:done'.\n"
    "\n"
    "  -c, --count          print only the number of matches\n"
    "      --own            the units column shows a node's own assignments\n"
    "                       (default: effective ones, inherited from the\n"
    "                       nearest ancestor that has some)\n"
    "  -f, --format FMT     table (default), tsv, csv, json or ids\n"
    "  -h, --help           this help\n"
    "\n"
    "Columns: plan id kind title units due status.\n";

static const table_column columns[] = {
    {"plan", COL_TEXT}, {"id", COL_TEXT},    {"kind", COL_TEXT},   {"title", COL_FLEX},
    {"units", COL_TEXT}, {"due", COL_TEXT},  {"status", COL_TEXT},
};

typedef struct listing {
    table *t;
    bool own;
} listing;

static int add_row(wp_node *n, void *payload)
{
    listing *l = payload;
    const char *title = wp_node_title(n) ? wp_node_title(n) : wp_node_text(n);
    char due[16] = "";
    char *units = cli_units_string(n, !l->own);
    int rc;
    if (wp_node_deadline(n) != NULL)
        wp_date_format(due, sizeof due, wp_node_deadline(n)->end);
    rc = table_add(l->t, cli_plan_id(wp_node_plan(n))) | table_add(l->t, cli_node_id(n)) |
         table_add(l->t, wp_node_kind_name(wp_node_kind_of(n))) | table_add(l->t, title) |
         table_add(l->t, units) | table_add(l->t, due) |
         table_add(l->t, wp_status_name(wp_node_status(n)));
    free(units);
    return rc;
}

/* A query syntax error: the message, the query, and a caret under the
 * offending character, placed by display width (CJK: two columns). */
int cli_query_error(const char *text)
{
    const wp_error *e = wp_error_last();
    size_t at = e->offset == WP_NO_OFFSET ? 0 : e->offset, len = strlen(text);
    if (at > len)
        at = len;
    fprintf(stderr, "%s: %s\n  %s\n  %*s^\n", cli_prog, e->message, text,
            (int)text_width(text, at), "");
    return CLI_BAD;
}

int cli_print_table(const table *t, int format)
{
    bool tty = cli_stdout_tty();
    return table_print(t, stdout, (table_format)format, tty, tty ? terminal_width() : 0);
}

int cmd_query(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"count", no_argument, NULL, 'c'},       {"own", no_argument, NULL, 'O'},
        {"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    bool count = false;
    listing l = {NULL, false};
    int fmt = TABLE_TABLE, c, rc = CLI_OK;
    wp_collection *coll;
    wp_query *q;
    size_t n;
    if (!cli_wants_help(argc, argv, usage))
        return CLI_OK;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":cf:", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': count = true; break;
        case 'O': l.own = true; break;
        case 'f':
            if ((fmt = table_format_parse(optarg)) < 0)
                return cli_usage_error(usage, "query: unknown format '%s'", optarg);
            break;
        default: return cli_bad_option(usage, argv, c);
        }
    }
    if (argc - optind != 2)
        return cli_usage_error(usage, "query: want FILE and QUERY");
    if (wp_query_parse(&q, argv[optind + 1]) < 0)
        return cli_query_error(argv[optind + 1]);
    if (cli_load(argv[optind], &coll, NULL) != 0) {
        wp_query_free(q);
        return CLI_BAD;
    }
    if (count) {
        if (wp_collection_count_matches(&n, q, coll) < 0)
            rc = cli_fail(argv[optind]);
        else
            printf("%zu\n", n);
    } else if ((l.t = table_new(columns, sizeof columns / sizeof columns[0])) == NULL ||
               wp_collection_foreach(q, coll, add_row, &l) != 0) {
        rc = cli_error(CLI_BAD, "query: out of memory");
    } else {
        cli_print_table(l.t, fmt);
    }
    table_free(l.t);
    wp_query_free(q);
    wp_collection_free(coll);
    return rc;
}
