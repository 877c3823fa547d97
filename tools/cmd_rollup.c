/* workplan matrix, indicators, overdue: the roll-ups, as listings. */
#include "cli.h"
#include "table.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Options shared by the three listings: --format, a FILE, an optional
 * QUERY (or --query), and for overdue --as-of. */
typedef struct listing_args {
    int format;
    const char *file, *query_text;
    wp_date as_of;
    wp_query *query;
    wp_collection *coll;
} listing_args;

static int parse_listing(int argc, char **argv, const char *usage, bool dated, listing_args *a)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"query", required_argument, NULL, 'q'},
        {"as-of", required_argument, NULL, 'a'},  {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    memset(a, 0, sizeof *a);
    a->as_of = cli_today();
    if (!cli_wants_help(argc, argv, usage))
        return -1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:q:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if ((a->format = table_format_parse(optarg)) < 0)
                return cli_usage_error(usage, "%s: unknown format '%s'", argv[0], optarg);
            break;
        case 'q': a->query_text = optarg; break;
        case 'a':
            if (!dated)
                return cli_bad_option(usage, argv, '?');
            if (wp_date_parse(&a->as_of, optarg) < 0)
                return cli_usage_error(usage, "%s: --as-of wants a date YYYY-MM-DD, not '%s'",
                                       argv[0], optarg);
            break;
        default: return cli_bad_option(usage, argv, c);
        }
    }
    if (argc - optind < 1 || argc - optind > 2 || (argc - optind == 2 && a->query_text))
        return cli_usage_error(usage, "%s: want FILE and at most one QUERY", argv[0]);
    a->file = argv[optind];
    if (argc - optind == 2)
        a->query_text = argv[optind + 1];
    if (a->query_text != NULL && wp_query_parse(&a->query, a->query_text) < 0)
        return cli_query_error(a->query_text);
    if (cli_load(a->file, &a->coll, NULL) != 0) {
        wp_query_free(a->query);
        return CLI_BAD;
    }
    return 0;
}

static void free_listing(listing_args *a)
{
    wp_query_free(a->query);
    wp_collection_free(a->coll);
}

/* ---- matrix ------------------------------------------------------------- */

static const char matrix_usage[] =
    "usage: workplan matrix [--format FMT] FILE [QUERY]\n"
    "\n"
    "The responsibility matrix of each plan in FILE: a row per unit, a column\n"
    "per top-level node (section), each cell lead/support/responsible, the\n"
    "counts of the unit's own assignments in that section; the last column\n"
    "is the unit's workload. QUERY (or --query) counts only matching nodes.\n"
    "\n"
    "  -f, --format FMT   table (default): one wide table per plan; tsv, csv,\n"
    "                     json: one row per unit and section with counts,\n"
    "                     section \"total\" for the workload (columns: plan id\n"
    "                     unit section lead support responsible); ids: the\n"
    "                     unit ids\n"
    "  -q, --query Q      count only nodes that match Q\n"
    "  -h, --help         this help\n";

static const table_column matrix_long[] = {
    {"plan", COL_TEXT},   {"id", COL_TEXT},      {"unit", COL_TEXT},
    {"section", COL_TEXT}, {"lead", COL_NUMBER}, {"support", COL_NUMBER},
    {"responsible", COL_NUMBER},
};

static const char *column_name(const wp_node *n)
{
    return wp_node_label(n) ? wp_node_label(n) : cli_node_id(n);
}

static int matrix_wide(wp_plan *p, const wp_matrix *m, bool heading)
{
    size_t ncols = wp_matrix_column_count(m) + 2;
    table_column *cols = calloc(ncols, sizeof *cols);
    table *t;
    if (cols == NULL)
        return -1;
    cols[0].name = "unit";
    for (size_t c = 0; c < wp_matrix_column_count(m); c++)
        cols[c + 1].name = column_name(wp_matrix_column(m, c));
    cols[ncols - 1].name = "total";
    if ((t = table_new(cols, ncols)) == NULL) {
        free(cols);
        return -1;
    }
    for (size_t r = 0; r < wp_matrix_unit_count(m); r++) {
        table_add(t, wp_unit_name(wp_matrix_unit(m, r)));
        for (size_t c = 0; c < wp_matrix_column_count(m); c++)
            table_addf(t, "%zu/%zu/%zu", wp_matrix_cell(m, r, c, WP_ROLE_LEAD),
                       wp_matrix_cell(m, r, c, WP_ROLE_SUPPORT),
                       wp_matrix_cell(m, r, c, WP_ROLE_RESPONSIBLE));
        table_addf(t, "%zu/%zu/%zu", wp_matrix_unit_total(m, r, WP_ROLE_LEAD),
                   wp_matrix_unit_total(m, r, WP_ROLE_SUPPORT),
                   wp_matrix_unit_total(m, r, WP_ROLE_RESPONSIBLE));
    }
    if (heading)
        printf("plan %s: %s\n", cli_plan_id(p), wp_plan_title(p) ? wp_plan_title(p) : "");
    cli_print_table(t, TABLE_TABLE);
    table_free(t);
    free(cols);
    return 0;
}

