/* The ledger as CSV (RFC 4180), UTF-8 with a BOM for Excel. */
#include "exportx.h"

#include <string.h>

static void field(wp__sb *sb, const char *s, bool first)
{
    if (!first)
        wp__sb_putc(sb, ',');
    if (strpbrk(s, ",\"\r\n") == NULL) {
        wp__sb_puts(sb, s);
        return;
    }
    wp__sb_putc(sb, '"');
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
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_export_csv: NULL argument");
    *out = NULL;
    if (len != NULL)
        *len = 0;
    if ((rc = wp__ledger_build(&l, plans, n, options, "wp_export_csv")) < 0)
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
    wp__ledger_free(&l);
    if (sb.rc < 0) {
        rc = sb.rc;
        wp__sb_free(&sb);
        return rc;
    }
    *out = sb.s;
    if (len != NULL)
        *len = sb.len;
    return 0;
}
