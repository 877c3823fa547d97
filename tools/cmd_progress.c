/*
 * The supervision workflow (督办): set a node's status, add a progress
 * report, approve it or return it. Each command loads FILE, changes one
 * node and writes the file back in the format it was read in, atomically
 * (a temporary file renamed into place: a crash leaves the old file or
 * the new one). -o writes elsewhere; FILE "-" writes to stdout.
 */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COMMON_OPTIONS                                                               \
    "  -p, --plan ID      the plan, when FILE holds several with that node id\n" \
    "  -o, --output OUT   write there instead of back to FILE (\"-\": stdout)\n"  \
    "  -h, --help         this help\n"

static const char status_usage[] =
    "usage: workplan status [--plan ID] [-o OUT] FILE NODE STATUS\n"
    "\n"
    "Set the status of node NODE to STATUS: not_started, in_progress, done,\n"
    "delayed, extended or cancelled.\n"
    "\n" COMMON_OPTIONS;

static const char progress_usage[] =
    "usage: workplan progress --date DATE [--unit UNIT] [--percent P] [--text TEXT]\n"
    "                         [--actual IND=VALUE]... [--state STATE]\n"
    "                         [--plan ID] [-o OUT] FILE NODE\n"
    "\n"
    "Add a progress report to node NODE.\n"
    "\n"
    "  -d, --date DATE       the report's date, YYYY-MM-DD (default today)\n"
    "  -u, --unit UNIT       the reporting unit (name, alias or unit id)\n"
    "  -P, --percent P       percent done, 0 to 100\n"
    "  -t, --text TEXT       what was done\n"
    "  -a, --actual IND=V    the actual value V of the node's indicator IND\n"
    "                        (its 1-based number in the node, or its subject);\n"
    "                        repeat for several\n"
    "  -s, --state STATE     draft or submitted (default submitted)\n" COMMON_OPTIONS;

static const char approve_usage[] =
    "usage: workplan approve [--report N] [--plan ID] [-o OUT] FILE NODE\n"
    "\n"
    "Approve a submitted progress report of node NODE (by default its latest\n"
    "submitted one). Only approved reports count in roll-ups.\n"
    "\n"
    "  -r, --report N     the report's 1-based number on the node\n" COMMON_OPTIONS;

static const char return_usage[] =
    "usage: workplan return [--report N] [--plan ID] [-o OUT] FILE NODE\n"
    "\n"
    "Return a submitted progress report of node NODE to its unit (by default\n"
    "its latest submitted one).\n"
    "\n"
    "  -r, --report N     the report's 1-based number on the node\n" COMMON_OPTIONS;

/* What every command of the workflow shares. */
typedef struct edit {
    const char *file, *node_id, *plan_id, *out;
    wp_collection *coll;
    cli_format format;
    wp_node *node;
} edit;

static int open_edit(edit *e)
{
    wp_node *found = NULL;
    size_t hits = 0;
    if (cli_load(e->file, &e->coll, &e->format) != 0)
        return CLI_BAD;
    for (size_t i = 0; i < wp_collection_count(e->coll); i++) {
        wp_plan *p = wp_collection_plan(e->coll, i);
        wp_node *n;
        if (e->plan_id != NULL && strcmp(cli_plan_id(p), e->plan_id) != 0)
            continue;
        if ((n = wp_plan_find_node(p, e->node_id)) != NULL && !wp_node_is_removed(n)) {
            found = n;
            hits++;
        }
    }
    if (hits == 0)
        return cli_file_error(e->file, "no node '%s'%s%s", e->node_id,
                              e->plan_id ? " in plan " : "", e->plan_id ? e->plan_id : "");
    if (hits > 1)
        return cli_file_error(e->file, "node '%s' is in %zu plans: say which with --plan",
                              e->node_id, hits);
    e->node = found;
    return 0;
}

static int close_edit(edit *e, int rc)
{
    if (rc == 0) {
        const char *out = e->out ? e->out : e->file;
        rc = cli_save(out, e->coll, e->format);
    }
    wp_collection_free(e->coll);
    return rc;
}

/* Parse the options the four commands share and those of `extra`. */
typedef int (*option_fn)(int c, const char *arg, void *ctx, const char *usage);