static void matrix_rows(table *t, wp_plan *p, const wp_matrix *m, bool totals_only)
{
    for (size_t r = 0; r < wp_matrix_unit_count(m); r++) {
        const wp_unit *u = wp_matrix_unit(m, r);
        for (size_t c = 0; !totals_only && c < wp_matrix_column_count(m); c++) {
            size_t l = wp_matrix_cell(m, r, c, WP_ROLE_LEAD);
            size_t s = wp_matrix_cell(m, r, c, WP_ROLE_SUPPORT);
            size_t x = wp_matrix_cell(m, r, c, WP_ROLE_RESPONSIBLE);
            if (l + s + x == 0)
                continue;
            table_add(t, cli_plan_id(p));
            table_add(t, wp_unit_id(u));
            table_add(t, wp_unit_name(u));
            table_add(t, column_name(wp_matrix_column(m, c)));
            table_addf(t, "%zu", l);
            table_addf(t, "%zu", s);
            table_addf(t, "%zu", x);
        }
        table_add(t, cli_plan_id(p));
        table_add(t, wp_unit_id(u));
        table_add(t, wp_unit_name(u));
        table_add(t, "total");
        table_addf(t, "%zu", wp_matrix_unit_total(m, r, WP_ROLE_LEAD));
        table_addf(t, "%zu", wp_matrix_unit_total(m, r, WP_ROLE_SUPPORT));
        table_addf(t, "%zu", wp_matrix_unit_total(m, r, WP_ROLE_RESPONSIBLE));
    }
}

int cmd_matrix(int argc, char **argv)
{
    listing_args a;
    table *t = NULL;
    int rc = parse_listing(argc, argv, matrix_usage, false, &a);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (a.format != TABLE_TABLE &&
        (t = table_new(matrix_long, sizeof matrix_long / sizeof matrix_long[0])) == NULL)
        rc = cli_error(CLI_BAD, "matrix: out of memory");
    for (size_t i = 0; rc == 0 && i < wp_collection_count(a.coll); i++) {
        wp_plan *p = wp_collection_plan(a.coll, i);
        wp_matrix *m;
        if (wp_matrix_build(&m, p, a.query) < 0) {
            rc = cli_fail(a.file);
            break;
        }
        if (t == NULL) {
            if (i > 0)
                putchar('\n');
            if (matrix_wide(p, m, wp_collection_count(a.coll) > 1) < 0)
                rc = cli_error(CLI_BAD, "matrix: out of memory");
        } else {
            matrix_rows(t, p, m, a.format == TABLE_IDS);
        }
        wp_matrix_free(m);
    }
    if (rc == 0 && t != NULL)
        cli_print_table(t, a.format);
    table_free(t);
    free_listing(&a);
    return rc;
}

/* ---- indicators --------------------------------------------------------- */

static const char indicators_usage[] =
    "usage: workplan indicators [--format FMT] FILE [QUERY]\n"
    "\n"
    "The quantitative targets of the plans in FILE (of the nodes matching\n"
    "QUERY, if given), in document order, with the latest approved actual\n"
    "and the completion (actual against target, in percent).\n"
    "\n"
    "  -f, --format FMT   table (default), tsv, csv, json or ids (node ids)\n"
    "  -q, --query Q      only the indicators of nodes that match Q\n"
    "  -h, --help         this help\n"
    "\n"
    "Columns: plan node subject op value unit aspirational actual completion text.\n";

static const table_column indicator_cols[] = {
    {"plan", COL_TEXT},      {"node", COL_TEXT},          {"subject", COL_TEXT},
    {"op", COL_TEXT},        {"value", COL_NUMBER},       {"unit", COL_TEXT},
    {"aspirational", COL_BOOL}, {"actual", COL_NUMBER},   {"completion", COL_NUMBER},
    {"text", COL_FLEX},
};

