/*
 * workplan diff OLD NEW [--format table|json] [--threshold X] [--all]
 *
 * OLD and NEW are plan files (CBOR, JSON), corpora (CBOR sequence, JSON
 * Lines) or document text (*.txt, imported on the fly). Two single plans
 * are compared node by node; otherwise the plans of the two corpora are
 * paired by issuer and kind (wp_corpus_diff) and each pair is compared.
 * The table is for a terminal: grouped by top-level section, columns
 * aligned by display width (CJK characters are two columns wide); the
 * JSON is the stable shape of doc/DIFF.md (JSON Lines for corpora).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define DIFF_USAGE                                                                        \
    "usage: workplan diff OLD NEW [--format table|json] [--threshold X] [--all]\n"          \
    "\n"                                                                                    \
    "Compare two plans (or the plans of two corpora, paired by issuer and kind):\n"         \
    "what was added, removed, moved and changed (text, targets, deadlines, units,\n"        \
    "status), grouped by section. OLD and NEW are files of plans (CBOR, JSON,\n"            \
    "JSON Lines) or documents (*.txt, imported on the fly). doc/DIFF.md.\n"                 \
    "\n"                                                                                    \
    "  --format FMT     table (default) or json\n"                                          \
    "  --threshold X    the similarity below which nodes do not match (default 0.4)\n"      \
    "  --all            list unchanged nodes too\n"                                         \
    "  -h, --help       this help\n"

static int diff_usage(void)
{
    fputs(DIFF_USAGE, stderr);
    return CLI_USAGE;
}

static int diff_fail(const char *what)
{
    const wp_error *e = wp_error_last();
    fprintf(stderr, "workplan: %s: %s (%s)\n", what, e->message, wp_error_code_name(e->code));
    return 1;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static wp_collection *load(const char *path)
{
    wp_collection *c;
    if (wp_collection_new(&c) < 0) {
        diff_fail(path);
        return NULL;
    }
    if (ends_with(path, ".txt")) {
        wp_plan *p = NULL;
        if (wp_import_file(&p, NULL, path, NULL) < 0 || wp_collection_add(c, p) < 0) {
            diff_fail(path);
            wp_plan_free(p); /* NULL, or not taken by the collection */
            wp_collection_free(c);
            return NULL;
        }
    } else if (wp_collection_load(c, path) < 0) {
        diff_fail(path);
        wp_collection_free(c);
        return NULL;
    }
    return c;
}

/* ---- display width ---------------------------------------------------------- */

/* Print `s` in exactly `cols` terminal columns: cut with … or padded. */
static void put_cols(const char *s, int cols)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen((const char *)p), i = 0;
    int used = 0, total = 0;
    /* total width, to know whether the text must be cut */
    for (utf8proc_ssize_t k = 0; k < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(p + k, len - k, &cp);
        if (step <= 0)
            break;
        total += cp == '\n' ? 1 : utf8proc_charwidth(cp);
        k += step;
    }
    int room = total > cols ? cols - 1 : cols;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(p + i, len - i, &cp);
        int w;
        if (step <= 0)
            break;
        w = cp == '\n' ? 1 : utf8proc_charwidth(cp);
        if (used + w > room)
            break;
        if (cp == '\n')
            fputc(' ', stdout);
        else
            fwrite(p + i, 1, (size_t)step, stdout);
        used += w;
        i += step;
    }
    if (total > cols) {
        fputs("…", stdout);
        used++;
    }
    for (; used < cols; used++)
        fputc(' ', stdout);
}

static const char *node_words(const wp_node *n)
{
    if (n == NULL)
        return "";
    return wp_node_title(n) ? wp_node_title(n) : wp_node_text(n) ? wp_node_text(n) : "";
}

static const wp_node *top_of(const wp_node *n)
{
    while (n && wp_node_parent(n))
        n = wp_node_parent(n);
    return n;
}

/* A text change inline: 不少于[-10-]{+12+}次 */
static void print_edits(const wp_diff_change *c)
{
    static const char *const open[] = {"", "[-", "{+"}, *const close[] = {"", "-]", "+}"};
    fputs("        ", stdout);
    for (size_t i = 0; i < wp_diff_change_edit_count(c); i++) {
        wp_diff_op op;
        size_t off, len;
        wp_diff_change_edit(c, i, &op, &off, &len);
        const char *base = op == WP_DIFF_INSERT ? wp_diff_change_new_value(c)
                                                : wp_diff_change_old_value(c);
        printf("%s%.*s%s", open[op], (int)len, base + off, close[op]);
    }
    fputc('\n', stdout);
}

/* The section a removed node is listed under: its old top-level node's
 * counterpart in the new plan when there is one (cached: removed nodes
 * come in runs). */
