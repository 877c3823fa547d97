/* The ledger as CSV (RFC 4180), UTF-8 with a BOM for Excel. */
#include "exportx.h"

#include <ctype.h>
#include <string.h>

/* Excel, LibreOffice and Google Sheets evaluate a cell that opens with one
 * of = + - @ (or a tab or carriage return before one) as a formula: a task
 * text "=HYPERLINK(…)" from an uploaded document would run in the
 * supervisor's spreadsheet (CSV injection, OWASP). Such a cell gets a
 * leading apostrophe, which the spreadsheet shows as text; a plain number
 * (-5, +3.5) is left as it is. */
static bool formula_like(const char *s)
{
    if (s[0] == '\0' || strchr("=+-@\t\r", s[0]) == NULL)
        return false;
    const char *p = s + (s[0] == '+' || s[0] == '-'); /* a plain number: [+-]d[.d][%] */
    if (!isdigit((unsigned char)*p))
        return true;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.' && isdigit((unsigned char)p[1]))
        for (p++; isdigit((unsigned char)*p); p++)
            ;
    p += *p == '%';
    return *p != '\0';
}

static void field(wp__sb *sb, const char *s, bool first)
{
    if (!first)
        wp__sb_putc(sb, ',');
    bool guard = formula_like(s);
    if (!guard && strpbrk(s, ",\"\r\n") == NULL) {
        wp__sb_puts(sb, s);
        return;
    }
    wp__sb_putc(sb, '"');
    if (guard)
        wp__sb_putc(sb, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            wp__sb_putc(sb, '"');
        wp__sb_putc(sb, *p);
    }
    wp__sb_putc(sb, '"');
}

int wp_export_csv(char **out, size_t *len, const wp_plan *const *plans, size_t n,
                  const wp_export_options *options)
{
    wp__ledger l;
    wp__sb sb = {0};
    int rc;
    if ((rc = wp__export_begin(&l, out, len, plans, n, options, "wp_export_csv")) < 0)
        return rc;
    if (options == NULL || options->bom)
        wp__sb_puts(&sb, "\xEF\xBB\xBF");
    if (l.corpus)
        field(&sb, "计划", true);
    for (int c = 0; c < WP__N_COLS; c++)
        field(&sb, wp__ledger_headers[c], c == 0 && !l.corpus);
    wp__sb_puts(&sb, "\r\n");
    for (size_t i = 0; i < l.n_rows; i++) {
        const wp__ledger_row *r = &l.rows[i];
        if (l.corpus) {
            const char *t = wp_plan_title(plans[r->plan]);
            field(&sb, t ? t : "", true);
        }
        for (int c = 0; c < WP__N_COLS; c++)
            field(&sb, r->cell[c], c == 0 && !l.corpus);
        wp__sb_puts(&sb, "\r\n");
    }
    return wp__export_end(&l, &sb, out, len);
}
