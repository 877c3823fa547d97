/*
 * wp_diff_to_json(): a diff as JSON, built with jansson in a fixed key
 * order (insertion order, which jansson keeps) so that equal diffs give
 * equal text. Shape in doc/DIFF.md.
 */
#include "diffx.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static int set(json_t *o, const char *k, json_t *v)
{
    return v == NULL || json_object_set_new(o, k, v) < 0 ? -1 : 0;
}

static int set_str(json_t *o, const char *k, const char *s)
{
    return s == NULL ? 0 : set(o, k, json_string(s));
}

static json_t *plan_ref(const wp_plan *p)
{
    json_t *o = json_object();
    if (o == NULL || set_str(o, "id", wp_plan_id(p)) < 0 ||
        set_str(o, "title", wp_plan_title(p)) < 0 ||
        (wp_plan_year(p) && set(o, "year", json_integer(wp_plan_year(p))) < 0)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *edits_json(const wp_diff_change *c)
{
    static const char *const sym[] = {"=", "-", "+"};
    json_t *a = json_array();
    for (uint32_t i = 0; a && i < c->n_edits; i++) {
        const wp__edit *e = &c->edits[i];
        const char *base = e->op == WP_DIFF_INSERT ? c->new_value : c->old_value;
        json_t *pair = json_array();
        if (pair == NULL || json_array_append_new(pair, json_string(sym[e->op])) < 0 ||
            json_array_append_new(pair, json_stringn(base + e->offset, e->length)) < 0 ||
            json_array_append_new(a, pair) < 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *change_json(const wp_diff_change *c)
{
    json_t *o = json_object();
    if (o == NULL || set_str(o, "what", wp_diff_what_name(c->what)) < 0 ||
        (c->what == WP_DIFF_META && set_str(o, "field", c->field) < 0) ||
        set_str(o, "old", c->old_value) < 0 || set_str(o, "new", c->new_value) < 0 ||
        set_str(o, "description", c->desc) < 0 ||
        (c->n_edits > 0 && set(o, "edits", edits_json(c)) < 0)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *changes_json(const wp_diff_entry *e)
{
    json_t *a = json_array();
    for (uint32_t i = 0; a && i < e->n_changes; i++)
        if (json_array_append_new(a, change_json(&e->changes[i])) < 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static double round3(double x) { return round(x * 1000.0) / 1000.0; }

static json_t *entry_json(const wp_diff_entry *e)
{
    const wp_node *n = e->new_node ? e->new_node : e->old_node;
    const char *t = wp_node_title(n) ? wp_node_title(n) : wp_node_text(n);
    json_t *o = json_object();
    if (o == NULL || set_str(o, "change", wp_diff_kind_name(e->kind)) < 0 ||
        set_str(o, "kind", wp_node_kind_name(wp_node_kind_of(n))) < 0 ||
        (e->old_node && set_str(o, "old", wp_node_id(e->old_node) ? wp_node_id(e->old_node) : "") < 0) ||
        (e->new_node && set_str(o, "new", wp_node_id(e->new_node) ? wp_node_id(e->new_node) : "") < 0) ||
        (e->old_node && e->new_node &&
         (set(o, "score", json_real(round3(e->score))) < 0 ||
          set(o, "similarity", json_real(round3(e->sim))) < 0)) ||
        set_str(o, "title", t) < 0 ||
        (e->n_changes > 0 && set(o, "changes", changes_json(e)) < 0)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *diff_json(const wp_diff *d)
{
    json_t *root = json_object(), *sum = json_object(), *meta, *units, *nodes;
    if (root == NULL || sum == NULL)
        goto fail;
    if (set_str(root, "format", "workplan-diff") < 0 || set(root, "version", json_integer(1)) < 0 ||
        set(root, "old", plan_ref(d->old_plan)) < 0 || set(root, "new", plan_ref(d->new_plan)) < 0)
        goto fail;
    for (int k = 0; k < 5; k++)
        if (set(sum, wp_diff_kind_name((wp_diff_kind)k), json_integer((json_int_t)d->counts[k])) < 0)
            goto fail;
    if (set(root, "summary", sum) < 0) {
        sum = NULL;
        goto fail;
    }
    sum = NULL;
    if (set(root, "meta", meta = changes_json(&d->meta)) < 0 || set(root, "units", units = json_array()) < 0)
        goto fail;
    for (size_t i = 0; i < d->n_units; i++) {
        json_t *u = json_object();
        if (u == NULL || json_array_append_new(units, u) < 0 ||
            set_str(u, "change", wp_diff_kind_name((wp_diff_kind)d->units[i].kind)) < 0 ||
            (d->units[i].old_unit && set_str(u, "old", wp_unit_name(d->units[i].old_unit)) < 0) ||
            (d->units[i].new_unit && set_str(u, "new", wp_unit_name(d->units[i].new_unit)) < 0))
            goto fail;
    }
    if (set(root, "nodes", nodes = json_array()) < 0)
        goto fail;
    for (size_t i = 0; i < d->n_entries; i++)
        if (json_array_append_new(nodes, entry_json(&d->entries[i])) < 0)
            goto fail;
    return root;
fail:
    json_decref(sum);
    json_decref(root);
    return NULL;
}

int wp_diff_to_json(char **out, size_t *out_len, const wp_diff *diff, unsigned flags)
{
    json_t *root;
    char *s;
    size_t n;
    if (out == NULL || diff == NULL)
        return wp__err(WP_EINVAL, "wp_diff_to_json: NULL argument");
    *out = NULL;
    if (out_len)
        *out_len = 0;
    if ((root = diff_json(diff)) == NULL)
        return wp__err_nomem();
    s = json_dumps(root, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6) |
                             (flags & WP_JSON_PRETTY ? JSON_INDENT(2) : JSON_COMPACT));
    json_decref(root);
    if (s == NULL)
        return wp__err_nomem();
    n = strlen(s);
    *out = wp__malloc(n + 2);
    if (*out == NULL) {
        free(s);
        return wp__err_nomem();
    }
    memcpy(*out, s, n);
    (*out)[n++] = '\n';
    (*out)[n] = '\0';
    free(s);
    if (out_len)
        *out_len = n;
    return 0;
}
