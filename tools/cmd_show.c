/* workplan show: plans as a tree, one node a line. */
#include "cli.h"
#include "table.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: workplan show FILE\n"
    "\n"
    "Print every plan of FILE (CBOR, JSON or JSON Lines; \"-\": stdin): a header\n"
    "line (id, title, kind, year, document number), then each node indented by\n"
    "depth: kind, id, title (else text), [unit(role)…], {op value unit} for\n"
    "each indicator, <due YYYY-MM-DD> and the status when it is not\n"
    "not_started. Long lines are cut to the terminal's width only when\n"
    "standard output is a terminal.\n"
    "\n"
    "  -h, --help   this help\n";

static void print_node(const wp_node *n, bool tty, size_t width)
{
    const char *t = wp_node_title(n) ? wp_node_title(n) : wp_node_text(n);
    char *line = NULL, *units;
    size_t len = 0;
    FILE *f = open_memstream(&line, &len);
    if (f == NULL)
        return;
    fprintf(f, "%*s%s %s %s", 2 * wp_node_depth(n), "", wp_node_kind_name(wp_node_kind_of(n)),
            cli_node_id(n), t ? t : "");
    units = cli_units_string(n, false);
    if (units != NULL && *units)
        fprintf(f, " [%s]", units);
    free(units);
    for (size_t i = 0; i < wp_node_indicator_count(n); i++) {
        const wp_indicator *ind = wp_node_indicator(n, i);
        fprintf(f, " {%s %g%s}", wp_op_name(wp_indicator_op(ind)), wp_indicator_value(ind),
                wp_indicator_unit(ind) ? wp_indicator_unit(ind) : "");
    }
    if (wp_node_deadline(n) != NULL) {
        char d[16];
        wp_date_format(d, sizeof d, wp_node_deadline(n)->end);
        fprintf(f, " <due %s>", d);
    }
    if (wp_node_status(n) != WP_STATUS_NOT_STARTED)
        fprintf(f, " (%s)", wp_status_name(wp_node_status(n)));
    fclose(f);
    for (char *p = line; *p; p++) /* one node, one line */
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    if (tty && text_width(line, len) > width) {
        size_t cut = text_fit(line, width - 1);
        printf("%.*s…\n", (int)cut, line);
    } else {
        printf("%s\n", line);
    }
    free(line);
}

int cmd_show(int argc, char **argv)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    wp_collection *c;
    bool tty = cli_stdout_tty();
    size_t width = tty ? terminal_width() : 0;
    int opt;
    if (!cli_wants_help(argc, argv, usage))
        return CLI_OK;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
        return cli_bad_option(usage, argv, opt);
    if (argc - optind != 1)
        return cli_usage_error(usage, "show: want one FILE");
    if (cli_load(argv[optind], &c, NULL) != 0)
        return CLI_BAD;
    for (size_t i = 0; i < wp_collection_count(c); i++) {
        wp_plan *p = wp_collection_plan(c, i);
        const wp_doc_number *dn = wp_plan_doc_number(p);
        wp_iter *it;
        wp_event ev;
        printf("plan %s: %s (%s, %d)%s%s\n", cli_plan_id(p),
               wp_plan_title(p) ? wp_plan_title(p) : "", wp_plan_kind_name(wp_plan_kind_of(p)),
               wp_plan_year(p), dn ? " " : "", dn && dn->text ? dn->text : "");
        if (wp_iter_new(&it, p) < 0) {
            wp_collection_free(c);
            return cli_fail(argv[optind]);
        }
        while ((ev = wp_iter_next(it)) != WP_EVENT_DONE)
            if (ev == WP_EVENT_ENTER)
                print_node(wp_iter_node(it), tty, width);
        wp_iter_free(it);
    }
    wp_collection_free(c);
    return CLI_OK;
}
