/*
 * workplan export: the plans of a file in another format. Each format is
 * one entry of `formats`: a name, a line of help, and a writer that takes
 * the loaded plans and an output path ("-": stdout).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static int write_json(wp_collection *plans, const char *out) { return cli_save(out, plans, CLI_JSON); }
static int write_jsonl(wp_collection *plans, const char *out) { return cli_save(out, plans, CLI_JSONL); }
static int write_cbor(wp_collection *plans, const char *out) { return cli_save(out, plans, CLI_CBOR); }

/* --as-of for the ledger's 状态 column (NULL: today). */
static const char *ledger_as_of;

/* The ledger (one row per task, include/workplan/export.h) as CSV. */
static int write_csv(wp_collection *plans, const char *out)
{
    wp_export_options opt = WP_EXPORT_OPTIONS_INIT;
    size_t n, len = 0;
    char *buf = NULL;
    const wp_plan **v = cli_plan_array(plans, &n);
    int rc;
    if (v == NULL)
        return CLI_BAD;
    opt.as_of = ledger_as_of;
    rc = wp_export_csv(&buf, &len, v, n, &opt);
    free(v);
    if (rc < 0)
        return cli_fail(out);
    rc = cli_write_bytes(out, buf, len);
    wp_free(buf);
    return rc;
}

/* The ledger as an Excel workbook: a sheet per plan and the matrix. */
static int write_xlsx(wp_collection *plans, const char *out)
{
    wp_export_options opt = WP_EXPORT_OPTIONS_INIT;
    size_t n;
    const wp_plan **v;
    int rc;
    if (strcmp(out, "-") == 0)
        return cli_error(CLI_USAGE, "export: xlsx is written to a file: give -o FILE.xlsx");
    if ((v = cli_plan_array(plans, &n)) == NULL)
        return CLI_BAD;
    opt.as_of = ledger_as_of;
    rc = wp_export_xlsx(out, v, n, &opt);
    free(v);
    return rc < 0 ? cli_fail(out) : CLI_OK;
}

/* One line per format. */
static const struct export_format {
    const char *name;
    const char *help;
    int (*write)(wp_collection *plans, const char *out);
} formats[] = {
    {"json", "one indented JSON document (several plans: JSON Lines)", write_json},
    {"jsonl", "JSON Lines, one plan a line", write_jsonl},
    {"cbor", "the workplan CBOR format (several plans: a CBOR sequence)", write_cbor},
    {"csv", "the task ledger (RFC 4180, UTF-8 with BOM): one row per task", write_csv},
    {"xlsx", "the task ledger as an Excel workbook (needs -o FILE)", write_xlsx},
};

static void usage(FILE *out)
{
    fputs("usage: workplan export [--format FMT] [-o OUT] FILE\n"
          "\n"
          "Write the plans of FILE (CBOR, JSON or JSON Lines; \"-\": stdin) to OUT\n"
          "(default \"-\": standard output; a file is replaced atomically). What\n"
          "export writes, every command reads.\n"
          "\n"
          "  -f, --format FMT   the output format (default json):\n", out);
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        fprintf(out, "                       %-6s %s\n", formats[i].name, formats[i].help);
    fputs("  -o, --output OUT   where to write (default -)\n"
          "  --as-of DATE       csv/xlsx: the date for the 状态 column (default today)\n"
          "  -h, --help         this help\n", out);
}

int cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"as-of", required_argument, NULL, 'a'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const struct export_format *fmt = &formats[0];
    const char *out = "-", *name = NULL;
    wp_collection *coll;
    char *text = NULL;
    size_t len = 0;
    FILE *u = open_memstream(&text, &len);
    int c, rc;
    if (u == NULL)
        return cli_error(CLI_BAD, "out of memory");
    usage(u);
    fclose(u);
    rc = cli_wants_help(argc, argv, text);
    if (rc == 0) {
        free(text);
        return CLI_OK;
    }
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': name = optarg; break;
        case 'o': out = optarg; break;
        case 'a': ledger_as_of = optarg; break;
        default: rc = cli_bad_option(text, argv, c); free(text); return rc;
        }
    }
    if (name != NULL) {
        fmt = NULL;
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
            if (strcmp(name, formats[i].name) == 0)
                fmt = &formats[i];
        if (fmt == NULL) {
            rc = cli_usage_error(text, "export: unknown format '%s'", name);
            free(text);
            return rc;
        }
    }
    if (argc - optind != 1) {
        rc = cli_usage_error(text, "export: want one FILE");
        free(text);
        return rc;
    }
    free(text);
    if (cli_load(argv[optind], &coll, NULL) != 0)
        return CLI_BAD;
    rc = fmt->write(coll, out);
    wp_collection_free(coll);
    return rc;
}