static const wp_node *section_of(const wp_diff *d, const wp_node *old_top)
{
    static const wp_diff *cd;
    static const wp_node *co, *cn;
    if (cd == d && co == old_top)
        return cn;
    cd = d;
    co = old_top;
    cn = old_top;
    for (size_t i = 0; i < wp_diff_entry_count(d); i++) {
        const wp_diff_entry *e = wp_diff_entry_at(d, i);
        if (wp_diff_entry_old(e) == old_top && wp_diff_entry_new(e) != NULL)
            cn = wp_diff_entry_new(e);
    }
    return cn;
}

static void print_table(const wp_diff *d, bool all)
{
    static const char *const sign[] = {"=", "~", ">", "+", "-"};
    const wp_plan *a = wp_diff_old_plan(d), *b = wp_diff_new_plan(d);
    const wp_node *section = NULL;
    printf("%s → %s\n", wp_plan_title(a) ? wp_plan_title(a) : "(untitled)",
           wp_plan_title(b) ? wp_plan_title(b) : "(untitled)");
    printf("%zu changed, %zu moved, %zu added, %zu removed, %zu unchanged\n",
           wp_diff_count(d, WP_DIFF_CHANGED), wp_diff_count(d, WP_DIFF_MOVED),
           wp_diff_count(d, WP_DIFF_ADDED), wp_diff_count(d, WP_DIFF_REMOVED),
           wp_diff_count(d, WP_DIFF_UNCHANGED));
    if (wp_diff_meta_count(d) > 0) {
        printf("\nplan\n");
        for (size_t i = 0; i < wp_diff_meta_count(d); i++) {
            const wp_diff_change *c = wp_diff_meta_at(d, i);
            printf("  ~ ");
            put_cols(wp_diff_change_field(c), 12);
            printf(" %s\n", wp_diff_change_description(c));
        }
    }
    bool units_header = false;
    for (size_t i = 0; i < wp_diff_unit_count(d); i++) {
        wp_unit *u, *v;
        int k = wp_diff_unit_at(d, i, &u, &v);
        if (k == WP_DIFF_UNCHANGED)
            continue;
        if (!units_header) {
            printf("\nunits\n");
            units_header = true;
        }
        if (k == WP_DIFF_ADDED)
            printf("  + %s\n", wp_unit_name(v));
        else if (k == WP_DIFF_REMOVED)
            printf("  - %s\n", wp_unit_name(u));
        else
            printf("  ~ %s → %s\n", wp_unit_name(u), wp_unit_name(v));
    }
    for (size_t i = 0; i < wp_diff_entry_count(d); i++) {
        const wp_diff_entry *e = wp_diff_entry_at(d, i);
        wp_diff_kind k = wp_diff_entry_kind(e);
        const wp_node *o = wp_diff_entry_old(e), *n = wp_diff_entry_new(e);
        const wp_node *top = n ? top_of(n) : section_of(d, top_of(o));
        if (k == WP_DIFF_UNCHANGED && !all)
            continue;
        if (top != section) {
            section = top;
            printf("\n%s%s%s\n", wp_node_label(top) ? wp_node_label(top) : "",
                   wp_node_label(top) && wp_node_kind_of(top) == WP_NODE_SECTION ? "、" : " ",
                   node_words(top));
        }
        printf("  %s ", sign[k]);
        put_cols(o && wp_node_id(o) ? wp_node_id(o) : "-", 10);
        fputc(' ', stdout);
        put_cols(n && wp_node_id(n) ? wp_node_id(n) : "-", 10);
        fputc(' ', stdout);
        put_cols(node_words(n ? n : o), 36);
        if (k == WP_DIFF_ADDED || k == WP_DIFF_REMOVED) {
            printf(" %s\n", wp_diff_kind_name(k));
            continue;
        }
        if (k == WP_DIFF_MOVED) {
            const wp_node *po = wp_node_parent(o), *pn = wp_node_parent(n);
            printf(" moved from %s to %s (score %.2f)\n", po && wp_node_id(po) ? wp_node_id(po) : "top",
                   pn && wp_node_id(pn) ? wp_node_id(pn) : "top", wp_diff_entry_score(e));
        } else {
            printf(" score %.2f\n", wp_diff_entry_score(e));
        }
        for (size_t j = 0; j < wp_diff_entry_change_count(e); j++) {
            const wp_diff_change *c = wp_diff_entry_change(e, j);
            printf("      %s\n", wp_diff_change_description(c));
            if (wp_diff_change_edit_count(c) > 0 && wp_diff_change_old_value(c) &&
                wp_diff_change_new_value(c))
                print_edits(c);
        }
    }
}

/* A diff as JSON; in a corpus (`change` given) one line that also says
 * whether the pair changed, like the lines of added and removed plans. */
