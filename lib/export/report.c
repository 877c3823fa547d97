/*
 * The HTML report: one self-contained page (inline CSS, no script, no
 * network) with each plan's outline, the responsibility matrix as a heatmap,
 * the indicators with completion bars and the overdue tasks. Tables scroll
 * sideways on a phone; every text is HTML-escaped.
 */
#include "exportx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char css[] =
    "*{box-sizing:border-box}"
    "body{margin:0;padding:12px;font:15px/1.6 'Noto Sans CJK SC','Source Han Sans SC','PingFang SC',"
    "'Microsoft YaHei',sans-serif;color:#222;background:#f6f7f9}"
    "main{max-width:1100px;margin:auto}"
    "h1{font-size:1.45em;margin:.4em 0}h2{font-size:1.2em;margin:1.4em 0 .5em;border-left:4px solid "
    "#2f6fb0;padding-left:8px}"
    ".meta{color:#666;font-size:.9em}"
    ".cards{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}"
    ".card{background:#fff;border-radius:6px;padding:8px 14px;box-shadow:0 1px 2px #0002}"
    ".card b{display:block;font-size:1.4em}"
    ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;background:#fff;border-radius:6px;"
    "box-shadow:0 1px 2px #0002}"
    "table{border-collapse:collapse;width:100%;font-size:.92em}"
    "th,td{border:1px solid #dde;padding:4px 6px;vertical-align:top;text-align:left}"
    "th{background:#e8eef6;position:sticky;top:0}"
    "td.n{text-align:center;white-space:nowrap}"
    ".heat td.n{min-width:3.2em}.heat tbody th{white-space:nowrap}.heat thead th{min-width:5em}"
    ".bar{background:#e5e7eb;border-radius:3px;height:10px;min-width:80px;position:relative}"
    ".bar span{display:block;height:100%;border-radius:3px;background:#2f9e44}"
    ".over{color:#c00000;font-weight:bold}"
    "ul.outline{background:#fff;border-radius:6px;padding:8px 8px 8px 28px;margin:0;"
    "box-shadow:0 1px 2px #0002}"
    "ul.outline ul{padding-left:1.3em}"
    "ul.outline details>summary{cursor:pointer}ul.outline li:has(>details){list-style:none}"
    ".count{color:#888;font-size:.85em}"
    "@media (max-width:600px){body{padding:6px;font-size:14px}th,td{padding:3px 4px}}";

static void esc(wp__sb *sb, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&': wp__sb_puts(sb, "&amp;"); break;
        case '<': wp__sb_puts(sb, "&lt;"); break;
        case '>': wp__sb_puts(sb, "&gt;"); break;
        case '"': wp__sb_puts(sb, "&quot;"); break;
        case '\'': wp__sb_puts(sb, "&#39;"); break;
        default: wp__sb_putc(sb, *p);
        }
    }
}

