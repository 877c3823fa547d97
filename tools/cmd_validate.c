/*
 * workplan validate: what is wrong in files of plans, and where. A file
 * or a plan of a corpus that does not load is reported with its position
 * (file:line: or file: byte N:), and the plans after it are still checked; the plans that load are checked for what the format
 * allows but a supervisor would not: tasks no unit answers for, nodes
 * without ids, deadlines that end before they start, approved reports
 * without a unit, reports dated in the future, duplicate plan ids, units
 * nobody is assigned to.
 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: workplan validate [--strict] [--quiet] FILE...\n"
    "\n"
    "Check each FILE of plans (CBOR, JSON or JSON Lines; \"-\": stdin). Each\n"
    "problem is printed on stdout as\n"
    "  FILE: plan ID: node ID: error|warning: what\n"
    "and a file that does not load as FILE:LINE:COLUMN: or FILE: byte N: on\n"
    "stderr. Errors: a file that does not load, a node without an id, a\n"
    "deadline that ends before it starts, duplicate plan ids. Warnings: a\n"
    "plan without title, a task without a responsible unit (own or\n"
    "inherited), an approved report without a reporting unit, a report dated\n"
    "after today, a unit nobody is assigned to. In a corpus, a plan that does\n"
    "not load is named and counted, and the plans after it are still checked\n"
    "(JSON Lines: always; CBOR: when the bad plan is well-formed CBOR).\n"
    "\n"
    "  -s, --strict   warnings count as errors\n"
    "  -q, --quiet    print only the closing count\n"
    "  -h, --help     this help\n"
    "\n"
    "Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 bad usage.\n";

typedef struct checker {
    const char *file;
    const wp_plan *plan;
    size_t errors, warnings;
    bool quiet;
    wp_date today;
} checker;

static void say(checker *k, const wp_node *n, bool error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void say(checker *k, const wp_node *n, bool error, const char *fmt, ...)
{
    va_list ap;
    if (error)
        k->errors++;
    else
        k->warnings++;
    if (k->quiet)
        return;
    printf("%s: plan %s: ", k->file, cli_plan_id(k->plan));
    if (n != NULL)
        printf("node %s: ", cli_node_id(n));
    printf("%s: ", error ? "error" : "warning");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static bool has_effective_unit(const wp_node *n)
{
    for (; n != NULL; n = wp_node_parent(n))
        if (wp_node_assignment_count(n) > 0)
            return true;
    return false;
}

static void check_node(checker *k, const wp_node *n, bool *used, size_t nunits)
{
    const wp_deadline *dl = wp_node_deadline(n);
    if (wp_node_id(n) == NULL)
        say(k, n, true, "no id (every node needs one; 'workplan import' assigns them)");
    if (dl != NULL && dl->start != WP_DATE_NONE && dl->start > dl->end) {
        char a[16], b[16];
        wp_date_format(a, sizeof a, dl->start);
        wp_date_format(b, sizeof b, dl->end);
        say(k, n, true, "deadline starts %s, after its end %s", a, b);
    }
    if (wp_node_kind_of(n) == WP_NODE_TASK && !has_effective_unit(n))
        say(k, n, false, "task without a responsible unit");
    for (size_t i = 0; i < wp_node_assignment_count(n); i++)
        for (size_t u = 0; u < nunits; u++)
            if (wp_plan_unit(k->plan, u) == wp_node_assignment_unit(n, i))
                used[u] = true;
    for (size_t i = 0; i < wp_node_report_count(n); i++) {
        const wp_report *r = wp_node_report(n, i);
        if (wp_report_state_of(r) == WP_REPORT_APPROVED && wp_report_by(r) == NULL)
            say(k, n, false, "report %zu is approved but names no reporting unit", i + 1);
        if (wp_report_date(r) > k->today) {
            char d[16];
            wp_date_format(d, sizeof d, wp_report_date(r));
            say(k, n, false, "report %zu is dated %s, after today", i + 1, d);
        }
        if (wp_report_by(r) != NULL)
            for (size_t u = 0; u < nunits; u++)
                if (wp_plan_unit(k->plan, u) == wp_report_by(r))
                    used[u] = true;
    }
}

static void check_plan(checker *k, wp_plan *p)
{
    size_t nunits = wp_plan_unit_count(p);
    bool *used = calloc(nunits ? nunits : 1, sizeof *used);
    wp_iter *it;
    wp_event ev;
    k->plan = p;
    if (used == NULL || wp_iter_new(&it, p) < 0) {
        free(used);
        say(k, NULL, true, "out of memory");
        return;
    }
    if (wp_plan_title(p) == NULL)
        say(k, NULL, false, "no title");
    while ((ev = wp_iter_next(it)) != WP_EVENT_DONE)
        if (ev == WP_EVENT_ENTER)
            check_node(k, wp_iter_node(it), used, nunits);
    wp_iter_free(it);
    for (size_t u = 0; u < nunits; u++)
        if (!used[u])
            say(k, NULL, false, "unit %s (%s) is in the registry but nobody is assigned to it",
                wp_unit_id(wp_plan_unit(p, u)), wp_unit_name(wp_plan_unit(p, u)));
    free(used);
}

static int by_id(const void *a, const void *b)
{
    const char *x = wp_plan_id(*(wp_plan *const *)a), *y = wp_plan_id(*(wp_plan *const *)b);
    return strcmp(x ? x : "", y ? y : "");
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"strict", no_argument, NULL, 's'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},   {NULL, 0, NULL, 0}};
    bool strict = false, quiet = false;
    size_t errors = 0, warnings = 0, plans = 0, bad_files = 0;
    int c;
    if (!cli_wants_help(argc, argv, usage))
        return CLI_OK;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":sq", longopts, NULL)) != -1) {
        switch (c) {
        case 's': strict = true; break;
        case 'q': quiet = true; break;
        default: return cli_bad_option(usage, argv, c);
        }
    }
    if (optind == argc)
        return cli_usage_error(usage, "validate: want at least one FILE");
    for (int i = optind; i < argc; i++) {
        checker k = {strcmp(argv[i], "-") ? argv[i] : "<stdin>", NULL, 0, 0, quiet, cli_today()};
        wp_collection *coll;
        size_t n;
        wp_plan **sorted;
        size_t bad = 0; /* plans of a corpus that do not load: named, then skipped */
        if (cli_load_checked(argv[i], &coll, NULL, &bad) != 0) {
            bad_files++;
            continue;
        }
        bad_files += bad;
        n = wp_collection_count(coll);
        for (size_t j = 0; j < n; j++)
            check_plan(&k, wp_collection_plan(coll, j));
        if ((sorted = malloc((n ? n : 1) * sizeof *sorted)) != NULL) {
            for (size_t j = 0; j < n; j++)
                sorted[j] = wp_collection_plan(coll, j);
            qsort(sorted, n, sizeof *sorted, by_id);
            for (size_t j = 1; j < n; j++)
                if (by_id(&sorted[j - 1], &sorted[j]) == 0 && wp_plan_id(sorted[j]) &&
                    (j < 2 || by_id(&sorted[j - 2], &sorted[j]) != 0)) {
                    k.plan = sorted[j];
                    say(&k, NULL, true, "the plan id is used by more than one plan of the file");
                }
            free(sorted);
        }
        plans += n;
        errors += k.errors;
        warnings += k.warnings;
        wp_collection_free(coll);
    }
    printf("%zu file%s, %zu plan%s: %zu error%s, %zu warning%s%s\n", (size_t)(argc - optind),
           argc - optind == 1 ? "" : "s", plans, plans == 1 ? "" : "s", errors + bad_files,
           errors + bad_files == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
           bad_files ? " (what does not load is named on stderr)" : "");
    return errors + bad_files > 0 || (strict && warnings > 0) ? CLI_BAD : CLI_OK;
}
