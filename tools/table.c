/* Listings: aligned tables by display width, TSV, CSV, JSON, ids. */
#include "table.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utf8proc.h>

struct table {
    const table_column *cols;
    size_t ncols;
    char **cells; /* row-major, ncols per row */
    size_t n, cap;
};

int table_format_parse(const char *name)
{
    static const char *const names[] = {"table", "tsv", "csv", "json", "ids"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

table *table_new(const table_column *cols, size_t n)
{
    table *t = calloc(1, sizeof *t);
    if (t != NULL) {
        t->cols = cols;
        t->ncols = n;
    }
    return t;
}

void table_free(table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t);
}

int table_add(table *t, const char *cell)
{
    char *copy;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **p = realloc(t->cells, cap * sizeof *p);
        if (p == NULL)
            return -1;
        t->cells = p;
        t->cap = cap;
    }
    if ((copy = strdup(cell ? cell : "")) == NULL)
        return -1;
    t->cells[t->n++] = copy;
    return 0;
}

int table_addf(table *t, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int rc;
    va_start(ap, fmt);
    rc = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (rc < 0)
        return -1;
    rc = table_add(t, s);
    free(s);
    return rc;
}

size_t table_rows(const table *t) { return t->n / t->ncols; }

/* ---- display width ------------------------------------------------------- */

/* Width of one code point: utf8proc's charwidth (East Asian wide and
 * fullwidth characters take 2), control characters 0. */
static int cp_width(utf8proc_int32_t cp)
{
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 0 : w;
}

size_t text_width(const char *s, size_t len)
{
    size_t w = 0, i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) { /* invalid byte: count it as one column */
            w++;
            i++;
            continue;
        }
        w += (size_t)cp_width(cp);
        i += (size_t)k;
    }
    return w;
}

size_t text_fit(const char *s, size_t max)
{
    size_t w = 0, i = 0, len = strlen(s);
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        size_t cw = k <= 0 ? 1 : (size_t)cp_width(cp);
        if (w + cw > max)
            break;
        w += cw;
        i += k <= 0 ? 1 : (size_t)k;
    }
    return i;
}

size_t terminal_width(void)
{
    const char *c = getenv("COLUMNS");
    struct winsize ws;
    if (c != NULL && atoi(c) > 0)
        return (size_t)atoi(c);
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

/* ---- writers ------------------------------------------------------------- */

/* A cell in a one-line form: tabs and line breaks become spaces. */
static void put_flat(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        fputc(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], out);
}

void cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static bool is_number(const char *s)
{
    char *end;
    if (*s == '\0')
        return false;
    (void)strtod(s, &end);
    return *end == '\0' && strpbrk(s, "xXnN") == NULL; /* no hex, nan, inf */
}

/* A cell a spreadsheet would evaluate as a formula (= + - @, tab or CR
 * first, and not a plain number) gets a leading apostrophe: CSV injection,
 * as in wp_export_csv. */
