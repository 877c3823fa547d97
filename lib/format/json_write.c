/* JSON export in the shape of MODEL.md. Written by hand (it is a simple
 * printer); reading is json_tape.c (tokens) and json_read*.c (the plan). */
#include "internal.h"
#include "cborio.h"
#include "jsonx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct jw {
    wp__wbuf b;
    bool pretty;
    int depth;
    bool first; /* no member written yet at this level */
} jw;

static void raw(jw *w, const char *s) { wp__w_raw(&w->b, s, strlen(s)); }

static void newline(jw *w)
{
    if (w->pretty) {
        wp__w_raw(&w->b, "\n", 1);
        for (int i = 0; i < w->depth; i++)
            wp__w_raw(&w->b, "  ", 2);
    }
}

void wp__json_string(wp__wbuf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0;
    wp__w_raw(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        char esc[8];
        const char *e = NULL;
        switch (p[i]) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        default:
            if (p[i] < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", p[i]);
                e = esc;
            } else if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
                       (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
                /* U+2028/2029 are valid JSON but break JavaScript strings */
                e = p[i + 2] == 0xa8 ? "\\u2028" : "\\u2029";
            }
        }
        if (e != NULL) {
            wp__w_raw(b, s + i - run, run);
            run = 0;
            wp__w_raw(b, e, strlen(e));
            if (p[i] == 0xe2)
                i += 2;
        } else {
            run++;
        }
    }
    wp__w_raw(b, s + n - run, run);
    wp__w_raw(b, "\"", 1);
}

void wp__json_double(wp__wbuf *b, double v, bool keep_float)
{
    char buf[40];
    if (!keep_float && v == floor(v) && fabs(v) < 9007199254740992.0 && !(v == 0 && signbit(v))) {
        snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        /* The shortest %g that reads back to the same double. */
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, v);
            for (char *c = buf; *c; c++)
                if (*c == ',')
                    *c = '.'; /* a caller's locale must not leak in */
            if (strtod(buf, NULL) == v)
                break;
        }
        if (keep_float && strpbrk(buf, ".eE") == NULL)
            strcat(buf, ".0");
    }
    wp__w_raw(b, buf, strlen(buf));
}

static void key(jw *w, const char *k)
{
    if (!w->first)
        raw(w, ",");
    w->first = false;
    newline(w);
    wp__json_string(&w->b, k, strlen(k));
    raw(w, w->pretty ? ": " : ":");
}

static void open_obj(jw *w)
{
    raw(w, "{");
    w->depth++;
    w->first = true;
}

static void close_obj(jw *w)
{
    w->depth--;
    if (!w->first)
        newline(w);
    raw(w, "}");
    w->first = false;
}

static void open_arr(jw *w)
{
    raw(w, "[");
    w->depth++;
    w->first = true;
}

static void close_arr(jw *w)
{
    w->depth--;
    if (!w->first)
        newline(w);
    raw(w, "]");
    w->first = false;
}

/* An array element separator. */
static void elem(jw *w)
{
    if (!w->first)
        raw(w, ",");
    w->first = false;
    newline(w);
}

static void str_member(jw *w, const char *k, const char *v)
{
    if (v) {
        key(w, k);
        wp__json_string(&w->b, v, strlen(v));
    }
}

static void int_member(jw *w, const char *k, long long v)
{
    char buf[32];
    key(w, k);
    snprintf(buf, sizeof buf, "%lld", v);
    raw(w, buf);
}

static void bool_member(jw *w, const char *k, bool v)
{
    key(w, k);
    raw(w, v ? "true" : "false");
}

static void num_member(jw *w, const char *k, double v)
{
    key(w, k);
    wp__json_double(&w->b, v, false);
}

static void date_member(jw *w, const char *k, wp_date d)
{
    char buf[11];
    if (d != WP_DATE_NONE && wp_date_format(buf, sizeof buf, d) == 0)
        str_member(w, k, buf);
}

static void extra_members(jw *w, const wp__extra *x)
{
    if (x->count > 0)
        wp__json_extra(&w->b, x, w->pretty, w->depth, &w->first);
}

static void doc_number(jw *w, const char *k, const wp_doc_number *n, const wp__extra *x)
{
    key(w, k);
    open_obj(w);
    str_member(w, "text", n->text);
    str_member(w, "prefix", n->prefix);
    if (n->year)
        int_member(w, "year", n->year);
    if (n->serial)
        int_member(w, "serial", n->serial);
    extra_members(w, x);
    close_obj(w);
}

