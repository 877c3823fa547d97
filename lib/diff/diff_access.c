/*
 * Reading a wp_diff (diff.h): the names of kinds and fields, the entries,
 * their changes and edits, the metadata changes and the unit pairs; and
 * freeing it. Building it is diff.c.
 */
#include "diffx.h"

static const char *const kind_names[] = {"unchanged", "changed", "moved", "added", "removed"};
static const char *const what_names[] = {
    "title",    "text", "kind",    "indicator_added", "indicator_removed", "indicator_changed",
    "deadline", "lead", "support", "responsible",     "status",            "meta"};

const char *wp_diff_kind_name(wp_diff_kind kind)
{
    return wp__name(kind_names, sizeof kind_names / sizeof *kind_names, (int)kind);
}

const char *wp_diff_what_name(wp_diff_what what)
{
    return wp__name(what_names, sizeof what_names / sizeof *what_names, (int)what);
}

void wp_diff_free(wp_diff *diff)
{
    if (diff == NULL)
        return;
    wp__arena_release(&diff->arena);
    wp__free(diff->entries);
    wp__free(diff);
}

const wp_plan *wp_diff_old_plan(const wp_diff *d) { return d ? d->old_plan : NULL; }
const wp_plan *wp_diff_new_plan(const wp_diff *d) { return d ? d->new_plan : NULL; }
size_t wp_diff_entry_count(const wp_diff *d) { return d ? d->n_entries : 0; }

const wp_diff_entry *wp_diff_entry_at(const wp_diff *d, size_t i)
{
    return d && i < d->n_entries ? &d->entries[i] : NULL;
}

size_t wp_diff_count(const wp_diff *d, wp_diff_kind kind)
{
    return d && (unsigned)kind < 5 ? d->counts[kind] : 0;
}

wp_diff_kind wp_diff_entry_kind(const wp_diff_entry *e) { return e ? e->kind : WP_DIFF_UNCHANGED; }
wp_node *wp_diff_entry_old(const wp_diff_entry *e) { return e ? e->old_node : NULL; }
wp_node *wp_diff_entry_new(const wp_diff_entry *e) { return e ? e->new_node : NULL; }
double wp_diff_entry_score(const wp_diff_entry *e) { return e ? e->score : 0.0; }
double wp_diff_entry_similarity(const wp_diff_entry *e) { return e ? e->sim : 0.0; }
size_t wp_diff_entry_change_count(const wp_diff_entry *e) { return e ? e->n_changes : 0; }

const wp_diff_change *wp_diff_entry_change(const wp_diff_entry *e, size_t i)
{
    return e && i < e->n_changes ? &e->changes[i] : NULL;
}

wp_diff_what wp_diff_change_what(const wp_diff_change *c) { return c ? c->what : WP_DIFF_META; }
const char *wp_diff_change_field(const wp_diff_change *c) { return c ? c->field : NULL; }
const char *wp_diff_change_old_value(const wp_diff_change *c) { return c ? c->old_value : NULL; }
const char *wp_diff_change_new_value(const wp_diff_change *c) { return c ? c->new_value : NULL; }
const char *wp_diff_change_description(const wp_diff_change *c) { return c ? c->desc : NULL; }
wp_indicator *wp_diff_change_old_indicator(const wp_diff_change *c) { return c ? c->old_ind : NULL; }
wp_indicator *wp_diff_change_new_indicator(const wp_diff_change *c) { return c ? c->new_ind : NULL; }
size_t wp_diff_change_edit_count(const wp_diff_change *c) { return c ? c->n_edits : 0; }

int wp_diff_change_edit(const wp_diff_change *c, size_t i, wp_diff_op *op, size_t *offset,
                        size_t *length)
{
    if (c == NULL || i >= c->n_edits)
        return wp__err(WP_EINVAL, "wp_diff_change_edit: no edit %zu", i);
    if (op)
        *op = (wp_diff_op)c->edits[i].op;
    if (offset)
        *offset = c->edits[i].offset;
    if (length)
        *length = c->edits[i].length;
    return 0;
}

size_t wp_diff_meta_count(const wp_diff *d) { return d ? d->meta.n_changes : 0; }

const wp_diff_change *wp_diff_meta_at(const wp_diff *d, size_t i)
{
    return d && i < d->meta.n_changes ? &d->meta.changes[i] : NULL;
}

size_t wp_diff_unit_count(const wp_diff *d) { return d ? d->n_units : 0; }

int wp_diff_unit_at(const wp_diff *d, size_t i, wp_unit **old_unit, wp_unit **new_unit)
{
    if (d == NULL || i >= d->n_units)
        return wp__err(WP_EINVAL, "wp_diff_unit_at: no unit entry %zu", i);
    if (old_unit)
        *old_unit = d->units[i].old_unit;
    if (new_unit)
        *new_unit = d->units[i].new_unit;
    return d->units[i].kind;
}