static void printf_sb(wp__sb *sb, const char *fmt, ...) WP__PRINTF(2, 3);
static void printf_sb(wp__sb *sb, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        wp__sb_put(sb, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static size_t tasks_under(const wp_node *n)
{
    size_t k = 0;
    for (const wp_node *c = wp_node_first_child(n); c; c = wp_node_next(c))
        k += wp__ledger_is_row(c) + tasks_under(c); /* as the ledger counts */
    return k;
}

/* A heading's title; else its text or its first task's, cut at 40
 * characters. */
static void short_text(wp__sb *sb, const wp_node *n)
{
    const char *t = wp_node_title(n);
    size_t chars = 0, i = 0;
    if (t == NULL && wp_node_kind_of(n) == WP_NODE_ATTACHMENT)
        t = "附件";
    if (t == NULL)
        t = wp_node_text(n);
    if (t == NULL && wp_node_first_child(n) != NULL)
        t = wp_node_text(wp_node_first_child(n));
    if (t == NULL)
        return;
    while (t[i] && chars < 40) {
        i++;
        while ((t[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    {
        wp__sb cut = {0};
        wp__sb_put(&cut, t, i);
        esc(sb, cut.s ? cut.s : "");
        if (cut.rc < 0)
            sb->rc = sb->rc < 0 ? sb->rc : cut.rc;
        wp__sb_free(&cut);
    }
    if (t[i])
        wp__sb_puts(sb, "…");
}

static bool is_heading(const wp_node *n)
{
    wp_node_kind k = wp_node_kind_of(n);
    return k != WP_NODE_TASK && k != WP_NODE_PARAGRAPH;
}

static size_t headings_under(const wp_node *first)
{
    size_t k = 0;
    for (const wp_node *n = first; n; n = wp_node_next(n))
        if (is_heading(n))
            k += 1 + headings_under(wp_node_first_child(n));
    return k;
}

static void heading_line(wp__sb *sb, const wp_node *n, int depth)
{
    wp_node_kind k = wp_node_kind_of(n);
    size_t t;
    if (wp_node_label(n)) {
        const char *label = wp_node_label(n);
        size_t ll = strlen(label);
        esc(sb, label);
        if (k == WP_NODE_SECTION)
            wp__sb_puts(sb, "、");
        else if (k == WP_NODE_POINT)
            wp__sb_puts(sb, ". ");
        else if (ll < 3 || strcmp(label + ll - 3, "）") != 0)
            wp__sb_puts(sb, " ");
    }
    short_text(sb, n);
    if (depth <= 1 && (t = tasks_under(n)) > 0)
        printf_sb(sb, " <span class=\"count\">%zu项任务</span>", t);
}

/* Headings (not tasks or paragraphs) as nested lists; each top-level
 * heading folds (details/summary, no script), open when the outline is
 * short. */
static void outline(wp__sb *sb, const wp_node *first, int depth, bool open_all)
{
    bool open = false;
    if (depth > 8)
        return;
    for (const wp_node *n = first; n; n = wp_node_next(n)) {
        bool fold;
        if (!is_heading(n))
            continue;
        if (!open) {
            wp__sb_puts(sb, depth == 0 ? "<ul class=\"outline\">" : "<ul>");
            open = true;
        }
        fold = depth == 0 && headings_under(wp_node_first_child(n)) > 0;
        wp__sb_puts(sb, "<li>");
        if (fold) {
            wp__sb_puts(sb, open_all ? "<details open><summary>" : "<details><summary>");
            heading_line(sb, n, depth);
            wp__sb_puts(sb, "</summary>");
            outline(sb, wp_node_first_child(n), depth + 1, open_all);
            wp__sb_puts(sb, "</details>");
        } else {
            heading_line(sb, n, depth);
            outline(sb, wp_node_first_child(n), depth + 1, open_all);
        }
        wp__sb_puts(sb, "</li>");
    }
    if (open)
        wp__sb_puts(sb, "</ul>");
}

static void matrix(wp__sb *sb, const wp__ledger *l)
{
    unsigned max = 1;
    for (size_t i = 0; i < l->n_units * l->n_columns; i++)
        if (l->lead[i] + l->support[i] > max)
            max = l->lead[i] + l->support[i];
    wp__sb_puts(sb, "<h2>责任矩阵</h2><p class=\"meta\">每格为该单位牵头的任务数（“配”为配合的任务数），颜色越深越多。</p>"
                    "<div class=\"scroll\"><table class=\"heat\"><thead><tr><th>责任单位</th>"
                    "<th>牵头</th><th>配合</th>");
    for (size_t c = 0; c < l->n_columns; c++) {
        wp__sb_puts(sb, "<th>");
        esc(sb, l->columns[c][0] ? l->columns[c] : "（无篇章）");
        wp__sb_puts(sb, "</th>");
    }
    wp__sb_puts(sb, "</tr></thead><tbody>");
    for (size_t u = 0; u < l->n_units; u++) {
        unsigned lead = 0, support = 0;
        for (size_t c = 0; c < l->n_columns; c++)
            lead += l->lead[u * l->n_columns + c], support += l->support[u * l->n_columns + c];
        wp__sb_puts(sb, "<tr><th>");
        esc(sb, l->units[u]);
        printf_sb(sb, "</th><td class=\"n\">%u</td><td class=\"n\">%u</td>", lead, support);
        for (size_t c = 0; c < l->n_columns; c++) {
            unsigned a = l->lead[u * l->n_columns + c], b = l->support[u * l->n_columns + c];
            double alpha = (double)(a + b) / max;
            if (a + b == 0) {
                wp__sb_puts(sb, "<td class=\"n\"></td>");
                continue;
            }
            printf_sb(sb, "<td class=\"n\" style=\"background:rgba(214,48,49,%.2f);color:%s\">",
                      0.12 + 0.78 * alpha, alpha > 0.55 ? "#fff" : "#222");
            if (a > 0 && b > 0)
                printf_sb(sb, "%u · 配%u</td>", a, b);
            else if (b > 0)
                printf_sb(sb, "配%u</td>", b);
            else
                printf_sb(sb, "%u</td>", a);
        }
        wp__sb_puts(sb, "</tr>");
    }
    if (l->n_units == 0)
        printf_sb(sb, "<tr><td colspan=\"%zu\">没有责任单位。</td></tr>", l->n_columns + 3);
    wp__sb_puts(sb, "</tbody></table></div>");
}

/* Share of the target reached, 0..100, or NAN without an actual. */
static double completion(const wp_indicator *ind)
{
    double v = wp_indicator_value(ind), a = wp_indicator_actual(ind);
    if (isnan(a))
        return NAN;
    switch (wp_indicator_op(ind)) {
    case WP_OP_LE:
    case WP_OP_LT:
        return a <= v ? 100 : (a > 0 ? 100 * v / a : 0);
    default:
        if (v <= 0)
            return a >= v ? 100 : 0;
        return a >= v ? 100 : 100 * a / v;
    }
}

static void num(wp__sb *sb, double v)
{
    if (isnan(v))
        wp__sb_puts(sb, "—");
    else
        printf_sb(sb, "%g", v);
}

static void indicators(wp__sb *sb, const wp_plan *const *plans, size_t n)
{
    size_t count = 0;
    wp__sb_puts(sb, "<h2>指标完成情况</h2><div class=\"scroll\"><table><thead><tr><th>编号</th>"
                    "<th>指标</th><th>目标</th><th>实际</th><th>完成度</th></tr></thead><tbody>");
    for (size_t p = 0; p < n; p++) {
        wp_iter *it;
        wp_event ev;
        int rc = wp_iter_new(&it, (wp_plan *)plans[p]);
        if (rc < 0) {
            sb->rc = sb->rc < 0 ? sb->rc : rc;
            return;
        }
        while ((ev = wp_iter_next(it)) != WP_EVENT_DONE) {
            const wp_node *node = wp_iter_node(it);
            if (ev != WP_EVENT_ENTER)
                continue;
            for (size_t i = 0; i < wp_node_indicator_count(node); i++) {
                const wp_indicator *ind = wp_node_indicator(node, i);
                double c = completion(ind);
                count++;
                wp__sb_puts(sb, "<tr><td class=\"n\">");
                esc(sb, wp_node_id(node));
                wp__sb_puts(sb, "</td><td>");
                esc(sb, wp_indicator_text(ind));
                wp__sb_puts(sb, "</td><td class=\"n\">");
                num(sb, wp_indicator_value(ind));
                esc(sb, wp_indicator_unit(ind));
                wp__sb_puts(sb, "</td><td class=\"n\">");
                num(sb, wp_indicator_actual(ind));
                wp__sb_puts(sb, "</td><td>");
                printf_sb(sb, "<div class=\"bar\" title=\"%.0f%%\"><span style=\"width:%.0f%%\">"
                              "</span></div>",
                          isnan(c) ? 0.0 : c, isnan(c) ? 0.0 : c);
                if (isnan(c))
                    wp__sb_puts(sb, "未报");
                else
                    printf_sb(sb, "%.0f%%", c);
                wp__sb_puts(sb, "</td></tr>");
            }
        }
        wp_iter_free(it);
    }
    if (count == 0)
        wp__sb_puts(sb, "<tr><td colspan=\"5\">没有量化指标。</td></tr>");
    wp__sb_puts(sb, "</tbody></table></div>");
}

static void overdue(wp__sb *sb, const wp__ledger *l, const wp_plan *const *plans)
{
    size_t count = 0;
    char date[16] = "";
    wp_date_format(date, sizeof date, l->as_of);
    wp__sb_puts(sb, "<h2>逾期任务</h2><p class=\"meta\">截至 ");
    esc(sb, date);
    wp__sb_puts(sb, "，完成时限已过而未办结的任务。</p><div class=\"scroll\"><table><thead><tr>");
    if (l->corpus)
        wp__sb_puts(sb, "<th>计划</th>");
    wp__sb_puts(sb, "<th>编号</th><th>任务</th><th>牵头单位</th><th>完成时限</th><th>状态</th>"
                    "</tr></thead><tbody>");
    for (size_t i = 0; i < l->n_rows; i++) {
        const wp__ledger_row *r = &l->rows[i];
        if (!r->overdue)
            continue;
        count++;
        wp__sb_puts(sb, "<tr>");
        if (l->corpus) {
            wp__sb_puts(sb, "<td>");
            esc(sb, wp_plan_title(plans[r->plan]));
            wp__sb_puts(sb, "</td>");
        }
        wp__sb_puts(sb, "<td class=\"n\">");
        esc(sb, r->cell[WP__COL_ID]);
        wp__sb_puts(sb, "</td><td>");
        esc(sb, r->cell[WP__COL_TASK]);
        wp__sb_puts(sb, "</td><td>");
        esc(sb, r->cell[WP__COL_LEAD]);
        wp__sb_puts(sb, "</td><td class=\"n\">");
        esc(sb, r->cell[WP__COL_DUE]);
        wp__sb_puts(sb, "</td><td class=\"n over\">");
        esc(sb, r->cell[WP__COL_STATUS]);
        wp__sb_puts(sb, "</td></tr>");
    }
    if (count == 0)
        printf_sb(sb, "<tr><td colspan=\"%d\">没有逾期任务。</td></tr>", l->corpus ? 6 : 5);
    wp__sb_puts(sb, "</tbody></table></div>");
}

int wp_export_report_html(char **out, size_t *len, const wp_plan *const *plans, size_t n,
                          const wp_export_options *options)
{
    wp__ledger l;
    wp__sb sb = {0};
    int rc;
    if ((rc = wp__export_begin(&l, out, len, plans, n, options, "wp_export_report_html")) < 0)
        return rc;
    wp__sb_puts(&sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<title>");
    esc(&sb, n == 1 && wp_plan_title(plans[0]) ? wp_plan_title(plans[0]) : "工作计划报告");
    wp__sb_puts(&sb, "</title><style>");
    wp__sb_puts(&sb, css);
    wp__sb_puts(&sb, "</style></head><body><main>\n");
    for (size_t p = 0; p < n; p++) {
        const wp_plan *plan = plans[p];
        const wp_doc_number *dn = wp_plan_doc_number(plan);
        size_t tasks = 0, late = 0, done = 0;
        for (size_t i = 0; i < l.n_rows; i++)
            if (l.rows[i].plan == p) {
                tasks++;
                late += l.rows[i].overdue;
                done += wp_node_status(l.rows[i].node) == WP_STATUS_DONE;
            }
        wp__sb_puts(&sb, "<section class=\"plan\"><h1>");
        esc(&sb, wp_plan_title(plan) ? wp_plan_title(plan) : "（无标题）");
        wp__sb_puts(&sb, "</h1><p class=\"meta\">");
        if (wp_plan_issuer(plan)) {
            esc(&sb, wp_plan_issuer(plan));
            wp__sb_puts(&sb, " · ");
        }
        if (dn && dn->text) {
            esc(&sb, dn->text);
            wp__sb_puts(&sb, " · ");
        }
        if (wp_plan_year(plan) > 0)
            printf_sb(&sb, "%d年", wp_plan_year(plan));
        wp__sb_puts(&sb, "</p><div class=\"cards\">");
        printf_sb(&sb, "<div class=\"card\">任务<b>%zu</b></div>", tasks);
        printf_sb(&sb, "<div class=\"card\">已完成<b>%zu</b></div>", done);
        printf_sb(&sb, "<div class=\"card\">逾期<b class=\"over\">%zu</b></div>", late);
        printf_sb(&sb, "<div class=\"card\">责任单位<b>%zu</b></div>", wp_plan_unit_count(plan));
        wp__sb_puts(&sb, "</div><h2>提纲</h2>");
        outline(&sb, wp_plan_first_node(plan), 0,
                headings_under(wp_plan_first_node(plan)) <= 60);
        wp__sb_puts(&sb, "</section>\n");
    }
    matrix(&sb, &l);
    indicators(&sb, plans, n);
    overdue(&sb, &l, plans);
    wp__sb_puts(&sb, "\n</main></body></html>\n");
    return wp__export_end(&l, &sb, out, len);
}