static int indicator_row(wp_indicator *ind, void *payload)
{
    table *t = payload;
    const wp_node *n = wp_indicator_node(ind);
    double actual = wp_indicator_actual(ind), ratio = wp_indicator_completion(ind);
    table_add(t, cli_plan_id(wp_node_plan(n)));
    table_add(t, cli_node_id(n));
    table_add(t, wp_indicator_subject(ind));
    table_add(t, wp_op_name(wp_indicator_op(ind)));
    table_addf(t, "%.15g", wp_indicator_value(ind));
    table_add(t, wp_indicator_unit(ind));
    table_add(t, wp_indicator_aspirational(ind) ? "yes" : "no");
    if (isnan(actual))
        table_add(t, NULL);
    else
        table_addf(t, "%.15g", actual);
    if (isnan(ratio))
        table_add(t, NULL);
    else
        table_addf(t, "%.0f", ratio * 100);
    return table_add(t, wp_indicator_text(ind));
}

int cmd_indicators(int argc, char **argv)
{
    listing_args a;
    table *t;
    int rc = parse_listing(argc, argv, indicators_usage, false, &a);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if ((t = table_new(indicator_cols, sizeof indicator_cols / sizeof indicator_cols[0])) == NULL)
        rc = cli_error(CLI_BAD, "indicators: out of memory");
    for (size_t i = 0; rc == 0 && i < wp_collection_count(a.coll); i++)
        if (wp_plan_foreach_indicator(wp_collection_plan(a.coll, i), a.query, indicator_row, t) != 0)
            rc = cli_fail(a.file);
    if (rc == 0)
        cli_print_table(t, a.format);
    table_free(t);
    free_listing(&a);
    return rc;
}

/* ---- overdue ------------------------------------------------------------- */

static const char overdue_usage[] =
    "usage: workplan overdue [--as-of DATE] [--format FMT] FILE [QUERY]\n"
    "\n"
    "The nodes of the plans in FILE whose deadline ended before DATE (default:\n"
    "today) and whose status is not done, cancelled or extended; with QUERY,\n"
    "only those that also match it.\n"
    "\n"
    "  -a, --as-of DATE   the date to judge by, YYYY-MM-DD (default today)\n"
    "  -f, --format FMT   table (default), tsv, csv, json or ids\n"
    "  -q, --query Q      only nodes that also match Q\n"
    "  -h, --help         this help\n"
    "\n"
    "Columns: plan id due days_late status units title.\n";

static const table_column overdue_cols[] = {
    {"plan", COL_TEXT},     {"id", COL_TEXT},     {"due", COL_TEXT},
    {"days_late", COL_NUMBER}, {"status", COL_TEXT}, {"units", COL_TEXT},
    {"title", COL_FLEX},
};

/* Days since 1970-01-01 of a date (Howard Hinnant's days_from_civil). */
static long days(wp_date d)
{
    long y = wp_date_year(d), m = wp_date_month(d), dd = wp_date_day(d);
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

typedef struct overdue_ctx {
    table *t;
    wp_date as_of;
} overdue_ctx;

static int overdue_row(wp_node *n, void *payload)
{
    overdue_ctx *o = payload;
    const wp_deadline *dl = wp_node_deadline(n);
    const char *title = wp_node_title(n) ? wp_node_title(n) : wp_node_text(n);
    char due[16] = "";
    char *units = cli_units_string(n, true);
    int rc;
    wp_date_format(due, sizeof due, dl->end);
    rc = table_add(o->t, cli_plan_id(wp_node_plan(n))) | table_add(o->t, cli_node_id(n)) |
         table_add(o->t, due) | table_addf(o->t, "%ld", days(o->as_of) - days(dl->end)) |
         table_add(o->t, wp_status_name(wp_node_status(n))) | table_add(o->t, units) |
         table_add(o->t, title);
    free(units);
    return rc;
}

int cmd_overdue(int argc, char **argv)
{
    listing_args a;
    overdue_ctx o = {NULL, 0};
    wp_query *q = NULL;
    int rc = parse_listing(argc, argv, overdue_usage, true, &a);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    o.as_of = a.as_of;
    if (wp_query_overdue(&q, a.as_of) < 0)
        rc = cli_fail("overdue");
    else if (a.query != NULL) {
        wp_query *both;
        rc = wp_query_and(&both, q, a.query) < 0 ? cli_fail("overdue") : 0;
        a.query = NULL; /* owned by the AND now, or freed with it */
        q = rc == 0 ? both : NULL;
    }
    if (rc == 0 && (o.t = table_new(overdue_cols, sizeof overdue_cols / sizeof overdue_cols[0])) == NULL)
        rc = cli_error(CLI_BAD, "overdue: out of memory");
    if (rc == 0 && wp_collection_foreach(q, a.coll, overdue_row, &o) != 0)
        rc = cli_fail(a.file);
    if (rc == 0)
        cli_print_table(o.t, a.format);
    table_free(o.t);
    wp_query_free(q);
    free_listing(&a);
    return rc;
}
