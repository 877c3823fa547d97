/*
 * workplan report: one self-contained HTML page (inline CSS, no script, no
 * network) with the outline, the responsibility matrix as a heatmap, the
 * targets with completion bars and the overdue list, for the plans of one
 * or more files (wp_export_report_html).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char report_usage[] =
    "usage: workplan report [--as-of DATE] [-o OUT] FILE...\n"
    "\n"
    "Write an HTML report of the plans in FILE... (CBOR, JSON or JSON Lines;\n"
    "\"-\": stdin): the outline, the responsibility matrix as a heatmap, the\n"
    "targets with completion bars and the overdue list. One file, readable on\n"
    "a phone, that needs no network and no JavaScript.\n"
    "\n"
    "  -o, --output OUT   where to write (default -: standard output; a file is\n"
    "                     replaced atomically)\n"
    "  --as-of DATE       the date for what is overdue (default today)\n"
    "  -h, --help         this help\n";

int cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"as-of", required_argument, NULL, 'a'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    wp_export_options opt = WP_EXPORT_OPTIONS_INIT;
    const char *out = "-";
    const wp_plan **v = NULL;
    char *html = NULL;
    size_t n = 0, len = 0;
    int c, rc;
    if (cli_wants_help(argc, argv, report_usage) == 0)
        return CLI_OK;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'a': opt.as_of = optarg; break;
        default: return cli_bad_option(report_usage, argv, c);
        }
    }
    if (optind >= argc)
        return cli_usage_error(report_usage, "report: want at least one FILE");
    /* The plans of every file, in order; the collections keep them. */
    int nfiles = argc - optind;
    wp_collection **colls = calloc((size_t)nfiles, sizeof *colls);
    if (colls == NULL)
        return cli_error(CLI_BAD, "out of memory");
    rc = CLI_OK;
    for (int i = 0; i < nfiles && rc == CLI_OK; i++) {
        if (cli_load(argv[optind + i], &colls[i], NULL) != 0)
            rc = CLI_BAD;
        else
            n += wp_collection_count(colls[i]);
    }
    if (rc == CLI_OK && (v = malloc((n + 1) * sizeof *v)) == NULL)
        rc = cli_error(CLI_BAD, "out of memory");
    if (rc == CLI_OK) {
        size_t k = 0;
        for (int i = 0; i < nfiles; i++)
            for (size_t j = 0; j < wp_collection_count(colls[i]); j++)
                v[k++] = wp_collection_plan(colls[i], j);
        if (wp_export_report_html(&html, &len, v, n, &opt) < 0)
            rc = cli_fail(out);
        else
            rc = cli_write_bytes(out, html, len);
    }
    free(v);
    wp_free(html);
    for (int i = 0; i < nfiles; i++)
        wp_collection_free(colls[i]);
    free(colls);
    return rc;
}