static void put_csv(FILE *out, const char *s)
{
    bool guard = *s != '\0' && strchr("=+-@\t\r", *s) != NULL && !is_number(s);
    if (!guard && strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    if (guard)
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void print_json(const table *t, FILE *out)
{
    size_t rows = table_rows(t);
    fputs("[", out);
    for (size_t r = 0; r < rows; r++) {
        fputs(r ? ",\n {" : "\n {", out);
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = t->cells[r * t->ncols + c];
            if (c)
                fputs(", ", out);
            cli_json_string(out, t->cols[c].name);
            fputs(": ", out);
            if (*v == '\0')
                fputs("null", out);
            else if ((t->cols[c].flags & COL_NUMBER) && is_number(v))
                fputs(v, out);
            else if ((t->cols[c].flags & COL_BOOL) && (!strcmp(v, "yes") || !strcmp(v, "no")))
                fputs(*v == 'y' ? "true" : "false", out);
            else
                cli_json_string(out, v);
        }
        fputs("}", out);
    }
    fputs(rows ? "\n]\n" : "]\n", out);
}

static void pad(FILE *out, size_t n)
{
    while (n-- > 0)
        fputc(' ', out);
}

static int print_aligned(const table *t, FILE *out, bool tty, size_t width)
{
    size_t rows = table_rows(t), total = 0, flex = t->ncols;
    size_t *w = calloc(t->ncols, sizeof *w);
    if (w == NULL)
        return -1;
    for (size_t c = 0; c < t->ncols; c++) {
        w[c] = text_width(t->cols[c].name, strlen(t->cols[c].name));
        for (size_t r = 0; r < rows; r++) {
            const char *v = t->cells[r * t->ncols + c];
            size_t cw = text_width(v, strlen(v));
            if (cw > w[c])
                w[c] = cw;
        }
        total += w[c] + (c ? 2 : 0);
        if (t->cols[c].flags & COL_FLEX)
            flex = c;
    }
    /* On a terminal, the flexible column gives way first (down to 10
     * columns), then the other text columns, widest first (down to 8). */
    if (tty && flex < t->ncols && total > width) {
        size_t over = total - width, cut;
        cut = w[flex] > 10 ? (w[flex] - 10 < over ? w[flex] - 10 : over) : 0;
        w[flex] -= cut;
        over -= cut;
        while (over > 0) {
            size_t widest = t->ncols;
            for (size_t c = 0; c < t->ncols; c++)
                if (!(t->cols[c].flags & COL_NUMBER) && c != flex && w[c] > 8 &&
                    (widest == t->ncols || w[c] > w[widest]))
                    widest = c;
            if (widest == t->ncols)
                break;
            cut = w[widest] - 8 < over ? w[widest] - 8 : over;
            w[widest] -= cut;
            over -= cut;
        }
    }
    for (size_t r = 0; r <= rows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = r == 0 ? t->cols[c].name : t->cells[(r - 1) * t->ncols + c];
            size_t len = strlen(v), vw = text_width(v, len);
            bool last = c + 1 == t->ncols;
            if (c)
                fputs("  ", out);
            if (vw > w[c]) { /* cut, with an ellipsis in the last column */
                len = text_fit(v, w[c] - 1);
                vw = text_width(v, len) + 1;
                put_flat(out, v, len);
                fputs("…", out);
                if (!last)
                    pad(out, w[c] - vw);
                continue;
            }
            if ((t->cols[c].flags & COL_NUMBER) && r > 0) {
                pad(out, w[c] - vw);
                put_flat(out, v, len);
            } else {
                put_flat(out, v, len);
                if (!last)
                    pad(out, w[c] - vw);
            }
        }
        fputc('\n', out);
    }
    free(w);
    return 0;
}

int table_print(const table *t, FILE *out, table_format fmt, bool tty, size_t width)
{
    size_t rows = table_rows(t);
    switch (fmt) {
    case TABLE_TABLE:
        return print_aligned(t, out, tty, width);
    case TABLE_JSON:
        print_json(t, out);
        return 0;
    case TABLE_IDS: {
        size_t id = 0; /* the column named "id", else "node", else the first */
        for (size_t c = t->ncols; c-- > 0;)
            if (strcmp(t->cols[c].name, "id") == 0 ||
                (strcmp(t->cols[c].name, "node") == 0 && id == 0))
                id = c;
        for (size_t r = 0; r < rows; r++) {
            const char *v = t->cells[r * t->ncols + id];
            put_flat(out, v, strlen(v));
            fputc('\n', out);
        }
        return 0;
    }
    case TABLE_TSV:
    case TABLE_CSV:
        for (size_t r = 0; r <= rows; r++) {
            for (size_t c = 0; c < t->ncols; c++) {
                const char *v = r == 0 ? t->cols[c].name : t->cells[(r - 1) * t->ncols + c];
                if (c)
                    fputc(fmt == TABLE_TSV ? '\t' : ',', out);
                if (fmt == TABLE_TSV)
                    put_flat(out, v, strlen(v));
                else
                    put_csv(out, v);
            }
            fputs(fmt == TABLE_CSV ? "\r\n" : "\n", out);
        }
        return 0;
    }
    return -1;
}