static int print_json(const wp_diff *d, const char *change)
{
    static const char head[] = "{\"format\":\"workplan-diff\",\"version\":1,";
    char *s;
    size_t len;
    if (wp_diff_to_json(&s, &len, d, change ? WP_JSON_COMPACT : WP_JSON_PRETTY) < 0)
        return diff_fail("diff");
    if (change != NULL && strncmp(s, head, sizeof head - 1) == 0) {
        printf("%s\"change\":\"%s\",", head, change);
        fwrite(s + sizeof head - 1, 1, len - (sizeof head - 1), stdout);
    } else {
        fwrite(s, 1, len, stdout);
    }
    wp_free(s);
    return 0;
}

static void json_plan_line(const char *change, const char *side, const wp_plan *p)
{
    /* titles and ids are printed through the library's JSON of a tiny diff
     * would be overkill; escape the two strings by hand */
    printf("{\"format\":\"workplan-diff\",\"version\":1,\"change\":\"%s\",\"%s\":{", change, side);
    const char *fields[2] = {wp_plan_id(p), wp_plan_title(p)};
    const char *names[2] = {"id", "title"};
    bool first = true;
    for (int f = 0; f < 2; f++) {
        if (fields[f] == NULL)
            continue;
        printf("%s\"%s\":\"", first ? "" : ",", names[f]);
        for (const unsigned char *s = (const unsigned char *)fields[f]; *s; s++) {
            if (*s == '"' || *s == '\\')
                printf("\\%c", *s);
            else if (*s < 0x20)
                printf("\\u%04x", *s);
            else
                fputc(*s, stdout);
        }
        fputc('"', stdout);
        first = false;
    }
    if (wp_plan_year(p))
        printf("%s\"year\":%d", first ? "" : ",", wp_plan_year(p));
    printf("}}\n");
}

int cmd_diff(int argc, char **argv)
{
    const char *paths[2] = {NULL, NULL}, *format = "table";
    wp_diff_options opt = WP_DIFF_OPTIONS_INIT;
    wp_collection *ca = NULL, *cb = NULL;
    bool all = false;
    int np = 0, rc = 0;
    if (cli_wants_help(argc, argv, DIFF_USAGE) == 0)
        return CLI_OK;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            format = argv[++i];
        else if (strcmp(argv[i], "--threshold") == 0 && i + 1 < argc)
            opt.threshold = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--all") == 0)
            all = true;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return diff_usage();
        else if (np < 2)
            paths[np++] = argv[i];
        else
            return diff_usage();
    }
    bool json = strcmp(format, "json") == 0;
    if (np != 2 || (!json && strcmp(format, "table") != 0))
        return diff_usage();
    if ((ca = load(paths[0])) == NULL || (cb = load(paths[1])) == NULL) {
        wp_collection_free(ca);
        return 1;
    }
    if (wp_collection_count(ca) == 1 && wp_collection_count(cb) == 1) {
        wp_diff *d;
        if (wp_plan_diff(&d, wp_collection_plan(ca, 0), wp_collection_plan(cb, 0), &opt) < 0) {
            rc = diff_fail("diff");
        } else {
            if (json)
                rc = print_json(d, NULL);
            else
                print_table(d, all);
            wp_diff_free(d);
        }
    } else {
        size_t na = wp_collection_count(ca), nb = wp_collection_count(cb);
        const wp_plan **pa = malloc((na + 1) * sizeof *pa), **pb = malloc((nb + 1) * sizeof *pb);
        wp_diff_set *set = NULL;
        for (size_t i = 0; pa && i < na; i++)
            pa[i] = wp_collection_plan(ca, i);
        for (size_t i = 0; pb && i < nb; i++)
            pb[i] = wp_collection_plan(cb, i);
        if (pa == NULL || pb == NULL) {
            fprintf(stderr, "workplan: diff: out of memory\n");
            rc = 1;
        } else if (wp_corpus_diff(&set, pa, na, pb, nb, &opt) < 0) {
            rc = diff_fail("diff");
        } else {
            for (size_t i = 0; i < wp_corpus_diff_count(set) && rc == 0; i++) {
                const wp_plan *a, *b;
                const wp_diff *d;
                int k = wp_corpus_diff_at(set, i, &a, &b, &d);
                if (json) {
                    if (d)
                        rc = print_json(d, wp_diff_kind_name(k));
                    else
                        json_plan_line(wp_diff_kind_name(k), a ? "old" : "new", a ? a : b);
                    continue;
                }
                if (d == NULL) {
                    const wp_plan *p = a ? a : b;
                    printf("%s plan %s (%d)\n\n", a ? "removed" : "added",
                           wp_plan_title(p) ? wp_plan_title(p) : "(untitled)", wp_plan_year(p));
                    continue;
                }
                printf("==== ");
                print_table(d, all);
                printf("\n");
            }
        }
        wp_corpus_diff_free(set);
        free(pa);
        free(pb);
    }
    wp_collection_free(ca);
    wp_collection_free(cb);
    return rc;
}