static void attrs(jw *w, const wp__attrmap *a)
{
    if (a->n == 0)
        return;
    key(w, "attrs");
    open_obj(w);
    for (uint32_t i = 0; i < a->n; i++) {
        const wp_value *v = &a->items[i].value;
        key(w, a->items[i].key);
        switch (v->type) {
        case WP_VALUE_TEXT: wp__json_string(&w->b, v->as.text, strlen(v->as.text)); break;
        case WP_VALUE_INT: {
            char buf[32];
            snprintf(buf, sizeof buf, "%lld", (long long)v->as.integer);
            raw(w, buf);
            break;
        }
        case WP_VALUE_FLOAT: wp__json_double(&w->b, v->as.real, true); break;
        default: raw(w, v->as.boolean ? "true" : "false"); break;
        }
    }
    close_obj(w);
}

static void node(jw *w, const wp_node *n)
{
    /* each actual's indicator position in O(log n), for the indicators'
     * actuals and the reports alike: built once */
    wp__indtab inds;
    if (wp__indtab_open(&inds, n) < 0)
        w->b.failed = true;
    open_obj(w);
    str_member(w, "id", n->id);
    str_member(w, "kind", wp_node_kind_name((wp_node_kind)n->kind));
    str_member(w, "label", wp__head(n)->label);
    if (wp__head(n)->number)
        int_member(w, "number", wp__head(n)->number);
    str_member(w, "title", wp__head(n)->title);
    str_member(w, "text", n->text);
    str_member(w, "category", wp__more(n)->category);
    if (n->flags & WP__HAS_DEADLINE) {
        key(w, "deadline");
        open_obj(w);
        str_member(w, "text", n->deadline.text);
        date_member(w, "start", n->deadline.start);
        date_member(w, "end", n->deadline.end);
        str_member(w, "precision", wp_precision_name(n->deadline.precision));
        bool_member(w, "aspirational", n->deadline.aspirational);
        extra_members(w, &wp__more(n)->deadline_extra);
        close_obj(w);
    }
    str_member(w, "status", wp_status_name(n->status));
    if (n->n_assigns) {
        key(w, "assignments");
        open_arr(w);
        for (uint32_t i = 0; i < n->n_assigns; i++) {
            elem(w);
            open_obj(w);
            str_member(w, "unit", wp__assign_unit(n, i)->id);
            str_member(w, "role", wp_role_name(n->assigns[i].role));
            str_member(w, "person", wp__assign_person(n, i));
            extra_members(w, wp__assign_extra(n, i));
            close_obj(w);
        }
        close_arr(w);
    }
    if (wp__nind(n)) {
        /* every indicator's actual in one pass over the reports */
        double *actuals = wp__malloc(wp__nind(n) * sizeof *actuals);
        if (actuals == NULL || wp__node_actuals(n, &inds, actuals) < 0) {
            w->b.failed = true; /* the output is dropped: write on without them */
            wp__free(actuals);
            actuals = NULL;
        }
        key(w, "indicators");
        open_arr(w);
        for (uint32_t i = 0; i < wp__nind(n); i++) {
            const wp_indicator *ind = wp__ind(n, i);
            double actual = actuals != NULL ? actuals[i] : NAN;
            elem(w);
            open_obj(w);
            str_member(w, "text", ind->text);
            str_member(w, "subject", ind->subject);
            str_member(w, "op", wp_op_name(ind->op));
            num_member(w, "value", ind->value);
            str_member(w, "unit", ind->unit);
            bool_member(w, "aspirational", ind->aspirational);
            bool_member(w, "cumulative", ind->cumulative);
            if (!isnan(ind->baseline))
                num_member(w, "baseline", ind->baseline);
            if (!isnan(ind->max))
                num_member(w, "max", ind->max);
            if (!isnan(actual))
                num_member(w, "actual", actual);
            extra_members(w, &ind->extra);
            close_obj(w);
        }
        close_arr(w);
        wp__free(actuals);
    }
    if (wp__more(n)->reports.n) {
        key(w, "progress");
        open_arr(w);
        for (uint32_t i = 0; i < wp__more(n)->reports.n; i++) {
            const wp_report *r = wp__more(n)->reports.items[i];
            elem(w);
            open_obj(w);
            date_member(w, "date", r->date);
            if (r->by)
                str_member(w, "by", r->by->id);
            str_member(w, "text", r->text);
            if (!isnan(r->percent))
                num_member(w, "percent", r->percent);
            str_member(w, "state", wp_report_state_name(r->state));
            if (r->n_actuals) {
                key(w, "actuals");
                open_arr(w);
                for (uint32_t k = 0; k < r->n_actuals; k++) {
                    elem(w);
                    open_obj(w);
                    int_member(w, "indicator", (long long)wp__indtab_find(&inds, r->actuals[k].indicator));
                    num_member(w, "value", r->actuals[k].value);
                    close_obj(w);
                }
                close_arr(w);
            }
            extra_members(w, &r->extra);
            close_obj(w);
        }
        close_arr(w);
    }
    wp__indtab_close(&inds);
    size_t src_off, src_len;
    if (wp__node_src(n, &src_off, &src_len)) {
        key(w, "source");
        open_obj(w);
        int_member(w, "offset", (long long)src_off);
        int_member(w, "length", (long long)src_len);
        close_obj(w);
    }
    attrs(w, &wp__more(n)->attrs);
    if (wp__first(n)) {
        key(w, "children");
        open_arr(w);
        for (const wp_node *c = wp__first(n); c; c = wp__next(c)) {
            elem(w);
            node(w, c);
        }
        close_arr(w);
    }
    extra_members(w, &wp__more(n)->extra);
    close_obj(w);
}