static int parse(int argc, char **argv, const char *usage, const char *shortopts,
                 const struct option *longopts, option_fn fn, void *ctx, edit *e, int npos)
{
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        int rc;
        if (c == 'p')
            e->plan_id = optarg;
        else if (c == 'o')
            e->out = optarg;
        else if (c == ':' || c == '?' || fn == NULL)
            return cli_bad_option(usage, argv, c);
        else if ((rc = fn(c, optarg, ctx, usage)) != 0)
            return rc;
    }
    if (argc - optind != npos)
        return cli_usage_error(usage, "%s: want %s", argv[0],
                               npos == 3 ? "FILE, NODE and STATUS" : "FILE and NODE");
    e->file = argv[optind];
    e->node_id = argv[optind + 1];
    return 0;
}

/* ---- status --------------------------------------------------------------- */

int cmd_status(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"plan", required_argument, NULL, 'p'}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    edit e = {0};
    wp_status st;
    int rc;
    if (!cli_wants_help(argc, argv, status_usage))
        return CLI_OK;
    if ((rc = parse(argc, argv, status_usage, ":p:o:", longopts, NULL, NULL, &e, 3)) != 0)
        return rc;
    if (wp_status_parse(&st, argv[optind + 2]) < 0)
        return cli_usage_error(status_usage, "status: unknown status '%s'", argv[optind + 2]);
    if ((rc = open_edit(&e)) != 0) {
        wp_collection_free(e.coll);
        return rc;
    }
    rc = wp_node_set_status(e.node, st) < 0 ? cli_fail(e.file) : 0;
    return close_edit(&e, rc);
}

/* ---- progress ------------------------------------------------------------- */

typedef struct progress_opts {
    wp_date date;
    const char *unit, *text;
    double percent;
    wp_report_state state;
    char **actuals; /* "IND=VALUE", borrowed from argv */
    size_t nactuals;
} progress_opts;

static int progress_option(int c, const char *arg, void *ctx, const char *usage)
{
    progress_opts *o = ctx;
    char *end;
    switch (c) {
    case 'd':
        if (wp_date_parse(&o->date, arg) < 0)
            return cli_usage_error(usage, "progress: --date wants YYYY-MM-DD, not '%s'", arg);
        return 0;
    case 'u': o->unit = arg; return 0;
    case 't': o->text = arg; return 0;
    case 'P':
        o->percent = strtod(arg, &end);
        if (*arg == '\0' || *end || !(o->percent >= 0 && o->percent <= 100))
            return cli_usage_error(usage, "progress: --percent wants 0 to 100, not '%s'", arg);
        return 0;
    case 's':
        if (wp_report_state_parse(&o->state, arg) < 0 ||
            (o->state != WP_REPORT_DRAFT && o->state != WP_REPORT_SUBMITTED))
            return cli_usage_error(usage, "progress: --state is draft or submitted, not '%s'",
                                   arg);
        return 0;
    case 'a': {
        char **p = realloc(o->actuals, (o->nactuals + 1) * sizeof *p);
        if (p == NULL)
            return cli_error(CLI_BAD, "out of memory");
        o->actuals = p;
        o->actuals[o->nactuals++] = (char *)arg;
        return 0;
    }
    }
    return cli_usage_error(usage, "progress: unknown option");
}

/* The indicator an --actual names: its 1-based number, or its subject. */
static wp_indicator *find_indicator(const wp_node *n, const char *name, size_t len)
{
    char *end;
    unsigned long k = strtoul(name, &end, 10);
    if (end == name + len && k >= 1 && k <= wp_node_indicator_count(n))
        return wp_node_indicator(n, k - 1);
    for (size_t i = 0; i < wp_node_indicator_count(n); i++) {
        const char *s = wp_indicator_subject(wp_node_indicator(n, i));
        if (s != NULL && strlen(s) == len && memcmp(s, name, len) == 0)
            return wp_node_indicator(n, i);
    }
    return NULL;
}

