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

/* One line per format. CSV of tasks and XLSX plug in here from
 * include/workplan/export.h, e.g. {"csv", "tasks as CSV", write_csv}. */
static const struct export_format {
    const char *name;
    const char *help;
    int (*write)(wp_collection *plans, const char *out);
} formats[] = {
    {"json", "one indented JSON document (several plans: JSON Lines)", write_json},
    {"jsonl", "JSON Lines, one plan a line", write_jsonl},
    {"cbor", "the workplan CBOR format (several plans: a CBOR sequence)", write_cbor},
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
          "  -h, --help         this help\n", out);
}

int cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
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