static void text_list(jw *w, const char *k, const wp__ptrvec *v)
{
    if (v->n == 0)
        return;
    key(w, k);
    open_arr(w);
    for (uint32_t i = 0; i < v->n; i++) {
        elem(w);
        wp__json_string(&w->b, v->items[i], strlen(v->items[i]));
    }
    close_arr(w);
}

static void plan(jw *w, const wp_plan *p)
{
    open_obj(w);
    str_member(w, "id", p->id);
    str_member(w, "kind", wp_plan_kind_name(p->kind));
    str_member(w, "title", p->title);
    str_member(w, "issuer", p->issuer);
    if (p->has_doc_number)
        doc_number(w, "doc_number", &p->doc_number, &p->doc_number_extra);
    date_member(w, "issued", p->issued);
    date_member(w, "published", p->published);
    str_member(w, "publisher", p->publisher);
    if (p->year)
        int_member(w, "year", p->year);
    str_member(w, "script", wp_plan_script(p));
    text_list(w, "recipients", &p->recipients);
    str_member(w, "preamble", p->preamble);
    if (p->references.n) {
        key(w, "references");
        open_arr(w);
        for (uint32_t i = 0; i < p->references.n; i++) {
            const wp__reference *r = p->references.items[i];
            elem(w);
            open_obj(w);
            str_member(w, "title", r->title);
            if (r->has_number)
                doc_number(w, "doc_number", &r->number, &r->number_extra);
            extra_members(w, &r->extra);
            close_obj(w);
        }
        close_arr(w);
    }
    if (p->attachments.n) {
        key(w, "attachments");
        open_arr(w);
        for (uint32_t i = 0; i < p->attachments.n; i++) {
            const wp__attachment *a = p->attachments.items[i];
            elem(w);
            open_obj(w);
            str_member(w, "title", a->title);
            extra_members(w, &a->extra);
            close_obj(w);
        }
        close_arr(w);
    }
    if (p->units.n) {
        key(w, "units");
        open_arr(w);
        for (uint32_t i = 0; i < p->units.n; i++) {
            const wp_unit *u = p->units.items[i];
            elem(w);
            open_obj(w);
            str_member(w, "id", u->id);
            str_member(w, "name", u->name);
            key(w, "aliases");
            open_arr(w);
            for (uint32_t k = 0; k < u->aliases.n; k++) {
                elem(w);
                wp__json_string(&w->b, u->aliases.items[k], strlen(u->aliases.items[k]));
            }
            close_arr(w);
            extra_members(w, &u->extra);
            close_obj(w);
        }
        close_arr(w);
    }
    attrs(w, &wp__more(&p->root)->attrs);
    if (wp__first(&p->root)) {
        key(w, "nodes");
        open_arr(w);
        for (const wp_node *c = wp__first(&p->root); c; c = wp__next(c)) {
            elem(w);
            node(w, c);
        }
        close_arr(w);
    }
    extra_members(w, &p->extra);
    close_obj(w);
}

int wp_plan_to_json(char **out, size_t *out_len, const wp_plan *p, unsigned flags)
{
    jw w = {{NULL, 0, 0, false}, (flags & WP_JSON_PRETTY) != 0, 0, true};
    if (out == NULL || p == NULL)
        return wp__err(WP_EINVAL, "wp_plan_to_json: NULL argument");
    *out = NULL;
    if (flags & ~(unsigned)WP_JSON_PRETTY)
        return wp__err(WP_EINVAL, "wp_plan_to_json: unknown flags 0x%x", flags);
    open_obj(&w);
    str_member(&w, "format", "workplan");
    int_member(&w, "version", 1);
    key(&w, "plan");
    plan(&w, p);
    extra_members(&w, &p->doc_extra);
    close_obj(&w);
    if (w.pretty)
        raw(&w, "\n");
    wp__w_raw(&w.b, "", 1); /* the NUL */
    if (w.b.failed) {
        wp__free(w.b.data);
        return wp__err_nomem();
    }
    *out = (char *)w.b.data;
    if (out_len)
        *out_len = w.b.len - 1;
    return 0;
}