static int fill_report(edit *e, progress_opts *o)
{
    wp_report *r;
    wp_unit *by = NULL;
    if (o->unit != NULL) {
        wp_plan *p = wp_node_plan(e->node);
        if ((by = wp_unit_find(p, o->unit)) == NULL && (by = wp_unit_get(p, o->unit)) == NULL)
            return cli_file_error(e->file, "plan %s has no unit '%s'", cli_plan_id(p), o->unit);
    }
    if (wp_node_add_report(&r, e->node, o->date) < 0 || wp_report_set_by(r, by) < 0 ||
        (o->text && wp_report_set_text(r, o->text) < 0) ||
        wp_report_set_percent(r, o->percent) < 0 || wp_report_set_state(r, o->state) < 0)
        return cli_fail(e->file);
    for (size_t i = 0; i < o->nactuals; i++) {
        const char *a = o->actuals[i], *eq = strrchr(a, '=');
        wp_indicator *ind;
        char *end;
        double v;
        if (eq == NULL)
            return cli_file_error(e->file, "--actual '%s': want IND=VALUE", a);
        v = strtod(eq + 1, &end);
        if (eq[1] == '\0' || *end || !isfinite(v))
            return cli_file_error(e->file, "--actual '%s': '%s' is not a number", a, eq + 1);
        if ((ind = find_indicator(e->node, a, (size_t)(eq - a))) == NULL)
            return cli_file_error(e->file, "--actual '%s': node %s has no indicator '%.*s' "
                                           "(it has %zu)", a, e->node_id, (int)(eq - a), a,
                                  wp_node_indicator_count(e->node));
        if (wp_report_set_actual(r, ind, v) < 0)
            return cli_fail(e->file);
    }
    return 0;
}

int cmd_progress(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"date", required_argument, NULL, 'd'},   {"unit", required_argument, NULL, 'u'},
        {"percent", required_argument, NULL, 'P'}, {"text", required_argument, NULL, 't'},
        {"actual", required_argument, NULL, 'a'}, {"state", required_argument, NULL, 's'},
        {"plan", required_argument, NULL, 'p'},   {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    progress_opts o = {cli_today(), NULL, NULL, NAN, WP_REPORT_SUBMITTED, NULL, 0};
    edit e = {0};
    int rc;
    if (!cli_wants_help(argc, argv, progress_usage))
        return CLI_OK;
    rc = parse(argc, argv, progress_usage, ":d:u:P:t:a:s:p:o:", longopts, progress_option, &o,
               &e, 2);
    if (rc == 0 && (rc = open_edit(&e)) == 0)
        rc = close_edit(&e, fill_report(&e, &o));
    else
        wp_collection_free(e.coll);
    free(o.actuals);
    return rc;
}

/* ---- approve / return -------------------------------------------------------- */

static int report_option(int c, const char *arg, void *ctx, const char *usage)
{
    char *end;
    unsigned long n = strtoul(arg, &end, 10);
    if (c != 'r' || *arg == '\0' || *end || n == 0)
        return cli_usage_error(usage, "--report wants a report number from 1, not '%s'", arg);
    *(size_t *)ctx = n;
    return 0;
}

static int review(int argc, char **argv, const char *usage, wp_report_state to)
{
    static const struct option longopts[] = {
        {"report", required_argument, NULL, 'r'}, {"plan", required_argument, NULL, 'p'},
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    edit e = {0};
    size_t which = 0, count;
    wp_report *r = NULL;
    int rc;
    if (!cli_wants_help(argc, argv, usage))
        return CLI_OK;
    if ((rc = parse(argc, argv, usage, ":r:p:o:", longopts, report_option, &which, &e, 2)) != 0)
        return rc;
    if ((rc = open_edit(&e)) != 0) {
        wp_collection_free(e.coll);
        return rc;
    }
    count = wp_node_report_count(e.node);
    if (which > count) {
        rc = cli_file_error(e.file, "node %s has %zu report%s, not %zu", e.node_id, count,
                            count == 1 ? "" : "s", which);
    } else if (which > 0) {
        r = wp_node_report(e.node, which - 1);
    } else {
        for (size_t i = count; i-- > 0 && r == NULL;)
            if (wp_report_state_of(wp_node_report(e.node, i)) == WP_REPORT_SUBMITTED) {
                r = wp_node_report(e.node, i);
                which = i + 1;
            }
        if (r == NULL)
            rc = cli_file_error(e.file, "node %s has no submitted report", e.node_id);
    }
    if (r != NULL && wp_report_state_of(r) != WP_REPORT_SUBMITTED)
        rc = cli_file_error(e.file, "report %zu of node %s is %s, not submitted", which,
                            e.node_id, wp_report_state_name(wp_report_state_of(r)));
    else if (r != NULL && wp_report_set_state(r, to) < 0)
        rc = cli_fail(e.file);
    return close_edit(&e, rc);
}

int cmd_approve(int argc, char **argv) { return review(argc, argv, approve_usage, WP_REPORT_APPROVED); }
int cmd_return(int argc, char **argv) { return review(argc, argv, return_usage, WP_REPORT_RETURNED); }
